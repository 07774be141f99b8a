/*
 * claimtrack/plugin.h -- the plugin ABI, version 1.
 *
 * This is the only header a host CMS needs. The host loads the plugin with
 * dlopen(), looks up the single exported symbol claimtrack_plugin_v1 and asks
 * it for the function table of the ABI version the host was built against.
 * A plugin that does not speak that version answers NULL, so a mismatch is
 * refused at load time instead of crashing later (the same idea as
 * PostgreSQL's PG_MODULE_MAGIC).
 *
 * Like SQLite's extension API, the host lends its services to the plugin as
 * a struct of function pointers (ct_host_v1) and the plugin hands back its
 * own (ct_plugin_v1). Structs are only ever extended at the end, and only
 * together with a new ABI version.
 *
 * All text crossing the boundary is UTF-8 JSON. Request and response
 * envelopes are described in docs/envelope.md, every error code in
 * docs/errors.md, the configuration in docs/config.md and each route in
 * docs/routes/; docs/README.md is the index and states the ABI policy.
 *
 * ---------------------------------------------------------------------------
 * The life of an instance
 * ---------------------------------------------------------------------------
 *
 *     void *so = dlopen("claimtrack.so", RTLD_NOW | RTLD_LOCAL);
 *     claimtrack_plugin_v1_fn entry =
 *         (claimtrack_plugin_v1_fn)dlsym(so, "claimtrack_plugin_v1");
 *     const ct_plugin_v1 *ct = entry ? entry(CLAIMTRACK_ABI_VERSION) : NULL;
 *     if (ct == NULL)
 *         ... refuse to load: not a claimtrack plugin of this ABI ...
 *     static const ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, NULL, my_log};
 *     char *error = NULL;
 *     void *inst = ct->open(&host, config_json, &error);
 *     if (inst == NULL) {
 *         report(error ? error : "out of memory");
 *         ct->free_string(error);
 *     }
 *     ... any number of threads: ...
 *         char *response = ct->handle(inst, request_json);
 *         ... answer from response (NULL: out of memory, answer 500) ...
 *         ct->free_string(response);
 *     ... when no handle() runs any more: ...
 *     ct->close(inst);
 *     dlclose(so);           (only after every instance is closed and every
 *                             returned string freed)
 *
 * ---------------------------------------------------------------------------
 * Threads, in one table
 * ---------------------------------------------------------------------------
 *
 *   claimtrack_plugin_v1()  any thread, any time, concurrently; no state.
 *   open()                  any thread; instances are independent, and
 *                           several may be opened (also at the same time)
 *                           in one process.
 *   handle()                any number of threads at once on one instance.
 *   free_string()           any thread, any time before dlclose().
 *   close()                 once per instance, when no handle() on that
 *                           instance runs or can still start.
 *   ct_host_v1.log          called by the plugin from the thread in open(),
 *                           from every thread in handle(), and from the
 *                           plugin's own background worker threads (see
 *                           ct_host_v1.log below), until close() returns.
 *
 * Nothing of the plugin may be called from inside ct_host_v1.log.
 *
 * ---------------------------------------------------------------------------
 * Memory, in one table
 * ---------------------------------------------------------------------------
 *
 *   passed by the host          the plugin reads it ...      then
 *   ct_host_v1 *host            from open() until close()     host frees it
 *                               returns (pointer kept)        after close()
 *   host->host_data             never; only handed back       host's own
 *   config_json                 during open() only (copied)   host's own
 *   request_json                during handle() only          host's own
 *
 *   returned by the plugin      valid ...                     released with
 *   const ct_plugin_v1 *        until dlclose()               never freed
 *   ct_plugin_v1.name, .version until dlclose()               never freed
 *   *error_out of open()        until released                free_string()
 *   the result of handle()      until released (also after    free_string()
 *                               close() of its instance)
 *   the instance of open()      until close()                 close()
 *   message passed to log       during that log call only     never freed
 *
 * ---------------------------------------------------------------------------
 * Versions
 * ---------------------------------------------------------------------------
 *
 * CLAIMTRACK_ABI_VERSION numbers the layout of the two structs and the
 * calling rules written in this file. The ABI policy (docs/README.md):
 * a member, once published, is never removed, reordered, retyped or given
 * another meaning; new members are only ever appended at the end of a
 * struct, and only in a new ABI version; the one exported symbol keeps its
 * name and signature. A plugin that speaks a later version still answers
 * claimtrack_plugin_v1(1) with a table of exactly this layout, so a host
 * of v1 keeps working; a plugin never hands a host a table of a version the
 * host did not ask for. The JSON carried by the strings (envelopes,
 * configuration) may grow within v1: new routes, optional request fields,
 * response fields, error codes and configuration keys. A host ignores
 * response fields it does not know.
 *
 * ct_plugin_v1.version (the plugin's release, "1.0.0") is a different
 * number from the ABI version and says nothing about compatibility: use it
 * in logs, never to decide what a table holds.
 */
#ifndef CLAIMTRACK_PLUGIN_H
#define CLAIMTRACK_PLUGIN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The ABI version this header describes.
 *
 * The host passes it to claimtrack_plugin_v1() and stores it in
 * ct_host_v1.abi_version; the plugin stores it in ct_plugin_v1.abi_version.
 * It is 1 for as long as this file describes ABI v1: a later ABI gets its
 * own number, and this one is never reused for another layout. The plugin
 * answers claimtrack_plugin_v1() with NULL for every version it does not
 * speak (this release speaks 1 only, and answers NULL for 0, 2 and every
 * other value), and open() refuses a ct_host_v1 whose abi_version is not 1.
 */
#define CLAIMTRACK_ABI_VERSION 1u

/*
 * Log levels passed to ct_host_v1.log.
 *
 * Ordered by severity, so a host filters with `level >= threshold` (the
 * reference hosts print CT_LOG_WARN and above). The values never change.
 *
 * CT_LOG_DEBUG  Detail for developers. Reserved: this release never logs at
 *               this level.
 * CT_LOG_INFO   A notable event that needs no action. This release logs one:
 *               open() moving the tables of an earlier release out of the
 *               public schema into the plugin's own.
 * CT_LOG_WARN   Something failed and was (or will be) recovered without the
 *               host's help: a broken pooled connection being reset, a
 *               connection lost in the middle of a statement (the request
 *               then answers 503 db_unavailable, or a read is retried once),
 *               a background job (an evidence fetch or a webhook delivery
 *               pass) that failed and will be tried again.
 * CT_LOG_ERROR  An operation failed: connecting to the database, setting up
 *               a session, preparing a statement, a migration step, or a
 *               statement the server refused (with the server's own words,
 *               which may quote values; response envelopes never carry SQL
 *               or the server's text, the log does).
 *
 * A host should treat a value it does not know as CT_LOG_ERROR.
 */
#define CT_LOG_DEBUG 0
#define CT_LOG_INFO  1
#define CT_LOG_WARN  2
#define CT_LOG_ERROR 3

/*
 * What the host lends the plugin. The struct must outlive the instance
 * opened with it.
 *
 * open() keeps the pointer, not a copy: the struct and everything it points
 * to must stay valid and unchanged from the call to open() until close() of
 * that instance has returned. One struct may serve any number of instances
 * (a `static const` one is the usual choice). Passing NULL instead of a
 * struct to open() is allowed and means: no log.
 */
typedef struct ct_host_v1 {
    /*
     * CLAIMTRACK_ABI_VERSION, the layout of this struct. open() fails with
     * the message "host ABI version N is not supported (this plugin speaks
     * 1)" (code abi_mismatch) for any other value, and reads no other
     * member then. A later ABI version may append members; the plugin reads
     * only the members of the version written here.
     */
    uint32_t abi_version;   /* CLAIMTRACK_ABI_VERSION                          */
    /*
     * The host's own pointer, handed back as the first argument of every
     * call of log. The plugin never reads, writes or frees what it points
     * to. May be NULL.
     */
    void    *host_data;     /* handed back to every callback                   */
    /*
     * Receive one log message. May be NULL: the plugin then logs nothing.
     *
     * level is one of CT_LOG_DEBUG .. CT_LOG_ERROR. message is a
     * NUL-terminated string of at most 511 bytes, normally UTF-8, that may
     * span several lines and may end with a newline (PostgreSQL's own
     * messages do). It belongs to the plugin and is valid only during the
     * call: copy it to keep it. host_data is ct_host_v1.host_data.
     *
     * Threads: log is called from any thread, and from several at once:
     *   - the thread running open() (connecting, migrating, preparing);
     *   - every thread running handle() (pooled connections that broke,
     *     statements that failed), concurrently;
     *   - the plugin's own background worker threads, started by open()
     *     unless the configuration says "outbound": {"workers": false}:
     *     the evidence worker (always) and the webhook worker (when webhooks
     *     are configured) log their failed jobs and failed connection
     *     attempts (every outbound.poll_ms while the database is down), at
     *     any time, also while close() is stopping them.
     * It is never called after close() of the instance has returned (nor
     * after a failed open() has returned). log must therefore be
     * thread-safe, should return quickly (it may be called while a database
     * connection is held for a request) and must not call any function of
     * the plugin: not handle(), not close() (a worker thread calling close()
     * would wait for itself), not open().
     */
    /* May be NULL. Called from any thread; message is valid during the call. */
    void   (*log)(void *host_data, int level, const char *message);
} ct_host_v1;

/*
 * What the plugin gives the host. Static; never freed.
 *
 * claimtrack_plugin_v1() returns a pointer to a table inside the plugin: the
 * same pointer on every call, read-only (the host must not write to it),
 * valid until the shared object is unloaded with dlclose().
 */
typedef struct ct_plugin_v1 {
    /* The version of this table's layout: CLAIMTRACK_ABI_VERSION, the
       version the host asked for. */
    uint32_t    abi_version;  /* CLAIMTRACK_ABI_VERSION                        */
    /* "claimtrack": a static string, valid until dlclose(). */
    const char *name;         /* "claimtrack"                                  */
    /* The plugin's release as a semantic version ("1.0.0"): a static string,
       valid until dlclose(). For logs and support requests; it says nothing
       about the ABI (see "Versions" above). */
    const char *version;      /* semantic version of the plugin, "1.0.0"       */

    /*
     * Open an instance: parse config_json, connect the connection pool and
     * bring the database schema up to date (migrations run under an advisory
     * lock, so several hosts may open one database at once).
     * Returns NULL on failure; *error_out (when error_out is not NULL) then
     * holds a message the caller releases with free_string.
     *
     * In order, open():
     *   1. checks host->abi_version (when host is not NULL);
     *   2. parses config_json strictly (docs/config.md): unknown keys, wrong
     *      types and values out of range are errors, never ignored;
     *   3. connects once and applies the schema migrations compiled into the
     *      plugin, each in its own transaction, under a PostgreSQL advisory
     *      lock (a second process opening the same database waits for the
     *      first to finish; this wait has no timeout of its own);
     *   4. opens pool_size connections, each with its session settings and
     *      every statement prepared;
     *   5. starts the background workers (evidence archiving; webhook
     *      delivery when webhooks are configured), each with a connection of
     *      its own, unless "outbound": {"workers": false}.
     * It blocks for as long as this takes: connecting (libpq's own
     * connect_timeout, when the conninfo sets one), waiting for the
     * migration lock, and migrating.
     *
     * host: the host's services, or NULL (no log). Kept, not copied: see
     *   ct_host_v1.
     * config_json: NUL-terminated UTF-8 JSON text of an object; NULL or ""
     *   means every default. Read during the call only (what is needed is
     *   copied).
     * error_out: NULL, or where to store a message on failure. *error_out is
     *   set to NULL on entry and stays NULL on success. On failure it
     *   receives a malloc'd, NUL-terminated message, "field: message" when
     *   the error names a configuration field ("pool_size: pool_size must
     *   be between 1 and 64") and "message" otherwise; the caller owns it
     *   and releases it with free_string. It can stay NULL on failure when
     *   memory ran out. The message is for people: it carries no error code
     *   and its wording may change between releases.
     *
     * Returns an opaque instance pointer, valid until close(), or NULL on
     * failure. A failed open() leaves nothing behind: every connection it
     * made is closed and no thread of it is running when it returns.
     * Failures: host ABI version not 1; configuration errors (wrong_type,
     * unknown_field, out_of_range, too_short, too_long, empty,
     * invalid_value, invalid_url, invalid_language, unsupported_language,
     * invalid_json, ...); a time_zone the database does not know; the
     * database unreachable (db_unavailable); a failed migration
     * (migration_failed) or a database migrated by a newer plugin
     * (schema_too_new); a statement that could not be prepared (db_error);
     * libcurl, a pipe or a thread that could not be set up (internal); out
     * of memory. See docs/errors.md.
     *
     * Threads: may be called from any thread. Every instance has its own
     * pool, workers and copy of the configuration, so a process may keep
     * several (for several databases or schemas), opened at the same time
     * or not. open() calls log from the calling thread, and the workers it
     * starts call it from theirs.
     */
    void *(*open)(const ct_host_v1 *host, const char *config_json, char **error_out);

    /*
     * Serve one request envelope and return the response envelope as JSON
     * text, released with free_string. Thread-safe: may be called from many
     * threads at once on one instance. Returns NULL only when out of memory.
     *
     * instance: a pointer open() returned, not yet closed. request_json: a
     * NUL-terminated request envelope (docs/envelope.md), read during the
     * call only and never modified; its length is taken with strlen(), so
     * an embedded NUL ends it. A NULL instance or request_json gets a
     * 400 invalid_request envelope, not a crash and not NULL.
     *
     * Returns a malloc'd, NUL-terminated UTF-8 response envelope,
     * {"status", "content_type", "body"[, "headers"][, "body_encoding"]},
     * which the caller owns and releases with free_string exactly once; it
     * stays valid after close() of the instance (but not after dlclose()).
     * Every outcome is an envelope, errors included: status 400-503 with
     * {"error": {"code", "message", "field"?}} as the body. NULL is returned
     * only when memory ran out while building the envelope; the host then
     * answers 500 itself.
     *
     * What it does: size check, strict parse and decoding of the envelope,
     * route lookup, role check and every check of the input, all before a
     * database connection is taken; then the route runs on one pooled
     * connection, a write inside one transaction, so a request that fails
     * writes nothing (POST /jobs/run is the exception: each fetch and
     * delivery it performs commits on its own). A read whose connection
     * broke is retried once on a fresh connection.
     *
     * Threads and blocking: any number of threads may call handle() at once
     * on one instance; each call holds one pooled connection while it runs.
     * When all pool_size connections are busy a call waits up to
     * pool_wait_ms for one, then answers 503 pool_exhausted. A call blocks
     * for its database work (each statement is bounded by
     * statement_timeout_ms: 503 db_timeout) and, for POST /jobs/run, for
     * the network transfers it performs in the calling thread (each bounded
     * by outbound.timeout_ms). handle() may call log from the calling
     * thread. It must not be called from inside log, nor on an instance
     * that close() is closing or has closed.
     */
    char *(*handle)(void *instance, const char *request_json);

    /* Release a string returned by open (error_out) or handle. NULL is fine.
     *
     * Use it, and not the host's free(): the string was allocated by the
     * plugin's allocator. Pass each string once, and nothing else. May be
     * called from any thread, also after close() of the instance the string
     * came from, but not after dlclose(). */
    void  (*free_string)(char *s);

    /* Join background work, close every connection and free the instance.
       No handle() call may be running or follow. NULL is fine.

       In order: sets the workers' stop flag, cancels a transfer in flight
       (the evidence fetch or webhook delivery stays queued in the database,
       untried, for the next open() or for another host's workers), joins
       the worker threads, closes every pooled connection and frees the
       instance with its copy of the configuration. Queued work is never
       lost. It returns within a bounded time: usually at once, at worst
       after a database statement, a connection attempt or one
       outbound.poll_ms pause that a worker has in progress.

       The host must not call close() while handle() on the same instance
       runs in another thread, or while one may still start; nor twice; nor
       from inside log. Workers may still call log while close() runs; once
       it returns, the plugin never calls log again for this instance, and
       the ct_host_v1 struct and its host_data may be released. Strings
       that handle() returned stay valid until free_string. */
    void  (*close)(void *instance);
} ct_plugin_v1;

/*
 * The one exported symbol. Returns the function table for host_abi_version,
 * or NULL when the plugin does not support that version.
 *
 * This release returns its ABI v1 table for 1 and NULL for every other
 * value. It allocates nothing, has no side effect and is safe to call from
 * any thread, any number of times; the table it returns is static (see
 * ct_plugin_v1). A host that gets NULL must not use the plugin. Everything
 * else in the shared object has hidden visibility: the symbol's name and
 * signature never change, and a plugin of a later ABI still answers 1 with
 * a v1 table.
 */
const ct_plugin_v1 *claimtrack_plugin_v1(uint32_t host_abi_version);

/* The type of claimtrack_plugin_v1, for dlsym(): cast dlsym()'s result to
   it, as in the example at the top of this file. */
typedef const ct_plugin_v1 *(*claimtrack_plugin_v1_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* CLAIMTRACK_PLUGIN_H */
