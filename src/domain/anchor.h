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
 * Text and selectors are compared in the normalised form of textnorm.h
 * (NFC; whitespace runs as one space; soft hyphens and zero-width
 * characters ignored; typographic quotes and dashes as plain ones), and
 * every offset reported is an offset into the text exactly as sent.
 *
 * The scoring model (after Hypothesis's match-quote, with stricter rules
 * for refusing a candidate). Candidates are the places where the quote
 * matches with at most k = floor(m / 5) edit errors, m the normalised
 * quote length (k = 0 for quotes under 5 code points), found by Myers'
 * bit-parallel search over the whole text, however long. Each candidate
 * gets
 *
 *     score = (50 q + 20 p + 20 s + 2 d) / 92
 *
 *     q = 1 - errors / m
 *     p = 1 - (edit distance of the stored prefix to the text that ends
 *         exactly at the candidate, best over how much of that text is
 *         taken) / prefix length, at least 0; 1 when no prefix is stored
 *     s = the same for the suffix and the text from the candidate's end
 *     d = 1 - |start - stored start| / text length; 1 without a position
 *
 * A candidate is never taken (the mention is orphaned rather than wrong)
 * when
 *     a. prefix and suffix are both stored and both agree less than 0.5
 *        (CT_ANCHOR_CONTRADICTED, "context_contradicts");
 *     b. it has errors and a stored prefix or suffix agrees less than 0.5
 *        ("context_changed");
 *     c. it has errors and its numbers (runs of decimal digits; thousands
 *        grouped by spaces, "1 200 000", are one number, the same as
 *        "1200000") or its words of scale ("млн", "billion", "мың") are
 *        not the quote's, or a number word of the quote now stands as
 *        another number ("sixty" for "six", "десятый" for "десять",
 *        "пятьсот" for "пять", "үш" or "үшке" for Kazakh "он"; a case
 *        ending, "пятью" for "пять", "екісі" for "екі", is the same
 *        number: a Kazakh number word keeps its number only whole at the
 *        start of its word and without tens or an ordinal after it), or
 *        its numbers are counted in other units ("%",
 *        "процентов", "per cent", "pct" against "раза", "times": "8.5
 *        times" for "8.5%"; compared as sets, so "12 и 15%" is "12% и
 *        15%"; a unit just past the end counts, so a match that stops
 *        before "times" still says it): a changed number is a changed
 *        claim ("number_changed");
 *     d. it has errors and a word of the quote is replaced by a
 *        different word: of 4 or more letters, more than a third of them
 *        changed; of 3, all three ("век" for "год", "six" for "ten");
 *        a month by another month however few letters differ ("июля"
 *        for "июня", "Jul" for "Jun": ct_lexicon_month_of; a misspelt
 *        month names none, so "сентябя" corrected is a typo; a month
 *        written short or out is the same word, "September" for
 *        "Sept.", "сентября" for "сент."); a word by
 *        its opposite (ct_lexicon_opposites: "decreased" for "increased",
 *        "exports" for "imports", "down" for "up", "против" for "за");
 *        a word that lost a start that made it its opposite
 *        (ct_lexicon_denying_prefixes: "founded"
 *        for "unfounded", also as "well-founded"; not "president" for
 *        "prepresident", a typo); or other words that make the claim a
 *        possibility or a future (ct_lexicon_modals, in order: "got"
 *        for "will get", "would" for "could"; "May" capitalised is a
 *        month or a name); without the whole word being deleted
 *        ("word_changed"). A change
 *        within a Russian or Kazakh word's last letter (its last two for
 *        five or more), at most one letter longer, is another ending of
 *        the same word ("новой" for "новая", "школе" for "школа"), not a
 *        word replaced; not so for an English word ("lowest" for
 *        "lower"), and a number word made another number so is refused
 *        by rule c ("пятый" for "пять"). One or two letters of
 *        three ("teh" for "the") are a typo, and words of one or two
 *        letters are not weighed ("of" for "fo", "в" for "на"). Letters glued
 *        to the whole word's start make another word ("unlikely" for
 *        "likely"); glued after its end they count as changed letters
 *        ("пятьсот" for "пять" is replaced, "Астанаға" for "Астана" not);
 *     e. its score is below CT_ANCHOR_MIN_SCORE (0.75) ("low_score");
 *     f. with or without errors, an edge cuts into the text where the
 *        stored quote did not (its prefix, or suffix, shows it began, or
 *        ended, between words): a word runs on before its start, which
 *        makes it another word ("незаконно" for "законно", "unlikely"
 *        for "likely": "word_changed"), or a number runs on past either
 *        edge, digits or a decimal mark and digits ("120" for "20",
 *        "12,5" for "12") or a group of thousands ("1 200" for "200",
 *        "12 500" for "12"), or a quote that ends with a number is now
 *        followed by another unit than its stored suffix ("fell by 8.5"
 *        before "times" where it stood before "%"): "number_changed". A word running on past its
 *        end is an ending and is taken when the word it cuts into begins
 *        with the quote's last word but its last letter (two for a word of
 *        five or more): "Каракасе" for "Каракас", "Казахстаном" for
 *        "Казахстана"; otherwise the edge cuts into another word
 *        ("за мес|яц" for "за год": "word_changed"). Such a form is still
 *        refused when it makes a number word another number ("six" in
 *        "sixty", "пяти" in "пятидесяти", "десять" in "десятое", "жеті"
 *        in "жетпіс": "number_changed"; an ending of case, "пятью" for
 *        "пять", is the same number) or glues on a denial where the
 *        quote's word denied nothing ("can" in "cannot" or "can't":
 *        "negation_changed");
 *     g. it has errors and it denies where the quote did not, or the other
 *        way round: it holds a different number of denying words
 *        (ct_lexicon_negations, English "n't" once per word, words
 *        beginning with Russian's "не" or "ни", Kazakh verbs with a
 *        denying ending in any person, Kazakh adjectives of lack,
 *        "негізсіз" for "негізді"): "Астана не похожа на
 *        Каракас" for "Астана похожа на Каракас", "is not like" for
 *        "is like" ("negation_changed"). Checked after c, before d;
 *     h. with or without errors, where a prefix is stored and the quote
 *        does not begin a sentence both in the text and in the tagged
 *        text (the words before it another sentence's: the last
 *        character before it but spaces and closing quotation marks or
 *        brackets is ".", "!", "?" or "…", or a line break stands between,
 *        a heading with no full stop, or nothing precedes it; the prefix
 *        shows this for the tagged text, and a prefix the stored
 *        position shows is all the text before has nothing before it; a
 *        capital letter is no sign of a sentence's start, "data do not
 *        show Astana has" is judged), the three
 *        words before it deny it where the prefix's last three did not,
 *        or the other way round ("Сапаров не извинился" for "Сапаров
 *        извинился", "never apologised", "didn't apologise", "have
 *        never been installed": "negation_changed"; "not only" and
 *        "ни много ни мало" deny nothing, ct_lexicon_not_denying), or
 *        hold other modals ("будет установлено" for "установлено",
 *        "will be installed" for "are installed": "word_changed"). The
 *        quote's own words are all there, but the sentence says another
 *        thing of them. The words are read back to the start of the
 *        clause and, apart, of the sentence (".", "!", "?", "…"), and the
 *        candidate is refused only when both readings differ, so a comma
 *        put in or made a full stop moves no denial. The text is read no
 *        further back than the prefix is long (its first word may be
 *        cut: "annot" of "cannot"), unless the stored position shows the
 *        prefix is all the text before the quote;
 *     i. with or without errors, where a suffix is stored, the three
 *        words after it deny it where the suffix's first three did not,
 *        or the other way round ("negation_changed"). This is Kazakh's
 *        rule h: Kazakh denies after the predicate, with a word of
 *        ct_lexicon_kk_denials_after ("Астана Каракасқа ұқсас емес" for
 *        "... ұқсас", "кешірім сұраған жоқ" or "сұраған да жоқ" for
 *        "кешірім сұраған") or a verb with a denying ending
 *        (ct_lexicon_kk_negative: "ұқсас деп мәлімдемеді" for "ұқсас деп
 *        мәлімдеді"). Russian and English deny before what they deny, so
 *        their "не" or "not" after a quote denies what follows it and
 *        counts for nothing here; the words that count are Kazakh's
 *        only, so no language need be known. Read from the highlight's
 *        end no further than the suffix is long, within the clause and,
 *        apart, the sentence, and refused only when both readings
 *        differ: a denial in the next sentence is another statement's.
 * Of the others the highest score wins; on a tie the one nearest the
 * stored position, then the first.
 *
 * How the winner is reported:
 *     EXACT        no errors, and either its prefix and suffix both agree
 *                  fully and no other place does, or it is the quote's
 *                  only occurrence;
 *     POSITION     no errors, not EXACT, at exactly the stored position;
 *     CONTEXT      no errors, one of several occurrences, chosen by score;
 *     APPROXIMATE  errors; its span runs to the end of the word an edit
 *                  changed where the quote ended a word (highlight_end in
 *                  anchor.c: "Казахстаном", not "Казахстано"). Also the
 *                  quote as written where its stored suffix shows it
 *                  ended a word and the text's word now runs on ("school"
 *                  at the start of "schools"): the span covers that word,
 *                  errors counts the letters it grew by;
 *                  no span begins or ends with a space the quote does not
 *                  (" в 2023 году" for "за 2023 год" is "в 2023 году");
 *     ORPHANED     nothing acceptable; `refused` says why the best
 *                  candidate was refused (NULL when there was none).
 */
#ifndef CT_ANCHOR_H
#define CT_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* An article text decoded once into code points. */
typedef struct ct_anchor_text ct_anchor_text;

/*
 * Decode text[0..len) (valid UTF-8, typically up to 1 MiB) into *out and
 * build its normalised form, once for all the quotes anchored in it.
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

/*
 * Most candidates scored for one quote (a quote of a few letters can
 * occur tens of thousands of times in a long text). Where there are more,
 * half are kept by their errors alone, fewest first, then nearest the
 * stored start (so an exact occurrence is never crowded out by thousands
 * of near ones when no context is stored), and the other half are those
 * whose score is foreseen best: the score's weights applied
 * to the errors found, to how much of the stored prefix's last 32 and the
 * suffix's first 32 code points the text repeats next to the candidate
 * (compared along an alignment that steps over a code point changed, put
 * in or taken out) and to the distance from the stored start; on a tie
 * the nearest the stored start, then the first. So the place the context
 * names is scored however many times the quote occurs and wherever a
 * stale position points, and with neither context nor position the first
 * 4,096 are.
 */
#define CT_ANCHOR_MAX_CANDIDATES 4096

/*
 * The most work one request may ask of the matcher, in block steps: one
 * step is one 64-character block of a quote (Myers' bit-parallel search)
 * moved over one character of the text. Re-anchoring an article costs,
 * for each of its mentions, (blocks of its quote + 2 for its prefix and
 * suffix) steps per character of the text. A 20,000-character article
 * with 20 mentions takes 1.2 million; 64 mentions of a 1,900-character
 * quote in a 1 MiB article, which took 8 s of CPU before this limit,
 * would take 2 billion. A request over 2^28 is refused before any work
 * (422 anchor_budget_exceeded) instead of holding a pooled connection and
 * the article's row locks for the time it would take.
 */
#define CT_ANCHOR_BUDGET_STEPS ((uint64_t)1 << 28)

/* The lowest score a candidate may have to be taken. */
#define CT_ANCHOR_MIN_SCORE 0.75

typedef struct ct_anchor_result {
    ct_anchor_how how;
    long   start, end;      /* code points of the text as sent; -1 when orphaned */
    int    errors;          /* edit errors of the normalised quote, 0 unless APPROXIMATE */
    double score;           /* 0..1 of the winner (or of the best refused candidate) */
    double prefix_score;    /* p and s of that candidate, 0..1                  */
    double suffix_score;
    const char *refused;    /* ORPHANED: static reason code of the best candidate's
                               refusal ("context_contradicts", "context_changed",
                               "number_changed", "negation_changed", "word_changed", "low_score") or
                               "not_found"; NULL otherwise */
} ct_anchor_result;

/*
 * Find sel in doc and fill *out. Never fails for valid input except
 * CT_ENOMEM. Time: one pass of Myers' search over the text, about
 * text length x (k / 64 + 1) word operations, plus O(candidates x context
 * length) for scoring (at most CT_ANCHOR_MAX_CANDIDATES are scored; where
 * more are found, choosing them costs O(candidates) comparisons of at
 * most 64 code points of context each and a sort, O(candidates log
 * candidates)), plus one O(m^2) alignment per approximate candidate
 * checked by rules c and d. Memory: O(text + m^2). Invalid input
 * is CT_EINVALID: a NULL doc, sel or out ("invalid_value"), a NULL or
 * empty sel->exact ("empty", field "exact"); out, when given, then says
 * orphaned.
 */
ct_rc ct_anchor_find(const ct_anchor_text *doc, const ct_anchor_selector *sel,
                     ct_anchor_result *out, ct_error *err);

/* "exact", "position", "context", "approximate", "orphaned"; never NULL. */
const char *ct_anchor_how_name(ct_anchor_how how);

#endif
