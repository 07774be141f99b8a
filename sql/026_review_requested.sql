-- 026_review_requested.sql -- a claim whose fact-checker changed the
-- verdict goes back to the moderators.
--
-- An imported review that comes again with another verdict is linked as a
-- new rebuttal, and where the claim's rating is still the import's words
-- the rating follows (src/domain/claimreview_import.c, record_change).
-- The desk's status and publication stay as the moderators left them, so
-- a published claim could read "True (Refuted)" to readers, and a claim
-- the desk had judged never reached the review queue again: moderators
-- learnt of the change only from the import's report. The import now sets
-- review_requested_at for every review that comes back changed (its
-- verdict, its scale or its headline: what readers see in the rebuttal);
-- GET /review-queue lists such claims, and the next review by anyone but
-- an import clears it (src/domain/review.c).

ALTER TABLE ct_claims ADD COLUMN review_requested_at timestamptz;

COMMENT ON COLUMN ct_claims.review_requested_at IS
    'When something the desk did not decide changed the claim and asks for a moderator (UTC): another fact-checker''s review of it changed (its verdict, scale or headline). NULL: nothing waits. Cleared by the next review that is not an import''s.';

-- The queue's third part, oldest first; empty on a desk where nothing
-- waits, so it costs writes nothing.
CREATE INDEX ct_claims_review_requested_idx ON ct_claims (created_at, id)
    WHERE review_requested_at IS NOT NULL;
COMMENT ON INDEX ct_claims_review_requested_idx IS
    'GET /review-queue: claims whose review was requested (a changed verdict), oldest first.';
