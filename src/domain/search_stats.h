/*
 * search_stats.h -- which of a search's junctions are common, from what
 * PostgreSQL's statistics say of the desk's claims.
 *
 * GET /claims?q= past its walk asks the junction index (sql/031) for the
 * claims holding q's junctions. Asking for a junction that a tenth of the
 * desk holds costs more than it narrows (sql/035_search_keys.sql), so the
 * statement asks for the two rarest only, and learns which are common from
 * the list this module keeps: the most common elements of
 * ct_claims.search_junctions as ANALYZE last sampled them
 * (pg_stats.most_common_elems, about a thousand, each with its share of
 * the sampled claims). A junction not on the list is rarer than any on it.
 *
 * The same list tells a search whether to walk the newest claims before
 * asking the index (claims.c): no more of the claims can contain q than
 * hold its rarest junction, and when that share of the walk's 2,000
 * claims is less than a page, and of the whole table no more than
 * CT_SEARCH_UNWALKED_MAX claims, the walk is skipped. At a million
 * generated claims, "Каждый 7-й житель города Актау" (its rarest junction
 * in 0.67 % of them) walked 2,000 claims for none of its 271 and then read
 * the index. The share is of the whole table: claims of one week's story,
 * all among the newest, would have filled the walk's page at once, and
 * the index reads them all instead; the second condition bounds that.
 *
 * One ct_search_stats per plugin instance, read by every request thread.
 * The list is read from the database by the first search after the
 * instance opens and again by the first search once it is
 * CT_SEARCH_STATS_TTL_S old (ANALYZE runs after a tenth of the table has
 * changed, so the list changes slowly); the search that reads it waits for
 * it (one query on pg_stats, about a millisecond), the others go on with
 * the list they have. What the list says only changes how fast a search
 * is: any of q's junctions find a superset of its answer, which LIKE then
 * decides, and a search that skips its walk finds what the walk would have.
 */
#ifndef CT_SEARCH_STATS_H
#define CT_SEARCH_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "store/store.h"

/* Seconds after which the list is read again. */
#define CT_SEARCH_STATS_TTL_S 300

typedef struct ct_search_stats ct_search_stats;

/* A list that knows nothing yet (its first search reads it); NULL when out
   of memory. */
ct_search_stats *ct_search_stats_create(void);
void ct_search_stats_destroy(ct_search_stats *stats);

/* Read the list again from the database conn is on (the search's own
   connection, inside its transaction), when it was never read or is
   CT_SEARCH_STATS_TTL_S old and no other thread is reading it; else do
   nothing. A table never analysed leaves the list unknown. An error of the
   query is the caller's (it leaves the transaction failed). */
ct_rc ct_search_stats_refresh(ct_search_stats *stats, ct_conn *conn, ct_error *err);

/* Replace the list with n junctions and their shares of the claims (0 to
   1), in any order, and the table's claims when they were counted
   (pg_class.reltuples; 0 or less: unknown); what ct_search_stats_refresh
   does with what it read. CT_ENOMEM leaves the list as it was. */
ct_rc ct_search_stats_set(ct_search_stats *stats, const char *const *junctions,
                          const double *shares, size_t n, double claims, ct_error *err);

/* What the list says of how many claims can contain a q: an estimate from
   the rows ANALYZE sampled, not a certainty (the list is as old as the
   last ANALYZE, and up to CT_SEARCH_STATS_TTL_S older). */
typedef struct ct_search_bound {
    double share;    /* the most of the claims that can contain q, 0 to 1: a
                        claim containing q holds every one of its junctions,
                        so no more than hold the rarest of them, a junction
                        not on the list counting as the least common one on
                        it; 1 when q has no junction, the list is empty or
                        it is unknown */
    double claims;   /* the table's claims when the statistics were taken
                        (pg_class.reltuples); 0 when unknown */
} ct_search_bound;

/* Append to out, as a PostgreSQL text[] literal, the junctions of q that
   are on the list, most common first (ties in byte order), each once: the
   $7 of the search (ct_search_keys' common). A junction of q is five code
   points of its lower-cased form whose middle one is a space (lower-cased
   here by utf8proc's simple case mapping, which agrees with PostgreSQL's
   lower() for the scripts claims are written in; where they differ, as
   for a Greek final sigma or under an ICU collation's lower(), a common
   junction is taken for a rare one: a page as right, found more slowly,
   as the search may then skip its walk). Sets *bound (ct_search_bound)
   for the search's choice of walk (ct_search_walk_length, claims.h).

   Returns false, appending nothing and setting *bound to {1, 0}, when the
   list is unknown (never read, or the table never analysed): the
   statement then asks for every junction, and walks. */
bool ct_search_stats_common(ct_search_stats *stats, const char *q, ct_buf *out,
                            ct_search_bound *bound);

/* Count a search answered without a walk (GET /health). */
void ct_search_stats_count_unwalked(ct_search_stats *stats);

/* What GET /health reports of the list. */
typedef struct ct_search_stats_info {
    bool     known;       /* read, from a table that had statistics */
    size_t   junctions;   /* on the list */
    uint64_t reads;       /* times it was read from the database */
    uint64_t searches;    /* searches it answered (ct_search_stats_common true) */
    uint64_t unwalked;    /* searches answered without a walk */
} ct_search_stats_info;

/* A consistent copy of those figures; all zero for a NULL stats. */
void ct_search_stats_get(ct_search_stats *stats, ct_search_stats_info *out);

#endif
