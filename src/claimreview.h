/*
 * claimreview.h -- schema.org ClaimReview in and out.
 *
 * Out: each published claim as a ClaimReview with what Google lists as
 * required and recommended, an article's corrections as CorrectionComment
 * entries, and the published reviews as a DataFeed. In: ClaimReview
 * JSON-LD from other fact-checkers (one object, a list, or a DataFeed),
 * each recorded as a claim with a rebuttal by the reviewing organisation,
 * idempotent on the review's url.
 */
#ifndef CT_CLAIMREVIEW_H
#define CT_CLAIMREVIEW_H

#include <json-c/json.h>

#include "config.h"
#include "error.h"
#include "store.h"
#include "timeline.h"

/* Most reviews one import request may carry. */
#define CT_IMPORT_MAX 500

/* A ClaimReview for one notice (see ST_NOTICES_JSON); NULL when out of memory. */
json_object *ct_claimreview_build(json_object *notice, const ct_config *cfg);

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
                                    const ct_config *cfg, char **out, ct_error *err);

/* The newest published reviews (at most limit) as a schema.org DataFeed,
   escaped for a <script> element like the notices; publisher_not_configured
   without a publisher. */
ct_rc ct_claimreview_feed(ct_conn *conn, const ct_config *cfg, int limit, char **out,
                          ct_error *err);

/*
 * Import doc (a ClaimReview, a list of them, or a DataFeed) inside the
 * caller's transaction. Bad input fails the whole import (field names the
 * item: "items.2.claimReviewed"). *out: {"imported":[{url,claim_id}],
 * "existing":[{url,claim_id}]}; *created tells whether anything was new.
 */
ct_rc ct_claimreview_import(ct_conn *conn, json_object *doc, const ct_actor *actor,
                            const ct_config *cfg, char **out, bool *created, ct_error *err);

#endif
