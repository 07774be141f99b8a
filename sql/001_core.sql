-- 001_core.sql -- claims, responses, mentions and the append-only timeline.
--
-- Applied by the plugin at open() inside one transaction, under an advisory
-- lock, and recorded in schema_migrations. Never edit a released migration:
-- add a new numbered file instead.

CREATE TABLE ct_claims (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text            text        NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    claimant_name   text        NOT NULL CHECK (length(claimant_name) BETWEEN 1 AND 200),
    claimant_role   text        CHECK (length(claimant_role) <= 200),
    venue           text        CHECK (length(venue) <= 500),
    said_at         timestamptz NOT NULL,
    language        text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    source_url      text        CHECK (source_url ~* '^https?://'),
    status          text        NOT NULL DEFAULT 'disputed' CHECK (status IN
                        ('disputed','under_review','rebutted','corrected',
                         'retracted','confirmed','dismissed')),
    rating          text        CHECK (length(rating) BETWEEN 1 AND 100),
    published       boolean     NOT NULL DEFAULT false,
    published_at    timestamptz,
    version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ct_claims_status_idx    ON ct_claims (status, created_at, id);
CREATE INDEX ct_claims_published_idx ON ct_claims (id) WHERE published;

CREATE TABLE ct_responses (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    bigint      NOT NULL REFERENCES ct_claims (id),
    kind        text        NOT NULL CHECK (kind IN ('rebuttal','correction','retraction',
                    'apology','clarification','confirmation','context')),
    by_name     text        NOT NULL CHECK (length(by_name) BETWEEN 1 AND 200),
    by_role     text        CHECK (length(by_role) <= 200),
    issued_at   timestamptz NOT NULL,
    summary     text        NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
    url         text        CHECK (url ~* '^https?://'),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ct_responses_claim_idx ON ct_responses (claim_id, issued_at, id);

CREATE TABLE ct_mentions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    bigint      NOT NULL REFERENCES ct_claims (id),
    article_id  text        NOT NULL CHECK (length(article_id) BETWEEN 1 AND 200),
    article_url text        CHECK (article_url ~* '^https?://'),
    quote_exact text        NOT NULL CHECK (length(quote_exact) BETWEEN 1 AND 2000),
    quote_prefix text       NOT NULL DEFAULT '' CHECK (length(quote_prefix) <= 200),
    quote_suffix text       NOT NULL DEFAULT '' CHECK (length(quote_suffix) <= 200),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ct_mentions_article_idx ON ct_mentions (article_id, claim_id);
CREATE INDEX ct_mentions_claim_idx   ON ct_mentions (claim_id);

-- The timeline: everything that happens to a claim. occurred_at is world
-- time (when the deputy spoke, when the police answered); recorded_at is
-- when claimtrack learned of it.
CREATE TABLE ct_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    bigint      NOT NULL REFERENCES ct_claims (id),
    type        text        NOT NULL CHECK (type IN ('claim_recorded','response_linked',
                    'mention_added','status_changed','rating_changed','published',
                    'unpublished','note_added')),
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id    text        NOT NULL,
    actor_role  text        NOT NULL,
    payload     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ct_events_claim_idx ON ct_events (claim_id, occurred_at, id);

-- The database, not the application, keeps the timeline append-only.
CREATE FUNCTION ct_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ct_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ct_events_no_update_delete
    BEFORE UPDATE OR DELETE ON ct_events
    FOR EACH ROW EXECUTE FUNCTION ct_events_append_only();
CREATE TRIGGER ct_events_no_truncate
    BEFORE TRUNCATE ON ct_events
    FOR EACH STATEMENT EXECUTE FUNCTION ct_events_append_only();
