/*
 * webhooks.h -- telling the CMS what happened, signed, and without losing
 * anything.
 *
 * Events are queued in ct_outbox by a trigger in the same transaction as
 * the change they report. A worker posts each to its webhook with an id
 * for idempotency, a timestamp and an HMAC-SHA256 signature:
 *
 *   Claimtrack-Event: claim.published
 *   Claimtrack-Delivery: evt_42            (also "id" in the body)
 *   Claimtrack-Timestamp: 1766400000       (Unix seconds)
 *   Claimtrack-Signature: v1=<hex HMAC-SHA256(secret, timestamp "." body)>
 *
 * Failures are retried with exponential backoff and jitter until
 * retry_for_s has passed, then dead-lettered; a moderator may redeliver.
 */
#ifndef CT_WEBHOOKS_H
#define CT_WEBHOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "net/fetch.h"
#include "jobs/job.h"
#include "store/store.h"

/* Webhook event names, NULL-ended. */
extern const char *const ct_webhook_events[];

/* The delivery queue as a job (job.h): wanted when a webhook is configured. */
extern const ct_job ct_webhook_job;

/* "v1=" + hex HMAC-SHA256(secret, timestamp "." body) into out (>= 68 bytes). */
void ct_webhook_signature(const char *secret, const char *timestamp, const char *body,
                          char *out, size_t size);

/* Deliver a batch of due events, if any; *done tells whether there were.
   (Rows still leased when stopping are simply taken again later.) */
ct_rc ct_webhooks_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, bool *done, ct_error *err);

/* {"deliveries":[...]} newest first, optionally only one status. */
ct_rc ct_webhooks_list(ct_conn *conn, const char *status, int limit, char **json_out,
                       ct_error *err);

/* Queue a delivery again from now on. */
ct_rc ct_webhooks_redeliver(ct_conn *conn, const char *delivery_id, char **json_out,
                            ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_webhooks_sql[];

#endif
