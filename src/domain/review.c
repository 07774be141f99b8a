/*
 * review.c -- the status transition table and moderators' reviews.
 */
#include "domain/review.h"
#include "base/jsonout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vocabulary.h"
#include "domain/claim_json.h"
#include "domain/claims.h"
#include "domain/ratings.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* $1 claim id, $2 status, $3 rating, $4 published, $5 the rating is the
   reviewer's own words, $6 a rating the desk's table may name. The version
   moves on every review; updated_at, the date of the readers' "Updated"
   line, only when what readers see changes: the status, the rating, its
   wording (rating_as_written) or publication. A review that keeps all of
   them (a note only moderators read, a review request cleared) keeps it.
   On the right of SET every column is the row's value before the UPDATE. */
static const ct_stmt stmt_claim_review = {"ct_claim_review",
    "UPDATE ct_claims SET status = $2, rating = $3, published = $4::boolean,"
    " rating_as_written = CASE WHEN $5::boolean THEN true"
    "   WHEN $6::boolean AND EXISTS (SELECT 1 FROM ct_ratings r WHERE r.key = $3 AND NOT r.retired)"
    "   THEN false ELSE rating_as_written END,"
    " published_at = CASE WHEN NOT $4::boolean THEN NULL"
    "                     WHEN published THEN published_at ELSE now() END,"
    " review_requested_at = CASE WHEN $5::boolean THEN review_requested_at END,"
    " version = version + 1,"
    " updated_at = CASE WHEN status IS DISTINCT FROM $2 OR rating IS DISTINCT FROM $3"
    "   OR published IS DISTINCT FROM $4::boolean"
    "   OR ($5::boolean AND NOT rating_as_written)"
    "   OR ($6::boolean AND rating_as_written"
    "       AND EXISTS (SELECT 1 FROM ct_ratings r WHERE r.key = $3 AND NOT r.retired))"
    "   THEN now() ELSE updated_at END"
    " WHERE id = $1::bigint RETURNING version, rating_as_written", 6};

/* The queue: claims waiting for a verdict, claims with an orphaned
   mention, and claims whose review was requested (another fact-checker's
   verdict changed, sql/026), oldest first. Each part is taken in order
   from its own index (sql/011_at_scale.sql, 002's orphaned mentions, 026)
   and cut at the limit, which keeps the first $1 of all together: an OR
   of them would read every claim at a million. */
static const ct_stmt stmt_review_queue = {"ct_review_queue",
    "SELECT COALESCE(json_agg(" CLAIM_JSON("c", "true") " ORDER BY c.created_at, c.id), '[]')::text"
    " FROM (SELECT * FROM ct_claims c WHERE c.id IN ("
    "   (SELECT w.id FROM ct_claims w"
    "     WHERE NOT w.published AND w.status IN ('disputed', 'under_review')"
    "     ORDER BY w.created_at, w.id LIMIT $1::int)"
    "   UNION"
    "   (SELECT o.id FROM ct_claims o"
    "     WHERE o.id IN (SELECT m.claim_id FROM ct_mentions m WHERE m.orphaned)"
    "     ORDER BY o.created_at, o.id LIMIT $1::int)"
    "   UNION"
    "   (SELECT q.id FROM ct_claims q WHERE q.review_requested_at IS NOT NULL"
    "     ORDER BY q.created_at, q.id LIMIT $1::int))"
    "  ORDER BY c.created_at, c.id LIMIT $1::int) c", 1};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_review_sql[] = {&stmt_claim_review, &stmt_review_queue, NULL};


/*
 * The statuses, the moves a review may make between them and which of them
 * are verdicts are declared in src/vocabulary.txt (ct_vocab_statuses);
 * staying in the same status is always allowed. The README prints the
 * table from the same file.
 */
static int status_index(const char *status)
{
    for (int i = 0; status && i < CT_VOCAB_STATUSES; i++)
        if (strcmp(ct_vocab_statuses[i].key, status) == 0)
            return i;
    return -1;
}

bool ct_transition_allowed(const char *from, const char *to)
{
    int f = status_index(from), t = status_index(to);
    if (f < 0 || t < 0)
        return false;
    return f == t || (ct_vocab_statuses[f].next & (1u << t)) != 0;
}

bool ct_status_publishable(const char *status)
{
    int s = status_index(status);
    return s >= 0 && ct_vocab_statuses[s].verdict;
}

/* The claim as it is before the review. */
typedef struct claim_state {
    char    status[32];
    char    rating[CT_RATING_MAX * 4 + 1];   /* up to CT_RATING_MAX code points of UTF-8 */
    bool    has_rating;
    bool    published;
    bool    rating_as_written;   /* the rating is another fact-checker's words (sql/022) */
    int64_t version;
} claim_state;

static ct_rc load_state(ct_conn *conn, const char *claim_id, claim_state *st, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &ct_stmt_claim_lock, 1, &claim_id, &rows, err);

    if (rc != CT_OK)
        goto out;
    if (ct_rows_count(rows) == 0) {
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
        goto out;
    }
    snprintf(st->status, sizeof st->status, "%s", ct_rows_get(rows, 0, 0));
    st->version = strtoll(ct_rows_get(rows, 0, 1), NULL, 10);
    st->has_rating = ct_rows_get(rows, 0, 2) != NULL;
    snprintf(st->rating, sizeof st->rating, "%s", st->has_rating ? ct_rows_get(rows, 0, 2) : "");
    st->published = ct_rows_get(rows, 0, 3)[0] == 't';
    st->rating_as_written = ct_rows_get(rows, 0, 4)[0] == 't';
out:
    ct_rows_free(rows);
    return rc;
}

/* Append one event with {from, to[, note]} or {note} as its payload, and
   as_written (whose words the rating now is) when it is 0 or 1 (-1: none). */
static ct_rc append(ct_conn *conn, const char *claim_id, const char *type,
                    const char *from, const char *to, const char *note, int as_written,
                    const ct_actor *actor, ct_error *err)
{
    json_object *payload = ct_jnew_object();
    ct_rc rc;

    if (payload == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (from || to) {
        ct_jset(payload, "from", from ? ct_jnew_string(from) : NULL);
        ct_jset(payload, "to", to ? ct_jnew_string(to) : NULL);
    }
    if (note)
        ct_jset(payload, "note", ct_jnew_string(note));
    if (as_written >= 0)
        ct_jset(payload, "as_written", json_object_new_boolean(as_written));
    rc = ct_timeline_append(conn, claim_id, type, NULL, actor, payload, err);
    json_object_put(payload);
    return rc;
}

/* The events of a review: what changed, each with the note. A rating
   whose words changed hands (an import's "False" adopted as the desk's
   "False", or the reverse) is a rating change in the same words: readers
   now see another label, colour and ratingValue (sql/022), so it is
   rating_changed, with as_written saying whose words it now is. */
static ct_rc record_events(ct_conn *conn, const char *claim_id, const claim_state *before,
                           const char *rating, bool published, bool as_written,
                           const ct_review_input *in, const ct_actor *actor, ct_error *err)
{
    const char *old_rating = before->has_rating ? before->rating : NULL;
    bool status_changed = strcmp(before->status, in->status) != 0;
    bool words_changed = as_written != before->rating_as_written;
    bool rating_changed = (rating == NULL) != (old_rating == NULL) ||
                          (rating && strcmp(rating, old_rating) != 0) || words_changed;
    ct_rc rc = CT_OK;

    if (status_changed)
        rc = append(conn, claim_id, "status_changed", before->status, in->status,
                    in->note, -1, actor, err);
    if (rc == CT_OK && rating_changed)
        rc = append(conn, claim_id, "rating_changed", old_rating, rating, in->note,
                    words_changed ? as_written : -1, actor, err);
    if (rc == CT_OK && published != before->published)
        rc = append(conn, claim_id, published ? "published" : "unpublished",
                    NULL, NULL, in->note, -1, actor, err);
    if (rc == CT_OK && in->note && !status_changed && !rating_changed &&
        published == before->published)
        rc = append(conn, claim_id, "note_added", NULL, NULL, in->note, -1, actor, err);
    return rc;
}

ct_rc ct_review_apply(ct_conn *conn, const char *claim_id, const ct_review_input *in,
                      const ct_actor *actor, ct_error *err)
{
    claim_state before;
    ct_rc rc = load_state(conn, claim_id, &before, err);
    if (rc != CT_OK)
        return rc;
    if (before.version != in->expected_version)
        return ct_fail(err, CT_ECONFLICT, "version_conflict", "expected_version",
                       "the claim changed: it is at version %" PRId64 ", not %" PRId64,
                       before.version, in->expected_version);
    if (!ct_transition_allowed(before.status, in->status))
        return ct_fail(err, CT_EUNPROCESSABLE, "transition_not_allowed", "status",
                       "a claim cannot go from %s to %s", before.status, in->status);

    /* A new rating must be one the desk's scale offers; a claim keeps the
       rating it has (a retired one, another fact-checker's words). */
    if (in->rating && !in->rating_as_written &&
        !(before.has_rating && strcmp(in->rating, before.rating) == 0)) {
        rc = ct_rating_check_active(conn, in->rating, err);
        if (rc != CT_OK)
            return rc;
    }
    const char *rating = in->rating ? in->rating : (before.has_rating ? before.rating : NULL);
    bool published = in->has_publish ? in->publish : before.published;
    if (published && (!ct_status_publishable(in->status) || rating == NULL))
        return ct_fail(err, CT_EUNPROCESSABLE, "not_publishable",
                       ct_status_publishable(in->status) ? "rating" : "status",
                       "only a claim with a verdict status and a rating can be published");

    char published_text[8];
    snprintf(published_text, sizeof published_text, "%s", published ? "true" : "false");
    /* whose words the rating is (sql/022): an import's are the
       fact-checker's; a rating of the desk's active scale that a moderator
       sends is the desk's, even in the same words; an omitted one keeps
       whose it was */
    const char *params[6] = {claim_id, in->status, rating, published_text,
                             in->rating_as_written ? "true" : "false",
                             in->rating && !in->rating_as_written ? "true" : "false"};
    ct_rows *after = NULL;
    rc = ct_exec(conn, &stmt_claim_review, 6, params, &after, err);
    if (rc == CT_OK && ct_rows_count(after) != 1)
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL, "the reviewed claim was not updated");
    if (rc == CT_OK)
        rc = record_events(conn, claim_id, &before, rating, published,
                           ct_rows_get(after, 0, 1)[0] == 't', in, actor, err);
    ct_rows_free(after);
    return rc;
}

ct_rc ct_review_queue(ct_conn *conn, int limit, char **json_out, ct_error *err)
{
    char limit_text[16];
    const char *params[1] = {limit_text};

    snprintf(limit_text, sizeof limit_text, "%d", limit);
    return ct_exec_text(conn, &stmt_review_queue, 1, params, "queue", json_out, err);
}
