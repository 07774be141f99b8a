/*
 * articles.h -- an article's mentions, re-anchored in its current text.
 *
 * Articles belong to the host CMS; claimtrack only knows them by id and by
 * the quotes its mentions keep. When the host shows or edits an article it
 * sends the current text, and each mention is found again (see anchor.h):
 * its position is updated when it moved, and a mention whose quote is gone
 * is marked orphaned, which puts its claim back in the review queue.
 * Writes happen only when something changed, so a host may anchor on
 * every page view.
 */
#ifndef CT_ARTICLES_H
#define CT_ARTICLES_H

#include <stddef.h>

#include "base/error.h"
#include "store/store.h"
#include "domain/timeline.h"

/* Longest article text accepted, in bytes of UTF-8 (1 MiB). */
#define CT_ARTICLE_TEXT_MAX (1024u * 1024u)

/*
 * Re-anchor every mention of article_id in text[0..len) (valid UTF-8),
 * inside the caller's transaction. *out (malloc'd JSON):
 * {"article_id", "length", "mentions":[{"mention_id","claim_id","status",
 *  "start","end","errors"}]} with offsets in Unicode code points and
 * status one of exact, position, context, approximate, orphaned.
 */
ct_rc ct_article_anchor(ct_conn *conn, const char *article_id, const char *text, size_t len,
                        const ct_actor *actor, char **out, ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_articles_sql[];

#endif
