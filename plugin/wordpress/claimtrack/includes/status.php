<?php
/**
 * status.php -- Fact checks > Status, for administrators: whether PHP is set
 * up for the plugin (the preloaded FFI), this PHP worker's claimtrack instance
 * (opened when, how many requests it served), the database's schema version,
 * the last run of the outbound jobs, and the configuration in use (with any
 * password in the conninfo masked). When PHP is not set up, the screen gives
 * the exact php.ini lines for this installation.
 */
if (!defined('ABSPATH')) {
    exit;
}

function claimtrack_status_hooks(): void
{
    add_action('admin_menu', 'claimtrack_status_menu', 20);
}

function claimtrack_status_menu(): void
{
    add_submenu_page(CLAIMTRACK_QUEUE_PAGE, __('Claimtrack status', 'claimtrack'), __('Status', 'claimtrack'),
                     'manage_options', 'claimtrack-status', 'claimtrack_status_page');
}

/** The php.ini lines bin/php-ini.sh writes for this installation. */
function claimtrack_status_ini(): string
{
    $dir = rtrim(CLAIMTRACK_DIR, '/');
    return "ffi.enable=preload\nffi.preload=$dir/lib/ct_wp.preload.h\nopcache.enable=1\n"
         . "opcache.preload=$dir/native.php\nopcache.preload_user=www-data\n";
}

function claimtrack_status_page(): void
{
    if (!current_user_can('manage_options')) {
        wp_die(esc_html__('Sorry, you are not allowed to access this page.'), 403);
    }
    $health = Claimtrack_Client::request('GET', '/health');
    $rows = [];
    try {
        $stats = ClaimtrackNative::stats();
        $rows[__('Plugin', 'claimtrack')] = sprintf('%s %s, ABI v%d, %s', $stats['name'] ?? '?', $stats['version'] ?? '?',
                                                    $stats['abi_version'] ?? 0, Claimtrack_Client::plugin_path());
        $rows[__('This PHP worker', 'claimtrack')] = sprintf(__('pid %d: instance %s, opened in %.1f ms, %d requests served', 'claimtrack'),
            $stats['pid'], $stats['open'] ? __('open', 'claimtrack') : __('not open', 'claimtrack'), $stats['open_ms'],
            $stats['requests']);
    } catch (\Throwable $e) {
        $rows[__('PHP set-up', 'claimtrack')] = $e->getMessage();
    }
    $rows[__('Database', 'claimtrack')] = $health['status'] === 200
        ? sprintf(__('reachable, schema version %d', 'claimtrack'), $health['body']['schema_version'] ?? 0)
        : (Claimtrack_Client::error_of($health)['message'] ?? '');
    $jobs = get_option('claimtrack_last_jobs');
    $rows[__('Last jobs run', 'claimtrack')] = is_array($jobs)
        ? sprintf('%s: %d %s', wp_date('Y-m-d H:i:s', $jobs['at']), $jobs['status'], wp_json_encode($jobs['body']))
        : __('never', 'claimtrack');
    $rows[__('Configuration', 'claimtrack')] = preg_replace('/password=\S+/', 'password=***', Claimtrack_Client::config());
    echo '<div class="wrap"><h1>', esc_html__('Claimtrack status', 'claimtrack'), '</h1>',
         '<table class="widefat striped claimtrack-status"><tbody>';
    foreach ($rows as $what => $value) {
        printf('<tr><th>%s</th><td><code>%s</code></td></tr>', esc_html($what), esc_html($value));
    }
    echo '</tbody></table>';
    if (!isset($stats)) {
        printf('<h2>%s</h2><p>%s</p><pre>%s</pre>', esc_html__('Setting PHP up', 'claimtrack'),
               esc_html__('Run bin/php-ini.sh of the plugin as root, or put these lines in a file of PHP\'s conf.d (php-fpm and mod_php), then restart PHP:', 'claimtrack'),
               esc_html(claimtrack_status_ini()));
    }
    echo '</div>';
}
