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
 * Where the hashes of complete subtrees come from when the leaves are not
 * all in memory (the timeline's tree is in the database, which stores
 * every complete subtree: ct_tree_nodes). subtree writes the hash of the
 * 2^level leaves from index << level; it returns false when it cannot.
 * The generators below ask only for complete subtrees, O(log n) of them
 * per hash of the proof, and which ones depends only on the sizes and
 * indexes, never on hash values: a caller may run them once with a
 * source that records the requests and returns any hash, fetch those in
 * one query, and run them again.
 */
typedef struct ct_merkle_source {
    bool (*subtree)(void *ctx, unsigned level, uint64_t index, ct_merkle_hash out);
    void  *ctx;
} ct_merkle_source;

/* MTH of the n leaves from lo (n may be 0). */
bool ct_merkle_range_root(const ct_merkle_source *src, uint64_t lo, uint64_t n, ct_merkle_hash out);

/* ct_merkle_inclusion_proof and ct_merkle_consistency_proof over a source. */
bool ct_merkle_inclusion_proof_of(const ct_merkle_source *src, uint64_t n, uint64_t m,
                                  ct_merkle_hash *proof, size_t *len);
bool ct_merkle_consistency_proof_of(const ct_merkle_source *src, uint64_t n, uint64_t m,
                                    ct_merkle_hash *proof, size_t *len);

/*
 * A tree grown one leaf at a time: the hashes of its complete subtrees
 * of decreasing size (at most one per bit of size), which is all that is
 * needed to append the next leaf or to take the root. For auditing a log
 * of millions of leaves in one pass.
 */
typedef struct ct_merkle_frontier {
    uint64_t       size;
    size_t         depth;
    unsigned char  level[CT_MERKLE_PROOF_MAX];
    ct_merkle_hash hash[CT_MERKLE_PROOF_MAX];
} ct_merkle_frontier;

/* Told each interior node (level >= 1) a push completes, lowest first. */
typedef void (*ct_merkle_node_fn)(void *ctx, unsigned level, uint64_t index,
                                  const ct_merkle_hash hash);

/* Append leaf_hash; node (may be NULL) hears of each node it completes. */
bool ct_merkle_frontier_push(ct_merkle_frontier *f, const ct_merkle_hash leaf_hash,
                             ct_merkle_node_fn node, void *ctx);

/* The MTH of the leaves pushed so far. */
bool ct_merkle_frontier_root(const ct_merkle_frontier *f, ct_merkle_hash out);

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
