/*
 * bench_anchor.c -- how long anchoring takes on a long article: 20
 * mentions in a text of 1 MiB (UTF-8, mostly Cyrillic, as the seed story),
 * after the article was edited (a paragraph added at the top, so every
 * stored position is stale; every other quote has a typo fixed, so half
 * are found approximately).
 *
 *   usage: bench_anchor PLUGIN CONNINFO [ROUNDS]     (make bench runs it)
 *
 * Two figures, each the median of ROUNDS (default 5):
 *   - the algorithm alone: decoding and normalising the text once, then
 *     finding the 20 quotes (src/anchor.c linked in, no database);
 *   - the route: POST /articles/{id}/anchor through handle(), which adds
 *     parsing the 1 MiB request, reading the mentions and writing what
 *     moved, in one transaction.
 * scripts/bench.sh prints them beside pgbench's figures of the same run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>

#include "claimtrack/loader.h"
#include "anchor.h"

#define MENTIONS   20
#define TEXT_BYTES (1024 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Paragraph n of the article: unique by its number. */
static int paragraph(char *out, size_t size, int n, int typo)
{
    return snprintf(out, size,
        "Заявление %d: депутат маслихата сравнил ситуацию в столице Казахстана с %s "
        "обстановкой в Венесуэле, а полиция в тот же день опровергла его слова.\n\n",
        n, typo ? "криминогеной" : "криминогенной");
}

typedef struct article {
    char *original, *edited;
    char  exact[MENTIONS][256], prefix[MENTIONS][64], suffix[MENTIONS][64];
    long  start[MENTIONS], end[MENTIONS];
} article;

static long code_points(const char *s, size_t bytes)
{
    long n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The article before and after the edit, and the 20 selectors taken from the original. */
static void build(article *a)
{
    char para[512];
    size_t used = 0, edited_used;
    int count = 0, every;

    a->original = malloc(TEXT_BYTES + 1024);
    a->edited = malloc(TEXT_BYTES + 2048);
    while (used + sizeof para < TEXT_BYTES)
        used += (size_t)paragraph(a->original + used, TEXT_BYTES + 1024 - used, count++, 0);
    every = count / MENTIONS;
    edited_used = (size_t)sprintf(a->edited, "Обновлено редакцией.\n\n");
    for (int n = 0; n < count; n++) {
        int tagged = n % every == every / 2 && n / every < MENTIONS;
        int len = paragraph(para, sizeof para, n, tagged && (n / every) % 2);
        memcpy(a->edited + edited_used, para, (size_t)len + 1);
        edited_used += (size_t)len;
        if (!tagged)
            continue;
        int m = n / every;
        paragraph(para, sizeof para, n, 0);
        char *at = strstr(a->original, para);
        const char *from = strstr(para, "депутат"), *to = strstr(para, " а полиция");
        snprintf(a->exact[m], sizeof a->exact[m], "%.*s", (int)(to - from), from);
        snprintf(a->prefix[m], sizeof a->prefix[m], "%.*s", (int)(from - para), para);
        snprintf(a->suffix[m], sizeof a->suffix[m], " а полиция в тот же день");
        a->start[m] = code_points(a->original, (size_t)(at - a->original) + (size_t)(from - para));
        a->end[m] = a->start[m] + code_points(a->exact[m], strlen(a->exact[m]));
    }
}

static double algorithm_once(const article *a, int *found)
{
    double t = now();
    ct_anchor_text *doc = NULL;
    ct_error err;

    *found = 0;
    if (ct_anchor_text_new(a->edited, strlen(a->edited), &doc, &err) != CT_OK)
        return -1;
    for (int m = 0; m < MENTIONS; m++) {
        ct_anchor_selector sel = {a->exact[m], a->prefix[m], a->suffix[m], a->start[m], a->end[m]};
        ct_anchor_result r;
        if (ct_anchor_find(doc, &sel, &r, &err) == CT_OK && r.how != CT_ANCHOR_ORPHANED)
            (*found)++;
    }
    ct_anchor_text_free(doc);
    return now() - t;
}

static char *request(const char *method, const char *path, json_object *body)
{
    json_object *req = json_object_new_object(), *actor = json_object_new_object();
    json_object_object_add(req, "method", json_object_new_string(method));
    json_object_object_add(req, "path", json_object_new_string(path));
    json_object_object_add(actor, "id", json_object_new_string("bench"));
    json_object_object_add(actor, "role", json_object_new_string("editor"));
    json_object_object_add(req, "actor", actor);
    json_object_object_add(req, "body", body);
    char *text = strdup(json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN));
    json_object_put(req);
    return text;
}

/* The mentions in the database, then ROUNDS anchorings of the two versions in turn. */
static int route(const article *a, const char *plugin_path, const char *conninfo, int rounds,
                 double *times)
{
    char config[1024], *error = NULL, why[512];
    ct_loaded so;
    const ct_plugin_v1 *plugin = ct_loader_open(plugin_path, 0, &so, why, sizeof why);
    void *inst;

    if (plugin == NULL)
        return fprintf(stderr, "cannot load the plugin: %s\n", why), 1;
    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":2,"
             "\"outbound\":{\"workers\":false}}", conninfo);
    inst = plugin->open(NULL, config, &error);
    if (inst == NULL)
        return fprintf(stderr, "open: %s\n", error), 1;
    for (int m = 0; m < MENTIONS; m++) {
        json_object *body = json_object_new_object(), *claimant = json_object_new_object();
        json_object *mention = json_object_new_object(), *quote = json_object_new_object();
        json_object_object_add(body, "text", json_object_new_string(a->exact[m]));
        json_object_object_add(claimant, "name", json_object_new_string("Депутат"));
        json_object_object_add(body, "claimant", claimant);
        json_object_object_add(body, "said_at", json_object_new_string("2025-12-01"));
        json_object_object_add(body, "language", json_object_new_string("ru"));
        json_object_object_add(quote, "exact", json_object_new_string(a->exact[m]));
        json_object_object_add(quote, "prefix", json_object_new_string(a->prefix[m]));
        json_object_object_add(quote, "suffix", json_object_new_string(a->suffix[m]));
        json_object_object_add(mention, "id", json_object_new_string("bench-long"));
        json_object_object_add(mention, "quote", quote);
        json_object_object_add(body, "article", mention);
        char *req = request("POST", "/claims", body), *resp = plugin->handle(inst, req);
        free(req);
        plugin->free_string(resp);
    }
    for (int i = 0; i < rounds; i++) {
        json_object *body = json_object_new_object();
        json_object_object_add(body, "text", json_object_new_string(i % 2 ? a->original : a->edited));
        char *req = request("POST", "/articles/bench-long/anchor", body);
        double t = now();
        char *resp = plugin->handle(inst, req);
        times[i] = now() - t;
        if (resp == NULL || strncmp(resp, "{\"status\":200", 13) != 0)
            fprintf(stderr, "anchor route failed: %.200s\n", resp ? resp : "(null)");
        plugin->free_string(resp);
        free(req);
    }
    plugin->close(inst);
    ct_loader_close(&so);
    return 0;
}

int main(int argc, char **argv)
{
    article a;
    int rounds = argc > 3 ? atoi(argv[3]) : 5, found = 0;
    double alg[64], via[64];

    if (argc < 3 || rounds < 1 || rounds > 64)
        return fprintf(stderr, "usage: %s PLUGIN CONNINFO [ROUNDS 1-64]\n", argv[0]), 2;
    build(&a);
    for (int i = 0; i < rounds; i++)
        alg[i] = algorithm_once(&a, &found);
    qsort(alg, (size_t)rounds, sizeof *alg, by_value);
    if (route(&a, argv[1], argv[2], rounds, via) != 0)
        return 1;
    qsort(via, (size_t)rounds, sizeof *via, by_value);
    printf("anchoring %d mentions in %zu bytes (%ld code points), %d found:\n", MENTIONS,
           strlen(a.edited), code_points(a.edited, strlen(a.edited)), found);
    printf("anchor algorithm %8.1f ms  (median of %d)\n", alg[rounds / 2] * 1e3, rounds);
    printf("anchor route     %8.1f ms  (median of %d, POST /articles/{id}/anchor)\n",
           via[rounds / 2] * 1e3, rounds);
    free(a.original);
    free(a.edited);
    return found == MENTIONS ? 0 : 1;
}
