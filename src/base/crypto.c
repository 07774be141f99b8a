/*
 * crypto.c -- random bytes, base64, HMAC-SHA256 and AES-256-GCM sealing
 * through OpenSSL's libcrypto (see crypto.h).
 */
#include "base/crypto.h"

#include "base/error.h"

#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define NONCE 12
#define TAG   16

bool ct_random_bytes(unsigned char *out, size_t n)
{
    return n <= 0x7fffffff && RAND_bytes(out, (int)n) == 1;
}

size_t ct_base64_encode(const unsigned char *in, size_t n, char *out)
{
    return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

long ct_base64_decode(const char *text, unsigned char *out, size_t cap)
{
    size_t len = strlen(text);
    unsigned char buf[1024];

    if (len == 0 || len % 4 != 0 || len / 4 * 3 > sizeof buf)
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        bool pad_ok = c == '=' && i >= len - 2 && (i == len - 1 || text[len - 1] == '=');
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || pad_ok))
            return -1;
    }
    int n = EVP_DecodeBlock(buf, (const unsigned char *)text, (int)len);
    if (n < 0)
        return -1;
    n -= (text[len - 1] == '=') + (text[len - 2] == '=');   /* DecodeBlock counts padding */
    if ((size_t)n > cap)
        return -1;
    memcpy(out, buf, (size_t)n);
    return n;
}

/* The algorithm is fetched per call and freed (OpenSSL caches the lookup):
   a fetch kept for the process would outlive the plugin's close(). */
bool ct_hmac_sha256(const unsigned char *key, size_t key_len, const char *const *parts,
                    unsigned char mac[32])
{
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0),
                            OSSL_PARAM_construct_end()};
    size_t out_len = 0;
    bool ok = ctx && EVP_MAC_init(ctx, key, key_len, params);

    for (size_t i = 0; ok && parts[i]; i++)
        ok = EVP_MAC_update(ctx, (const unsigned char *)parts[i], strlen(parts[i]));
    ok = ok && EVP_MAC_final(ctx, mac, &out_len, 32) && out_len == 32;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(hmac);
    return ok;
}

void ct_hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

long ct_hex_decode(const char *text, size_t len, unsigned char *out, size_t cap)
{
    if (len % 2 != 0 || len / 2 > cap)
        return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return (long)(len / 2);
}

/* OpenSSL failed: when for want of memory (no context, or its error queue
   says ERR_R_MALLOC_FAILURE), the out-of-memory latch hears of it, so that
   a wrong key and a full heap are not told apart by luck. */
static void note_memory_failure(bool no_context)
{
    unsigned long e = ERR_peek_last_error();
    if (no_context || ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE)
        ct_oom_note();
    ERR_clear_error();
}

bool ct_sha256_hex(const char *const *parts, char out[65])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[32];
    unsigned int len = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;

    for (size_t i = 0; ok && parts[i]; i++)
        ok = EVP_DigestUpdate(ctx, parts[i], strlen(parts[i])) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &len) == 1 && len == 32;
    EVP_MD_CTX_free(ctx);
    if (ok) {
        ct_hex_encode(md, 32, out);
    } else {
        /* SHA-256 of bytes in memory, from the default provider, fails only
           for want of memory, whatever reason OpenSSL 3 gives (a failed
           provider context is EVP_R_INITIALIZATION_ERROR, not a malloc
           failure). */
        out[0] = '\0';
        ct_oom_note();
        ERR_clear_error();
    }
    return ok;
}

bool ct_seal(const unsigned char key[CT_SECRETS_KEY_BYTES], const unsigned char *plain,
             size_t n, unsigned char *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, last = 0;
    bool ok = ctx && n <= 1024 && ct_random_bytes(out, NONCE) &&
              EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, out) == 1 &&
              EVP_EncryptUpdate(ctx, out + NONCE, &len, plain, (int)n) == 1 &&
              EVP_EncryptFinal_ex(ctx, out + NONCE + len, &last) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, out + NONCE + n) == 1;
    EVP_CIPHER_CTX_free(ctx);
    /* Sealing with a good key has no other way to fail than resources
       (OpenSSL 3 does not always queue ERR_R_MALLOC_FAILURE for them). */
    if (!ok && n <= 1024)
        note_memory_failure(true);
    return ok;
}

bool ct_unseal(const unsigned char key[CT_SECRETS_KEY_BYTES], const unsigned char *sealed,
               size_t n, unsigned char *out)
{
    if (n < CT_SEAL_OVERHEAD || n > 1024 + CT_SEAL_OVERHEAD)
        return false;
    size_t plain = n - CT_SEAL_OVERHEAD;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, last = 0;
    bool set_up = ctx && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, sealed) == 1 &&
                  EVP_DecryptUpdate(ctx, out, &len, sealed + NONCE, (int)plain) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG,
                                      (void *)(sealed + NONCE + plain)) == 1;
    bool ok = set_up && EVP_DecryptFinal_ex(ctx, out + len, &last) == 1;   /* checks the tag */
    EVP_CIPHER_CTX_free(ctx);
    /* A wrong key or a changed text fails only at the tag; anything before
       it is OpenSSL short of resources. */
    if (!set_up)
        note_memory_failure(true);
    else if (!ok)
        ERR_clear_error();
    return ok;
}
