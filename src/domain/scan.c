/*
 * scan.c -- passages that repeat a known claim (see scan.h).
 *
 * The text is decoded once into code points; sentences are spans of it
 * (cut after . ! ? … ; followed by a space, and at line breaks), so the
 * offsets answered are the host's code points. One statement finds the
 * candidates of every sentence at once; the checks of places, numbers and
 * negation run here on lower-cased words of the claim and the sentence.
 * The word lists are small and written out below: they are what lexical
 * overlap cannot know, not a model of the languages.
 */
#include "domain/scan.h"

#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/jsonout.h"
#include "domain/claims.h"
#include "domain/lexicon.h"

#define WORDS_MAX   256
#define WORD_MAX    64           /* bytes of one lower-cased word */
#define NUMBERS_MAX 32

/* ---- SQL ------------------------------------------------------------------------- */

/* $1 the sentences in their comparison form (domain/lexicon.h), $2 the
   language, $3 the article, $4 the least score, $5 the least share a
   trigram match needs (CT_SCAN_TRIGRAM_COVERAGE). Per sentence:

   - the claims read: those one of whose keys its probe holds
     (sql/014_match_lexicon.sql: a claim with a place and a number is met
     only by sentences with both; through the GIN index on match_keys) and
     one of whose content terms it holds (no other can reach the least
     score), in the article's language, neither mentioned in the article
     nor dismissed for it; at most CT_SCAN_CANDIDATES_READ of them, so
     that a sentence of common words costs a bounded time;
   - of those, the ones holding at least $5 of their content terms (not
     numbers, not places: those are checked apart; a verbatim repeat holds
     them all), best first: the greater share of all their terms (places
     and numbers too: a claim of another year comes after the claim of
     the sentence's), then of their content terms, then the more terms
     held (a long claim repeated whole before a short one), then the
     newer; at most CT_SCAN_CANDIDATES_MAX are checked. Both counts come
     from one pass over the claim's terms (its content terms are among
     them, each once), as one aggregate: a subquery the planner cannot
     fold into its caller, so the filter and the sort keys read the counts
     instead of counting again. What bounds a scan at a million claims
     is not the counting but reading the candidates' rows: about 550 per
     sentence, most in a block of their own.

   Each with the claim's comparison form ('' when it has none yet: the
   match_text job has not reached it), its text, the share, where the
   share is under $4, the trigram similarity of the claim's form to the
   sentence (sql/015_match_trigram.sql; 0 for a claim without a form), and
   whether it is published (what find() ranks a sentence's repeats by,
   after their score). */
static const ct_stmt stmt_candidates = {"ct_scan_candidates",
    "WITH s AS MATERIALIZED (SELECT u.ord, u.txt, t.terms, ct_match_probe(t.terms) AS probe"
    "             FROM unnest($1::text[]) WITH ORDINALITY AS u(txt, ord),"
    "                  LATERAL (SELECT ct_match_terms($2, u.txt) AS terms) t),"
    " x AS MATERIALIZED (SELECT ARRAY(SELECT m.claim_id FROM ct_mentions m WHERE m.article_id = $3"
    "                       UNION SELECT d.claim_id FROM ct_suggestions d"
    "                              WHERE d.article_id = $3 AND d.status = 'dismissed') AS ids),"
    " c AS (SELECT s.ord, s.txt, b.id, COALESCE(b.match_text, '') AS form, b.text, b.coverage,"
    "              b.published"
    "       FROM s CROSS JOIN x CROSS JOIN LATERAL (SELECT r.id, r.match_text, r.text,"
    "           h.content::float8 / greatest(cardinality(r.match_content), 1) AS coverage,"
    "           r.published"
    "         FROM (SELECT k.id, k.match_text, k.text, k.match_terms, k.match_content, k.published"
    "                 FROM ct_claims k"
    "                WHERE k.match_keys && s.probe AND k.match_content && s.terms"
    "                  AND split_part(lower(k.language), '-', 1) = split_part(lower($2), '-', 1)"
    "                  AND k.id <> ALL (x.ids)"
    "                LIMIT " CT_SCAN_CANDIDATES_READ_TEXT ") r"
    "         CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE t = ANY (r.match_content)) AS content,"
    "                                    count(*) AS terms"
    "                               FROM unnest(r.match_terms) t WHERE t = ANY (s.terms)) h"
    "         WHERE h.content::float8 / greatest(cardinality(r.match_content), 1) >= $5::float8"
    "         ORDER BY h.terms::float8 / greatest(cardinality(r.match_terms), 1) DESC, coverage DESC,"
    "                  h.terms DESC, r.id DESC"
    "         LIMIT " CT_SCAN_CANDIDATES_MAX_TEXT ") b)"
    " SELECT ord, id, form, text, coverage,"
    "        CASE WHEN coverage < $4::float8 THEN ct_match_similarity(form, txt) ELSE 1 END,"
    "        published"
    "   FROM c ORDER BY ord, id", 5};

/* The article's mentions: their claim, quote and recorded span (code
   points; NULL when never anchored), each counting towards the claims of
   one sentence (mentions_per_sentence, CT_SCAN_PER_SENTENCE). */
static const ct_stmt stmt_mentioned = {"ct_scan_mentioned",
    "SELECT claim_id, quote_exact, position_start, position_end FROM ct_mentions"
    " WHERE article_id = $1 AND quote_exact <> ''", 1};

/* One scan of an article at a time, and no mention added to it while one
   runs: a scan reads the article's mentions and pending suggestions, then
   replaces the suggestions and (with scan_auto_confirm_score) adds
   mentions, so two at once (two saves of the article, two editors) each
   found the claim new and wrote it twice, and a suggestion confirmed
   meanwhile came back as pending. Every scan takes the article's lock
   (ct_stmt_article_lock, claims.h) before it reads anything; a mention
   added takes it in ct_mention_add; a confirmation takes it by the
   suggestion's article before it takes the suggestion, so that it waits
   for a scan in the same order a scan takes them. */
static const ct_stmt stmt_suggestion_article_lock = {"ct_scan_suggestion_article_lock",
    "SELECT pg_advisory_xact_lock(" CT_ARTICLE_LOCK_CLASS ", hashtext(article_id))"
    " FROM ct_suggestions WHERE id = $1::bigint", 1};

static const ct_stmt stmt_clear = {"ct_scan_clear",
    "DELETE FROM ct_suggestions WHERE article_id = $1 AND status = 'pending'", 1};

/* A suggestion <n> as the routes answer it. */
#define SUGGESTION_JSON(n) \
    "json_build_object('id', " n ".id, 'article_id', " n ".article_id, 'claim_id', " n ".claim_id," \
    " 'claim_text', (SELECT k.text FROM ct_claims k WHERE k.id = " n ".claim_id)," \
    " 'start', " n ".position_start, 'end', " n ".position_end, 'quote', " n ".quote_exact," \
    " 'prefix', " n ".quote_prefix, 'suffix', " n ".quote_suffix," \
    " 'score', round(" n ".score::numeric, 3), 'method', " n ".method, 'status', " n ".status)"

/* The found suggestions, written and answered best first. */
static const ct_stmt stmt_store = {"ct_scan_store",
    "WITH n AS (INSERT INTO ct_suggestions (article_id, claim_id, position_start, position_end,"
    "   quote_exact, quote_prefix, quote_suffix, score, method, created_by)"
    " SELECT $1, u.claim, u.s, u.e, u.q, u.prefix, u.suffix, u.score, u.method, $2"
    "   FROM unnest($3::bigint[], $4::int[], $5::int[], $6::text[], $7::real[], $8::text[],"
    "               $9::text[], $10::text[])"
    "        AS u(claim, s, e, q, score, method, prefix, suffix)"
    " RETURNING *)"
    " SELECT json_build_object('suggestions', COALESCE(json_agg(" SUGGESTION_JSON("n")
    "   ORDER BY n.score DESC, n.position_start, n.claim_id), '[]'))::text FROM n", 10};

/* The article's pending suggestions, best first, with their claims' text. */
static const ct_stmt stmt_list = {"ct_scan_list",
    "SELECT json_build_object('suggestions', COALESCE(json_agg(" SUGGESTION_JSON("n")
    "   ORDER BY n.score DESC, n.position_start, n.claim_id), '[]'))::text"
    " FROM ct_suggestions n WHERE n.article_id = $1 AND n.status = 'pending'", 1};

/* A pending suggestion, locked: what its mention needs. */
static const ct_stmt stmt_take = {"ct_scan_take",
    "SELECT claim_id, article_id, quote_exact, quote_prefix, quote_suffix, position_start,"
    "  position_end FROM ct_suggestions WHERE id = $1::bigint AND status = 'pending' FOR UPDATE", 1};

static const ct_stmt stmt_confirmed = {"ct_scan_confirmed",
    "DELETE FROM ct_suggestions WHERE id = $1::bigint", 1};

static const ct_stmt stmt_dismiss = {"ct_scan_dismiss",
    "UPDATE ct_suggestions n SET status = 'dismissed' WHERE id = $1::bigint AND status = 'pending'"
    " RETURNING " SUGGESTION_JSON("n") "::text", 1};

const ct_stmt *const ct_scan_sql[] = {&stmt_suggestion_article_lock, &stmt_candidates,
                                      &stmt_mentioned, &stmt_clear, &stmt_store, &stmt_list,
                                      &stmt_take, &stmt_confirmed, &stmt_dismiss, NULL};

/* ---- words ----------------------------------------------------------------------- */

typedef struct words {
    size_t n;
    char   w[WORDS_MAX][WORD_MAX];
} words;

/* The lower-cased words of a UTF-8 text (ct_lexicon_word_char), at most WORDS_MAX
   of them, each cut to WORD_MAX - 1 bytes. */
static void split_words(const char *text, words *out)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t at = 0;
    char *cur = NULL;

    out->n = 0;
    while (*p) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        p += k;
        if (!ct_lexicon_word_char(cp)) {
            cur = NULL;
            continue;
        }
        if (cur == NULL) {
            if (out->n == WORDS_MAX)
                return;
            cur = out->w[out->n++];
            at = 0;
            cur[0] = '\0';
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (at + (size_t)m < WORD_MAX) {
            memcpy(cur + at, enc, (size_t)m);
            at += (size_t)m;
            cur[at] = '\0';
        }
    }
}

static bool starts(const char *word, const char *prefix)
{
    return strncmp(word, prefix, strlen(prefix)) == 0;
}

/* ---- places ---------------------------------------------------------------------- */

/* The places the words of a comparison form name ("place<id>"), as a bit
   set of ids. */
static uint64_t places_of(const words *w, bool cities_only)
{
    uint64_t set = 0;
    for (size_t i = 0; i < w->n; i++) {
        int id = ct_lexicon_place_id(w->w[i]);
        if (id >= 0 && (!cities_only || ct_lexicon_place_is_city(id)))
            set |= UINT64_C(1) << id;
    }
    return set;
}

/* ---- numbers --------------------------------------------------------------------- */

typedef struct numbers {
    size_t n;
    double v[NUMBERS_MAX];
} numbers;

typedef struct number_word {
    char        lang[3];
    const char *prefix;
    double      value;
    bool        exact;        /* the whole word, not a prefix */
} number_word;

static const number_word number_words[] = {
    {"ru", "один", 1, true}, {"ru", "одна", 1, true}, {"ru", "два", 2, true},
    {"ru", "две", 2, true}, {"ru", "двух", 2, true}, {"ru", "вдвое", 2, true},
    {"ru", "три", 3, true}, {"ru", "трёх", 3, true}, {"ru", "трех", 3, true},
    {"ru", "втрое", 3, true}, {"ru", "четыре", 4, true}, {"ru", "вчетверо", 4, true},
    {"ru", "пять", 5, true}, {"ru", "десять", 10, true}, {"ru", "половин", 0.5, false},
    {"ru", "треть", 1.0 / 3, false},
    {"kk", "бір", 1, true}, {"kk", "екі", 2, true}, {"kk", "үш", 3, true},
    {"kk", "төрт", 4, true}, {"kk", "бес", 5, true}, {"kk", "он", 10, true},
    {"kk", "жарты", 0.5, false},
    {"en", "one", 1, true}, {"en", "two", 2, true}, {"en", "twice", 2, true},
    {"en", "double", 2, false}, {"en", "three", 3, true}, {"en", "threefold", 3, true},
    {"en", "triple", 3, false}, {"en", "four", 4, true}, {"en", "five", 5, true},
    {"en", "ten", 10, true}, {"en", "half", 0.5, false}, {"en", "halved", 0.5, true},
    {"en", "third", 1.0 / 3, false},
};

static double multiplier(const char *word)
{
    if (starts(word, "тыс") || starts(word, "мың") || starts(word, "thousand"))
        return 1e3;
    if (starts(word, "млн") || starts(word, "миллион") || starts(word, "million"))
        return 1e6;
    if (starts(word, "млрд") || starts(word, "миллиард") || starts(word, "billion"))
        return 1e9;
    return 1;
}

static bool all_digits(const char *w)
{
    return w[0] && strspn(w, "0123456789") == strlen(w);
}

/*
 * The numbers of the words: digit groups (a group of exactly three digits
 * after a number continues it: "20 000", "10,000"), times a following
 * "тысяч", "мың", "million"...; and number words.
 */
static void numbers_of(const words *w, const char *lang, numbers *out)
{
    out->n = 0;
    for (size_t i = 0; i < w->n && out->n < NUMBERS_MAX; i++) {
        double v = -1;
        if (all_digits(w->w[i])) {
            v = strtod(w->w[i], NULL);
            while (i + 1 < w->n && all_digits(w->w[i + 1]) && strlen(w->w[i + 1]) == 3 && v < 1e6)
                v = v * 1000 + strtod(w->w[++i], NULL);
            if (i + 1 < w->n)
                v *= multiplier(w->w[i + 1]);
        } else {
            for (size_t k = 0; k < sizeof number_words / sizeof *number_words; k++)
                if (strncmp(number_words[k].lang, lang, 2) == 0 &&
                    (number_words[k].exact ? strcmp(w->w[i], number_words[k].prefix) == 0
                                           : starts(w->w[i], number_words[k].prefix))) {
                    v = number_words[k].value;
                    if (i + 1 < w->n)
                        v *= multiplier(w->w[i + 1]);
                    break;
                }
        }
        if (v >= 0)
            out->v[out->n++] = v;
    }
}

/* A year of the calendar: a partial quote may leave it out. */
static bool is_year(double v)
{
    return v >= 1900 && v <= 2100 && v == floor(v);
}

static bool has_year(const numbers *n)
{
    for (size_t i = 0; i < n->n; i++)
        if (is_year(n->v[i]))
            return true;
    return false;
}

static bool same_number(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

/* Whether n holds v; a fraction also as its percentage ("half" and "50
   percent", "жартысы" and "50 %"). */
static bool has_number(const numbers *n, double v)
{
    for (size_t i = 0; i < n->n; i++)
        if (same_number(n->v[i], v) || (v < 1 && same_number(n->v[i], v * 100)) ||
            (n->v[i] < 1 && same_number(n->v[i] * 100, v)))
            return true;
    return false;
}

/* A number of years a text speaks of: "5 лет", "10 years", "10 жыл"; a
   bare year after "за", "в", "a", "in", "per" ("за год", "a year") is one.
   Years of the calendar ("2026 году") are not periods. */
static bool year_word(const char *w)
{
    return starts(w, "год") || starts(w, "лет") || starts(w, "year") || starts(w, "жыл");
}

static void periods_of(const words *w, numbers *out)
{
    static const char *const one[] = {"за", "в", "a", "in", "per", NULL};
    out->n = 0;
    for (size_t i = 1; i < w->n && out->n < NUMBERS_MAX; i++) {
        const char *before = w->w[i - 1];
        bool bare = false;
        for (size_t k = 0; one[k]; k++)
            bare = bare || strcmp(before, one[k]) == 0;
        if (!year_word(w->w[i]))
            continue;
        if (all_digits(before) && strtod(before, NULL) < 200)
            out->v[out->n++] = strtod(before, NULL);
        else if (bare)
            out->v[out->n++] = 1;
    }
}

/* Whether two texts speak of periods and of no period in common ("за
   год" and "за пять лет"). */
static bool other_period(const numbers *claim, const numbers *sentence)
{
    for (size_t i = 0; i < claim->n; i++)
        if (has_number(sentence, claim->v[i]))
            return false;
    return claim->n > 0 && sentence->n > 0;
}

/* ---- negation -------------------------------------------------------------------- */

/* Words that deny, per language. Those of the first list deny what
   follows them ("не как в Каракасе", "not like"): they count when one of
   the next three words is a word of the claim, so that "стараются не
   выходить" in a sentence that repeats the claim does not. Those of the
   second deny the whole sentence ("опровергли", "denied", "жалған"):
   longer ones also as the beginning of a word. Either counts only when
   the claim itself does not hold the word. */
static const char *const near_negations_ru[] = {"не", "нет", "ни", "никак", "вовсе", NULL};
static const char *const near_negations_kk[] = {"емес", "жоқ", NULL};
static const char *const near_negations_en[] = {
    "not", "no", "never", "nothing", "nowhere", "isn", "wasn", "aren", "weren", "didn", "doesn",
    "don", NULL};
/* What a near negation denies the whole sentence with: "не соответствует
   действительности", "не подтверждается", "is not true". */
static const char *const denied_ru[] = {
    "соответств", "подтвержд", "подтверд", "имеют", "имеет", "правд", "верн", "основан",
    "выдерж", NULL};
static const char *const denied_en[] = {
    "true", "correct", "accurate", "case", "support", "confirmed", "borne", "basis", "evidence",
    "grounds", "stand", "hold", NULL};
static const char *const denied_kk[] = {"негіз", "шындық", "рас", "дұрыс", NULL};
static const char *const negations_ru[] = {
    "отнюдь", "нельзя", "вопреки", "неправда", "опроверг", "ложн", "ложь", "миф", "фейк",
    "необоснован", "безоснователь", "неверн", "недостоверн", "отверг", "дезинформ", NULL};
static const char *const negations_kk[] = {
    "жалған", "теріс", "қате", "негізсіз", "асыра", "керісінше", NULL};
static const char *const negations_en[] = {
    "false", "untrue", "denied", "denies", "deny", "refuted", "myth", "fake", "unfounded",
    "groundless", "corrected", "correction", "clarified", "wrong", "dismiss", "rejected",
    "debunk", "inaccurate", "misleading", "baseless", "contrary", NULL};

/* Whether word is one of the cues: whole, or (cues of more than two
   letters' bytes) as its beginning. */
static bool is_cue(const char *word, const char *const *cues, bool prefixes)
{
    for (size_t k = 0; cues[k]; k++) {
        size_t n = strlen(cues[k]);
        if (prefixes && n > 4 ? strncmp(word, cues[k], n) == 0 : strcmp(word, cues[k]) == 0)
            return true;
    }
    return false;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The bytes of the first cps code points of s. */
static size_t prefix_bytes(const char *s, size_t cps)
{
    size_t b = 0;
    for (size_t n = 0; s[b] && n < cps; n++)
        for (b++; ((unsigned char)s[b] & 0xC0) == 0x80; b++)
            ;
    return b;
}

/* Whether the claim has word, or (words of four letters or more) a word
   of the same first four letters: an inflected form of it. */
static bool claim_has(const words *claim, const char *word, bool inflected)
{
    for (size_t i = 0; i < claim->n; i++) {
        if (strcmp(claim->w[i], word) == 0)
            return true;
        if (inflected && code_points(word) >= 4 && code_points(claim->w[i]) >= 4) {
            if (strncmp(claim->w[i], word, prefix_bytes(word, 4)) == 0)
                return true;
        }
    }
    return false;
}

/* Whether a near negation at i bears on the claim: a claim word of three
   letters or more among the next three words (Kazakh: the two before, as
   "емес" follows what it denies). */
static bool denies_claim_word(const words *sentence, size_t i, const words *claim, bool after)
{
    for (size_t k = 1; k <= (after ? 2u : 3u); k++) {
        if (after ? i < k : i + k >= sentence->n)
            break;
        const char *w = sentence->w[after ? i - k : i + k];
        if ((code_points(w) >= 3 || all_digits(w)) && claim_has(claim, w, true))
            return true;
    }
    return false;
}

/* Whether one of the three words after i (Kazakh: the two before)
   begins with a word of list. */
static bool beside(const words *sentence, size_t i, const char *const *list, bool before)
{
    size_t from = before ? (i >= 2 ? i - 2 : 0) : i + 1;
    size_t to = before ? i : i + 4;
    for (size_t k = from; k < sentence->n && k < to; k++)
        for (size_t p = 0; list[p]; p++)
            if (starts(sentence->w[k], list[p]))
                return true;
    return false;
}

/* "Жетіспейді" (is lacking) has the form of a denial and asserts. */
static bool lacks(const char *word)
{
    return starts(word, "жетіспей") || starts(word, "жетпей");
}

/* Whether the sentence says the opposite word of one of the claim's
   ("пригодна" where the claim says "непригодна", "safe" where it says
   "unsafe"). */
static bool antonym_of_claim(const words *claim, const char *word, const char *lang)
{
    const char *not = strncmp(lang, "ru", 2) == 0 ? "не" : strncmp(lang, "en", 2) == 0 ? "un" : NULL;
    char negated[WORD_MAX + 8];
    if (not == NULL || code_points(word) < 4)
        return false;
    snprintf(negated, sizeof negated, "%s%s", not, word);
    return claim_has(claim, negated, false);
}

/* Whether the sentence denies rather than repeats the claim. */
static bool denies(const words *sentence, const words *claim, const char *lang)
{
    bool kk = strncmp(lang, "kk", 2) == 0;
    const char *const *near = strncmp(lang, "ru", 2) == 0 ? near_negations_ru
                            : kk ? near_negations_kk : near_negations_en;
    const char *const *whole = strncmp(lang, "ru", 2) == 0 ? negations_ru
                             : kk ? negations_kk : negations_en;
    const char *const *denied = strncmp(lang, "ru", 2) == 0 ? denied_ru
                              : kk ? denied_kk : denied_en;
    for (size_t i = 0; i < sentence->n; i++) {
        const char *w = sentence->w[i];
        if (claim_has(claim, w, false))
            continue;
        if (is_cue(w, whole, true) || antonym_of_claim(claim, w, lang))
            return true;
        if (is_cue(w, near, false) && (denies_claim_word(sentence, i, claim, kk) ||
                                       beside(sentence, i, denied, kk)))
            return true;
        if (kk && !lacks(w) && ct_lexicon_ending(w, strlen(w), ct_lexicon_kk_negative, 1) != 0)
            return true;
    }
    return false;
}

/* The claim's words in a row inside the sentence's: a verbatim repeat. */
static bool contains_words(const words *sentence, const words *claim)
{
    for (size_t i = 0; claim->n && i + claim->n <= sentence->n; i++) {
        size_t k = 0;
        while (k < claim->n && strcmp(sentence->w[i + k], claim->w[k]) == 0)
            k++;
        if (k == claim->n)
            return true;
    }
    return false;
}

/* What the checks read of a text: its words, places, numbers, denial. */
typedef struct facts {
    words    w;
    uint64_t places, cities;
    numbers  n, periods;
} facts;

static void facts_of(const char *text, const char *lang, facts *f)
{
    split_words(text, &f->w);
    f->places = places_of(&f->w, false);
    f->cities = places_of(&f->w, true);
    numbers_of(&f->w, lang, &f->n);
    periods_of(&f->w, &f->periods);
}

/*
 * Whether a sentence repeats a claim, by the checks of scan.h; *verbatim
 * when it holds the claim's words in a row.
 */
static bool repeats(const facts *claim, const facts *sentence, const char *lang, bool *verbatim)
{
    uint64_t claim_countries = claim->places & ~claim->cities;
    uint64_t sentence_countries = sentence->places & ~sentence->cities;
    bool other_country = claim_countries != 0 && (sentence_countries & ~claim->places) != 0;
    bool ok = (sentence->places & claim->places) == claim->places;
    for (size_t i = 0; ok && i < claim->n.n; i++)      /* a year may be left out, not changed */
        ok = has_number(&sentence->n, claim->n.v[i]) ||
             (is_year(claim->n.v[i]) && !has_year(&sentence->n));
    ok = ok && !other_period(&claim->periods, &sentence->periods) &&
         !denies(&sentence->w, &claim->w, lang);
    *verbatim = ok && contains_words(&sentence->w, &claim->w);
    /* another city, or another country for a claim about one: another
       claim, unless the claim is there word for word */
    return ok && (*verbatim || ((sentence->cities & ~claim->places) == 0 && !other_country));
}

/* ---- sentences ------------------------------------------------------------------- */

typedef struct sentence {
    size_t start, end;            /* code points of the text, end exclusive */
    size_t byte_start, byte_end;  /* the same in bytes                      */
} sentence;

typedef struct decoded {
    size_t     ncp;
    size_t    *byte_at;           /* ncp + 1 entries: each code point's first byte */
    sentence  *sentences;
    size_t     nsentences;
} decoded;

static bool ends_sentence(utf8proc_int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == ';';
}

static bool is_space(utf8proc_int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Add [from, to) as a sentence, its spaces trimmed. */
static void add_sentence(decoded *d, const utf8proc_int32_t *cps, size_t from, size_t to)
{
    while (from < to && is_space(cps[from]))
        from++;
    while (to > from && is_space(cps[to - 1]))
        to--;
    if (to > from)
        d->sentences[d->nsentences++] = (sentence){from, to, d->byte_at[from], d->byte_at[to]};
}

/* The text's code points and sentences; false when it is not UTF-8 or
   memory ran out. */
static bool decode(const char *text, size_t len, decoded *d)
{
    utf8proc_int32_t *cps = malloc((len + 1) * sizeof *cps);
    size_t from = 0;

    d->byte_at = malloc((len + 1) * sizeof *d->byte_at);
    d->sentences = malloc((len / 2 + 2) * sizeof *d->sentences);
    d->ncp = d->nsentences = 0;
    if (cps == NULL || d->byte_at == NULL || d->sentences == NULL) {
        free(cps);
        return false;
    }
    for (size_t at = 0; at < len;) {
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + at,
                                              (utf8proc_ssize_t)(len - at), &cps[d->ncp]);
        if (k <= 0) {
            free(cps);
            return false;
        }
        d->byte_at[d->ncp++] = at;
        at += (size_t)k;
    }
    d->byte_at[d->ncp] = len;
    for (size_t i = 0; i < d->ncp; i++) {
        bool cut = cps[i] == '\n' ||
                   (ends_sentence(cps[i]) && (i + 1 == d->ncp || is_space(cps[i + 1])));
        if (cut) {
            add_sentence(d, cps, from, cps[i] == '\n' ? i : i + 1);
            from = i + 1;
        }
    }
    add_sentence(d, cps, from, d->ncp);
    free(cps);
    return true;
}

/* ---- the scan -------------------------------------------------------------------- */

static const char *str_of(const ct_buf *b)
{
    return b->data ? b->data : "";
}

#define CONTEXT_CPS 32     /* code points of a quote's prefix and suffix */

/* What was found, as the arrays stmt_store takes, and those confirmed at
   once (auto_confirm). */
typedef struct found_set {
    ct_buf claims, starts, ends, quotes, scores, methods, prefixes, suffixes;
    size_t n;
    json_object *confirmed;
} found_set;

static void found_add(found_set *f, const char *claim, const sentence *s, const char *text,
                      const decoded *d, double score, const char *method)
{
    bool first = f->n++ == 0;
    size_t before = s->start > CONTEXT_CPS ? s->start - CONTEXT_CPS : 0;
    size_t after = s->end + CONTEXT_CPS < d->ncp ? s->end + CONTEXT_CPS : d->ncp;
    ct_buf_appendf(&f->claims, "%s%s", first ? "" : ",", claim);
    ct_buf_appendf(&f->starts, "%s%zu", first ? "" : ",", s->start);
    ct_buf_appendf(&f->ends, "%s%zu", first ? "" : ",", s->end);
    ct_buf_append_array_item(&f->quotes, text + s->byte_start, s->byte_end - s->byte_start,
                             first);
    ct_buf_appendf(&f->scores, "%s%.4f", first ? "" : ",", score);
    ct_buf_appendf(&f->methods, "%s%s", first ? "" : ",", method);
    ct_buf_append_array_item(&f->prefixes, text + d->byte_at[before],
                             s->byte_start - d->byte_at[before], first);
    ct_buf_append_array_item(&f->suffixes, text + s->byte_end, d->byte_at[after] - s->byte_end,
                             first);
}

static void found_free(found_set *f)
{
    ct_buf *all[8] = {&f->claims, &f->starts, &f->ends, &f->quotes, &f->scores, &f->methods,
                      &f->prefixes, &f->suffixes};
    for (int i = 0; i < 8; i++)
        ct_buf_free(all[i]);
    json_object_put(f->confirmed);
}

/* A passage scored at or above auto_confirm becomes a mention at once. */
static ct_rc confirm_now(ct_conn *conn, const char *article_id, const char *claim,
                         const sentence *s, const char *text, const decoded *d, double score,
                         const char *method, const ct_actor *actor, found_set *f, ct_error *err)
{
    size_t before = s->start > CONTEXT_CPS ? s->start - CONTEXT_CPS : 0;
    size_t after = s->end + CONTEXT_CPS < d->ncp ? s->end + CONTEXT_CPS : d->ncp;
    char *exact = strndup(text + s->byte_start, s->byte_end - s->byte_start);
    char *prefix = strndup(text + d->byte_at[before], s->byte_start - d->byte_at[before]);
    char *suffix = strndup(text + s->byte_end, d->byte_at[after] - s->byte_end);
    char start[24], end[24];
    ct_rc rc = exact && prefix && suffix ? CT_OK
             : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");

    snprintf(start, sizeof start, "%zu", s->start);
    snprintf(end, sizeof end, "%zu", s->end);
    ct_mention_input m = {article_id, NULL, {exact, prefix, suffix}, start, end, "suggested"};
    if (rc == CT_OK)
        rc = ct_mention_add(conn, claim, &m, actor, err);
    if (rc == CT_OK) {
        json_object *o = ct_jnew_object();
        ct_jset(o, "claim_id", ct_jnew_int64(strtoll(claim, NULL, 10)));
        ct_jset(o, "start", ct_jnew_int64((int64_t)s->start));
        ct_jset(o, "end", ct_jnew_int64((int64_t)s->end));
        ct_jset(o, "quote", ct_jnew_string(exact));
        char number[16];
        snprintf(number, sizeof number, "%.3f", score);
        ct_jset(o, "score", ct_jnew_double_s(score, number));
        ct_jset(o, "method", ct_jnew_string(method));
        ct_jset(o, "status", ct_jnew_string("confirmed"));
        ct_jpush(f->confirmed, o);
    }
    free(exact);
    free(prefix);
    free(suffix);
    return rc;
}

/* The comparison forms of the sentences (domain/lexicon.h), as a
   PostgreSQL array literal into list and one by one into forms. */
static bool sentence_forms(const char *text, const decoded *d, const char *language,
                           char **forms, ct_buf *list)
{
    ct_buf_append(list, "{");
    for (size_t i = 0; i < d->nsentences; i++) {
        const sentence *s = &d->sentences[i];
        forms[i] = ct_lexicon_normalize(language, text + s->byte_start, s->byte_end - s->byte_start);
        if (forms[i] == NULL)
            return false;
        ct_buf_append_array_item(list, forms[i], strlen(forms[i]), i == 0);
    }
    ct_buf_append(list, "}");
    return !list->failed;
}

/* The facts of a candidate claim: from its stored comparison form, or
   (a claim the match_text job has not reached) from its text. */
static bool claim_facts(const char *form, const char *text, const char *language, facts *f)
{
    char *made = form[0] ? NULL : ct_lexicon_normalize(language, text, strlen(text));
    if (form[0] == '\0' && made == NULL)
        return false;
    facts_of(made ? made : form, language, f);
    free(made);
    return true;
}

/* How many places and numbers other than years of the calendar a text's
   facts name: what a repeat must hold whatever its words. */
static int fixed_points(const facts *f)
{
    int n = __builtin_popcountll(f->places);
    for (size_t i = 0; i < f->n.n; i++)
        n += !is_year(f->n.v[i]);
    return n;
}

/* Whether a candidate repeats its claim, and how: its score, and *method
   "verbatim", "lexical" or "trigram" (scan.h); NULL when it does not. */
static double judge(const facts *claim, const facts *seen, const char *lang,
                    double coverage, double similarity, const char **method)
{
    bool verbatim = false;
    *method = NULL;
    if (!repeats(claim, seen, lang, &verbatim))
        return 0;
    if (verbatim)
        *method = "verbatim";
    else if (coverage >= CT_SCAN_THRESHOLD)
        *method = "lexical";
    else if (coverage >= CT_SCAN_TRIGRAM_COVERAGE && similarity >= CT_SCAN_TRIGRAM_SIMILARITY &&
             fixed_points(claim) >= 2)
        *method = "trigram";
    return verbatim ? 1.0 : *method ? coverage : 0;
}

/* One scan: what its candidates are judged against and where what passes
   goes. */
typedef struct scan_job {
    ct_conn *conn;
    const char *article_id, *text, *language;
    const decoded *d;
    double auto_confirm;           /* > 0: scan_auto_confirm_score */
    const ct_actor *actor;
    found_set *f;
    const size_t *mentioned_in;    /* claims mentioned at each sentence (mentions_per_sentence) */
} scan_job;

/* A candidate that repeats its claim, until its sentence's best are
   chosen. */
typedef struct repeat_found {
    size_t row;                    /* of the candidates' rows */
    double score;
    const char *method;
    bool published;
    long long claim;
} repeat_found;

/* Best first: the higher score, then a published claim (its verdict is
   what readers are shown), then the newer claim. */
static int repeat_order(const void *a, const void *b)
{
    const repeat_found *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->published != y->published)
        return x->published ? -1 : 1;
    return (x->claim < y->claim) - (x->claim > y->claim);
}

/* A quote to look for in the text, with Horspool's table of how far the
   byte under the window's last byte lets the window move. */
typedef struct quote_search {
    const unsigned char *bytes;
    size_t n;
    size_t skip[256];
} quote_search;

static void quote_search_init(quote_search *q, const char *quote)
{
    q->bytes = (const unsigned char *)quote;
    q->n = strlen(quote);
    for (size_t c = 0; c < 256; c++)
        q->skip[c] = q->n;
    for (size_t i = 0; i + 1 < q->n; i++)
        q->skip[q->bytes[i]] = q->n - 1 - i;
}

/* The first byte offset at or after from where the len bytes of text
   hold the quote (not empty); -1 when they do not. */
static long find_from(const char *text, size_t len, size_t from, const quote_search *q)
{
    const unsigned char *t = (const unsigned char *)text;
    for (size_t at = from; q->n > 0 && at + q->n <= len; at += q->skip[t[at + q->n - 1]])
        if (memcmp(t + at, q->bytes, q->n) == 0)
            return (long)at;
    return -1;
}

/* The sentence byte b is in, or the first after it; -1: none. */
static long sentence_from_byte(const decoded *d, size_t b)
{
    for (size_t i = 0; i < d->nsentences; i++)
        if (b < d->sentences[i].byte_end)
            return (long)i;
    return -1;
}

/* The occurrence of q in the text nearest to byte near; -1: none. The
   occurrences come in order, so none after the first past near is
   nearer. */
static long nearest(const char *text, size_t len, const quote_search *q, size_t near)
{
    long best = -1;
    size_t best_gap = SIZE_MAX;
    for (long at = find_from(text, len, 0, q); at >= 0;
         at = find_from(text, len, (size_t)at + 1, q)) {
        size_t gap = (size_t)at > near ? (size_t)at - near : near - (size_t)at;
        if (gap < best_gap) {
            best = at;
            best_gap = gap;
        }
        if ((size_t)at >= near)
            break;
    }
    return best;
}

/* The sentence mention row r of m is at (the one it starts in, or the
   next when it starts between two): where its recorded span is, when the
   text there is still its quote; else the occurrence of its quote nearest
   to where it was; else, its quote edited away, its recorded start. -1
   when none: no position recorded and the quote not in the text, or a
   start (recorded, or of the quote found) past the text's last
   sentence. */
static long place_mention(const ct_rows *m, size_t r, const char *text, size_t len,
                          const decoded *d)
{
    const char *from = ct_rows_get(m, r, 2), *to = ct_rows_get(m, r, 3);
    bool known = from != NULL && to != NULL;
    size_t start = known ? strtoul(from, NULL, 10) : 0, end = known ? strtoul(to, NULL, 10) : 0;
    size_t at_start = start <= d->ncp ? d->byte_at[start] : len;
    quote_search q;

    quote_search_init(&q, ct_rows_get(m, r, 1));
    if (known && start <= end && end <= d->ncp && d->byte_at[end] - at_start == q.n &&
        memcmp(text + at_start, q.bytes, q.n) == 0)
        return sentence_from_byte(d, at_start);
    long at = nearest(text, len, &q, at_start);
    if (at >= 0)
        return sentence_from_byte(d, (size_t)at);
    return known ? sentence_from_byte(d, at_start) : -1;
}

/* How many claims the article's mentions m are of at each sentence
   (place_mention; two mentions of one claim there count once): malloc'd,
   one per sentence; NULL when memory ran out. */
static size_t *mentions_per_sentence(const ct_rows *m, const char *text, const decoded *d)
{
    size_t n = ct_rows_count(m);
    long *at = malloc((n + 1) * sizeof *at);
    size_t *count = calloc(d->nsentences + 1, sizeof *count);
    bool ok = at != NULL && count != NULL;

    for (size_t r = 0; ok && r < n; r++) {
        bool again = false;
        at[r] = place_mention(m, r, text, d->byte_at[d->ncp], d);
        for (size_t k = 0; k < r && !again; k++)
            again = at[k] == at[r] && strcmp(ct_rows_get(m, k, 0), ct_rows_get(m, r, 0)) == 0;
        if (at[r] >= 0 && !again)
            count[at[r]]++;
    }
    free(at);
    if (!ok) {
        free(count);
        count = NULL;
    }
    return count;
}

/* The best of sentence i's n repeats, as many as its mentions leave room
   for under CT_SCAN_PER_SENTENCE: suggested, or, scored at or above the
   job's auto_confirm, made mentions at once. */
static ct_rc keep_best(const scan_job *job, const ct_rows *rows, repeat_found *found, size_t n,
                       size_t i, ct_error *err)
{
    const sentence *s = &job->d->sentences[i];
    size_t mentioned = job->mentioned_in[i];
    size_t room = mentioned < CT_SCAN_PER_SENTENCE ? CT_SCAN_PER_SENTENCE - mentioned : 0;
    ct_rc rc = CT_OK;
    qsort(found, n, sizeof *found, repeat_order);
    for (size_t k = 0; rc == CT_OK && k < n && k < room; k++) {
        const char *claim = ct_rows_get(rows, found[k].row, 1);
        if (job->auto_confirm > 0 && found[k].score >= job->auto_confirm)
            rc = confirm_now(job->conn, job->article_id, claim, s, job->text, job->d,
                             found[k].score, found[k].method, job->actor, job->f, err);
        else
            found_add(job->f, claim, s, job->text, job->d, found[k].score, found[k].method);
    }
    return rc;
}

/* Judge candidate row r against seen, the facts of its sentence: into
   *out when it repeats its claim. False when memory ran out. */
static bool judge_row(const ct_rows *rows, size_t r, const facts *seen, const char *language,
                      facts *claim, repeat_found *out, bool *repeats_claim)
{
    double coverage = strtod(ct_rows_get(rows, r, 4), NULL);
    double similarity = strtod(ct_rows_get(rows, r, 5), NULL);
    const char *method = NULL;

    *repeats_claim = false;
    if (!claim_facts(ct_rows_get(rows, r, 2), ct_rows_get(rows, r, 3), language, claim))
        return false;
    double score = judge(claim, seen, language, coverage, similarity, &method);
    if (method) {
        *out = (repeat_found){r, score, method, ct_rows_get(rows, r, 6)[0] == 't',
                              strtoll(ct_rows_get(rows, r, 1), NULL, 10)};
        *repeats_claim = true;
    }
    return true;
}

/* The candidates of every sentence (rows, by sentence), checked; the best
   of each sentence's repeats kept (keep_best). forms: the sentences'
   comparison forms. */
static ct_rc judge_all(const scan_job *job, const ct_rows *rows, char *const *forms,
                       ct_error *err)
{
    repeat_found *found = malloc((ct_rows_count(rows) + 1) * sizeof *found);
    facts *claim = malloc(sizeof *claim), *seen = malloc(sizeof *seen);
    size_t seen_ord = 0, n = 0;     /* the sentence *seen is of, its repeats in found */
    ct_rc rc = found && claim && seen ? CT_OK
             : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");

    for (size_t r = 0; rc == CT_OK && r < ct_rows_count(rows); r++) {
        size_t ord = strtoul(ct_rows_get(rows, r, 0), NULL, 10);
        bool repeats_claim = false;
        if (ord < 1 || ord > job->d->nsentences)
            continue;
        if (ord != seen_ord && n > 0)
            rc = keep_best(job, rows, found, n, seen_ord - 1, err);
        if (ord != seen_ord) {
            facts_of(forms[ord - 1], job->language, seen);
            seen_ord = ord;
            n = 0;
        }
        if (rc == CT_OK && !judge_row(rows, r, seen, job->language, claim, &found[n],
                                      &repeats_claim))
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        n += repeats_claim;
    }
    if (rc == CT_OK && n > 0)
        rc = keep_best(job, rows, found, n, seen_ord - 1, err);
    free(found);
    free(claim);
    free(seen);
    return rc;
}

/* The candidates of every sentence, checked; the best of what passes into
   f, or, scored at or above auto_confirm (> 0), made a mention at once. */
static ct_rc find(ct_conn *conn, const char *article_id, const char *text, const decoded *d,
                  const char *language, double auto_confirm, const ct_actor *actor, found_set *f,
                  ct_error *err)
{
    ct_buf list = CT_BUF_INIT;
    ct_rows *rows = NULL, *mentioned = NULL;
    char **forms = calloc(d->nsentences, sizeof *forms);
    ct_rc rc = forms && sentence_forms(text, d, language, forms, &list) ? CT_OK
             : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    char least[16], least_trigram[16];
    snprintf(least, sizeof least, "%.3f", CT_SCAN_THRESHOLD);
    snprintf(least_trigram, sizeof least_trigram, "%.3f", CT_SCAN_TRIGRAM_COVERAGE);
    const char *params[5] = {str_of(&list), language, article_id, least, least_trigram};

    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_candidates, 5, params, &rows, err);
    if (rc == CT_OK && ct_rows_count(rows) > 0)
        rc = ct_exec(conn, &stmt_mentioned, 1, &article_id, &mentioned, err);
    size_t *mentioned_in = rc == CT_OK ? mentions_per_sentence(mentioned, text, d) : NULL;
    if (rc == CT_OK && mentioned_in == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    const scan_job job = {conn, article_id, text, language, d, auto_confirm, actor, f,
                          mentioned_in};
    if (rc == CT_OK)
        rc = judge_all(&job, rows, forms, err);
    for (size_t i = 0; forms && i < d->nsentences; i++)
        free(forms[i]);
    free(forms);
    free(mentioned_in);
    ct_rows_free(rows);
    ct_rows_free(mentioned);
    ct_buf_free(&list);
    return rc;
}

ct_rc ct_scan_article(ct_conn *conn, const char *article_id, const char *text, size_t len,
                      const char *language, double auto_confirm, const ct_actor *actor,
                      char **json, ct_error *err)
{
    decoded d = {0};
    found_set f = {CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT,
                   CT_BUF_INIT, CT_BUF_INIT, 0, ct_jnew_array()};
    char *pending = NULL;
    ct_rc rc = decode(text, len, &d) ? CT_OK
             : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");

    if (rc == CT_OK)
        rc = ct_exec(conn, &ct_stmt_article_lock, 1, &article_id, NULL, err);
    if (rc == CT_OK && d.nsentences > 0)
        rc = find(conn, article_id, text, &d, language, auto_confirm, actor, &f, err);
    const char *clear[1] = {article_id};
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_clear, 1, clear, NULL, err);
    ct_buf *lists[8] = {&f.claims, &f.starts, &f.ends, &f.quotes, &f.scores, &f.methods,
                        &f.prefixes, &f.suffixes};
    char *arrays[8] = {NULL};
    for (int i = 0; rc == CT_OK && i < 8; i++) {
        ct_buf wrapped = CT_BUF_INIT;
        ct_buf_appendf(&wrapped, "{%s}", str_of(lists[i]));
        arrays[i] = lists[i]->failed ? NULL : ct_buf_take(&wrapped);
        if (arrays[i] == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        ct_buf_free(&wrapped);
    }
    if (rc == CT_OK) {
        const char *params[10] = {article_id, actor->id, arrays[0], arrays[1], arrays[2],
                                  arrays[3], arrays[4], arrays[5], arrays[6], arrays[7]};
        rc = ct_exec_text(conn, &stmt_store, 10, params, "suggestions", &pending, err);
    }
    if (rc == CT_OK) {             /* the pending ones, and those confirmed at once */
        json_object *out = ct_jparse(pending);
        ct_jset(out, "confirmed", json_object_get(f.confirmed));
        *json = out ? strdup(ct_jdump(out, JSON_C_TO_STRING_PLAIN)) : NULL;
        json_object_put(out);
        if (*json == NULL)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    for (int i = 0; i < 8; i++)
        free(arrays[i]);
    free(pending);
    found_free(&f);
    free(d.byte_at);
    free(d.sentences);
    return rc;
}

ct_rc ct_scan_suggestions(ct_conn *conn, const char *article_id, char **json, ct_error *err)
{
    return ct_exec_text(conn, &stmt_list, 1, &article_id, "suggestions", json, err);
}

ct_rc ct_scan_confirm(ct_conn *conn, const char *suggestion_id, const ct_actor *actor,
                      char **claim_id, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &stmt_suggestion_article_lock, 1, &suggestion_id, NULL, err);

    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_take, 1, &suggestion_id, &rows, err);
    *claim_id = NULL;
    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such pending suggestion");
    if (rc == CT_OK) {
        ct_mention_input m = {ct_rows_get(rows, 0, 1), NULL,
                              {ct_rows_get(rows, 0, 2), ct_rows_get(rows, 0, 3),
                               ct_rows_get(rows, 0, 4)},
                              ct_rows_get(rows, 0, 5), ct_rows_get(rows, 0, 6), "suggested"};
        rc = ct_mention_add(conn, ct_rows_get(rows, 0, 0), &m, actor, err);
    }
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_confirmed, 1, &suggestion_id, NULL, err);
    if (rc == CT_OK && (*claim_id = strdup(ct_rows_get(rows, 0, 0))) == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    ct_rows_free(rows);
    return rc;
}

ct_rc ct_scan_dismiss(ct_conn *conn, const char *suggestion_id, char **json, ct_error *err)
{
    return ct_exec_text(conn, &stmt_dismiss, 1, &suggestion_id, "pending suggestion", json, err);
}
