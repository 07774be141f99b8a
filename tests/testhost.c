/*
 * testhost.c -- the dlopen()ing test host (see testhost.h).
 */
#include "testhost.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#include "claimtrack/loader.h"

void *th_instance;

/* Loaded once, never unloaded. */
static ct_loaded loaded;

const ct_plugin_v1 *th_entry_for(uint32_t version);
const ct_plugin_v1 *th_entry_for(uint32_t version)
{
    th_plugin();
    return loaded.entry(version);
}

const ct_plugin_v1 *th_plugin(void)
{
    if (loaded.api)
        return loaded.api;
    const char *path = getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
    char why[512];
    if (ct_loader_open(path, 0, &loaded, why, sizeof why) == NULL) {
        fprintf(stderr, "cannot load the plugin: %s\n", why);
        abort();
    }
    return loaded.api;
}

const char *th_db(void)
{
    const char *db = getenv("CT_TEST_DB");
    if (db == NULL) {
        fprintf(stderr, "CT_TEST_DB is not set: run the tests through scripts/pgtest.sh\n");
        abort();
    }
    return db;
}

const char *th_config(int pool_size)
{
    static char buf[1024];
    json_object *cfg = json_object_new_object();
    json_object_object_add(cfg, "database", json_object_new_string(th_db()));
    json_object_object_add(cfg, "pool_size", json_object_new_int(pool_size));
    json_object_object_add(cfg, "language", json_object_new_string("ru"));
    /* the desk whose ClaimReview the notices and the feed carry */
    json_object *publisher = json_object_new_object();
    json_object_object_add(publisher, "name", json_object_new_string("Factcheck.kz"));
    json_object_object_add(publisher, "url", json_object_new_string("https://factcheck.kz"));
    json_object_object_add(publisher, "article_url",
                           json_object_new_string("https://news.example.kz/articles/{id}"));
    json_object_object_add(cfg, "publisher", publisher);
    /* no background fetching of the example URLs the suites record */
    json_object *outbound = json_object_new_object();
    json_object_object_add(outbound, "workers", json_object_new_boolean(0));
    json_object_object_add(cfg, "outbound", outbound);
    snprintf(buf, sizeof buf, "%s", json_object_to_json_string(cfg));
    json_object_put(cfg);
    return buf;
}

/* The plugin's log goes to stderr when CT_TEST_LOG is set. */
static void stderr_log(void *data, int level, const char *message)
{
    (void)data;
    if (getenv("CT_TEST_LOG"))
        fprintf(stderr, "plugin log [%d]: %s\n", level, message);
}

const ct_host_v1 th_host = {CLAIMTRACK_ABI_VERSION, NULL, stderr_log};

void th_setup(void)
{
    char *error = NULL;
    th_instance = th_plugin()->open(&th_host, th_config(4), &error);
    if (th_instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
}

static char fresh_dbname[64];

void th_stamp_fresh(const char *sql)
{
    const char *state = th_sql_exec_on(fresh_dbname, sql);
    if (state[0] == 'E') {
        fprintf(stderr, "%s: %s\n", sql, state);
        abort();
    }
}

/* The suites' own connections see claimtrack's schema first, then public. */
#define TEST_SEARCH_PATH " options='-c search_path=claimtrack,public'"

void th_text_on(const char *dbname, const char *sql, char *out, size_t size)
{
    char conninfo[1024];
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s" TEST_SEARCH_PATH, th_db(), dbname);
    PGconn *conn = PQconnectdb(conninfo);
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) != 1) {
        fprintf(stderr, "%s: %s\n", sql, PQerrorMessage(conn));
        abort();
    }
    snprintf(out, size, "%s", PQgetisnull(res, 0, 0) ? "NULL" : PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(conn);
}

void th_warm_plan_on(const char *dbname, const char *statement, const char *types,
                     const char *args, char *plan, size_t size)
{
    size_t sql_size = strlen(statement) + 6 * strlen(args) + strlen(types) + 256;
    char *sql = malloc(sql_size);
    ck_assert_ptr_nonnull(sql);
    snprintf(sql, sql_size, "SET search_path = claimtrack; SET jit = off;"
             " SET random_page_cost = 1.1; PREPARE q(%s) AS %s;"
             " EXECUTE q(%s); EXECUTE q(%s); EXECUTE q(%s); EXECUTE q(%s); EXECUTE q(%s);"
             " EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE q(%s)",
             types, statement, args, args, args, args, args, args);
    th_text_on(dbname, sql, plan, size);
    free(sql);
}

void th_fresh_text(const char *sql, char *out, size_t size)
{
    th_text_on(fresh_dbname, sql, out, size);
}

const char *th_fresh_dbname(void)
{
    return fresh_dbname;
}

static th_resp answer_of(char *text);

struct racer {
    const char *request;
    char       *answer;
};

static void *race_one(void *arg)
{
    struct racer *me = arg;
    me->answer = th_plugin()->handle(th_instance, me->request);
    return NULL;
}

bool th_race_held(const char *dbname, const char *hold_sql, const char *const *requests,
                  int n, th_resp *answers)
{
    char conninfo[1024], count[16], waiting_sql[160];
    struct racer racers[16];
    pthread_t threads[16];
    bool waiting = false, all_waited = true;

    ck_assert(n > 0 && n <= 16);
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), dbname);
    snprintf(waiting_sql, sizeof waiting_sql, "SELECT count(*) FROM pg_stat_activity"
             " WHERE wait_event_type = 'Lock' AND datname = current_database()");
    PGconn *holder = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(holder) == CONNECTION_OK, "%s", PQerrorMessage(holder));
    PQclear(PQexec(holder, "BEGIN"));
    PGresult *held = PQexec(holder, hold_sql);
    ck_assert_msg(PQresultStatus(held) == PGRES_TUPLES_OK && PQntuples(held) == 1,
                  "%s: %s", hold_sql, PQerrorMessage(holder));
    PQclear(held);
    for (int i = 0; i < n; i++) {
        racers[i] = (struct racer){requests[i], NULL};
        pthread_create(&threads[i], NULL, race_one, &racers[i]);
        snprintf(count, sizeof count, "%d", i + 1);
        waiting = false;
        for (int tries = 0; tries < 1000 && !waiting; tries++) {
            waiting = strcmp(th_sql_exec_on(dbname, waiting_sql), count) == 0;
            if (!waiting)
                usleep(20000);
        }
        all_waited = all_waited && waiting;
    }
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    for (int i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        answers[i] = answer_of(racers[i].answer);
    }
    return all_waited;
}

long th_fresh_mark_kept(const char *table, const char *where)
{
    char sql[512], count[32];
    snprintf(sql, sizeof sql, "WITH u AS (UPDATE %s SET body = replace(body, '\"rebutted\"',"
             " '\"KEPT\"') WHERE %s RETURNING 1) SELECT count(*) FROM u", table, where);
    th_fresh_text(sql, count, sizeof count);
    return atol(count);
}

static PGconn *db_conn(void);

/* ---- fresh databases: copies of one migrated template ----------------------
 *
 * Migrating a new database runs every file of sql/: about a quarter of a
 * second, most of a short test's time, and the suites make hundreds. So a
 * test's "fresh" database is a copy (CREATE DATABASE ... TEMPLATE) of one
 * that this very plugin build migrated with open(), file by file (FILE_COPY,
 * where the server has it). The template is named
 * by a hash of the plugin's path, size and modification time: a rebuilt
 * plugin (each mutant of make mutate) migrates a template of its own, and
 * the plain and the sanitised builds each theirs, so what a copy holds is
 * always what open() of this build makes of an empty database. The first
 * process that needs it makes it under an advisory lock, as a database
 * named ..._new renamed when open() has returned, so that no process ever
 * copies a half-made one. Nothing else connects to a template (a copy
 * needs its source idle). th_new_empty_database is a database with
 * nothing in it, for the tests of migrating itself. */

static void template_name(char *out, size_t size)
{
    const char *path = getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
    char resolved[4096];
    struct stat st;
    uint64_t hash = 1469598103934665603ULL;        /* FNV-1a, 64 bits */
    if (realpath(path, resolved) == NULL || stat(resolved, &st) != 0) {
        fprintf(stderr, "cannot stat the plugin %s\n", path);
        abort();
    }
    char key[4200];
    int n = snprintf(key, sizeof key, "%s|%lld|%lld.%09ld", resolved, (long long)st.st_size,
                     (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    for (int i = 0; i < n && i < (int)sizeof key; i++) {
        hash ^= (unsigned char)key[i];
        hash *= 1099511628211ULL;
    }
    snprintf(out, size, "ct_template_%016llx", (unsigned long long)hash);
}

/* One statement on conn; aborts the test process when it fails. */
static PGresult *template_exec(PGconn *conn, const char *sql, const char *param)
{
    PGresult *res = PQexecParams(conn, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "template database: %s: %s\n", sql, PQerrorMessage(conn));
        abort();
    }
    return res;
}

/* open() and close() of this plugin on database dbname: its schema made. */
static void migrate_with_open(const char *dbname)
{
    char conninfo[1024], *error = NULL;
    json_object *cfg = json_tokener_parse(th_config(1));
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), dbname);
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    void *instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    json_object_put(cfg);
    if (instance == NULL) {
        fprintf(stderr, "open() of the template %s failed: %s\n", dbname, error ? error : "?");
        abort();
    }
    th_plugin()->close(instance);
}

static void no_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The template of this plugin build, made when the cluster has none. */
static void ensure_template(const char *name)
{
    char sql[256], building[96];
    PGconn *conn = PQconnectdb(th_db());
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "template database: %s\n", PQerrorMessage(conn));
        abort();
    }
    PQsetNoticeProcessor(conn, no_notices, NULL);  /* DROP DATABASE IF EXISTS's "skipping" */
    PQclear(template_exec(conn, "SELECT pg_advisory_lock(hashtext('claimtrack test template'))", NULL));
    PGresult *found = template_exec(conn, "SELECT 1 FROM pg_database WHERE datname = $1", name);
    int exists = PQntuples(found) == 1;
    PQclear(found);
    if (!exists) {
        snprintf(building, sizeof building, "%s_new", name);
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", building);
        PQclear(template_exec(conn, sql, NULL));
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", building);
        PQclear(template_exec(conn, sql, NULL));
        migrate_with_open(building);
        snprintf(sql, sizeof sql, "ALTER DATABASE %s RENAME TO %s", building, name);
        PQclear(template_exec(conn, sql, NULL));
    }
    PQclear(template_exec(conn, "SELECT pg_advisory_unlock(hashtext('claimtrack test template'))", NULL));
    PQfinish(conn);
}

static void create_database(const char *prefix, const char *template, char *out, size_t size)
{
    static unsigned counter;
    char sql[256];
    snprintf(out, size, "%s_%ld_%08lx_%u", prefix, (long)getpid(), th_process_nonce(), ++counter);
    /* FILE_COPY (PostgreSQL 15's other strategy) copies the template's
       files at a checkpoint instead of writing its every block through
       the WAL: for a template of about 9 MB, most of it catalogs, a copy
       took 120-194 ms against 175-219 ms, two made at once. */
    snprintf(sql, sizeof sql, "CREATE DATABASE %s%s%s%s", out,
             template ? " TEMPLATE " : "", template ? template : "",
             template && PQserverVersion(db_conn()) >= 150000 ? " STRATEGY FILE_COPY" : "");
    PGresult *res = PQexec(db_conn(), sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "cannot create %s: %s\n", out, PQerrorMessage(db_conn()));
        abort();
    }
    PQclear(res);
}

void th_new_database(const char *prefix, char *out, size_t size)
{
    char template[64];
    template_name(template, sizeof template);
    ensure_template(template);
    create_database(prefix, template, out, size);
}

void th_new_empty_database(const char *prefix, char *out, size_t size)
{
    create_database(prefix, NULL, out, size);
}

void th_setup_fresh(void)
{
    th_setup_fresh_with("{}");
}

/* Open an instance on th_setup_fresh's database with the fixture's
   configuration plus extra_json's members (aborts when it cannot). */
static void *open_fresh(const char *extra_json)
{
    char config[2048], *error = NULL;
    size_t extra = strlen(extra_json);
    /* extra_json's members after the fixture's own ({} adds none) */
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"language\":\"ru\",\"publisher\":{\"name\":\"Factcheck.kz\","
             "\"url\":\"https://factcheck.kz\",\"claim_url\":\"https://factcheck.kz/claims/{id}\"},"
             "\"outbound\":{\"workers\":false}%s%.*s}",
             th_db(), fresh_dbname, extra > 2 ? "," : "", extra > 2 ? (int)(extra - 2) : 0,
             extra_json + 1);
    void *instance = th_plugin()->open(&th_host, config, &error);
    if (instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
    return instance;
}

void th_setup_fresh_with(const char *extra_json)
{
    th_new_database("ct_fresh", fresh_dbname, sizeof fresh_dbname);
    th_instance = open_fresh(extra_json);
}

void *th_open_fresh_with(const char *extra_json)
{
    return open_fresh(extra_json);
}

char *th_outbound_config(const char *dbname, const char *webhooks_json, const char *outbound_json)
{
    char conninfo[1024];
    json_object *cfg = json_object_new_object();
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), dbname);
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    json_object_object_add(cfg, "pool_size", json_object_new_int(4));
    json_object_object_add(cfg, "language", json_object_new_string("ru"));
    json_object_object_add(cfg, "secrets_key", json_object_new_string(TH_SECRETS_KEY));
    json_object *outbound = json_tokener_parse(
        "{\"workers\":true,\"poll_ms\":50,\"retry_for_s\":3,\"retry_base_ms\":100,"
        "\"evidence_attempts\":2,\"connect_timeout_ms\":10000,\"timeout_ms\":20000,"
        "\"allow_private\":[\"127.0.0.1/32\"]}");
    if (outbound_json) {
        json_object *over = json_tokener_parse(outbound_json);
        ck_assert_msg(over != NULL, "bad outbound json %s", outbound_json);
        json_object_object_foreach(over, key, val) {
            if (val == NULL)
                json_object_object_del(outbound, key);
            else
                json_object_object_add(outbound, key, json_object_get(val));
        }
        json_object_put(over);
    }
    json_object_object_add(cfg, "outbound", outbound);
    if (webhooks_json) {
        json_object *hooks = json_tokener_parse(webhooks_json);
        ck_assert_msg(hooks != NULL, "bad webhooks json %s", webhooks_json);
        json_object_object_add(cfg, "webhooks", hooks);
    }
    char *text = strdup(json_object_to_json_string(cfg));
    json_object_put(cfg);
    return text;
}

/* th_config(4) with the keys of extra_json (an object) added or replaced. */
static char *config_with(const char *extra_json)
{
    json_object *cfg = json_tokener_parse(th_config(4)), *extra = json_tokener_parse(extra_json);
    if (cfg == NULL || !json_object_is_type(extra, json_type_object)) {
        fprintf(stderr, "bad extra configuration %s\n", extra_json);
        abort();
    }
    json_object_object_foreach(extra, key, value)
        json_object_object_add(cfg, key, json_object_get(value));
    char *text = strdup(json_object_to_json_string(cfg));
    json_object_put(cfg);
    json_object_put(extra);
    return text;
}

void th_setup_with(const char *extra_json)
{
    char *config = config_with(extra_json), *error = NULL;
    th_instance = th_plugin()->open(&th_host, config, &error);
    if (th_instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
    free(config);
}

char *th_open_error(const char *extra_json)
{
    char *config = config_with(extra_json), *error = NULL;
    void *inst = th_plugin()->open(&th_host, config, &error);
    free(config);
    if (inst != NULL) {
        th_plugin()->close(inst);
        return NULL;
    }
    return error;
}

void th_teardown(void)
{
    th_plugin()->close(th_instance);
    th_instance = NULL;
}

th_resp th_raw(const char *request_json)
{
    return th_raw_on(th_instance, request_json);
}

/* The answer text handle() gave (freed here), checked as an envelope. */
static th_resp answer_of(char *text)
{
    th_resp resp = {0, NULL, NULL};

    ck_assert_msg(text != NULL, "handle returned NULL");
    resp.envelope = json_tokener_parse(text);
    ck_assert_msg(resp.envelope != NULL, "response is not JSON: %s", text);
    th_plugin()->free_string(text);
    resp.status = json_object_get_int(json_object_object_get(resp.envelope, "status"));
    resp.body = json_object_object_get(resp.envelope, "body");
    const char *type = json_object_get_string(json_object_object_get(resp.envelope,
                                                                     "content_type"));
    ck_assert_msg(type && type[0], "no content_type");
    if (resp.status >= 400 || !json_object_is_type(resp.body, json_type_string))
        ck_assert_msg(strcmp(type, "application/json") == 0 ||
                      strcmp(type, "application/ld+json") == 0, "content_type %s", type);
    return resp;
}

th_resp th_raw_on(void *instance, const char *request_json)
{
    return answer_of(th_plugin()->handle(instance, request_json));
}

th_resp th_call(const char *method, const char *path, const char *role,
                const char *query_json, const char *body_json)
{
    return th_call_on(th_instance, method, path, role, query_json, body_json);
}

th_resp th_call_on(void *instance, const char *method, const char *path, const char *role,
                   const char *query_json, const char *body_json)
{
    json_object *req = json_object_new_object();
    json_object_object_add(req, "method", json_object_new_string(method));
    json_object_object_add(req, "path", json_object_new_string(path));
    if (role) {
        json_object *actor = json_object_new_object();
        char id[64];
        snprintf(id, sizeof id, "test-%s", role);
        json_object_object_add(actor, "id", json_object_new_string(id));
        json_object_object_add(actor, "role", json_object_new_string(role));
        json_object_object_add(req, "actor", actor);
    }
    if (query_json)
        json_object_object_add(req, "query", json_tokener_parse(query_json));
    if (body_json) {
        json_object *body = json_tokener_parse(body_json);
        ck_assert_msg(body != NULL, "test body is not JSON: %s", body_json);
        json_object_object_add(req, "body", body);
    }
    th_resp resp = th_raw_on(instance, json_object_to_json_string(req));
    json_object_put(req);
    return resp;
}

void th_free(th_resp *resp)
{
    json_object_put(resp->envelope);
    resp->envelope = resp->body = NULL;
}

json_object *th_get(const th_resp *resp, const char *path)
{
    char buf[256];
    json_object *node = resp->body;

    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *part = strtok_r(buf, "/", &save); part && node;
         part = strtok_r(NULL, "/", &save)) {
        if (json_object_is_type(node, json_type_array))
            node = json_object_array_get_idx(node, (size_t)atoi(part));
        else if (!json_object_object_get_ex(node, part, &node))
            node = NULL;
    }
    return node;
}

const char *th_str(const th_resp *resp, const char *path)
{
    json_object *v = th_get(resp, path);
    return v ? json_object_get_string(v) : "";
}

long long th_int(const th_resp *resp, const char *path)
{
    json_object *v = th_get(resp, path);
    return v ? (long long)json_object_get_int64(v) : -1;
}

const char *th_error_code(const th_resp *resp)
{
    return th_str(resp, "error/code");
}

const char *th_error_field(const th_resp *resp)
{
    return th_str(resp, "error/field");
}

static PGconn *db_conn(void)
{
    static PGconn *conn;
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        char conninfo[1024];
        PQfinish(conn);
        snprintf(conninfo, sizeof conninfo, "%s" TEST_SEARCH_PATH, th_db());
        conn = PQconnectdb(conninfo);
        if (PQstatus(conn) != CONNECTION_OK) {
            fprintf(stderr, "test db: %s\n", PQerrorMessage(conn));
            abort();
        }
    }
    return conn;
}

long long th_sql_int(const char *sql)
{
    PGresult *res = PQexec(db_conn(), sql);
    long long v = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        v = atoll(PQgetvalue(res, 0, 0));
    else
        fprintf(stderr, "test query failed: %s\n", PQerrorMessage(db_conn()));
    PQclear(res);
    return v;
}

const char *th_sql_exec_on(const char *dbname, const char *sql)
{
    static char state[8];
    char conninfo[1024];
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s" TEST_SEARCH_PATH, th_db(), dbname);
    PGconn *conn = PQconnectdb(conninfo);
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    state[0] = '\0';
    if (st == PGRES_TUPLES_OK && PQntuples(res) == 1 && PQnfields(res) == 1)
        snprintf(state, sizeof state, "%s", PQgetvalue(res, 0, 0));
    else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        snprintf(state, sizeof state, "E%s", PQresultErrorField(res, PG_DIAG_SQLSTATE)
                 ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
    PQclear(res);
    PQfinish(conn);
    return state;
}

int th_worker_connections_on(const char *dbname)
{
    return atoi(th_sql_exec_on(dbname, "SELECT count(*) FROM pg_stat_activity"
                               " WHERE application_name = 'claimtrack ct_outbound'"
                               " AND datname = current_database()"));
}

const char *th_sql_exec(const char *sql)
{
    static char state[8];
    PGresult *res = PQexec(db_conn(), sql);
    ExecStatusType st = PQresultStatus(res);
    state[0] = '\0';
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        snprintf(state, sizeof state, "%s",
                 PQresultErrorField(res, PG_DIAG_SQLSTATE) ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
    PQclear(res);
    return state;
}

/* Every table of the plugin's schema, whatever migrations added: a count
   per table through query_to_xml, summed. */
#define ROWS_TOTAL_SQL \
    "SELECT COALESCE(sum((xpath('/row/c/text()', query_to_xml(" \
    "  format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name)," \
    "  false, true, '')))[1]::text::bigint), 0)" \
    " FROM information_schema.tables" \
    " WHERE table_schema = 'claimtrack' AND table_type = 'BASE TABLE'"

long long th_rows_total(void)
{
    return th_sql_int(ROWS_TOTAL_SQL);
}

long long th_rows_total_on(const char *dbname)
{
    return atoll(th_sql_exec_on(dbname, ROWS_TOTAL_SQL));
}

/* 32 random bits drawn once per process (each test is a process forked
   from the suite's): with the pid, names no other process of the run has
   made, although pids are reused (pid_max is 32768 here, and a run of
   make check forks more test processes than that). */
unsigned long th_process_nonce(void)
{
    static pid_t drawn_for;
    static unsigned long nonce;
    if (drawn_for != getpid()) {
        uint32_t bits = 0;
        FILE *urandom = fopen("/dev/urandom", "rb");
        if (urandom == NULL || fread(&bits, sizeof bits, 1, urandom) != 1) {
            fprintf(stderr, "cannot read /dev/urandom\n");
            abort();
        }
        fclose(urandom);
        nonce = bits;
        drawn_for = getpid();
    }
    return nonce;
}

const char *th_unique(const char *prefix)
{
    static char buf[96];
    static unsigned counter;
    snprintf(buf, sizeof buf, "%s-%ld-%08lx-%u", prefix, (long)getpid(), th_process_nonce(),
             ++counter);
    return buf;
}

const char *th_new_claim(const char *article_id)
{
    return th_new_claim_on(th_instance, article_id);
}

const char *th_new_claim_on(void *instance, const char *article_id)
{
    static char id[32];
    char body[1024];
    snprintf(body, sizeof body,
             "{\"text\":\"Преступность в Астане как в Каракасе\","
             "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\""
             "%s%s%s}",
             article_id ? ",\"article\":{\"id\":\"" : "", article_id ? article_id : "",
             article_id ? "\",\"quote\":{\"exact\":\"как в Каракасе\"}}" : "");
    th_resp r = th_call_on(instance, "POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    return id;
}

th_resp th_anchor(const char *article, const char *text)
{
    char path[320];
    json_object *body = json_object_new_object();
    json_object_object_add(body, "text", json_object_new_string(text));
    snprintf(path, sizeof path, "/articles/%s/anchor", article);
    th_resp r = th_call("POST", path, "editor", NULL, json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_msg(r.status == 200, "anchor: %d %s", r.status, json_object_to_json_string(r.body));
    return r;
}

long long th_health_int(const char *path)
{
    th_resp r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    long long value = th_int(&r, path);
    th_free(&r);
    return value;
}

double th_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void th_pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- running a suite, and stopping at the first failure ---------------------
 *
 * With CT_TEST_FAIL_FAST set (make mutate sets it: one failed check is all
 * a mutant needs), every test after the first that failed is passed over:
 * a fixture that th_tcase_create puts first in every test case sees, in
 * the test's own process (forked from the runner after the failure was
 * counted), that the runner has a failure and ends the process before the
 * test's own fixtures run. Those tests count as passed; the failure is
 * still in the summary, and the exit status is still a failure. Without
 * CT_TEST_FAIL_FAST, or without fork mode, the fixture does nothing. */

static SRunner *running;

static void pass_over_after_a_failure(void)
{
    if (running != NULL && getenv("CT_TEST_FAIL_FAST") != NULL &&
        srunner_fork_status(running) == CK_FORK && srunner_ntests_failed(running) > 0)
        exit(EXIT_SUCCESS);
}

#undef tcase_create
TCase *th_tcase_create(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, pass_over_after_a_failure, NULL);
    return tc;
}

void th_add_case(Suite *suite, TCase *tc, void (*setup)(void), void (*teardown)(void),
                 double timeout_s, const TTest *const *tests)
{
    if (setup != NULL || teardown != NULL)
        tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, timeout_s);
    for (; *tests != NULL; tests++)
        tcase_add_test(tc, *tests);
    suite_add_tcase(suite, tc);
}

int th_run_suite(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    running = runner;
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    running = NULL;
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
