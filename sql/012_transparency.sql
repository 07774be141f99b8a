-- 012_transparency.sql -- a timeline nobody can quietly rewrite.
--
-- ct_events refuses UPDATE and DELETE through triggers, but whoever may
-- disable a trigger (a superuser, a restored and edited dump) could still
-- rewrite what a moderator decided or when a rebuttal was linked. From this
-- migration on, the timeline is also a transparency log in the manner of
-- Certificate Transparency (RFC 6962):
--
--   * every event's canonical content (ct_event_canonical below) is hashed
--     as an RFC 6962 leaf, SHA-256(0x00 || content), in the same transaction
--     as the event (trigger ct_events_leaf): ct_tree_leaves;
--   * a sequencer (ct_tree_sequence, run by the plugin's "checkpoints" job
--     and before each checkpoint) numbers the leaves in the order it finds
--     them, oldest event first, and stores every complete subtree's hash,
--     SHA-256(0x01 || left || right): ct_tree_nodes. Writers never wait for
--     it: a write only adds its unnumbered leaf;
--   * checkpoints sign the tree head (size, root hash, time) with the
--     newsroom's Ed25519 key, in the C2SP tlog-checkpoint format:
--     ct_checkpoints. Outsiders keep copies (GET /checkpoints, webhook
--     checkpoint.signed).
--
-- A rewritten event then no longer hashes to its leaf, a rewritten leaf no
-- longer gives the signed root, and a rewritten tree cannot be proved
-- consistent with the roots outsiders kept. `claimtrack verify` recomputes
-- every leaf from the events with its own copy of the canonical form (it
-- does not trust ct_event_canonical, which an intruder could replace).
--
-- Events recorded before this migration are brought into the tree here, in
-- record order (id), without changing them.

-- The canonical content of an event, version 1: the jsonb text of an object
-- with exactly these keys, as PostgreSQL prints jsonb (keys shortest first,
-- keys of one length in byte order; ", " between members, ": " after keys;
-- strings escaped as JSON; numbers as numeric prints them):
--   id, type, payload, private, claim_id, occurred_at, recorded_at
-- payload is the event's payload without its "note" (readers never see
-- staff notes); timestamps are UTC, RFC 3339 with microseconds
-- ("2026-03-05T09:00:00.000000Z"). private is the hex SHA-256 of the jsonb
-- text of {"note", "salt", "actor_id", "actor_role"}: who did it and the
-- staff note, under 16 random bytes (salt, kept with the leaf) so that
-- readers, who are not shown them, cannot guess them from the digest, and
-- staff, who are, can check them. A changed actor or note changes the
-- digest and so the leaf. A time to_char cannot print apart from another
-- (before year 1, or infinite) is written as its epoch seconds instead
-- (ct_event_time), so no two times share a text. The proof of a claim (GET /claims/{id}/proof)
-- carries this text, so a reader hashes it and needs no PostgreSQL.
CREATE FUNCTION ct_event_private(e ct_events, salt bytea) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('note', e.payload -> 'note', 'salt', encode(salt, 'hex'),
                              'actor_id', e.actor_id, 'actor_role', e.actor_role)::text
$$;

CREATE FUNCTION ct_event_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN isfinite(t) AND t >= '0001-01-01 00:00:00+00'
                THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                ELSE extract(epoch FROM t)::text END
$$;

CREATE FUNCTION ct_event_canonical(e ct_events, salt bytea) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'id', e.id, 'type', e.type, 'payload', e.payload - 'note',
        'private', encode(sha256(convert_to(ct_event_private(e, salt), 'UTF8')), 'hex'),
        'claim_id', e.claim_id,
        'occurred_at', ct_event_time(e.occurred_at), 'recorded_at', ct_event_time(e.recorded_at))::text
$$;

-- RFC 6962's leaf hash of an event.
CREATE FUNCTION ct_event_leaf_hash(e ct_events, salt bytea) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256('\x00'::bytea || convert_to(ct_event_canonical(e, salt), 'UTF8'))
$$;

CREATE TABLE ct_tree_leaves (
    event_id   bigint NOT NULL,
    -- the event's claim, kept so a deleted event can still be named
    claim_id   bigint NOT NULL,
    salt       bytea  NOT NULL,
    leaf_hash  bytea  NOT NULL,
    -- the position in the tree; null until the sequencer numbers it
    leaf_index bigint,
    CONSTRAINT ct_tree_leaves_pkey PRIMARY KEY (event_id),
    CONSTRAINT ct_tree_leaves_event_ref FOREIGN KEY (event_id) REFERENCES ct_events (id),
    CONSTRAINT ct_tree_leaves_index_unique UNIQUE (leaf_index),
    CONSTRAINT ct_tree_leaves_hash_size CHECK (octet_length(leaf_hash) = 32),
    CONSTRAINT ct_tree_leaves_salt_size CHECK (octet_length(salt) = 16),
    CONSTRAINT ct_tree_leaves_index_nonnegative CHECK (leaf_index >= 0)
);
-- what the sequencer has still to number, oldest first
CREATE INDEX ct_tree_leaves_pending ON ct_tree_leaves (event_id) WHERE leaf_index IS NULL;

-- The hash of every complete subtree of 2^level leaves (level >= 1): node
-- (level, node_index) covers leaves node_index * 2^level up to
-- (node_index + 1) * 2^level - 1. Level 0 is ct_tree_leaves itself. Any
-- root or proof of any tree size is made of O(log n) of these rows.
CREATE TABLE ct_tree_nodes (
    level      smallint NOT NULL,
    node_index bigint   NOT NULL,
    hash       bytea    NOT NULL,
    CONSTRAINT ct_tree_nodes_pkey PRIMARY KEY (level, node_index),
    CONSTRAINT ct_tree_nodes_level_range CHECK (level BETWEEN 1 AND 62),
    CONSTRAINT ct_tree_nodes_index_nonnegative CHECK (node_index >= 0),
    CONSTRAINT ct_tree_nodes_hash_size CHECK (octet_length(hash) = 32)
);

CREATE TABLE ct_checkpoints (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    tree_size    bigint      NOT NULL,
    root_hash    bytea       NOT NULL,
    signed_at    timestamptz NOT NULL,
    origin       text        NOT NULL,
    -- the verifier key (C2SP signed-note text form) whose signature it bears
    verifier_key text        NOT NULL,
    -- the signed note exactly as signed: what outsiders keep and check
    note         text        NOT NULL,
    signed_by    text        NOT NULL,
    CONSTRAINT ct_checkpoints_pkey PRIMARY KEY (id),
    CONSTRAINT ct_checkpoints_size_nonnegative CHECK (tree_size >= 0),
    CONSTRAINT ct_checkpoints_hash_size CHECK (octet_length(root_hash) = 32),
    CONSTRAINT ct_checkpoints_origin_length CHECK (length(origin) BETWEEN 1 AND 255),
    CONSTRAINT ct_checkpoints_note_length CHECK (octet_length(note) <= 8192),
    CONSTRAINT ct_checkpoints_signed_by_length CHECK (length(signed_by) BETWEEN 1 AND 200)
);
CREATE INDEX ct_checkpoints_size_idx ON ct_checkpoints (tree_size, id);

-- Leaves are written once and numbered once; nodes and checkpoints are
-- written once. (A superuser can still disable these triggers: that is what
-- the hashes and signatures are for.)
CREATE FUNCTION ct_tree_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'ct_tree_leaves'
       AND OLD.leaf_index IS NULL AND NEW.leaf_index IS NOT NULL
       AND NEW.event_id = OLD.event_id AND NEW.leaf_hash = OLD.leaf_hash
       AND NEW.salt = OLD.salt AND NEW.claim_id = OLD.claim_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ct_tree_leaves_append_only BEFORE UPDATE OR DELETE ON ct_tree_leaves
    FOR EACH ROW EXECUTE FUNCTION ct_tree_append_only();
CREATE TRIGGER ct_tree_nodes_append_only BEFORE UPDATE OR DELETE ON ct_tree_nodes
    FOR EACH ROW EXECUTE FUNCTION ct_tree_append_only();
CREATE TRIGGER ct_checkpoints_append_only BEFORE UPDATE OR DELETE ON ct_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ct_tree_append_only();
CREATE TRIGGER ct_tree_leaves_no_truncate BEFORE TRUNCATE ON ct_tree_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION ct_tree_append_only();
CREATE TRIGGER ct_tree_nodes_no_truncate BEFORE TRUNCATE ON ct_tree_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION ct_tree_append_only();
CREATE TRIGGER ct_checkpoints_no_truncate BEFORE TRUNCATE ON ct_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ct_tree_append_only();

-- Every event's leaf, in the event's own transaction: one statement per
-- statement of events, whatever its number of rows.
CREATE FUNCTION ct_events_leaf() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ct_tree_leaves (event_id, claim_id, salt, leaf_hash)
    SELECT (x.e).id, (x.e).claim_id, x.salt, ct_event_leaf_hash(x.e, x.salt)
      FROM (SELECT n::ct_events AS e, uuid_send(gen_random_uuid()) AS salt
              FROM ct_events_new n) x;
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_events_leaf AFTER INSERT ON ct_events
    REFERENCING NEW TABLE AS ct_events_new
    FOR EACH STATEMENT EXECUTE FUNCTION ct_events_leaf();

-- Store the subtrees that leaves old_size to new_size - 1 complete: node
-- (L, j) is new when old_size < (j + 1) * 2^L <= new_size. Every child
-- must be there; a missing one is an error here, not a hole found later.
CREATE FUNCTION ct_tree_build(old_size bigint, new_size bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    lvl   integer := 1;
    lo    bigint;
    hi    bigint;
    built bigint;
BEGIN
    WHILE new_size > old_size AND (1::bigint << lvl) <= new_size LOOP
        lo := old_size >> lvl;
        hi := (new_size >> lvl) - 1;
        IF lo <= hi AND lvl = 1 THEN
            INSERT INTO ct_tree_nodes (level, node_index, hash)
            SELECT 1, j, sha256('\x01'::bytea || a.leaf_hash || b.leaf_hash)
              FROM generate_series(lo, hi) AS j
              JOIN ct_tree_leaves a ON a.leaf_index = 2 * j
              JOIN ct_tree_leaves b ON b.leaf_index = 2 * j + 1;
        ELSIF lo <= hi THEN
            INSERT INTO ct_tree_nodes (level, node_index, hash)
            SELECT lvl, j, sha256('\x01'::bytea || a.hash || b.hash)
              FROM generate_series(lo, hi) AS j
              JOIN ct_tree_nodes a ON a.level = lvl - 1 AND a.node_index = 2 * j
              JOIN ct_tree_nodes b ON b.level = lvl - 1 AND b.node_index = 2 * j + 1;
        END IF;
        GET DIAGNOSTICS built = ROW_COUNT;
        IF lo <= hi AND built <> hi - lo + 1 THEN
            RAISE EXCEPTION 'the tree lacks a subtree below level % between nodes % and %', lvl, lo, hi
                USING ERRCODE = 'data_corrupted';
        END IF;
        lvl := lvl + 1;
    END LOOP;
END
$$;

-- Number the waiting leaves (at most batch of them, oldest event first;
-- null: all) after the tree's last, and store the subtrees they complete.
-- One sequencer at a time per schema (a transaction-scoped advisory lock
-- keyed by the table's oid); writers never take it. Returns the tree's
-- size when the lock was taken and after.
CREATE FUNCTION ct_tree_sequence(batch integer, OUT old_size bigint, OUT new_size bigint)
LANGUAGE plpgsql AS $$
DECLARE
    added bigint;
BEGIN
    PERFORM pg_advisory_xact_lock('ct_tree_leaves'::regclass::oid::bigint);
    SELECT COALESCE(max(leaf_index) + 1, 0) INTO old_size FROM ct_tree_leaves;
    WITH pending AS (
        SELECT event_id FROM ct_tree_leaves WHERE leaf_index IS NULL
         ORDER BY event_id LIMIT batch
    ), numbered AS (
        SELECT event_id, old_size - 1 + row_number() OVER (ORDER BY event_id) AS i FROM pending
    )
    UPDATE ct_tree_leaves l SET leaf_index = numbered.i
      FROM numbered WHERE l.event_id = numbered.event_id;
    GET DIAGNOSTICS added = ROW_COUNT;
    new_size := old_size + added;
    PERFORM ct_tree_build(old_size, new_size);
END
$$;

-- The events already recorded, in record order, unchanged.
-- Numbered as they are written (each row written once), then the subtrees.
INSERT INTO ct_tree_leaves (event_id, claim_id, salt, leaf_hash, leaf_index)
SELECT (x.e).id, (x.e).claim_id, x.salt, ct_event_leaf_hash(x.e, x.salt),
       row_number() OVER (ORDER BY (x.e).id) - 1
  FROM (SELECT e AS e, uuid_send(gen_random_uuid()) AS salt FROM ct_events e) x;
SELECT ct_tree_build(0, (SELECT count(*) FROM ct_tree_leaves));

-- ---- checkpoint.signed in the webhook stream ----------------------------------

ALTER TABLE ct_outbox
    ALTER COLUMN event_id DROP NOT NULL,
    ALTER COLUMN claim_id DROP NOT NULL,
    ADD COLUMN checkpoint_id bigint,
    ADD CONSTRAINT ct_outbox_checkpoint_ref FOREIGN KEY (checkpoint_id) REFERENCES ct_checkpoints (id),
    -- a delivery is of one timeline event (of its claim) or of one checkpoint
    ADD CONSTRAINT ct_outbox_one_source CHECK (
        (event_id IS NOT NULL AND claim_id IS NOT NULL AND checkpoint_id IS NULL)
        OR (event_id IS NULL AND claim_id IS NULL AND checkpoint_id IS NOT NULL)),
    DROP CONSTRAINT ct_outbox_type_known,
    ADD CONSTRAINT ct_outbox_type_known CHECK (type IN (
        'claim.recorded', 'response.linked', 'claim.status_changed', 'claim.verdict_changed',
        'claim.published', 'claim.unpublished', 'evidence.archived', 'checkpoint.signed'));

ALTER TABLE ct_subscriptions
    DROP CONSTRAINT ct_subscriptions_events_known,
    ADD CONSTRAINT ct_subscriptions_events_known CHECK (
        cardinality(events) BETWEEN 1 AND 9
        AND events <@ ARRAY['*', 'claim.recorded', 'response.linked', 'claim.status_changed',
                            'claim.verdict_changed', 'claim.published', 'claim.unpublished',
                            'evidence.archived', 'checkpoint.signed']);

CREATE FUNCTION ct_checkpoints_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ct_outbox (checkpoint_id, type, url, subscription_id)
    SELECT NEW.id, 'checkpoint.signed', s.url, s.id
      FROM ct_subscriptions s
     WHERE s.active AND ('*' = ANY (s.events) OR 'checkpoint.signed' = ANY (s.events));
    IF FOUND THEN
        PERFORM pg_notify('ct_outbound', 'webhook');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_checkpoints_outbox AFTER INSERT ON ct_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ct_checkpoints_outbox();

COMMENT ON FUNCTION ct_event_canonical(ct_events, bytea) IS
    'The canonical content of a timeline event (version 1): the jsonb text of {id, type, payload (without note), private (SHA-256 of actor, role, note and salt), claim_id, occurred_at, recorded_at}, timestamps UTC RFC 3339 with microseconds. Its RFC 6962 leaf hash is the event''s place in the tree.';
COMMENT ON TABLE ct_tree_leaves IS
    'One RFC 6962 leaf per timeline event: SHA-256(0x00 || ct_event_canonical(event)), written in the event''s transaction; leaf_index is its position in the tree, set once by ct_tree_sequence.';
COMMENT ON COLUMN ct_tree_leaves.salt IS '16 random bytes under which the event''s actor and note are digested (ct_event_private).';
COMMENT ON COLUMN ct_tree_leaves.leaf_index IS 'Position in the tree (from 0), or null while the sequencer has not numbered it.';
COMMENT ON TABLE ct_tree_nodes IS
    'RFC 6962 interior node hashes of every complete subtree: (level, node_index) covers leaves node_index*2^level to (node_index+1)*2^level-1.';
COMMENT ON TABLE ct_checkpoints IS
    'Signed tree heads: C2SP tlog-checkpoint notes (origin, size, base64 root, time) signed with the newsroom''s Ed25519 key (configuration checkpoint_key). Published at GET /checkpoints and as webhook checkpoint.signed.';
COMMENT ON COLUMN ct_checkpoints.note IS 'The signed note exactly as signed: its text and signature line.';
COMMENT ON COLUMN ct_checkpoints.verifier_key IS 'The verifier key (name+hash+base64) that checks the signature.';
COMMENT ON COLUMN ct_outbox.checkpoint_id IS 'The checkpoint a checkpoint.signed delivery is of (event_id and claim_id are then null).';
