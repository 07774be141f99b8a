/*
 * bench_data.c -- a newsroom's years of fact-checking, made up at once:
 * what `make bench` measures claimtrack against at scale.
 *
 *   usage: bench_data PLUGIN CONNINFO SCHEMA [CLAIMS]
 *
 * Opens the plugin once on SCHEMA (so the schema is claimtrack's own,
 * migrated as a host would), then fills its tables with COPY, never
 * through requests: CLAIMS claims (1,000,000), ten timeline events each,
 * three mentions each in CLAIMS / 5 articles (about fifteen claims an
 * article), one response for every claim that has a verdict, and the
 * archived copies of the claims' and responses' sources (ct_evidence). The text
 * is Russian (70 %), English (20 %) and Kazakh (10 %) news language made
 * from templates: cities, people, numbers, years, so that searching it is
 * like searching a desk's archive (a city's name is in thousands of
 * claims, a number in a few).
 *
 * Loading is fast the way PostgreSQL's documentation advises: the
 * secondary indexes are dropped and made again afterwards, triggers are
 * off for the load (session_replication_role = replica: no outbox rows,
 * no evidence fetches, no notifications for made-up history), and the
 * tables are analysed at the end. The identity sequences continue after
 * the rows loaded. The events are then brought into the timeline's Merkle
 * tree as the migration brings a database's existing events
 * (sql/012_transparency.sql): a leaf each, in record order, numbered and
 * with every complete subtree stored, so that proofs and writes at scale
 * are measured on a tree of the data set's size. SCHEMA must be empty of claims: the generator refuses
 * to add to a real desk's data.
 *
 * Deterministic: the same CLAIMS gives the same rows.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "claimtrack/loader.h"
#include "domain/lexicon.h"

#define EVENTS_PER_CLAIM    10
#define MENTIONS_PER_CLAIM  3
#define CLAIMS_PER_ARTICLE  5       /* articles = claims / 5 */
#define BATCH               (1 << 20)

static PGconn *pg;

/* ---- made-up text --------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next_random() % n);
}

#define PICK(list) (list[pick(sizeof list / sizeof list[0])])

static const char *const cities_ru[] = {
    "Астана", "Алматы", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар",
    "Усть-Каменогорск", "Семей", "Атырау", "Костанай", "Кызылорда", "Уральск",
    "Петропавловск", "Актау", "Туркестан", "Каракас", "Бишкек", "Ташкент", "Москва",
    "Тбилиси", "Баку", "Новосибирск", "Омск"};
static const char *const cities_en[] = {
    "Astana", "Almaty", "Shymkent", "Karaganda", "Aktobe", "Taraz", "Pavlodar",
    "Semey", "Atyrau", "Kostanay", "Caracas", "Bishkek", "Tashkent", "Moscow",
    "Tbilisi", "Baku", "London", "Chicago", "Johannesburg", "Bogota"};
static const char *const cities_kk[] = {
    "Астана", "Алматы", "Шымкент", "Қарағанды", "Ақтөбе", "Тараз", "Павлодар",
    "Семей", "Атырау", "Қостанай", "Қызылорда", "Орал", "Каракас", "Бішкек"};
static const char *const people_ru[] = {
    "депутат городского маслихата", "аким области", "министр внутренних дел",
    "депутат мажилиса", "председатель партии", "блогер", "эксперт по безопасности",
    "министр образования", "вице-министр финансов", "глава управления полиции"};
static const char *const people_en[] = {
    "a city council member", "the regional governor", "the interior minister",
    "a member of parliament", "a party leader", "a blogger", "a security analyst",
    "the education minister", "a deputy finance minister"};
static const char *const people_kk[] = {
    "қалалық мәслихат депутаты", "облыс әкімі", "ішкі істер министрі",
    "Мәжіліс депутаты", "партия төрағасы", "блогер"};
static const char *const names[] = {
    "Ерлан Сапаров", "Айгуль Нурланова", "Дмитрий Ковалёв", "Марат Бекжанов",
    "Светлана Ким", "Нурлан Абенов", "Ольга Петренко", "Асхат Жумабаев",
    "Гульнара Сейтова", "Игорь Белов", "John Miller", "Sarah Collins", "Timur Akhmetov",
    "Dana Ospanova", "Алия Тулегенова", "Бауыржан Есенов"};
static const char *const topics_ru[] = {
    "по уровню преступности", "по числу краж", "по качеству дорог",
    "по загрязнению воздуха", "по ценам на жильё", "по безработице",
    "по числу ДТП", "по уровню зарплат"};
static const char *const topics_en[] = {
    "on crime", "on burglaries", "on road quality", "on air pollution",
    "on housing prices", "on unemployment", "on traffic deaths", "on wages"};
static const char *const topics_kk[] = {
    "қылмыс деңгейі бойынша", "ұрлық саны бойынша", "жол сапасы бойынша",
    "ауа ластануы бойынша", "тұрғын үй бағасы бойынша"};
static const char *const statuses[] = {
    "disputed", "disputed", "disputed", "disputed", "under_review",
    "rebutted", "rebutted", "rebutted", "corrected", "retracted", "confirmed", "dismissed"};
static const char *const kinds[] = {
    "rebuttal", "rebuttal", "correction", "apology", "clarification", "context"};
static const char *const responders[] = {
    "Полиция Астаны", "Департамент полиции Алматы", "Министерство внутренних дел",
    "Акимат города", "Комитет по правовой статистике", "Police of Almaty",
    "Бюро национальной статистики", "Ministry of Finance"};

typedef struct claim_text {
    char text[512];
    char who[256];
    const char *language;
} claim_text;

/* One claim's words: the template, its city, person and numbers. */
static void make_text(claim_text *c)
{
    unsigned roll = pick(10), form = pick(6), n = 5 + pick(90), year = 2012 + pick(14);

    if (roll < 7) {
        const char *city = PICK(cities_ru), *other = PICK(cities_ru);
        c->language = "ru";
        snprintf(c->who, sizeof c->who, "%s, %s", PICK(names), PICK(people_ru));
        switch (form) {
        case 0: snprintf(c->text, sizeof c->text, "%s %s — как %s", city, PICK(topics_ru), other); break;
        case 1: snprintf(c->text, sizeof c->text, "Преступность в городе %s выросла на %u %% за %u год",
                         city, n, year); break;
        case 2: snprintf(c->text, sizeof c->text, "Каждый %u-й житель города %s сталкивался с кражей",
                         2 + n % 20, city); break;
        case 3: snprintf(c->text, sizeof c->text, "%s %s хуже, чем %s, и так с %u года",
                         city, PICK(topics_ru), other, year); break;
        case 4: snprintf(c->text, sizeof c->text, "Зарплаты учителей в городе %s выросли в %u раза с %u года",
                         city, 2 + n % 3, year); break;
        default: snprintf(c->text, sizeof c->text, "В городе %s %u %% жителей не чувствуют себя "
                          "в безопасности по вечерам", city, n); break;
        }
    } else if (roll < 9) {
        const char *city = PICK(cities_en), *other = PICK(cities_en);
        c->language = "en";
        snprintf(c->who, sizeof c->who, "%s, %s", PICK(names), PICK(people_en));
        switch (form) {
        case 0: snprintf(c->text, sizeof c->text, "%s is like %s %s", city, other, PICK(topics_en)); break;
        case 1: snprintf(c->text, sizeof c->text, "Crime in %s rose by %u%% in %u", city, n, year); break;
        case 2: snprintf(c->text, sizeof c->text, "One in %u residents of %s has been burgled",
                         2 + n % 20, city); break;
        case 3: snprintf(c->text, sizeof c->text, "%s does worse than %s %s, and has since %u",
                         city, other, PICK(topics_en), year); break;
        case 4: snprintf(c->text, sizeof c->text, "Teachers' pay in %s has grown %u times since %u",
                         city, 2 + n % 4, year); break;
        default: snprintf(c->text, sizeof c->text, "%u%% of people in %s feel unsafe at night",
                          n, city); break;
        }
    } else {
        const char *city = PICK(cities_kk), *other = PICK(cities_kk);
        c->language = "kk";
        snprintf(c->who, sizeof c->who, "%s, %s", PICK(names), PICK(people_kk));
        switch (form % 3) {
        case 0: snprintf(c->text, sizeof c->text, "%s %s %s сияқты", city, PICK(topics_kk), other); break;
        case 1: snprintf(c->text, sizeof c->text, "%s қаласында қылмыс %u жылы %u пайызға өсті",
                         city, year, n); break;
        default: snprintf(c->text, sizeof c->text, "%s қаласында мұғалімдердің жалақысы %u есе өсті",
                          city, 2 + n % 4); break;
        }
    }
}

/* ---- COPY ------------------------------------------------------------------------ */

static char *batch;
static size_t used;

static void die(const char *what)
{
    fprintf(stderr, "bench_data: %s: %s\n", what, PQerrorMessage(pg));
    exit(1);
}

static void flush(void)
{
    if (used > 0 && PQputCopyData(pg, batch, (int)used) != 1)
        die("COPY");
    used = 0;
}

/* Append printf output to the COPY batch. */
static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...)
{
    va_list ap;
    if (used > BATCH - 4096)
        flush();
    va_start(ap, fmt);
    int n = vsnprintf(batch + used, BATCH - used, fmt, ap);
    va_end(ap);
    used += (size_t)n;
}

static void copy_begin(const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN)
        die(sql);
    PQclear(res);
}

static void copy_end(void)
{
    flush();
    if (PQputCopyEnd(pg, NULL) != 1)
        die("COPY end");
    PGresult *res;
    while ((res = PQgetResult(pg)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            die("COPY");
        PQclear(res);
    }
}

static void exec(const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        die(sql);
    PQclear(res);
}

/* An instant as COPY reads it: seconds after 2012-01-01 UTC. */
static const char *instant(long seconds, char *buf)
{
    time_t t = 1325376000 + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%d %H:%M:%S+00", &tm);
    return buf;
}

/* ---- the tables ------------------------------------------------------------------ */

typedef struct plan {
    long claims, articles;
    long span;                  /* seconds of history */
    char ratings[16][101];
    int  nratings;
} plan;

static bool has_verdict(const char *status)
{
    return strcmp(status, "disputed") != 0 && strcmp(status, "under_review") != 0;
}

/* The claim's status, its rating and whether it is published: the same
   answer for the same id in every table. */
static void verdict_of(const plan *p, long id, const char **status, const char **rating,
                       bool *published)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
    *status = statuses[(h >> 32) % (sizeof statuses / sizeof statuses[0])];
    *rating = has_verdict(*status) ? p->ratings[(h >> 16) % (uint64_t)p->nratings] : NULL;
    *published = has_verdict(*status) && (h >> 8) % 10 < 8;
}

static long said_at_of(const plan *p, long id)
{
    return (long)((double)id / (double)p->claims * (double)p->span);
}

static void load_claims(const plan *p)
{
    char said[32], made[32], pub[32];
    claim_text c;

    copy_begin("COPY ct_claims (id, text, claimant_name, claimant_role, venue, said_at, language,"
               " source_url, status, rating, published, published_at, version, created_by,"
               " created_at, updated_at, claimant_type, match_text, match_version) FROM STDIN");
    for (long id = 1; id <= p->claims; id++) {
        const char *status, *rating;
        bool published;
        long at = said_at_of(p, id);
        make_text(&c);
        verdict_of(p, id, &status, &rating, &published);
        char *comma = strstr(c.who, ", ");
        *comma = '\0';
        instant(at, said);
        instant(at + 3600, made);
        instant(at + 86400, pub);
        /* the comparison form the library writes beside a claim it
           creates, and its lexicon's version (domain/lexicon.h): words
           only, nothing to escape */
        char *form = ct_lexicon_normalize(c.language, c.text, strlen(c.text));
        if (form == NULL) {
            fprintf(stderr, "bench_data: out of memory\n");
            exit(1);
        }
        put("%ld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\teditor-%u\t%s\t%s\tperson\t%s\t%d\n",
            id, c.text, c.who, comma + 2, id % 3 ? "\\N" : "брифинг в акимате", said, c.language,
            id % 4 ? "\\N" : "https://news.example.kz/source",
            status, rating ? rating : "\\N", published ? "t" : "f", published ? pub : "\\N",
            has_verdict(status) ? 4 : 1, pick(40), made, published ? pub : made, form,
            CT_LEXICON_VERSION);
        free(form);
    }
    copy_end();
}

static void load_responses(const plan *p, long *responses)
{
    char issued[32];

    copy_begin("COPY ct_responses (id, claim_id, kind, by_name, by_role, issued_at, summary, url,"
               " created_by, created_at) FROM STDIN");
    *responses = 0;
    for (long id = 1; id <= p->claims; id++) {
        const char *status, *rating;
        bool published;
        verdict_of(p, id, &status, &rating, &published);
        if (!has_verdict(status))
            continue;
        instant(said_at_of(p, id) + 7200, issued);
        put("%ld\t%ld\t%s\t%s\t\\N\t%s\tСравнение не подтверждается статистикой за %ld год.\t"
            "https://police.example.kz/news/%ld\tmoderator-%u\t%s\n",
            ++*responses, id, PICK(kinds), PICK(responders), issued,
            2012 + said_at_of(p, id) / 31557600, id, pick(10), issued);
    }
    copy_end();
}

static void load_mentions(const plan *p)
{
    char made[32];
    long mention = 0;

    copy_begin("COPY ct_mentions (id, claim_id, article_id, article_url, quote_exact,"
               " quote_prefix, quote_suffix, created_by, created_at) FROM STDIN");
    for (long id = 1; id <= p->claims; id++) {
        instant(said_at_of(p, id) + 5400, made);
        for (int k = 0; k < MENTIONS_PER_CLAIM; k++) {
            long article = (id * MENTIONS_PER_CLAIM + k) % p->articles;
            put("%ld\t%ld\tnews-%06ld\thttps://news.example.kz/articles/news-%06ld\t"
                "заявление номер %ld\tВ эфире прозвучало: \tОтвет последовал в тот же день.\t"
                "editor-%u\t%s\n", ++mention, id, article, article, id, pick(40), made);
        }
    }
    copy_end();
}

/* Ten events a claim, in the order a desk would record them. */
static void load_events(const plan *p)
{
    static const char *const order[EVENTS_PER_CLAIM] = {
        "claim_recorded", "mention_added", "mention_added", "mention_added", "note_added",
        "response_linked", "status_changed", "rating_changed", "published", "note_added"};
    char when[32], recorded[32];
    long event = 0;

    copy_begin("COPY ct_events (id, claim_id, type, occurred_at, recorded_at, actor_id, actor_role,"
               " payload) FROM STDIN");
    for (long id = 1; id <= p->claims; id++) {
        const char *status, *rating;
        bool published;
        verdict_of(p, id, &status, &rating, &published);
        for (int k = 0; k < EVENTS_PER_CLAIM; k++) {
            const char *type = order[k];
            long at = said_at_of(p, id) + 600L * k;
            /* a claim without a verdict has notes where the verdict's events would be */
            if (!has_verdict(status) && k >= 5)
                type = "note_added";
            else if (!published && k == 8)
                type = "note_added";
            instant(at, when);
            instant(at + 30, recorded);
            put("%ld\t%ld\t%s\t%s\t%s\t%s-%u\t%s\t", ++event, id, type, when, recorded,
                k == 0 || k < 5 ? "editor" : "moderator", pick(40),
                k == 0 || k < 5 ? "editor" : "moderator");
            if (strcmp(type, "claim_recorded") == 0)
                put("{\"status\": \"disputed\"}\n");
            else if (strcmp(type, "mention_added") == 0)
                put("{\"article_id\": \"news-%06ld\", \"exact\": \"заявление номер %ld\"}\n",
                    (id * MENTIONS_PER_CLAIM + k - 1) % p->articles, id);
            else if (strcmp(type, "response_linked") == 0)
                put("{\"kind\": \"rebuttal\", \"by\": \"Полиция Астаны\", \"summary\": "
                    "\"Сравнение не подтверждается.\"}\n");
            else if (strcmp(type, "status_changed") == 0)
                put("{\"from\": \"disputed\", \"to\": \"%s\"}\n", status);
            else if (strcmp(type, "rating_changed") == 0)
                put("{\"from\": null, \"to\": \"%s\"}\n", rating);
            else if (strcmp(type, "published") == 0)
                put("{}\n");
            else
                put("{\"note\": \"Проверка %d: запрос в пресс-службу отправлен.\"}\n", k);
        }
    }
    copy_end();
}

/* The archived copies of the claims' sources and the responses' statements,
   as the evidence job leaves them (sql/003_outbound.sql): one row for each
   claim with a source_url and each response, archived, except every fifth
   response's, which failed. Written by SQL from the rows just loaded. */
static void load_evidence(void)
{
    exec("INSERT INTO ct_evidence (claim_id, url, status, attempts, next_attempt_at, http_status,"
         "   final_url, content_type, title, size, sha256, body, fetched_at, created_at)"
         " SELECT c.id, c.source_url, 'archived', 1, c.created_at, 200, c.source_url,"
         "        'text/html; charset=utf-8', 'Источник', octet_length(b.body),"
         "        encode(sha256(b.body), 'hex'), b.body, c.created_at + interval '1 minute',"
         "        c.created_at"
         "   FROM ct_claims c, (SELECT convert_to('<html><title>Источник</title></html>', 'UTF8')"
         "                      AS body) b"
         "  WHERE c.source_url IS NOT NULL ORDER BY c.id");
    exec("INSERT INTO ct_evidence (claim_id, response_id, url, status, attempts, next_attempt_at,"
         "   http_status, final_url, content_type, title, size, sha256, body, fetched_at, error,"
         "   created_at)"
         " SELECT r.claim_id, r.id, r.url, CASE WHEN a.body IS NULL THEN 'failed' ELSE 'archived' END,"
         "        CASE WHEN a.body IS NULL THEN 4 ELSE 1 END, r.created_at, a.http_status, a.final_url,"
         "        a.content_type, a.title, octet_length(a.body), encode(sha256(a.body), 'hex'),"
         "        a.body, a.fetched_at, CASE WHEN a.body IS NULL THEN 'HTTP 404' END, r.created_at"
         "   FROM ct_responses r LEFT JOIN LATERAL (SELECT 200 AS http_status, r.url AS final_url,"
         "          'text/html; charset=utf-8' AS content_type, 'Заявление полиции' AS title,"
         "          convert_to('<html><title>Заявление полиции</title></html>', 'UTF8') AS body,"
         "          r.created_at + interval '1 minute' AS fetched_at"
         "         WHERE r.id % 5 <> 0) a ON true"
         "  ORDER BY r.id");
}

/* ---- the load -------------------------------------------------------------------- */

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The definitions of the secondary indexes of the loaded tables, dropped. */
static PGresult *drop_indexes(void)
{
    PGresult *defs = PQexec(pg,
        "SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text FROM pg_index i"
        " JOIN pg_class t ON t.oid = i.indrelid"
        " WHERE t.relname IN ('ct_claims','ct_responses','ct_mentions','ct_events','ct_evidence')"
        "   AND t.relnamespace = current_schema()::regnamespace AND NOT i.indisprimary");
    if (PQresultStatus(defs) != PGRES_TUPLES_OK)
        die("listing indexes");
    for (int r = 0; r < PQntuples(defs); r++) {
        char sql[512];
        snprintf(sql, sizeof sql, "DROP INDEX %s", PQgetvalue(defs, r, 1));
        exec(sql);
    }
    return defs;
}

static void read_ratings(plan *p)
{
    PGresult *res = PQexec(pg, "SELECT key FROM ct_ratings WHERE NOT retired ORDER BY position LIMIT 16");
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0)
        die("reading the rating scale");
    p->nratings = PQntuples(res);
    for (int r = 0; r < p->nratings; r++)
        snprintf(p->ratings[r], sizeof p->ratings[r], "%s", PQgetvalue(res, r, 0));
    PQclear(res);
}

static void migrate(const char *plugin_path, const char *conninfo, const char *schema)
{
    char why[512], config[2048], *error = NULL;
    ct_loaded so;
    const ct_plugin_v1 *plugin = ct_loader_open(plugin_path, 0, &so, why, sizeof why);
    if (plugin == NULL) {
        fprintf(stderr, "bench_data: cannot load the plugin: %s\n", why);
        exit(1);
    }
    snprintf(config, sizeof config, "{\"database\":\"%s\",\"schema\":\"%s\",\"pool_size\":1,"
             "\"outbound\":{\"workers\":false}}", conninfo, schema);
    void *instance = plugin->open(NULL, config, &error);
    if (instance == NULL) {
        fprintf(stderr, "bench_data: open: %s\n", error);
        exit(1);
    }
    plugin->close(instance);
    ct_loader_close(&so);
}

int main(int argc, char **argv)
{
    plan p = {0};
    char sql[512];
    struct timespec start;
    long responses = 0;

    if (argc < 4) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO SCHEMA [CLAIMS]\n", argv[0]);
        return 2;
    }
    p.claims = argc > 4 ? atol(argv[4]) : 1000000;
    p.articles = p.claims / CLAIMS_PER_ARTICLE > 0 ? p.claims / CLAIMS_PER_ARTICLE : 1;
    p.span = 14L * 365 * 86400;
    if (p.claims < 1 || strspn(argv[3], "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(argv[3])) {
        fprintf(stderr, "bench_data: CLAIMS must be positive, SCHEMA a lower-case identifier\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    migrate(argv[1], argv[2], argv[3]);
    pg = PQconnectdb(argv[2]);
    if (PQstatus(pg) != CONNECTION_OK)
        die("connect");
    batch = malloc(BATCH);
    snprintf(sql, sizeof sql, "SET search_path = %s; SET session_replication_role = replica;"
             " SET synchronous_commit = off; SET maintenance_work_mem = '512MB'", argv[3]);
    exec(sql);
    PGresult *count = PQexec(pg, "SELECT count(*) FROM (SELECT 1 FROM ct_claims LIMIT 1) c");
    if (PQresultStatus(count) != PGRES_TUPLES_OK || strcmp(PQgetvalue(count, 0, 0), "0") != 0) {
        fprintf(stderr, "bench_data: schema %s already has claims: it fills only an empty one\n",
                argv[3]);
        return 1;
    }
    PQclear(count);
    read_ratings(&p);

    exec("BEGIN");
    PGresult *indexes = drop_indexes();
    load_claims(&p);
    load_responses(&p, &responses);
    load_mentions(&p);
    load_events(&p);
    load_evidence();
    double loaded = seconds_since(&start);
    for (int r = 0; r < PQntuples(indexes); r++)
        exec(PQgetvalue(indexes, r, 0));
    PQclear(indexes);
    exec("SELECT setval(pg_get_serial_sequence('ct_claims', 'id'), max(id)) FROM ct_claims;"
         "SELECT setval(pg_get_serial_sequence('ct_responses', 'id'), max(id)) FROM ct_responses;"
         "SELECT setval(pg_get_serial_sequence('ct_mentions', 'id'), max(id)) FROM ct_mentions;"
         "SELECT setval(pg_get_serial_sequence('ct_events', 'id'), max(id)) FROM ct_events");
    exec("COMMIT");
    double indexed = seconds_since(&start);
    exec("BEGIN;"
         " INSERT INTO ct_tree_leaves (event_id, claim_id, salt, leaf_hash, leaf_index)"
         " SELECT (x.e).id, (x.e).claim_id, x.salt, ct_event_leaf_hash(x.e, x.salt),"
         "        row_number() OVER (ORDER BY (x.e).id) - 1"
         "   FROM (SELECT e AS e, uuid_send(gen_random_uuid()) AS salt FROM ct_events e) x;"
         " SELECT ct_tree_build(0, (SELECT count(*) FROM ct_tree_leaves));"
         " COMMIT");
    double treed = seconds_since(&start);
    exec("ANALYZE ct_claims; ANALYZE ct_responses; ANALYZE ct_mentions; ANALYZE ct_events;"
         " ANALYZE ct_evidence; ANALYZE ct_tree_leaves; ANALYZE ct_tree_nodes");
    printf("bench_data: schema %s: %ld claims, %ld responses, %ld mentions in %ld articles,"
           " %ld events; COPY %.0f s, indexes %.0f s, tree %.0f s, analyse %.0f s\n",
           argv[3], p.claims, responses, p.claims * MENTIONS_PER_CLAIM, p.articles,
           p.claims * EVENTS_PER_CLAIM, loaded, indexed - loaded, treed - indexed,
           seconds_since(&start) - treed);
    free(batch);
    PQfinish(pg);
    return 0;
}
