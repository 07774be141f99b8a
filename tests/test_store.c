/*
 * test_store.c -- src/store/store.c under load and trouble: 8 threads writing
 * 200 claims each through one instance lose none; a connection killed by
 * the server is reset and the request still answered; writes commit with
 * synchronous_commit on although the test cluster's default is off; a
 * connection that breaks during COMMIT answers commit_unknown, not an
 * error that invites a retry; each write route failing after its first
 * statement leaves nothing in any table; a statement past its timeout
 * answers db_timeout and a full pool pool_exhausted; a write PostgreSQL
 * ends to resolve a conflict (a real deadlock among them) is run again,
 * three attempts at most, then answers db_conflict having written nothing;
 * a thread is given back the connection it used last while it is free;
 * every connection of a pool is prepared, although the pool sends all its
 * statements before reading an answer, and a statement the server refuses
 * fails the open and is named in the log.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "store/store.h"
#include "testhost.h"

#define WRITERS 8
#define CLAIMS_EACH 200

struct writer {
    int index;
    int created;
    char actor[64];
};

static void *write_claims(void *arg)
{
    struct writer *w = arg;
    char request[1024];
    for (int i = 0; i < CLAIMS_EACH; i++) {
        snprintf(request, sizeof request,
                 "{\"method\":\"POST\",\"path\":\"/claims\","
                 "\"actor\":{\"id\":\"%s\",\"role\":\"editor\"},"
                 "\"body\":{\"text\":\"Заявление %d потока %d\",\"claimant\":{\"name\":\"Депутат\"},"
                 "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}", w->actor, i, w->index);
        char *text = th_plugin()->handle(th_instance, request);
        if (text && strncmp(text, "{\"status\":201,", 14) == 0)
            w->created++;
        th_plugin()->free_string(text);
    }
    return NULL;
}

static void setup_pool8(void)
{
    char *error = NULL;
    th_instance = th_plugin()->open(NULL, th_config(WRITERS), &error);
    ck_assert_ptr_nonnull(th_instance);
}

START_TEST(eight_writers_lose_nothing)
{
    pthread_t threads[WRITERS];
    struct writer writers[WRITERS];
    char sql[256];

    for (int i = 0; i < WRITERS; i++) {
        writers[i].index = i;
        writers[i].created = 0;
        snprintf(writers[i].actor, sizeof writers[i].actor, "%s", th_unique("writer"));
        pthread_create(&threads[i], NULL, write_claims, &writers[i]);
    }
    for (int i = 0; i < WRITERS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < WRITERS; i++) {
        ck_assert_int_eq(writers[i].created, CLAIMS_EACH);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_claims WHERE created_by = '%s'",
                 writers[i].actor);
        ck_assert_int_eq(th_sql_int(sql), CLAIMS_EACH);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_events WHERE actor_id = '%s'"
                 " AND type = 'claim_recorded'", writers[i].actor);
        ck_assert_int_eq(th_sql_int(sql), CLAIMS_EACH);
    }
}
END_TEST

static void kill_plugin_connections(void)
{
    /* every other client backend of this database: the plugin's pool */
    static const char others[] = " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
        " AND datname = current_database() AND backend_type = 'client backend'";
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(pg_terminate_backend(pid))%s", others);
    ck_assert_int_gt(th_sql_int(sql), 0);
    /* pg_terminate_backend only signals: wait until they are gone */
    snprintf(sql, sizeof sql, "SELECT count(*)%s", others);
    for (int i = 0; i < 500 && th_sql_int(sql) > 0; i++)
        usleep(10000);
}

START_TEST(killed_connections_are_reset)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", th_new_claim(NULL));

    kill_plugin_connections();
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);           /* read retried on a fresh connection */
    th_free(&r);

    kill_plugin_connections();
    r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"После обрыва\",\"claimant\":{\"name\":\"Депутат\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body)); /* BEGIN found it dead: safe to retry */
    th_free(&r);

    for (int i = 0; i < 8; i++) {              /* and the whole pool recovers */
        r = th_call("GET", "/health", NULL, NULL, NULL);
        ck_assert_int_eq(r.status, 200);
        th_free(&r);
    }
}
END_TEST

static char fresh_db[64];

/* An instance on a new database, its schema migrated. */
static void setup_fresh_db(void)
{
    char *config, *error = NULL;
    th_new_database("ct_store", fresh_db, sizeof fresh_db);
    config = th_outbound_config(fresh_db, NULL, "{\"workers\":false}");
    th_instance = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(th_instance != NULL, "%s", error ? error : "?");
    free(config);
}

/* Close the instance and open it again on fresh_db with the keys of extra_json. */
static void reopen_with(const char *extra_json)
{
    char *config = th_outbound_config(fresh_db, NULL, "{\"workers\":false}"), *error = NULL;
    json_object *cfg = json_tokener_parse(config), *extra = json_tokener_parse(extra_json);
    th_teardown();
    json_object_object_foreach(extra, key, value)
        json_object_object_add(cfg, key, json_object_get(value));
    json_object_put(extra);
    th_instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    ck_assert_msg(th_instance != NULL, "%s", error ? error : "?");
    json_object_put(cfg);
    free(config);
}

/* A trigger on ct_claims that notes the setting <name> (a literal), as each
   write's transaction has it. */
static void note_setting(const char *name)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE TABLE claimtrack.test_seen (setting text);"
             "CREATE FUNCTION claimtrack.test_note() RETURNS trigger LANGUAGE plpgsql AS"
             " $$ BEGIN INSERT INTO claimtrack.test_seen VALUES (current_setting('%s'));"
             " RETURN NULL; END $$;"
             "CREATE TRIGGER test_note AFTER INSERT ON claimtrack.ct_claims"
             " FOR EACH ROW EXECUTE FUNCTION claimtrack.test_note()", name);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, sql), "");
}

/* A trigger on ct_claims that sleeps seconds in every insert. */
static void slow_claims(int seconds)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE FUNCTION claimtrack.test_slow() RETURNS trigger LANGUAGE plpgsql AS"
             " $$ BEGIN PERFORM pg_sleep(%d); RETURN NULL; END $$;"
             "CREATE TRIGGER test_slow AFTER INSERT ON claimtrack.ct_claims"
             " FOR EACH ROW EXECUTE FUNCTION claimtrack.test_slow()", seconds);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, sql), "");
}

/* Setting name is server_default on a connection of the test's own, and
   plugin_value in the plugin's session that records a claim. */
static void expect_session_setting(const char *name, const char *server_default,
                                   const char *plugin_value)
{
    char show[128];
    snprintf(show, sizeof show, "SHOW %s", name);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, show), server_default);
    note_setting(name);
    th_new_claim(NULL);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "SELECT string_agg(setting, ',') FROM claimtrack.test_seen"),
                     plugin_value);
}

START_TEST(writes_commit_synchronously)
{
    /* the cluster runs with synchronous_commit off (scripts/pgtest.sh): the
       plugin's own transactions must not */
    expect_session_setting("synchronous_commit", "off", "on");
}
END_TEST

/* The server's default is JIT on; the plugin's statements never gain from
   it (store.c), and at a million claims it made the article scan's
   candidates 290 ms slower. */
START_TEST(sessions_run_without_jit)
{
    expect_session_setting("jit", "on", "off");
}
END_TEST

/* The server's default random_page_cost is 4; the plugin's sessions cost a
   random page as a cached one (store.c), so that a small desk's lookups by
   key read the key's index rather than the whole table. */
START_TEST(sessions_cost_random_pages_as_cached)
{
    expect_session_setting("random_page_cost", "4", "1.1");
}
END_TEST

/* Rows in every table of the fresh database's claimtrack schema, summed. */
static long long fresh_rows(void)
{
    return atoll(th_sql_exec_on(fresh_db,
        "SELECT COALESCE(sum((xpath('/row/c/text()', query_to_xml("
        "  format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),"
        "  false, true, '')))[1]::text::bigint), 0)"
        " FROM information_schema.tables"
        " WHERE table_schema = 'claimtrack' AND table_type = 'BASE TABLE'"));
}

/* Each write route failing after its first statement (the timeline's insert
   raises): 500 db_error, and nothing of it is left in any table. */
START_TEST(a_write_failing_midway_leaves_nothing)
{
    char path[96], body[256];
    long long claim = atoll(th_new_claim(NULL));
    ck_assert_str_eq(th_sql_exec_on(fresh_db,
        "CREATE FUNCTION claimtrack.test_fail() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;"
        "CREATE TRIGGER test_fail BEFORE INSERT ON claimtrack.ct_events"
        " FOR EACH ROW EXECUTE FUNCTION claimtrack.test_fail()"), "");
    long long before = fresh_rows();
    struct { const char *method, *path, *role, *body; } writes[] = {
        {"POST", "/claims", "editor", "{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-12-01\","
                                     "\"language\":\"ru\",\"source_url\":\"https://example.org/a\","
                                     "\"article\":{\"id\":\"a1\",\"quote\":{\"exact\":\"x\"}}}"},
        {"POST", "/claims/%lld/responses", "editor", "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"p\"},"
                                                    "\"issued_at\":\"2025-12-01\",\"summary\":\"s\",\"url\":\"https://example.org/b\"}"},
        {"POST", "/claims/%lld/mentions", "editor", "{\"article_id\":\"a2\",\"quote\":{\"exact\":\"x\"}}"},
        {"POST", "/claims/%lld/review", "moderator", "{\"expected_version\":1,\"status\":\"under_review\"}"},
    };
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        snprintf(path, sizeof path, writes[i].path, claim);
        snprintf(body, sizeof body, "%s", writes[i].body);
        th_resp r = th_call(writes[i].method, path, writes[i].role, NULL, body);
        ck_assert_msg(r.status == 500 && strcmp(th_error_code(&r), "db_error") == 0, "%s %s: %d %s",
                      writes[i].method, path, r.status, json_object_to_json_string(r.body));
        th_free(&r);
        ck_assert_int_eq(fresh_rows(), before);
    }
}
END_TEST

/* POST /claims as editor "ed-tx" with an Idempotency-Key; the answer's status. */
static int post_keyed(const char *key, const char *text)
{
    char request[1024];
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"ed-tx\",\"role\":\"editor\"},"
             "\"headers\":{\"Idempotency-Key\":\"%s\"},\"body\":{\"text\":\"%s\",\"claimant\":{\"name\":\"y\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}", key, text);
    th_resp r = th_raw(request);
    int status = r.status;
    th_free(&r);
    return status;
}

/* A write refused after its first statement had changed something (taking
   an Idempotency-Key purges the actor's expired keys; then the key turns
   out to be reused): 422, and what it did first is rolled back with it. */
START_TEST(a_refused_write_keeps_nothing_it_did_first)
{
    ck_assert_int_eq(post_keyed("k-old", "first"), 201);
    ck_assert_int_eq(post_keyed("k-used", "second"), 201);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "UPDATE claimtrack.ct_idempotency"
        " SET created_at = now() - interval '25 hours' WHERE key = 'k-old'"), "");
    long long before = fresh_rows();

    ck_assert_int_eq(post_keyed("k-used", "another request"), 422);
    ck_assert_int_eq(fresh_rows(), before);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "SELECT count(*) FROM claimtrack.ct_idempotency"
                                              " WHERE key = 'k-old'"), "1");

    /* an accepted write purges the expired key */
    ck_assert_int_eq(post_keyed("k-new", "third"), 201);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "SELECT count(*) FROM claimtrack.ct_idempotency"
                                              " WHERE key = 'k-old'"), "0");
}
END_TEST

/* A statement past statement_timeout_ms: 503 db_timeout, nothing written. */
START_TEST(a_statement_past_its_timeout_answers_db_timeout)
{
    reopen_with("{\"statement_timeout_ms\":200}");
    slow_claims(2);
    long long before = fresh_rows();
    th_resp r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(th_error_code(&r), "db_timeout");
    th_free(&r);
    ck_assert_int_eq(fresh_rows(), before);
}
END_TEST

static void *slow_claim(void *arg)
{
    (void)arg;
    th_resp r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"slow\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    th_free(&r);
    return NULL;
}

/* Every connection busy for longer than pool_wait_ms: 503 pool_exhausted. */
START_TEST(a_full_pool_answers_pool_exhausted)
{
    reopen_with("{\"pool_size\":1,\"pool_wait_ms\":100}");
    slow_claims(5);
    pthread_t slow;
    pthread_create(&slow, NULL, slow_claim, NULL);
    /* the one connection is taken once the server runs the slow statement */
    bool sleeping = false;
    for (int i = 0; i < 200 && !sleeping; i++) {
        sleeping = strcmp(th_sql_exec_on(fresh_db, "SELECT count(*) FROM pg_stat_activity"
                                                   " WHERE wait_event = 'PgSleep'"), "1") == 0;
        if (!sleeping)
            usleep(20000);
    }
    ck_assert_msg(sleeping, "the slow statement was never seen running");
    th_resp r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(th_error_code(&r), "pool_exhausted");
    th_free(&r);
    pthread_join(slow, NULL);
    r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

START_TEST(synchronous_commit_can_only_be_stricter)
{
    char *error = th_open_error("{\"synchronous_commit\":\"off\"}");
    ck_assert_msg(error && strncmp(error, "synchronous_commit: ", 20) == 0 && strstr(error, "remote_apply"),
                  "%s", error ? error : "(opened)");
    th_plugin()->free_string(error);
    error = th_open_error("{\"synchronous_commit\":\"local\"}");
    ck_assert_ptr_nonnull(error);
    th_plugin()->free_string(error);
    /* remote_apply is taken, and used by the writes */
    reopen_with("{\"synchronous_commit\":\"remote_apply\"}");
    note_setting("synchronous_commit");
    th_new_claim(NULL);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "SELECT string_agg(setting, ',') FROM claimtrack.test_seen"), "remote_");
}
END_TEST

START_TEST(a_connection_lost_in_commit_answers_commit_unknown)
{
    /* a deferred trigger ends the session while COMMIT runs */
    ck_assert_str_eq(th_sql_exec_on(fresh_db,
        "CREATE FUNCTION claimtrack.test_die() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;"
        "CREATE CONSTRAINT TRIGGER test_die AFTER INSERT ON claimtrack.ct_claims"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION claimtrack.test_die()"), "");
    th_resp r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"Астана как Каракас\",\"claimant\":{\"name\":\"Депутат\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(th_error_code(&r), "commit_unknown");
    th_free(&r);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "DROP TRIGGER test_die ON claimtrack.ct_claims"), "");
    /* the instance carries on, on a new connection */
    r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

/* ---- conflicts: a transaction PostgreSQL ends is run again ------------------ */

/* A trigger on new claims that fails the first `times` transactions to
   reach it with SQLSTATE `state`, as PostgreSQL does a deadlock's victim
   (40P01) or a serialization failure (40001); a sequence, which no
   rollback takes back, counts the attempts. */
static void conflicting_claims(const char *state, int times)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "CREATE SEQUENCE claimtrack.test_attempts;"
             "CREATE FUNCTION claimtrack.test_conflict() RETURNS trigger LANGUAGE plpgsql AS"
             " $$ BEGIN IF nextval('claimtrack.test_attempts') <= %d THEN"
             " RAISE EXCEPTION 'test conflict' USING ERRCODE = '%s'; END IF; RETURN NULL; END $$;"
             "CREATE TRIGGER test_conflict AFTER INSERT ON claimtrack.ct_claims"
             " FOR EACH ROW EXECUTE FUNCTION claimtrack.test_conflict()", times, state);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, sql), "");
}

static const char *attempts_made(void)
{
    return th_sql_exec_on(fresh_db, "SELECT last_value FROM claimtrack.test_attempts");
}

#define NEW_CLAIM_BODY "{\"text\":\"Астана как Каракас\",\"claimant\":{\"name\":\"Депутат\"}," \
                       "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}"

START_TEST(a_write_ended_by_a_conflict_is_run_again)
{
    static const char *const states[] = {"40P01", "40001"};
    conflicting_claims(states[_i], 2);
    long long before = fresh_rows();
    th_resp r = th_call("POST", "/claims", "editor", NULL, NEW_CLAIM_BODY);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    th_free(&r);
    /* the third attempt went through, and wrote the claim once */
    ck_assert_str_eq(attempts_made(), "3");
    ck_assert_str_eq(th_sql_exec_on(fresh_db, "SELECT count(*) FROM claimtrack.ct_claims"
                                              " WHERE text = 'Астана как Каракас'"), "1");
    ck_assert_int_gt(fresh_rows(), before);
}
END_TEST

START_TEST(three_conflicts_in_a_row_answer_db_conflict_and_write_nothing)
{
    conflicting_claims("40P01", 1000);
    long long before = fresh_rows();
    th_resp r = th_call("POST", "/claims", "editor", NULL, NEW_CLAIM_BODY);
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(th_error_code(&r), "db_conflict");
    th_free(&r);
    ck_assert_str_eq(attempts_made(), "3");
    ck_assert_int_eq(fresh_rows(), before);
}
END_TEST

struct linked {
    char path[64];
    th_resp r;
};

static void *link_response(void *arg)
{
    struct linked *call = arg;
    call->r = th_call("POST", call->path, "editor", NULL,
                      "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция\"},"
                      "\"issued_at\":\"2025-12-01\",\"summary\":\"Не подтверждается\"}");
    return NULL;
}

static PGresult *exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK,
                  "%s: %s", sql, PQerrorMessage(conn));
    return res;
}

/* A real deadlock: a claim quoted in articles A and B; another session
   holds B's notice version (sql/027) and, once the editor's response
   waits for it holding A's, asks for A's. PostgreSQL ends the editor's
   transaction (its deadlock_timeout is the first to run out); the plugin
   runs the request again, which waits for the other session to commit and
   then goes through: the editor sees it done, once. */
START_TEST(a_response_chosen_to_end_a_real_deadlock_is_linked_once)
{
    char sql[512], conninfo[512], claim[32];
    snprintf(claim, sizeof claim, "%s", th_new_claim("deadlock-a"));
    snprintf(sql, sizeof sql, "INSERT INTO claimtrack.ct_mentions (claim_id, article_id,"
             " article_url, quote_exact, created_by) VALUES (%s, 'deadlock-b',"
             " 'https://news.example.kz/b', 'как в Каракасе', 'u1')", claim);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, sql), "");

    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), fresh_db);
    PGconn *other = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(other) == CONNECTION_OK, "%s", PQerrorMessage(other));
    PQclear(exec_ok(other, "SET deadlock_timeout = '60s'"));
    PQclear(exec_ok(other, "BEGIN"));
    PQclear(exec_ok(other, "UPDATE claimtrack.ct_notice_versions SET version = version"
                           " WHERE article_id = 'deadlock-b'"));

    struct linked call;
    snprintf(call.path, sizeof call.path, "/claims/%s/responses", claim);
    pthread_t editor;
    pthread_create(&editor, NULL, link_response, &call);
    bool waiting = false;
    for (int i = 0; i < 1000 && !waiting; i++) {
        waiting = strcmp(th_sql_exec_on(fresh_db, "SELECT count(*) FROM pg_stat_activity"
                         " WHERE wait_event_type = 'Lock' AND datname = current_database()"),
                         "1") == 0;
        if (!waiting)
            usleep(20000);
    }
    ck_assert_msg(waiting, "the editor's response never waited for article B's version");
    /* the cycle closed: this statement returns once the editor's
       transaction is ended */
    PQclear(exec_ok(other, "UPDATE claimtrack.ct_notice_versions SET version = version"
                           " WHERE article_id = 'deadlock-a'"));
    PQclear(exec_ok(other, "COMMIT"));
    PQfinish(other);
    pthread_join(editor, NULL);

    ck_assert_msg(call.r.status == 201, "%d %s", call.r.status,
                  json_object_to_json_string(call.r.body));
    th_free(&call.r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM claimtrack.ct_responses WHERE claim_id = %s",
             claim);
    ck_assert_str_eq(th_sql_exec_on(fresh_db, sql), "1");
}
END_TEST

/* A database server that accepts connections and never answers (a stuck
   proxy, a backend that hangs): open() gives up after the connect timeout
   (CT_CONNECT_TIMEOUT_S) and says the database cannot be reached, where it
   waited for as long as the kernel let the attempt run, and a host's
   every page with it. The listener never accepts: the kernel completes
   the handshake into its backlog, and no byte ever comes back. */
START_TEST(open_gives_up_on_a_server_that_never_answers)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    char extra[256];

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    ck_assert_int_eq(listen(fd, 16), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    snprintf(extra, sizeof extra,
             "{\"database\":\"host=127.0.0.1 port=%d dbname=claimtrack user=claimtrack\"}",
             ntohs(addr.sin_port));
    char *error = th_open_error(extra);
    ck_assert_msg(error != NULL && strstr(error, "timeout expired") != NULL, "%s",
                  error ? error : "(opened)");
    th_plugin()->free_string(error);
    close(fd);
}
END_TEST

/* ---- which connection a thread is given ------------------------------------ */

struct taker {
    ct_pool *pool;
    ct_conn *taken;
    ct_rc    rc;
};

static void *take_and_give_back(void *arg)
{
    struct taker *t = arg;
    ct_error err;
    t->rc = ct_pool_acquire(t->pool, 5000, &t->taken, &err);
    ct_pool_release(t->pool, t->taken);
    return NULL;
}

/* store.c's take_free: the calling thread's own connection from last time
   while it is free, else the one given back last. */
START_TEST(a_thread_is_given_back_its_own_connection)
{
    ct_session_settings settings = {.statement_timeout_ms = 0, .time_zone = "UTC",
                                    .schema = "claimtrack"};
    ct_pool *pool = NULL;
    ct_conn *mine = NULL, *also_mine = NULL, *again = NULL, *left = NULL;
    ct_error err;

    ck_assert_int_eq(ct_pool_open(th_db(), 2, &settings, NULL, NULL, &pool, &err), CT_OK);
    ck_assert_int_eq(ct_pool_acquire(pool, 5000, &mine, &err), CT_OK);
    ck_assert_int_eq(ct_pool_acquire(pool, 5000, &also_mine, &err), CT_OK);
    ct_pool_release(pool, mine);
    ct_pool_release(pool, also_mine);          /* given back last */

    /* another thread, never served before, gets the one given back last */
    struct taker other = {pool, NULL, CT_EINTERNAL};
    pthread_t thread;
    ck_assert_int_eq(pthread_create(&thread, NULL, take_and_give_back, &other), 0);
    pthread_join(thread, NULL);
    ck_assert_int_eq(other.rc, CT_OK);
    ck_assert_ptr_eq(other.taken, also_mine);

    /* this thread, though that one was given back last, gets one it had */
    ck_assert_int_eq(ct_pool_acquire(pool, 5000, &again, &err), CT_OK);
    ck_assert_ptr_eq(again, mine);
    /* and, its own taken, the other */
    ck_assert_int_eq(ct_pool_acquire(pool, 5000, &left, &err), CT_OK);
    ck_assert_ptr_eq(left, also_mine);
    ct_pool_release(pool, left);
    ct_pool_release(pool, again);
    ct_pool_close(pool);
}
END_TEST

/* ---- preparing the pool's statements ---------------------------------------- */

static const ct_stmt stmt_count_claims = {"test_count_claims", "SELECT count(*) FROM ct_claims", 0};
static const ct_stmt stmt_echo = {"test_echo", "SELECT $1::text || '!'", 1};
static const ct_stmt stmt_no_column = {"test_no_column",
    "SELECT no_such_column FROM ct_claims", 0};

struct log_lines {
    int  preparing;          /* lines that start "preparing " */
    int  resetting;          /* lines that start "resetting " */
    char first[512];
};

static void keep_log(void *data, int level, const char *message)
{
    struct log_lines *lines = data;
    (void)level;
    if (strncmp(message, "preparing ", 10) == 0 && lines->preparing++ == 0)
        snprintf(lines->first, sizeof lines->first, "%s", message);
    if (strncmp(message, "resetting ", 10) == 0)
        lines->resetting++;
}

/* ct_pool_open sends every connection's statements before it reads any
   answer (pipeline mode): each of the four connections must still have
   every statement prepared, and be out of pipeline mode, where a plain
   statement would be refused; and be ready as it is handed out, not reset
   first (as one whose answers were never read would be). */
START_TEST(every_connection_of_a_pool_is_prepared)
{
    static const ct_stmt *const list[] = {&stmt_count_claims, &stmt_echo, NULL};
    static const ct_stmt *const *const lists[] = {list, NULL};
    ct_session_settings settings = {.statement_timeout_ms = 0, .time_zone = "UTC",
                                    .schema = "claimtrack", .statements = lists};
    struct log_lines lines = {0, 0, ""};
    ct_pool *pool = NULL;
    ct_conn *conns[4] = {NULL};
    ct_error err;

    ck_assert_int_eq(ct_pool_open(th_db(), 4, &settings, keep_log, &lines, &pool, &err), CT_OK);
    for (int i = 0; i < 4; i++) {
        const char *param[1] = {"prepared"};
        char *echoed = NULL;
        ct_rows *rows = NULL;
        ck_assert_int_eq(ct_pool_acquire(pool, 5000, &conns[i], &err), CT_OK);
        ck_assert_int_eq(ct_exec(conns[i], &stmt_count_claims, 0, NULL, &rows, &err), CT_OK);
        ck_assert_int_eq(ct_rows_count(rows), 1);
        ct_rows_free(rows);
        ck_assert_int_eq(ct_exec_text(conns[i], &stmt_echo, 1, param, "echo", &echoed, &err),
                         CT_OK);
        ck_assert_str_eq(echoed, "prepared!");
        free(echoed);
        ck_assert_int_eq(ct_exec_sql(conns[i], "SELECT 1", &err), CT_OK);
    }
    for (int i = 0; i < 4; i++)
        ck_assert_ptr_ne(conns[i], conns[(i + 1) % 4]);
    ck_assert_int_eq(lines.resetting, 0);
    ck_assert_int_eq(lines.preparing, 0);
    for (int i = 0; i < 4; i++)
        ct_pool_release(pool, conns[i]);
    ct_pool_close(pool);
}
END_TEST

/* A statement the server refuses fails the open with db_error; the log
   names that statement with the server's reason, once, and not the one
   after it (never parsed: the pipeline was aborted). */
START_TEST(a_statement_the_server_refuses_fails_the_open_and_is_named)
{
    static const ct_stmt *const list[] = {&stmt_count_claims, &stmt_no_column, &stmt_echo, NULL};
    static const ct_stmt *const *const lists[] = {list, NULL};
    ct_session_settings settings = {.statement_timeout_ms = 0, .time_zone = "UTC",
                                    .schema = "claimtrack", .statements = lists};
    struct log_lines lines = {0, 0, ""};
    ct_pool *pool = NULL;
    ct_error err;

    ck_assert_int_eq(ct_pool_open(th_db(), 2, &settings, keep_log, &lines, &pool, &err),
                     CT_EINTERNAL);
    ck_assert_ptr_null(pool);
    ck_assert_str_eq(err.code, "db_error");
    ck_assert_str_eq(err.message, "preparing a database statement failed");
    ck_assert_int_eq(lines.preparing, 1);
    static const char named[] = "preparing test_no_column failed: ";
    ck_assert_msg(strncmp(lines.first, named, sizeof named - 1) == 0 &&
                  strstr(lines.first, "no_such_column") != NULL, "%s", lines.first);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("threads");
    tcase_add_checked_fixture(tc, setup_pool8, th_teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, eight_writers_lose_nothing);
    suite_add_tcase(s, tc);
    TCase *broken = tcase_create("broken");
    tcase_add_checked_fixture(broken, th_setup, th_teardown);
    tcase_set_timeout(broken, 60);
    tcase_add_test(broken, killed_connections_are_reset);
    tcase_add_test(broken, open_gives_up_on_a_server_that_never_answers);
    tcase_add_test(broken, a_thread_is_given_back_its_own_connection);
    tcase_add_test(broken, every_connection_of_a_pool_is_prepared);
    tcase_add_test(broken, a_statement_the_server_refuses_fails_the_open_and_is_named);
    suite_add_tcase(s, broken);
    TCase *durable = tcase_create("durable");
    tcase_add_checked_fixture(durable, setup_fresh_db, th_teardown);
    tcase_set_timeout(durable, 60);
    tcase_add_test(durable, writes_commit_synchronously);
    tcase_add_test(durable, a_connection_lost_in_commit_answers_commit_unknown);
    tcase_add_test(durable, synchronous_commit_can_only_be_stricter);
    tcase_add_test(durable, sessions_run_without_jit);
    tcase_add_test(durable, sessions_cost_random_pages_as_cached);
    tcase_add_test(durable, a_write_failing_midway_leaves_nothing);
    tcase_add_test(durable, a_refused_write_keeps_nothing_it_did_first);
    tcase_add_test(durable, a_statement_past_its_timeout_answers_db_timeout);
    tcase_add_test(durable, a_full_pool_answers_pool_exhausted);
    suite_add_tcase(s, durable);
    TCase *conflicts = tcase_create("conflicts");
    tcase_add_checked_fixture(conflicts, setup_fresh_db, th_teardown);
    tcase_set_timeout(conflicts, 60);
    tcase_add_loop_test(conflicts, a_write_ended_by_a_conflict_is_run_again, 0, 2);
    tcase_add_test(conflicts, three_conflicts_in_a_row_answer_db_conflict_and_write_nothing);
    tcase_add_test(conflicts, a_response_chosen_to_end_a_real_deadlock_is_linked_once);
    suite_add_tcase(s, conflicts);
    return th_run_suite(s);
}
