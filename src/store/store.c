/*
 * store.c -- the connection pool and statement execution (see store.h).
 *
 * The pool is a fixed array of connections and a stack of free slots under
 * one mutex; a condition variable wakes a waiting request when a connection
 * comes back. A thread is given back the connection it used last when that
 * one is free (take_free): a host thread and its server process then keep
 * to themselves, where handing connections round the threads made two
 * threads' reads 35-40 % slower on the 2-core development machine (make
 * bench's claim read, 23,800-27,400/s against 33,800-40,900/s in one run),
 * the server processes' work crossing between the threads' caches and
 * cores. Connections are opened, set to UTC and prepared at
 * ct_pool_open, so no request ever connects or parses SQL. Every PGresult
 * is checked with PQresultStatus and cleared on every path.
 */
#include "store/store.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"

/* ---- SQL: the store's own statements ------------------------------------ */

/* Each imported item is written inside its own savepoint, so that an
   item the database refuses is skipped without losing the others. */
const ct_stmt ct_stmt_savepoint = {"ct_savepoint", "SAVEPOINT ct_item", 0};

const ct_stmt ct_stmt_savepoint_release = {"ct_savepoint_release", "RELEASE SAVEPOINT ct_item", 0};

const ct_stmt ct_stmt_savepoint_rollback = {"ct_savepoint_rollback",
    "ROLLBACK TO SAVEPOINT ct_item", 0};

const ct_stmt ct_stmt_schema_version = {"ct_schema_version",
    "SELECT max(version) FROM schema_migrations", 0};

/* Where the server's write-ahead log stands, as bytes from 0/0: on a
   standby, how far it has replayed (and 't'); on a primary, how far
   records have been inserted ('f'). The insert position, not the written
   one: a commit heard of (a NOTIFY is sent at commit) has its record
   inserted even when its writer committed with synchronous_commit off and
   the record is not written yet; a standby has replayed the commit once
   its replay position is there. (It may stand a page header past a record
   that ends a page: a standby then counts as behind until the next record,
   which errs the safe way.) */
const ct_stmt ct_stmt_wal_position = {"ct_wal_position",
    "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
    "             ELSE pg_current_wal_insert_lsn() END - '0/0'::pg_lsn)::text,"
    " pg_is_in_recovery()", 0};

/* Every statement above, for the pool to prepare (NULL-ended). */
static const ct_stmt *const store_sql[] = {
    &ct_stmt_savepoint, &ct_stmt_savepoint_release, &ct_stmt_savepoint_rollback,
    &ct_stmt_schema_version, &ct_stmt_wal_position, NULL};


struct ct_conn {
    PGconn  *pg;
    bool     ready;     /* connected, UTC, every statement prepared */
    bool     sent;      /* its statements sent to prepare, answers unread */
    ct_pool *pool;      /* owner, for logging and settings          */
    char    *channel;   /* LISTEN channel of a worker's connection  */
    pthread_t holder;   /* the thread that took it last             */
    bool     held;      /* holder is set                            */
};

struct ct_rows {
    PGresult *res;
};

struct ct_pool {
    pthread_mutex_t mu;
    pthread_cond_t  freed;
    char           *conninfo;
    ct_log_fn       log;
    void           *log_data;
    int             statement_timeout_ms;
    bool            remote_apply;
    const ct_stmt *const *const *statements;   /* the modules' lists (store.h) */
    char           *variables;
    char           *time_zone;
    char           *schema;
    size_t          size;
    ct_conn        *conns;
    ct_conn       **free_stack;
    size_t          nfree;
    /* A pool of standbys (ct_pool_open_standbys): connections that could
       not be opened are tried again at acquire, at most once a retry_ms. */
    bool            standbys;
    long long       retry_after_ms;  /* monotonic; under mu */
};

#define CT_STANDBY_RETRY_MS 1000

static void pool_log(const ct_pool *pool, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void pool_log(const ct_pool *pool, int level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (pool->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pool->log(pool->log_data, level, msg);
}

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The server's notices and warnings go to the host's log, not to stderr. */
static void on_notice(void *arg, const char *message)
{
    size_t len = strlen(message);
    while (len > 0 && message[len - 1] == '\n')
        len--;
    pool_log(arg, CT_LEVEL_WARN, "database: %.*s", (int)len, message);
}

/* True when res failed with SQLSTATE state. */
static bool failed_with(const PGresult *res, const char *state)
{
    const char *got = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return PQresultStatus(res) == PGRES_FATAL_ERROR && got != NULL && strcmp(got, state) == 0;
}

/* The session's settings: UTC, ISO dates, no JIT, random pages costed as
   cached ones, the statement timeout, the
   caller's session variables, the newsroom's time zone (checked
   against the server's time zone data by AT TIME ZONE), the plugin's
   schema as the whole search_path, LISTEN. */
static ct_rc session_setup(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    char setup[384];
    const char *session[3] = {pool->variables ? pool->variables : "{}", pool->time_zone,
                              pool->schema};
    PGresult *res;
    ct_rc rc = CT_OK;

    /* synchronous_commit on (or the stricter remote_apply the configuration
       may ask for) whatever the server's default: an answer of 2xx means the
       change is on disk (a server running with it off would lose
       acknowledged writes in a crash). */
    /* Text is UTF-8 both ways whatever the server's or the environment's
       encoding (the timeline's leaves hash UTF-8 bytes, domain/tlog.h). */
    /* JIT off: every statement here answers in milliseconds, and compiling
       one costs more than that. A plan whose cost estimate passes
       jit_above_cost (the article scan's candidates among a million
       claims, estimated at millions for a few thousand rows) spent 290 ms
       of 410 compiling, for nothing. */
    /* random_page_cost 1.1, not the server's default of 4 (a page read from
       a disk that seeks): the plugin's reads are lookups by key in a
       working set that is in memory, for which PostgreSQL's documentation
       advises a value near seq_page_cost. At 4, once autovacuum had
       analysed a small desk's ct_notice_versions (402 articles, three
       pages), the planner read it whole rather than by its key, twice for
       every claim read and every article's notices: 84 us a statement
       against 48 us. On the bench's 1,000 claims in that state, in one run
       alternating the two (3 rounds of 4 s, 2 threads): claim reads
       21,375-23,164/s against 25,691-26,552/s, notices as JSON
       21,524-22,342 against 27,754-30,210, as HTML 19,060-19,763 against
       26,184-27,714, the review queue 261-322 against 338-352. At a million
       claims every plan already read its index (no figure moved outside
       the machine's noise); nor did the searches' plans change. */
    snprintf(setup, sizeof setup, "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC';"
             " SET DateStyle = 'ISO';"
             " SET bytea_output = 'hex'; SET standard_conforming_strings = on; SET jit = off;"
             " SET random_page_cost = 1.1;"
             " SET synchronous_commit = %s; SET statement_timeout = %d",
             pool->remote_apply ? "remote_apply" : "on", pool->statement_timeout_ms);
    res = PQexec(conn->pg, setup);
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        res = PQexecParams(conn->pg, "SELECT (SELECT count(set_config(v.key, v.value, false))"
                           "   FROM json_each_text($1::json) v),"
                           " set_config('claimtrack.time_zone', $2, false), now() AT TIME ZONE $2,"
                           " set_config('search_path', quote_ident($3), false)",
                           3, NULL, session, NULL, NULL, 0);
    }
    if (failed_with(res, "22023")) {
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "time_zone",
                     "time_zone \"%.64s\" is not a time zone the database knows"
                     " (an IANA name such as Asia/Almaty)", pool->time_zone);
        goto out;
    }
    if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK) {
        PQclear(res);
        res = PQexec(conn->pg, conn->channel ? conn->channel : "SELECT 1");
    }
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        pool_log(pool, CT_LEVEL_ERROR, "session set-up failed: %s", PQerrorMessage(conn->pg));
        rc = ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL, "database session set-up failed");
    }
out:
    PQclear(res);
    return rc;
}

/* The l-th list of statements a connection prepares: the store's own,
   then each module's (ct_session_settings.statements); NULL after the last. */
static const ct_stmt *const *statement_list(const ct_pool *pool, size_t l)
{
    if (l == 0)
        return store_sql;
    return pool->statements ? pool->statements[l - 1] : NULL;
}

/* Preparing a connection's statements is two steps, so that a pool's
   connections prepare at the same time: prepare_send sends every Parse
   of the session's statements and one Sync at once (libpq's pipeline
   mode), and prepare_collect reads their answers. Between the two, the
   server parses while the pool sends the next connection's statements.
   One connection after another, each waiting for every answer, an
   open() with the default 8 connections took 620-660 ms on the 2-core
   development machine, nearly all of it the server parsing (about 70 ms
   for each connection's statements, most of them the first look at the
   catalogs a new server process takes). */
static ct_rc prepare_send(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    const ct_stmt *const *list;
    ct_rc rc = session_setup(pool, conn, err);

    if (rc == CT_OK && PQenterPipelineMode(conn->pg) != 1)
        rc = CT_EINTERNAL;
    for (size_t l = 0; rc == CT_OK && (list = statement_list(pool, l)) != NULL; l++)
        for (size_t i = 0; rc == CT_OK && list[i] != NULL; i++)
            if (PQsendPrepare(conn->pg, list[i]->name, list[i]->sql, list[i]->nparams, NULL) != 1)
                rc = CT_EINTERNAL;
    if (rc == CT_OK && PQpipelineSync(conn->pg) != 1)
        rc = CT_EINTERNAL;
    conn->sent = rc == CT_OK;
    if (rc == CT_EINTERNAL) {
        pool_log(pool, CT_LEVEL_ERROR, "sending the statements to prepare failed: %s",
                 PQerrorMessage(conn->pg));
        rc = ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                     "cannot send the database statements to prepare");
    }
    return rc;
}

/* One statement's answer to its Parse: CT_OK when prepared. After a
   failure the server skips the rest up to the Sync, and each of those
   answers PGRES_PIPELINE_ABORTED; every answer is followed by a NULL. */
static ct_rc prepare_answer(ct_pool *pool, ct_conn *conn, const ct_stmt *stmt, bool failed_before,
                            ct_error *err)
{
    PGresult *res = PQgetResult(conn->pg);
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    ct_rc rc = CT_OK;

    /* A lost connection answers with one error, then NULL to every call:
       only the first failure is logged. */
    if (status != PGRES_COMMAND_OK && status != PGRES_PIPELINE_ABORTED && !failed_before)
        pool_log(pool, CT_LEVEL_ERROR, "preparing %s failed: %s", stmt->name,
                 res ? PQresultErrorMessage(res) : PQerrorMessage(conn->pg));
    if (status != PGRES_COMMAND_OK)
        rc = ct_fail(err, CT_EINTERNAL, "db_error", NULL, "preparing a database statement failed");
    PQclear(res);
    if (res != NULL)
        PQclear(PQgetResult(conn->pg));     /* the NULL that ends this answer */
    return rc;
}

/* The answers to what prepare_send sent (only when it sent it all: a
   Parse without its Sync is never answered), every one read whatever
   failed. A connection whose statements are not all prepared is not
   ready, and the pool resets it before its next use. */
static ct_rc prepare_collect(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    const ct_stmt *const *list;
    ct_rc rc = CT_OK;
    PGresult *sync;
    bool synced;

    for (size_t l = 0; (list = statement_list(pool, l)) != NULL; l++)
        for (size_t i = 0; list[i] != NULL; i++) {
            ct_rc one = prepare_answer(pool, conn, list[i], rc != CT_OK, rc == CT_OK ? err : NULL);
            if (rc == CT_OK)
                rc = one;
        }
    /* Out of pipeline mode whenever the Sync was answered, a statement
       refused or not: a worker that finds its connection not ready still
       runs its statements, which then fail for what they are. */
    sync = PQgetResult(conn->pg);
    synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC && PQexitPipelineMode(conn->pg) == 1;
    if (rc == CT_OK && !synced) {
        pool_log(pool, CT_LEVEL_ERROR, "preparing the statements failed: %s", PQerrorMessage(conn->pg));
        rc = ct_fail(err, CT_EINTERNAL, "db_error", NULL, "preparing a database statement failed");
    }
    PQclear(sync);
    conn->sent = false;
    conn->ready = rc == CT_OK;
    return rc;
}

PGconn *ct_store_connect(const char *conninfo)
{
    /* Keywords are applied in order, and dbname is expanded where it
       stands: a connect_timeout inside conninfo comes after ours. */
    static const char *const keywords[] = {"connect_timeout", "dbname", NULL};
    const char *values[] = {CT_CONNECT_TIMEOUT_S, conninfo ? conninfo : "", NULL};

    return PQconnectdbParams(keywords, values, 1);
}

/* Connect (anew), set the session up and send the statements to prepare;
   prepare_collect reads the answers (conn_open does both). */
static ct_rc conn_connect(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    conn->ready = false;
    if (conn->pg == NULL) {
        conn->pg = ct_store_connect(pool->conninfo);
        if (conn->pg != NULL)
            PQsetNoticeProcessor(conn->pg, on_notice, pool);   /* kept by PQreset */
    } else {
        PQreset(conn->pg);
    }
    if (conn->pg == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (PQstatus(conn->pg) != CONNECTION_OK) {
        pool_log(pool, CT_LEVEL_ERROR, "cannot connect to the database: %s",
                 PQerrorMessage(conn->pg));
        return ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                       "cannot connect to the database");
    }
    return prepare_send(pool, conn, err);
}

/* A connection connected (anew) and prepared. */
static ct_rc conn_open(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    ct_rc rc = conn_connect(pool, conn, err);

    return rc == CT_OK ? prepare_collect(pool, conn, err) : rc;
}

/* A standby that is away now, or has not yet replayed the migrations
   (preparing fails), is tried again when needed: the primary serves its
   readers meanwhile. rc for any other pool, and for running out of memory. */
static ct_rc keep_standby_away(ct_pool *pool, ct_rc rc, ct_error *err)
{
    if (!pool->standbys || rc == CT_OK || rc == CT_ENOMEM)
        return rc;
    ct_error_clear(err);
    pool->retry_after_ms = monotonic_ms() + CT_STANDBY_RETRY_MS;
    return CT_OK;
}

static ct_rc pool_open(const char *conninfo, size_t size, const ct_session_settings *settings,
                       bool standbys, ct_log_fn log, void *log_data, ct_pool **out,
                       ct_error *err)
{
    ct_pool *pool = calloc(1, sizeof *pool);
    ct_rc rc = CT_OK;

    *out = NULL;
    if (pool == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->freed, NULL);
    pool->log = log;
    pool->log_data = log_data;
    pool->statement_timeout_ms = settings->statement_timeout_ms;
    pool->remote_apply = settings->remote_apply;
    pool->statements = settings->statements;
    pool->variables = settings->variables ? strdup(settings->variables) : NULL;
    pool->time_zone = strdup(settings->time_zone ? settings->time_zone : "UTC");
    pool->schema = strdup(settings->schema ? settings->schema : "claimtrack");
    pool->conninfo = strdup(conninfo ? conninfo : "");
    pool->conns = calloc(size, sizeof *pool->conns);
    pool->free_stack = calloc(size, sizeof *pool->free_stack);
    if (pool->conninfo == NULL || pool->time_zone == NULL || pool->schema == NULL || (size > 0 && (pool->conns == NULL || pool->free_stack == NULL))) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    pool->size = size;
    pool->standbys = standbys;
    /* Every connection connects and sends its statements, then every one
       reads its answers (prepare_send): the servers parse side by side. */
    for (size_t i = 0; rc == CT_OK && i < size; i++) {
        pool->conns[i].pool = pool;
        rc = keep_standby_away(pool, conn_connect(pool, &pool->conns[i], err), err);
    }
    for (size_t i = 0; rc == CT_OK && i < size; i++) {
        if (pool->conns[i].sent)
            rc = keep_standby_away(pool, prepare_collect(pool, &pool->conns[i], err), err);
        if (rc == CT_OK)
            pool->free_stack[pool->nfree++] = &pool->conns[i];
    }
out:
    if (rc != CT_OK) {
        ct_pool_close(pool);
        return rc;
    }
    *out = pool;
    return CT_OK;
}

ct_rc ct_pool_open(const char *conninfo, size_t size, const ct_session_settings *settings,
                   ct_log_fn log, void *log_data, ct_pool **out, ct_error *err)
{
    return pool_open(conninfo, size, settings, false, log, log_data, out, err);
}

/* '...' quoted for a conninfo string: backslash and quote escaped. */
static void append_quoted(char **at, const char *value)
{
    char *p = *at;
    *p++ = '\'';
    for (; *value; value++) {
        if (*value == '\'' || *value == '\\')
            *p++ = '\\';
        *p++ = *value;
    }
    *p++ = '\'';
    *p = '\0';
    *at = p;
}

/* conninfo (keywords or a URI) as keywords, with target_session_attrs
   prefer-standby unless it names its own. NULL when it does not parse
   (*why then holds libpq's words, or NULL for want of memory). */
static char *standby_conninfo(const char *conninfo, char **why)
{
    PQconninfoOption *options = PQconninfoParse(conninfo, why);
    size_t size = 64;
    bool attrs = false;
    char *out = NULL, *at;

    if (options == NULL)
        return NULL;
    for (PQconninfoOption *o = options; o->keyword; o++) {
        if (o->val == NULL)
            continue;
        size += strlen(o->keyword) + 2 * strlen(o->val) + 4;
        attrs |= strcmp(o->keyword, "target_session_attrs") == 0;
    }
    out = malloc(size);
    at = out;
    for (PQconninfoOption *o = options; out && o->keyword; o++) {
        if (o->val == NULL)
            continue;
        at += sprintf(at, "%s%s=", at == out ? "" : " ", o->keyword);
        append_quoted(&at, o->val);
    }
    if (out)
        *at = '\0';
    if (out && !attrs)
        strcat(out, " target_session_attrs=prefer-standby");
    PQconninfoFree(options);
    return out;
}

ct_rc ct_pool_open_standbys(const char *conninfo, size_t size,
                            const ct_session_settings *settings, ct_log_fn log, void *log_data,
                            ct_pool **out, ct_error *err)
{
    char *why = NULL, *standbys = standby_conninfo(conninfo, &why);
    ct_rc rc;

    *out = NULL;
    if (PQlibVersion() < 140000) {        /* prefer-standby came with libpq 14 */
        free(standbys);
        PQfreemem(why);
        return ct_fail(err, CT_EINVALID, "invalid_value", "replicas",
                       "replicas needs libpq 14 or later (this is %d)", PQlibVersion());
    }
    if (standbys == NULL && why == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (standbys == NULL) {
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "replicas",
                     "replicas is not a connection string libpq understands: %.200s", why);
        PQfreemem(why);
        return rc;
    }
    rc = pool_open(standbys, size, settings, true, log, log_data, out, err);
    free(standbys);
    return rc;
}

void ct_pool_close(ct_pool *pool)
{
    if (pool == NULL)
        return;
    for (size_t i = 0; pool->conns && i < pool->size; i++)
        PQfinish(pool->conns[i].pg);
    free(pool->variables);
    free(pool->time_zone);
    free(pool->schema);
    free(pool->conns);
    free(pool->free_stack);
    free(pool->conninfo);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->mu);
    free(pool);
}

/* A broken connection connected anew; a standby's at most once a
   CT_STANDBY_RETRY_MS, so that readers do not each wait for a standby
   that is away. */
static ct_rc reconnect(ct_pool *pool, ct_conn *conn, ct_error *err)
{
    bool too_soon = false;
    ct_rc rc;

    if (pool->standbys) {
        pthread_mutex_lock(&pool->mu);
        too_soon = monotonic_ms() < pool->retry_after_ms;
        pthread_mutex_unlock(&pool->mu);
    }
    if (too_soon)
        return ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                       "the standby is away; tried again within %d ms", CT_STANDBY_RETRY_MS);
    if (conn->pg != NULL)
        pool_log(pool, CT_LEVEL_WARN, "resetting a broken database connection");
    rc = conn_open(pool, conn, err);
    if (rc != CT_OK && pool->standbys) {
        conn->ready = false;
        pthread_mutex_lock(&pool->mu);
        pool->retry_after_ms = monotonic_ms() + CT_STANDBY_RETRY_MS;
        pthread_mutex_unlock(&pool->mu);
    }
    return rc;
}

/* A free connection, under pool->mu with one free: the calling thread's
   own from last time if it is free, else the last one given back. */
static ct_conn *take_free(ct_pool *pool)
{
    pthread_t self = pthread_self();
    size_t pick = pool->nfree - 1;

    for (size_t i = pool->nfree; i-- > 0;)
        if (pool->free_stack[i]->held && pthread_equal(pool->free_stack[i]->holder, self)) {
            pick = i;
            break;
        }
    ct_conn *conn = pool->free_stack[pick];
    /* the others keep their order: the top stays the last given back */
    memmove(&pool->free_stack[pick], &pool->free_stack[pick + 1],
            (--pool->nfree - pick) * sizeof *pool->free_stack);
    conn->holder = self;
    conn->held = true;
    return conn;
}

ct_rc ct_pool_acquire(ct_pool *pool, int wait_ms, ct_conn **out, ct_error *err)
{
    struct timespec deadline;
    ct_conn *conn = NULL;

    *out = NULL;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&pool->mu);
    while (pool->nfree == 0) {
        if (pthread_cond_timedwait(&pool->freed, &pool->mu, &deadline) == ETIMEDOUT &&
            pool->nfree == 0) {
            pthread_mutex_unlock(&pool->mu);
            return ct_fail(err, CT_EUNAVAILABLE, "pool_exhausted", NULL,
                           "all database connections are busy; try again");
        }
    }
    conn = take_free(pool);
    pthread_mutex_unlock(&pool->mu);

    if (!conn->ready || PQstatus(conn->pg) != CONNECTION_OK) {
        ct_rc rc = reconnect(pool, conn, err);
        if (rc != CT_OK) {
            ct_pool_release(pool, conn);
            return rc;
        }
    }
    *out = conn;
    return CT_OK;
}

void ct_pool_release(ct_pool *pool, ct_conn *conn)
{
    if (conn == NULL)
        return;
    if (conn->ready && PQtransactionStatus(conn->pg) != PQTRANS_IDLE)
        ct_tx_rollback(conn);
    /* A ROLLBACK that did not happen (memory, a broken line) must not hand
       the open transaction to the next request: reset it when next taken. */
    if (conn->ready && PQtransactionStatus(conn->pg) != PQTRANS_IDLE)
        conn->ready = false;
    pthread_mutex_lock(&pool->mu);
    pool->free_stack[pool->nfree++] = conn;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->mu);
}

bool ct_conn_broken(const ct_conn *conn)
{
    return !conn->ready || PQstatus(conn->pg) != CONNECTION_OK;
}

bool ct_conn_on_standbys(const ct_conn *conn)
{
    return conn->pool != NULL && conn->pool->standbys;
}

void ct_conn_mark_broken(ct_conn *conn)
{
    conn->ready = false;
}

/* Turn a failed result into an error; logs the server's words. */
static ct_rc result_error(ct_conn *conn, PGresult *res, const char *what, ct_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *says = res ? PQresultErrorMessage(res) : PQerrorMessage(conn->pg);

    /* libpq's own allocation failed: no result at all on a good connection,
       or its "out of memory" result (which has no SQLSTATE). The connection
       itself is fine; the request is not. */
    if (state == NULL && PQstatus(conn->pg) == CONNECTION_OK &&
        (res == NULL || strstr(says, "out of memory") != NULL)) {
        conn->ready = false;     /* libpq may have left a result unread: start afresh */
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    /* The connection is gone, or the server says it is going: no SQLSTATE
       (libpq's own failure), class 08 (connection exception), or 57P01-03
       (the server shutting down, crashed, or not yet accepting). The
       connection is reset when next taken, and the door may retry. */
    if (PQstatus(conn->pg) != CONNECTION_OK || state == NULL || strncmp(state, "08", 2) == 0 ||
        strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
        strcmp(state, "57P03") == 0) {
        pool_log(conn->pool, CT_LEVEL_WARN, "%s: connection lost", what);
        conn->ready = false;
        return ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                       "the database connection was lost");
    }
    if (state && strcmp(state, "57014") == 0)
        return ct_fail(err, CT_EUNAVAILABLE, "db_timeout", NULL,
                       "the database took too long to answer");
    /* The server ended the transaction to resolve a conflict with another
       (deadlock_detected, serialization_failure) and rolled it back whole:
       the door runs the request again (api.c, another_attempt). */
    if (state && (strcmp(state, "40P01") == 0 || strcmp(state, "40001") == 0)) {
        pool_log(conn->pool, CT_LEVEL_WARN, "%s: %s", what,
                 res ? PQresultErrorMessage(res) : PQerrorMessage(conn->pg));
        return ct_fail(err, CT_EUNAVAILABLE, "db_conflict", NULL,
                       "the database ended the transaction to resolve a conflict with another"
                       " (SQLSTATE %s); nothing was written", state);
    }
    pool_log(conn->pool, CT_LEVEL_ERROR, "%s failed: %s", what,
             res ? PQresultErrorMessage(res) : PQerrorMessage(conn->pg));
    return ct_fail(err, CT_EINTERNAL, "db_error", NULL, "database error (SQLSTATE %s)",
                   state ? state : "unknown");
}

ct_rc ct_exec(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
              ct_rows **rows, ct_error *err)
{
    return ct_exec_params(conn, stmt, nparams, params, NULL, NULL, rows, err);
}

/* stmt run by its prepared name, or (oneshot) its text sent with the
   values, which PostgreSQL then plans for those values. */
static ct_rc exec_stmt(ct_conn *conn, const ct_stmt *stmt, bool oneshot, int nparams,
                       const char *const *params, const int *lengths, const int *formats,
                       ct_rows **rows, ct_error *err)
{
    const ct_stmt *def = stmt;
    PGresult *res;
    ExecStatusType status;

    if (rows)
        *rows = NULL;
    if (oneshot)
        res = PQexecParams(conn->pg, def->sql, nparams, NULL, params, lengths, formats, 0);
    else
        res = PQexecPrepared(conn->pg, def->name, nparams, params, lengths, formats, 0);
    status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        ct_rc rc = result_error(conn, res, def->name, err);
        PQclear(res);
        return rc;
    }
    if (rows == NULL) {
        PQclear(res);
        return CT_OK;
    }
    *rows = malloc(sizeof **rows);
    if (*rows == NULL) {
        PQclear(res);
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    (*rows)->res = res;
    return CT_OK;
}

ct_rc ct_exec_params(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
                     const int *lengths, const int *formats, ct_rows **rows, ct_error *err)
{
    return exec_stmt(conn, stmt, false, nparams, params, lengths, formats, rows, err);
}

ct_rc ct_exec_sql(ct_conn *conn, const char *sql, ct_error *err)
{
    PGresult *res = PQexec(conn->pg, sql);
    ExecStatusType status = PQresultStatus(res);
    ct_rc rc = CT_OK;

    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        rc = result_error(conn, res, "sql", err);
    PQclear(res);
    return rc;
}

ct_rc ct_tx_begin(ct_conn *conn, ct_error *err)
{
    return ct_exec_sql(conn, "BEGIN", err);
}

ct_rc ct_tx_commit(ct_conn *conn, ct_error *err)
{
    ct_rc rc = ct_exec_sql(conn, "COMMIT", err);

    /* The server may have committed before the connection broke, or not:
       nobody here can tell. Said so, never "unavailable" (which invites a
       retry that could write twice). */
    /* libpq ran out of memory around the COMMIT: its transaction status
       (from the server's ReadyForQuery) says whether the server did it.
       Idle: committed, the failure cost nothing (the caller checked the
       latch before committing). Still in the transaction: not done. */
    if (rc == CT_ENOMEM && PQtransactionStatus(conn->pg) == PQTRANS_IDLE) {
        ct_oom_clear();
        ct_error_clear(err);
        return CT_OK;
    }
    if (rc == CT_ENOMEM && PQtransactionStatus(conn->pg) != PQTRANS_INTRANS &&
        PQtransactionStatus(conn->pg) != PQTRANS_INERROR)
        rc = ct_fail(err, CT_EUNAVAILABLE, "commit_unknown", NULL,
                     "memory ran out while committing: the change may or may not have been"
                     " saved; read it back before sending it again");
    if (rc == CT_EUNAVAILABLE && strcmp(err->code, "db_unavailable") == 0)
        rc = ct_fail(err, CT_EUNAVAILABLE, "commit_unknown", NULL,
                     "the database connection broke while committing: the change may or may"
                     " not have been saved; read it back before sending it again");
    return rc;
}

void ct_tx_rollback(ct_conn *conn)
{
    PQclear(PQexec(conn->pg, "ROLLBACK"));
}

size_t ct_rows_count(const ct_rows *rows)
{
    return rows ? (size_t)PQntuples(rows->res) : 0;
}

const char *ct_rows_get(const ct_rows *rows, size_t r, int c)
{
    if (PQgetisnull(rows->res, (int)r, c))
        return NULL;
    return PQgetvalue(rows->res, (int)r, c);
}

size_t ct_rows_len(const ct_rows *rows, size_t r, int c)
{
    return (size_t)PQgetlength(rows->res, (int)r, c);
}

void ct_rows_free(ct_rows *rows)
{
    if (rows == NULL)
        return;
    PQclear(rows->res);
    free(rows);
}

static ct_rc exec_text(ct_conn *conn, const ct_stmt *stmt, bool oneshot, int nparams,
                       const char *const *params, const char *what, char **out, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = exec_stmt(conn, stmt, oneshot, nparams, params, NULL, NULL, &rows, err);

    *out = NULL;
    if (rc != CT_OK)
        goto out;
    if (ct_rows_count(rows) == 0 || ct_rows_get(rows, 0, 0) == NULL) {
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such %s", what);
        goto out;
    }
    *out = strdup(ct_rows_get(rows, 0, 0));
    if (*out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
out:
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_exec_text(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
                   const char *what, char **out, ct_error *err)
{
    return exec_text(conn, stmt, false, nparams, params, what, out, err);
}

ct_rc ct_exec_oneshot_text(ct_conn *conn, const ct_stmt *stmt, int nparams,
                           const char *const *params, const char *what, char **out,
                           ct_error *err)
{
    return exec_text(conn, stmt, true, nparams, params, what, out, err);
}

/* ---- a worker's own connection ---------------------------------------------- */

ct_rc ct_conn_open(const char *conninfo, const ct_session_settings *settings,
                   const char *channel, ct_log_fn log, void *log_data, ct_conn **out,
                   ct_error *err)
{
    ct_pool *owner = NULL;
    ct_conn *conn = NULL;
    ct_rc rc;
    char listen[160];

    *out = NULL;
    /* A pool of size 0 carries the settings and the log for this connection. */
    rc = ct_pool_open(conninfo, 0, settings, log, log_data, &owner, err);
    if (rc != CT_OK)
        return rc;
    conn = calloc(1, sizeof *conn);
    if (conn == NULL) {
        ct_pool_close(owner);
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    conn->pool = owner;
    /* Named in pg_stat_activity, so that a DBA (and a test) can tell the
       listeners from the pool's connections. */
    if (channel) {
        snprintf(listen, sizeof listen, "LISTEN %s; SET application_name = 'claimtrack %s'",
                 channel, channel);
        conn->channel = strdup(listen);
        if (conn->channel == NULL) {          /* without it the connection would not listen */
            ct_conn_close(conn);
            return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        }
    }
    rc = conn_open(owner, conn, err);
    if (rc != CT_OK) {
        ct_conn_close(conn);
        return rc;
    }
    *out = conn;
    return CT_OK;
}

void ct_conn_close(ct_conn *conn)
{
    if (conn == NULL)
        return;
    PQfinish(conn->pg);
    ct_pool_close(conn->pool);
    free(conn->channel);
    free(conn);
}


/* Wait until libpq has a whole result to give, or the deadline passes
   (false). A signal does not count as a lost connection. */
static bool readable_by(ct_conn *conn, long long deadline)
{
    while (PQisBusy(conn->pg)) {
        long long left = deadline - monotonic_ms();
        struct pollfd fd = {PQsocket(conn->pg), POLLIN, 0};
        int ready = left > 0 ? poll(&fd, 1, (int)left) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0 || !PQconsumeInput(conn->pg) || PQstatus(conn->pg) != CONNECTION_OK)
            return false;
    }
    return true;
}

ct_rc ct_conn_wal_position(ct_conn *conn, uint64_t *lsn, bool *standby, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &ct_stmt_wal_position, 0, NULL, &rows, err);
    const char *at = rc == CT_OK ? ct_rows_get(rows, 0, 0) : NULL;
    const char *recovery = rc == CT_OK ? ct_rows_get(rows, 0, 1) : NULL;

    *lsn = 0;
    *standby = false;
    /* A standby that has replayed nothing yet has no replay position. */
    if (rc == CT_OK && at != NULL)
        *lsn = strtoull(at, NULL, 10);
    if (rc == CT_OK)
        *standby = recovery != NULL && recovery[0] == 't';
    ct_rows_free(rows);
    return rc;
}

/* The answer of the query just sent, by the deadline: its first row's
   first value into value (size bytes; "" for SQL NULL) when value is not
   NULL. Every PQgetResult is preceded by a wait with the deadline: the
   last one (NULL) waits for ReadyForQuery, which may come apart from the
   row. No answer in time, or a failed one: CT_WAIT_UNAVAILABLE, and the
   query is left outstanding on a connection that will be reset, not
   read. Otherwise CT_WAIT_NOTIFIED when notifications came meanwhile,
   else 0. */
static int answer_by(ct_conn *conn, long long deadline, char *value, size_t size)
{
    PGresult *res = NULL;
    PGnotify *note;
    bool answered = true, first = true;
    int seen = 0;

    while (answered && (answered = readable_by(conn, deadline)) &&
           (res = PQgetResult(conn->pg)) != NULL) {
        answered = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
        if (answered && first && value != NULL)
            snprintf(value, size, "%s", PQgetvalue(res, 0, 0));
        first = false;
        PQclear(res);
    }
    if (!answered) {
        conn->ready = false;
        return CT_WAIT_UNAVAILABLE;
    }
    while ((note = PQnotifies(conn->pg)) != NULL) {
        PQfreemem(note);
        seen |= CT_WAIT_NOTIFIED;
    }
    return seen;
}

int ct_conn_ping(ct_conn *conn, int timeout_ms)
{
    long long deadline = monotonic_ms() + timeout_ms;

    if (!conn->ready || PQstatus(conn->pg) != CONNECTION_OK || !PQsendQuery(conn->pg, "SELECT 1")) {
        conn->ready = false;
        return CT_WAIT_UNAVAILABLE;
    }
    return answer_by(conn, deadline, NULL, 0);
}

int ct_conn_wal_position_by(ct_conn *conn, int timeout_ms, uint64_t *lsn)
{
    long long deadline = monotonic_ms() + timeout_ms;
    char at[32] = "";
    int seen;

    *lsn = UINT64_MAX;
    if (!conn->ready || PQstatus(conn->pg) != CONNECTION_OK ||
        !PQsendQueryPrepared(conn->pg, ct_stmt_wal_position.name, 0, NULL, NULL, NULL, 0)) {
        conn->ready = false;
        return CT_WAIT_UNAVAILABLE;
    }
    seen = answer_by(conn, deadline, at, sizeof at);
    if (!(seen & CT_WAIT_UNAVAILABLE) && at[0] != '\0')
        *lsn = strtoull(at, NULL, 10);
    return seen;
}

int ct_conn_wait(ct_conn *conn, int wake_fd, int timeout_ms)
{
    struct pollfd fds[2] = {{-1, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    PGnotify *note;
    int seen = 0;

    if (!conn->ready || PQstatus(conn->pg) != CONNECTION_OK) {
        if (conn_open(conn->pool, conn, NULL) != CT_OK) {
            poll(&fds[1], 1, timeout_ms);       /* the database is away: back off */
            return CT_WAIT_UNAVAILABLE;
        }
        seen |= CT_WAIT_CONNECTED;
    }
    /* A notification that arrived while the last statement ran is already
       in libpq's queue, not on the socket: waiting for the socket would
       sleep through it (up to timeout_ms). A connection just opened again
       is told at once too: its caller is waiting to use it. */
    while ((note = PQnotifies(conn->pg)) != NULL) {
        PQfreemem(note);
        seen |= CT_WAIT_NOTIFIED;
    }
    if (seen & (CT_WAIT_NOTIFIED | CT_WAIT_CONNECTED))
        return seen;
    fds[0].fd = PQsocket(conn->pg);
    if (poll(fds, 2, timeout_ms) > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        /* A terminated backend sends its FATAL message and closes: the
           read may succeed and leave the connection bad. */
        if (!PQconsumeInput(conn->pg) || PQstatus(conn->pg) != CONNECTION_OK) {
            conn->ready = false;
            seen |= CT_WAIT_UNAVAILABLE;
        }
        while ((note = PQnotifies(conn->pg)) != NULL) {
            PQfreemem(note);
            seen |= CT_WAIT_NOTIFIED;
        }
    }
    return seen;
}
