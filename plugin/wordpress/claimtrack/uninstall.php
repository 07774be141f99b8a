<?php
/**
 * uninstall.php -- run by WordPress when the plugin is deleted from the
 * Plugins screen. It removes what the plugin put in WordPress: the
 * claimtrack_moderate capability, its options, its post meta, its cron
 * events. claimtrack's own data (claims, timelines, ratings) lives in
 * PostgreSQL and is kept: a fact-check record outlives any CMS plugin.
 * Drop that database yourself if you mean to.
 */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
require_once __DIR__ . '/includes/roles.php';

claimtrack_roles_uninstall();
delete_option('claimtrack_config');
delete_option('claimtrack_last_jobs');
delete_post_meta_by_key('_claimtrack_claims');
delete_post_meta_by_key('_claimtrack_text_sha1');
delete_post_meta_by_key('_claimtrack_text');
delete_post_meta_by_key('claimtrack_locale');
wp_clear_scheduled_hook('claimtrack_run_jobs');
wp_unschedule_hook('claimtrack_reanchor');
