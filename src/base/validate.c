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

bool ct_datetime_valid(const char *s)
{
    int year, month, day;
    if (s == NULL || !read_digits(s, 4, &year) || s[4] != '-' ||
        !read_digits(s + 5, 2, &month) || s[7] != '-' || !read_digits(s + 8, 2, &day))
        return false;
    if (year < 1000 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return false;
    /* 1000-01-02 to 9999-12-30: with any offset and in any newsroom time zone
       (each at most 14 hours from UTC) the day stays within years 1000-9999,
       the four-digit years that notices and ClaimReview write. */
    if ((year == 1000 && month == 1 && day == 1) || (year == 9999 && month == 12 && day == 31))
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
