<?php
/**
 * status.php -- Fact checks > Status, for administrators: whether PHP is set
 * up for the plugin (the preloaded FFI), this PHP worker's claimtrack instance
 * (opened when, how many requests it served), the database's schema version,
 * the last run of the outbound jobs, and the configuration in use (with
 * passwords and keys masked). When PHP is not set up, the screen gives the
 * command that sets it up for this installation.
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

/** The command that sets PHP up for this installation (bin/php-ini.sh, run as root). */
function claimtrack_status_setup_command(): string
{
    return CLAIMTRACK_DIR . 'bin/php-ini.sh --user www-data /etc/php/' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION
         . '/fpm/conf.d';
}

/**
 * open()'s configuration as the Status page shows it: every value that
 * grants access masked as "***" (a password in the conninfo, and the keys
 * whose name says key, secret, password or token: secrets_key,
 * checkpoint_key, a webhook secret), so that a screenshot of the page
 * gives nothing away.
 */
function claimtrack_status_config(): string
{
    $config = json_decode(Claimtrack_Client::config(), true);
    return wp_json_encode(claimtrack_status_masked(is_array($config) ? $config : []),
                          JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}

/** $value with what grants access masked (claimtrack_status_config); $key: its name, null at the top. */
function claimtrack_status_masked($value, $key = null)
{
    if (is_string($key) && preg_match('/key|secret|password|token/i', $key)) {
        return '***';
    }
    if (is_array($value)) {
        foreach ($value as $name => $item) {
            $value[$name] = claimtrack_status_masked($item, $name);
        }
        return $value;
    }
    if (!is_string($value)) {
        return $value;
    }
    /* a conninfo's password: key=value, bare or quoted ('it\'s'); and a URI's
       user:password@ (a postgresql:// conninfo, a webhook's url) */
    $value = preg_replace("/password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)/", 'password=***', $value);
    return preg_replace('#^([a-z][a-z0-9+.-]*://[^:/@\s]*):[^@/\s]*@#i', '$1:***@', $value);
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
        : (Claimtrack_Client::failure() ?? Claimtrack_Client::error_of($health)['message'] ?? '');
    $jobs = get_option('claimtrack_last_jobs');
    $rows[__('Last jobs run', 'claimtrack')] = is_array($jobs)
        ? sprintf('%s: %d %s', wp_date('Y-m-d H:i:s', $jobs['at']), $jobs['status'], wp_json_encode($jobs['body']))
        : __('never', 'claimtrack');
    $rows[__('Configuration', 'claimtrack')] = claimtrack_status_config();
    echo '<div class="wrap"><h1>', esc_html__('Claimtrack status', 'claimtrack'), '</h1>',
         '<table class="widefat striped claimtrack-status"><tbody>';
    foreach ($rows as $what => $value) {
        printf('<tr><th>%s</th><td><code>%s</code></td></tr>', esc_html($what), esc_html($value));
    }
    echo '</tbody></table>';
    if (!isset($stats)) {
        printf('<h2>%s</h2><p>%s</p><pre>%s</pre>', esc_html__('Setting PHP up', 'claimtrack'),
               esc_html__('Run this as root (it copies the files PHP preloads out of the plugin\'s folder, to /usr/local/lib/claimtrack-wordpress, and writes their php.ini lines; for mod_php give apache2 instead of fpm), then restart PHP:', 'claimtrack'),
               esc_html(claimtrack_status_setup_command()));
    }
    echo '</div>';
}
