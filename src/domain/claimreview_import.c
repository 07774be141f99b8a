/*
 * claimreview_import.c -- recording other fact-checkers' ClaimReviews
 * (see claimreview_import.h).
 *
 * The fact-checking world publishes ClaimReview in every shape JSON-LD
 * allows and in several it does not quite: HTML-escaped or marked-up
 * text, ratings on any scale or none, reviewers known only by their web
 * site, dates only on the feed entry. An import that refuses a document
 * for one odd field loses every good review in it, so this file reads
 * each item as a reasonable reader of the markup would, and skips only
 * the items nothing sensible can be made of, saying why. The finder in
 * jsonld.c says where the items are; this file says what each one means.
 *
 * Text becomes plain text through libxml2's HTML parser (no hand-written
 * entity tables), up to three rounds for text escaped twice, with its
 * whitespace collapsed. A review is identified by its canonical url
 * (libcurl's URL API: https, lower-case host, no default port, trailing
 * slash, utm_* parameter or fragment) together with a SHA-256 of the
 * claim's text and claimant, because aggregated feeds give different
 * reviews one url. The identity row is claimed first with ON CONFLICT DO
 * NOTHING, so a repeated or concurrent import of a review records it once;
 * a review that comes again saying something new (fact-checkers revise
 * verdicts) is linked again as a change (record_change), so readers never
 * keep a verdict its author withdrew.
 *
 * Each item is read and checked before its own writes, which run inside a
 * savepoint: a database refusal rolls that item back and skips it, while
 * a lost connection or a timeout fails the whole request, as it must.
 */
#include "domain/claimreview_import.h"
#include "base/jsonout.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <idn2.h>
#include <openssl/evp.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/langname.h"
#include "domain/claims.h"
#include "base/jsonin.h"
#include "base/jsonld.h"
#include "domain/responses.h"
#include "domain/review.h"
#include "base/validate.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

static const ct_stmt stmt_import_claim_url = {"ct_import_claim_url",
    "INSERT INTO ct_imports (canonical_url, review_key, review_url, reviewer)"
    " VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (canonical_url, review_key) DO NOTHING RETURNING id", 4};

static const ct_stmt stmt_import_existing = {"ct_import_existing",
    "SELECT claim_id::text FROM ct_imports WHERE canonical_url = $1 AND review_key = $2", 2};

/* An identity stored in a spelling an earlier build gave it takes
   today's when that review comes again ($1 url and $2 key, today's): one
   whose url is $3 (the host as the import once spelt a host outside
   ASCII, percent-encoded UTF-8, see ascii_host), or whose key is $4 (made
   with the default-ignorable code points kept, see review_key), or both;
   $3 and $4 are $1 and $2 where the spelling is today's. One such row
   takes it, unless today's is stored already. */
static const ct_stmt stmt_import_adopt = {"ct_import_adopt",
    "UPDATE ct_imports SET canonical_url = $1, review_key = $2"
    " WHERE ctid = (SELECT f.ctid FROM ct_imports f"
    "                WHERE f.canonical_url IN ($1, $3) AND f.review_key IN ($2, $4)"
    "                  AND NOT (f.canonical_url = $1 AND f.review_key = $2) LIMIT 1)"
    " AND NOT EXISTS (SELECT 1 FROM ct_imports WHERE canonical_url = $1 AND review_key = $2)", 4};

static const ct_stmt stmt_import_link = {"ct_import_link",
    "UPDATE ct_imports SET claim_id = $3::bigint"
    " WHERE canonical_url = $1 AND review_key = $2", 3};

/* Whether a review imported before says something new: its summary $3 is
   not the reviewer's ($2) last on the claim $1, and either the reviewer
   never said it there (a copy of an older version repeats what they
   said before) or its dateModified $4 (NULL when none) is later than
   that last response (they came back to it: a copy dated as the last
   response, saying what an earlier one said, is two copies of one
   version that disagree, and each import of them in turn found the other
   "changed"); with the claim's version, status, and its rating when that
   is still the import's words; and the date the revision takes: its
   dateModified, or the last response's date (RFC 3339 UTC) when that is
   later (a date alone is the newsroom's midnight, before the hour of the
   verdict it replaces that day, and readers, who see responses in the
   order of their dates, saw the withdrawn verdict last). A dateModified
   given as a date alone that is taken stays a date alone, so the
   revision keeps its day in every time zone (issued_on, sql/036). One row, or
   none when the reviewer has no response there. The reviewer's responses
   are those by the name the review now gives, or by the name it was
   first imported under (ct_imports.reviewer: an earlier release named
   the writer of a review whose author is a Person, read_reviewer), and
   summaries, which begin with the reviewer's name (write_summary), are
   compared without it. */
static const ct_stmt stmt_import_changed = {"ct_import_changed",
    "WITH said AS (SELECT id, issued_at, substr(summary, length(by_name) + 1) AS verdict"
    "   FROM ct_responses WHERE claim_id = $1::bigint AND (by_name = $2 OR by_name IN"
    "   (SELECT i.reviewer FROM ct_imports i WHERE i.claim_id = $1::bigint)))"
    " SELECT r.verdict <> substr($3, length($2) + 1) AND (NOT EXISTS (SELECT 1 FROM said o"
    "   WHERE o.verdict = substr($3, length($2) + 1))"
    "   OR ct_instant($4) > r.issued_at), c.version, c.status,"
    " CASE WHEN c.rating_as_written THEN c.rating END,"
    " CASE WHEN length($4) = 10 AND ct_instant($4) >= COALESCE(r.issued_at, '-infinity')"
    "  THEN $4"
    "  ELSE to_char(greatest(ct_instant($4), r.issued_at) AT TIME ZONE 'UTC',"
    "               'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"
    " FROM ct_claims c JOIN LATERAL (SELECT verdict, issued_at FROM said"
    "   ORDER BY id DESC LIMIT 1) r ON true"
    " WHERE c.id = $1::bigint", 4};

/* A changed verdict asks the moderators to review the claim again
   (sql/026_review_requested.sql): GET /review-queue lists it. */
static const ct_stmt stmt_import_request_review = {"ct_import_request_review",
    "UPDATE ct_claims SET review_requested_at = now() WHERE id = $1::bigint", 1};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_import_sql[] = {
    &stmt_import_claim_url, &stmt_import_existing, &stmt_import_adopt, &stmt_import_link,
    &stmt_import_changed, &stmt_import_request_review, NULL};


#define UNKNOWN_CLAIMANT "Unknown"
/* Code points of the review's headline kept in the rebuttal's summary. */
#define HEADLINE_MAX     500

/* One review read into the inputs an editor's requests would produce. */
typedef struct review_item {
    ct_claim_input    claim;
    ct_response_input response;
    const char       *url;             /* as the feed spelt it                  */
    const char       *rating;          /* the verdict in words, or NULL          */
    const char       *modified_at;     /* the review's dateModified, or NULL     */
    const char       *canonical_url;
    const char       *former_url;      /* its identity before hosts were ASCII  */
    char              review_key[2 * 32 + 1];
    char              former_key[2 * 32 + 1]; /* its key before ignorables were dropped,
                                                 "" when the same                  */
    char            **owned;           /* the strings above that the item made */
    size_t            owned_count;
    size_t            owned_cap;
} review_item;

/* What reading one item needs besides the item. */
typedef struct reader {
    json_object           *index;      /* @id -> node, for references           */
    json_object           *entry_index; /* the same of the item's feed entry, or NULL */
    const ct_jsonld_found *found;
    char                   path[32];   /* "items.N"                             */
} reader;

static ct_rc no_memory(ct_error *err)
{
    return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
}

/* value, or the node it refers to by @id (ct_jsonld_node): written out in
   the item's own feed entry first, else anywhere in the document. Pages
   put one after another in a list may each name their claim "_:b0" (a
   blank node's name holds only within its page's markup), and a
   document-wide look-up alone gave every page's review the first page's
   claimant and date. */
static json_object *node_of(const reader *r, json_object *value)
{
    json_object *near = ct_jsonld_node(r->entry_index, value);
    if (near != value && ct_jsonld_describes(near))
        return near;
    json_object *far = ct_jsonld_node(r->index, value);
    return far != value ? far : near;
}

/* Give s (malloc'd, may be NULL) to the item; returns s, or NULL when s
   was NULL or out of memory. */
static const char *keep(review_item *it, char *s)
{
    if (s && it->owned_count == it->owned_cap) {
        size_t cap = it->owned_cap ? 2 * it->owned_cap : 16;
        char **grown = realloc(it->owned, cap * sizeof *grown);
        if (grown == NULL) {
            free(s);
            return NULL;
        }
        it->owned = grown;
        it->owned_cap = cap;
    }
    if (s)
        it->owned[it->owned_count++] = s;
    return s;
}

static void item_free(review_item *it)
{
    for (size_t i = 0; i < it->owned_count; i++)
        free(it->owned[i]);
    free(it->owned);
    it->owned = NULL;
    it->owned_count = it->owned_cap = 0;
}

/* ---- plain text ----------------------------------------------------------------- */

/* Bytes of the whitespace character at s (ASCII, or a Unicode space
   separator such as the no-break space), 0 when there is none. */
static size_t space_at(const unsigned char *s)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if ((s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||                  /* U+1680 */
        (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8A) ||  /* U+2000.. */
                                          s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF)) ||
        (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||                  /* U+205F */
        (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80))                    /* U+3000 */
        return 3;
    return 0;
}

/* Append text with each run of whitespace as one space; *pending says a
   space is owed before the next word (never at the very start). */
static void append_words(ct_buf *b, const char *text, bool *pending)
{
    const unsigned char *s = (const unsigned char *)text;

    while (*s) {
        size_t n = space_at(s);
        if (n) {
            *pending = true;
            s += n;
            continue;
        }
        const unsigned char *word = s;
        while (*s && space_at(s) == 0)
            s++;
        if (*pending && b->len > 0)
            ct_buf_append_len(b, " ", 1);
        *pending = false;
        ct_buf_append_len(b, (const char *)word, (size_t)(s - word));
    }
}

static bool named(const xmlChar *name, const char *const *names)
{
    for (; *names; names++)
        if (xmlStrcasecmp(name, (const xmlChar *)*names) == 0)
            return true;
    return false;
}

/* Elements whose content is not text, and elements that separate words. */
static const char *const hidden_elements[] = {"script", "style", "template", "noscript", NULL};
static const char *const block_elements[] = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "section", "article", "header", "footer",
    "figure", "figcaption", "hr", "address", NULL
};

static void html_text(xmlNode *node, ct_buf *b, bool *pending)
{
    for (; node; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            append_words(b, (const char *)node->content, pending);
        } else if (node->type == XML_ELEMENT_NODE && !named(node->name, hidden_elements)) {
            bool block = named(node->name, block_elements);
            *pending = *pending || block;
            html_text(node->children, b, pending);
            *pending = *pending || block;
        }
    }
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

/* The text content of s read as HTML; NULL when out of memory. */
static char *html_round(const char *s)
{
    ct_buf b = CT_BUF_INIT;
    bool pending = false;

    pthread_once(&xml_once, xml_init);
    htmlDocPtr doc = htmlReadMemory(s, (int)strlen(s), NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc) {
        html_text(xmlDocGetRootElement(doc), &b, &pending);
        xmlFreeDoc(doc);
    }
    return ct_buf_take(&b);
}

/* Whether s holds "</name" (any case) ending the name there. The
   character after the name is read only once the name matched: before,
   it may lie past the string's end ("</" as its last characters). */
static bool closed_later(const char *s, const char *name, size_t length)
{
    for (const char *p = strstr(s, "</"); p; p = strstr(p + 2, "</")) {
        if (strncasecmp(p + 2, name, length) != 0)
            continue;
        char after = p[2 + length];
        if (!((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
              (after >= '0' && after <= '9')))
            return true;
    }
    return false;
}

/* Whether the '<' at s begins a tag of HTML: an element HTML has
   (htmlTagLookup), with a '>' before any other '<', and either an end
   tag, an empty element (<br>) or a start tag that is closed later in s.
   Otherwise it is text: "<50%", "a<b then", "<fake news>", and "the
   <script> tag" that nothing closes. */
static bool begins_tag(const char *s)
{
    char name[16];
    size_t at = s[1] == '/' ? 2 : 1, length = 0;

    while (length < sizeof name - 1 && ((s[at + length] >= 'a' && s[at + length] <= 'z') ||
                                        (s[at + length] >= 'A' && s[at + length] <= 'Z') ||
                                        (length > 0 && s[at + length] >= '1' &&
                                         s[at + length] <= '6'))) {
        name[length] = s[at + length];
        length++;
    }
    name[length] = '\0';
    char after = s[at + length];
    if (length == 0 || !(after == '>' || after == '/' || after == ' ' || after == '\t' ||
                         after == '\n' || after == '\r'))
        return false;
    const htmlElemDesc *element = htmlTagLookup((const xmlChar *)name);
    if (element == NULL || s[at + length + strcspn(s + at + length, "<>")] != '>')
        return false;
    return at == 2 || element->empty || closed_later(s + at + length, name, length);
}

/* s with each '<' that begins no tag written as "&lt;", so that reading
   it as HTML keeps it. Malloc'd; NULL when out of memory. */
static char *guard_markup(const char *s)
{
    ct_buf b = CT_BUF_INIT;

    for (; *s; s++) {
        if (*s == '<' && !begins_tag(s))
            ct_buf_append(&b, "&lt;");
        else
            ct_buf_append_len(&b, s, 1);
    }
    return ct_buf_take(&b);
}

/* s as plain text: markup and character references resolved (also when
   escaped twice, as "&amp;quot;"), whitespace collapsed, trimmed.
   Only HTML's own elements are markup, in any round ("&lt;i&gt;" is an
   escaped <i>): a '<' that begins none is text, as written
   ("a<b then", "<50%") or decoded ("&lt;fake news&gt;" is "<fake news>").
   Malloc'd; NULL when out of memory. */
static char *plain_text(const char *s)
{
    ct_buf b = CT_BUF_INIT;
    bool pending = false;

    append_words(&b, s, &pending);
    char *text = ct_buf_take(&b);
    for (int round = 0; text && round < 3 && strpbrk(text, "<&"); round++) {
        char *guarded = guard_markup(text);
        char *next = guarded ? html_round(guarded) : NULL;
        free(guarded);
        bool settled = next && strcmp(next, text) == 0;
        free(text);
        text = next;
        if (settled)
            break;
    }
    return text;
}

/* value (a string) as plain text of 1..max code points into *out; NULL
   when absent or empty and not required. The path names it in errors. */
static ct_rc text_value(review_item *it, json_object *value, const char *path, bool required,
                        size_t max, const char **out, ct_error *err)
{
    size_t chars = 0;

    *out = NULL;
    if (value == NULL)
        return required ? ct_fail(err, CT_EINVALID, "missing_field", path, "%s is required", path)
                        : CT_OK;
    if (!json_object_is_type(value, json_type_string))
        return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be text", path);
    const char *text = keep(it, plain_text(json_object_get_string(value)));
    if (text == NULL)
        return no_memory(err);
    if (!ct_utf8_valid(text, strlen(text), &chars))
        return ct_fail(err, CT_EINVALID, "invalid_utf8", path,
                       "%s must be valid UTF-8 without NUL characters", path);
    if (chars == 0)
        return required ? ct_fail(err, CT_EINVALID, "empty", path, "%s must not be empty", path)
                        : CT_OK;
    if (chars > max)
        return ct_fail(err, CT_EINVALID, "too_long", path, "%s is longer than %zu characters",
                       path, max);
    *out = text;
    return CT_OK;
}

/* obj[key] (any JSON-LD spelling) as plain text; see text_value. */
static ct_rc read_text(review_item *it, json_object *obj, const char *prefix, const char *key,
                       bool required, size_t max, const char **out, ct_error *err)
{
    char path[96];
    return text_value(it, ct_jsonld_first(obj, key), ct_json_path(path, sizeof path, prefix, key),
                      required, max, out, err);
}

/* The first max code points of text followed by an ellipsis, when longer. */
static const char *shortened(review_item *it, const char *text, size_t max)
{
    size_t chars = 0, end = 0;

    for (; text[end]; end++)
        if (((unsigned char)text[end] & 0xC0) != 0x80 && chars++ == max)
            break;
    if (text[end] == '\0')
        return text;
    ct_buf b = CT_BUF_INIT;
    ct_buf_append_len(&b, text, end);
    ct_buf_append(&b, "\xE2\x80\xA6");
    return keep(it, ct_buf_take(&b));
}

/* ---- urls and identity ---------------------------------------------------------- */

static void lower_ascii(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* The first http(s) url in value: a url, a list, or a node's url or @id. */
static const char *link_of(json_object *value, int depth)
{
    const char *link = NULL;

    if (value == NULL || depth > 4)
        return NULL;
    if (json_object_is_type(value, json_type_string))
        return ct_url_valid(json_object_get_string(value)) ? json_object_get_string(value) : NULL;
    if (json_object_is_type(value, json_type_array)) {
        for (size_t i = 0; link == NULL && i < json_object_array_length(value); i++)
            link = link_of(json_object_array_get_idx(value, i), depth + 1);
        return link;
    }
    link = link_of(ct_jsonld_get(value, "url"), depth + 1);
    if (link == NULL)
        link = link_of(ct_jsonld_get(value, "@value"), depth + 1);
    return link ? link : link_of(ct_jsonld_get(value, "@id"), depth + 1);
}

/* The host of url in lower case without a leading "www.":
   "politifact.com", to name a party by. Malloc'd; NULL when there is
   none, or when it is no name: libcurl decodes a percent-encoded host
   ("%ac"), which may leave bytes that are not UTF-8, and a host may be
   longer than CT_NAME_MAX. */
static char *host_of(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL, *out = NULL;
    size_t chars = 0;

    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        lower_ascii(host);
        const char *name = strncmp(host, "www.", 4) == 0 && host[4] ? host + 4 : host;
        if (ct_utf8_valid(name, strlen(name), &chars) && chars > 0 && chars <= CT_NAME_MAX)
            out = strdup(name);
    }
    curl_free(host);
    curl_url_cleanup(u);
    return out;
}

/* query without its utm_* parameters, the others in order, into out. */
static void strip_tracking(const char *query, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (const char *p = query; *p; ) {
        size_t len = strcspn(p, "&");
        if (len > 0 && strncasecmp(p, "utm_", 4) != 0 && used + len + 2 <= size) {
            used += (size_t)snprintf(out + used, size - used, "%s%.*s", used ? "&" : "",
                                     (int)len, p);
        }
        p += len + (p[len] == '&');
    }
}

static void strip_trailing_slashes(char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        path[--len] = '\0';
}

/*
 * host as DNS knows it, malloc'd: a name outside ASCII ("пример.рф", as
 * an IRI writes it, in any case) in punycode, "xn--e1afmkfd.xn--p1ai",
 * by libidn2 (IDNA2008 with UTS #46 mapping, non-transitional: case
 * folded, NFC), so both spellings are one review. NULL when host is
 * ASCII already, when IDNA refuses it (kept as written) or out of memory.
 */
static char *ascii_host(const char *host)
{
    char *ace = NULL;

    for (const unsigned char *p = (const unsigned char *)host; *p; p++)
        if (*p >= 0x80)
            return idn2_to_ascii_8z(host, &ace, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) == IDN2_OK
                       ? ace : NULL;
    return NULL;
}

/* Set u's parts to their canonical form (see canonical_url); the host in
   punycode unless as_written. */
static bool canonicalise(CURLU *u, char *host, char *path, const char *port, const char *query,
                         bool as_written)
{
    char kept[CT_URL_MAX + 1] = "";
    char *ace = as_written ? NULL : ascii_host(host);
    bool ok;

    lower_ascii(ace ? ace : host);
    strip_trailing_slashes(path);
    if (query)
        strip_tracking(query, kept, sizeof kept);
    ok = curl_url_set(u, CURLUPART_SCHEME, "https", 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_HOST, ace ? ace : host, 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_PATH, path, 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_QUERY, kept[0] ? kept : NULL, 0) == CURLUE_OK &&
         (port == NULL || (strcmp(port, "80") != 0 && strcmp(port, "443") != 0) ||
          curl_url_set(u, CURLUPART_PORT, NULL, 0) == CURLUE_OK);
    idn2_free(ace);
    return ok;
}

static bool is_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * url with its percent-encoding normalised (RFC 3986, 6.2.2.1 and
 * 6.2.2.2): each byte outside ASCII encoded ("проверка", an IRI's
 * spelling, and "%D0%BF..." are one url), the hex of every escape in
 * upper case, and an escaped unreserved character ("%7E", "%63")
 * decoded. Any other escape stays one ("%2F" is not "/"), and so does a
 * "%" that begins none. Malloc'd; NULL when out of memory.
 */
static char *percent_normalised(const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(url) * 3 + 1), *o = out;

    for (const unsigned char *p = (const unsigned char *)url; out && *p; p++) {
        if (*p == '%' && isxdigit(p[1]) && isxdigit(p[2])) {
            unsigned char byte = (unsigned char)strtoul((const char[]){(char)p[1], (char)p[2], 0},
                                                        NULL, 16);
            if (is_unreserved(byte)) {
                *o++ = (char)byte;
            } else {
                *o++ = '%';
                *o++ = hex[byte >> 4];
                *o++ = hex[byte & 15];
            }
            p += 2;
        } else if (*p >= 0x80) {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    if (out)
        *o = '\0';
    return out;
}

/*
 * url as an identity: https (http is the same page), host in lower case
 * and in punycode (ascii_host; as_written keeps a host outside ASCII as
 * the import spelt it before, for finding what it stored then),
 * no :80 or :443, no trailing slash ("/" alone stays), no utm_*
 * parameters (the others kept in order), no fragment, percent-encoding
 * normalised (percent_normalised; sql/023 did the same to the identities
 * stored before), so ASCII and UTF-8 whatever libcurl decoded ("%ac" in a
 * host). Malloc'd; NULL when libcurl cannot read it, when it is longer
 * than CT_URL_MAX (libcurl encodes what it reads: a url of stray "%"
 * grows, and so does one of many letters outside ASCII, and the identity
 * must fit its index), or out of memory; the caller then identifies the
 * review by its url as written.
 */
static char *canonical_url(const char *url, bool as_written)
{
    CURLU *u = curl_url();
    char *host = NULL, *path = NULL, *port = NULL, *query = NULL, *whole = NULL, *out = NULL;
    char *normal = NULL;

    if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
        goto out;
    curl_url_get(u, CURLUPART_PORT, &port, 0);       /* absent: NULL */
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    if (canonicalise(u, host, path, port, query, as_written) &&
        curl_url_get(u, CURLUPART_URL, &whole, 0) == CURLUE_OK &&
        (normal = percent_normalised(whole)) != NULL && strlen(normal) <= CT_URL_MAX)
        out = normal;
    else
        free(normal);
out:
    curl_free(host);
    curl_free(path);
    curl_free(port);
    curl_free(query);
    curl_free(whole);
    curl_url_cleanup(u);
    return out;
}

/* s in Unicode NFC, and without its default-ignorable code points when
   drop_ignorable (utf8proc), malloc'd; NULL for want of memory. */
static char *key_form(const char *s, bool drop_ignorable)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_option_t options = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE;

    if (drop_ignorable)
        options |= UTF8PROC_IGNORE;
    return utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, options) < 0 ? NULL : (char *)out;
}

/*
 * Hex SHA-256 of "<claim text>\n<claimant>", both in Unicode NFC
 * (utf8proc), into out (65 bytes): "é" as one code point and as "e" with
 * a combining accent are one text, as a reader sees them, so the same
 * review written either way is one claim (sql/024 gave the keys stored
 * before the same form). Without drop_ignorable, the key as builds before
 * 2026-12-07 made it; with it (today's key), the default-ignorable code
 * points (Unicode's Default_Ignorable_Code_Point: U+200B ZERO WIDTH
 * SPACE, U+00AD SOFT HYPHEN, U+2060 WORD JOINER, U+FEFF, the joiners and
 * the bidirectional marks) are left out as well, since a reader sees
 * nothing of them: a feed that writes one where another does not (a CMS
 * that breaks long words, a copy from a page) gives one claim. Both are
 * valid UTF-8 (text_value checked them).
 */
static bool review_key(const char *text, const char *claimant, bool drop_ignorable, char *out)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    ct_buf b = CT_BUF_INIT;
    char *nfc_text = key_form(text, drop_ignorable);
    char *nfc_claimant = key_form(claimant, drop_ignorable);

    if (nfc_text && nfc_claimant)
        ct_buf_appendf(&b, "%s\n%s", nfc_text, nfc_claimant);
    char *data = ct_buf_take(&b);
    bool ok = nfc_text && nfc_claimant && data && EVP_Digest(data, strlen(data), digest, &digest_len, EVP_sha256(), NULL) == 1 &&
              digest_len == 32;
    for (unsigned int i = 0; ok && i < digest_len; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    free(data);
    free(nfc_text);
    free(nfc_claimant);
    return ok;
}

/* The identity of a url canonical_url cannot make one of: as written,
   its percent-encoding normalised when that still fits (as sql/023 left
   those stored before). Malloc'd; NULL when out of memory. */
static char *identity_as_written(const char *url)
{
    char *normal = percent_normalised(url);

    if (normal && strlen(normal) > CT_URL_MAX) {
        free(normal);
        return strdup(url);
    }
    return normal;
}

static ct_rc read_identity(review_item *it, ct_error *err)
{
    char *canonical = canonical_url(it->url, false);
    char *former = canonical ? canonical_url(it->url, true) : NULL;

    if (canonical && former == NULL)        /* then as written, as the import kept it */
        former = identity_as_written(it->url);

    it->canonical_url = keep(it, canonical ? canonical : identity_as_written(it->url));
    if (former && it->canonical_url && strcmp(former, it->canonical_url) != 0)
        it->former_url = keep(it, former);
    else
        free(former);
    if (it->canonical_url == NULL ||
        !review_key(it->claim.text, it->claim.claimant_name, true, it->review_key) ||
        !review_key(it->claim.text, it->claim.claimant_name, false, it->former_key))
        return no_memory(err);
    if (strcmp(it->former_key, it->review_key) == 0)
        it->former_key[0] = '\0';
    return CT_OK;
}

/* ---- who: the reviewer and the claimant ------------------------------------------ */

typedef struct party {
    const char *name;
    const char *role;
    bool        organization;
} party;

/* A name after the host of node's url, sameAs or @id: "politifact.com". */
static ct_rc name_by_host(review_item *it, json_object *node, const char **name, ct_error *err)
{
    const char *link = link_of(ct_jsonld_get(node, "url"), 0);
    size_t chars = 0;

    if (link == NULL)
        link = link_of(ct_jsonld_get(node, "sameAs"), 0);
    if (link == NULL)
        link = link_of(ct_jsonld_get(node, "@id"), 0);
    char *host = link ? host_of(link) : NULL;
    if (host == NULL || !ct_utf8_valid(host, strlen(host), &chars) || chars == 0 ||
        chars > CT_NAME_MAX) {
        free(host);
        return CT_OK;
    }
    *name = keep(it, host);
    return *name ? CT_OK : no_memory(err);
}

/* node, at path, as a Person or Organization (also a plain name): its
   name, jobTitle and kind. Without a name it is named after its web site
   when by_host or when it is an organisation. */
static ct_rc read_party_node(review_item *it, json_object *node, const char *path, bool by_host,
                             party *out, ct_error *err)
{
    char title_path[112];
    ct_rc rc;

    memset(out, 0, sizeof *out);
    if (node == NULL || !json_object_is_type(node, json_type_object))
        return text_value(it, node, path, false, CT_NAME_MAX, &out->name, err);
    out->organization = ct_jsonld_is_organization(node);
    rc = read_text(it, node, path, "name", false, CT_NAME_MAX, &out->name, err);
    if (rc == CT_OK && out->name == NULL)
        rc = read_text(it, node, path, "alternateName", false, CT_NAME_MAX, &out->name, err);
    json_object *title = ct_jsonld_first(node, "jobTitle");
    if (rc == CT_OK && json_object_is_type(title, json_type_object))   /* a DefinedTerm */
        title = ct_jsonld_first(title, "name");
    ct_json_path(title_path, sizeof title_path, path, "jobTitle");
    if (rc == CT_OK)
        rc = text_value(it, title, title_path, false, CT_NAME_MAX, &out->role, err);
    if (rc == CT_OK && out->name == NULL && (by_host || out->organization))
        rc = name_by_host(it, node, &out->name, err);
    return rc;
}

/* holder[key] (its first value, a reference resolved) as read_party_node
   reads it. */
static ct_rc read_party(const reader *r, review_item *it, json_object *holder, const char *prefix,
                        const char *key, bool by_host, party *out, ct_error *err)
{
    char path[96];
    ct_json_path(path, sizeof path, prefix, key);
    return read_party_node(it, node_of(r, ct_jsonld_first(holder, key)), path,
                           by_host, out, err);
}

/* The i-th of the review's authors (one value or a list), a reference
   resolved; NULL past the last. */
static json_object *author_at(const reader *r, json_object *authors, size_t i)
{
    json_object *value = json_object_is_type(authors, json_type_array)
                         ? json_object_array_get_idx(authors, i) : i == 0 ? authors : NULL;
    return value ? node_of(r, ct_jsonld_value(value)) : NULL;
}

/* Who stands behind the verdict when the authors are people. schema.org's
   author of a ClaimReview is, by Google's guidelines, the organisation
   that publishes the fact check, not the person who wrote it; feeds made
   by a CMS write the writer there and the organisation as publisher.
   Returns the first Organization among the authors; else, when every
   author is a Person, the publisher when it is an Organization; else
   NULL (the first author is the reviewer, as written). */
static json_object *reviewing_organisation(const reader *r, json_object *review,
                                           json_object *publisher)
{
    json_object *authors = ct_jsonld_get(review, "author"), *author;
    bool people = author_at(r, authors, 0) != NULL;

    for (size_t i = 0; (author = author_at(r, authors, i)) != NULL; i++) {
        if (ct_jsonld_is_organization(author))
            return author;
        people = people && ct_jsonld_is_a(author, "Person");
    }
    return people && ct_jsonld_is_organization(publisher) ? publisher : NULL;
}

/* The reviewing organisation (reviewing_organisation): else the first
   author, else the publisher, else the site the review is published on. */
static ct_rc read_reviewer(const reader *r, review_item *it, ct_error *err)
{
    json_object *review = r->found->review;
    json_object *publisher = node_of(r, ct_jsonld_first(review, "publisher"));
    json_object *organisation = reviewing_organisation(r, review, publisher);
    party by;
    char path[96];
    ct_rc rc;

    ct_json_path(path, sizeof path, r->path,
                 organisation != NULL && organisation == publisher ? "publisher" : "author");
    rc = organisation ? read_party_node(it, organisation, path, true, &by, err)
                      : read_party(r, it, review, r->path, "author", true, &by, err);
    if (rc == CT_OK && by.name == NULL)
        rc = read_party(r, it, review, r->path, "publisher", true, &by, err);
    if (rc == CT_OK && by.name == NULL)
        by.name = keep(it, host_of(it->url));
    if (rc == CT_OK && by.name == NULL)
        rc = ct_fail(err, CT_EINVALID, "missing_field", ct_json_path(path, sizeof path, r->path, "author"),
                     "%s (the reviewing organisation) is required", path);
    it->response.by_name = by.name;
    return rc;
}

/* The claimant: the Claim's author, a Person or an Organization. */
static ct_rc read_claimant(const reader *r, review_item *it, json_object *claim,
                           const char *claim_path, ct_error *err)
{
    party who;
    ct_rc rc = read_party(r, it, claim, claim_path, "author", false, &who, err);

    it->claim.claimant_name = who.name ? who.name : UNKNOWN_CLAIMANT;
    it->claim.claimant_role = who.role;
    it->claim.claimant_type = who.organization ? "organization" : "person";
    return rc;
}

/* ---- when ------------------------------------------------------------------------- */

/* "+0500" (a numeric offset without its colon) ends s[0..len). */
static bool bare_offset(const char *s, size_t len)
{
    if (len < 16 || (s[len - 5] != '+' && s[len - 5] != '-'))
        return false;
    for (size_t i = len - 4; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* How many characters of the date-time s (RFC 3339 up to its seconds) are
   a fraction of a second, the '.' included; 0 without one. */
static size_t fraction_length(const char *s, size_t len)
{
    size_t at = 19, digits = 0;

    if (len <= at || s[at] != '.')
        return 0;
    while (at + 1 + digits < len && isdigit((unsigned char)s[at + 1 + digits]))
        digits++;
    return digits ? digits + 1 : 0;
}

static bool normalise_date(const char *s, char *out, size_t size);

/* The trimmed date out[0..10) followed by an offset: out cut to its date
   when the offset is one normalise_date takes on a date-time. */
static bool a_day_with_an_offset(char *out, size_t size)
{
    char at_midnight[64], checked[64];

    if (snprintf(at_midnight, sizeof at_midnight, "%.10sT00:00:00%s", out, out + 10) >=
            (int)sizeof at_midnight ||
        !normalise_date(at_midnight, checked, sizeof checked) || size <= 10)
        return false;
    out[10] = '\0';
    return ct_datetime_valid(out);
}

/* s (trimmed) as a date or date-time that ct_instant reads (sql/021) into
   out: an RFC 3339 one, with an offset written "+0600" or "+06" given
   its colon and minutes, and a fraction of more than six digits cut to
   microseconds (PostgreSQL's precision: the second, and so the day, stay
   the same); or a date-time with no offset at all, kept without one: it
   is the newsroom's wall-clock time, as a date alone is its midnight. A
   date alone with an offset (XML Schema's xsd:date, "2025-05-30Z",
   "2025-05-30+05:00", "+0500", "+05") is that day, the offset checked and
   dropped: the day as the fact-checker wrote it is what a notice shows,
   never the day its midnight falls on somewhere else. */
static bool normalise_date(const char *s, char *out, size_t size)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len + 4 >= size)
        return false;
    memcpy(out, s, len);
    out[len] = '\0';
    if (ct_datetime_valid(out))
        return true;
    if (len <= 10)
        return false;
    if (strchr("Zz+-", out[10]) != NULL)
        return a_day_with_an_offset(out, size);
    size_t fraction = fraction_length(out, len);
    if (fraction > 7) {
        memmove(out + 19 + 7, out + 19 + fraction, len - 19 - fraction + 1);
        len -= fraction - 7;
    }
    if (ct_datetime_valid(out))
        return true;
    if (bare_offset(out, len)) {                       /* +0600 */
        memmove(out + len - 1, out + len - 2, 3);
        out[len - 2] = ':';
    } else if (len >= 19 && (out[len - 3] == '+' || out[len - 3] == '-') &&
               isdigit((unsigned char)out[len - 2]) && isdigit((unsigned char)out[len - 1])) {
        memcpy(out + len, ":00", 4);                   /* +06 */
    } else {
        return ct_wall_datetime_valid(out);            /* no offset: the newsroom's */
    }
    return ct_datetime_valid(out);
}

/* s (trimmed) is a year or a month alone, ISO 8601's reduced precision
   ("2019", "2019-05"): a real period, but no day to date a claim by. */
static bool a_year_or_month(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t digits = strspn(s, "0123456789"), len = digits;

    if (digits == 4 && s[4] == '-' && strspn(s + 5, "0123456789") == 2 &&
        ((s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2')))
        len = 7;
    while (isspace((unsigned char)s[len]))
        len++;
    return digits == 4 && s[len] == '\0';
}

/*
 * obj[key] as a date (normalise_date) into *out, NULL when absent. A year
 * or a month alone (a_year_or_month) is no day: *out stays NULL, as if
 * absent, so the claim or review is undated (NULL, never filled from the
 * other's date: sql/025_unknown_dates.sql). A date
 * that is no date, or one in the future (ct_datetime_after_tomorrow: a
 * review cannot be published, nor a claim said, after today), is invalid_date.
 */
static ct_rc read_date(review_item *it, json_object *obj, const char *prefix, const char *key,
                       const char **out, ct_error *err)
{
    char path[96], date[48];
    json_object *value = ct_jsonld_first(obj, key);
    bool text = json_object_is_type(value, json_type_string);

    *out = NULL;
    if (value == NULL || (text && a_year_or_month(json_object_get_string(value))))
        return CT_OK;
    ct_json_path(path, sizeof path, prefix, key);
    if (!text || !normalise_date(json_object_get_string(value), date, sizeof date))
        return ct_fail(err, CT_EINVALID, "invalid_date", path,
                       "%s must be a real date, as 2025-12-22 or 2025-12-22T10:30:00+05:00", path);
    if (ct_datetime_after_tomorrow(date, time(NULL)))
        return ct_fail(err, CT_EINVALID, "invalid_date", path,
                       "%s is in the future (%s): a review is published, and a claim said, "
                       "by today", path, date);
    *out = keep(it, strdup(date));
    return *out ? CT_OK : no_memory(err);
}

/* When the review was published: its datePublished, else its own
   dateModified (by when it was out at the latest), else its DataFeedItem's
   dateCreated or dateModified, else NULL: unknown. The claim's date is
   never the review's (sql/025_unknown_dates.sql): a notice would say the
   fact-checker answered on the day the claim was made. */
static ct_rc read_review_date(const reader *r, review_item *it, ct_error *err)
{
    static const char *const feed_dates[] = {"dateCreated", "dateModified", NULL};
    ct_error ignored;
    ct_rc rc = read_date(it, r->found->review, r->path, "datePublished",
                         &it->response.issued_at, err);

    /* An unusable dateModified, or date of the feed entry, is passed over,
       not an error. */
    read_date(it, r->found->review, r->path, "dateModified", &it->modified_at, &ignored);
    if (rc == CT_OK && it->response.issued_at == NULL)
        it->response.issued_at = it->modified_at;
    for (const char *const *key = feed_dates; rc == CT_OK && !it->response.issued_at && *key; key++)
        read_date(it, r->found->feed_item, "", *key, &it->response.issued_at, &ignored);
    return rc;
}

/* ---- the verdict ----------------------------------------------------------------- */

typedef struct rating_scale {
    char value[24];
    char best[24];
    bool usable;       /* value, best and worst are numbers, worst < best, value within */
} rating_scale;

/* "2", "-1", "4.5" with optional sign and fraction; locale-independent. */
static bool parse_decimal(const char *s, double *out)
{
    double value = 0, scale = 1;
    bool negative = *s == '-', digits = false, fraction = false;

    if (*s == '-' || *s == '+')
        s++;
    for (; *s; s++) {
        if (*s == '.' && !fraction) {
            fraction = true;
        } else if (isdigit((unsigned char)*s)) {
            digits = true;
            if (fraction)
                value += (*s - '0') * (scale /= 10);
            else
                value = value * 10 + (*s - '0');
        } else {
            return false;
        }
    }
    *out = negative ? -value : value;
    return digits;
}

/* rating[key] as a number (a JSON number or numeric text), its text as
   written into text. */
static bool rating_number(json_object *rating, const char *key, char *text, size_t size,
                          double *number)
{
    json_object *value = ct_jsonld_first(rating, key);
    bool numeric = json_object_is_type(value, json_type_int) ||
                   json_object_is_type(value, json_type_double);

    if (!numeric && !json_object_is_type(value, json_type_string))
        return false;
    const char *s = json_object_get_string(value);
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len >= size)
        return false;
    memcpy(text, s, len);
    text[len] = '\0';
    if (numeric)
        *number = json_object_get_double(value);
    return numeric ? isfinite(*number) : parse_decimal(text, number);
}

/* rating[key] as rating_number reads it, or, when the Rating does not
   give it, schema.org's default for it (fallback, as text and number). */
static bool rating_bound(json_object *rating, const char *key, const char *fallback, char *text,
                         size_t size, double *number)
{
    if (ct_jsonld_first(rating, key) != NULL)
        return rating_number(rating, key, text, size, number);
    snprintf(text, size, "%s", fallback);
    return parse_decimal(text, number);
}

/* The Rating's numbers: ratingValue on its scale from worstRating to
   bestRating, which schema.org says are 1 and 5 when the Rating omits
   them (https://schema.org/worstRating, https://schema.org/bestRating).
   The default best belongs to the default scale: a Rating that gives its
   worst alone ("-1", "6") describes no scale that 5 would end, and shows
   its words alone. So does a scale whose best is below its worst (1 best,
   5 worst): "(5/1)", the summary's "value/best", would read as five out
   of one. */
static void read_scale(json_object *rating, rating_scale *out)
{
    char worst_text[24];
    double value = 0, best = 0, worst = 0;
    bool best_known = ct_jsonld_first(rating, "bestRating") != NULL ||
                      ct_jsonld_first(rating, "worstRating") == NULL;

    out->usable = best_known &&
                  rating_number(rating, "ratingValue", out->value, sizeof out->value, &value) &&
                  rating_bound(rating, "bestRating", "5", out->best, sizeof out->best, &best) &&
                  rating_bound(rating, "worstRating", "1", worst_text, sizeof worst_text, &worst) &&
                  worst < best && value >= worst && value <= best;
}

/* "<by>: <words> (<value>/<best>). <headline>", each part only when known. */
static ct_rc write_summary(review_item *it, const char *words, const rating_scale *scale,
                           const char *headline, ct_error *err)
{
    ct_buf b = CT_BUF_INIT;

    ct_buf_append(&b, it->response.by_name);
    if (words || scale->usable)
        ct_buf_append(&b, ": ");
    if (words)
        ct_buf_append(&b, words);
    if (scale->usable)
        ct_buf_appendf(&b, words ? " (%s/%s)" : "%s/%s", scale->value, scale->best);
    if (headline)
        ct_buf_appendf(&b, ". %s", headline);
    it->response.summary = keep(it, ct_buf_take(&b));
    return it->response.summary ? CT_OK : no_memory(err);
}

/* reviewRating (a Rating, or the verdict as text) and the headline, into
   the claim's rating and the rebuttal's summary. */
static ct_rc read_rating(const reader *r, review_item *it, ct_error *err)
{
    json_object *review = r->found->review;
    json_object *rating = node_of(r, ct_jsonld_first(review, "reviewRating"));
    rating_scale scale = {"", "", false};
    const char *headline = NULL;
    char path[96];
    ct_rc rc = CT_OK;

    ct_json_path(path, sizeof path, r->path, "reviewRating");
    if (json_object_is_type(rating, json_type_string))
        rc = text_value(it, rating, path, false, CT_RATING_MAX, &it->rating, err);
    if (json_object_is_type(rating, json_type_object)) {
        rc = read_text(it, rating, path, "alternateName", false, CT_RATING_MAX, &it->rating, err);
        if (rc == CT_OK && it->rating == NULL)
            rc = read_text(it, rating, path, "name", false, CT_RATING_MAX, &it->rating, err);
        read_scale(rating, &scale);
    }
    if (rc == CT_OK)
        rc = read_text(it, review, r->path, "name", false, SIZE_MAX, &headline, err);
    if (rc == CT_OK && headline == NULL)
        rc = read_text(it, review, r->path, "headline", false, SIZE_MAX, &headline, err);
    if (rc == CT_OK && headline && (headline = shortened(it, headline, HEADLINE_MAX)) == NULL)
        rc = no_memory(err);
    if (rc == CT_OK)
        rc = write_summary(it, it->rating, &scale, headline, err);
    return rc;
}

/* ---- what: the claim ---------------------------------------------------------------- */

/* The reviewed Claim: itemReviewed, or the Claim the review hangs off. */
static json_object *claim_node(const reader *r)
{
    json_object *item = node_of(r, ct_jsonld_first(r->found->review, "itemReviewed"));
    return json_object_is_type(item, json_type_object) ? item : r->found->claim;
}

/* claimReviewed, else the Claim's own text or name. */
static ct_rc read_claim_text(const reader *r, review_item *it, json_object *claim,
                             const char *claim_path, ct_error *err)
{
    char path[96];
    ct_rc rc = read_text(it, r->found->review, r->path, "claimReviewed", false,
                         CT_CLAIM_TEXT_MAX, &it->claim.text, err);

    if (rc == CT_OK && it->claim.text == NULL)
        rc = read_text(it, claim, claim_path, "text", false, CT_CLAIM_TEXT_MAX, &it->claim.text, err);
    if (rc == CT_OK && it->claim.text == NULL)
        rc = read_text(it, claim, claim_path, "name", false, CT_CLAIM_TEXT_MAX, &it->claim.text, err);
    ct_json_path(path, sizeof path, r->path, "claimReviewed");
    if (rc == CT_OK && it->claim.text == NULL && ct_jsonld_first(r->found->review, "claimReviewed"))
        rc = ct_fail(err, CT_EINVALID, "empty", path, "%s must not be empty", path);
    if (rc == CT_OK && it->claim.text == NULL)
        rc = ct_fail(err, CT_EINVALID, "missing_field", path, "%s is required", path);
    return rc;
}

/* The languages a name may be written in besides English and the
   language itself: those the desk's readers read (render/i18n.h). */
static const char *const name_languages[] = {"ru", "kk", NULL};

/* s as a language tag ("ru", "en-GB", "EN", "en_GB"), canonical ("rus"
   is "ru", "iw" is "he"), or as a language's name ("Russian", "русский",
   "орыс тілі"), both by base/langname.h; NULL when it is neither. */
static const char *tag_of(review_item *it, const char *s)
{
    char tag[36], canonical[36];

    if (s == NULL || strlen(s) >= sizeof tag)
        return ct_language_from_name(s, name_languages, tag, sizeof tag)
               ? keep(it, strdup(tag)) : NULL;
    snprintf(tag, sizeof tag, "%s", s);
    for (size_t i = 0; tag[i] && tag[i] != '-' && tag[i] != '_'; i++)
        tag[i] = (char)tolower((unsigned char)tag[i]);
    for (char *p = strchr(tag, '_'); p; p = strchr(p, '_'))
        *p = '-';
    if (ct_language_valid(tag) && ct_language_tag_canonical(tag, canonical, sizeof canonical)
        && ct_language_valid(canonical))
        return keep(it, strdup(canonical));
    if (ct_language_valid(tag) || ct_language_from_name(s, name_languages, tag, sizeof tag))
        return keep(it, strdup(tag));
    return NULL;
}

/* inLanguage as a tag or a name, or a Language (written there or named by
   reference) by its alternateName (the tag, as Google's examples write
   it), else its name; NULL when absent or none of these. */
static const char *language_of(const reader *r, review_item *it, json_object *node)
{
    json_object *value = node_of(r, ct_jsonld_first(node, "inLanguage"));
    const char *tag = NULL;

    if (!json_object_is_type(value, json_type_object))
        return json_object_is_type(value, json_type_string)
               ? tag_of(it, json_object_get_string(value)) : NULL;
    for (const char *const *key = (const char *const[]){"alternateName", "name", NULL};
         tag == NULL && *key; key++) {
        json_object *part = ct_jsonld_first(value, *key);
        if (json_object_is_type(part, json_type_string))
            tag = tag_of(it, json_object_get_string(part));
    }
    return tag;
}

/* The first http(s) url among the works of claim[key] (one or a list),
   each a url or a CreativeWork, a reference to one resolved: its url, else
   its @id. A reference's own @id named the fact-checker's page
   ("https://fc.org/check-1/#appearance") where the node it refers to gives
   where the claim was said. */
static const char *appearance_of(const reader *r, json_object *claim, const char *key)
{
    json_object *works = ct_jsonld_get(claim, key);
    size_t n = json_object_is_type(works, json_type_array) ? json_object_array_length(works) : 1;
    const char *link = NULL;

    for (size_t i = 0; link == NULL && works && i < n; i++) {
        json_object *work = json_object_is_type(works, json_type_array)
                            ? json_object_array_get_idx(works, i) : works;
        link = link_of(node_of(r, work), 0);
    }
    return link;
}

/* The page the review is the main entity of, as the review names it
   (mainEntityOfPage: the page written out, or a reference to it by @id,
   resolved: {"@id": ".../#webpage"} beside a WebPage of that @id in an
   @graph, as WordPress's SEO plugins write it), else the page that names
   the review as its mainEntity. NULL when neither. */
static json_object *page_of(const reader *r)
{
    json_object *named = node_of(r, ct_jsonld_first(r->found->review, "mainEntityOfPage"));
    return json_object_is_type(named, json_type_object) ? named : r->found->page;
}

/* Where the claim was made (firstAppearance, else the first usable
   appearance) and its language (of the review, the claim, or the page the
   review is the main entity of). */
static void read_claim_details(const reader *r, review_item *it, json_object *claim)
{
    json_object *page = page_of(r);

    it->claim.source_url = appearance_of(r, claim, "firstAppearance");
    if (it->claim.source_url == NULL)
        it->claim.source_url = appearance_of(r, claim, "appearance");
    it->claim.language = language_of(r, it, r->found->review);
    if (it->claim.language == NULL)
        it->claim.language = language_of(r, it, claim);
    if (it->claim.language == NULL)
        it->claim.language = language_of(r, it, page);
    if (it->claim.language == NULL && page != r->found->page)
        it->claim.language = language_of(r, it, r->found->page);
    /* Still NULL: the configured default, filled in when written. */
}

/* ---- the review's url and the whole item ---------------------------------------------- */

/* url; when absent mainEntityOfPage (a reference to a page resolved:
   its url, else its @id), the page whose mainEntity it is, or the
   review's own @id. A url given but unusable is an error. */
static ct_rc read_url(const reader *r, review_item *it, ct_error *err)
{
    json_object *review = r->found->review, *given = ct_jsonld_first(review, "url");
    char path[96];

    ct_json_path(path, sizeof path, r->path, "url");
    it->url = link_of(given, 0);
    if (given && it->url == NULL)
        return ct_fail(err, CT_EINVALID, "invalid_url", path,
                       "%s must be an absolute http or https URL", path);
    if (it->url == NULL)      /* a reference resolved first: its @id names no page */
        it->url = link_of(node_of(r, ct_jsonld_first(review, "mainEntityOfPage")), 0);
    if (it->url == NULL)
        it->url = link_of(ct_jsonld_get(review, "mainEntityOfPage"), 0);
    if (it->url == NULL)
        it->url = link_of(r->found->page, 0);
    if (it->url == NULL)
        it->url = link_of(ct_jsonld_get(review, "@id"), 0);
    if (it->url == NULL)
        return ct_fail(err, CT_EINVALID, "missing_field", path, "%s is required", path);
    return CT_OK;
}

static ct_rc read_item(const reader *r, review_item *it, ct_error *err)
{
    json_object *claim = claim_node(r);
    char claim_path[64];
    ct_rc rc = read_url(r, it, err);

    ct_json_path(claim_path, sizeof claim_path, r->path, "itemReviewed");
    if (rc == CT_OK)
        rc = read_claim_text(r, it, claim, claim_path, err);
    if (rc == CT_OK)
        rc = read_claimant(r, it, claim, claim_path, err);
    if (rc == CT_OK)
        rc = read_date(it, claim, claim_path, "datePublished", &it->claim.said_at, err);
    if (rc == CT_OK)
        rc = read_review_date(r, it, err);
    if (rc == CT_OK)
        rc = read_reviewer(r, it, err);
    if (rc == CT_OK)
        rc = read_rating(r, it, err);
    if (rc == CT_OK)
        read_claim_details(r, it, claim);
    if (rc == CT_OK)
        rc = read_identity(it, err);
    it->response.kind = "rebuttal";
    it->response.url = it->url;
    return rc;
}

/* ---- writing one item ------------------------------------------------------------------ */

/* Claim the review's identity; *existing gets the claim of an earlier
   import of it (then nothing is to be written). */
static ct_rc claim_identity(ct_conn *conn, const review_item *it, char **existing, ct_error *err)
{
    const char *params[4] = {it->canonical_url, it->review_key, it->url, it->response.by_name};
    const char *former[4] = {it->canonical_url, it->review_key,
                             it->former_url ? it->former_url : it->canonical_url,
                             it->former_key[0] ? it->former_key : it->review_key};
    ct_rows *rows = NULL;
    ct_rc rc = it->former_url || it->former_key[0]
               ? ct_exec(conn, &stmt_import_adopt, 4, former, NULL, err) : CT_OK;

    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_import_claim_url, 4, params, &rows, err);

    *existing = NULL;
    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_exec_text(conn, &stmt_import_existing, 2, params, "import", existing, err);
    ct_rows_free(rows);
    return rc;
}

/* The claim (with the review's verdict as its rating), the rebuttal, and
   the link from the identity row to the claim. */
static ct_rc record(ct_conn *conn, const review_item *it, const ct_actor *actor,
                    char **claim_id, ct_error *err)
{
    ct_rc rc = ct_claim_create(conn, &it->claim, actor, claim_id, err);

    if (rc == CT_OK) {                /* where the claim came from, on its timeline */
        json_object *from = ct_jnew_object();
        ct_jset(from, "review_url", ct_jnew_string(it->url));
        ct_jset(from, "canonical_url", ct_jnew_string(it->canonical_url));
        ct_jset(from, "reviewer", ct_jnew_string(it->response.by_name));
        rc = from ? ct_timeline_append(conn, *claim_id, "claim_imported", NULL, actor, from, err)
                  : no_memory(err);
        json_object_put(from);
    }
    if (rc == CT_OK && it->rating) {
        ct_review_input verdict = {1, "disputed", it->rating, NULL, false, false, true};
        rc = ct_review_apply(conn, *claim_id, &verdict, actor, err);
    }
    if (rc == CT_OK)
        rc = ct_response_add(conn, *claim_id, &it->response, actor, err);
    if (rc == CT_OK) {
        const char *params[3] = {it->canonical_url, it->review_key, *claim_id};
        rc = ct_exec(conn, &stmt_import_link, 3, params, NULL, err);
    }
    return rc;
}

/* What writing an item came to. */
typedef enum item_outcome {
    ITEM_IMPORTED,       /* a new claim                                       */
    ITEM_EXISTING,       /* imported before, and saying nothing new            */
    ITEM_CHANGED         /* imported before, the reviewer's verdict since changed */
} item_outcome;

/* now, world time, as RFC 3339 with microseconds into stamp (at least
   28 bytes): a revision dated now orders after a response the desk
   recorded earlier in the same second. */
static const char *utc_now(char *stamp, size_t size)
{
    struct timespec now;
    struct tm utc;
    char seconds[24];

    if (clock_gettime(CLOCK_REALTIME, &now) != 0 || gmtime_r(&now.tv_sec, &utc) == NULL ||
        strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc) == 0)
        return NULL;
    int n = snprintf(stamp, size, "%s.%06ldZ", seconds, now.tv_nsec / 1000);
    return n > 0 && (size_t)n < size ? stamp : NULL;
}

/*
 * A review imported before that comes again with another summary than
 * the reviewer's last response on the claim (its verdict, scale or
 * headline changed): readers must see what the fact-checker says now, not
 * what they withdrew. The new summary is linked as a rebuttal of its own,
 * dated by the review's dateModified, or the reviewer's last response's
 * date when that is later (else now, when the desk learnt of it), so the
 * timeline keeps both; and where the claim's rating is still
 * the import's words, it becomes the new words, status and publication as
 * they are; the claim goes back to the review queue (review_requested_at)
 * for the moderators to judge again. A copy of an older version (a stale
 * feed), which repeats a summary the reviewer already gave there, changes
 * nothing, unless its dateModified is later than their last response.
 * *changed tells. The claim is locked before its responses are read, so
 * that two imports of one revision at once (a feed and a page, two
 * workers) link it once: the second reads the first's response once the
 * first commits (READ COMMITTED: each statement sees what committed
 * before it began) and finds the revision existing.
 */
static ct_rc record_change(ct_conn *conn, const review_item *it, const ct_actor *actor,
                           const char *claim_id, bool *changed, ct_error *err)
{
    const char *params[4] = {claim_id, it->response.by_name, it->response.summary,
                             it->modified_at};
    ct_response_input revision = it->response;
    ct_review_input verdict = {0, NULL, it->rating, NULL, false, false, true};
    char stamp[32];
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &ct_stmt_claim_lock, 1, &claim_id, NULL, err);

    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_import_changed, 4, params, &rows, err);
    *changed = rc == CT_OK && ct_rows_count(rows) == 1 && ct_rows_get(rows, 0, 0) != NULL &&
               strcmp(ct_rows_get(rows, 0, 0), "t") == 0;
    if (!*changed)
        goto out;
    revision.issued_at = it->modified_at ? ct_rows_get(rows, 0, 4) : utc_now(stamp, sizeof stamp);
    rc = ct_response_add(conn, claim_id, &revision, actor, err);
    if (rc == CT_OK && it->rating && ct_rows_get(rows, 0, 3) &&
        strcmp(ct_rows_get(rows, 0, 3), it->rating) != 0) {
        verdict.expected_version = strtoll(ct_rows_get(rows, 0, 1), NULL, 10) + 1;  /* the link's */
        verdict.status = ct_rows_get(rows, 0, 2);
        rc = ct_review_apply(conn, claim_id, &verdict, actor, err);
    }
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_import_request_review, 1, &claim_id, NULL, err);
out:
    ct_rows_free(rows);
    return rc;
}

/* Failures that end the whole request rather than the item. */
static bool fatal(ct_rc rc)
{
    return rc == CT_EUNAVAILABLE || rc == CT_ENOMEM;
}

/*
 * Write one item inside a savepoint. *claim_id gets its claim and
 * *outcome tells whether an earlier import made it, and whether the
 * review changed since. A refusal of the database rolls the item back and
 * lands in *refused (rc stays CT_OK); a lost connection, a timeout or no
 * memory fails with rc.
 */
static ct_rc write_item(ct_conn *conn, const review_item *it, const ct_actor *actor,
                        char **claim_id, item_outcome *outcome, ct_error *refused, ct_error *err)
{
    ct_rc rc = ct_exec(conn, &ct_stmt_savepoint, 0, NULL, NULL, err);
    bool changed = false;

    if (rc != CT_OK)
        return rc;
    rc = claim_identity(conn, it, claim_id, err);
    *outcome = rc == CT_OK && *claim_id != NULL ? ITEM_EXISTING : ITEM_IMPORTED;
    if (rc == CT_OK && *outcome == ITEM_IMPORTED)
        rc = record(conn, it, actor, claim_id, err);
    else if (rc == CT_OK)
        rc = record_change(conn, it, actor, *claim_id, &changed, err);
    if (changed)
        *outcome = ITEM_CHANGED;
    if (rc == CT_OK)
        return ct_exec(conn, &ct_stmt_savepoint_release, 0, NULL, NULL, err);
    if (fatal(rc))
        return rc;
    *refused = *err;
    ct_error_clear(err);
    free(*claim_id);
    *claim_id = NULL;
    rc = ct_exec(conn, &ct_stmt_savepoint_rollback, 0, NULL, NULL, err);
    if (rc == CT_OK)
        rc = ct_exec(conn, &ct_stmt_savepoint_release, 0, NULL, NULL, err);
    return rc;
}

/* ---- the report ------------------------------------------------------------------------ */

typedef struct report {
    json_object *root;
    json_object *items;
    json_object *imported;
    json_object *existing;
    json_object *changed;
    json_object *skipped;
} report;

static json_object *new_list(json_object *root, const char *key)
{
    json_object *list = ct_jnew_array();
    if (list && ct_jset(root, key, list) != 0)
        return NULL;                     /* the door frees it (jsonout.h) */
    return list;
}

static bool report_open(report *rep)
{
    rep->root = ct_jnew_object();
    if (rep->root == NULL)
        return false;
    rep->items = new_list(rep->root, "items");
    rep->imported = new_list(rep->root, "imported");
    rep->existing = new_list(rep->root, "existing");
    rep->changed = new_list(rep->root, "changed");
    rep->skipped = new_list(rep->root, "skipped");
    return rep->items && rep->imported && rep->existing && rep->changed && rep->skipped;
}

/* An imported, existing or changed item: in "items" and in its own list. */
static void report_claim(report *rep, const char *path, item_outcome outcome, const char *url,
                         const char *claim_id)
{
    static const char *const status[] = {"imported", "existing", "changed"};
    json_object *const list[] = {rep->imported, rep->existing, rep->changed};
    json_object *entry = ct_jnew_object(), *brief = ct_jnew_object();
    int64_t id = strtoll(claim_id, NULL, 10);

    ct_jset(entry, "path", ct_jnew_string(path));
    ct_jset(entry, "status", ct_jnew_string(status[outcome]));
    ct_jset(entry, "url", ct_jnew_string(url));
    ct_jset(entry, "claim_id", ct_jnew_int64(id));
    ct_jpush(rep->items, entry);
    ct_jset(brief, "url", ct_jnew_string(url));
    ct_jset(brief, "claim_id", ct_jnew_int64(id));
    ct_jpush(list[outcome], brief);
}

static json_object *error_object(const ct_error *why)
{
    json_object *error = ct_jnew_object();
    ct_jset(error, "code", ct_jnew_string(why->code));
    ct_jset(error, "message", ct_jnew_string(why->message));
    ct_jset(error, "field", ct_jnew_string(why->field));
    return error;
}

/* A skipped item (duplicate_of: the path of the item it repeats, or NULL). */
static void report_skip(report *rep, const char *path, const char *url, const ct_error *why,
                        const char *duplicate_of)
{
    json_object *entry = ct_jnew_object(), *brief = ct_jnew_object();

    ct_jset(entry, "path", ct_jnew_string(path));
    ct_jset(entry, "status", ct_jnew_string("skipped"));
    ct_jset(brief, "path", ct_jnew_string(path));
    if (url) {
        ct_jset(entry, "url", ct_jnew_string(url));
        ct_jset(brief, "url", ct_jnew_string(url));
    }
    ct_jset(entry, "error", error_object(why));
    ct_jset(brief, "error", error_object(why));
    if (duplicate_of) {
        ct_jset(entry, "duplicate_of", ct_jnew_string(duplicate_of));
        ct_jset(brief, "duplicate_of", ct_jnew_string(duplicate_of));
    }
    ct_jpush(rep->items, entry);
    ct_jpush(rep->skipped, brief);
}

/* Add the counts and serialise; *created when anything was imported. */
static ct_rc report_finish(report *rep, char **out, bool *created, ct_error *err)
{
    json_object *counts = ct_jnew_object();
    size_t imported = json_object_array_length(rep->imported);

    ct_jset(counts, "imported", ct_jnew_int64((int64_t)imported));
    ct_jset(counts, "existing",
                           ct_jnew_int64((int64_t)json_object_array_length(rep->existing)));
    ct_jset(counts, "changed", ct_jnew_int64((int64_t)json_object_array_length(rep->changed)));
    ct_jset(counts, "skipped",
                           ct_jnew_int64((int64_t)json_object_array_length(rep->skipped)));
    ct_jset(rep->root, "counts", counts);
    *created = imported > 0;
    *out = strdup(ct_jdump(rep->root, JSON_C_TO_STRING_PLAIN |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE));
    return *out ? CT_OK : no_memory(err);
}

/* ---- the plan: every item read and checked, before any connection ---------------- */

/* One item of the document: a review to write, or the reason it is skipped. */
typedef struct planned {
    char         path[32];       /* "items.N"                                     */
    bool         skip;
    review_item  item;           /* when !skip                                    */
    ct_error     why;            /* when skip                                     */
    const char  *url;            /* the item's url when skipped, may be NULL      */
    const char  *duplicate_of;   /* the path of the item it repeats, or NULL      */
} planned;

struct ct_import_plan {
    planned     *items;
    size_t       count;
    size_t       capacity;       /* the items ct_jsonld_find counted              */
    json_object *index;          /* @id -> node                                   */
    json_object *entry;          /* the feed entry of the last item read, or NULL */
    json_object *entry_index;    /* @id -> node within it (NULL: no entry)        */
    json_object *seen;           /* identity -> path of its first item            */
    ct_rc        rc;             /* of the visit that stopped the walk            */
    ct_error    *err;
};

/* The path of an earlier item of this document with its identity, or NULL
   (then this one is remembered). */
static const char *first_of(ct_import_plan *plan, const review_item *it, const char *path)
{
    char identity[CT_URL_MAX + sizeof it->review_key + 2];
    json_object *first = NULL;

    snprintf(identity, sizeof identity, "%s\n%s", it->canonical_url, it->review_key);
    if (json_object_object_get_ex(plan->seen, identity, &first))
        return json_object_get_string(first);
    ct_jset(plan->seen, identity, ct_jnew_string(path));
    return NULL;
}

static void plan_skip(planned *p, const char *url, const char *duplicate_of)
{
    p->skip = true;
    p->url = url;
    p->duplicate_of = duplicate_of;
}

/* The index of the feed entry found is in (NULL: none), made once for
   the entry's items, which come one after another. False when out of
   memory. */
static bool index_entry(ct_import_plan *plan, const ct_jsonld_found *found)
{
    if (found->entry != plan->entry) {
        json_object_put(plan->entry_index);
        plan->entry = found->entry;
        plan->entry_index = found->entry ? ct_jsonld_index(found->entry) : NULL;
    }
    return found->entry == NULL || plan->entry_index != NULL;
}

/* Read found into the next entry of the plan. */
static ct_rc plan_found(ct_import_plan *plan, const ct_jsonld_found *found)
{
    if (plan->count == plan->capacity)
        return ct_fail(plan->err, CT_EINTERNAL, "internal", NULL,
                       "the document has more items than it counted");
    planned *p = &plan->items[plan->count++];
    reader r = {plan->index, NULL, found, ""};
    const char *gap_key = ct_jsonld_gap_field(found->gap);
    char field[64];
    ct_rc rc;

    snprintf(r.path, sizeof r.path, "items.%zu", found->index);
    snprintf(p->path, sizeof p->path, "%s", r.path);
    ct_error_clear(&p->why);
    if (found->gap != CT_JSONLD_REVIEW) {
        ct_fail(&p->why, CT_EINVALID, ct_jsonld_gap_code(found->gap),
                gap_key[0] ? ct_json_path(field, sizeof field, r.path, gap_key) : r.path,
                "%s %s", r.path, ct_jsonld_gap_message(found->gap));
        plan_skip(p, NULL, NULL);
        return CT_OK;
    }
    if (!index_entry(plan, found))
        return no_memory(plan->err);
    r.entry_index = plan->entry_index;
    rc = read_item(&r, &p->item, &p->why);
    if (rc == CT_ENOMEM)
        return no_memory(plan->err);
    if (rc != CT_OK) {
        plan_skip(p, ct_jsonld_string(found->review, "url"), NULL);
        return CT_OK;
    }
    const char *first = first_of(plan, &p->item, p->path);
    if (first) {
        ct_fail(&p->why, CT_EINVALID, "duplicate", p->path, "%s is the same review as %s",
                p->path, first);
        plan_skip(p, p->item.url, first);
    }
    return CT_OK;
}

static bool plan_visit(const ct_jsonld_found *found, void *data)
{
    ct_import_plan *plan = data;
    plan->rc = plan_found(plan, found);
    return plan->rc == CT_OK;
}

void ct_import_plan_free(ct_import_plan *plan)
{
    if (plan == NULL)
        return;
    for (size_t i = 0; plan->items && i < plan->count; i++)
        item_free(&plan->items[i].item);
    free(plan->items);
    json_object_put(plan->index);
    json_object_put(plan->entry_index);
    json_object_put(plan->seen);
    free(plan);
}

ct_rc ct_import_plan_new(json_object *doc, ct_import_plan **out, ct_error *err)
{
    size_t reviews = 0, items = ct_jsonld_find(doc, NULL, NULL, &reviews);
    ct_import_plan *plan = NULL;
    ct_rc rc = CT_OK;

    *out = NULL;
    if (reviews == 0)
        return ct_fail(err, CT_EINVALID, "invalid_value", "",
                       "the document holds no schema.org ClaimReview: send a ClaimReview, a "
                       "list of them, a page's JSON-LD (@graph, mainEntity) or a DataFeed");
    if (items > CT_IMPORT_MAX)
        return ct_fail(err, CT_EINVALID, "out_of_range", "items",
                       "an import carries at most %d items; this document has %zu",
                       CT_IMPORT_MAX, items);
    plan = calloc(1, sizeof *plan);
    if (plan == NULL)
        return no_memory(err);
    plan->err = err;
    plan->capacity = items;
    plan->items = calloc(items ? items : 1, sizeof *plan->items);
    plan->index = ct_jsonld_index(doc);
    plan->seen = ct_jnew_object();
    if (plan->items == NULL || plan->index == NULL || plan->seen == NULL) {
        rc = no_memory(err);
        goto out;
    }
    ct_jsonld_find(doc, plan_visit, plan, NULL);
    rc = plan->rc;
out:
    if (rc == CT_OK)
        *out = plan;
    else
        ct_import_plan_free(plan);
    return rc;
}

/* ---- the import: the plan written, item by item --------------------------------- */

static ct_rc write_planned(ct_conn *conn, const ct_actor *actor, const char *default_language,
                           const planned *p, report *rep, ct_error *err)
{
    review_item it = p->item;         /* the plan stays as it is, for a retry */
    char *claim_id = NULL;
    item_outcome outcome = ITEM_IMPORTED;
    ct_error why;
    ct_rc rc;

    if (p->skip) {
        report_skip(rep, p->path, p->url, &p->why, p->duplicate_of);
        return CT_OK;
    }
    ct_error_clear(&why);
    if (it.claim.language == NULL)
        it.claim.language = default_language;
    rc = write_item(conn, &it, actor, &claim_id, &outcome, &why, err);
    if (rc == CT_OK && why.rc != CT_OK && why.field[0] == '\0')
        snprintf(why.field, sizeof why.field, "%s", p->path);   /* the database names no field */
    if (rc == CT_OK && why.rc != CT_OK)
        report_skip(rep, p->path, p->item.url, &why, NULL);
    else if (rc == CT_OK)
        report_claim(rep, p->path, outcome, p->item.url, claim_id);
    free(claim_id);
    return rc;
}

ct_rc ct_claimreview_import(ct_conn *conn, const ct_import_plan *plan, const ct_actor *actor,
                            const char *default_language, char **out, bool *created,
                            ct_error *err)
{
    report rep = {NULL, NULL, NULL, NULL, NULL, NULL};
    ct_rc rc = CT_OK;

    *out = NULL;
    *created = false;
    if (!report_open(&rep))
        rc = no_memory(err);
    for (size_t i = 0; rc == CT_OK && i < plan->count; i++)
        rc = write_planned(conn, actor, default_language, &plan->items[i], &rep, err);
    if (rc == CT_OK)
        rc = report_finish(&rep, out, created, err);
    json_object_put(rep.root);
    return rc;
}
