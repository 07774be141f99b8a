/*
 * note.h -- signed notes and checkpoints, in the formats transparency
 * logs share: C2SP signed-note (c2sp.org/signed-note, the format of Go's
 * checksum database, golang.org/x/mod/sumdb/note) with Ed25519 keys, and
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint), the signed tree head
 * of a log whose tree is RFC 6962's (merkle.h).
 *
 * A note is text (UTF-8 lines, each ending in a newline) followed by a
 * blank line and one or more signature lines, "— <key name> <base64 of
 * the key's 4-byte hash and the signature>". A checkpoint is a note whose
 * text is the log's origin, its size in leaves, the base64 of its root
 * hash, and optional extension lines. Using the shared formats means a
 * newsroom's checkpoints can be checked, and witnessed, with tools that
 * already exist, not only with claimtrack's.
 *
 * Keys travel as text: a verifier key is "<name>+<8 hex digits of the key
 * hash>+<base64 of 0x01 and the 32-byte public key>", a signer key is
 * "PRIVATE+KEY+" followed by the same with the 32-byte Ed25519 seed. The
 * key hash is the first four bytes of SHA-256(name, "\n", 0x01, public
 * key). Ed25519 is libcrypto's, never our own.
 */
#ifndef CT_NOTE_H
#define CT_NOTE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/merkle.h"

#define CT_NOTE_NAME_MAX 255

typedef struct ct_note_key {
    char          name[CT_NOTE_NAME_MAX + 1];
    uint32_t      hash;              /* the key hash: SHA-256(name "\n" 0x01 public)[0..4] */
    unsigned char public_key[32];
    unsigned char seed[32];          /* a signer's only */
    bool          signer;
} ct_note_key;

/* Read a signer key ("PRIVATE+KEY+name+hash+base64") or a verifier key
   ("name+hash+base64"). False when it is not one, or its hash does not
   match its name and key. */
bool ct_note_signer_key(const char *text, ct_note_key *out);
bool ct_note_verifier_key(const char *text, ct_note_key *out);

/* The verifier key text of a key into out (room for CT_NOTE_NAME_MAX + 64). */
bool ct_note_verifier_text(const ct_note_key *key, char *out, size_t size);

/* The signer key text of a signer key into out (room for
   CT_NOTE_NAME_MAX + 72): the secret, for the configuration only. */
bool ct_note_signer_text(const ct_note_key *key, char *out, size_t size);

/* A new Ed25519 signer key named name, its seed from libcrypto's random
   generator. False when name is not a key name (1 to 255 bytes, no space,
   no '+') or the generator failed. */
bool ct_note_generate(const char *name, ct_note_key *out);

/*
 * text signed by signer: the note (malloc'd), or NULL when text is not a
 * note's text (empty, not ending in a newline, with a control character
 * other than newline) or memory ran out.
 */
char *ct_note_sign(const char *text, const ct_note_key *signer);

/*
 * True when note carries a signature line of verifier that is a valid
 * signature of its text; *text_len is then the length of that text (which
 * starts the note). Other keys' lines are let be; a note whose lines are
 * not all signature lines, or with a line of verifier's (its name and key
 * hash) that does not verify, is refused, as Go's note.Open refuses it.
 */
bool ct_note_open(const char *note, size_t len, const ct_note_key *verifier, size_t *text_len);

/* A checkpoint's text: origin, size, base64 root, each on its line, then
   the extension lines as given (may be NULL; each must end in "\n").
   malloc'd; NULL when origin is empty or holds a newline. */
char *ct_checkpoint_text(const char *origin, uint64_t size, const ct_merkle_hash root,
                         const char *extensions);

/* Read a checkpoint's text (len bytes): its origin (into origin, of size
   origin_size), size and root. False when it is not one. */
bool ct_checkpoint_parse(const char *text, size_t len, char *origin, size_t origin_size,
                         uint64_t *size, ct_merkle_hash root);

#endif
