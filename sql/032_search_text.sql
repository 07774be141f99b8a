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
-- could not be created or used), none is made here either, and if that
-- pg_trgm can no longer be used, the search goes without the index (a
-- warning), as 011 left it, rather than the plugin failing to open.
--
-- The price: each claim stores its text and claimant's name a second time
-- (about 110 bytes for a claim of a line), and adding the column rewrites
-- ct_claims under an exclusive lock, with its indexes: 37 s at a million
-- claims, the trigram index made again included (maintenance_work_mem
-- 512 MB; 011's index is dropped first, so the rewrite does not build it
-- only for it to go). As with 031's junctions, the
-- column is computed when the text or the claimant's name is written: if
-- an upgrade of the C library or ICU changed what lower() gives, REINDEX
-- would not mend it, and UPDATE ct_claims SET text = text would.

DO $search_text$
DECLARE
    home text;
BEGIN
    -- The schema of the pg_trgm whose operator class 011's index was made
    -- with, if it was made. The index goes before the table is rewritten,
    -- so that the rewrite does not build it again only for it to be dropped.
    SELECT n.nspname INTO home
      FROM pg_index i
      JOIN pg_class x ON x.oid = i.indexrelid
      JOIN pg_opclass o ON o.oid = i.indclass[0]
      JOIN pg_namespace n ON n.oid = o.opcnamespace
     WHERE i.indrelid = 'ct_claims'::regclass AND x.relname = 'ct_claims_search_idx'
       AND o.opcname = 'gin_trgm_ops';
    IF home IS NOT NULL THEN
        DROP INDEX ct_claims_search_idx;
    END IF;

    ALTER TABLE ct_claims
        ADD COLUMN search_text text
            GENERATED ALWAYS AS (lower(text || ' ' || claimant_name)) STORED;
    COMMENT ON COLUMN ct_claims.search_text IS
        'lower(text || '' '' || claimant_name), stored (sql/032): what GET /claims?q= looks for q in, as LIKE ''%q%''.';
    COMMENT ON COLUMN ct_claims.search_junctions IS
        'The junctions (ct_search_junctions) of its lower-cased text and claimant''s name, the characters of search_text: a claim containing q holds all of q''s.';

    -- As in 011: a pg_trgm this role can no longer use leaves the search
    -- without the index, not the plugin unable to open.
    IF home IS NOT NULL THEN
        BEGIN
            EXECUTE format('CREATE INDEX ct_claims_search_idx ON ct_claims'
                           ' USING gin (search_text %I.gin_trgm_ops)', home);
            COMMENT ON INDEX ct_claims_search_idx IS
                'GET /claims?q=: trigrams of search_text (sql/032), for LIKE ''%q%''.';
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'claimtrack: no trigram index with pg_trgm of schema % (%): GET /claims?q= reads the claims without an index', home, SQLERRM;
        END;
    END IF;
END
$search_text$;
