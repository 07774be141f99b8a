/*
 * langname.h -- a language's name ("Russian", "русский", "Kazakh",
 * "қазақ тілі") as its ISO 639 code, by the Unicode CLDR names that ICU
 * carries.
 *
 * schema.org's inLanguage is "a language code from the IETF BCP 47
 * standard" or a Language; feeds also write a Language's name, or the
 * name alone ("Russian"). claimtrack stores a code, so a name is looked up
 * among every language ICU knows (uloc_getISOLanguages), as each is called
 * in English, in itself and in the display languages the caller names.
 */
#ifndef CT_LANGNAME_H
#define CT_LANGNAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The ISO 639 code of the language called name, into out (size bytes, 4
 * are enough: "ru", "kk", "haw"). The comparison ignores case, Unicode
 * composition and spaces at either end ("  RUSSIAN ", "Русский"). A name
 * is looked for among each language's names in English, in the language
 * itself ("русский", "қазақ тілі", "English") and in each of the
 * NULL-ended display languages ("ru", "kk"; may be NULL); where two
 * languages share a name, the one ICU lists first is taken.
 *
 * False, out untouched, when no language has that name, when name is NULL
 * or longer than 100 bytes, or when the table could not be made (out of
 * memory: the next call tries again; without ICU's data no name is
 * known). The table is made once, on first use, from any thread; the
 * display languages of the call that makes it are the table's.
 */
bool ct_language_from_name(const char *name, const char *const *display_languages,
                           char *out, size_t size);

/*
 * The BCP 47 tag tag in its canonical form, into out (size bytes), by
 * ICU's canonicalisation (CLDR's aliases): ISO 639-2/T codes that have a
 * two-letter code take it ("rus" -> "ru", "kaz" -> "kk", "eng-GB" ->
 * "en-GB"), deprecated codes their successor ("iw" -> "he", "in" -> "id").
 * ISO 639-2/B codes ("ger", "fre") are not BCP 47 and stay as written.
 * False, out untouched, when ICU cannot read tag or the canonical form
 * does not fit.
 */
bool ct_language_tag_canonical(const char *tag, char *out, size_t size);

#endif
