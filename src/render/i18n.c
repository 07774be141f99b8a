/*
 * i18n.c -- wording tables and date formats (see i18n.h).
 *
 * Sentences use {by} and {date} placeholders so that each language can
 * put them where its grammar wants them; Russian and Kazakh use a
 * "label: who, date" pattern that needs no agreement with the gender or
 * case of a name the desk typed.
 */
#include "render/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "base/vocabulary.h"

_Static_assert(CT_LANG_EN == 0 && CT_LANG_RU == 1 && CT_LANG_KK == 2 && CT_LANG_COUNT == CT_VOCAB_LANGS, "labels of src/vocabulary.txt are en, ru, kk");

const char *const ct_i18n_languages[] = {"en", "ru", "kk", NULL};
const char ct_i18n_languages_array[] = "{en,ru,kk}";

bool ct_i18n_lang(const char *tag, ct_lang *out)
{
    for (int i = 0; tag && i < CT_LANG_COUNT; i++) {
        size_t n = strlen(ct_i18n_languages[i]);
        if (strncmp(tag, ct_i18n_languages[i], n) == 0 && (tag[n] == '\0' || tag[n] == '-')) {
            *out = (ct_lang)i;
            return true;
        }
    }
    return false;
}

/* True when the first n bytes of a are b's, ASCII letters in either case
   (no locale: a tag is ASCII, and a byte past it must match nothing). */
static bool same_ascii_letters(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + ('a' - 'A')) : a[i];
        if (c != b[i])
            return false;
    }
    return true;
}

bool ct_i18n_negotiate(const char *tag, ct_lang *out)
{
    size_t n = tag ? strcspn(tag, "-") : 0;

    for (int i = 0; tag && i < CT_LANG_COUNT; i++)
        if (strlen(ct_i18n_languages[i]) == n && same_ascii_letters(tag, ct_i18n_languages[i], n)) {
            *out = (ct_lang)i;
            return true;
        }
    return false;
}

const char *ct_i18n_tag(ct_lang lang)
{
    return ct_i18n_languages[lang];
}

static const char *const labels[CT_LABEL_COUNT][CT_LANG_COUNT] = {
    [CT_LABEL_HEADING]  = {"Fact check", "Проверка фактов", "Фактілерді тексеру"},
    [CT_LABEL_CLAIM]    = {"Claim", "Заявление", "Мәлімдеме"},
    [CT_LABEL_SAID_BY]  = {"Said by", "Автор", "Айтқан"},
    [CT_LABEL_VERDICT]  = {"Verdict", "Вердикт", "Қорытынды"},
    [CT_LABEL_HAPPENED] = {"What happened", "Что произошло", "Не болды"},
    [CT_LABEL_TIMELINE] = {"Timeline", "Хронология", "Хронология"},
    [CT_LABEL_UPDATED]  = {"Updated", "Обновлено", "Жаңартылды"},
    [CT_LABEL_SOURCE]   = {"Source", "Источник", "Дереккөз"},
    [CT_LABEL_NOTICES]  = {"Fact-check notices", "Проверка фактов", "Фактілерді тексеру"},
    [CT_LABEL_ARCHIVED] = {"Archived copy", "Архивная копия", "Мұрағаттағы көшірме"},
    [CT_LABEL_ORPHANED] = {"The quoted passage is no longer in the article.",
                           "Цитируемый фрагмент больше не содержится в статье.",
                           "Дәйексөз ретінде келтірілген үзінді енді мақалада жоқ."},
    [CT_LABEL_PROOF]    = {"Verify this record", "Проверить подлинность записи",
                           "Жазбаның түпнұсқалығын тексеру"},
};

const char *ct_i18n_label(ct_lang lang, ct_label label)
{
    return labels[label][lang];
}

static const char *const author_apologised[CT_LANG_COUNT] = {
    "The author apologised on {date}",
    "Автор заявления публично извинился {date}",
    "Мәлімдеме авторы кешірім сұрады: {date}",
};

static const char *const author_retracted[CT_LANG_COUNT] = {
    "The author retracted the claim on {date}",
    "Автор отозвал заявление {date}",
    "Мәлімдеме авторы оны кері алды: {date}",
};

/* Statuses and response kinds come from
   src/vocabulary.txt (base/vocabulary.h); labels are in ct_lang's order. */
const char *ct_i18n_status(ct_lang lang, const char *status)
{
    for (int i = 0; status && i < CT_VOCAB_STATUSES; i++)
        if (strcmp(ct_vocab_statuses[i].key, status) == 0)
            return ct_vocab_statuses[i].label[lang];
    return status;
}

static const ct_kind_word *kind_word(const char *kind)
{
    for (int i = 0; kind && i < CT_VOCAB_KINDS; i++)
        if (strcmp(ct_vocab_kinds[i].key, kind) == 0)
            return &ct_vocab_kinds[i];
    return NULL;
}

const char *ct_i18n_kind(ct_lang lang, const char *kind)
{
    const ct_kind_word *w = kind_word(kind);
    return w ? w->label[lang] : kind;
}

static const char *const months[CT_LANG_COUNT][12] = {
    {"January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"},
    /* Russian dates take the genitive: "22 декабря" */
    {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
     "сентября", "октября", "ноября", "декабря"},
    {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
     "қыркүйек", "қазан", "қараша", "желтоқсан"},
};

void ct_i18n_date(ct_buf *b, ct_lang lang, const char *when)
{
    int year, month, day;
    if (when == NULL || strlen(when) < 10)
        return;
    year = atoi(when);
    month = atoi(when + 5);
    day = atoi(when + 8);
    if (month < 1 || month > 12)
        return;
    switch (lang) {
    case CT_LANG_RU:
        ct_buf_appendf(b, "%d %s %d г.", day, months[lang][month - 1], year);
        break;
    case CT_LANG_KK:
        ct_buf_appendf(b, "%d жылғы %d %s", year, day, months[lang][month - 1]);
        break;
    default:
        ct_buf_appendf(b, "%d %s %d", day, months[lang][month - 1], year);
        break;
    }
}

void ct_i18n_time_element(ct_buf *b, ct_lang lang, const char *when)
{
    if (when == NULL || strlen(when) < 10)
        return;
    ct_buf_append(b, "<time datetime=\"");
    ct_buf_append_len(b, when, 10);       /* digits and dashes, checked by the caller */
    ct_buf_append(b, "\">");
    ct_i18n_date(b, lang, when);
    ct_buf_append(b, "</time>");
}

/* How much of the n bytes of text before a {date} to keep when there is
   no date: all but what joins the date to the sentence, that is trailing
   spaces, then a "," or ":" or the word "on", then spaces again ("Refuted
   by {by} on {date}" -> "Refuted by {by}"; "Опровержение: {by}, {date}"
   -> "Опровержение: {by}"). test_i18n holds every sentence of the
   vocabulary to it. */
static size_t without_date_joiner(const char *text, size_t n)
{
    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n > 0 && (text[n - 1] == ',' || text[n - 1] == ':'))
        n--;
    else if (n >= 3 && memcmp(text + n - 3, " on", 3) == 0)
        n -= 3;
    while (n > 0 && text[n - 1] == ' ')
        n--;
    return n;
}

/* Fill {by} (escaped) and {date} (a <time> element) into template; with
   no date (when NULL: the source gave none) the date and what joins it
   are left out. */
static void expand(ct_buf *b, ct_lang lang, const char *template, const char *by,
                   const char *when)
{
    bool dated = when != NULL && strlen(when) >= 10;
    const char *p = template;
    while (*p) {
        if (strncmp(p, "{by}", 4) == 0) {
            ct_buf_append_html(b, by);
            p += 4;
        } else if (strncmp(p, "{date}", 6) == 0) {
            ct_i18n_time_element(b, lang, when);
            p += 6;
        } else {
            const char *next = strchr(p + 1, '{');
            size_t n = next ? (size_t)(next - p) : strlen(p);
            bool before_date = next != NULL && strncmp(next, "{date}", 6) == 0;
            ct_buf_append_len(b, p, before_date && !dated ? without_date_joiner(p, n) : n);
            p += n;
        }
    }
}

void ct_i18n_happened(ct_buf *b, ct_lang lang, const char *kind, const char *by,
                      bool by_claimant, const char *when)
{
    const char *template = NULL;
    if (by_claimant && kind && strcmp(kind, "apology") == 0)
        template = author_apologised[lang];
    else if (by_claimant && kind && strcmp(kind, "retraction") == 0)
        template = author_retracted[lang];
    else if (kind_word(kind))
        template = kind_word(kind)->happened[lang];
    else
        template = kind_word("context")->happened[lang];
    expand(b, lang, template, by, when);
}
