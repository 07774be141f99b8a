<?php
/**
 * client.php -- the door to claimtrack.so.
 *
 * Every call is one ABI v1 request envelope, {"method", "path", "query",
 * "actor", "body"}, answered by one response envelope, {"status",
 * "content_type", "body", "headers"?} (claimtrack's docs/envelope.md). The
 * actor is always built here from the signed-in WordPress user
 * (roles.php), never taken from a browser's request.
 *
 * Configuration (claimtrack's docs/config.md), first found wins:
 *   CLAIMTRACK_CONFIG       constant in wp-config.php: open()'s JSON text;
 *   claimtrack_config       option, the same JSON text.
 *   CLAIMTRACK_PLUGIN_PATH  constant: claimtrack.so to load (default: the
 *                           plugin's lib/claimtrack.so).
 * For PHP workers the plugin fills in, when the site's JSON leaves them out,
 * "pool_size": 1 (a worker runs one request at a time: more connections
 * would never be used) and "outbound": {"workers": false} (no threads in PHP
 * workers; cron.php runs the jobs). Each PHP worker then holds exactly one
 * PostgreSQL connection, from its first claimtrack request to its exit.
 * With a "publisher" and no "publisher.proof_url", readers' notices link
 * each claim's proof at this site's REST route (rest.php,
 * /claimtrack/v1/claims/{id}/proof), in the scheme of the site's address.
 */
if (!defined('ABSPATH')) {
    exit;
}

final class Claimtrack_Client
{
    /** Milliseconds spent in claimtrack during this PHP request (open included). */
    public static float $elapsed_ms = 0.0;
    /** Calls made during this PHP request. */
    public static int $calls = 0;
    private static ?string $config = null;
    private static ?string $failure = null;

    public static function plugin_path(): string
    {
        return defined('CLAIMTRACK_PLUGIN_PATH') ? CLAIMTRACK_PLUGIN_PATH : CLAIMTRACK_DIR . 'lib/claimtrack.so';
    }

    /** open()'s configuration: the site's JSON with the PHP worker defaults filled in. */
    public static function config(): string
    {
        if (self::$config !== null) {
            return self::$config;
        }
        $text = defined('CLAIMTRACK_CONFIG') ? CLAIMTRACK_CONFIG : (string) get_option('claimtrack_config', '');
        $config = json_decode($text, true);
        if (!is_array($config)) {
            $config = [];
        }
        $config += ['pool_size' => 1];
        if (isset($config['publisher']) && is_array($config['publisher'])
            && !isset($config['publisher']['proof_url'])) {
            /* in the scheme of the site's address, whatever this request came by: a
               site served over both http and https (TLS ended at a proxy) would
               otherwise give notices two links, and each switch would reopen the
               worker's instance (the configuration is its key) */
            $scheme = wp_parse_url((string) get_option('home'), PHP_URL_SCHEME) ?: 'http';
            $config['publisher']['proof_url'] = set_url_scheme(rest_url(CLAIMTRACK_REST_NAMESPACE . '/claims/'), $scheme)
                                              . '{id}/proof';
        }
        if (!isset($config['outbound']['workers'])) {
            $config['outbound'] = (isset($config['outbound']) && is_array($config['outbound']) ? $config['outbound'] : [])
                + ['workers' => false];
        }
        self::$config = wp_json_encode($config, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        return self::$config;
    }

    /** Where the plugin's log lines go: CLAIMTRACK_LOG, else wp-content/claimtrack.log. */
    private static function log_path(): string
    {
        return defined('CLAIMTRACK_LOG') ? CLAIMTRACK_LOG : WP_CONTENT_DIR . '/claimtrack.log';
    }

    /** Why the last open failed (null when the instance is open). */
    public static function failure(): ?string
    {
        return self::$failure;
    }

    /**
     * One request through this worker's instance.
     *
     * @param string     $method GET, POST, PUT, PATCH or DELETE
     * @param string     $path   claimtrack's route path, ids percent-encoded (see path())
     * @param array      $query  query keys => string values
     * @param mixed      $body   decoded JSON (array / stdClass), or null for none
     * @param array|null $actor  ['id' => ..., 'role' => ...] or null: an anonymous reader
     * @param array      $headers request headers claimtrack reads (Idempotency-Key, If-None-Match)
     * @return array the response envelope: 'status' (int), 'content_type', 'body', 'headers'?;
     *               503 'unavailable' when the plugin cannot be opened: its message says
     *               only that (it may reach anonymous readers); the reason is logged once
     *               per attempt and kept for failure() (the Status page)
     */
    public static function request(string $method, string $path, array $query = [], $body = null, ?array $actor = null,
                                   array $headers = []): array
    {
        $t0 = hrtime(true);
        $envelope = ['method' => $method, 'path' => $path];
        if ($query) {
            $envelope['query'] = array_map('strval', $query);
        }
        if ($actor !== null) {
            $envelope['actor'] = $actor;
        }
        if ($body !== null) {
            $envelope['body'] = $body;
        }
        if ($headers) {
            $envelope['headers'] = array_map('strval', $headers);
        }
        $response = self::send($envelope);
        self::$elapsed_ms += (hrtime(true) - $t0) / 1e6;
        self::$calls++;
        return $response;
    }

    private static function send(array $envelope): array
    {
        try {
            ClaimtrackNative::open(self::plugin_path(), self::config(), self::log_path(), 1);
            self::$failure = null;
        } catch (\Throwable $e) {
            if ($e->getCode() !== 2) {           /* 2: not tried, the shim's retry wait */
                error_log($e->getMessage());
            }
            self::$failure = $e->getMessage();
            return self::error(503, 'unavailable', 'claimtrack is not available at the moment');
        }
        $json = wp_json_encode($envelope, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($json === false) {
            return self::error(400, 'invalid_utf8', 'the request is not valid UTF-8');
        }
        $raw = ClaimtrackNative::handle($json);
        $response = $raw === null ? null : json_decode($raw, true);
        if (!is_array($response) || !is_int($response['status'] ?? null)) {
            return self::error(500, 'out_of_memory', 'claimtrack gave no answer');
        }
        return $response;
    }

    private static function error(int $status, string $code, string $message): array
    {
        return ['status' => $status, 'content_type' => 'application/json',
                'body' => ['error' => ['code' => $code, 'message' => $message]]];
    }

    /** A route path from pieces: each id percent-encoded ("/articles/wp-12/notices"). */
    public static function path(string ...$segments): string
    {
        return '/' . implode('/', array_map('rawurlencode', $segments));
    }

    /** The error of a response envelope: ['code', 'message', 'field'?], or null on 2xx. */
    public static function error_of(array $response): ?array
    {
        if ($response['status'] < 300) {
            return null;
        }
        $error = $response['body']['error'] ?? [];
        return ['code' => (string) ($error['code'] ?? 'error'), 'message' => (string) ($error['message'] ?? ''),
                'field' => isset($error['field']) ? (string) $error['field'] : null];
    }
}

/** The claimtrack article id of a post: "wp-<post id>", "wp-<blog id>-<post id>" on a multisite network. */
function claimtrack_article_id(int $post_id): string
{
    return is_multisite() ? sprintf('wp-%d-%d', get_current_blog_id(), $post_id) : sprintf('wp-%d', $post_id);
}

/**
 * A claimtrack article id of this WordPress read back: ['blog' => int|null,
 * 'post' => int] for "wp-<post>" or, on a network, "wp-<blog>-<post>"
 * (claimtrack_article_id's two forms); null for any other id (another
 * host's articles share the database).
 */
function claimtrack_parse_article_id(string $article_id): ?array
{
    if (!preg_match('/^wp-(?:(\d+)-)?(\d+)$/', $article_id, $m) || ($m[1] !== '') !== is_multisite()) {
        return null;
    }
    return ['blog' => $m[1] !== '' ? (int) $m[1] : null, 'post' => (int) $m[2]];
}

/** The post of this site behind a claimtrack article id, or null (another site's, another host's). */
function claimtrack_post_of_article(string $article_id): ?int
{
    $parsed = claimtrack_parse_article_id($article_id);
    if ($parsed === null || ($parsed['blog'] !== null && $parsed['blog'] !== get_current_blog_id())) {
        return null;
    }
    return $parsed['post'];
}

/**
 * The language of a post's notices: ru, kk or en, from the post's locale
 * (Polylang's or WPML's language of the post when one of them runs, else
 * the post's "claimtrack_locale" meta, else the site's locale). null when
 * the locale is none of the three: claimtrack then uses each claim's own.
 */
function claimtrack_post_language(int $post_id): ?string
{
    $locale = '';
    if (function_exists('pll_get_post_language')) {
        $locale = (string) pll_get_post_language($post_id, 'locale');
    }
    if ($locale === '') {
        $details = apply_filters('wpml_post_language_details', null, $post_id);
        if (is_array($details) && !empty($details['locale'])) {
            $locale = (string) $details['locale'];
        }
    }
    if ($locale === '') {
        $locale = (string) get_post_meta($post_id, 'claimtrack_locale', true);
    }
    if ($locale === '') {
        $locale = get_locale();
    }
    return apply_filters('claimtrack_post_language', claimtrack_locale_language($locale), $post_id, $locale);
}

/**
 * The language of notices for a locale, as claimtrack negotiates a reader's
 * language tag: by its primary subtag, the letters before the first "_"
 * (WordPress: "ru_RU", "kk", "de_DE_formal") or "-" (BCP 47: "kk-Cyrl-KZ"),
 * in any case. ru, kk or en; null for any other language ("fil", Filipino,
 * is not "fi", nor "rue" Russian) and for an empty locale.
 */
function claimtrack_locale_language(string $locale): ?string
{
    $language = strtolower(preg_split('/[_-]/', $locale)[0]);
    return in_array($language, ['ru', 'kk', 'en'], true) ? $language : null;
}
