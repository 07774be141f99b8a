/*
 * outbound.h -- the background work of an instance: archiving evidence and
 * delivering webhooks.
 *
 * open() starts two worker threads (one per queue, so a slow source never
 * delays a webhook), each with a database connection of its own that
 * LISTENs for new work; close() stops them within a bounded time: a
 * transfer in flight is cancelled and its row simply stays queued. A host
 * that wants no threads of ours sets "outbound": {"workers": false} and
 * calls POST /jobs/run instead.
 */
#ifndef CT_OUTBOUND_H
#define CT_OUTBOUND_H

#include <stdbool.h>

#include "door/config.h"
#include "base/error.h"
#include "net/fetch.h"
#include "store/store.h"

typedef struct ct_outbound ct_outbound;

/* Retry delay after `attempts` failures: base doubling, capped at an hour,
   with jitter of +-50 %. */
int ct_backoff_ms(int base_ms, int attempts);

/* The fetch policy of the configuration (cancel may be NULL). */
ct_fetch_policy ct_outbound_policy(const ct_config *cfg, const atomic_bool *cancel);

/* Start the workers (unless cfg says not to). cfg must outlive the result. */
ct_rc ct_outbound_start(const ct_config *cfg, ct_log_fn log, void *log_data,
                        ct_outbound **out, ct_error *err);

/* Stop and join the workers; nothing queued is lost. NULL is fine. */
void ct_outbound_stop(ct_outbound *ob);

/* Do every due fetch and delivery now on conn (for POST /jobs/run). */
ct_rc ct_outbound_run_due(const ct_config *cfg, ct_conn *conn, int *evidence, int *deliveries,
                          ct_error *err);

#endif
