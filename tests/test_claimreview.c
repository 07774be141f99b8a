/*
 * test_claimreview.c -- src/claimreview.c and src/claimreview_import.c
 * through the plugin: schema.org ClaimReview out and in.
 *
 * Out: GET /articles/{id}/notices?format=jsonld (a ClaimReview per
 * published claim with rating, review url from publisher.claim_url, the
 * publisher as author, the Claim with its author, date and appearances,
 * and an Article carrying a CorrectionComment per correction, retraction
 * or apology), made safe for a <script> element; nothing for unpublished
 * claims; GET /feeds/claimreview as a DataFeed of published reviews,
 * newest first.
 *
 * In: POST /import/claimreview with one ClaimReview, a list, or a
 * DataFeed (also DataFeedItem wrappers), in the shapes real feeds use;
 * idempotent on the review url; bad input names the item and writes
 * nothing, a bad item anywhere in a batch imports none of it.
 *
 * Every test runs on a new, empty database of its own (claim ids start at
 * 1), opened with a publisher; rows are counted in that database.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testhost.h"

/* ---- fixture: a fresh database and a publisher ------------------------------ */

static char fresh_db[64];

static void open_fresh(const char *language)
{
    char conninfo[1024], *error = NULL;
    json_object *cfg = json_object_new_object(), *publisher = json_object_new_object();

    th_new_database("ct_cr", fresh_db, sizeof fresh_db);
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), fresh_db);
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    json_object_object_add(cfg, "pool_size", json_object_new_int(2));
    json_object_object_add(cfg, "language", json_object_new_string(language));
    json_object_object_add(publisher, "name", json_object_new_string("Factcheck.kz"));
    json_object_object_add(publisher, "url", json_object_new_string("https://factcheck.kz"));
    json_object_object_add(publisher, "claim_url",
                           json_object_new_string("https://factcheck.kz/claims/{id}"));
    json_object_object_add(cfg, "publisher", publisher);
    th_instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    json_object_put(cfg);
    if (th_instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
}

/* Language "ru", as the desk of the worked example. */
static void setup_publisher(void)
{
    open_fresh("ru");
}

/* Language "en": so that an imported inLanguage "ru" is told from the default. */
static void setup_publisher_en(void)
{
    open_fresh("en");
}

/* Rows in every claimtrack table of the fresh database, ct_imports included. */
static long long rows_total(void)
{
    const char *v = th_sql_exec_on(fresh_db,
        "SELECT (SELECT count(*) FROM ct_claims) + (SELECT count(*) FROM ct_responses)"
        " + (SELECT count(*) FROM ct_mentions) + (SELECT count(*) FROM ct_events)"
        " + (SELECT count(*) FROM ct_imports)");
    ck_assert_msg(v[0] != 'E' && v[0] != '\0', "row count failed: %s", v);
    return atoll(v);
}

/* ---- requests ----------------------------------------------------------------- */

static const char *content_type(const th_resp *r)
{
    json_object *t = json_object_object_get(r->envelope, "content_type");
    return t ? json_object_get_string(t) : "";
}

/* A JSON object as request text (static buffer); drops the object. */
static const char *text_of(json_object *obj)
{
    static char *buf;
    free(buf);
    buf = strdup(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
    json_object_put(obj);
    return buf;
}

static json_object *get(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, key, &v))
        return NULL;
    return v;
}

static const char *sget(json_object *obj, const char *key)
{
    json_object *v = get(obj, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

#define ck_str_field(obj, key, expected) do { \
        const char *got_ = sget((obj), (key)); \
        ck_assert_msg(got_ && strcmp(got_, (expected)) == 0, \
                      "%s: expected \"%s\", got \"%s\"", (key), (expected), \
                      got_ ? got_ : "(absent)"); \
    } while (0)

static bool is_ymd(const char *s)
{
    if (s == NULL || strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Strict UTF-8 (no overlongs, no surrogates). */
static bool utf8_valid(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t need;
        unsigned long cp;
        if (*p < 0x80) {
            p++;
            continue;
        }
        if (*p >= 0xC2 && *p <= 0xDF) {
            need = 1; cp = *p & 0x1Fu;
        } else if (*p >= 0xE0 && *p <= 0xEF) {
            need = 2; cp = *p & 0x0Fu;
        } else if (*p >= 0xF0 && *p <= 0xF4) {
            need = 3; cp = *p & 0x07u;
        } else {
            return false;
        }
        for (size_t k = 1; k <= need; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += need + 1;
    }
    return true;
}

/* ---- the worked example: a claim, its responses, the verdict ------------------- */

#define CLAIM_TEXT      "Криминогенная обстановка в Астане как в Каракасе."
#define CLAIMANT_NAME   "Талгат Ергалиев"
#define CLAIMANT_ROLE   "депутат маслихата Астаны"
#define SOURCE_URL      "https://www.youtube.com/watch?v=maslikhat-session"
#define ARTICLE_URL     "https://qazaq24.com/kasymbek-astana-safe"
#define APOLOGY_SUMMARY "Депутат публично извинился за свои слова."
#define CORRECTION_SUMMARY "Редакция уточнила цитату депутата."

static long long create_claim(const char *text, const char *article_id)
{
    json_object *body = json_object_new_object(), *claimant = json_object_new_object();
    json_object *article = json_object_new_object(), *quote = json_object_new_object();

    json_object_object_add(body, "text", json_object_new_string(text));
    json_object_object_add(claimant, "name", json_object_new_string(CLAIMANT_NAME));
    json_object_object_add(claimant, "role", json_object_new_string(CLAIMANT_ROLE));
    json_object_object_add(body, "claimant", claimant);
    json_object_object_add(body, "said_at", json_object_new_string("2025-12-01"));
    json_object_object_add(body, "venue", json_object_new_string("сессия маслихата Астаны"));
    json_object_object_add(body, "language", json_object_new_string("ru"));
    json_object_object_add(body, "source_url", json_object_new_string(SOURCE_URL));
    json_object_object_add(article, "id", json_object_new_string(article_id));
    json_object_object_add(article, "url", json_object_new_string(ARTICLE_URL));
    json_object_object_add(quote, "exact", json_object_new_string("как в Каракасе"));
    json_object_object_add(article, "quote", quote);
    json_object_object_add(body, "article", article);

    th_resp r = th_call("POST", "/claims", "editor", NULL, text_of(body));
    ck_assert_msg(r.status == 201, "POST /claims: %d %s", r.status,
                  json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}

/* Link a response; returns the claim's version after it. */
static long long add_response(long long claim, const char *kind, const char *by,
                              const char *issued_at, const char *summary, const char *url)
{
    char path[64];
    json_object *body = json_object_new_object(), *who = json_object_new_object();

    json_object_object_add(body, "kind", json_object_new_string(kind));
    json_object_object_add(who, "name", json_object_new_string(by));
    json_object_object_add(body, "by", who);
    json_object_object_add(body, "issued_at", json_object_new_string(issued_at));
    json_object_object_add(body, "summary", json_object_new_string(summary));
    if (url)
        json_object_object_add(body, "url", json_object_new_string(url));
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    th_resp r = th_call("POST", path, "editor", NULL, text_of(body));
    ck_assert_msg(r.status == 201, "POST %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    long long version = th_int(&r, "version");
    th_free(&r);
    return version;
}

static void review(long long claim, long long version, bool publish)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":%s}", version, publish ? "true" : "false");
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "POST %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
}

/* GET the article's notices as JSON-LD: the body text (malloc'd). */
static char *jsonld_text(const char *article, const char *lang)
{
    char path[160], query[96];
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    snprintf(query, sizeof query, "{\"format\":\"jsonld\"%s%s%s}", lang ? ",\"lang\":\"" : "",
             lang ? lang : "", lang ? "\"" : "");
    th_resp r = th_call("GET", path, NULL, query, NULL);
    ck_assert_msg(r.status == 200, "GET %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    ck_assert_str_eq(content_type(&r), "application/ld+json");
    ck_assert_msg(json_object_is_type(r.body, json_type_string),
                  "the JSON-LD body is not a string: %s", json_object_to_json_string(r.body));
    char *text = strdup(json_object_get_string(r.body));
    th_free(&r);
    return text;
}

/* The first node of @graph with the given @type (borrowed from doc). */
static json_object *graph_node(json_object *doc, const char *type, int nth)
{
    json_object *graph = get(doc, "@graph");
    ck_assert_msg(json_object_is_type(graph, json_type_array), "no @graph array");
    for (size_t i = 0; i < json_object_array_length(graph); i++) {
        json_object *node = json_object_array_get_idx(graph, i);
        const char *t = sget(node, "@type");
        if (t && strcmp(t, type) == 0 && nth-- == 0)
            return node;
    }
    return NULL;
}

static size_t graph_count(json_object *doc, const char *type)
{
    size_t n = 0;
    while (graph_node(doc, type, (int)n))
        n++;
    return n;
}

/* The worked example, published: returns the claim id. */
static long long worked_example(const char *article)
{
    long long id = create_claim(CLAIM_TEXT, article);
    add_response(id, "rebuttal", "Департамент полиции Астаны", "2025-12-01T18:00:00+05:00",
                 "Полиция опровергла заявление.", "https://police.astana.kz/statement");
    add_response(id, "apology", CLAIMANT_NAME, "2025-12-22", APOLOGY_SUMMARY, NULL);
    long long version = add_response(id, "correction", "Редакция Qazaq24", "2025-12-23",
                                     CORRECTION_SUMMARY, "https://qazaq24.com/correction");
    review(id, version, true);
    return id;
}

/* ---- JSON-LD of an article's notices -------------------------------------------- */

START_TEST(jsonld_of_a_published_claim)
{
    long long id = worked_example("qazaq24-2025-12-22-kasymbek");
    ck_assert_int_eq(id, 1);

    char *text = jsonld_text("qazaq24-2025-12-22-kasymbek", NULL);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "JSON-LD does not parse: %s", text);
    ck_str_field(doc, "@context", "https://schema.org");
    ck_assert_int_eq(graph_count(doc, "ClaimReview"), 1);

    json_object *cr = graph_node(doc, "ClaimReview", 0);
    ck_str_field(cr, "claimReviewed", CLAIM_TEXT);
    ck_str_field(cr, "url", "https://factcheck.kz/claims/1");
    ck_assert_msg(is_ymd(sget(cr, "datePublished")), "datePublished %s",
                  sget(cr, "datePublished") ? sget(cr, "datePublished") : "(absent)");

    json_object *rating = get(cr, "reviewRating");
    ck_str_field(rating, "@type", "Rating");
    ck_str_field(rating, "alternateName", "Ложь");     /* the rating in the claim's language */
    ck_assert_msg(get(rating, "ratingValue") && json_object_get_int(get(rating, "ratingValue")) == 1,
                  "ratingValue: %s", json_object_to_json_string(rating));
    ck_assert_msg(get(rating, "bestRating") && json_object_get_int(get(rating, "bestRating")) == 5,
                  "bestRating: %s", json_object_to_json_string(rating));
    ck_assert_msg(get(rating, "worstRating") && json_object_get_int(get(rating, "worstRating")) == 1,
                  "worstRating: %s", json_object_to_json_string(rating));

    json_object *author = get(cr, "author");
    ck_str_field(author, "@type", "Organization");
    ck_str_field(author, "name", "Factcheck.kz");
    ck_str_field(author, "url", "https://factcheck.kz");

    json_object *item = get(cr, "itemReviewed");
    ck_str_field(item, "@type", "Claim");
    ck_str_field(item, "datePublished", "2025-12-01");
    json_object *person = get(item, "author");
    ck_str_field(person, "@type", "Person");
    ck_str_field(person, "name", CLAIMANT_NAME);
    ck_str_field(person, "jobTitle", CLAIMANT_ROLE);

    json_object *appearance = get(item, "appearance");
    ck_assert_msg(json_object_is_type(appearance, json_type_array), "appearance: %s",
                  json_object_to_json_string(item));
    bool saw_source = false, saw_article = false;
    for (size_t i = 0; i < json_object_array_length(appearance); i++) {
        const char *url = sget(json_object_array_get_idx(appearance, i), "url");
        saw_source |= url && strcmp(url, SOURCE_URL) == 0;
        saw_article |= url && strcmp(url, ARTICLE_URL) == 0;
    }
    ck_assert_msg(saw_source && saw_article, "appearance lacks the urls: %s",
                  json_object_to_json_string(appearance));
    ck_assert_int_eq(json_object_array_length(appearance), 2);
    ck_str_field(get(item, "firstAppearance"), "url", SOURCE_URL);

    /* The Article: one CorrectionComment per apology and correction, not for
       the police's rebuttal. */
    json_object *article = graph_node(doc, "Article", 0);
    ck_assert_msg(article != NULL, "no Article in @graph: %s", text);
    json_object *corrections = get(article, "correction");
    ck_assert_msg(json_object_is_type(corrections, json_type_array), "correction: %s",
                  json_object_to_json_string(article));
    ck_assert_int_eq(json_object_array_length(corrections), 2);
    bool saw_apology = false, saw_correction = false;
    for (size_t i = 0; i < json_object_array_length(corrections); i++) {
        json_object *c = json_object_array_get_idx(corrections, i);
        const char *t = sget(c, "text"), *date = sget(c, "datePublished");
        ck_str_field(c, "@type", "CorrectionComment");
        ck_assert_msg(t && t[0], "CorrectionComment without text");
        ck_assert_msg(strstr(t, "Полиция") == NULL, "a rebuttal became a correction: %s", t);
        if (strstr(t, APOLOGY_SUMMARY)) {
            saw_apology = true;
            ck_assert_msg(strstr(t, CLAIMANT_NAME), "apology text lacks who: %s", t);
            ck_assert_msg(date && strcmp(date, "2025-12-22") == 0, "apology date %s",
                          date ? date : "(absent)");
        } else if (strstr(t, CORRECTION_SUMMARY)) {
            saw_correction = true;
            ck_assert_msg(strstr(t, "Редакция Qazaq24"), "correction text lacks who: %s", t);
            ck_assert_msg(date && strcmp(date, "2025-12-23") == 0, "correction date %s",
                          date ? date : "(absent)");
        }
    }
    ck_assert_msg(saw_apology && saw_correction, "corrections: %s",
                  json_object_to_json_string(corrections));
    json_object_put(doc);
    free(text);

    /* The rating's words follow the requested language; its value does not. */
    const char *langs[][2] = {{"en", "False"}, {"kk", "Жалған"}, {"ru", "Ложь"}};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        text = jsonld_text("qazaq24-2025-12-22-kasymbek", langs[i][0]);
        doc = json_tokener_parse(text);
        ck_assert_msg(doc != NULL, "JSON-LD (%s) does not parse: %s", langs[i][0], text);
        rating = get(graph_node(doc, "ClaimReview", 0), "reviewRating");
        ck_str_field(rating, "alternateName", langs[i][1]);
        ck_assert_int_eq(json_object_get_int(get(rating, "ratingValue")), 1);
        ck_str_field(graph_node(doc, "ClaimReview", 0), "claimReviewed", CLAIM_TEXT);
        json_object_put(doc);
        free(text);
    }
}
END_TEST

START_TEST(jsonld_leaves_out_unpublished_claims)
{
    char *text;

    /* An article whose only claim is not published: nothing at all. */
    long long id = create_claim("Заявление ещё на проверке.", "pending-article");
    add_response(id, "correction", "Редакция", "2025-12-02", "Исправлено.", NULL);
    text = jsonld_text("pending-article", NULL);
    ck_assert_str_eq(text, "");
    free(text);

    /* No claims at all. */
    text = jsonld_text("no-such-article", "en");
    ck_assert_str_eq(text, "");
    free(text);

    /* Two claims in an article, one published: one ClaimReview. */
    long long published = create_claim("Опубликованное заявление.", "mixed-article");
    create_claim("Неопубликованное заявление.", "mixed-article");
    review(published, 1, true);
    text = jsonld_text("mixed-article", NULL);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "JSON-LD does not parse: %s", text);
    ck_assert_int_eq(graph_count(doc, "ClaimReview"), 1);
    ck_str_field(graph_node(doc, "ClaimReview", 0), "claimReviewed", "Опубликованное заявление.");
    ck_assert_msg(strstr(text, "Неопубликованное") == NULL, "unpublished text leaked: %s", text);
    json_object_put(doc);
    free(text);

    /* Withdrawn (publish:false): nothing again. */
    review(published, 2, false);
    text = jsonld_text("mixed-article", NULL);
    ck_assert_str_eq(text, "");
    free(text);
}
END_TEST

/* No byte that could end or open an element, no raw U+2028 / U+2029. */
static void assert_script_safe(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        ck_assert_msg(*p != '<' && *p != '>' && *p != '&',
                      "byte '%c' at %td of the JSON-LD", *p, (const char *)p - text);
        ck_assert_msg(!(p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)),
                      "raw U+2028/U+2029 at %td of the JSON-LD", (const char *)p - text);
    }
}

#define HOSTILE "Ложь </script><script>alert(1)</script> & <!-- \xE2\x80\xA8 line \xE2\x80\xA9 para -->"

START_TEST(jsonld_is_safe_inside_a_script_element)
{
    long long id = create_claim(HOSTILE, "hostile-article");
    long long version = add_response(id, "apology", "A & B </script>", "2025-12-05",
                                     "Sorry \xE2\x80\xA8 </SCRIPT> &amp;", NULL);
    review(id, version, true);

    const char *langs[] = {NULL, "ru", "kk", "en"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        char *text = jsonld_text("hostile-article", langs[i]);
        assert_script_safe(text);
        ck_assert_msg(strstr(text, "\\u003c/script\\u003e") != NULL,
                      "expected \\u003c escapes: %s", text);
        json_object *doc = json_tokener_parse(text);
        ck_assert_msg(doc != NULL, "JSON-LD does not parse: %s", text);
        json_object *cr = graph_node(doc, "ClaimReview", 0);
        ck_str_field(cr, "claimReviewed", HOSTILE);
        json_object *corrections = get(graph_node(doc, "Article", 0), "correction");
        const char *t = sget(json_object_array_get_idx(corrections, 0), "text");
        ck_assert_msg(t && strstr(t, "A & B </script>") && strstr(t, "Sorry \xE2\x80\xA8 </SCRIPT> &amp;"),
                      "CorrectionComment text: %s", t ? t : "(absent)");
        json_object_put(doc);
        free(text);
    }
}
END_TEST

/* A long apology is one CorrectionComment with all of its summary: the
   summary may be 5,000 characters (10,000 bytes in Cyrillic). */
START_TEST(jsonld_keeps_a_long_correction_whole)
{
    char summary[8000];
    size_t used = 0;
    /* "!", 3,001 two-byte letters and a tail: 6,007 bytes, cut off by any
       buffer of about 6,000 bytes (and, with this "!", inside a letter). */
    summary[used++] = '!';
    for (int i = 0; i < 3001; i++) {
        memcpy(summary + used, "ж", 2);
        used += 2;
    }
    memcpy(summary + used, " END", 5);

    long long id = create_claim("Длинное извинение.", "long-apology");
    long long version = add_response(id, "apology", CLAIMANT_NAME, "2025-12-22", summary, NULL);
    review(id, version, true);
    char *text = jsonld_text("long-apology", NULL);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "JSON-LD does not parse (%zu bytes)", strlen(text));
    json_object *corrections = get(graph_node(doc, "Article", 0), "correction");
    const char *t = sget(json_object_array_get_idx(corrections, 0), "text");
    ck_assert_msg(t != NULL, "no CorrectionComment text");
    ck_assert_msg(utf8_valid(text), "the JSON-LD is not valid UTF-8 (%zu bytes)", strlen(text));
    ck_assert_msg(strstr(t, summary) != NULL,
                  "CorrectionComment text is cut: %zu bytes, ends \"...%s\"", strlen(t),
                  strlen(t) > 12 ? t + strlen(t) - 12 : t);
    json_object_put(doc);
    free(text);
}
END_TEST

/* ---- the DataFeed ----------------------------------------------------------------- */

/* GET /feeds/claimreview as role: the parsed DataFeed (owned by caller). */
static json_object *feed(const char *role, const char *query)
{
    th_resp r = th_call("GET", "/feeds/claimreview", role, query, NULL);
    ck_assert_msg(r.status == 200, "GET /feeds/claimreview as %s: %d %s", role ? role : "nobody",
                  r.status, json_object_to_json_string(r.body));
    ck_assert_str_eq(content_type(&r), "application/ld+json");
    json_object *doc;
    if (json_object_is_type(r.body, json_type_string)) {
        assert_script_safe(json_object_get_string(r.body));
        doc = json_tokener_parse(json_object_get_string(r.body));
    } else {
        doc = json_object_get(r.body);
    }
    th_free(&r);
    ck_assert_msg(doc != NULL, "feed does not parse");
    return doc;
}

START_TEST(feed_lists_published_reviews_newest_first)
{
    long long first = create_claim("Первое опубликованное заявление.", "feed-a");
    long long hidden = create_claim("Заявление без вердикта.", "feed-b");
    long long second = create_claim("Второе опубликованное заявление.", "feed-c");
    long long withdrawn = create_claim("Снятое с публикации заявление.", "feed-d");
    review(first, 1, true);
    review(second, 1, true);
    review(withdrawn, 1, true);
    review(withdrawn, 2, false);
    (void)hidden;

    const char *roles[] = {NULL, "reader", "editor"};
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
        json_object *doc = feed(roles[k], NULL);
        ck_str_field(doc, "@context", "https://schema.org");
        ck_str_field(doc, "@type", "DataFeed");
        ck_str_field(doc, "name", "Factcheck.kz");
        json_object *elements = get(doc, "dataFeedElement");
        ck_assert_msg(json_object_is_type(elements, json_type_array), "dataFeedElement: %s",
                      json_object_to_json_string(doc));
        ck_assert_msg(json_object_array_length(elements) == 2, "expected 2 reviews: %s",
                      json_object_to_json_string(elements));
        json_object *newest = json_object_array_get_idx(elements, 0);
        json_object *older = json_object_array_get_idx(elements, 1);
        char url[96];
        ck_str_field(newest, "@type", "ClaimReview");
        ck_str_field(older, "@type", "ClaimReview");
        ck_str_field(newest, "claimReviewed", "Второе опубликованное заявление.");
        ck_str_field(older, "claimReviewed", "Первое опубликованное заявление.");
        snprintf(url, sizeof url, "https://factcheck.kz/claims/%lld", second);
        ck_str_field(newest, "url", url);
        snprintf(url, sizeof url, "https://factcheck.kz/claims/%lld", first);
        ck_str_field(older, "url", url);
        ck_str_field(get(newest, "reviewRating"), "alternateName", "Ложь");
        ck_assert_int_eq(json_object_get_int(get(get(newest, "reviewRating"), "ratingValue")), 1);
        ck_str_field(get(get(newest, "itemReviewed"), "author"), "name", CLAIMANT_NAME);
        json_object_put(doc);
    }

    json_object *doc = feed("reader", "{\"limit\":\"1\"}");
    json_object *elements = get(doc, "dataFeedElement");
    ck_assert_int_eq(json_object_array_length(elements), 1);
    ck_str_field(json_object_array_get_idx(elements, 0), "claimReviewed",
                 "Второе опубликованное заявление.");
    json_object_put(doc);
}
END_TEST

START_TEST(feed_of_an_empty_desk_is_an_empty_datafeed)
{
    json_object *doc = feed(NULL, NULL);
    ck_str_field(doc, "@type", "DataFeed");
    json_object *elements = get(doc, "dataFeedElement");
    ck_assert_msg(json_object_is_type(elements, json_type_array), "dataFeedElement: %s",
                  json_object_to_json_string(doc));
    ck_assert_int_eq(json_object_array_length(elements), 0);
    json_object_put(doc);
}
END_TEST

/* ---- import --------------------------------------------------------------------- */

#define AFP_URL "https://factcheck.afp.com/doc.afp.com.caracas"

/* A complete ClaimReview as AFP publishes it. */
static json_object *claim_review(const char *url, const char *claim_text)
{
    json_object *r = json_tokener_parse(
        "{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\","
        "\"author\":{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\","
        "            \"url\":\"https://factcheck.afp.com\"},"
        "\"datePublished\":\"2025-12-03\","
        "\"reviewRating\":{\"@type\":\"Rating\",\"ratingValue\":1,\"bestRating\":5,"
        "                  \"worstRating\":1,\"alternateName\":\"False\"},"
        "\"itemReviewed\":{\"@type\":\"Claim\","
        "  \"author\":{\"@type\":\"Person\",\"name\":\"Talgat Ergaliev\",\"jobTitle\":\"deputy\"},"
        "  \"datePublished\":\"2025-12-01\","
        "  \"firstAppearance\":{\"@type\":\"CreativeWork\","
        "                       \"url\":\"https://www.youtube.com/watch?v=abc\"}}}");
    json_object_object_add(r, "url", json_object_new_string(url));
    json_object_object_add(r, "claimReviewed", json_object_new_string(claim_text));
    return r;
}

static th_resp import_doc(const char *role, json_object *doc)
{
    return th_call("POST", "/import/claimreview", role, NULL, text_of(doc));
}

/* GET /claims/{id} as an editor. */
static th_resp claim_as_editor(long long id)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld", id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_msg(r.status == 200, "GET %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    return r;
}

static void assert_date_prefix(const th_resp *r, const char *path, const char *date)
{
    const char *got = th_str(r, path);
    ck_assert_msg(strncmp(got, date, strlen(date)) == 0, "%s: expected %s..., got %s",
                  path, date, got);
}

START_TEST(import_one_review)
{
    long long before = rows_total();
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_msg(r.status == 201, "import: %d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 1);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 0);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), AFP_URL);
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 1);
    th_free(&r);
    ck_assert_int_gt(rows_total(), before);

    r = claim_as_editor(1);
    ck_assert_str_eq(th_str(&r, "text"), "Astana is as dangerous as Caracas");
    ck_assert_str_eq(th_str(&r, "status"), "disputed");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Talgat Ergaliev");
    ck_assert_str_eq(th_str(&r, "claimant/role"), "deputy");
    assert_date_prefix(&r, "said_at", "2025-12-01");
    ck_assert_str_eq(th_str(&r, "source_url"), "https://www.youtube.com/watch?v=abc");
    ck_assert_str_eq(th_str(&r, "language"), "en");          /* the desk's default */
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 1);
    ck_assert_str_eq(th_str(&r, "responses/0/kind"), "rebuttal");
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "AFP Fact Check");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), AFP_URL);
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: False (1/5)");
    assert_date_prefix(&r, "responses/0/issued_at", "2025-12-03");
    th_free(&r);

    /* Imported claims are not published: readers do not see them. */
    r = th_call("GET", "/claims/1", "reader", NULL, NULL);
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
}
END_TEST

START_TEST(import_is_idempotent_on_the_review_url)
{
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    long long before = rows_total();

    /* Again, even with another text: nothing is recorded twice. */
    r = import_doc("moderator", claim_review(AFP_URL, "Astana is like Caracas"));
    ck_assert_msg(r.status == 200, "re-import: %d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 1);
    ck_assert_str_eq(th_str(&r, "existing/0/url"), AFP_URL);
    ck_assert_int_eq(th_int(&r, "existing/0/claim_id"), 1);
    th_free(&r);
    ck_assert_int_eq(rows_total(), before);

    r = claim_as_editor(1);
    ck_assert_str_eq(th_str(&r, "text"), "Astana is as dangerous as Caracas");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 1);
    th_free(&r);

    /* One new and one known in a feed: 201, each in its list. */
    json_object *doc = json_object_new_object(), *list = json_object_new_array();
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@type", json_object_new_string("DataFeed"));
    json_object_array_add(list, claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/other", "Other claim"));
    json_object_object_add(doc, "dataFeedElement", list);
    r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "mixed import: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 1);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), "https://factcheck.afp.com/other");
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 2);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 1);
    ck_assert_int_eq(th_int(&r, "existing/0/claim_id"), 1);
    th_free(&r);
}
END_TEST

START_TEST(import_needs_an_editor)
{
    long long before = rows_total();
    const char *roles[] = {"reader", NULL};
    for (size_t i = 0; i < 2; i++) {
        th_resp r = import_doc(roles[i], claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
        ck_assert_msg(r.status == 403, "import as %s: %d %s", roles[i] ? roles[i] : "nobody",
                      r.status, json_object_to_json_string(r.body));
        ck_assert_str_eq(th_error_code(&r), "forbidden");
        th_free(&r);
    }
    ck_assert_int_eq(rows_total(), before);
}
END_TEST

START_TEST(import_a_list_of_reviews)
{
    json_object *list = json_object_new_array();
    json_object_array_add(list, claim_review("https://factcheck.afp.com/one", "Claim one"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/two", "Claim two"));
    th_resp r = import_doc("editor", list);
    ck_assert_msg(r.status == 201, "import of a list: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), "https://factcheck.afp.com/one");
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 1);
    ck_assert_str_eq(th_str(&r, "imported/1/url"), "https://factcheck.afp.com/two");
    ck_assert_int_eq(th_int(&r, "imported/1/claim_id"), 2);
    th_free(&r);
    r = claim_as_editor(2);
    ck_assert_str_eq(th_str(&r, "text"), "Claim two");
    th_free(&r);
}
END_TEST

START_TEST(import_a_datafeed)
{
    json_object *doc = json_object_new_object(), *list = json_object_new_array();
    json_object *wrapper = json_object_new_object();

    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@type", json_object_new_string("DataFeed"));
    json_object_object_add(doc, "name", json_object_new_string("AFP Fact Check feed"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/one", "Claim one"));
    json_object_object_add(wrapper, "@type", json_object_new_string("DataFeedItem"));
    json_object_object_add(wrapper, "dateCreated", json_object_new_string("2025-12-03"));
    json_object_object_add(wrapper, "item",
                           claim_review("https://factcheck.afp.com/two", "Claim two"));
    json_object_array_add(list, wrapper);
    json_object_object_add(doc, "dataFeedElement", list);

    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "import of a DataFeed: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 1);
    ck_assert_str_eq(th_str(&r, "imported/1/url"), "https://factcheck.afp.com/two");
    ck_assert_int_eq(th_int(&r, "imported/1/claim_id"), 2);
    th_free(&r);
    r = claim_as_editor(2);
    ck_assert_str_eq(th_str(&r, "text"), "Claim two");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://factcheck.afp.com/two");
    th_free(&r);
}
END_TEST

static json_object *datafeed(json_object *items);

/* Google's feed shape: DataFeedItem.item is a list of Claims, each
   carrying its reviews; each review then reviews that Claim. */
START_TEST(import_a_google_style_datafeed)
{
    json_object *claim = json_tokener_parse(
        "{\"@type\":\"Claim\",\"author\":{\"@type\":\"Person\",\"name\":\"Талгат Ергалиев\"},"
        "\"datePublished\":\"2025-12-01\",\"appearance\":[{\"@type\":\"CreativeWork\","
        "\"url\":\"https://example.kz/maslikhat\"}]}");
    json_object *review = claim_review("https://factcheck.afp.com/google-shape", "Как в Каракасе");
    json_object_object_del(review, "itemReviewed");
    json_object *reviews = json_object_new_array();
    json_object_array_add(reviews, review);
    json_object_object_add(claim, "review", reviews);
    json_object *items = json_object_new_array(), *wrapper = json_object_new_object();
    json_object_array_add(items, claim);
    json_object_object_add(wrapper, "@type", json_object_new_string("DataFeedItem"));
    json_object_object_add(wrapper, "item", items);
    json_object *list = json_object_new_array();
    json_object_array_add(list, wrapper);

    th_resp r = import_doc("editor", datafeed(list));     /* import_doc drops it */
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    long long id = th_int(&r, "imported/0/claim_id");
    th_free(&r);
    r = claim_as_editor(id);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Талгат Ергалиев");
    ck_assert_str_eq(th_str(&r, "source_url"), "https://example.kz/maslikhat");
    th_free(&r);
}
END_TEST

/* Import one review (it must be accepted) and return the new claim. */
static th_resp import_and_get(json_object *review_doc)
{
    th_resp r = import_doc("editor", review_doc);
    ck_assert_msg(r.status == 201, "import: %d %s", r.status, json_object_to_json_string(r.body));
    long long id = th_int(&r, "imported/0/claim_id");
    th_free(&r);
    return claim_as_editor(id);
}

static json_object *parse(const char *json)
{
    json_object *o = json_tokener_parse(json);
    ck_assert_msg(o != NULL, "test JSON does not parse: %s", json);
    return o;
}

START_TEST(import_shapes_seen_in_real_feeds)
{
    json_object *doc;
    th_resp r;

    /* ratingValue as text, bestRating as text, author as a plain string. */
    doc = claim_review("https://stopfake.org/a", "Text rating");
    json_object_object_add(doc, "reviewRating",
        parse("{\"@type\":\"Rating\",\"ratingValue\":\"1\",\"bestRating\":\"5\","
              "\"alternateName\":\"False\"}"));
    json_object_object_add(doc, "author", json_object_new_string("StopFake"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "StopFake");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "StopFake: False (1/5)");
    th_free(&r);

    /* A long text ratingValue (here Cyrillic, which a byte cut would break)
       is left out of the summary instead of failing the import. */
    doc = claim_review("https://stopfake.org/long-value", "Long rating value");
    json_object_object_add(doc, "reviewRating",
        parse("{\"@type\":\"Rating\",\"ratingValue\":\"xабвгдежзийклмнопрст\","
              "\"alternateName\":\"Ложь\"}"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: Ложь");
    th_free(&r);

    /* No itemReviewed: claimant "Unknown", said when the review was published. */
    doc = claim_review("https://stopfake.org/b", "No item reviewed");
    json_object_object_del(doc, "itemReviewed");
    json_object_object_add(doc, "datePublished", json_object_new_string("2025-11-30T08:00:00Z"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Unknown");
    assert_date_prefix(&r, "said_at", "2025-11-30T08:00:00");
    assert_date_prefix(&r, "responses/0/issued_at", "2025-11-30T08:00:00");
    ck_assert_msg(th_get(&r, "source_url") == NULL ||
                  json_object_is_type(th_get(&r, "source_url"), json_type_null),
                  "source_url: %s", th_str(&r, "source_url"));
    th_free(&r);

    /* itemReviewed.author as a plain string. */
    doc = claim_review("https://stopfake.org/c", "Author as text");
    json_object_object_add(json_object_object_get(doc, "itemReviewed"), "author",
                           json_object_new_string("Иван Иванов"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Иван Иванов");
    th_free(&r);

    /* Several appearances as objects, no firstAppearance: the first one. */
    doc = claim_review("https://stopfake.org/d", "Appearances as objects");
    json_object *item = json_object_object_get(doc, "itemReviewed");
    json_object_object_del(item, "firstAppearance");
    json_object_object_add(item, "appearance",
        parse("[{\"@type\":\"CreativeWork\",\"url\":\"https://t.me/channel/1\"},"
              " {\"@type\":\"CreativeWork\",\"url\":\"https://vk.com/wall-1_2\"}]"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://t.me/channel/1");
    th_free(&r);

    /* Appearances as bare url strings. */
    doc = claim_review("https://stopfake.org/e", "Appearances as strings");
    item = json_object_object_get(doc, "itemReviewed");
    json_object_object_del(item, "firstAppearance");
    json_object_object_add(item, "appearance",
        parse("[\"https://t.me/channel/7\",\"https://vk.com/wall-1_9\"]"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://t.me/channel/7");
    th_free(&r);

    /* One appearance object (not a list). */
    doc = claim_review("https://stopfake.org/e2", "Appearance as one object");
    item = json_object_object_get(doc, "itemReviewed");
    json_object_object_del(item, "firstAppearance");
    json_object_object_add(item, "appearance",
        parse("{\"@type\":\"CreativeWork\",\"url\":\"https://t.me/channel/8\"}"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://t.me/channel/8");
    th_free(&r);

    /* firstAppearance wins over appearance. */
    doc = claim_review("https://stopfake.org/f", "First appearance wins");
    json_object_object_add(json_object_object_get(doc, "itemReviewed"), "appearance",
        parse("[\"https://t.me/channel/2\"]"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://www.youtube.com/watch?v=abc");
    th_free(&r);

    /* inLanguage "ru", and as a Language object. */
    doc = claim_review("https://factcheck.kz/ru/1", "Заявление на русском");
    json_object_object_add(doc, "inLanguage", json_object_new_string("ru"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "language"), "ru");
    th_free(&r);
    doc = claim_review("https://factcheck.kz/kk/1", "Қазақша мәлімдеме");
    json_object_object_add(doc, "inLanguage",
        parse("{\"@type\":\"Language\",\"name\":\"Kazakh\",\"alternateName\":\"kk\"}"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "language"), "kk");
    th_free(&r);

    /* @type as a list holding ClaimReview. */
    doc = claim_review("https://stopfake.org/g", "Type as a list");
    json_object_object_add(doc, "@type", parse("[\"ClaimReview\",\"CreativeWork\"]"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "text"), "Type as a list");
    th_free(&r);
}
END_TEST

/* A DataFeed of the given items (taken). */
static json_object *datafeed(json_object *items)
{
    json_object *doc = json_object_new_object();
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@type", json_object_new_string("DataFeed"));
    json_object_object_add(doc, "dataFeedElement", items);
    return doc;
}

static void expect_refused(json_object *doc, const char *code, const char *field)
{
    long long before = rows_total();
    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), code) == 0 &&
                  (field == NULL || strcmp(th_error_field(&r), field) == 0),
                  "expected 400 %s %s, got %d %s", code, field ? field : "",
                  r.status, json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(rows_total(), before);
}

START_TEST(import_refuses_bad_reviews_and_names_them)
{
    json_object *doc;

    doc = claim_review(AFP_URL, "No url");
    json_object_object_del(doc, "url");
    expect_refused(doc, "missing_field", "items.0.url");

    doc = claim_review("javascript:alert(1)", "Script url");
    expect_refused(doc, "invalid_url", "items.0.url");

    doc = claim_review(AFP_URL, "No claim");
    json_object_object_del(doc, "claimReviewed");
    expect_refused(doc, "missing_field", "items.0.claimReviewed");

    doc = claim_review(AFP_URL, "Bad appearance");
    json_object_object_add(json_object_object_get(doc, "itemReviewed"), "firstAppearance",
                           json_object_new_string("javascript:alert(1)"));
    expect_refused(doc, "invalid_url", "items.0.itemReviewed.firstAppearance");

    doc = claim_review(AFP_URL, "Bad date");
    json_object_object_add(json_object_object_get(doc, "itemReviewed"), "datePublished",
                           json_object_new_string("2025-02-30"));
    expect_refused(doc, "invalid_date", "items.0.itemReviewed.datePublished");

    /* The second item of a feed is not a ClaimReview. */
    json_object *list = json_object_new_array();
    json_object_array_add(list, claim_review("https://factcheck.afp.com/ok", "Fine"));
    json_object_array_add(list, parse("{\"@type\":\"Review\",\"url\":\"https://example.org/r\","
                                      "\"claimReviewed\":\"x\"}"));
    expect_refused(datafeed(list), "invalid_value", "items.1");

    /* Nothing that could be a review. */
    expect_refused(parse("{\"@type\":\"DataFeed\",\"dataFeedElement\":[]}"), "out_of_range", NULL);
    expect_refused(parse("{\"@type\":\"DataFeed\"}"), "invalid_value", NULL);
}
END_TEST

/* "@type":[null, "ClaimReview"]: either read as a ClaimReview (the list holds
   one) or refused naming the item; never a crash of the host. */
START_TEST(import_survives_a_null_in_type)
{
    json_object *doc = claim_review(AFP_URL, "Null in type");
    json_object_object_add(doc, "@type", parse("[null,\"ClaimReview\"]"));
    long long before = rows_total();
    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201 || (r.status == 400 && strcmp(th_error_field(&r), "items.0") == 0),
                  "@type [null, ClaimReview]: %d %s", r.status, json_object_to_json_string(r.body));
    if (r.status == 400)
        ck_assert_int_eq(rows_total(), before);
    th_free(&r);
}
END_TEST

/* An upper-case scheme passes the URL check (schemes are case-insensitive):
   the review is then imported or refused as input, never a 500. */
START_TEST(import_of_an_upper_case_scheme_is_not_a_500)
{
    long long before = rows_total();
    th_resp r = import_doc("editor", claim_review("HTTPS://FACTCHECK.AFP.COM/UPPER", "Upper"));
    ck_assert_msg(r.status == 201 ||
                  (r.status == 400 && strcmp(th_error_code(&r), "invalid_url") == 0 &&
                   strcmp(th_error_field(&r), "items.0.url") == 0),
                  "review url HTTPS://...: %d %s", r.status, json_object_to_json_string(r.body));
    if (r.status != 201)
        ck_assert_int_eq(rows_total(), before);
    th_free(&r);
}
END_TEST

START_TEST(a_bad_item_imports_nothing_of_its_batch)
{
    json_object *list = json_object_new_array();
    json_object_array_add(list, claim_review("https://factcheck.afp.com/0", "Item zero"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/1", "Item one"));
    json_object *bad = claim_review("https://factcheck.afp.com/2", "Item two");
    json_object_object_del(bad, "claimReviewed");
    json_object_array_add(list, bad);
    expect_refused(datafeed(list), "missing_field", "items.2.claimReviewed");

    /* Items 0 and 1 were not recorded: importing them now creates claims 1 and 2. */
    list = json_object_new_array();
    json_object_array_add(list, claim_review("https://factcheck.afp.com/0", "Item zero"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/1", "Item one"));
    th_resp r = import_doc("editor", datafeed(list));
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 0);
    th_free(&r);
}
END_TEST

START_TEST(a_bad_item_in_a_list_imports_nothing)
{
    json_object *list = json_object_new_array();
    json_object_array_add(list, claim_review("https://factcheck.afp.com/0", "Item zero"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/1", "Item one"));
    json_object *bad = claim_review("https://factcheck.afp.com/2", "Item two");
    json_object_object_add(bad, "url", json_object_new_string("javascript:alert(2)"));
    json_object_array_add(list, bad);
    expect_refused(list, "invalid_url", "items.2.url");
}
END_TEST

static json_object *many_reviews(int n)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < n; i++) {
        char url[96], text[64];
        snprintf(url, sizeof url, "https://factcheck.afp.com/bulk/%d", i);
        snprintf(text, sizeof text, "Bulk claim %d", i);
        json_object_array_add(list, claim_review(url, text));
    }
    return datafeed(list);
}

START_TEST(import_takes_at_most_500_reviews)
{
    expect_refused(many_reviews(501), "out_of_range", NULL);

    th_resp r = import_doc("editor", many_reviews(500));
    ck_assert_msg(r.status == 201, "500 reviews: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 500);
    ck_assert_int_eq(th_int(&r, "imported/499/claim_id"), 500);
    th_free(&r);
}
END_TEST

/* A long headline may be shortened, but the rating stays in the summary
   (claimreview_import.c: "cut inside a character: keep the rating only"). */
START_TEST(import_keeps_the_rating_of_a_long_headline)
{
    char headline[1200];
    size_t used = 0;
    for (int i = 0; i < 500; i++) {     /* 500 characters: the limit of "name" */
        memcpy(headline + used, "ж", 2);
        used += 2;
    }
    headline[used] = '\0';
    json_object *doc = claim_review(AFP_URL, "Long headline");
    /* "AFP Fact Checks: False (1/5). " is 30 bytes: 1,030 in all, and a cut
       at about 1,000 bytes lands inside a letter. */
    json_object_object_add(doc, "author", json_object_new_string("AFP Fact Checks"));
    json_object_object_add(doc, "name", json_object_new_string(headline));
    th_resp r = import_and_get(doc);
    const char *summary = th_str(&r, "responses/0/summary");
    ck_assert_msg(utf8_valid(summary), "summary is not valid UTF-8");
    ck_assert_msg(strncmp(summary, "AFP Fact Checks: False (1/5)", 28) == 0,
                  "the rating was dropped from the summary: \"%.60s\"", summary);
    th_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claimreview");
    TCase *out = tcase_create("jsonld");
    TCase *in = tcase_create("import");

    tcase_add_checked_fixture(out, setup_publisher, th_teardown);
    tcase_set_timeout(out, 120);
    tcase_add_test(out, jsonld_of_a_published_claim);
    tcase_add_test(out, jsonld_leaves_out_unpublished_claims);
    tcase_add_test(out, jsonld_is_safe_inside_a_script_element);
    tcase_add_test(out, jsonld_keeps_a_long_correction_whole);
    tcase_add_test(out, feed_lists_published_reviews_newest_first);
    tcase_add_test(out, feed_of_an_empty_desk_is_an_empty_datafeed);
    suite_add_tcase(s, out);

    tcase_add_checked_fixture(in, setup_publisher_en, th_teardown);
    tcase_set_timeout(in, 120);
    tcase_add_test(in, import_one_review);
    tcase_add_test(in, import_is_idempotent_on_the_review_url);
    tcase_add_test(in, import_needs_an_editor);
    tcase_add_test(in, import_a_list_of_reviews);
    tcase_add_test(in, import_a_datafeed);
    tcase_add_test(in, import_a_google_style_datafeed);
    tcase_add_test(in, import_shapes_seen_in_real_feeds);
    tcase_add_test(in, import_refuses_bad_reviews_and_names_them);
    tcase_add_test(in, import_survives_a_null_in_type);
    tcase_add_test(in, import_of_an_upper_case_scheme_is_not_a_500);
    tcase_add_test(in, a_bad_item_imports_nothing_of_its_batch);
    tcase_add_test(in, a_bad_item_in_a_list_imports_nothing);
    tcase_add_test(in, import_takes_at_most_500_reviews);
    tcase_add_test(in, import_keeps_the_rating_of_a_long_headline);
    suite_add_tcase(s, in);
    return th_run_suite(s);
}
