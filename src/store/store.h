/*
 * store.h -- PostgreSQL access: a fixed connection pool, prepared
 * statements and result rows.
 *
 * The pool opens all its connections at open() and prepares on each every
 * statement the modules above hand it (each module keeps its SQL beside
 * its code, as `ct_stmt` constants, and lists them in a NULL-ended
 * `ct_<module>_sql` array; the door passes the lists), so a request never
 * pays for a connect or a parse. Callers name a statement by its constant. A connection found broken is reset and re-prepared when it
 * is next taken. The store knows nothing of roles, routes or HTTP, and no
 * libpq type leaks out of it.
 */
#ifndef CT_STORE_H
#define CT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/log.h"

/* One prepared statement: its name on the connection, its SQL text with
   $1..$n placeholders (parameters are always bound, never spliced), n. */
typedef struct ct_stmt {
    const char *name;
    const char *sql;
    int         nparams;
} ct_stmt;

/* The store's own statements, prepared on every connection whatever the
   lists say: savepoints (an imported item is written inside its own, so an
   item the database refuses is skipped without losing the others) and the
   applied schema version. */
extern const ct_stmt ct_stmt_savepoint;          /* SAVEPOINT ct_item                 */
extern const ct_stmt ct_stmt_savepoint_release;  /* RELEASE SAVEPOINT ct_item         */
extern const ct_stmt ct_stmt_savepoint_rollback; /* ROLLBACK TO SAVEPOINT ct_item     */
extern const ct_stmt ct_stmt_schema_version;     /* -> highest applied migration      */

typedef struct ct_pool ct_pool;
typedef struct ct_conn ct_conn;
typedef struct ct_rows ct_rows;


/*
 * Connect size connections with conninfo ("" uses the PG* environment),
 * set each session up (UTC, statement_timeout, the caller's session
 * variables, claimtrack.time_zone, search_path = the plugin's schema
 * alone), and
 * prepare every statement: every connection's statements are sent at once
 * (libpq pipeline mode) before any answer is read, so that the server
 * parses them side by side. A statement the server refuses fails the open
 * with CT_EINTERNAL "db_error", and the log names it and gives the
 * server's message (the statements after it, never parsed, are not
 * named). Migrations must
 * have run first (see migrate.h), since preparing checks the tables.
 * A time zone the database does not know fails with CT_EINVALID
 * (invalid_value, field time_zone).
 */
typedef struct ct_session_settings {
    int         statement_timeout_ms;
    const char *variables;          /* JSON object {"claimtrack.x": "text", ...}: session
                                       variables the schema's functions read; may be NULL */
    const char *time_zone;          /* claimtrack.time_zone: the newsroom's IANA zone */
    const char *schema;             /* search_path: claimtrack's own schema          */
    const ct_stmt *const *const *statements; /* NULL-ended list of the modules'
                                               NULL-ended ct_<module>_sql lists */
    bool        remote_apply;       /* synchronous_commit remote_apply, else on */
} ct_session_settings;

ct_rc ct_pool_open(const char *conninfo, size_t size, const ct_session_settings *settings,
                   ct_log_fn log, void *log_data, ct_pool **out, ct_error *err);

/*
 * A new connection for conninfo (a libpq keyword string or URI; "" for
 * libpq's defaults and environment), as PQconnectdb opens one, except that
 * establishing it is bounded: CT_CONNECT_TIMEOUT_S seconds per host tried
 * (libpq's connect_timeout), unless conninfo names its own
 * connect_timeout, which wins. Without it libpq waits on a server that
 * accepts and never answers, or a host that drops packets, for as long
 * as the operating system lets a connection attempt run: minutes, with
 * every page that needs the database waiting behind it. The caller checks
 * PQstatus and PQfinish-es the result; NULL only for want of memory.
 * Every connection claimtrack opens goes through here (the pools, their
 * resets with PQreset, which keeps the bound, and the migrations).
 */
#define CT_CONNECT_TIMEOUT_S "5"
struct pg_conn *ct_store_connect(const char *conninfo);   /* a PGconn */

/*
 * A pool of connections to streaming standbys, for readers' reads.
 * conninfo is a libpq connection string or URI and may name several hosts
 * (libpq's multi-host form); unless it names its own
 * target_session_attrs, prefer-standby is added, so libpq picks a standby
 * among them and takes any server when none is up. A connection that
 * cannot be opened is not an error here: it is tried again at
 * ct_pool_acquire, at most once a second (CT_EUNAVAILABLE
 * "db_unavailable" meanwhile), and the caller reads from the primary.
 * CT_EINVALID (invalid_value, field "replicas") when libpq cannot parse
 * conninfo.
 */
ct_rc ct_pool_open_standbys(const char *conninfo, size_t size,
                            const ct_session_settings *settings, ct_log_fn log, void *log_data,
                            ct_pool **out, ct_error *err);

/* Close every connection and free the pool. NULL is fine. */
void ct_pool_close(ct_pool *pool);

/*
 * Take a connection, waiting at most wait_ms for one to be free
 * (CT_EUNAVAILABLE "pool_exhausted" after that): the one the calling
 * thread took last if it is free, else the one given back last. A broken
 * connection is reset first (CT_EUNAVAILABLE "db_unavailable" if that
 * fails).
 */
ct_rc ct_pool_acquire(ct_pool *pool, int wait_ms, ct_conn **out, ct_error *err);

/* Give a connection back; an open transaction is rolled back. */
void ct_pool_release(ct_pool *pool, ct_conn *conn);

/*
 * A connection of its own, outside the pool, for a background worker: set
 * up and prepared like the pool's, and listening on channel (may be NULL).
 * It is reset and listens again when found broken by ct_conn_wait.
 */
ct_rc ct_conn_open(const char *conninfo, const ct_session_settings *settings,
                   const char *channel, ct_log_fn log, void *log_data, ct_conn **out,
                   ct_error *err);
void  ct_conn_close(ct_conn *conn);

/* What ct_conn_wait saw (bits). */
enum {
    CT_WAIT_NOTIFIED    = 1,   /* at least one notification arrived (consumed) */
    CT_WAIT_CONNECTED   = 2,   /* the connection was (re)opened and listens again */
    CT_WAIT_UNAVAILABLE = 4    /* the connection is lost or cannot be opened now */
};

/* Wait up to timeout_ms for a notification on the connection or for
   wake_fd to become readable; consumes what arrived. A lost connection is
   opened again first, and then the call returns at once. Returns CT_WAIT_*
   bits: a listener that must not miss a notification treats CONNECTED
   and UNAVAILABLE as "some may have been missed". */
int   ct_conn_wait(ct_conn *conn, int wake_fd, int timeout_ms);

/*
 * Prove the connection alive: send SELECT 1 and wait at most timeout_ms
 * for its answer, never longer (a database host that vanished without
 * closing the connection answers nothing, and a blocking call would wait
 * for TCP to give up). Returns CT_WAIT_NOTIFIED if notifications came
 * with the answer, 0 when it came, CT_WAIT_UNAVAILABLE when it did not:
 * the connection is then marked broken, and ct_conn_wait connects anew.
 */
int ct_conn_ping(ct_conn *conn, int timeout_ms);

/*
 * Where the connection's server stands in the write-ahead log, in bytes
 * from 0/0: a standby (*standby true) answers how far it has replayed (0
 * before it replayed anything), a primary how far it has written.
 */
ct_rc ct_conn_wal_position(ct_conn *conn, uint64_t *lsn, bool *standby, ct_error *err);

/*
 * The same, asked of a listener's connection and waited for at most
 * timeout_ms, as ct_conn_ping waits (a primary gone quiet must not hold
 * the listener, which nothing else would tell of changes meanwhile).
 * *lsn is UINT64_MAX when the answer did not come, or came without a
 * position. Returns as ct_conn_ping: CT_WAIT_UNAVAILABLE (the connection
 * marked broken), or CT_WAIT_NOTIFIED when notifications came with the
 * answer, else 0.
 */
int ct_conn_wal_position_by(ct_conn *conn, int timeout_ms, uint64_t *lsn);

/* True when the connection's socket is known to be broken. */
bool ct_conn_broken(const ct_conn *conn);

/* Whether conn came from a pool of standbys (ct_pool_open_standbys): a
   server that may be in recovery, where nothing can be written and
   unlogged tables cannot be read. */
bool ct_conn_on_standbys(const ct_conn *conn);

/* Force a reset on next acquire (used by tests and after fatal errors). */
void ct_conn_mark_broken(ct_conn *conn);

/* BEGIN / COMMIT / ROLLBACK on this connection. */
ct_rc ct_tx_begin(ct_conn *conn, ct_error *err);
ct_rc ct_tx_commit(ct_conn *conn, ct_error *err);
void  ct_tx_rollback(ct_conn *conn);

/*
 * Run prepared statement stmt with nparams text parameters (NULL is SQL
 * NULL). On success *rows (when rows is not NULL) holds the result, to be
 * freed with ct_rows_free. Database errors map to CT_EUNAVAILABLE when the
 * connection broke and CT_EINTERNAL otherwise (details go to the log,
 * never to the caller's message).
 */
ct_rc ct_exec(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
              ct_rows **rows, ct_error *err);

/*
 * Run stmt and return column 0 of its first row as malloc'd text in *out;
 * CT_ENOTFOUND ("no such <what>") when there is no row or it is NULL.
 */
ct_rc ct_exec_text(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
                   const char *what, char **out, ct_error *err);

/*
 * As ct_exec_text, but stmt is not prepared: its text goes with the values
 * each time, and PostgreSQL plans it for them. For the few statements
 * whose best plan depends on the value (a search: a rare word is found
 * through an index, a common one by walking the newest rows); planning
 * costs each call what preparing saves, so hot statements are prepared.
 */
ct_rc ct_exec_oneshot_text(ct_conn *conn, const ct_stmt *stmt, int nparams,
                           const char *const *params, const char *what, char **out,
                           ct_error *err);

/* As ct_exec, with lengths and formats (1 = binary) per parameter. */
ct_rc ct_exec_params(ct_conn *conn, const ct_stmt *stmt, int nparams, const char *const *params,
                     const int *lengths, const int *formats, ct_rows **rows, ct_error *err);

/* Run one SQL text with no parameters (migrations, set-up). */
ct_rc ct_exec_sql(ct_conn *conn, const char *sql, ct_error *err);

size_t      ct_rows_count(const ct_rows *rows);
/* Text of row r, column c; NULL for SQL NULL. */
const char *ct_rows_get(const ct_rows *rows, size_t r, int c);
/* Length in bytes of row r, column c. */
size_t      ct_rows_len(const ct_rows *rows, size_t r, int c);
void        ct_rows_free(ct_rows *rows);

#endif
