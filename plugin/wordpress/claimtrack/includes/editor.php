<?php
/**
 * editor.php -- the block editor's "Fact check" sidebar (assets/editor.js):
 * an editor selects a passage in a block, fills in the claim (text,
 * claimant, date, venue, language, source) and tags it; the claims of the
 * post are listed with their mentions' anchoring, and responses are linked
 * to them. The sidebar only calls rest.php's routes, through wp.apiFetch,
 * which sends the REST nonce the editor page carries.
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_LOCALES = ['ru_RU', 'kk_KZ', 'en_US'];

function claimtrack_editor_hooks(): void
{
    add_action('enqueue_block_editor_assets', 'claimtrack_editor_assets');
    add_action('init', 'claimtrack_editor_meta');
}

/**
 * The post's "claimtrack_locale" meta: the language of its notices when no
 * multilingual plugin says (client.php, claimtrack_post_language), set from
 * the sidebar; one of CLAIMTRACK_LOCALES or "" (the site's locale).
 */
function claimtrack_editor_meta(): void
{
    foreach (claimtrack_post_types() as $type) {
        register_post_meta($type, 'claimtrack_locale', [
            'type' => 'string', 'single' => true, 'default' => '', 'show_in_rest' => true,
            'sanitize_callback' => fn ($v) => in_array($v, CLAIMTRACK_LOCALES, true) ? $v : '',
            'auth_callback' => fn ($allowed, $key, $post_id) => current_user_can('edit_post', $post_id),
        ]);
    }
}

function claimtrack_editor_assets(): void
{
    $post = get_post();
    if (!$post instanceof WP_Post || !in_array($post->post_type, claimtrack_post_types(), true)
        || !claimtrack_current_user_is('editor')) {
        return;
    }
    wp_enqueue_script('claimtrack-editor', plugins_url('assets/editor.js', CLAIMTRACK_FILE),
        ['wp-plugins', 'wp-edit-post', 'wp-element', 'wp-components', 'wp-data', 'wp-api-fetch', 'wp-rich-text',
         'wp-i18n'], CLAIMTRACK_VERSION, true);
    wp_add_inline_script('claimtrack-editor', 'window.claimtrackEditor = ' . wp_json_encode([
        'postId' => $post->ID,
        'articleId' => claimtrack_article_id($post->ID),
        'language' => claimtrack_post_language($post->ID) ?? 'en',
        'today' => wp_date('Y-m-d'),
    ]) . ';', 'before');
    wp_enqueue_style('claimtrack-editor', plugins_url('assets/editor.css', CLAIMTRACK_FILE), [], CLAIMTRACK_VERSION);
}
