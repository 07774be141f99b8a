/*
 * conditional.h -- entity tags, If-None-Match and Last-Modified for the
 * reads of the request door (RFC 9110: section 8.8.3, ETag; section
 * 13.1.2, If-None-Match; section 15.4.5, 304 Not Modified; section 8.8.2,
 * Last-Modified, which the database dates: sql/038_last_modified.sql).
 *
 * Every successful GET answer carries a strong entity tag: the first 128
 * bits of the SHA-256 of its content type, body encoding and body, as 32
 * hex digits in quotes. It is a function of the bytes a reader gets, so it
 * changes whenever they do (a claim's new response, a rating's new words,
 * another language or format) and never when they do not, on every host
 * and process of the database alike: no clock and no cache is involved.
 *
 * A request whose If-None-Match names the answer's tag (weak comparison,
 * as section 13.1.2 requires: W/"x" matches "x"), or is "*", gets 304
 * with an empty body and the same ETag, so that a CMS or a CDN in front
 * can keep the page it has. The database is still read: the tag is of
 * the answer as it is now.
 */
#ifndef CT_CONDITIONAL_H
#define CT_CONDITIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "domain/claims.h"

/* The longest If-None-Match claimtrack reads (a list of some 100 tags). */
#define CT_IF_NONE_MATCH_MAX 4096

/* A tag with its quotes, NUL-terminated: "0123...ef" */
#define CT_ETAG_SIZE 35

/* True when text is an If-None-Match field value of RFC 9110: "*", or a
   comma-separated list of entity tags ([W/]"etagc*"), with optional
   spaces and tabs around the commas; empty list elements, and an empty
   list, are allowed (RFC 9110 section 5.6.1): it matches nothing. */
bool ct_if_none_match_valid(const char *text);

/* The strong tag of an answer, quotes included, into tag. Parts are
   hashed with a separator between them, so that moving bytes from one
   part to the next changes the tag. False when hashing fails. */
bool ct_etag_of(const char *content_type, const char *encoding, const char *body,
                char tag[CT_ETAG_SIZE]);

/* True when a valid If-None-Match value matches tag ("*" always does). */
bool ct_if_none_match_matches(const char *if_none_match, const char *tag);

/* The Last-Modified to send for date, an HTTP-date the database wrote
   (IMF-fixdate, RFC 9110 section 5.6.7: "Mon, 01 Dec 2025 09:30:15 GMT"),
   into out: date itself, or now when date is later. The database's clock
   may run ahead of the host's, and an origin must not send a
   Last-Modified later than the Date of its message (section 8.8.2.1);
   now is this process's clock, which the host's Date is of. "" when date
   is not an IMF-fixdate. */
void ct_last_modified_at_most(const char *date, time_t now, char out[CT_HTTP_DATE_SIZE]);

#endif
