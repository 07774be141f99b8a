/*
 * test_jsonout.c -- src/base/jsonout.c: the JSON that claimtrack prints
 * itself. Its strings are escaped as json-c escapes them (every answer's
 * envelope, and every text body inside one, is made with them), so each
 * expected text here is json-c's own print of the same value. Pure
 * functions over json-c: no database, no plugin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "buf.h"
#include "jsonout.h"

static const int flag_sets[] = {JSON_C_TO_STRING_PLAIN,
                                JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE};

/* s[0, len) as ct_buf_append_json_string prints it (caller frees). */
static char *escaped(const char *s, size_t len, int flags)
{
    ct_buf b = CT_BUF_INIT;
    ct_buf_append_json_string(&b, s, len, flags);
    char *out = ct_buf_take(&b);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* The string s[0, len) as json-c prints it. */
static void assert_as_json_c(const char *s, size_t len, int flags)
{
    json_object *str = json_object_new_string_len(s, (int)len);
    const char *want = json_object_to_json_string_ext(str, flags);
    char *got = escaped(s, len, flags);
    ck_assert_msg(strcmp(got, want) == 0, "flags %d, byte 0x%02x: %s, json-c %s",
                  flags, len ? (unsigned char)s[len / 2] : 0, got, want);
    free(got);
    json_object_put(str);
}

START_TEST(every_byte_is_escaped_as_json_c_escapes_it)
{
    for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++)
        for (int c = 1; c < 256; c++) {
            char alone[1] = {(char)c};
            char inside[5] = {'a', 'b', (char)c, 'c', 'd'};
            assert_as_json_c(alone, 1, flag_sets[f]);
            assert_as_json_c(inside, 5, flag_sets[f]);
        }
}
END_TEST

START_TEST(escapes_read_as_the_reader_needs_them)
{
    static const char html[] = "<p class=\"ct\">Полиция: \"нет\"\n\t\\ a/b\x01</p>";
    char *plain = escaped(html, strlen(html), JSON_C_TO_STRING_PLAIN);
    char *noslash = escaped(html, strlen(html),
                            JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

    ck_assert_str_eq(plain, "\"<p class=\\\"ct\\\">Полиция: \\\"нет\\\"\\n\\t\\\\ a\\/b\\u0001<\\/p>\"");
    ck_assert_str_eq(noslash, "\"<p class=\\\"ct\\\">Полиция: \\\"нет\\\"\\n\\t\\\\ a/b\\u0001</p>\"");
    char *empty = escaped("", 0, JSON_C_TO_STRING_PLAIN);
    ck_assert_str_eq(empty, "\"\"");
    free(empty);
    free(plain);
    free(noslash);
}
END_TEST

START_TEST(a_long_text_round_trips_through_json_c)
{
    /* 64 KiB of HTML with quotes and Cyrillic: one escape per few bytes */
    ct_buf text = CT_BUF_INIT;
    for (int i = 0; i < 1024; i++)
        ct_buf_appendf(&text, "<a href=\"/x/%d\">Каракас \"%d\"</a>\n", i, i);
    char *html = ct_buf_take(&text);
    char *json = escaped(html, strlen(html), JSON_C_TO_STRING_NOSLASHESCAPE);
    json_object *back = ct_jparse(json);

    ck_assert_ptr_nonnull(back);
    ck_assert_str_eq(json_object_get_string(back), html);
    json_object_put(back);
    free(json);
    free(html);
}
END_TEST

START_TEST(a_tree_prints_as_json_c_prints_it)
{
    json_object *obj = ct_jparse("{\"a\":[1,-2,\"x/y\",null,true,false,{\"k\\\"\":\"\\u0007\"}],"
                                 "\"b\":18446744073709551615,\"c\":1.5e3,\"Ж\":\"ж\"}");
    ck_assert_ptr_nonnull(obj);
    for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
        char *want = strdup(json_object_to_json_string_ext(obj, flag_sets[f]));
        ck_assert_str_eq(ct_jdump(obj, flag_sets[f]), want);
        free(want);
    }
    json_object_put(obj);
}
END_TEST

static Suite *jsonout_suite(void)
{
    Suite *s = suite_create("jsonout");
    TCase *tc = tcase_create("strings");
    tcase_add_test(tc, every_byte_is_escaped_as_json_c_escapes_it);
    tcase_add_test(tc, escapes_read_as_the_reader_needs_them);
    tcase_add_test(tc, a_long_text_round_trips_through_json_c);
    suite_add_tcase(s, tc);

    tc = tcase_create("trees");
    tcase_add_test(tc, a_tree_prints_as_json_c_prints_it);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(jsonout_suite());
}
