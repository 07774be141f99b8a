/*
 * tlog.h -- the timeline as a transparency log: its Merkle tree, signed
 * checkpoints, proofs, and the audit that recomputes it all.
 *
 * The database keeps the tree (sql/012_transparency.sql): each timeline
 * event's RFC 6962 leaf hash is written in the event's own transaction,
 * a sequencer numbers the leaves and stores every complete subtree, and a
 * checkpoint is a C2SP tlog-checkpoint note over the tree's size and root,
 * signed with the newsroom's Ed25519 key (base/note.h). This module runs
 * the sequencer, signs and lists checkpoints, answers inclusion proofs
 * for a claim's events and consistency proofs between two sizes (both
 * built from O(log n) stored subtrees, fetched in one statement), and
 * audits the whole log.
 *
 * Shapes (JSON, hashes in standard base64 as in checkpoints):
 *   checkpoint  {"id", "tree_size", "root_hash", "signed_at" (RFC 3339 UTC),
 *                "origin", "verifier_key", "note" (the signed note, exactly)}
 *   proof       {"claim_id", "checkpoint": checkpoint or null,
 *                "events": [{"event_id", "leaf_index" (null: not yet in the
 *                 tree), "leaf_hash", "canonical" (the leaf's content),
 *                 "private" (staff only: what the digest "private" covers),
 *                 "inclusion_proof": [hash, ...] or null (not yet under the
 *                 checkpoint)}]}
 *   consistency {"from", "to", "from_root", "to_root", "proof": [hash, ...]}
 *   audit       {"ok", "leaves_checked", "checkpoints_checked", "leaves_waiting",
 *                "problem": null or {"reason", "message", "leaf_index",
 *                 "event_id", "claim_id", "checkpoint_id"}}
 */
#ifndef CT_TLOG_H
#define CT_TLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/note.h"
#include "store/store.h"

/* Leaves the background sequencer numbers per statement. */
#define CT_TLOG_SEQUENCE_BATCH 10000

/*
 * Number at most batch waiting leaves (0: all) and store the subtrees they
 * complete; *size is the tree's size after, *added how many were numbered
 * (either may be NULL). Runs in the caller's transaction, or alone.
 */
ct_rc ct_tlog_sequence(ct_conn *conn, int batch, uint64_t *size, uint64_t *added, ct_error *err);

/*
 * Sequence every waiting leaf and sign the tree head with key under
 * origin, recording actor as its signer, in the caller's transaction
 * (which the sequencer's lock then holds). The tree must be consistent with
 * the last checkpoint signed by key or one of the ntrusted keys of before
 * a rotation (CT_EINTERNAL otherwise: nothing is signed over a rewrite). When the latest checkpoint
 * already has this size, or (min_age_s > 0) was signed less than
 * min_age_s seconds ago, nothing is signed: *created is false and *json
 * the latest checkpoint (or "null" when there is none). Otherwise *json is
 * the new checkpoint (also queued as webhook checkpoint.signed).
 */
ct_rc ct_tlog_sign(ct_conn *conn, const ct_note_key *key, const ct_note_key *trusted,
                   size_t ntrusted, const char *origin, const char *actor, int min_age_s,
                   bool *created, char **json, ct_error *err);

/* {"checkpoints": [checkpoint, ...]}: the newest limit, largest first. */
ct_rc ct_tlog_checkpoints(ct_conn *conn, int limit, char **json, ct_error *err);

/*
 * The proof of a claim's events against the latest checkpoint. staff:
 * the claim may be unpublished and each event carries its "private"
 * text. CT_ENOTFOUND (not_found) when there is no such claim the caller
 * may see.
 */
ct_rc ct_tlog_claim_proof(ct_conn *conn, const char *claim_id, bool staff, char **json,
                          ct_error *err);

/*
 * The consistency proof between tree sizes from and to (1 <= from <= to
 * <= the sequenced size; else CT_EINVALID out_of_range on query.from or
 * query.to).
 */
ct_rc ct_tlog_consistency(ct_conn *conn, uint64_t from, uint64_t to, char **json, ct_error *err);

/*
 * Audit the whole log: every event has a leaf, every leaf is recomputed
 * from its event with this module's own copy of the canonical form (not
 * the database's function), every stored subtree from the leaves, every
 * checkpoint's signature checked with one of the nkeys verifier keys (the
 * current key and those of before a rotation) and its root recomputed,
 * and each checkpoint proved consistent with the next from the stored
 * tree. Stops at the first problem, the lowest leaf first. *json is the
 * audit; CT_OK whether or not the log is intact (see "ok").
 */
ct_rc ct_tlog_audit(ct_conn *conn, const ct_note_key *keys, size_t nkeys, char **json,
                    ct_error *err);

extern const ct_stmt *const ct_tlog_sql[];

#endif
