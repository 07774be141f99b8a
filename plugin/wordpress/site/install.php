<?php
/**
 * install.php SEED_DIR OUT -- the local site's one-time set-up, from PHP's
 * command line as www-data (scripts/wordpress.sh runs it on every start; each
 * step is skipped when already done):
 *
 *   1. WordPress's tables, options and the admin (what wp-admin/install.php
 *      does on its second step: wp_install());
 *   2. the demo users, one per claimtrack role (roles.php's map);
 *   3. the claimtrack plugin activated (its activation hook gives editors and
 *      administrators claimtrack_moderate; the editor demo user is denied it,
 *      so that the site has a plain claimtrack editor);
 *   4. the seed story (SEED_DIR/article-ru.txt, the Russian news story) as a
 *      post in Russian, its claim tagged at its passage by the editor, the
 *      three responses linked, the verdict reviewed and published by the
 *      moderator: the requests of SEED_DIR/caracas.json, through the plugin.
 *
 * OUT receives what a person needs: the post's address and the sign-ins.
 */
[$_, $seed_dir, $out] = $argv;
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST') ?: '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';
define('WP_INSTALLING', true);
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}   // no mail
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

const DEMO_USERS = [
    // login => [WordPress role, password, claimtrack role it maps to]
    'admin'       => ['administrator', 'admin-demo-1', 'admin'],
    'moderator'   => ['editor', 'moderator-demo-1', 'moderator'],
    'editor'      => ['editor', 'editor-demo-1', 'editor'],
    'contributor' => ['contributor', 'contributor-demo-1', 'reader'],
];

/** Stop with a reason; a half-seeded post is removed, so the next start seeds again. */
function fail(string $what, int $post_id = 0): never
{
    fwrite(STDERR, "install.php: $what\n");
    if ($post_id > 0) {
        wp_delete_post($post_id, true);
    }
    exit(1);
}

if (!is_blog_installed()) {
    $installed = wp_install('Qazaq Newsroom', 'admin', 'admin@example.invalid', true, '', wp_slash(DEMO_USERS['admin'][1]));
    update_option('blogdescription', 'claimtrack demo');
}

$plugin = 'claimtrack/claimtrack.php';
if (!is_plugin_active($plugin)) {
    $activated = activate_plugin($plugin);
    if (is_wp_error($activated)) {
        fail('activating claimtrack: ' . $activated->get_error_message());
    }
}
if (!function_exists('claimtrack_actor')) {
    require_once WP_PLUGIN_DIR . '/' . $plugin;       /* activated in this run: load it now */
}

$ids = [];
foreach (DEMO_USERS as $login => [$role, $password]) {
    $user = get_user_by('login', $login);
    $ids[$login] = $user ? $user->ID : wp_insert_user(['user_login' => $login, 'user_pass' => $password,
        'user_email' => "$login@example.invalid", 'role' => $role, 'display_name' => ucfirst($login)]);
    if (is_wp_error($ids[$login])) {
        fail("user $login: " . $ids[$login]->get_error_message());
    }
    // no welcome guide in the block editor
    update_user_meta($ids[$login], $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences',
                     ['core/edit-post' => ['welcomeGuide' => false], '_modified' => gmdate('c')]);
}
(new WP_User($ids['editor']))->add_cap(CLAIMTRACK_MODERATE, false);   /* a plain claimtrack editor */
foreach (DEMO_USERS as $login => [, , $expected]) {
    $got = claimtrack_role_of(new WP_User($ids[$login]));
    if ($got !== $expected) {
        fail("$login maps to claimtrack role $got, not $expected");
    }
}

$post_id = (int) get_option('claimtrack_demo_post');
if (!$post_id || !get_post($post_id)) {
    $post_id = seed_story($seed_dir, $ids);
}
file_put_contents($out, sprintf("The seed story, in Russian, with its claim tagged and its verdict published:\n  %s\n",
                                get_permalink($post_id)));

/** The seed story as a post, its claim tagged, answered and published through the plugin. */
function seed_story(string $seed_dir, array $ids): int
{
    $lines = preg_split('/\n\s*\n/u', trim(file_get_contents("$seed_dir/article-ru.txt")));
    $title = array_shift($lines);
    $date = array_shift($lines);                                 /* 22.12.2025 */
    $blocks = array_map(fn ($p) => "<!-- wp:paragraph -->\n<p>" . esc_html(trim($p)) . "</p>\n<!-- /wp:paragraph -->", $lines);
    [$d, $m, $y] = explode('.', trim($date));
    $post_id = wp_insert_post(['post_title' => wp_slash(trim($title)), 'post_content' => wp_slash(implode("\n\n", $blocks)),
                               'post_status' => 'publish', 'post_author' => $ids['editor'],
                               'post_date' => "$y-$m-$d 12:00:00", 'meta_input' => ['claimtrack_locale' => 'ru_RU']], true);
    if (is_wp_error($post_id)) {
        fail('the seed post: ' . $post_id->get_error_message());
    }
    $steps = json_decode(file_get_contents("$seed_dir/caracas.json"), true);
    $claim_id = null;
    foreach ($steps as $step) {
        if (str_ends_with($step['path'], '/mentions')) {
            continue;                                            /* the English article is not on this site */
        }
        wp_set_current_user($ids[$step['as']]);
        $body = $step['body'];
        if ($step['path'] === '/claims') {
            $body['article'] = ['id' => claimtrack_article_id($post_id), 'url' => get_permalink($post_id),
                                'quote' => quote_in_post($post_id, $body['article']['quote']['exact']) ?? fail('the seed quote is not in the post', $post_id)];
        }
        $path = str_replace('{claim}', (string) $claim_id, $step['path']);
        $response = Claimtrack_Client::request($step['method'], $path, [], $body, claimtrack_actor());
        if ($response['status'] >= 300) {
            fail("$step[method] $path: " . json_encode($response['body'], JSON_UNESCAPED_UNICODE), $post_id);
        }
        if ($step['path'] === '/claims') {
            $claim_id = (int) $response['body']['id'];
            claimtrack_add_post_claim($post_id, $claim_id);
            claimtrack_anchor_post($post_id, claimtrack_actor());
        }
    }
    wp_set_current_user(0);
    update_option('claimtrack_demo_post', $post_id);
    return $post_id;
}

/** A TextQuoteSelector for exact in the post's text: up to 32 code points of context each side; null when absent. */
function quote_in_post(int $post_id, string $exact): ?array
{
    $text = claimtrack_post_text(get_post($post_id));
    $at = mb_strpos($text, $exact, 0, 'UTF-8');
    if ($at === false) {
        return null;
    }
    $end = $at + mb_strlen($exact, 'UTF-8');
    return ['exact' => $exact, 'prefix' => mb_substr($text, max(0, $at - 32), $at - max(0, $at - 32), 'UTF-8'),
            'suffix' => mb_substr($text, $end, 32, 'UTF-8')];
}
