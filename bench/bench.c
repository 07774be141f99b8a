/*
 * bench.c -- the throughput of handle() for the requests a news site makes
 * most, read against pgbench on the same cluster in the same run.
 *
 *   usage: bench PLUGIN CONNINFO [SECONDS [THREADS [SELECT_TPS UPDATE_TPS]]]
 *
 * BENCH_ONLY, a comma-separated list of scenario names ("notices json,feed"),
 * runs those alone, for a profiler's sake (perf record -a while it runs); a
 * name that is no scenario's is an error (exit 2), empty means all.
 *
 * make bench (scripts/bench.sh) runs it after pgbench -S and -N, with
 * those two rates, on one throwaway cluster: absolute rates on a shared
 * machine vary by 2x between runs, ratios measured together do not.
 *
 * The plugin is loaded as a host loads it (include/claimtrack/loader.h)
 * and called from THREADS threads (2), with a pool of as many
 * connections. Each scenario runs SECONDS seconds (5). For each it prints
 *   requests/s     answers with the scenario's success status, per second
 *   ratio          that rate over pgbench's: -S (select-only) for reads,
 *                  -N (simple-update) for writes; one pgbench transaction
 *                  is one request's worth of work to compare with
 *   p50, p99       latency of one handle() call, microseconds
 *   KiB            the mean size of an answer (the envelope)
 * and at the end the process's peak resident set (VmHWM), and how much
 * of it came after the plugin was opened.
 *
 * BENCH_SCHEMA names the schema (claimtrack's default otherwise): make bench
 * runs once on an empty one and once on one bench_data filled with a
 * million claims, and BENCH_RATES_OUT / BENCH_RATES_IN carry the first
 * run's rates to the second, which prints each beside it.
 *
 * The scenarios and the state they read:
 *   claim read      GET /claims/{id} of a published claim, as a reader
 *   notices json    GET /articles/{id}/notices?lang=ru for an article with
 *                   three published claims, each with a rebuttal
 *   notices html    the same with format=html
 *   claim search    GET /claims?q= as a reader, over ten searches from a
 *                   city's name in thousands of claims to a phrase in none
 *   review queue    GET /review-queue as a moderator (the first 50)
 *   feed            GET /feeds/claimreview?limit=50 (the latest 50 published)
 *   ... (cached)    the three reads and the searches again on a second
 *                   instance with the readers' cache on (reader_cache_bytes
 *                   16 MiB): what a reader costs between two changes
 *   claim create    POST /claims with a mention in an article
 *   claim create (no leaf)
 *                   the same requests again, right after, with the trigger
 *                   that writes each event's RFC 6962 leaf in its
 *                   transaction (ct_events_leaf, sql/012_transparency.sql)
 *                   disabled for the scenario's SECONDS only; then the line
 *                   "leaf cost: claim create runs at X % of its rate
 *                   without the leaf", the two rates of this run
 *   response link   POST /claims/{id}/responses, round robin over claims
 *                   made beforehand (each thread its own)
 *   review          POST /claims/{id}/review with the claim's version,
 *                   round robin likewise; every review raises the version
 *   article scan    POST /articles/{id}/scan as an editor (a write: it
 *                   replaces the article's pending suggestions), run after
 *                   feed and before claim create, so that the claims it
 *                   meets are the data set's: one article of 10,000 code
 *                   points (about 100 sentences, 17 KiB of UTF-8) of
 *                   Russian news prose made once at start from bench_data's
 *                   words (cities, people, crime, wages, numbers), three of
 *                   its sentences repeating bench_data's claims 15, 28 and 51
 *                   word for word, the rest meeting thousands of claims in
 *                   the full-text candidate search; each request another
 *                   article id of 1,000 per thread (bench-scan-T-N); then
 *                   the line "article scan: p50 X ms against N claims
 *                   (target: under 100 ms at 100,000)", N the schema's
 *                   claims counted on the bench's own connection
 *
 * The trigger is switched with ALTER TABLE SCHEMA.ct_events DISABLE / ENABLE
 * TRIGGER ct_events_leaf on a connection of the bench's own (CONNINFO; the
 * owner of the table or a superuser, as make bench's cluster is), just
 * before the threads start and just after they end. In between, SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT wait (at most SECONDS) until it is enabled
 * again, and exit() enables it too; should ENABLE fail, the bench reconnects
 * once, then says so and exits with 1. If DISABLE fails, the scenario is
 * skipped. The claims created in that window have events without leaves,
 * missing from the tree: the sequencer never numbers them and the audit
 * (claimtrack verify) names each as event_not_in_tree. That is fine in
 * make bench's throwaway database, which nothing audits; do not run bench
 * against a real desk's.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "claimtrack/loader.h"

#define MAX_THREADS   16
#define SAMPLES       1000000      /* latencies kept per thread */
#define OWN_CLAIMS    200          /* claims per thread for links and reviews */
/* The article of the notices scenarios: its own per run (bench-notices-
   and the run's start), so that it holds this run's three claims only
   however often the bench runs against one schema. */
static char notices_article[48];
/* the desk the ClaimReview feed names */
#define PUBLISHER     "\"publisher\":{\"name\":\"Factcheck.kz\",\"url\":\"https://factcheck.kz\"}"

static const ct_plugin_v1 *plugin;
static void *instance;
static void *cached;          /* the same database, with the readers' cache */
static double seconds = 5.0;
static int threads = 2;

typedef struct worker worker;
/* Writes the envelope of the worker's next request into buf. */
typedef void build_fn(worker *w, char *buf, size_t size);

typedef struct scenario {
    const char *label;
    build_fn   *build;
    const char *expect;       /* response prefix of a success */
    bool        write;        /* compared with pgbench -N, else -S */
    bool        on_cached;    /* through the instance with the readers' cache */
    bool        no_leaf;      /* with the trigger ct_events_leaf disabled */
} scenario;

struct worker {
    const scenario *sc;
    int     index;
    long    done, failed, next;
    double  bytes;            /* of the answers */
    double *latency;          /* microseconds */
    long    own[OWN_CLAIMS];  /* claim ids of this thread */
    int     version[OWN_CLAIMS];
};

static long published_claim;

static const char create_body[] =
    "{\"text\":\"Сары-Арка самый криминальный район, преступность как в Каракасе\","
    "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат маслихата\"},"
    "\"said_at\":\"2025-12-01\",\"language\":\"ru\",\"article\":{\"id\":\"%s\","
    "\"quote\":{\"exact\":\"преступность как в Каракасе\"}}}";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* handle() with a status check; returns the response (caller frees) or exits. */
static char *call(const char *request, const char *expect)
{
    char *response = plugin->handle(instance, request);
    if (response == NULL || strncmp(response, expect, strlen(expect)) != 0) {
        fprintf(stderr, "bench: set-up request failed:\n  %s\n  -> %s\n", request,
                response ? response : "(null)");
        exit(1);
    }
    return response;
}

/* The body's first "id" member: the claim's (PostgreSQL's json_build_object
   writes it as "id" : 1). */
static long id_of(const char *response)
{
    const char *id = strstr(response, "\"id\"");
    if (id == NULL)
        return 0;
    id += 4;
    id += strspn(id, " :");
    return strtol(id, NULL, 10);
}

static long new_claim(const char *article)
{
    char request[1024], body[768];
    snprintf(body, sizeof body, create_body, article);
    snprintf(request, sizeof request,
             "{\"method\":\"POST\",\"path\":\"/claims\",\"actor\":{\"id\":\"e\",\"role\":\"editor\"},"
             "\"body\":%s}", body);
    char *response = call(request, "{\"status\":201,");
    long id = id_of(response);
    plugin->free_string(response);
    return id;
}

static void link_rebuttal(long claim, char *request, size_t size)
{
    snprintf(request, size,
             "{\"method\":\"POST\",\"path\":\"/claims/%ld/responses\","
             "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":{\"kind\":\"rebuttal\","
             "\"by\":{\"name\":\"Департамент полиции Астаны\",\"role\":\"пресс-служба\"},"
             "\"issued_at\":\"2025-12-01T18:00:00+05:00\",\"summary\":\"Полиция опровергла "
             "сравнение: уровень преступности в Сары-Арке снизился на 12%%.\"}}", claim);
}

static void review(long claim, int version, bool publish, char *request, size_t size)
{
    snprintf(request, size,
             "{\"method\":\"POST\",\"path\":\"/claims/%ld/review\","
             "\"actor\":{\"id\":\"m\",\"role\":\"moderator\"},\"body\":{\"expected_version\":%d,"
             "%s\"note\":\"Проверено по заявлению полиции.\"}}", claim, version,
             publish ? "\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true,"
                     : "\"status\":\"under_review\",");
}

/* A claim of the notices' article with a rebuttal, published. */
static long published(void)
{
    char request[1024];
    long id = new_claim(notices_article);
    link_rebuttal(id, request, sizeof request);
    plugin->free_string(call(request, "{\"status\":201,"));
    review(id, 2, true, request, sizeof request);
    plugin->free_string(call(request, "{\"status\":200,"));
    return id;
}

/* ---- the scenarios ---------------------------------------------------------- */

static void build_read(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/claims/%ld\"}", published_claim);
}

static void build_notices_json(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/articles/%s/notices\","
                        "\"query\":{\"lang\":\"ru\"}}", notices_article);
}

static void build_notices_html(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/articles/%s/notices\","
                        "\"query\":{\"lang\":\"ru\",\"format\":\"html\"}}", notices_article);
}

/* Readers' searches, rare words and common ones: a city of thousands of
   claims, a phrase of a few, a word of none (at scale: bench_data's). */
static const char *const searches[] = {
    "Каракас", "Шымкент", "сталкивался с кражей", "Каждый 7-й житель города Актау",
    "бензин", "Almaty", "teachers' pay", "қылмыс", "Ерлан Сапаров", "Сары-Арка"};

static void build_search(worker *w, char *buf, size_t size)
{
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/claims\",\"query\":{\"q\":\"%s\"}}",
             searches[w->next++ % (sizeof searches / sizeof searches[0])]);
}

static void build_queue(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/review-queue\","
                        "\"actor\":{\"id\":\"m\",\"role\":\"moderator\"}}");
}

static void build_feed(worker *w, char *buf, size_t size)
{
    (void)w;
    snprintf(buf, size, "{\"method\":\"GET\",\"path\":\"/feeds/claimreview\","
                        "\"query\":{\"limit\":\"50\"}}");
}

static void build_create(worker *w, char *buf, size_t size)
{
    char body[768], article[48];
    snprintf(article, sizeof article, "bench-%d-%ld", w->index, w->next++ % 1000);
    snprintf(body, sizeof body, create_body, article);
    snprintf(buf, size, "{\"method\":\"POST\",\"path\":\"/claims\","
                        "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":%s}", body);
}

/* A link raises the claim's version, which the review scenario (next) uses. */
static void build_link(worker *w, char *buf, size_t size)
{
    int k = (int)(w->next++ % OWN_CLAIMS);
    link_rebuttal(w->own[k], buf, size);
    w->version[k]++;
}

/* Versions assume every earlier link and review succeeded: a failure makes
   the later requests on that claim fail too, which the failed count shows. */
static void build_review(worker *w, char *buf, size_t size)
{
    int k = (int)(w->next++ % OWN_CLAIMS);
    review(w->own[k], w->version[k]++, false, buf, size);
}

/* ---- the article of "article scan" ------------------------------------------ */

#define SCAN_CPS      10000        /* code points of the article */
#define REQUEST_MAX   65536        /* bytes of a request envelope */

/* bench_data's words (its Russian ones), for prose about the same cities,
   people, crime and wages as its claims. */
static const char *const cities_ru[] = {
    "Астана", "Алматы", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар",
    "Усть-Каменогорск", "Семей", "Атырау", "Костанай", "Кызылорда", "Уральск",
    "Петропавловск", "Актау", "Туркестан", "Каракас", "Бишкек", "Ташкент", "Москва",
    "Тбилиси", "Баку", "Новосибирск", "Омск"};
static const char *const people_ru[] = {
    "депутат городского маслихата", "аким области", "министр внутренних дел",
    "депутат мажилиса", "председатель партии", "блогер", "эксперт по безопасности",
    "министр образования", "вице-министр финансов", "глава управления полиции"};
/* the Cyrillic names, each with the ending of its past tense ("заявил%s") */
static const char *const names_ru[][2] = {
    {"Ерлан Сапаров", ""}, {"Айгуль Нурланова", "а"}, {"Дмитрий Ковалёв", ""},
    {"Марат Бекжанов", ""}, {"Светлана Ким", "а"}, {"Нурлан Абенов", ""},
    {"Ольга Петренко", "а"}, {"Асхат Жумабаев", ""}, {"Гульнара Сейтова", "а"},
    {"Игорь Белов", ""}, {"Алия Тулегенова", "а"}, {"Бауыржан Есенов", ""}};
static const char *const topics_ru[] = {
    "по уровню преступности", "по числу краж", "по качеству дорог",
    "по загрязнению воздуха", "по ценам на жильё", "по безработице",
    "по числу ДТП", "по уровню зарплат"};
static const char *const responders_ru[] = {
    "Полиция Астаны", "Департамент полиции Алматы", "Министерство внутренних дел",
    "Акимат города", "Комитет по правовой статистике", "Бюро национальной статистики"};
static const char *const problems_ru[] = {
    "кражи", "плохие дороги", "грязный воздух", "низкие зарплаты", "безработицу",
    "аварии на дорогах", "цены на жильё"};

/* Three sentences that repeat claims word for word: the wording of claims
   15, 28 and 51 of bench_data (deterministic: every data set of 51 claims
   or more has them, the million a few hundred more of the same words). */
static const char *const repeats_ru[] = {
    "Нурлан Абенов, депутат мажилиса, повторил в эфире: преступность в городе Уральск"
    " выросла на 38 % за 2013 год.",
    "Марат Бекжанов, аким области, на встрече с родителями сказал, что зарплаты учителей"
    " в городе Павлодар выросли в 4 раза с 2017 года.",
    "Как написал в соцсетях блогер Игорь Белов, каждый 11-й житель города Актобе"
    " сталкивался с кражей."};

/* The last sentence, "Теги: ...": tags of every length from 3 to 12 code
   points, longest first, so that some of them always make the article's
   length exact. */
static const char *const tags_ru[] = {
    "преступность", "безопасность", "журналистика", "безработица", "образование",
    "статистика", "пенсионеры", "транспорт", "экономика", "маслихат", "зарплаты",
    "экология", "учителя", "полиция", "бюджет", "дороги", "выборы", "жильё", "кражи",
    "школы", "цены", "суды", "ДТП", "МВД"};
#define NTAGS (sizeof tags_ru / sizeof tags_ru[0])

static uint64_t article_rng = 0x2545f4914f6cdd1dULL;

static unsigned article_pick(unsigned n)
{
    article_rng ^= article_rng << 13;
    article_rng ^= article_rng >> 7;
    article_rng ^= article_rng << 17;
    return (unsigned)(article_rng % n);
}

#define APICK(list) (list[article_pick(sizeof list / sizeof list[0])])

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* One sentence of news prose about the claims' cities, crime and wages,
   with its full stop. */
static void article_sentence(char *out, size_t size)
{
    const char *city = APICK(cities_ru), *other = APICK(cities_ru), *topic = APICK(topics_ru);
    const char *const *who = APICK(names_ru);
    const char *role = APICK(people_ru);
    unsigned year = 2012 + article_pick(14), n = 5 + article_pick(90);

    switch (article_pick(18)) {
    case 0: snprintf(out, size, "%s, %s, заявил%s журналистам, что город %s %s давно отстаёт"
                     " от соседей.", who[0], role, who[1], city, topic); break;
    case 1: snprintf(out, size, "По данным Комитета по правовой статистике, за %u год в городе %s"
                     " число краж составило %u, грабежей — %u, мошенничеств — %u.", year, city,
                     100 + n * 37, 10 + n * 3, 40 + n * 11); break;
    case 2: snprintf(out, size, "Жители города %s жалуются, что за последние %u лет цены на"
                     " жильё выросли почти вдвое, а зарплаты остались прежними.", city,
                     3 + n % 8); break;
    case 3: snprintf(out, size, "%s сообщает, что уровень преступности в городе %s за %u год"
                     " снизился на %u %%.", APICK(responders_ru), city, year, 2 + n % 30); break;
    case 4: snprintf(out, size, "В прошлом году каждый третий опрошенный житель города %s назвал"
                     " главной проблемой %s.", city, APICK(problems_ru)); break;
    case 5: snprintf(out, size, "%s, %s, пообещал%s, что к %u году зарплаты учителей в городе %s"
                     " вырастут на %u %%.", who[0], role, who[1], 2026 + n % 5, city, n); break;
    case 6: snprintf(out, size, "Эксперты напоминают, что сравнивать города %s и %s %s без"
                     " поправки на численность населения бессмысленно.", city, other, topic);
            break;
    case 7: snprintf(out, size, "Средняя зарплата в городе %s в %u году составила %u тысяч тенге,"
                     " следует из данных Бюро национальной статистики.", city, year,
                     180 + n * 4); break;
    case 8: snprintf(out, size, "На брифинге в акимате города %s журналистам показали графики"
                     " за %u–%u годы.", city, year - 5, year); break;
    case 9: snprintf(out, size, "По словам полицейских, число ДТП в городе %s выросло на %u %%,"
                     " а число краж осталось на уровне %u года.", city, n, year); break;
    case 10: snprintf(out, size, "%s, %s, в интервью нашему изданию сравнил%s город %s с городом"
                      " %s %s.", who[0], role, who[1], city, other, topic); break;
    case 11: snprintf(out, size, "Социологи опросили %u жителей города %s: большинство чувствуют"
                      " себя в безопасности днём, а по вечерам стараются не выходить из дома.",
                      n * 100, city); break;
    case 12: snprintf(out, size, "Учителя школ города %s говорят, что их зарплаты с %u года"
                      " выросли меньше, чем цены в магазинах.", city, year); break;
    case 13: snprintf(out, size, "В рейтинге городов %s город %s занял %u-е место из %u.", topic,
                      city, 1 + n % 24, 24); break;
    case 14: snprintf(out, size, "Редакция направила запросы в акимат и полицию и опубликует"
                      " ответы, когда их получит."); break;
    case 15: snprintf(out, size, "Мы проверили эти цифры по открытым данным."); break;
    case 16: snprintf(out, size, "Эксперты советуют смотреть на абсолютные числа, а не только"
                      " на проценты."); break;
    default: snprintf(out, size, "%s, %s, назвал%s эти данные преувеличением.", who[0], role,
                      who[1]); break;
    }
}

/* Appends to out tags not used yet, ", " between them, that take exactly
   left code points; false when no choice of them does. */
static bool article_tags(char *out, size_t size, long left, bool first, bool *used)
{
    if (left == 0)
        return true;
    for (size_t t = 0; t < NTAGS; t++) {
        long cost = (first ? 0 : 2) + (long)code_points(tags_ru[t]);
        if (used[t] || cost > left)
            continue;
        size_t at = strlen(out);
        snprintf(out + at, size - at, "%s%s", first ? "" : ", ", tags_ru[t]);
        used[t] = true;
        if (article_tags(out, size, left - cost, false, used))
            return true;
        used[t] = false;
        out[at] = '\0';
    }
    return false;
}

/* The article, built once: sentences of article_sentence() with
   repeats_ru[] as the 6th, 31st and 56th, as many as fit in SCAN_CPS code
   points less a few for the tags, then the tags, which make it exactly
   SCAN_CPS. Exits if it cannot (a change of the word lists). */
static char scan_article[4 * SCAN_CPS + 1];

static void build_article(void)
{
    char sentence[512], tags[256] = "Теги: ";
    bool used[NTAGS] = {false};
    long cps = 0;
    size_t len = 0, repeated = 0;
    int count = 0;
    const long reserve = 40;           /* code points at least left for the tags */

    for (int misses = 0; misses < 50;) {
        bool repeat = repeated < 3 && count == 5 + 25 * (int)repeated;
        if (repeat)
            snprintf(sentence, sizeof sentence, "%s", repeats_ru[repeated]);
        else
            article_sentence(sentence, sizeof sentence);
        long n = (long)code_points(sentence) + (len ? 1 : 0);
        if (cps + n > SCAN_CPS - reserve) {
            misses++;
            continue;
        }
        misses = 0;
        len += (size_t)snprintf(scan_article + len, sizeof scan_article - len, "%s%s",
                                len ? " " : "", sentence);
        cps += n;
        count++;
        repeated += repeat;
    }
    long left = SCAN_CPS - cps - 1 - (long)code_points("Теги: .");
    if (repeated < 3 || !article_tags(tags, sizeof tags - 1, left, true, used)) {
        fprintf(stderr, "bench: the article of \"article scan\" is not %d code points\n", SCAN_CPS);
        exit(1);
    }
    snprintf(scan_article + len, sizeof scan_article - len, " %s.", tags);
    if (code_points(scan_article) != SCAN_CPS) {
        fprintf(stderr, "bench: the article of \"article scan\" is %zu code points, not %d\n",
                code_points(scan_article), SCAN_CPS);
        exit(1);
    }
}

static char *scan_text;        /* the article, escaped for a JSON string */

#define SCAN_REQUEST "{\"method\":\"POST\",\"path\":\"/articles/bench-scan-%d-%ld/scan\"," \
                     "\"actor\":{\"id\":\"e\",\"role\":\"editor\"},\"body\":{\"text\":\"%s\"," \
                     "\"language\":\"ru\"}}"

/* text as the inside of a JSON string: " \ and control characters escaped. */
static char *json_escaped(const char *text)
{
    char *out = malloc(strlen(text) * 6 + 1), *at = out;
    if (out == NULL)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p == '"' || *p == '\\') {
            *at++ = '\\';
            *at++ = (char)*p;
        }
        else if (*p < 0x20)
            at += sprintf(at, "\\u%04x", *p);
        else
            *at++ = (char)*p;
    *at = '\0';
    return out;
}

/* Each request another article of the thread's 1,000, whose pending
   suggestions (of the earlier rounds) it replaces. */
static void build_scan(worker *w, char *buf, size_t size)
{
    snprintf(buf, size, SCAN_REQUEST, w->index, w->next++ % 1000, scan_text);
}

/* "claim create (no leaf)" follows "claim create" and repeats its requests
   (each scenario starts its workers' sequence again). */
static const scenario scenarios[] = {
    {"claim read",    build_read,         "{\"status\":200,", false, false, false},
    {"notices json",  build_notices_json, "{\"status\":200,", false, false, false},
    {"notices html",  build_notices_html, "{\"status\":200,", false, false, false},
    {"claim search",  build_search,       "{\"status\":200,", false, false, false},
    {"review queue",  build_queue,        "{\"status\":200,", false, false, false},
    {"feed",          build_feed,         "{\"status\":200,", false, false, false},
    {"article scan",  build_scan,         "{\"status\":200,", true,  false, false},
    {"claim create",  build_create,       "{\"status\":201,", true,  false, false},
    {"claim create (no leaf)", build_create, "{\"status\":201,", true, false, true},
    {"response link", build_link,         "{\"status\":201,", true,  false, false},
    {"review",        build_review,       "{\"status\":200,", true,  false, false},
    {"claim read (cached)",   build_read,         "{\"status\":200,", false, true, false},
    {"notices json (cached)", build_notices_json, "{\"status\":200,", false, true, false},
    {"notices html (cached)", build_notices_html, "{\"status\":200,", false, true, false},
    {"claim search (cached)", build_search,       "{\"status\":200,", false, true, false},
};

/* Whether BENCH_ONLY (NULL: every scenario) names the scenario. */
static bool selected(const char *only, const char *name)
{
    size_t len = strlen(name);
    for (const char *at = only; at && *at; at += strcspn(at, ","), at += *at == ',') {
        if (strncmp(at, name, len) == 0 && (at[len] == ',' || at[len] == '\0'))
            return true;
    }
    return only == NULL;
}

/* BENCH_ONLY's first name that is no scenario's, as "name" up to its comma
   (0 chars: every name is known). */
static int unknown_scenario(const char *only, const char **name)
{
    for (const char *at = only; at && *at; at += strcspn(at, ","), at += *at == ',') {
        int len = (int)strcspn(at, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0] && !known; i++)
            known = strlen(scenarios[i].label) == (size_t)len &&
                    strncmp(scenarios[i].label, at, (size_t)len) == 0;
        if (!known) {
            *name = at;
            return len > 0 ? len : 1;
        }
    }
    return 0;
}

static void *work(void *arg)
{
    worker *w = arg;
    char *request = malloc(REQUEST_MAX);
    double end = now() + seconds;
    if (request == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    for (double t = now(); t < end; t = now()) {
        w->sc->build(w, request, REQUEST_MAX);
        t = now();
        char *response = plugin->handle(w->sc->on_cached ? cached : instance, request);
        double spent = (now() - t) * 1e6;
        if (response && strncmp(response, w->sc->expect, strlen(w->sc->expect)) == 0) {
            w->done++;
            w->bytes += (double)strlen(response);
        }
        else
            w->failed++;
        if (w->done + w->failed <= SAMPLES)
            w->latency[w->done + w->failed - 1] = spent;
        plugin->free_string(response);
    }
    free(request);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* BENCH_RATES_OUT: each rate written there ("label<TAB>rate"); BENCH_RATES_IN:
   the rates of such a file, which each rate of this run is shown against
   (make bench: the small database's, beside the million claims'). */
static FILE *rates_out;
static char  baseline[32][64];
static double baseline_rate[32];
static int   nbaseline;

static void read_baseline(const char *path)
{
    char line[160];
    FILE *f = fopen(path, "r");
    while (f && nbaseline < 32 && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (tab == NULL)
            continue;
        *tab = '\0';
        snprintf(baseline[nbaseline], sizeof baseline[0], "%.63s", line);
        baseline_rate[nbaseline++] = atof(tab + 1);
    }
    if (f)
        fclose(f);
}

static double baseline_of(const char *label)
{
    for (int i = 0; i < nbaseline; i++)
        if (strcmp(baseline[i], label) == 0)
            return baseline_rate[i];
    return 0;
}

/* ---- the leaf trigger, off for "claim create (no leaf)" ---------------------- */

static PGconn *admin;           /* the bench's own connection, for the ALTERs */
static char    events_table[160];   /* "schema".ct_events */
static char    claims_table[160];   /* "schema".ct_claims */
static bool    leaf_off;       /* between DISABLE and a successful ENABLE */
/* The signals that would end the bench, held back in the window: the
   plugin's own threads take them too, so they are caught, not blocked. */
static const int interrupts[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NINTERRUPTS (int)(sizeof interrupts / sizeof interrupts[0])
static struct sigaction before_window[NINTERRUPTS];
static volatile sig_atomic_t held_signal;

static void hold_signal(int sig)
{
    held_signal = sig;
}

static void hold_interrupts(void)
{
    struct sigaction hold;
    memset(&hold, 0, sizeof hold);
    hold.sa_handler = hold_signal;
    hold.sa_flags = SA_RESTART;
    sigemptyset(&hold.sa_mask);
    held_signal = 0;
    for (int i = 0; i < NINTERRUPTS; i++)
        sigaction(interrupts[i], &hold, &before_window[i]);
}

/* The signals as they were; one that came meanwhile acts now. */
static void release_interrupts(void)
{
    for (int i = 0; i < NINTERRUPTS; i++)
        sigaction(interrupts[i], &before_window[i], NULL);
    if (held_signal)
        raise(held_signal);
}

static bool alter_leaf(const char *what)
{
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER TABLE %s %s TRIGGER ct_events_leaf", events_table, what);
    PGresult *res = PQexec(admin, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "bench: %s: %s", sql, PQerrorMessage(admin));
    PQclear(res);
    return ok;
}

/* Enables the trigger if this bench disabled it, once more on a new
   connection if the first attempt fails; false, said on stderr, when that
   fails too. */
static bool leaf_enable(void)
{
    if (!leaf_off)
        return true;
    if (!alter_leaf("ENABLE")) {
        PQreset(admin);
        if (PQstatus(admin) != CONNECTION_OK || !alter_leaf("ENABLE")) {
            fprintf(stderr, "bench: the trigger ct_events_leaf on %s may still be DISABLED: run"
                    " ALTER TABLE %s ENABLE TRIGGER ct_events_leaf\n", events_table, events_table);
            leaf_off = false;
            return false;
        }
    }
    leaf_off = false;
    return true;
}

/* atexit: whatever made the bench exit inside the window. */
static void leaf_enable_at_exit(void)
{
    (void)leaf_enable();
}

/* Disables the trigger and holds the interrupting signals back until
   leaf_enable_again(); false (signals as before) when it cannot. */
static bool leaf_disable(void)
{
    if (admin == NULL || PQstatus(admin) != CONNECTION_OK)
        return false;
    hold_interrupts();
    leaf_off = true;
    if (!alter_leaf("DISABLE")) {
        /* refused (the connection still up): nothing changed; else its
           answer may be lost, so it is enabled to be sure */
        if (PQstatus(admin) == CONNECTION_OK)
            leaf_off = false;
        else if (!leaf_enable())
            exit(1);
        release_interrupts();
        return false;
    }
    return true;
}

/* Enables it again (or exits with 1), then lets a signal that came
   meanwhile act. */
static void leaf_enable_again(void)
{
    if (!leaf_enable())
        exit(1);
    release_interrupts();
}

static void open_admin(const char *conninfo, const char *schema)
{
    admin = PQconnectdb(conninfo);
    char *quoted = PQstatus(admin) == CONNECTION_OK
                   ? PQescapeIdentifier(admin, schema, strlen(schema)) : NULL;
    if (quoted == NULL) {
        fprintf(stderr, "bench: no connection of its own (%s): \"claim create (no leaf)\""
                " will be skipped, and the claims of \"article scan\" not counted\n",
                PQerrorMessage(admin));
        PQfinish(admin);
        admin = NULL;
        return;
    }
    snprintf(events_table, sizeof events_table, "%s.ct_events", quoted);
    snprintf(claims_table, sizeof claims_table, "%s.ct_claims", quoted);
    /* the ALTERs wait for no other lock holder for long; the schema's
       functions name each other unqualified (ct_match_terms, in an index
       of ct_claims that planning its count reads), so it is searched too */
    char sql[256];
    snprintf(sql, sizeof sql, "SET lock_timeout = '10s'; SET search_path = %s", quoted);
    PQfreemem(quoted);
    PQclear(PQexec(admin, sql));
    atexit(leaf_enable_at_exit);
}

/* The schema's claims, counted on the bench's own connection; -1 without it. */
static long count_claims(void)
{
    char sql[256];
    long n = -1;
    if (admin == NULL)
        return -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", claims_table);
    PGresult *res = PQexec(admin, sql);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        n = atol(PQgetvalue(res, 0, 0));
    else
        fprintf(stderr, "bench: %s: %s", sql, PQerrorMessage(admin));
    PQclear(res);
    return n;
}

/* n with a comma between thousands (1,000,000). */
static const char *grouped(long n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%ld", n), at = 0;
    for (int i = 0; i < len && (size_t)at + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = '\0';
    return buf;
}

/* The scenario's rate (requests/s), or -1 when it was skipped; its p50
   (microseconds) into *p50. */
static double run(const scenario *sc, worker *workers, double *all, double select_tps,
                  double update_tps, double *p50)
{
    pthread_t tids[MAX_THREADS];
    long total = 0, failed = 0, n = 0;
    double bytes = 0;

    if (sc->no_leaf && !leaf_disable()) {
        printf("%-22s skipped: the trigger ct_events_leaf could not be disabled\n", sc->label);
        fflush(stdout);
        return -1;
    }
    for (int i = 0; i < threads; i++) {
        workers[i].sc = sc;
        workers[i].done = workers[i].failed = 0;
        workers[i].bytes = 0;
        pthread_create(&tids[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(tids[i], NULL);
    if (sc->no_leaf)
        leaf_enable_again();
    for (int i = 0; i < threads; i++) {
        total += workers[i].done;
        bytes += workers[i].bytes;
        failed += workers[i].failed;
        long kept = workers[i].done + workers[i].failed;
        if (kept > SAMPLES)
            kept = SAMPLES;
        memcpy(all + n, workers[i].latency, sizeof(double) * (size_t)kept);
        n += kept;
    }
    qsort(all, (size_t)n, sizeof(double), by_value);
    *p50 = n ? all[n / 2] : 0.0;
    double rate = (double)total / seconds, against = sc->write ? update_tps : select_tps;
    char ratio[32] = "-";
    if (against > 0)
        snprintf(ratio, sizeof ratio, "%.2fx %s", rate / against, sc->write ? "-N" : "-S");
    char against_small[48] = "";
    double small = baseline_of(sc->label);
    if (small > 0)
        snprintf(against_small, sizeof against_small, "  %+4.0f %% vs small", (rate / small - 1) * 100);
    printf("%-22s %9.0f /s  %-9s  p50 %6.0f us  p99 %7.0f us  %6.1f KiB  (%ld done, %ld failed)%s\n",
           sc->label, rate, ratio, *p50,
           n ? all[(long)((double)n * 0.99)] : 0.0, total ? bytes / (double)total / 1024 : 0.0,
           total, failed, against_small);
    fflush(stdout);
    if (rates_out)
        fprintf(rates_out, "%s\t%.0f\n", sc->label, rate);
    return rate;
}

/* A line of /proc/self/status in KiB (VmRSS, VmHWM). */
static long status_kib(const char *key)
{
    char line[256];
    long kib = 0;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            kib = strtol(line + strlen(key) + 1, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}

static void prepare_own_claims(worker *workers)
{
    for (int i = 0; i < threads; i++)
        for (int k = 0; k < OWN_CLAIMS; k++) {
            char article[48];
            snprintf(article, sizeof article, "bench-own-%d-%d", i, k);
            workers[i].own[k] = new_claim(article);
            workers[i].version[k] = 1;
        }
}

int main(int argc, char **argv)
{
    char config[1024], *error = NULL, why[512];
    double select_tps = 0, update_tps = 0;
    ct_loaded so;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PLUGIN CONNINFO [SECONDS [THREADS [SELECT_TPS UPDATE_TPS]]]\n",
                argv[0]);
        return 2;
    }
    if (argc > 3)
        seconds = atof(argv[3]);
    if (argc > 4)
        threads = atoi(argv[4]);
    if (argc > 6) {
        select_tps = atof(argv[5]);
        update_tps = atof(argv[6]);
    }
    if (threads < 1 || threads > MAX_THREADS || seconds <= 0) {
        fprintf(stderr, "bench: THREADS is 1 to %d, SECONDS more than 0\n", MAX_THREADS);
        return 2;
    }

    worker *workers = calloc((size_t)threads, sizeof *workers);
    double *all = malloc(sizeof(double) * SAMPLES * (size_t)threads);
    /* Every page of the samples is touched now, so that the resident size
       measured before open() already holds them. */
    for (int i = 0; i < threads; i++) {
        workers[i].index = i;
        workers[i].latency = malloc(sizeof(double) * SAMPLES);
        for (long k = 0; k < SAMPLES; k++)
            workers[i].latency[k] = -1.0;
    }
    for (long k = 0; k < SAMPLES * (long)threads; k++)
        all[k] = -1.0;

    const char *only = getenv("BENCH_ONLY"), *unknown = NULL;
    if (only && *only == '\0')
        only = NULL;
    int unknown_len = unknown_scenario(only, &unknown);
    if (unknown_len > 0) {
        fprintf(stderr, "bench: BENCH_ONLY names no scenario \"%.*s\"\n", unknown_len, unknown);
        return 2;
    }
    plugin = ct_loader_open(argv[1], 0, &so, why, sizeof why);
    if (plugin == NULL) {
        fprintf(stderr, "cannot load the plugin: %s\n", why);
        return 1;
    }
    const char *schema = getenv("BENCH_SCHEMA") ? getenv("BENCH_SCHEMA") : "claimtrack";
    open_admin(argv[2], schema);        /* counted with the harness */
    long harness_kib = status_kib("VmRSS:");
    if (getenv("BENCH_RATES_IN"))
        read_baseline(getenv("BENCH_RATES_IN"));
    if (getenv("BENCH_RATES_OUT"))
        rates_out = fopen(getenv("BENCH_RATES_OUT"), "w");
    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":%d,\"schema\":\"%s\","
             PUBLISHER "}", argv[2], threads, schema);
    instance = plugin->open(NULL, config, &error);
    if (instance == NULL) {
        fprintf(stderr, "open: %s\n", error);
        return 1;
    }

    snprintf(config, sizeof config, "{\"database\":\"%s\",\"pool_size\":%d,\"schema\":\"%s\","
             PUBLISHER ",\"reader_cache_bytes\":16777216}", argv[2], threads, schema);
    cached = plugin->open(NULL, config, &error);
    if (cached == NULL) {
        fprintf(stderr, "open with the readers' cache: %s\n", error);
        return 1;
    }
    build_article();
    scan_text = json_escaped(scan_article);
    if (scan_text == NULL || snprintf(NULL, 0, SCAN_REQUEST, MAX_THREADS, 999L, scan_text)
                             >= REQUEST_MAX) {
        fprintf(stderr, "bench: the request of \"article scan\" is over %d bytes\n", REQUEST_MAX);
        return 1;
    }
    struct timespec started;
    clock_gettime(CLOCK_REALTIME, &started);
    snprintf(notices_article, sizeof notices_article, "bench-notices-%lld-%ld",
             (long long)started.tv_sec, started.tv_nsec);
    published_claim = published();
    published();
    published();
    prepare_own_claims(workers);

    printf("%d threads through handle(), a pool of %d connections per instance, %.0f s per"
           " scenario\n", threads, threads, seconds);
    double create_rate = -1;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        const scenario *sc = &scenarios[i];
        if (!selected(only, sc->label))
            continue;
        for (int t = 0; t < threads; t++)
            workers[t].next = 0;
        double p50 = 0;
        double rate = run(sc, workers, all, select_tps, update_tps, &p50);
        if (sc->build == build_scan) {
            char count[32] = "an unknown number of";
            long claims = count_claims();
            if (claims >= 0)
                grouped(claims, count, sizeof count);
            printf("article scan: p50 %.1f ms against %s claims (target: under 100 ms at"
                   " 100,000)\n", p50 / 1000, count);
            fflush(stdout);
        }
        if (sc->build == build_create && !sc->no_leaf)
            create_rate = rate;
        if (sc->no_leaf && rate > 0 && create_rate >= 0) {
            printf("leaf cost: claim create runs at %.0f %% of its rate without the leaf\n",
                   create_rate / rate * 100);
            fflush(stdout);
        }
    }
    long peak_kib = status_kib("VmHWM:");
    printf("peak RSS %.1f MiB, of which %.1f MiB after the plugin was opened "
           "(before it: %.0f MiB, the harness with its latency samples, and the libraries)\n",
           (double)peak_kib / 1024, (double)(peak_kib - harness_kib) / 1024,
           (double)harness_kib / 1024);

    if (rates_out)
        fclose(rates_out);
    PQfinish(admin);
    admin = NULL;
    plugin->close(cached);
    plugin->close(instance);
    ct_loader_close(&so);
    for (int i = 0; i < threads; i++)
        free(workers[i].latency);
    free(workers);
    free(all);
    free(scan_text);
    return 0;
}
