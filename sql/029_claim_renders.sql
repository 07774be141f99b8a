-- 029_claim_renders.sql -- a claim as GET /claims/{id} answers it, kept
-- ready-made like the notices (027), and the versions that say whether a
-- kept one is still true.
--
-- A claim's JSON (src/domain/claim_json.h) is built with its responses and
-- their archived sources, its mentions and its evidence: three sub-plans
-- and a JSON object per row, which held a claim read to about 0.45 of
-- pgbench's select-only rate however the C around it was written (the
-- statement alone, run by pgbench itself, measured 0.43-0.52). Readers
-- and the pages that link a claim ask for it far more often than the desk
-- changes it, so the answer is kept: one row per claim and variant (the
-- caller's role, staff or reader, and the build's composition:
-- src/domain/claims.c; the time zone is part of the key, read in SQL),
-- read by its primary key while nothing it was made from changed.
--
-- Every change that could alter a claim's JSON gives that claim a new
-- version in ct_claim_versions, drawn from 027's sequence, in the writer's
-- transaction, by the same statement triggers that renew the articles'
-- notice versions (027, 028), which now do both:
--   - the claim's row changed in anything but its match_* columns (the
--     comparison form, which the JSON does not show; review_requested_at
--     counts here, unlike for notices: staff are shown it), or deleted;
--   - a response, an archived source or a mention of the claim inserted,
--     changed or deleted;
--   - the rating scale changed or any of these tables truncated: the
--     desk's version in ct_notice_versions, which every kept claim also
--     names, as every kept notice does.
-- As for notices, the versions are read in the same snapshot as the facts
-- and compared for equality, so an answer composed before a change
-- committed is never served after it, even when stored afterwards; a
-- claim without a version row is at version 0 (claims are numbered by a
-- sequence, so a deleted claim's number never returns).
--
-- ct_claim_renders is UNLOGGED, like ct_notice_renders: a cache, emptied
-- after a crash, never sent to standbys (readers there compose), safe to
-- TRUNCATE at any time. A change made with session_replication_role =
-- replica fires no trigger: empty it (and ct_notice_renders) after one.

CREATE TABLE ct_claim_versions (
    claim_id bigint PRIMARY KEY,
    version  bigint NOT NULL CONSTRAINT ct_claim_versions_version_drawn CHECK (version > 0)
);

COMMENT ON TABLE ct_claim_versions IS
    'The version of each claim''s JSON (GET /claims/{id}): a new number of ct_notice_version_seq whenever it may have changed, written by the triggers of sql/027 in the writer''s transaction (sql/029). A claim without a row is at version 0.';

CREATE UNLOGGED TABLE ct_claim_renders (
    claim_id      bigint NOT NULL,
    variant       text   NOT NULL,     -- claims.c: role and composition, then '@' and the time zone
    version       bigint NOT NULL,     -- the claim's version the body was composed at
    desk_version  bigint NOT NULL,     -- the desk's version (ct_notice_versions '') at the time
    body          text   NOT NULL,
    PRIMARY KEY (claim_id, variant)
);

COMMENT ON TABLE ct_claim_renders IS
    'Claims as GET /claims/{id} answers them, kept ready-made (src/domain/claims.c): served only while version and desk_version are ct_claim_versions'' and ct_notice_versions'' current ones. A cache: UNLOGGED, emptied after a crash, safe to TRUNCATE at any time.';

-- The four functions of 027 (ct_notices_claims_changed as 028 left it),
-- each now renewing the claims' versions first, then the articles'. Two
-- statements in one function rather than a second trigger: a trigger's
-- call, with its transition tables, costs a write more than the statement.
-- Claims are taken in order of id, articles in order of article_id, so
-- two writers never wait on each other's rows in opposite orders.

CREATE OR REPLACE FUNCTION ct_notices_claims_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    unseen CONSTANT text[] := ARRAY['match_text', 'match_terms', 'match_keys', 'match_content',
                                    'match_version', 'review_requested_at'];
    unshown CONSTANT text[] := ARRAY['match_text', 'match_terms', 'match_keys', 'match_content',
                                     'match_version'];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.id, nextval('ct_notice_version_seq')
          FROM (SELECT n.id FROM new_rows n
                 WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                                      AND to_jsonb(o) - unshown = to_jsonb(n) - unshown)
                UNION
                SELECT o.id FROM old_rows o
                 WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                                      AND to_jsonb(o) - unshown = to_jsonb(n) - unshown)) c
         ORDER BY c.id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (
                       SELECT n.id FROM new_rows n
                        WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                                             AND to_jsonb(o) - unseen = to_jsonb(n) - unseen)
                       UNION
                       SELECT o.id FROM old_rows o
                        WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                                             AND to_jsonb(o) - unseen = to_jsonb(n) - unseen))) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSE
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT o.id FROM old_rows o) c
         ORDER BY c.id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT id FROM old_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$;

-- ct_responses and ct_evidence: their rows name their claim.
CREATE OR REPLACE FUNCTION ct_notices_claim_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT n.claim_id FROM new_rows n) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT n.claim_id FROM new_rows n UNION SELECT o.claim_id FROM old_rows o) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows
                                      UNION SELECT claim_id FROM old_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSE
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT o.claim_id FROM old_rows o) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM old_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$;

-- ct_mentions: a claim's JSON lists its mentions, so their claims change
-- too (a mention moved to another claim: both).
CREATE OR REPLACE FUNCTION ct_notices_mentions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT n.claim_id FROM new_rows n) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT n.claim_id FROM new_rows n UNION SELECT o.claim_id FROM old_rows o) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows
                                      UNION SELECT claim_id FROM old_rows)
                UNION
                SELECT o.article_id FROM old_rows o) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSE
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.claim_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT o.claim_id FROM old_rows o) c
         ORDER BY c.claim_id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM old_rows)
                UNION
                SELECT o.article_id FROM old_rows o) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ct_notices_claims_changed() IS
    'Statement trigger of ct_claims: renews the version of every claim changed in anything but its match_* columns (sql/029), and the notices'' version of every article that mentions a claim changed in anything but those and review_requested_at (sql/027, sql/028).';
COMMENT ON FUNCTION ct_notices_claim_rows_changed() IS
    'Statement trigger of ct_responses and ct_evidence: renews the version of their claims (sql/029) and the notices'' version of every article that mentions them (sql/027).';
COMMENT ON FUNCTION ct_notices_mentions_changed() IS
    'Statement trigger of ct_mentions: renews the version of their claims (sql/029), and the notices'' version of the mentions'' articles and of every article that mentions their claims (sql/027).';
