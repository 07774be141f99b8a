-- 025_unknown_dates.sql -- a claim or a response whose date nobody gave
-- is kept undated, not dated by something else.
--
-- A ClaimReview often leaves a date out: Google's own example dates the
-- claim but not the review, many feeds date the review but not the claim.
-- The import (src/domain/claimreview_import.c) used to fill the one from
-- the other, because both columns were NOT NULL, and every notice then
-- said that the police refuted the claim on the day the deputy spoke, or
-- that the deputy spoke on the day the fact-checker published: a date
-- nobody gave, shown to readers as a fact. Both columns now take NULL for
-- "the source gave no date"; notices, the feed and the JSON-LD leave the
-- date out (src/render/), the claim's representation says null.
--
-- Requests still require the dates (POST /claims said_at, POST
-- /claims/{id}/responses issued_at): an editor knows when a claim was
-- made. Only an import leaves one NULL. Rows imported before keep the
-- date they were given, since nothing recorded which dates were filled
-- in. ct_events.occurred_at stays NOT NULL: the event of an undated claim
-- or response occurred, for the timeline, when the desk recorded it, and
-- its payload says "date_unknown".

ALTER TABLE ct_claims    ALTER COLUMN said_at   DROP NOT NULL;
ALTER TABLE ct_responses ALTER COLUMN issued_at DROP NOT NULL;

COMMENT ON COLUMN ct_claims.said_at IS
    'When it was said (world time, UTC); a date given without a time is the newsroom''s local midnight of that day (ct_instant). NULL: the source gave no date (an import); never filled from another date.';
COMMENT ON COLUMN ct_responses.issued_at IS
    'When it was issued (world time, UTC); a date alone is the newsroom''s local midnight. NULL: the source gave no date (an import); never filled from another date.';
