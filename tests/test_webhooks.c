/*
 * test_webhooks.c -- webhook delivery (src/jobs/webhooks.c, src/jobs/outbound.c)
 * through the plugin, against a real HTTP receiver on 127.0.0.1
 * (tests/httpd.c), each test on a fresh database of its own:
 *
 *  - a receiver that is down for a while and comes back gets every event,
 *    in order per claim, duplicates only under the same id;
 *  - the body and headers follow the contract; the signature verifies with
 *    the secret and not with another secret, a tampered body or timestamp;
 *  - a webhook gets only the event types it asked for;
 *  - a request that fails (409, 400, 403) sends nothing;
 *  - a receiver that always answers 500 gets the delivery dead-lettered
 *    after retry_for_s (GET /deliveries?status=dead), and a moderator's
 *    POST /deliveries/{id}/redeliver delivers it once the receiver is back;
 *  - "workers": false sends nothing by itself, POST /jobs/run (admin) does,
 *    trying each row at most once per call, and starting no delivery once
 *    its max_ms is spent (the rest go back untried; "more" says so);
 *  - a process that dies between commit and delivery loses nothing: the
 *    next instance delivers it;
 *  - close() returns within a bounded time while a delivery hangs on a
 *    receiver that never answers, and the delivery stays queued;
 *  - two instances sharing one database deliver each event once;
 *  - an instance has one listening connection, and it wakes the workers.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"
#include "job.h"
#include "testhost.h"

/* The plugin asks for secrets of at least 16 characters; the contract's own
   example, "s3cret", is tried in contract_example_config_opens. */
#define SECRET "s3cret-0123456789abcdef"
#define SECRET_B64 "czNjcmV0LTAxMjM0NTY3ODlhYmNkZWY="    /* base64 of SECRET */
#define MAX_GOT 256

static char dbname[64];
static void *second_instance;

/* ---- fixture: a fresh database and the receiver -------------------------- */

static void new_database(void)
{
    th_new_database("ct_hooks", dbname, sizeof dbname);
}

static void setup(void)
{
    th_instance = NULL;
    second_instance = NULL;
    new_database();
    ck_assert_uint_ne(th_httpd_start(0), 0);
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);
}

static void teardown(void)
{
    if (second_instance)
        th_plugin()->close(second_instance);
    second_instance = NULL;
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

/* [{"url": <the receiver's path>, "secret": SECRET, "events": events}] */
static const char *one_hook(const char *path, const char *events_json)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "[{\"url\":\"%s\",\"secret\":\"" SECRET "\",\"events\":%s}]",
             th_httpd_url(path), events_json);
    return buf;
}

/* ---- the plugin's side ---------------------------------------------------- */

static long long new_claim(void)
{
    return atoll(th_new_claim(NULL));
}

static void link_response(long long claim)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    th_resp r = th_call("POST", path, "editor", NULL,
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции Астаны\"},"
        "\"issued_at\":\"2025-12-01\",\"summary\":\"Полиция опровергла сравнение\"}");
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
    th_free(&r);
}

static long long claim_version(long long claim)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld", claim);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    long long v = th_int(&r, "version");
    th_free(&r);
    return v;
}

/* rebutted, rated False and published: status_changed, verdict_changed, published */
static void publish_verdict(long long claim)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}", claim_version(claim));
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);
}

/* GET /deliveries?status=... as a moderator (status NULL: no filter). */
static th_resp deliveries(const char *status)
{
    char query[128];
    if (status)
        snprintf(query, sizeof query, "{\"status\":\"%s\",\"limit\":\"100\"}", status);
    else
        snprintf(query, sizeof query, "{\"limit\":\"100\"}");
    th_resp r = th_call("GET", "/deliveries", "moderator", query, NULL);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(json_object_is_type(th_get(&r, "deliveries"), json_type_array));
    return r;
}

static size_t delivery_count(const char *status)
{
    th_resp r = deliveries(status);
    size_t n = json_object_array_length(th_get(&r, "deliveries"));
    th_free(&r);
    return n;
}

static bool wait_deliveries(const char *status, size_t n, int timeout_ms)
{
    for (int waited = 0;; waited += 50) {
        if (delivery_count(status) >= n)
            return true;
        if (waited >= timeout_ms)
            return false;
        usleep(50000);
    }
}

/* ---- the receiver's side -------------------------------------------------- */

typedef struct got {
    char      id[128];
    char      type[64];
    long long claim_id;
} got;

/* Every request to path in order of arrival, each checked against the
   contract (headers, body, signature). Returns how many. */
static size_t received(const char *path, got *out, size_t max)
{
    size_t n = 0, total = th_httpd_count();
    for (size_t i = 0; i < total && n < max; i++) {
        th_request rq;
        ck_assert(th_httpd_request(i, &rq));
        if (strcmp(rq.path, path) != 0) {
            th_request_free(&rq);
            continue;
        }
        ck_assert_str_eq(rq.method, "POST");
        ck_assert_msg(strncmp(rq.content_type, "application/json", 16) == 0,
                      "Content-Type %s", rq.content_type);
        json_object *body = json_tokener_parse(rq.body);
        ck_assert_msg(body != NULL, "webhook body is not JSON: %s", rq.body);
        json_object *v;
        ck_assert(json_object_object_get_ex(body, "id", &v));
        ck_assert(json_object_is_type(v, json_type_string));
        const char *id = json_object_get_string(v);
        ck_assert_msg(strncmp(id, "evt_", 4) == 0 && id[4] >= '0' && id[4] <= '9', "id %s", id);
        ck_assert_str_eq(rq.delivery, id);
        ck_assert(json_object_object_get_ex(body, "type", &v));
        ck_assert(json_object_is_type(v, json_type_string));
        ck_assert_str_eq(rq.event, json_object_get_string(v));
        ck_assert(json_object_object_get_ex(body, "claim_id", &v));
        ck_assert(json_object_is_type(v, json_type_int));
        out[n].claim_id = json_object_get_int64(v);
        ck_assert(json_object_object_get_ex(body, "occurred_at", &v));
        ck_assert(json_object_is_type(v, json_type_string));
        ck_assert(json_object_object_get_ex(body, "recorded_at", &v));
        ck_assert(json_object_is_type(v, json_type_string));
        ck_assert(json_object_object_get_ex(body, "data", &v));
        ck_assert(json_object_is_type(v, json_type_object));
        ck_assert_msg(th_signature_ok(SECRET, rq.timestamp, rq.body, rq.body_len, rq.signature),
                      "signature %s does not verify (timestamp %s)", rq.signature, rq.timestamp);
        /* Standard Webhooks too: the same id, and the secret's bytes as the key
           (an imported webhook's secret text is its whsec_ key) */
        ck_assert_str_eq(rq.wh_id, id);
        ck_assert_str_eq(rq.wh_timestamp, rq.timestamp);
        ck_assert_int_eq(th_standard_signature_count(&rq), 1);
        ck_assert_msg(th_standard_signatures_ok("whsec_" SECRET_B64, &rq) == 1,
                      "webhook-signature %s does not verify", rq.wh_signature);
        ck_assert_msg(strstr(rq.body, "\": ") == NULL && strstr(rq.body, "{ ") == NULL,
                      "the body is not compact JSON: %.200s", rq.body);
        snprintf(out[n].id, sizeof out[n].id, "%s", id);
        snprintf(out[n].type, sizeof out[n].type, "%s", rq.event);
        json_object_put(body);
        th_request_free(&rq);
        n++;
    }
    return n;
}

/* Keeps the first arrival of each id, in order; returns how many. */
static size_t distinct(got *list, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < kept && !seen; j++)
            if (strcmp(list[j].id, list[i].id) == 0) {
                ck_assert_str_eq(list[j].type, list[i].type);   /* same id, same event */
                ck_assert_int_eq(list[j].claim_id, list[i].claim_id);
                seen = true;
            }
        if (!seen)
            list[kept++] = list[i];
    }
    return kept;
}

static size_t distinct_received(const char *path, got *list)
{
    return distinct(list, received(path, list, MAX_GOT));
}

static bool wait_distinct(const char *path, size_t n, int timeout_ms)
{
    static got list[MAX_GOT];
    for (int waited = 0;; waited += 20) {
        if (th_httpd_count_path(path) >= n && distinct_received(path, list) >= n)
            return true;
        if (waited >= timeout_ms)
            return false;
        th_httpd_wait_path(path, th_httpd_count_path(path) + 1, 20);
    }
}

static size_t count_type(const got *list, size_t n, const char *type)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(list[i].type, type) == 0;
    return k;
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(receiver_down_for_a_while_gets_everything_in_order)
{
    static const char *const order[] = {"claim.recorded", "response.linked",
                                        "claim.status_changed", "claim.verdict_changed",
                                        "claim.published"};
    const size_t per_claim = sizeof order / sizeof order[0];
    unsigned port = th_httpd_port();
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), "{\"retry_for_s\":300}");

    th_httpd_stop();                          /* the receiver goes down */
    long long claims[2];
    for (int c = 0; c < 2; c++) {
        claims[c] = new_claim();
        link_response(claims[c]);
        publish_verdict(claims[c]);
    }
    /* the plugin tries while it is down: some pending delivery has failed */
    bool tried = false;
    for (int i = 0; i < 400 && !tried; i++) {
        th_resp r = deliveries("pending");
        json_object *list = th_get(&r, "deliveries");
        for (size_t k = 0; k < json_object_array_length(list); k++) {
            json_object *d = json_object_array_get_idx(list, k), *v, *e;
            ck_assert(json_object_object_get_ex(d, "last_error", &e));
            /* an attempt that has failed (one in flight has no error yet) */
            if (json_object_object_get_ex(d, "attempts", &v) && json_object_get_int(v) >= 1 &&
                e != NULL && json_object_get_string(e)[0] != '\0')
                tried = true;
        }
        th_free(&r);
        if (!tried)
            usleep(50000);
    }
    ck_assert_msg(tried, "no delivery was attempted while the receiver was down");
    ck_assert_uint_eq(delivery_count("delivered"), 0);
    usleep(300000);

    ck_assert_uint_eq(th_httpd_start(port), port);   /* and comes back */
    ck_assert_msg(wait_distinct("/hook", 2 * per_claim, 60000),
                  "only %zu of %zu events arrived", th_httpd_count_path("/hook"), 2 * per_claim);
    ck_assert_msg(wait_deliveries("delivered", 2 * per_claim, 20000), "not all marked delivered");
    ck_assert_uint_eq(delivery_count("pending"), 0);
    ck_assert_uint_eq(delivery_count("dead"), 0);

    static got list[MAX_GOT];
    size_t n = distinct_received("/hook", list);
    ck_assert_uint_eq(n, 2 * per_claim);      /* every event, each id once after dedup */
    for (int c = 0; c < 2; c++) {             /* first arrivals, per claim, in order */
        size_t at = 0;
        for (size_t i = 0; i < n; i++)
            if (list[i].claim_id == claims[c]) {
                ck_assert_msg(at < per_claim, "extra event %s", list[i].type);
                ck_assert_msg(strcmp(list[i].type, order[at]) == 0,
                              "claim %lld: event %zu is %s, expected %s",
                              claims[c], at, list[i].type, order[at]);
                at++;
            }
        ck_assert_uint_eq(at, per_claim);
    }
}
END_TEST

START_TEST(signature_verifies_only_with_the_secret)
{
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), NULL);
    long long claim = new_claim();
    ck_assert(th_httpd_wait_path("/hook", 1, 20000));

    th_request rq;
    ck_assert(th_httpd_request(0, &rq));
    ck_assert_str_eq(rq.path, "/hook");
    ck_assert_str_eq(rq.method, "POST");
    ck_assert_msg(strncmp(rq.content_type, "application/json", 16) == 0, "%s", rq.content_type);
    ck_assert_str_eq(rq.event, "claim.recorded");
    ck_assert_msg(strncmp(rq.signature, "v1=", 3) == 0 && strlen(rq.signature) == 3 + 64,
                  "signature header %s", rq.signature);
    long long ts = atoll(rq.timestamp);
    long long now = (long long)time(NULL);
    ck_assert_msg(ts > now - 300 && ts < now + 300, "timestamp %s, now %lld", rq.timestamp, now);

    json_object *body = json_tokener_parse(rq.body);
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(body, "id")), rq.delivery);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(body, "type")),
                     "claim.recorded");
    ck_assert_int_eq(json_object_get_int64(json_object_object_get(body, "claim_id")), claim);
    json_object_put(body);

    ck_assert(th_signature_ok(SECRET, rq.timestamp, rq.body, rq.body_len, rq.signature));
    ck_assert(!th_signature_ok("wrong-secret", rq.timestamp, rq.body, rq.body_len, rq.signature));
    ck_assert(!th_signature_ok("s3cret-0123456789abcde", rq.timestamp, rq.body, rq.body_len,
                               rq.signature));
    char *tampered = strdup(rq.body);                /* one byte of the body changed */
    char *digit = strpbrk(tampered, "0123456789");
    ck_assert_ptr_nonnull(digit);
    *digit = *digit == '9' ? '8' : (char)(*digit + 1);
    ck_assert(!th_signature_ok(SECRET, rq.timestamp, tampered, rq.body_len, rq.signature));
    free(tampered);
    char later[32];                                  /* replayed with another timestamp */
    snprintf(later, sizeof later, "%lld", ts + 1);
    ck_assert(!th_signature_ok(SECRET, later, rq.body, rq.body_len, rq.signature));
    th_request_free(&rq);
}
END_TEST

START_TEST(webhooks_get_only_the_events_they_asked_for)
{
    char hooks[2048];
    th_httpd_respond("/all", 200, "text/plain", "ok", 2);
    th_httpd_respond("/published", 200, "text/plain", "ok", 2);
    th_httpd_respond("/links", 204, NULL, "", 0);
    snprintf(hooks, sizeof hooks,
             "[{\"url\":\"%s\",\"secret\":\"" SECRET "\",\"events\":[\"*\"]},"
             "{\"url\":\"%s\",\"secret\":\"" SECRET "\",\"events\":[\"claim.published\"]},"
             "{\"url\":\"%s\",\"secret\":\"" SECRET "\","
             "\"events\":[\"claim.recorded\",\"response.linked\"]}]",
             th_httpd_url("/all"), th_httpd_url("/published"), th_httpd_url("/links"));
    th_instance = open_instance(hooks, NULL);

    long long claim = new_claim();
    link_response(claim);
    publish_verdict(claim);
    ck_assert(wait_distinct("/all", 5, 30000));
    ck_assert(wait_distinct("/published", 1, 30000));
    ck_assert(wait_distinct("/links", 2, 30000));
    ck_assert(wait_deliveries("delivered", 5 + 1 + 2, 20000));
    ck_assert_uint_eq(delivery_count("pending"), 0);

    static got list[MAX_GOT];
    size_t n = distinct_received("/published", list);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(list[0].type, "claim.published");
    ck_assert_int_eq(list[0].claim_id, claim);
    n = distinct_received("/links", list);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(count_type(list, n, "claim.recorded"), 1);
    ck_assert_uint_eq(count_type(list, n, "response.linked"), 1);
    n = distinct_received("/all", list);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(count_type(list, n, "claim.verdict_changed"), 1);
    ck_assert_uint_eq(delivery_count(NULL), 8);      /* and nothing queued for the rest */
}
END_TEST

START_TEST(failed_requests_send_nothing)
{
    char path[64], body[256];
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), NULL);
    long long claim = new_claim();
    ck_assert(wait_distinct("/hook", 1, 20000));

    snprintf(path, sizeof path, "/claims/%lld/review", claim);     /* stale version */
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}", claim_version(claim) + 5);
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 409);
    th_free(&r);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"disputed\","
             "\"publish\":true}", claim_version(claim));              /* not publishable */
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 422);
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);  /* invalid kind */
    r = th_call("POST", path, "editor", NULL,
                "{\"kind\":\"rumour\",\"by\":{\"name\":\"Кто-то\"},\"issued_at\":\"2025-12-01\","
                "\"summary\":\"x\"}");
    ck_assert_int_eq(r.status, 400);
    th_free(&r);
    r = th_call("POST", "/claims", "reader", NULL,                  /* not allowed */
                "{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-12-01\","
                "\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);

    link_response(claim);                                 /* then one that succeeds */
    ck_assert(wait_distinct("/hook", 2, 20000));
    ck_assert(wait_deliveries("delivered", 2, 20000));
    /* the failed requests queued nothing: the two events are all there is */
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM ct_outbox"), "2");

    static got list[MAX_GOT];
    size_t n = distinct_received("/hook", list);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(list[0].type, "claim.recorded");
    ck_assert_str_eq(list[1].type, "response.linked");
    ck_assert_uint_eq(delivery_count(NULL), 2);
}
END_TEST

START_TEST(dead_letter_then_redeliver)
{
    char path[96];
    th_httpd_status("/hook", 500);
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), "{\"retry_for_s\":3}");
    long long claim = new_claim();

    ck_assert_msg(wait_deliveries("dead", 1, 60000), "never dead-lettered");
    ck_assert_int_ge(th_worker_connections_on(dbname), 1);            /* the workers' listener */
    ck_assert_uint_eq(delivery_count("pending"), 0);
    ck_assert_uint_eq(delivery_count("delivered"), 0);
    th_resp r = deliveries("dead");
    ck_assert_uint_eq(json_object_array_length(th_get(&r, "deliveries")), 1);
    ck_assert_str_eq(th_str(&r, "deliveries/0/status"), "dead");
    ck_assert_str_eq(th_str(&r, "deliveries/0/type"), "claim.recorded");
    ck_assert_int_eq(th_int(&r, "deliveries/0/claim_id"), claim);
    ck_assert_str_eq(th_str(&r, "deliveries/0/url"), th_httpd_url("/hook"));
    ck_assert_int_ge(th_int(&r, "deliveries/0/attempts"), 2);          /* it was retried */
    ck_assert_msg(th_str(&r, "deliveries/0/last_error")[0] != '\0', "no last_error");
    const char *fields[] = {"id", "event_id", "next_attempt_at", "created_at", "delivered_at"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "deliveries/0/%s", fields[i]);
        json_object *d = json_object_array_get_idx(th_get(&r, "deliveries"), 0);
        ck_assert_msg(json_object_object_get_ex(d, fields[i], NULL), "no %s", key);
    }
    ck_assert(th_get(&r, "deliveries/0/delivered_at") == NULL);        /* null */
    char id[64];
    snprintf(id, sizeof id, "%s", th_str(&r, "deliveries/0/id"));
    th_free(&r);
    size_t tries = th_httpd_count_path("/hook");
    ck_assert_uint_ge(tries, 2);
    static got list[MAX_GOT];
    ck_assert_uint_eq(distinct_received("/hook", list), 1);            /* all the same id */

    /* editors may neither see nor redeliver */
    snprintf(path, sizeof path, "/deliveries/%s/redeliver", id);
    r = th_call("POST", path, "editor", NULL, "{}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_call("GET", "/deliveries", "editor", "{\"status\":\"dead\"}", NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_call("GET", "/deliveries", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_call("POST", "/deliveries/987654321/redeliver", "moderator", NULL, "{}");
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");   /* all due work, now: none */
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "deliveries"), 0);                    /* dead stays dead */
    th_free(&r);
    ck_assert_uint_eq(th_httpd_count_path("/hook"), tries);

    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);            /* the receiver is fixed */
    r = th_call("POST", path, "moderator", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_str_eq(th_str(&r, "id"), id);
    ck_assert_str_eq(th_str(&r, "status"), "pending");
    th_free(&r);
    ck_assert_msg(wait_deliveries("delivered", 1, 30000), "redelivery never delivered");
    r = deliveries("delivered");
    ck_assert_str_eq(th_str(&r, "deliveries/0/id"), id);
    ck_assert_msg(th_get(&r, "deliveries/0/delivered_at") != NULL, "no delivered_at");
    th_free(&r);
    ck_assert_uint_eq(delivery_count("dead"), 0);
    ck_assert_uint_eq(distinct_received("/hook", list), 1);            /* the same event id */
    ck_assert_uint_gt(th_httpd_count_path("/hook"), tries);
}
END_TEST

START_TEST(jobs_run_delivers_without_workers)
{
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), "{\"workers\":false}");
    long long claim = new_claim();
    /* nobody works in the background: no workers' listener (it names
       itself, see dead_letter_then_redeliver), and the delivery waits */
    ck_assert_int_eq(th_worker_connections_on(dbname), 0);
    ck_assert_uint_eq(th_httpd_count(), 0);
    ck_assert_uint_eq(delivery_count("pending"), 1);

    th_resp r = th_call("POST", "/jobs/run", "moderator", NULL, "{}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    ck_assert_uint_eq(th_httpd_count(), 0);

    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "deliveries"), 1);
    ck_assert_int_eq(th_int(&r, "evidence"), 0);
    ck_assert(json_object_is_type(th_get(&r, "more"), json_type_boolean));
    ck_assert(!json_object_get_boolean(th_get(&r, "more")));
    th_free(&r);
    ck_assert(th_httpd_wait_path("/hook", 1, 5000));
    static got list[MAX_GOT];
    ck_assert_uint_eq(distinct_received("/hook", list), 1);
    ck_assert_str_eq(list[0].type, "claim.recorded");
    ck_assert_int_eq(list[0].claim_id, claim);
    ck_assert_uint_eq(delivery_count("delivered"), 1);
    ck_assert_uint_eq(delivery_count("pending"), 0);

    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");     /* nothing left to do */
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "deliveries"), 0);
    th_free(&r);
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 1);
}
END_TEST

/* A receiver that answers with a redirect has not received the event: the
   signed POST is not replayed as a GET (or to another host) by following it. */
START_TEST(a_redirect_is_not_a_delivery)
{
    th_httpd_redirect("/moved", th_httpd_url("/hook"));
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);
    th_instance = open_instance(one_hook("/moved", "[\"*\"]"), "{\"workers\":false}");
    new_claim();
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_uint_eq(th_httpd_count_path("/moved"), 1);
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 0);
    ck_assert_uint_eq(delivery_count("delivered"), 0);
    ck_assert_uint_eq(delivery_count("pending"), 1);
    r = deliveries("pending");
    ck_assert_ptr_nonnull(strstr(th_str(&r, "deliveries/0/last_error"), "302"));
    th_free(&r);
}
END_TEST

/* published, then taken down: the receiver hears both, in that order */
START_TEST(unpublishing_is_sent_as_claim_unpublished)
{
    th_instance = open_instance(one_hook("/hook", "[\"claim.published\",\"claim.unpublished\"]"),
                                "{\"workers\":false}");
    long long claim = new_claim();
    publish_verdict(claim);
    char path[64], body[128];
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\",\"publish\":false}",
             claim_version(claim));
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);

    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    static got list[MAX_GOT];
    ck_assert_uint_eq(distinct_received("/hook", list), 2);
    ck_assert_str_eq(list[0].type, "claim.published");
    ck_assert_str_eq(list[1].type, "claim.unpublished");
    ck_assert_int_eq(list[1].claim_id, claim);
    ck_assert_uint_eq(delivery_count("delivered"), 2);
}
END_TEST

/* A webhook is bound by the address policy when it is delivered: without
   allow_private, a url on 127.0.0.1 is never connected to. */
START_TEST(a_webhook_to_a_private_address_is_not_sent)
{
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"),
                                "{\"workers\":false,\"allow_private\":null}");
    new_claim();
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_uint_eq(th_httpd_count(), 0);
    ck_assert_uint_eq(delivery_count("delivered"), 0);
    ck_assert_uint_eq(delivery_count("pending"), 1);
    r = deliveries("pending");
    ck_assert_str_eq(th_str(&r, "deliveries/0/last_error"),
                     "refused to connect to 127.0.0.1: not a public address");
    th_free(&r);
}
END_TEST

/* The delay before retry n is retry_base_ms * 2^(n-1), within +-50 % of noise,
   and never more than an hour (+50 %). */
START_TEST(retries_back_off_exponentially_up_to_an_hour)
{
    for (int attempts = 1; attempts <= 8; attempts++) {
        long nominal = 1000L << (attempts - 1);
        for (int i = 0; i < 20; i++) {
            long delay = ct_backoff_ms(1000, attempts);
            ck_assert_msg(delay >= nominal / 2 && delay < nominal * 3 / 2,
                          "attempt %d: %ld ms, not within 50 %% of %ld", attempts, delay, nominal);
        }
    }
    for (int i = 0; i < 20; i++) {
        long delay = ct_backoff_ms(100000, 30);
        ck_assert_msg(delay >= 1800000 && delay < 5400000, "attempt 30: %ld ms", delay);
    }
}
END_TEST

START_TEST(crash_between_commit_and_delivery_loses_nothing)
{
    unsigned port = th_httpd_port();
    char *config = config_json(one_hook("/hook", "[\"*\"]"), "{\"workers\":false}");
    th_httpd_stop();                          /* no threads of ours in the child */
    fflush(NULL);

    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {                           /* the host that crashes */
        char *error = NULL;
        void *inst = th_plugin()->open(&th_host, config, &error);
        if (inst == NULL)
            _exit(2);
        char *out = th_plugin()->handle(inst,
            "{\"method\":\"POST\",\"path\":\"/claims\","
            "\"actor\":{\"id\":\"crash-editor\",\"role\":\"editor\"},"
            "\"body\":{\"text\":\"Записано перед падением\",\"claimant\":{\"name\":\"Депутат\"},"
            "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}");
        if (out == NULL || strncmp(out, "{\"status\":201,", 14) != 0)
            _exit(3);
        raise(SIGKILL);                       /* committed, then killed: no close() */
        _exit(4);
    }
    int wstatus = 0;
    ck_assert_int_eq(waitpid(pid, &wstatus, 0), pid);
    ck_assert_msg(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL, "child status %d", wstatus);
    free(config);

    ck_assert_uint_eq(th_httpd_start(port), port);
    ck_assert_uint_eq(th_httpd_count(), 0);
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), NULL);   /* workers on */
    ck_assert_msg(wait_distinct("/hook", 1, 30000), "the committed event was lost");
    static got list[MAX_GOT];
    ck_assert_uint_eq(distinct_received("/hook", list), 1);
    ck_assert_str_eq(list[0].type, "claim.recorded");
    ck_assert(wait_deliveries("delivered", 1, 20000));
    ck_assert_uint_eq(delivery_count("pending"), 0);
}
END_TEST

START_TEST(close_is_bounded_while_receiver_hangs)
{
    unsigned hole = th_blackhole_start();
    ck_assert_uint_ne(hole, 0);
    char hooks[512];
    snprintf(hooks, sizeof hooks, "[{\"url\":\"http://127.0.0.1:%u/hook\",\"secret\":\""
             SECRET "\",\"events\":[\"*\"]}]", hole);
    const char *slow = "{\"timeout_ms\":60000,\"connect_timeout_ms\":30000,\"retry_for_s\":600}";
    th_instance = open_instance(hooks, slow);
    long long claim = new_claim();
    ck_assert_msg(th_blackhole_wait(1, 20000), "the worker never connected to the hole");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    th_plugin()->close(th_instance);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    th_instance = NULL;
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(seconds < 10.0, "close() took %.1f s", seconds);

    /* the delivery is still queued, neither delivered nor dead */
    th_instance = open_instance(hooks, "{\"workers\":false}");
    ck_assert_uint_eq(delivery_count("delivered"), 0);
    ck_assert_uint_eq(delivery_count("dead"), 0);
    th_resp r = deliveries("pending");
    ck_assert_uint_eq(json_object_array_length(th_get(&r, "deliveries")), 1);
    ck_assert_str_eq(th_str(&r, "deliveries/0/type"), "claim.recorded");
    ck_assert_int_eq(th_int(&r, "deliveries/0/claim_id"), claim);
    th_free(&r);
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

/* A worker that stalls past its lease, while another takes the row again,
   must not settle the newer attempt with its own outcome: neither mark it
   delivered (the newer attempt may yet fail) nor put it back to wait with
   its error (the newer attempt holds it). The receiver holds the first
   attempt's request while the database takes the row again, as a second
   worker does when a lease runs out: one attempt more, a lease of its own. */
START_TEST(a_stalled_attempt_does_not_settle_a_newer_one)
{
    static const int answers[] = {200, 500};
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        th_httpd_reset();
        th_httpd_status("/hook", answers[i]);
        th_httpd_hold("/hook");
        th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"), "{\"workers\":false}");
        new_claim();
        pthread_t worker;
        int status = 0;
        ck_assert_int_eq(pthread_create(&worker, NULL, run_jobs, &status), 0);
        ck_assert_msg(th_httpd_wait_path("/hook", 1, 20000), "answer %d: no delivery arrived", answers[i]);
        ck_assert_str_eq(th_sql_exec_on(dbname, "UPDATE ct_outbox SET attempts = attempts + 1,"
                                                " lease_until = now() + interval '1 hour'"
                                                " RETURNING attempts"), "2");
        th_httpd_release();
        ck_assert_int_eq(pthread_join(worker, NULL), 0);
        ck_assert_int_eq(status, 200);
        char row[64];
        th_text_on(dbname, "SELECT status || ' ' || attempts || ' ' || (last_error IS NULL) || ' '"
                   " || (lease_until > now()) FROM ct_outbox", row, sizeof row);
        ck_assert_msg(strcmp(row, "pending 2 true true") == 0, "answer %d: %s", answers[i], row);
        th_teardown();
        th_instance = NULL;
        th_sql_exec_on(dbname, "TRUNCATE ct_outbox");
    }
}
END_TEST

/* The outbox in one line: "<rows> <sum of attempts> <pending rows>". */
static void outbox_summary(char *out, size_t size)
{
    th_text_on(dbname, "SELECT count(*) || ' ' || COALESCE(sum(attempts), 0) || ' ' ||"
               " count(*) FILTER (WHERE status = 'pending') FROM ct_outbox", out, size);
}

/* The outbox's tries in one line: "<rows> <least attempts> <most attempts>
   <pending rows with an error>". */
static void outbox_tries(char *out, size_t size)
{
    th_text_on(dbname, "SELECT count(*) || ' ' || min(attempts) || ' ' || max(attempts) || ' ' ||"
               " count(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL)"
               " FROM ct_outbox", out, size);
}

/* A receiver that fails at once and retries due a few milliseconds later
   (retry_base_ms at its minimum): one POST /jobs/run still tries each row
   once, not again and again until the call's passes run out. */
START_TEST(jobs_run_tries_each_delivery_once)
{
    enum { CLAIMS = 20 };
    th_httpd_status("/hook", 500);
    th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"),
                                "{\"workers\":false,\"retry_base_ms\":10,\"retry_for_s\":600}");
    for (int i = 0; i < CLAIMS; i++)
        new_claim();

    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(json_object_is_type(th_get(&r, "more"), json_type_boolean));
    ck_assert(!json_object_get_boolean(th_get(&r, "more")));
    th_free(&r);
    char row[64];
    outbox_tries(row, sizeof row);
    ck_assert_str_eq(row, "20 1 1 20");                   /* every row tried once, failed */
    ck_assert_uint_eq(th_httpd_count_path("/hook"), CLAIMS);
}
END_TEST

/* The same on a receiver that never answers: each attempt lasts its whole
   timeout_ms (100 ms), so by the time the call has tried the last row the
   first one's retry (5-15 ms at retry_base_ms 10) is long due. The call
   still tries each row once and says nothing more is due within it. */
START_TEST(jobs_run_tries_a_timed_out_delivery_once)
{
    enum { CLAIMS = 3 };
    th_httpd_hold("/hook");
    th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"),
                                "{\"workers\":false,\"retry_base_ms\":10,\"retry_for_s\":600,"
                                "\"timeout_ms\":100,\"connect_timeout_ms\":100}");
    for (int i = 0; i < CLAIMS; i++)
        new_claim();

    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{\"max_ms\":20000}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(!json_object_get_boolean(th_get(&r, "more")));
    th_free(&r);
    th_httpd_release();
    char row[64];
    outbox_tries(row, sizeof row);
    ck_assert_str_eq(row, "3 1 1 3");                     /* every row tried once, timed out */
    ck_assert_uint_eq(th_httpd_count_path("/hook"), CLAIMS);
}
END_TEST

/* max_ms is an integer in [100, 600000]; anything else is refused before
   any work: nothing delivered, no attempt counted. */
START_TEST(jobs_run_budget_is_checked)
{
    static const struct { const char *body, *code, *field; } cases[] = {
        {"{\"max_ms\":99}", "out_of_range", "max_ms"},
        {"{\"max_ms\":0}", "out_of_range", "max_ms"},
        {"{\"max_ms\":-20000}", "out_of_range", "max_ms"},
        {"{\"max_ms\":600001}", "out_of_range", "max_ms"},
        {"{\"max_ms\":9223372036854775807}", "out_of_range", "max_ms"},
        {"{\"max_ms\":\"20000\"}", "wrong_type", "max_ms"},
        {"{\"max_ms\":1500.5}", "wrong_type", "max_ms"},
        {"{\"max_ms\":true}", "wrong_type", "max_ms"},
        {"{\"max_ms\":[20000]}", "wrong_type", "max_ms"},
        {"{\"max_ms\":20000,\"budget\":1}", "unknown_field", "budget"},
    };
    char before[64], after[64];
    th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"), "{\"workers\":false}");
    new_claim();
    new_claim();
    outbox_summary(before, sizeof before);
    ck_assert_str_eq(before, "2 0 2");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_resp r = th_call("POST", "/jobs/run", "admin", NULL, cases[i].body);
        ck_assert_msg(r.status == 400, "%s: %d %s", cases[i].body, r.status,
                      json_object_to_json_string(r.body));
        ck_assert_msg(strcmp(th_error_code(&r), cases[i].code) == 0, "%s: code %s",
                      cases[i].body, th_error_code(&r));
        ck_assert_msg(strcmp(th_error_field(&r), cases[i].field) == 0, "%s: field %s",
                      cases[i].body, th_error_field(&r));
        th_free(&r);
        outbox_summary(after, sizeof after);
        ck_assert_msg(strcmp(after, before) == 0, "%s: the outbox went from %s to %s",
                      cases[i].body, before, after);
    }
    ck_assert_uint_eq(th_httpd_count(), 0);

    /* the bounds themselves are budgets */
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{\"max_ms\":600000}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert(!json_object_get_boolean(th_get(&r, "more")));
    th_free(&r);
    outbox_summary(after, sizeof after);
    ck_assert_str_eq(after, "2 2 0");
    r = th_call("POST", "/jobs/run", "admin", NULL, "{\"max_ms\":100}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);
}
END_TEST

/* POST /jobs/run with a body, on a thread of its own. */
typedef struct jobs_call {
    const char *body;
    int         status;
    int         deliveries;
    bool        more;
} jobs_call;

static void *run_jobs_with(void *arg)
{
    jobs_call *call = arg;
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, call->body);
    call->status = r.status;
    if (r.status == 200) {
        call->deliveries = (int)json_object_get_int(th_get(&r, "deliveries"));
        call->more = json_object_get_boolean(th_get(&r, "more"));
    }
    th_free(&r);
    return NULL;
}

/* An instance has one connection that LISTENs for new work, whatever its
   number of jobs (each listener makes every write's commit slower), and
   that one connection wakes the workers: with poll_ms at 20 s, only a
   notification can bring each new claim's webhook within seconds, and
   only close()'s own wake-up can end the idle workers' wait. */
static int wait_listeners(int n, int timeout_ms)
{
    int seen = th_worker_connections_on(dbname);
    for (int waited = 0; seen != n && waited < timeout_ms; waited += 50) {
        usleep(50000);
        seen = th_worker_connections_on(dbname);
    }
    return seen;
}

START_TEST(one_listener_wakes_every_worker)
{
    th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"), "{\"poll_ms\":20000}");
    ck_assert_int_eq(wait_listeners(1, 10000), 1);
    for (size_t n = 1; n <= 3; n++) {
        new_claim();
        ck_assert_msg(th_httpd_wait_path("/hook", n, 10000), "webhook %zu not delivered", n);
        ck_assert_msg(wait_deliveries("delivered", n, 10000), "delivery %zu not settled", n);
    }
    /* every worker connected by now (the deliveries' one at least): still one listener */
    ck_assert_int_eq(th_worker_connections_on(dbname), 1);
    /* close() wakes the idle workers: it does not wait out their 20 s */
    double t0 = th_now_ms();
    th_plugin()->close(th_instance);
    th_instance = NULL;
    double seconds = (th_now_ms() - t0) / 1000.0;
    ck_assert_msg(seconds < 10.0, "close() took %.1f s", seconds);
    ck_assert_int_eq(wait_listeners(0, 10000), 0);
}
END_TEST

/* Once a call's max_ms is spent no new delivery starts: the receiver holds
   the first delivery until the budget has surely passed (the call began
   before the request arrived), then answers; the batch's other rows go back
   untried (no attempt counted), "more" says so, and the next call delivers
   them. */
START_TEST(jobs_run_stops_at_its_budget)
{
    enum { CLAIMS = 4 };
    th_httpd_hold("/hook");
    th_instance = open_instance(one_hook("/hook", "[\"claim.recorded\"]"), "{\"workers\":false}");
    for (int i = 0; i < CLAIMS; i++)
        new_claim();
    pthread_t worker;
    jobs_call call = {"{\"max_ms\":300}", 0, 0, false};
    ck_assert_int_eq(pthread_create(&worker, NULL, run_jobs_with, &call), 0);
    ck_assert_msg(th_httpd_wait_path("/hook", 1, 20000), "no delivery arrived");
    usleep(600 * 1000);                        /* past the 300 ms budget */
    th_httpd_release();
    ck_assert_int_eq(pthread_join(worker, NULL), 0);
    ck_assert_int_eq(call.status, 200);
    ck_assert(call.more);
    ck_assert_int_eq(call.deliveries, 1);      /* one batch */
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 1);
    char row[64];
    th_text_on(dbname, "SELECT count(*) FILTER (WHERE status = 'delivered' AND attempts = 1) || ' ' ||"
               " count(*) FILTER (WHERE status = 'pending' AND attempts = 0"
               "                   AND lease_until IS NULL) FROM ct_outbox", row, sizeof row);
    ck_assert_str_eq(row, "1 3");

    th_httpd_reset();
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);
    call = (jobs_call){"{\"max_ms\":60000}", 0, 0, true};
    run_jobs_with(&call);
    ck_assert_int_eq(call.status, 200);
    ck_assert(!call.more);
    ck_assert_uint_eq(th_httpd_count_path("/hook"), CLAIMS - 1);
    outbox_summary(row, sizeof row);
    ck_assert_str_eq(row, "4 4 0");            /* each delivered, each tried once */
}
END_TEST

START_TEST(two_instances_deliver_each_event_once)
{
    enum { CLAIMS = 20 };
    th_instance = open_instance(one_hook("/hook", "[\"*\"]"), NULL);
    second_instance = open_instance(one_hook("/hook", "[\"*\"]"), NULL);
    for (int i = 0; i < CLAIMS; i++)
        new_claim();
    ck_assert(wait_distinct("/hook", CLAIMS, 60000));
    ck_assert(wait_deliveries("delivered", CLAIMS, 20000));
    static got list[MAX_GOT];
    ck_assert_uint_eq(distinct_received("/hook", list), CLAIMS);
    /* the receiver always answered 200 at once: no attempt was made twice,
       by the receiver's count and by the instances' (each attempt is
       counted when its row is taken, under the row's lock) */
    ck_assert_uint_eq(th_httpd_count_path("/hook"), CLAIMS);
    ck_assert_int_eq(atoi(th_sql_exec_on(dbname, "SELECT sum(attempts) FROM ct_outbox")), CLAIMS);
}
END_TEST

START_TEST(contract_example_config_opens)
{
    /* The configuration as the README shows it. A secret shorter than 16
       characters is refused with a message that says so: an HMAC key that
       short is guessable, and a newsroom should find out at open(), not
       after an attacker forged a "claim.published". Webhooks configured the
       old way without a secrets_key are refused with what to do instead. */
    static const char *const secrets[] = {"s3cret", "a-secret-of-23-chars-ok", "a-secret-of-23-chars-ok"};
    static const char *const keys[] = {",\"secrets_key\":\"" TH_SECRETS_KEY "\"", "",
                                       ",\"secrets_key\":\"" TH_SECRETS_KEY "\""};
    char config[2048], conninfo[1024], *error = NULL;
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), dbname);
    json_object *db = json_object_new_string(conninfo);
    for (int i = 0; i < 3; i++) {
        snprintf(config, sizeof config,
                 "{\"database\":%s,\"webhooks\":[{\"url\":\"%s\",\"secret\":\"%s\","
                 "\"events\":[\"*\"]}],\"outbound\":{\"workers\":true,\"poll_ms\":1000,"
                 "\"retry_for_s\":86400,\"retry_base_ms\":1000,\"evidence_attempts\":5,"
                 "\"connect_timeout_ms\":5000,\"timeout_ms\":20000,\"max_body_bytes\":5242880,"
                 "\"allow_private\":[\"127.0.0.1/32\"]}%s}",
                 json_object_to_json_string(db), th_httpd_url("/hook"), secrets[i], keys[i]);
        th_instance = th_plugin()->open(&th_host, config, &error);
        if (i == 0) {
            ck_assert_ptr_null(th_instance);
            ck_assert_msg(error && strstr(error, "webhooks.0.secret") &&
                          strstr(error, "at least 16 characters"), "message: %s", error ? error : "?");
        } else if (i == 1) {
            ck_assert_ptr_null(th_instance);
            ck_assert_msg(error && strncmp(error, "secrets_key: ", 13) == 0 &&
                          strstr(error, "openssl rand -base64 32") && strstr(error, "POST /subscriptions"),
                          "message: %s", error ? error : "?");
        } else {
            ck_assert_msg(th_instance != NULL, "open refused the README's example config: %s",
                          error ? error : "?");
        }
        th_plugin()->free_string(error);
        error = NULL;
    }
    json_object_put(db);
    new_claim();
    ck_assert(th_httpd_wait_path("/hook", 1, 20000));
    th_request rq;
    ck_assert(th_httpd_request(0, &rq));
    ck_assert(th_signature_ok(secrets[1], rq.timestamp, rq.body, rq.body_len, rq.signature));
    th_request_free(&rq);
}
END_TEST

/* A signed checkpoint goes to its subscribers like an event: Standard
   Webhooks signed, its note as signed, so an outsider can keep it. */
START_TEST(a_signed_checkpoint_reaches_its_subscribers)
{
    static const char signer[] =
        "PRIVATE+KEY+example.org/news+62c06a90+ASzjH0nPKHawYz0E+MF5LG9k7otPfZvUULkEQW84fndv";
    static const char verifier[] =
        "example.org/news+62c06a90+AQv7lgzjCXgnXH0nfx8x6IAD6SlZDp5XkbQfQ06KlYXU";
    char *config = config_json(one_hook("/hook", "[\"checkpoint.signed\"]"), "{\"workers\":false}");
    char *with_key = malloc(strlen(config) + 200), *error = NULL;
    snprintf(with_key, strlen(config) + 200, "%.*s,\"checkpoint_key\":\"%s\"}",
             (int)strlen(config) - 1, config, signer);
    th_instance = th_plugin()->open(&th_host, with_key, &error);
    ck_assert_msg(th_instance != NULL, "%s", error ? error : "?");
    free(config);
    free(with_key);
    new_claim();                                   /* claim.recorded: not asked for */
    th_resp r = th_call("POST", "/checkpoints", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 201);
    char *note = strdup(th_str(&r, "note"));
    long long id = th_int(&r, "id");
    th_free(&r);
    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(th_int(&r, "deliveries"), 1);
    th_free(&r);
    ck_assert(th_httpd_wait_path("/hook", 1, 5000));
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 1);

    th_request rq;
    ck_assert(th_httpd_request(0, &rq));
    ck_assert_str_eq(rq.event, "checkpoint.signed");
    ck_assert(th_signature_ok(SECRET, rq.timestamp, rq.body, rq.body_len, rq.signature));
    json_object *body = json_tokener_parse(rq.body);
    char want_id[32];
    snprintf(want_id, sizeof want_id, "ckp_%lld", id);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(body, "id")), want_id);
    json_object *data = json_object_object_get(body, "data");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(data, "note")), note);
    ck_assert_int_eq(json_object_get_int64(json_object_object_get(data, "tree_size")), 1);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(data, "verifier_key")), verifier);
    json_object_put(body);
    th_request_free(&rq);
    free(note);

    /* the deliveries list shows it as a checkpoint's, of no claim */
    r = deliveries(NULL);
    ck_assert_int_eq(th_int(&r, "deliveries/0/checkpoint_id"), id);
    ck_assert_ptr_null(th_get(&r, "deliveries/0/claim_id"));
    ck_assert_ptr_null(th_get(&r, "deliveries/0/event_id"));
    ck_assert_str_eq(th_str(&r, "deliveries/0/type"), "checkpoint.signed");
    th_free(&r);
}
END_TEST

int main(void)
{
    /* delivery: what a receiver gets, signed and in order */
    const TTest *const delivery[] = {
        receiver_down_for_a_while_gets_everything_in_order,
        signature_verifies_only_with_the_secret, webhooks_get_only_the_events_they_asked_for,
        a_signed_checkpoint_reaches_its_subscribers,
        crash_between_commit_and_delivery_loses_nothing,
        unpublishing_is_sent_as_claim_unpublished, NULL};
    /* failures: what is not sent, what fails, and how it is tried again */
    const TTest *const failures[] = {
        failed_requests_send_nothing, dead_letter_then_redeliver, a_redirect_is_not_a_delivery,
        a_webhook_to_a_private_address_is_not_sent,
        retries_back_off_exponentially_up_to_an_hour, NULL};
    /* jobs_run: deliveries made by POST /jobs/run, without workers */
    const TTest *const jobs_run[] = {
        jobs_run_delivers_without_workers, jobs_run_tries_each_delivery_once,
        jobs_run_tries_a_timed_out_delivery_once, jobs_run_budget_is_checked,
        jobs_run_stops_at_its_budget, NULL};
    /* instances: workers of one or two instances, closing, configuration */
    const TTest *const instances[] = {
        close_is_bounded_while_receiver_hangs, two_instances_deliver_each_event_once,
        a_stalled_attempt_does_not_settle_a_newer_one, contract_example_config_opens,
        one_listener_wakes_every_worker, NULL};

    Suite *s = suite_create("webhooks");
    th_add_case(s, tcase_create("delivery"), setup, teardown, 120, delivery);
    th_add_case(s, tcase_create("failures"), setup, teardown, 120, failures);
    th_add_case(s, tcase_create("jobs_run"), setup, teardown, 120, jobs_run);
    th_add_case(s, tcase_create("instances"), setup, teardown, 120, instances);
    return th_run_suite(s);
}
