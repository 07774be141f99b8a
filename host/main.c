/*
 * main.c -- the reference host's entry point: read the environment, open
 * the database and the plugin, set up the demo site, serve until SIGINT or
 * SIGTERM, then close everything.
 *
 *   PORT (8080)  CLAIMTRACK_DATABASE (libpq conninfo)  CLAIMTRACK_PLUGIN
 *   (build/claimtrack.so)  CT_HOST_STATIC (host/static)  CT_HOST_DATA (data/seed)
 *   CLAIMTRACK_SECRETS_KEY (the plugin's secrets_key: webhook subscriptions
 *   can be made and delivered only with it)  CLAIMTRACK_REPLICAS (the
 *   plugin's replicas: streaming standbys that readers' pages are read from)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "host.h"

static volatile bool stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = true;
}

static const char *env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && v[0] ? v : fallback;
}

int main(void)
{
    char error[512];
    const char *database = env("CLAIMTRACK_DATABASE", "");
    host_config cfg = {(unsigned short)atoi(env("PORT", "8080")), env("CT_HOST_STATIC", "host/static"),
                       env("CT_HOST_STYLESHEET", "share/claimtrack.css")};
    host_plugin plugin;
    int rc = 1;

    json_object *config = json_object_new_object();
    json_object_object_add(config, "database", json_object_new_string(database));
    json_object_object_add(config, "language", json_object_new_string("ru"));
    /* The demo newsroom is in Kazakhstan: its readers' calendar days are Almaty's. */
    json_object_object_add(config, "time_zone", json_object_new_string(HOST_TIME_ZONE));
    json_object *publisher = json_object_new_object();
    json_object_object_add(publisher, "name", json_object_new_string("Qazaq Newsroom"));
    char site[64], evidence_url[128], article_url[128], proof_url[128];
    snprintf(site, sizeof site, "http://127.0.0.1:%u", cfg.port);
    snprintf(evidence_url, sizeof evidence_url, "%s/api/claimtrack/evidence/{id}", site);
    snprintf(article_url, sizeof article_url, "%s/articles/{id}", site);
    snprintf(proof_url, sizeof proof_url, "%s/api/claimtrack/claims/{id}/proof", site);
    json_object_object_add(publisher, "url", json_object_new_string(site));
    json_object_object_add(publisher, "evidence_url", json_object_new_string(evidence_url));
    json_object_object_add(publisher, "article_url", json_object_new_string(article_url));
    json_object_object_add(publisher, "proof_url", json_object_new_string(proof_url));
    json_object_object_add(config, "publisher", publisher);
    /* Readers' pages ask for the same notices again and again: keep them
       (16 MiB), emptied whenever the database says anything changed. */
    json_object_object_add(config, "reader_cache_bytes", json_object_new_int64(16 << 20));
    if (getenv("CLAIMTRACK_REPLICAS") && getenv("CLAIMTRACK_REPLICAS")[0])
        json_object_object_add(config, "replicas",
                               json_object_new_string(getenv("CLAIMTRACK_REPLICAS")));
    /* The newsroom's checkpoint signing key (claimtrack keygen NAME). */
    if (getenv("CLAIMTRACK_CHECKPOINT_KEY") && getenv("CLAIMTRACK_CHECKPOINT_KEY")[0])
        json_object_object_add(config, "checkpoint_key",
                               json_object_new_string(getenv("CLAIMTRACK_CHECKPOINT_KEY")));
    if (getenv("CLAIMTRACK_SECRETS_KEY") && getenv("CLAIMTRACK_SECRETS_KEY")[0])
        json_object_object_add(config, "secrets_key",
                               json_object_new_string(getenv("CLAIMTRACK_SECRETS_KEY")));

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    host_db *db = host_db_open(database, 4, error, sizeof error);
    if (db == NULL) {
        fprintf(stderr, "claimtrack-host: %s\n", error);
        goto out;
    }
    if (!host_plugin_load(&plugin, env("CLAIMTRACK_PLUGIN", "build/claimtrack.so"),
                          json_object_to_json_string(config), error, sizeof error)) {
        fprintf(stderr, "claimtrack-host: %s\n", error);
        goto out;
    }
    if (!host_site_setup(db, true)) {
        fprintf(stderr, "claimtrack-host: cannot set up the demo site\n");
    } else {
        printf("Serving on http://127.0.0.1:%u (Ctrl-C stops)\n", cfg.port);
        fflush(stdout);
        rc = host_http_serve(&cfg, db, &plugin, &stop) ? 0 : 1;
        if (rc != 0)
            fprintf(stderr, "claimtrack-host: cannot listen on 127.0.0.1:%u\n", cfg.port);
    }
    host_plugin_unload(&plugin);
out:
    host_db_close(db);
    json_object_put(config);
    return rc;
}
