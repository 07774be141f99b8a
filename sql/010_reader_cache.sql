-- 010_reader_cache.sql -- telling every instance that readers' answers
-- may have changed.
--
-- Each instance with a readers' cache (configuration reader_cache_bytes,
-- src/door/cache.h) keeps answers of readers' reads: notices, published
-- claims and their timelines, the ClaimReview feed, the ratings and the
-- vocabulary. They are made from the tables below. A statement that
-- changes any of them, whoever runs it (a route, a background job, another
-- host, psql), notifies the channel ct_readers; PostgreSQL delivers the
-- notification when the transaction commits, once per transaction however
-- many statements sent it, and never when it rolls back. Every listening
-- instance then empties its cache.
CREATE FUNCTION ct_readers_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ct_readers', '');
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ct_readers_changed() IS
    'Notifies ct_readers: what readers are shown may have changed (src/door/cache.h).';

CREATE TRIGGER ct_claims_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_claims
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
CREATE TRIGGER ct_responses_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_responses
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
CREATE TRIGGER ct_mentions_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
CREATE TRIGGER ct_evidence_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
CREATE TRIGGER ct_ratings_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
CREATE TRIGGER ct_events_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ct_events
    FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed();
