/*
 * replicas.c -- readers' reads on streaming standbys (see replicas.h).
 *
 * Owns the standbys' pool and the decision, per read, whether a standby
 * may answer it. The rule that decides which reads may go there at all
 * (a reader's GET of a route marked for it) is the route table's and the
 * door's; the rule of "new enough" is the readers' cache's (cache.h):
 * this file only compares a standby's replay position with it. libpq
 * picks the server among the hosts given (target_session_attrs
 * prefer-standby, added by the store), so a primary named among them, or
 * a standby promoted since, simply answers as the primary would.
 */
#include "door/replicas.h"

#include <stdatomic.h>
#include <stdlib.h>

struct ct_replicas {
    ct_pool        *pool;
    atomic_ullong   standby_reads, behind, unavailable;
};

ct_rc ct_replicas_open(const char *conninfo, size_t size, const ct_session_settings *settings,
                       ct_log_fn log, void *log_data, ct_replicas **out, ct_error *err)
{
    ct_replicas *r;
    ct_rc rc;

    *out = NULL;
    if (conninfo == NULL)
        return CT_OK;
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    atomic_init(&r->standby_reads, 0);
    atomic_init(&r->behind, 0);
    atomic_init(&r->unavailable, 0);
    rc = ct_pool_open_standbys(conninfo, size, settings, log, log_data, &r->pool, err);
    if (rc != CT_OK) {
        free(r);
        return rc;
    }
    *out = r;
    return CT_OK;
}

void ct_replicas_close(ct_replicas *r)
{
    if (r == NULL)
        return;
    ct_pool_close(r->pool);
    free(r);
}

/* Has the server of conn replayed as far as wal_needed? A server that is
   not in recovery is a primary (named among the hosts, or promoted):
   always. A failed question: not known, so no. */
static bool new_enough(ct_conn *conn, uint64_t wal_needed)
{
    uint64_t replayed = 0;
    bool standby = false;
    ct_error err;

    ct_error_clear(&err);
    if (ct_conn_wal_position(conn, &replayed, &standby, &err) != CT_OK)
        return false;
    return !standby || replayed >= wal_needed;
}

ct_conn *ct_replicas_take(ct_replicas *r, uint64_t wal_needed, int wait_ms)
{
    ct_conn *conn = NULL;
    ct_error err;

    if (r == NULL)
        return NULL;
    ct_error_clear(&err);
    if (ct_pool_acquire(r->pool, wait_ms, &conn, &err) != CT_OK) {
        atomic_fetch_add(&r->unavailable, 1);
        return NULL;
    }
    if (wal_needed != 0 && !new_enough(conn, wal_needed)) {
        bool broken = ct_conn_broken(conn);
        ct_pool_release(r->pool, conn);
        atomic_fetch_add(broken ? &r->unavailable : &r->behind, 1);
        return NULL;
    }
    return conn;
}

void ct_replicas_give_back(ct_replicas *r, ct_conn *conn, bool answered)
{
    if (r == NULL || conn == NULL)
        return;
    if (answered)
        atomic_fetch_add(&r->standby_reads, 1);
    ct_pool_release(r->pool, conn);
}

void ct_replicas_stats_get(ct_replicas *r, ct_replicas_stats *out)
{
    *out = (ct_replicas_stats){0, 0, 0};
    if (r == NULL)
        return;
    out->standby_reads = atomic_load(&r->standby_reads);
    out->behind = atomic_load(&r->behind);
    out->unavailable = atomic_load(&r->unavailable);
}
