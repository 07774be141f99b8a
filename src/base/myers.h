/*
 * myers.h -- edit distance by Myers' bit-parallel algorithm, over code
 * points.
 *
 * Anchoring asks two questions of a pattern (a quote, a prefix, a
 * suffix) many times:
 *
 *   search:   where in a text does the whole pattern occur with at most k
 *             insertions, deletions or substitutions? (approximate string
 *             matching: the match may start and end anywhere)
 *   anchored: how close does the pattern come to the text that starts at
 *             a given place, read forwards or backwards? (the text's end
 *             is free, its start is fixed)
 *
 * Both are Myers' algorithm ("A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming", J. ACM 46(3), 1999) with
 * the pattern cut into 64-row blocks (section 4 of the paper). The search
 * computes only the blocks that can still be within k (Ukkonen's cut-off),
 * so its cost is about text length x (k / 64 + 1) words.
 *
 * A compiled pattern (ct_myers) is immutable and can be used by one
 * thread at a time for any number of texts.
 */
#ifndef CT_MYERS_H
#define CT_MYERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ct_myers ct_myers;

/*
 * Compile pattern[0..length) (length >= 1), read backwards when reversed
 * is true. NULL when out of memory. Memory: O(length x distinct code
 * points / 64) words.
 */
ct_myers *ct_myers_new(const uint32_t *pattern, size_t length, bool reversed);

void ct_myers_free(ct_myers *p);

/* The pattern's length in code points. */
size_t ct_myers_length(const ct_myers *p);

/*
 * Called for every end of an approximate occurrence: the best alignment
 * of the whole pattern with a piece of text ending just before text
 * offset `end` costs `errors` (<= k). Return false to stop the search.
 */
typedef bool (*ct_myers_hit_fn)(size_t end, unsigned errors, void *ctx);

/* Approximate search of text[0..length) for a pattern compiled forwards. */
void ct_myers_search(const ct_myers *p, const uint32_t *text, size_t length,
                     unsigned k, ct_myers_hit_fn hit, void *ctx);

/*
 * Anchored distance: the fewest errors aligning the whole pattern with the
 * first L code points of the text read from `at`, over every L in
 * 0..window, where the text is read forwards (text[at], text[at + 1], ...)
 * for a pattern compiled forwards and backwards (text[at - 1],
 * text[at - 2], ...) for one compiled reversed. The window must stay
 * inside the text. *best_length (may be NULL) gets the longest L that
 * reaches that distance.
 */
unsigned ct_myers_anchored(const ct_myers *p, const uint32_t *text, size_t at,
                           size_t window, size_t *best_length);

#endif
