-- 036_days_as_given.sql -- a date given without a time is kept as the day
-- it names, not only as an instant.
--
-- A date alone ("said_at": "2025-12-22") has been stored as an instant,
-- the newsroom's local midnight of that day (ct_instant, sql/005 and 021),
-- and every reader's day was read back from that instant in the time zone
-- of the instance answering (ct_local_day). Entered in Asia/Almaty
-- (2025-12-21 19:00 UTC), the 22nd was shown as the 21st by an instance
-- configured for Europe/Moscow on the same database, and by the same desk
-- once its time_zone setting or the zone's rules changed: a notice with
-- the wrong date. Nothing in the instant says that only a day was given.
--
-- said_on and issued_on now keep the day itself when no time was given
-- (ct_given_day); readers' days are that day wherever they are read
-- (ct_shown_day). The instant stays what it was: it orders claims and
-- responses, stamps their timeline events, and is what the API returns as
-- said_at and issued_at. A date-time, with or without an offset, keeps no
-- day: its day is the reader's newsroom's, as before.
--
-- Rows written before: a claim or response whose instant is exactly local
-- midnight in the time zone of the instance that migrates (claimtrack.
-- time_zone, set by src/store/migrate.c; UTC without one) is taken to
-- have been given as a date, as the API stores dates. That instance
-- already showed that day, so nothing it shows changes; other time zones
-- now show the day it showed. A time given as exactly midnight is counted
-- as a date, which shows the day it was said where it was said.

-- The day a validated date or date-time names when it is a date alone
-- (ten characters, 'YYYY-MM-DD'); NULL for a date-time or NULL.
-- One expression, inlined into the writes that call it, like ct_instant
-- (test_migrate's write_path_functions_are_planned_once).
CREATE FUNCTION ct_given_day(t text) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN length(t) = 10 THEN t::date END
$$;

COMMENT ON FUNCTION ct_given_day(text) IS
    'The day a validated date names when no time was given (''2025-12-22''); NULL for a date-time (sql/036).';

-- 'YYYY-MM-DD': the day a reader is shown for a date kept as given (day)
-- with its instant (t): the given day when there is one, else t's day in
-- the newsroom's time zone (ct_local_day).
CREATE FUNCTION ct_shown_day(day date, t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(to_char(day, 'YYYY-MM-DD'), ct_local_day(t))
$$;

COMMENT ON FUNCTION ct_shown_day(date, timestamptz) IS
    'The calendar day readers are shown: the day given without a time, else the instant''s day in the newsroom''s time zone (sql/036).';

ALTER TABLE ct_claims ADD COLUMN said_on date;
ALTER TABLE ct_responses ADD COLUMN issued_on date;

COMMENT ON COLUMN ct_claims.said_on IS
    'The day said_at names when it was given as a date without a time (shown as is in every time zone); NULL when a time was given or no date is known.';
COMMENT ON COLUMN ct_responses.issued_on IS
    'The day issued_at names when it was given as a date without a time (shown as is in every time zone); NULL when a time was given or no date is known.';

UPDATE ct_claims
   SET said_on = (said_at AT TIME ZONE ct_time_zone())::date
 WHERE said_at IS NOT NULL
   AND (said_at AT TIME ZONE ct_time_zone())::time = '00:00';
UPDATE ct_responses
   SET issued_on = (issued_at AT TIME ZONE ct_time_zone())::date
 WHERE issued_at IS NOT NULL
   AND (issued_at AT TIME ZONE ct_time_zone())::time = '00:00';

-- A day is kept only with its instant.
ALTER TABLE ct_claims ADD CONSTRAINT ct_claims_said_on_has_instant
    CHECK (said_on IS NULL OR said_at IS NOT NULL);
ALTER TABLE ct_responses ADD CONSTRAINT ct_responses_issued_on_has_instant
    CHECK (issued_on IS NULL OR issued_at IS NOT NULL);

COMMENT ON COLUMN ct_claims.said_at IS
    'When it was said (world time, UTC); a date given without a time is the newsroom''s local midnight of that day (ct_instant), and the day itself is in said_on. NULL: the source gave no date (an import); never filled from another date.';
COMMENT ON COLUMN ct_responses.issued_at IS
    'When it was issued (world time, UTC); a date alone is the newsroom''s local midnight, and the day itself is in issued_on. NULL: the source gave no date (an import); never filled from another date.';
-- Also said again here, out of 006's wording: a review moves updated_at
-- only when it changes what readers see (src/domain/review.c).
COMMENT ON COLUMN ct_claims.updated_at IS
    'When readers'' view of the claim last changed (UTC): a response linked, or a review that changed its status, rating, the rating''s wording or publication; a review that only adds a moderator''s note keeps it.';

-- Kept answers were composed from the instants alone.
TRUNCATE ct_notice_renders, ct_claim_renders;

-- Not a date, but of this release too: answers kept for Idempotency-Key
-- replays held a webhook signing secret as text (POST /subscriptions and
-- its rotate). The plugin now keeps it sealed under secrets_key
-- (src/door/idempotency.c), which SQL cannot do without the key, so the
-- secret is taken out of the answers kept before: a replay within their
-- day gets "secret": null. The secret itself is still in
-- ct_subscription_secrets, sealed.
UPDATE ct_idempotency
   SET body = jsonb_set(body::jsonb, '{secret}', 'null')::text
 WHERE content_type = 'application/json'
   AND body ~ '"secret"\s*:\s*"';
