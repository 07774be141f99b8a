-- 028_notice_versions_seen.sql -- a claim's update renews its articles'
-- notice versions (027) only when it changed something a notice can show.
--
-- Six columns of ct_claims are the desk's bookkeeping, which no notice,
-- no reader and no ClaimReview shows: match_text and match_version (the
-- comparison form matching uses, 014 and 016; the match_text job rewrites
-- them for every claim after an upgrade that changes the lexicon, 500 a
-- pass), the three columns generated from match_text (match_terms,
-- match_keys, match_content) and review_requested_at (the review queue's
-- mark on a changed import, 026).
-- Under 027 each of those updates renewed the version of every article
-- that mentions the claim, so one lexicon upgrade threw away every kept
-- answer of the desk, and wrote a version row for each of its articles.
--
-- A row counts as changed unless everything but those six columns is
-- the same before and after (compared as jsonb, so a column added by a
-- later migration counts as one readers see until it is named here: a
-- kept answer may be thrown away needlessly, never served stale). A claim
-- whose id changed counts as changed under both ids.

CREATE OR REPLACE FUNCTION ct_notices_claims_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    unseen CONSTANT text[] := ARRAY['match_text', 'match_terms', 'match_keys', 'match_content',
                                    'match_version', 'review_requested_at'];
BEGIN
    IF TG_OP = 'UPDATE' THEN
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

COMMENT ON FUNCTION ct_notices_claims_changed() IS
    'Statement trigger of ct_claims: renews the notices'' version of every article that mentions a claim changed in anything but its match_* columns and review_requested_at (sql/027, sql/028).';
