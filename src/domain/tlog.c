/*
 * tlog.c -- the timeline's transparency log (see tlog.h).
 *
 * The tree lives in the database, but the arithmetic of roots and proofs
 * is base/merkle.c's, the same code the offline verifier runs. A proof is
 * built in two passes over a ct_merkle_source: the first only records
 * which complete subtrees it needs (which depends on sizes and indexes
 * alone), one statement fetches them, the second computes. So a proof
 * costs one round trip whatever the tree's size, and a claim's proof, one
 * per event, still one.
 *
 * Every proof handed out is first checked against the signed root it
 * claims: a stored tree that no longer gives the checkpoint's root is an
 * internal error (run the audit), never a proof that would not verify.
 *
 * The audit does not trust what it audits: it recomputes each leaf from
 * its event with its own copy of the canonical form (AUDIT_CANONICAL,
 * built-in functions only, so a replaced ct_event_canonical cannot hide a
 * change), hashes in C, rebuilds the tree leaf by leaf (merkle.h's
 * frontier), compares every stored subtree as it completes, and checks
 * each checkpoint's signature and root. It reads the leaves in batches in
 * tree order and keeps only their hashes: 32 bytes a leaf.
 */
#include "domain/tlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/jsonout.h"
#include "base/merkle.h"

#define AUDIT_BATCH 10000
#define B64_HASH    45          /* base64 of 32 bytes, with its NUL */

/* ---- SQL -------------------------------------------------------------------- */

static const ct_stmt stmt_sequence = {"ct_tlog_sequence",
    "SELECT new_size, old_size FROM ct_tree_sequence(NULLIF($1::int, 0))", 1};

#define CHECKPOINT_JSON(c) \
    "json_build_object('id', " c ".id, 'tree_size', " c ".tree_size," \
    " 'root_hash', encode(" c ".root_hash, 'base64')," \
    " 'signed_at', to_char(" c ".signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
    " 'origin', " c ".origin, 'verifier_key', " c ".verifier_key, 'note', " c ".note)"

/* The latest checkpoint: its JSON, size, hex root, and whether it is
   younger than $1 seconds; and the time now, as a checkpoint says it. */
static const ct_stmt stmt_latest = {"ct_tlog_latest",
    "SELECT " CHECKPOINT_JSON("c") "::text, c.tree_size, encode(c.root_hash, 'hex'),"
    "  c.signed_at > now() - make_interval(secs => $1::int), c.note"
    " FROM ct_checkpoints c ORDER BY c.tree_size DESC, c.id DESC LIMIT 1", 1};

static const ct_stmt stmt_now = {"ct_tlog_now",
    "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", 0};

static const ct_stmt stmt_checkpoint_add = {"ct_tlog_checkpoint_add",
    "INSERT INTO ct_checkpoints AS c (tree_size, root_hash, signed_at, origin, verifier_key,"
    "  note, signed_by)"
    " VALUES ($1::bigint, decode($2, 'hex'), $3::timestamptz, $4, $5, $6, $7)"
    " RETURNING " CHECKPOINT_JSON("c") "::text", 7};

static const ct_stmt stmt_checkpoint_list = {"ct_tlog_checkpoint_list",
    "SELECT json_build_object('checkpoints', COALESCE(json_agg(" CHECKPOINT_JSON("c")
    "   ORDER BY c.tree_size DESC, c.id DESC), '[]'))::text"
    " FROM (SELECT * FROM ct_checkpoints ORDER BY tree_size DESC, id DESC LIMIT $1::int) c", 1};

/* Subtree hashes (hex) in the order asked: level 0 is a leaf. */
static const ct_stmt stmt_subtrees = {"ct_tlog_subtrees",
    "SELECT encode(CASE WHEN q.lvl = 0 THEN l.leaf_hash ELSE n.hash END, 'hex')"
    " FROM unnest($1::int[], $2::bigint[]) WITH ORDINALITY AS q(lvl, idx, ord)"
    " LEFT JOIN ct_tree_leaves l ON q.lvl = 0 AND l.leaf_index = q.idx"
    " LEFT JOIN ct_tree_nodes n ON q.lvl > 0 AND n.level = q.lvl AND n.node_index = q.idx"
    " ORDER BY q.ord", 2};

static const ct_stmt stmt_tree_size = {"ct_tlog_tree_size",
    "SELECT COALESCE(max(leaf_index) + 1, 0) FROM ct_tree_leaves", 0};

static const ct_stmt stmt_claim_visible = {"ct_tlog_claim_visible",
    "SELECT 1 FROM ct_claims WHERE id = $1::bigint AND (published OR $2::boolean)", 2};

/* A claim's events in record order, with their leaves. */
static const ct_stmt stmt_claim_leaves = {"ct_tlog_claim_leaves",
    "SELECT e.id, l.leaf_index, encode(l.leaf_hash, 'base64'), ct_event_canonical(e, l.salt),"
    "  CASE WHEN $2::boolean THEN ct_event_private(e, l.salt) END"
    " FROM ct_events e JOIN ct_tree_leaves l ON l.event_id = e.id"
    " WHERE e.claim_id = $1::bigint ORDER BY e.id", 2};

/*
 * The audit's own copy of the canonical form of version 1 (documented in
 * sql/012_transparency.sql): built-in functions only.
 */
#define AUDIT_TS(col) \
    "CASE WHEN isfinite(" col ") AND " col " >= '0001-01-01 00:00:00+00'" \
    " THEN to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')" \
    " ELSE extract(epoch FROM " col ")::text END"
#define AUDIT_CANONICAL \
    "jsonb_build_object('id', e.id, 'type', e.type, 'payload', e.payload - 'note'," \
    " 'private', encode(sha256(convert_to(jsonb_build_object('note', e.payload -> 'note'," \
    "   'salt', encode(l.salt, 'hex'), 'actor_id', e.actor_id, 'actor_role', e.actor_role)::text," \
    "   'UTF8')), 'hex')," \
    " 'claim_id', e.claim_id, 'occurred_at', " AUDIT_TS("e.occurred_at") "," \
    " 'recorded_at', " AUDIT_TS("e.recorded_at") ")::text"

static const ct_stmt stmt_audit_leaves = {"ct_tlog_audit_leaves",
    "SELECT l.leaf_index, l.event_id, l.claim_id, encode(l.leaf_hash, 'hex'),"
    "  CASE WHEN e.id IS NOT NULL THEN " AUDIT_CANONICAL " END"
    " FROM ct_tree_leaves l LEFT JOIN ct_events e ON e.id = l.event_id"
    " WHERE l.leaf_index >= $1::bigint ORDER BY l.leaf_index LIMIT $2::int", 2};

/* The stored nodes that leaves [$1, $2) complete, any level. */
static const ct_stmt stmt_audit_nodes = {"ct_tlog_audit_nodes",
    "SELECT n.level, n.node_index, encode(n.hash, 'hex')"
    " FROM generate_series(1, 62) AS lv"
    " JOIN ct_tree_nodes n ON n.level = lv"
    "  AND n.node_index >= ($1::bigint >> lv) AND n.node_index < ($2::bigint >> lv)"
    " WHERE (1::bigint << lv) <= $2::bigint", 2};

/* Events of ids [$1, $1 + AUDIT_ID_RANGE) without a leaf (the first), and
   the next id after the range, to walk a large table one range at a time. */
#define AUDIT_ID_RANGE 100000
static const ct_stmt stmt_audit_orphans = {"ct_tlog_audit_orphans",
    "SELECT (SELECT e.id FROM ct_events e WHERE e.id >= $1::bigint AND e.id < $1::bigint + 100000"
    "         AND NOT EXISTS (SELECT 1 FROM ct_tree_leaves l WHERE l.event_id = e.id)"
    "       ORDER BY e.id LIMIT 1),"
    " (SELECT min(e.id) FROM ct_events e WHERE e.id >= $1::bigint + 100000)", 1};

static const ct_stmt stmt_event_claim = {"ct_tlog_event_claim",
    "SELECT claim_id FROM ct_events WHERE id = $1::bigint", 1};

static const ct_stmt stmt_audit_checkpoints = {"ct_tlog_audit_checkpoints",
    "SELECT id, note FROM ct_checkpoints ORDER BY tree_size, id", 0};

static const ct_stmt stmt_audit_pending = {"ct_tlog_audit_pending",
    "SELECT count(*) FROM ct_tree_leaves WHERE leaf_index IS NULL", 0};

const ct_stmt *const ct_tlog_sql[] = {
    &stmt_sequence, &stmt_latest, &stmt_now, &stmt_checkpoint_add, &stmt_checkpoint_list,
    &stmt_subtrees, &stmt_tree_size, &stmt_claim_visible, &stmt_claim_leaves,
    &stmt_audit_leaves, &stmt_audit_nodes, &stmt_audit_orphans, &stmt_event_claim,
    &stmt_audit_checkpoints, &stmt_audit_pending, NULL};

/* ---- small helpers ------------------------------------------------------------ */

static ct_rc no_memory(ct_error *err)
{
    return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
}

static bool hex_hash(const char *hex, ct_merkle_hash out)
{
    if (hex == NULL || strlen(hex) != 2 * CT_MERKLE_HASH_SIZE)
        return false;
    for (size_t i = 0; i < CT_MERKLE_HASH_SIZE; i++) {
        unsigned v = 0;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return false;
        out[i] = (unsigned char)v;
    }
    return true;
}

static void hash_hex(const ct_merkle_hash hash, char out[2 * CT_MERKLE_HASH_SIZE + 1])
{
    for (size_t i = 0; i < CT_MERKLE_HASH_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

static json_object *hash_b64(const ct_merkle_hash hash)
{
    char text[B64_HASH];
    ct_base64_encode(hash, CT_MERKLE_HASH_SIZE, text);
    return ct_jnew_string(text);
}

static ct_rc take_json(json_object *obj, char **json, ct_error *err)
{
    *json = strdup(ct_jdump(obj, JSON_C_TO_STRING_PLAIN));
    json_object_put(obj);
    return *json ? CT_OK : no_memory(err);
}

/* ---- subtrees from the database: two passes ----------------------------------- */

/* The subtrees one answer needs, found by (level, index) in an open
   addressing table that grows: a claim of thousands of events in a tree
   of ten million needs tens of thousands. */
typedef struct subtree_fetch {
    size_t          n, cap;          /* cap: a power of two, at least 2n */
    bool            recording;       /* pass 1: note what is asked       */
    bool            failed;          /* memory ran out while recording  */
    unsigned       *level;
    uint64_t       *index;
    ct_merkle_hash *hash;
    size_t         *slot;            /* cap entries: 1 + the subtree's place, or 0 */
} subtree_fetch;

static size_t slot_of(const subtree_fetch *f, unsigned level, uint64_t index)
{
    uint64_t key = (index << 6 | level) * UINT64_C(0x9E3779B97F4A7C15);
    size_t i = (size_t)(key >> 17) & (f->cap - 1);
    while (f->slot[i] && !(f->level[f->slot[i] - 1] == level && f->index[f->slot[i] - 1] == index))
        i = (i + 1) & (f->cap - 1);
    return i;
}

static bool fetch_grow(subtree_fetch *f)
{
    size_t cap = f->cap ? f->cap * 2 : 256;
    unsigned *level = realloc(f->level, cap / 2 * sizeof *level);
    if (level)
        f->level = level;
    uint64_t *index = level ? realloc(f->index, cap / 2 * sizeof *index) : NULL;
    if (index)
        f->index = index;
    ct_merkle_hash *hash = index ? realloc(f->hash, cap / 2 * sizeof *hash) : NULL;
    if (hash)
        f->hash = hash;
    size_t *slot = hash ? calloc(cap, sizeof *slot) : NULL;
    if (slot == NULL)
        return false;
    free(f->slot);
    f->slot = slot;
    f->cap = cap;
    for (size_t k = 0; k < f->n; k++)
        f->slot[slot_of(f, f->level[k], f->index[k])] = k + 1;
    return true;
}

static void fetch_free(subtree_fetch *f)
{
    free(f->level);
    free(f->index);
    free(f->hash);
    free(f->slot);
    free(f);
}

static bool fetch_subtree(void *ctx, unsigned level, uint64_t index, ct_merkle_hash out)
{
    subtree_fetch *f = ctx;
    size_t i = f->cap ? slot_of(f, level, index) : 0;

    if (f->cap && f->slot[i]) {
        memcpy(out, f->hash[f->slot[i] - 1], CT_MERKLE_HASH_SIZE);
        return true;
    }
    if (!f->recording)
        return false;
    if (2 * (f->n + 1) > f->cap) {
        if (!fetch_grow(f)) {
            f->failed = true;
            return false;
        }
        i = slot_of(f, level, index);
    }
    f->level[f->n] = level;
    f->index[f->n] = index;
    memset(f->hash[f->n], 0, CT_MERKLE_HASH_SIZE);
    f->slot[i] = ++f->n;
    memset(out, 0, CT_MERKLE_HASH_SIZE);
    return true;
}

/* Fetch the hashes pass 1 recorded; every one must exist. */
static ct_rc fetch_recorded(ct_conn *conn, subtree_fetch *f, ct_error *err)
{
    size_t cap = 24 * f->n + 8;
    char *levels = malloc(cap), *indexes = malloc(cap);
    ct_rows *rows = NULL;
    ct_rc rc = levels && indexes && !f->failed ? CT_OK : no_memory(err);

    if (rc == CT_OK) {
        size_t a = 0, b = 0;
        a += (size_t)snprintf(levels + a, cap - a, "{");
        b += (size_t)snprintf(indexes + b, cap - b, "{");
        for (size_t i = 0; i < f->n; i++) {
            a += (size_t)snprintf(levels + a, cap - a, "%s%u", i ? "," : "", f->level[i]);
            b += (size_t)snprintf(indexes + b, cap - b, "%s%llu", i ? "," : "",
                                  (unsigned long long)f->index[i]);
        }
        snprintf(levels + a, cap - a, "}");
        snprintf(indexes + b, cap - b, "}");
        const char *params[2] = {levels, indexes};
        rc = ct_exec(conn, &stmt_subtrees, 2, params, &rows, err);
    }
    for (size_t i = 0; rc == CT_OK && i < f->n; i++)
        if (i >= ct_rows_count(rows) || !hex_hash(ct_rows_get(rows, i, 0), f->hash[i]))
            rc = ct_fail(err, CT_EINTERNAL, "internal", NULL,
                         "the stored tree lacks a subtree (level %u, index %llu): run the audit",
                         f->level[i], (unsigned long long)f->index[i]);
    f->recording = false;
    ct_rows_free(rows);
    free(levels);
    free(indexes);
    return rc;
}

/* ---- sequencing and signing ----------------------------------------------------- */

ct_rc ct_tlog_sequence(ct_conn *conn, int batch, uint64_t *size, uint64_t *added, ct_error *err)
{
    char text[16];
    ct_rows *rows = NULL;
    snprintf(text, sizeof text, "%d", batch);
    const char *params[1] = {text};
    ct_rc rc = ct_exec(conn, &stmt_sequence, 1, params, &rows, err);

    uint64_t after = rc == CT_OK ? strtoull(ct_rows_get(rows, 0, 0), NULL, 10) : 0;
    if (rc == CT_OK && size)
        *size = after;
    if (rc == CT_OK && added)     /* the size after less the size when the statement began */
        *added = after - strtoull(ct_rows_get(rows, 0, 1), NULL, 10);
    ct_rows_free(rows);
    return rc;
}

/* The root of the tree's first size leaves, from the stored subtrees. */
static ct_rc stored_root(ct_conn *conn, uint64_t size, ct_merkle_hash root, ct_error *err)
{
    subtree_fetch *f = calloc(1, sizeof *f);
    ct_merkle_source src = {fetch_subtree, f};
    ct_rc rc = f ? CT_OK : no_memory(err);

    if (rc == CT_OK) {
        f->recording = true;
        ct_merkle_range_root(&src, 0, size, root);
        rc = fetch_recorded(conn, f, err);
    }
    if (rc == CT_OK && !ct_merkle_range_root(&src, 0, size, root))
        rc = no_memory(err);
    if (f)
        fetch_free(f);
    return rc;
}

static ct_rc add_checkpoint(ct_conn *conn, const ct_note_key *key, const char *origin,
                            const char *actor, uint64_t size, char **json, ct_error *err)
{
    ct_merkle_hash root;
    char *now = NULL, *text = NULL, *note = NULL, ext[64], size_text[24], root_hex[65];
    char verifier[CT_NOTE_NAME_MAX + 64];
    ct_rc rc = stored_root(conn, size, root, err);

    if (rc == CT_OK)
        rc = ct_exec_text(conn, &stmt_now, 0, NULL, "time", &now, err);
    if (rc == CT_OK) {
        snprintf(ext, sizeof ext, "time %s\n", now);
        text = ct_checkpoint_text(origin, size, root, ext);
        note = text ? ct_note_sign(text, key) : NULL;
        if (note == NULL || !ct_note_verifier_text(key, verifier, sizeof verifier))
            rc = no_memory(err);
    }
    if (rc == CT_OK) {
        snprintf(size_text, sizeof size_text, "%llu", (unsigned long long)size);
        hash_hex(root, root_hex);
        const char *params[7] = {size_text, root_hex, now, origin, verifier, note, actor};
        rc = ct_exec_text(conn, &stmt_checkpoint_add, 7, params, "checkpoint", json, err);
    }
    free(now);
    free(text);
    free(note);
    return rc;
}

/*
 * A checkpoint extends the last one this key signed, or is not signed: the
 * stored tree of size leaves must be proved consistent with that
 * checkpoint's root. Otherwise an intruder who rewrote the tree (without
 * the key) would have the newsroom's own workers sign the rewrite.
 */
/* Whether note opens with key or one of the trusted keys. */
static bool open_with_any(const char *note, const ct_note_key *key, const ct_note_key *trusted,
                          size_t ntrusted, size_t *text_len)
{
    if (key && ct_note_open(note, strlen(note), key, text_len))
        return true;
    for (size_t i = 0; i < ntrusted; i++)
        if (ct_note_open(note, strlen(note), &trusted[i], text_len))
            return true;
    return false;
}

static ct_rc check_extends(ct_conn *conn, const ct_note_key *key, const ct_note_key *trusted,
                           size_t ntrusted, const char *latest_note, uint64_t size, ct_error *err)
{
    char origin[CT_NOTE_NAME_MAX + 1];
    size_t text_len = 0, len = 0;
    uint64_t old_size = 0;
    ct_merkle_hash old_root, root, proof[CT_MERKLE_PROOF_MAX];

    if (!open_with_any(latest_note, key, trusted, ntrusted, &text_len) ||
        !ct_checkpoint_parse(latest_note, text_len, origin, sizeof origin, &old_size, old_root))
        return CT_OK;                 /* a key this host does not know: nothing to extend */
    if (size < old_size)
        return ct_fail(err, CT_EINTERNAL, "internal", NULL,
                       "the tree has %llu leaves, fewer than the last checkpoint's %llu: refusing"
                       " to sign; run the audit", (unsigned long long)size,
                       (unsigned long long)old_size);
    if (old_size == 0)
        return CT_OK;
    subtree_fetch *f = calloc(1, sizeof *f);
    ct_merkle_source src = {fetch_subtree, f};
    ct_rc rc = f ? CT_OK : no_memory(err);
    if (rc == CT_OK) {                          /* pass 1, the hashes, pass 2 */
        f->recording = true;
        ct_merkle_consistency_proof_of(&src, size, old_size, proof, &len);
        ct_merkle_range_root(&src, 0, size, root);
        rc = fetch_recorded(conn, f, err);
    }
    if (rc == CT_OK && !(ct_merkle_consistency_proof_of(&src, size, old_size, proof, &len) &&
                         ct_merkle_range_root(&src, 0, size, root)))
        rc = no_memory(err);
    if (rc == CT_OK && !ct_merkle_verify_consistency(old_size, size, old_root, root, proof, len))
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL,
                     "the stored tree is not consistent with the last checkpoint (size %llu):"
                     " refusing to sign; run the audit", (unsigned long long)old_size);
    if (f)
        fetch_free(f);
    return rc;
}

ct_rc ct_tlog_sign(ct_conn *conn, const ct_note_key *key, const ct_note_key *trusted,
                   size_t ntrusted, const char *origin, const char *actor, int min_age_s,
                   bool *created, char **json, ct_error *err)
{
    uint64_t size = 0;
    char age[16];
    ct_rows *latest = NULL;
    ct_rc rc = ct_tlog_sequence(conn, 0, &size, NULL, err);   /* takes the sequencer's lock */

    *created = false;
    *json = NULL;
    snprintf(age, sizeof age, "%d", min_age_s > 0 ? min_age_s : 0);
    const char *params[1] = {age};
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_latest, 1, params, &latest, err);
    if (rc == CT_OK && ct_rows_count(latest) == 1 &&
        (strtoull(ct_rows_get(latest, 0, 1), NULL, 10) == size ||
         (min_age_s > 0 && strcmp(ct_rows_get(latest, 0, 3), "t") == 0))) {
        *json = strdup(ct_rows_get(latest, 0, 0));
        rc = *json ? CT_OK : no_memory(err);
    } else if (rc == CT_OK) {
        if (ct_rows_count(latest) == 1)
            rc = check_extends(conn, key, trusted, ntrusted, ct_rows_get(latest, 0, 4), size, err);
        if (rc == CT_OK)
            rc = add_checkpoint(conn, key, origin, actor, size, json, err);
        *created = rc == CT_OK;
    }
    ct_rows_free(latest);
    return rc;
}

ct_rc ct_tlog_checkpoints(ct_conn *conn, int limit, char **json, ct_error *err)
{
    char text[16];
    snprintf(text, sizeof text, "%d", limit);
    const char *params[1] = {text};
    return ct_exec_text(conn, &stmt_checkpoint_list, 1, params, "checkpoints", json, err);
}

/* ---- proofs ---------------------------------------------------------------------- */

/* The latest checkpoint's JSON (NULL when none), size and root. */
static ct_rc latest_checkpoint(ct_conn *conn, json_object **checkpoint, uint64_t *size,
                               ct_merkle_hash root, ct_error *err)
{
    ct_rows *rows = NULL;
    const char *params[1] = {"0"};
    ct_rc rc = ct_exec(conn, &stmt_latest, 1, params, &rows, err);

    *checkpoint = NULL;
    *size = 0;
    if (rc == CT_OK && ct_rows_count(rows) == 1) {
        *checkpoint = ct_jparse(ct_rows_get(rows, 0, 0));
        *size = strtoull(ct_rows_get(rows, 0, 1), NULL, 10);
        if (*checkpoint == NULL || !hex_hash(ct_rows_get(rows, 0, 2), root))
            rc = no_memory(err);
    }
    ct_rows_free(rows);
    return rc;
}

/* The stored tree must still give the signed root before anything is
   proved against it. */
static ct_rc check_root(const ct_merkle_source *src, uint64_t size, const ct_merkle_hash signed_root,
                        ct_error *err)
{
    ct_merkle_hash root;
    if (!ct_merkle_range_root(src, 0, size, root))
        return no_memory(err);
    if (memcmp(root, signed_root, CT_MERKLE_HASH_SIZE) != 0)
        return ct_fail(err, CT_EINTERNAL, "internal", NULL,
                       "the stored tree does not give the latest checkpoint's root: run the audit");
    return CT_OK;
}

static json_object *proof_json(const ct_merkle_hash *proof, size_t len)
{
    json_object *arr = ct_jnew_array();
    for (size_t i = 0; i < len; i++)
        ct_jpush(arr, hash_b64(proof[i]));
    return arr;
}

/* One event of the claim's proof: its leaf, and its path when the
   checkpoint covers it. */
static json_object *proof_event(const ct_rows *rows, size_t r, const ct_merkle_source *src,
                                uint64_t size, bool staff, bool *ok)
{
    json_object *ev = ct_jnew_object();
    const char *index_text = ct_rows_get(rows, r, 1);
    ct_merkle_hash path[CT_MERKLE_PROOF_MAX];
    size_t len = 0;

    ct_jset(ev, "event_id", ct_jnew_int64(strtoll(ct_rows_get(rows, r, 0), NULL, 10)));
    ct_jset(ev, "leaf_index", index_text ? ct_jnew_int64(strtoll(index_text, NULL, 10)) : NULL);
    ct_jset(ev, "leaf_hash", ct_jnew_string(ct_rows_get(rows, r, 2)));
    ct_jset(ev, "canonical", ct_jnew_string(ct_rows_get(rows, r, 3)));
    if (staff)
        ct_jset(ev, "private", ct_jnew_string(ct_rows_get(rows, r, 4)));
    uint64_t index = index_text ? strtoull(index_text, NULL, 10) : UINT64_MAX;
    if (index < size) {
        *ok = *ok && ct_merkle_inclusion_proof_of(src, size, index, path, &len);
        ct_jset(ev, "inclusion_proof", proof_json(path, len));
    } else {
        ct_jset(ev, "inclusion_proof", NULL);
    }
    return ev;
}

/* The events' array, run once to record the subtrees and once to build. */
static json_object *proof_events(const ct_rows *rows, const ct_merkle_source *src, uint64_t size,
                                 bool staff, bool *ok)
{
    json_object *events = ct_jnew_array();
    for (size_t r = 0; r < ct_rows_count(rows); r++)
        ct_jpush(events, proof_event(rows, r, src, size, staff, ok));
    return events;
}

ct_rc ct_tlog_claim_proof(ct_conn *conn, const char *claim_id, bool staff, char **json,
                          ct_error *err)
{
    const char *params[2] = {claim_id, staff ? "true" : "false"};
    ct_rows *visible = NULL, *rows = NULL;
    json_object *checkpoint = NULL, *out = NULL;
    subtree_fetch *f = calloc(1, sizeof *f);
    ct_merkle_source src = {fetch_subtree, f};
    ct_merkle_hash root;
    uint64_t size = 0;
    bool ok = true;
    ct_rc rc = f ? ct_exec(conn, &stmt_claim_visible, 2, params, &visible, err) : no_memory(err);

    if (rc == CT_OK && ct_rows_count(visible) == 0)
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
    if (rc == CT_OK)
        rc = latest_checkpoint(conn, &checkpoint, &size, root, err);
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_claim_leaves, 2, params, &rows, err);
    if (rc == CT_OK && size > 0) {          /* pass 1: which subtrees */
        f->recording = true;
        ct_merkle_hash scratch;
        ct_merkle_range_root(&src, 0, size, scratch);
        json_object_put(proof_events(rows, &src, size, staff, &ok));
        rc = fetch_recorded(conn, f, err);
        if (rc == CT_OK)
            rc = check_root(&src, size, root, err);
    }
    if (rc == CT_OK) {
        out = ct_jnew_object();
        ct_jset(out, "claim_id", ct_jnew_int64(strtoll(claim_id, NULL, 10)));
        ct_jset(out, "checkpoint", checkpoint);
        checkpoint = NULL;
        ct_jset(out, "events", proof_events(rows, &src, size, staff, &ok));
        rc = ok ? take_json(out, json, err) : no_memory(err);
        if (!ok)
            json_object_put(out);
    }
    json_object_put(checkpoint);
    ct_rows_free(visible);
    ct_rows_free(rows);
    if (f)
        fetch_free(f);
    return rc;
}

ct_rc ct_tlog_consistency(ct_conn *conn, uint64_t from, uint64_t to, char **json, ct_error *err)
{
    char *size_text = NULL;
    subtree_fetch *f = calloc(1, sizeof *f);
    ct_merkle_source src = {fetch_subtree, f};
    ct_merkle_hash proof[CT_MERKLE_PROOF_MAX], from_root, to_root;
    size_t len = 0;
    ct_rc rc = f ? ct_exec_text(conn, &stmt_tree_size, 0, NULL, "tree", &size_text, err)
                 : no_memory(err);
    uint64_t size = rc == CT_OK ? strtoull(size_text, NULL, 10) : 0;

    if (rc == CT_OK && to > size)
        rc = ct_fail(err, CT_EINVALID, "out_of_range", "query.to",
                     "query.to must be at most the tree's size, %llu", (unsigned long long)size);
    if (rc == CT_OK && (from < 1 || from > to))
        rc = ct_fail(err, CT_EINVALID, "out_of_range", "query.from",
                     "query.from must be from 1 to query.to");
    if (rc == CT_OK) {                      /* pass 1, then the hashes, then pass 2 */
        f->recording = true;
        ct_merkle_consistency_proof_of(&src, to, from, proof, &len);
        ct_merkle_range_root(&src, 0, from, from_root);
        ct_merkle_range_root(&src, 0, to, to_root);
        rc = fetch_recorded(conn, f, err);
    }
    if (rc == CT_OK && !(ct_merkle_consistency_proof_of(&src, to, from, proof, &len) &&
                         ct_merkle_range_root(&src, 0, from, from_root) &&
                         ct_merkle_range_root(&src, 0, to, to_root)))
        rc = no_memory(err);
    if (rc == CT_OK) {
        json_object *out = ct_jnew_object();
        ct_jset(out, "from", ct_jnew_int64((int64_t)from));
        ct_jset(out, "to", ct_jnew_int64((int64_t)to));
        ct_jset(out, "from_root", hash_b64(from_root));
        ct_jset(out, "to_root", hash_b64(to_root));
        ct_jset(out, "proof", proof_json(proof, len));
        rc = take_json(out, json, err);
    }
    free(size_text);
    if (f)
        fetch_free(f);
    return rc;
}

/* ---- the audit ---------------------------------------------------------------------- */

typedef struct audit_checkpoint {
    long long      id;
    uint64_t       size;
    ct_merkle_hash root;
} audit_checkpoint;

typedef struct audit {
    ct_conn            *conn;
    ct_merkle_frontier  frontier;
    audit_checkpoint   *checkpoints;
    size_t              ncheckpoints, next_checkpoint;
    uint64_t            batch_first;           /* the leaf index batch_events[0] is of */
    long long           batch_events[AUDIT_BATCH], batch_claims[AUDIT_BATCH];
    size_t              nnodes;                 /* the stored nodes this batch completes */
    unsigned            node_level[2 * AUDIT_BATCH];
    uint64_t            node_index[2 * AUDIT_BATCH];
    ct_merkle_hash      node_hash[2 * AUDIT_BATCH];
    json_object        *problem;                /* the first one found, or NULL */
} audit;

static void found(audit *a, const char *reason, int64_t leaf, long long event, long long claim,
                  long long checkpoint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void found(audit *a, const char *reason, int64_t leaf, long long event, long long claim,
                  long long checkpoint, const char *fmt, ...)
{
    char message[512];
    va_list ap;

    if (a->problem)
        return;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    a->problem = ct_jnew_object();
    ct_jset(a->problem, "reason", ct_jnew_string(reason));
    ct_jset(a->problem, "message", ct_jnew_string(message));
    ct_jset(a->problem, "leaf_index", leaf >= 0 ? ct_jnew_int64(leaf) : NULL);
    ct_jset(a->problem, "event_id", event > 0 ? ct_jnew_int64(event) : NULL);
    ct_jset(a->problem, "claim_id", claim > 0 ? ct_jnew_int64(claim) : NULL);
    ct_jset(a->problem, "checkpoint_id", checkpoint > 0 ? ct_jnew_int64(checkpoint) : NULL);
}

static int by_size(const void *x, const void *y)
{
    const audit_checkpoint *a = x, *b = y;
    return a->size < b->size ? -1 : a->size > b->size ? 1 : (a->id > b->id) - (a->id < b->id);
}

/* Every checkpoint's signature, and its size and root from its signed text. */
static ct_rc load_checkpoints(audit *a, const ct_note_key *keys, size_t nkeys, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(a->conn, &stmt_audit_checkpoints, 0, NULL, &rows, err);
    size_t n = rc == CT_OK ? ct_rows_count(rows) : 0;

    a->checkpoints = calloc(n + 1, sizeof *a->checkpoints);
    if (rc == CT_OK && a->checkpoints == NULL)
        rc = no_memory(err);
    for (size_t r = 0; rc == CT_OK && r < n && !a->problem; r++) {
        audit_checkpoint *c = &a->checkpoints[a->ncheckpoints];
        const char *note = ct_rows_get(rows, r, 1);
        char origin[CT_NOTE_NAME_MAX + 1];
        size_t text_len = 0;
        c->id = strtoll(ct_rows_get(rows, r, 0), NULL, 10);
        if (!open_with_any(note, NULL, keys, nkeys, &text_len))
            found(a, "checkpoint_signature", -1, 0, 0, c->id,
                  "checkpoint %lld does not carry a valid signature of key %s%s", c->id,
                  keys[0].name, nkeys > 1 ? " or of a trusted earlier key" : "");
        else if (!ct_checkpoint_parse(note, text_len, origin, sizeof origin, &c->size, c->root))
            found(a, "checkpoint_malformed", -1, 0, 0, c->id,
                  "checkpoint %lld is signed but is not a checkpoint", c->id);
        else
            a->ncheckpoints++;
    }
    qsort(a->checkpoints, a->ncheckpoints, sizeof *a->checkpoints, by_size);
    ct_rows_free(rows);
    return rc;
}

/* Checkpoints of the size the rebuilt tree has just reached. */
static void check_checkpoints(audit *a)
{
    ct_merkle_hash root;
    while (!a->problem && a->next_checkpoint < a->ncheckpoints &&
           a->checkpoints[a->next_checkpoint].size == a->frontier.size) {
        const audit_checkpoint *c = &a->checkpoints[a->next_checkpoint++];
        if (ct_merkle_frontier_root(&a->frontier, root) &&
            memcmp(root, c->root, CT_MERKLE_HASH_SIZE) != 0)
            found(a, "checkpoint_mismatch", (int64_t)c->size - 1, 0, 0, c->id,
                  "checkpoint %lld (size %llu) was signed over another tree: the timeline's "
                  "first %llu events were rewritten, with their leaves and the stored tree",
                  c->id, (unsigned long long)c->size, (unsigned long long)c->size);
    }
}

/* A node the rebuilt tree completed, against the stored one. */
static void compare_node(void *ctx, unsigned level, uint64_t index, const ct_merkle_hash hash)
{
    audit *a = ctx;
    uint64_t first = index << level, last = ((index + 1) << level) - 1;

    for (size_t i = 0; i < a->nnodes; i++)
        if (a->node_level[i] == level && a->node_index[i] == index) {
            if (memcmp(a->node_hash[i], hash, CT_MERKLE_HASH_SIZE) == 0)
                return;
            break;
        }
    bool known = first >= a->batch_first;
    size_t at = known ? (size_t)(first - a->batch_first) : 0;
    found(a, "tree_mismatch", (int64_t)first, known ? a->batch_events[at] : 0,
          known ? a->batch_claims[at] : 0, 0,
          "leaves %llu to %llu are not the leaves the stored tree was built from (an event was "
          "reordered, replaced or removed there; the first is event %lld)",
          (unsigned long long)first, (unsigned long long)last, known ? a->batch_events[at] : 0);
}

static ct_rc load_nodes(audit *a, uint64_t from, uint64_t to, ct_error *err)
{
    char lo[24], hi[24];
    ct_rows *rows = NULL;
    snprintf(lo, sizeof lo, "%llu", (unsigned long long)from);
    snprintf(hi, sizeof hi, "%llu", (unsigned long long)to);
    const char *params[2] = {lo, hi};
    ct_rc rc = ct_exec(a->conn, &stmt_audit_nodes, 2, params, &rows, err);

    a->nnodes = 0;
    for (size_t r = 0; rc == CT_OK && r < ct_rows_count(rows) && a->nnodes < 2 * AUDIT_BATCH; r++) {
        a->node_level[a->nnodes] = (unsigned)atoi(ct_rows_get(rows, r, 0));
        a->node_index[a->nnodes] = strtoull(ct_rows_get(rows, r, 1), NULL, 10);
        if (hex_hash(ct_rows_get(rows, r, 2), a->node_hash[a->nnodes]))
            a->nnodes++;
    }
    ct_rows_free(rows);
    return rc;
}

/* One leaf of a batch: its event recomputed, pushed into the rebuilt tree. */
static void audit_leaf(audit *a, const ct_rows *rows, size_t r)
{
    uint64_t index = strtoull(ct_rows_get(rows, r, 0), NULL, 10), expected = a->frontier.size;
    long long event = strtoll(ct_rows_get(rows, r, 1), NULL, 10);
    long long claim = strtoll(ct_rows_get(rows, r, 2), NULL, 10);
    const char *canonical = ct_rows_get(rows, r, 4);
    ct_merkle_hash stored, computed;

    if (index != expected)
        return found(a, "leaf_missing", (int64_t)expected, 0, 0, 0,
                     "leaf %llu is missing: the tree goes from leaf %llu to leaf %llu",
                     (unsigned long long)expected, (unsigned long long)expected - 1,
                     (unsigned long long)index);
    if (canonical == NULL)
        return found(a, "event_missing", (int64_t)index, event, claim, 0,
                     "event %lld of claim %lld (leaf %llu) was deleted", event, claim,
                     (unsigned long long)index);
    if (!hex_hash(ct_rows_get(rows, r, 3), stored) ||
        !ct_merkle_leaf_hash(canonical, strlen(canonical), computed) ||
        memcmp(stored, computed, CT_MERKLE_HASH_SIZE) != 0)
        return found(a, "event_changed", (int64_t)index, event, claim, 0,
                     "event %lld of claim %lld (leaf %llu) was changed after it was recorded: "
                     "it no longer hashes to its leaf", event, claim, (unsigned long long)index);
    a->batch_events[index - a->batch_first] = event;
    a->batch_claims[index - a->batch_first] = claim;
    if (!ct_merkle_frontier_push(&a->frontier, computed, compare_node, a))
        found(a, "internal", (int64_t)index, event, claim, 0, "the tree cannot be rebuilt");
    check_checkpoints(a);
}

static ct_rc audit_leaves(audit *a, ct_error *err)
{
    char from[24], limit[16];
    ct_rc rc = CT_OK;
    bool more = true;

    snprintf(limit, sizeof limit, "%d", AUDIT_BATCH);
    check_checkpoints(a);                           /* checkpoints of the empty tree */
    while (rc == CT_OK && more && !a->problem) {
        ct_rows *rows = NULL;
        a->batch_first = a->frontier.size;
        snprintf(from, sizeof from, "%llu", (unsigned long long)a->batch_first);
        const char *params[2] = {from, limit};
        rc = ct_exec(a->conn, &stmt_audit_leaves, 2, params, &rows, err);
        size_t n = rc == CT_OK ? ct_rows_count(rows) : 0;
        if (rc == CT_OK)
            rc = load_nodes(a, a->batch_first, a->batch_first + n, err);
        for (size_t r = 0; rc == CT_OK && r < n && !a->problem; r++)
            audit_leaf(a, rows, r);
        more = n == AUDIT_BATCH;
        ct_rows_free(rows);
    }
    return rc;
}

/* Each checkpoint proved consistent with the next from the stored tree. */
static ct_rc audit_consistency(audit *a, ct_error *err)
{
    ct_rc rc = CT_OK;
    for (size_t i = 0; rc == CT_OK && !a->problem && i + 1 < a->ncheckpoints; i++) {
        const audit_checkpoint *c1 = &a->checkpoints[i], *c2 = &a->checkpoints[i + 1];
        char *json = NULL;
        if (c1->size == 0)
            continue;
        rc = ct_tlog_consistency(a->conn, c1->size, c2->size, &json, err);
        json_object *doc = rc == CT_OK ? ct_jparse(json) : NULL;
        json_object *arr = json_object_object_get(doc, "proof");
        ct_merkle_hash proof[CT_MERKLE_PROOF_MAX];
        size_t len = arr ? json_object_array_length(arr) : 0;
        for (size_t k = 0; k < len && k < CT_MERKLE_PROOF_MAX; k++)
            ct_base64_decode(json_object_get_string(json_object_array_get_idx(arr, k)),
                             proof[k], CT_MERKLE_HASH_SIZE);
        if (rc == CT_OK && !ct_merkle_verify_consistency(c1->size, c2->size, c1->root, c2->root,
                                                         proof, len))
            found(a, "checkpoint_inconsistent", -1, 0, 0, c2->id,
                  "checkpoint %lld cannot be proved consistent with checkpoint %lld",
                  c2->id, c1->id);
        json_object_put(doc);
        free(json);
    }
    return rc;
}

/* Every event has a leaf: one id range per statement, however large the
   timeline (one anti-join over ten million events would outlast
   statement_timeout_ms). */
static ct_rc audit_orphans(audit *a, ct_error *err)
{
    char from[24] = "0";
    ct_rc rc = CT_OK;
    _Static_assert(AUDIT_ID_RANGE == 100000, "stmt_audit_orphans's range");

    while (rc == CT_OK && !a->problem && from[0]) {
        ct_rows *rows = NULL, *claim = NULL;
        const char *params[1] = {from};
        rc = ct_exec(a->conn, &stmt_audit_orphans, 1, params, &rows, err);
        const char *orphan = rc == CT_OK ? ct_rows_get(rows, 0, 0) : NULL;
        const char *next = rc == CT_OK ? ct_rows_get(rows, 0, 1) : NULL;
        if (orphan) {
            const char *event_param[1] = {orphan};
            rc = ct_exec(a->conn, &stmt_event_claim, 1, event_param, &claim, err);
            long long event = strtoll(orphan, NULL, 10);
            long long claim_id = rc == CT_OK && ct_rows_count(claim) == 1
                               ? strtoll(ct_rows_get(claim, 0, 0), NULL, 10) : 0;
            found(a, "event_not_in_tree", -1, event, claim_id, 0,
                  "event %lld of claim %lld has no leaf: it was recorded with the tree's "
                  "trigger disabled", event, claim_id);
        }
        snprintf(from, sizeof from, "%s", next ? next : "");
        ct_rows_free(rows);
        ct_rows_free(claim);
    }
    return rc;
}

ct_rc ct_tlog_audit(ct_conn *conn, const ct_note_key *keys, size_t nkeys, char **json,
                    ct_error *err)
{
    audit *a = calloc(1, sizeof *a);
    char *pending = NULL;
    ct_rc rc = a ? CT_OK : no_memory(err);

    if (rc == CT_OK) {
        a->conn = conn;
        rc = load_checkpoints(a, keys, nkeys, err);
    }
    if (rc == CT_OK && !a->problem)
        rc = audit_leaves(a, err);
    if (rc == CT_OK && !a->problem && a->next_checkpoint < a->ncheckpoints) {
        const audit_checkpoint *c = &a->checkpoints[a->next_checkpoint];
        found(a, "checkpoint_beyond_tree", (int64_t)a->frontier.size, 0, 0, c->id,
              "checkpoint %lld was signed over %llu leaves but the tree has %llu: leaves were "
              "removed", c->id, (unsigned long long)c->size,
              (unsigned long long)a->frontier.size);
    }
    if (rc == CT_OK && !a->problem)
        rc = audit_consistency(a, err);
    if (rc == CT_OK && !a->problem)
        rc = audit_orphans(a, err);
    if (rc == CT_OK)
        rc = ct_exec_text(conn, &stmt_audit_pending, 0, NULL, "count", &pending, err);
    if (rc == CT_OK) {
        json_object *out = ct_jnew_object();
        ct_jset(out, "ok", ct_jnew_boolean(a->problem == NULL));
        ct_jset(out, "leaves_checked", ct_jnew_int64((int64_t)a->frontier.size));
        ct_jset(out, "checkpoints_checked", ct_jnew_int64((int64_t)a->next_checkpoint));
        ct_jset(out, "leaves_waiting", ct_jnew_int64(strtoll(pending, NULL, 10)));
        ct_jset(out, "problem", a->problem);
        a->problem = NULL;
        rc = take_json(out, json, err);
    }
    if (a) {
        json_object_put(a->problem);
        free(a->checkpoints);
    }
    free(pending);
    free(a);
    return rc;
}
