/*
 * replicas.h -- readers' reads on streaming standbys.
 *
 * A news site's page views are reads of published things: a claim, its
 * timeline, an article's notices, the ClaimReview feed. With the
 * configuration's "replicas" (a libpq connection string, multi-host
 * allowed), an instance keeps a second pool on those servers and sends
 * such reads there when a reader (or nobody) asks; editors, moderators and
 * admins always read from the primary, so they see their own writes at
 * once, and every write goes to the primary.
 *
 * A standby answers with what it has replayed: with the readers' cache
 * off, a reader may see a change a moment (the replication delay) after
 * an editor does. With the cache on, an answer is only taken from a
 * standby that has replayed as far as the primary's WAL stood when the
 * last change was heard (cache.h), else from the primary, so the cache
 * never keeps an answer older than a change it already heard of.
 *
 * A standby that is away, busy past pool_wait_ms, or behind: the primary
 * answers. GET /health counts each of the three.
 */
#ifndef CT_REPLICAS_H
#define CT_REPLICAS_H
#include <stdbool.h>
#include <stdint.h>
#include "base/error.h"
#include "store/store.h"

typedef struct ct_replicas ct_replicas;

/* What GET /health reports. */
typedef struct ct_replicas_stats {
    uint64_t standby_reads;      /* reads answered by a standby */
    uint64_t behind;             /* a standby had not replayed the last change heard */
    uint64_t unavailable;        /* no standby connection could be had */
} ct_replicas_stats;

/*
 * Open a pool of size connections on conninfo (store.h's
 * ct_pool_open_standbys: standbys that are away are tried again later).
 * *out is NULL and CT_OK when conninfo is NULL (no replicas).
 * CT_EINVALID (invalid_value, "replicas") when libpq cannot parse it.
 */
ct_rc ct_replicas_open(const char *conninfo, size_t size, const ct_session_settings *settings,
                       ct_log_fn log, void *log_data, ct_replicas **out, ct_error *err);

/* Close the pool. NULL is fine. */
void ct_replicas_close(ct_replicas *replicas);

/*
 * A standby connection for one reader's read, or NULL: the read goes to
 * the primary. wal_needed (bytes from 0/0, cache.h's ticket; 0: none) is
 * how far the standby must have replayed; when it is not 0 the standby is
 * asked where it stands (one round trip). wait_ms bounds the wait for a
 * free connection. Never fails otherwise: what went wrong is counted.
 */
ct_conn *ct_replicas_take(ct_replicas *replicas, uint64_t wal_needed, int wait_ms);

/* Give back a connection ct_replicas_take handed out; counts a read. */
void ct_replicas_give_back(ct_replicas *replicas, ct_conn *conn, bool answered);

void ct_replicas_stats_get(ct_replicas *replicas, ct_replicas_stats *out);

#endif
