-- 037_feed_withdrawals.sql -- when a verdict last left the readers, found
-- without reading the timeline.
--
-- GET /feeds/claimreview dates itself (dateModified) by the latest change
-- of the reviews it lists. A verdict withdrawn from readers (a review
-- with "publish": false) leaves the list, and with it the date of that
-- withdrawal: the feed's dateModified went back to an older review's, so
-- a crawler that fetches the feed again only when dateModified moves
-- kept the withdrawn verdict. The feed now also counts the last
-- 'unpublished' event (src/render/claimreview.c); this index answers it
-- from its last entry, at any size of ct_events.
CREATE INDEX ct_events_unpublished_idx ON ct_events (occurred_at) WHERE type = 'unpublished';

COMMENT ON INDEX ct_events_unpublished_idx IS
    'The last verdict withdrawn from readers, for the feed''s dateModified (sql/037).';
