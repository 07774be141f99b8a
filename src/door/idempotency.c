/*
 * idempotency.c -- the first answer to a write, given again to a request
 * sent again with the same Idempotency-Key (see idempotency.h).
 */
#include "door/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* $1 actor, $2 key, $3 fingerprint: a row when the key is new (a
   concurrent holder of the key is waited for by the unique index). */
static const ct_stmt stmt_claim = {"ct_idem_claim",
    "WITH expired AS (DELETE FROM ct_idempotency WHERE actor_id = $1"
    "   AND created_at < now() - interval '24 hours' AND key <> $2)"
    " INSERT INTO ct_idempotency (actor_id, key, fingerprint) VALUES ($1, $2, $3)"
    " ON CONFLICT (actor_id, key) DO NOTHING RETURNING 1", 3};

static const ct_stmt stmt_stored = {"ct_idem_stored",
    "SELECT fingerprint, status, content_type, body FROM ct_idempotency WHERE actor_id = $1 AND key = $2", 2};

static const ct_stmt stmt_save = {"ct_idem_save",
    "UPDATE ct_idempotency SET status = $3::int, content_type = $4, body = $5"
    " WHERE actor_id = $1 AND key = $2", 5};

const ct_stmt *const ct_idempotency_sql[] = {&stmt_claim, &stmt_stored, &stmt_save, NULL};

ct_rc ct_idempotency_claim(ct_conn *conn, const char *actor_id, const char *key,
                           const char *fingerprint, bool *fresh, ct_response *resp,
                           ct_error *err)
{
    const char *claim[3] = {actor_id, key, fingerprint}, *stored[2] = {actor_id, key};
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &stmt_claim, 3, claim, &rows, err);

    *fresh = rc == CT_OK && ct_rows_count(rows) == 1;
    ct_rows_free(rows);
    rows = NULL;
    if (rc != CT_OK || *fresh)
        return rc;
    rc = ct_exec(conn, &stmt_stored, 2, stored, &rows, err);
    if (rc == CT_OK && (ct_rows_count(rows) != 1 || ct_rows_get(rows, 0, 1) == NULL))
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL, "an idempotency key without its answer");
    else if (rc == CT_OK && strcmp(ct_rows_get(rows, 0, 0), fingerprint) != 0)
        rc = ct_fail(err, CT_EUNPROCESSABLE, "idempotency_key_reused", "headers.Idempotency-Key",
                     "this Idempotency-Key was used for another request: use a new key for"
                     " each request, and the same key only to send one request again");
    if (rc == CT_OK) {
        const char *type = ct_rows_get(rows, 0, 2);
        resp->status = atoi(ct_rows_get(rows, 0, 1));
        resp->content_type = type && strcmp(type, "text/html; charset=utf-8") == 0
                             ? "text/html; charset=utf-8" : NULL;
        resp->is_text = resp->content_type != NULL;
        resp->body = strdup(ct_rows_get(rows, 0, 3) ? ct_rows_get(rows, 0, 3) : "null");
        resp->headers = "{\"Idempotent-Replayed\":\"true\"}";
        if (resp->body == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_idempotency_save(ct_conn *conn, const char *actor_id, const char *key,
                          const ct_response *resp, ct_error *err)
{
    char status[16];
    const char *params[5] = {actor_id, key, status,
                             resp->content_type ? resp->content_type : "application/json",
                             resp->body ? resp->body : "null"};
    snprintf(status, sizeof status, "%d", resp->status);
    return ct_exec(conn, &stmt_save, 5, params, NULL, err);
}
