/*
 * claimtrack.c -- a small command-line host for the plugin.
 *
 * It loads build/claimtrack.so with dlopen() and talks to it only through
 * include/claimtrack/plugin.h, like any CMS would. Editors' scripts can use
 * it to send single requests; `make run` uses it to load the seed story
 * and print an article's notices and a claim's timeline.
 *
 *   claimtrack [options] request METHOD PATH [BODY-JSON [QUERY-JSON]]  ('' for no body)
 *   claimtrack [options] seed FILE      load FILE's requests when no claim exists
 *   claimtrack [options] show ARTICLE   print the article's notices and timelines
 *
 * options: --plugin PATH (default build/claimtrack.so, or $CLAIMTRACK_PLUGIN)
 *          --config JSON (default {"database": $CLAIMTRACK_DATABASE})
 *          --as ROLE:ID  the actor (default editor:cli)
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/plugin.h"

#include <json-c/json.h>

typedef struct cli {
    const ct_plugin_v1 *plugin;
    void               *instance;
    char                role[32];
    char                actor_id[128];
} cli;

static void log_stderr(void *data, int level, const char *message)
{
    (void)data;
    if (level >= CT_LOG_WARN)
        fprintf(stderr, "claimtrack: %s\n", message);
}

static const ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, NULL, log_stderr};

static int usage(void)
{
    fputs("usage: claimtrack [--plugin PATH] [--config JSON] [--as ROLE:ID] COMMAND\n"
          "  request METHOD PATH [BODY-JSON [QUERY-JSON]]  send one request, print the response\n"
          "  seed FILE                                     load FILE when the database has no claim\n"
          "  show ARTICLE-ID                               print an article's notices and timelines\n",
          stderr);
    return 2;
}

/* Send one request; returns the parsed envelope (caller puts it) or NULL. */
static json_object *send_request(cli *c, const char *method, const char *path,
                                 json_object *body, json_object *query)
{
    json_object *req = json_object_new_object(), *actor = json_object_new_object();
    json_object_object_add(req, "method", json_object_new_string(method));
    json_object_object_add(req, "path", json_object_new_string(path));
    json_object_object_add(actor, "id", json_object_new_string(c->actor_id));
    json_object_object_add(actor, "role", json_object_new_string(c->role));
    json_object_object_add(req, "actor", actor);
    if (query)
        json_object_object_add(req, "query", json_object_get(query));
    if (body)
        json_object_object_add(req, "body", json_object_get(body));
    char *text = c->plugin->handle(c->instance, json_object_to_json_string_ext(req,
                                   JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(req);
    json_object *env = text ? json_tokener_parse(text) : NULL;
    c->plugin->free_string(text);
    return env;
}

static int status_of(json_object *env)
{
    return json_object_get_int(json_object_object_get(env, "status"));
}

static void print_json(json_object *obj)
{
    puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
                                             JSON_C_TO_STRING_NOSLASHESCAPE));
}

static int cmd_request(cli *c, int argc, char **argv)
{
    json_object *body = NULL, *query = NULL, *env = NULL;
    int rc = 1;

    if (argc < 2 || argc > 4)
        return usage();
    if (argc >= 3 && argv[2][0] && (body = json_tokener_parse(argv[2])) == NULL) {
        fprintf(stderr, "claimtrack: the body is not JSON\n");
        goto out;
    }
    if (argc == 4 && (query = json_tokener_parse(argv[3])) == NULL) {
        fprintf(stderr, "claimtrack: the query is not JSON\n");
        goto out;
    }
    env = send_request(c, argv[0], argv[1], body, query);
    if (env == NULL)
        goto out;
    print_json(env);
    rc = status_of(env) < 400 ? 0 : 1;
out:
    json_object_put(env);
    json_object_put(body);
    json_object_put(query);
    return rc;
}

/* Replace "{claim}" in a step's path with the id of the claim made first. */
static void step_path(const char *pattern, const char *claim_id, char *out, size_t size)
{
    const char *mark = strstr(pattern, "{claim}");
    if (mark == NULL)
        snprintf(out, size, "%s", pattern);
    else
        snprintf(out, size, "%.*s%s%s", (int)(mark - pattern), pattern, claim_id, mark + 7);
}

static int run_step(cli *c, json_object *step, char *claim_id, size_t claim_id_size)
{
    const char *role = json_object_get_string(json_object_object_get(step, "as"));
    char path[512];
    json_object *body = json_object_object_get(step, "body");

    snprintf(c->role, sizeof c->role, "%s", role ? role : "editor");
    snprintf(c->actor_id, sizeof c->actor_id, "seed-%s", c->role);
    step_path(json_object_get_string(json_object_object_get(step, "path")), claim_id,
              path, sizeof path);
    /* {version} in a review body: the claim's current version */
    json_object *env = send_request(c, json_object_get_string(json_object_object_get(step, "method")),
                                    path, body, NULL);
    int status = env ? status_of(env) : 0;
    if (status >= 400 || env == NULL) {
        fprintf(stderr, "claimtrack: seed step %s failed:\n", path);
        if (env)
            print_json(env);
        json_object_put(env);
        return 1;
    }
    json_object *id = json_object_object_get(json_object_object_get(env, "body"), "id");
    if (claim_id[0] == '\0' && id)
        snprintf(claim_id, claim_id_size, "%s", json_object_get_string(id));
    json_object_put(env);
    return 0;
}

static int cmd_seed(cli *c, int argc, char **argv)
{
    char claim_id[32] = "";
    int rc = 0;

    if (argc != 1)
        return usage();
    json_object *steps = json_object_from_file(argv[0]);
    if (steps == NULL || !json_object_is_type(steps, json_type_array)) {
        fprintf(stderr, "claimtrack: %s is not a JSON array of requests\n", argv[0]);
        json_object_put(steps);
        return 1;
    }
    json_object *existing = send_request(c, "GET", "/claims", NULL, NULL);
    size_t count = json_object_array_length(json_object_object_get(
        json_object_object_get(existing, "body"), "claims"));
    json_object_put(existing);
    if (count > 0) {
        printf("The database already holds claims; the seed story is not loaded again.\n");
        json_object_put(steps);
        return 0;
    }
    for (size_t i = 0; i < json_object_array_length(steps) && rc == 0; i++)
        rc = run_step(c, json_object_array_get_idx(steps, i), claim_id, sizeof claim_id);
    if (rc == 0)
        printf("Loaded the seed story: claim %s with %zu requests.\n", claim_id,
               json_object_array_length(steps));
    json_object_put(steps);
    return rc;
}

static int cmd_show(cli *c, int argc, char **argv)
{
    char path[512];

    if (argc != 1)
        return usage();
    snprintf(c->role, sizeof c->role, "reader");
    snprintf(path, sizeof path, "/articles/%s/notices", argv[0]);
    json_object *query = json_tokener_parse("{\"format\":\"json\"}");
    json_object *env = send_request(c, "GET", path, NULL, query);
    json_object_put(query);
    if (env == NULL || status_of(env) != 200) {
        if (env)
            print_json(env);
        json_object_put(env);
        return 1;
    }
    json_object *notices = json_object_object_get(json_object_object_get(env, "body"), "notices");
    printf("== Notices for article %s\n", argv[0]);
    print_json(json_object_object_get(env, "body"));
    query = json_tokener_parse("{\"format\":\"html\"}");
    json_object *html = send_request(c, "GET", path, NULL, query);
    json_object_put(query);
    printf("== The same notices as the HTML readers see\n%s\n",
           json_object_get_string(json_object_object_get(html, "body")));
    json_object_put(html);
    for (size_t i = 0; i < json_object_array_length(notices); i++) {
        json_object *claim = json_object_object_get(json_object_array_get_idx(notices, i), "claim_id");
        snprintf(path, sizeof path, "/claims/%s/timeline", json_object_get_string(claim));
        json_object *timeline = send_request(c, "GET", path, NULL, NULL);
        printf("== Timeline of claim %s\n", json_object_get_string(claim));
        print_json(json_object_object_get(timeline, "body"));
        json_object_put(timeline);
    }
    json_object_put(env);
    return 0;
}

static int dispatch(cli *c, int argc, char **argv)
{
    if (strcmp(argv[0], "request") == 0)
        return cmd_request(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "seed") == 0)
        return cmd_seed(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return cmd_show(c, argc - 1, argv + 1);
    return usage();
}

/* Default configuration: {"database": $CLAIMTRACK_DATABASE or ""}. */
static char *default_config(void)
{
    json_object *cfg = json_object_new_object();
    const char *db = getenv("CLAIMTRACK_DATABASE");
    json_object_object_add(cfg, "database", json_object_new_string(db ? db : ""));
    char *text = strdup(json_object_to_json_string(cfg));
    json_object_put(cfg);
    return text;
}

int main(int argc, char **argv)
{
    const char *plugin_path = getenv("CLAIMTRACK_PLUGIN") ? getenv("CLAIMTRACK_PLUGIN")
                                                          : "build/claimtrack.so";
    const char *config = NULL;
    char *owned_config = NULL, *error = NULL;
    cli c = {NULL, NULL, "editor", "cli"};
    void *so = NULL;
    int i = 1, rc = 1;

    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--plugin") == 0)
            plugin_path = argv[i + 1];
        else if (strcmp(argv[i], "--config") == 0)
            config = argv[i + 1];
        else if (strcmp(argv[i], "--as") == 0 && strchr(argv[i + 1], ':'))
            sscanf(argv[i + 1], "%31[^:]:%127s", c.role, c.actor_id);
        else
            return usage();
    }
    if (i >= argc)
        return usage();
    so = dlopen(plugin_path, RTLD_NOW | RTLD_LOCAL);
    claimtrack_plugin_v1_fn entry = so ? (claimtrack_plugin_v1_fn)dlsym(so, "claimtrack_plugin_v1") : NULL;
    c.plugin = entry ? entry(CLAIMTRACK_ABI_VERSION) : NULL;
    if (c.plugin == NULL) {
        fprintf(stderr, "claimtrack: cannot load an ABI v1 plugin from %s: %s\n", plugin_path,
                so ? "no claimtrack_plugin_v1 for this ABI" : dlerror());
        goto out;
    }
    if (config == NULL)
        config = owned_config = default_config();
    c.instance = c.plugin->open(&host, config, &error);
    if (c.instance == NULL) {
        fprintf(stderr, "claimtrack: open failed: %s\n", error ? error : "unknown error");
        c.plugin->free_string(error);
        goto out;
    }
    rc = dispatch(&c, argc - i, argv + i);
    c.plugin->close(c.instance);
out:
    free(owned_config);
    if (so)
        dlclose(so);
    return rc;
}
