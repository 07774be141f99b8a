/*
 * test_responses.c -- src/domain/responses.c through the plugin: every kind of
 * response links to a claim, raises its version (so a moderator's pending
 * verdict sees the new evidence) and lands on the timeline at its world
 * time.
 */
#include <stdio.h>
#include <string.h>

#include "testhost.h"

START_TEST(every_kind_links_and_bumps_the_version)
{
    static const char *kinds[] = {"rebuttal", "correction", "retraction", "apology",
                                  "clarification", "confirmation", "context"};
    char claim_id[32], path[96], body[512];
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim(NULL));
    snprintf(path, sizeof path, "/claims/%s/responses", claim_id);
    for (int i = 0; i < 7; i++) {
        snprintf(body, sizeof body,
                 "{\"kind\":\"%s\",\"by\":{\"name\":\"Акимат\",\"role\":\"пресс-служба\"},"
                 "\"issued_at\":\"2025-12-%02dT09:30:00Z\",\"summary\":\"Ответ %d\"}",
                 kinds[i], 10 + i, i);
        th_resp r = th_call("POST", path, "editor", NULL, body);
        ck_assert_int_eq(r.status, 201);
        ck_assert_int_eq(th_int(&r, "version"), 2 + i);
        th_free(&r);
    }
    snprintf(path, sizeof path, "/claims/%s", claim_id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 7);
    ck_assert_str_eq(th_str(&r, "responses/6/kind"), "context");
    ck_assert_str_eq(th_str(&r, "responses/6/by/role"), "пресс-служба");
    ck_assert_str_eq(th_str(&r, "responses/6/issued_at"), "2025-12-16T09:30:00+00:00");
    th_free(&r);
}
END_TEST

START_TEST(a_pending_verdict_sees_the_new_response_first)
{
    char claim_id[32], path[96];
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim(NULL));
    snprintf(path, sizeof path, "/claims/%s/responses", claim_id);
    th_resp r = th_call("POST", path, "editor", NULL,
        "{\"kind\":\"confirmation\",\"by\":{\"name\":\"Статистика\"},\"issued_at\":\"2025-12-02\","
        "\"summary\":\"Данные подтверждают рост\"}");
    th_free(&r);
    /* a moderator who loaded version 1 before the response cannot publish over it */
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    r = th_call("POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 409);
    th_free(&r);
}
END_TEST

START_TEST(responses_to_a_missing_claim_write_nothing)
{
    long long before = th_rows_total();
    th_resp r = th_call("POST", "/claims/999999999/responses", "editor", NULL,
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"X\"},\"issued_at\":\"2025-12-02\",\"summary\":\"S\"}");
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(th_error_code(&r), "not_found");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("responses");
    TCase *tc = tcase_create("responses");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_kind_links_and_bumps_the_version);
    tcase_add_test(tc, a_pending_verdict_sees_the_new_response_first);
    tcase_add_test(tc, responses_to_a_missing_claim_write_nothing);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
