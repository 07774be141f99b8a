/*
 * claimreview.h -- schema.org ClaimReview out.
 *
 * Each published claim as a ClaimReview with what Google lists as
 * required and recommended, an article's corrections as CorrectionComment
 * entries, and the published reviews as a DataFeed. (In: other
 * fact-checkers' ClaimReviews, see claimreview_import.h.)
 */
#ifndef CT_CLAIMREVIEW_H
#define CT_CLAIMREVIEW_H

#include <json-c/json.h>

#include "render/publisher.h"
#include "base/error.h"
#include "store/store.h"
#include "domain/timeline.h"

/* A ClaimReview for one notice (see &stmt_notices_json); NULL when out of memory. */
json_object *ct_claimreview_build(json_object *notice, const ct_publisher *cfg);

/*
 * [ClaimReview..., {"@id": article url, "correction": [...]}?] for an
 * article's notices into *out: a top-level JSON-LD array, each node with
 * its own @context; the last node (when the article's url is known, from
 * publisher.article_url or a mention) attaches a CorrectionComment for each
 * correction, retraction or apology to the host's own Article by @id.
 * Escaped to be embedded in a <script> element. "" when there is no
 * notice. Errors: publisher_not_configured (CT_EINTERNAL, 500) without a
 * publisher name and url; out_of_memory.
 */
ct_rc ct_claimreview_article_jsonld(json_object *notices, const char *article_id,
                                    const ct_publisher *cfg, char **out, ct_error *err);

/* The newest published reviews (at most limit) as a schema.org DataFeed,
   escaped for a <script> element like the notices; publisher_not_configured
   without a publisher. */
ct_rc ct_claimreview_feed(ct_conn *conn, const ct_publisher *cfg, int limit, char **out,
                          ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_claimreview_sql[];

#endif
