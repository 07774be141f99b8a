/*
 * anchor.h -- re-anchoring a quoted passage in the current text of an
 * article after the article was edited.
 *
 * A mention of a claim remembers where the article repeats it as a W3C
 * TextQuoteSelector (the exact quote with some text before and after it)
 * plus a TextPositionSelector (start and end from the last anchoring).
 * Editors keep changing articles, so the stored position goes stale; this
 * module finds the passage again, or says plainly that it is gone.
 *
 * All offsets count Unicode code points (not bytes, not UTF-16 units),
 * start inclusive, end exclusive, as the W3C selectors do. The article
 * text is decoded into code points once (ct_anchor_text_new) so that many
 * quotes can be anchored in it without decoding it again.
 *
 * Strategies, tried in this order (the order is part of the contract):
 *   1. the exact quote where the prefix is immediately before it and the
 *      suffix immediately after (when given), or the only occurrence of
 *      the quote                                           -> EXACT
 *   2. the text at the position hint is exactly the quote   -> POSITION
 *   3. the quote occurs several times: the occurrence whose context
 *      matches best, then the one nearest the hint         -> CONTEXT
 *   4. a match with at most k = min(quote length / 5, 64) edit errors
 *      (quotes under 5 code points are never matched approximately):
 *      fewest errors, then best context, then nearest the hint, then
 *      the span closest to the quote's length              -> APPROXIMATE
 *   5. nothing                                             -> ORPHANED
 *
 * The approximate search is bounded in time: when text length x quote
 * length exceeds 50,000,000 only a window of the text around the hint
 * (or at the start of the text when there is no hint) is searched, sized
 * so that the product stays within that bound.
 */
#ifndef CT_ANCHOR_H
#define CT_ANCHOR_H

#include <stddef.h>

#include "error.h"

/* An article text decoded once into code points. */
typedef struct ct_anchor_text ct_anchor_text;

/*
 * Decode text[0..len) (valid UTF-8, typically up to 1 MiB) into *out.
 * text may be NULL when len is 0. CT_ENOMEM when memory runs out. Bytes
 * that are not valid UTF-8 are read as U+FFFD, one per byte, never past
 * len.
 */
ct_rc ct_anchor_text_new(const char *text, size_t len, ct_anchor_text **out, ct_error *err);

/* Free doc; NULL is allowed. */
void ct_anchor_text_free(ct_anchor_text *doc);

/* The length of doc in code points. */
size_t ct_anchor_text_length(const ct_anchor_text *doc);

typedef struct ct_anchor_selector {
    const char *exact;     /* required, non-empty UTF-8                              */
    const char *prefix;    /* may be NULL or "": text just before the quote          */
    const char *suffix;    /* may be NULL or "": text just after                     */
    long        start;     /* position hint from the last anchoring, -1 when unknown */
    long        end;
} ct_anchor_selector;

typedef enum ct_anchor_how {
    CT_ANCHOR_EXACT,        /* exact quote found with its prefix and suffix context (or the only occurrence) */
    CT_ANCHOR_POSITION,     /* the text at the position hint is exactly the quote */
    CT_ANCHOR_CONTEXT,      /* exact quote found several times; chosen by context and distance */
    CT_ANCHOR_APPROXIMATE,  /* found with a bounded number of errors */
    CT_ANCHOR_ORPHANED      /* not found */
} ct_anchor_how;

typedef struct ct_anchor_result {
    ct_anchor_how how;
    long   start, end;      /* code points; -1 when orphaned                   */
    int    errors;          /* edit distance of the quote for APPROXIMATE, else 0 */
} ct_anchor_result;

/*
 * Find sel in doc and fill *out. Never fails for valid input except
 * CT_ENOMEM (memory is O(quote + prefix + suffix length)). Invalid input
 * is CT_EINVALID: a NULL doc, sel or out ("invalid_value"), a NULL or
 * empty sel->exact ("empty", field "exact"); out, when given, then says
 * orphaned.
 * The context score of an occurrence is the number of code points of the
 * prefix that match going backwards from its start plus those of the
 * suffix that match going forwards from its end.
 */
ct_rc ct_anchor_find(const ct_anchor_text *doc, const ct_anchor_selector *sel,
                     ct_anchor_result *out, ct_error *err);

/* "exact", "position", "context", "approximate", "orphaned"; never NULL. */
const char *ct_anchor_how_name(ct_anchor_how how);

#endif
