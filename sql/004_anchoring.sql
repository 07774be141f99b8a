-- 004_anchoring.sql -- how each mention was last anchored, and the
-- timeline event for a mention that moved.
--
-- anchor_method and anchor_score say how the mention's current position
-- was found (see src/anchor.h: exact, position, context, approximate, or
-- orphaned) and with what score (0..1), so a moderator can tell a
-- verbatim quote from a passage that was matched with edits. They change
-- together with position_start/position_end/orphaned, only when one of
-- them changes, and every such change is a timeline event:
-- mention_moved (position or method changed), mention_orphaned,
-- mention_recovered, each with the old and new positions.

ALTER TABLE ct_mentions
    ADD COLUMN anchor_method text CHECK (anchor_method IN
        ('exact', 'position', 'context', 'approximate', 'orphaned')),
    ADD COLUMN anchor_score  real CHECK (anchor_score BETWEEN 0 AND 1);

ALTER TABLE ct_events DROP CONSTRAINT ct_events_type_check;
ALTER TABLE ct_events ADD CONSTRAINT ct_events_type_check CHECK (type IN (
    'claim_recorded', 'response_linked', 'mention_added', 'status_changed',
    'rating_changed', 'published', 'unpublished', 'note_added',
    'mention_orphaned', 'mention_recovered', 'mention_moved', 'claim_imported',
    'evidence_archived', 'evidence_failed'));
