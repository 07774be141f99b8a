/*
 * lexicon.h -- the form in which matching compares a claim and a sentence.
 *
 * Lexical overlap finds a claim repeated in its own words; a paraphrase
 * says the same in other words: "the Kazakh capital" for Astana, "halved"
 * for "fell by half", "заработки" for "зарплата", "көгілдір отын" for
 * "газ". Before PostgreSQL reduces either side to its terms
 * (sql/013_matching.sql), both pass through the same lexicon: lower-cased
 * words, and phrases of the news desk's vocabulary replaced by the word a
 * claim usually uses. For Kazakh, which PostgreSQL has no stemmer for,
 * the case, plural and possessive endings are also taken off ("нанның" →
 * "нан", "дәрігерлердің" → "дәрігер").
 *
 * The lexicon is a list of phrases per language written out in
 * lexicon.c; it is what full-text search cannot know, not a model of the
 * languages. Claims keep their form (ct_claims.match_text, written at
 * creation) and the version of the lexicon that wrote it
 * (ct_claims.match_version, sql/016_match_version.sql): changing what
 * ct_lexicon_normalize answers means bumping CT_LEXICON_VERSION, and the
 * match_text job (jobs/match_text.h) rewrites the older forms.
 */
#ifndef CT_LEXICON_H
#define CT_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 1: the first lexicon; 2: trigram-era additions (denials kept whole,
   "жоққа шығару", a desk's everyday words per language). */
#define CT_LEXICON_VERSION      2
#define CT_LEXICON_VERSION_TEXT "2"     /* the same, for statements */

/*
 * The comparison form of text (UTF-8, len bytes) in language ("ru", "kk",
 * "en"; other languages get lower-cased words only): its words (letters,
 * digits and combining marks, lower-cased) separated by single spaces,
 * with the lexicon's phrases replaced, and every word that names a place
 * written "place<id>" (ct_lexicon_places: "Астанадағы", "столице",
 * "елорда" and "capital" are all "place1"; a word of letters and digits,
 * which PostgreSQL's text search keeps as it is, where a stemmer would
 * cut "атырау" to "атыра"). malloc'd; NULL when memory ran out. Invalid
 * UTF-8 ends the text where it starts.
 */
char *ct_lexicon_normalize(const char *language, const char *text, size_t len);

/* Whether code point cp belongs to a word (a letter of any script, a
   decimal digit, or a combining mark inside a word): what the comparison
   form and the scan's checks both split text by, so that the two never
   disagree on where a word ends. */
bool ct_lexicon_word_char(int32_t cp);

/* A word beginning that names a place (a city, country or lake); places of
   one id are aliases ("столиц", "елорд" and "capital" are Astana's, the
   words that name Venezuela Caracas's). Kazakh place names keep their
   endings; the scan checks places apart from the terms. Ended by a NULL
   prefix. */
typedef struct ct_lexicon_place {
    const char *prefix;
    int         id;          /* below 64 */
    bool        city;        /* a city or lake: another one in a sentence is another claim */
} ct_lexicon_place;
extern const ct_lexicon_place ct_lexicon_places[];

/* The place id of a word of the comparison form ("place20": 20), -1 when
   it names none; whether a place id is a city or lake. */
int  ct_lexicon_place_id(const char *word);
bool ct_lexicon_place_is_city(int id);

/* The language ("en", "ru", "kk") in which word (a word of the comparison
   form, lower case) is a number word of the lexicon: "six", "пяти",
   "жеті" (the single words its phrases write as digits); NULL for any
   other word. */
const char *ct_lexicon_number_language(const char *word);

/* The month (1-12) a lower-case word names in Russian, Kazakh or English
   ("июня", "мамырда", "July", "Sept"), 0 for any other word: a month
   replaced by another is a changed date, though "июня" and "июля" differ
   by one letter (anchor.h, rule d). */
int ct_lexicon_month_of(const char *word);

/* What a Russian number word may end with after the letters it shares
   with another form of itself and still be the same number: the endings
   of case ("пять", "пяти", "пятью"; "два", "двух", "двумя"; "сорок",
   "сорока"). Anything else makes another word: an ordinal ("десятое",
   "сороковом", "пятый", "шестой"), tens, teens or hundreds ("пятьдесят",
   "пятнадцать", "пятьсот"). "Один" declines as an adjective does
   ("одного", "одной": ct_lexicon_ru_one_endings), which for any other
   number makes an ordinal. Ended by NULL. */
extern const char *const ct_lexicon_ru_number_endings[];
extern const char *const ct_lexicon_ru_one_endings[];

/* What, in a word that runs on past a Kazakh number word, makes it
   another number or quantity: tens ("жеті" in "жетпіс"), ordinals ("бес"
   in "бесінші") and "several" ("бір" in "бірнеше"); endings of case
   ("бесте", "беске") hold none. Ended by NULL. */
extern const char *const ct_lexicon_kk_number_extensions[];

/* Words that say the opposite of each other and differ by a letter or
   two, or are too short for rule d to weigh ("increased" and
   "decreased", "imports" and "exports", "up" and "down", "за" and
   "против", "до" and "после"), and short words that make a claim
   another's or another time's ("мы" and "вы", "он" and "она", "he" and
   "she", "is" and "was"): one turned into the other turns a claim round
   (anchor.h, rule d). Pairs of lower-case words, ended by a pair of
   NULLs. */
extern const char *const ct_lexicon_opposites[][2];

/* What an English number word runs on with, after the letters the two
   words share, to become another number ("six|teen", "eight|een",
   "six|ty", "eight|y", "six|th", "nin|th", "eight|h", "ten|s",
   "ten|fold"); other run-ons make another word ("tenants"). English
   number words take no endings. Ended by NULL. */
extern const char *const ct_lexicon_en_number_suffixes[];

/* The endings of a Kazakh verb that denies (-майды/-мейді, -пайды/-пейді
   after a voiceless consonant, -маған/-меген, -баған, -паған..., and the
   past -мады/-меді, -пады/-педі: "расталмады", it was not confirmed; and
   the same in the first and second person: -маймын, -маймыз, -майсың,
   -мадым, -мадық, -мадың and their pairs: "қолдамаймыз", we do not support;
   not -байды/-бейді: "көбейді", it grew, ends so, nor -бады: "табады"). Such a word keeps its
   ending in the comparison form. Ended by NULL. */
extern const char *const ct_lexicon_kk_negative[];

/* Whether the lower-case Kazakh word[0, len) lacks what its stem names:
   the ending -сыз/-сіз after three letters or more, perhaps followed by
   a case ending of up to four letters ("негізсіз", unfounded; "заңсыз",
   illegal; "заңсызды"). Such a word denies, and "негізді", founded,
   says the opposite. */
bool ct_lexicon_kk_lacks(const char *word, size_t len);

/* Words that make a claim a possibility, a duty or a future rather than
   a fact, lower case, each with the word it counts as: "will", "may",
   "could", "будет", "может", "должны"..., and the first halves of their
   contractions ("couldn" of "couldn't" as "could", "cannot" as "can";
   not "won" of "won't", most often "win" in the past; "будут" as
   "будет"). One added, taken away
   or made another ("got" for "will get", "would" for "could",
   "будет установлено" for "установлено") says another thing (anchor.h,
   rules d and h). Pairs, ended by a pair of NULLs. */
extern const char *const ct_lexicon_modals[][2];

/* A denial and the word after it that together deny nothing: "not
   only", "не только", "ни много ни мало" ("no less than"). Read
   before a quote they leave it as it was (anchor.h, rule h). Pairs,
   ended by a pair of NULLs. */
extern const char *const ct_lexicon_not_denying[][2];

/* Starts that make a word its opposite ("unfounded", "illegal",
   "disagree", "бесполезный"): the word without one says the opposite
   ("founded" for "unfounded", anchor.h, rule d). Lower case, ended by
   NULL. */
extern const char *const ct_lexicon_denying_prefixes[];

/* Words that deny what they stand before, in every language notices are
   written in, lower case: "не", "нет", "ни", "not", "never", "емес",
   "жоқ"... An edit that adds or removes one turns a sentence into its
   opposite (anchor.h, rule g). Ended by NULL. */
extern const char *const ct_lexicon_negations[];

/* Kazakh words that deny what stands before them, the predicate they
   follow: "емес" (is not: "ұқсас емес", not alike), "жоқ" (there is no,
   did not: "сұраған жоқ", did not ask), and their forms in the first and
   second person ("емеспін", "жоқпыз"). Russian and English put their
   denials before what they deny; these are the ones that come after
   (anchor.h, rule i). Lower case, ended by NULL. */
extern const char *const ct_lexicon_kk_denials_after[];

/* The bytes of the first of endings (NULL-ended, each valid UTF-8) that
   word[0, len) ends with while at least min_letters letters (code points,
   and at least one) stay before it; 0 when none does. The Kazakh
   comparison form takes endings off leaving three letters; the scan reads
   a denial from any word ending as ct_lexicon_kk_negative does. */
size_t ct_lexicon_ending(const char *word, size_t len, const char *const *endings,
                         size_t min_letters);

#endif
