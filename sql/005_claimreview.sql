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
-- Reviews imported before: their identity computed as the importer now
-- computes it (src/claimreview_import.c), so importing one of them again is
-- recognised: https, host in lower case, no :80/:443, no trailing slash
-- ("/" alone stays), no utm_* parameters, no fragment; the key is the hex
-- SHA-256 of the claim's text, a newline and the claimant's name.
UPDATE ct_imports SET canonical_url = lower(review_url), review_key = '';
WITH parts AS (
    SELECT id, regexp_match(review_url,
               '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]*)(?::([0-9]+))?([^?#]*)(?:\?([^#]*))?') AS p
      FROM ct_imports)
UPDATE ct_imports i
   SET canonical_url = 'https://' || lower(parts.p[1])
           || CASE WHEN parts.p[2] IS NULL OR parts.p[2] IN ('80', '443') THEN ''
                   ELSE ':' || parts.p[2] END
           || COALESCE(NULLIF(regexp_replace(parts.p[3], '/+$', ''), ''), '/')
           || COALESCE('?' || NULLIF((SELECT string_agg(q, '&' ORDER BY n)
                                        FROM unnest(string_to_array(parts.p[4], '&'))
                                             WITH ORDINALITY AS t(q, n)
                                       WHERE q <> '' AND lower(q) NOT LIKE 'utm\_%'), ''), ''),
       review_key = encode(sha256(convert_to(c.text || E'\n' || c.claimant_name, 'UTF8')), 'hex')
  FROM parts, ct_claims c
 WHERE parts.id = i.id AND c.id = i.claim_id AND parts.p IS NOT NULL;
-- Earlier imports that now share one identity (the same review under two
-- spellings of its url) stay separate claims: all but the first get a
-- distinct key.
UPDATE ct_imports i SET review_key = i.review_key || '#' || i.id
  FROM (SELECT id, row_number() OVER (PARTITION BY canonical_url, review_key ORDER BY id) AS n
          FROM ct_imports) d
 WHERE d.id = i.id AND d.n > 1;
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
