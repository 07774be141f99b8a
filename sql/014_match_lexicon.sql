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
--
-- The comparison form also gives every place one word ("place<id>":
-- "Астанадағы", "столице", "елорда" are all "place1"; no stemmer changes
-- a word of letters and digits) and every number one word of digits ("20
-- тысяч", "20 000", "двадцать тысяч" are "20000"; "half" is "50
-- percent"). A sentence repeats a claim only if it names the claim's
-- places and holds its numbers other than years (src/domain/scan.c checks
-- them), so a
-- claim's keys can ask for them: the keys are
--
--   - a|b, its first two places and numbers in byte order, when it has
--     two or more: a sentence must hold both to repeat it;
--   - a|term for each of the first k content terms when it has one place
--     or number a, and the k content terms alone when it has none; k =
--     n - ceil(0.7 n) + 1 of its n content terms (longest
--     first): a sentence holding at least 70 % of them (the scan's
--     threshold, CT_SCAN_THRESHOLD, which ct_match_threshold() repeats)
--     holds one of any k of them (prefix filtering).
--
-- A sentence probes with its terms and every such pair of its own
-- (ct_match_probe: each two of its places and numbers in byte order, each
-- place or number with each content term), through the GIN index on match_keys: no claim that
-- could pass the scan's checks is missed, and a sentence about crime in
-- Astana meets the claims about crime in Astana, not every claim that
-- says "преступность".
ALTER TABLE ct_claims ADD COLUMN match_text text;

-- Places are recognised in C now (src/domain/lexicon.c, whose list is
-- longer), and written "place<id>": 013's list of their beginnings is no
-- longer used, and goes.
DROP FUNCTION ct_match_places();

-- 013's terms, except that for Kazakh numbers and places (domain/lexicon.h
-- writes them "place<id>") are kept whole: "20000", "place7", not
-- dropped as short or cut to five letters.
CREATE OR REPLACE FUNCTION ct_match_terms(language text, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN ct_match_config(language) = 'pg_catalog.simple'::regconfig
                THEN ARRAY(SELECT DISTINCT CASE WHEN l ~ '^([0-9]+|place[0-9]+)$'
                                                THEN l ELSE left(l, 5) END
                             FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.simple', body))) l
                            WHERE length(l) >= 3 OR l ~ '^[0-9]+$' ORDER BY 1)
                ELSE tsvector_to_array(to_tsvector(ct_match_config(language), body)) END
$$;

-- A claim's content terms: neither numbers nor places ("place<id>" in the
-- comparison form; a claim still without one counts the names of its
-- places as content until the match_text job writes it).
CREATE OR REPLACE FUNCTION ct_match_content(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT t FROM unnest(terms) t WHERE t !~ '^([0-9]+|place[0-9]+)$')
$$;

-- The least share of a claim's content terms a sentence must hold.
CREATE FUNCTION ct_match_threshold() RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 0.7::float8 $$;

-- The terms that name places ("place<id>": the comparison form writes
-- every place so, src/domain/lexicon.h), and those that are numbers, in
-- byte order.
CREATE FUNCTION ct_match_place_terms(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT t FROM unnest(terms) t WHERE t ~ '^place[0-9]+$' ORDER BY t COLLATE "C")
$$;

-- Years of the calendar (1900 to 2100) are not among the numbers: a
-- partial quote may leave the year out (the scan lets it, when the
-- sentence names no other year), so a key must not ask for it.
CREATE FUNCTION ct_match_numbers(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT t FROM unnest(terms) t
                  WHERE t ~ '^[0-9]+$' AND NOT (length(t) = 4 AND t BETWEEN '1900' AND '2100')
                  ORDER BY t COLLATE "C")
$$;

-- A claim's keys (see above). PL/pgSQL, not SQL: its plan is kept for
-- the session, where a SQL function with a query in it is planned anew
-- for every row a COPY or INSERT computes it for (ten times slower).
CREATE OR REPLACE FUNCTION ct_match_keys(terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    required text[] := ARRAY(SELECT t FROM unnest(ct_match_place_terms(terms) || ct_match_numbers(terms)) t
                              ORDER BY t COLLATE "C");
    content  text[] := ct_match_content(terms);
    first    text[];
BEGIN
    IF cardinality(required) >= 2 THEN
        RETURN ARRAY[required[1] || '|' || required[2]];
    END IF;
    first := ARRAY(SELECT t FROM unnest(content) t ORDER BY length(t) DESC, t COLLATE "C"
                    LIMIT cardinality(content)
                          - ceil(ct_match_threshold() * cardinality(content))::int + 1);
    IF cardinality(first) = 0 THEN
        RETURN required;
    ELSIF cardinality(required) = 1 THEN
        RETURN ARRAY(SELECT required[1] || '|' || t FROM unnest(first) t);
    END IF;
    RETURN first;
END
$$;

-- What a sentence with these terms probes match_keys with: its terms; each
-- two of its places and numbers, in byte order; each of its places and
-- numbers with each of its content terms.
CREATE FUNCTION ct_match_probe(terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    required text[] := ct_match_place_terms(terms) || ct_match_numbers(terms);
    content  text[] := ct_match_content(terms);
BEGIN
    RETURN terms
        || ARRAY(SELECT a || '|' || b FROM unnest(required) a, unnest(required) b
                  WHERE a COLLATE "C" < b COLLATE "C")
        || ARRAY(SELECT a || '|' || b FROM unnest(required) a, unnest(content) b);
END
$$;

DROP INDEX ct_claims_match_keys;
ALTER TABLE ct_claims DROP COLUMN match_terms, DROP COLUMN match_keys, DROP COLUMN match_content;
ALTER TABLE ct_claims
    ADD COLUMN match_terms text[]
        GENERATED ALWAYS AS (ct_match_terms(language, COALESCE(match_text, text))) STORED,
    ADD COLUMN match_keys text[]
        GENERATED ALWAYS AS (ct_match_keys(ct_match_terms(language, COALESCE(match_text, text)))) STORED,
    ADD COLUMN match_content text[]
        GENERATED ALWAYS AS (ct_match_content(ct_match_terms(language, COALESCE(match_text, text)))) STORED;
-- Without a pending list: a claim has one to three keys, cheap to put in
-- place at once, and a scan never reads through thousands of pending
-- entries for every sentence (16 ms a sentence at 100,000 claims).
CREATE INDEX ct_claims_match_keys ON ct_claims USING gin (match_keys) WITH (fastupdate = off);
CREATE INDEX ct_claims_match_text_missing ON ct_claims (id) WHERE match_text IS NULL;

COMMENT ON COLUMN ct_claims.match_text IS
    'The claim''s comparison form (src/domain/lexicon.h): lower-cased words, the lexicon''s phrases replaced; NULL until written.';
COMMENT ON COLUMN ct_claims.match_terms IS 'The terms of its comparison form (ct_match_terms), or of its text while it has none.';
COMMENT ON COLUMN ct_claims.match_content IS 'Its content terms: neither numbers nor places (the share of them a sentence holds is its score).';
COMMENT ON COLUMN ct_claims.match_keys IS 'Its keys (ct_match_keys): a sentence whose probe (ct_match_probe) holds one of them is a candidate (POST /articles/{id}/scan).';
