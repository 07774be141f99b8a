/*
 * proofcheck.h -- checking an exported proof of a claim's timeline with
 * nothing but the proof and the newsroom's public key: no database, no
 * network, no trust in whoever handed the proof over.
 *
 * The proof is the answer of GET /claims/{id}/proof (domain/tlog.h). It
 * is accepted only when
 *   - its checkpoint's note carries a valid signature of the given
 *     verifier key (base/note.h), and the checkpoint's fields, when given,
 *     are those of the signed text;
 *   - every event's canonical text hashes (RFC 6962 leaf) to its
 *     leaf_hash, names the proof's claim and the event's own id, and its
 *     "private" digest matches the "private" text when the proof has it;
 *   - every event with an inclusion_proof is proved, with exactly that
 *     path, to be leaf leaf_index of the checkpoint's tree (base/merkle.h,
 *     RFC 9162's verification).
 * Events the checkpoint does not cover yet (inclusion_proof null, and no
 * leaf_index below its size) are counted, never proved: the proof is then
 * not accepted (ok false) but "incomplete", so that a reader is told that
 * part of the claim's timeline is not verified yet, and why. A proof that
 * proves no event, or whose checkpoint is of the empty tree, is refused.
 */
#ifndef CT_PROOFCHECK_H
#define CT_PROOFCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/note.h"

typedef struct ct_proof_report {
    bool     ok;                 /* every event proved                        */
    bool     incomplete;         /* nothing refused, but events_waiting > 0    */
    uint64_t tree_size;          /* the checkpoint's */
    char     origin[CT_NOTE_NAME_MAX + 1];   /* the log the checkpoint names: a caller
                                                that knows the log compares it */
    long long claim_id;
    size_t   events_proved;      /* included under the checkpoint */
    size_t   events_waiting;     /* recorded after it */
    char     message[512];       /* why it was refused, or a summary */
} ct_proof_report;

/* Check the proof document (len bytes of JSON) against verifier. */
void ct_proof_check(const char *doc, size_t len, const ct_note_key *verifier,
                    ct_proof_report *report);

#endif
