/*
 * scheduler.h -- the background work of an instance: one worker thread per
 * job (job.h), or the host's POST /jobs/run.
 *
 * open() starts a thread per wanted job (one per queue, so a slow source
 * never delays a webhook), each with a database connection of its own, and
 * one thread whose connection LISTENs for new work and wakes them; close()
 * stops them within a bounded time: a
 * transfer in flight is cancelled and its row simply stays queued. A host
 * that wants no threads of ours sets "outbound": {"workers": false} and
 * calls POST /jobs/run instead, which runs the due items of every job on
 * the request's connection, each at most once and within a time budget.
 */
#ifndef CT_SCHEDULER_H
#define CT_SCHEDULER_H

#include <stddef.h>

#include "base/error.h"
#include "base/log.h"
#include "jobs/job.h"
#include "store/store.h"

#define CT_JOBS_MAX 4

typedef struct ct_scheduler ct_scheduler;

/*
 * Start a worker per wanted job of jobs[0..njobs) (none when
 * cfg->workers is false), each connecting with conninfo and session.
 * jobs, cfg and session's strings must outlive the scheduler.
 * CT_EINVALID when njobs exceeds CT_JOBS_MAX.
 */
ct_rc ct_scheduler_start(const ct_job *const *jobs, size_t njobs, const ct_outbound_config *cfg,
                         const char *conninfo, const ct_session_settings *session,
                         ct_log_fn log, void *log_data, ct_scheduler **out, ct_error *err);

/* Stop and join the workers; nothing queued is lost. NULL is fine. */
void ct_scheduler_stop(ct_scheduler *sched);

/* The budget of a call of ct_scheduler_run_due when the host names none,
   and the budgets it may name (milliseconds): POST /jobs/run's max_ms. */
#define CT_JOBS_RUN_MS_DEFAULT 20000
#define CT_JOBS_RUN_MS_MIN     100
#define CT_JOBS_RUN_MS_MAX     600000

/*
 * Work the due items of every wanted job now on conn (POST /jobs/run, for
 * a host without our threads), at most 1000 passes per job; done[i]
 * counts the passes of jobs[i] that found work (for deliveries a pass is
 * a batch of up to 32).
 *
 * Bounded twice (see ct_job_run in job.h): only items due when the call
 * started are taken, so each is attempted at most once per call however
 * short its retry delay; and after max_ms milliseconds no new pass,
 * delivery or fetch starts (a transfer under way still runs to its
 * timeout_ms), items taken but not started going back to the queue
 * untouched. *more is true when the call stopped at max_ms or at 1000
 * passes before every job had found nothing due: the next call has work
 * (or finds that the last item was done just in time).
 */
ct_rc ct_scheduler_run_due(const ct_job *const *jobs, size_t njobs,
                           const ct_outbound_config *cfg, ct_conn *conn, int max_ms,
                           int *done, bool *more, ct_error *err);

#endif
