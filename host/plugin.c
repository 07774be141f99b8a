/*
 * plugin.c -- loading claimtrack.so exactly as a third-party CMS would:
 * dlopen, the one entry point, the ABI version check (all three in
 * include/claimtrack/loader.h), open/handle/close, using nothing but
 * include/claimtrack/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "host.h"

static void plugin_log(void *data, int level, const char *message)
{
    (void)data;
    if (level >= CT_LOG_WARN)
        fprintf(stderr, "claimtrack: %s\n", message);
}

static const ct_host_v1 host_services = {CLAIMTRACK_ABI_VERSION, NULL, plugin_log};

bool host_plugin_load(host_plugin *p, const char *path, const char *config_json,
                      char *error, size_t error_size)
{
    char *open_error = NULL, why[512];

    memset(p, 0, sizeof *p);
    p->api = ct_loader_open(path, 0, &p->loaded, why, sizeof why);
    if (p->api == NULL) {
        snprintf(error, error_size, "cannot load the plugin: %s", why);
        return false;
    }
    p->instance = p->api->open(&host_services, config_json, &open_error);
    if (p->instance == NULL) {
        snprintf(error, error_size, "claimtrack open: %s", open_error ? open_error : "failed");
        p->api->free_string(open_error);
        host_plugin_unload(p);
        return false;
    }
    return true;
}

void host_plugin_unload(host_plugin *p)
{
    if (p->api && p->instance)
        p->api->close(p->instance);
    ct_loader_close(&p->loaded);
    memset(p, 0, sizeof *p);
}

/* Parse a client's JSON body strictly; NULL when it is not JSON. */
static json_object *parse_body(const char *text)
{
    json_tokener *tok = json_tokener_new_ex(32);
    json_object *body = NULL;
    if (tok == NULL)
        return NULL;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    body = json_tokener_parse_ex(tok, text, (int)strlen(text) + 1);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(body);
        body = NULL;
    }
    json_tokener_free(tok);
    return body;
}

static char *call(const host_plugin *p, const char *method, const char *path,
                  const char *query_json, const char *body_json, const char *if_none_match,
                  const char *actor_id, const char *actor_role)
{
    json_object *req = json_object_new_object();
    char *out = NULL;

    json_object_object_add(req, "method", json_object_new_string(method));
    json_object_object_add(req, "path", json_object_new_string(path));
    if (query_json)
        json_object_object_add(req, "query", json_tokener_parse(query_json));
    if (if_none_match) {
        json_object *headers = json_object_new_object();
        json_object_object_add(headers, "If-None-Match", json_object_new_string(if_none_match));
        json_object_object_add(req, "headers", headers);
    }
    if (actor_role) {
        json_object *actor = json_object_new_object();
        json_object_object_add(actor, "id", json_object_new_string(actor_id));
        json_object_object_add(actor, "role", json_object_new_string(actor_role));
        json_object_object_add(req, "actor", actor);
    }
    /* The body is parsed and added as a value, never spliced as text: a
       client must not be able to add envelope keys such as "actor". */
    if (body_json) {
        json_object *body = parse_body(body_json);
        if (body == NULL)
            goto out;
        json_object_object_add(req, "body", body);
    }
    out = p->api->handle(p->instance, json_object_to_json_string_ext(req,
                         JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
    json_object_put(req);
    return out;
}

char *host_plugin_call(const host_plugin *p, const char *method, const char *path,
                       const char *query_json, const char *body_json,
                       const char *actor_id, const char *actor_role)
{
    return call(p, method, path, query_json, body_json, NULL, actor_id, actor_role);
}

char *host_plugin_get_if(const host_plugin *p, const char *path, const char *query_json,
                         const char *if_none_match, const char *actor_id,
                         const char *actor_role)
{
    return call(p, "GET", path, query_json, NULL, if_none_match, actor_id, actor_role);
}
