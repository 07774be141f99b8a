/*
 * test_conditional.c -- src/door/conditional.c: the If-None-Match grammar
 * and weak comparison of RFC 9110, the entity tag of an answer, and,
 * through the plugin, ETag on reads and 304 for a tag the client has: the
 * tag follows the bytes a reader gets (a new response, another format or
 * language, another role), a stale tag gets the new answer, a bad field
 * is refused by name and writes nothing; and Last-Modified, the time of
 * the last version of what the answer is made from (sql/038).
 */
#define _GNU_SOURCE           /* strptime */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "door/conditional.h"
#include "testhost.h"

/* ---- the grammar and the comparison (no database) ---------------------------- */

START_TEST(if_none_match_grammar)
{
    static const char *const valid[] = {
        "\"abc\"", "W/\"abc\"", "*", " * ", "\"\"", " \"a\" , W/\"b\"", "\"a\",,\"b\"",
        "\"a\",", ",\"a\"", "\"a\"\t,\t\"b\"", "\"\xd0\x9f\"", "\"!#~\"",
        "", " ", ",", " , ",                       /* empty lists: they match nothing */
    };
    static const char *const invalid[] = {
        "abc", "\"abc", "W/abc", "w/\"a\"", "\"a\" \"b\"", "*, \"a\"",
        "\"a\"b", "\"a\x01\"", "\"a b\"", "\"a\\\"\"", "**", "W/ \"a\"",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        ck_assert_msg(ct_if_none_match_valid(valid[i]), "refused: [%s]", valid[i]);
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        ck_assert_msg(!ct_if_none_match_valid(invalid[i]), "accepted: [%s]", invalid[i]);

    char longest[CT_IF_NONE_MATCH_MAX + 2];
    memset(longest, 'a', sizeof longest - 1);
    longest[0] = '"';
    longest[CT_IF_NONE_MATCH_MAX - 1] = '"';
    longest[CT_IF_NONE_MATCH_MAX] = '\0';
    ck_assert(ct_if_none_match_valid(longest));
    longest[CT_IF_NONE_MATCH_MAX - 1] = 'a';
    longest[CT_IF_NONE_MATCH_MAX] = '"';
    longest[CT_IF_NONE_MATCH_MAX + 1] = '\0';
    ck_assert(!ct_if_none_match_valid(longest));
}
END_TEST

START_TEST(weak_comparison)
{
    ck_assert(ct_if_none_match_matches("\"x\"", "\"x\""));
    ck_assert(ct_if_none_match_matches("W/\"x\"", "\"x\""));
    ck_assert(ct_if_none_match_matches("\"x\"", "W/\"x\""));
    ck_assert(ct_if_none_match_matches("\"a\", W/\"x\"", "\"x\""));
    ck_assert(ct_if_none_match_matches("*", "\"x\""));
    ck_assert(!ct_if_none_match_matches("\"X\"", "\"x\""));
    ck_assert(!ct_if_none_match_matches("\"xx\"", "\"x\""));
    ck_assert(!ct_if_none_match_matches("\"a\", \"b\"", "\"x\""));
    ck_assert(!ct_if_none_match_matches("", "\"x\""));
    ck_assert(!ct_if_none_match_matches(" , ", "\"x\""));
}
END_TEST

START_TEST(the_tag_is_of_type_encoding_and_bytes)
{
    char a[CT_ETAG_SIZE], b[CT_ETAG_SIZE], c[CT_ETAG_SIZE], d[CT_ETAG_SIZE];
    ck_assert(ct_etag_of("application/json", "json", "{\"a\":1}", a));
    ck_assert_int_eq((int)strlen(a), 34);
    ck_assert_int_eq(a[0], '"');
    ck_assert_int_eq(a[33], '"');
    ck_assert_int_eq((int)strspn(a + 1, "0123456789abcdef"), 32);
    /* SHA-256 of "application/json\njson\n{\"a\":1}", first 16 bytes */
    ck_assert_str_eq(a, "\"227dc6bf8d8cdec90633c1a333098e71\"");
    ck_assert(ct_etag_of("application/json", "json", "{\"a\":1}", b));
    ck_assert_str_eq(a, b);
    ck_assert(ct_etag_of("text/html; charset=utf-8", "json", "{\"a\":1}", c));
    ck_assert_str_ne(a, c);
    ck_assert(ct_etag_of("application/json", "json", "{\"a\":2}", d));
    ck_assert_str_ne(a, d);
}
END_TEST

/* Last-Modified is the database's date, or now when that is later (RFC
   9110 section 8.8.2.1); what is not an IMF-fixdate is dropped. */
START_TEST(last_modified_is_never_after_now)
{
    char out[CT_HTTP_DATE_SIZE];
    struct tm at = {.tm_year = 125, .tm_mon = 11, .tm_mday = 1, .tm_hour = 9, .tm_min = 30,
                    .tm_sec = 15};
    time_t then = timegm(&at);

    ct_last_modified_at_most("Mon, 01 Dec 2025 09:30:15 GMT", then, out);
    ck_assert_str_eq(out, "Mon, 01 Dec 2025 09:30:15 GMT");
    ct_last_modified_at_most("Mon, 01 Dec 2025 09:30:16 GMT", then, out);
    ck_assert_str_eq(out, "Mon, 01 Dec 2025 09:30:15 GMT");
    ct_last_modified_at_most("Fri, 01 Jan 2100 00:00:00 GMT", then, out);
    ck_assert_str_eq(out, "Mon, 01 Dec 2025 09:30:15 GMT");
    ct_last_modified_at_most("Sun, 30 Nov 2025 23:59:59 GMT", then, out);
    ck_assert_str_eq(out, "Sun, 30 Nov 2025 23:59:59 GMT");
    /* the day before a year's first: the month and year roll back */
    at = (struct tm){.tm_year = 126, .tm_mon = 0, .tm_mday = 1};
    ct_last_modified_at_most("Fri, 02 Jan 2026 00:00:00 GMT", timegm(&at) - 1, out);
    ck_assert_str_eq(out, "Wed, 31 Dec 2025 23:59:59 GMT");
    static const char *const not_dates[] = {
        "", "Mon, 1 Dec 2025 09:30:15 GMT", "Mon, 01 Dez 2025 09:30:15 GMT",
        "Mon, 01 Dec 2025 09:30:15 UTC", "Mon, 01 Dec 2025 24:30:15 GMT",
        "Mon, 32 Dec 2025 09:30:15 GMT", "2025-12-01T09:30:15Z          ",
    };
    for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++) {
        memcpy(out, "x", 2);
        ct_last_modified_at_most(not_dates[i], then, out);
        ck_assert_msg(out[0] == '\0', "\"%s\" gave \"%s\"", not_dates[i], out);
    }
}
END_TEST

/* ---- through the plugin ------------------------------------------------------ */

/* GET path as role (NULL: anonymous) with an optional query and If-None-Match. */
static th_resp get_if(const char *path, const char *role, const char *query_json,
                      const char *if_none_match)
{
    char request[4096], actor[96] = "", query[512] = "", headers[1024] = "";
    if (role)
        snprintf(actor, sizeof actor, ",\"actor\":{\"id\":\"c1\",\"role\":\"%s\"}", role);
    if (query_json)
        snprintf(query, sizeof query, ",\"query\":%s", query_json);
    if (if_none_match) {
        json_object *value = json_object_new_string(if_none_match);
        snprintf(headers, sizeof headers, ",\"headers\":{\"If-None-Match\":%s}",
                 json_object_to_json_string(value));
        json_object_put(value);
    }
    snprintf(request, sizeof request, "{\"method\":\"GET\",\"path\":\"%s\"%s%s%s}", path, actor,
             query, headers);
    return th_raw(request);
}

/* The answer's ETag (copied into tag), asserting its shape. */
static void etag(const th_resp *r, char tag[CT_ETAG_SIZE])
{
    json_object *headers = json_object_object_get(r->envelope, "headers");
    const char *value = json_object_get_string(json_object_object_get(headers, "ETag"));
    ck_assert_msg(value != NULL, "no ETag in %s", json_object_to_json_string(r->envelope));
    ck_assert_int_eq((int)strlen(value), 34);
    ck_assert_int_eq((int)strspn(value + 1, "0123456789abcdef"), 32);
    snprintf(tag, CT_ETAG_SIZE, "%s", value);
}

static void assert_not_modified(const th_resp *r, const char *tag, const char *content_type)
{
    char again[CT_ETAG_SIZE];
    ck_assert_int_eq(r->status, 304);
    ck_assert_str_eq(json_object_get_string(r->body), "");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(r->envelope, "content_type")),
                     content_type);
    etag(r, again);
    ck_assert_str_eq(again, tag);
}

/* An article with one published claim; the claim's id into claim. */
static void published_article(char *article, size_t size, char *claim, size_t claim_size)
{
    char path[96];
    snprintf(article, size, "%s", th_unique("cond"));
    snprintf(claim, claim_size, "%s", th_new_claim(article));
    snprintf(path, sizeof path, "/claims/%s/review", claim);
    th_resp r = th_call("POST", path, "moderator", NULL,
        "{\"expected_version\":1,\"status\":\"rebutted\",\"rating\":\"False\",\"publish\":true}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}

START_TEST(notices_answer_304_for_the_tag_the_reader_has)
{
    char article[96], claim[32], path[160], tag[CT_ETAG_SIZE], later[CT_ETAG_SIZE];
    published_article(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/articles/%s/notices", article);

    th_resp first = get_if(path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_int_eq(first.status, 200);
    etag(&first, tag);
    long long rows = th_rows_total();
    th_resp same = get_if(path, NULL, "{\"lang\":\"ru\"}", tag);
    assert_not_modified(&same, tag, "application/json");
    th_resp weak = get_if(path, "reader", "{\"lang\":\"ru\"}", "\"0\", W/\"x\"");
    ck_assert_int_eq(weak.status, 200);          /* no tag of the list is this one's */
    char weak_tag[CT_ETAG_SIZE];
    etag(&weak, weak_tag);
    ck_assert_str_eq(weak_tag, tag);             /* every reader gets the same bytes */
    ck_assert_int_eq(th_rows_total(), rows);

    /* the police answer: the notice shows the response, so the tag moves */
    char respond[96];
    snprintf(respond, sizeof respond, "/claims/%s/responses", claim);
    th_resp linked = th_call("POST", respond, "editor", NULL,
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция Астаны\"},"
        "\"issued_at\":\"2025-12-01\",\"summary\":\"Сравнение не подтверждается.\"}");
    ck_assert_int_eq(linked.status, 201);
    th_resp after = get_if(path, NULL, "{\"lang\":\"ru\"}", tag);
    ck_assert_int_eq(after.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&after, "notices")), 1);
    etag(&after, later);
    ck_assert_str_ne(later, tag);
    th_resp now = get_if(path, NULL, "{\"lang\":\"ru\"}", later);
    assert_not_modified(&now, later, "application/json");

    th_free(&first);
    th_free(&same);
    th_free(&weak);
    th_free(&linked);
    th_free(&after);
    th_free(&now);
}
END_TEST

START_TEST(every_format_and_language_has_its_own_tag)
{
    static const char *const queries[] = {
        "{\"lang\":\"ru\"}", "{\"lang\":\"en\"}", "{\"lang\":\"ru\",\"format\":\"html\"}",
        "{\"lang\":\"en\",\"format\":\"html\"}",
    };
    static const char *const types[] = {
        "application/json", "application/json", "text/html; charset=utf-8",
        "text/html; charset=utf-8",
    };
    char article[96], claim[32], path[160], tags[4][CT_ETAG_SIZE];
    published_article(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    for (int i = 0; i < 4; i++) {
        th_resp r = get_if(path, NULL, queries[i], NULL);
        ck_assert_int_eq(r.status, 200);
        etag(&r, tags[i]);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(tags[i], tags[j]);
        th_resp again = get_if(path, NULL, queries[i], tags[i]);
        assert_not_modified(&again, tags[i], types[i]);
        /* the English tag does not stand for the Russian page */
        th_resp other = get_if(path, NULL, queries[(i + 1) % 4], tags[i]);
        ck_assert_int_eq(other.status, 200);
        th_free(&r);
        th_free(&again);
        th_free(&other);
    }
}
END_TEST

START_TEST(tags_of_one_language_share_its_etag_and_no_other_s)
{
    char article[96], claim[32], path[160], ru[CT_ETAG_SIZE], ru_ru[CT_ETAG_SIZE],
         en_gb[CT_ETAG_SIZE], none[CT_ETAG_SIZE], de[CT_ETAG_SIZE];
    published_article(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    th_resp r = get_if(path, NULL, "{\"lang\":\"ru\",\"format\":\"html\"}", NULL);
    etag(&r, ru);
    th_free(&r);
    r = get_if(path, NULL, "{\"lang\":\"ru-RU\",\"format\":\"html\"}", NULL);
    etag(&r, ru_ru);
    th_free(&r);
    r = get_if(path, NULL, "{\"lang\":\"EN-gb\",\"format\":\"html\"}", NULL);
    etag(&r, en_gb);
    th_free(&r);
    r = get_if(path, NULL, "{\"format\":\"html\"}", NULL);
    etag(&r, none);
    th_free(&r);
    r = get_if(path, NULL, "{\"lang\":\"de\",\"format\":\"html\"}", NULL);
    etag(&r, de);
    th_free(&r);
    ck_assert_str_eq(ru_ru, ru);          /* the same bytes, the same tag */
    ck_assert_str_ne(en_gb, ru);
    ck_assert_str_eq(de, none);           /* "de" asks for nothing */
    /* the Russian page's tag gets 304 for ru-RU, never for en-GB */
    r = get_if(path, NULL, "{\"lang\":\"ru-RU\",\"format\":\"html\"}", ru);
    assert_not_modified(&r, ru, "text/html; charset=utf-8");
    th_free(&r);
    r = get_if(path, NULL, "{\"lang\":\"en-GB\",\"format\":\"html\"}", ru);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(json_object_get_string(r.body), "Verdict:"));
    th_free(&r);
}
END_TEST

START_TEST(a_claim_read_is_tagged_per_role)
{
    char article[96], claim[32], path[96], reader_tag[CT_ETAG_SIZE], editor_tag[CT_ETAG_SIZE];
    published_article(article, sizeof article, claim, sizeof claim);
    snprintf(path, sizeof path, "/claims/%s", claim);

    th_resp reader = get_if(path, "reader", NULL, NULL);
    ck_assert_int_eq(reader.status, 200);
    etag(&reader, reader_tag);
    th_resp editor = get_if(path, "editor", NULL, NULL);
    ck_assert_int_eq(editor.status, 200);
    etag(&editor, editor_tag);
    ck_assert_str_ne(reader_tag, editor_tag);   /* staff see who did what */

    /* the reader's tag does not let an editor keep the reader's copy */
    th_resp mixed = get_if(path, "editor", NULL, reader_tag);
    ck_assert_int_eq(mixed.status, 200);
    th_resp star = get_if(path, "reader", NULL, "*");
    assert_not_modified(&star, reader_tag, "application/json");
    /* no claim: no representation, so no 304, whatever the field says */
    th_resp missing = get_if("/claims/999999999", "reader", NULL, "*");
    ck_assert_int_eq(missing.status, 404);
    ck_assert_str_eq(th_error_code(&missing), "not_found");
    ck_assert_ptr_null(json_object_object_get(missing.envelope, "headers"));

    th_free(&reader);
    th_free(&editor);
    th_free(&mixed);
    th_free(&star);
    th_free(&missing);
}
END_TEST

START_TEST(a_bad_if_none_match_is_refused_by_name)
{
    long long rows = th_rows_total();
    th_resp bad = get_if("/claims/1", "reader", NULL, "abc");
    ck_assert_int_eq(bad.status, 400);
    ck_assert_str_eq(th_error_code(&bad), "invalid_value");
    ck_assert_str_eq(th_error_field(&bad), "headers.If-None-Match");

    /* a NUL would hide what follows it from the comparison: refused */
    th_resp nul = th_raw("{\"method\":\"GET\",\"path\":\"/claims/1\","
                         "\"headers\":{\"If-None-Match\":\"\\\"a\\\"\\u0000junk\"}}");
    ck_assert_int_eq(nul.status, 400);
    ck_assert_str_eq(th_error_field(&nul), "headers.If-None-Match");
    th_free(&nul);

    th_resp number = th_raw("{\"method\":\"GET\",\"path\":\"/claims/1\","
                            "\"headers\":{\"if-none-match\":7}}");
    ck_assert_int_eq(number.status, 400);
    ck_assert_str_eq(th_error_code(&number), "wrong_type");
    ck_assert_str_eq(th_error_field(&number), "headers.If-None-Match");

    /* on a write it would mean something claimtrack does not do: refused,
       and nothing is written */
    th_resp write = th_raw("{\"method\":\"POST\",\"path\":\"/claims\","
        "\"actor\":{\"id\":\"c1\",\"role\":\"editor\"},\"headers\":{\"If-None-Match\":\"*\"},"
        "\"body\":{\"text\":\"Астана как Каракас\",\"claimant\":{\"name\":\"Депутат\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}}");
    ck_assert_int_eq(write.status, 400);
    ck_assert_str_eq(th_error_code(&write), "unknown_field");
    ck_assert_str_eq(th_error_field(&write), "headers.If-None-Match");
    ck_assert_int_eq(th_rows_total(), rows);

    th_free(&bad);
    th_free(&number);
    th_free(&write);
}
END_TEST

/* The answer's Last-Modified, or "" when it has none. */
static const char *last_modified(const th_resp *r)
{
    json_object *headers = json_object_object_get(r->envelope, "headers");
    const char *value = json_object_get_string(json_object_object_get(headers, "Last-Modified"));
    return value ? value : "";
}

/* An HTTP-date as seconds since 1970, or -1 when it is not IMF-fixdate. */
static time_t http_date_seconds(const char *date)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return end && *end == '\0' && strlen(date) == 29 ? timegm(&tm) : (time_t)-1;
}

/* Run sql, a command, with one value put in (a claim id, an article id of th_unique). */
static void exec_with(const char *sql_format, const char *value)
{
    char sql[512];
    snprintf(sql, sizeof sql, sql_format, value);
    ck_assert_str_eq(th_sql_exec(sql), "");
}

/* The desk's rating scale changed at (an ISO 8601 time): its version
   renewed as a change renews it, dated at, with the trigger that would
   date it now held off for this one statement. */
static void desk_changed_at(const char *at)
{
    exec_with("SET LOCAL session_replication_role = replica;"
              " INSERT INTO ct_notice_versions (article_id, version, changed_at)"
              " VALUES ('', nextval('ct_notice_version_seq'), '%s')"
              " ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version,"
              "  changed_at = EXCLUDED.changed_at", at);
}

/* The paths of a claim and its article's notices, made with
   published_article; their versions dated claim_at and article_at, and
   the rating scale's before both. */
typedef struct dated {
    char article[96], claim[32], claim_path[64], notices_path[160];
} dated;

static void dated_article(dated *d, const char *claim_at, const char *article_at)
{
    published_article(d->article, sizeof d->article, d->claim, sizeof d->claim);
    snprintf(d->claim_path, sizeof d->claim_path, "/claims/%s", d->claim);
    snprintf(d->notices_path, sizeof d->notices_path, "/articles/%s/notices", d->article);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE ct_claim_versions SET changed_at = '%s'"
             " WHERE claim_id = %%s", claim_at);
    exec_with(sql, d->claim);
    snprintf(sql, sizeof sql, "UPDATE ct_notice_versions SET changed_at = '%s'"
             " WHERE article_id = '%%s'", article_at);
    exec_with(sql, d->article);
    desk_changed_at("2025-11-01T00:00:00Z");
}

/* Last-Modified is the time of the latest version an answer is made from,
   in whole seconds: the claim's (or the article's) and the rating scale's.
   The times are set back here, before the first read, to known ones. */
START_TEST(a_read_is_dated_by_its_latest_version)
{
    char tag[CT_ETAG_SIZE];
    dated d;
    dated_article(&d, "2025-12-01T09:30:15.75Z", "2025-12-01T09:31:16.5Z");
    const char *claim_path = d.claim_path, *path = d.notices_path;

    th_resp reader = get_if(claim_path, "reader", NULL, NULL);
    ck_assert_str_eq(last_modified(&reader), "Mon, 01 Dec 2025 09:30:15 GMT");
    th_resp editor = get_if(claim_path, "editor", NULL, NULL);
    ck_assert_str_eq(last_modified(&editor), "Mon, 01 Dec 2025 09:30:15 GMT");
    th_resp json = get_if(path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_str_eq(last_modified(&json), "Mon, 01 Dec 2025 09:31:16 GMT");
    th_resp html = get_if(path, NULL, "{\"lang\":\"ru\",\"format\":\"html\"}", NULL);
    ck_assert_str_eq(last_modified(&html), "Mon, 01 Dec 2025 09:31:16 GMT");
    /* the 304 says it too; so does the answer kept in memory */
    etag(&json, tag);
    th_resp same = get_if(path, NULL, "{\"lang\":\"ru\"}", tag);
    assert_not_modified(&same, tag, "application/json");
    ck_assert_str_eq(last_modified(&same), "Mon, 01 Dec 2025 09:31:16 GMT");
    th_resp kept = get_if(path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_str_eq(last_modified(&kept), "Mon, 01 Dec 2025 09:31:16 GMT");

    /* the rating scale, named by every answer, changed later: staff's
       reads (never kept in memory; the answers kept in the database are
       made again) are dated by it */
    desk_changed_at("2026-02-03T04:05:06.999Z");
    th_resp claim_after = get_if(claim_path, "editor", NULL, NULL);
    ck_assert_str_eq(last_modified(&claim_after), "Tue, 03 Feb 2026 04:05:06 GMT");
    th_resp claim_kept = get_if(claim_path, "editor", NULL, NULL);     /* read back kept */
    ck_assert_str_eq(last_modified(&claim_kept), "Tue, 03 Feb 2026 04:05:06 GMT");
    th_resp notices_after = get_if(path, "editor", "{\"lang\":\"ru\"}", NULL);
    ck_assert_str_eq(last_modified(&notices_after), "Tue, 03 Feb 2026 04:05:06 GMT");

    /* no claim, no date */
    th_resp missing = get_if("/claims/999999999", "reader", NULL, NULL);
    ck_assert_int_eq(missing.status, 404);
    ck_assert_str_eq(last_modified(&missing), "");

    th_free(&reader);
    th_free(&editor);
    th_free(&json);
    th_free(&html);
    th_free(&same);
    th_free(&kept);
    th_free(&claim_after);
    th_free(&claim_kept);
    th_free(&notices_after);
    th_free(&missing);
}
END_TEST

/* A database whose clock runs ahead of the host's: the version's time is
   in the host's future, and Last-Modified is the host's now instead. */
START_TEST(a_date_ahead_of_the_host_is_sent_as_now)
{
    char article[96], claim[32], claim_path[64];
    published_article(article, sizeof article, claim, sizeof claim);
    snprintf(claim_path, sizeof claim_path, "/claims/%s", claim);
    exec_with("UPDATE ct_claim_versions SET changed_at = now() + interval '1 hour'"
              " WHERE claim_id = %s", claim);
    time_t from = time(NULL);
    th_resp read = get_if(claim_path, "editor", NULL, NULL);
    time_t to = time(NULL);
    time_t at = http_date_seconds(last_modified(&read));
    ck_assert_msg(at >= from && at <= to, "dated %s, read %ld-%ld", last_modified(&read),
                  (long)from, (long)to);
    th_free(&read);
}
END_TEST

/* A response linked: the claim's and the article's answers are dated by
   the link, not before it began and not after it ended. */
START_TEST(a_change_dates_the_answers_it_alters)
{
    char respond[96];
    dated d;
    dated_article(&d, "2025-12-01T09:30:15Z", "2025-12-01T09:30:15Z");
    const char *claim_path = d.claim_path, *path = d.notices_path;
    snprintf(respond, sizeof respond, "/claims/%s/responses", d.claim);
    th_resp before = get_if(path, NULL, "{\"lang\":\"ru\"}", NULL);
    ck_assert_str_eq(last_modified(&before), "Mon, 01 Dec 2025 09:30:15 GMT");

    time_t from = time(NULL);
    th_resp linked = th_call("POST", respond, "editor", NULL,
        "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Полиция Астаны\"},"
        "\"issued_at\":\"2025-12-01\",\"summary\":\"Сравнение не подтверждается.\"}");
    ck_assert_int_eq(linked.status, 201);
    time_t to = time(NULL);
    th_resp notices = get_if(path, NULL, "{\"lang\":\"ru\"}", NULL);
    th_resp read = get_if(claim_path, NULL, NULL, NULL);
    time_t notices_at = http_date_seconds(last_modified(&notices));
    time_t claim_at = http_date_seconds(last_modified(&read));
    ck_assert_msg(notices_at >= from && notices_at <= to, "notices dated %s, the link %ld-%ld",
                  last_modified(&notices), (long)from, (long)to);
    ck_assert_msg(claim_at >= from && claim_at <= notices_at, "claim dated %s, notices %s",
                  last_modified(&read), last_modified(&notices));

    th_free(&before);
    th_free(&linked);
    th_free(&notices);
    th_free(&read);
}
END_TEST

/* A claim recorded and never changed has no version: it is dated by its
   recording. */
START_TEST(a_claim_never_changed_is_dated_by_its_recording)
{
    char path[64];
    time_t from = time(NULL);
    th_resp made = th_call("POST", "/claims", "editor", NULL,
        "{\"text\":\"Астана как Каракас\",\"claimant\":{\"name\":\"Депутат\"},"
        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(made.status, 201);
    time_t to = time(NULL);
    snprintf(path, sizeof path, "/claims/%lld", th_int(&made, "id"));
    th_resp read = get_if(path, "editor", NULL, NULL);
    time_t at = http_date_seconds(last_modified(&read));
    ck_assert_msg(at >= from && at <= to, "dated %s, recorded %ld-%ld", last_modified(&read),
                  (long)from, (long)to);
    th_free(&made);
    th_free(&read);
}
END_TEST

/* An article no claim was ever tagged in has no version: its (empty)
   notices have not changed since versions began to be kept (027). */
START_TEST(an_article_never_noted_is_dated_by_027)
{
    char path[160];
    exec_with("UPDATE schema_migrations SET applied_at = '%s' WHERE version = 27",
              "2025-10-10T10:10:10.5Z");
    desk_changed_at("2025-01-01T00:00:00Z");
    snprintf(path, sizeof path, "/articles/%s/notices", th_unique("never"));
    th_resp r = get_if(path, "editor", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_object_array_length(th_get(&r, "notices")), 0);
    ck_assert_str_eq(last_modified(&r), "Fri, 10 Oct 2025 10:10:10 GMT");
    th_free(&r);
}
END_TEST

static Suite *conditional_suite(void)
{
    Suite *s = suite_create("conditional");
    TCase *unit = tcase_create("grammar");
    tcase_add_test(unit, if_none_match_grammar);
    tcase_add_test(unit, weak_comparison);
    tcase_add_test(unit, the_tag_is_of_type_encoding_and_bytes);
    tcase_add_test(unit, last_modified_is_never_after_now);
    suite_add_tcase(s, unit);

    TCase *api = tcase_create("api");
    tcase_add_checked_fixture(api, th_setup, th_teardown);
    tcase_add_test(api, notices_answer_304_for_the_tag_the_reader_has);
    tcase_add_test(api, every_format_and_language_has_its_own_tag);
    tcase_add_test(api, tags_of_one_language_share_its_etag_and_no_other_s);
    tcase_add_test(api, a_claim_read_is_tagged_per_role);
    tcase_add_test(api, a_bad_if_none_match_is_refused_by_name);
    tcase_add_test(api, a_read_is_dated_by_its_latest_version);
    tcase_add_test(api, a_change_dates_the_answers_it_alters);
    tcase_add_test(api, a_claim_never_changed_is_dated_by_its_recording);
    tcase_add_test(api, a_date_ahead_of_the_host_is_sent_as_now);
    tcase_add_test(api, an_article_never_noted_is_dated_by_027);
    suite_add_tcase(s, api);
    return s;
}

int main(void)
{
    return th_run_suite(conditional_suite());
}
