-- 009_idempotency.sql -- writes that can be sent again safely.
--
-- A client that lost the answer to a write (a timeout, a 503 commit_unknown,
-- a crashed CMS worker) sends it again with the same Idempotency-Key (the
-- envelope's "headers", after Stripe and the IETF draft
-- draft-ietf-httpapi-idempotency-key-header). The first request's answer is
-- kept here, in the same transaction as the write it answers, so that the
-- key exists if and only if the write does; a second request with the key
-- gets that answer again and writes nothing. Keys belong to an actor and
-- are kept 24 hours.
CREATE TABLE ct_idempotency (
    actor_id     text        NOT NULL,
    key          text        NOT NULL,
    -- SHA-256 of the method, path, query and body: the same key for another
    -- request is refused (422 idempotency_key_reused)
    fingerprint  text        NOT NULL,
    status       integer,
    content_type text,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ct_idempotency_pkey PRIMARY KEY (actor_id, key),
    CONSTRAINT ct_idempotency_key_length CHECK (length(key) BETWEEN 1 AND 255),
    CONSTRAINT ct_idempotency_actor_length CHECK (length(actor_id) BETWEEN 1 AND 200)
);
CREATE INDEX ct_idempotency_created_idx ON ct_idempotency (created_at);

COMMENT ON TABLE ct_idempotency IS
    'The answers of writes sent with an Idempotency-Key, per actor, kept 24 hours: written in the same transaction as the write (src/door/idempotency.c).';
