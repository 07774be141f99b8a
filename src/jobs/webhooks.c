/*
 * webhooks.c -- Standard Webhooks delivery from the outbox (see webhooks.h).
 */
#include "jobs/webhooks.h"
#include "base/jsonout.h"

#include <openssl/crypto.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>

#include "base/crypto.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* A delivery of the webhook outbox <o>. */
#define DELIVERY_JSON(o) \
    "json_build_object('id', " o ".id, 'event_id', 'evt_' || " o ".event_id," \
    " 'checkpoint_id', " o ".checkpoint_id, 'subscription_id', " o ".subscription_id," \
    " 'type', " o ".type, 'claim_id', " o ".claim_id," \
    " 'url', COALESCE((SELECT s.url FROM ct_subscriptions s WHERE s.id = " o ".subscription_id), " o ".url)," \
    " 'status', " o ".status, 'attempts', " o ".attempts, 'last_error', " o ".last_error," \
    " 'next_attempt_at', " o ".next_attempt_at, 'created_at', " o ".created_at," \
    " 'delivered_at', " o ".delivered_at)"

/* Per claim and subscription, an event waits while an earlier one is
   pending: receivers get each claim's events in order, and a batch never
   holds two events of one claim. Checkpoints (no claim) are ordered among
   themselves the same way, so a receiver gets them by growing size. Only active subscriptions are delivered;
   each row comes with its subscription's url, policy and the secrets valid
   now (sealed, hex, newest first). $3 is a /jobs/run call's start (NULL:
   now): a row that failed during the call is due again only after it, so
   the call tries each row at most once (job.h, ct_job_run). Batches keep
   the cost of finding due rows small per delivery even when statistics
   lag behind a large backlog. */
static const ct_stmt stmt_outbox_take = {"ct_outbox_take",
    "WITH taken AS (UPDATE ct_outbox o SET attempts = o.attempts + 1,"
    "   lease_until = now() + $1::interval"
    " WHERE o.id IN (SELECT d.id FROM ct_outbox d"
    "   JOIN ct_subscriptions s ON s.id = d.subscription_id AND s.active"
    "   WHERE d.status = 'pending' AND d.next_attempt_at <= COALESCE($3::timestamptz, now())"
    "     AND (d.lease_until IS NULL OR d.lease_until < now())"
    "     AND (d.claim_id IS NULL OR NOT EXISTS (SELECT 1 FROM ct_outbox e"
    "            WHERE e.claim_id = d.claim_id AND e.subscription_id = d.subscription_id"
    "              AND e.status = 'pending' AND e.id < d.id))"
    "     AND (d.claim_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM ct_outbox e"
    "            WHERE e.claim_id IS NULL AND e.subscription_id = d.subscription_id"
    "              AND e.status = 'pending' AND e.id < d.id))"
    "   ORDER BY d.next_attempt_at, d.id FOR UPDATE OF d SKIP LOCKED LIMIT $2::int)"
    " RETURNING o.id, o.type, o.attempts, o.event_id, o.checkpoint_id, o.subscription_id)"
    " SELECT t.id, t.type, t.attempts,"
    "  COALESCE((SELECT json_build_object('id', 'evt_' || e.id, 'type', t.type,"
    "     'claim_id', e.claim_id, 'occurred_at', e.occurred_at, 'recorded_at', e.recorded_at,"
    "     'data', e.payload)"
    "   FROM ct_events e WHERE e.id = t.event_id),"
    "   (SELECT json_build_object('id', 'ckp_' || c.id, 'type', t.type,"
    "     'recorded_at', c.signed_at, 'data', json_build_object('id', c.id,"
    "       'tree_size', c.tree_size, 'root_hash', encode(c.root_hash, 'base64'),"
    "       'signed_at', c.signed_at, 'origin', c.origin, 'verifier_key', c.verifier_key,"
    "       'note', c.note))"
    "   FROM ct_checkpoints c WHERE c.id = t.checkpoint_id))::text,"
    "  s.url, s.allow_private, s.legacy,"
    "  (SELECT string_agg(encode(k.sealed, 'hex'), ',' ORDER BY k.id DESC)"
    "   FROM ct_subscription_secrets k WHERE k.subscription_id = s.id"
    "     AND (k.expires_at IS NULL OR k.expires_at > now()))"
    " FROM taken t JOIN ct_subscriptions s ON s.id = t.subscription_id ORDER BY t.id", 3};

/* A delivery's outcome; a failure is also kept on its subscription for the
   admins' view (its last delivery is read from the outbox: no write to the
   subscription's row per delivery). Each outcome, and a release, belongs
   to one attempt: the row must still be pending at the attempt the worker
   took ($ attempts). A worker that stalled past its lease, while another
   took the row again (one attempt more) or a moderator redelivered it
   (attempts back to 0), changes nothing: the newer attempt's outcome is
   the row's. */
static const ct_stmt stmt_outbox_done = {"ct_outbox_done",
    "UPDATE ct_outbox SET status = 'delivered', delivered_at = now(), lease_until = NULL,"
    " last_error = NULL WHERE id = $1::bigint AND status = 'pending' AND attempts = $2::int", 2};

static const ct_stmt stmt_outbox_retry = {"ct_outbox_retry",
    "WITH o AS (UPDATE ct_outbox SET last_error = $2, lease_until = NULL,"
    "   status = CASE WHEN now() - retry_from >= $4::int * interval '1 second'"
    "                 THEN 'dead' ELSE 'pending' END,"
    "   next_attempt_at = now() + $3::int * interval '1 millisecond'"
    "   WHERE id = $1::bigint AND status = 'pending' AND attempts = $5::int"
    "   RETURNING subscription_id)"
    " UPDATE ct_subscriptions s SET last_error = $2, last_error_at = now() FROM o"
    " WHERE s.id = o.subscription_id", 5};

static const ct_stmt stmt_outbox_list = {"ct_outbox_list",
    "SELECT json_build_object('deliveries', COALESCE(json_agg(" DELIVERY_JSON("o")
    "   ORDER BY o.id), '[]'))::text"
    " FROM (SELECT * FROM ct_outbox WHERE ($1::text IS NULL OR status = $1)"
    "       ORDER BY id DESC LIMIT $2::int) o", 2};

static const ct_stmt stmt_outbox_redeliver = {"ct_outbox_redeliver",
    "UPDATE ct_outbox o SET status = 'pending', attempts = 0, next_attempt_at = now(),"
    " retry_from = now(), lease_until = NULL, delivered_at = NULL"
    " WHERE o.id = $1::bigint"
    "   AND NOT (o.status = 'pending' AND COALESCE(o.lease_until > now(), false))"   /* not in flight */
    " RETURNING " DELIVERY_JSON("o") "::text", 1};

static const ct_stmt stmt_outbox_release = {"ct_outbox_release",
    "UPDATE ct_outbox SET lease_until = NULL, attempts = greatest(attempts - 1, 0)"
    " WHERE id = $1::bigint AND status = 'pending' AND attempts = $2::int", 2};

static const ct_stmt stmt_notify = {"ct_notify", "SELECT pg_notify('ct_outbound', 'redeliver')", 0};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_webhooks_sql[] = {
    &stmt_outbox_take, &stmt_outbox_done, &stmt_outbox_retry, &stmt_outbox_list,
    &stmt_outbox_redeliver, &stmt_outbox_release, &stmt_notify, NULL};



const char *const ct_webhook_events[] = {
    "claim.recorded", "response.linked", "claim.status_changed", "claim.verdict_changed",
    "claim.published", "claim.unpublished", "evidence.archived", "checkpoint.signed", NULL
};

void ct_webhook_legacy_signature(const unsigned char *key, size_t key_len, const char *timestamp,
                                 const char *body, char *out, size_t size)
{
    unsigned char mac[32];
    char hex[65];
    const char *parts[] = {timestamp, ".", body, NULL};

    if (ct_hmac_sha256(key, key_len, parts, mac)) {
        ct_hex_encode(mac, sizeof mac, hex);
        snprintf(out, size, "v1=%s", hex);
    } else {
        snprintf(out, size, "v1=");
    }
}

void ct_webhook_signature(const char *secret, const char *timestamp, const char *body,
                          char *out, size_t size)
{
    ct_webhook_legacy_signature((const unsigned char *)secret, strlen(secret), timestamp, body,
                                out, size);
}

void ct_webhook_standard_signature(const unsigned char *key, size_t key_len, const char *msg_id,
                                   const char *timestamp, const char *body, char *out,
                                   size_t size)
{
    unsigned char mac[32];
    char b64[48];
    const char *parts[] = {msg_id, ".", timestamp, ".", body, NULL};

    if (!ct_hmac_sha256(key, key_len, parts, mac)) {
        snprintf(out, size, "v1,");
        return;
    }
    ct_base64_encode(mac, sizeof mac, b64);
    snprintf(out, size, "v1,%s", b64);
}

/* One row of stmt_outbox_take, as the delivery needs it. */
typedef struct delivery {
    const char *id, *type, *body, *url, *secrets_hex;
    const char *attempts_text;         /* the attempt taken, as the row says it */
    int         attempts;
    bool        allow_private, legacy;
} delivery;

#define MAX_SECRETS 8

/* The secrets of the last subscription signed for, opened: a batch holds
   mostly one subscription's deliveries, so each is opened once per batch. */
typedef struct secret_cache {
    char         *hex;                 /* the sealed list they were opened from */
    size_t        n;
    unsigned char keys[MAX_SECRETS][1024];
    size_t        lens[MAX_SECRETS];
} secret_cache;

static void cache_clear(secret_cache *cache)
{
    free(cache->hex);
    OPENSSL_cleanse(cache, sizeof *cache);
}

/* The secrets valid now, opened with the secrets key, newest first. */
static void open_secrets(const ct_outbound_config *cfg, const char *hex_list, secret_cache *cache)
{
    unsigned char sealed[1024 + CT_SEAL_OVERHEAD];

    if (cache->hex && hex_list && strcmp(cache->hex, hex_list) == 0)
        return;
    cache_clear(cache);
    cache->hex = hex_list ? strdup(hex_list) : NULL;
    for (const char *p = hex_list; p && *p && cache->n < MAX_SECRETS;) {
        size_t len = strcspn(p, ",");
        long bytes = ct_hex_decode(p, len, sealed, sizeof sealed);
        if (bytes >= CT_SEAL_OVERHEAD && ct_unseal(cfg->secrets_key, sealed, (size_t)bytes, cache->keys[cache->n]))
            cache->lens[cache->n++] = (size_t)bytes - CT_SEAL_OVERHEAD;
        p += len + (p[len] == ',');
    }
}

/* The headers of a delivery (Standard Webhooks; and, for a subscription
   imported from the configuration, the Claimtrack-* headers of earlier
   releases) into h, NULL-ended. False when no secret opens with this
   host's key (the delivery is then left for a host whose key does). */
static bool sign(const ct_outbound_config *cfg, const delivery *d, const char *msg_id,
                 secret_cache *cache, char h[8][600], const char *headers[9])
{
    char timestamp[24], one[64], legacy_sig[80];
    size_t used;
    int k = 0;

    open_secrets(cfg, d->secrets_hex, cache);
    if (cache->n == 0)
        return false;
    snprintf(timestamp, sizeof timestamp, "%lld", (long long)time(NULL));
    snprintf(h[k++], 600, "webhook-id: %s", msg_id);
    snprintf(h[k++], 600, "webhook-timestamp: %s", timestamp);
    used = (size_t)snprintf(h[k], 600, "webhook-signature:");
    for (size_t i = 0; i < cache->n && used < 600; i++) {     /* every secret valid now */
        ct_webhook_standard_signature(cache->keys[i], cache->lens[i], msg_id, timestamp, d->body,
                                      one, sizeof one);
        used += (size_t)snprintf(h[k] + used, 600 - used, " %s", one);
    }
    k++;
    if (d->legacy) {
        ct_webhook_legacy_signature(cache->keys[0], cache->lens[0], timestamp, d->body, legacy_sig,
                                    sizeof legacy_sig);
        snprintf(h[k++], 600, "Claimtrack-Event: %s", d->type);
        snprintf(h[k++], 600, "Claimtrack-Delivery: %s", msg_id);
        snprintf(h[k++], 600, "Claimtrack-Timestamp: %s", timestamp);
        snprintf(h[k++], 600, "Claimtrack-Signature: %s", legacy_sig);
    }
    for (int i = 0; i < k; i++)
        headers[i] = h[i];
    headers[k] = NULL;
    return true;
}

/* POST the event; *why says what went wrong, "" on a 2xx. False when this
   host cannot sign it (no secret of the subscription opens with its key). */
static bool post(const ct_outbound_config *cfg, const delivery *d, const ct_fetch_policy *policy,
                 secret_cache *cache, char *why, size_t why_size)
{
    static const ct_cidr anywhere[2] = {{AF_INET, {0}, 0}, {AF_INET6, {0}, 0}};
    char h[8][600];
    const char *headers[9];
    ct_fetch_policy private_ok = *policy;
    ct_fetch_result result;
    ct_error err;
    json_object *event = ct_jparse(d->body);
    const char *compact = event ? ct_jdump(event, JSON_C_TO_STRING_PLAIN |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
    const char *id = json_object_get_string(json_object_object_get(event, "id"));
    delivery signed_d = *d;
    bool signed_ok = true;

    why[0] = '\0';
    signed_d.body = compact;                     /* Standard Webhooks: compact JSON */
    if (compact == NULL || id == NULL)
        snprintf(why, why_size, "the event could not be read");
    else
        signed_ok = sign(cfg, &signed_d, id, cache, h, headers);
    if (d->allow_private) {                      /* the admin said the destination may be private */
        private_ok.allow = anywhere;
        private_ok.nallow = 2;
    }
    memset(&result, 0, sizeof result);
    if (why[0] == '\0' && signed_ok) {
        if (ct_fetch_post_json(d->url, compact, headers, &private_ok, &result, &err) != CT_OK)
            snprintf(why, why_size, "%s", result.error[0] ? result.error : err.message);
        else if (result.http_status < 200 || result.http_status >= 300)
            snprintf(why, why_size, "the receiver answered HTTP %ld", result.http_status);
        ct_fetch_result_free(&result);
    }
    json_object_put(event);
    return signed_ok;
}

#define BATCH "32"

/* Record the outcome of one delivery's attempt: done, or retried later
   (or dead). */
static ct_rc settle(ct_conn *conn, const ct_outbound_config *cfg, const delivery *d,
                    const char *why, ct_error *err)
{
    char delay[16], retry_for[16];
    const char *params[5] = {d->id, why, delay, retry_for, d->attempts_text};

    if (why[0] == '\0')
        return ct_exec(conn, &stmt_outbox_done, 2, (const char *[]){d->id, d->attempts_text}, NULL,
                       err);
    snprintf(delay, sizeof delay, "%d", ct_backoff_ms(cfg->retry_base_ms, d->attempts));
    snprintf(retry_for, sizeof retry_for, "%d", cfg->retry_for_s);
    return ct_exec(conn, &stmt_outbox_retry, 5, params, NULL, err);
}

static delivery row_delivery(const ct_rows *rows, size_t r)
{
    const char *allow = ct_rows_get(rows, r, 5), *legacy = ct_rows_get(rows, r, 6);
    return (delivery){ct_rows_get(rows, r, 0), ct_rows_get(rows, r, 1), ct_rows_get(rows, r, 3),
                      ct_rows_get(rows, r, 4), ct_rows_get(rows, r, 7), ct_rows_get(rows, r, 2),
                      atoi(ct_rows_get(rows, r, 2)), allow && allow[0] == 't',
                      legacy && legacy[0] == 't'};
}

ct_rc ct_webhooks_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                              ct_error *err)
{
    char lease[48], why[256];
    const char *take[3] = {lease, BATCH, run ? run->due_by : NULL};
    ct_rows *rows = NULL;
    secret_cache *cache = calloc(1, sizeof *cache);
    size_t unsigned_rows = 0;
    ct_rc rc;

    *done = false;
    if (cache == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    /* the lease covers the whole batch, each delivery at its longest */
    snprintf(lease, sizeof lease, "%ld milliseconds", (policy->timeout_ms + 1000) * 32 + 60000);
    rc = ct_exec(conn, &stmt_outbox_take, 3, take, &rows, err);
    for (size_t r = 0; rc == CT_OK && r < ct_rows_count(rows); r++) {
        delivery d = row_delivery(rows, r);
        bool spent = ct_job_run_spent(run);      /* the call's budget: no new delivery */
        bool stopping = spent || (policy->cancel && atomic_load(policy->cancel));
        bool signed_ok = !stopping && post(cfg, &d, policy, cache, why, sizeof why);
        if (spent)
            run->left_over = true;
        if (!stopping && !signed_ok)
            unsigned_rows++;
        if (stopping || !signed_ok || (policy->cancel && atomic_load(policy->cancel)))
            rc = ct_exec(conn, &stmt_outbox_release, 2, (const char *[]){d.id, d.attempts_text},
                         NULL, err);                                  /* untried: back to the queue */
        else
            rc = settle(conn, cfg, &d, why, err);
    }
    /* Deliveries this host cannot sign (its secrets_key is not the one their
       secrets were sealed with) go back untouched for a host whose key is;
       this worker then waits its poll interval instead of taking them again. */
    *done = rc == CT_OK && ct_rows_count(rows) > unsigned_rows;
    if (rc == CT_OK && unsigned_rows > 0)
        rc = ct_fail(err, CT_EINTERNAL, "secrets_key_not_configured", NULL,
                     "%zu deliveries left for another host: no secret of their subscription opens"
                     " with this host's secrets_key", unsigned_rows);
    ct_rows_free(rows);
    cache_clear(cache);
    free(cache);
    return rc;
}

ct_rc ct_webhooks_list(ct_conn *conn, const char *status, int limit, char **json_out,
                       ct_error *err)
{
    char limit_text[16];
    const char *params[2] = {status, limit_text};
    snprintf(limit_text, sizeof limit_text, "%d", limit);
    return ct_exec_text(conn, &stmt_outbox_list, 2, params, "deliveries", json_out, err);
}

ct_rc ct_webhooks_redeliver(ct_conn *conn, const char *delivery_id, char **json_out,
                            ct_error *err)
{
    ct_rc rc = ct_exec_text(conn, &stmt_outbox_redeliver, 1, &delivery_id,
                            "delivery (or it is being delivered right now)", json_out, err);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_notify, 0, NULL, NULL, err);
    return rc;
}

/* Any process holding the secrets key delivers: subscriptions are in the
   database, made by whichever process, and only the key opens their secrets. */
static bool webhooks_wanted(const ct_outbound_config *cfg)
{
    return cfg->has_secrets_key;
}

const ct_job ct_webhook_job = {"deliveries", webhooks_wanted, ct_webhooks_process_one};
