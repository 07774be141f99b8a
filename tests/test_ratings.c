/*
 * test_ratings.c -- src/domain/ratings.c through the plugin: the desk's
 * rating scale. A new database starts with the default scale of
 * src/vocabulary.txt; an admin adds, renames, revalues, reorders and
 * retires ratings; moderators may give only ratings of the scale that are
 * not retired; readers' notices and the JSON-LD speak the desk's words and
 * numbers; bad input is refused and writes nothing.
 *
 * Every test runs on a database of its own (th_setup_fresh), so the scale
 * is the default one when it starts.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "testhost.h"

#define ARTICLE "ratings-article"

static th_resp admin_put(const char *key, const char *body)
{
    char path[160];
    snprintf(path, sizeof path, "/ratings/%s", key);
    return th_call("PUT", path, "admin", NULL, body);
}

/* A claim mentioned in ARTICLE; its id into id (size 32). */
static void new_claim(char *id)
{
    snprintf(id, 32, "%s", th_new_claim(ARTICLE));
}

static th_resp review(const char *id, int version, const char *status, const char *rating)
{
    char path[96], body[512];
    snprintf(path, sizeof path, "/claims/%s/review", id);
    snprintf(body, sizeof body,
             "{\"expected_version\":%d,\"status\":\"%s\",\"rating\":\"%s\",\"publish\":true}",
             version, status, rating);
    return th_call("POST", path, "moderator", NULL, body);
}

/* The first notice of ARTICLE in lang as JSON (th_resp) or JSON-LD. */
static th_resp notices(const char *lang, const char *format)
{
    char query[96];
    snprintf(query, sizeof query, "{\"lang\":\"%s\",\"format\":\"%s\"}", lang, format);
    return th_call("GET", "/articles/" ARTICLE "/notices", NULL, query, NULL);
}

/* The JSON-LD of ARTICLE in lang, parsed: its first ClaimReview's reviewRating. */
static json_object *review_rating(const char *lang, json_object **doc)
{
    th_resp r = notices(lang, "jsonld");
    ck_assert_int_eq(r.status, 200);
    *doc = json_tokener_parse(json_object_get_string(r.body));
    th_free(&r);
    ck_assert_ptr_nonnull(*doc);
    json_object *review = json_object_array_get_idx(*doc, 0);
    ck_assert_ptr_nonnull(review);
    return json_object_object_get(review, "reviewRating");
}

START_TEST(a_new_database_has_the_default_scale)
{
    th_resp r = th_call("GET", "/ratings", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "ratings")), 8);
    ck_assert_str_eq(th_str(&r, "ratings/0/key"), "False");
    ck_assert_str_eq(th_str(&r, "ratings/0/labels/ru"), "Ложь");
    ck_assert_str_eq(th_str(&r, "ratings/0/labels/kk"), "Жалған");
    ck_assert_int_eq(th_int(&r, "ratings/0/value"), 1);
    ck_assert_str_eq(th_str(&r, "ratings/0/colour"), "#b71c1c");
    ck_assert_str_eq(th_str(&r, "ratings/6/key"), "True");
    ck_assert_int_eq(th_int(&r, "ratings/6/position"), 7);
    ck_assert_int_eq(th_int(&r, "best"), 5);
    ck_assert_int_eq(th_int(&r, "worst"), 1);
    th_free(&r);
}
END_TEST

START_TEST(a_rating_the_desk_adds_reaches_readers_with_its_value)
{
    char id[32];
    th_resp r = th_call("POST", "/ratings", "admin", NULL,
        "{\"key\":\"Pants on Fire\",\"labels\":{\"en\":\"Pants on fire\",\"ru\":\"Наглая ложь\","
        "\"kk\":\"Ашық өтірік\"},\"value\":0,\"colour\":\"#000000\"}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "position"), 9);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "verdict")), 1);
    th_free(&r);

    new_claim(id);
    r = review(id, 1, "rebutted", "Pants on Fire");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    r = notices("ru", "json");
    ck_assert_str_eq(th_str(&r, "notices/0/rating"), "Pants on Fire");
    ck_assert_str_eq(th_str(&r, "notices/0/rating_label"), "Наглая ложь");
    th_free(&r);
    r = notices("ru", "html");
    ck_assert_ptr_nonnull(strstr(json_object_get_string(r.body),
                                 "<strong class=\"ct-rating\">Наглая ложь</strong>"));
    th_free(&r);

    json_object *doc = NULL, *rating = review_rating("kk", &doc);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(rating, "alternateName")),
                     "Ашық өтірік");
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "ratingValue")), 0);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "worstRating")), 0);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "bestRating")), 5);
    json_object_put(doc);
}
END_TEST

START_TEST(renaming_a_rating_changes_what_readers_read)
{
    char id[32];
    new_claim(id);
    th_resp r = review(id, 1, "rebutted", "False");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    r = admin_put("False", "{\"labels\":{\"ru\":\"Неправда\"}}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "labels/ru"), "Неправда");
    ck_assert_str_eq(th_str(&r, "labels/en"), "False");      /* the others stay */
    th_free(&r);

    r = notices("ru", "html");
    ck_assert_ptr_nonnull(strstr(json_object_get_string(r.body),
                                 "<strong class=\"ct-rating\">Неправда</strong>"));
    th_free(&r);
    json_object *doc = NULL, *rating = review_rating("ru", &doc);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(rating, "alternateName")),
                     "Неправда");
    json_object_put(doc);
}
END_TEST

START_TEST(revaluing_the_scale_moves_best_and_worst)
{
    char id[32];
    new_claim(id);
    th_resp r = review(id, 1, "rebutted", "Mostly False");
    th_free(&r);
    r = admin_put("True", "{\"value\":10}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = admin_put("Mostly False", "{\"value\":3}");
    th_free(&r);

    json_object *doc = NULL, *rating = review_rating("en", &doc);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "ratingValue")), 3);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "bestRating")), 10);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(rating, "worstRating")), 1);
    json_object_put(doc);
}
END_TEST

START_TEST(a_rating_in_words_only_has_no_value)
{
    char id[32];
    th_resp r = admin_put("Retracted", "{\"verdict\":false}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    new_claim(id);
    r = review(id, 1, "retracted", "Retracted");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    json_object *doc = NULL, *rating = review_rating("en", &doc);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(rating, "alternateName")),
                     "Retracted");
    ck_assert_ptr_null(json_object_object_get(rating, "ratingValue"));
    ck_assert_ptr_null(json_object_object_get(rating, "bestRating"));
    json_object_put(doc);
}
END_TEST

/* A rating that is not a verdict (satire, an opinion) has no place on the
   scale: the best and the worst are the verdicts' alone. */
START_TEST(a_rating_that_is_not_a_verdict_is_off_the_scale)
{
    th_resp r = th_call("POST", "/ratings", "admin", NULL,
        "{\"key\":\"Satire\",\"labels\":{\"en\":\"Satire\",\"ru\":\"Сатира\",\"kk\":\"Сатира\"},"
        "\"value\":9,\"colour\":\"#5e35b1\",\"verdict\":false}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_call("GET", "/ratings", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "ratings")), 9);
    ck_assert_int_eq(th_int(&r, "best"), 5);
    ck_assert_int_eq(th_int(&r, "worst"), 1);
    th_free(&r);
}
END_TEST

START_TEST(reordering_moves_a_rating_in_the_list)
{
    th_resp r = admin_put("True", "{\"position\":0}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "out_of_range");
    th_free(&r);
    r = admin_put("Retracted", "{\"position\":1}");      /* ties: then by key */
    th_free(&r);
    r = admin_put("False", "{\"position\":2}");
    th_free(&r);
    r = th_call("GET", "/ratings", "reader", NULL, NULL);
    ck_assert_str_eq(th_str(&r, "ratings/0/key"), "Retracted");
    ck_assert_str_eq(th_str(&r, "ratings/1/key"), "False");
    ck_assert_str_eq(th_str(&r, "ratings/2/key"), "Mostly False");
    th_free(&r);
}
END_TEST

/* A rating added without a position goes after the last, and never past
   the range a position may have (1-10000): after one at 10000 it is at
   10000 too, after it by key. */
START_TEST(a_rating_added_after_the_last_position_stays_in_range)
{
    th_resp r = admin_put("Retracted", "{\"position\":10000}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_call("POST", "/ratings", "admin", NULL,
                "{\"key\":\"Unproven\",\"labels\":{\"en\":\"Unproven\",\"ru\":\"Не доказано\","
                "\"kk\":\"Дәлелденбеген\"},\"value\":3,\"colour\":\"#607d8b\"}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "position"), 10000);
    th_free(&r);
    r = th_call("GET", "/ratings", "reader", NULL, NULL);
    size_t n = json_object_array_length(th_get(&r, "ratings"));
    char last[32], before_last[32];
    snprintf(last, sizeof last, "ratings/%zu/key", n - 1);
    snprintf(before_last, sizeof before_last, "ratings/%zu/key", n - 2);
    ck_assert_str_eq(th_str(&r, before_last), "Retracted");
    ck_assert_str_eq(th_str(&r, last), "Unproven");
    th_free(&r);
}
END_TEST

START_TEST(a_retired_rating_stays_on_its_claims_and_cannot_be_given)
{
    char old_claim[32], new_one[32];
    new_claim(old_claim);
    th_resp r = review(old_claim, 1, "rebutted", "Misleading");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    r = admin_put("Misleading", "{\"retired\":true}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "retired")), 1);
    th_free(&r);

    /* The claim that has it keeps it, shown in the desk's words ... */
    r = notices("ru", "json");
    ck_assert_str_eq(th_str(&r, "notices/0/rating_label"), "Вводит в заблуждение");
    th_free(&r);
    /* ... and a review that keeps it (the form sends it back) is fine. */
    r = review(old_claim, 2, "corrected", "Misleading");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    /* A claim without it cannot get it, and nothing is written. */
    new_claim(new_one);
    long long before = th_rows_total();
    r = review(new_one, 1, "rebutted", "Misleading");
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "unknown_rating");
    ck_assert_str_eq(th_error_field(&r), "rating");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);

    /* Brought back, it can be given again. */
    r = admin_put("Misleading", "{\"retired\":false}");
    th_free(&r);
    r = review(new_one, 1, "rebutted", "Misleading");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

START_TEST(a_rating_off_the_scale_is_refused)
{
    char id[32];
    new_claim(id);
    long long before = th_rows_total();
    th_resp r = review(id, 1, "rebutted", "Fuzzy math");
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "unknown_rating");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
}
END_TEST

START_TEST(a_long_imported_rating_survives_reviews_whole)
{
    /* Another desk's verdict as a sentence of 400 Cyrillic code points (800
       bytes): a review that changes only the status keeps it whole, and
       sending it back unchanged is allowed although it is off the scale. */
    char rating[1024] = "", doc[2048], path[96], body[1400];
    for (int i = 0; i < 40; i++)
        strcat(rating, "Неверно! ");
    strcat(rating, "Конец.");           /* 9 * 40 + 6 = 366 code points */
    snprintf(doc, sizeof doc,
             "{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\","
             "\"url\":\"https://factcheck.kz/long-rating\",\"claimReviewed\":\"Астана как Каракас\","
             "\"author\":{\"@type\":\"Organization\",\"name\":\"Factcheck.kz\","
             "\"url\":\"https://factcheck.kz\"},\"datePublished\":\"2025-12-22\","
             "\"itemReviewed\":{\"@type\":\"Claim\",\"author\":{\"@type\":\"Person\","
             "\"name\":\"Депутат\"},\"datePublished\":\"2025-12-20\"},"
             "\"reviewRating\":{\"@type\":\"Rating\",\"alternateName\":\"%s\"}}", rating);
    th_resp r = th_call("POST", "/import/claimreview", "editor", NULL, doc);
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "items/0/claim_id");
    th_free(&r);

    snprintf(path, sizeof path, "/claims/%lld", id);
    r = th_call("GET", path, "moderator", NULL, NULL);
    ck_assert_str_eq(th_str(&r, "rating"), rating);
    int version = (int)th_int(&r, "version");
    th_free(&r);

    snprintf(path, sizeof path, "/claims/%lld/review", id);
    snprintf(body, sizeof body, "{\"expected_version\":%d,\"status\":\"under_review\"}", version);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "rating"), rating);
    th_free(&r);
    snprintf(body, sizeof body, "{\"expected_version\":%d,\"status\":\"rebutted\","
             "\"rating\":\"%s\",\"publish\":true}", version + 1, rating);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_str_eq(th_str(&r, "rating"), rating);
    th_free(&r);
}
END_TEST

/* s is well-formed UTF-8. */
static bool utf8_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
              : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return false;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

START_TEST(error_messages_stay_valid_utf8_when_cut)
{
    char key[512] = "", long_rating[512] = "x", body[1024], id[32];
    for (int i = 0; i < 100; i++)
        strcat(key, "Ж");                     /* 100 code points, 200 bytes */
    for (int i = 0; i < 200; i++)             /* the 255-byte message ends inside a letter */
        strcat(long_rating, "Ж");
    new_claim(id);
    th_resp r = review(id, 1, "rebutted", long_rating);
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "unknown_rating");
    const char *message = json_object_get_string(th_get(&r, "error/message"));
    ck_assert_msg(utf8_ok(message), "not UTF-8: %s", message);
    th_free(&r);
    snprintf(body, sizeof body, "{\"key\":\"%s\",\"labels\":{\"en\":\"x\",\"ru\":\"x\","
             "\"kk\":\"x\"},\"value\":1,\"colour\":\"#000000\"}", key);
    r = th_call("POST", "/ratings", "admin", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_call("POST", "/ratings", "admin", NULL, body);
    ck_assert_str_eq(th_error_code(&r), "duplicate");
    message = json_object_get_string(th_get(&r, "error/message"));
    ck_assert_msg(utf8_ok(message), "not UTF-8: %s", message);
    th_free(&r);
}
END_TEST

START_TEST(a_scale_of_one_value_gives_words_only)
{
    char id[32];
    static const char *const keys[] = {"False", "Mostly False", "Misleading", "Unsubstantiated",
                                       "Half True", "Mostly True", "True", "Retracted"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        th_resp r = admin_put(keys[i], "{\"value\":1}");
        ck_assert_msg(r.status == 200, "%s: %d", keys[i], r.status);
        th_free(&r);
    }
    new_claim(id);
    th_resp r = review(id, 1, "rebutted", "False");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    json_object *doc = NULL, *rating = review_rating("en", &doc);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(rating, "alternateName")),
                     "False");
    ck_assert_ptr_null(json_object_object_get(rating, "ratingValue"));
    ck_assert_ptr_null(json_object_object_get(rating, "bestRating"));
    json_object_put(doc);
}
END_TEST

START_TEST(only_admins_change_the_scale)
{
    static const char *const roles[] = {"reader", "editor", "moderator"};
    const char *body = "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\"},"
                       "\"value\":1,\"colour\":\"#000000\"}";
    long long before = th_rows_total();
    for (int i = 0; i < 3; i++) {
        th_resp r = th_call("POST", "/ratings", roles[i], NULL, body);
        ck_assert_int_eq(r.status, 403);
        th_free(&r);
        r = th_call("PUT", "/ratings/False", roles[i], NULL, "{\"value\":2}");
        ck_assert_int_eq(r.status, 403);
        th_free(&r);
    }
    ck_assert_int_eq(th_rows_total(), before);
}
END_TEST

START_TEST(bad_ratings_are_refused_and_write_nothing)
{
    static const struct { const char *method, *path, *body, *code, *field; } cases[] = {
        {"POST", "/ratings", "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\"},"
                 "\"value\":1,\"colour\":\"red\"}", "invalid_value", "colour"},
        {"POST", "/ratings", "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\"},"
                 "\"value\":1,\"colour\":\"#B71C1C\"}", "invalid_value", "colour"},
        {"POST", "/ratings", "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\"},"
                 "\"value\":1,\"colour\":\"#000000\"}", "missing_field", "labels.kk"},
        {"POST", "/ratings", "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\","
                 "\"de\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "unknown_field", "labels.de"},
        {"POST", "/ratings", "{\"key\":\"X\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\"},"
                 "\"value\":5000,\"colour\":\"#000000\"}", "out_of_range", "value"},
        {"POST", "/ratings", "{\"key\":\"\",\"labels\":{\"en\":\"X\",\"ru\":\"X\",\"kk\":\"X\"},"
                 "\"value\":1,\"colour\":\"#000000\"}", "empty", "key"},
        {"POST", "/ratings", "{\"key\":\"False\",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "duplicate", "key"},
        {"PUT", "/ratings/False", "{}", "missing_field", ""},
        {"PUT", "/ratings/False", NULL, "missing_field", "body"},
        {"PUT", "/ratings/False", "{\"key\":\"Y\"}", "unknown_field", "key"},
        {"PUT", "/ratings/False", "{\"retired\":\"yes\"}", "wrong_type", "retired"},
        {"PUT", "/ratings/Nonsense", "{\"value\":2}", "not_found", ""},
        {"PUT", "/ratings/False", "{\"value\":null}", "wrong_type", "value"},
        {"PUT", "/ratings/False", "{\"labels\":{\"ru\":null}}", "wrong_type", "labels.ru"},
        {"PUT", "/ratings/False", "{\"retired\":null}", "wrong_type", "retired"},
        {"POST", "/ratings", "{\"key\":\"False \",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "key"},
        {"POST", "/ratings", "{\"key\":\" \",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "key"},
        {"PUT", "/ratings/False", "{\"labels\":{\"en\":\" False\"}}", "invalid_value", "labels.en"},
        /* spaces of other kinds, and invisible characters, look the same */
        {"POST", "/ratings", "{\"key\":\"False\\u00a0\",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "key"},
        {"POST", "/ratings", "{\"key\":\"\\u3000False\",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "key"},
        {"POST", "/ratings", "{\"key\":\"\\u200bFalse\",\"labels\":{\"en\":\"X\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "key"},
        {"POST", "/ratings", "{\"key\":\"Faux\",\"labels\":{\"en\":\"False\\u2003\",\"ru\":\"X\","
                 "\"kk\":\"X\"},\"value\":1,\"colour\":\"#000000\"}", "invalid_value", "labels.en"},
        {"PUT", "/ratings/False", "{\"labels\":{\"kk\":\"Жалған\\n\"}}", "invalid_value", "labels.kk"},
    };
    long long before = th_rows_total();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_resp r = th_call(cases[i].method, cases[i].path, "admin", NULL, cases[i].body);
        ck_assert_msg(strcmp(th_error_code(&r), cases[i].code) == 0 &&
                      strcmp(th_error_field(&r), cases[i].field) == 0,
                      "%s %s %s: %d %s", cases[i].method, cases[i].path, cases[i].body,
                      r.status, json_object_to_json_string(r.body));
        th_free(&r);
    }
    ck_assert_int_eq(th_rows_total(), before);
    th_resp r = th_call("GET", "/ratings", NULL, NULL, NULL);
    ck_assert_str_eq(th_str(&r, "ratings/0/labels/en"), "False");    /* nothing changed */
    ck_assert_int_eq(json_object_array_length(th_get(&r, "ratings")), 8);
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ratings");
    TCase *tc = tcase_create("scale");
    tcase_add_checked_fixture(tc, th_setup_fresh, th_teardown);
    tcase_add_test(tc, a_new_database_has_the_default_scale);
    tcase_add_test(tc, a_rating_the_desk_adds_reaches_readers_with_its_value);
    tcase_add_test(tc, renaming_a_rating_changes_what_readers_read);
    tcase_add_test(tc, revaluing_the_scale_moves_best_and_worst);
    tcase_add_test(tc, a_rating_in_words_only_has_no_value);
    tcase_add_test(tc, a_rating_that_is_not_a_verdict_is_off_the_scale);
    tcase_add_test(tc, reordering_moves_a_rating_in_the_list);
    tcase_add_test(tc, a_rating_added_after_the_last_position_stays_in_range);
    tcase_add_test(tc, a_retired_rating_stays_on_its_claims_and_cannot_be_given);
    tcase_add_test(tc, a_rating_off_the_scale_is_refused);
    tcase_add_test(tc, a_long_imported_rating_survives_reviews_whole);
    tcase_add_test(tc, error_messages_stay_valid_utf8_when_cut);
    tcase_add_test(tc, a_scale_of_one_value_gives_words_only);
    tcase_add_test(tc, only_admins_change_the_scale);
    tcase_add_test(tc, bad_ratings_are_refused_and_write_nothing);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
