-- 003_outbound.sql -- archived evidence and the webhook outbox.
--
-- Both queues are filled by triggers in the same transaction as the change
-- that causes them, so a queued fetch or delivery exists if and only if the
-- change does. Workers take rows with FOR UPDATE SKIP LOCKED and a lease,
-- so workers on several hosts sharing the database never take the same
-- attempt twice, and a crashed worker's lease simply runs out.

ALTER TABLE ct_events DROP CONSTRAINT ct_events_type_check;
ALTER TABLE ct_events ADD CONSTRAINT ct_events_type_check CHECK (type IN (
    'claim_recorded', 'response_linked', 'mention_added', 'status_changed',
    'rating_changed', 'published', 'unpublished', 'note_added',
    'mention_orphaned', 'mention_recovered', 'claim_imported',
    'evidence_archived', 'evidence_failed'));

-- A snapshot of a source linked to a claim or a response.
CREATE TABLE ct_evidence (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id        bigint      NOT NULL REFERENCES ct_claims (id),
    response_id     bigint      REFERENCES ct_responses (id),
    url             text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'archived', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    http_status     integer,
    final_url       text,
    content_type    text,
    title           text,
    size            bigint,
    sha256          text,
    truncated       boolean     NOT NULL DEFAULT false,
    body            bytea,
    fetched_at      timestamptz,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ct_evidence_due_idx ON ct_evidence (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX ct_evidence_claim_idx ON ct_evidence (claim_id, id);

CREATE FUNCTION ct_evidence_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'ct_claims' THEN
        INSERT INTO ct_evidence (claim_id, url) VALUES (NEW.id, NEW.source_url);
    ELSE
        INSERT INTO ct_evidence (claim_id, response_id, url) VALUES (NEW.claim_id, NEW.id, NEW.url);
    END IF;
    PERFORM pg_notify('ct_outbound', 'evidence');
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_claims_evidence AFTER INSERT ON ct_claims
    FOR EACH ROW WHEN (NEW.source_url IS NOT NULL) EXECUTE FUNCTION ct_evidence_enqueue();
CREATE TRIGGER ct_responses_evidence AFTER INSERT ON ct_responses
    FOR EACH ROW WHEN (NEW.url IS NOT NULL) EXECUTE FUNCTION ct_evidence_enqueue();

-- One row per event and webhook. The webhooks (url and events, never the
-- secret) come from the plugin's configuration through the session setting
-- claimtrack.webhooks, set on every connection the plugin opens.
CREATE TABLE ct_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES ct_events (id),
    claim_id        bigint      NOT NULL,
    type            text        NOT NULL,
    url             text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    retry_from      timestamptz NOT NULL DEFAULT now(),   -- a redelivery restarts the window
    delivered_at    timestamptz
);
CREATE INDEX ct_outbox_due_idx ON ct_outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX ct_outbox_order_idx ON ct_outbox (claim_id, id) WHERE status = 'pending';
CREATE INDEX ct_outbox_status_idx ON ct_outbox (status, id);

CREATE FUNCTION ct_outbox_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    hooks jsonb := COALESCE(NULLIF(current_setting('claimtrack.webhooks', true), ''), '[]')::jsonb;
    name  text  := CASE NEW.type
                       WHEN 'claim_recorded'    THEN 'claim.recorded'
                       WHEN 'response_linked'   THEN 'response.linked'
                       WHEN 'status_changed'    THEN 'claim.status_changed'
                       WHEN 'rating_changed'    THEN 'claim.verdict_changed'
                       WHEN 'published'         THEN 'claim.published'
                       WHEN 'unpublished'       THEN 'claim.unpublished'
                       WHEN 'evidence_archived' THEN 'evidence.archived'
                   END;
BEGIN
    IF name IS NULL OR jsonb_array_length(hooks) = 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO ct_outbox (event_id, claim_id, type, url)
    SELECT NEW.id, NEW.claim_id, name, h->>'url'
      FROM jsonb_array_elements(hooks) AS h
     WHERE (h->'events') ? '*' OR (h->'events') ? name;
    IF FOUND THEN
        PERFORM pg_notify('ct_outbound', 'webhook');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_events_outbox AFTER INSERT ON ct_events
    FOR EACH ROW EXECUTE FUNCTION ct_outbox_enqueue();
