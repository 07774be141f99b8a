/*
 * evidence.c -- archiving sources (see evidence.h).
 *
 * A fetch is taken with a lease (&stmt_evidence_take: FOR UPDATE SKIP LOCKED),
 * done with no transaction open, and its result stored with its timeline
 * event in one statement. A worker that dies mid-fetch leaves a lease that
 * runs out; the fetch is then taken again.
 */
#include "jobs/evidence.h"

#include <ctype.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* $2 is a /jobs/run call's start (NULL: now): a source whose fetch failed
   during the call is due again only after it (job.h, ct_job_run). */
static const ct_stmt stmt_evidence_take = {"ct_evidence_take",
    "UPDATE ct_evidence v SET attempts = v.attempts + 1, lease_until = now() + $1::interval"
    " WHERE v.id = (SELECT id FROM ct_evidence WHERE status = 'pending'"
    "                AND next_attempt_at <= COALESCE($2::timestamptz, now())"
    "                AND (lease_until IS NULL OR lease_until < now())"
    "               ORDER BY next_attempt_at, id FOR UPDATE SKIP LOCKED LIMIT 1)"
    " RETURNING v.id, v.claim_id, v.url, v.attempts", 2};

/* The snapshot and its timeline event in one statement: both or neither.
   The claim is locked first, as every other change to it is, so that its
   events (and webhooks) keep the order of the changes. This statement,
   the retry and the release each settle one attempt: the row must still
   be pending at the attempt the worker took ($10, $5, $2). A worker that
   stalled past its lease while another took the row again changes
   nothing, so a snapshot is archived, and its event written, once. */
static const ct_stmt stmt_evidence_archive = {"ct_evidence_archive",
    "WITH claim AS (SELECT c.id FROM ct_claims c JOIN ct_evidence e ON e.claim_id = c.id"
    "               WHERE e.id = $1::bigint FOR NO KEY UPDATE OF c),"
    " v AS (UPDATE ct_evidence SET status = 'archived', http_status = $2::int,"
    "   final_url = $3, content_type = $4, title = $5, size = $6::bigint, sha256 = $7,"
    "   truncated = $8::boolean, body = $9::bytea, fetched_at = now(), lease_until = NULL,"
    "   error = NULL WHERE id = $1::bigint AND status = 'pending' AND attempts = $10::int"
    "   AND EXISTS (SELECT 1 FROM claim)"
    "   RETURNING id, claim_id, url)"
    " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " SELECT claim_id, 'evidence_archived', now(), 'claimtrack', 'system',"
    "  jsonb_strip_nulls(jsonb_build_object('evidence_id', id, 'url', url,"
    "   'http_status', $2::int, 'title', $5::text, 'sha256', $7::text,"
    "   'truncated', $8::boolean)) FROM v", 10};

static const ct_stmt stmt_evidence_retry = {"ct_evidence_retry",
    "WITH v AS (UPDATE ct_evidence SET error = $2, lease_until = NULL,"
    "   status = CASE WHEN attempts >= $4::int THEN 'failed' ELSE 'pending' END,"
    "   next_attempt_at = now() + $3::int * interval '1 millisecond'"
    "   WHERE id = $1::bigint AND status = 'pending' AND attempts = $5::int"
    "   RETURNING id, claim_id, url, status)"
    " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " SELECT claim_id, 'evidence_failed', now(), 'claimtrack', 'system',"
    "  jsonb_build_object('evidence_id', id, 'url', url, 'error', $2::text)"
    " FROM v WHERE status = 'failed'", 5};

static const ct_stmt stmt_evidence_get = {"ct_evidence_get",
    "SELECT v.content_type, v.body, v.url, v.final_url, v.fetched_at, v.truncated"
    " FROM ct_evidence v JOIN ct_claims c ON c.id = v.claim_id"
    " WHERE v.id = $1::bigint AND v.status = 'archived' AND (c.published OR $2::boolean)", 2};

/* The newest rows of `rows` (a sub-query's text), listed in id order. */
#define EVIDENCE_LIST(rows) \
    "SELECT json_build_object('evidence', COALESCE(json_agg(json_build_object(" \
    "   'id', v.id, 'claim_id', v.claim_id, 'url', v.url, 'status', v.status," \
    "   'attempts', v.attempts, 'error', v.error, 'http_status', v.http_status," \
    "   'title', v.title, 'fetched_at', v.fetched_at, 'next_attempt_at', v.next_attempt_at)" \
    "   ORDER BY v.id), '[]'))::text FROM (" rows ") v"

/* $1 limit. The primary key, from the newest row. */
static const ct_stmt stmt_evidence_list = {"ct_evidence_list",
    EVIDENCE_LIST("SELECT * FROM ct_evidence ORDER BY id DESC LIMIT $1::int"), 1};

/* $1 status, $2 limit. ct_evidence_status_idx (019), from the newest row of
   the status: one statement for both would filter the primary key's walk
   by status in its generic plan, reading every row of the others. */
static const ct_stmt stmt_evidence_list_status = {"ct_evidence_list_status",
    EVIDENCE_LIST("SELECT * FROM ct_evidence WHERE status = $1 ORDER BY status DESC, id DESC"
                  " LIMIT $2::int"), 2};

static const ct_stmt stmt_evidence_release = {"ct_evidence_release",
    "UPDATE ct_evidence SET lease_until = NULL, attempts = greatest(attempts - 1, 0)"
    " WHERE id = $1::bigint AND status = 'pending' AND attempts = $2::int", 2};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_evidence_sql[] = {
    &stmt_evidence_take, &stmt_evidence_archive, &stmt_evidence_retry, &stmt_evidence_get,
    &stmt_evidence_list, &stmt_evidence_list_status, &stmt_evidence_release, NULL};


#define TITLE_MAX 500

static void hex(const unsigned char *bytes, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

/* The text of <title>, whitespace collapsed, when it is valid UTF-8. */
static void page_title(const ct_fetch_result *r, char *out, size_t size)
{
    const char *body = (const char *)r->body, *start = NULL;
    size_t len = 0, used = 0;

    out[0] = '\0';
    for (size_t i = 0; body && i + 7 <= r->size && start == NULL; i++)
        if (strncasecmp(body + i, "<title", 6) == 0 && (body[i + 6] == '>' || isspace((unsigned char)body[i + 6]))) {
            const char *close = memchr(body + i, '>', r->size - i);
            start = close ? close + 1 : NULL;
        }
    if (start == NULL)
        return;
    const char *end = strstr(start, "</");
    len = end ? (size_t)(end - start) : 0;
    for (size_t i = 0; i < len && used + 1 < size; i++) {
        char c = isspace((unsigned char)start[i]) ? ' ' : start[i];
        if (c == ' ' && (used == 0 || out[used - 1] == ' '))
            continue;
        out[used++] = c;
    }
    while (used > 0 && out[used - 1] == ' ')
        used--;
    out[used] = '\0';
    size_t chars = 0;
    if (!ct_utf8_valid(out, used, &chars) || chars > TITLE_MAX)
        out[0] = '\0';
}

/* Archive attempt `attempts` (as the row says it) of evidence id. */
static ct_rc archive(ct_conn *conn, const char *id, const char *attempts, const ct_fetch_result *r,
                     ct_error *err)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    char status[16], size[32], sha[2 * SHA256_DIGEST_LENGTH + 1], title[4 * TITLE_MAX];
    const char *params[10] = {id, status, r->final_url, r->content_type[0] ? r->content_type : NULL,
                              NULL, size, sha, r->truncated ? "true" : "false",
                              (const char *)r->body, attempts};
    int lengths[10] = {0, 0, 0, 0, 0, 0, 0, 0, (int)r->size, 0};
    int formats[10] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0};

    SHA256(r->body ? r->body : (const unsigned char *)"", r->size, digest);
    hex(digest, sizeof digest, sha);
    page_title(r, title, sizeof title);
    params[4] = title[0] ? title : NULL;
    if (r->body == NULL)
        params[8] = "";
    snprintf(status, sizeof status, "%ld", r->http_status);
    snprintf(size, sizeof size, "%zu", r->size);
    return ct_exec_params(conn, &stmt_evidence_archive, 10, params, lengths, formats, NULL, err);
}

/* Retry attempt `attempts` (as the row says it) of evidence id later, or
   give it up after the last one. */
static ct_rc retry(ct_conn *conn, const ct_outbound_config *cfg, const char *id,
                   const char *attempts, const char *why, ct_error *err)
{
    char delay[16], max[16];
    const char *params[5] = {id, why, delay, max, attempts};
    snprintf(delay, sizeof delay, "%d", ct_backoff_ms(cfg->retry_base_ms, atoi(attempts)));
    snprintf(max, sizeof max, "%d", cfg->evidence_attempts);
    return ct_exec(conn, &stmt_evidence_retry, 5, params, NULL, err);
}

ct_rc ct_evidence_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                              ct_error *err)
{
    char lease[48];
    const char *params[2] = {lease, run ? run->due_by : NULL};
    ct_rows *rows = NULL;
    ct_fetch_result result;
    ct_error fetch_err;
    ct_rc rc;

    *done = false;
    snprintf(lease, sizeof lease, "%ld milliseconds", policy->timeout_ms + 60000);
    if (ct_job_run_spent(run))                   /* the call's budget: no new fetch */
        return CT_OK;
    rc = ct_exec(conn, &stmt_evidence_take, 2, params, &rows, err);
    if (rc != CT_OK || ct_rows_count(rows) == 0)
        goto out;
    *done = true;
    const char *id = ct_rows_get(rows, 0, 0), *url = ct_rows_get(rows, 0, 2);
    const char *attempts = ct_rows_get(rows, 0, 3);
    ct_rc fetched = ct_fetch_get(url, policy, &result, &fetch_err);
    if (fetched != CT_OK && policy->cancel && atomic_load(policy->cancel)) {
        rc = ct_exec(conn, &stmt_evidence_release, 2, (const char *[]){id, attempts}, NULL,
                     err);                                               /* stopping */
    } else if (fetched != CT_OK) {
        rc = retry(conn, cfg, id, attempts, result.error[0] ? result.error : fetch_err.message, err);
    } else if (result.http_status < 200 || result.http_status >= 400) {
        char why[64];
        snprintf(why, sizeof why, "the server answered HTTP %ld", result.http_status);
        rc = retry(conn, cfg, id, attempts, why, err);
    } else {
        rc = archive(conn, id, attempts, &result, err);
    }
    ct_fetch_result_free(&result);
out:
    ct_rows_free(rows);
    return rc;
}

static int unhex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
}

static char *base64(const unsigned char *data, size_t n)
{
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc(4 * ((n + 2) / 3) + 1), *p = out;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)data[i] << 16 | (i + 1 < n ? (unsigned)data[i + 1] << 8 : 0) |
                     (i + 2 < n ? data[i + 2] : 0);
        *p++ = table[v >> 18 & 63];
        *p++ = table[v >> 12 & 63];
        *p++ = i + 1 < n ? table[v >> 6 & 63] : '=';
        *p++ = i + 2 < n ? table[v & 63] : '=';
    }
    *p = '\0';
    return out;
}

static bool textual(const char *type)
{
    return type && (strncmp(type, "text/", 5) == 0 || strstr(type, "json") || strstr(type, "xml"));
}

ct_rc ct_evidence_copy(ct_conn *conn, const char *evidence_id, bool include_unpublished,
                       char **body, const char **content_type, bool *is_base64, ct_error *err)
{
    const char *params[2] = {evidence_id, include_unpublished ? "true" : "false"};
    ct_rows *rows = NULL;
    unsigned char *bytes = NULL;
    ct_rc rc = ct_exec(conn, &stmt_evidence_get, 2, params, &rows, err);

    *body = NULL;
    if (rc != CT_OK)
        goto out;
    if (ct_rows_count(rows) == 0) {
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such archived copy");
        goto out;
    }
    const char *stored = ct_rows_get(rows, 0, 1);          /* bytea as \x hex */
    size_t n = stored && strlen(stored) >= 2 ? (strlen(stored) - 2) / 2 : 0;
    bytes = malloc(n + 1);
    if (bytes == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)(unhex(stored[2 + 2 * i]) << 4 | unhex(stored[3 + 2 * i]));
    bytes[n] = '\0';
    /* Text is served as text/plain, never as HTML: nothing in it can run. */
    *is_base64 = !textual(ct_rows_get(rows, 0, 0)) || !ct_utf8_valid((char *)bytes, n, NULL);
    *content_type = *is_base64 ? "application/octet-stream" : "text/plain; charset=utf-8";
    *body = *is_base64 ? base64(bytes, n) : (char *)bytes;
    if (*is_base64)
        free(bytes);
    bytes = NULL;
    if (*body == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
out:
    free(bytes);
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_evidence_list(ct_conn *conn, const char *status, int limit, char **json_out,
                       ct_error *err)
{
    char limit_text[16];
    const char *params[2] = {status, limit_text};
    snprintf(limit_text, sizeof limit_text, "%d", limit);
    if (status == NULL)
        return ct_exec_text(conn, &stmt_evidence_list, 1, params + 1, "evidence", json_out, err);
    return ct_exec_text(conn, &stmt_evidence_list_status, 2, params, "evidence", json_out, err);
}

const ct_job ct_evidence_job = {"evidence", NULL, ct_evidence_process_one};
