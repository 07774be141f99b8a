/*
 * site.c -- the host's own tables and its demo content: people with the
 * roles reader, editor, moderator and admin, and two articles (the seed story in
 * Russian, and an English article repeating the Caracas comparison).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

static const char *const schema[] = {
    "CREATE TABLE IF NOT EXISTS host_users ("
    "  name text PRIMARY KEY, role text NOT NULL, password_hash text NOT NULL)",
    "CREATE TABLE IF NOT EXISTS host_sessions ("
    "  token_hash text PRIMARY KEY, user_name text NOT NULL REFERENCES host_users (name),"
    "  csrf text NOT NULL, expires_at timestamptz NOT NULL)",
    /* sign-in attempts per name within a window, counted before the password
       is checked (one statement: concurrent guesses cannot slip past it) */
    "CREATE TABLE IF NOT EXISTS host_login_attempts ("
    "  name text PRIMARY KEY, attempts int NOT NULL, window_start timestamptz NOT NULL)",
    "CREATE TABLE IF NOT EXISTS host_articles ("
    "  id text PRIMARY KEY, title text NOT NULL, language text NOT NULL, url text,"
    "  body text NOT NULL, position int NOT NULL)",
    /* the mentions as last anchored (POST /articles/{id}/anchor's list), kept
       so that a page view never anchors: the host anchors when an article is
       saved, when a mention is added, and once at start */
    "ALTER TABLE host_articles ADD COLUMN IF NOT EXISTS anchors text",
};

/* Demo sign-ins, printed by make run. */
static const struct { const char *name, *role, *password; } demo_users[] = {
    {"reader", "reader", "read-the-news"},
    {"editor", "editor", "tag-the-claims"},
    {"moderator", "moderator", "check-the-facts"},
    {"moderator2", "moderator", "check-again"},
    {"admin", "admin", "run-the-desk"},
};

static const struct { const char *id, *language, *url, *file; } demo_articles[] = {
    {"qazaq24-2025-12-22-kasymbek", "ru", NULL, "article-ru.txt"},
    {"astana-like-caracas-en", "en", NULL, "article-en.txt"},
};

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = calloc(1, (size_t)size + 1)) != NULL &&
        fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(f);
    return text;
}

static bool exec_ok(host_db *db, const char *sql, int n, const char *const *params)
{
    PGresult *res = host_db_exec(db, sql, n, params);
    bool ok = res != NULL;
    PQclear(res);
    return ok;
}

static bool load_users(host_db *db)
{
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        char hash[256];
        if (!host_password_hash(demo_users[i].password, hash, sizeof hash))
            return false;
        const char *params[3] = {demo_users[i].name, demo_users[i].role, hash};
        if (!exec_ok(db, "INSERT INTO host_users (name, role, password_hash) VALUES ($1, $2, $3)"
                         " ON CONFLICT (name) DO NOTHING", 3, params))
            return false;
    }
    return true;
}

/* The first line of a seed file is the title, the rest (after blank lines) the body.
   An article already there is left as it is: an editor may have changed its
   text (PUT /host/articles/{id}, in http.c). */
static bool load_article(host_db *db, const char *data_dir, size_t index)
{
    char path[1024], position[8];
    snprintf(path, sizeof path, "%s/%s", data_dir, demo_articles[index].file);
    char *text = read_file(path);
    if (text == NULL) {
        fprintf(stderr, "host: cannot read %s\n", path);
        return false;
    }
    char *body = strchr(text, '\n');
    if (body)
        *body++ = '\0';
    while (body && *body == '\n')
        body++;
    snprintf(position, sizeof position, "%zu", index);
    const char *params[6] = {demo_articles[index].id, text, demo_articles[index].language,
                             demo_articles[index].url, body ? body : "", position};
    bool ok = exec_ok(db, "INSERT INTO host_articles (id, title, language, url, body, position)"
                          " VALUES ($1, $2, $3, $4, $5, $6::int) ON CONFLICT (id) DO NOTHING",
                      6, params);
    free(text);
    return ok;
}

bool host_site_setup(host_db *db, bool print)
{
    const char *data_dir = getenv("CT_HOST_DATA") ? getenv("CT_HOST_DATA") : "data/seed";

    for (size_t i = 0; i < sizeof schema / sizeof schema[0]; i++)
        if (!exec_ok(db, schema[i], 0, NULL))
            return false;
    if (!load_users(db))
        return false;
    for (size_t i = 0; i < sizeof demo_articles / sizeof demo_articles[0]; i++)
        if (!load_article(db, data_dir, i))
            return false;
    if (print) {
        printf("Demo sign-ins (name / password):\n");
        for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
            printf("  %-10s / %-16s (%s)\n", demo_users[i].name, demo_users[i].password,
                   demo_users[i].role);
    }
    return true;
}
