<?php
/**
 * rest.php -- the routes the editor's sidebar calls, under
 * /wp-json/claimtrack/v1 (or ?rest_route=/claimtrack/v1/... without pretty
 * permalinks). Each one turns into claimtrack envelopes with the signed-in
 * user as the actor; the answer is claimtrack's body and status.
 *
 *   GET  /posts/{post}/claims              the claims tagged in the post, with their mentions
 *   POST /posts/{post}/claims              tag a passage: a new claim with its mention in the post
 *                                          (claimtrack's POST /claims), then the post anchored
 *   POST /posts/{post}/claims/{claim}/mentions  tag a passage as another mention of a known claim
 *   GET  /posts/{post}/suggestions         the passages of the post that the scan on save took for
 *                                          repeats of known claims, waiting for an editor
 *   POST /posts/{post}/suggestions/{suggestion}/confirm  one of them becomes a mention (claimtrack's
 *                                          POST /suggestions/{id}/confirm), then the post anchored
 *   POST /posts/{post}/suggestions/{suggestion}/dismiss  one of them is dismissed: never suggested again here
 *   POST /claims/{claim}/responses         link a rebuttal, correction, apology... (POST /claims/{id}/responses)
 *   GET  /claims?q=                        find a known claim to tag (claimtrack's GET /claims)
 *   GET  /vocabulary                       claimtrack's words for the forms
 *   GET  /posts/{post}/notices?format=     the readers' notices of a published post, for
 *                                          everyone: json (default), html or jsonld, with
 *                                          claimtrack's ETag and Last-Modified;
 *                                          If-None-Match gets 304
 *
 * Who: a user claimtrack counts as an editor or above (roles.php) who may
 * edit the post; the notices, anyone who may read the post (for a
 * password-protected post, only with its password). Every write needs the REST nonce (X-WP-Nonce, action
 * wp_rest): without it WordPress treats a cookie request as anonymous and
 * the route answers 401; with a wrong one WordPress answers 403. The post's
 * article id and address are the plugin's, never the browser's.
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_REST_NAMESPACE = 'claimtrack/v1';

function claimtrack_rest_hooks(): void
{
    add_action('rest_api_init', 'claimtrack_rest_routes');
}

function claimtrack_rest_routes(): void
{
    $post_arg = ['post' => ['validate_callback' => fn ($v) => ctype_digit((string) $v)]];
    $claim_arg = ['claim' => ['validate_callback' => fn ($v) => ctype_digit((string) $v)]];
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/posts/(?P<post>\d+)/claims', [
        ['methods' => 'GET', 'callback' => 'claimtrack_rest_post_claims',
         'permission_callback' => 'claimtrack_rest_can_read_post', 'args' => $post_arg],
        ['methods' => 'POST', 'callback' => 'claimtrack_rest_tag',
         'permission_callback' => 'claimtrack_rest_can_write_post', 'args' => $post_arg],
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/posts/(?P<post>\d+)/claims/(?P<claim>\d+)/mentions', [
        'methods' => 'POST', 'callback' => 'claimtrack_rest_tag_known',
        'permission_callback' => 'claimtrack_rest_can_write_post', 'args' => $post_arg + $claim_arg,
    ]);
    $suggestion_arg = ['suggestion' => ['validate_callback' => fn ($v) => ctype_digit((string) $v)]];
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/posts/(?P<post>\d+)/suggestions', [
        'methods' => 'GET', 'callback' => 'claimtrack_rest_suggestions',
        'permission_callback' => 'claimtrack_rest_can_read_post', 'args' => $post_arg,
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE,
                        '/posts/(?P<post>\d+)/suggestions/(?P<suggestion>\d+)/(?P<decision>confirm|dismiss)', [
        'methods' => 'POST', 'callback' => 'claimtrack_rest_decide',
        'permission_callback' => 'claimtrack_rest_can_write_post', 'args' => $post_arg + $suggestion_arg,
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/claims/(?P<claim>\d+)/responses', [
        'methods' => 'POST', 'callback' => 'claimtrack_rest_respond',
        'permission_callback' => 'claimtrack_rest_can_write', 'args' => $claim_arg,
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/claims', [
        'methods' => 'GET', 'callback' => 'claimtrack_rest_find',
        'permission_callback' => 'claimtrack_rest_can_read',
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/claims/(?P<claim>\d+)/proof', [
        'methods' => 'GET', 'callback' => 'claimtrack_rest_proof',
        'permission_callback' => '__return_true', 'args' => $claim_arg,
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/vocabulary', [
        'methods' => 'GET', 'callback' => 'claimtrack_rest_vocabulary',
        'permission_callback' => 'claimtrack_rest_can_read',
    ]);
    register_rest_route(CLAIMTRACK_REST_NAMESPACE, '/posts/(?P<post>\d+)/notices', [
        'methods' => 'GET', 'callback' => 'claimtrack_rest_notices',
        'permission_callback' => 'claimtrack_rest_can_read_notices',
        'args' => $post_arg + ['format' => ['default' => 'json',
                                            'enum' => ['json', 'html', 'jsonld']]],
    ]);
    add_filter('rest_pre_serve_request', 'claimtrack_rest_serve_text', 10, 4);
}

/* ---- who may ------------------------------------------------------------------- */

function claimtrack_rest_can_read(): bool
{
    return claimtrack_current_user_is('editor');
}

function claimtrack_rest_can_read_post(WP_REST_Request $request): bool
{
    return claimtrack_rest_can_read() && current_user_can('edit_post', (int) $request['post']);
}

/**
 * Whether this visitor may read the post's text: a published post (or one
 * the user may read: private, draft, scheduled), and, when it has a
 * password, only with the post's password cookie (post_password_required()
 * false, WordPress's own test) or the right to edit it.
 */
function claimtrack_visitor_may_read(WP_Post $post): bool
{
    if (!is_post_publicly_viewable($post) && !current_user_can('read_post', $post->ID)) {
        return false;
    }
    return !post_password_required($post) || current_user_can('edit_post', $post->ID);
}

/**
 * The notices: of a post of a type that carries claims, that this visitor
 * may read (claimtrack_visitor_may_read). A password-protected post's
 * notices quote its text, so they are kept behind its password as the
 * post's page keeps them: 403 claimtrack_password_required without it, as
 * WordPress's posts route hides the content of such a post.
 */
function claimtrack_rest_can_read_notices(WP_REST_Request $request)
{
    $post = get_post((int) $request['post']);
    if (!$post instanceof WP_Post || !in_array($post->post_type, claimtrack_post_types(), true)) {
        return false;
    }
    if (!is_post_publicly_viewable($post) && !current_user_can('read_post', $post->ID)) {
        return false;
    }
    return claimtrack_visitor_may_read($post) ? true   /* what it refuses now is the password */
        : new WP_Error('claimtrack_password_required',
                       __('This post is password protected: its notices are shown with it.', 'claimtrack'),
                       ['status' => 403]);
}

/**
 * Whether this visitor may read the post behind a claimtrack article id of
 * this WordPress: "wp-<post>", or "wp-<blog>-<post>" on a network (another
 * site of the network is asked in its own context). An id of another host,
 * or of a post deleted since, quotes nothing WordPress protects: true.
 */
function claimtrack_article_readable(string $article_id): bool
{
    $parsed = claimtrack_parse_article_id($article_id);
    if ($parsed === null) {
        return true;
    }
    $switched = $parsed['blog'] !== null && $parsed['blog'] !== get_current_blog_id() && switch_to_blog($parsed['blog']);
    $post = get_post($parsed['post']);
    $readable = !$post instanceof WP_Post || claimtrack_visitor_may_read($post);
    if ($switched) {
        restore_current_blog();
    }
    return $readable;
}

/** A write: signed in through a cookie with the REST nonce, and an editor in claimtrack's terms. */
function claimtrack_rest_can_write(WP_REST_Request $request)
{
    if (!is_user_logged_in()) {
        return new WP_Error('claimtrack_signed_out', __('Sign in, and send the REST nonce (X-WP-Nonce).', 'claimtrack'),
                            ['status' => 401]);
    }
    if (!wp_verify_nonce((string) $request->get_header('x_wp_nonce'), 'wp_rest')) {
        return new WP_Error('claimtrack_nonce', __('This write needs a valid nonce (X-WP-Nonce).', 'claimtrack'),
                            ['status' => 403]);
    }
    if (!claimtrack_current_user_is('editor')) {
        return new WP_Error('claimtrack_forbidden', __('Only editors may tag claims and link responses.', 'claimtrack'),
                            ['status' => 403]);
    }
    return true;
}

function claimtrack_rest_can_write_post(WP_REST_Request $request)
{
    $allowed = claimtrack_rest_can_write($request);
    if ($allowed === true && !current_user_can('edit_post', (int) $request['post'])) {
        return new WP_Error('claimtrack_forbidden', __('You may not edit this post.', 'claimtrack'), ['status' => 403]);
    }
    return $allowed;
}

/* ---- routes -------------------------------------------------------------------- */

function claimtrack_rest_answer(array $response): WP_REST_Response
{
    return new WP_REST_Response($response['body'] ?? null, $response['status']);
}

/** The JSON object the browser sent; claimtrack validates every field of it. */
function claimtrack_rest_body(WP_REST_Request $request): array
{
    $body = $request->get_json_params();
    return is_array($body) ? $body : [];
}

function claimtrack_rest_post_claims(WP_REST_Request $request): WP_REST_Response
{
    $post_id = (int) $request['post'];
    $claims = [];
    foreach (claimtrack_post_claims($post_id) as $claim_id) {
        $response = Claimtrack_Client::request('GET', Claimtrack_Client::path('claims', (string) $claim_id), [], null,
                                               claimtrack_actor());
        if ($response['status'] === 200) {
            $claims[] = $response['body'];
        }
    }
    return new WP_REST_Response(['article_id' => claimtrack_article_id($post_id), 'claims' => $claims], 200);
}

/**
 * Tag a passage: {text, claimant{name, role?, type?}, said_at, venue?,
 * language, source_url?, quote{exact, prefix?, suffix?}} -> 201, the claim
 * (with "anchoring": the post's anchoring result) or claimtrack's error.
 */
function claimtrack_rest_tag(WP_REST_Request $request): WP_REST_Response
{
    $post_id = (int) $request['post'];
    $body = claimtrack_rest_body($request);
    $quote = $body['quote'] ?? null;
    unset($body['quote'], $body['article']);
    $body['article'] = ['id' => claimtrack_article_id($post_id), 'url' => get_permalink($post_id), 'quote' => $quote];
    $response = Claimtrack_Client::request('POST', '/claims', [], $body, claimtrack_actor());
    if ($response['status'] === 201) {
        claimtrack_add_post_claim($post_id, (int) $response['body']['id']);
        $response['body']['anchoring'] = claimtrack_anchor_post($post_id, claimtrack_actor())['body'] ?? null;
    }
    return claimtrack_rest_answer($response);
}

/** Tag a passage of the post as a mention of a known claim: {quote{exact, prefix?, suffix?}} -> 201, the claim. */
function claimtrack_rest_tag_known(WP_REST_Request $request): WP_REST_Response
{
    $post_id = (int) $request['post'];
    $claim_id = (int) $request['claim'];
    $body = claimtrack_rest_body($request);
    $mention = ['article_id' => claimtrack_article_id($post_id), 'url' => get_permalink($post_id),
                'quote' => $body['quote'] ?? null];
    $response = Claimtrack_Client::request('POST', Claimtrack_Client::path('claims', (string) $claim_id, 'mentions'),
                                           [], $mention, claimtrack_actor());
    if ($response['status'] === 201) {
        claimtrack_add_post_claim($post_id, $claim_id);
        $response['body']['anchoring'] = claimtrack_anchor_post($post_id, claimtrack_actor())['body'] ?? null;
    }
    return claimtrack_rest_answer($response);
}

/** The post's pending suggestions: claimtrack's GET /articles/{id}/suggestions, best first. */
function claimtrack_rest_suggestions(WP_REST_Request $request): WP_REST_Response
{
    $path = Claimtrack_Client::path('articles', claimtrack_article_id((int) $request['post']), 'suggestions');
    return claimtrack_rest_answer(Claimtrack_Client::request('GET', $path, [], null, claimtrack_actor()));
}

/**
 * Confirm or dismiss a suggestion of the post. Only one of this post's
 * pending suggestions (an editor of one post cannot decide on another's):
 * 404 otherwise. Confirmed, the claim joins the post's claims and the post
 * is anchored, as when a passage is tagged by hand.
 */
function claimtrack_rest_decide(WP_REST_Request $request): WP_REST_Response
{
    $post_id = (int) $request['post'];
    $suggestion = (string) (int) $request['suggestion'];
    $listed = Claimtrack_Client::request('GET',
        Claimtrack_Client::path('articles', claimtrack_article_id($post_id), 'suggestions'), [], null,
        claimtrack_actor());
    if ($listed['status'] !== 200) {
        return claimtrack_rest_answer($listed);
    }
    $claim_id = null;
    foreach ($listed['body']['suggestions'] ?? [] as $pending) {
        if ((string) ($pending['id'] ?? '') === $suggestion) {
            $claim_id = (int) $pending['claim_id'];
        }
    }
    if ($claim_id === null) {
        return new WP_REST_Response(['error' => ['code' => 'not_found', 'field' => 'suggestion',
            'message' => __('No such pending suggestion in this post.', 'claimtrack')]], 404);
    }
    $response = Claimtrack_Client::request('POST',
        Claimtrack_Client::path('suggestions', $suggestion, (string) $request['decision']), [], new stdClass(),
        claimtrack_actor());
    if ($response['status'] === 201 && $request['decision'] === 'confirm') {
        claimtrack_add_post_claim($post_id, $claim_id);
        $response['body']['anchoring'] = claimtrack_anchor_post($post_id, claimtrack_actor())['body'] ?? null;
    }
    return claimtrack_rest_answer($response);
}

/** Link a response: {kind, by{name, role?}, issued_at, summary, url?} -> 201, the claim. */
function claimtrack_rest_respond(WP_REST_Request $request): WP_REST_Response
{
    $path = Claimtrack_Client::path('claims', (string) (int) $request['claim'], 'responses');
    $response = Claimtrack_Client::request('POST', $path, [], claimtrack_rest_body($request), claimtrack_actor());
    if ($response['status'] === 201 && is_array($response['body'] ?? null)) {
        claimtrack_notices_changed($response['body']);
    }
    return claimtrack_rest_answer($response);
}

function claimtrack_rest_find(WP_REST_Request $request): WP_REST_Response
{
    $query = array_filter(['q' => (string) $request->get_param('q'), 'limit' => '20'], 'strlen');
    return claimtrack_rest_answer(Claimtrack_Client::request('GET', '/claims', $query, null, claimtrack_actor()));
}

function claimtrack_rest_vocabulary(): WP_REST_Response
{
    return claimtrack_rest_answer(Claimtrack_Client::request('GET', '/vocabulary', [], null, claimtrack_actor()));
}

/**
 * GET /posts/{post}/notices: claimtrack's GET /articles/{id}/notices in the
 * post's language, asked as an anonymous reader (everyone gets the same
 * answer), with the browser's If-None-Match passed on and claimtrack's
 * ETag and Last-Modified passed back, so that a browser or a CDN keeps its copy until the
 * notices change ("no-cache": kept, but asked again before each use).
 * Not JSON (html, jsonld): sent as it is by claimtrack_rest_serve_text.
 */
function claimtrack_rest_notices(WP_REST_Request $request): WP_REST_Response
{
    $post_id = (int) $request['post'];
    $query = ['format' => (string) $request['format']];
    $language = claimtrack_post_language($post_id);
    if ($language !== null) {
        $query['lang'] = $language;
    }
    $if_none_match = $request->get_header('if_none_match');
    $response = Claimtrack_Client::request('GET',
        Claimtrack_Client::path('articles', claimtrack_article_id($post_id), 'notices'), $query, null, null,
        $if_none_match !== null ? ['If-None-Match' => $if_none_match] : []);
    $status = $response['status'];
    $answer = new WP_REST_Response($status === 304 ? null : ($response['body'] ?? null), $status);
    $etag = $response['headers']['ETag'] ?? null;
    if (is_string($etag)) {
        $answer->header('ETag', $etag);
        /* a password-protected post's notices: for this browser only, never a shared cache */
        $answer->header('Cache-Control', get_post($post_id)->post_password !== '' ? 'private, no-cache' : 'no-cache');
    }
    $last_modified = $response['headers']['Last-Modified'] ?? null;
    if (is_string($last_modified)) {
        $answer->header('Last-Modified', $last_modified);
    }
    if ($status === 200 && ($response['content_type'] ?? 'application/json') !== 'application/json') {
        $answer->header('Content-Type', (string) $response['content_type']);
        claimtrack_rest_text_answer($answer);
    }
    return $answer;
}

/** The answer of this PHP request to send as text (set once, then read). */
function claimtrack_rest_text_answer(?WP_REST_Response $set = null): ?WP_REST_Response
{
    static $answer = null;
    if ($set !== null) {
        $answer = $set;
    }
    return $answer;
}

/**
 * Send the text of a notices answer that is not JSON as it is (WordPress
 * would otherwise encode it as a JSON string). Runs for every REST answer;
 * acts only on the ones claimtrack_rest_notices marked.
 */
function claimtrack_rest_serve_text($served, $result, $request, $server)
{
    if ($served || $result === null || $result !== claimtrack_rest_text_answer()
        || !is_string($result->get_data())) {
        return $served;
    }
    echo $result->get_data();
    return true;
}

/**
 * A claim's proof (claimtrack's GET /claims/{id}/proof) for anyone, asked as
 * an anonymous reader: a published claim's events with their inclusion
 * proofs against the newsroom's latest signed checkpoint; 404 otherwise.
 * Readers' notices link here (client.php sets publisher.proof_url). The
 * events quote the posts the claim was tagged in: while one of them is a
 * post this visitor may not read (a password, private, a draft), 403
 * claimtrack_post_not_readable, never its words.
 */
function claimtrack_rest_proof(WP_REST_Request $request)
{
    $response = Claimtrack_Client::request('GET', Claimtrack_Client::path('claims', (string) $request['claim'], 'proof'));
    if ($response['status'] === 200 && !claimtrack_proof_readable($response['body'] ?? [])) {
        return new WP_Error('claimtrack_post_not_readable',
                            __('This claim\'s proof quotes a post you may not read.', 'claimtrack'), ['status' => 403]);
    }
    return claimtrack_rest_answer($response);
}

/**
 * Whether this visitor may read every post whose words a proof quotes: an
 * event's canonical text (the leaf, which cannot be changed without
 * breaking its proof) holds its payload, and a mention's payload holds the
 * article id and the quoted words (mention_added, mention_moved, ...).
 */
function claimtrack_proof_readable(array $proof): bool
{
    foreach ($proof['events'] ?? [] as $event) {
        $canonical = json_decode((string) ($event['canonical'] ?? ''), true);
        $article_id = is_array($canonical) ? ($canonical['payload']['article_id'] ?? null) : null;
        if (is_string($article_id) && !claimtrack_article_readable($article_id)) {
            return false;
        }
    }
    return true;
}
