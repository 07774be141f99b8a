/*
 * review.h -- statuses, the transitions allowed between them, and the
 * moderators' review of a claim.
 *
 * The transition table in review.c is the single source of truth; the
 * README prints it. A review names the version it was based on, so two
 * moderators working on one claim cannot overwrite each other: the second
 * gets CT_ECONFLICT and sees the newer state.
 */
#ifndef CT_REVIEW_H
#define CT_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"
#include "domain/timeline.h"

/* True when a claim may go from status `from` to status `to`. Staying in
   the same status is always allowed (a review may change only the rating,
   add a note, or publish). Unknown names are never allowed. */
bool ct_transition_allowed(const char *from, const char *to);

/* True for statuses that are a verdict and may therefore be published. */
bool ct_status_publishable(const char *status);

/* Longest rating and note accepted, in code points. */
#define CT_RATING_MAX 500
#define CT_NOTE_MAX   5000

typedef struct ct_review_input {
    int64_t     expected_version;
    const char *status;       /* required                          */
    const char *rating;       /* NULL: keep the current rating      */
    const char *note;         /* NULL: none                         */
    bool        has_publish;  /* false: keep published as it is     */
    bool        publish;
    bool        rating_as_written;  /* another fact-checker's words (an import):
                                       not checked against the desk's scale */
} ct_review_input;

/*
 * Apply a moderator's review to claim_id inside the caller's transaction.
 * CT_ENOTFOUND: no such claim. CT_ECONFLICT (version_conflict): the claim
 * is no longer at expected_version. CT_EUNPROCESSABLE:
 * transition_not_allowed, or not_publishable (publishing needs a verdict
 * status and a rating). Appends status_changed, rating_changed,
 * published/unpublished or note_added events. A review that is not an
 * import's (rating_as_written false) answers the claim's request for a
 * review: review_requested_at is cleared (sql/026_review_requested.sql).
 */
ct_rc ct_review_apply(ct_conn *conn, const char *claim_id, const ct_review_input *in,
                      const ct_actor *actor, ct_error *err);

/* Claims waiting for a moderator, oldest first, as a JSON array. */
ct_rc ct_review_queue(ct_conn *conn, int limit, char **json_out, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_review_sql[];

#endif
