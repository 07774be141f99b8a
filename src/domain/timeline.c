/*
 * timeline.c -- appending to and reading a claim's timeline.
 */
#include "domain/timeline.h"

#include <stdlib.h>
#include <string.h>

ct_rc ct_timeline_append(ct_conn *conn, const char *claim_id, const char *type,
                         const char *occurred_at, const ct_actor *actor,
                         json_object *payload, ct_error *err)
{
    const char *text = payload
        ? json_object_to_json_string_ext(payload, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE)
        : "{}";
    const char *params[6] = {claim_id, type, occurred_at, actor->id, actor->role, text};

    return ct_exec(conn, ST_EVENT_INSERT, 6, params, NULL, err);
}

ct_rc ct_timeline_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                       char **json_out, ct_error *err)
{
    const char *params[2] = {claim_id, include_unpublished ? "true" : "false"};
    return ct_exec_text(conn, ST_TIMELINE_JSON, 2, params, "claim", json_out, err);
}
