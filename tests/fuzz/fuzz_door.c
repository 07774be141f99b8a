/*
 * fuzz_door.c -- libFuzzer target for the request door: handle() of the
 * plugin's ABI v1 table (plugin/plugin.c) on a real database, workers off.
 *
 * Database. LLVMFuzzerInitialize creates a database of its own,
 * ct_fuzz_<pid>, in the cluster of CT_TEST_DB (a key=value conninfo, as
 * scripts/pgtest.sh sets it), opens one instance on it (pool of 2, workers
 * off, a publisher and a secrets_key so that no route answers
 * "not configured") and records a small fixture through handle() itself:
 * a webhook subscription, claims 1 and 2 (1 with a mention in article
 * "fuzz-article", a rebuttal, published as False), the article anchored,
 * one imported ClaimReview (claim 3). handle() commits, so the database
 * grows with the run: every CT_FUZZ_RESET_EVERY inputs (2000) a second
 * libpq connection truncates every table of the schema but
 * schema_migrations (RESTART IDENTITY; in session_replication_role
 * replica, since ct_events refuses TRUNCATE otherwise, so the connection
 * must be a superuser's), puts the default rating scale back and the
 * fixture is recorded again. Ids 1-3 therefore name rows most of
 * the time. The database is dropped at exit, after the instance is closed
 * (atexit), so LeakSanitizer sees only real leaks.
 *
 * No network. POST /jobs/run fetches sources and posts webhooks from the
 * calling thread, and POST/PUT /subscriptions resolve their url. This
 * target therefore replaces getaddrinfo (numeric addresses only: a name
 * never reaches DNS) and connect (a TCP connection is refused, except to
 * loopback on the database's own port), so every transfer fails at once
 * and nothing leaves the machine.
 *
 * Input. data[0] picks a route of the table below (its method and path
 * template), data[1] holds flags:
 *   bits 0-2  the actor: 0 the least role the route needs (with an id),
 *             1 none, 2 reader without id, 3 reader r1, 4 editor e1,
 *             5 moderator m1, 6 admin a1, 7 editor e2;
 *   bits 3-4  the {id}: 0-2 one of the route's three usual ids ("1".."3",
 *             an article id, a rating key), 3 the bytes of the input up to
 *             its first 0x00 (for a route without {id}: the whole path);
 *   bit 5     an Idempotency-Key header (derived from the payload, so a
 *             repeated input is a replay);
 *   bit 6     raw: data[2..] is the whole request envelope, sent as it is;
 *   bit 7     the payload goes to "query" for POST and PUT, to "body" for
 *             GET and DELETE (the other way round from usual).
 * The rest (after the segment when bits 3-4 are 3) is the payload, pasted
 * unchanged as the JSON value of "body" (POST, PUT) or "query" (GET,
 * DELETE); empty means no such key. So most inputs are well-formed
 * envelopes of a real route and role with a hostile body, and the raw
 * ones reach the envelope's own checks. A custom mutator (json_mutate.h)
 * changes the payload's JSON tree half of the time instead of its bytes.
 *
 * What every response must be (else abort(), and libFuzzer keeps the
 * input): not NULL; valid UTF-8; one strict JSON object with an integer
 * "status", a string "content_type" and a "body", optional "headers" (an
 * object of strings) and "body_encoding" ("base64"), nothing else; body an
 * object or array for application/json, a string otherwise; status one of
 * 200, 201, 400, 403, 404, 405, 409, 413, 422. An error has content_type
 * application/json and a body {"error": {"code", "message", "field"?}}
 * whose code is in src/vocabulary.txt with that very status. No 5xx is
 * acceptable: the configuration makes publisher_not_configured and
 * secrets_key_not_configured impossible, a single thread cannot exhaust
 * the pool, and 500 db_error (or an import item skipped for db_error)
 * means the database refused what the door let through: a validation gap.
 * 503 db_timeout would be a request that runs past statement_timeout_ms
 * (5 s). Set CT_FUZZ_LOG=1 to see the plugin's log, CT_FUZZ_TRACE=1 for
 * each response's status, error code and field with the start of its
 * request (to see how deep the inputs get).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "claimtrack/plugin.h"
#include "base/validate.h"
#include "base/vocabulary.h"
#include "json_mutate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* ---- no network ------------------------------------------------------------ */

static int pg_port = 5432;     /* the only TCP port that may be connected to (loopback) */

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *,
                          struct addrinfo **);
    static gai_fn real;
    struct addrinfo numeric = {0};

    if (real == NULL)
        real = (gai_fn)dlsym(RTLD_NEXT, "getaddrinfo");
    if (real == NULL)
        return EAI_FAIL;
    if (hints)
        numeric = *hints;
    numeric.ai_flags |= AI_NUMERICHOST;
    return real(node, service, &numeric, res);
}

static int loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127 && ntohs(in->sin_port) == pg_port;
    }
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) && ntohs(in6->sin6_port) == pg_port;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6) && !loopback(addr)) {
        errno = ECONNREFUSED;
        return -1;
    }
    return (int)syscall(SYS_connect, fd, addr, len);
}

/* ---- the instance and its database ----------------------------------------- */

static const ct_plugin_v1 *api;
static void *instance;
static PGconn *admin;                /* the cluster's own database: CREATE / DROP */
static PGconn *reset_conn;           /* the fuzz database: TRUNCATE */
static char dbname[64];
static char *truncate_sql;
static unsigned long runs, reset_every = 2000;
static char last_log[512];
static int trace;                    /* CT_FUZZ_TRACE: each status and error code on stderr */
static unsigned long by_status[5];   /* 2xx, 400, 403, 404/405, 409/413/422 */

static void plugin_log(void *data, int level, const char *message)
{
    (void)data;
    snprintf(last_log, sizeof last_log, "%s", message);
    if (getenv("CT_FUZZ_LOG"))
        fprintf(stderr, "plugin log [%d]: %s\n", level, message);
}

static const ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, NULL, plugin_log};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz_door: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

static void sql(PGconn *conn, const char *text)
{
    PGresult *res = PQexec(conn, text);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        die("%s: %s", text, PQerrorMessage(conn));
    PQclear(res);
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_db(const char *base, const char *name)
{
    char conninfo[2048];
    snprintf(conninfo, sizeof conninfo, "%s%s%s", base, name ? " dbname=" : "", name ? name : "");
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK)
        die("cannot connect (%s): %s", conninfo, PQerrorMessage(conn));
    PQsetNoticeProcessor(conn, quiet, NULL);
    return conn;
}

static void shut_down(void)
{
    char text[128];
    fprintf(stderr, "fuzz_door: responses: %lu 2xx, %lu 400, %lu 403, %lu 404/405, "
            "%lu 409/413/422; %lu resets\n", by_status[0], by_status[1], by_status[2],
            by_status[3], by_status[4], runs / reset_every + 1);
    if (instance)
        api->close(instance);
    instance = NULL;
    if (reset_conn)
        PQfinish(reset_conn);
    reset_conn = NULL;
    if (admin && dbname[0]) {
        snprintf(text, sizeof text, "DROP DATABASE IF EXISTS %s", dbname);
        PQclear(PQexec(admin, text));
    }
    if (admin)
        PQfinish(admin);
    admin = NULL;
    free(truncate_sql);
    truncate_sql = NULL;
}

/* ---- requests ---------------------------------------------------------------- */

typedef struct buf {
    char  *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = realloc(b->s, cap);
        if (b->s == NULL)
            abort();
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* s[0..n) inside a JSON string: quotes, backslashes and control bytes
   escaped, every other byte as it is (invalid UTF-8 stays invalid). */
static void put_escaped(buf *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char esc[8];
        if (s[i] == '"' || s[i] == '\\') {
            esc[0] = '\\';
            esc[1] = (char)s[i];
            put(b, esc, 2);
        } else if (s[i] < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", s[i]);
            put(b, esc, 6);
        } else {
            put(b, (const char *)&s[i], 1);
        }
    }
}

enum { P_NONE, P_CLAIM, P_NUMBER, P_ARTICLE, P_RATING };

typedef struct route {
    const char *method;
    const char *path;          /* {id} where the id goes */
    int         param;
    const char *role;          /* the least role that may */
} route;

static const route routes[] = {
    {"POST",   "/claims",                    P_NONE,    "editor"},
    {"GET",    "/claims",                    P_NONE,    "reader"},
    {"GET",    "/claims/{id}",               P_CLAIM,   "reader"},
    {"POST",   "/claims/{id}/responses",     P_CLAIM,   "editor"},
    {"POST",   "/claims/{id}/mentions",      P_CLAIM,   "editor"},
    {"POST",   "/claims/{id}/review",        P_CLAIM,   "moderator"},
    {"GET",    "/claims/{id}/timeline",      P_CLAIM,   "reader"},
    {"GET",    "/articles/{id}/notices",     P_ARTICLE, "reader"},
    {"GET",    "/review-queue",              P_NONE,    "moderator"},
    {"GET",    "/health",                    P_NONE,    "reader"},
    {"POST",   "/articles/{id}/anchor",      P_ARTICLE, "editor"},
    {"POST",   "/import/claimreview",        P_NONE,    "editor"},
    {"GET",    "/feeds/claimreview",         P_NONE,    "reader"},
    {"GET",    "/evidence/{id}",             P_NUMBER,  "reader"},
    {"GET",    "/evidence",                  P_NONE,    "moderator"},
    {"GET",    "/deliveries",                P_NONE,    "moderator"},
    {"POST",   "/deliveries/{id}/redeliver", P_NUMBER,  "moderator"},
    {"GET",    "/vocabulary",                P_NONE,    "reader"},
    {"GET",    "/ratings",                   P_NONE,    "reader"},
    {"POST",   "/ratings",                   P_NONE,    "admin"},
    {"PUT",    "/ratings/{id}",              P_RATING,  "admin"},
    {"GET",    "/subscriptions",             P_NONE,    "admin"},
    {"POST",   "/subscriptions",             P_NONE,    "admin"},
    {"GET",    "/subscriptions/{id}",        P_NUMBER,  "admin"},
    {"PUT",    "/subscriptions/{id}",        P_NUMBER,  "admin"},
    {"DELETE", "/subscriptions/{id}",        P_NUMBER,  "admin"},
    {"POST",   "/subscriptions/{id}/rotate", P_NUMBER,  "admin"},
    {"POST",   "/jobs/run",                  P_NONE,    "admin"},
};
#define NROUTES (sizeof routes / sizeof routes[0])

static const char *const ids[][3] = {
    [P_NONE]    = {"", "", ""},
    [P_CLAIM]   = {"1", "2", "3"},
    [P_NUMBER]  = {"1", "2", "3"},
    [P_ARTICLE] = {"fuzz-article", "astana-like-caracas-en", "news%2F2025%2Fastana"},
    [P_RATING]  = {"False", "Misleading", "Pants%20on%20Fire"},
};

static const char *const actors[] = {
    NULL,                                    /* 0: the route's own role, below */
    "",                                      /* 1: no actor */
    "{\"role\":\"reader\"}",
    "{\"id\":\"r1\",\"role\":\"reader\"}",
    "{\"id\":\"e1\",\"role\":\"editor\"}",
    "{\"id\":\"m1\",\"role\":\"moderator\"}",
    "{\"id\":\"a1\",\"role\":\"admin\"}",
    "{\"id\":\"e2\",\"role\":\"editor\"}",
};

static const char *least_actor(const char *role)
{
    return strcmp(role, "reader") == 0 ? actors[3] : strcmp(role, "editor") == 0 ? actors[4]
         : strcmp(role, "moderator") == 0 ? actors[5] : actors[6];
}

/* The request envelope an input stands for (see the top of this file). */
static void build_request(const unsigned char *data, size_t size, buf *req)
{
    if (size < 2) {
        put(req, (const char *)data, size);
        return;
    }
    const route *r = &routes[data[0] % NROUTES];
    unsigned flags = data[1], pick = (flags >> 3) & 3;
    const unsigned char *rest = data + 2, *payload = rest;
    size_t rest_len = size - 2, payload_len = rest_len, seg_len = 0;

    if (flags & 0x40) {                                  /* raw */
        put(req, (const char *)rest, rest_len);
        return;
    }
    if (pick == 3) {
        const unsigned char *nul = memchr(rest, 0, rest_len);
        seg_len = nul ? (size_t)(nul - rest) : rest_len;
        payload = nul ? nul + 1 : rest + rest_len;
        payload_len = rest_len - seg_len - (nul ? 1 : 0);
    }
    puts_(req, "{\"method\":\"");
    puts_(req, r->method);
    puts_(req, "\",\"path\":\"");
    if (r->param == P_NONE && pick == 3) {
        put_escaped(req, rest, seg_len);
    } else {
        const char *at = strstr(r->path, "{id}");
        if (at == NULL) {
            puts_(req, r->path);
        } else {
            put(req, r->path, (size_t)(at - r->path));
            if (pick == 3)
                put_escaped(req, rest, seg_len);
            else
                puts_(req, ids[r->param][pick]);
            puts_(req, at + 4);
        }
    }
    puts_(req, "\"");
    const char *actor = actors[flags & 7] ? actors[flags & 7] : least_actor(r->role);
    if (actor[0]) {
        puts_(req, ",\"actor\":");
        puts_(req, actor);
    }
    if (flags & 0x20) {                                  /* Idempotency-Key */
        uint32_t h = 2166136261u;
        char key[80];
        for (size_t i = 0; i < payload_len; i++)
            h = (h ^ payload[i]) * 16777619u;
        snprintf(key, sizeof key, ",\"headers\":{\"Idempotency-Key\":\"fuzz-%08x\"}", h);
        puts_(req, key);
    }
    if (payload_len > 0) {
        int writes = strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0;
        if (flags & 0x80)
            writes = !writes;
        puts_(req, writes ? ",\"body\":" : ",\"query\":");
        put(req, (const char *)payload, payload_len);
    }
    puts_(req, "}");
}

/* ---- what a response must be ---------------------------------------------- */

static void bad(const char *request, const char *response, const char *why)
    __attribute__((noreturn));
static void bad(const char *request, const char *response, const char *why)
{
    fprintf(stderr, "fuzz_door: %s\n  request:  %.2000s\n  response: %.2000s\n"
            "  last plugin log: %s\n", why, request, response ? response : "(NULL)", last_log);
    abort();
}

static int error_status(const char *code)
{
    for (int i = 0; i < CT_VOCAB_ERRORS; i++)
        if (strcmp(ct_vocab_errors[i].code, code) == 0)
            return ct_vocab_errors[i].http_status;
    return -1;
}

static json_object *member(json_object *obj, const char *key)
{
    json_object *v = NULL;
    return json_object_is_type(obj, json_type_object) && json_object_object_get_ex(obj, key, &v)
               ? v : NULL;
}

/* An import's report must not skip an item for a database refusal. */
static void check_import(const char *request, const char *response, json_object *body)
{
    json_object *skipped = member(body, "skipped");
    if (skipped == NULL)
        return;
    if (!json_object_is_type(skipped, json_type_array))
        bad(request, response, "skipped is not a list");
    for (size_t i = 0; i < json_object_array_length(skipped); i++) {
        const char *code = json_object_get_string(member(member(
            json_object_array_get_idx(skipped, i), "error"), "code"));
        if (code == NULL || error_status(code) < 0)
            bad(request, response, "an import item skipped without a known code");
        if (strcmp(code, "db_error") == 0)
            bad(request, response, "the database refused an import item the plan accepted");
    }
}

static int check_response(const char *request, const char *response)
{
    if (response == NULL)
        bad(request, response, "handle() returned NULL");
    size_t len = strlen(response);
    if (!ct_utf8_valid(response, len, NULL))
        bad(request, response, "the response is not valid UTF-8");

    json_tokener *tok = json_tokener_new_ex(64);
    if (tok == NULL)
        abort();
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, response, (int)len);
    if (root == NULL || json_tokener_get_error(tok) != json_tokener_success ||
        json_tokener_get_parse_end(tok) != len)
        bad(request, response, "the response is not one strict JSON value");
    json_tokener_free(tok);
    if (!json_object_is_type(root, json_type_object))
        bad(request, response, "the response is not an object");

    json_object_object_foreach(root, key, value) {
        if (strcmp(key, "status") && strcmp(key, "content_type") && strcmp(key, "body") &&
            strcmp(key, "headers") && strcmp(key, "body_encoding"))
            bad(request, response, "the response has a key the envelope does not define");
        (void)value;
    }
    json_object *status_o = member(root, "status"), *type_o = member(root, "content_type");
    json_object *body = member(root, "body"), *headers = member(root, "headers");
    json_object *encoding = member(root, "body_encoding");
    if (!json_object_is_type(status_o, json_type_int) || !json_object_is_type(type_o, json_type_string) ||
        !json_object_object_get_ex(root, "body", NULL))
        bad(request, response, "status, content_type or body is missing or of the wrong type");
    int status = json_object_get_int(status_o);
    const char *type = json_object_get_string(type_o);
    switch (status) {
    case 200: case 201: case 400: case 403: case 404: case 405: case 409: case 413: case 422:
        break;
    default:
        bad(request, response, "a status fuzz input must never get");
    }
    if (headers) {
        if (!json_object_is_type(headers, json_type_object))
            bad(request, response, "headers is not an object");
        json_object_object_foreach(headers, name, v) {
            if (!json_object_is_type(v, json_type_string))
                bad(request, response, "a header is not a string");
            (void)name;
        }
    }
    if (encoding && (!json_object_is_type(encoding, json_type_string) ||
                     strcmp(json_object_get_string(encoding), "base64") != 0))
        bad(request, response, "body_encoding is not \"base64\"");
    if (strcmp(type, "application/json") == 0) {
        if (!json_object_is_type(body, json_type_object) && !json_object_is_type(body, json_type_array))
            bad(request, response, "a JSON body that is neither an object nor an array");
    } else if (!json_object_is_type(body, json_type_string)) {
        bad(request, response, "a text body that is not a string");
    }
    if (status >= 400) {
        json_object *error = member(body, "error");
        json_object *code = member(error, "code"), *message = member(error, "message");
        json_object *field = member(error, "field");
        if (strcmp(type, "application/json") != 0 || !json_object_is_type(code, json_type_string) ||
            !json_object_is_type(message, json_type_string) ||
            json_object_get_string_len(message) == 0 ||
            (field && !json_object_is_type(field, json_type_string)))
            bad(request, response, "an error without {\"error\": {code, message, field?}}");
        if (error_status(json_object_get_string(code)) != status)
            bad(request, response, "an error code not in src/vocabulary.txt with this status");
        if (trace)
            fprintf(stderr, "fuzz_door: %d %s %s <- %.100s\n", status,
                    json_object_get_string(code), field ? json_object_get_string(field) : "-",
                    request);
    } else {
        if (member(body, "skipped") && member(body, "counts"))
            check_import(request, response, body);
        if (trace)
            fprintf(stderr, "fuzz_door: %d <- %.100s\n", status, request);
    }
    json_object_put(root);
    return status;
}

static char *call(const char *request, int *status)
{
    char *response = api->handle(instance, request);
    *status = check_response(request, response);
    return response;
}

/* ---- the fixture ------------------------------------------------------------ */

static const char *const fixture[] = {
    "{\"method\":\"POST\",\"path\":\"/subscriptions\",\"actor\":{\"id\":\"a1\",\"role\":\"admin\"},"
    "\"body\":{\"url\":\"https://93.184.216.34/hooks/claimtrack\",\"events\":[\"*\"],"
    "\"description\":\"fuzz receiver\"}}",
    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e1\",\"role\":\"editor\"},"
    "\"body\":{\"text\":\"Astana is like Caracas.\",\"claimant\":{\"name\":\"Astana Watch\","
    "\"role\":\"Telegram channel\",\"type\":\"organization\"},\"said_at\":\"2025-12-02T09:15:00+05:00\","
    "\"venue\":\"Telegram\",\"language\":\"en\",\"source_url\":\"https://93.184.216.34/posts/1\","
    "\"article\":{\"id\":\"fuzz-article\",\"url\":\"https://news.example.kz/articles/fuzz-article\","
    "\"quote\":{\"exact\":\"Astana is like Caracas\",\"prefix\":\"said that \",\"suffix\":\" in\"}}}}",
    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e1\",\"role\":\"editor\"},"
    "\"body\":{\"text\":\"\\u041f\\u0440\\u0435\\u0441\\u0442\\u0443\\u043f\\u043d\\u043e\\u0441\\u0442\\u044c"
    " \\u0432\\u044b\\u0440\\u043e\\u0441\\u043b\\u0430 \\u043d\\u0430 40%.\",\"claimant\":{\"name\":"
    "\"\\u0414\\u0435\\u043f\\u0443\\u0442\\u0430\\u0442\"},\"said_at\":\"2025-12-05\",\"language\":\"ru\"}}",
    "{\"method\":\"POST\",\"path\":\"/claims/1/responses\",\"actor\":{\"id\":\"e1\",\"role\":\"editor\"},"
    "\"body\":{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Astana City Police Department\",\"role\":\"press service\"},"
    "\"issued_at\":\"2025-12-01\",\"summary\":\"Crimes against the person fell.\","
    "\"url\":\"https://93.184.216.35/statement\"}}",
    "{\"method\":\"POST\",\"path\":\"/claims/1/review\",\"actor\":{\"id\":\"m1\",\"role\":\"moderator\"},"
    "\"body\":{\"expected_version\":2,\"status\":\"rebutted\",\"rating\":\"False\","
    "\"note\":\"Refuted by the police statement.\",\"publish\":true}}",
    "{\"method\":\"POST\",\"path\":\"/articles/fuzz-article/anchor\",\"actor\":{\"id\":\"e1\",\"role\":\"editor\"},"
    "\"body\":{\"text\":\"At the session the deputy said that Astana is like Caracas in its crime.\"}}",
    "{\"method\":\"POST\",\"path\":\"/import/claimreview\",\"actor\":{\"id\":\"e1\",\"role\":\"editor\"},"
    "\"body\":{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\","
    "\"url\":\"https://factcheck.example.org/reviews/astana-crime\",\"claimReviewed\":"
    "\"Crime in Astana rose by 40 percent in 2025.\",\"datePublished\":\"2025-12-10\","
    "\"author\":{\"@type\":\"Organization\",\"name\":\"Example Fact Check\",\"url\":\"https://factcheck.example.org\"},"
    "\"reviewRating\":{\"@type\":\"Rating\",\"ratingValue\":1,\"bestRating\":5,\"worstRating\":1,"
    "\"alternateName\":\"False\"},\"itemReviewed\":{\"@type\":\"Claim\",\"author\":{\"@type\":\"Person\","
    "\"name\":\"A social media user\"},\"datePublished\":\"2025-12-05\",\"appearance\":"
    "\"https://93.184.216.36/posts/123\"},\"inLanguage\":\"en\"}}",
};

static void reset_database(void)
{
    PGresult *res;

    if (truncate_sql == NULL) {
        res = PQexec(reset_conn,
                     "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ')"
                     " || ' RESTART IDENTITY CASCADE' FROM pg_tables"
                     " WHERE schemaname = 'claimtrack' AND tablename <> 'schema_migrations'");
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQgetisnull(res, 0, 0))
            die("cannot list the tables: %s", PQerrorMessage(reset_conn));
        truncate_sql = strdup(PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    sql(reset_conn, truncate_sql);
    sql(reset_conn, ct_vocab_seed_sql);               /* the default rating scale */
    for (size_t i = 0; i < sizeof fixture / sizeof fixture[0]; i++) {
        int status = 0;
        char *response = call(fixture[i], &status);
        if (status != 200 && status != 201)
            bad(fixture[i], response, "the fixture was refused");
        api->free_string(response);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *base = getenv("CT_TEST_DB");
    const char *every = getenv("CT_FUZZ_RESET_EVERY");
    char text[160], *error = NULL;

    (void)argc;
    (void)argv;
    if (base == NULL || base[0] == '\0')
        die("CT_TEST_DB is not set: run through scripts/fuzz.sh or scripts/pgtest.sh");
    if (every && atol(every) > 0)
        reset_every = (unsigned long)atol(every);
    trace = getenv("CT_FUZZ_TRACE") != NULL;
    admin = connect_db(base, NULL);
    if (PQport(admin) && atoi(PQport(admin)) > 0)
        pg_port = atoi(PQport(admin));
    snprintf(dbname, sizeof dbname, "ct_fuzz_%ld", (long)getpid());
    snprintf(text, sizeof text, "DROP DATABASE IF EXISTS %s", dbname);
    sql(admin, text);
    snprintf(text, sizeof text, "CREATE DATABASE %s", dbname);
    sql(admin, text);
    atexit(shut_down);

    json_object *cfg = json_tokener_parse(
        "{\"pool_size\":2,\"pool_wait_ms\":2000,\"statement_timeout_ms\":5000,\"language\":\"ru\","
        "\"publisher\":{\"name\":\"Factcheck.kz\",\"url\":\"https://factcheck.kz\","
        "\"claim_url\":\"https://factcheck.kz/claims/{id}\","
        "\"evidence_url\":\"https://news.example.kz/claimtrack/evidence/{id}\","
        "\"article_url\":\"https://news.example.kz/articles/{id}\"},"
        "\"secrets_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
        "\"outbound\":{\"workers\":false,\"retry_base_ms\":1000,\"evidence_attempts\":2,"
        "\"retry_for_s\":60,\"connect_timeout_ms\":100,\"timeout_ms\":1000}}");
    char conninfo[2048];
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", base, dbname);
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    api = claimtrack_plugin_v1(CLAIMTRACK_ABI_VERSION);
    instance = api ? api->open(&host, json_object_to_json_string(cfg), &error) : NULL;
    json_object_put(cfg);
    if (instance == NULL)
        die("open failed: %s", error ? error : "?");
    reset_conn = connect_db(base, dbname);
    /* ct_events is append-only, TRUNCATE included (sql/001): its triggers
       do not fire for a session in replica mode (a superuser's, as on
       the throwaway cluster) */
    sql(reset_conn, "SET session_replication_role = replica");
    sql(reset_conn, "SET search_path = claimtrack");      /* for ct_vocab_seed_sql */
    reset_database();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    buf req = {NULL, 0, 0};
    int status = 0;

    if (++runs % reset_every == 0)
        reset_database();
    build_request(data, size, &req);
    if (req.s == NULL)
        puts_(&req, "");
    api->free_string(call(req.s, &status));
    by_status[status < 300 ? 0 : status == 400 ? 1 : status == 403 ? 2 :
              status == 404 || status == 405 ? 3 : 4]++;
    free(req.s);
    return 0;
}

/* ---- mutation ------------------------------------------------------------- */

/* Member names of the envelope, the routes' bodies and queries, and
   ClaimReview, for json_mutate to add. */
static const char *const door_keys[] = {
    "method", "path", "query", "actor", "body", "headers", "Idempotency-Key", "id", "role",
    "text", "claimant", "said_at", "venue", "language", "source_url", "article", "url", "quote",
    "exact", "prefix", "suffix", "position", "start", "end", "kind", "by", "name", "type",
    "issued_at", "summary", "expected_version", "status", "rating", "note", "publish",
    "article_id", "lang", "format", "limit", "q", "cursor", "key", "labels", "en", "ru", "kk",
    "value", "colour", "verdict", "retired", "events", "description", "active", "allow_private",
    "overlap_s", "@context", "@type", "@id", "@graph", "@value", "claimReviewed", "author",
    "datePublished", "reviewRating", "itemReviewed", "appearance", "firstAppearance",
    "inLanguage", "ratingValue", "bestRating", "worstRating", "alternateName", "mainEntity",
    "mainEntityOfPage", "dataFeedElement", "item", "jobTitle", "sameAs", "publisher",
    "headline", "dateCreated", "dateModified", "review", NULL};

/*
 * Half of the mutations are libFuzzer's own (bytes, so also the route and
 * flags bytes and broken JSON); the other half change one thing inside
 * the payload's JSON (the whole envelope's in raw inputs) with
 * json_mutate, so that well-formed requests reach the routes' checks with
 * values at their limits. Now and then the payload is sent to another
 * route.
 */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (size >= 2 && seed % 2 == 0) {
        size_t start = 2;
        if (!(data[1] & 0x40) && ((data[1] >> 3) & 3) == 3) {
            const uint8_t *nul = memchr(data + 2, 0, size - 2);
            start = nul ? (size_t)(nul - data) + 1 : size;
        }
        if (seed % 16 == 2) {
            data[0] = (uint8_t)(seed >> 8);
            return size;
        }
        if (start < size && max_size > start) {
            char *out = malloc(max_size - start);
            size_t n = out ? json_mutate((const char *)data + start, size - start, out,
                                         max_size - start, seed >> 4, door_keys) : 0;
            if (n)
                memcpy(data + start, out, n);
            free(out);
            if (n)
                return start + n;
        }
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
