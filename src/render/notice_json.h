/*
 * notice_json.h -- a reader's notice of a claim, written in SQL: the
 * claim as readers may see it (never who recorded it), with the day of
 * each date (a date given without a time as given, sql/036; any other in
 * the newsroom's time zone, ct_local_day, sql/005) and the articles that
 * repeat it. Spliced into notices.c's and claimreview.c's
 * statements at compile time, like domain/claim_json.h.
 */
#ifndef CT_NOTICE_JSON_H
#define CT_NOTICE_JSON_H

#include "domain/claim_json.h"

/* The rating of claim <c> on the desk's scale (ct_ratings): its words in
   <lang>, its colour, and, for a verdict, its value with the scale's best and
   worst (ClaimReview's ratingValue, bestRating, worstRating). All null for a
   rating the scale does not have, and for another fact-checker's words
   (rating_as_written, sql/022), even when they spell a key of the scale. */
#define RATING_OF(c, lang) \
    " 'rating_label', (SELECT CASE split_part(" lang ", '-', 1) WHEN 'ru' THEN r.label_ru" \
    "   WHEN 'kk' THEN r.label_kk ELSE r.label_en END FROM ct_ratings r" \
    "   WHERE r.key = " c ".rating AND NOT " c ".rating_as_written)," \
    " 'rating_colour', (SELECT r.colour FROM ct_ratings r" \
    "   WHERE r.key = " c ".rating AND NOT " c ".rating_as_written)," \
    " 'rating_scale', (SELECT json_build_object('value', r.value, 'best', s.best, 'worst', s.worst)" \
    "   FROM ct_ratings r, (SELECT max(value) AS best, min(value) AS worst FROM ct_ratings" \
    "                       WHERE verdict) s" \
    "   WHERE r.key = " c ".rating AND r.verdict AND NOT " c ".rating_as_written)"

/* Whether every mention of claim <c> in article <article> is orphaned (the
   passage was edited away): the notice is still shown, since readers who
   saw the passage deserve the verdict, and says so. False without a
   mention there (the feed). */
#define ORPHANED_IN(c, article) \
    "(SELECT COALESCE(bool_and(m.orphaned), false) FROM ct_mentions m" \
    "  WHERE m.claim_id = " c ".id AND m.article_id = " article ")"

/* A reader's notice of claim <c> as mentioned in article <article>, in <lang>.
   A role or venue left empty ("", which the API accepts) is null, as one
   not given: a notice shows neither, nor writes an empty jobTitle. */
#define NOTICE_JSON(c, article, lang) \
    "json_build_object(" \
    " 'claim_id', " c ".id, 'language', " lang ", 'claim_language', " c ".language," \
    " 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name," \
    "                               'role', NULLIF(" c ".claimant_role, '')," \
    "                               'type', " c ".claimant_type)," \
    " 'said_at', " c ".said_at, 'said_on', ct_shown_day(" c ".said_on, " c ".said_at)," \
    " 'venue', NULLIF(" c ".venue, ''), 'source_url', " c ".source_url," \
    " 'status', " c ".status, 'rating', " c ".rating," \
    " 'rating_as_written', " c ".rating_as_written," \
    RATING_OF(c, lang) "," \
    " 'published_at', " c ".published_at, 'published_on', ct_local_day(" c ".published_at)," \
    " 'updated_at', " c ".updated_at, 'updated_on', ct_local_day(" c ".updated_at)," \
    " 'responses', " RESPONSES_JSON(c) "," \
    " 'mentions', " MENTIONS_JSON(c, " AND m.article_id = " article) "," \
    " 'appearances', (SELECT COALESCE(json_agg(a.url ORDER BY a.first), '[]')" \
    "   FROM (SELECT m.article_url AS url, min(m.id) AS first FROM ct_mentions m" \
    "          WHERE m.claim_id = " c ".id AND m.article_url IS NOT NULL" \
    "          GROUP BY m.article_url) a)," \
    " 'orphaned', " ORPHANED_IN(c, article) "," \
    " 'proof', '/claims/' || " c ".id || '/proof')"

/* The language of a notice of claim <c> when no reader asked for one:
   the claim's when notices can be written in it (<written>, a text[] of
   i18n.c's list), else the configured default (<fallback>). */
#define NOTICE_LANG_OF(c, written, fallback) \
    "COALESCE(CASE WHEN split_part(" c ".language, '-', 1) = ANY(" written "::text[])" \
    " THEN split_part(" c ".language, '-', 1) END, " fallback ")"

/* The language of a notice: the requested one ($2), else as NOTICE_LANG_OF
   with the list $4 and the configured default $3. */
#define NOTICE_LANG "COALESCE($2, " NOTICE_LANG_OF("c", "$4", "$3") ")"

/* The Last-Modified of article <article>'s notices (a text expression):
   its version's time, or, without one, 027's (claim_json.h). */
#define NOTICES_LAST_MODIFIED(article) \
    "ct_http_date(greatest(COALESCE(" \
    "   (SELECT v.changed_at FROM ct_notice_versions v WHERE v.article_id = " article ")," \
    "   " VERSIONS_BEGAN("27") ")," \
    " " DESK_CHANGED_AT "))"

#endif
