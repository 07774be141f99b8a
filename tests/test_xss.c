/*
 * test_xss.c -- hostile text through the plugin: payloads from the OWASP
 * XSS filter evasion cheat sheet (and script-breaking, comment-breaking,
 * CDATA, template-literal and line-separator payloads) pushed through
 * every field that reaches an article's notices -- claim text, claimant
 * name and role, venue, response by name and role, response summary,
 * rating, quote exact/prefix/suffix -- then read back with
 * GET /articles/{id}/notices in format=html and format=jsonld for ru, kk
 * and en.
 *
 * HTML: an allow-list tokenizer accepts only the tags and attributes the
 * renderer emits (no event handler, no javascript: value, no raw quote in
 * a value, no stray '&' or '>' in text), there is no "<script", no payload
 * appears unescaped, and the unescaped text still shows each payload in
 * every field that is rendered. JSON-LD: no '<', '>' or '&' byte and no
 * raw U+2028/U+2029, and the parsed document carries each payload intact.
 * URLs: quotes, angle brackets, spaces and non-http schemes are refused
 * at input; what passes comes out escaped.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testhost.h"

/* ---- payloads (each at most 100 characters: the rating's limit) --------------- */

static const char *const payloads[] = {
    "<script>alert(1)</script>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<iframe src=javascript:alert(1)>",
    "\"><script>alert(1)</script>",
    "'';!--\"<XSS>=&{()}",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`${alert(document.cookie)}`",
    "--><script>alert(1)</script><!--",
    "</script><!--<script>alert(1)</script>",
    "]]><script>alert(1)</script><![CDATA[",
    "line\xE2\x80\xA8sep\xE2\x80\xA9para</script><script>alert(1)</script>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<IMG SRC=\"javascript:alert('XSS')\"",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<svg><script>alert&#40;1&#41;</script></svg>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "\\\";alert('XSS');//",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "\xEF\xBC\x9C" "script\xEF\xBC\x9E" "alert(1)\xEF\xBC\x9C/script\xEF\xBC\x9E",
    "<?xml version=\"1.0\"?><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">",
    "{{constructor.constructor('alert(1)')()}}",
    "<x onclick=alert(1) style=x:expression(alert(1))>&amp;&lt;",
};

#define NPAYLOADS (sizeof payloads / sizeof payloads[0])

static const char *const langs[] = {"ru", "kk", "en"};

/* ---- requests ----------------------------------------------------------------- */

static const char *content_type(const th_resp *r)
{
    json_object *t = json_object_object_get(r->envelope, "content_type");
    return t ? json_object_get_string(t) : "";
}

/* A JSON object as request text (static buffer); drops the object. */
static const char *text_of(json_object *obj)
{
    static char *buf;
    free(buf);
    buf = strdup(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
    json_object_put(obj);
    return buf;
}

static json_object *jstr(const char *s)
{
    return json_object_new_string(s);
}

static json_object *person(const char *name, const char *role)
{
    json_object *p = json_object_new_object();
    json_object_object_add(p, "name", jstr(name));
    if (role)
        json_object_object_add(p, "role", jstr(role));
    return p;
}

/* Record a claim with the payload in every text field; urls may be NULL. */
static th_resp post_claim(const char *payload, const char *article_id, const char *source_url,
                          const char *article_url)
{
    json_object *body = json_object_new_object(), *article = json_object_new_object();
    json_object *quote = json_object_new_object();

    json_object_object_add(body, "text", jstr(payload));
    json_object_object_add(body, "claimant", person(payload, payload));
    json_object_object_add(body, "said_at", jstr("2025-12-01"));
    json_object_object_add(body, "venue", jstr(payload));
    json_object_object_add(body, "language", jstr("ru"));
    if (source_url)
        json_object_object_add(body, "source_url", jstr(source_url));
    json_object_object_add(article, "id", jstr(article_id));
    if (article_url)
        json_object_object_add(article, "url", jstr(article_url));
    json_object_object_add(quote, "exact", jstr(payload));
    json_object_object_add(quote, "prefix", jstr(payload));
    json_object_object_add(quote, "suffix", jstr(payload));
    json_object_object_add(article, "quote", quote);
    json_object_object_add(body, "article", article);
    return th_call("POST", "/claims", "editor", NULL, text_of(body));
}

static th_resp post_response(long long claim, const char *kind, const char *payload,
                             const char *url)
{
    char path[64];
    json_object *body = json_object_new_object();

    json_object_object_add(body, "kind", jstr(kind));
    json_object_object_add(body, "by", person(payload, payload));
    json_object_object_add(body, "issued_at", jstr("2025-12-22T11:00:00+05:00"));
    json_object_object_add(body, "summary", jstr(payload));
    if (url)
        json_object_object_add(body, "url", jstr(url));
    snprintf(path, sizeof path, "/claims/%lld/responses", claim);
    return th_call("POST", path, "editor", NULL, text_of(body));
}

/* A published claim in a new article carrying payload everywhere; urls
   (which may be NULL) go to source_url, the article and the response.
   Writes the article id to article (size 96). */
static void publish_hostile(const char *payload, const char *url, char *article)
{
    snprintf(article, 96, "%s", th_unique("xss"));
    th_resp r = post_claim(payload, article, url, url);
    ck_assert_msg(r.status == 201, "POST /claims with \"%s\", url %s: %d %s", payload,
                  url ? url : "none", r.status, json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);

    r = post_response(id, "correction", payload, url);
    ck_assert_msg(r.status == 201, "POST response with \"%s\": %d %s", payload, r.status,
                  json_object_to_json_string(r.body));
    long long version = th_int(&r, "version");
    th_free(&r);

    /* The payload as the words of a rating of the desk's scale. */
    char key[64];
    snprintf(key, sizeof key, "%s", th_unique("xss-rating"));
    json_object *rating = json_object_new_object(), *labels = json_object_new_object();
    json_object_object_add(labels, "en", jstr(payload));
    json_object_object_add(labels, "ru", jstr(payload));
    json_object_object_add(labels, "kk", jstr(payload));
    json_object_object_add(rating, "key", jstr(key));
    json_object_object_add(rating, "labels", labels);
    json_object_object_add(rating, "value", json_object_new_int(1));
    json_object_object_add(rating, "colour", jstr("#b71c1c"));
    r = th_call("POST", "/ratings", "admin", NULL, text_of(rating));
    ck_assert_msg(r.status == 201, "POST /ratings with \"%s\": %d %s", payload, r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);

    char path[64];
    json_object *body = json_object_new_object();
    json_object_object_add(body, "expected_version", json_object_new_int64(version));
    json_object_object_add(body, "status", jstr("rebutted"));
    json_object_object_add(body, "rating", jstr(key));
    json_object_object_add(body, "publish", json_object_new_boolean(1));
    snprintf(path, sizeof path, "/claims/%lld/review", id);
    r = th_call("POST", path, "moderator", NULL, text_of(body));
    ck_assert_msg(r.status == 200, "review with rating \"%s\": %d %s", payload, r.status,
                  json_object_to_json_string(r.body));
    th_free(&r);
}

/* The notices of article in format and lang: the text body (malloc'd). */
static char *notices_text(const char *article, const char *format, const char *lang,
                          const char *expected_type)
{
    char path[160], query[96];
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    snprintf(query, sizeof query, "{\"format\":\"%s\",\"lang\":\"%s\"}", format, lang);
    th_resp r = th_call("GET", path, NULL, query, NULL);
    ck_assert_msg(r.status == 200, "GET %s %s: %d %s", path, query, r.status,
                  json_object_to_json_string(r.body));
    ck_assert_str_eq(content_type(&r), expected_type);
    ck_assert_msg(json_object_is_type(r.body, json_type_string), "%s body is not a string",
                  format);
    char *text = strdup(json_object_get_string(r.body));
    th_free(&r);
    ck_assert_msg(text[0] != '\0', "no %s notice for %s", format, article);
    return text;
}

/* ---- the HTML allow-list tokenizer ------------------------------------------------ */

static const char *const allowed_tags[] = {
    "aside", "section", "h2", "h3", "blockquote", "p", "span", "strong", "ol", "li",
    "time", "a", "bdi", NULL,
};

static const char *const allowed_attrs[] = {
    "class", "role", "lang", "aria-labelledby", "aria-label", "id", "datetime", "href",
    "rel", "dir", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t len)
{
    for (; *list; list++)
        if (strlen(*list) == len && strncmp(*list, s, len) == 0)
            return true;
    return false;
}

static bool contains_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack; haystack++)
        if (strncasecmp(haystack, needle, n) == 0)
            return true;
    return false;
}

static bool tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* The five entities the renderer writes, decoded; 0 when s starts none. */
static size_t entity(const char *s, char *out)
{
    static const struct { const char *name; char c; } entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
        {"&#34;", '"'}, {"&#x27;", '\''}, {"&apos;", '\''},
    };
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t n = strlen(entities[i].name);
        if (strncmp(s, entities[i].name, n) == 0) {
            *out = entities[i].c;
            return n;
        }
    }
    return 0;
}

/*
 * Walk html: every '<' opens an allowed tag with allowed, double-quoted
 * attributes whose values hold no quote, angle bracket or javascript:; every
 * '&' starts an entity; no '>' outside a tag. Returns the text content with
 * entities decoded (malloc'd); fails the test at the first violation.
 */
static char *check_html(const char *html, const char *label)
{
    char *text = malloc(strlen(html) + 1);
    size_t used = 0;
    const char *p = html;

    ck_assert_ptr_nonnull(text);
    ck_assert_msg(!contains_nocase(html, "<script"), "%s: <script in HTML", label);
    while (*p) {
        if (*p == '<') {
            const char *tag = p++;
            bool closing = *p == '/';
            if (closing)
                p++;
            const char *name = p;
            while (tag_char(*p))
                p++;
            ck_assert_msg(in_list(allowed_tags, name, (size_t)(p - name)),
                          "%s: tag not allowed at %td: \"%.40s\"", label, tag - html, tag);
            if (closing) {
                ck_assert_msg(*p == '>', "%s: bad closing tag at %td: \"%.40s\"", label,
                              tag - html, tag);
                p++;
                continue;
            }
            while (*p != '>') {
                ck_assert_msg(*p == ' ', "%s: junk in tag at %td: \"%.60s\"", label,
                              p - html, tag);
                p++;
                const char *attr = p;
                while (tag_char(*p))
                    p++;
                size_t alen = (size_t)(p - attr);
                ck_assert_msg(alen > 0, "%s: empty attribute name at %td: \"%.60s\"", label,
                              attr - html, tag);
                ck_assert_msg(!(alen >= 2 && strncasecmp(attr, "on", 2) == 0),
                              "%s: event attribute \"%.*s\" in \"%.60s\"", label, (int)alen,
                              attr, tag);
                ck_assert_msg(in_list(allowed_attrs, attr, alen),
                              "%s: attribute \"%.*s\" not allowed in \"%.60s\"", label,
                              (int)alen, attr, tag);
                ck_assert_msg(p[0] == '=' && p[1] == '"',
                              "%s: attribute \"%.*s\" not double-quoted in \"%.60s\"", label,
                              (int)alen, attr, tag);
                p += 2;
                const char *value = p;
                while (*p && *p != '"') {
                    ck_assert_msg(*p != '<' && *p != '>' && *p != '\'' && *p != '`',
                                  "%s: raw '%c' in the value of %.*s: \"%.80s\"", label, *p,
                                  (int)alen, attr, value);
                    if (*p == '&') {
                        char c;
                        ck_assert_msg(entity(p, &c) > 0, "%s: stray '&' in %.*s: \"%.80s\"",
                                      label, (int)alen, attr, value);
                    }
                    p++;
                }
                ck_assert_msg(*p == '"', "%s: unterminated attribute value", label);
                size_t vlen = (size_t)(p - value);
                const char *v = value;
                while (*v == ' ' || *v == '\t' || *v == '\n')
                    v++;
                ck_assert_msg(strncasecmp(v, "javascript:", 11) != 0 &&
                              strncasecmp(v, "data:", 5) != 0 &&
                              strncasecmp(v, "vbscript:", 9) != 0,
                              "%s: script url in %.*s: \"%.*s\"", label, (int)alen, attr,
                              (int)vlen, value);
                if (alen == 4 && strncmp(attr, "href", 4) == 0)
                    ck_assert_msg(strncasecmp(value, "https://", 8) == 0 ||
                                  strncasecmp(value, "http://", 7) == 0,
                                  "%s: href is not http(s): \"%.*s\"", label, (int)vlen, value);
                p++;
            }
            p++;
        } else if (*p == '&') {
            char c = 0;
            size_t n = entity(p, &c);
            ck_assert_msg(n > 0, "%s: stray '&' in text at %td: \"%.40s\"", label, p - html, p);
            text[used++] = c;
            p += n;
        } else {
            ck_assert_msg(*p != '>', "%s: raw '>' in text at %td: \"%.40s\"", label, p - html,
                          p > html + 20 ? p - 20 : html);
            text[used++] = *p++;
        }
    }
    text[used] = '\0';
    return text;
}

static size_t count(const char *haystack, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

static bool has_markup_char(const char *s)
{
    return strpbrk(s, "<>&\"'") != NULL;
}

/* ---- JSON-LD ---------------------------------------------------------------------- */

static void assert_script_safe(const char *text, const char *label)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        ck_assert_msg(*p != '<' && *p != '>' && *p != '&', "%s: byte '%c' at %td of the JSON-LD",
                      label, *p, (const char *)p - text);
        ck_assert_msg(!(p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)),
                      "%s: raw U+2028/U+2029 at %td of the JSON-LD", label,
                      (const char *)p - text);
    }
}

static json_object *get(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, key, &v))
        return NULL;
    return v;
}

static const char *sget(json_object *obj, const char *key)
{
    json_object *v = get(obj, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

/* The node of the top-level JSON-LD array with @type type; "Article" is
   the untyped node that attaches corrections to the host's Article by @id. */
static json_object *graph_node(json_object *doc, const char *type)
{
    bool article = strcmp(type, "Article") == 0;
    for (size_t i = 0; json_object_is_type(doc, json_type_array) &&
                       i < json_object_array_length(doc); i++) {
        json_object *node = json_object_array_get_idx(doc, i);
        if (article ? get(node, "correction") != NULL && get(node, "@id") != NULL
                    : strcmp(sget(node, "@type"), type) == 0)
            return node;
    }
    return NULL;
}

static void check_jsonld(const char *text, const char *payload, const char *label)
{
    assert_script_safe(text, label);
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "%s: JSON-LD does not parse", label);
    json_object *cr = graph_node(doc, "ClaimReview");
    ck_assert_msg(cr != NULL, "%s: no ClaimReview", label);
    ck_assert_msg(strcmp(sget(cr, "claimReviewed"), payload) == 0,
                  "%s: claimReviewed \"%s\"", label, sget(cr, "claimReviewed"));
    ck_assert_msg(strcmp(sget(get(cr, "reviewRating"), "alternateName"), payload) == 0,
                  "%s: alternateName \"%s\"", label, sget(get(cr, "reviewRating"), "alternateName"));
    json_object *author = get(get(cr, "itemReviewed"), "author");
    ck_assert_msg(strcmp(sget(author, "name"), payload) == 0, "%s: author.name \"%s\"", label,
                  sget(author, "name"));
    ck_assert_msg(strcmp(sget(author, "jobTitle"), payload) == 0, "%s: author.jobTitle \"%s\"",
                  label, sget(author, "jobTitle"));
    json_object *corrections = get(graph_node(doc, "Article"), "correction");
    const char *ctext = sget(json_object_array_get_idx(corrections, 0), "text");
    ck_assert_msg(count(ctext, payload) >= 2, "%s: CorrectionComment text \"%s\"", label, ctext);
    json_object_put(doc);
}

/* ---- the tests -------------------------------------------------------------------- */

/* In the HTML: text, claimant name and role, venue, the rating (heading and
   verdict), the response's author and summary. */
#define HTML_OCCURRENCES 8

static void check_payload(size_t i)
{
    const char *payload = payloads[i];
    char article[96], label[64];

    publish_hostile(payload, NULL, article);
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        snprintf(label, sizeof label, "payload %zu, %s, html", i, langs[l]);
        char *html = notices_text(article, "html", langs[l], "text/html; charset=utf-8");
        char *text = check_html(html, label);
        if (has_markup_char(payload))
            ck_assert_msg(strstr(html, payload) == NULL, "%s: payload unescaped in HTML: %s",
                          label, html);
        ck_assert_msg(count(text, payload) >= HTML_OCCURRENCES,
                      "%s: payload shown %zu times, expected %d: %s", label,
                      count(text, payload), HTML_OCCURRENCES, text);
        free(text);
        free(html);

        snprintf(label, sizeof label, "payload %zu, %s, jsonld", i, langs[l]);
        char *ld = notices_text(article, "jsonld", langs[l], "application/ld+json");
        check_jsonld(ld, payload, label);
        free(ld);
    }

    /* The JSON form keeps the quote and the response's role intact. */
    char path[160];
    snprintf(path, sizeof path, "/articles/%s/notices", article);
    th_resp r = th_call("GET", path, NULL, "{\"format\":\"json\"}", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/exact"), payload);
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/prefix"), payload);
    ck_assert_str_eq(th_str(&r, "notices/0/mentions/0/quote/suffix"), payload);
    ck_assert_str_eq(th_str(&r, "notices/0/responses/0/by/role"), payload);
    ck_assert_str_eq(th_str(&r, "notices/0/venue"), payload);
    th_free(&r);
}

START_TEST(payloads_are_shown_not_executed)
{
    check_payload((size_t)_i);
}
END_TEST

START_TEST(there_are_enough_payloads)
{
    ck_assert_uint_ge(NPAYLOADS, 30);
    for (size_t i = 0; i < NPAYLOADS; i++)
        ck_assert_msg(strlen(payloads[i]) <= 100, "payload %zu is longer than a rating", i);
}
END_TEST

/* An apology by the claimant uses another sentence ("The author
   apologised"): the payload in it is escaped too. */
START_TEST(an_apology_by_the_claimant_is_escaped)
{
    const char *payload = "<img src=x onerror=alert(1)>\"'&";
    char article[96], label[64];
    snprintf(article, sizeof article, "%s", th_unique("xss-apology"));
    th_resp r = post_claim(payload, article, NULL, NULL);
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "id");
    th_free(&r);
    r = post_response(id, "apology", payload, NULL);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = post_response(id, "retraction", payload, NULL);
    ck_assert_int_eq(r.status, 201);
    long long version = th_int(&r, "version");
    th_free(&r);
    char path[64], body[128];
    snprintf(path, sizeof path, "/claims/%lld/review", id);
    snprintf(body, sizeof body, "{\"expected_version\":%lld,\"status\":\"retracted\","
             "\"rating\":\"Retracted\",\"publish\":true}", version);
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        snprintf(label, sizeof label, "apology, %s", langs[l]);
        char *html = notices_text(article, "html", langs[l], "text/html; charset=utf-8");
        char *text = check_html(html, label);
        ck_assert_msg(strstr(html, payload) == NULL, "%s: payload unescaped", label);
        ck_assert_msg(count(text, payload) >= 4, "%s: %s", label, text);
        free(text);
        free(html);
        char *ld = notices_text(article, "jsonld", langs[l], "application/ld+json");
        assert_script_safe(ld, label);
        json_object *doc = json_tokener_parse(ld);
        json_object *corrections = get(graph_node(doc, "Article"), "correction");
        ck_assert_int_eq(json_object_array_length(corrections), 2);
        for (size_t k = 0; k < 2; k++)
            ck_assert_msg(strstr(sget(json_object_array_get_idx(corrections, k), "text"), payload),
                          "%s: CorrectionComment %zu lacks the payload", label, k);
        json_object_put(doc);
        free(ld);
    }
}
END_TEST

/* ---- URLs ------------------------------------------------------------------------- */

static const char *const bad_urls[] = {
    "https://example.org/\"onmouseover=\"alert(1)",
    "https://example.org/?q=<x>",
    "https://example.org/?q=<script>alert(1)</script>",
    "https://example.org/ onmouseover=alert(1)",
    "https://example.org/`onmouseover=alert(1)`",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/x",
    "https:javascript:alert(1)",
    "https://\"><script>alert(1)</script>",
    " https://example.org/",
    "https://example.org/\nx",
};

START_TEST(hostile_urls_are_refused_at_input)
{
    char article[96];
    snprintf(article, sizeof article, "%s", th_unique("xss-url"));
    th_resp r = post_claim("Нормальный текст", article, NULL, NULL);
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "id");
    th_free(&r);

    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        long long before = th_rows_total();

        r = post_claim("text", th_unique("xss-url"), bad_urls[i], NULL);
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), "invalid_url") == 0 &&
                      strcmp(th_error_field(&r), "source_url") == 0,
                      "source_url \"%s\": %d %s", bad_urls[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);

        r = post_claim("text", th_unique("xss-url"), NULL, bad_urls[i]);
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), "invalid_url") == 0 &&
                      strcmp(th_error_field(&r), "article.url") == 0,
                      "article.url \"%s\": %d %s", bad_urls[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);

        r = post_response(id, "rebuttal", "Полиция", bad_urls[i]);
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), "invalid_url") == 0 &&
                      strcmp(th_error_field(&r), "url") == 0,
                      "response url \"%s\": %d %s", bad_urls[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);

        char path[64];
        json_object *mention = json_object_new_object(), *quote = json_object_new_object();
        json_object_object_add(mention, "article_id", jstr("xss-mention"));
        json_object_object_add(mention, "url", jstr(bad_urls[i]));
        json_object_object_add(quote, "exact", jstr("x"));
        json_object_object_add(mention, "quote", quote);
        snprintf(path, sizeof path, "/claims/%lld/mentions", id);
        r = th_call("POST", path, "editor", NULL, text_of(mention));
        ck_assert_msg(r.status == 400 && strcmp(th_error_code(&r), "invalid_url") == 0 &&
                      strcmp(th_error_field(&r), "url") == 0,
                      "mention url \"%s\": %d %s", bad_urls[i], r.status,
                      json_object_to_json_string(r.body));
        th_free(&r);

        ck_assert_msg(th_rows_total() == before, "a refused url wrote rows: \"%s\"", bad_urls[i]);
    }
}
END_TEST

/* URLs that pass validation but carry characters that matter in HTML. */
static const char *const odd_urls[] = {
    "https://example.org/'onmouseover='alert(1)'",
    "https://example.org/?a=1&b=2&lt;script&gt;",
    "https://example.org/#javascript:alert(1)",
    "https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "https://EXAMPLE.ORG/?x=');alert(1);//",
    "https://example.org/\xE2\x80\xA8path",
};

START_TEST(odd_but_valid_urls_come_out_escaped)
{
    for (size_t i = 0; i < sizeof odd_urls / sizeof odd_urls[0]; i++) {
        const char *url = odd_urls[i];
        char article[96], label[64];

        publish_hostile("<b>bold</b> & \"quoted\"", url, article);
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
            snprintf(label, sizeof label, "url %zu, %s, html", i, langs[l]);
            char *html = notices_text(article, "html", langs[l], "text/html; charset=utf-8");
            char *text = check_html(html, label);       /* href values checked here */
            ck_assert_msg(strstr(html, "href=\"") != NULL, "%s: no source link: %s", label, html);
            if (has_markup_char(url))
                ck_assert_msg(strstr(html, url) == NULL, "%s: url unescaped: %s", label, html);
            free(text);
            free(html);

            snprintf(label, sizeof label, "url %zu, %s, jsonld", i, langs[l]);
            char *ld = notices_text(article, "jsonld", langs[l], "application/ld+json");
            assert_script_safe(ld, label);
            json_object *doc = json_tokener_parse(ld);
            ck_assert_msg(doc != NULL, "%s: does not parse", label);
            json_object *item = get(graph_node(doc, "ClaimReview"), "itemReviewed");
            ck_assert_msg(strcmp(sget(get(item, "firstAppearance"), "url"), url) == 0,
                          "%s: firstAppearance \"%s\"", label, sget(get(item, "firstAppearance"), "url"));
            json_object *corrections = get(graph_node(doc, "Article"), "correction");
            ck_assert_msg(strcmp(sget(json_object_array_get_idx(corrections, 0), "url"), url) == 0,
                          "%s: CorrectionComment url", label);
            ck_assert_msg(strcmp(sget(graph_node(doc, "Article"), "url"), url) == 0,
                          "%s: Article url \"%s\"", label, sget(graph_node(doc, "Article"), "url"));
            json_object_put(doc);
            free(ld);
        }
    }
}
END_TEST

/* The scheme of a URL is case-insensitive (RFC 3986): "HTTPS://" is an
   https URL. It is stored as sent, as a claim's source, an article's url
   and a response's url, and never fails in the database. */
START_TEST(an_upper_case_scheme_is_an_https_url)
{
    const char *url = "HTTPS://EXAMPLE.ORG/Upper";
    char article[96];
    snprintf(article, sizeof article, "%s", th_unique("xss-upper"));

    th_resp r = post_claim("Текст", article, url, NULL);
    ck_assert_msg(r.status == 201, "source_url %s: %d %s", url, r.status,
                  json_object_to_json_string(r.body));
    ck_assert_str_eq(th_str(&r, "source_url"), url);
    th_free(&r);

    r = post_claim("Текст", article, NULL, url);
    ck_assert_msg(r.status == 201, "article.url %s: %d %s", url, r.status,
                  json_object_to_json_string(r.body));
    long long id = th_int(&r, "id");
    th_free(&r);

    r = post_response(id, "rebuttal", "Полиция", url);
    ck_assert_msg(r.status == 201, "response url %s: %d %s", url, r.status,
                  json_object_to_json_string(r.body));
    ck_assert_str_eq(th_str(&r, "responses/0/url"), url);
    th_free(&r);
}
END_TEST

/* The article id is a path segment, not markup: an id with markup
   characters (percent-encoded) is escaped wherever it appears. */
START_TEST(a_hostile_article_id_is_escaped)
{
    const char *id = "a\"><script>alert(1)</script>&";
    const char *encoded = "a%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%26";
    th_resp r = post_claim("Текст", id, NULL, NULL);
    /* An article id is the host's own key, any text up to 200 code points:
       taken as it is, and escaped where it is shown. */
    ck_assert_msg(r.status == 201, "%d %s", r.status, json_object_to_json_string(r.body));
    long long claim = th_int(&r, "id");
    th_free(&r);
    char path[160], body[128];
    snprintf(path, sizeof path, "/claims/%lld/review", claim);
    snprintf(body, sizeof body, "{\"expected_version\":1,\"status\":\"rebutted\","
             "\"rating\":\"False\",\"publish\":true}");
    r = th_call("POST", path, "moderator", NULL, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);

    snprintf(path, sizeof path, "/articles/%s/notices", encoded);
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        char query[96], label[64];
        snprintf(label, sizeof label, "article id, %s", langs[l]);
        snprintf(query, sizeof query, "{\"format\":\"html\",\"lang\":\"%s\"}", langs[l]);
        r = th_call("GET", path, NULL, query, NULL);
        ck_assert_int_eq(r.status, 200);
        char *text = check_html(json_object_get_string(r.body), label);
        ck_assert_msg(strstr(text, "Текст") != NULL, "%s: the notice is missing", label);
        free(text);
        th_free(&r);
        snprintf(query, sizeof query, "{\"format\":\"jsonld\",\"lang\":\"%s\"}", langs[l]);
        r = th_call("GET", path, NULL, query, NULL);
        ck_assert_int_eq(r.status, 200);
        assert_script_safe(json_object_get_string(r.body), label);
        th_free(&r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xss");
    TCase *tc = tcase_create("xss");
    tcase_add_checked_fixture(tc, th_setup, th_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, there_are_enough_payloads);
    tcase_add_loop_test(tc, payloads_are_shown_not_executed, 0, (int)NPAYLOADS);
    tcase_add_test(tc, an_apology_by_the_claimant_is_escaped);
    tcase_add_test(tc, hostile_urls_are_refused_at_input);
    tcase_add_test(tc, odd_but_valid_urls_come_out_escaped);
    tcase_add_test(tc, an_upper_case_scheme_is_an_https_url);
    tcase_add_test(tc, a_hostile_article_id_is_escaped);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
