/*
 * textnorm.c -- the comparison form of a text (see textnorm.h).
 *
 * This file owns what "the same text" means to anchoring. It walks the
 * original code points once, cluster by cluster:
 *
 *  - Extended grapheme clusters come from utf8proc's UAX #29 rules. NFC
 *    never composes across a cluster boundary in real text (a combining
 *    mark, a Hangul jamo, a virama sequence all stay inside their
 *    cluster), so normalising cluster by cluster gives NFC of the whole
 *    while every output code point still knows which original code points
 *    it stands for.
 *  - A cluster of one code point that canonical decomposition leaves alone
 *    is already NFC: that is almost every character of a news article, and
 *    it costs one table look-up. Other clusters are encoded to UTF-8 in a
 *    buffer on the stack, decomposed and reordered by utf8proc_decompose
 *    and composed by utf8proc_normalize_utf32; nothing is allocated per
 *    cluster unless a cluster is absurdly long (stacked combining marks).
 *  - Format characters (general category Cf) are taken out first, before
 *    clusters are cut: a soft hyphen or a zero-width space between a
 *    letter and its combining mark ("e", U+00AD, U+0301) is a cluster
 *    boundary of its own (UAX #29 counts Cf as Control), so left in it
 *    would keep NFC from composing the two, and "é" typed with a hidden
 *    soft hyphen would differ from "é". The comparison form drops Cf
 *    anyway; dropping it first makes the form NFC of the text without
 *    them. The code points that stay keep their original offsets, so a
 *    cluster that spans a dropped one maps back over it.
 *  - The folding of whitespace, quotation marks and dashes is applied to
 *    the NFC code points, so a composed character can never be mistaken
 *    for one of them.
 *
 * The output arrays grow geometrically; NFC of a cluster can be longer
 * than the cluster (U+0344 becomes two code points), so no bound is
 * assumed.
 */
#include "base/textnorm.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Code points of one cluster handled without the heap. */
#define CLUSTER_STACK_CPS 64

/* What a normalised code point becomes in the comparison form. */
enum fold { FOLD_KEEP, FOLD_SPACE, FOLD_DROP };

/* ---- the folding tables --------------------------------------------------- */

static bool is_white_space(uint32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* Typographic quotation marks and dashes as their plain forms; else cp. */
static uint32_t plain_form(uint32_t cp)
{
    switch (cp) {
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x2036: case 0x301D: case 0x301E: case 0x301F: case 0xFF02:
        return '"';
    case 0x02BC: case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x2039: case 0x203A: case 0xFF07:
        return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return '-';
    default:
        return cp;
    }
}

static enum fold fold_of(uint32_t cp)
{
    if (is_white_space(cp))
        return FOLD_SPACE;
    if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CF)
        return FOLD_DROP;
    return FOLD_KEEP;
}

/* ---- the output ------------------------------------------------------------ */

typedef struct builder {
    ct_textnorm *out;
    size_t       capacity;
    bool         failed;
} builder;

static bool grow(builder *b)
{
    size_t capacity = b->capacity ? b->capacity * 2 : 64;
    uint32_t *cps = realloc(b->out->cps, capacity * sizeof *cps);
    if (cps != NULL)
        b->out->cps = cps;
    size_t *from = realloc(b->out->from, capacity * sizeof *from);
    if (from != NULL)
        b->out->from = from;
    size_t *to = realloc(b->out->to, capacity * sizeof *to);
    if (to != NULL)
        b->out->to = to;
    if (cps == NULL || from == NULL || to == NULL)
        return false;
    b->capacity = capacity;
    return true;
}

/* Append the comparison form of cp, which stands for original [from, to). */
static void emit(builder *b, uint32_t cp, size_t from, size_t to)
{
    ct_textnorm *n = b->out;
    enum fold fold = fold_of(cp);

    if (b->failed || fold == FOLD_DROP)
        return;
    if (fold == FOLD_SPACE && n->length > 0 && n->cps[n->length - 1] == ' ') {
        n->to[n->length - 1] = to;          /* a run of whitespace is one space */
        return;
    }
    if (n->length == b->capacity && !grow(b)) {
        b->failed = true;
        return;
    }
    n->cps[n->length] = fold == FOLD_SPACE ? ' ' : plain_form(cp);
    n->from[n->length] = from;
    n->to[n->length] = to;
    n->length++;
}

/* ---- NFC of one cluster ---------------------------------------------------- */

static uint32_t scalar(uint32_t cp)
{
    return (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ? 0xFFFD : cp;
}

/* True when cp alone is already in NFC (no canonical decomposition). */
static bool stable_alone(uint32_t cp)
{
    utf8proc_int32_t parts[4];
    if (cp < 0xC0)
        return true;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, parts, 4,
                                                 UTF8PROC_DECOMPOSE, NULL);
    return n == 1 && parts[0] == (utf8proc_int32_t)cp;
}

/*
 * NFC of cluster[0..count) into nfc (capacity cap); returns the length, or
 * the capacity needed when larger than cap, or -1 on a utf8proc error.
 */
static utf8proc_ssize_t nfc_into(const uint32_t *cluster, size_t count,
                                 utf8proc_int32_t *nfc, utf8proc_ssize_t cap,
                                 utf8proc_uint8_t *utf8)
{
    utf8proc_ssize_t bytes = 0;
    for (size_t i = 0; i < count; i++)
        bytes += utf8proc_encode_char((utf8proc_int32_t)scalar(cluster[i]), utf8 + bytes);
    utf8proc_ssize_t n = utf8proc_decompose(utf8, bytes, nfc, cap,
                                            UTF8PROC_DECOMPOSE | UTF8PROC_STABLE);
    if (n < 0)
        return -1;
    if (n > cap)
        return n;
    return utf8proc_normalize_utf32(nfc, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
}

/* True when the NFC of cluster[0..count) is the cluster itself. */
static bool already_nfc(const uint32_t *cluster, size_t count,
                        const utf8proc_int32_t *nfc, utf8proc_ssize_t n)
{
    if ((size_t)n != count)
        return false;
    for (size_t i = 0; i < count; i++)
        if ((uint32_t)nfc[i] != scalar(cluster[i]))
            return false;
    return true;
}

/*
 * The text without its format characters: cps[i] (a scalar value) is the
 * original code point at[i].
 */
typedef struct kept_text {
    uint32_t *cps;
    size_t   *at;
    size_t    length;
} kept_text;

/* Emit the NFC of the cluster kept->cps[from, to). */
static void emit_cluster(builder *b, const kept_text *kept, size_t from, size_t to)
{
    const uint32_t *cluster = kept->cps + from;
    size_t start = kept->at[from], end = kept->at[to - 1] + 1;
    utf8proc_int32_t stack_nfc[CLUSTER_STACK_CPS * 4];
    utf8proc_uint8_t stack_utf8[CLUSTER_STACK_CPS * 4];
    utf8proc_int32_t *nfc = stack_nfc;
    utf8proc_uint8_t *utf8 = stack_utf8;
    size_t count = to - from;
    utf8proc_ssize_t cap = CLUSTER_STACK_CPS * 4, n;

    if (count == 1 && stable_alone(cluster[0])) {
        emit(b, cluster[0], start, end);
        return;
    }
    if (count > CLUSTER_STACK_CPS) {
        cap = (utf8proc_ssize_t)count * 4;
        nfc = malloc((size_t)cap * sizeof *nfc);
        utf8 = malloc(count * 4);
        if (nfc == NULL || utf8 == NULL) {
            b->failed = true;
            goto out;
        }
    }
    n = nfc_into(cluster, count, nfc, cap, utf8);
    if (n < 0 || n > cap) {
        /* Not normalisable here (cannot happen for scalar values): compare as sent. */
        for (size_t i = from; i < to; i++)
            emit(b, kept->cps[i], start, end);
        goto out;
    }
    if (already_nfc(cluster, count, nfc, n)) {
        /* Nothing composed: each code point stands for itself, so a quote of
         * one emoji of a ZWJ sequence maps back to that emoji alone. */
        for (size_t i = from; i < to; i++)
            emit(b, kept->cps[i], kept->at[i], kept->at[i] + 1);
        goto out;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++)
        emit(b, (uint32_t)nfc[i], start, end);
out:
    if (nfc != stack_nfc)
        free(nfc);
    if (utf8 != stack_utf8)
        free(utf8);
}

/* ---- the whole text --------------------------------------------------------- */

/* original[0..length) without its format characters, into *kept (false
   when memory runs out). */
static bool keep_all_but_format(const uint32_t *original, size_t length, kept_text *kept)
{
    kept->length = 0;
    kept->cps = malloc((length ? length : 1) * sizeof *kept->cps);
    kept->at = malloc((length ? length : 1) * sizeof *kept->at);
    if (kept->cps == NULL || kept->at == NULL)
        return false;
    for (size_t i = 0; i < length; i++) {
        uint32_t cp = scalar(original[i]);
        if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CF)
            continue;
        kept->cps[kept->length] = cp;
        kept->at[kept->length++] = i;
    }
    return true;
}

ct_rc ct_textnorm_build(const uint32_t *original, size_t original_length,
                        ct_textnorm *out, ct_error *err)
{
    builder b = {out, 0, false};
    kept_text kept = {NULL, NULL, 0};
    utf8proc_int32_t state = 0;
    size_t start = 0;

    memset(out, 0, sizeof *out);
    if (!grow(&b) || !keep_all_but_format(original, original_length, &kept))
        b.failed = true;
    for (size_t i = 1; !b.failed && i <= kept.length; i++) {
        if (i < kept.length &&
            !utf8proc_grapheme_break_stateful((utf8proc_int32_t)kept.cps[i - 1],
                                              (utf8proc_int32_t)kept.cps[i], &state))
            continue;
        emit_cluster(&b, &kept, start, i);
        start = i;
        state = 0;
    }
    free(kept.cps);
    free(kept.at);
    if (b.failed)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL,
                       "out of memory normalising %zu code points", original_length);
    return CT_OK;
}

void ct_textnorm_free(ct_textnorm *n)
{
    free(n->cps);
    free(n->from);
    free(n->to);
    memset(n, 0, sizeof *n);
}
