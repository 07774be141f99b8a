/*
 * test_langname.c -- src/base/langname.c: a language's name as its ISO
 * 639 code, and a tag in its canonical form, by ICU's CLDR data.
 */
#include <stdio.h>
#include <string.h>

#include "testhost.h"
#include "base/langname.h"

static const char *const desk_languages[] = {"ru", "kk", NULL};

static const char *code_of(const char *name)
{
    static char out[8];
    snprintf(out, sizeof out, "%s", "-");
    ct_language_from_name(name, desk_languages, out, sizeof out);
    return out;
}

START_TEST(a_name_in_english_in_itself_or_in_a_desk_language)
{
    static const char *const cases[][2] = {
        {"Russian", "ru"}, {"русский", "ru"}, {"РУССКИЙ", "ru"}, {"  Kazakh\t", "kk"},
        {"қазақ тілі", "kk"}, {"орыс тілі", "ru"}, {"английский", "en"}, {"English", "en"},
        {"Deutsch", "de"}, {"украинский", "uk"}, {"Hawaiian", "haw"},
        /* "й" written as "и" and a combining breve is the same letter */
        {"русски\xd0\xb8\xcc\x86", "ru"},
        {"Newspeak", "-"}, {"ru", "-"}, {"", "-"}, {"   ", "-"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(strcmp(code_of(cases[i][0]), cases[i][1]) == 0, "\"%s\": %s, expected %s",
                      cases[i][0], code_of(cases[i][0]), cases[i][1]);
}
END_TEST

START_TEST(what_cannot_be_a_name_is_refused)
{
    char out[2] = "x", name[128];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ck_assert(!ct_language_from_name(NULL, desk_languages, out, sizeof out));
    ck_assert(!ct_language_from_name(name, desk_languages, out, sizeof out));
    /* "ru" needs 3 bytes: out is left as it was */
    ck_assert(!ct_language_from_name("Russian", desk_languages, out, sizeof out));
    ck_assert_str_eq(out, "x");
}
END_TEST

START_TEST(a_tag_takes_its_canonical_form)
{
    static const char *const cases[][2] = {
        {"rus", "ru"}, {"kaz", "kk"}, {"eng-GB", "en-GB"}, {"iw", "he"}, {"in", "id"},
        {"ru", "ru"}, {"kk-KZ", "kk-KZ"}, {"en-gb", "en-GB"}, {"zh-Hans", "zh-Hans"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[16] = "-";
        ck_assert_msg(ct_language_tag_canonical(cases[i][0], out, sizeof out)
                      && strcmp(out, cases[i][1]) == 0, "%s: %s, expected %s",
                      cases[i][0], out, cases[i][1]);
    }
    char small[3] = "x";
    ck_assert(!ct_language_tag_canonical("en-GB", small, sizeof small));
    ck_assert(!ct_language_tag_canonical("not a tag!", small, sizeof small));
    ck_assert_str_eq(small, "x");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("langname");
    TCase *tc = tcase_create("names and tags");
    tcase_add_test(tc, a_name_in_english_in_itself_or_in_a_desk_language);
    tcase_add_test(tc, what_cannot_be_a_name_is_refused);
    tcase_add_test(tc, a_tag_takes_its_canonical_form);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
