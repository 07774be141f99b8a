/*
 * test_note.c -- src/base/note.c against the published vectors of the
 * formats it implements: Go's golang.org/x/mod/sumdb/note (the
 * PeterNeumann key pair and note; Ed25519 is deterministic, so signing the
 * same text with the same key must give the published note byte for byte)
 * and the example key of c2sp.org/signed-note. Then what must be refused:
 * a note whose text was changed by one character, signed by another key,
 * with a truncated or padded signature, a key whose hash does not match
 * its name, a line after the blank line that is no signature; and
 * checkpoints (c2sp.org/tlog-checkpoint) written, signed, opened and
 * read back, with malformed sizes and roots refused. Pure functions.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhost.h"
#include "note.h"

#define GO_SIGNER   "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define GO_VERIFIER "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define GO_TEXT     "If you think cryptography is the answer to your problem,\n" \
                    "then you don't know what your problem is.\n"
#define GO_NOTE     GO_TEXT "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZ" \
                    "InNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
#define ENOCH_VERIFIER "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
#define SPEC_VERIFIER  "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
#define SPEC_NOTE      "This is an example message.\n\n\xe2\x80\x94 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1T" \
                       "nagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

static bool opens(const char *note, const char *verifier_text, size_t *text_len)
{
    ct_note_key verifier;
    ck_assert(ct_note_verifier_key(verifier_text, &verifier));
    return ct_note_open(note, strlen(note), &verifier, text_len);
}

START_TEST(signing_gives_gos_published_note)
{
    ct_note_key signer;
    char verifier[CT_NOTE_NAME_MAX + 64];

    ck_assert(ct_note_signer_key(GO_SIGNER, &signer));
    ck_assert(ct_note_verifier_text(&signer, verifier, sizeof verifier));
    ck_assert_str_eq(verifier, GO_VERIFIER);
    char *note = ct_note_sign(GO_TEXT, &signer);
    ck_assert_ptr_nonnull(note);
    ck_assert_str_eq(note, GO_NOTE);
    free(note);
}
END_TEST

START_TEST(published_notes_open_with_their_keys_only)
{
    size_t text_len = 0;
    ck_assert(opens(GO_NOTE, GO_VERIFIER, &text_len));
    ck_assert_uint_eq(text_len, strlen(GO_TEXT));
    ck_assert(opens(SPEC_NOTE, SPEC_VERIFIER, &text_len));
    ck_assert_uint_eq(text_len, strlen("This is an example message.\n"));
    /* another key's note */
    ck_assert(!opens(GO_NOTE, ENOCH_VERIFIER, &text_len));
    ck_assert(!opens(SPEC_NOTE, GO_VERIFIER, &text_len));
}
END_TEST

START_TEST(altered_notes_are_refused)
{
    size_t text_len = 0;
    char note[512];

    /* one character of the text */
    snprintf(note, sizeof note, "%s", GO_NOTE);
    *strstr(note, "cryptography") = 'C';
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    /* one character of the signature */
    snprintf(note, sizeof note, "%s", GO_NOTE);
    strstr(note, "x08go")[2] = '9';
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    snprintf(note, sizeof note, "%s", GO_NOTE);
    strstr(note, "ZInNI")[0] = 'Y';
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    /* the signature cut short, or with bytes added */
    snprintf(note, sizeof note, "%s", GO_TEXT "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJn\n");
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    snprintf(note, sizeof note, "%s", GO_TEXT "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAMAAAA\n");
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    /* a line after the blank line that is no signature */
    snprintf(note, sizeof note, "%s%s", GO_NOTE, "and a line of text\n");
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    /* no final newline, no blank line */
    snprintf(note, sizeof note, "%s", GO_NOTE);
    note[strlen(note) - 1] = '\0';
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    ck_assert(!opens(GO_TEXT, GO_VERIFIER, &text_len));
    /* the text moved: a signed note's text is not its own note */
    ck_assert(!opens("\n" GO_NOTE, GO_VERIFIER, &text_len));
    /* a valid line and a forged one of the same key: the note is spoilt,
       as Go's note.Open has it (the forged line first or last) */
    snprintf(note, sizeof note, "%s%s", GO_NOTE, "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/"
             "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA=\n");
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
    snprintf(note, sizeof note, GO_TEXT "\n%s%s", "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/"
             "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA=\n",
             strstr(GO_NOTE, "\xe2\x80\x94"));
    ck_assert(!opens(note, GO_VERIFIER, &text_len));
}
END_TEST

START_TEST(keys_that_do_not_match_their_hash_are_refused)
{
    ct_note_key key;
    ck_assert(!ct_note_verifier_key("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &key));
    ck_assert(!ct_note_verifier_key("PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &key));
    ck_assert(!ct_note_verifier_key("PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &key));
    ck_assert(!ct_note_signer_key("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFy", &key));
    ck_assert(!ct_note_signer_key(GO_VERIFIER, &key));
    ck_assert(!ct_note_verifier_key("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &key));
}
END_TEST

START_TEST(checkpoints_round_trip_and_malformed_ones_are_refused)
{
    ct_merkle_hash root, read_root;
    ct_note_key signer;
    char origin[64], verifier[CT_NOTE_NAME_MAX + 64];
    uint64_t size = 0;
    size_t text_len = 0;

    ck_assert(ct_merkle_leaf_hash("event", 5, root));
    ck_assert(ct_note_signer_key(GO_SIGNER, &signer));
    ck_assert(ct_note_verifier_text(&signer, verifier, sizeof verifier));
    char *text = ct_checkpoint_text("factcheck.kz/claimtrack", 1000000, root,
                                    "time 2026-12-01T12:00:00Z\n");
    ck_assert_ptr_nonnull(text);
    char *note = ct_note_sign(text, &signer);
    ck_assert_ptr_nonnull(note);
    ck_assert(opens(note, verifier, &text_len));
    ck_assert_uint_eq(text_len, strlen(text));
    ck_assert(ct_checkpoint_parse(note, text_len, origin, sizeof origin, &size, read_root));
    ck_assert_str_eq(origin, "factcheck.kz/claimtrack");
    ck_assert_uint_eq(size, 1000000);
    ck_assert(memcmp(root, read_root, sizeof root) == 0);
    /* the size changed after signing: the signature no longer holds */
    *strstr(note, "1000000") = '2';
    ck_assert(!opens(note, verifier, &text_len));
    free(note);
    free(text);

    static const char *const malformed[] = {
        "origin\n010\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJA=\n",   /* a leading zero */
        "origin\n-1\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJA=\n",
        "origin\n18446744073709551616\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJA=\n",
        "origin\n12\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJ==\n",  /* 31 bytes */
        "origin\n12\n",                                       /* no root */
        "\n12\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJA=\n",   /* no origin */
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        ck_assert_msg(!ct_checkpoint_parse(malformed[i], strlen(malformed[i]), origin,
                                           sizeof origin, &size, read_root), "%s", malformed[i]);
    const char *largest = "origin\n18446744073709551615\nz+T8Hy7Dle0TYzVV0h3Jk6EWbtCMxV1YKbXvUd3+bJA=\n";
    ck_assert(ct_checkpoint_parse(largest, strlen(largest), origin, sizeof origin, &size, read_root));
    ck_assert(size == UINT64_MAX);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("note");
    TCase *tc = tcase_create("c2sp");
    tcase_add_test(tc, signing_gives_gos_published_note);
    tcase_add_test(tc, published_notes_open_with_their_keys_only);
    tcase_add_test(tc, altered_notes_are_refused);
    tcase_add_test(tc, keys_that_do_not_match_their_hash_are_refused);
    tcase_add_test(tc, checkpoints_round_trip_and_malformed_ones_are_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
