-- 022_rating_as_written.sql -- whose words a claim's rating is.
--
-- An imported review keeps the fact-checker's verdict in their words
-- (src/domain/claimreview_import.c). The readers' notices and the
-- ClaimReview feed look a rating up in the desk's scale (ct_ratings) by
-- its words, so an imported "Mostly False", AFP's 2 of 1 to 6, was shown
-- and exported as the desk's "Mostly false", 2 of 1 to 5: a verdict the
-- desk never gave, on a scale AFP never used. rating_as_written says the
-- rating is another fact-checker's words, shown as written and never read
-- as a rating of the desk's scale (src/render/notice_json.h). It is set by
-- whoever sets the rating: true by an import, false by a moderator who
-- gives a rating of the desk's scale (in other words or the same: the
-- claim's JSON shows the flag, so the moderator can tell); a review that
-- omits the rating keeps it.

ALTER TABLE ct_claims ADD COLUMN rating_as_written boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN ct_claims.rating_as_written IS
    'The rating is another fact-checker''s words (an import), not a rating of the desk''s scale (ct_ratings).';

-- Claims imported before: their rating is the import's when the last
-- rating_changed event of the claim is the one written in the import's
-- own transaction (its occurred_at, now() of that transaction, is the
-- claim_imported event's).
UPDATE ct_claims c SET rating_as_written = true
 WHERE c.id IN (SELECT claim_id FROM ct_imports)
   AND c.rating IS NOT NULL
   AND (SELECT e.occurred_at FROM ct_events e
         WHERE e.claim_id = c.id AND e.type = 'rating_changed' ORDER BY e.id DESC LIMIT 1)
     = (SELECT i.occurred_at FROM ct_events i
         WHERE i.claim_id = c.id AND i.type = 'claim_imported' ORDER BY i.id LIMIT 1);
