/*
 * ratings.h -- the desk's rating scale.
 *
 * Ratings are rows (ct_ratings, sql/007_vocabulary.sql), not constants: a
 * desk names them in every language it publishes in (ru, kk, en), gives
 * each a numeric value and a colour, says whether the value is a verdict on
 * the scale (ClaimReview's ratingValue; bestRating and worstRating are the
 * largest and smallest verdict values), orders them, and retires the ones
 * it stops using. A retired rating stays valid on the claims that carry it;
 * a moderator can no longer give it. The scale starts as the default of
 * src/vocabulary.txt.
 *
 * A rating as JSON: {"key", "labels": {"en", "ru", "kk"}, "value",
 * "colour": "#rrggbb", "verdict", "position", "retired"}.
 */
#ifndef CT_RATINGS_H
#define CT_RATINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

#define CT_RATING_KEY_MAX   100   /* code points */
#define CT_RATING_LABEL_MAX 100   /* code points */
#define CT_RATING_VALUE_MIN (-1000)
#define CT_RATING_VALUE_MAX 1000
#define CT_RATING_POSITION_MAX 10000   /* positions are 1..this */
#define CT_RATING_POSITION_MAX_TEXT "10000"

/* A rating to add (every member set) or a change (NULL / has_* false:
   unchanged). */
typedef struct ct_rating_input {
    const char *label[3];     /* en, ru, kk */
    int64_t     value;
    bool        has_value;
    const char *colour;       /* #rrggbb, lower case */
    bool        verdict;
    bool        has_verdict;
    int64_t     position;     /* 1.. ; when adding and absent: after the last */
    bool        has_position;
    bool        retired;
    bool        has_retired;
} ct_rating_input;

/* {"ratings": [...] in position order, "best": n|null, "worst": n|null}. */
ct_rc ct_ratings_list(ct_conn *conn, char **json_out, ct_error *err);

/* Add the rating key; *json_out is it. duplicate (400) when the key exists. */
ct_rc ct_rating_add(ct_conn *conn, const char *key, const ct_rating_input *in,
                    char **json_out, ct_error *err);

/* Rename (labels), revalue, recolour, reorder (position), retire or bring
   back the rating key; *json_out is it. not_found when there is none. */
ct_rc ct_rating_change(ct_conn *conn, const char *key, const ct_rating_input *in,
                       char **json_out, ct_error *err);

/* CT_OK when key is a rating of the scale that is not retired; otherwise
   unknown_rating (422) naming the field "rating". */
ct_rc ct_rating_check_active(ct_conn *conn, const char *key, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_ratings_sql[];

#endif
