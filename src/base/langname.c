/*
 * langname.c -- language names as ISO 639 codes (see langname.h).
 *
 * The names are CLDR's, as ICU ships them: claimtrack keeps no list of
 * its own. On first use the table of every name is made: for each
 * language ICU lists, its name in English, in itself and in the caller's
 * display languages, each in its comparison form (Unicode NFKC with case
 * folded, ICU's NFKC_Casefold, so "Русский", "РУССКИЙ" and "русский" are
 * one key), sorted for a binary search. About 600 languages and 2,400
 * names; made in a few milliseconds, once per process, and kept for its
 * life. A lookup folds the name the same way and searches.
 */
#include "base/langname.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define NAME_MAX_BYTES 100          /* a longer name is no language's */
#define FOLDED_MAX     128          /* UTF-16 units of a folded name   */

typedef struct name_entry {
    char *key;                      /* the name, folded, as UTF-8      */
    char  code[4];                  /* "ru", "haw"                     */
    int   order;                    /* ICU's order: the first wins     */
} name_entry;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static bool            table_made;  /* the table below is final       */
static name_entry     *table;
static size_t          table_len;

/* utf16 (n units) in its comparison form, as UTF-8 into out; false when
   it does not fit or ICU fails. */
static bool fold_utf16(const UChar *utf16, int32_t n, char *out, int32_t size)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&status);
    UChar folded[FOLDED_MAX];
    int32_t folded_len = U_SUCCESS(status)
        ? unorm2_normalize(fold, utf16, n, folded, FOLDED_MAX, &status) : 0;
    if (U_SUCCESS(status))
        u_strToUTF8(out, size, NULL, folded, folded_len, &status);
    return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING;
}

/* name (UTF-8) trimmed of spaces and folded into out. */
static bool fold_utf8(const char *name, char *out, int32_t size)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar utf16[FOLDED_MAX];
    int32_t n = 0;
    size_t len = strlen(name);

    while (len > 0 && (*name == ' ' || *name == '\t')) {
        name++;
        len--;
    }
    while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    if (len == 0 || len > NAME_MAX_BYTES)
        return false;
    u_strFromUTF8(utf16, FOLDED_MAX, &n, name, (int32_t)len, &status);
    return U_SUCCESS(status) && fold_utf16(utf16, n, out, size);
}

/* Append the name of language code as written in display, folded; a
   language ICU has no name for there (it answers with the code) adds
   nothing. false only when out of memory. */
static bool add_name(name_entry **entries, size_t *len, size_t *cap, const char *code,
                     const char *display, int order)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar name[FOLDED_MAX];
    char key[4 * FOLDED_MAX];
    int32_t n = uloc_getDisplayLanguage(code, display, name, FOLDED_MAX, &status);

    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || n == 0
        || !fold_utf16(name, n, key, (int32_t)sizeof key) || strcmp(key, code) == 0)
        return true;
    if (*len == *cap) {
        size_t grown = *cap ? *cap * 2 : 1024;
        name_entry *more = realloc(*entries, grown * sizeof **entries);
        if (more == NULL)
            return false;
        *entries = more;
        *cap = grown;
    }
    name_entry *e = &(*entries)[*len];
    e->key = strdup(key);
    if (e->key == NULL)
        return false;
    strncpy(e->code, code, sizeof e->code - 1);
    e->code[sizeof e->code - 1] = '\0';
    e->order = order;
    (*len)++;
    return true;
}

static int by_key_then_order(const void *a, const void *b)
{
    const name_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void free_entries(name_entry *entries, size_t len)
{
    for (size_t i = 0; i < len; i++)
        free(entries[i].key);
    free(entries);
}

/* Every language's names, sorted, into table; under table_lock. False
   when out of memory: the next lookup tries again. */
static bool make_table(const char *const *display_languages)
{
    const char *const *codes = uloc_getISOLanguages();
    name_entry *entries = NULL;
    size_t len = 0, cap = 0;
    bool ok = codes != NULL;

    for (int i = 0; ok && codes[i]; i++) {
        if (strlen(codes[i]) >= sizeof entries->code)
            continue;
        ok = add_name(&entries, &len, &cap, codes[i], "en", i)
             && add_name(&entries, &len, &cap, codes[i], codes[i], i);
        for (const char *const *d = display_languages; ok && d && *d; d++)
            ok = add_name(&entries, &len, &cap, codes[i], *d, i);
    }
    if (!ok) {
        free_entries(entries, len);
        return false;
    }
    qsort(entries, len, sizeof *entries, by_key_then_order);
    table = entries;
    table_len = len;
    return true;
}

static int by_key(const void *key, const void *entry)
{
    return strcmp(key, ((const name_entry *)entry)->key);
}

bool ct_language_tag_canonical(const char *tag, char *out, size_t size)
{
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY], canonical[ULOC_FULLNAME_CAPACITY];
    char result[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;

    uloc_forLanguageTag(tag, locale, (int32_t)sizeof locale, &parsed, &status);
    if (U_SUCCESS(status) && (size_t)parsed == strlen(tag))
        uloc_canonicalize(locale, canonical, (int32_t)sizeof canonical, &status);
    if (U_SUCCESS(status) && (size_t)parsed == strlen(tag))
        uloc_toLanguageTag(canonical, result, (int32_t)sizeof result, 1, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING
        || (size_t)parsed != strlen(tag) || strlen(result) >= size)
        return false;
    memcpy(out, result, strlen(result) + 1);
    return true;
}

bool ct_language_from_name(const char *name, const char *const *display_languages,
                           char *out, size_t size)
{
    char key[4 * FOLDED_MAX];
    if (name == NULL || !fold_utf8(name, key, (int32_t)sizeof key))
        return false;
    pthread_mutex_lock(&table_lock);
    if (!table_made)
        table_made = make_table(display_languages);
    pthread_mutex_unlock(&table_lock);

    const name_entry *found = table ? bsearch(key, table, table_len, sizeof *table, by_key) : NULL;
    /* bsearch finds any entry of the key: walk back to ICU's first */
    while (found && found > table && strcmp(found[-1].key, key) == 0)
        found--;
    if (found == NULL || strlen(found->code) >= size)
        return false;
    memcpy(out, found->code, strlen(found->code) + 1);
    return true;
}
