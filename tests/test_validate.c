/*
 * test_validate.c -- src/base/validate.c: UTF-8 well-formedness and code point
 * counting, RFC 3339 calendar dates, http(s) URLs and language tags.
 * Pure functions: no database, no plugin.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "validate.h"

/* Validate a NUL-terminated string over its strlen(). */
static bool utf8(const char *s)
{
    return ct_utf8_valid(s, strlen(s), NULL);
}

/* Code points of a string that must be valid. */
static size_t codepoints(const char *s)
{
    size_t n = (size_t)-1;
    ck_assert_msg(ct_utf8_valid(s, strlen(s), &n), "expected valid UTF-8: %s", s);
    return n;
}

/* ---- ct_utf8_valid ---------------------------------------------------- */

START_TEST(utf8_accepts_ascii_cyrillic_kazakh_and_emoji)
{
    ck_assert(utf8("Crime is down"));
    ck_assert(utf8("Преступность"));
    ck_assert(utf8("Қасымбек"));
    ck_assert(utf8("\xF0\x9F\x98\x80"));   /* U+1F600, 4 bytes */
    ck_assert(utf8("Қасымбек: «Преступность снизилась» \xF0\x9F\x98\x80"));
    ck_assert(ct_utf8_valid("", 0, NULL));
}
END_TEST

START_TEST(utf8_counts_code_points_not_bytes)
{
    ck_assert_uint_eq(strlen("Преступность"), 24);
    ck_assert_uint_eq(codepoints("Преступность"), 12);
    ck_assert_uint_eq(strlen("Қасымбек"), 16);
    ck_assert_uint_eq(codepoints("Қасымбек"), 8);
    ck_assert_uint_eq(codepoints("\xF0\x9F\x98\x80"), 1);
    ck_assert_uint_eq(codepoints("hello"), 5);
    /* a, space, Қ (2 bytes), space, U+1F600 (4 bytes), U+20AC (3 bytes) */
    ck_assert_uint_eq(codepoints("a Қ \xF0\x9F\x98\x80\xE2\x82\xAC"), 6);

    size_t n = 99;
    ck_assert(ct_utf8_valid("", 0, &n));
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(utf8_accepts_the_boundaries_of_each_length)
{
    ck_assert(utf8("\x7F"));                  /* U+007F   */
    ck_assert(utf8("\xC2\x80"));              /* U+0080   */
    ck_assert(utf8("\xDF\xBF"));              /* U+07FF   */
    ck_assert(utf8("\xE0\xA0\x80"));          /* U+0800   */
    ck_assert(utf8("\xED\x9F\xBF"));          /* U+D7FF   */
    ck_assert(utf8("\xEE\x80\x80"));          /* U+E000   */
    ck_assert(utf8("\xEF\xBF\xBF"));          /* U+FFFF   */
    ck_assert(utf8("\xF0\x90\x80\x80"));      /* U+10000  */
    ck_assert(utf8("\xF4\x8F\xBF\xBF"));      /* U+10FFFF */
}
END_TEST

START_TEST(utf8_refuses_overlong_encodings)
{
    ck_assert(!utf8("\xC0\xAF"));             /* '/' in 2 bytes   */
    ck_assert(!utf8("\xC0\x80"));             /* NUL in 2 bytes   */
    ck_assert(!utf8("\xC1\xBF"));
    ck_assert(!utf8("\xE0\x80\xAF"));         /* '/' in 3 bytes   */
    ck_assert(!utf8("\xE0\x9F\xBF"));         /* U+07FF in 3      */
    ck_assert(!utf8("\xF0\x80\x80\xAF"));     /* '/' in 4 bytes   */
    ck_assert(!utf8("\xF0\x8F\xBF\xBF"));     /* U+FFFF in 4      */
    ck_assert(!utf8("ok \xC0\xAF" "etc"));
}
END_TEST

START_TEST(utf8_refuses_surrogates_and_beyond_unicode)
{
    ck_assert(!utf8("\xED\xA0\x80"));         /* U+D800 */
    ck_assert(!utf8("\xED\xBF\xBF"));         /* U+DFFF */
    ck_assert(!utf8("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair for U+1F600 */
    ck_assert(!utf8("\xF4\x90\x80\x80"));     /* U+110000 */
    ck_assert(!utf8("\xF5\x80\x80\x80"));
    ck_assert(!utf8("\xF8\x88\x80\x80\x80")); /* old 5-byte form */
    ck_assert(!utf8("\xFE"));
    ck_assert(!utf8("\xFF"));
}
END_TEST

START_TEST(utf8_refuses_truncated_sequences)
{
    ck_assert(!utf8("\xD0"));
    ck_assert(!utf8("\xE2\x82"));
    ck_assert(!utf8("\xF0\x9F\x98"));
    ck_assert(!utf8("abc\xD0"));
    ck_assert(!utf8("\xE2\x82" "A"));        /* cut short by an ASCII byte */
    ck_assert(!utf8("\xF0\x9F" "ab"));
    /* The explicit length counts: a valid string cut inside a character. */
    ck_assert(!ct_utf8_valid("Қ", 1, NULL));
    ck_assert(!ct_utf8_valid("\xF0\x9F\x98\x80", 3, NULL));
    ck_assert(ct_utf8_valid("\xF0\x9F\x98\x80", 4, NULL));
}
END_TEST

START_TEST(utf8_refuses_stray_continuation_bytes)
{
    ck_assert(!utf8("\x80"));
    ck_assert(!utf8("\xBF"));
    ck_assert(!utf8("a\x80" "b"));
    ck_assert(!utf8("Қ\x80"));
    ck_assert(!utf8("\xF0\x9F\x98\x80\x80"));
}
END_TEST

START_TEST(utf8_refuses_embedded_nul_within_length)
{
    static const char text[] = "ab\0cd";
    ck_assert(!ct_utf8_valid(text, 5, NULL));
    ck_assert(!ct_utf8_valid(text, 3, NULL));
    ck_assert(!ct_utf8_valid("\0", 1, NULL));
    /* Bytes past the given length are not looked at. */
    size_t n = 0;
    ck_assert(ct_utf8_valid(text, 2, &n));
    ck_assert_uint_eq(n, 2);
}
END_TEST

/* ---- ct_datetime_valid ------------------------------------------------ */

START_TEST(date_accepts_real_calendar_dates)
{
    ck_assert(ct_datetime_valid("2025-12-22"));
    ck_assert(ct_datetime_valid("2025-01-31"));
    ck_assert(ct_datetime_valid("2025-04-30"));
    ck_assert(ct_datetime_valid("1000-01-03"));
    ck_assert(ct_datetime_valid("9999-12-29"));
}
END_TEST

START_TEST(date_knows_leap_years)
{
    ck_assert(ct_datetime_valid("2024-02-29"));
    ck_assert(!ct_datetime_valid("2025-02-29"));
    ck_assert(!ct_datetime_valid("2100-02-29"));   /* divisible by 100 */
    ck_assert(ct_datetime_valid("2000-02-29"));    /* divisible by 400 */
    ck_assert(!ct_datetime_valid("2024-02-30"));
    ck_assert(ct_datetime_valid("2025-02-28"));
}
END_TEST

START_TEST(date_refuses_impossible_dates)
{
    ck_assert(!ct_datetime_valid("2025-13-01"));
    ck_assert(!ct_datetime_valid("2025-00-10"));
    ck_assert(!ct_datetime_valid("2025-12-00"));
    ck_assert(!ct_datetime_valid("2025-04-31"));
    ck_assert(!ct_datetime_valid("2025-06-31"));
    ck_assert(!ct_datetime_valid("2025-01-32"));
    ck_assert(!ct_datetime_valid("0999-12-31"));
    ck_assert(!ct_datetime_valid("0000-01-01"));
    ck_assert(!ct_datetime_valid("10000-01-01"));
}
END_TEST

START_TEST(date_refuses_other_shapes)
{
    ck_assert(!ct_datetime_valid(NULL));
    ck_assert(!ct_datetime_valid(""));
    ck_assert(!ct_datetime_valid("2025-1-05"));
    ck_assert(!ct_datetime_valid("2025/12/22"));
    ck_assert(!ct_datetime_valid("22.12.2025"));
    ck_assert(!ct_datetime_valid("2025-12-22x"));
    ck_assert(!ct_datetime_valid("2025-12-22 "));
    ck_assert(!ct_datetime_valid("2025-12-22Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T"));
    ck_assert(!ct_datetime_valid("yesterday"));
}
END_TEST

START_TEST(datetime_accepts_times_with_offsets)
{
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00Z"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30Z"));          /* seconds optional */
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00+05:00"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00-03:30"));
    ck_assert(ct_datetime_valid("2025-12-22T00:00:00+00:00"));
    ck_assert(ct_datetime_valid("2025-12-22T23:59:59Z"));
    ck_assert(ct_datetime_valid("2025-12-22 10:30:00Z"));       /* RFC 3339 space */
    /* RFC 3339 section 5.6 allows lower-case t and z. */
    ck_assert(ct_datetime_valid("2025-12-22t10:30:00z"));
    ck_assert(ct_datetime_valid("2025-12-22t10:30:00+05:00"));
}
END_TEST

/* What PostgreSQL and the four-digit years of notices can hold: offsets up
   to 14:00, the first and last day of years 1000-9999 refused (an offset or
   the newsroom's zone would move them to year 999 or 10000). */
/* now: 2026-12-06 12:00:00 UTC. Tomorrow's date in UTC is today in
   Kiribati (UTC+14) by evening; the day after is nowhere yet. */
START_TEST(after_tomorrow_is_later_than_any_zone_s_today)
{
    struct tm noon = {.tm_year = 126, .tm_mon = 11, .tm_mday = 6, .tm_hour = 12};
    time_t now = timegm(&noon);

    ck_assert(!ct_datetime_after_tomorrow("2026-12-06", now));
    ck_assert(!ct_datetime_after_tomorrow("2026-12-07", now));
    ck_assert(ct_datetime_after_tomorrow("2026-12-08", now));
    ck_assert(ct_datetime_after_tomorrow("2031-05-01", now));
    ck_assert(!ct_datetime_after_tomorrow("1000-01-03", now));
    /* instants: up to a day after now */
    ck_assert(!ct_datetime_after_tomorrow("2026-12-07T12:00:00Z", now));
    ck_assert(ct_datetime_after_tomorrow("2026-12-07T12:00:01Z", now));
    ck_assert(ct_datetime_after_tomorrow("2026-12-07T12:00:00.5z", now) == false);
    ck_assert(!ct_datetime_after_tomorrow("2026-12-08T02:00:00+14:00", now));   /* 12:00Z the 7th */
    ck_assert(ct_datetime_after_tomorrow("2026-12-08T02:01:00+14:00", now));
    ck_assert(!ct_datetime_after_tomorrow("2026-12-07T00:00:00-12:00", now));   /* 12:00Z the 7th */
    ck_assert(ct_datetime_after_tomorrow("2026-12-07T00:00:01-12:00", now));
    ck_assert(ct_datetime_after_tomorrow("2026-12-07T06:31+05:30", now) == false); /* 01:01Z */
    ck_assert(ct_datetime_after_tomorrow("2026-12-07T18:31+05:30", now));          /* 13:01Z */
    /* a wall-clock time (ClaimReview import): its day, as a date's */
    ck_assert(!ct_datetime_after_tomorrow("2026-12-07T23:59:59", now));
    ck_assert(!ct_datetime_after_tomorrow("2026-12-07T23:59:59.5", now));
    ck_assert(ct_datetime_after_tomorrow("2026-12-08T00:00", now));
}
END_TEST

START_TEST(datetime_bounds_offsets_and_years)
{
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00+14:00"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00-14:00"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00+13:59"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+14:01"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00-14:30"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+15:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+23:59"));
    ck_assert(!ct_datetime_valid("9999-12-31T23:59:59-14:00"));
    ck_assert(!ct_datetime_valid("9999-12-31"));
    ck_assert(!ct_datetime_valid("1000-01-01T00:00:00+14:00"));
    ck_assert(!ct_datetime_valid("1000-01-01"));
    /* an offset and a zone together move a day by up to two: 23:00 at
       -12:00 is 10000-01-01 in Auckland (+13) */
    ck_assert(!ct_datetime_valid("9999-12-30T23:00:00-12:00"));
    ck_assert(!ct_datetime_valid("9999-12-30"));
    ck_assert(!ct_datetime_valid("1000-01-02T00:00:00+14:00"));
    ck_assert(!ct_datetime_valid("1000-01-02"));
    ck_assert(ct_datetime_valid("9999-12-29T23:59:59-14:00"));
    ck_assert(ct_datetime_valid("1000-01-03T00:00:00+14:00"));
    ck_assert(!ct_datetime_valid("2016-12-31T23:59:60Z"));     /* a leap second */
}
END_TEST

START_TEST(datetime_fractions_up_to_six_digits)
{
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00.5Z"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00.123Z"));
    ck_assert(ct_datetime_valid("2025-12-22T10:30:00.123456+05:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00.1234567Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00.Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30.5Z"));       /* fraction needs seconds */
}
END_TEST

START_TEST(datetime_refuses_impossible_times)
{
    ck_assert(!ct_datetime_valid("2025-12-22T24:00:00Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T24:00Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T23:60:00Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T23:60Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:61Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T1:30:00Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:3:00Z"));
    ck_assert(!ct_datetime_valid("2025-02-29T10:30:00Z"));      /* date still checked */
}
END_TEST

START_TEST(datetime_refuses_missing_or_bad_offset)
{
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+05"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+0500"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+24:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+05:60"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00 +05:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00UTC"));
}
END_TEST

START_TEST(datetime_refuses_trailing_garbage)
{
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00Zx"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00Z "));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+05:00:00"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00+05:00Z"));
    ck_assert(!ct_datetime_valid("2025-12-22T10:30:00ZZ"));
}
END_TEST

/* ---- ct_url_valid ----------------------------------------------------- */

START_TEST(url_accepts_http_and_https_in_any_case)
{
    ck_assert(ct_url_valid("http://example.com"));
    ck_assert(ct_url_valid("https://example.com/news/2025/12/22/crime?lang=ru#p3"));
    ck_assert(ct_url_valid("HTTP://EXAMPLE.COM/"));
    ck_assert(ct_url_valid("HtTpS://example.kz/path"));
    ck_assert(ct_url_valid("https://example.com:8443/x"));
    ck_assert(ct_url_valid("https://user@example.com/"));
    ck_assert(ct_url_valid("https://пример.рф/статья"));
}
END_TEST

START_TEST(url_refuses_other_schemes)
{
    ck_assert(!ct_url_valid(NULL));
    ck_assert(!ct_url_valid(""));
    ck_assert(!ct_url_valid("ftp://example.com/file"));
    ck_assert(!ct_url_valid("javascript:alert(1)"));
    ck_assert(!ct_url_valid("JavaScript:alert(1)//http://x"));
    ck_assert(!ct_url_valid("data:text/html,<script>alert(1)</script>"));
    ck_assert(!ct_url_valid("mailto:editor@example.com"));
    ck_assert(!ct_url_valid("//example.com/path"));
    ck_assert(!ct_url_valid("example.com"));
    ck_assert(!ct_url_valid("http:/example.com"));
    ck_assert(!ct_url_valid("httpx://example.com"));
    ck_assert(!ct_url_valid(" http://example.com"));
}
END_TEST

START_TEST(url_needs_a_host)
{
    ck_assert(!ct_url_valid("http://"));
    ck_assert(!ct_url_valid("https://"));
    ck_assert(!ct_url_valid("https:///path"));
    ck_assert(!ct_url_valid("https://?q=1"));
    ck_assert(!ct_url_valid("https://#top"));
    ck_assert(!ct_url_valid("https://@example.com"));
    ck_assert(!ct_url_valid("https://:443/"));
}
END_TEST

START_TEST(url_refuses_spaces_controls_and_markup)
{
    ck_assert(!ct_url_valid("https://example.com/a b"));
    ck_assert(!ct_url_valid("https://example.com/a\tb"));
    ck_assert(!ct_url_valid("https://example.com/a\nb"));
    ck_assert(!ct_url_valid("https://example.com/a\rb"));
    ck_assert(!ct_url_valid("https://example.com/\x01"));
    ck_assert(!ct_url_valid("https://example.com/\x7F"));
    ck_assert(!ct_url_valid("https://example.com/\"onmouseover=\"x"));
    ck_assert(!ct_url_valid("https://example.com/<script>"));
    ck_assert(!ct_url_valid("https://example.com/>"));
    ck_assert(!ct_url_valid("https://example.com/a\\b"));
    ck_assert(!ct_url_valid("https://example.com/`x`"));
    ck_assert(!ct_url_valid("https://example.com "));
}
END_TEST

START_TEST(url_length_limit_is_ct_url_max_bytes)
{
    char *url = malloc(CT_URL_MAX + 2);
    ck_assert_ptr_nonnull(url);
    static const char head[] = "https://example.com/";
    memcpy(url, head, sizeof head - 1);

    memset(url + sizeof head - 1, 'a', CT_URL_MAX - (sizeof head - 1));
    url[CT_URL_MAX] = '\0';
    ck_assert_uint_eq(strlen(url), CT_URL_MAX);
    ck_assert(ct_url_valid(url));

    url[CT_URL_MAX] = 'a';
    url[CT_URL_MAX + 1] = '\0';
    ck_assert_uint_eq(strlen(url), CT_URL_MAX + 1);
    ck_assert(!ct_url_valid(url));
    free(url);
}
END_TEST

/* ---- ct_language_valid ------------------------------------------------ */

START_TEST(language_accepts_bcp47_tags)
{
    ck_assert(ct_language_valid("ru"));
    ck_assert(ct_language_valid("kk"));
    ck_assert(ct_language_valid("en"));
    ck_assert(ct_language_valid("en-GB"));
    ck_assert(ct_language_valid("zh-Hant"));
    ck_assert(ct_language_valid("kk-Cyrl-KZ"));
    ck_assert(ct_language_valid("es-419"));
    ck_assert(ct_language_valid("ast"));
}
END_TEST

START_TEST(language_refuses_other_text)
{
    ck_assert(!ct_language_valid(NULL));
    ck_assert(!ct_language_valid(""));
    ck_assert(!ct_language_valid("r"));
    ck_assert(!ct_language_valid("RU"));
    ck_assert(!ct_language_valid("Ru"));
    ck_assert(!ct_language_valid("russian"));
    ck_assert(!ct_language_valid("en_"));
    ck_assert(!ct_language_valid("en_GB"));
    ck_assert(!ct_language_valid("en-"));
    ck_assert(!ct_language_valid("en-x"));
    ck_assert(!ct_language_valid("en--GB"));
    ck_assert(!ct_language_valid("en-GB "));
    ck_assert(!ct_language_valid(" en"));
    ck_assert(!ct_language_valid("en-abcdefghi"));  /* subtag of 9 */
    ck_assert(!ct_language_valid("ру"));
}
END_TEST

/* ---- ct_language_tag_wellformed (RFC 5646 §2.1, §2.2.5, §2.2.6) --------- */

START_TEST(wellformed_tags_are_every_rfc5646_shape_in_any_case)
{
    static const char *const tags[] = {
        "ru", "RU", "Ru", "ru-ru", "EN-gb", "kk-Cyrl-KZ", "KK-cyrl-kz", "es-419", "ast",
        "en-US-u-ca-gregory", "ru-RU-u-nu-latn", "kk-Cyrl-KZ-x-foo", "en-x-twain",
        "de-CH-1996", "sl-rozaj-biske-1994", "de-DE-u-co-phonebk-t-en-x-a-b",
        "zh-yue-HK", "zh-min-nan", "zh-abc-def-ghi", "x-foo",
        "X-FOO-12345678", "en-u-ca-x-u-nu", "en-a-bbb-x-a-ccc", "i-klingon", "I-AMI",
        "en-GB-oed", "sgn-be-fr", "art-lojban", "en-1abc", "en-Latn-US-valencia",
    };
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        ck_assert_msg(ct_language_tag_wellformed(tags[i]), "%s is well formed", tags[i]);
}
END_TEST

START_TEST(malformed_tags_and_repeats_are_not_wellformed)
{
    static const char *const tags[] = {
        "", "e", "x", "i", "en-", "-en", "en--US", "ru_RU", "en-u", "en-x", "en-u-x-a",
        "en-abcdefghi", "abcdefghi", "en-u-ca-u-nu", "en-u-ca-U-nu", "de-1901-1901",
        "de-DE-1901-rozaj-1901", "en-x-abcdefghi", "en-u-a-b", "en-US-Latn", "en-1ab",
        "en-12", "en-1234-US", "zh-abc-def-ghi-jkl", "abcd", "russian", "en-US-GB", "i-foo",
        "en-GB-oed-x", "ru ", " ru", "ру", "en-u-ca-gregorian9", "x-",
    };
    ck_assert(!ct_language_tag_wellformed(NULL));
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        ck_assert_msg(!ct_language_tag_wellformed(tags[i]), "%s is not well formed", tags[i]);
}
END_TEST

/* ---- ct_language_tag_case (RFC 5646 §2.1.1) --------------------------------- */

START_TEST(tag_case_is_rfc5646s)
{
    static const char *const cases[][2] = {
        {"RU", "ru"}, {"Ru", "ru"}, {"ru-ru", "ru-RU"}, {"EN-gb", "en-GB"},
        {"kk-cyrl-kz", "kk-Cyrl-KZ"}, {"KK-CYRL-KZ", "kk-Cyrl-KZ"}, {"es-419", "es-419"},
        {"EN-x-GB", "en-x-gb"}, {"en-CA-X-CA", "en-CA-x-ca"}, {"SGN-be-fr", "sgn-BE-FR"},
        {"az-LATN-x-LATN", "az-Latn-x-latn"}, {"en-US-U-CA-GREGORY", "en-US-u-ca-gregory"},
        {"DE-ch-1996", "de-CH-1996"}, {"IW", "iw"}, {"I-KLINGON", "i-klingon"},
        {"ZH-YUE-hk", "zh-yue-HK"}, {"ru", "ru"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[36];
        ck_assert_msg(ct_language_tag_case(cases[i][0], out, sizeof out), "%s", cases[i][0]);
        ck_assert_str_eq(out, cases[i][1]);
    }
}
END_TEST

START_TEST(tag_case_needs_room_and_a_tag)
{
    char out[6] = "kept";
    ck_assert(!ct_language_tag_case(NULL, out, sizeof out));
    ck_assert(!ct_language_tag_case("ru-KZX", out, sizeof out));   /* 6 bytes and the NUL */
    ck_assert_str_eq(out, "kept");
    ck_assert(ct_language_tag_case("RU-kz", out, sizeof out));
    ck_assert_str_eq(out, "ru-KZ");
}
END_TEST

START_TEST(text_has_word_needs_a_letter_or_a_digit)
{
    ck_assert(ct_text_has_word("Каракас"));
    ck_assert(ct_text_has_word("  7 "));
    ck_assert(ct_text_has_word("\xD2\x9B"));                  /* Kazakh қ */
    ck_assert(ct_text_has_word("\xE2\x80\x8B" "a"));          /* after a zero-width space */
    ck_assert(ct_text_has_word("\xD9\xA3"));                  /* Arabic-Indic three */
    ck_assert(!ct_text_has_word(""));
    ck_assert(!ct_text_has_word(" \n\t "));
    ck_assert(!ct_text_has_word(" , . -- ?! \xC2\xAB\xC2\xBB"));   /* punctuation, guillemets */
    ck_assert(!ct_text_has_word("\xC2\xA0\xE2\x80\x8B\xC2\xAD"));  /* NBSP, ZWSP, soft hyphen */
    ck_assert(!ct_text_has_word("\xCC\x81"));                  /* a combining accent alone */
}
END_TEST

START_TEST(text_trimmed_has_no_space_or_invisible_at_either_end)
{
    ck_assert(ct_text_trimmed("False"));
    ck_assert(ct_text_trimmed("Mostly false"));                /* inside is fine */
    ck_assert(ct_text_trimmed("\xD0\x9B\xD0\xBE\xD0\xB6\xD1\x8C"));  /* Ложь */
    ck_assert(ct_text_trimmed("x"));
    ck_assert(ct_text_trimmed(""));
    ck_assert(ct_text_trimmed("a\xCC\x81"));                   /* ends with a mark: seen */
    ck_assert(!ct_text_trimmed(" False"));
    ck_assert(!ct_text_trimmed("False\t"));
    ck_assert(!ct_text_trimmed("False\xC2\xA0"));              /* NBSP */
    ck_assert(!ct_text_trimmed("\xE3\x80\x80" "False"));      /* ideographic space */
    ck_assert(!ct_text_trimmed("False\xE2\x80\x83"));         /* em space */
    ck_assert(!ct_text_trimmed("\xE2\x80\x8B" "False"));      /* zero-width space (Cf) */
    ck_assert(!ct_text_trimmed("False\xEF\xBB\xBF"));         /* BOM */
    ck_assert(!ct_text_trimmed("False\xE2\x80\xA8"));         /* line separator */
    ck_assert(!ct_text_trimmed("\xC2\x85" "False"));           /* NEL */
    ck_assert(!ct_text_trimmed(" "));
}
END_TEST

START_TEST(wall_datetime_is_a_date_time_without_an_offset)
{
    ck_assert(ct_wall_datetime_valid("2025-12-22T20:00:00"));
    ck_assert(ct_wall_datetime_valid("2025-12-22T20:00"));
    ck_assert(ct_wall_datetime_valid("2025-12-22T20:00:00.123456"));
    ck_assert(!ct_wall_datetime_valid("2025-12-22"));             /* a date: ct_datetime_valid's */
    ck_assert(!ct_wall_datetime_valid("2025-12-22T20:00:00Z"));
    ck_assert(!ct_wall_datetime_valid("2025-12-22T20:00:00+05:00"));
    ck_assert(!ct_wall_datetime_valid("2025-02-30T20:00:00"));
    ck_assert(!ct_wall_datetime_valid("2025-12-22T24:00:00"));
    ck_assert(!ct_wall_datetime_valid(NULL));
}
END_TEST

static Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");

    TCase *tc = tcase_create("utf8");
    tcase_add_test(tc, utf8_accepts_ascii_cyrillic_kazakh_and_emoji);
    tcase_add_test(tc, utf8_counts_code_points_not_bytes);
    tcase_add_test(tc, utf8_accepts_the_boundaries_of_each_length);
    tcase_add_test(tc, utf8_refuses_overlong_encodings);
    tcase_add_test(tc, utf8_refuses_surrogates_and_beyond_unicode);
    tcase_add_test(tc, utf8_refuses_truncated_sequences);
    tcase_add_test(tc, utf8_refuses_stray_continuation_bytes);
    tcase_add_test(tc, utf8_refuses_embedded_nul_within_length);
    tcase_add_test(tc, text_has_word_needs_a_letter_or_a_digit);
    tcase_add_test(tc, text_trimmed_has_no_space_or_invisible_at_either_end);
    suite_add_tcase(s, tc);

    tc = tcase_create("datetime");
    tcase_add_test(tc, wall_datetime_is_a_date_time_without_an_offset);
    tcase_add_test(tc, date_accepts_real_calendar_dates);
    tcase_add_test(tc, date_knows_leap_years);
    tcase_add_test(tc, date_refuses_impossible_dates);
    tcase_add_test(tc, date_refuses_other_shapes);
    tcase_add_test(tc, datetime_accepts_times_with_offsets);
    tcase_add_test(tc, datetime_bounds_offsets_and_years);
    tcase_add_test(tc, after_tomorrow_is_later_than_any_zone_s_today);
    tcase_add_test(tc, datetime_fractions_up_to_six_digits);
    tcase_add_test(tc, datetime_refuses_impossible_times);
    tcase_add_test(tc, datetime_refuses_missing_or_bad_offset);
    tcase_add_test(tc, datetime_refuses_trailing_garbage);
    suite_add_tcase(s, tc);

    tc = tcase_create("url");
    tcase_add_test(tc, url_accepts_http_and_https_in_any_case);
    tcase_add_test(tc, url_refuses_other_schemes);
    tcase_add_test(tc, url_needs_a_host);
    tcase_add_test(tc, url_refuses_spaces_controls_and_markup);
    tcase_add_test(tc, url_length_limit_is_ct_url_max_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("language");
    tcase_add_test(tc, language_accepts_bcp47_tags);
    tcase_add_test(tc, language_refuses_other_text);
    tcase_add_test(tc, wellformed_tags_are_every_rfc5646_shape_in_any_case);
    tcase_add_test(tc, malformed_tags_and_repeats_are_not_wellformed);
    tcase_add_test(tc, tag_case_is_rfc5646s);
    tcase_add_test(tc, tag_case_needs_room_and_a_tag);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return th_run_suite(validate_suite());
}
