/*
 * scheduler.c -- the worker threads behind the jobs (see scheduler.h).
 *
 * Each worker loops: do due work of its job until there is none, then wait
 * on its connection's LISTEN socket (a trigger NOTIFYs on new work), a
 * wake-up pipe (stop) or poll_ms, whichever comes first. Stopping sets a
 * flag that also cancels a transfer in flight, writes to the pipe and
 * joins. The scheduler knows jobs only through job.h.
 */
#include "jobs/scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct worker {
    struct ct_scheduler *owner;
    const ct_job        *job;
    pthread_t            thread;
    bool                 started;
} worker;

struct ct_scheduler {
    const ct_outbound_config  *cfg;
    const char                *conninfo;
    ct_session_settings        session;
    ct_log_fn                  log;
    void                      *log_data;
    atomic_bool                stopping;
    int                        wake[2];
    worker                     workers[CT_JOBS_MAX];
};

static bool wanted(const ct_job *job, const ct_outbound_config *cfg)
{
    return job->wanted == NULL || job->wanted(cfg);
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
        if (ct_conn_open(sched->conninfo, &sched->session, "ct_outbound", sched->log,
                         sched->log_data, &conn, &err) != CT_OK)
            usleep((useconds_t)cfg->poll_ms * 1000u);
    }
    while (!atomic_load(&sched->stopping)) {
        bool done = false;
        if (w->job->process_one(conn, cfg, &policy, NULL, &done, &err) != CT_OK && sched->log)
            sched->log(sched->log_data, CT_LEVEL_WARN, err.message);
        if (!done || ct_conn_broken(conn))
            ct_conn_wait(conn, sched->wake[0], cfg->poll_ms);
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
    for (size_t i = 0; cfg->workers && i < njobs; i++) {
        if (!wanted(jobs[i], cfg))
            continue;                   /* nothing it could do: no thread for it */
        sched->workers[i] = (worker){sched, jobs[i], 0, false};
        if (pthread_create(&sched->workers[i].thread, NULL, run_worker,
                           &sched->workers[i]) != 0) {
            ct_scheduler_stop(sched);
            return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot start a worker");
        }
        sched->workers[i].started = true;
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
    for (size_t i = 0; i < CT_JOBS_MAX; i++)
        if (sched->workers[i].started)
            pthread_join(sched->workers[i].thread, NULL);
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
