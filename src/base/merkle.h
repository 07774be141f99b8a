/*
 * merkle.h -- Merkle tree hashes and proofs as Certificate Transparency
 * defines them (RFC 6962 section 2.1; the verification algorithms are
 * those of RFC 9162 section 2.1.3.2 and 2.1.4.2, which 6962bis wrote out
 * step by step).
 *
 * A tree of n leaves is the Merkle Tree Hash (MTH) of their leaf hashes in
 * order; leaves and interior nodes are hashed apart (a leaf is SHA-256 of
 * 0x00 and its bytes, a node SHA-256 of 0x01 and its two children), so no
 * leaf can pass for a node. An inclusion proof (audit path) shows that a
 * leaf is the m-th of a tree of n leaves with a given root; a consistency
 * proof shows that the tree of m leaves is the first m leaves of the tree
 * of n, so a log that rewrote any earlier leaf cannot prove itself
 * consistent with a root someone kept.
 *
 * This file is the arithmetic only: hashes in memory, no database. It is
 * what the timeline's tree, the checkpoints and `claimtrack verify` rest
 * on, and what an outsider reimplements to check a proof, so it follows
 * the RFCs to the letter and its tests hold it to their published vectors.
 *
 * Sizes and indexes are uint64_t, leaves counted from 0. Every function
 * returns false (and writes nothing meaningful) when a hash cannot be
 * computed (libcrypto out of memory), and the verifiers also when the
 * proof does not prove what is asked: a proof is accepted only if it is
 * exactly the right length and every hash in it agrees.
 */
#ifndef CT_MERKLE_H
#define CT_MERKLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CT_MERKLE_HASH_SIZE 32       /* SHA-256 */
#define CT_MERKLE_PROOF_MAX 64       /* no proof of a tree below 2^63 leaves is longer */

typedef unsigned char ct_merkle_hash[CT_MERKLE_HASH_SIZE];

/* SHA-256(0x00 || data): the hash of a leaf (RFC 6962 2.1). */
bool ct_merkle_leaf_hash(const void *data, size_t len, ct_merkle_hash out);

/* SHA-256(0x01 || left || right): the hash of an interior node. */
bool ct_merkle_node_hash(const ct_merkle_hash left, const ct_merkle_hash right,
                         ct_merkle_hash out);

/* MTH of the n leaf hashes (n may be 0: SHA-256 of nothing). */
bool ct_merkle_root(const ct_merkle_hash *leaves, uint64_t n, ct_merkle_hash out);

/*
 * The inclusion proof of leaf m in the tree of the n leaf hashes (RFC 6962
 * PATH(m, D[n])), lowest sibling first, into proof (room for
 * CT_MERKLE_PROOF_MAX); its length in *len. False when m >= n.
 */
bool ct_merkle_inclusion_proof(const ct_merkle_hash *leaves, uint64_t n, uint64_t m,
                               ct_merkle_hash *proof, size_t *len);

/*
 * The consistency proof between the trees of the first m and of all n
 * leaf hashes (RFC 6962 PROOF(m, D[n])), into proof (room for
 * CT_MERKLE_PROOF_MAX); its length in *len (0 when m == n). False unless
 * 0 < m <= n.
 */
bool ct_merkle_consistency_proof(const ct_merkle_hash *leaves, uint64_t n, uint64_t m,
                                 ct_merkle_hash *proof, size_t *len);

/*
 * True when proof (len hashes) shows that leaf_hash is leaf index of the
 * tree of size leaves whose root is root (RFC 9162 2.1.3.2).
 */
bool ct_merkle_verify_inclusion(const ct_merkle_hash leaf_hash, uint64_t index, uint64_t size,
                                const ct_merkle_hash *proof, size_t len,
                                const ct_merkle_hash root);

/*
 * True when proof (len hashes) shows that the tree of size1 leaves with
 * root root1 is the beginning of the tree of size2 leaves with root root2
 * (RFC 9162 2.1.4.2). size1 == size2 needs an empty proof and equal roots;
 * size1 of 0 or above size2 is refused.
 */
bool ct_merkle_verify_consistency(uint64_t size1, uint64_t size2, const ct_merkle_hash root1,
                                  const ct_merkle_hash root2, const ct_merkle_hash *proof,
                                  size_t len);

#endif
