/*
 * test_i18n.c -- src/render/i18n.c: the sentences of a notice in each
 * language, dated and undated.
 *
 * A response imported without a date (sql/025_unknown_dates.sql) must
 * read as a whole sentence that ends at its author: no empty <time>, no
 * "on" or comma left hanging, no placeholder. Every sentence of the
 * vocabulary (src/vocabulary.txt) and of the author's own apology and
 * retraction is checked, so a sentence added with the date elsewhere than
 * at its end fails here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "base/buf.h"
#include "base/vocabulary.h"
#include "render/i18n.h"

static char *happened(ct_lang lang, const char *kind, bool by_claimant, const char *when)
{
    ct_buf b = CT_BUF_INIT;
    ct_i18n_happened(&b, lang, kind, "Police <Astana>", by_claimant, when);
    char *text = ct_buf_take(&b);
    ck_assert_ptr_nonnull(text);
    return text;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

START_TEST(a_dated_sentence_ends_with_its_date)
{
    char *en = happened(CT_LANG_EN, "rebuttal", false, "2025-12-01T00:00:00+05:00");
    ck_assert_str_eq(en, "Refuted by Police &lt;Astana&gt; on "
                         "<time datetime=\"2025-12-01\">1 December 2025</time>");
    char *ru = happened(CT_LANG_RU, "apology", true, "2025-12-01");
    ck_assert_str_eq(ru, "Автор заявления публично извинился "
                         "<time datetime=\"2025-12-01\">1 декабря 2025 г.</time>");
    free(en);
    free(ru);
}
END_TEST

START_TEST(an_undated_sentence_ends_at_its_author)
{
    static const struct { ct_lang lang; const char *kind; bool by_claimant; const char *want; } cases[] = {
        {CT_LANG_EN, "rebuttal", false, "Refuted by Police &lt;Astana&gt;"},
        {CT_LANG_EN, "apology", false, "Police &lt;Astana&gt; apologised"},
        {CT_LANG_EN, "context", false, "Context from Police &lt;Astana&gt;"},
        {CT_LANG_EN, "apology", true, "The author apologised"},
        {CT_LANG_EN, "retraction", true, "The author retracted the claim"},
        {CT_LANG_RU, "rebuttal", false, "Опровержение: Police &lt;Astana&gt;"},
        {CT_LANG_RU, "apology", true, "Автор заявления публично извинился"},
        {CT_LANG_KK, "rebuttal", false, "Теріске шығарды: Police &lt;Astana&gt;"},
        {CT_LANG_KK, "apology", true, "Мәлімдеме авторы кешірім сұрады"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = happened(cases[i].lang, cases[i].kind, cases[i].by_claimant, NULL);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: \"%s\", expected \"%s\"",
                      i, got, cases[i].want);
        free(got);
    }
}
END_TEST

/* Every kind in every language, said by another or by the claim's own
   author: undated, the sentence is the dated one up to what joined the
   date, and that join is only spaces, a comma or colon, or "on". */
START_TEST(every_sentence_drops_its_date_whole)
{
    static const char *const joins[] = {" on <time", ", <time", ": <time", " <time", NULL};
    for (int lang = 0; lang < CT_LANG_COUNT; lang++)
        for (size_t k = 0; ct_vocab_kind_keys[k]; k++)
            for (int by_claimant = 0; by_claimant <= 1; by_claimant++) {
                const char *kind = ct_vocab_kind_keys[k];
                char *dated = happened((ct_lang)lang, kind, by_claimant, "2025-12-01");
                char *undated = happened((ct_lang)lang, kind, by_claimant, NULL);
                size_t n = strlen(undated);
                bool joined = false;
                for (const char *const *j = joins; *j && !joined; j++)
                    joined = strncmp(dated + n, *j, strlen(*j)) == 0;
                ck_assert_msg(strncmp(dated, undated, n) == 0 && joined
                              && ends_with(dated, "</time>")
                              && !strchr(undated, '{') && !strstr(undated, "<time")
                              && !ends_with(undated, " ") && !ends_with(undated, ",")
                              && !ends_with(undated, ":") && !ends_with(undated, " on"),
                              "%s, %s, by_claimant %d: dated \"%s\", undated \"%s\"",
                              ct_i18n_languages[lang], kind, by_claimant, dated, undated);
                free(dated);
                free(undated);
            }
}
END_TEST

START_TEST(a_time_element_needs_a_day)
{
    ct_buf b = CT_BUF_INIT;
    ct_i18n_time_element(&b, CT_LANG_EN, NULL);
    ct_i18n_time_element(&b, CT_LANG_EN, "2025-12");
    ck_assert_uint_eq(b.len, 0);
    ct_i18n_time_element(&b, CT_LANG_KK, "2025-12-01");
    ck_assert_uint_gt(b.len, 0);
    ct_buf_free(&b);
}
END_TEST

START_TEST(a_tag_is_negotiated_by_its_primary_subtag)
{
    static const struct { const char *tag; ct_lang lang; } known[] = {
        {"ru", CT_LANG_RU}, {"ru-RU", CT_LANG_RU}, {"RU", CT_LANG_RU}, {"rU-kz", CT_LANG_RU},
        {"kk", CT_LANG_KK}, {"kk-Cyrl-KZ", CT_LANG_KK}, {"KK-cyrl-kz", CT_LANG_KK},
        {"en", CT_LANG_EN}, {"EN", CT_LANG_EN}, {"en-GB", CT_LANG_EN}, {"EN-gb", CT_LANG_EN},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        ct_lang lang = (ct_lang)-1;
        ck_assert_msg(ct_i18n_negotiate(known[i].tag, &lang), "%s", known[i].tag);
        ck_assert_int_eq(lang, known[i].lang);
    }
    static const char *const other[] = {"de", "fil", "fi", "rue", "kkj", "enx", "e", "",
                                         "-ru", "r-u", "ru_RU"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        ct_lang lang = CT_LANG_KK;
        ck_assert_msg(!ct_i18n_negotiate(other[i], &lang), "%s", other[i]);
        ck_assert_int_eq(lang, CT_LANG_KK);           /* untouched */
    }
    ck_assert(!ct_i18n_negotiate(NULL, &(ct_lang){CT_LANG_EN}));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("i18n");
    TCase *tc = tcase_create("sentences");
    tcase_add_test(tc, a_dated_sentence_ends_with_its_date);
    tcase_add_test(tc, an_undated_sentence_ends_at_its_author);
    tcase_add_test(tc, every_sentence_drops_its_date_whole);
    tcase_add_test(tc, a_time_element_needs_a_day);
    tcase_add_test(tc, a_tag_is_negotiated_by_its_primary_subtag);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
