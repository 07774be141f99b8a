/*
 * api.h -- the request door: one plugin instance, and the translation of
 * request envelopes into domain calls and of results into response
 * envelopes.
 *
 * This is the only layer that knows about envelopes, routes, roles and
 * HTTP status codes. Below it, the domain (claims, responses, review,
 * timeline, notices) works with plain C values and ct_rc codes.
 */
#ifndef CT_API_H
#define CT_API_H

#include "claimtrack/plugin.h"
#include "base/error.h"

/* Largest request envelope accepted, in bytes (larger: 413). */
#define CT_REQUEST_MAX (1024u * 1024u)
/* Largest envelope of the routes that carry a whole article's text
   (POST /articles/{id}/anchor: up to 1 MiB of text, JSON-escaped). */
#define CT_REQUEST_MAX_LARGE (8u * 1024u * 1024u)

typedef struct ct_instance ct_instance;

/* Parse the configuration, migrate the database, open the pool. */
ct_rc ct_instance_open(const ct_host_v1 *host, const char *config_json,
                       ct_instance **out, ct_error *err);

/* Serve one request envelope; returns a malloc'd response envelope, NULL
   only when out of memory. Thread-safe. */
char *ct_instance_handle(ct_instance *inst, const char *request_json);

/* Close the pool and free the instance. NULL is fine. */
void ct_instance_close(ct_instance *inst);

/* The HTTP status a result code is reported with. */
int ct_http_status(ct_rc rc);

#endif
