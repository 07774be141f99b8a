/*
 * articles.c -- re-anchoring an article's mentions (see articles.h).
 *
 * One read of the article's mentions (locked, so two hosts anchoring the
 * same article at once serialise), the search for each in the decoded
 * text, then at most one UPDATE for every mention that moved or changed
 * state and one INSERT for the timeline events: the statements take their
 * rows as a JSON array, so the number of round trips does not grow with
 * the number of mentions.
 */
#include "domain/articles.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "domain/anchor.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

static const ct_stmt stmt_article_mentions = {"ct_article_mentions",
    "SELECT id, claim_id, quote_exact, quote_prefix, quote_suffix, position_start,"
    " position_end, orphaned, anchor_method FROM ct_mentions WHERE article_id = $1"
    " ORDER BY id FOR UPDATE", 1};

static const ct_stmt stmt_mentions_reanchor = {"ct_mentions_reanchor",
    "UPDATE ct_mentions m SET position_start = u.start, position_end = u.\"end\","
    " orphaned = u.orphaned, anchor_method = u.method, anchor_score = u.score,"
    " anchored_at = now()"
    " FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, start int, \"end\" int,"
    "                                          orphaned boolean, method text, score real)"
    " WHERE m.id = u.id", 1};

static const ct_stmt stmt_events_append = {"ct_events_append",
    "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " SELECT (e->>'claim_id')::bigint, e->>'type', now(), $2, $3, e->'payload'"
    " FROM jsonb_array_elements($1::jsonb) AS e", 3};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_articles_sql[] = {
    &stmt_article_mentions, &stmt_mentions_reanchor, &stmt_events_append, NULL};


enum { COL_ID, COL_CLAIM, COL_EXACT, COL_PREFIX, COL_SUFFIX, COL_START, COL_END, COL_ORPHANED,
       COL_METHOD };

static long column_long(const ct_rows *rows, size_t r, int c)
{
    const char *v = ct_rows_get(rows, r, c);
    return v ? strtol(v, NULL, 10) : -1;
}

/* A score as JSON, rounded to 4 decimals so that it reads well and compares stably. */
static json_object *score_json(double score)
{
    char text[16];
    snprintf(text, sizeof text, "%.4f", score);
    return ct_jnew_double_s(score, text);
}

/* A stored offset, or null for none (-1). */
static json_object *span_bound(long offset)
{
    return offset < 0 ? NULL : ct_jnew_int64(offset);
}

/* {"start","end"}, or null for an orphaned or never anchored mention. */
static json_object *span_json(long start, long end)
{
    json_object *span;
    if (start < 0 || end < 0)
        return NULL;
    span = ct_jnew_object();
    ct_jset(span, "start", ct_jnew_int64(start));
    ct_jset(span, "end", ct_jnew_int64(end));
    return span;
}

/* One mention of the reply. */
static json_object *reply_item(long long mention_id, long long claim_id,
                               const ct_anchor_result *found)
{
    bool orphaned = found->how == CT_ANCHOR_ORPHANED;
    const char *method = ct_anchor_how_name(found->how);
    json_object *item = ct_jnew_object();

    ct_jset(item, "mention_id", ct_jnew_int64(mention_id));
    ct_jset(item, "claim_id", ct_jnew_int64(claim_id));
    ct_jset(item, "status", ct_jnew_string(method));
    ct_jset(item, "method", ct_jnew_string(method));
    ct_jset(item, "start", orphaned ? NULL : ct_jnew_int64(found->start));
    ct_jset(item, "end", orphaned ? NULL : ct_jnew_int64(found->end));
    ct_jset(item, "errors", ct_jnew_int(found->errors));
    ct_jset(item, "score", score_json(found->score));
    ct_jset(item, "prefix_score", score_json(found->prefix_score));
    ct_jset(item, "suffix_score", score_json(found->suffix_score));
    ct_jset(item, "refused",
                           found->refused ? ct_jnew_string(found->refused) : NULL);
    return item;
}

/* The timeline event of a mention whose state changed, or NULL when only
   nothing a moderator would see changed. */
static json_object *change_event(const ct_rows *rows, size_t r, const ct_anchor_result *found)
{
    long old_start = column_long(rows, r, COL_START), old_end = column_long(rows, r, COL_END);
    bool was_orphaned = ct_rows_get(rows, r, COL_ORPHANED)[0] == 't';
    bool orphaned = found->how == CT_ANCHOR_ORPHANED;
    const char *old_method = ct_rows_get(rows, r, COL_METHOD);
    const char *method = ct_anchor_how_name(found->how), *type;
    json_object *event, *payload;

    if (orphaned && was_orphaned)
        return NULL;
    /* The first anchoring of a mention only records its place, unless it
       has moved from where it was tagged. */
    if (!orphaned && !was_orphaned && old_method == NULL &&
        (old_start < 0 || (old_start == found->start && old_end == found->end)))
        return NULL;
    if (!orphaned && !was_orphaned && old_start == found->start && old_end == found->end &&
        strcmp(old_method, method) == 0)
        return NULL;
    type = orphaned ? "mention_orphaned" : was_orphaned ? "mention_recovered" : "mention_moved";
    event = ct_jnew_object();
    payload = ct_jnew_object();
    ct_jset(event, "claim_id",
                           ct_jnew_int64(strtoll(ct_rows_get(rows, r, COL_CLAIM), NULL, 10)));
    ct_jset(event, "type", ct_jnew_string(type));
    ct_jset(payload, "mention_id",
                           ct_jnew_int64(strtoll(ct_rows_get(rows, r, COL_ID), NULL, 10)));
    ct_jset(payload, "exact", ct_jnew_string(ct_rows_get(rows, r, COL_EXACT)));
    ct_jset(payload, "from", span_json(old_start, old_end));
    ct_jset(payload, "to", orphaned ? NULL : span_json(found->start, found->end));
    ct_jset(payload, "previous_method",
                           old_method ? ct_jnew_string(old_method) : NULL);
    ct_jset(payload, "method", ct_jnew_string(method));
    ct_jset(payload, "errors", ct_jnew_int(found->errors));
    ct_jset(payload, "score", score_json(found->score));
    if (orphaned)
        ct_jset(payload, "reason", ct_jnew_string(found->refused));
    ct_jset(event, "payload", payload);
    return event;
}

/* The row update of a mention whose position, state or method changed. */
static json_object *row_update(const ct_rows *rows, size_t r, const ct_anchor_result *found)
{
    bool orphaned = found->how == CT_ANCHOR_ORPHANED;
    bool was_orphaned = ct_rows_get(rows, r, COL_ORPHANED)[0] == 't';
    const char *old_method = ct_rows_get(rows, r, COL_METHOD);
    const char *method = ct_anchor_how_name(found->how);
    json_object *update;

    if (orphaned == was_orphaned && old_method != NULL && strcmp(old_method, method) == 0 &&
        (orphaned || (column_long(rows, r, COL_START) == found->start &&
                      column_long(rows, r, COL_END) == found->end)))
        return NULL;                             /* nothing changed: nothing written */
    update = ct_jnew_object();
    ct_jset(update, "id",
                           ct_jnew_int64(strtoll(ct_rows_get(rows, r, COL_ID), NULL, 10)));
    /* An orphaned mention keeps its last position (null when it never had
       one): where the passage used to be, the hint if it comes back. */
    ct_jset(update, "start", orphaned
                           ? span_bound(column_long(rows, r, COL_START))
                           : ct_jnew_int64(found->start));
    ct_jset(update, "end", orphaned
                           ? span_bound(column_long(rows, r, COL_END))
                           : ct_jnew_int64(found->end));
    ct_jset(update, "orphaned", ct_jnew_boolean(orphaned));
    ct_jset(update, "method", ct_jnew_string(method));
    ct_jset(update, "score", score_json(found->score));
    return update;
}

/* What became of one mention, for the reply, the update and the timeline. */
static void record_one(const ct_rows *rows, size_t r, const ct_anchor_result *found,
                       json_object *reply, json_object *updates, json_object *events)
{
    json_object *update = row_update(rows, r, found), *event = change_event(rows, r, found);

    ct_jpush(reply, reply_item(strtoll(ct_rows_get(rows, r, COL_ID), NULL, 10),
                                            strtoll(ct_rows_get(rows, r, COL_CLAIM), NULL, 10),
                                            found));
    if (update)
        ct_jpush(updates, update);
    if (event)
        ct_jpush(events, event);
}

/* The block steps re-anchoring these mentions in doc would take (anchor.h). */
static uint64_t anchor_steps(const ct_rows *rows, const ct_anchor_text *doc)
{
    uint64_t steps = 0, text = ct_anchor_text_length(doc);

    for (size_t r = 0; r < ct_rows_count(rows); r++) {
        uint64_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)ct_rows_get(rows, r, COL_EXACT); *p; p++)
            chars += (*p & 0xC0) != 0x80;          /* UTF-8 lead bytes: code points */
        steps += ((chars + 63) / 64 + 2) * text;
    }
    return steps;
}

static ct_rc anchor_all(const ct_rows *rows, const ct_anchor_text *doc, json_object *reply,
                        json_object *updates, json_object *events, ct_error *err)
{
    for (size_t r = 0; r < ct_rows_count(rows); r++) {
        ct_anchor_selector sel = {
            ct_rows_get(rows, r, COL_EXACT), ct_rows_get(rows, r, COL_PREFIX),
            ct_rows_get(rows, r, COL_SUFFIX), column_long(rows, r, COL_START),
            column_long(rows, r, COL_END)};
        ct_anchor_result found;
        ct_rc rc = ct_anchor_find(doc, &sel, &found, err);
        if (rc != CT_OK)
            return rc;
        record_one(rows, r, &found, reply, updates, events);
    }
    return CT_OK;
}

static const char *plain(json_object *obj)
{
    return ct_jdump(obj, JSON_C_TO_STRING_PLAIN |
                                               JSON_C_TO_STRING_NOSLASHESCAPE);
}

static ct_rc write_changes(ct_conn *conn, json_object *updates, json_object *events,
                           const ct_actor *actor, ct_error *err)
{
    ct_rc rc = CT_OK;
    if (json_object_array_length(updates) > 0) {
        const char *params[1] = {plain(updates)};
        rc = ct_exec(conn, &stmt_mentions_reanchor, 1, params, NULL, err);
    }
    if (rc == CT_OK && json_object_array_length(events) > 0) {
        const char *params[3] = {plain(events), actor->id, actor->role};
        rc = ct_exec(conn, &stmt_events_append, 3, params, NULL, err);
    }
    return rc;
}

ct_rc ct_article_anchor(ct_conn *conn, const char *article_id, const char *text, size_t len,
                        const ct_actor *actor, char **out, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_anchor_text *doc = NULL;
    json_object *result = ct_jnew_object(), *reply = ct_jnew_array();
    json_object *updates = ct_jnew_array(), *events = ct_jnew_array();
    ct_rc rc;

    *out = NULL;
    if (result == NULL || reply == NULL || updates == NULL || events == NULL) {
        json_object_put(reply);
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    ct_jset(result, "article_id", ct_jnew_string(article_id));
    ct_jset(result, "mentions", reply);
    rc = ct_exec(conn, &stmt_article_mentions, 1, &article_id, &rows, err);
    if (rc == CT_OK)
        rc = ct_anchor_text_new(text, len, &doc, err);
    if (rc != CT_OK)
        goto out;
    ct_jset(result, "length",
                           ct_jnew_int64((int64_t)ct_anchor_text_length(doc)));
    uint64_t steps = anchor_steps(rows, doc);
    if (steps > CT_ANCHOR_BUDGET_STEPS)
        rc = ct_fail(err, CT_EUNPROCESSABLE, "anchor_budget_exceeded", "text",
                     "anchoring %zu mentions in %zu characters would take %llu steps, over the"
                     " %llu one request may take: send a shorter text, or remove mentions",
                     ct_rows_count(rows), ct_anchor_text_length(doc),
                     (unsigned long long)steps, (unsigned long long)CT_ANCHOR_BUDGET_STEPS);
    if (rc == CT_OK)
        rc = anchor_all(rows, doc, reply, updates, events, err);
    if (rc == CT_OK)
        rc = write_changes(conn, updates, events, actor, err);
    if (rc == CT_OK && (*out = strdup(plain(result))) == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
out:
    ct_anchor_text_free(doc);
    ct_rows_free(rows);
    json_object_put(result);
    json_object_put(updates);
    json_object_put(events);
    return rc;
}
