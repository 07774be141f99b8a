/*
 * test_textnorm.c -- src/base/textnorm.c: the comparison form of a text and its
 * map back to the code points as sent. Each case gives the original as
 * code points, the expected normalised code points, and for each of them
 * the original [from, to) it stands for, all written out by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "textnorm.h"

typedef struct expected_cp {
    uint32_t cp;
    size_t   from, to;
} expected_cp;

static void check(const uint32_t *original, size_t length, const expected_cp *want, size_t count)
{
    ct_textnorm n;
    ct_error err;

    ck_assert_int_eq(ct_textnorm_build(original, length, &n, &err), CT_OK);
    ck_assert_uint_eq(n.length, count);
    for (size_t i = 0; i < count; i++) {
        ck_assert_msg(n.cps[i] == want[i].cp, "[%zu]: U+%04X, expected U+%04X", i,
                      (unsigned)n.cps[i], (unsigned)want[i].cp);
        ck_assert_uint_eq(n.from[i], want[i].from);
        ck_assert_uint_eq(n.to[i], want[i].to);
    }
    ct_textnorm_free(&n);
}

#define CHECK(orig, ...) do {                                                     \
        static const expected_cp want_[] = {__VA_ARGS__};                       \
        check(orig, sizeof orig / sizeof orig[0], want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

START_TEST(nfd_is_composed_and_covers_both_code_points)
{
    /* "мой" with й as и + U+0306 */
    static const uint32_t text[] = {0x043C, 0x043E, 0x0438, 0x0306};
    CHECK(text, {0x043C, 0, 1}, {0x043E, 1, 2}, {0x0439, 2, 4});
}
END_TEST

START_TEST(precomposed_letters_stay)
{
    /* Kazakh қ ә ө and Latin é, already NFC */
    static const uint32_t text[] = {0x049B, 0x04D9, 0x04E9, 0x00E9};
    CHECK(text, {0x049B, 0, 1}, {0x04D9, 1, 2}, {0x04E9, 2, 3}, {0x00E9, 3, 4});
}
END_TEST

START_TEST(singletons_are_replaced)
{
    /* ANGSTROM SIGN and OHM SIGN have canonical singletons */
    static const uint32_t text[] = {0x212B, 0x2126};
    CHECK(text, {0x00C5, 0, 1}, {0x03A9, 1, 2});
}
END_TEST

START_TEST(whitespace_runs_are_one_space)
{
    /* a, NBSP, b, CR LF, TAB, thin space, c, narrow NBSP, d */
    static const uint32_t text[] = {'a', 0x00A0, 'b', '\r', '\n', '\t', 0x2009, 'c', 0x202F, 'd'};
    CHECK(text, {'a', 0, 1}, {' ', 1, 2}, {'b', 2, 3}, {' ', 3, 7}, {'c', 7, 8},
          {' ', 8, 9}, {'d', 9, 10});
}
END_TEST

START_TEST(format_characters_are_dropped)
{
    /* soft hyphen, zero-width space, word joiner, BOM, left-to-right mark */
    static const uint32_t text[] = {0xFEFF, 'a', 0x00AD, 'b', 0x200B, 'c', 0x2060, 0x200E, 'd'};
    CHECK(text, {'a', 1, 2}, {'b', 3, 4}, {'c', 5, 6}, {'d', 8, 9});
}
END_TEST

START_TEST(a_format_character_between_a_letter_and_its_mark_is_no_boundary)
{
    /* e SHY U+0301, и ZWSP U+0306, a ZWJ U+0308: each is NFC of the text
     * without the format character, standing for all three code points,
     * as "é", "й", "ä" typed with a hidden character inside would be */
    static const uint32_t text[] = {'e', 0x00AD, 0x0301, 0x0438, 0x200B, 0x0306,
                                    'a', 0x200D, 0x0308};
    CHECK(text, {0x00E9, 0, 3}, {0x0439, 3, 6}, {0x00E4, 6, 9});
}
END_TEST

START_TEST(hangul_jamo_compose_across_a_soft_hyphen)
{
    /* ᄒ SHY ᅡ -> 하 */
    static const uint32_t text[] = {0x1112, 0x00AD, 0x1161};
    CHECK(text, {0xD558, 0, 3});
}
END_TEST

START_TEST(a_mark_after_a_leading_format_character_stays_alone)
{
    /* BOM, U+0301, x: nothing to compose with; the mark maps to itself */
    static const uint32_t text[] = {0xFEFF, 0x0301, 'x'};
    CHECK(text, {0x0301, 1, 2}, {'x', 2, 3});
}
END_TEST

START_TEST(quotes_and_dashes_are_plain)
{
    static const uint32_t text[] = {0x00AB, 0x201E, 0x201C, 0x201D, 0x00BB, 0x2033,
                                    0x2018, 0x2019, 0x2032, 0x2014, 0x2013, 0x2011, 0x2212};
    CHECK(text, {'"', 0, 1}, {'"', 1, 2}, {'"', 2, 3}, {'"', 3, 4}, {'"', 4, 5},
          {'"', 5, 6}, {'\'', 6, 7}, {'\'', 7, 8}, {'\'', 8, 9}, {'-', 9, 10},
          {'-', 10, 11}, {'-', 11, 12}, {'-', 12, 13});
}
END_TEST

START_TEST(an_emoji_sequence_maps_emoji_by_emoji)
{
    /* x, woman ZWJ woman ZWJ girl, y: the joiners go; NFC changes nothing,
     * so each emoji maps to itself (a quote of the girl alone is 5-6) */
    static const uint32_t text[] = {'x', 0x1F469, 0x200D, 0x1F469, 0x200D, 0x1F467, 'y'};
    CHECK(text, {'x', 0, 1}, {0x1F469, 1, 2}, {0x1F469, 3, 4}, {0x1F467, 5, 6}, {'y', 6, 7});
}
END_TEST

START_TEST(hangul_jamo_compose)
{
    /* ᄒ ᅡ ᆫ -> 한 */
    static const uint32_t text[] = {0x1112, 0x1161, 0x11AB};
    CHECK(text, {0xD55C, 0, 3});
}
END_TEST

START_TEST(surrogates_are_replacement_characters)
{
    static const uint32_t text[] = {'a', 0xD800, 'b'};
    CHECK(text, {'a', 0, 1}, {0xFFFD, 1, 2}, {'b', 2, 3});
}
END_TEST

START_TEST(empty_text)
{
    ct_textnorm n;
    ct_error err;
    ck_assert_int_eq(ct_textnorm_build(NULL, 0, &n, &err), CT_OK);
    ck_assert_uint_eq(n.length, 0);
    ct_textnorm_free(&n);
    ct_textnorm_free(&n);                             /* a zeroed form frees again */
}
END_TEST

START_TEST(long_stack_of_combining_marks)
{
    /* a + 200 combining acute accents: one cluster, longer than the stack buffer */
    uint32_t *text = malloc(201 * sizeof *text);
    ct_textnorm n;
    ct_error err;

    ck_assert_ptr_nonnull(text);
    text[0] = 'a';
    for (int i = 1; i <= 200; i++)
        text[i] = 0x0301;
    ck_assert_int_eq(ct_textnorm_build(text, 201, &n, &err), CT_OK);
    ck_assert_uint_eq(n.length, 200);                 /* á + 199 accents */
    ck_assert_uint_eq(n.cps[0], 0x00E1);
    ck_assert_uint_eq(n.from[199], 0);
    ck_assert_uint_eq(n.to[199], 201);
    ct_textnorm_free(&n);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("textnorm");
    TCase *tc = tcase_create("form");
    tcase_add_test(tc, nfd_is_composed_and_covers_both_code_points);
    tcase_add_test(tc, precomposed_letters_stay);
    tcase_add_test(tc, singletons_are_replaced);
    tcase_add_test(tc, whitespace_runs_are_one_space);
    tcase_add_test(tc, format_characters_are_dropped);
    tcase_add_test(tc, a_format_character_between_a_letter_and_its_mark_is_no_boundary);
    tcase_add_test(tc, hangul_jamo_compose_across_a_soft_hyphen);
    tcase_add_test(tc, a_mark_after_a_leading_format_character_stays_alone);
    tcase_add_test(tc, quotes_and_dashes_are_plain);
    tcase_add_test(tc, an_emoji_sequence_maps_emoji_by_emoji);
    tcase_add_test(tc, hangul_jamo_compose);
    tcase_add_test(tc, surrogates_are_replacement_characters);
    tcase_add_test(tc, empty_text);
    tcase_add_test(tc, long_stack_of_combining_marks);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
