-- 032_search_text.sql -- the text a search reads, lower-cased once when
-- it is written rather than at every search.
--
-- GET /claims?q= keeps the claims whose lower(text || ' ' || claimant_name)
-- contains q (src/domain/claims.c, stmt_claim_search). It first walks the
-- newest claims the asker may see, up to 2,000, checking each; and what an
-- index finds it checks again, for pg_trgm's trigrams and 031's junctions
-- only narrow the claims down. Both computed lower() for every claim they
-- checked, and lower() of a Cyrillic text (a wide-character conversion and
-- a towlower() per character under the database's libc locale) was more
-- than half of the walk: at a million claims, 2,000 claims checked for a
-- word in none of them took 2.4 ms with lower() and 1.1 ms on the stored
-- text, and the ten searches of make bench took 18.7 ms of statement time
-- against 25.2 (8.3 against 11.3 at a thousand claims).
--
-- search_text is that expression, stored: the same characters (it is
-- generated from the same lower() on the same columns), so every claim
-- that contained q before contains it now and no other. The trigram index
-- of 011 is made again on the column, under the same name and with the
-- operator class of the same pg_trgm, so a claim it finds is checked
-- against the stored text too; where 011 could make no index (pg_trgm
-- could not be created or used), none is made here either.
--
-- The price: each claim stores its text and claimant's name a second time
-- (about 110 bytes for a claim of a line), and adding the column rewrites
-- ct_claims under an exclusive lock, with its indexes (37 s at a million
-- claims, and 22 s for the trigram index). As with 031's junctions, the
-- column is computed when the text or the claimant's name is written: if
-- an upgrade of the C library or ICU changed what lower() gives, REINDEX
-- would not mend it, and UPDATE ct_claims SET text = text would.

ALTER TABLE ct_claims
    ADD COLUMN search_text text
        GENERATED ALWAYS AS (lower(text || ' ' || claimant_name)) STORED;

COMMENT ON COLUMN ct_claims.search_text IS
    'lower(text || '' '' || claimant_name), stored (sql/032): what GET /claims?q= looks for q in, as LIKE ''%q%''.';

DO $trgm$
DECLARE
    home text;
BEGIN
    -- The schema of the operator class 011's index was made with, if it
    -- was made.
    SELECT n.nspname INTO home
      FROM pg_index i
      JOIN pg_class x ON x.oid = i.indexrelid
      JOIN pg_opclass o ON o.oid = i.indclass[0]
      JOIN pg_namespace n ON n.oid = o.opcnamespace
     WHERE i.indrelid = 'ct_claims'::regclass AND x.relname = 'ct_claims_search_idx';
    IF home IS NOT NULL THEN
        DROP INDEX ct_claims_search_idx;
        EXECUTE format('CREATE INDEX ct_claims_search_idx ON ct_claims'
                       ' USING gin (search_text %I.gin_trgm_ops)', home);
        COMMENT ON INDEX ct_claims_search_idx IS
            'GET /claims?q=: trigrams of search_text (sql/032), for LIKE ''%q%''.';
    END IF;
END
$trgm$;
