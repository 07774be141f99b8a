/*
 * claimreview.c -- schema.org ClaimReview out: one review per published
 * claim, CorrectionComments for an article, and the DataFeed. The import
 * side lives in claimreview_import.c.
 *
 * Everything is built as json-c objects and serialised once, so every
 * string is JSON-escaped by the serialiser; the result is then made safe
 * for a <script> element by ct_buf_append_script_json (the notices'
 * JSON-LD and the feed alike).
 *
 * Choices that validators and search engines hold us to:
 *  - Every ClaimReview has url, author and datePublished. The author is
 *    the configured publisher, never this software: without a publisher
 *    (name and url) there is no valid ClaimReview to give, and the caller
 *    gets publisher_not_configured instead of markup that misleads.
 *  - An article's markup is a top-level JSON array of nodes, each with its
 *    own @context, not an @graph: a top-level array is plain JSON-LD that
 *    every consumer reads (Google, and the common extractors and testing
 *    tools, which see nothing inside @graph), and it still fits in the one
 *    <script> element the host writes. One document per ClaimReview would
 *    force hosts to write a script element per claim.
 *  - Corrections are attached to the host's own Article by @id (its url),
 *    with no @type: a JSON-LD processor merges them into the Article the
 *    CMS already describes, instead of a second, bare Article node that
 *    fails Google's Article rules. Without a known article url there is
 *    nothing to attach them to, and they are left out.
 *  - Calendar dates are the newsroom's (the *_on fields of the notices,
 *    computed by PostgreSQL in the configured time_zone).
 */
#include "render/claimreview.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "base/buf.h"
#include "render/i18n.h"
#include "render/notice_json.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* $1 the limit, $2 the configured language as notices name it, $3 the
   languages notices are written in (i18n.c). Each review in the words
   its article's notices use when no reader asks for a language
   (NOTICE_LANG_OF): a claim in German on a Russian desk is "Ложь" in the
   feed as on the article, not the scale's English.
   One object: 'items', those reviews, and three changes that alter the
   feed without moving any item's dates (each NULL when never):
   'withdrawn_at', when a verdict last left the readers (sql/037's index);
   'appeared_at', when a listed claim last gained an article with a url
   (its appearance, and firstAppearance without a source_url; mentions
   are never deleted, nor their url changed); 'scale_changed_at', when a
   rating of the scale was last added or changed (every review's words,
   ratingValue, bestRating and worstRating come from the scale). */
static const ct_stmt stmt_feed_json = {"ct_feed_json",
    "SELECT json_build_object("
    "  'items', COALESCE(json_agg(" NOTICE_JSON("c", "NULL", NOTICE_LANG_OF("c", "$3", "$2"))
    "     ORDER BY c.published_at DESC, c.id DESC), '[]'),"
    "  'withdrawn_at', (SELECT max(e.occurred_at) FROM ct_events e WHERE e.type = 'unpublished'),"
    "  'appeared_at', (SELECT max(m.created_at) FROM ct_mentions m"
    "                   WHERE m.claim_id = ANY (array_agg(c.id)) AND m.article_url IS NOT NULL),"
    "  'scale_changed_at', (SELECT max(r.updated_at) FROM ct_ratings r))::text"
    " FROM (SELECT * FROM ct_claims c WHERE c.published"
    "       ORDER BY c.published_at DESC, c.id DESC LIMIT $1::int) c", 3};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_claimreview_sql[] = {&stmt_feed_json, NULL};


static const char *str(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (obj == NULL || !json_object_object_get_ex(obj, key, &value) || value == NULL)
        return NULL;
    return json_object_get_string(value);
}

static void add_str(json_object *obj, const char *key, const char *value)
{
    if (value)
        ct_jset(obj, key, ct_jnew_string(value));
}

/* A calendar day ("2025-12-22", already in the newsroom's time zone). */
static void add_date(json_object *obj, const char *key, const char *day)
{
    if (day && strlen(day) >= 10)
        ct_jset(obj, key, ct_jnew_string_len(day, 10));
}

static json_object *typed(const char *type)
{
    json_object *obj = ct_jnew_object();
    add_str(obj, "@type", type);
    return obj;
}

/* The verdict: alternateName in the desk's words for the reader's language
   (the words as written for a rating the scale does not have), and for a
   verdict of the desk's scale its value with the scale's best and worst. */
static json_object *review_rating(json_object *notice)
{
    json_object *r = typed("Rating"), *scale = NULL;
    const char *label = str(notice, "rating_label");

    add_str(r, "alternateName", label ? label : str(notice, "rating"));
    /* A scale whose best and worst are one value says nothing a number
       could: the words alone, as for an imported rating in words. */
    if (json_object_object_get_ex(notice, "rating_scale", &scale) &&
        json_object_is_type(scale, json_type_object) &&
        json_object_get_int(json_object_object_get(scale, "best")) !=
            json_object_get_int(json_object_object_get(scale, "worst"))) {
        static const char *const keys[][2] = {{"value", "ratingValue"}, {"best", "bestRating"},
                                               {"worst", "worstRating"}};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            ct_jset(r, keys[i][1], ct_jnew_int(json_object_get_int(
                                       json_object_object_get(scale, keys[i][0]))));
    }
    return r;
}

static json_object *organisation(const ct_publisher *cfg)
{
    json_object *org = typed("Organization");
    add_str(org, "name", cfg->name);
    add_str(org, "url", cfg->url);
    return org;
}

/* ClaimReview needs a publisher with a name and a url (its author, and
   the base of each review's url). */
static ct_rc require_publisher(const ct_publisher *cfg, ct_error *err)
{
    if (cfg->name != NULL && cfg->url != NULL)
        return CT_OK;
    return ct_fail(err, CT_EINTERNAL, "publisher_not_configured", "publisher",
                   "ClaimReview needs the fact-checking organisation: configure publisher"
                   " with a name and a url");
}

/* The review's own page: publisher.claim_url with {id} filled in. */
static void add_review_url(json_object *review, const ct_publisher *cfg, long long claim_id)
{
    const char *template = cfg->claim_url;
    const char *mark = template ? strstr(template, "{id}") : NULL;
    char url[2200];

    if (mark)
        snprintf(url, sizeof url, "%.*s%lld%s", (int)(mark - template), template, claim_id,
                 mark + 4);
    else if (cfg->url)
        snprintf(url, sizeof url, "%s#claim-%lld", cfg->url, claim_id);
    else
        return;
    add_str(review, "url", url);
}

static json_object *creative_work(const char *url)
{
    json_object *work = typed("CreativeWork");
    add_str(work, "url", url);
    return work;
}

/* The claimant: a Person with a jobTitle, or an Organization. */
static json_object *claimant_node(json_object *claimant)
{
    const char *type = str(claimant, "type");
    bool organisation_claimant = type && strcmp(type, "organization") == 0;
    json_object *node = typed(organisation_claimant ? "Organization" : "Person");

    add_str(node, "name", str(claimant, "name"));
    add_str(node, organisation_claimant ? "description" : "jobTitle", str(claimant, "role"));
    return node;
}

/* itemReviewed: the Claim, who made it, when and where it appeared. Its
   firstAppearance ("the first known occurrence", schema.org) is where it
   was said (source_url), else the article where it was first tagged: the
   notice's appearances come in the order they were first tagged. */
static json_object *item_reviewed(json_object *notice)
{
    json_object *claim = typed("Claim");
    json_object *appearances = json_object_object_get(notice, "appearances");
    const char *first = str(notice, "source_url");

    ct_jset(claim, "author", claimant_node(json_object_object_get(notice, "claimant")));
    add_date(claim, "datePublished", str(notice, "said_on"));
    json_object *appearance = ct_jnew_array();
    if (first)
        ct_jpush(appearance, creative_work(first));
    for (size_t i = 0; i < json_object_array_length(appearances); i++) {
        const char *url = json_object_get_string(json_object_array_get_idx(appearances, i));
        if (first == NULL)
            first = url;
        if (url && strcmp(url, str(notice, "source_url") ? str(notice, "source_url") : "") != 0)
            ct_jpush(appearance, creative_work(url));
    }
    if (appearance && json_object_array_length(appearance) > 0)   /* NULL: noted, out of memory */
        ct_jset(claim, "appearance", appearance);
    else
        json_object_put(appearance);
    if (first)
        ct_jset(claim, "firstAppearance", creative_work(first));
    return claim;
}

json_object *ct_claimreview_build(json_object *notice, const ct_publisher *cfg)
{
    json_object *review = typed("ClaimReview");
    long long claim_id = json_object_get_int64(json_object_object_get(notice, "claim_id"));
    ct_lang lang = CT_LANG_EN;

    if (review == NULL)
        return NULL;
    ct_i18n_lang(str(notice, "language"), &lang);
    add_review_url(review, cfg, claim_id);
    add_str(review, "claimReviewed", str(notice, "text"));
    ct_jset(review, "reviewRating", review_rating(notice));
    ct_jset(review, "author", organisation(cfg));
    add_date(review, "datePublished", str(notice, "published_on"));
    add_str(review, "inLanguage", str(notice, "claim_language"));
    ct_jset(review, "itemReviewed", item_reviewed(notice));
    return review;
}

static bool is_correction(const char *kind)
{
    return kind && (strcmp(kind, "correction") == 0 || strcmp(kind, "retraction") == 0 ||
                    strcmp(kind, "apology") == 0);
}

/* CorrectionComments for the corrections, retractions and apologies. */
static void add_corrections(json_object *corrections, json_object *notice)
{
    ct_lang lang = CT_LANG_EN;
    json_object *responses = json_object_object_get(notice, "responses");

    ct_i18n_lang(str(notice, "language"), &lang);
    for (size_t i = 0; i < json_object_array_length(responses); i++) {
        json_object *r = json_object_array_get_idx(responses, i);
        if (!is_correction(str(r, "kind")))
            continue;
        json_object *comment = typed("CorrectionComment");
        ct_buf text = CT_BUF_INIT;
        ct_buf_appendf(&text, "%s: %s. %s", ct_i18n_kind(lang, str(r, "kind")),
                       str(json_object_object_get(r, "by"), "name"), str(r, "summary"));
        char *joined = ct_buf_take(&text);
        add_str(comment, "text", joined);
        free(joined);
        add_date(comment, "datePublished", str(r, "issued_on"));
        add_str(comment, "url", str(r, "url"));
        ct_jpush(corrections, comment);
    }
}

/* The article's url: the first mention that gave one, else
   publisher.article_url for this article; NULL when unknown. *owned is
   freed by the caller. */
static const char *article_url(json_object *notices, const char *article_id,
                               const ct_publisher *cfg, char **owned)
{
    const char *template = cfg->article_url;
    const char *mark = template ? strstr(template, "{id}") : NULL;

    *owned = NULL;
    for (size_t i = 0; i < json_object_array_length(notices); i++) {
        json_object *mentions = json_object_object_get(json_object_array_get_idx(notices, i),
                                                       "mentions");
        for (size_t j = 0; j < json_object_array_length(mentions); j++) {
            const char *url = str(json_object_array_get_idx(mentions, j), "url");
            if (url)
                return url;
        }
    }
    if (mark) {
        /* the article id percent-encoded as one path segment (RFC 3986) */
        char *segment = curl_easy_escape(NULL, article_id, 0);
        ct_buf b = CT_BUF_INIT;
        ct_buf_appendf(&b, "%.*s%s%s", (int)(mark - template), template,
                       segment ? segment : "", mark + 4);
        curl_free(segment);
        *owned = ct_buf_take(&b);
    }
    return *owned;
}

static char *serialise_for_script(json_object *doc)
{
    ct_buf b = CT_BUF_INIT;
    ct_buf_append_script_json(&b, ct_jdump(doc,
        JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    return ct_buf_take(&b);
}

/* A node of the top-level array: its own @context first. */
static json_object *with_context(json_object *node)
{
    json_object *out = ct_jnew_object();
    add_str(out, "@context", "https://schema.org");
    if (json_object_is_type(node, json_type_object)) {     /* NULL: out of memory, noted */
        json_object_object_foreach(node, key, value)
            ct_jset(out, key, json_object_get(value));
    }
    json_object_put(node);
    return out;
}

/* {"@context", "@id": the article, "url", "correction": [...]}, or NULL. */
static json_object *article_corrections(json_object *notices, const char *article_id,
                                        const ct_publisher *cfg)
{
    json_object *corrections = ct_jnew_array(), *article = NULL;
    char *owned = NULL;
    const char *url = article_url(notices, article_id, cfg, &owned);

    for (size_t i = 0; i < json_object_array_length(notices); i++)
        add_corrections(corrections, json_object_array_get_idx(notices, i));
    if (url != NULL && corrections && json_object_array_length(corrections) > 0) {
        article = ct_jnew_object();
        add_str(article, "@context", "https://schema.org");
        add_str(article, "@id", url);
        add_str(article, "url", url);
        ct_jset(article, "correction", json_object_get(corrections));
    }
    json_object_put(corrections);
    free(owned);
    return article;
}

ct_rc ct_claimreview_article_jsonld(json_object *notices, const char *article_id,
                                    const ct_publisher *cfg, char **out, ct_error *err)
{
    size_t n = json_object_array_length(notices);
    json_object *doc = NULL, *article;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (n == 0) {
        *out = strdup("");
        goto out;
    }
    rc = require_publisher(cfg, err);
    if (rc != CT_OK)
        return rc;
    doc = ct_jnew_array();
    for (size_t i = 0; i < n; i++)
        ct_jpush(doc, with_context(ct_claimreview_build(
                                       json_object_array_get_idx(notices, i), cfg)));
    article = article_corrections(notices, article_id, cfg);
    if (article)
        ct_jpush(doc, article);
    *out = serialise_for_script(doc);
out:
    json_object_put(doc);
    if (rc == CT_OK && *out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    return rc;
}

/* The later of two of PostgreSQL's ISO texts in UTC (either may be NULL),
   which order as time does ("+" and "." sort before the digits a longer
   fraction adds). */
static const char *later_of(const char *a, const char *b)
{
    return b && (a == NULL || strcmp(b, a) > 0) ? b : a;
}

/* The feed's dateModified: its last change. That is the last change of a
   review it lists, its publication or a later change readers see
   (updated_at), not the newest publication: a verdict revised on an older
   claim is news to a crawler. It is also a verdict withdrawn, which takes
   its review out of the list, an article added to a listed claim's
   appearances, and a change of the rating scale (answer, the feed
   statement's object). A crawler that fetches again only when
   dateModified moves would otherwise keep the withdrawn verdict, the old
   appearances or the old words. The publisher's configuration is not
   dated: a change of it is a deployment, not a change of the desk. NULL
   when there is none: nothing was ever published. Borrowed from answer. */
static const char *feed_modified(json_object *answer, json_object *notices)
{
    bool listed = json_object_array_length(notices) > 0;    /* else the scale shows nowhere */
    const char *modified = later_of(str(answer, "withdrawn_at"), str(answer, "appeared_at"));

    if (listed)
        modified = later_of(modified, str(answer, "scale_changed_at"));
    for (size_t i = 0; i < json_object_array_length(notices); i++) {
        json_object *notice = json_object_array_get_idx(notices, i);
        modified = later_of(modified, str(notice, "published_at"));
        modified = later_of(modified, str(notice, "updated_at"));
    }
    return modified;
}

ct_rc ct_claimreview_feed(ct_conn *conn, const ct_publisher *cfg, int limit, char **out,
                          ct_error *err)
{
    char limit_text[16], *json = NULL;
    const char *params[3] = {limit_text, cfg->notice_language, ct_i18n_languages_array};
    json_object *answer = NULL, *notices = NULL, *feed = NULL, *elements = NULL;
    ct_rc rc;

    *out = NULL;
    snprintf(limit_text, sizeof limit_text, "%d", limit);
    rc = require_publisher(cfg, err);
    if (rc == CT_OK)
        rc = ct_exec_text(conn, &stmt_feed_json, 3, params, "feed", &json, err);
    if (rc != CT_OK)
        return rc;
    answer = ct_jparse(json);
    notices = json_object_object_get(answer, "items");
    feed = typed("DataFeed");
    elements = ct_jnew_array();
    if (!json_object_is_type(notices, json_type_array) || feed == NULL || elements == NULL) {
        json_object_put(answer);
        json_object_put(feed);
        json_object_put(elements);
        free(json);
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    ct_jset(feed, "@context", ct_jnew_string("https://schema.org"));
    add_str(feed, "name", cfg->name);
    for (size_t i = 0; i < json_object_array_length(notices); i++)
        ct_jpush(elements, ct_claimreview_build(json_object_array_get_idx(notices, i), cfg));
    add_str(feed, "dateModified", feed_modified(answer, notices));
    ct_jset(feed, "dataFeedElement", elements);
    *out = serialise_for_script(feed);
    if (*out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    json_object_put(feed);
    json_object_put(answer);
    free(json);
    return rc;
}
