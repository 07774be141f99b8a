/*
 * timeline.c -- appending to and reading a claim's timeline.
 */
#include "domain/timeline.h"
#include "base/jsonout.h"

#include <stdlib.h>
#include <string.h>

/* ---- SQL: the statements this module runs, prepared on every connection -- */

static const ct_stmt stmt_event_insert = {"ct_event_insert",
    "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " VALUES ($1::bigint, $2, COALESCE(ct_instant($3), now()), $4, $5, $6::jsonb)", 6};

static const ct_stmt stmt_timeline_json = {"ct_timeline_json",
    "SELECT json_build_object('claim_id', c.id, 'events',"
    "  (SELECT COALESCE(json_agg(json_build_object("
    "     'id', e.id, 'type', e.type,"
    "     'occurred_at', e.occurred_at, 'recorded_at', e.recorded_at,"
    "     'actor', CASE WHEN $2::boolean THEN json_build_object('id', e.actor_id,"
    "                                                   'role', e.actor_role) END,"
    "     'payload', CASE WHEN $2::boolean THEN e.payload ELSE e.payload - 'note' END)"
    "   ORDER BY e.occurred_at, e.id), '[]')"
    "   FROM ct_events e WHERE e.claim_id = c.id))::text"
    " FROM ct_claims c WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_timeline_sql[] = {&stmt_event_insert, &stmt_timeline_json, NULL};


ct_rc ct_timeline_append(ct_conn *conn, const char *claim_id, const char *type,
                         const char *occurred_at, const ct_actor *actor,
                         json_object *payload, ct_error *err)
{
    const char *text = payload
        ? ct_jdump(payload, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE)
        : "{}";
    const char *params[6] = {claim_id, type, occurred_at, actor->id, actor->role, text};

    return ct_exec(conn, &stmt_event_insert, 6, params, NULL, err);
}

ct_rc ct_timeline_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                       char **json_out, ct_error *err)
{
    const char *params[2] = {claim_id, include_unpublished ? "true" : "false"};
    return ct_exec_text(conn, &stmt_timeline_json, 2, params, "claim", json_out, err);
}
