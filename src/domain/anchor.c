/*
 * anchor.c -- finding a quote again in an edited article (see anchor.h).
 *
 * This file owns the decision of where a mention now stands, or that it
 * stands nowhere. It runs on a request thread: nothing is shared, nothing
 * is static but tables.
 *
 * Why it is built this way:
 *  - The article is decoded and normalised once (ct_anchor_text_new), and
 *    every quote of the article is searched in that normalised form; the
 *    offset map of textnorm.h turns a match back into offsets of the text
 *    as sent.
 *  - One search finds every candidate: Myers' bit-parallel algorithm
 *    (myers.c) reports every end where the whole quote matches within k
 *    errors. Exact occurrences are simply the candidates with 0 errors,
 *    so an exact occurrence with the wrong context and an edited passage
 *    with the right one compete on the same score. There is no window:
 *    a 1 MiB article is searched whole.
 *  - A run of neighbouring ends with errors is one place seen at several
 *    lengths; only its local minimum is kept. Its start is found by the
 *    anchored distance of the reversed quote read backwards from the end,
 *    taking the longest span with the same errors.
 *  - Context is scored by edit distance over the whole stored prefix and
 *    suffix (anchored at the candidate's edges, free at the far end), not
 *    by how many characters agree outward from the quote: one changed
 *    comma next to the quote no longer throws the context away.
 *  - A quote found more than CT_ANCHOR_MAX_CANDIDATES times has only the
 *    candidates scored that have the fewest errors (half of them) or
 *    whose score is foreseen best (the other half; guess_score: the
 *    errors, the 32 code points of context next to it, the distance),
 *    not the first nor the nearest the stored position: the place the
 *    context names must survive the cut, and so must an exact occurrence
 *    among thousands of near ones when no context is stored.
 *  - Refusals (anchor.h, rules a-i) make the result conservative: a
 *    passage that is not clearly the one that was tagged is orphaned and
 *    goes to a moderator. The word and number rules need to know which
 *    quote characters were changed, so the one candidate being checked is
 *    aligned with the quote by a plain dynamic-programming table with a
 *    trace back; nothing else needs it.
 */
#include "domain/anchor.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/myers.h"
#include "base/textnorm.h"
#include "domain/lexicon.h"

/* The quote length per allowed error, and quotes shorter than it match only exactly. */
#define CHARS_PER_ERROR 5
/* Most errors allowed, whatever the quote's length. */
#define MAX_ERRORS      512
/* Agreement below which a stored prefix or suffix counts as contradicted. */
#define CONTEXT_FLOOR   0.5
/* The weights of match-quote: quote, prefix, suffix, position. */
#define WEIGHT_QUOTE    50.0
#define WEIGHT_PREFIX   20.0
#define WEIGHT_SUFFIX   20.0
#define WEIGHT_POSITION  2.0
/* Scores closer than this are a tie. */
#define SCORE_EPSILON   1e-9

struct ct_anchor_text {
    size_t      length;   /* in code points, as sent                     */
    uint32_t   *cps;      /* length code points (at least one slot)      */
    ct_textnorm norm;     /* the comparison form with its offset map     */
};

/* Everything one search looks at. */
typedef struct query {
    const ct_anchor_text *doc;
    const uint32_t *text;         /* normalised text                          */
    size_t          n;            /* its length                               */
    ct_textnorm     quote, prefix, suffix;   /* normalised selector         */
    uint32_t       *prefix_sent;  /* the prefix's code points as sent, for its line breaks */
    bool            has_hint;
    size_t          hint_start, hint_end;    /* original code points         */
    ct_myers       *quote_fwd, *quote_rev, *prefix_rev, *suffix_fwd;
} query;

/* A place where the quote (or something close to it) was found. */
typedef struct candidate {
    size_t   start, end;           /* normalised                               */
    unsigned errors;
    size_t   orig_start, orig_end; /* code points of the text as sent          */
    size_t   distance;             /* from the stored start, original offsets  */
    int      boundaries;           /* 0-2: how many edges fall between words   */
    double   guess;                /* the score foreseen for the cut (guess_score) */
    bool     reserved;             /* kept by the cut for its errors and position */
    double   p, s, score;
} candidate;

/* The candidates of one search. */
typedef struct candidates {
    candidate *items;
    size_t     count, capacity;
    size_t     exact;              /* how many have no errors (before capping) */
    bool       failed;             /* out of memory                            */
} candidates;

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

/* ---- the decoded text -------------------------------------------------- */

ct_rc ct_anchor_text_new(const char *text, size_t len, ct_anchor_text **out, ct_error *err)
{
    ct_anchor_text *doc = NULL;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (text == NULL && len > 0)
        return ct_fail(err, CT_EINVALID, "empty", "text", "no text to anchor in");
    doc = calloc(1, sizeof *doc);
    if (doc == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    doc->cps = decode(text ? text : "", len, &doc->length);
    if (doc->cps == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL,
                     "out of memory decoding a text of %zu bytes", len);
        goto out;
    }
    rc = ct_textnorm_build(doc->cps, doc->length, &doc->norm, err);
    if (rc != CT_OK)
        goto out;
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
    ct_textnorm_free(&doc->norm);
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

/* ---- collecting candidates ------------------------------------------------ */

static void add_candidate(candidates *list, size_t end, unsigned errors)
{
    if (list->failed)
        return;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 16;
        candidate *items = realloc(list->items, capacity * sizeof *items);
        if (items == NULL) {
            list->failed = true;
            return;
        }
        list->items = items;
        list->capacity = capacity;
    }
    candidate c = {.end = end, .errors = errors};
    list->items[list->count++] = c;
    if (errors == 0)
        list->exact++;
}

/*
 * The search's hits arrive in order of their end. A run of neighbouring
 * ends is one place seen at several lengths: of a run, the ends with the
 * run's fewest errors are kept (all of them: overlapping exact
 * occurrences are different places, and for an edit at the quote's edge
 * the context and word boundaries decide which length is meant).
 */
typedef struct hit_filter {
    candidates *list;
    size_t     *run_ends;      /* ends of the current run at its minimum  */
    size_t      run_count, run_capacity;
    unsigned    run_errors;    /* the current run's fewest errors          */
    size_t      last_end;      /* the previous hit's end, 0 for none       */
} hit_filter;

static void flush_run(hit_filter *f)
{
    for (size_t i = 0; i < f->run_count; i++)
        add_candidate(f->list, f->run_ends[i], f->run_errors);
    f->run_count = 0;
}

static bool on_hit(size_t end, unsigned errors, void *ctx)
{
    hit_filter *f = ctx;

    if (f->last_end == 0 || end != f->last_end + 1) {
        flush_run(f);
        f->run_errors = errors;
    }
    f->last_end = end;
    if (errors > f->run_errors)
        return true;
    if (errors < f->run_errors) {
        f->run_count = 0;
        f->run_errors = errors;
    }
    if (f->run_count == f->run_capacity) {
        size_t capacity = f->run_capacity ? f->run_capacity * 2 : 16;
        size_t *ends = realloc(f->run_ends, capacity * sizeof *ends);
        if (ends == NULL) {
            f->list->failed = true;
            return false;
        }
        f->run_ends = ends;
        f->run_capacity = capacity;
    }
    f->run_ends[f->run_count++] = end;
    return !f->list->failed;
}

/* ---- scoring ------------------------------------------------------------- */

static double agreement(unsigned distance, size_t length)
{
    double a = 1.0 - (double)distance / (double)length;
    return a < 0.0 ? 0.0 : a;
}

/* How well the stored prefix agrees with the text ending at start. */
static double prefix_score(const query *q, size_t start)
{
    size_t length = q->prefix.length, window = length + length / 2 + 1;

    if (length == 0)
        return 1.0;
    if (window > start)
        window = start;
    return agreement(ct_myers_anchored(q->prefix_rev, q->text, start, window, NULL), length);
}

/* How well the stored suffix agrees with the text starting at end. */
static double suffix_score(const query *q, size_t end)
{
    size_t length = q->suffix.length, window = length + length / 2 + 1;

    if (length == 0)
        return 1.0;
    if (window > q->n - end)
        window = q->n - end;
    return agreement(ct_myers_anchored(q->suffix_fwd, q->text, end, window, NULL), length);
}

static bool is_word_char(uint32_t cp);

/* 1 when normalised offset at does not fall inside a word, else 0. */
static int word_edge(const query *q, size_t at)
{
    return at == 0 || at == q->n || !is_word_char(q->text[at - 1]) || !is_word_char(q->text[at]);
}

/* Fill in the start, the original span, the context and the score of c. */
static void score_candidate(const query *q, candidate *c)
{
    size_t m = q->quote.length, text_length = q->doc->length;

    if (c->errors == 0) {
        c->start = c->end - m;
    } else {
        size_t window = m + c->errors, span = 0;
        if (window > c->end)
            window = c->end;
        ct_myers_anchored(q->quote_rev, q->text, c->end, window, &span);
        c->start = c->end - span;
    }
    c->orig_start = q->doc->norm.from[c->start];
    c->orig_end = c->end > c->start ? q->doc->norm.to[c->end - 1] : c->orig_start;
    c->distance = !q->has_hint ? 0 : c->orig_start > q->hint_start
                  ? c->orig_start - q->hint_start : q->hint_start - c->orig_start;
    c->boundaries = word_edge(q, c->start) + word_edge(q, c->end);
    c->p = prefix_score(q, c->start);
    c->s = suffix_score(q, c->end);

    double quote = 1.0 - (double)c->errors / (double)m;
    double position = !q->has_hint || text_length == 0 ? 1.0
                      : 1.0 - fmin(1.0, (double)c->distance / (double)text_length);
    c->score = (WEIGHT_QUOTE * quote + WEIGHT_PREFIX * c->p + WEIGHT_SUFFIX * c->s +
                WEIGHT_POSITION * position) /
               (WEIGHT_QUOTE + WEIGHT_PREFIX + WEIGHT_SUFFIX + WEIGHT_POSITION);
}

/* Best first: score, then whole words, then nearest the stored start, then the first. */
static int by_score(const void *a_, const void *b_)
{
    const candidate *a = a_, *b = b_;
    if (fabs(a->score - b->score) > SCORE_EPSILON)
        return a->score > b->score ? -1 : 1;
    if (a->boundaries != b->boundaries)
        return a->boundaries > b->boundaries ? -1 : 1;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* ---- the cut: which candidates are scored ------------------------------------ */

/* How many code points of the stored context next to the quote each side
   the cut compares (a browser stores 32). */
#define GUESS_CONTEXT 32

/* The code point k places from origin in a, read forwards or backwards
   (a[origin - 1] first). */
static uint32_t read_from(const uint32_t *a, size_t origin, bool backwards, size_t k)
{
    return backwards ? a[origin - 1 - k] : a[origin + k];
}

/*
 * How many of the first plen code points of a stored context, read from
 * the quote outwards, the text read from the candidate's edge outwards
 * repeats (at most tlen of it), along a greedy alignment that steps over
 * one code point changed, put in or taken out.
 *
 * Why this measure: the unbroken run of agreeing code points from the
 * quote outwards is lost whole to one changed letter next to the quote,
 * and a comparison position by position survives a changed letter but not
 * one put in or taken out (everything further out is then out of step:
 * "выросли, в 2 раза" for "выросли в 2 раза"). Where the two disagree the
 * walk looks one code point ahead in both and takes whichever reading puts
 * them in step again, so one edit costs about one code point of agreement
 * wherever it is, as it costs one error in the edit distance that
 * score_candidate takes. It costs a few comparisons per code point; it
 * may misalign in a run of repeated letters, but it only orders the cut,
 * and the candidates that survive are scored by the edit distance.
 */
static unsigned agreement_along(const uint32_t *context, size_t context_origin, bool backwards,
                                size_t plen, const uint32_t *text, size_t text_origin,
                                size_t tlen)
{
    size_t i = 0, j = 0;
    unsigned same = 0;

    while (i < plen && j < tlen) {
        uint32_t p = read_from(context, context_origin, backwards, i);
        uint32_t t = read_from(text, text_origin, backwards, j);
        if (p == t) {
            same++;
            i++;
            j++;
            continue;
        }
        bool p_next = i + 1 < plen, t_next = j + 1 < tlen;
        uint32_t pn = p_next ? read_from(context, context_origin, backwards, i + 1) : 0;
        uint32_t tn = t_next ? read_from(text, text_origin, backwards, j + 1) : 0;
        if (p_next && t_next && pn == tn) {        /* changed */
            i++;
            j++;
        } else if (t_next && tn == p) {            /* put in */
            j++;
        } else if (p_next && pn == t) {            /* taken out */
            i++;
        } else {
            i++;
            j++;
        }
    }
    return same;
}

/*
 * The score c is likely to get, from what costs a constant per candidate:
 * the weights of score_candidate with the errors found, the share of the
 * last GUESS_CONTEXT code points of the stored prefix and the first of the
 * suffix the text repeats next to it (agreement_along; 1 when none is
 * stored) and the distance to the stored start. Its start is taken as its
 * end less the quote's length (an approximate candidate's exact start
 * costs an alignment of the quote). The errors are weighed with the
 * context rather than sorted first: an edited place with all its context
 * (a typo in 21 code points, 0.974) scores above an exact occurrence with
 * a context of its own (0.871), and thousands of those must not take
 * every place the cut leaves.
 */
static void guess_score(const query *q, candidate *c)
{
    size_t m = q->quote.length, start = c->end > m ? c->end - m : 0;
    size_t orig_start = q->doc->norm.from[start], text_length = q->doc->length;
    size_t plen = q->prefix.length < GUESS_CONTEXT ? q->prefix.length : GUESS_CONTEXT;
    size_t slen = q->suffix.length < GUESS_CONTEXT ? q->suffix.length : GUESS_CONTEXT;
    size_t before = start < 2 * plen ? start : 2 * plen;
    size_t after = q->n - c->end < 2 * slen ? q->n - c->end : 2 * slen;
    double p = 1.0, s = 1.0, quote = 1.0 - (double)c->errors / (double)m;

    if (plen > 0)
        p = (double)agreement_along(q->prefix.cps, q->prefix.length, true, plen,
                                    q->text, start, before) / (double)plen;
    if (slen > 0)
        s = (double)agreement_along(q->suffix.cps, 0, false, slen,
                                    q->text, c->end, after) / (double)slen;
    c->distance = !q->has_hint ? 0 : orig_start > q->hint_start
                  ? orig_start - q->hint_start : q->hint_start - orig_start;
    double position = !q->has_hint || text_length == 0 ? 1.0
                      : 1.0 - fmin(1.0, (double)c->distance / (double)text_length);
    c->guess = WEIGHT_QUOTE * quote + WEIGHT_PREFIX * p + WEIGHT_SUFFIX * s +
               WEIGHT_POSITION * position;
}

/* For the cut's reserved half: fewest errors, then nearest the stored
   start, then the first. */
static int by_errors(const void *a_, const void *b_)
{
    const candidate *a = a_, *b = b_;
    if (a->errors != b->errors)
        return a->errors < b->errors ? -1 : 1;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* For the cut: the reserved first, then the best guess, then nearest the
   stored start, then the first. */
static int by_guess(const void *a_, const void *b_)
{
    const candidate *a = a_, *b = b_;
    if (a->reserved != b->reserved)
        return a->reserved ? -1 : 1;
    if (fabs(a->guess - b->guess) > SCORE_EPSILON)
        return a->guess > b->guess ? -1 : 1;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* ---- rules c and d: numbers and words ----------------------------------------- */

static bool is_digit(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_word_char(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);   /* L*, M*, N* */
}

/* Where the run of word characters that holds or ends at text[at]
   begins, not before low; where the one that holds or begins at it ends
   (past its last character, text[0..n) read). */
static size_t word_start(const uint32_t *text, size_t low, size_t at)
{
    while (at > low && is_word_char(text[at - 1]))
        at--;
    return at;
}

static size_t word_end(const uint32_t *text, size_t n, size_t at)
{
    while (at < n && is_word_char(text[at]))
        at++;
    return at;
}

/* How many digits begin s[at..n). */
static size_t digits_at(const uint32_t *s, size_t n, size_t at)
{
    size_t count = 0;
    while (at + count < n && is_digit(s[at + count]))
        count++;
    return count;
}

/*
 * The digits of the number at s[*at..n) (which begins with a digit) one
 * by one: the next into *digit and true, false past the number's end.
 * *run counts the digits of the group being read (0 at the start). A
 * space between groups of thousands is no end: a group of one to three
 * digits and groups of exactly three after single spaces are one number
 * ("1 200 000" is 1200000, as Russian and Kazakh typesetting write it;
 * the comparison form has made every kind of space a plain one), so
 * "1 200" and "1200" are the same number, while "2024 150" stays two.
 */
static bool next_digit(const uint32_t *s, size_t n, size_t *at, size_t *run, uint32_t *digit)
{
    if (*at < n && is_digit(s[*at])) {
        (*run)++;
        *digit = s[(*at)++];
        return true;
    }
    if (*run >= 1 && *run <= 3 && *at + 4 <= n && s[*at] == ' ' && digits_at(s, n, *at + 1) == 3) {
        *run = 1;
        *digit = s[*at + 1];
        *at += 2;
        return true;
    }
    return false;
}

/* True when a[0..na) and b[0..nb) hold the same numbers in the same order
   (their digits; thousands grouped by spaces or not, next_digit). */
static bool same_numbers(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0;

    for (;;) {
        while (i < na && !is_digit(a[i]))
            i++;
        while (j < nb && !is_digit(b[j]))
            j++;
        if (i == na || j == nb)
            return i == na && j == nb;
        size_t run_a = 0, run_b = 0;
        bool more_a, more_b;
        uint32_t da = 0, db = 0;
        do {
            more_a = next_digit(a, na, &i, &run_a, &da);
            more_b = next_digit(b, nb, &j, &run_b, &db);
            if (more_a != more_b || (more_a && da != db))
                return false;             /* one number is longer, or another */
        } while (more_a);
    }
}

/* What the alignment did with each quote code point. */
enum edit { EDIT_MATCH, EDIT_SUBSTITUTE, EDIT_DELETE };

/* Cost of an edit in align(): EDIT_COST, plus 1 for a gap inside a word, so
   that of the alignments with the fewest errors the one that puts inserted
   text between words is taken ("Казахстана, Астане, с" inserts ", Астане,"
   after the word, not "а, Аст" inside it). A span has fewer than EDIT_COST
   code points (quotes are at most 2,000, spans at most 2 x that), so the
   penalties together never outweigh one error. */
#define EDIT_COST 8192u

/* True when a gap before quote[i] would split a word. */
static bool inside_word(const uint32_t *quote, size_t m, size_t i)
{
    return i > 0 && i < m && is_word_char(quote[i - 1]) && is_word_char(quote[i]);
}

/* How a run of inserted text meets its neighbours (glued[i] in align()). */
enum { GLUED_TO_NEXT = 1,      /* it ends with a word character  */
       GLUED_TO_PREVIOUS = 2   /* it begins with one             */ };

/*
 * Align quote[0..m) with span[0..l) (both ends fixed) and fill edits[i],
 * inserted[i] (text code points inserted just before quote[i];
 * inserted[m] after the last) and glued[i] (GLUED_* of that run). False
 * when out of memory.
 */
static bool align(const uint32_t *quote, size_t m, const uint32_t *span, size_t l,
                  unsigned char *edits, size_t *inserted, unsigned char *glued)
{
    enum { FROM_DIAGONAL, FROM_UP, FROM_LEFT };
    unsigned char *from = malloc((m + 1) * (l + 1));
    unsigned *row = malloc((l + 1) * sizeof *row), *prev = malloc((l + 1) * sizeof *prev);
    bool ok = from != NULL && row != NULL && prev != NULL;

    if (!ok)
        goto out;
    for (size_t j = 0; j <= l; j++) {
        prev[j] = (unsigned)j * EDIT_COST;
        from[j] = FROM_LEFT;
    }
    for (size_t i = 1; i <= m; i++) {
        unsigned insert_cost = EDIT_COST + inside_word(quote, m, i);
        row[0] = (unsigned)i * EDIT_COST;
        from[i * (l + 1)] = FROM_UP;
        for (size_t j = 1; j <= l; j++) {
            unsigned diagonal = prev[j - 1] + (quote[i - 1] != span[j - 1] ? EDIT_COST : 0);
            unsigned up = prev[j] + EDIT_COST, left = row[j - 1] + insert_cost, best = diagonal;
            unsigned char how = FROM_DIAGONAL;
            if (up < best) {
                best = up;
                how = FROM_UP;
            }
            if (left < best) {
                best = left;
                how = FROM_LEFT;
            }
            row[j] = best;
            from[i * (l + 1) + j] = how;
        }
        unsigned *swap = prev;
        prev = row;
        row = swap;
    }
    memset(inserted, 0, (m + 1) * sizeof *inserted);
    memset(glued, 0, m + 1);
    for (size_t i = m, j = l; i > 0 || j > 0;) {
        unsigned char how = from[i * (l + 1) + j];
        if (i > 0 && j > 0 && how == FROM_DIAGONAL) {
            edits[i - 1] = quote[i - 1] == span[j - 1] ? EDIT_MATCH : EDIT_SUBSTITUTE;
            i--;
            j--;
        } else if (i > 0 && (j == 0 || how == FROM_UP)) {
            edits[i - 1] = EDIT_DELETE;
            i--;
        } else {              /* the run before quote[i], read from its end */
            bool word = is_word_char(span[j - 1]);
            if (inserted[i]++ == 0 && word)
                glued[i] |= GLUED_TO_NEXT;
            glued[i] = (unsigned char)((glued[i] & ~GLUED_TO_PREVIOUS) |
                                       (word ? GLUED_TO_PREVIOUS : 0));
            j--;
        }
    }
out:
    free(from);
    free(row);
    free(prev);
    return ok;
}

/* Whether the changes to a word of length letters, the first of them
   at first_change and grown letters glued after it, are its ending
   changed: all within its last letter (its last two for a word of five
   or more, as a_form_of_the_last_word takes for the quote's last word),
   and at most one letter longer. "новая" for "новой", "школа" for
   "школы", "Казахстане" for "Казахстан" are one word in another case;
   "пятьсот" for "пять" is another. */
static bool an_ending_changed(size_t length, size_t first_change, size_t grown)
{
    size_t ending = length >= 5 ? 2 : 1;
    return length >= 4 && first_change >= length - ending && grown <= 1;
}

/* Whether quote[a..b), a word, declines by its ending: a Russian or
   Kazakh word (Cyrillic). An English word changes its last letters into
   another word ("lower" and "lowest", "later" and "latest"). A number
   word made another number by its ending ("пять" and "пятый") is refused
   before, by rule c (number_word_changed); one in another case ("шести"
   and "шестью") declines as any word does. */
static bool declinable(const uint32_t *quote, size_t a)
{
    return quote[a] >= 0x400 && quote[a] <= 0x52F;
}

/* Where quote[i] stands in the span the alignment (align()) made of
   the quote: past every code point of the span that an earlier one of
   the quote became or that was inserted before it. */
static size_t span_offset(const unsigned char *edits, const size_t *inserted, size_t i)
{
    size_t at = inserted[i];

    for (size_t k = 0; k < i; k++)
        at += inserted[k] + (edits[k] != EDIT_DELETE);
    return at;
}

static bool word_at(const uint32_t *text, size_t from, size_t to, char *word, size_t size);
static bool one_of(const char *s, const char *const *words);

/* Whether the word quote[a..b) and the span's word where it now stands
   name the same month (ct_lexicon_month_of): "Sept" written out as
   "September", "сент" as "сентября", "September" cut to "Sept". Many
   letters change, but the date does not. */
static bool the_same_month(const uint32_t *quote, size_t a, size_t b, const uint32_t *span,
                           size_t l, size_t at)
{
    char was[64], now[64];
    int month;

    if (at >= l || !is_word_char(span[at]) || !word_at(quote, a, b, was, sizeof was) ||
        (month = ct_lexicon_month_of(was)) == 0)
        return false;
    return word_at(span, word_start(span, 0, at), word_end(span, l, at), now, sizeof now) &&
           ct_lexicon_month_of(now) == month;
}

/* English "n't" as the comparison form splits it: the word "t" right
   after an apostrophe ("didn't", "won't"), s[start] its letter. */
static bool is_nt(const uint32_t *s, size_t start, const char *word)
{
    return strcmp(word, "t") == 0 && start > 0 && s[start - 1] == '\'';
}

/* Whether "'t" follows the word that ends before s[end], of s[0..n):
   "won" of "won't". */
static bool before_nt(const uint32_t *s, size_t end, size_t n)
{
    return end + 1 < n && s[end] == '\'' && s[end + 1] == 't';
}

/* Whether the word quote[a..b) (of quote[0..m)) is "won" of "won't" and
   the span's word where it now stands is "will" (of "will not"), or the
   other way round: the one English modal whose contraction is spelt
   otherwise. Its "n't" and "not" are the same denial (denials). */
static bool will_written_won(const uint32_t *quote, size_t a, size_t b, size_t m,
                             const uint32_t *span, size_t l, size_t at)
{
    char was[8], now[8];

    if (at >= l || !is_word_char(span[at]) || !word_at(quote, a, b, was, sizeof was))
        return false;
    size_t from = word_start(span, 0, at), to = word_end(span, l, at);
    if (!word_at(span, from, to, now, sizeof now))
        return false;
    bool quote_contracted = before_nt(quote, b, m);
    bool span_contracted = before_nt(span, to, l);
    return (strcmp(was, "won") == 0 && quote_contracted && strcmp(now, "will") == 0) ||
           (strcmp(was, "will") == 0 && strcmp(now, "won") == 0 && span_contracted);
}

/* Whether s[0..n) and t[0..n) are the same letters but for case. */
static bool same_letters(const uint32_t *s, const uint32_t *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (utf8proc_tolower((utf8proc_int32_t)s[k]) != utf8proc_tolower((utf8proc_int32_t)t[k]))
            return false;
    return true;
}

/* Whether the span's word that holds span[at], where the last letter of
   the word quote[a..b) now stands, is that word without a start that
   made it its opposite (ct_lexicon_denying_prefixes): "founded" for
   "unfounded", also where "well-" took its place, "legal" for "illegal".
   A typo mended at the start ("president" for "prepresident") is not,
   nor a number regrouped ("1 200 000" for "1200000"). */
static bool lost_its_start(const uint32_t *quote, size_t a, size_t b, const uint32_t *span,
                           size_t l, size_t at)
{
    char head[16];

    if (at >= l || !is_word_char(span[at]))
        return false;
    size_t from = word_start(span, 0, at), to = word_end(span, l, at), length = to - from;
    if (length + 2 > b - a || !same_letters(quote + b - length, span + from, length))
        return false;
    return word_at(quote, a, b - length, head, sizeof head) &&
           one_of(head, ct_lexicon_denying_prefixes);
}

/* Rule d on the words of the quote, given the alignment with the
   span[0..l). Text glued to a word counts: before the whole word it
   makes another word ("unlikely" for "likely", "illegal" for "legal";
   "при" for "с" is a word replaced, judged as one), and two letters or
   more taken from its start do too ("founded" for "unfounded", "legal"
   for "illegal"); after its last
   letter it is an ending ("Астанаға") or another word ("пятьсот" for
   "пять") by how much of the word it is. A month written short or out
   is the same word (the_same_month), as "won" of "won't" is "will" of
   "will not" (will_written_won). */
static bool a_word_was_replaced(const uint32_t *quote, size_t m, const uint32_t *span, size_t l,
                                const unsigned char *edits, const size_t *inserted,
                                const unsigned char *glued)
{
    for (size_t a = 0; a < m;) {
        if (!is_word_char(quote[a])) {
            a++;
            continue;
        }
        size_t b = a, changed = 0, deleted = 0, first_change = SIZE_MAX, grown = 0;
        while (b < m && is_word_char(quote[b])) {
            size_t here = (edits[b] != EDIT_MATCH) + (b > a ? inserted[b] : 0);
            changed += here;
            deleted += edits[b] == EDIT_DELETE;
            if (here > 0 && first_change == SIZE_MAX)
                first_change = b - a;
            b++;
        }
        if (changed == 0 && inserted[a] > 0 && (glued[a] & GLUED_TO_NEXT))
            return true;                 /* the whole word, grown at its start */
        if (edits[b - 1] != EDIT_DELETE &&
            lost_its_start(quote, a, b, span, l, span_offset(edits, inserted, b - 1)))
            return true;
        if (glued[b] & GLUED_TO_PREVIOUS)
            grown = inserted[b];
        changed += grown;
        if (grown > 0 && first_change == SIZE_MAX)
            first_change = b - a;
        bool deleted_whole = deleted == b - a && changed == deleted;
        bool replaced = b - a >= 4 ? changed * 3 > b - a : b - a == 3 && changed >= 3;
        size_t now_at = span_offset(edits, inserted, a);
        if (!deleted_whole && replaced &&
            !(declinable(quote, a) && an_ending_changed(b - a, first_change, grown)) &&
            !(edits[a] != EDIT_DELETE && (the_same_month(quote, a, b, span, l, now_at) ||
                                          will_written_won(quote, a, b, m, span, l, now_at))))
            return true;
        a = b;
    }
    return false;
}

/* The order of magnitude a word of scale names ("млн", "миллиарда",
   "billion", "мың": 6, 9, 9, 3), by its beginning; 0 for any other word. */
static int scale_of(const char *word)
{
    static const struct { const char *start; int scale; } scales[] = {
        {"тыс", 3}, {"млн", 6}, {"миллион", 6}, {"млрд", 9}, {"миллиард", 9}, {"трлн", 12},
        {"триллион", 12}, {"мың", 3}, {"thousand", 3}, {"million", 6}, {"mln", 6},
        {"billion", 9}, {"bln", 9}, {"trillion", 12}, {"bn", 9}};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        size_t n = strlen(scales[i].start);
        if (strncmp(word, scales[i].start, n) == 0 && (n > 2 || word[n] == '\0'))
            return scales[i].scale;
    }
    return 0;
}

/* The next word of s[*at..n), lower-cased, into word (NUL-terminated),
   *at past it; false past the last word. A word longer than size allows
   is read as the empty word. */
static bool next_word(const uint32_t *s, size_t n, size_t *at, char *word, size_t size)
{
    while (*at < n && !is_word_char(s[*at]))
        (*at)++;
    if (*at == n)
        return false;
    size_t len = 0;
    bool fits = true;
    for (; *at < n && is_word_char(s[*at]); (*at)++) {
        utf8proc_uint8_t bytes[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)s[*at]), bytes);
        fits = fits && len + (size_t)k < size;
        if (fits) {
            memcpy(word + len, bytes, (size_t)k);
            len += (size_t)k;
        }
    }
    word[fits ? len : 0] = '\0';
    return true;
}

/* The next word of scale of s[*at..n) (scale_of), *at past it; 0 past
   the last. */
static int next_scale(const uint32_t *s, size_t n, size_t *at)
{
    char word[64];
    int scale = 0;

    while (scale == 0 && next_word(s, n, at, word, sizeof word))
        scale = scale_of(word);
    return scale;
}

/* What a number is counted in, by the word or sign after it (unit_at);
   bits, so that a passage's units make a set. */
enum { UNIT_NONE = 0, UNIT_PERCENT = 1, UNIT_TIMES = 2 };

/* A passage and the text that follows it (NULL, 0 for none): a unit cut
   off by the passage's end is read there. */
typedef struct passage {
    const uint32_t *s, *tail;
    size_t          n, tail_n;
} passage;

/* The unit s[at..n) begins with, after spaces (the tail's, where s ends
   first): "%" or "％", a word beginning "процент", "percent" or "пайыз",
   "pct", "проц." or "per cent" (UNIT_PERCENT); "раз", "раза", "times" or
   Kazakh "есе" (UNIT_TIMES). */
static int unit_at(const uint32_t *s, size_t n, size_t at, const uint32_t *tail, size_t tail_n)
{
    static const struct { const char *word; bool stem; int unit; } units[] = {
        {"процент", true, UNIT_PERCENT}, {"percent", true, UNIT_PERCENT},
        {"пайыз", true, UNIT_PERCENT}, {"pct", false, UNIT_PERCENT},
        {"проц", false, UNIT_PERCENT}, {"раз", false, UNIT_TIMES}, {"раза", false, UNIT_TIMES},
        {"times", false, UNIT_TIMES}, {"есе", false, UNIT_TIMES}};
    char word[64], next[64];

    while (at < n && s[at] == ' ')
        at++;
    if (at == n && tail != NULL)
        return unit_at(tail, tail_n, 0, NULL, 0);
    if (at < n && (s[at] == '%' || s[at] == 0xFF05))
        return UNIT_PERCENT;
    if (at == n || !is_word_char(s[at]) || !next_word(s, n, &at, word, sizeof word))
        return UNIT_NONE;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t length = strlen(units[i].word);
        if (strncmp(word, units[i].word, length) == 0 && (units[i].stem || word[length] == '\0'))
            return units[i].unit;
    }
    if (strcmp(word, "per") == 0 && next_word(s, n, &at, next, sizeof next) &&
        strcmp(next, "cent") == 0)
        return UNIT_PERCENT;
    return UNIT_NONE;
}

/* The unit of the next number of the passage from *at that has one
   (unit_at after its last digit), *at past that number; UNIT_NONE past
   the last. */
static int next_unit(const passage *p, size_t *at)
{
    while (*at < p->n) {
        if (!is_digit(p->s[*at])) {
            (*at)++;
            continue;
        }
        while (*at < p->n && is_digit(p->s[*at]))
            (*at)++;
        int unit = unit_at(p->s, p->n, *at, p->tail, p->tail_n);
        if (unit != UNIT_NONE)
            return unit;
    }
    return UNIT_NONE;
}

/* The units the passage counts its numbers in, as a set (UNIT_* bits). */
static int units_of(const passage *p)
{
    size_t at = 0;
    int units = 0, unit;

    while ((unit = next_unit(p, &at)) != UNIT_NONE)
        units |= unit;
    return units;
}

/* True when the quote and the candidate's span count their numbers in
   the same units: "на 3 %" is not "в 3 раза", nor "8.5%" "8.5 times",
   while "12 %" is "12 процентов", and "12 и 15%" is "12% и 15%" (a set:
   a unit said once for two numbers is still said) (rule c). A unit just
   past either's end counts: a span that stops before "times" still says
   it. */
static bool same_units(const passage *quote, const passage *span)
{
    return units_of(quote) == units_of(span);
}

/* True when a[0..na) and b[0..nb) hold the same kinds (each non-zero)
   in the same order, next() reading the next kind of each. */
static bool same_kinds(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                       int (*next)(const uint32_t *, size_t, size_t *))
{
    size_t i = 0, j = 0;

    for (;;) {
        int ka = next(a, na, &i), kb = next(b, nb, &j);
        if (ka != kb)
            return false;
        if (ka == 0)
            return true;
    }
}

static bool is_upper(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

/* Which modal the lower-cased word, s[start] its first letter and s[n]
   the end of what may be read, is: 1 + the row of ct_lexicon_modals that
   the word counts as ("cannot" as "can"), 0 for none. "May" capitalised
   is the month or a name; "won" is "will" only before "'t" ("won't"),
   since alone it is "win" in the past. */
static int modal_of(const uint32_t *s, size_t start, size_t n, const char *word)
{
    const char *const (*modals)[2] = ct_lexicon_modals;
    size_t row = 0, as = 0;

    if (strcmp(word, "won") == 0 && before_nt(s, start + 3, n))
        word = "will";
    while (modals[row][0] && strcmp(modals[row][0], word) != 0)
        row++;
    if (modals[row][0] == NULL || (strcmp(word, "may") == 0 && is_upper(s[start])))
        return 0;
    while (modals[as][0] && strcmp(modals[as][0], modals[row][1]) != 0)
        as++;
    return 1 + (int)as;
}

/* The next modal of s[*at..n) (modal_of), *at past it; 0 past the last. */
static int next_modal(const uint32_t *s, size_t n, size_t *at)
{
    char word[64];
    int modal = 0;

    while (modal == 0) {
        while (*at < n && !is_word_char(s[*at]))
            (*at)++;
        size_t start = *at;
        if (!next_word(s, n, at, word, sizeof word))
            return 0;
        modal = modal_of(s, start, n, word);
    }
    return modal;
}

/* True when a[0..na) and b[0..nb) name the same scales in the same order:
   "5 млн" is not "5 млрд", nor "5 million" "5 billion" (rule c). */
static bool same_scales(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    return same_kinds(a, na, b, nb, next_scale);
}

/* False when a[0..na) and b[0..nb) name different months at the same
   place of their lists of months (ct_lexicon_month_of): "5 июня" edited
   to "5 июля" is another date, though one letter of four changed (rule
   d). A month one side misspells names none ("сентябя" for "сентября"):
   a typo, not another date. Unlike same_kinds, which needs both lists to
   end together, the months are compared only as far as the shorter list
   goes, so the quote's only month misspelt is no month taken away. */
static bool same_months(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0;
    char wa[64], wb[64];

    for (;;) {
        int ma = 0, mb = 0;
        while (ma == 0 && next_word(a, na, &i, wa, sizeof wa))
            ma = ct_lexicon_month_of(wa);
        while (mb == 0 && next_word(b, nb, &j, wb, sizeof wb))
            mb = ct_lexicon_month_of(wb);
        if (ma == 0 || mb == 0)
            return true;
        if (ma != mb)
            return false;
    }
}

/* How many words of s[0..n) are word (lower case). */
static size_t count_word(const uint32_t *s, size_t n, const char *word)
{
    size_t count = 0, at = 0;
    char got[64];

    while (next_word(s, n, &at, got, sizeof got))
        count += strcmp(got, word) == 0;
    return count;
}


/* True when b[0..nb) says the opposite of a[0..na) by one word: a word of
   a pair of ct_lexicon_opposites fewer, and its opposite more ("prices
   went up" and "prices went down", "imports rose" and "exports rose"). */
static bool turned_round(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    for (size_t i = 0; ct_lexicon_opposites[i][0]; i++) {
        const char *one = ct_lexicon_opposites[i][0], *other = ct_lexicon_opposites[i][1];
        size_t one_a = count_word(a, na, one), one_b = count_word(b, nb, one);
        size_t other_a = count_word(a, na, other), other_b = count_word(b, nb, other);
        if ((one_a > one_b && other_b > other_a) || (other_a > other_b && one_b > one_a))
            return true;
    }
    return false;
}

/* ---- rule g: negation ------------------------------------------------------------ */

/* How many denials the lower-cased word holds, 0 to 2: one at its start,
   a word of ct_lexicon_negations or a word that begins with Russian's
   "не" or "ни" (the particle written together: "не подтверждённую"
   edited to "неподтверждённую" still denies, so either spelling counts
   once), and one at its end, a Kazakh verb with a denying ending
   ("ұқсамайды") or a Kazakh adjective that lacks what it names
   ("негізсіз", "заңсызды", ct_lexicon_kk_lacks, which also begins as "не"
   does: "негізді" for it denies once less). Words that merely begin or
   end so ("неделя") count the same in the quote and in an unchanged
   passage. */
static size_t denies(const char *word, size_t len)
{
    bool at_start = len > 4 && (strncmp(word, "не", 4) == 0 || strncmp(word, "ни", 4) == 0);

    for (const char *const *n = ct_lexicon_negations; *n && !at_start; n++)
        at_start = strcmp(word, *n) == 0;
    return (size_t)at_start + (ct_lexicon_ending(word, len, ct_lexicon_kk_negative, 3) != 0 ||
                               ct_lexicon_kk_lacks(word, len));
}

/* How many words of s[0..n) deny. English "n't" denies once: the "t"
   after an apostrophe counts when the word before it did not ("can't",
   "won't"; "doesn't" is counted by "doesn"), so "doesn't" and "does not"
   deny alike. */
static size_t denials(const uint32_t *s, size_t n)
{
    size_t count = 0, at = 0;
    bool last_denied = false;
    char word[64];

    for (;;) {
        while (at < n && !is_word_char(s[at]))
            at++;
        size_t start = at;
        if (!next_word(s, n, &at, word, sizeof word))
            break;
        bool contracted = is_nt(s, start, word);
        size_t denied = word[0] == '\0' ? 0 : contracted ? !last_denied : denies(word, strlen(word));
        count += denied;
        last_denied = denied > 0;
    }
    return count;
}

static const char *number_run_on(const char *last, const char *whole);

/*
 * Rule c for the number words inside the quote, given the alignment of
 * quote[0..m) with span[0..l): NULL, or why a number word of the quote
 * (ct_lexicon_number_language) now stands as another number in the span,
 * judged as number_run_on judges the quote's last word ("six percent" in
 * "sixty percent", "в десять раз" in "в десятый раз"; "пять" in "пятью"
 * is the same number). The span's word is the text aligned with the
 * quote's word, with the letters glued to it.
 */
static const char *number_word_changed(const uint32_t *quote, size_t m, const uint32_t *span,
                                       size_t l, const unsigned char *edits, const size_t *inserted)
{
    size_t at = 0;                       /* where quote[a] stands in span */

    for (size_t a = 0; a < m;) {
        if (!is_word_char(quote[a])) {
            at += inserted[a] + (edits[a] != EDIT_DELETE);
            a++;
            continue;
        }
        size_t b = a, from = at;
        while (b < m && is_word_char(quote[b])) {
            at += inserted[b] + (edits[b] != EDIT_DELETE);
            b++;
        }
        size_t to = at + inserted[b] <= l ? at + inserted[b] : l;
        char word[64], aligned[64];
        while (from < to && !is_word_char(span[from]))
            from++;
        size_t end = from;
        while (end < to && is_word_char(span[end]))
            end++;
        if (end > from && word_at(quote, a, b, word, sizeof word) &&
            ct_lexicon_number_language(word) && word_at(span, from, end, aligned, sizeof aligned) &&
            strcmp(word, aligned) != 0 && number_run_on(word, aligned))
            return "number_changed";
        a = b;
    }
    return NULL;
}

/* Rules c, g and d for a candidate with errors; NULL or the reason it is refused. */
static const char *changed_meaning(const query *q, const candidate *c, bool *out_of_memory)
{
    const uint32_t *span = q->text + c->start;
    size_t m = q->quote.length, l = c->end - c->start;
    unsigned char *edits = malloc(m), *glued = malloc(m + 1);
    size_t *inserted = malloc((m + 1) * sizeof *inserted);
    const char *reason = NULL;

    *out_of_memory = false;
    passage quote_units = {q->quote.cps, q->suffix.cps, m, q->suffix.length};
    passage span_units = {span, span + l, l, q->n - c->end};

    if (!same_numbers(q->quote.cps, m, span, l) || !same_scales(q->quote.cps, m, span, l) ||
        !same_units(&quote_units, &span_units)) {
        reason = "number_changed";
    } else if (denials(q->quote.cps, m) != denials(span, l)) {
        reason = "negation_changed";
    } else if (!same_months(q->quote.cps, m, span, l) || turned_round(q->quote.cps, m, span, l) ||
               !same_kinds(q->quote.cps, m, span, l, next_modal)) {
        reason = "word_changed";
    } else if (m + l >= EDIT_COST) {
        reason = NULL;           /* beyond any quote the API accepts: no word check */
    } else if (edits == NULL || inserted == NULL || glued == NULL ||
               !align(q->quote.cps, m, span, l, edits, inserted, glued)) {
        *out_of_memory = true;
    } else if ((reason = number_word_changed(q->quote.cps, m, span, l, edits, inserted)) != NULL) {
        /* a number word made another number (rule c) */
    } else if (a_word_was_replaced(q->quote.cps, m, span, l, edits, inserted, glued)) {
        reason = "word_changed";
    }
    free(edits);
    free(glued);
    free(inserted);
    return reason;
}

/* ---- rule f: the edges --------------------------------------------------------- */

static bool is_decimal_mark(uint32_t cp)
{
    return cp == '.' || cp == ',';
}

/* True when s[0..n) begins (at_end false: ends) with a digit or a decimal
   mark and a digit: the stored context says the number went on. */
static bool number_goes_on(const uint32_t *s, size_t n, bool at_end)
{
    if (n == 0)
        return false;
    uint32_t near = at_end ? s[n - 1] : s[0], far = n > 1 ? (at_end ? s[n - 2] : s[1]) : 0;
    return is_digit(near) || (is_decimal_mark(near) && n > 1 && is_digit(far));
}

/* Thousands grouped by a space (rule c, next_digit) at an edge: a group
   of three digits follows s[at] after a space, or a number precedes it
   before one. */
static bool group_follows(const uint32_t *s, size_t n, size_t at)
{
    return at < n && s[at] == ' ' && digits_at(s, n, at + 1) == 3;
}

static bool group_precedes(const uint32_t *s, size_t at)
{
    return at >= 2 && s[at - 1] == ' ' && is_digit(s[at - 2]);
}

/* How many digits end s[0..n). */
static size_t digits_before(const uint32_t *s, size_t n)
{
    size_t count = 0;
    while (count < n && is_digit(s[n - 1 - count]))
        count++;
    return count;
}

/* True when the word of the text that the candidate's end cuts into,
   text[from..to), is a form of the quote's last word, quote[0..m)'s last
   run of word characters: it begins with all of that word but its last
   letter, or its last two for a word of five letters or more ("Каракас"
   in "Каракасом", "Казахстана" in "Казахстаном", "Астана" in "Астаной").
   "месяц" is no form of "год". */
static bool a_form_of_the_last_word(const uint32_t *quote, size_t m, const uint32_t *text,
                                    size_t from, size_t to)
{
    size_t start = word_start(quote, 0, m), common = 0;
    size_t length = m - start, need = length >= 5 ? length - 2 : length > 1 ? length - 1 : 1;
    while (common < length && from + common < to && quote[start + common] == text[from + common])
        common++;
    return common >= need;
}

/* text[from..to) (a word) lower-cased into word, as next_word does; false
   when it does not fit. */
static bool word_at(const uint32_t *text, size_t from, size_t to, char *word, size_t size)
{
    size_t at = from;
    return next_word(text, to, &at, word, size) && word[0] != '\0';
}

/* Whether s is one of words (NULL-ended). */
static bool one_of(const char *s, const char *const *words)
{
    for (const char *const *x = words; *x; x++)
        if (strcmp(s, *x) == 0)
            return true;
    return false;
}

/*
 * When the number word last (the quote's last word, lower case) runs on
 * into the longer word whole: NULL when whole is still that number, else
 * why not, by the word's language (ct_lexicon_number_language). English
 * number words take no endings: "sixty", "sixteen", "sixth" or "tens" is
 * another number (ct_lexicon_en_number_suffixes), "tenants" another word,
 * and only "ones", the pronoun's plural, is the same word. A Russian one
 * keeps its number only with an ending of case after the letters the two
 * share (ct_lexicon_ru_number_endings: "пятью" for "пять", "сорока" for
 * "сорок"; "пятьдесят", "пятьсот", "десятое", "сороковом" are other
 * numbers). A Kazakh one takes endings of every kind but keeps its own
 * letters: it stays its number only whole at the start of the word, and
 * then not with tens or an ordinal after it
 * (ct_lexicon_kk_number_extensions: "жетпіс" for "жеті", "бесінші" for
 * "бес"). Any other word in its place is another number ("үш" or "үшке"
 * for "он", "елу" for "екі") or not a number: refused either way, as the
 * Russian and English ones are.
 */
static const char *number_run_on(const char *last, const char *whole)
{
    const char *language = ct_lexicon_number_language(last);
    size_t common = 0;

    if (language == NULL)
        return NULL;
    while (last[common] && last[common] == whole[common])
        common++;
    const char *rest = whole + common;
    if (strcmp(language, "en") == 0) {
        if (strcmp(last, "one") == 0 && strcmp(whole, "ones") == 0)
            return NULL;
        return ct_lexicon_number_language(whole) || one_of(rest, ct_lexicon_en_number_suffixes)
                   ? "number_changed" : "word_changed";
    }
    if (strcmp(language, "ru") == 0)
        return rest[0] == '\0' || one_of(rest, ct_lexicon_ru_number_endings) ||
               (strncmp(last, "од", strlen("од")) == 0 && one_of(rest, ct_lexicon_ru_one_endings))
                   ? NULL : "number_changed";
    if (last[common] != '\0')
        return "number_changed";          /* its letters changed: another word */
    for (const char *const *x = ct_lexicon_kk_number_extensions; *x; x++)
        if (strstr(rest, *x))
            return "number_changed";
    return NULL;
}

/*
 * When the candidate's end cuts into text[from..to), a form of the
 * quote's last word (a_form_of_the_last_word): NULL when that word still
 * says what the quote's did, else why not. A denial glued on where the
 * quote's word denied nothing is rule g ("can" in "cannot", "на" in
 * "нет"); a denying word that runs on still denies ("расталмаған" in
 * "расталмағанын", "no" in "none"). A number word run on into another
 * number is rule c (number_run_on). A word that does not decline (an
 * English one) grows by three letters at most: "schools" of "school" and
 * "reporting" of "report" are forms, "manager" of "man" and "schoolyard"
 * of "school" other words.
 */
static const char *another_word_of_the_same_form(const uint32_t *quote, size_t m,
                                                 const uint32_t *text, size_t from, size_t to)
{
    size_t start = word_start(quote, 0, m);
    char last[64], whole[64];

    if (!word_at(quote, start, m, last, sizeof last) || !word_at(text, from, to, whole, sizeof whole) ||
        strcmp(last, whole) == 0)
        return NULL;
    if (denies(whole, strlen(whole)) > denies(last, strlen(last)))
        return "negation_changed";
    const char *number = number_run_on(last, whole);
    if (number != NULL)
        return number;
    /* a word that does not decline grows by three letters at most
       ("schools", "reporting", "stopped"), unless it is the same month
       written out */
    int month = ct_lexicon_month_of(last);
    if (!declinable(quote, start) && to - from > m - start + 3 &&
        !(month != 0 && ct_lexicon_month_of(whole) == month))
        return "word_changed";
    return NULL;
}

/* Whether text[end..n) begins with English's denying "n't" glued to the
   word before it, written "'t" ("can't", "won't" after "can", "won"):
   the apostrophe is no word character, so no word runs on. */
static bool denial_glued_after(const uint32_t *text, size_t n, size_t end)
{
    return end + 1 < n && text[end] == '\'' && (text[end + 1] == 't' || text[end + 1] == 'T') &&
           (end + 2 == n || !is_word_char(text[end + 2]));
}

/* Rule f: NULL, or why c's edges cut into a word or a number of the text
   that the stored quote did not cut into. A word running on past the
   quote's end is an ending ("Каракасе" for "Каракас") and is taken when
   the word it cuts into is a form of the quote's last word
   (a_form_of_the_last_word: "Казахстаном" for "Казахстана"); a cut into
   another word ("за мес|яц" for "за год") is not. One
   running on before its start is another word ("незаконно" for
   "законно", "unlikely" for "likely"); a number running on past either
   edge is another number ("120" for "20", "12,5" for "12"). Where the
   stored quote itself began or ended inside a word, as its prefix or
   suffix shows, so may the candidate. */
static const char *refused_by_edges(const query *q, const candidate *c)
{
    const uint32_t *quote = q->quote.cps, *text = q->text;
    size_t m = q->quote.length, at = c->start, end = c->end;
    const ct_textnorm *prefix = &q->prefix, *suffix = &q->suffix;

    if (end == at)
        return NULL;
    if (at > 0 && is_word_char(quote[0]) && is_word_char(text[at - 1]) &&
        !(prefix->length > 0 && is_word_char(prefix->cps[prefix->length - 1])))
        return is_digit(quote[0]) || is_digit(text[at - 1]) ? "number_changed" : "word_changed";
    if (end < q->n && is_word_char(quote[m - 1]) && is_word_char(text[end]) &&
        !(suffix->length > 0 && is_word_char(suffix->cps[0]))) {
        size_t from = word_start(text, at, end), to = word_end(text, q->n, end);
        if (!a_form_of_the_last_word(quote, m, text, from, to))
            return is_digit(quote[m - 1]) || is_digit(text[end]) ? "number_changed" : "word_changed";
        const char *changed = another_word_of_the_same_form(quote, m, text, from, to);
        if (changed)
            return changed;
    }
    if (end < q->n && is_word_char(quote[m - 1]) && denial_glued_after(text, q->n, end) &&
        !denial_glued_after(suffix->cps, suffix->length, 0))
        return "negation_changed";
    if (is_digit(quote[0]) && at > 0 && number_goes_on(text, at, true) &&
        !number_goes_on(prefix->cps, prefix->length, true))
        return "number_changed";
    if (is_digit(quote[m - 1]) && end < q->n && number_goes_on(text + end, q->n - end, false) &&
        !number_goes_on(suffix->cps, suffix->length, false))
        return "number_changed";
    /* "200 человек" in "1 200 человек", "составил 12" in "составил 12 500" */
    if (digits_at(quote, m, 0) == 3 && group_precedes(text, at) &&
        !group_precedes(prefix->cps, prefix->length))
        return "number_changed";
    size_t last_digits = digits_before(quote, m);
    if (last_digits >= 1 && last_digits <= 3 && group_follows(text, q->n, end) &&
        !group_follows(suffix->cps, suffix->length, 0))
        return "number_changed";
    /* "fell by 8.5" before "times" where it stood before "%" */
    if (is_digit(quote[m - 1]) && suffix->length > 0 &&
        unit_at(text, q->n, end, NULL, 0) != unit_at(suffix->cps, suffix->length, 0, NULL, 0))
        return "number_changed";
    return NULL;
}

/* How far back the words before a passage are read: to the start of its
   sentence (".", "!", "?" or "…" stops) or of its clause (",", ";", ":" or a
   bracket stops too). Quotation marks stop neither: "was not «like
   Caracas»" denies what is quoted. */
typedef enum reach { IN_THE_CLAUSE, IN_THE_SENTENCE } reach;

static bool ends_the_reach(uint32_t cp, reach how)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
           (how == IN_THE_CLAUSE && (cp == ',' || cp == ';' || cp == ':' || cp == '(' || cp == ')'));
}

/* The word that ends before s[at] within how far, lower-cased into word,
   its start into *start; false when the reach, or s, ends first, or the
   word does not fit. */
static bool word_before(const uint32_t *s, size_t at, reach how, char *word, size_t size,
                        size_t *start)
{
    while (at > 0 && !is_word_char(s[at - 1])) {
        if (ends_the_reach(s[at - 1], how))
            return false;
        at--;
    }
    *start = word_start(s, 0, at);
    return at > 0 && word_at(s, *start, at, word, size);
}

/* What the words just before a passage say of it: whether one of them
   denies it, and which modals they hold, nearest first. Three words, so
   that a word put between ("did not even apologise", "will also be
   installed") keeps what they say. */
#define WORDS_BEFORE 3

typedef struct stance {
    bool denied;
    int  modals[WORDS_BEFORE];
} stance;

/* Whether the denial word, before the word after (lower case, "" for
   none), denies nothing with it ("not only": ct_lexicon_not_denying). */
static bool denies_nothing(const char *word, const char *after)
{
    for (size_t i = 0; ct_lexicon_not_denying[i][0]; i++)
        if (strcmp(ct_lexicon_not_denying[i][0], word) == 0 &&
            strcmp(ct_lexicon_not_denying[i][1], after) == 0)
            return true;
    return false;
}

/* The stance of the (at most) WORDS_BEFORE words before s[at], read as
   far back as how reaches: a denial is a word of ct_lexicon_negations
   (not one that denies nothing with the word after it, "not only") or
   English "n't"; modals as modal_of names them. */
static stance stance_before(const uint32_t *s, size_t at, reach how)
{
    stance said = {false, {0}};
    char word[64], after[64] = "";
    size_t start, found = 0, end = at;

    for (int k = 0; k < WORDS_BEFORE && word_before(s, at, how, word, sizeof word, &start);
         k++, at = start) {
        bool contracted = is_nt(s, start, word);
        int modal = modal_of(s, start, end, word);
        said.denied = said.denied || contracted ||
                      (one_of(word, ct_lexicon_negations) && !denies_nothing(word, after));
        if (modal != 0)
            said.modals[found++] = modal;
        memcpy(after, word, sizeof after);
    }
    return said;
}

/* A parenthetical of at most this many words between the words before a
   passage and the passage is read past ("будет, по данным министерства,
   установлено"). */
#define PARENTHETICAL_WORDS 6

/* The mark that opens a parenthetical closed by close: a comma another
   comma, a bracket its bracket, a dash a dash (every dash is "-" in the
   comparison form, base/textnorm.h); 0 for none. */
static uint32_t opening_of(uint32_t close)
{
    if (close == ',' || close == '-')
        return close;
    return close == ')' ? '(' : 0;
}

/* Whether the word s[start..] (lower case: word, the text readable to
   s[n]) says something of what follows it: a denial (ct_lexicon_negations,
   English "n't") or a modal (modal_of). */
static bool says_of_what_follows(const uint32_t *s, size_t start, size_t n, const char *word)
{
    return one_of(word, ct_lexicon_negations) || is_nt(s, start, word) ||
           modal_of(s, start, n, word) != 0;
}

/* Whether the insert s[from..to) is neutral: no word of it denies, and
   none is a modal ("по данным министерства", not "(not)" nor "or will
   not"). */
static bool neutral_insert(const uint32_t *s, size_t from, size_t to)
{
    char word[64];
    size_t at = from;

    for (;;) {
        while (at < to && !is_word_char(s[at]))
            at++;
        size_t start = at;
        if (!next_word(s, to, &at, word, sizeof word))
            return true;
        if (says_of_what_follows(s, start, to, word))
            return false;
    }
}

/* Where the words before s[at] are read from: at, or the mark that opens
   an insert set off by commas, brackets or dashes right before at, when
   the insert is a parenthetical between a denial or a modal and the words
   it governs ("будет, по данным министерства, установлено", "will (the
   ministry says) be installed", "did not, as his office confirmed,
   apologise"). An insert of more than PARENTHETICAL_WORDS words, one that
   runs across a sentence's end, one that itself denies or holds a modal
   ("will (not) close"), or one after any other word (a list: "wages will
   not rise, pensions stay flat, taxes") is read as it stands. */
static size_t before_the_parenthetical(const uint32_t *s, size_t at)
{
    size_t close = at, words = 0, open_at = at, start;
    char word[64];

    while (close > 0 && s[close - 1] == ' ')
        close--;
    uint32_t open = close > 0 ? opening_of(s[close - 1]) : 0;
    /* a dash with a space on both sides: "будет - по данным - установлено",
       not the hyphen of "по-русски" */
    if (open == 0 || (open == '-' && close == at))
        return at;
    for (size_t i = close - 1; i > 0; i--) {
        uint32_t cp = s[i - 1];
        if (cp == open && (open != '-' || (i >= 2 && s[i - 2] == ' '))) {
            open_at = i - 1;
            break;
        }
        words += is_word_char(cp) && !is_word_char(s[i]);
        if (ends_the_reach(cp, IN_THE_SENTENCE) || words > PARENTHETICAL_WORDS)
            return at;
    }
    if (open_at == at || words == 0 || !neutral_insert(s, open_at + 1, close - 1) ||
        !word_before(s, open_at, IN_THE_SENTENCE, word, sizeof word, &start) ||
        !says_of_what_follows(s, start, open_at, word))
        return at;
    return open_at;
}

/* Where the text before c and the stored prefix are read from when the
   text has a parenthetical to read past (*at, before_the_parenthetical)
   and the prefix, cut to its 32 code points, shows none: the same insert
   at the prefix's end, its opening mark or the word before it cut off,
   is read past there too (*stored_at); a prefix that lies wholly inside
   the insert says nothing of the words before it, so the text is read as
   the prefix is, from c (an unedited article keeps its quote). */
static void align_the_parenthetical(const query *q, const candidate *c, size_t *at,
                                    size_t *stored_at)
{
    size_t insert = c->start - *at, length = q->prefix.length;

    if (*at == c->start || *stored_at != length)
        return;
    if (length >= insert &&
        memcmp(q->text + *at, q->prefix.cps + length - insert, insert * sizeof *q->text) == 0)
        *stored_at = length - insert;
    else if (length < insert &&
             memcmp(q->text + c->start - length, q->prefix.cps, length * sizeof *q->text) == 0)
        *at = c->start;
}

/* NULL when the words before c, read as far as how reaches, say of it
   what the stored prefix's last words said; else why not. Both are read
   past a parenthetical right before them (before_the_parenthetical,
   align_the_parenthetical). Unless the stored position shows the prefix
   is all the text before the quote, its first word may be cut ("annot"
   of "cannot"), so the text is read no further back from where its
   reading starts than the prefix is long from where its own starts, and
   its word is cut the same. */
static const char *stance_changed(const query *q, const candidate *c, reach how)
{
    bool whole = q->has_hint && q->hint_start <= q->prefix.length;
    size_t at = before_the_parenthetical(q->text, c->start);
    size_t stored_at = before_the_parenthetical(q->prefix.cps, q->prefix.length);
    align_the_parenthetical(q, c, &at, &stored_at);
    size_t from = !whole && at > stored_at ? at - stored_at : 0;
    stance now = stance_before(q->text + from, at - from, how);
    stance was = stance_before(q->prefix.cps, stored_at, how);

    if (now.denied != was.denied)
        return "negation_changed";
    return memcmp(now.modals, was.modals, sizeof now.modals) != 0 ? "word_changed" : NULL;
}

/* Whether cp breaks a line (LF, CR, VT, FF, NEL, U+2028, U+2029): the
   comparison form makes it a space like any other. */
static bool is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 ||
           cp == 0x2028 || cp == 0x2029;
}

/* Whether norm->cps[0..at), whose code points as sent are sent, ends a
   sentence: the last character before at but spaces and closing
   quotation marks or brackets is ".", "!", "?" or "…", or one of the
   spaces stands for a line break (a heading with no full stop above
   the sentence). Where nothing else precedes, nothing_before answers. */
static bool ends_a_sentence(const ct_textnorm *norm, const uint32_t *sent, size_t at,
                            bool nothing_before)
{
    for (; at > 0; at--) {
        uint32_t cp = norm->cps[at - 1];
        if (cp == ' ') {
            for (size_t k = norm->from[at - 1]; k < norm->to[at - 1]; k++)
                if (is_line_break(sent[k]))
                    return true;
        } else if (cp != '"' && cp != '\'' && cp != ')' && cp != ']') {
            return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
        }
    }
    return nothing_before;
}

/* Whether c begins a sentence in the text and the quote began one where
   it was tagged, as its stored prefix shows (nothing precedes a prefix
   that the stored position shows is all the text before the quote). */
static bool begins_a_sentence(const query *q, const candidate *c)
{
    bool all_before = q->has_hint && q->hint_start <= q->prefix.length;

    return ends_a_sentence(&q->doc->norm, q->doc->cps, c->start, true) &&
           ends_a_sentence(&q->prefix, q->prefix_sent, q->prefix.length, all_before);
}

/* Rule h: NULL, or why the words just before c say something else of it
   than the stored prefix's last words did: a denial put before the quote
   or taken away ("Сапаров не извинился" for "Сапаров извинился", "never
   apologised", "didn't apologise": "negation_changed"), or a modal put,
   taken away or made another ("будет установлено" for "установлено",
   "will be installed" for "are installed": "word_changed"). Exact
   matches too: the quote's own words are unchanged. Read both within the
   clause and within the sentence, and refused only when both readings
   differ: punctuation changed between the words and the quote ("nothing,
   before us" for "nothing before us", "no. The budget" for "no, the
   budget") moves no denial. Not for a quote that begins a sentence both
   in the text and where it was tagged (begins_a_sentence), the words
   before it another sentence's (a heading above it with no full stop);
   a capital letter is no sign of that ("data do not show Astana has"),
   and a quote that begins a sentence on one side only is judged, so a
   denial taken away by making the quote a sentence of its own is seen;
   nor without a stored prefix, nothing to compare. */
static const char *refused_by_the_words_before(const query *q, const candidate *c)
{
    if (q->prefix.length == 0 || begins_a_sentence(q, c))
        return NULL;
    const char *reason = stance_changed(q, c, IN_THE_CLAUSE);
    return reason && stance_changed(q, c, IN_THE_SENTENCE) ? reason : NULL;
}

/* ---- rule i: the words after, where Kazakh denies ------------------------------ */

/* Whether the lower-cased word denies the predicate it follows: a Kazakh
   denial word (ct_lexicon_kk_denials_after: "емес", "жоқ") or a Kazakh
   verb with a denying ending (ct_lexicon_kk_negative: "мәлімдемеді", the
   one who reported the quote said no such thing). Russian's and
   English's denials stand before what they deny, never after. */
static bool denies_what_precedes(const char *word)
{
    return one_of(word, ct_lexicon_kk_denials_after) ||
           ct_lexicon_ending(word, strlen(word), ct_lexicon_kk_negative, 3) != 0;
}

/* The word that begins at or after s[*at], of s[0..n), within how far,
   lower-cased into word, *at past it; false when the reach, or s, ends
   first. */
static bool word_after(const uint32_t *s, size_t n, size_t *at, reach how, char *word,
                       size_t size)
{
    while (*at < n && !is_word_char(s[*at])) {
        if (ends_the_reach(s[*at], how))
            return false;
        (*at)++;
    }
    return next_word(s, n, at, word, size);
}

/* Whether one of the (at most) WORDS_BEFORE words of s[at..n), read as
   far as how reaches, denies what precedes it (denies_what_precedes).
   Three words, so that a particle ("сұраған да жоқ", did not even ask)
   or the verb that reports the quote ("деп мәлімдеген жоқ") keeps the
   denial. */
static bool denied_after(const uint32_t *s, size_t at, size_t n, reach how)
{
    char word[64];

    for (int k = 0; k < WORDS_BEFORE && word_after(s, n, &at, how, word, sizeof word); k++)
        if (denies_what_precedes(word))
            return true;
    return false;
}

static size_t highlight_end(const query *q, const candidate *c);

/* Rule i: NULL, or "negation_changed" when the words just after c deny
   what it says where the stored suffix's first words did not, or the
   other way round: Kazakh puts its denial after the predicate ("Астана
   Каракасқа ұқсас емес" for "Астана Каракасқа ұқсас", "кешірім сұраған
   жоқ" for "кешірім сұраған"). Exact matches too. The text is read from
   the end of the highlight (a last word that runs on is the quote's) no
   further than the stored suffix is long, as rule h reads the prefix,
   and refused only when the readings within the clause and within the
   sentence both differ; a denial in the next sentence denies another
   statement. Nothing to compare without a stored suffix. */
static const char *refused_by_the_words_after(const query *q, const candidate *c)
{
    size_t length = q->suffix.length, from = highlight_end(q, c);
    size_t to = q->n - from > length ? from + length : q->n;

    if (length == 0)
        return NULL;
    bool clause = denied_after(q->text, from, to, IN_THE_CLAUSE) !=
                  denied_after(q->suffix.cps, 0, length, IN_THE_CLAUSE);
    bool sentence = denied_after(q->text, from, to, IN_THE_SENTENCE) !=
                    denied_after(q->suffix.cps, 0, length, IN_THE_SENTENCE);
    return clause && sentence ? "negation_changed" : NULL;
}

/* Rules a, b and e: NULL when c may be taken so far, else the reason. */
static const char *refused_by_context(const query *q, const candidate *c)
{
    bool has_prefix = q->prefix.length > 0, has_suffix = q->suffix.length > 0;

    if (has_prefix && has_suffix && c->p < CONTEXT_FLOOR && c->s < CONTEXT_FLOOR)
        return "context_contradicts";
    if (c->errors > 0 && ((has_prefix && c->p < CONTEXT_FLOOR) ||
                          (has_suffix && c->s < CONTEXT_FLOOR)))
        return "context_changed";
    if (c->score < CT_ANCHOR_MIN_SCORE - SCORE_EPSILON)
        return "low_score";
    return NULL;
}

/* ---- the result ------------------------------------------------------------- */

static void set_orphaned(ct_anchor_result *out, const char *reason)
{
    memset(out, 0, sizeof *out);
    out->how = CT_ANCHOR_ORPHANED;
    out->start = out->end = -1;
    out->refused = reason;
}

static void set_scores(ct_anchor_result *out, const candidate *c)
{
    out->score = c->score;
    out->prefix_score = c->p;
    out->suffix_score = c->s;
}

/*
 * The normalised end of the winner c as readers see it highlighted: the
 * end of the word it cuts where the quote itself ended a word. The search
 * ends a candidate where its errors are fewest, which may be inside the
 * word an edit changed: "президентом Казахстана" edited to "Казахстаном"
 * is found as "Казахстано", one letter short; and the quote as written
 * may now begin a longer word ("school" in "schools", "5 Sept" in "5
 * September"). Where the quote's last character is a letter and its
 * stored suffix begins with none, refused_by_edges took the word the
 * candidate cuts as a form of the quote's last word, and the highlight
 * covers it whole. Without a stored suffix only an edited match is
 * widened: the quote as written may have been selected inside a word. A
 * quote selected inside a word (its suffix a letter) keeps its cut. The
 * start needs no such care: a candidate
 * beginning inside a word where the quote began one is refused
 * (refused_by_edges).
 */
static size_t highlight_end(const query *q, const candidate *c)
{
    const ct_textnorm *quote = &q->quote, *suffix = &q->suffix;
    size_t end = c->end;

    if (is_word_char(quote->cps[quote->length - 1]) &&
        (suffix->length == 0 ? c->errors > 0 : !is_word_char(suffix->cps[0])))
        end = word_end(q->text, q->n, end);
    return end;
}

/* The highlight [*start, *end) without a space at either edge where the
   quote has none: an edit at the quote's edge can leave the space beside
   it in the match (" в 2023 году" for "за 2023 год"). */
static void trim_spaces(const query *q, size_t *start, size_t *end)
{
    const ct_textnorm *quote = &q->quote;

    while (*start < *end && q->text[*start] == ' ' && quote->cps[0] != ' ')
        (*start)++;
    while (*end > *start && q->text[*end - 1] == ' ' && quote->cps[quote->length - 1] != ' ')
        (*end)--;
}

/* How the winner is reported (anchor.h). */
static ct_anchor_how how_of(const query *q, const candidates *list, const candidate *c)
{
    if (c->errors > 0)
        return CT_ANCHOR_APPROXIMATE;
    if (list->exact == 1)
        return CT_ANCHOR_EXACT;
    if (c->p >= 1.0 && c->s >= 1.0) {
        size_t full = 0;
        for (size_t i = 0; i < list->count; i++)
            full += list->items[i].errors == 0 && list->items[i].p >= 1.0 &&
                    list->items[i].s >= 1.0;
        if (full == 1)
            return CT_ANCHOR_EXACT;
    }
    if (q->has_hint && c->orig_start == q->hint_start && c->orig_end == q->hint_end)
        return CT_ANCHOR_POSITION;
    return CT_ANCHOR_CONTEXT;
}

/* ---- the search ---------------------------------------------------------------- */

static unsigned max_errors(size_t quote_length)
{
    size_t k = quote_length < CHARS_PER_ERROR ? 0 : quote_length / CHARS_PER_ERROR;
    return k > MAX_ERRORS ? MAX_ERRORS : (unsigned)k;
}

/* Normalise a NUL-terminated selector string; NULL is the empty string.
   Its code points as sent go to *sent when sent is not NULL (the caller
   frees them), else are freed. */
static ct_rc normalise_string(const char *s, ct_textnorm *out, uint32_t **sent, ct_error *err)
{
    size_t length = 0;
    uint32_t *cps = decode(s ? s : "", s ? strlen(s) : 0, &length);
    ct_rc rc;

    if (cps == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    rc = ct_textnorm_build(cps, length, out, err);
    if (sent != NULL)
        *sent = cps;
    else
        free(cps);
    return rc;
}

static void query_free(query *q)
{
    ct_textnorm_free(&q->quote);
    ct_textnorm_free(&q->prefix);
    ct_textnorm_free(&q->suffix);
    free(q->prefix_sent);
    ct_myers_free(q->quote_fwd);
    ct_myers_free(q->quote_rev);
    ct_myers_free(q->prefix_rev);
    ct_myers_free(q->suffix_fwd);
}

static ct_rc query_init(query *q, const ct_anchor_text *doc, const ct_anchor_selector *sel,
                        ct_error *err)
{
    ct_rc rc;

    q->doc = doc;
    q->text = doc->norm.cps;
    q->n = doc->norm.length;
    q->has_hint = sel->start >= 0 && sel->end >= sel->start;
    q->hint_start = q->has_hint ? (size_t)sel->start : 0;
    q->hint_end = q->has_hint ? (size_t)sel->end : 0;
    rc = normalise_string(sel->exact, &q->quote, NULL, err);
    if (rc == CT_OK)
        rc = normalise_string(sel->prefix, &q->prefix, &q->prefix_sent, err);
    if (rc == CT_OK)
        rc = normalise_string(sel->suffix, &q->suffix, NULL, err);
    if (rc != CT_OK || q->quote.length == 0)
        return rc;
    q->quote_fwd = ct_myers_new(q->quote.cps, q->quote.length, false);
    q->quote_rev = ct_myers_new(q->quote.cps, q->quote.length, true);
    if (q->prefix.length > 0)
        q->prefix_rev = ct_myers_new(q->prefix.cps, q->prefix.length, true);
    if (q->suffix.length > 0)
        q->suffix_fwd = ct_myers_new(q->suffix.cps, q->suffix.length, false);
    if (q->quote_fwd == NULL || q->quote_rev == NULL ||
        (q->prefix.length > 0 && q->prefix_rev == NULL) ||
        (q->suffix.length > 0 && q->suffix_fwd == NULL))
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    return CT_OK;
}

/* Every candidate of the quote in the text, scored, best first. */
static ct_rc find_candidates(const query *q, candidates *list, ct_error *err)
{
    hit_filter filter = {.list = list};

    ct_myers_search(q->quote_fwd, q->text, q->n, max_errors(q->quote.length), on_hit, &filter);
    flush_run(&filter);
    free(filter.run_ends);
    if (list->failed)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    /* Too many to score: keep half by errors and position alone (an exact
       occurrence among thousands of near ones, with no context stored,
       survives wherever the stale position points), and the other half
       by the score foreseen, so that the place the stored context names
       survives however many times the quote occurs. */
    if (list->count > CT_ANCHOR_MAX_CANDIDATES) {
        for (size_t i = 0; i < list->count; i++) {
            guess_score(q, &list->items[i]);
            list->items[i].reserved = false;
        }
        qsort(list->items, list->count, sizeof *list->items, by_errors);
        for (size_t i = 0; i < CT_ANCHOR_MAX_CANDIDATES / 2; i++)
            list->items[i].reserved = true;
        qsort(list->items, list->count, sizeof *list->items, by_guess);
        list->count = CT_ANCHOR_MAX_CANDIDATES;
    }
    for (size_t i = 0; i < list->count; i++)
        score_candidate(q, &list->items[i]);
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, by_score);
    return CT_OK;
}

/* The first candidate that no rule refuses, into *out. */
static ct_rc choose(const query *q, const candidates *list, ct_anchor_result *out,
                    ct_error *err)
{
    const char *first_reason = "not_found";

    for (size_t i = 0; i < list->count; i++) {
        const candidate *c = &list->items[i];
        const char *reason = refused_by_context(q, c);
        bool out_of_memory = false;

        if (reason == NULL)
            reason = refused_by_edges(q, c);
        if (reason == NULL)
            reason = refused_by_the_words_before(q, c);
        if (reason == NULL)
            reason = refused_by_the_words_after(q, c);
        if (reason == NULL && c->errors > 0)
            reason = changed_meaning(q, c, &out_of_memory);
        if (out_of_memory)
            return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        if (reason == NULL) {
            size_t end = highlight_end(q, c), grown = end - c->end, start = c->start;
            /* a match whose last word runs on is the quote edited */
            out->how = grown > 0 ? CT_ANCHOR_APPROXIMATE : how_of(q, list, c);
            trim_spaces(q, &start, &end);
            out->start = (long)q->doc->norm.from[start];
            out->end = end > start ? (long)q->doc->norm.to[end - 1] : out->start;
            out->errors = (int)(c->errors > 0 ? c->errors : grown);
            out->refused = NULL;
            set_scores(out, c);
            return CT_OK;
        }
        if (i == 0) {
            first_reason = reason;
            set_scores(out, c);
        }
    }
    out->refused = first_reason;
    return CT_OK;
}

ct_rc ct_anchor_find(const ct_anchor_text *doc, const ct_anchor_selector *sel,
                     ct_anchor_result *out, ct_error *err)
{
    query q = {0};
    candidates list = {0};
    ct_rc rc;

    if (out)
        set_orphaned(out, "not_found");
    if (doc == NULL || sel == NULL || out == NULL)
        return ct_fail(err, CT_EINVALID, "invalid_value", NULL, "nothing to anchor");
    if (sel->exact == NULL || sel->exact[0] == '\0')
        return ct_fail(err, CT_EINVALID, "empty", "exact", "the quote is empty");

    rc = query_init(&q, doc, sel, err);
    if (rc != CT_OK || q.quote.length == 0)   /* a quote of invisible characters only */
        goto out;
    rc = find_candidates(&q, &list, err);
    if (rc == CT_OK)
        rc = choose(&q, &list, out, err);
out:
    free(list.items);
    query_free(&q);
    if (rc != CT_OK)
        set_orphaned(out, "not_found");
    return rc;
}
