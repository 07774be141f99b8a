/*
 * test_migrate.c -- src/migrate.c: open() migrates a fresh database; four
 * hosts opening one fresh database at once all succeed with each migration
 * applied once; re-opening changes nothing; a database migrated by a newer
 * plugin is refused with a clear message.
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
    "   FROM information_schema.columns WHERE table_schema = 'public'"
    " UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
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

int main(void)
{
    Suite *s = suite_create("migrate");
    TCase *tc = tcase_create("migrate");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, concurrent_opens_of_a_fresh_database);
    tcase_add_test(tc, reopening_changes_nothing);
    tcase_add_test(tc, a_newer_database_is_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
