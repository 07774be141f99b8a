/*
 * test_migrate.c -- src/migrate.c: open() migrates a fresh database into
 * the plugin's own schema; four hosts opening one fresh database at once
 * all succeed with each migration applied once; re-opening changes
 * nothing; a database migrated by a newer plugin is refused with a clear
 * message; another tool's public.schema_migrations is left alone; a
 * database set up by the release that kept everything in public is moved
 * into the schema with every row.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testhost.h"

static char dbname[64];
static char config[1024];

static void fresh_database(void)
{
    th_new_database("ct_migrate", dbname, sizeof dbname);
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2}",
             th_db(), dbname);
}

static void *open_close(void *arg)
{
    char *error = NULL;
    void *inst = th_plugin()->open(NULL, config, &error);
    *(int *)arg = inst != NULL;
    if (error)
        fprintf(stderr, "open: %s\n", error);
    th_plugin()->free_string(error);
    th_plugin()->close(inst);
    return NULL;
}

/* A digest of the fresh database's schema: tables, columns, functions, triggers. */
static const char SCHEMA_DIGEST[] =
    "SELECT left(md5(string_agg(x, ',' ORDER BY x)), 7) FROM ("
    " SELECT table_name || '.' || column_name || ':' || data_type AS x"
    "   FROM information_schema.columns WHERE table_schema = 'claimtrack'"
    " UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'claimtrack'::regnamespace"
    " UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    " UNION ALL SELECT version || name FROM schema_migrations) s";

START_TEST(concurrent_opens_of_a_fresh_database)
{
    pthread_t threads[4];
    int ok[4] = {0};
    fresh_database();
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, open_close, &ok[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(ok[i], 1);
    /* each migration recorded exactly once, and the last one is the plugin's */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) - count(DISTINCT version) FROM schema_migrations"), "0");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) = max(version) AND count(*) > 0 FROM schema_migrations"), "t");
}
END_TEST

START_TEST(reopening_changes_nothing)
{
    char before[8];
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    snprintf(before, sizeof before, "%s", th_sql_exec_on(dbname, SCHEMA_DIGEST));
    ck_assert_int_eq((int)strlen(before), 7);
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname, SCHEMA_DIGEST), before);
}
END_TEST

START_TEST(a_newer_database_is_refused)
{
    char *error = NULL;
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"), "");
    void *inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_null(inst);
    ck_assert_msg(error && strstr(error, "newer"), "message: %s", error ? error : "(null)");
    th_plugin()->free_string(error);
}
END_TEST

/* ---- the plugin's own schema -------------------------------------------------- */

/* What public holds: tables and functions, one text. */
static const char PUBLIC_OBJECTS[] =
    "SELECT COALESCE(string_agg(x, ',' ORDER BY x), '') FROM ("
    " SELECT relname::text AS x FROM pg_class WHERE relnamespace = 'public'::regnamespace"
    "   AND relkind IN ('r', 'p')"
    " UNION ALL SELECT proname::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) s";

START_TEST(another_tools_schema_migrations_is_left_alone)
{
    int ok = 0;
    fresh_database();
    /* Rails' table: version as text, no name */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "CREATE TABLE public.schema_migrations (version varchar PRIMARY KEY);"
        "INSERT INTO public.schema_migrations VALUES ('20240101120000'), ('20240215093000')"), "");
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT string_agg(version, ',' ORDER BY version) = '20240101120000,20240215093000'"
        " FROM public.schema_migrations"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM public.schema_migrations"), "2");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT (" "SELECT COALESCE(string_agg(x, ',' ORDER BY x), '') FROM ("
        " SELECT relname::text AS x FROM pg_class WHERE relnamespace = 'public'::regnamespace"
        "   AND relkind IN ('r', 'p')"
        " UNION ALL SELECT proname::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) s"
        ") = 'schema_migrations'"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) > 4 FROM claimtrack.schema_migrations"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('claimtrack.ct_claims') IS NOT NULL"), "t");
}
END_TEST

/* The release before the schema: sql/001-003 applied in public. */
static void earlier_release(void)
{
    static const char *const files[] = {"sql/001_core.sql", "sql/002_readers.sql",
                                        "sql/003_outbound.sql"};
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "CREATE TABLE public.schema_migrations (version integer PRIMARY KEY,"
        " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"), "");
    for (int i = 0; i < 3; i++) {
        FILE *f = fopen(files[i], "rb");
        ck_assert_msg(f != NULL, "cannot read %s (run from the top of the checkout)", files[i]);
        char *sql = calloc(1, 1 << 16), record[160];
        ck_assert_uint_gt(fread(sql, 1, (1 << 16) - 1, f), 0);
        fclose(f);
        ck_assert_str_eq(th_sql_exec_on(dbname, sql), "");
        free(sql);
        snprintf(record, sizeof record, "INSERT INTO public.schema_migrations (version, name)"
                 " VALUES (%d, '%s')", i + 1, files[i] + 4);
        ck_assert_str_eq(th_sql_exec_on(dbname, record), "");
    }
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "INSERT INTO public.ct_claims (text, claimant_name, said_at, language, created_by,"
        " source_url, status, rating, published, published_at)"
        " VALUES ('Преступность как в Каракасе', 'Депутат', '2025-12-01', 'ru', 'u1',"
        "         'https://example.kz/a', 'rebutted', 'False', true, '2025-12-23');"
        "INSERT INTO public.ct_responses (claim_id, kind, by_name, issued_at, summary,"
        " created_by, url) VALUES (1, 'rebuttal', 'Полиция', '2025-12-01', 'Опровергли', 'u1',"
        " 'https://police.example.kz/s');"
        "INSERT INTO public.ct_mentions (claim_id, article_id, quote_exact, quote_prefix,"
        " created_by, position_start, position_end)"
        " VALUES (1, 'a-1', 'как в Каракасе', 'Преступность ', 'u1', 13, 27);"
        "INSERT INTO public.ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " VALUES (1, 'claim_recorded', '2025-12-01', 'u1', 'editor', '{\"status\":\"disputed\"}'),"
        "        (1, 'published', '2025-12-23', 'u2', 'moderator', '{}');"
        "INSERT INTO public.ct_imports (review_url, claim_id, reviewer)"
        " VALUES ('HTTP://AFP.example:80/review/1/?utm_source=x&id=7#top', 1, 'AFP'),"
        "        ('https://afp.example/review/1?id=7', 1, 'AFP')"), "");
}

/* A digest of every row of table in schema, less the columns later
   migrations added (schema "public" or "claimtrack"). */
static void table_digest(const char *schema, const char *table, char *out, size_t size)
{
    char sql[768];
    snprintf(sql, sizeof sql,
        "SELECT left(md5(COALESCE(string_agg(x::text, ',' ORDER BY x::text), '')), 7) FROM ("
        " SELECT to_jsonb(t) - ARRAY['anchor_method', 'anchor_score', 'claimant_type',"
        "   'canonical_url', 'review_key'] - CASE WHEN '%s' = 'ct_imports' AND '%s' = 'claimtrack'"
        "   THEN 'id' ELSE '' END AS x FROM %s.%s t) s", table, schema, schema, table);
    snprintf(out, size, "%s", th_sql_exec_on(dbname, sql));
}

START_TEST(an_earlier_release_in_public_is_moved_with_every_row)
{
    static const char *const tables[] = {"ct_claims", "ct_responses", "ct_mentions", "ct_events",
                                         "ct_imports", "ct_evidence", "ct_outbox"};
    char before[7][8], after[8], claim[160];
    int ok = 0;

    fresh_database();
    earlier_release();
    for (int i = 0; i < 7; i++)
        table_digest("public", tables[i], before[i], sizeof before[i]);
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM public.ct_evidence"), "2");

    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    for (int i = 0; i < 7; i++) {
        table_digest("claimtrack", tables[i], after, sizeof after);
        ck_assert_msg(strcmp(after, before[i]) == 0, "%s: rows changed", tables[i]);
    }
    /* earlier imports get the identity the importer now computes; two
       spellings of one review stay two rows */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT bool_and(canonical_url = 'https://afp.example/review/1?id=7')"
        " AND min(review_key) = encode(sha256(convert_to('Преступность как в Каракасе' || E'\\n'"
        "     || 'Депутат', 'UTF8')), 'hex')"
        " AND count(DISTINCT review_key) = 2 FROM claimtrack.ct_imports"), "t");
    /* nothing of claimtrack's is left in public */
    ck_assert_str_eq(th_sql_exec_on(dbname, PUBLIC_OBJECTS), "");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT array_agg(version ORDER BY version) = (SELECT array_agg(g) FROM"
        " generate_series(1, (SELECT max(version) FROM claimtrack.schema_migrations)) g)"
        " AND min(version) = 1 AND max(version) >= 5 FROM claimtrack.schema_migrations"), "t");
    /* the moved claim is served, the append-only rule still holds */
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM claimtrack.ct_events"), "2");
    ck_assert_str_eq(th_sql_exec_on(dbname, "DELETE FROM claimtrack.ct_events"), "E42501");
    snprintf(claim, sizeof claim, "{\"database\":\"%s dbname=%s\",\"pool_size\":1}", th_db(), dbname);
    char *error = NULL;
    void *inst = th_plugin()->open(NULL, claim, &error);
    ck_assert_ptr_nonnull(inst);
    char *resp = th_plugin()->handle(inst, "{\"method\":\"GET\",\"path\":\"/claims/1\"}");
    ck_assert_ptr_nonnull(strstr(resp, "Преступность как в Каракасе"));
    ck_assert_ptr_nonnull(strstr(resp, "\"status\":200"));
    th_plugin()->free_string(resp);
    th_plugin()->close(inst);
}
END_TEST

START_TEST(the_schema_is_configurable)
{
    char *error = NULL;
    fresh_database();
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":1,"
             "\"schema\":\"factcheck\"}", th_db(), dbname);
    void *inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_nonnull(inst);
    th_plugin()->close(inst);
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('factcheck.ct_claims') IS NOT NULL"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('claimtrack.ct_claims') IS NULL"), "t");
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"schema\":\"Bad-Name\"}",
             th_db(), dbname);
    inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_null(inst);
    ck_assert_msg(error && strstr(error, "schema"), "%s", error ? error : "(null)");
    th_plugin()->free_string(error);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("migrate");
    TCase *tc = tcase_create("migrate");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, concurrent_opens_of_a_fresh_database);
    tcase_add_test(tc, reopening_changes_nothing);
    tcase_add_test(tc, a_newer_database_is_refused);
    tcase_add_test(tc, another_tools_schema_migrations_is_left_alone);
    tcase_add_test(tc, an_earlier_release_in_public_is_moved_with_every_row);
    tcase_add_test(tc, the_schema_is_configurable);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
