-- 023_canonical_percent_encoding.sql -- one identity for a review's url
-- however its characters are written.
--
-- A review url written with its characters ("https://factcheck.kz/проверка",
-- an IRI, as feeds often write it) and the same url percent-encoded
-- ("/%D0%BF%D1%80..."), or encoded with lower-case hex, were two
-- identities, so importing both spellings made two claims of one review.
-- The import (src/domain/claimreview_import.c, percent_normalised) now
-- normalises percent-encoding as RFC 3986, 6.2.2.1 and 6.2.2.2 say: each
-- byte outside ASCII encoded, escapes in upper case, escaped unreserved
-- characters decoded; any other escape stays one ("%2F" is not "/").
-- The identities stored before get the same form here, so that their
-- next import is recognised.

CREATE FUNCTION pg_temp.is_hex(b integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 70 OR b BETWEEN 97 AND 102
$$;

-- RFC 3986's unreserved characters: ALPHA, DIGIT, "-", ".", "_", "~".
CREATE FUNCTION pg_temp.is_unreserved(b integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
        OR b IN (45, 46, 95, 126)
$$;

-- Bytes are compared as numbers: chr(0) is an error, and a stored "%00"
-- must come through as "%00".
CREATE FUNCTION pg_temp.percent_normalised(url text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    bytes  bytea := convert_to(url, 'UTF8');
    n      integer := length(bytes);
    i      integer := 0;
    b      integer;
    result text := '';
BEGIN
    WHILE i < n LOOP
        b := get_byte(bytes, i);
        IF b = 37 AND i + 2 < n AND pg_temp.is_hex(get_byte(bytes, i + 1))
           AND pg_temp.is_hex(get_byte(bytes, i + 2)) THEN
            b := get_byte(decode(chr(get_byte(bytes, i + 1)) || chr(get_byte(bytes, i + 2)), 'hex'), 0);
            result := result || CASE WHEN pg_temp.is_unreserved(b) THEN chr(b)
                                     ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END;
            i := i + 3;
        ELSE
            result := result || CASE WHEN b >= 128 THEN '%' || upper(lpad(to_hex(b), 2, '0'))
                                     ELSE chr(b) END;
            i := i + 1;
        END IF;
    END LOOP;
    RETURN result;
END
$$;

-- Only identities that hold an escape or a byte outside ASCII change, and
-- only where the result still fits a url (2,048 bytes, CT_URL_MAX): a
-- longer one the import keeps as written, as it did. A url libcurl cannot
-- read is stored by the import in this form too. Spellings of one
-- review imported before as separate claims stay separate claims: all but
-- the first get a distinct key, as 005 did; the unique index is built
-- again once they are apart.
DROP INDEX ct_imports_identity_idx;
UPDATE ct_imports
   SET canonical_url = pg_temp.percent_normalised(canonical_url)
 WHERE (strpos(canonical_url, '%') > 0 OR octet_length(canonical_url) <> length(canonical_url))
   AND length(pg_temp.percent_normalised(canonical_url)) <= 2048;
UPDATE ct_imports i SET review_key = i.review_key || '#' || i.id
  FROM (SELECT id, row_number() OVER (PARTITION BY canonical_url, review_key ORDER BY id) AS n
          FROM ct_imports) d
 WHERE d.id = i.id AND d.n > 1;
CREATE UNIQUE INDEX ct_imports_identity_idx ON ct_imports (canonical_url, review_key);

DROP FUNCTION pg_temp.percent_normalised(text);
DROP FUNCTION pg_temp.is_unreserved(integer);
DROP FUNCTION pg_temp.is_hex(integer);
