/*
 * claimtrack.c -- a small command-line host for the plugin.
 *
 * It loads build/claimtrack.so with include/claimtrack/loader.h and talks to
 * it only through include/claimtrack/plugin.h, like any CMS would. Editors' scripts can use
 * it to send single requests; `make run` uses it to load the seed story
 * and print an article's notices and a claim's timeline.
 *
 *   claimtrack [options] request METHOD PATH [BODY-JSON [QUERY-JSON]]  ('' for no body)
 *   claimtrack [options] seed FILE      load FILE's requests when no claim exists
 *   claimtrack [options] show ARTICLE   print the article's notices and timelines
 *   claimtrack [options] import [--report OUT] FILE|-   import ClaimReview JSON-LD
 *   claimtrack [options] verify [--key VKEY]  audit the whole timeline log
 *   claimtrack verify --proof FILE --key VKEY [--origin LOG]  check a proof offline
 *   claimtrack keygen NAME                     make a checkpoint signing key
 *
 * verify asks the plugin for GET /checkpoints/audit (as admin unless --as
 * says otherwise): every event's leaf recomputed, every stored subtree,
 * every checkpoint's signature and root, and consistency from each
 * checkpoint to the next. It prints the audit and exits 0 when the log is
 * intact, 1 naming the first event and claim that do not match, 2 when it
 * could not audit. verify --proof needs neither plugin nor database: it
 * checks a saved GET /claims/{id}/proof answer (its body, or the whole
 * envelope) against the newsroom's published verifier key
 * (src/base/proofcheck.h), with the same exit codes, and 3 when nothing
 * was refused but some events are newer than the checkpoint, so not
 * verified yet.
 *
 * options: --plugin PATH (default build/claimtrack.so, or $CLAIMTRACK_PLUGIN)
 *          --config JSON (default {"database": $CLAIMTRACK_DATABASE})
 *          --as ROLE:ID  the actor (default editor:cli)
 *
 * import reads a feed of any size (a DataFeed of tens of thousands of
 * reviews is ordinary) and cuts it into POST /import/claimreview requests
 * the plugin accepts: at most 500 items and 900 KiB each. Only the list
 * that holds a feed's items is cut: a top-level list, a DataFeed's
 * dataFeedElement (also of a DataFeed inside "@graph"), or "@graph" itself,
 * whose nodes without a review travel with every part for the references
 * to them; any other document goes whole. The document's tree is never
 * built: a scanner finds where each entry's text begins and ends, and the
 * entries are parsed one part at a time, so memory follows the size of a
 * part, not of the feed. The items are counted by the finder the plugin
 * uses (src/jsonld.c), so the report's paths ("items.12345") name items of
 * the whole file, and a review that one part imported and a later part
 * finds again is reported as a duplicate, as within one request.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/loader.h"

#include <json-c/json.h>

#include "jsonld.h"
#include "note.h"
#include "proofcheck.h"

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
          "  show ARTICLE-ID                               print an article's notices and timelines\n"
          "  import [--report OUT] FILE|-                  import ClaimReview JSON-LD of any size\n"
          "  verify [--key VERIFIER-KEY]                   audit the timeline's log and checkpoints\n"
          "  verify --proof FILE --key VERIFIER-KEY [--origin LOG]  check a saved claim proof,"
          " offline\n"
          "  keygen NAME                                   make a checkpoint signing key\n",
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

/* ---- import: a feed of any size, in requests the plugin accepts ------------------ */

#define PART_ITEMS      500              /* the plugin's CT_IMPORT_MAX             */
#define PART_BYTES      (900u * 1024u)   /* well under the 1 MiB request limit     */
#define REASONS_SHOWN   5
#define PLAIN_EVERY_S   10.0             /* a progress line this often off a terminal */
#define JSON_FLAGS      (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* A JSON value in the document's text. */
typedef struct span {
    size_t at;
    size_t len;
} span;

/* How a document is cut: the entries of its list, each part wrapped as
   the whole document was. */
typedef enum feed_shape {
    SHAPE_WHOLE,            /* not cut: sent as it is                          */
    SHAPE_LIST,             /* a top-level list of entries                     */
    SHAPE_DATAFEED,         /* a DataFeed's dataFeedElement                    */
    SHAPE_GRAPH,            /* the nodes of @graph                             */
    SHAPE_GRAPH_DATAFEED    /* the dataFeedElement of a DataFeed inside @graph */
} feed_shape;

typedef struct feed {
    const char  *text;
    size_t       len;
    feed_shape   shape;
    span        *entries;     /* of the list that is cut                        */
    size_t       count;
    json_object *context;     /* the document's @context, or NULL               */
    json_object *graph;       /* @graph nodes without items, sent with every part */
} feed;

typedef struct import_run {
    cli         *c;
    const feed  *feed;
    size_t       total, reviews, imported, existing, changed, skipped;
    size_t       refused_items, refused_requests;
    size_t       position;    /* bytes of the document behind us               */
    json_object *claims;      /* claim id -> path of the item that first named it */
    json_object *reasons;     /* the first skipped items, as lines              */
    json_object *report;      /* every item, for --report; NULL without         */
    double       started, last_line;
    bool         tty;
    bool         broken;      /* an entry is not JSON: stop                     */
} import_run;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- finding the entries without building the document's tree ---------- */

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* The index of the quote closing the string opened at s[i]; 0 when none. */
static size_t string_close(const char *s, size_t len, size_t i)
{
    for (size_t j = i + 1; j < len; j++) {
        if (s[j] == '\\')
            j++;
        else if (s[j] == '"')
            return j;
    }
    return 0;
}

/* The index just past the JSON value starting at s[i]; 0 when there is
   none. Only brackets and strings are followed: json-c checks the rest. */
static size_t value_end(const char *s, size_t len, size_t i)
{
    size_t depth = 0;

    for (size_t j = i; j < len; j++) {
        if (s[j] == '"') {
            if ((j = string_close(s, len, j)) == 0)
                return 0;
            if (depth == 0)
                return j + 1;
        } else if (s[j] == '{' || s[j] == '[') {
            depth++;
        } else if (s[j] == '}' || s[j] == ']') {
            if (depth == 0)
                return j > i ? j : 0;
            if (--depth == 0)
                return j + 1;
        } else if (depth == 0 && (s[j] == ',' || s[j] == ' ' || s[j] == '\t' ||
                                  s[j] == '\r' || s[j] == '\n')) {
            return j > i ? j : 0;
        }
    }
    return depth == 0 && len > i ? len : 0;
}

/* The elements of the array at s[i] ('['), malloc'd; NULL when malformed. */
static span *array_spans(const char *s, size_t len, size_t i, size_t *count)
{
    span *spans = calloc(1, sizeof *spans), *grown;
    size_t n = 0, cap = 1;

    for (i = skip_space(s, len, i + 1); spans && i < len && s[i] != ']'; ) {
        size_t end = value_end(s, len, i);
        if (end == 0 || (n == cap && (grown = realloc(spans, 2 * cap * sizeof *spans)) == NULL))
            break;
        if (n == cap) {
            spans = grown;
            cap *= 2;
        }
        spans[n++] = (span){i, end - i};
        i = skip_space(s, len, end);
        if (i < len && s[i] == ',')
            i = skip_space(s, len, i + 1);
        else if (i >= len || s[i] != ']')
            break;
    }
    if (spans && i < len && s[i] == ']') {
        *count = n;
        return spans;
    }
    free(spans);
    return NULL;
}

/* The JSON value at v, with nothing but space after it; false when it
   is not JSON. */
static bool parse_span(const char *s, span v, json_object **out)
{
    json_tokener *tok = json_tokener_new();
    size_t end = 0;
    bool ok = false;

    *out = NULL;
    if (tok == NULL || v.len > INT32_MAX)
        goto out;
    *out = json_tokener_parse_ex(tok, s + v.at, (int)v.len);
    end = json_tokener_get_parse_end(tok);
    if (*out == NULL && json_tokener_get_error(tok) == json_tokener_continue) {
        *out = json_tokener_parse_ex(tok, "", 1);      /* a number ends here */
        end = v.len;
    }
    ok = json_tokener_get_error(tok) == json_tokener_success &&
         skip_space(s + v.at, v.len, end) == v.len;
    if (!ok) {
        json_object_put(*out);
        *out = NULL;
    }
out:
    json_tokener_free(tok);
    return ok;
}

typedef bool (*member_fn)(const char *key, span value, void *data);

/* fn for each member of the object at s[i] ('{'), in order; false when
   malformed or fn stops. */
static bool object_members(const char *s, size_t len, size_t i, member_fn fn, void *data)
{
    for (i = skip_space(s, len, i + 1); i < len && s[i] == '"'; ) {
        size_t key_close = string_close(s, len, i), end;
        json_object *key = NULL;
        bool ok = key_close && parse_span(s, (span){i, key_close + 1 - i}, &key);

        i = skip_space(s, len, key_close + 1);
        ok = ok && i < len && s[i] == ':';
        i = skip_space(s, len, i + 1);
        end = ok ? value_end(s, len, i) : 0;
        ok = end && fn(json_object_get_string(key), (span){i, end - i}, data);
        json_object_put(key);
        if (!ok)
            return false;
        i = skip_space(s, len, end);
        if (i < len && s[i] == '}')
            return true;
        if (i >= len || s[i] != ',')
            return false;
        i = skip_space(s, len, i + 1);
    }
    return i < len && s[i] == '}';
}

/* Items of the value at v (a feed entry when as_entry); SIZE_MAX when not JSON. */
static size_t items_at(const feed *f, span v, bool as_entry)
{
    json_object *value = NULL;
    size_t items = parse_span(f->text, v, &value) ? ct_jsonld_count_entry(value, as_entry, NULL)
                                                  : SIZE_MAX;
    json_object_put(value);
    return items;
}

/* ---- the shape of the document ------------------------------------------------- */

/* Members of an object that matter for cutting it. */
typedef struct members {
    const feed *f;
    span        elements;     /* dataFeedElement, when a list              */
    span        graph;        /* @graph, when a list                       */
    span        context;      /* @context                                  */
    bool        stray;        /* another member holds items: not cut       */
} members;

static bool note_member(const char *key, span value, void *data)
{
    members *m = data;
    char first = m->f->text[value.at];

    if (ct_jsonld_term_is(key, "dataFeedElement") && first == '[' && m->elements.len == 0)
        m->elements = value;
    else if (strcmp(key, "@graph") == 0 && first == '[' && m->graph.len == 0)
        m->graph = value;
    else if (strcmp(key, "@context") == 0)
        m->context = value;
    else if (strcmp(key, "@type") != 0 && strcmp(key, "@id") != 0)
        m->stray = m->stray || items_at(m->f, value, false) != 0;
    return true;
}

/* The DataFeed among the @graph nodes: its node's index, or count when none. */
static size_t graph_datafeed(const feed *f, const span *nodes, size_t count, members *feed_members)
{
    for (size_t i = 0; i < count; i++) {
        members m = {f, {0, 0}, {0, 0}, {0, 0}, false};
        if (f->text[nodes[i].at] == '{' &&
            object_members(f->text, f->len, nodes[i].at, note_member, &m) && m.elements.len) {
            *feed_members = m;
            return i;
        }
    }
    return count;
}

/* @graph: its nodes without items go with every part; the rest are the
   entries, or the DataFeed's elements when one node is a DataFeed. False
   when it cannot be cut. */
static bool scan_graph(feed *f, span graph)
{
    size_t count = 0, datafeed;
    span *nodes = array_spans(f->text, f->len, graph.at, &count);
    members m = {f, {0, 0}, {0, 0}, {0, 0}, false};
    bool ok = nodes != NULL;

    datafeed = ok ? graph_datafeed(f, nodes, count, &m) : 0;
    for (size_t i = 0; ok && i < count; i++) {
        json_object *node = NULL;
        if (i == datafeed)
            continue;
        ok = parse_span(f->text, nodes[i], &node);
        if (ok && ct_jsonld_count_entry(node, false, NULL) == 0)
            json_object_array_add(f->graph, json_object_get(node));
        else
            ok = ok && datafeed == count;      /* items beside the DataFeed: not cut */
        json_object_put(node);
    }
    ok = ok && !m.stray;
    if (ok && datafeed < count) {
        f->shape = SHAPE_GRAPH_DATAFEED;
        f->entries = array_spans(f->text, f->len, m.elements.at, &f->count);
        ok = f->entries != NULL;
    } else if (ok) {
        f->shape = SHAPE_GRAPH;
        f->entries = nodes;
        f->count = count;
        nodes = NULL;
    }
    free(nodes);
    return ok;
}

/* Decide how to cut the document; SHAPE_WHOLE when it cannot be cut. */
static void scan_feed(feed *f)
{
    size_t top = skip_space(f->text, f->len, 0);
    members m = {f, {0, 0}, {0, 0}, {0, 0}, false};

    f->shape = SHAPE_WHOLE;
    if (top >= f->len || skip_space(f->text, f->len, value_end(f->text, f->len, top)) != f->len)
        return;                               /* not one JSON value: json-c will say why */
    if (f->text[top] == '[') {
        f->entries = array_spans(f->text, f->len, top, &f->count);
        f->shape = f->entries ? SHAPE_LIST : SHAPE_WHOLE;
        return;
    }
    if (f->text[top] != '{' || !object_members(f->text, f->len, top, note_member, &m))
        return;
    if (m.context.len && !parse_span(f->text, m.context, &f->context))
        return;
    if (m.elements.len && !m.stray && (m.graph.len == 0 || items_at(f, m.graph, false) == 0)) {
        f->entries = array_spans(f->text, f->len, m.elements.at, &f->count);
        f->shape = f->entries ? SHAPE_DATAFEED : SHAPE_WHOLE;
    } else if (m.graph.len && !m.elements.len && !m.stray && !scan_graph(f, m.graph)) {
        f->shape = SHAPE_WHOLE;
        free(f->entries);
        f->entries = NULL;
    }
}

/* ---- the report of each item ---------------------------------------------------------- */

static const char *text_at(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (!json_object_object_get_ex(obj, key, &value) || !json_object_is_type(value, json_type_string))
        return "";
    return json_object_get_string(value);
}

/* text with every "items.N" made "items.<N + offset>": a part's paths as
   paths of the whole document. Malloc'd; NULL when out of memory. */
static char *global_paths(const char *text, size_t offset)
{
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);

    if (f == NULL)
        return NULL;
    for (const char *p = text, *hit; *p; ) {
        if ((hit = strstr(p, "items.")) == NULL) {
            fputs(p, f);
            break;
        }
        fwrite(p, 1, (size_t)(hit - p) + 6, f);
        p = hit + 6;
        if (*p >= '0' && *p <= '9') {
            char *end = NULL;
            fprintf(f, "%zu", (size_t)strtoull(p, &end, 10) + offset);
            p = end;
        }
    }
    fclose(f);
    return out;
}

static void relabel(json_object *obj, const char *key, size_t offset)
{
    json_object *value = NULL;
    if (!json_object_object_get_ex(obj, key, &value) || !json_object_is_type(value, json_type_string))
        return;
    char *global = global_paths(json_object_get_string(value), offset);
    if (global)
        json_object_object_add(obj, key, json_object_new_string(global));
    free(global);
}

static void relabel_item(json_object *item, size_t offset)
{
    json_object *error = json_object_object_get(item, "error");
    relabel(item, "path", offset);
    relabel(item, "duplicate_of", offset);
    relabel(error, "field", offset);
    relabel(error, "message", offset);
}

/* An item naming a claim an earlier part already named repeats that
   review: it becomes a skipped duplicate, as within one request. */
static void note_claim(import_run *run, json_object *item)
{
    json_object *id = json_object_object_get(item, "claim_id"), *first = NULL, *error;
    const char *path = text_at(item, "path");
    char message[160];

    if (id == NULL)
        return;
    if (!json_object_object_get_ex(run->claims, json_object_get_string(id), &first)) {
        json_object_object_add(run->claims, json_object_get_string(id), json_object_new_string(path));
        return;
    }
    snprintf(message, sizeof message, "%s is the same review as %s", path, json_object_get_string(first));
    error = json_object_new_object();
    json_object_object_add(error, "code", json_object_new_string("duplicate"));
    json_object_object_add(error, "message", json_object_new_string(message));
    json_object_object_add(error, "field", json_object_new_string(path));
    json_object_object_add(item, "status", json_object_new_string("skipped"));
    json_object_object_add(item, "error", error);
    json_object_object_add(item, "duplicate_of", json_object_get(first));
    json_object_object_del(item, "claim_id");
}

static void note_item(import_run *run, json_object *item)
{
    note_claim(run, item);
    const char *status = text_at(item, "status");
    if (strcmp(status, "imported") == 0) {
        run->imported++;
    } else if (strcmp(status, "existing") == 0) {
        run->existing++;
    } else if (strcmp(status, "changed") == 0) {
        run->changed++;
    } else {
        json_object *error = json_object_object_get(item, "error");
        char line[512];
        run->skipped++;
        snprintf(line, sizeof line, "%s: %s (%s)", text_at(item, "path"), text_at(error, "message"),
                 text_at(error, "code"));
        if (json_object_array_length(run->reasons) < REASONS_SHOWN)
            json_object_array_add(run->reasons, json_object_new_string(line));
    }
    if (run->report)
        json_object_array_add(run->report, json_object_get(item));
}

/* A request refused whole: its items are neither imported nor skipped. */
static void note_refusal(import_run *run, json_object *env, size_t offset, size_t items)
{
    json_object *error = json_object_object_get(json_object_object_get(env, "body"), "error");
    char *message = global_paths(text_at(error, "message"), offset);

    run->refused_items += items;
    run->refused_requests++;
    fprintf(stderr, "%sclaimtrack: items.%zu to items.%zu refused whole: %d %s: %s\n",
            run->tty ? "\n" : "", offset, offset + (items ? items - 1 : 0),
            env ? status_of(env) : 0, env ? text_at(error, "code") : "no answer",
            message ? message : "");
    free(message);
}

/* Progress on a terminal: a bar by bytes of the document behind us. Off
   a terminal: a line now and then, for logs. */
static void progress(import_run *run, bool last)
{
    static const char bar[] = "##############################", rest[] = "------------------------------";
    size_t done = run->imported + run->existing + run->changed + run->skipped + run->refused_items;
    double t = now_s(), rate = t > run->started ? (double)done / (t - run->started) : 0;
    int width = (int)sizeof bar - 1;
    size_t behind = last ? run->feed->len : run->position;
    int filled = run->feed->len ? (int)((size_t)width * behind / run->feed->len) : width;

    if (run->tty) {
        fprintf(stderr, "\r[%.*s%.*s] %3d%% %zu items, %.0f items/s", filled, bar, width - filled,
                rest, filled * 100 / width, done, rate);
        if (last)
            fputc('\n', stderr);
    } else if (!last && t - run->last_line >= PLAIN_EVERY_S) {
        fprintf(stderr, "claimtrack: %zu items, %.0f items/s\n", done, rate);
        run->last_line = t;
    }
}

/* Send part (its first item is item offset of the document) and take in
   the answer for each of its items. */
static void send_part(import_run *run, json_object *part, size_t offset, size_t items)
{
    json_object *env = send_request(run->c, "POST", "/import/claimreview", part, NULL);
    int status = env ? status_of(env) : 0;
    json_object *list = json_object_object_get(json_object_object_get(env, "body"), "items");

    if ((status == 200 || status == 201) && json_object_is_type(list, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(list); i++) {
            json_object *item = json_object_array_get_idx(list, i);
            relabel_item(item, offset);
            note_item(run, item);
        }
    } else {
        note_refusal(run, env, offset, items);
    }
    json_object_put(env);
}

typedef struct gap_report {
    import_run *run;
    size_t      offset;
} gap_report;

/* A feed entry without a review, reported as the plugin reports it. */
static bool note_gap(const ct_jsonld_found *found, void *data)
{
    gap_report *gaps = data;
    json_object *item = json_object_new_object(), *error = json_object_new_object();
    char path[48], field[64], message[128];
    const char *key = ct_jsonld_gap_field(found->gap);

    snprintf(path, sizeof path, "items.%zu", gaps->offset + found->index);
    snprintf(field, sizeof field, "%s%s%s", path, key[0] ? "." : "", key);
    snprintf(message, sizeof message, "%s %s", path, ct_jsonld_gap_message(found->gap));
    json_object_object_add(error, "code", json_object_new_string(ct_jsonld_gap_code(found->gap)));
    json_object_object_add(error, "message", json_object_new_string(message));
    json_object_object_add(error, "field", json_object_new_string(field));
    json_object_object_add(item, "path", json_object_new_string(path));
    json_object_object_add(item, "status", json_object_new_string("skipped"));
    json_object_object_add(item, "error", error);
    note_item(gaps->run, item);
    json_object_put(item);
    return true;
}

/* A "@graph" document: the nodes without items, then nodes (taken). */
static json_object *graph_part(const feed *f, json_object *nodes)
{
    json_object *part = json_object_new_object(), *graph = json_object_new_array();

    if (f->context)
        json_object_object_add(part, "@context", json_object_get(f->context));
    for (size_t i = 0; i < json_object_array_length(f->graph); i++)
        json_object_array_add(graph, json_object_get(json_object_array_get_idx(f->graph, i)));
    if (json_object_is_type(nodes, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(nodes); i++)
            json_object_array_add(graph, json_object_get(json_object_array_get_idx(nodes, i)));
        json_object_put(nodes);
    } else {
        json_object_array_add(graph, nodes);
    }
    json_object_object_add(part, "@graph", graph);
    return part;
}

/* A document of the given entries, shaped as the whole one (entries kept). */
static json_object *make_part(const feed *f, json_object *entries)
{
    json_object *datafeed;

    if (f->shape == SHAPE_LIST)
        return json_object_get(entries);
    if (f->shape == SHAPE_GRAPH)
        return graph_part(f, json_object_get(entries));
    datafeed = json_object_new_object();
    json_object_object_add(datafeed, "@type", json_object_new_string("DataFeed"));
    json_object_object_add(datafeed, "dataFeedElement", json_object_get(entries));
    if (f->shape == SHAPE_GRAPH_DATAFEED)
        return graph_part(f, datafeed);
    if (f->context)
        json_object_object_add(datafeed, "@context", json_object_get(f->context));
    return datafeed;
}

static bool feed_entries(const feed *f)
{
    return f->shape != SHAPE_GRAPH;
}

/* Items of entries[from..to), and their reviews into *reviews. */
static size_t items_of(const feed *f, json_object *entries, size_t from, size_t to,
                       size_t *reviews)
{
    size_t items = 0;
    *reviews = 0;
    for (size_t i = from; i < to; i++) {
        size_t r = 0;
        items += ct_jsonld_count_entry(json_object_array_get_idx(entries, i), feed_entries(f), &r);
        *reviews += r;
    }
    return items;
}

static json_object *slice(json_object *entries, size_t from, size_t to)
{
    json_object *part = json_object_new_array();
    for (size_t i = from; i < to; i++)
        json_object_array_add(part, json_object_get(json_object_array_get_idx(entries, i)));
    return part;
}

/* Send entries (items from number offset), halving them while the request
   would be over PART_BYTES; a part without reviews is reported here, as the
   plugin would refuse it whole. */
static void send_entries(import_run *run, json_object *entries, size_t offset)
{
    size_t n = json_object_array_length(entries), reviews = 0, bytes = 0;
    size_t items = items_of(run->feed, entries, 0, n, &reviews);
    json_object *part = make_part(run->feed, entries);

    json_object_to_json_string_length(part, JSON_FLAGS, &bytes);
    if (bytes > PART_BYTES && n > 1) {
        json_object *first = slice(entries, 0, n / 2), *second = slice(entries, n / 2, n);
        json_object_put(part);
        send_entries(run, first, offset);
        send_entries(run, second, offset + items_of(run->feed, entries, 0, n / 2, &reviews));
        json_object_put(first);
        json_object_put(second);
        return;
    }
    if (reviews == 0) {
        gap_report gaps = {run, offset};
        ct_jsonld_find(part, note_gap, &gaps, NULL);
    } else {
        send_part(run, part, offset, items);
    }
    json_object_put(part);
}

/* Parse the entries one by one into parts of at most PART_ITEMS items and
   about PART_BYTES, sending each when full: the document's tree is never
   built whole. */
static void import_entries(import_run *run, const feed *f)
{
    json_object *part = json_object_new_array();
    size_t items = 0, bytes = 0, offset = 0;

    for (size_t i = 0; i < f->count && part; i++) {
        json_object *entry = NULL;
        size_t reviews = 0, k;
        if (!parse_span(f->text, f->entries[i], &entry)) {
            fprintf(stderr, "claimtrack: the document is not JSON at byte %zu\n", f->entries[i].at);
            run->broken = true;
            break;
        }
        k = ct_jsonld_count_entry(entry, feed_entries(f), &reviews);
        if (json_object_array_length(part) > 0 && k > 0 &&
            (items + k > PART_ITEMS || bytes + f->entries[i].len > PART_BYTES)) {
            send_entries(run, part, offset);
            json_object_put(part);
            part = json_object_new_array();
            offset += items;
            items = bytes = 0;
            progress(run, false);
        }
        if (k > 0 || feed_entries(f))        /* graph nodes without items go with every part */
            json_object_array_add(part, json_object_get(entry));
        json_object_put(entry);
        items += k;
        bytes += f->entries[i].len;
        run->total += k;
        run->reviews += reviews;
        run->position = f->entries[i].at + f->entries[i].len;
    }
    if (!run->broken && part && json_object_array_length(part) > 0)
        send_entries(run, part, offset);
    json_object_put(part);
}

/* Every entry must parse before anything is sent: a broken file imports
   nothing. The parse is cheap beside the writes it protects. */
static bool entries_parse(const feed *f)
{
    for (size_t i = 0; i < f->count; i++) {
        json_object *entry = NULL;
        bool ok = parse_span(f->text, f->entries[i], &entry);
        json_object_put(entry);
        if (!ok) {
            fprintf(stderr, "claimtrack: the document is not JSON (the entry at byte %zu)\n",
                    f->entries[i].at);
            return false;
        }
    }
    return true;
}

/* The document as one request, when it cannot be cut. */
static void import_whole(import_run *run, const feed *f)
{
    json_object *doc = NULL;

    if (!parse_span(f->text, (span){0, f->len}, &doc)) {
        fprintf(stderr, "claimtrack: the document is not JSON\n");
        run->broken = true;
        return;
    }
    run->total = ct_jsonld_find(doc, NULL, NULL, &run->reviews);
    send_part(run, doc, 0, run->total);
    json_object_put(doc);
}

static void print_summary(const import_run *run)
{
    double elapsed = now_s() - run->started;
    size_t shown = json_object_array_length(run->reasons);

    printf("imported %zu, existing %zu, changed %zu, skipped %zu of %zu items in %.1f s"
           " (%.0f items/s)\n", run->imported, run->existing, run->changed, run->skipped, run->total,
           elapsed,
           elapsed > 0 ? (double)run->total / elapsed : 0.0);
    for (size_t i = 0; i < shown; i++)
        printf("  skipped %s\n", json_object_get_string(json_object_array_get_idx(run->reasons, i)));
    if (run->skipped > shown)
        printf("  ... and %zu more skipped\n", run->skipped - shown);
    if (run->refused_requests)
        printf("refused whole: %zu requests with %zu items\n", run->refused_requests,
               run->refused_items);
}

/* {"items": [...], "counts": {...}} of the whole run into path. */
static bool write_report(const import_run *run, const char *path)
{
    json_object *out = json_object_new_object(), *counts = json_object_new_object();
    bool ok;

    json_object_object_add(out, "items", json_object_get(run->report));
    json_object_object_add(counts, "imported", json_object_new_int64((int64_t)run->imported));
    json_object_object_add(counts, "existing", json_object_new_int64((int64_t)run->existing));
    json_object_object_add(counts, "changed", json_object_new_int64((int64_t)run->changed));
    json_object_object_add(counts, "skipped", json_object_new_int64((int64_t)run->skipped));
    json_object_object_add(counts, "refused", json_object_new_int64((int64_t)run->refused_items));
    json_object_object_add(out, "counts", counts);
    ok = json_object_to_file_ext(path, out, JSON_C_TO_STRING_PRETTY |
                                            JSON_C_TO_STRING_NOSLASHESCAPE) == 0;
    if (!ok)
        fprintf(stderr, "claimtrack: cannot write %s: %s\n", path, json_util_get_last_err());
    json_object_put(out);
    return ok;
}

/* The whole text of file name ("-": standard input), malloc'd; NULL on failure. */
static char *read_text(const char *name, size_t *len)
{
    FILE *in = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    char *text = NULL;
    size_t cap = 0, got = 1;
    bool failed = false;

    *len = 0;
    if (in == NULL) {
        perror(name);
        return NULL;
    }
    while (got > 0 && !failed) {
        if (*len + 65536 + 1 > cap) {
            char *grown = realloc(text, cap = cap ? 2 * cap : 1u << 20);
            failed = grown == NULL;
            text = grown ? grown : text;
        }
        got = failed ? 0 : fread(text + *len, 1, cap - *len - 1, in);
        *len += got;
    }
    if (failed || ferror(in)) {
        fprintf(stderr, "claimtrack: cannot read %s\n", name);
        free(text);
        text = NULL;
    }
    if (in != stdin)
        fclose(in);
    if (text)
        text[*len] = '\0';
    return text;
}

/* A document without any ClaimReview, found only at its end, is refused
   whole, as the plugin refuses it. */
static void refuse_without_reviews(import_run *run)
{
    fprintf(stderr, "%sclaimtrack: items.0 to items.%zu refused whole: 400 invalid_value: the "
            "document holds no schema.org ClaimReview\n", run->tty ? "\n" : "",
            run->total ? run->total - 1 : 0);
    run->refused_items = run->total;
    run->refused_requests = 1;
    run->skipped = 0;
    json_object_put(run->reasons);
    run->reasons = json_object_new_array();
}

static void run_start(import_run *run, cli *c, const feed *f, bool with_report)
{
    memset(run, 0, sizeof *run);
    run->c = c;
    run->feed = f;
    run->claims = json_object_new_object();
    run->reasons = json_object_new_array();
    run->report = with_report ? json_object_new_array() : NULL;
    run->started = run->last_line = now_s();
    run->tty = isatty(STDERR_FILENO) != 0;
}

static void run_free(import_run *run, feed *f)
{
    json_object_put(run->claims);
    json_object_put(run->reasons);
    json_object_put(run->report);
    json_object_put(f->context);
    json_object_put(f->graph);
    free(f->entries);
    free((char *)f->text);
}

static int cmd_import(cli *c, int argc, char **argv)
{
    const char *report_path = NULL;
    import_run run;
    feed f;
    int rc;

    if (argc == 3 && strcmp(argv[0], "--report") == 0) {
        report_path = argv[1];
        argc -= 2;
        argv += 2;
    }
    if (argc != 1)
        return usage();
    memset(&f, 0, sizeof f);
    if ((f.text = read_text(argv[0], &f.len)) == NULL)
        return 1;
    f.graph = json_object_new_array();
    run_start(&run, c, &f, report_path != NULL);
    scan_feed(&f);
    if (f.shape == SHAPE_WHOLE)
        import_whole(&run, &f);
    else if (entries_parse(&f))
        import_entries(&run, &f);
    else
        run.broken = true;
    if (!run.broken && f.shape != SHAPE_WHOLE && run.reviews == 0)
        refuse_without_reviews(&run);
    progress(&run, true);
    print_summary(&run);
    rc = run.refused_requests || run.broken ? 1 : 0;
    if (report_path && !write_report(&run, report_path))
        rc = 1;
    run_free(&run, &f);
    return rc;
}

/* verify [--key VKEY]: the plugin's audit of the whole log. */
static int cmd_verify(cli *c, int argc, char **argv)
{
    json_object *query = json_object_new_object(), *env = NULL;
    int rc = 2;

    if (argc == 2 && strcmp(argv[0], "--key") == 0)
        json_object_object_add(query, "key", json_object_new_string(argv[1]));
    else if (argc != 0)
        goto out;
    env = send_request(c, "GET", "/checkpoints/audit", NULL, query);
    json_object *body = json_object_object_get(env, "body");
    if (env == NULL || status_of(env) != 200) {
        fprintf(stderr, "claimtrack: the audit could not run\n");
        if (env)
            print_json(env);
        goto out;
    }
    print_json(body);
    json_object *problem = json_object_object_get(body, "problem");
    if (problem) {
        fprintf(stderr, "claimtrack verify: %s\n",
                json_object_get_string(json_object_object_get(problem, "message")));
        rc = 1;
    } else {
        rc = 0;
    }
out:
    json_object_put(env);
    json_object_put(query);
    return rc;
}

/* The whole of a file (or stdin for "-"), NUL-terminated; NULL on failure. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 65536, n = 0;
    char *buf = f ? malloc(cap) : NULL;

    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *more = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
        if (more == NULL) {
            free(buf);
            buf = NULL;
        }
        buf = more;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    if (f && f != stdin)
        fclose(f);
    *len = n;
    return buf;
}

/* verify --proof FILE --key VKEY [--origin NAME], with no plugin and no
   database; origin (may be NULL): the log the checkpoint must name. */
static int verify_proof(const char *path, const char *key_text, const char *origin)
{
    ct_note_key key;
    ct_proof_report report;
    size_t len = 0;
    char *doc = NULL, *body_text = NULL;
    int rc = 2;

    if (!ct_note_verifier_key(key_text, &key)) {
        fprintf(stderr, "claimtrack: --key must be a verifier key (name+hash+base64)\n");
        return 2;
    }
    if ((doc = read_all(path, &len)) == NULL) {
        fprintf(stderr, "claimtrack: cannot read %s\n", path);
        return 2;
    }
    /* a whole response envelope is accepted too, its body being the proof;
       only a document that is an envelope and nothing else is opened so */
    json_object *env = json_tokener_parse(doc), *body = NULL;
    if (json_object_object_get_ex(env, "body", &body) && json_object_is_type(body, json_type_object)
        && json_object_object_get_ex(env, "status", NULL)
        && !json_object_object_get_ex(env, "events", NULL)
        && !json_object_object_get_ex(env, "claim_id", NULL)
        && !json_object_object_get_ex(env, "checkpoint", NULL))
        body_text = strdup(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN));
    json_object_put(env);
    if (body_text)
        ct_proof_check(body_text, strlen(body_text), &key, &report);
    else
        ct_proof_check(doc, len, &key, &report);
    if ((report.ok || report.incomplete) && origin && strcmp(origin, report.origin) != 0) {
        fprintf(stderr, "claimtrack verify: the proof is refused: its checkpoint is of the log"
                " \"%s\", not \"%s\"\n", report.origin, origin);
        rc = 1;
    } else if (report.ok) {
        printf("ok: %s\n", report.message);
        rc = 0;
    } else if (report.incomplete) {
        printf("not yet: %s\n", report.message);
        rc = 3;
    } else {
        fprintf(stderr, "claimtrack verify: the proof is refused: %s\n", report.message);
        rc = 1;
    }
    free(body_text);
    free(doc);
    return rc;
}

/* keygen NAME: a signer key for "checkpoint_key" and its verifier key. */
static int keygen(const char *name)
{
    ct_note_key key;
    char signer[CT_NOTE_NAME_MAX + 96], verifier[CT_NOTE_NAME_MAX + 64];

    if (!ct_note_generate(name, &key) || !ct_note_signer_text(&key, signer, sizeof signer) ||
        !ct_note_verifier_text(&key, verifier, sizeof verifier)) {
        fprintf(stderr, "claimtrack: NAME must be 1 to 255 bytes with no space and no '+'\n");
        return 2;
    }
    printf("checkpoint_key (secret: the plugin's configuration only):\n%s\n"
           "verifier key (public: publish it beside your checkpoints):\n%s\n", signer, verifier);
    return 0;
}

static int dispatch(cli *c, int argc, char **argv)
{
    if (strcmp(argv[0], "verify") == 0)
        return cmd_verify(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "request") == 0)
        return cmd_request(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "seed") == 0)
        return cmd_seed(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return cmd_show(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "import") == 0)
        return cmd_import(c, argc - 1, argv + 1);
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
    char *owned_config = NULL, *error = NULL, why[512];
    cli c = {NULL, NULL, "editor", "cli"};
    ct_loaded so = {0};
    int i = 1, rc = 1;
    bool as_given = false;

    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--plugin") == 0)
            plugin_path = argv[i + 1];
        else if (strcmp(argv[i], "--config") == 0)
            config = argv[i + 1];
        else if (strcmp(argv[i], "--as") == 0 && strchr(argv[i + 1], ':'))
            as_given = sscanf(argv[i + 1], "%31[^:]:%127s", c.role, c.actor_id) == 2;
        else
            return usage();
    }
    if (i >= argc)
        return usage();
    if (argc - i == 2 && strcmp(argv[i], "keygen") == 0)
        return keygen(argv[i + 1]);
    if ((argc - i == 5 || (argc - i == 7 && strcmp(argv[i + 5], "--origin") == 0)) &&
        strcmp(argv[i], "verify") == 0 && strcmp(argv[i + 1], "--proof") == 0 &&
        strcmp(argv[i + 3], "--key") == 0)
        return verify_proof(argv[i + 2], argv[i + 4], argc - i == 7 ? argv[i + 6] : NULL);
    if (strcmp(argv[i], "verify") == 0) {
        rc = 2;                   /* could not audit: not the same as a log found rewritten */
        if (!as_given)
            snprintf(c.role, sizeof c.role, "admin");
    }
    c.plugin = ct_loader_open(plugin_path, 0, &so, why, sizeof why);
    if (c.plugin == NULL) {
        fprintf(stderr, "claimtrack: cannot load the plugin: %s\n", why);
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
    ct_loader_close(&so);
    return rc;
}
