/*
 * test_scan.c -- src/domain/scan.c and POST /articles/{id}/scan: the
 * matcher measured on the labelled set of tests/matching (451 passages in
 * Russian, Kazakh and English), and the route's behaviour.
 *
 * The known claims of claims.tsv are recorded through POST /claims; each
 * passage is scanned as an article of its own. A suggestion of the claim a
 * passage repeats is a true positive; any other suggestion is a false one
 * (for near misses, negations, quotes of rebuttals and unrelated news,
 * every suggestion is). The suite prints precision per language and
 * recall per kind, and holds them to floors (see quality_holds).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/scan.h"
#include "testhost.h"

#define CLAIMS_MAX 64
/* What the matcher reaches now (threshold 0.7), a little below, so that a
   change that makes it worse fails. The targets: precision 0.95,
   verbatim and partial recall 0.85, paraphrase 0.6. The development set
   is the one the lexicon (src/domain/lexicon.c) was written against; the
   held-out set says how it does on text it was not. */
#define PRECISION_FLOOR  0.965
#define VERBATIM_FLOOR   0.98
#define PARTIAL_FLOOR    0.98
#define PARAPHRASE_FLOOR 0.91
#define SECOND_PRECISION_FLOOR    0.97
#define SECOND_VERBATIM_FLOOR     0.98
#define SECOND_PARTIAL_FLOOR      0.92
#define SECOND_PARAPHRASE_FLOOR   0.91
#define HELD_OUT_PRECISION_FLOOR  0.95
#define HELD_OUT_VERBATIM_FLOOR   0.97
#define HELD_OUT_PARTIAL_FLOOR    0.95
#define HELD_OUT_PARAPHRASE_FLOOR 0.58
#define FRESH_PRECISION_FLOOR     0.98
#define BLIND_PRECISION_FLOOR     0.99
#define BLIND_VERBATIM_FLOOR      0.99
#define BLIND_PARTIAL_FLOOR       0.99
#define BLIND_PARAPHRASE_FLOOR    0.80
#define FRESH_VERBATIM_FLOOR      0.97
#define FRESH_PARTIAL_FLOOR       0.88
#define FRESH_PARAPHRASE_FLOOR    0.80

typedef struct known {
    char key[32];
    long long id;
} known;

static known claims[CLAIMS_MAX];
static size_t nclaims;

static const char *const kinds[] = {"verbatim", "partial", "paraphrase", "reported", "near_city",
                                    "near_person", "near_number", "negation", "rebuttal_quote",
                                    "unrelated", NULL};
static const char *const languages[] = {"ru", "kk", "en", NULL};

typedef struct tally {
    int passages, found, false_positives;   /* found: the repeated claim was suggested */
} tally;

static tally by_kind[3][10];

static int index_of(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

/* The fields of a tab-separated line, in place; their number. */
static int fields(char *line, char **out, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max; ) {
        out[n++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static void record_claims(void)
{
    char line[2048], *f[4], body[2048];
    FILE *in = fopen("tests/matching/claims.tsv", "r");
    ck_assert_ptr_nonnull(in);
    nclaims = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#' || strncmp(line, "key\t", 4) == 0 || fields(line, f, 4) != 4)
            continue;
        json_object *b = json_object_new_object(), *claimant = json_object_new_object();
        json_object_object_add(claimant, "name", json_object_new_string(f[2]));
        json_object_object_add(b, "text", json_object_new_string(f[3]));
        json_object_object_add(b, "claimant", claimant);
        json_object_object_add(b, "said_at", json_object_new_string("2025-12-01"));
        json_object_object_add(b, "language", json_object_new_string(f[1]));
        snprintf(body, sizeof body, "%s", json_object_to_json_string(b));
        json_object_put(b);
        th_resp r = th_call("POST", "/claims", "editor", NULL, body);
        ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
        ck_assert_uint_lt(nclaims, CLAIMS_MAX);
        snprintf(claims[nclaims].key, sizeof claims[nclaims].key, "%s", f[0]);
        claims[nclaims++].id = th_int(&r, "id");
        th_free(&r);
    }
    fclose(in);
    ck_assert_uint_eq(nclaims, 24);
}

static long long claim_id_of(const char *key)
{
    for (size_t i = 0; i < nclaims; i++)
        if (strcmp(claims[i].key, key) == 0)
            return claims[i].id;
    return 0;
}

/* Scan one passage as an article of its own and count what it found. */
static void scan_passage(int lang, char **f)
{
    char path[96], body[4096];
    int kind = index_of(kinds, f[1]);
    long long want = strcmp(f[2], "-") == 0 ? 0 : claim_id_of(f[2]);
    ck_assert_msg(kind >= 0, "unknown kind %s", f[1]);
    ck_assert_msg(strcmp(f[2], "-") == 0 || want > 0, "unknown claim %s", f[2]);

    json_object *b = json_object_new_object();
    json_object_object_add(b, "text", json_object_new_string(f[3]));
    json_object_object_add(b, "language", json_object_new_string(languages[lang]));
    snprintf(body, sizeof body, "%s", json_object_to_json_string(b));
    json_object_put(b);
    snprintf(path, sizeof path, "/articles/match-%s/scan", f[0]);
    th_resp r = th_call("POST", path, "editor", NULL, body);
    ck_assert_msg(r.status == 200, "%s", json_object_to_json_string(r.body));
    json_object *list = th_get(&r, "suggestions");
    tally *t = &by_kind[lang][kind];
    bool found = false;
    t->passages++;
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        long long claim = json_object_get_int64(json_object_object_get(
            json_object_array_get_idx(list, i), "claim_id"));
        if (claim == want && !found)
            found = true;
        else if (claim != want) {
            t->false_positives++;
            if (getenv("CT_SCAN_DEBUG"))
                fprintf(stderr, "false positive %s (%s): claim %lld\n", f[0], f[1], claim);
        }
    }
    t->found += found;
    if (want && !found && getenv("CT_SCAN_DEBUG"))
        fprintf(stderr, "missed %s (%s)\n", f[0], f[1]);
    th_free(&r);
}

/* Scan every passage of dir's ru.tsv, kk.tsv and en.tsv into by_kind. */
static void scan_corpus(const char *dir)
{
    char line[4096], *f[4], file[96];
    memset(by_kind, 0, sizeof by_kind);
    for (int lang = 0; languages[lang]; lang++) {
        snprintf(file, sizeof file, "%s/%s.tsv", dir, languages[lang]);
        FILE *in = fopen(file, "r");
        ck_assert_ptr_nonnull(in);
        while (fgets(line, sizeof line, in)) {
            if (line[0] == '#' || strncmp(line, "id\t", 3) == 0)
                continue;
            ck_assert_int_eq(fields(line, f, 4), 4);
            scan_passage(lang, f);
        }
        fclose(in);
    }
}

/* Precision of one language (-1: all) and recall of one kind over the languages. */
static double precision(int lang)
{
    int tp = 0, fp = 0;
    for (int l = 0; l < 3; l++)
        for (int k = 0; k < 10; k++)
            if (lang < 0 || lang == l) {
                tp += by_kind[l][k].found;
                fp += by_kind[l][k].false_positives;
            }
    return tp + fp ? (double)tp / (tp + fp) : 1.0;
}

static double recall(int lang, int kind)
{
    int found = 0, passages = 0;
    for (int l = 0; l < 3; l++)
        if (lang < 0 || lang == l) {
            found += by_kind[l][kind].found;
            passages += by_kind[l][kind].passages;
        }
    return passages ? (double)found / passages : 0.0;
}

static void print_table(const char *title)
{
    int passages = 0;
    for (int l = 0; l < 3; l++)
        for (int k = 0; k < 10; k++)
            passages += by_kind[l][k].passages;
    printf("matching quality (%s, %d passages)\n", title, passages);
    printf("%-10s %9s", "language", "precision");
    for (int k = 0; k < 4; k++)
        printf(" %10s", kinds[k]);
    printf("   false positives by kind\n");
    for (int l = -1; l < 3; l++) {
        printf("%-10s %9.3f", l < 0 ? "all" : languages[l], precision(l));
        for (int k = 0; k < 4; k++)
            printf(" %10.3f", recall(l, k));
        printf("  ");
        for (int k = 0; k < 10; k++) {
            int fp = 0;
            for (int x = 0; x < 3; x++)
                if (l < 0 || l == x)
                    fp += by_kind[x][k].false_positives;
            if (fp)
                printf(" %s=%d", kinds[k], fp);
        }
        printf("\n");
    }
    fflush(stdout);
}

START_TEST(quality_holds)
{
    record_claims();
    scan_corpus("tests/matching");
    print_table("tests/matching, the development set");
    int passages = 0;
    for (int l = 0; l < 3; l++)
        for (int k = 0; k < 10; k++) {
            passages += by_kind[l][k].passages;
            ck_assert_msg(by_kind[l][k].passages > 0,
                          "no passage of %s in %s", kinds[k], languages[l]);
        }
    ck_assert_int_ge(passages, 400);
    ck_assert_msg(precision(-1) >= PRECISION_FLOOR, "precision %.3f", precision(-1));
    ck_assert_msg(recall(-1, 0) >= VERBATIM_FLOOR, "verbatim recall %.3f", recall(-1, 0));
    ck_assert_msg(recall(-1, 1) >= PARTIAL_FLOOR, "partial recall %.3f", recall(-1, 1));
    ck_assert_msg(recall(-1, 2) >= PARAPHRASE_FLOOR, "paraphrase recall %.3f", recall(-1, 2));
}
END_TEST

/* Scan one of the later sets (150 passages each) and hold it to floors. */
static void later_set_holds(const char *dir, const char *title, const double floors[4])
{
    record_claims();
    scan_corpus(dir);
    print_table(title);
    int passages = 0;
    for (int l = 0; l < 3; l++)
        for (int k = 0; k < 10; k++)
            passages += by_kind[l][k].passages;
    ck_assert_int_eq(passages, 150);
    ck_assert_msg(precision(-1) >= floors[0], "precision %.3f", precision(-1));
    ck_assert_msg(recall(-1, 0) >= floors[1], "verbatim recall %.3f", recall(-1, 0));
    ck_assert_msg(recall(-1, 1) >= floors[2], "partial recall %.3f", recall(-1, 1));
    ck_assert_msg(recall(-1, 2) >= floors[3], "paraphrase recall %.3f", recall(-1, 2));
}

/* The second set: written apart from the lexicon by someone who had read
   neither it nor the development set; measured once untouched (see
   tests/matching/README.md), then read for the kinds of fault it showed. */
START_TEST(second_set_quality_holds)
{
    static const double floors[4] = {SECOND_PRECISION_FLOOR, SECOND_VERBATIM_FLOOR,
                                     SECOND_PARTIAL_FLOOR, SECOND_PARAPHRASE_FLOOR};
    later_set_holds("tests/matching/second", "tests/matching/second, the second set", floors);
}
END_TEST

/* The held-out set: written last, the same way, and never used to change
   the matcher: its figures are how the matcher does on new text. */
START_TEST(held_out_quality_holds)
{
    static const double floors[4] = {HELD_OUT_PRECISION_FLOOR, HELD_OUT_VERBATIM_FLOOR,
                                     HELD_OUT_PARTIAL_FLOOR, HELD_OUT_PARAPHRASE_FLOOR};
    later_set_holds("tests/matching/heldout", "tests/matching/heldout, the held-out set", floors);
}
END_TEST

/* The fresh set: written after the held-out set had been read for one
   fault, the same way, and never used to change the matcher. */
START_TEST(fresh_set_quality_holds)
{
    static const double floors[4] = {FRESH_PRECISION_FLOOR, FRESH_VERBATIM_FLOOR,
                                     FRESH_PARTIAL_FLOOR, FRESH_PARAPHRASE_FLOOR};
    later_set_holds("tests/matching/fresh", "tests/matching/fresh, the fresh set", floors);
}
END_TEST

/* The blind set: written last, the same way, by someone who had read no
   passage of the others, and never used to change the matcher. */
START_TEST(blind_set_quality_holds)
{
    static const double floors[4] = {BLIND_PRECISION_FLOOR, BLIND_VERBATIM_FLOOR,
                                     BLIND_PARTIAL_FLOOR, BLIND_PARAPHRASE_FLOOR};
    later_set_holds("tests/matching/blind", "tests/matching/blind, the blind set", floors);
}
END_TEST

static th_resp scan(const char *article, const char *role, const char *text, const char *language)
{
    char path[128], body[2048];
    json_object *b = json_object_new_object();
    json_object_object_add(b, "text", json_object_new_string(text));
    json_object_object_add(b, "language", json_object_new_string(language));
    snprintf(body, sizeof body, "%s", json_object_to_json_string(b));
    json_object_put(b);
    snprintf(path, sizeof path, "/articles/%s/scan", article);
    return th_call("POST", path, role, NULL, body);
}

/* The key of the one claim a scan of text suggests, "-" when it suggests
   none ("several" when more than one). */
static void suggested(const char *text, const char *language, char *key, size_t size)
{
    th_resp r = scan(th_unique("check"), "editor", text, language);
    ck_assert_int_eq(r.status, 200);
    json_object *list = th_get(&r, "suggestions");
    size_t n = json_object_array_length(list);
    snprintf(key, size, "%s", n == 0 ? "-" : "several");
    for (size_t i = 0; n == 1 && i < nclaims; i++)
        if (claims[i].id == json_object_get_int64(json_object_object_get(
                                json_object_array_get_idx(list, 0), "claim_id")))
            snprintf(key, size, "%.31s", claims[i].key);
    th_free(&r);
}

/* Each of cases[0..n), {language, text, the key of the claim it must
   suggest ("-": none)}, scanned alone, suggests that claim. */
static void assert_suggested(const char *const (*cases)[3], size_t n)
{
    char key[32];
    for (size_t i = 0; i < n; i++) {
        suggested(cases[i][1], cases[i][0], key, sizeof key);
        ck_assert_msg(strcmp(key, cases[i][2]) == 0, "%s (%s): %s, not %s", cases[i][1],
                      cases[i][0], key, cases[i][2]);
    }
}

/* Each check of scan.c on a sentence it decides: written out, one by one,
   so that a check that stops working fails here and not only in the
   figures. */
START_TEST(each_check_decides_its_sentence)
{
    static const char *const cases[][3] = {
        /* the lexicon: another name of both places, another word for danger */
        {"ru", "Жить в столице Казахстана сейчас так же опасно, как в столице Венесуэлы.",
         "ru-caracas"},
        {"en", "Foreign sales of Kazakh oil dropped by 50 percent in 2025.", "en-oil"},
        {"kk", "Оңтүстік астанада нанның құны екі еселенді.", "kk-bread"},
        /* the language as a CMS tags it: a whole BCP 47 tag, in any case */
        {"ru-RU", "Жить в столице Казахстана сейчас так же опасно, как в столице Венесуэлы.",
         "ru-caracas"},
        {"EN-gb", "Foreign sales of Kazakh oil dropped by 50 percent in 2025.", "en-oil"},
        {"kk-Cyrl-KZ", "Оңтүстік астанада нанның құны екі еселенді.", "kk-bread"},
        /* another city, unless word for word */
        {"ru", "Преступность в Алматы как в Каракасе.", "-"},
        {"ru", "Преступность в Астане как в Каракасе, а в Алматы спокойнее.", "ru-caracas"},
        {"en", "Crime in Astana is now like Caracas, and Almaty is close behind.", "-"},
        /* another country */
        {"en", "Uzbekistan's oil exports fell by half in 2025 as the country's refineries kept"
               " more crude at home.", "-"},
        /* numbers: another one, a year left out, another year, another period */
        {"ru", "Средняя зарплата в Алматы выросла на 50 % за год.", "-"},
        {"kk", "Газ бағасы 30 пайызға өседі.", "kk-gas"},
        {"kk", "Газ бағасы 2027 жылы 30 пайызға өседі.", "-"},
        {"ru", "Средняя зарплата в Алматы выросла на 40 % за пять лет.", "-"},
        /* denials: near the claim's words or number, of the whole sentence, an
           antonym; and a negation that bears on something else */
        {"ru", "Билеты на поезд Алматы — Астана подорожали не в три раза.", "-"},
        {"ru", "Неправда, что вода из-под крана в Шымкенте непригодна для питья.", "-"},
        {"ru", "Вода из-под крана в Шымкенте пригодна для питья.", "-"},
        {"en", "Mortgage rates in Kazakhstan have reached 25 percent, a claim not supported by"
               " the central bank.", "-"},
        {"kk", "Газ бағасы 2026 жылы 30 пайызға өспейді.", "-"},
        {"ru", "Билеты на поезд Алматы — Астана подорожали втрое: пассажиры не могут найти места.",
         "ru-tickets"},
        {"kk", "Ауылдық жерлерде дәрігерлердің 40 пайызы жетіспейді.", "kk-doctors"},
        /* denials in the words of a desk: "does not stand up", "dismissed",
           "жоққа шығарды" (refuted), "жалған" (false), "недостоверна" */
        {"ru", "Утверждение, что в Астане установили 20 тысяч камер видеоаналитики, не выдерживает"
               " критики.", "-"},
        {"en", "The ministry dismissed reports that youth unemployment in Shymkent is 30 percent.",
         "-"},
        {"kk", "Министрлік газ бағасы 2026 жылы 30 пайызға өседі деген хабарды жоққа шығарды.", "-"},
        {"kk", "Қарағандыда жұмыссыздық 20 пайызға жетті деген сөз жалған.", "-"},
        {"ru", "Информация о том, что смог в Алматы убивает 10 тысяч человек в год, недостоверна.",
         "-"},
        {"ru", "Слухи о том, что пенсионный возраст для женщин поднимут до 65 лет в 2026 году,"
               " не подтвердились.", "-"},
        {"kk", "Қарағандыда жұмыссыздық 20 пайызға жетті деген ақпарат расталмады.", "-"},
        {"en", "Contrary to claims that Almaty's smog kills 10,000 people a year, the health"
               " ministry counts far fewer deaths.", "-"},
        /* another country beside a claim quoted word for word */
        {"en", "\"Kazakhstan's oil exports fell by half in 2025,\" a trader told a"
               " Russian-language channel.", "en-oil"},
        /* a comparison in other words */
        {"kk", "Блогерлер Астанадағы қылмысты Каракаспен салыстырды.", "kk-caracas"},
        /* fewer of the claim's words: with its place and number, and most of
           its letters (trigram); with one of the two, not */
        {"en", "Astana airport handled 10 million passengers, the tourism office said.",
         "en-airport"},
        {"en", "The airport handled 10 million passengers, the tourism office said.", "-"},
    };
    record_claims();
    assert_suggested(cases, sizeof cases / sizeof *cases);
}
END_TEST

/* An article's language as a CMS may tag it, with extensions or private
   use (RFC 5646 §2.1), is the language of its primary subtag; a tag of
   private use alone names no language there is a lexicon of. */
START_TEST(a_tag_with_extensions_or_private_use_is_its_language)
{
    static const char *const cases[][3] = {
        {"ru-RU-u-nu-latn", "Жить в столице Казахстана сейчас так же опасно, как в столице"
                            " Венесуэлы.", "ru-caracas"},
        {"en-US-u-ca-gregory", "Foreign sales of Kazakh oil dropped by 50 percent in 2025.",
         "en-oil"},
        {"KK-cyrl-KZ-X-FOO", "Оңтүстік астанада нанның құны екі еселенді.", "kk-bread"},
    };
    record_claims();
    assert_suggested(cases, sizeof cases / sizeof *cases);
    th_resp r = scan(th_unique("private"), "editor", "Преступность в Астане как в Каракасе.",
                     "x-ru");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "invalid_value");
    ck_assert_str_eq(th_str(&r, "error/message"),
                     "language names a language claimtrack does not write in");
    th_free(&r);
}
END_TEST

/* A sentence that holds 60 % of the claim's content terms, its place and
   its number, and most of its letters is suggested as "trigram", scored
   by the share of terms it holds. */
START_TEST(a_trigram_match_says_so)
{
    record_claims();
    th_resp r = scan(th_unique("trigram"), "editor",
                     "Astana airport handled 10 million passengers, the tourism office said.", "en");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_str_eq(th_str(&r, "suggestions/0/method"), "trigram");
    ck_assert_str_eq(th_str(&r, "suggestions/0/score"), "0.600");
    th_free(&r);
}
END_TEST

/* The passage comes back as code points of the text as sent, and the
   article's pending suggestions are what the last scan found. */
START_TEST(a_scan_keeps_the_articles_suggestions)
{
    char out[64];
    th_resp r = th_call("POST", "/claims", "editor", NULL,
                        "{\"text\":\"Преступность в Астане как в Каракасе\","
                        "\"claimant\":{\"name\":\"Талгат Ергалиев\"},"
                        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 201);
    long long claim = th_int(&r, "id");
    th_free(&r);
    /* "Ё" and an emoji before the passage: code points, not bytes or UTF-16 */
    r = scan("scan-1", "editor", "Ёлка 🎄 у акимата. Депутат заявил, что преступность в Астане как"
             " в Каракасе. Полиция опровергла эти слова.", "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    ck_assert_int_eq(th_int(&r, "suggestions/0/start"), 18);
    ck_assert_int_eq(th_int(&r, "suggestions/0/end"), 75);
    ck_assert_str_eq(th_str(&r, "suggestions/0/quote"),
                     "Депутат заявил, что преступность в Астане как в Каракасе.");
    ck_assert_str_eq(th_str(&r, "suggestions/0/method"), "verbatim");
    th_free(&r);
    th_fresh_text("SELECT count(*) FROM ct_suggestions WHERE article_id = 'scan-1'"
                  " AND status = 'pending'", out, sizeof out);
    ck_assert_str_eq(out, "1");
    /* the article edited: the repeat gone, and its suggestion with it */
    r = scan("scan-1", "editor", "Полиция опровергла слова депутата.", "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    th_free(&r);
    th_fresh_text("SELECT count(*) FROM ct_suggestions WHERE article_id = 'scan-1'", out,
                  sizeof out);
    ck_assert_str_eq(out, "0");
}
END_TEST

START_TEST(bad_scans_write_nothing)
{
    char before[32], after[32];
    static const char rows_sql[] =
        "SELECT (SELECT count(*) FROM ct_suggestions) + (SELECT count(*) FROM ct_events)"
        " + (SELECT count(*) FROM ct_claims)";
    th_fresh_text(rows_sql, before, sizeof before);
    th_resp r = scan("scan-2", "editor", "Преступность в Астане как в Каракасе.", "de");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "invalid_value");     /* no lexicon of German */
    ck_assert_str_eq(th_error_field(&r), "language");
    th_free(&r);
    r = scan("scan-2", "editor", "Преступность в Астане как в Каракасе.", "ru_RU");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_code(&r), "invalid_value");     /* no language tag */
    ck_assert_str_eq(th_error_field(&r), "language");
    th_free(&r);
    r = scan("scan-2", "reader", "Преступность в Астане как в Каракасе.", "ru");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_call("POST", "/articles/scan-2/scan", "editor", NULL, "{\"text\":\"x\",\"language\":\"ru\","
                "\"url\":\"javascript:alert(1)\"}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(th_error_field(&r), "url");
    th_free(&r);
    th_fresh_text(rows_sql, after, sizeof after);
    ck_assert_str_eq(after, before);
}
END_TEST

/* A Russian claim of text (no quotes in it) by the deputy. */
static long long deputy_claim(const char *text)
{
    char body[512];
    snprintf(body, sizeof body, "{\"text\":\"%s\",\"claimant\":{\"name\":\"Талгат Ергалиев\"},"
             "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}", text);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    long long claim = th_int(&r, "id");
    th_free(&r);
    return claim;
}

static long long caracas_claim(void)
{
    return deputy_claim("Преступность в Астане как в Каракасе");
}

/* Two sentences repeating the Caracas claim: code points 0-57 and 58-108,
   its words at 20-56 and 71-107. */
static const char twice_text[] = "Депутат заявил, что преступность в Астане как в Каракасе. Он"
                                 " повторил: преступность в Астане как в Каракасе.";

static const char repeat_text[] =
    "Сессия маслихата. Депутат заявил, что преступность в Астане как в Каракасе. Конец.";

/* Confirmed: a mention with its quote and position, a mention_added event
   of method "suggested", and no more suggestion of the claim there. */
START_TEST(a_confirmed_suggestion_becomes_a_mention)
{
    char path[96], out[256];
    long long claim = caracas_claim();
    th_resp r = scan("scan-3", "editor", repeat_text, "ru");
    long long id = th_int(&r, "suggestions/0/id");
    th_free(&r);
    r = th_call("GET", "/articles/scan-3/suggestions", "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "suggestions/0/id"), id);
    ck_assert_str_eq(th_str(&r, "suggestions/0/claim_text"), "Преступность в Астане как в Каракасе");
    ck_assert_str_eq(th_str(&r, "suggestions/0/prefix"), "Сессия маслихата. ");
    ck_assert_str_eq(th_str(&r, "suggestions/0/suffix"), " Конец.");
    th_free(&r);
    r = th_call("GET", "/articles/scan-3/suggestions", "reader", NULL, NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    /* not seen by readers before it is confirmed (and published) */
    r = th_call("GET", "/articles/scan-3/notices", NULL, NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 0);
    th_free(&r);

    snprintf(path, sizeof path, "/suggestions/%lld/confirm", id);
    r = th_call("POST", path, "editor", NULL, "{}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(th_int(&r, "id"), claim);
    ck_assert_str_eq(th_str(&r, "mentions/0/article_id"), "scan-3");
    ck_assert_str_eq(th_str(&r, "mentions/0/quote/exact"),
                     "Депутат заявил, что преступность в Астане как в Каракасе.");
    ck_assert_int_eq(th_int(&r, "mentions/0/position/start"), 18);
    th_free(&r);
    snprintf(out, sizeof out, "SELECT payload->>'method' FROM ct_events WHERE claim_id = %lld"
             " AND type = 'mention_added'", claim);
    th_fresh_text(out, out, sizeof out);
    ck_assert_str_eq(out, "suggested");
    r = th_call("POST", path, "editor", NULL, "{}");            /* gone */
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
    r = scan("scan-3", "editor", repeat_text, "ru");            /* mentioned: not again */
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    th_free(&r);
}
END_TEST

START_TEST(a_dismissed_suggestion_is_not_made_again)
{
    char path[96];
    caracas_claim();
    th_resp r = scan("scan-4", "editor", repeat_text, "ru");
    long long id = th_int(&r, "suggestions/0/id");
    th_free(&r);
    snprintf(path, sizeof path, "/suggestions/%lld/dismiss", id);
    r = th_call("POST", path, "editor", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "status"), "dismissed");
    th_free(&r);
    r = scan("scan-4", "editor", repeat_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    th_free(&r);
    r = th_call("GET", "/articles/scan-4/suggestions", "editor", NULL, NULL);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    th_free(&r);
    snprintf(path, sizeof path, "/suggestions/%lld/confirm", id);
    r = th_call("POST", path, "editor", NULL, "{}");
    ck_assert_int_eq(r.status, 404);
    th_free(&r);
    /* another article still gets it */
    r = scan("scan-5", "editor", repeat_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    th_free(&r);
}
END_TEST

static long long english_claim(const char *text)
{
    char body[512];
    json_object *b = json_object_new_object(), *claimant = json_object_new_object();
    json_object_object_add(claimant, "name", json_object_new_string("Water committee"));
    json_object_object_add(b, "text", json_object_new_string(text));
    json_object_object_add(b, "claimant", claimant);
    json_object_object_add(b, "said_at", json_object_new_string("2025-12-01"));
    json_object_object_add(b, "language", json_object_new_string("en"));
    snprintf(body, sizeof body, "%s", json_object_to_json_string(b));
    json_object_put(b);
    th_resp r = th_call("POST", "/claims", "editor", NULL, body);
    ck_assert_msg(r.status == 201, "%s", json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}

/* More candidates than a sentence's check takes (CT_SCAN_CANDIDATES_MAX):
   the checked ones are the best, not the first in the table. 210 older
   claims share two of their three content terms with the sentence (a
   share of 0.67: read, never suggested); the claim it repeats word for
   word was recorded last, and is the one suggested. */
START_TEST(the_best_candidates_are_checked_not_the_oldest)
{
    char text[96];
    int cap = atoi(CT_SCAN_CANDIDATES_MAX_TEXT);
    for (int i = 0; i < cap + 10; i++) {
        snprintf(text, sizeof text, "Household water zq%c%c", 'a' + i / 26, 'a' + i % 26);
        english_claim(text);
    }
    long long repeated = english_claim("Household water tariffs climbed sharply this winter");
    th_resp r = scan(th_unique("best"), "editor",
                     "Household water tariffs climbed sharply this winter, residents said.", "en");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), repeated);
    ck_assert_str_eq(th_str(&r, "suggestions/0/method"), "verbatim");
    th_free(&r);
}
END_TEST

/* The check's choice counts places and numbers too: the claim of the
   sentence's year, recorded first, comes before 200 newer claims about
   every other year that hold more of the sentence's words (a year is no
   key: each of them is a candidate, all of its content terms in the
   sentence, but not all of its terms). */
START_TEST(the_claim_of_the_sentences_year_is_checked_first)
{
    char text[96];
    long long repeated = english_claim("Household water tariffs climbed sharply in 2025");
    int others = 0;
    for (int year = 1900; year <= 2100; year++)
        if (year != 2025) {
            snprintf(text, sizeof text, "Household water tariffs climbed sharply, residents said"
                     " in %d", year);
            english_claim(text);
            others++;
        }
    ck_assert_int_ge(others, atoi(CT_SCAN_CANDIDATES_MAX_TEXT));
    th_resp r = scan(th_unique("year"), "editor",
                     "Household water tariffs climbed sharply in 2025, residents said.", "en");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), repeated);
    th_free(&r);
}
END_TEST

/* Seven claims of one statement (entered again, imported twice): a
   sentence repeating it word for word is suggested CT_SCAN_PER_SENTENCE
   times, not seven: the published claim and the newest (all score 1);
   the two oldest drafts wait. The answer keeps its documented order
   (score, start, then the lowest claim id). Dismissing one makes room
   for the next at the following scan; confirming one does not (its
   mention counts towards the five). */
static long long same_claims[7];

static void seven_same_claims(void)
{
    char path[64];
    for (int i = 0; i < 7; i++)
        same_claims[i] = caracas_claim();
    snprintf(path, sizeof path, "/claims/%lld/review", same_claims[1]);
    th_resp r = th_call("POST", path, "moderator", NULL, "{\"expected_version\":1,"
                        "\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

/* Scan repeat_text for article scan-7: the suggestions, in the answer's
   order, are same_claims[which[0..n-1]]. The answer's suggestion at index
   act (its id), acted on with action ("dismiss", "confirm"), answering
   status; none when action is NULL. */
static void scan_seven(const int *which, int n, int act, const char *action, int status)
{
    char path[96];
    th_resp r = scan("scan-7", "editor", repeat_text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), n);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "suggestions/%d/claim_id", i);
        ck_assert_int_eq(th_int(&r, path), same_claims[which[i]]);
    }
    snprintf(path, sizeof path, "suggestions/%d/id", act);
    snprintf(path, sizeof path, "/suggestions/%lld/%s", th_int(&r, path), action ? action : "");
    th_free(&r);
    if (action == NULL)
        return;
    r = th_call("POST", path, "editor", NULL, "{}");
    ck_assert_int_eq(r.status, status);
    th_free(&r);
}

START_TEST(a_sentence_is_suggested_for_its_best_claims_only)
{
    static const int first[CT_SCAN_PER_SENTENCE] = {1, 3, 4, 5, 6};
    static const int after_dismissal[CT_SCAN_PER_SENTENCE] = {1, 2, 4, 5, 6};
    static const int after_confirmation[CT_SCAN_PER_SENTENCE - 1] = {2, 4, 5, 6};
    seven_same_claims();
    scan_seven(first, CT_SCAN_PER_SENTENCE, 1, "dismiss", 200);
    scan_seven(after_dismissal, CT_SCAN_PER_SENTENCE, 0, "confirm", 201);
    /* the mention of the sentence counts towards its five */
    scan_seven(after_confirmation, CT_SCAN_PER_SENTENCE - 1, 0, NULL, 0);
}
END_TEST

/* Tag claim with a mention in article at exact (code points from, to;
   no position when from is negative). */
static void tag(long long claim, const char *article, const char *exact, int from, int to)
{
    char path[64], body[512], position[64] = "";
    snprintf(path, sizeof path, "/claims/%lld/mentions", claim);
    if (from >= 0)
        snprintf(position, sizeof position, ",\"position\":{\"start\":%d,\"end\":%d}", from, to);
    snprintf(body, sizeof body, "{\"article_id\":\"%s\",\"quote\":{\"exact\":\"%s\"}%s}",
             article, exact, position);
    th_resp r = th_call("POST", path, "editor", NULL, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
}

/* A claim of its own, about nothing the scanned texts say. */
static long long other_claim(int i)
{
    char text[64];
    snprintf(text, sizeof text, "Депутат назвал число %d", 100 + i);
    return deputy_claim(text);
}

/* A mention counts for the one sentence it is at: five claims tagged on
   the second sentence's words leave it no room, and the first, holding
   the same words, still gets its suggestion. Where the text has moved
   since a mention was recorded, the occurrence of its quote nearest to
   where it was is where it is. */
START_TEST(a_mention_counts_where_it_is)
{
    for (int i = 0; i < CT_SCAN_PER_SENTENCE; i++)    /* three recorded a code point early */
        tag(other_claim(i), "scan-12", "преступность в Астане как в Каракасе", 71 - (i % 2 == 0),
            107 - (i % 2 == 0));
    long long claim = caracas_claim();
    th_resp r = scan("scan-12", "editor", twice_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    ck_assert_int_eq(th_int(&r, "suggestions/0/start"), 0);
    th_free(&r);
}
END_TEST

/* A mention without a position is where its quote is, and a quote
   running across two sentences is at the one it starts in: five such
   leave the first sentence no room, and the second gets its suggestion. */
START_TEST(a_mention_without_a_position_is_where_its_quote_starts)
{
    for (int i = 0; i < CT_SCAN_PER_SENTENCE; i++)
        tag(other_claim(i), "scan-14", "Каракасе. Он повторил", -1, -1);
    long long claim = caracas_claim();
    th_resp r = scan("scan-14", "editor", twice_text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    ck_assert_int_eq(th_int(&r, "suggestions/0/start"), 58);
    th_free(&r);
}
END_TEST

/* Two mentions of one claim in a sentence take one of its places: four
   claims, one of them tagged twice, leave room for one suggestion. */
START_TEST(a_claim_mentioned_twice_counts_once)
{
    long long first = other_claim(0);
    tag(first, "scan-13", "преступность в Астане как в Каракасе", 38, 74);
    tag(first, "scan-13", "Каракасе", 66, 74);
    for (int i = 1; i < CT_SCAN_PER_SENTENCE - 1; i++)
        tag(other_claim(i), "scan-13", "преступность в Астане как в Каракасе", 38, 74);
    long long claim = caracas_claim();
    th_resp r = scan("scan-13", "editor", repeat_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    th_free(&r);
}
END_TEST

/* A claim the sentence holds three quarters of (0.75, lexical). */
static long long partial_caracas_claim(void)
{
    return deputy_claim("Депутат маслихата заявил, что преступность в Астане как в Каракасе");
}

/* The score comes before publication: five drafts the sentence repeats
   word for word (1) take the sentence's five places before a published
   claim it holds three quarters of (0.75). */
START_TEST(a_closer_repeat_comes_before_a_published_claim)
{
    char path[64];
    long long drafts[CT_SCAN_PER_SENTENCE], published = partial_caracas_claim();
    snprintf(path, sizeof path, "/claims/%lld/review", published);
    th_resp r = th_call("POST", path, "moderator", NULL, "{\"expected_version\":1,"
                        "\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = scan("scan-9", "editor", repeat_text, "ru");       /* alone, it is a repeat */
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), published);
    ck_assert_str_eq(th_str(&r, "suggestions/0/method"), "lexical");
    th_free(&r);
    for (int i = 0; i < CT_SCAN_PER_SENTENCE; i++)
        drafts[i] = caracas_claim();
    r = scan("scan-9", "editor", repeat_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), CT_SCAN_PER_SENTENCE);
    for (int i = 0; i < CT_SCAN_PER_SENTENCE; i++) {
        snprintf(path, sizeof path, "suggestions/%d/claim_id", i);
        ck_assert_int_eq(th_int(&r, path), drafts[i]);
    }
    th_free(&r);
}
END_TEST

/* Each sentence is judged on its own: a claim repeated in two gets a
   suggestion at each, in code points of the text. */
START_TEST(each_sentence_keeps_its_own_repeats)
{
    long long claim = caracas_claim();
    th_resp r = scan("scan-10", "editor", twice_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 2);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    ck_assert_int_eq(th_int(&r, "suggestions/0/start"), 0);
    ck_assert_int_eq(th_int(&r, "suggestions/0/end"), 57);
    ck_assert_int_eq(th_int(&r, "suggestions/1/claim_id"), claim);
    ck_assert_int_eq(th_int(&r, "suggestions/1/start"), 58);
    ck_assert_int_eq(th_int(&r, "suggestions/1/end"), 108);
    th_free(&r);
}
END_TEST

/* One sentence's five, some confirmed and some suggested: three word for
   word (1, over scan_auto_confirm_score 0.9) are confirmed, and the two
   newest of four partial repeats (0.75) suggested. */
START_TEST(confirmed_and_suggested_share_the_five)
{
    long long partial[4];
    th_teardown();
    th_setup_fresh_with("{\"scan_auto_confirm_score\":0.9}");
    for (int i = 0; i < 4; i++)
        partial[i] = partial_caracas_claim();
    for (int i = 0; i < 3; i++)
        caracas_claim();
    th_resp r = scan("scan-11", "editor", repeat_text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "confirmed")), 3);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 2);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), partial[2]);
    ck_assert_int_eq(th_int(&r, "suggestions/1/claim_id"), partial[3]);
    th_free(&r);
}
END_TEST

/* A scan of text for article scan-8 confirms and suggests nothing, and
   the article keeps its five mentions. */
static void scan_eight_adds_nothing(const char *text)
{
    char out[16];
    th_resp r = scan("scan-8", "editor", text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "confirmed")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    th_free(&r);
    th_fresh_text("SELECT count(*) FROM ct_mentions WHERE article_id = 'scan-8'", out, sizeof out);
    ck_assert_int_eq(atoi(out), CT_SCAN_PER_SENTENCE);
}

/* The bound holds for what is confirmed without an editor too, and over
   saves of the article: a reader is shown one sentence's notice for its
   five best claims, not seven. */
START_TEST(auto_confirmation_keeps_to_the_best_claims)
{
    th_teardown();
    th_setup_fresh_with("{\"scan_auto_confirm_score\":0.9}");
    seven_same_claims();
    th_resp r = scan("scan-8", "editor", repeat_text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "confirmed")), CT_SCAN_PER_SENTENCE);
    ck_assert_int_eq(th_int(&r, "confirmed/0/claim_id"), same_claims[1]);
    th_free(&r);
    char sql[160], out[16];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_mentions WHERE article_id = 'scan-8'"
             " AND claim_id IN (%lld, %lld)", same_claims[0], same_claims[2]);
    th_fresh_text(sql, out, sizeof out);
    ck_assert_str_eq(out, "0");
    scan_eight_adds_nothing(repeat_text);           /* saved again: no room left */
    /* the sentence edited: its mentions' quotes are gone from the text, and
       their recorded place still counts */
    scan_eight_adds_nothing("Сессия маслихата. Депутат сказал, что преступность в Астане как в"
                            " Каракасе. Конец.");
}
END_TEST

/* Publication does not choose which candidates are checked: a draft the
   sentence holds every content term of (its year left out) is checked
   before 200 published claims holding five of their six, though all
   share five of six of their terms. */
START_TEST(publication_does_not_choose_the_checked_candidates)
{
    char text[96], path[64];
    long long draft = english_claim("Household water tariffs climbed sharply in 2025");
    int cap = atoi(CT_SCAN_CANDIDATES_MAX_TEXT);
    for (int i = 0; i < cap; i++) {
        snprintf(text, sizeof text, "Household water tariffs climbed sharply zq%c%c",
                 'a' + i / 26, 'a' + i % 26);
        snprintf(path, sizeof path, "/claims/%lld/review", english_claim(text));
        th_resp r = th_call("POST", path, "moderator", NULL, "{\"expected_version\":1,"
                            "\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
        ck_assert_int_eq(r.status, 200);
        th_free(&r);
    }
    th_resp r = scan(th_unique("checked"), "editor",
                     "Household water tariffs climbed sharply, residents said.", "en");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), draft);
    ck_assert_str_eq(th_str(&r, "suggestions/0/score"), "1.000");
    th_free(&r);
}
END_TEST

/* With scan_auto_confirm_score, what scores at or above it needs no editor. */
START_TEST(auto_confirmed_repeats_need_no_editor)
{
    th_teardown();
    th_setup_fresh_with("{\"scan_auto_confirm_score\":0.9}");
    long long claim = caracas_claim();
    th_resp r = scan("scan-6", "editor", repeat_text, "ru");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 0);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "confirmed")), 1);
    ck_assert_int_eq(th_int(&r, "confirmed/0/claim_id"), claim);
    th_free(&r);
    char sql[160], out[16];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_mentions WHERE claim_id = %lld"
             " AND article_id = 'scan-6'", claim);
    th_fresh_text(sql, out, sizeof out);
    ck_assert_str_eq(out, "1");
    char *error = th_open_error("{\"scan_auto_confirm_score\":0.5}");
    ck_assert_ptr_nonnull(strstr(error, "scan_auto_confirm_score"));
    th_plugin()->free_string(error);
}
END_TEST

/* text as a JSON string with every character past ASCII written as
   \uXXXX (BMP only), as some hosts' encoders send it: six bytes each. */
static void append_escaped(char **at, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        unsigned cp = *p;
        int extra = cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
        if (extra)
            cp &= extra == 2 ? 0x0F : 0x1F;
        for (p++; extra-- > 0; p++)
            cp = (cp << 6) | (*p & 0x3F);
        *at += cp < 0x80 ? sprintf(*at, "%c", cp) : sprintf(*at, "\\u%04x", cp);
    }
}

/* An article of 230,000 characters (460 KB of UTF-8, under the scan's
   1 MiB of text) whose envelope, its Cyrillic escaped, is 1.3 MB: the
   scan takes envelopes up to 8 MiB, as the anchor route does, and finds
   the repeated claim at its end. */
START_TEST(a_scan_envelope_over_a_mebibyte_is_taken)
{
    static const char filler[] = "Погода в этот день была хорошей, и жители города гуляли"
        " в парках, на набережной и на площадях, а дети играли во дворах до вечера. ";
    long long claim = caracas_claim();
    size_t size = 1700u * sizeof filler * 6 + 4096;
    char *request = malloc(size), *at = request;
    ck_assert_ptr_nonnull(request);
    at += sprintf(at, "{\"method\":\"POST\",\"path\":\"/articles/scan-large/scan\","
                  "\"actor\":{\"id\":\"test-editor\",\"role\":\"editor\"},"
                  "\"body\":{\"language\":\"ru\",\"text\":\"");
    for (int i = 0; i < 1700; i++)
        append_escaped(&at, filler);
    append_escaped(&at, repeat_text);
    strcpy(at, "\"}}");
    ck_assert_uint_gt(strlen(request), 1024u * 1024u);
    th_resp r = th_raw(request);
    free(request);
    ck_assert_msg(r.status == 200, "%d %s", r.status, json_object_to_json_string(r.body));
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    ck_assert_int_eq(th_int(&r, "suggestions/0/claim_id"), claim);
    th_free(&r);
}
END_TEST

/* Two scans of one article at once (two saves, two editors), each sent
   while the claim is held, so both are in the database together: the
   second reads what the first wrote. How many pending suggestions and
   mentions the article has afterwards, as "suggestions,mentions". */
/* An editor's scan of article (repeat_text, in Russian) as an envelope's
   text, into request (size bytes). */
static void scan_envelope(const char *article, char *request, size_t size)
{
    json_object *body = json_object_new_object();
    json_object_object_add(body, "text", json_object_new_string(repeat_text));
    json_object_object_add(body, "language", json_object_new_string("ru"));
    snprintf(request, size, "{\"method\":\"POST\",\"path\":\"/articles/%s/scan\","
             "\"actor\":{\"id\":\"test-editor\",\"role\":\"editor\"},\"body\":%s}", article,
             json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN));
    json_object_put(body);
}

/* The SQL that holds claim's row (th_race_held). */
static void claim_hold(long long claim, char *sql, size_t size)
{
    snprintf(sql, size, "SELECT id FROM claimtrack.ct_claims WHERE id = %lld FOR UPDATE", claim);
}

/* The article's pending suggestions and mentions, as "suggestions,mentions". */
static void article_counts(const char *article, char *out, size_t size)
{
    char sql[320];
    snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM ct_suggestions WHERE article_id = '%s'"
             " AND status = 'pending') || ',' || (SELECT count(*) FROM ct_mentions"
             " WHERE article_id = '%s')", article, article);
    th_fresh_text(sql, out, size);
}

static void scan_twice_at_once(long long claim, const char *article, char *out, size_t size)
{
    char request[1024], hold[160];
    const char *requests[2] = {request, request};
    th_resp answers[2];

    scan_envelope(article, request, sizeof request);
    claim_hold(claim, hold, sizeof hold);
    ck_assert_msg(th_race_held(th_fresh_dbname(), hold, requests, 2, answers),
                  "the two scans never both waited");
    ck_assert_int_eq(answers[0].status, 200);
    ck_assert_int_eq(answers[1].status, 200);
    th_free(&answers[0]);
    th_free(&answers[1]);
    article_counts(article, out, size);
}

/* write (an envelope's text: a confirmation, a tagging) and then a scan
   of article, sent in turn while the claim is held, so that the scan
   waits for the write: the write is 201, and the scan finds the passage
   a mention and suggests nothing again. */
static void scan_waits_for(long long claim, const char *article, const char *write)
{
    char scan_request[1024], hold[160], counts[32];
    const char *requests[2] = {write, scan_request};
    th_resp answers[2];

    scan_envelope(article, scan_request, sizeof scan_request);
    claim_hold(claim, hold, sizeof hold);
    ck_assert_msg(th_race_held(th_fresh_dbname(), hold, requests, 2, answers),
                  "the write and the scan never both waited");
    ck_assert_int_eq(answers[0].status, 201);
    ck_assert_int_eq(answers[1].status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&answers[1], "suggestions")), 0);
    th_free(&answers[0]);
    th_free(&answers[1]);
    article_counts(article, counts, sizeof counts);
    ck_assert_str_eq(counts, "0,1");
}

/* A suggestion confirmed while the article is scanned again (an editor
   confirms as the article is saved). */
START_TEST(a_scan_during_a_confirmation_suggests_nothing_again)
{
    char confirm[256];
    long long claim = caracas_claim();
    th_resp r = scan("scan-confirming", "editor", repeat_text, "ru");
    ck_assert_int_eq(json_object_array_length(th_get(&r, "suggestions")), 1);
    snprintf(confirm, sizeof confirm, "{\"method\":\"POST\",\"path\":"
             "\"/suggestions/%lld/confirm\",\"actor\":{\"id\":\"test-editor\","
             "\"role\":\"editor\"},\"body\":{}}", th_int(&r, "suggestions/0/id"));
    th_free(&r);
    scan_waits_for(claim, "scan-confirming", confirm);
}
END_TEST

/* An editor tags the claim in the article while it is scanned again. */
START_TEST(a_scan_during_a_tagging_suggests_nothing_again)
{
    char tag[512];
    long long claim = caracas_claim();
    snprintf(tag, sizeof tag, "{\"method\":\"POST\",\"path\":\"/claims/%lld/mentions\","
             "\"actor\":{\"id\":\"test-editor\",\"role\":\"editor\"},"
             "\"body\":{\"article_id\":\"scan-tagging\","
             "\"quote\":{\"exact\":\"преступность в Астане как в Каракасе\"}}}", claim);
    scan_waits_for(claim, "scan-tagging", tag);
}
END_TEST

START_TEST(two_scans_at_once_suggest_a_claim_once)
{
    char counts[32];
    scan_twice_at_once(caracas_claim(), "scan-race", counts, sizeof counts);
    ck_assert_str_eq(counts, "1,0");
}
END_TEST

START_TEST(two_scans_at_once_confirm_a_claim_once)
{
    char counts[32], sql[160];
    th_teardown();
    th_setup_fresh_with("{\"scan_auto_confirm_score\":0.9}");
    long long claim = caracas_claim();
    scan_twice_at_once(claim, "scan-race-confirmed", counts, sizeof counts);
    ck_assert_str_eq(counts, "0,1");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ct_events WHERE claim_id = %lld"
             " AND type = 'mention_added'", claim);
    th_fresh_text(sql, counts, sizeof counts);
    ck_assert_str_eq(counts, "1");
}
END_TEST

/* The places the checks know are the places the content terms leave out. */
/* The terms of a comparison form: places and numbers are not content,
   and Kazakh keeps them whole. */
START_TEST(places_and_numbers_are_not_content)
{
    char out[256];
    th_fresh_text("SELECT array_to_string(ct_match_content(ct_match_terms('ru',"
                  " 'преступность в place1 как в place20 20000 тысяч')), ',')", out, sizeof out);
    ck_assert_str_eq(out, "преступн,тысяч");
    th_fresh_text("SELECT array_to_string(ct_match_terms('kk', 'place4 жұмыссыздық 20 пайыз жет'),"
                  " ',')", out, sizeof out);
    ck_assert_str_eq(out, "20,place4,жет,жұмыс,пайыз");
    th_fresh_text("SELECT array_to_string(ct_match_keys(ct_match_terms('kk',"
                  " 'place4 жұмыссыздық 20 пайыз жет')), ',')", out, sizeof out);
    ck_assert_str_eq(out, "20|place4");
    th_fresh_text("SELECT array_to_string(ct_match_keys(ct_match_terms('ru',"
                  " 'вода из под крана в place3 непригодна для питья')), ',')", out, sizeof out);
    ck_assert_str_eq(out, "place3|непригодн,place3|кран");   /* 4 terms: any 3 hold one of 2 */
}
END_TEST

int main(void)
{
    /* quality: the labelled corpora's precision and recall */
    const TTest *const quality[] = {
        quality_holds, second_set_quality_holds, held_out_quality_holds,
        fresh_set_quality_holds, blind_set_quality_holds, NULL};
    /* terms: what a sentence and a claim are compared by */
    const TTest *const terms[] = {
        places_and_numbers_are_not_content, each_check_decides_its_sentence,
        a_tag_with_extensions_or_private_use_is_its_language, a_trigram_match_says_so, NULL};
    /* suggestions: what a scan writes, and what editors do with it */
    const TTest *const suggestions[] = {
        a_scan_keeps_the_articles_suggestions, bad_scans_write_nothing,
        a_confirmed_suggestion_becomes_a_mention, a_dismissed_suggestion_is_not_made_again,
        auto_confirmed_repeats_need_no_editor, a_scan_envelope_over_a_mebibyte_is_taken, NULL};
    /* concurrency: two scans, or a scan and an editor, at once */
    const TTest *const concurrency[] = {
        two_scans_at_once_suggest_a_claim_once,
        a_scan_during_a_confirmation_suggests_nothing_again,
        a_scan_during_a_tagging_suggests_nothing_again, two_scans_at_once_confirm_a_claim_once,
        NULL};
    /* per_sentence: which claims a sentence keeps, and where mentions count */
    const TTest *const per_sentence[] = {
        a_sentence_is_suggested_for_its_best_claims_only,
        a_closer_repeat_comes_before_a_published_claim, each_sentence_keeps_its_own_repeats,
        a_mention_counts_where_it_is, a_claim_mentioned_twice_counts_once,
        a_mention_without_a_position_is_where_its_quote_starts,
        confirmed_and_suggested_share_the_five, publication_does_not_choose_the_checked_candidates,
        auto_confirmation_keeps_to_the_best_claims, the_best_candidates_are_checked_not_the_oldest,
        the_claim_of_the_sentences_year_is_checked_first, NULL};

    Suite *s = suite_create("scan");
    th_add_case(s, tcase_create("quality"), th_setup_fresh, th_teardown, 300, quality);
    th_add_case(s, tcase_create("terms"), th_setup_fresh, th_teardown, 300, terms);
    th_add_case(s, tcase_create("suggestions"), th_setup_fresh, th_teardown, 300, suggestions);
    th_add_case(s, tcase_create("concurrency"), th_setup_fresh, th_teardown, 300, concurrency);
    th_add_case(s, tcase_create("per_sentence"), th_setup_fresh, th_teardown, 300, per_sentence);
    return th_run_suite(s);
}
