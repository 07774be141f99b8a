-- 038_last_modified.sql -- when a reader's answer last changed, for the
-- Last-Modified of GET /claims/{id} and GET /articles/{id}/notices.
--
-- A claim's answer and an article's notices already have versions (027,
-- 029): every change that could alter them draws a new number, in the
-- writer's transaction, through the triggers of 027-033. A version says
-- whether an answer changed, not when. Each version row now also keeps
-- the time its version was drawn, so an answer's Last-Modified (RFC 9110
-- section 8.8.2) is the latest of the times of the versions it is made
-- from: its claim's or its article's, and the desk's (the rating scale,
-- which every answer names). Nothing else is read, and nothing is missed
-- that the versions do not miss.
--
-- The time is clock_timestamp() when the row is written, not now(): the
-- writer's transaction may have begun well before its change. It is still
-- before the commit, so a change is never dated after a reader could see
-- it. Rows that exist when this migration runs are dated by it: their
-- last change was no later. An answer without a version row (version 0)
-- has not changed since its versions began to be kept (027 for notices,
-- 029 for claims; VERSIONS_BEGAN in src/domain/claim_json.h) or since it came to be: a claim is
-- recorded without a version, and is dated by the later of the two.
--
-- What no version covers is not dated: a new build that writes answers
-- differently, or a change of the publisher settings. Their ETag changes;
-- Last-Modified does not (docs/envelope.md lists what it cannot tell).
-- claimtrack does not evaluate If-Modified-Since:
-- the entity tag is the validator (src/door/conditional.h).

ALTER TABLE ct_claim_versions ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
ALTER TABLE ct_notice_versions ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();

COMMENT ON COLUMN ct_claim_versions.changed_at IS
    'When the version was drawn (clock_timestamp() of the writer; sql/038): the claim''s answer last changed then. Rows older than 038 are dated by it.';
COMMENT ON COLUMN ct_notice_versions.changed_at IS
    'When the version was drawn (clock_timestamp() of the writer; sql/038): the article''s notices (the desk''s rating scale, for article_id '''') last changed then. Rows older than 038 are dated by it.';

-- The triggers of 027-033 renew a version with INSERT ... ON CONFLICT DO
-- UPDATE SET version = ...: the default dates a new row, this dates a
-- renewed one. A row trigger on these small rows, rather than a fifth
-- copy of the four trigger functions.
CREATE FUNCTION ct_version_dated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version THEN
        NEW.changed_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER ct_claim_versions_dated BEFORE UPDATE ON ct_claim_versions
    FOR EACH ROW EXECUTE FUNCTION ct_version_dated();
CREATE TRIGGER ct_notice_versions_dated BEFORE UPDATE ON ct_notice_versions
    FOR EACH ROW EXECUTE FUNCTION ct_version_dated();

-- A time as an HTTP-date (RFC 9110 section 5.6.7, IMF-fixdate), in whole
-- seconds: "Mon, 07 Dec 2026 03:15:30 GMT". to_char's Dy and Mon are
-- English whatever lc_time says (only their TM forms are translated).
-- STABLE, as to_char is, and not STRICT, so that the planner inlines it
-- into the statements that call it. Those statements read the versions'
-- times themselves (src/domain/claim_json.h, CLAIM_LAST_MODIFIED;
-- src/render/notice_json.h, NOTICES_LAST_MODIFIED): PostgreSQL inlines no
-- SQL function whose body holds a subquery, and one it does not inline is
-- planned anew on every request.
CREATE FUNCTION ct_http_date(at timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'Dy, DD Mon YYYY HH24:MI:SS "GMT"')
$$;

-- Answers kept ready-made (027, 029) keep their Last-Modified too, made
-- in the snapshot they were composed in: a kept answer is served only
-- while its versions are the current ones, and a version's time changes
-- only with it, so the date kept is the date now, read with no further
-- look-up. The answers kept before have none; they are a cache, emptied.
ALTER TABLE ct_claim_renders ADD COLUMN last_modified text;
ALTER TABLE ct_notice_renders ADD COLUMN last_modified text;
TRUNCATE ct_claim_renders, ct_notice_renders;
COMMENT ON COLUMN ct_claim_renders.last_modified IS
    'The answer''s Last-Modified (an HTTP-date), composed with it (sql/038).';
COMMENT ON COLUMN ct_notice_renders.last_modified IS
    'The answer''s Last-Modified (an HTTP-date), composed with it (sql/038).';
