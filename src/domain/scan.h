/*
 * scan.h -- finding the passages of an article that repeat a known claim.
 *
 * An article's text is cut into sentences, and each is put in the
 * comparison form claims are kept in (domain/lexicon.h: other names of
 * places and numbers as one word each, the desk's synonyms). PostgreSQL's
 * full-text search finds, for each, the claims of the article's language
 * whose terms it mostly holds (sql/013_matching.sql, sql/014_match_lexicon.sql,
 * sql/015_match_trigram.sql:
 * Snowball stems for Russian and English, the simple configuration's words
 * cut to five letters for Kazakh, through a GIN index of the places and
 * numbers a repeat must name, or the first content terms). Each candidate
 * is then checked against what lexical overlap cannot see:
 *
 *   - places: every city, country or lake the claim names must be named;
 *     unless it holds the claim word for word, a sentence naming another
 *     country than the claim's is not a repeat, nor one naming another city
 *     or lake: a claim about Astana does not match a sentence about Almaty;
 *   - numbers: every number of the claim must be in the sentence ("10-30
 *     %" does not match "50 %"), except a year a partial quote leaves out
 *     when it names no other; and a sentence speaking of another period
 *     ("за пять лет" for "за год") is not a repeat;
 *   - negation: a sentence that denies the claim -- a denial of the whole
 *     sentence ("опровергли", "unfounded"), a short negation ("не",
 *     "емес", "not") beside a word or number of the claim or beside "true",
 *     a Kazakh verb that denies, or the opposite of one of the claim's
 *     words ("пригодна" for "непригодна"), each unless the claim says it
 *     too -- disputes it or quotes its rebuttal: it is not suggested.
 *
 * What passes is a suggestion: its code-point span in the text as sent,
 * the sentence as its quote, a score (the share of the claim's terms the
 * sentence holds; 1 when it holds the claim word for word) and a method
 * ("verbatim" when the claim's text is in the sentence as it is;
 * "lexical" when it holds CT_SCAN_THRESHOLD of the claim's content
 * terms; "trigram" when it holds fewer, names the claim's places or
 * numbers, and pg_trgm finds most of the claim's letters in it: a word
 * the stemmer leaves apart, "Сарыаркинском" for "Сарыарка", Kazakh
 * "жеткені" for "жетті"). Claims the article already mentions, and claims dismissed
 * for it, are not suggested.
 */
#ifndef CT_SCAN_H
#define CT_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "domain/lexicon.h"
#include "domain/timeline.h"
#include "store/store.h"

#define CT_SCAN_TEXT_MAX   (1024 * 1024)   /* bytes of an article's text */
/* Per sentence, the claims read at most (the first the index gives: a
   bound on the time a sentence of common words costs), and of those, the
   best checked at most (scan.c's candidates statement says which are
   best: the greater share of all their terms the sentence holds first). */
#define CT_SCAN_CANDIDATES_READ_TEXT "2000"
#define CT_SCAN_CANDIDATES_MAX_TEXT  "200"
/* Per sentence, the claims at most: those the article's mentions of the
   sentence are of, and the repeats a scan keeps (suggested or, with
   scan_auto_confirm_score, confirmed), the best of them by score, then
   published claims first, then the newest. A mention is of one sentence,
   the one it starts in (or the next, when it starts between two): where
   its recorded span is, when the text there is still its quote; else the
   occurrence of its quote nearest to where it was (the text moved; the
   first, when no position was recorded); else, its quote edited away,
   its recorded start; else (neither) of none. A desk holding the same
   statement as many claims (entered again, imported from several
   fact-checkers) would otherwise list one sentence hundreds of times, and
   with auto-confirmation show readers as many notices beside it; a
   dismissed suggestion makes room for the next at the following scan, a
   confirmed one does not. */
#define CT_SCAN_PER_SENTENCE 5
#define CT_SCAN_THRESHOLD  0.7             /* share of a claim's content terms */
/* A sentence holding less of them, but at least CT_SCAN_TRIGRAM_COVERAGE,
   repeats the claim when it also names one of the claim's places or
   numbers or more and its trigram similarity to the claim
   (sql/015_match_trigram.sql) is at least CT_SCAN_TRIGRAM_SIMILARITY:
   "trigram". Chosen on the labelled sets (tests/matching/README.md). */
#define CT_SCAN_TRIGRAM_COVERAGE   0.6
#define CT_SCAN_TRIGRAM_SIMILARITY 0.55

/*
 * A suggestion, as the routes answer it: {"id", "article_id", "claim_id",
 * "claim_text", "start", "end", "quote", "prefix", "suffix", "score",
 * "method", "status"}; start and end in code points of the scanned text,
 * prefix and suffix its 32 code points on either side.
 *
 * Scan text (UTF-8, len bytes) of article_id in language (ru, kk or en),
 * keep what it finds as the article's pending suggestions (replacing the
 * earlier pending ones) recorded by actor, and answer {"suggestions":
 * [suggestion, ...] best first, "confirmed": [...]} into *json. A passage
 * scored at or above auto_confirm (when > 0: the desk's
 * "scan_auto_confirm_score") becomes a mention at once (as
 * ct_scan_confirm), listed in "confirmed" instead.
 */
ct_rc ct_scan_article(ct_conn *conn, const char *article_id, const char *text, size_t len,
                      const char *language, double auto_confirm, const ct_actor *actor,
                      char **json, ct_error *err);

/* {"suggestions": [...]}: the article's pending suggestions, best first. */
ct_rc ct_scan_suggestions(ct_conn *conn, const char *article_id, char **json, ct_error *err);

/*
 * Make a pending suggestion a mention of its claim in its article (a W3C
 * TextQuoteSelector of the sentence with its prefix and suffix, and its
 * TextPositionSelector), with the timeline event mention_added of method
 * "suggested"; the suggestion is then gone. *claim_id (malloc'd): its
 * claim. CT_ENOTFOUND when there is no such pending suggestion.
 */
ct_rc ct_scan_confirm(ct_conn *conn, const char *suggestion_id, const ct_actor *actor,
                      char **claim_id, ct_error *err);

/* Dismiss a pending suggestion: kept, so that its claim is never suggested
   again for its article. *json: the suggestion. CT_ENOTFOUND as above. */
ct_rc ct_scan_dismiss(ct_conn *conn, const char *suggestion_id, char **json, ct_error *err);


extern const ct_stmt *const ct_scan_sql[];

#endif
