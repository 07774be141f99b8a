/*
 * json_mutate.h -- a structure-aware mutation for the fuzz targets whose
 * input is (or ends in) a JSON document: fuzz_door's payload and
 * fuzz_claimreview's document. Included by each target (static functions
 * only).
 *
 * libFuzzer's own byte mutations mostly break the JSON, so a target that
 * is fed JSON spends its time on invalid_json. json_mutate() parses the
 * text instead, changes one thing in the tree and writes it again:
 *   - a value replaced: by text at the limits of the checks (0-2, 34-36,
 *     63-65, 99-101, 199-201, 254-256, 499-501, 1999-2001, 2047-2049 and
 *     4999-5001 characters, of one, two, three or four UTF-8 bytes each,
 *     spaces and no-break spaces among them), by numbers at the limits of
 *     int32, int64 and double, by true, false, null, {} or [], by dates,
 *     URLs, language tags and HTML at and past what is valid, or by
 *     another value of the same document;
 *   - a text value's bytes mutated by libFuzzer (so invalid UTF-8 and NUL
 *     characters, written as \u0000, reach the checks of a valid document);
 *   - a member or element removed, or a member added under a key of the
 *     document or of the target's own list of keys.
 * It returns 0 when the text is not JSON or the result does not fit, and
 * the caller falls back to libFuzzer's mutation.
 */
#ifndef CT_FUZZ_JSON_MUTATE_H
#define CT_FUZZ_JSON_MUTATE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#define JM_NODES 256

typedef struct jm_rng {
    uint64_t state;
} jm_rng;

static uint32_t jm_next(jm_rng *r)
{
    r->state = r->state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(r->state >> 33);
}

static uint32_t jm_below(jm_rng *r, uint32_t n)
{
    return n ? jm_next(r) % n : 0;
}

/* Every node of the tree with the container that holds it, breadth first. */
typedef struct jm_node {
    json_object *value;
    json_object *parent;     /* NULL for the root */
    const char  *key;        /* its key in an object parent */
    size_t       index;      /* its index in an array parent */
} jm_node;

static size_t jm_collect(json_object *root, jm_node *nodes, size_t max)
{
    size_t n = 0, at = 0;
    nodes[n++] = (jm_node){root, NULL, NULL, 0};
    while (at < n) {
        json_object *v = nodes[at++].value;
        if (json_object_is_type(v, json_type_object)) {
            json_object_object_foreach(v, key, child) {
                if (n < max)
                    nodes[n++] = (jm_node){child, v, key, 0};
            }
        } else if (json_object_is_type(v, json_type_array)) {
            for (size_t i = 0; i < json_object_array_length(v) && n < max; i++)
                nodes[n++] = (jm_node){json_object_array_get_idx(v, i), v, NULL, i};
        }
    }
    return n;
}

static const size_t jm_lengths[] = {0, 1, 2, 34, 35, 36, 63, 64, 65, 99, 100, 101, 199, 200, 201,
                                    254, 255, 256, 499, 500, 501, 1999, 2000, 2001, 2047, 2048,
                                    2049, 4999, 5000, 5001};
static const char *const jm_units[] = {"a", "\xC3\xA9", "\xD0\xB6", "\xE2\x82\xAC",
                                       "\xF0\x9F\x98\x80", " ", "\xC2\xA0", "&amp;", "<b>x</b>",
                                       "%", "/"};

static const char *const jm_texts[] = {
    "", " ", "\xC2\xA0", "x", "2025-12-22", "2025-02-29", "2024-02-29", "2025-12-22T10:30:00Z",
    "2025-12-22T10:30:00.123456789+05:00", "2025-12-22T24:00:00Z", "2025-12-22T23:59:60Z",
    "1000-01-02", "1000-01-01", "9999-12-30", "9999-12-31", "1000-01-02T00:00:00+14:00",
    "9999-12-30T23:59:59-14:00", "2025-12-22T10:30:00+1400", "2025-12-22T10:30:00-14:01",
    "0001-01-01", "2025-12-22 10:30", "http://a", "https://a.b/", "HTTPS://WWW.EXAMPLE.ORG:443/a/?utm_source=x&b=1#f",
    "http://93.184.216.34:8080/x", "http://127.0.0.1:5432/", "http://10.0.0.5/", "https://[::1]/",
    "https://[2606:2800:220:1:248:1893:25c8:1946]/", "http://\xD0\xB6.example/\xD0\xB6?q=\xD0\xB6",
    "https://example.org/%00", "https://example.org/a b", "javascript:alert(1)", "ftp://example.org/",
    "https://user:pass@example.org:0/", "en", "ru", "kk", "en-GB", "ru-KZ", "ru_KZ", "EN", "e",
    "abcd", "en-a", "en-abcdefghi", "zh-Hant-TW-x-private", "False", "True", "Misleading",
    "Pants on Fire", "disputed", "under_review", "rebutted", "corrected", "retracted", "confirmed",
    "dismissed", "rebuttal", "correction", "retraction", "apology", "denial", "reader", "editor",
    "moderator", "admin", "*", "claim.published", "claim.recorded", "evidence.archived",
    "organization", "person", "html", "json", "jsonld", "#000000", "#FFFFFF", "#12345", "pending",
    "delivered", "dead", "failed", "archived", "ClaimReview", "Claim", "DataFeed", "DataFeedItem",
    "Organization", "Person", "Rating", "WebPage", "schema:ClaimReview",
    "https://schema.org/ClaimReview", "&lt;p&gt;a &amp;amp; b&lt;/p&gt;", "<script>x</script>",
    "&#0;", "&#x110000;", "&nbsp;", "<![CDATA[x]]>", "-1", "0", "1", "1.5", "1e400", "NaN",
    "9223372036854775807", "2147483648", "#org", "_:b0",
};

static json_object *jm_long_text(jm_rng *r, size_t max_bytes)
{
    size_t chars = jm_lengths[jm_below(r, sizeof jm_lengths / sizeof jm_lengths[0])];
    const char *unit = jm_units[jm_below(r, sizeof jm_units / sizeof jm_units[0])];
    size_t unit_len = strlen(unit);
    if (chars * unit_len > max_bytes)
        chars = max_bytes / unit_len;
    char *text = malloc(chars * unit_len + 1);
    if (text == NULL)
        return NULL;
    for (size_t i = 0; i < chars; i++)
        memcpy(text + i * unit_len, unit, unit_len);
    text[chars * unit_len] = '\0';
    json_object *v = json_object_new_string_len(text, (int)(chars * unit_len));
    free(text);
    return v;
}

static json_object *jm_value(jm_rng *r, json_object *root, jm_node *nodes, size_t n,
                             size_t max_bytes)
{
    switch (jm_below(r, 9)) {
    case 0:
    case 1:
        return jm_long_text(r, max_bytes);
    case 2:
    case 3:
        return json_object_new_string(jm_texts[jm_below(r, sizeof jm_texts / sizeof jm_texts[0])]);
    case 4: {
        static const int64_t ints[] = {0, 1, -1, 2, 3, 100, 101, 500, 501, 1000, 1001, 3600,
                                       86400, 604800, 604801, 1209600, 2147483647, 2147483648LL,
                                       -2147483648LL, -2147483649LL, INT64_MAX, INT64_MIN};
        return json_object_new_int64(ints[jm_below(r, sizeof ints / sizeof ints[0])]);
    }
    case 5: {
        static const double doubles[] = {0.5, -0.0, 1e308, -1e308, 2.5, 1e-320, 4.0};
        return json_object_new_double(doubles[jm_below(r, sizeof doubles / sizeof doubles[0])]);
    }
    case 6:
        switch (jm_below(r, 5)) {
        case 0: return json_object_new_boolean(1);
        case 1: return json_object_new_boolean(0);
        case 2: return json_object_new_object();
        case 3: return json_object_new_array();
        default: return NULL;              /* null */
        }
    case 7: {                              /* a copy of another value of the document */
        json_object *copy = NULL;
        json_object *from = nodes[jm_below(r, (uint32_t)n)].value;
        if (from == root && n > 1)
            from = nodes[1 + jm_below(r, (uint32_t)n - 1)].value;
        if (json_object_deep_copy(from, &copy, NULL) != 0)
            return NULL;
        return copy;
    }
    default: {                             /* a text's bytes, mutated by libFuzzer */
        const char *base = jm_texts[jm_below(r, sizeof jm_texts / sizeof jm_texts[0])];
        for (size_t tries = 0; tries < 8; tries++) {
            json_object *v = nodes[jm_below(r, (uint32_t)n)].value;
            if (json_object_is_type(v, json_type_string)) {
                base = json_object_get_string(v);
                break;
            }
        }
        size_t len = strlen(base), cap = len + 64;
        uint8_t *bytes = malloc(cap);
        if (bytes == NULL)
            return NULL;
        memcpy(bytes, base, len);
        len = LLVMFuzzerMutate(bytes, len, cap);
        json_object *v = json_object_new_string_len((const char *)bytes, (int)len);
        free(bytes);
        return v;
    }
    }
}

/* Put value at node's place (value is taken). */
static void jm_replace(const jm_node *node, json_object *value)
{
    if (json_object_is_type(node->parent, json_type_object))
        json_object_object_add(node->parent, node->key, value);
    else
        json_object_array_put_idx(node->parent, node->index, value);
}

/*
 * Mutate the JSON text text[0..len) into out (at most max bytes); returns
 * the new length, or 0 when text is not JSON or the result does not fit.
 * keys: more member names to add (NULL-ended, may be NULL).
 */
static size_t json_mutate(const char *text, size_t len, char *out, size_t max, unsigned seed,
                          const char *const *keys)
{
    jm_rng r = {seed * 2654435761u + 1};
    json_tokener *tok = json_tokener_new_ex(32);
    json_object *root;
    jm_node nodes[JM_NODES];
    size_t result = 0;

    if (tok == NULL || len == 0 || len > (size_t)INT32_MAX) {
        json_tokener_free(tok);
        return 0;
    }
    root = json_tokener_parse_ex(tok, text, (int)len);
    int ok = root != NULL && json_tokener_get_error(tok) == json_tokener_success;
    json_tokener_free(tok);
    if (!ok || (!json_object_is_type(root, json_type_object) &&
                !json_object_is_type(root, json_type_array))) {
        json_object_put(root);
        return 0;
    }
    size_t n = jm_collect(root, nodes, JM_NODES);
    jm_node *at = &nodes[jm_below(&r, (uint32_t)n)];
    uint32_t op = jm_below(&r, 8);

    if (at->parent != NULL && op < 4) {                       /* replace a value */
        jm_replace(at, jm_value(&r, root, nodes, n, max / 2));
    } else if (at->parent != NULL && op == 4) {               /* remove it */
        if (json_object_is_type(at->parent, json_type_object)) {
            char *key = strdup(at->key);                      /* freed with its member */
            if (key)
                json_object_object_del(at->parent, key);
            free(key);
        } else
            json_object_array_del_idx(at->parent, at->index, 1);
    } else {                                                  /* add a member or element */
        json_object *holder = at->value;
        for (size_t tries = 0; tries < 8 && !json_object_is_type(holder, json_type_object) &&
                               !json_object_is_type(holder, json_type_array); tries++)
            holder = nodes[jm_below(&r, (uint32_t)n)].value;
        json_object *value = jm_value(&r, root, nodes, n, max / 2);
        if (json_object_is_type(holder, json_type_array)) {
            json_object_array_add(holder, value);
        } else if (json_object_is_type(holder, json_type_object)) {
            const char *key = NULL;
            size_t nkeys = 0;
            while (keys && keys[nkeys])
                nkeys++;
            if (nkeys && jm_below(&r, 2) == 0)
                key = keys[jm_below(&r, (uint32_t)nkeys)];
            for (size_t tries = 0; key == NULL && tries < 8; tries++)
                key = nodes[jm_below(&r, (uint32_t)n)].key;
            if (key == NULL)
                key = "x";
            char *copy = strdup(key);                         /* the key may be replaced */
            if (copy)
                json_object_object_add(holder, copy, value);
            else
                json_object_put(value);
            free(copy);
        } else {
            json_object_put(value);
        }
    }
    const char *written = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    size_t wlen = written ? strlen(written) : 0;
    if (written && wlen > 0 && wlen <= max) {
        memcpy(out, written, wlen);
        result = wlen;
    }
    json_object_put(root);
    return result;
}

#endif
