-- 008_subscriptions.sql -- webhook subscriptions kept in the database, and
-- their secrets kept sealed.
--
-- Until now the webhooks lived in each host process's open() configuration
-- and reached the outbox trigger through a session variable: a change made
-- through a process opened without them (the command-line host, a cron job,
-- another CMS server) was delivered nowhere. The trigger now reads
-- ct_subscriptions, so every change made by any process on this database
-- queues its deliveries; a process whose workers run and that holds the
-- secrets key (open()'s "secrets_key") delivers them.
--
-- Secrets: Standard Webhooks signs with HMAC-SHA256, which needs the secret
-- itself, so it cannot be stored as a hash. Each is stored sealed with
-- AES-256-GCM under the secrets key, which lives in the hosts'
-- configuration and never in the database: a read-only database user, a
-- backup or a leaked dump holds only ciphertext. A rotation keeps the
-- previous secret until its expires_at, and deliveries carry a signature
-- with every secret still valid (the specification allows several).

CREATE TABLE ct_subscriptions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url           text        NOT NULL,
    -- event names (ct_webhook_events in src/jobs/webhooks.c), or '*' for all
    events        text[]      NOT NULL,
    description   text,
    -- the destination may be loopback or private (an operator's own cache
    -- purger or relay); URLs that editors type never may
    allow_private boolean     NOT NULL DEFAULT false,
    active        boolean     NOT NULL DEFAULT true,
    -- imported from the "webhooks" configuration key: its deliveries also
    -- carry the Claimtrack-* headers of earlier releases
    legacy        boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- its receiver's last failure, kept by the delivery worker (the last
    -- delivery is read from ct_outbox)
    last_error       text,
    last_error_at    timestamptz,
    CONSTRAINT ct_subscriptions_url_http CHECK (url ~* '^https?://'),
    CONSTRAINT ct_subscriptions_url_length CHECK (octet_length(url) <= 2048),
    CONSTRAINT ct_subscriptions_events_known CHECK (
        cardinality(events) BETWEEN 1 AND 8
        AND events <@ ARRAY['*', 'claim.recorded', 'response.linked', 'claim.status_changed',
                            'claim.verdict_changed', 'claim.published', 'claim.unpublished',
                            'evidence.archived']),
    CONSTRAINT ct_subscriptions_description_length CHECK (length(description) <= 500),
    CONSTRAINT ct_subscriptions_created_by_length CHECK (length(created_by) BETWEEN 1 AND 200)
);
-- one imported subscription per configured url
CREATE UNIQUE INDEX ct_subscriptions_legacy_url ON ct_subscriptions (url) WHERE legacy;

CREATE TABLE ct_subscription_secrets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL,
    -- nonce (12 bytes) || AES-256-GCM ciphertext of the key bytes || tag (16 bytes)
    sealed          bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- null: the current secret; else the end of a rotation's overlap
    expires_at      timestamptz,
    CONSTRAINT ct_subscription_secrets_subscription_ref FOREIGN KEY (subscription_id)
        REFERENCES ct_subscriptions (id) ON DELETE CASCADE,
    CONSTRAINT ct_subscription_secrets_sealed_length CHECK (octet_length(sealed) BETWEEN 29 AND 1052)
);
CREATE UNIQUE INDEX ct_subscription_secrets_one_current
    ON ct_subscription_secrets (subscription_id) WHERE expires_at IS NULL;
CREATE INDEX ct_subscription_secrets_subscription ON ct_subscription_secrets (subscription_id, id);

-- Deliveries belong to a subscription. Rows queued before this migration
-- carry only the url; the import of the configured webhooks at open() links
-- them to their subscription (src/domain/subscriptions.c).
ALTER TABLE ct_outbox ADD COLUMN subscription_id bigint,
    ADD CONSTRAINT ct_outbox_subscription_ref FOREIGN KEY (subscription_id)
        REFERENCES ct_subscriptions (id) ON DELETE CASCADE;
CREATE INDEX ct_outbox_subscription_idx ON ct_outbox (subscription_id, status, id);
-- per claim and subscription, an event waits while an earlier one is pending
-- (src/jobs/webhooks.c): the ordering check looks up exactly this
DROP INDEX ct_outbox_order_idx;
CREATE INDEX ct_outbox_order_idx ON ct_outbox (claim_id, subscription_id, id) WHERE status = 'pending';

CREATE OR REPLACE FUNCTION ct_outbox_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    name text := CASE NEW.type
                     WHEN 'claim_recorded'    THEN 'claim.recorded'
                     WHEN 'response_linked'   THEN 'response.linked'
                     WHEN 'status_changed'    THEN 'claim.status_changed'
                     WHEN 'rating_changed'    THEN 'claim.verdict_changed'
                     WHEN 'published'         THEN 'claim.published'
                     WHEN 'unpublished'       THEN 'claim.unpublished'
                     WHEN 'evidence_archived' THEN 'evidence.archived'
                 END;
BEGIN
    IF name IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO ct_outbox (event_id, claim_id, type, url, subscription_id)
    SELECT NEW.id, NEW.claim_id, name, s.url, s.id
      FROM ct_subscriptions s
     WHERE s.active AND ('*' = ANY (s.events) OR name = ANY (s.events));
    IF FOUND THEN
        PERFORM pg_notify('ct_outbound', 'webhook');
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON TABLE ct_subscriptions IS
    'Webhook subscriptions: where the events of the timeline are posted (Standard Webhooks), which events, and whether the destination may be private. Managed by admins through /subscriptions; the outbox trigger reads it, so every process on the database queues deliveries.';
COMMENT ON COLUMN ct_subscriptions.events IS 'Event names (claim.recorded, claim.published, ...) or ''*'' for all.';
COMMENT ON COLUMN ct_subscriptions.allow_private IS 'The destination may be loopback or private: set by an admin for the operator''s own receivers.';
COMMENT ON COLUMN ct_subscriptions.legacy IS 'Imported from the "webhooks" configuration key; deliveries also carry the Claimtrack-* headers.';
COMMENT ON TABLE ct_subscription_secrets IS
    'Signing secrets of subscriptions, sealed with AES-256-GCM under the hosts'' secrets_key (never stored here). One current secret per subscription (expires_at null); a rotation keeps the previous one until expires_at.';
COMMENT ON COLUMN ct_outbox.subscription_id IS 'The subscription the delivery is for.';
