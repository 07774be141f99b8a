/*
 * validate.h -- checks on untrusted text: UTF-8, lengths in code points,
 * calendar dates, http(s) URLs and language tags.
 *
 * Pure functions with no dependencies, so they are unit-tested on their own
 * and reused by every layer that takes input (the request door, the
 * configuration parser).
 */
#ifndef CT_VALIDATE_H
#define CT_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest URL accepted anywhere. */
#define CT_URL_MAX 2048

/*
 * True when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) and contains no NUL. When
 * codepoints is not NULL it receives the number of code points.
 */
bool ct_utf8_valid(const char *s, size_t len, size_t *codepoints);

/*
 * True when the valid UTF-8 string s holds a letter or a digit (a code
 * point of Unicode's general categories L* or N*): text that a reader can
 * see, as a quote must be to stand for a passage. Spaces, punctuation,
 * marks alone and invisible characters (soft hyphens, zero-width spaces)
 * are not.
 */
bool ct_text_has_word(const char *s);

/*
 * True when s is a real calendar date or date-time in RFC 3339 form:
 * "2025-12-22", or "2025-12-22T10:30:00Z" with optional seconds, fraction
 * and a "Z" or "+05:00" offset of at most 14:00 either way; from
 * 1000-01-02 to 9999-12-30 (so that the day stays a four-digit year in any
 * zone); seconds 00-59 (no leap second: PostgreSQL would roll it over into
 * the next minute). "2025-02-30" is false.
 */
bool ct_datetime_valid(const char *s);

/*
 * True when s is a date-time as ct_datetime_valid takes it but written
 * without an offset ("2025-12-22T20:00:00"): a wall-clock time, which
 * sql/021's ct_instant reads in the newsroom's time zone. Only imported
 * ClaimReview dates are taken in this form; the API's own fields always
 * carry an offset.
 */
bool ct_wall_datetime_valid(const char *s);

/*
 * True when s is an absolute http:// or https:// URL with a host, no
 * whitespace or control characters, and at most CT_URL_MAX bytes.
 */
bool ct_url_valid(const char *s);

/* True for a BCP 47-style language tag: "ru", "kk", "en", "en-GB". */
bool ct_language_valid(const char *s);

#endif
