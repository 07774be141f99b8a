/*
 * buf.c -- the growable buffer and escapers (see buf.h).
 */
#include "base/buf.h"

#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(ct_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = true;
        ct_oom_note();
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

bool ct_buf_reserve(ct_buf *b, size_t extra)
{
    return reserve(b, extra);
}

void ct_buf_append_len(ct_buf *b, const char *s, size_t len)
{
    if (!reserve(b, len))
        return;
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void ct_buf_append(ct_buf *b, const char *s)
{
    if (s)
        ct_buf_append_len(b, s, strlen(s));
}

void ct_buf_appendf(ct_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0 || !reserve(b, (size_t)need)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)need + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)need;
}

void ct_buf_append_html(ct_buf *b, const char *s)
{
    const char *run = s;

    if (s == NULL)
        return;
    for (; *s; s++) {
        const char *entity = NULL;
        switch (*s) {
        case '&':  entity = "&amp;";  break;
        case '<':  entity = "&lt;";   break;
        case '>':  entity = "&gt;";   break;
        case '"':  entity = "&quot;"; break;
        case '\'': entity = "&#39;";  break;
        default:   continue;
        }
        ct_buf_append_len(b, run, (size_t)(s - run));
        ct_buf_append(b, entity);
        run = s + 1;
    }
    ct_buf_append_len(b, run, (size_t)(s - run));
}

void ct_buf_append_script_json(ct_buf *b, const char *json)
{
    const char *run = json, *s = json;

    while (*s) {
        const char *escape = NULL;
        size_t skip = 1;
        if (*s == '<')
            escape = "\\u003c";
        else if (*s == '>')
            escape = "\\u003e";
        else if (*s == '&')
            escape = "\\u0026";
        else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                 ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9)) {
            escape = (unsigned char)s[2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (escape == NULL) {
            s++;
            continue;
        }
        ct_buf_append_len(b, run, (size_t)(s - run));
        ct_buf_append(b, escape);
        s += skip;
        run = s;
    }
    ct_buf_append_len(b, run, (size_t)(s - run));
}

char *ct_buf_take(ct_buf *b)
{
    char *out = b->failed ? NULL : b->data;
    if (out == NULL && !b->failed)
        out = calloc(1, 1);
    if (b->failed)
        free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return out;
}

void ct_buf_free(ct_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void ct_buf_append_array_item(ct_buf *b, const char *s, size_t n, bool first)
{
    ct_buf_append(b, first ? "\"" : ",\"");
    for (size_t i = 0, run = 0; i <= n; i++)
        if (i == n || s[i] == '"' || s[i] == '\\') {
            ct_buf_append_len(b, s + run, i - run);
            if (i < n)
                ct_buf_append_len(b, (const char[]){'\\', s[i]}, 2);
            run = i + 1;
        }
    ct_buf_append(b, "\"");
}
