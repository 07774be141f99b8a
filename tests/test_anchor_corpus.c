/*
 * test_anchor_corpus.c -- src/domain/anchor.c against the anchoring corpus,
 * tests/anchor/corpus.json: real-looking articles, tagged as a browser
 * would tag them, then edited; each case names the result a careful
 * reader expects (method, start, end) and why. The corpus is written by
 * tests/anchor/make_corpus.py and read by a person (tests/anchor/README.md);
 * scripts/anchor-oracle.sh runs the same cases through Hypothesis's
 * anchoring as a second opinion.
 *
 * One Check test per case (a loop test), so that a failure names the case.
 * The suite also fails when the corpus is smaller than 150 cases or lacks
 * one of the kinds the corpus promises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "testhost.h"
#include "anchor.h"

#define CORPUS_PATH "tests/anchor/corpus.json"
#define MIN_CASES   150

static json_object *corpus;   /* the parsed file  */
static json_object *cases;    /* its "cases" list */

static const char *text_of(json_object *obj, const char *key)
{
    json_object *value = json_object_object_get(obj, key);
    return value ? json_object_get_string(value) : "";
}

static long long_of(json_object *obj, const char *key, long fallback)
{
    json_object *value = json_object_object_get(obj, key);
    return value ? (long)json_object_get_int64(value) : fallback;
}

static ct_anchor_how how_named(const char *name)
{
    static const ct_anchor_how all[] = {CT_ANCHOR_EXACT, CT_ANCHOR_POSITION, CT_ANCHOR_CONTEXT,
                                        CT_ANCHOR_APPROXIMATE, CT_ANCHOR_ORPHANED};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(ct_anchor_how_name(all[i]), name) == 0)
            return all[i];
    ck_abort_msg("unknown method '%s' in the corpus", name);
    return CT_ANCHOR_ORPHANED;
}

START_TEST(corpus_case)
{
    json_object *c = json_object_array_get_idx(cases, (size_t)_i);
    json_object *position = json_object_object_get(c, "position");
    json_object *expect = json_object_object_get(c, "expect");
    const char *id = text_of(c, "id"), *text = text_of(c, "text");
    ct_anchor_selector sel = {
        text_of(c, "exact"), text_of(c, "prefix"), text_of(c, "suffix"),
        position ? long_of(position, "start", -1) : -1,
        position ? long_of(position, "end", -1) : -1};
    ct_anchor_text *doc = NULL;
    ct_anchor_result r;
    ct_error err;

    ck_assert_int_eq(ct_anchor_text_new(text, strlen(text), &doc, &err), CT_OK);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_OK);
    ct_anchor_text_free(doc);

    ct_anchor_how want = how_named(text_of(expect, "method"));
    ck_assert_msg(r.how == want, "%s: %s %ld-%ld (score %.3f, refused %s), expected %s %ld-%ld",
                  id, ct_anchor_how_name(r.how), r.start, r.end, r.score,
                  r.refused ? r.refused : "-", ct_anchor_how_name(want),
                  long_of(expect, "start", -1), long_of(expect, "end", -1));
    ck_assert_msg(r.start == long_of(expect, "start", -1) && r.end == long_of(expect, "end", -1),
                  "%s: span %ld-%ld, expected %ld-%ld", id, r.start, r.end,
                  long_of(expect, "start", -1), long_of(expect, "end", -1));
}
END_TEST

START_TEST(corpus_is_large_and_covers_every_kind)
{
    static const char *const kinds[] = {
        "unchanged", "edit-before", "edit-after", "edit-inside", "deleted", "rewritten",
        "repeated", "lookalike", "context-contradicts", "whitespace", "nfd", "invisible",
        "typography", "spanning-paragraphs", "astral", "short", "kazakh", "long-quote",
        "hint", "empty-text"};
    size_t count = json_object_array_length(cases);

    ck_assert_msg(count >= MIN_CASES, "the corpus has %zu cases, fewer than %d", count, MIN_CASES);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t seen = 0;
        for (size_t i = 0; i < count; i++)
            seen += strcmp(text_of(json_object_array_get_idx(cases, i), "kind"), kinds[k]) == 0;
        ck_assert_msg(seen > 0, "no case of kind %s", kinds[k]);
    }
}
END_TEST

/* The corpus's figures, for the log: cases per method. */
static void print_figures(void)
{
    size_t count = json_object_array_length(cases), by_method[5] = {0};
    for (size_t i = 0; i < count; i++) {
        json_object *expect = json_object_object_get(json_object_array_get_idx(cases, i), "expect");
        by_method[how_named(text_of(expect, "method"))]++;
    }
    printf("anchoring corpus: %zu cases: %zu exact, %zu position, %zu context, "
           "%zu approximate, %zu orphaned\n", count, by_method[CT_ANCHOR_EXACT],
           by_method[CT_ANCHOR_POSITION], by_method[CT_ANCHOR_CONTEXT],
           by_method[CT_ANCHOR_APPROXIMATE], by_method[CT_ANCHOR_ORPHANED]);
}

int main(void)
{
    corpus = json_object_from_file(CORPUS_PATH);
    if (corpus == NULL || !json_object_object_get_ex(corpus, "cases", &cases) ||
        !json_object_is_type(cases, json_type_array)) {
        fprintf(stderr, "cannot read %s (run from the top of the checkout)\n", CORPUS_PATH);
        return 1;
    }
    print_figures();
    Suite *s = suite_create("anchor corpus");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, corpus_is_large_and_covers_every_kind);
    tcase_add_loop_test(tc, corpus_case, 0, (int)json_object_array_length(cases));
    suite_add_tcase(s, tc);
    int rc = th_run_suite(s);
    json_object_put(corpus);
    return rc;
}
