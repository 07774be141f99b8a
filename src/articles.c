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
#include "articles.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "anchor.h"

enum { COL_ID, COL_CLAIM, COL_EXACT, COL_PREFIX, COL_SUFFIX, COL_START, COL_END, COL_ORPHANED };

static long column_long(const ct_rows *rows, size_t r, int c)
{
    const char *v = ct_rows_get(rows, r, c);
    return v ? strtol(v, NULL, 10) : -1;
}

/* What became of one mention, for the reply, the update and the timeline. */
static void record_one(const ct_rows *rows, size_t r, const ct_anchor_result *found,
                       json_object *reply, json_object *updates, json_object *events)
{
    long old_start = column_long(rows, r, COL_START), old_end = column_long(rows, r, COL_END);
    bool was_orphaned = ct_rows_get(rows, r, COL_ORPHANED)[0] == 't';
    bool orphaned = found->how == CT_ANCHOR_ORPHANED;
    long long mention_id = strtoll(ct_rows_get(rows, r, COL_ID), NULL, 10);
    long long claim_id = strtoll(ct_rows_get(rows, r, COL_CLAIM), NULL, 10);
    json_object *item = json_object_new_object();

    json_object_object_add(item, "mention_id", json_object_new_int64(mention_id));
    json_object_object_add(item, "claim_id", json_object_new_int64(claim_id));
    json_object_object_add(item, "status", json_object_new_string(ct_anchor_how_name(found->how)));
    json_object_object_add(item, "start", orphaned ? NULL : json_object_new_int64(found->start));
    json_object_object_add(item, "end", orphaned ? NULL : json_object_new_int64(found->end));
    json_object_object_add(item, "errors", json_object_new_int(found->errors));
    json_object_array_add(reply, item);

    if (orphaned == was_orphaned && (orphaned || (old_start == found->start &&
                                                  old_end == found->end)))
        return;                                  /* nothing changed: nothing written */
    json_object *update = json_object_new_object();
    json_object_object_add(update, "id", json_object_new_int64(mention_id));
    json_object_object_add(update, "start", orphaned ? NULL : json_object_new_int64(found->start));
    json_object_object_add(update, "end", orphaned ? NULL : json_object_new_int64(found->end));
    json_object_object_add(update, "orphaned", json_object_new_boolean(orphaned));
    json_object_array_add(updates, update);
    if (orphaned == was_orphaned)
        return;
    json_object *event = json_object_new_object(), *payload = json_object_new_object();
    json_object_object_add(event, "claim_id", json_object_new_int64(claim_id));
    json_object_object_add(event, "type", json_object_new_string(orphaned ? "mention_orphaned"
                                                                          : "mention_recovered"));
    json_object_object_add(payload, "mention_id", json_object_new_int64(mention_id));
    json_object_object_add(payload, "exact", json_object_new_string(ct_rows_get(rows, r, COL_EXACT)));
    json_object_object_add(event, "payload", payload);
    json_object_array_add(events, event);
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
    return json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
                                               JSON_C_TO_STRING_NOSLASHESCAPE);
}

static ct_rc write_changes(ct_conn *conn, json_object *updates, json_object *events,
                           const ct_actor *actor, ct_error *err)
{
    ct_rc rc = CT_OK;
    if (json_object_array_length(updates) > 0) {
        const char *params[1] = {plain(updates)};
        rc = ct_exec(conn, ST_MENTIONS_REANCHOR, 1, params, NULL, err);
    }
    if (rc == CT_OK && json_object_array_length(events) > 0) {
        const char *params[3] = {plain(events), actor->id, actor->role};
        rc = ct_exec(conn, ST_EVENTS_APPEND, 3, params, NULL, err);
    }
    return rc;
}

ct_rc ct_article_anchor(ct_conn *conn, const char *article_id, const char *text, size_t len,
                        const ct_actor *actor, char **out, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_anchor_text *doc = NULL;
    json_object *result = json_object_new_object(), *reply = json_object_new_array();
    json_object *updates = json_object_new_array(), *events = json_object_new_array();
    ct_rc rc;

    *out = NULL;
    json_object_object_add(result, "article_id", json_object_new_string(article_id));
    json_object_object_add(result, "mentions", reply);
    rc = ct_exec(conn, ST_ARTICLE_MENTIONS, 1, &article_id, &rows, err);
    if (rc == CT_OK)
        rc = ct_anchor_text_new(text, len, &doc, err);
    if (rc != CT_OK)
        goto out;
    json_object_object_add(result, "length",
                           json_object_new_int64((int64_t)ct_anchor_text_length(doc)));
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
