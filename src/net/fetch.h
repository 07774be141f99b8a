/*
 * fetch.h -- outbound HTTP with libcurl, made safe for URLs that editors
 * and other fact-checkers typed.
 *
 * http and https only, also after redirects; at most 5 redirects; connect
 * and total timeouts; a size cap enforced while downloading. Addresses
 * that are loopback, private, link-local, multicast or otherwise not
 * public are refused unless an allow-list says otherwise, and the check is
 * made on the address actually connected to (after DNS, for every
 * redirect), so neither a redirect nor a DNS answer can reach the internal
 * network. The network layer knows nothing of claims or the database.
 */
#ifndef CT_FETCH_H
#define CT_FETCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define CT_FETCH_MAX_REDIRECTS 5

/* An address range allowed although not public: tests and intranets. */
typedef struct ct_cidr {
    int           family;    /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int           bits;
} ct_cidr;

/* A libcurl handle kept between transfers of one thread, so that its
   connections to a receiver are reused (keep-alive). */
typedef struct ct_fetch_session ct_fetch_session;

ct_fetch_session *ct_fetch_session_new(void);
void              ct_fetch_session_free(ct_fetch_session *session);

typedef struct ct_fetch_policy {
    long             connect_timeout_ms;
    long             timeout_ms;
    size_t           max_body;
    const ct_cidr   *allow;          /* ranges allowed although not public */
    size_t           nallow;
    const atomic_bool   *cancel;     /* when it becomes true, the transfer stops */
    ct_fetch_session    *session;    /* may be NULL: a handle per transfer       */
} ct_fetch_policy;

typedef struct ct_fetch_result {
    long           http_status;
    char           final_url[2100];
    char           content_type[256];
    unsigned char *body;             /* malloc'd, NUL-terminated for convenience */
    size_t         size;
    bool           truncated;        /* the body was cut at max_body           */
    char           error[256];       /* why it failed, for people              */
} ct_fetch_result;

/* Global set-up of libcurl; call once before any thread fetches. */
bool ct_fetch_global_init(void);

/* True when addr (AF_INET or AF_INET6 bytes) may be connected to. */
bool ct_fetch_address_allowed(int family, const unsigned char *addr,
                              const ct_cidr *allow, size_t nallow);

/* GET url. CT_OK when a response arrived (any HTTP status); CT_EUNAVAILABLE
   with result->error when it did not (refused, timed out, ...). */
ct_rc ct_fetch_get(const char *url, const ct_fetch_policy *policy, ct_fetch_result *result,
                   ct_error *err);

/* POST body (application/json) with extra headers (NULL-ended "Name: value").
   Redirects are not followed: a 3xx is the receiver's answer, not a success. */
ct_rc ct_fetch_post_json(const char *url, const char *body, const char *const *headers,
                         const ct_fetch_policy *policy, ct_fetch_result *result, ct_error *err);

void ct_fetch_result_free(ct_fetch_result *result);

/*
 * Whether url may be delivered to: an http or https address whose host
 * resolves (getaddrinfo) and, unless any_address, only to addresses that
 * ct_fetch_address_allowed accepts. False with the reason in why ("127.0.0.1
 * is a loopback address (127.0.0.1)", "its host ... cannot be resolved").
 * Checked when a webhook subscription is made or changed; the transfer
 * itself checks the address it connects to again.
 */
bool ct_fetch_destination_allowed(const char *url, bool any_address, const ct_cidr *allow,
                                  size_t nallow, char *why, size_t why_size);

#endif
