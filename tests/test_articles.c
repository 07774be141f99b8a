/*
 * test_articles.c -- src/domain/articles.c through the plugin: POST
 * /articles/{id}/anchor finds each mention again in the article's current
 * text (offsets in code points), stores where it moved, writes nothing
 * when nothing changed, and reports a deleted quote as orphaned, which
 * puts the claim back in the review queue until the quote returns.
 */
#include <stdio.h>
#include <stdbool.h>
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
    return th_anchor(ARTICLE, text);
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
    /* anchoring the same text again writes nothing, in any table */
    long long before = th_rows_total();
    r = anchor(article_text);
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
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

/* ---- the cases that used to guess, through the API ---------------------- */

/* POST /claims for article `article` with a mention {exact, prefix, suffix,
   position?}; returns the claim id. */
static long long claim_with_mention(const char *article, const char *exact, const char *prefix,
                                    const char *suffix, long start, long end)
{
    json_object *body = json_object_new_object(), *claimant = json_object_new_object();
    json_object *mention = json_object_new_object(), *quote = json_object_new_object();

    json_object_object_add(body, "text", json_object_new_string(exact));
    json_object_object_add(claimant, "name", json_object_new_string("Тестовый спикер"));
    json_object_object_add(body, "claimant", claimant);
    json_object_object_add(body, "said_at", json_object_new_string("2025-12-01"));
    json_object_object_add(body, "language", json_object_new_string("ru"));
    json_object_object_add(quote, "exact", json_object_new_string(exact));
    json_object_object_add(quote, "prefix", json_object_new_string(prefix));
    json_object_object_add(quote, "suffix", json_object_new_string(suffix));
    json_object_object_add(mention, "id", json_object_new_string(article));
    json_object_object_add(mention, "quote", quote);
    if (start >= 0) {
        json_object *position = json_object_new_object();
        json_object_object_add(position, "start", json_object_new_int64(start));
        json_object_object_add(position, "end", json_object_new_int64(end));
        json_object_object_add(mention, "position", position);
    }
    json_object_object_add(body, "article", mention);
    th_resp r = th_call("POST", "/claims", "editor", NULL, json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_msg(r.status == 201, "claim: %d %s", r.status, json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}


/* Publish claim id with a verdict, so that it leaves the review queue. */
static void publish(long long id)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%lld/review", id);
    snprintf(body, sizeof body, "{\"expected_version\":1,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}");
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

/* True when claim id is in the review queue. */
static bool in_queue(long long id)
{
    th_resp r = th_call("GET", "/review-queue", "moderator", NULL, NULL);
    bool found = false;
    for (size_t i = 0; i < json_object_array_length(r.body); i++)
        found = found || json_object_get_int64(json_object_object_get(
                             json_object_array_get_idx(r.body, i), "id")) == id;
    th_free(&r);
    return found;
}

#define ASTANA "Начальник полиции Астаны заявил, что уровень преступности снизился на 12 процентов."
#define ALMATY "Начальник полиции Алматы заявил, что уровень преступности снизился на 12 процентов."

START_TEST(lookalike_paragraph_deleted_is_orphaned_and_reviewed)
{
    /* Prefix and suffix as a browser takes them: 32 code points each side. */
    const char *original = "Сводка.\n\n" ASTANA "\n\n" ALMATY "\n\nЭксперты молчат.";
    const char *edited = "Сводка.\n\n" ASTANA "\n\nЭксперты молчат.";
    long start = code_points(original, (size_t)(strstr(original, ALMATY) - original));
    long long id = claim_with_mention("lookalike", ALMATY, "о на 12 процентов.\n\n",
                                      "\n\nЭксперты молчат.", start,
                                      start + code_points(ALMATY, strlen(ALMATY)));
    th_resp r = th_anchor("lookalike", original);
    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "exact");
    th_free(&r);
    publish(id);
    ck_assert(!in_queue(id));

    r = th_anchor("lookalike", edited);
    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "orphaned");
    ck_assert_str_eq(th_str(&r, "mentions/0/status"), "orphaned");
    ck_assert_str_eq(th_str(&r, "mentions/0/refused"), "context_changed");
    ck_assert_ptr_null(th_get(&r, "mentions/0/start"));
    th_free(&r);
    ck_assert(in_queue(id));
}
END_TEST

START_TEST(one_character_next_to_the_quote_through_the_api)
{
    const char *text = "we had everything before us, we had nothing, before us, we were all going";
    claim_with_mention("dickens", "before us", "we had nothing ", "", 44, 53);
    th_resp r = th_anchor("dickens", text);

    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "context");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), 45);
    ck_assert_int_eq(th_int(&r, "mentions/0/end"), 54);
    ck_assert_int_eq(th_int(&r, "mentions/0/errors"), 0);
    ck_assert_double_eq_tol(json_object_get_double(th_get(&r, "mentions/0/prefix_score")),
                            0.9333, 1e-9);
    th_free(&r);
}
END_TEST

START_TEST(no_break_spaces_and_decomposed_letters_through_the_api)
{
    /* в 3 раза with U+00A0, and й as и + U+0306 */
    const char *text = "Число краж выросло в\xC2\xA0" "3\xC2\xA0раза. Депутат сказал: мои\xCC\x86 город.";
    claim_with_mention("typography", "в 3 раза", "", "", -1, -1);
    claim_with_mention("typography", "мой город", "", "", -1, -1);
    th_resp r = th_anchor("typography", text);

    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), 19);
    ck_assert_int_eq(th_int(&r, "mentions/0/end"), 27);
    ck_assert_str_eq(th_str(&r, "mentions/1/method"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/1/start"), 45);
    ck_assert_int_eq(th_int(&r, "mentions/1/end"), 55);
    th_free(&r);
}
END_TEST

START_TEST(a_soft_hyphen_inside_a_letter_through_the_api)
{
    /* й written as и, SHY, U+0306 (a hyphenation point a CMS inserted
     * between the letter and its breve): still "мой" */
    const char *text = "Депутат сказал: мои\xC2\xAD\xCC\x86 город.";
    claim_with_mention("hyphenated", "мой город", "", "", -1, -1);
    th_resp r = th_anchor("hyphenated", text);

    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), 16);
    ck_assert_int_eq(th_int(&r, "mentions/0/end"), 27);
    th_free(&r);
}
END_TEST

/* The stored row, read from the table: position, method, and when it was written. */
static void stored_row(long long claim_id, char *out, size_t size)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT concat_ws(',', position_start, position_end, orphaned,"
             " anchor_method, anchored_at) FROM ct_mentions WHERE claim_id = %lld", claim_id);
    th_fresh_text(sql, out, size);
}

START_TEST(the_stored_row_changes_only_when_the_anchor_does)
{
    const char *text = "Первый абзац.\n\nДепутат сказал, что в городе как в Каракасе.";
    const char *moved = "Новый первый абзац.\n\nПервый абзац.\n\nДепутат сказал, что в городе как в Каракасе.";
    long long id = claim_with_mention("rows", "в городе как в Каракасе", "сказал, что ", ".", 35, 58);
    char before[256], again[256], after[256];

    th_resp r = th_anchor("rows", text);
    th_free(&r);
    stored_row(id, before, sizeof before);
    ck_assert_msg(strncmp(before, "35,58,f,exact,", 14) == 0, "stored: %s", before);

    r = th_anchor("rows", text);                 /* the same text: nothing written */
    th_free(&r);
    stored_row(id, again, sizeof again);
    ck_assert_str_eq(again, before);

    r = th_anchor("rows", moved);                /* moved: a new position */
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), 56);
    th_free(&r);
    stored_row(id, after, sizeof after);
    ck_assert_msg(strncmp(after, "56,79,f,exact,", 14) == 0, "stored: %s", after);
    ck_assert_str_ne(after, before);
}
END_TEST

/* The payload of the last event of type `type` of claim id. */
static json_object *last_event(th_resp *timeline, const char *type)
{
    json_object *events = th_get(timeline, "events"), *found = NULL;
    for (size_t i = 0; i < json_object_array_length(events); i++) {
        json_object *e = json_object_array_get_idx(events, i);
        if (strcmp(json_object_get_string(json_object_object_get(e, "type")), type) == 0)
            found = e;
    }
    ck_assert_msg(found != NULL, "no %s event", type);
    return json_object_object_get(found, "payload");
}

START_TEST(every_move_is_a_timeline_event_with_both_positions)
{
    const char *text = "Первый абзац.\n\nДепутат сказал, что в городе как в Каракасе.";
    const char *moved = "Новый первый абзац.\n\nПервый абзац.\n\nДепутат сказал, что в городе как в Каракасе.";
    const char *typo = "Новый первый абзац.\n\nПервый абзац.\n\nДепутат сказал, что в горде как в Каракасе.";
    long long id = claim_with_mention("events", "в городе как в Каракасе", "сказал, что ", ".", 35, 58);
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld/timeline", id);

    th_resp r = th_anchor("events", text);
    th_free(&r);
    r = th_anchor("events", moved);
    th_free(&r);
    r = th_anchor("events", typo);
    th_free(&r);
    r = th_anchor("events", "Статью переписали целиком.");
    th_free(&r);
    r = th_anchor("events", text);
    th_free(&r);

    th_resp t = th_call("GET", path, "editor", NULL, NULL);
    json_object *events = th_get(&t, "events");
    const char *want[] = {"claim_recorded", "mention_added", "mention_moved", "mention_moved",
                          "mention_orphaned", "mention_recovered"};
    ck_assert_uint_eq(json_object_array_length(events), 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(json_object_get_string(json_object_object_get(
                             json_object_array_get_idx(events, i), "type")), want[i]);

    /* moved by the new first paragraph: 21 code points further, found exactly */
    json_object *p = json_object_object_get(json_object_array_get_idx(events, 2), "payload");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "exact")),
                     "в городе как в Каракасе");
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/2/payload/from/start")), 35);
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/2/payload/from/end")), 58);
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/2/payload/to/start")), 56);
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/2/payload/to/end")), 79);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "previous_method")), "exact");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "method")), "exact");
    ck_assert_int_eq(json_object_get_int(json_object_object_get(p, "errors")), 0);
    /* (50 + 20 + 20 + 2 x (1 - 21 / 79)) / 92 */
    ck_assert_double_eq_tol(json_object_get_double(json_object_object_get(p, "score")), 0.9943, 1e-9);
    p = json_object_object_get(json_object_array_get_idx(events, 3), "payload");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "method")), "approximate");
    ck_assert_int_eq(json_object_get_int(json_object_object_get(p, "errors")), 1);
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/3/payload/to/end")), 78);
    p = last_event(&t, "mention_orphaned");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "reason")), "not_found");
    ck_assert_ptr_null(json_object_object_get(p, "to"));
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/4/payload/from/start")), 56);
    p = last_event(&t, "mention_recovered");
    ck_assert_int_eq(json_object_get_int(th_get(&t, "events/5/payload/to/start")), 35);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(p, "method")), "exact");
    th_free(&t);
}
END_TEST

START_TEST(a_long_article_anchors_through_the_api)
{
    /* ~1 MiB of text, the quote near its end: over the 1 MiB envelope of
       other routes, within the anchor route's. */
    const char *para = "Обычный абзац новостей без спорных утверждений, их здесь много.\n\n";
    size_t para_len = strlen(para), copies = (1000u * 1000u) / para_len;
    const char *tail = "Депутат сказал, что в городе как в Каракасе.";
    char *text = malloc(copies * para_len + strlen(tail) + 1), *at = text;
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < copies; i++, at += para_len)
        memcpy(at, para, para_len);
    strcpy(at, tail);
    long start = code_points(text, (size_t)(strstr(text, "в городе") - text));
    claim_with_mention("long", "в городе как в Каракасе", "сказал, что ", ".", -1, -1);

    th_resp r = th_anchor("long", text);
    ck_assert_str_eq(th_str(&r, "mentions/0/method"), "exact");
    ck_assert_int_eq(th_int(&r, "mentions/0/start"), start);
    th_free(&r);
    free(text);
}
END_TEST

/* Re-anchoring is bounded per request (anchor.h's CT_ANCHOR_BUDGET_STEPS):
   64 mentions of a 1,900-character quote in a 150,000-character text would
   take 64 x (30 + 2) x 150,000 = 307 million block steps, over the 268
   million one request may take. Refused before any work, nothing written;
   the same mentions in a short text are anchored. */
START_TEST(anchoring_over_the_work_budget_is_refused_before_it_starts)
{
    char quote[2000], *text = malloc(150001);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < 1900; i++)
        quote[i] = (char)('a' + (i * 7) % 26);
    quote[1900] = '\0';
    for (int m = 0; m < 64; m++) {
        quote[m % 1900] = 'Z';                   /* each a near miss of the others */
        claim_with_mention("budget", quote, "", "", -1, -1);
    }
    for (size_t i = 0; i < 150000; i++)
        text[i] = (char)('a' + (i * 7) % 26);
    text[150000] = '\0';

    long long before = th_rows_total();
    json_object *body = json_object_new_object();
    json_object_object_add(body, "text", json_object_new_string(text));
    th_resp r = th_call("POST", "/articles/budget/anchor", "editor", NULL, json_object_to_json_string(body));
    json_object_put(body);
    ck_assert_int_eq(r.status, 422);
    ck_assert_str_eq(th_error_code(&r), "anchor_budget_exceeded");
    ck_assert_str_eq(th_error_field(&r), "text");
    ck_assert_ptr_nonnull(strstr(th_str(&r, "error/message"), "64 mentions in 150000 characters"));
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);

    text[3000] = '\0';                           /* 64 x 32 x 3,000: 6 million steps */
    r = th_anchor("budget", text);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "mentions")), 64);
    th_free(&r);
    free(text);
}
END_TEST

START_TEST(an_empty_text_is_refused_and_nothing_moves)
{
    th_resp r = anchor(article_text);
    th_free(&r);
    long long before = th_rows_total();
    r = th_call("POST", "/articles/" ARTICLE "/anchor", "editor", NULL, "{\"text\":\"\"}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "empty");
    ck_assert_str_eq(th_error_field(&r), "text");
    th_free(&r);
    ck_assert_int_eq(th_rows_total(), before);
    r = th_call("GET", "/claims/1", "editor", NULL, NULL);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "mentions/0/orphaned")), 0);
    th_free(&r);
}
END_TEST

/* Only the anchor and scan routes take more than 1 MiB; anything else is 413 at once. */
START_TEST(only_the_anchor_and_scan_routes_take_large_requests)
{
    size_t size = 2u * 1024u * 1024u;
    char *big = malloc(size + 256);
    ck_assert_ptr_nonnull(big);
    int head = snprintf(big, 256, "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":"
                        "{\"id\":\"e\",\"role\":\"editor\"},\"body\":{\"text\":\"");
    memset(big + head, 'a', size);
    strcpy(big + head + size, "\"}}");
    th_resp r = th_raw(big);
    ck_assert_int_eq(r.status, 413);
    ck_assert_str_eq(th_error_code(&r), "request_too_large");
    th_free(&r);
    free(big);
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

    tc = tcase_create("trust");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lookalike_paragraph_deleted_is_orphaned_and_reviewed);
    tcase_add_test(tc, one_character_next_to_the_quote_through_the_api);
    tcase_add_test(tc, no_break_spaces_and_decomposed_letters_through_the_api);
    tcase_add_test(tc, a_soft_hyphen_inside_a_letter_through_the_api);
    tcase_add_test(tc, the_stored_row_changes_only_when_the_anchor_does);
    tcase_add_test(tc, every_move_is_a_timeline_event_with_both_positions);
    tcase_add_test(tc, a_long_article_anchors_through_the_api);
    tcase_add_test(tc, an_empty_text_is_refused_and_nothing_moves);
    tcase_add_test(tc, anchoring_over_the_work_budget_is_refused_before_it_starts);
    tcase_add_test(tc, only_the_anchor_and_scan_routes_take_large_requests);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
