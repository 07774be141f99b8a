/*
 * test_articles.c -- src/articles.c through the plugin: POST
 * /articles/{id}/anchor finds each mention again in the article's current
 * text (offsets in code points), stores where it moved, writes nothing
 * when nothing changed, and reports a deleted quote as orphaned, which
 * puts the claim back in the review queue until the quote returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_story.h"
#include "testhost.h"

#define ARTICLE "qazaq24-anchor"

static char *article_text;

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = calloc(1, (size_t)size + 1);
    ck_assert_int_eq((long)fread(text, 1, (size_t)size, f), size);
    fclose(f);
    return text;
}

/* Code points in s[0..bytes). */
static long code_points(const char *s, size_t bytes)
{
    long n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static th_resp anchor(const char *text)
{
    json_object *body = json_object_new_object();
    json_object_object_add(body, "text", json_object_new_string(text));
    th_resp r = th_call("POST", "/articles/" ARTICLE "/anchor", "editor", NULL,
                        json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_msg(r.status == 200, "anchor: %d %s", r.status, json_object_to_json_string(r.body));
    return r;
}

static void setup(void)
{
    char body[4096];
    th_setup_fresh();
    article_text = read_file("data/seed/article-ru.txt");
    snprintf(body, sizeof body, SEED_CLAIM_BODY, ARTICLE);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
}

static void teardown(void)
{
    free(article_text);
    th_teardown();
}

START_TEST(unchanged_text_anchors_exactly_in_code_points)
{
    const char *at = strstr(article_text, SEED_QUOTE_EXACT);
    long start = code_points(article_text, (size_t)(at - article_text));
    long end = start + code_points(SEED_QUOTE_EXACT, strlen(SEED_QUOTE_EXACT));

    th_resp r = anchor(article_text);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), start);
    ck_assert_int_eq(th_int(&r, "mentions/0/end"), end);
    ck_assert_int_ne(start, (long)(at - article_text));       /* not bytes */
    ck_assert_int_eq(th_int(&r, "length"), code_points(article_text, strlen(article_text)));
    th_free(&r);
    /* the position is kept with the mention */
    r = th_call("GET", "/claims/1", "editor", NULL, NULL);
    ck_assert_int_eq(th_int(&r, "mentions/0/position/start"), start);
    th_free(&r);
    /* anchoring the same text again writes nothing */
    r = anchor(article_text);
    th_free(&r);
    th_resp timeline = th_call("GET", "/claims/1/timeline", "editor", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&timeline, "events")), 2);
    th_free(&timeline);
}
END_TEST

START_TEST(edits_before_and_inside_the_quote)
{
    th_resp r = anchor(article_text);
    long start = th_int(&r, "mentions/0/start");
    th_free(&r);

    /* a paragraph inserted at the top moves the quote */
    const char *lead = "Обновление: редакция дополнила материал.\n\n";
    size_t size = strlen(lead) + strlen(article_text) + 1;
    char *edited = malloc(size);
    snprintf(edited, size, "%s%s", lead, article_text);
    r = anchor(edited);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), start + code_points(lead, strlen(lead)));
    th_free(&r);

    /* a typo fixed inside the quote: found approximately */
    char *typo = strdup(edited);
    char *word = strstr(strstr(typo, SEED_QUOTE_EXACT), "криминогенной");
    memcpy(word, "криминагенной", strlen("криминагенной"));   /* same byte length */
    r = anchor(typo);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "approximate");
    ck_assert_int_gt(th_int(&r, "mentions/0/errors"), 0);
    th_free(&r);
    free(typo);
    free(edited);
}
END_TEST

START_TEST(a_deleted_quote_is_orphaned_and_reviewed_again)
{
    th_resp r = anchor(article_text);
    th_free(&r);
    /* the moderator publishes: the claim leaves the queue */
    char body[512];
    snprintf(body, sizeof body, SEED_REVIEW_BODY, 1LL);
    r = th_call("POST", "/claims/1/review", "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_call("GET", "/review-queue", "moderator", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(r.body), 0);
    th_free(&r);

    /* the editor removes the sentence */
    char *cut = strdup(article_text);
    char *at = strstr(cut, SEED_QUOTE_EXACT);
    memmove(at, at + strlen(SEED_QUOTE_EXACT), strlen(at + strlen(SEED_QUOTE_EXACT)) + 1);
    r = anchor(cut);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "orphaned");
    ck_assert_ptr_null(th_get(&r, "mentions/0/start"));
    th_free(&r);

    r = th_call("GET", "/review-queue", "moderator", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(r.body), 1);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "0/mentions/0/orphaned")), 1);
    th_free(&r);
    r = th_call("GET", "/claims/1/timeline", "editor", NULL, NULL);
    ck_assert_ptr_nonnull(strstr(json_object_to_json_string(r.body), "mention_orphaned"));
    th_free(&r);

    /* the quote comes back: recovered, and out of the queue again */
    r = anchor(article_text);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "exact");
    th_free(&r);
    r = th_call("GET", "/review-queue", "moderator", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(r.body), 0);
    th_free(&r);
    r = th_call("GET", "/claims/1/timeline", "editor", NULL, NULL);
    ck_assert_ptr_nonnull(strstr(json_object_to_json_string(r.body), "mention_recovered"));
    th_free(&r);
    free(cut);
}
END_TEST

START_TEST(a_position_given_at_tagging_is_kept)
{
    th_resp r = th_call("POST", "/claims/1/mentions", "editor", NULL,
        "{\"article_id\":\"second\",\"quote\":{\"exact\":\"как в Каракасе\"},"
        "\"position\":{\"start\":10,\"end\":24}}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "mentions/1/position/end"), 24);
    th_free(&r);
    r = th_call("POST", "/claims/1/mentions", "editor", NULL,
        "{\"article_id\":\"second\",\"quote\":{\"exact\":\"x\"},\"position\":{\"start\":10,\"end\":2}}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "position");
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("articles");
    TCase *tc = tcase_create("anchor");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, unchanged_text_anchors_exactly_in_code_points);
    tcase_add_test(tc, edits_before_and_inside_the_quote);
    tcase_add_test(tc, a_deleted_quote_is_orphaned_and_reviewed_again);
    tcase_add_test(tc, a_position_given_at_tagging_is_kept);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
