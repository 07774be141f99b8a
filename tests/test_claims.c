/*
 * test_claims.c -- src/domain/claims.c through the plugin: the seed story walked
 * end to end (record the deputy's claim where the article repeats it, link
 * the police rebuttal, the apology and the mayor's statement, publish a
 * verdict, read it as a reader), then listing, search and pagination.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/claims.h"
#include "seed_story.h"
#include "testhost.h"

static char claim_path[64];

static void post_ok(const char *path, const char *role, const char *body, int status)
{
    th_resp r = th_call("POST", path, role, NULL, body);
    ck_assert_msg(r.status == status, "POST %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
}

START_TEST(seed_story_end_to_end)
{
    char body[4096];
    const char *article = th_unique("qazaq24");

    /* An editor tags the claim where the article repeats it. */
    snprintf(body, sizeof body, SEED_CLAIM_BODY, article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "status"), "disputed");
    ck_assert_int_eq(th_int(&r, "version"), 1);
    ck_assert_str_eq(th_str(&r, "text"), SEED_CLAIM_TEXT);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Талгат Ергалиев");
    ck_assert_str_eq(th_str(&r, "mentions/0/article_id"), article);
    ck_assert_str_eq(th_str(&r, "mentions/0/quote/exact"), SEED_QUOTE_EXACT);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "published")), 0);
    snprintf(claim_path, sizeof claim_path, "/claims/%lld", th_int(&r, "id"));
    th_free(&r);

    /* Readers do not see it yet, not even on the article. */
    r = th_call("GET", claim_path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 404);
    th_free(&r);

    /* The police rebuttal, the apology, the mayor. */
    char path[96];
    snprintf(path, sizeof path, "%s/responses", claim_path);
    post_ok(path, "editor", SEED_MAYOR_BODY, 201);
    post_ok(path, "editor", SEED_POLICE_BODY, 201);
    post_ok(path, "editor", SEED_APOLOGY_BODY, 201);

    /* The moderator finds it in the queue and publishes a verdict. */
    r = th_call("GET", claim_path, "moderator", NULL, NULL);
    long long version = th_int(&r, "version");
    ck_assert_int_eq(version, 4);     /* 1 + three responses */
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 3);
    /* responses come back in world order: police (1 Dec) before the mayor */
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "Департамент полиции Астаны");
    ck_assert_str_eq(th_str(&r, "responses/2/by/name"), "Женис Касымбек");
    th_free(&r);

    snprintf(path, sizeof path, "%s/review", claim_path);
    snprintf(body, sizeof body, SEED_REVIEW_BODY, version);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "status"), "rebutted");
    ck_assert_str_eq(th_str(&r, "rating"), "False");
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "published")), 1);
    ck_assert_int_eq(th_int(&r, "version"), version + 1);
    th_free(&r);

    /* Now a reader sees the claim with all three responses. */
    r = th_call("GET", claim_path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "responses/1/kind"), "apology");
    ck_assert_str_eq(th_str(&r, "responses/1/summary"), "Депутат публично извинился за свои слова.");
    ck_assert_ptr_null(th_get(&r, "created_by"));
    th_free(&r);

    /* And the article's readers get the notice. */
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    r = th_call("GET", path, NULL, "{\"format\":\"json\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 1);
    ck_assert_str_eq(th_str(&r, "notices/0/rating"), "False");
    ck_assert_str_eq(th_str(&r, "notices/0/language"), "ru");
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/exact"), SEED_QUOTE_EXACT);
    ck_assert_str_eq(th_str(&r, "notices/0/responses/0/kind"), "rebuttal");
    th_free(&r);
}
END_TEST

START_TEST(list_search_and_pages)
{
    const char *marker = th_unique("Шымкент");
    char body[1024], query[256];

    for (int i = 0; i < 5; i++) {
        snprintf(body, sizeof body,
                 "{\"text\":\"%s: заявление номер %d\",\"claimant\":{\"name\":\"Депутат\"},"
                 "\"said_at\":\"2025-12-0%d\",\"language\":\"kk\"}", marker, i, i + 1);
        post_ok("/claims", "editor", body, 201);
    }
    /* Search is case-insensitive, also in Cyrillic. */
    char lower[128];
    snprintf(lower, sizeof lower, "шымкент%s", marker + strlen("Шымкент"));
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"limit\":\"2\"}", lower);
    th_resp r = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 2);
    ck_assert_ptr_nonnull(strstr(th_str(&r, "claims/0/text"), "номер 4"));  /* newest first */
    const char *cursor = th_str(&r, "next_cursor");
    ck_assert_str_ne(cursor, "");
    char next[256];
    snprintf(next, sizeof next, "{\"q\":\"%s\",\"limit\":\"2\",\"cursor\":\"%s\"}", lower, cursor);
    th_free(&r);

    r = th_call("GET", "/claims", "editor", next, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 2);
    ck_assert_ptr_nonnull(strstr(th_str(&r, "claims/0/text"), "номер 2"));
    th_free(&r);

    /* a cursor beyond 32 bits is still a cursor (ids are bigint) */
    r = th_call("GET", "/claims", "editor", "{\"cursor\":\"99999999999\",\"limit\":\"1\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_call("GET", "/claims", "editor", "{\"cursor\":\"12a\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "query.cursor");
    th_free(&r);

    /* Readers see no unpublished claim in lists. */
    snprintf(query, sizeof query, "{\"q\":\"%s\"}", lower);
    r = th_call("GET", "/claims", NULL, query, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 0);
    ck_assert_ptr_null(th_get(&r, "next_cursor"));
    th_free(&r);

    /* Filters combine: language and status. */
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"language\":\"ru\"}", lower);
    r = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 0);
    th_free(&r);
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"language\":\"kk\",\"status\":\"disputed\"}", lower);
    r = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 5);
    th_free(&r);
}
END_TEST

/* The texts of a GET /claims answer's claims, in its order, joined by "|". */
static void join_claim_texts(th_resp *r, char *out, size_t size)
{
    out[0] = '\0';
    json_object *claims = th_get(r, "claims");
    for (size_t i = 0; i < json_object_array_length(claims); i++) {
        const char *text = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(claims, i), "text"));
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "|" : "", text);
    }
}

/* The texts GET /claims answers as <role> (NULL: a reader) to <query>. */
static void search_as(const char *role, const char *query, char *out, size_t size)
{
    th_resp r = th_call("GET", "/claims", role, query, NULL);
    ck_assert_int_eq(r.status, 200);
    join_claim_texts(&r, out, size);
    th_free(&r);
}

/* The texts of the claims GET /claims?q= finds, as an editor, joined by "|". */
static void search_texts(const char *q_json, char *out, size_t size)
{
    char query[1040];   /* a q of up to 1,023 bytes and {"q":} */
    snprintf(query, sizeof query, "{\"q\":%s}", q_json);
    search_as("editor", query, out, size);
}

/* q is a piece of text, never a pattern: LIKE's % and _ and its escape
   character match only themselves; the claimant's name is searched too. */
START_TEST(search_takes_q_literally)
{
    const char *marker = th_unique("Актау");
    static const char *const texts[] = {"рост на 10%% в %s", "рост на 10 000 в %s",
                                        "a_b %s", "axb %s", "back\\\\slash %s", "backslash %s"};
    char body[512], got[2048], want[512], q[160];

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char text[160];
        snprintf(text, sizeof text, texts[i], marker);
        snprintf(body, sizeof body, "{\"text\":\"%s\",\"claimant\":{\"name\":\"Аким %s\"},"
                 "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}", text, marker);
        post_ok("/claims", "editor", body, 201);
    }
    snprintf(q, sizeof q, "\"10%% в %s\"", marker);
    search_texts(q, got, sizeof got);
    snprintf(want, sizeof want, "рост на 10%% в %s", marker);
    ck_assert_str_eq(got, want);

    snprintf(q, sizeof q, "\"a_b %s\"", marker);
    search_texts(q, got, sizeof got);
    snprintf(want, sizeof want, "a_b %s", marker);
    ck_assert_str_eq(got, want);

    /* a backslash taken for LIKE's escape would find "backslash" too */
    snprintf(q, sizeof q, "\"k\\\\slash %s\"", marker);
    search_texts(q, got, sizeof got);
    snprintf(want, sizeof want, "back\\slash %s", marker);
    ck_assert_str_eq(got, want);

    /* the claimant, in another case: all six, newest first */
    snprintf(q, sizeof q, "\"аким актау%s\"", marker + strlen("Актау"));
    search_texts(q, got, sizeof got);
    snprintf(want, sizeof want, "backslash %s|back\\slash %s|axb %s|a_b %s|рост на 10 000 в %s|"
             "рост на 10%% в %s", marker, marker, marker, marker, marker, marker);
    ck_assert_str_eq(got, want);
}
END_TEST

/* Records a claim by editor with this text and claimant's name. */
static void new_claim_text(const char *text, const char *claimant)
{
    size_t size = strlen(text) + strlen(claimant) + 256;
    char *body = malloc(size);
    ck_assert_ptr_nonnull(body);
    snprintf(body, size, "{\"text\":\"%s\",\"claimant\":{\"name\":\"%s\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}", text, claimant);
    post_ok("/claims", "editor", body, 201);
    free(body);
}

/* Searches q (a JSON string's inside) and expects exactly <want>. */
static void search_finds(const char *q, const char *want)
{
    static char got[16384];
    char q_json[1024];
    snprintf(q_json, sizeof q_json, "\"%s\"", q);
    search_texts(q_json, got, sizeof got);
    ck_assert_msg(strcmp(got, want) == 0, "q=%.120s: got \"%.200s\", want \"%.200s\"", q, got, want);
}

/* A phrase is found wherever it occurs, whatever its first and last words
   cut, its punctuation, quotes, backslashes, spaces or length. */
START_TEST(search_finds_phrases_however_they_are_cut)
{
    const char *m = th_unique("Актау");
    char text[512], q[512], want[512], claimant[128];

    snprintf(text, sizeof text, "преступность как в Каракасе %s", m);
    new_claim_text(text, "Депутат");
    snprintf(text, sizeof text, "преступность как в Москве %s", m);
    new_claim_text(text, "Депутат");
    snprintf(q, sizeof q, "ность как в Каракасе %s", m);          /* the first word cut */
    snprintf(want, sizeof want, "преступность как в Каракасе %s", m);
    search_finds(q, want);
    snprintf(q, sizeof q, "%s каждый 7-й жит", m);                /* the last word cut */
    snprintf(text, sizeof text, "%s каждый 7-й житель", m);
    new_claim_text(text, "Аким");
    search_finds(q, text);

    /* punctuation, guillemets, an apostrophe and a backslash inside */
    snprintf(text, sizeof text, "%s город, «где» it's back\\\\slash's тут", m);
    new_claim_text(text, "Аким");
    snprintf(q, sizeof q, "%s город, «ГДЕ» it's back\\\\slash's т", m);
    snprintf(want, sizeof want, "%s город, «где» it's back\\slash's тут", m);
    search_finds(q, want);

    /* two spaces in a row, and a phrase running from the text into the
       claimant's name */
    snprintf(text, sizeof text, "two  spaces then %s", m);
    snprintf(claimant, sizeof claimant, "Аким %s", m);
    new_claim_text(text, claimant);
    snprintf(q, sizeof q, "wo  spaces then %s Аки", m);
    snprintf(want, sizeof want, "two  spaces then %s", m);
    search_finds(q, want);

    /* words of the phrase apart in the claim: not the phrase */
    snprintf(q, sizeof q, "%s каждый житель", m);
    search_finds(q, "");

    /* a word of 3,122 Cyrillic letters (6,244 bytes), found by its first
       150 */
    size_t long_size = 3122 * 2 + 256;
    char *long_text = malloc(long_size);
    ck_assert_ptr_nonnull(long_text);
    size_t used = (size_t)snprintf(long_text, long_size, "%s ", m);
    unsigned seed = 12345;
    for (int i = 0; i < 3122; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned cp = 0x430 + (seed >> 8) % 32;                 /* а to я */
        long_text[used++] = (char)(0xC0 | (cp >> 6));
        long_text[used++] = (char)(0x80 | (cp & 0x3F));
        if (i == 149)
            snprintf(q, sizeof q, "%.*s", (int)used, long_text);
    }
    long_text[used] = '\0';
    new_claim_text(long_text, "Аким");
    search_finds(q, long_text);
    free(long_text);
}
END_TEST

/* Page <limit> of GET /claims?q=<q> as <role> (NULL: a reader), after
   <cursor> (or NULL): the texts joined by "|", and the next cursor into
   next (size 32). */
static void search_page_as(const char *role, const char *q, const char *limit,
                           const char *cursor, char *out, size_t size, char *next)
{
    char query[512];
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"limit\":\"%s\"%s%s%s}", q, limit,
             cursor ? ",\"cursor\":\"" : "", cursor ? cursor : "", cursor ? "\"" : "");
    th_resp r = th_call("GET", "/claims", role, query, NULL);
    ck_assert_int_eq(r.status, 200);
    join_claim_texts(&r, out, size);
    json_object *cursor_value = NULL;
    json_object_object_get_ex(r.body, "next_cursor", &cursor_value);
    snprintf(next, 32, "%s", cursor_value ? json_object_get_string(cursor_value) : "");
    th_free(&r);
}

/* search_page_as as an editor. */
static void search_page(const char *q, const char *limit, const char *cursor,
                        char *out, size_t size, char *next)
{
    search_page_as("editor", q, limit, cursor, out, size, next);
}

/* Records <count> claims straight into the table, claimant "Аким": the
   text of the g-th is the SQL expression <text> (g in scope), in
   <language>, published with a verdict or waiting for one. */
static void insert_claims(const char *count, const char *text, const char *language,
                          bool published)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by, status,"
             " rating, published, published_at)"
             " SELECT %s, 'Аким', now(), '%s', 'test', '%s', %s, %s, %s"
             "   FROM generate_series(1, %s) AS g",
             text, language, published ? "rebutted" : "disputed", published ? "'False'" : "NULL",
             published ? "true" : "false", published ? "now()" : "NULL", count);
    ck_assert_str_eq(th_sql_exec(sql), "");
}

/* Records CT_SEARCH_WALK + 100 claims newer than every claim so far, so
   that a search reaches those only past its walk, through an index. */
static void fill_past_the_walk(void)
{
    insert_claims(CT_SEARCH_WALK_TEXT " + 100", "'заполнитель ' || g", "ru", false);
}

/* Records a claim by editor whose text is <format> with the marker m in
   place of its %s, claimant "Аким"; the text goes into out (512 bytes). */
static void new_marked_claim(char out[512], const char *format, const char *m)
{
    snprintf(out, 512, format, m);
    new_claim_text(out, "Аким");
}

/* A search checks the newest CT_SEARCH_WALK claims one by one and reads
   the trigram index when its page is not full there: claims older than
   the walk are found, on the first page and on the next. */
START_TEST(search_finds_claims_older_than_it_walks)
{
    const char *m = th_unique("Актау");
    char text[160], got[1024], want[512], next[32], next2[32];

    snprintf(text, sizeof text, "%s первое", m);
    new_claim_text(text, "Аким");
    snprintf(text, sizeof text, "%s второе", m);
    new_claim_text(text, "Аким");
    fill_past_the_walk();
    snprintf(text, sizeof text, "%s третье", m);
    new_claim_text(text, "Аким");

    search_page(m, "20", NULL, got, sizeof got, next);
    snprintf(want, sizeof want, "%s третье|%s второе|%s первое", m, m, m);
    ck_assert_str_eq(got, want);
    ck_assert_str_eq(next, "");

    search_page(m, "1", NULL, got, sizeof got, next);      /* found by the walk */
    snprintf(want, sizeof want, "%s третье", m);
    ck_assert_str_eq(got, want);
    search_page(m, "1", next, got, sizeof got, next2);     /* past the walk: the index */
    snprintf(want, sizeof want, "%s второе", m);
    ck_assert_str_eq(got, want);
    search_page(m, "1", next2, got, sizeof got, next);
    snprintf(want, sizeof want, "%s первое", m);
    ck_assert_str_eq(got, want);
}
END_TEST

/* One claim by insert_claims: <text> (plain, no quote in it). */
static void insert_claim(const char *text, const char *language, bool published)
{
    char literal[256];
    snprintf(literal, sizeof literal, "'%s'", text);
    insert_claims("1", literal, language, published);
}

/* Past the walk, the index finds claims by q alone, and the answer keeps
   to what the walk keeps to: a reader gets published claims only, a
   status or language asked for is kept, and the cursor ends the page. */
START_TEST(search_past_the_walk_keeps_to_what_was_asked)
{
    const char *m = th_unique("Тараз");
    char published_ru[160], disputed_ru[160], published_kk[160];
    char query[256], got[1024], want[1024];

    snprintf(published_ru, sizeof published_ru, "%s опубликовано", m);
    snprintf(disputed_ru, sizeof disputed_ru, "%s на проверке", m);
    snprintf(published_kk, sizeof published_kk, "%s жарияланды", m);
    insert_claim(published_ru, "ru", true);
    insert_claim(published_kk, "kk", true);
    insert_claim(disputed_ru, "ru", false);
    /* a reader walks published claims only: these take it past its walk */
    insert_claims(CT_SEARCH_WALK_TEXT " + 100", "'опубликованный заполнитель ' || g", "ru", true);

    snprintf(query, sizeof query, "{\"q\":\"%s\"}", m);
    search_as(NULL, query, got, sizeof got);
    snprintf(want, sizeof want, "%s|%s", published_kk, published_ru);
    ck_assert_str_eq(got, want);
    search_as("editor", query, got, sizeof got);
    snprintf(want, sizeof want, "%s|%s|%s", disputed_ru, published_kk, published_ru);
    ck_assert_str_eq(got, want);

    snprintf(query, sizeof query, "{\"q\":\"%s\",\"language\":\"ru\"}", m);
    search_as(NULL, query, got, sizeof got);
    ck_assert_str_eq(got, published_ru);
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"status\":\"disputed\"}", m);
    search_as("editor", query, got, sizeof got);
    ck_assert_str_eq(got, disputed_ru);

    char next[32];
    search_page(m, "1", NULL, got, sizeof got, next);
    ck_assert_str_eq(got, disputed_ru);
    search_page(m, "1", next, got, sizeof got, next);
    ck_assert_str_eq(got, published_kk);
    /* a reader's page is of published claims, never one left empty by
       the newest claim, which the reader may not see */
    search_page_as(NULL, m, "1", NULL, got, sizeof got, next);
    ck_assert_str_eq(got, published_kk);
    search_page_as(NULL, m, "1", next, got, sizeof got, next);
    ck_assert_str_eq(got, published_ru);
}
END_TEST

/* Both indexes a search reads past its walk keep at most 256 kB of new
   claims' entries unsorted (sql/034_search_pending_lists.sql): every such
   search reads all of them, whatever q is, and 4 MB of them took 6.5 ms. */
START_TEST(search_indexes_keep_short_pending_lists)
{
    ck_assert_int_eq(th_sql_int(
        "SELECT count(*) FROM pg_class"
        " WHERE oid IN (to_regclass('ct_claims_search_junctions_idx'),"
        "               to_regclass('ct_claims_search_idx'))"
        "   AND reloptions @> ARRAY['gin_pending_list_limit=256']"), 2);
}
END_TEST

/* A claim's junctions (sql/031_search_junctions.sql) are every five
   characters of its lower-cased text and claimant's name whose middle one
   is a space: written out for two texts, and equal to that definition,
   taken literally, on 3,000 made-up texts of twelve characters drawn by
   md5 from letters, a digit, a hyphen and spaces (runs of one to twelve). */
START_TEST(search_junctions_are_every_five_characters_around_a_space)
{
    ck_assert_int_eq(th_sql_int(
        "SELECT (ct_search_junctions('каждый 7-й житель города актау')"
        "        = ARRAY['-й жи', 'да ак', 'ль го', 'ый 7-'])::int"), 1);
    /* a word of one letter, two spaces in a row, and the ends, too short */
    ck_assert_int_eq(th_sql_int(
        "SELECT (ct_search_junctions('я в  бы б') = ARRAY[' в  б', 'в  бы'])::int"), 1);
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_search_junctions('слово'))"), 0);
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_search_junctions('аб вг'))"), 1);
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_search_junctions('аб в'))"), 0);
    ck_assert_int_eq(th_sql_int(
        "WITH t AS (SELECT g / 12 AS k, string_agg(substr('аб я7-  q  ',"
        "                 get_byte(decode(md5(g::text), 'hex'), 0) % 11 + 1, 1), '' ORDER BY g) AS body"
        "             FROM generate_series(0, 3000 * 12 - 1) AS g GROUP BY g / 12)"
        " SELECT count(*) FROM t WHERE ct_search_junctions(t.body) IS DISTINCT FROM"
        "   ARRAY(SELECT DISTINCT substr(t.body, i - 2, 5) COLLATE \"C\""
        "           FROM generate_series(3, length(t.body) - 2) AS i"
        "          WHERE substr(t.body, i, 1) = ' ' ORDER BY 1)"), 0);
}
END_TEST

/* Claims older than the walk are found through their junctions when q
   has some: a phrase cut anywhere in its first and last words, with one-
   letter words, with two and three spaces in a row, running into the
   claimant's name, in another case; a claim holding every junction of q
   but not q is not found (its words apart, another city), nor one holding
   some of them. Every q holds the test's marker, so that claims of an
   earlier run on the same database (plain, then sanitised) never match. */
START_TEST(search_finds_phrases_older_than_it_walks)
{
    const char *m = th_unique("Актау");
    char text[512], claimant[160], q[512], want[1024];
    char near[512], apart[512], spaced[512], named[512], cut[512], scattered[512];

    snprintf(cut, sizeof cut, "преступность как в Каракасе %s", m);
    new_claim_text(cut, "Депутат");
    new_marked_claim(near, "%s жители города Актобе", m);
    new_marked_claim(text, "%s жители города Актау", m);
    new_marked_claim(apart, "%s жители большого города", m);
    new_marked_claim(scattered, "%s жители большого дома много актау", m);
    new_marked_claim(spaced, "%s три   пробела  и   два", m);
    snprintf(named, sizeof named, "two  spaces then %s", m);
    snprintf(claimant, sizeof claimant, "Аким %s", m);
    new_claim_text(named, claimant);
    fill_past_the_walk();

    snprintf(q, sizeof q, "ность как в Каракасе %s", m);
    search_finds(q, cut);
    snprintf(q, sizeof q, "ость КАК В Каракасе %s", m);
    search_finds(q, cut);
    snprintf(q, sizeof q, "%s жители города Акта", m);
    search_finds(q, text);
    snprintf(q, sizeof q, "%s жители города", m);               /* both, newest first */
    snprintf(want, sizeof want, "%s|%s", text, near);
    search_finds(q, want);
    snprintf(q, sizeof q, "%s жители города", m + 2);           /* q's first word cut */
    search_finds(q, want);
    snprintf(q, sizeof q, "%s три   пробела  и   д", m);
    search_finds(q, spaced);
    snprintf(q, sizeof q, "%s три   про", m + 2);
    search_finds(q, spaced);
    snprintf(q, sizeof q, "wo  spaces then %s аким %s", m, m);
    search_finds(q, named);
    /* every junction of q in <scattered> (the marker's end and " жи",
       "ли бо", "го ак"), the words apart */
    snprintf(q, sizeof q, "%s жители большого Актау", m);
    search_finds(q, "");
    snprintf(q, sizeof q, "%s  жители города", m);              /* two spaces, one in the claim */
    search_finds(q, "");
}
END_TEST

/* A reader's list of claims (no q) holds published claims only: the
   newest claim, not yet published, is on an editor's first page and not
   on a reader's. */
START_TEST(readers_list_no_unpublished_claim)
{
    const char *claim_id = th_new_claim(th_unique("unpublished"));
    const char *roles[2] = {"editor", NULL};
    int listed[2] = {0, 0};

    for (int k = 0; k < 2; k++) {
        th_resp r = th_call("GET", "/claims", roles[k], "{\"limit\":\"100\"}", NULL);
        ck_assert_int_eq(r.status, 200);
        json_object *claims = th_get(&r, "claims");
        for (size_t i = 0; i < json_object_array_length(claims); i++) {
            json_object *claim = json_object_array_get_idx(claims, i);
            if (strcmp(json_object_get_string(json_object_object_get(claim, "id")), claim_id) == 0)
                listed[k]++;
            if (k == 1)
                ck_assert(json_object_get_boolean(json_object_object_get(claim, "published")));
        }
        th_free(&r);
    }
    ck_assert_int_eq(listed[0], 1);
    ck_assert_int_eq(listed[1], 0);
}
END_TEST

/* GET /claims without q, a page at a time: the cursor leads to the claim
   recorded just before, never back to the last of the page before. */
START_TEST(list_pages_follow_the_cursor)
{
    char first[32], second[32], query[96];
    snprintf(first, sizeof first, "%s", th_new_claim(th_unique("page-a")));
    snprintf(second, sizeof second, "%s", th_new_claim(th_unique("page-b")));

    th_resp r = th_call("GET", "/claims", "editor", "{\"limit\":\"1\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "claims/0/id"), second);
    snprintf(query, sizeof query, "{\"limit\":\"1\",\"cursor\":\"%s\"}", th_str(&r, "next_cursor"));
    th_free(&r);
    r = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "claims/0/id"), first);
    th_free(&r);
}
END_TEST

START_TEST(a_claim_repeated_in_a_second_article)
{
    const char *first = th_unique("first");
    char first_id[96], path[128], body[512];
    snprintf(first_id, sizeof first_id, "%s", first);
    const char *claim_id = th_new_claim(first_id);
    const char *second = th_unique("second");

    snprintf(path, sizeof path, "/claims/%s/mentions", claim_id);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"url\":\"https://example.kz/2\","
             "\"quote\":{\"exact\":\"как в Каракасе\",\"prefix\":\"преступность \"}}", second);
    post_ok(path, "editor", body, 201);

    snprintf(path, sizeof path, "/claims/%s", claim_id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "mentions")), 2);
    ck_assert_str_eq(th_str(&r, "mentions/1/article_id"), second);
    ck_assert_str_eq(th_str(&r, "mentions/1/quote/prefix"), "преступность ");
    ck_assert_int_eq(th_int(&r, "version"), 1);   /* a mention is not a change of the claim */
    th_free(&r);
}
END_TEST

/* The events of the claim as staff see them: "type:article_id" each, oldest first. */
static const char *mention_events(const char *claim_id)
{
    static char out[512];
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/timeline", claim_id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    out[0] = '\0';
    for (size_t i = 0; i < json_object_array_length(events); i++) {
        json_object *e = json_object_array_get_idx(events, i);
        const char *article = json_object_get_string(json_object_object_get(
            json_object_object_get(e, "payload"), "article_id"));
        size_t used = strlen(out);
        snprintf(out + used, sizeof out - used, "%s%s:%s", i ? "," : "",
                 json_object_get_string(json_object_object_get(e, "type")),
                 article ? article : "");
    }
    th_free(&r);
    return out;
}

START_TEST(every_mention_is_on_the_timeline)
{
    char first[96], second[96], claim_id[32], path[128], body[512], expected[512];
    snprintf(first, sizeof first, "%s", th_unique("mention-a"));
    snprintf(second, sizeof second, "%s", th_unique("mention-b"));
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim(first));

    /* recorded with its article: the mention is on the timeline with the claim */
    snprintf(expected, sizeof expected, "claim_recorded:,mention_added:%s", first);
    ck_assert_str_eq(mention_events(claim_id), expected);

    /* a second article repeats it */
    snprintf(path, sizeof path, "/claims/%s/mentions", claim_id);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"quote\":{\"exact\":\"как в Каракасе\"}}",
             second);
    post_ok(path, "editor", body, 201);
    snprintf(expected, sizeof expected, "claim_recorded:,mention_added:%s,mention_added:%s",
             first, second);
    ck_assert_str_eq(mention_events(claim_id), expected);

    /* a mention of a claim that does not exist: 404, nothing written */
    long long before = th_rows_total();
    th_resp r = th_call("POST", "/claims/999999999/mentions", "editor", NULL, body);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(th_error_code(&r), "not_found");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
}
END_TEST

/* ---- a claim kept ready-made for its readers (sql/029) ---------------------------- */

static void publish(const char *claim_id)
{
    char path[192];
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    post_ok(path, "moderator",
            "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}",
            200);
}

/* GET /claims/{claim} as role (NULL: a reader). */
static th_resp read_claim(void *instance, const char *claim, const char *role)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s", claim);
    return th_call_on(instance, "GET", path, role, NULL, NULL);
}

/* The status role is shown for claim, or "(404)" when it is not shown one. */
static const char *status_read(const char *claim, const char *role, char *out, size_t size)
{
    th_resp r = read_claim(th_instance, claim, role);
    ck_assert_msg(r.status == 200 || r.status == 404, "GET: %d", r.status);
    snprintf(out, size, "%s", r.status == 404 ? "(404)" : th_str(&r, "status"));
    th_free(&r);
    return out;
}

/* Mark the answers kept for claim (th_fresh_mark_kept); how many. */
static long claim_kept_marked(const char *claim)
{
    char where[64];
    snprintf(where, sizeof where, "claim_id = %s", claim);
    return th_fresh_mark_kept("ct_claim_renders", where);
}

/* The claim is read, kept and marked; a change made by sql (on the
   database, as any writer would make it) must make the next reader's
   answer a new one, not the marked one. */
static void assert_claim_recomposed_after(const char *claim, const char *change, const char *shown)
{
    char status[32];
    ck_assert_str_eq(status_read(claim, NULL, status, sizeof status), "rebutted");
    ck_assert_int_eq(claim_kept_marked(claim), 1);
    ck_assert_str_eq(status_read(claim, NULL, status, sizeof status), "KEPT");
    th_stamp_fresh(change);
    ck_assert_msg(strcmp(status_read(claim, NULL, status, sizeof status), shown) == 0,
                  "after %s: readers are shown \"%s\", not \"%s\"", change, status, shown);
}

START_TEST(a_kept_claim_is_served_until_anything_it_shows_changes)
{
    char article[96], other[96], claim[32], sql[1024];
    snprintf(article, sizeof article, "%s", th_unique("kept-claim"));
    snprintf(other, sizeof other, "%s", th_unique("kept-claim-other"));
    snprintf(claim, sizeof claim, "%s", th_new_claim(article));
    publish(claim);

    /* the claim itself (a moderator, an import, psql) */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET venue = 'Telegram' WHERE id = %s", claim);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    /* a response linked, then edited */
    snprintf(sql, sizeof sql, "INSERT INTO ct_responses (claim_id, kind, by_name, issued_at,"
             " summary, created_by) VALUES (%s, 'rebuttal', 'Police', '2025-12-02', 'No', 'u1')",
             claim);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    snprintf(sql, sizeof sql, "UPDATE ct_responses SET summary = 'Нет' WHERE claim_id = %s", claim);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    /* its source queued for archiving, then tried */
    snprintf(sql, sizeof sql, "INSERT INTO ct_evidence (claim_id, response_id, url, status)"
             " SELECT %s, max(id), 'https://example.org/police', 'pending' FROM ct_responses"
             " WHERE claim_id = %s", claim, claim);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    snprintf(sql, sizeof sql, "UPDATE ct_evidence SET attempts = attempts + 1"
             " WHERE claim_id = %s", claim);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    /* the claim repeated in another article, that mention anchored anew, then gone */
    snprintf(sql, sizeof sql, "INSERT INTO ct_mentions (claim_id, article_id, article_url,"
             " quote_exact, created_by) VALUES (%s, '%s', 'https://news.example.kz/other',"
             " 'как в Каракасе', 'u1')", claim, other);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    snprintf(sql, sizeof sql, "UPDATE ct_mentions SET anchor_method = 'context',"
             " anchor_score = 0.75, anchored_at = now(), position_start = 40, position_end = 54"
             " WHERE article_id = '%s'", other);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    snprintf(sql, sizeof sql, "DELETE FROM ct_mentions WHERE article_id = '%s'", other);
    assert_claim_recomposed_after(claim, sql, "rebutted");
    /* the desk's rating scale, and an emptied table */
    assert_claim_recomposed_after(claim, "UPDATE ct_ratings SET colour = colour WHERE key = 'False'",
                                  "rebutted");
    assert_claim_recomposed_after(claim, "TRUNCATE ct_notice_renders, ct_evidence", "rebutted");
    /* the kept answers themselves may be emptied at any time */
    assert_claim_recomposed_after(claim, "TRUNCATE ct_claim_renders", "rebutted");
    /* unpublished: readers are not shown it at all */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET published = false, published_at = NULL"
             " WHERE id = %s", claim);
    assert_claim_recomposed_after(claim, sql, "(404)");
}
END_TEST

/* The comparison form (the match_text job rewrites it for every claim
   after a lexicon upgrade) is in no answer: the kept one is still served.
   The review queue's mark is, to staff: it makes the answer anew. */
START_TEST(only_the_comparison_form_keeps_a_kept_claim)
{
    char claim[32], sql[512], status[32];
    snprintf(claim, sizeof claim, "%s", th_new_claim(th_unique("kept-claim-match")));
    publish(claim);

    ck_assert_str_eq(status_read(claim, NULL, status, sizeof status), "rebutted");
    ck_assert_int_eq(claim_kept_marked(claim), 1);
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET match_text = 'x ' || match_text,"
             " match_version = match_version + 1 WHERE id = %s", claim);
    th_stamp_fresh(sql);
    ck_assert_str_eq(status_read(claim, NULL, status, sizeof status), "KEPT");

    ck_assert_str_eq(status_read(claim, "editor", status, sizeof status), "rebutted");
    ck_assert_int_eq(claim_kept_marked(claim), 2);
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET review_requested_at = '2025-12-03T10:00:00Z'"
             " WHERE id = %s", claim);
    th_stamp_fresh(sql);
    th_resp r = read_claim(th_instance, claim, "editor");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "status"), "rebutted");
    ck_assert_str_eq(th_str(&r, "review_requested_at"), "2025-12-03T10:00:00+00:00");
    th_free(&r);
}
END_TEST

/* Staff are shown who recorded a claim and may read it unpublished;
   readers are not: each role's answer is its own. */
START_TEST(staff_and_readers_answers_are_kept_apart)
{
    char claim[32], hidden[32], sql[256], count[32];
    snprintf(claim, sizeof claim, "%s", th_new_claim(th_unique("kept-claim-roles")));
    publish(claim);
    snprintf(hidden, sizeof hidden, "%s", th_new_claim(th_unique("kept-claim-hidden")));

    for (int round = 0; round < 2; round++) {
        th_resp reader = read_claim(th_instance, claim, NULL);
        th_resp staff = read_claim(th_instance, claim, "moderator");
        ck_assert_int_eq(reader.status, 200);
        ck_assert_int_eq(staff.status, 200);
        ck_assert_ptr_null(th_get(&reader, "created_by"));
        ck_assert_str_eq(th_str(&staff, "created_by"), "test-editor");
        th_free(&reader);
        th_free(&staff);

        th_resp unseen = read_claim(th_instance, hidden, NULL);
        th_resp seen = read_claim(th_instance, hidden, "moderator");
        ck_assert_int_eq(unseen.status, 404);
        ck_assert_str_eq(th_error_code(&unseen), "not_found");
        ck_assert_int_eq(seen.status, 200);
        ck_assert_str_eq(th_str(&seen, "status"), "disputed");
        th_free(&unseen);
        th_free(&seen);
    }
    snprintf(sql, sizeof sql, "SELECT count(*) FILTER (WHERE claim_id = %s) || ','"
             " || count(*) FILTER (WHERE claim_id = %s) FROM ct_claim_renders", claim, hidden);
    th_fresh_text(sql, count, sizeof count);
    ck_assert_str_eq(count, "2,1");       /* a 404 keeps nothing */
}
END_TEST

/* A response's day is the newsroom's: a desk in Almaty and one in UTC on
   one database are each shown their own, and never each other's. */
START_TEST(each_time_zone_is_kept_apart)
{
    char claim[32], sql[512], count[32];
    void *almaty = th_open_fresh_with("{\"time_zone\":\"Asia/Almaty\"}");
    snprintf(claim, sizeof claim, "%s", th_new_claim(th_unique("kept-claim-zone")));
    snprintf(sql, sizeof sql, "INSERT INTO ct_responses (claim_id, kind, by_name, issued_at,"
             " summary, created_by) VALUES (%s, 'rebuttal', 'Police', '2025-12-01T20:30:00Z',"
             " 'No', 'u1')", claim);
    th_stamp_fresh(sql);
    publish(claim);

    for (int round = 0; round < 2; round++) {
        th_resp utc = read_claim(th_instance, claim, NULL);
        th_resp local = read_claim(almaty, claim, NULL);
        ck_assert_int_eq(utc.status, 200);
        ck_assert_int_eq(local.status, 200);
        ck_assert_str_eq(th_str(&utc, "responses/0/issued_on"), "2025-12-01");
        ck_assert_str_eq(th_str(&local, "responses/0/issued_on"), "2025-12-02");
        th_free(&utc);
        th_free(&local);
    }
    th_plugin()->close(almaty);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_claim_renders WHERE claim_id = %s", claim);
    th_fresh_text(sql, count, sizeof count);
    ck_assert_str_eq(count, "2");
}
END_TEST

/* The kept answers, each as "claim:variant's role" in order of claim and
   variant ("3:reader", then "3:old-build"), apart by spaces. */
static void kept_answers(char *out, size_t size)
{
    th_fresh_text("SELECT string_agg(claim_id || ':' || split_part(split_part(variant, '@', 1),"
                  " ' ', CASE WHEN variant LIKE 'old-build%' THEN 1 ELSE 2 END), ' '"
                  " ORDER BY claim_id, variant) FROM ct_claim_renders", out, size);
}

/* Answers kept over ct_kept_answer_lifetime() ago (a day) have expired
   (sql/030): each answer kept deletes the two oldest expired ones, other
   claims' and other builds', never the one it keeps; answers that have
   not expired stay, and an expired one is still served while it is true.
   Ages are set by SQL, as a day's wait would leave them. */
START_TEST(each_answer_kept_deletes_two_expired_ones)
{
    char claims[5][32], sql[512], kept[512], status[32];
    for (int i = 0; i < 5; i++) {
        snprintf(claims[i], sizeof claims[i], "%s", th_new_claim(th_unique("kept-expired")));
        publish(claims[i]);
    }
    for (int i = 0; i < 3; i++)
        ck_assert_str_eq(status_read(claims[i], NULL, status, sizeof status), "rebutted");
    /* claim 0 kept 3 days ago, 1 two days ago, 2 an hour ago; an older
       build's answer of claim 2, 4 days ago */
    snprintf(sql, sizeof sql, "UPDATE ct_claim_renders SET kept_at = now() - CASE claim_id"
             " WHEN %s THEN interval '3 days' WHEN %s THEN interval '2 days'"
             " ELSE interval '1 hour' END;"
             " INSERT INTO ct_claim_renders (claim_id, variant, version, desk_version, body, kept_at)"
             " SELECT claim_id, 'old-build ' || variant, version, desk_version, body,"
             "        now() - interval '4 days' FROM ct_claim_renders WHERE claim_id = %s",
             claims[0], claims[1], claims[2]);
    th_stamp_fresh(sql);
    ck_assert_int_eq(claim_kept_marked(claims[0]), 1);

    /* an expired answer that is still true is served */
    ck_assert_str_eq(status_read(claims[0], NULL, status, sizeof status), "KEPT");
    kept_answers(kept, sizeof kept);
    snprintf(sql, sizeof sql, "%s:reader %s:reader %s:reader %s:old-build",
             claims[0], claims[1], claims[2], claims[2]);
    ck_assert_str_eq(kept, sql);

    /* claim 3 kept: the old build's answer and claim 0's go */
    ck_assert_str_eq(status_read(claims[3], NULL, status, sizeof status), "rebutted");
    kept_answers(kept, sizeof kept);
    snprintf(sql, sizeof sql, "%s:reader %s:reader %s:reader", claims[1], claims[2], claims[3]);
    ck_assert_str_eq(kept, sql);

    /* claim 1's answer, the oldest expired (2 days), is made anew: kept
       again now, not deleted as expired; the two expired after it (an
       older build's of claims 2 and 3, 36 and 30 hours old) go */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET venue = 'Telegram' WHERE id = %s;"
             " INSERT INTO ct_claim_renders (claim_id, variant, version, desk_version, body, kept_at)"
             " SELECT claim_id, 'old-build ' || variant, version, desk_version, body,"
             "        now() - CASE claim_id WHEN %s THEN interval '36 hours'"
             "                ELSE interval '30 hours' END"
             "   FROM ct_claim_renders WHERE claim_id IN (%s, %s)", claims[1], claims[2],
             claims[2], claims[3]);
    th_stamp_fresh(sql);
    ck_assert_str_eq(status_read(claims[1], NULL, status, sizeof status), "rebutted");
    kept_answers(kept, sizeof kept);
    snprintf(sql, sizeof sql, "%s:reader %s:reader %s:reader", claims[1], claims[2], claims[3]);
    ck_assert_str_eq(kept, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_claim_renders WHERE claim_id = %s"
             " AND kept_at > now() - interval '1 minute'", claims[1]);
    th_fresh_text(sql, status, sizeof status);
    ck_assert_str_eq(status, "1");

    /* nothing has expired: claim 4 kept deletes nothing */
    ck_assert_str_eq(status_read(claims[4], NULL, status, sizeof status), "rebutted");
    kept_answers(kept, sizeof kept);
    snprintf(sql, sizeof sql, "%s:reader %s:reader %s:reader %s:reader",
             claims[1], claims[2], claims[3], claims[4]);
    ck_assert_str_eq(kept, sql);
}
END_TEST

/* Whether the envelope answered for a GET /claims?q=<q>&limit=<limit> as a
   reader carries exactly want as its body (JSON, as written). */
static void assert_search_body(const char *q, const char *limit, const char *want)
{
    char request[512];
    snprintf(request, sizeof request, "{\"method\":\"GET\",\"path\":\"/claims\","
             "\"query\":{\"q\":\"%s\",\"limit\":\"%s\"}}", q, limit);
    char *answer = th_plugin()->handle(th_instance, request);
    const char *body = answer ? strstr(answer, "\"body\":") : NULL;
    ck_assert_msg(body != NULL, "no body in %s", answer ? answer : "(null)");
    body += strlen("\"body\":");
    size_t n = strlen(want);
    ck_assert_msg(strncmp(body, want, n) == 0 && (body[n] == ',' || body[n] == '}'),
                  "q=%s: the body is\n%.600s\nnot\n%.600s", q, body, want);
    th_plugin()->free_string(answer);
}

/* The statuses of the claims on the first page of GET /claims?q=<q> as
   <role> (NULL: a reader), newest first, joined by "|". */
static void search_page_statuses(const char *q, const char *role, char *out, size_t size)
{
    char query[256];
    snprintf(query, sizeof query, "{\"q\":\"%s\"}", q);
    th_resp r = th_call("GET", "/claims", role, query, NULL);
    ck_assert_int_eq(r.status, 200);
    out[0] = '\0';
    json_object *claims = th_get(&r, "claims");
    for (size_t i = 0; i < json_object_array_length(claims); i++) {
        const char *status = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(claims, i), "status"));
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "|" : "", status);
    }
    th_free(&r);
}

/* A search's page is made of its claims' answers as GET /claims/{id} keeps
   them: each found claim's answer is kept by the search, read back by the
   next one while nothing it shows has changed, composed anew when it has,
   and kept apart for staff; the page is byte for byte what PostgreSQL's
   json_build_object and json_agg make of those answers, cursor and all. */
START_TEST(a_search_page_is_its_claims_answers_kept)
{
    char claims[3][32], want[16384], sql[512], got[64], ids[96];
    for (int i = 0; i < 3; i++) {
        snprintf(claims[i], sizeof claims[i], "%s", th_new_claim(th_unique("kept-search")));
        publish(claims[i]);
    }
    th_fresh_text("SELECT count(*) FROM ct_claim_renders", got, sizeof got);
    ck_assert_str_eq(got, "0");

    /* the first page of two: the newest two claims' answers composed and kept */
    th_resp r = th_call("GET", "/claims", NULL, "{\"q\":\"Каракасе\",\"limit\":\"2\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "claims/0/id"), claims[2]);
    ck_assert_str_eq(th_str(&r, "claims/1/id"), claims[1]);
    ck_assert_str_eq(th_str(&r, "next_cursor"), claims[1]);
    th_free(&r);
    th_fresh_text("SELECT string_agg(claim_id::text, ',' ORDER BY claim_id) FROM ct_claim_renders"
                  " WHERE variant LIKE 'claim reader %'", got, sizeof got);
    snprintf(ids, sizeof ids, "%s,%s", claims[1], claims[2]);
    ck_assert_str_eq(got, ids);
    /* the kept answers make the same page, byte for byte */
    th_fresh_text("SELECT json_build_object('claims', json_agg(body::json ORDER BY claim_id DESC),"
                  " 'next_cursor', min(claim_id)::text)::text FROM ct_claim_renders",
                  want, sizeof want);
    assert_search_body("Каракасе", "2", want);

    /* read back: a marked answer is served, in the search and in a read */
    ck_assert_int_eq(claim_kept_marked(claims[1]), 1);
    ck_assert_int_eq(claim_kept_marked(claims[2]), 1);
    search_page_statuses("Каракасе", NULL, got, sizeof got);
    ck_assert_str_eq(got, "KEPT|KEPT|rebutted");
    /* a change to one claim: its answer is composed anew, the other's served */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET venue = 'Telegram' WHERE id = %s", claims[2]);
    th_stamp_fresh(sql);
    search_page_statuses("Каракасе", NULL, got, sizeof got);
    ck_assert_str_eq(got, "rebutted|KEPT|rebutted");
    ck_assert_str_eq(status_read(claims[2], NULL, sql, sizeof sql), "rebutted");
    ck_assert_str_eq(status_read(claims[1], NULL, sql, sizeof sql), "KEPT");
    /* staff have answers of their own, which name who recorded the claim */
    search_page_statuses("Каракасе", "moderator", got, sizeof got);
    ck_assert_str_eq(got, "rebutted|rebutted|rebutted");
    th_fresh_text("SELECT count(*) FROM ct_claim_renders WHERE variant LIKE 'claim staff %'"
                  " AND body LIKE '%\"created_by\" : \"test-editor\"%'", got, sizeof got);
    ck_assert_str_eq(got, "3");
    /* a page of none */
    assert_search_body("нигде не сказано", "2", "{\"claims\" : [], \"next_cursor\" : null}");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("claims");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, seed_story_end_to_end);
    tcase_add_test(tc, list_search_and_pages);
    tcase_add_test(tc, search_takes_q_literally);
    tcase_add_test(tc, search_finds_phrases_however_they_are_cut);
    tcase_add_test(tc, search_finds_claims_older_than_it_walks);
    tcase_add_test(tc, search_past_the_walk_keeps_to_what_was_asked);
    tcase_add_test(tc, search_indexes_keep_short_pending_lists);
    tcase_add_test(tc, search_junctions_are_every_five_characters_around_a_space);
    tcase_add_test(tc, search_finds_phrases_older_than_it_walks);
    tcase_add_test(tc, readers_list_no_unpublished_claim);
    tcase_add_test(tc, list_pages_follow_the_cursor);
    tcase_add_test(tc, a_claim_repeated_in_a_second_article);
    tcase_add_test(tc, every_mention_is_on_the_timeline);
    suite_add_tcase(s, tc);

    TCase *kept = tcase_create("kept");
    tcase_add_checked_fixture(kept, th_setup_fresh, th_teardown);
    tcase_set_timeout(kept, 60);
    tcase_add_test(kept, a_kept_claim_is_served_until_anything_it_shows_changes);
    tcase_add_test(kept, only_the_comparison_form_keeps_a_kept_claim);
    tcase_add_test(kept, staff_and_readers_answers_are_kept_apart);
    tcase_add_test(kept, each_time_zone_is_kept_apart);
    tcase_add_test(kept, each_answer_kept_deletes_two_expired_ones);
    tcase_add_test(kept, a_search_page_is_its_claims_answers_kept);
    suite_add_tcase(s, kept);
    return th_run_suite(s);
}
