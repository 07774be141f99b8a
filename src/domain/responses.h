/*
 * responses.h -- rebuttals, corrections, apologies and the other answers
 * linked to a claim.
 */
#ifndef CT_RESPONSES_H
#define CT_RESPONSES_H

#include "base/error.h"
#include "store/store.h"
#include "domain/timeline.h"

typedef struct ct_response_input {
    const char *kind;        /* one of ct_vocab_kind_keys (src/vocabulary.txt) */
    const char *by_name;
    const char *by_role;     /* may be NULL */
    const char *issued_at;   /* RFC 3339 date or date-time: world time;
                                NULL: unknown (an import; requests require it) */
    const char *summary;
    const char *url;         /* may be NULL */
} ct_response_input;

/*
 * Link a response to claim_id (CT_ENOTFOUND when there is no such claim).
 * The claim's version goes up, since moderators reviewing it should see
 * the new evidence before their verdict lands. The timeline event carries
 * the response's issued_at as its world time; an undated response's event
 * occurred when it was linked, its payload saying "date_unknown": true.
 */
ct_rc ct_response_add(ct_conn *conn, const char *claim_id, const ct_response_input *in,
                      const ct_actor *actor, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_responses_sql[];

#endif
