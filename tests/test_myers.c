/*
 * test_myers.c -- src/base/myers.c: Myers' bit-parallel edit distance against
 * the plain dynamic-programming table, on random strings over small
 * alphabets (so that there are many near matches), patterns of 1 to 300
 * code points (one to five 64-row blocks, so block boundaries and the
 * search's block cut-off are crossed), every k from 0 to the pattern
 * length, code points above the flat look-up table, and reversed
 * patterns read backwards. Pure functions: no database.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "myers.h"

#define MAX_LEN 320

/* A small deterministic generator, so that a failure can be replayed. */
static unsigned long long rng_state;

static unsigned next_random(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng_state >> 33);
}

/* alphabet symbols, some of them above U+0800 to use the hash table */
static uint32_t symbol(unsigned alphabet)
{
    static const uint32_t symbols[] = {'a', 'b', 0x0436, 0x1F600, 'c', 0x4E2D, 'd', 0x10FFFF};
    return symbols[next_random() % alphabet];
}

/* D[m][j] of the plain table: whole pattern against text ending at j, start free. */
static void plain_search(const uint32_t *p, size_t m, const uint32_t *t, size_t n, unsigned *last_row)
{
    unsigned prev[MAX_LEN + 1], row[MAX_LEN + 1];
    for (size_t i = 0; i <= m; i++)
        prev[i] = (unsigned)i;
    last_row[0] = (unsigned)m;
    for (size_t j = 1; j <= n; j++) {
        row[0] = 0;
        for (size_t i = 1; i <= m; i++) {
            unsigned best = prev[i - 1] + (p[i - 1] != t[j - 1]);
            if (prev[i] + 1 < best)
                best = prev[i] + 1;
            if (row[i - 1] + 1 < best)
                best = row[i - 1] + 1;
            row[i] = best;
        }
        memcpy(prev, row, sizeof row);
        last_row[j] = row[m];
    }
}

/* min over L of the distance of p to t[0..L), and the longest such L. */
static unsigned plain_anchored(const uint32_t *p, size_t m, const uint32_t *t, size_t n, size_t *best_l)
{
    unsigned prev[MAX_LEN + 1], row[MAX_LEN + 1], best = (unsigned)m;
    for (size_t j = 0; j <= n; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= m; i++) {
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= n; j++) {
            unsigned d = prev[j - 1] + (p[i - 1] != t[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (row[j - 1] + 1 < d)
                d = row[j - 1] + 1;
            row[j] = d;
        }
        memcpy(prev, row, sizeof row);
    }
    *best_l = 0;
    for (size_t j = 0; j <= n; j++)
        if (prev[j] <= best) {
            best = prev[j];
            *best_l = j;
        }
    return best;
}

typedef struct hits {
    unsigned errors[MAX_LEN + 1];   /* errors + 1 at each end reported, 0 elsewhere */
    size_t   count;
} hits;

static bool record_hit(size_t end, unsigned errors, void *ctx)
{
    hits *h = ctx;
    h->errors[end] = errors + 1;
    h->count++;
    return true;
}

static void random_string(uint32_t *s, size_t n, unsigned alphabet)
{
    for (size_t i = 0; i < n; i++)
        s[i] = symbol(alphabet);
}

START_TEST(search_reports_every_end_within_k)
{
    uint32_t p[MAX_LEN], t[MAX_LEN];
    unsigned expected[MAX_LEN + 1];

    rng_state = 1000 + (unsigned long long)_i;
    for (int trial = 0; trial < 40; trial++) {
        size_t m = 1 + next_random() % (trial % 4 == 0 ? 300 : 80);
        size_t n = next_random() % MAX_LEN;
        unsigned alphabet = 2 + next_random() % 6;
        random_string(p, m, alphabet);
        random_string(t, n, alphabet);
        /* plant a copy of the pattern with a few edits, so that matches exist */
        if (n > m && trial % 2 == 0) {
            size_t at = next_random() % (n - m);
            memcpy(t + at, p, m * sizeof *p);
            for (int e = 0; e < 3; e++)
                t[at + next_random() % m] = symbol(alphabet);
        }
        unsigned k = next_random() % (unsigned)(m + 1);
        ct_myers *compiled = ct_myers_new(p, m, false);
        hits got = {{0}, 0};

        ck_assert_ptr_nonnull(compiled);
        plain_search(p, m, t, n, expected);
        ct_myers_search(compiled, t, n, k, record_hit, &got);
        for (size_t end = 1; end <= n; end++) {
            unsigned want = expected[end] <= k ? expected[end] + 1 : 0;
            ck_assert_msg(got.errors[end] == want,
                          "m=%zu n=%zu k=%u end=%zu: reported %u, table %u",
                          m, n, k, end, got.errors[end], expected[end]);
        }
        ct_myers_free(compiled);
    }
}
END_TEST

START_TEST(anchored_distance_forwards_and_backwards)
{
    uint32_t p[MAX_LEN], t[MAX_LEN], p_rev[MAX_LEN], t_rev[MAX_LEN];

    rng_state = 2000 + (unsigned long long)_i;
    for (int trial = 0; trial < 60; trial++) {
        size_t m = 1 + next_random() % 200, n = next_random() % 260, want_l, got_l;
        unsigned alphabet = 2 + next_random() % 6;
        random_string(p, m, alphabet);
        random_string(t, n, alphabet);
        for (size_t i = 0; i < m; i++)
            p_rev[i] = p[m - 1 - i];
        for (size_t i = 0; i < n; i++)
            t_rev[i] = t[n - 1 - i];

        ct_myers *fwd = ct_myers_new(p, m, false), *rev = ct_myers_new(p, m, true);
        ck_assert_ptr_nonnull(fwd);
        ck_assert_ptr_nonnull(rev);
        unsigned want = plain_anchored(p, m, t, n, &want_l);
        ck_assert_uint_eq(ct_myers_anchored(fwd, t, 0, n, &got_l), want);
        ck_assert_uint_eq(got_l, want_l);
        /* the reversed pattern read backwards from n is the reversed problem */
        want = plain_anchored(p_rev, m, t_rev, n, &want_l);
        ck_assert_uint_eq(ct_myers_anchored(rev, t, n, n, &got_l), want);
        ck_assert_uint_eq(got_l, want_l);
        ct_myers_free(fwd);
        ct_myers_free(rev);
    }
}
END_TEST

START_TEST(known_distances)
{
    /* "kitten" / "sitting": 3; the whole of "sitting" is needed */
    const uint32_t kitten[] = {'k', 'i', 't', 't', 'e', 'n'};
    const uint32_t sitting[] = {'s', 'i', 't', 't', 'i', 'n', 'g'};
    ct_myers *p = ct_myers_new(kitten, 6, false);
    size_t l;

    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(ct_myers_length(p), 6);
    /* best over prefixes of "sitting": "sittin" costs 2 */
    ck_assert_uint_eq(ct_myers_anchored(p, sitting, 0, 7, &l), 2);
    ck_assert_uint_eq(l, 6);
    /* an empty window: every pattern code point deleted */
    ck_assert_uint_eq(ct_myers_anchored(p, sitting, 0, 0, &l), 6);
    ck_assert_uint_eq(l, 0);
    ct_myers_free(p);
    ct_myers_free(NULL);
    ck_assert_ptr_null(ct_myers_new(kitten, 0, false));
}
END_TEST

START_TEST(search_stops_when_asked)
{
    const uint32_t a[] = {'a'}, text[] = {'a', 'a', 'a', 'a'};
    ct_myers *p = ct_myers_new(a, 1, false);
    hits got = {{0}, 0};

    ct_myers_search(p, text, 4, 0, record_hit, &got);
    ck_assert_uint_eq(got.count, 4);
    ct_myers_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("myers");
    TCase *tc = tcase_create("against the table");
    tcase_add_loop_test(tc, search_reports_every_end_within_k, 0, 10);
    tcase_add_loop_test(tc, anchored_distance_forwards_and_backwards, 0, 10);
    tcase_add_test(tc, known_distances);
    tcase_add_test(tc, search_stops_when_asked);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
