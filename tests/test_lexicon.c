/*
 * test_lexicon.c -- src/domain/lexicon.c: the comparison form matching
 * reads claims and sentences in. Every expected form is written out by
 * hand: places as one word each, numbers as one word of digits, the
 * desk's phrases replaced, Kazakh endings off.
 */
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "testhost.h"

static void form_is(const char *language, const char *text, const char *want)
{
    char *got = ct_lexicon_normalize(language, text, strlen(text));
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(every_name_of_a_place_is_one_word)
{
    form_is("ru", "Жить в столице Казахстана сейчас так же опасно, как в столице Венесуэлы.",
            "жить в place1 сейчас преступность как в place20");
    form_is("kk", "Астанадағы қылмыс Каракастағыдай", "place1 қылмыс place20 сияқ");
    form_is("en", "The Kazakh capital rivals Caracas", "the place1 like place20");
    /* the longest phrase wins: the southern capital is Almaty, not Astana */
    form_is("en", "Kazakhstan's southern capital", "place2");
    form_is("kk", "Оңтүстік астанада нанның құны екі еселенді",
            "place2 нан баға 2 есе қымбатта");
    /* any language: places still one word, nothing else changed */
    form_is("de", "Die Stadt Astana", "die stadt place1");
    /* the text's own "place7" names no place */
    form_is("en", "place7 and place7b", "place and place7b");
    form_is("kk", "place99ның", "place");
}
END_TEST

START_TEST(every_number_is_one_word_of_digits)
{
    form_is("ru", "20 тысяч, 20 000 и двадцать тысяч камер", "20000 20000 и 20000 камер");
    form_is("en", "ten thousand, 10,000 and twenty-five per cent", "10000 10000 and 25 percent");
    form_is("ru", "До шестидесяти пяти лет в 2026 году", "до 65 лет в 2026 году");
    form_is("ru", "Половина школ", "50 процентов школ");
    form_is("en", "Exports halved", "exports fell by 50 percent");
    form_is("kk", "Дәрігерлердің бестен біріне жетті", "дәрігер 20 пайыз жет");
    /* a year stays a year: 2026 is not continued by 300 */
    form_is("ru", "в 2026 300 человек", "в 2026 300 человек");
}
END_TEST

START_TEST(a_phrase_that_denies_is_replaced_whole)
{
    form_is("ru", "Вода не годится для питья", "вода непригодна для питья");
    form_is("ru", "Женщины смогут уйти на пенсию не раньше 65 лет",
            "женщины смогут пенсионный возраст до 65 лет");
}
END_TEST

START_TEST(kazakh_words_lose_their_endings_but_denials_keep_theirs)
{
    form_is("kk", "Газ бағасы 2026 жылы 30 пайызға өспейді", "газ баға 2026 жыл 30 пайыз өспейді");
    form_is("kk", "мектептердің жартысы", "мектеп 50 пайыз");
    /* three letters always stay: "нан" is not cut */
    form_is("kk", "нан", "нан");
}
END_TEST

START_TEST(text_without_words_and_invalid_utf8)
{
    form_is("ru", "", "");
    form_is("en", " — , . ", "");
    form_is("en", "abc \xff def", "abc");
    char *got = ct_lexicon_normalize(NULL, "Astana", 6);
    ck_assert_str_eq(got, "place1");
    free(got);
}
END_TEST

START_TEST(place_ids_of_the_form)
{
    ck_assert_int_eq(ct_lexicon_place_id("place20"), 20);
    ck_assert_int_eq(ct_lexicon_place_id("place1"), 1);
    ck_assert_int_eq(ct_lexicon_place_id("place"), -1);
    ck_assert_int_eq(ct_lexicon_place_id("placex"), -1);
    ck_assert_int_eq(ct_lexicon_place_id("place64"), -1);
    ck_assert_int_eq(ct_lexicon_place_id("place1a"), -1);
    ck_assert(ct_lexicon_place_is_city(1));
    ck_assert(!ct_lexicon_place_is_city(30));          /* Kazakhstan: a country */
    ck_assert(!ct_lexicon_place_is_city(63));          /* no such place */
}
END_TEST

/* What a word is made of, for the comparison form and the scan alike:
   letters of any script, digits and combining marks; not spaces, hyphens,
   quotation marks, percent signs or dashes. */
/* Every modal counts as a modal that is itself in the list: anchor.c's
   modal_of looks the word it counts as up there. */
START_TEST(every_modal_counts_as_a_listed_modal)
{
    size_t rows = 0;
    for (size_t i = 0; ct_lexicon_modals[i][0]; i++, rows++) {
        bool listed = false;
        for (size_t j = 0; ct_lexicon_modals[j][0] && !listed; j++)
            listed = strcmp(ct_lexicon_modals[j][0], ct_lexicon_modals[i][1]) == 0;
        ck_assert_msg(listed, "%s counts as %s, which is not listed", ct_lexicon_modals[i][0],
                      ct_lexicon_modals[i][1]);
    }
    ck_assert_int_eq(rows, 33);
}
END_TEST

START_TEST(word_characters)
{
    static const int32_t in_words[] = {'a', 'Z', '7', 0x0416 /* Ж */, 0x04D9 /* ә */,
                                       0x0301 /* combining acute */, 0x0661 /* Arabic 1 */};
    static const int32_t between[] = {' ', '-', '%', 0x00AB /* « */, 0x2014 /* — */,
                                      0x00A0 /* no-break space */, '.'};
    for (size_t i = 0; i < sizeof in_words / sizeof *in_words; i++)
        ck_assert_msg(ct_lexicon_word_char(in_words[i]), "U+%04X", (unsigned)in_words[i]);
    for (size_t i = 0; i < sizeof between / sizeof *between; i++)
        ck_assert_msg(!ct_lexicon_word_char(between[i]), "U+%04X", (unsigned)between[i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("form");
    tcase_add_test(tc, every_name_of_a_place_is_one_word);
    tcase_add_test(tc, every_number_is_one_word_of_digits);
    tcase_add_test(tc, a_phrase_that_denies_is_replaced_whole);
    tcase_add_test(tc, kazakh_words_lose_their_endings_but_denials_keep_theirs);
    tcase_add_test(tc, text_without_words_and_invalid_utf8);
    tcase_add_test(tc, place_ids_of_the_form);
    tcase_add_test(tc, word_characters);
    tcase_add_test(tc, every_modal_counts_as_a_listed_modal);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
