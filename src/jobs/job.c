/*
 * job.c -- what every job shares: the retry delay and the fetch policy
 * (see job.h).
 */
#include "jobs/job.h"

#include <sys/random.h>
#include <time.h>

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

ct_fetch_policy ct_job_policy(const ct_outbound_config *cfg, const atomic_bool *cancel)
{
    ct_fetch_policy policy = {cfg->connect_timeout_ms, cfg->timeout_ms, cfg->max_body_bytes,
                              cfg->allow, cfg->nallow, cancel, NULL};
    return policy;
}

bool ct_job_run_spent(const ct_job_run *run)
{
    struct timespec now;
    if (run == NULL || (run->deadline.tv_sec == 0 && run->deadline.tv_nsec == 0))
        return false;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > run->deadline.tv_sec ||
           (now.tv_sec == run->deadline.tv_sec && now.tv_nsec >= run->deadline.tv_nsec);
}
