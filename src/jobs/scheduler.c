/*
 * scheduler.c -- the worker threads behind the jobs (see scheduler.h).
 *
 * Each worker loops: do due work of its job until there is none, then wait
 * on its bell (a pipe of its own), a lost connection or poll_ms, whichever
 * comes first. One more thread holds the instance's one connection that
 * LISTENs on ct_outbound (a trigger NOTIFYs there on new work) and rings
 * every worker's bell when a notification arrives or the connection is
 * opened again (a notification may have been lost with the old one).
 *
 * One listener, not one per worker, because PostgreSQL signals every
 * backend that LISTENs in a database, on whatever channel, at the commit
 * of each transaction that NOTIFYs, and each signalled backend then reads
 * the notification queue: every write pays for every listener. With a
 * listening connection per job, an instance had four of them (five with
 * the readers' cache), and a host running many processes many times that;
 * 20 idle listeners on other channels had slowed reviews from 1,443/s to
 * 806/s (make bench, 2026-12-07).
 *
 * Stopping sets a flag that also cancels a transfer in flight, writes to
 * the stop pipe (the listener) and rings every bell, and joins. The
 * scheduler knows jobs only through job.h.
 */
#include "jobs/scheduler.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CT_OUTBOUND_CHANNEL "ct_outbound"

typedef struct worker {
    struct ct_scheduler *owner;
    const ct_job        *job;
    pthread_t            thread;
    bool                 started;
    int                  bell[2];     /* rung (a byte written) when there may be work */
} worker;

struct ct_scheduler {
    const ct_outbound_config  *cfg;
    const char                *conninfo;
    ct_session_settings        session;
    ct_log_fn                  log;
    void                      *log_data;
    atomic_bool                stopping;
    int                        wake[2];     /* stop: written once, never read */
    worker                     workers[CT_JOBS_MAX];
    pthread_t                  listener;
    bool                       listening;   /* the listener thread was started */
};

static bool wanted(const ct_job *job, const ct_outbound_config *cfg)
{
    return job->wanted == NULL || job->wanted(cfg);
}

/* A bell: a pipe, non-blocking at both ends (ringing never waits, and
   silence() reads until it is empty), closed on exec. */
static bool open_bell(int bell[2])
{
    if (pipe(bell) != 0) {
        bell[0] = bell[1] = -1;
        return false;
    }
    for (int end = 0; end < 2; end++)
        if (fcntl(bell[end], F_SETFL, O_NONBLOCK) != 0 || fcntl(bell[end], F_SETFD, FD_CLOEXEC) != 0)
            return false;
    return true;
}

/* Empty a bell: the rings heard so far are one. */
static void silence(int fd)
{
    char drained[64];

    while (read(fd, drained, sizeof drained) > 0) {
        /* the pipe is non-blocking: read until it is empty */
    }
}

/* Ring every started worker's bell; a full pipe has been rung already. */
static void ring_all(struct ct_scheduler *sched)
{
    for (size_t i = 0; i < CT_JOBS_MAX; i++)
        if (sched->workers[i].started && write(sched->workers[i].bell[1], "!", 1) < 0) {
            /* EAGAIN: rung and not yet heard, which is as good */
        }
}

/* The instance's one listening connection: ring every bell on a
   notification, and when the connection is (re)opened. It prepares only
   the store's own statements, the modules' it never runs. */
static void *run_listener(void *arg)
{
    struct ct_scheduler *sched = arg;
    ct_session_settings listener = sched->session;
    ct_conn *conn = NULL;
    ct_error err;

    listener.statements = NULL;
    while (!atomic_load(&sched->stopping) && conn == NULL) {
        if (ct_conn_open(sched->conninfo, &listener, CT_OUTBOUND_CHANNEL, sched->log,
                         sched->log_data, &conn, &err) != CT_OK)
            usleep((useconds_t)sched->cfg->poll_ms * 1000u);
    }
    if (conn != NULL)
        ring_all(sched);            /* what was NOTIFYd before it listened */
    while (!atomic_load(&sched->stopping)) {
        int seen = ct_conn_wait(conn, sched->wake[0], sched->cfg->poll_ms);
        if (seen & (CT_WAIT_NOTIFIED | CT_WAIT_CONNECTED))
            ring_all(sched);
    }
    ct_conn_close(conn);
    return NULL;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    struct ct_scheduler *sched = w->owner;
    const ct_outbound_config *cfg = sched->cfg;
    ct_fetch_policy policy = ct_job_policy(cfg, &sched->stopping);
    ct_conn *conn = NULL;
    ct_error err;

    policy.session = ct_fetch_session_new();     /* NULL is fine: no reuse */
    while (!atomic_load(&sched->stopping) && conn == NULL) {
        if (ct_conn_open(sched->conninfo, &sched->session, NULL, sched->log,
                         sched->log_data, &conn, &err) != CT_OK)
            usleep((useconds_t)cfg->poll_ms * 1000u);
    }
    while (!atomic_load(&sched->stopping)) {
        bool done = false;
        if (w->job->process_one(conn, cfg, &policy, NULL, &done, &err) != CT_OK && sched->log)
            sched->log(sched->log_data, CT_LEVEL_WARN, err.message);
        if (!done || ct_conn_broken(conn)) {
            ct_conn_wait(conn, w->bell[0], cfg->poll_ms);
            silence(w->bell[0]);
        }
    }
    ct_conn_close(conn);
    ct_fetch_session_free(policy.session);
    return NULL;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ready;

static void init_curl(void)
{
    curl_ready = ct_fetch_global_init();
}

ct_rc ct_scheduler_start(const ct_job *const *jobs, size_t njobs, const ct_outbound_config *cfg,
                         const char *conninfo, const ct_session_settings *session,
                         ct_log_fn log, void *log_data, ct_scheduler **out, ct_error *err)
{
    struct ct_scheduler *sched;

    *out = NULL;
    if (njobs > CT_JOBS_MAX)
        return ct_fail(err, CT_EINVALID, "invalid_value", NULL,
                       "at most %d jobs, not %zu", CT_JOBS_MAX, njobs);
    pthread_once(&curl_once, init_curl);
    if (!curl_ready)
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "libcurl failed to initialise");
    sched = calloc(1, sizeof *sched);
    if (sched == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    sched->cfg = cfg;
    sched->conninfo = conninfo;
    sched->session = *session;
    sched->log = log;
    sched->log_data = log_data;
    atomic_init(&sched->stopping, false);
    if (pipe(sched->wake) != 0) {
        free(sched);
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot create a pipe");
    }
    for (size_t i = 0; i < CT_JOBS_MAX; i++)
        sched->workers[i].bell[0] = sched->workers[i].bell[1] = -1;
    for (size_t i = 0; cfg->workers && i < njobs; i++) {
        if (!wanted(jobs[i], cfg))
            continue;                   /* nothing it could do: no thread for it */
        sched->workers[i] = (worker){sched, jobs[i], 0, false, {-1, -1}};
        if (!open_bell(sched->workers[i].bell) ||
            pthread_create(&sched->workers[i].thread, NULL, run_worker,
                           &sched->workers[i]) != 0) {
            ct_scheduler_stop(sched);
            return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot start a worker");
        }
        sched->workers[i].started = true;
    }
    for (size_t i = 0; i < CT_JOBS_MAX && !sched->listening; i++)
        if (sched->workers[i].started) {
            if (pthread_create(&sched->listener, NULL, run_listener, sched) != 0) {
                ct_scheduler_stop(sched);
                return ct_fail(err, CT_EINTERNAL, "internal", NULL,
                               "cannot start the workers' listener");
            }
            sched->listening = true;
        }
    *out = sched;
    return CT_OK;
}

void ct_scheduler_stop(ct_scheduler *sched)
{
    if (sched == NULL)
        return;
    atomic_store(&sched->stopping, true);
    if (write(sched->wake[1], "x", 1) < 0) {
        /* the pipe is ours and empty: it cannot fail; poll_ms bounds the wait anyway */
    }
    ring_all(sched);
    for (size_t i = 0; i < CT_JOBS_MAX; i++)
        if (sched->workers[i].started)
            pthread_join(sched->workers[i].thread, NULL);
    if (sched->listening)
        pthread_join(sched->listener, NULL);
    for (size_t i = 0; i < CT_JOBS_MAX; i++)
        for (int end = 0; end < 2; end++)
            if (sched->workers[i].bell[end] >= 0)
                close(sched->workers[i].bell[end]);
    close(sched->wake[0]);
    close(sched->wake[1]);
    free(sched);
}

/* The database's clock now, as ISO 8601 UTC text that any DateStyle reads
   back exactly (microseconds): the cutoff of a call of ct_scheduler_run_due. */
static const ct_stmt stmt_clock = {"ct_scheduler_clock",
    "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')", 0};

ct_rc ct_scheduler_run_due(const ct_job *const *jobs, size_t njobs,
                           const ct_outbound_config *cfg, ct_conn *conn, int max_ms,
                           int *done_counts, bool *more, ct_error *err)
{
    ct_fetch_policy policy = ct_job_policy(cfg, NULL);
    ct_job_run run = {NULL, {0, 0}, false};
    char *due_by = NULL;
    ct_rc rc;

    *more = false;
    for (size_t j = 0; j < njobs; j++)
        done_counts[j] = 0;
    clock_gettime(CLOCK_MONOTONIC, &run.deadline);
    run.deadline.tv_sec += max_ms / 1000;
    run.deadline.tv_nsec += (long)(max_ms % 1000) * 1000000L;
    if (run.deadline.tv_nsec >= 1000000000L) {
        run.deadline.tv_sec++;
        run.deadline.tv_nsec -= 1000000000L;
    }
    rc = ct_exec_oneshot_text(conn, &stmt_clock, 0, NULL, "clock", &due_by, err);
    if (rc != CT_OK)
        return rc;
    run.due_by = due_by;
    policy.session = ct_fetch_session_new();
    for (size_t j = 0; j < njobs && rc == CT_OK; j++) {
        bool done = true;
        int i = 0;
        if (!wanted(jobs[j], cfg))
            continue;
        for (; i < 1000 && done && rc == CT_OK; i++) {
            if (ct_job_run_spent(&run)) {        /* the budget is spent: no new pass */
                *more = true;
                break;
            }
            rc = jobs[j]->process_one(conn, cfg, &policy, &run, &done, err);
            done_counts[j] += done && rc == CT_OK;
        }
        if (i == 1000 && done)
            *more = true;                        /* the passes ran out before the work */
    }
    *more = *more || run.left_over;
    ct_fetch_session_free(policy.session);
    free(due_by);
    return rc;
}
