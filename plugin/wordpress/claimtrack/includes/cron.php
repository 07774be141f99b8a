<?php
/**
 * cron.php -- claimtrack's outbound work (archiving the sources of claims
 * and responses, webhook deliveries) from WordPress cron.
 *
 * PHP workers run no claimtrack threads ("outbound": {"workers": false},
 * client.php), so the due jobs run here, every minute, through
 * POST /jobs/run as the site: WordPress cron fires when pages are viewed,
 * or from a system timer (`curl -s https://SITE/wp-cron.php` every minute,
 * with DISABLE_WP_CRON in wp-config.php). A site that sets
 * "outbound": {"workers": true} gets prompt delivery from threads instead,
 * at one more PostgreSQL connection and one thread per PHP worker.
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_CRON_ACTOR = ['id' => 'wp-cron', 'role' => 'admin'];

function claimtrack_cron_hooks(): void
{
    add_filter('cron_schedules', 'claimtrack_cron_schedules');
    add_action('claimtrack_run_jobs', 'claimtrack_run_jobs');
}

function claimtrack_cron_schedules(array $schedules): array
{
    $schedules['claimtrack_minute'] = ['interval' => MINUTE_IN_SECONDS,
                                       'display' => __('Every minute (claimtrack jobs)', 'claimtrack')];
    return $schedules;
}

function claimtrack_cron_install(): void
{
    add_filter('cron_schedules', 'claimtrack_cron_schedules');
    if (!wp_next_scheduled('claimtrack_run_jobs')) {
        wp_schedule_event(time(), 'claimtrack_minute', 'claimtrack_run_jobs');
    }
}

function claimtrack_cron_uninstall(): void
{
    wp_clear_scheduled_hook('claimtrack_run_jobs');
    wp_unschedule_hook('claimtrack_reanchor');
}

/*
 * A run's time budget in milliseconds. Time blocked in claimtrack is not
 * counted by max_execution_time, and WordPress cron starts another run
 * once its 60 s lock expires: the budget keeps a run well under that, so
 * runs do not pile up in the PHP pool. What is left ("more": true) waits
 * for the next minute.
 */
const CLAIMTRACK_CRON_MAX_MS = 20000;

/** The due fetches and deliveries, within CLAIMTRACK_CRON_MAX_MS (each at most
    once per run); the last result is kept for the status screen. */
function claimtrack_run_jobs(): void
{
    $response = Claimtrack_Client::request('POST', '/jobs/run', [], ['max_ms' => CLAIMTRACK_CRON_MAX_MS],
                                           CLAIMTRACK_CRON_ACTOR);
    update_option('claimtrack_last_jobs', ['at' => time(), 'status' => $response['status'],
                                           'body' => $response['body'] ?? null], false);
}
