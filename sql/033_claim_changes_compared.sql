-- 033_claim_changes_compared.sql -- whether an update of a claim changed
-- something its answers show, decided without writing the rows out as
-- JSON.
--
-- ct_notices_claims_changed, the statement trigger that renews a changed
-- claim's version (029) and its articles' notice versions (027, 028),
-- compared each row before and after as to_jsonb(row) minus the columns no
-- answer shows. That wrote every column of both rows out as jsonb, twice
-- for each of its two statements and both ways round: eight conversions of
-- a whole claim, its arrays of terms, keys and junctions included, for an
-- update of one claim. It was about half the cost of the claim's UPDATE
-- in every review and every response link: with pg_stat_statements, two
-- threads reviewing on the 1,000-claim bench desk, the trigger's two
-- statements took 158-165 us of an UPDATE of 313-331 us.
--
-- Each row is now compared with itself: the row before and the row
-- after, each with the unshown columns set to null
-- (jsonb_populate_record(row, mask): a copy of the row, every column the
-- mask does not name kept as it is), are told apart by their stored bytes
-- (*<>, record_image_ne: column by column, each value detoasted and
-- compared byte for byte, nulls equal). No column is converted. As
-- before, the masks name the columns left out, so a column added by a
-- later migration counts as one readers see until it is named in a mask
-- here: a kept answer may be thrown away needlessly, never served stale.
-- The comparison is finer than the jsonb one (an SQL null and a jsonb
-- 'null', or two arrays with different lower bounds, now differ), which
-- can only renew a version more often. A claim whose id changed still
-- counts as changed under both ids (a full join on id, each side without
-- the other; CASE, not OR, keeps the missing side, a null record whose
-- type jsonb_populate_record could not tell, from being copied).
--
-- Measured on the 1,000-claim bench desk with pgbench running one
-- UPDATE ct_claims SET version = version + 1, updated_at = now() on a
-- random claim, 2 clients, 5 s, alternating: 6,808-7,781 updates/s
-- against 5,609-6,051 before (+12 to +31 %).

CREATE OR REPLACE FUNCTION ct_notices_claims_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- nothing a notice, a reader or ClaimReview shows (028)
    unseen CONSTANT jsonb := '{"match_text": null, "match_terms": null, "match_keys": null,
                               "match_content": null, "match_version": null,
                               "review_requested_at": null}';
    -- nothing a claim's JSON shows, to staff either (029)
    unshown CONSTANT jsonb := '{"match_text": null, "match_terms": null, "match_keys": null,
                                "match_content": null, "match_version": null}';
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO ct_claim_versions AS v (claim_id, version)
        SELECT c.id, nextval('ct_notice_version_seq')
          FROM (SELECT COALESCE(n.id, o.id) AS id
                  FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                 WHERE CASE WHEN o.id IS NULL OR n.id IS NULL THEN true
                            ELSE jsonb_populate_record(o, unshown) *<> jsonb_populate_record(n, unshown)
                       END) c
         ORDER BY c.id
        ON CONFLICT (claim_id) DO UPDATE SET version = EXCLUDED.version;
        INSERT INTO ct_notice_versions AS v (article_id, version)
        SELECT a.article_id, nextval('ct_notice_version_seq')
          FROM (SELECT DISTINCT m.article_id FROM ct_mentions m
                 WHERE m.claim_id IN (
                       SELECT COALESCE(n.id, o.id)
                         FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                        WHERE CASE WHEN o.id IS NULL OR n.id IS NULL THEN true
                                   ELSE jsonb_populate_record(o, unseen) *<> jsonb_populate_record(n, unseen)
                              END)) a
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

COMMENT ON FUNCTION ct_notices_claims_changed() IS
    'Statement trigger of ct_claims: renews the version of every claim changed in anything but its match_* columns (sql/029), and the notices'' version of every article that mentions a claim changed in anything but those and review_requested_at (sql/027, sql/028); rows compared as stored, those columns nulled (sql/033).';
