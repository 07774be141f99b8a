<?php
/**
 * anchor.php -- re-anchoring a post's mentions when the post changes.
 *
 * When a post that carries claims is saved, its text (text.php: the text
 * nodes of the_content as the reader filter receives it) is sent to
 * POST /articles/{id}/anchor: each mention is found again (its highlight
 * follows the passage) or orphaned (its claim joins the moderators' review
 * queue, its notice moves to the foot of the post). The SHA-1 of the text
 * anchored is kept in post meta: reader.php highlights only a text with that
 * hash. A text that changed without a save (a filter, a shortcode with live
 * output) gets a re-anchoring from WordPress cron.
 *
 * The actor is the saving user when claimtrack counts them as an editor or
 * above; otherwise (an author editing their own post, cron) the site itself,
 * "wp-site" as an editor: anchoring only follows text, it decides nothing.
 *
 * Every save of a post of a type that carries claims is also scanned for
 * passages that repeat a known claim (POST /articles/{id}/scan, in the
 * post's language): they wait as suggestions for an editor (the sidebar's
 * "Suggested repeats", rest.php), never shown to readers unless the desk
 * set scan_auto_confirm_score.
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_META_CLAIMS = '_claimtrack_claims';      /* claim ids tagged in the post */
const CLAIMTRACK_META_TEXT_SHA1 = '_claimtrack_text_sha1'; /* the text its mentions were anchored against */
const CLAIMTRACK_META_TEXT = '_claimtrack_text';           /* that text itself: pages of a split post (reader.php) */
const CLAIMTRACK_SITE_ACTOR = ['id' => 'wp-site', 'role' => 'editor'];

final class Claimtrack_Anchor
{
    private static bool $capturing = false;
    private static ?string $captured = null;

    public static function capturing(): bool
    {
        return self::$capturing;
    }

    public static function capture(string $content): string
    {
        self::$captured = $content;
        return $content;
    }

    /** The post's content as the_content hands it to reader.php's filter. */
    public static function content_of(WP_Post $post): string
    {
        $saved_post = $GLOBALS['post'] ?? null;
        $GLOBALS['post'] = $post;
        setup_postdata($post);
        self::$capturing = true;
        self::$captured = null;
        try {
            $rendered = apply_filters('the_content', $post->post_content);
        } finally {
            self::$capturing = false;
            $GLOBALS['post'] = $saved_post;
            if ($saved_post instanceof WP_Post) {
                setup_postdata($saved_post);
            }
        }
        return self::$captured ?? (string) $rendered;
    }
}

function claimtrack_anchor_hooks(): void
{
    add_action('save_post', 'claimtrack_on_save_post', 20, 2);
    /* after the post's meta and terms are saved too (its language may be among them) */
    add_action('wp_after_insert_post', 'claimtrack_on_after_insert_post', 20, 2);
    add_action('claimtrack_reanchor', 'claimtrack_on_reanchor');
}

/** The claims tagged in a post (ids). */
function claimtrack_post_claims(int $post_id): array
{
    $ids = get_post_meta($post_id, CLAIMTRACK_META_CLAIMS, true);
    return is_array($ids) ? array_values(array_map('intval', $ids)) : [];
}

function claimtrack_add_post_claim(int $post_id, int $claim_id): void
{
    $ids = claimtrack_post_claims($post_id);
    if (!in_array($claim_id, $ids, true)) {
        $ids[] = $claim_id;
        update_post_meta($post_id, CLAIMTRACK_META_CLAIMS, $ids);
    }
}

/** The text of a post as anchoring and highlighting count it. */
function claimtrack_post_text(WP_Post $post): string
{
    return claimtrack_html_text(Claimtrack_Anchor::content_of($post));
}

/**
 * Anchor the post's mentions against its current text.
 * @return array the response envelope of POST /articles/{id}/anchor
 */
function claimtrack_anchor_post(int $post_id, ?array $actor = null): array
{
    $post = get_post($post_id);
    if (!$post instanceof WP_Post) {
        return ['status' => 404, 'body' => ['error' => ['code' => 'not_found', 'message' => 'no such post']]];
    }
    if ($actor === null || $actor['role'] === 'reader') {
        $actor = CLAIMTRACK_SITE_ACTOR;
    }
    $text = claimtrack_post_text($post);
    $response = Claimtrack_Client::request('POST',
        Claimtrack_Client::path('articles', claimtrack_article_id($post_id), 'anchor'), [], ['text' => $text], $actor);
    if ($response['status'] === 200) {
        update_post_meta($post_id, CLAIMTRACK_META_TEXT_SHA1, sha1($text));
        update_post_meta($post_id, CLAIMTRACK_META_TEXT, wp_slash($text));   /* update_post_meta unslashes */
    } else {
        $error = Claimtrack_Client::error_of($response);
        error_log(sprintf('claimtrack: anchoring post %d: %d %s', $post_id, $response['status'], $error['message'] ?? ''));
    }
    return $response;
}

function claimtrack_on_save_post(int $post_id, WP_Post $post): void
{
    if (wp_is_post_revision($post_id) || wp_is_post_autosave($post_id)) {
        return;
    }
    if (claimtrack_post_claims($post_id)) {
        claimtrack_anchor_post($post_id, claimtrack_actor());
    }
}

/** Scan a saved post, once WordPress has saved all of it (wp_after_insert_post). */
function claimtrack_on_after_insert_post(int $post_id, WP_Post $post): void
{
    if (wp_is_post_revision($post_id) || wp_is_post_autosave($post_id) || $post->post_status === 'auto-draft'
        || !in_array($post->post_type, claimtrack_post_types(), true)) {
        return;
    }
    claimtrack_scan_post($post_id, claimtrack_actor());
}

/**
 * Scan the post's text for repeats of known claims, as the saving editor
 * (or the site): its pending suggestions are replaced by what is found.
 * @return array the response envelope of POST /articles/{id}/scan
 */
function claimtrack_scan_post(int $post_id, ?array $actor = null): array
{
    $post = get_post($post_id);
    $language = claimtrack_post_language($post_id);
    if (!$post instanceof WP_Post || $language === null) {
        return ['status' => 404, 'body' => null];
    }
    $text = claimtrack_post_text($post);
    if ($text === '') {
        return ['status' => 204, 'body' => null];
    }
    if ($actor === null || $actor['role'] === 'reader') {
        $actor = CLAIMTRACK_SITE_ACTOR;
    }
    $response = Claimtrack_Client::request('POST',
        Claimtrack_Client::path('articles', claimtrack_article_id($post_id), 'scan'), [],
        ['text' => $text, 'language' => $language], $actor);
    if ($response['status'] !== 200) {
        $error = Claimtrack_Client::error_of($response);
        error_log(sprintf('claimtrack: scanning post %d: %d %s', $post_id, $response['status'], $error['message'] ?? ''));
    }
    return $response;
}

/** Queue a re-anchoring by cron (once: an event already waiting is enough). */
function claimtrack_anchor_later(int $post_id): void
{
    if (claimtrack_post_claims($post_id) && !wp_next_scheduled('claimtrack_reanchor', [$post_id])) {
        wp_schedule_single_event(time(), 'claimtrack_reanchor', [$post_id]);
    }
}

function claimtrack_on_reanchor($post_id): void
{
    claimtrack_anchor_post((int) $post_id, null);
}
