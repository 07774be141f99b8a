/*
 * test_search_stats.c -- src/domain/search_stats.c and sql/035_search_keys.sql:
 * which of a search's junctions the junction index is asked for.
 *
 * The list of common junctions sends a search those of q's junctions that
 * are on it, lower-cased, each once, most common first, as a text[]
 * literal that quotes what it must; it sends nothing while it knows
 * nothing. ct_search_keys keeps the two rarest of them, and the search's
 * statement, planned for its values, asks the index for exactly those.
 * The list also bounds q's share of the claims by its rarest junction, and
 * a search whose walk could not fill its page walks none: the statement
 * then reads no claim before the index, and finds the same page.
 * Through the plugin: the list is read from PostgreSQL's statistics by the
 * first search once the table has been analysed, not by every search, and
 * GET /health says so, and how many searches skipped their walk; the
 * searches find the same claims either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "domain/claims.h"
#include "domain/search_stats.h"

/* The common junctions of q by a list of n junctions and shares of a
   million claims, as the search would send them, into out; "unknown" when
   the list says it does not know. The bound it gives of q's share of the
   claims. */
static ct_search_bound bound_of(const char *const *junctions, const double *shares, size_t n,
                                const char *q, char *out, size_t size)
{
    ct_search_stats *stats = ct_search_stats_create();
    ct_buf buf = CT_BUF_INIT;
    ct_error err = {0};
    ct_search_bound bound = {-1, -1};

    ck_assert_ptr_nonnull(stats);
    if (junctions != NULL)
        ck_assert_int_eq(ct_search_stats_set(stats, junctions, shares, n, 1e6, &err), CT_OK);
    bool known = ct_search_stats_common(stats, q, &buf, &bound);
    ck_assert(!buf.failed);
    snprintf(out, size, "%s", known ? (buf.data ? buf.data : "") : "unknown");
    ck_assert_msg(known || buf.len == 0, "an unknown list appended %s", buf.data);
    ct_buf_free(&buf);
    ct_search_stats_destroy(stats);
    return bound;
}

static void common_of(const char *const *junctions, const double *shares, size_t n,
                      const char *q, char *out, size_t size)
{
    (void)bound_of(junctions, shares, n, q, out, size);
}

/* A desk's list: the phrase's four junctions at the shares they have at a
   million generated claims, and one q never has. */
static const char *const desk[] = {"ый 7-", "да ак", "ан са", "-й жи", "ль го", "zz zz"};
static const double desk_shares[] = {0.0067, 0.011, 0.061, 0.116, 0.116, 0.5};
#define DESK_N (sizeof desk / sizeof desk[0])

START_TEST(an_unread_list_sends_nothing)
{
    char out[256];
    common_of(NULL, NULL, 0, "Каждый 7-й житель города Актау", out, sizeof out);
    ck_assert_str_eq(out, "unknown");
}
END_TEST

START_TEST(q_s_common_junctions_come_most_common_first)
{
    char out[256];
    common_of(desk, desk_shares, DESK_N, "Каждый 7-й житель города Актау", out, sizeof out);
    /* equal shares in byte order: '-' before 'л' */
    ck_assert_str_eq(out, "{\"-й жи\",\"ль го\",\"да ак\",\"ый 7-\"}");
    common_of(desk, desk_shares, DESK_N, "Ерлан Сапаров", out, sizeof out);
    ck_assert_str_eq(out, "{\"ан са\"}");
}
END_TEST

START_TEST(q_is_lower_cased_and_each_junction_sent_once)
{
    char out[256];
    common_of(desk, desk_shares, DESK_N, "КАЖДЫЙ 7-Й ЖИТЕЛЬ", out, sizeof out);
    ck_assert_str_eq(out, "{\"-й жи\",\"ый 7-\"}");
    /* "да ак" twice in q, "ан са" once, "ZZ ZZ" lower-cased */
    common_of(desk, desk_shares, DESK_N, "города Актау, города Актау и Ерлан Сапаров ZZ ZZ",
              out, sizeof out);
    ck_assert_str_eq(out, "{\"zz zz\",\"ан са\",\"да ак\"}");
}
END_TEST

START_TEST(a_known_list_without_q_s_junctions_sends_an_empty_array)
{
    char out[256];
    common_of(desk, desk_shares, DESK_N, "бензин", out, sizeof out);
    ck_assert_str_eq(out, "{}");
    common_of(desk, desk_shares, DESK_N, "аб вг", out, sizeof out);
    ck_assert_str_eq(out, "{}");
    /* a list read from a table whose statistics list nothing */
    common_of(desk, desk_shares, 0, "Каждый 7-й житель города Актау", out, sizeof out);
    ck_assert_str_eq(out, "{}");
}
END_TEST

START_TEST(quotes_and_backslashes_are_escaped_for_the_array)
{
    static const char *const odd[] = {"ал \"н", "a\\ \\b", "{, }}"};
    static const double odd_shares[] = {0.2, 0.1, 0.05};
    char out[256];
    common_of(odd, odd_shares, 3, "сказал \"нет\" и a\\ \\b {, }}", out, sizeof out);
    ck_assert_str_eq(out, "{\"ал \\\"н\",\"a\\\\ \\\\b\",\"{, }}\"}");
}
END_TEST

/* The share bound_of gives q. */
static double share_of(const char *const *junctions, const double *shares, size_t n,
                       const char *q)
{
    char out[256];
    return bound_of(junctions, shares, n, q, out, sizeof out).share;
}

START_TEST(q_s_share_is_bounded_by_its_rarest_junction)
{
    char out[256];
    /* "ый 7-" is the rarest of the phrase's four */
    ck_assert_double_eq_tol(share_of(desk, desk_shares, DESK_N, "Каждый 7-й житель города Актау"),
                            0.0067, 1e-12);
    ck_assert_double_eq_tol(share_of(desk, desk_shares, DESK_N, "Ерлан Сапаров"), 0.061, 1e-12);
    /* a junction not on the list is rarer than any on it: the least share */
    ck_assert_double_eq_tol(share_of(desk, desk_shares, DESK_N, "ерлан сапаров аб вг"),
                            0.0067, 1e-12);
    /* no junction, an empty list: nothing known of q */
    ck_assert_double_eq_tol(share_of(desk, desk_shares, DESK_N, "бензин"), 1, 1e-12);
    ck_assert_double_eq_tol(share_of(desk, desk_shares, 0, "аб вг"), 1, 1e-12);
    /* the table's size comes with it; an unknown list knows neither */
    ct_search_bound known = bound_of(desk, desk_shares, DESK_N, "аб вг", out, sizeof out);
    ck_assert_double_eq_tol(known.claims, 1e6, 1e-6);
    ct_search_bound unknown = bound_of(NULL, NULL, 0, "Каждый 7-й житель города Актау",
                                       out, sizeof out);
    ck_assert_str_eq(out, "unknown");
    ck_assert_double_eq_tol(unknown.share, 1, 1e-12);
    ck_assert_double_eq_tol(unknown.claims, 0, 1e-12);
}
END_TEST

/* ct_search_walk_length for a share of claims of a table of claims. */
static int walk_for(double share, double claims, int limit)
{
    ct_search_bound bound = {share, claims};
    return ct_search_walk_length(&bound, limit);
}

START_TEST(the_walk_is_skipped_only_when_it_cannot_fill_the_page)
{
    /* 0.0067 of 2,000 claims is 13.4: fewer than a page of 20, not of 10 */
    ck_assert_int_eq(walk_for(0.0067, 1e6, 20), 0);
    ck_assert_int_eq(walk_for(0.0067, 1e6, 10), CT_SEARCH_WALK);
    ck_assert_int_eq(walk_for(0.01, 1e6, 20), CT_SEARCH_WALK);
    ck_assert_int_eq(walk_for(0.0099, 1e6, 20), 0);
    ck_assert_int_eq(walk_for(1, 1e6, 100), CT_SEARCH_WALK);
    ck_assert_int_eq(walk_for(0, 1e6, 1), 0);
    /* nor when the index would read more than CT_SEARCH_UNWALKED_MAX by
       the estimate (6,700 claims of a million; 13,400 of two), nor when
       the table's size is unknown */
    ck_assert_int_eq(walk_for(0.0067, 2e6, 20), CT_SEARCH_WALK);
    ck_assert_int_eq(walk_for(0.005, 2e6, 20), 0);
    ck_assert_int_eq(walk_for(0.0067, 0, 20), CT_SEARCH_WALK);
}
END_TEST

/* ct_search_keys(junctions, common) on th_setup_fresh's database, as
   text. */
static const char *keys_of(const char *junctions, const char *common)
{
    static char sql[512], keys[256];
    snprintf(sql, sizeof sql, "SELECT ct_search_keys(%s::text[], %s::text[])::text",
             junctions, common);
    th_fresh_text(sql, keys, sizeof keys);
    return keys;
}

START_TEST(the_index_is_asked_for_the_two_rarest_junctions)
{
    /* the statistics: most common first */
    ck_assert_str_eq(keys_of("'{\"-й жи\",\"да ак\",\"ль го\",\"ый 7-\"}'",
                             "'{\"-й жи\",\"ль го\",\"да ак\",\"ый 7-\"}'"),
                     "{\"ый 7-\",\"да ак\"}");
    /* one not on the list is rarer than any on it */
    ck_assert_str_eq(keys_of("'{a,b,c,d}'", "'{d,a,c}'"), "{b,c}");
    ck_assert_str_eq(keys_of("'{a,b,c,d}'", "'{}'"), "{a,b}");
    ck_assert_str_eq(keys_of("'{x}'", "'{x}'"), "{x}");
    ck_assert_str_eq(keys_of("'{}'", "'{x}'"), "{}");
    /* nothing known: every junction, as before 035 */
    ck_assert_str_eq(keys_of("'{a,b,c,d}'", "NULL"), "{a,b,c,d}");
}
END_TEST

/* The plan of the search's first statement for q as a reader, with
   common as $7 (an SQL literal), planned for its values as the plugin
   has it planned, as EXPLAIN's JSON into plan. */
static void search_plan(const char *q, const char *common, char *plan, size_t size)
{
    size_t sql_size = strlen(ct_stmt_claim_search.sql) + 1024;
    char *sql = malloc(sql_size);
    ck_assert_ptr_nonnull(sql);
    snprintf(sql, sql_size, "SET plan_cache_mode = force_custom_plan;"
             " PREPARE s(text, text, text, boolean, bigint, int, text[], int) AS %s;"
             " EXPLAIN (FORMAT JSON) EXECUTE s(NULL, '%s', NULL, false, NULL, 20, %s, "
             CT_SEARCH_WALK_TEXT ")", ct_stmt_claim_search.sql, q, common);
    th_fresh_text(sql, plan, size);
    free(sql);
}

START_TEST(the_search_asks_its_index_for_the_keys)
{
    static char plan[65536];
    search_plan("Каждый 7-й житель города Актау",
                "'{\"-й жи\",\"ль го\",\"да ак\",\"ый 7-\"}'", plan, sizeof plan);
    ck_assert_msg(strstr(plan, "search_junctions @> '{\\\"ый 7-\\\",\\\"да ак\\\"}'::text[]"),
                  "%s", plan);
    ck_assert_msg(!strstr(plan, "жи\\\",\\\"да ак"), "%s", plan);
    search_plan("Каждый 7-й житель города Актау", "NULL", plan, sizeof plan);
    ck_assert_msg(strstr(plan, "search_junctions @> '{\\\"-й жи\\\",\\\"да ак\\\",\\\"ль го\\\","
                               "\\\"ый 7-\\\"}'::text[]"), "%s", plan);
}
END_TEST

/* "search" of GET /health through instance, member name, as an integer
   (booleans 0 or 1). */
static long long search_health(void *instance, const char *name)
{
    char path[64];
    th_resp r = th_call_on(instance, "GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(path, sizeof path, "search/%s", name);
    json_object *value = th_get(&r, path);
    ck_assert_ptr_nonnull(value);
    long long n = json_object_get_int64(value);
    if (json_object_is_type(value, json_type_boolean))
        n = json_object_get_boolean(value);
    th_free(&r);
    return n;
}

/* The ids of the claims a search for q finds as an editor through
   instance, as the page's JSON text of ids ("[3,2,1]"), into out. */
static void found_ids(void *instance, const char *q, char *out, size_t size)
{
    char query[256];
    snprintf(query, sizeof query, "{\"q\":\"%s\",\"limit\":\"50\"}", q);
    th_resp r = th_call_on(instance, "GET", "/claims", "editor", query, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *claims = th_get(&r, "claims");
    size_t used = snprintf(out, size, "[");
    for (size_t i = 0; i < json_object_array_length(claims) && used < size; i++) {
        json_object *id = NULL;
        json_object_object_get_ex(json_object_array_get_idx(claims, i), "id", &id);
        used += snprintf(out + used, size - used, "%s%s", i ? "," : "", json_object_get_string(id));
    }
    snprintf(out + used, size - used, "]");
    th_free(&r);
}

/* Claims written straight into the table of th_setup_fresh's database:
   three that hold the phrase (ids 1-3), then `others` newer ones whose
   junctions are all common (so that past a walk a search for the phrase
   reaches the three through the junction index), with autovacuum kept off
   the table so that it is analysed only when the test says; then the SQL
   then. */
static void fill_desk_of(int others, const char *then)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "ALTER TABLE ct_claims SET (autovacuum_enabled = off);"
        " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)"
        " SELECT 'Каждый 7-й житель города Актау ' || g, 'Аким', now(), 'ru', 'test'"
        "   FROM generate_series(1, 3) g;"
        " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)"
        " SELECT 'Каждый житель города Актау сказал ' || g, 'Аким', now(), 'ru', 'test'"
        "   FROM generate_series(1, %d) g; %s", others, then);
    th_stamp_fresh(sql);
}

/* The desk past a walk, never analysed. */
static void fill_desk(void)
{
    char count[16];
    fill_desk_of(CT_SEARCH_WALK + 100, "");
    th_fresh_text("SELECT count(*) FROM pg_stats WHERE tablename = 'ct_claims'", count,
                  sizeof count);
    ck_assert_str_eq(count, "0");
}

START_TEST(searches_read_the_statistics_once_the_table_is_analysed)
{
    char ids[256], listed[32];
    fill_desk();

    /* never analysed: the list is read, knows nothing, and is not read
       again by the next search */
    found_ids(th_instance, "каждый 7-й житель города актау", ids, sizeof ids);
    ck_assert_str_eq(ids, "[3,2,1]");
    found_ids(th_instance, "Каждый 7-й", ids, sizeof ids);
    ck_assert_str_eq(ids, "[3,2,1]");
    ck_assert_int_eq(search_health(th_instance, "searches_without_walk"), 0);
    ck_assert_int_eq(search_health(th_instance, "statistics_known"), 0);
    ck_assert_int_eq(search_health(th_instance, "statistics_reads"), 1);
    ck_assert_int_eq(search_health(th_instance, "searches_by_statistics"), 0);
    ck_assert_int_eq(search_health(th_instance, "common_junctions"), 0);

    /* analysed: an instance opened now reads the list at its first search */
    th_stamp_fresh("ANALYZE ct_claims");
    th_fresh_text("SELECT cardinality(most_common_elems::text::text[]) FROM pg_stats"
                  " WHERE tablename = 'ct_claims' AND attname = 'search_junctions'",
                  listed, sizeof listed);
    ck_assert_int_gt(atoi(listed), 10);
    void *second = th_open_fresh_with("{}");
    ck_assert_int_eq(search_health(second, "statistics_reads"), 0);
    found_ids(second, "каждый 7-й житель города актау", ids, sizeof ids);
    ck_assert_str_eq(ids, "[3,2,1]");
    found_ids(second, "житель города актау сказал 2099", ids, sizeof ids);
    ck_assert_str_eq(ids, "[2102]");
    ck_assert_int_eq(search_health(second, "statistics_known"), 1);
    ck_assert_int_eq(search_health(second, "statistics_reads"), 1);
    ck_assert_int_eq(search_health(second, "searches_by_statistics"), 2);
    /* the phrase's rarest junction is in 3 of 2,103 claims: no page of 50
       in a walk of 2,000; "ал 20" is in over a hundred, a page's worth of a walk */
    ck_assert_int_eq(search_health(second, "searches_without_walk"), 1);
    ck_assert_int_eq(search_health(second, "common_junctions"), atoi(listed));
    th_plugin()->close(second);

    /* the first instance keeps what it read until it is due again */
    found_ids(th_instance, "каждый 7-й житель города актау", ids, sizeof ids);
    ck_assert_str_eq(ids, "[3,2,1]");
    ck_assert_int_eq(search_health(th_instance, "statistics_reads"), 1);
    ck_assert_int_eq(search_health(th_instance, "statistics_known"), 0);
}
END_TEST

/* A desk smaller than the walk, analysed: searches for what few of its
   claims hold go straight to the index and still find every claim of the
   kind asked that the asker may see, newest first (the statement's check
   for claims past the walk counts from where the walk stopped: here the
   first), and a search for what most hold walks. */
START_TEST(a_search_without_its_walk_finds_what_the_walk_would)
{
    char ids[256];
    fill_desk_of(600, "UPDATE ct_claims SET language = 'kk' WHERE id = 2; ANALYZE ct_claims");
    void *instance = th_open_fresh_with("{}");

    /* the phrase's rarest junctions are in 3 of 603 claims: 10 of a walk */
    found_ids(instance, "каждый 7-й житель города актау", ids, sizeof ids);
    ck_assert_str_eq(ids, "[3,2,1]");
    th_resp r = th_call_on(instance, "GET", "/claims", "editor",
                           "{\"q\":\"7-й житель\",\"language\":\"ru\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 2);
    ck_assert_str_eq(json_object_get_string(th_get(&r, "claims/0/id")), "3");
    ck_assert_str_eq(json_object_get_string(th_get(&r, "claims/1/id")), "1");
    th_free(&r);
    /* readers see none of them: none is published */
    r = th_call_on(instance, "GET", "/claims", NULL, "{\"q\":\"7-й житель\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 0);
    th_free(&r);
    ck_assert_int_eq(search_health(instance, "searches_without_walk"), 3);

    /* in every claim: walked, the newest 50 */
    r = th_call_on(instance, "GET", "/claims", "editor",
                   "{\"q\":\"житель города\",\"limit\":\"50\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 50);
    ck_assert_str_eq(json_object_get_string(th_get(&r, "claims/0/id")), "603");
    ck_assert_str_eq(json_object_get_string(th_get(&r, "next_cursor")), "554");
    th_free(&r);
    ck_assert_int_eq(search_health(instance, "searches_without_walk"), 3);
    th_plugin()->close(instance);
}
END_TEST

/* The rows of ct_claims that the search's first statement reads for q as
   an editor, walking walk of the newest claims: what the statement's
   transaction counted (pg_stat_xact_user_tables) on th_setup_fresh's
   database. */
static long rows_read(const char *q, int walk)
{
    size_t sql_size = strlen(ct_stmt_claim_search.sql) + 1024;
    char *sql = malloc(sql_size), count[32];
    ck_assert_ptr_nonnull(sql);
    snprintf(sql, sql_size, "SET plan_cache_mode = force_custom_plan; SET enable_seqscan = off;"
             " PREPARE s(text, text, text, boolean, bigint, int, text[], int) AS %s;"
             " EXECUTE s(NULL, '%s', NULL, true, NULL, 20, NULL, %d);"
             " SELECT idx_tup_fetch + coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables"
             "  WHERE relname = 'ct_claims'", ct_stmt_claim_search.sql, q, walk);
    th_fresh_text(sql, count, sizeof count);
    free(sql);
    return atol(count);
}

/* $8 is how many claims the walk reads: none, or the newest of them
   (sequential scans off: a desk this small would be read whole by any
   step PostgreSQL found cheaper to do so, and the test is of the walk). */
START_TEST(the_walk_reads_as_many_claims_as_it_is_given)
{
    fill_desk_of(600, "ANALYZE ct_claims");
    /* none walked: the three through the index, and the one claim that
       shows the walk did not see them all */
    ck_assert_int_le(rows_read("каждый 7-й житель", 0), 10);
    /* the whole desk */
    ck_assert_int_ge(rows_read("каждый 7-й житель", CT_SEARCH_WALK), 603);
    /* the newest 100, then again past them to the 101st, then the index */
    ck_assert_int_ge(rows_read("каждый 7-й житель", 100), 201);
    ck_assert_int_le(rows_read("каждый 7-й житель", 100), 210);
}
END_TEST

static Suite *search_stats_suite(void)
{
    Suite *s = suite_create("search_stats");
    TCase *list = tcase_create("list");
    tcase_add_test(list, an_unread_list_sends_nothing);
    tcase_add_test(list, q_s_common_junctions_come_most_common_first);
    tcase_add_test(list, q_is_lower_cased_and_each_junction_sent_once);
    tcase_add_test(list, a_known_list_without_q_s_junctions_sends_an_empty_array);
    tcase_add_test(list, quotes_and_backslashes_are_escaped_for_the_array);
    tcase_add_test(list, q_s_share_is_bounded_by_its_rarest_junction);
    tcase_add_test(list, the_walk_is_skipped_only_when_it_cannot_fill_the_page);
    suite_add_tcase(s, list);

    TCase *keys = tcase_create("keys");
    tcase_add_checked_fixture(keys, th_setup_fresh, th_teardown);
    tcase_add_test(keys, the_index_is_asked_for_the_two_rarest_junctions);
    suite_add_tcase(s, keys);

    TCase *desk_case = tcase_create("desk");
    tcase_add_checked_fixture(desk_case, th_setup_fresh, th_teardown);
    tcase_set_timeout(desk_case, 60);
    tcase_add_test(desk_case, the_search_asks_its_index_for_the_keys);
    tcase_add_test(desk_case, searches_read_the_statistics_once_the_table_is_analysed);
    tcase_add_test(desk_case, a_search_without_its_walk_finds_what_the_walk_would);
    tcase_add_test(desk_case, the_walk_reads_as_many_claims_as_it_is_given);
    suite_add_tcase(s, desk_case);
    return s;
}

int main(void)
{
    return th_run_suite(search_stats_suite());
}
