/*
 * test_subscriptions.c -- webhook subscriptions (src/domain/subscriptions.c,
 * the /subscriptions routes of src/door/routes.c, the delivery of
 * src/jobs/webhooks.c) through the plugin, against a real HTTP receiver on
 * 127.0.0.1 and 127.0.0.2 (tests/httpd.c), each test on a fresh database:
 *
 *  - only admins manage subscriptions; bad input is refused by field and
 *    writes nothing; a url that cannot be delivered under the subscription's
 *    address policy is refused when it is made, with the reason;
 *  - the secret is shown once (whsec_ + base64 of 32 bytes) and stored only
 *    sealed: the table never holds its bytes;
 *  - a change made through a process opened without subscriptions, without
 *    the secrets key and without workers is delivered by another process,
 *    signed the Standard Webhooks way with the subscription's secret;
 *  - a rotation signs with both secrets during its overlap, and a rotation
 *    with no overlap revokes every older secret at once;
 *  - an inactive subscription gets nothing; the counts, the last delivery
 *    and the last error are visible; deleting removes secrets and deliveries;
 *  - the counts of delivered and dead deliveries stay those of the outbox
 *    through delivery, redelivery, dead-lettering, a TRUNCATE and deletion,
 *    and a look at them reads one row per count, not the deliveries;
 *  - the "webhooks" configuration key is kept in step as one subscription
 *    per url, its secret replaced when the configuration's changes;
 *  - a host whose secrets_key opens no secret of a subscription leaves its
 *    deliveries untouched for a host whose key does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/subscriptions.h"
#include "httpd.h"
#include "testhost.h"

static char dbname[64];

static void setup(void)
{
    th_instance = NULL;
    th_new_database("ct_subs", dbname, sizeof dbname);
    ck_assert_uint_ne(th_httpd_start(0), 0);
    ck_assert(th_httpd_listen_also("127.0.0.2"));
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);
    th_httpd_respond("/fail", 500, "text/plain", "no", 2);
}

static void teardown(void)
{
    if (th_instance)
        th_teardown();
    th_httpd_stop();
    th_httpd_reset();
}

/* An instance on this test's database: with the secrets key or without,
   its workers on or off, and the "webhooks" list of earlier releases. */
static void *open_on(bool with_key, bool workers, const char *webhooks_json)
{
    char *config = th_outbound_config(dbname, webhooks_json,
                                      workers ? "{\"workers\":true}" : "{\"workers\":false}");
    json_object *cfg = json_tokener_parse(config);
    char *error = NULL;
    if (!with_key)
        json_object_object_del(cfg, "secrets_key");
    void *inst = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    ck_assert_msg(inst != NULL, "open failed: %s", error ? error : "?");
    json_object_put(cfg);
    free(config);
    return inst;
}

/* The one value of sql on this test's database (up to 7 characters). */
static const char *sql1(const char *sql)
{
    return th_sql_exec_on(dbname, sql);
}

/* A url of the receiver on 127.0.0.2, a loopback address the test
   configuration does not allow (it allows 127.0.0.1/32). */
static const char *url2(const char *path)
{
    static char url[256];
    snprintf(url, sizeof url, "%s", th_httpd_url(path));
    char *host = strstr(url, "127.0.0.1");
    ck_assert_ptr_nonnull(host);
    host[8] = '2';
    return url;
}

/* POST /subscriptions as an admin; asserts 201 and copies the secret. */
static long long subscribe(const char *url, const char *events, bool allow_private,
                           char *secret, size_t size)
{
    char body[512];
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":%s,\"allow_private\":%s}", url, events,
             allow_private ? "true" : "false");
    th_resp r = th_call("POST", "/subscriptions", "admin", NULL, body);
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
    snprintf(secret, size, "%s", th_str(&r, "secret"));
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}

/* The last request the receiver got on path. */
static void last_request(const char *path, th_request *rq)
{
    for (size_t i = th_httpd_count(); i-- > 0;) {
        ck_assert(th_httpd_request(i, rq));
        if (strcmp(rq->path, path) == 0)
            return;
        th_request_free(rq);
    }
    ck_abort_msg("nothing arrived on %s", path);
}

static void run_jobs(void)
{
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

static void expect_error(th_resp r, int status, const char *code, const char *field)
{
    ck_assert_msg(r.status == status, "status %d: %s", r.status, json_object_to_json_string(r.body));
    ck_assert_str_eq(th_error_code(&r), code);
    ck_assert_str_eq(th_error_field(&r), field);
    th_free(&r);
}

/* ---- tests ------------------------------------------------------------------------ */

START_TEST(only_admins_and_bad_input_writes_nothing)
{
    char url[300], body[600];
    th_instance = open_on(true, false, NULL);
    snprintf(url, sizeof url, "%s", th_httpd_url("/hook"));
    long long before = th_rows_total_on(dbname);

    snprintf(body, sizeof body, "{\"url\":\"%s\"}", url);
    expect_error(th_call("POST", "/subscriptions", "moderator", NULL, body), 403, "forbidden", "actor.role");
    expect_error(th_call("GET", "/subscriptions", "moderator", NULL, NULL), 403, "forbidden", "actor.role");
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, "{\"url\":\"ftp://example.org/x\"}"),
                 400, "invalid_url", "url");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[\"claim.deleted\"]}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "invalid_value", "events.0");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[\"claim.published\",\"claim.published\"]}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "duplicate", "events.1");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[\"*\",\"claim.published\"]}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "invalid_value", "events.0");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[7]}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "wrong_type", "events.0");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[]}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "wrong_type", "events");
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"secret\":\"whsec_x\"}", url);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL, body), 400, "unknown_field", "secret");

    /* 127.0.0.2 is loopback and not in the configuration's allow list */
    snprintf(body, sizeof body, "{\"url\":\"%s\"}", url2("/hook"));
    th_resp r = th_call("POST", "/subscriptions", "admin", NULL, body);
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "destination_not_allowed");
    ck_assert_str_eq(th_error_field(&r), "url");
    ck_assert_msg(strstr(th_str(&r, "error/message"), "127.0.0.2 is a loopback address") &&
                  strstr(th_str(&r, "error/message"), "\"allow_private\": true"),
                  "%s", th_str(&r, "error/message"));
    th_free(&r);
    expect_error(th_call("POST", "/subscriptions", "admin", NULL,
                         "{\"url\":\"http://no-such-host.invalid/hook\",\"allow_private\":true}"),
                 422, "destination_not_allowed", "url");

    expect_error(th_call("GET", "/subscriptions/99", "admin", NULL, NULL), 404, "not_found", "");
    expect_error(th_call("PUT", "/subscriptions/99", "admin", NULL, "{\"active\":false}"), 404, "not_found", "");
    expect_error(th_call("DELETE", "/subscriptions/99", "admin", NULL, NULL), 404, "not_found", "");
    expect_error(th_call("PUT", "/subscriptions/99", "admin", NULL, "{}"), 400, "missing_field", "");
    expect_error(th_call("PUT", "/subscriptions/99", "admin", NULL, "{\"active\":null}"), 400, "wrong_type", "active");
    expect_error(th_call("POST", "/subscriptions/99/rotate", "admin", NULL, "{\"overlap_s\":604801}"),
                 400, "out_of_range", "overlap_s");
    /* nothing of it was written, in any table */
    ck_assert_int_eq(th_rows_total_on(dbname), before);
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_subscriptions"), "0");
}
END_TEST

START_TEST(secret_shown_once_and_stored_sealed)
{
    char secret[128], sql[512];
    th_instance = open_on(true, false, NULL);
    long long id = subscribe(url2("/hook"), "[\"*\"]", true, secret, sizeof secret);

    ck_assert_msg(strncmp(secret, "whsec_", 6) == 0 && strlen(secret) == 6 + 44, "secret %s", secret);
    char path[64];
    snprintf(path, sizeof path, "/subscriptions/%lld", id);
    th_resp r = th_call("GET", path, "admin", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(th_get(&r, "secret"));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "secrets")), 1);
    ck_assert(json_object_is_type(th_get(&r, "secrets/0/expires_at"), json_type_null));
    ck_assert(json_object_get_boolean(th_get(&r, "allow_private")));
    th_free(&r);
    r = th_call("GET", "/subscriptions", "admin", NULL, NULL);
    ck_assert_ptr_null(th_get(&r, "subscriptions/0/secret"));
    th_free(&r);
    /* the table holds nonce + ciphertext + tag (12 + 32 + 16 bytes), never the key's bytes */
    ck_assert_str_eq(sql1("SELECT octet_length(sealed) FROM claimtrack.ct_subscription_secrets"), "60");
    snprintf(sql, sizeof sql, "SELECT position(decode('%s', 'base64') IN sealed)"
             " FROM claimtrack.ct_subscription_secrets", secret + 6);
    ck_assert_str_eq(sql1(sql), "0");
}
END_TEST

/* POST body to path as an admin with Idempotency-Key key. */
static th_resp admin_keyed(const char *path, const char *key, const char *body)
{
    char request[1024];
    snprintf(request, sizeof request, "{\"method\":\"POST\",\"path\":\"%s\","
             "\"actor\":{\"id\":\"admin-1\",\"role\":\"admin\"},"
             "\"headers\":{\"Idempotency-Key\":\"%s\"},\"body\":%s}", path, key, body);
    return th_raw(request);
}

/* A subscription made, and its secret rotated, with an Idempotency-Key:
   the answers kept for the replay hold each secret sealed, as
   ct_subscription_secrets does, and the replay gives it back as the
   first answer did. */
START_TEST(secrets_kept_for_a_replay_are_sealed)
{
    char body[512], path[64], sql[512], secrets[2][128];
    th_instance = open_on(true, false, NULL);
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"events\":[\"*\"],\"allow_private\":true}",
             url2("/hook"));
    th_resp first = admin_keyed("/subscriptions", "sub-1", body);
    ck_assert_int_eq(first.status, 201);
    snprintf(secrets[0], sizeof secrets[0], "%s", th_str(&first, "secret"));
    snprintf(path, sizeof path, "/subscriptions/%lld/rotate", th_int(&first, "id"));
    th_resp rotated = admin_keyed(path, "rotate-1", "{}");
    ck_assert_int_eq(rotated.status, 200);
    snprintf(secrets[1], sizeof secrets[1], "%s", th_str(&rotated, "secret"));
    ck_assert_str_ne(secrets[0], secrets[1]);

    for (int i = 0; i < 2; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM claimtrack.ct_idempotency"
                 " WHERE body LIKE '%%whsec_%%' OR body LIKE '%%%.20s%%'", secrets[i] + 6);
        ck_assert_str_eq(sql1(sql), "0");
    }
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_idempotency"
                          " WHERE body::jsonb->'secret' ? 'sealed'"), "2");
    th_resp again = admin_keyed("/subscriptions", "sub-1", body);
    ck_assert_int_eq(again.status, 201);
    ck_assert_str_eq(json_object_to_json_string(again.body), json_object_to_json_string(first.body));
    th_free(&again);
    again = admin_keyed(path, "rotate-1", "{}");
    ck_assert_int_eq(again.status, 200);
    ck_assert_str_eq(th_str(&again, "secret"), secrets[1]);
    th_free(&again);
    th_free(&first);
    th_free(&rotated);
}
END_TEST

START_TEST(any_process_change_is_delivered_signed)
{
    char secret[128];
    void *deliverer = open_on(true, true, NULL);        /* workers on, the key */
    th_instance = deliverer;
    long long id = subscribe(url2("/hook"), "[\"claim.recorded\"]", true, secret, sizeof secret);
    /* the command line, a cron job, another CMS: no key, no workers, no webhooks */
    void *other = open_on(false, false, NULL);
    long long claim = atoll(th_new_claim_on(other, NULL));
    th_plugin()->close(other);

    ck_assert(th_httpd_wait_path("/hook", 1, 20000));
    th_request rq;
    last_request("/hook", &rq);
    ck_assert_str_eq(rq.host, url2("") + 7);                 /* it went to 127.0.0.2 */
    json_object *body = json_tokener_parse(rq.body);
    ck_assert_int_eq(json_object_get_int64(json_object_object_get(body, "claim_id")), claim);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(body, "type")), "claim.recorded");
    ck_assert_str_eq(rq.wh_id, json_object_get_string(json_object_object_get(body, "id")));
    ck_assert_int_eq(th_standard_signature_count(&rq), 1);
    ck_assert_int_eq(th_standard_signatures_ok(secret, &rq), 1);
    ck_assert_int_eq(th_standard_signatures_ok("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", &rq), 0);
    ck_assert_str_eq(rq.signature, "");                      /* no Claimtrack-* headers */
    ck_assert_msg(labs(atol(rq.wh_timestamp) - (long)time(NULL)) < 60, "timestamp %s", rq.wh_timestamp);
    json_object_put(body);
    th_request_free(&rq);

    char path[64];
    snprintf(path, sizeof path, "/subscriptions/%lld", id);
    for (int waited = 0; waited < 10000; waited += 50) {      /* the outcome is recorded after the answer */
        th_resp r = th_call("GET", path, "admin", NULL, NULL);
        bool recorded = th_int(&r, "deliveries/delivered") == 1;
        if (recorded) {
            ck_assert(json_object_is_type(th_get(&r, "last_delivery_at"), json_type_string));
            ck_assert_int_eq(th_int(&r, "deliveries/pending"), 0);
        }
        th_free(&r);
        if (recorded)
            return;
        usleep(50000);
    }
    ck_abort_msg("the delivery was never recorded as delivered");
}
END_TEST

START_TEST(rotation_signs_with_both_secrets_during_the_overlap)
{
    char old_secret[128], path[64], body[64];
    th_instance = open_on(true, false, NULL);
    long long id = subscribe(url2("/hook"), "[\"claim.recorded\"]", true, old_secret, sizeof old_secret);
    snprintf(path, sizeof path, "/subscriptions/%lld/rotate", id);

    snprintf(body, sizeof body, "{\"overlap_s\":600}");
    th_resp r = th_call("POST", path, "admin", NULL, body);
    ck_assert_int_eq(r.status, 200);
    char new_secret[128];
    snprintf(new_secret, sizeof new_secret, "%s", th_str(&r, "secret"));
    ck_assert_str_ne(new_secret, old_secret);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "secrets")), 2);
    th_free(&r);
    th_new_claim(NULL);
    run_jobs();
    th_request rq;
    last_request("/hook", &rq);
    ck_assert_int_eq(th_standard_signature_count(&rq), 2);
    ck_assert_int_eq(th_standard_signatures_ok(old_secret, &rq), 1);
    ck_assert_int_eq(th_standard_signatures_ok(new_secret, &rq), 1);
    th_request_free(&rq);

    /* a leak: rotate with no overlap, and no older secret signs any more */
    r = th_call("POST", path, "admin", NULL, "{\"overlap_s\":0}");
    ck_assert_int_eq(r.status, 200);
    char third[128];
    snprintf(third, sizeof third, "%s", th_str(&r, "secret"));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "secrets")), 1);
    th_free(&r);
    th_new_claim(NULL);
    run_jobs();
    last_request("/hook", &rq);
    ck_assert_int_eq(th_standard_signature_count(&rq), 1);
    ck_assert_int_eq(th_standard_signatures_ok(third, &rq), 1);
    ck_assert_int_eq(th_standard_signatures_ok(new_secret, &rq), 0);
    ck_assert_int_eq(th_standard_signatures_ok(old_secret, &rq), 0);
    th_request_free(&rq);
}
END_TEST

START_TEST(inactive_gets_nothing_and_outcomes_are_visible)
{
    char secret[128], path[64], sql[256];
    th_instance = open_on(true, false, NULL);
    long long id = subscribe(url2("/fail"), "[\"*\"]", true, secret, sizeof secret);
    snprintf(path, sizeof path, "/subscriptions/%lld", id);

    th_resp r = th_call("PUT", path, "admin", NULL, "{\"active\":false,\"description\":\"cache purger\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert(!json_object_get_boolean(th_get(&r, "active")));
    ck_assert_str_eq(th_str(&r, "description"), "cache purger");
    th_free(&r);
    th_new_claim(NULL);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM claimtrack.ct_outbox WHERE subscription_id = %lld", id);
    ck_assert_str_eq(sql1(sql), "0");

    r = th_call("PUT", path, "admin", NULL, "{\"active\":true,\"description\":null}");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_object_is_type(th_get(&r, "description"), json_type_null));
    th_free(&r);
    th_new_claim(NULL);
    run_jobs();
    r = th_call("GET", path, "admin", NULL, NULL);
    ck_assert_int_eq(th_int(&r, "deliveries/pending"), 1);
    ck_assert_int_eq(th_int(&r, "deliveries/delivered"), 0);
    ck_assert_str_eq(th_str(&r, "last_error"), "the receiver answered HTTP 500");
    ck_assert(json_object_is_type(th_get(&r, "last_error_at"), json_type_string));
    ck_assert(json_object_is_type(th_get(&r, "last_delivery_at"), json_type_null));
    th_free(&r);

    /* a change of url is checked like a new one */
    expect_error(th_call("PUT", path, "admin", NULL, "{\"allow_private\":false}"), 422,
                 "destination_not_allowed", "url");

    r = th_call("DELETE", path, "admin", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "id"), id);
    th_free(&r);
    ck_assert_str_eq(sql1(sql), "0");
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_subscription_secrets"), "0");
    expect_error(th_call("GET", path, "admin", NULL, NULL), 404, "not_found", "");
}
END_TEST

/* GET path's delivery counts, as an admin sees them. */
static void expect_counts(const char *path, int pending, int delivered, int dead)
{
    th_resp r = th_call("GET", path, "admin", NULL, NULL);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "deliveries/pending"), pending);
    ck_assert_int_eq(th_int(&r, "deliveries/delivered"), delivered);
    ck_assert_int_eq(th_int(&r, "deliveries/dead"), dead);
    th_free(&r);
}

/* Whether the counts 020 keeps are those of the outbox, subscription by
   subscription (none missing, none extra; a count of zero may stay). */
#define COUNTS_EXACT \
    "SELECT count(*) = 0 FROM (SELECT subscription_id, status, count(*) AS n" \
    "   FROM claimtrack.ct_outbox WHERE subscription_id IS NOT NULL" \
    "    AND status IN ('delivered', 'dead') GROUP BY 1, 2) o" \
    " FULL JOIN (SELECT * FROM claimtrack.ct_delivery_counts WHERE deliveries > 0) d" \
    "   USING (subscription_id, status) WHERE o.n IS DISTINCT FROM d.deliveries"

/* The plan of GET /subscriptions/{id} for subscription id on a warm
   connection, with the rows each node read. */
static void subscription_plan(long long id, char *plan, size_t size)
{
    const ct_stmt *get = NULL;
    for (size_t i = 0; ct_subscriptions_sql[i]; i++)
        if (strcmp(ct_subscriptions_sql[i]->name, "ct_sub_get") == 0)
            get = ct_subscriptions_sql[i];
    ck_assert_ptr_nonnull(get);
    char arg[32];
    snprintf(arg, sizeof arg, "%lld", id);
    th_warm_plan_on(dbname, get->sql, "bigint", arg, plan, size);
}

/* A claim whose delivery fails past the retry window (the window's start
   moved an hour back): the worker gives up on it. */
static void claim_dead_lettered(void)
{
    th_new_claim(NULL);
    ck_assert_str_eq(sql1("UPDATE claimtrack.ct_outbox SET retry_from = now() - interval '1 hour'"
                          " WHERE status = 'pending'"), "");
    run_jobs();
}

START_TEST(delivery_counts_follow_every_transition)
{
    char secret[128], path[64], sql[512], plan[32768];
    th_instance = open_on(true, false, NULL);
    long long id = subscribe(url2("/hook"), "[\"claim.recorded\"]", true, secret, sizeof secret);
    snprintf(path, sizeof path, "/subscriptions/%lld", id);

    for (int i = 0; i < 3; i++)
        th_new_claim(NULL);
    expect_counts(path, 3, 0, 0);
    run_jobs();                                        /* the receiver takes them */
    expect_counts(path, 0, 3, 0);

    /* a moderator sends one again: pending until the worker has it */
    snprintf(sql, sizeof sql, "SELECT min(id) FROM claimtrack.ct_outbox WHERE subscription_id = %lld",
             id);
    char redeliver[96];
    snprintf(redeliver, sizeof redeliver, "/deliveries/%s/redeliver", sql1(sql));
    th_resp r = th_call("POST", redeliver, "moderator", NULL, "{}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);
    expect_counts(path, 1, 2, 0);
    run_jobs();
    expect_counts(path, 0, 3, 0);

    /* the receiver fails past the retry window: dead */
    snprintf(sql, sizeof sql, "{\"url\":\"%s\"}", url2("/fail"));
    r = th_call("PUT", path, "admin", NULL, sql);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);
    claim_dead_lettered();
    expect_counts(path, 0, 3, 1);
    ck_assert_str_eq(sql1(COUNTS_EXACT), "t");

    /* a year of deliveries, delivered in one statement: the look reads
       one count row, not them */
    snprintf(sql, sizeof sql,
        "INSERT INTO claimtrack.ct_outbox (event_id, claim_id, type, url, subscription_id)"
        " SELECT e.id, e.claim_id, 'claim.recorded', 'https://x.example/', %lld"
        "   FROM (SELECT id, claim_id FROM claimtrack.ct_events ORDER BY id LIMIT 1) e,"
        "        generate_series(1, 20000);"
        " UPDATE claimtrack.ct_outbox SET status = 'delivered', delivered_at = now()"
        "  WHERE status = 'pending';"
        " ANALYZE claimtrack.ct_outbox", id);
    ck_assert_str_eq(sql1(sql), "");
    expect_counts(path, 0, 20003, 1);
    /* a row written dead from the start is counted too */
    snprintf(sql, sizeof sql,
        "INSERT INTO claimtrack.ct_outbox (event_id, claim_id, type, url, subscription_id, status,"
        "  last_error) SELECT id, claim_id, 'claim.recorded', 'https://x.example/', %lld, 'dead',"
        "  'imported' FROM claimtrack.ct_events ORDER BY id LIMIT 1", id);
    ck_assert_str_eq(sql1(sql), "");
    expect_counts(path, 0, 20003, 2);
    ck_assert_str_eq(sql1(COUNTS_EXACT), "t");
    subscription_plan(id, plan, sizeof plan);
    const char *read = strstr(plan, "\"Actual Rows\": 2000");
    ck_assert_msg(read == NULL, "a node of the plan reads the deliveries: ...%.400s",
                  read && read - plan > 300 ? read - 300 : plan);

    /* a TRUNCATE takes the counts with the rows */
    ck_assert_str_eq(sql1("TRUNCATE claimtrack.ct_outbox"), "");
    expect_counts(path, 0, 0, 0);
    claim_dead_lettered();
    expect_counts(path, 0, 0, 1);
    ck_assert_str_eq(sql1(COUNTS_EXACT), "t");

    /* deleting the subscription deletes its counts */
    r = th_call("DELETE", path, "admin", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_delivery_counts"), "0");
    ck_assert_str_eq(sql1(COUNTS_EXACT), "t");
}
END_TEST

START_TEST(configured_webhooks_are_kept_in_step)
{
    char hooks[512];
    snprintf(hooks, sizeof hooks, "[{\"url\":\"%s\",\"secret\":\"first-secret-0123456789\"}]",
             th_httpd_url("/hook"));
    th_instance = open_on(true, false, hooks);
    th_teardown();
    th_instance = NULL;
    snprintf(hooks, sizeof hooks, "[{\"url\":\"%s\",\"secret\":\"second-secret-0123456789\","
             "\"events\":[\"claim.recorded\"]}]", th_httpd_url("/hook"));
    th_instance = open_on(true, false, hooks);

    th_resp r = th_call("GET", "/subscriptions", "admin", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "subscriptions")), 1);
    ck_assert(json_object_get_boolean(th_get(&r, "subscriptions/0/legacy")));
    ck_assert_str_eq(th_str(&r, "subscriptions/0/events/0"), "claim.recorded");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "subscriptions/0/secrets")), 1);
    th_free(&r);
    th_new_claim(NULL);
    run_jobs();
    th_request rq;
    last_request("/hook", &rq);
    ck_assert(th_signature_ok("second-secret-0123456789", rq.timestamp, rq.body, rq.body_len, rq.signature));
    ck_assert(!th_signature_ok("first-secret-0123456789", rq.timestamp, rq.body, rq.body_len, rq.signature));
    ck_assert_str_eq(rq.event, "claim.recorded");
    ck_assert_int_eq(th_standard_signature_count(&rq), 1);
    th_request_free(&rq);
}
END_TEST

START_TEST(a_host_with_another_key_leaves_deliveries_alone)
{
    char secret[128], config[2048], *error = NULL;
    th_instance = open_on(true, false, NULL);
    subscribe(url2("/hook"), "[\"claim.recorded\"]", true, secret, sizeof secret);
    th_new_claim(NULL);
    th_teardown();
    /* another host of the same database whose secrets_key is not this one */
    char *base = th_outbound_config(dbname, NULL, "{\"workers\":false}");
    json_object *cfg = json_tokener_parse(base);
    json_object_object_add(cfg, "secrets_key",
                           json_object_new_string("/wH+/fz7+vn49/b19PPy8fDv7u3s6+rp6Ofm5eTj4uE="));
    snprintf(config, sizeof config, "%s", json_object_to_json_string(cfg));
    json_object_put(cfg);
    free(base);
    th_instance = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(th_instance != NULL, "%s", error ? error : "?");
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(th_error_code(&r), "secrets_key_not_configured");
    th_free(&r);
    /* untouched: still pending, no attempt counted, no error recorded, nothing sent */
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_outbox WHERE status = 'pending'"
                          " AND attempts = 0 AND last_error IS NULL"), "1");
    ck_assert_str_eq(sql1("SELECT count(*) FROM claimtrack.ct_subscriptions WHERE last_error IS NULL"), "1");
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 0);
    th_teardown();
    /* the host with the right key delivers it */
    th_instance = open_on(true, false, NULL);
    run_jobs();
    ck_assert_uint_eq(th_httpd_count_path("/hook"), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("subscriptions");
    TCase *tc = tcase_create("subscriptions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, only_admins_and_bad_input_writes_nothing);
    tcase_add_test(tc, secret_shown_once_and_stored_sealed);
    tcase_add_test(tc, secrets_kept_for_a_replay_are_sealed);
    tcase_add_test(tc, any_process_change_is_delivered_signed);
    tcase_add_test(tc, rotation_signs_with_both_secrets_during_the_overlap);
    tcase_add_test(tc, inactive_gets_nothing_and_outcomes_are_visible);
    tcase_add_test(tc, delivery_counts_follow_every_transition);
    tcase_add_test(tc, configured_webhooks_are_kept_in_step);
    tcase_add_test(tc, a_host_with_another_key_leaves_deliveries_alone);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
