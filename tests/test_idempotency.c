/*
 * test_idempotency.c -- writes sent again with the same Idempotency-Key
 * (src/door/idempotency.c): the second gets the first answer, marked
 * replayed, and writes nothing, also when both arrive at once; the key
 * with another request is refused and writes nothing; a failed request
 * keeps no key, so sending it again runs it; keys are per actor; a key
 * that is not 1-255 visible ASCII characters, or another header, is
 * refused by field.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"

static const char claim_body[] =
    "{\"text\":\"Астана как Каракас\",\"claimant\":{\"name\":\"Депутат\"},"
    "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}";

/* POST /claims as actor (an editor) with key; the parsed answer. */
static th_resp post_keyed(const char *actor, const char *key, const char *body)
{
    char request[2048];
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"%s\",\"role\":\"editor\"},"
             "\"headers\":{\"Idempotency-Key\":\"%s\"},\"body\":%s}", actor, key, body);
    return th_raw(request);
}

static long long claims_now(void)
{
    return th_sql_int("SELECT count(*) FROM claimtrack.ct_claims");
}

START_TEST(the_same_key_gets_the_first_answer)
{
    const char *key = th_unique("key-");
    long long before = claims_now(), rows;
    th_resp first = post_keyed("idem-a", key, claim_body);
    ck_assert_int_eq(first.status, 201);
    ck_assert_ptr_null(json_object_object_get(first.envelope, "headers"));
    rows = th_rows_total();
    th_resp again = post_keyed("idem-a", key, claim_body);
    ck_assert_int_eq(again.status, 201);
    ck_assert_int_eq(th_int(&again, "id"), th_int(&first, "id"));
    ck_assert_str_eq(json_object_to_json_string(again.body), json_object_to_json_string(first.body));
    ck_assert_str_eq(json_object_get_string(json_object_object_get(
        json_object_object_get(again.envelope, "headers"), "Idempotent-Replayed")), "true");
    ck_assert_int_eq(claims_now(), before + 1);
    ck_assert_int_eq(th_rows_total(), rows);                 /* the replay wrote nothing at all */
    th_free(&first);
    th_free(&again);
}
END_TEST

/* A key kept more than 24 hours ago is new again: the request runs, with
   the same body or another, and its answer is kept in place of the old. */
START_TEST(a_key_older_than_a_day_runs_again)
{
    char sql[256];
    const char *key = th_unique("key-");
    th_resp first = post_keyed("idem-old", key, claim_body);
    ck_assert_int_eq(first.status, 201);
    snprintf(sql, sizeof sql, "UPDATE claimtrack.ct_idempotency SET created_at = now()"
             " - interval '25 hours' WHERE actor_id = 'idem-old' AND key = '%s'", key);
    th_sql_exec(sql);
    long long before = claims_now();
    th_resp again = post_keyed("idem-old", key, claim_body);
    ck_assert_int_eq(again.status, 201);
    ck_assert_ptr_null(json_object_object_get(again.envelope, "headers"));
    ck_assert_int_ne(th_int(&again, "id"), th_int(&first, "id"));
    ck_assert_int_eq(claims_now(), before + 1);
    /* and, kept anew, it is replayed again within the day */
    th_resp third = post_keyed("idem-old", key, claim_body);
    ck_assert_int_eq(th_int(&third, "id"), th_int(&again, "id"));
    ck_assert_int_eq(claims_now(), before + 1);
    th_free(&first);
    th_free(&again);
    th_free(&third);
}
END_TEST

START_TEST(the_key_with_another_request_is_refused)
{
    const char *key = th_unique("key-");
    th_resp first = post_keyed("idem-b", key, claim_body);
    ck_assert_int_eq(first.status, 201);
    long long rows = th_rows_total();
    th_resp other = post_keyed("idem-b", key,
        "{\"text\":\"Другое заявление\",\"claimant\":{\"name\":\"Депутат\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(other.status, 422);
    ck_assert_str_eq(th_error_code(&other), "idempotency_key_reused");
    ck_assert_str_eq(th_error_field(&other), "headers.Idempotency-Key");
    ck_assert_int_eq(th_rows_total(), rows);
    /* another actor's key of the same name is another key */
    th_resp mine = post_keyed("idem-c", key, claim_body);
    ck_assert_int_eq(mine.status, 201);
    ck_assert_int_ne(th_int(&mine, "id"), th_int(&first, "id"));
    th_free(&first);
    th_free(&other);
    th_free(&mine);
}
END_TEST

START_TEST(a_failed_request_keeps_no_key)
{
    const char *key = th_unique("key-");
    long long rows = th_rows_total();
    th_resp bad = post_keyed("idem-d", key,
        "{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-02-30\",\"language\":\"ru\"}");
    ck_assert_int_eq(bad.status, 400);
    ck_assert_int_eq(th_rows_total(), rows);
    /* the review of an unknown claim fails in the database's transaction */
    char request[1024];
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims/999999/review\",\"actor\":{\"id\":\"idem-d\","
             "\"role\":\"moderator\"},\"headers\":{\"Idempotency-Key\":\"%s-r\"},"
             "\"body\":{\"expected_version\":1,\"status\":\"under_review\"}}", key);
    th_resp missing = th_raw(request);
    ck_assert_int_eq(missing.status, 404);
    ck_assert_int_eq(th_rows_total(), rows);
    th_resp fixed = post_keyed("idem-d", key, claim_body);  /* the same key, now a request that works */
    ck_assert_int_eq(fixed.status, 201);
    th_free(&bad);
    th_free(&missing);
    th_free(&fixed);
}
END_TEST

struct racer {
    const char *key;
    th_resp     resp;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    r->resp = post_keyed("idem-e", r->key, claim_body);
    return NULL;
}

START_TEST(two_at_once_write_once)
{
    struct racer racers[4];
    pthread_t threads[4];
    const char *key = th_unique("key-");
    long long before = claims_now();
    for (int i = 0; i < 4; i++) {
        racers[i].key = key;
        pthread_create(&threads[i], NULL, race, &racers[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    long long id = th_int(&racers[0].resp, "id");
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(racers[i].resp.status, 201);
        ck_assert_int_eq(th_int(&racers[i].resp, "id"), id);
    }
    for (int i = 0; i < 4; i++)
        th_free(&racers[i].resp);
    ck_assert_int_eq(claims_now(), before + 1);
}
END_TEST

START_TEST(a_bad_key_or_header_is_refused)
{
    static const struct { const char *headers, *code, *field; } cases[] = {
        {"{\"Idempotency-Key\":\"\"}", "invalid_value", "headers.Idempotency-Key"},
        {"{\"Idempotency-Key\":\"has space\"}", "invalid_value", "headers.Idempotency-Key"},
        {"{\"Idempotency-Key\":\"ключ\"}", "invalid_value", "headers.Idempotency-Key"},
        {"{\"Idempotency-Key\":7}", "wrong_type", "headers.Idempotency-Key"},
        {"{\"X-Actor\":\"admin\"}", "unknown_field", "headers.X-Actor"},
        {"[]", "wrong_type", "headers"},
    };
    long long rows = th_rows_total();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char request[1024];
        snprintf(request, sizeof request,
                 "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e\",\"role\":\"editor\"},"
                 "\"headers\":%s,\"body\":%s}", cases[i].headers, claim_body);
        th_resp r = th_raw(request);
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), cases[i].code) == 0 &&
                      strcmp(th_error_field(&r), cases[i].field) == 0, "%s: %d %s", cases[i].headers,
                      r.status, json_object_to_json_string(r.body));
        th_free(&r);
    }
    ck_assert_int_eq(th_rows_total(), rows);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("idempotency");
    TCase *tc = tcase_create("keys");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_same_key_gets_the_first_answer);
    tcase_add_test(tc, the_key_with_another_request_is_refused);
    tcase_add_test(tc, a_key_older_than_a_day_runs_again);
    tcase_add_test(tc, a_failed_request_keeps_no_key);
    tcase_add_test(tc, two_at_once_write_once);
    tcase_add_test(tc, a_bad_key_or_header_is_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
