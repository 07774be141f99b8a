/*
 * host.h -- the reference host: a small newsroom site that loads the
 * claimtrack plugin as any CMS would. Shared declarations of its parts:
 * the plugin loader (plugin.c), the host's own tables (db.c), people and
 * sessions (auth.c), demo content (site.c) and the HTTP server (http.c).
 */
#ifndef CT_HOST_H
#define CT_HOST_H

/* The demo newsroom is in Kazakhstan: its time zone, given to the plugin as
   time_zone and to the pages (GET /host/session) to show dates and times in. */
#define HOST_TIME_ZONE "Asia/Almaty"

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "claimtrack/loader.h"

/* ---- the plugin ---- */
typedef struct host_plugin {
    ct_loaded           loaded;   /* include/claimtrack/loader.h */
    const ct_plugin_v1 *api;
    void               *instance;
} host_plugin;

/* dlopen path, check the ABI, open with config_json. false + message on failure. */
bool host_plugin_load(host_plugin *p, const char *path, const char *config_json,
                      char *error, size_t error_size);
void host_plugin_unload(host_plugin *p);

/* Call the plugin with the actor given (never one from the client); returns
   the response envelope text (free with p->api->free_string), or NULL when
   body_json is not JSON. */
char *host_plugin_call(const host_plugin *p, const char *method, const char *path,
                       const char *query_json, const char *body_json,
                       const char *actor_id, const char *actor_role);

/* host_plugin_call for a GET that carries the client's If-None-Match
   (NULL: none), so that the plugin can answer 304 (docs/envelope.md,
   "Conditional requests"). */
char *host_plugin_get_if(const host_plugin *p, const char *path, const char *query_json,
                         const char *if_none_match, const char *actor_id,
                         const char *actor_role);

/* ---- the host's tables ---- */
typedef struct host_db host_db;

host_db *host_db_open(const char *conninfo, int size, char *error, size_t error_size);
void     host_db_close(host_db *db);
/* Run a parameterised statement; NULL on error (logged). PQclear the result. */
PGresult *host_db_exec(host_db *db, const char *sql, int nparams, const char *const *params);

/* ---- people and sessions ---- */
typedef struct host_user {
    char name[64];
    char role[16];
    char csrf[65];
    char session[65];
} host_user;

/* Hash a password with yescrypt (a salted, memory-hard KDF); false on failure. */
bool host_password_hash(const char *password, char *out, size_t out_size);
bool host_password_check(const char *password, const char *hash);

/* Check credentials and start a session; fills user (with session and csrf). */
bool host_login(host_db *db, const char *name, const char *password, host_user *user);
/* The session's user, when the cookie names a live session. */
bool host_session_user(host_db *db, const char *session, host_user *user);
void host_logout(host_db *db, const char *session);

/* ---- demo content ---- */
/* Create the host's tables; load demo users and articles when empty.
   Prints the demo sign-ins when print is true. */
bool host_site_setup(host_db *db, bool print);

/* ---- the article page (page.c) ---- */
struct json_object;
/* template (static/article.html) with its {{placeholders}} filled from
   article (as GET /host/articles/{id} gives it) and jsonld (the plugin's
   script-safe JSON-LD text, or NULL): a malloc'd page, NULL when out of
   memory. */
char *host_article_page(const char *template, struct json_object *article, const char *jsonld);

/* ---- the server ---- */
typedef struct host_config {
    unsigned short port;
    const char    *static_dir;
    const char    *stylesheet;     /* share/claimtrack.css */
} host_config;

/* Serve until *stop becomes true. false when the server cannot start. */
bool host_http_serve(const host_config *cfg, host_db *db, host_plugin *plugin,
                     volatile bool *stop);

#endif
