/*
 * job.h -- the small interface between the scheduler and the jobs it runs.
 *
 * A job is a queue in the database worked one item at a time: archiving
 * the sources linked to claims (evidence.c), delivering webhooks
 * (webhooks.c). The scheduler (scheduler.c) owns the threads, their
 * connections and their waiting; a job owns what one item means. Jobs
 * never call the scheduler and the scheduler never names a job: the door
 * hands it the list (ct_jobs in door/api.c), so the three files form no
 * cycle and a new queue is one more ct_job.
 *
 * Also here, because every job needs them: the outbound settings the host
 * configured (parsed by door/config.c), the retry delay, and the fetch
 * policy those settings give.
 */
#ifndef CT_JOB_H
#define CT_JOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/error.h"
#include "base/note.h"
#include "net/fetch.h"
#include "store/store.h"

#define CT_WEBHOOKS_MAX 16
#define CT_ALLOW_MAX    16

/* A receiver of webhooks, as configured. */
typedef struct ct_webhook {
    char *url;
    char *secret;
    char *events_json;       /* ["*"] or a list of event names */
} ct_webhook;

#define CT_CHECKPOINT_INTERVAL_DEFAULT 600
#define CT_TRUSTED_KEYS_MAX            8

/* "checkpoint_key", "checkpoint_origin", "checkpoint_interval_s": the
   signing of the timeline's tree heads (domain/tlog.h). */
typedef struct ct_checkpoint_config {
    bool        has_key;
    ct_note_key key;                        /* a signer key (C2SP signed-note)            */
    char        origin[CT_NOTE_NAME_MAX + 1]; /* the log's name; the key's name by default */
    int         interval_s;                 /* the job signs when the last is this old    */
    /* the keys checkpoints were signed with before a rotation (verifier
       keys): the audit and the signer's consistency check accept them */
    ct_note_key trusted[CT_TRUSTED_KEYS_MAX];
    size_t      ntrusted;
} ct_checkpoint_config;

/* The "outbound" and "webhooks" settings of the configuration. */
typedef struct ct_outbound_config {
    bool   workers;             /* our threads deliver; false: the host runs /jobs/run */
    int    poll_ms;
    int    retry_for_s;         /* webhooks retried this long, then dead-lettered      */
    int    retry_base_ms;       /* first retry delay; doubles, with jitter, up to 1 h  */
    int    evidence_attempts;   /* fetches of one source before it is marked failed    */
    long   connect_timeout_ms;
    long   timeout_ms;
    size_t max_body_bytes;
    ct_cidr allow[CT_ALLOW_MAX];
    size_t  nallow;
    ct_webhook webhooks[CT_WEBHOOKS_MAX];   /* the "webhooks" key: imported at open */
    size_t     nwebhooks;
    unsigned char secrets_key[32];         /* opens the subscriptions' secrets      */
    bool          has_secrets_key;
    ct_checkpoint_config checkpoint;
} ct_outbound_config;

/*
 * The bounds of one host's call of POST /jobs/run (ct_scheduler_run_due),
 * handed to every pass of that call. The worker threads pass NULL: they
 * take whatever is due when they look, and have no budget (stopping
 * cancels them instead).
 *
 * due_by is the call's start on the database's clock (timestamptz text):
 * a job takes only items due by then, so an item that fails during the
 * call, whose retry is due a moment later, waits for the next call
 * instead of being tried again and again in this one. Items queued during
 * the call wait too.
 *
 * deadline (CLOCK_MONOTONIC) is when the call's budget is spent: from then
 * on a job starts no new delivery or fetch; items it took but did not start
 * go back to the queue as they were (not counted as attempts), and it sets
 * left_over. A transfer already under way is not cut short.
 */
typedef struct ct_job_run {
    const char     *due_by;
    struct timespec deadline;
    bool            left_over;      /* out: due items were put back at the deadline */
} ct_job_run;

/* True when run is not NULL and its deadline has passed. */
bool ct_job_run_spent(const ct_job_run *run);

/*
 * One queue. process_one takes at most one due item (or one batch) on
 * conn, works it and records the outcome; *done says whether there was
 * anything due. run is NULL for the worker threads (see ct_job_run); a job
 * whose items are not deliveries or fetches (sequencing, match_text) may
 * ignore it. wanted may be NULL (always wanted); a job that is not wanted
 * gets no thread and is skipped by ct_scheduler_run_due.
 */
typedef struct ct_job {
    const char *name;           /* "evidence", "deliveries": the /jobs/run counts */
    bool      (*wanted)(const ct_outbound_config *cfg);
    ct_rc     (*process_one)(ct_conn *conn, const ct_outbound_config *cfg,
                             const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                             ct_error *err);
} ct_job;

/* Retry delay in milliseconds after `attempts` failures: base_ms doubling,
   capped at an hour, with jitter of +-50 %. */
int ct_backoff_ms(int base_ms, int attempts);

/* The fetch policy of the settings (cancel may be NULL). */
ct_fetch_policy ct_job_policy(const ct_outbound_config *cfg, const atomic_bool *cancel);

#endif
