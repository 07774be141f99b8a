/*
 * test_merkle.c -- src/base/merkle.c against RFC 6962: the tree heads of
 * Certificate Transparency's reference leaves (the same eight inputs and
 * roots every CT implementation checks itself with) and two of their
 * published audit paths; every inclusion and consistency proof of every
 * tree up to 40 leaves made and verified; and forged proofs, each of the
 * kinds that verifiers of such logs have accepted in the past, refused:
 * a wrong sibling, a path cut short or made longer, a proof checked for
 * another tree size or another leaf, a leaf that claims to be a node,
 * swapped roots. Pure functions: no database.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "testhost.h"
#include "merkle.h"

#define MAX_LEAVES 40

static void unhex(const char *hex, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
}

static void to_hex(const ct_merkle_hash h, char out[65])
{
    for (int i = 0; i < CT_MERKLE_HASH_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* RFC 6962's reference leaves (certificate-transparency's test data). */
static const char *const reference_inputs[] = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"};

/* Their tree heads for sizes 0 to 8. */
static const char *const reference_roots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

static ct_merkle_hash reference[8];

static void reference_leaves(void)
{
    for (int i = 0; i < 8; i++) {
        unsigned char data[16];
        size_t n = strlen(reference_inputs[i]) / 2;
        unhex(reference_inputs[i], data, n);
        ck_assert(ct_merkle_leaf_hash(data, n, reference[i]));
    }
}

/* MAX_LEAVES leaves of made-up events. */
static ct_merkle_hash many[MAX_LEAVES];

static void many_leaves(void)
{
    for (int i = 0; i < MAX_LEAVES; i++) {
        char event[64];
        int n = snprintf(event, sizeof event, "{\"id\":%d,\"type\":\"note_added\"}", i);
        ck_assert(ct_merkle_leaf_hash(event, (size_t)n, many[i]));
    }
}

START_TEST(tree_heads_are_rfc_6962s)
{
    char got[65];
    ct_merkle_hash root;
    reference_leaves();
    for (uint64_t n = 0; n <= 8; n++) {
        ck_assert(ct_merkle_root(reference, n, root));
        to_hex(root, got);
        ck_assert_msg(strcmp(got, reference_roots[n]) == 0, "size %llu: %s, RFC 6962 says %s",
                      (unsigned long long)n, got, reference_roots[n]);
    }
}
END_TEST

START_TEST(audit_paths_are_rfc_6962s)
{
    /* leaf 0 and leaf 5 of the eight, as certificate-transparency publishes them */
    static const struct { uint64_t index; const char *path[3]; } published[] = {
        {0, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {5, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}}};
    ct_merkle_hash proof[CT_MERKLE_PROOF_MAX], root;
    size_t len = 0;
    char got[65];

    reference_leaves();
    ck_assert(ct_merkle_root(reference, 8, root));
    for (int p = 0; p < 2; p++) {
        ck_assert(ct_merkle_inclusion_proof(reference, 8, published[p].index, proof, &len));
        ck_assert_uint_eq(len, 3);
        for (size_t i = 0; i < len; i++) {
            to_hex(proof[i], got);
            ck_assert_str_eq(got, published[p].path[i]);
        }
        ck_assert(ct_merkle_verify_inclusion(reference[published[p].index], published[p].index, 8,
                                             proof, len, root));
    }
}
END_TEST

START_TEST(every_inclusion_proof_verifies_and_no_forgery_does)
{
    ct_merkle_hash proof[CT_MERKLE_PROOF_MAX], root, other_root;
    size_t len = 0;

    many_leaves();
    for (uint64_t n = 1; n <= MAX_LEAVES; n++) {
        ck_assert(ct_merkle_root(many, n, root));
        for (uint64_t m = 0; m < n; m++) {
            ck_assert(ct_merkle_inclusion_proof(many, n, m, proof, &len));
            ck_assert_msg(ct_merkle_verify_inclusion(many[m], m, n, proof, len, root),
                          "leaf %llu of %llu", (unsigned long long)m, (unsigned long long)n);
            /* another leaf's hash, or this one claimed at another index */
            ck_assert(!ct_merkle_verify_inclusion(many[(m + 1) % MAX_LEAVES], m, n, proof, len, root));
            if (n > 1)
                ck_assert(!ct_merkle_verify_inclusion(many[m], (m + 1) % n, n, proof, len, root));
            /* a wrong sibling: each hash of the path changed in one bit */
            for (size_t i = 0; i < len; i++) {
                proof[i][i % CT_MERKLE_HASH_SIZE] ^= 0x01;
                ck_assert(!ct_merkle_verify_inclusion(many[m], m, n, proof, len, root));
                proof[i][i % CT_MERKLE_HASH_SIZE] ^= 0x01;
            }
            /* cut short, or one hash too many */
            if (len > 0)
                ck_assert(!ct_merkle_verify_inclusion(many[m], m, n, proof, len - 1, root));
            memcpy(proof[len], root, CT_MERKLE_HASH_SIZE);
            ck_assert(!ct_merkle_verify_inclusion(many[m], m, n, proof, len + 1, root));
            /* the same proof for a tree one leaf larger, with that tree's root (a
               size with another size's root is no checkpoint anyone signed:
               the signature binds the two) */
            ck_assert(ct_merkle_root(many, n + 1 <= MAX_LEAVES ? n + 1 : n - 1, other_root));
            ck_assert(!ct_merkle_verify_inclusion(many[m], m, n + 1, proof, len, other_root));
        }
        /* a proof of the left subtree, whose path is where the full one's
           begins, with that subtree's root, offered for the whole tree */
        uint64_t k = 1;
        while (k << 1 < n)
            k <<= 1;
        for (uint64_t m = 0; n > 1 && m < k; m++) {
            ct_merkle_hash left_root;
            ck_assert(ct_merkle_root(many, k, left_root));
            ck_assert(ct_merkle_inclusion_proof(many, k, m, proof, &len));
            ck_assert(ct_merkle_verify_inclusion(many[m], m, k, proof, len, left_root));
            ck_assert(!ct_merkle_verify_inclusion(many[m], m, n, proof, len, left_root));
        }
        /* an index at or past the size */
        ck_assert(!ct_merkle_inclusion_proof(many, n, n, proof, &len));
        ck_assert(!ct_merkle_verify_inclusion(many[0], n, n, proof, 0, root));
    }
}
END_TEST

START_TEST(a_leaf_cannot_pass_for_a_node)
{
    /* the two children of the root of two leaves, given as one leaf's data */
    ct_merkle_hash root, forged;
    unsigned char children[2 * CT_MERKLE_HASH_SIZE];

    many_leaves();
    ck_assert(ct_merkle_root(many, 2, root));
    memcpy(children, many[0], CT_MERKLE_HASH_SIZE);
    memcpy(children + CT_MERKLE_HASH_SIZE, many[1], CT_MERKLE_HASH_SIZE);
    ck_assert(ct_merkle_leaf_hash(children, sizeof children, forged));
    ck_assert(memcmp(forged, root, CT_MERKLE_HASH_SIZE) != 0);
    ck_assert(!ct_merkle_verify_inclusion(forged, 0, 1, NULL, 0, root));
}
END_TEST

START_TEST(every_consistency_proof_verifies_and_no_forgery_does)
{
    ct_merkle_hash proof[CT_MERKLE_PROOF_MAX], first, second, wrong;
    size_t len = 0;

    many_leaves();
    for (uint64_t n = 1; n <= MAX_LEAVES; n++) {
        ck_assert(ct_merkle_root(many, n, second));
        for (uint64_t m = 1; m <= n; m++) {
            ck_assert(ct_merkle_root(many, m, first));
            ck_assert(ct_merkle_consistency_proof(many, n, m, proof, &len));
            ck_assert_msg(ct_merkle_verify_consistency(m, n, first, second, proof, len),
                          "%llu to %llu", (unsigned long long)m, (unsigned long long)n);
            if (m == n) {
                ck_assert_uint_eq(len, 0);
                continue;
            }
            /* the roots swapped, or the sizes */
            ck_assert(!ct_merkle_verify_consistency(m, n, second, first, proof, len));
            ck_assert(!ct_merkle_verify_consistency(n, m, second, first, proof, len));
            /* a first tree whose earliest leaf was rewritten */
            ck_assert(ct_merkle_leaf_hash("rewritten", 9, wrong));
            ct_merkle_hash edited[MAX_LEAVES];
            memcpy(edited, many, sizeof edited);
            memcpy(edited[0], wrong, CT_MERKLE_HASH_SIZE);
            ck_assert(ct_merkle_root(edited, m, wrong));
            ck_assert(!ct_merkle_verify_consistency(m, n, wrong, second, proof, len));
            /* each hash changed in one bit, cut short, one too many, none */
            for (size_t i = 0; i < len; i++) {
                proof[i][0] ^= 0x80;
                ck_assert(!ct_merkle_verify_consistency(m, n, first, second, proof, len));
                proof[i][0] ^= 0x80;
            }
            ck_assert(!ct_merkle_verify_consistency(m, n, first, second, proof, len - 1));
            memcpy(proof[len], second, CT_MERKLE_HASH_SIZE);
            ck_assert(!ct_merkle_verify_consistency(m, n, first, second, proof, len + 1));
            ck_assert(!ct_merkle_verify_consistency(m, n, first, second, proof, 0));
            /* for another pair of sizes */
            if (n + 1 <= MAX_LEAVES) {
                ck_assert(ct_merkle_root(many, n + 1, wrong));
                ck_assert(!ct_merkle_verify_consistency(m, n + 1, first, wrong, proof, len));
            }
        }
    }
    /* a first tree of nothing proves nothing */
    ck_assert(!ct_merkle_consistency_proof(many, 4, 0, proof, &len));
    ck_assert(!ct_merkle_verify_consistency(0, 4, first, second, proof, 0));
}
END_TEST

/* Nodes the frontier reports, to compare with the complete subtrees. */
typedef struct reported { size_t n; unsigned level[256]; uint64_t index[256]; ct_merkle_hash hash[256]; } reported;

static void note_node(void *ctx, unsigned level, uint64_t index, const ct_merkle_hash hash)
{
    reported *r = ctx;
    ck_assert_uint_lt(r->n, 256);
    r->level[r->n] = level;
    r->index[r->n] = index;
    memcpy(r->hash[r->n++], hash, CT_MERKLE_HASH_SIZE);
}

/* The frontier (one leaf at a time, as the audit rebuilds a log) gives
   MTH at every size, and reports every complete subtree once, with the
   hash RFC 6962 gives it. */
START_TEST(a_tree_grown_leaf_by_leaf_has_the_same_roots_and_nodes)
{
    ct_merkle_frontier f = {0};
    reported r = {0};
    ct_merkle_hash a, b;

    many_leaves();
    ck_assert(ct_merkle_frontier_root(&f, a));
    ck_assert(ct_merkle_root(many, 0, b));
    ck_assert_mem_eq(a, b, CT_MERKLE_HASH_SIZE);
    for (uint64_t n = 1; n <= MAX_LEAVES; n++) {
        ck_assert(ct_merkle_frontier_push(&f, many[n - 1], note_node, &r));
        ck_assert(ct_merkle_frontier_root(&f, a));
        ck_assert(ct_merkle_root(many, n, b));
        ck_assert_mem_eq(a, b, CT_MERKLE_HASH_SIZE);
    }
    /* 40 leaves complete 20 + 10 + 5 + 2 + 1 interior nodes */
    ck_assert_uint_eq(r.n, 38);
    for (size_t i = 0; i < r.n; i++) {
        uint64_t width = UINT64_C(1) << r.level[i];
        ck_assert(ct_merkle_root(many + r.index[i] * width, width, b));
        ck_assert_mem_eq(r.hash[i], b, CT_MERKLE_HASH_SIZE);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merkle");
    TCase *tc = tcase_create("rfc6962");
    tcase_add_test(tc, tree_heads_are_rfc_6962s);
    tcase_add_test(tc, audit_paths_are_rfc_6962s);
    tcase_add_test(tc, every_inclusion_proof_verifies_and_no_forgery_does);
    tcase_add_test(tc, a_leaf_cannot_pass_for_a_node);
    tcase_add_test(tc, every_consistency_proof_verifies_and_no_forgery_does);
    tcase_add_test(tc, a_tree_grown_leaf_by_leaf_has_the_same_roots_and_nodes);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
