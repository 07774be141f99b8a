/*
 * textnorm.h -- the comparison form of a text, with a map back to the
 * code points it came from.
 *
 * An article's text and an editor's quote of it rarely agree to the code
 * point: the article has a no-break space where the quote has a space,
 * "й" decomposed into "и" + U+0306, a soft hyphen inside a word, «» where
 * the quote has "". Anchoring compares both in one normalised form and
 * then reports offsets in the text exactly as the host sent it. This
 * module owns that form:
 *
 *   - Unicode NFC, per extended grapheme cluster (UAX #29), computed by
 *     utf8proc: a cluster is the smallest piece that composition can
 *     change, so the code points of a cluster that NFC changed map back
 *     to the whole cluster; a cluster NFC left alone (an emoji ZWJ
 *     sequence, a letter with a mark already composed) maps code point
 *     by code point;
 *   - every White_Space character (space, NBSP, U+2000..U+200A, U+202F,
 *     U+205F, U+3000, tab, LF, CR, VT, FF, NEL, U+2028, U+2029) as one
 *     U+0020, a run of them as a single one;
 *   - format characters (general category Cf: soft hyphen, zero-width
 *     space and joiners, word joiner, BOM, bidi marks) dropped, and
 *     dropped before NFC: "и", U+00AD, U+0306 is "й" (a cluster spanning
 *     a dropped character maps back over it);
 *   - typographic quotation marks as '"' or '\'', dashes and the minus
 *     sign as '-' (the table is in textnorm.c).
 *
 * Case is kept: "Police" and "police" differ.
 *
 * For each normalised code point i, from[i] and to[i] give the original
 * code points [from[i], to[i]) it stands for, so a match [a, b) of the
 * normalised form covers the original [from[a], to[b - 1]). Characters
 * that were dropped at the edges of a match are outside the span;
 * dropped characters inside it are inside.
 */
#ifndef CT_TEXTNORM_H
#define CT_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct ct_textnorm {
    uint32_t *cps;      /* normalised code points, length entries       */
    size_t   *from;     /* original start of each, code points          */
    size_t   *to;       /* original end of each (exclusive)             */
    size_t    length;   /* normalised length                            */
} ct_textnorm;

/*
 * Normalise the code points original[0..original_length) into *out (which
 * the caller frees with ct_textnorm_free, also after a failure).
 * The input must be Unicode scalar values (decoders replace anything else
 * by U+FFFD). CT_ENOMEM when memory runs out. Time and memory are linear
 * in the input.
 */
ct_rc ct_textnorm_build(const uint32_t *original, size_t original_length,
                        ct_textnorm *out, ct_error *err);

/* Free what ct_textnorm_build allocated and zero *n; a zeroed *n is fine. */
void ct_textnorm_free(ct_textnorm *n);

#endif
