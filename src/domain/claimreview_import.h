/*
 * claimreview_import.h -- recording other fact-checkers' ClaimReviews.
 *
 * A document from the fact-checking world (one ClaimReview, a list, a
 * page's JSON-LD with "@graph", a DataFeed, Google's Claim-carrying-review
 * feed) is read item by item: each acceptable review becomes a claim with
 * a rebuttal by the reviewing organisation, each unacceptable one is
 * skipped with the reason, and the caller gets a report of every item.
 * A review is known by its canonical url together with what it reviews,
 * so importing it again, or from a feed that spells its url differently,
 * records nothing twice, while two reviews sharing one url are both kept.
 */
#ifndef CT_CLAIMREVIEW_IMPORT_H
#define CT_CLAIMREVIEW_IMPORT_H

#include <stdbool.h>
#include <json-c/json.h>

#include "base/error.h"
#include "store/store.h"
#include "domain/timeline.h"

/* Most items (reviews and feed entries without one) one import may carry. */
#define CT_IMPORT_MAX 500

/*
 * An import in two steps, so that nothing is read or checked while a
 * connection is held: ct_import_plan_new reads and checks every item of
 * doc (no database), ct_claimreview_import writes the plan.
 */
typedef struct ct_import_plan ct_import_plan;

/*
 * Read every item of doc: each becomes a review to write or a skip with its
 * reason (malformed, or the same review as an earlier item: duplicate).
 * Fails whole only when doc holds no ClaimReview at all (invalid_value),
 * more than CT_IMPORT_MAX items (out_of_range), or memory runs out. doc
 * must outlive the plan (the plan points into it).
 */
ct_rc ct_import_plan_new(json_object *doc, ct_import_plan **out, ct_error *err);

/* Free a plan; NULL is fine. */
void ct_import_plan_free(ct_import_plan *plan);

/*
 * Write plan inside the caller's transaction, each item inside a savepoint
 * of its own, so that an item the database refuses is skipped alone. The
 * plan is not changed: a retry on a new connection writes it again.
 * default_language is the language of reviews that name none.
 * *out: {"items":[{path, status: imported|existing|changed|skipped,
 * url?, claim_id?, error?, duplicate_of?}], "imported":[{url,claim_id}],
 * "existing":[{url,claim_id}], "changed":[{url,claim_id}],
 * "skipped":[{path,url?,error}], "counts":{imported,existing,changed,
 * skipped}}, paths "items.N" numbering the items in document order. A
 * review imported before whose summary is not the reviewer's last on the
 * claim, and either new there or dated anew (dateModified), is "changed": its
 * new summary linked as a rebuttal, the claim's rating updated where it
 * is still the import's words. *created tells whether a claim was new.
 * Fails whole only when the database or memory fails (then nothing of it
 * must be committed).
 */
ct_rc ct_claimreview_import(ct_conn *conn, const ct_import_plan *plan, const ct_actor *actor,
                            const char *default_language, char **out, bool *created,
                            ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_import_sql[];

#endif
