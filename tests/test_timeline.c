/*
 * test_timeline.c -- src/domain/timeline.c and the events table: the seed story's
 * timeline comes back in world order with record times, readers see no
 * actors or notes, and the database itself refuses UPDATE, DELETE and
 * TRUNCATE on the timeline.
 */
#include <stdio.h>
#include <string.h>

#include "seed_story.h"
#include "testhost.h"

static char claim_id[32];

static void record_story(void)
{
    char body[4096], path[96];
    snprintf(body, sizeof body, SEED_CLAIM_BODY, th_unique("timeline"));
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(claim_id, sizeof claim_id, "%lld", th_int(&r, "id"));
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%s/responses", claim_id);
    /* recorded out of world order on purpose */
    const char *bodies[] = {SEED_MAYOR_BODY, SEED_APOLOGY_BODY, SEED_POLICE_BODY};
    for (int i = 0; i < 3; i++) {
        r = th_call("POST", path, "editor", NULL, bodies[i]);
        ck_assert_int_eq(r.status, 201);
        th_free(&r);
    }
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    snprintf(body, sizeof body, SEED_REVIEW_BODY, 4LL);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

START_TEST(events_come_in_world_order_with_record_time)
{
    char path[96];
    record_story();
    snprintf(path, sizeof path, "/claims/%s/timeline", claim_id);
    th_resp r = th_call("GET", path, "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    /* claim, mention, police, apology, mayor, status, rating, published */
    ck_assert_int_eq(json_object_array_length(events), 8);
    ck_assert_str_eq(th_str(&r, "events/0/type"), "claim_recorded");
    ck_assert_str_eq(th_str(&r, "events/0/occurred_at"), "2025-12-01T00:00:00+00:00");
    ck_assert_str_eq(th_str(&r, "events/1/payload/by"), "Департамент полиции Астаны");
    ck_assert_str_eq(th_str(&r, "events/1/occurred_at"), "2025-12-01T13:00:00+00:00");
    ck_assert_str_eq(th_str(&r, "events/2/payload/kind"), "apology");
    ck_assert_str_eq(th_str(&r, "events/3/payload/by"), "Женис Касымбек");
    /* world order is not record order: the mayor was recorded first */
    ck_assert_str_lt(th_str(&r, "events/3/recorded_at"), th_str(&r, "events/1/recorded_at"));
    ck_assert_str_eq(th_str(&r, "events/1/actor/role"), "editor");
    /* every event has both times */
    for (size_t i = 0; i < 8; i++) {
        json_object *e = json_object_array_get_idx(events, i);
        ck_assert_ptr_nonnull(json_object_object_get(e, "occurred_at"));
        ck_assert_ptr_nonnull(json_object_object_get(e, "recorded_at"));
    }
    int saw_status = 0, saw_published = 0;
    for (size_t i = 0; i < 8; i++) {
        const char *type = json_object_get_string(json_object_object_get(
            json_object_array_get_idx(events, i), "type"));
        saw_status += strcmp(type, "status_changed") == 0;
        saw_published += strcmp(type, "published") == 0;
    }
    ck_assert_int_eq(saw_status, 1);
    ck_assert_int_eq(saw_published, 1);
    ck_assert_ptr_nonnull(strstr(json_object_to_json_string(r.body), "Опровергнуто"));
    th_free(&r);

    /* readers: same events, no actors, no moderators' notes */
    r = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "events")), 8);
    ck_assert_ptr_null(th_get(&r, "events/0/actor"));
    ck_assert_ptr_null(strstr(json_object_to_json_string(r.body), "Опровергнуто"));
    th_free(&r);
}
END_TEST

START_TEST(the_database_refuses_to_rewrite_history)
{
    char sql[160];
    record_story();
    long long events = th_sql_int("SELECT count(*) FROM ct_events");
    snprintf(sql, sizeof sql, "UPDATE ct_events SET type = 'note_added' WHERE claim_id = %s", claim_id);
    ck_assert_str_eq(th_sql_exec(sql), "42501");
    snprintf(sql, sizeof sql, "DELETE FROM ct_events WHERE claim_id = %s", claim_id);
    ck_assert_str_eq(th_sql_exec(sql), "42501");
    ck_assert_str_eq(th_sql_exec("TRUNCATE ct_events CASCADE"), "42501");
    ck_assert_int_eq(th_sql_int("SELECT count(*) FROM ct_events"), events);
}
END_TEST

START_TEST(unpublished_timeline_is_hidden_from_readers)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/timeline", th_new_claim(NULL));
    th_resp r = th_call("GET", path, "reader", NULL, NULL);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(th_error_code(&r), "not_found");
    th_free(&r);
    r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "events")), 1);
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("timeline");
    TCase *tc = tcase_create("timeline");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, events_come_in_world_order_with_record_time);
    tcase_add_test(tc, the_database_refuses_to_rewrite_history);
    tcase_add_test(tc, unpublished_timeline_is_hidden_from_readers);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
