-- 013_matching.sql -- finding the passages of an article that repeat a
-- known claim (POST /articles/{id}/scan, src/domain/scan.c).
--
-- Matching starts from PostgreSQL's full-text search: a claim and each
-- sentence of an article are reduced to their terms, and a claim is a
-- candidate for a sentence that holds most of its terms. The terms are
-- the lexemes of the text search configuration of the language (russian
-- and english: Snowball stems, stop words dropped); for Kazakh, which
-- PostgreSQL has no stemmer for, the simple configuration's words cut to
-- their first five letters (Kazakh inflects by suffixes: Астанадағы,
-- Астанада and Астананың all become "астан"), words under three letters
-- dropped. The same function reduces claims and sentences, so the two
-- always agree. A claim's terms are kept with it (match_terms), and its two
-- longest terms (match_keys, the least common as a rule) are what finds it:
-- a sentence is a candidate for the claims one of whose keys it holds,
-- through a GIN index, so an article's scan reads the few claims that could
-- match, not every claim sharing a common word ("город", "год").

-- The text search configuration of a language tag.
CREATE FUNCTION ct_match_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE split_part(lower(language), '-', 1)
               WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
               WHEN 'en' THEN 'pg_catalog.english'::regconfig
               ELSE 'pg_catalog.simple'::regconfig END
$$;

-- The terms of a text in a language, distinct and sorted.
CREATE FUNCTION ct_match_terms(language text, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN ct_match_config(language) = 'pg_catalog.simple'::regconfig
                THEN ARRAY(SELECT DISTINCT left(l, 5)
                             FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.simple', body))) l
                            WHERE length(l) >= 3 ORDER BY 1)
                ELSE tsvector_to_array(to_tsvector(ct_match_config(language), body)) END
$$;

-- The words that name places (LIKE patterns of their beginnings): the same
-- list as src/domain/scan.c's places, which checks them apart (test_scan
-- holds the two equal). Not content: a claim's content terms leave them out.
CREATE FUNCTION ct_match_places() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[
        'астан%', 'astana%', 'столиц%', 'елорд%', 'capital%', 'нурсултан%',
        'алмат%', 'almaty%', 'шымкент%', 'shymkent%', 'караганд%', 'қарағанд%',
        'karagand%', 'qaraghand%', 'актоб%', 'ақтөб%', 'aktob%', 'aqtob%',
        'павлодар%', 'pavlodar%', 'атырау%', 'atyrau%', 'тараз%', 'taraz%',
        'костана%', 'қостана%', 'kostana%', 'туркестан%', 'түркіст%', 'turkestan%',
        'кызылорд%', 'қызылорд%', 'kyzylord%', 'петропавл%', 'petropavl%', 'өскемен%',
        'оскемен%', 'oskemen%', 'уральск%', 'uralsk%', 'актау%', 'ақтау%',
        'aktau%', 'экибастуз%', 'екібастұз%', 'ekibastuz%', 'каракас%', 'caracas%',
        'венесуэл%', 'venezuel%', 'балхаш%', 'балқаш%', 'balkhash%', 'алакол%',
        'алакөл%', 'alakol%', 'казахстан%', 'қазақстан%', 'kazakhstan%', 'узбекистан%',
        'өзбекстан%', 'uzbekistan%', 'кыргызстан%', 'қырғызстан%', 'kyrgyzstan%', 'росси%',
        'ресей%', 'russia%']
$$;

-- A claim's content terms: neither numbers nor places.
CREATE FUNCTION ct_match_content(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT t FROM unnest(terms) t
                  WHERE t !~ '^[0-9]+$' AND NOT t LIKE ANY (ct_match_places()))
$$;

-- The two longest terms of a list (ties in byte order).
CREATE FUNCTION ct_match_keys(terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT t FROM unnest(terms) t ORDER BY length(t) DESC, t LIMIT 2)
$$;

ALTER TABLE ct_claims
    ADD COLUMN match_terms text[] GENERATED ALWAYS AS (ct_match_terms(language, text)) STORED,
    ADD COLUMN match_keys text[]
        GENERATED ALWAYS AS (ct_match_keys(ct_match_terms(language, text))) STORED,
    ADD COLUMN match_content text[]
        GENERATED ALWAYS AS (ct_match_content(ct_match_terms(language, text))) STORED;
CREATE INDEX ct_claims_match_keys ON ct_claims USING gin (match_keys);

-- Suggestions: passages a scan found, waiting for an editor. A dismissed
-- one is kept so that the same claim is never suggested again for that
-- article.
CREATE TABLE ct_suggestions (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    article_id     text        NOT NULL,
    claim_id       bigint      NOT NULL,
    position_start integer     NOT NULL,
    position_end   integer     NOT NULL,
    quote_exact    text        NOT NULL,
    -- up to 32 code points before and after: the W3C TextQuoteSelector a
    -- confirmed suggestion's mention gets
    quote_prefix   text        NOT NULL DEFAULT '',
    quote_suffix   text        NOT NULL DEFAULT '',
    score          real        NOT NULL,
    method         text        NOT NULL,
    status         text        NOT NULL DEFAULT 'pending',
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text        NOT NULL,
    CONSTRAINT ct_suggestions_pkey PRIMARY KEY (id),
    CONSTRAINT ct_suggestions_claim_ref FOREIGN KEY (claim_id) REFERENCES ct_claims (id),
    CONSTRAINT ct_suggestions_article_id_length CHECK (length(article_id) BETWEEN 1 AND 200),
    CONSTRAINT ct_suggestions_positions CHECK (position_start >= 0 AND position_end > position_start),
    CONSTRAINT ct_suggestions_score_range CHECK (score >= 0 AND score <= 1),
    CONSTRAINT ct_suggestions_method_known CHECK (method IN ('verbatim', 'lexical')),
    CONSTRAINT ct_suggestions_status_known CHECK (status IN ('pending', 'dismissed')),
    CONSTRAINT ct_suggestions_created_by_length CHECK (length(created_by) BETWEEN 1 AND 200)
);
CREATE INDEX ct_suggestions_article_idx ON ct_suggestions (article_id, status, claim_id);
CREATE INDEX ct_suggestions_claim_idx ON ct_suggestions (claim_id);

COMMENT ON COLUMN ct_claims.match_terms IS 'The claim''s terms as matching compares them (ct_match_terms).';
COMMENT ON COLUMN ct_claims.match_content IS 'Its content terms: neither numbers nor places (the share of them a sentence holds is its score).';
COMMENT ON COLUMN ct_claims.match_keys IS 'Its two longest terms: a sentence holding one of them is a candidate (POST /articles/{id}/scan).';
COMMENT ON FUNCTION ct_match_terms(text, text) IS
    'The terms matching compares: the text search lexemes of the language (russian, english), or for other languages (Kazakh) the simple configuration''s words of three letters or more cut to five.';
COMMENT ON TABLE ct_suggestions IS
    'Passages of an article that a scan (POST /articles/{id}/scan) found to repeat a known claim, waiting for an editor; dismissed ones are kept so the claim is not suggested again for the article.';
COMMENT ON COLUMN ct_suggestions.position_start IS 'Start of the passage in the scanned text, in code points.';
COMMENT ON COLUMN ct_suggestions.position_end IS 'End (exclusive) of the passage in the scanned text, in code points.';
COMMENT ON COLUMN ct_suggestions.created_at IS 'When the scan found it (UTC).';
