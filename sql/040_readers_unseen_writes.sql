-- 040_readers_unseen_writes.sql -- no notification for the writes readers
-- cannot see.
--
-- Every statement that changed ct_claims, ct_mentions, ct_responses,
-- ct_evidence or ct_events notified ct_readers (010), and every instance
-- with a readers' cache emptied it. The notification is the largest
-- single cost of a write: at the commit of a transaction that notifies,
-- PostgreSQL takes a lock that orders every such commit of the cluster and
-- signals every listening backend of the database, whatever its channel
-- (README, "Performance"). Most of a desk's writes are to claims still
-- being checked, which readers are never shown: the notices, the claims,
-- their timelines, the searches and the feed that readers get hold
-- published claims only (a verdict withdrawn from readers is an update
-- of a published claim, below).
--
-- A statement now notifies unless nothing it wrote can reach a reader:
--
--   * ct_claims: when a row it inserted, updated (before or after) or
--     deleted is published.
--   * a claim's rows (mentions, responses, evidence, events): unless
--     every row's claim is unpublished and was written (inserted or
--     updated) earlier in this very transaction. A transaction that wrote
--     a claim's row holds that row until it ends, so no other can publish
--     the claim meanwhile: its rows reach readers only through a later
--     write of the claim, which notifies if it publishes. A row of a
--     claim the transaction did not write notifies whatever the claim's
--     state (another transaction may publish the claim before this one
--     commits, and readers would then miss the row); so does one whose
--     claim is gone.
--
-- The claims a transaction wrote are kept in the transaction-local
-- setting claimtrack.claims_written, which the ct_claims trigger appends
-- to, PostgreSQL undoes with the writes of a subtransaction rolled back,
-- and forgets at the end of the transaction: "<transaction id>:" and then
-- "<schema>.<claim id>" for each claim, comma-separated. A value that does
-- not begin with this transaction's 64-bit id (set for a whole session,
-- say) counts for nothing, and one that is not a list of such entries
-- matches no claim, so neither can make a write unheard or fail it; a
-- table outside the session's current schema (psql with another
-- search_path) always notifies. Not the claim row's xmin: a frozen row
-- keeps its old xmin, and a later transaction whose id has the same low
-- 32 bits would take it for its own. Past about 100,000 characters (some
-- 5,000 claims in one transaction) no more claims are kept, and rows of
-- those claims notify.
--
-- So recording a claim (always unpublished), linking a response to a
-- claim under review and reviewing it without publishing notify no
-- instance; publishing, unpublishing and any change to a published claim
-- do, as before. TRUNCATE, and every change of ct_ratings (the desk's
-- vocabulary), still always notify. Written so that it can run again.

-- The claims this transaction wrote, "<schema>.<claim id>,..." as kept
-- in claimtrack.claims_written ('' when it is another transaction's).
CREATE OR REPLACE FUNCTION ct_readers_written() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    tag     text := pg_current_xact_id()::text || ':';
    written text := current_setting('claimtrack.claims_written', true);
BEGIN
    IF starts_with(written, tag) THEN
        RETURN substr(written, length(tag) + 1);
    END IF;
    RETURN '';
END
$$;

COMMENT ON FUNCTION ct_readers_written() IS
    'The claims this transaction wrote, "<schema>.<id>,...", from claimtrack.claims_written (sql/040).';

-- Whether readers may see a write to rows of these claims of the
-- session's current schema: true unless every one is unpublished and was
-- written earlier in this transaction.
CREATE OR REPLACE FUNCTION ct_readers_may_see(claim_ids bigint[]) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    written text[] := string_to_array(ct_readers_written(), ',');
BEGIN
    RETURN EXISTS (SELECT 1 FROM unnest(claim_ids) AS r(claim_id)
                     LEFT JOIN ct_claims c ON c.id = r.claim_id
                    WHERE c.id IS NULL OR c.published
                       OR current_schema() || '.' || c.id <> ALL (written));
END
$$;

COMMENT ON FUNCTION ct_readers_may_see(bigint[]) IS
    'False when every claim is unpublished and was written by this transaction (sql/040).';

-- Add claims ("<schema>.<id>", comma-separated) to claimtrack.claims_written,
-- while it is under about 100,000 characters.
CREATE OR REPLACE FUNCTION ct_readers_claims_written(claims text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    value text := pg_current_xact_id()::text || ':'
                  || concat_ws(',', NULLIF(ct_readers_written(), ''), claims);
BEGIN
    IF claims IS NOT NULL AND length(value) < 100000 THEN
        PERFORM set_config('claimtrack.claims_written', value, true);
    END IF;
END
$$;

COMMENT ON FUNCTION ct_readers_claims_written(text) IS
    'Records claims this transaction wrote, for ct_readers_may_see (sql/040).';

CREATE OR REPLACE FUNCTION ct_readers_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seen boolean;
BEGIN
    IF TG_TABLE_NAME = 'ct_claims' AND TG_OP = 'INSERT' THEN
        seen := EXISTS (SELECT 1 FROM new_rows WHERE published);
    ELSIF TG_TABLE_NAME = 'ct_claims' AND TG_OP = 'UPDATE' THEN
        seen := EXISTS (SELECT 1 FROM old_rows WHERE published)
                OR EXISTS (SELECT 1 FROM new_rows WHERE published);
    ELSIF TG_TABLE_NAME = 'ct_claims' THEN
        seen := EXISTS (SELECT 1 FROM old_rows WHERE published);
    ELSIF TG_TABLE_SCHEMA <> current_schema() THEN
        seen := true;
    ELSIF TG_OP = 'INSERT' THEN
        seen := ct_readers_may_see(ARRAY(SELECT claim_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        seen := ct_readers_may_see(ARRAY(SELECT claim_id FROM old_rows
                                         UNION ALL SELECT claim_id FROM new_rows));
    ELSE
        seen := ct_readers_may_see(ARRAY(SELECT claim_id FROM old_rows));
    END IF;
    IF TG_TABLE_NAME = 'ct_claims' AND TG_OP <> 'DELETE' THEN
        PERFORM ct_readers_claims_written((SELECT string_agg(TG_TABLE_SCHEMA || '.' || id, ',')
                                             FROM new_rows));
    END IF;
    IF seen THEN
        PERFORM pg_notify('ct_readers', '');
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ct_readers_rows_changed() IS
    'Notifies ct_readers unless the statement wrote only unpublished claims, or rows of unpublished '
    'claims this transaction wrote (sql/040).';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ct_claims', 'ct_mentions', 'ct_responses', 'ct_evidence', 'ct_events']
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_readers', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_readers_insert', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_readers_update', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_readers_delete', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_readers_truncate', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_rows_changed()',
                       t || '_readers_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_rows_changed()',
                       t || '_readers_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_rows_changed()',
                       t || '_readers_delete', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION ct_readers_changed()',
                       t || '_readers_truncate', t);
    END LOOP;
END
$$;
