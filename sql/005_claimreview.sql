-- 005_claimreview.sql -- ClaimReview interchange with the fact-checking
-- world: claimants that are organisations, verdicts written as sentences,
-- and imported reviews known by their canonical url and what they review.
--
-- claimant_type: schema.org's Person (default) or Organization (a
-- ministry, a party), shown and exported as such.
--
-- rating: some desks write their verdict as a sentence (254 characters
-- have been seen in the wild); 500 code points leaves room.
--
-- ct_imports: a review is identified by its canonical url (scheme and
-- host in lower case, no default port, no trailing slash, no utm_*
-- parameters, no fragment) together with review_key, a digest of what it
-- reviews (the claim's text and claimant), because aggregated feeds give
-- different reviews one url. review_url keeps the url as the feed spelt it.

ALTER TABLE ct_claims
    ADD COLUMN claimant_type text NOT NULL DEFAULT 'person'
        CHECK (claimant_type IN ('person', 'organization'));

ALTER TABLE ct_claims DROP CONSTRAINT ct_claims_rating_check;
ALTER TABLE ct_claims ADD CONSTRAINT ct_claims_rating_check
    CHECK (length(rating) BETWEEN 1 AND 500);

ALTER TABLE ct_imports DROP CONSTRAINT ct_imports_pkey;
ALTER TABLE ct_imports
    ADD COLUMN id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ADD COLUMN canonical_url text,
    ADD COLUMN review_key    text;
UPDATE ct_imports SET canonical_url = lower(review_url), review_key = '';
ALTER TABLE ct_imports
    ALTER COLUMN canonical_url SET NOT NULL,
    ALTER COLUMN review_key SET NOT NULL;
CREATE UNIQUE INDEX ct_imports_identity_idx ON ct_imports (canonical_url, review_key);

-- The newsroom's time zone (the plugin's time_zone setting, an IANA name,
-- set on every connection as claimtrack.time_zone; UTC when unset) decides
-- calendar days: the day of an instant as readers are shown it, and the
-- instant a date given without a time stands for (its local midnight).
-- PostgreSQL's time zone data does the arithmetic, DST included.
CREATE FUNCTION ct_time_zone() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('claimtrack.time_zone', true), ''), 'UTC')
$$;

-- 'YYYY-MM-DD': the newsroom's calendar day of t.
CREATE FUNCTION ct_local_day(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE ct_time_zone(), 'YYYY-MM-DD')
$$;

-- An RFC 3339 date or date-time (already validated) as an instant: a date
-- alone is the newsroom's midnight of that day.
CREATE FUNCTION ct_instant(t text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN length(t) = 10 THEN t::date::timestamp AT TIME ZONE ct_time_zone()
                ELSE t::timestamptz END
$$;
