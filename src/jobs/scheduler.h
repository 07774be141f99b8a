/*
 * scheduler.h -- the background work of an instance: one worker thread per
 * job (job.h), or the host's POST /jobs/run.
 *
 * open() starts a thread per wanted job (one per queue, so a slow source
 * never delays a webhook), each with a database connection of its own that
 * LISTENs for new work; close() stops them within a bounded time: a
 * transfer in flight is cancelled and its row simply stays queued. A host
 * that wants no threads of ours sets "outbound": {"workers": false} and
 * calls POST /jobs/run instead, which runs every due item of every job on
 * the request's connection.
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

/* Work every due item of every wanted job now on conn, at most 1000 per
   job; done[i] counts the items of jobs[i]. */
ct_rc ct_scheduler_run_due(const ct_job *const *jobs, size_t njobs,
                           const ct_outbound_config *cfg, ct_conn *conn, int *done,
                           ct_error *err);

#endif
