/*
 * test_anchor.c -- src/domain/anchor.c: re-anchoring the seed story's quote
 * ("сравнив ситуацию в столице Казахстана с криминогенной обстановкой в
 * Венесуэле", with 32 code points of prefix and suffix) in edited versions
 * of data/seed/article-ru.txt: untouched, edited before, after and inside
 * the quote, duplicated with other or identical context, moved context
 * with a position hint, deleted, changed beyond the error bound; short
 * quotes, 4-byte characters, an empty text and a text of ~1.2 MB; a
 * quote repeated 4,200 times, more often than candidates are scored.
 *
 * Every expected offset is computed here by counting code points in the
 * bytes (a code point is a byte that is not 10xxxxxx), never with the
 * module's own functions. Pure functions: no database, no plugin. Run from
 * the top of the checkout, where the seed file is.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "anchor.h"

#define ARTICLE_PATH "data/seed/article-ru.txt"
#define QUOTE        "сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Венесуэле"
#define CONTEXT_CPS  32

/* The seed article and the selector taken from it, fresh for every test. */
static char *article;
static char *prefix, *suffix;
static long  quote_start, quote_end;   /* code points, in the untouched article */

/* ---- helpers: text surgery and code point counting --------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (run from the top of the checkout)", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    ck_assert_int_gt(size, 0);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    return text;
}

/* Code points in s[0..bytes). */
static long cps_in(const char *s, size_t bytes)
{
    long n = 0;
    for (size_t i = 0; i < bytes; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static long cps(const char *s)
{
    return cps_in(s, strlen(s));
}

/* Code point offset of the n-th (0-based) occurrence of needle in text. */
static long cp_offset_nth(const char *text, const char *needle, int n)
{
    const char *at = strstr(text, needle);
    for (int i = 0; i < n && at != NULL; i++)
        at = strstr(at + 1, needle);
    ck_assert_msg(at != NULL, "'%s' is not in the text %d times", needle, n + 1);
    return cps_in(text, (size_t)(at - text));
}

static long cp_offset(const char *text, const char *needle)
{
    return cp_offset_nth(text, needle, 0);
}

/* A copy of s[from..to) (byte offsets). */
static char *slice(const char *s, size_t from, size_t to)
{
    char *copy = malloc(to - from + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, s + from, to - from);
    copy[to - from] = '\0';
    return copy;
}

/* Byte index `count` code points before / after byte index at. */
static size_t back_cps(const char *s, size_t at, int count)
{
    while (count > 0 && at > 0) {
        at--;
        if (((unsigned char)s[at] & 0xC0) != 0x80)
            count--;
    }
    return at;
}

static size_t forward_cps(const char *s, size_t at, int count)
{
    size_t len = strlen(s);
    while (count > 0 && at < len) {
        at++;
        while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        count--;
    }
    return at;
}

/* text with its first `old` replaced by `new_text`; malloc'd. */
static char *replace_first(const char *text, const char *old, const char *new_text)
{
    const char *at = strstr(text, old);
    ck_assert_msg(at != NULL, "'%s' is not in the text", old);
    size_t head = (size_t)(at - text), old_len = strlen(old), new_len = strlen(new_text);
    size_t tail = strlen(at + old_len);
    char *out = malloc(head + new_len + tail + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, text, head);
    memcpy(out + head, new_text, new_len);
    memcpy(out + head + new_len, at + old_len, tail + 1);
    return out;
}

/* a followed by b; malloc'd. */
static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *out = malloc(la + lb + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, a, la);
    memcpy(out + la, b, lb + 1);
    return out;
}

/* ---- helpers: anchoring ------------------------------------------------- */

static void seed_setup(void)
{
    article = read_file(ARTICLE_PATH);
    const char *at = strstr(article, QUOTE);
    ck_assert_ptr_nonnull(at);
    size_t begin = (size_t)(at - article), finish = begin + strlen(QUOTE);
    prefix = slice(article, back_cps(article, begin, CONTEXT_CPS), begin);
    suffix = slice(article, finish, forward_cps(article, finish, CONTEXT_CPS));
    quote_start = cps_in(article, begin);
    quote_end = quote_start + cps(QUOTE);
}

static void seed_teardown(void)
{
    free(article);
    free(prefix);
    free(suffix);
    article = prefix = suffix = NULL;
}

/* The stored selector: the quote, its context and its last position. */
static ct_anchor_selector seed_selector(void)
{
    ct_anchor_selector sel = {QUOTE, prefix, suffix, quote_start, quote_end};
    return sel;
}

static ct_anchor_result anchor_in(const char *text, const ct_anchor_selector *sel)
{
    ct_anchor_text *doc = NULL;
    ct_anchor_result result;
    ct_error err;

    ct_error_clear(&err);
    ck_assert_int_eq(ct_anchor_text_new(text, strlen(text), &doc, &err), CT_OK);
    ck_assert_int_eq(ct_anchor_find(doc, sel, &result, &err), CT_OK);
    ct_anchor_text_free(doc);
    return result;
}

#define assert_anchor(r, want_how, want_start, want_end) do {                        \
        ct_anchor_result r_ = (r);                                                    \
        ck_assert_msg(r_.how == (want_how), "anchored as %s, expected %s",           \
                      ct_anchor_how_name(r_.how), ct_anchor_how_name(want_how));     \
        ck_assert_int_eq(r_.start, (want_start));                                     \
        ck_assert_int_eq(r_.end, (want_end));                                         \
    } while (0)

#define assert_orphaned(r) do {                                                       \
        ct_anchor_result o_ = (r);                                                    \
        assert_anchor(o_, CT_ANCHOR_ORPHANED, -1, -1);                                \
        ck_assert_int_eq(o_.errors, 0);                                               \
    } while (0)

/* ---- the seed article --------------------------------------------------- */

START_TEST(seed_selector_is_32_code_points_each_side)
{
    ck_assert_int_eq(cps(prefix), CONTEXT_CPS);
    ck_assert_int_eq(cps(suffix), CONTEXT_CPS);
    ck_assert_int_eq(cps(QUOTE), 77);
    ck_assert_str_eq(prefix, "ым с точки зрения преступности, ");
}
END_TEST

START_TEST(unchanged_text_is_exact_at_the_code_point_offset)
{
    ct_anchor_selector sel = seed_selector();
    long byte_offset = (long)(strstr(article, QUOTE) - article);

    ct_anchor_result r = anchor_in(article, &sel);
    assert_anchor(r, CT_ANCHOR_EXACT, quote_start, quote_start + 77);
    ck_assert_int_eq(r.errors, 0);
    /* Cyrillic takes two bytes a letter: offsets in bytes would be larger. */
    ck_assert_int_ne(r.start, byte_offset);
    ck_assert_int_lt(r.start, byte_offset);

    /* Without a hint, or without context, the only occurrence is still exact. */
    sel.start = sel.end = -1;
    assert_anchor(anchor_in(article, &sel), CT_ANCHOR_EXACT, quote_start, quote_end);
    sel.prefix = NULL;
    sel.suffix = "";
    assert_anchor(anchor_in(article, &sel), CT_ANCHOR_EXACT, quote_start, quote_end);
}
END_TEST

START_TEST(paragraph_inserted_before_shifts_the_start)
{
    const char *paragraph = "Обновлено: редакция уточнила детали заявления депутата.\n\n";
    char *edited = concat(paragraph, article);
    ct_anchor_selector sel = seed_selector();
    long shift = cps(paragraph);

    ck_assert_int_eq(shift, 57);
    assert_anchor(anchor_in(edited, &sel), CT_ANCHOR_EXACT, quote_start + shift,
                  quote_end + shift);
    free(edited);
}
END_TEST

START_TEST(edit_after_keeps_the_start)
{
    char *edited = replace_first(article, "Депутат также публично извинился за свои слова.",
                                 "Депутат позже публично извинился за свои слова на "
                                 "очередной сессии маслихата.");
    ct_anchor_selector sel = seed_selector();

    assert_anchor(anchor_in(edited, &sel), CT_ANCHOR_EXACT, quote_start, quote_end);
    free(edited);
}
END_TEST

/* The article with the quote replaced by edited_quote: approximate, covering it. */
static void assert_edit_inside_found(const char *edited_quote, int want_errors)
{
    char *edited = replace_first(article, QUOTE, edited_quote);
    ct_anchor_selector sel = seed_selector();
    long start = cp_offset(edited, edited_quote);

    ck_assert_int_eq(start, quote_start);
    ct_anchor_result r = anchor_in(edited, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, start, start + cps(edited_quote));
    ck_assert_int_gt(r.errors, 0);
    ck_assert_int_le(r.errors, 77 / 5);
    if (want_errors > 0)
        ck_assert_int_eq(r.errors, want_errors);
    free(edited);
}

START_TEST(typo_inside_the_quote_is_approximate)
{
    /* one letter dropped, one doubled, one swapped */
    assert_edit_inside_found("сравнив ситуацию в столице Казахтана с криминогенной "
                             "обстановкой в Венесуэле", 1);
    assert_edit_inside_found("сравнив ситуацию в столлице Казахстана с криминогенной "
                             "обстановкой в Венесуэле", 1);
    assert_edit_inside_found("сравнив ситуацию в столице Казахстана с криминогеной "
                             "обстановкой в Венесуэле", 1);
    assert_edit_inside_found("сравнив ситуацию в столице Казахстана с криминогенной "
                             "обстановкой в Венесуэлле", 1);
}
END_TEST

/* A word of the quote replaced by another is a different statement: orphaned,
   with the reason, even though the edit distance is small. */
START_TEST(word_replaced_inside_the_quote_is_orphaned)
{
    static const char *const replaced[] = {
        "сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Каракасе",
        "сравнив обстановку в столице Казахстана с криминогенной обстановкой в Венесуэле",
    };
    for (size_t i = 0; i < sizeof replaced / sizeof replaced[0]; i++) {
        char *edited = replace_first(article, QUOTE, replaced[i]);
        ct_anchor_selector sel = seed_selector();
        ct_anchor_result r = anchor_in(edited, &sel);
        assert_orphaned(r);
        ck_assert_str_eq(r.refused, "word_changed");
        free(edited);
    }
}
END_TEST

/* Words added to the quote keep every word of it, and a word changed in a
   third of its letters or less is still that word: approximate. */
START_TEST(word_inserted_inside_the_quote_is_approximate)
{
    /* "криминогенной" -> "криминальной": 4 edits in 13 letters */
    assert_edit_inside_found("сравнив ситуацию в столице Казахстана с криминальной "
                             "обстановкой в Венесуэле", 4);
    assert_edit_inside_found("сравнив ситуацию в столице Казахстана с криминогенной "
                             "обстановкой в далёкой Венесуэле", 8);
    assert_edit_inside_found("сравнив ситуацию в столице Казахстана, Астане, с криминогенной "
                             "обстановкой в Венесуэле", 9);
}
END_TEST

/* An edited quote repeated elsewhere without its context: the original wins. */
START_TEST(approximate_match_prefers_its_context)
{
    const char *typo = "сравнив ситуацию в столице Казахтана с криминогенной "
                       "обстановкой в Венесуэле";
    char *edited = replace_first(article, QUOTE, typo);
    char *quoted = concat("Цитата дня: «" "сравнив ситуацию в столице Казахтана с "
                          "криминогенной обстановкой в Венесуэле" "».\n\n", edited);
    ct_anchor_selector sel = seed_selector();
    long start = cp_offset_nth(quoted, typo, 1);

    sel.start = sel.end = -1;
    ct_anchor_result r = anchor_in(quoted, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, start, start + cps(typo));
    ck_assert_int_eq(r.errors, 1);
    free(edited);
    free(quoted);
}
END_TEST

/* ---- duplicates ------------------------------------------------------------ */

START_TEST(duplicate_with_other_context_is_told_apart)
{
    char *quoted = concat("Цитата дня: «" QUOTE "».\n\n", article);
    ct_anchor_selector sel = seed_selector();
    long start = cp_offset_nth(quoted, QUOTE, 1);

    ck_assert_int_eq(cp_offset(quoted, QUOTE), 13);
    sel.start = sel.end = -1;
    assert_anchor(anchor_in(quoted, &sel), CT_ANCHOR_EXACT, start, start + 77);
    free(quoted);
}
END_TEST

/* Neither occurrence has its whole context: the better score wins, even
   when the hint is nearer the other one. */
START_TEST(partial_context_is_scored_before_distance)
{
    char *edited = replace_first(article, "с точки зрения преступности", "с тчки зрения преступности");
    char *quoted = concat("Цитата дня: «" QUOTE "».\n\n", edited);
    ct_anchor_selector sel = seed_selector();
    long start = cp_offset_nth(quoted, QUOTE, 1);

    sel.start = 14;     /* one past the duplicate */
    sel.end = 14 + 77;
    assert_anchor(anchor_in(quoted, &sel), CT_ANCHOR_CONTEXT, start, start + 77);
    free(edited);
    free(quoted);
}
END_TEST

START_TEST(identical_context_twice_takes_the_one_nearest_the_hint)
{
    char *twice = concat(article, article);
    ct_anchor_selector sel = seed_selector();
    long first = cp_offset_nth(twice, QUOTE, 0), second = cp_offset_nth(twice, QUOTE, 1);

    ck_assert_int_eq(first, quote_start);
    ck_assert_int_eq(second, quote_start + cps(article));

    /* Hints a few code points off, so that the text there is not the quote. */
    sel.start = second - 5;
    sel.end = sel.start + 77;
    assert_anchor(anchor_in(twice, &sel), CT_ANCHOR_CONTEXT, second, second + 77);
    sel.start = second + 400;
    sel.end = sel.start + 77;
    assert_anchor(anchor_in(twice, &sel), CT_ANCHOR_CONTEXT, second, second + 77);
    sel.start = first + 3;
    sel.end = sel.start + 77;
    assert_anchor(anchor_in(twice, &sel), CT_ANCHOR_CONTEXT, first, first + 77);

    /* No hint: the first. */
    sel.start = sel.end = -1;
    assert_anchor(anchor_in(twice, &sel), CT_ANCHOR_CONTEXT, first, first + 77);
    free(twice);
}
END_TEST

/* The words around the quote were rewritten (same lengths) and the quote is
   also cited at the end with a context of its own. The stored position
   names the tagged occurrence; a hint at the citation does not make it
   the tagged passage, since its context contradicts the stored one. */
START_TEST(position_hint_is_used_when_the_context_changed)
{
    char *reworded = replace_first(article, "с точки зрения преступности", "с точки зрения безопасности");
    char *moved = replace_first(reworded, "Позже в Департаменте", "Затем в Департаменте");
    char *cited = concat(moved, "\n\nЦитата дня: «" QUOTE "».");
    ct_anchor_selector sel = seed_selector();
    long second = cp_offset_nth(cited, QUOTE, 1);

    ck_assert_int_eq(cp_offset(cited, QUOTE), quote_start);
    assert_anchor(anchor_in(cited, &sel), CT_ANCHOR_POSITION, quote_start, quote_end);

    sel.start = second;
    sel.end = second + 77;
    assert_anchor(anchor_in(cited, &sel), CT_ANCHOR_CONTEXT, quote_start, quote_end);

    sel.start = second + 1;
    sel.end = second + 78;
    assert_anchor(anchor_in(cited, &sel), CT_ANCHOR_CONTEXT, quote_start, quote_end);
    free(reworded);
    free(moved);
    free(cited);
}
END_TEST

START_TEST(a_unique_quote_is_exact_whatever_the_hint)
{
    ct_anchor_selector sel = seed_selector();

    sel.start = 10;
    sel.end = 87;
    sel.prefix = "совсем другой текст";
    assert_anchor(anchor_in(article, &sel), CT_ANCHOR_EXACT, quote_start, quote_end);
}
END_TEST

/* ---- gone ------------------------------------------------------------------ */

START_TEST(deleted_quote_is_orphaned)
{
    char *edited = replace_first(article, QUOTE, "");
    ct_anchor_selector sel = seed_selector();

    assert_orphaned(anchor_in(edited, &sel));
    free(edited);
}
END_TEST

START_TEST(quote_rewritten_beyond_the_error_bound_is_orphaned)
{
    char *edited = replace_first(article, QUOTE, "сравнив положение дел в Астане с обстановкой "
                                 "в крупных городах Латинской Америки");
    ct_anchor_selector sel = seed_selector();

    assert_orphaned(anchor_in(edited, &sel));
    free(edited);
}
END_TEST

/* The quote with every 4th code point from the 3rd on replaced by 'Ж' (not
   in the quote), `count` times: k = 77 / 5 = 15 such replacements are
   found with 15 errors, 16 are not found. */
static char *with_replacements(int count)
{
    char *edited = strdup(QUOTE);
    char *out = malloc(strlen(QUOTE) * 2 + 1);
    ck_assert_ptr_nonnull(edited);
    ck_assert_ptr_nonnull(out);
    size_t from = 0, to = 0;
    int cp = 0, done = 0;
    while (edited[from] != '\0') {
        size_t next = forward_cps(edited, from, 1);
        if (cp % 4 == 2 && done < count) {
            memcpy(out + to, "Ж", 2);
            to += 2;
            done++;
        } else {
            memcpy(out + to, edited + from, next - from);
            to += next - from;
        }
        from = next;
        cp++;
    }
    out[to] = '\0';
    ck_assert_int_eq(done, count);
    free(edited);
    return out;
}

START_TEST(error_bound_is_a_fifth_of_the_quote)
{
    char *fifteen = with_replacements(15), *sixteen = with_replacements(16);
    char *text15 = replace_first(article, QUOTE, fifteen);
    char *text16 = replace_first(article, QUOTE, sixteen);
    ct_anchor_selector sel = seed_selector();

    ck_assert_int_eq(cps(fifteen), 77);
    ct_anchor_result r = anchor_in(text15, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, quote_start, quote_end);
    ck_assert_int_eq(r.errors, 15);
    assert_orphaned(anchor_in(text16, &sel));
    free(fifteen);
    free(sixteen);
    free(text15);
    free(text16);
}
END_TEST

START_TEST(short_quotes_are_never_approximate)
{
    ct_anchor_selector sel = {"акиМ", NULL, NULL, -1, -1};   /* "аким" with one error */

    ck_assert_int_eq(cps(sel.exact), 4);
    assert_orphaned(anchor_in(article, &sel));
    sel.exact = "Nur.K";             /* there as "Nur.KZ": exact */
    long at = cp_offset(article, "Nur.K");
    assert_anchor(anchor_in(article, &sel), CT_ANCHOR_EXACT, at, at + 5);

    /* Short but exact is found. */
    sel.exact = "СЦК";
    at = cp_offset(article, "СЦК");
    assert_anchor(anchor_in(article, &sel), CT_ANCHOR_EXACT, at, at + 3);
    sel.exact = "СЦЖ";
    assert_orphaned(anchor_in(article, &sel));

    /* Five code points allow one error: "Жениc" with a Latin c. */
    sel.exact = "Жениc";
    at = cp_offset(article, "Женис");
    ct_anchor_result r = anchor_in(article, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, at, at + 5);
    ck_assert_int_eq(r.errors, 1);
}
END_TEST

/* ---- code points, empty and large texts ------------------------------------ */

START_TEST(four_byte_characters_count_as_one_code_point)
{
    const char *text = "Начало \xF0\x9F\x98\x80\xF0\x9F\x8E\x89 текст: «важная \xF0\x9F\x9A\x80 "
                       "цитата здесь» конец \xF0\x9F\x98\x80.";
    const char *quote = "важная \xF0\x9F\x9A\x80 цитата здесь";
    ct_anchor_selector sel = {quote, "текст: «", "»", -1, -1};
    long start = cp_offset(text, quote);
    long byte_offset = (long)(strstr(text, quote) - text);

    ck_assert_int_eq(start, 18);
    ck_assert_int_eq(byte_offset, 36);
    ck_assert_int_eq(cps(quote), 21);
    assert_anchor(anchor_in(text, &sel), CT_ANCHOR_EXACT, start, start + 21);

    ct_anchor_text *doc = NULL;
    ct_error err;
    ck_assert_int_eq(ct_anchor_text_new(text, strlen(text), &doc, &err), CT_OK);
    ck_assert_uint_eq(ct_anchor_text_length(doc), (size_t)cps(text));
    ct_anchor_text_free(doc);

    /* The rocket became a flying saucer: one error, same span. */
    char *edited = replace_first(text, "\xF0\x9F\x9A\x80", "\xF0\x9F\x9B\xB8");
    ct_anchor_result r = anchor_in(edited, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, start, start + 21);
    ck_assert_int_eq(r.errors, 1);
    free(edited);
}
END_TEST

START_TEST(empty_text_orphans_everything)
{
    ct_anchor_text *doc = NULL;
    ct_anchor_result r;
    ct_error err;
    ct_anchor_selector sel = seed_selector();

    ck_assert_int_eq(ct_anchor_text_new("", 0, &doc, &err), CT_OK);
    ck_assert_uint_eq(ct_anchor_text_length(doc), 0);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_OK);
    assert_orphaned(r);
    sel.start = 0;
    sel.end = 0;
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_OK);
    assert_orphaned(r);
    ct_anchor_text_free(doc);

    ck_assert_int_eq(ct_anchor_text_new(NULL, 0, &doc, &err), CT_OK);
    ck_assert_uint_eq(ct_anchor_text_length(doc), 0);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_OK);
    assert_orphaned(r);
    ct_anchor_text_free(doc);
}
END_TEST

START_TEST(hints_outside_the_text_are_harmless)
{
    char *edited = replace_first(article, QUOTE, "сравнив ситуацию в столице Казахтана с "
                                 "криминогенной обстановкой в Венесуэле");
    ct_anchor_selector sel = seed_selector();
    long bad[][2] = {{100000, 100077}, {quote_start, quote_start - 1}, {-1, 5},
                     {quote_start, 100000}, {0, 0}};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sel.start = bad[i][0];
        sel.end = bad[i][1];
        assert_anchor(anchor_in(edited, &sel), CT_ANCHOR_APPROXIMATE, quote_start, quote_end - 1);
    }
    free(edited);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
    ct_anchor_text *doc = NULL;
    ct_anchor_result r;
    ct_error err;
    ct_anchor_selector sel = {"", NULL, NULL, -1, -1};

    ck_assert_int_eq(ct_anchor_text_new("abc", 3, &doc, &err), CT_OK);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_EINVALID);
    ck_assert_str_eq(err.field, "exact");
    assert_orphaned(r);
    sel.exact = NULL;
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, &err), CT_EINVALID);
    sel.exact = "abc";
    ck_assert_int_eq(ct_anchor_find(NULL, &sel, &r, &err), CT_EINVALID);
    ck_assert_int_eq(ct_anchor_find(doc, NULL, &r, &err), CT_EINVALID);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, NULL, &err), CT_EINVALID);
    ck_assert_int_eq(ct_anchor_find(doc, &sel, &r, NULL), CT_OK);
    assert_anchor(r, CT_ANCHOR_EXACT, 0, 3);
    ct_anchor_text_free(doc);
    ct_anchor_text_free(NULL);
}
END_TEST

START_TEST(how_names)
{
    ck_assert_str_eq(ct_anchor_how_name(CT_ANCHOR_EXACT), "exact");
    ck_assert_str_eq(ct_anchor_how_name(CT_ANCHOR_POSITION), "position");
    ck_assert_str_eq(ct_anchor_how_name(CT_ANCHOR_CONTEXT), "context");
    ck_assert_str_eq(ct_anchor_how_name(CT_ANCHOR_APPROXIMATE), "approximate");
    ck_assert_str_eq(ct_anchor_how_name(CT_ANCHOR_ORPHANED), "orphaned");
}
END_TEST

#define COPIES      300
#define EDITED_COPY 295
#define TYPO_QUOTE  "сравнив ситуацию в столице Казахтана с криминогенной обстановкой в Венесуэле"

/* COPIES articles without the quote, copy EDITED_COPY with a typo in it. */
static char *large_text(long *edited_start)
{
    char *without = replace_first(article, QUOTE, "");
    char *with_typo = replace_first(article, QUOTE, TYPO_QUOTE);
    size_t plain = strlen(without), edited = strlen(with_typo);
    char *text = malloc(plain * (COPIES - 1) + edited + 1), *at = text;

    ck_assert_ptr_nonnull(text);
    for (int i = 0; i < COPIES; i++) {
        const char *copy = i == EDITED_COPY ? with_typo : without;
        size_t len = i == EDITED_COPY ? edited : plain;
        memcpy(at, copy, len);
        at += len;
    }
    *at = '\0';
    *edited_start = cps(without) * EDITED_COPY + cp_offset(with_typo, TYPO_QUOTE);
    ck_assert_int_eq(cp_offset(text, TYPO_QUOTE), *edited_start);
    free(without);
    free(with_typo);
    return text;
}

START_TEST(large_text_with_a_hint_is_found_at_the_edit)
{
    long start;
    char *text = large_text(&start);
    ct_anchor_selector sel = seed_selector();
    long length = cps(text);

    ck_assert_uint_gt(strlen(text), 1000000);
    ck_assert_int_gt(length, 500000);
    sel.start = start;
    sel.end = start + 77;
    ct_anchor_result r = anchor_in(text, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, start, start + 76);
    ck_assert_int_eq(r.errors, 1);
    free(text);
}
END_TEST

START_TEST(large_text_without_a_hint_is_searched_whole)
{
    long start;
    char *text = large_text(&start);
    ct_anchor_selector sel = seed_selector();

    /* The edited quote lies ~1 MB into the text: no window, no guess. */
    ck_assert_uint_gt(strlen(text), 1000000);
    sel.start = sel.end = -1;
    ct_anchor_result r = anchor_in(text, &sel);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, start, start + 76);
    ck_assert_int_eq(r.errors, 1);
    free(text);
}
END_TEST

/* ---- never the wrong sentence: the cases that used to guess ---------------- */

#define ASTANA "Начальник полиции Астаны заявил, что уровень преступности снизился на 12 процентов."
#define ALMATY "Начальник полиции Алматы заявил, что уровень преступности снизился на 12 процентов."
#define INTRO  "Сводка за неделю.\n\n"
#define OUTRO  "\n\nЭксперты пока не комментируют эти цифры."

/* Find sel in text as sent (no byte surgery) and return the result. */
static ct_anchor_result find(const char *text, const char *exact, const char *before,
                             const char *after, long start, long end)
{
    ct_anchor_selector sel = {exact, before, after, start, end};
    return anchor_in(text, &sel);
}

/* quote tagged in was as an editor's selection is stored (all the text
   before it as its prefix, all after as its suffix, its position), then
   anchored in now, the article edited. */
static ct_anchor_result reanchor(const char *was, const char *now, const char *quote)
{
    const char *at = strstr(was, quote);
    ck_assert_msg(at != NULL, "%s is not in %s", quote, was);
    char *before = strndup(was, (size_t)(at - was));
    long start = cps(before);
    ct_anchor_result r = find(now, quote, before, at + strlen(quote), start, start + cps(quote));
    free(before);
    return r;
}

/* r orphaned for the reason want; label and i name the case of a table. */
#define assert_orphaned_for(r, want, label, i) \
    ck_assert_msg((r).how == CT_ANCHOR_ORPHANED && (r).refused && strcmp((r).refused, (want)) == 0, \
                  "%s %zu: how %d refused %s", (label), (i), (int)(r).how, \
                  (r).refused ? (r).refused : "-")

/* r found as want_how over [want_start, want_end); label and i name the
   case of a table. */
#define assert_found_at(r, want_how, want_start, want_end, label, i) \
    ck_assert_msg((r).how == (want_how) && (r).start == (want_start) && (r).end == (want_end), \
                  "%s %zu: how %d %ld-%ld refused %s", (label), (i), (int)(r).how, (r).start, \
                  (r).end, (r).refused ? (r).refused : "-")

/* The selector a browser takes: 32 code points of context each side. */
static void tag(const char *text, const char *quote, int occurrence, char **prefix_out,
                char **suffix_out, long *start_out)
{
    const char *at = strstr(text, quote);
    for (int i = 0; i < occurrence; i++)
        at = strstr(at + 1, quote);
    ck_assert_ptr_nonnull(at);
    size_t begin = (size_t)(at - text), finish = begin + strlen(quote);
    *prefix_out = slice(text, back_cps(text, begin, CONTEXT_CPS), begin);
    *suffix_out = slice(text, finish, forward_cps(text, finish, CONTEXT_CPS));
    *start_out = cps_in(text, begin);
}

START_TEST(lookalike_paragraph_deleted_is_orphaned)
{
    const char *original = INTRO ASTANA "\n\n" ALMATY OUTRO;
    const char *edited = INTRO ASTANA OUTRO;
    char *tagged_prefix, *tagged_suffix;
    long start;

    tag(original, ALMATY, 0, &tagged_prefix, &tagged_suffix, &start);
    ct_anchor_result before = find(original, ALMATY, tagged_prefix, tagged_suffix, start, start + cps(ALMATY));
    assert_anchor(before, CT_ANCHOR_EXACT, start, start + cps(ALMATY));

    ct_anchor_result r = find(edited, ALMATY, tagged_prefix, tagged_suffix, start, start + cps(ALMATY));
    assert_orphaned(r);
    ck_assert_str_eq(r.refused, "context_changed");
    /* The Astana sentence was the best candidate, and it was refused. */
    ck_assert_double_lt(r.prefix_score, 0.5);
    ck_assert_double_eq_tol(r.suffix_score, 1.0, 1e-9);

    /* Without any context the replaced city name alone refuses it. */
    r = find(edited, ALMATY, "", "", -1, -1);
    assert_orphaned(r);
    ck_assert_str_eq(r.refused, "word_changed");
    free(tagged_prefix);
    free(tagged_suffix);
}
END_TEST

START_TEST(lookalike_number_changed_is_orphaned)
{
    const char *edited = INTRO ASTANA "\n\n"
        "Начальник полиции Алматы заявил, что уровень преступности снизился на 15 процентов." OUTRO;
    const char *original = INTRO ASTANA "\n\n" ALMATY OUTRO;
    char *tagged_prefix, *tagged_suffix;
    long start;

    tag(original, ALMATY, 0, &tagged_prefix, &tagged_suffix, &start);
    ct_anchor_result r = find(edited, ALMATY, tagged_prefix, tagged_suffix, start, start + cps(ALMATY));
    assert_orphaned(r);
    ck_assert_str_eq(r.refused, "number_changed");
    free(tagged_prefix);
    free(tagged_suffix);
}
END_TEST

/* Thousands grouped by a space (a no-break or narrow one, as Russian
   typesetting writes them) and written together are one number: the edit
   is approximate, never number_changed. Another number in the same
   grouping, and a year beside a number, still differ. */
#define CRIMES_GROUPED "\u0417\u0430 \u0433\u043e\u0434 \u0437\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043e\u0432\u0430\u043d\u043e "
START_TEST(thousands_grouped_or_not_are_the_same_number)
{
    const char *quote = "\u0437\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043e\u0432\u0430\u043d\u043e"
                        " 1\u00a0200 \u043f\u0440\u0435\u0441\u0442\u0443\u043f\u043b\u0435\u043d\u0438\u0439";
    const char *before = "\u0417\u0430 \u0433\u043e\u0434 ";
    ct_anchor_result r = find(CRIMES_GROUPED "1200 \u043f\u0440\u0435\u0441\u0442\u0443\u043f\u043b\u0435\u043d\u0438\u0439.",
                              quote, before, ".", 7, 7 + cps(quote));
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 7, 7 + cps(quote) - 1);
    r = find(CRIMES_GROUPED "1\u202f250 \u043f\u0440\u0435\u0441\u0442\u0443\u043f\u043b\u0435\u043d\u0438\u0439.",
             quote, before, ".", 7, 7 + cps(quote));
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && strcmp(r.refused, "number_changed") == 0,
                  "1 250 for 1 200: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
    r = find("Crime fell by 1200000 cases in 2024.", "by 1 200 000 cases", "Crime fell ", " in 2024",
             11, 29);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 11, 27);
    r = find("In 2024150 people were detained.", "In 2024 150 people", "", " were", 0, 18);
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && strcmp(r.refused, "number_changed") == 0,
                  "2024150 for 2024 150: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
}
END_TEST

/* A month replaced by another is another date, though "июня" and "июля"
   (or "Jun" and "Jul") differ by one letter, which rule d alone would
   take for a typo. A typo beside an unchanged month is still one. */
START_TEST(a_month_replaced_is_another_date)
{
    static const char *const edited[][2] = {
        /* "Митинг прошёл 5 июля в Алматы." for "5 июня" */
        {"\u041c\u0438\u0442\u0438\u043d\u0433 \u043f\u0440\u043e\u0448\u0451\u043b 5 "
         "\u0438\u044e\u043b\u044f \u0432 \u0410\u043b\u043c\u0430\u0442\u044b.",
         "\u041c\u0438\u0442\u0438\u043d\u0433 \u043f\u0440\u043e\u0448\u0451\u043b 5 "
         "\u0438\u044e\u043d\u044f \u0432 \u0410\u043b\u043c\u0430\u0442\u044b"},
        {"The rally took place on 5 Jul in Almaty.", "The rally took place on 5 Jun in Almaty"},
    };
    for (size_t i = 0; i < sizeof edited / sizeof edited[0]; i++) {
        ct_anchor_result r = find(edited[i][0], edited[i][1], "", ".", 0, cps(edited[i][1]));
        ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && r.refused && strcmp(r.refused, "word_changed") == 0,
                      "case %zu: how %d refused %s", i, (int)r.how, r.refused ? r.refused : "-");
    }
    /* "Митинг прашёл 5 июня": a typo, the month unchanged */
    ct_anchor_result r = find("\u041c\u0438\u0442\u0438\u043d\u0433 \u043f\u0440\u0430\u0448\u0451\u043b 5 "
                              "\u0438\u044e\u043d\u044f \u0432 \u0410\u043b\u043c\u0430\u0442\u044b.",
                              edited[0][1], "", ".", 0, cps(edited[0][1]));
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 0, cps(edited[0][1]));
}
END_TEST

/* A month written out where the quote had it short, or short where it
   was written out, is the same date, though most of its letters changed
   ("Sept." and "September", "сент." and "сентября"); short for another
   month it is another date. */
START_TEST(a_month_written_short_or_out_is_the_same_date)
{
    static const struct { const char *was, *now, *quote, *highlighted; } same[] = {
        {"On Sept. 5 the police said crime fell.", "On September 5 the police said crime fell.",
         "On Sept. 5 the police said", "On September 5 the police said"},
        {"On September 5 the police said crime fell.", "On Sept. 5 the police said crime fell.",
         "On September 5 the police said", "On Sept. 5 the police said"},
        {"The rally on Jan 12 was peaceful, police said.",
         "The rally on January 12 was peaceful, police said.", "The rally on Jan 12 was peaceful",
         "The rally on January 12 was peaceful"},
        {"Митинг 5 сент. прошёл мирно, сообщили в полиции.",
         "Митинг 5 сентября прошёл мирно, сообщили в полиции.", "Митинг 5 сент. прошёл мирно",
         "Митинг 5 сентября прошёл мирно"},
        {"The rally was on 12 Dec, police said.", "The rally was on 12 December, police said.",
         "The rally was on 12 Dec", "The rally was on 12 December"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        ct_anchor_result r = reanchor(same[i].was, same[i].now, same[i].quote);
        assert_found_at(r, CT_ANCHOR_APPROXIMATE, 0, cps(same[i].highlighted), "same", i);
    }
    ct_anchor_result r = find("Митинг 5 окт. прошёл мирно, сообщили в полиции.",
                              "Митинг 5 дек. прошёл мирно", "", ", сообщили", 0,
                              cps("Митинг 5 дек. прошёл мирно"));
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && r.refused && strcmp(r.refused, "word_changed") == 0,
                  "дек. for окт.: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
}
END_TEST

/* An edit that turns the claim round without touching most of its
   letters is refused: a word that lost its denying start ("founded" for
   "unfounded", also as "well-founded"), a Kazakh adjective that lost its
   "without" ending ("негізді" for "негізсіз"), a word that made it a
   future ("will get" and "got"). A word split in two ("can not" for
   "cannot"), a number regrouped ("1 200 000" for "1200000"), a typo
   mended at a word's start ("president" for "prepresident") or a case
   ending after "without" ("заңсызды") is no such edit. */
START_TEST(an_edit_that_turns_a_word_round_is_refused)
{
    static const struct { const char *was, *now, *quote, *refused; } turned[] = {
        {"The mayor called the deputy's remarks unfounded on Tuesday.",
         "The mayor called the deputy's remarks founded on Tuesday.",
         "The mayor called the deputy's remarks unfounded", "word_changed"},
        {"The mayor called the deputy's remarks unfounded on Tuesday.",
         "The mayor called the deputy's remarks well-founded on Tuesday.",
         "The mayor called the deputy's remarks unfounded", "word_changed"},
        {"Әкім депутаттың сөзін негізсіз деп атады, деді полиция.",
         "Әкім депутаттың сөзін негізді деп атады, деді полиция.",
         "Әкім депутаттың сөзін негізсіз деп атады", "negation_changed"},
        {"All districts will get new patrols by March, the mayor said.",
         "All districts got new patrols by March, the mayor said.",
         "All districts will get new patrols by March", "word_changed"},
        {"Officials said fuel prices could rise by 5 percent next year.",
         "Officials said fuel prices would rise by 5 percent next year.",
         "Officials said fuel prices could rise by 5 percent", "word_changed"},
    };
    for (size_t i = 0; i < sizeof turned / sizeof turned[0]; i++) {
        ct_anchor_result r = reanchor(turned[i].was, turned[i].now, turned[i].quote);
        assert_orphaned_for(r, turned[i].refused, "turned", i);
    }
    static const struct { const char *was, *now, *quote, *highlighted; } kept[] = {
        {"You cannot walk the streets at night, he said.", "You can not walk the streets at night, he said.",
         "You cannot walk the streets at night", "You can not walk the streets at night"},
        {"You cannot walk the streets at night, he said.", "You can't walk the streets at night, he said.",
         "You cannot walk the streets at night", "You can't walk the streets at night"},
        {"В городе установлено более 10000 камер, сообщили в полиции.",
         "В городе установлено более 10 000 камер, сообщили в полиции.",
         "В городе установлено более 10000 камер", "В городе установлено более 10 000 камер"},
        {"Акимат выделил на ремонт 1200000 тенге, сообщает пресс-служба.",
         "Акимат выделил на ремонт 1 200 000 тенге, сообщает пресс-служба.",
         "Акимат выделил на ремонт 1200000 тенге", "Акимат выделил на ремонт 1 200 000 тенге"},
        {"Officials said the prepresident signed the decree on Monday.",
         "Officials said the president signed the decree on Monday.",
         "Officials said the prepresident signed the decree", "Officials said the president signed the decree"},
        {"Сот құрылысты заңсыз деп таныды деп хабарланды.", "Сот құрылысты заңсызды деп таныды деп хабарланды.",
         "Сот құрылысты заңсыз деп таныды", "Сот құрылысты заңсызды деп таныды"},
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        ct_anchor_result r = reanchor(kept[i].was, kept[i].now, kept[i].quote);
        assert_found_at(r, CT_ANCHOR_APPROXIMATE, 0, cps(kept[i].highlighted), "kept", i);
    }
}
END_TEST

/* Rule h: the quote's words are all there, exactly, but the word before
   them now denies them, or no longer does, or makes them a future: the
   stored prefix shows what the sentence said. Other words put before
   the quote change nothing. */
START_TEST(a_denial_or_a_future_put_before_the_quote_is_refused)
{
    static const struct { const char *was, *now, *quote, *refused; } changed[] = {
        {"В среду Сапаров извинился перед жителями столицы.",
         "В среду Сапаров не извинился перед жителями столицы.",
         "извинился перед жителями столицы", "negation_changed"},
        {"В среду Сапаров не извинился перед жителями столицы.",
         "В среду Сапаров извинился перед жителями столицы.",
         "извинился перед жителями столицы", "negation_changed"},
        {"On Wednesday Saparov apologised to residents of the capital.",
         "On Wednesday Saparov never apologised to residents of the capital.",
         "apologised to residents of the capital", "negation_changed"},
        {"On Wednesday Saparov apologised to residents of the capital.",
         "On Wednesday Saparov didn't apologise to residents of the capital.",
         "apologise", "negation_changed"},
        {"Депутат заявил, что преступность «сравнима с Каракасом».",
         "Депутат заявил, что преступность «не сравнима с Каракасом».",
         "сравнима с Каракасом", "negation_changed"},
        {"В полиции напомнили, что в городе установлено более 10 000 камер.",
         "В полиции напомнили, что в городе будет установлено более 10 000 камер.",
         "установлено более 10 000 камер", "word_changed"},
        {"Police said 10,000 cameras are installed in the city.",
         "Police said 10,000 cameras will be installed in the city.",
         "installed in the city", "word_changed"},
        {"Cameras have been installed in all schools of the region.",
         "Cameras have never been installed in all schools of the region.",
         "installed in all schools of the region", "negation_changed"},
        {"He said Saparov will apologise to residents of the capital.",
         "He said Saparov won't apologise to residents of the capital.",
         "apologise to residents of the capital", "negation_changed"},
        /* put before a parenthetical, which is read past */
        {"В полиции напомнили, что в городе установлено более 10 000 камер.",
         "В полиции напомнили, что в городе будет, по данным министерства, установлено более 10 000 камер.",
         "установлено более 10 000 камер", "word_changed"},
        {"В полиции напомнили, что в городе будет установлено более 10 000 камер.",
         "В полиции напомнили, что в городе не будет, по данным министерства, установлено более 10 000 камер.",
         "установлено более 10 000 камер", "negation_changed"},
        {"Police said 10,000 cameras will be installed in the city.",
         "Police said 10,000 cameras will not (the ministry says) be installed in the city.",
         "be installed in the city", "negation_changed"},
        /* an insert that itself denies is no parenthetical to read past */
        {"The ministry will (not) close the children's hospital in March.",
         "The ministry will close the children's hospital in March.",
         "close the children's hospital in March", "word_changed"},   /* the clause's reason */
        {"Officials said the hospital will, or will not, close in March.",
         "Officials said the hospital will close in March.", "close in March", "word_changed"},
        {"Officials said it would \u2013 not \u2013 close the children's hospital.",
         "Officials said it would close the children's hospital.",
         "close the children's hospital", "negation_changed"},
    };
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        ct_anchor_result r = reanchor(changed[i].was, changed[i].now, changed[i].quote);
        assert_orphaned_for(r, changed[i].refused, "changed", i);
    }
    const char *said = "В среду Сапаров публично извинился перед жителями столицы.";
    ct_anchor_result r = find(said, "извинился перед жителями столицы", "В среду Сапаров ", ".", 16, 48);
    assert_anchor(r, CT_ANCHOR_EXACT, cp_offset(said, "извинился"), cp_offset(said, "."));
    /* words put between the denial or the modal and the quote, "not only",
       a month, a heading above a sentence, a comma made a full stop:
       the sentence says the same of the quote */
    static const struct { const char *was, *now, *quote; } same[] = {
        {"Saparov did not apologise to the voters of the district.",
         "Saparov did not even apologise to the voters of the district.",
         "apologise to the voters of the district"},
        {"Cameras will be installed in all schools of the region.",
         "Cameras will also be installed in all schools of the region.",
         "installed in all schools of the region"},
        {"In May the ministry raised the fuel tax by 5 percent.",
         "In May this year the ministry raised the fuel tax by 5 percent.",
         "the ministry raised the fuel tax by 5 percent"},
        {"In a statement the ministry raised the fuel tax by 5 percent.",
         "In a statement on 5 May the ministry raised the fuel tax by 5 percent.",
         "the ministry raised the fuel tax by 5 percent"},
        {"Police said crime fell in 2023.", "Police said not only crime fell in 2023.",
         "crime fell in 2023"},
        {"Сапаров не извинился перед жителями района.",
         "Сапаров не извинился публично перед жителями района.", "перед жителями района"},
        {"Why taxes will not fall\nThe ministry raised the fuel tax by 5 percent.",
         "Why taxes will fall\nThe ministry raised the fuel tax by 5 percent.",
         "The ministry raised the fuel tax by 5 percent"},
        /* a parenthetical put between the modal or the denial and the quote */
        {"В полиции напомнили, что в городе будет установлено более 10 000 камер.",
         "В полиции напомнили, что в городе будет, по данным министерства, установлено более 10 000 камер.",
         "установлено более 10 000 камер"},
        {"В полиции напомнили, что в городе будет установлено более 10 000 камер.",
         "В полиции напомнили, что в городе будет — по данным министерства — установлено более 10 000 камер.",
         "установлено более 10 000 камер"},
        {"Police said 10,000 cameras will be installed in the city.",
         "Police said 10,000 cameras will (the ministry says) be installed in the city.",
         "be installed in the city"},
        {"Saparov did not apologise to the voters of the district.",
         "Saparov did not, as his office confirmed on Monday, apologise to the voters of the district.",
         "apologise to the voters of the district"},
        /* a list item is no parenthetical: the clause before it is another's */
        {"Wages will not rise, pensions stay flat, taxes will be cut by 5 percent.",
         "Wages will rise, pensions stay flat, taxes will be cut by 5 percent.",
         "taxes will be cut by 5 percent"},
        /* "won't" is "will not" */
        {"He said Saparov won't apologise to residents of the capital.",
         "He said Saparov will not apologise to residents of the capital.",
         "apologise to residents of the capital"},
        {"He said Saparov will not apologise to residents of the capital.",
         "He said Saparov won't apologise to residents of the capital.",
         "apologise to residents of the capital"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        long found = cp_offset(same[i].now, same[i].quote);
        r = reanchor(same[i].was, same[i].now, same[i].quote);
        ck_assert_msg(r.how != CT_ANCHOR_ORPHANED && r.start == found &&
                          r.end == found + cps(same[i].quote),
                      "same %zu: how %d %ld-%ld refused %s", i, (int)r.how, r.start, r.end,
                      r.refused ? r.refused : "-");
    }
    /* with the 32 code points of context a browser stores, an insert
       longer than the stored prefix is still read past */
    const char *long_insert_was = "В полиции напомнили, что в городе будет установлено более 10 000 камер.";
    const char *long_insert = "В полиции напомнили, что в городе будет, по данным министерства "
                              "здравоохранения, установлено более 10 000 камер.";
    char *before32 = NULL, *after32 = NULL;
    long at32 = 0;
    tag(long_insert_was, "установлено более 10 000 камер", 0, &before32, &after32, &at32);
    r = find(long_insert, "установлено более 10 000 камер", before32, after32, at32,
             at32 + cps("установлено более 10 000 камер"));
    assert_found_at(r, CT_ANCHOR_EXACT, cp_offset(long_insert, "установлено"),
                    cp_offset(long_insert, "установлено") + cps("установлено более 10 000 камер"),
                    "long insert", (size_t)0);
    free(before32);
    free(after32);
    /* an article that already had the insert, unedited, keeps its quote
       exactly where it was, whether the 32 code points stored begin inside
       the insert or cut the modal before it */
    static const struct { const char *text, *quote; } unedited[] = {
        {"В полиции напомнили, что в городе будет, по данным министерства здравоохранения, "
         "установлено более 10 000 камер.", "установлено более 10 000 камер"},
        {"В полиции напомнили, что в городе будет, как сообщили в министерстве, установлено "
         "более 10 000 камер.", "установлено более 10 000 камер"},
        {"Police said that 10,000 cameras will, according to the health ministry, be installed "
         "in the city.", "be installed in the city"},
        {"Police said that 10,000 cameras will, the ministry says, be installed in the city.",
         "be installed in the city"},
    };
    for (size_t i = 0; i < sizeof unedited / sizeof unedited[0]; i++) {
        tag(unedited[i].text, unedited[i].quote, 0, &before32, &after32, &at32);
        long want = cp_offset(unedited[i].text, unedited[i].quote);
        r = find(unedited[i].text, unedited[i].quote, before32, after32, at32,
                 at32 + cps(unedited[i].quote));
        assert_found_at(r, CT_ANCHOR_EXACT, want, want + cps(unedited[i].quote), "unedited", i);
        free(before32);
        free(after32);
    }
    /* and a denial put before such an insert is still seen where the
       stored context reaches the modal */
    const char *denied = "Police said that 10,000 cameras will not, the ministry says, be installed in the city.";
    tag("Police said that 10,000 cameras will, the ministry says, be installed in the city.",
        "be installed in the city", 0, &before32, &after32, &at32);
    r = find(denied, "be installed in the city", before32, after32, at32, at32 + cps("be installed in the city"));
    assert_orphaned_for(r, "negation_changed", "denied before an insert", (size_t)0);
    free(before32);
    free(after32);
    /* inside the quote too "won't" is "will not", and "won" alone is "win"
       in the past, no "will" */
    const char *wont = "He said Saparov won't apologise to residents of the capital.";
    const char *will_not = "He said Saparov will not apologise to residents of the capital.";
    r = reanchor(wont, will_not, "Saparov won't apologise to residents");
    assert_found_at(r, CT_ANCHOR_APPROXIMATE, cp_offset(will_not, "Saparov"),
                    cp_offset(will_not, " of the"), "won't", (size_t)0);
    r = reanchor(will_not, wont, "Saparov will not apologise to residents");
    assert_found_at(r, CT_ANCHOR_APPROXIMATE, cp_offset(wont, "Saparov"), cp_offset(wont, " of the"),
                    "will not", (size_t)1);
    r = reanchor(wont, "He said Saparov would not apologise to residents of the capital.",
                 "Saparov won't apologise to residents");
    assert_orphaned_for(r, "word_changed", "won't to would not", (size_t)2);
    r = reanchor("Saparov won the vote in the district last year.",
                 "Saparov will the vote in the district last year.", "Saparov won the vote in the district");
    assert_orphaned_for(r, "word_changed", "won to will", (size_t)3);
    /* a comma made a full stop: "no" was the clause before, and is the
       sentence before */
    const char *split = "Asked about a tax rise, he said no. The budget is balanced this year.";
    r = find(split, "the budget is balanced this year", "Asked about a tax rise, he said no, ", ".",
             36, 68);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, cp_offset(split, "The"),
                  cp_offset(split, "The") + cps("the budget is balanced this year"));
    /* a stored prefix of 32 code points that cuts "cannot" to "annot":
       the text unedited, its words before are read as far back */
    const char *cut = "The agency said that it cannot internationally recognise these licences.";
    r = find(cut, "these licences", "annot internationally recognise ", ".", 57, 71);
    assert_anchor(r, CT_ANCHOR_EXACT, 57, 71);
    /* a denial in the sentence before says nothing of this one */
    const char *said_yes = "The mayor said yes. Police say crime fell.";
    r = find(said_yes, "crime fell", "The mayor said no. Police say ", ".", 30, 40);
    assert_anchor(r, CT_ANCHOR_EXACT, cp_offset(said_yes, "crime"), cp_offset(said_yes, "crime") + 10);
    const char *yes = "Asked about it, the mayor said yes. Saparov apologised to residents.";
    r = find(yes, "Saparov apologised to residents", "Asked about it, the mayor said no. ", ".", 34, 65);
    assert_anchor(r, CT_ANCHOR_EXACT, cp_offset(yes, "Saparov"),
                  cp_offset(yes, "Saparov") + cps("Saparov apologised to residents"));
}
END_TEST

/* A number counted in another unit is another number, though its digits
   stand (rule c): "8.5%" is not "8.5 times", "на 3 %" not "в 3 раза",
   also where the match stops before the unit or the quote ended at the
   number. The same unit written another way is the same number. */
START_TEST(a_number_counted_in_another_unit_is_another_number)
{
    static const struct { const char *was, *now, *quote; } changed[] = {
        {"Police said serious crime fell by 8.5%. The mayor agreed.",
         "Police said serious crime fell by 8.5 times. The mayor agreed.", "serious crime fell by 8.5%"},
        {"Полиция: преступность снизилась на 3 % за год.",
         "Полиция: преступность снизилась в 3 раза за год.", "преступность снизилась на 3 % за год"},
        {"Crime fell by 8.5% last year, police said.", "Crime fell by 8.5 times last year, police said.",
         "Crime fell by 8.5"},
    };
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        ct_anchor_result r = reanchor(changed[i].was, changed[i].now, changed[i].quote);
        assert_orphaned_for(r, "number_changed", "changed", i);
    }
    ct_anchor_result r = find("Crime rose 12 per cent in 2023, police said.", "Crime rose 12 percent in 2023",
                              "", ", police said.", 0, 29);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 0, 30);
    r = find("Prices rose 5 pct in the first quarter.", "Prices rose 5% in the first quarter", "", ".",
             0, 35);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 0, 38);
    /* a unit said once for two numbers is still said */
    r = find("Цены выросли на 12 и 15% соответственно.", "Цены выросли на 12% и 15% соответственно", "", ".",
             0, 40);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 0, 39);
    r = find("Crime fell by 8.5 % last year, police said.", "Crime fell by 8.5", "", "% last year", 0, 17);
    assert_anchor(r, CT_ANCHOR_EXACT, 0, 17);
    /* "процентов" written "%": a way of writing the word, not another word */
    const char *said = "По его словам, за 2023 год число грабежей в Астане выросло на 12%. "
                       "В департаменте полиции Астаны заявление опровергли.";
    r = find(said, "за 2023 год число грабежей в Астане выросло на 12 процентов", "По его словам, ",
             ". В департаменте полиции", 15, 74);
    ck_assert_msg(r.how == CT_ANCHOR_APPROXIMATE && r.start == 15, "процентов as %%: how %d %ld-%ld refused %s",
                  (int)r.how, r.start, r.end, r.refused ? r.refused : "-");
}
END_TEST

/* An edit at the quote's edge can leave the space beside it in the
   match; the highlight starts and ends on the claim's own words. */
START_TEST(a_highlight_has_no_space_at_its_edges)
{
    const char *said = "По его словам, в 2023 году число грабежей выросло.";
    ct_anchor_result r = find(said, "за 2023 год число грабежей выросло", "По его словам, ", ".", 15, 49);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, cp_offset(said, "в 2023"), cp_offset(said, "."));
    const char *fell = "Police said serious crime fell by 8.5 per cent. The mayor agreed.";
    r = find(fell, "serious crime fell by 8.5%", "Police said ", ". The mayor agreed.", 12, 38);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 12, cp_offset(fell, " per cent"));
}
END_TEST

START_TEST(one_character_next_to_the_quote_keeps_the_context)
{
    const char *text = "we had everything before us, we had nothing, before us, we were all going";
    ct_anchor_result r = find(text, "before us", "we had nothing ", "", 44, 53);

    assert_anchor(r, CT_ANCHOR_CONTEXT, 45, 54);
    ck_assert_int_eq(r.errors, 0);
    /* "we had nothing, " against "we had nothing ": one error in 15. */
    ck_assert_double_eq_tol(r.prefix_score, 1.0 - 1.0 / 15.0, 1e-9);
    ck_assert_double_eq_tol(r.score, (50.0 + 20.0 * (14.0 / 15.0) + 20.0 +
                                      2.0 * (1.0 - 1.0 / 73.0)) / 92.0, 1e-9);
}
END_TEST

START_TEST(no_break_spaces_match_plain_spaces)
{
    const char *text = "Число краж выросло в\xC2\xA0" "3\xC2\xA0раза за год.";
    ct_anchor_result r = find(text, "в 3 раза", "", "", -1, -1);

    assert_anchor(r, CT_ANCHOR_EXACT, 19, 27);
    ck_assert_double_eq_tol(r.score, 1.0, 1e-9);
    /* And the other way round, with thin and narrow no-break spaces and a tab. */
    r = find("Число краж выросло в 3 раза за год.", "в\xE2\x80\x89" "3\xE2\x80\xAF\tраза", "", "", -1, -1);
    assert_anchor(r, CT_ANCHOR_EXACT, 19, 27);
}
END_TEST

START_TEST(decomposed_letters_match_composed_ones)
{
    /* "Мой город" with й as и + U+0306; the highlighted span covers both code points. */
    const char *text = "Депутат сказал: мои\xCC\x86 город не Каракас.";
    ct_anchor_result r = find(text, "мой город", "сказал: ", " не", -1, -1);

    ck_assert_int_eq(cps(text), 38);
    assert_anchor(r, CT_ANCHOR_EXACT, 16, 26);
    /* NFC text, NFD quote. */
    r = find("Депутат сказал: мой город не Каракас.", "мои\xCC\x86 город", "", "", -1, -1);
    assert_anchor(r, CT_ANCHOR_EXACT, 16, 25);
}
END_TEST

START_TEST(invisible_characters_and_typography_are_ignored)
{
    /* A soft hyphen and a zero-width space inside, guillemets and an em dash. */
    const char *text = "Он сказал: \xC2\xAB" "пре\xC2\xAD" "ступность\xE2\x80\x8B растёт\xC2\xBB "
                       "\xE2\x80\x94 и ушёл.";
    ct_anchor_result r = find(text, "\"преступность растёт\" - и", "", "", -1, -1);

    assert_anchor(r, CT_ANCHOR_EXACT, 11, 38);
    /* A zero-width space at the edge of the match stays outside the span. */
    r = find(text, "преступность", "", "", -1, -1);
    assert_anchor(r, CT_ANCHOR_EXACT, 12, 25);
}
END_TEST

START_TEST(non_exact_results_report_their_score)
{
    char *edited = replace_first(article, QUOTE, TYPO_QUOTE);
    ct_anchor_selector sel = seed_selector();
    ct_anchor_result r = anchor_in(edited, &sel);

    ck_assert_int_eq(r.how, CT_ANCHOR_APPROXIMATE);
    ck_assert_int_eq(r.errors, 1);
    ck_assert_double_eq_tol(r.prefix_score, 1.0, 1e-9);
    ck_assert_double_eq_tol(r.suffix_score, 1.0, 1e-9);
    ck_assert_double_eq_tol(r.score, (50.0 * (1.0 - 1.0 / 77.0) + 40.0 + 2.0) / 92.0, 1e-9);
    ck_assert_ptr_null(r.refused);
    free(edited);
}
END_TEST

/* Rule f. An edit at the quote's very edge leaves the old quote inside the
   new sentence, exact, with one error in its context: the passage now says
   something else and must be orphaned, not shown beside the notice. */
/* The selector (exact, before, after, start-end) in text is orphaned for reason. */
static void assert_refused(const char *text, const char *exact, const char *before,
                           const char *after, long start, long end, const char *reason)
{
    ct_anchor_result r = find(text, exact, before, after, start, end);
    assert_orphaned(r);
    ck_assert_str_eq(r.refused, reason);
}

/* The quote tagged between before and after, found in the text with the
   quote edited: before + edited + after. */
static ct_anchor_result edited_in_place(const char *before, const char *quote, const char *edited,
                                        const char *after)
{
    size_t len = strlen(before) + strlen(edited) + strlen(after) + 1;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    snprintf(text, len, "%s%s%s", before, edited, after);
    ct_anchor_result r = find(text, quote, before, after, cps(before), cps(before) + cps(quote));
    free(text);
    return r;
}

/* The edit is harmless: the edited quote is found where it stands. */
static void expect_taken(const char *before, const char *quote, const char *edited, const char *after)
{
    ct_anchor_result r = edited_in_place(before, quote, edited, after);
    ck_assert_msg(r.how != CT_ANCHOR_ORPHANED && r.start == cps(before) &&
                  r.end == cps(before) + cps(edited),
                  "\"%s\" for \"%s\": how %d %ld-%ld refused %s", edited, quote, (int)r.how, r.start,
                  r.end, r.refused ? r.refused : "-");
}

/* The edit changes what the quote says: orphaned, for reason. */
static void expect_refused(const char *before, const char *quote, const char *edited,
                           const char *after, const char *reason)
{
    ct_anchor_result r = edited_in_place(before, quote, edited, after);
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && r.refused && strcmp(r.refused, reason) == 0,
                  "\"%s\" for \"%s\": how %d %ld-%ld refused %s, expected %s", edited, quote,
                  (int)r.how, r.start, r.end, r.refused ? r.refused : "-", reason);
}

/* Cases from reviews of rules c, d and f: harmless edits near the rules'
   edges stay anchored, and edits of the same kinds that change what a
   sentence says are refused. */
#define RU_BEFORE "По данным акимата, "
#define RU_AFTER " Об этом сообщила пресс-служба ведомства в понедельник."
START_TEST(edits_at_the_edges_of_the_rules)
{
    /* a month misspelt, or written short, is a typo, not another date */
    expect_taken(RU_BEFORE, "закон вступит в силу 1 сентябя 2024 года",
                 "закон вступит в силу 1 сентября 2024 года", RU_AFTER);
    expect_taken("Officials said ", "the law took effect on Febuary 5 this year",
                 "the law took effect on February 5 this year", " in full.");
    expect_taken("Officials said ", "the law took effect on Mar. 5 this year",
                 "the law took effect on March 5 this year", " in full.");
    expect_refused("Officials said ", "the law took effect on Mar. 5 this year",
                   "the law took effect on May. 5 this year", " in full.", "word_changed");
    /* a short word's letters swapped back, a preposition's variant */
    expect_taken("The minister said ", "the mayor fo the city resigned on Friday",
                 "the mayor of the city resigned on Friday", " again.");
    expect_taken(RU_BEFORE, "сотрудничество с партнёрами на Украине продолжится",
                 "сотрудничество с партнёрами в Украине продолжится", RU_AFTER);
    expect_taken("Witnesses said ", "protesters climbed on the roof of the building",
                 "protesters climbed onto the roof of the building", " again.");
    /* a word turned into its opposite by a letter or two, or a short one */
    expect_refused("Analysts said ", "imports of fuel increased sharply this year",
                   "imports of fuel decreased sharply this year", " again.", "word_changed");
    expect_refused("Analysts said ", "imports of fuel rose sharply this year",
                   "exports of fuel rose sharply this year", " again.", "word_changed");
    /* a short word made another speaker's or another time's */
    expect_refused(RU_BEFORE, "мы живём как в Каракасе, заявил депутат",
                   "вы живём как в Каракасе, заявил депутат", RU_AFTER, "word_changed");
    expect_refused(RU_BEFORE, "министр сказал, что он не знал о проверке",
                   "министр сказал, что она не знал о проверке", RU_AFTER, "word_changed");
    expect_refused(RU_BEFORE, "депутат айтты: біз Каракастағыдай өмір сүреміз",
                   "депутат айтты: сіз Каракастағыдай өмір сүреміз", RU_AFTER, "word_changed");
    expect_refused("The deputy said ", "that crime is like Caracas in the capital",
                   "that crime was like Caracas in the capital", " again.", "word_changed");
    expect_refused("The deputy said ", "that we live like in Caracas these days",
                   "that you live like in Caracas these days", " again.", "word_changed");
    expect_taken("The deputy said ", "that crime is like Caracas in the capital",
                 "that crime is lik Caracas in the capital", " again.");
    /* an ending that makes another word: an ordinal, a superlative */
    expect_refused(RU_BEFORE, "цены выросли в пять раз за последние годы",
                   "цены выросли в пятый раз за последние годы", RU_AFTER, "number_changed");
    expect_refused(RU_BEFORE, "депутат приехал в город вчера вечером",
                   "депутат приехал в городище вчера вечером", RU_AFTER, "word_changed");
    expect_refused(RU_BEFORE, "цены выросли в шесть раз за последние годы",
                   "цены выросли в шестой раз за последние годы", RU_AFTER, "number_changed");
    /* a number word inside the quote run on into another number; a case
       ending of one is the same number */
    expect_refused("Analysts said ", "prices rose six percent in the third quarter",
                   "prices rose sixty percent in the third quarter", " again.", "number_changed");
    expect_refused(RU_BEFORE, "цены выросли в десять раз за последние годы",
                   "цены выросли в десятый раз за последние годы", RU_AFTER, "number_changed");
    expect_taken(RU_BEFORE, "встреча с пять депутатами прошла в акимате",
                 "встреча с пятью депутатами прошла в акимате", RU_AFTER);
    expect_taken(RU_BEFORE, "ответственность двух министерств за проект",
                 "ответственность двум министерствам за проект", RU_AFTER);
    expect_taken(RU_BEFORE, "встреча с шести депутатами прошла в акимате",
                 "встреча с шестью депутатами прошла в акимате", RU_AFTER);
    expect_refused("Analysts said ", "the rate is the lower in the region this year",
                   "the rate is the lowest in the region this year", " again.", "word_changed");
    /* a number grown by a group of thousands at either edge */
    ct_anchor_result r = find("Во время паводка погибли 1 200 человек, сообщили спасатели.",
                              "200 человек", "Во время паводка погибли ", ", сообщили спасатели.",
                              25, 36);
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && strcmp(r.refused, "number_changed") == 0,
                  "1 200 for 200: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
    r = find("По оценке экспертов, ущерб от паводка составил 12 500 млрд тенге, сообщили.",
             "ущерб от паводка составил 12", "По оценке экспертов, ", " млрд тенге", 21, 49);
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && strcmp(r.refused, "number_changed") == 0,
                  "12 500 for 12: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
    /* Kazakh "one" run on into "several" */
    r = find("Министрдің айтуынша, апатта бірнеше адам зардап шекті.", "апатта бір",
             "Министрдің айтуынша, ", " адам зардап", 21, 31);
    ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && strcmp(r.refused, "number_changed") == 0,
                  "бірнеше for бір: how %d refused %s", (int)r.how, r.refused ? r.refused : "-");
}
END_TEST

START_TEST(a_number_grown_at_an_edge_is_orphaned)
{
    const char *quote = "преступность снизилась на 12", *before = "По данным полиции, ";
    const char *after = " процентов за год";

    assert_refused("Аким сообщил, что дополнительно 120 тысяч камер установлено в столице."
                   " Это видеоаналитика.", "20 тысяч камер установлено в столице",
                   "Аким сообщил, что дополнительно ", ". Это видеоаналитика", 32, 68,
                   "number_changed");
    assert_refused("По данным полиции, преступность снизилась на 125 процентов за год.",
                   quote, before, after, 19, 47, "number_changed");
    assert_refused("По данным полиции, преступность снизилась на 12,5 процентов за год.",
                   quote, before, after, 19, 47, "number_changed");
    assert_refused("По данным полиции, преступность снизилась на 2,12 процентов за год.",
                   "12 процентов за год", "снизилась на ", ".", 45, 64, "number_changed");
    /* the number itself moved on: still the same sentence, found exact */
    ct_anchor_result r = find("Итак, по данным полиции, преступность снизилась на 12 процентов"
                              " за год.", quote, before, after, 19, 47);
    assert_anchor(r, CT_ANCHOR_EXACT, 25, 53);
}
END_TEST

/* Rule c on words of scale: the digits are the same, the sum is not. */
START_TEST(a_scale_changed_is_orphaned)
{
    assert_refused("По словам акима, город потратил 5 млрд тенге на камеры в этом году.",
                   "город потратил 5 млн тенге на камеры", "По словам акима, ", " в этом году",
                   17, 53, "number_changed");
    assert_refused("The city spent 5 billion dollars on cameras this year.",
                   "spent 5 million dollars on cameras", "The city ", " this year", 9, 43,
                   "number_changed");
    /* another ending of the same word of scale is the same sum */
    ct_anchor_result r = find("По словам акима, город потратил 5 миллиона тенге на камеры в этом году.",
                              "город потратил 5 миллионов тенге на камеры", "По словам акима, ",
                              " в этом году", 17, 59);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 17, 58);
}
END_TEST

START_TEST(a_word_grown_at_its_start_is_orphaned)
{
    assert_refused("Police said crime is unlikely to rise by 10 percent next year.",
                   "likely to rise by 10 percent", "Police said crime is ", " next year.", 21, 49,
                   "word_changed");
    assert_refused("Депутат заявил, что земли незаконно приобретены акиматом.",
                   "законно приобретены акиматом", "Депутат заявил, что земли ", ".", 26, 54,
                   "word_changed");
}
END_TEST

/* Rule g. A negation added or removed inside the quote is a few errors in
   a long quote, but the passage now says the opposite. */
START_TEST(a_negation_added_or_removed_is_orphaned)
{
    const char *quote = "Астана похожа на Каракас по уровню преступности";

    assert_refused("Как сообщил аким, Астана не похожа на Каракас по уровню преступности,"
                   " говорится в отчёте.", quote, "Как сообщил аким, ", ", говорится в отчёте",
                   18, 65, "negation_changed");
    assert_refused("Как сообщил аким, Астана похожа на Каракас по уровню преступности,"
                   " говорится в отчёте.", "Астана не похожа на Каракас по уровню преступности",
                   "Как сообщил аким, ", ", говорится в отчёте", 18, 68, "negation_changed");
    assert_refused("Police say Astana is not like Caracas in crime, the report said.",
                   "Astana is like Caracas in crime", "Police say ", ", the report", 11, 42,
                   "negation_changed");
    assert_refused("Депутат Астана Каракасқа ұқсамайды деп мәлімдеді.",
                   "Астана Каракасқа ұқсайды деп мәлімдеді", "Депутат ", ".", 8, 46,
                   "negation_changed");
    assert_refused("Officials said fuel prices can't rise again this year, he said.",
                   "fuel prices can rise again this year", "Officials said ", ", he said", 15, 51,
                   "negation_changed");
    assert_refused("Officials said fuel prices could rise again this year, he said.",
                   "fuel prices couldn't rise again this year", "Officials said ", ", he said",
                   15, 56, "negation_changed");
    assert_refused("Министр: біз бұл шешімді қолдамаймыз деп айтты.",
                   "біз бұл шешімді қолдаймыз деп айтты", "Министр: ", ".", 9, 44,
                   "negation_changed");
    /* a contraction written out, or with another apostrophe, denies as much */
    ct_anchor_result d = find("Officials said the ministry does not support the plan, he said.",
                              "the ministry doesn't support the plan", "Officials said ",
                              ", he said", 15, 52);
    ck_assert_msg(d.how == CT_ANCHOR_APPROXIMATE && d.start == 15 && d.end == 53,
                  "how %d %ld-%ld refused %s", (int)d.how, d.start, d.end,
                  d.refused ? d.refused : "-");
    d = find("Officials said the ministry doesn\u02BCt support the plan, he said.",
             "the ministry doesn't support the plan", "Officials said ", ", he said", 15, 52);
    assert_anchor(d, CT_ANCHOR_EXACT, 15, 52);
    /* the particle written together with its word still denies: the same sentence */
    ct_anchor_result r = find("Полиция назвала это неподтвержденной информацией, сообщил аким.",
                              "назвала это не подтвержденной информацией", "Полиция ",
                              ", сообщил", 8, 49);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 8, 48);
    ck_assert_int_eq(r.errors, 1);
}
END_TEST

START_TEST(a_short_word_replaced_is_orphaned)
{
    /* a word of three letters or fewer is as much a word as a longer one */
    const char *quote = "преступность в Астане выросла вдвое за год";

    assert_refused("Депутат заявил, что преступность в Астане выросла вдвое за месяц, и"
                   " извинился.", quote, "Депутат заявил, что ", ", и извинился", 20, 62,
                   "word_changed");
    assert_refused("Депутат заявил, что преступность в Астане выросла вдвое за век, и"
                   " извинился.", quote, "Депутат заявил, что ", ", и извинился", 20, 62,
                   "word_changed");
    assert_refused("Police said crime in Astana rose by six percent last year, the mayor said.",
                   "crime in Astana rose by ten percent last year", "Police said ",
                   ", the mayor", 12, 57, "number_changed");
    /* letters glued to a word inside the quote: another word */
    assert_refused("Сводка. По словам акима, пятьсот человек были задержаны на митинге, сообщил он.",
                   "пять человек были задержаны на митинге", "Сводка. По словам акима, ",
                   ", сообщил он", 25, 63, "number_changed");
    assert_refused("Analysts said a rate cut is unlikely to help exporters this year, he said.",
                   "a rate cut is likely to help exporters this year", "Analysts said ",
                   ", he said", 14, 62, "word_changed");
    /* and an ending glued to a word inside it is the same word */
    ct_anchor_result g = find("Сводка. Жители Астанаға жаңа мектеп салынады деп хабарлады.",
                              "Жители Астана жаңа мектеп салынады", "Сводка. ", " деп", 8, 42);
    assert_anchor(g, CT_ANCHOR_APPROXIMATE, 8, 44);
    /* two letters of a short word swapped back is a typo fixed, taken */
    ct_anchor_result t = find("Officials said the prices of fuel went up over the past year, he said.",
                              "teh prices of fuel went up over the past year", "Officials said ",
                              ", he said", 15, 60);
    assert_anchor(t, CT_ANCHOR_APPROXIMATE, 15, 60);
    ck_assert_int_eq(t.errors, 2);
    /* a word of two letters replaced by another ("up" by "down", "за" by
       "против", "до" by "после"): its meaning turned round */
    assert_refused("Officials said fuel prices went down over the past year, he said.",
                   "fuel prices went up over the past year", "Officials said ", ", he said",
                   15, 15 + cps("fuel prices went up over the past year"), "word_changed");
    assert_refused("Сводка. Депутат выступил против закона о митингах, сообщили в маслихате.",
                   "Депутат выступил за закон о митингах", "Сводка. ", ", сообщили",
                   8, 8 + cps("Депутат выступил за закон о митингах"), "word_changed");
    assert_refused("Сводка. Митинг прошёл после выборов в маслихат, сообщили в акимате.",
                   "Митинг прошёл до выборов в маслихат", "Сводка. ", ", сообщили",
                   8, 8 + cps("Митинг прошёл до выборов в маслихат"), "word_changed");
    /* a word of one letter takes its variant ("со" for "с"): taken */
    ct_anchor_result v = find("Сводка. Встреча со студентами прошла в Астане, сообщили в акимате.",
                              "Встреча с студентами прошла в Астане", "Сводка. ", ", сообщили", 8,
                              8 + cps("Встреча с студентами прошла в Астане"));
    assert_anchor(v, CT_ANCHOR_APPROXIMATE, 8, 8 + cps("Встреча со студентами прошла в Астане"));
    /* one letter of a short word retyped is still a typo, taken */
    ct_anchor_result r = find("Police said crime in Astana rose by ten percent lsst year, the mayor said.",
                              "crime in Astana rose by ten percent last year", "Police said ",
                              ", the mayor", 12, 57);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 12, 57);
    ck_assert_int_eq(r.errors, 1);
}
END_TEST

START_TEST(a_word_grown_at_its_end_is_an_ending)
{
    /* "Каракас" tagged where the article said it whole; now declined:
       the quote as written is there, but its last word runs on, so the
       match is the quote edited, highlighted to the word's end. */
    ct_anchor_result r = find("Депутат сравнил Астану с Каракасом, и это неправда.",
                              "сравнил Астану с Каракас", "Депутат ", " и это", 8, 32);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 8, 34);
    ck_assert_int_eq(r.errors, 2);
}
END_TEST

START_TEST(a_last_word_with_another_ending_is_the_same_word)
{
    /* the ending of the quote's last word edited, not only lengthened; the
       highlight covers the word whole ("Казахстаном", "Астаной") */
    ct_anchor_result r = find("Сводка за неделю. Он сказал, что встретился с президентом Казахстаном"
                              " вчера днём.", "встретился с президентом Казахстана",
                              "Сводка за неделю. Он сказал, что ", " вчера днём.", 33, 68);
    ck_assert_msg(r.how == CT_ANCHOR_APPROXIMATE && r.start == 33 && r.end == 69,
                  "how %d %ld-%ld refused %s", (int)r.how, r.start, r.end,
                  r.refused ? r.refused : "-");
    r = find("По данным акимата, число жителей Астаной выросло.", "число жителей Астаны",
             "По данным акимата, ", " выросло", 19, 39);
    ck_assert_msg(r.how == CT_ANCHOR_APPROXIMATE && r.start == 19 && r.end == 40,
                  "how %d %ld-%ld refused %s", (int)r.how, r.start, r.end,
                  r.refused ? r.refused : "-");
}
END_TEST

/* A quote whose last word the edited text runs on into another word is
   orphaned when that word says something else, even where the quote
   itself still occurs letter for letter: a number made another number
   (English number words take no endings; Russian and Kazakh ones do, and
   only tens, teens, hundreds and ordinals make another number), or a
   denial glued on. An ending of case is the same number. */
START_TEST(a_last_word_run_on_into_another_number_or_a_denial_is_orphaned)
{
    static const struct {
        const char *text, *quote, *prefix, *suffix, *refused;
    } cases[] = {
        {"Police said crime rose to sixty cases a month.", "crime rose to six", "Police said ",
         " cases a month.", "number_changed"},
        {"Police said seventeen people were hurt.", "Police said seven", "", " people were hurt.",
         "number_changed"},
        {"Police said sixteen people were hurt.", "Police said six", "", " people were hurt.",
         "number_changed"},
        {"Officials said prices cannot rise this year.", "Officials said prices can", "",
         " rise this year.", "negation_changed"},
        {"Officials said prices can't rise this year.", "Officials said prices can", "",
         " rise this year.", "negation_changed"},
        {"Officials said prices can\u2019t rise this year.", "Officials said prices can", "",
         " rise this year.", "negation_changed"},
        {"The police evicted tenants on Monday.", "The police evicted ten", "", " people on Monday.",
         "word_changed"},
        {"Police arrested the manager on Monday.", "Police arrested the man", "", " on Monday.",
         "word_changed"},
        {"The mayor will close the schoolyard today.", "The mayor will close the school", "",
         " today.", "word_changed"},
        /* Russian ordinals: "в сороковом году" for "в сорок", "на десятое декабря" for "на десять" */
        {"\u042d\u0442\u043e \u043f\u0440\u043e\u0438\u0437\u043e\u0448\u043b\u043e \u0432 "
         "\u0441\u043e\u0440\u043e\u043a\u043e\u0432\u043e\u043c \u0433\u043e\u0434\u0443.",
         "\u042d\u0442\u043e \u043f\u0440\u043e\u0438\u0437\u043e\u0448\u043b\u043e \u0432 "
         "\u0441\u043e\u0440\u043e\u043a", "", " \u0433\u043e\u0434\u0443.", "number_changed"},
        {"\u0417\u0430\u0441\u0435\u0434\u0430\u043d\u0438\u0435 \u043d\u0430\u0437\u043d\u0430\u0447\u0435\u043d\u043e "
         "\u043d\u0430 \u0434\u0435\u0441\u044f\u0442\u043e\u0435 \u0434\u0435\u043a\u0430\u0431\u0440\u044f.",
         "\u0417\u0430\u0441\u0435\u0434\u0430\u043d\u0438\u0435 \u043d\u0430\u0437\u043d\u0430\u0447\u0435\u043d\u043e "
         "\u043d\u0430 \u0434\u0435\u0441\u044f\u0442\u044c", "", " \u0434\u0435\u043a\u0430\u0431\u0440\u044f.",
         "number_changed"},
        {"\u0417\u0430\u0434\u0435\u0440\u0436\u0430\u043d\u044b \u0434\u043e "
         "\u043f\u044f\u0442\u0438\u0434\u0435\u0441\u044f\u0442\u0438 \u0447\u0435\u043b\u043e\u0432\u0435\u043a.",
         "\u0417\u0430\u0434\u0435\u0440\u0436\u0430\u043d\u044b \u0434\u043e \u043f\u044f\u0442\u0438",
         "", " \u0447\u0435\u043b\u043e\u0432\u0435\u043a.", "number_changed"},
        /* "Штраф составит пятьсот тенге." for "пять" */
        {"\u0428\u0442\u0440\u0430\u0444 \u0441\u043e\u0441\u0442\u0430\u0432\u0438\u0442 "
         "\u043f\u044f\u0442\u044c\u0441\u043e\u0442 \u0442\u0435\u043d\u0433\u0435.",
         "\u0428\u0442\u0440\u0430\u0444 \u0441\u043e\u0441\u0442\u0430\u0432\u0438\u0442 "
         "\u043f\u044f\u0442\u044c", "", " \u0442\u0435\u043d\u0433\u0435.", "number_changed"},
        /* "Задержаны двадцать человек" for "два" */
        {"\u0417\u0430\u0434\u0435\u0440\u0436\u0430\u043d\u044b "
         "\u0434\u0432\u0430\u0434\u0446\u0430\u0442\u044c \u0447\u0435\u043b\u043e\u0432\u0435\u043a.",
         "\u0417\u0430\u0434\u0435\u0440\u0436\u0430\u043d\u044b \u0434\u0432\u0430", "",
         " \u0447\u0435\u043b\u043e\u0432\u0435\u043a.", "number_changed"},
        /* Kazakh "Оқиғада жетпіс адам зардап шекті." for "жеті" (seven, seventy) */
        {"\u041e\u049b\u0438\u0493\u0430\u0434\u0430 \u0436\u0435\u0442\u043f\u0456\u0441 "
         "\u0430\u0434\u0430\u043c \u0437\u0430\u0440\u0434\u0430\u043f \u0448\u0435\u043a\u0442\u0456.",
         "\u041e\u049b\u0438\u0493\u0430\u0434\u0430 \u0436\u0435\u0442\u0456", "",
         " \u0430\u0434\u0430\u043c \u0437\u0430\u0440\u0434\u0430\u043f", "number_changed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ct_anchor_result r = find(cases[i].text, cases[i].quote, cases[i].prefix, cases[i].suffix,
                                  cps(cases[i].prefix),
                                  cps(cases[i].prefix) + cps(cases[i].quote));
        ck_assert_msg(r.how == CT_ANCHOR_ORPHANED && r.refused && strcmp(r.refused, cases[i].refused) == 0,
                      "case %zu: how %d %ld-%ld refused %s", i, (int)r.how, r.start, r.end,
                      r.refused ? r.refused : "-");
    }
    /* "Встреча прошла с пятью депутатами." for "пять": the same number in another case */
    ct_anchor_result r = find("\u0412\u0441\u0442\u0440\u0435\u0447\u0430 \u043f\u0440\u043e\u0448\u043b\u0430 "
                              "\u0441 \u043f\u044f\u0442\u044c\u044e \u0434\u0435\u043f\u0443\u0442\u0430\u0442\u0430\u043c\u0438.",
                              "\u0412\u0441\u0442\u0440\u0435\u0447\u0430 \u043f\u0440\u043e\u0448\u043b\u0430 "
                              "\u0441 \u043f\u044f\u0442\u044c", "", " \u0434\u0435\u043f\u0443\u0442", 0, 21);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 0, 22);
    ck_assert_int_eq(r.errors, 1);
    /* a word that denies, run on, still denies (Kazakh "расталмаған" with
       a case ending, "no" in "none"); "ones" is the pronoun, no number;
       "can't" where the article always said "can't" */
    static const char *const same[][3] = {
        {"\u041c\u0438\u043d\u0438\u0441\u0442\u0440\u043b\u0456\u043a \u0431\u04b1\u043b "
         "\u0430\u049b\u043f\u0430\u0440\u0430\u0442\u0442\u044b\u04a3 "
         "\u0440\u0430\u0441\u0442\u0430\u043b\u043c\u0430\u0493\u0430\u043d\u044b\u043d "
         "\u0445\u0430\u0431\u0430\u0440\u043b\u0430\u0434\u044b.",
         "\u041c\u0438\u043d\u0438\u0441\u0442\u0440\u043b\u0456\u043a \u0431\u04b1\u043b "
         "\u0430\u049b\u043f\u0430\u0440\u0430\u0442\u0442\u044b\u04a3 "
         "\u0440\u0430\u0441\u0442\u0430\u043b\u043c\u0430\u0493\u0430\u043d",
         " \u0445\u0430\u0431\u0430\u0440\u043b\u0430\u0434\u044b."},
        {"The ministry said there was none at all.", "The ministry said there was no", " at all."},
        {"The minister blamed the wrong ones for it.", "The minister blamed the wrong one", " for it."},
        {"Officials said prices can't rise this year.", "Officials said prices can", "'t rise this year."},
    };
    static const long same_end[] = {39, 32, 34, 25};  /* the grown word's end; "can" stays */
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        r = find(same[i][0], same[i][1], "", same[i][2], 0, cps(same[i][1]));
        ct_anchor_how how = same_end[i] > cps(same[i][1]) ? CT_ANCHOR_APPROXIMATE : CT_ANCHOR_EXACT;
        ck_assert_msg(r.how == how && r.start == 0 && r.end == same_end[i],
                      "same %zu: how %d %ld-%ld refused %s", i, (int)r.how, r.start, r.end,
                      r.refused ? r.refused : "-");
    }
}
END_TEST

/* A Kazakh number word inside the quote replaced by another number word
   is another number (rule c), as in Russian and English: "он есе" (ten
   times) is not "үш есе" (three times), "екі" not "елу", "бес" not "бір",
   though the words are too short for rule d to weigh. A Kazakh number
   word keeps its number only whole with an ending glued on ("екісі"),
   unless that ending makes tens or an ordinal. */
START_TEST(a_kazakh_number_word_replaced_is_another_number)
{
    const char *was = "Әкім: бағалар соңғы жылы он есе өсті, деді ол.";
    const char *quote = "бағалар соңғы жылы он есе өсті";
    static const struct { const char *was, *quote, *from, *to; } changed[] = {
        {"Әкім: бағалар соңғы жылы он есе өсті, деді ол.", "бағалар соңғы жылы он есе өсті",
         " он есе", " үш есе"},
        {"Әкім: бағалар соңғы жылы екі есе өсті, деді ол.", "бағалар соңғы жылы екі есе өсті",
         " екі есе", " елу есе"},
        {"Әкім: бағалар соңғы жылы бес есе өсті, деді ол.", "бағалар соңғы жылы бес есе өсті",
         " бес есе", " бір есе"},
        /* another number word with an ending of case: still another number */
        {"Әкім: бағалар соңғы жылы он есе өсті, деді ол.", "бағалар соңғы жылы он есе өсті",
         " он есе", " үшке есе"},
    };
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        char *now = replace_first(changed[i].was, changed[i].from, changed[i].to);
        ct_anchor_result r = find(now, changed[i].quote, "Әкім: ", ", деді ол.", 6,
                                  6 + cps(changed[i].quote));
        assert_orphaned_for(r, "number_changed", "kazakh number", i);
        free(now);
    }
    ck_assert_int_eq(cps(quote), 30);
    /* the text as tagged is exact; the same number with a possessive
       ending glued on is the quote edited, taken */
    ct_anchor_result r = find(was, quote, "Әкім: ", ", деді ол.", 6, 36);
    assert_anchor(r, CT_ANCHOR_EXACT, 6, 36);
    const char *owned = "Әкім: мектептің екі ғимараты жабылды, деді ол.";
    const char *grown = "Әкім: мектептің екісі ғимараты жабылды, деді ол.";
    r = find(grown, "мектептің екі ғимараты жабылды", "Әкім: ", ", деді ол.", 6, 36);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 6, 38);
    ck_assert_int_eq(r.errors, 2);
    ck_assert_int_eq(cp_offset(owned, ","), 36);
}
END_TEST

/* Kazakh denies after the predicate: "емес" (is not), "жоқ" (did not,
   there is no), or a verb with a denying ending, stand after the words
   they deny. One put after the quote, or taken away from after it, turns
   what the sentence says of the quote round though the quote's own words
   are all there (negation_changed), as a denial before it does in
   Russian and English. Read up to three words after it in its clause
   and in its sentence; a denial in the next sentence, and Russian's "не"
   after the quote, which denies what follows it, change nothing. */
START_TEST(a_kazakh_denial_put_after_the_quote_is_refused)
{
    static const struct { const char *was, *now, *quote; } changed[] = {
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас емес деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Астана Каракасқа ұқсас"},
        {"Мәслихатта депутат Сапаров кешірім сұраған, деді хатшы. Бұл туралы кеше белгілі болды.",
         "Мәслихатта депутат Сапаров кешірім сұраған жоқ, деді хатшы. Бұл туралы кеше белгілі болды.",
         "депутат Сапаров кешірім сұраған"},
        {"Мәслихатта депутат Сапаров кешірім сұраған, деді хатшы. Бұл туралы кеше белгілі болды.",
         "Мәслихатта депутат Сапаров кешірім сұраған да жоқ, деді хатшы. Бұл туралы кеше белгілі болды.",
         "депутат Сапаров кешірім сұраған"},
        /* the denial taken away: "is not like" made "is like" */
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас емес деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Астана Каракасқа ұқсас"},
        /* the verb that reports it denied, by a word or by its ending */
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдеген жоқ. Полиция бұл сөзді теріске шығарды.",
         "Астана Каракасқа ұқсас"},
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас деп мәлімдемеді. Полиция бұл сөзді теріске шығарды.",
         "Астана Каракасқа ұқсас"},
    };
    char *before32 = NULL, *after32 = NULL;
    long at32 = 0;
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        tag(changed[i].was, changed[i].quote, 0, &before32, &after32, &at32);
        ct_anchor_result r = find(changed[i].now, changed[i].quote, before32, after32, at32,
                                  at32 + cps(changed[i].quote));
        assert_orphaned_for(r, "negation_changed", "denied after", i);
        free(before32);
        free(after32);
    }
    /* the first case's selector, as the review found it: 28-50, all the
       text before it as its prefix, 32 code points of suffix */
    tag(changed[0].was, changed[0].quote, 0, &before32, &after32, &at32);
    ck_assert_int_eq(at32, 28);
    ck_assert_int_eq(cps(before32), 28);
    ck_assert_int_eq(cps(after32), CONTEXT_CPS);
    free(before32);
    free(after32);
    static const struct { const char *was, *now, *quote; } same[] = {
        /* unedited, a denial after the quote and all */
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас емес деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас емес деп мәлімдеді. Полиция бұл сөзді теріске шығарды.",
         "Астана Каракасқа ұқсас"},
        /* a denial in the next sentence denies another statement */
        {"Мәслихат отырысында депутат Астана Каракасқа ұқсас деді. Полиция бұл сөзді теріске шығарды.",
         "Мәслихат отырысында депутат Астана Каракасқа ұқсас деді. Бұл рас емес.",
         "Астана Каракасқа ұқсас"},
        /* Russian's "не" after the quote denies what follows it */
        {"В среду Сапаров извинился перед жителями столицы.",
         "В среду Сапаров извинился не перед жителями столицы, а перед депутатами.",
         "Сапаров извинился"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        tag(same[i].was, same[i].quote, 0, &before32, &after32, &at32);
        long want = cp_offset(same[i].now, same[i].quote);
        ct_anchor_result r = find(same[i].now, same[i].quote, before32, after32, at32,
                                  at32 + cps(same[i].quote));
        assert_found_at(r, CT_ANCHOR_EXACT, want, want + cps(same[i].quote), "not denied after", i);
        free(before32);
        free(after32);
    }
}
END_TEST

/* Rule h passes over a quote that begins a sentence, in the text and in
   the stored prefix alike: the words before it are another sentence's.
   A sentence begins after ".", "!", "?" or "…" (and a closing quotation
   mark or bracket after one), after a line break (a heading with no full
   stop), or at the start of the text; a capital letter is no sign of it,
   for a proper noun in mid-sentence ("data do not show Astana has") has
   one too. */
START_TEST(a_capital_letter_does_not_begin_a_sentence)
{
    static const struct { const char *was, *now, *quote; } changed[] = {
        {"City police data show Astana has the highest crime rate in the country.",
         "City police data do not show Astana has the highest crime rate in the country.",
         "Astana has the highest crime rate"},
        {"City police data show astana has the highest crime rate in the country.",
         "City police data do not show astana has the highest crime rate in the country.",
         "astana has the highest crime rate"},
        {"Deputy Saparov has Apologised to the residents of the capital.",
         "Deputy Saparov has never Apologised to the residents of the capital.",
         "Apologised to the residents of the capital"},
        {"Officials say Kazakhstan has raised pensions by 5 percent this year.",
         "Officials never say Kazakhstan has raised pensions by 5 percent this year.",
         "Kazakhstan has raised pensions by 5 percent"},
    };
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        ct_anchor_result r = reanchor(changed[i].was, changed[i].now, changed[i].quote);
        assert_orphaned_for(r, "negation_changed", "capital", i);
    }
    /* the review's selector: its prefix and suffix as stored */
    const char *denied = "City police data do not show Astana has the highest crime rate in the country.";
    ct_anchor_result r = find(denied, "Astana has the highest crime rate", "City police data show ",
                              " in the country.", 22, 55);
    assert_orphaned_for(r, "negation_changed", "review", (size_t)0);
    /* a quote that begins a sentence, after a full stop, an ellipsis or a
       heading's line break, in both texts: the words before it are the
       sentence's before, whatever they say, capital or not */
    static const struct { const char *was, *now, *quote; } same[] = {
        {"He said taxes would not fall\u2026 Officials raised the fuel tax by 5 percent.",
         "He said taxes would fall\u2026 Officials raised the fuel tax by 5 percent.",
         "Officials raised the fuel tax by 5 percent"},
        {"Why taxes will not fall\nthe ministry raised the fuel tax by 5 percent.",
         "Why taxes will fall\nthe ministry raised the fuel tax by 5 percent.",
         "the ministry raised the fuel tax by 5 percent"},
        {"He asked: \"Will taxes not fall?\" Officials raised the fuel tax by 5 percent.",
         "He asked: \"Will taxes fall?\" Officials raised the fuel tax by 5 percent.",
         "Officials raised the fuel tax by 5 percent"},
        {"Officials raised the fuel tax by 5 percent.", "Officials raised the fuel tax by 5 percent.",
         "Officials raised the fuel tax by 5 percent"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        long found = cp_offset(same[i].now, same[i].quote);
        r = reanchor(same[i].was, same[i].now, same[i].quote);
        assert_found_at(r, CT_ANCHOR_EXACT, found, found + cps(same[i].quote), "sentence start", i);
    }
}
END_TEST

/* A word inside the quote declined ("новая школа" in "новой школе": two
   letters of five, more than rule d's third) is the same word with
   another ending, taken; a change before the ending ("Алматы" for
   "Астаны") or letters glued on ("пятьсот" for "пять") still replace it. */
START_TEST(an_inner_word_with_another_ending_is_the_same_word)
{
    const char *quote = "\u043d\u043e\u0432\u0430\u044f \u0448\u043a\u043e\u043b\u0430 \u0432 "
                        "\u0410\u0441\u0442\u0430\u043d\u0435 \u043e\u0442\u043a\u0440\u043e\u0435\u0442\u0441\u044f";
    /* "По словам акима, новой школе в Астане откроется ..." */
    ct_anchor_result r = find("\u041f\u043e \u0441\u043b\u043e\u0432\u0430\u043c \u0430\u043a\u0438\u043c\u0430, "
                              "\u043d\u043e\u0432\u043e\u0439 \u0448\u043a\u043e\u043b\u0435 \u0432 "
                              "\u0410\u0441\u0442\u0430\u043d\u0435 \u043e\u0442\u043a\u0440\u043e\u0435\u0442\u0441\u044f "
                              "\u043e\u0441\u0435\u043d\u044c\u044e.",
                              quote, "\u041f\u043e \u0441\u043b\u043e\u0432\u0430\u043c \u0430\u043a\u0438\u043c\u0430, ",
                              " \u043e\u0441\u0435\u043d\u044c\u044e", 17, 17 + cps(quote));
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 17, 17 + cps(quote));
    ck_assert_int_eq(r.errors, 3);
}
END_TEST

/* An approximate match whose last word an edit changed is highlighted to
   the end of that word, not where its errors were fewest ("Казахстано"
   of "Казахстаном", one letter short); a quote selected inside a word
   (its suffix a letter) keeps its cut. The quote as written at the start
   of a longer word ("school" of "schools", "5 Sept" of "5 September") is
   the quote edited, highlighted whole. */
START_TEST(an_edited_last_word_is_highlighted_whole)
{
    const char *said = "Он сказал, что встретился с президентом Казахстаном вчера днём.";
    const char *before = "Он сказал, что ";
    ct_anchor_result r = find(said, "встретился с президентом Казахстана", before, " вчера днём.",
                              15, 50);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 15, cp_offset(said, " вчера"));
    ck_assert_int_eq(r.errors, 1);

    r = find(said, "резидентом Казахстана", "встретился с п", " вчера", 29, 50);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 29, cp_offset(said, " вчера"));

    r = find(said, "встретилс с президентом Казахста", before, "на вчера днём.", 15, 48);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 15, cp_offset(said, "ном вчера"));

    const char *opened = "The mayor opened the new schools today.";
    r = find(opened, "mayor opened the new school", "The ", " today.", 4, 31);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, 4, 32);
    ck_assert_int_eq(r.errors, 1);
    r = find(opened, "mayor opened the new school", "The ", "s today.", 4, 31);
    assert_anchor(r, CT_ANCHOR_EXACT, 4, 31);           /* tagged inside the word */
    r = find(opened, "mayor opened the new school", NULL, NULL, -1, -1);
    assert_anchor(r, CT_ANCHOR_EXACT, 4, 31);           /* no suffix: perhaps inside it */
}
END_TEST

START_TEST(a_quote_tagged_inside_a_word_may_stay_inside_it)
{
    /* the editor's selection began inside the word (its prefix ends with a
       letter) and the number ran on in the stored suffix: nothing changed */
    ct_anchor_result r = find("Рост на 12,5 процента за год незаконно начисленных штрафов.",
                              "законно начисленных", "Рост на 12,5 процента за год не", " штраф",
                              31, 50);
    assert_anchor(r, CT_ANCHOR_EXACT, 31, 50);
    r = find("Рост на 12,5 процента за год.", "на 12", "Рост ", ",5 процента", 5, 10);
    assert_anchor(r, CT_ANCHOR_EXACT, 5, 10);
}
END_TEST

/* ---- a quote repeated more often than the candidates scored --------------- */

#define REPEATS        4200   /* more than CT_ANCHOR_MAX_CANDIDATES */
#define REPEATED_QUOTE "в 2 раза"
#define NAMED          4149   /* 0-based: the 4,150th occurrence */

/* An eight-digit code of paragraph i (a multiplicative hash), which
   differs from every other paragraph's in most digits: each paragraph's
   context is its own. */
static long paragraph_code(int i, unsigned long salt)
{
    return 10000000L + (long)(((unsigned long)(i + 1) * 2654435761UL * salt & 0xFFFFFFFFUL) %
                              90000000UL);
}

/* copies paragraphs, each "Отчёт <code>. Цены выросли в 2 раза, пишет
   <code>." on its line; paragraph edited (0-based; -1 for none) written
   with `edited_body` in place of "Цены выросли в 2 раза". malloc'd. */
static char *repeated_text(int copies, int edited, const char *edited_body)
{
    size_t capacity = (size_t)copies * 128 + 1, used = 0;
    char *text = malloc(capacity);

    ck_assert_ptr_nonnull(text);
    for (int i = 0; i < copies; i++) {
        int n = snprintf(text + used, capacity - used, "Отчёт %ld. %s, пишет %ld.\n",
                         paragraph_code(i, 7919),
                         i == edited ? edited_body : "Цены выросли " REPEATED_QUOTE,
                         paragraph_code(i, 104729));
        ck_assert(n > 0 && (size_t)n < capacity - used);
        used += (size_t)n;
    }
    return text;
}

/* quote anchored in text with the selector a browser takes (32 code
   points each side) of its occurrence-th occurrence in tagged, and the
   position hint start_hint (-1 for none). */
static ct_anchor_result anchor_tagged(const char *text, const char *tagged, const char *quote,
                                      int occurrence, long start_hint)
{
    char *before, *after;
    long start;

    tag(tagged, quote, occurrence, &before, &after, &start);
    ct_anchor_result r = find(text, quote, before, after, start_hint,
                              start_hint < 0 ? -1 : start_hint + cps(quote));
    free(before);
    free(after);
    return r;
}

START_TEST(a_quote_repeated_thousands_of_times_is_told_apart_by_its_context)
{
    char *text = repeated_text(REPEATS, -1, NULL);
    long named = cp_offset_nth(text, REPEATED_QUOTE, NAMED);

    /* Without a hint every occurrence is as near as the others: the one
       the context names lies past the first 4,096 and is still found. */
    ct_anchor_result r = anchor_tagged(text, text, REPEATED_QUOTE, NAMED, -1);
    assert_anchor(r, CT_ANCHOR_EXACT, named, named + 8);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_double_eq_tol(r.prefix_score, 1.0, 1e-9);
    ck_assert_double_eq_tol(r.suffix_score, 1.0, 1e-9);
    free(text);
}
END_TEST

START_TEST(a_stale_hint_among_thousands_of_repeats_gives_way_to_the_context)
{
    /* A hint at the 10th occurrence, the context naming one near the end:
       with 300 repeats every occurrence is scored, and the context (weight
       40) outweighs the position (weight 2). 4,200 repeats, the named one
       at the same place relative to the text, must get the same answer. */
    const int copies[] = {300, REPEATS};
    const int named[] = {300 * (NAMED + 1) / REPEATS - 1, NAMED};

    for (size_t i = 0; i < 2; i++) {
        char *text = repeated_text(copies[i], -1, NULL);
        long want = cp_offset_nth(text, REPEATED_QUOTE, named[i]);
        long stale = cp_offset_nth(text, REPEATED_QUOTE, 9);

        ck_assert_int_gt(want, stale);
        ct_anchor_result r = anchor_tagged(text, text, REPEATED_QUOTE, named[i], stale);
        assert_found_at(r, CT_ANCHOR_EXACT, want, want + 8, "repeats", (size_t)copies[i]);
        free(text);
    }
}
END_TEST

START_TEST(the_first_of_thousands_of_repeats_wins_without_context_or_hint)
{
    char *text = repeated_text(REPEATS, -1, NULL);
    long first = cp_offset(text, REPEATED_QUOTE);

    ct_anchor_result r = find(text, REPEATED_QUOTE, "", "", -1, -1);
    assert_anchor(r, CT_ANCHOR_CONTEXT, first, first + 8);
    ck_assert_int_eq(first, 29);   /* after "Отчёт 12345678. Цены выросли " */
    free(text);
}
END_TEST

START_TEST(an_edited_place_among_thousands_of_exact_repeats_is_still_scored)
{
    /* The named paragraph's quote has a typo; the 4,199 others are exact
       but each has another context. Scored, the typo with its context
       (0.974) beats every exact one without (0.871 at best), so the exact
       ones must not take every place the cut leaves. */
    const char *quote = "Цены выросли " REPEATED_QUOTE;
    char *tagged = repeated_text(REPEATS, -1, NULL);
    char *text = repeated_text(REPEATS, NAMED, "Цены вырасли " REPEATED_QUOTE);
    long want = cp_offset(text, "вырасли") - 5;

    ck_assert_int_eq(want, cp_offset_nth(tagged, quote, NAMED));
    ct_anchor_result r = anchor_tagged(text, tagged, quote, NAMED, -1);
    assert_anchor(r, CT_ANCHOR_APPROXIMATE, want, want + 21);
    ck_assert_int_eq(r.errors, 1);
    free(tagged);
    free(text);
}
END_TEST

START_TEST(a_comma_put_in_beside_one_of_thousands_of_repeats_keeps_its_context)
{
    /* One code point put in right before the named occurrence puts every
       code point of its prefix out of step by one: compared position by
       position its context would look like no other's. */
    char *tagged = repeated_text(REPEATS, -1, NULL);
    char *text = repeated_text(REPEATS, NAMED, "Цены выросли, " REPEATED_QUOTE);
    long want = cp_offset(text, "выросли, ") + 9;

    ct_anchor_result r = anchor_tagged(text, tagged, REPEATED_QUOTE, NAMED, -1);
    assert_anchor(r, CT_ANCHOR_CONTEXT, want, want + 8);
    ck_assert_double_eq_tol(r.prefix_score, 1.0 - 1.0 / 32, 1e-9);
    ck_assert_double_eq_tol(r.suffix_score, 1.0, 1e-9);
    free(tagged);
    free(text);
}
END_TEST

START_TEST(an_exact_occurrence_among_thousands_of_near_ones_survives_a_stale_hint)
{
    /* 4,200 sentences one digit off the quote near the stored position,
       the quote itself once at the end, no context stored: an error costs
       more of the foreseen score than the position gives (the near ones
       all lie in the first quarter of the text, the quote at its end), so
       ranked by that alone 4,096 near ones would fill the cut, each then
       be refused (number_changed), and the mention be orphaned. */
    const char *near = "Индекс северного региона составил 5679 пунктов.\n";
    const char *filler = "Погода была тёплой, и рынок работал до вечера.\n";
    const char *quote = "Индекс северного региона составил 5678 пунктов";
    size_t size = (strlen(near) + 3 * strlen(filler)) * REPEATS + strlen(quote) + 2, used = 0;
    char *text = malloc(size);

    ck_assert_ptr_nonnull(text);
    for (int i = 0; i < REPEATS; i++, used += strlen(near))
        memcpy(text + used, near, strlen(near));
    for (int i = 0; i < 3 * REPEATS; i++, used += strlen(filler))
        memcpy(text + used, filler, strlen(filler));
    text[used] = '\0';
    strcat(text, quote);
    strcat(text, ".");
    long want = cp_offset(text, quote);

    ct_anchor_result r = find(text, quote, "", "", 0, cps(quote));
    assert_anchor(r, CT_ANCHOR_EXACT, want, want + cps(quote));
    ck_assert_int_eq(r.errors, 0);
    free(text);
}
END_TEST

static Suite *anchor_suite(void)
{
    Suite *s = suite_create("anchor");
    TCase *tc = tcase_create("seed");
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, seed_selector_is_32_code_points_each_side);
    tcase_add_test(tc, unchanged_text_is_exact_at_the_code_point_offset);
    tcase_add_test(tc, paragraph_inserted_before_shifts_the_start);
    tcase_add_test(tc, edit_after_keeps_the_start);
    tcase_add_test(tc, typo_inside_the_quote_is_approximate);
    tcase_add_test(tc, word_replaced_inside_the_quote_is_orphaned);
    tcase_add_test(tc, word_inserted_inside_the_quote_is_approximate);
    tcase_add_test(tc, approximate_match_prefers_its_context);
    suite_add_tcase(s, tc);

    tc = tcase_create("duplicates");
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, duplicate_with_other_context_is_told_apart);
    tcase_add_test(tc, partial_context_is_scored_before_distance);
    tcase_add_test(tc, identical_context_twice_takes_the_one_nearest_the_hint);
    tcase_add_test(tc, position_hint_is_used_when_the_context_changed);
    tcase_add_test(tc, a_unique_quote_is_exact_whatever_the_hint);
    suite_add_tcase(s, tc);

    tc = tcase_create("gone");
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, deleted_quote_is_orphaned);
    tcase_add_test(tc, quote_rewritten_beyond_the_error_bound_is_orphaned);
    tcase_add_test(tc, error_bound_is_a_fifth_of_the_quote);
    tcase_add_test(tc, short_quotes_are_never_approximate);
    suite_add_tcase(s, tc);

    tc = tcase_create("texts");
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, four_byte_characters_count_as_one_code_point);
    tcase_add_test(tc, empty_text_orphans_everything);
    tcase_add_test(tc, hints_outside_the_text_are_harmless);
    tcase_add_test(tc, bad_arguments_are_refused);
    tcase_add_test(tc, how_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("trust");
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, lookalike_paragraph_deleted_is_orphaned);
    tcase_add_test(tc, lookalike_number_changed_is_orphaned);
    tcase_add_test(tc, a_number_grown_at_an_edge_is_orphaned);
    tcase_add_test(tc, a_scale_changed_is_orphaned);
    tcase_add_test(tc, a_word_grown_at_its_start_is_orphaned);
    tcase_add_test(tc, a_negation_added_or_removed_is_orphaned);
    tcase_add_test(tc, a_short_word_replaced_is_orphaned);
    tcase_add_test(tc, a_word_grown_at_its_end_is_an_ending);
    tcase_add_test(tc, a_last_word_with_another_ending_is_the_same_word);
    tcase_add_test(tc, a_last_word_run_on_into_another_number_or_a_denial_is_orphaned);
    tcase_add_test(tc, a_kazakh_number_word_replaced_is_another_number);
    tcase_add_test(tc, a_kazakh_denial_put_after_the_quote_is_refused);
    tcase_add_test(tc, a_capital_letter_does_not_begin_a_sentence);
    tcase_add_test(tc, thousands_grouped_or_not_are_the_same_number);
    tcase_add_test(tc, a_month_replaced_is_another_date);
    tcase_add_test(tc, a_month_written_short_or_out_is_the_same_date);
    tcase_add_test(tc, an_edit_that_turns_a_word_round_is_refused);
    tcase_add_test(tc, a_denial_or_a_future_put_before_the_quote_is_refused);
    tcase_add_test(tc, a_number_counted_in_another_unit_is_another_number);
    tcase_add_test(tc, a_highlight_has_no_space_at_its_edges);
    tcase_add_test(tc, edits_at_the_edges_of_the_rules);
    tcase_add_test(tc, an_inner_word_with_another_ending_is_the_same_word);
    tcase_add_test(tc, a_quote_tagged_inside_a_word_may_stay_inside_it);
    tcase_add_test(tc, an_edited_last_word_is_highlighted_whole);
    tcase_add_test(tc, one_character_next_to_the_quote_keeps_the_context);
    tcase_add_test(tc, no_break_spaces_match_plain_spaces);
    tcase_add_test(tc, decomposed_letters_match_composed_ones);
    tcase_add_test(tc, invisible_characters_and_typography_are_ignored);
    tcase_add_test(tc, non_exact_results_report_their_score);
    suite_add_tcase(s, tc);

    tc = tcase_create("large");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
    tcase_add_test(tc, large_text_with_a_hint_is_found_at_the_edit);
    tcase_add_test(tc, large_text_without_a_hint_is_searched_whole);
    suite_add_tcase(s, tc);

    tc = tcase_create("repeats");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_quote_repeated_thousands_of_times_is_told_apart_by_its_context);
    tcase_add_test(tc, a_stale_hint_among_thousands_of_repeats_gives_way_to_the_context);
    tcase_add_test(tc, the_first_of_thousands_of_repeats_wins_without_context_or_hint);
    tcase_add_test(tc, an_edited_place_among_thousands_of_exact_repeats_is_still_scored);
    tcase_add_test(tc, a_comma_put_in_beside_one_of_thousands_of_repeats_keeps_its_context);
    tcase_add_test(tc, an_exact_occurrence_among_thousands_of_near_ones_survives_a_stale_hint);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return th_run_suite(anchor_suite());
}
