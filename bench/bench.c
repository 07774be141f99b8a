/*
 * bench.c -- the throughput of handle() for the requests a news site makes
 * most, read against pgbench on the same cluster in the same run.
 *
 *   usage: bench PLUGIN CONNINFO [SECONDS [THREADS [SELECT_TPS UPDATE_TPS]]]
 *
 * make bench (scripts/bench.sh) runs it after pgbench -S and -N, with
 * those two rates, on one throwaway cluster: absolute rates on a shared
 * machine vary by 2x between runs, ratios measured together do not.
 *
 * The plugin is loaded as a host loads it (include/claimtrack/loader.h)
 * and called from THREADS threads (2), with a pool of as many
 * connections. Each scenario runs SECONDS seconds (5). For each it prints
 *   requests/s     answers with the scenario's success status, per second
 *   ratio          that rate over pgbench's: -S (select-only) for reads,
 *                  -N (simple-update) for writes; one pgbench transaction
 *                  is one request's worth of work to compare with
 *   p50, p99       latency of one handle() call, microseconds
 *   KiB            the mean size of an answer (the envelope)
 * and at the end the process's peak resident set (VmHWM), and how much
 * of it came after the plugin was opened.
 *
 * BENCH_SCHEMA names the schema (claimtrack's default otherwise): make bench
 * runs once on an empty one and once on one bench_data filled with a
 * million claims, and BENCH_RATES_OUT / BENCH_RATES_IN carry the first
 * run's rates to the second, which prints each beside it.
 *
 * The scenarios and the state they read:
 *   claim read      GET /claims/{id} of a published claim, as a reader
 *   notices json    GET /articles/{id}/notices?lang=ru for an article with
 *                   three published claims, each with a rebuttal
 *   notices html    the same with format=html
 *   claim search    GET /claims?q= as a reader, over ten searches from a
 *                   city's name in thousands of claims to a phrase in none
 *   review queue    GET /review-queue as a moderator (the first 50)
 *   feed            GET /feeds/claimreview?limit=50 (the latest 50 published)
 *   ... (cached)    the three again on a second instance with the readers'
 *                   cache on (reader_cache_bytes 16 MiB): what a reader
 *                   costs between two changes
 *   claim create    POST /claims with a mention in an article
 *   claim create (no leaf)
 *                   the same requests again, right after, with the trigger
 *                   that writes each event's RFC 6962 leaf in its
 *                   transaction (ct_events_leaf, sql/012_transparency.sql)
 *                   disabled for the scenario's SECONDS only; then the line
 *                   "leaf cost: claim create runs at X % of its rate
 *                   without the leaf", the two rates of this run
 *   response link   POST /claims/{id}/responses, round robin over claims
 *                   made beforehand (each thread its own)
 *   review          POST /claims/{id}/review with the claim's version,
 *                   round robin likewise; every review raises the version
 *
 * The trigger is switched with ALTER TABLE SCHEMA.ct_events DISABLE / ENABLE
 * TRIGGER ct_events_leaf on a connection of the bench's own (CONNINFO; the
 * owner of the table or a superuser, as make bench's cluster is), just
 * before the threads start and just after they end. In between, SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT wait (at most SECONDS) until it is enabled
 * again, and exit() enables it too; should ENABLE fail, the bench reconnects
 * once, then says so and exits with 1. If DISABLE fails, the scenario is
 * skipped. The claims created in that window have events without leaves,
 * missing from the tree: the sequencer never numbers them and the audit
 * (claimtrack verify) names each as event_not_in_tree. That is fine in
 * make bench's throwaway database, which nothing audits; do not run bench
 * against a real desk's.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "claimtrack/loader.h"

#define MAX_THREADS   16
#define SAMPLES       1000000      /* latencies kept per thread */
#define OWN_CLAIMS    200          /* claims per thread for links and reviews */
#define ARTICLE       "bench-notices"
/* the desk the ClaimReview feed names */
#define PUBLISHER     "\"publisher\":{\"name\":\"Factcheck.kz\",\"url\":\"https://factcheck.kz\"}"

static const ct_plugin_v1 *plugin;
static void *instance;
static void *cached;          /* the same database, with the readers' cache */
static double seconds = 5.0;
static int threads = 2;

typedef struct worker worker;
/* Writes the envelope of the worker's next request into buf. */
typedef void build_fn(worker *w, char *buf, size_t size);

typedef struct scenario {
    const char *label;
    build_fn   *build;
    const char *expect;       /* response prefix of a success */
    bool        write;        /* compared with pgbench -N, else -S */
    bool        on_cached;    /* through the instance with the readers' cache */
    bool        no_leaf;      /* with the trigger ct_events_leaf disabled */
} scenario;

struct worker {
    const scenario *sc;
    int     index;
    long    done, failed, next;
    double  bytes;            /* of the answers */
    double *latency;          /* microseconds */
    long    own[OWN_CLAIMS];  /* claim ids of this thread */
    int     version[OWN_CLAIMS];
};

static long published_claim;

static const char create_body[] =
    "{\"text\":\"Сары-Арка самый криминальный район, преступность как в Каракасе\","
    "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат маслихата\"},"
    "\"said_at\":\"2025-12-01\",\"language\":\"ru\",\"article\":{\"id\":\"%s\","
    "\"quote\":{\"exact\":\"преступность как в Каракасе\"}}}";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* handle() with a status check; returns the response (caller frees) or exits. */
static char *call(const char *request, const char *expect)
{
    char *response = plugin->handle(instance, request);
    if (response == NULL || strncmp(response, expect, strlen(expect)) != 0) {
        fprintf(stderr, "bench: set-up request failed:\n  %s\n  -> %s\n", request,
                response ? response : "(null)");
        exit(1);
    }
    return response;
}

/* The body's first "id" member: the claim's (PostgreSQL's json_build_object
   writes it as "id" : 1). */
static long id_of(const char *response)
{
    const char *id = strstr(response, "\"id\"");
    if (id == NULL)
        return 0;
    id += 4;
    id += strspn(id, " :");
    return strtol(id, NULL, 10);
}

static long new_claim(const char *article)
{
    char request[1024], body[768];
    snprintf(body, sizeof body, create_body, article);
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e\",\"role\":\"editor\"},"
             "\"body\":%s}", body);
    char *response = call(request, "{\"status\":201,");
    long id = id_of(response);
    plugin->free_string(response);
    return id;
}

static void link_rebuttal(long claim, char *request, size_t size)
{
    snprintf(request, size,
             "{\"method\":\"POST\",\"path\":\"/claims/%ld/responses\","
             "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":{\"kind\":\"rebuttal\","
             "\"by\":{\"name\":\"Департамент полиции Астаны\",\"role\":\"пресс-служба\"},"
             "\"issued_at\":\"2025-12-01T18:00:00+05:00\",\"summary\":\"Полиция опровергла "
             "сравнение: уровень преступности в Сары-Арке снизился на 12%%.\"}}", claim);
}

static void review(long claim, int version, bool publish, char *request, size_t size)
{
    snprintf(request, size,
             "{\"method\":\"POST\",\"path\":\"/claims/%ld/review\","
             "\"actor\":{\"id\":\"m\",\"role\":\"moderator\"},\"body\":{\"expected_version\":%d,"
             "%s\"note\":\"Проверено по заявлению полиции.\"}}", claim, version,
             publish ? "\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true,"
                     : "\"status\":\"under_review\",");
}

/* A claim of ARTICLE with a rebuttal, published. */
static long published(void)
{
    char request[1024];
    long id = new_claim(ARTICLE);
    link_rebuttal(id, request, sizeof request);
    plugin->free_string(call(request, "{\"status\":201,"));
    review(id, 2, true, request, sizeof request);
    plugin->free_string(call(request, "{\"status\":200,"));
    return id;
}

/* ---- the scenarios ---------------------------------------------------------- */

static void build_read(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/claims/%ld\"}", published_claim);
}

static void build_notices_json(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/articles/" ARTICLE "/notices\","
                        "\"query\":{\"lang\":\"ru\"}}");
}

static void build_notices_html(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/articles/" ARTICLE "/notices\","
                        "\"query\":{\"lang\":\"ru\",\"format\":\"html\"}}");
}

/* Readers' searches, rare words and common ones: a city of thousands of
   claims, a phrase of a few, a word of none (at scale: bench_data's). */
static const char *const searches[] = {
    "Каракас", "Шымкент", "сталкивался с кражей", "Каждый 7-й житель города Актау",
    "бензин", "Almaty", "teachers' pay", "қылмыс", "Ерлан Сапаров", "Сары-Арка"};

static void build_search(worker *w, char *buf, size_t size)
{
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/claims\",\"query\":{\"q\":\"%s\"}}",
             searches[w->next++ % (sizeof searches / sizeof searches[0])]);
}

static void build_queue(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/review-queue\","
                        "\"actor\":{\"id\":\"m\",\"role\":\"moderator\"}}");
}

static void build_feed(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/feeds/claimreview\","
                        "\"query\":{\"limit\":\"50\"}}");
}

static void build_create(worker *w, char *buf, size_t size)
{
    char body[768], article[48];
    snprintf(article, sizeof article, "bench-%d-%ld", w->index, w->next++ % 1000);
    snprintf(body, sizeof body, create_body, article);
    snprintf(buf, size, "{\"method\":\"POST\",\"path\":\"/claims\","
                        "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":%s}", body);
}

/* A link raises the claim's version, which the review scenario (next) uses. */
static void build_link(worker *w, char *buf, size_t size)
{
    int k = (int)(w->next++ % OWN_CLAIMS);
    link_rebuttal(w->own[k], buf, size);
    w->version[k]++;
}

/* Versions assume every earlier link and review succeeded: a failure makes
   the later requests on that claim fail too, which the failed count shows. */
static void build_review(worker *w, char *buf, size_t size)
{
    int k = (int)(w->next++ % OWN_CLAIMS);
    review(w->own[k], w->version[k]++, false, buf, size);
}

/* "claim create (no leaf)" follows "claim create" and repeats its requests
   (each scenario starts its workers' sequence again). */
static const scenario scenarios[] = {
    {"claim read",    build_read,         "{\"status\":200,", false, false, false},
    {"notices json",  build_notices_json, "{\"status\":200,", false, false, false},
    {"notices html",  build_notices_html, "{\"status\":200,", false, false, false},
    {"claim search",  build_search,       "{\"status\":200,", false, false, false},
    {"review queue",  build_queue,        "{\"status\":200,", false, false, false},
    {"feed",          build_feed,         "{\"status\":200,", false, false, false},
    {"claim create",  build_create,       "{\"status\":201,", true,  false, false},
    {"claim create (no leaf)", build_create, "{\"status\":201,", true, false, true},
    {"response link", build_link,         "{\"status\":201,", true,  false, false},
    {"review",        build_review,       "{\"status\":200,", true,  false, false},
    {"claim read (cached)",   build_read,         "{\"status\":200,", false, true, false},
    {"notices json (cached)", build_notices_json, "{\"status\":200,", false, true, false},
    {"notices html (cached)", build_notices_html, "{\"status\":200,", false, true, false},
};

static void *work(void *arg)
{
    worker *w = arg;
    char request[2048];
    double end = now() + seconds;
    for (double t = now(); t < end; t = now()) {
        w->sc->build(w, request, sizeof request);
        t = now();
        char *response = plugin->handle(w->sc->on_cached ? cached : instance, request);
        double spent = (now() - t) * 1e6;
        if (response && strncmp(response, w->sc->expect, strlen(w->sc->expect)) == 0) {
            w->done++;
            w->bytes += (double)strlen(response);
        }
        else
            w->failed++;
        if (w->done + w->failed <= SAMPLES)
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

/* BENCH_RATES_OUT: each rate written there ("label<TAB>rate"); BENCH_RATES_IN:
   the rates of such a file, which each rate of this run is shown against
   (make bench: the small database's, beside the million claims'). */
static FILE *rates_out;
static char  baseline[32][64];
static double baseline_rate[32];
static int   nbaseline;

static void read_baseline(const char *path)
{
    char line[160];
    FILE *f = fopen(path, "r");
    while (f && nbaseline < 32 && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (tab == NULL)
            continue;
        *tab = '\0';
        snprintf(baseline[nbaseline], sizeof baseline[0], "%.63s", line);
        baseline_rate[nbaseline++] = atof(tab + 1);
    }
    if (f)
        fclose(f);
}

static double baseline_of(const char *label)
{
    for (int i = 0; i < nbaseline; i++)
        if (strcmp(baseline[i], label) == 0)
            return baseline_rate[i];
    return 0;
}

/* ---- the leaf trigger, off for "claim create (no leaf)" ---------------------- */

static PGconn *admin;           /* the bench's own connection, for the ALTERs */
static char    events_table[160];   /* "schema".ct_events */
static bool    leaf_off;       /* between DISABLE and a successful ENABLE */
/* The signals that would end the bench, held back in the window: the
   plugin's own threads take them too, so they are caught, not blocked. */
static const int interrupts[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NINTERRUPTS (int)(sizeof interrupts / sizeof interrupts[0])
static struct sigaction before_window[NINTERRUPTS];
static volatile sig_atomic_t held_signal;

static void hold_signal(int sig)
{
    held_signal = sig;
}

static void hold_interrupts(void)
{
    struct sigaction hold;
    memset(&hold, 0, sizeof hold);
    hold.sa_handler = hold_signal;
    hold.sa_flags = SA_RESTART;
    sigemptyset(&hold.sa_mask);
    held_signal = 0;
    for (int i = 0; i < NINTERRUPTS; i++)
        sigaction(interrupts[i], &hold, &before_window[i]);
}

/* The signals as they were; one that came meanwhile acts now. */
static void release_interrupts(void)
{
    for (int i = 0; i < NINTERRUPTS; i++)
        sigaction(interrupts[i], &before_window[i], NULL);
    if (held_signal)
        raise(held_signal);
}

static bool alter_leaf(const char *what)
{
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER TABLE %s %s TRIGGER ct_events_leaf", events_table, what);
    PGresult *res = PQexec(admin, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "bench: %s: %s", sql, PQerrorMessage(admin));
    PQclear(res);
    return ok;
}

/* Enables the trigger if this bench disabled it, once more on a new
   connection if the first attempt fails; false, said on stderr, when that
   fails too. */
static bool leaf_enable(void)
{
    if (!leaf_off)
        return true;
    if (!alter_leaf("ENABLE")) {
        PQreset(admin);
        if (PQstatus(admin) != CONNECTION_OK || !alter_leaf("ENABLE")) {
            fprintf(stderr, "bench: the trigger ct_events_leaf on %s may still be DISABLED: run"
                    " ALTER TABLE %s ENABLE TRIGGER ct_events_leaf\n", events_table, events_table);
            leaf_off = false;
            return false;
        }
    }
    leaf_off = false;
    return true;
}

/* atexit: whatever made the bench exit inside the window. */
static void leaf_enable_at_exit(void)
{
    (void)leaf_enable();
}

/* Disables the trigger and holds the interrupting signals back until
   leaf_enable_again(); false (signals as before) when it cannot. */
static bool leaf_disable(void)
{
    if (admin == NULL || PQstatus(admin) != CONNECTION_OK)
        return false;
    hold_interrupts();
    leaf_off = true;
    if (!alter_leaf("DISABLE")) {
        /* refused (the connection still up): nothing changed; else its
           answer may be lost, so it is enabled to be sure */
        if (PQstatus(admin) == CONNECTION_OK)
            leaf_off = false;
        else if (!leaf_enable())
            exit(1);
        release_interrupts();
        return false;
    }
    return true;
}

/* Enables it again (or exits with 1), then lets a signal that came
   meanwhile act. */
static void leaf_enable_again(void)
{
    if (!leaf_enable())
        exit(1);
    release_interrupts();
}

static void open_admin(const char *conninfo, const char *schema)
{
    admin = PQconnectdb(conninfo);
    char *quoted = PQstatus(admin) == CONNECTION_OK
                   ? PQescapeIdentifier(admin, schema, strlen(schema)) : NULL;
    if (quoted == NULL) {
        fprintf(stderr, "bench: no connection of its own (%s): \"claim create (no leaf)\""
                " will be skipped\n", PQerrorMessage(admin));
        PQfinish(admin);
        admin = NULL;
        return;
    }
    snprintf(events_table, sizeof events_table, "%s.ct_events", quoted);
    PQfreemem(quoted);
    /* the ALTERs wait for no other lock holder for long */
    PQclear(PQexec(admin, "SET lock_timeout = '10s'"));
    atexit(leaf_enable_at_exit);
}

/* The scenario's rate (requests/s), or -1 when it was skipped. */
static double run(const scenario *sc, worker *workers, double *all, double select_tps,
                  double update_tps)
{
    pthread_t tids[MAX_THREADS];
    long total = 0, failed = 0, n = 0;
    double bytes = 0;

    if (sc->no_leaf && !leaf_disable()) {
        printf("%-22s skipped: the trigger ct_events_leaf could not be disabled\n", sc->label);
        fflush(stdout);
        return -1;
    }
    for (int i = 0; i < threads; i++) {
        workers[i].sc = sc;
        workers[i].done = workers[i].failed = 0;
        workers[i].bytes = 0;
        pthread_create(&tids[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(tids[i], NULL);
    if (sc->no_leaf)
        leaf_enable_again();
    for (int i = 0; i < threads; i++) {
        total += workers[i].done;
        bytes += workers[i].bytes;
        failed += workers[i].failed;
        long kept = workers[i].done + workers[i].failed;
        if (kept > SAMPLES)
            kept = SAMPLES;
        memcpy(all + n, workers[i].latency, sizeof(double) * (size_t)kept);
        n += kept;
    }
    qsort(all, (size_t)n, sizeof(double), by_value);
    double rate = (double)total / seconds, against = sc->write ? update_tps : select_tps;
    char ratio[32] = "-";
    if (against > 0)
        snprintf(ratio, sizeof ratio, "%.2fx %s", rate / against, sc->write ? "-N" : "-S");
    char against_small[48] = "";
    double small = baseline_of(sc->label);
    if (small > 0)
        snprintf(against_small, sizeof against_small, "  %+4.0f %% vs small", (rate / small - 1) * 100);
    printf("%-22s %9.0f /s  %-9s  p50 %6.0f us  p99 %7.0f us  %6.1f KiB  (%ld done, %ld failed)%s\n",
           sc->label, rate, ratio, n ? all[n / 2] : 0.0,
           n ? all[(long)((double)n * 0.99)] : 0.0, total ? bytes / (double)total / 1024 : 0.0,
           total, failed, against_small);
    fflush(stdout);
    if (rates_out)
        fprintf(rates_out, "%s\t%.0f\n", sc->label, rate);
    return rate;
}

/* A line of /proc/self/status in KiB (VmRSS, VmHWM). */
static long status_kib(const char *key)
{
    char line[256];
    long kib = 0;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            kib = strtol(line + strlen(key) + 1, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}

static void prepare_own_claims(worker *workers)
{
    for (int i = 0; i < threads; i++)
        for (int k = 0; k < OWN_CLAIMS; k++) {
            char article[48];
            snprintf(article, sizeof article, "bench-own-%d-%d", i, k);
            workers[i].own[k] = new_claim(article);
            workers[i].version[k] = 1;
        }
}

int main(int argc, char **argv)
{
    char config[1024], *error = NULL, why[512];
    double select_tps = 0, update_tps = 0;
    ct_loaded so;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO [SECONDS [THREADS [SELECT_TPS UPDATE_TPS]]]\n",
                argv[0]);
        return 2;
    }
    if (argc > 3)
        seconds = atof(argv[3]);
    if (argc > 4)
        threads = atoi(argv[4]);
    if (argc > 6) {
        select_tps = atof(argv[5]);
        update_tps = atof(argv[6]);
    }
    if (threads < 1 || threads > MAX_THREADS || seconds <= 0) {
        fprintf(stderr, "bench: THREADS is 1 to %d, SECONDS more than 0\n", MAX_THREADS);
        return 2;
    }

    worker *workers = calloc((size_t)threads, sizeof *workers);
    double *all = malloc(sizeof(double) * SAMPLES * (size_t)threads);
    /* Every page of the samples is touched now, so that the resident size
       measured before open() already holds them. */
    for (int i = 0; i < threads; i++) {
        workers[i].index = i;
        workers[i].latency = malloc(sizeof(double) * SAMPLES);
        for (long k = 0; k < SAMPLES; k++)
            workers[i].latency[k] = -1.0;
    }
    for (long k = 0; k < SAMPLES * (long)threads; k++)
        all[k] = -1.0;

    plugin = ct_loader_open(argv[1], 0, &so, why, sizeof why);
    if (plugin == NULL) {
        fprintf(stderr, "cannot load the plugin: %s\n", why);
        return 1;
    }
    const char *schema = getenv("BENCH_SCHEMA") ? getenv("BENCH_SCHEMA") : "claimtrack";
    open_admin(argv[2], schema);        /* counted with the harness */
    long harness_kib = status_kib("VmRSS:");
    if (getenv("BENCH_RATES_IN"))
        read_baseline(getenv("BENCH_RATES_IN"));
    if (getenv("BENCH_RATES_OUT"))
        rates_out = fopen(getenv("BENCH_RATES_OUT"), "w");
    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":%d,\"schema\":\"%s\","
             PUBLISHER "}", argv[2], threads, schema);
    instance = plugin->open(NULL, config, &error);
    if (instance == NULL) {
        fprintf(stderr, "open: %s\n", error);
        return 1;
    }

    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":%d,\"schema\":\"%s\","
             PUBLISHER ",\"reader_cache_bytes\":16777216}", argv[2], threads, schema);
    cached = plugin->open(NULL, config, &error);
    if (cached == NULL) {
        fprintf(stderr, "open with the readers' cache: %s\n", error);
        return 1;
    }
    published_claim = published();
    published();
    published();
    prepare_own_claims(workers);

    printf("%d threads through handle(), a pool of %d connections per instance, %.0f s per"
           " scenario\n", threads, threads, seconds);
    double create_rate = -1;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        const scenario *sc = &scenarios[i];
        for (int t = 0; t < threads; t++)
            workers[t].next = 0;
        double rate = run(sc, workers, all, select_tps, update_tps);
        if (sc->build == build_create && !sc->no_leaf)
            create_rate = rate;
        if (sc->no_leaf && rate > 0 && create_rate >= 0) {
            printf("leaf cost: claim create runs at %.0f %% of its rate without the leaf\n",
                   create_rate / rate * 100);
            fflush(stdout);
        }
    }
    long peak_kib = status_kib("VmHWM:");
    printf("peak RSS %.1f MiB, of which %.1f MiB after the plugin was opened "
           "(before it: %.0f MiB, the harness with its latency samples, and the libraries)\n",
           (double)peak_kib / 1024, (double)(peak_kib - harness_kib) / 1024,
           (double)harness_kib / 1024);

    if (rates_out)
        fclose(rates_out);
    PQfinish(admin);
    admin = NULL;
    plugin->close(cached);
    plugin->close(instance);
    ct_loader_close(&so);
    for (int i = 0; i < threads; i++)
        free(workers[i].latency);
    free(workers);
    free(all);
    return 0;
}
