/*
 * test_oom.c -- out of memory is never a lie (src/door/api.c's promise):
 * the allocation-failure sweep of curl's `runtests -t`, over one request
 * of every route.
 *
 * The suite replaces malloc, calloc, realloc, strdup, strndup,
 * posix_memalign and aligned_alloc for the whole process (the executable's
 * definitions come first in symbol lookup, so they also serve the plugin,
 * libpq, json-c, OpenSSL and libc itself; under AddressSanitizer they call
 * its allocator through RTLD_NEXT). Counting is per thread and only while
 * a request is armed, so the test's own JSON, Check and its SQL connection
 * are never failed.
 *
 * For each request and for N = 1, 2, ...: fail the Nth allocation that
 * handle() makes on the calling thread, then require
 *   - the answer is NULL (handle's documented out-of-memory result) or
 *     500 out_of_memory: never a 2xx, a 4xx or another 5xx, since either
 *     would tell the client something that is not true;
 *   - every table of the schema holds exactly the rows it held before;
 *   - the instance still serves (GET /health answers 200);
 * until N passes the number of allocations the request makes, where the
 * request must succeed with its usual status. Leaks are LeakSanitizer's
 * to report when the ASan build of the suite exits.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <errno.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"

/* ---- the failing allocator --------------------------------------------------- */

static __thread long fail_at;          /* 0: not armed */
static __thread long counted;          /* allocations since arming */
static __thread bool fired;            /* the Nth one failed */
static bool trace, survey;

typedef struct ct_shape {
    char   text[8192];
    size_t len;
} ct_shape;

/* These run before AddressSanitizer has mapped its shadow memory (its own
   start-up allocates): they must not be instrumented. */
#define RAW __attribute__((no_sanitize_address))

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static char *(*real_strdup)(const char *);
static char *(*real_strndup)(const char *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);

/* dlsym() may itself call calloc before real_calloc is known: those few
   early blocks come from here and are never freed to the real allocator. */
static _Alignas(16) char early[4096];
static size_t early_used;
static bool resolving;

RAW static void resolve(void)
{
    if (real_malloc || resolving)
        return;
    resolving = true;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_strdup = (char *(*)(const char *))dlsym(RTLD_NEXT, "strdup");
    real_strndup = (char *(*)(const char *, size_t))dlsym(RTLD_NEXT, "strndup");
    real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    resolving = false;
}

/* True when this allocation is the one to fail. */
RAW static bool fail_now(void)
{
    if (fail_at <= 0 || fired || ++counted != fail_at)
        return false;
    fired = true;
    errno = ENOMEM;
    if (trace) {                          /* CT_OOM_TRACE=1: where each failure happens */
        void *frames[24];
        fprintf(stderr, "-- allocation %ld fails here:\n", counted);
        backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
    }
    return true;
}

RAW static bool is_early(const void *p)
{
    return (const char *)p >= early && (const char *)p < early + sizeof early;
}

RAW void *malloc(size_t size)
{
    resolve();
    if (real_malloc == NULL) {
        void *p = early + early_used;
        early_used += (size + 15) & ~(size_t)15;
        return early_used <= sizeof early ? p : NULL;
    }
    return fail_now() ? NULL : real_malloc(size);
}

RAW void *calloc(size_t n, size_t size)
{
    resolve();
    if (real_calloc == NULL)
        return malloc(n * size);          /* early[] is zeroed */
    return fail_now() ? NULL : real_calloc(n, size);
}

RAW void *realloc(void *p, size_t size)
{
    resolve();
    if (is_early(p)) {
        void *q = malloc(size);
        if (q)
            memcpy(q, p, size);
        return q;
    }
    return fail_now() ? NULL : real_realloc(p, size);
}

RAW void free(void *p)
{
    if (p == NULL || is_early(p))
        return;
    resolve();
    real_free(p);
}

RAW char *strdup(const char *s)
{
    resolve();
    return fail_now() ? NULL : real_strdup(s);
}

RAW char *strndup(const char *s, size_t n)
{
    resolve();
    return fail_now() ? NULL : real_strndup(s, n);
}

RAW int posix_memalign(void **out, size_t alignment, size_t size)
{
    resolve();
    return fail_now() ? ENOMEM : real_posix_memalign(out, alignment, size);
}

RAW void *aligned_alloc(size_t alignment, size_t size)
{
    resolve();
    return fail_now() ? NULL : real_aligned_alloc(alignment, size);
}

/* ---- the sweep --------------------------------------------------------------- */

/* handle() with allocation n failing (0: none); *was_failed tells whether it did. */
static char *handle_failing(const char *request, long n, bool *was_failed)
{
    fail_at = n;
    counted = 0;
    fired = false;
    char *text = th_plugin()->handle(th_instance, request);
    *was_failed = fired;
    fail_at = 0;
    fired = false;
    return text;
}

/* The shape of a JSON value: its members' names, its arrays' lengths and
   every value's type, so that a member that became null, a list that lost
   an item or a text that lost its end all show. A body that is a JSON
   text in a string (the feed, the notices' markup) is read as JSON. */
static void shape_of(json_object *v, ct_shape *out);

static void shape_text(ct_shape *out, const char *s)
{
    size_t len = strlen(s), room = sizeof out->text - out->len;
    if (len >= room)
        len = room - 1;
    memcpy(out->text + out->len, s, len);
    out->len += len;
    out->text[out->len] = '\0';
}

static void shape_of(json_object *v, ct_shape *out)
{
    char n[32];
    switch (json_object_get_type(v)) {
    case json_type_object:
        shape_text(out, "{");
        json_object_object_foreach(v, key, value) {
            shape_text(out, key);
            shape_text(out, ":");
            shape_of(value, out);
            shape_text(out, ",");
        }
        shape_text(out, "}");
        break;
    case json_type_array:
        snprintf(n, sizeof n, "[%zu:", json_object_array_length(v));
        shape_text(out, n);
        for (size_t i = 0; i < json_object_array_length(v); i++)
            shape_of(json_object_array_get_idx(v, i), out);
        shape_text(out, "]");
        break;
    case json_type_string: {
        json_object *inner = json_tokener_parse(json_object_get_string(v));
        snprintf(n, sizeof n, "s%d", json_object_get_string_len(v) > 0);
        shape_text(out, inner && json_object_get_type(inner) >= json_type_object ? "t" : n);
        if (inner && json_object_get_type(inner) >= json_type_object)
            shape_of(inner, out);
        json_object_put(inner);
        break;
    }
    default:
        shape_text(out, json_type_to_name(json_object_get_type(v)));
    }
}

typedef struct answer {
    int       status;
    char      code[64];
    long long rows_written;
    ct_shape  shape;
} answer;

static void read_answer(const char *text, answer *a)
{
    json_object *env = json_tokener_parse(text), *error = NULL;
    ck_assert_msg(env != NULL, "the answer is not JSON: %s", text);
    a->status = json_object_get_int(json_object_object_get(env, "status"));
    json_object *body = json_object_object_get(env, "body");
    json_object_object_get_ex(body, "error", &error);
    snprintf(a->code, sizeof a->code, "%s",
             error ? json_object_get_string(json_object_object_get(error, "code")) : "");
    a->shape.len = 0;
    a->shape.text[0] = '\0';
    shape_of(body, &a->shape);
    json_object_put(env);
}

static void still_serves(const char *request, long n)
{
    th_resp r = th_call("GET", "/health", "reader", NULL, NULL);
    ck_assert_msg(r.status == 200, "%s: after allocation %ld failed, /health answers %d %s",
                  request, n, r.status, json_object_to_json_string(r.body));
    th_free(&r);
}

typedef enum prep { FIXED, NEW_CLAIM, NEW_SUBSCRIPTION, UNIQUE } prep;

static char oom_db[64];                 /* the database of the request being swept */

typedef struct route_case {
    const char *method, *path, *role, *body;   /* "%s": the fresh id or token */
    prep        prep;
    int         status;
    bool        varies;    /* rows written depend on the queue, not the request */
    const char *query;     /* the envelope's query object, or NULL */
} route_case;

static const char *request_for(const route_case *c);

#define MAX_ABSORBED 64

/*
 * Sweeps one request; returns the number of allocations it makes. A
 * failure that a library absorbs (libpq not keeping the text of its last
 * query, curl not keeping a copy) may end in the request's success, but
 * then exactly as without it: the usual status, the same shape as the
 * answer with no failure, the same number of rows written.
 */
static long sweep(const route_case *c, int expected_status)
{
    static answer absorbed[MAX_ABSORBED];
    static long absorbed_at[MAX_ABSORBED];
    size_t nabsorbed = 0;

    for (long n = 1;; n++) {
        const char *request = request_for(c);
        bool writes = strcmp(c->method, "GET") != 0;     /* reads open no transaction */
        long long rows = writes ? th_rows_total_on(oom_db) : 0;
        bool was_failed;
        answer a = {0};
        char *text = handle_failing(request, n, &was_failed);
        if (text)
            read_answer(text, &a);
        a.rows_written = writes ? th_rows_total_on(oom_db) - rows : 0;
        bool clean = text == NULL || (a.status == 500 && strcmp(a.code, "out_of_memory") == 0);

        if (survey && was_failed && !clean && a.status != expected_status)
            fprintf(stderr, "== WRONG %s n=%ld -> %d %s\n", request, n, a.status, a.code);
        else if (was_failed && !clean)
            ck_assert_msg(a.status == expected_status && nabsorbed < MAX_ABSORBED,
                          "%s: allocation %ld failed and the answer is %d %s: %s",
                          request, n, a.status, a.code, text);
        if (was_failed && !clean && a.status == expected_status && nabsorbed < MAX_ABSORBED) {
            absorbed_at[nabsorbed] = n;
            absorbed[nabsorbed++] = a;
        }
        if (was_failed && clean) {
            if (survey && a.rows_written != 0)
                fprintf(stderr, "== ROWS %s n=%ld\n", request, n);
            else
                ck_assert_msg(a.rows_written == 0, "%s: allocation %ld failed and %lld rows changed",
                              request, n, a.rows_written);
        }
        th_plugin()->free_string(text);
        if (!was_failed) {
            ck_assert_msg(text != NULL, "%s: NULL with no allocation failed", request);
            ck_assert_msg(a.status == expected_status, "%s: answers %d (%s), not %d",
                          request, a.status, a.code, expected_status);
            for (size_t i = 0; i < nabsorbed; i++) {
                if (survey && (strcmp(absorbed[i].shape.text, a.shape.text) != 0 ||
                               (absorbed[i].rows_written != a.rows_written && !c->varies))) {
                    fprintf(stderr, "== SHAPE %s n=%ld\n   %s\n   %s\n", request, absorbed_at[i],
                            absorbed[i].shape.text, a.shape.text);
                    continue;
                }
                ck_assert_msg(strcmp(absorbed[i].shape.text, a.shape.text) == 0,
                              "%s: allocation %ld failed and the answer lost something:\n%s\nnot\n%s",
                              request, absorbed_at[i], absorbed[i].shape.text, a.shape.text);
                ck_assert_msg(absorbed[i].rows_written == a.rows_written || c->varies,
                              "%s: allocation %ld failed and %lld rows were written, not %lld",
                              request, absorbed_at[i], absorbed[i].rows_written, a.rows_written);
            }
            return n - 1;
        }
        still_serves(request, n);
    }
}

/* ---- the requests: one of every route ------------------------------------------ */

/* What a request needs made afresh before each try, so that every try
   meets the same state: a claim of its own to review, a subscription of
   its own to delete, a key or URL not used yet. */

static char claim_id[32], delivery_id[32], evidence_id[32];

static const char *new_subscription(void)
{
    static char id[32];
    th_resp r = th_call("POST", "/subscriptions", "admin", NULL,
                        "{\"url\":\"http://127.0.0.1:9/hook\",\"allow_private\":true}");
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    return id;
}

static const char *request_for(const route_case *c)
{
    static char buf[4096];
    char path[256], body[2048];
    const char *fresh = c->prep == NEW_CLAIM ? th_new_claim(NULL)
                      : c->prep == NEW_SUBSCRIPTION ? new_subscription()
                      : c->prep == UNIQUE ? th_unique("u")
                      : strstr(c->path, "claims/%s") ? claim_id
                      : strstr(c->path, "evidence/%s") ? evidence_id : delivery_id;
    snprintf(path, sizeof path, c->path, fresh);
    snprintf(body, sizeof body, c->body ? c->body : "", fresh);
    snprintf(buf, sizeof buf,
             "{\"method\":\"%s\",\"path\":\"%s\",\"actor\":{\"id\":\"oom-%s\",\"role\":\"%s\"}%s%s%s%s}",
             c->method, path, c->role, c->role, c->body ? ",\"body\":" : "", body,
             c->query ? ",\"query\":" : "", c->query ? c->query : "");
    return buf;
}

/* The article's readers get a notice: the claim published with a verdict,
   a police rebuttal and the speaker's apology (a CorrectionComment). */
static void publish_with_apology(const char *id)
{
    static const char *const responses[] = {
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции\"},\"issued_at\":\"2025-12-01\","
        "\"summary\":\"Данные не подтверждаются\",\"url\":\"https://police.example.kz/1\"}",
        "{\"kind\":\"apology\",\"by\":{\"name\":\"Депутат\"},\"issued_at\":\"2025-12-02\","
        "\"summary\":\"Приношу извинения\",\"url\":\"https://example.kz/apology\"}"};
    char path[96], body[160];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "/claims/%s/responses", id);
        th_resp r = th_call("POST", path, "editor", NULL, responses[i]);
        ck_assert_int_eq(r.status, 201);
        th_free(&r);
    }
    snprintf(path, sizeof path, "/claims/%s", id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}", th_int(&r, "version"));
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%s/review", id);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "publish: %d %s", r.status, json_object_to_json_string(r.body));
    th_free(&r);
}

static void setup(void)
{
    trace = getenv("CT_OOM_TRACE") != NULL;
    survey = getenv("CT_OOM_SURVEY") != NULL;
    /* a database of its own for each request: what other suites (and the
       other requests' sweeps) wrote would make every request larger */
    char config[1024];
    json_object *cfg = json_tokener_parse(th_config(4));
    th_new_database("ct_oom", oom_db, sizeof oom_db);
    snprintf(config, sizeof config, "%s dbname=%s", th_db(), oom_db);
    json_object_object_add(cfg, "database", json_object_new_string(config));
    json_object_object_add(cfg, "secrets_key", json_object_new_string(TH_SECRETS_KEY));
    char *error = NULL;
    th_instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    ck_assert_msg(th_instance != NULL, "open: %s", error ? error : "?");
    json_object_put(cfg);
    new_subscription();
    /* an event after the subscription: a delivery in the outbox */
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim("oom-article"));
    publish_with_apology(claim_id);
    snprintf(delivery_id, sizeof delivery_id, "%s",
             th_sql_exec_on(oom_db, "SELECT max(id) FROM claimtrack.ct_outbox"));
    /* an archived copy of a police statement, as the evidence job keeps it */
    const char *state = th_sql_exec_on(oom_db, "INSERT INTO claimtrack.ct_evidence (claim_id, url, status, http_status,"
                                    " final_url, content_type, title, size, sha256, body, fetched_at)"
                                    " SELECT min(id), 'https://example.org/police', 'archived', 200,"
                                    " 'https://example.org/police', 'text/html; charset=utf-8', 'Police',"
                                    " 32, encode(sha256(convert_to('<p>Опровержение</p>', 'UTF8')), 'hex'),"
                                    " convert_to('<p>Опровержение</p>', 'UTF8'), now()"
                                    " FROM claimtrack.ct_claims");
    ck_assert_msg(state[0] == '\0', "evidence row: SQLSTATE %s", state);
    /* The first mention of an article adds its notices' version row
       (sql/027), later ones raise it: made here, the articles the sweeps
       mention in are already known, and every attempt writes the same rows. */
    state = th_sql_exec_on(oom_db, "INSERT INTO claimtrack.ct_notice_versions"
                                   " SELECT a, nextval('claimtrack.ct_notice_version_seq')"
                                   " FROM unnest('{oom-a2,oom-a3}'::text[]) a");
    ck_assert_msg(state[0] == '\0', "version rows: SQLSTATE %s", state);
    snprintf(evidence_id, sizeof evidence_id, "%s",
             th_sql_exec_on(oom_db, "SELECT max(id) FROM claimtrack.ct_evidence"));
}

static void teardown(void)
{
    th_teardown();
}

static const route_case cases[] = {
    {"POST", "/claims", "editor",
     "{\"text\":\"Преступность в Астане как в Каракасе\",\"claimant\":{\"name\":\"Депутат\",\"role\":\"депутат маслихата\"},"
     "\"said_at\":\"2025-12-01T10:00:00+05:00\",\"venue\":\"Facebook\",\"language\":\"ru\","
     "\"source_url\":\"https://example.org/post\",\"article\":{\"id\":\"oom-a2\",\"url\":\"https://news.example.kz/a2\","
     "\"quote\":{\"exact\":\"как в Каракасе\"}}}", FIXED, 201, false, NULL},
    {"GET", "/claims", "reader", NULL, FIXED, 200, false, NULL},
    {"GET", "/claims", "editor", NULL, FIXED, 200, false, "{\"q\":\"каракас\"}"},   /* the search's two steps */
    {"GET", "/claims/%s", "editor", NULL, FIXED, 200, false, NULL},       /* not published: editors see it */
    {"POST", "/claims/%s/responses", "editor",
     "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции Астаны\"},\"issued_at\":\"2025-12-01\","
     "\"summary\":\"Данные не подтверждаются\",\"url\":\"https://police.example.kz/1\"}", NEW_CLAIM, 201, false, NULL},
    {"POST", "/claims/%s/mentions", "editor",
     "{\"article_id\":\"oom-a3\",\"url\":\"https://news.example.kz/a3\","
     "\"quote\":{\"exact\":\"как в Каракасе\",\"prefix\":\"\",\"suffix\":\"\"}}", NEW_CLAIM, 201, false, NULL},
    {"POST", "/claims/%s/review", "moderator",
     "{\"expected_version\":1,\"status\":\"under_review\",\"note\":\"проверяем\"}", NEW_CLAIM, 200, false, NULL},
    {"GET", "/claims/%s/timeline", "editor", NULL, FIXED, 200, false, NULL},
    {"GET", "/articles/oom-article/notices", "reader", NULL, FIXED, 200, false, NULL},
    {"GET", "/articles/oom-article/notices", "reader", NULL, FIXED, 200, false, "{\"format\":\"html\",\"lang\":\"kk\"}"},
    {"GET", "/articles/oom-article/notices", "reader", NULL, FIXED, 200, false, "{\"format\":\"jsonld\"}"},
    {"GET", "/review-queue", "moderator", NULL, FIXED, 200, false, NULL},
    {"GET", "/health", "reader", NULL, FIXED, 200, false, NULL},
    {"POST", "/articles/oom-article/anchor", "editor",
     "{\"text\":\"Депутат сказал, что преступность как в Каракасе. Полиция опровергла.\"}", FIXED, 200, false, NULL},
    {"POST", "/import/claimreview", "editor",
     "{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\",\"url\":\"https://check.example.org/r/%s\","
     "\"claimReviewed\":\"The steppe is flat everywhere.\",\"author\":{\"@type\":\"Organization\",\"name\":\"Steppe Check\"},"
     "\"datePublished\":\"2025-12-10\",\"inLanguage\":\"en\",\"reviewRating\":{\"@type\":\"Rating\",\"alternateName\":\"False\"}}",
     UNIQUE, 201, false, NULL},
    {"GET", "/feeds/claimreview", "reader", NULL, FIXED, 200, false, "{\"limit\":\"3\"}"},
    {"GET", "/evidence/%s", "editor", NULL, FIXED, 200, false, NULL},
    {"GET", "/evidence", "moderator", NULL, FIXED, 200, false, NULL},
    {"GET", "/deliveries", "moderator", NULL, FIXED, 200, false, NULL},
    {"POST", "/deliveries/%s/redeliver", "moderator", "{}", FIXED, 200, false, NULL},
    {"GET", "/vocabulary", "reader", NULL, FIXED, 200, false, NULL},
    {"GET", "/ratings", "reader", NULL, FIXED, 200, false, NULL},
    {"POST", "/ratings", "admin",
     "{\"key\":\"Half True %s\",\"labels\":{\"en\":\"Half true\",\"ru\":\"Полуправда\",\"kk\":\"Жартылай шын\"},"
     "\"value\":3,\"colour\":\"#888888\"}", UNIQUE, 201, false, NULL},
    {"PUT", "/ratings/False", "admin", "{\"value\":2}", FIXED, 200, false, NULL},
    {"GET", "/subscriptions", "admin", NULL, FIXED, 200, false, NULL},
    {"POST", "/subscriptions", "admin",
     "{\"url\":\"http://127.0.0.1:9/%s\",\"events\":[\"claim.published\"],\"allow_private\":true}", UNIQUE, 201, false, NULL},
    {"GET", "/subscriptions/%s", "admin", NULL, NEW_SUBSCRIPTION, 200, false, NULL},
    {"PUT", "/subscriptions/%s", "admin", "{\"active\":false}", NEW_SUBSCRIPTION, 200, false, NULL},
    {"POST", "/subscriptions/%s/rotate", "admin", "{\"overlap_s\":3600}", NEW_SUBSCRIPTION, 200, false, NULL},
    {"DELETE", "/subscriptions/%s", "admin", NULL, NEW_SUBSCRIPTION, 200, false, NULL},
    {"POST", "/jobs/run", "admin", "{}", FIXED, 200, true, NULL},
};

START_TEST(every_allocation_failure_is_a_clean_500)
{
    const route_case *c = &cases[_i];
    long allocations = sweep(c, c->status);
    fprintf(stderr, "oom: %-7s %-32s %5ld allocations, each failed once: clean\n", c->method,
            c->path, allocations);
    ck_assert_int_gt(allocations, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("sweep");
    int first = 0, end = (int)(sizeof cases / sizeof cases[0]);
    if (getenv("CT_OOM_ONLY")) {        /* CT_OOM_ONLY=i or i-j: those requests alone */
        const char *only = getenv("CT_OOM_ONLY"), *dash = strchr(only, '-');
        first = atoi(only);
        end = (dash ? atoi(dash + 1) : first) + 1;
    }
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, every_allocation_failure_is_a_clean_500, first, end);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
