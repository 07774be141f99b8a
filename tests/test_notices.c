/*
 * test_notices.c -- src/render/notices.c through the plugin: an article's readers
 * get one notice per published claim it repeats, in the right language,
 * and nothing for claims still under review; a claim whose passages were
 * all edited out of the article keeps its notice, which says so.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_story.h"
#include "testhost.h"

#define GOLDEN_ARTICLE "qazaq24-kasymbek"

static void publish(const char *claim_id)
{
    char path[96];
    snprintf(path, sizeof path, "/claims/%s/review", claim_id);
    th_resp r = th_call("POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

/* A reader's notices of article through instance (another process on the
   database, or th_instance). */
static th_resp notices_on(void *instance, const char *article, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    return th_call_on(instance, "GET", path, NULL, query, NULL);
}

static th_resp notices(const char *article, const char *query)
{
    return notices_on(th_instance, article, query);
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

static const char *body_text(const th_resp *r)
{
    ck_assert(json_object_is_type(r->body, json_type_string));
    return json_object_get_string(r->body);
}


/* The "orphaned" key of notice i: present and a boolean. */
static bool orphaned_key(const th_resp *r, int i)
{
    char path[48];
    snprintf(path, sizeof path, "notices/%d/orphaned", i);
    json_object *value = th_get(r, path);
    ck_assert_msg(json_object_is_type(value, json_type_boolean), "%s is not a boolean", path);
    return json_object_get_boolean(value);
}

/* Texts with and without th_new_claim's quote ("как в Каракасе"). */
#define TEXT_WITH_QUOTE    "Депутат сказал, что в Астане как в Каракасе.\n\nПолиция опровергла."
#define TEXT_WITHOUT_QUOTE "Депутат высказался о преступности.\n\nПолиция опровергла."

static const struct { const char *lang, *sentence; } orphaned_wording[] = {
    {"ru", "Цитируемый фрагмент больше не содержится в статье."},
    {"kk", "Дәйексөз ретінде келтірілген үзінді енді мақалада жоқ."},
    {"en", "The quoted passage is no longer in the article."},
};

START_TEST(an_orphaned_passage_keeps_its_notice_and_says_so)
{
    char article[96], claim_id[32];
    snprintf(article, sizeof article, "%s", th_unique("orphan"));
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim(article));
    publish(claim_id);

    /* the quote is in the text: not orphaned, no line */
    th_resp r = th_anchor(article, TEXT_WITH_QUOTE);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "exact");
    th_free(&r);
    r = notices(article, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 1);
    ck_assert(!orphaned_key(&r, 0));
    th_free(&r);
    r = notices(article, "{\"format\":\"html\"}");
    ck_assert_ptr_null(strstr(body_text(&r), "ct-notice__orphaned"));
    th_free(&r);

    /* edited out: still one notice, orphaned */
    r = th_anchor(article, TEXT_WITHOUT_QUOTE);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "orphaned");
    th_free(&r);
    r = notices(article, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 1);
    ck_assert_int_eq(th_int(&r, "notices/0/claim_id"), atoll(claim_id));
    ck_assert(orphaned_key(&r, 0));
    ck_assert(json_object_get_boolean(th_get(&r, "notices/0/mentions/0/orphaned")));
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/exact"), "как в Каракасе");
    th_free(&r);

    /* in each language, the sentence right after the quoted claim */
    for (size_t i = 0; i < sizeof orphaned_wording / sizeof orphaned_wording[0]; i++) {
        char query[64], expected[512], section[64];
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":\"%s\"}",
                 orphaned_wording[i].lang);
        snprintf(expected, sizeof expected,
                 "</p></blockquote>\n<p class=\"ct-notice__orphaned\">%s</p>\n"
                 "<p class=\"ct-notice__claimant\">", orphaned_wording[i].sentence);
        snprintf(section, sizeof section, "role=\"note\" lang=\"%s\"", orphaned_wording[i].lang);
        r = notices(article, query);
        ck_assert_int_eq(r.status, 200);
        const char *html = body_text(&r);
        ck_assert_msg(strstr(html, expected) != NULL, "%s: no orphaned line in\n%s",
                      orphaned_wording[i].lang, html);
        ck_assert_ptr_nonnull(strstr(html, section));
        /* once, not repeated further down */
        ck_assert_ptr_null(strstr(strstr(html, expected) + strlen(expected), "ct-notice__orphaned"));
        th_free(&r);
    }
    /* JSON-LD still describes the claim */
    r = notices(article, "{\"format\":\"jsonld\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(body_text(&r), "ClaimReview"));
    th_free(&r);

    /* the quote comes back: the line goes */
    r = th_anchor(article, TEXT_WITH_QUOTE);
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "exact");
    th_free(&r);
    r = notices(article, NULL);
    ck_assert(!orphaned_key(&r, 0));
    ck_assert(!json_object_get_boolean(th_get(&r, "notices/0/mentions/0/orphaned")));
    th_free(&r);
    r = notices(article, "{\"format\":\"html\",\"lang\":\"ru\"}");
    ck_assert_ptr_null(strstr(body_text(&r), "ct-notice__orphaned"));
    ck_assert_ptr_null(strstr(body_text(&r), orphaned_wording[0].sentence));
    th_free(&r);
}
END_TEST

/* Orphaned only when every mention in this article is: another passage of
   the same article, or an orphaned mention in another article, does not
   make it so. */
START_TEST(orphaned_means_every_mention_in_this_article)
{
    char article[96], other[96], claim_id[32], path[96], body[512];
    snprintf(article, sizeof article, "%s", th_unique("orphan-two"));
    snprintf(other, sizeof other, "%s", th_unique("orphan-other"));
    snprintf(claim_id, sizeof claim_id, "%s", th_new_claim(article));
    publish(claim_id);
    snprintf(path, sizeof path, "/claims/%s/mentions", claim_id);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"quote\":{\"exact\":\"Полиция опровергла\"}}",
             article);
    th_resp r = th_call("POST", path, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"quote\":{\"exact\":\"как в Каракасе\"}}",
             other);
    r = th_call("POST", path, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    /* one of the two passages of article is gone */
    r = th_anchor(article, TEXT_WITHOUT_QUOTE);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "mentions")), 2);
    th_free(&r);
    r = notices(article, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices/0/mentions")), 2);
    ck_assert(!orphaned_key(&r, 0));
    th_free(&r);
    r = notices(article, "{\"format\":\"html\"}");
    ck_assert_ptr_null(strstr(body_text(&r), "ct-notice__orphaned"));
    th_free(&r);

    /* the other article lost its only passage: orphaned there, not here */
    r = th_anchor(other, "Текст без цитаты.");
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "orphaned");
    th_free(&r);
    r = notices(other, NULL);
    ck_assert(orphaned_key(&r, 0));
    th_free(&r);
    r = notices(article, NULL);
    ck_assert(!orphaned_key(&r, 0));
    th_free(&r);

    /* and both passages of article gone: orphaned */
    r = th_anchor(article, "Ничего из этого больше нет.");
    th_free(&r);
    r = notices(article, NULL);
    ck_assert(orphaned_key(&r, 0));
    th_free(&r);
}
END_TEST

/* The seed story published, with its clock set so that output is stable. */
static void publish_seed_story(void)
{
    char body[4096];
    snprintf(body, sizeof body, SEED_CLAIM_BODY, GOLDEN_ARTICLE);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    const char *responses[] = {SEED_POLICE_BODY, SEED_APOLOGY_BODY, SEED_MAYOR_BODY};
    for (int i = 0; i < 3; i++) {
        r = th_call("POST", "/claims/1/responses", "editor", NULL, responses[i]);
        ck_assert_int_eq(r.status, 201);
        th_free(&r);
    }
    snprintf(body, sizeof body, SEED_REVIEW_BODY, 4LL);
    r = th_call("POST", "/claims/1/review", "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

/* Compare text with tests/golden/NAME; CT_UPDATE_GOLDEN=1 rewrites it. */
static void check_golden(const char *name, const char *text)
{
    char path[256], *expected = NULL;
    long size;
    snprintf(path, sizeof path, "tests/golden/%s", name);
    if (getenv("CT_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(text, f);
        fclose(f);
    }
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "missing golden file %s (CT_UPDATE_GOLDEN=1 writes it)", path);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    expected = calloc(1, (size_t)size + 1);
    ck_assert_int_eq((long)fread(expected, 1, (size_t)size, f), size);
    fclose(f);
    ck_assert_msg(strcmp(expected, text) == 0, "%s differs; got:\n%s", path, text);
    free(expected);
}

START_TEST(html_in_each_language_matches_the_golden_files)
{
    static const char *langs[] = {"ru", "kk", "en"};
    publish_seed_story();
    th_stamp_fresh("UPDATE ct_claims SET updated_at = '2025-12-23T09:00:00Z',"
                   " published_at = '2025-12-23T09:00:00Z'");
    for (int i = 0; i < 3; i++) {
        char query[64], name[64];
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":\"%s\"}", langs[i]);
        th_resp r = notices(GOLDEN_ARTICLE, query);
        ck_assert_int_eq(r.status, 200);
        ck_assert_str_eq(json_object_get_string(json_object_object_get(r.envelope, "content_type")),
                         "text/html; charset=utf-8");
        snprintf(name, sizeof name, "notice-%s.html", langs[i]);
        check_golden(name, body_text(&r));
        th_free(&r);
    }
    th_resp r = notices(GOLDEN_ARTICLE, "{\"format\":\"jsonld\"}");
    ck_assert_int_eq(r.status, 200);
    check_golden("claimreview-ru.jsonld", body_text(&r));
    th_free(&r);
}
END_TEST

START_TEST(html_speaks_the_readers_language)
{
    publish_seed_story();
    th_resp r = notices(GOLDEN_ARTICLE, "{\"format\":\"html\"}");
    const char *html = body_text(&r);
    /* the claim's language when none is asked for */
    ck_assert_ptr_nonnull(strstr(html, "lang=\"ru\""));
    ck_assert_ptr_nonnull(strstr(html, "Вердикт:"));
    ck_assert_ptr_nonnull(strstr(html, "<time datetime=\"2025-12-22\">22 декабря 2025 г.</time>"));
    ck_assert_ptr_nonnull(strstr(html, "Автор заявления публично извинился"));
    ck_assert_ptr_nonnull(strstr(html, "rel=\"nofollow noopener\""));
    ck_assert_ptr_nonnull(strstr(html, "role=\"note\""));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "style="));
    char *without_lang = strdup(html);
    th_free(&r);
    r = notices(GOLDEN_ARTICLE, "{\"format\":\"html\",\"lang\":\"kk\"}");
    ck_assert_ptr_nonnull(strstr(body_text(&r), "2025 жылғы 22 желтоқсан"));
    ck_assert_ptr_nonnull(strstr(body_text(&r), "Қорытынды:"));
    th_free(&r);
    r = notices(GOLDEN_ARTICLE, "{\"format\":\"html\",\"lang\":\"en\"}");
    ck_assert_ptr_nonnull(strstr(body_text(&r), "Refuted by Департамент полиции Астаны on"));
    ck_assert_ptr_nonnull(strstr(body_text(&r), "The author apologised on"));
    th_free(&r);
    /* a language notices are not written in is asked for nothing: the
       answer without lang, byte for byte (the claims' Russian) */
    r = notices(GOLDEN_ARTICLE, "{\"format\":\"html\",\"lang\":\"de\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(body_text(&r), without_lang);
    th_free(&r);
    free(without_lang);
    /* no published claim: an empty fragment */
    r = notices("nothing-here", "{\"format\":\"html\"}");
    ck_assert_str_eq(body_text(&r), "");
    th_free(&r);
}
END_TEST

/* A published claim in language, mentioned in a new article; the article. */
static const char *published_claim_in(const char *language)
{
    static char article[96];
    char body[1024];
    snprintf(article, sizeof article, "%s", th_unique("tag"));
    snprintf(body, sizeof body,
             "{\"text\":\"Crime in Astana is like in Caracas.\","
             "\"claimant\":{\"name\":\"Talgat Yergaliyev\"},\"said_at\":\"2025-12-01\","
             "\"language\":\"%s\",\"article\":{\"id\":\"%s\","
             "\"quote\":{\"exact\":\"like in Caracas\"}}}", language, article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    char id[32];
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    publish(id);
    return article;
}

/* The HTML of the article's notices asked in lang (NULL: not asked), 200. */
static char *html_in(const char *article, const char *lang)
{
    char query[128];
    if (lang)
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":\"%s\"}", lang);
    else
        snprintf(query, sizeof query, "{\"format\":\"html\"}");
    th_resp r = notices(article, query);
    ck_assert_msg(r.status == 200, "lang %s: status %d", lang ? lang : "(none)", r.status);
    char *html = strdup(body_text(&r));
    th_free(&r);
    return html;
}

/* A tag asked for and the language its notices must come in: the html's
   lang attribute and a word of that language. */
typedef struct negotiated { const char *tag, *lang, *word; } negotiated;

/* Each tag of asked[0..n) gets the article's notices in its language. */
static void assert_negotiated(const char *article, const negotiated *asked, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *html = html_in(article, asked[i].tag);
        char attr[32];
        snprintf(attr, sizeof attr, "lang=\"%s\"", asked[i].lang);
        ck_assert_msg(strstr(html, attr) && strstr(html, asked[i].word),
                      "%s should be %s: %s", asked[i].tag, asked[i].lang, html);
        free(html);
    }
}

/* Each tag of tags[0..n) gets none, the answer without lang, byte for byte. */
static void assert_as_without_lang(const char *article, const char *none, const char *const *tags,
                                   size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *html = html_in(article, tags[i]);
        ck_assert_msg(strcmp(html, none) == 0, "%s should be as without lang: %s", tags[i], html);
        free(html);
    }
}

START_TEST(a_cms_language_tag_asks_for_its_language)
{
    /* an English claim where the configured default is Russian: without
       lang its notice is in its own language, English */
    const char *article = published_claim_in("en");
    char *none = html_in(article, NULL);
    ck_assert_ptr_nonnull(strstr(none, "lang=\"en\""));
    ck_assert_ptr_nonnull(strstr(none, "Verdict:"));

    static const negotiated asked[] = {
        {"ru-RU", "ru", "Вердикт:"},
        {"ru", "ru", "Вердикт:"},
        {"RU", "ru", "Вердикт:"},
        {"kk-Cyrl-KZ", "kk", "Қорытынды:"},
        {"KK-cyrl-kz", "kk", "Қорытынды:"},
        {"kk-KZ", "kk", "Қорытынды:"},
        {"EN-gb", "en", "Verdict:"},
        {"en-US", "en", "Verdict:"},
    };
    assert_negotiated(article, asked, sizeof asked / sizeof asked[0]);
    /* two tags of one language get the same bytes */
    char *ru = html_in(article, "ru"), *ru_ru = html_in(article, "ru-RU");
    ck_assert_str_eq(ru_ru, ru);
    ck_assert_ptr_nonnull(strstr(ru, "Проверка фактов"));
    free(ru);
    free(ru_ru);

    /* a well-formed tag of a language notices are not written in asks for
       nothing: the answer without lang, byte for byte */
    static const char *const other[] = {"de", "de-DE", "fil", "fi", "enx", "rue", "kkj"};
    assert_as_without_lang(article, none, other, sizeof other / sizeof other[0]);
    free(none);
}
END_TEST

/* Every well-formed RFC 5646 tag (§2.1) is negotiated by its primary
   subtag, extensions and private use included, up to lang's 64 code
   points; a tag of private use alone or a grandfathered "i-" tag names no
   language notices are written in: the answer without lang. */
START_TEST(a_tag_with_extensions_or_private_use_asks_for_its_language)
{
    const char *article = published_claim_in("en");
    char *none = html_in(article, NULL);
    static const negotiated asked[] = {
        {"ru-RU-u-nu-latn", "ru", "Вердикт:"},
        {"kk-Cyrl-KZ-x-foo", "kk", "Қорытынды:"},
        {"RU-ru-U-NU-LATN", "ru", "Вердикт:"},
        {"en-US-u-ca-gregory", "en", "Verdict:"},
        {"ru-u-ca-x-u-nu", "ru", "Вердикт:"},        /* a private use "u" is no repeat */
        {"kk-Cyrl-KZ-u-ca-gregory-nu-latn-t-ru-x-private1-private2-abcdefg", "kk",
         "Қорытынды:"},                                /* 64 characters */
    };
    assert_negotiated(article, asked, sizeof asked / sizeof asked[0]);
    char *ru_x = html_in(article, "ru-x-twain"), *ru = html_in(article, "ru");
    ck_assert_str_eq(ru_x, ru);
    free(ru_x);
    free(ru);
    static const char *const other[] = {"x-foo", "X-RU", "i-klingon", "de-CH-1996",
                                        "de-u-co-phonebk", "zh-min-nan"};
    assert_as_without_lang(article, none, other, sizeof other / sizeof other[0]);
    free(none);
}
END_TEST

START_TEST(a_malformed_language_is_refused_and_writes_nothing)
{
    const char *article = published_claim_in("ru");
    static const struct { const char *lang, *code; } refused[] = {
        {"\"ru_RU\"", "invalid_value"}, {"\"r\"", "invalid_value"},
        {"\"Русский\"", "invalid_value"}, {"\"ru-\"", "invalid_value"},
        {"\"ru--RU\"", "invalid_value"}, {"\"russian\"", "invalid_value"},
        {"\"ru-RU-abcdefghi\"", "invalid_value"},
        {"\"ru-u\"", "invalid_value"}, {"\"ru-x\"", "invalid_value"},
        {"\"-ru\"", "invalid_value"}, {"\"e\"", "invalid_value"},
        {"\"ru-u-ca-u-nu\"", "invalid_value"}, {"\"ru-u-ca-U-nu\"", "invalid_value"},
        {"\"de-1901-1901\"", "invalid_value"}, {"\"x-\"", "invalid_value"},
        {"\"ru-RU-u-abcdefghi\"", "invalid_value"},
        {"\"ru-RU-u-ca-gregory-nu-latn-t-kk-x-private1-private2-private3-p456\"", "too_long"},
        {"\"\"", "empty"}, {"42", "wrong_type"}, {"null", "wrong_type"},
    };
    long long kept = th_sql_int("SELECT count(*) FROM ct_notice_renders");
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char query[128];
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":%s}", refused[i].lang);
        th_resp r = notices(article, query);
        ck_assert_msg(r.status == 400, "%s: status %d", refused[i].lang, r.status);
        ck_assert_str_eq(th_error_code(&r), refused[i].code);
        ck_assert_str_eq(th_error_field(&r), "query.lang");
        th_free(&r);
    }
    ck_assert_int_eq(th_sql_int("SELECT count(*) FROM ct_notice_renders"), kept);
}
END_TEST

/* ---- the newsroom's calendar: time_zone ----------------------------------- */

/* A published claim said at said_at (RFC 3339) in a new article; its id. */
static void published_claim_at(const char *article, const char *said_at, char *id, size_t size)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"text\":\"Преступность как в Каракасе\",\"claimant\":{\"name\":\"Депутат\"},"
             "\"said_at\":\"%s\",\"language\":\"ru\","
             "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"как в Каракасе\"}}}",
             said_at, article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, size, "%lld", th_int(&r, "id"));
    th_free(&r);
    publish(id);
}

/* The day the notice shows for the claim through instance (its <time
   datetime>, JSON's said_on, and the ClaimReview's
   itemReviewed.datePublished, which must agree). */
static void assert_said_on_at(void *instance, const char *article, const char *day,
                              const char *words)
{
    char time_element[160];
    th_resp r = notices_on(instance, article, NULL);
    ck_assert_str_eq(th_str(&r, "notices/0/said_on"), day);
    th_free(&r);

    r = notices_on(instance, article, "{\"format\":\"html\",\"lang\":\"ru\"}");
    snprintf(time_element, sizeof time_element, "<time datetime=\"%s\">%s</time>", day, words);
    ck_assert_msg(strstr(json_object_get_string(r.body), time_element) != NULL,
                  "no %s in %s", time_element, json_object_get_string(r.body));
    th_free(&r);

    r = notices_on(instance, article, "{\"format\":\"jsonld\"}");
    json_object *doc = json_tokener_parse(json_object_get_string(r.body));
    json_object *item = json_object_object_get(json_object_array_get_idx(doc, 0), "itemReviewed");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(item, "datePublished")), day);
    json_object_put(doc);
    th_free(&r);
}

static void assert_said_on(const char *article, const char *day, const char *words)
{
    assert_said_on_at(th_instance, article, day, words);
}

START_TEST(a_claim_at_0040_in_astana_is_the_22nd_in_asia_almaty)
{
    char article[96], id[32];
    snprintf(article, sizeof article, "%s", th_unique("almaty"));
    published_claim_at(article, "2025-12-22T00:40:00+05:00", id, sizeof id);
    assert_said_on(article, "2025-12-22", "22 декабря 2025 г.");

    /* The API keeps the instant, in UTC. */
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_str_eq(th_str(&r, "said_at"), "2025-12-21T19:40:00+00:00");
    th_free(&r);
}
END_TEST

START_TEST(the_same_claim_is_the_21st_in_utc)
{
    char article[96], id[32];
    snprintf(article, sizeof article, "%s", th_unique("utc"));
    published_claim_at(article, "2025-12-22T00:40:00+05:00", id, sizeof id);
    assert_said_on(article, "2025-12-21", "21 декабря 2025 г.");
}
END_TEST

/* America/New_York: EDT (UTC-4) until 06:00 UTC on 2 November 2025, EST
   (UTC-5) until 07:00 UTC on 8 March 2026. A fixed offset gets one of
   each pair wrong. */
START_TEST(days_across_a_dst_change_in_new_york)
{
    char article[96], id[32];
    snprintf(article, sizeof article, "%s", th_unique("ny-fall"));
    published_claim_at(article, "2025-11-02T04:30:00Z", id, sizeof id);   /* 00:30 EDT */
    assert_said_on(article, "2025-11-02", "2 ноября 2025 г.");

    snprintf(article, sizeof article, "%s", th_unique("ny-spring"));
    published_claim_at(article, "2026-03-08T04:30:00Z", id, sizeof id);   /* 23:30 EST */
    assert_said_on(article, "2026-03-07", "7 марта 2026 г.");

    /* A date without a time is the newsroom's day, not UTC's. */
    snprintf(article, sizeof article, "%s", th_unique("ny-date"));
    published_claim_at(article, "2025-12-22", id, sizeof id);
    assert_said_on(article, "2025-12-22", "22 декабря 2025 г.");
    char path[64];
    snprintf(path, sizeof path, "/claims/%s", id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_str_eq(th_str(&r, "said_at"), "2025-12-22T05:00:00+00:00");
    th_free(&r);
}
END_TEST

static void setup_fresh_almaty(void)
{
    th_setup_fresh_with("{\"time_zone\":\"Asia/Almaty\"}");
}

/* A date given without a time names a day, and readers everywhere are shown
   that day: "2025-12-22" entered in Almaty (its midnight, 19:00 UTC on the
   21st) is the 22nd for a second instance in Europe/Moscow too, where that
   instant is the evening of the 21st. A date-time is an instant, and its
   day is each newsroom's (sql/036). */
START_TEST(a_date_given_alone_is_that_day_in_every_time_zone)
{
    char article[96], timed[96], id[32], timed_id[32], path[64], body[256];
    void *moscow = th_open_fresh_with("{\"time_zone\":\"Europe/Moscow\"}");
    snprintf(article, sizeof article, "%s", th_unique("day-given"));
    published_claim_at(article, "2025-12-22", id, sizeof id);
    snprintf(path, sizeof path, "/claims/%s/responses", id);
    snprintf(body, sizeof body, "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция\"},"
             "\"issued_at\":\"2025-12-23\",\"summary\":\"Опровергнуто\"}");
    th_resp r = th_call("POST", path, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    assert_said_on(article, "2025-12-22", "22 декабря 2025 г.");
    assert_said_on_at(moscow, article, "2025-12-22", "22 декабря 2025 г.");
    r = notices_on(moscow, article, NULL);
    ck_assert_str_eq(th_str(&r, "notices/0/responses/0/issued_on"), "2025-12-23");
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%s", id);
    r = th_call_on(moscow, "GET", path, NULL, NULL, NULL);
    ck_assert_str_eq(th_str(&r, "said_at"), "2025-12-21T19:00:00+00:00");
    ck_assert_str_eq(th_str(&r, "responses/0/issued_on"), "2025-12-23");
    th_free(&r);

    snprintf(timed, sizeof timed, "%s", th_unique("day-timed"));
    published_claim_at(timed, "2025-12-22T00:40:00+05:00", timed_id, sizeof timed_id);
    assert_said_on(timed, "2025-12-22", "22 декабря 2025 г.");
    assert_said_on_at(moscow, timed, "2025-12-21", "21 декабря 2025 г.");
    th_plugin()->close(moscow);
}
END_TEST

START_TEST(unknown_time_zones_are_refused_at_open)
{
    char *error = th_open_error("{\"time_zone\":\"Asia/Atlantis\"}");
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error, "time_zone") && strstr(error, "Asia/Atlantis"), "%s", error);
    th_plugin()->free_string(error);
    error = th_open_error("{\"time_zone\":\"UTC+5\"}");     /* POSIX: the sign is reversed */
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error, "IANA") != NULL, "%s", error);
    th_plugin()->free_string(error);
}
END_TEST

static void setup_almaty(void)
{
    th_setup_with("{\"time_zone\":\"Asia/Almaty\"}");
}

static void setup_new_york(void)
{
    th_setup_with("{\"time_zone\":\"America/New_York\"}");
}

/* A claimant's role and a venue left empty (the API takes "") are shown as
   if not given: no stray ", , " after the name, and no empty jobTitle in
   the ClaimReview. */
START_TEST(an_empty_role_and_venue_are_not_shown)
{
    char article[96], body[512], path[64];
    snprintf(article, sizeof article, "%s", th_unique("empty-role"));
    snprintf(body, sizeof body,
             "{\"text\":\"Crime is as in Caracas\",\"claimant\":{\"name\":\"Jo\",\"role\":\"\"},"
             "\"venue\":\"\",\"said_at\":\"2025-12-01\",\"language\":\"en\","
             "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"as in Caracas\"}}}", article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(path, sizeof path, "%lld", th_int(&r, "id"));
    ck_assert_str_eq(th_str(&r, "claimant/role"), "");        /* kept as written */
    th_free(&r);
    publish(path);

    r = notices(article, "{\"format\":\"html\",\"lang\":\"en\"}");
    const char *html = json_object_get_string(r.body);
    ck_assert_msg(strstr(html, "<span class=\"ct-claimant\">Jo</span>, <time datetime=\"2025-12-01\">")
                  != NULL, "%s", html);
    ck_assert_ptr_null(strstr(html, "ct-venue"));
    th_free(&r);
    r = notices(article, NULL);
    ck_assert_ptr_null(th_get(&r, "notices/0/claimant/role"));
    ck_assert_ptr_null(th_get(&r, "notices/0/venue"));
    th_free(&r);
    r = notices(article, "{\"format\":\"jsonld\"}");
    json_object *doc = json_tokener_parse(json_object_get_string(r.body));
    json_object *author = json_object_object_get(json_object_object_get(
        json_object_array_get_idx(doc, 0), "itemReviewed"), "author");
    ck_assert_str_eq(json_object_to_json_string_ext(author, JSON_C_TO_STRING_PLAIN),
                     "{\"@type\":\"Person\",\"name\":\"Jo\"}");
    json_object_put(doc);
    th_free(&r);
}
END_TEST

/* A claim quoted in a notice of another language keeps its own: its
   words carry the claim's language tag (screen readers change voice) and
   dir="auto", so an Arabic claim's question mark stays at its end, inside
   the notice's quote marks; a response's summary is isolated the same way. */
START_TEST(a_quote_keeps_its_own_language_and_direction)
{
    char article[96], body[768], id[32], path[64];
    snprintf(article, sizeof article, "%s", th_unique("rtl"));
    snprintf(body, sizeof body,
             "{\"text\":\"مرحبا بالعالم؟\",\"claimant\":{\"name\":\"Jo\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ar\","
             "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"بالعالم\"}}}", article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    publish(id);
    snprintf(path, sizeof path, "/claims/%s/responses", id);
    r = th_call("POST", path, "editor", NULL, "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Police\"},"
                "\"issued_at\":\"2025-12-02\",\"summary\":\"لا صحة لذلك.\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    r = notices(article, "{\"format\":\"html\",\"lang\":\"ru\"}");
    const char *html = json_object_get_string(r.body);
    ck_assert_msg(strstr(html, "<section class=\"ct-notice ct-status-rebutted\" role=\"note\""
                               " lang=\"ru\"") != NULL, "%s", html);
    ck_assert_msg(strstr(html, "<blockquote class=\"ct-notice__claim\"><p>«<span"
                               " class=\"ct-notice__words\" lang=\"ar\" dir=\"auto\">"
                               "مرحبا بالعالم؟</span>»</p></blockquote>") != NULL, "%s", html);
    ck_assert_msg(strstr(html, "<p class=\"ct-timeline__summary\"><bdi>لا صحة لذلك.</bdi></p>")
                  != NULL, "%s", html);
    th_free(&r);
}
END_TEST

/* Notices come in the order the claims were made, not the order they were recorded. */
START_TEST(notices_come_in_the_order_the_claims_were_made)
{
    char article[96], later[32], earlier[32];
    snprintf(article, sizeof article, "%s", th_unique("order"));
    published_claim_at(article, "2025-12-05T12:00:00+05:00", later, sizeof later);
    published_claim_at(article, "2025-11-20T12:00:00+05:00", earlier, sizeof earlier);

    th_resp r = notices(article, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 2);
    ck_assert_int_eq(th_int(&r, "notices/0/claim_id"), atoll(earlier));
    ck_assert_int_eq(th_int(&r, "notices/1/claim_id"), atoll(later));
    th_free(&r);
}
END_TEST

/* ---- a date nobody gave ------------------------------------------------------ */

/* A fact-checker's review that dates neither itself nor the claim
   (sql/025_unknown_dates.sql): the notice says who said it and who
   refuted it, with no date, in every language and format; the claim is
   ordered by when the desk recorded it, after one said in 2025. */
START_TEST(a_claim_and_review_nobody_dated_show_no_date)
{
    char article[96], dated[32], body[1024], path[96];
    snprintf(article, sizeof article, "%s", th_unique("undated"));
    published_claim_at(article, "2025-12-05T12:00:00+05:00", dated, sizeof dated);
    /* the review's url is the article's own, so that the database of an
       earlier run knows no such review */
    snprintf(body, sizeof body,
        "{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\","
        "\"url\":\"https://factcheck.afp.com/%s\","
        "\"claimReviewed\":\"Crime in Astana is like in Caracas\","
        "\"author\":{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\"},"
        "\"reviewRating\":{\"@type\":\"Rating\",\"alternateName\":\"False\"},"
        "\"itemReviewed\":{\"@type\":\"Claim\",\"author\":{\"@type\":\"Person\","
        "\"name\":\"Talgat Ergaliev\"}}}", article);
    th_resp r = th_call("POST", "/import/claimreview", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    long long undated = th_int(&r, "imported/0/claim_id");
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/mentions", undated);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"quote\":{\"exact\":\"like in Caracas\"}}",
             article);
    r = th_call("POST", path, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"publish\":true}", th_int(&r, "version"));
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/review", undated);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    r = notices(article, NULL);
    ck_assert_int_eq(th_int(&r, "notices/0/claim_id"), atoll(dated));
    ck_assert_int_eq(th_int(&r, "notices/1/claim_id"), undated);
    ck_assert_ptr_null(th_get(&r, "notices/1/said_on"));
    ck_assert_ptr_null(th_get(&r, "notices/1/responses/0/issued_on"));
    th_free(&r);

    static const char *const said[][2] = {
        {"en", "Talgat Ergaliev</span></p>"},
        {"ru", "Talgat Ergaliev</span></p>"},
        {"kk", "Talgat Ergaliev</span></p>"},
    };
    static const char *const refuted[] = {
        "Refuted by AFP Fact Check</", "Опровержение: AFP Fact Check</",
        "Теріске шығарды: AFP Fact Check</",
    };
    for (size_t i = 0; i < 3; i++) {
        char query[64];
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":\"%s\"}", said[i][0]);
        r = notices(article, query);
        const char *html = json_object_get_string(r.body);
        /* from the claimant to the notice's own "updated" line, which is dated */
        const char *second = html ? strstr(html, "Talgat Ergaliev") : NULL;
        const char *updated = second ? strstr(second, "ct-notice__updated") : NULL;
        const char *time = second ? strstr(second, "<time") : NULL;
        ck_assert_msg(second && updated && time > updated && strstr(second, said[i][1])
                      && strstr(second, refuted[i]) && strstr(second, refuted[i]) < updated,
                      "%s: %s", said[i][0], html);
        th_free(&r);
    }

    r = notices(article, "{\"format\":\"jsonld\"}");
    json_object *doc = json_tokener_parse(json_object_get_string(r.body));
    json_object *item = json_object_object_get(json_object_array_get_idx(doc, 1), "itemReviewed");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(json_object_object_get(item, "author"),
                                                                   "name")), "Talgat Ergaliev");
    ck_assert_ptr_null(json_object_object_get(item, "datePublished"));
    json_object_put(doc);
    th_free(&r);
}
END_TEST

/* ---- ClaimReview needs a publisher ------------------------------------------ */

START_TEST(jsonld_without_a_publisher_is_a_clear_error)
{
    char article[96], id[32];
    snprintf(article, sizeof article, "%s", th_unique("nopub"));
    published_claim_at(article, "2025-12-01", id, sizeof id);

    th_resp r = notices(article, "{\"format\":\"jsonld\"}");
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(th_error_code(&r), "publisher_not_configured");
    th_free(&r);
    r = th_call("GET", "/feeds/claimreview", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(th_error_code(&r), "publisher_not_configured");
    th_free(&r);
    /* The readers' HTML notice needs no publisher. */
    r = notices(article, "{\"format\":\"html\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

static void setup_without_publisher(void)
{
    th_setup_with("{\"publisher\":null}");
}

/* A publisher with a name and no url: the reviews' author and their urls
   need both, so this is no publisher for ClaimReview either. */
static void setup_publisher_without_url(void)
{
    th_setup_with("{\"publisher\":{\"name\":\"Factcheck.kz\"}}");
}

/* ---- organisations as claimants ------------------------------------------------ */

START_TEST(an_organisation_claimant_is_shown_and_exported_as_one)
{
    char article[96], body[1024], id[32];
    snprintf(article, sizeof article, "%s", th_unique("org"));
    snprintf(body, sizeof body,
             "{\"text\":\"Преступность снизилась вдвое\",\"claimant\":{\"name\":\"Министерство"
             " внутренних дел\",\"role\":\"пресс-служба\",\"type\":\"organization\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\","
             "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"снизилась вдвое\"}}}", article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "claimant/type"), "organization");
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    publish(id);

    r = notices(article, "{\"format\":\"html\"}");
    ck_assert_ptr_nonnull(strstr(json_object_get_string(r.body),
        "<span class=\"ct-claimant ct-claimant--organization\">Министерство внутренних дел,"
        " пресс-служба</span>"));
    th_free(&r);
    r = notices(article, "{\"format\":\"jsonld\"}");
    json_object *doc = json_tokener_parse(json_object_get_string(r.body));
    json_object *author = json_object_object_get(json_object_object_get(
        json_object_array_get_idx(doc, 0), "itemReviewed"), "author");
    ck_assert_str_eq(json_object_to_json_string_ext(author, JSON_C_TO_STRING_PLAIN),
                     "{\"@type\":\"Organization\",\"name\":\"Министерство внутренних дел\","
                     "\"description\":\"пресс-служба\"}");
    json_object_put(doc);
    th_free(&r);

    /* A person stays the default, and other types are refused. */
    r = th_call("POST", "/claims", "editor", NULL,
                "{\"text\":\"x\",\"claimant\":{\"name\":\"y\",\"type\":\"robot\"},"
                "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "invalid_value");
    ck_assert_str_eq(th_error_field(&r), "claimant.type");
    th_free(&r);
}
END_TEST

/* ---- the feed is safe inside <script> ------------------------------------------- */

START_TEST(the_feed_is_script_safe_like_the_notices)
{
    char article[96], body[1024], id[32];
    snprintf(article, sizeof article, "%s", th_unique("feed"));
    snprintf(body, sizeof body,
             "{\"text\":\"</script><script>alert(1)</script> \\u2028\",\"claimant\":{\"name\":\"X\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\","
             "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"alert\"}}}", article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    publish(id);

    r = th_call("GET", "/feeds/claimreview", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(r.envelope, "content_type")),
                     "application/ld+json");
    const char *feed = json_object_get_string(r.body);
    ck_assert_ptr_null(strstr(feed, "</script"));
    ck_assert_ptr_null(strstr(feed, "<"));
    ck_assert_ptr_null(strstr(feed, "\xE2\x80\xA8"));
    ck_assert_ptr_nonnull(strstr(feed, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
    json_object *doc = json_tokener_parse(feed);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(doc, "@type")), "DataFeed");
    json_object_put(doc);
    th_free(&r);
}
END_TEST

static void setup_regional_default(void)
{
    th_setup_with("{\"language\":\"ru-KZ\"}");
}

/* A regional default language ("ru-KZ") is the language "ru" in every
   notice written in it, as for a claim of that language: one language,
   one name, in JSON and in HTML. */
START_TEST(a_regional_default_language_is_named_as_its_language)
{
    char article[96], body[1024], id[2][32];
    static const char *const languages[] = {"ru-KZ", "de"};
    snprintf(article, sizeof article, "%s", th_unique("regional"));
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body,
                 "{\"text\":\"Преступность как в Каракасе %d\",\"claimant\":{\"name\":\"Депутат\"},"
                 "\"said_at\":\"2025-12-0%d\",\"language\":\"%s\","
                 "\"article\":{\"id\":\"%s\",\"quote\":{\"exact\":\"как в Каракасе\"}}}",
                 i, i + 1, languages[i], article);
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        ck_assert_int_eq(r.status, 201);
        snprintf(id[i], sizeof id[i], "%lld", th_int(&r, "id"));
        th_free(&r);
        publish(id[i]);
    }
    th_resp r = notices(article, NULL);
    ck_assert_str_eq(th_str(&r, "notices/0/claim_language"), "ru-KZ");
    ck_assert_str_eq(th_str(&r, "notices/0/language"), "ru");
    ck_assert_str_eq(th_str(&r, "notices/1/claim_language"), "de");    /* the default's */
    ck_assert_str_eq(th_str(&r, "notices/1/language"), "ru");
    ck_assert_str_eq(th_str(&r, "notices/1/rating_label"), "Ложь");
    th_free(&r);
}
END_TEST

/* ---- answers kept ready-made (sql/027) ------------------------------------------ */

/* Mark the answers kept for article (th_fresh_mark_kept); how many. */
static long kept_marked(const char *article)
{
    char where[160];
    snprintf(where, sizeof where, "article_id = '%s'", article);
    return th_fresh_mark_kept("ct_notice_renders", where);
}

/* The status a reader of article's JSON notices is shown (first notice). */
static const char *status_shown(const char *article, char *out, size_t size)
{
    th_resp r = notices(article, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(out, size, "%s", json_object_array_length(th_get(&r, "notices")) > 0
                              ? th_str(&r, "notices/0/status") : "(none)");
    th_free(&r);
    return out;
}

/* SQL that quotes claim in article as an editor's mention would (into sql). */
static const char *mention_sql(const char *claim, const char *article, char *sql, size_t size)
{
    snprintf(sql, size, "INSERT INTO ct_mentions (claim_id, article_id, article_url,"
             " quote_exact, created_by) VALUES (%s, '%s', 'https://news.example.kz/other',"
             " 'как в Каракасе', 'u1')", claim, article);
    return sql;
}

/* The answer is read, kept and marked; a change made by sql (on the
   database, as any writer would make it) must make the next reader's
   answer a new one, not the marked one. */
static void assert_recomposed_after(const char *article, const char *change, const char *shown)
{
    char status[32];
    ck_assert_str_eq(status_shown(article, status, sizeof status), "rebutted");
    ck_assert_int_eq(kept_marked(article), 1);
    ck_assert_str_eq(status_shown(article, status, sizeof status), "KEPT");
    th_stamp_fresh(change);
    ck_assert_msg(strcmp(status_shown(article, status, sizeof status), shown) == 0,
                  "after %s: readers are shown \"%s\", not \"%s\"", change, status, shown);
}

START_TEST(a_kept_answer_is_served_until_anything_it_shows_changes)
{
    char article[96], other[96], claim[32], sql[1024];
    snprintf(article, sizeof article, "%s", th_unique("kept"));
    snprintf(other, sizeof other, "%s", th_unique("kept-other"));
    snprintf(claim, sizeof claim, "%s", th_new_claim(article));
    publish(claim);

    /* the claim (a moderator, an import, psql) */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET venue = 'Telegram' WHERE id = %s", claim);
    assert_recomposed_after(article, sql, "rebutted");
    /* a response linked */
    snprintf(sql, sizeof sql, "INSERT INTO ct_responses (claim_id, kind, by_name, issued_at,"
             " summary, created_by) VALUES (%s, 'rebuttal', 'Police', '2025-12-02', 'No', 'u1')",
             claim);
    assert_recomposed_after(article, sql, "rebutted");
    /* its source archived */
    snprintf(sql, sizeof sql, "INSERT INTO ct_evidence (claim_id, response_id, url, status)"
             " SELECT %s, max(id), 'https://example.org/police', 'pending' FROM ct_responses"
             " WHERE claim_id = %s", claim, claim);
    assert_recomposed_after(article, sql, "rebutted");
    /* the claim repeated in another article: this one's notice lists it */
    assert_recomposed_after(article, mention_sql(claim, other, sql, sizeof sql), "rebutted");
    /* the desk's rating scale */
    assert_recomposed_after(article, "UPDATE ct_ratings SET colour = colour WHERE key = 'False'",
                            "rebutted");
    /* the other article's mention gone: this article's notice changes */
    snprintf(sql, sizeof sql, "DELETE FROM ct_mentions WHERE article_id = '%s'", other);
    assert_recomposed_after(article, sql, "rebutted");
    /* this article's own mention gone: no notice */
    snprintf(sql, sizeof sql, "DELETE FROM ct_mentions WHERE article_id = '%s'", article);
    assert_recomposed_after(article, sql, "(none)");
}
END_TEST

/* The desk's bookkeeping on a claim (sql/028): the comparison form the
   match_text job rewrites after a lexicon upgrade, and the review queue's
   mark on a changed import. No reader sees them, so the kept answer is
   still served; the same statement changing a column readers see is not. */
START_TEST(a_claim_change_no_reader_can_see_keeps_the_kept_answer)
{
    char article[96], other[96], claim[32], sql[1024], status[32];
    snprintf(article, sizeof article, "%s", th_unique("kept-unseen"));
    snprintf(other, sizeof other, "%s", th_unique("kept-unseen-other"));
    snprintf(claim, sizeof claim, "%s", th_new_claim(article));
    publish(claim);
    th_stamp_fresh(mention_sql(claim, other, sql, sizeof sql));

    ck_assert_str_eq(status_shown(article, status, sizeof status), "rebutted");
    ck_assert_int_eq(kept_marked(article), 1);
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET match_text = 'x ' || match_text,"
             " match_version = match_version + 1, review_requested_at = now() WHERE id = %s",
             claim);
    th_stamp_fresh(sql);
    ck_assert_str_eq(status_shown(article, status, sizeof status), "KEPT");
    ck_assert_str_eq(status_shown(other, status, sizeof status), "rebutted");
    ck_assert_int_eq(kept_marked(other), 1);

    /* both articles' answers are marked now; a change readers see, with
       the bookkeeping, makes both anew */
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET match_version = match_version + 1,"
             " venue = 'Telegram' WHERE id = %s", claim);
    th_stamp_fresh(sql);
    ck_assert_str_eq(status_shown(article, status, sizeof status), "rebutted");
    ck_assert_str_eq(status_shown(other, status, sizeof status), "rebutted");
}
END_TEST

START_TEST(an_emptied_table_changes_every_kept_answer)
{
    char article[96];
    snprintf(article, sizeof article, "%s", th_unique("kept-truncate"));
    publish(th_new_claim(article));
    assert_recomposed_after(article, "TRUNCATE ct_evidence", "rebutted");
    /* and the kept answers themselves may be emptied at any time */
    assert_recomposed_after(article, "TRUNCATE ct_notice_renders", "rebutted");
}
END_TEST

START_TEST(each_format_and_language_is_kept_apart)
{
    static const char *const queries[] = {
        NULL, "{\"format\":\"html\"}", "{\"lang\":\"kk\"}",
        "{\"format\":\"html\",\"lang\":\"kk\"}", "{\"format\":\"jsonld\"}"};
    char article[96], sql[256], count[32];
    snprintf(article, sizeof article, "%s", th_unique("kept-variants"));
    publish(th_new_claim(article));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_notice_renders WHERE article_id = '%s'",
             article);
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
            th_resp r = notices(article, queries[i]);
            ck_assert_int_eq(r.status, 200);
            th_free(&r);
        }
        th_fresh_text(sql, count, sizeof count);
        ck_assert_str_eq(count, "5");        /* the second round reads them back */
    }
    /* the HTML in Kazakh is its own: rendered once, read back the same */
    th_resp first = notices(article, "{\"format\":\"html\",\"lang\":\"kk\"}");
    ck_assert_ptr_nonnull(strstr(body_text(&first), "lang=\"kk\""));
    ck_assert_ptr_null(strstr(body_text(&first), "\"notices\""));
    th_free(&first);
}
END_TEST

/* Expired answers (sql/030: kept over ct_kept_answer_lifetime() ago) make
   room: each answer kept deletes the two oldest, of other articles and
   other variants (an older build's, whose variant no build reads now),
   never the one it keeps; one not expired stays. Ages are set by SQL. */
START_TEST(each_answer_kept_deletes_two_expired_ones)
{
    char base[64], articles[4][96], sql[1024], kept[1024];
    snprintf(base, sizeof base, "%s", th_unique("kept-expired"));
    for (int i = 0; i < 4; i++) {       /* "...-a" to "...-d": listed in that order */
        snprintf(articles[i], sizeof articles[i], "%s-%c", base, 'a' + i);
        publish(th_new_claim(articles[i]));
    }
    for (int i = 0; i < 2; i++) {
        th_resp r = notices(articles[i], NULL);
        ck_assert_int_eq(r.status, 200);
        th_free(&r);
    }
    /* article 0 kept 2 days ago, 1 an hour ago; two answers of a build
       before this one, kept 3 and 5 days ago */
    snprintf(sql, sizeof sql, "UPDATE ct_notice_renders SET kept_at = now() - CASE article_id"
             " WHEN '%s' THEN interval '2 days' ELSE interval '1 hour' END;"
             " INSERT INTO ct_notice_renders (article_id, variant, version, desk_version, body,"
             " kept_at) SELECT article_id, 'old-build', version, desk_version, body,"
             " now() - CASE article_id WHEN '%s' THEN interval '5 days' ELSE interval '3 days' END"
             " FROM ct_notice_renders", articles[0], articles[1]);
    th_stamp_fresh(sql);
    const char *list = "SELECT string_agg(article_id || ':' || CASE variant WHEN 'old-build'"
                       " THEN 'old' ELSE 'new' END, ' ' ORDER BY article_id, variant = 'old-build')"
                       " FROM ct_notice_renders";

    /* article 2 kept: the two old build's answers go, oldest first */
    th_resp r = notices(articles[2], NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    th_fresh_text(list, kept, sizeof kept);
    char want[1024];
    snprintf(want, sizeof want, "%s:new %s:new %s:new", articles[0], articles[1], articles[2]);
    ck_assert_str_eq(kept, want);

    /* article 3 kept: article 0's expired answer goes; 1's has not expired */
    r = notices(articles[3], NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    th_fresh_text(list, kept, sizeof kept);
    snprintf(want, sizeof want, "%s:new %s:new %s:new", articles[1], articles[2], articles[3]);
    ck_assert_str_eq(kept, want);
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
    tcase_add_test(tc, a_cms_language_tag_asks_for_its_language);
    tcase_add_test(tc, a_tag_with_extensions_or_private_use_asks_for_its_language);
    tcase_add_test(tc, a_malformed_language_is_refused_and_writes_nothing);
    tcase_add_test(tc, an_orphaned_passage_keeps_its_notice_and_says_so);
    tcase_add_test(tc, orphaned_means_every_mention_in_this_article);
    suite_add_tcase(s, tc);
    TCase *golden = tcase_create("golden");
    tcase_add_checked_fixture(golden, th_setup_fresh, th_teardown);
    tcase_set_timeout(golden, 60);
    tcase_add_test(golden, html_in_each_language_matches_the_golden_files);
    tcase_add_test(golden, html_speaks_the_readers_language);
    suite_add_tcase(s, golden);

    TCase *zone = tcase_create("almaty");
    tcase_add_checked_fixture(zone, setup_almaty, th_teardown);
    tcase_add_test(zone, a_claim_at_0040_in_astana_is_the_22nd_in_asia_almaty);
    tcase_add_test(zone, an_organisation_claimant_is_shown_and_exported_as_one);
    tcase_add_test(zone, the_feed_is_script_safe_like_the_notices);
    suite_add_tcase(s, zone);
    TCase *utc = tcase_create("utc");
    tcase_add_checked_fixture(utc, th_setup, th_teardown);
    tcase_add_test(utc, the_same_claim_is_the_21st_in_utc);
    tcase_add_test(utc, unknown_time_zones_are_refused_at_open);
    tcase_add_test(utc, notices_come_in_the_order_the_claims_were_made);
    tcase_add_test(utc, an_empty_role_and_venue_are_not_shown);
    tcase_add_test(utc, a_quote_keeps_its_own_language_and_direction);
    tcase_add_test(utc, a_claim_and_review_nobody_dated_show_no_date);
    suite_add_tcase(s, utc);
    TCase *given = tcase_create("given_days");
    tcase_add_checked_fixture(given, setup_fresh_almaty, th_teardown);
    tcase_add_test(given, a_date_given_alone_is_that_day_in_every_time_zone);
    suite_add_tcase(s, given);
    TCase *regional = tcase_create("regional default language");
    tcase_add_checked_fixture(regional, setup_regional_default, th_teardown);
    tcase_add_test(regional, a_regional_default_language_is_named_as_its_language);
    suite_add_tcase(s, regional);
    TCase *dst = tcase_create("new york");
    tcase_add_checked_fixture(dst, setup_new_york, th_teardown);
    tcase_add_test(dst, days_across_a_dst_change_in_new_york);
    suite_add_tcase(s, dst);
    TCase *kept = tcase_create("kept");
    tcase_add_checked_fixture(kept, th_setup_fresh, th_teardown);
    tcase_set_timeout(kept, 60);
    tcase_add_test(kept, a_kept_answer_is_served_until_anything_it_shows_changes);
    tcase_add_test(kept, a_claim_change_no_reader_can_see_keeps_the_kept_answer);
    tcase_add_test(kept, an_emptied_table_changes_every_kept_answer);
    tcase_add_test(kept, each_format_and_language_is_kept_apart);
    tcase_add_test(kept, each_answer_kept_deletes_two_expired_ones);
    suite_add_tcase(s, kept);
    TCase *bare = tcase_create("no publisher");
    tcase_add_checked_fixture(bare, setup_without_publisher, th_teardown);
    tcase_add_test(bare, jsonld_without_a_publisher_is_a_clear_error);
    suite_add_tcase(s, bare);
    TCase *half = tcase_create("publisher without url");
    tcase_add_checked_fixture(half, setup_publisher_without_url, th_teardown);
    tcase_add_test(half, jsonld_without_a_publisher_is_a_clear_error);
    suite_add_tcase(s, half);
    return th_run_suite(s);
}
