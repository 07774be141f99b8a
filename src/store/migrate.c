/*
 * migrate.c -- apply the embedded sql/ migrations (see migrate.h).
 *
 * Uses libpq directly on its own short-lived connection: migrations run
 * before the pool exists, since preparing the pool's statements needs the
 * schema in place. The connection's search_path is the plugin's schema
 * alone, so the migrations' unqualified names (ct_claims,
 * schema_migrations) all land there, as the pool's statements later find
 * them.
 */
#include "store/migrate.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/vocabulary.h"
#include "store/store.h"

/* "claimtrack" read as a number; any fixed key would do. */
#define CT_MIGRATION_LOCK_KEY "7438230150"

static ct_rc run(PGconn *pg, const char *sql, ct_log_fn log, void *log_data,
                 const char *what, ct_error *err)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType status = PQresultStatus(res);
    ct_rc rc = CT_OK;

    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "migration step %s failed: %s", what,
                 PQresultErrorMessage(res));
        if (log)
            log(log_data, CT_LEVEL_ERROR, msg);
        rc = ct_fail(err, CT_EINTERNAL, "migration_failed", NULL,
                     "database migration %s failed", what);
    }
    PQclear(res);
    return rc;
}

static ct_rc current_version(PGconn *pg, int *version, ct_error *err)
{
    PGresult *res = PQexec(pg, "SELECT COALESCE(max(version), 0) FROM schema_migrations");
    ct_rc rc = CT_OK;

    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        rc = ct_fail(err, CT_EINTERNAL, "migration_failed", NULL,
                     "cannot read schema_migrations");
    else
        *version = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* The one value of a query on pg (params as text); false when it fails. */
static bool query_bool(PGconn *pg, const char *sql, int nparams, const char *const *params)
{
    PGresult *res = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
    bool yes = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
               PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return yes;
}

/* ct_vocabulary() as src/vocabulary.txt has it: created when missing,
   replaced when the schema's has fewer words; untouched when it is the
   same, so that opening an up-to-date database needs no CREATE. */
static ct_rc ensure_vocabulary(PGconn *pg, ct_log_fn log, void *log_data, ct_error *err)
{
    const char *params[1] = {ct_vocab_function_body};

    if (query_bool(pg, "SELECT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = 'ct_vocabulary'"
                       " AND p.pronamespace = current_schema()::regnamespace"
                       " AND p.prosrc = $1)", 1, params))
        return CT_OK;
    /* Replaced only when it has no word ours lacks: words are only ever
       added, so a function with more is a newer release's, whose instances
       may be running (a rolling deploy, a rollback): it stays. */
    if (query_bool(pg, "SELECT to_regprocedure('ct_vocabulary(text)') IS NOT NULL", 0, NULL) &&
        !query_bool(pg, ct_vocab_covers_sql, 0, NULL)) {
        if (log)
            log(log_data, CT_LEVEL_INFO, "the database's vocabulary has words of a newer"
                " release; it is kept");
        return CT_OK;
    }
    return run(pg, ct_vocab_function_sql, log, log_data, "vocabulary", err);
}

/*
 * True when public holds what an earlier release of claimtrack created:
 * ct_claims and a schema_migrations of ours (version, name, applied_at,
 * with 001_core.sql recorded), while schema has no schema_migrations yet.
 * Another tool's public.schema_migrations never matches.
 */
static bool earlier_release_in_public(PGconn *pg, const char *schema)
{
    const char *params[1] = {schema};

    if (!query_bool(pg, "SELECT to_regclass(format('%I.schema_migrations', $1::text)) IS NULL"
                        " AND to_regclass('public.ct_claims') IS NOT NULL"
                        " AND (SELECT count(*) = 3 FROM information_schema.columns"
                        "      WHERE table_schema = 'public' AND table_name = 'schema_migrations'"
                        "        AND column_name IN ('version', 'name', 'applied_at'))",
                    1, params))
        return false;
    return query_bool(pg, "SELECT EXISTS (SELECT 1 FROM public.schema_migrations"
                          "               WHERE version = 1 AND name = '001_core.sql')", 0, NULL);
}

/* Move an earlier release's tables (with their indexes, constraints,
   triggers and identity sequences) and functions from public into schema,
   in one transaction. */
static ct_rc adopt_public(PGconn *pg, const char *schema, ct_log_fn log, void *log_data,
                          ct_error *err)
{
    char *quoted = PQescapeLiteral(pg, schema, strlen(schema)), sql[2048];
    ct_rc rc;

    if (quoted == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    snprintf(sql, sizeof sql,
        "DO $adopt$ DECLARE r record; BEGIN"
        " FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        "   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
        "     AND (c.relname LIKE 'ct\\_%%' OR c.relname = 'schema_migrations') LOOP"
        "  EXECUTE format('ALTER TABLE public.%%I SET SCHEMA %%I', r.relname, %s);"
        " END LOOP;"
        " FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p"
        "   JOIN pg_namespace n ON n.oid = p.pronamespace"
        "   WHERE n.nspname = 'public' AND p.proname LIKE 'ct\\_%%' LOOP"
        "  EXECUTE format('ALTER FUNCTION %%s SET SCHEMA %%I', r.signature, %s);"
        " END LOOP; END $adopt$", quoted, quoted);
    PQfreemem(quoted);
    if (log)
        log(log_data, CT_LEVEL_INFO, "moving an earlier release's tables from public into its schema");
    rc = run(pg, "BEGIN", log, log_data, "adopt", err);
    if (rc == CT_OK)
        rc = run(pg, sql, log, log_data, "adopt", err);
    if (rc == CT_OK)
        rc = run(pg, "COMMIT", log, log_data, "adopt", err);
    else
        PQclear(PQexec(pg, "ROLLBACK"));
    return rc;
}

/* CREATE SCHEMA IF NOT EXISTS, search_path = the schema alone, and the
   adoption of an earlier release's public tables. */
static ct_rc enter_schema(PGconn *pg, const char *schema, ct_log_fn log, void *log_data,
                          ct_error *err)
{
    char *ident = PQescapeIdentifier(pg, schema, strlen(schema)), sql[256];
    const char *params[1] = {schema};
    PGresult *res;
    ct_rc rc;

    if (ident == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", ident);
    PQfreemem(ident);
    /* Only when missing: CREATE, even IF NOT EXISTS, needs the privilege,
       and a role without it must be able to open an up-to-date database. */
    rc = query_bool(pg, "SELECT to_regnamespace(quote_ident($1)) IS NOT NULL", 1, params)
         ? CT_OK : run(pg, sql, log, log_data, "schema", err);
    if (rc != CT_OK)
        return rc;
    res = PQexecParams(pg, "SELECT set_config('search_path', quote_ident($1), false)",
                       1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = ct_fail(err, CT_EINTERNAL, "migration_failed", NULL, "cannot enter schema %s", schema);
    PQclear(res);
    if (rc == CT_OK && earlier_release_in_public(pg, schema))
        rc = adopt_public(pg, schema, log, log_data, err);
    return rc;
}

static ct_rc apply_one(PGconn *pg, const ct_migration *m, ct_log_fn log, void *log_data,
                       ct_error *err)
{
    char version[16];
    const char *params[2] = {version, m->name};
    PGresult *res = NULL;
    ct_rc rc;

    snprintf(version, sizeof version, "%d", m->version);
    rc = run(pg, "BEGIN", log, log_data, m->name, err);
    if (rc != CT_OK)
        goto out;
    rc = run(pg, m->sql, log, log_data, m->name, err);
    if (rc != CT_OK)
        goto out;
    res = PQexecParams(pg, "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)",
                       2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = ct_fail(err, CT_EINTERNAL, "migration_failed", NULL,
                     "cannot record migration %s", m->name);
        goto out;
    }
    rc = run(pg, "COMMIT", log, log_data, m->name, err);
out:
    PQclear(res);
    if (rc != CT_OK)
        PQclear(PQexec(pg, "ROLLBACK"));
    return rc;
}

/* Where the migration connection's server warnings go: the host's log. */
typedef struct notice_sink {
    ct_log_fn log;
    void     *log_data;
} notice_sink;

static void on_notice(void *arg, const char *message)
{
    const notice_sink *sink = arg;
    char line[512];
    size_t len = strlen(message);

    while (len > 0 && message[len - 1] == '\n')
        len--;
    snprintf(line, sizeof line, "database: %.*s", (int)len, message);
    if (sink->log)
        sink->log(sink->log_data, CT_LEVEL_WARN, line);
}

/* The newsroom's time zone as claimtrack.time_zone for the migrations
   about to run (sql/036 reads the days of earlier rows in it), checked
   as the pool's sessions check it (AT TIME ZONE): a name the database
   does not know is refused here, before any migration runs, never read
   as UTC. NULL: UTC. */
static ct_rc enter_time_zone(PGconn *pg, const char *time_zone, ct_error *err)
{
    const char *params[1] = {time_zone ? time_zone : "UTC"};
    PGresult *res = PQexecParams(pg, "SELECT set_config('claimtrack.time_zone', $1, false),"
                                     " now() AT TIME ZONE $1", 1, NULL, params, NULL, NULL, 0);
    ct_rc rc = CT_OK;

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        rc = state && strcmp(state, "22023") == 0
             ? ct_fail(err, CT_EINVALID, "invalid_value", "time_zone",
                       "time_zone \"%.64s\" is not a time zone the database knows"
                       " (an IANA name such as Asia/Almaty)", params[0])
             : ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                       "cannot set the time zone for the migrations");
    }
    PQclear(res);
    return rc;
}

ct_rc ct_migrate(const char *conninfo, const char *schema, const char *time_zone,
                 ct_log_fn log, void *log_data, int *schema_version, ct_error *err)
{
    notice_sink sink = {log, log_data};
    PGconn *pg = ct_store_connect(conninfo);
    bool locked = false;
    int version = 0;
    ct_rc rc;

    if (pg == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    PQsetNoticeProcessor(pg, on_notice, &sink);    /* sink outlives pg: PQfinish below */
    if (PQstatus(pg) != CONNECTION_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot connect to the database: %s", PQerrorMessage(pg));
        if (log)
            log(log_data, CT_LEVEL_ERROR, msg);
        rc = ct_fail(err, CT_EUNAVAILABLE, "db_unavailable", NULL,
                     "cannot connect to the database: %.180s", PQerrorMessage(pg));
        goto out;
    }
    rc = run(pg, "SET client_min_messages = warning", log, log_data, "set-up", err);
    if (rc == CT_OK)
        rc = run(pg, "SELECT pg_advisory_lock(" CT_MIGRATION_LOCK_KEY ")", log, log_data,
                 "lock", err);
    if (rc != CT_OK)
        goto out;
    locked = true;
    rc = enter_schema(pg, schema, log, log_data, err);
    if (rc == CT_OK && !query_bool(pg, "SELECT to_regclass('schema_migrations') IS NOT NULL",
                                   0, NULL))
        rc = run(pg, "CREATE TABLE schema_migrations ("
                 " version integer PRIMARY KEY, name text NOT NULL,"
                 " applied_at timestamptz NOT NULL DEFAULT now())",
             log, log_data, "schema_migrations", err);
    if (rc == CT_OK)
        rc = current_version(pg, &version, err);
    if (rc != CT_OK)
        goto out;
    if (ct_migrations_count > 0 && version > ct_migrations[ct_migrations_count - 1].version) {
        rc = ct_fail(err, CT_EUNAVAILABLE, "schema_too_new", NULL,
                     "the database schema (version %d) is newer than this plugin's (%d)",
                     version, ct_migrations[ct_migrations_count - 1].version);
        goto out;
    }
    /* The words the CHECKs accept (ct_vocabulary), before the migrations
       that use them; after them, the default rating scale when the desk has
       none yet. Never for a newer schema: its words may be more than ours. */
    rc = ensure_vocabulary(pg, log, log_data, err);
    if (rc == CT_OK)
        rc = enter_time_zone(pg, time_zone, err);
    for (int i = 0; i < ct_migrations_count && rc == CT_OK; i++) {
        if (ct_migrations[i].version <= version)
            continue;
        rc = apply_one(pg, &ct_migrations[i], log, log_data, err);
        if (rc == CT_OK)
            version = ct_migrations[i].version;
    }
    if (rc == CT_OK)
        rc = run(pg, ct_vocab_seed_sql, log, log_data, "rating scale", err);
out:
    if (locked)
        PQclear(PQexec(pg, "SELECT pg_advisory_unlock(" CT_MIGRATION_LOCK_KEY ")"));
    PQfinish(pg);
    if (rc == CT_OK && schema_version)
        *schema_version = version;
    return rc;
}
