/*
 * http.c -- the host's HTTP server on libmicrohttpd: a thread pool, bounded
 * request bodies and connection timeouts; static pages; sign-in and
 * sessions; the articles with their anchors and notices, and editors'
 * changes to an article's text; and /api/claimtrack/..., handed to the
 * plugin with the actor of the session. No HTTP is parsed by hand.
 *
 * Paths: libmicrohttpd gives the handler a path decoded whole, where an
 * escaped '/' can no longer be told from a separator. The host's own
 * routes take what follows their prefix as one article id, so for them
 * that is the id; for the plugin each segment must stay a segment, so
 * each request keeps the path as sent (on_uri) and the relay builds the
 * plugin's path from it (plugin_path). Query arguments are decoded by
 * libmicrohttpd as always ('+' a space, %XX).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-c/json.h>

#include "host.h"

#define BODY_MAX (1024u * 1024u)
#define API_PREFIX "/api/claimtrack"

typedef struct server {
    const host_config *cfg;
    host_db           *db;
    host_plugin       *plugin;
} server;

/* One request, from the moment its first line is read (on_uri) until it
   is done (on_completed). */
typedef struct request {
    char  *raw_path;   /* the path as sent, still percent-encoded, no query;
                          NULL when memory ran out */
    bool   started;    /* the handler has seen the headers */
    char  *body;
    size_t len;
    bool   too_large;
} request;

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                          "form-action 'self'";

/* ---- responses ------------------------------------------------------------- */

/* extra: the plugin's "headers" (an object of strings) or NULL; they win
   over the defaults (the archive of a source comes in a stricter sandbox). */
static enum MHD_Result send_with(struct MHD_Connection *c, unsigned status, const char *type,
                                 const char *data, size_t len, const char *cookie,
                                 const char *location, json_object *extra)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data,
                                                             MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    if (extra) {
        json_object_object_foreach(extra, name, value)
            if (json_object_is_type(value, json_type_string) && !strpbrk(name, "\r\n:") &&
                !strpbrk(json_object_get_string(value), "\r\n"))
                MHD_add_response_header(r, name, json_object_get_string(value));
    }
    if (!MHD_get_response_header(r, "Content-Security-Policy"))
        MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    if (!MHD_get_response_header(r, "Cache-Control"))
        MHD_add_response_header(r, "Cache-Control", "no-store");
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    if (location)
        MHD_add_response_header(r, "Location", location);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_buffer(struct MHD_Connection *c, unsigned status,
                                   const char *type, const char *data, size_t len,
                                   const char *cookie, const char *location)
{
    return send_with(c, status, type, data, len, cookie, location, NULL);
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_object *obj)
{
    const char *text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE);
    return send_buffer(c, status, "application/json", text, strlen(text), NULL, NULL);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status,
                                  const char *code, const char *message)
{
    json_object *body = json_object_new_object(), *error = json_object_new_object();
    json_object_object_add(error, "code", json_object_new_string(code));
    json_object_object_add(error, "message", json_object_new_string(message));
    json_object_object_add(body, "error", error);
    enum MHD_Result ret = send_json(c, status, body);
    json_object_put(body);
    return ret;
}

static const char *content_type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL) return "application/octet-stream";
    if (strcmp(dot, ".html") == 0) return "text/html; charset=utf-8";
    if (strcmp(dot, ".css") == 0) return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0 || strcmp(dot, ".mjs") == 0) return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0) return "image/svg+xml";
    if (strcmp(dot, ".png") == 0) return "image/png";
    return "application/octet-stream";
}

#define STATIC_FILE_MAX (8u << 20)

/* A regular file of at most STATIC_FILE_MAX bytes, never through a symbolic
   link; anything else (a directory, a device, a link) is 404. */
static enum MHD_Result send_file(struct MHD_Connection *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    char *data = NULL;
    enum MHD_Result ret;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_FILE_MAX) {
        if (fd >= 0)
            close(fd);
        return send_error(c, 404, "not_found", "no such page");
    }
    size_t size = (size_t)st.st_size, got = 0;
    data = malloc(size + 1);
    while (data && got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    ret = data && got == size ? send_buffer(c, 200, content_type_of(path), data, size, NULL, NULL)
                              : send_error(c, 500, "read_error", "cannot read the file");
    free(data);
    return ret;
}

/* ---- sessions ---------------------------------------------------------------- */

/* Behind a TLS-terminating proxy that says so (X-Forwarded-Proto: https),
   the session cookie is Secure and named with the __Host- prefix (bound to
   this host, path / and https). Served over plain HTTP it cannot be. */
static bool over_https(struct MHD_Connection *c)
{
    const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return proto && strcasecmp(proto, "https") == 0;
}

static void session_cookie(struct MHD_Connection *c, const char *token, int max_age,
                           char *out, size_t size)
{
    snprintf(out, size, "%s=%s; HttpOnly; SameSite=Lax; Path=/; Max-Age=%d%s",
             over_https(c) ? "__Host-ct_session" : "ct_session", token, max_age,
             over_https(c) ? "; Secure" : "");
}

static bool session_of(const server *s, struct MHD_Connection *c, host_user *user)
{
    const char *token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "__Host-ct_session");
    if (token == NULL && !over_https(c))
        token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ct_session");
    return token && host_session_user(s->db, token, user);
}

/* A sign-in form posted from this site: its Origin (or, without one, its
   Referer) names the host the request was sent to. A form on another site
   signing a visitor in to the attacker's account (login CSRF) fails here. */
static bool same_origin(struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *from = origin ? origin : MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
    const char *rest;

    if (host == NULL || from == NULL)
        return false;
    rest = strncmp(from, "https://", 8) == 0 ? from + 8 : strncmp(from, "http://", 7) == 0 ? from + 7 : NULL;
    if (rest == NULL || strncmp(rest, host, strlen(host)) != 0)
        return false;
    char end = rest[strlen(host)];
    return end == '\0' || end == '/';
}

static bool csrf_ok(struct MHD_Connection *c, const host_user *user)
{
    const char *token = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    if (token == NULL || strlen(token) != strlen(user->csrf))
        return false;
    unsigned char diff = 0;
    for (size_t i = 0; user->csrf[i]; i++)
        diff |= (unsigned char)(token[i] ^ user->csrf[i]);
    return diff == 0;
}

static enum MHD_Result serve_session(const server *s, struct MHD_Connection *c)
{
    host_user user;
    json_object *out = json_object_new_object();
    if (session_of(s, c, &user)) {
        json_object *u = json_object_new_object();
        json_object_object_add(u, "name", json_object_new_string(user.name));
        json_object_object_add(u, "role", json_object_new_string(user.role));
        json_object_object_add(out, "user", u);
        json_object_object_add(out, "csrf", json_object_new_string(user.csrf));
    } else {
        json_object_object_add(out, "user", NULL);
        json_object_object_add(out, "csrf", NULL);
    }
    json_object_object_add(out, "time_zone", json_object_new_string(HOST_TIME_ZONE));
    enum MHD_Result ret = send_json(c, 200, out);
    json_object_put(out);
    return ret;
}

/* Value of field name in an application/x-www-form-urlencoded body, decoded. */
static bool form_field(const char *body, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, name, n) != 0 || p[n] != '=')
            continue;
        const char *v = p + n + 1;
        size_t len = strcspn(v, "&");
        if (len >= size) {
            out[0] = '\0';
            return false;
        }
        memcpy(out, v, len);
        out[len] = '\0';
        for (char *q = out; *q; q++)
            if (*q == '+')
                *q = ' ';
        MHD_http_unescape(out);
        return true;
    }
    out[0] = '\0';
    return false;
}

/* Only same-site paths are followed after sign-in: "/x", never "//host",
   "/\\host" or anything with spaces or control characters that a browser
   would strip into one of those. */
static const char *safe_next(const char *next)
{
    if (next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p <= 0x20 || *p == 0x7F || *p == '\\')
            return "/";
    return next;
}

static enum MHD_Result serve_login(const server *s, struct MHD_Connection *c, const request *rq)
{
    char name[128], password[256], next[512], cookie[256];
    host_user user;

    if (!same_origin(c))
        return send_error(c, 403, "csrf", "sign in from this site's own sign-in page");
    form_field(rq->body ? rq->body : "", "next", next, sizeof next);
    if (!form_field(rq->body ? rq->body : "", "name", name, sizeof name) ||
        !form_field(rq->body ? rq->body : "", "password", password, sizeof password) ||
        !host_login(s->db, name, password, &user))
        return send_buffer(c, 303, "text/plain", "", 0, NULL, "/login?failed=1");
    session_cookie(c, user.session, 43200, cookie, sizeof cookie);
    return send_buffer(c, 303, "text/plain", "", 0, cookie, safe_next(next));
}

static enum MHD_Result serve_logout(const server *s, struct MHD_Connection *c)
{
    host_user user;
    if (!session_of(s, c, &user) || !csrf_ok(c, &user))
        return send_error(c, 403, "csrf", "missing or wrong CSRF token");
    char cookie[256];
    host_logout(s->db, user.session);
    session_cookie(c, "", 0, cookie, sizeof cookie);
    return send_buffer(c, 204, NULL, "", 0, cookie, NULL);
}

/* ---- the plugin ------------------------------------------------------------------ */

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    json_object_object_add(cls, key, json_object_new_string(value ? value : ""));
    return MHD_YES;
}

/* Decode base64 in place; returns the decoded length. */
static size_t unbase64(char *text)
{
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t out = 0;
    unsigned bits = 0, value = 0;
    for (const char *p = text; *p && *p != '='; p++) {
        const char *at = strchr(table, *p);
        if (at == NULL)
            continue;
        value = value << 6 | (unsigned)(at - table);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            text[out++] = (char)(value >> bits & 0xFF);
        }
    }
    return out;
}

/*
 * Send the plugin's response envelope as an HTTP response. An answer with
 * an ETag may be kept by the browser (or a cache in front), but only to be
 * revalidated with If-None-Match before each use ("no-cache"), and only by
 * this browser when it was made for a signed-in person ("private"):
 * everything else stays "no-store".
 */
static enum MHD_Result relay(struct MHD_Connection *c, const host_plugin *p, char *envelope,
                             bool personal)
{
    json_object *env = envelope ? json_tokener_parse(envelope) : NULL;
    p->api->free_string(envelope);
    if (env == NULL)
        return send_error(c, 400, "invalid_json", "the request body is not JSON");
    json_object *headers = json_object_object_get(env, "headers");
    if (json_object_object_get(headers, "ETag"))
        json_object_object_add(headers, "Cache-Control",
                               json_object_new_string(personal ? "private, no-cache" : "no-cache"));
    int status = json_object_get_int(json_object_object_get(env, "status"));
    const char *type = json_object_get_string(json_object_object_get(env, "content_type"));
    json_object *body = json_object_object_get(env, "body");
    const char *text = json_object_is_type(body, json_type_string)
        ? json_object_get_string(body)
        : json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *decoded = NULL;
    size_t len = strlen(text);
    const char *encoding = json_object_get_string(json_object_object_get(env, "body_encoding"));
    if (encoding && strcmp(encoding, "base64") == 0 && (decoded = strdup(text)) != NULL) {
        len = unbase64(decoded);
        text = decoded;
    }
    enum MHD_Result ret = send_with(c, (unsigned)status, type, text, len, NULL, NULL,
                                    json_object_object_get(env, "headers"));
    free(decoded);
    json_object_put(env);
    return ret;
}

/* Percent-encode the len bytes at bytes into out (size bytes, NUL
   included): every byte but ASCII letters, digits and safe is written %XX,
   upper-case hex, so a space, '/', '?', '#', '%', a NUL byte (which the
   plugin then refuses) are. Bytes of UTF-8 past ASCII go as they are: the
   plugin takes a path of UTF-8, and encoded they would take three times
   the room (an id of 180 Cyrillic letters would pass the plugin's
   1,024-character path). Output that does not fit is cut at a whole
   byte's encoding. Returns the length written. */
static size_t encode_with(const char *bytes, size_t len, const char *safe, char *out,
                          size_t size)
{
    size_t used = 0;
    for (size_t i = 0; i < len && used + 4 < size; i++) {
        unsigned char b = (unsigned char)bytes[i];
        if (b >= 0x80 || isalnum(b) || (b != '\0' && strchr(safe, b)))
            out[used++] = (char)b;
        else
            used += (size_t)snprintf(out + used, size - used, "%%%02X", b);
    }
    out[used] = '\0';
    return used;
}

/* The ASCII characters a path segment for the plugin carries as they are:
   RFC 3986's unreserved ones and the sub-delimiters, ':' and '@'. */
#define SEGMENT_SAFE "-._~!$&'()*+,;=:@"

/* One segment of a path for the plugin (an article id, or a segment of a
   relayed path), encoded so that "news/2025" stays one segment (the
   plugin's /articles/news%2F2025/notices) instead of reaching another
   route or none. */
static void encode_segment(const char *segment, char *out, size_t size)
{
    encode_with(segment, strlen(segment), SEGMENT_SAFE, out, size);
}

/* Room for an article id encoded (the plugin takes up to 200 code points,
   at most 4 bytes each, 3 characters a byte) and for a path around one. */
#define ENCODED_ID_SIZE (200 * 4 * 3 + 1)
#define ARTICLE_PATH_SIZE (ENCODED_ID_SIZE + 32)

/* The plugin's path /articles/{id}{tail} for an article id. */
static void article_path(const char *id, const char *tail, char path[ARTICLE_PATH_SIZE])
{
    char encoded[ENCODED_ID_SIZE];
    encode_segment(id, encoded, sizeof encoded);
    snprintf(path, ARTICLE_PATH_SIZE, "/articles/%s%s", encoded, tail);
}

/* The query of a notices request: format, and lang, the article's whole
   language tag (the plugin negotiates it: "ru-RU" is Russian, "fil" no
   language it writes in, so each notice in its claim's), JSON-escaped;
   malloc'd, NULL when memory ran out. */
static char *notices_query(const char *format, const char *lang)
{
    json_object *q = json_object_new_object();
    json_object_object_add(q, "format", json_object_new_string(format));
    if (lang && lang[0])
        json_object_object_add(q, "lang", json_object_new_string(lang));
    const char *text = json_object_to_json_string_ext(q, JSON_C_TO_STRING_PLAIN);
    char *query = text ? strdup(text) : NULL;
    json_object_put(q);
    return query;
}

static void anchor_stored(const server *s, const char *id);

/* A claim recorded with its article, or a mention added to a claim: the
   article it names is anchored now, on the editor's request, so that the
   pages show the passage without anchoring on a reader's visit. */
static void anchor_added_mention(const server *s, const char *path, const char *body_text)
{
    size_t len = strlen(path);
    bool claim = strcmp(path, "/claims") == 0;
    bool mention = strncmp(path, "/claims/", 8) == 0 && len > 9 && strcmp(path + len - 9, "/mentions") == 0;
    json_object *body = (claim || mention) && body_text ? json_tokener_parse(body_text) : NULL;
    json_object *article = claim ? json_object_object_get(body, "article") : body;
    const char *id = json_object_get_string(json_object_object_get(article, claim ? "id" : "article_id"));
    if (id)
        anchor_stored(s, id);
    json_object_put(body);
}

/* A suggestion confirmed: the answer is its claim; the articles of its
   mentions are anchored now, so the page shows the new passage at once. */
static void anchor_confirmed(const server *s, const char *envelope)
{
    json_object *env = json_tokener_parse(envelope);
    json_object *mentions = json_object_object_get(json_object_object_get(env, "body"), "mentions");
    for (size_t i = 0; mentions && i < json_object_array_length(mentions); i++) {
        const char *id = json_object_get_string(json_object_object_get(
            json_object_array_get_idx(mentions, i), "article_id"));
        bool again = false;
        for (size_t k = 0; id && k < i; k++)
            again = again || strcmp(id, json_object_get_string(json_object_object_get(
                json_object_array_get_idx(mentions, k), "article_id"))) == 0;
        if (id && !again)
            anchor_stored(s, id);
    }
    json_object_put(env);
}

/*
 * The plugin's path for a request to /api/claimtrack/...: made from the
 * path as the client sent it, raw (request.raw_path), never from the one
 * libmicrohttpd decoded whole, where "articles/en%2Fnews/suggestions" has
 * become "articles/en/news/suggestions" and no re-encoding can tell the
 * id's '/' from the path's. Segment by segment: each is decoded alone, as
 * libmicrohttpd decodes (MHD_http_unescape: %XX, any other '%' kept), and
 * encoded again as one segment (encode_segment), so '/', '?', '#' and '%'
 * stay inside it and letters past ASCII go as UTF-8, the way the host's
 * own calls send an article id. The first two segments must be "api" and
 * "claimtrack". malloc'd; NULL when they are not, or memory ran out.
 */
static char *plugin_path(const char *raw)
{
    static const char *const prefix[] = {"api", "claimtrack"};
    size_t len = strlen(raw), size = 3 * len + 8, used = 0, index = 0;
    char *out = malloc(size), *segment = malloc(len + 1);
    bool ok = out && segment && raw[0] == '/';

    for (const char *p = raw + 1; ok; index++) {
        size_t n = strcspn(p, "/");
        memcpy(segment, p, n);
        segment[n] = '\0';
        size_t decoded = MHD_http_unescape(segment);
        if (index < 2)
            ok = decoded == strlen(prefix[index]) && memcmp(segment, prefix[index], decoded) == 0;
        else {
            out[used++] = '/';
            used += encode_with(segment, decoded, SEGMENT_SAFE, out + used, size - used);
        }
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    ok = ok && index >= 2;
    free(segment);
    if (!ok) {
        free(out);
        return NULL;
    }
    out[used] = '\0';
    return out;
}

/*
 * /api/claimtrack/{plugin path}: the plugin's route, with the actor of the
 * session (a reader's when none), the query's arguments as libmicrohttpd
 * decoded them (a JSON object of strings, '+' a space) and, for a write,
 * the body; the path from plugin_path, each segment as the client sent it.
 */
static enum MHD_Result serve_api(const server *s, struct MHD_Connection *c, const char *method,
                                 const request *rq)
{
    host_user user;
    bool signed_in = session_of(s, c, &user);
    bool write = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
    json_object *query = NULL;
    char *path = NULL, *envelope = NULL;
    enum MHD_Result ret;

    if (write && (!signed_in || !csrf_ok(c, &user))) {
        ret = send_error(c, 403, "csrf", "missing or wrong CSRF token");
        goto out;
    }
    path = rq->raw_path ? plugin_path(rq->raw_path) : NULL;
    if (path == NULL) {
        ret = rq->raw_path ? send_error(c, 404, "not_found", "no such page")
                           : send_error(c, 503, "out_of_memory", "out of memory");
        goto out;
    }
    query = json_object_new_object();
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, query);
    const char *query_text = json_object_object_length(query) > 0
        ? json_object_to_json_string(query) : NULL;
    const char *actor = signed_in ? user.name : "anonymous";
    const char *role = signed_in ? user.role : "reader";
    envelope = strcmp(method, "GET") == 0
        ? host_plugin_get_if(s->plugin, path, query_text,
                             MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match"),
                             actor, role)
        : host_plugin_call(s->plugin, method, path, query_text,
                           write ? (rq->body ? rq->body : "") : NULL, actor, role);
    if (write && envelope && strncmp(envelope, "{\"status\":201,", 14) == 0)
        anchor_added_mention(s, path, rq->body);
    if (write && envelope && strncmp(envelope, "{\"status\":201,", 14) == 0 &&
        strncmp(path, "/suggestions/", 13) == 0)
        anchor_confirmed(s, envelope);
    ret = relay(c, s->plugin, envelope, signed_in);
out:
    json_object_put(query);
    free(path);
    return ret;
}

/* ---- articles ------------------------------------------------------------------------ */

static enum MHD_Result serve_article_list(const server *s, struct MHD_Connection *c)
{
    PGresult *res = host_db_exec(s->db, "SELECT COALESCE(json_agg(json_build_object('id', id,"
        " 'title', title, 'language', language, 'url', url) ORDER BY position), '[]')::text"
        " FROM host_articles", 0, NULL);
    if (res == NULL)
        return send_error(c, 503, "db_unavailable", "database unavailable");
    enum MHD_Result ret = send_buffer(c, 200, "application/json", PQgetvalue(res, 0, 0),
                                      strlen(PQgetvalue(res, 0, 0)), NULL, NULL);
    PQclear(res);
    return ret;
}

/* Paragraphs split on blank lines, with their start in code points. */
static json_object *paragraphs(const char *text)
{
    json_object *list = json_object_new_array();
    long offset = 0;
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        json_object *para = json_object_new_object();
        json_object_object_add(para, "start", json_object_new_int64(offset));
        json_object_object_add(para, "text", json_object_new_string_len(p, (int)len));
        json_object_array_add(list, para);
        size_t step = len;
        while (p[step] == '\n')
            step++;
        for (size_t i = 0; i < step; i++)
            offset += ((unsigned char)p[i] & 0xC0) != 0x80;
        p += step;
    }
    return list;
}

/* The body of a plugin call's envelope as a new reference (NULL on error). */
static json_object *plugin_body(const host_plugin *p, char *envelope)
{
    json_object *env = envelope ? json_tokener_parse(envelope) : NULL;
    p->api->free_string(envelope);
    json_object *body = NULL;
    if (env && json_object_get_int(json_object_object_get(env, "status")) < 300)
        body = json_object_get(json_object_object_get(env, "body"));
    json_object_put(env);
    return body;
}

/*
 * Anchor the article's mentions in text as actor (name, role): POST
 * /articles/{id}/anchor. The list of mentions is kept in
 * host_articles.anchors for the page views, and returned (a new reference;
 * an empty list when the plugin refused).
 */
static json_object *anchor_article(const server *s, const char *id, const char *text,
                                   const char *actor, const char *role)
{
    char path[ARTICLE_PATH_SIZE];
    json_object *body = json_object_new_object();

    json_object_object_add(body, "text", json_object_new_string(text));
    article_path(id, "/anchor", path);
    json_object *anchored = plugin_body(s->plugin, host_plugin_call(s->plugin, "POST", path, NULL,
        json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
        actor, role));
    json_object *mentions = anchored ? json_object_get(json_object_object_get(anchored, "mentions")) : NULL;
    if (mentions) {
        const char *params[2] = {id, json_object_to_json_string_ext(mentions, JSON_C_TO_STRING_PLAIN)};
        PQclear(host_db_exec(s->db, "UPDATE host_articles SET anchors = $2 WHERE id = $1", 2, params));
    }
    json_object_put(anchored);
    json_object_put(body);
    return mentions ? mentions : json_object_new_array();
}

/* Anchor a stored article again, as the host (a mention was added, or the host started). */
static void anchor_stored(const server *s, const char *id)
{
    const char *params[1] = {id};
    PGresult *res = host_db_exec(s->db, "SELECT body FROM host_articles WHERE id = $1", 1, params);
    if (res && PQntuples(res) == 1)
        json_object_put(anchor_article(s, id, PQgetvalue(res, 0, 0), "host", "editor"));
    PQclear(res);
}

/* Every article, once when the host starts (the seed story was loaded by
   another process). */
static void anchor_all(const server *s)
{
    PGresult *res = host_db_exec(s->db, "SELECT id FROM host_articles ORDER BY position", 0, NULL);
    for (int i = 0; res && i < PQntuples(res); i++)
        anchor_stored(s, PQgetvalue(res, i, 0));
    PQclear(res);
}

/* The readers' notices of article id in format ("html", "jsonld") and
   the article's language tag lang, as the plugin answers a reader: the
   body (a new reference), or NULL when the plugin refused or memory ran
   out. */
static json_object *article_notices(const server *s, const char *id, const char *lang,
                                    const char *format)
{
    char path[ARTICLE_PATH_SIZE];
    char *query = notices_query(format, lang);

    article_path(id, "/notices", path);
    json_object *notices = query ? plugin_body(s->plugin, host_plugin_call(s->plugin, "GET", path,
                                                                           query, NULL, "host",
                                                                           "reader"))
                                 : NULL;
    free(query);
    return notices;
}

/*
 * The article with what the plugin says of it: text, paragraphs, each
 * mention's position as last anchored (host_articles.anchors: a page view
 * never anchors, so a reader's visit costs no anchoring and takes no lock)
 * and the readers' notices as HTML in the article's language. NULL when
 * there is no such article (*status 404) or the database fails (503).
 */
static json_object *article_data(const server *s, const char *id, int *status)
{
    const char *params[1] = {id};
    PGresult *res = host_db_exec(s->db, "SELECT id, title, language, url, body, anchors FROM host_articles"
                                        " WHERE id = $1", 1, params);
    if (res == NULL || PQntuples(res) != 1) {
        *status = res == NULL ? 503 : 404;
        PQclear(res);
        return NULL;
    }
    const char *text = PQgetvalue(res, 0, 4), *lang = PQgetvalue(res, 0, 2);
    json_object *out = json_object_new_object();
    json_object *anchors = PQgetisnull(res, 0, 5) ? NULL : json_tokener_parse(PQgetvalue(res, 0, 5));

    json_object_object_add(out, "id", json_object_new_string(id));
    json_object_object_add(out, "title", json_object_new_string(PQgetvalue(res, 0, 1)));
    json_object_object_add(out, "language", json_object_new_string(lang));
    json_object_object_add(out, "url", PQgetisnull(res, 0, 3) ? NULL
                                       : json_object_new_string(PQgetvalue(res, 0, 3)));
    json_object_object_add(out, "text", json_object_new_string(text));
    json_object_object_add(out, "paragraphs", paragraphs(text));
    json_object_object_add(out, "anchors", json_object_is_type(anchors, json_type_array)
                                           ? anchors : json_object_new_array());
    if (anchors && !json_object_is_type(anchors, json_type_array))
        json_object_put(anchors);
    json_object *notices = article_notices(s, id, lang, "html");
    json_object_object_add(out, "notices_html", notices ? notices : json_object_new_string(""));
    PQclear(res);
    *status = 200;
    return out;
}

static enum MHD_Result serve_article(const server *s, struct MHD_Connection *c, const char *id)
{
    int status = 0;
    json_object *article = article_data(s, id, &status);
    if (article == NULL)
        return status == 404 ? send_error(c, 404, "not_found", "no such article")
                             : send_error(c, 503, "db_unavailable", "database unavailable");
    enum MHD_Result ret = send_json(c, 200, article);
    json_object_put(article);
    return ret;
}

/* The whole text of a file (malloc'd), or NULL. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc((size_t)size + 1);
    if (data && fread(data, 1, (size_t)size, f) == (size_t)size)
        data[size] = '\0';
    else {
        free(data);
        data = NULL;
    }
    if (f)
        fclose(f);
    return data;
}

/*
 * GET /articles/{id}: the article page rendered on the server (page.c):
 * text, highlighted passages, notices and ClaimReview JSON-LD in the
 * article's language, whether or not the reader runs JavaScript.
 */
static enum MHD_Result serve_article_page(const server *s, struct MHD_Connection *c,
                                          const char *id)
{
    char path[ARTICLE_PATH_SIZE + 1024];
    int status = 0;
    json_object *article = article_data(s, id, &status);
    if (article == NULL)
        return status == 404 ? send_error(c, 404, "not_found", "no such article")
                             : send_error(c, 503, "db_unavailable", "database unavailable");
    const char *lang = json_object_get_string(json_object_object_get(article, "language"));
    json_object *jsonld = article_notices(s, id, lang, "jsonld");
    snprintf(path, sizeof path, "%s/article.html", s->cfg->static_dir);
    char *template = read_file(path);
    char *page = template ? host_article_page(template, article,
                                              jsonld ? json_object_get_string(jsonld) : NULL)
                          : NULL;
    enum MHD_Result ret = page ? send_buffer(c, 200, "text/html; charset=utf-8", page,
                                             strlen(page), NULL, NULL)
                               : send_error(c, 500, "internal", "the page could not be made");
    free(page);
    free(template);
    json_object_put(jsonld);
    json_object_put(article);
    return ret;
}

/* May this person change articles? Editors and up, as in the plugin. */
static bool may_edit(const host_user *user)
{
    return strcmp(user->role, "editor") == 0 || strcmp(user->role, "moderator") == 0 ||
           strcmp(user->role, "admin") == 0;
}

/* A request body that is exactly one JSON value, valid UTF-8; NULL otherwise. */
static json_object *json_body(const request *rq)
{
    json_tokener *tok = NULL;
    json_object *body = NULL;

    if (rq->body == NULL || memchr(rq->body, '\0', rq->len) != NULL ||
        (tok = json_tokener_new_ex(32)) == NULL)
        goto out;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    body = json_tokener_parse_ex(tok, rq->body, (int)rq->len + 1);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(body);
        body = NULL;
    }
out:
    if (tok)
        json_tokener_free(tok);
    return body;
}

/*
 * The article's text scanned for repeats of known claims (POST
 * /articles/{id}/scan), as the editor who saved it: its suggestions (a new
 * reference), or an empty list when the plugin refused (a language it does
 * not match in).
 */
static json_object *scan_article(const server *s, const char *id, const char *text,
                                 const char *language, const host_user *user)
{
    char path[ARTICLE_PATH_SIZE];
    article_path(id, "/scan", path);
    json_object *body = json_object_new_object();
    json_object_object_add(body, "text", json_object_new_string(text));
    json_object_object_add(body, "language", json_object_new_string(language));
    json_object *found = plugin_body(s->plugin, host_plugin_call(s->plugin, "POST", path, NULL,
                                     json_object_to_json_string(body), user->name, user->role));
    json_object *list = json_object_get(json_object_object_get(found, "suggestions"));
    json_object_put(found);
    json_object_put(body);
    return list ? list : json_object_new_array();
}

/*
 * PUT /host/articles/{id} {"text": "..."}: an editor (or moderator, admin)
 * replaces the article's text. The mentions are anchored in the new text
 * at once, as that person, so the claim's timeline names who moved or
 * orphaned a passage, and the text is scanned for repeats of known claims;
 * the reply carries the anchors and the suggestions.
 */
static enum MHD_Result serve_article_edit(const server *s, struct MHD_Connection *c,
                                          const char *id, const request *rq)
{
    host_user user;
    json_object *body = NULL, *value = NULL, *out = NULL;
    PGresult *res = NULL;
    enum MHD_Result ret;

    const char *text = NULL;

    if (!session_of(s, c, &user) || !csrf_ok(c, &user)) {
        ret = send_error(c, 403, "csrf", "missing or wrong CSRF token");
        goto out;
    }
    if (!may_edit(&user)) {
        ret = send_error(c, 403, "forbidden", "only editors may change an article");
        goto out;
    }
    body = json_body(rq);
    if (!json_object_is_type(body, json_type_object)) {
        ret = send_error(c, 400, "invalid_json", "the body must be a JSON object in UTF-8");
        goto out;
    }
    if (!json_object_object_get_ex(body, "text", &value)) {
        ret = send_error(c, 400, "missing_field", "text is required");
        goto out;
    }
    if (json_object_object_length(body) != 1) {
        ret = send_error(c, 400, "unknown_field", "only text may be given");
        goto out;
    }
    if (!json_object_is_type(value, json_type_string)) {
        ret = send_error(c, 400, "wrong_type", "text must be a string");
        goto out;
    }
    text = json_object_get_string(value);
    if ((size_t)json_object_get_string_len(value) != strlen(text)) {
        ret = send_error(c, 400, "invalid_utf8", "text must not hold NUL characters");
        goto out;
    }
    if (text[0] == '\0') {
        ret = send_error(c, 400, "empty", "text must not be empty");
        goto out;
    }
    const char *params[2] = {id, text};
    res = host_db_exec(s->db, "UPDATE host_articles SET body = $2 WHERE id = $1"
                              " RETURNING id, title, language, url", 2, params);
    if (res == NULL) {
        ret = send_error(c, 503, "db_unavailable", "database unavailable");
        goto out;
    }
    if (PQntuples(res) != 1) {
        ret = send_error(c, 404, "not_found", "no such article");
        goto out;
    }
    out = json_object_new_object();
    json_object_object_add(out, "id", json_object_new_string(PQgetvalue(res, 0, 0)));
    json_object_object_add(out, "title", json_object_new_string(PQgetvalue(res, 0, 1)));
    json_object_object_add(out, "language", json_object_new_string(PQgetvalue(res, 0, 2)));
    json_object_object_add(out, "url", PQgetisnull(res, 0, 3) ? NULL
                                       : json_object_new_string(PQgetvalue(res, 0, 3)));
    json_object_object_add(out, "anchors", anchor_article(s, id, text, user.name, user.role));
    json_object_object_add(out, "suggestions", scan_article(s, id, text, PQgetvalue(res, 0, 2),
                                                            &user));
    ret = send_json(c, 200, out);
out:
    json_object_put(out);
    json_object_put(body);
    PQclear(res);
    return ret;
}

/* ---- static pages --------------------------------------------------------------------- */

static enum MHD_Result serve_static(const server *s, struct MHD_Connection *c, const char *url)
{
    char path[1024];
    const char *page = NULL;

    if (strcmp(url, "/") == 0)
        page = "index.html";
    else if (strncmp(url, "/claims/", 8) == 0)
        page = "claim.html";
    else if (strcmp(url, "/queue") == 0)
        page = "queue.html";
    else if (strcmp(url, "/login") == 0)
        page = "login.html";
    else if (strcmp(url, "/static/claimtrack.css") == 0)
        return send_file(c, s->cfg->stylesheet);
    else if (strncmp(url, "/static/", 8) == 0) {
        page = url + 8;
        for (const char *p = page; *p; p++)     /* plain file names only */
            if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
                return send_error(c, 404, "not_found", "no such file");
        if (page[0] == '.')
            return send_error(c, 404, "not_found", "no such file");
    }
    if (page == NULL)
        return send_error(c, 404, "not_found", "no such page");
    snprintf(path, sizeof path, "%s/%s", s->cfg->static_dir, page);
    return send_file(c, path);
}

/* ---- dispatch ------------------------------------------------------------------------- */

static enum MHD_Result dispatch(const server *s, struct MHD_Connection *c, const char *url,
                                const char *method, const request *rq)
{
    bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
    bool put = strcmp(method, "PUT") == 0;

    if (rq->too_large)
        return send_error(c, 413, "request_too_large", "the request is larger than 1 MiB");
    if (strncmp(url, API_PREFIX "/", strlen(API_PREFIX) + 1) == 0)
        return serve_api(s, c, method, rq);
    if (get && strcmp(url, "/host/session") == 0)
        return serve_session(s, c);
    if (get && strcmp(url, "/host/articles") == 0)
        return serve_article_list(s, c);
    if (get && strncmp(url, "/host/articles/", 15) == 0)
        return serve_article(s, c, url + 15);
    if (put && strncmp(url, "/host/articles/", 15) == 0)
        return serve_article_edit(s, c, url + 15, rq);
    if (get && strncmp(url, "/articles/", 10) == 0 && url[10] != '\0')
        return serve_article_page(s, c, url + 10);
    if (post && strcmp(url, "/login") == 0)
        return serve_login(s, c, rq);
    if (post && strcmp(url, "/logout") == 0)
        return serve_logout(s, c);
    if (get)
        return serve_static(s, c, url);
    return send_error(c, 405, "method_not_allowed", "method not allowed");
}

/*
 * The request line's URI as the client sent it (MHD_OPTION_URI_LOG_CALLBACK
 * is called before libmicrohttpd decodes anything): the request starts
 * here, keeping the path part raw for plugin_path. What is returned is
 * the handler's *con_cls; on_completed frees it. NULL when memory ran out
 * (on_request then makes a request without the raw path).
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    request *rq = calloc(1, sizeof *rq);
    (void)cls;
    (void)c;
    if (rq == NULL)
        return NULL;
    if (uri == NULL)
        uri = "";
    rq->raw_path = strndup(uri, strcspn(uri, "?"));
    return rq;
}

/* The handler: first called with the headers (nothing is answered yet),
   then with each piece of the body, then once more to answer. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    request *rq = *con_cls;
    (void)version;
    if (rq == NULL && (rq = *con_cls = calloc(1, sizeof *rq)) == NULL)
        return MHD_NO;
    if (!rq->started) {
        rq->started = true;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!rq->too_large && rq->len + *upload_size <= BODY_MAX) {
            char *grown = realloc(rq->body, rq->len + *upload_size + 1);
            if (grown == NULL)
                return MHD_NO;
            rq->body = grown;
            memcpy(rq->body + rq->len, upload_data, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        } else {
            rq->too_large = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(cls, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    request *rq = *con_cls;
    (void)cls;
    (void)c;
    (void)toe;
    if (rq) {
        free(rq->raw_path);
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

bool host_http_serve(const host_config *cfg, host_db *db, host_plugin *plugin,
                     volatile bool *stop)
{
    server s = {cfg, db, plugin};
    struct sockaddr_in addr;

    anchor_all(&s);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(cfg->port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, cfg->port, NULL, NULL,
        on_request, &s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_END);
    if (d == NULL)
        return false;
    while (!*stop)
        usleep(100000);
    MHD_stop_daemon(d);
    return true;
}
