/*
 * test_tlog.c -- src/domain/tlog.c, the checkpoints job and their routes:
 * the timeline as a transparency log.
 *
 * Each test has a database of its own (an audit reads the whole log, and
 * some tests rewrite history as a superuser would: session_replication_role
 * = replica turns every trigger and foreign key off). What the log says is
 * checked with the verifier code an outsider would run: the signed note
 * (base/note.c), RFC 9162's proof verification (base/merkle.c) and the
 * offline proof checker (base/proofcheck.c), and the tree's root is also
 * recomputed here from the leaves read straight from the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/merkle.h"
#include "base/note.h"
#include "base/proofcheck.h"
#include "seed_story.h"
#include "testhost.h"

#define SEED_FREE_RESPONSE \
    "{\"kind\":\"clarification\",\"by\":{\"name\":\"Akimat\"},\"issued_at\":\"2025-12-03\",\"summary\":\"Unfounded\"}"

#define SIGNER   "PRIVATE+KEY+example.org/news+62c06a90+ASzjH0nPKHawYz0E+MF5LG9k7otPfZvUULkEQW84fndv"
#define VERIFIER "example.org/news+62c06a90+AQv7lgzjCXgnXH0nfx8x6IAD6SlZDp5XkbQfQ06KlYXU"
#define OTHER_SIGNER   "PRIVATE+KEY+other.example/log+049295b0+AdsTwLiwb0MfUqVVhev0XQ+IFXcC0fYU/VC7mDv6ZKCD"
#define OTHER_VERIFIER "other.example/log+049295b0+AREIt2eCaekeg62PIbCFVmJyoTPzAAXB2G7qpK+NbIn5"

static char dbname[64];

/* Open th_instance on this test's database with the configuration's
   extra members (",\"key\":..." or ""). */
static void open_with(const char *extra)
{
    char config[2048], *error = NULL;
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"outbound\":{\"workers\":false}%s}", th_db(), dbname, extra);
    th_instance = th_plugin()->open(&th_host, config, &error);
    if (th_instance == NULL) {
        fprintf(stderr, "open failed: %s\n", error ? error : "?");
        abort();
    }
}

static void open_on(bool with_key)
{
    open_with(with_key ? ",\"checkpoint_key\":\"" SIGNER "\"" : "");
}

/* The folder of the plugin under test, where its command-line host is. */
static void cli_dir(char *dir, size_t size)
{
    const char *plugin = getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
    snprintf(dir, size, "%s", plugin);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
}

static void setup(void)
{
    th_new_database("ct_tlog", dbname, sizeof dbname);
    open_on(true);
}

static void teardown(void)
{
    th_plugin()->close(th_instance);
}

/* As a superuser who turned the triggers off; "" when it ran. */
static const char *tamper(const char *sql)
{
    char text[2048];
    snprintf(text, sizeof text, "SET session_replication_role = replica; %s", sql);
    return th_sql_exec_on(dbname, text);
}

static long long sql_int(const char *sql)
{
    return atoll(th_sql_exec_on(dbname, sql));
}

/* A claim with its two events (claim_recorded, response_linked); its id. */
static long long claim_with_response(void)
{
    char path[64];
    long long id = atoll(th_new_claim(NULL));
    snprintf(path, sizeof path, "/claims/%lld/responses", id);
    th_resp r = th_call("POST", path, "editor", NULL,
                        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Police\"},"
                        "\"issued_at\":\"2025-12-01T13:00:00Z\",\"summary\":\"Refuted\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    return id;
}

static th_resp sign_now(void)
{
    return th_call("POST", "/checkpoints", "admin", NULL, "{}");
}

static th_resp audit(const char *key)
{
    char query[256];
    snprintf(query, sizeof query, "{\"key\":\"%s\"}", key ? key : VERIFIER);
    return th_call("GET", "/checkpoints/audit", "admin", query, NULL);
}

static void hash_of_b64(const char *b64, ct_merkle_hash out)
{
    unsigned char buf[40];
    ck_assert_int_eq(ct_base64_decode(b64, buf, sizeof buf), 32);
    memcpy(out, buf, 32);
}

/* The root of the first size leaves, from the leaf hashes in the database. */
static void root_from_leaves(long long size, ct_merkle_hash out)
{
    char sql[256];
    size_t cap = (size_t)size * 64 + 16;
    char *hex = malloc(cap);
    ct_merkle_hash *leaves = calloc((size_t)size + 1, sizeof *leaves);

    snprintf(sql, sizeof sql, "SELECT COALESCE(string_agg(encode(leaf_hash, 'hex'), ''"
             " ORDER BY leaf_index), '') FROM ct_tree_leaves WHERE leaf_index < %lld", size);
    th_text_on(dbname, sql, hex, cap);
    ck_assert_uint_eq(strlen(hex), (size_t)size * 64);
    for (long long i = 0; i < size; i++)
        ck_assert_int_eq(ct_hex_decode(hex + i * 64, 64, leaves[i], 32), 32);
    ck_assert(ct_merkle_root(leaves, (uint64_t)size, out));
    free(leaves);
    free(hex);
}

/* The checkpoint of an answer: its signature checked, its size and root. */
static void open_checkpoint(const char *note, uint64_t *size, ct_merkle_hash root)
{
    ct_note_key key;
    char origin[256];
    size_t text_len = 0;
    ck_assert(ct_note_verifier_key(VERIFIER, &key));
    ck_assert(ct_note_open(note, strlen(note), &key, &text_len));
    ck_assert(ct_checkpoint_parse(note, text_len, origin, sizeof origin, size, root));
    ck_assert_str_eq(origin, "example.org/news");
}

START_TEST(a_checkpoint_signs_the_root_of_every_event)
{
    claim_with_response();
    claim_with_response();
    long long events = sql_int("SELECT count(*) FROM ct_events");
    ck_assert_int_eq(events, 4);                /* each: recorded, response */

    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "tree_size"), events);
    ck_assert_str_eq(th_str(&r, "origin"), "example.org/news");
    ck_assert_str_eq(th_str(&r, "verifier_key"), VERIFIER);
    uint64_t size = 0;
    ct_merkle_hash signed_root, field_root, recomputed;
    open_checkpoint(th_str(&r, "note"), &size, signed_root);
    ck_assert_uint_eq(size, (uint64_t)events);
    hash_of_b64(th_str(&r, "root_hash"), field_root);
    root_from_leaves(events, recomputed);
    ck_assert_mem_eq(signed_root, recomputed, 32);
    ck_assert_mem_eq(field_root, recomputed, 32);
    /* the note says when: the time line of the signed text */
    ck_assert_ptr_nonnull(strstr(th_str(&r, "note"), "\ntime 20"));
    long long id = th_int(&r, "id");
    th_free(&r);

    /* nothing new: the same checkpoint, 200, none added */
    r = sign_now();
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "id"), id);
    th_free(&r);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_checkpoints"), 1);

    /* published for everyone */
    r = th_call("GET", "/checkpoints", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "checkpoints")), 1);
    ck_assert_int_eq(th_int(&r, "checkpoints/0/tree_size"), events);
    th_free(&r);
}
END_TEST

START_TEST(a_claims_proof_verifies_offline_and_names_what_came_after)
{
    char path[64];
    long long claim = claim_with_response();
    claim_with_response();
    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    /* an event after the checkpoint: in the proof, without a path yet */
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    r = th_call("POST", path, "editor", NULL, SEED_FREE_RESPONSE);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);

    snprintf(path, sizeof path, "/claims/%lld/proof", claim);
    r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *events = th_get(&r, "events");
    ck_assert_int_eq(json_object_array_length(events), 3);
    ck_assert_ptr_null(th_get(&r, "events/2/inclusion_proof"));
    ck_assert_ptr_null(th_get(&r, "events/2/leaf_index"));    /* no worker numbered it yet */
    /* editors see what the private digest covers, actor included */
    ck_assert_ptr_nonnull(strstr(th_str(&r, "events/0/private"), "\"actor_id\""));

    const char *doc = json_object_to_json_string(r.body);
    ct_note_key key;
    ct_proof_report report;
    ck_assert(ct_note_verifier_key(VERIFIER, &key));
    ct_proof_check(doc, strlen(doc), &key, &report);
    /* not refused, but not all verified: the last event came after */
    ck_assert_msg(!report.ok && report.incomplete, "%s", report.message);
    ck_assert_uint_eq(report.events_proved, 2);
    ck_assert_uint_eq(report.events_waiting, 1);
    ck_assert_uint_eq(report.tree_size, 4);
    th_free(&r);

    /* readers: an unpublished claim's proof is not theirs */
    r = th_call("GET", path, "reader", NULL, NULL);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(th_error_code(&r), "not_found");
    th_free(&r);
}
END_TEST

START_TEST(readers_get_the_proof_of_a_published_claim_without_actors_or_notes)
{
    char path[64], body[4096];
    snprintf(body, sizeof body, SEED_CLAIM_BODY, th_unique("tlog"));
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    long long claim = th_int(&r, "id");
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, SEED_REVIEW_BODY, 1LL);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = sign_now();
    th_free(&r);

    snprintf(path, sizeof path, "/claims/%lld/proof", claim);
    r = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    const char *doc = json_object_to_json_string(r.body);
    /* the moderator's note and who did it stay behind the digest */
    ck_assert_ptr_null(strstr(doc, "Опровергнуто"));
    ck_assert_ptr_null(strstr(doc, "actor_id"));
    ck_assert_ptr_null(th_get(&r, "events/0/private"));
    ct_note_key key;
    ct_proof_report report;
    ck_assert(ct_note_verifier_key(VERIFIER, &key));
    ct_proof_check(doc, strlen(doc), &key, &report);
    ck_assert_msg(report.ok, "%s", report.message);
    ck_assert_uint_eq(report.events_proved, json_object_array_length(th_get(&r, "events")));
    th_free(&r);
}
END_TEST

START_TEST(checkpoints_are_proved_consistent)
{
    claim_with_response();
    th_resp r = sign_now();
    uint64_t size1 = 0, size2 = 0;
    ct_merkle_hash root1, root2, proof[64];
    open_checkpoint(th_str(&r, "note"), &size1, root1);
    th_free(&r);
    claim_with_response();
    claim_with_response();
    r = sign_now();
    ck_assert_int_eq(r.status, 201);
    open_checkpoint(th_str(&r, "note"), &size2, root2);
    th_free(&r);
    ck_assert_uint_eq(size1, 2);
    ck_assert_uint_eq(size2, 6);

    r = th_call("GET", "/checkpoints/consistency", NULL, "{\"from\":\"2\",\"to\":\"6\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    json_object *arr = th_get(&r, "proof");
    size_t len = json_object_array_length(arr);
    ck_assert_uint_eq(len, 2);           /* RFC 6962 PROOF(2, D[6]): MTH(D[2:4]), MTH(D[4:6]) */
    for (size_t i = 0; i < len; i++)
        hash_of_b64(json_object_get_string(json_object_array_get_idx(arr, i)), proof[i]);
    ck_assert(ct_merkle_verify_consistency(size1, size2, root1, root2, proof, len));
    proof[1][0] ^= 1;
    ck_assert(!ct_merkle_verify_consistency(size1, size2, root1, root2, proof, len));
    th_free(&r);

    /* sizes outside the tree */
    r = th_call("GET", "/checkpoints/consistency", NULL, "{\"from\":\"0\",\"to\":\"6\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "query.from");
    th_free(&r);
    r = th_call("GET", "/checkpoints/consistency", NULL, "{\"from\":\"2\",\"to\":\"7\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "out_of_range");
    ck_assert_str_eq(th_error_field(&r), "query.to");
    th_free(&r);
    r = th_call("GET", "/checkpoints/consistency", NULL, "{\"from\":\"5\",\"to\":\"4\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "query.from");
    th_free(&r);
}
END_TEST

START_TEST(signing_refused_writes_nothing)
{
    claim_with_response();
    long long before = th_rows_total_on(dbname);
    th_resp r = th_call("POST", "/checkpoints", "admin", NULL, "{\"size\":3}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "unknown_field");
    th_free(&r);
    r = th_call("POST", "/checkpoints", "moderator", NULL, "{}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    teardown();
    open_on(false);                         /* the same database, no key */
    r = sign_now();
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(th_error_code(&r), "checkpoint_key_not_configured");
    th_free(&r);
    ck_assert_int_eq(th_rows_total_on(dbname), before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_tree_leaves WHERE leaf_index IS NULL"), 2);
}
END_TEST

START_TEST(the_job_sequences_and_signs_when_due)
{
    claim_with_response();
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "checkpoints"), 1);    /* one pass: numbered, then signed */
    th_free(&r);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_tree_leaves WHERE leaf_index IS NULL"), 0);
    ck_assert_int_eq(sql_int("SELECT tree_size FROM ct_checkpoints"), 2);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_tree_nodes"), 1);   /* leaves 0-1 */
    /* grown, but the last is younger than checkpoint_interval_s: numbered, not signed */
    claim_with_response();
    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(th_int(&r, "checkpoints"), 0);    /* nothing signed, no backlog left */
    th_free(&r);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_checkpoints"), 1);
    ck_assert_int_eq(sql_int("SELECT max(leaf_index) FROM ct_tree_leaves"), 3);
}
END_TEST

/* ---- rewriting history, as a superuser could ---------------------------------- */

/* The audit's problem: reason, event and claim. */
static void expect_problem(const char *reason, long long event, long long claim)
{
    th_resp r = audit(NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "ok")), 0);
    ck_assert_str_eq(th_str(&r, "problem/reason"), reason);
    if (event)
        ck_assert_int_eq(th_int(&r, "problem/event_id"), event);
    if (claim)
        ck_assert_int_eq(th_int(&r, "problem/claim_id"), claim);
    th_free(&r);
}

/* Two claims, a checkpoint over them, and an intact audit. */
static long long signed_log(void)
{
    claim_with_response();
    long long second = claim_with_response();
    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = audit(NULL);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "ok")), 1);
    ck_assert_int_eq(th_int(&r, "leaves_checked"), 4);
    ck_assert_int_eq(th_int(&r, "checkpoints_checked"), 1);
    th_free(&r);
    return second;
}

START_TEST(a_changed_payload_is_named)
{
    long long claim = signed_log();
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE ct_events SET payload = jsonb_set(payload, '{summary}',"
             " '\"Confirmed\"') WHERE claim_id = %lld AND type = 'response_linked'", claim);
    ck_assert_str_eq(tamper(sql), "");
    expect_problem("event_changed", sql_int("SELECT id FROM ct_events WHERE type = 'response_linked'"
                                            " ORDER BY id DESC LIMIT 1"), claim);
}
END_TEST

START_TEST(a_changed_world_time_is_named)
{
    long long claim = signed_log();
    char sql[256];
    long long event = sql_int("SELECT min(id) FROM ct_events WHERE type = 'claim_recorded'"
                              " AND claim_id = (SELECT max(claim_id) FROM ct_events)");
    snprintf(sql, sizeof sql, "UPDATE ct_events SET occurred_at = occurred_at - interval '1 day'"
             " WHERE id = %lld", event);
    ck_assert_str_eq(tamper(sql), "");
    expect_problem("event_changed", event, claim);
}
END_TEST

START_TEST(a_deleted_event_is_named)
{
    long long claim = signed_log();
    char sql[256];
    long long event = sql_int("SELECT max(id) FROM ct_events");
    snprintf(sql, sizeof sql, "DELETE FROM ct_events WHERE id = %lld", event);
    ck_assert_str_eq(tamper(sql), "");
    expect_problem("event_missing", event, claim);
}
END_TEST

START_TEST(two_events_swapped_are_named)
{
    signed_log();
    long long a = sql_int("SELECT id FROM ct_events ORDER BY id LIMIT 1 OFFSET 1");
    long long b = sql_int("SELECT id FROM ct_events ORDER BY id LIMIT 1 OFFSET 3");
    long long claim_a = sql_int("SELECT claim_id FROM ct_events ORDER BY id LIMIT 1 OFFSET 1");
    char sql[512];
    /* the record order of the two swapped: each id now holds the other's event */
    snprintf(sql, sizeof sql, "UPDATE ct_events e SET (claim_id, type, occurred_at, recorded_at,"
             " actor_id, actor_role, payload) = (SELECT o.claim_id, o.type, o.occurred_at,"
             " o.recorded_at, o.actor_id, o.actor_role, o.payload FROM ct_events o"
             " WHERE o.id = CASE e.id WHEN %lld THEN %lld ELSE %lld END)"
             " WHERE e.id IN (%lld, %lld)", a, b, a, a, b);
    ck_assert_str_eq(tamper(sql), "");
    /* the first leaf whose event is no longer what was hashed: a's */
    expect_problem("event_changed", a, claim_a);
}
END_TEST

START_TEST(two_leaves_reordered_are_found)
{
    signed_log();
    long long first = sql_int("SELECT event_id FROM ct_tree_leaves WHERE leaf_index = 2");
    ck_assert_str_eq(tamper("UPDATE ct_tree_leaves SET leaf_index = 1000000 WHERE leaf_index = 2;"
                            " UPDATE ct_tree_leaves SET leaf_index = 2 WHERE leaf_index = 3;"
                            " UPDATE ct_tree_leaves SET leaf_index = 3 WHERE leaf_index = 1000000"), "");
    th_resp r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "tree_mismatch");
    ck_assert_int_eq(th_int(&r, "problem/leaf_index"), 2);
    ck_assert_int_ne(th_int(&r, "problem/event_id"), first);  /* the event now at leaf 2 */
    ck_assert_ptr_nonnull(strstr(th_str(&r, "problem/message"), "leaves 2 to 3"));
    th_free(&r);
}
END_TEST

START_TEST(an_event_slipped_in_without_its_leaf_is_named)
{
    long long claim = signed_log();
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id,"
             " actor_role) VALUES (%lld, 'note_added', now(), 'mallory', 'editor')", claim);
    ck_assert_str_eq(tamper(sql), "");
    expect_problem("event_not_in_tree", sql_int("SELECT max(id) FROM ct_events"), claim);
}
END_TEST

START_TEST(a_rewritten_log_is_caught_by_its_checkpoint)
{
    long long claim = signed_log();
    char sql[1024];
    /* the intruder rewrites an event and then the leaf and every node above it */
    snprintf(sql, sizeof sql,
             "UPDATE ct_events SET actor_id = 'mallory' WHERE claim_id = %lld;"
             " UPDATE ct_tree_leaves l SET leaf_hash = ct_event_leaf_hash(e, l.salt)"
             "   FROM ct_events e WHERE e.id = l.event_id;"
             " DELETE FROM ct_tree_nodes;"
             " UPDATE ct_tree_leaves SET leaf_index = NULL;", claim);
    ck_assert_str_eq(tamper(sql), "");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT new_size FROM ct_tree_sequence(NULL)"), "4");
    th_resp r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "checkpoint_mismatch");
    th_free(&r);
    /* and no proof is given against the checkpoint the tree no longer gives */
    snprintf(sql, sizeof sql, "/claims/%lld/proof", claim);
    r = th_call("GET", sql, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 500);
    th_free(&r);
}
END_TEST

START_TEST(a_checkpoint_of_another_key_is_refused)
{
    signed_log();
    th_resp r = audit(OTHER_VERIFIER);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "checkpoint_signature");
    th_free(&r);
    r = th_call("GET", "/checkpoints/audit", "admin", "{\"key\":\"nonsense\"}", NULL);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "query.key");
    th_free(&r);
}
END_TEST

/* The command-line host: exit 0 on an intact log, 1 naming the event. */
START_TEST(claimtrack_verify_exits_non_zero_naming_the_event)
{
    char cmd[4096], config[1024], line[512] = "";
    char dir[512];
    cli_dir(dir, sizeof dir);
    long long claim = signed_log();
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":1,"
             "\"outbound\":{\"workers\":false},\"checkpoint_key\":\"" SIGNER "\"}", th_db(), dbname);
    snprintf(cmd, sizeof cmd, "%s/claimtrack --plugin %s/claimtrack.so --config '%s' verify >/dev/null 2>&1",
             dir, dir, config);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);

    long long event = sql_int("SELECT max(id) FROM ct_events");
    snprintf(line, sizeof line, "UPDATE ct_events SET payload = '{}' WHERE id = %lld", event);
    ck_assert_str_eq(tamper(line), "");
    snprintf(cmd, sizeof cmd, "%s/claimtrack --plugin %s/claimtrack.so --config '%s' verify 2>&1 >/dev/null",
             dir, dir, config);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
    ck_assert_int_eq(WEXITSTATUS(pclose(p)), 1);
    char expected[160];
    snprintf(expected, sizeof expected, "claimtrack verify: event %lld of claim %lld (leaf 3)",
             event, claim);
    ck_assert_msg(strncmp(line, expected, strlen(expected)) == 0, "%s", line);
}
END_TEST

START_TEST(readers_notices_link_to_the_proof)
{
    char path[160], body[4096], article[96], expected[200];
    teardown();
    char config[1024], *error = NULL;
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"outbound\":{\"workers\":false},\"publisher\":{\"name\":\"Factcheck.kz\","
             "\"url\":\"https://factcheck.kz\",\"proof_url\":\"https://factcheck.kz/proof/{id}\"}}",
             th_db(), dbname);
    th_instance = th_plugin()->open(&th_host, config, &error);
    ck_assert_ptr_nonnull(th_instance);
    snprintf(article, sizeof article, "%s", th_unique("tlog-article"));
    snprintf(body, sizeof body, SEED_CLAIM_BODY, article);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    long long claim = th_int(&r, "id");
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, SEED_REVIEW_BODY, 1LL);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    snprintf(path, sizeof path, "/articles/%s/notices", article);
    r = th_call("GET", path, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(expected, sizeof expected, "/claims/%lld/proof", claim);
    ck_assert_str_eq(th_str(&r, "notices/0/proof"), expected);
    th_free(&r);
    r = th_call("GET", path, NULL, "{\"format\":\"html\",\"lang\":\"ru\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(expected, sizeof expected, "<a class=\"ct-proof\" href=\"https://factcheck.kz/proof/%lld\""
             " rel=\"nofollow noopener\">Проверить подлинность записи</a>", claim);
    ck_assert_ptr_nonnull(strstr(json_object_get_string(r.body), expected));
    th_free(&r);
}
END_TEST

/* The workers must not sign a tree rewritten under the last checkpoint,
   even once it has grown: the newsroom's key would vouch for the rewrite. */
START_TEST(a_rewritten_tree_is_not_signed_again)
{
    long long claim = signed_log();
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE ct_events SET payload = '{\"summary\":\"Confirmed\"}' WHERE claim_id = %lld"
             "   AND type = 'response_linked';"
             " UPDATE ct_tree_leaves l SET leaf_hash = ct_event_leaf_hash(e, l.salt)"
             "   FROM ct_events e WHERE e.id = l.event_id;"
             " DELETE FROM ct_tree_nodes; SELECT ct_tree_build(0, 4);", claim);
    ck_assert_str_eq(tamper(sql), "");
    claim_with_response();                       /* the tree grows: 6 leaves */
    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(th_error_code(&r), "internal");
    ck_assert_ptr_nonnull(strstr(th_str(&r, "error/message"), "not consistent with the last"));
    th_free(&r);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_checkpoints"), 1);
    r = th_call("POST", "/jobs/run", "admin", NULL, "{}");    /* nor do the workers */
    th_free(&r);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM ct_checkpoints"), 1);
}
END_TEST

/* The audit reads the log in batches of 10,000 leaves: a log of 20,054,
   and an event changed in the second batch, under a node that spans the
   first two. */
START_TEST(the_audit_reads_past_its_batches)
{
    long long claim = signed_log();
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id,"
             " actor_role, payload) SELECT %lld, 'note_added', now(), 'ed', 'editor',"
             " jsonb_build_object('note', 'n' || g) FROM generate_series(1, 20050) g", claim);
    ck_assert_str_eq(th_sql_exec_on(dbname, sql), "");
    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "tree_size"), 20054);
    th_free(&r);
    r = audit(NULL);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "ok")), 1);
    ck_assert_int_eq(th_int(&r, "leaves_checked"), 20054);
    ck_assert_int_eq(th_int(&r, "checkpoints_checked"), 2);
    th_free(&r);
    long long event = sql_int("SELECT event_id FROM ct_tree_leaves WHERE leaf_index = 15000");
    snprintf(sql, sizeof sql, "UPDATE ct_events SET payload = '{\"note\":\"changed\"}'"
             " WHERE id = %lld", event);
    ck_assert_str_eq(tamper(sql), "");
    r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "event_changed");
    ck_assert_int_eq(th_int(&r, "problem/event_id"), event);
    ck_assert_int_eq(th_int(&r, "problem/leaf_index"), 15000);
    ck_assert_int_eq(th_int(&r, "leaves_checked"), 15000);
    th_free(&r);
}
END_TEST

START_TEST(a_leaf_taken_out_is_found)
{
    signed_log();
    ck_assert_str_eq(tamper("DELETE FROM ct_tree_leaves WHERE leaf_index = 1"), "");
    th_resp r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "leaf_missing");
    ck_assert_int_eq(th_int(&r, "problem/leaf_index"), 1);
    th_free(&r);
}
END_TEST

START_TEST(the_last_leaves_taken_out_are_found)
{
    signed_log();
    ck_assert_str_eq(tamper("DELETE FROM ct_tree_leaves WHERE leaf_index >= 2"), "");
    th_resp r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "checkpoint_beyond_tree");
    ck_assert_int_eq(th_int(&r, "problem/leaf_index"), 2);
    th_free(&r);
}
END_TEST

START_TEST(a_stored_node_taken_out_is_found)
{
    signed_log();
    ck_assert_str_eq(tamper("DELETE FROM ct_tree_nodes WHERE level = 1 AND node_index = 1"), "");
    th_resp r = audit(NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "tree_mismatch");
    ck_assert_int_eq(th_int(&r, "problem/leaf_index"), 2);
    th_free(&r);
}
END_TEST

/* The canonical form, byte for byte: what outsiders hash must not change
   with a release of PostgreSQL or of claimtrack. */
START_TEST(the_canonical_form_is_fixed)
{
    char text[1024], want[1024], digest[65];
    static const char private_text[] =
        "{\"note\": \"internal\", \"salt\": \"00112233445566778899aabbccddeeff\", "
        "\"actor_id\": \"ed:1\", \"actor_role\": \"editor\"}";
    const char *parts[2] = {private_text, NULL};
    ck_assert(ct_sha256_hex(parts, digest));
    th_text_on(dbname, "SELECT ct_event_private(ROW(7, 3, 'response_linked',"
               " '2025-12-01 18:00:00+05', '2025-12-02 00:00:00.25+00', 'ed:1', 'editor',"
               " '{\"note\":\"internal\",\"by\":\"Полиция\",\"n\":1.50}')::ct_events,"
               " '\\x00112233445566778899aabbccddeeff')", text, sizeof text);
    ck_assert_str_eq(text, private_text);
    th_text_on(dbname, "SELECT ct_event_canonical(ROW(7, 3, 'response_linked',"
               " '2025-12-01 18:00:00+05', '2025-12-02 00:00:00.25+00', 'ed:1', 'editor',"
               " '{\"note\":\"internal\",\"by\":\"Полиция\",\"n\":1.50}')::ct_events,"
               " '\\x00112233445566778899aabbccddeeff')", text, sizeof text);
    snprintf(want, sizeof want, "{\"id\": 7, \"type\": \"response_linked\", "
             "\"payload\": {\"n\": 1.50, \"by\": \"Полиция\"}, \"private\": \"%s\", "
             "\"claim_id\": 3, \"occurred_at\": \"2025-12-01T13:00:00.000000Z\", "
             "\"recorded_at\": \"2025-12-02T00:00:00.250000Z\"}", digest);
    ck_assert_str_eq(text, want);
    /* times to_char cannot tell apart are written as epoch seconds */
    th_text_on(dbname, "SELECT ct_event_time('0044-03-15 12:00:00+00') || ' | '"
               " || ct_event_time('0044-03-15 12:00:00+00 BC') || ' | ' || ct_event_time('infinity')"
               " || ' | ' || ct_event_time('-infinity')", text, sizeof text);
    ck_assert_str_eq(text, "0044-03-15T12:00:00.000000Z | -63517780800.000000 | Infinity | -Infinity");
}
END_TEST

static void reopen(const char *extra)
{
    teardown();
    open_with(extra);
}

/* After a key rotation the old key's checkpoints still count: the audit
   accepts them with the trusted keys, and the new key's first checkpoint
   is proved consistent with the old key's last. */
START_TEST(a_rotated_key_keeps_the_earlier_checkpoints)
{
    signed_log();
    reopen(",\"checkpoint_key\":\"" OTHER_SIGNER "\",\"checkpoint_trusted_keys\":[\"" VERIFIER "\"]");
    claim_with_response();
    th_resp r = sign_now();
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(th_str(&r, "verifier_key"), OTHER_VERIFIER);
    ck_assert_int_eq(th_int(&r, "tree_size"), 6);
    th_free(&r);
    r = th_call("GET", "/checkpoints/audit", "admin", NULL, NULL);
    ck_assert_int_eq(json_object_get_boolean(th_get(&r, "ok")), 1);
    ck_assert_int_eq(th_int(&r, "checkpoints_checked"), 2);
    th_free(&r);
    /* without the earlier key, the earlier checkpoint is not believed */
    reopen(",\"checkpoint_key\":\"" OTHER_SIGNER "\"");
    r = th_call("GET", "/checkpoints/audit", "admin", NULL, NULL);
    ck_assert_str_eq(th_str(&r, "problem/reason"), "checkpoint_signature");
    th_free(&r);
    char *error = th_open_error("{\"checkpoint_trusted_keys\":[\"" VERIFIER "\", \"nope\"]}");
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "checkpoint_trusted_keys.1"));
    th_plugin()->free_string(error);
}
END_TEST

/* The offline check from the command line: the log's name must be the one
   the reader expects, when they say which. */
START_TEST(claimtrack_verify_checks_a_saved_proof_and_its_log)
{
    char cmd[1024], path[64], file[] = "/tmp/ct-proof-XXXXXX";
    char dir[512];
    cli_dir(dir, sizeof dir);
    long long claim = signed_log();
    snprintf(path, sizeof path, "/claims/%lld/proof", claim);
    th_resp r = th_call("GET", path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    int fd = mkstemp(file);
    ck_assert_int_ge(fd, 0);
    const char *text = json_object_to_json_string(r.body);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    th_free(&r);
    snprintf(cmd, sizeof cmd, "%s/claimtrack verify --proof %s --key " VERIFIER
             " --origin example.org/news >/dev/null 2>&1", dir, file);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
    snprintf(cmd, sizeof cmd, "%s/claimtrack verify --proof %s --key " VERIFIER
             " --origin staging.example.org/news >/dev/null 2>&1", dir, file);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 1);
    snprintf(cmd, sizeof cmd, "%s/claimtrack verify --proof %s --key " OTHER_VERIFIER
             " >/dev/null 2>&1", dir, file);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 1);
    /* an event after the checkpoint: not refused, not verified: 3 */
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    r = th_call("POST", path, "editor", NULL, SEED_FREE_RESPONSE);
    th_free(&r);
    snprintf(path, sizeof path, "/claims/%lld/proof", claim);
    r = th_call("GET", path, "editor", NULL, NULL);
    FILE *f = fopen(file, "w");
    fputs(json_object_to_json_string(r.body), f);
    fclose(f);
    th_free(&r);
    snprintf(cmd, sizeof cmd, "%s/claimtrack verify --proof %s --key " VERIFIER " >/dev/null 2>&1",
             dir, file);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 3);
    unlink(file);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tlog");
    TCase *tc = tcase_create("tlog");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_checkpoint_signs_the_root_of_every_event);
    tcase_add_test(tc, a_claims_proof_verifies_offline_and_names_what_came_after);
    tcase_add_test(tc, readers_get_the_proof_of_a_published_claim_without_actors_or_notes);
    tcase_add_test(tc, checkpoints_are_proved_consistent);
    tcase_add_test(tc, signing_refused_writes_nothing);
    tcase_add_test(tc, the_job_sequences_and_signs_when_due);
    tcase_add_test(tc, a_changed_payload_is_named);
    tcase_add_test(tc, a_changed_world_time_is_named);
    tcase_add_test(tc, a_deleted_event_is_named);
    tcase_add_test(tc, two_events_swapped_are_named);
    tcase_add_test(tc, two_leaves_reordered_are_found);
    tcase_add_test(tc, an_event_slipped_in_without_its_leaf_is_named);
    tcase_add_test(tc, a_rewritten_log_is_caught_by_its_checkpoint);
    tcase_add_test(tc, a_checkpoint_of_another_key_is_refused);
    tcase_add_test(tc, claimtrack_verify_exits_non_zero_naming_the_event);
    tcase_add_test(tc, readers_notices_link_to_the_proof);
    tcase_add_test(tc, a_rewritten_tree_is_not_signed_again);
    tcase_add_test(tc, the_audit_reads_past_its_batches);
    tcase_add_test(tc, a_leaf_taken_out_is_found);
    tcase_add_test(tc, the_last_leaves_taken_out_are_found);
    tcase_add_test(tc, a_stored_node_taken_out_is_found);
    tcase_add_test(tc, the_canonical_form_is_fixed);
    tcase_add_test(tc, a_rotated_key_keeps_the_earlier_checkpoints);
    tcase_add_test(tc, claimtrack_verify_checks_a_saved_proof_and_its_log);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
