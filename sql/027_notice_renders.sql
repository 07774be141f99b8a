-- 027_notice_renders.sql -- readers' notices kept ready-made, and the
-- versions that say whether a kept one is still true.
--
-- Composing an article's notices (src/render/notices.c) builds the JSON of
-- every claim the article mentions, with its responses, sources and
-- ratings: about ten sub-plans per claim, the most a page view costs. A
-- page is viewed thousands of times between two changes of its notices,
-- and every process of a host (each PHP worker of a CMS) has its own
-- in-process cache (010), so the database keeps the answer too: one row
-- per article and variant (the format, the language asked, the desk's
-- settings and the composition's own revision: notices.c), read by its
-- primary key.
--
-- A kept answer is served only while nothing it was made from changed.
-- Every change that could alter an article's notices gives that article a
-- new version in ct_notice_versions (a new number of a sequence), in the
-- writer's transaction:
--   - a mention added, edited or removed: its own article, and every
--     article that mentions the same claim (a notice lists where else the
--     claim appears);
--   - a claim, a response or an archived source changed: every article
--     that mentions the claim;
--   - the rating scale changed, or any of these tables truncated: the
--     desk's version (article_id ''), which every kept answer also names.
-- An answer is composed in one statement, which reads the versions in the
-- same snapshot as the facts, and is kept with them; it is served only
-- while both are still the current ones (equal, not merely newer). Two
-- writers of one article write its version row one after the other, so a
-- snapshot that sees the second sees the first: an answer composed before
-- a change committed carries a version the article no longer has, and is
-- never served after it, even when it is stored after the change (a
-- reader that raced the writer).

-- ct_notice_renders is UNLOGGED: it is a cache, rebuilt by readers on
-- demand. PostgreSQL empties it after a crash and never sends it to
-- standbys (readers reading there compose, src/door/replicas.h). Emptying
-- it at any time (TRUNCATE) is safe. It holds one row per article and
-- variant that readers asked for; a row goes stale when its article
-- changes and is overwritten by the next reader's answer.
--
-- Statement-level triggers with transition tables: a COPY or an UPDATE of
-- many rows gives each article one new version, in one statement, with the articles
-- taken in order so that two writers never wait on each other's rows in
-- opposite orders. Loads made with session_replication_role = replica
-- (bench/bench_data.c) fire no trigger: empty ct_notice_renders after one.

-- Versions are drawn from a sequence, never counted up from 1, so an
-- article whose row was deleted (by hand: nothing here deletes one) never
-- comes back to a version an old answer was kept with.
CREATE SEQUENCE ct_notice_version_seq;

CREATE TABLE ct_notice_versions (
    article_id text   PRIMARY KEY,     -- '' : the whole desk
    version    bigint NOT NULL CONSTRAINT ct_notice_versions_version_drawn CHECK (version > 0)
);

COMMENT ON TABLE ct_notice_versions IS
    'The version of each article''s notices (article_id '''': the desk''s, for the rating scale): a new number of ct_notice_version_seq whenever they may have changed, written by triggers in the writer''s transaction (sql/027). An article without a row is at version 0. Read with the facts by the statement that composes notices (src/render/notices.c).';

CREATE UNLOGGED TABLE ct_notice_renders (
    article_id    text   NOT NULL,
    variant       text   NOT NULL,     -- notices.c: format, language asked, settings, revision
    version       bigint NOT NULL,     -- the article's version the body was composed at
    desk_version  bigint NOT NULL,     -- the desk's version the body was composed at
    body          text   NOT NULL,
    PRIMARY KEY (article_id, variant)
);

COMMENT ON TABLE ct_notice_renders IS
    'Readers'' notices kept ready-made (src/render/notices.c): served only while version and desk_version are ct_notice_versions'' current ones. A cache: UNLOGGED, emptied after a crash, safe to TRUNCATE at any time.';

-- Each trigger function gives, in one statement, a new version to every
-- article that mentions one of the claims its rows name, once each and in
-- order, with a new number from the sequence. The statement is written out
-- in each rather than called as a shared function: the call, with its
-- arrays, doubled what the trigger cost a write (measured: a response's
-- INSERT at 0.5 of its rate without the trigger, against 0.75 flat).

-- ct_claims: its rows are the claims. A claim being made is in no
-- article yet (a mention names it after), so only updates and deletes.
CREATE FUNCTION ct_notices_claims_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT id FROM new_rows UNION SELECT id FROM old_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSE
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
CREATE FUNCTION ct_notices_claim_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows
                                      UNION SELECT claim_id FROM old_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSE
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

-- ct_mentions: their rows name their claim and their article. A notice
-- lists where else its claim appears, so every article that mentions the
-- claim changes; a mention moved or removed also changes the article it
-- was in, which may no longer mention the claim at all.
CREATE FUNCTION ct_notices_mentions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (SELECT claim_id FROM new_rows)) a
         ORDER BY a.article_id
        ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    ELSIF TG_OP = 'UPDATE' THEN
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

-- The rating scale, and any TRUNCATE: every article's notices.
CREATE FUNCTION ct_notices_desk_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ct_notice_versions AS v (article_id, version)
    VALUES ('', nextval('ct_notice_version_seq'))
    ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ct_notices_claims_changed() IS
    'Statement trigger of ct_claims: renews the notices'' version of every article that mentions a claim changed (sql/027).';
COMMENT ON FUNCTION ct_notices_claim_rows_changed() IS
    'Statement trigger of ct_responses and ct_evidence: renews the notices'' version of every article that mentions their claims (sql/027).';
COMMENT ON FUNCTION ct_notices_mentions_changed() IS
    'Statement trigger of ct_mentions: renews the notices'' version of the mentions'' articles and of every article that mentions their claims (sql/027).';
COMMENT ON FUNCTION ct_notices_desk_changed() IS
    'Statement trigger of ct_ratings, and of TRUNCATE on every table notices are made from: renews the desk''s notices'' version (sql/027).';

-- PostgreSQL allows transition tables on triggers of one event only.
CREATE TRIGGER ct_claims_notices_update AFTER UPDATE ON ct_claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claims_changed();
CREATE TRIGGER ct_claims_notices_delete AFTER DELETE ON ct_claims
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claims_changed();

CREATE TRIGGER ct_responses_notices_insert AFTER INSERT ON ct_responses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();
CREATE TRIGGER ct_responses_notices_update AFTER UPDATE ON ct_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();
CREATE TRIGGER ct_responses_notices_delete AFTER DELETE ON ct_responses
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();

CREATE TRIGGER ct_evidence_notices_insert AFTER INSERT ON ct_evidence
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();
CREATE TRIGGER ct_evidence_notices_update AFTER UPDATE ON ct_evidence
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();
CREATE TRIGGER ct_evidence_notices_delete AFTER DELETE ON ct_evidence
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_claim_rows_changed();

CREATE TRIGGER ct_mentions_notices_insert AFTER INSERT ON ct_mentions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_mentions_changed();
CREATE TRIGGER ct_mentions_notices_update AFTER UPDATE ON ct_mentions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_mentions_changed();
CREATE TRIGGER ct_mentions_notices_delete AFTER DELETE ON ct_mentions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_mentions_changed();

CREATE TRIGGER ct_ratings_notices AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_desk_changed();
CREATE TRIGGER ct_claims_notices_truncate AFTER TRUNCATE ON ct_claims
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_desk_changed();
CREATE TRIGGER ct_responses_notices_truncate AFTER TRUNCATE ON ct_responses
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_desk_changed();
CREATE TRIGGER ct_evidence_notices_truncate AFTER TRUNCATE ON ct_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_desk_changed();
CREATE TRIGGER ct_mentions_notices_truncate AFTER TRUNCATE ON ct_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION ct_notices_desk_changed();
