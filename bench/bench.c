/*
 * bench.c -- throughput of handle() from 8 threads, for a claim read and a
 * claim create, through the plugin loaded like a host does
 * (include/claimtrack/loader.h).
 *
 *   usage: bench PLUGIN CONNINFO [SECONDS]      (make bench runs it)
 *
 * Prints requests per second and the median and 99th percentile latency.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimtrack/loader.h"

#define THREADS 8
#define MAX_SAMPLES 2000000

static const ct_plugin_v1 *plugin;
static void *instance;
static double seconds = 5.0;
static char read_request[256];

static const char create_request[] =
    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"bench\",\"role\":\"editor\"},"
    "\"body\":{\"text\":\"Преступность в Астане как в Каракасе\","
    "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат\"},\"said_at\":\"2025-12-01\","
    "\"language\":\"ru\",\"article\":{\"id\":\"bench\",\"quote\":{\"exact\":\"как в Каракасе\"}}}}";

struct worker {
    const char *request;
    const char *expect;      /* response prefix of a success */
    long        done;
    long        failed;
    double     *latency;     /* microseconds */
    long        capacity;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    double end = now() + seconds;
    for (double t = now(); t < end; t = now()) {
        char *response = plugin->handle(instance, w->request);
        double spent = (now() - t) * 1e6;
        if (response && strncmp(response, w->expect, strlen(w->expect)) == 0)
            w->done++;
        else
            w->failed++;
        if (w->done + w->failed <= w->capacity)
            w->latency[w->done + w->failed - 1] = spent;
        plugin->free_string(response);
    }
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run(const char *label, const char *request, const char *expect)
{
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    long total = 0, failed = 0, n = 0;
    double *all = malloc(sizeof(double) * MAX_SAMPLES);

    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){request, expect, 0, 0,
                                     malloc(sizeof(double) * (MAX_SAMPLES / THREADS)),
                                     MAX_SAMPLES / THREADS};
        pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        total += workers[i].done;
        failed += workers[i].failed;
        long kept = workers[i].done + workers[i].failed;
        if (kept > workers[i].capacity)
            kept = workers[i].capacity;
        memcpy(all + n, workers[i].latency, sizeof(double) * (size_t)kept);
        n += kept;
        free(workers[i].latency);
    }
    qsort(all, (size_t)n, sizeof(double), by_value);
    printf("%-14s %8.0f requests/s  (%ld in %.0f s, %ld failed)  median %.0f us  p99 %.0f us\n",
           label, (double)total / seconds, total, seconds, failed,
           n ? all[n / 2] : 0.0, n ? all[(long)((double)n * 0.99)] : 0.0);
    free(all);
}

int main(int argc, char **argv)
{
    char config[1024], *error = NULL, why[512];
    ct_loaded so;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO [SECONDS]\n", argv[0]);
        return 2;
    }
    if (argc > 3)
        seconds = atof(argv[3]);
    plugin = ct_loader_open(argv[1], 0, &so, why, sizeof why);
    if (plugin == NULL) {
        fprintf(stderr, "cannot load the plugin: %s\n", why);
        return 1;
    }
    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":%d}", argv[2], THREADS);
    instance = plugin->open(NULL, config, &error);
    if (instance == NULL) {
        fprintf(stderr, "open: %s\n", error);
        return 1;
    }
    /* one claim to read */
    char *created = plugin->handle(instance, create_request);
    const char *id = strstr(created, "\"id\":");
    snprintf(read_request, sizeof read_request,
             "{\"method\":\"GET\",\"path\":\"/claims/%ld\",\"actor\":{\"id\":\"b\",\"role\":\"editor\"}}",
             id ? strtol(id + 5, NULL, 10) : 1L);
    plugin->free_string(created);

    printf("8 threads through handle(), pool of %d connections:\n", THREADS);
    run("claim read", read_request, "{\"status\":200,");
    run("claim create", create_request, "{\"status\":201,");
    plugin->close(instance);
    ct_loader_close(&so);
    return 0;
}
