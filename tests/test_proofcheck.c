/*
 * test_proofcheck.c -- src/base/proofcheck.c: the offline checker of a
 * claim's proof accepts the proof a log would give, and refuses every
 * forgery of it: a wrong sibling, a truncated or lengthened path, a path
 * for another tree size or another leaf, a checkpoint signed by another
 * key or whose fields lie, an event's content or private text changed, an
 * event of another claim. Verifier code that accepts a forged proof is the
 * classic failure of transparency logs, so each forgery is its own check.
 * No database: the tree, the checkpoint and the proof are made here with
 * base/merkle.c and base/note.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "base/crypto.h"
#include "base/merkle.h"
#include "base/note.h"
#include "base/proofcheck.h"
#include "testhost.h"

#define SIGNER   "PRIVATE+KEY+example.org/news+62c06a90+ASzjH0nPKHawYz0E+MF5LG9k7otPfZvUULkEQW84fndv"
#define VERIFIER "example.org/news+62c06a90+AQv7lgzjCXgnXH0nfx8x6IAD6SlZDp5XkbQfQ06KlYXU"
#define NLEAVES  13
#define CLAIM    7

static char canonical[NLEAVES][256];
static char private_text[NLEAVES][128];
static ct_merkle_hash leaves[NLEAVES];

/* Leaf i: an event of claim CLAIM when i is odd, of claim 8 otherwise. */
static void make_leaves(void)
{
    for (int i = 0; i < NLEAVES; i++) {
        char digest[65];
        snprintf(private_text[i], sizeof private_text[i],
                 "{\"note\": null, \"salt\": \"%032d\", \"actor_id\": \"ed-%d\", "
                 "\"actor_role\": \"editor\"}", i, i);
        const char *parts[2] = {private_text[i], NULL};
        ck_assert(ct_sha256_hex(parts, digest));
        snprintf(canonical[i], sizeof canonical[i],
                 "{\"id\": %d, \"type\": \"response_linked\", \"payload\": {}, \"private\": \"%s\", "
                 "\"claim_id\": %d, \"occurred_at\": \"2025-12-01T13:00:00.000000Z\", "
                 "\"recorded_at\": \"2026-12-01T10:00:00.000000Z\"}",
                 i + 1, digest, i % 2 ? CLAIM : 8);
        ck_assert(ct_merkle_leaf_hash(canonical[i], strlen(canonical[i]), leaves[i]));
    }
}

static json_object *b64(const ct_merkle_hash h)
{
    char text[48];
    ct_base64_encode(h, 32, text);
    return json_object_new_string(text);
}

/* A signed checkpoint of the first size leaves, by signer. */
static json_object *checkpoint(uint64_t size, const ct_note_key *signer)
{
    ct_merkle_hash root;
    json_object *cp = json_object_new_object();
    ck_assert(ct_merkle_root(leaves, size, root));
    char *text = ct_checkpoint_text("example.org/news", size, root, "time 2026-12-01T10:00:00Z\n");
    char *note = ct_note_sign(text, signer);
    ck_assert_ptr_nonnull(note);
    json_object_object_add(cp, "tree_size", json_object_new_int64((int64_t)size));
    json_object_object_add(cp, "root_hash", b64(root));
    json_object_object_add(cp, "note", json_object_new_string(note));
    free(text);
    free(note);
    return cp;
}

/* The proof of claim CLAIM's events (odd leaves) against size, with
   staff's private texts; inclusion paths for tree size path_size. */
static json_object *proof(uint64_t size, uint64_t path_size, const ct_note_key *signer)
{
    json_object *doc = json_object_new_object(), *events = json_object_new_array();
    json_object_object_add(doc, "claim_id", json_object_new_int(CLAIM));
    json_object_object_add(doc, "checkpoint", checkpoint(size, signer));
    for (int i = 1; i < NLEAVES; i += 2) {
        json_object *ev = json_object_new_object(), *path = json_object_new_array();
        ct_merkle_hash hashes[64];
        size_t len = 0;
        json_object_object_add(ev, "event_id", json_object_new_int(i + 1));
        json_object_object_add(ev, "leaf_index", json_object_new_int(i));
        json_object_object_add(ev, "leaf_hash", b64(leaves[i]));
        json_object_object_add(ev, "canonical", json_object_new_string(canonical[i]));
        json_object_object_add(ev, "private", json_object_new_string(private_text[i]));
        if ((uint64_t)i < path_size) {
            ck_assert(ct_merkle_inclusion_proof(leaves, path_size, (uint64_t)i, hashes, &len));
            for (size_t k = 0; k < len; k++)
                json_object_array_add(path, b64(hashes[k]));
            json_object_object_add(ev, "inclusion_proof", path);
        } else {
            json_object_put(path);
            json_object_object_add(ev, "inclusion_proof", NULL);
        }
        json_object_array_add(events, ev);
    }
    json_object_object_add(doc, "events", events);
    return doc;
}

static ct_note_key signer, verifier, other;

static void setup(void)
{
    make_leaves();
    ck_assert(ct_note_signer_key(SIGNER, &signer));
    ck_assert(ct_note_verifier_key(VERIFIER, &verifier));
    ck_assert(ct_note_generate("example.org/news", &other));   /* same name, another key */
}

static ct_proof_report check(json_object *doc)
{
    ct_proof_report report;
    const char *text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
    ct_proof_check(text, strlen(text), &verifier, &report);
    json_object_put(doc);
    return report;
}

static json_object *event(json_object *doc, size_t i)
{
    return json_object_array_get_idx(json_object_object_get(doc, "events"), i);
}

static void refused(json_object *doc, const char *why)
{
    ct_proof_report report = check(doc);
    ck_assert_msg(!report.ok, "accepted: %s", report.message);
    ck_assert_msg(strstr(report.message, why) != NULL, "%s", report.message);
}

START_TEST(the_logs_proof_is_accepted)
{
    ct_proof_report report = check(proof(NLEAVES, NLEAVES, &signer));
    ck_assert_msg(report.ok, "%s", report.message);
    ck_assert_uint_eq(report.events_proved, 6);
    ck_assert_uint_eq(report.events_waiting, 0);
    ck_assert_uint_eq(report.tree_size, NLEAVES);
    ck_assert_int_eq(report.claim_id, CLAIM);
    ck_assert_str_eq(report.origin, "example.org/news");
}
END_TEST

/* Events after the checkpoint: not refused, not verified either. */
START_TEST(events_after_the_checkpoint_are_counted_not_proved)
{
    json_object *doc = proof(8, 8, &signer);                  /* leaves 9 and 11 came later */
    json_object_object_add(event(doc, 4), "leaf_index", NULL);   /* not yet numbered */
    ct_proof_report report = check(doc);
    ck_assert_msg(!report.ok && report.incomplete, "%s", report.message);
    ck_assert_uint_eq(report.events_proved, 4);
    ck_assert_uint_eq(report.events_waiting, 2);
    ck_assert_ptr_nonnull(strstr(report.message, "2 more are not under a signed checkpoint"));
}
END_TEST

/* A covered event handed over without its path: the log hides it. */
START_TEST(a_covered_event_without_its_path_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object_object_add(event(doc, 2), "inclusion_proof", NULL);
    refused(doc, "event 6 is leaf 5 of the signed tree but comes without its inclusion proof");
}
END_TEST

START_TEST(a_checkpoint_of_the_empty_tree_is_refused)
{
    json_object *doc = proof(NLEAVES, 0, &signer);
    json_object_object_add(doc, "checkpoint", checkpoint(0, &signer));
    refused(doc, "the checkpoint is of the empty tree");
}
END_TEST

/* Text after a NUL is what a browser shows and C would not hash. */
START_TEST(text_hidden_behind_a_nul_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    char text[512];
    size_t n = (size_t)snprintf(text, sizeof text, "%s", canonical[3]);
    memcpy(text + n + 1, "{\"payload\":{\"lie\":1}}", 22);
    json_object_object_add(event(doc, 1), "canonical", json_object_new_string_len(text, (int)n + 23));
    refused(doc, "events.1 lacks its canonical text");
}
END_TEST

/* A forger who also recomputes the leaf hash is stopped by the path. */
START_TEST(changed_content_with_its_leaf_hash_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    char text[256];
    ct_merkle_hash leaf;
    snprintf(text, sizeof text, "%s", canonical[3]);
    memcpy(strstr(text, "2025-12-01"), "2025-12-02", 10);
    ck_assert(ct_merkle_leaf_hash(text, strlen(text), leaf));
    json_object_object_add(event(doc, 1), "canonical", json_object_new_string(text));
    json_object_object_add(event(doc, 1), "leaf_hash", b64(leaf));
    refused(doc, "event 4 is not proved to be leaf 3");
}
END_TEST

START_TEST(a_wrong_sibling_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object *path = json_object_object_get(event(doc, 2), "inclusion_proof");
    ct_merkle_hash h;
    unsigned char buf[40];
    ct_base64_decode(json_object_get_string(json_object_array_get_idx(path, 1)), buf, sizeof buf);
    memcpy(h, buf, 32);
    h[31] ^= 0x80;
    json_object_array_put_idx(path, 1, b64(h));
    refused(doc, "event 6 is not proved");
}
END_TEST

START_TEST(a_truncated_path_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object *path = json_object_object_get(event(doc, 0), "inclusion_proof");
    json_object_array_del_idx(path, json_object_array_length(path) - 1, 1);
    refused(doc, "event 2 is not proved");
}
END_TEST

START_TEST(a_lengthened_path_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object *path = json_object_object_get(event(doc, 0), "inclusion_proof");
    json_object_array_add(path, b64(leaves[0]));
    refused(doc, "event 2 is not proved");
}
END_TEST

START_TEST(a_path_for_another_tree_size_is_refused)
{
    /* paths of the tree of 12 leaves, under the checkpoint of 13 */
    refused(proof(NLEAVES, NLEAVES - 1, &signer), "is not proved");
}
END_TEST

START_TEST(a_path_for_another_leaf_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object_object_add(event(doc, 1), "leaf_index", json_object_new_int(2));
    refused(doc, "event 4 is not proved to be leaf 2");
}
END_TEST

START_TEST(a_checkpoint_signed_by_another_key_is_refused)
{
    refused(proof(NLEAVES, NLEAVES, &other), "not signed by the key example.org/news");
}
END_TEST

START_TEST(checkpoint_fields_that_lie_are_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object_object_add(json_object_object_get(doc, "checkpoint"), "tree_size",
                           json_object_new_int(NLEAVES + 1));
    refused(doc, "checkpoint.tree_size");
    doc = proof(NLEAVES, NLEAVES, &signer);
    json_object_object_add(json_object_object_get(doc, "checkpoint"), "root_hash", b64(leaves[0]));
    refused(doc, "checkpoint.root_hash");
}
END_TEST

START_TEST(changed_content_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    char text[256];
    snprintf(text, sizeof text, "%s", canonical[3]);
    memcpy(strstr(text, "2025-12-01"), "2025-12-02", 10);      /* a day later */
    json_object_object_add(event(doc, 1), "canonical", json_object_new_string(text));
    refused(doc, "event 4: its canonical text does not hash to its leaf_hash");
}
END_TEST

START_TEST(changed_private_text_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object_object_add(event(doc, 1), "private",
                           json_object_new_string("{\"note\": null, \"actor_id\": \"mallory\"}"));
    refused(doc, "event 4: its private text does not match its digest");
}
END_TEST

START_TEST(an_event_of_another_claim_is_refused)
{
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    json_object *ev = event(doc, 0);
    ct_merkle_hash hashes[64];
    size_t len = 0;
    json_object *path = json_object_new_array();
    /* leaf 2 is claim 8's: a true proof, of the wrong claim */
    ck_assert(ct_merkle_inclusion_proof(leaves, NLEAVES, 2, hashes, &len));
    for (size_t k = 0; k < len; k++)
        json_object_array_add(path, b64(hashes[k]));
    json_object_object_add(ev, "event_id", json_object_new_int(3));
    json_object_object_add(ev, "leaf_index", json_object_new_int(2));
    json_object_object_add(ev, "leaf_hash", b64(leaves[2]));
    json_object_object_add(ev, "canonical", json_object_new_string(canonical[2]));
    json_object_object_del(ev, "private");
    json_object_object_add(ev, "inclusion_proof", path);
    refused(doc, "event 3: its canonical text is of another event or claim");
}
END_TEST

START_TEST(what_is_not_a_proof_is_refused)
{
    ct_proof_report report;
    const char *bad[] = {"", "{", "[]", "{\"claim_id\":7}", "{\"claim_id\":7,\"events\":[]}",
                         "{\"claim_id\":7,\"events\":[],\"checkpoint\":null}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ct_proof_check(bad[i], strlen(bad[i]), &verifier, &report);
        ck_assert_msg(!report.ok, "accepted %s", bad[i]);
    }
    json_object *doc = proof(NLEAVES, NLEAVES, &signer);
    char text[16384];
    snprintf(text, sizeof text, "%s{}", json_object_to_json_string(doc));
    ct_proof_check(text, strlen(text), &verifier, &report);
    ck_assert(!report.ok);
    ck_assert_str_eq(report.message, "the proof is not one JSON document");
    json_object_put(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("proofcheck");
    TCase *tc = tcase_create("proofcheck");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, the_logs_proof_is_accepted);
    tcase_add_test(tc, events_after_the_checkpoint_are_counted_not_proved);
    tcase_add_test(tc, a_covered_event_without_its_path_is_refused);
    tcase_add_test(tc, a_checkpoint_of_the_empty_tree_is_refused);
    tcase_add_test(tc, text_hidden_behind_a_nul_is_refused);
    tcase_add_test(tc, changed_content_with_its_leaf_hash_is_refused);
    tcase_add_test(tc, a_wrong_sibling_is_refused);
    tcase_add_test(tc, a_truncated_path_is_refused);
    tcase_add_test(tc, a_lengthened_path_is_refused);
    tcase_add_test(tc, a_path_for_another_tree_size_is_refused);
    tcase_add_test(tc, a_path_for_another_leaf_is_refused);
    tcase_add_test(tc, a_checkpoint_signed_by_another_key_is_refused);
    tcase_add_test(tc, checkpoint_fields_that_lie_are_refused);
    tcase_add_test(tc, changed_content_is_refused);
    tcase_add_test(tc, changed_private_text_is_refused);
    tcase_add_test(tc, an_event_of_another_claim_is_refused);
    tcase_add_test(tc, what_is_not_a_proof_is_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
