/*
 * test_review.c -- src/domain/review.c through the plugin: verdicts, optimistic
 * concurrency (stale version -> 409, the newer state is reported),
 * transitions the table refuses (422), what may be published, the review
 * queue, and 8 moderators racing on one version with exactly one winner.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"

static th_resp review(const char *claim_id, const char *role, const char *body)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    return th_call("POST", path, role, NULL, body);
}

static long long version_of(const char *claim_id)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s", claim_id);
    th_resp r = th_call("GET", path, "moderator", NULL, NULL);
    long long v = th_int(&r, "version");
    th_free(&r);
    return v;
}

START_TEST(stale_version_is_a_conflict_and_changes_nothing)
{
    char id[32];
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    th_resp r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"under_review\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "version"), 2);
    th_free(&r);

    long long before = th_rows_total();
    r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\"}");
    ck_assert_int_eq(r.status, 409);
    ck_assert_str_eq(th_error_code(&r), "version_conflict");
    ck_assert_str_eq(th_error_field(&r), "expected_version");
    ck_assert_ptr_nonnull(strstr(th_str(&r, "error/message"), "version 2"));
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
    ck_assert_int_eq(version_of(id), 2);
}
END_TEST

START_TEST(transitions_outside_the_table_are_refused)
{
    char id[32];
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    th_resp r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"retracted\",\"rating\":\"Retracted\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    /* retracted -> rebutted is not in the table */
    long long before = th_rows_total();
    r = review(id, "moderator", "{\"expected_version\":2,\"status\":\"rebutted\"}");
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "transition_not_allowed");
    ck_assert_str_eq(th_error_field(&r), "status");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
    /* reopening is */
    r = review(id, "admin", "{\"expected_version\":2,\"status\":\"under_review\",\"note\":\"new evidence\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "status"), "under_review");
    ck_assert_str_eq(th_str(&r, "rating"), "Retracted");   /* kept when not given */
    th_free(&r);
}
END_TEST

START_TEST(only_verdicts_with_a_rating_are_published)
{
    char id[32];
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    th_resp r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"disputed\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "not_publishable");
    ck_assert_str_eq(th_error_field(&r), "status");
    th_free(&r);
    r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\",\"publish\":true}");
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_field(&r), "rating");
    th_free(&r);
    ck_assert_int_eq(version_of(id), 1);

    r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_ne(th_str(&r, "published_at"), "");
    th_free(&r);
    /* unpublishing takes the notice away from readers */
    r = review(id, "moderator", "{\"expected_version\":2,\"status\":\"rebutted\",\"publish\":false}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "published")), 0);
    th_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", id);
    r = th_call("GET", path, "reader", NULL, NULL);
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
}
END_TEST

/* The types of the claim's events, oldest first, as "a,b,c" (as staff see them). */
static const char *event_types(const char *claim_id)
{
    static char types[512];
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/timeline", claim_id);
    th_resp r = th_call("GET", path, "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    types[0] = '\0';
    for (size_t i = 0; i < json_object_array_length(events); i++) {
        size_t used = strlen(types);
        snprintf(types + used, sizeof types - used, "%s%s", i ? "," : "",
                 json_object_get_string(json_object_object_get(
                     json_object_array_get_idx(events, i), "type")));
    }
    th_free(&r);
    return types;
}

START_TEST(each_change_of_a_review_is_one_event)
{
    char id[32];
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    th_resp r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\","
                       "\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_str_eq(event_types(id), "claim_recorded,status_changed,rating_changed,published");

    /* a new rating with a note: the note travels on rating_changed, no note_added */
    r = review(id, "moderator", "{\"expected_version\":2,\"status\":\"rebutted\","
               "\"rating\":\"Mostly False\",\"note\":\"the figure was for 2023\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_str_eq(event_types(id), "claim_recorded,status_changed,rating_changed,published,"
                                      "rating_changed");

    /* taking the verdict down is an event of its own */
    r = review(id, "moderator", "{\"expected_version\":3,\"status\":\"rebutted\",\"publish\":false}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_str_eq(event_types(id), "claim_recorded,status_changed,rating_changed,published,"
                                      "rating_changed,unpublished");

    /* a note alone is note_added */
    r = review(id, "moderator", "{\"expected_version\":4,\"status\":\"rebutted\",\"note\":\"checked again\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_str_eq(event_types(id), "claim_recorded,status_changed,rating_changed,published,"
                                      "rating_changed,unpublished,note_added");
}
END_TEST

/* updated_at of claim id (the time readers' notices date their "Updated"
   line by), read as staff since an unpublished claim has no readers; ""
   when it has none. */
static const char *readers_updated_at(const char *claim_id, char *out, size_t size)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s", claim_id);
    th_resp r = th_call("GET", path, "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    const char *at = th_str(&r, "updated_at");
    snprintf(out, size, "%s", at ? at : "");
    th_free(&r);
    return out;
}

/* A notice's "Updated" line tells readers when what they read last changed:
   a review that changes nothing they see (the same status, rating and
   publication, with a note only moderators read) keeps the date, while
   the claim's version still moves; a new rating, taking the verdict down
   or publishing it again move it. */
START_TEST(a_note_alone_keeps_the_readers_updated_date)
{
    static const char *const moves[] = {
        "{\"expected_version\":3,\"status\":\"rebutted\",\"rating\":\"Mostly False\"}",
        "{\"expected_version\":4,\"status\":\"rebutted\",\"publish\":false}",
        "{\"expected_version\":5,\"status\":\"rebutted\",\"publish\":true}",
        "{\"expected_version\":6,\"status\":\"corrected\"}"};
    char id[32], sql[160], at[64];

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    th_resp r = review(id, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\","
                       "\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET updated_at = '2025-12-23T09:00:00Z' WHERE id = %s", id);
    ck_assert_str_eq(th_sql_exec(sql), "");

    r = review(id, "moderator", "{\"expected_version\":2,\"status\":\"rebutted\",\"rating\":\"False\","
               "\"publish\":true,\"note\":\"the police figures checked again\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert_int_eq(version_of(id), 3);
    ck_assert_str_eq(readers_updated_at(id, at, sizeof at), "2025-12-23T09:00:00+00:00");

    for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
        ck_assert_str_eq(th_sql_exec(sql), "");
        r = review(id, "moderator", moves[i]);
        ck_assert_msg(r.status == 200, "%s: %d", moves[i], r.status);
        th_free(&r);
        ck_assert_msg(strcmp(readers_updated_at(id, at, sizeof at), "2025-12-23T09:00:00+00:00") != 0,
                      "%s kept updated_at", moves[i]);
    }
}
END_TEST

/* The ids in the review queue, as "1,2,3". */
static const char *queue_ids(void)
{
    static char ids[256];
    th_resp r = th_call("GET", "/review-queue", "moderator", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ids[0] = '\0';
    for (size_t i = 0; i < json_object_array_length(r.body); i++) {
        size_t used = strlen(ids);
        snprintf(ids + used, sizeof ids - used, "%s%lld", i ? "," : "",
                 (long long)json_object_get_int64(json_object_object_get(
                     json_object_array_get_idx(r.body, i), "id")));
    }
    th_free(&r);
    return ids;
}

START_TEST(the_queue_lists_waiting_claims_oldest_first)
{
    char first[32], second[32], third[32], expected[128];
    snprintf(first, sizeof first, "%s", th_new_claim(NULL));
    snprintf(second, sizeof second, "%s", th_new_claim(NULL));
    snprintf(third, sizeof third, "%s", th_new_claim(NULL));
    snprintf(expected, sizeof expected, "%s,%s,%s", first, second, third);
    ck_assert_str_eq(queue_ids(), expected);

    /* under review stays in the queue; a published verdict leaves it,
       and so does a dismissed claim */
    th_resp r = review(second, "moderator", "{\"expected_version\":1,\"status\":\"under_review\"}");
    th_free(&r);
    r = review(first, "moderator", "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    th_free(&r);
    r = review(third, "moderator", "{\"expected_version\":1,\"status\":\"dismissed\"}");
    th_free(&r);
    ck_assert_str_eq(queue_ids(), second);

    /* readers and editors cannot see the queue */
    r = th_call("GET", "/review-queue", "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
}
END_TEST

#define RACERS 8

struct racer {
    const char *claim_id;
    int         status;
};

static void *race(void *arg)
{
    struct racer *me = arg;
    char path[96], request[512];
    snprintf(path, sizeof path, "/claims/%s/review", me->claim_id);
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"%s\",\"actor\":{\"id\":\"mod-%p\",\"role\":\"moderator\"},"
             "\"body\":{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\"}}",
             path, (void *)me);
    char *text = th_plugin()->handle(th_instance, request);
    json_object *env = json_tokener_parse(text);
    me->status = json_object_get_int(json_object_object_get(env, "status"));
    json_object_put(env);
    th_plugin()->free_string(text);
    return NULL;
}

START_TEST(eight_moderators_race_one_wins)
{
    char id[32];
    pthread_t threads[RACERS];
    struct racer racers[RACERS];
    int winners = 0, conflicts = 0;

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    for (int i = 0; i < RACERS; i++) {
        racers[i].claim_id = id;
        racers[i].status = 0;
        pthread_create(&threads[i], NULL, race, &racers[i]);
    }
    for (int i = 0; i < RACERS; i++) {
        pthread_join(threads[i], NULL);
        winners += racers[i].status == 200;
        conflicts += racers[i].status == 409;
    }
    ck_assert_int_eq(winners, 1);
    ck_assert_int_eq(conflicts, RACERS - 1);
    ck_assert_int_eq(version_of(id), 2);
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM ct_events WHERE claim_id = %s AND type = 'status_changed'", id);
    ck_assert_int_eq(th_sql_int(sql), 1);
}
END_TEST

static void setup_pool8(void)
{
    char *error = NULL;
    th_instance = th_plugin()->open(NULL, th_config(RACERS), &error);
    ck_assert_ptr_nonnull(th_instance);
}

int main(void)
{
    Suite *s = suite_create("review");
    TCase *tc = tcase_create("review");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, stale_version_is_a_conflict_and_changes_nothing);
    tcase_add_test(tc, transitions_outside_the_table_are_refused);
    tcase_add_test(tc, only_verdicts_with_a_rating_are_published);
    tcase_add_test(tc, each_change_of_a_review_is_one_event);
    tcase_add_test(tc, a_note_alone_keeps_the_readers_updated_date);
    suite_add_tcase(s, tc);
    TCase *queue = tcase_create("queue");
    tcase_add_checked_fixture(queue, th_setup_fresh, th_teardown);
    tcase_set_timeout(queue, 60);
    tcase_add_test(queue, the_queue_lists_waiting_claims_oldest_first);
    suite_add_tcase(s, queue);
    TCase *race_tc = tcase_create("race");
    tcase_add_checked_fixture(race_tc, setup_pool8, th_teardown);
    tcase_set_timeout(race_tc, 60);
    tcase_add_test(race_tc, eight_moderators_race_one_wins);
    suite_add_tcase(s, race_tc);
    return th_run_suite(s);
}
