/*
 * test_claimreview.c -- src/render/claimreview.c
 * through the plugin: schema.org ClaimReview out and in.
 *
 * Out: GET /articles/{id}/notices?format=jsonld (a ClaimReview per
 * published claim with rating, review url from publisher.claim_url, the
 * publisher as author, the Claim with its author, date and appearances,
 * and an Article carrying a CorrectionComment per correction, retraction
 * or apology), made safe for a <script> element; nothing for unpublished
 * claims; GET /feeds/claimreview as a DataFeed of published reviews,
 * newest first. (In: POST /import/claimreview, see test_claimreview_import.c.)
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

/* The nth node of the top-level JSON-LD array with the given @type
   (borrowed from doc); each node carries its own @context. "Article" is
   the untyped node that attaches corrections to the host's Article by @id. */
static json_object *graph_node(json_object *doc, const char *type, int nth)
{
    bool article = strcmp(type, "Article") == 0;
    ck_assert_msg(json_object_is_type(doc, json_type_array), "not a top-level array");
    for (size_t i = 0; i < json_object_array_length(doc); i++) {
        json_object *node = json_object_array_get_idx(doc, i);
        const char *t = sget(node, "@type");
        ck_str_field(node, "@context", "https://schema.org");
        bool match = article ? t == NULL && get(node, "@id") && get(node, "correction")
                             : t && strcmp(t, type) == 0;
        if (match && nth-- == 0)
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
    ck_assert_int_eq(json_object_array_length(doc), 2);        /* the review, the corrections */
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
    ck_assert_msg(article != NULL, "no corrections node: %s", text);
    ck_str_field(article, "@id", ARTICLE_URL);          /* merges into the CMS's Article */
    ck_str_field(article, "url", ARTICLE_URL);
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

/* Tag claim in article at url; returns the claim's version after it. */
static long long tag_in(long long claim, const char *article, const char *url)
{
    char path[64], body[512];
    snprintf(path, sizeof path, "/claims/%lld/mentions", claim);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"url\":\"%s\","
             "\"quote\":{\"exact\":\"как в Каракасе\"}}", article, url);
    th_resp r = th_call("POST", path, "editor", NULL, body);
    ck_assert_msg(r.status == 201, "POST %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    long long version = th_int(&r, "version");
    th_free(&r);
    return version;
}

/* Without a source_url, the Claim's first appearance is the article it was
   first tagged in, and its appearances come in the order they were first
   tagged, never in the order of their urls (which named a later article
   as the place the claim first appeared). */
START_TEST(jsonld_first_appearance_is_the_first_article_tagged)
{
    th_resp r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"Криминогенная обстановка в Астане как в Каракасе.\","
        "\"claimant\":{\"name\":\"Талгат Ергалиев\"},\"said_at\":\"2025-12-01\","
        "\"language\":\"ru\",\"article\":{\"id\":\"zeta-first\","
        "\"url\":\"https://zeta.example.kz/2025/12/01/first\","
        "\"quote\":{\"exact\":\"как в Каракасе\"}}}");
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "id");
    th_free(&r);
    tag_in(id, "alpha-later", "https://alpha.example.kz/2025/12/20/later");
    tag_in(id, "mid-latest", "https://mid.example.kz/2025/12/30/latest");
    long long version = tag_in(id, "zeta-again", "https://zeta.example.kz/2025/12/01/first");
    review(id, version, true);

    char *text = jsonld_text("alpha-later", NULL);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "JSON-LD does not parse: %s", text);
    json_object *item = get(graph_node(doc, "ClaimReview", 0), "itemReviewed");
    ck_str_field(get(item, "firstAppearance"), "url", "https://zeta.example.kz/2025/12/01/first");
    json_object *appearance = get(item, "appearance");
    ck_assert_int_eq(json_object_array_length(appearance), 3);
    ck_str_field(json_object_array_get_idx(appearance, 0), "url",
                 "https://zeta.example.kz/2025/12/01/first");
    ck_str_field(json_object_array_get_idx(appearance, 1), "url",
                 "https://alpha.example.kz/2025/12/20/later");
    ck_str_field(json_object_array_get_idx(appearance, 2), "url",
                 "https://mid.example.kz/2025/12/30/latest");
    json_object_put(doc);
    free(text);
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
    /* a string ready for <script>, like the notices' JSON-LD */
    ck_assert_msg(json_object_is_type(r.body, json_type_string), "the feed is not a string");
    assert_script_safe(json_object_get_string(r.body));
    json_object *doc = json_tokener_parse(json_object_get_string(r.body));
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

/* A verdict revised on the older of two published claims is the feed's last
   change: dateModified is that claim's updated_at, not the newer claim's
   publication. */
START_TEST(feed_date_modified_is_its_last_change)
{
    long long older = create_claim("Заявление, вердикт которого пересмотрен.", "feed-revised");
    long long newer = create_claim("Заявление, опубликованное позже.", "feed-later");
    review(older, 1, true);
    review(newer, 1, true);

    char path[64], sql[256];
    snprintf(path, sizeof path, "/claims/%lld/review", older);
    th_resp r = th_call("POST", path, "moderator", NULL,
                        "{\"expected_version\":2,\"status\":\"rebutted\","
                        "\"rating\":\"Mostly False\",\"publish\":true}");
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    th_free(&r);

    json_object *doc = feed(NULL, NULL);
    const char *modified = json_object_get_string(get(doc, "dateModified"));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_claims WHERE id = %lld"
             " AND updated_at > (SELECT published_at FROM ct_claims WHERE id = %lld)"
             " AND updated_at = '%s'::timestamptz", older, newer, modified ? modified : "infinity");
    ck_assert_msg(strcmp(th_sql_exec_on(fresh_db, sql), "1") == 0,
                  "dateModified %s is not claim %lld's revision",
                  modified ? modified : "(absent)", older);
    json_object_put(doc);
}
END_TEST

/* The feed doc's dateModified is the instant sql_value (a timestamptz
   query on the test's database) gives. */
#define ck_modified_is(doc, sql_value) do { \
        const char *at_ = sget((doc), "dateModified"); \
        char same_[640]; \
        snprintf(same_, sizeof same_, "SELECT ((%s) = '%s'::timestamptz)::text", (sql_value), \
                 at_ ? at_ : "-infinity"); \
        ck_assert_msg(strcmp(th_sql_exec_on(fresh_db, same_), "true") == 0, \
                      "dateModified %s is not %s", at_ ? at_ : "(absent)", (sql_value)); \
    } while (0)

/* An admin's change of the rating scale, answered with status. */
static void change_scale(const char *method, const char *path, int status, const char *body)
{
    th_resp r = th_call(method, path, "admin", NULL, body);
    ck_assert_msg(r.status == status, "%s %s: %d %s", method, path, r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
}

/* The reviewRating of the feed's first review (borrowed from doc). */
static json_object *first_rating(json_object *doc)
{
    return get(json_object_array_get_idx(get(doc, "dataFeedElement"), 0), "reviewRating");
}

/* A verdict withdrawn is the feed's last change, though its review left
   the list: dateModified went back to the other review's publication, and
   a crawler that fetches again only when dateModified moves kept the
   withdrawn verdict. */
START_TEST(feed_date_modified_moves_when_a_verdict_is_withdrawn)
{
    long long kept = create_claim("Заявление, вердикт которого остаётся.", "feed-kept");
    long long withdrawn = create_claim("Заявление, вердикт которого снят.", "feed-withdrawn");
    char sql[256];
    review(kept, 1, true);
    review(withdrawn, 1, true);
    json_object *doc = feed(NULL, NULL);
    snprintf(sql, sizeof sql, "SELECT published_at FROM ct_claims WHERE id = %lld", withdrawn);
    ck_modified_is(doc, sql);
    json_object_put(doc);

    review(withdrawn, 2, false);
    doc = feed(NULL, NULL);
    ck_assert_int_eq(json_object_array_length(get(doc, "dataFeedElement")), 1);
    snprintf(sql, sizeof sql, "SELECT occurred_at FROM ct_events WHERE claim_id = %lld"
             " AND type = 'unpublished'", withdrawn);
    ck_modified_is(doc, sql);
    json_object_put(doc);
}
END_TEST

/* A listed claim tagged in another article gains an appearance in the
   feed: the feed's dateModified is that mention's. */
START_TEST(feed_date_modified_moves_when_a_claim_appears_in_another_article)
{
    long long claim = create_claim("Заявление, повторённое в другой статье.", "feed-appears");
    review(claim, 1, true);
    (void)tag_in(claim, "feed-appears-again", "https://news.example.kz/2025/12/30/digest");
    char sql[256];

    json_object *doc = feed(NULL, NULL);
    json_object *item = json_object_array_get_idx(get(doc, "dataFeedElement"), 0);
    json_object *appearance = get(get(item, "itemReviewed"), "appearance");
    ck_str_field(json_object_array_get_idx(appearance, json_object_array_length(appearance) - 1),
                 "url", "https://news.example.kz/2025/12/30/digest");
    snprintf(sql, sizeof sql, "SELECT created_at FROM ct_mentions WHERE claim_id = %lld"
             " AND article_id = 'feed-appears-again'", claim);
    ck_modified_is(doc, sql);
    json_object_put(doc);
}
END_TEST

/* A rating added to the scale above the others moves every review's
   bestRating: the feed's dateModified is that change. */
START_TEST(feed_date_modified_moves_when_the_scale_changes)
{
    long long claim = create_claim("Заявление на шкале, которая выросла.", "feed-scale");
    review(claim, 1, true);
    change_scale("POST", "/ratings", 201,
                 "{\"key\":\"Pants on Fire\",\"labels\":{\"en\":\"Pants on Fire\","
                 "\"ru\":\"Наглая ложь\",\"kk\":\"Ашық өтірік\"},\"value\":9,"
                 "\"colour\":\"#8b0000\",\"verdict\":true}");

    json_object *doc = feed(NULL, NULL);
    ck_assert_int_eq(json_object_get_int(get(first_rating(doc), "bestRating")), 9);
    ck_modified_is(doc, "SELECT updated_at FROM ct_ratings WHERE key = 'Pants on Fire'");
    json_object_put(doc);
}
END_TEST

/* A rating reworded changes the words every review of it shows in the
   feed (alternateName): the feed's dateModified is that change. */
START_TEST(feed_date_modified_moves_when_a_rating_is_reworded)
{
    long long claim = create_claim("Заявление, чей вердикт переименован.", "feed-reworded");
    review(claim, 1, true);
    change_scale("PUT", "/ratings/False", 200, "{\"labels\":{\"ru\":\"Неправда\"}}");

    json_object *doc = feed(NULL, NULL);
    ck_str_field(first_rating(doc), "alternateName", "Неправда");
    ck_modified_is(doc, "SELECT updated_at FROM ct_ratings WHERE key = 'False'");
    json_object_put(doc);
}
END_TEST

/* Each verdict of the desk's scale is its own ratingValue on the scale's 1..5. */
START_TEST(each_rating_has_its_value_on_the_scale)
{
    static const struct { const char *rating, *words; int value; } verdicts[] = {
        {"Mostly False", "В основном ложь", 2},
        {"Half True", "Полуправда", 3},
        {"Mostly True", "В основном правда", 4},
    };
    const size_t n = sizeof verdicts / sizeof verdicts[0];
    for (size_t i = 0; i < n; i++) {
        char text[64], path[64], body[256];
        snprintf(text, sizeof text, "Заявление с вердиктом %zu.", i);
        long long claim = create_claim(text, "scale-article");
        snprintf(path, sizeof path, "/claims/%lld/review", claim);
        snprintf(body, sizeof body, "{\"expected_version\":1,\"status\":\"rebutted\","
                 "\"rating\":\"%s\",\"publish\":true}", verdicts[i].rating);
        th_resp r = th_call("POST", path, "moderator", NULL, body);
        ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
        th_free(&r);
    }
    json_object *doc = feed(NULL, NULL);
    json_object *elements = get(doc, "dataFeedElement");
    ck_assert_int_eq(json_object_array_length(elements), n);
    for (size_t i = 0; i < n; i++) {          /* newest first */
        json_object *rating = get(json_object_array_get_idx(elements, n - 1 - i), "reviewRating");
        ck_str_field(rating, "alternateName", verdicts[i].words);
        ck_assert_msg(json_object_get_int(get(rating, "ratingValue")) == verdicts[i].value,
                      "%s: %s", verdicts[i].rating, json_object_to_json_string(rating));
        ck_assert_int_eq(json_object_get_int(get(rating, "bestRating")), 5);
        ck_assert_int_eq(json_object_get_int(get(rating, "worstRating")), 1);
    }
    json_object_put(doc);
}
END_TEST

/* A claim in a language notices are not written in (German, on this
   Russian desk) has its verdict in the desk's words in the feed, as on
   the article's own notices and JSON-LD: "Ложь", never the scale's
   English. */
START_TEST(feed_words_a_claim_in_another_language_as_its_article_does)
{
    th_resp r = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"Die Kriminalität ist wie in Caracas.\",\"claimant\":{\"name\":\"Abgeordneter\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"de\",\"article\":{\"id\":\"feed-de\","
        "\"quote\":{\"exact\":\"wie in Caracas\"}}}");
    ck_assert_int_eq(r.status, 201);
    long long claim = th_int(&r, "id");
    th_free(&r);
    review(claim, 1, true);

    json_object *doc = feed(NULL, NULL);
    json_object *rating = get(json_object_array_get_idx(get(doc, "dataFeedElement"), 0),
                              "reviewRating");
    ck_str_field(rating, "alternateName", "Ложь");
    json_object_put(doc);
    r = th_call("GET", "/articles/feed-de/notices", NULL, NULL, NULL);
    ck_assert_str_eq(th_str(&r, "notices/0/rating_label"), "Ложь");
    th_free(&r);
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
    /* the rating scale, made with the schema, shows in no review */
    ck_assert_msg(sget(doc, "dateModified") == NULL, "dateModified %s of an empty feed",
                  sget(doc, "dateModified"));
    json_object_put(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claimreview");
    TCase *out = tcase_create("jsonld");

    tcase_add_checked_fixture(out, setup_publisher, th_teardown);
    tcase_set_timeout(out, 120);
    tcase_add_test(out, jsonld_of_a_published_claim);
    tcase_add_test(out, jsonld_first_appearance_is_the_first_article_tagged);
    tcase_add_test(out, jsonld_leaves_out_unpublished_claims);
    tcase_add_test(out, jsonld_is_safe_inside_a_script_element);
    tcase_add_test(out, jsonld_keeps_a_long_correction_whole);
    tcase_add_test(out, feed_lists_published_reviews_newest_first);
    tcase_add_test(out, feed_of_an_empty_desk_is_an_empty_datafeed);
    tcase_add_test(out, feed_date_modified_is_its_last_change);
    tcase_add_test(out, feed_date_modified_moves_when_a_verdict_is_withdrawn);
    tcase_add_test(out, feed_date_modified_moves_when_a_rating_is_reworded);
    tcase_add_test(out, feed_date_modified_moves_when_a_claim_appears_in_another_article);
    tcase_add_test(out, feed_date_modified_moves_when_the_scale_changes);
    tcase_add_test(out, feed_words_a_claim_in_another_language_as_its_article_does);
    tcase_add_test(out, each_rating_has_its_value_on_the_scale);
    suite_add_tcase(s, out);
    return th_run_suite(s);
}
