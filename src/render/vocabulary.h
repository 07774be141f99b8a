/*
 * vocabulary.h -- every word of claimtrack, for the host's pages (GET
 * /vocabulary), so that a moderator's page and a reader's notice never
 * call one status by two names.
 *
 * {"languages": ["en", "ru", "kk"],
 *  "statuses": [{"key", "labels": {"en", "ru", "kk"}, "verdict", "next": [key...]}],
 *  "response_kinds": [{"key", "labels", "happened": {"en", "ru", "kk"}}],
 *  "event_types": [{"key", "meaning"}],
 *  "roles": [{"key", "meaning"}],                         lowest first
 *  "ratings": [the desk's scale, see domain/ratings.h], "best", "worst",
 *  "errors": [{"code", "status", "meaning"}]}
 *
 * Statuses, kinds, event types, roles and errors come from
 * src/vocabulary.txt; ratings from the desk's scale in the database.
 */
#ifndef CT_VOCABULARY_JSON_H
#define CT_VOCABULARY_JSON_H

#include "base/error.h"
#include "store/store.h"

ct_rc ct_vocabulary_json(ct_conn *conn, char **json_out, ct_error *err);

#endif
