/*
 * error.c -- result code names and the helper that fills a ct_error.
 */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ct_strerror(ct_rc rc)
{
    switch (rc) {
    case CT_OK:             return "no error";
    case CT_EINVALID:       return "invalid input";
    case CT_EFORBIDDEN:     return "not allowed for this role";
    case CT_ENOTFOUND:      return "not found";
    case CT_EMETHOD:        return "method not allowed";
    case CT_ECONFLICT:      return "version conflict";
    case CT_ETOOLARGE:      return "request too large";
    case CT_EUNPROCESSABLE: return "not allowed by the rules";
    case CT_EUNAVAILABLE:   return "database unavailable";
    case CT_ENOMEM:         return "out of memory";
    case CT_EINTERNAL:      return "internal error";
    }
    return "unknown error";
}

void ct_error_clear(ct_error *err)
{
    if (err == NULL)
        return;
    err->rc = CT_OK;
    err->code = "ok";
    err->field[0] = '\0';
    err->message[0] = '\0';
}

/* Bytes of the well-formed UTF-8 character s starts with (1 to 4), or 0
   when none starts there (s is NUL-terminated: a continuation byte is
   only read while the ones before it matched). */
static size_t character_at(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        unsigned char lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        unsigned char lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80
                   ? 4 : 0;
    }
    return 0;
}

/* A text cut to fit its buffer may end inside a UTF-8 character, and so
   may a value a message quotes with a precision ("unknown field
   \"%.60s\"", a host "%.200s"), in its middle: drop every byte that is not
   part of a whole character, so that messages are always valid UTF-8. */
static void drop_broken_characters(char *text)
{
    unsigned char *in = (unsigned char *)text, *out = in;
    while (*in) {
        size_t n = character_at(in);
        if (n == 0) {
            in++;
            continue;
        }
        memmove(out, in, n);
        out += n;
        in += n;
    }
    *out = '\0';
}

static _Thread_local int oom_noted;

void ct_oom_note(void)
{
    oom_noted = 1;
}

void ct_oom_clear(void)
{
    oom_noted = 0;
}

int ct_oom_noted(void)
{
    return oom_noted;
}

ct_rc ct_fail(ct_error *err, ct_rc rc, const char *code, const char *field,
              const char *fmt, ...)
{
    if (rc == CT_ENOMEM)
        ct_oom_note();
    if (err == NULL)
        return rc;
    err->rc = rc;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    drop_broken_characters(err->message);
    drop_broken_characters(err->field);
    return rc;
}
