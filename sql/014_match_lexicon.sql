-- 014_match_lexicon.sql -- claims keep the form matching compares them in.
--
-- A paraphrase says a claim in other words ("the Kazakh capital" for
-- Astana, "halved" for "fell by half", "заработки" for "зарплата").
-- src/domain/lexicon.c reduces a claim and every sentence of a scanned
-- article to the same comparison form: lower-cased words, the desk's
-- phrases replaced by the words claims use, Kazakh endings taken off.
-- That is code (a list of phrases per language, applied word by word);
-- doing it here with regular expressions would cost milliseconds a claim.
-- So a claim's form is written beside it when it is created
-- (match_text), and the terms the scan compares come from it. A claim
-- without one (created before this migration, or copied in around the
-- library) is compared by its text as before until the match_text job
-- (src/jobs/match_text.c) writes its form; the partial index finds them.

ALTER TABLE ct_claims ADD COLUMN match_text text;

DROP INDEX ct_claims_match_keys;
ALTER TABLE ct_claims DROP COLUMN match_terms, DROP COLUMN match_keys, DROP COLUMN match_content;
ALTER TABLE ct_claims
    ADD COLUMN match_terms text[]
        GENERATED ALWAYS AS (ct_match_terms(language, COALESCE(match_text, text))) STORED,
    ADD COLUMN match_keys text[]
        GENERATED ALWAYS AS (ct_match_keys(ct_match_terms(language, COALESCE(match_text, text)))) STORED,
    ADD COLUMN match_content text[]
        GENERATED ALWAYS AS (ct_match_content(ct_match_terms(language, COALESCE(match_text, text)))) STORED;
CREATE INDEX ct_claims_match_keys ON ct_claims USING gin (match_keys);
CREATE INDEX ct_claims_match_text_missing ON ct_claims (id) WHERE match_text IS NULL;

COMMENT ON COLUMN ct_claims.match_text IS
    'The claim''s comparison form (src/domain/lexicon.h): lower-cased words, the lexicon''s phrases replaced; NULL until written.';
COMMENT ON COLUMN ct_claims.match_terms IS 'The terms of its comparison form (ct_match_terms), or of its text while it has none.';
COMMENT ON COLUMN ct_claims.match_content IS 'Its content terms: neither numbers nor places (the share of them a sentence holds is its score).';
COMMENT ON COLUMN ct_claims.match_keys IS 'Its two longest terms: a sentence holding one of them is a candidate (POST /articles/{id}/scan).';
