/*
 * fuzz_lexicon.c -- libFuzzer target for the comparison form
 * (src/domain/lexicon.c): the input's first byte picks the language (ru,
 * kk, en or another), the rest is the text (any bytes: invalid UTF-8 must
 * end the text, not be read past). The form must be valid UTF-8, words
 * apart by single spaces, none at either end, and words "place<digits>"
 * must name a place id below 64 (the text's own such words are not kept
 * as they are).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "domain/lexicon.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_form(const char *form)
{
    size_t n = strlen(form);
    if (n && (form[0] == ' ' || form[n - 1] == ' ' || strstr(form, "  ")))
        abort();
    for (const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)form; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            abort();
        p += k;
    }
    for (const char *w = form; (w = strstr(w, "place")) != NULL; w += 5) {
        char word[16] = {0};
        size_t len = strcspn(w, " ");
        if ((w == form || w[-1] == ' ') && len > 5 && strspn(w + 5, "0123456789") == len - 5) {
            memcpy(word, w, len < sizeof word - 1 ? len : sizeof word - 1);
            if (len >= sizeof word || ct_lexicon_place_id(word) < 0)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const languages[] = {"ru", "kk", "en", "de"};
    if (size == 0)
        return 0;
    char *text = malloc(size);
    if (text == NULL)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *form = ct_lexicon_normalize(languages[data[0] % 4], text, strlen(text));
    if (form)
        check_form(form);
    free(form);
    free(text);
    return 0;
}
