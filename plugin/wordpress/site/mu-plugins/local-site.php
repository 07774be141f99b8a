<?php
/**
 * local-site.php -- a must-use plugin of the local site that scripts/wordpress.sh
 * runs (not part of the claimtrack plugin): the site lives on 127.0.0.1 with no
 * way out, so WordPress's checks for updates at wordpress.org are switched off
 * instead of failing on every cron run. It also plays the part of a page-cache
 * plugin, which cannot be installed here: the posts it would purge (each
 * clean_post_cache) are written one id a line to wp-content/uploads/purged.txt,
 * which the browser tests read.
 */
remove_action('init', 'wp_schedule_update_checks');
remove_action('wp_version_check', 'wp_version_check');
remove_action('wp_update_plugins', 'wp_update_plugins');
remove_action('wp_update_themes', 'wp_update_themes');
remove_action('admin_init', '_maybe_update_core');
remove_action('admin_init', '_maybe_update_plugins');
remove_action('admin_init', '_maybe_update_themes');
remove_action('wp_maybe_auto_update', 'wp_maybe_auto_update');
add_filter('pre_http_request', function ($preempt, $args, $url) {
    $host = wp_parse_url($url, PHP_URL_HOST);
    return in_array($host, ['127.0.0.1', 'localhost'], true) ? $preempt
        : new WP_Error('http_request_blocked', 'this local site makes no requests outside 127.0.0.1');
}, 10, 3);
add_action('clean_post_cache', function ($post_id) {
    file_put_contents(WP_CONTENT_DIR . '/uploads/purged.txt', (int) $post_id . "\n", FILE_APPEND | LOCK_EX);
});
