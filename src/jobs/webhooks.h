/*
 * webhooks.h -- telling the CMS what happened, signed so that receivers
 * verify it with a standard library, and without losing anything.
 *
 * Events are queued in ct_outbox by a trigger in the same transaction as
 * the change they report, one row per active subscription that wants the
 * event (ct_subscriptions, domain/subscriptions.h): whichever process made
 * the change. A worker of any process holding the secrets key posts each
 * one following Standard Webhooks (https://www.standardwebhooks.com/):
 *
 *   webhook-id: evt_42                  the event; the same on every retry
 *   webhook-timestamp: 1766400000       Unix seconds of this attempt
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>
 *                                       one per secret valid now, space-separated
 *
 * The body is compact JSON. key is the secret's bytes (its "whsec_" text
 * base64-decoded). A subscription imported from the "webhooks"
 * configuration key also gets the headers of earlier releases:
 * Claimtrack-Event, Claimtrack-Delivery, Claimtrack-Timestamp and
 * Claimtrack-Signature: v1=<hex HMAC-SHA256(secret, timestamp "." body)>.
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

/* The Claimtrack-Signature of earlier releases: "v1=" + hex HMAC-SHA256(secret,
   timestamp "." body) into out (>= 68 bytes). */
void ct_webhook_signature(const char *secret, const char *timestamp, const char *body,
                          char *out, size_t size);

/* The same with a key of key_len bytes (an imported secret after a rotation:
   random bytes, NUL included). */
void ct_webhook_legacy_signature(const unsigned char *key, size_t key_len, const char *timestamp,
                                 const char *body, char *out, size_t size);

/* One Standard Webhooks signature: "v1," + base64 HMAC-SHA256(key, msg_id "."
   timestamp "." body) into out (>= 48 bytes). */
void ct_webhook_standard_signature(const unsigned char *key, size_t key_len, const char *msg_id,
                                   const char *timestamp, const char *body, char *out,
                                   size_t size);

/* Deliver a batch of due events, if any; *done tells whether there were.
   (Rows still leased when stopping are simply taken again later.) With run
   (job.h), only rows due by run->due_by are taken, and once its deadline
   has passed no new delivery starts: the batch's rows not yet sent go back
   as they were and run->left_over is set. */
ct_rc ct_webhooks_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                              ct_error *err);

/* {"deliveries":[...]} newest first, optionally only one status. */
ct_rc ct_webhooks_list(ct_conn *conn, const char *status, int limit, char **json_out,
                       ct_error *err);

/* Queue a delivery again from now on. */
ct_rc ct_webhooks_redeliver(ct_conn *conn, const char *delivery_id, char **json_out,
                            ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_webhooks_sql[];

#endif
