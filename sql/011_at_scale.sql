-- 011_at_scale.sql -- the indexes a desk's archive of a million claims needs
-- for the reads that are not one claim or one article: the search, the
-- ClaimReview feed and the moderators' review queue. Each answers from an
-- index in the order it returns, so its cost does not grow with the
-- archive (make bench measures them on 1,000,000 claims beside a small
-- database).

-- GET /claims?q=: claims whose text or claimant's name contains q,
-- case-insensitively (src/domain/claims.c: lower(text || ' ' ||
-- claimant_name) LIKE '%q%', q's own wildcards escaped). A trigram index
-- (pg_trgm, part of PostgreSQL's own distribution and trusted, so the
-- database's owner may create it) finds the rows containing q's trigrams
-- for any language, Cyrillic included, without stemming: the search stays
-- the substring search it always was. pg_trgm is created in claimtrack's
-- schema unless the database has it already; where it cannot be created
-- (a server without PostgreSQL's contrib modules) the search still works,
-- reading the claims newest first, and the server says so.
DO $trgm$
DECLARE
    home text;
BEGIN
    SELECT n.nspname INTO home
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF home IS NULL THEN
        BEGIN
            EXECUTE format('CREATE EXTENSION pg_trgm WITH SCHEMA %I', current_schema());
            home := current_schema();
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'claimtrack: pg_trgm cannot be created (%): GET /claims?q= reads the claims without an index', SQLERRM;
        END;
    END IF;
    -- pg_trgm may live in another schema of the database (another
    -- claimtrack's, say) that this role cannot use: then no index either.
    IF home IS NOT NULL THEN
        BEGIN
            EXECUTE format('CREATE INDEX ct_claims_search_idx ON ct_claims'
                           ' USING gin (lower(text || %L || claimant_name) %I.gin_trgm_ops)', ' ', home);
            COMMENT ON INDEX ct_claims_search_idx IS
                'GET /claims?q=: trigrams of lower(text || '' '' || claimant_name), for LIKE ''%q%''.';
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'claimtrack: no trigram index with pg_trgm of schema % (%): GET /claims?q= reads the claims without an index', home, SQLERRM;
        END;
    END IF;
END
$trgm$;

-- GET /feeds/claimreview: the published claims, latest publication first.
CREATE INDEX ct_claims_feed_idx ON ct_claims (published_at DESC, id DESC) WHERE published;
COMMENT ON INDEX ct_claims_feed_idx IS
    'GET /feeds/claimreview: published claims in the feed''s order.';

-- GET /review-queue: the claims that wait for a verdict, oldest first (the
-- orphaned mentions, the queue's other half, have ct_mentions_orphaned_idx).
CREATE INDEX ct_claims_queue_idx ON ct_claims (created_at, id)
    WHERE NOT published AND status IN ('disputed', 'under_review');
COMMENT ON INDEX ct_claims_queue_idx IS
    'GET /review-queue: unpublished claims without a verdict, oldest first.';
