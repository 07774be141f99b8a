/*
 * notices.c -- readers' notices for an article: JSON, HTML and JSON-LD.
 *
 * The facts come from the database in one round trip (&stmt_notices_json);
 * JSON is returned as the database built it, never parsed here (which
 * halved the rate), HTML and JSON-LD are rendered here from it.
 *
 * Composing is the dearest read a page view makes, so every answer made on
 * the primary is kept in the database, ready-made (sql/027), and the next
 * reader of that article in that variant, in any process, reads it back by
 * its primary key (&stmt_notices_kept) while the article's version and the
 * desk's are still those it was composed at. The variant (variant_of) is a
 * hash of everything else the answer depends on: the format, the language
 * asked, the publisher settings and time zone, and this build's own
 * composition (a hash of the files it is made from), so two builds or two
 * configurations on one database never serve each other's answers. On a
 * standby, where nothing can be kept or read back, every answer is
 * composed. Every string that came from the database goes through
 * ct_buf_append_html (HTML) or json-c plus ct_buf_append_script_json
 * (JSON-LD): nothing typed by an editor can become markup.
 *
 * The HTML is a fragment a host drops into its page: no script, no inline
 * style or event handler, stable class names (ct-*) for theming, and
 * share/claimtrack.css as a default stylesheet.
 *
 * A notice whose claim is mentioned in the article only by orphaned
 * mentions (the passage was edited away) is still shown: readers who saw
 * the passage before deserve the verdict. The database says so in each
 * notice's "orphaned" (notice_json.h), which every format carries (JSON's
 * key, HTML's ct-notice__orphaned line).
 */
#include "render/notices.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "render/claimreview.h"
#include "render/i18n.h"
#include "render/notice_json.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* The notices in the order the claims were made; a claim nobody dated
   (sql/025) where the desk recorded it, the latest it can have been said.
   With them, read in the same snapshot, the article's and the desk's
   versions (sql/027; 0 for an article never changed): what the answer is
   kept with; and when they were drawn (its Last-Modified, sql/038). */
static const ct_stmt stmt_notices_json = {"ct_notices_json",
    "SELECT (SELECT json_build_object('article_id', $1::text, 'notices',"
    "          COALESCE(json_agg(" NOTICE_JSON("c", "$1", NOTICE_LANG)
    "           ORDER BY COALESCE(c.said_at, c.created_at), c.id), '[]'))::text"
    "        FROM ct_claims c"
    "        WHERE c.published AND c.id IN (SELECT m.claim_id FROM ct_mentions m"
    "                                       WHERE m.article_id = $1)),"
    "       COALESCE((SELECT v.version FROM ct_notice_versions v WHERE v.article_id = $1), 0),"
    "       COALESCE((SELECT v.version FROM ct_notice_versions v WHERE v.article_id = ''), 0),"
    "       " NOTICES_LAST_MODIFIED("$1"), 4};

/* The answer kept for article $1 in variant $2, if nothing it was made
   from has changed since, and its Last-Modified, kept with it (as in
   domain/claims.c). */
static const ct_stmt stmt_notices_kept = {"ct_notices_kept",
    "SELECT r.body, r.last_modified FROM ct_notice_renders r"
    " WHERE r.article_id = $1 AND r.variant = $2"
    "   AND r.version = COALESCE((SELECT v.version FROM ct_notice_versions v"
    "                             WHERE v.article_id = $1), 0)"
    "   AND r.desk_version = COALESCE((SELECT v.version FROM ct_notice_versions v"
    "                                  WHERE v.article_id = ''), 0)", 2};

/* Keep an answer; the last one composed wins (a stale one is never served,
   whichever it is: stmt_notices_kept compares versions for equality). The
   two oldest expired answers of other articles or variants go in the same
   statement (sql/030_kept_answers_expire.sql); the answer being kept is
   named apart (as in domain/claims.c). */
static const ct_stmt stmt_notices_keep = {"ct_notices_keep",
    "WITH expired AS (DELETE FROM ct_notice_renders e WHERE e.ctid = ANY (ARRAY("
    "   SELECT x.ctid FROM ct_notice_renders x"
    "    WHERE x.kept_at < now() - ct_kept_answer_lifetime()"
    "      AND NOT (x.article_id = $1 AND x.variant = $2)"
    "    ORDER BY x.kept_at LIMIT 2 FOR UPDATE SKIP LOCKED)))"
    " INSERT INTO ct_notice_renders (article_id, variant, version, desk_version, body,"
    "                                last_modified)"
    " VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (article_id, variant) DO UPDATE SET version = EXCLUDED.version,"
    "   desk_version = EXCLUDED.desk_version, body = EXCLUDED.body,"
    "   last_modified = EXCLUDED.last_modified, kept_at = now()", 6};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_notices_sql[] = {&stmt_notices_json, &stmt_notices_kept,
                                         &stmt_notices_keep, NULL};

/* What a composed answer was made at: its article's and the desk's
   versions, and when they were drawn. */
typedef struct composed {
    char *json;
    char *version, *desk_version;
    char  last_modified[CT_HTTP_DATE_SIZE];
} composed;

static void composed_free(composed *c)
{
    free(c->json);
    free(c->version);
    free(c->desk_version);
}

/* The notices of article_id as JSON. The configured default language may
   be regional ("ru-KZ"); a notice written in it is in its language ("ru",
   cfg->notice_language), as every other notice says. */
static ct_rc fetch(ct_conn *conn, const char *article_id, const char *lang,
                   const ct_publisher *cfg, composed *out, ct_error *err)
{
    const char *params[4] = {article_id, lang, cfg->notice_language, ct_i18n_languages_array};
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &stmt_notices_json, 4, params, &rows, err);

    if (rc != CT_OK)
        return rc;
    out->json = strdup(ct_rows_get(rows, 0, 0));
    out->version = strdup(ct_rows_get(rows, 0, 1));
    out->desk_version = strdup(ct_rows_get(rows, 0, 2));
    ct_http_date_copy(ct_rows_get(rows, 0, 3), out->last_modified);
    ct_rows_free(rows);
    if (out->json == NULL || out->version == NULL || out->desk_version == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    return CT_OK;
}

/* ---- answers kept ready-made (sql/027) -------------------------------------------- */

/* This build's composition: a SHA-256 of every file the answers are made
   from (the statement, spliced from notice_json.h and claim_json.h, the
   renderers, src/base, the schema's functions), which the Makefile gives
   as CT_COMPOSITION_ID and recompiles this file for when any of them
   changes. Hashed with the rest on every request, so it is these few
   bytes, not the statement's text (about 3 KB more per request). A build
   made without the Makefile (the fuzz targets) names itself by the time
   this file was compiled. */
#ifndef CT_COMPOSITION_ID
#define CT_COMPOSITION_ID "compiled " __DATE__ " " __TIME__
#endif
static const char *const composition[] = {
    "claimtrack notices\n", CT_COMPOSITION_ID "\n", "ct_notices_json\n", NULL};

/* One part of a variant: its length, so no two lists of parts run together
   into the same text ("a" "bc" and "ab" "c"); "-" for NULL. */
static void variant_part(ct_buf *b, const char *value)
{
    if (value == NULL)
        ct_buf_append(b, "-;");
    else
        ct_buf_appendf(b, "%zu:%s;", strlen(value), value);
}

/* The variant of an answer (65 bytes with its NUL, hex of SHA-256): what
   it depends on besides the facts of the article (see the essay above).
   False when memory ran out. */
static bool variant_of(const char *lang, const ct_publisher *cfg, ct_notice_format format,
                       char out[65])
{
    ct_buf b = CT_BUF_INIT;
    for (const char *const *part = composition; *part; part++)
        ct_buf_append(&b, *part);
    ct_buf_appendf(&b, "format %d;", (int)format);
    variant_part(&b, lang);
    const char *settings[] = {cfg->language, cfg->notice_language, cfg->name, cfg->url,
                              cfg->claim_url, cfg->evidence_url, cfg->proof_url,
                              cfg->article_url, cfg->time_zone};
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
        variant_part(&b, settings[i]);
    char *text = ct_buf_take(&b);
    const char *parts[] = {text, NULL};
    bool done = text != NULL && ct_sha256_hex(parts, out);
    free(text);
    return done;
}

/* The answer kept for the article in variant, in *out, with its
   Last-Modified, or NULL there (not kept, or made before a change). A
   failure to read one is no failure of the request: the answer is
   composed. */
static void read_kept(ct_conn *conn, const char *article_id, const char *variant, char **out,
                      char last_modified[CT_HTTP_DATE_SIZE])
{
    const char *params[2] = {article_id, variant};
    ct_rows *rows = NULL;
    ct_error ignored;

    *out = NULL;
    if (ct_exec(conn, &stmt_notices_kept, 2, params, &rows, &ignored) == CT_OK
        && ct_rows_count(rows) == 1 && ct_rows_get(rows, 0, 0) != NULL
        && (*out = strdup(ct_rows_get(rows, 0, 0))) != NULL)
        ct_http_date_copy(ct_rows_get(rows, 0, 1), last_modified);
    ct_rows_free(rows);
}

/* Keep an answer for the next reader; a failure only costs that reader
   the composing (it is in the log). */
static void keep(ct_conn *conn, const char *article_id, const char *variant,
                 const composed *made, const char *body)
{
    const char *params[6] = {article_id, variant, made->version, made->desk_version, body,
                             made->last_modified[0] ? made->last_modified : NULL};
    ct_error ignored;

    ct_exec(conn, &stmt_notices_keep, 6, params, NULL, &ignored);
}

static const char *str(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (!json_object_object_get_ex(obj, key, &value) || value == NULL)
        return NULL;
    return json_object_get_string(value);
}

static ct_lang notice_lang(json_object *notice)
{
    ct_lang lang = CT_LANG_EN;
    ct_i18n_lang(str(notice, "language"), &lang);
    return lang;
}

/* <span class="ct-notice__label">Label:</span> */
static void label(ct_buf *b, ct_lang lang, ct_label which)
{
    ct_buf_append(b, "<span class=\"ct-notice__label\">");
    ct_buf_append(b, ct_i18n_label(lang, which));
    ct_buf_append(b, ":</span> ");
}

static void render_claimant(ct_buf *b, ct_lang lang, json_object *notice)
{
    json_object *claimant = json_object_object_get(notice, "claimant");
    const char *type = str(claimant, "type");
    ct_buf_append(b, "<p class=\"ct-notice__claimant\">");
    label(b, lang, CT_LABEL_SAID_BY);
    /* An organisation (a ministry, a party) is marked for styling and for
       readers' tools; a person, the common case, is the plain class. */
    ct_buf_append(b, type && strcmp(type, "organization") == 0
                     ? "<span class=\"ct-claimant ct-claimant--organization\">"
                     : "<span class=\"ct-claimant\">");
    ct_buf_append_html(b, str(claimant, "name"));
    if (str(claimant, "role")) {
        ct_buf_append(b, ", ");
        ct_buf_append_html(b, str(claimant, "role"));
    }
    ct_buf_append(b, "</span>");
    if (str(notice, "venue")) {
        ct_buf_append(b, ", <span class=\"ct-venue\">");
        ct_buf_append_html(b, str(notice, "venue"));
        ct_buf_append(b, "</span>");
    }
    if (str(notice, "said_on")) {       /* NULL: the source gave no date */
        ct_buf_append(b, ", ");
        ct_i18n_time_element(b, lang, str(notice, "said_on"));
    }
    ct_buf_append(b, "</p>\n");
}

/* The rating in the desk's words for the notice's language, or as it was
   written when the desk's scale does not have it (an imported review). */
static const char *rating_words(json_object *notice)
{
    const char *label = str(notice, "rating_label");
    return label ? label : str(notice, "rating");
}

static void render_verdict(ct_buf *b, ct_lang lang, json_object *notice)
{
    ct_buf_append(b, "<p class=\"ct-notice__verdict\">");
    label(b, lang, CT_LABEL_VERDICT);
    ct_buf_append(b, "<strong class=\"ct-rating\">");
    ct_buf_append_html(b, rating_words(notice));
    ct_buf_append(b, "</strong> <span class=\"ct-status\">(");
    ct_buf_append_html(b, ct_i18n_status(lang, str(notice, "status")));
    ct_buf_append(b, ")</span></p>\n");
}

/* One response: what it did in words, its summary and its source. */
/* A link to template with {id} filled in by id (nothing without either). */
static void template_link(ct_buf *b, const char *class, const char *template, json_object *id,
                          const char *text)
{
    const char *mark = template ? strstr(template, "{id}") : NULL;
    if (mark == NULL || id == NULL)
        return;
    ct_buf_appendf(b, " <a class=\"%s\" href=\"", class);
    char *prefix = strndup(template, (size_t)(mark - template));
    ct_buf_append_html(b, prefix);
    free(prefix);
    ct_buf_appendf(b, "%lld", (long long)json_object_get_int64(id));
    ct_buf_append_html(b, mark + 4);
    ct_buf_append(b, "\" rel=\"nofollow noopener\">");
    ct_buf_append(b, text);
    ct_buf_append(b, "</a>");
}

/* href of the archived copy: evidence_url with {id} filled in. */
static void archive_link(ct_buf *b, ct_lang lang, const char *template, json_object *response)
{
    template_link(b, "ct-archive", template, json_object_object_get(response, "evidence_id"),
                  ct_i18n_label(lang, CT_LABEL_ARCHIVED));
}

static void render_response(ct_buf *b, ct_lang lang, json_object *response,
                            const char *claimant_name, const ct_publisher *cfg)
{
    json_object *by = json_object_object_get(response, "by");
    const char *by_name = str(by, "name"), *kind = str(response, "kind");
    const char *url = str(response, "url");
    bool by_claimant = by_name && claimant_name && strcmp(by_name, claimant_name) == 0;

    ct_buf_append(b, "<li class=\"ct-timeline__item ct-kind-");
    ct_buf_append_html(b, kind);
    ct_buf_append(b, "\"><p class=\"ct-timeline__what\">");
    ct_i18n_happened(b, lang, kind, by_name, by_claimant, str(response, "issued_on"));
    /* a summary is in whatever language its source wrote: its own
       direction, isolated from the notice's */
    ct_buf_append(b, "</p><p class=\"ct-timeline__summary\"><bdi>");
    ct_buf_append_html(b, str(response, "summary"));
    ct_buf_append(b, "</bdi>");
    if (url) {
        ct_buf_append(b, " <a class=\"ct-source\" href=\"");
        ct_buf_append_html(b, url);
        ct_buf_append(b, "\" rel=\"nofollow noopener\">");
        ct_buf_append(b, ct_i18n_label(lang, CT_LABEL_SOURCE));
        ct_buf_append(b, "</a>");
        archive_link(b, lang, cfg->evidence_url, response);
    }
    ct_buf_append(b, "</p></li>\n");
}

static void render_timeline(ct_buf *b, ct_lang lang, json_object *notice, const ct_publisher *cfg)
{
    json_object *responses = json_object_object_get(notice, "responses");
    const char *claimant = str(json_object_object_get(notice, "claimant"), "name");
    size_t n = json_object_array_length(responses);

    if (n == 0)
        return;
    ct_buf_append(b, "<h3 class=\"ct-notice__subheading\">");
    ct_buf_append(b, ct_i18n_label(lang, CT_LABEL_HAPPENED));
    ct_buf_append(b, "</h3>\n<ol class=\"ct-timeline\">\n");
    for (size_t i = 0; i < n; i++)
        render_response(b, lang, json_object_array_get_idx(responses, i), claimant, cfg);
    ct_buf_append(b, "</ol>\n");
}

static void render_notice(ct_buf *b, json_object *notice, const ct_publisher *cfg)
{
    ct_lang lang = notice_lang(notice);
    long long claim_id = json_object_get_int64(json_object_object_get(notice, "claim_id"));

    ct_buf_append(b, "<section class=\"ct-notice ct-status-");
    ct_buf_append_html(b, str(notice, "status"));
    ct_buf_appendf(b, "\" role=\"note\" lang=\"%s\" aria-labelledby=\"ct-notice-%lld\">\n",
                   ct_i18n_tag(lang), claim_id);
    ct_buf_appendf(b, "<h2 class=\"ct-notice__heading\" id=\"ct-notice-%lld\">", claim_id);
    ct_buf_append(b, ct_i18n_label(lang, CT_LABEL_HEADING));
    ct_buf_append(b, ": ");
    ct_buf_append_html(b, rating_words(notice));
    /* The quote marks are the notice's; the words inside are the claim's,
       in its language (for screen readers' voice and hyphenation) and in
       its own direction: dir="auto" isolates them, so an Arabic or Hebrew
       claim's final punctuation stays at its end, inside the marks. */
    ct_buf_append(b, "</h2>\n<blockquote class=\"ct-notice__claim\"><p>");
    ct_buf_append(b, lang == CT_LANG_EN ? "\u201C" : "\u00AB");
    ct_buf_append(b, "<span class=\"ct-notice__words\" lang=\"");
    ct_buf_append_html(b, str(notice, "claim_language"));
    ct_buf_append(b, "\" dir=\"auto\">");
    ct_buf_append_html(b, str(notice, "text"));
    ct_buf_append(b, "</span>");
    ct_buf_append(b, lang == CT_LANG_EN ? "\u201D" : "\u00BB");
    ct_buf_append(b, "</p></blockquote>\n");
    if (json_object_get_boolean(json_object_object_get(notice, "orphaned"))) {
        ct_buf_append(b, "<p class=\"ct-notice__orphaned\">");
        ct_buf_append(b, ct_i18n_label(lang, CT_LABEL_ORPHANED));
        ct_buf_append(b, "</p>\n");
    }
    render_claimant(b, lang, notice);
    render_verdict(b, lang, notice);
    render_timeline(b, lang, notice, cfg);
    ct_buf_append(b, "<p class=\"ct-notice__updated\">");
    ct_buf_append(b, ct_i18n_label(lang, CT_LABEL_UPDATED));
    ct_buf_append(b, " ");
    ct_i18n_time_element(b, lang, str(notice, "updated_on"));
    /* the claim's record, provable against the newsroom's signed checkpoints */
    template_link(b, "ct-proof", cfg->proof_url, json_object_object_get(notice, "claim_id"),
                  ct_i18n_label(lang, CT_LABEL_PROOF));
    ct_buf_append(b, "</p>\n</section>\n");
}

static char *render_html(json_object *notices, const ct_publisher *cfg)
{
    ct_buf b = CT_BUF_INIT;
    size_t n = json_object_array_length(notices);

    if (n > 0) {
        ct_lang lang = notice_lang(json_object_array_get_idx(notices, 0));
        ct_buf_appendf(&b, "<aside class=\"ct-notices\" lang=\"%s\" aria-label=\"%s\">\n",
                       ct_i18n_tag(lang), ct_i18n_label(lang, CT_LABEL_NOTICES));
    }
    for (size_t i = 0; i < n; i++)
        render_notice(&b, json_object_array_get_idx(notices, i), cfg);
    if (n > 0)
        ct_buf_append(&b, "</aside>\n");
    return ct_buf_take(&b);
}

/* Render the composed JSON in format into *out. */
static ct_rc render(const char *json, const char *article_id, const ct_publisher *cfg,
                    ct_notice_format format, char **out, ct_error *err)
{
    json_object *root = NULL, *notices = NULL;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (format == CT_NOTICES_JSON) {
        /* JSON is the database's, as it built it: nothing to parse or make again. */
        *out = strdup(json);
        goto out;
    }
    root = ct_jparse(json);
    notices = json_object_object_get(root, "notices");
    if (!json_object_is_type(notices, json_type_array)) {
        rc = ct_oom_noted() ? ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory")
                            : ct_fail(err, CT_EINTERNAL, "db_error", NULL, "unreadable notices");
        goto out;
    }
    if (format == CT_NOTICES_HTML)
        *out = render_html(notices, cfg);
    else
        rc = ct_claimreview_article_jsonld(notices, article_id, cfg, out, err);
out:
    if (rc == CT_OK && *out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    json_object_put(root);
    return rc;
}

ct_rc ct_notices_render(ct_conn *conn, const char *article_id, const char *lang,
                        const ct_publisher *cfg, ct_notice_format format, char **out,
                        char last_modified[CT_HTTP_DATE_SIZE], ct_error *err)
{
    composed made = {NULL, NULL, NULL, ""};
    char variant[65];
    bool keeping = !ct_conn_on_standbys(conn) && variant_of(lang, cfg, format, variant);
    ct_rc rc = CT_OK;

    *out = NULL;
    last_modified[0] = '\0';
    if (keeping)
        read_kept(conn, article_id, variant, out, last_modified);
    if (*out != NULL)
        goto out;
    rc = fetch(conn, article_id, lang, cfg, &made, err);
    if (rc == CT_OK)
        rc = render(made.json, article_id, cfg, format, out, err);
    if (rc == CT_OK)
        memcpy(last_modified, made.last_modified, CT_HTTP_DATE_SIZE);
    if (rc == CT_OK && keeping)
        keep(conn, article_id, variant, &made, *out);
out:
    composed_free(&made);
    return rc;
}
