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

/* A text cut to fit its buffer may end inside a UTF-8 character: drop the
   incomplete character, so that messages are always valid UTF-8. */
static void trim_partial_character(char *text)
{
    size_t len = strlen(text), lead = len;
    while (lead > 0 && ((unsigned char)text[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    unsigned char first = (unsigned char)text[lead - 1];
    size_t need = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    if (len - (lead - 1) < need)
        text[lead - 1] = '\0';
}

ct_rc ct_fail(ct_error *err, ct_rc rc, const char *code, const char *field,
              const char *fmt, ...)
{
    if (err == NULL)
        return rc;
    err->rc = rc;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    int wanted = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (wanted >= (int)sizeof err->message)
        trim_partial_character(err->message);
    trim_partial_character(err->field);
    return rc;
}
