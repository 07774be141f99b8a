/*
 * idempotency.c -- the first answer to a write, given again to a request
 * sent again with the same Idempotency-Key (see idempotency.h).
 *
 * An answer that carries a webhook signing secret (POST /subscriptions and
 * its rotate answer with "secret") keeps that secret sealed under the
 * configured secrets_key, as ct_subscriptions keeps it (base/crypto.h):
 * "secret": {"sealed": "<hex>"} in the stored body, opened again for the
 * replay. A dump of ct_idempotency shows no secret.
 */
#include "door/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/jsonout.h"

/* $1 actor, $2 key, $3 fingerprint: a row when the key is new, or when it
   was kept more than 24 hours ago (then it starts again, as if new: the
   replay window is 24 hours); a concurrent holder of the key is waited
   for by the unique index. The actor's other expired keys are removed. */
static const ct_stmt stmt_claim = {"ct_idem_claim",
    "WITH expired AS (DELETE FROM ct_idempotency WHERE actor_id = $1"
    "   AND created_at < now() - interval '24 hours' AND key <> $2)"
    " INSERT INTO ct_idempotency AS i (actor_id, key, fingerprint) VALUES ($1, $2, $3)"
    " ON CONFLICT (actor_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
    "   status = NULL, content_type = NULL, body = NULL, created_at = now()"
    "   WHERE i.created_at < now() - interval '24 hours'"
    " RETURNING 1", 3};

static const ct_stmt stmt_stored = {"ct_idem_stored",
    "SELECT fingerprint, status, content_type, body FROM ct_idempotency WHERE actor_id = $1 AND key = $2", 2};

static const ct_stmt stmt_save = {"ct_idem_save",
    "UPDATE ct_idempotency SET status = $3::int, content_type = $4, body = $5"
    " WHERE actor_id = $1 AND key = $2", 5};

const ct_stmt *const ct_idempotency_sql[] = {&stmt_claim, &stmt_stored, &stmt_save, NULL};

#define SECRET_MAX 1024     /* bytes of a secret ct_seal takes */

/* body with its top-level "secret" string sealed under key (NULL: body
   has none, or no key: kept as it is); malloc'd, or NULL for out of
   memory. */
static char *sealed_body(const char *body, const unsigned char *key)
{
    bool may_hold = key && strstr(body, "\"secret\"");
    json_object *doc = may_hold ? ct_jparse(body) : NULL;
    json_object *secret = NULL;
    char *kept = NULL;

    if (may_hold && doc == NULL)
        return NULL;                /* out of memory: never kept as text */
    if (!json_object_object_get_ex(doc, "secret", &secret) ||
        !json_object_is_type(secret, json_type_string)) {
        json_object_put(doc);
        return strdup(body);
    }
    size_t n = (size_t)json_object_get_string_len(secret);
    unsigned char sealed[SECRET_MAX + CT_SEAL_OVERHEAD];
    char hex[2 * sizeof sealed + 1];
    json_object *wrapped = ct_jnew_object();
    if (n <= SECRET_MAX && wrapped &&
        ct_seal(key, (const unsigned char *)json_object_get_string(secret), n, sealed)) {
        ct_hex_encode(sealed, n + CT_SEAL_OVERHEAD, hex);
        ct_jset(wrapped, "sealed", ct_jnew_string(hex));
        ct_jset(doc, "secret", wrapped);
        wrapped = NULL;
        const char *text = ct_jdump(doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        kept = text ? strdup(text) : NULL;
    }
    json_object_put(wrapped);
    json_object_put(doc);
    return kept;
}

/* stored with its sealed "secret" opened under key, malloc'd into *out;
   stored as it is when it has none, or is text (HTML), not JSON. */
static ct_rc opened_body(const char *stored, bool is_text, const unsigned char *key,
                         char **out, ct_error *err)
{
    bool may_hold = !is_text && strstr(stored, "\"sealed\"") != NULL;
    json_object *doc = may_hold ? ct_jparse(stored) : NULL;
    json_object *secret = NULL, *hex = NULL;
    unsigned char sealed[SECRET_MAX + CT_SEAL_OVERHEAD], plain[SECRET_MAX + 1];
    ct_rc rc = CT_OK;

    *out = NULL;
    if (may_hold && doc == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (!json_object_object_get_ex(doc, "secret", &secret) ||
        !json_object_object_get_ex(secret, "sealed", &hex)) {
        json_object_put(doc);
        *out = strdup(stored);
        return *out ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    const char *text = json_object_get_string(hex);
    long n = ct_hex_decode(text, strlen(text), sealed, sizeof sealed);
    if (key == NULL || n < CT_SEAL_OVERHEAD || !ct_unseal(key, sealed, (size_t)n, plain))
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL,
                     "the first answer to this Idempotency-Key cannot be opened with the"
                     " configured secrets_key");
    if (rc == CT_OK) {
        plain[n - CT_SEAL_OVERHEAD] = '\0';
        ct_jset(doc, "secret", ct_jnew_string((const char *)plain));
        const char *dumped = ct_jdump(doc, JSON_C_TO_STRING_PLAIN |
                                           JSON_C_TO_STRING_NOSLASHESCAPE);
        *out = dumped ? strdup(dumped) : NULL;
        if (*out == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    json_object_put(doc);
    return rc;
}

ct_rc ct_idempotency_claim(ct_conn *conn, const char *actor_id, const char *key,
                           const char *fingerprint, const unsigned char *secrets_key,
                           bool *fresh, ct_response *resp, ct_error *err)
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
        resp->headers = "{\"Idempotent-Replayed\":\"true\"}";
        rc = opened_body(ct_rows_get(rows, 0, 3) ? ct_rows_get(rows, 0, 3) : "null",
                         resp->is_text, secrets_key, &resp->body, err);
    }
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_idempotency_save(ct_conn *conn, const char *actor_id, const char *key,
                          const unsigned char *secrets_key, const ct_response *resp,
                          ct_error *err)
{
    char status[16];
    char *kept = resp->is_text ? strdup(resp->body ? resp->body : "null")
                               : sealed_body(resp->body ? resp->body : "null", secrets_key);
    const char *params[5] = {actor_id, key, status,
                             resp->content_type ? resp->content_type : "application/json",
                             kept};
    ct_rc rc = kept ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");

    snprintf(status, sizeof status, "%d", resp->status);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_save, 5, params, NULL, err);
    free(kept);
    return rc;
}
