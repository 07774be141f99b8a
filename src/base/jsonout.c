/*
 * jsonout.c -- json-c construction with failures noted (see jsonout.h).
 */
#include "base/jsonout.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"

static json_object *made(json_object *obj)
{
    if (obj == NULL)
        ct_oom_note();
    return obj;
}

json_object *ct_jnew_object(void)
{
    return made(json_object_new_object());
}

json_object *ct_jnew_array(void)
{
    return made(json_object_new_array());
}

json_object *ct_jnew_string(const char *s)
{
    return made(json_object_new_string(s));
}

json_object *ct_jnew_string_len(const char *s, size_t len)
{
    if (len > INT32_MAX) {
        ct_oom_note();
        return NULL;
    }
    return made(json_object_new_string_len(s, (int)len));
}

json_object *ct_jnew_int(int32_t v)
{
    return made(json_object_new_int(v));
}

json_object *ct_jnew_int64(int64_t v)
{
    return made(json_object_new_int64(v));
}

json_object *ct_jnew_boolean(int v)
{
    return made(json_object_new_boolean(v));
}

json_object *ct_jnew_double_s(double v, const char *text)
{
    return made(json_object_new_double_s(v, text));
}

json_object *ct_jparse(const char *text)
{
    json_tokener *tok = text ? json_tokener_new() : NULL;
    json_object *obj = NULL;

    if (text && tok == NULL) {
        ct_oom_note();
        return NULL;
    }
    if (tok) {
        obj = json_tokener_parse_ex(tok, text, -1);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        if (jerr != json_tokener_success) {
            if (jerr == json_tokener_error_memory)
                ct_oom_note();
            json_object_put(obj);
            obj = NULL;
        }
        json_tokener_free(tok);
    }
    return obj;
}

/* Values that could not be added live on until the request ends: the
   caller may go on filling a list it just failed to attach, and freeing it
   here would leave it writing into freed memory. json-c leaves the value
   to the caller when an add fails. */
#define MAX_ORPHANS 256
static _Thread_local json_object *orphans[MAX_ORPHANS];
static _Thread_local size_t norphans;

static int orphan(json_object *value)
{
    ct_oom_note();
    if (value && norphans < MAX_ORPHANS)
        orphans[norphans++] = value;
    /* beyond MAX_ORPHANS failed adds in one request, the rest is leaked */
    return -1;
}

void ct_jorphans_release(void)
{
    while (norphans > 0)
        json_object_put(orphans[--norphans]);
}

int ct_jset(json_object *obj, const char *key, json_object *value)
{
    if (obj != NULL && json_object_object_add(obj, key, value) == 0)
        return 0;
    return orphan(value);
}

int ct_jpush(json_object *arr, json_object *value)
{
    if (arr != NULL && json_object_array_add(arr, value) == 0)
        return 0;
    return orphan(value);
}

/* ---- printing ---------------------------------------------------------------

   json-c (0.16 to 0.19) prints into a printbuf whose failed growth it ignores: a
   later, smaller piece may still fit, so the text comes out short and
   looks complete. So the tree is printed here, into a ct_buf that
   remembers any failure, with json-c's PLAIN layout and its escapes
   (RFC 8259 section 7: quote, backslash and the control characters; "/"
   too unless JSON_C_TO_STRING_NOSLASHESCAPE), byte for byte what
   json_object_to_json_string_ext(obj, PLAIN[|NOSLASHESCAPE]) gives. */

/* What each byte becomes in a JSON string: 0 itself, 1 a \u00XX escape,
   else the character after the backslash ("/" only without
   JSON_C_TO_STRING_NOSLASHESCAPE). */
static const unsigned char string_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 'b', 't', 'n', 1, 'f', 'r', 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/'};

void ct_buf_append_json_string(ct_buf *b, const char *s, size_t len, int flags)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0;                 /* start of the bytes not yet copied */

    ct_buf_reserve(b, len + 2);
    ct_buf_append_len(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char esc = string_escape[u[i]];
        if (esc == 0 || (esc == '/' && (flags & JSON_C_TO_STRING_NOSLASHESCAPE)))
            continue;
        ct_buf_append_len(b, s + run, i - run);
        run = i + 1;
        if (esc == 1) {
            char e[6] = {'\\', 'u', '0', '0', hex[u[i] >> 4], hex[u[i] & 0xf]};
            ct_buf_append_len(b, e, 6);
        } else {
            char e[2] = {'\\', (char)esc};
            ct_buf_append_len(b, e, 2);
        }
    }
    ct_buf_append_len(b, s + run, len - run);
    ct_buf_append_len(b, "\"", 1);
}

static void print_value(ct_buf *b, json_object *obj, int flags)
{
    bool first = true;

    switch (json_object_get_type(obj)) {
    case json_type_null:
        ct_buf_append(b, "null");
        break;
    case json_type_boolean:
        ct_buf_append(b, json_object_get_boolean(obj) ? "true" : "false");
        break;
    case json_type_int:
        if (json_object_get_int64(obj) == INT64_MAX)   /* maybe a uint64 beyond it */
            ct_buf_appendf(b, "%" PRIu64, json_object_get_uint64(obj));
        else
            ct_buf_appendf(b, "%" PRId64, json_object_get_int64(obj));
        break;
    case json_type_double: {
        /* json-c's own text: the parsed or given digits (a few bytes). */
        const char *text = json_object_to_json_string_ext(obj, flags);
        if (text == NULL)
            b->failed = true;
        ct_buf_append(b, text);
        break;
    }
    case json_type_string:
        ct_buf_append_json_string(b, json_object_get_string(obj), (size_t)json_object_get_string_len(obj), flags);
        break;
    case json_type_array:
        ct_buf_append_len(b, "[", 1);
        for (size_t i = 0, n = json_object_array_length(obj); i < n; i++) {
            if (i > 0)
                ct_buf_append_len(b, ",", 1);
            print_value(b, json_object_array_get_idx(obj, i), flags);
        }
        ct_buf_append_len(b, "]", 1);
        break;
    case json_type_object:
        ct_buf_append_len(b, "{", 1);
        json_object_object_foreach(obj, key, value) {
            if (!first)
                ct_buf_append_len(b, ",", 1);
            first = false;
            ct_buf_append_json_string(b, key, strlen(key), flags);
            ct_buf_append_len(b, ":", 1);
            print_value(b, value, flags);
        }
        ct_buf_append_len(b, "}", 1);
        break;
    }
}

static void free_text(json_object *obj, void *text)
{
    (void)obj;
    free(text);
}

const char *ct_jdump(json_object *obj, int flags)
{
    ct_buf b = CT_BUF_INIT;
    char *text;

    if (obj == NULL)
        return "null";
    print_value(&b, obj, flags);
    text = ct_buf_take(&b);
    if (text == NULL) {
        ct_oom_note();
        return "null";
    }
    /* Kept with obj, as json-c keeps its printed text, until obj is freed. */
    json_object_set_userdata(obj, text, free_text);
    return text;
}
