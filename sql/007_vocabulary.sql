-- 007_vocabulary.sql -- one owner for every word, and a rating scale the
-- desk defines.
--
-- Statuses, response kinds and event types are declared in
-- src/vocabulary.txt; the plugin creates ct_vocabulary(section) from it at
-- every open(), before the migrations, and the CHECKs below call it, so
-- the schema accepts exactly the words the code writes. Words are only
-- ever added, never removed, so no stored row can stop being valid.
--
-- ct_ratings: the desk's own rating scale (as Dega and Meedan Check let a
-- desk define one). A claim's rating is a key of this scale when a
-- moderator gives it; imported reviews keep other fact-checkers' words as
-- they wrote them. A rating is never deleted: retiring it keeps it valid
-- on the claims that carry it and off the moderators' list. The default
-- scale (the eight ratings of earlier releases) is copied in from
-- src/vocabulary.txt by the plugin when the table is empty.

-- The list CHECKs of earlier migrations (named by 006) give way to the
-- vocabulary, under the same names.
ALTER TABLE ct_claims    DROP CONSTRAINT ct_claims_status_known;
ALTER TABLE ct_responses DROP CONSTRAINT ct_responses_kind_known;
ALTER TABLE ct_events    DROP CONSTRAINT ct_events_type_known;

ALTER TABLE ct_claims ADD CONSTRAINT ct_claims_status_known
    CHECK (status = ANY (ct_vocabulary('status')));
ALTER TABLE ct_responses ADD CONSTRAINT ct_responses_kind_known
    CHECK (kind = ANY (ct_vocabulary('kind')));
ALTER TABLE ct_events ADD CONSTRAINT ct_events_type_known
    CHECK (type = ANY (ct_vocabulary('event')));

CREATE TABLE ct_ratings (
    key        text        PRIMARY KEY
                           CONSTRAINT ct_ratings_key_length CHECK (length(key) BETWEEN 1 AND 100),
    label_en   text        NOT NULL
                           CONSTRAINT ct_ratings_label_en_length CHECK (length(label_en) BETWEEN 1 AND 100),
    label_ru   text        NOT NULL
                           CONSTRAINT ct_ratings_label_ru_length CHECK (length(label_ru) BETWEEN 1 AND 100),
    label_kk   text        NOT NULL
                           CONSTRAINT ct_ratings_label_kk_length CHECK (length(label_kk) BETWEEN 1 AND 100),
    value      integer     NOT NULL
                           CONSTRAINT ct_ratings_value_range CHECK (value BETWEEN -1000 AND 1000),
    colour     text        NOT NULL
                           CONSTRAINT ct_ratings_colour_hex CHECK (colour ~ '^#[0-9a-f]{6}$'),
    verdict    boolean     NOT NULL DEFAULT true,
    position   integer     NOT NULL
                           CONSTRAINT ct_ratings_position_positive CHECK (position >= 1),
    retired    boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE ct_ratings IS
    'The desk''s rating scale: one row per rating a moderator may give (retired ones stay for the claims that carry them).';
COMMENT ON COLUMN ct_ratings.key IS
    'The rating as stored in ct_claims.rating and sent in reviews, e.g. ''False''.';
COMMENT ON COLUMN ct_ratings.value IS
    'ClaimReview ratingValue when verdict; bestRating and worstRating are the largest and smallest value of the verdict ratings.';
COMMENT ON COLUMN ct_ratings.verdict IS
    'Whether value is a verdict on the scale (ClaimReview ratingValue); false for ratings shown in words only.';
COMMENT ON COLUMN ct_ratings.position IS
    'Order in which readers and moderators see the scale (then key).';
