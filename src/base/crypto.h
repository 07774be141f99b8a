/*
 * crypto.h -- the few cryptographic operations claimtrack needs, all done
 * by OpenSSL's libcrypto (no hand-written cryptography): random bytes,
 * base64, HMAC-SHA256, and sealing a small secret with AES-256-GCM.
 *
 * Sealing is how webhook signing secrets are stored (sql/008): HMAC needs
 * the secret itself, so it cannot be kept as a hash; it is kept encrypted
 * under a key that lives in the hosts' configuration ("secrets_key") and
 * never in the database. A sealed value is nonce (12 random bytes) ||
 * ciphertext || GCM tag (16 bytes); opening it checks the tag, so a value
 * altered in the database, or sealed under another key, is refused.
 */
#ifndef CT_CRYPTO_H
#define CT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CT_SECRETS_KEY_BYTES 32     /* AES-256 */
#define CT_SEAL_OVERHEAD     28     /* nonce 12 + tag 16 */

/* n cryptographically random bytes (RAND_bytes). False when the generator fails. */
bool ct_random_bytes(unsigned char *out, size_t n);

/* Standard base64 (RFC 4648, with padding) of n bytes, NUL-terminated into
   out, which must hold 4 * ((n + 2) / 3) + 1 bytes. Returns the length. */
size_t ct_base64_encode(const unsigned char *in, size_t n, char *out);

/* Decode standard base64 (padding required, no whitespace) into out (at
   most cap bytes). Returns the decoded length, or -1 when text is not
   base64 or does not fit. */
long ct_base64_decode(const char *text, unsigned char *out, size_t cap);

/* HMAC-SHA256 of the concatenation of parts (NULL-ended) under key: 32 bytes into mac. */
bool ct_hmac_sha256(const unsigned char *key, size_t key_len, const char *const *parts,
                    unsigned char mac[32]);

/* n bytes as 2n lower-case hex digits, NUL-terminated into out (2n + 1 bytes). */
void ct_hex_encode(const unsigned char *in, size_t n, char *out);

/* Hex digits into bytes: the number of bytes, or -1 when text has an odd
   length, a character that is not a hex digit, or more than cap bytes. */
long ct_hex_decode(const char *text, size_t len, unsigned char *out, size_t cap);

/* SHA-256 of the concatenation of parts (NULL-ended), as 64 lower-case hex digits.
   False only when memory ran out (noted: error.h). */
bool ct_sha256_hex(const char *const *parts, char out[65]);

/* Seal plain (n <= 1024 bytes) under key: CT_SEAL_OVERHEAD + n bytes into out. */
bool ct_seal(const unsigned char key[CT_SECRETS_KEY_BYTES], const unsigned char *plain,
             size_t n, unsigned char *out);

/* Open a sealed value of n bytes into out (n - CT_SEAL_OVERHEAD bytes).
   False when it is too short, was altered, or was sealed under another key. */
bool ct_unseal(const unsigned char key[CT_SECRETS_KEY_BYTES], const unsigned char *sealed,
               size_t n, unsigned char *out);

#endif
