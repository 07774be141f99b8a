/*
 * error.h -- result codes and the error record every layer fills in.
 *
 * Like SQLite and curl, every fallible function returns an integer code
 * (ct_rc) and, on failure, fills a ct_error with a stable machine code
 * ("invalid_date"), the offending field ("said_at") and a human message.
 * The codes say what went wrong in domain terms; only the request door
 * (api.c) turns them into HTTP statuses, so the domain stays free of HTTP.
 */
#ifndef CT_ERROR_H
#define CT_ERROR_H

#include <stddef.h>

typedef enum ct_rc {
    CT_OK = 0,
    CT_EINVALID,        /* the input is malformed or out of bounds        */
    CT_EFORBIDDEN,      /* the actor's role may not do this               */
    CT_ENOTFOUND,       /* no such resource, or not visible to the actor  */
    CT_EMETHOD,         /* the resource exists but not with that method   */
    CT_ECONFLICT,       /* expected_version is stale                      */
    CT_ETOOLARGE,       /* the request is larger than allowed             */
    CT_EUNPROCESSABLE,  /* well formed, but the rules refuse it           */
    CT_EUNAVAILABLE,    /* the database cannot be reached right now       */
    CT_ENOMEM,          /* out of memory                                  */
    CT_EINTERNAL        /* a bug or an unexpected database answer         */
} ct_rc;

typedef struct ct_error {
    ct_rc       rc;
    const char *code;          /* stable, static: "invalid_date"          */
    char        field[96];     /* "said_at", "claimant.name", or ""       */
    char        message[256];  /* for people; never contains SQL          */
} ct_error;

/* A short English description of a result code; never NULL. */
const char *ct_strerror(ct_rc rc);

/* Reset err to "no error". */
void ct_error_clear(ct_error *err);

/*
 * Fill err (when not NULL) and return rc, so that callers can write
 * `return ct_fail(err, CT_EINVALID, "invalid_date", "said_at", "...")`.
 * field may be NULL. The message is printf-formatted and truncated.
 */
ct_rc ct_fail(ct_error *err, ct_rc rc, const char *code, const char *field,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * The out-of-memory latch. An allocation that fails deep inside a request
 * (a json-c constructor whose NULL became a JSON null, a libpq result that
 * never came) must not turn into a 2xx that silently lost data, or into a
 * 404 because a lookup "found nothing". So whoever sees an allocation fail
 * calls ct_oom_note() (ct_fail with CT_ENOMEM does it, and so do the
 * constructors of base/jsonout.h), and the request door, which clears the
 * latch when a request starts, checks it before it commits and before it
 * answers: a noted failure rolls the request back and answers 500
 * out_of_memory, whatever the code on the way said. Per thread.
 */
void ct_oom_note(void);
void ct_oom_clear(void);
int ct_oom_noted(void);          /* 1 when noted since the last clear */

#endif
