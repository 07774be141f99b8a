/*
 * notices.h -- what readers of an article are told about the claims it
 * repeats.
 *
 * One notice per published claim mentioned in the article, in world order
 * of the claims, each with the verdict, the responses and the quotes by
 * which the article repeats it. A claim whose every quote has gone from the
 * article (all its mentions there orphaned) keeps its notice, marked
 * "orphaned" and, in HTML, saying that the quoted passage is no longer in
 * the article. The language of a notice is the requested one, else the
 * claim's (when notices can be written in it), else the configured
 * default. Three renderings of the same facts: JSON for hosts
 * that draw their own, an HTML fragment to drop into a page, and
 * schema.org ClaimReview JSON-LD for search engines and aggregators.
 */
#ifndef CT_NOTICES_H
#define CT_NOTICES_H

#include "domain/claims.h"
#include "render/publisher.h"
#include "base/error.h"
#include "store/store.h"

typedef enum ct_notice_format {
    CT_NOTICES_JSON,     /* {"article_id":..., "notices":[...]}                       */
    CT_NOTICES_HTML,     /* an accessible <aside> fragment; "" when there is none     */
    CT_NOTICES_JSONLD    /* {"@context":..., "@graph":[ClaimReview..., Article?]},
                            escaped to be embedded in a <script> element             */
} ct_notice_format;

/*
 * Render the notices of article_id (malloc'd text in *out). lang is a
 * supported language tag or NULL. An article with no published claim has
 * no notice, which is not an error. last_modified gets when the notices
 * last changed, as an HTTP-date (sql/038), read in the same snapshot: the
 * latest of the article's and the rating scale's version times; "" when
 * it is not known.
 */
ct_rc ct_notices_render(ct_conn *conn, const char *article_id, const char *lang,
                        const ct_publisher *cfg, ct_notice_format format, char **out,
                        char last_modified[CT_HTTP_DATE_SIZE], ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_notices_sql[];

#endif
