/*
 * fuzz_claimreview.c -- libFuzzer target for reading a ClaimReview
 * import (src/domain/claimreview_import.c, on base/jsonld.c, libxml2's
 * HTML parser and libcurl's URL API): the part of POST /import/claimreview
 * that runs before any connection is taken. Writing the plan needs the
 * database and is fuzzed through fuzz_door's import route.
 *
 * The input is the JSON-LD document (the request's body), parsed as the
 * door parses it (ct_json_parse: strict JSON, UTF-8, depth 16); what that
 * refuses is skipped. ct_import_plan_new must then either refuse the whole
 * document with invalid_value, out_of_range or out_of_memory, or give a
 * plan of exactly as many items as ct_jsonld_find counted, numbered
 * "items.N" in document order, in which
 *   - a skipped item has a code of src/vocabulary.txt with status 400 and
 *     a field inside its own path, and duplicate_of exactly when its code
 *     is duplicate (naming an earlier item);
 *   - an item to write satisfies everything the schema checks when it is
 *     written (sql/001, 005, 006: lengths in code points, valid UTF-8,
 *     RFC 3339 dates, http(s) URLs of at most 2,048 bytes, a language tag,
 *     the rebuttal's by, summary and issued_at, a rating of 1-500 code
 *     points, a 64-hex review key) and its identity fits the unique btree
 *     index on (canonical_url, review_key). Anything less would be a
 *     500 db_error, or an item skipped for db_error, on a real import:
 *     the plan is the door's validation of an import.
 * Reading the same document twice must give the same plan.
 *
 * A custom mutator (json_mutate.h) changes the document's JSON tree half
 * of the time instead of its bytes.
 *
 * The file includes claimreview_import.c itself, to see the plan's
 * entries (the struct is private to that file), and is linked with every
 * other object of the library.
 */
#include "../../src/domain/claimreview_import.c"

#include <stdlib.h>
#include <string.h>

#include "base/vocabulary.h"
#include "json_mutate.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define FUZZ_CHECK(cond, what) \
    do { if (!(cond)) fail_plan(what, #cond); } while (0)

static const unsigned char *fuzz_data;
static size_t fuzz_size;

static void fail_plan(const char *what, const char *cond) __attribute__((noreturn));
static void fail_plan(const char *what, const char *cond)
{
    fprintf(stderr, "fuzz_claimreview: %s (%s)\n  document: %.*s\n", what, cond,
            (int)(fuzz_size > 2000 ? 2000 : fuzz_size), (const char *)fuzz_data);
    abort();
}

static int error_status(const char *code)
{
    for (int i = 0; code && i < CT_VOCAB_ERRORS; i++)
        if (strcmp(ct_vocab_errors[i].code, code) == 0)
            return ct_vocab_errors[i].http_status;
    return -1;
}

/* s is NULL (when optional) or valid UTF-8 of min..max code points. */
static bool text_ok(const char *s, bool optional, size_t min, size_t max)
{
    size_t chars = 0;
    if (s == NULL)
        return optional;
    return ct_utf8_valid(s, strlen(s), &chars) && chars >= min && chars <= max;
}

static bool url_ok(const char *s, bool optional)
{
    if (s == NULL)
        return optional;
    return ct_url_valid(s) && strlen(s) <= CT_URL_MAX &&
           (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

static bool hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return s[64] == '\0';
}

/* A date or date-time that ct_instant reads (sql/021): RFC 3339, or a
   date-time without an offset (the newsroom's wall-clock time); or NULL,
   a date the source never gave (sql/025_unknown_dates.sql). */
static bool instant_ok(const char *s)
{
    return s == NULL || ct_datetime_valid(s) || ct_wall_datetime_valid(s);
}

static void check_item(const planned *p)
{
    const review_item *it = &p->item;
    const ct_claim_input *c = &it->claim;
    const ct_response_input *r = &it->response;

    FUZZ_CHECK(text_ok(c->text, false, 1, CT_CLAIM_TEXT_MAX), "claim text");
    FUZZ_CHECK(text_ok(c->claimant_name, false, 1, CT_NAME_MAX), "claimant name");
    FUZZ_CHECK(text_ok(c->claimant_role, true, 0, CT_NAME_MAX), "claimant role");
    FUZZ_CHECK(c->claimant_type == NULL || strcmp(c->claimant_type, "person") == 0 ||
               strcmp(c->claimant_type, "organization") == 0, "claimant type");
    FUZZ_CHECK(instant_ok(c->said_at), "said_at");
    FUZZ_CHECK(text_ok(c->venue, true, 0, CT_VENUE_MAX), "venue");
    FUZZ_CHECK(c->language == NULL || ct_language_valid(c->language), "language");
    FUZZ_CHECK(url_ok(c->source_url, true), "source_url");
    FUZZ_CHECK(!c->has_mention, "an import records no mention");
    FUZZ_CHECK(r->kind && strcmp(r->kind, "rebuttal") == 0, "response kind");
    FUZZ_CHECK(text_ok(r->by_name, false, 1, CT_NAME_MAX), "reviewer");
    FUZZ_CHECK(text_ok(r->by_role, true, 0, CT_NAME_MAX), "reviewer role");
    FUZZ_CHECK(instant_ok(r->issued_at), "issued_at");
    FUZZ_CHECK(text_ok(r->summary, false, 1, CT_SUMMARY_MAX), "summary");
    /* an item dated nowhere stays undated: neither date is the other's */
    FUZZ_CHECK(c->said_at == NULL || r->issued_at == NULL || c->said_at != r->issued_at,
               "a date borrowed");
    FUZZ_CHECK(url_ok(r->url, false) && r->url == it->url, "the rebuttal links the review");
    FUZZ_CHECK(url_ok(it->url, false), "review url");
    FUZZ_CHECK(text_ok(it->rating, true, 1, CT_RATING_MAX), "rating");
    FUZZ_CHECK(it->canonical_url && (strncasecmp(it->canonical_url, "http://", 7) == 0 ||
                                     strncasecmp(it->canonical_url, "https://", 8) == 0) &&
               ct_utf8_valid(it->canonical_url, strlen(it->canonical_url), NULL),
               "canonical url");
    /* a btree index entry holds at most 2,704 bytes (PostgreSQL's page / 3) */
    FUZZ_CHECK(strlen(it->canonical_url) + 64 + 16 <= 2704, "the identity fits its index");
    FUZZ_CHECK(hex64(it->review_key), "review key");
}

static void check_plan(const ct_import_plan *plan, size_t counted)
{
    FUZZ_CHECK(plan->count == plan->capacity && plan->count == counted,
               "the plan has as many items as the document");
    for (size_t i = 0; i < plan->count; i++) {
        const planned *p = &plan->items[i];
        char path[32];
        snprintf(path, sizeof path, "items.%zu", i);
        FUZZ_CHECK(strcmp(p->path, path) == 0, "items are numbered in order");
        if (!p->skip) {
            check_item(p);
            continue;
        }
        size_t n = strlen(p->path);
        FUZZ_CHECK(p->why.rc == CT_EINVALID && p->why.code && error_status(p->why.code) == 400,
                   "a skip says why with a 400 code");
        FUZZ_CHECK(strncmp(p->why.field, p->path, n) == 0 &&
                   (p->why.field[n] == '\0' || p->why.field[n] == '.'),
                   "a skip names a field of its own item");
        FUZZ_CHECK((strcmp(p->why.code, "duplicate") == 0) == (p->duplicate_of != NULL),
                   "duplicate_of exactly for a duplicate");
        if (p->duplicate_of) {
            size_t earlier = (size_t)strtoul(p->duplicate_of + 6, NULL, 10);
            FUZZ_CHECK(strncmp(p->duplicate_of, "items.", 6) == 0 && earlier < i &&
                       !plan->items[earlier].skip, "a duplicate names an earlier item written");
        }
    }
}

static void check_same(const ct_import_plan *a, const ct_import_plan *b)
{
    FUZZ_CHECK(a->count == b->count, "the same document read twice: count");
    for (size_t i = 0; i < a->count; i++) {
        const planned *p = &a->items[i], *q = &b->items[i];
        FUZZ_CHECK(p->skip == q->skip, "the same document read twice: skip");
        if (p->skip)
            FUZZ_CHECK(strcmp(p->why.code, q->why.code) == 0 &&
                       strcmp(p->why.field, q->why.field) == 0, "the same document read twice: why");
        else
            FUZZ_CHECK(strcmp(p->item.canonical_url, q->item.canonical_url) == 0 &&
                       strcmp(p->item.review_key, q->item.review_key) == 0 &&
                       strcmp(p->item.response.summary, q->item.response.summary) == 0,
                       "the same document read twice: identity");
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *text = malloc(size + 1);
    json_object *doc = NULL;
    ct_import_plan *plan = NULL, *again = NULL;
    ct_error err;

    if (text == NULL)
        return 0;
    fuzz_data = data;
    fuzz_size = size;
    memcpy(text, data, size);
    text[size] = '\0';
    ct_error_clear(&err);
    if (ct_json_parse(text, size, &doc, &err) != CT_OK) {
        free(text);
        return 0;
    }
    size_t reviews = 0, counted = ct_jsonld_find(doc, NULL, NULL, &reviews);
    ct_rc rc = ct_import_plan_new(doc, &plan, &err);
    if (rc == CT_OK) {
        FUZZ_CHECK(plan != NULL && reviews > 0 && counted <= CT_IMPORT_MAX, "a plan");
        check_plan(plan, counted);
        ct_error_clear(&err);
        FUZZ_CHECK(ct_import_plan_new(doc, &again, &err) == CT_OK, "the same document read twice");
        check_same(plan, again);
    } else {
        FUZZ_CHECK(plan == NULL, "no plan on failure");
        FUZZ_CHECK(err.code && (strcmp(err.code, "invalid_value") == 0 ||
                                strcmp(err.code, "out_of_range") == 0 ||
                                strcmp(err.code, "out_of_memory") == 0), "a whole refusal");
        FUZZ_CHECK(strcmp(err.code, "invalid_value") != 0 || reviews == 0,
                   "invalid_value only without a ClaimReview");
        FUZZ_CHECK(strcmp(err.code, "out_of_range") != 0 || counted > CT_IMPORT_MAX,
                   "out_of_range only beyond CT_IMPORT_MAX items");
    }
    ct_import_plan_free(plan);
    ct_import_plan_free(again);
    json_object_put(doc);
    free(text);
    return 0;
}

/* The terms of ClaimReview and its neighbours, for json_mutate to add. */
static const char *const claimreview_keys[] = {
    "@context", "@type", "@id", "@graph", "@value", "url", "claimReviewed", "author", "name",
    "alternateName", "datePublished", "reviewRating", "ratingValue", "bestRating",
    "worstRating", "itemReviewed", "appearance", "firstAppearance", "inLanguage", "mainEntity",
    "mainEntityOfPage", "dataFeedElement", "item", "jobTitle", "sameAs", "publisher",
    "headline", "dateCreated", "dateModified", "review", "text", "schema:claimReviewed",
    "https://schema.org/url", NULL};

/* Half of the mutations change one thing in the document's JSON tree
   (json_mutate.h), the other half are libFuzzer's own. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (seed % 2 == 0 && size > 0) {
        char *out = malloc(max_size);
        size_t n = out ? json_mutate((const char *)data, size, out, max_size, seed >> 1,
                                     claimreview_keys) : 0;
        if (n)
            memcpy(data, out, n);
        free(out);
        if (n)
            return n;
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
