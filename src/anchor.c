/*
 * anchor.c -- finding a quote again in an edited article (see anchor.h).
 *
 * This file owns the decoded article text and the search strategies. It is
 * pure C with no dependencies, so it is unit-tested on its own and can run
 * on a request thread: nothing is shared, nothing is static but tables.
 *
 * Why it is built this way:
 *  - The text is decoded into an array of code points once, with one
 *    allocation, so every offset is a plain index and the W3C selectors'
 *    code-point positions need no byte bookkeeping.
 *  - The exact quote is searched with Knuth-Morris-Pratt: one pass over the
 *    text whatever the quote ("aaaa..." cannot make it quadratic), and
 *    every occurrence is scored by its context as it is found, so no list
 *    of occurrences is kept.
 *  - The approximate search is Sellers' algorithm: the edit-distance table
 *    of the quote against the text with row 0 all zeros, so a match may
 *    start anywhere. One column of costs is kept, and next to each cost the
 *    text index where that alignment started, so the start of a match comes
 *    out with its end and no second pass is needed. Ukkonen's cut-off
 *    computes only the rows whose cost can still be within k, which makes
 *    the usual case about text length x k rather than text length x quote
 *    length. Memory is O(quote length); there is no recursion and no
 *    allocation per code point.
 *  - Time is bounded: when text length x quote length exceeds DP_BUDGET
 *    (50,000,000 cells) only a window of DP_BUDGET / quote length code
 *    points is searched, centred on the hint, or at the start of the text
 *    when there is no hint. A quote so long that even a window of its own
 *    length plus k would break the bound is not searched approximately.
 */
#include "anchor.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Most cells of the approximate-search table computed for one quote. */
#define DP_BUDGET ((size_t)50000000)

/* Most errors allowed in an approximate match, and the quote length per error. */
#define MAX_ERRORS      64
#define CHARS_PER_ERROR 5

struct ct_anchor_text {
    size_t    length;   /* in code points          */
    uint32_t *cps;      /* length code points (at least one slot allocated) */
};

/* A decoded string of the selector. */
typedef struct cp_string {
    uint32_t *cps;
    size_t    length;
} cp_string;

/* Everything one search looks at. */
typedef struct query {
    const uint32_t *text;
    size_t          text_length;
    cp_string       quote, prefix, suffix;
    bool            has_hint;
    size_t          hint;      /* start of the last anchoring, when has_hint */
} query;

/* A place where the quote (or something close to it) was found. */
typedef struct candidate {
    size_t   start, end;
    unsigned errors;
    size_t   context;     /* context score: matching prefix + suffix code points */
    size_t   distance;    /* from the hint; 0 when there is none                 */
    size_t   length_gap;  /* |span length - quote length|                        */
} candidate;

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decode one code point from p[0..avail), avail > 0; returns bytes used. */
static size_t utf8_next(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char lead = p[0];
    size_t need;
    uint32_t value;

    if (lead < 0x80) {
        *cp = lead;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1; value = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2; value = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3; value = lead & 0x07u;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (avail <= need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (p[k] & 0x3Fu);
    }
    *cp = value;
    return need + 1;
}

/* Decode s[0..len) into a new array (one slot at least); NULL when out of memory. */
static uint32_t *decode(const char *s, size_t len, size_t *length)
{
    const unsigned char *bytes = (const unsigned char *)s;
    size_t count = 0, i = 0;
    uint32_t cp;

    while (i < len) {
        i += utf8_next(bytes + i, len - i, &cp);
        count++;
    }
    if (count > SIZE_MAX / sizeof(uint32_t) - 1)
        return NULL;
    uint32_t *cps = malloc((count ? count : 1) * sizeof *cps);
    if (cps == NULL)
        return NULL;
    for (size_t n = 0, at = 0; at < len; n++)
        at += utf8_next(bytes + at, len - at, &cps[n]);
    *length = count;
    return cps;
}

/* Decode a NUL-terminated selector string; NULL s is the empty string. */
static bool decode_string(const char *s, cp_string *out)
{
    size_t len = 0;
    while (s && s[len])
        len++;
    out->length = 0;
    out->cps = decode(s ? s : "", len, &out->length);
    return out->cps != NULL;
}

/* ---- the decoded text -------------------------------------------------- */

ct_rc ct_anchor_text_new(const char *text, size_t len, ct_anchor_text **out, ct_error *err)
{
    ct_anchor_text *doc = NULL;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (text == NULL && len > 0)
        return ct_fail(err, CT_EINVALID, "empty", "text", "no text to anchor in");
    doc = malloc(sizeof *doc);
    if (doc == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    doc->length = 0;
    doc->cps = decode(text ? text : "", len, &doc->length);
    if (doc->cps == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL,
                     "out of memory decoding a text of %zu bytes", len);
        goto out;
    }
    *out = doc;
    doc = NULL;
out:
    ct_anchor_text_free(doc);
    return rc;
}

void ct_anchor_text_free(ct_anchor_text *doc)
{
    if (doc == NULL)
        return;
    free(doc->cps);
    free(doc);
}

size_t ct_anchor_text_length(const ct_anchor_text *doc)
{
    return doc ? doc->length : 0;
}

const char *ct_anchor_how_name(ct_anchor_how how)
{
    switch (how) {
    case CT_ANCHOR_EXACT:       return "exact";
    case CT_ANCHOR_POSITION:    return "position";
    case CT_ANCHOR_CONTEXT:     return "context";
    case CT_ANCHOR_APPROXIMATE: return "approximate";
    case CT_ANCHOR_ORPHANED:    return "orphaned";
    }
    return "orphaned";
}

/* ---- scoring ----------------------------------------------------------- */

/* Prefix code points matching backwards from start, plus suffix code
   points matching forwards from end. */
static size_t context_score(const query *q, size_t start, size_t end)
{
    size_t before = 0, after = 0;

    while (before < q->prefix.length && before < start &&
           q->text[start - 1 - before] == q->prefix.cps[q->prefix.length - 1 - before])
        before++;
    while (after < q->suffix.length && end + after < q->text_length &&
           q->text[end + after] == q->suffix.cps[after])
        after++;
    return before + after;
}

static size_t full_context(const query *q)
{
    return q->prefix.length + q->suffix.length;
}

static size_t hint_distance(const query *q, size_t start)
{
    if (!q->has_hint)
        return 0;
    return start > q->hint ? start - q->hint : q->hint - start;
}

static candidate make_candidate(const query *q, size_t start, size_t end, unsigned errors)
{
    size_t span = end - start;
    candidate c = {
        .start = start, .end = end, .errors = errors,
        .context = context_score(q, start, end),
        .distance = hint_distance(q, start),
        .length_gap = span > q->quote.length ? span - q->quote.length : q->quote.length - span,
    };
    return c;
}

/* True when a beats b: fewer errors, better context, nearer the hint, a
   span closer to the quote's length. On a full tie the earlier one stays. */
static bool better(const candidate *a, const candidate *b)
{
    if (a->errors != b->errors)
        return a->errors < b->errors;
    if (a->context != b->context)
        return a->context > b->context;
    if (a->distance != b->distance)
        return a->distance < b->distance;
    return a->length_gap < b->length_gap;
}

static void set_result(ct_anchor_result *out, ct_anchor_how how, const candidate *at)
{
    out->how = how;
    out->start = (long)at->start;
    out->end = (long)at->end;
    out->errors = how == CT_ANCHOR_APPROXIMATE ? (int)at->errors : 0;
}

static void set_orphaned(ct_anchor_result *out)
{
    out->how = CT_ANCHOR_ORPHANED;
    out->start = out->end = -1;
    out->errors = 0;
}

/* ---- exact occurrences (Knuth-Morris-Pratt) ----------------------------- */

/* What one pass over the text learnt about the exact quote. */
typedef struct exact_scan {
    size_t    occurrences;
    size_t    full_context_count;   /* occurrences with the whole prefix and suffix */
    candidate first_full_context;
    candidate best;                  /* by context, then distance from the hint */
} exact_scan;

/* border[i]: length of the longest proper border of pattern[0..i]. */
static void kmp_borders(const uint32_t *pattern, size_t length, size_t *border)
{
    size_t matched = 0;

    border[0] = 0;
    for (size_t i = 1; i < length; i++) {
        while (matched > 0 && pattern[i] != pattern[matched])
            matched = border[matched - 1];
        if (pattern[i] == pattern[matched])
            matched++;
        border[i] = matched;
    }
}

static void note_occurrence(const query *q, size_t start, exact_scan *scan)
{
    candidate here = make_candidate(q, start, start + q->quote.length, 0);

    if (here.context == full_context(q) && scan->full_context_count++ == 0)
        scan->first_full_context = here;
    if (scan->occurrences++ == 0 || better(&here, &scan->best))
        scan->best = here;
}

static void scan_exact(const query *q, const size_t *border, exact_scan *scan)
{
    const uint32_t *quote = q->quote.cps;
    size_t matched = 0;

    for (size_t i = 0; i < q->text_length; i++) {
        while (matched > 0 && q->text[i] != quote[matched])
            matched = border[matched - 1];
        if (q->text[i] == quote[matched])
            matched++;
        if (matched == q->quote.length) {
            note_occurrence(q, i + 1 - matched, scan);
            matched = border[matched - 1];
        }
    }
}

/* True when text[start, end) is exactly the quote. */
static bool hint_holds_quote(const query *q, long start, long end)
{
    if (start < 0 || end < start || (size_t)end > q->text_length ||
        (size_t)(end - start) != q->quote.length)
        return false;
    for (size_t i = 0; i < q->quote.length; i++)
        if (q->text[(size_t)start + i] != q->quote.cps[i])
            return false;
    return true;
}

/* Strategies 1-3. Leaves out orphaned when the quote does not occur. */
static ct_rc anchor_exact(const query *q, const ct_anchor_selector *sel,
                          ct_anchor_result *out, ct_error *err)
{
    exact_scan scan = {0};
    size_t *border = malloc(q->quote.length * sizeof *border);

    if (border == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    kmp_borders(q->quote.cps, q->quote.length, border);
    scan_exact(q, border, &scan);
    free(border);

    if (scan.occurrences == 1) {
        set_result(out, CT_ANCHOR_EXACT, &scan.best);
    } else if (scan.full_context_count == 1) {
        set_result(out, CT_ANCHOR_EXACT, &scan.first_full_context);
    } else if (hint_holds_quote(q, sel->start, sel->end)) {
        candidate at = make_candidate(q, (size_t)sel->start, (size_t)sel->end, 0);
        set_result(out, CT_ANCHOR_POSITION, &at);
    } else if (scan.occurrences > 1) {
        set_result(out, CT_ANCHOR_CONTEXT, &scan.best);
    }
    return CT_OK;
}

/* ---- approximate match (Sellers, with Ukkonen's cut-off) ---------------- */

static unsigned max_errors(size_t quote_length)
{
    size_t k = quote_length / CHARS_PER_ERROR;
    return k > MAX_ERRORS ? MAX_ERRORS : (unsigned)k;
}

/*
 * The part of the text to search, [*from, *to), so that its length x the
 * quote length stays within DP_BUDGET. False when not even the quote
 * itself plus k code points would fit.
 */
static bool search_window(const query *q, unsigned k, size_t *from, size_t *to)
{
    size_t width = DP_BUDGET / q->quote.length;
    /* A hint past the end of a text that shrank points at its end. */
    size_t centre = !q->has_hint ? 0 : q->hint < q->text_length ? q->hint : q->text_length;

    if (q->text_length <= width) {
        *from = 0;
        *to = q->text_length;
        return true;
    }
    if (width < q->quote.length + k)
        return false;
    *from = centre > width / 2 ? centre - width / 2 : 0;
    if (*from > q->text_length - width)
        *from = q->text_length - width;
    *to = *from + width;
    return true;
}

/*
 * One column of the edit-distance table: cost[i] is the fewest errors
 * aligning quote[0..i) with some text ending at the current column, and
 * origin[i] the text index where that alignment starts. Rows above
 * last_active are known to cost more than k and are not kept up to date.
 */
typedef struct dp_column {
    unsigned *cost;
    size_t   *origin;
    size_t    last_active;
} dp_column;

/* Start the column before text index from: quote[0..i) against nothing. */
static void dp_start(dp_column *col, size_t quote_length, unsigned k, size_t from)
{
    for (size_t i = 0; i <= quote_length; i++) {
        col->cost[i] = (unsigned)(i <= k ? i : k + 1);
        col->origin[i] = from;
    }
    col->last_active = k;
}

/*
 * Advance the column over text index at. A diagonal step (match or
 * substitution) wins ties, so a changed first character stays in the span.
 */
static void dp_step(dp_column *col, const uint32_t *quote, size_t quote_length,
                    unsigned k, uint32_t text_cp, size_t at)
{
    size_t rows = col->last_active < quote_length ? col->last_active + 1 : quote_length;
    unsigned diag_cost = col->cost[0];
    size_t diag_origin = col->origin[0];

    col->cost[0] = 0;
    col->origin[0] = at + 1;
    for (size_t i = 1; i <= rows; i++) {
        unsigned left_cost = i <= col->last_active ? col->cost[i] : k + 1;
        size_t left_origin = col->origin[i];
        unsigned best = diag_cost + (quote[i - 1] != text_cp);
        size_t best_origin = diag_origin;

        if (col->cost[i - 1] + 1 < best) {          /* quote code point dropped */
            best = col->cost[i - 1] + 1;
            best_origin = col->origin[i - 1];
        }
        if (left_cost + 1 < best) {                 /* text code point inserted */
            best = left_cost + 1;
            best_origin = left_origin;
        }
        diag_cost = left_cost;
        diag_origin = left_origin;
        col->cost[i] = best;
        col->origin[i] = best_origin;
    }
    col->last_active = rows;
    while (col->cost[col->last_active] > k)
        col->last_active--;
}

/* Strategy 4: fills out when a match within k errors is found. */
static ct_rc anchor_approximate(const query *q, ct_anchor_result *out, ct_error *err)
{
    unsigned k = max_errors(q->quote.length);
    size_t from, to, m = q->quote.length;
    dp_column col = {0};
    candidate best = {0};
    bool found = false;
    ct_rc rc = CT_OK;

    if (k == 0 || !search_window(q, k, &from, &to))
        return CT_OK;
    col.cost = malloc((m + 1) * sizeof *col.cost);
    col.origin = malloc((m + 1) * sizeof *col.origin);
    if (col.cost == NULL || col.origin == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    dp_start(&col, m, k, from);
    for (size_t at = from; at < to; at++) {
        dp_step(&col, q->quote.cps, m, k, q->text[at], at);
        if (col.last_active < m || (found && col.cost[m] > best.errors))
            continue;
        candidate here = make_candidate(q, col.origin[m], at + 1, col.cost[m]);
        if (!found || better(&here, &best)) {
            best = here;
            found = true;
        }
    }
    if (found)
        set_result(out, CT_ANCHOR_APPROXIMATE, &best);
out:
    free(col.cost);
    free(col.origin);
    return rc;
}

/* ---- the search ---------------------------------------------------------- */

static void query_free(query *q)
{
    free(q->quote.cps);
    free(q->prefix.cps);
    free(q->suffix.cps);
}

static ct_rc query_init(query *q, const ct_anchor_text *doc, const ct_anchor_selector *sel,
                        ct_error *err)
{
    q->text = doc->cps;
    q->text_length = doc->length;
    q->has_hint = sel->start >= 0;
    q->hint = q->has_hint ? (size_t)sel->start : 0;
    if (!decode_string(sel->exact, &q->quote) || !decode_string(sel->prefix, &q->prefix) ||
        !decode_string(sel->suffix, &q->suffix))
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    return CT_OK;
}

ct_rc ct_anchor_find(const ct_anchor_text *doc, const ct_anchor_selector *sel,
                     ct_anchor_result *out, ct_error *err)
{
    query q = {0};
    ct_rc rc;

    if (out)
        set_orphaned(out);
    if (doc == NULL || sel == NULL || out == NULL)
        return ct_fail(err, CT_EINVALID, "invalid_value", NULL, "nothing to anchor");
    if (sel->exact == NULL || sel->exact[0] == '\0')
        return ct_fail(err, CT_EINVALID, "empty", "exact", "the quote is empty");

    rc = query_init(&q, doc, sel, err);
    if (rc != CT_OK)
        goto out;
    rc = anchor_exact(&q, sel, out, err);
    if (rc == CT_OK && out->how == CT_ANCHOR_ORPHANED)
        rc = anchor_approximate(&q, out, err);
out:
    query_free(&q);
    if (rc != CT_OK)
        set_orphaned(out);
    return rc;
}
