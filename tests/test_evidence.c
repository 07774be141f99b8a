/*
 * test_evidence.c -- archiving the sources linked to claims (src/jobs/evidence.c,
 * src/net/fetch.c, src/jobs/outbound.c) through the plugin, against a real HTTP
 * server on 127.0.0.1 (tests/httpd.c), each test on a fresh database:
 *
 *  - a claim's source_url and a response's url are archived: status,
 *    final URL, content type, title, size and SHA-256 of what was served,
 *    an evidence_archived timeline event and an evidence.archived webhook;
 *  - GET /evidence/{id} serves the copy as inert text with a sandboxing CSP,
 *    to readers only once the claim is published;
 *  - redirects are followed up to five, and refused to a private address,
 *    to a scheme other than http(s), or past five; a body over
 *    max_body_bytes is cut there and marked truncated; a server that never
 *    answers is timed out and the evidence fails after evidence_attempts;
 *    without allow_private even 127.0.0.1 is refused;
 *  - GET /evidence?status=failed lists failures for moderators only;
 *  - "workers": false plus POST /jobs/run archives, fetching each due
 *    source at most once per call; close() is bounded while
 *    a fetch hangs, and the fetch stays queued.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"
#include "jobs/evidence.h"
#include "testhost.h"

#define SECRET "s3cret-0123456789abcdef"   /* the plugin wants >= 16 characters */
#define POLICE_TITLE "Заявление полиции"

static char dbname[64];

/* ---- fixture: a fresh database and the server ------------------------------ */

static void setup(void)
{
    th_instance = NULL;
    th_new_database("ct_evidence", dbname, sizeof dbname);
    ck_assert_uint_ne(th_httpd_start(0), 0);
    th_httpd_police_page("/police");
}

static void teardown(void)
{
    if (th_instance)
        th_teardown();
    th_httpd_stop();
    th_blackhole_stop();
    th_httpd_reset();
}

/* The open() config for this suite's fresh database (see th_outbound_config). */
static char *config_json(const char *webhooks_json, const char *outbound_json)
{
    return th_outbound_config(dbname, webhooks_json, outbound_json);
}

static void *open_instance(const char *webhooks_json, const char *outbound_json)
{
    char *config = config_json(webhooks_json, outbound_json), *error = NULL;
    void *inst = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(inst != NULL, "open failed: %s (config %s)", error ? error : "?", config);
    free(config);
    return inst;
}

/* ---- claims and their evidence ------------------------------------------- */

static long long claim_with_source(const char *source_url)
{
    json_object *body = json_tokener_parse(
        "{\"text\":\"Преступность в Астане как в Каракасе\","
        "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    json_object_object_add(body, "source_url", json_object_new_string(source_url));
    th_resp r = th_call("POST", "/claims", "editor", NULL, json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}

static void link_response(long long claim, const char *url)
{
    char path[64];
    json_object *body = json_tokener_parse(
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции Астаны\"},"
        "\"issued_at\":\"2025-12-01\",\"summary\":\"Полиция опровергла сравнение\"}");
    json_object_object_add(body, "url", json_object_new_string(url));
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    th_resp r = th_call("POST", path, "editor", NULL, json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
    th_free(&r);
}

static void publish(long long claim)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%lld", claim);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}", th_int(&r, "version"));
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);
}

/* The claim's evidence entry for url (a new reference), or NULL. */
static json_object *evidence_of(long long claim, const char *url)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld", claim);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *list = th_get(&r, "evidence"), *found = NULL;
    ck_assert_msg(json_object_is_type(list, json_type_array), "no evidence list: %s",
                  json_object_to_json_string(r.body));
    for (size_t i = 0; i < json_object_array_length(list) && !found; i++) {
        json_object *e = json_object_array_get_idx(list, i), *u;
        if (json_object_object_get_ex(e, "url", &u) && strcmp(json_object_get_string(u), url) == 0)
            found = json_object_get(e);
    }
    th_free(&r);
    return found;
}

/* The entry once it is no longer pending (fails the test on timeout). */
static json_object *settled(long long claim, const char *url, int timeout_ms)
{
    for (int waited = 0;; waited += 50) {
        json_object *e = evidence_of(claim, url);
        ck_assert_msg(e != NULL, "claim %lld has no evidence for %s", claim, url);
        json_object *st;
        ck_assert(json_object_object_get_ex(e, "status", &st));
        if (strcmp(json_object_get_string(st), "pending") != 0)
            return e;
        ck_assert_msg(waited < timeout_ms, "evidence for %s still pending: %s", url,
                      json_object_to_json_string(e));
        json_object_put(e);
        usleep(50000);
    }
}

static const char *ev_str(json_object *e, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(e, key, &v) || v == NULL)
        return "";
    return json_object_get_string(v);
}

static long long ev_int(json_object *e, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(e, key, &v) || v == NULL)
        return -1;
    return json_object_get_int64(v);
}

static bool ev_has(json_object *e, const char *key)
{
    return json_object_object_get_ex(e, key, NULL);
}

static bool ev_true(json_object *e, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(e, key, &v) && json_object_is_type(v, json_type_boolean) &&
           json_object_get_boolean(v);
}

/* Every field of the contract is present. */
static void assert_shape(json_object *e)
{
    static const char *const fields[] = {"id", "url", "status", "http_status", "final_url",
                                         "content_type", "title", "size", "sha256",
                                         "truncated", "fetched_at", "attempts", "error"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        ck_assert_msg(ev_has(e, fields[i]), "evidence has no %s: %s", fields[i],
                      json_object_to_json_string(e));
}

static void assert_failed(json_object *e)
{
    assert_shape(e);
    ck_assert_msg(strcmp(ev_str(e, "status"), "failed") == 0, "not failed: %s",
                  json_object_to_json_string(e));
    ck_assert_msg(ev_str(e, "error")[0] != '\0', "failed without an error: %s",
                  json_object_to_json_string(e));
}

static size_t timeline_count(long long claim, const char *type)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld/timeline", claim);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    size_t n = 0;
    for (size_t i = 0; i < json_object_array_length(events); i++) {
        json_object *t;
        if (json_object_object_get_ex(json_object_array_get_idx(events, i), "type", &t) &&
            strcmp(json_object_get_string(t), type) == 0)
            n++;
    }
    th_free(&r);
    return n;
}

static th_resp get_copy(long long evidence_id, const char *role)
{
    char path[64];
    snprintf(path, sizeof path, "/evidence/%lld", evidence_id);
    return th_call("GET", path, role, NULL, NULL);
}

static void assert_inert_text(const th_resp *r)
{
    ck_assert_str_eq(json_object_get_string(json_object_object_get(r->envelope, "content_type")),
                     "text/plain; charset=utf-8");
    json_object *headers = json_object_object_get(r->envelope, "headers");
    ck_assert_msg(json_object_is_type(headers, json_type_object), "no headers in %s",
                  json_object_to_json_string(r->envelope));
    const char *csp = json_object_get_string(json_object_object_get(headers,
                                                                    "Content-Security-Policy"));
    ck_assert_msg(csp && strstr(csp, "default-src 'none'") && strstr(csp, "sandbox"),
                  "Content-Security-Policy %s", csp ? csp : "(none)");
    const char *nosniff = json_object_get_string(json_object_object_get(headers,
                                                                        "X-Content-Type-Options"));
    ck_assert_msg(nosniff && strcmp(nosniff, "nosniff") == 0, "X-Content-Type-Options %s",
                  nosniff ? nosniff : "(none)");
    ck_assert(json_object_is_type(r->body, json_type_string));
}

/* GET /evidence?status=failed as role. */
static th_resp failed_list(const char *role)
{
    return th_call("GET", "/evidence", role, "{\"status\":\"failed\",\"limit\":\"100\"}", NULL);
}

static bool list_has(const th_resp *r, long long evidence_id)
{
    json_object *list = th_get(r, "evidence");
    ck_assert_msg(json_object_is_type(list, json_type_array), "%s",
                  json_object_to_json_string(r->body));
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i);
        if (ev_int(e, "id") == evidence_id) {
            ck_assert_str_eq(ev_str(e, "status"), "failed");
            ck_assert(ev_str(e, "error")[0] != '\0');
            return true;
        }
    }
    return false;
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(archives_the_police_page)
{
    char hooks[512];
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);
    snprintf(hooks, sizeof hooks, "[{\"url\":\"%s\",\"secret\":\"" SECRET "\","
             "\"events\":[\"evidence.archived\"]}]", th_httpd_url("/hook"));
    th_instance = open_instance(hooks, NULL);
    const char *url = th_httpd_url("/police");
    char expected_sha[65];
    th_sha256_hex(th_police_html, strlen(th_police_html), expected_sha);

    long long claim = claim_with_source(url);
    json_object *e = settled(claim, url, 30000);
    assert_shape(e);
    ck_assert_msg(strcmp(ev_str(e, "status"), "archived") == 0, "%s",
                  json_object_to_json_string(e));
    ck_assert_int_eq(ev_int(e, "http_status"), 200);
    ck_assert_str_eq(ev_str(e, "title"), POLICE_TITLE);
    ck_assert_msg(strncmp(ev_str(e, "content_type"), "text/html", 9) == 0, "content_type %s",
                  ev_str(e, "content_type"));
    ck_assert_int_eq(ev_int(e, "size"), (long long)strlen(th_police_html));
    ck_assert_str_eq(ev_str(e, "sha256"), expected_sha);
    ck_assert(!ev_true(e, "truncated"));
    ck_assert_str_eq(ev_str(e, "final_url"), url);
    ck_assert(ev_str(e, "fetched_at")[0] != '\0');
    ck_assert_int_ge(ev_int(e, "attempts"), 1);
    ck_assert_str_eq(ev_str(e, "error"), "");
    long long evidence_id = ev_int(e, "id");
    json_object_put(e);

    ck_assert_uint_eq(th_httpd_count_path("/police"), 1);
    th_request rq;
    for (size_t i = 0; th_httpd_request(i, &rq); i++) {
        if (strcmp(rq.path, "/police") == 0)
            ck_assert_str_eq(rq.method, "GET");
        th_request_free(&rq);
    }
    ck_assert_uint_eq(timeline_count(claim, "evidence_archived"), 1);
    ck_assert_uint_eq(timeline_count(claim, "evidence_failed"), 0);

    /* the webhook hears of it */
    ck_assert_msg(th_httpd_wait_path("/hook", 1, 20000), "no evidence.archived webhook");
    for (size_t i = 0; th_httpd_request(i, &rq); i++) {
        if (strcmp(rq.path, "/hook") == 0) {
            ck_assert_str_eq(rq.event, "evidence.archived");
            ck_assert(th_signature_ok(SECRET, rq.timestamp, rq.body, rq.body_len, rq.signature));
            json_object *body = json_tokener_parse(rq.body);
            ck_assert_ptr_nonnull(body);
            ck_assert_int_eq(json_object_get_int64(json_object_object_get(body, "claim_id")),
                             claim);
            json_object_put(body);
        }
        th_request_free(&rq);
    }

    /* the archived copy: inert text, for readers once published */
    th_resp r = get_copy(evidence_id, "editor");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.envelope));
    assert_inert_text(&r);
    ck_assert_str_eq(json_object_get_string(r.body), th_police_html);
    th_free(&r);
    r = get_copy(evidence_id, NULL);
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
    publish(claim);
    r = get_copy(evidence_id, NULL);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.envelope));
    assert_inert_text(&r);
    ck_assert_str_eq(json_object_get_string(r.body), th_police_html);
    th_free(&r);
    r = get_copy(987654321, "moderator");
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
}
END_TEST

/* A page that is not UTF-8 text (a PDF, an image) is archived byte for
   byte and served as application/octet-stream, its body in base64 with
   "body_encoding": "base64" in the envelope (ABI v1's extension), so that
   no byte is lost or changed on the way to the host. */
START_TEST(a_binary_page_is_served_in_base64)
{
    static const char pdf[] = "%PDF-1.4\n\x00\xff\xfe\x80 \"bytes\" \\ \x01\x02\n%%EOF";
    const size_t pdf_len = sizeof pdf - 1;
    th_httpd_respond("/report.pdf", 200, "application/pdf", pdf, pdf_len);
    th_instance = open_instance(NULL, NULL);

    long long claim = claim_with_source(th_httpd_url("/report.pdf"));
    json_object *e = settled(claim, th_httpd_url("/report.pdf"), 30000);
    ck_assert_msg(strcmp(ev_str(e, "status"), "archived") == 0, "%s",
                  json_object_to_json_string(e));
    ck_assert_int_eq(ev_int(e, "size"), (long long)pdf_len);
    th_resp r = get_copy(ev_int(e, "id"), "editor");
    json_object_put(e);

    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.envelope));
    ck_assert_str_eq(json_object_get_string(json_object_object_get(r.envelope, "content_type")),
                     "application/octet-stream");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(r.envelope, "body_encoding")),
                     "base64");
    const char *b64 = json_object_get_string(r.body);
    size_t b64_len = strlen(b64);
    unsigned char bytes[128];
    ck_assert_uint_le(b64_len, 4 * sizeof bytes / 3);
    int n = EVP_DecodeBlock(bytes, (const unsigned char *)b64, (int)b64_len);
    n -= (b64_len > 0 && b64[b64_len - 1] == '=') + (b64_len > 1 && b64[b64_len - 2] == '=');
    ck_assert_int_eq(n, (int)pdf_len);
    ck_assert_mem_eq(bytes, pdf, pdf_len);
    th_free(&r);
}
END_TEST

START_TEST(archives_a_response_url)
{
    static const char text[] = "Департамент полиции: данные о преступности Астаны\n";
    th_httpd_respond("/statement.txt", 200, "text/plain; charset=utf-8", text, strlen(text));
    th_instance = open_instance(NULL, NULL);
    long long claim = claim_with_source(th_httpd_url("/police"));
    const char *url = th_httpd_url("/statement.txt");
    link_response(claim, url);

    json_object *e = settled(claim, url, 30000);
    ck_assert_msg(strcmp(ev_str(e, "status"), "archived") == 0, "%s",
                  json_object_to_json_string(e));
    char expected_sha[65];
    th_sha256_hex(text, strlen(text), expected_sha);
    ck_assert_int_eq(ev_int(e, "http_status"), 200);
    ck_assert_int_eq(ev_int(e, "size"), (long long)strlen(text));
    ck_assert_str_eq(ev_str(e, "sha256"), expected_sha);
    ck_assert_msg(strncmp(ev_str(e, "content_type"), "text/plain", 10) == 0, "%s",
                  ev_str(e, "content_type"));
    long long evidence_id = ev_int(e, "id");
    json_object_put(e);
    e = settled(claim, th_httpd_url("/police"), 30000);
    ck_assert_str_eq(ev_str(e, "status"), "archived");
    ck_assert(ev_int(e, "id") != evidence_id);
    json_object_put(e);
    ck_assert_uint_eq(timeline_count(claim, "evidence_archived"), 2);

    th_resp r = get_copy(evidence_id, "editor");
    ck_assert_int_eq(r.status, 200);
    assert_inert_text(&r);
    ck_assert_str_eq(json_object_get_string(r.body), text);
    th_free(&r);
}
END_TEST

/* Readers' notices link each source to its archived copy, at the address
   the host gave as publisher.evidence_url. */
START_TEST(notices_link_the_archived_copy)
{
    static const char text[] = "Департамент полиции: данные о преступности Астаны\n";
    char *base = config_json(NULL, NULL), *error = NULL, path[96], expected[160];
    json_object *cfg = json_tokener_parse(base);
    json_object_object_add(cfg, "publisher", json_tokener_parse(
        "{\"name\":\"Factcheck.kz\",\"evidence_url\":\"https://factcheck.kz/archive/{id}?v=1\"}"));
    th_httpd_respond("/statement.txt", 200, "text/plain; charset=utf-8", text, strlen(text));
    th_instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    ck_assert_msg(th_instance != NULL, "open: %s", error ? error : "?");
    json_object_put(cfg);
    free(base);

    long long claim = claim_with_source(th_httpd_url("/police"));
    link_response(claim, th_httpd_url("/statement.txt"));
    json_object *e = settled(claim, th_httpd_url("/statement.txt"), 30000);
    ck_assert_str_eq(ev_str(e, "status"), "archived");
    snprintf(expected, sizeof expected,
             "class=\"ct-archive\" href=\"https://factcheck.kz/archive/%lld?v=1\"", ev_int(e, "id"));
    json_object_put(e);
    snprintf(path, sizeof path, "/claims/%lld/mentions", claim);
    th_resp r = th_call("POST", path, "editor", NULL,
                        "{\"article_id\":\"archive-article\",\"quote\":{\"exact\":\"как в Каракасе\"}}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    publish(claim);
    r = th_call("GET", "/articles/archive-article/notices", NULL, "{\"format\":\"html\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    const char *html = json_object_get_string(r.body);
    ck_assert_msg(strstr(html, expected) != NULL, "no archive link %s in:\n%s", expected, html);
    ck_assert_ptr_nonnull(strstr(html, "Архивная копия"));
    th_free(&r);
}
END_TEST

START_TEST(redirects_are_followed_up_to_five)
{
    char from[32], to[64];
    th_instance = open_instance(NULL, NULL);
    /* /five/1 -> ... -> /five/5 -> /police: five redirects */
    for (int i = 1; i <= 5; i++) {
        snprintf(from, sizeof from, "/five/%d", i);
        if (i < 5)
            snprintf(to, sizeof to, "/five/%d", i + 1);
        else
            snprintf(to, sizeof to, "/police");
        th_httpd_redirect(from, th_httpd_url(to));
    }
    /* /six/1 -> ... -> /six/6 -> /police: six */
    for (int i = 1; i <= 6; i++) {
        snprintf(from, sizeof from, "/six/%d", i);
        if (i < 6)
            snprintf(to, sizeof to, "/six/%d", i + 1);
        else
            snprintf(to, sizeof to, "/police");
        th_httpd_redirect(from, th_httpd_url(to));
    }
    long long five = claim_with_source(th_httpd_url("/five/1"));
    long long six = claim_with_source(th_httpd_url("/six/1"));

    json_object *e = settled(five, th_httpd_url("/five/1"), 30000);
    ck_assert_msg(strcmp(ev_str(e, "status"), "archived") == 0, "%s",
                  json_object_to_json_string(e));
    ck_assert_int_eq(ev_int(e, "http_status"), 200);
    ck_assert_str_eq(ev_str(e, "final_url"), th_httpd_url("/police"));
    ck_assert_str_eq(ev_str(e, "title"), POLICE_TITLE);
    json_object_put(e);

    e = settled(six, th_httpd_url("/six/1"), 60000);
    assert_failed(e);
    json_object_put(e);
    ck_assert_uint_eq(timeline_count(six, "evidence_failed"), 1);
    ck_assert_uint_eq(timeline_count(six, "evidence_archived"), 0);
    /* the police page was fetched through the five, never through the six */
    ck_assert_uint_eq(th_httpd_count_path("/police"), 1);
}
END_TEST

START_TEST(redirect_to_a_private_address_is_refused)
{
    ck_assert_msg(th_httpd_listen_also("127.0.0.2"), "cannot listen on 127.0.0.2");
    char target[128];
    snprintf(target, sizeof target, "http://127.0.0.2:%u/police", th_httpd_port());
    th_httpd_redirect("/to-loopback", target);
    th_httpd_redirect("/to-ten", "http://10.0.0.1/internal");
    th_instance = open_instance(NULL, NULL);      /* allow_private: 127.0.0.1/32 only */

    long long a = claim_with_source(th_httpd_url("/to-loopback"));
    long long b = claim_with_source(th_httpd_url("/to-ten"));
    json_object *e = settled(a, th_httpd_url("/to-loopback"), 60000);
    assert_failed(e);
    long long failed_a = ev_int(e, "id");
    json_object_put(e);
    e = settled(b, th_httpd_url("/to-ten"), 60000);
    assert_failed(e);
    long long failed_b = ev_int(e, "id");
    json_object_put(e);

    ck_assert_uint_ge(th_httpd_count_path("/to-loopback"), 1);     /* it asked, then refused */
    ck_assert_uint_eq(th_httpd_count_path("/police"), 0);          /* 127.0.0.2 never reached */
    ck_assert_uint_eq(timeline_count(a, "evidence_failed"), 1);
    ck_assert_uint_eq(timeline_count(a, "evidence_archived"), 0);

    /* moderators see the failures; readers and editors may not */
    th_resp r = failed_list("moderator");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(list_has(&r, failed_a));
    ck_assert(list_has(&r, failed_b));
    th_free(&r);
    r = failed_list(NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = failed_list("editor");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
}
END_TEST

START_TEST(redirect_to_ftp_is_refused)
{
    char target[128];
    snprintf(target, sizeof target, "ftp://127.0.0.1:%u/police", th_httpd_port());
    th_httpd_redirect("/to-ftp", target);
    th_httpd_redirect("/to-file", "file:///etc/passwd");
    th_instance = open_instance(NULL, NULL);
    long long a = claim_with_source(th_httpd_url("/to-ftp"));
    long long b = claim_with_source(th_httpd_url("/to-file"));

    json_object *e = settled(a, th_httpd_url("/to-ftp"), 60000);
    assert_failed(e);
    json_object_put(e);
    e = settled(b, th_httpd_url("/to-file"), 60000);
    assert_failed(e);
    ck_assert_msg(strstr(ev_str(e, "error"), "root:") == NULL, "%s", ev_str(e, "error"));
    long long file_id = ev_int(e, "id");
    json_object_put(e);
    ck_assert_uint_eq(th_httpd_count_path("/police"), 0);
    th_resp r = get_copy(file_id, "editor");                /* nothing to serve */
    ck_assert_msg(r.status == 404, "%s", json_object_to_json_string(r.envelope));
    ck_assert_str_eq(th_error_code(&r), "not_found");
    th_free(&r);
}
END_TEST

START_TEST(large_body_is_cut_at_the_cap)
{
    enum { CAP = 65536, SERVED = 2 * 1024 * 1024 };
    th_httpd_large("/big", SERVED, "Большая страница");
    th_instance = open_instance(NULL, "{\"max_body_bytes\":65536}");
    long long claim = claim_with_source(th_httpd_url("/big"));

    json_object *e = settled(claim, th_httpd_url("/big"), 30000);
    ck_assert_msg(strcmp(ev_str(e, "status"), "archived") == 0, "%s",
                  json_object_to_json_string(e));
    char *served = th_httpd_large_body(SERVED, "Большая страница");
    char expected_sha[65];
    th_sha256_hex(served, CAP, expected_sha);
    ck_assert_int_eq(ev_int(e, "http_status"), 200);
    ck_assert(ev_true(e, "truncated"));
    ck_assert_int_eq(ev_int(e, "size"), CAP);
    ck_assert_str_eq(ev_str(e, "sha256"), expected_sha);
    ck_assert_str_eq(ev_str(e, "title"), "Большая страница");
    long long evidence_id = ev_int(e, "id");
    json_object_put(e);

    th_resp r = get_copy(evidence_id, "moderator");
    ck_assert_int_eq(r.status, 200);
    assert_inert_text(&r);
    const char *copy = json_object_get_string(r.body);
    ck_assert_uint_eq(strlen(copy), CAP);
    ck_assert(memcmp(copy, served, CAP) == 0);
    th_free(&r);
    free(served);
}
END_TEST

START_TEST(black_hole_times_out_and_fails)
{
    unsigned hole = th_blackhole_start();
    ck_assert_uint_ne(hole, 0);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/never", hole);
    th_instance = open_instance(NULL, "{\"evidence_attempts\":2,\"timeout_ms\":1500,"
                                      "\"connect_timeout_ms\":1000,\"retry_base_ms\":100}");
    long long claim = claim_with_source(url);

    json_object *e = settled(claim, url, 60000);
    assert_failed(e);
    ck_assert_int_eq(ev_int(e, "attempts"), 2);
    long long evidence_id = ev_int(e, "id");
    json_object_put(e);
    ck_assert_uint_eq(timeline_count(claim, "evidence_failed"), 1);
    ck_assert_uint_eq(timeline_count(claim, "evidence_archived"), 0);

    th_resp r = failed_list("moderator");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(list_has(&r, evidence_id));
    th_free(&r);
    r = failed_list("admin");
    ck_assert_int_eq(r.status, 200);
    ck_assert(list_has(&r, evidence_id));
    th_free(&r);
    r = failed_list(NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
}
END_TEST

START_TEST(a_missing_page_is_not_archived)
{
    /* a page that is gone answers 404 with a page of its own: that is not
       the source, and it is never kept as its copy */
    static const char gone[] = "<html><head><title>Страница не найдена</title></head>"
                               "<body>404</body></html>";
    th_httpd_respond("/gone", 404, "text/html; charset=utf-8", gone, sizeof gone - 1);
    th_instance = open_instance(NULL, "{\"workers\":false,\"evidence_attempts\":1}");
    const char *url = th_httpd_url("/gone");
    long long claim = claim_with_source(url);

    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "evidence"), 1);
    th_free(&r);
    json_object *e = evidence_of(claim, url);
    ck_assert_ptr_nonnull(e);
    assert_failed(e);
    ck_assert_str_eq(ev_str(e, "error"), "the server answered HTTP 404");
    ck_assert_int_eq(ev_int(e, "attempts"), 1);
    long long evidence_id = ev_int(e, "id");
    json_object_put(e);
    ck_assert_uint_eq(th_httpd_count_path("/gone"), 1);
    ck_assert_uint_eq(timeline_count(claim, "evidence_archived"), 0);
    ck_assert_uint_eq(timeline_count(claim, "evidence_failed"), 1);
    r = get_copy(evidence_id, "editor");
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
}
END_TEST

START_TEST(loopback_is_refused_by_default)
{
    th_instance = open_instance(NULL, "{\"allow_private\":null}");
    const char *url = th_httpd_url("/police");
    long long claim = claim_with_source(url);
    json_object *e = settled(claim, url, 60000);
    assert_failed(e);
    json_object_put(e);
    ck_assert_uint_eq(th_httpd_count_path("/police"), 0);   /* never reached */

    char localhost[128];                                    /* nor by name */
    snprintf(localhost, sizeof localhost, "http://localhost:%u/police", th_httpd_port());
    long long other = claim_with_source(localhost);
    e = settled(other, localhost, 60000);
    assert_failed(e);
    json_object_put(e);
    ck_assert_uint_eq(th_httpd_count_path("/police"), 0);

    th_resp r = failed_list("moderator");
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(json_object_array_length(th_get(&r, "evidence")), 2);
    th_free(&r);
}
END_TEST

START_TEST(jobs_run_archives_without_workers)
{
    th_instance = open_instance(NULL, "{\"workers\":false}");
    const char *url = th_httpd_url("/police");
    long long claim = claim_with_source(url);
    /* nobody fetches by itself: no worker's connection, and the evidence waits */
    ck_assert_int_eq(th_worker_connections_on(dbname), 0);
    ck_assert_uint_eq(th_httpd_count(), 0);
    json_object *e = evidence_of(claim, url);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(ev_str(e, "status"), "pending");
    json_object_put(e);

    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "evidence"), 1);
    ck_assert_int_eq(th_int(&r, "deliveries"), 0);
    th_free(&r);
    e = evidence_of(claim, url);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(ev_str(e, "status"), "archived");
    ck_assert_str_eq(ev_str(e, "title"), POLICE_TITLE);
    json_object_put(e);
    ck_assert_uint_eq(th_httpd_count_path("/police"), 1);
}
END_TEST

/* Sources that fail at once, with retries due a few milliseconds later
   (retry_base_ms at its minimum): one POST /jobs/run fetches each once,
   not again and again until the call's passes run out. */
START_TEST(jobs_run_fetches_each_source_once)
{
    enum { SOURCES = 20 };
    th_instance = open_instance(NULL, "{\"workers\":false,\"retry_base_ms\":10,"
                                      "\"evidence_attempts\":10}");
    for (int i = 0; i < SOURCES; i++) {
        char path[32];
        snprintf(path, sizeof path, "/down%d", i);
        th_httpd_status(path, 500);
        claim_with_source(th_httpd_url(path));
    }
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "evidence"), SOURCES);
    ck_assert(!json_object_get_boolean(th_get(&r, "more")));
    th_free(&r);
    char row[64];
    th_text_on(dbname, "SELECT count(*) || ' ' || min(attempts) || ' ' || max(attempts) || ' ' ||"
               " count(*) FILTER (WHERE status = 'pending') FROM ct_evidence", row, sizeof row);
    ck_assert_str_eq(row, "20 1 1 20");
    ck_assert_uint_eq(th_httpd_count(), SOURCES);
}
END_TEST

/* POST /jobs/run as an admin, on a thread of its own: the status. */
static void *run_jobs(void *status)
{
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    *(int *)status = r.status;
    th_free(&r);
    return NULL;
}

/* A fetch that stalls past its lease, while another worker takes the row
   again, must not settle the newer attempt: no second snapshot (and no
   second evidence_archived event on the timeline) for a page fetched
   twice, and no failure of a row the newer attempt holds. The server
   holds the first fetch while the database takes the row again, as a
   second worker does when a lease runs out. */
START_TEST(a_stalled_fetch_does_not_settle_a_newer_attempt)
{
    static const char *const paths[] = {"/police", "/gone"};
    th_httpd_status("/gone", 404);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        th_httpd_hold(paths[i]);
        th_instance = open_instance(NULL, "{\"workers\":false,\"evidence_attempts\":1}");
        claim_with_source(th_httpd_url(paths[i]));
        pthread_t worker;
        int status = 0;
        ck_assert_int_eq(pthread_create(&worker, NULL, run_jobs, &status), 0);
        ck_assert_msg(th_httpd_wait_path(paths[i], 1, 20000), "%s: no fetch arrived", paths[i]);
        ck_assert_str_eq(th_sql_exec_on(dbname, "UPDATE ct_evidence SET attempts = attempts + 1,"
                                                " lease_until = now() + interval '1 hour'"
                                                " WHERE status = 'pending' RETURNING attempts"), "2");
        th_httpd_release();
        ck_assert_int_eq(pthread_join(worker, NULL), 0);
        ck_assert_int_eq(status, 200);
        char row[128];
        th_text_on(dbname, "SELECT status || ' ' || attempts || ' ' || (error IS NULL) || ' '"
                   " || (lease_until > now()) || ' ' || (SELECT count(*) FROM ct_events"
                   "   WHERE type IN ('evidence_archived', 'evidence_failed'))"
                   " FROM ct_evidence", row, sizeof row);
        ck_assert_msg(strcmp(row, "pending 2 true true 0") == 0, "%s: %s", paths[i], row);
        th_teardown();
        th_instance = NULL;
        th_sql_exec_on(dbname, "DELETE FROM ct_evidence");
    }
}
END_TEST

/* The plan PostgreSQL runs for GET /evidence?status=failed on a warm
   connection (the sixth run of the prepared statement), with its counts
   (EXPLAIN ANALYZE, as JSON), into plan. */
static void failed_list_plan(char *plan, size_t size)
{
    const ct_stmt *list = NULL;
    for (size_t i = 0; ct_evidence_sql[i]; i++)
        if (strcmp(ct_evidence_sql[i]->name, "ct_evidence_list_status") == 0)
            list = ct_evidence_sql[i];
    ck_assert_ptr_nonnull(list);
    th_warm_plan_on(dbname, list->sql, "text, int", "'failed', 100", plan, size);
}

/* The pages a plan of failed_list_plan read, in memory or not: its top
   node's counts, which take in every node below it. */
static long plan_pages(const char *plan)
{
    json_object *root = json_tokener_parse(plan), *top = NULL, *hit = NULL, *read = NULL;
    ck_assert_msg(root && json_object_is_type(root, json_type_array), "%s", plan);
    ck_assert_msg(json_object_object_get_ex(json_object_array_get_idx(root, 0), "Plan", &top),
                  "%s", plan);
    ck_assert_msg(json_object_object_get_ex(top, "Shared Hit Blocks", &hit)
                  && json_object_object_get_ex(top, "Shared Read Blocks", &read), "%s", plan);
    long pages = (long)json_object_get_int64(hit) + (long)json_object_get_int64(read);
    json_object_put(root);
    return pages;
}

START_TEST(a_status_list_reads_only_its_rows)
{
    /* a healthy desk: one source failed, twenty thousand archived after it */
    th_instance = open_instance(NULL, "{\"workers\":false}");
    long long claim = claim_with_source(th_httpd_url("/police"));
    char sql[1024], plan[16384];
    snprintf(sql, sizeof sql,
        "UPDATE ct_evidence SET status = 'failed', attempts = 5,"
        "  error = 'the server answered HTTP 404' WHERE claim_id = %lld;"
        " INSERT INTO ct_evidence (claim_id, url, status, attempts, http_status, final_url, size,"
        "  sha256, body, fetched_at)"
        " SELECT %lld, 'https://police.example.kz/' || g, 'archived', 1, 200,"
        "  'https://police.example.kz/' || g, 0, encode(sha256(''), 'hex'), '', now()"
        " FROM generate_series(1, 20000) g;"
        " ANALYZE ct_evidence", claim, claim);
    ck_assert_str_eq(th_sql_exec_on(dbname, sql), "");

    th_resp r = failed_list("moderator");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_uint_eq(json_object_array_length(th_get(&r, "evidence")), 1);
    ck_assert(list_has(&r, 1));
    th_free(&r);
    /* without a status: the newest, in ascending id order */
    r = th_call("GET", "/evidence", "moderator", "{\"limit\":\"2\"}", NULL);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    json_object *list = th_get(&r, "evidence");
    ck_assert_uint_eq(json_object_array_length(list), 2);
    ck_assert_int_eq(ev_int(json_object_array_get_idx(list, 0), "id"), 20000);
    ck_assert_int_eq(ev_int(json_object_array_get_idx(list, 1), "id"), 20001);
    th_free(&r);

    /* the failed row is read, and none of the archived: no row is read
       and put aside, and a few pages are read (4: 019's index, a root and
       a leaf, and the row's page), where an index that does not lead with
       the status reads every archived row's entry too (102 pages for one
       on (id, status), whose entries PostgreSQL checks without reading
       the rows, so that no row is put aside), and the table read whole
       some hundreds (719) */
    failed_list_plan(plan, sizeof plan);
    ck_assert_msg(strstr(plan, "Rows Removed by Filter") == NULL, "%s", plan);
    ck_assert_msg(plan_pages(plan) < 12, "%ld pages: %s", plan_pages(plan), plan);
    /* the rules see what they are there to see: without 019's index */
    ck_assert_str_eq(th_sql_exec_on(dbname, "DROP INDEX ct_evidence_status_idx"), "");
    failed_list_plan(plan, sizeof plan);
    ck_assert_msg(plan_pages(plan) >= 50, "%ld pages: %s", plan_pages(plan), plan);
}
END_TEST

START_TEST(close_is_bounded_while_a_fetch_hangs)
{
    unsigned hole = th_blackhole_start();
    ck_assert_uint_ne(hole, 0);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/never", hole);
    th_instance = open_instance(NULL, "{\"timeout_ms\":60000,\"connect_timeout_ms\":30000,"
                                      "\"evidence_attempts\":5}");
    long long claim = claim_with_source(url);
    ck_assert_msg(th_blackhole_wait(1, 20000), "the fetch never connected to the hole");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    th_plugin()->close(th_instance);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    th_instance = NULL;
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(seconds < 10.0, "close() took %.1f s", seconds);

    th_instance = open_instance(NULL, "{\"workers\":false}");
    json_object *e = evidence_of(claim, url);
    ck_assert_ptr_nonnull(e);
    ck_assert_msg(strcmp(ev_str(e, "status"), "pending") == 0, "queued fetch lost: %s",
                  json_object_to_json_string(e));
    json_object_put(e);
}
END_TEST

int main(void)
{
    /* archive: what is kept of a source, and how readers reach it */
    const TTest *const archive[] = {
        archives_the_police_page, archives_a_response_url, a_binary_page_is_served_in_base64,
        notices_link_the_archived_copy, large_body_is_cut_at_the_cap,
        a_missing_page_is_not_archived, NULL};
    /* refusals: redirects, addresses and servers a fetch does not follow */
    const TTest *const refusals[] = {
        redirects_are_followed_up_to_five, redirect_to_a_private_address_is_refused,
        redirect_to_ftp_is_refused, black_hole_times_out_and_fails,
        loopback_is_refused_by_default, NULL};
    /* jobs: fetches made by POST /jobs/run or by workers, and closing */
    const TTest *const jobs[] = {
        jobs_run_archives_without_workers, jobs_run_fetches_each_source_once,
        a_stalled_fetch_does_not_settle_a_newer_attempt, a_status_list_reads_only_its_rows,
        close_is_bounded_while_a_fetch_hangs, NULL};

    Suite *s = suite_create("evidence");
    th_add_case(s, tcase_create("archive"), setup, teardown, 120, archive);
    th_add_case(s, tcase_create("refusals"), setup, teardown, 120, refusals);
    th_add_case(s, tcase_create("jobs"), setup, teardown, 120, jobs);
    return th_run_suite(s);
}
