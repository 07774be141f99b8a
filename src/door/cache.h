/*
 * cache.h -- the readers' cache: answers of readers' reads kept in the
 * instance's memory, dropped the moment the database says anything they
 * were made from may have changed.
 *
 * What is kept: the whole 200 response envelope (with its ETag) of a GET
 * that a route marks cacheable, asked by a reader or anonymously, keyed
 * by the route's path and its query. Staff's reads are never kept: they
 * must see their own writes, and unpublished claims, at once. Every query
 * is an entry of its own (each search, each article's notices), so a run
 * of new ones pushes the least recently used answers out, never the cache
 * past its bound.
 *
 * When it is dropped: sql/010_reader_cache.sql puts statement triggers on
 * every table a reader's answer is made from (claims, responses, mentions,
 * evidence, ratings, events); each NOTIFYs the channel ct_readers, which
 * PostgreSQL delivers when (and only when) the writing transaction
 * commits, to every listening session of the database: every host and
 * process, whoever wrote (a route, a job, psql). Since sql/040 a write
 * that no reader can see notifies no one: one to unpublished claims that
 * the writing transaction itself wrote, and so holds until it commits
 * (recording a claim, linking a response to a claim under review,
 * reviewing without publishing); sql/040 says why that is safe. A thread
 * of the instance LISTENs on a connection of its own and empties the
 * cache on each notification. Invalidation is whole: any change empties
 * everything, which is never wrong, and simple enough to trust.
 *
 * Never stale: an answer read before a change but stored after the change
 * was heard would outlive it, so every answer is stored only if no
 * notification arrived since its read began (a generation count). While
 * the listener is not connected (after its connection was lost, while the
 * database is away) nothing is served from the cache or stored in it, and
 * when it connects again the cache starts empty: what changed meanwhile
 * was not heard. A connection whose server vanished without closing it
 * would look merely quiet, so after each quiet poll_ms (the outbound
 * setting) the listener asks for an answer within poll_ms, and gives the
 * connection (and the cache's contents) up when none comes: in that case
 * readers may be served stale for at most about two poll_ms.
 *
 * With readers on standbys (configuration replicas), an answer read
 * from a standby is as old as what the standby has replayed. So every
 * invalidation also records where the primary's write-ahead log stood
 * when the change was heard (asked on the listener's connection, which is
 * to the primary) or, for the instance's own write, just after it
 * committed; a reader's read goes to a standby only when the standby has
 * replayed that far (ct_cache_ticket.wal_needed), and to the primary
 * otherwise. An answer kept is then never older than the last change
 * heard. The cache is emptied as soon as a change is heard, before that
 * position is asked, and no standby answers until it is known; the
 * question waits poll_ms at most (at least a second), and a connection
 * that leaves it unanswered is given up like a quiet one.
 *
 * Bounded: entries and keys count against "bytes" (configuration
 * reader_cache_bytes); the least recently used are evicted first; one
 * answer larger than an eighth of it is not kept. 0 turns the cache off:
 * no thread, no connection.
 */
#ifndef CT_CACHE_H
#define CT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

typedef struct ct_cache ct_cache;

/* The channel the triggers of sql/010_reader_cache.sql and sql/040 notify. */
#define CT_CACHE_CHANNEL "ct_readers"

/* What GET /health reports of the cache. */
typedef struct ct_cache_stats {
    bool     listening;        /* the listener is connected: the cache is in use */
    size_t   entries, bytes, limit;
    uint64_t hits, misses, stores, evictions, invalidations, reconnects;
} ct_cache_stats;

/* What a miss hands on to the read it leads to. */
typedef struct ct_cache_ticket {
    uint64_t generation;   /* to hand to ct_cache_store once the answer is made */
    uint64_t wal_needed;   /* a standby must have replayed this far (bytes from 0/0)
                              to answer it; 0 when no change was heard, UINT64_MAX
                              when the position is not known (no standby will do) */
} ct_cache_ticket;

/*
 * Start a cache of at most bytes, and its listener thread on a connection
 * of its own (conninfo and settings as the pool's; log for its failures).
 * track_wal: readers may read from standbys, so every invalidation
 * records the primary's WAL position (above). *out is NULL and CT_OK when
 * bytes is 0 (no cache). The listener keeps trying to connect every
 * poll_ms while the database is away.
 */
ct_rc ct_cache_start(size_t bytes, const char *conninfo, const ct_session_settings *settings,
                     int poll_ms, bool track_wal, ct_log_fn log, void *log_data,
                     ct_cache **out, ct_error *err);

/* Stop the listener, free every entry. NULL is fine. */
void ct_cache_stop(ct_cache *cache);

/*
 * Look key up. On a hit, *envelope is a malloc'd copy of the stored 200
 * envelope, or of its 304 envelope when if_none_match (NULL: none) names
 * the stored tag (conditional.h), and true is returned. On a miss,
 * *ticket says what the read must be made from and what to hand to
 * ct_cache_store once the answer is made.
 * False also when the cache is not in use (cache NULL, listener down) or
 * the copy fails for want of memory (noted).
 */
bool ct_cache_lookup(ct_cache *cache, const char *key, const char *if_none_match,
                     char **envelope, ct_cache_ticket *ticket);

/* The ticket a lookup would give, for a reader's read that is not kept
   (a route the cache does not hold, a request too long to be a key): on
   standbys it too must be no older than the last change heard. {0, 0}
   when cache is NULL. */
ct_cache_ticket ct_cache_ticket_now(ct_cache *cache);

/* Keep an answer under key: its 200 envelope, its 304 envelope and its
   tag (copied), unless a change was heard since generation, the listener
   is down, or it is too large. */
void ct_cache_store(ct_cache *cache, const char *key, const char *full, const char *not_modified,
                    const char *etag, uint64_t generation);

/* Empty the cache now: the instance's own write has just committed, and
   its next reader must see it without waiting for the notification.
   wal_position: the primary's WAL position after that commit (0 when
   readers read only from the primary, UINT64_MAX when it could not be
   asked: no standby answers until the listener measures again). */
void ct_cache_invalidate(ct_cache *cache, uint64_t wal_position);

/* Counters and state now. */
void ct_cache_stats_get(ct_cache *cache, ct_cache_stats *out);

#endif
