/*
 * conditional.c -- entity tags, If-None-Match and Last-Modified's bound
 * (see conditional.h).
 *
 * The field's grammar, from RFC 9110 section 13.1.2 and section 8.8.3:
 *
 *   If-None-Match = "*" / #entity-tag
 *   entity-tag    = [ weak ] opaque-tag
 *   weak          = %s"W/"
 *   opaque-tag    = DQUOTE *etagc DQUOTE
 *   etagc         = %x21 / %x23-7E / obs-text      (obs-text: %x80-FF)
 *
 * and #rule lists (section 5.6.1): elements separated by commas with
 * optional whitespace (spaces and tabs), empty elements allowed, and no
 * element at all (a list that names no tag matches nothing).
 * Matching is the weak comparison: two tags match when their opaque-tags
 * are the same octets, whether or not either is marked weak.
 */
#include <stdio.h>
#include <string.h>

#include "base/crypto.h"
#include "door/conditional.h"

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_etagc(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80;
}

/*
 * Read one entity tag at *p: on success *p is past it, and *opaque and
 * *len are its opaque-tag with the quotes. False on anything else.
 */
static bool read_tag(const char **p, const char **opaque, size_t *len)
{
    const char *s = *p;
    if (s[0] == 'W' && s[1] == '/')
        s += 2;
    if (*s != '"')
        return false;
    const char *start = s++;
    while (is_etagc((unsigned char)*s))
        s++;
    if (*s != '"')
        return false;
    s++;
    *opaque = start;
    *len = (size_t)(s - start);
    *p = s;
    return true;
}

/*
 * Walk the list; for each tag, compare with want (when want is not NULL).
 * Returns -1 when the text is not a valid list, 1 when a tag matched,
 * 0 otherwise.
 */
static int walk(const char *text, const char *want)
{
    const char *p = text;
    size_t want_len = want ? strlen(want) : 0;
    int matched = 0;

    while (is_ows(*p))
        p++;
    if (*p == '*') {
        p++;
        while (is_ows(*p))
            p++;
        return *p == '\0' ? 1 : -1;
    }
    for (;;) {
        while (is_ows(*p) || *p == ',')
            p++;
        if (*p == '\0')
            break;
        const char *opaque;
        size_t len;
        if (!read_tag(&p, &opaque, &len))
            return -1;
        if (want && len == want_len && memcmp(opaque, want, len) == 0)
            matched = 1;
        while (is_ows(*p))
            p++;
        if (*p != ',' && *p != '\0')
            return -1;
    }
    return matched;          /* an empty list (#rule allows it) matches nothing */
}

bool ct_if_none_match_valid(const char *text)
{
    return text != NULL && strlen(text) <= CT_IF_NONE_MATCH_MAX && walk(text, NULL) >= 0;
}

bool ct_if_none_match_matches(const char *if_none_match, const char *tag)
{
    const char *opaque = tag[0] == 'W' && tag[1] == '/' ? tag + 2 : tag;
    return walk(if_none_match, opaque) == 1;
}

bool ct_etag_of(const char *content_type, const char *encoding, const char *body,
                char tag[CT_ETAG_SIZE])
{
    const char *parts[] = {content_type, "\n", encoding, "\n", body, NULL};
    char hex[65];

    if (!ct_sha256_hex(parts, hex))
        return false;
    tag[0] = '"';
    memcpy(tag + 1, hex, 32);
    tag[33] = '"';
    tag[34] = '\0';
    return true;
}

/* ---- Last-Modified ------------------------------------------------------------ */

static const char day_names[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char month_names[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* An IMF-fixdate as seconds since 1970 (UTC), or false. The day name is
   not compared with the date: the date is what counts. */
static bool http_date_parse(const char *text, time_t *out)
{
    char day[4], month[4];
    int mday, year, hour, minute, second, used = 0, m = 0;

    if (strlen(text) != CT_HTTP_DATE_SIZE - 1
        || sscanf(text, "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", day, &mday, month, &year, &hour,
                  &minute, &second, &used) != 7
        || used != CT_HTTP_DATE_SIZE - 1)
        return false;
    while (m < 12 && strcmp(month, month_names[m]) != 0)
        m++;
    if (m == 12 || mday < 1 || mday > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = m, .tm_mday = mday, .tm_hour = hour,
                    .tm_min = minute, .tm_sec = second};
    *out = timegm(&tm);
    return *out != (time_t)-1;
}

/* at as an IMF-fixdate, or "" for a year past 9999. */
static void http_date_format(time_t at, char out[CT_HTTP_DATE_SIZE])
{
    char text[64] = "";
    struct tm tm;

    if (gmtime_r(&at, &tm) != NULL)
        snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                 day_names[tm.tm_wday], tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (strlen(text) == CT_HTTP_DATE_SIZE - 1)
        memcpy(out, text, CT_HTTP_DATE_SIZE);
    else
        out[0] = '\0';
}

void ct_last_modified_at_most(const char *date, time_t now, char out[CT_HTTP_DATE_SIZE])
{
    time_t at;
    if (!http_date_parse(date, &at))
        out[0] = '\0';
    else if (at > now)
        http_date_format(now, out);
    else
        memmove(out, date, CT_HTTP_DATE_SIZE);
}
