-- 002_readers.sql -- anchoring mentions in the article text, and imported
-- ClaimReviews.

-- TextPositionSelector of a mention, in Unicode code points of the
-- article's text as last anchored; orphaned when the quote can no longer
-- be found, which puts the claim back in front of a moderator.
ALTER TABLE ct_mentions
    ADD COLUMN position_start integer CHECK (position_start >= 0),
    ADD COLUMN position_end   integer CHECK (position_end >= position_start),
    ADD COLUMN orphaned       boolean NOT NULL DEFAULT false,
    ADD COLUMN anchored_at    timestamptz;
CREATE INDEX ct_mentions_orphaned_idx ON ct_mentions (claim_id) WHERE orphaned;

ALTER TABLE ct_events DROP CONSTRAINT ct_events_type_check;
ALTER TABLE ct_events ADD CONSTRAINT ct_events_type_check CHECK (type IN (
    'claim_recorded', 'response_linked', 'mention_added', 'status_changed',
    'rating_changed', 'published', 'unpublished', 'note_added',
    'mention_orphaned', 'mention_recovered', 'claim_imported'));

-- ClaimReviews imported from other fact-checkers, by the review's url:
-- importing the same review again finds it here and writes nothing.
CREATE TABLE ct_imports (
    review_url  text PRIMARY KEY CHECK (review_url ~* '^https?://'),
    claim_id    bigint REFERENCES ct_claims (id),
    reviewer    text,
    imported_at timestamptz NOT NULL DEFAULT now()
);
