/*
 * cache.c -- the readers' cache and its listener (see cache.h).
 *
 * One mutex guards everything: a hash table of entries (chained, FNV-1a)
 * threaded on a doubly linked list in order of use, the byte count, the
 * generation and the listener's state. A lookup copies the envelope out
 * under the lock, so an entry can be freed by an invalidation the moment
 * the lock is released. Requests never wait on the database for the
 * cache, only on this lock; the listener holds it only to empty the table.
 */
#include "door/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "door/conditional.h"

typedef struct entry {
    struct entry *chain;              /* next in the bucket */
    struct entry *newer, *older;      /* order of use */
    size_t        size;               /* what it counts against the limit */
    uint64_t      hash;
    char          etag[CT_ETAG_SIZE];
    char         *full;               /* the 200 envelope, in the same block after key */
    char         *not_modified;       /* the 304 envelope, after full */
    char          key[];
} entry;

struct ct_cache {
    pthread_mutex_t lock;
    entry         **buckets;
    size_t          nbuckets;         /* a power of two */
    entry          *newest, *oldest;
    size_t          bytes, limit, entries;
    uint64_t        generation;       /* raised by every invalidation */
    uint64_t        wal_needed;       /* replicas: the primary's WAL position when a change
                                         was last heard (bytes); a standby behind it would
                                         answer from before the change */
    bool            track_wal;        /* replicas are configured */
    bool            listening;
    ct_cache_stats  counts;           /* hits, misses, ... (state fields unused) */

    /* the listener */
    ct_conn        *conn;
    pthread_t       thread;
    bool            started;
    atomic_bool     stopping;
    int             wake[2];
    int             poll_ms;
    ct_log_fn       log;
    void           *log_data;
};

static uint64_t hash_of(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* ---- the table (caller holds the lock) ------------------------------------------ */

static void unlink_use(ct_cache *c, entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void push_newest(ct_cache *c, entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (c->oldest == NULL)
        c->oldest = e;
}

static entry **slot_of(ct_cache *c, const char *key, uint64_t hash)
{
    entry **at = &c->buckets[hash & (c->nbuckets - 1)];
    while (*at && ((*at)->hash != hash || strcmp((*at)->key, key) != 0))
        at = &(*at)->chain;
    return at;
}

static void remove_entry(ct_cache *c, entry *e)
{
    entry **at = slot_of(c, e->key, e->hash);
    *at = e->chain;
    unlink_use(c, e);
    c->bytes -= e->size;
    c->entries--;
    free(e);
}

static void empty_all(ct_cache *c)
{
    while (c->oldest)
        remove_entry(c, c->oldest);
    c->generation++;
}

/* ---- the listener ----------------------------------------------------------------- */

/*
 * With readers on standbys, an invalidation must also say from where in
 * the primary's WAL a standby's answer is new enough: what a standby has
 * not replayed it would answer as before, and the answer would be kept.
 * The position is asked on the listener's connection (to the primary)
 * after the change was heard, so it is at or past the change's commit.
 * UINT64_MAX when it cannot be told: no standby is new enough until the
 * next notification or reconnection tells. This is the start's question,
 * before the listener runs; the listener asks with a deadline (heard).
 */
static uint64_t primary_wal_position(ct_cache *c)
{
    uint64_t lsn = UINT64_MAX;
    bool standby = false;
    ct_error err;

    ct_error_clear(&err);
    if (!c->track_wal)
        return 0;
    if (ct_conn_wal_position(c->conn, &lsn, &standby, &err) != CT_OK)
        lsn = UINT64_MAX;
    return lsn;
}

/* Raise what a standby must have replayed (0: nothing to say; UINT64_MAX:
   a change whose position is not known, so no standby will do). Only
   ever raised, except that an unknown position gives way to the
   listener's next measure: it is taken after every change heard so far,
   the unknown one's included. Under the lock. */
static void need_wal(ct_cache *c, uint64_t lsn, bool listener)
{
    if (lsn == 0)
        return;
    if ((listener && c->wal_needed == UINT64_MAX) || lsn > c->wal_needed)
        c->wal_needed = lsn;
}

static void set_listening(ct_cache *c, bool listening, bool reconnected, bool notified,
                          uint64_t wal_position)
{
    pthread_mutex_lock(&c->lock);
    empty_all(c);
    need_wal(c, wal_position, true);
    c->listening = listening;
    c->counts.reconnects += reconnected;
    c->counts.invalidations += notified;
    pthread_mutex_unlock(&c->lock);
}

/* How long the listener waits for the primary to say where its WAL
   stands: poll_ms, but never less than this, so that a primary that is
   merely busy is not taken for one gone quiet after every change. */
#define CT_CACHE_WAL_QUESTION_MIN_MS 1000

/* A change heard, or a connection made (after which any change may have
   been missed): the cache is emptied at once and, with standbys, none of
   them will do until the primary's position is known. Then that position
   is asked, with a deadline: asked first, a primary gone quiet just after
   the notification would hold the listener with the old answers still
   served, and no later change heard. A change heard with the answer may
   have committed after the position was taken: the cache is emptied for
   it and the position asked again. Returns CT_WAIT_UNAVAILABLE when the
   position did not come (the connection is given up), else 0. */
static int heard(ct_cache *c, int seen)
{
    int wait_ms = c->poll_ms > CT_CACHE_WAL_QUESTION_MIN_MS ? c->poll_ms
                                                            : CT_CACHE_WAL_QUESTION_MIN_MS;
    uint64_t lsn;
    int again;

    set_listening(c, true, (seen & CT_WAIT_CONNECTED) != 0, (seen & CT_WAIT_NOTIFIED) != 0,
                  c->track_wal ? UINT64_MAX : 0);
    if (!c->track_wal)
        return 0;
    do {
        again = ct_conn_wal_position_by(c->conn, wait_ms, &lsn);
        if (again & CT_WAIT_UNAVAILABLE)
            return CT_WAIT_UNAVAILABLE;
        pthread_mutex_lock(&c->lock);
        if (again & CT_WAIT_NOTIFIED) {     /* another change: perhaps past lsn */
            empty_all(c);
            c->counts.invalidations++;
        } else {
            need_wal(c, lsn, true);
        }
        pthread_mutex_unlock(&c->lock);
    } while ((again & CT_WAIT_NOTIFIED) && !atomic_load(&c->stopping));
    return 0;
}

static void *listen_loop(void *arg)
{
    ct_cache *c = arg;
    bool up = true;

    while (!atomic_load(&c->stopping)) {
        int seen = ct_conn_wait(c->conn, c->wake[0], c->poll_ms);
        if (atomic_load(&c->stopping))
            break;
        /* A quiet poll_ms: a database host that vanished without closing
           the connection would look just like this, so the connection
           proves itself with an answer within poll_ms, or is given up and
           the cache with it. Served stale for at most about two poll_ms
           in that case. */
        if (seen == 0 && up)
            seen = ct_conn_ping(c->conn, c->poll_ms);
        if (!(seen & CT_WAIT_UNAVAILABLE) && (seen & (CT_WAIT_CONNECTED | CT_WAIT_NOTIFIED))) {
            up = true;
            seen = heard(c, seen);
        }
        if (seen & CT_WAIT_UNAVAILABLE) {
            /* whatever changes now will not be heard: nothing is served */
            set_listening(c, false, false, false, 0);
            if (up && c->log)
                c->log(c->log_data, CT_LEVEL_WARN,
                       "readers' cache: the listener lost its connection; not in use until it is back");
            up = false;
        }
    }
    return NULL;
}

/* ---- the interface -------------------------------------------------------------- */

ct_rc ct_cache_start(size_t bytes, const char *conninfo, const ct_session_settings *settings,
                     int poll_ms, bool track_wal, ct_log_fn log, void *log_data,
                     ct_cache **out, ct_error *err)
{
    ct_cache *c;
    ct_rc rc;

    *out = NULL;
    if (bytes == 0)
        return CT_OK;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    c->nbuckets = 64;
    while (c->nbuckets < 65536 && c->nbuckets * 2048 < bytes)
        c->nbuckets *= 2;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    c->limit = bytes;
    c->poll_ms = poll_ms;
    c->track_wal = track_wal;
    c->log = log;
    c->log_data = log_data;
    c->wake[0] = c->wake[1] = -1;
    atomic_init(&c->stopping, false);
    pthread_mutex_init(&c->lock, NULL);
    if (c->buckets == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto fail;
    }
    if (pipe(c->wake) != 0) {
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot create a pipe");
        goto fail;
    }
    /* Connected and listening before open() returns: the cache is in use
       from the first request. The listener runs none of the modules'
       statements, only the store's own (where the write-ahead log stands),
       so only those are prepared on it: the server's parsing the modules'
       hundred took about a third of an open() with one pooled connection. */
    ct_session_settings listener = *settings;
    listener.statements = NULL;
    rc = ct_conn_open(conninfo, &listener, CT_CACHE_CHANNEL, log, log_data, &c->conn, err);
    if (rc != CT_OK)
        goto fail;
    c->listening = true;
    c->wal_needed = primary_wal_position(c);
    if (pthread_create(&c->thread, NULL, listen_loop, c) != 0) {
        rc = ct_fail(err, CT_EINTERNAL, "internal", NULL, "cannot start the readers' cache listener");
        goto fail;
    }
    c->started = true;
    *out = c;
    return CT_OK;
fail:
    ct_cache_stop(c);
    return rc;
}

void ct_cache_stop(ct_cache *c)
{
    if (c == NULL)
        return;
    atomic_store(&c->stopping, true);
    if (c->started) {
        if (write(c->wake[1], "x", 1) < 0) {
            /* the pipe is ours and empty: it cannot fail; poll_ms bounds the wait anyway */
        }
        pthread_join(c->thread, NULL);
    }
    ct_conn_close(c->conn);
    if (c->wake[0] >= 0) {
        close(c->wake[0]);
        close(c->wake[1]);
    }
    if (c->buckets) {
        while (c->oldest)
            remove_entry(c, c->oldest);
    }
    free(c->buckets);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

ct_cache_ticket ct_cache_ticket_now(ct_cache *c)
{
    ct_cache_ticket ticket = {0, 0};
    if (c == NULL)
        return ticket;
    pthread_mutex_lock(&c->lock);
    ticket = (ct_cache_ticket){c->generation, c->wal_needed};
    pthread_mutex_unlock(&c->lock);
    return ticket;
}

bool ct_cache_lookup(ct_cache *c, const char *key, const char *if_none_match,
                     char **envelope, ct_cache_ticket *ticket)
{
    bool hit = false;

    *envelope = NULL;
    *ticket = (ct_cache_ticket){0, 0};
    if (c == NULL)
        return false;
    uint64_t hash = hash_of(key);
    pthread_mutex_lock(&c->lock);
    *ticket = (ct_cache_ticket){c->generation, c->wal_needed};
    entry *e = c->listening ? *slot_of(c, key, hash) : NULL;
    if (e != NULL) {
        bool same = if_none_match && ct_if_none_match_matches(if_none_match, e->etag);
        *envelope = strdup(same ? e->not_modified : e->full);
        if (*envelope == NULL) {
            ct_oom_note();
        } else {
            unlink_use(c, e);
            push_newest(c, e);
            hit = true;
        }
    }
    c->counts.hits += hit;
    c->counts.misses += !hit;
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void ct_cache_store(ct_cache *c, const char *key, const char *full, const char *not_modified,
                    const char *etag, uint64_t generation)
{
    if (c == NULL)
        return;
    size_t klen = strlen(key) + 1, flen = strlen(full) + 1, nlen = strlen(not_modified) + 1;
    size_t size = sizeof(entry) + klen + flen + nlen;
    if (size > c->limit / 8)
        return;
    /* Made before the lock is taken; a failed allocation only means this
       answer is not kept. */
    entry *e = malloc(size);
    if (e == NULL)
        return;
    memcpy(e->key, key, klen);
    e->full = e->key + klen;
    memcpy(e->full, full, flen);
    e->not_modified = e->full + flen;
    memcpy(e->not_modified, not_modified, nlen);
    memcpy(e->etag, etag, CT_ETAG_SIZE);
    e->hash = hash_of(key);
    e->size = size;
    e->chain = NULL;
    pthread_mutex_lock(&c->lock);
    entry **at = slot_of(c, key, e->hash);
    if (!c->listening || generation != c->generation || *at != NULL) {
        pthread_mutex_unlock(&c->lock);
        free(e);             /* a change was heard since the read began, or another kept it */
        return;
    }
    *at = e;
    push_newest(c, e);
    c->bytes += size;
    c->entries++;
    c->counts.stores++;
    while (c->bytes > c->limit && c->oldest != e) {
        remove_entry(c, c->oldest);
        c->counts.evictions++;
    }
    pthread_mutex_unlock(&c->lock);
}

void ct_cache_invalidate(ct_cache *c, uint64_t wal_position)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    empty_all(c);
    need_wal(c, wal_position, false);
    c->counts.invalidations++;
    pthread_mutex_unlock(&c->lock);
}

void ct_cache_stats_get(ct_cache *c, ct_cache_stats *out)
{
    memset(out, 0, sizeof *out);
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    *out = c->counts;
    out->listening = c->listening;
    out->entries = c->entries;
    out->bytes = c->bytes;
    out->limit = c->limit;
    pthread_mutex_unlock(&c->lock);
}
