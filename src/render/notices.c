/*
 * notices.c -- readers' notices for an article: JSON, HTML and JSON-LD.
 *
 * The facts come from the database in one round trip (&stmt_notices_json);
 * JSON is returned as the database built it, never parsed here (which
 * halved the rate), HTML and JSON-LD are rendered here from it. Every string that came from the database goes through
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
#include "render/claimreview.h"
#include "render/i18n.h"
#include "render/notice_json.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* The notices in the order the claims were made; a claim nobody dated
   (sql/025) where the desk recorded it, the latest it can have been said. */
static const ct_stmt stmt_notices_json = {"ct_notices_json",
    "SELECT json_build_object('article_id', $1::text, 'notices',"
    "  COALESCE(json_agg(" NOTICE_JSON("c", "$1", NOTICE_LANG)
    "   ORDER BY COALESCE(c.said_at, c.created_at), c.id), '[]'))::text"
    " FROM ct_claims c"
    " WHERE c.published AND c.id IN (SELECT m.claim_id FROM ct_mentions m"
    "                                WHERE m.article_id = $1)", 4};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_notices_sql[] = {&stmt_notices_json, NULL};


/* The notices of article_id as JSON. The configured default language may
   be regional ("ru-KZ"); a notice written in it is in its language ("ru",
   cfg->notice_language), as every other notice says. */
static ct_rc fetch(ct_conn *conn, const char *article_id, const char *lang,
                   const ct_publisher *cfg, char **json_out, ct_error *err)
{
    const char *params[4] = {article_id, lang, cfg->notice_language, ct_i18n_languages_array};
    return ct_exec_text(conn, &stmt_notices_json, 4, params, "article", json_out, err);
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
    ct_buf_append(b, "</p><p class=\"ct-timeline__summary\">");
    ct_buf_append_html(b, str(response, "summary"));
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
    ct_buf_append(b, "</h2>\n<blockquote class=\"ct-notice__claim\"><p>");
    ct_buf_append(b, lang == CT_LANG_EN ? "\u201C" : "\u00AB");
    ct_buf_append_html(b, str(notice, "text"));
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

ct_rc ct_notices_render(ct_conn *conn, const char *article_id, const char *lang,
                        const ct_publisher *cfg, ct_notice_format format, char **out,
                        ct_error *err)
{
    char *json = NULL;
    json_object *root = NULL, *notices = NULL;
    ct_rc rc = fetch(conn, article_id, lang, cfg, &json, err);

    *out = NULL;
    if (rc != CT_OK)
        goto out;
    /* JSON is the database's, as it built it: nothing to parse or make again. */
    if (format == CT_NOTICES_JSON) {
        *out = json;
        json = NULL;
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
    if (rc == CT_OK && *out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
out:
    json_object_put(root);
    free(json);
    return rc;
}
