/*
 * test_replicas.c -- src/door/replicas.c (and the store's pool of
 * standbys) against a real streaming standby: scripts/standby.sh makes it
 * with pg_basebackup from the test cluster and starts it on a Unix socket
 * of its own, for the whole suite.
 *
 * The standby's WAL replay is paused (pg_wal_replay_pause) to make it
 * definitely behind: a reader's read that shows the old state then came
 * from the standby, one that shows the new state came from the primary.
 * Shown: readers read from the standby and staff from the primary (their
 * own writes at once); libpq's multi-host form picks the standby even when
 * the primary is named first; with the readers' cache on, a standby that
 * has not replayed a change the instance heard of (through NOTIFY, or its
 * own write) does not answer, so the cache never keeps an answer from
 * before the change; a standby that is away leaves readers to the
 * primary; replicas that libpq cannot parse are refused at open().
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "testhost.h"

#define DEADLINE_MS 10000

static char primary_dir[512], standby_dir[600];
static char dbname[64];        /* the database of the test */

/* The one value of sql on database db of the server in dir. Static. */
static const char *value_on(const char *dir, const char *db, const char *sql)
{
    static char out[128];
    char conninfo[1024];
    snprintf(conninfo, sizeof conninfo, "host=%s port=5432 user=postgres dbname=%s", dir, db);
    PGconn *conn = PQconnectdb(conninfo);
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
                  "%s: %s", sql, PQerrorMessage(conn));
    snprintf(out, sizeof out, "%s", PQgetisnull(res, 0, 0) ? "NULL" : PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(conn);
    return out;
}

/*
 * Wait until the standby has replayed everything the primary has inserted
 * into its WAL so far: at least as far as the instance asked (its listener
 * and its own writes measure the insert position, store.c), provided the
 * caller waited for what the listener was to hear first. A position that
 * stands just past a page header (the last record ended its page) is only
 * reached by the next record: a commit of a transaction id, made every
 * 100 ms here, is one.
 */
static void wait_replayed(void)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT pg_last_wal_replay_lsn() >= '%s'",
             value_on(primary_dir, "postgres", "SELECT pg_current_wal_insert_lsn()"));
    double start = th_now_ms();
    for (int tries = 1; strcmp(value_on(standby_dir, "postgres", sql), "t") != 0; tries++) {
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the standby never caught up");
        if (tries % 20 == 0)
            value_on(primary_dir, "postgres", "SELECT pg_current_xact_id()::text");
        th_pause_ms(5);
    }
}

static void replay(bool on)
{
    value_on(standby_dir, "postgres", on ? "SELECT pg_wal_replay_resume()::text"
                                         : "SELECT pg_wal_replay_pause()::text");
}

/* Start the standby once for the suite (an unchecked fixture). */
static void standby_start(void)
{
    const char *host = strstr(th_db(), "host=");
    ck_assert_msg(host != NULL, "CT_TEST_DB names no host");
    snprintf(primary_dir, sizeof primary_dir, "%.*s", (int)strcspn(host + 5, " "), host + 5);
    snprintf(standby_dir, sizeof standby_dir, "%s/standby", primary_dir);
    char command[2048];
    snprintf(command, sizeof command, "scripts/standby.sh start '%s' '%s'", th_db(), standby_dir);
    if (system(command) != 0) {
        fprintf(stderr, "cannot start the standby\n");
        abort();
    }
}

static void standby_stop(void)
{
    char command[1024];
    snprintf(command, sizeof command, "scripts/standby.sh stop '%s'", standby_dir);
    if (system(command) != 0)
        fprintf(stderr, "cannot stop the standby\n");
}

/* Another instance of the same database, without replicas or cache. */
static void *open_writer(void)
{
    char config[1024], *error = NULL;
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":1,"
             "\"outbound\":{\"workers\":false}}", th_db(), dbname);
    void *inst = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(inst != NULL, "open: %s", error ? error : "?");
    return inst;
}

/* A new database for the test, its schema made and replayed: a standby
   without it is not used. Replay is resumed first. */
static void new_database(void)
{
    replay(true);           /* a test that failed may have left it paused */
    th_new_database("ct_replicas", dbname, sizeof dbname);
    th_plugin()->close(open_writer());
    wait_replayed();
}

/* An instance on the test's database with the given replicas conninfo
   (its dbname is added) and extra settings; th_instance becomes it. */
static void open_instance(const char *replicas_hosts, const char *extra)
{
    char config[4096], *error = NULL;
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"replicas\":\"%s dbname=%s user=postgres\",\"language\":\"ru\","
             "\"outbound\":{\"workers\":false,\"poll_ms\":60000}%s}",
             th_db(), dbname, replicas_hosts, dbname, extra);
    th_instance = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(th_instance != NULL, "open: %s", error ? error : "?");
}

static void open_with(const char *replicas_hosts, const char *extra)
{
    new_database();
    open_instance(replicas_hosts, extra);
}

static void close_instance(void)
{
    th_plugin()->close(th_instance);
    th_instance = NULL;
}

static char published_article[96];     /* the article of the last published_claim */

/* A published claim of a new article (published_article), made through
   inst; its id. Static. */
static const char *published_claim(void *inst)
{
    static char claim[32];
    char path[96];
    snprintf(published_article, sizeof published_article, "%s", th_unique("replicas"));
    snprintf(claim, sizeof claim, "%s", th_new_claim_on(inst, published_article));
    snprintf(path, sizeof path, "/claims/%s/review", claim);
    th_resp r = th_call_on(inst, "POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    return claim;
}

/* The police's rebuttal linked to the claim through inst. */
static void link_rebuttal(void *inst, const char *claim)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/responses", claim);
    th_resp r = th_call_on(inst, "POST", path, "editor", NULL,
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция Астаны\"},"
        "\"issued_at\":\"2025-12-01\",\"summary\":\"Сравнение не подтверждается.\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
}

/* How many responses the claim has, as role (NULL: a reader) reads it. */
static long long responses_seen(const char *claim, const char *role)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", claim);
    th_resp r = th_call("GET", path, role, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    long long n = (long long)json_object_array_length(th_get(&r, "responses"));
    th_free(&r);
    return n;
}

/* A counter of GET /health's replicas. */
static long long replicas_stat(const char *name)
{
    char path[96];
    snprintf(path, sizeof path, "replicas/%s", name);
    return th_health_int(path);
}

/* Wait until the instance's listener has heard at least want invalidations. */
static void wait_invalidations(long long want)
{
    double start = th_now_ms();
    for (;;) {
        if (th_health_int("reader_cache/invalidations") >= want)
            return;
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the change was never heard");
        th_pause_ms(2);
    }
}

START_TEST(readers_read_from_the_standby_and_staff_from_the_primary)
{
    char hosts[1300];
    /* the primary named first: libpq's prefer-standby still picks the standby */
    snprintf(hosts, sizeof hosts, "host=%s,%s port=5432", primary_dir, standby_dir);
    open_with(hosts, "");
    const char *claim = published_claim(th_instance);
    wait_replayed();
    ck_assert_int_eq(responses_seen(claim, NULL), 0);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);

    replay(false);
    link_rebuttal(th_instance, claim);
    ck_assert_int_eq(responses_seen(claim, "editor"), 1);     /* the primary: at once */
    ck_assert_int_eq(responses_seen(claim, "moderator"), 1);
    ck_assert_int_eq(responses_seen(claim, NULL), 0);         /* the standby, paused */
    ck_assert_int_eq(replicas_stat("standby_reads"), 2);

    replay(true);
    wait_replayed();
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    ck_assert_int_eq(replicas_stat("standby_reads"), 3);
    ck_assert_int_eq(replicas_stat("primary_reads_standby_behind"), 0);
    close_instance();
}
END_TEST

START_TEST(the_cache_never_keeps_what_a_standby_behind_a_heard_change_would_answer)
{
    char hosts[700];
    snprintf(hosts, sizeof hosts, "host=%s port=5432", standby_dir);
    new_database();
    void *writer = open_writer();
    /* published before the instance listens: it has nothing to hear, and
       what it needs a standby to have replayed is where the primary's WAL
       stood when it opened */
    const char *claim = published_claim(writer);
    open_instance(hosts, ",\"reader_cache_bytes\":1048576");
    wait_replayed();
    long long heard = th_health_int("reader_cache/invalidations");
    ck_assert_int_eq(heard, 0);
    ck_assert_int_eq(responses_seen(claim, NULL), 0);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);

    replay(false);
    link_rebuttal(writer, claim);                 /* another host of the database */
    wait_invalidations(heard + 1);
    ck_assert_int_eq(responses_seen(claim, NULL), 1);   /* the standby is behind: the primary */
    ck_assert_int_eq(replicas_stat("primary_reads_standby_behind"), 1);
    ck_assert_int_eq(responses_seen(claim, NULL), 1);   /* and what is kept is the new answer */
    ck_assert_int_eq(replicas_stat("primary_reads_standby_behind"), 1);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);

    replay(true);
    th_plugin()->close(writer);
    close_instance();
}
END_TEST

START_TEST(readers_of_the_writing_instance_see_its_write_at_once)
{
    char hosts[700];
    snprintf(hosts, sizeof hosts, "host=%s port=5432", standby_dir);
    open_with(hosts, ",\"reader_cache_bytes\":1048576");
    const char *claim = published_claim(th_instance);
    wait_replayed();
    ck_assert_int_eq(responses_seen(claim, NULL), 0);

    replay(false);
    link_rebuttal(th_instance, claim);
    /* before its notification is heard, and with the standby behind */
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    ck_assert_int_ge(replicas_stat("primary_reads_standby_behind"), 1);
    replay(true);
    close_instance();
}
END_TEST

START_TEST(a_standby_that_is_away_leaves_readers_to_the_primary)
{
    char hosts[700];
    snprintf(hosts, sizeof hosts, "host=%s/nobody-listens-here port=5432", primary_dir);
    open_with(hosts, "");
    const char *claim = published_claim(th_instance);
    link_rebuttal(th_instance, claim);
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    ck_assert_int_eq(replicas_stat("primary_reads_standby_unavailable"), 2);
    ck_assert_int_eq(replicas_stat("standby_reads"), 0);
    close_instance();
}
END_TEST

START_TEST(replicas_libpq_cannot_parse_are_refused_at_open)
{
    static const char said[] = "replicas: replicas is not a connection string libpq understands: ";
    char *error = th_open_error("{\"replicas\":\"host=/tmp port\"}");
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strncmp(error, said, strlen(said)) == 0, "%s", error);
    th_plugin()->free_string(error);

    error = th_open_error("{\"replicas\":\"\"}");
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strncmp(error, "replicas: ", 10) == 0, "%s", error);
    th_plugin()->free_string(error);
}
END_TEST

/* Notices read on a standby are composed there (nothing can be kept on a
   server in recovery, sql/027) and answered by it; the primary keeps what
   it composes for staff. */
START_TEST(notices_on_a_standby_are_composed_there)
{
    char hosts[700], path[160], sql[256], kept[16];
    snprintf(hosts, sizeof hosts, "host=%s port=5432", standby_dir);
    open_with(hosts, "");
    published_claim(th_instance);
    wait_replayed();
    snprintf(path, sizeof path, "/articles/%s/notices", published_article);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM claimtrack.ct_notice_renders"
             " WHERE article_id = '%s'", published_article);
    for (int i = 1; i <= 2; i++) {
        th_resp r = th_call("GET", path, NULL, NULL, NULL);
        ck_assert_int_eq(r.status, 200);
        ck_assert_str_eq(th_str(&r, "notices/0/status"), "rebutted");
        th_free(&r);
        ck_assert_int_eq(replicas_stat("standby_reads"), i);
    }
    th_text_on(dbname, sql, kept, sizeof kept);
    ck_assert_str_eq(kept, "0");
    th_resp r = th_call("GET", path, "editor", NULL, NULL);     /* the primary */
    ck_assert_str_eq(th_str(&r, "notices/0/status"), "rebutted");
    th_free(&r);
    th_text_on(dbname, sql, kept, sizeof kept);
    ck_assert_str_eq(kept, "1");
    ck_assert_int_eq(replicas_stat("standby_reads"), 2);
    close_instance();
}
END_TEST

/* A reader's search on a standby composes its page there (a standby can
   keep nothing, sql/029's tables are unlogged); on the primary, staff's
   search keeps its claims' answers. */
START_TEST(searches_on_a_standby_are_composed_there)
{
    char hosts[700], kept[16];
    const char *count = "SELECT count(*) FROM claimtrack.ct_claim_renders";
    snprintf(hosts, sizeof hosts, "host=%s port=5432", standby_dir);
    open_with(hosts, "");
    const char *claim = published_claim(th_instance);
    wait_replayed();
    for (int i = 1; i <= 2; i++) {
        th_resp r = th_call("GET", "/claims", NULL, "{\"q\":\"Каракасе\"}", NULL);
        ck_assert_int_eq(r.status, 200);
        ck_assert_str_eq(th_str(&r, "claims/0/id"), claim);
        ck_assert_str_eq(th_str(&r, "claims/0/status"), "rebutted");
        th_free(&r);
        ck_assert_int_eq(replicas_stat("standby_reads"), i);
    }
    th_text_on(dbname, count, kept, sizeof kept);
    ck_assert_str_eq(kept, "0");
    th_resp r = th_call("GET", "/claims", "editor", "{\"q\":\"Каракасе\"}", NULL);  /* the primary */
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "claims/0/status"), "rebutted");
    th_free(&r);
    th_text_on(dbname, count, kept, sizeof kept);
    ck_assert_str_eq(kept, "1");
    ck_assert_int_eq(replicas_stat("standby_reads"), 2);
    close_instance();
}
END_TEST

/* GET /evidence/{id} is read on standbys but never kept. A reader's
   request too long for the cache's text key (a long If-None-Match) took
   no ticket, so any standby answered, however far behind a change heard:
   the archived source of a claim just unpublished was still served from a
   paused standby. */
START_TEST(a_read_not_kept_reads_no_standby_behind_a_change_heard)
{
    char hosts[700], sql[600], request[8192], etag[4080], path[64];
    snprintf(hosts, sizeof hosts, "host=%s port=5432", standby_dir);
    new_database();
    void *writer = open_writer();
    const char *claim = published_claim(writer);
    snprintf(sql, sizeof sql, "SET search_path TO claimtrack; INSERT INTO ct_evidence (claim_id, url,"
             " status, http_status, content_type, size, sha256, body, fetched_at)"
             " VALUES (%s, 'https://police.example.kz/statement', 'archived', 200, 'text/plain',"
             " 5, repeat('a', 64), 'hello'::bytea, now()) RETURNING id::text", claim);
    char evidence[32];
    snprintf(evidence, sizeof evidence, "%s", value_on(primary_dir, dbname, sql));
    open_instance(hosts, ",\"reader_cache_bytes\":1048576");
    wait_replayed();

    memset(etag, 'a', sizeof etag - 1);            /* the tag "aaa…", within the 4,096 allowed */
    etag[sizeof etag - 1] = '\0';
    snprintf(request, sizeof request, "{\"method\":\"GET\",\"path\":\"/evidence/%s\","
             "\"headers\":{\"If-None-Match\":\"\\\"%s\\\"\"}}", evidence, etag);
    ck_assert_int_gt(strlen(request), 4096);
    th_resp r = th_raw(request);
    ck_assert_int_eq(r.status, 200);               /* from the standby */
    th_free(&r);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);

    replay(false);
    long long heard = th_health_int("reader_cache/invalidations");
    snprintf(path, sizeof path, "/claims/%s/review", claim);
    r = th_call_on(writer, "POST", path, "moderator", NULL,
        "{\"expected_version\":2,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":false}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    wait_invalidations(heard + 1);
    r = th_raw(request);
    ck_assert_msg(r.status == 404, "GET /evidence/%s of an unpublished claim: %d", evidence,
                  r.status);
    th_free(&r);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);

    replay(true);
    th_plugin()->close(writer);
    close_instance();
}
END_TEST

/* ---- a TCP proxy to the primary that can go quiet after a notification ----
 *
 * Each connection accepted on 127.0.0.1 is joined to the primary's Unix
 * socket. What the server sends is passed on whole messages at a time
 * (type byte, 4-byte length; sslmode=disable, so every message is typed).
 * Once armed, the first connection that carries a NotificationResponse
 * ('A') passes it on and then passes nothing more either way, its sockets
 * left open: a primary gone quiet just after telling of a change (a
 * network partition, a stalled backend), which no error reveals. */
static struct {
    int listen_fd, port;
    atomic_bool armed;
} proxy;

static void *proxy_pump(void *arg)
{
    int client = (int)(intptr_t)arg, server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    char buf[65536], *pending = NULL;
    size_t held = 0;
    bool quiet = false;

    if (strlen(primary_dir) + sizeof "/.s.PGSQL.5432" > sizeof addr.sun_path)
        goto done;
    memcpy(addr.sun_path, primary_dir, strlen(primary_dir));
    memcpy(addr.sun_path + strlen(primary_dir), "/.s.PGSQL.5432", sizeof "/.s.PGSQL.5432");
    if (server < 0 || connect(server, (struct sockaddr *)&addr, sizeof addr) != 0)
        goto done;
    pending = malloc(1 << 20);
    for (;;) {
        struct pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0)
            break;
        if (fds[0].revents) {
            ssize_t n = read(client, buf, sizeof buf);
            if (n <= 0)
                break;
            if (!quiet && write(server, buf, (size_t)n) != n)
                break;
        }
        if (fds[1].revents) {
            ssize_t n = read(server, buf, sizeof buf);
            if (n <= 0)
                break;
            if (quiet || held + (size_t)n > (1 << 20))
                continue;
            memcpy(pending + held, buf, (size_t)n);
            held += (size_t)n;
            size_t whole = 0;       /* the bytes of whole messages to pass on */
            while (held - whole >= 5) {
                uint32_t len;
                memcpy(&len, pending + whole + 1, 4);
                len = ntohl(len);
                if (held - whole < 1 + (size_t)len)
                    break;
                char type = pending[whole];
                whole += 1 + len;
                if (type == 'A' && atomic_exchange(&proxy.armed, false)) {
                    quiet = true;
                    break;
                }
            }
            if (write(client, pending, whole) != (ssize_t)whole)
                break;
            memmove(pending, pending + whole, held - whole);
            held -= whole;
        }
    }
done:
    free(pending);
    if (server >= 0)
        close(server);
    close(client);
    return NULL;
}

static void *proxy_accept(void *arg)
{
    (void)arg;
    for (;;) {
        int client = accept(proxy.listen_fd, NULL, NULL);
        pthread_t pump;
        if (client < 0)
            return NULL;
        if (pthread_create(&pump, NULL, proxy_pump, (void *)(intptr_t)client) == 0)
            pthread_detach(pump);
        else
            close(client);
    }
}

static void proxy_start(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    pthread_t acceptor;

    proxy.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert(proxy.listen_fd >= 0);
    ck_assert(bind(proxy.listen_fd, (struct sockaddr *)&addr, sizeof addr) == 0);
    ck_assert(listen(proxy.listen_fd, 16) == 0);
    ck_assert(getsockname(proxy.listen_fd, (struct sockaddr *)&addr, &len) == 0);
    proxy.port = ntohs(addr.sin_port);
    atomic_init(&proxy.armed, false);
    ck_assert(pthread_create(&acceptor, NULL, proxy_accept, NULL) == 0);
    pthread_detach(acceptor);
}

/* A primary that goes quiet just after telling the listener of a change
   (through the proxy) must not leave readers the answer from before it:
   with standbys, the listener asks the primary where its WAL stands after
   each change, and that question went unanswered with the old answers
   still kept (until TCP gave up, minutes). The cache is now emptied before
   the question is asked, and the question waits poll_ms (at least a
   second) at most. */
START_TEST(a_primary_quiet_after_a_change_leaves_no_old_answer_kept)
{
    char config[4096], *error = NULL;
    new_database();
    void *writer = open_writer();
    const char *claim = published_claim(writer);
    wait_replayed();
    proxy_start();
    snprintf(config, sizeof config, "{\"database\":\"host=127.0.0.1 port=%d sslmode=disable"
             " gssencmode=disable user=postgres dbname=%s\",\"pool_size\":2,"
             "\"replicas\":\"host=%s port=5432 dbname=%s user=postgres\",\"language\":\"ru\","
             "\"outbound\":{\"workers\":false,\"poll_ms\":300},\"reader_cache_bytes\":1048576}",
             proxy.port, dbname, standby_dir, dbname);
    th_instance = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(th_instance != NULL, "open: %s", error ? error : "?");
    /* open() asked the primary where its WAL stands, and the cluster's
       other databases may have written since the wait above: the first
       read is the standby's only once it has replayed that far */
    wait_replayed();
    ck_assert_int_eq(responses_seen(claim, NULL), 0);
    ck_assert_int_eq(responses_seen(claim, NULL), 0);           /* kept */
    ck_assert_int_ge(th_health_int("reader_cache/hits"), 1);
    long long heard = th_health_int("reader_cache/invalidations");

    long long reconnects = th_health_int("reader_cache/reconnects");
    /* the standby paused: an answer of the old state came from it, one
       that a standby must not give once a change is heard and before the
       primary has said where its WAL stands */
    replay(false);
    atomic_store(&proxy.armed, true);
    link_rebuttal(writer, claim);              /* another host, not through the proxy */
    double start = th_now_ms();
    while (atomic_load(&proxy.armed)) {        /* until the notification has gone through */
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "no notification came through the proxy");
        th_pause_ms(2);
    }
    wait_invalidations(heard + 1);             /* counted as the cache is emptied */
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    /* the question unanswered for poll_ms: the connection given up, and a
       new one made (through the proxy, no longer armed) */
    while (th_health_int("reader_cache/reconnects") == reconnects) {
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the listener never connected anew");
        th_pause_ms(2);
    }
    ck_assert_int_eq(responses_seen(claim, NULL), 1);
    /* the listener gave the quiet connection up: the next change is not
       missed either (one stuck asking would have kept the answer above) */
    heard = th_health_int("reader_cache/invalidations");
    link_rebuttal(writer, claim);
    wait_invalidations(heard + 1);
    ck_assert_int_eq(responses_seen(claim, NULL), 2);
    ck_assert_int_eq(replicas_stat("standby_reads"), 1);    /* the first read alone */
    replay(true);
    th_plugin()->close(writer);
    close_instance();
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("replicas");
    TCase *tc = tcase_create("standby");
    tcase_add_unchecked_fixture(tc, standby_start, standby_stop);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, readers_read_from_the_standby_and_staff_from_the_primary);
    tcase_add_test(tc, notices_on_a_standby_are_composed_there);
    tcase_add_test(tc, searches_on_a_standby_are_composed_there);
    tcase_add_test(tc, the_cache_never_keeps_what_a_standby_behind_a_heard_change_would_answer);
    tcase_add_test(tc, readers_of_the_writing_instance_see_its_write_at_once);
    tcase_add_test(tc, a_standby_that_is_away_leaves_readers_to_the_primary);
    tcase_add_test(tc, replicas_libpq_cannot_parse_are_refused_at_open);
    tcase_add_test(tc, a_primary_quiet_after_a_change_leaves_no_old_answer_kept);
    tcase_add_test(tc, a_read_not_kept_reads_no_standby_behind_a_change_heard);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(suite());
}
