/*
 * claimreview_import.c -- recording other fact-checkers' ClaimReviews.
 *
 * Real feeds vary: the rating is a number or text, the author an
 * Organization or a plain string, itemReviewed may be missing, appearance
 * may be one object, a list, or bare URLs. Each item is read into the same
 * C inputs an editor's request produces (every text checked for UTF-8,
 * length, dates and URLs), then recorded as a claim with a rebuttal by the
 * reviewing organisation. The review's url is claimed first in ct_imports
 * with ON CONFLICT DO NOTHING, so a repeated or concurrent import of the
 * same review records nothing twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "claimreview.h"
#include "claims.h"
#include "i18n.h"
#include "jsonin.h"
#include "responses.h"
#include "validate.h"

#define UNKNOWN_CLAIMANT "Unknown"

typedef struct review_item {
    ct_claim_input    claim;
    ct_response_input response;
    const char       *url;
    /* "<by>: <rating> (<value>/<best>). <headline>": at most 200 + 200 + 40
       + 500 code points of up to 4 bytes, so it always fits. */
    char              summary[4096];
} review_item;

static json_object *member(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, key, &value))
        return NULL;
    return value;
}

/* True when @type is type, or a list holding it. */
static bool has_type(json_object *obj, const char *type)
{
    json_object *t = member(obj, "@type");
    if (json_object_is_type(t, json_type_string))
        return strcmp(json_object_get_string(t), type) == 0;
    for (size_t i = 0; json_object_is_type(t, json_type_array) &&
                       i < json_object_array_length(t); i++) {
        json_object *el = json_object_array_get_idx(t, i);
        if (json_object_is_type(el, json_type_string) &&
            strcmp(json_object_get_string(el), type) == 0)
            return true;
    }
    return false;
}

/* A name given as {"name": ...} or as a plain string. */
static ct_rc person_name(json_object *obj, const char *path, const char *key,
                         const char **name, const char **role, ct_error *err)
{
    char sub[96];
    json_object *value = member(obj, key);

    *name = NULL;
    if (role)
        *role = NULL;
    if (value == NULL)
        return CT_OK;
    if (json_object_is_type(value, json_type_string))
        return ct_json_text(obj, path, key, false, 1, CT_NAME_MAX, name, err);
    if (json_object_is_type(value, json_type_array) && json_object_array_length(value) > 0)
        value = json_object_array_get_idx(value, 0);
    if (!json_object_is_type(value, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", ct_json_path(sub, sizeof sub, path, key),
                       "%s must be a name or an object with a name", sub);
    ct_json_path(sub, sizeof sub, path, key);
    ct_rc rc = ct_json_text(value, sub, "name", false, 1, CT_NAME_MAX, name, err);
    if (rc == CT_OK && role)
        rc = ct_json_text(value, sub, "jobTitle", false, 1, CT_NAME_MAX, role, err);
    return rc;
}

/* The url of an appearance given as {"url":...}, a list of those, or a string. */
static ct_rc appearance_url(json_object *claim, const char *path, const char *key,
                            const char **url, ct_error *err)
{
    char sub[96];
    json_object *value = member(claim, key);

    if (value == NULL || *url)
        return CT_OK;
    if (json_object_is_type(value, json_type_array)) {
        if (json_object_array_length(value) == 0)
            return CT_OK;
        value = json_object_array_get_idx(value, 0);
    }
    ct_json_path(sub, sizeof sub, path, key);
    if (json_object_is_type(value, json_type_string)) {
        *url = json_object_get_string(value);
        if (!ct_url_valid(*url))
            return ct_fail(err, CT_EINVALID, "invalid_url", sub, "%s must be an http(s) URL", sub);
        return CT_OK;
    }
    return ct_json_url(value, sub, "url", false, url, err);
}

/* inLanguage as "ru" or {"alternateName":"ru"}; NULL when absent or unusable. */
static const char *language_of(json_object *obj)
{
    json_object *value = member(obj, "inLanguage");
    if (json_object_is_type(value, json_type_object))
        value = member(value, "alternateName");
    const char *tag = json_object_is_type(value, json_type_string)
                      ? json_object_get_string(value) : NULL;
    return tag && ct_language_valid(tag) ? tag : NULL;
}

/* A rating value given as a number or a short text ("1", "4.5"); NULL
   for anything else, which the summary then leaves out. */
static const char *short_scalar(json_object *value)
{
    const char *text;
    if (!json_object_is_type(value, json_type_int) && !json_object_is_type(value, json_type_double) &&
        !json_object_is_type(value, json_type_string))
        return NULL;
    text = json_object_get_string(value);
    return text && strlen(text) <= 20 && ct_utf8_valid(text, strlen(text), NULL) ? text : NULL;
}

/* "AFP: False (1/5)" from reviewRating, whether its value is a number or text. */
static ct_rc rating_summary(json_object *item, const char *path, review_item *out,
                            ct_error *err)
{
    char sub[96];
    json_object *rating = member(item, "reviewRating");
    const char *name = NULL, *headline = NULL;
    ct_buf b = CT_BUF_INIT;

    ct_json_path(sub, sizeof sub, path, "reviewRating");
    if (rating && !json_object_is_type(rating, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", sub, "%s must be a Rating object", sub);
    ct_rc rc = ct_json_text(rating, sub, "alternateName", false, 1, 200, &name, err);
    if (rc == CT_OK)
        rc = ct_json_text(item, path, "name", false, 1, 500, &headline, err);
    if (rc != CT_OK)
        return rc;
    const char *value = short_scalar(member(rating, "ratingValue"));
    const char *best = short_scalar(member(rating, "bestRating"));
    ct_buf_appendf(&b, "%s: %s", out->response.by_name, name ? name : "");
    if (value)
        ct_buf_appendf(&b, "%s%s%s%s%s", name ? " (" : "", value, best ? "/" : "",
                       best ? best : "", name ? ")" : "");
    if (headline)
        ct_buf_appendf(&b, ". %s", headline);
    char *text = ct_buf_take(&b);
    if (text == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    snprintf(out->summary, sizeof out->summary, "%s", text);
    free(text);
    out->response.summary = out->summary;
    return CT_OK;
}

static ct_rc read_claim(json_object *item, json_object *around, const char *path,
                        const ct_config *cfg, review_item *out, ct_error *err)
{
    char sub[96];
    json_object *claim = member(item, "itemReviewed") ? member(item, "itemReviewed") : around;
    ct_rc rc = CT_OK;

    ct_json_path(sub, sizeof sub, path, "itemReviewed");
    if (claim && !json_object_is_type(claim, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", sub, "%s must be an object", sub);
    rc = ct_json_text(item, path, "claimReviewed", true, 1, CT_CLAIM_TEXT_MAX,
                      &out->claim.text, err);
    if (rc == CT_OK)
        rc = person_name(claim, sub, "author", &out->claim.claimant_name,
                         &out->claim.claimant_role, err);
    if (rc == CT_OK)
        rc = ct_json_datetime(claim, sub, "datePublished", false, &out->claim.said_at, err);
    if (rc == CT_OK)
        rc = appearance_url(claim, sub, "firstAppearance", &out->claim.source_url, err);
    if (rc == CT_OK)
        rc = appearance_url(claim, sub, "appearance", &out->claim.source_url, err);
    if (out->claim.claimant_name == NULL)
        out->claim.claimant_name = UNKNOWN_CLAIMANT;
    if (out->claim.said_at == NULL)
        out->claim.said_at = out->response.issued_at;
    out->claim.language = language_of(item) ? language_of(item)
                        : language_of(claim) ? language_of(claim) : cfg->language;
    return rc;
}

static ct_rc read_item(json_object *pair, size_t index, const ct_config *cfg,
                       review_item *out, ct_error *err)
{
    json_object *item = member(pair, "review"), *around = member(pair, "claim");
    char path[32];
    ct_rc rc;

    memset(out, 0, sizeof *out);
    snprintf(path, sizeof path, "items.%zu", index);
    if (!json_object_is_type(item, json_type_object) || !has_type(item, "ClaimReview"))
        return ct_fail(err, CT_EINVALID, "invalid_value", path,
                       "%s is not a schema.org ClaimReview", path);
    rc = ct_json_url(item, path, "url", true, &out->url, err);
    if (rc == CT_OK)
        rc = person_name(item, path, "author", &out->response.by_name, NULL, err);
    if (rc == CT_OK && out->response.by_name == NULL) {
        char sub[96];
        rc = ct_fail(err, CT_EINVALID, "missing_field", ct_json_path(sub, sizeof sub, path, "author"),
                     "%s (the reviewing organisation) is required", sub);
    }
    if (rc == CT_OK)
        rc = ct_json_datetime(item, path, "datePublished", true, &out->response.issued_at, err);
    if (rc == CT_OK)
        rc = rating_summary(item, path, out, err);
    if (rc == CT_OK)
        rc = read_claim(item, around, path, cfg, out, err);
    out->response.kind = "rebuttal";
    out->response.url = out->url;
    return rc;
}

/* One review to import, and the Claim it reviews when the feed gave the
   Claim around the review instead of inside it. */
static void add_review(json_object *items, json_object *review, json_object *claim)
{
    json_object *pair = json_object_new_object();
    json_object_object_add(pair, "review", json_object_get(review));
    if (claim)
        json_object_object_add(pair, "claim", json_object_get(claim));
    json_object_array_add(items, pair);
}

/* Add the reviews found in one feed element: a ClaimReview, a DataFeedItem
   wrapping one, or (Google's feed shape) a DataFeedItem whose item is a
   list of Claims each carrying its reviews, which then review that Claim. */
static void add_element(json_object *items, json_object *el)
{
    json_object *inner = has_type(el, "DataFeedItem") ? member(el, "item") : NULL;
    if (inner == NULL) {
        add_review(items, el, NULL);
        return;
    }
    bool list = json_object_is_type(inner, json_type_array);
    size_t n = list ? json_object_array_length(inner) : 1;
    for (size_t i = 0; i < n; i++) {
        json_object *thing = list ? json_object_array_get_idx(inner, i) : inner;
        json_object *reviews = has_type(thing, "Claim") ? member(thing, "review") : NULL;
        if (reviews == NULL) {
            add_review(items, thing, NULL);
            continue;
        }
        bool many = json_object_is_type(reviews, json_type_array);
        size_t m = many ? json_object_array_length(reviews) : 1;
        for (size_t j = 0; j < m; j++)
            add_review(items, many ? json_object_array_get_idx(reviews, j) : reviews, thing);
    }
}

/* The ClaimReviews of doc: itself, its elements, or its dataFeedElement,
   as a new array of {"review", "claim"?} pairs. */
static ct_rc collect(json_object *doc, json_object **items, ct_error *err)
{
    json_object *list = doc;

    *items = json_object_new_array();
    if (json_object_is_type(doc, json_type_object) && has_type(doc, "DataFeed"))
        list = member(doc, "dataFeedElement");
    if (json_object_is_type(list, json_type_object)) {
        add_review(*items, list, NULL);
    } else if (json_object_is_type(list, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(list); i++)
            add_element(*items, json_object_array_get_idx(list, i));
    } else {
        return ct_fail(err, CT_EINVALID, "invalid_value", "",
                       "expected a ClaimReview, a list of them, or a DataFeed");
    }
    size_t n = json_object_array_length(*items);
    if (n == 0 || n > CT_IMPORT_MAX)
        return ct_fail(err, CT_EINVALID, "out_of_range", "items",
                       "an import carries 1 to %d reviews", CT_IMPORT_MAX);
    return CT_OK;
}

/* Claim the review's url; *claim_id gets the existing claim when it was
   imported before (then nothing is to be written). */
static ct_rc claim_url(ct_conn *conn, const review_item *it, char **existing, ct_error *err)
{
    const char *params[4] = {it->url, "", it->url, it->response.by_name};
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, ST_IMPORT_CLAIM_URL, 4, params, &rows, err);

    *existing = NULL;
    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_exec_text(conn, ST_IMPORT_EXISTING, 2, params, "import", existing, err);
    ct_rows_free(rows);
    return rc;
}

static ct_rc record(ct_conn *conn, const review_item *it, const ct_actor *actor,
                    char **claim_id, ct_error *err)
{
    ct_rc rc = ct_claim_create(conn, &it->claim, actor, claim_id, err);
    if (rc == CT_OK)
        rc = ct_response_add(conn, *claim_id, &it->response, actor, err);
    if (rc == CT_OK) {
        const char *params[3] = {it->url, "", *claim_id};
        rc = ct_exec(conn, ST_IMPORT_LINK, 3, params, NULL, err);
    }
    return rc;
}

static json_object *outcome(const char *url, const char *claim_id)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "url", json_object_new_string(url));
    json_object_object_add(o, "claim_id", json_object_new_int64(strtoll(claim_id, NULL, 10)));
    return o;
}

ct_rc ct_claimreview_import(ct_conn *conn, json_object *doc, const ct_actor *actor,
                            const ct_config *cfg, char **out, bool *created, ct_error *err)
{
    json_object *items = NULL, *result = json_object_new_object();
    json_object *imported = json_object_new_array(), *existing = json_object_new_array();
    review_item *parsed = NULL;
    ct_rc rc = collect(doc, &items, err);
    size_t n = json_object_array_length(items);

    *out = NULL;
    *created = false;
    json_object_object_add(result, "imported", imported);
    json_object_object_add(result, "existing", existing);
    if (rc != CT_OK)
        goto out;
    parsed = calloc(n, sizeof *parsed);
    if (parsed == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && rc == CT_OK; i++)     /* check everything first */
        rc = read_item(json_object_array_get_idx(items, i), i, cfg, &parsed[i], err);
    for (size_t i = 0; i < n && rc == CT_OK; i++) {
        char *claim_id = NULL;
        rc = claim_url(conn, &parsed[i], &claim_id, err);
        if (rc == CT_OK && claim_id) {
            json_object_array_add(existing, outcome(parsed[i].url, claim_id));
        } else if (rc == CT_OK) {
            rc = record(conn, &parsed[i], actor, &claim_id, err);
            if (rc == CT_OK)
                json_object_array_add(imported, outcome(parsed[i].url, claim_id));
        }
        free(claim_id);
    }
    if (rc == CT_OK) {
        *created = json_object_array_length(imported) > 0;
        *out = strdup(json_object_to_json_string_ext(result, JSON_C_TO_STRING_PLAIN |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE));
        if (*out == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
out:
    free(parsed);
    json_object_put(items);
    json_object_put(result);
    return rc;
}
