/*
 * claims.h -- recording, reading and listing claims, and the articles
 * they are mentioned in.
 *
 * Inputs arrive already validated (types, UTF-8, lengths, dates, URLs) by
 * the request door; these functions apply the rules of the domain inside
 * the caller's transaction and append to the timeline. Claim ids are
 * decimal text, as they travel to and from the database.
 */
#ifndef CT_CLAIMS_H
#define CT_CLAIMS_H

#include <stdbool.h>

#include "base/error.h"
#include "store/store.h"
#include "domain/search_stats.h"
#include "domain/timeline.h"

/* Maximum lengths, in Unicode code points. */
#define CT_CLAIM_TEXT_MAX   10000

/* GET /claims?q=: how many of the newest claims the asker may see a search
   checks one by one before it reads the trigram index instead (claims.c,
   ct_stmt_claim_search). 2,000 rows cost about 5 ms at a million claims. */
#define CT_SEARCH_WALK      2000
/* The same number as SQL text, for the statement and the tests. */
#define CT_SEARCH_WALK_TEXT CT_SEARCH_STRINGIFY(CT_SEARCH_WALK)
#define CT_SEARCH_STRINGIFY(n) CT_SEARCH_STRINGIFY_(n)
#define CT_SEARCH_STRINGIFY_(n) #n
#define CT_NAME_MAX         200
#define CT_VENUE_MAX        500
#define CT_SUMMARY_MAX      5000
#define CT_ARTICLE_ID_MAX   200
#define CT_QUOTE_MAX        2000
#define CT_QUOTE_CONTEXT_MAX 200

/* A W3C TextQuoteSelector. prefix and suffix may be NULL. */
typedef struct ct_quote {
    const char *exact;
    const char *prefix;
    const char *suffix;
} ct_quote;

/* Where a claim appears: an article of the host CMS. */
typedef struct ct_mention_input {
    const char *article_id;
    const char *article_url;   /* may be NULL */
    ct_quote    quote;
    const char *start;         /* TextPositionSelector in code points, decimal; */
    const char *end;           /* both NULL when the host did not give one      */
    const char *method;        /* how it was found, for the mention_added event:
                                  "suggested" (a scan's, scan.h); NULL: tagged */
} ct_mention_input;

typedef struct ct_claim_input {
    const char *text;
    const char *claimant_name;
    const char *claimant_role;  /* may be NULL */
    const char *claimant_type;  /* "person" (also when NULL) or "organization" */
    const char *said_at;        /* RFC 3339 date or date-time; NULL: unknown
                                   (an import; requests require it) */
    const char *venue;          /* may be NULL */
    const char *language;
    const char *source_url;     /* may be NULL */
    bool        has_mention;
    ct_mention_input mention;
} ct_claim_input;

typedef struct ct_claim_filter {
    const char *status;         /* NULL: any */
    const char *query;          /* substring of text or claimant; NULL: any */
    const char *language;       /* NULL: any */
    const char *before_id;      /* cursor: ids below this; NULL: from the newest */
    int         limit;
    bool        include_unpublished;
} ct_claim_filter;

/*
 * Record a claim (status disputed, version 1), its mention when given, and
 * the timeline events. *claim_id_out receives the new id (malloc'd).
 */
ct_rc ct_claim_create(ct_conn *conn, const ct_claim_input *in, const ct_actor *actor,
                      char **claim_id_out, ct_error *err);

/* Record that claim_id appears in an article. */
ct_rc ct_mention_add(ct_conn *conn, const char *claim_id, const ct_mention_input *in,
                     const ct_actor *actor, ct_error *err);

/* One claim with its responses and mentions as JSON text (malloc'd):
   CT_ENOTFOUND when there is none the caller may see (an unpublished one
   unless include_unpublished). Composed afresh: what a write replies with. */
ct_rc ct_claim_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                    char **json_out, ct_error *err);

/* An HTTP-date (RFC 9110 section 5.6.7, IMF-fixdate) with its NUL:
   "Mon, 07 Dec 2026 03:15:30 GMT". */
#define CT_HTTP_DATE_SIZE 30

/* Copy an HTTP-date the database wrote (ct_http_date, sql/038) into out,
   or make out "" when there is none (NULL) or it is not of that length. */
void ct_http_date_copy(const char *value, char out[CT_HTTP_DATE_SIZE]);

/* The same answer for GET /claims/{id}, read back ready-made when it was
   composed before and nothing it shows changed since (sql/029), else
   composed and kept for the next caller in the same role and time zone,
   in any process. On a standby it is always composed. Must run in the
   request's transaction on the primary: keeping writes. last_modified
   gets when the answer last changed, as an HTTP-date (sql/038), read in
   the same snapshot: the latest of the claim's and the rating scale's
   version times; "" when it is not known. */
ct_rc ct_claim_read(ct_conn *conn, const char *claim_id, bool include_unpublished,
                    char **json_out, char last_modified[CT_HTTP_DATE_SIZE], ct_error *err);

/* A page of claims, newest first: {"claims":[...],"next_cursor":...}. A
   search (filter->query) asks the junction index for q's rarest junctions
   by what stats knows of them (search_stats.h; NULL: it asks for all),
   and walks the newest claims first unless stats shows the walk would
   most likely not fill the page (ct_search_walk_length). */
ct_rc ct_claim_list(ct_conn *conn, const ct_claim_filter *filter, ct_search_stats *stats,
                    char **json_out, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_claims_sql[];

/* The search's first statement (not prepared: planned for its values),
   for the tests of its plans: $1 status, $2 q, $3 language, $4 staff, $5
   cursor, $6 limit, $7 q's common junctions (search_stats.h), $8 how
   many of the newest claims to walk (ct_search_walk_length); one row,
   the page's claim ids as a bigint[] literal, newest first. Any $8 from 0
   up finds the same page. */
extern const ct_stmt ct_stmt_claim_search;

/* The most claims a search that skips its walk may expect to read
   through its index (the statistics' bound of q's share times the table's
   claims): about the time of five walks. A q whose claims are all among
   the newest (a story of the week) would have filled its page in the
   walk, and the index step reads every one of them instead; this bounds
   what that costs while the statistics are right. */
#define CT_SEARCH_UNWALKED_MAX 10000

/* How many of the newest claims a search for a page of limit claims
   walks before it reads its index: CT_SEARCH_WALK, or 0 when the
   statistics (ct_search_stats_common) estimate that at most
   bound->share of the claims contain q, that this share of CT_SEARCH_WALK
   claims is fewer than limit (the walk would most likely not fill the
   page, and the index would be read after it anyway), and that it is no
   more than CT_SEARCH_UNWALKED_MAX claims of the bound->claims the table
   holds (a table of unknown size: walk). */
int ct_search_walk_length(const ct_search_bound *bound, int limit);

/* "scan" read as a number: the first key of an article's advisory lock
   (the two-key space; migrate.c's lock is in the one-key space). */
#define CT_ARTICLE_LOCK_CLASS "1935892846"

/* Lock an article for the rest of the transaction: $1 its id, the second
   key its hashtext (two ids of one hash merely wait in turn). Taken by a
   scan before it reads the article's mentions (scan.c) and by every
   mention added (ct_mention_add), article first, claim after. */
extern const ct_stmt ct_stmt_article_lock;

/* Lock a claim for a change: id -> status, version, rating, published,
   rating_as_written (FOR UPDATE); review.c takes the same lock. */
extern const ct_stmt ct_stmt_claim_lock;

#endif
