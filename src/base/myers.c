/*
 * myers.c -- bit-parallel edit distance over code points (see myers.h).
 *
 * This file owns the arithmetic; what a distance means for anchoring is
 * anchor.c's business.
 *
 * Representation. Column j of the edit-distance table D (rows = pattern
 * positions, columns = text positions) is kept as its vertical deltas
 * D[i][j] - D[i-1][j], each +1, 0 or -1, as two bit vectors per 64-row
 * block: P (the +1 rows) and M (the -1 rows). Reading one text code point
 * updates a block with a dozen word operations, given Eq, the rows where
 * the pattern has that code point. The horizontal delta at the top of a
 * block (hin) comes from the block above; at the top of the first block it
 * is 0 when a match may start anywhere (row 0 of D is all zeros) and +1
 * when the text's start is fixed (row 0 is 0, 1, 2, ...).
 *
 * Eq look-up. The pattern's distinct code points get an index: code
 * points below DIRECT_LIMIT (Latin, Greek, Cyrillic, Kazakh, Hebrew, ...)
 * through a flat table, the rest through an open-addressing hash table.
 * A code point that is not in the pattern has Eq = 0.
 *
 * The block step is Myers' Fig. 8 (as in Hyyrö's and Šošić's write-ups)
 * with the conditionals replaced by bit arithmetic; the search's
 * block cut-off is the paper's Fig. 9.
 */
#include "base/myers.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

#define WORD_BITS     64
#define DIRECT_LIMIT  0x800u
#define NO_INDEX      UINT32_MAX

struct ct_myers {
    size_t    length;        /* pattern length in code points                */
    bool      reversed;      /* rows hold the pattern backwards               */
    size_t    blocks;        /* ceil(length / 64)                            */
    uint64_t  last_row;      /* the bit of the pattern's last row in its block */
    uint32_t  distinct;      /* distinct code points                          */
    uint64_t *eq;            /* distinct x blocks: rows holding each code point */
    uint32_t  direct[DIRECT_LIMIT];   /* index of code points below the limit */
    uint32_t *hash_keys;     /* code points at or above the limit, or NO_INDEX */
    uint32_t *hash_index;
    size_t    hash_mask;
};

/* ---- the pattern's Eq vectors ---------------------------------------------- */

static size_t hash_slot(const ct_myers *p, uint32_t cp)
{
    return (size_t)((cp * 2654435761u) & p->hash_mask);
}

static uint32_t index_of(const ct_myers *p, uint32_t cp)
{
    if (cp < DIRECT_LIMIT)
        return p->direct[cp];
    for (size_t s = hash_slot(p, cp);; s = (s + 1) & p->hash_mask) {
        if (p->hash_keys[s] == cp)
            return p->hash_index[s];
        if (p->hash_keys[s] == NO_INDEX)
            return NO_INDEX;
    }
}

/* The index of cp, given one when new. */
static uint32_t intern(ct_myers *p, uint32_t cp)
{
    uint32_t *slot_index;

    if (cp < DIRECT_LIMIT) {
        slot_index = &p->direct[cp];
    } else {
        size_t s = hash_slot(p, cp);
        while (p->hash_keys[s] != NO_INDEX && p->hash_keys[s] != cp)
            s = (s + 1) & p->hash_mask;
        p->hash_keys[s] = cp;
        slot_index = &p->hash_index[s];
    }
    if (*slot_index == NO_INDEX)
        *slot_index = p->distinct++;
    return *slot_index;
}

ct_myers *ct_myers_new(const uint32_t *pattern, size_t length, bool reversed)
{
    ct_myers *p = calloc(1, sizeof *p);
    size_t slots = 16;

    if (p == NULL || length == 0)
        goto fail;
    while (slots < length * 2)
        slots *= 2;
    p->length = length;
    p->reversed = reversed;
    p->blocks = (length + WORD_BITS - 1) / WORD_BITS;
    p->last_row = (uint64_t)1 << ((length - 1) % WORD_BITS);
    p->hash_mask = slots - 1;
    p->hash_keys = malloc(slots * sizeof *p->hash_keys);
    p->hash_index = malloc(slots * sizeof *p->hash_index);
    p->eq = calloc(length * p->blocks, sizeof *p->eq);   /* distinct <= length */
    if (p->hash_keys == NULL || p->hash_index == NULL || p->eq == NULL)
        goto fail;
    memset(p->direct, 0xFF, sizeof p->direct);
    memset(p->hash_keys, 0xFF, slots * sizeof *p->hash_keys);
    memset(p->hash_index, 0xFF, slots * sizeof *p->hash_index);
    for (size_t row = 0; row < length; row++) {
        uint32_t cp = reversed ? pattern[length - 1 - row] : pattern[row];
        uint32_t index = intern(p, cp);
        p->eq[(size_t)index * p->blocks + row / WORD_BITS] |= (uint64_t)1 << (row % WORD_BITS);
    }
    return p;
fail:
    ct_myers_free(p);
    return NULL;
}

void ct_myers_free(ct_myers *p)
{
    if (p == NULL)
        return;
    free(p->eq);
    free(p->hash_keys);
    free(p->hash_index);
    free(p);
}

size_t ct_myers_length(const ct_myers *p)
{
    return p->length;
}

/* The Eq vectors (one word per block) of text code point cp, or NULL for none. */
static const uint64_t *eq_of(const ct_myers *p, uint32_t cp)
{
    uint32_t index = index_of(p, cp);
    return index == NO_INDEX ? NULL : p->eq + (size_t)index * p->blocks;
}

/* ---- one block of one column ------------------------------------------------ */

typedef struct column {
    uint64_t *pv, *mv;       /* vertical deltas per block  */
    long     *score;         /* D at the last row of each block */
} column;

/*
 * Advance block b over one text code point with Eq word eq and horizontal
 * input delta hin (-1, 0, +1); returns the horizontal delta at the block's
 * bottom row (last_row selects that row).
 */
static int advance_block(column *col, size_t b, uint64_t eq, int hin, uint64_t last_row)
{
    uint64_t pv = col->pv[b], mv = col->mv[b];
    uint64_t hin_negative = hin < 0 ? 1u : 0u, hin_positive = hin > 0 ? 1u : 0u;

    eq |= hin_negative;
    uint64_t xv = eq | mv;
    uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    uint64_t ph = mv | ~(xh | pv);
    uint64_t mh = pv & xh;
    int hout = ((ph & last_row) != 0) - ((mh & last_row) != 0);

    ph = (ph << 1) | hin_positive;
    mh = (mh << 1) | hin_negative;
    col->pv[b] = mh | ~(xv | ph);
    col->mv[b] = ph & xv;
    return hout;
}

static uint64_t block_last_row(const ct_myers *p, size_t b)
{
    return b + 1 == p->blocks ? p->last_row : (uint64_t)1 << (WORD_BITS - 1);
}

static long block_height(const ct_myers *p, size_t b)
{
    return b + 1 == p->blocks ? (long)(p->length - b * WORD_BITS) : WORD_BITS;
}

static bool column_new(column *col, size_t blocks)
{
    col->pv = malloc(blocks * sizeof *col->pv);
    col->mv = malloc(blocks * sizeof *col->mv);
    col->score = malloc(blocks * sizeof *col->score);
    if (col->pv != NULL && col->mv != NULL && col->score != NULL)
        return true;
    ct_oom_note();          /* "no match" would be a lie: error.h's latch */
    return false;
}

static void column_free(column *col)
{
    free(col->pv);
    free(col->mv);
    free(col->score);
}

/* ---- search ------------------------------------------------------------------ */

void ct_myers_search(const ct_myers *p, const uint32_t *text, size_t length,
                     unsigned k, ct_myers_hit_fn hit, void *ctx)
{
    column col;
    size_t last = p->blocks - 1;
    size_t y;                               /* last block computed for this column */
    long limit = (long)(k < p->length ? k : p->length);

    if (!column_new(&col, p->blocks))
        goto out;
    y = limit > 0 ? (size_t)((limit + WORD_BITS - 1) / WORD_BITS) - 1 : 0;
    if (y > last)
        y = last;
    for (size_t b = 0; b <= y; b++) {
        col.pv[b] = ~(uint64_t)0;
        col.mv[b] = 0;
        col.score[b] = (long)(b * WORD_BITS) + block_height(p, b);
    }
    for (size_t j = 0; j < length; j++) {
        const uint64_t *eq = eq_of(p, text[j]);
        int carry = 0;

        for (size_t b = 0; b <= y; b++) {
            carry = advance_block(&col, b, eq ? eq[b] : 0, carry, block_last_row(p, b));
            col.score[b] += carry;
        }
        if (y < last && col.score[y] - carry <= limit &&
            ((eq && (eq[y + 1] & 1)) || carry < 0)) {
            /* The block below may come within k: start computing it. */
            y++;
            col.pv[y] = ~(uint64_t)0;
            col.mv[y] = 0;
            col.score[y] = col.score[y - 1] + block_height(p, y) - carry +
                           advance_block(&col, y, eq ? eq[y] : 0, carry, block_last_row(p, y));
        } else {
            while (y > 0 && col.score[y] >= limit + WORD_BITS)
                y--;
        }
        if (y == last && col.score[y] <= limit && !hit(j + 1, (unsigned)col.score[y], ctx))
            break;
    }
out:
    column_free(&col);
}

/* ---- anchored distance -------------------------------------------------------- */

unsigned ct_myers_anchored(const ct_myers *p, const uint32_t *text, size_t at,
                           size_t window, size_t *best_length)
{
    column col;
    long score = (long)p->length, best = score;   /* L = 0: every row deleted */
    size_t best_at = 0;

    if (!column_new(&col, p->blocks))
        goto out;                           /* out of memory: the worst distance */
    for (size_t b = 0; b < p->blocks; b++) {
        col.pv[b] = ~(uint64_t)0;
        col.mv[b] = 0;
    }
    for (size_t l = 1; l <= window; l++) {
        /* A reversed pattern is matched against the text read backwards. */
        uint32_t cp = p->reversed ? text[at - l] : text[at + l - 1];
        const uint64_t *eq = eq_of(p, cp);
        int carry = 1;

        for (size_t b = 0; b < p->blocks; b++)
            carry = advance_block(&col, b, eq ? eq[b] : 0, carry, block_last_row(p, b));
        score += carry;
        if (score <= best) {
            best = score;
            best_at = l;
        }
    }
out:
    column_free(&col);
    if (best_length)
        *best_length = best_at;
    return (unsigned)best;
}
