<?php
/**
 * reader.php -- what readers get, rendered on the server: works with
 * JavaScript off, in feed readers and for crawlers.
 *
 *   the_content  the post's text with each anchored passage highlighted
 *                (text.php), followed by claimtrack's notice fragment
 *                (<aside class="ct-notices">, format=html) in the post's
 *                language (claimtrack_post_language);
 *   wp_head      the ClaimReview JSON-LD (format=jsonld) in a
 *                <script type="application/ld+json"> on the post's page;
 *   styles       claimtrack.css (claimtrack's share/claimtrack.css, copied in
 *                by the build) for the notice, reader.css for the highlights.
 *
 * Only published claims reach readers (claimtrack's rule); the calls are
 * made without an actor, as the anonymous reader every visitor is. A
 * passage is highlighted only when the post's text is the one its mentions
 * were last anchored against (the SHA-1 anchor.php keeps); otherwise the
 * notice is still shown and a re-anchoring is queued (anchor.php), so no
 * mark ever sits beside a sentence that is not the claim's.
 */
if (!defined('ABSPATH')) {
    exit;
}

/** Late, so that blocks, shortcodes, wpautop and texturize have run: their output is the text. */
const CLAIMTRACK_CONTENT_PRIORITY = 1000;

function claimtrack_reader_hooks(): void
{
    add_filter('the_content', 'claimtrack_filter_content', CLAIMTRACK_CONTENT_PRIORITY);
    add_action('wp_head', 'claimtrack_head_jsonld', 20);
    add_action('wp_enqueue_scripts', 'claimtrack_reader_styles');
    add_action('wp_footer', 'claimtrack_timing_comment', 1000);
}

/** Post types whose posts can carry claims (filter: claimtrack_post_types). */
function claimtrack_post_types(): array
{
    return (array) apply_filters('claimtrack_post_types', ['post', 'page']);
}

/**
 * The post's notices in one format, once per PHP request and post.
 * @return array|null the response envelope's body on 200, null otherwise (logged)
 */
function claimtrack_notices(int $post_id, string $format)
{
    static $cache = [];
    $key = $post_id . '/' . $format;
    if (array_key_exists($key, $cache)) {
        return $cache[$key];
    }
    $query = ['format' => $format];
    $language = claimtrack_post_language($post_id);
    if ($language !== null) {
        $query['lang'] = $language;
    }
    $response = Claimtrack_Client::request('GET',
        Claimtrack_Client::path('articles', claimtrack_article_id($post_id), 'notices'), $query);
    if ($response['status'] !== 200) {
        $error = Claimtrack_Client::error_of($response);
        error_log(sprintf('claimtrack: notices of post %d: %d %s %s', $post_id, $response['status'],
            $error['code'] ?? '', $error['message'] ?? ''));
        return $cache[$key] = null;
    }
    return $cache[$key] = $response['body'];
}

/** The post the_content is rendering, when it is one that can carry claims. */
function claimtrack_content_post(): ?WP_Post
{
    if (is_admin() || (defined('REST_REQUEST') && REST_REQUEST)) {
        return null;
    }
    $post = get_post();
    if (!$post instanceof WP_Post || !in_array($post->post_type, claimtrack_post_types(), true)
        || post_password_required($post)) {
        return null;
    }
    return $post;
}

function claimtrack_filter_content($content)
{
    if (Claimtrack_Anchor::capturing()) {
        return Claimtrack_Anchor::capture((string) $content);   /* anchor.php reads the text */
    }
    /* an automatic excerpt (wp_trim_excerpt, the feeds' description) is the
       post's own words cut short: a notice there would be read as the post's */
    if (doing_filter('get_the_excerpt')) {
        return $content;
    }
    $post = claimtrack_content_post();
    if ($post === null || !is_string($content)) {
        return $content;
    }
    $t0 = hrtime(true);
    $notices = claimtrack_notices($post->ID, 'json');
    if (!empty($notices['notices'])) {
        $html = claimtrack_notices($post->ID, 'html');
        $content = claimtrack_highlighted($post, $content, claimtrack_passages($notices['notices']))
                 . "\n" . (is_string($html) ? $html : '');
    }
    claimtrack_reader_ms((hrtime(true) - $t0) / 1e6);
    return $content;
}

/**
 * After a change readers may see (a review, a response linked), tell the
 * page caches in front of readers that the posts repeating the claim
 * changed: clean_post_cache() for each post of this site among the claim's
 * mentions (WordPress's signal, which page-cache plugins purge a post's
 * pages on), then the action claimtrack_notices_changed($post_ids,
 * $claim_id) for anything else (a CDN's purge). $claim: the claim as
 * claimtrack answered the change (its mentions' article ids). Changes
 * made outside this WordPress (another host on the database, an import)
 * reach it only through a cache's expiry or a webhook.
 */
function claimtrack_notices_changed(array $claim): void
{
    $post_ids = [];
    foreach ($claim['mentions'] ?? [] as $mention) {
        $post_id = claimtrack_post_of_article((string) ($mention['article_id'] ?? ''));
        if ($post_id !== null && !in_array($post_id, $post_ids, true)) {
            $post_ids[] = $post_id;
        }
    }
    foreach ($post_ids as $post_id) {
        clean_post_cache($post_id);
    }
    if ($post_ids) {
        do_action('claimtrack_notices_changed', $post_ids, (int) ($claim['id'] ?? 0));
    }
}

/** Milliseconds the reader's hooks took in this PHP request (calls, parsing, highlighting); adds $more. */
function claimtrack_reader_ms(float $more = 0.0): float
{
    static $total = 0.0;
    return $total += $more;
}

/** The passages of the notices' live mentions: [start, end) in code points of the post's whole text. */
function claimtrack_passages(array $notices): array
{
    $passages = [];
    foreach ($notices as $notice) {
        foreach ($notice['mentions'] ?? [] as $mention) {
            if (empty($mention['orphaned']) && isset($mention['position']['start'], $mention['position']['end'])) {
                $passages[] = ['start' => (int) $mention['position']['start'], 'end' => (int) $mention['position']['end'],
                               'claim_id' => (int) $notice['claim_id'], 'mention_id' => (int) $mention['id']];
            }
        }
    }
    return $passages;
}

/**
 * The content with the passages marked, when its text is the one the
 * mentions were last anchored against (else nothing is marked and a
 * re-anchoring is queued). A view of part of the post (claimtrack_part_shown)
 * is matched against that anchored text, kept in post meta by anchor.php:
 * see claimtrack_page_passages. A teaser cut at <!--more--> on a list of
 * posts is left unmarked (the notice still follows it), and queues nothing.
 */
function claimtrack_highlighted(WP_Post $post, string $content, array $passages): string
{
    $part = claimtrack_part_shown($post);
    $parsed = $passages && $part !== 'teaser' ? Claimtrack_Html::parse($content) : null;
    if ($parsed === null) {
        return $content;
    }
    $anchored_sha1 = (string) get_post_meta($post->ID, CLAIMTRACK_META_TEXT_SHA1, true);
    if ($part === 'page') {
        $anchored = (string) get_post_meta($post->ID, CLAIMTRACK_META_TEXT, true);
        $passages = hash_equals($anchored_sha1, sha1($anchored))
            ? claimtrack_page_passages($anchored, $parsed->text(), $passages) : [];
        if ($anchored === '') {
            claimtrack_anchor_later($post->ID);   /* anchored before the text was kept */
        }
    } elseif (!hash_equals($anchored_sha1, sha1($parsed->text()))) {
        claimtrack_anchor_later($post->ID);       /* the text changed without a save: never mark a stale offset */
        return $content;
    }
    return $parsed->highlight($passages) > 0 ? $parsed->html() : $content;
}

/**
 * How much of the post the_content is showing: "whole"; "page", one page of
 * a post split with <!--nextpage--> or, on its own page, the part after
 * <!--more--> of a post marked <!--noteaser-->; "teaser", the part before
 * <!--more--> on a list of posts.
 */
function claimtrack_part_shown(WP_Post $post): string
{
    global $multipage, $more;
    $has_more = preg_match('/<!--more(.*?)?-->/', $post->post_content) === 1;
    if ($has_more && empty($more)) {
        return 'teaser';
    }
    if (!empty($multipage) || ($has_more && strpos($post->post_content, '<!--noteaser-->') !== false)) {
        return 'page';
    }
    return 'whole';
}

/**
 * The passages of the whole text that lie on one page, in the page's
 * offsets. The page's text is found in the whole text by its start: the
 * page's text without the white space at its ends or, when that is not in
 * the whole text (a block theme appends the page links, "Pages: 1 2", to
 * the content), its longest prefix that ends at a line break and is. That
 * prefix must be found exactly once (else none: a mark must never sit
 * beside another page's copy of the same words). A passage not wholly
 * inside it is left out.
 */
function claimtrack_page_passages(string $whole, string $page, array $passages): array
{
    $lead = mb_strlen($page, 'UTF-8') - mb_strlen(ltrim($page), 'UTF-8');
    $core = trim($page);
    $at = false;
    while ($core !== '' && ($at = mb_strpos($whole, $core, 0, 'UTF-8')) === false) {
        $cut = mb_strrpos($core, "\n", 0, 'UTF-8');
        $core = $cut === false ? '' : rtrim(mb_substr($core, 0, $cut, 'UTF-8'));
    }
    if ($at === false || $core === '' || mb_strpos($whole, $core, $at + 1, 'UTF-8') !== false) {
        return [];
    }
    $shift = $at - $lead;
    $end = $at + mb_strlen($core, 'UTF-8');
    $kept = [];
    foreach ($passages as $p) {
        if ($p['start'] >= $at && $p['end'] <= $end) {
            $kept[] = ['start' => $p['start'] - $shift, 'end' => $p['end'] - $shift] + $p;
        }
    }
    return $kept;
}

function claimtrack_head_jsonld(): void
{
    if (!is_singular(claimtrack_post_types())) {
        return;
    }
    $post = get_queried_object();
    if (!$post instanceof WP_Post || post_password_required($post)) {
        return;
    }
    $t0 = hrtime(true);
    $jsonld = claimtrack_notices($post->ID, 'jsonld');
    if (is_string($jsonld) && $jsonld !== '') {
        /* claimtrack escapes <, >, &, U+2028 and U+2029 for exactly this element */
        echo '<script type="application/ld+json" class="claimtrack-claimreview">', $jsonld, "</script>\n";
    }
    claimtrack_reader_ms((hrtime(true) - $t0) / 1e6);
}

function claimtrack_reader_styles(): void
{
    if (is_singular(claimtrack_post_types()) || is_home() || is_archive()) {
        wp_enqueue_style('claimtrack', plugins_url('assets/claimtrack.css', CLAIMTRACK_FILE), [], CLAIMTRACK_VERSION);
        wp_enqueue_style('claimtrack-reader', plugins_url('assets/reader.css', CLAIMTRACK_FILE), ['claimtrack'],
                         CLAIMTRACK_VERSION);
    }
}

/**
 * With CLAIMTRACK_TIMING defined: an HTML comment at the foot of the page
 * with what the notices added to this page view (scripts/wordpress-bench.sh):
 * the claimtrack calls made, "ms" the time of the reader's hooks (the calls,
 * parsing the content, highlighting), "in_calls" the calls' share.
 */
function claimtrack_timing_comment(): void
{
    if (defined('CLAIMTRACK_TIMING') && CLAIMTRACK_TIMING) {
        printf("<!-- claimtrack: calls=%d ms=%.3f in_calls=%.3f pid=%d -->\n", Claimtrack_Client::$calls,
            claimtrack_reader_ms(), Claimtrack_Client::$elapsed_ms, getmypid());
    }
}
