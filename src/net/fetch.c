/*
 * fetch.c -- safe outbound HTTP with libcurl (see fetch.h).
 *
 * The address check lives in CURLOPT_OPENSOCKETFUNCTION, which libcurl
 * calls with the resolved address of every connection it opens, including
 * those after a redirect: refusing there covers DNS answers and redirects
 * alike. Protocols are limited with CURLOPT_PROTOCOLS_STR and
 * CURLOPT_REDIR_PROTOCOLS_STR; the body is capped in the write callback.
 */
#include "net/fetch.h"

#include "base/error.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct transfer {
    const ct_fetch_policy *policy;
    ct_fetch_result       *result;
    size_t                 cap;
    bool                   refused;
} transfer;

struct ct_fetch_session {
    CURL *curl;
};

ct_fetch_session *ct_fetch_session_new(void)
{
    ct_fetch_session *session = calloc(1, sizeof *session);
    if (session && (session->curl = curl_easy_init()) == NULL) {
        free(session);
        session = NULL;
    }
    return session;
}

void ct_fetch_session_free(ct_fetch_session *session)
{
    if (session == NULL)
        return;
    curl_easy_cleanup(session->curl);
    free(session);
}

bool ct_fetch_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

static bool in_range(const unsigned char *addr, const unsigned char *net, int bits)
{
    int bytes = bits / 8, rest = bits % 8;
    if (memcmp(addr, net, (size_t)bytes) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    return (addr[bytes] & mask) == (net[bytes] & mask);
}

/* Public IPv4: none of the special-purpose ranges of RFC 6890 and friends. */
static bool ipv4_public(const unsigned char *a)
{
    static const struct { unsigned char net[4]; int bits; } special[] = {
        {{0, 0, 0, 0}, 8}, {{10, 0, 0, 0}, 8}, {{100, 64, 0, 0}, 10}, {{127, 0, 0, 0}, 8},
        {{169, 254, 0, 0}, 16}, {{172, 16, 0, 0}, 12}, {{192, 0, 0, 0}, 24},
        {{192, 0, 2, 0}, 24}, {{192, 88, 99, 0}, 24}, {{192, 168, 0, 0}, 16},
        {{198, 18, 0, 0}, 15}, {{198, 51, 100, 0}, 24}, {{203, 0, 113, 0}, 24},
        {{224, 0, 0, 0}, 4}, {{240, 0, 0, 0}, 4},
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (in_range(a, special[i].net, special[i].bits))
            return false;
    return true;
}

static bool ipv6_public(const unsigned char *a)
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B};
    static const unsigned char doc[4] = {0x20, 0x01, 0x0D, 0xB8};
    unsigned char zero[16] = {0};

    static const unsigned char nat64_local[6] = {0, 0x64, 0xFF, 0x9B, 0, 1};
    if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0)
        return ipv4_public(a + 12);
    if (memcmp(a, nat64_local, 6) == 0)                     /* 64:ff9b:1::/48 (RFC 8215) */
        return false;
    if (a[0] == 0x20 && a[1] == 0x02)                       /* 6to4 embeds an IPv4 */
        return ipv4_public(a + 2);
    if (memcmp(a, zero, 15) == 0)                          /* :: and ::1 */
        return false;
    if ((a[0] & 0xFE) == 0xFC || (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) || a[0] == 0xFF)
        return false;                                       /* ULA, link-local, multicast */
    if (memcmp(a, doc, 4) == 0 || (a[0] == 0x01 && a[1] == 0 && memcmp(a + 2, zero, 6) == 0))
        return false;                                       /* documentation, discard */
    return (a[0] & 0xE0) == 0x20;                           /* global unicast 2000::/3 */
}

bool ct_fetch_address_allowed(int family, const unsigned char *addr,
                              const ct_cidr *allow, size_t nallow)
{
    for (size_t i = 0; i < nallow; i++)
        if (allow[i].family == family && in_range(addr, allow[i].addr, allow[i].bits))
            return true;
    return family == AF_INET ? ipv4_public(addr) : family == AF_INET6 && ipv6_public(addr);
}

static curl_socket_t open_socket(void *data, curlsocktype purpose, struct curl_sockaddr *address)
{
    transfer *t = data;
    const unsigned char *bytes = NULL;
    char text[INET6_ADDRSTRLEN] = "?";

    (void)purpose;
    if (address->family == AF_INET)
        bytes = (const unsigned char *)&((struct sockaddr_in *)&address->addr)->sin_addr;
    else if (address->family == AF_INET6)
        bytes = (const unsigned char *)&((struct sockaddr_in6 *)&address->addr)->sin6_addr;
    if (bytes == NULL ||
        !ct_fetch_address_allowed(address->family, bytes, t->policy->allow, t->policy->nallow)) {
        if (bytes)
            inet_ntop(address->family, bytes, text, sizeof text);
        snprintf(t->result->error, sizeof t->result->error,
                 "refused to connect to %s: not a public address", text);
        t->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    transfer *t = user;
    ct_fetch_result *r = t->result;
    size_t n = size * count, room = t->cap - r->size, take = n < room ? n : room;

    if (take > 0) {
        unsigned char *grown = realloc(r->body, r->size + take + 1);
        if (grown == NULL)
            return 0;
        r->body = grown;
        memcpy(r->body + r->size, data, take);
        r->size += take;
        r->body[r->size] = '\0';
    }
    if (take < n) {
        r->truncated = true;         /* the cap is reached: stop downloading */
        return CURL_WRITEFUNC_ERROR;
    }
    return n;
}

static int on_progress(void *user, curl_off_t dl_total, curl_off_t dl_now, curl_off_t ul_total,
                       curl_off_t ul_now)
{
    transfer *t = user;
    (void)dl_total; (void)dl_now; (void)ul_total; (void)ul_now;
    return t->policy->cancel && atomic_load(t->policy->cancel) ? 1 : 0;
}

static ct_rc perform(CURL *curl, transfer *t, bool follow, ct_error *err)
{
    ct_fetch_result *r = t->result;
    char *final_url = NULL, *type = NULL;

    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
    /* No proxy from the environment: the address check must see the target. */
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)CT_FETCH_MAX_REDIRECTS);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, t->policy->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, t->policy->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "claimtrack/1.0 (+evidence archive)");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");

    CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->http_status);
    if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url)
        snprintf(r->final_url, sizeof r->final_url, "%s", final_url);
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
        snprintf(r->content_type, sizeof r->content_type, "%s", type);
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && r->truncated)) {
        r->error[0] = '\0';   /* an address refused before another one answered */
        return CT_OK;
    }
    if (!t->refused)
        snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(code));
    return ct_fail(err, CT_EUNAVAILABLE, "fetch_failed", NULL, "%s", r->error);
}

/* The request's headers: Content-Type and headers, or NULL when one of
   them could not be added (noted: a webhook sent without its signature
   headers would be a lie to its receiver). curl_slist_append answers NULL
   and keeps the list when it fails. */
static struct curl_slist *header_list(const char *const *headers)
{
    struct curl_slist *list = curl_slist_append(NULL, "Content-Type: application/json");
    for (const char *const *h = headers; list && h && *h; h++) {
        struct curl_slist *longer = curl_slist_append(list, *h);
        if (longer == NULL) {
            curl_slist_free_all(list);
            list = NULL;
        }
        list = longer;
    }
    if (list == NULL)
        ct_oom_note();
    return list;
}

static ct_rc run(const char *url, const char *body, const char *const *headers,
                 const ct_fetch_policy *policy, ct_fetch_result *result, ct_error *err)
{
    transfer t = {policy, result, policy->max_body, false};
    struct curl_slist *list = NULL;
    CURL *curl = policy->session ? policy->session->curl : curl_easy_init();
    ct_rc rc;

    memset(result, 0, sizeof *result);
    if (policy->session)
        curl_easy_reset(curl);      /* options go, the connection cache stays */
    if (curl == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    if (body && (list = header_list(headers)) == NULL) {
        snprintf(result->error, sizeof result->error, "out of memory");
        if (policy->session == NULL)
            curl_easy_cleanup(curl);
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    }
    if (body) {
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
        t.cap = 64 * 1024;            /* a receiver's answer is not kept beyond this */
    }
    rc = perform(curl, &t, body == NULL, err);
    curl_slist_free_all(list);
    if (policy->session == NULL)
        curl_easy_cleanup(curl);
    return rc;
}

ct_rc ct_fetch_get(const char *url, const ct_fetch_policy *policy, ct_fetch_result *result,
                   ct_error *err)
{
    return run(url, NULL, NULL, policy, result, err);
}

ct_rc ct_fetch_post_json(const char *url, const char *body, const char *const *headers,
                         const ct_fetch_policy *policy, ct_fetch_result *result, ct_error *err)
{
    return run(url, body, headers, policy, result, err);
}

void ct_fetch_result_free(ct_fetch_result *result)
{
    free(result->body);
    result->body = NULL;
    result->size = 0;
}

/* ---- a destination checked before anything is sent to it --------------------------- */

/* What kind of address a refused one is, for people. */
static const char *address_kind(int family, const unsigned char *a)
{
    if (family == AF_INET) {
        if (a[0] == 127)
            return "a loopback address";
        if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
            (a[0] == 100 && (a[1] & 0xC0) == 64))
            return "a private address";
        if (a[0] == 169 && a[1] == 254)
            return "a link-local address";
        return "not a public address";
    }
    static const unsigned char loopback[16] = {[15] = 1};
    if (memcmp(a, loopback, 16) == 0)
        return "a loopback address";
    if ((a[0] & 0xFE) == 0xFC)
        return "a private (unique local) address";
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80)
        return "a link-local address";
    return "not a public address";
}

bool ct_fetch_destination_allowed(const char *url, bool any_address, const ct_cidr *allow,
                                  size_t nallow, char *why, size_t why_size)
{
    CURLU *parsed = curl_url();
    char *host = NULL, *scheme = NULL;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *found = NULL;
    bool ok = false;

    why[0] = '\0';
    CURLUcode uc = parsed == NULL ? CURLUE_OUT_OF_MEMORY : curl_url_set(parsed, CURLUPART_URL, url, 0);
    if (uc == CURLUE_OK)
        uc = curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0);
    if (uc == CURLUE_OK)
        uc = curl_url_get(parsed, CURLUPART_HOST, &host, 0);
    if (uc == CURLUE_OUT_OF_MEMORY) {
        ct_oom_note();                           /* not the address's fault */
        snprintf(why, why_size, "out of memory");
    } else if (uc != CURLUE_OK || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
        snprintf(why, why_size, "the url is not an http or https address");
    } else {
        size_t len = strlen(host);
        if (len > 2 && host[0] == '[' && host[len - 1] == ']') {   /* an IPv6 literal */
            memmove(host, host + 1, len - 2);
            host[len - 2] = '\0';
        }
        int gai = getaddrinfo(host, NULL, &hints, &found);
        ok = gai == 0;
        if (gai == EAI_MEMORY)
            ct_oom_note();
        if (!ok)
            snprintf(why, why_size, "its host %.200s cannot be resolved (%s)", host, gai_strerror(gai));
    }
    for (struct addrinfo *ai = found; ok && ai && !any_address; ai = ai->ai_next) {
        const unsigned char *bytes =
            ai->ai_family == AF_INET ? (const unsigned char *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
          : ai->ai_family == AF_INET6 ? (const unsigned char *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr
          : NULL;
        char text[INET6_ADDRSTRLEN] = "?";
        if (bytes == NULL || ct_fetch_address_allowed(ai->ai_family, bytes, allow, nallow))
            continue;
        inet_ntop(ai->ai_family, bytes, text, sizeof text);
        snprintf(why, why_size, "%.200s is %s (%s)", host, address_kind(ai->ai_family, bytes), text);
        ok = false;
    }
    if (found)
        freeaddrinfo(found);
    curl_free(host);
    curl_free(scheme);
    curl_url_cleanup(parsed);
    return ok;
}
