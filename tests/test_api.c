/*
 * test_api.c -- src/door/api.c and src/door/routes.c through the plugin: the request
 * door. Size limit, strict JSON (malformed, too deep, invalid UTF-8, NUL),
 * the envelope (method, path, query, actor, body), routing (unknown route
 * 404, wrong method 405, claim ids that are not positive integers 404),
 * the roles of DESIGN.md (reader, editor, moderator, admin), each route's
 * input checks (unknown fields, wrong types, missing fields, lengths,
 * dates, URLs, languages, enums), and that every error has exactly the
 * shape {"error":{"code","message","field"?}} and writes nothing.
 *
 * Table-driven tests collect every failing case before failing, so one
 * bug does not hide the next.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testhost.h"

/* ---- fixtures of text ----------------------------------------------------- */

#define CLAIMANT "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат\"}"

static const char valid_claim[] =
    "{\"text\":\"Сары-Арка самый криминальный район, преступность как в Каракасе\","
    CLAIMANT ",\"said_at\":\"2025-12-01\",\"venue\":\"маслихат\",\"language\":\"ru\","
    "\"source_url\":\"https://example.org/a\","
    "\"article\":{\"id\":\"a-1\",\"url\":\"https://example.org/a\","
    "\"quote\":{\"exact\":\"как в Каракасе\",\"prefix\":\"преступность \",\"suffix\":\".\"}}}";

static const char valid_response[] =
    "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции Астаны\"},"
    "\"issued_at\":\"2025-12-01\",\"summary\":\"Преступления против личности снизились на 10-30 %\","
    "\"url\":\"https://police.example.kz/news/1\"}";

static const char valid_mention[] =
    "{\"article_id\":\"a-2\",\"url\":\"https://example.org/b\","
    "\"quote\":{\"exact\":\"как в Каракасе\",\"prefix\":\"\",\"suffix\":\"\"}}";

static const char valid_review[] =
    "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}";

/* A claim id that is well formed but does not exist. */
#define NO_SUCH_CLAIM "999999999999"

/* ---- collecting failures ------------------------------------------------------ */

typedef struct fails {
    int  n;
    char text[3500];
} fails;

static void note(fails *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(fails *f, const char *fmt, ...)
{
    size_t used = strlen(f->text);
    va_list ap;

    f->n++;
    if (used + 8 >= sizeof f->text)
        return;
    if (used > 0) {
        snprintf(f->text + used, sizeof f->text - used, "\n  ");
        used = strlen(f->text);
    }
    va_start(ap, fmt);
    vsnprintf(f->text + used, sizeof f->text - used, fmt, ap);
    va_end(ap);
}

static void finish(const fails *f)
{
    ck_assert_msg(f->n == 0, "%d case(s) failed:\n  %s", f->n, f->text);
}

/* ---- checking responses ----------------------------------------------------------- */

/*
 * r must be an error envelope with the given status and code, and a body of
 * exactly {"error":{"code","message","field"?}} with a non-empty message.
 * code: NULL = not checked beyond its type.
 * field: NULL = not checked beyond its type, "" = must be absent, else equal.
 */
static void check_error(fails *f, const char *ctx, const th_resp *r, int status,
                        const char *code, const char *field)
{
    json_object *ct = NULL, *error = NULL, *v = NULL;
    int keys = 2;

    if (r->status != status)
        note(f, "%s: status %d, expected %d (code \"%s\", field \"%s\")", ctx, r->status,
             status, th_error_code(r), th_error_field(r));
    if (json_object_object_length(r->envelope) != 3 ||
        !json_object_object_get_ex(r->envelope, "content_type", &ct) ||
        strcmp(json_object_get_string(ct), "application/json") != 0)
        note(f, "%s: envelope is not {status, content_type:application/json, body}", ctx);
    if (!json_object_is_type(r->body, json_type_object) ||
        json_object_object_length(r->body) != 1 ||
        !json_object_object_get_ex(r->body, "error", &error) ||
        !json_object_is_type(error, json_type_object)) {
        note(f, "%s: body is not {\"error\":{...}}: %s", ctx,
             r->body ? json_object_to_json_string(r->body) : "(none)");
        return;
    }
    if (!json_object_object_get_ex(error, "code", &v) || !json_object_is_type(v, json_type_string))
        note(f, "%s: error.code is missing or not a string", ctx);
    else if (code && strcmp(json_object_get_string(v), code) != 0)
        note(f, "%s: code \"%s\", expected \"%s\" (field \"%s\")", ctx,
             json_object_get_string(v), code, th_error_field(r));
    if (!json_object_object_get_ex(error, "message", &v) ||
        !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0)
        note(f, "%s: error.message is missing, not a string or empty", ctx);
    if (json_object_object_get_ex(error, "field", &v)) {
        keys = 3;
        if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0)
            note(f, "%s: error.field is present but not a non-empty string", ctx);
        else if (field && strcmp(json_object_get_string(v), field) != 0)
            note(f, "%s: field \"%s\", expected \"%s\"", ctx, json_object_get_string(v),
                 field[0] ? field : "(absent)");
    } else if (field && field[0]) {
        note(f, "%s: field absent, expected \"%s\"", ctx, field);
    }
    if (json_object_object_length(error) != keys)
        note(f, "%s: error has keys other than code, message, field: %s", ctx,
             json_object_to_json_string(error));
}

/* Send an envelope built by th_call; expect an error and no rows written. */
static void expect_fail(fails *f, const char *method, const char *path, const char *role,
                        const char *query, const char *body, int status, const char *code,
                        const char *field)
{
    char ctx[400];
    long long before = th_rows_total(), after;

    snprintf(ctx, sizeof ctx, "%s %s as %s%s%.60s%s%.160s", method, path,
             role ? role : "(no actor)", query ? " query " : "", query ? query : "",
             body ? " body " : "", body ? body : "");
    th_resp r = th_call(method, path, role, query, body);
    check_error(f, ctx, &r, status, code, field);
    th_free(&r);
    after = th_rows_total();
    if (after != before)
        note(f, "%s: wrote %lld rows", ctx, after - before);
}

/* Send request text as is; expect an error and no rows written. */
static void expect_raw_fail(fails *f, const char *label, const char *request, int status,
                            const char *code, const char *field)
{
    char ctx[300];
    long long before = th_rows_total(), after;

    snprintf(ctx, sizeof ctx, "%s [%.120s]", label, request);
    th_resp r = th_raw(request);
    check_error(f, ctx, &r, status, code, field);
    th_free(&r);
    after = th_rows_total();
    if (after != before)
        note(f, "%s: wrote %lld rows", ctx, after - before);
}

/* ---- building bodies ------------------------------------------------------------------- */

/*
 * base (JSON text) with the member at the dotted path set to value_json, or
 * removed when value_json is NULL. Missing objects on the way are created.
 * Returns malloc'd text.
 */
static char *edit(const char *base, const char *path, const char *value_json)
{
    char buf[128];
    json_object *root = json_tokener_parse(base), *node;
    char *save = NULL, *part, *next, *out;

    ck_assert_msg(root != NULL, "test base body is not JSON: %s", base);
    snprintf(buf, sizeof buf, "%s", path);
    node = root;
    part = strtok_r(buf, ".", &save);
    while ((next = strtok_r(NULL, ".", &save)) != NULL) {
        json_object *child = NULL;
        if (!json_object_object_get_ex(node, part, &child) ||
            !json_object_is_type(child, json_type_object)) {
            child = json_object_new_object();
            json_object_object_add(node, part, child);
        }
        node = child;
        part = next;
    }
    if (value_json) {
        json_object *value = json_tokener_parse(value_json);
        ck_assert_msg(value != NULL || strcmp(value_json, "null") == 0,
                      "test value is not JSON: %s", value_json);
        json_object_object_add(node, part, value);
    } else {
        json_object_object_del(node, part);
    }
    out = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* expect_fail on base edited at path. */
static void expect_edit_fail(fails *f, const char *method, const char *path, const char *role,
                             const char *base, const char *member, const char *value_json,
                             int status, const char *code, const char *field)
{
    char *body = edit(base, member, value_json);
    expect_fail(f, method, path, role, NULL, body, status, code, field);
    free(body);
}

/* n copies of the UTF-8 character ch as a JSON string literal (malloc'd). */
static char *repeated(const char *ch, size_t n)
{
    size_t w = strlen(ch);
    char *s = malloc(n * w + 3);

    ck_assert_ptr_nonnull(s);
    s[0] = '"';
    for (size_t i = 0; i < n; i++)
        memcpy(s + 1 + i * w, ch, w);
    s[1 + n * w] = '"';
    s[2 + n * w] = '\0';
    return s;
}

/* A request envelope as text: POST path as an editor with body. Static. */
static const char *editor_post(const char *path, const char *body)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "{\"method\":\"POST\",\"path\":\"%s\",\"actor\":{\"id\":\"u-17\",\"role\":\"editor\"},"
             "\"body\":%s}", path, body);
    return buf;
}

static void claim_path(char *buf, size_t size, const char *id, const char *tail)
{
    snprintf(buf, size, "/claims/%s%s", id, tail);
}

/* ---- the door: size, JSON, UTF-8 -------------------------------------------------------- */

START_TEST(malformed_json_is_refused)
{
    static const char *const cases[] = {
        "",
        "   ",
        "{",
        "{\"method\":\"GET\"",
        "{\"method\":\"GET\",\"path\":\"/health\",}",
        "{'method':'GET','path':'/health'}",
        "{\"method\":\"GET\",\"path\":\"/health\"} x",
        "{\"method\":\"GET\",\"path\":\"/health\"}{}",
        "{method:\"GET\",\"path\":\"/health\"}",
        "{\"method\":\"GET\",\"path\":\"/health\" /* c */}",
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_raw_fail(&f, "malformed", cases[i], 400, "invalid_json", "");

    /* A write whose envelope is cut short writes nothing. */
    char req[8192];
    snprintf(req, sizeof req, "%s", editor_post("/claims", valid_claim));
    req[strlen(req) - 1] = '\0';
    expect_raw_fail(&f, "claim without closing brace", req, 400, "invalid_json", "");
    /* Sanity: the same request, complete, is accepted. */
    long long before = th_rows_total();
    th_resp r = th_raw(editor_post("/claims", valid_claim));
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    ck_assert_int_gt(th_rows_total(), before);
    finish(&f);
}
END_TEST

START_TEST(nan_and_infinity_are_not_json)
{
    /* RFC 8259 has no NaN or Infinity; the door promises a strict parse. */
    static const char *const cases[] = {
        "{\"method\":\"GET\",\"path\":\"/health\",\"query\":{\"limit\":NaN}}",
        "{\"method\":\"GET\",\"path\":\"/health\",\"query\":{\"limit\":Infinity}}",
        "{\"method\":\"POST\",\"path\":\"/claims/1/review\",\"actor\":{\"id\":\"m\","
        "\"role\":\"moderator\"},\"body\":{\"expected_version\":-Infinity,\"status\":\"rebutted\"}}",
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_raw_fail(&f, "non-JSON number literal", cases[i], 400, "invalid_json", "");
    finish(&f);
}
END_TEST

START_TEST(a_member_name_twice_is_refused)
{
    /* A host that reads the first "actor" or "role" (many parsers do) would
       authorise one actor while the plugin, keeping the last, acted for
       another: a name twice anywhere in the request is not JSON we accept. */
    static const struct { const char *text, *field; } cases[] = {
        {"{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"r\",\"role\":\"reader\"},"
         "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},"
         "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}", ""},
        {"{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e\",\"role\":\"reader\",\"role\":\"editor\"},"
         "\"body\":{\"text\":\"x\",\"claimant\":{\"name\":\"y\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}", "actor"},
        {"{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e\",\"role\":\"editor\"},"
         "\"body\":{\"text\":\"x\",\"claimant\":{\"name\":\"y\",\"name\":\"z\"},\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}",
         "claimant"},                         /* body fields are named as they are */
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_raw_fail(&f, "a member name twice", cases[i].text, 400, "invalid_json", cases[i].field);
    finish(&f);
}
END_TEST

START_TEST(a_request_that_is_not_an_object_is_refused)
{
    fails f = {0, ""};
    expect_raw_fail(&f, "array", "[1]", 400, "invalid_envelope", "");
    expect_raw_fail(&f, "string", "\"GET /health\"", 400, "invalid_envelope", "");
    expect_raw_fail(&f, "object in an array", "[{\"method\":\"GET\",\"path\":\"/health\"}]",
                    400, "invalid_envelope", "");
    /* Complete JSON documents that are bare scalars: refused with a 400 (json-c
       reports them as unfinished, so the code is not pinned down here). */
    expect_raw_fail(&f, "null", "null", 400, NULL, "");
    expect_raw_fail(&f, "number", "17", 400, NULL, "");
    expect_raw_fail(&f, "true", "true", 400, NULL, "");
    finish(&f);
}
END_TEST

START_TEST(json_nested_too_deep_is_refused)
{
    char deep[512], req[1024];
    size_t n = 0;

    for (int i = 0; i < 40; i++)
        deep[n++] = '[';
    for (int i = 0; i < 40; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    fails f = {0, ""};
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\",\"role\":\"editor\"},"
             "\"body\":{\"text\":%s," CLAIMANT ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}",
             deep);
    expect_raw_fail(&f, "40 nested arrays in body", req, 400, "too_deep", "");
    snprintf(req, sizeof req,
             "{\"method\":\"GET\",\"path\":\"/claims\",\"query\":{\"q\":%s}}", deep);
    expect_raw_fail(&f, "40 nested arrays in query", req, 400, "too_deep", "");
    finish(&f);
}
END_TEST

START_TEST(invalid_utf8_bytes_are_refused)
{
    static const struct { const char *label, *bytes; } cases[] = {
        {"0xFF", "\xff"},
        {"lone continuation byte", "\x80"},
        {"overlong slash", "\xc0\xaf"},
        {"truncated sequence", "\xd0"},
        {"UTF-16 surrogate encoded", "\xed\xa0\x80"},
        {"beyond U+10FFFF", "\xf4\x90\x80\x80"},
    };
    char body[1024];
    fails f = {0, ""};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"text\":\"Каракас %s конец\"," CLAIMANT ",\"said_at\":\"2025-12-01\","
                 "\"language\":\"ru\"}", cases[i].bytes);
        expect_raw_fail(&f, cases[i].label, editor_post("/claims", body), 400, "invalid_utf8",
                        NULL);
    }
    /* in a key */
    snprintf(body, sizeof body,
             "{\"te\xffxt\":\"Каракас\"," CLAIMANT ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    expect_raw_fail(&f, "bad byte in a key", editor_post("/claims", body), 400, "invalid_utf8",
                    NULL);
    /* in the path */
    expect_raw_fail(&f, "bad byte in the path",
                    "{\"method\":\"GET\",\"path\":\"/claims/\xff\"}", 400, "invalid_utf8", NULL);
    finish(&f);
}
END_TEST

START_TEST(nul_in_claim_text_is_invalid_utf8_on_the_field)
{
    fails f = {0, ""};
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "text",
                     "\"Каракас\\u0000 конец\"", 400, "invalid_utf8", "text");
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "claimant.name",
                     "\"Талгат\\u0000\"", 400, "invalid_utf8", "claimant.name");
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "article.quote.exact",
                     "\"\\u0000\"", 400, "invalid_utf8", "article.quote.exact");
    finish(&f);
}
END_TEST

/* A quote that shows nothing a reader can see would anchor on the first
   space of any article, or nowhere: refused, on both routes that tag one. */
START_TEST(a_quote_without_a_letter_or_digit_is_refused)
{
    static const char *const blank[] = {
        "\" \"", "\"\\n\\t \"", "\"\u00a0\"", "\"\u200b\u00ad\"", "\" , . -- ?! \"",
        "\"\u0301\"",
    };
    char id[32], path_m[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path_m, sizeof path_m, id, "/mentions");
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "article.quote.exact",
                         blank[i], 400, "invalid_value", "article.quote.exact");
        expect_edit_fail(&f, "POST", path_m, "editor", valid_mention, "quote.exact", blank[i],
                         400, "invalid_value", "quote.exact");
    }
    finish(&f);
    /* one letter, or one digit, is a quote */
    char *body = edit(valid_mention, "quote.exact", "\" 7 \"");
    th_resp r = th_call("POST", path_m, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    free(body);
}
END_TEST

START_TEST(nul_escapes_never_reach_the_database)
{
    /* Whatever the field reported, these are 400 invalid_utf8 and write nothing. */
    static const char *const values[] = {"\"\\u0000\"", "\"abc\\u0000def\""};
    char body[2048];
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"text\":%s," CLAIMANT ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}",
                 values[i]);
        expect_raw_fail(&f, "NUL escape in text", editor_post("/claims", body), 400,
                        "invalid_utf8", NULL);
    }
    finish(&f);
}
END_TEST

START_TEST(nul_escape_in_a_key_is_not_truncated_into_a_known_key)
{
    /* "text" NUL "evil" is not the key "text": refused, nothing written. */
    char body[2048];
    fails f = {0, ""};
    snprintf(body, sizeof body,
             "{\"text\\u0000evil\":\"Каракас\"," CLAIMANT ",\"said_at\":\"2025-12-01\","
             "\"language\":\"ru\"}");
    expect_raw_fail(&f, "NUL escape in a key", editor_post("/claims", body), 400,
                    "invalid_utf8", NULL);
    /* nor may a second "role" key ride in on one: a reader stays a reader */
    expect_raw_fail(&f, "NUL escape in an actor key",
                    "{\"method\":\"GET\",\"path\":\"/review-queue\",\"actor\":{\"id\":\"u\","
                    "\"role\":\"reader\",\"role\\u0000x\":\"admin\"}}",
                    400, "invalid_utf8", NULL);
    finish(&f);
}
END_TEST

START_TEST(lone_surrogate_escapes_never_reach_the_database)
{
    /* Lone UTF-16 surrogates are not characters (jsonin.c: they "must not
       reach the database"): refused, not silently turned into U+FFFD. */
    static const char *const values[] = {
        "\"\\ud800\"", "\"x\\udc00y\"", "\"\\ud800\\u0041\"",
    };
    char body[2048];
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"text\":%s," CLAIMANT ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}",
                 values[i]);
        expect_raw_fail(&f, "surrogate escape in text", editor_post("/claims", body), 400,
                        "invalid_utf8", NULL);
    }
    /* a proper pair is a character and is kept */
    snprintf(body, sizeof body,
             "{\"text\":\"\\ud83d\\ude00\"," CLAIMANT ",\"said_at\":\"2025-12-01\","
             "\"language\":\"ru\"}");
    th_resp r = th_raw(editor_post("/claims", body));
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "text"), "\xf0\x9f\x98\x80");
    th_free(&r);
    finish(&f);
}
END_TEST

START_TEST(a_request_over_one_mebibyte_is_413)
{
    fails f = {0, ""};
    char *text = repeated("a", 1100000);
    char *body = edit(valid_claim, "text", text);
    expect_fail(&f, "POST", "/claims", "editor", NULL, body, 413, "request_too_large", "");
    free(body);
    free(text);
    /* under the limit but over the text limit: a 400 on the field, not a 413 */
    text = repeated("a", 1000000);
    body = edit(valid_claim, "text", text);
    expect_fail(&f, "POST", "/claims", "editor", NULL, body, 400, "too_long", "text");
    free(body);
    free(text);
    finish(&f);
}
END_TEST

START_TEST(claim_text_length_counts_characters_not_bytes)
{
    fails f = {0, ""};
    static const char *const chars[] = {"я", "\xf0\x9f\x98\x80" /* U+1F600, 4 bytes */};

    for (size_t i = 0; i < 2; i++) {
        char *text = repeated(chars[i], 10000);
        char *body = edit(valid_claim, "text", text);
        long long before = th_rows_total();
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        ck_assert_msg(r.status == 201, "10000 x %s: status %d (%s %s)", chars[i], r.status,
                      th_error_code(&r), th_error_field(&r));
        ck_assert_uint_eq(strlen(th_str(&r, "text")), 10000 * strlen(chars[i]));
        ck_assert_str_eq(th_str(&r, "status"), "disputed");
        ck_assert_int_eq(th_int(&r, "version"), 1);
        th_free(&r);
        ck_assert_int_gt(th_rows_total(), before);
        free(body);
        free(text);

        text = repeated(chars[i], 10001);
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "text", text, 400,
                         "too_long", "text");
        free(text);
    }
    finish(&f);
}
END_TEST

START_TEST(other_lengths_are_enforced)
{
    fails f = {0, ""};
    char id[32], path[96], *s;

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    s = repeated("ж", 201);
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "claimant.name", s, 400,
                     "too_long", "claimant.name");
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "article.id", s, 400,
                     "too_long", "article.id");
    free(s);
    s = repeated("ж", 501);
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "venue", s, 400, "too_long",
                     "venue");
    free(s);
    s = repeated("ж", 2001);
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "article.quote.exact", s, 400,
                     "too_long", "article.quote.exact");
    free(s);
    s = repeated("ж", 5001);
    claim_path(path, sizeof path, id, "/responses");
    expect_edit_fail(&f, "POST", path, "editor", valid_response, "summary", s, 400, "too_long",
                     "summary");
    claim_path(path, sizeof path, id, "/review");
    expect_edit_fail(&f, "POST", path, "moderator", valid_review, "note", s, 400, "too_long",
                     "note");
    free(s);
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "text", "\"\"", 400, "empty",
                     "text");
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "claimant.name", "\"\"", 400,
                     "empty", "claimant.name");
    finish(&f);
}
END_TEST

/* ---- the envelope ------------------------------------------------------------------------ */

START_TEST(envelope_is_checked)
{
    fails f = {0, ""};
    expect_raw_fail(&f, "unknown envelope key",
                    "{\"method\":\"GET\",\"path\":\"/health\",\"cookies\":{}}", 400,
                    "unknown_field", "cookies");
    expect_raw_fail(&f, "unknown envelope key on a write",
                    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\","
                    "\"role\":\"editor\"},\"session\":\"x\",\"body\":{\"text\":\"t\"," CLAIMANT
                    ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}",
                    400, "unknown_field", "session");
    expect_raw_fail(&f, "no method", "{\"path\":\"/health\"}", 400, "missing_field", "method");
    expect_raw_fail(&f, "no path", "{\"method\":\"GET\"}", 400, "missing_field", "path");
    expect_raw_fail(&f, "lower-case method", "{\"method\":\"get\",\"path\":\"/health\"}", 400,
                    "invalid_value", "method");
    expect_raw_fail(&f, "method as number", "{\"method\":1,\"path\":\"/health\"}", 400,
                    "wrong_type", "method");
    expect_raw_fail(&f, "relative path", "{\"method\":\"GET\",\"path\":\"health\"}", 400,
                    "invalid_path", "path");
    expect_raw_fail(&f, "query string in path",
                    "{\"method\":\"GET\",\"path\":\"/claims?limit=1\"}", 400, "invalid_path",
                    "path");
    expect_raw_fail(&f, "query as array", "{\"method\":\"GET\",\"path\":\"/claims\",\"query\":[]}",
                    400, "wrong_type", "query");
    expect_raw_fail(&f, "actor as string",
                    "{\"method\":\"GET\",\"path\":\"/health\",\"actor\":\"editor\"}", 400,
                    "wrong_type", "actor");
    expect_raw_fail(&f, "body as array",
                    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\","
                    "\"role\":\"editor\"},\"body\":[]}",
                    400, "wrong_type", "body");
    finish(&f);
}
END_TEST

START_TEST(post_needs_a_body_and_get_has_none)
{
    fails f = {0, ""};
    char id[32], path[96];

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    expect_fail(&f, "POST", "/claims", "editor", NULL, NULL, 400, "missing_field", "body");
    claim_path(path, sizeof path, id, "/responses");
    expect_fail(&f, "POST", path, "editor", NULL, NULL, 400, "missing_field", "body");
    claim_path(path, sizeof path, id, "/review");
    expect_fail(&f, "POST", path, "moderator", NULL, NULL, 400, "missing_field", "body");
    expect_raw_fail(&f, "body null",
                    "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\","
                    "\"role\":\"editor\"},\"body\":null}",
                    400, "missing_field", "body");
    expect_fail(&f, "GET", "/claims", "editor", NULL, "{}", 400, "unexpected_body", "body");
    claim_path(path, sizeof path, id, "");
    expect_fail(&f, "GET", path, "editor", NULL, "{\"x\":1}", 400, "unexpected_body", "body");
    expect_fail(&f, "GET", "/health", NULL, NULL, "{}", 400, "unexpected_body", "body");
    finish(&f);
}
END_TEST

START_TEST(actor_is_checked)
{
    fails f = {0, ""};
    char body[2048], req[4096];

    snprintf(body, sizeof body, "%s", valid_claim);
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\",\"role\":\"superuser\"},"
             "\"body\":%s}", body);
    expect_raw_fail(&f, "role superuser", req, 400, "invalid_value", "actor.role");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\",\"role\":\"Editor\"},"
             "\"body\":%s}", body);
    expect_raw_fail(&f, "role Editor", req, 400, "invalid_value", "actor.role");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"role\":\"editor\"},"
             "\"body\":%s}", body);
    expect_raw_fail(&f, "editor without id", req, 400, "missing_field", "actor.id");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"\",\"role\":\"editor\"},"
             "\"body\":%s}", body);
    expect_raw_fail(&f, "editor with empty id", req, 400, "empty", "actor.id");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":17,\"role\":\"editor\"},"
             "\"body\":%s}", body);
    expect_raw_fail(&f, "editor with numeric id", req, 400, "wrong_type", "actor.id");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\"},\"body\":%s}", body);
    expect_raw_fail(&f, "actor without role", req, 400, "missing_field", "actor.role");
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u\",\"role\":\"editor\","
             "\"name\":\"Иван\"},\"body\":%s}", body);
    expect_raw_fail(&f, "actor with unknown key", req, 400, "unknown_field", "actor.name");
    expect_raw_fail(&f, "moderator without id",
                    "{\"method\":\"GET\",\"path\":\"/review-queue\",\"actor\":{\"role\":\"moderator\"}}",
                    400, "missing_field", "actor.id");

    /* a reader needs no id */
    th_resp r = th_raw("{\"method\":\"GET\",\"path\":\"/health\",\"actor\":{\"role\":\"reader\"}}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    finish(&f);
}
END_TEST

/* ---- routing --------------------------------------------------------------------------------- */

START_TEST(unknown_routes_are_404_and_wrong_methods_405)
{
    fails f = {0, ""};
    char id[32], path[96];

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    expect_fail(&f, "GET", "/nope", "editor", NULL, NULL, 404, "unknown_route", "path");
    expect_fail(&f, "GET", "/", NULL, NULL, NULL, 404, "unknown_route", "path");
    expect_fail(&f, "POST", "/claim", "editor", NULL, valid_claim, 404, "unknown_route", "path");
    expect_fail(&f, "POST", "/claims/extra/segments/here", "admin", NULL, valid_claim, 404,
                "unknown_route", "path");
    claim_path(path, sizeof path, id, "/verdicts");
    expect_fail(&f, "POST", path, "admin", NULL, valid_review, 404, "unknown_route", "path");
    expect_fail(&f, "GET", "/a/b/c/d/e/f/g/h/i/j", NULL, NULL, NULL, 404, "unknown_route", "path");

    expect_fail(&f, "DELETE", "/claims", "admin", NULL, NULL, 405, "method_not_allowed",
                "method");
    claim_path(path, sizeof path, id, "");
    expect_fail(&f, "DELETE", path, "admin", NULL, NULL, 405, "method_not_allowed", "method");
    expect_fail(&f, "PUT", path, "admin", NULL, NULL, 405, "method_not_allowed", "method");
    expect_fail(&f, "POST", path, "admin", NULL, valid_claim, 405, "method_not_allowed",
                "method");
    claim_path(path, sizeof path, id, "/timeline");
    expect_fail(&f, "POST", path, "admin", NULL, "{}", 405, "method_not_allowed", "method");
    claim_path(path, sizeof path, id, "/review");
    expect_fail(&f, "GET", path, "admin", NULL, NULL, 405, "method_not_allowed", "method");
    expect_fail(&f, "POST", "/health", "admin", NULL, "{}", 405, "method_not_allowed", "method");
    finish(&f);
}
END_TEST

START_TEST(claim_ids_that_are_not_positive_integers_are_404)
{
    static const char *const ids[] = {"abc", "0", "-1", "01", "1.5", "1e3", "+1", "%31x",
                                      "9999999999999999999", "%20"};
    static const struct { const char *method, *tail, *role; const char *body; } routes[] = {
        {"GET", "", NULL, NULL},
        {"GET", "", "editor", NULL},
        {"GET", "/timeline", "editor", NULL},
        {"POST", "/responses", "editor", valid_response},
        {"POST", "/mentions", "editor", valid_mention},
        {"POST", "/review", "moderator", valid_review},
    };
    char path[96];
    fails f = {0, ""};

    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        for (size_t k = 0; k < sizeof routes / sizeof routes[0]; k++) {
            claim_path(path, sizeof path, ids[i], routes[k].tail);
            expect_fail(&f, routes[k].method, path, routes[k].role, NULL, routes[k].body, 404,
                        "not_found", "path");
        }
    finish(&f);
}
END_TEST

START_TEST(a_claim_that_does_not_exist_is_404_and_writes_nothing)
{
    static const struct { const char *method, *tail, *role; const char *body; } routes[] = {
        {"GET", "", NULL, NULL},
        {"GET", "", "editor", NULL},
        {"GET", "", "admin", NULL},
        {"GET", "/timeline", NULL, NULL},
        {"GET", "/timeline", "editor", NULL},
        {"POST", "/responses", "editor", valid_response},
        {"POST", "/responses", "admin", valid_response},
        {"POST", "/mentions", "editor", valid_mention},
        {"POST", "/review", "moderator", valid_review},
    };
    char path[96];
    fails f = {0, ""};

    for (size_t k = 0; k < sizeof routes / sizeof routes[0]; k++) {
        claim_path(path, sizeof path, NO_SUCH_CLAIM, routes[k].tail);
        expect_fail(&f, routes[k].method, path, routes[k].role, NULL, routes[k].body, 404,
                    "not_found", NULL);
    }
    finish(&f);
}
END_TEST

START_TEST(not_yet_served_routes_are_501_and_write_nothing)
{
    fails f = {0, ""};
    /* every route of the contract is served now: an unknown archived copy is 404 */
    expect_fail(&f, "GET", "/evidence/999999", NULL, NULL, NULL, 404, "not_found", NULL);
    expect_fail(&f, "GET", "/evidence/abc", "editor", NULL, NULL, 404, "not_found", "path");
    /* routes that are served check roles and input before anything else */
    expect_fail(&f, "POST", "/import/claimreview", "reader", NULL, "{}", 403, "forbidden",
                "actor.role");
    expect_fail(&f, "POST", "/articles/a-1/anchor", "reader", NULL, "{\"text\":\"x\"}", 403,
                "forbidden", "actor.role");
    expect_fail(&f, "POST", "/import/claimreview", "editor", NULL, "{}", 400, "invalid_value",
                "");
    expect_fail(&f, "POST", "/articles/a-1/anchor", "editor", NULL, "{\"txt\":\"x\"}", 400,
                "unknown_field", "txt");
    expect_fail(&f, "POST", "/articles/a-1/anchor", "editor", NULL, "{\"text\":7}", 400,
                "wrong_type", "text");
    finish(&f);
}
END_TEST

/* ---- query strings ---------------------------------------------------------------------------- */

START_TEST(claim_list_query_is_checked)
{
    static const struct { const char *query, *code, *field; } cases[] = {
        {"{\"limit\":10}", "wrong_type", "query.limit"},
        {"{\"limit\":true}", "wrong_type", "query.limit"},
        {"{\"status\":[\"disputed\"]}", "wrong_type", "query.status"},
        {"{\"q\":{\"text\":\"x\"}}", "wrong_type", "query.q"},
        {"{\"q\":null}", "wrong_type", "query.q"},
        {"{\"sort\":\"asc\"}", "unknown_field", "query.sort"},
        {"{\"lang\":\"ru\"}", "unknown_field", "query.lang"},
        {"{\"limit\":\"0\"}", "out_of_range", "query.limit"},
        {"{\"limit\":\"101\"}", "out_of_range", "query.limit"},
        {"{\"limit\":\"ten\"}", "out_of_range", "query.limit"},
        {"{\"limit\":\"-5\"}", "out_of_range", "query.limit"},
        {"{\"limit\":\" 5\"}", "out_of_range", "query.limit"},
        {"{\"limit\":\"5x\"}", "out_of_range", "query.limit"},
        {"{\"cursor\":\"abc\"}", "invalid_value", "query.cursor"},
        {"{\"status\":\"bogus\"}", "invalid_value", "query.status"},
        {"{\"language\":\"ru_RU\"}", "invalid_language", "query.language"},
        {"{\"language\":\"russian\"}", "invalid_language", "query.language"},
        {"{\"q\":\"\"}", "empty", "query.q"},
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_fail(&f, "GET", "/claims", NULL, cases[i].query, NULL, 400, cases[i].code,
                    cases[i].field);

    /* and a good query is served */
    th_resp r = th_call("GET", "/claims", "editor",
                        "{\"status\":\"disputed\",\"q\":\"Каракас\",\"language\":\"ru\","
                        "\"limit\":\"5\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_object_is_type(th_get(&r, "claims"), json_type_array));
    th_free(&r);
    finish(&f);
}
END_TEST

START_TEST(routes_without_query_refuse_one)
{
    fails f = {0, ""};
    char id[32], path[96];

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "");
    expect_fail(&f, "GET", path, "editor", "{\"expand\":\"all\"}", NULL, 400, "unknown_field",
                "query.expand");
    claim_path(path, sizeof path, id, "/timeline");
    expect_fail(&f, "GET", path, "editor", "{\"limit\":\"5\"}", NULL, 400, "unknown_field",
                "query.limit");
    expect_fail(&f, "POST", "/claims", "editor", "{\"dry_run\":\"1\"}", valid_claim, 400,
                "unknown_field", "query.dry_run");
    claim_path(path, sizeof path, id, "/responses");
    expect_fail(&f, "POST", path, "editor", "{\"x\":\"1\"}", valid_response, 400,
                "unknown_field", "query.x");
    expect_fail(&f, "GET", "/review-queue", "moderator", "{\"limit\":\"abc\"}", NULL, 400,
                "out_of_range", "query.limit");
    expect_fail(&f, "GET", "/review-queue", "moderator", "{\"status\":\"disputed\"}", NULL, 400,
                "unknown_field", "query.status");
    expect_fail(&f, "GET", "/review-queue", "moderator", "{\"limit\":5}", NULL, 400,
                "wrong_type", "query.limit");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"lang\":\"Русский\"}", NULL, 400,
                "invalid_value", "query.lang");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"lang\":\"ru_RU\"}", NULL, 400,
                "invalid_value", "query.lang");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"lang\":\"r\"}", NULL, 400,
                "invalid_value", "query.lang");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"lang\":\"\"}", NULL, 400,
                "empty", "query.lang");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"lang\":42}", NULL, 400,
                "wrong_type", "query.lang");
    expect_fail(&f, "GET", "/articles/a-1/notices", NULL, "{\"format\":\"xml\"}", NULL, 400,
                "invalid_value", "query.format");
    finish(&f);
}
END_TEST

/* ---- POST /claims input --------------------------------------------------------------------- */

START_TEST(claim_unknown_fields_are_named)
{
    static const struct { const char *member, *value, *field; } cases[] = {
        {"colour", "\"red\"", "colour"},
        {"claimant.nickname", "\"Т\"", "claimant.nickname"},
        {"article.quote.colour", "\"red\"", "article.quote.colour"},
        {"article.lang", "\"ru\"", "article.lang"},
        {"status", "\"confirmed\"", "status"},
        {"version", "5", "version"},
        {"published", "true", "published"},
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, cases[i].member,
                         cases[i].value, 400, "unknown_field", cases[i].field);
    finish(&f);
}
END_TEST

START_TEST(claim_wrong_types_are_refused)
{
    static const struct { const char *member, *value, *field; } cases[] = {
        {"text", "42", "text"},
        {"text", "[\"a\"]", "text"},
        {"claimant", "\"Талгат Ергалиев\"", "claimant"},
        {"claimant.name", "{\"first\":\"Талгат\"}", "claimant.name"},
        {"claimant.role", "7", "claimant.role"},
        {"said_at", "20251201", "said_at"},
        {"venue", "false", "venue"},
        {"language", "1", "language"},
        {"source_url", "{}", "source_url"},
        {"article", "\"a-1\"", "article"},
        {"article.id", "1", "article.id"},
        {"article.quote", "\"как в Каракасе\"", "article.quote"},
        {"article.quote.prefix", "0", "article.quote.prefix"},
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, cases[i].member,
                         cases[i].value, 400, "wrong_type", cases[i].field);
    finish(&f);
}
END_TEST

START_TEST(claim_missing_fields_are_named)
{
    static const char *const members[] = {
        "text", "claimant", "claimant.name", "said_at", "language", "article.id",
        "article.quote", "article.quote.exact",
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, members[i], NULL, 400,
                         "missing_field", members[i]);
        /* JSON null counts as missing */
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, members[i], "null", 400,
                         "missing_field", members[i]);
    }
    expect_fail(&f, "POST", "/claims", "editor", NULL, "{}", 400, "missing_field", "text");
    finish(&f);
}
END_TEST

START_TEST(claim_optional_fields_may_be_left_out)
{
    static const char *const members[] = {"venue", "source_url", "article", "claimant.role",
                                          "article.url", "article.quote.prefix",
                                          "article.quote.suffix"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        char *body = edit(valid_claim, members[i], NULL);
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        ck_assert_msg(r.status == 201, "without %s: status %d (%s %s)", members[i], r.status,
                      th_error_code(&r), th_error_field(&r));
        th_free(&r);
        free(body);
    }
}
END_TEST

START_TEST(impossible_dates_are_refused)
{
    static const char *const dates[] = {
        "\"2025-02-30\"", "\"2025-13-01\"", "\"yesterday\"", "\"2025-12-22T25:00:00Z\"",
        "\"2025-02-29\"", "\"2025-00-10\"", "\"2025-12-00\"", "\"2025-04-31\"",
        "\"2025-12-22T10:60:00Z\"", "\"2025-12-22T10:30:61Z\"", "\"2025-12-22T10:30:00\"",
        "\"2025-12-22T10:30:00+24:00\"", "\"22.12.2025\"", "\"2025-1-5\"",
        "\"2025-12-22Z\"", "\"0999-01-01\"", "\" 2025-12-22\"", "\"2025-12-22T10:30:00Zjunk\"",
        /* beyond what PostgreSQL or a four-digit year holds (it answered 500 db_error) */
        "\"2025-12-01T10:00:00+15:00\"", "\"2025-12-01T10:00:00+23:59\"", "\"2025-12-01T10:00:00-14:30\"",
        "\"9999-12-31T23:59:59-14:00\"", "\"9999-12-31\"", "\"1000-01-01\"", "\"2016-12-31T23:59:60Z\"",
        /* year 10000 in Auckland, where a reader's newsroom may be */
        "\"9999-12-30T23:00:00-12:00\"", "\"1000-01-02T00:00:00+14:00\"",
    };
    char id[32], path[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/responses");
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "said_at", dates[i], 400,
                         "invalid_date", "said_at");
        expect_edit_fail(&f, "POST", path, "editor", valid_response, "issued_at", dates[i], 400,
                         "invalid_date", "issued_at");
    }
    finish(&f);
}
END_TEST

/* date (JSON) is taken as a claim's said_at and as a response's issued_at
   (the response posted to path). */
static void expect_date_taken(const char *path, const char *date)
{
    char *body = edit(valid_claim, "said_at", date);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_msg(r.status == 201, "said_at %s: status %d (%s)", date, r.status,
                  th_error_code(&r));
    th_free(&r);
    free(body);
    body = edit(valid_response, "issued_at", date);
    r = th_call("POST", path, "editor", NULL, body);
    ck_assert_msg(r.status == 201, "issued_at %s: status %d (%s)", date, r.status,
                  th_error_code(&r));
    th_free(&r);
    free(body);
}

/* The days around now: tomorrow (UTC) is still today somewhere, the day
   after is nowhere yet; an instant a day ahead is taken, two days not. */
START_TEST(a_date_after_tomorrow_is_refused)
{
    time_t now = time(NULL);
    char tomorrow[32], after[32], soon[40], later[40], id[32], path[96];
    struct tm t;
    fails f = {0, ""};

    strftime(tomorrow, sizeof tomorrow, "\"%Y-%m-%d\"", gmtime_r(&(time_t){now + 86400}, &t));
    strftime(after, sizeof after, "\"%Y-%m-%d\"", gmtime_r(&(time_t){now + 3 * 86400}, &t));
    strftime(soon, sizeof soon, "\"%Y-%m-%dT%H:%M:%SZ\"", gmtime_r(&(time_t){now + 20 * 3600}, &t));
    strftime(later, sizeof later, "\"%Y-%m-%dT%H:%M:%S+00:00\"",
             gmtime_r(&(time_t){now + 2 * 86400}, &t));
    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/responses");
    expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "said_at", after, 400,
                     "invalid_date", "said_at");
    expect_edit_fail(&f, "POST", path, "editor", valid_response, "issued_at", later, 400,
                     "invalid_date", "issued_at");
    finish(&f);
    expect_date_taken(path, tomorrow);
    expect_date_taken(path, soon);
}
END_TEST

START_TEST(real_dates_are_accepted)
{
    static const char *const dates[] = {
        "\"2024-02-29\"", "\"2025-12-22T10:30:00Z\"", "\"2025-12-22T10:30:00+05:00\"",
        "\"2025-12-22T10:30:00.123456-03:30\"", "\"2000-02-29T23:59:59z\"",
    };
    char id[32], path[96];

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/responses");
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        expect_date_taken(path, dates[i]);
    }
}
END_TEST

START_TEST(urls_that_are_not_http_are_refused)
{
    static const char *const urls[] = {
        "\"javascript:alert(1)\"", "\"ftp://x\"", "\"http://\"", "\"not a url\"",
        "\"https://\"", "\"//example.org/a\"", "\"example.org/a\"", "\"http:///a\"",
        "\"https://exa mple.org\"", "\"data:text/html,<b>x</b>\"", "\"http://ex\\\"ample.org\"",
        "\"JAVASCRIPT://example.org/%0aalert(1)\"", "\"mailto:a@example.org\"",
    };
    char id[32], path_r[96], path_m[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path_r, sizeof path_r, id, "/responses");
    claim_path(path_m, sizeof path_m, id, "/mentions");
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "source_url", urls[i],
                         400, "invalid_url", "source_url");
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "article.url", urls[i],
                         400, "invalid_url", "article.url");
        expect_edit_fail(&f, "POST", path_r, "editor", valid_response, "url", urls[i], 400,
                         "invalid_url", "url");
        expect_edit_fail(&f, "POST", path_m, "editor", valid_mention, "url", urls[i], 400,
                         "invalid_url", "url");
    }
    finish(&f);
}
END_TEST

START_TEST(languages_are_checked)
{
    static const char *const tags[] = {
        "\"Russian\"", "\"ru_RU\"", "\"r\"", "\"x\"", "\"ru-\"", "\"русский\"",
        "\"1a\"", "\"ru-K\"", "\"abcd\"", "\"en-x-twain\"", "\"RU-u-ca-gregory\"",
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        expect_edit_fail(&f, "POST", "/claims", "editor", valid_claim, "language", tags[i], 400,
                         "invalid_language", "language");
    /* real tags are accepted */
    static const char *const good[] = {"\"kk\"", "\"ru-KZ\"", "\"kk-Cyrl-KZ\"", "\"en\""};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *body = edit(valid_claim, "language", good[i]);
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        if (r.status != 201)
            note(&f, "language %s: status %d (%s)", good[i], r.status, th_error_code(&r));
        th_free(&r);
        free(body);
    }
    finish(&f);
}
END_TEST

/* A claim's language in any ASCII case is kept in RFC 5646 §2.1.1's case,
   and no subtag is replaced ("iw" is not made "he"). */
START_TEST(a_claims_language_is_kept_in_rfc5646_case)
{
    static const char *const cases[][2] = {
        {"\"RU\"", "ru"}, {"\"Ru\"", "ru"}, {"\"ru-ru\"", "ru-RU"}, {"\"EN-gb\"", "en-GB"},
        {"\"kk-cyrl-kz\"", "kk-Cyrl-KZ"}, {"\"ES-419\"", "es-419"}, {"\"IW\"", "iw"},
    };
    fails f = {0, ""};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *body = edit(valid_claim, "language", cases[i][0]);
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        if (r.status != 201 || strcmp(th_str(&r, "language"), cases[i][1]) != 0)
            note(&f, "language %s: status %d, stored \"%s\", not %s", cases[i][0], r.status,
                 r.status == 201 ? th_str(&r, "language") : th_error_code(&r), cases[i][1]);
        th_free(&r);
        free(body);
    }
    finish(&f);
}
END_TEST

/* The id of the newest claim GET /claims lists for query (and q, when given). */
static long long newest_listed(const char *language, const char *q)
{
    char query[256];
    if (q)
        snprintf(query, sizeof query, "{\"language\":\"%s\",\"q\":\"%s\"}", language, q);
    else
        snprintf(query, sizeof query, "{\"language\":\"%s\"}", language);
    th_resp r = th_call("GET", "/claims", "editor", query, NULL);
    ck_assert_msg(r.status == 200, "%s: status %d", query, r.status);
    long long id = json_object_array_length(th_get(&r, "claims")) ? th_int(&r, "claims/0/id") : 0;
    th_free(&r);
    return id;
}

/* GET /claims?language= finds a claim whatever the case of either: the
   one asked and the one stored, even as it was stored before POST /claims
   kept RFC 5646's case ("kk-cyrl-kz"). */
START_TEST(the_language_filter_finds_claims_in_any_case)
{
    const char *text = th_unique("Language filter");
    char value[128], sql[160];
    snprintf(value, sizeof value, "\"%s\"", text);
    char *body = edit(valid_claim, "text", value), *kk = edit(body, "language", "\"KK-cyrl-kz\"");
    th_resp r = th_call("POST", "/claims", "editor", NULL, kk);
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "id");
    th_free(&r);
    free(body);
    free(kk);

    ck_assert_int_eq(newest_listed("kk-Cyrl-KZ", text), id);
    ck_assert_int_eq(newest_listed("KK-CYRL-KZ", text), id);
    ck_assert_int_eq(newest_listed("kk-cyrl-kz", NULL), id);
    ck_assert_int_eq(newest_listed("kk-KZ", text), 0);
    snprintf(sql, sizeof sql, "UPDATE ct_claims SET language = 'kk-cyrl-kz' WHERE id = %lld", id);
    ck_assert_str_eq(th_sql_exec(sql), "");
    ck_assert_int_eq(newest_listed("kk-Cyrl-KZ", text), id);
    ck_assert_int_eq(newest_listed("kk-Cyrl-KZ", NULL), id);
}
END_TEST

/* ---- POST /claims/{id}/responses, /mentions, /review input ------------------------------- */

START_TEST(response_input_is_checked)
{
    static const struct { const char *member, *value, *code, *field; } cases[] = {
        {"kind", "\"rumour\"", "invalid_value", "kind"},
        {"kind", "\"Rebuttal\"", "invalid_value", "kind"},
        {"kind", "\"\"", "empty", "kind"},
        {"kind", "1", "wrong_type", "kind"},
        {"kind", NULL, "missing_field", "kind"},
        {"by", NULL, "missing_field", "by"},
        {"by", "\"Полиция\"", "wrong_type", "by"},
        {"by.name", NULL, "missing_field", "by.name"},
        {"by.nickname", "\"П\"", "unknown_field", "by.nickname"},
        {"issued_at", NULL, "missing_field", "issued_at"},
        {"summary", NULL, "missing_field", "summary"},
        {"summary", "[]", "wrong_type", "summary"},
        {"colour", "\"red\"", "unknown_field", "colour"},
        {"claim_id", "1", "unknown_field", "claim_id"},
    };
    char id[32], path[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/responses");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_edit_fail(&f, "POST", path, "editor", valid_response, cases[i].member,
                         cases[i].value, 400, cases[i].code, cases[i].field);
    finish(&f);
}
END_TEST

START_TEST(mention_input_is_checked)
{
    static const struct { const char *member, *value, *code, *field; } cases[] = {
        {"article_id", NULL, "missing_field", "article_id"},
        {"article_id", "17", "wrong_type", "article_id"},
        {"article_id", "\"\"", "empty", "article_id"},
        {"quote", NULL, "missing_field", "quote"},
        {"quote", "\"как в Каракасе\"", "wrong_type", "quote"},
        {"quote.exact", NULL, "missing_field", "quote.exact"},
        {"quote.exact", "\"\"", "empty", "quote.exact"},
        {"quote.colour", "\"red\"", "unknown_field", "quote.colour"},
        {"article", "{}", "unknown_field", "article"},
    };
    char id[32], path[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/mentions");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_edit_fail(&f, "POST", path, "editor", valid_mention, cases[i].member,
                         cases[i].value, 400, cases[i].code, cases[i].field);
    finish(&f);
}
END_TEST

START_TEST(review_input_is_checked)
{
    static const struct { const char *member, *value, *code, *field; } cases[] = {
        {"expected_version", "\"1\"", "wrong_type", "expected_version"},
        {"expected_version", "1.0", "wrong_type", "expected_version"},
        {"expected_version", "0", "out_of_range", "expected_version"},
        {"expected_version", "-1", "out_of_range", "expected_version"},
        {"expected_version", "99999999999", "out_of_range", "expected_version"},
        {"expected_version", NULL, "missing_field", "expected_version"},
        {"status", NULL, "missing_field", "status"},
        {"status", "\"published\"", "invalid_value", "status"},
        {"status", "\"Rebutted\"", "invalid_value", "status"},
        {"status", "true", "wrong_type", "status"},
        {"rating", "5", "wrong_type", "rating"},
        {"rating", "\"\"", "empty", "rating"},
        {"publish", "\"yes\"", "wrong_type", "publish"},
        {"publish", "1", "wrong_type", "publish"},
        {"note", "{}", "wrong_type", "note"},
        {"verdict", "\"False\"", "unknown_field", "verdict"},
    };
    char id[32], path[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    claim_path(path, sizeof path, id, "/review");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_edit_fail(&f, "POST", path, "moderator", valid_review, cases[i].member,
                         cases[i].value, 400, cases[i].code, cases[i].field);
    /* the claim is untouched */
    claim_path(path, sizeof path, id, "");
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "version"), 1);
    ck_assert_str_eq(th_str(&r, "status"), "disputed");
    th_free(&r);
    finish(&f);
}
END_TEST

/* ---- roles ------------------------------------------------------------------------------------ */

START_TEST(readers_and_anonymous_may_not_write)
{
    static const char *const roles[] = {NULL, "reader"};
    char id[32], path[96];
    fails f = {0, ""};

    snprintf(id, sizeof id, "%s", th_new_claim(NULL));
    for (size_t i = 0; i < 2; i++) {
        const char *role = roles[i];
        expect_fail(&f, "POST", "/claims", role, NULL, valid_claim, 403, "forbidden",
                    "actor.role");
        claim_path(path, sizeof path, id, "/responses");
        expect_fail(&f, "POST", path, role, NULL, valid_response, 403, "forbidden",
                    "actor.role");
        claim_path(path, sizeof path, id, "/mentions");
        expect_fail(&f, "POST", path, role, NULL, valid_mention, 403, "forbidden", "actor.role");
        claim_path(path, sizeof path, id, "/review");
        expect_fail(&f, "POST", path, role, NULL, valid_review, 403, "forbidden", "actor.role");
        expect_fail(&f, "GET", "/review-queue", role, NULL, NULL, 403, "forbidden",
                    "actor.role");
        /* forbidden comes before any look at the input */
        expect_fail(&f, "POST", "/claims", role, NULL, "{\"junk\":1}", 403, "forbidden",
                    "actor.role");
    }
    /* an explicit reader with an id is no different */
    char req[4096];
    snprintf(req, sizeof req,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"u-1\",\"role\":\"reader\"},"
             "\"body\":%s}", valid_claim);
    expect_raw_fail(&f, "reader with id", req, 403, "forbidden", "actor.role");
    finish(&f);
}
END_TEST

START_TEST(editors_write_claims_responses_and_mentions_but_do_not_review)
{
    char id[32], path[96];
    fails f = {0, ""};
    long long before = th_rows_total();

    th_resp r = th_call("POST", "/claims", "editor", NULL, valid_claim);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "status"), "disputed");
    ck_assert_int_eq(th_int(&r, "version"), 1);
    ck_assert_str_eq(th_str(&r, "claimant/name"), "Талгат Ергалиев");
    ck_assert_str_eq(th_str(&r, "mentions/0/quote/exact"), "как в Каракасе");
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);
    ck_assert_int_gt(th_rows_total(), before);

    before = th_rows_total();
    claim_path(path, sizeof path, id, "/responses");
    r = th_call("POST", path, "editor", NULL, valid_response);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "responses/0/kind"), "rebuttal");
    th_free(&r);
    ck_assert_int_gt(th_rows_total(), before);

    before = th_rows_total();
    claim_path(path, sizeof path, id, "/mentions");
    r = th_call("POST", path, "editor", NULL, valid_mention);
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "mentions")), 2);
    th_free(&r);
    ck_assert_int_gt(th_rows_total(), before);

    claim_path(path, sizeof path, id, "/review");
    char *review = edit(valid_review, "expected_version", "2");
    expect_fail(&f, "POST", path, "editor", NULL, review, 403, "forbidden", "actor.role");
    free(review);
    expect_fail(&f, "GET", "/review-queue", "editor", NULL, NULL, 403, "forbidden",
                "actor.role");
    finish(&f);
}
END_TEST

START_TEST(moderators_and_admins_review)
{
    static const char *const roles[] = {"moderator", "admin"};
    char id[32], path[96];

    for (size_t i = 0; i < 2; i++) {
        snprintf(id, sizeof id, "%s", th_new_claim(NULL));
        claim_path(path, sizeof path, id, "/review");
        long long before = th_rows_total();
        th_resp r = th_call("POST", path, roles[i], NULL, valid_review);
        ck_assert_msg(r.status == 200, "%s review: status %d (%s %s)", roles[i], r.status,
                      th_error_code(&r), th_error_field(&r));
        ck_assert_str_eq(th_str(&r, "status"), "rebutted");
        ck_assert_str_eq(th_str(&r, "rating"), "False");
        ck_assert(json_object_get_boolean(th_get(&r, "published")));
        ck_assert_int_eq(th_int(&r, "version"), 2);
        th_free(&r);
        ck_assert_int_gt(th_rows_total(), before);

        r = th_call("GET", "/review-queue", roles[i], NULL, NULL);
        ck_assert_int_eq(r.status, 200);
        ck_assert(json_object_is_type(r.body, json_type_array));
        th_free(&r);
    }
}
END_TEST

START_TEST(readers_do_not_see_unpublished_claims)
{
    static const char *const readers[] = {NULL, "reader"};
    static const char *const staff[] = {"editor", "moderator", "admin"};
    char id[32], path[96], body[1024];
    const char *unique = th_unique("Уникальная фраза");
    fails f = {0, ""};

    snprintf(body, sizeof body,
             "{\"text\":\"%s\"," CLAIMANT ",\"said_at\":\"2025-12-01\",\"language\":\"ru\"}",
             unique);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    snprintf(id, sizeof id, "%lld", th_int(&r, "id"));
    th_free(&r);

    char query[256];
    snprintf(query, sizeof query, "{\"q\":\"%s\"}", unique);
    for (size_t i = 0; i < 2; i++) {
        claim_path(path, sizeof path, id, "");
        expect_fail(&f, "GET", path, readers[i], NULL, NULL, 404, "not_found", NULL);
        claim_path(path, sizeof path, id, "/timeline");
        expect_fail(&f, "GET", path, readers[i], NULL, NULL, 404, "not_found", NULL);
        r = th_call("GET", "/claims", readers[i], query, NULL);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 0);
        th_free(&r);
    }
    for (size_t i = 0; i < 3; i++) {
        claim_path(path, sizeof path, id, "");
        r = th_call("GET", path, staff[i], NULL, NULL);
        ck_assert_msg(r.status == 200, "%s GET unpublished: %d", staff[i], r.status);
        ck_assert_str_eq(th_str(&r, "text"), unique);
        th_free(&r);
        claim_path(path, sizeof path, id, "/timeline");
        r = th_call("GET", path, staff[i], NULL, NULL);
        ck_assert_msg(r.status == 200, "%s GET unpublished timeline: %d", staff[i], r.status);
        th_free(&r);
        r = th_call("GET", "/claims", staff[i], query, NULL);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(json_object_array_length(th_get(&r, "claims")), 1);
        th_free(&r);
    }
    finish(&f);
}
END_TEST

START_TEST(readers_see_published_claims_without_actors)
{
    char id[32], path[96];

    snprintf(id, sizeof id, "%s", th_new_claim(th_unique("article")));
    claim_path(path, sizeof path, id, "/responses");
    th_resp r = th_call("POST", path, "editor", NULL, valid_response);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    claim_path(path, sizeof path, id, "/review");
    r = th_call("POST", path, "moderator", NULL,
                "{\"expected_version\":2,\"status\":\"rebutted\",\"rating\":\"False\","
                "\"note\":\"внутренняя заметка\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    claim_path(path, sizeof path, id, "");
    r = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "status"), "rebutted");
    ck_assert(json_object_get_boolean(th_get(&r, "published")));
    ck_assert_ptr_null(th_get(&r, "created_by"));
    th_free(&r);

    /* readers: events, but no actor and no moderator's note */
    static const char *const readers[] = {NULL, "reader"};
    claim_path(path, sizeof path, id, "/timeline");
    for (size_t k = 0; k < 2; k++) {
        r = th_call("GET", path, readers[k], NULL, NULL);
        ck_assert_int_eq(r.status, 200);
        json_object *events = th_get(&r, "events");
        ck_assert(json_object_is_type(events, json_type_array));
        size_t n = json_object_array_length(events);
        ck_assert_uint_ge(n, 4);  /* recorded, mention, response, status, rating, published */
        for (size_t i = 0; i < n; i++) {
            json_object *e = json_object_array_get_idx(events, i), *actor = NULL, *payload = NULL;
            ck_assert_msg(json_object_object_get_ex(e, "actor", &actor) && actor == NULL,
                          "reader sees actor of event %zu: %s", i, json_object_to_json_string(e));
            if (json_object_object_get_ex(e, "payload", &payload) && payload)
                ck_assert_msg(!json_object_object_get_ex(payload, "note", NULL),
                              "reader sees the note: %s", json_object_to_json_string(e));
        }
        th_free(&r);
    }

    /* staff: every event names its actor */
    r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    size_t n = json_object_array_length(events);
    bool saw_editor = false, saw_moderator = false;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(events, i), *actor = NULL, *v = NULL;
        ck_assert_msg(json_object_object_get_ex(e, "actor", &actor) && actor != NULL,
                      "editor does not see actor of event %zu", i);
        ck_assert(json_object_object_get_ex(actor, "role", &v));
        saw_editor |= strcmp(json_object_get_string(v), "editor") == 0;
        saw_moderator |= strcmp(json_object_get_string(v), "moderator") == 0;
        ck_assert(json_object_object_get_ex(actor, "id", &v));
        ck_assert_str_ne(json_object_get_string(v), "");
    }
    ck_assert(saw_editor);
    ck_assert(saw_moderator);
    th_free(&r);
}
END_TEST

/* ---- every error has the one shape ------------------------------------------------------- */

START_TEST(errors_without_a_field_have_the_shape_too)
{
    /* check_error is applied in every test above; here the cases whose error has no field. */
    fails f = {0, ""};
    th_resp r = th_raw("{");
    check_error(&f, "invalid_json", &r, 400, "invalid_json", "");
    th_free(&r);
    r = th_raw("[]");
    check_error(&f, "invalid_envelope", &r, 400, "invalid_envelope", "");
    th_free(&r);
    r = th_call("GET", "/claims/" NO_SUCH_CLAIM, "editor", NULL, NULL);
    check_error(&f, "not_found", &r, 404, "not_found", NULL);
    th_free(&r);
    finish(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api");
    TCase *door = tcase_create("door");
    TCase *routing = tcase_create("routing");
    TCase *input = tcase_create("input");
    TCase *roles = tcase_create("roles");
    TCase *all[] = {door, routing, input, roles};

    for (size_t i = 0; i < 4; i++) {
        tcase_add_checked_fixture(all[i], th_setup, th_teardown);
        tcase_set_timeout(all[i], 60);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(door, malformed_json_is_refused);
    tcase_add_test(door, nan_and_infinity_are_not_json);
    tcase_add_test(door, a_member_name_twice_is_refused);
    tcase_add_test(door, a_request_that_is_not_an_object_is_refused);
    tcase_add_test(door, json_nested_too_deep_is_refused);
    tcase_add_test(door, invalid_utf8_bytes_are_refused);
    tcase_add_test(door, nul_in_claim_text_is_invalid_utf8_on_the_field);
    tcase_add_test(door, a_quote_without_a_letter_or_digit_is_refused);
    tcase_add_test(door, nul_escapes_never_reach_the_database);
    tcase_add_test(door, nul_escape_in_a_key_is_not_truncated_into_a_known_key);
    tcase_add_test(door, lone_surrogate_escapes_never_reach_the_database);
    tcase_add_test(door, a_request_over_one_mebibyte_is_413);
    tcase_add_test(door, claim_text_length_counts_characters_not_bytes);
    tcase_add_test(door, other_lengths_are_enforced);
    tcase_add_test(door, envelope_is_checked);
    tcase_add_test(door, post_needs_a_body_and_get_has_none);
    tcase_add_test(door, actor_is_checked);
    tcase_add_test(door, errors_without_a_field_have_the_shape_too);

    tcase_add_test(routing, unknown_routes_are_404_and_wrong_methods_405);
    tcase_add_test(routing, claim_ids_that_are_not_positive_integers_are_404);
    tcase_add_test(routing, a_claim_that_does_not_exist_is_404_and_writes_nothing);
    tcase_add_test(routing, not_yet_served_routes_are_501_and_write_nothing);
    tcase_add_test(routing, claim_list_query_is_checked);
    tcase_add_test(routing, routes_without_query_refuse_one);

    tcase_add_test(input, claim_unknown_fields_are_named);
    tcase_add_test(input, claim_wrong_types_are_refused);
    tcase_add_test(input, claim_missing_fields_are_named);
    tcase_add_test(input, claim_optional_fields_may_be_left_out);
    tcase_add_test(input, impossible_dates_are_refused);
    tcase_add_test(input, a_date_after_tomorrow_is_refused);
    tcase_add_test(input, real_dates_are_accepted);
    tcase_add_test(input, urls_that_are_not_http_are_refused);
    tcase_add_test(input, languages_are_checked);
    tcase_add_test(input, a_claims_language_is_kept_in_rfc5646_case);
    tcase_add_test(input, the_language_filter_finds_claims_in_any_case);
    tcase_add_test(input, response_input_is_checked);
    tcase_add_test(input, mention_input_is_checked);
    tcase_add_test(input, review_input_is_checked);

    tcase_add_test(roles, readers_and_anonymous_may_not_write);
    tcase_add_test(roles, editors_write_claims_responses_and_mentions_but_do_not_review);
    tcase_add_test(roles, moderators_and_admins_review);
    tcase_add_test(roles, readers_do_not_see_unpublished_claims);
    tcase_add_test(roles, readers_see_published_claims_without_actors);
    return th_run_suite(s);
}
