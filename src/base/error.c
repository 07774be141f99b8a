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
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return rc;
}
