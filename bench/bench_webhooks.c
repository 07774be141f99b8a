/*
 * bench_webhooks.c -- webhook delivery measured end to end: commit to
 * receipt latency (one claim at a time, median and 99th percentile) and
 * the throughput of the webhook worker draining a backlog, against a real
 * HTTP receiver on 127.0.0.1 (tests/httpd.c). The receiver is a
 * subscription made with POST /subscriptions (allow_private: it is on
 * loopback); deliveries are signed the Standard Webhooks way. The backlog
 * is queued by an instance opened without the secrets key and without
 * workers, and drained by another one, as a cron job and a CMS would.
 *
 *   usage: bench_webhooks PLUGIN CONNINFO      (make bench runs it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimtrack/loader.h"
#include "httpd.h"

#define LATENCY_SAMPLES 300
#define BACKLOG 3000

static const ct_plugin_v1 *plugin;

static const char create_request[] =
    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"bench\",\"role\":\"editor\"},"
    "\"body\":{\"text\":\"Преступность в Астане как в Каракасе\","
    "\"claimant\":{\"name\":\"Талгат Ергалиев\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define SECRETS_KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

static void *open_instance(const char *conninfo, int workers, int with_key)
{
    char config[2048], *error = NULL;
    snprintf(config, sizeof config,
             "{\"database\":\"%s\",\"pool_size\":4%s,"
             "\"outbound\":{\"workers\":%s,\"allow_private\":[\"127.0.0.1/32\"]}}",
             conninfo, with_key ? ",\"secrets_key\":\"" SECRETS_KEY "\"" : "",
             workers ? "true" : "false");
    void *inst = plugin->open(NULL, config, &error);
    if (inst == NULL) {
        fprintf(stderr, "open: %s\n", error);
        exit(1);
    }
    return inst;
}

/* The receiver as a subscription to claim.recorded. */
static void subscribe(void *inst)
{
    char request[1024];
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/subscriptions\",\"actor\":{\"id\":\"bench\",\"role\":\"admin\"},"
             "\"body\":{\"url\":\"%s\",\"events\":[\"claim.recorded\"],\"allow_private\":true}}",
             th_httpd_url("/hook"));
    char *response = plugin->handle(inst, request);
    if (response == NULL || strncmp(response, "{\"status\":201,", 14) != 0) {
        fprintf(stderr, "subscribing failed: %s\n", response ? response : "(null)");
        exit(1);
    }
    plugin->free_string(response);
}

static void create(void *inst)
{
    char *response = plugin->handle(inst, create_request);
    if (response == NULL || strncmp(response, "{\"status\":201,", 14) != 0) {
        fprintf(stderr, "create failed: %s\n", response ? response : "(null)");
        exit(1);
    }
    plugin->free_string(response);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    double latency[LATENCY_SAMPLES];
    char why[512];
    ct_loaded so;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO\n", argv[0]);
        return 2;
    }
    plugin = ct_loader_open(argv[1], 0, &so, why, sizeof why);
    if (plugin == NULL) {
        fprintf(stderr, "cannot load the plugin: %s\n", why);
        return 1;
    }
    if (th_httpd_start(0) == 0) {
        fprintf(stderr, "cannot start the receiver\n");
        return 1;
    }
    th_httpd_respond("/hook", 200, "text/plain", "ok", 2);

    /* Latency: commit (handle() has returned) to the receiver having it. */
    void *inst = open_instance(argv[2], 1, 1);
    subscribe(inst);
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
        create(inst);
        double committed = now();
        if (!th_httpd_wait((size_t)i + 1, 10000)) {
            fprintf(stderr, "event %d never arrived\n", i);
            return 1;
        }
        latency[i] = (now() - committed) * 1000.0;
    }
    plugin->close(inst);
    qsort(latency, LATENCY_SAMPLES, sizeof latency[0], by_value);
    printf("webhook latency, commit to receipt: median %.2f ms, p99 %.2f ms (%d events)\n",
           latency[LATENCY_SAMPLES / 2], latency[LATENCY_SAMPLES * 99 / 100], LATENCY_SAMPLES);

    /* Throughput: a backlog queued with no worker, then drained by one. */
    inst = open_instance(argv[2], 0, 0);
    for (int i = 0; i < BACKLOG; i++)
        create(inst);
    plugin->close(inst);
    if (getenv("BENCH_ANALYZE")) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "psql -q '%s' -c 'ANALYZE ct_outbox'", argv[2]);
        if (system(cmd) != 0)
            return 1;
    }
    size_t before = th_httpd_count();
    double start = now();
    inst = open_instance(argv[2], 1, 1);
    if (!th_httpd_wait(before + BACKLOG, 120000)) {
        fprintf(stderr, "the backlog was not drained\n");
        return 1;
    }
    double spent = now() - start;
    plugin->close(inst);
    printf("webhook worker throughput: %d deliveries in %.2f s = %.0f deliveries/s\n",
           BACKLOG, spent, BACKLOG / spent);
    th_httpd_stop();
    ct_loader_close(&so);
    return 0;
}
