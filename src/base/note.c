/*
 * note.c -- C2SP signed notes and tlog checkpoints (see note.h).
 *
 * Parsing is strict where the formats are: a key's hash must be the one
 * its name and key give, a signature must decode to exactly 4 + 64 bytes,
 * every line after the text's blank line must be a signature line, and
 * the checkpoint's size is decimal without leading zeros. A verifier that
 * is lenient about any of these accepts notes another verifier refuses,
 * which is how such formats break.
 */
#include "base/note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/crypto.h"

#define ALG_ED25519 0x01
#define SIG_PREFIX  "\xe2\x80\x94 "          /* "— ": U+2014 and a space */

/* ---- keys ------------------------------------------------------------------- */

static bool key_hash(const char *name, const unsigned char public_key[32], uint32_t *hash)
{
    unsigned char digest[32], alg = ALG_ED25519;
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
              EVP_DigestUpdate(ctx, name, strlen(name)) == 1 &&
              EVP_DigestUpdate(ctx, "\n", 1) == 1 && EVP_DigestUpdate(ctx, &alg, 1) == 1 &&
              EVP_DigestUpdate(ctx, public_key, 32) == 1 &&
              EVP_DigestFinal_ex(ctx, digest, &n) == 1;
    EVP_MD_CTX_free(ctx);
    if (ok)
        *hash = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
                (uint32_t)digest[2] << 8 | digest[3];
    return ok;
}

static bool name_valid(const char *name, size_t len)
{
    if (len == 0 || len > CT_NOTE_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] <= ' ' || name[i] == '+' || name[i] == 0x7f)
            return false;
    return true;
}

/* "name+hash+base64(0x01 || 32 bytes)": the name, the hash, the 32 bytes. */
static bool parse_key(const char *text, ct_note_key *out, unsigned char key[32])
{
    const char *plus1 = strchr(text, '+'), *plus2 = plus1 ? strchr(plus1 + 1, '+') : NULL;
    unsigned char decoded[40];
    unsigned int hash = 0;
    char hex[9];

    if (plus2 == NULL || !name_valid(text, (size_t)(plus1 - text)) || plus2 - plus1 != 9)
        return false;
    memcpy(hex, plus1 + 1, 8);
    hex[8] = '\0';
    if (strspn(hex, "0123456789abcdef") != 8 || sscanf(hex, "%8x", &hash) != 1)
        return false;
    if (ct_base64_decode(plus2 + 1, decoded, sizeof decoded) != 33 || decoded[0] != ALG_ED25519)
        return false;
    memset(out, 0, sizeof *out);
    memcpy(out->name, text, (size_t)(plus1 - text));
    out->hash = hash;
    memcpy(key, decoded + 1, 32);
    return true;
}

bool ct_note_verifier_key(const char *text, ct_note_key *out)
{
    uint32_t hash = 0;
    unsigned char key[32];
    if (!parse_key(text, out, key))
        return false;
    memcpy(out->public_key, key, 32);
    return key_hash(out->name, out->public_key, &hash) && hash == out->hash;
}

bool ct_note_signer_key(const char *text, ct_note_key *out)
{
    uint32_t hash = 0;
    size_t n = 32;
    unsigned char key[32];
    EVP_PKEY *pkey = NULL;
    bool ok;

    if (strncmp(text, "PRIVATE+KEY+", 12) != 0 || !parse_key(text + 12, out, key))
        return false;
    memcpy(out->seed, key, 32);
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, out->seed, 32);
    ok = pkey != NULL && EVP_PKEY_get_raw_public_key(pkey, out->public_key, &n) == 1 && n == 32 &&
         key_hash(out->name, out->public_key, &hash) && hash == out->hash;
    EVP_PKEY_free(pkey);
    out->signer = ok;
    return ok;
}

bool ct_note_verifier_text(const ct_note_key *key, char *out, size_t size)
{
    unsigned char raw[33];
    char b64[48];
    raw[0] = ALG_ED25519;
    memcpy(raw + 1, key->public_key, 32);
    ct_base64_encode(raw, sizeof raw, b64);
    int n = snprintf(out, size, "%s+%08x+%s", key->name, (unsigned)key->hash, b64);
    return n > 0 && (size_t)n < size;
}

bool ct_note_signer_text(const ct_note_key *key, char *out, size_t size)
{
    unsigned char raw[33];
    char b64[48];
    if (!key->signer)
        return false;
    raw[0] = ALG_ED25519;
    memcpy(raw + 1, key->seed, 32);
    ct_base64_encode(raw, sizeof raw, b64);
    int n = snprintf(out, size, "PRIVATE+KEY+%s+%08x+%s", key->name, (unsigned)key->hash, b64);
    OPENSSL_cleanse(raw, sizeof raw);
    OPENSSL_cleanse(b64, sizeof b64);
    return n > 0 && (size_t)n < size;
}

bool ct_note_generate(const char *name, ct_note_key *out)
{
    EVP_PKEY *pkey = NULL;
    size_t n = 32;
    bool ok;

    memset(out, 0, sizeof *out);
    if (!name_valid(name, strlen(name)) || RAND_bytes(out->seed, 32) != 1)
        return false;
    strcpy(out->name, name);
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, out->seed, 32);
    ok = pkey != NULL && EVP_PKEY_get_raw_public_key(pkey, out->public_key, &n) == 1 && n == 32 &&
         key_hash(out->name, out->public_key, &out->hash);
    EVP_PKEY_free(pkey);
    out->signer = ok;
    return ok;
}

/* ---- notes ------------------------------------------------------------------ */

/* Lines of UTF-8 text, each ending in a newline, no other control character. */
static bool text_valid(const char *text, size_t len)
{
    if (len == 0 || text[len - 1] != '\n')
        return false;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] < ' ' && text[i] != '\n') || text[i] == 0x7f)
            return false;
    return true;
}

char *ct_note_sign(const char *text, const ct_note_key *signer)
{
    size_t len = strlen(text), sig_len = 64;
    unsigned char blob[4 + 64];
    char b64[96], *note = NULL;
    EVP_PKEY *pkey = NULL;
    EVP_MD_CTX *ctx = NULL;
    bool ok;

    if (!signer->signer || !text_valid(text, len))
        return NULL;
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, signer->seed, 32);
    ctx = EVP_MD_CTX_new();
    ok = pkey != NULL && ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
         EVP_DigestSign(ctx, blob + 4, &sig_len, (const unsigned char *)text, len) == 1 &&
         sig_len == 64;
    if (ok) {
        blob[0] = (unsigned char)(signer->hash >> 24);
        blob[1] = (unsigned char)(signer->hash >> 16);
        blob[2] = (unsigned char)(signer->hash >> 8);
        blob[3] = (unsigned char)signer->hash;
        ct_base64_encode(blob, sizeof blob, b64);
        size_t size = len + strlen(signer->name) + strlen(b64) + 16;
        note = malloc(size);
        if (note)
            snprintf(note, size, "%s\n" SIG_PREFIX "%s %s\n", text, signer->name, b64);
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return note;
}

static bool signature_valid(const ct_note_key *verifier, const char *text, size_t len,
                            const unsigned char sig[64])
{
    EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, verifier->public_key, 32);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = pkey != NULL && ctx != NULL &&
              EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
              EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)text, len) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

/* One signature line (without its newline): does it hold a valid
   signature of text by verifier? *well_formed tells whether it is a
   signature line at all. */
/* Whether a signature line is a valid signature of text by verifier;
   *well_formed: it is a signature line at all; *known: it names verifier
   (its name and key hash). */
static bool line_signs(const char *line, size_t n, const ct_note_key *verifier, const char *text,
                       size_t text_len, bool *well_formed, bool *known)
{
    size_t prefix = strlen(SIG_PREFIX);
    char copy[CT_NOTE_NAME_MAX + 128];
    unsigned char blob[4 + 64 + 8];

    *well_formed = false;
    *known = false;
    if (n <= prefix || n >= sizeof copy || memcmp(line, SIG_PREFIX, prefix) != 0)
        return false;
    memcpy(copy, line + prefix, n - prefix);
    copy[n - prefix] = '\0';
    char *space = strchr(copy, ' ');
    if (space == NULL || !name_valid(copy, (size_t)(space - copy)))
        return false;
    *space = '\0';
    long got = ct_base64_decode(space + 1, blob, sizeof blob);
    if (got < 5)
        return false;
    *well_formed = true;
    uint32_t hash = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
                    (uint32_t)blob[2] << 8 | blob[3];
    *known = strcmp(copy, verifier->name) == 0 && hash == verifier->hash;
    return *known && got == 4 + 64 && signature_valid(verifier, text, text_len, blob + 4);
}

bool ct_note_open(const char *note, size_t len, const ct_note_key *verifier, size_t *text_len)
{
    bool signed_by = false;
    size_t split = len;

    *text_len = 0;
    /* the text ends at the last blank line */
    for (size_t i = len; i >= 2; i--)
        if (note[i - 1] == '\n' && note[i - 2] == '\n') {
            split = i - 1;
            break;
        }
    if (split == len || !text_valid(note, split) || len == split + 1 || note[len - 1] != '\n')
        return false;
    for (size_t at = split + 1; at < len;) {
        const char *end = memchr(note + at, '\n', len - at);
        bool well_formed = false, known = false;
        bool valid = line_signs(note + at, (size_t)(end - (note + at)), verifier, note, split,
                                &well_formed, &known);
        /* a line of the verifier's that does not verify spoils the note, as
           in Go's note.Open, whatever other lines say */
        if (!well_formed || (known && !valid))
            return false;
        signed_by = signed_by || valid;
        at = (size_t)(end - note) + 1;
    }
    if (signed_by)
        *text_len = split;
    return signed_by;
}

/* ---- checkpoints ------------------------------------------------------------ */

char *ct_checkpoint_text(const char *origin, uint64_t size, const ct_merkle_hash root,
                         const char *extensions)
{
    char b64[48];
    if (origin[0] == '\0' || strpbrk(origin, "\n") != NULL)
        return NULL;
    ct_base64_encode(root, CT_MERKLE_HASH_SIZE, b64);
    size_t n = strlen(origin) + strlen(b64) + (extensions ? strlen(extensions) : 0) + 32;
    char *text = malloc(n);
    if (text)
        snprintf(text, n, "%s\n%llu\n%s\n%s", origin, (unsigned long long)size, b64,
                 extensions ? extensions : "");
    return text;
}

bool ct_checkpoint_parse(const char *text, size_t len, char *origin, size_t origin_size,
                         uint64_t *size, ct_merkle_hash root)
{
    const char *line[3];
    size_t line_len[3], at = 0;
    char digits[24], b64[64];
    unsigned char decoded[40];

    for (int i = 0; i < 3; i++) {
        const char *end = at < len ? memchr(text + at, '\n', len - at) : NULL;
        if (end == NULL)
            return false;
        line[i] = text + at;
        line_len[i] = (size_t)(end - line[i]);
        at = (size_t)(end - text) + 1;
    }
    if (line_len[0] == 0 || line_len[0] >= origin_size || line_len[1] == 0 ||
        line_len[1] >= sizeof digits || line_len[2] >= sizeof b64)
        return false;
    memcpy(digits, line[1], line_len[1]);
    digits[line_len[1]] = '\0';
    if (strspn(digits, "0123456789") != line_len[1] || (digits[0] == '0' && line_len[1] > 1))
        return false;
    /* at most 2^64 - 1: twenty digits, compared as text when there are twenty */
    if (line_len[1] > 20 || (line_len[1] == 20 && strcmp(digits, "18446744073709551615") > 0))
        return false;
    unsigned long long value = strtoull(digits, NULL, 10);
    memcpy(b64, line[2], line_len[2]);
    b64[line_len[2]] = '\0';
    if (ct_base64_decode(b64, decoded, sizeof decoded) != CT_MERKLE_HASH_SIZE)
        return false;
    memcpy(origin, line[0], line_len[0]);
    origin[line_len[0]] = '\0';
    *size = value;
    memcpy(root, decoded, CT_MERKLE_HASH_SIZE);
    return true;
}
