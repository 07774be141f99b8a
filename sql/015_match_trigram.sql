-- 015_match_trigram.sql -- trigram similarity of a claim and a sentence.
--
-- Lexical overlap (014) counts the claim's terms a sentence holds, after
-- stemming; a word the stemmer leaves apart from the claim's
-- ("Сарыаркинском" and "Сарыарка", Kazakh "жеткені" and "жетті") counts
-- for nothing. pg_trgm's word_similarity(claim, sentence) -- the share of
-- the claim's trigrams found in the best stretch of the sentence -- sees
-- the part two such words share. The scan (src/domain/scan.c) takes it
-- as a second measure of a candidate, on both comparison forms, and
-- answers the passages it alone finds with the method "trigram".
--
-- pg_trgm is created by 011 in claimtrack's schema, or lives in another
-- schema of the database; ct_match_similarity calls it there. Where the
-- database has no pg_trgm this role may use, it answers 0 and the scan is
-- lexical only (the server says so here).
DO $trgm$
DECLARE
    home text;
BEGIN
    SELECT n.nspname INTO home
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF home IS NOT NULL AND has_schema_privilege(home, 'USAGE') THEN
        EXECUTE format('CREATE FUNCTION ct_match_similarity(claim text, sentence text) RETURNS real'
                       ' LANGUAGE sql STABLE PARALLEL SAFE AS %L',
                       format('SELECT %I.word_similarity($1, $2)', home));
    ELSE
        RAISE WARNING 'claimtrack: no pg_trgm this role may use: POST /articles/{id}/scan compares terms only';
        CREATE FUNCTION ct_match_similarity(claim text, sentence text) RETURNS real
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 0::real';
    END IF;
END
$trgm$;

COMMENT ON FUNCTION ct_match_similarity(text, text) IS
    'pg_trgm''s word_similarity(claim, sentence) on comparison forms (0 without pg_trgm): POST /articles/{id}/scan.';

ALTER TABLE ct_suggestions DROP CONSTRAINT ct_suggestions_method_known,
    ADD CONSTRAINT ct_suggestions_method_known CHECK (method IN ('verbatim', 'lexical', 'trigram'));
