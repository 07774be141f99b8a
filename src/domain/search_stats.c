/*
 * search_stats.c -- the common junctions of the desk's claims, kept for
 * the searches of every request thread.
 *
 * The list is an array sorted by the junctions' bytes, with each one's
 * share of the claims ANALYZE sampled; a search finds q's junctions in it
 * by binary search (a q of a line has a few dozen windows of five code
 * points, and only those with a space in the middle are junctions). A
 * mutex guards the array while a search reads it and while a new one takes
 * its place; reading the new one from the database happens outside it, in
 * the one search that found the list due (the "reading" flag keeps the
 * others from doing it too), so no search waits on another's query.
 *
 * Why only the list's junctions matter, and what the statement does with
 * them, is in search_stats.h and sql/035_search_keys.sql.
 */
#include "domain/search_stats.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <utf8proc.h>

/* A junction is 5 code points of at most 4 bytes each. */
#define JUNCTION_BYTES_MAX 20

typedef struct stats_entry {
    char   junction[JUNCTION_BYTES_MAX + 1];
    double share;
} stats_entry;

struct ct_search_stats {
    pthread_mutex_t lock;
    stats_entry    *entries;     /* sorted by junction (strcmp); NULL when unknown */
    size_t          count;
    double          least_share; /* of the entries; 1 when there are none */
    double          claims;      /* the table's rows when it was analysed; 0: unknown */
    bool            known;       /* the list was read and the table had statistics */
    bool            reading;     /* a search is reading it from the database now */
    bool            ever_read;
    time_t          read_at;     /* CLOCK_MONOTONIC seconds of the last reading */
    uint64_t        reads;       /* readings that reached the database */
    uint64_t        searches;    /* searches given the list */
    uint64_t        unwalked;    /* searches that skipped their walk */
};

/* The most common elements of ct_claims.search_junctions in the schema the
   session works in, with their frequencies, as one JSON object:
   {"claims": the table's rows as ANALYZE or VACUUM last counted them
   (pg_class.reltuples), "junctions": [[junction, share], ...]};
   most_common_elem_freqs has three more values after the shares (the
   least and greatest frequency and that of nulls), which unnest pairs
   with no element. No row when the table was never analysed. Not
   prepared: it runs once in CT_SEARCH_STATS_TTL_S, and planning the
   pg_stats view costs each connection that prepares it about 3 ms. */
static const ct_stmt stmt_search_stats = {"ct_search_stats",
    "SELECT json_build_object('claims', c.reltuples,"
    "         'junctions', json_agg(json_build_array(u.junction, u.share)))::text"
    "  FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)"
    "       AS u(junction, share), pg_class c"
    " WHERE s.schemaname = current_schema() AND s.tablename = 'ct_claims'"
    "   AND s.attname = 'search_junctions' AND u.junction IS NOT NULL"
    "   AND c.oid = to_regclass(format('%I.ct_claims', current_schema()))"
    " GROUP BY c.reltuples", 0};

static time_t monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec;
}

ct_search_stats *ct_search_stats_create(void)
{
    ct_search_stats *stats = calloc(1, sizeof *stats);
    if (stats == NULL)
        return NULL;
    if (pthread_mutex_init(&stats->lock, NULL) != 0) {
        free(stats);
        return NULL;
    }
    return stats;
}

void ct_search_stats_destroy(ct_search_stats *stats)
{
    if (stats == NULL)
        return;
    pthread_mutex_destroy(&stats->lock);
    free(stats->entries);
    free(stats);
}

static int entry_by_junction(const void *a, const void *b)
{
    return strcmp(((const stats_entry *)a)->junction, ((const stats_entry *)b)->junction);
}

/* Put entries (malloc'd, count of them; NULL: unknown) in place of the
   list, and free the one they replace outside the lock. */
static void install(ct_search_stats *stats, stats_entry *entries, size_t count, double claims,
                    bool known)
{
    double least = 1;
    for (size_t i = 0; i < count; i++)
        least = entries[i].share < least ? entries[i].share : least;
    pthread_mutex_lock(&stats->lock);
    stats_entry *old = stats->entries;
    stats->entries = entries;
    stats->count = count;
    stats->least_share = least;
    stats->claims = claims;
    stats->known = known;
    pthread_mutex_unlock(&stats->lock);
    free(old);
}

ct_rc ct_search_stats_set(ct_search_stats *stats, const char *const *junctions,
                          const double *shares, size_t n, double claims, ct_error *err)
{
    stats_entry *entries = calloc(n ? n : 1, sizeof *entries);
    size_t kept = 0;

    if (entries == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (junctions[i] == NULL || strlen(junctions[i]) > JUNCTION_BYTES_MAX)
            continue;   /* not a junction of five code points: no q has it */
        strcpy(entries[kept].junction, junctions[i]);
        entries[kept].share = shares[i];
        kept++;
    }
    qsort(entries, kept, sizeof *entries, entry_by_junction);
    install(stats, entries, kept, claims > 0 ? claims : 0, true);
    return CT_OK;
}

/* Whether this thread is to read the list now; if so it is marked as
   being read. */
static bool claim_reading(ct_search_stats *stats)
{
    bool due;
    pthread_mutex_lock(&stats->lock);
    due = !stats->reading
          && (!stats->ever_read || monotonic_seconds() - stats->read_at >= CT_SEARCH_STATS_TTL_S);
    if (due)
        stats->reading = true;
    pthread_mutex_unlock(&stats->lock);
    return due;
}

static void end_reading(ct_search_stats *stats)
{
    pthread_mutex_lock(&stats->lock);
    stats->reads++;
    stats->reading = false;
    stats->ever_read = true;
    stats->read_at = monotonic_seconds();
    pthread_mutex_unlock(&stats->lock);
}

/* What stmt_search_stats read (JSON text) as the list. */
static ct_rc install_read(ct_search_stats *stats, const char *json, ct_error *err)
{
    json_object *read = json_tokener_parse(json), *pairs = NULL, *claims = NULL;
    json_object_object_get_ex(read, "junctions", &pairs);
    json_object_object_get_ex(read, "claims", &claims);
    size_t n = pairs && json_object_is_type(pairs, json_type_array)
               ? json_object_array_length(pairs) : 0;
    const char **junctions = calloc(n ? n : 1, sizeof *junctions);
    double *shares = calloc(n ? n : 1, sizeof *shares);
    ct_rc rc = CT_OK;

    if (junctions == NULL || shares == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    for (size_t i = 0; rc == CT_OK && i < n; i++) {
        json_object *pair = json_object_array_get_idx(pairs, i);
        junctions[i] = json_object_get_string(json_object_array_get_idx(pair, 0));
        shares[i] = json_object_get_double(json_object_array_get_idx(pair, 1));
    }
    if (rc == CT_OK && n == 0)
        install(stats, NULL, 0, 0, false);   /* not what was asked for: nothing known */
    else if (rc == CT_OK)
        rc = ct_search_stats_set(stats, junctions, shares, n, json_object_get_double(claims), err);
    free(junctions);
    free(shares);
    json_object_put(read);
    return rc;
}

ct_rc ct_search_stats_refresh(ct_search_stats *stats, ct_conn *conn, ct_error *err)
{
    char *json = NULL;
    ct_error query_err = {0};
    ct_rc rc;

    if (!claim_reading(stats))
        return CT_OK;
    rc = ct_exec_oneshot_text(conn, &stmt_search_stats, 0, NULL, "statistics", &json, &query_err);
    if (rc == CT_ENOTFOUND) {
        install(stats, NULL, 0, 0, false);   /* never analysed: nothing known */
        rc = CT_OK;
    } else if (rc == CT_OK) {
        rc = install_read(stats, json, err);
    } else {
        *err = query_err;
    }
    free(json);
    end_reading(stats);
    return rc;
}

/* q lower-cased, code point by code point, into a malloc'd string, with
   the byte offset of each code point in *offsets (malloc'd, one more for
   the end) and their number in *count. NULL when out of memory. */
static char *lower_with_offsets(const char *q, size_t **offsets, size_t *count)
{
    size_t len = strlen(q);
    char *lower = malloc(len * 4 + 1);
    size_t *at = malloc((len + 1) * sizeof *at);
    size_t n = 0, used = 0;
    utf8proc_ssize_t step;
    utf8proc_int32_t cp;

    if (lower == NULL || at == NULL) {
        free(lower);
        free(at);
        return NULL;
    }
    for (size_t i = 0; i < len; i += (size_t)step) {
        step = utf8proc_iterate((const utf8proc_uint8_t *)q + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step <= 0)
            break;   /* not UTF-8 past here: the door let none through */
        at[n++] = used;
        used += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)lower + used);
    }
    at[n] = used;
    lower[used] = '\0';
    *offsets = at;
    *count = n;
    return lower;
}

static int by_share_then_junction(const void *a, const void *b)
{
    const stats_entry *x = *(const stats_entry *const *)a, *y = *(const stats_entry *const *)b;
    if (x->share != y->share)
        return x->share > y->share ? -1 : 1;
    return strcmp(x->junction, y->junction);
}

/* The list's entries for q's junctions, each once, into found (room for
   count of them); how many. *bound becomes the least share of q's
   junctions, one not on the list counting as the list's least (1 when q
   has none). Called with the lock held. */
static size_t find_junctions(const ct_search_stats *stats, const char *lower,
                             const size_t *offsets, size_t count, const stats_entry **found,
                             double *bound)
{
    size_t nfound = 0;
    stats_entry key;

    *bound = 1;
    for (size_t i = 0; i + 5 <= count; i++) {
        size_t bytes = offsets[i + 5] - offsets[i];
        if (lower[offsets[i + 2]] != ' ' || bytes > JUNCTION_BYTES_MAX)
            continue;
        memcpy(key.junction, lower + offsets[i], bytes);
        key.junction[bytes] = '\0';
        const stats_entry *hit = bsearch(&key, stats->entries, stats->count, sizeof key,
                                         entry_by_junction);
        double share = hit ? hit->share : stats->least_share;
        *bound = share < *bound ? share : *bound;
        bool seen = false;
        for (size_t k = 0; hit && k < nfound; k++)
            seen = seen || found[k] == hit;
        if (hit && !seen)
            found[nfound++] = hit;
    }
    return nfound;
}

static void append_array_literal(ct_buf *out, const stats_entry *const *found, size_t n)
{
    ct_buf_append(out, "{");
    for (size_t k = 0; k < n; k++)
        ct_buf_append_array_item(out, found[k]->junction, strlen(found[k]->junction), k == 0);
    ct_buf_append(out, "}");
}

bool ct_search_stats_common(ct_search_stats *stats, const char *q, ct_buf *out,
                            ct_search_bound *bound)
{
    size_t *offsets = NULL, count = 0;
    char *lower = lower_with_offsets(q, &offsets, &count);
    const stats_entry **found = calloc(count + 1, sizeof *found);
    bool known = false;

    *bound = (ct_search_bound){1, 0};
    if (lower != NULL && found != NULL) {
        pthread_mutex_lock(&stats->lock);
        known = stats->known;
        if (known) {
            size_t n = find_junctions(stats, lower, offsets, count, found, &bound->share);
            bound->claims = stats->claims;
            qsort(found, n, sizeof *found, by_share_then_junction);
            append_array_literal(out, found, n);
            stats->searches++;
        }
        pthread_mutex_unlock(&stats->lock);
    }
    free(lower);
    free(offsets);
    free(found);
    return known;
}

void ct_search_stats_count_unwalked(ct_search_stats *stats)
{
    if (stats == NULL)
        return;
    pthread_mutex_lock(&stats->lock);
    stats->unwalked++;
    pthread_mutex_unlock(&stats->lock);
}

void ct_search_stats_get(ct_search_stats *stats, ct_search_stats_info *out)
{
    *out = (ct_search_stats_info){0};
    if (stats == NULL)
        return;
    pthread_mutex_lock(&stats->lock);
    *out = (ct_search_stats_info){stats->known, stats->count, stats->reads, stats->searches,
                                  stats->unwalked};
    pthread_mutex_unlock(&stats->lock);
}
