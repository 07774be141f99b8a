/*
 * timeline.h -- the append-only history of a claim.
 *
 * Every change to a claim appends an event in the same transaction as the
 * change, carrying world time (occurred_at: when the deputy spoke, when the
 * police answered) and record time (recorded_at, set by the database). The
 * database refuses UPDATE, DELETE and TRUNCATE on the events table.
 */
#ifndef CT_TIMELINE_H
#define CT_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "base/error.h"
#include "store/store.h"

/* Who did something. id and role are copied into the event. */
typedef struct ct_actor {
    const char *id;
    const char *role;
} ct_actor;

/*
 * Append one event to claim_id's timeline. occurred_at NULL means now.
 * payload (may be NULL for {}) is serialised, not consumed.
 */
ct_rc ct_timeline_append(ct_conn *conn, const char *claim_id, const char *type,
                         const char *occurred_at, const ct_actor *actor,
                         json_object *payload, ct_error *err);

/*
 * The claim's events in world order as JSON text (malloc'd, *json_out).
 * Unpublished claims are visible only when include_unpublished; so are
 * actors and moderators' notes. CT_ENOTFOUND otherwise.
 */
ct_rc ct_timeline_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                       char **json_out, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_timeline_sql[];

#endif
