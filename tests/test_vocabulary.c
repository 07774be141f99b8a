/*
 * test_vocabulary.c -- src/vocabulary.txt and GET /vocabulary: the words
 * are declared once and every place that uses them agrees: the C tables,
 * the schema's CHECKs (ct_vocabulary()), the route the host's pages read
 * their labels from, and what readers see in a notice. (The README's and
 * docs/errors.md's tables are compared by scripts/vocabulary.sh.)
 */
#include <stdio.h>
#include <string.h>

#include "testhost.h"
#include "base/vocabulary.h"
#include "door/request.h"
#include "render/i18n.h"

START_TEST(roles_are_in_the_order_of_ct_role)
{
    ck_assert_str_eq(ct_vocab_role_keys[CT_ROLE_READER], "reader");
    ck_assert_str_eq(ct_vocab_role_keys[CT_ROLE_EDITOR], "editor");
    ck_assert_str_eq(ct_vocab_role_keys[CT_ROLE_MODERATOR], "moderator");
    ck_assert_str_eq(ct_vocab_role_keys[CT_ROLE_ADMIN], "admin");
    ck_assert_ptr_null(ct_vocab_role_keys[CT_VOCAB_ROLES]);
}
END_TEST

START_TEST(readers_and_moderators_call_a_status_by_one_name)
{
    /* The drift this file ended: pages said "Rebutted", notices "Refuted". */
    th_resp r = th_call("GET", "/vocabulary", "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "statuses/2/key"), "rebutted");
    ck_assert_str_eq(th_str(&r, "statuses/2/labels/en"), "Refuted");
    ck_assert_str_eq(th_str(&r, "statuses/2/labels/en"), ct_i18n_status(CT_LANG_EN, "rebutted"));
    ck_assert_str_eq(th_str(&r, "statuses/2/labels/kk"), ct_i18n_status(CT_LANG_KK, "rebutted"));
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "statuses/2/verdict")), 1);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "statuses/0/verdict")), 0);
    th_free(&r);
}
END_TEST

START_TEST(the_route_lists_every_word)
{
    th_resp r = th_call("GET", "/vocabulary", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "statuses")), CT_VOCAB_STATUSES);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "response_kinds")), CT_VOCAB_KINDS);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "event_types")), CT_VOCAB_EVENTS);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "roles")), CT_VOCAB_ROLES);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "errors")), CT_VOCAB_ERRORS);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "languages")), 3);
    /* the moves of a rebutted claim, as the transition table has them */
    json_object *next = th_get(&r, "statuses/2/next");
    ck_assert_int_eq(json_object_array_length(next), 3);
    ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(next, 0)), "under_review");
    ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(next, 2)), "retracted");
    ck_assert_str_eq(th_str(&r, "response_kinds/3/key"), "apology");
    ck_assert_str_eq(th_str(&r, "response_kinds/3/labels/ru"), "Извинение");
    ck_assert_str_eq(th_str(&r, "response_kinds/3/happened/en"), "{by} apologised on {date}");
    ck_assert_str_eq(th_str(&r, "event_types/1/key"), "claim_imported");
    ck_assert_str_eq(th_str(&r, "roles/3/key"), "admin");
    ck_assert_str_eq(th_str(&r, "ratings/0/key"), "False");
    ck_assert_int_eq(th_int(&r, "best"), 5);
    ck_assert_str_eq(th_str(&r, "errors/0/code"), "invalid_json");
    ck_assert_int_eq(th_int(&r, "errors/0/status"), 400);
    th_free(&r);
}
END_TEST

START_TEST(the_schema_accepts_exactly_the_vocabulary)
{
    char sql[512], id[32];
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));

    /* ct_vocabulary() gives the C lists ... */
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('status'))"), CT_VOCAB_STATUSES);
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('kind'))"), CT_VOCAB_KINDS);
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('event'))"), CT_VOCAB_EVENTS);
    for (int i = 0; i < CT_VOCAB_EVENTS; i++) {
        snprintf(sql, sizeof sql, "SELECT array_position(ct_vocabulary('event'), '%s')",
                 ct_vocab_events[i].key);
        ck_assert_int_eq(th_sql_int(sql), i + 1);
    }
    /* ... and the CHECKs refuse any other word (SQLSTATE 23514), whoever writes it. */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET status = 'bogus' WHERE id = %s", id);
    ck_assert_str_eq(th_sql_exec(sql), "23514");
    snprintf(sql, sizeof sql, "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id,"
             " actor_role, payload) VALUES (%s, 'claim_deleted', now(), 'x', 'admin', '{}')", id);
    ck_assert_str_eq(th_sql_exec(sql), "23514");
    snprintf(sql, sizeof sql, "INSERT INTO ct_responses (claim_id, kind, by_name, issued_at,"
             " summary, created_by) VALUES (%s, 'rumour', 'x', now(), 'x', 'x')", id);
    ck_assert_str_eq(th_sql_exec(sql), "23514");
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET status = 'under_review' WHERE id = %s", id);
    ck_assert_str_eq(th_sql_exec(sql), "");
}
END_TEST

START_TEST(an_up_to_date_database_gets_no_ddl_at_open)
{
    /* open() replaces ct_vocabulary() only when its body differs from
       src/vocabulary.txt's, so a role without CREATE can open the database. */
    char before[32], after[32];
    snprintf(before, sizeof before, "%lld",
             th_sql_int("SELECT xmin::text::bigint FROM pg_proc WHERE proname = 'ct_vocabulary'"
                        " AND pronamespace = current_schema()::regnamespace"));
    char *error = th_open_error("{}");
    ck_assert_msg(error == NULL, "open failed: %s", error ? error : "");
    snprintf(after, sizeof after, "%lld",
             th_sql_int("SELECT xmin::text::bigint FROM pg_proc WHERE proname = 'ct_vocabulary'"
                        " AND pronamespace = current_schema()::regnamespace"));
    ck_assert_str_eq(after, before);
    ck_assert_str_ne(before, "0");
}
END_TEST

START_TEST(a_newer_releases_vocabulary_is_kept)
{
    /* A release with one more status migrated this database; this one must
       not take the word away from the instances of that release. */
    /* this release's function with one more status */
    char sql[4096];
    snprintf(sql, sizeof sql, "%s", ct_vocab_function_sql);
    char *status = strstr(sql, "'dismissed']");
    ck_assert_ptr_nonnull(status);
    memmove(status + strlen("'dismissed','escalated']"), status + strlen("'dismissed']"),
            strlen(status + strlen("'dismissed']")) + 1);
    memcpy(status, "'dismissed','escalated']", strlen("'dismissed','escalated']"));
    ck_assert_str_eq(th_sql_exec(sql), "");
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('status'))"), CT_VOCAB_STATUSES + 1);

    char *error = th_open_error("{}");
    ck_assert_msg(error == NULL, "open failed: %s", error ? error : "");
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('status'))"), CT_VOCAB_STATUSES + 1);

    /* an older database (fewer words) gets ours: back to this release's */
    ck_assert_str_eq(th_sql_exec(ct_vocab_function_sql), "");
    ck_assert_int_eq(th_sql_int("SELECT cardinality(ct_vocabulary('status'))"), CT_VOCAB_STATUSES);
}
END_TEST

START_TEST(a_role_without_create_opens_an_up_to_date_database)
{
    char extra[1024];
    ck_assert_str_eq(th_sql_exec("DO $$ BEGIN"
        " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ct_no_create') THEN"
        " CREATE ROLE ct_no_create LOGIN; END IF; END $$"), "");
    ck_assert_str_eq(th_sql_exec("GRANT USAGE ON SCHEMA claimtrack TO ct_no_create;"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA claimtrack TO ct_no_create;"
        " GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA claimtrack TO ct_no_create"), "");
    ck_assert_int_eq(th_sql_int("SELECT has_database_privilege('ct_no_create',"
                                " current_database(), 'CREATE')::int"), 0);
    ck_assert_int_eq(th_sql_int("SELECT has_schema_privilege('ct_no_create', 'claimtrack',"
                                " 'CREATE')::int"), 0);
    snprintf(extra, sizeof extra, "{\"database\":\"%s user=ct_no_create\"}", th_db());
    char *error = th_open_error(extra);
    ck_assert_msg(error == NULL, "open as a role without CREATE failed: %s", error ? error : "");
}
END_TEST

START_TEST(a_body_or_a_query_is_refused)
{
    th_resp r = th_call("GET", "/vocabulary", NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "unknown_field");
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vocabulary");
    TCase *unit = tcase_create("tables");
    tcase_add_test(unit, roles_are_in_the_order_of_ct_role);
    suite_add_tcase(s, unit);
    TCase *tc = tcase_create("route");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_add_test(tc, readers_and_moderators_call_a_status_by_one_name);
    tcase_add_test(tc, the_route_lists_every_word);
    tcase_add_test(tc, the_schema_accepts_exactly_the_vocabulary);
    tcase_add_test(tc, an_up_to_date_database_gets_no_ddl_at_open);
    tcase_add_test(tc, a_newer_releases_vocabulary_is_kept);
    tcase_add_test(tc, a_role_without_create_opens_an_up_to_date_database);
    tcase_add_test(tc, a_body_or_a_query_is_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
