/*
 * test_jsonin.c -- src/base/jsonin.c: strict parsing of untrusted JSON (syntax,
 * trailing garbage, nesting depth, UTF-8 and NUL) and the typed getters,
 * checking the machine code and the full field path of every refusal.
 * Pure functions over json-c: no database, no plugin.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testhost.h"
#include "jsonin.h"
#include "validate.h"

/* A refusal with the given code and field path, and CT_EINVALID. */
#define ASSERT_REFUSED(rc_, err_, code_, field_)            \
    do {                                                    \
        ck_assert_int_eq((rc_), CT_EINVALID);               \
        ck_assert_int_eq((err_).rc, CT_EINVALID);           \
        ck_assert_str_eq((err_).code, (code_));             \
        ck_assert_str_eq((err_).field, (field_));           \
    } while (0)

/* Parse text that must be accepted. */
static json_object *parse_ok(const char *text)
{
    json_object *root = NULL;
    ct_error err;
    ct_error_clear(&err);
    ct_rc rc = ct_json_parse(text, strlen(text), &root, &err);
    ck_assert_msg(rc == CT_OK, "refused (%s: %s): %s", err.code, err.message, text);
    ck_assert_ptr_nonnull(root);
    return root;
}

/* Parse text[0..len) that must be refused with code, naming field. */
static void parse_refused_at(const char *text, size_t len, const char *code, const char *field)
{
    json_object *root = (json_object *)&root;   /* must be reset to NULL */
    ct_error err;
    ct_error_clear(&err);
    ct_rc rc = ct_json_parse(text, len, &root, &err);
    ck_assert_msg(rc == CT_EINVALID, "rc %d for %.80s", (int)rc, text);
    ck_assert_ptr_null(root);
    ck_assert_int_eq(err.rc, CT_EINVALID);
    ck_assert_msg(strcmp(err.code, code) == 0, "code %s, expected %s, for %.80s",
                  err.code, code, text);
    ck_assert_msg(strcmp(err.field, field) == 0, "field \"%s\", expected \"%s\", for %.80s",
                  err.field, field, text);
    ck_assert_msg(err.message[0] != '\0', "no message for %.80s", text);
}

/* Refused with code and no field: syntax errors have no field to name. */
static void parse_refused(const char *text, size_t len, const char *code)
{
    parse_refused_at(text, len, code, "");
}

static void parse_refused_str(const char *text, const char *code)
{
    parse_refused(text, strlen(text), code);
}

/*
 * levels nested arrays or objects; the innermost one is empty or holds the
 * scalar 1. Objects nest as {"a":{"a":{}}}.
 */
static const char *nested(char *buf, size_t size, int levels, bool objects, bool scalar)
{
    size_t k = 0;
    ck_assert_int_gt(levels, 0);
    ck_assert_uint_lt((size_t)levels * 8 + 16, size);
    for (int i = 0; i < levels - 1; i++)
        k += (size_t)snprintf(buf + k, size - k, objects ? "{\"a\":" : "[");
    if (objects)
        k += (size_t)snprintf(buf + k, size - k, scalar ? "{\"b\":1}" : "{}");
    else
        k += (size_t)snprintf(buf + k, size - k, scalar ? "[1]" : "[]");
    for (int i = 0; i < levels - 1; i++)
        buf[k++] = objects ? '}' : ']';
    buf[k] = '\0';
    return buf;
}

/* ---- ct_json_parse ---------------------------------------------------- */

START_TEST(parse_accepts_an_object)
{
    json_object *root = parse_ok("{\"text\":\"Преступность снизилась\",\"n\":3,"
                                 "\"claimant\":{\"name\":\"Қасымбек\"},\"tags\":[]}");
    ck_assert(json_object_is_type(root, json_type_object));
    json_object *v = NULL;
    ck_assert(json_object_object_get_ex(root, "text", &v));
    ck_assert_str_eq(json_object_get_string(v), "Преступность снизилась");
    ck_assert(json_object_object_get_ex(root, "claimant", &v));
    ck_assert(json_object_object_get_ex(v, "name", &v));
    ck_assert_str_eq(json_object_get_string(v), "Қасымбек");
    json_object_put(root);

    /* An escaped surrogate pair is one real character. */
    root = parse_ok("{\"e\":\"\\ud83d\\ude00\"}");
    ck_assert(json_object_object_get_ex(root, "e", &v));
    ck_assert_str_eq(json_object_get_string(v), "\xF0\x9F\x98\x80");
    json_object_put(root);
}
END_TEST

START_TEST(parse_refuses_malformed_json)
{
    parse_refused_str("", "invalid_json");
    parse_refused_str("   ", "invalid_json");
    parse_refused_str("{", "invalid_json");
    parse_refused_str("{\"a\":1", "invalid_json");
    parse_refused_str("{\"a\":}", "invalid_json");
    parse_refused_str("{\"a\" 1}", "invalid_json");
    parse_refused_str("{\"a\":1,}", "invalid_json");
    parse_refused_str("[1,]", "invalid_json");
    parse_refused_str("{a:1}", "invalid_json");
    parse_refused_str("{\"a\":'x'}", "invalid_json");
    parse_refused_str("{\"a\":0x10}", "invalid_json");
    parse_refused_str("{\"a\":01}", "invalid_json");
    parse_refused_str("{/* c */\"a\":1}", "invalid_json");
    parse_refused_str("{\"a\":\"unterminated}", "invalid_json");
    parse_refused_str("not json", "invalid_json");
}
END_TEST

START_TEST(parse_refuses_trailing_garbage_but_not_whitespace)
{
    parse_refused_str("{} x", "invalid_json");
    parse_refused_str("{}x", "invalid_json");
    parse_refused_str("{}{}", "invalid_json");
    parse_refused_str("{}}", "invalid_json");
    parse_refused_str("{},", "invalid_json");
    parse_refused_str("{\"a\":1} \n // comment", "invalid_json");

    json_object *root = parse_ok("{} \t\r\n  \n");
    json_object_put(root);
    root = parse_ok("\n  {\"a\":1}\n");
    json_object_put(root);
}
END_TEST

/*
 * The limit, found empirically with json-c's tokener depth: counting the
 * root as level 1, every value -- scalars included -- must sit at level
 * CT_JSON_MAX_DEPTH or above it. So CT_JSON_MAX_DEPTH nested empty
 * containers pass, while a scalar inside that many containers is one level
 * too deep.
 */
START_TEST(parse_depth_limit)
{
    char buf[512];
    const int max = CT_JSON_MAX_DEPTH;
    json_object *root;

    for (int objects = 0; objects <= 1; objects++) {
        root = parse_ok(nested(buf, sizeof buf, max, objects, false));
        json_object_put(root);
        root = parse_ok(nested(buf, sizeof buf, max - 1, objects, true));
        json_object_put(root);

        parse_refused_str(nested(buf, sizeof buf, max, objects, true), "too_deep");
        parse_refused_str(nested(buf, sizeof buf, max + 1, objects, false), "too_deep");
        parse_refused_str(nested(buf, sizeof buf, max + 1, objects, true), "too_deep");
        parse_refused_str(nested(buf, sizeof buf, 50, objects, false), "too_deep");
    }

    /* The last accepted document really is that deep. */
    root = parse_ok(nested(buf, sizeof buf, max, false, false));
    json_object *node = root;
    int depth = 1;
    while (json_object_array_length(node) == 1) {
        node = json_object_array_get_idx(node, 0);
        depth++;
    }
    ck_assert_int_eq(depth, max);
    json_object_put(root);
}
END_TEST

START_TEST(parse_refuses_invalid_utf8_bytes)
{
    parse_refused_str("{\"a\":\"\xC0\xAF\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\xE0\x80\xAF\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\xED\xA0\x80\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\xF4\x90\x80\x80\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\xD0\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\x80\"}", "invalid_utf8");
    parse_refused_str("{\"\xFF\":1}", "invalid_utf8");
    parse_refused_str("{\"a\":\"ok\"}\xFF", "invalid_utf8");

    /* A raw NUL byte inside the length, in a value or a key. */
    static const char nul_value[] = "{\"a\":\"x\0y\"}";
    parse_refused(nul_value, sizeof nul_value - 1, "invalid_utf8");
    static const char nul_key[] = "{\"na\0me\":1}";
    parse_refused(nul_key, sizeof nul_key - 1, "invalid_utf8");
}
END_TEST

START_TEST(parse_refuses_escaped_nul)
{
    /* the value's path is named, so a user knows which field to fix */
    static const struct { const char *text, *field; } cases[] = {
        {"{\"a\":\"\\u0000\"}", "a"},
        {"{\"a\":\"Преступность\\u0000<script>\"}", "a"},
        {"{\"a\":[\"ok\",\"x\\u0000\"]}", "a.1"},
        {"{\"a\":{\"b\":{\"c\":\"\\u0000\"}}}", "a.b.c"},
        {"[\"\\u0000\"]", "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parse_refused_at(cases[i].text, strlen(cases[i].text), "invalid_utf8", cases[i].field);
}
END_TEST

/* RFC 8259 section 6 lets a parser limit numbers' range; strict json-c
   stops at integers that fit neither int64 nor uint64, and the message
   says so rather than blaming the document's end. */
START_TEST(integers_beyond_64_bits_are_refused)
{
    static const char *const texts[] = {
        "{\"n\":-9223372036854775809}",
        "{\"n\":18446744073709551616}",
        "{\"a\":[1,-99999999999999999999999]}",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_object *root = NULL;
        ct_error err;
        ct_error_clear(&err);
        ck_assert_int_eq(ct_json_parse(texts[i], strlen(texts[i]), &root, &err), CT_EINVALID);
        ck_assert_ptr_null(root);
        ck_assert_str_eq(err.code, "invalid_json");
        ck_assert_str_eq(err.field, "");
        ck_assert_msg(strstr(err.message, "outside the 64-bit range") != NULL,
                      "message \"%s\" for %s", err.message, texts[i]);
    }
    /* the largest of each still parse */
    json_object_put(parse_ok("{\"n\":-9223372036854775808,\"m\":18446744073709551615}"));
}
END_TEST

START_TEST(parse_refuses_what_json_c_lets_through)
{
    /* a NUL escape in a key would be cut short by json-c: "role\u0000x" -> "role" */
    parse_refused_str("{\"role\\u0000x\":\"admin\"}", "invalid_utf8");
    /* lone surrogates would become U+FFFD */
    parse_refused_str("{\"a\":\"\\ud800\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"x\\udc00y\"}", "invalid_utf8");
    parse_refused_str("{\"a\":\"\\ud800\\u0041\"}", "invalid_utf8");
    /* RFC 8259 has no NaN, Infinity, single quotes or raw control characters */
    parse_refused_str("{\"a\":NaN}", "invalid_json");
    parse_refused_str("{\"a\":-Infinity}", "invalid_json");
    parse_refused_str("{'a':1}", "invalid_json");
    parse_refused_str("{\"a\":\"tab\there\"}", "invalid_json");
    parse_refused_str("{\"a\":\"line\nbreak\"}", "invalid_json");
    parse_refused_str("{\"a\":nul}", "invalid_json");
    /* and what stays valid */
    json_object_put(parse_ok("{\"a\":\"\\ud83d\\ude00 \\\\u0000 \\\"\",\"b\":[true,false,null,1e5,-2.5E-3]}"));
    json_object_put(parse_ok("17"));
    json_object_put(parse_ok("true"));
}
END_TEST

/* A name twice in one object: json-c keeps the last, and a host that read
   the first would authorise one actor while the plugin acts for another. */
START_TEST(parse_refuses_a_member_name_twice)
{
    static const struct { const char *text, *field; } cases[] = {
        {"{\"actor\":{\"id\":\"r\",\"role\":\"reader\"},\"actor\":{\"id\":\"a\",\"role\":\"admin\"}}", ""},
        {"{\"actor\":{\"id\":\"x\",\"role\":\"reader\",\"role\":\"admin\"}}", "actor"},
        {"{\"a\":1,\"\\u0061\":2}", ""},                     /* the same name, escaped */
        {"{\"body\":{\"items\":[{\"u\":1},{\"u\":1,\"u\":2}]}}", "body.items.1"},
        {"[{},{\"k\":[{\"z\":0,\"z\":0}]}]", "1.k.0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parse_refused_at(cases[i].text, strlen(cases[i].text), "invalid_json", cases[i].field);
    /* names that only look alike, and braces and quotes inside strings, are fine */
    json_object_put(parse_ok("{\"a\":1,\"A\":2,\"a \":3,\"s\":\"{\\\"a\\\":1,\\\"a\\\":2}\",\"t\":\"],}{[\"}"));
    json_object_put(parse_ok("{\"x\":{\"a\":1},\"y\":{\"a\":1},\"z\":[{\"a\":1},{\"a\":2}]}"));
}
END_TEST

/* ---- ct_json_only_keys / ct_json_path ---------------------------------- */

START_TEST(only_keys_names_the_unknown_field_with_its_path)
{
    static const char *const claimant_keys[] = {"name", "role", NULL};
    json_object *root = parse_ok("{\"claimant\":{\"name\":\"Қасымбек\",\"nmae\":\"x\"}}");
    json_object *claimant = json_object_object_get(root, "claimant");
    ct_error err;

    ct_error_clear(&err);
    ct_rc rc = ct_json_only_keys(claimant, claimant_keys, "claimant", &err);
    ASSERT_REFUSED(rc, err, "unknown_field", "claimant.nmae");
    ck_assert_ptr_nonnull(strstr(err.message, "nmae"));

    /* At the root the path is the key alone. */
    static const char *const root_keys[] = {"text", NULL};
    ct_error_clear(&err);
    rc = ct_json_only_keys(root, root_keys, "", &err);
    ASSERT_REFUSED(rc, err, "unknown_field", "claimant");
    json_object_put(root);
}
END_TEST

START_TEST(only_keys_accepts_known_keys_and_is_case_sensitive)
{
    static const char *const keys[] = {"name", "role", NULL};
    ct_error err;

    json_object *root = parse_ok("{\"name\":\"a\",\"role\":\"b\"}");
    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_only_keys(root, keys, "claimant", &err), CT_OK);
    json_object_put(root);

    root = parse_ok("{}");
    ck_assert_int_eq(ct_json_only_keys(root, keys, "", &err), CT_OK);
    json_object_put(root);

    root = parse_ok("{\"name\":\"a\",\"Role\":\"b\"}");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_only_keys(root, keys, "claimant", &err), err,
                   "unknown_field", "claimant.Role");
    json_object_put(root);

    /* Nothing allowed: every key is unknown. */
    static const char *const none[] = {NULL};
    root = parse_ok("{\"page\":1}");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_only_keys(root, none, "query", &err), err,
                   "unknown_field", "query.page");
    json_object_put(root);
}
END_TEST

START_TEST(path_joins_prefix_and_key)
{
    char buf[96];
    ck_assert_str_eq(ct_json_path(buf, sizeof buf, "claimant", "name"), "claimant.name");
    ck_assert_str_eq(ct_json_path(buf, sizeof buf, "", "name"), "name");
    ck_assert_str_eq(ct_json_path(buf, sizeof buf, NULL, "name"), "name");
    ck_assert_str_eq(ct_json_path(buf, sizeof buf, "a.b", "c"), "a.b.c");
    char small[6];
    ck_assert_str_eq(ct_json_path(small, sizeof small, "claimant", "name"), "claim");
}
END_TEST

/* ---- ct_json_text ----------------------------------------------------- */

START_TEST(text_reads_a_string)
{
    json_object *root = parse_ok("{\"name\":\"Қасымбек\",\"venue\":\"\"}");
    const char *out = NULL;
    ct_error err;
    ct_error_clear(&err);

    ck_assert_int_eq(ct_json_text(root, "claimant", "name", true, 1, 200, &out, &err), CT_OK);
    ck_assert_str_eq(out, "Қасымбек");

    /* min_chars 0 allows "" and gives "" rather than NULL. */
    out = NULL;
    ck_assert_int_eq(ct_json_text(root, "", "venue", false, 0, 200, &out, &err), CT_OK);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "");
    json_object_put(root);
}
END_TEST

START_TEST(text_missing_or_null)
{
    json_object *root = parse_ok("{\"name\":null}");
    const char *out = "sentinel";
    ct_error err;

    /* Absent and required: missing_field with the path. */
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "claimant", "role", true, 1, 10, &out, &err), err,
                   "missing_field", "claimant.role");
    ck_assert_ptr_null(out);

    /* null counts as missing. */
    out = "sentinel";
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "claimant", "name", true, 1, 10, &out, &err), err,
                   "missing_field", "claimant.name");
    ck_assert_ptr_null(out);

    /* Optional: fine, and *out is NULL. */
    out = "sentinel";
    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_text(root, "claimant", "name", false, 1, 10, &out, &err), CT_OK);
    ck_assert_ptr_null(out);
    out = "sentinel";
    ck_assert_int_eq(ct_json_text(root, "", "role", false, 1, 10, &out, &err), CT_OK);
    ck_assert_ptr_null(out);

    /* A missing parent object behaves as a missing key. */
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(NULL, "claimant", "name", true, 1, 10, &out, &err), err,
                   "missing_field", "claimant.name");
    json_object_put(root);
}
END_TEST

START_TEST(text_wrong_type)
{
    json_object *root = parse_ok("{\"n\":5,\"b\":true,\"a\":[\"x\"],\"o\":{\"x\":\"y\"},"
                                 "\"d\":1.5}");
    static const char *const keys[] = {"n", "b", "a", "o", "d"};
    const char *out = "sentinel";
    ct_error err;
    char field[32];

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ct_error_clear(&err);
        snprintf(field, sizeof field, "claim.%s", keys[i]);
        ASSERT_REFUSED(ct_json_text(root, "claim", keys[i], true, 0, 100, &out, &err), err,
                       "wrong_type", field);
        ck_assert_ptr_null(out);
    }
    json_object_put(root);
}
END_TEST

START_TEST(text_length_counts_code_points)
{
    /* 10 Cyrillic letters are 20 bytes and fit max 10. */
    json_object *root = parse_ok("{\"ten\":\"Преступнос\",\"eleven\":\"Преступност\","
                                 "\"ascii11\":\"abcdefghijk\",\"emoji\":"
                                 "\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"}");
    const char *out = NULL;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_text(root, "", "ten", true, 1, 10, &out, &err), CT_OK);
    ck_assert_str_eq(out, "Преступнос");
    ck_assert_uint_eq(strlen(out), 20);

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "claimant", "eleven", true, 1, 10, &out, &err), err,
                   "too_long", "claimant.eleven");
    ck_assert_ptr_null(out);

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "", "ascii11", true, 1, 10, &out, &err), err,
                   "too_long", "ascii11");

    /* Three 4-byte emoji: 12 bytes, 3 characters. */
    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_text(root, "", "emoji", true, 1, 3, &out, &err), CT_OK);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "", "emoji", true, 1, 2, &out, &err), err,
                   "too_long", "emoji");
    json_object_put(root);
}
END_TEST

START_TEST(text_empty_and_minimum)
{
    json_object *root = parse_ok("{\"e\":\"\",\"one\":\"Қ\"}");
    const char *out = "sentinel";
    ct_error err;

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "claimant", "e", true, 1, 10, &out, &err), err,
                   "empty", "claimant.e");
    ck_assert_ptr_null(out);
    /* Even when optional: given but empty is not absent. */
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "", "e", false, 1, 10, &out, &err), err,
                   "empty", "e");

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_text(root, "", "one", true, 1, 10, &out, &err), CT_OK);
    ck_assert_str_eq(out, "Қ");
    /* min_chars counts code points too: one 2-byte letter is below 2. */
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "", "one", true, 2, 35, &out, &err), err,
                   "too_short", "one");
    json_object_put(root);
}
END_TEST

START_TEST(text_refuses_nul_in_a_built_object)
{
    /* Objects built in code (not parsed) are checked by the getter too. */
    json_object *root = json_object_new_object();
    json_object_object_add(root, "name", json_object_new_string_len("ab\0cd", 5));
    json_object_object_add(root, "bad", json_object_new_string_len("\xC0\xAF", 2));
    const char *out = "sentinel";
    ct_error err;

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "claimant", "name", true, 1, 100, &out, &err), err,
                   "invalid_utf8", "claimant.name");
    ck_assert_ptr_null(out);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_text(root, "", "bad", true, 1, 100, &out, &err), err,
                   "invalid_utf8", "bad");
    json_object_put(root);
}
END_TEST

/* ---- ct_json_datetime / ct_json_url / ct_json_enum --------------------- */

START_TEST(datetime_getter)
{
    json_object *root = parse_ok("{\"said_at\":\"2025-12-22T10:30:00+05:00\","
                                 "\"day\":\"2024-02-29\",\"bad\":\"2025-02-29\","
                                 "\"words\":\"yesterday\",\"num\":20251222,"
                                 "\"nothing\":null}");
    const char *out = NULL;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_datetime(root, "", "said_at", true, &out, &err), CT_OK);
    ck_assert_str_eq(out, "2025-12-22T10:30:00+05:00");
    ck_assert_int_eq(ct_json_datetime(root, "", "day", true, &out, &err), CT_OK);
    ck_assert_str_eq(out, "2024-02-29");

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_datetime(root, "", "bad", true, &out, &err), err,
                   "invalid_date", "bad");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_datetime(root, "claim", "words", true, &out, &err), err,
                   "invalid_date", "claim.words");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_datetime(root, "", "num", true, &out, &err), err,
                   "wrong_type", "num");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_datetime(root, "", "nothing", true, &out, &err), err,
                   "missing_field", "nothing");

    out = "sentinel";
    ck_assert_int_eq(ct_json_datetime(root, "", "nothing", false, &out, &err), CT_OK);
    ck_assert_ptr_null(out);
    json_object_put(root);
}
END_TEST

START_TEST(url_getter)
{
    json_object *root = parse_ok("{\"url\":\"https://example.kz/news?id=1\","
                                 "\"js\":\"javascript:alert(1)\",\"ftp\":\"ftp://x.org/f\","
                                 "\"bare\":\"http://\",\"list\":[\"https://a.b\"],"
                                 "\"empty\":\"\"}");
    const char *out = NULL;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_url(root, "source", "url", true, &out, &err), CT_OK);
    ck_assert_str_eq(out, "https://example.kz/news?id=1");

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "source", "js", true, &out, &err), err,
                   "invalid_url", "source.js");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "", "ftp", false, &out, &err), err,
                   "invalid_url", "ftp");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "", "bare", true, &out, &err), err,
                   "invalid_url", "bare");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "", "list", true, &out, &err), err,
                   "wrong_type", "list");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "", "empty", false, &out, &err), err,
                   "empty", "empty");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_url(root, "source", "href", true, &out, &err), err,
                   "missing_field", "source.href");
    out = "sentinel";
    ck_assert_int_eq(ct_json_url(root, "source", "href", false, &out, &err), CT_OK);
    ck_assert_ptr_null(out);
    json_object_put(root);
}
END_TEST

START_TEST(enum_getter)
{
    static const char *const kinds[] = {"rebuttal", "correction", "retraction", NULL};
    json_object *root = parse_ok("{\"kind\":\"correction\",\"upper\":\"Correction\","
                                 "\"other\":\"apology\",\"space\":\"correction \","
                                 "\"num\":1}");
    const char *out = NULL;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_enum(root, "", "kind", true, kinds, &out, &err), CT_OK);
    ck_assert_str_eq(out, "correction");

    out = "sentinel";
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_enum(root, "response", "upper", true, kinds, &out, &err), err,
                   "invalid_value", "response.upper");
    ck_assert_ptr_null(out);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_enum(root, "", "other", false, kinds, &out, &err), err,
                   "invalid_value", "other");
    ck_assert_ptr_null(out);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_enum(root, "", "space", true, kinds, &out, &err), err,
                   "invalid_value", "space");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_enum(root, "", "num", true, kinds, &out, &err), err,
                   "wrong_type", "num");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_enum(root, "", "status", true, kinds, &out, &err), err,
                   "missing_field", "status");
    json_object_put(root);
}
END_TEST

/* ---- ct_json_int ------------------------------------------------------ */

START_TEST(int_getter_reads_within_range)
{
    json_object *root = parse_ok("{\"n\":5,\"lo\":1,\"hi\":60000,\"neg\":-3}");
    int64_t out = -1;
    bool present = false;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_int(root, "", "n", true, 1, 60000, &out, &present, &err), CT_OK);
    ck_assert_int_eq(out, 5);
    ck_assert(present);
    ck_assert_int_eq(ct_json_int(root, "", "lo", true, 1, 60000, &out, &present, &err), CT_OK);
    ck_assert_int_eq(out, 1);
    ck_assert_int_eq(ct_json_int(root, "", "hi", true, 1, 60000, &out, &present, &err), CT_OK);
    ck_assert_int_eq(out, 60000);
    ck_assert_int_eq(ct_json_int(root, "", "neg", true, -10, 0, &out, NULL, &err), CT_OK);
    ck_assert_int_eq(out, -3);

    /* Absent and optional: fine, not present, *out untouched. */
    out = 42;
    present = true;
    ck_assert_int_eq(ct_json_int(root, "", "limit", false, 1, 10, &out, &present, &err), CT_OK);
    ck_assert(!present);
    ck_assert_int_eq(out, 42);
    json_object_put(root);
}
END_TEST

START_TEST(int_getter_range)
{
    json_object *root = parse_ok("{\"zero\":0,\"big\":60001,\"neg\":-1,"
                                 "\"huge\":9223372036854775808,"
                                 "\"tiny\":-9223372036854775808}");
    int64_t out = 42;
    bool present = true;
    ct_error err;

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "zero", true, 1, 60000, &out, &present, &err), err,
                   "out_of_range", "zero");
    ck_assert(!present);
    ck_assert_int_eq(out, 42);
    ck_assert_ptr_nonnull(strstr(err.message, "60000"));
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "big", true, 1, 60000, &out, &present, &err), err,
                   "out_of_range", "big");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "q", "neg", false, 0, 10, &out, &present, &err), err,
                   "out_of_range", "q.neg");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "huge", true, 1, INT32_MAX, &out, &present, &err),
                   err, "out_of_range", "huge");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "tiny", true, INT32_MIN, INT32_MAX, &out, &present,
                               &err), err, "out_of_range", "tiny");
    ck_assert_int_eq(out, 42);
    json_object_put(root);
}
END_TEST

START_TEST(int_getter_wrong_type_and_missing)
{
    json_object *root = parse_ok("{\"d\":1.5,\"whole\":1.0,\"s\":\"1\",\"b\":true,"
                                 "\"a\":[1],\"nul\":null}");
    int64_t out = 42;
    bool present = true;
    ct_error err;

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "d", true, 0, 10, &out, &present, &err), err,
                   "wrong_type", "d");
    ck_assert(!present);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "whole", true, 0, 10, &out, &present, &err), err,
                   "wrong_type", "whole");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "query", "s", true, 0, 10, &out, &present, &err), err,
                   "wrong_type", "query.s");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "b", true, 0, 10, &out, &present, &err), err,
                   "wrong_type", "b");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "a", true, 0, 10, &out, &present, &err), err,
                   "wrong_type", "a");
    ck_assert_int_eq(out, 42);

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "expected_version", true, 1, 10, &out, &present,
                               &err), err, "missing_field", "expected_version");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_int(root, "", "nul", true, 1, 10, &out, &present, &err), err,
                   "missing_field", "nul");
    present = true;
    ck_assert_int_eq(ct_json_int(root, "", "nul", false, 1, 10, &out, &present, &err), CT_OK);
    ck_assert(!present);
    json_object_put(root);
}
END_TEST

/* ---- ct_json_bool / ct_json_object ------------------------------------ */

START_TEST(bool_getter)
{
    json_object *root = parse_ok("{\"yes\":true,\"no\":false,\"one\":1,\"s\":\"true\","
                                 "\"nul\":null}");
    bool out = false;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_bool(root, "", "yes", true, &out, &err), CT_OK);
    ck_assert(out);
    ck_assert_int_eq(ct_json_bool(root, "", "no", true, &out, &err), CT_OK);
    ck_assert(!out);

    /* Absent and optional leaves *out alone, whichever value it had. */
    out = true;
    ck_assert_int_eq(ct_json_bool(root, "", "publish", false, &out, &err), CT_OK);
    ck_assert(out);
    out = false;
    ck_assert_int_eq(ct_json_bool(root, "", "nul", false, &out, &err), CT_OK);
    ck_assert(!out);

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_bool(root, "", "publish", true, &out, &err), err,
                   "missing_field", "publish");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_bool(root, "", "nul", true, &out, &err), err,
                   "missing_field", "nul");
    ct_error_clear(&err);
    out = false;
    ASSERT_REFUSED(ct_json_bool(root, "review", "one", true, &out, &err), err,
                   "wrong_type", "review.one");
    ck_assert(!out);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_bool(root, "", "s", false, &out, &err), err,
                   "wrong_type", "s");
    ck_assert(!out);
    json_object_put(root);
}
END_TEST

START_TEST(object_getter)
{
    json_object *root = parse_ok("{\"claimant\":{\"name\":\"Қасымбек\"},\"arr\":[{}],"
                                 "\"s\":\"{}\",\"nul\":null}");
    json_object *out = NULL;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_json_object(root, "", "claimant", true, &out, &err), CT_OK);
    ck_assert_ptr_eq(out, json_object_object_get(root, "claimant"));
    const char *name = NULL;
    ck_assert_int_eq(ct_json_text(out, "claimant", "name", true, 1, 100, &name, &err), CT_OK);
    ck_assert_str_eq(name, "Қасымбек");

    out = root;
    ck_assert_int_eq(ct_json_object(root, "", "quote", false, &out, &err), CT_OK);
    ck_assert_ptr_null(out);
    out = root;
    ck_assert_int_eq(ct_json_object(root, "", "nul", false, &out, &err), CT_OK);
    ck_assert_ptr_null(out);

    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_object(root, "", "quote", true, &out, &err), err,
                   "missing_field", "quote");
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_object(root, "", "nul", true, &out, &err), err,
                   "missing_field", "nul");
    out = root;
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_object(root, "body", "arr", true, &out, &err), err,
                   "wrong_type", "body.arr");
    ck_assert_ptr_null(out);
    ct_error_clear(&err);
    ASSERT_REFUSED(ct_json_object(root, "", "s", false, &out, &err), err,
                   "wrong_type", "s");
    json_object_put(root);
}
END_TEST

static Suite *jsonin_suite(void)
{
    Suite *s = suite_create("jsonin");

    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, parse_accepts_an_object);
    tcase_add_test(tc, parse_refuses_malformed_json);
    tcase_add_test(tc, parse_refuses_trailing_garbage_but_not_whitespace);
    tcase_add_test(tc, parse_depth_limit);
    tcase_add_test(tc, parse_refuses_invalid_utf8_bytes);
    tcase_add_test(tc, parse_refuses_escaped_nul);
    tcase_add_test(tc, parse_refuses_what_json_c_lets_through);
    tcase_add_test(tc, integers_beyond_64_bits_are_refused);
    tcase_add_test(tc, parse_refuses_a_member_name_twice);
    suite_add_tcase(s, tc);

    tc = tcase_create("keys");
    tcase_add_test(tc, only_keys_names_the_unknown_field_with_its_path);
    tcase_add_test(tc, only_keys_accepts_known_keys_and_is_case_sensitive);
    tcase_add_test(tc, path_joins_prefix_and_key);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_test(tc, text_reads_a_string);
    tcase_add_test(tc, text_missing_or_null);
    tcase_add_test(tc, text_wrong_type);
    tcase_add_test(tc, text_length_counts_code_points);
    tcase_add_test(tc, text_empty_and_minimum);
    tcase_add_test(tc, text_refuses_nul_in_a_built_object);
    suite_add_tcase(s, tc);

    tc = tcase_create("typed");
    tcase_add_test(tc, datetime_getter);
    tcase_add_test(tc, url_getter);
    tcase_add_test(tc, enum_getter);
    tcase_add_test(tc, int_getter_reads_within_range);
    tcase_add_test(tc, int_getter_range);
    tcase_add_test(tc, int_getter_wrong_type_and_missing);
    tcase_add_test(tc, bool_getter);
    tcase_add_test(tc, object_getter);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return th_run_suite(jsonin_suite());
}
