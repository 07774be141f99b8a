/*
 * merkle.c -- RFC 6962 Merkle tree hashes and proofs (see merkle.h).
 *
 * Generation follows RFC 6962 2.1 as written: the tree of n > 1 leaves
 * splits at k, the largest power of two below n, and the proofs are the
 * recursive PATH and SUBPROOF, each sibling appended after the deeper
 * ones (so a proof lists the lowest first). Verification is RFC 9162's
 * iterative form, which never builds a tree: it walks the proof with the
 * leaf's index and the tree's last index side by side, and accepts only
 * if the walk ends exactly at the root with the proof used up. Most
 * verifier bugs of such logs were accepting a proof too long or too short,
 * or for another size; the tests forge each kind.
 *
 * SHA-256 is libcrypto's (EVP), never our own.
 */
#include "base/merkle.h"

#include <string.h>
#include <openssl/evp.h>

/* SHA-256(prefix || a || b), b may be NULL. */
static bool digest(unsigned char prefix, const void *a, size_t alen, const void *b, size_t blen,
                   ct_merkle_hash out)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int size = 0;
    bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
              (alen == 0 || EVP_DigestUpdate(ctx, a, alen) == 1) &&
              (b == NULL || EVP_DigestUpdate(ctx, b, blen) == 1) &&
              EVP_DigestFinal_ex(ctx, out, &size) == 1 && size == CT_MERKLE_HASH_SIZE;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool ct_merkle_leaf_hash(const void *data, size_t len, ct_merkle_hash out)
{
    return digest(0x00, data, len, NULL, 0, out);
}

bool ct_merkle_node_hash(const ct_merkle_hash left, const ct_merkle_hash right,
                         ct_merkle_hash out)
{
    return digest(0x01, left, CT_MERKLE_HASH_SIZE, right, CT_MERKLE_HASH_SIZE, out);
}

/* k: the largest power of two smaller than n (n >= 2). */
static uint64_t split_of(uint64_t n)
{
    uint64_t k = 1;
    while (k << 1 < n)
        k <<= 1;
    return k;
}

bool ct_merkle_root(const ct_merkle_hash *leaves, uint64_t n, ct_merkle_hash out)
{
    ct_merkle_hash left, right;

    if (n == 0) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        unsigned int size = 0;
        bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
                  EVP_DigestFinal_ex(ctx, out, &size) == 1;
        EVP_MD_CTX_free(ctx);
        return ok;
    }
    if (n == 1) {
        memcpy(out, leaves[0], CT_MERKLE_HASH_SIZE);
        return true;
    }
    uint64_t k = split_of(n);
    return ct_merkle_root(leaves, k, left) && ct_merkle_root(leaves + k, n - k, right) &&
           ct_merkle_node_hash(left, right, out);
}

static bool append(ct_merkle_hash *proof, size_t *len, const ct_merkle_hash hash)
{
    if (*len >= CT_MERKLE_PROOF_MAX)
        return false;
    memcpy(proof[(*len)++], hash, CT_MERKLE_HASH_SIZE);
    return true;
}

bool ct_merkle_range_root(const ct_merkle_source *src, uint64_t lo, uint64_t n, ct_merkle_hash out)
{
    ct_merkle_hash left, right;

    if (n == 0)
        return ct_merkle_root(NULL, 0, out);
    if ((n & (n - 1)) == 0 && lo % n == 0) {          /* a complete subtree: stored whole */
        unsigned level = 0;
        while ((UINT64_C(1) << level) < n)
            level++;
        return src->subtree(src->ctx, level, lo >> level, out);
    }
    uint64_t k = split_of(n);
    return ct_merkle_range_root(src, lo, k, left) &&
           ct_merkle_range_root(src, lo + k, n - k, right) && ct_merkle_node_hash(left, right, out);
}

/* RFC 6962 PATH(m, D[lo:lo+n]). */
static bool path(const ct_merkle_source *src, uint64_t lo, uint64_t n, uint64_t m,
                 ct_merkle_hash *proof, size_t *len)
{
    ct_merkle_hash sibling;

    if (n == 1)
        return true;
    uint64_t k = split_of(n);
    if (m < k)
        return path(src, lo, k, m, proof, len) &&
               ct_merkle_range_root(src, lo + k, n - k, sibling) && append(proof, len, sibling);
    return path(src, lo + k, n - k, m - k, proof, len) &&
           ct_merkle_range_root(src, lo, k, sibling) && append(proof, len, sibling);
}

bool ct_merkle_inclusion_proof_of(const ct_merkle_source *src, uint64_t n, uint64_t m,
                                  ct_merkle_hash *proof, size_t *len)
{
    *len = 0;
    return m < n && path(src, 0, n, m, proof, len);
}

/* RFC 6962 SUBPROOF(m, D[lo:lo+n], b). */
static bool subproof(const ct_merkle_source *src, uint64_t lo, uint64_t n, uint64_t m, bool whole,
                     ct_merkle_hash *proof, size_t *len)
{
    ct_merkle_hash sibling;

    if (m == n)
        return whole || (ct_merkle_range_root(src, lo, n, sibling) && append(proof, len, sibling));
    uint64_t k = split_of(n);
    if (m <= k)
        return subproof(src, lo, k, m, whole, proof, len) &&
               ct_merkle_range_root(src, lo + k, n - k, sibling) && append(proof, len, sibling);
    return subproof(src, lo + k, n - k, m - k, false, proof, len) &&
           ct_merkle_range_root(src, lo, k, sibling) && append(proof, len, sibling);
}

bool ct_merkle_consistency_proof_of(const ct_merkle_source *src, uint64_t n, uint64_t m,
                                    ct_merkle_hash *proof, size_t *len)
{
    *len = 0;
    return m > 0 && m <= n && subproof(src, 0, n, m, true, proof, len);
}

/* The source over leaf hashes in memory: a subtree's hash is computed. */
static bool array_subtree(void *ctx, unsigned level, uint64_t index, ct_merkle_hash out)
{
    const ct_merkle_hash *leaves = ctx;
    return ct_merkle_root(leaves + (index << level), UINT64_C(1) << level, out);
}

bool ct_merkle_inclusion_proof(const ct_merkle_hash *leaves, uint64_t n, uint64_t m,
                               ct_merkle_hash *proof, size_t *len)
{
    ct_merkle_source src = {array_subtree, (void *)leaves};
    return ct_merkle_inclusion_proof_of(&src, n, m, proof, len);
}

bool ct_merkle_consistency_proof(const ct_merkle_hash *leaves, uint64_t n, uint64_t m,
                                 ct_merkle_hash *proof, size_t *len)
{
    ct_merkle_source src = {array_subtree, (void *)leaves};
    return ct_merkle_consistency_proof_of(&src, n, m, proof, len);
}

bool ct_merkle_frontier_push(ct_merkle_frontier *f, const ct_merkle_hash leaf_hash,
                             ct_merkle_node_fn node, void *ctx)
{
    if (f->depth >= CT_MERKLE_PROOF_MAX)
        return false;
    memcpy(f->hash[f->depth], leaf_hash, CT_MERKLE_HASH_SIZE);
    f->level[f->depth++] = 0;
    f->size++;
    /* two subtrees of one size side by side become their parent */
    while (f->depth >= 2 && f->level[f->depth - 1] == f->level[f->depth - 2]) {
        size_t top = f->depth - 1;
        if (!ct_merkle_node_hash(f->hash[top - 1], f->hash[top], f->hash[top - 1]))
            return false;
        f->level[top - 1]++;
        f->depth--;
        if (node)
            node(ctx, f->level[top - 1], (f->size >> f->level[top - 1]) - 1, f->hash[top - 1]);
    }
    return true;
}

bool ct_merkle_frontier_root(const ct_merkle_frontier *f, ct_merkle_hash out)
{
    if (f->depth == 0)
        return ct_merkle_root(NULL, 0, out);
    memcpy(out, f->hash[f->depth - 1], CT_MERKLE_HASH_SIZE);
    for (size_t i = f->depth - 1; i-- > 0;)
        if (!ct_merkle_node_hash(f->hash[i], out, out))
            return false;
    return true;
}

/* Shift fn and sn right together until fn's lowest bit is set or fn is 0. */
static void climb(uint64_t *fn, uint64_t *sn)
{
    while ((*fn & 1) == 0 && *fn != 0) {
        *fn >>= 1;
        *sn >>= 1;
    }
}

bool ct_merkle_verify_inclusion(const ct_merkle_hash leaf_hash, uint64_t index, uint64_t size,
                                const ct_merkle_hash *proof, size_t len,
                                const ct_merkle_hash root)
{
    ct_merkle_hash r;
    uint64_t fn = index, sn;

    if (index >= size)
        return false;
    sn = size - 1;
    memcpy(r, leaf_hash, CT_MERKLE_HASH_SIZE);
    for (size_t i = 0; i < len; i++) {
        if (sn == 0)
            return false;                        /* the proof is longer than the tree is deep */
        if ((fn & 1) == 1 || fn == sn) {
            if (!ct_merkle_node_hash(proof[i], r, r))
                return false;
            if ((fn & 1) == 0)
                climb(&fn, &sn);
        } else if (!ct_merkle_node_hash(r, proof[i], r)) {
            return false;
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && memcmp(r, root, CT_MERKLE_HASH_SIZE) == 0;
}

bool ct_merkle_verify_consistency(uint64_t size1, uint64_t size2, const ct_merkle_hash root1,
                                  const ct_merkle_hash root2, const ct_merkle_hash *proof,
                                  size_t len)
{
    ct_merkle_hash fr, sr;
    const ct_merkle_hash *path = proof;
    size_t left = len;
    uint64_t fn, sn;

    if (size1 == 0 || size1 > size2)
        return false;
    if (size1 == size2)
        return len == 0 && memcmp(root1, root2, CT_MERKLE_HASH_SIZE) == 0;
    if (len == 0)
        return false;
    /* A first tree that is a whole power of two is itself a node of the
       second: its root is the proof's implied first element. */
    fn = size1 - 1;
    sn = size2 - 1;
    if ((size1 & (size1 - 1)) == 0) {
        memcpy(fr, root1, CT_MERKLE_HASH_SIZE);
    } else {
        memcpy(fr, path[0], CT_MERKLE_HASH_SIZE);
        path++;
        left--;
    }
    memcpy(sr, fr, CT_MERKLE_HASH_SIZE);
    if ((fn & 1) == 1)
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
    for (size_t i = 0; i < left; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) == 1 || fn == sn) {
            if (!ct_merkle_node_hash(path[i], fr, fr) || !ct_merkle_node_hash(path[i], sr, sr))
                return false;
            if ((fn & 1) == 0)
                climb(&fn, &sn);
        } else if (!ct_merkle_node_hash(sr, path[i], sr)) {
            return false;
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && memcmp(fr, root1, CT_MERKLE_HASH_SIZE) == 0 &&
           memcmp(sr, root2, CT_MERKLE_HASH_SIZE) == 0;
}
