/*
 * validate.c -- the checks declared in validate.h.
 *
 * Written by hand rather than with regex(3): they run on every field of
 * every request, must never allocate, and must be exact about UTF-8 and
 * the calendar.
 */
#include "base/validate.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

bool ct_utf8_valid(const char *s, size_t len, size_t *codepoints)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, count = 0;

    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        unsigned long cp;

        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1; cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2; cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3; cp = c & 0x07u;
        } else {
            return false;
        }
        if (len - i <= need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += need + 1;
        count++;
    }
    if (codepoints)
        *codepoints = count;
    return true;
}

/* Read exactly n decimal digits at s into *out. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* "Z", "+HH:MM" or "-HH:MM" and nothing after, at most 14:00 either way:
   RFC 3339 allows up to 23:59, PostgreSQL refuses beyond 15:59, and no
   time zone of the world is further than -12:00 or +14:00 from UTC. */
static bool offset_valid(const char *s)
{
    int hh, mm;
    if (s[0] == 'Z' || s[0] == 'z')
        return s[1] == '\0';
    if (s[0] != '+' && s[0] != '-')
        return false;
    if (!read_digits(s + 1, 2, &hh) || s[3] != ':' || !read_digits(s + 4, 2, &mm))
        return false;
    return mm <= 59 && hh * 60 + mm <= 14 * 60 && s[6] == '\0';
}

static bool time_valid(const char *s)
{
    int hh, mi, ss = 0;
    if (!read_digits(s, 2, &hh) || s[2] != ':' || !read_digits(s + 3, 2, &mi))
        return false;
    s += 5;
    if (*s == ':') {
        if (!read_digits(s + 1, 2, &ss))
            return false;
        s += 3;
        if (*s == '.') {
            s++;
            if (*s < '0' || *s > '9')
                return false;
            for (int digits = 0; *s >= '0' && *s <= '9'; s++)
                if (++digits > 6)
                    return false;
        }
    }
    if (hh > 23 || mi > 59 || ss > 59)
        return false;
    return offset_valid(s);
}

bool ct_text_has_word(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t used;

    while (*p && (used = utf8proc_iterate(p, -1, &cp)) > 0) {
        utf8proc_category_t category = utf8proc_category(cp);
        if ((category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
            (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO))
            return true;
        p += used;
    }
    return false;
}

/* A space of any kind (Unicode's White_Space: the separators Z*, and the
   ASCII and C1 controls that are spaces) or an invisible format character
   (Cf: a zero-width space, a BOM, a soft hyphen). */
static bool unseen(utf8proc_int32_t cp)
{
    utf8proc_category_t category = utf8proc_category(cp);
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || category == UTF8PROC_CATEGORY_ZS ||
           category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP ||
           category == UTF8PROC_CATEGORY_CF;
}

bool ct_text_trimmed(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp = -1, first = -1;
    utf8proc_ssize_t used;

    while (*p && (used = utf8proc_iterate(p, -1, &cp)) > 0) {
        if (first < 0)
            first = cp;
        p += used;
    }
    return first < 0 || (!unseen(first) && !unseen(cp));
}

bool ct_datetime_valid(const char *s)
{
    int year, month, day;
    if (s == NULL || !read_digits(s, 4, &year) || s[4] != '-' ||
        !read_digits(s + 5, 2, &month) || s[7] != '-' || !read_digits(s + 8, 2, &day))
        return false;
    if (year < 1000 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return false;
    /* 1000-01-03 to 9999-12-29: the written offset (at most 14 hours) and
       the zone a reader's newsroom is in (14 hours today, up to 16 in the
       local mean times of old dates) add up: together they move a day by up
       to two (9999-12-30T23:00:00-12:00 is 10000-01-01 in Auckland). Two
       days off each end keep the day within years 1000-9999, the
       four-digit years that notices and ClaimReview write. */
    if ((year == 1000 && month == 1 && day <= 2) || (year == 9999 && month == 12 && day >= 30))
        return false;
    if (s[10] == '\0')
        return true;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return false;
    return time_valid(s + 11);
}

bool ct_wall_datetime_valid(const char *s)
{
    char with_offset[64];
    size_t len = s ? strlen(s) : 0;

    if (len <= 10 || len + 2 > sizeof with_offset)
        return false;
    memcpy(with_offset, s, len);
    memcpy(with_offset + len, "Z", 2);
    return ct_datetime_valid(with_offset);
}

bool ct_datetime_after_tomorrow(const char *s, time_t now)
{
    time_t later = now + 24 * 60 * 60;
    struct tm t = {0};
    int hh = 0, mi = 0, ss = 0, oh = 0, om = 0;
    const char *p = s + 16;

    if (s[10] != '\0') {
        /* the instant: ct_datetime_valid has checked every field read here */
        read_digits(s, 4, &t.tm_year);
        read_digits(s + 5, 2, &t.tm_mon);
        read_digits(s + 8, 2, &t.tm_mday);
        read_digits(s + 11, 2, &hh);
        read_digits(s + 14, 2, &mi);
        if (*p == ':') {
            read_digits(p + 1, 2, &ss);
            p += 3;
        }
        while (*p == '.' || (*p >= '0' && *p <= '9'))
            p++;
        if (*p == '+' || *p == '-') {
            read_digits(p + 1, 2, &oh);
            read_digits(p + 4, 2, &om);
        }
    }
    if (s[10] != '\0' && *p != '\0') {           /* an offset or "Z": an instant */
        t.tm_year -= 1900;
        t.tm_mon -= 1;
        t.tm_hour = hh;
        t.tm_min = mi;
        t.tm_sec = ss;
        time_t offset = (time_t)oh * 3600 + (time_t)om * 60;     /* 0 for "Z" */
        return timegm(&t) - (*p == '-' ? -offset : offset) > later;
    }
    /* a date, or a wall-clock time: its day against tomorrow's in UTC */
    char tomorrow[16];
    struct tm utc;
    if (gmtime_r(&later, &utc) == NULL ||
        strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &utc) != 10)
        return false;
    return strncmp(s, tomorrow, 10) > 0;
}

bool ct_url_valid(const char *s)
{
    size_t len, scheme_len;

    if (s == NULL)
        return false;
    len = strlen(s);
    if (len > CT_URL_MAX)
        return false;
    if (strncasecmp(s, "http://", 7) == 0)
        scheme_len = 7;
    else if (strncasecmp(s, "https://", 8) == 0)
        scheme_len = 8;
    else
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
            c == '\\' || c == '`')
            return false;
    }
    /* A host must follow the scheme: not empty, not starting a path. */
    const char *host = s + scheme_len;
    return *host != '\0' && *host != '/' && *host != '?' && *host != '#' &&
           *host != '@' && *host != ':';
}

bool ct_language_valid(const char *s)
{
    size_t i = 0, n = 0;

    if (s == NULL)
        return false;
    while (s[i] >= 'a' && s[i] <= 'z')
        i++;
    if (i < 2 || i > 3)
        return false;
    while (s[i] == '-') {
        i++;
        n = 0;
        while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
               (s[i] >= '0' && s[i] <= '9')) {
            i++;
            n++;
        }
        if (n < 2 || n > 8)
            return false;
    }
    return s[i] == '\0' && i <= 35;
}

/* ---- RFC 5646 language tags -------------------------------------------- */

static bool ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static char ascii_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;
}

static bool ascii_alnum(char c)
{
    return ascii_alpha(c) || ascii_digit(c);
}

/* True when each of the n characters at s is one that is(c) is true of. */
static bool all_of(const char *s, size_t n, bool (*is)(char))
{
    for (size_t i = 0; i < n; i++)
        if (!is(s[i]))
            return false;
    return true;
}

/* True when the n characters at a and at b are the same, in either case. */
static bool same_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

/* RFC 5646 §2.1's irregular grandfathered tags: not langtags by syntax. */
static const char *const irregular_tags[] = {
    "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
    "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu",
    "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE", NULL,
};

/* Where a subtag stands in a langtag, in the order subtags come. */
typedef enum tag_place {
    AT_START, AT_LANGUAGE, AT_EXTLANG, AT_SCRIPT, AT_REGION, AT_VARIANT,
    AT_SINGLETON, AT_EXTENSION, AT_PRIVATE_X, AT_PRIVATE, AT_NOWHERE
} tag_place;

/* What a langtag has read so far. */
typedef struct tag_reading {
    tag_place   at;
    int         extlangs;        /* extlangs still allowed after the language */
    const char *variants;        /* the first variant, or NULL */
    bool        singletons[128]; /* the singletons seen, lower case */
} tag_reading;

/* The place of the subtag s[0..n) after one at r->at (before any
   extension): the first of language, extlang, script, region, variant,
   singleton that it can be and that may still come. */
static tag_place place_in_langtag(const tag_reading *r, const char *s, size_t n)
{
    bool alpha = all_of(s, n, ascii_alpha), alnum = all_of(s, n, ascii_alnum);

    if (n == 1 && alnum && r->at != AT_START)
        return ascii_lower(s[0]) == 'x' ? AT_PRIVATE_X : AT_SINGLETON;
    if (r->at == AT_START)
        return n == 1 && ascii_lower(s[0]) == 'x' ? AT_PRIVATE_X
               : n >= 2 && n <= 3 && alpha       ? AT_LANGUAGE : AT_NOWHERE;
    if (n == 3 && alpha && r->at <= AT_EXTLANG && r->extlangs > 0)
        return AT_EXTLANG;
    if (n == 4 && alpha && r->at < AT_SCRIPT)
        return AT_SCRIPT;
    if (((n == 2 && alpha) || (n == 3 && all_of(s, n, ascii_digit))) && r->at < AT_REGION)
        return AT_REGION;
    if (alnum && ((n >= 5 && n <= 8) || (n == 4 && ascii_digit(s[0]))))
        return AT_VARIANT;
    return AT_NOWHERE;
}

/* The place of the subtag s[0..n) after one at r->at. */
static tag_place place_of(const tag_reading *r, const char *s, size_t n)
{
    bool alnum = all_of(s, n, ascii_alnum);

    if (r->at == AT_PRIVATE_X || r->at == AT_PRIVATE)
        return n >= 1 && n <= 8 && alnum ? AT_PRIVATE : AT_NOWHERE;
    if (r->at == AT_SINGLETON || (r->at == AT_EXTENSION && n != 1))
        return n >= 2 && n <= 8 && alnum ? AT_EXTENSION : AT_NOWHERE;
    return place_in_langtag(r, s, n);
}

/* True when the variant s[0..n) is one of those from r->variants to s. */
static bool variant_repeats(const tag_reading *r, const char *s, size_t n)
{
    for (const char *v = r->variants; v && v < s; v += strcspn(v, "-") + 1)
        if (strcspn(v, "-") == n && same_ascii(v, s, n))
            return true;
    return false;
}

/* Read the subtag s[0..n) into r; false when it cannot stand there. */
static bool read_subtag(tag_reading *r, const char *s, size_t n)
{
    tag_place at = place_of(r, s, n);

    if (at == AT_NOWHERE || (at == AT_VARIANT && variant_repeats(r, s, n)))
        return false;
    if (at == AT_SINGLETON && r->singletons[(unsigned char)ascii_lower(s[0])])
        return false;
    if (at == AT_SINGLETON)
        r->singletons[(unsigned char)ascii_lower(s[0])] = true;
    if (at == AT_LANGUAGE)
        r->extlangs = 3;
    if (at == AT_EXTLANG)
        r->extlangs--;
    if (at == AT_VARIANT && r->variants == NULL)
        r->variants = s;
    r->at = at;
    return true;
}

bool ct_language_tag_wellformed(const char *s)
{
    tag_reading r = {.at = AT_START};
    size_t i = 0;

    if (s == NULL)
        return false;
    for (int k = 0; irregular_tags[k]; k++)
        if (strlen(s) == strlen(irregular_tags[k]) && same_ascii(s, irregular_tags[k], strlen(s)))
            return true;
    for (;;) {
        size_t n = 0;
        while (ascii_alnum(s[i + n]))
            n++;
        if (!read_subtag(&r, s + i, n))
            return false;
        i += n;
        if (s[i] == '\0')
            return r.at != AT_SINGLETON && r.at != AT_PRIVATE_X;
        if (s[i] != '-')
            return false;
        i++;
    }
}

bool ct_language_tag_case(const char *tag, char *out, size_t size)
{
    size_t len = tag ? strlen(tag) : 0;
    bool first = true, extension = false;

    if (tag == NULL || len >= size)
        return false;
    for (size_t i = 0; i <= len; first = false) {
        size_t n = strcspn(tag + i, "-");
        for (size_t k = 0; k < n; k++)
            out[i + k] = !first && !extension && (n == 2 || (n == 4 && k == 0))
                         ? ascii_upper(tag[i + k]) : ascii_lower(tag[i + k]);
        extension = extension || n == 1;
        out[i + n] = tag[i + n];
        i += n + 1;
    }
    return true;
}
