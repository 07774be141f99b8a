<?php
/**
 * Plugin Name:       Claimtrack
 * Plugin URI:        https://github.com/claimtrack/claimtrack
 * Description:       Fact-check claim tracking: editors tag disputed claims in posts and link rebuttals, moderators publish verdicts, readers see correction notices and ClaimReview markup. Runs claimtrack.so (PostgreSQL) through PHP's FFI.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * License:           MIT
 * Text Domain:       claimtrack
 *
 * What this file owns: the plugin's constants and the wiring of its parts to
 * WordPress's hooks. The parts, each in includes/:
 *
 *   client.php   the door to claimtrack.so: configuration, one ABI v1
 *                envelope per call, through ClaimtrackNative (native.php,
 *                the only FFI code) and one instance per PHP worker;
 *   roles.php    WordPress users and capabilities as claimtrack actors;
 *   text.php     a post's text as readers see it, and highlighting passages
 *                in its HTML by code-point offsets;
 *   reader.php   the_content (notice and highlights) and wp_head (the
 *                ClaimReview JSON-LD), rendered on the server;
 *   anchor.php   re-anchoring a post's mentions when it is saved;
 *   rest.php     the routes the editor's sidebar calls (wp-json/claimtrack/v1),
 *                each write behind a nonce;
 *   editor.php   the block editor's sidebar: tag a passage, link responses;
 *   queue.php    the moderators' review queue in wp-admin;
 *   cron.php     outbound work (archiving sources, webhooks) through WordPress
 *                cron when the plugin's own worker threads are off;
 *   status.php   Fact checks > Status: PHP's set-up, this worker's instance,
 *                the database, the last jobs run (administrators).
 *
 * claimtrack's data lives in PostgreSQL, never in WordPress's tables; the
 * plugin keeps only post meta (which claims a post carries, the text its
 * mentions were last anchored against) and two options.
 */
if (!defined('ABSPATH')) {
    exit;
}

define('CLAIMTRACK_FILE', __FILE__);
define('CLAIMTRACK_DIR', __DIR__ . '/');
define('CLAIMTRACK_VERSION', '1.0.0');

if (!class_exists('ClaimtrackNative', false)) {
    require CLAIMTRACK_DIR . 'native.php';     /* not preloaded: the command line */
}
require CLAIMTRACK_DIR . 'includes/client.php';
require CLAIMTRACK_DIR . 'includes/roles.php';
require CLAIMTRACK_DIR . 'includes/text.php';
require CLAIMTRACK_DIR . 'includes/reader.php';
require CLAIMTRACK_DIR . 'includes/anchor.php';
require CLAIMTRACK_DIR . 'includes/rest.php';
require CLAIMTRACK_DIR . 'includes/editor.php';
require CLAIMTRACK_DIR . 'includes/queue.php';
require CLAIMTRACK_DIR . 'includes/cron.php';
require CLAIMTRACK_DIR . 'includes/status.php';

register_activation_hook(__FILE__, 'claimtrack_activate');
register_deactivation_hook(__FILE__, 'claimtrack_deactivate');

/** Activation: the moderators' capability for editors and administrators, the jobs' cron event. */
function claimtrack_activate(): void
{
    claimtrack_roles_install();
    claimtrack_cron_install();
}

function claimtrack_deactivate(): void
{
    claimtrack_cron_uninstall();
}

claimtrack_reader_hooks();
claimtrack_anchor_hooks();
claimtrack_rest_hooks();
claimtrack_editor_hooks();
claimtrack_queue_hooks();
claimtrack_cron_hooks();
claimtrack_status_hooks();
