/*
 * test_claimreview_import.c -- src/domain/claimreview_import.c and src/base/jsonld.c
 * through the plugin, and the command-line host's import of whole feeds.
 *
 * POST /import/claimreview takes ClaimReview JSON-LD as the fact-checking
 * world publishes it: wherever it sits in the document (a list, @graph, a
 * WebPage's mainEntity, a DataFeed, Google's Claim carrying its review),
 * however its values are spelt (lists, {"@value"}, full IRIs, HTML), with
 * recommended fields missing. Each test states what is stored, read back
 * through GET /claims/{id}. A review is known by its canonical url and what
 * it reviews: spelt differently it is the same review, two reviews of one
 * url are two claims, and a review is never reported both imported and
 * existing. Bad items are skipped with their reasons while the rest is
 * imported; only a document with no ClaimReview at all is refused whole,
 * writing nothing in any table.
 *
 * Every test runs on a new, empty database of its own (claim ids start at
 * 1) with language "en" and a publisher. The fixtures in tests/claimreview/
 * are feeds written for these tests in the shapes real feeds have.
 */
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testhost.h"

/* ---- fixture: a fresh database and a publisher ------------------------------ */

static char fresh_db[64];

static void setup_desk_in(const char *time_zone, const char *language)
{
    char conninfo[1024], *error = NULL;
    json_object *cfg = json_object_new_object(), *publisher = json_object_new_object();
    json_object *outbound = json_object_new_object();

    th_new_database("ct_cri", fresh_db, sizeof fresh_db);
    snprintf(conninfo, sizeof conninfo, "%s dbname=%s", th_db(), fresh_db);
    json_object_object_add(cfg, "database", json_object_new_string(conninfo));
    json_object_object_add(cfg, "pool_size", json_object_new_int(2));
    json_object_object_add(cfg, "language", json_object_new_string(language));
    if (time_zone)
        json_object_object_add(cfg, "time_zone", json_object_new_string(time_zone));
    json_object_object_add(publisher, "name", json_object_new_string("Factcheck.kz"));
    json_object_object_add(publisher, "url", json_object_new_string("https://factcheck.kz"));
    json_object_object_add(publisher, "claim_url",
                           json_object_new_string("https://factcheck.kz/claims/{id}"));
    json_object_object_add(cfg, "publisher", publisher);
    json_object_object_add(outbound, "workers", json_object_new_boolean(0));
    json_object_object_add(cfg, "outbound", outbound);
    th_instance = th_plugin()->open(&th_host, json_object_to_json_string(cfg), &error);
    json_object_put(cfg);
    if (th_instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
}

static void setup_desk(void)
{
    setup_desk_in(NULL, "en");
}

/* A newsroom nine hours east of UTC all year (no DST). */
static void setup_desk_in_tokyo(void)
{
    setup_desk_in("Asia/Tokyo", "en");
}

/* A desk that configured its language in another case than RFC 5646's. */
static void setup_desk_in_upper_case(void)
{
    setup_desk_in(NULL, "RU-kz");
}

/* Rows in every table of the plugin's schema in the fresh database,
   whatever tables migrations add (as th_rows_total counts them). */
static long long all_rows(void)
{
    const char *tables = th_sql_exec_on(fresh_db,
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = 'claimtrack' AND table_type = 'BASE TABLE'");
    ck_assert_msg(atoi(tables) >= 7, "expected claimtrack's tables, found %s", tables);
    const char *v = th_sql_exec_on(fresh_db,
        "SELECT COALESCE(sum((xpath('/row/c/text()', query_to_xml("
        "  format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),"
        "  false, true, '')))[1]::text::bigint), 0)"
        " FROM information_schema.tables"
        " WHERE table_schema = 'claimtrack' AND table_type = 'BASE TABLE'");
    ck_assert_msg(v[0] != 'E' && v[0] != '\0', "row count failed: %s", v);
    return atoll(v);
}

/* The one small number sql selects on the fresh database. */
static long long fresh_int(const char *sql)
{
    const char *v = th_sql_exec_on(fresh_db, sql);
    ck_assert_msg(v[0] != 'E' && v[0] != '\0', "%s: %s", sql, v);
    return atoll(v);
}

/* ---- documents -------------------------------------------------------------- */

#define AFP_URL "https://factcheck.afp.com/doc.afp.com.caracas"
#define VERDICT_254 "The claim misrepresents police statistics: recorded crime in Astana " \
    "fell by 12 percent over the period cited, while Caracas reports a homicide rate more " \
    "than thirty times higher, so the comparison has no basis in published data or in " \
    "independent surveys."

static json_object *parse(const char *json)
{
    json_object *o = json_tokener_parse(json);
    ck_assert_msg(o != NULL, "test JSON does not parse: %s", json);
    return o;
}

/* A fixture of tests/claimreview/ (the suites run from the repository root). */
static json_object *fixture(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/claimreview/%s", name);
    json_object *o = json_object_from_file(path);
    ck_assert_msg(o != NULL, "cannot read %s", path);
    return o;
}

/* A complete ClaimReview as AFP publishes it. */
static json_object *claim_review(const char *url, const char *claim_text)
{
    json_object *r = parse(
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

/* A DataFeed of the given items (taken). */
static json_object *datafeed(json_object *items)
{
    json_object *doc = json_object_new_object();
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@type", json_object_new_string("DataFeed"));
    json_object_object_add(doc, "dataFeedElement", items);
    return doc;
}

static json_object *list_of(json_object *a, json_object *b, json_object *c)
{
    json_object *list = json_object_new_array();
    json_object_array_add(list, a);
    if (b)
        json_object_array_add(list, b);
    if (c)
        json_object_array_add(list, c);
    return list;
}

/* Set obj[key] (a JSON text) in place; returns obj. */
static json_object *with(json_object *obj, const char *key, const char *json)
{
    json_object_object_add(obj, key, json ? parse(json) : NULL);
    if (json == NULL)
        json_object_object_del(obj, key);
    return obj;
}

/* ---- requests ---------------------------------------------------------------- */

/* POST /import/claimreview with doc (taken). */
static th_resp import_doc(const char *role, json_object *doc)
{
    char *text = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
    json_object_put(doc);
    th_resp r = th_call("POST", "/import/claimreview", role, NULL, text);
    free(text);
    return r;
}

static th_resp claim_as_editor(long long id)
{
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld", id);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_msg(r.status == 200, "GET %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    return r;
}

/* Import a document of one review (it must be imported); the new claim. */
static th_resp import_and_get(json_object *doc)
{
    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "import: %d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_str_eq(th_str(&r, "items/0/status"), "imported");
    long long id = th_int(&r, "imported/0/claim_id");
    th_free(&r);
    return claim_as_editor(id);
}

static void assert_date_prefix(const th_resp *r, const char *path, const char *date)
{
    const char *got = th_str(r, path);
    ck_assert_msg(strncmp(got, date, strlen(date)) == 0, "%s: expected %s..., got %s",
                  path, date, got);
}

/* The representation has the date key (parent/key) and it is null: the
   source gave no date, and none was filled in from another. */
static void assert_undated(const th_resp *r, const char *parent, const char *key)
{
    json_object *obj = parent[0] ? th_get(r, parent) : r->body, *value = NULL;
    ck_assert_msg(json_object_object_get_ex(obj, key, &value) && value == NULL,
                  "%s%s%s: expected null, got %s", parent, parent[0] ? "/" : "", key,
                  value ? json_object_get_string(value) : "no such key");
}

#define ck_item(r, n, status) do { \
        char p_[32]; \
        snprintf(p_, sizeof p_, "items/%d/status", (n)); \
        ck_assert_msg(strcmp(th_str((r), p_), (status)) == 0, "items.%d: expected %s in %s", \
                      (n), (status), json_object_to_json_string((r)->body)); \
    } while (0)

/* Item n of a report was skipped with code, naming field. */
static void assert_skipped(const th_resp *r, int n, const char *code, const char *field)
{
    char path[64];
    ck_item(r, n, "skipped");
    snprintf(path, sizeof path, "items/%d/error/code", n);
    ck_assert_msg(strcmp(th_str(r, path), code) == 0, "items.%d: expected %s, got %s", n, code,
                  json_object_to_json_string(r->body));
    snprintf(path, sizeof path, "items/%d/error/field", n);
    ck_assert_msg(strcmp(th_str(r, path), field) == 0, "items.%d: expected field %s, got %s", n,
                  field, th_str(r, path));
}

/* A document refused whole: 400 code, and no row written in any table. */
static void expect_refused(json_object *doc, const char *code)
{
    long long before = all_rows();
    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), code) == 0,
                  "expected 400 %s, got %d %s", code, r.status, json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(all_rows(), before);
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

/* ---- one review, as before ------------------------------------------------------- */

START_TEST(import_one_review)
{
    long long before = all_rows();
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_msg(r.status == 201, "import: %d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 1);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "skipped")), 0);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), AFP_URL);
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 1);
    ck_assert_str_eq(th_str(&r, "items/0/path"), "items.0");
    ck_assert_str_eq(th_str(&r, "items/0/status"), "imported");
    ck_assert_int_eq(th_int(&r, "items/0/claim_id"), 1);
    ck_assert_int_eq(th_int(&r, "counts/imported"), 1);
    ck_assert_int_eq(th_int(&r, "counts/existing"), 0);
    ck_assert_int_eq(th_int(&r, "counts/skipped"), 0);
    th_free(&r);
    ck_assert_int_gt(all_rows(), before);

    r = claim_as_editor(1);
    ck_assert_str_eq(th_str(&r, "text"), "Astana is as dangerous as Caracas");
    ck_assert_str_eq(th_str(&r, "status"), "disputed");
    ck_assert_str_eq(th_str(&r, "rating"), "False");          /* the review's verdict */
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Talgat Ergaliev");
    ck_assert_str_eq(th_str(&r, "claimant/role"), "deputy");
    ck_assert_str_eq(th_str(&r, "claimant/type"), "person");
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

/* The review of the first import, its verdict since changed to "True",
   on the day dateModified says (NULL: none given). */
static json_object *changed_review(const char *date_modified)
{
    json_object *r = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    json_object_object_add(r, "reviewRating", parse(
        "{\"@type\":\"Rating\",\"ratingValue\":5,\"bestRating\":5,\"worstRating\":1,"
        "\"alternateName\":\"True\"}"));
    if (date_modified)
        json_object_object_add(r, "dateModified", json_object_new_string(date_modified));
    return r;
}

/* A fact-checker who changes their verdict: the review imported again is
   "changed", the new verdict is linked as a rebuttal of its own on the
   day the review says it changed, and the claim's rating, still the
   import's words, becomes the new words; the same again, or an older copy
   of the review, changes nothing. */
START_TEST(a_review_whose_verdict_changed_is_linked_again)
{
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    r = import_doc("editor", changed_review("2025-12-10"));
    ck_assert_msg(r.status == 200, "changed: %d %s", r.status, json_object_to_json_string(r.body));
    ck_item(&r, 0, "changed");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "changed")), 1);
    ck_assert_int_eq(th_int(&r, "changed/0/claim_id"), 1);
    ck_assert_int_eq(th_int(&r, "counts/changed"), 1);
    ck_assert_int_eq(th_int(&r, "counts/existing"), 0);
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"), 2);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"
                               " AND summary = 'AFP Fact Check: True (5/5)'"
                               " AND issued_at = ct_instant('2025-12-10')"
                               " AND issued_on = '2025-12-10'"
                               " AND id = (SELECT max(id) FROM ct_responses)"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims WHERE id = 1 AND rating = 'True'"
                               " AND rating_as_written"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE claim_id = 1"
                               " AND type IN ('response_linked', 'rating_changed')"), 4);

    long long before = all_rows();
    r = import_doc("editor", changed_review("2025-12-10"));
    ck_item(&r, 0, "existing");
    th_free(&r);
    r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_item(&r, 0, "existing");                       /* the copy from before the change */
    th_free(&r);
    ck_assert_int_eq(all_rows(), before);

    /* the fact-checker comes back to "False", dating the review anew */
    json_object *back = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    json_object_object_add(back, "dateModified", json_object_new_string("2025-12-20"));
    r = import_doc("editor", back);
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims WHERE id = 1 AND rating = 'False'"), 1);

    /* no dateModified: the change is dated when the desk learnt of it */
    r = import_doc("editor", claim_review("https://factcheck.afp.com/other", "Other claim"));
    th_free(&r);
    json_object *other = changed_review(NULL);
    json_object_object_add(other, "url", json_object_new_string("https://factcheck.afp.com/other"));
    json_object_object_add(other, "claimReviewed", json_object_new_string("Other claim"));
    r = import_doc("editor", other);
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 2"
                               " AND issued_at > now() - interval '1 hour'"), 1);
    /* and a second revision, undated too, is heard: its verdict is new */
    other = changed_review(NULL);
    json_object_object_add(other, "url", json_object_new_string("https://factcheck.afp.com/other"));
    json_object_object_add(other, "claimReviewed", json_object_new_string("Other claim"));
    json_object_object_add(other, "reviewRating", parse("{\"@type\":\"Rating\",\"alternateName\":\"Mixture\"}"));
    r = import_doc("editor", other);
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims WHERE id = 2 AND rating = 'Mixture'"), 1);
}
END_TEST

/* A revision whose dateModified gives its day alone (the newsroom's
   midnight) on the day of the verdict it replaces, given with its hour:
   it is dated as that verdict, not before it, so readers, who see a
   claim's responses in the order of their dates, see the new verdict
   last. */
START_TEST(a_revision_dated_by_its_day_comes_after_the_verdict_it_replaces)
{
    json_object *first = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    json_object_object_add(first, "datePublished", json_object_new_string("2025-12-10T15:00:00Z"));
    th_resp r = import_doc("editor", first);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    r = import_doc("editor", changed_review("2025-12-10"));
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"
                               " AND summary = 'AFP Fact Check: True (5/5)'"
                               " AND issued_at = '2025-12-10T15:00:00Z'::timestamptz"), 1);
    r = claim_as_editor(1);
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: False (1/5)");
    ck_assert_str_eq(th_str(&r, "responses/1/summary"), "AFP Fact Check: True (5/5)");
    th_free(&r);

    /* a revision dated later than the last verdict keeps its own date */
    json_object *later = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    json_object_object_add(later, "dateModified", json_object_new_string("2025-12-12T09:30:00Z"));
    r = import_doc("editor", later);
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"
                               " AND summary = 'AFP Fact Check: False (1/5)'"
                               " AND issued_at = '2025-12-12T09:30:00Z'::timestamptz"), 1);
}
END_TEST

/* A review dated twice (datePublished, then a later dateModified), the
   same document imported again: nothing changed, nothing is linked
   again, though its dateModified is later than the response it made. */
START_TEST(a_review_modified_after_it_was_published_is_existing_again)
{
    for (int i = 0; i < 2; i++) {
        json_object *review = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
        json_object_object_add(review, "dateModified", json_object_new_string("2025-12-05T10:00:00Z"));
        th_resp r = import_doc("editor", review);
        ck_item(&r, 0, i == 0 ? "imported" : "existing");
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"), 1);
}
END_TEST

/* Two copies of one version of a review (the same dateModified and
   verdict, the headline written two ways: a page's markup and a feed)
   change the claim once; importing them in turn again changes nothing. */
START_TEST(two_copies_of_one_version_change_the_claim_once)
{
    static const char *const names[2] = {"Headline as on the page", "Headline in the feed"};
    static const char *const expected[4] = {"imported", "changed", "existing", "existing"};
    for (int i = 0; i < 4; i++) {
        json_object *copy = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
        json_object_object_add(copy, "dateModified", json_object_new_string("2025-12-05T10:00:00Z"));
        json_object_object_add(copy, "name", json_object_new_string(names[i % 2]));
        th_resp r = import_doc("editor", copy);
        ck_item(&r, 0, expected[i]);
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"), 2);
}
END_TEST

/* Two imports of one revision at once (a feed and a page read by two
   workers): the revision is linked once, and the other import finds it
   existing. */
START_TEST(two_imports_of_one_revision_at_once_link_it_once)
{
    char request[4096], sql[160];
    const char *requests[2] = {request, request};
    th_resp answers[2];

    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    json_object *doc = changed_review("2025-12-10");
    snprintf(request, sizeof request, "{\"method\":\"POST\",\"path\":\"/import/claimreview\","
             "\"actor\":{\"id\":\"test-editor\",\"role\":\"editor\"},\"body\":%s}",
             json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
    json_object_put(doc);
    snprintf(sql, sizeof sql, "SELECT id FROM claimtrack.ct_claims WHERE id = 1 FOR UPDATE");
    ck_assert_msg(th_race_held(fresh_db, sql, requests, 2, answers),
                  "the two imports never both waited for the claim");

    ck_assert_int_eq(answers[0].status, 200);
    ck_assert_int_eq(answers[1].status, 200);
    const char *items[2] = {th_str(&answers[0], "items/0/status"),
                            th_str(&answers[1], "items/0/status")};
    ck_assert_int_eq(!strcmp(items[0], "changed") + !strcmp(items[1], "changed"), 1);
    ck_assert_int_eq(!strcmp(items[0], "existing") + !strcmp(items[1], "existing"), 1);
    th_free(&answers[0]);
    th_free(&answers[1]);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"
                               " AND summary = 'AFP Fact Check: True (5/5)'"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE claim_id = 1"
                               " AND type = 'response_linked'"), 2);
}
END_TEST

/* A review that gives no datePublished but its dateModified was out by
   then: the rebuttal is dated so, not by the day the claim was said. */
START_TEST(a_review_without_its_date_is_dated_by_its_last_change)
{
    json_object *review = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    json_object_object_del(review, "datePublished");
    json_object_object_add(review, "dateModified", json_object_new_string("2025-12-06"));
    th_resp r = import_doc("editor", review);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses WHERE claim_id = 1"
                               " AND issued_at = ct_instant('2025-12-06')"), 1);
}
END_TEST

/* The same review again (also in a feed with a new one): existing, and
   nothing is written twice. */
START_TEST(the_same_review_again_is_existing)
{
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    long long before = all_rows();

    r = import_doc("moderator", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_assert_msg(r.status == 200, "re-import: %d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 1);
    ck_assert_str_eq(th_str(&r, "existing/0/url"), AFP_URL);
    ck_assert_int_eq(th_int(&r, "existing/0/claim_id"), 1);
    ck_item(&r, 0, "existing");
    th_free(&r);
    ck_assert_int_eq(all_rows(), before);

    json_object *doc = datafeed(list_of(
        claim_review(AFP_URL, "Astana is as dangerous as Caracas"),
        claim_review("https://factcheck.afp.com/other", "Other claim"), NULL));
    r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "mixed import: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 1);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), "https://factcheck.afp.com/other");
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 2);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 1);
    ck_assert_int_eq(th_int(&r, "existing/0/claim_id"), 1);
    ck_item(&r, 0, "existing");
    ck_item(&r, 1, "imported");
    th_free(&r);
}
END_TEST

START_TEST(import_needs_an_editor)
{
    long long before = all_rows();
    const char *roles[] = {"reader", NULL};
    for (size_t i = 0; i < 2; i++) {
        th_resp r = import_doc(roles[i], claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
        ck_assert_msg(r.status == 403, "import as %s: %d %s", roles[i] ? roles[i] : "nobody",
                      r.status, json_object_to_json_string(r.body));
        ck_assert_str_eq(th_error_code(&r), "forbidden");
        th_free(&r);
    }
    ck_assert_int_eq(all_rows(), before);
}
END_TEST

START_TEST(import_a_list_of_reviews)
{
    th_resp r = import_doc("editor", list_of(claim_review("https://factcheck.afp.com/one", "Claim one"),
                                             claim_review("https://factcheck.afp.com/two", "Claim two"),
                                             NULL));
    ck_assert_msg(r.status == 201, "import of a list: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    ck_assert_str_eq(th_str(&r, "imported/0/url"), "https://factcheck.afp.com/one");
    ck_assert_int_eq(th_int(&r, "imported/0/claim_id"), 1);
    ck_assert_str_eq(th_str(&r, "imported/1/url"), "https://factcheck.afp.com/two");
    ck_assert_int_eq(th_int(&r, "imported/1/claim_id"), 2);
    ck_assert_str_eq(th_str(&r, "items/1/path"), "items.1");
    th_free(&r);
    r = claim_as_editor(2);
    ck_assert_str_eq(th_str(&r, "text"), "Claim two");
    th_free(&r);
}
END_TEST

START_TEST(import_a_datafeed)
{
    json_object *wrapper = parse("{\"@type\":\"DataFeedItem\",\"dateCreated\":\"2025-12-03\"}");
    json_object_object_add(wrapper, "item", claim_review("https://factcheck.afp.com/two", "Claim two"));
    json_object *doc = datafeed(list_of(claim_review("https://factcheck.afp.com/one", "Claim one"),
                                        wrapper, NULL));
    json_object_object_add(doc, "name", json_object_new_string("AFP Fact Check feed"));

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

/* Google's feed shape: DataFeedItem.item is a list of Claims, each
   carrying its reviews; each review then reviews that Claim. */
START_TEST(import_a_google_style_datafeed)
{
    json_object *claim = parse(
        "{\"@type\":\"Claim\",\"author\":{\"@type\":\"Person\",\"name\":\"Талгат Ергалиев\"},"
        "\"datePublished\":\"2025-12-01\",\"appearance\":[{\"@type\":\"CreativeWork\","
        "\"url\":\"https://example.kz/maslikhat\"}]}");
    json_object *review = claim_review("https://factcheck.afp.com/google-shape", "Как в Каракасе");
    json_object_object_del(review, "itemReviewed");
    json_object_object_add(claim, "review", list_of(review, NULL, NULL));
    json_object *wrapper = parse("{\"@type\":\"DataFeedItem\"}");
    json_object_object_add(wrapper, "item", list_of(claim, NULL, NULL));

    th_resp r = import_doc("editor", datafeed(list_of(wrapper, NULL, NULL)));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    long long id = th_int(&r, "imported/0/claim_id");
    th_free(&r);
    r = claim_as_editor(id);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Талгат Ергалиев");
    ck_assert_str_eq(th_str(&r, "source_url"), "https://example.kz/maslikhat");
    th_free(&r);
}
END_TEST

START_TEST(import_shapes_seen_in_real_feeds)
{
    json_object *doc;
    th_resp r;

    /* ratingValue and bestRating as text, no worstRating (schema.org's
       default, 1), author a plain string. */
    doc = claim_review("https://stopfake.org/a", "Text rating");
    with(doc, "reviewRating", "{\"@type\":\"Rating\",\"ratingValue\":\"1\",\"bestRating\":\"5\","
                              "\"alternateName\":\"False\"}");
    json_object_object_add(doc, "author", json_object_new_string("StopFake"));
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "StopFake");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "StopFake: False (1/5)");
    th_free(&r);

    /* A ratingValue that is no number is left out of the summary. */
    doc = claim_review("https://stopfake.org/long-value", "Long rating value");
    with(doc, "reviewRating", "{\"@type\":\"Rating\",\"ratingValue\":\"xабвгдежзийклмнопрст\","
                              "\"alternateName\":\"Ложь\"}");
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: Ложь");
    ck_assert_str_eq(th_str(&r, "rating"), "Ложь");
    th_free(&r);

    /* No itemReviewed: claimant "Unknown", said at no known date (not when
       the review was published). */
    doc = claim_review("https://stopfake.org/b", "No item reviewed");
    with(doc, "itemReviewed", NULL);
    with(doc, "datePublished", "\"2025-11-30T08:00:00Z\"");
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Unknown");
    assert_undated(&r, "", "said_at");
    assert_date_prefix(&r, "responses/0/issued_at", "2025-11-30T08:00:00");
    ck_assert_msg(th_get(&r, "source_url") == NULL, "source_url: %s", th_str(&r, "source_url"));
    th_free(&r);

    /* itemReviewed.author as a plain string. */
    doc = claim_review("https://stopfake.org/c", "Author as text");
    with(json_object_object_get(doc, "itemReviewed"), "author", "\"Иван Иванов\"");
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Иван Иванов");
    th_free(&r);

    /* Several appearances, no firstAppearance: the first usable one. */
    doc = claim_review("https://stopfake.org/d", "Appearances as objects");
    with(json_object_object_get(doc, "itemReviewed"), "firstAppearance", NULL);
    with(json_object_object_get(doc, "itemReviewed"), "appearance",
         "[{\"@type\":\"CreativeWork\",\"url\":\"javascript:alert(1)\"},"
         " {\"@type\":\"CreativeWork\",\"url\":\"https://t.me/channel/1\"},"
         " \"https://vk.com/wall-1_2\"]");
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://t.me/channel/1");
    th_free(&r);

    /* firstAppearance wins over appearance. */
    doc = claim_review("https://stopfake.org/f", "First appearance wins");
    with(json_object_object_get(doc, "itemReviewed"), "appearance", "[\"https://t.me/channel/2\"]");
    r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://www.youtube.com/watch?v=abc");
    th_free(&r);

    /* inLanguage "ru", "KK" as a Language object, "en_GB". */
    r = import_and_get(with(claim_review("https://factcheck.kz/ru/1", "Заявление"), "inLanguage", "\"ru\""));
    ck_assert_str_eq(th_str(&r, "language"), "ru");
    th_free(&r);
    r = import_and_get(with(claim_review("https://factcheck.kz/kk/1", "Мәлімдеме"), "inLanguage",
                            "{\"@type\":\"Language\",\"name\":\"Kazakh\",\"alternateName\":\"KK\"}"));
    ck_assert_str_eq(th_str(&r, "language"), "kk");
    th_free(&r);
    r = import_and_get(with(claim_review("https://fullfact.org/x", "Statement"), "inLanguage", "\"en_GB\""));
    ck_assert_str_eq(th_str(&r, "language"), "en-GB");
    th_free(&r);

    /* @type as a list holding ClaimReview. */
    r = import_and_get(with(claim_review("https://stopfake.org/g", "Type as a list"), "@type",
                            "[\"ClaimReview\",\"CreativeWork\"]"));
    ck_assert_str_eq(th_str(&r, "text"), "Type as a list");
    th_free(&r);
}
END_TEST

/* A review without inLanguage is in the desk's configured language, which
   the configuration takes in any case and keeps in RFC 5646 §2.1.1's, as
   POST /claims keeps a claim's ("RU-kz" is "ru-KZ"). */
START_TEST(a_review_without_a_language_is_in_the_desks_in_rfc5646_case)
{
    json_object *doc = claim_review("https://factcheck.kz/ru/upper", "Заявление без языка");
    ck_assert_ptr_null(json_object_object_get(doc, "inLanguage"));
    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "language"), "ru-KZ");
    th_free(&r);
}
END_TEST

/* inLanguage as a language's name, in English, in itself or in the
   desk's languages, or as a Language named so, is its code; a code of
   three letters, or a deprecated one, is its canonical code (CLDR's, by
   ICU). What is no language falls back to the desk's default ("en"). */
START_TEST(a_language_given_by_its_name_is_its_code)
{
    static const char *const cases[][2] = {
        {"\"Russian\"", "ru"},
        {"{\"@type\":\"Language\",\"name\":\"Russian\"}", "ru"},
        {"\"Русский\"", "ru"},
        {"\" ОРЫС ТІЛІ \"", "ru"},
        {"{\"@type\":\"Language\",\"name\":\"қазақ тілі\"}", "kk"},
        {"\"казахский\"", "kk"},
        {"\"rus\"", "ru"},
        {"\"kaz\"", "kk"},
        {"\"iw\"", "he"},
        {"\"eng-GB\"", "en-GB"},
        {"{\"@type\":\"Language\",\"name\":\"Ukrainian\",\"alternateName\":\"uk\"}", "uk"},
        {"{\"@type\":\"Language\",\"name\":\"Kazakh\",\"alternateName\":\"Kazakh\"}", "kk"},
        {"\"Newspeak\"", "en"},
        {"{\"@type\":\"Language\"}", "en"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char url[64], text[64];
        snprintf(url, sizeof url, "https://factcheck.kz/language-%zu", i);
        snprintf(text, sizeof text, "Language case %zu", i);
        th_resp r = import_and_get(with(claim_review(url, text), "inLanguage", cases[i][0]));
        ck_assert_msg(strcmp(th_str(&r, "language"), cases[i][1]) == 0, "%s: %s, expected %s",
                      cases[i][0], th_str(&r, "language"), cases[i][1]);
        th_free(&r);
    }
}
END_TEST

/* inLanguage naming a Language written out elsewhere in the @graph: the
   claim is in that language, not the desk's default. */
START_TEST(a_language_named_by_reference_is_resolved)
{
    json_object *review = with(claim_review("https://fc.example.org/kk", "Тіл сілтемесі"),
                               "inLanguage", "{\"@id\":\"https://fc.example.org/#kazakh\"}");
    json_object *graph = json_object_new_array(), *doc = json_object_new_object();
    json_object_array_add(graph, review);
    json_object_array_add(graph, parse("{\"@type\":\"Language\",\"@id\":\"https://fc.example.org/#kazakh\","
                                       "\"name\":\"Kazakh\",\"alternateName\":\"kk\"}"));
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@graph", graph);
    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "language"), "kk");
    th_free(&r);
}
END_TEST

/* "@type":[null, "ClaimReview"]: the list holds one, so it is one. */
START_TEST(import_survives_a_null_in_type)
{
    th_resp r = import_and_get(with(claim_review(AFP_URL, "Null in type"), "@type",
                                    "[null,\"ClaimReview\"]"));
    ck_assert_str_eq(th_str(&r, "text"), "Null in type");
    th_free(&r);
}
END_TEST

/* An upper-case scheme is a scheme (and the same review as lower case). */
START_TEST(import_of_an_upper_case_scheme)
{
    th_resp r = import_and_get(claim_review("HTTPS://FACTCHECK.AFP.COM/UPPER", "Upper"));
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "HTTPS://FACTCHECK.AFP.COM/UPPER");
    th_free(&r);
    r = import_doc("editor", claim_review("https://factcheck.afp.com/UPPER", "Upper"));
    ck_assert_int_eq(r.status, 200);
    ck_item(&r, 0, "existing");
    th_free(&r);
}
END_TEST

START_TEST(import_takes_at_most_500_items)
{
    expect_refused(many_reviews(501), "out_of_range");

    /* Feed entries without a review are items too. */
    json_object *doc = many_reviews(499);
    json_object *list = json_object_object_get(doc, "dataFeedElement");
    json_object_array_add(list, NULL);
    json_object_array_add(list, NULL);
    expect_refused(doc, "out_of_range");

    th_resp r = import_doc("editor", many_reviews(500));
    ck_assert_msg(r.status == 201, "500 reviews: %d %s", r.status,
                  json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 500);
    ck_assert_int_eq(th_int(&r, "imported/499/claim_id"), 500);
    ck_assert_str_eq(th_str(&r, "items/499/path"), "items.499");
    th_free(&r);
}
END_TEST

/* A long headline is shortened, never the rating in the summary. */
START_TEST(import_keeps_the_rating_of_a_long_headline)
{
    char headline[1300];
    size_t used = 0;
    for (int i = 0; i < 600; i++) {
        memcpy(headline + used, "ж", 2);
        used += 2;
    }
    headline[used] = '\0';
    json_object *doc = claim_review(AFP_URL, "Long headline");
    json_object_object_add(doc, "author", json_object_new_string("AFP Fact Checks"));
    json_object_object_add(doc, "name", json_object_new_string(headline));
    th_resp r = import_and_get(doc);
    const char *summary = th_str(&r, "responses/0/summary");
    ck_assert_msg(utf8_valid(summary), "summary is not valid UTF-8");
    ck_assert_msg(strncmp(summary, "AFP Fact Checks: False (1/5). жжж", 36) == 0,
                  "the rating was dropped from the summary: \"%.60s\"", summary);
    /* 500 letters of 2 bytes and an ellipsis. */
    ck_assert_uint_eq(strlen(summary), strlen("AFP Fact Checks: False (1/5). ") + 1000 + 3);
    th_free(&r);
}
END_TEST

/* ---- where reviews are found ------------------------------------------------------- */

/* A page's JSON-LD: @graph with the site's nodes and two reviews; only the
   reviews are items, in document order. */
START_TEST(import_from_a_graph)
{
    json_object *graph = json_object_new_array(), *doc = json_object_new_object();
    json_object_array_add(graph, parse("{\"@type\":\"WebSite\",\"@id\":\"https://factcheck.afp.com/#site\","
                                       "\"name\":\"AFP Fact Check\"}"));
    json_object_array_add(graph, claim_review("https://factcheck.afp.com/g1", "Graph claim one"));
    json_object_array_add(graph, parse("{\"@type\":\"BreadcrumbList\",\"itemListElement\":[]}"));
    json_object_array_add(graph, claim_review("https://factcheck.afp.com/g2", "Graph claim two"));
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@graph", graph);

    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "items")), 2);
    ck_assert_str_eq(th_str(&r, "items/1/path"), "items.1");
    ck_assert_str_eq(th_str(&r, "items/1/url"), "https://factcheck.afp.com/g2");
    ck_assert_int_eq(th_int(&r, "items/1/claim_id"), 2);
    th_free(&r);
    r = claim_as_editor(2);
    ck_assert_str_eq(th_str(&r, "text"), "Graph claim two");
    th_free(&r);
}
END_TEST

/* A Claim in an @graph whose firstAppearance and appearance name a
   CreativeWork by reference: where the claim was said is that work's url,
   not the reference's own @id (the fact-checker's page). */
START_TEST(an_appearance_given_by_reference_is_the_work_it_names)
{
    json_object *review = claim_review("https://fc.example.org/check-1", "Referenced claim");
    with(review, "itemReviewed", "{\"@id\":\"https://fc.example.org/check-1/#claim\"}");
    json_object *graph = json_object_new_array(), *doc = json_object_new_object();
    json_object_array_add(graph, review);
    json_object_array_add(graph, parse(
        "{\"@type\":\"Claim\",\"@id\":\"https://fc.example.org/check-1/#claim\","
        "\"author\":{\"@type\":\"Person\",\"name\":\"Jane Speaker\"},"
        "\"datePublished\":\"2025-11-20\","
        "\"firstAppearance\":{\"@id\":\"https://fc.example.org/check-1/#appearance\"},"
        "\"appearance\":[{\"@id\":\"https://fc.example.org/check-1/#appearance\"}]}"));
    json_object_array_add(graph, parse(
        "{\"@type\":\"CreativeWork\",\"@id\":\"https://fc.example.org/check-1/#appearance\","
        "\"url\":\"https://twitter.com/jane/status/1\"}"));
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@graph", graph);

    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "source_url"), "https://twitter.com/jane/status/1");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Jane Speaker");
    th_free(&r);
}
END_TEST

/* A reference that gives its @type too ({"@type": "Organization", "@id":
   ...}, as Yoast writes it) is resolved like a bare one, whether it comes
   before or after the node it names: the reviewer is that node's name,
   not its host's. */
START_TEST(a_reference_with_its_type_is_resolved)
{
    json_object *review = claim_review("https://fc2.example.org/check", "Typed reference claim");
    with(review, "author", "{\"@type\":\"Organization\",\"@id\":\"https://fc2.example.org/#org\"}");
    json_object *graph = json_object_new_array(), *doc = json_object_new_object();
    json_object_array_add(graph, parse("{\"@type\":\"WebSite\",\"@id\":\"https://fc2.example.org/#site\","
        "\"publisher\":{\"@type\":\"Organization\",\"@id\":\"https://fc2.example.org/#org\"}}"));
    json_object_array_add(graph, review);
    json_object_array_add(graph, parse("{\"@type\":\"Organization\",\"@id\":\"https://fc2.example.org/#org\","
        "\"name\":\"Real Fact Check Name\",\"url\":\"https://fc2.example.org/\"}"));
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@graph", graph);

    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "Real Fact Check Name");
    th_free(&r);
}
END_TEST

/* Pages' markup put one after another in a list, each naming its claim
   "_:b0": each review takes the claimant and date of its own page's
   claim, not of the first page's. */
START_TEST(blank_nodes_are_resolved_within_their_own_entry)
{
    json_object *list = json_object_new_array();
    static const char *const who[2][3] = {{"https://fc.example.org/a", "First blank claim", "Alice Speaker"},
                                          {"https://fc.example.org/b", "Second blank claim", "Bob Speaker"}};
    static const char *const said[2] = {"2025-05-01", "2025-05-20"};
    for (int i = 0; i < 2; i++) {
        char claim[512];
        json_object *review = claim_review(who[i][0], who[i][1]);
        with(review, "itemReviewed", "{\"@id\":\"_:b0\"}");
        snprintf(claim, sizeof claim, "{\"@type\":\"Claim\",\"@id\":\"_:b0\",\"author\":"
                 "{\"@type\":\"Person\",\"name\":\"%s\"},\"datePublished\":\"%s\"}",
                 who[i][2], said[i]);
        json_object *page = json_object_new_object(), *graph = json_object_new_array();
        json_object_array_add(graph, review);
        json_object_array_add(graph, parse(claim));
        json_object_object_add(page, "@context", json_object_new_string("https://schema.org"));
        json_object_object_add(page, "@graph", graph);
        json_object_array_add(list, page);
    }
    th_resp r = import_doc("editor", list);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    th_free(&r);
    for (int i = 0; i < 2; i++) {
        r = claim_as_editor(i + 1);
        ck_assert_str_eq(th_str(&r, "text"), who[i][1]);
        ck_assert_str_eq(th_str(&r, "claimant/name"), who[i][2]);
        assert_date_prefix(&r, "said_at", said[i]);
        th_free(&r);
    }
}
END_TEST

/* A WebPage whose mainEntity is the review: the page's url is the review's. */
START_TEST(import_the_main_entity_of_a_webpage)
{
    json_object *review = claim_review(AFP_URL, "Main entity claim");
    json_object_object_del(review, "url");
    json_object *page = parse("{\"@context\":\"https://schema.org\",\"@type\":\"WebPage\","
                              "\"url\":\"https://factcheck.afp.com/main-entity\"}");
    json_object_object_add(page, "mainEntity", review);

    th_resp r = import_and_get(page);
    ck_assert_str_eq(th_str(&r, "text"), "Main entity claim");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://factcheck.afp.com/main-entity");
    th_free(&r);
}
END_TEST

/* The page and its review side by side in an @graph, the page naming the
   review by @id: the review is still the page's main entity, with its url
   and language, as when it is written inside the page. */
/* An @graph of page (a WebPage's JSON) and, beside it, the review of
   text with the @id "#review1" and no url of its own. */
static json_object *page_beside_its_review(const char *page, const char *text)
{
    json_object *review = claim_review(AFP_URL, text), *graph = json_object_new_array();
    json_object *doc = json_object_new_object();
    json_object_object_del(review, "url");
    json_object_object_del(review, "@context");
    json_object_object_add(review, "@id", json_object_new_string("#review1"));
    json_object_array_add(graph, parse(page));
    json_object_array_add(graph, review);
    json_object_object_add(doc, "@context", json_object_new_string("https://schema.org"));
    json_object_object_add(doc, "@graph", graph);
    return doc;
}

START_TEST(a_main_entity_named_by_reference_takes_its_page)
{
    json_object *doc = page_beside_its_review(
        "{\"@type\":\"WebPage\",\"@id\":\"https://fullfact.org/x/page1/\","
        "\"url\":\"https://fullfact.org/x/page1/\","
        "\"mainEntity\":{\"@id\":\"#review1\"},\"inLanguage\":\"en-GB\"}", "Graph claim one");

    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "text"), "Graph claim one");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://fullfact.org/x/page1/");
    ck_assert_str_eq(th_str(&r, "language"), "en-GB");
    th_free(&r);
}
END_TEST

/* The review naming its page by reference (mainEntityOfPage: {"@id"}),
   the page beside it in the @graph, as WordPress's SEO plugins write it:
   the review's url and language are the page's. The page's @id, a
   fragment of it, was taken as the url, and the desk's language as the
   claim's: a Russian claim's notice written in English. */
START_TEST(a_page_named_by_reference_from_its_review_gives_its_url_and_language)
{
    json_object *doc = page_beside_its_review(
        "{\"@type\":\"WebPage\",\"@id\":\"https://www.stopfake.org/ru/x1/#webpage\","
        "\"url\":\"https://www.stopfake.org/ru/x1/\",\"inLanguage\":\"ru-RU\"}",
        "Граница закрыта");
    json_object *graph = json_object_object_get(doc, "@graph");
    json_object *review = json_object_array_get_idx(graph, 1), *page = json_object_new_object();
    json_object_object_add(page, "@id",
                           json_object_new_string("https://www.stopfake.org/ru/x1/#webpage"));
    json_object_object_add(review, "mainEntityOfPage", page);

    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "text"), "Граница закрыта");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://www.stopfake.org/ru/x1/");
    ck_assert_str_eq(th_str(&r, "language"), "ru-RU");
    th_free(&r);
}
END_TEST

/* The same with the mainEntity naming the review with its @type too: one
   item, the review, which takes its page; the reference is no review of
   its own. */
START_TEST(a_main_entity_named_with_its_type_takes_its_page)
{
    json_object *doc = page_beside_its_review(
        "{\"@type\":\"WebPage\",\"@id\":\"https://fullfact.org/x/page2/\","
        "\"url\":\"https://fullfact.org/x/page2/\",\"inLanguage\":\"kk\","
        "\"mainEntity\":{\"@type\":\"ClaimReview\",\"@id\":\"#review1\"}}", "Graph claim typed");

    th_resp r = import_doc("editor", doc);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "items")), 1);
    ck_item(&r, 0, "imported");
    th_free(&r);
    r = claim_as_editor(1);
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://fullfact.org/x/page2/");
    ck_assert_str_eq(th_str(&r, "language"), "kk");
    th_free(&r);
}
END_TEST

/* A feed whose entries name the reviewer by reference, once bare and once
   with its @type, and write it out once at the feed's level: the entry's
   typed reference does not hide the feed's node. */
START_TEST(a_reference_in_a_feed_entry_finds_the_node_outside_it)
{
    json_object *review = claim_review("https://fc3.example.org/check", "Feed level reviewer claim");
    with(review, "author", "{\"@id\":\"https://fc3.example.org/#org\"}");
    with(review, "publisher", "{\"@type\":\"Organization\",\"@id\":\"https://fc3.example.org/#org\"}");
    json_object *item = parse("{\"@type\":\"DataFeedItem\"}");
    json_object_object_add(item, "item", review);
    json_object *doc = datafeed(list_of(item, NULL, NULL));
    with(doc, "publisher", "{\"@type\":\"Organization\",\"@id\":\"https://fc3.example.org/#org\","
                           "\"name\":\"Feed Level Org Name\",\"url\":\"https://fc3.example.org/\"}");

    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "Feed Level Org Name");
    th_free(&r);
}
END_TEST

/* A WordPress page's JSON-LD: the WebPage inside @graph, its mainEntity the
   review, whose author is a reference to the site's organisation. */
START_TEST(import_a_webpage_inside_a_graph)
{
    th_resp r = import_and_get(fixture("webpage-graph.json"));
    ck_assert_str_eq(th_str(&r, "text"), "Crime in Astana is \xE2\x80\x9Clike in Caracas\xE2\x80\x9D & getting worse");
    ck_assert_str_eq(th_str(&r, "responses/0/url"), "https://www.factcheck.example/2025/12/astana-caracas/");
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "Factcheck Example");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"),
                     "Factcheck Example: False (1/5). Astana is not as dangerous as Caracas");
    assert_date_prefix(&r, "responses/0/issued_at", "2025-12-03T09:15:00");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Talgat Ergaliev");
    ck_assert_str_eq(th_str(&r, "claimant/role"), "deputy of the Astana city council");
    ck_assert_str_eq(th_str(&r, "source_url"), "https://www.youtube.com/watch?v=maslikhat-session");
    ck_assert_str_eq(th_str(&r, "language"), "en-US");       /* the page's inLanguage */
    th_free(&r);
}
END_TEST

/* A DataFeed with a null entry and a DataFeedItem without item (both
   skipped with their reasons), Google's shape dated by its entry, a review
   repeated with its url spelt differently, and the rest imported. */
START_TEST(a_datafeed_with_gaps_imports_the_rest)
{
    th_resp r = import_doc("editor", fixture("feed-with-gaps.json"));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "items")), 6);
    ck_item(&r, 0, "imported");
    assert_skipped(&r, 1, "invalid_value", "items.1");
    ck_assert_str_eq(th_str(&r, "items/1/error/message"), "items.1 is null");
    assert_skipped(&r, 2, "missing_field", "items.2.item");
    ck_item(&r, 3, "imported");
    assert_skipped(&r, 4, "duplicate", "items.4");
    ck_assert_str_eq(th_str(&r, "items/4/duplicate_of"), "items.0");
    ck_item(&r, 5, "imported");
    ck_assert_int_eq(th_int(&r, "counts/imported"), 3);
    ck_assert_int_eq(th_int(&r, "counts/existing"), 0);
    ck_assert_int_eq(th_int(&r, "counts/skipped"), 3);
    ck_assert_str_eq(th_str(&r, "skipped/0/path"), "items.1");
    ck_assert_str_eq(th_str(&r, "skipped/1/error/field"), "items.2.item");
    long long google = th_int(&r, "items/3/claim_id");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 3);

    r = claim_as_editor(google);
    ck_assert_str_eq(th_str(&r, "text"), "Petrol prices will not rise before 2027");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Ministry of Energy of Kazakhstan");
    ck_assert_str_eq(th_str(&r, "claimant/type"), "organization");
    assert_date_prefix(&r, "said_at", "2025-12-04");
    assert_date_prefix(&r, "responses/0/issued_at", "2025-12-05T12:00:00");   /* dateCreated */
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "Factcheck.kz: Misleading");
    th_free(&r);
}
END_TEST

/* With no datePublished on the review: the entry's dateCreated, else its
   dateModified; none of them: the review is undated (never dated by the
   claim, which a notice would then show as the day the fact-checker
   answered), and imported. */
START_TEST(a_review_date_falls_back_in_order)
{
    json_object *a = with(claim_review("https://factcheck.afp.com/d1", "Dated by its entry"),
                          "datePublished", NULL);
    json_object *entry_a = parse("{\"@type\":\"DataFeedItem\",\"dateCreated\":\"2025-12-10\","
                                 "\"dateModified\":\"2025-12-11\"}");
    json_object_object_add(entry_a, "item", a);
    json_object *b = with(claim_review("https://factcheck.afp.com/d2", "Dated when modified"),
                          "datePublished", NULL);
    json_object *entry_b = parse("{\"@type\":\"DataFeedItem\",\"dateModified\":\"2025-12-11T10:00:00+05:00\"}");
    json_object_object_add(entry_b, "item", b);
    json_object *c = with(claim_review("https://factcheck.afp.com/d3", "Dated by nobody"),
                          "datePublished", NULL);
    with(json_object_object_get(c, "itemReviewed"), "datePublished", NULL);

    th_resp r = import_doc("editor", datafeed(list_of(entry_a, entry_b, c)));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "counts/imported"), 3);
    th_free(&r);
    r = claim_as_editor(1);
    assert_date_prefix(&r, "responses/0/issued_at", "2025-12-10");
    th_free(&r);
    r = claim_as_editor(2);
    assert_date_prefix(&r, "responses/0/issued_at", "2025-12-11T05:00:00");
    th_free(&r);
    r = claim_as_editor(3);
    assert_undated(&r, "", "said_at");
    assert_undated(&r, "responses/0", "issued_at");
    assert_undated(&r, "responses/0", "issued_on");
    th_free(&r);
    /* the timeline says so; its events happened when the desk learnt of them */
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE claim_id = 3"
                               " AND type IN ('claim_recorded', 'response_linked')"
                               " AND payload->>'date_unknown' = 'true'"
                               " AND occurred_at > now() - interval '1 hour'"), 2);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE claim_id = 1"
                               " AND payload ? 'date_unknown'"), 0);
}
END_TEST

/* ---- how values are spelt --------------------------------------------------------- */

START_TEST(claim_reviewed_as_a_one_element_list)
{
    th_resp r = import_and_get(with(claim_review(AFP_URL, "x"), "claimReviewed",
                                    "[\"Astana is as dangerous as Caracas\"]"));
    ck_assert_str_eq(th_str(&r, "text"), "Astana is as dangerous as Caracas");
    th_free(&r);
}
END_TEST

START_TEST(rating_value_as_a_value_object)
{
    th_resp r = import_and_get(with(claim_review(AFP_URL, "Value object"), "reviewRating",
        "{\"@type\":\"Rating\",\"ratingValue\":{\"@value\":\"2\"},\"bestRating\":[5],"
        "\"worstRating\":{\"@value\":1},\"alternateName\":[{\"@value\":\"Mostly False\"}]}"));
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: Mostly False (2/5)");
    ck_assert_str_eq(th_str(&r, "rating"), "Mostly False");
    th_free(&r);
}
END_TEST

/* The desk's published review of imported claim id, out of GET
   /feeds/claimreview: its reviewRating as JSON text (malloc'd). */
static char *feed_rating_of(long long id)
{
    char url[96];
    th_resp r = th_call("GET", "/feeds/claimreview", NULL, NULL, NULL);
    ck_assert_msg(r.status == 200, "feed: %d", r.status);
    json_object *doc = json_tokener_parse(json_object_get_string(r.body)), *elements, *rating;
    th_free(&r);
    ck_assert_msg(json_object_object_get_ex(doc, "dataFeedElement", &elements), "no elements");
    snprintf(url, sizeof url, "https://factcheck.kz/claims/%lld", id);
    char *text = NULL;
    for (size_t i = 0; i < json_object_array_length(elements); i++) {
        json_object *review = json_object_array_get_idx(elements, i), *at;
        if (json_object_object_get_ex(review, "url", &at) &&
            strcmp(json_object_get_string(at), url) == 0 &&
            json_object_object_get_ex(review, "reviewRating", &rating))
            text = strdup(json_object_to_json_string_ext(rating, JSON_C_TO_STRING_PLAIN));
    }
    json_object_put(doc);
    ck_assert_msg(text != NULL, "claim %lld is not in the feed", id);
    return text;
}

/* The claim's rating_as_written, which must be a boolean. */
static bool as_written(const th_resp *r)
{
    json_object *flag = th_get(r, "rating_as_written");
    ck_assert_msg(json_object_is_type(flag, json_type_boolean), "rating_as_written: %s",
                  json_object_to_json_string(flag));
    return json_object_get_boolean(flag);
}

/* A moderator's review of claim id at version: status rebutted, rating
   (NULL: keep), published. Returns the new version. */
static long long moderate(long long id, long long version, const char *rating)
{
    char path[64], body[256];
    snprintf(path, sizeof path, "/claims/%lld/review", id);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"rebutted\"%s%s%s,"
             "\"publish\":true}", version, rating ? ",\"rating\":\"" : "", rating ? rating : "",
             rating ? "\"" : "");
    th_resp r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_msg(r.status == 200, "POST %s: %d %s", path, r.status,
                  json_object_to_json_string(r.body));
    long long next = th_int(&r, "version");
    th_free(&r);
    return next;
}

/* AFP's "Mostly False" is 2 on AFP's scale of 1 to 6; the desk has a
   "Mostly False" of its own, 2 of 1 to 5. The imported words are AFP's
   (rating_as_written): published, they are shown as words, never with the
   desk's numbers or translation, until a moderator gives the claim a
   rating of the desk's, in other words or the same. */
START_TEST(imported_words_are_never_read_as_the_desks_rating)
{
    th_resp r = import_and_get(with(claim_review(AFP_URL, "Imported verdict"), "reviewRating",
        "{\"@type\":\"Rating\",\"ratingValue\":2,\"bestRating\":6,\"worstRating\":1,"
        "\"alternateName\":\"Mostly False\"}"));
    long long id = th_int(&r, "id"), version = th_int(&r, "version");
    ck_assert_str_eq(th_str(&r, "rating"), "Mostly False");

    ck_assert(as_written(&r));
    th_free(&r);

    /* published with the rating kept: AFP's words, no numbers */
    version = moderate(id, version, NULL);
    char *rating = feed_rating_of(id);
    ck_assert_str_eq(rating, "{\"@type\":\"Rating\",\"alternateName\":\"Mostly False\"}");
    free(rating);
    r = claim_as_editor(id);
    ck_assert(as_written(&r));
    th_free(&r);
    /* a moderator who gives the desk's "Mostly False" gives the desk's
       verdict, on the desk's scale, in the desk's words */
    version = moderate(id, version, "Mostly False");
    rating = feed_rating_of(id);
    ck_assert_str_eq(rating, "{\"@type\":\"Rating\",\"alternateName\":\"Mostly false\","
                             "\"ratingValue\":2,\"bestRating\":5,\"worstRating\":1}");
    free(rating);
    r = claim_as_editor(id);
    ck_assert(!as_written(&r));
    th_free(&r);
    /* which the timeline records as a rating change in the same words:
       readers now see the desk's label, colour and value */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_events WHERE claim_id = %lld"
             " AND type = 'rating_changed' AND payload->>'from' = 'Mostly False'"
             " AND payload->>'to' = 'Mostly False' AND payload->'as_written' = 'false'", id);
    ck_assert_int_eq(fresh_int(sql), 1);
    /* and an omitted rating keeps it the desk's, with no event of it */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_events WHERE claim_id = %lld"
             " AND type = 'rating_changed'", id);
    long long changes = fresh_int(sql);
    moderate(id, version, NULL);
    ck_assert_int_eq(fresh_int(sql), changes);
    rating = feed_rating_of(id);
    ck_assert_str_eq(rating, "{\"@type\":\"Rating\",\"alternateName\":\"Mostly false\","
                             "\"ratingValue\":2,\"bestRating\":5,\"worstRating\":1}");
    free(rating);
}
END_TEST

/* A published claim whose review changes: where the rating is still the
   import's words, readers see the new words at once, the moderators'
   status and publication as they were; a rating the desk gave stays the
   desk's. Either way the new verdict is linked as a rebuttal. */
START_TEST(a_changed_review_updates_only_the_imports_own_words)
{
    th_resp r = import_and_get(claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    long long id = th_int(&r, "id");
    moderate(id, th_int(&r, "version"), NULL);
    th_free(&r);
    r = import_doc("editor", changed_review("2025-12-10"));
    ck_item(&r, 0, "changed");
    th_free(&r);
    char *rating = feed_rating_of(id);
    ck_assert_str_eq(rating, "{\"@type\":\"Rating\",\"alternateName\":\"True\"}");
    free(rating);
    r = claim_as_editor(id);
    ck_assert_str_eq(th_str(&r, "status"), "rebutted");
    ck_assert(as_written(&r));
    th_free(&r);

    json_object *other = claim_review("https://factcheck.afp.com/other", "Other claim");
    r = import_and_get(other);
    long long desk = th_int(&r, "id");
    moderate(desk, th_int(&r, "version"), "Mostly False");
    th_free(&r);
    other = changed_review("2025-12-10");
    json_object_object_add(other, "url", json_object_new_string("https://factcheck.afp.com/other"));
    json_object_object_add(other, "claimReviewed", json_object_new_string("Other claim"));
    r = import_doc("editor", other);
    ck_item(&r, 0, "changed");
    th_free(&r);
    r = claim_as_editor(desk);
    ck_assert_str_eq(th_str(&r, "rating"), "Mostly False");    /* the desk's key, as given */
    ck_assert(!as_written(&r));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 2);
    th_free(&r);
}
END_TEST

/* A review imported undated, then changed (with no dateModified: dated
   when the desk learnt of it): the undated verdict is ordered where the
   desk recorded it, before its revision, never after it as if it were the
   latest. */
START_TEST(an_undated_verdict_comes_before_its_revision)
{
    json_object *doc = with(claim_review(AFP_URL, "Astana is as dangerous as Caracas"),
                            "datePublished", NULL);
    th_resp r = import_and_get(doc);
    long long id = th_int(&r, "id");
    th_free(&r);
    r = import_doc("editor", with(changed_review(NULL), "datePublished", NULL));
    ck_item(&r, 0, "changed");
    th_free(&r);
    r = claim_as_editor(id);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 2);
    assert_undated(&r, "responses/0", "issued_at");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: False (1/5)");
    ck_assert_str_eq(th_str(&r, "responses/1/summary"), "AFP Fact Check: True (5/5)");
    th_free(&r);
}
END_TEST

/* A review whose author is its writer, imported by an earlier release
   under the writer's name: imported again, now named after its
   publisher, it is the same review, and a changed verdict is heard. */
START_TEST(a_review_imported_under_its_writers_name_keeps_its_history)
{
    json_object *doc = with(claim_review(AFP_URL, "Astana is as dangerous as Caracas"), "author",
                            "{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"}");
    with(doc, "publisher", "{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\"}");
    th_resp r = import_and_get(json_object_get(doc));
    long long id = th_int(&r, "id");
    th_free(&r);
    /* as the earlier release wrote it */
    ck_assert_int_eq(fresh_int("WITH a AS (UPDATE ct_responses SET by_name = 'Aigerim Sadykova',"
                               " summary = 'Aigerim Sadykova: False (1/5)' RETURNING 1),"
                               " b AS (UPDATE ct_imports SET reviewer = 'Aigerim Sadykova' RETURNING 1)"
                               " SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)"), 2);
    r = import_doc("editor", doc);
    ck_item(&r, 0, "existing");
    th_free(&r);
    json_object *changed = with(changed_review("2025-12-10"), "author",
                                "{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"}");
    with(changed, "publisher", "{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\"}");
    r = import_doc("editor", changed);
    ck_item(&r, 0, "changed");
    th_free(&r);
    r = claim_as_editor(id);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "responses")), 2);
    ck_assert_str_eq(th_str(&r, "responses/1/summary"), "AFP Fact Check: True (5/5)");
    ck_assert_str_eq(th_str(&r, "rating"), "True");
    th_free(&r);
}
END_TEST

/* Whether the review queue lists claim id. */
static bool in_the_queue(long long id)
{
    th_resp r = th_call("GET", "/review-queue", "moderator", "{\"limit\":\"100\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    bool found = false;
    for (size_t i = 0; i < json_object_array_length(r.body); i++)
        found = found || json_object_get_int64(json_object_object_get(
                             json_object_array_get_idx(r.body, i), "id")) == id;
    th_free(&r);
    return found;
}

/* A published claim whose fact-checker changed the verdict goes back to
   the review queue (review_requested_at, staff only), whatever whose
   words its rating is; a stale copy of the review does not send it, and
   the moderators' next review takes it out. */
START_TEST(a_changed_verdict_goes_back_to_the_review_queue)
{
    th_resp r = import_and_get(claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    long long id = th_int(&r, "id");
    long long version = moderate(id, th_int(&r, "version"), "Mostly False");
    th_free(&r);
    ck_assert(!in_the_queue(id));
    r = import_doc("editor", claim_review(AFP_URL, "Astana is as dangerous as Caracas"));
    ck_item(&r, 0, "existing");
    th_free(&r);
    ck_assert(!in_the_queue(id));

    r = import_doc("editor", changed_review("2025-12-10"));
    ck_item(&r, 0, "changed");
    th_free(&r);
    ck_assert(in_the_queue(id));
    r = claim_as_editor(id);
    ck_assert_ptr_nonnull(th_get(&r, "review_requested_at"));
    ck_assert_str_eq(th_str(&r, "status"), "rebutted");
    ck_assert(th_get(&r, "published") && json_object_get_boolean(th_get(&r, "published")));
    version = th_int(&r, "version");
    th_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/claims/%lld", id);
    r = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(th_get(&r, "review_requested_at"));     /* readers never see it */
    th_free(&r);

    moderate(id, version, NULL);
    ck_assert(!in_the_queue(id));
    r = claim_as_editor(id);
    ck_assert_ptr_null(th_get(&r, "review_requested_at"));
    th_free(&r);
}
END_TEST

START_TEST(type_as_a_full_iri)
{
    json_object *http = with(claim_review("https://factcheck.afp.com/iri-http", "Http IRI"), "@type",
                             "\"http://schema.org/ClaimReview\"");
    json_object *https = with(claim_review("https://factcheck.afp.com/iri-https", "Https IRI"), "@type",
                              "[\"https://schema.org/ClaimReview\"]");
    json_object *prefixed = with(claim_review("https://factcheck.afp.com/iri-prefix", "Prefixed"), "@type",
                                 "\"schema:ClaimReview\"");
    th_resp r = import_doc("editor", list_of(http, https, prefixed));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "counts/imported"), 3);
    th_free(&r);
    r = claim_as_editor(2);
    ck_assert_str_eq(th_str(&r, "text"), "Https IRI");
    th_free(&r);
}
END_TEST

/* A verdict written as a sentence of 254 characters is the claim's rating. */
START_TEST(an_alternate_name_of_254_characters)
{
    ck_assert_uint_eq(strlen(VERDICT_254), 254);
    json_object *doc = claim_review(AFP_URL, "A long verdict");
    json_object_object_add(json_object_object_get(doc, "reviewRating"), "alternateName",
                           json_object_new_string(VERDICT_254));
    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "rating"), VERDICT_254);
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AFP Fact Check: " VERDICT_254 " (1/5)");
    th_free(&r);
}
END_TEST

/* A reviewer known only by its url (or sameAs) is named after its host. */
START_TEST(an_author_known_only_by_url)
{
    th_resp r = import_and_get(with(claim_review("https://www.politifact.com/factchecks/1/", "By url"),
        "author", "{\"@type\":\"Organization\",\"url\":\"https://www.politifact.com/\"}"));
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "politifact.com");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "politifact.com: False (1/5)");
    th_free(&r);

    r = import_and_get(with(claim_review("https://fullfact.org/health/1", "By sameAs"),
        "author", "[{\"@type\":\"Organization\",\"sameAs\":[\"https://twitter.com/FullFact\"]}]"));
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "twitter.com");
    th_free(&r);

    /* No author at all: the site the review is published on. */
    r = import_and_get(with(claim_review("https://www.stopfake.org/en/claim-1/", "No author"),
                            "author", NULL));
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "stopfake.org");
    th_free(&r);
}
END_TEST

/* The reviewer is the organisation behind the verdict: where the author
   names the person who wrote the fact check, the Organization among the
   authors, else the publisher when it is one; a person stays the
   reviewer only when no organisation is named. */
START_TEST(the_reviewer_is_the_organisation_not_the_writer)
{
    static const char *const cases[][3] = {
        /* author, publisher, the reviewer's name */
        {"{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"}",
         "{\"@type\":\"Organization\",\"name\":\"Factcheck.kz\"}", "Factcheck.kz"},
        {"[{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"},"
         " {\"@type\":\"Person\",\"name\":\"Ivan Petrov\"}]",
         "{\"@type\":\"NewsMediaOrganization\",\"name\":\"Vlast.kz\"}", "Vlast.kz"},
        {"[{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"},"
         " {\"@type\":\"Organization\",\"name\":\"StopFake\"}]", NULL, "StopFake"},
        {"[{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"},"
         " {\"@id\":\"#org\"}]", NULL, "Factcheck.kz (by id)"},
        {"{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"}",
         "{\"@type\":\"Person\",\"name\":\"Ivan Petrov\"}", "Aigerim Sadykova"},
        {"{\"@type\":\"Person\",\"name\":\"Aigerim Sadykova\"}", NULL, "Aigerim Sadykova"},
        {"\"AFP Fact Check\"", "{\"@type\":\"Organization\",\"name\":\"AFP\"}", "AFP Fact Check"},
        {"{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\"}",
         "{\"@type\":\"Organization\",\"name\":\"AFP\"}", "AFP Fact Check"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char url[64], text[64];
        snprintf(url, sizeof url, "https://factcheck.kz/reviewer-%zu", i);
        snprintf(text, sizeof text, "Reviewer case %zu", i);
        json_object *review = with(claim_review(url, text), "author", cases[i][0]);
        json_object *doc = review;
        if (cases[i][1])
            with(review, "publisher", cases[i][1]);
        if (strstr(cases[i][0], "#org")) {
            with(review, "@id", "\"#review\"");
            doc = parse("{\"@context\":\"https://schema.org\",\"@graph\":[{\"@id\":\"#org\","
                        "\"@type\":\"Organization\",\"name\":\"Factcheck.kz (by id)\"}]}");
            json_object_array_add(json_object_object_get(doc, "@graph"), review);
        }
        th_resp r = import_and_get(doc);
        ck_assert_msg(strcmp(th_str(&r, "responses/0/by/name"), cases[i][2]) == 0,
                      "case %zu: %s, expected %s", i, th_str(&r, "responses/0/by/name"), cases[i][2]);
        th_free(&r);
    }
}
END_TEST

/* Google's documented example has no datePublished on the review: it is
   undated (not dated by the claim), and its claimant is an organisation. */
START_TEST(googles_example_without_a_review_date)
{
    th_resp r = import_and_get(fixture("google-example.json"));
    ck_assert_str_eq(th_str(&r, "text"), "The world is flat");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Square World Society");
    ck_assert_str_eq(th_str(&r, "claimant/type"), "organization");
    assert_date_prefix(&r, "said_at", "2016-06-20");
    assert_undated(&r, "responses/0", "issued_at");
    ck_assert_str_eq(th_str(&r, "responses/0/by/name"), "Example.com science watch");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "Example.com science watch: False (1/5)");
    ck_assert_str_eq(th_str(&r, "source_url"),
                     "https://example.flatworlders.com/we-know-that-the-world-is-flat");
    ck_assert_str_eq(th_str(&r, "rating"), "False");
    th_free(&r);
}
END_TEST

/* No usable numeric scale (-1 on -1/-1, a value outside its scale, a
   bound that is no number, a best below the worst, which "value/best"
   would show as "5/1"): the summary shows the words alone. */
START_TEST(a_rating_without_a_usable_scale_shows_the_words_alone)
{
    static const struct {
        const char *rating;
        const char *summary;
    } cases[] = {
        {"{\"ratingValue\":\"-1\",\"worstRating\":\"-1\",\"bestRating\":\"-1\","
         "\"alternateName\":\"Fuzzy math\"}", "The Washington Post: Fuzzy math"},
        {"{\"ratingValue\":7,\"worstRating\":1,\"bestRating\":5,\"alternateName\":\"False\"}",
         "The Washington Post: False"},
        {"{\"ratingValue\":2,\"bestRating\":\"five\",\"alternateName\":\"Faux\"}",
         "The Washington Post: Faux"},
        {"{\"ratingValue\":4.5,\"worstRating\":0,\"bestRating\":5,\"alternateName\":\"Mostly true\"}",
         "The Washington Post: Mostly true (4.5/5)"},
        {"{\"ratingValue\":\"2\",\"worstRating\":\"1\",\"bestRating\":\"5\"}", "The Washington Post: 2/5"},
        {"{\"ratingValue\":5,\"worstRating\":5,\"bestRating\":1,\"alternateName\":\"False\"}",
         "The Washington Post: False"},
        {"{\"ratingValue\":1,\"worstRating\":5,\"bestRating\":1,\"alternateName\":\"True\"}",
         "The Washington Post: True"},
    };
    for (int i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
        char url[96], text[32];
        snprintf(url, sizeof url, "https://www.washingtonpost.com/fact-checker/%d", i);
        snprintf(text, sizeof text, "Scale case %d", i);
        json_object *doc = with(claim_review(url, text), "reviewRating", cases[i].rating);
        json_object_object_add(doc, "author", json_object_new_string("The Washington Post"));
        th_resp r = import_and_get(doc);
        ck_assert_str_eq(th_str(&r, "responses/0/summary"), cases[i].summary);
        th_free(&r);
    }
}
END_TEST

/* A Rating that leaves out worstRating or bestRating is on schema.org's
   default scale for what it omits, 1 to 5: its number is kept when it
   lies there, and only then. */
START_TEST(a_rating_without_its_bounds_is_on_schema_orgs_default_scale)
{
    static const struct {
        const char *rating;
        const char *summary;
    } cases[] = {
        {"{\"ratingValue\":2,\"bestRating\":5,\"alternateName\":\"Faux\"}", "AFP Fact Check: Faux (2/5)"},
        {"{\"ratingValue\":3,\"alternateName\":\"Half true\"}", "AFP Fact Check: Half true (3/5)"},
        {"{\"ratingValue\":\"1\",\"bestRating\":\"5\",\"alternateName\":\"False\"}",
         "AFP Fact Check: False (1/5)"},
        {"{\"ratingValue\":8,\"bestRating\":10,\"alternateName\":\"Mostly true\"}",
         "AFP Fact Check: Mostly true (8/10)"},
        {"{\"ratingValue\":0,\"bestRating\":5,\"alternateName\":\"Pants on fire\"}",
         "AFP Fact Check: Pants on fire"},
        {"{\"ratingValue\":6,\"worstRating\":1,\"alternateName\":\"True\"}", "AFP Fact Check: True"},
        /* a worst alone describes no scale that the default 5 would end */
        {"{\"ratingValue\":6,\"worstRating\":6,\"alternateName\":\"Pants on fire\"}",
         "AFP Fact Check: Pants on fire"},
        {"{\"ratingValue\":-1,\"worstRating\":-1,\"alternateName\":\"Fuzzy math\"}",
         "AFP Fact Check: Fuzzy math"},
        {"{\"ratingValue\":1,\"worstRating\":1,\"alternateName\":\"False\"}", "AFP Fact Check: False"},
    };
    for (int i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
        char url[96], text[32];
        snprintf(url, sizeof url, "https://factcheck.afp.com/default-scale/%d", i);
        snprintf(text, sizeof text, "Default scale case %d", i);
        th_resp r = import_and_get(with(claim_review(url, text), "reviewRating", cases[i].rating));
        ck_assert_str_eq(th_str(&r, "responses/0/summary"), cases[i].summary);
        th_free(&r);
    }
}
END_TEST

/* The claimant is an organisation when its @type is Organization or below
   it; a Person's jobTitle is the claimant's role. */
START_TEST(a_claimant_organisation_is_stored_as_such)
{
    static const char *const authors[] = {
        "{\"@type\":\"GovernmentOrganization\",\"name\":\"Akimat of Astana\"}",
        "{\"@type\":\"https://schema.org/PoliticalParty\",\"name\":\"Amanat\"}",
        "{\"@type\":\"Organization\",\"url\":\"https://www.akorda.kz/\"}",
        "{\"@type\":\"Person\",\"name\":\"Erlan Karin\",\"jobTitle\":{\"@type\":\"DefinedTerm\","
        "\"name\":\"State Counsellor\"}}",
        "{\"@type\":\"Person\",\"sameAs\":\"https://twitter.com/someone\"}",
    };
    static const char *const expected[][3] = {
        {"Akimat of Astana", "organization", ""}, {"Amanat", "organization", ""},
        {"akorda.kz", "organization", ""}, {"Erlan Karin", "person", "State Counsellor"},
        {"Unknown", "person", ""},
    };
    for (int i = 0; i < 5; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://factcheck.kz/claimant/%d", i);
        json_object *doc = claim_review(url, "Who said it");
        with(json_object_object_get(doc, "itemReviewed"), "author", authors[i]);
        th_resp r = import_and_get(doc);
        ck_assert_str_eq(th_str(&r, "claimant/name"), expected[i][0]);
        ck_assert_str_eq(th_str(&r, "claimant/type"), expected[i][1]);
        ck_assert_str_eq(th_str(&r, "claimant/role"), expected[i][2]);
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims WHERE claimant_type = 'organization'"), 3);
}
END_TEST

/* HTML-escaped (also twice) and marked-up text is stored as plain text. */
START_TEST(escaped_and_marked_up_text_is_plain_text)
{
    json_object *doc = with(claim_review(AFP_URL, "x"), "claimReviewed",
        "\"<p>The wall &amp;quot;pays for itself&amp;quot; &#8212; <b>twice</b></p>\\n"
        "<p>over&nbsp;&nbsp;the  next <i>ten</i> years<script>alert(1)</script></p>\"");
    with(json_object_object_get(doc, "itemReviewed"), "author",
         "{\"@type\":\"Person\",\"name\":\"Jos&eacute; P&eacute;rez\",\"jobTitle\":\"<em>senator</em>\"}");
    with(doc, "reviewRating", "{\"@type\":\"Rating\",\"alternateName\":\"Mostly &lt;i&gt;false&lt;/i&gt;\"}");
    with(doc, "author", "{\"@type\":\"Organization\",\"name\":\"AT&amp;T Fact Desk\"}");
    th_resp r = import_and_get(doc);
    ck_assert_str_eq(th_str(&r, "text"),
                     "The wall \"pays for itself\" \xE2\x80\x94 twice over the next ten years");
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Jos\xC3\xA9 P\xC3\xA9rez");
    ck_assert_str_eq(th_str(&r, "claimant/role"), "senator");
    ck_assert_str_eq(th_str(&r, "rating"), "Mostly false");
    ck_assert_str_eq(th_str(&r, "responses/0/summary"), "AT&T Fact Desk: Mostly false");
    th_free(&r);

    /* Plain text with a "<" that is no markup, and an "&" that is no entity. */
    r = import_and_get(claim_review("https://factcheck.afp.com/lt", "Inflation is < 5 % & falling"));
    ck_assert_str_eq(th_str(&r, "text"), "Inflation is < 5 % & falling");
    th_free(&r);
}
END_TEST

/* A "<" is markup only where it begins one of HTML's elements that is
   closed (or empty): escaped or not, angle brackets in a claim's words are
   its words, never a tag that swallows the rest of the claim. */
START_TEST(angle_brackets_in_words_are_kept)
{
    static const char *const cases[][2] = {
        {"He called it &lt;fake news&gt; on TV", "He called it <fake news> on TV"},
        {"Says the &lt;script&gt; tag is dangerous", "Says the <script> tag is dangerous"},
        {"If a<b then turnout fell", "If a<b then turnout fell"},
        {"Turnout was <50% in 2024 and a<b", "Turnout was <50% in 2024 and a<b"},
        {"Crime <b>fell</b> by &lt;10%", "Crime fell by <10%"},
        {"Shares rose &lt;i&gt;twice&lt;/i&gt;<br>in a year", "Shares rose twice in a year"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://factcheck.afp.com/angle-%zu", i);
        th_resp r = import_and_get(claim_review(url, cases[i][0]));
        ck_assert_msg(strcmp(th_str(&r, "text"), cases[i][1]) == 0, "case %zu: %s", i,
                      th_str(&r, "text"));
        th_free(&r);
    }
}
END_TEST

/* A start tag that nothing closes, with "</" or "</e" cut short as the
   text's last characters, is text; the end is read within the text at
   every length around the reader's buffer sizes (256, 512 bytes), where
   the check for a closing tag once read a byte past the end. */
START_TEST(markup_cut_short_at_the_end_is_text)
{
    static const char *const forms[][2] = {{"<b>", "</"}, {"<em>", "</e"}};
    static const size_t totals[] = {250, 253, 254, 255, 256, 257, 509, 510, 511, 512, 513};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++)
        for (size_t t = 0; t < sizeof totals / sizeof totals[0]; t++) {
            size_t total = totals[t];
            char text[600], url[80];
            size_t fill = total - strlen(forms[f][0]) - strlen(forms[f][1]);
            snprintf(text, sizeof text, "%s%.*s%s", forms[f][0], (int)fill,
                     "Crime in the capital is like Caracas, the deputy said on air, and the police "
                     "refuted it on the same day with figures of every district; the mayor called "
                     "it unfounded and the deputy apologised in a statement published at noon, yet "
                     "articles kept repeating the claim for weeks after, in print and online, with "
                     "no correction beside it, and readers wrote in to ask which figure was true; "
                     "the desk answered each of them, one by one, with the police statement and the "
                     "mayor's reply and a link to the apology of the deputy, given in full",
                     forms[f][1]);
            ck_assert_uint_eq(strlen(text), total);
            snprintf(url, sizeof url, "https://factcheck.afp.com/cut-short-%zu-%zu", f, total);
            th_resp r = import_and_get(claim_review(url, text));
            ck_assert_msg(strcmp(th_str(&r, "text"), text) == 0, "%zu bytes: %s", total,
                          th_str(&r, "text"));
            th_free(&r);
        }
}
END_TEST

/* Dates as fact-checkers write them. A date-time without an offset is the
   newsroom's wall-clock time, as a date alone is its midnight: 20:00 on
   the 22nd stays the 22nd in a newsroom east of UTC, not 20:00 UTC (the
   23rd there). An offset of hours alone ("+09") and a fraction finer than
   PostgreSQL's microseconds (.NET's "o" format writes seven digits) are
   read, not refused. */
START_TEST(dates_are_read_as_fact_checkers_write_them)
{
    static const char *const cases[][3] = {
        /* itemReviewed.datePublished, the review's datePublished, said_at, issued_at */
        {"2025-12-22T20:00:00", "2025-12-22T23:30:00", "2025-12-22T11:00:00+00:00"},
        {"2025-12-22T20:00:00+09", "2025-12-22T23:30:00-05", "2025-12-22T11:00:00+00:00"},
        {"2025-12-22T20:00:00.1234567+09:00", "2025-12-22T23:30:00.5Z",
         "2025-12-22T11:00:00.123456+00:00"},
        {"2025-12-22T20:00", "2025-12-22", "2025-12-22T11:00:00+00:00"},
    };
    static const char *const issued[] = {
        "2025-12-22T14:30:00+00:00", "2025-12-23T04:30:00+00:00", "2025-12-22T23:30:00.5+00:00",
        "2025-12-21T15:00:00+00:00",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char url[64], value[64];
        snprintf(url, sizeof url, "https://factcheck.afp.com/dates-%zu", i);
        json_object *doc = claim_review(url, "Dates as written");
        snprintf(value, sizeof value, "\"%s\"", cases[i][0]);
        with(json_object_object_get(doc, "itemReviewed"), "datePublished", value);
        snprintf(value, sizeof value, "\"%s\"", cases[i][1]);
        with(doc, "datePublished", value);
        th_resp r = import_and_get(doc);
        ck_assert_msg(strcmp(th_str(&r, "said_at"), cases[i][2]) == 0, "case %zu: said_at %s",
                      i, th_str(&r, "said_at"));
        ck_assert_msg(strcmp(th_str(&r, "responses/0/issued_at"), issued[i]) == 0,
                      "case %zu: issued_at %s", i, th_str(&r, "responses/0/issued_at"));
        ck_assert_str_eq(th_str(&r, "responses/0/issued_on"), i == 1 || i == 2 ? "2025-12-23" : "2025-12-22");
        th_free(&r);
    }
}
END_TEST

/* A date alone with an offset (xsd:date, as some feeds write it) is that
   day, as the fact-checker wrote it: the same as the date without one,
   never the day its midnight falls on in the newsroom. An offset no
   date-time may have is still a bad date. */
START_TEST(a_date_with_an_offset_is_that_day)
{
    static const char *const written[] = {"2025-12-22Z", "2025-12-22+05:00", "2025-12-22-11:00",
                                          "2025-12-22+0500", " 2025-12-22+14 "};
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
        char url[64], value[32];
        snprintf(url, sizeof url, "https://factcheck.afp.com/xsd-date-%zu", i);
        json_object *doc = claim_review(url, "Dated by an xsd:date");
        snprintf(value, sizeof value, "\"%s\"", written[i]);
        with(json_object_object_get(doc, "itemReviewed"), "datePublished", value);
        with(doc, "datePublished", value);
        th_resp r = import_and_get(doc);
        ck_assert_msg(strcmp(th_str(&r, "said_at"), "2025-12-22T00:00:00+00:00") == 0,
                      "%s: said_at %s", written[i], th_str(&r, "said_at"));
        ck_assert_msg(strcmp(th_str(&r, "responses/0/issued_on"), "2025-12-22") == 0,
                      "%s: issued_on %s", written[i], th_str(&r, "responses/0/issued_on"));
        th_free(&r);
    }
    static const char *const bad[] = {"\"2025-12-22+15:00\"", "\"2025-12-22Q\"",
                                      "\"2025-12-22Z+05:00\"", "\"2025-12-22+\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://factcheck.afp.com/bad-xsd-date-%zu", i);
        json_object *doc = claim_review(url, "A date that is none");
        with(doc, "datePublished", bad[i]);
        th_resp r = import_doc("editor", doc);
        assert_skipped(&r, 0, "invalid_date", "items.0.datePublished");
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 5);
}
END_TEST

/* A date of a year or a month alone (ISO 8601's reduced precision, as
   some feeds date a claim) is no day: the claim, or the review, is
   undated, as one with no date is, and neither takes the other's date.
   The item is imported, not skipped. */
START_TEST(a_date_of_a_year_or_a_month_is_no_day)
{
    static const char *const periods[] = {"2024", "2024-07", " 2025 "};
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        char url[64], value[32];
        snprintf(url, sizeof url, "https://factcheck.afp.com/period-%zu", i);
        json_object *doc = claim_review(url, "Said some time that year");
        snprintf(value, sizeof value, "\"%s\"", periods[i]);
        with(json_object_object_get(doc, "itemReviewed"), "datePublished", value);
        th_resp r = import_and_get(doc);
        assert_undated(&r, "", "said_at");
        ck_assert_msg(strcmp(th_str(&r, "responses/0/issued_on"), "2025-12-03") == 0,
                      "%s: the review's %s", periods[i], th_str(&r, "responses/0/issued_on"));
        th_free(&r);
    }
    json_object *doc = with(claim_review("https://factcheck.afp.com/review-year", "Reviewed that year"),
                            "datePublished", "\"2025\"");
    th_resp r = import_and_get(doc);
    assert_undated(&r, "responses/0", "issued_on");
    assert_date_prefix(&r, "said_at", "2025-12-01");
    th_free(&r);
    /* a month that is none is no period: a bad date, as before */
    doc = claim_review("https://factcheck.afp.com/month-13", "Month thirteen");
    with(json_object_object_get(doc, "itemReviewed"), "datePublished", "\"2024-13\"");
    r = import_doc("editor", doc);
    assert_skipped(&r, 0, "invalid_date", "items.0.itemReviewed.datePublished");
    th_free(&r);
}
END_TEST

/* A review published, or a claim said, after today is refused with its
   field: a notice would date a rebuttal that has not happened. Tomorrow
   (UTC) is still today somewhere, so it is taken; a future date of the
   feed entry is passed over like any unusable one. */
START_TEST(a_date_in_the_future_is_refused)
{
    char tomorrow[16], value[32];
    time_t later = time(NULL) + 24 * 60 * 60;
    struct tm utc;
    gmtime_r(&later, &utc);
    strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &utc);

    json_object *list = json_object_new_array();
    json_object_array_add(list, with(claim_review("https://factcheck.afp.com/future-review", "Future review"),
                                     "datePublished", "\"2999-01-01\""));
    json_object *said_later = claim_review("https://factcheck.afp.com/future-claim", "Future claim");
    with(json_object_object_get(said_later, "itemReviewed"), "datePublished",
         "\"2999-01-01T10:00:00+05:00\"");
    json_object_array_add(list, said_later);
    snprintf(value, sizeof value, "\"%s\"", tomorrow);
    json_object_array_add(list, with(claim_review("https://factcheck.afp.com/tomorrow", "Tomorrow"),
                                     "datePublished", value));
    /* an instant is judged as an instant: tomorrow at 23:30 at -11:00 is
       the day after in UTC, more than a day ahead; twenty hours from now
       written at +14:00 is near enough, whatever day it is there */
    char instant[48];
    snprintf(instant, sizeof instant, "\"%sT23:30:00-11:00\"", tomorrow);
    json_object_array_add(list, with(claim_review("https://factcheck.afp.com/west", "West"),
                                     "datePublished", instant));
    time_t soon = time(NULL) + 20 * 60 * 60 + 14 * 60 * 60;
    gmtime_r(&soon, &utc);
    strftime(instant, sizeof instant, "\"%Y-%m-%dT%H:%M:%S+14:00\"", &utc);
    json_object_array_add(list, with(claim_review("https://factcheck.afp.com/east", "East"),
                                     "datePublished", instant));
    th_resp r = import_doc("editor", list);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    assert_skipped(&r, 0, "invalid_date", "items.0.datePublished");
    assert_skipped(&r, 1, "invalid_date", "items.1.itemReviewed.datePublished");
    ck_item(&r, 2, "imported");
    assert_skipped(&r, 3, "invalid_date", "items.3.datePublished");
    ck_item(&r, 4, "imported");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 2);

    json_object *entry = parse("{\"@type\":\"DataFeedItem\",\"dateCreated\":\"2999-01-01\","
                               "\"dateModified\":\"2025-12-05\"}");
    json_object_object_add(entry, "item", with(claim_review("https://factcheck.afp.com/entry", "Entry"),
                                               "datePublished", NULL));
    r = import_and_get(datafeed(list_of(entry, NULL, NULL)));
    ck_assert_str_eq(th_str(&r, "responses/0/issued_on"), "2025-12-05");
    th_free(&r);
}
END_TEST

/* ---- identity -------------------------------------------------------------------- */

/* An aggregator gives several reviews one url: each is its own claim. */
START_TEST(two_reviews_sharing_a_url_are_two_claims)
{
    json_object *other_claimant = claim_review(AFP_URL, "Astana is as dangerous as Caracas");
    with(json_object_object_get(other_claimant, "itemReviewed"), "author",
         "{\"@type\":\"Person\",\"name\":\"Another deputy\"}");
    json_object *doc = list_of(claim_review(AFP_URL, "Astana is as dangerous as Caracas"),
                               claim_review(AFP_URL, "Almaty is as dangerous as Caracas"),
                               other_claimant);
    th_resp r = import_doc("editor", json_object_get(doc));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(th_int(&r, "counts/imported"), 3);
    ck_assert_int_eq(th_int(&r, "items/2/claim_id"), 3);
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(DISTINCT canonical_url) FROM ct_imports"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports"), 3);

    r = import_doc("editor", doc);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "counts/existing"), 3);
    ck_assert_int_eq(th_int(&r, "existing/1/claim_id"), 2);
    th_free(&r);
}
END_TEST

/* The same review with its url spelt differently is the same review. */
START_TEST(a_url_spelt_differently_is_the_same_review)
{
    static const char *const same[] = {
        "HTTPS://WWW.Example.com:443/a/?utm_source=x#top", "http://www.example.com/a/",
        "http://www.example.com:80/a?utm_campaign=z&utm_medium=y", "https://www.example.com/a#claim",
    };
    static const char *const other[] = {
        "https://www.example.com/a?id=7&utm_source=x", "https://www.example.com/A",
        "https://example.com/a",
    };
    th_resp r = import_doc("editor", claim_review("https://www.example.com/a", "One review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        r = import_doc("editor", claim_review(same[i], "One review"));
        ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                      th_int(&r, "items/0/claim_id") == 1, "%s: %d %s", same[i], r.status,
                      json_object_to_json_string(r.body));
        ck_assert_str_eq(th_str(&r, "existing/0/url"), same[i]);
        th_free(&r);
    }
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        r = import_doc("editor", claim_review(other[i], "One review"));
        ck_assert_msg(r.status == 201, "%s: %d %s", other[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 4);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports"
                               " WHERE canonical_url = 'https://www.example.com/a?id=7'"), 1);
}
END_TEST

/* A url written with its characters (an IRI: "проверка") and the same url
   percent-encoded, in either case of hex, or with an unreserved character
   encoded ("%63" for "c"), name one review (RFC 3986, 6.2.2); an encoded
   "/" is not a "/". */
#define IRI_PATH "https://factcheck.kz/\u043f\u0440\u043e\u0432\u0435\u0440\u043a\u0430"
#define PCT_PATH "https://factcheck.kz/%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B0"
#define PCT_QUERY "?q=%D0%BA%D0%B0%D1%80%D0%B0%D0%BA%D0%B0%D1%81"
START_TEST(a_url_percent_encoded_is_the_same_review)
{
    static const char *const same[] = {
        PCT_PATH "/caracas" PCT_QUERY,
        "https://factcheck.kz/%d0%bf%d1%80%d0%be%d0%b2%d0%b5%d1%80%d0%ba%d0%b0/caracas"
        "?q=%d0%ba%d0%b0%d1%80%d0%b0%d0%ba%d0%b0%d1%81",
        PCT_PATH "/%63aracas?q=\u043a\u0430\u0440\u0430\u043a\u0430\u0441",
    };
    th_resp r = import_doc("editor", claim_review(IRI_PATH "/caracas?q=\u043a\u0430\u0440\u0430\u043a"
                                                  "\u0430\u0441", "One review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        r = import_doc("editor", claim_review(same[i], "One review"));
        ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                      th_int(&r, "items/0/claim_id") == 1, "%s: %d %s", same[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);
    }
    r = import_doc("editor", claim_review(IRI_PATH "%2Fcaracas", "One review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    /* a url libcurl cannot read (no such port) is known as written, and
       its percent-encoding is normalised all the same */
    r = import_doc("editor", claim_review("https://factcheck.kz:99999/п", "One review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = import_doc("editor", claim_review("https://factcheck.kz:99999/%d0%bf", "One review"));
    ck_assert_msg(r.status == 200 && th_int(&r, "items/0/claim_id") == 3, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 3);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE canonical_url = '"
                               PCT_PATH "/caracas" PCT_QUERY "'"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE canonical_url = '"
                               PCT_PATH "%2Fcaracas'"), 1);
}
END_TEST

/* The claim's text and claimant with their letters composed (NFC, "й" as
   U+0439) and decomposed (NFD, "и" and a combining breve, as macOS and
   some editors write them) are one text: the review is one claim. */
START_TEST(a_claim_written_decomposed_is_the_same_review)
{
    static const char nfc[] = "\u041f\u0440\u0435\u0441\u0442\u0443\u043f\u043d\u043e\u0441\u0442\u044c"
                              " \u043a\u0430\u043a \u0432 \u041a\u0430\u0440\u0430\u043a\u0430\u0441\u0435,"
                              " \u0441\u043a\u0430\u0437\u0430\u043b \u0421\u0435\u0440\u0433\u0435\u0439";
    static const char nfd[] = "\u041f\u0440\u0435\u0441\u0442\u0443\u043f\u043d\u043e\u0441\u0442\u044c"
                              " \u043a\u0430\u043a \u0432 \u041a\u0430\u0440\u0430\u043a\u0430\u0441\u0435,"
                              " \u0441\u043a\u0430\u0437\u0430\u043b \u0421\u0435\u0440\u0433\u0435\u0438\u0306";
    json_object *doc = claim_review("https://factcheck.kz/nfc", nfc);
    with(json_object_object_get(doc, "itemReviewed"), "author",
         "{\"@type\":\"Person\",\"name\":\"\u0410\u043b\u0435\u043a\u0441\u0435\u0439\"}");
    th_resp r = import_doc("editor", doc);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    doc = claim_review("https://factcheck.kz/nfc", nfd);
    with(json_object_object_get(doc, "itemReviewed"), "author",
         "{\"@type\":\"Person\",\"name\":\"\u0410\u043b\u0435\u043a\u0441\u0435\u0438\u0306\"}");
    r = import_doc("editor", doc);
    ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                  th_int(&r, "items/0/claim_id") == 1, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 1);
}
END_TEST

/* Code points a reader sees nothing of (Unicode's default ignorables: a
   zero width space, a soft hyphen, a word joiner) in the claim's text or
   its claimant do not make another review: the same review with them and
   without is one claim. A review imported before they were left out of
   its key (by a build that kept them), whose key sql/039 could not give
   today's form (an editor changed its text since), is found when it comes
   again as it was, and takes today's key. */
#define PLAIN_TEXT "\u041f\u0440\u0435\u0441\u0442\u0443\u043f\u043d\u043e\u0441\u0442\u044c" \
                   " \u043a\u0430\u043a \u0432 \u041a\u0430\u0440\u0430\u043a\u0430\u0441\u0435"
START_TEST(a_claim_with_invisible_code_points_is_the_same_review)
{
    static const char *const same[] = {
        "\u041f\u0440\u0435\u00ad\u0441\u0442\u0443\u043f\u043d\u043e\u0441\u0442\u044c"
        " \u043a\u0430\u043a \u0432 \u041a\u0430\u0440\u0430\u043a\u0430\u0441\u0435",
        "\u041f\u0440\u0435\u0441\u0442\u0443\u043f\u043d\u043e\u0441\u0442\u044c"
        " \u043a\u0430\u043a\u200b \u0432 \u041a\u0430\u0440\u0430\u043a\u0430\u0441\u0435\u2060",
        "\ufeff" PLAIN_TEXT};
    th_resp r = import_doc("editor", claim_review("https://factcheck.kz/zw", PLAIN_TEXT));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        r = import_doc("editor", claim_review("https://factcheck.kz/zw", same[i]));
        ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                      th_int(&r, "items/0/claim_id") == 1, "%zu: %d %s", i, r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);
    }
    /* in the claimant's name too */
    json_object *doc = claim_review("https://factcheck.kz/zw", PLAIN_TEXT);
    with(json_object_object_get(doc, "itemReviewed"), "author",
         "{\"@type\":\"Person\",\"name\":\"Talgat\u200b Ergaliev\",\"jobTitle\":\"deputy\"}");
    r = import_doc("editor", doc);
    ck_assert_msg(r.status == 200 && th_int(&r, "items/0/claim_id") == 1, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 1);

    /* stored by a build that kept them in the key */
    r = import_doc("editor", claim_review("https://factcheck.kz/zw2", same[1]));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
#define OLD_KEY "encode(sha256(convert_to(normalize('" "\u041f\u0440\u0435\u0441\u0442\u0443" \
    "\u043f\u043d\u043e\u0441\u0442\u044c \u043a\u0430\u043a\u200b \u0432 \u041a\u0430\u0440" \
    "\u0430\u043a\u0430\u0441\u0435\u2060', NFC) || E'\\nTalgat Ergaliev', 'UTF8')), 'hex')"
    ck_assert_int_eq(fresh_int("UPDATE ct_imports SET review_key = " OLD_KEY
                               " WHERE claim_id = 2 RETURNING claim_id"), 2);
    /* the same text again: found by the key as it was, which takes today's */
    r = import_doc("editor", claim_review("https://factcheck.kz/zw2", same[1]));
    ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                  th_int(&r, "items/0/claim_id") == 2, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    /* and so without them too */
    r = import_doc("editor", claim_review("https://factcheck.kz/zw2", PLAIN_TEXT));
    ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                  th_int(&r, "items/0/claim_id") == 2, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE claim_id = 2"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE review_key = " OLD_KEY), 0);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports i JOIN ct_imports j"
                               " ON j.claim_id = 1 AND i.review_key = j.review_key"
                               " WHERE i.claim_id = 2"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 2);
#undef OLD_KEY
}
END_TEST

/* A host outside ASCII as an IRI writes it, in either case, and in
   punycode is one host: the review is one claim, known by the punycode
   spelling. An identity stored before with the host as the import then
   spelt it (percent-encoded UTF-8) is found, and takes the punycode
   spelling. */
#define IRI_HOST "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444"
#define IRI_HOST_UPPER "https://\u041f\u0420\u0418\u041c\u0415\u0420.\u0420\u0424"
#define ACE_HOST "https://xn--e1afmkfd.xn--p1ai"
#define PCT_HOST "https://%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84"
START_TEST(a_host_outside_ascii_is_the_same_review_in_punycode)
{
    static const char *const same[] = {ACE_HOST "/review/1", IRI_HOST_UPPER "/review/1"};
    th_resp r = import_doc("editor", claim_review(IRI_HOST "/review/1", "One review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        r = import_doc("editor", claim_review(same[i], "One review"));
        ck_assert_msg(r.status == 200 && strcmp(th_str(&r, "items/0/status"), "existing") == 0 &&
                      th_int(&r, "items/0/claim_id") == 1, "%s: %d %s", same[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);
    }
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE canonical_url = '"
                               ACE_HOST "/review/1'"), 1);

    /* stored before, with the host percent-encoded */
    r = import_doc("editor", claim_review(ACE_HOST "/review/2", "Another review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    ck_assert_int_eq(fresh_int("UPDATE ct_imports SET canonical_url = '" PCT_HOST "/review/2'"
                               " WHERE claim_id = 2 RETURNING claim_id"), 2);
    r = import_doc("editor", claim_review(IRI_HOST "/review/2", "Another review"));
    ck_assert_msg(r.status == 200 && th_int(&r, "items/0/claim_id") == 2, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE canonical_url = '"
                               ACE_HOST "/review/2'"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 2);

    /* stored before as written: percent-encoded, that url was longer than
       an identity may be (2,058 bytes), though in punycode it fits */
    char long_url[2100];
    snprintf(long_url, sizeof long_url, IRI_HOST "/%0*d", 2000, 0);
    r = import_doc("editor", claim_review(long_url, "A long review"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    ck_assert_int_eq(fresh_int("UPDATE ct_imports SET canonical_url = review_url WHERE claim_id = 3"
                               " RETURNING claim_id"), 3);
    r = import_doc("editor", claim_review(long_url, "A long review"));
    ck_assert_msg(r.status == 200 && th_int(&r, "items/0/claim_id") == 3, "%d %s", r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports WHERE claim_id = 3"
                               " AND canonical_url LIKE '" ACE_HOST "/%'"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 3);
}
END_TEST

/* A url libcurl would make longer than a url may be (it encodes each
   stray "%" of a host as "%25") identifies its review as written: the
   review is imported, and its identity fits the index. */
START_TEST(a_url_that_grows_when_made_canonical)
{
    char url[1100], sql[1300];
    snprintf(url, sizeof url, "https://factcheck%0*d.example.org/review", 1000, 0);
    memset(url + strlen("https://factcheck"), '%', 1000);
    th_resp r = import_doc("editor", claim_review(url, "One review"));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    th_free(&r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_imports WHERE canonical_url = '%s'", url);
    ck_assert_int_eq(fresh_int(sql), 1);
}
END_TEST

/* No claim id in both lists of one reply. */
static void assert_disjoint(const th_resp *r)
{
    json_object *imported = th_get(r, "imported"), *existing = th_get(r, "existing");
    for (size_t i = 0; i < json_object_array_length(imported); i++)
        for (size_t j = 0; j < json_object_array_length(existing); j++)
            ck_assert_msg(json_object_get_int64(json_object_object_get(
                              json_object_array_get_idx(imported, i), "claim_id")) !=
                          json_object_get_int64(json_object_object_get(
                              json_object_array_get_idx(existing, j), "claim_id")),
                          "a claim both imported and existing: %s", json_object_to_json_string(r->body));
}

/* Repeated within one document: imported once, then skipped as a
   duplicate naming the first; again later: existing once, duplicate again. */
START_TEST(a_review_repeated_in_one_document_is_imported_once)
{
    json_object *doc = list_of(claim_review(AFP_URL, "Repeated review"),
                               claim_review(AFP_URL "/?utm_medium=social", "Repeated review"),
                               claim_review("https://factcheck.afp.com/other", "Other review"));
    th_resp r = import_doc("editor", json_object_get(doc));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_item(&r, 0, "imported");
    assert_skipped(&r, 1, "duplicate", "items.1");
    ck_assert_str_eq(th_str(&r, "items/1/duplicate_of"), "items.0");
    ck_assert_str_eq(th_str(&r, "skipped/0/duplicate_of"), "items.0");
    ck_item(&r, 2, "imported");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "existing")), 0);
    assert_disjoint(&r);
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 2);

    r = import_doc("editor", doc);
    ck_assert_int_eq(r.status, 200);
    ck_item(&r, 0, "existing");
    assert_skipped(&r, 1, "duplicate", "items.1");
    ck_item(&r, 2, "existing");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 0);
    assert_disjoint(&r);
    th_free(&r);
}
END_TEST

/* ---- partial imports ------------------------------------------------------------- */

/* Each bad item is skipped and named; the good one is imported. */
START_TEST(bad_items_are_skipped_and_named)
{
    json_object *list = json_object_new_array();
    json_object_array_add(list, with(claim_review(AFP_URL, "No url"), "url", NULL));
    json_object_array_add(list, claim_review("javascript:alert(1)", "Script url"));
    json_object_array_add(list, with(claim_review(AFP_URL, "x"), "claimReviewed", NULL));
    json_object *bad_date = claim_review("https://factcheck.afp.com/bad-date", "Bad date");
    /* an offset PostgreSQL refuses: a clear skip, not a 500 for the whole import */
    with(json_object_object_get(bad_date, "itemReviewed"), "datePublished", "\"2025-12-01T10:00:00+15:00\"");
    json_object_array_add(list, bad_date);
    json_object_array_add(list, parse("{\"@type\":\"Review\",\"url\":\"https://example.org/r\"}"));
    json_object_array_add(list, claim_review("https://factcheck.afp.com/fine", "Fine"));

    th_resp r = import_doc("editor", list);
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    assert_skipped(&r, 0, "missing_field", "items.0.url");
    assert_skipped(&r, 1, "invalid_url", "items.1.url");
    ck_assert_str_eq(th_str(&r, "items/1/url"), "javascript:alert(1)");
    assert_skipped(&r, 2, "missing_field", "items.2.claimReviewed");
    assert_skipped(&r, 3, "invalid_date", "items.3.itemReviewed.datePublished");
    assert_skipped(&r, 4, "invalid_value", "items.4");
    ck_item(&r, 5, "imported");
    ck_assert_int_eq(th_int(&r, "items/5/claim_id"), 1);
    ck_assert_int_eq(th_int(&r, "counts/skipped"), 5);
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 1);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports"), 1);
}
END_TEST

/* Every item skipped: 200 with the report, and nothing written. */
START_TEST(a_document_of_bad_items_is_200_with_the_report)
{
    json_object *list = list_of(with(claim_review(AFP_URL, "No url"), "url", NULL), NULL, NULL);
    long long before = all_rows();

    json_object_array_add(list, NULL);
    json_object_array_add(list, with(claim_review(AFP_URL, "x"), "claimReviewed", "\"  <p> </p>\""));
    th_resp r = import_doc("editor", datafeed(list));
    ck_assert_msg(r.status == 200, "%d %s", r.status, json_object_to_json_string(r.body));
    assert_skipped(&r, 0, "missing_field", "items.0.url");
    assert_skipped(&r, 1, "invalid_value", "items.1");
    assert_skipped(&r, 2, "empty", "items.2.claimReviewed");
    ck_assert_int_eq(th_int(&r, "counts/imported"), 0);
    ck_assert_int_eq(th_int(&r, "counts/skipped"), 3);
    th_free(&r);
    ck_assert_int_eq(all_rows(), before);
}
END_TEST

/* The database refuses one item (here a trigger of the test): that item is
   rolled back to its savepoint and skipped, the others are kept, and it
   imports later as new, since its identity was rolled back with it. */
START_TEST(a_database_refusal_skips_only_that_item)
{
    const char *state = th_sql_exec_on(fresh_db,
        "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN IF NEW.text LIKE '%refuse me%' THEN RAISE EXCEPTION 'refused by the test';"
        " END IF; RETURN NEW; END $$;"
        "CREATE TRIGGER test_refuse BEFORE INSERT ON ct_claims"
        " FOR EACH ROW EXECUTE FUNCTION test_refuse()");
    ck_assert_msg(state[0] != 'E', "trigger: %s", state);
    th_resp r = import_doc("editor", list_of(claim_review("https://factcheck.afp.com/0", "Kept zero"),
                                             claim_review("https://factcheck.afp.com/1", "Please refuse me"),
                                             claim_review("https://factcheck.afp.com/2", "Kept two")));
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_item(&r, 0, "imported");
    assert_skipped(&r, 1, "db_error", "items.1");
    ck_item(&r, 2, "imported");
    th_free(&r);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 2);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_imports"), 2);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_responses"), 2);

    th_sql_exec_on(fresh_db, "DROP TRIGGER test_refuse ON ct_claims");
    r = import_doc("editor", claim_review("https://factcheck.afp.com/1", "Please refuse me"));
    ck_assert_int_eq(r.status, 201);
    ck_item(&r, 0, "imported");
    th_free(&r);
}
END_TEST

/* Only a document with no ClaimReview anywhere is refused whole. */
START_TEST(a_document_that_is_not_jsonld_is_refused_whole)
{
    static const char *const docs[] = {
        "{\"hello\":\"world\"}",
        "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"No review\"}",
        "[1,2,3]",
        "[]",
        "{\"@type\":\"DataFeed\",\"dataFeedElement\":[]}",
        "{\"@type\":\"DataFeed\",\"dataFeedElement\":[null,{\"@type\":\"DataFeedItem\"}]}",
        "{\"@type\":\"DataFeed\"}",
        "{\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":\"Review\",\"url\":\"https://e.org/r\"}]}",
    };
    th_resp r = import_doc("editor", claim_review(AFP_URL, "Something to count"));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        long long before = all_rows();
        r = import_doc("editor", parse(docs[i]));
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), "invalid_value") == 0 &&
                      strstr(th_str(&r, "error/message"), "no schema.org ClaimReview"),
                      "%s: %d %s", docs[i], r.status, json_object_to_json_string(r.body));
        th_free(&r);
        ck_assert_int_eq(all_rows(), before);
    }
}
END_TEST

/* One bad item in a batch no longer costs the batch. */
START_TEST(a_bad_item_skips_only_itself)
{
    json_object *bad = with(claim_review("https://factcheck.afp.com/2", "Item two"), "claimReviewed", NULL);
    th_resp r = import_doc("editor", datafeed(list_of(claim_review("https://factcheck.afp.com/0", "Item zero"),
                                                      claim_review("https://factcheck.afp.com/1", "Item one"),
                                                      bad)));
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "imported")), 2);
    assert_skipped(&r, 2, "missing_field", "items.2.claimReviewed");
    ck_assert_str_eq(th_str(&r, "skipped/0/url"), "https://factcheck.afp.com/2");
    th_free(&r);
}
END_TEST

/* ---- the command line: claimtrack import -------------------------------------------- */

/*
 * Run the command-line host built beside the plugin under test (plain or
 * sanitised) on the fresh database: `claimtrack ... import ARGS`, through
 * the shell (ARGS may redirect). Its output (stdout and stderr) into out;
 * returns the exit status.
 */
static int run_import_cli(const char *args, char *out, size_t size)
{
    const char *plugin = getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
    char dir[512], command[4096];

    snprintf(dir, sizeof dir, "%s", plugin);
    snprintf(command, sizeof command,
             "%s/claimtrack --plugin %s --as editor:cli-test --config "
             "'{\"database\":\"%s dbname=%s\",\"language\":\"en\",\"pool_size\":1,"
             "\"outbound\":{\"workers\":false}}' import %s 2>&1",
             dirname(dir), plugin, th_db(), fresh_db, args);
    FILE *pipe = popen(command, "r");
    ck_assert_msg(pipe != NULL, "cannot run %s", command);
    size_t used = fread(out, 1, size - 1, pipe);
    out[used] = '\0';
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(the_command_line_imports_a_feed)
{
    char out[8192];
    int status = run_import_cli("tests/claimreview/feed-with-gaps.json", out, sizeof out);
    ck_assert_msg(status == 0, "exit %d: %s", status, out);
    ck_assert_msg(strstr(out, "imported 3, existing 0, changed 0, skipped 3 of 6 items in ") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "  skipped items.1: items.1 is null (invalid_value)\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "  skipped items.4: items.4 is the same review as items.0 (duplicate)\n"),
                  "%s", out);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 3);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE actor_id = 'cli-test'"
                               " AND type = 'claim_recorded'"), 3);
    /* Each says on its timeline where it came from. */
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_events WHERE actor_id = 'cli-test'"
                               " AND type = 'claim_imported' AND payload ? 'review_url'"
                               " AND payload ? 'reviewer'"), 3);

    /* Again, from standard input: everything is known. */
    status = run_import_cli("- < tests/claimreview/feed-with-gaps.json", out, sizeof out);
    ck_assert_msg(status == 0, "exit %d: %s", status, out);
    ck_assert_msg(strstr(out, "imported 0, existing 3, changed 0, skipped 3 of 6 items in ") != NULL, "%s", out);
}
END_TEST

/* A document with no ClaimReview is refused whole: exit status 1. */
START_TEST(the_command_line_reports_a_refused_document)
{
    static const char website[] = "{\"@type\":\"WebSite\",\"name\":\"x\"}";
    char out[8192], path[] = "/tmp/ct-cli-XXXXXX";
    long long before = all_rows();
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, website, strlen(website)), (ssize_t)strlen(website));
    close(fd);
    char args[64];
    snprintf(args, sizeof args, "%s", path);
    int status = run_import_cli(args, out, sizeof out);
    unlink(path);
    ck_assert_msg(status == 1, "exit %d: %s", status, out);
    ck_assert_msg(strstr(out, "refused whole: 400 invalid_value") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "imported 0, existing 0, changed 0, skipped 0 of 0 items") != NULL, "%s", out);
    ck_assert_int_eq(all_rows(), before);
}
END_TEST

/*
 * 1,100 reviews go as three requests of at most 500 items, yet the report
 * names items of the whole file: the null at 777 and, at 1,050, a review
 * the first request imported (its url spelt differently), which the third
 * request finds existing and the command reports as a duplicate of item 3.
 */
START_TEST(the_command_line_cuts_a_large_feed_into_requests)
{
    char file[] = "/tmp/ct-feed-XXXXXX", report[] = "/tmp/ct-report-XXXXXX", args[128];
    char out[8192];
    json_object *doc = many_reviews(1100);
    json_object *list = json_object_object_get(doc, "dataFeedElement");

    json_object_array_put_idx(list, 777, NULL);
    json_object_array_put_idx(list, 1050, claim_review("HTTPS://factcheck.afp.com/bulk/3/", "Bulk claim 3"));
    int fd = mkstemp(file), report_fd = mkstemp(report);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(report_fd, 0);
    close(report_fd);
    ck_assert_int_eq(json_object_to_fd(fd, doc, JSON_C_TO_STRING_PLAIN), 0);
    close(fd);
    json_object_put(doc);
    snprintf(args, sizeof args, "--report %s %s", report, file);
    int status = run_import_cli(args, out, sizeof out);
    unlink(file);
    ck_assert_msg(status == 0, "exit %d: %s", status, out);
    ck_assert_msg(strstr(out, "imported 1098, existing 0, changed 0, skipped 2 of 1100 items in ") != NULL, "%s", out);

    json_object *written = json_object_from_file(report), *items = json_object_object_get(written, "items");
    unlink(report);
    ck_assert_int_eq(json_object_array_length(items), 1100);
    th_resp r = {0, written, written};
    ck_assert_str_eq(th_str(&r, "items/777/path"), "items.777");
    ck_assert_str_eq(th_str(&r, "items/777/error/code"), "invalid_value");
    ck_assert_str_eq(th_str(&r, "items/1050/status"), "skipped");
    ck_assert_str_eq(th_str(&r, "items/1050/duplicate_of"), "items.3");
    ck_assert_str_eq(th_str(&r, "items/1099/path"), "items.1099");
    ck_assert_int_eq(th_int(&r, "items/1099/claim_id"), 1098);
    ck_assert_int_eq(th_int(&r, "counts/imported"), 1098);
    json_object_put(written);
    ck_assert_int_eq(fresh_int("SELECT count(*) FROM ct_claims"), 1098);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claimreview_import");
    TCase *basics = tcase_create("basics"), *shapes = tcase_create("shapes");
    TCase *identity = tcase_create("identity"), *partial = tcase_create("partial");
    TCase *cli = tcase_create("command line");
    TCase *tokyo = tcase_create("a newsroom in Tokyo");
    tcase_add_checked_fixture(tokyo, setup_desk_in_tokyo, th_teardown);
    tcase_set_timeout(tokyo, 300);
    tcase_add_test(tokyo, dates_are_read_as_fact_checkers_write_them);
    suite_add_tcase(s, tokyo);
    TCase *upper = tcase_create("a desk whose language is in upper case");
    tcase_add_checked_fixture(upper, setup_desk_in_upper_case, th_teardown);
    tcase_set_timeout(upper, 300);
    tcase_add_test(upper, a_review_without_a_language_is_in_the_desks_in_rfc5646_case);
    suite_add_tcase(s, upper);
    TCase *all[] = {basics, shapes, identity, partial, cli};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        tcase_add_checked_fixture(all[i], setup_desk, th_teardown);
        tcase_set_timeout(all[i], 300);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(basics, import_one_review);
    tcase_add_test(basics, the_same_review_again_is_existing);
    tcase_add_test(basics, a_review_whose_verdict_changed_is_linked_again);
    tcase_add_test(basics, a_revision_dated_by_its_day_comes_after_the_verdict_it_replaces);
    tcase_add_test(basics, two_copies_of_one_version_change_the_claim_once);
    tcase_add_test(basics, two_imports_of_one_revision_at_once_link_it_once);
    tcase_add_test(basics, a_review_modified_after_it_was_published_is_existing_again);
    tcase_add_test(basics, a_changed_verdict_goes_back_to_the_review_queue);
    tcase_add_test(basics, an_undated_verdict_comes_before_its_revision);
    tcase_add_test(basics, a_review_imported_under_its_writers_name_keeps_its_history);
    tcase_add_test(basics, a_review_without_its_date_is_dated_by_its_last_change);
    tcase_add_test(basics, import_needs_an_editor);
    tcase_add_test(basics, import_a_list_of_reviews);
    tcase_add_test(basics, import_a_datafeed);
    tcase_add_test(basics, import_a_google_style_datafeed);
    tcase_add_test(basics, import_shapes_seen_in_real_feeds);
    tcase_add_test(basics, import_survives_a_null_in_type);
    tcase_add_test(basics, the_reviewer_is_the_organisation_not_the_writer);
    tcase_add_test(basics, a_language_given_by_its_name_is_its_code);
    tcase_add_test(basics, import_of_an_upper_case_scheme);
    tcase_add_test(basics, import_takes_at_most_500_items);
    tcase_add_test(basics, import_keeps_the_rating_of_a_long_headline);

    tcase_add_test(shapes, import_from_a_graph);
    tcase_add_test(shapes, an_appearance_given_by_reference_is_the_work_it_names);
    tcase_add_test(shapes, a_reference_with_its_type_is_resolved);
    tcase_add_test(shapes, blank_nodes_are_resolved_within_their_own_entry);
    tcase_add_test(shapes, a_language_named_by_reference_is_resolved);
    tcase_add_test(shapes, a_main_entity_named_with_its_type_takes_its_page);
    tcase_add_test(shapes, a_reference_in_a_feed_entry_finds_the_node_outside_it);
    tcase_add_test(shapes, import_the_main_entity_of_a_webpage);
    tcase_add_test(shapes, import_a_webpage_inside_a_graph);
    tcase_add_test(shapes, a_main_entity_named_by_reference_takes_its_page);
    tcase_add_test(shapes, a_page_named_by_reference_from_its_review_gives_its_url_and_language);
    tcase_add_test(shapes, a_datafeed_with_gaps_imports_the_rest);
    tcase_add_test(shapes, a_review_date_falls_back_in_order);
    tcase_add_test(shapes, claim_reviewed_as_a_one_element_list);
    tcase_add_test(shapes, rating_value_as_a_value_object);
    tcase_add_test(shapes, imported_words_are_never_read_as_the_desks_rating);
    tcase_add_test(shapes, a_changed_review_updates_only_the_imports_own_words);
    tcase_add_test(shapes, type_as_a_full_iri);
    tcase_add_test(shapes, an_alternate_name_of_254_characters);
    tcase_add_test(shapes, an_author_known_only_by_url);
    tcase_add_test(shapes, googles_example_without_a_review_date);
    tcase_add_test(shapes, a_rating_without_a_usable_scale_shows_the_words_alone);
    tcase_add_test(shapes, a_rating_without_its_bounds_is_on_schema_orgs_default_scale);
    tcase_add_test(shapes, a_date_with_an_offset_is_that_day);
    tcase_add_test(shapes, a_date_of_a_year_or_a_month_is_no_day);
    tcase_add_test(shapes, a_date_in_the_future_is_refused);
    tcase_add_test(shapes, a_claimant_organisation_is_stored_as_such);
    tcase_add_test(shapes, escaped_and_marked_up_text_is_plain_text);
    tcase_add_test(shapes, angle_brackets_in_words_are_kept);
    tcase_add_test(shapes, markup_cut_short_at_the_end_is_text);

    tcase_add_test(identity, two_reviews_sharing_a_url_are_two_claims);
    tcase_add_test(identity, a_url_spelt_differently_is_the_same_review);
    tcase_add_test(identity, a_url_percent_encoded_is_the_same_review);
    tcase_add_test(identity, a_url_that_grows_when_made_canonical);
    tcase_add_test(identity, a_claim_written_decomposed_is_the_same_review);
    tcase_add_test(identity, a_host_outside_ascii_is_the_same_review_in_punycode);
    tcase_add_test(identity, a_claim_with_invisible_code_points_is_the_same_review);
    tcase_add_test(identity, a_review_repeated_in_one_document_is_imported_once);

    tcase_add_test(partial, bad_items_are_skipped_and_named);
    tcase_add_test(partial, a_document_of_bad_items_is_200_with_the_report);
    tcase_add_test(partial, a_database_refusal_skips_only_that_item);
    tcase_add_test(partial, a_document_that_is_not_jsonld_is_refused_whole);
    tcase_add_test(partial, a_bad_item_skips_only_itself);

    tcase_add_test(cli, the_command_line_imports_a_feed);
    tcase_add_test(cli, the_command_line_reports_a_refused_document);
    tcase_add_test(cli, the_command_line_cuts_a_large_feed_into_requests);
    return th_run_suite(s);
}
