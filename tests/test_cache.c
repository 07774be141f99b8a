/*
 * test_cache.c -- src/door/cache.c through the plugin: the readers' cache
 * keeps readers' answers and serves them; a change committed through
 * another instance of the same database reaches it through LISTEN/NOTIFY
 * and the next reader gets the new answer; a change made with the
 * triggers off is served stale until a notification comes, which shows
 * the cache is what answered (and that staff never read from it); a lost
 * listener connection empties the cache; the size stays under its bound;
 * without reader_cache_bytes there is no cache, no thread, no connection;
 * the writes no reader can see (to claims under review that the writing
 * transaction wrote) notify no instance, and every other write does
 * (sql/040).
 *
 * Waits here are for something to happen (with a deadline), never to
 * show that something did not.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "testhost.h"

/* poll_ms 60000: the listener never pings in these tests, so a loaded
   machine that delays its thread cannot make it give up its connection
   (and empty the cache) between two reads; the silent test case, which is
   about the ping, has its own. */
#define CACHE_CONFIG "{\"reader_cache_bytes\":1048576,\"outbound\":{\"workers\":false,\"poll_ms\":60000}}"
#define SILENT_CONFIG "{\"reader_cache_bytes\":1048576,\"outbound\":{\"workers\":false,\"poll_ms\":1000}}"
#define DEADLINE_MS  15000

/* The police's rebuttal and the deputy's apology, as response bodies. */
#define POLICE "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция Астаны\"}," \
               "\"issued_at\":\"2025-12-01\",\"summary\":\"Сравнение не подтверждается.\"}"
#define APOLOGY "{\"kind\":\"apology\",\"by\":{\"name\":\"Талгат Ергалиев\"}," \
                "\"issued_at\":\"2025-12-02\",\"summary\":\"Депутат извинился.\"}"

static void *open_other(const char *config)
{
    char *error = NULL;
    void *inst = th_plugin()->open(&th_host, config, &error);
    ck_assert_msg(inst != NULL, "open: %s", error ? error : "?");
    return inst;
}

/* A counter of GET /health's reader_cache. */
static long long cache_stat(const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "reader_cache/%s", name);
    return th_health_int(path);
}

/*
 * A published claim with a mention in a new article: its id and article,
 * made through the fixture's instance, which has no cache; th_instance
 * then becomes an instance with the cache (config). PostgreSQL delivers no
 * notification committed before a LISTEN, so the new instance's listener
 * has nothing of these writes to hear: what it hears later is the test's
 * own doing, whenever the machine gets round to it.
 */
static void published_with(const char *config, char *article, size_t size, char *claim,
                           size_t claim_size)
{
    char path[96];
    snprintf(article, size, "%s", th_unique("cache"));
    snprintf(claim, claim_size, "%s", th_new_claim(article));
    snprintf(path, sizeof path, "/claims/%s/review", claim);
    th_resp r = th_call("POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    th_teardown();
    th_setup_with(config);
    ck_assert_int_eq(cache_stat("invalidations"), 0);
}

static void published(char *article, size_t size, char *claim, size_t claim_size)
{
    published_with(CACHE_CONFIG, article, size, claim, claim_size);
}

/* The claim's text as a reader (or role) of the shared instance gets it. */
static char *claim_text(const char *claim, const char *role)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", claim);
    th_resp r = th_call("GET", path, role, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    char *text = strdup(th_str(&r, "text"));
    th_free(&r);
    return text;
}

/* Change a claim's text with the triggers off: no notification at all.
   Its versions are not renewed either, so the answers the database kept
   of it are thrown away by hand, as such a load must (sql/029): what is
   tested is the in-process cache, which nothing told. */
static void change_unheard(const char *claim, const char *text)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SET session_replication_role = replica;"
             " UPDATE claimtrack.ct_claims SET text = '%s' WHERE id = %s;"
             " DELETE FROM claimtrack.ct_claim_renders WHERE claim_id = %s;"
             " RESET session_replication_role", text, claim, claim);
    ck_assert_str_eq(th_sql_exec(sql), "");
}

/* Wait until the shared instance's reader sees want as the claim's text. */
static double wait_for_text(const char *claim, const char *want)
{
    double start = th_now_ms();
    for (;;) {
        char *text = claim_text(claim, NULL);
        bool seen = strcmp(text, want) == 0;
        free(text);
        if (seen)
            return th_now_ms() - start;
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the reader never saw \"%s\"", want);
        th_pause_ms(2);
    }
}

START_TEST(a_change_through_another_instance_reaches_the_readers)
{
    char article[96], claim[32], path[160], respond[96];
    published(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/articles/%s/notices", article);

    th_resp first = th_call("GET", path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_int_eq(first.status, 200);
    long long hits = cache_stat("hits");
    th_resp again = th_call("GET", path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_str_eq(json_object_to_json_string(again.body), json_object_to_json_string(first.body));
    ck_assert_int_eq(cache_stat("hits"), hits + 1);          /* the second came from the cache */

    /* another host of the same database links the police's answer */
    void *other = open_other(th_config(2));
    snprintf(respond, sizeof respond, "/claims/%s/responses", claim);
    th_resp linked = th_call_on(other, "POST", respond, "editor", NULL, POLICE);
    ck_assert_int_eq(linked.status, 201);
    double committed = th_now_ms();
    for (;;) {
        th_resp r = th_call("GET", path, NULL, "{\"lang\":\"ru\"}", NULL);
        ck_assert_int_eq(r.status, 200);
        bool fresh = strstr(json_object_to_json_string(r.body), "Полиция Астаны") != NULL;
        th_free(&r);
        if (fresh)
            break;
        ck_assert_msg(th_now_ms() - committed < DEADLINE_MS, "the readers kept the old notices");
        th_pause_ms(1);
    }
    fprintf(stderr, "cache: a change through another instance reached the readers in %.1f ms\n",
            th_now_ms() - committed);
    ck_assert_int_ge(cache_stat("invalidations"), 1);
    th_plugin()->close(other);
    th_free(&first);
    th_free(&again);
    th_free(&linked);
}
END_TEST

/* A claim whose text holds word, recorded and published through instance:
   its id (static buffer). */
static const char *published_claim_on(void *instance, const char *word)
{
    static char id[32];
    char body[512], path[64];
    snprintf(body, sizeof body,
             "{\"text\":\"Депутат назвал цифру %s\",\"claimant\":{\"name\":\"Талгат Ергалиев\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}", word);
    th_resp r = th_call_on(instance, "POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%s/review", id);
    r = th_call_on(instance, "POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    return id;
}

/* The ids of the claims a page of GET /claims lists, "id,id,...". */
static char *page_ids(const th_resp *page)
{
    json_object *claims = th_get(page, "claims");
    char *ids = calloc(1, 1024);
    ck_assert_ptr_nonnull(ids);
    for (size_t i = 0; i < json_object_array_length(claims); i++) {
        json_object *id = json_object_object_get(json_object_array_get_idx(claims, i), "id");
        snprintf(ids + strlen(ids), 1024 - strlen(ids), "%s%s", i ? "," : "",
                 json_object_to_json_string(id));
    }
    return ids;
}

/* A reader's search (GET /claims?q=) is kept like a notice: asked again it
   is served from the cache, an editor's same search is not, and a claim
   published through another host reaches the readers' next search. */
START_TEST(a_reader_s_search_is_kept_until_a_change_reaches_it)
{
    char article[96], claim[32], word[96], query[160], older[32];
    snprintf(word, sizeof word, "%s", th_unique("поиск"));
    snprintf(older, sizeof older, "%s", published_claim_on(th_instance, word));
    published(article, sizeof article, claim, sizeof claim);  /* the cached instance from here */
    snprintf(query, sizeof query, "{\"q\":\"%s\"}", word);

    th_resp first = th_call("GET", "/claims", NULL, query, NULL);
    ck_assert_int_eq(first.status, 200);
    char *ids = page_ids(&first);
    ck_assert_str_eq(ids, older);
    long long hits = cache_stat("hits");
    th_resp again = th_call("GET", "/claims", NULL, query, NULL);
    ck_assert_str_eq(json_object_to_json_string(again.body), json_object_to_json_string(first.body));
    ck_assert_int_eq(cache_stat("hits"), hits + 1);          /* the second came from the cache */
    th_resp staff = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(staff.status, 200);
    ck_assert_int_eq(cache_stat("hits"), hits + 1);          /* staff read the database */

    void *other = open_other(th_config(2));
    char want[80];
    snprintf(want, sizeof want, "%s,%s", published_claim_on(other, word), older);
    double committed = th_now_ms();
    for (;;) {
        th_resp r = th_call("GET", "/claims", NULL, query, NULL);
        ck_assert_int_eq(r.status, 200);
        char *now = page_ids(&r);
        bool fresh = strcmp(now, want) == 0;
        ck_assert_msg(fresh || strcmp(now, older) == 0, "the page listed %s", now);
        free(now);
        th_free(&r);
        if (fresh)
            break;
        ck_assert_msg(th_now_ms() - committed < DEADLINE_MS, "the readers kept the old search");
        th_pause_ms(1);
    }
    th_plugin()->close(other);
    free(ids);
    th_free(&first);
    th_free(&again);
    th_free(&staff);
}
END_TEST

START_TEST(what_was_kept_is_served_until_a_notification_and_staff_never_read_it)
{
    char article[96], claim[32];
    published(article, sizeof article, claim, sizeof claim);
    char *before = claim_text(claim, NULL);                    /* kept */

    change_unheard(claim, "Текст изменён без уведомления");
    char *kept = claim_text(claim, NULL);
    ck_assert_str_eq(kept, before);                            /* the cache answered */
    char *staff = claim_text(claim, "editor");
    ck_assert_str_eq(staff, "Текст изменён без уведомления");  /* staff read the database */

    ck_assert_str_eq(th_sql_exec("NOTIFY ct_readers"), "");
    wait_for_text(claim, "Текст изменён без уведомления");
    free(before);
    free(kept);
    free(staff);
}
END_TEST

/* The triggers a response link fires, off and on again (the "own" test
   case's unchecked teardown turns them on whatever happened). */
#define READER_TRIGGERS(on_off) \
    "ALTER TABLE claimtrack.ct_claims " on_off " TRIGGER ct_claims_readers_update;" \
    " ALTER TABLE claimtrack.ct_responses " on_off " TRIGGER ct_responses_readers_insert;" \
    " ALTER TABLE claimtrack.ct_events " on_off " TRIGGER ct_events_readers_insert"

static void triggers_on(void)
{
    if (th_sql_exec(READER_TRIGGERS("ENABLE"))[0] != '\0')
        abort();
}

/* The instance's own write: its next reader sees it at once, without the
   notification (the triggers are off, so none comes). */
START_TEST(the_instance_s_own_write_is_seen_at_once)
{
    char article[96], claim[32], path[64], respond[96];
    published(article, sizeof article, claim, sizeof claim);
    ck_assert_str_eq(th_sql_exec(READER_TRIGGERS("DISABLE")), "");
    snprintf(path, sizeof path, "/claims/%s", claim);
    th_resp before = th_call("GET", path, NULL, NULL, NULL);
    long long version = th_int(&before, "version");
    th_resp kept = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(th_int(&kept, "version"), version);
    snprintf(respond, sizeof respond, "/claims/%s/responses", claim);
    th_resp linked = th_call("POST", respond, "editor", NULL, APOLOGY);
    ck_assert_int_eq(linked.status, 201);
    th_resp after = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(th_int(&after, "version"), version + 1);
    ck_assert_int_eq(json_object_array_length(th_get(&after, "responses")), 1);
    th_free(&before);
    th_free(&kept);
    th_free(&linked);
    th_free(&after);
}
END_TEST

START_TEST(a_lost_listener_empties_the_cache)
{
    char article[96], claim[32], sql[256];
    published(article, sizeof article, claim, sizeof claim);
    char *before = claim_text(claim, NULL);
    change_unheard(claim, "Изменено, пока слушатель был отключён");
    char *kept = claim_text(claim, NULL);
    ck_assert_str_eq(kept, before);

    long long reconnects = cache_stat("reconnects");
    snprintf(sql, sizeof sql, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
             " WHERE application_name = 'claimtrack ct_readers' AND datname = current_database()");
    ck_assert_int_eq(th_sql_int("SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                                " 'claimtrack ct_readers' AND datname = current_database()"), 1);
    ck_assert_int_eq(th_sql_int(sql), 1);
    /* the listener notices and connects again; until then nothing is served from the cache */
    double start = th_now_ms();
    while (cache_stat("reconnects") == reconnects) {
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the listener never came back");
        th_pause_ms(5);
    }
    ck_assert_int_eq(cache_stat("listening"), 1);
    char *after = claim_text(claim, NULL);
    ck_assert_str_eq(after, "Изменено, пока слушатель был отключён");
    free(before);
    free(kept);
    free(after);
}
END_TEST

/* The listener's backend, by the name its connection gives itself. */
#define LISTENER_PIDS "SELECT pid FROM pg_stat_activity WHERE application_name =" \
    " 'claimtrack ct_readers' AND datname = current_database()"

/* The "silent" test case's unchecked teardown: whatever happened, no
   backend of the cluster stays stopped (it would hold up its shutdown). */
static void listeners_continue(void)
{
    char sql[256];
    long long pid = 0;
    for (;;) {
        snprintf(sql, sizeof sql, "SELECT COALESCE(min(pid), 0) FROM pg_stat_activity"
                 " WHERE application_name = 'claimtrack ct_readers' AND pid > %lld", pid);
        if ((pid = th_sql_int(sql)) == 0)
            break;
        kill((pid_t)pid, SIGCONT);
    }
}

/* A database host that stops answering without closing the connection
   (SIGSTOP on the listener's backend stands for it): no notification can
   come, so the listener's ping fails and the cache is no longer used. */
START_TEST(a_listener_that_stops_answering_stops_the_cache)
{
    char article[96], claim[32];
    published_with(SILENT_CONFIG, article, sizeof article, claim, sizeof claim);
    char *before = claim_text(claim, NULL);
    change_unheard(claim, "Изменено, пока база молчала");
    char *kept = claim_text(claim, NULL);
    ck_assert_str_eq(kept, before);

    long long reconnects = cache_stat("reconnects");
    pid_t backend = (pid_t)th_sql_int(LISTENER_PIDS);
    ck_assert_int_gt(backend, 0);
    ck_assert_int_eq(kill(backend, SIGSTOP), 0);
    /* the ping goes unanswered: the listener gives that connection up and
       connects again, to a new backend, while the old one is still stopped */
    double start = th_now_ms();
    while (cache_stat("reconnects") == reconnects) {
        ck_assert_msg(th_now_ms() - start < DEADLINE_MS, "the listener never gave the silent connection up");
        th_pause_ms(5);
    }
    fprintf(stderr, "cache: a listener whose database stopped answering connected anew after %.0f ms\n",
            th_now_ms() - start);
    ck_assert_int_eq(kill(backend, SIGCONT), 0);
    ck_assert_int_ne((pid_t)th_sql_int(LISTENER_PIDS " ORDER BY backend_start DESC LIMIT 1"), backend);
    char *after = claim_text(claim, NULL);          /* what was kept went with the old connection */
    ck_assert_str_eq(after, "Изменено, пока база молчала");
    free(before);
    free(kept);
    free(after);
}
END_TEST

START_TEST(the_cache_stays_under_its_bound)
{
    char path[160], last[160] = "";
    for (int i = 0; i < 400; i++) {
        snprintf(path, sizeof path, "/articles/%s/notices", th_unique("bound"));
        th_resp r = th_call("GET", path, NULL, NULL, NULL);
        ck_assert_int_eq(r.status, 200);
        th_free(&r);
        snprintf(last, sizeof last, "%s", path);
    }
    ck_assert_int_le(cache_stat("bytes"), 65536);
    ck_assert_int_eq(cache_stat("limit"), 65536);
    ck_assert_int_gt(cache_stat("evictions"), 0);
    ck_assert_int_lt(cache_stat("entries"), 400);
    long long hits = cache_stat("hits");
    th_resp r = th_call("GET", last, NULL, NULL, NULL);          /* the newest is still kept */
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(cache_stat("hits"), hits + 1);
    th_free(&r);
}
END_TEST

START_TEST(without_the_setting_there_is_no_cache)
{
    th_resp r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_object_is_type(th_get(&r, "reader_cache"), json_type_null));
    ck_assert_int_eq(th_sql_int("SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                                " 'claimtrack ct_readers' AND datname = current_database()"), 0);
    th_free(&r);
}
END_TEST

START_TEST(the_setting_is_checked)
{
    char *error = th_open_error("{\"reader_cache_bytes\":-1}");
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "reader_cache_bytes"));
    th_plugin()->free_string(error);
    error = th_open_error("{\"reader_cache_bytes\":\"1MB\"}");
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "reader_cache_bytes"));
    th_plugin()->free_string(error);
}
END_TEST

static void setup_small_cache(void)
{
    th_setup_with("{\"reader_cache_bytes\":65536}");
}

START_TEST(tags_of_one_language_never_serve_another_s_page)
{
    char article[96], claim[32], path[160];
    published(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    /* each query is its own entry, asked twice (the second from the cache),
       in an order where a key by language alone would serve the wrong one */
    static const struct { const char *query, *lang, *word; } asked[] = {
        {"{\"format\":\"html\",\"lang\":\"ru-RU\"}", "ru", "Вердикт:"},
        {"{\"format\":\"html\",\"lang\":\"EN-gb\"}", "en", "Verdict:"},
        {"{\"format\":\"html\",\"lang\":\"kk-Cyrl-KZ\"}", "kk", "Қорытынды:"},
        {"{\"format\":\"html\",\"lang\":\"ru\"}", "ru", "Вердикт:"},
        {"{\"format\":\"html\",\"lang\":\"en\"}", "en", "Verdict:"},
        {"{\"format\":\"html\",\"lang\":\"de\"}", "ru", "Вердикт:"},
        {"{\"format\":\"html\"}", "ru", "Вердикт:"},
    };
    size_t n = sizeof asked / sizeof asked[0];
    long long hits = cache_stat("hits");
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < n; i++) {
            th_resp r = th_call("GET", path, NULL, asked[i].query, NULL);
            ck_assert_int_eq(r.status, 200);
            const char *html = json_object_get_string(r.body);
            char attr[32];
            snprintf(attr, sizeof attr, "lang=\"%s\"", asked[i].lang);
            ck_assert_msg(strstr(html, attr) && strstr(html, asked[i].word),
                          "round %d, %s: %s", round, asked[i].query, html);
            th_free(&r);
        }
    ck_assert_int_eq(cache_stat("hits"), hits + (long long)n);
}
END_TEST

/* ---- which writes notify (sql/040) ------------------------------------------------ */

/* A session of th_setup_fresh's database that LISTENs on ct_readers, as
   every instance's cache does. */
static PGconn *listening(void)
{
    char conninfo[1024];
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), th_fresh_dbname());
    PGconn *conn = PQconnectdb(conninfo);
    ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
    PGresult *res = PQexec(conn, "LISTEN ct_readers");
    ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    return conn;
}

/* How many notifications the listener got since the last call: a marker
   (payload "marker") is sent now, and PostgreSQL delivers notifications
   in the order their transactions committed, so every notification of
   the writes made before has arrived once the marker has. Each request
   is one transaction, and a transaction's notifications are one. */
static int notified_since(PGconn *listener)
{
    int count = 0;
    bool marker = false;
    double start = th_now_ms();
    ck_assert_str_eq(th_sql_exec_on(th_fresh_dbname(), "NOTIFY ct_readers, 'marker'"), "");
    while (!marker) {
        PGnotify *n;
        ck_assert_int_eq(PQconsumeInput(listener), 1);
        while (!marker && (n = PQnotifies(listener)) != NULL) {
            marker = strcmp(n->extra, "marker") == 0;
            count += !marker;
            PQfreemem(n);
        }
        ck_assert_msg(marker || th_now_ms() - start < DEADLINE_MS, "the marker never arrived");
        if (!marker)
            th_pause_ms(2);
    }
    return count;
}

/* POST to the claim's path + suffix as role; the answer's status. */
static int post_to_claim(const char *claim, const char *suffix, const char *role,
                         const char *body)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s%s", claim, suffix);
    th_resp r = th_call("POST", path, role, NULL, body);
    int status = r.status;
    th_free(&r);
    return status;
}

/* A moderator's review of the claim at the version it has now. */
static int review_now(const char *claim, const char *fields)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%s", claim);
    th_resp r = th_call("GET", path, "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,%s}", th_int(&r, "version"), fields);
    th_free(&r);
    return post_to_claim(claim, "/review", "moderator", body);
}

#define VERDICT "\"status\":\"rebutted\",\"rating\":\"False\""
#define MENTION "{\"article_id\":\"unseen-other\",\"quote\":{\"exact\":\"как в Каракасе\"}}"

/* A claim recorded with its mention, given a response and reviewed
   without being published: no reader sees any of it, and no instance is
   told. A mention added later, by a request that does not write the
   claim, is told: another could publish the claim before it commits.
   Published, every change to it is heard, its withdrawal too; once
   withdrawn, a moderator's note on it is not. */
START_TEST(only_writes_readers_can_see_notify)
{
    PGconn *listener = listening();
    char article[96], claim[32];
    snprintf(article, sizeof article, "%s", th_unique("unseen"));
    snprintf(claim, sizeof claim, "%s", th_new_claim(article));
    ck_assert_int_eq(post_to_claim(claim, "/responses", "editor", POLICE), 201);
    ck_assert_int_eq(review_now(claim, VERDICT), 200);
    ck_assert_int_eq(notified_since(listener), 0);
    /* another mention leaves the claim's row as it is: a later request
       (on the same pooled connection) has not written the claim */
    ck_assert_int_eq(post_to_claim(claim, "/mentions", "editor", MENTION), 201);
    ck_assert_int_eq(notified_since(listener), 1);

    ck_assert_int_eq(review_now(claim, VERDICT ",\"publish\":true"), 200);
    ck_assert_int_eq(notified_since(listener), 1);
    ck_assert_int_eq(post_to_claim(claim, "/responses", "editor", APOLOGY), 201);
    ck_assert_int_eq(notified_since(listener), 1);
    ck_assert_int_eq(review_now(claim, VERDICT ",\"publish\":false"), 200);
    ck_assert_int_eq(notified_since(listener), 1);
    ck_assert_int_eq(review_now(claim, VERDICT ",\"note\":\"Проверено ещё раз.\""), 200);
    ck_assert_int_eq(notified_since(listener), 0);
    PQfinish(listener);
}
END_TEST

/* A row of a claim under review written by a transaction that did not
   write the claim (a job's, psql's) is heard: another transaction could
   publish the claim before this one commits. */
START_TEST(a_row_of_a_claim_the_writer_did_not_write_notifies)
{
    PGconn *listener = listening();
    char claim[32], sql[512];
    snprintf(claim, sizeof claim, "%s", th_new_claim(NULL));
    ck_assert_int_eq(notified_since(listener), 0);
    snprintf(sql, sizeof sql,
             "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
             " VALUES (%s, 'note_added', now(), 'u1', 'moderator', '{\"note\":\"psql\"}')", claim);
    ck_assert_str_eq(th_sql_exec_on(th_fresh_dbname(), sql), "");
    ck_assert_int_eq(notified_since(listener), 1);
    PQfinish(listener);
}
END_TEST

/* claimtrack.claims_written (sql/040) names the claims this transaction
   wrote. A value set for the whole session, or not a list of claims,
   counts for nothing: the write is made, and heard. */
START_TEST(a_claims_written_value_from_elsewhere_counts_for_nothing)
{
    PGconn *listener = listening();
    char claim[32], sql[1024];
    snprintf(claim, sizeof claim, "%s", th_new_claim(NULL));
    ck_assert_int_eq(notified_since(listener), 0);
#define NOTE_EVENT "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role," \
                   " payload) VALUES (%s, 'note_added', now(), 'u1', 'moderator', '{\"note\":\"psql\"}')"
    snprintf(sql, sizeof sql, "SET claimtrack.claims_written = '1:claimtrack.%s'; " NOTE_EVENT,
             claim, claim);
    ck_assert_str_eq(th_sql_exec_on(th_fresh_dbname(), sql), "");
    ck_assert_int_eq(notified_since(listener), 1);
    snprintf(sql, sizeof sql, "DO $$ BEGIN PERFORM set_config('claimtrack.claims_written',"
             " pg_current_xact_id()::text || ':,x,99999999999999999999,claimtrack.', true); "
             NOTE_EVENT "; END $$", claim);
    ck_assert_str_eq(th_sql_exec_on(th_fresh_dbname(), sql), "");
    ck_assert_int_eq(notified_since(listener), 1);
#undef NOTE_EVENT
    PQfinish(listener);
}
END_TEST

static Suite *cache_suite(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("readers");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_add_test(tc, a_change_through_another_instance_reaches_the_readers);
    tcase_add_test(tc, what_was_kept_is_served_until_a_notification_and_staff_never_read_it);
    tcase_add_test(tc, a_reader_s_search_is_kept_until_a_change_reaches_it);
    tcase_add_test(tc, a_lost_listener_empties_the_cache);
    tcase_add_test(tc, tags_of_one_language_never_serve_another_s_page);
    suite_add_tcase(s, tc);

    TCase *own = tcase_create("own");
    tcase_add_checked_fixture(own, th_setup, th_teardown);
    tcase_add_unchecked_fixture(own, NULL, triggers_on);
    tcase_add_test(own, the_instance_s_own_write_is_seen_at_once);
    suite_add_tcase(s, own);

    TCase *silent = tcase_create("silent");
    tcase_add_checked_fixture(silent, th_setup, th_teardown);
    tcase_add_unchecked_fixture(silent, NULL, listeners_continue);
    tcase_set_timeout(silent, 30);
    tcase_add_test(silent, a_listener_that_stops_answering_stops_the_cache);
    suite_add_tcase(s, silent);

    TCase *small = tcase_create("bound");
    tcase_add_checked_fixture(small, setup_small_cache, th_teardown);
    tcase_add_test(small, the_cache_stays_under_its_bound);
    suite_add_tcase(s, small);

    TCase *unseen = tcase_create("unseen");
    tcase_add_checked_fixture(unseen, th_setup_fresh, th_teardown);   /* no workers */
    tcase_add_test(unseen, only_writes_readers_can_see_notify);
    tcase_add_test(unseen, a_row_of_a_claim_the_writer_did_not_write_notifies);
    tcase_add_test(unseen, a_claims_written_value_from_elsewhere_counts_for_nothing);
    suite_add_tcase(s, unseen);

    TCase *off = tcase_create("off");
    tcase_add_checked_fixture(off, th_setup, th_teardown);
    tcase_add_test(off, without_the_setting_there_is_no_cache);
    tcase_add_test(off, the_setting_is_checked);
    suite_add_tcase(s, off);
    return s;
}

int main(void)
{
    return th_run_suite(cache_suite());
}
