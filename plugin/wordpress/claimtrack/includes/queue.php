<?php
/**
 * queue.php -- the moderators' screen in wp-admin: Fact checks > Review queue.
 *
 *   the queue    claimtrack's GET /review-queue: unpublished claims still
 *                disputed or under review, claims whose passage was edited
 *                out of an article (orphaned mentions), and claims whose
 *                fact-checker changed an imported review
 *                (review_requested_at), oldest first;
 *   a claim      the claim, its mentions (with the posts they are in), its
 *                responses and its whole timeline (GET /claims/{id}/timeline),
 *                and the review form: status (the ones the transition table
 *                allows), rating (the desk's active scale), note, publish;
 *   the review   a form posted to admin-post.php (action claimtrack_review),
 *                checked with a nonce per claim, sent as POST
 *                /claims/{id}/review with the version the moderator saw
 *                (expected_version). When someone changed the claim in the
 *                meantime claimtrack answers 409: nothing is saved, and the
 *                screen says so, shows the claim as it is now, and keeps what
 *                the moderator had chosen in the form to confirm again.
 *
 * Who: users with the claimtrack_moderate capability (roles.php); WordPress
 * itself refuses the screen to anyone else ("Sorry, you are not allowed to
 * access this page.", 403).
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_QUEUE_PAGE = 'claimtrack-queue';

function claimtrack_queue_hooks(): void
{
    add_action('admin_menu', 'claimtrack_queue_menu');
    add_action('admin_post_claimtrack_review', 'claimtrack_queue_review');
}

function claimtrack_queue_menu(): void
{
    add_menu_page(__('Fact checks', 'claimtrack'), __('Fact checks', 'claimtrack'), CLAIMTRACK_MODERATE,
                  CLAIMTRACK_QUEUE_PAGE, 'claimtrack_queue_page', 'dashicons-flag', 26);
    add_submenu_page(CLAIMTRACK_QUEUE_PAGE, __('Review queue', 'claimtrack'), __('Review queue', 'claimtrack'),
                     CLAIMTRACK_MODERATE, CLAIMTRACK_QUEUE_PAGE, 'claimtrack_queue_page');
}

function claimtrack_queue_url(array $args = []): string
{
    return add_query_arg(array_merge(['page' => CLAIMTRACK_QUEUE_PAGE], $args), admin_url('admin.php'));
}

function claimtrack_queue_page(): void
{
    if (!current_user_can(CLAIMTRACK_MODERATE)) {
        wp_die(esc_html__('Sorry, you are not allowed to access this page.'), 403);
    }
    echo '<div class="wrap claimtrack-queue">';
    $claim_id = isset($_GET['claim']) ? absint($_GET['claim']) : 0;
    if ($claim_id > 0) {
        claimtrack_queue_claim($claim_id);
    } else {
        claimtrack_queue_list();
    }
    echo '</div>';
}

/** A claimtrack error as a WordPress admin notice. */
function claimtrack_queue_error(array $response): void
{
    $error = Claimtrack_Client::error_of($response);
    printf('<div class="notice notice-error"><p>%s</p></div>',
           esc_html(sprintf('%d %s: %s', $response['status'], $error['code'] ?? '', $error['message'] ?? '')));
}

function claimtrack_queue_list(): void
{
    echo '<h1>', esc_html__('Review queue', 'claimtrack'), '</h1>';
    $response = Claimtrack_Client::request('GET', '/review-queue', ['limit' => '100'], null, claimtrack_actor());
    if ($response['status'] !== 200) {
        claimtrack_queue_error($response);
        return;
    }
    $claims = $response['body'];
    if (!$claims) {
        echo '<p>', esc_html__('Nothing waits for a moderator.', 'claimtrack'), '</p>';
        return;
    }
    echo '<table class="widefat striped claimtrack-queue-table"><thead><tr>',
         '<th>#</th><th>', esc_html__('Claim', 'claimtrack'), '</th><th>', esc_html__('Claimant', 'claimtrack'),
         '</th><th>', esc_html__('Status', 'claimtrack'), '</th><th>', esc_html__('Why it waits', 'claimtrack'),
         '</th><th>', esc_html__('Recorded', 'claimtrack'), '</th></tr></thead><tbody>';
    foreach ($claims as $claim) {
        $orphaned = array_filter($claim['mentions'] ?? [], fn ($m) => !empty($m['orphaned']));
        $why = !empty($claim['review_requested_at']) ? __('the fact-checker changed the verdict', 'claimtrack')
             : ($orphaned ? __('passage no longer in the article', 'claimtrack')
                          : __('waiting for a verdict', 'claimtrack'));
        printf('<tr data-claim-id="%d"><td>%d</td><td><a class="claimtrack-review-link" href="%s">%s</a></td>'
               . '<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
               (int) $claim['id'], (int) $claim['id'], esc_url(claimtrack_queue_url(['claim' => (int) $claim['id']])),
               esc_html(wp_trim_words($claim['text'], 18)), esc_html($claim['claimant']['name'] ?? ''),
               esc_html($claim['status']),
               esc_html($why),
               esc_html(claimtrack_newsroom_time($claim['created_at'] ?? null, 'Y-m-d')));
    }
    echo '</tbody></table>';
}

/** The words of claimtrack's vocabulary, once per page. */
function claimtrack_queue_vocabulary(): array
{
    static $vocabulary = null;
    if ($vocabulary === null) {
        $response = Claimtrack_Client::request('GET', '/vocabulary', [], null, claimtrack_actor());
        $vocabulary = $response['status'] === 200 ? $response['body'] : [];
    }
    return $vocabulary;
}

/**
 * An instant claimtrack answered (ISO 8601, UTC) in the newsroom's time zone,
 * claimtrack's own "time_zone" (docs/config.md; UTC when not set): a claim
 * said on 23 December in Almaty is stored as 22 December 19:00 UTC and must
 * show as the 23rd. PHP's time zone database does the conversion.
 */
function claimtrack_newsroom_time(?string $instant, string $format): string
{
    if ($instant === null || $instant === '') {
        return '';
    }
    static $zone = null;
    try {
        $zone ??= new DateTimeZone((string) (json_decode(Claimtrack_Client::config(), true)['time_zone'] ?? 'UTC'));
        return (new DateTimeImmutable($instant))->setTimezone($zone)->format($format);
    } catch (Exception $e) {
        return $instant;
    }
}

function claimtrack_queue_label(array $labels): string
{
    $language = claimtrack_locale_language(get_user_locale()) ?? 'en';
    return (string) ($labels[$language] ?? $labels['en'] ?? '');
}

function claimtrack_queue_claim(int $claim_id): void
{
    $actor = claimtrack_actor();
    $path = Claimtrack_Client::path('claims', (string) $claim_id);
    $response = Claimtrack_Client::request('GET', $path, [], null, $actor);
    printf('<p><a href="%s">&larr; %s</a></p>', esc_url(claimtrack_queue_url()), esc_html__('Review queue', 'claimtrack'));
    if ($response['status'] !== 200) {
        claimtrack_queue_error($response);
        return;
    }
    $claim = $response['body'];
    printf('<h1>%s #%d</h1>', esc_html__('Claim', 'claimtrack'), $claim_id);
    claimtrack_queue_outcome($claim);
    printf('<blockquote class="claimtrack-claim-text"><p>%s</p></blockquote>', esc_html($claim['text']));
    printf('<p>%s, %s · <time class="claimtrack-said" datetime="%s">%s</time> · <span class="claimtrack-status">%s</span> · %s %d%s</p>',
           esc_html($claim['claimant']['name'] ?? ''), esc_html($claim['claimant']['role'] ?? ''),
           esc_attr($claim['said_at'] ?? ''), esc_html(claimtrack_newsroom_time($claim['said_at'] ?? null, 'Y-m-d')), esc_html($claim['status']), esc_html__('version', 'claimtrack'),
           (int) $claim['version'], $claim['published_at'] ? ' · ' . esc_html__('published', 'claimtrack') : '');
    claimtrack_queue_mentions($claim);
    claimtrack_queue_form($claim);
    claimtrack_queue_timeline($claim_id, $actor);
}

/** After a review: what happened, from the redirect's query (and, on a conflict, the moderator's choices kept). */
function claimtrack_queue_outcome(array $claim): void
{
    $outcome = isset($_GET['outcome']) ? sanitize_key($_GET['outcome']) : '';
    if ($outcome === 'saved') {
        printf('<div class="notice notice-success claimtrack-saved"><p>%s</p></div>',
               esc_html__('Review saved.', 'claimtrack'));
    } elseif ($outcome === 'conflict') {
        printf('<div class="notice notice-warning claimtrack-conflict"><p>%s</p></div>', esc_html(sprintf(
            /* translators: %d: the claim's version now */
            __('Someone changed this claim while you were reviewing it (it is now at version %d). Your review was not saved: read the claim and its timeline as they are now, then confirm your review again.', 'claimtrack'),
            (int) $claim['version'])));
    } elseif ($outcome === 'refused') {
        $message = get_transient(claimtrack_queue_draft_key((int) $claim['id']))['message'] ?? '';
        printf('<div class="notice notice-error claimtrack-refused"><p>%s</p></div>', esc_html($message));
    }
}

function claimtrack_queue_mentions(array $claim): void
{
    echo '<h2>', esc_html__('Where it appears', 'claimtrack'), '</h2><ul class="claimtrack-mentions">';
    foreach ($claim['mentions'] ?? [] as $mention) {
        $where = esc_html($mention['article_id']);
        if (preg_match('/^wp-(\d+)$/', $mention['article_id'], $m) && get_post((int) $m[1])) {
            $where = sprintf('<a href="%s">%s</a>', esc_url(get_edit_post_link((int) $m[1])),
                             esc_html(get_the_title((int) $m[1])));
        }
        printf('<li>%s: «%s» — %s</li>', $where, esc_html($mention['quote']['exact']),
               esc_html(!empty($mention['orphaned']) ? __('orphaned: the passage is no longer in the article', 'claimtrack')
                                                     : ($mention['anchor_method'] ?? __('not anchored yet', 'claimtrack'))));
    }
    echo '</ul><h2>', esc_html__('Responses', 'claimtrack'), '</h2><ul class="claimtrack-responses">';
    foreach ($claim['responses'] ?? [] as $response) {
        printf('<li>%s — %s, %s: %s</li>', esc_html($response['kind']), esc_html($response['by']['name'] ?? ''),
               esc_html($response['issued_on'] ?? ''), esc_html($response['summary'] ?? ''));
    }
    echo '</ul>';
}

function claimtrack_queue_draft_key(int $claim_id): string
{
    return 'claimtrack_review_' . get_current_user_id() . '_' . $claim_id;
}

function claimtrack_queue_form(array $claim): void
{
    $vocabulary = claimtrack_queue_vocabulary();
    $draft = get_transient(claimtrack_queue_draft_key((int) $claim['id'])) ?: [];
    $chosen_status = $draft['status'] ?? $claim['status'];
    $chosen_rating = $draft['rating'] ?? ($claim['rating'] ?? '');
    $statuses = [$claim['status']];
    foreach ($vocabulary['statuses'] ?? [] as $status) {
        if ($status['key'] === $claim['status']) {
            $statuses = array_merge($statuses, $status['next']);
        }
    }
    $labels = array_column($vocabulary['statuses'] ?? [], 'labels', 'key');
    echo '<h2>', esc_html__('Review', 'claimtrack'), '</h2>';
    printf('<form method="post" action="%s" class="claimtrack-review-form">', esc_url(admin_url('admin-post.php')));
    wp_nonce_field('claimtrack_review_' . (int) $claim['id']);
    printf('<input type="hidden" name="action" value="claimtrack_review"><input type="hidden" name="claim" value="%d">'
           . '<input type="hidden" name="expected_version" value="%d">', (int) $claim['id'], (int) $claim['version']);
    echo '<table class="form-table"><tr><th><label for="claimtrack-status">', esc_html__('Status', 'claimtrack'),
         '</label></th><td><select id="claimtrack-status" name="status">';
    foreach (array_unique($statuses) as $key) {
        printf('<option value="%s"%s>%s</option>', esc_attr($key), selected($key, $chosen_status, false),
               esc_html(claimtrack_queue_label($labels[$key] ?? []) ?: $key));
    }
    echo '</select></td></tr><tr><th><label for="claimtrack-rating">', esc_html__('Rating', 'claimtrack'),
         '</label></th><td><select id="claimtrack-rating" name="rating"><option value="">',
         esc_html__('(keep as it is)', 'claimtrack'), '</option>';
    foreach ($vocabulary['ratings'] ?? [] as $rating) {
        if (empty($rating['retired'])) {
            printf('<option value="%s"%s>%s</option>', esc_attr($rating['key']),
                   selected($rating['key'], $chosen_rating, false), esc_html(claimtrack_queue_label($rating['labels'])));
        }
    }
    printf('</select></td></tr><tr><th><label for="claimtrack-note">%s</label></th><td>'
           . '<textarea id="claimtrack-note" name="note" rows="3" class="large-text">%s</textarea></td></tr>'
           . '<tr><th>%s</th><td><label><input type="checkbox" id="claimtrack-publish" name="publish" value="1"%s> %s</label></td></tr>'
           . '</table>', esc_html__('Note (never shown to readers; staff and webhook receivers get it)', 'claimtrack'), esc_textarea($draft['note'] ?? ''),
           esc_html__('Readers', 'claimtrack'), checked(!empty($draft['publish']) || !empty($claim['published_at']), true, false),
           esc_html__('Publish: show the notice on every article that repeats the claim', 'claimtrack'));
    submit_button(__('Save review', 'claimtrack'), 'primary', 'submit', true, ['id' => 'claimtrack-review-submit']);
    echo '</form>';
}

function claimtrack_queue_timeline(int $claim_id, ?array $actor): void
{
    $response = Claimtrack_Client::request('GET', Claimtrack_Client::path('claims', (string) $claim_id, 'timeline'),
                                           [], null, $actor);
    echo '<h2>', esc_html__('Timeline', 'claimtrack'), '</h2>';
    if ($response['status'] !== 200) {
        claimtrack_queue_error($response);
        return;
    }
    echo '<table class="widefat striped claimtrack-timeline"><thead><tr><th>', esc_html__('When', 'claimtrack'),
         '</th><th>', esc_html__('What', 'claimtrack'), '</th><th>', esc_html__('Who', 'claimtrack'), '</th><th>',
         esc_html__('Details', 'claimtrack'), '</th><th>', esc_html__('Recorded', 'claimtrack'), '</th></tr></thead><tbody>';
    foreach ($response['body']['events'] as $event) {
        printf('<tr class="claimtrack-event-%s"><td>%s</td><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>',
               esc_attr($event['type']), esc_html(claimtrack_newsroom_time($event['occurred_at'], 'Y-m-d H:i T')),
               esc_html($event['type']),
               esc_html(claimtrack_actor_name($event['actor']['id'] ?? null)),
               esc_html(wp_json_encode($event['payload'], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)),
               esc_html(claimtrack_newsroom_time($event['recorded_at'], 'Y-m-d H:i:s T')));
    }
    echo '</tbody></table>';
}

/** admin-post.php?action=claimtrack_review: one review, then back to the claim's screen. */
function claimtrack_queue_review(): void
{
    $claim_id = isset($_POST['claim']) ? absint($_POST['claim']) : 0;
    check_admin_referer('claimtrack_review_' . $claim_id);
    if (!current_user_can(CLAIMTRACK_MODERATE)) {
        wp_die(esc_html__('Sorry, you are not allowed to review claims.', 'claimtrack'), 403);
    }
    $review = ['expected_version' => isset($_POST['expected_version']) ? (int) $_POST['expected_version'] : 0,
               'status' => sanitize_key(wp_unslash($_POST['status'] ?? '')),
               'publish' => !empty($_POST['publish'])];
    $rating = trim((string) wp_unslash($_POST['rating'] ?? ''));
    $note = trim(sanitize_textarea_field(wp_unslash($_POST['note'] ?? '')));
    if ($rating !== '') {
        $review['rating'] = $rating;
    }
    if ($note !== '') {
        $review['note'] = $note;
    }
    $response = Claimtrack_Client::request('POST', Claimtrack_Client::path('claims', (string) $claim_id, 'review'), [],
                                           $review, claimtrack_actor());
    $key = claimtrack_queue_draft_key($claim_id);
    if ($response['status'] === 200) {
        delete_transient($key);
        claimtrack_notices_changed(is_array($response['body'] ?? null) ? $response['body'] : []);
        $outcome = 'saved';
    } else {
        $error = Claimtrack_Client::error_of($response);
        set_transient($key, $review + ['message' => sprintf('%d %s: %s', $response['status'], $error['code'],
                                                            $error['message'])], HOUR_IN_SECONDS);
        $outcome = $response['status'] === 409 ? 'conflict' : 'refused';
    }
    wp_safe_redirect(claimtrack_queue_url(['claim' => $claim_id, 'outcome' => $outcome]));
    exit;
}
