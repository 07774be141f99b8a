/*
 * proofcheck.c -- checking an exported claim proof offline (see proofcheck.h).
 *
 * Everything in the document is treated as an attacker's: each value is
 * checked for its type before use, each hash must decode to exactly 32
 * bytes, a path longer than any tree allows is refused before it is
 * read, and the verdict comes only from the signed checkpoint text and
 * the hashes recomputed here, never from a field that says what to
 * believe ("tree_size", "root_hash" outside the note are compared, not
 * used).
 */
#include "base/proofcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "base/crypto.h"
#include "base/merkle.h"

static void refuse(ct_proof_report *report, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void refuse(ct_proof_report *report, const char *fmt, ...)
{
    va_list ap;
    if (!report->ok)
        return;
    report->ok = false;
    va_start(ap, fmt);
    vsnprintf(report->message, sizeof report->message, fmt, ap);
    va_end(ap);
}

/* obj[key] when it is of type; a string only when it holds no NUL (a
   "\u0000" would end what C reads of it before what a browser shows). */
static json_object *member(json_object *obj, const char *key, json_type type)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, type))
        return NULL;
    if (type == json_type_string &&
        strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
        return NULL;
    return v;
}

static bool b64_hash(json_object *v, ct_merkle_hash out)
{
    unsigned char buf[CT_MERKLE_HASH_SIZE + 3];
    const char *text = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
    if (text == NULL || ct_base64_decode(text, buf, sizeof buf) != CT_MERKLE_HASH_SIZE)
        return false;
    memcpy(out, buf, CT_MERKLE_HASH_SIZE);
    return true;
}

static bool int_member(json_object *obj, const char *key, long long *out)
{
    json_object *v = member(obj, key, json_type_int);
    if (v == NULL)
        return false;
    *out = (long long)json_object_get_int64(v);
    return true;
}

/* The signed checkpoint: its size and root into the report and root. */
static void check_checkpoint(json_object *cp, const ct_note_key *verifier, ct_merkle_hash root,
                             ct_proof_report *report)
{
    json_object *note = member(cp, "note", json_type_string);
    size_t text_len = 0;
    long long size_field = 0;
    ct_merkle_hash root_field;

    if (note == NULL)
        return refuse(report, "the proof has no signed checkpoint (checkpoint.note)");
    const char *text = json_object_get_string(note);
    if (!ct_note_open(text, strlen(text), verifier, &text_len))
        return refuse(report, "the checkpoint is not signed by the key %s", verifier->name);
    if (!ct_checkpoint_parse(text, text_len, report->origin, sizeof report->origin,
                             &report->tree_size, root))
        return refuse(report, "the signed note is not a checkpoint");
    if (report->tree_size == 0)
        return refuse(report, "the checkpoint is of the empty tree: it proves no event");
    if (int_member(cp, "tree_size", &size_field) && (uint64_t)size_field != report->tree_size)
        return refuse(report, "checkpoint.tree_size is not the size the checkpoint signs");
    if (json_object_object_get_ex(cp, "root_hash", NULL) &&
        (!b64_hash(json_object_object_get(cp, "root_hash"), root_field) ||
         memcmp(root_field, root, CT_MERKLE_HASH_SIZE) != 0))
        return refuse(report, "checkpoint.root_hash is not the root the checkpoint signs");
}

/* The canonical text of an event: its leaf, its ids, its private digest. */
static void check_content(json_object *ev, size_t i, long long claim_id, ct_merkle_hash leaf,
                          ct_proof_report *report)
{
    json_object *canonical = member(ev, "canonical", json_type_string);
    json_object *private = member(ev, "private", json_type_string);
    json_object *content = NULL;
    ct_merkle_hash given;
    long long event_id = 0, content_id = 0, content_claim = 0;
    char digest[65];

    if (canonical == NULL || !int_member(ev, "event_id", &event_id))
        return refuse(report, "events.%zu lacks its canonical text or event_id", i);
    const char *text = json_object_get_string(canonical);
    if (!ct_merkle_leaf_hash(text, strlen(text), leaf) ||
        !b64_hash(json_object_object_get(ev, "leaf_hash"), given) ||
        memcmp(given, leaf, CT_MERKLE_HASH_SIZE) != 0)
        return refuse(report, "event %lld: its canonical text does not hash to its leaf_hash",
                      event_id);
    content = json_tokener_parse(text);
    if (!int_member(content, "id", &content_id) || !int_member(content, "claim_id", &content_claim)
        || content_id != event_id || content_claim != claim_id)
        refuse(report, "event %lld: its canonical text is of another event or claim", event_id);
    if (private && report->ok) {
        const char *parts[2] = {json_object_get_string(private), NULL};
        json_object *want = member(content, "private", json_type_string);
        if (!ct_sha256_hex(parts, digest) || want == NULL ||
            strcmp(digest, json_object_get_string(want)) != 0)
            refuse(report, "event %lld: its private text does not match its digest", event_id);
    }
    json_object_put(content);
}

/* The event's path to the checkpoint's root, when it has one. */
static void check_inclusion(json_object *ev, const ct_merkle_hash leaf, const ct_merkle_hash root,
                            ct_proof_report *report)
{
    json_object *path = member(ev, "inclusion_proof", json_type_array);
    ct_merkle_hash hashes[CT_MERKLE_PROOF_MAX];
    long long index = -1, event_id = 0;

    int_member(ev, "event_id", &event_id);
    if (path == NULL && json_object_object_get_ex(ev, "inclusion_proof", NULL) &&
        json_object_object_get(ev, "inclusion_proof") == NULL) {
        /* no path: only an event the checkpoint cannot hold yet, unnumbered
           or numbered at or after its size; never one it covers */
        json_object *at = json_object_object_get(ev, "leaf_index");
        if (at != NULL && (!json_object_is_type(at, json_type_int) ||
                           json_object_get_int64(at) < 0 ||
                           (uint64_t)json_object_get_int64(at) < report->tree_size))
            return refuse(report, "event %lld is leaf %lld of the signed tree but comes without"
                          " its inclusion proof", event_id, (long long)json_object_get_int64(at));
        report->events_waiting++;
        return;
    }
    size_t len = path ? json_object_array_length(path) : 0;
    if (path == NULL || !int_member(ev, "leaf_index", &index) || index < 0)
        return refuse(report, "event %lld: its inclusion_proof or leaf_index is missing", event_id);
    if (len > CT_MERKLE_PROOF_MAX)
        return refuse(report, "event %lld: its inclusion proof is longer than any tree's", event_id);
    for (size_t k = 0; k < len; k++)
        if (!b64_hash(json_object_array_get_idx(path, k), hashes[k]))
            return refuse(report, "event %lld: inclusion_proof.%zu is not a hash", event_id, k);
    if (!ct_merkle_verify_inclusion(leaf, (uint64_t)index, report->tree_size, hashes, len, root))
        return refuse(report, "event %lld is not proved to be leaf %lld of the signed tree of "
                      "%llu events", event_id, index, (unsigned long long)report->tree_size);
    report->events_proved++;
}

void ct_proof_check(const char *doc, size_t len, const ct_note_key *verifier,
                    ct_proof_report *report)
{
    json_tokener *tok = json_tokener_new();
    json_object *root_obj = tok ? json_tokener_parse_ex(tok, doc, (int)len) : NULL;
    json_object *cp = member(root_obj, "checkpoint", json_type_object);
    json_object *events = member(root_obj, "events", json_type_array);
    ct_merkle_hash root, leaf;

    memset(report, 0, sizeof *report);
    report->ok = true;
    while (len > 0 && (doc[len - 1] == '\n' || doc[len - 1] == '\r' || doc[len - 1] == ' ' ||
                       doc[len - 1] == '\t'))
        len--;                                  /* a saved file's last newline */
    if (root_obj == NULL || len > INT32_MAX || json_tokener_get_parse_end(tok) != len)
        refuse(report, "the proof is not one JSON document");
    else if (!int_member(root_obj, "claim_id", &report->claim_id) || events == NULL)
        refuse(report, "the proof lacks claim_id or events");
    else if (cp == NULL)
        refuse(report, "the proof has no checkpoint: no checkpoint had been signed");
    else
        check_checkpoint(cp, verifier, root, report);
    for (size_t i = 0; report->ok && events && i < json_object_array_length(events); i++) {
        json_object *ev = json_object_array_get_idx(events, i);
        check_content(ev, i, report->claim_id, leaf, report);
        if (report->ok)
            check_inclusion(ev, leaf, root, report);
    }
    if (report->ok && report->events_proved == 0 && report->events_waiting == 0)
        refuse(report, "the proof holds no event");
    if (report->ok && report->events_waiting > 0) {
        report->ok = false;
        report->incomplete = true;
        snprintf(report->message, sizeof report->message,
                 "claim %lld: %zu events proved in the tree of %llu signed by %s; %zu more are"
                 " not under a signed checkpoint yet and are NOT verified (ask again after the"
                 " next checkpoint)", report->claim_id, report->events_proved,
                 (unsigned long long)report->tree_size, verifier->name, report->events_waiting);
    } else if (report->ok) {
        snprintf(report->message, sizeof report->message,
                 "claim %lld: all %zu events proved in the tree of %llu signed by %s",
                 report->claim_id, report->events_proved, (unsigned long long)report->tree_size,
                 verifier->name);
    }
    json_object_put(root_obj);
    json_tokener_free(tok);
}
