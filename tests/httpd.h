/*
 * httpd.h -- a real HTTP server on 127.0.0.1 for the outbound tests
 * (webhook receivers, pages to archive), on libmicrohttpd with an internal
 * thread. It records every request in a thread-safe list and answers each
 * path the way the test asked: a body, a status, a redirect, a large page.
 * Paths nobody configured get 404.
 *
 * Also here: a "black hole" (a TCP socket on 127.0.0.1 that listens but
 * never accepts or answers: a client connects, sends, and waits until it
 * times out), and the HMAC-SHA256 webhook signature and SHA-256 helpers.
 *
 * One server per process (tests run forked, one per process). Not for use
 * outside tests.
 */
#ifndef CT_TEST_HTTPD_H
#define CT_TEST_HTTPD_H

#include <stdbool.h>
#include <stddef.h>

/* One recorded request. Strings are NUL-terminated and "" when absent;
   body is malloc'd (NUL-terminated too, body_len bytes before the NUL). */
typedef struct th_request {
    char   method[16];
    char   path[512];
    char   host[128];           /* Host header: which address was asked  */
    char   content_type[128];
    char   event[64];           /* Claimtrack-Event                      */
    char   delivery[128];       /* Claimtrack-Delivery                   */
    char   timestamp[32];       /* Claimtrack-Timestamp                  */
    char   signature[160];      /* Claimtrack-Signature                  */
    char   wh_id[128];          /* webhook-id        (Standard Webhooks) */
    char   wh_timestamp[32];    /* webhook-timestamp                     */
    char   wh_signature[512];   /* webhook-signature: "v1,<b64> ..."     */
    char  *body;
    size_t body_len;
} th_request;

/* Start on 127.0.0.1:port (0: any free port). Returns the port, or 0 when
   it cannot listen (for port reuse after a stop, it retries for a while). */
unsigned th_httpd_start(unsigned port);
/* Also listen on another loopback address (e.g. "127.0.0.2") with the same
   port and the same answers, until th_httpd_stop. Returns false on failure. */
bool th_httpd_listen_also(const char *ip);
/* Stop listening (connections are refused until the next start). The
   recorded requests and the answers configured are kept. */
void th_httpd_stop(void);
/* The port of the last start (kept across a stop). */
unsigned th_httpd_port(void);
/* "http://127.0.0.1:PORT" + path, in a static buffer (one of 4 rotating). */
const char *th_httpd_url(const char *path);
/* Forget every request recorded and every answer configured. */
void th_httpd_reset(void);

/* Answers, per exact path (the query string is not part of the path). */
void th_httpd_respond(const char *path, int status, const char *content_type,
                      const char *body, size_t body_len);
/* status with a short text body */
void th_httpd_status(const char *path, int status);
/* 302 with this Location */
void th_httpd_redirect(const char *path, const char *location);
/* 200 text/html of exactly bytes bytes, with <title>title</title> near the
   start; th_httpd_large_body builds the same bytes (malloc'd) to compare. */
void th_httpd_large(const char *path, size_t bytes, const char *title);
char *th_httpd_large_body(size_t bytes, const char *title);
/* 200 text/html; charset=utf-8, the page whose title is "Заявление полиции" */
void th_httpd_police_page(const char *path);
extern const char th_police_html[];

/* Hold every request to path, once recorded, without an answer until
   th_httpd_release (or th_httpd_stop): a receiver slow to answer, for as
   long as the test needs. One path at a time; th_httpd_reset forgets it. */
void th_httpd_hold(const char *path);
void th_httpd_release(void);

/* Recorded requests. */
size_t th_httpd_count(void);
/* requests whose path is path */
size_t th_httpd_count_path(const char *path);
/* A copy of the i-th request (in order of arrival); false when no such one.
   Release with th_request_free. */
bool th_httpd_request(size_t i, th_request *out);
void th_request_free(th_request *r);
/* Wait until at least n requests (to path, when path is not NULL) were
   recorded; false after timeout_ms. */
bool th_httpd_wait(size_t n, int timeout_ms);
bool th_httpd_wait_path(const char *path, size_t n, int timeout_ms);

/* The black hole: listens on 127.0.0.1 (any free port), never accepts.
   Returns its port (0 on failure). */
unsigned th_blackhole_start(void);
/* Wait until at least n connections to the black hole have completed (they
   stay queued, never answered); false after timeout_ms. */
bool th_blackhole_wait(unsigned n, int timeout_ms);
void th_blackhole_stop(void);

/* Does header ("v1=<hex>") equal HMAC-SHA256(secret, timestamp "." body)? */
/* Standard Webhooks: how many of rq's webhook-signature entries verify with
   the secret whsec ("whsec_" + base64 key), over wh_id "." wh_timestamp "."
   body (HMAC-SHA256, base64), as the specification's libraries check. */
int th_standard_signatures_ok(const char *whsec, const th_request *rq);
/* The number of entries of rq's webhook-signature header. */
int th_standard_signature_count(const th_request *rq);

bool th_signature_ok(const char *secret, const char *timestamp,
                     const char *body, size_t body_len, const char *header);
/* Lower-case hex SHA-256 of data into out[65]. */
void th_sha256_hex(const void *data, size_t len, char out[65]);

#endif
