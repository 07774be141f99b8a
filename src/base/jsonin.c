/*
 * jsonin.c -- strict JSON parsing and typed getters (see jsonin.h).
 *
 * json-c does the tokenising with JSON_TOKENER_STRICT and UTF-8
 * validation; string values are checked again here because json-c decodes
 * "\u0000" and lone surrogate escapes into the value, which must not reach
 * the database or a page.
 */
#include "base/jsonin.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/validate.h"

const char *ct_json_path(char *buf, size_t size, const char *prefix, const char *key)
{
    if (prefix && prefix[0])
        snprintf(buf, size, "%s.%s", prefix, key);
    else
        snprintf(buf, size, "%s", key);
    return buf;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A "\u" escape at s[i] (s[i] == 'u'); returns the index of its last
   character, or 0 for a lone surrogate. *is_nul tells "\u0000". */
static size_t scan_unicode_escape(const char *s, size_t len, size_t i, bool *is_nul)
{
    int cp = i + 4 < len ? hex4(s + i + 1) : -1;
    *is_nul = cp == 0;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        int low = i + 10 < len && s[i + 5] == '\\' && s[i + 6] == 'u' ? hex4(s + i + 7) : -1;
        return low >= 0xDC00 && low <= 0xDFFF ? i + 10 : 0;
    }
    return cp < 0 ? i : i + 4;     /* a bad escape is json-c's to report */
}

/* Outside strings a letter run must be true, false or null (or a number's exponent). */
static bool literal_ok(const char *s, size_t len, size_t i, size_t *last)
{
    size_t j = i;
    if (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))
        return s[i] == 'e' || s[i] == 'E';
    while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
        j++;
    *last = j - 1;
    return (j - i == 4 && (strncmp(s + i, "true", 4) == 0 || strncmp(s + i, "null", 4) == 0)) ||
           (j - i == 5 && strncmp(s + i, "false", 5) == 0);
}

/* After a string closing at i: is it a key (followed by ':')? */
static bool is_key(const char *s, size_t len, size_t i)
{
    for (i++; i < len && strchr(" \t\r\n", s[i]); i++)
        ;
    return i < len && s[i] == ':';
}

/*
 * What json-c's strict mode lets through and RFC 8259 does not: control
 * characters inside strings, single quotes, NaN and Infinity, lone
 * surrogate escapes (json-c turns them into U+FFFD) and NUL escapes in
 * keys (json-c keeps keys as C strings, so "role\u0000x" would become
 * "role"). NUL escapes in values are caught after parsing, with their path.
 */
static ct_rc scan_raw(const char *s, size_t len, ct_error *err)
{
    bool in_string = false, nul_in_string = false;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!in_string) {
            size_t last = i;
            if (c == '"') {
                in_string = true;
                nul_in_string = false;
            } else if (c == '\'' || (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
                                      !literal_ok(s, len, i, &last))) {
                return ct_fail(err, CT_EINVALID, "invalid_json", NULL,
                               "malformed JSON: unexpected character at byte %zu", i);
            }
            i = last;
        } else if (c < 0x20) {
            return ct_fail(err, CT_EINVALID, "invalid_json", NULL,
                           "malformed JSON: control character in a string at byte %zu", i);
        } else if (c == '"') {
            in_string = false;
            if (nul_in_string && is_key(s, len, i))
                return ct_fail(err, CT_EINVALID, "invalid_utf8", NULL,
                               "keys must not contain NUL characters");
        } else if (c == '\\' && i + 1 < len) {
            i++;
            if (s[i] == 'u') {
                bool is_nul = false;
                size_t end = scan_unicode_escape(s, len, i, &is_nul);
                if (end == 0)
                    return ct_fail(err, CT_EINVALID, "invalid_utf8", NULL,
                                   "a lone UTF-16 surrogate escape at byte %zu", i - 1);
                nul_in_string = nul_in_string || is_nul;
                i = end;
            }
        }
    }
    return CT_OK;
}

/* The number of members written in each object of a document json-c has
   parsed (so it is valid and at most CT_JSON_MAX_DEPTH deep), in the order
   of the objects' opening braces. json-c keeps the last of two members of
   one name; comparing these counts with the parsed objects finds them. */
typedef struct member_counts {
    size_t *count;
    size_t  len, cap;
} member_counts;

static bool count_members(const char *s, size_t len, member_counts *mc)
{
    size_t open[CT_JSON_MAX_DEPTH + 2];
    bool object[CT_JSON_MAX_DEPTH + 2], expect_name[CT_JSON_MAX_DEPTH + 2];
    int depth = 0;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"') {
            bool name = depth > 0 && object[depth - 1] && expect_name[depth - 1];
            for (i++; i < len && s[i] != '"'; i++)
                i += s[i] == '\\';
            if (name) {
                mc->count[open[depth - 1]]++;
                expect_name[depth - 1] = false;
            }
        } else if ((c == '{' || c == '[') && depth < CT_JSON_MAX_DEPTH + 2) {
            object[depth] = c == '{';
            expect_name[depth] = c == '{';
            if (c == '{') {
                if (mc->len == mc->cap) {
                    size_t cap = mc->cap ? mc->cap * 2 : 16;
                    size_t *grown = realloc(mc->count, cap * sizeof *grown);
                    if (grown == NULL)
                        return false;
                    mc->count = grown;
                    mc->cap = cap;
                }
                mc->count[mc->len] = 0;
                open[depth] = mc->len++;
            }
            depth++;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        } else if (c == ',' && depth > 0 && object[depth - 1]) {
            expect_name[depth - 1] = true;
        }
    }
    return true;
}

/* Compare the parsed tree with the members written, object by object in
   document order: fewer parsed than written means a name came twice. */
static ct_rc check_members(json_object *node, const member_counts *mc, size_t *next,
                           const char *path, ct_error *err)
{
    char child[96];
    ct_rc rc = CT_OK;

    if (json_object_is_type(node, json_type_object)) {
        size_t written = *next < mc->len ? mc->count[*next] : 0;
        (*next)++;
        if ((size_t)json_object_object_length(node) != written)
            return ct_fail(err, CT_EINVALID, "invalid_json", path[0] ? path : NULL,
                           "%s%s has the same member name twice: each name may appear once",
                           path[0] ? "" : "the request", path);
        json_object_object_foreach(node, key, value) {
            if (rc == CT_OK)
                rc = check_members(value, mc, next, ct_json_path(child, sizeof child, path, key), err);
        }
    } else if (json_object_is_type(node, json_type_array)) {
        size_t n = json_object_array_length(node);
        for (size_t i = 0; rc == CT_OK && i < n; i++) {
            snprintf(child, sizeof child, "%s%s%zu", path, path[0] ? "." : "", i);
            rc = check_members(json_object_array_get_idx(node, i), mc, next, child, err);
        }
    }
    return rc;
}

/* Check every string value in the tree, naming its path: json-c decodes
   "\u0000" into the value, which must not reach the database or a page. */
static ct_rc check_strings(json_object *node, const char *path, ct_error *err)
{
    char child[96];

    switch (json_object_get_type(node)) {
    case json_type_string:
        if (!ct_utf8_valid(json_object_get_string(node),
                           (size_t)json_object_get_string_len(node), NULL))
            return ct_fail(err, CT_EINVALID, "invalid_utf8", path[0] ? path : NULL,
                           "%s must be valid UTF-8 without NUL characters",
                           path[0] ? path : "text");
        return CT_OK;
    case json_type_array: {
        size_t n = json_object_array_length(node);
        for (size_t i = 0; i < n; i++) {
            snprintf(child, sizeof child, "%s%s%zu", path, path[0] ? "." : "", i);
            ct_rc rc = check_strings(json_object_array_get_idx(node, i), child, err);
            if (rc != CT_OK)
                return rc;
        }
        return CT_OK;
    }
    case json_type_object: {
        json_object_object_foreach(node, key, value) {
            ct_rc rc = check_strings(value, ct_json_path(child, sizeof child, path, key), err);
            if (rc != CT_OK)
                return rc;
        }
        return CT_OK;
    }
    default:
        return CT_OK;
    }
}

ct_rc ct_json_parse(const char *text, size_t len, json_object **out, ct_error *err)
{
    json_tokener *tok = NULL;
    json_object *root = NULL;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (len >= INT32_MAX)
        return ct_fail(err, CT_ETOOLARGE, "too_large", NULL, "document too large");
    /* Keys with NUL or bad bytes are caught before json-c truncates them. */
    if (!ct_utf8_valid(text, len, NULL))
        return ct_fail(err, CT_EINVALID, "invalid_utf8", NULL,
                       "the request is not valid UTF-8 or contains a NUL byte");
    rc = scan_raw(text, len, err);
    if (rc != CT_OK)
        return rc;
    tok = json_tokener_new_ex(CT_JSON_MAX_DEPTH);
    if (tok == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    /* The terminating NUL is passed too, so that a bare number ends. */
    root = json_tokener_parse_ex(tok, text, (int)len + 1);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    if (jerr == json_tokener_continue) {
        rc = ct_fail(err, CT_EINVALID, "invalid_json", NULL, "unexpected end of JSON");
        goto out;
    }
    if (jerr != json_tokener_success) {
        if (jerr == json_tokener_error_memory)
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        else if (jerr == json_tokener_error_depth)
            rc = ct_fail(err, CT_EINVALID, "too_deep", NULL,
                         "JSON nested deeper than %d levels", CT_JSON_MAX_DEPTH);
        else if (jerr == json_tokener_error_parse_utf8_string)
            rc = ct_fail(err, CT_EINVALID, "invalid_utf8", NULL, "invalid UTF-8 in JSON");
        else if (jerr == json_tokener_error_parse_number)
            /* Strict json-c also stops here on an integer that fits
               neither int64 nor uint64 (RFC 8259 section 6 lets a parser
               limit the range): no field of claimtrack takes one. */
            rc = ct_fail(err, CT_EINVALID, "invalid_json", NULL,
                         "malformed JSON: a number that is not JSON, or an integer "
                         "outside the 64-bit range");
        else
            rc = ct_fail(err, CT_EINVALID, "invalid_json", NULL, "malformed JSON: %s",
                         json_tokener_error_desc(jerr));
        goto out;
    }
    /* Only whitespace may follow the document. */
    for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
        if (strchr(" \t\r\n", text[i]) == NULL) {
            rc = ct_fail(err, CT_EINVALID, "invalid_json", NULL,
                         "malformed JSON: trailing characters");
            goto out;
        }
    }
    rc = check_strings(root, "", err);
    if (rc == CT_OK) {
        member_counts mc = {NULL, 0, 0};
        size_t next = 0;
        if (!count_members(text, len, &mc))
            rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        else
            rc = check_members(root, &mc, &next, "", err);
        free(mc.count);
    }
out:
    if (rc == CT_OK)
        *out = root;
    else
        json_object_put(root);
    json_tokener_free(tok);
    return rc;
}

ct_rc ct_json_only_keys(json_object *obj, const char *const *allowed,
                        const char *prefix, ct_error *err)
{
    char path[96];

    json_object_object_foreach(obj, key, value) {
        (void)value;
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known)
            return ct_fail(err, CT_EINVALID, "unknown_field",
                           ct_json_path(path, sizeof path, prefix, key),
                           "unknown field \"%.60s\"", key);
    }
    return CT_OK;
}

/* Fetch obj[key]; NULL when missing or JSON null. */
static json_object *member(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (obj == NULL || !json_object_object_get_ex(obj, key, &value))
        return NULL;
    return value;
}

static ct_rc missing(const char *path, bool required, ct_error *err)
{
    if (!required)
        return CT_OK;
    return ct_fail(err, CT_EINVALID, "missing_field", path, "%s is required", path);
}

ct_rc ct_json_text(json_object *obj, const char *prefix, const char *key,
                   bool required, size_t min_chars, size_t max_chars,
                   const char **out, ct_error *err)
{
    char path[96];
    json_object *value = member(obj, key);
    size_t chars = 0;

    ct_json_path(path, sizeof path, prefix, key);
    *out = NULL;
    if (value == NULL)
        return missing(path, required, err);
    if (!json_object_is_type(value, json_type_string))
        return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be a string", path);
    const char *s = json_object_get_string(value);
    if (!ct_utf8_valid(s, (size_t)json_object_get_string_len(value), &chars))
        return ct_fail(err, CT_EINVALID, "invalid_utf8", path,
                       "%s must be valid UTF-8 without NUL characters", path);
    if (chars < min_chars && min_chars <= 1)
        return ct_fail(err, CT_EINVALID, "empty", path, "%s must not be empty", path);
    if (chars < min_chars)
        return ct_fail(err, CT_EINVALID, "too_short", path,
                       "%s must be at least %zu characters", path, min_chars);
    if (chars > max_chars)
        return ct_fail(err, CT_EINVALID, "too_long", path,
                       "%s is longer than %zu characters", path, max_chars);
    *out = s;
    return CT_OK;
}

ct_rc ct_json_datetime(json_object *obj, const char *prefix, const char *key,
                       bool required, const char **out, ct_error *err)
{
    char path[96];
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, 40, out, err);
    if (rc != CT_OK || *out == NULL)
        return rc;
    if (!ct_datetime_valid(*out))
        return ct_fail(err, CT_EINVALID, "invalid_date",
                       ct_json_path(path, sizeof path, prefix, key),
                       "%s must be a real date, as 2025-12-22 or 2025-12-22T10:30:00+05:00",
                       path);
    if (ct_datetime_after_tomorrow(*out, time(NULL)))
        return ct_fail(err, CT_EINVALID, "invalid_date",
                       ct_json_path(path, sizeof path, prefix, key),
                       "%s is in the future (%s): a claim is said, and a response issued, by today",
                       path, *out);
    return CT_OK;
}

ct_rc ct_json_url(json_object *obj, const char *prefix, const char *key,
                  bool required, const char **out, ct_error *err)
{
    char path[96];
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, CT_URL_MAX, out, err);
    if (rc != CT_OK || *out == NULL)
        return rc;
    if (!ct_url_valid(*out))
        return ct_fail(err, CT_EINVALID, "invalid_url",
                       ct_json_path(path, sizeof path, prefix, key),
                       "%s must be an absolute http or https URL", path);
    return CT_OK;
}

ct_rc ct_json_enum(json_object *obj, const char *prefix, const char *key,
                   bool required, const char *const *choices,
                   const char **out, ct_error *err)
{
    char path[96];
    ct_rc rc = ct_json_text(obj, prefix, key, required, 1, 64, out, err);
    if (rc != CT_OK || *out == NULL)
        return rc;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(*c, *out) == 0)
            return CT_OK;
    ct_json_path(path, sizeof path, prefix, key);
    *out = NULL;
    return ct_fail(err, CT_EINVALID, "invalid_value", path,
                   "%s has a value that is not allowed", path);
}

ct_rc ct_json_int(json_object *obj, const char *prefix, const char *key,
                  bool required, int64_t min, int64_t max,
                  int64_t *out, bool *present, ct_error *err)
{
    char path[96];
    json_object *value = member(obj, key);

    ct_json_path(path, sizeof path, prefix, key);
    if (present)
        *present = false;
    if (value == NULL)
        return missing(path, required, err);
    if (!json_object_is_type(value, json_type_int))
        return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be an integer", path);
    errno = 0;
    int64_t v = json_object_get_int64(value);
    if (errno != 0 || v < min || v > max)
        return ct_fail(err, CT_EINVALID, "out_of_range", path,
                       "%s must be between %lld and %lld", path,
                       (long long)min, (long long)max);
    *out = v;
    if (present)
        *present = true;
    return CT_OK;
}

ct_rc ct_json_bool(json_object *obj, const char *prefix, const char *key,
                   bool required, bool *out, ct_error *err)
{
    char path[96];
    json_object *value = member(obj, key);

    ct_json_path(path, sizeof path, prefix, key);
    if (value == NULL)
        return missing(path, required, err);
    if (!json_object_is_type(value, json_type_boolean))
        return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be true or false", path);
    *out = json_object_get_boolean(value);
    return CT_OK;
}

ct_rc ct_json_object(json_object *obj, const char *prefix, const char *key,
                     bool required, json_object **out, ct_error *err)
{
    char path[96];
    json_object *value = member(obj, key);

    ct_json_path(path, sizeof path, prefix, key);
    *out = NULL;
    if (value == NULL)
        return missing(path, required, err);
    if (!json_object_is_type(value, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be an object", path);
    *out = value;
    return CT_OK;
}
