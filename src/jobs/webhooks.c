/*
 * webhooks.c -- signed webhook delivery from the outbox (see webhooks.h).
 */
#include "jobs/webhooks.h"

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* A delivery of the webhook outbox <o>. */
#define DELIVERY_JSON(o) \
    "json_build_object('id', " o ".id, 'event_id', 'evt_' || " o ".event_id," \
    " 'type', " o ".type, 'claim_id', " o ".claim_id, 'url', " o ".url," \
    " 'status', " o ".status, 'attempts', " o ".attempts, 'last_error', " o ".last_error," \
    " 'next_attempt_at', " o ".next_attempt_at, 'created_at', " o ".created_at," \
    " 'delivered_at', " o ".delivered_at)"

/* Per claim and webhook, an event waits while an earlier one is pending:
   receivers get each claim's events in order, and a batch never holds
   two events of one claim. Batches keep the cost of finding due rows
   small per delivery even when statistics lag behind a large backlog. */
static const ct_stmt stmt_outbox_take = {"ct_outbox_take",
    "UPDATE ct_outbox o SET attempts = o.attempts + 1, lease_until = now() + $2::interval"
    " WHERE o.id IN (SELECT d.id FROM ct_outbox d"
    "   WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
    "     AND (d.lease_until IS NULL OR d.lease_until < now())"
    "     AND d.url = ANY($1::text[])"
    "     AND NOT EXISTS (SELECT 1 FROM ct_outbox e WHERE e.url = d.url"
    "                     AND e.claim_id = d.claim_id AND e.status = 'pending' AND e.id < d.id)"
    "   ORDER BY d.next_attempt_at, d.id FOR UPDATE SKIP LOCKED LIMIT $3::int)"
    " RETURNING o.id, o.url, o.type, o.attempts,"
    "  (SELECT json_build_object('id', 'evt_' || e.id, 'type', o.type, 'claim_id', e.claim_id,"
    "     'occurred_at', e.occurred_at, 'recorded_at', e.recorded_at, 'data', e.payload)"
    "   FROM ct_events e WHERE e.id = o.event_id)::text", 3};

static const ct_stmt stmt_outbox_done = {"ct_outbox_done",
    "UPDATE ct_outbox SET status = 'delivered', delivered_at = now(), lease_until = NULL,"
    " last_error = NULL WHERE id = $1::bigint", 1};

static const ct_stmt stmt_outbox_retry = {"ct_outbox_retry",
    "UPDATE ct_outbox SET last_error = $2, lease_until = NULL,"
    " status = CASE WHEN now() - retry_from >= $4::int * interval '1 second'"
    "               THEN 'dead' ELSE 'pending' END,"
    " next_attempt_at = now() + $3::int * interval '1 millisecond'"
    " WHERE id = $1::bigint", 4};

static const ct_stmt stmt_outbox_list = {"ct_outbox_list",
    "SELECT json_build_object('deliveries', COALESCE(json_agg(" DELIVERY_JSON("o")
    "   ORDER BY o.id), '[]'))::text"
    " FROM (SELECT * FROM ct_outbox WHERE ($1::text IS NULL OR status = $1)"
    "       ORDER BY id DESC LIMIT $2::int) o", 2};

static const ct_stmt stmt_outbox_redeliver = {"ct_outbox_redeliver",
    "UPDATE ct_outbox o SET status = 'pending', attempts = 0, next_attempt_at = now(),"
    " retry_from = now(), lease_until = NULL, delivered_at = NULL"
    " WHERE o.id = $1::bigint"
    "   AND NOT (o.status = 'pending' AND o.lease_until > now())"   /* not in flight */
    " RETURNING " DELIVERY_JSON("o") "::text", 1};

static const ct_stmt stmt_outbox_release = {"ct_outbox_release",
    "UPDATE ct_outbox SET lease_until = NULL, attempts = greatest(attempts - 1, 0)"
    " WHERE id = $1::bigint AND status = 'pending'", 1};

static const ct_stmt stmt_notify = {"ct_notify", "SELECT pg_notify('ct_outbound', 'redeliver')", 0};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_webhooks_sql[] = {
    &stmt_outbox_take, &stmt_outbox_done, &stmt_outbox_retry, &stmt_outbox_list,
    &stmt_outbox_redeliver, &stmt_outbox_release, &stmt_notify, NULL};



const char *const ct_webhook_events[] = {
    "claim.recorded", "response.linked", "claim.status_changed", "claim.verdict_changed",
    "claim.published", "claim.unpublished", "evidence.archived", NULL
};

void ct_webhook_signature(const char *secret, const char *timestamp, const char *body,
                          char *out, size_t size)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;

    /* HMAC over timestamp "." body, fed in pieces: no copy of the body. */
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0),
                            OSSL_PARAM_construct_end()};
    size_t out_len = 0;
    if (mctx && EVP_MAC_init(mctx, (const unsigned char *)secret, strlen(secret), params) &&
        EVP_MAC_update(mctx, (const unsigned char *)timestamp, strlen(timestamp)) &&
        EVP_MAC_update(mctx, (const unsigned char *)".", 1) &&
        EVP_MAC_update(mctx, (const unsigned char *)body, strlen(body)) &&
        EVP_MAC_final(mctx, digest, &out_len, sizeof digest))
        len = (unsigned int)out_len;
    EVP_MAC_CTX_free(mctx);
    EVP_MAC_free(mac);
    size_t used = (size_t)snprintf(out, size, "v1=");
    for (unsigned int i = 0; i < len && used + 3 <= size; i++)
        used += (size_t)snprintf(out + used, size - used, "%02x", digest[i]);
}

static const ct_webhook *webhook_for(const ct_outbound_config *cfg, const char *url)
{
    for (size_t i = 0; i < cfg->nwebhooks; i++)
        if (strcmp(cfg->webhooks[i].url, url) == 0)
            return &cfg->webhooks[i];
    return NULL;
}

/* POST the event; *why says what went wrong, "" on a 2xx. */
static void post(const ct_webhook *hook, const char *type, const char *body,
                 const ct_fetch_policy *policy, char *why, size_t why_size)
{
    char timestamp[24], signature[80], h_event[96], h_id[96], h_time[64], h_sig[112];
    ct_fetch_result result;
    ct_error err;
    json_object *event = json_tokener_parse(body);
    const char *id = json_object_get_string(json_object_object_get(event, "id"));

    snprintf(timestamp, sizeof timestamp, "%lld", (long long)time(NULL));
    ct_webhook_signature(hook->secret, timestamp, body, signature, sizeof signature);
    snprintf(h_event, sizeof h_event, "Claimtrack-Event: %s", type);
    snprintf(h_id, sizeof h_id, "Claimtrack-Delivery: %s", id ? id : "");
    snprintf(h_time, sizeof h_time, "Claimtrack-Timestamp: %s", timestamp);
    snprintf(h_sig, sizeof h_sig, "Claimtrack-Signature: %s", signature);
    const char *headers[] = {h_event, h_id, h_time, h_sig, NULL};

    why[0] = '\0';
    if (ct_fetch_post_json(hook->url, body, headers, policy, &result, &err) != CT_OK)
        snprintf(why, why_size, "%s", result.error[0] ? result.error : err.message);
    else if (result.http_status < 200 || result.http_status >= 300)
        snprintf(why, why_size, "the receiver answered HTTP %ld", result.http_status);
    ct_fetch_result_free(&result);
    json_object_put(event);
}

#define BATCH "32"

/* Record the outcome of one delivery: done, or retried later (or dead). */
static ct_rc settle(ct_conn *conn, const ct_outbound_config *cfg, const char *id, int attempts,
                    const char *why, ct_error *err)
{
    char delay[16], retry_for[16];
    const char *params[4] = {id, why, delay, retry_for};

    if (why[0] == '\0')
        return ct_exec(conn, &stmt_outbox_done, 1, &id, NULL, err);
    snprintf(delay, sizeof delay, "%d", ct_backoff_ms(cfg->retry_base_ms, attempts));
    snprintf(retry_for, sizeof retry_for, "%d", cfg->retry_for_s);
    return ct_exec(conn, &stmt_outbox_retry, 4, params, NULL, err);
}

ct_rc ct_webhooks_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, bool *done, ct_error *err)
{
    char lease[48], why[256];
    const char *take[3] = {cfg->webhook_urls, lease, BATCH};
    ct_rows *rows = NULL;
    ct_rc rc;

    *done = false;
    /* the lease covers the whole batch, each delivery at its longest */
    snprintf(lease, sizeof lease, "%ld milliseconds", (policy->timeout_ms + 1000) * 32 + 60000);
    rc = ct_exec(conn, &stmt_outbox_take, 3, take, &rows, err);
    for (size_t r = 0; rc == CT_OK && r < ct_rows_count(rows); r++) {
        const ct_webhook *hook = webhook_for(cfg, ct_rows_get(rows, r, 1));
        const char *id = ct_rows_get(rows, r, 0);
        *done = true;
        if (hook && !(policy->cancel && atomic_load(policy->cancel)))
            post(hook, ct_rows_get(rows, r, 2), ct_rows_get(rows, r, 4), policy, why, sizeof why);
        else
            snprintf(why, sizeof why, "no webhook with this url is configured");
        if (policy->cancel && atomic_load(policy->cancel))   /* stopping: untried, back to the queue */
            rc = ct_exec(conn, &stmt_outbox_release, 1, &id, NULL, err);
        else
            rc = settle(conn, cfg, id, atoi(ct_rows_get(rows, r, 3)), why, err);
    }
    ct_rows_free(rows);
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

static bool webhooks_wanted(const ct_outbound_config *cfg)
{
    return cfg->nwebhooks > 0;
}

const ct_job ct_webhook_job = {"deliveries", webhooks_wanted, ct_webhooks_process_one};
