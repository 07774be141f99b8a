/*
 * test_notices.c -- src/notices.c through the plugin: an article's readers
 * get one notice per published claim it repeats, in the right language,
 * and nothing for claims still under review.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"

static void publish(const char *claim_id)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    th_resp r = th_call("POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

static th_resp notices(const char *article, const char *query)
{
    char path[160];
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    return th_call("GET", path, NULL, query, NULL);
}

START_TEST(one_notice_per_published_claim)
{
    char article[96], published_id[32];
    snprintf(article, sizeof article, "%s", th_unique("notices"));
    snprintf(published_id, sizeof published_id, "%s", th_new_claim(article));
    th_new_claim(article);              /* still disputed: not shown */
    publish(published_id);

    th_resp r = notices(article, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "article_id"), article);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 1);
    ck_assert_int_eq(th_int(&r, "notices/0/claim_id"), atoll(published_id));
    ck_assert_str_eq(th_str(&r, "notices/0/status"), "rebutted");
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/exact"), "как в Каракасе");
    th_free(&r);
}
END_TEST

START_TEST(language_is_the_requested_one_else_the_claims)
{
    char article[96];
    snprintf(article, sizeof article, "%s", th_unique("lang"));
    publish(th_new_claim(article));
    th_resp r = notices(article, NULL);
    ck_assert_str_eq(th_str(&r, "notices/0/language"), "ru");
    th_free(&r);
    r = notices(article, "{\"lang\":\"kk\"}");
    ck_assert_str_eq(th_str(&r, "notices/0/language"), "kk");
    ck_assert_str_eq(th_str(&r, "notices/0/claim_language"), "ru");
    th_free(&r);
}
END_TEST

START_TEST(an_article_without_claims_has_no_notices)
{
    th_resp r = notices(th_unique("clean"), "{\"format\":\"json\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 0);
    th_free(&r);
    /* percent-encoded ids are decoded: "a b" */
    r = th_call("GET", "/articles/a%20b/notices", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "article_id"), "a b");
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("notices");
    TCase *tc = tcase_create("notices");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, one_notice_per_published_claim);
    tcase_add_test(tc, language_is_the_requested_one_else_the_claims);
    tcase_add_test(tc, an_article_without_claims_has_no_notices);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
