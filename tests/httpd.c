/*
 * httpd.c -- the tests' HTTP server, black hole and signature helpers
 * (see httpd.h).
 */
#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DAEMONS 4
#define MAX_RECORDED_BODY (16u * 1024u * 1024u)

const char th_police_html[] =
    "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
    "<title>Заявление полиции</title></head>\n<body><h1>Заявление полиции</h1>"
    "<p>Департамент полиции Астаны: сравнение с Каракасом не соответствует "
    "действительности.</p></body></html>\n";

typedef struct answer {
    char  *path;
    int    status;
    char  *content_type;
    char  *body;
    size_t body_len;
    char  *location;
} answer;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived;
static pthread_once_t cond_once = PTHREAD_ONCE_INIT;

static struct MHD_Daemon *daemons[MAX_DAEMONS];
static int ndaemons;
static unsigned bound_port;

static answer *answers;
static size_t nanswers;

static th_request *requests;
static size_t nrequests, crequests;

static int blackhole_fd = -1;

/* th_httpd_hold: the path whose requests wait for th_httpd_release. */
static char *held_path;
static bool held;

/* ---- small helpers ------------------------------------------------------- */

static void init_cond(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&arrived, &attr);
    pthread_condattr_destroy(&attr);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void copy_field(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static void free_answer(answer *a)
{
    free(a->path);
    free(a->content_type);
    free(a->body);
    free(a->location);
    memset(a, 0, sizeof *a);
}

/* The answer for path, created when missing. Caller holds lock. */
static answer *answer_slot(const char *path)
{
    for (size_t i = 0; i < nanswers; i++)
        if (strcmp(answers[i].path, path) == 0) {
            char *keep = answers[i].path;
            answers[i].path = NULL;
            free_answer(&answers[i]);
            answers[i].path = keep;
            return &answers[i];
        }
    answer *grown = realloc(answers, (nanswers + 1) * sizeof *answers);
    if (grown == NULL)
        abort();
    answers = grown;
    memset(&answers[nanswers], 0, sizeof answers[nanswers]);
    answers[nanswers].path = strdup(path);
    return &answers[nanswers++];
}

/* ---- the MHD handler ----------------------------------------------------- */

typedef struct pending {
    char  *body;
    size_t len, cap;
} pending;

static void record(struct MHD_Connection *c, const char *url, const char *method,
                   pending *p)
{
    th_request r;
    memset(&r, 0, sizeof r);
    copy_field(r.method, sizeof r.method, method);
    copy_field(r.path, sizeof r.path, url);
    copy_field(r.host, sizeof r.host, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"));
    copy_field(r.content_type, sizeof r.content_type,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"));
    copy_field(r.event, sizeof r.event,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Claimtrack-Event"));
    copy_field(r.delivery, sizeof r.delivery,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Claimtrack-Delivery"));
    copy_field(r.timestamp, sizeof r.timestamp,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Claimtrack-Timestamp"));
    copy_field(r.signature, sizeof r.signature,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Claimtrack-Signature"));
    copy_field(r.wh_id, sizeof r.wh_id, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-id"));
    copy_field(r.wh_timestamp, sizeof r.wh_timestamp,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-timestamp"));
    copy_field(r.wh_signature, sizeof r.wh_signature,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, "webhook-signature"));
    r.body = malloc(p->len + 1);
    if (r.body == NULL)
        abort();
    if (p->len)
        memcpy(r.body, p->body, p->len);
    r.body[p->len] = '\0';
    r.body_len = p->len;

    pthread_mutex_lock(&lock);
    if (nrequests == crequests) {
        size_t cap = crequests ? crequests * 2 : 64;
        th_request *grown = realloc(requests, cap * sizeof *requests);
        if (grown == NULL)
            abort();
        requests = grown;
        crequests = cap;
    }
    requests[nrequests++] = r;
    pthread_cond_broadcast(&arrived);
    pthread_mutex_unlock(&lock);
}

static enum MHD_Result reply(struct MHD_Connection *c, const char *url)
{
    struct MHD_Response *resp;
    unsigned status = 404;

    pthread_mutex_lock(&lock);
    const answer *a = NULL;
    for (size_t i = 0; i < nanswers && a == NULL; i++)
        if (strcmp(answers[i].path, url) == 0)
            a = &answers[i];
    if (a) {
        status = (unsigned)a->status;
        resp = MHD_create_response_from_buffer(a->body_len, a->body, MHD_RESPMEM_MUST_COPY);
        if (resp && a->content_type)
            MHD_add_response_header(resp, "Content-Type", a->content_type);
        if (resp && a->location)
            MHD_add_response_header(resp, "Location", a->location);
    } else {
        static const char none[] = "not found\n";
        resp = MHD_create_response_from_buffer(sizeof none - 1, (void *)none,
                                               MHD_RESPMEM_PERSISTENT);
        if (resp)
            MHD_add_response_header(resp, "Content-Type", "text/plain");
    }
    pthread_mutex_unlock(&lock);
    if (resp == NULL)
        return MHD_NO;
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    pending *p = *con_cls;
    if (p == NULL) {
        p = calloc(1, sizeof *p);
        if (p == NULL)
            return MHD_NO;
        *con_cls = p;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        if (p->len + n <= MAX_RECORDED_BODY) {
            if (p->len + n + 1 > p->cap) {
                size_t cap = p->cap ? p->cap : 1024;
                while (cap < p->len + n + 1)
                    cap *= 2;
                char *grown = realloc(p->body, cap);
                if (grown == NULL)
                    return MHD_NO;
                p->body = grown;
                p->cap = cap;
            }
            memcpy(p->body + p->len, upload_data, n);
            p->len += n;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    record(c, url, method, p);
    pthread_mutex_lock(&lock);
    while (held && held_path && strcmp(url, held_path) == 0)
        pthread_cond_wait(&arrived, &lock);
    pthread_mutex_unlock(&lock);
    return reply(c, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    pending *p = *con_cls;
    if (p) {
        free(p->body);
        free(p);
        *con_cls = NULL;
    }
}

static struct MHD_Daemon *start_on(const char *ip, unsigned port)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1)
        return NULL;
    /* after a stop, the port may take a moment to be free again */
    for (int attempt = 0; attempt < 100; attempt++) {
        struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL,
            (uint16_t)port, NULL, NULL, on_request, NULL,
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
            MHD_OPTION_END);
        if (d || port == 0)
            return d;
        usleep(20000);
    }
    return NULL;
}

/* ---- control ------------------------------------------------------------- */

unsigned th_httpd_start(unsigned port)
{
    pthread_once(&cond_once, init_cond);
    if (ndaemons > 0)
        th_httpd_stop();
    struct MHD_Daemon *d = start_on("127.0.0.1", port);
    if (d == NULL)
        return 0;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    daemons[ndaemons++] = d;
    bound_port = info ? info->port : port;
    return bound_port;
}

bool th_httpd_listen_also(const char *ip)
{
    if (ndaemons == 0 || ndaemons == MAX_DAEMONS)
        return false;
    struct MHD_Daemon *d = start_on(ip, bound_port);
    if (d == NULL)
        return false;
    daemons[ndaemons++] = d;
    return true;
}

void th_httpd_hold(const char *path)
{
    pthread_once(&cond_once, init_cond);
    pthread_mutex_lock(&lock);
    free(held_path);
    held_path = strdup(path);
    held = true;
    pthread_mutex_unlock(&lock);
}

void th_httpd_release(void)
{
    pthread_once(&cond_once, init_cond);
    pthread_mutex_lock(&lock);
    held = false;
    pthread_cond_broadcast(&arrived);
    pthread_mutex_unlock(&lock);
}

void th_httpd_stop(void)
{
    th_httpd_release();
    for (int i = 0; i < ndaemons; i++)
        MHD_stop_daemon(daemons[i]);
    ndaemons = 0;
}

unsigned th_httpd_port(void)
{
    return bound_port;
}

const char *th_httpd_url(const char *path)
{
    static char bufs[4][1024];
    static unsigned next;
    char *buf = bufs[next++ % 4];
    snprintf(buf, sizeof bufs[0], "http://127.0.0.1:%u%s", bound_port, path);
    return buf;
}

void th_httpd_reset(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nanswers; i++)
        free_answer(&answers[i]);
    free(answers);
    answers = NULL;
    nanswers = 0;
    for (size_t i = 0; i < nrequests; i++)
        free(requests[i].body);
    free(requests);
    requests = NULL;
    nrequests = crequests = 0;
    free(held_path);
    held_path = NULL;
    held = false;
    pthread_mutex_unlock(&lock);
}

void th_httpd_respond(const char *path, int status, const char *content_type,
                      const char *body, size_t body_len)
{
    pthread_mutex_lock(&lock);
    answer *a = answer_slot(path);
    a->status = status;
    a->content_type = dup_or_null(content_type);
    a->body = malloc(body_len ? body_len : 1);
    if (a->body == NULL)
        abort();
    if (body_len)
        memcpy(a->body, body, body_len);
    a->body_len = body_len;
    pthread_mutex_unlock(&lock);
}

void th_httpd_status(const char *path, int status)
{
    char text[64];
    int n = snprintf(text, sizeof text, "status %d\n", status);
    th_httpd_respond(path, status, "text/plain", text, (size_t)n);
}

void th_httpd_redirect(const char *path, const char *location)
{
    static const char text[] = "moved\n";
    th_httpd_respond(path, 302, "text/plain", text, sizeof text - 1);
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nanswers; i++)
        if (strcmp(answers[i].path, path) == 0) {
            free(answers[i].location);
            answers[i].location = strdup(location);
            break;
        }
    pthread_mutex_unlock(&lock);
}

char *th_httpd_large_body(size_t bytes, const char *title)
{
    char *body = malloc(bytes + 1);
    if (body == NULL)
        abort();
    int head = snprintf(body, bytes + 1, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                        "<title>%s</title></head>\n<body>\n", title);
    size_t at = head > 0 ? (size_t)head : 0;
    static const char line[] = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>\n";
    while (at < bytes) {
        size_t take = sizeof line - 1;
        if (take > bytes - at)
            take = bytes - at;
        memcpy(body + at, line, take);
        at += take;
    }
    body[bytes] = '\0';
    return body;
}

void th_httpd_large(const char *path, size_t bytes, const char *title)
{
    char *body = th_httpd_large_body(bytes, title);
    th_httpd_respond(path, 200, "text/html; charset=utf-8", body, bytes);
    free(body);
}

void th_httpd_police_page(const char *path)
{
    th_httpd_respond(path, 200, "text/html; charset=utf-8", th_police_html,
                     sizeof th_police_html - 1);
}

/* ---- recorded requests --------------------------------------------------- */

size_t th_httpd_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = nrequests;
    pthread_mutex_unlock(&lock);
    return n;
}

static size_t count_path_locked(const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < nrequests; i++)
        if (path == NULL || strcmp(requests[i].path, path) == 0)
            n++;
    return n;
}

size_t th_httpd_count_path(const char *path)
{
    pthread_mutex_lock(&lock);
    size_t n = count_path_locked(path);
    pthread_mutex_unlock(&lock);
    return n;
}

bool th_httpd_request(size_t i, th_request *out)
{
    bool ok = false;
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&lock);
    if (i < nrequests) {
        *out = requests[i];
        out->body = malloc(requests[i].body_len + 1);
        if (out->body == NULL)
            abort();
        memcpy(out->body, requests[i].body, requests[i].body_len + 1);
        ok = true;
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

void th_request_free(th_request *r)
{
    free(r->body);
    r->body = NULL;
    r->body_len = 0;
}

bool th_httpd_wait_path(const char *path, size_t n, int timeout_ms)
{
    struct timespec until;
    pthread_once(&cond_once, init_cond);
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lock);
    bool ok;
    while (!(ok = count_path_locked(path) >= n))
        if (pthread_cond_timedwait(&arrived, &lock, &until) == ETIMEDOUT) {
            ok = count_path_locked(path) >= n;
            break;
        }
    pthread_mutex_unlock(&lock);
    return ok;
}

bool th_httpd_wait(size_t n, int timeout_ms)
{
    return th_httpd_wait_path(NULL, n, timeout_ms);
}

/* ---- the black hole ------------------------------------------------------ */

unsigned th_blackhole_start(void)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    th_blackhole_stop();
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        close(fd);
        return 0;
    }
    blackhole_fd = fd;          /* connections complete in the backlog, unread */
    return ntohs(addr.sin_port);
}

/* Linux reports a listening socket's accept queue in TCP_INFO: tcpi_unacked
   holds the connections completed and not yet accepted (what ss(8) shows
   as Recv-Q). */
bool th_blackhole_wait(unsigned n, int timeout_ms)
{
    for (int waited = 0;; waited += 10) {
        struct tcp_info info;
        socklen_t len = sizeof info;
        if (blackhole_fd < 0 || getsockopt(blackhole_fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
            return false;
        if (info.tcpi_unacked >= n)
            return true;
        if (waited >= timeout_ms)
            return false;
        usleep(10000);
    }
}

void th_blackhole_stop(void)
{
    if (blackhole_fd >= 0)
        close(blackhole_fd);
    blackhole_fd = -1;
}

/* ---- signatures ---------------------------------------------------------- */

static void hex(const unsigned char *md, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * n] = '\0';
}

bool th_signature_ok(const char *secret, const char *timestamp,
                     const char *body, size_t body_len, const char *header)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    char expected[3 + 2 * EVP_MAX_MD_SIZE + 1];
    size_t ts_len = strlen(timestamp);
    unsigned char *msg = malloc(ts_len + 1 + body_len + 1);
    if (msg == NULL)
        abort();
    memcpy(msg, timestamp, ts_len);
    msg[ts_len] = '.';
    if (body_len)
        memcpy(msg + ts_len + 1, body, body_len);
    unsigned char *ok = HMAC(EVP_sha256(), secret, (int)strlen(secret), msg,
                             ts_len + 1 + body_len, md, &md_len);
    free(msg);
    if (ok == NULL)
        return false;
    memcpy(expected, "v1=", 3);
    hex(md, md_len, expected + 3);
    return strcmp(expected, header) == 0;
}

int th_standard_signature_count(const th_request *rq)
{
    int n = 0;
    for (const char *p = rq->wh_signature; *p;) {
        p += strspn(p, " ");
        if (*p) {
            n++;
            p += strcspn(p, " ");
        }
    }
    return n;
}

int th_standard_signatures_ok(const char *whsec, const th_request *rq)
{
    unsigned char key[256], md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    char expected[3 + 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    const char *b64 = strncmp(whsec, "whsec_", 6) == 0 ? whsec + 6 : whsec;
    int key_len = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)strlen(b64));
    size_t id_len = strlen(rq->wh_id), ts_len = strlen(rq->wh_timestamp);
    unsigned char *msg = malloc(id_len + ts_len + 2 + rq->body_len + 1);
    int ok = 0;

    if (msg == NULL)
        abort();
    if (key_len < 0) {
        free(msg);
        return 0;
    }
    key_len -= (b64[strlen(b64) - 1] == '=') + (strlen(b64) > 1 && b64[strlen(b64) - 2] == '=');
    memcpy(msg, rq->wh_id, id_len);
    msg[id_len] = '.';
    memcpy(msg + id_len + 1, rq->wh_timestamp, ts_len);
    msg[id_len + 1 + ts_len] = '.';
    if (rq->body_len)
        memcpy(msg + id_len + ts_len + 2, rq->body, rq->body_len);
    if (HMAC(EVP_sha256(), key, key_len, msg, id_len + ts_len + 2 + rq->body_len, md, &md_len)) {
        memcpy(expected, "v1,", 3);
        EVP_EncodeBlock((unsigned char *)expected + 3, md, (int)md_len);
        for (const char *p = rq->wh_signature; *p;) {
            p += strspn(p, " ");
            size_t len = strcspn(p, " ");
            ok += len == strlen(expected) && strncmp(p, expected, len) == 0;
            p += len;
        }
    }
    free(msg);
    return ok;
}

void th_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) || md_len != 32)
        abort();
    hex(md, md_len, out);
}
