/*
 * ratings.c -- the desk's rating scale (see ratings.h).
 *
 * Every read and write is one statement that also returns the JSON the
 * API answers with, built by PostgreSQL from RATING_JSON, so the shape is
 * written once.
 */
#include "domain/ratings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* A rating <r> (an alias of ct_ratings) as the API returns it. */
#define RATING_JSON(r) \
    "json_build_object('key', " r ".key, 'labels', json_build_object(" \
    " 'en', " r ".label_en, 'ru', " r ".label_ru, 'kk', " r ".label_kk)," \
    " 'value', " r ".value, 'colour', " r ".colour, 'verdict', " r ".verdict," \
    " 'position', " r ".position, 'retired', " r ".retired)"

static const ct_stmt stmt_ratings_list = {"ct_ratings_list",
    "SELECT json_build_object("
    " 'ratings', COALESCE(json_agg(" RATING_JSON("r") " ORDER BY r.position, r.key), '[]'),"
    " 'best', max(r.value) FILTER (WHERE r.verdict),"
    " 'worst', min(r.value) FILTER (WHERE r.verdict))::text"
    " FROM ct_ratings r", 0};

/* $1 key, $2-$4 labels, $5 value, $6 colour, $7 verdict, $8 position (NULL:
   after the last, and never past CT_RATING_POSITION_MAX: at it, beside the
   last, ordered by key). Nothing returned when the key exists. */
static const ct_stmt stmt_rating_insert = {"ct_rating_insert",
    "INSERT INTO ct_ratings AS r (key, label_en, label_ru, label_kk, value, colour, verdict,"
    " position)"
    " VALUES ($1, $2, $3, $4, $5::int, $6, $7::boolean,"
    "  COALESCE($8::int, (SELECT least(COALESCE(max(position), 0) + 1, "
    CT_RATING_POSITION_MAX_TEXT ") FROM ct_ratings)))"
    " ON CONFLICT (key) DO NOTHING"
    " RETURNING " RATING_JSON("r") "::text", 8};

/* $1 key, then each member or NULL for unchanged. */
static const ct_stmt stmt_rating_update = {"ct_rating_update",
    "UPDATE ct_ratings r SET label_en = COALESCE($2, r.label_en),"
    " label_ru = COALESCE($3, r.label_ru), label_kk = COALESCE($4, r.label_kk),"
    " value = COALESCE($5::int, r.value), colour = COALESCE($6, r.colour),"
    " verdict = COALESCE($7::boolean, r.verdict), position = COALESCE($8::int, r.position),"
    " retired = COALESCE($9::boolean, r.retired), updated_at = now()"
    " WHERE r.key = $1"
    " RETURNING " RATING_JSON("r") "::text", 9};

/* FOR SHARE: a rating being retired at this moment waits for this review,
   or this review for it. */
static const ct_stmt stmt_rating_active = {"ct_rating_active",
    "SELECT 1 FROM ct_ratings WHERE key = $1 AND NOT retired FOR SHARE", 1};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_ratings_sql[] = {
    &stmt_ratings_list, &stmt_rating_insert, &stmt_rating_update, &stmt_rating_active, NULL};

/* ---- the scale -------------------------------------------------------------- */

ct_rc ct_ratings_list(ct_conn *conn, char **json_out, ct_error *err)
{
    return ct_exec_text(conn, &stmt_ratings_list, 0, NULL, "rating scale", json_out, err);
}

static const char *number(char *buf, size_t size, bool present, int64_t n)
{
    if (!present)
        return NULL;
    snprintf(buf, size, "%lld", (long long)n);
    return buf;
}

static const char *flag(bool present, bool value)
{
    return !present ? NULL : value ? "true" : "false";
}

ct_rc ct_rating_add(ct_conn *conn, const char *key, const ct_rating_input *in,
                    char **json_out, ct_error *err)
{
    char value[24], position[24];
    const char *params[8] = {key, in->label[0], in->label[1], in->label[2],
                             number(value, sizeof value, true, in->value), in->colour,
                             flag(true, in->verdict),
                             number(position, sizeof position, in->has_position, in->position)};
    ct_rc rc = ct_exec_text(conn, &stmt_rating_insert, 8, params, "rating", json_out, err);

    if (rc == CT_ENOTFOUND)
        rc = ct_fail(err, CT_EINVALID, "duplicate", "key",
                     "the scale already has a rating \"%s\"", key);
    return rc;
}

ct_rc ct_rating_change(ct_conn *conn, const char *key, const ct_rating_input *in,
                       char **json_out, ct_error *err)
{
    char value[24], position[24];
    const char *params[9] = {key, in->label[0], in->label[1], in->label[2],
                             number(value, sizeof value, in->has_value, in->value), in->colour,
                             flag(in->has_verdict, in->verdict),
                             number(position, sizeof position, in->has_position, in->position),
                             flag(in->has_retired, in->retired)};

    return ct_exec_text(conn, &stmt_rating_update, 9, params, "rating", json_out, err);
}

ct_rc ct_rating_check_active(ct_conn *conn, const char *key, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &stmt_rating_active, 1, &key, &rows, err);

    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_fail(err, CT_EUNPROCESSABLE, "unknown_rating", "rating",
                     "\"%s\" is not a rating of the desk's scale that moderators may give"
                     " (GET /ratings lists them)", key);
    ct_rows_free(rows);
    return rc;
}
