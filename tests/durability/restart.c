/*
 * restart.c -- acknowledged means durable, under crashes.
 *
 *     restart PLUGIN CONNINFO RESTART_COMMAND WORKDIR
 *
 * Loads PLUGIN (build/claimtrack.so) as a host does, opens it on CONNINFO
 * and starts 8 writer threads that POST /claims through handle(), each
 * request with its own claim text and its own Idempotency-Key. A request
 * answered 503 (commit_unknown, db_unavailable, pool_exhausted,
 * db_timeout) or 500 db_error is sent again, with the same key, until it
 * is answered 201 or its deadline passes. While they write, the server is
 * restarted twice with RESTART_COMMAND (run with /bin/sh -c; the script
 * gives `pg_ctl restart -m immediate`), on a cluster whose own default is
 * synchronous_commit=off: a plugin that did not force it on per session
 * would lose acknowledged commits here.
 *
 * Afterwards a libpq connection of its own reads the claims back: every
 * write answered 201 must be there under the id it was given (0 lost), no
 * claim text may be there twice (0 duplicates after retries). It prints
 * the writes attempted, acknowledged, retried and replayed, the answers
 * by status and code during each outage, and for each restart the time
 * from running the command to the first request that succeeded again.
 *
 * Everything is bounded: each write has a deadline, the restart command
 * has one, the recovery after each restart has one, and a watchdog thread
 * ends the process (exit 3, saying what it was waiting for) when the whole
 * run takes longer than CT_DURABILITY_DEADLINE_S seconds (100). The
 * restart command runs with its output in WORKDIR/restart.log and with no
 * descriptor of this process but 0 (the postmaster it starts must not keep
 * a caller's pipe open: a caller that reads this program's output until
 * its end would wait for the cluster to stop). The plugin's log goes to
 * WORKDIR/plugin.log.
 *
 * Exit status: 0 when nothing was lost or duplicated, the restarts
 * happened and the plugin served again after each; 1 otherwise; 2 on bad
 * usage or set-up; 3 when the watchdog ended the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/loader.h"

#define WRITERS           8
#define RESTARTS          2
#define POOL_SIZE         4
#define STEADY_MS         1000    /* writing between restarts, and before the first */
#define WRITE_DEADLINE_MS 30000   /* one write: from its first attempt to its 201 */
#define RESTART_CMD_MS    45000   /* the restart command */
#define RECOVERY_MS       20000   /* a 201 again, after the command returned */
#define BACKOFF_MS        20      /* between two attempts of a write */
#define SETTLE_MS         500     /* after the first success again: no failure */
#define MAX_LABELS        32

/* ---- time ------------------------------------------------------------------ */

static int64_t t_origin;

/* Milliseconds on the monotonic clock since the program started. */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - t_origin;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- the run's state ----------------------------------------------------------- */

static const ct_plugin_v1 *ct;
static void *instance;
static const char *conninfo, *restart_command, *workdir;
static long run_id;
static int deadline_s = 100;

static atomic_bool stop_writers;
static atomic_bool give_up;                       /* the run failed: end the write in hand */
static atomic_int_fast64_t last_ok_start = -1;   /* latest start of a request answered 201 */
static _Atomic(const char *) phase = "starting";

/* Answers are counted by label: "201", "201 replayed", "503 commit_unknown"... */
static pthread_mutex_t labels_mu = PTHREAD_MUTEX_INITIALIZER;
static char labels[MAX_LABELS][64];
static int nlabels;

static int label_index(const char *label)
{
    pthread_mutex_lock(&labels_mu);
    int i = 0;
    while (i < nlabels && strcmp(labels[i], label) != 0)
        i++;
    if (i == nlabels) {
        if (nlabels == MAX_LABELS)
            i = MAX_LABELS - 1;             /* the last slot takes the rest */
        else
            snprintf(labels[nlabels++], sizeof labels[0], "%s", label);
    }
    pthread_mutex_unlock(&labels_mu);
    return i;
}

/* One answer of handle(). */
typedef struct event {
    int64_t start, end;
    int     label;
    bool    ok;          /* 201 with an id */
    bool    lost_conn;   /* db_unavailable, commit_unknown or db_error: the database away */
} event;

/* One write: a claim text and a key, sent until acknowledged. */
typedef struct write_rec {
    long long id;        /* the id of its 201, 0 while unacknowledged */
    int       attempts;
    bool      replayed;  /* its 201 said Idempotent-Replayed */
} write_rec;

typedef struct writer {
    int        index;
    pthread_t  thread;
    event     *events;
    size_t     nevents, cap_events;
    write_rec *writes;
    size_t     nwrites, cap_writes;
    atomic_int current_attempts;             /* for the watchdog */
    _Atomic(int) last_label;
    bool       failed;
    char       failure[512];
} writer;

static writer writers[WRITERS];

static int64_t restart_start[RESTARTS], restart_end[RESTARTS];
static int restarts_done;

static void *grow(void *array, size_t *cap, size_t elem)
{
    size_t n = *cap ? *cap * 2 : 1024;
    void *p = realloc(array, n * elem);
    if (p == NULL) {
        fprintf(stderr, "durability: out of memory\n");
        _exit(2);
    }
    *cap = n;
    return p;
}

static void claim_text(char *out, size_t size, int w, size_t n)
{
    snprintf(out, size, "durability run %ld writer %d write %zu", run_id, w, n);
}

/* ---- the plugin's log -------------------------------------------------------------- */

static FILE *plugin_log;
static atomic_int log_counts[4];

static void host_log(void *data, int level, const char *message)
{
    (void)data;
    atomic_fetch_add(&log_counts[level >= 0 && level <= 3 ? level : 3], 1);
    if (plugin_log)
        fprintf(plugin_log, "%lld [%d] %s\n", (long long)now_ms(), level, message);
}

static const ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, NULL, host_log};

/* ---- writers ------------------------------------------------------------------------- */

/* Send one attempt of write n of writer w; the answer's label, id and
   whether it was a replay. */
static void send_write(writer *wr, size_t n, int *label, long long *id, bool *replayed,
                       bool *retryable, bool *lost_conn, char *answer, size_t answer_size)
{
    char text[128], request[1024];
    claim_text(text, sizeof text, wr->index, n);
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims\","
             "\"actor\":{\"id\":\"durability-%d\",\"role\":\"editor\"},"
             "\"headers\":{\"Idempotency-Key\":\"dur-%ld-%d-%zu\"},"
             "\"body\":{\"text\":\"%s\",\"claimant\":{\"name\":\"Durability\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}",
             wr->index, run_id, wr->index, n, text);

    char *out = ct->handle(instance, request);
    json_object *env = out ? json_tokener_parse(out) : NULL;
    int status = env ? json_object_get_int(json_object_object_get(env, "status")) : 0;
    json_object *body = env ? json_object_object_get(env, "body") : NULL, *v = NULL;
    char buf[64];

    snprintf(answer, answer_size, "%.400s", out ? out : "(NULL)");
    *id = 0;
    *replayed = false;
    *retryable = false;
    *lost_conn = false;
    if (status == 201 && json_object_object_get_ex(body, "id", &v))
        *id = (long long)json_object_get_int64(v);
    if (status == 201 && *id > 0) {
        json_object *headers = json_object_object_get(env, "headers");
        const char *r = json_object_get_string(json_object_object_get(headers,
                                                                      "Idempotent-Replayed"));
        *replayed = r && strcmp(r, "true") == 0;
        snprintf(buf, sizeof buf, "201%s", *replayed ? " replayed" : "");
    } else {
        json_object *error = json_object_object_get(body, "error");
        const char *code = json_object_get_string(json_object_object_get(error, "code"));
        if (out == NULL)
            snprintf(buf, sizeof buf, "handle() NULL");
        else if (env == NULL)
            snprintf(buf, sizeof buf, "not JSON");
        else
            snprintf(buf, sizeof buf, "%d %.40s", status, code ? code : "(no code)");
        *retryable = out == NULL || status == 503 ||
                     (status == 500 && code && strcmp(code, "db_error") == 0);
        *lost_conn = code && (strcmp(code, "db_unavailable") == 0 ||
                              strcmp(code, "commit_unknown") == 0 || strcmp(code, "db_error") == 0);
    }
    *label = label_index(buf);
    json_object_put(env);
    ct->free_string(out);
}

static void *writer_main(void *arg)
{
    writer *wr = arg;
    char answer[512];

    while (!atomic_load(&stop_writers)) {
        size_t n = wr->nwrites;
        if (wr->nwrites == wr->cap_writes)
            wr->writes = grow(wr->writes, &wr->cap_writes, sizeof *wr->writes);
        write_rec *rec = &wr->writes[wr->nwrites++];
        memset(rec, 0, sizeof *rec);
        int64_t first = now_ms();
        atomic_store(&wr->current_attempts, 0);
        for (;;) {
            int label;
            long long id;
            bool replayed, retryable, lost_conn;
            event ev;
            ev.start = now_ms();
            send_write(wr, n, &label, &id, &replayed, &retryable, &lost_conn, answer, sizeof answer);
            ev.lost_conn = lost_conn;
            ev.end = now_ms();
            ev.label = label;
            ev.ok = id > 0;
            if (wr->nevents == wr->cap_events)
                wr->events = grow(wr->events, &wr->cap_events, sizeof *wr->events);
            wr->events[wr->nevents++] = ev;
            rec->attempts++;
            atomic_fetch_add(&wr->current_attempts, 1);
            atomic_store(&wr->last_label, label);
            if (ev.ok) {
                rec->id = id;
                rec->replayed = replayed;
                int64_t prev = atomic_load(&last_ok_start);
                while (prev < ev.start && !atomic_compare_exchange_weak(&last_ok_start, &prev,
                                                                        ev.start))
                    ;
                break;
            }
            if (!retryable) {
                wr->failed = true;
                snprintf(wr->failure, sizeof wr->failure,
                         "write %zu: an answer that is neither 201 nor one to retry: %.300s", n, answer);
                return NULL;
            }
            if (atomic_load(&give_up)) {
                wr->failed = true;
                snprintf(wr->failure, sizeof wr->failure,
                         "write %zu: given up after %d attempts, as the run failed; the last answer: %.300s",
                         n, rec->attempts, answer);
                return NULL;
            }
            if (ev.end - first > WRITE_DEADLINE_MS) {
                wr->failed = true;
                snprintf(wr->failure, sizeof wr->failure,
                         "write %zu: not acknowledged after %d attempts in %lld ms; the last answer: %.300s",
                         n, rec->attempts, (long long)(ev.end - first), answer);
                return NULL;
            }
            sleep_ms(BACKOFF_MS);
        }
    }
    return NULL;
}

/* ---- the watchdog ---------------------------------------------------------------------- */

static void *watchdog_main(void *arg)
{
    (void)arg;
    sleep_ms(deadline_s * 1000);
    /* Racy reads, for the message only: the process ends here. */
    fprintf(stderr, "durability: FAILED: still running after %d s (%s)\n", deadline_s,
            atomic_load(&phase));
    for (int w = 0; w < WRITERS; w++) {
        int l = atomic_load(&writers[w].last_label);
        fprintf(stderr, "  writer %d: %zu writes, %d attempts on the current one, last answer %s\n",
                w, writers[w].nwrites, atomic_load(&writers[w].current_attempts),
                l >= 0 && l < MAX_LABELS ? labels[l] : "?");
    }
    fprintf(stderr, "  the plugin's log: %s/plugin.log; the restarts': %s/restart.log\n",
            workdir, workdir);
    fflush(stderr);
    _exit(3);
    return NULL;
}

/* ---- the restart command ------------------------------------------------------------------- */

/* Run restart_command with /bin/sh -c, output appended to WORKDIR/restart.log,
   no descriptor of ours inherited but stdin, killed after RESTART_CMD_MS.
   0 when it exited 0. */
static int run_restart(char *why, size_t why_size)
{
    char logpath[1024];
    snprintf(logpath, sizeof logpath, "%s/restart.log", workdir);
    int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logfd < 0) {
        snprintf(why, why_size, "cannot open %.600s: %s", logpath, strerror(errno));
        return -1;
    }
    struct rlimit rl;
    int maxfd = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                rl.rlim_cur < 65536 ? (int)rl.rlim_cur : 65536;
    pid_t pid = fork();
    if (pid < 0) {
        close(logfd);
        snprintf(why, why_size, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {               /* only async-signal-safe calls until exec */
        setpgid(0, 0);
        dup2(logfd, 1);
        dup2(logfd, 2);
        for (int fd = 3; fd < maxfd; fd++)
            close(fd);
        execl("/bin/sh", "sh", "-c", restart_command, (char *)NULL);
        _exit(127);
    }
    close(logfd);
    int64_t until = now_ms() + RESTART_CMD_MS;
    int status = 0;
    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid)
            break;
        if (got < 0 && errno != EINTR) {
            snprintf(why, why_size, "waitpid: %s", strerror(errno));
            return -1;
        }
        if (now_ms() > until) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(why, why_size, "the restart command did not end within %d s (see %.600s)",
                     RESTART_CMD_MS / 1000, logpath);
            return -1;
        }
        sleep_ms(5);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, why_size, "the restart command failed (status %d; see %.600s)", status, logpath);
        return -1;
    }
    return 0;
}

/* ---- our own connection ----------------------------------------------------------------------- */

/* The one value of sql on a new connection of our own, tried until
   deadline (the server may be starting). 0 when it was read. */
static int query_value(const char *sql, char *out, size_t size, int64_t deadline, char *why,
                       size_t why_size)
{
    char ci[2048];
    snprintf(ci, sizeof ci, "%s connect_timeout=5", conninfo);
    for (;;) {
        PGconn *pg = PQconnectdb(ci);
        PGresult *res = PQstatus(pg) == CONNECTION_OK ? PQexec(pg, sql) : NULL;
        bool ok = res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
        if (ok)
            snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
        else
            snprintf(why, why_size, "%s: %s", sql, PQerrorMessage(pg));
        PQclear(res);
        PQfinish(pg);
        if (ok)
            return 0;
        if (now_ms() > deadline)
            return -1;
        sleep_ms(100);
    }
}

/* ---- the report ----------------------------------------------------------------------------------- */

static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "durability: FAIL: ");
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    failures++;
}

/* The answers completed in [from, to] by label, as "label n, label n". */
static void answers_between(int64_t from, int64_t to, char *out, size_t size)
{
    long counts[MAX_LABELS] = {0};
    for (int w = 0; w < WRITERS; w++)
        for (size_t i = 0; i < writers[w].nevents; i++) {
            const event *e = &writers[w].events[i];
            if (e->end >= from && e->end <= to)
                counts[e->label]++;
        }
    size_t used = 0;
    out[0] = '\0';
    for (int l = 0; l < nlabels && used < size; l++)
        if (counts[l])
            used += (size_t)snprintf(out + used, size - used, "%s%s: %ld", used ? ", " : "",
                                     labels[l], counts[l]);
}

/* Figures of restart r: the first failure after the command was run and
   the first 201 of a request that started after it. */
static void report_restart(int r)
{
    int64_t t0 = restart_start[r], next = r + 1 < restarts_done ? restart_start[r + 1] : INT64_MAX;
    int64_t first_fail = INT64_MAX, first_ok = INT64_MAX;
    for (int w = 0; w < WRITERS; w++)
        for (size_t i = 0; i < writers[w].nevents; i++) {
            const event *e = &writers[w].events[i];
            if (!e->ok && e->end >= t0 && e->end < next && e->end < first_fail)
                first_fail = e->end;
        }
    /* With no failure seen, the server is known to be the new one once the
       command has returned. */
    int64_t after = first_fail != INT64_MAX ? first_fail : restart_end[r];
    for (int w = 0; w < WRITERS; w++)
        for (size_t i = 0; i < writers[w].nevents; i++) {
            const event *e = &writers[w].events[i];
            if (e->ok && e->start >= after && e->end < first_ok)
                first_ok = e->end;
        }
    long late = 0;
    for (int w = 0; w < WRITERS; w++)
        for (size_t i = 0; i < writers[w].nevents; i++) {
            const event *e = &writers[w].events[i];
            late += !e->ok && e->start >= restart_end[r] && e->end < next;
        }
    char answers[1024];
    answers_between(first_fail == INT64_MAX ? restart_end[r] : first_fail, first_ok, answers,
                    sizeof answers);
    char failed_at[64] = "none", ok_at[64] = "none";
    if (first_fail != INT64_MAX)
        snprintf(failed_at, sizeof failed_at, "%lld ms", (long long)(first_fail - t0));
    if (first_ok != INT64_MAX)
        snprintf(ok_at, sizeof ok_at, "%lld ms", (long long)(first_ok - t0));
    printf("  restart %d: time to recovery %s (from running pg_ctl restart -m immediate to the"
           " first request answered 201 again); the command took %lld ms; first failed answer"
           " after %s\n", r + 1, ok_at, (long long)(restart_end[r] - t0), failed_at);
    printf("    answers from the first failure to the recovery: %s\n", answers[0] ? answers : "(none)");
    printf("    requests that failed although they started after pg_ctl had returned: %ld\n", late);
    if (first_ok == INT64_MAX) {
        fail("restart %d: no request succeeded again", r + 1);
        return;
    }
    /* Every pooled connection is used within milliseconds by 8 writers: a
       connection still broken half a second after the first success is one
       the pool does not reset (pool_exhausted says nothing of that). */
    long after_recovery = 0;
    for (int w = 0; w < WRITERS; w++)
        for (size_t i = 0; i < writers[w].nevents; i++) {
            const event *e = &writers[w].events[i];
            after_recovery += e->lost_conn && e->start >= first_ok + SETTLE_MS && e->end < next;
        }
    if (after_recovery)
        fail("restart %d: %ld requests found the database away although they started more"
             " than %d ms after the first success again", r + 1, after_recovery, SETTLE_MS);
}

/* Read the claims back and compare them with the acknowledged writes. */
static void verify(void)
{
    char ci[2048], pattern[96];
    snprintf(ci, sizeof ci, "%s connect_timeout=5", conninfo);
    snprintf(pattern, sizeof pattern, "durability run %ld writer %%", run_id);
    PGconn *pg = PQconnectdb(ci);
    const char *params[1] = {pattern};
    PGresult *res = PQstatus(pg) == CONNECTION_OK
        ? PQexecParams(pg, "SELECT id, text FROM claimtrack.ct_claims WHERE text LIKE $1",
                       1, NULL, params, NULL, NULL, 0) : NULL;
    if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail("reading the claims back: %s", PQerrorMessage(pg));
        PQclear(res);
        PQfinish(pg);
        return;
    }
    /* rows[w][n]: how many rows hold write n's text, and the id of one */
    size_t *count[WRITERS];
    long long *row_id[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        count[w] = calloc(writers[w].nwrites + 1, sizeof **count);
        row_id[w] = calloc(writers[w].nwrites + 1, sizeof **row_id);
        if (count[w] == NULL || row_id[w] == NULL) {
            fprintf(stderr, "durability: out of memory\n");
            _exit(2);
        }
    }
    long rows = PQntuples(res), strangers = 0;
    for (long i = 0; i < rows; i++) {
        long run;
        int w;
        size_t n;
        char tail;
        if (sscanf(PQgetvalue(res, (int)i, 1), "durability run %ld writer %d write %zu%c",
                   &run, &w, &n, &tail) != 3 || run != run_id || w < 0 || w >= WRITERS ||
            n >= writers[w].nwrites) {
            strangers++;
            fail("a claim nobody wrote: id %s, %s", PQgetvalue(res, (int)i, 0),
                 PQgetvalue(res, (int)i, 1));
            continue;
        }
        count[w][n]++;
        row_id[w][n] = atoll(PQgetvalue(res, (int)i, 0));
    }
    PQclear(res);
    PQfinish(pg);

    long attempted = 0, acked = 0, lost = 0, wrong_id = 0, dups = 0, dup_texts = 0,
         unacked_rows = 0, retried = 0, attempts = 0, replayed = 0;
    int shown = 0;
    for (int w = 0; w < WRITERS; w++)
        for (size_t n = 0; n < writers[w].nwrites; n++) {
            const write_rec *rec = &writers[w].writes[n];
            attempted++;
            attempts += rec->attempts;
            retried += rec->attempts > 1;
            replayed += rec->replayed;
            if (count[w][n] > 1) {
                dup_texts++;
                dups += (long)count[w][n] - 1;
                if (shown++ < 10)
                    fail("writer %d write %zu is stored %zu times", w, n, count[w][n]);
            }
            if (rec->id == 0) {
                unacked_rows += count[w][n] > 0;
                continue;
            }
            acked++;
            if (count[w][n] == 0) {
                lost++;
                if (shown++ < 10)
                    fail("writer %d write %zu was acknowledged as claim %lld and is not stored",
                         w, n, rec->id);
            } else if (count[w][n] == 1 && row_id[w][n] != rec->id) {
                wrong_id++;
                if (shown++ < 10)
                    fail("writer %d write %zu was acknowledged as claim %lld and is stored as %lld",
                         w, n, rec->id, row_id[w][n]);
            }
        }
    for (int w = 0; w < WRITERS; w++) {
        free(count[w]);
        free(row_id[w]);
    }
    printf("  writes attempted %ld, acknowledged %ld, lost %ld, duplicated %ld (%ld texts),"
           " stored under another id %ld\n", attempted, acked, lost, dups, dup_texts, wrong_id);
    printf("  writes retried %ld (%ld attempts in all), answered by replay of the first outcome %ld;"
           " rows of unacknowledged writes %ld; claims stored %ld\n",
           retried, attempts, replayed, unacked_rows, rows - strangers);
    if (lost)
        fail("%ld acknowledged writes lost", lost);
    if (dups)
        fail("%ld duplicate rows after retries with keys", dups);
    if (wrong_id)
        fail("%ld acknowledged writes stored under another id", wrong_id);
    if (acked != attempted)
        fail("%ld writes never acknowledged", attempted - acked);
}

/* ---- main --------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO RESTART_COMMAND WORKDIR\n", argv[0]);
        return 2;
    }
    t_origin = 0;
    t_origin = now_ms();
    conninfo = argv[2];
    restart_command = argv[3];
    workdir = argv[4];
    run_id = (long)getpid();
    if (getenv("CT_DURABILITY_DEADLINE_S"))
        deadline_s = atoi(getenv("CT_DURABILITY_DEADLINE_S"));
    if (deadline_s <= 0)
        deadline_s = 100;
    setvbuf(stdout, NULL, _IOLBF, 0);

    pthread_t watchdog;
    pthread_create(&watchdog, NULL, watchdog_main, NULL);
    pthread_detach(watchdog);

    char logpath[1024], why[1024], value[256];
    snprintf(logpath, sizeof logpath, "%s/plugin.log", workdir);
    plugin_log = fopen(logpath, "a");
    if (plugin_log)
        setvbuf(plugin_log, NULL, _IOLBF, 0);

    ct_loaded loaded;
    ct = ct_loader_open(argv[1], 0, &loaded, why, sizeof why);
    if (ct == NULL) {
        fprintf(stderr, "durability: cannot load the plugin: %s\n", why);
        return 2;
    }
    /* The server's own default must be the lax one, or the run shows nothing. */
    atomic_store(&phase, "asking the server for its synchronous_commit");
    if (query_value("SHOW synchronous_commit", value, sizeof value, now_ms() + 10000, why,
                    sizeof why) != 0) {
        fprintf(stderr, "durability: %s\n", why);
        return 2;
    }
    if (strcmp(value, "off") != 0) {
        fprintf(stderr, "durability: the server runs with synchronous_commit=%s; start it with"
                " synchronous_commit=off, or the run proves nothing\n", value);
        return 2;
    }

    json_object *cfg = json_object_new_object();
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    json_object_object_add(cfg, "pool_size", json_object_new_int(POOL_SIZE));
    json_object_object_add(cfg, "pool_wait_ms", json_object_new_int(2000));
    json_object_object_add(cfg, "language", json_object_new_string("ru"));
    json_object *outbound = json_object_new_object();
    json_object_object_add(outbound, "workers", json_object_new_boolean(0));
    json_object_object_add(cfg, "outbound", outbound);
    char *error = NULL;
    atomic_store(&phase, "opening the plugin");
    instance = ct->open(&host, json_object_to_json_string(cfg), &error);
    json_object_put(cfg);
    if (instance == NULL) {
        fprintf(stderr, "durability: open failed: %s\n", error ? error : "out of memory");
        ct->free_string(error);
        return 2;
    }

    printf("durability: %d writers, POST /claims with an Idempotency-Key each, pool of %d;"
           " the server's synchronous_commit is %s\n", WRITERS, POOL_SIZE, value);
    for (int w = 0; w < WRITERS; w++) {
        writers[w].index = w;
        atomic_store(&writers[w].last_label, -1);
        pthread_create(&writers[w].thread, NULL, writer_main, &writers[w]);
    }

    static const char *const steady[] = {"writing before restart 1", "writing before restart 2",
                                         "writing after the last restart"};
    static const char *const restarting[] = {"running restart 1", "running restart 2"};
    static const char *const recovering[] = {"waiting for a 201 after restart 1",
                                             "waiting for a 201 after restart 2"};
    for (int r = 0; r <= RESTARTS && failures == 0; r++) {
        atomic_store(&phase, steady[r]);
        sleep_ms(STEADY_MS);
        if (r == RESTARTS)
            break;
        char before[128], after[128];
        if (query_value("SELECT pg_postmaster_start_time()::text", before, sizeof before,
                        now_ms() + 10000, why, sizeof why) != 0) {
            fail("before restart %d: %s", r + 1, why);
            break;
        }
        atomic_store(&phase, restarting[r]);
        restart_start[r] = now_ms();
        int rc = run_restart(why, sizeof why);
        restart_end[r] = now_ms();
        restarts_done = r + 1;
        if (rc != 0) {
            fail("restart %d: %s", r + 1, why);
            break;
        }
        if (query_value("SELECT pg_postmaster_start_time()::text", after, sizeof after,
                        now_ms() + 10000, why, sizeof why) != 0) {
            fail("after restart %d: %s", r + 1, why);
            break;
        }
        if (strcmp(before, after) == 0) {
            fail("restart %d did not happen: the server started at %s before and after", r + 1,
                 before);
            break;
        }
        atomic_store(&phase, recovering[r]);
        int64_t until = restart_end[r] + RECOVERY_MS;
        while (atomic_load(&last_ok_start) < restart_end[r] && now_ms() < until)
            sleep_ms(5);
        if (atomic_load(&last_ok_start) < restart_end[r]) {
            char answers[1024];
            answers_between(restart_end[r], now_ms(), answers, sizeof answers);
            fail("restart %d: the server was back (started %s) but no request succeeded in the"
                 " %d s after; the answers since: %s (the plugin's log: %s)", r + 1, after,
                 RECOVERY_MS / 1000, answers[0] ? answers : "(none)", logpath);
            break;
        }
    }
    atomic_store(&give_up, failures > 0);
    atomic_store(&phase, "stopping the writers (each finishes its write)");
    atomic_store(&stop_writers, true);
    for (int w = 0; w < WRITERS; w++) {
        pthread_join(writers[w].thread, NULL);
        if (writers[w].failed)
            fail("writer %d: %s", w, writers[w].failure);
    }
    atomic_store(&phase, "closing the plugin");
    ct->close(instance);

    atomic_store(&phase, "reading the claims back");
    printf("durability: results\n");
    verify();
    for (int r = 0; r < restarts_done; r++)
        report_restart(r);
    if (restarts_done < RESTARTS)
        fail("%d of %d restarts done", restarts_done, RESTARTS);
    char all[1024];
    answers_between(0, INT64_MAX, all, sizeof all);
    printf("  all answers: %s\n", all);
    printf("  the plugin's log: %d warnings, %d errors (%s)\n", atomic_load(&log_counts[2]),
           atomic_load(&log_counts[3]), logpath);
    ct_loader_close(&loaded);
    if (plugin_log)
        fclose(plugin_log);
    printf("durability: %s in %lld ms\n", failures ? "FAILED" : "passed", (long long)now_ms());
    return failures ? 1 : 0;
}
