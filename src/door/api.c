/*
 * api.c -- the request door (see api.h).
 *
 * handle() does, in order and before touching the database: size check,
 * strict JSON parse, envelope decoding (method, path, query, actor, body),
 * route lookup, role check, path parameter check and the route's own
 * input decoding. Only then does it take a pooled connection, run the
 * route in one transaction (writes) or one statement (reads), and build
 * the response envelope. A read that fails because the connection broke is
 * retried once on a fresh connection; a write only when its BEGIN found
 * the connection dead, since later it may already have committed.
 */
#include "door/api.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/crypto.h"
#include "base/jsonin.h"
#include "store/migrate.h"
#include "domain/articles.h"
#include "domain/scan.h"
#include "domain/search_stats.h"
#include "domain/tlog.h"
#include "domain/claimreview_import.h"
#include "domain/claims.h"
#include "domain/ratings.h"
#include "domain/responses.h"
#include "domain/review.h"
#include "domain/subscriptions.h"
#include "domain/timeline.h"
#include "jobs/evidence.h"
#include "jobs/match_text.h"
#include "jobs/scheduler.h"
#include "jobs/webhooks.h"
#include "render/claimreview.h"
#include "render/notices.h"
#include "door/conditional.h"
#include "door/idempotency.h"
#include "door/replicas.h"
#include "door/request.h"
#include "store/store.h"
#include "base/validate.h"
#include "base/vocabulary.h"

/* The lower layers log with base/log.h's levels; they are the ABI's. */
_Static_assert(CT_LEVEL_DEBUG == CT_LOG_DEBUG && CT_LEVEL_INFO == CT_LOG_INFO &&
               CT_LEVEL_WARN == CT_LOG_WARN && CT_LEVEL_ERROR == CT_LOG_ERROR,
               "base/log.h levels must equal plugin.h's CT_LOG_*");

/* The SQL of every module, prepared on each connection of the pool and of
   the workers (store.h). */
static const ct_stmt *const *const all_sql[] = {
    ct_claims_sql, ct_responses_sql, ct_review_sql, ct_ratings_sql, ct_subscriptions_sql,
    ct_idempotency_sql, ct_timeline_sql, ct_articles_sql, ct_import_sql, ct_notices_sql, ct_claimreview_sql, ct_evidence_sql, ct_webhooks_sql, ct_tlog_sql, ct_scan_sql, ct_match_text_sql, NULL};

struct ct_instance {
    const ct_host_v1 *host;
    ct_config         config;
    ct_pool          *pool;
    ct_session_settings session;    /* of the pool's and the workers' connections */
    ct_scheduler     *scheduler;
    ct_cache         *cache;        /* the readers' cache, or NULL (reader_cache_bytes 0) */
    ct_replicas      *replicas;     /* readers' reads on standbys, or NULL (replicas.h) */
    ct_search_stats  *search_stats; /* the desk's common junctions (search_stats.h) */
    ct_route_ctx      ctx;
};

int ct_http_status(ct_rc rc)
{
    switch (rc) {
    case CT_OK:             return 200;
    case CT_EINVALID:       return 400;
    case CT_EFORBIDDEN:     return 403;
    case CT_ENOTFOUND:      return 404;
    case CT_EMETHOD:        return 405;
    case CT_ECONFLICT:      return 409;
    case CT_ETOOLARGE:      return 413;
    case CT_EUNPROCESSABLE: return 422;
    case CT_EUNAVAILABLE:   return 503;
    case CT_ENOMEM:
    case CT_EINTERNAL:      return 500;
    }
    return 500;
}

/* ---- instance life cycle --------------------------------------------------- */

static void host_log(void *data, int level, const char *message)
{
    const ct_host_v1 *host = data;
    if (host && host->log)
        host->log(host->host_data, level, message);
}

/* The "webhooks" configuration key of earlier releases, kept in step as
   subscriptions, by any host holding the secrets key (one transaction;
   see domain/subscriptions.h). */
static ct_rc import_webhooks(ct_instance *inst, ct_error *err)
{
    ct_subscription_import hooks[CT_WEBHOOKS_MAX];
    const ct_outbound_config *ob = &inst->config.outbound;
    ct_conn *conn = NULL;
    ct_rc rc;

    if (!ob->has_secrets_key)
        return CT_OK;
    for (size_t i = 0; i < ob->nwebhooks; i++)
        hooks[i] = (ct_subscription_import){ob->webhooks[i].url, ob->webhooks[i].secret,
                                            ob->webhooks[i].events_json};
    rc = ct_pool_acquire(inst->pool, inst->config.pool_wait_ms, &conn, err);
    if (rc == CT_OK)
        rc = ct_tx_begin(conn, err);
    if (rc == CT_OK)
        rc = ct_subscriptions_import(conn, ob->secrets_key, hooks, ob->nwebhooks, ob->retry_for_s, err);
    if (rc == CT_OK)
        rc = ct_tx_commit(conn, err);
    else if (conn)
        ct_tx_rollback(conn);
    if (conn)
        ct_pool_release(inst->pool, conn);
    return rc;
}

ct_rc ct_instance_open(const ct_host_v1 *host, const char *config_json,
                       ct_instance **out, ct_error *err)
{
    ct_instance *inst = calloc(1, sizeof *inst);
    ct_rc rc;

    *out = NULL;
    if (inst == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    inst->host = host;
    rc = ct_config_parse(config_json, &inst->config, err);
    if (rc == CT_OK)
        rc = ct_migrate(inst->config.database, inst->config.schema, inst->config.time_zone,
                        host_log, (void *)host, &inst->ctx.schema_version, err);
    inst->session = (ct_session_settings){inst->config.statement_timeout_ms,
                                          inst->config.session_variables,
                                          inst->config.time_zone, inst->config.schema,
                                          all_sql, inst->config.remote_apply};
    if (rc == CT_OK)
        rc = ct_pool_open(inst->config.database, inst->config.pool_size, &inst->session,
                          host_log, (void *)host, &inst->pool, err);
    if (rc == CT_OK)
        rc = ct_replicas_open(inst->config.replicas, inst->config.pool_size, &inst->session,
                              host_log, (void *)host, &inst->replicas, err);
    if (rc == CT_OK)
        rc = import_webhooks(inst, err);
    if (rc == CT_OK)
        rc = ct_scheduler_start(ct_jobs, CT_NJOBS, &inst->config.outbound,
                                inst->config.database, &inst->session, host_log, (void *)host,
                                &inst->scheduler, err);
    if (rc == CT_OK)
        rc = ct_cache_start(inst->config.reader_cache_bytes, inst->config.database,
                            &inst->session, inst->config.outbound.poll_ms,
                            inst->replicas != NULL, host_log, (void *)host, &inst->cache, err);
    if (rc == CT_OK && (inst->search_stats = ct_search_stats_create()) == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (rc != CT_OK) {
        ct_instance_close(inst);
        return rc;
    }
    inst->ctx.config = &inst->config;
    inst->ctx.search_stats = inst->search_stats;
    inst->ctx.cache = inst->cache;
    inst->ctx.replicas = inst->replicas;
    *out = inst;
    return CT_OK;
}

void ct_instance_close(ct_instance *inst)
{
    if (inst == NULL)
        return;
    ct_scheduler_stop(inst->scheduler);
    ct_cache_stop(inst->cache);
    ct_replicas_close(inst->replicas);
    ct_pool_close(inst->pool);
    ct_search_stats_destroy(inst->search_stats);
    ct_config_free(&inst->config);
    free(inst);
}

/* ---- envelopes --------------------------------------------------------------- */

/* The ABI v1 response envelope of an answer, made in one buffer. A text
   body (is_text) becomes one JSON string; any other is JSON already and
   goes in as it is. "headers" and "body_encoding" extend the v1
   envelope; hosts that do not know them still get status, content_type
   and body. NULL when out of memory. */
static char *response_envelope(const ct_response *resp)
{
    const char *type = resp->content_type ? resp->content_type : "application/json";
    size_t body_len = strlen(resp->body);
    ct_buf out = CT_BUF_INIT;

    /* a text body's escapes may need more: the buffer grows then */
    ct_buf_reserve(&out, body_len + strlen(type) + 96
                         + (resp->headers ? strlen(resp->headers) : 0));
    ct_buf_appendf(&out, "{\"status\":%d,\"content_type\":\"%s\",\"body\":",
                   resp->status, type);
    if (resp->is_text)
        ct_buf_append_json_string(&out, resp->body, body_len, JSON_C_TO_STRING_NOSLASHESCAPE);
    else
        ct_buf_append_len(&out, resp->body, body_len);
    if (resp->headers) {
        ct_buf_append(&out, ",\"headers\":");
        ct_buf_append(&out, resp->headers);
    }
    if (resp->is_text && resp->base64)
        ct_buf_append(&out, ",\"body_encoding\":\"base64\"");
    ct_buf_append_len(&out, "}", 1);
    return ct_buf_take(&out);
}

static const char oom_envelope[] =
    "{\"status\":500,\"content_type\":\"application/json\",\"body\":"
    "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}}";

static char *error_envelope(const ct_error *err)
{
    json_object *body = ct_jnew_object(), *error = ct_jnew_object();
    char *out = NULL;

    if (body == NULL || error == NULL) {
        json_object_put(body);
        json_object_put(error);
        return NULL;
    }
    ct_jset(error, "code", ct_jnew_string(err->code));
    ct_jset(error, "message", ct_jnew_string(err->message));
    if (err->field[0])
        ct_jset(error, "field", ct_jnew_string(err->field));
    ct_jset(body, "error", error);
    ct_response answer = {.status = ct_http_status(err->rc),
                          .body = (char *)ct_jdump(body, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE)};
    out = response_envelope(&answer);
    json_object_put(body);
    return out;
}

/* ---- decoding the envelope ------------------------------------------------------ */

static int hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Split "/a/b%20c" into percent-decoded segments stored in req->path. */
static ct_rc split_path(const char *path, ct_request *req, ct_error *err)
{
    size_t len = strlen(path), out = 0;

    if (path[0] != '/' || len > CT_PATH_MAX || strchr(path, '?') || strchr(path, '#'))
        return ct_fail(err, CT_EINVALID, "invalid_path", "path",
                       "path must start with / and carry no query string");
    req->nsegments = 0;
    for (size_t i = 1; i <= len; i++) {
        if (path[i] == '/' || path[i] == '\0') {
            if (out == 0 || req->path[out - 1] == '\0') {
                if (path[i] == '\0' && req->nsegments > 0)
                    break;              /* a trailing slash is tolerated */
                if (path[i] == '\0' && i == 1)
                    break;              /* "/" alone */
                return ct_fail(err, CT_EINVALID, "invalid_path", "path", "empty path segment");
            }
            req->path[out++] = '\0';
            continue;
        }
        if (out == 0 || req->path[out - 1] == '\0') {
            if (req->nsegments == CT_SEGMENTS_MAX)
                return ct_fail(err, CT_ENOTFOUND, "unknown_route", "path", "no such route");
            req->segments[req->nsegments++] = &req->path[out];
        }
        char c = path[i];
        if (c == '%') {
            int hi = hex(path[i + 1]), lo = hi < 0 ? -1 : hex(path[i + 2]);
            if (lo < 0 || (hi == 0 && lo == 0))
                return ct_fail(err, CT_EINVALID, "invalid_path", "path",
                               "bad percent-encoding in path");
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        req->path[out++] = c;
    }
    for (int s = 0; s < req->nsegments; s++)
        if (!ct_utf8_valid(req->segments[s], strlen(req->segments[s]), NULL))
            return ct_fail(err, CT_EINVALID, "invalid_utf8", "path", "path is not valid UTF-8");
    return CT_OK;
}

static ct_rc decode_actor(json_object *root, ct_request *req, ct_error *err)
{
    static const char *const keys[] = {"id", "role", NULL};
    const char *const *roles = ct_vocab_role_keys;   /* in the order of ct_role */
    json_object *actor = NULL;
    const char *role = NULL;
    ct_rc rc = ct_json_object(root, "", "actor", false, &actor, err);

    req->role = CT_ROLE_READER;
    req->actor.id = "anonymous";
    req->actor.role = "reader";
    if (rc != CT_OK || actor == NULL)
        return rc;
    rc = ct_json_only_keys(actor, keys, "actor", err);
    if (rc == CT_OK)
        rc = ct_json_enum(actor, "actor", "role", true, roles, &role, err);
    if (rc == CT_OK)
        rc = ct_json_text(actor, "actor", "id", strcmp(role, "reader") != 0, 1, 200,
                          &req->actor.id, err);
    if (rc != CT_OK)
        return rc;
    if (req->actor.id == NULL)
        req->actor.id = "anonymous";
    req->actor.role = role;
    for (int r = 0; roles[r]; r++)
        if (strcmp(roles[r], role) == 0)
            req->role = (ct_role)r;
    return CT_OK;
}

static ct_rc decode_query(json_object *root, ct_request *req, ct_error *err)
{
    ct_rc rc = ct_json_object(root, "", "query", false, &req->query, err);
    if (rc != CT_OK || req->query == NULL)
        return rc;
    json_object_object_foreach(req->query, key, value) {
        char path[96];
        if (!json_object_is_type(value, json_type_string))
            return ct_fail(err, CT_EINVALID, "wrong_type",
                           ct_json_path(path, sizeof path, "query", key),
                           "query values must be strings");
    }
    return CT_OK;
}

/* The If-None-Match of a GET (conditional.h): syntax checked here, the
   comparison made once the answer is known (conditional_answer). */
static ct_rc decode_if_none_match(json_object *value, ct_request *req, ct_error *err)
{
    static const char field[] = "headers.If-None-Match";
    if (strcmp(req->method, "GET") != 0)
        return ct_fail(err, CT_EINVALID, "unknown_field", field,
                       "If-None-Match is read on GET requests only");
    if (!json_object_is_type(value, json_type_string))
        return ct_fail(err, CT_EINVALID, "wrong_type", field, "%s must be a string", field);
    if (!ct_if_none_match_valid(json_object_get_string(value)))
        return ct_fail(err, CT_EINVALID, "invalid_value", field,
                       "%s must be \"*\" or a list of entity tags such as \"abc\", W/\"abc\""
                       " (RFC 9110 section 13.1.2), at most %d bytes", field,
                       CT_IF_NONE_MATCH_MAX);
    req->if_none_match = json_object_get_string(value);
    return CT_OK;
}

/* "headers": the request headers a host passes on, matched without regard
   to case: Idempotency-Key (1-255 visible ASCII characters, IETF draft)
   and If-None-Match (RFC 9110). */
static ct_rc decode_headers(json_object *root, ct_request *req, ct_error *err)
{
    json_object *headers = NULL;
    ct_rc rc = ct_json_object(root, "", "headers", false, &headers, err);

    if (rc != CT_OK || headers == NULL)
        return rc;
    json_object_object_foreach(headers, name, value) {
        char path[96];
        ct_json_path(path, sizeof path, "headers", name);
        if (strcasecmp(name, "If-None-Match") == 0) {
            rc = decode_if_none_match(value, req, err);
            if (rc != CT_OK)
                return rc;
            continue;
        }
        if (strcasecmp(name, "Idempotency-Key") != 0)
            return ct_fail(err, CT_EINVALID, "unknown_field", path,
                           "%s is not a header claimtrack reads (Idempotency-Key and"
                           " If-None-Match only)", path);
        if (!json_object_is_type(value, json_type_string))
            return ct_fail(err, CT_EINVALID, "wrong_type", "headers.Idempotency-Key",
                           "headers.Idempotency-Key must be a string");
        const char *key = json_object_get_string(value);
        size_t len = strlen(key);
        bool visible = len >= 1 && len <= CT_IDEMPOTENCY_KEY_MAX;
        for (size_t i = 0; visible && i < len; i++)
            visible = key[i] > 0x20 && key[i] < 0x7F;
        if (!visible)
            return ct_fail(err, CT_EINVALID, "invalid_value", "headers.Idempotency-Key",
                           "headers.Idempotency-Key must be 1 to %d visible ASCII characters,"
                           " such as a UUID", CT_IDEMPOTENCY_KEY_MAX);
        req->idempotency_key = key;
    }
    return CT_OK;
}

/* The request a key stands for: method, path, query and body (as JSON). */
static ct_rc fingerprint(json_object *root, ct_request *req, ct_error *err)
{
    json_object *query = json_object_object_get(root, "query");
    json_object *body = json_object_object_get(root, "body");
    const char *parts[] = {req->method, "\n", json_object_get_string(json_object_object_get(root, "path")),
                           "\n", query ? ct_jdump(query, JSON_C_TO_STRING_PLAIN) : "",
                           "\n", body ? ct_jdump(body, JSON_C_TO_STRING_PLAIN) : "",
                           NULL};
    if (!ct_sha256_hex(parts, req->fingerprint))
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot hash the request");
    return CT_OK;
}

static ct_rc decode_envelope(json_object *root, ct_request *req, ct_error *err)
{
    static const char *const keys[] = {"method", "path", "query", "actor", "body", "headers", NULL};
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
                                          "OPTIONS", NULL};
    const char *path = NULL;
    ct_rc rc;

    if (!json_object_is_type(root, json_type_object))
        return ct_fail(err, CT_EINVALID, "invalid_envelope", NULL,
                       "the request must be a JSON object");
    rc = ct_json_only_keys(root, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_enum(root, "", "method", true, methods, &req->method, err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "path", true, 1, CT_PATH_MAX, &path, err);
    if (rc == CT_OK)
        rc = split_path(path, req, err);
    if (rc == CT_OK)
        rc = decode_query(root, req, err);
    if (rc == CT_OK)
        rc = decode_actor(root, req, err);
    if (rc == CT_OK)
        rc = decode_headers(root, req, err);
    if (rc == CT_OK && json_object_object_get_ex(root, "body", &req->body) &&
        req->body != NULL && !json_object_is_type(req->body, json_type_object) &&
        !json_object_is_type(req->body, json_type_array))
        rc = ct_fail(err, CT_EINVALID, "wrong_type", "body", "body must be an object");
    if (rc != CT_OK)
        return rc;
    /* A PUT's body is required once its route is known (serve), so that a
       PUT to a path without one is 405, as before PUT routes existed. */
    bool may_carry = strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0;
    if (strcmp(req->method, "POST") == 0 && req->body == NULL)
        return ct_fail(err, CT_EINVALID, "missing_field", "body", "body is required");
    if (!may_carry && req->body != NULL)
        return ct_fail(err, CT_EINVALID, "unexpected_body", "body",
                       "%s requests carry no body", req->method);
    return CT_OK;
}

/* ---- routing ------------------------------------------------------------------------ */

/* Match req's segments against pattern; *param gets the {id} segment. */
static bool route_matches(const char *pattern, const ct_request *req, const char **param)
{
    char buf[64];
    int n = 0;

    snprintf(buf, sizeof buf, "%s", pattern);
    for (char *save = NULL, *seg = strtok_r(buf, "/", &save); seg;
         seg = strtok_r(NULL, "/", &save), n++) {
        if (n >= req->nsegments)
            return false;
        if (strcmp(seg, "{id}") == 0)
            *param = req->segments[n];
        else if (strcmp(seg, req->segments[n]) != 0)
            return false;
    }
    return n == req->nsegments;
}

static ct_rc check_param(const ct_route *route, const char *param, ct_error *err)
{
    size_t chars = 0;

    if (route->param == CT_PARAM_CLAIM_ID || route->param == CT_PARAM_NUMBER) {
        size_t len = strlen(param);
        bool digits = len > 0 && len <= 18 && param[0] != '0';
        for (size_t i = 0; digits && i < len; i++)
            digits = param[i] >= '0' && param[i] <= '9';
        if (!digits)
            return ct_fail(err, CT_ENOTFOUND, "not_found", "path", "no such %s",
                           route->param == CT_PARAM_CLAIM_ID ? "claim" : "item");
    } else if (route->param == CT_PARAM_ARTICLE_ID || route->param == CT_PARAM_RATING_KEY) {
        size_t max = route->param == CT_PARAM_ARTICLE_ID ? CT_ARTICLE_ID_MAX : CT_RATING_KEY_MAX;
        ct_utf8_valid(param, strlen(param), &chars);
        if (chars < 1 || chars > max)
            return ct_fail(err, CT_EINVALID, "invalid_id", "path",
                           "the id in the path must be 1 to %zu characters", max);
    }
    return CT_OK;
}

static ct_rc find_route(ct_request *req, const ct_route **out, ct_error *err)
{
    bool path_known = false;

    for (const ct_route *r = ct_routes; r->method; r++) {
        const char *param = NULL;
        if (!route_matches(r->pattern, req, &param))
            continue;
        path_known = true;
        if (strcmp(r->method, req->method) != 0)
            continue;
        if (req->role < r->min_role)
            return ct_fail(err, CT_EFORBIDDEN, "forbidden", "actor.role",
                           "the role %s may not %s %s", req->actor.role, r->method, r->pattern);
        req->param = param;
        *out = r;
        return check_param(r, param, err);
    }
    if (path_known)
        return ct_fail(err, CT_EMETHOD, "method_not_allowed", "method",
                       "%s is not allowed on this path", req->method);
    return ct_fail(err, CT_ENOTFOUND, "unknown_route", "path", "no such route");
}

/* ---- running a route -------------------------------------------------------------- */

/* The primary's WAL position just after this instance's write committed,
   for the readers' cache when readers read from standbys (cache.h); 0
   when that does not matter, UINT64_MAX when it cannot be told (no
   standby answers until the listener has measured again). The write has
   committed: a failure here, for want of memory too, must not turn its
   answer into an error, so the out-of-memory latch is left as it was. */
static uint64_t wal_after_write(const ct_instance *inst, ct_conn *conn)
{
    uint64_t lsn = 0;
    bool standby = false, noted = ct_oom_noted() != 0;
    ct_error ignored;

    if (inst->replicas == NULL || inst->cache == NULL)
        return 0;
    ct_error_clear(&ignored);
    if (ct_conn_wal_position(conn, &lsn, &standby, &ignored) != CT_OK)
        lsn = UINT64_MAX;
    if (!noted && ct_oom_noted())
        ct_oom_clear();
    return lsn;
}

/*
 * A connection for the route: a standby's for a reader's read of a route
 * that may be read there, when one is new enough for ticket (NULL: the
 * primary only), else the primary pool's. *standby tells which.
 */
static ct_rc take_connection(ct_instance *inst, const ct_route *route, const ct_request *req,
                             const ct_cache_ticket *ticket, ct_conn **conn, bool *standby,
                             ct_error *err)
{
    *standby = false;
    if (ticket && inst->replicas && route->standby && req->role == CT_ROLE_READER) {
        *conn = ct_replicas_take(inst->replicas, ticket->wal_needed, inst->config.pool_wait_ms);
        *standby = *conn != NULL;
        if (*standby)
            return CT_OK;
    }
    return ct_pool_acquire(inst->pool, inst->config.pool_wait_ms, conn, err);
}

/*
 * Whether a request whose attempts so far all failed, the last with rc and
 * err, is run once more (on the primary, by run_once). Two kinds of failure
 * leave nothing done, so that the same request run again is what a client
 * would do anyway:
 *   - the connection broke before anything was written (may_retry: a read,
 *     or a write whose BEGIN failed): once more, on a fresh connection;
 *   - PostgreSQL ended the transaction to resolve a conflict with another
 *     (db_conflict: a deadlock, 40P01, or a serialization failure, 40001;
 *     store.c), and rolled it back whole: up to CONFLICT_ATTEMPTS in all,
 *     as PostgreSQL's manual advises for these two (Serialization Failure
 *     Handling). The other transaction has usually ended by then.
 * Never after an allocation failure (error.h's latch).
 */
#define CONFLICT_ATTEMPTS 3

static bool another_attempt(ct_rc rc, const ct_error *err, bool may_retry, int attempts)
{
    if (rc != CT_EUNAVAILABLE || ct_oom_noted())
        return false;
    if (strcmp(err->code, "db_unavailable") == 0)
        return may_retry && attempts < 2;
    return strcmp(err->code, "db_conflict") == 0 && attempts < CONFLICT_ATTEMPTS;
}

/*
 * Run the route on one pooled connection (take_connection). *may_retry
 * tells whether a failure left nothing done that a second attempt could
 * repeat: any failure of a read, or a write whose BEGIN already found the
 * connection dead.
 */
static ct_rc run_once(ct_instance *inst, const ct_route *route, const ct_request *req,
                      const ct_input *in, const ct_cache_ticket *ticket, ct_response *resp,
                      bool *may_retry, ct_error *err)
{
    ct_conn *conn = NULL;
    bool standby = false;
    ct_rc rc = take_connection(inst, route, req, ticket, &conn, &standby, err);

    *may_retry = false;
    if (rc != CT_OK)
        return rc;
    if (standby) {
        *may_retry = true;
        rc = route->run(&inst->ctx, conn, req, in, resp, err);
        if (rc == CT_OK && ct_oom_noted())
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        ct_replicas_give_back(inst->replicas, conn, rc == CT_OK);
        if (rc == CT_OK || ct_oom_noted())
            return rc;
        /* Whatever the standby could not answer (a conflict with its
           recovery cancels a query there, a broken line), the primary
           answers. */
        free(resp->body);
        resp->body = NULL;
        ct_error_clear(err);
        return run_once(inst, route, req, in, NULL, resp, may_retry, err);
    }
    bool fresh = true;
    if (route->writes) {
        rc = ct_tx_begin(conn, err);
        *may_retry = rc != CT_OK;
    } else {
        *may_retry = true;
    }
    /* A write sent with an Idempotency-Key: the first answer again, or run it
       and keep its answer with it (idempotency.h). Readers have no actor id. */
    bool keyed = route->writes && req->idempotency_key && req->actor.id;
    const unsigned char *secrets_key = inst->config.outbound.has_secrets_key
                                       ? inst->config.outbound.secrets_key : NULL;
    if (rc == CT_OK && keyed)
        rc = ct_idempotency_claim(conn, req->actor.id, req->idempotency_key, req->fingerprint,
                                  secrets_key, &fresh, resp, err);
    if (rc == CT_OK && fresh)
        rc = route->run(&inst->ctx, conn, req, in, resp, err);
    if (rc == CT_OK && keyed && fresh)
        rc = ct_idempotency_save(conn, req->actor.id, req->idempotency_key, secrets_key, resp,
                                 err);
    if (route->writes && rc == CT_OK && !fresh) {
        ct_tx_rollback(conn);          /* a replay writes nothing */
        ct_pool_release(inst->pool, conn);
        return rc;
    }
    /* An allocation failed somewhere on the way (error.h's latch): whatever
       the run said, nothing of it is kept. */
    if (rc == CT_OK && ct_oom_noted())
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    /* A write's answer is made before it commits: once committed, nothing
       may fail for want of memory and tell the client it did not happen. */
    if (route->writes && rc == CT_OK && (resp->envelope = response_envelope(resp)) == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (route->writes && rc == CT_OK)
        rc = ct_tx_commit(conn, err);
    /* Readers of this instance see its write at once; other instances
       hear of it through NOTIFY (cache.h). Every request that is not a
       GET counts, POST /jobs/run too (its jobs commit on their own). */
    if (rc == CT_OK && strcmp(route->method, "GET") != 0)
        ct_cache_invalidate(inst->cache, wal_after_write(inst, conn));
    if (route->writes && rc != CT_OK && !ct_conn_broken(conn))
        ct_tx_rollback(conn);
    ct_pool_release(inst->pool, conn);
    return rc;
}

/* ---- the readers' cache (cache.h) ------------------------------------------------

   Looked up twice: by the request's own bytes before anything is parsed (a
   host sends the same text for the same page, and a hit then costs a hash
   and a copy), and once decoded, by path and query, for a reader's read of
   a route that may be kept. An answer made for a reader is kept under
   both. */

#define CT_CACHE_TEXT_MAX 4096       /* longer requests are looked up once decoded */

typedef struct cache_use {
    char    *text_key;     /* "R" + length: + the request's text, or NULL */
    char    *route_key;    /* "C" + length:path + query, of a reader's read that may be kept */
    ct_cache_ticket ticket; /* the cache's when the first look-up missed */
    bool     looked;       /* ticket is set */
} cache_use;

/* prefix, then a's length (so that no a and b run together into another
   pair's key), a, b. */
static char *prefixed(char prefix, const char *a, const char *b)
{
    size_t size = strlen(a) + strlen(b) + 32;
    char *key = malloc(size);
    if (key == NULL)
        ct_oom_note();
    else
        snprintf(key, size, "%c%zu:%s%s", prefix, strlen(a), a, b);
    return key;
}

static bool cache_by_text(ct_instance *inst, const char *request_json, size_t len,
                          cache_use *cu, ct_response *resp)
{
    ct_cache_ticket ticket;
    if (inst->cache == NULL || len > CT_CACHE_TEXT_MAX)
        return false;
    cu->text_key = prefixed('R', request_json, "");
    if (cu->text_key == NULL)
        return false;
    if (ct_cache_lookup(inst->cache, cu->text_key, NULL, &resp->envelope, &ticket))
        return true;
    cu->ticket = ticket;
    cu->looked = true;
    return false;
}

static bool cache_by_route(ct_instance *inst, json_object *root, const ct_request *req,
                           const ct_route *route, cache_use *cu, ct_response *resp)
{
    ct_cache_ticket same;
    if (inst->cache == NULL)
        return false;
    /* Every read takes its ticket before it is made, kept or not (a route
       the cache does not hold, a request too long for the text key): on a
       standby it must not be older than a change heard either. */
    if (!cu->looked) {
        cu->ticket = ct_cache_ticket_now(inst->cache);
        cu->looked = true;
    }
    if (!route->reader_cache || req->role != CT_ROLE_READER)
        return false;
    json_object *query = json_object_object_get(root, "query");
    cu->route_key = prefixed('C', json_object_get_string(json_object_object_get(root, "path")),
                             query ? ct_jdump(query, JSON_C_TO_STRING_PLAIN) : "");
    if (cu->route_key == NULL)
        return false;
    return ct_cache_lookup(inst->cache, cu->route_key, req->if_none_match, &resp->envelope,
                           &same);
}

/* The answer made for a reader's read, kept under the request's text too. */
static void cache_remember_text(ct_instance *inst, const cache_use *cu, const ct_response *resp)
{
    static const char no_tag[CT_ETAG_SIZE];
    if (cu->text_key && cu->route_key && resp->envelope)
        ct_cache_store(inst->cache, cu->text_key, resp->envelope, resp->envelope, no_tag,
                       cu->ticket.generation);
}

/* Keep a reader's answer under its route key, as both envelopes (200 and
   304), and let the 200 (or the 304, when the request's If-None-Match
   names tag) be the answer itself, so that it is not made twice. */
static void keep_for_readers(ct_cache *cache, const ct_request *req, const cache_use *cu,
                             const char *tag, ct_response *resp)
{
    ct_response not_modified = *resp;
    not_modified.status = 304;
    not_modified.body = (char *)"";
    not_modified.is_text = true;
    not_modified.base64 = false;
    char *full = response_envelope(resp), *empty = response_envelope(&not_modified);

    if (full && empty && !ct_oom_noted()) {
        ct_cache_store(cache, cu->route_key, full, empty, tag, cu->ticket.generation);
        bool same = req->if_none_match && ct_if_none_match_matches(req->if_none_match, tag);
        resp->envelope = same ? empty : full;
        if (same)
            empty = NULL;
        else
            full = NULL;
    }
    free(full);
    free(empty);
}

/*
 * A GET's 200 answer gets its entity tag, and becomes 304 with an empty
 * body when the request's If-None-Match names it (conditional.h). Answers
 * that bring headers of their own (an archived copy of a source) are left
 * as they are. With a cache key, a reader's answer is also kept.
 */
static ct_rc conditional_answer(ct_instance *inst, const ct_request *req, const cache_use *cu,
                                ct_response *resp, ct_error *err)
{
    char tag[CT_ETAG_SIZE];

    if (strcmp(req->method, "GET") != 0 || resp->status != 200 || resp->headers != NULL)
        return CT_OK;
    if (!ct_etag_of(resp->content_type ? resp->content_type : "application/json",
                    resp->base64 ? "base64" : (resp->is_text ? "text" : "json"),
                    resp->body, tag))
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot hash the answer");
    /* The tag's quotes, escaped for the JSON of the envelope; an HTTP-date
       has no character JSON escapes. */
    if (resp->last_modified[0] != '\0')
        ct_last_modified_at_most(resp->last_modified, time(NULL), resp->last_modified);
    if (resp->last_modified[0] != '\0')
        snprintf(resp->validators, sizeof resp->validators,
                 "{\"ETag\":\"\\\"%.32s\\\"\",\"Last-Modified\":\"%s\"}", tag + 1,
                 resp->last_modified);
    else
        snprintf(resp->validators, sizeof resp->validators,
                 "{\"ETag\":\"\\\"%.32s\\\"\"}", tag + 1);
    resp->headers = resp->validators;
    if (cu->route_key != NULL) {
        keep_for_readers(inst->cache, req, cu, tag, resp);
        return CT_OK;
    }
    if (req->if_none_match && ct_if_none_match_matches(req->if_none_match, tag)) {
        char *empty = strdup("");
        if (empty == NULL)
            return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        free(resp->body);
        resp->body = empty;
        resp->is_text = true;
        resp->base64 = false;
        resp->status = 304;
    }
    return CT_OK;
}

/* Fields of the body are named relative to it ("text", not "body.text"),
   as the route decoders name them. */
static void name_body_fields(ct_error *err)
{
    if (strncmp(err->field, "body.", 5) == 0)
        memmove(err->field, err->field + 5, strlen(err->field + 5) + 1);
}

/* Whether request_json may be for a route that takes envelopes up to
   CT_REQUEST_MAX_LARGE (route->large): it holds the last segment of such
   a route's pattern ("/anchor", "/scan") followed by the quote that ends
   a path. A test on the text, before anything is parsed; the route, once
   known, decides (serve). */
static bool may_be_large(const char *request_json)
{
    for (const ct_route *r = ct_routes; r->method; r++) {
        const char *last = r->large ? strrchr(r->pattern, '/') : NULL;
        char ending[48];
        if (last && snprintf(ending, sizeof ending, "%s\"", last) < (int)sizeof ending &&
            strstr(request_json, ending) != NULL)
            return true;
    }
    return false;
}

static ct_rc serve(ct_instance *inst, const char *request_json, ct_response *resp,
                   ct_error *err)
{
    json_object *root = NULL;
    ct_request *req = NULL;
    const ct_route *route = NULL;
    ct_input in;
    bool decoded = false;             /* decode ran: release what it made */
    bool hit = false;                 /* answered from the readers' cache */
    cache_use cu = {NULL, NULL, {0, 0}, false};
    size_t len = strlen(request_json);
    ct_rc rc;

    /* Only the anchor and scan routes take more than CT_REQUEST_MAX:
       anything else that large is refused before it costs a parse. */
    if (len > CT_REQUEST_MAX_LARGE || (len > CT_REQUEST_MAX && !may_be_large(request_json)))
        return ct_fail(err, CT_ETOOLARGE, "request_too_large", NULL,
                       "the request is larger than %u bytes",
                       len > CT_REQUEST_MAX_LARGE ? CT_REQUEST_MAX_LARGE : CT_REQUEST_MAX);
    if (cache_by_text(inst, request_json, len, &cu, resp)) {
        free(cu.text_key);
        return CT_OK;
    }
    req = calloc(1, sizeof *req);
    if (req == NULL) {
        free(cu.text_key);
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    rc = ct_json_parse(request_json, len, &root, err);
    if (rc != CT_OK)
        name_body_fields(err);
    if (rc == CT_OK)
        rc = decode_envelope(root, req, err);
    if (rc == CT_OK && req->idempotency_key)
        rc = fingerprint(root, req, err);
    if (rc == CT_OK)
        rc = find_route(req, &route, err);
    if (rc == CT_OK && strcmp(route->method, "PUT") == 0 && req->body == NULL)
        rc = ct_fail(err, CT_EINVALID, "missing_field", "body", "body is required");
    if (rc == CT_OK && len > CT_REQUEST_MAX && !route->large)
        rc = ct_fail(err, CT_ETOOLARGE, "request_too_large", NULL,
                     "the request is larger than %u bytes", CT_REQUEST_MAX);
    if (rc == CT_OK && json_object_is_type(req->body, json_type_array) && !route->body_list)
        rc = ct_fail(err, CT_EINVALID, "wrong_type", "body", "body must be an object");
    if (rc == CT_OK) {
        rc = route->decode(req, &in, err);
        decoded = true;
    }
    if (rc == CT_OK)
        hit = cache_by_route(inst, root, req, route, &cu, resp);
    if (rc == CT_OK && !hit) {
        bool may_retry = false;
        rc = run_once(inst, route, req, &in, &cu.ticket, resp, &may_retry, err);
        for (int attempts = 1; another_attempt(rc, err, may_retry, attempts); attempts++) {
            free(resp->body);
            resp->body = NULL;
            free(resp->envelope);
            resp->envelope = NULL;
            ct_error_clear(err);
            rc = run_once(inst, route, req, &in, NULL, resp, &may_retry, err);
        }
    }
    if (rc == CT_OK && !hit)
        rc = conditional_answer(inst, req, &cu, resp, err);
    if (rc == CT_OK)
        cache_remember_text(inst, &cu, resp);
    if (decoded && route->release)
        route->release(&in);
    free(cu.text_key);
    free(cu.route_key);
    json_object_put(root);
    free(req);
    return rc;
}

char *ct_instance_handle(ct_instance *inst, const char *request_json)
{
    ct_response resp = {0, NULL, false, NULL, NULL, false, NULL, "", {0}};
    ct_error err;
    char *out;
    ct_rc rc;

    ct_error_clear(&err);
    ct_oom_clear();
    if (inst == NULL || request_json == NULL)
        rc = ct_fail(&err, CT_EINVALID, "invalid_request", NULL, "no instance or no request");
    else
        rc = serve(inst, request_json, &resp, &err);
    if (rc == CT_OK && resp.envelope && !ct_oom_noted()) {
        out = resp.envelope;
        resp.envelope = NULL;
    } else if (rc == CT_OK && !ct_oom_noted()) {
        out = response_envelope(&resp);
    } else if (!ct_oom_noted()) {
        out = error_envelope(&err);
    } else {
        out = NULL;
    }
    free(resp.envelope);
    free(resp.body);
    ct_jorphans_release();
    /* Memory ran out on the way, perhaps while answering: the one true
       answer, from a fixed text (NULL when even its copy fails). */
    if (ct_oom_noted()) {
        free(out);
        out = strdup(oom_envelope);
    }
    return out;
}
