/*
 * routes.c -- the route table and, per route, a decode step (query and
 * body into C values, with every check of the input) and a run step (the
 * domain calls, inside the door's transaction).
 *
 * Decoding happens before a database connection is taken, so bad input
 * costs nothing and can write nothing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "domain/articles.h"
#include "domain/scan.h"
#include "domain/tlog.h"
#include "jobs/checkpoints.h"
#include "jobs/match_text.h"
#include "base/jsonout.h"
#include "render/claimreview.h"
#include "domain/claimreview_import.h"
#include "jobs/evidence.h"
#include "jobs/scheduler.h"
#include "jobs/webhooks.h"
#include "net/fetch.h"
#include "render/i18n.h"
#include "base/jsonin.h"
#include "render/notices.h"
#include "render/vocabulary.h"
#include "base/vocabulary.h"
#include "door/request.h"
#include "base/validate.h"

#define LIST_LIMIT_DEFAULT 20
#define LIST_LIMIT_MAX     100

/* ---- shared decoding helpers ------------------------------------------ */

static ct_rc decode_quote(json_object *parent, const char *prefix, ct_quote *quote,
                          ct_error *err)
{
    static const char *const keys[] = {"exact", "prefix", "suffix", NULL};
    char path[96];
    json_object *obj = NULL;
    ct_rc rc = ct_json_object(parent, prefix, "quote", true, &obj, err);

    ct_json_path(path, sizeof path, prefix, "quote");
    if (rc == CT_OK)
        rc = ct_json_only_keys(obj, keys, path, err);
    if (rc == CT_OK)
        rc = ct_json_text(obj, path, "exact", true, 1, CT_QUOTE_MAX, &quote->exact, err);
    if (rc == CT_OK && !ct_text_has_word(quote->exact)) {
        char field[112];
        ct_json_path(field, sizeof field, path, "exact");
        rc = ct_fail(err, CT_EINVALID, "invalid_value", field,
                     "%s must hold a letter or a digit: a quote of spaces, punctuation or"
                     " invisible characters stands for no passage", field);
    }
    if (rc == CT_OK)
        rc = ct_json_text(obj, path, "prefix", false, 0, CT_QUOTE_CONTEXT_MAX,
                          &quote->prefix, err);
    if (rc == CT_OK)
        rc = ct_json_text(obj, path, "suffix", false, 0, CT_QUOTE_CONTEXT_MAX,
                          &quote->suffix, err);
    return rc;
}

/* What a claimant is, as schema.org types it (Person or Organization). */
static const char *const claimant_types[] = {"person", "organization", NULL};

/* {name, role?, type?} as used by claimant and by; type only when type_out
   is given (the claimant), else it is an unknown field. */
static ct_rc decode_person(json_object *body, const char *key, const char **name,
                           const char **role, const char **type_out, ct_error *err)
{
    static const char *const keys[] = {"name", "role", NULL};
    static const char *const keys_typed[] = {"name", "role", "type", NULL};
    json_object *obj = NULL;
    ct_rc rc = ct_json_object(body, "", key, true, &obj, err);

    if (rc == CT_OK)
        rc = ct_json_only_keys(obj, type_out ? keys_typed : keys, key, err);
    if (rc == CT_OK)
        rc = ct_json_text(obj, key, "name", true, 1, CT_NAME_MAX, name, err);
    if (rc == CT_OK)
        rc = ct_json_text(obj, key, "role", false, 0, CT_NAME_MAX, role, err);
    if (rc == CT_OK && type_out)
        rc = ct_json_enum(obj, key, "type", false, claimant_types, type_out, err);
    return rc;
}

/*
 * A language as claimtrack stores it, at prefix.key, in any ASCII case:
 * into buf (size bytes) in RFC 5646 §2.1.1's case, as ct_claims keeps it
 * (base/validate.h's ct_language_tag_case: "RU" is "ru", "ru-ru" "ru-RU",
 * "kk-cyrl-kz" "kk-Cyrl-KZ"; no subtag replaced, "iw" stays "iw"), and
 * *out = buf; *out = NULL when key is absent. Errors, with the field
 * prefix.key: wrong_type, invalid_utf8, empty, too_long (over 35 code
 * points), and invalid_language when the tag in that case is not one
 * ct_language_valid takes ("russian", "ru_RU", "en-x-foo").
 */
static ct_rc decode_language(json_object *obj, const char *prefix, const char *key,
                             bool required, char *buf, size_t size, const char **out,
                             ct_error *err)
{
    char path[96];
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, 35, out, err);

    if (rc == CT_OK && *out && ct_language_tag_case(*out, buf, size) && ct_language_valid(buf))
        *out = buf;
    else if (rc == CT_OK && *out)
        rc = ct_fail(err, CT_EINVALID, "invalid_language",
                     ct_json_path(path, sizeof path, prefix, key),
                     "%s must be a language tag such as \"ru\" or \"en\"", path);
    return rc;
}

/*
 * A reader's or an article's language at prefix.key, as a CMS sends it: a
 * well-formed BCP 47 tag in any ASCII case (base/validate.h's
 * ct_language_tag_wellformed, by RFC 5646 §2.1, §2.2.5 and §2.2.6:
 * "ru-RU", "kk-Cyrl-KZ", "EN-gb", "en-US-u-ca-gregory", "x-foo",
 * "i-klingon"), negotiated by its primary subtag to a language claimtrack
 * writes in (render/i18n.h's ct_i18n_negotiate). *out is that language's
 * own tag ("ru", "kk", "en"; a static string), or NULL when key is absent
 * or, with other_languages, when the tag names a language claimtrack does
 * not write in ("de", "fil"), or none (private use "x-foo", "i-klingon").
 * Errors, with the field prefix.key: wrong_type (not a string),
 * invalid_utf8, empty (""), too_long (over 64 code points), and
 * invalid_value for any other text that is not a tag ("r", "ru_RU",
 * "Русский", "en-u", "en-u-ca-u-nu") or, without other_languages, for a
 * tag of a language claimtrack does not write in.
 */
static ct_rc decode_language_wanted(json_object *obj, const char *prefix, const char *key,
                                    bool required, bool other_languages, const char **out,
                                    ct_error *err)
{
    char path[96];
    const char *tag = NULL;
    ct_lang lang = CT_LANG_EN;
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, 64, &tag, err);

    *out = NULL;
    if (rc != CT_OK || tag == NULL)
        return rc;
    bool well_formed = ct_language_tag_wellformed(tag);
    if (well_formed && ct_i18n_negotiate(tag, &lang))
        *out = ct_i18n_tag(lang);
    else if (!well_formed || !other_languages)
        rc = ct_fail(err, CT_EINVALID, "invalid_value", ct_json_path(path, sizeof path, prefix, key),
                     well_formed ? "%s names a language claimtrack does not write in"
                                 : "%s must be a language tag such as \"ru\" or \"ru-RU\"",
                     path);
    return rc;
}

static ct_rc decode_nothing(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const none[] = {NULL};
    (void)in;
    return req->query ? ct_json_only_keys(req->query, none, "query", err) : CT_OK;
}

/* A positive decimal integer within [1, max] from a query string value. */
static ct_rc query_int(json_object *query, const char *key, int max, int *out, ct_error *err)
{
    const char *text = NULL;
    char path[96], *end = NULL;
    ct_rc rc = ct_json_text(query, "query", key, false, 1, 12, &text, err);

    if (rc != CT_OK || text == NULL)
        return rc;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || text[0] < '0' || text[0] > '9' || v < 1 || v > max)
        return ct_fail(err, CT_EINVALID, "out_of_range",
                       ct_json_path(path, sizeof path, "query", key),
                       "%s must be a whole number from 1 to %d", path, max);
    *out = (int)v;
    return CT_OK;
}

/* An optional TextPositionSelector {start, end} in code points. */
static ct_rc decode_position(json_object *parent, const char *prefix, ct_mention_input *m,
                             char *buf, size_t size, ct_error *err)
{
    static const char *const keys[] = {"start", "end", NULL};
    char path[96];
    json_object *obj = NULL;
    int64_t start = 0, end = 0;
    ct_rc rc = ct_json_object(parent, prefix, "position", false, &obj, err);

    if (rc != CT_OK || obj == NULL)
        return rc;
    ct_json_path(path, sizeof path, prefix, "position");
    rc = ct_json_only_keys(obj, keys, path, err);
    if (rc == CT_OK)
        rc = ct_json_int(obj, path, "start", true, 0, INT32_MAX, &start, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(obj, path, "end", true, 0, INT32_MAX, &end, NULL, err);
    if (rc == CT_OK && end < start)
        rc = ct_fail(err, CT_EINVALID, "out_of_range", path, "%s.end is before its start", path);
    if (rc != CT_OK)
        return rc;
    size_t half = size / 2;
    snprintf(buf, half, "%lld", (long long)start);
    snprintf(buf + half, half, "%lld", (long long)end);
    m->start = buf;
    m->end = buf + half;
    return CT_OK;
}

/* ---- POST /claims -------------------------------------------------------- */

static ct_rc decode_article(json_object *body, ct_claim_input *claim, char *position_buf,
                            size_t position_size, ct_error *err)
{
    static const char *const keys[] = {"id", "url", "quote", "position", NULL};
    json_object *article = NULL;
    ct_rc rc = ct_json_object(body, "", "article", false, &article, err);

    if (rc != CT_OK || article == NULL)
        return rc;
    claim->has_mention = true;
    rc = ct_json_only_keys(article, keys, "article", err);
    if (rc == CT_OK)
        rc = ct_json_text(article, "article", "id", true, 1, CT_ARTICLE_ID_MAX,
                          &claim->mention.article_id, err);
    if (rc == CT_OK)
        rc = ct_json_url(article, "article", "url", false, &claim->mention.article_url, err);
    if (rc == CT_OK)
        rc = decode_quote(article, "article", &claim->mention.quote, err);
    if (rc == CT_OK)
        rc = decode_position(article, "article", &claim->mention, position_buf,
                             position_size, err);
    return rc;
}

static ct_rc decode_claim(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"text", "claimant", "said_at", "venue", "language",
                                       "source_url", "article", NULL};
    ct_claim_input *claim = &in->claim;
    json_object *body = req->body;
    ct_rc rc = decode_nothing(req, in, err);

    memset(claim, 0, sizeof *claim);
    if (rc == CT_OK)
        rc = ct_json_only_keys(body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(body, "", "text", true, 1, CT_CLAIM_TEXT_MAX, &claim->text, err);
    if (rc == CT_OK)
        rc = decode_person(body, "claimant", &claim->claimant_name, &claim->claimant_role,
                           &claim->claimant_type, err);
    if (rc == CT_OK)
        rc = ct_json_datetime(body, "", "said_at", true, &claim->said_at, err);
    if (rc == CT_OK)
        rc = ct_json_text(body, "", "venue", false, 0, CT_VENUE_MAX, &claim->venue, err);
    if (rc == CT_OK)
        rc = decode_language(body, "", "language", true, in->language, sizeof in->language,
                             &claim->language, err);
    if (rc == CT_OK)
        rc = ct_json_url(body, "", "source_url", false, &claim->source_url, err);
    if (rc == CT_OK)
        rc = decode_article(body, claim, in->position, sizeof in->position, err);
    return rc;
}

/* Reply with the claim as it now is (inside the same transaction). */
static ct_rc reply_claim(ct_conn *conn, const char *claim_id, int status,
                         ct_response *resp, ct_error *err)
{
    ct_rc rc = ct_claim_json(conn, claim_id, true, &resp->body, err);
    if (rc == CT_OK)
        resp->status = status;
    return rc;
}

static ct_rc run_claim_create(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                              const ct_input *in, ct_response *resp, ct_error *err)
{
    char *claim_id = NULL;
    ct_rc rc = ct_claim_create(conn, &in->claim, &req->actor, &claim_id, err);

    (void)ctx;
    if (rc == CT_OK)
        rc = reply_claim(conn, claim_id, 201, resp, err);
    free(claim_id);
    return rc;
}

/* ---- GET /claims/{id}, GET /claims, GET /claims/{id}/timeline ------------ */

static ct_rc run_claim_get(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                           const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_claim_read(conn, req->param, ct_request_staff(req), &resp->body,
                         resp->last_modified, err);
}

static ct_rc decode_filter(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"status", "q", "language", "limit", "cursor", NULL};
    ct_claim_filter *filter = &in->filter;
    ct_rc rc = CT_OK;

    memset(filter, 0, sizeof *filter);
    filter->limit = LIST_LIMIT_DEFAULT;
    filter->include_unpublished = ct_request_staff(req);
    if (req->query == NULL)
        return CT_OK;
    rc = ct_json_only_keys(req->query, keys, "query", err);
    if (rc == CT_OK)
        rc = ct_json_enum(req->query, "query", "status", false, ct_vocab_status_keys,
                          &filter->status, err);
    if (rc == CT_OK)
        rc = ct_json_text(req->query, "query", "q", false, 1, 200, &filter->query, err);
    if (rc == CT_OK)
        rc = decode_language(req->query, "query", "language", false, in->language,
                             sizeof in->language, &filter->language, err);
    if (rc == CT_OK)
        rc = query_int(req->query, "limit", LIST_LIMIT_MAX, &filter->limit, err);
    if (rc == CT_OK)
        rc = ct_json_text(req->query, "query", "cursor", false, 1, 18, &filter->before_id, err);
    for (const char *p = filter->before_id; rc == CT_OK && p && *p; p++)
        if (*p < '0' || *p > '9' || filter->before_id[0] == '0')
            rc = ct_fail(err, CT_EINVALID, "invalid_value", "query.cursor",
                         "query.cursor must be a next_cursor this route gave");
    return rc;
}

static ct_rc run_claim_list(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                            const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)req;
    resp->status = 200;
    return ct_claim_list(conn, &in->filter, ctx->search_stats, &resp->body, err);
}

static ct_rc run_timeline(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                          const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_timeline_json(conn, req->param, ct_request_staff(req), &resp->body, err);
}

/* ---- POST /claims/{id}/responses and /mentions --------------------------- */

static ct_rc decode_response(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"kind", "by", "issued_at", "summary", "url", NULL};
    ct_response_input *r = &in->response;
    json_object *body = req->body;
    ct_rc rc = decode_nothing(req, in, err);

    memset(r, 0, sizeof *r);
    if (rc == CT_OK)
        rc = ct_json_only_keys(body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_enum(body, "", "kind", true, ct_vocab_kind_keys, &r->kind, err);
    if (rc == CT_OK)
        rc = decode_person(body, "by", &r->by_name, &r->by_role, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_datetime(body, "", "issued_at", true, &r->issued_at, err);
    if (rc == CT_OK)
        rc = ct_json_text(body, "", "summary", true, 1, CT_SUMMARY_MAX, &r->summary, err);
    if (rc == CT_OK)
        rc = ct_json_url(body, "", "url", false, &r->url, err);
    return rc;
}

static ct_rc run_response_add(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                              const ct_input *in, ct_response *resp, ct_error *err)
{
    ct_rc rc = ct_response_add(conn, req->param, &in->response, &req->actor, err);
    (void)ctx;
    return rc == CT_OK ? reply_claim(conn, req->param, 201, resp, err) : rc;
}

static ct_rc decode_mention(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"article_id", "url", "quote", "position", NULL};
    ct_mention_input *m = &in->mention;
    ct_rc rc = decode_nothing(req, in, err);

    memset(m, 0, sizeof *m);
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(req->body, "", "article_id", true, 1, CT_ARTICLE_ID_MAX,
                          &m->article_id, err);
    if (rc == CT_OK)
        rc = ct_json_url(req->body, "", "url", false, &m->article_url, err);
    if (rc == CT_OK)
        rc = decode_quote(req->body, "", &m->quote, err);
    if (rc == CT_OK)
        rc = decode_position(req->body, "", m, in->position, sizeof in->position, err);
    return rc;
}

static ct_rc run_mention_add(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                             const ct_input *in, ct_response *resp, ct_error *err)
{
    ct_rc rc = ct_mention_add(conn, req->param, &in->mention, &req->actor, err);
    (void)ctx;
    return rc == CT_OK ? reply_claim(conn, req->param, 201, resp, err) : rc;
}

/* ---- POST /claims/{id}/review, GET /review-queue ------------------------- */

static ct_rc decode_review(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"expected_version", "status", "rating", "note",
                                       "publish", NULL};
    ct_review_input *r = &in->review;
    json_object *body = req->body;
    ct_rc rc = decode_nothing(req, in, err);

    memset(r, 0, sizeof *r);
    if (rc == CT_OK)
        rc = ct_json_only_keys(body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_int(body, "", "expected_version", true, 1, INT32_MAX,
                         &r->expected_version, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_enum(body, "", "status", true, ct_vocab_status_keys, &r->status, err);
    if (rc == CT_OK)
        rc = ct_json_text(body, "", "rating", false, 1, CT_RATING_MAX, &r->rating, err);
    if (rc == CT_OK)
        rc = ct_json_text(body, "", "note", false, 1, CT_NOTE_MAX, &r->note, err);
    if (rc == CT_OK && json_object_object_get_ex(body, "publish", NULL)) {
        r->has_publish = true;
        rc = ct_json_bool(body, "", "publish", true, &r->publish, err);
    }
    return rc;
}

static ct_rc run_review(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                        const ct_input *in, ct_response *resp, ct_error *err)
{
    ct_rc rc = ct_review_apply(conn, req->param, &in->review, &req->actor, err);
    (void)ctx;
    return rc == CT_OK ? reply_claim(conn, req->param, 200, resp, err) : rc;
}

static ct_rc decode_queue(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"limit", NULL};
    ct_rc rc = CT_OK;

    in->queue.limit = LIST_LIMIT_MAX;
    if (req->query)
        rc = ct_json_only_keys(req->query, keys, "query", err);
    if (rc == CT_OK && req->query)
        rc = query_int(req->query, "limit", 1000, &in->queue.limit, err);
    return rc;
}

static ct_rc run_queue(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                       const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 200;
    return ct_review_queue(conn, in->queue.limit, &resp->body, err);
}

/* ---- GET /articles/{id}/notices, GET /feeds/claimreview, POST /import/claimreview -- */

/* query.lang is the reader's language, a BCP 47 tag negotiated by its
   primary subtag ("ru-RU" asks for ru). A tag of a language notices are
   not written in ("de") asks for nothing: each notice is then in its
   claim's language when notices can be written in it, else in the
   configured default (render/notices.h), byte for byte the answer without
   lang. Only the negotiated tag goes further, so the answers kept in the
   database are shared by "ru" and "ru-RU" (notices.c's variant); the
   readers' cache keys by the query as sent, and keeps them apart. */
static ct_rc decode_notices(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"lang", "format", NULL};
    static const char *const formats[] = {"json", "html", "jsonld", NULL};
    const char *format = NULL;
    ct_rc rc = CT_OK;

    in->notices.lang = NULL;
    in->notices.format = CT_NOTICES_JSON;
    if (req->query == NULL)
        return CT_OK;
    rc = ct_json_only_keys(req->query, keys, "query", err);
    if (rc == CT_OK)
        rc = decode_language_wanted(req->query, "query", "lang", false, true,
                                    &in->notices.lang, err);
    if (rc == CT_OK)
        rc = ct_json_enum(req->query, "query", "format", false, formats, &format, err);
    if (rc == CT_OK && format)
        in->notices.format = strcmp(format, "html") == 0 ? CT_NOTICES_HTML
                           : strcmp(format, "jsonld") == 0 ? CT_NOTICES_JSONLD : CT_NOTICES_JSON;
    return rc;
}

static ct_rc run_notices(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                         const ct_input *in, ct_response *resp, ct_error *err)
{
    resp->status = 200;
    if (in->notices.format == CT_NOTICES_HTML) {
        resp->is_text = true;
        resp->content_type = "text/html; charset=utf-8";
    } else if (in->notices.format == CT_NOTICES_JSONLD) {
        resp->is_text = true;
        resp->content_type = "application/ld+json";
    }
    return ct_notices_render(conn, req->param, in->notices.lang, &ctx->config->publisher,
                             (ct_notice_format)in->notices.format, &resp->body,
                             resp->last_modified, err);
}

static ct_rc decode_feed(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"limit", NULL};
    ct_rc rc = CT_OK;

    in->feed.limit = 1000;
    if (req->query)
        rc = ct_json_only_keys(req->query, keys, "query", err);
    if (rc == CT_OK && req->query)
        rc = query_int(req->query, "limit", 1000, &in->feed.limit, err);
    return rc;
}

static ct_rc run_feed(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                      const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)req;
    resp->status = 200;
    resp->is_text = true;           /* a string ready for <script>, as the notices' JSON-LD */
    resp->content_type = "application/ld+json";
    return ct_claimreview_feed(conn, &ctx->config->publisher, in->feed.limit, &resp->body, err);
}

/* Every item is read and checked here, before a connection is taken; run
   only writes the plan. */
static ct_rc decode_import(const ct_request *req, ct_input *in, ct_error *err)
{
    ct_rc rc = decode_nothing(req, in, err);

    in->import = NULL;
    if (rc == CT_OK)
        rc = ct_import_plan_new(req->body, &in->import, err);
    return rc;
}

static void release_import(ct_input *in)
{
    ct_import_plan_free(in->import);
    in->import = NULL;
}

static ct_rc run_import(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                        const ct_input *in, ct_response *resp, ct_error *err)
{
    bool created = false;
    ct_rc rc = ct_claimreview_import(conn, in->import, &req->actor,
                                     ctx->config->publisher.language, &resp->body, &created, err);
    resp->status = created ? 201 : 200;
    return rc;
}

/* ---- POST /articles/{id}/anchor ----------------------------------------- */

static ct_rc decode_anchor(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"text", NULL};
    ct_rc rc = decode_nothing(req, in, err);

    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(req->body, "", "text", true, 1, CT_ARTICLE_TEXT_MAX,
                          &in->anchor.text, err);
    if (rc == CT_OK)
        in->anchor.len = strlen(in->anchor.text);
    if (rc == CT_OK && in->anchor.len > CT_ARTICLE_TEXT_MAX)
        rc = ct_fail(err, CT_EINVALID, "too_long", "text",
                     "the article text is longer than %u bytes", CT_ARTICLE_TEXT_MAX);
    return rc;
}

static ct_rc run_anchor(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                        const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    resp->status = 200;
    return ct_article_anchor(conn, req->param, in->anchor.text, in->anchor.len, &req->actor,
                             &resp->body, err);
}

/* ---- POST /articles/{id}/scan --------------------------------------------- */

static ct_rc decode_scan(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"text", "language", "url", NULL};
    const char *url = NULL;
    ct_rc rc = decode_nothing(req, in, err);

    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(req->body, "", "text", true, 1, CT_SCAN_TEXT_MAX, &in->scan.text, err);
    if (rc == CT_OK)
        rc = decode_language_wanted(req->body, "", "language", true, false, &in->scan.language,
                                    err);
    if (rc == CT_OK)
        rc = ct_json_url(req->body, "", "url", false, &url, err);
    if (rc == CT_OK)
        in->scan.len = strlen(in->scan.text);
    if (rc == CT_OK && in->scan.len > CT_SCAN_TEXT_MAX)
        rc = ct_fail(err, CT_EINVALID, "too_long", "text",
                     "the article text is longer than %d bytes", CT_SCAN_TEXT_MAX);
    return rc;
}

static ct_rc run_scan(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                      const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    resp->status = 200;
    return ct_scan_article(conn, req->param, in->scan.text, in->scan.len, in->scan.language,
                           ctx->config->scan_auto_confirm, &req->actor, &resp->body, err);
}

static ct_rc run_suggestions(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                             const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_scan_suggestions(conn, req->param, &resp->body, err);
}

static ct_rc run_suggestion_confirm(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                    const ct_input *in, ct_response *resp, ct_error *err)
{
    char *claim_id = NULL;
    ct_rc rc = ct_scan_confirm(conn, req->param, &req->actor, &claim_id, err);
    (void)ctx;
    (void)in;
    if (rc == CT_OK)
        rc = reply_claim(conn, claim_id, 201, resp, err);
    free(claim_id);
    return rc;
}

static ct_rc run_suggestion_dismiss(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                    const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_scan_dismiss(conn, req->param, &resp->body, err);
}

/* ---- GET /health ----------------------------------------------------------- */

/* The readers' cache's state and counters, as GET /health's "reader_cache". */
static void health_cache(ct_cache *cache, char *out, size_t size)
{
    ct_cache_stats cs;
    ct_cache_stats_get(cache, &cs);
    if (cache == NULL)
        snprintf(out, size, "null");
    else
        snprintf(out, size, "{\"listening\":%s,\"entries\":%zu,\"bytes\":%zu,"
                 "\"limit\":%zu,\"hits\":%llu,\"misses\":%llu,\"stores\":%llu,"
                 "\"evictions\":%llu,\"invalidations\":%llu,\"reconnects\":%llu}",
                 cs.listening ? "true" : "false", cs.entries, cs.bytes, cs.limit,
                 (unsigned long long)cs.hits, (unsigned long long)cs.misses,
                 (unsigned long long)cs.stores, (unsigned long long)cs.evictions,
                 (unsigned long long)cs.invalidations, (unsigned long long)cs.reconnects);
}

/* Where readers' reads went, as GET /health's "replicas" (replicas.h). */
static void health_replicas(ct_replicas *replicas, char *out, size_t size)
{
    ct_replicas_stats rs;
    ct_replicas_stats_get(replicas, &rs);
    if (replicas == NULL)
        snprintf(out, size, "null");
    else
        snprintf(out, size, "{\"standby_reads\":%llu,\"primary_reads_standby_behind\":%llu,"
                 "\"primary_reads_standby_unavailable\":%llu}",
                 (unsigned long long)rs.standby_reads, (unsigned long long)rs.behind,
                 (unsigned long long)rs.unavailable);
}

/* What searches know of the desk's common junctions, as GET /health's
   "search" (search_stats.h). */
static void health_search(ct_search_stats *stats, char *out, size_t size)
{
    ct_search_stats_info si;
    ct_search_stats_get(stats, &si);
    snprintf(out, size, "{\"common_junctions\":%zu,\"statistics_known\":%s,"
             "\"statistics_reads\":%llu,\"searches_by_statistics\":%llu,"
             "\"searches_without_walk\":%llu}",
             si.junctions, si.known ? "true" : "false", (unsigned long long)si.reads,
             (unsigned long long)si.searches, (unsigned long long)si.unwalked);
}

static ct_rc run_health(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                        const ct_input *in, ct_response *resp, ct_error *err)
{
    char *version = NULL, cache[512], replicas[256], search[256];
    ct_rc rc = ct_exec_text(conn, &ct_stmt_schema_version, 0, NULL, "schema", &version, err);

    (void)req;
    (void)in;
    if (rc != CT_OK)
        return rc;
    health_cache(ctx->cache, cache, sizeof cache);
    health_replicas(ctx->replicas, replicas, sizeof replicas);
    health_search(ctx->search_stats, search, sizeof search);
    size_t size = strlen(version) + sizeof cache + sizeof replicas + sizeof search + 96;
    resp->body = malloc(size);
    if (resp->body == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    else
        snprintf(resp->body, size, "{\"database\":\"ok\",\"schema_version\":%s,"
                 "\"reader_cache\":%s,\"replicas\":%s,\"search\":%s}", version, cache,
                 replicas, search);
    resp->status = 200;
    free(version);
    return rc;
}

/* ---- evidence, deliveries, jobs -------------------------------------------- */

/* ?status=&limit= for the moderators' lists of evidence and deliveries. */
static ct_rc decode_listing(const ct_request *req, ct_input *in, const char *const *statuses,
                            ct_error *err)
{
    static const char *const keys[] = {"status", "limit", NULL};
    ct_rc rc = CT_OK;

    in->listing.status = NULL;
    in->listing.limit = 100;
    if (req->query == NULL)
        return CT_OK;
    rc = ct_json_only_keys(req->query, keys, "query", err);
    if (rc == CT_OK)
        rc = ct_json_enum(req->query, "query", "status", false, statuses, &in->listing.status, err);
    if (rc == CT_OK)
        rc = query_int(req->query, "limit", 1000, &in->listing.limit, err);
    return rc;
}

static ct_rc decode_evidence_list(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const statuses[] = {"pending", "archived", "failed", NULL};
    return decode_listing(req, in, statuses, err);
}

static ct_rc decode_delivery_list(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const statuses[] = {"pending", "delivered", "dead", NULL};
    return decode_listing(req, in, statuses, err);
}

/* Archived copies are served as text/plain (or base64), in a sandbox. */
static const char evidence_headers[] =
    "{\"Content-Security-Policy\":\"default-src 'none'; sandbox\","
    "\"X-Content-Type-Options\":\"nosniff\",\"Content-Disposition\":\"inline\"}";

static ct_rc run_evidence_get(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                              const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    resp->is_text = true;
    resp->headers = evidence_headers;
    return ct_evidence_copy(conn, req->param, ct_request_staff(req), &resp->body,
                            &resp->content_type, &resp->base64, err);
}

static ct_rc run_evidence_list(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                               const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 200;
    return ct_evidence_list(conn, in->listing.status, in->listing.limit, &resp->body, err);
}

static ct_rc run_delivery_list(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                               const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 200;
    return ct_webhooks_list(conn, in->listing.status, in->listing.limit, &resp->body, err);
}

static ct_rc run_redeliver(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                           const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_webhooks_redeliver(conn, req->param, &resp->body, err);
}

/* {"max_ms": N}, optional: the call's time budget (scheduler.h). */
static ct_rc decode_jobs(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"max_ms", NULL};
    int64_t max_ms = CT_JOBS_RUN_MS_DEFAULT;
    ct_rc rc = decode_nothing(req, in, err);

    if (rc == CT_OK && req->body)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_int(req->body, "", "max_ms", false, CT_JOBS_RUN_MS_MIN, CT_JOBS_RUN_MS_MAX,
                         &max_ms, NULL, err);
    in->jobs.max_ms = (int)max_ms;
    return rc;
}

static ct_rc run_jobs(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                      const ct_input *in, ct_response *resp, ct_error *err)
{
    int done[CT_NJOBS] = {0};
    bool more = false;
    ct_rc rc = ct_scheduler_run_due(ct_jobs, CT_NJOBS, &ctx->config->outbound, conn,
                                    in->jobs.max_ms, done, &more, err);

    (void)req;
    if (rc != CT_OK)
        return rc;
    ct_buf body = CT_BUF_INIT;
    for (size_t j = 0; j < CT_NJOBS; j++)
        ct_buf_appendf(&body, "%s\"%s\":%d", j ? "," : "{", ct_jobs[j]->name, done[j]);
    ct_buf_appendf(&body, ",\"more\":%s}", more ? "true" : "false");
    resp->status = 200;
    resp->body = ct_buf_take(&body);
    ct_buf_free(&body);
    return resp->body ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
}

/* ---- GET /vocabulary, GET /ratings, POST /ratings, PUT /ratings/{key} ------ */

static ct_rc run_vocabulary(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                            const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    (void)in;
    resp->status = 200;
    return ct_vocabulary_json(conn, &resp->body, err);
}

static ct_rc run_ratings(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                         const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    (void)in;
    resp->status = 200;
    return ct_ratings_list(conn, &resp->body, err);
}

/* A rating's key or label: no spaces at either end, of any kind, nor an
   invisible character (a "False\u00a0" beside "False" would look like the
   same rating to moderators): ct_text_trimmed. */
static ct_rc decode_rating_word(json_object *obj, const char *prefix, const char *key,
                                bool required, size_t max, const char **out, ct_error *err)
{
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, max, out, err);
    if (rc == CT_OK && *out && !ct_text_trimmed(*out)) {
        char path[64];
        rc = ct_fail(err, CT_EINVALID, "invalid_value", ct_json_path(path, sizeof path, prefix, key),
                     "%s must not begin or end with a space or an invisible character", path);
    }
    return rc;
}

/* A change names what changes: null is not a value. */
static ct_rc refuse_nulls(json_object *obj, const char *prefix, ct_error *err)
{
    json_object_object_foreach(obj, key, value) {
        char path[64];
        if (value == NULL)
            return ct_fail(err, CT_EINVALID, "wrong_type", ct_json_path(path, sizeof path, prefix, key),
                           "%s must not be null: leave it out to keep it", path);
        if (json_object_is_type(value, json_type_object) && strcmp(key, "labels") == 0) {
            ct_rc rc = refuse_nulls(value, "labels", err);
            if (rc != CT_OK)
                return rc;
        }
    }
    return CT_OK;
}

/* labels {"en", "ru", "kk"}: all three when adding, any when changing. */
static ct_rc decode_rating_labels(json_object *body, bool adding, ct_rating_input *r,
                                  ct_error *err)
{
    static const char *const langs[] = {"en", "ru", "kk", NULL};
    json_object *labels = NULL;
    ct_rc rc = ct_json_object(body, "", "labels", adding, &labels, err);

    if (rc == CT_OK && labels)
        rc = ct_json_only_keys(labels, langs, "labels", err);
    for (int i = 0; rc == CT_OK && labels && langs[i]; i++)
        rc = decode_rating_word(labels, "labels", langs[i], adding, CT_RATING_LABEL_MAX,
                                &r->label[i], err);
    return rc;
}

/* #rrggbb, letters in lower case (the form the schema keeps). */
static ct_rc decode_colour(json_object *body, bool required, const char **out, ct_error *err)
{
    ct_rc rc = ct_json_text(body, "", "colour", required, 1, 7, out, err);
    bool hex = *out == NULL || (strlen(*out) == 7 && (*out)[0] == '#');

    for (int i = 1; rc == CT_OK && *out && i < 7; i++)
        hex = hex && (((*out)[i] >= '0' && (*out)[i] <= '9') ||
                      ((*out)[i] >= 'a' && (*out)[i] <= 'f'));
    if (rc == CT_OK && !hex)
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "colour",
                     "colour must be #rrggbb in lower-case hexadecimal, such as #b71c1c");
    return rc;
}

/* The members of a rating shared by adding and changing. */
static ct_rc decode_rating_fields(json_object *body, bool adding, ct_rating_input *r,
                                  ct_error *err)
{
    ct_rc rc = decode_rating_labels(body, adding, r, err);

    if (rc == CT_OK)
        rc = ct_json_int(body, "", "value", adding, CT_RATING_VALUE_MIN, CT_RATING_VALUE_MAX,
                         &r->value, &r->has_value, err);
    if (rc == CT_OK)
        rc = decode_colour(body, adding, &r->colour, err);
    if (rc == CT_OK && json_object_object_get_ex(body, "verdict", NULL)) {
        r->has_verdict = true;
        rc = ct_json_bool(body, "", "verdict", true, &r->verdict, err);
    }
    if (rc == CT_OK)
        rc = ct_json_int(body, "", "position", false, 1, CT_RATING_POSITION_MAX, &r->position,
                         &r->has_position, err);
    return rc;
}

static ct_rc decode_rating_new(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"key", "labels", "value", "colour", "verdict",
                                       "position", NULL};
    ct_rc rc = decode_nothing(req, in, err);

    memset(&in->rating, 0, sizeof in->rating);
    in->rating.verdict = true;                 /* a rating is a verdict unless it says not */
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = decode_rating_word(req->body, "", "key", true, CT_RATING_KEY_MAX, &in->rating_key, err);
    if (rc == CT_OK)
        rc = decode_rating_fields(req->body, true, &in->rating, err);
    return rc;
}

static ct_rc decode_rating_change(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"labels", "value", "colour", "verdict", "position",
                                       "retired", NULL};
    ct_rc rc = decode_nothing(req, in, err);

    memset(&in->rating, 0, sizeof in->rating);
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK && json_object_object_length(req->body) == 0)
        rc = ct_fail(err, CT_EINVALID, "missing_field", "", "say what to change: labels, value,"
                     " colour, verdict, position or retired");
    if (rc == CT_OK)
        rc = refuse_nulls(req->body, "", err);
    if (rc == CT_OK)
        rc = decode_rating_fields(req->body, false, &in->rating, err);
    if (rc == CT_OK && json_object_object_get_ex(req->body, "retired", NULL)) {
        in->rating.has_retired = true;
        rc = ct_json_bool(req->body, "", "retired", true, &in->rating.retired, err);
    }
    return rc;
}

static ct_rc run_rating_new(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                            const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 201;
    return ct_rating_add(conn, in->rating_key, &in->rating, &resp->body, err);
}

static ct_rc run_rating_change(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                               const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    resp->status = 200;
    return ct_rating_change(conn, req->param, &in->rating, &resp->body, err);
}

/* ---- /subscriptions: webhook subscriptions (admin) ------------------------------ */

/* events: 1 to 8 names of ct_webhook_events or "*", none twice; kept as compact JSON text. */
static ct_rc decode_events(json_object *body, bool required, ct_input *in, ct_error *err)
{
    json_object *events = NULL;
    size_t n;

    if (!json_object_object_get_ex(body, "events", &events) || events == NULL) {
        if (required)
            snprintf(in->subscription.events, sizeof in->subscription.events, "[\"*\"]");
        in->subscription.in.events_json = required ? in->subscription.events : NULL;
        return CT_OK;
    }
    n = json_object_is_type(events, json_type_array) ? json_object_array_length(events) : 0;
    if (!json_object_is_type(events, json_type_array) || n == 0 || n > 9)
        return ct_fail(err, CT_EINVALID, "wrong_type", "events",
                       "events must be a list of 1 to 9 event names, or [\"*\"] for all");
    for (size_t i = 0; i < n; i++) {
        json_object *name = json_object_array_get_idx(events, i);
        const char *text = json_object_is_type(name, json_type_string) ? json_object_get_string(name) : "";
        bool known = strcmp(text, "*") == 0;
        char path[32];
        for (size_t k = 0; !known && ct_webhook_events[k]; k++)
            known = strcmp(text, ct_webhook_events[k]) == 0;
        snprintf(path, sizeof path, "events.%zu", i);
        if (!json_object_is_type(name, json_type_string))
            return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be an event name", path);
        if (strcmp(text, "*") == 0 && n > 1)
            return ct_fail(err, CT_EINVALID, "invalid_value", path,
                           "\"*\" means every event: give it alone, or name the events");
        if (!known)
            return ct_fail(err, CT_EINVALID, "invalid_value", path, "%s is not an event name:"
                           " claim.recorded, response.linked, claim.status_changed,"
                           " claim.verdict_changed, claim.published, claim.unpublished,"
                           " evidence.archived, checkpoint.signed, or *", path);
        for (size_t j = 0; j < i; j++)
            if (strcmp(text, json_object_get_string(json_object_array_get_idx(events, j))) == 0)
                return ct_fail(err, CT_EINVALID, "duplicate", path, "%s names an event twice", path);
    }
    snprintf(in->subscription.events, sizeof in->subscription.events, "%s",
             ct_jdump(events, JSON_C_TO_STRING_PLAIN));
    in->subscription.in.events_json = in->subscription.events;
    return CT_OK;
}

/* The members shared by adding and changing: url, events, description, allow_private, active. */
static ct_rc decode_subscription_fields(json_object *body, bool adding, ct_input *in, ct_error *err)
{
    ct_subscription_input *sub = &in->subscription.in;
    ct_rc rc = ct_json_url(body, "", "url", adding, &sub->url, err);

    if (rc == CT_OK)
        rc = decode_events(body, adding, in, err);
    if (rc == CT_OK && json_object_object_get_ex(body, "description", NULL)) {
        sub->has_description = true;
        rc = ct_json_text(body, "", "description", false, 1, CT_SUBSCRIPTION_DESCRIPTION_MAX,
                          &sub->description, err);
    }
    json_object *value = NULL;      /* null: absent (a change refuses null before this) */
    if (rc == CT_OK && json_object_object_get_ex(body, "allow_private", &value) && value != NULL) {
        sub->has_allow_private = true;
        rc = ct_json_bool(body, "", "allow_private", true, &sub->allow_private, err);
    }
    if (rc == CT_OK && json_object_object_get_ex(body, "active", &value) && value != NULL) {
        sub->has_active = true;
        rc = ct_json_bool(body, "", "active", true, &sub->active, err);
    }
    return rc;
}

static ct_rc decode_subscription_new(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"url", "events", "description", "allow_private", "active",
                                       NULL};
    ct_rc rc = decode_nothing(req, in, err);

    memset(&in->subscription, 0, sizeof in->subscription);
    in->subscription.in.active = true;
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = decode_subscription_fields(req->body, true, in, err);
    return rc;
}

static ct_rc decode_subscription_change(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"url", "events", "description", "allow_private", "active",
                                       NULL};
    ct_rc rc = decode_nothing(req, in, err);

    memset(&in->subscription, 0, sizeof in->subscription);
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK && json_object_object_length(req->body) == 0)
        rc = ct_fail(err, CT_EINVALID, "missing_field", "", "say what to change: url, events,"
                     " description, allow_private or active");
    if (rc == CT_OK) {     /* null clears the description; anything else must be a value */
        json_object_object_foreach(req->body, key, value) {
            if (rc == CT_OK && value == NULL && strcmp(key, "description") != 0)
                rc = ct_fail(err, CT_EINVALID, "wrong_type", key,
                             "%s must not be null: leave it out to keep it", key);
        }
    }
    if (rc == CT_OK)
        rc = decode_subscription_fields(req->body, false, in, err);
    return rc;
}

static ct_rc decode_rotate(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"overlap_s", NULL};
    int64_t overlap = CT_ROTATION_OVERLAP_DEFAULT;
    ct_rc rc = decode_nothing(req, in, err);

    memset(&in->subscription, 0, sizeof in->subscription);
    if (rc == CT_OK)
        rc = ct_json_only_keys(req->body, keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_int(req->body, "", "overlap_s", false, 0, CT_ROTATION_OVERLAP_MAX, &overlap,
                         NULL, err);
    in->subscription.overlap_s = (int)overlap;
    return rc;
}

static ct_rc need_secrets_key(const ct_route_ctx *ctx, ct_error *err)
{
    if (ctx->config->outbound.has_secrets_key)
        return CT_OK;
    return ct_fail(err, CT_EINTERNAL, "secrets_key_not_configured", NULL,
                   "webhook subscriptions need \"secrets_key\" in the plugin's configuration"
                   " (`openssl rand -base64 32`, the same on every host of this database)");
}

/* The url must be deliverable under the policy: refused now, not dead-lettered a day later. */
static ct_rc check_destination(const ct_route_ctx *ctx, const char *url, bool allow_private,
                               ct_error *err)
{
    const ct_outbound_config *ob = &ctx->config->outbound;
    char why[300];

    if (ct_fetch_destination_allowed(url, allow_private, ob->allow, ob->nallow, why, sizeof why))
        return CT_OK;
    return ct_fail(err, CT_EUNPROCESSABLE, "destination_not_allowed", "url",
                   "deliveries to this url would fail: %s%s", why,
                   strstr(why, "address (") && !allow_private
                       ? "; an admin may allow a private destination with \"allow_private\": true" : "");
}

static ct_rc run_subscriptions(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                               const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    (void)in;
    resp->status = 200;
    return ct_subscriptions_list(conn, &resp->body, err);
}

static ct_rc run_subscription_get(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                  const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_subscription_get(conn, req->param, &resp->body, err);
}

static ct_rc run_subscription_new(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                  const ct_input *in, ct_response *resp, ct_error *err)
{
    const ct_subscription_input *sub = &in->subscription.in;
    ct_rc rc = need_secrets_key(ctx, err);

    if (rc == CT_OK)
        rc = check_destination(ctx, sub->url, sub->allow_private, err);
    resp->status = 201;
    return rc == CT_OK ? ct_subscription_add(conn, ctx->config->outbound.secrets_key, sub,
                                             req->actor.id, &resp->body, err) : rc;
}

static ct_rc run_subscription_change(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                     const ct_input *in, ct_response *resp, ct_error *err)
{
    const ct_subscription_input *sub = &in->subscription.in;
    char *now = NULL;
    ct_rc rc = CT_OK;

    if (sub->url || sub->has_allow_private) {     /* the destination under the policy it will have */
        rc = ct_subscription_get(conn, req->param, &now, err);
        json_object *current = rc == CT_OK ? ct_jparse(now) : NULL;
        const char *url = sub->url ? sub->url
                        : json_object_get_string(json_object_object_get(current, "url"));
        bool allow = sub->has_allow_private
                   ? sub->allow_private
                   : json_object_get_boolean(json_object_object_get(current, "allow_private"));
        if (rc == CT_OK)
            rc = check_destination(ctx, url ? url : "", allow, err);
        json_object_put(current);
        free(now);
    }
    resp->status = 200;
    return rc == CT_OK ? ct_subscription_change(conn, req->param, sub, &resp->body, err) : rc;
}

static ct_rc run_subscription_delete(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                     const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_subscription_delete(conn, req->param, &resp->body, err);
}

static ct_rc run_rotate(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                        const ct_input *in, ct_response *resp, ct_error *err)
{
    ct_rc rc = need_secrets_key(ctx, err);
    resp->status = 200;
    return rc == CT_OK ? ct_subscription_rotate(conn, ctx->config->outbound.secrets_key, req->param,
                                                in->subscription.overlap_s, &resp->body, err) : rc;
}

/* ---- the transparency log: checkpoints and proofs --------------------------- */

static ct_rc need_checkpoint_key(const ct_route_ctx *ctx, ct_error *err)
{
    if (ctx->config->outbound.checkpoint.has_key)
        return CT_OK;
    return ct_fail(err, CT_EINTERNAL, "checkpoint_key_not_configured", NULL,
                   "signing checkpoints needs \"checkpoint_key\" in the plugin's configuration"
                   " (`claimtrack keygen NAME` prints one)");
}

/* POST's body, required by the envelope, is {} here: nothing to say. */
static ct_rc decode_empty_body(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const none[] = {NULL};
    ct_rc rc = decode_nothing(req, in, err);
    if (rc == CT_OK && json_object_is_type(req->body, json_type_object))
        rc = ct_json_only_keys(req->body, none, "", err);
    else if (rc == CT_OK)
        rc = ct_fail(err, CT_EINVALID, "wrong_type", "body", "body must be {}");
    return rc;
}

static ct_rc run_checkpoint_sign(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                 const ct_input *in, ct_response *resp, ct_error *err)
{
    const ct_checkpoint_config *cp = &ctx->config->outbound.checkpoint;
    bool created = false;
    ct_rc rc = need_checkpoint_key(ctx, err);

    (void)in;
    if (rc == CT_OK)
        rc = ct_tlog_sign(conn, &cp->key, cp->trusted, cp->ntrusted, cp->origin, req->actor.id, 0,
                          &created, &resp->body, err);
    resp->status = created ? 201 : 200;
    return rc;
}

static ct_rc decode_checkpoint_list(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"limit", NULL};
    ct_rc rc = req->query ? ct_json_only_keys(req->query, keys, "query", err) : CT_OK;

    in->listing.limit = 100;
    if (rc == CT_OK && req->query)
        rc = query_int(req->query, "limit", 1000, &in->listing.limit, err);
    return rc;
}

static ct_rc run_checkpoint_list(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                                 const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 200;
    return ct_tlog_checkpoints(conn, in->listing.limit, &resp->body, err);
}

/* A tree size from the query: a whole number from 1 to 2^62. */
static ct_rc query_size(json_object *query, const char *key, uint64_t *out, ct_error *err)
{
    const char *text = NULL;
    char path[96];
    ct_rc rc = ct_json_text(query, "query", key, true, 1, 19, &text, err);
    bool digits = rc == CT_OK && strspn(text, "0123456789") == strlen(text);
    unsigned long long v = digits ? strtoull(text, NULL, 10) : 0;

    if (rc == CT_OK && (!digits || v < 1 || v > (1ULL << 62)))
        rc = ct_fail(err, CT_EINVALID, "out_of_range", ct_json_path(path, sizeof path, "query", key),
                     "%s must be a tree size, a whole number from 1", path);
    *out = v;
    return rc;
}

static ct_rc decode_consistency(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"from", "to", NULL};
    json_object *query = req->query ? req->query : NULL;
    ct_rc rc = query ? ct_json_only_keys(query, keys, "query", err)
                     : ct_fail(err, CT_EINVALID, "missing_field", "query.from",
                               "query.from and query.to are required");
    if (rc == CT_OK)
        rc = query_size(query, "from", &in->consistency.from, err);
    if (rc == CT_OK)
        rc = query_size(query, "to", &in->consistency.to, err);
    if (rc == CT_OK && in->consistency.from > in->consistency.to)
        rc = ct_fail(err, CT_EINVALID, "out_of_range", "query.from",
                     "query.from must not be larger than query.to");
    return rc;
}

static ct_rc run_consistency(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                             const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)req;
    resp->status = 200;
    return ct_tlog_consistency(conn, in->consistency.from, in->consistency.to, &resp->body, err);
}

static ct_rc run_claim_proof(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                             const ct_input *in, ct_response *resp, ct_error *err)
{
    (void)ctx;
    (void)in;
    resp->status = 200;
    return ct_tlog_claim_proof(conn, req->param, ct_request_staff(req), &resp->body, err);
}

/* ?key= a verifier key; by default the configured checkpoint key's. */
static ct_rc decode_audit(const ct_request *req, ct_input *in, ct_error *err)
{
    static const char *const keys[] = {"key", NULL};
    ct_rc rc = req->query ? ct_json_only_keys(req->query, keys, "query", err) : CT_OK;

    in->audit_key = NULL;
    if (rc == CT_OK && req->query)
        rc = ct_json_text(req->query, "query", "key", false, 1, 400, &in->audit_key, err);
    if (rc == CT_OK && in->audit_key && !ct_note_verifier_key(in->audit_key, &(ct_note_key){0}))
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "query.key",
                     "query.key must be a signed-note verifier key (name+hash+base64)");
    return rc;
}

/* ?key= alone, or the configured key and the trusted keys of before a rotation. */
static ct_rc run_audit(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                       const ct_input *in, ct_response *resp, ct_error *err)
{
    const ct_checkpoint_config *cp = &ctx->config->outbound.checkpoint;
    ct_note_key keys[1 + CT_TRUSTED_KEYS_MAX];
    size_t nkeys = 0;
    ct_rc rc = CT_OK;

    (void)req;
    if (in->audit_key) {
        ct_note_verifier_key(in->audit_key, &keys[nkeys++]);
    } else if ((rc = need_checkpoint_key(ctx, err)) == CT_OK) {
        keys[nkeys++] = cp->key;
        for (size_t i = 0; i < cp->ntrusted; i++)
            keys[nkeys++] = cp->trusted[i];
    }
    resp->status = 200;
    rc = rc == CT_OK ? ct_tlog_audit(conn, keys, nkeys, &resp->body, err) : rc;
    OPENSSL_cleanse(keys, sizeof keys);
    return rc;
}

/* The jobs the scheduler runs, in the order POST /jobs/run reports them:
   archiving adds events, sequencing signs them, deliveries send them;
   match_text writes the comparison forms claims lack. */
const ct_job *const ct_jobs[CT_NJOBS] = {&ct_evidence_job, &ct_checkpoint_job, &ct_webhook_job,
                                         &ct_match_text_job};

const ct_route ct_routes[] = {
    {"POST", "/claims",                 CT_ROLE_EDITOR,    true,  false, false, CT_PARAM_NONE,       decode_claim,    run_claim_create, NULL, false, false},
    {"GET",  "/claims",                 CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_filter,   run_claim_list, NULL, true, true},
    {"GET",  "/claims/{id}",            CT_ROLE_READER,    false, false, false, CT_PARAM_CLAIM_ID,   decode_nothing,  run_claim_get, NULL, true, true},
    {"POST", "/claims/{id}/responses",  CT_ROLE_EDITOR,    true,  false, false, CT_PARAM_CLAIM_ID,   decode_response, run_response_add, NULL, false, false},
    {"POST", "/claims/{id}/mentions",   CT_ROLE_EDITOR,    true,  false, false, CT_PARAM_CLAIM_ID,   decode_mention,  run_mention_add, NULL, false, false},
    {"POST", "/claims/{id}/review",     CT_ROLE_MODERATOR, true,  false, false, CT_PARAM_CLAIM_ID,   decode_review,   run_review, NULL, false, false},
    {"GET",  "/claims/{id}/timeline",   CT_ROLE_READER,    false, false, false, CT_PARAM_CLAIM_ID,   decode_nothing,  run_timeline, NULL, true, true},
    {"GET",  "/articles/{id}/notices",  CT_ROLE_READER,    false, false, false, CT_PARAM_ARTICLE_ID, decode_notices,  run_notices, NULL, true, true},
    {"GET",  "/review-queue",           CT_ROLE_MODERATOR, false, false, false, CT_PARAM_NONE,       decode_queue,    run_queue, NULL, false, false},
    {"GET",  "/health",                 CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_nothing,  run_health, NULL, false, false},
    {"POST", "/articles/{id}/anchor",   CT_ROLE_EDITOR,    true,  false, true , CT_PARAM_ARTICLE_ID, decode_anchor,   run_anchor, NULL, false, false},
    {"POST", "/articles/{id}/scan",     CT_ROLE_EDITOR,    true,  false, true , CT_PARAM_ARTICLE_ID, decode_scan,     run_scan, NULL, false, false},
    {"GET",  "/articles/{id}/suggestions", CT_ROLE_EDITOR, false, false, false, CT_PARAM_ARTICLE_ID, decode_nothing,  run_suggestions, NULL, false, false},
    {"POST", "/suggestions/{id}/confirm", CT_ROLE_EDITOR,  true,  false, false, CT_PARAM_NUMBER,     decode_empty_body, run_suggestion_confirm, NULL, false, false},
    {"POST", "/suggestions/{id}/dismiss", CT_ROLE_EDITOR,  true,  false, false, CT_PARAM_NUMBER,     decode_empty_body, run_suggestion_dismiss, NULL, false, false},
    {"POST", "/import/claimreview",     CT_ROLE_EDITOR,    true,  true , false, CT_PARAM_NONE,       decode_import,   run_import,   release_import, false, false},
    {"GET",  "/feeds/claimreview",      CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_feed,     run_feed, NULL, true, true},
    {"GET",  "/evidence/{id}",          CT_ROLE_READER,    false, false, false, CT_PARAM_NUMBER,     decode_nothing,  run_evidence_get, NULL, false, true},
    {"GET",  "/evidence",               CT_ROLE_MODERATOR, false, false, false, CT_PARAM_NONE,       decode_evidence_list, run_evidence_list, NULL, false, false},
    {"GET",  "/deliveries",             CT_ROLE_MODERATOR, false, false, false, CT_PARAM_NONE,       decode_delivery_list, run_delivery_list, NULL, false, false},
    {"POST", "/deliveries/{id}/redeliver", CT_ROLE_MODERATOR, true, false, false, CT_PARAM_NUMBER,  decode_nothing,  run_redeliver, NULL, false, false},
    {"GET",  "/vocabulary",             CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_nothing,  run_vocabulary, NULL, true, true},
    {"GET",  "/ratings",                CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_nothing,  run_ratings, NULL, true, true},
    {"POST", "/ratings",                CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_NONE,       decode_rating_new, run_rating_new, NULL, false, false},
    {"PUT",  "/ratings/{id}",           CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_RATING_KEY, decode_rating_change, run_rating_change, NULL, false, false},
    {"GET",  "/subscriptions",          CT_ROLE_ADMIN,     false, false, false, CT_PARAM_NONE,       decode_nothing,  run_subscriptions, NULL, false, false},
    {"POST", "/subscriptions",          CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_NONE,       decode_subscription_new, run_subscription_new, NULL, false, false},
    {"GET",  "/subscriptions/{id}",     CT_ROLE_ADMIN,     false, false, false, CT_PARAM_NUMBER,     decode_nothing,  run_subscription_get, NULL, false, false},
    {"PUT",  "/subscriptions/{id}",     CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_NUMBER,     decode_subscription_change, run_subscription_change, NULL, false, false},
    {"DELETE", "/subscriptions/{id}",   CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_NUMBER,     decode_nothing,  run_subscription_delete, NULL, false, false},
    {"POST", "/subscriptions/{id}/rotate", CT_ROLE_ADMIN,  true,  false, false, CT_PARAM_NUMBER,     decode_rotate,   run_rotate, NULL, false, false},
    {"GET",  "/claims/{id}/proof",      CT_ROLE_READER,    false, false, false, CT_PARAM_CLAIM_ID,   decode_nothing,  run_claim_proof, NULL, false, false},
    {"POST", "/checkpoints",            CT_ROLE_ADMIN,     true,  false, false, CT_PARAM_NONE,       decode_empty_body, run_checkpoint_sign, NULL, false, false},
    {"GET",  "/checkpoints",            CT_ROLE_READER,    false, false, false, CT_PARAM_NONE,       decode_checkpoint_list, run_checkpoint_list, NULL, false, false},
    {"GET",  "/checkpoints/consistency", CT_ROLE_READER,   false, false, false, CT_PARAM_NONE,       decode_consistency, run_consistency, NULL, false, false},
    {"GET",  "/checkpoints/audit",      CT_ROLE_ADMIN,     false, false, false, CT_PARAM_NONE,       decode_audit,    run_audit, NULL, false, false},
    /* Not one transaction: each fetch and delivery commits on its own. */
    {"POST", "/jobs/run",               CT_ROLE_ADMIN,     false, false, false, CT_PARAM_NONE,       decode_jobs,     run_jobs, NULL, false, false},
    {NULL, NULL, CT_ROLE_READER, false, false, false, CT_PARAM_NONE, NULL, NULL, NULL, false, false},
};
