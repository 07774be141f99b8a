/*
 * outbound.c -- the worker threads behind evidence archiving and webhook
 * delivery (see outbound.h).
 *
 * Each worker loops: do due work until there is none, then wait on its
 * connection's LISTEN socket (a trigger NOTIFYs on new work), a wake-up
 * pipe (stop) or poll_ms, whichever comes first. Stopping sets a flag that
 * also cancels a transfer in flight, writes to the pipe and joins.
 */
#include "jobs/outbound.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "claimtrack/plugin.h"
#include "jobs/evidence.h"
#include "jobs/webhooks.h"

typedef ct_rc (*job_fn)(ct_conn *conn, const ct_config *cfg, const ct_fetch_policy *policy,
                        bool *done, ct_error *err);

typedef struct worker {
    struct ct_outbound *owner;
    job_fn              job;
    pthread_t           thread;
    bool                started;
} worker;

struct ct_outbound {
    const ct_config *cfg;
    ct_log_fn        log;
    void            *log_data;
    atomic_bool      stopping;
    int              wake[2];
    worker           workers[2];
};

int ct_backoff_ms(int base_ms, int attempts)
{
    double delay = base_ms;
    for (int i = 1; i < attempts && delay < 3600000.0; i++)
        delay *= 2;
    if (delay > 3600000.0)
        delay = 3600000.0;
    unsigned short noise = 0;
    if (getrandom(&noise, sizeof noise, 0) != (ssize_t)sizeof noise)
        noise = 32768;
    return (int)(delay * (0.5 + (double)noise / 65536.0));
}

ct_fetch_policy ct_outbound_policy(const ct_config *cfg, const atomic_bool *cancel)
{
    ct_fetch_policy policy = {cfg->outbound.connect_timeout_ms, cfg->outbound.timeout_ms,
                              cfg->outbound.max_body_bytes, cfg->outbound.allow,
                              cfg->outbound.nallow, cancel, NULL};
    return policy;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    struct ct_outbound *ob = w->owner;
    const ct_config *cfg = ob->cfg;
    ct_fetch_policy policy = ct_outbound_policy(cfg, &ob->stopping);
    ct_conn *conn = NULL;
    ct_error err;

    policy.session = ct_fetch_session_new();     /* NULL is fine: no reuse */
    while (!atomic_load(&ob->stopping) && conn == NULL) {
        if (ct_conn_open(cfg->database, &(ct_session_settings){cfg->statement_timeout_ms,
                         cfg->webhooks_setting, cfg->time_zone,
                         cfg->schema}, "ct_outbound", ob->log, ob->log_data,
                         &conn, &err) != CT_OK)
            usleep((useconds_t)cfg->outbound.poll_ms * 1000u);
    }
    while (!atomic_load(&ob->stopping)) {
        bool done = false;
        if (w->job(conn, cfg, &policy, &done, &err) != CT_OK && ob->log)
            ob->log(ob->log_data, CT_LOG_WARN, err.message);
        if (!done || ct_conn_broken(conn))
            ct_conn_wait(conn, ob->wake[0], cfg->outbound.poll_ms);
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

ct_rc ct_outbound_start(const ct_config *cfg, ct_log_fn log, void *log_data,
                        ct_outbound **out, ct_error *err)
{
    pthread_once(&curl_once, init_curl);
    if (!curl_ready)
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "libcurl failed to initialise");
    struct ct_outbound *ob = calloc(1, sizeof *ob);
    job_fn jobs[2] = {ct_evidence_process_one, ct_webhooks_process_one};

    *out = NULL;
    if (ob == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    ob->cfg = cfg;
    atomic_init(&ob->stopping, false);
    ob->log = log;
    ob->log_data = log_data;
    if (pipe(ob->wake) != 0) {
        free(ob);
        return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot create a pipe");
    }
    for (int i = 0; cfg->outbound.workers && i < 2; i++) {
        if (i == 1 && cfg->nwebhooks == 0)
            break;                      /* nothing to deliver: no thread for it */
        ob->workers[i] = (worker){ob, jobs[i], 0, false};
        if (pthread_create(&ob->workers[i].thread, NULL, run_worker, &ob->workers[i]) != 0) {
            ct_outbound_stop(ob);
            return ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot start a worker");
        }
        ob->workers[i].started = true;
    }
    *out = ob;
    return CT_OK;
}

void ct_outbound_stop(ct_outbound *ob)
{
    if (ob == NULL)
        return;
    atomic_store(&ob->stopping, true);
    if (write(ob->wake[1], "x", 1) < 0) {
        /* the pipe is ours and empty: it cannot fail; poll_ms bounds the wait anyway */
    }
    for (int i = 0; i < 2; i++)
        if (ob->workers[i].started)
            pthread_join(ob->workers[i].thread, NULL);
    close(ob->wake[0]);
    close(ob->wake[1]);
    free(ob);
}

ct_rc ct_outbound_run_due(const ct_config *cfg, ct_conn *conn, int *evidence, int *deliveries,
                          ct_error *err)
{
    ct_fetch_policy policy = ct_outbound_policy(cfg, NULL);
    bool done = true;
    ct_rc rc = CT_OK;

    policy.session = ct_fetch_session_new();
    *evidence = *deliveries = 0;
    for (int i = 0; i < 1000 && done && rc == CT_OK; i++) {
        rc = ct_evidence_process_one(conn, cfg, &policy, &done, err);
        *evidence += done && rc == CT_OK;
    }
    done = true;
    for (int i = 0; i < 1000 && done && rc == CT_OK && cfg->nwebhooks > 0; i++) {
        rc = ct_webhooks_process_one(conn, cfg, &policy, &done, err);
        *deliveries += done && rc == CT_OK;
    }
    ct_fetch_session_free(policy.session);
    return rc;
}
