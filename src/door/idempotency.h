/*
 * idempotency.h -- writes sent again with the same Idempotency-Key get the
 * first answer and write nothing (sql/009_idempotency.sql).
 *
 * Inside a write's transaction, before the route runs, the key is claimed:
 * an INSERT that waits for a concurrent request holding the same key to
 * end. Fresh: the route runs, and its answer is saved with the key before
 * COMMIT, so the key exists exactly when the write does (a failed request
 * leaves no key: sending it again runs it again). Already there: the saved
 * answer is given again, marked "Idempotent-Replayed: true" in the
 * response envelope's headers, or, when the key came with another request
 * (method, path, query or body), 422 idempotency_key_reused. A key kept
 * more than 24 hours ago is new again: the request runs. Keys of an
 * actor older than 24 hours are removed when that actor claims a new one.
 * A signing secret in an answer (its top-level "secret") is kept sealed
 * under the configured secrets_key (base/crypto.h), never as text.
 */
#ifndef CT_IDEMPOTENCY_H
#define CT_IDEMPOTENCY_H

#include <stdbool.h>

#include "base/error.h"
#include "door/request.h"
#include "store/store.h"

#define CT_IDEMPOTENCY_KEY_MAX 255

/* Claim key for actor_id. *fresh: the route must run (then ct_idempotency_save);
   otherwise *resp holds the first answer (a sealed secret in it opened
   under secrets_key, CT_SECRETS_KEY_BYTES, or NULL when none is
   configured), or the call failed with idempotency_key_reused. */
ct_rc ct_idempotency_claim(ct_conn *conn, const char *actor_id, const char *key,
                           const char *fingerprint, const unsigned char *secrets_key,
                           bool *fresh, ct_response *resp, ct_error *err);

/* Keep resp as the answer to key, in the write's transaction, its secret
   sealed under secrets_key (NULL: none configured, and no answer has a
   secret: the routes that make one need the key). */
ct_rc ct_idempotency_save(ct_conn *conn, const char *actor_id, const char *key,
                          const unsigned char *secrets_key, const ct_response *resp,
                          ct_error *err);

extern const ct_stmt *const ct_idempotency_sql[];

#endif
