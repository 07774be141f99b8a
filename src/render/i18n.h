/*
 * i18n.h -- the words readers see, in Russian, Kazakh and English.
 *
 * The labels of a notice have a wording per language here, statuses and
 * response kinds theirs in src/vocabulary.txt, ratings theirs in the desk's
 * scale (domain/ratings.h); dates are written the way a reader of that
 * language expects ("22 декабря 2025 г.", "2025 жылғы 22 желтоқсан",
 * "22 December 2025"). Adding a language is adding a column to these.
 */
#ifndef CT_I18N_H
#define CT_I18N_H

#include <stdbool.h>

#include "base/buf.h"

typedef enum ct_lang { CT_LANG_EN, CT_LANG_RU, CT_LANG_KK, CT_LANG_COUNT } ct_lang;

/* The languages notices can be written in, NULL-ended: "ru", "kk", "en". */
extern const char *const ct_i18n_languages[];

/* The same list as a PostgreSQL array literal, for SQL parameters. */
extern const char ct_i18n_languages_array[];

/* The language for a tag ("ru", "ru-RU", "kk-KZ"); false when unsupported. */
bool ct_i18n_lang(const char *tag, ct_lang *out);

/*
 * A reader's language negotiated to one notices are written in: by the
 * primary subtag of tag (the letters before the first '-'), compared
 * without regard to ASCII case, as BCP 47 tags are ("ru-RU" and "RU" are
 * ru, "KK-cyrl-kz" is kk, "EN" is en). False, *out untouched, for a tag
 * whose language claimtrack writes no notices in ("de", "fil", "enx") and
 * for NULL. It does not check that the rest of tag is well formed
 * (base/validate.h's ct_language_tag_wellformed does).
 */
bool ct_i18n_negotiate(const char *tag, ct_lang *out);

/* The tag of lang: "en", "ru", "kk". */
const char *ct_i18n_tag(ct_lang lang);

typedef enum ct_label {
    CT_LABEL_HEADING,      /* "Fact check"           */
    CT_LABEL_CLAIM,        /* "Claim"                */
    CT_LABEL_SAID_BY,      /* "Said by"              */
    CT_LABEL_VERDICT,      /* "Verdict"              */
    CT_LABEL_HAPPENED,     /* "What happened"        */
    CT_LABEL_TIMELINE,     /* "Timeline"             */
    CT_LABEL_UPDATED,      /* "Updated"              */
    CT_LABEL_SOURCE,       /* "Source"               */
    CT_LABEL_NOTICES,      /* "Fact-check notices"   */
    CT_LABEL_ARCHIVED,     /* "Archived copy"        */
    CT_LABEL_ORPHANED,     /* "The quoted passage is no longer in the article." */
    CT_LABEL_PROOF,        /* "Verify this record"   */
    CT_LABEL_COUNT
} ct_label;

const char *ct_i18n_label(ct_lang lang, ct_label label);

/* The verdict word for a status ("Refuted"); the status itself if unknown. */
const char *ct_i18n_status(ct_lang lang, const char *status);

/* The noun for a response kind ("Rebuttal"); the kind itself if unknown. */
const char *ct_i18n_kind(ct_lang lang, const char *kind);

/*
 * Append, escaped, a sentence saying what a response did: "Refuted by
 * Astana police on <time>1 December 2025</time>", or "The author
 * apologised on ..." when by_claimant. when is an RFC 3339 date-time,
 * or NULL when the source gave no date: then the sentence ends at its
 * author ("Refuted by Astana police"), with no date and nothing joining one.
 */
void ct_i18n_happened(ct_buf *b, ct_lang lang, const char *kind, const char *by,
                      bool by_claimant, const char *when);

/* Append the date part of an RFC 3339 date-time as a reader writes it
   (not escaped: digits and fixed words only). */
void ct_i18n_date(ct_buf *b, ct_lang lang, const char *when);

/* Append <time datetime="YYYY-MM-DD">written date</time>. */
void ct_i18n_time_element(ct_buf *b, ct_lang lang, const char *when);

#endif
