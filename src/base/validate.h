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
#include <time.h>
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
 * True when the valid UTF-8 string s (or "") neither begins nor ends with
 * a space of any kind (Unicode's White_Space: U+0020, U+00A0, U+3000,
 * tabs, line separators...) or an invisible format character (general
 * category Cf: U+200B, U+FEFF, U+00AD). A word such as a rating's key must
 * be: "False\u00a0" beside "False" would look like the same to moderators.
 */
bool ct_text_trimmed(const char *s);

/*
 * True when s is a real calendar date or date-time in RFC 3339 form:
 * "2025-12-22", or "2025-12-22T10:30:00Z" with optional seconds, fraction
 * and a "Z" or "+05:00" offset of at most 14:00 either way; from
 * 1000-01-03 to 9999-12-29 (so that the day stays a four-digit year in any
 * zone, whatever the offset: the two together move a day by up to two); seconds 00-59 (no leap second: PostgreSQL would roll it over into
 * the next minute). "2025-02-30" is false.
 */
bool ct_datetime_valid(const char *s);

/*
 * True when s, a value ct_datetime_valid or ct_wall_datetime_valid
 * accepts, is later than any place on Earth has reached at now: a
 * date-time with an offset more than a day after now, or a date or a
 * wall-clock time whose day is after tomorrow's date in UTC (zones run to
 * UTC+14; the day's leeway takes a clock or an offset a little wrong, as a
 * feed that writes its local time with the wrong offset). A claim is said,
 * a response issued and a review published by today: the API's fields
 * (base/jsonin.c) and ClaimReview import both apply it.
 */
bool ct_datetime_after_tomorrow(const char *s, time_t now);

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

/*
 * True for a language tag as claimtrack stores it (ct_claims.language's
 * CHECK in sql/001_core.sql and length in sql/006): a primary subtag of 2
 * or 3 lower-case letters, then subtags of 2 to 8 ASCII letters or digits,
 * at most 35 characters: "ru", "kk", "en", "en-GB", "kk-Cyrl-KZ". Upper
 * case in the primary subtag ("RU") is false: ct_language_tag_case first.
 */
bool ct_language_valid(const char *s);

/*
 * True when s is a well-formed language tag by RFC 5646 (BCP 47) §2.1's
 * Language-Tag, in any ASCII case, of any length:
 *   langtag: language (2-3 letters, then up to three "-" extlang of 3
 *     letters), ["-" script: 4 letters], ["-" region: 2
 *     letters or 3 digits], *("-" variant: 5-8 letters or digits, or a
 *     digit and 3 of them), *("-" extension: a singleton, a letter or digit
 *     other than x, then 1*("-" 2-8 letters or digits)), ["-" privateuse]
 *     ("en-US-u-ca-gregory", "kk-Cyrl-KZ-x-foo", "de-CH-1996");
 *   privateuse: "x" 1*("-" 1-8 letters or digits) ("x-foo");
 *   grandfathered: the irregular tags ("i-klingon", "en-GB-oed",
 *     "sgn-BE-FR"; the regular ones, "zh-min-nan", are langtags already).
 * And, as §2.2.5 and §2.2.6 require of every tag, no variant and no
 * singleton twice, in either case ("de-1901-1901", "en-u-ca-U-nu"); a
 * subtag of private use may repeat one ("en-u-ca-x-u-nu" is true).
 * False for NULL, "", "e", "en-", "-en", "en--US", "ru_RU", "en-u",
 * "en-x", "en-abcdefghi", and for a language of 4 to 8 letters, which the
 * ABNF allows but §2.2.1 reserves (4) or leaves to registration (5-8: none
 * is registered): "russian" is a name sent for a tag. Whether the subtags
 * are registered is not asked.
 */
bool ct_language_tag_wellformed(const char *s);

/*
 * tag in the case RFC 5646 §2.1.1 recommends, into out (size bytes):
 * lower case, except a subtag of 2 characters (upper case: a region) or of
 * 4 (title case: a script) that is neither the first nor after a singleton
 * ("RU" -> "ru", "ru-ru" -> "ru-RU", "kk-cyrl-kz" -> "kk-Cyrl-KZ",
 * "EN-x-GB" -> "en-x-gb", "SGN-be-fr" -> "sgn-BE-FR"). Only the case of
 * ASCII letters changes: no subtag is replaced ("iw" stays "iw", where
 * ICU's canonical form, base/langname.h, is "he") and tag is not checked.
 * False, out untouched, for NULL or a tag of size bytes or more.
 */
bool ct_language_tag_case(const char *tag, char *out, size_t size);

#endif
