-- 031_search_junctions.sql -- a phrase of common words is found by where its words meet.
--
-- GET /claims?q= finds the claims whose lower-cased text and claimant's
-- name contain q (src/domain/claims.c, stmt_claim_search). When the newest
-- claims do not fill the page, it reads the trigram index of 011. pg_trgm
-- takes its trigrams inside words only, so a phrase whose every word is
-- common says nothing to that index about the words being together: for
-- "Каждый 7-й житель города Актау" at a million claims it intersected the
-- lists of 28 trigrams, each word's in 3-35 % of the claims, to find the 271
-- that hold the phrase (10-85 ms warm, 140 ms cold).
--
-- What is rare in such a phrase is where its words meet. A claim's
-- junctions are every five characters of that same lower-cased text whose
-- middle one is a space ("ый 7-", "-й жи", "ль го", "да ак" for the phrase
-- above). Every junction of q is a junction of every claim that contains q
-- (a piece of q is a piece of what contains it), so the claims holding all
-- of q's junctions are a superset of the answer, and LIKE still decides it.
-- No word needs to be whole: q may begin and end anywhere in a word. A q
-- without one (no space with two characters on each side: a word, "в
-- городе") is searched through the trigrams as before.
--
-- The junctions are a stored column, so that checking a row already read
-- (a bitmap page gone lossy, a row the trigram index found first) costs an
-- array comparison, not their computation again (20-30 microseconds for
-- a claim of a line or two). The column is rewritten only when the text or the claimant's
-- name changes; adding it rewrites ct_claims once, with its indexes (80 s
-- at a million claims).

-- PL/pgSQL, as 018 made the match functions: a LANGUAGE sql function that
-- cannot be inlined is planned again for every statement that calls it (each
-- claim written, each search), PL/pgSQL once a session.
CREATE FUNCTION ct_search_junctions(body text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    -- The text between two spaces (w, possibly empty) in order; the two
    -- characters before the space after w are the end of the words up to
    -- w, the two after it the start of those after, and three words on
    -- either side always hold them (an empty word between two spaces is a
    -- space of its own). A side with fewer than two characters makes no
    -- junction.
    RETURN ARRAY(SELECT DISTINCT (right(x.before, 2) || ' ' || left(x.after, 2)) COLLATE "C"
                   FROM (SELECT coalesce(lag(w, 2) OVER o || ' ', '')
                                || coalesce(lag(w) OVER o || ' ', '') || w AS before,
                                lead(w) OVER o || coalesce(' ' || lead(w, 2) OVER o, '')
                                || coalesce(' ' || lead(w, 3) OVER o, '') AS after
                           FROM unnest(string_to_array(body, ' ')) WITH ORDINALITY AS u(w, n)
                         WINDOW o AS (ORDER BY n)) x
                  WHERE length(x.before) >= 2 AND length(x.after) >= 2
                  ORDER BY 1);
END
$$;

COMMENT ON FUNCTION ct_search_junctions(text) IS
    'Every five characters of body whose middle one is a space, each once, in byte order (sql/031): what GET /claims?q= looks up for a q that has some.';

ALTER TABLE ct_claims
    ADD COLUMN search_junctions text[]
        GENERATED ALWAYS AS (ct_search_junctions(lower(text || ' ' || claimant_name))) STORED;

COMMENT ON COLUMN ct_claims.search_junctions IS
    'The junctions (ct_search_junctions) of its lower-cased text and claimant''s name, the expression the trigram index holds: a claim containing q holds all of q''s.';

CREATE INDEX ct_claims_search_junctions_idx ON ct_claims USING gin (search_junctions);
