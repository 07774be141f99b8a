/*
 * subscriptions.c -- webhook subscriptions in PostgreSQL (see subscriptions.h).
 *
 * Secrets are made here (32 bytes from OpenSSL's generator), sealed under
 * the secrets key before they reach SQL (as hex), and shown once. Nothing
 * here reads a secret back except the legacy import, which compares the
 * configured secret with the stored one to decide whether it changed.
 */
#include "domain/subscriptions.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

/* ---- SQL ------------------------------------------------------------------------ */

/* Subscription <s>'s deliveries of <status> ('delivered' or 'dead'), as
   sql/020_delivery_counts.sql keeps them: one row read however many there
   are. The pending, the backlog, are counted in the outbox itself. */
#define DELIVERY_COUNT(s, status) \
    "COALESCE((SELECT d.deliveries FROM ct_delivery_counts d" \
    "          WHERE d.subscription_id = " s ".id AND d.status = '" status "'), 0)"

#define SUBSCRIPTION_JSON(s) \
    "json_build_object('id', " s ".id, 'url', " s ".url, 'events', to_json(" s ".events)," \
    " 'description', " s ".description, 'allow_private', " s ".allow_private," \
    " 'active', " s ".active, 'legacy', " s ".legacy, 'created_at', " s ".created_at," \
    " 'created_by', " s ".created_by, 'updated_at', " s ".updated_at," \
    " 'secrets', (SELECT COALESCE(json_agg(json_build_object('created_at', k.created_at," \
    "     'expires_at', k.expires_at) ORDER BY k.id), '[]') FROM ct_subscription_secrets k" \
    "     WHERE k.subscription_id = " s ".id AND (k.expires_at IS NULL OR k.expires_at > now()))," \
    " 'deliveries', json_build_object(" \
    "     'pending', (SELECT count(*) FROM ct_outbox o" \
    "                 WHERE o.subscription_id = " s ".id AND o.status = 'pending')," \
    "     'delivered', " DELIVERY_COUNT(s, "delivered") "," \
    "     'dead', " DELIVERY_COUNT(s, "dead") ")," \
    " 'last_delivery_at', (SELECT o.delivered_at FROM ct_outbox o WHERE o.subscription_id = " s ".id" \
    "     AND o.status = 'delivered' ORDER BY o.id DESC LIMIT 1)," \
    " 'last_error', " s ".last_error," \
    " 'last_error_at', " s ".last_error_at)"

/* The events of $n (a JSON array of names) as text[]. */
#define EVENTS(n) "ARRAY(SELECT jsonb_array_elements_text(" n "::jsonb))"

/* $1 url, $2 events, $3 description, $4 allow_private, $5 active, $6 actor, $7 sealed (hex). */
static const ct_stmt stmt_sub_insert = {"ct_sub_insert",
    "WITH s AS (INSERT INTO ct_subscriptions (url, events, description, allow_private, active,"
    "   created_by) VALUES ($1, " EVENTS("$2") ", $3, $4::boolean, $5::boolean, $6) RETURNING id),"
    " k AS (INSERT INTO ct_subscription_secrets (subscription_id, sealed)"
    "   SELECT id, decode($7, 'hex') FROM s)"
    " SELECT id FROM s", 7};

static const ct_stmt stmt_sub_get = {"ct_sub_get",
    "SELECT " SUBSCRIPTION_JSON("s") "::text FROM ct_subscriptions s WHERE s.id = $1::bigint", 1};

static const ct_stmt stmt_sub_list = {"ct_sub_list",
    "SELECT json_build_object('subscriptions', COALESCE(json_agg(" SUBSCRIPTION_JSON("s")
    " ORDER BY s.id), '[]'))::text FROM ct_subscriptions s", 0};

/* $1 id, then each member or NULL for unchanged; $7 true: clear the description. */
static const ct_stmt stmt_sub_update = {"ct_sub_update",
    "UPDATE ct_subscriptions s SET url = COALESCE($2, s.url),"
    " events = CASE WHEN $3::text IS NULL THEN s.events ELSE " EVENTS("$3") " END,"
    " description = CASE WHEN $7::boolean THEN NULL ELSE COALESCE($4, s.description) END,"
    " allow_private = COALESCE($5::boolean, s.allow_private),"
    " active = COALESCE($6::boolean, s.active), updated_at = now()"
    " WHERE s.id = $1::bigint RETURNING s.id", 7};

static const ct_stmt stmt_sub_delete = {"ct_sub_delete",
    "DELETE FROM ct_subscriptions WHERE id = $1::bigint RETURNING id", 1};

static const ct_stmt stmt_sub_lock = {"ct_sub_lock",
    "SELECT id FROM ct_subscriptions WHERE id = $1::bigint FOR UPDATE", 1};

/* $1 id, $2 overlap in seconds: every secret still valid stays valid at most
   that long (0 revokes them now, as after a leak); long-expired ones go. */
static const ct_stmt stmt_secret_expire = {"ct_secret_expire",
    "WITH gone AS (DELETE FROM ct_subscription_secrets WHERE subscription_id = $1::bigint"
    "   AND expires_at < now() - interval '1 day')"
    " UPDATE ct_subscription_secrets"
    " SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + $2::int * interval '1 second')"
    " WHERE subscription_id = $1::bigint AND (expires_at IS NULL OR expires_at > now())", 2};

static const ct_stmt stmt_secret_insert = {"ct_secret_insert",
    "INSERT INTO ct_subscription_secrets (subscription_id, sealed)"
    " VALUES ($1::bigint, decode($2, 'hex'))", 2};

static const ct_stmt stmt_secret_current = {"ct_secret_current",
    "SELECT encode(sealed, 'hex') FROM ct_subscription_secrets"
    " WHERE subscription_id = $1::bigint AND expires_at IS NULL", 1};

/* $1 url, $2 events: the configured webhook, kept in step with the configuration. */
static const ct_stmt stmt_sub_import = {"ct_sub_import",
    "INSERT INTO ct_subscriptions AS s (url, events, legacy, created_by, description)"
    " VALUES ($1, " EVENTS("$2") ", true, 'configuration',"
    "   'imported from the webhooks configuration key')"
    " ON CONFLICT (url) WHERE legacy DO UPDATE SET events = EXCLUDED.events, active = true,"
    "   updated_at = CASE WHEN s.events = EXCLUDED.events AND s.active THEN s.updated_at"
    "                     ELSE now() END"
    " RETURNING s.id", 2};

static const ct_stmt stmt_outbox_adopt = {"ct_outbox_adopt",
    "UPDATE ct_outbox SET subscription_id = $1::bigint"
    " WHERE subscription_id IS NULL AND url = $2", 2};

/* $1 seconds: deliveries queued before subscriptions existed for a url no
   host has configured since, given up on after the retry window. */
static const ct_stmt stmt_outbox_orphans = {"ct_outbox_orphans",
    "UPDATE ct_outbox SET status = 'dead', lease_until = NULL,"
    " last_error = 'queued for a webhook of an earlier release that no host configures any more'"
    " WHERE subscription_id IS NULL AND status = 'pending'"
    "   AND now() - retry_from >= $1::int * interval '1 second'", 1};

const ct_stmt *const ct_subscriptions_sql[] = {
    &stmt_sub_insert, &stmt_sub_get, &stmt_sub_list, &stmt_sub_update, &stmt_sub_delete,
    &stmt_sub_lock, &stmt_secret_expire, &stmt_secret_insert, &stmt_secret_current,
    &stmt_sub_import, &stmt_outbox_adopt, &stmt_outbox_orphans, NULL};

/* ---- secrets ---------------------------------------------------------------------- */

void ct_subscription_secret_text(const unsigned char *bytes, size_t n, char *out, size_t size)
{
    char b64[4 * ((CT_SUBSCRIPTION_SECRET_BYTES * 8 + 2) / 3) + 1];
    if (n > CT_SUBSCRIPTION_SECRET_BYTES * 8)
        n = CT_SUBSCRIPTION_SECRET_BYTES * 8;
    ct_base64_encode(bytes, n, b64);
    snprintf(out, size, "whsec_%s", b64);
}

/* Seal n key bytes as hex text for SQL ((n + CT_SEAL_OVERHEAD) * 2 + 1 bytes in hex). */
static ct_rc seal_hex(const unsigned char key[CT_SECRETS_KEY_BYTES], const unsigned char *bytes,
                      size_t n, char *hex, ct_error *err)
{
    unsigned char sealed[1024 + CT_SEAL_OVERHEAD];
    if (n > 1024 || !ct_seal(key, bytes, n, sealed))
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot seal a secret");
    ct_hex_encode(sealed, n + CT_SEAL_OVERHEAD, hex);
    return CT_OK;
}

/* A new secret: its bytes sealed (hex) for the database and its whsec_ text for the answer. */
static ct_rc new_secret(const unsigned char key[CT_SECRETS_KEY_BYTES], char *hex, char *text,
                        size_t text_size, ct_error *err)
{
    unsigned char bytes[CT_SUBSCRIPTION_SECRET_BYTES];
    if (!ct_random_bytes(bytes, sizeof bytes))
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "no random bytes for a secret");
    ct_subscription_secret_text(bytes, sizeof bytes, text, text_size);
    return seal_hex(key, bytes, sizeof bytes, hex, err);
}

/* The subscription id's JSON, with "secret" added when secret is not NULL. */
static ct_rc answer(ct_conn *conn, const char *id, const char *secret, char **json_out,
                    ct_error *err)
{
    char *text = NULL;
    ct_rc rc = ct_exec_text(conn, &stmt_sub_get, 1, &id, "subscription", &text, err);
    json_object *obj = rc == CT_OK && secret ? ct_jparse(text) : NULL;

    if (rc == CT_OK && secret) {
        ct_jset(obj, "secret", ct_jnew_string(secret));
        const char *with = obj ? ct_jdump(obj, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
        free(text);
        text = with ? strdup(with) : NULL;
        if (text == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    json_object_put(obj);
    *json_out = text;
    return rc;
}

/* ---- routes --------------------------------------------------------------------------- */

ct_rc ct_subscription_add(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                          const ct_subscription_input *in, const char *actor_id,
                          char **json_out, ct_error *err)
{
    char hex[2 * (CT_SUBSCRIPTION_SECRET_BYTES + CT_SEAL_OVERHEAD) + 1], secret[100];
    const char *params[7] = {in->url, in->events_json, in->description,
                             in->allow_private ? "true" : "false", in->active ? "true" : "false",
                             actor_id, hex};
    ct_rows *rows = NULL;
    ct_rc rc = new_secret(key, hex, secret, sizeof secret, err);

    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_sub_insert, 7, params, &rows, err);
    if (rc == CT_OK)
        rc = answer(conn, ct_rows_get(rows, 0, 0), secret, json_out, err);
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_subscriptions_list(ct_conn *conn, char **json_out, ct_error *err)
{
    return ct_exec_text(conn, &stmt_sub_list, 0, NULL, "subscriptions", json_out, err);
}

ct_rc ct_subscription_get(ct_conn *conn, const char *id, char **json_out, ct_error *err)
{
    return answer(conn, id, NULL, json_out, err);
}

ct_rc ct_subscription_change(ct_conn *conn, const char *id, const ct_subscription_input *in,
                             char **json_out, ct_error *err)
{
    const char *params[7] = {id, in->url, in->events_json, in->description,
                             in->has_allow_private ? (in->allow_private ? "true" : "false") : NULL,
                             in->has_active ? (in->active ? "true" : "false") : NULL,
                             in->has_description && in->description == NULL ? "true" : "false"};
    char *changed = NULL;
    ct_rc rc = ct_exec_text(conn, &stmt_sub_update, 7, params, "subscription", &changed, err);

    free(changed);
    return rc == CT_OK ? answer(conn, id, NULL, json_out, err) : rc;
}

ct_rc ct_subscription_delete(ct_conn *conn, const char *id, char **json_out, ct_error *err)
{
    char *gone = NULL;
    ct_rc rc = answer(conn, id, NULL, json_out, err);

    if (rc == CT_OK)
        rc = ct_exec_text(conn, &stmt_sub_delete, 1, &id, "subscription", &gone, err);
    free(gone);
    return rc;
}

ct_rc ct_subscription_rotate(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                             const char *id, int overlap_s, char **json_out, ct_error *err)
{
    char hex[2 * (CT_SUBSCRIPTION_SECRET_BYTES + CT_SEAL_OVERHEAD) + 1], secret[100], overlap[16];
    const char *expire[2] = {id, overlap};
    const char *insert[2] = {id, hex};
    char *locked = NULL;
    ct_rc rc = ct_exec_text(conn, &stmt_sub_lock, 1, &id, "subscription", &locked, err);

    free(locked);
    snprintf(overlap, sizeof overlap, "%d", overlap_s);
    if (rc == CT_OK)
        rc = new_secret(key, hex, secret, sizeof secret, err);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_secret_expire, 2, expire, NULL, err);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_secret_insert, 2, insert, NULL, err);
    return rc == CT_OK ? answer(conn, id, secret, json_out, err) : rc;
}

/* ---- the "webhooks" configuration key ------------------------------------------------ */

/* Whether the subscription's current secret is the configured one. */
static bool same_secret(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                        const char *id, const char *secret, ct_error *err, ct_rc *rc)
{
    ct_rows *rows = NULL;
    unsigned char sealed[1024 + CT_SEAL_OVERHEAD], plain[1024];
    bool same = false;

    *rc = ct_exec(conn, &stmt_secret_current, 1, &id, &rows, err);
    const char *hex = *rc == CT_OK && ct_rows_count(rows) == 1 ? ct_rows_get(rows, 0, 0) : NULL;
    long n = hex ? ct_hex_decode(hex, strlen(hex), sealed, sizeof sealed) : -1;
    if (n >= CT_SEAL_OVERHEAD)
        same = ct_unseal(key, sealed, (size_t)n, plain) &&
               (size_t)n - CT_SEAL_OVERHEAD == strlen(secret) &&
               memcmp(plain, secret, strlen(secret)) == 0;
    ct_rows_free(rows);
    return same;
}

static ct_rc import_one(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                        const ct_subscription_import *hook, ct_error *err)
{
    const char *params[2] = {hook->url, hook->events_json};
    char hex[2 * (1024 + CT_SEAL_OVERHEAD) + 1], *id = NULL;
    ct_rc rc = ct_exec_text(conn, &stmt_sub_import, 2, params, "subscription", &id, err);

    if (rc == CT_OK)        /* two hosts opening at once: one imports, the other waits */
        rc = ct_exec(conn, &stmt_sub_lock, 1, (const char *const *)&id, NULL, err);
    if (rc == CT_OK && !same_secret(conn, key, id, hook->secret, err, &rc) && rc == CT_OK) {
        const char *expire[2] = {id, "0"}, *insert[2] = {id, hex};
        rc = seal_hex(key, (const unsigned char *)hook->secret, strlen(hook->secret), hex, err);
        if (rc == CT_OK)
            rc = ct_exec(conn, &stmt_secret_expire, 2, expire, NULL, err);
        if (rc == CT_OK)
            rc = ct_exec(conn, &stmt_secret_insert, 2, insert, NULL, err);
    }
    if (rc == CT_OK) {
        const char *adopt[2] = {id, hook->url};
        rc = ct_exec(conn, &stmt_outbox_adopt, 2, adopt, NULL, err);
    }
    free(id);
    return rc;
}

ct_rc ct_subscriptions_import(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                              const ct_subscription_import *hooks, size_t n, int retry_for_s,
                              ct_error *err)
{
    char seconds[16];
    const char *params[1] = {seconds};
    ct_rc rc = CT_OK;

    for (size_t i = 0; rc == CT_OK && i < n; i++)
        rc = import_one(conn, key, &hooks[i], err);
    snprintf(seconds, sizeof seconds, "%d", retry_for_s);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_outbox_orphans, 1, params, NULL, err);
    return rc;
}
