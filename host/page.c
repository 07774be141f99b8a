/*
 * page.c -- the article page as the server sends it: the article's text
 * with the anchored passages highlighted, the plugin's notices beside them
 * (those of claims the article no longer repeats at its foot), the
 * ClaimReview JSON-LD in the head, and the page's chrome in the article's
 * language. A reader without JavaScript, a feed reader or a crawler gets
 * everything; article.js only adds the editors' tools (and redraws the
 * page for them, with the statuses readers do not see).
 *
 * The page is static/article.html with {{placeholders}} filled in. The
 * body follows the same rules as article.js draws it for editors, so that
 * the body's text is the article's text offset for offset (code points):
 * a paragraph holds the code points from its start to the next one's, the
 * blank lines after it hidden in a <span class="para-break">; a passage is
 * a <mark class="ct-highlight"> per paragraph it touches, inside a link to
 * its notice, the first piece carrying id="mention-N". Every string that
 * reaches the page is escaped here or was escaped by the plugin.
 */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>

/* ---- a growing string ------------------------------------------------------------ */

typedef struct text {
    char  *data;
    size_t len, cap;
    bool   failed;
} text;

static void put_len(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->data, cap);
        if (grown == NULL) {
            t->failed = true;
            return;
        }
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void put(text *t, const char *s)
{
    put_len(t, s, strlen(s));
}

/* s[0..n) escaped for HTML text and attribute values. */
static void put_escaped(text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':  put(t, "&amp;"); break;
        case '<':  put(t, "&lt;"); break;
        case '>':  put(t, "&gt;"); break;
        case '"':  put(t, "&quot;"); break;
        case '\'': put(t, "&#39;"); break;
        default:   put_len(t, s + i, 1); break;
        }
    }
}

/* ---- the chrome, in the article's language ----------------------------------------- */

typedef struct chrome {
    const char *lang, *site, *skip, *nav, *articles, *queue, *sign_in, *sign_out,
               *fact_checks, *footer, *none_yet, *at_foot_before, *at_foot_link, *back;
} chrome;

static const chrome chromes[] = {
    {"en", "Qazaq Newsroom", "Skip to content", "Main", "Articles", "Review queue", "Sign in",
     "Sign out", "Fact checks",
     "Reference host of the claimtrack plugin. Articles are demo copies; fact checks are the desk\u2019s own.",
     "No published fact checks for this article yet.",
     "The fact checks of passages no longer in this article are ", "at its end",
     "Back to the passage"},
    {"ru", "Qazaq Newsroom", "Перейти к тексту", "Главное", "Статьи", "Очередь проверки", "Войти",
     "Выйти", "Проверка фактов",
     "Демонстрационный сайт плагина claimtrack. Статьи \u2014 демонстрационные копии; проверки фактов \u2014 собственные материалы редакции.",
     "Опубликованных проверок фактов к этой статье пока нет.",
     "Проверки фактов к фрагментам, которых больше нет в статье, \u2014 ", "в её конце",
     "К фрагменту в тексте"},
    {"kk", "Qazaq Newsroom", "Мәтінге өту", "Негізгі", "Мақалалар", "Тексеру кезегі", "Кіру",
     "Шығу", "Фактілерді тексеру",
     "claimtrack плагинінің демонстрациялық сайты. Мақалалар \u2014 демонстрациялық көшірмелер; фактілерді тексеру \u2014 редакцияның өз материалдары.",
     "Бұл мақалаға жарияланған фактілерді тексеру әзірге жоқ.",
     "Мақалада енді жоқ үзінділерге фактілерді тексеру \u2014 ", "оның соңында",
     "Мәтіндегі үзіндіге"},
};

/* The chrome for an article's language tag, by its primary subtag in any
   case, as the plugin negotiates a reader's language ("ru-RU", "RU" are
   ru; "rue", "kkj" are neither ru nor kk); the first for any other. */
static const chrome *chrome_for(const char *lang)
{
    size_t n = lang ? strcspn(lang, "-") : 0;
    for (size_t i = 0; i < sizeof chromes / sizeof chromes[0]; i++)
        if (n == strlen(chromes[i].lang) && strncasecmp(lang, chromes[i].lang, n) == 0)
            return &chromes[i];
    return &chromes[0];
}

/* ---- the article's code points ------------------------------------------------------ */

/* Byte offset of every code point of s, and of its end: (*count + 1) entries. */
static size_t *code_point_offsets(const char *s, size_t *count)
{
    size_t len = strlen(s), n = 0;
    size_t *at = malloc((len + 1) * sizeof *at);
    if (at == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            at[n++] = i;
    at[n] = len;
    *count = n;
    return at;
}

/* ---- anchors -------------------------------------------------------------------------- */

typedef struct anchor {
    long       start, end;
    long long  claim_id, mention_id;
    char       status[24];      /* how the plugin found it: exact, context, ... */
    bool       first_drawn;     /* its first piece is drawn (carries the id) */
} anchor;

static long long int_of(json_object *obj, const char *key)
{
    return json_object_get_int64(json_object_object_get(obj, key));
}

static bool is_orphaned(json_object *a)
{
    json_object *status = json_object_object_get(a, "status");
    return (status && strcmp(json_object_get_string(status), "orphaned") == 0) ||
           json_object_get_boolean(json_object_object_get(a, "orphaned")) ||
           !json_object_is_type(json_object_object_get(a, "start"), json_type_int) ||
           !json_object_is_type(json_object_object_get(a, "end"), json_type_int);
}

static bool has_notice(const char *html, long long claim_id)
{
    char id[48];
    snprintf(id, sizeof id, "id=\"ct-notice-%lld\"", claim_id);
    return html && strstr(html, id) != NULL;
}

static int by_position(const void *a_, const void *b_)
{
    const anchor *a = a_, *b = b_;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->end > b->end ? -1 : a->end < b->end;
}

/* The passages to draw, in text order: not orphaned, a real range, with a
   published notice beside the text, not overlapping one drawn before. */
static anchor *drawn_anchors(json_object *anchors, const char *column_html, size_t length,
                             size_t *count)
{
    size_t n = json_object_array_length(anchors), kept = 0;
    anchor *list = calloc(n + 1, sizeof *list);
    long at = 0;

    *count = 0;
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(anchors, i);
        anchor x = {int_of(a, "start"), int_of(a, "end"), int_of(a, "claim_id"),
                    int_of(a, "mention_id"), "", false};
        const char *status = json_object_get_string(json_object_object_get(a, "status"));
        snprintf(x.status, sizeof x.status, "%s", status ? status : "");
        if (!is_orphaned(a) && x.start >= 0 && x.start < x.end && (size_t)x.end <= length &&
            has_notice(column_html, x.claim_id))
            list[kept++] = x;
    }
    qsort(list, kept, sizeof *list, by_position);
    for (size_t i = 0; i < kept; i++) {
        if (list[i].start < at)
            continue;
        list[(*count)++] = list[i];
        at = list[i].end;
    }
    return list;
}

/* ---- the body ------------------------------------------------------------------------- */

typedef struct body_ctx {
    text         *out;
    const char   *article;
    const size_t *at;           /* byte offsets of code points */
    anchor       *anchors;
    size_t        nanchors;
} body_ctx;

static void put_code_points(body_ctx *b, long from, long to)
{
    put_escaped(b->out, b->article + b->at[from], b->at[to] - b->at[from]);
}

static void open_mark(body_ctx *b, anchor *a, bool with_id)
{
    char attrs[160];
    snprintf(attrs, sizeof attrs, "<mark class=\"ct-highlight\" data-claim-id=\"%lld\""
             " data-mention-id=\"%lld\" data-status=\"", a->claim_id, a->mention_id);
    put(b->out, attrs);
    put_escaped(b->out, a->status, strlen(a->status));
    put(b->out, "\"");
    if (with_id) {
        snprintf(attrs, sizeof attrs, " id=\"mention-%lld\"", a->mention_id);
        put(b->out, attrs);
    }
    put(b->out, ">");
}

static anchor *anchor_over(body_ctx *b, long from, long to)
{
    for (size_t i = 0; i < b->nanchors; i++)
        if (b->anchors[i].start <= from && b->anchors[i].end >= to)
            return &b->anchors[i];
    return NULL;
}

static int by_value(const void *a_, const void *b_)
{
    long a = *(const long *)a_, b = *(const long *)b_;
    return (a > b) - (a < b);
}

/* One paragraph: [start, next) of the text, its own text shown up to shown. */
static void render_paragraph(body_ctx *b, long start, long shown, long next)
{
    long *cuts = malloc((3 + 2 * b->nanchors) * sizeof *cuts);
    size_t ncuts = 0;
    char open[64];

    if (cuts == NULL) {
        b->out->failed = true;
        return;
    }
    cuts[ncuts++] = start;
    cuts[ncuts++] = shown;
    cuts[ncuts++] = next;
    for (size_t i = 0; i < b->nanchors; i++) {
        if (b->anchors[i].start < next && b->anchors[i].end > start) {
            cuts[ncuts++] = b->anchors[i].start > start ? b->anchors[i].start : start;
            cuts[ncuts++] = b->anchors[i].end < next ? b->anchors[i].end : next;
        }
    }
    qsort(cuts, ncuts, sizeof *cuts, by_value);
    snprintf(open, sizeof open, "<p class=\"para\" data-start=\"%ld\">", start);
    put(b->out, open);

    bool in_hidden = false;
    for (size_t i = 0; i + 1 < ncuts; i++) {
        long from = cuts[i], to = cuts[i + 1];
        if (from >= to)
            continue;
        anchor *a = anchor_over(b, from, to);
        if (from < shown && a) {
            char link[96];
            snprintf(link, sizeof link, "<a class=\"ct-mention\" href=\"#ct-notice-%lld\""
                     " aria-describedby=\"ct-notice-%lld\">", a->claim_id, a->claim_id);
            put(b->out, link);
            open_mark(b, a, !a->first_drawn);
            a->first_drawn = true;
            put_code_points(b, from, to);
            /* The mark that ends the shown text takes the blank lines it covers. */
            size_t j = i + 1;
            while (j + 1 < ncuts && cuts[j] >= cuts[j + 1])
                j++;
            if (to == shown && j + 1 < ncuts && cuts[j] == shown &&
                anchor_over(b, cuts[j], cuts[j + 1]) == a) {
                put(b->out, "<span class=\"para-break\" hidden>");
                put_code_points(b, cuts[j], cuts[j + 1]);
                put(b->out, "</span>");
                i = j;
            }
            put(b->out, "</mark></a>");
        } else if (from < shown) {
            put_code_points(b, from, to);
        } else {
            if (!in_hidden) {
                put(b->out, "<span class=\"para-break\" hidden>");
                in_hidden = true;
            }
            if (a)
                open_mark(b, a, false);
            put_code_points(b, from, to);
            if (a)
                put(b->out, "</mark>");
        }
    }
    if (in_hidden)
        put(b->out, "</span>");
    put(b->out, "</p>");
    free(cuts);
}

static void render_body(text *out, json_object *article, anchor *anchors, size_t nanchors,
                        const size_t *at, size_t length)
{
    json_object *paragraphs = json_object_object_get(article, "paragraphs");
    size_t n = json_object_array_length(paragraphs);
    body_ctx b = {out, json_object_get_string(json_object_object_get(article, "text")), at,
                  anchors, nanchors};

    for (size_t i = 0; i < n; i++) {
        json_object *p = json_object_array_get_idx(paragraphs, i);
        long start = (long)int_of(p, "start");
        long next = i + 1 < n ? (long)int_of(json_object_array_get_idx(paragraphs, i + 1), "start")
                              : (long)length;
        size_t own = 0;
        const char *ptext = json_object_get_string(json_object_object_get(p, "text"));
        for (const char *q = ptext; q && *q; q++)
            own += ((unsigned char)*q & 0xC0) != 0x80;
        long shown = start + (long)own < next ? start + (long)own : next;
        render_paragraph(&b, start, shown, next);
    }
}

/* ---- the notices ---------------------------------------------------------------------- */

/*
 * The plugin's notices are one <aside class="ct-notices" ...> holding a
 * <section class="ct-notice ..."> per claim (every string in them escaped
 * by the plugin, so these tags appear nowhere else). Those of claims the
 * article no longer repeats (the plugin says .ct-notice__orphaned, or
 * every anchor of the claim is orphaned) go to the foot.
 */
typedef struct notices {
    text column, foot;
    size_t in_column, at_foot;
} notices;

static long long section_claim(const char *section, size_t len)
{
    const char *id = strstr(section, "id=\"ct-notice-");
    return id && (size_t)(id - section) < len ? strtoll(id + 14, NULL, 10) : -1;
}

static bool claim_orphaned(json_object *anchors, long long claim_id)
{
    size_t n = json_object_array_length(anchors), mine = 0, gone = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(anchors, i);
        if (int_of(a, "claim_id") != claim_id)
            continue;
        mine++;
        gone += is_orphaned(a);
    }
    return mine > 0 && gone == mine;
}

static void split_notices(const char *html, json_object *anchors, notices *out)
{
    const char *aside_end = html ? strchr(html, '>') : NULL;
    const char *p = aside_end;

    memset(out, 0, sizeof *out);
    static const char aside[] = "<aside class=\"ct-notices\"";
    if (html == NULL || strncmp(html, aside, sizeof aside - 1) != 0 || !aside_end)
        return;
    while ((p = strstr(p, "<section class=\"ct-notice")) != NULL) {
        const char *end = strstr(p, "</section>");
        if (end == NULL)
            break;
        end += strlen("</section>");
        size_t len = (size_t)(end - p);
        long long claim = section_claim(p, len);
        const char *marker = strstr(p, "ct-notice__orphaned");
        bool orphaned = (marker && marker < end) || claim_orphaned(anchors, claim);
        text *to = orphaned ? &out->foot : &out->column;
        put_len(to, p, len);
        put(to, "\n");
        *(orphaned ? &out->at_foot : &out->in_column) += 1;
        p = end;
    }
    /* each list in an aside like the plugin's own (its lang and label) */
    for (int i = 0; i < 2; i++) {
        text *list = i == 0 ? &out->column : &out->foot;
        text wrapped = {0};
        if (list->len == 0)
            continue;
        if (i == 0) {
            put_len(&wrapped, html, (size_t)(aside_end - html) + 1);
        } else {
            put(&wrapped, "<aside class=\"ct-notices ct-notices--foot\"");
            size_t skip = strlen("<aside class=\"ct-notices\"");
            put_len(&wrapped, html + skip, (size_t)(aside_end - html) + 1 - skip);
        }
        put(&wrapped, "\n");
        put_len(&wrapped, list->data, list->len);
        put(&wrapped, "</aside>\n");
        free(list->data);
        *list = wrapped;
    }
}

/* Under a notice: back to its first drawn passage. */
static void add_back_links(text *list, const anchor *anchors, size_t nanchors, const chrome *ch)
{
    text out = {0};
    const char *p = list->data;
    if (p == NULL)
        return;
    for (const char *end; (end = strstr(p, "</section>")) != NULL; p = end + 10) {
        long long claim = -1;
        const char *start = p;
        const char *sec = strstr(p, "<section class=\"ct-notice");
        if (sec && sec < end)
            claim = section_claim(sec, (size_t)(end - sec));
        put_len(&out, start, (size_t)(end - start));
        for (size_t i = 0; i < nanchors; i++) {
            if (anchors[i].claim_id != claim || !anchors[i].first_drawn)
                continue;
            char link[160];
            snprintf(link, sizeof link, "<p class=\"notice-links\" lang=\"%s\">"
                     "<a href=\"#mention-%lld\">", ch->lang, anchors[i].mention_id);
            put(&out, link);
            put(&out, ch->back);
            put(&out, "</a></p>");
            break;
        }
        put(&out, "</section>");
    }
    put(&out, p);
    free(list->data);
    *list = out;
}

/* ---- the page ---------------------------------------------------------------------------- */

/* template with every {{name}} replaced by its value (values are HTML). */
static void fill(text *out, const char *template, const char *const *names,
                 const char *const *values, size_t count)
{
    const char *p = template;
    while (*p) {
        const char *open = strstr(p, "{{");
        if (open == NULL) {
            put(out, p);
            return;
        }
        put_len(out, p, (size_t)(open - p));
        const char *close = strstr(open, "}}");
        size_t i = 0;
        while (close && i < count &&
               !(strlen(names[i]) == (size_t)(close - open - 2) &&
                 strncmp(open + 2, names[i], (size_t)(close - open - 2)) == 0))
            i++;
        if (close == NULL || i == count) {
            put(out, "{{");             /* not a placeholder: as it stands */
            p = open + 2;
            continue;
        }
        put(out, values[i]);
        p = close + 2;
    }
}

static char *escaped(const char *s)
{
    text t = {0};
    put_escaped(&t, s ? s : "", s ? strlen(s) : 0);
    if (t.data == NULL)
        put(&t, "");
    return t.data;
}

char *host_article_page(const char *template, json_object *article, const char *jsonld)
{
    const char *lang = json_object_get_string(json_object_object_get(article, "language"));
    const char *notices_html = json_object_get_string(json_object_object_get(article, "notices_html"));
    json_object *anchors = json_object_object_get(article, "anchors");
    const chrome *ch = chrome_for(lang);
    size_t length = 0, nanchors = 0;
    size_t *at = code_point_offsets(json_object_get_string(json_object_object_get(article, "text")),
                                    &length);
    notices split;
    text body = {0}, empty = {0}, head = {0}, page = {0};
    anchor *drawn = NULL;
    char *title = escaped(json_object_get_string(json_object_object_get(article, "title")));
    char *lang_attr = escaped(ch->lang);

    split_notices(notices_html, anchors, &split);
    drawn = at ? drawn_anchors(anchors, split.column.data, length, &nanchors) : NULL;
    if (drawn)
        render_body(&body, article, drawn, nanchors, at, length);
    add_back_links(&split.column, drawn, nanchors, ch);
    add_back_links(&split.foot, drawn, nanchors, ch);
    if (split.in_column == 0) {
        put(&empty, "<p class=\"notices-empty\">");
        if (split.at_foot > 0) {
            put(&empty, ch->at_foot_before);
            put(&empty, "<a href=\"#article-foot\">");
            put(&empty, ch->at_foot_link);
            put(&empty, "</a>.");
        } else {
            put(&empty, ch->none_yet);
        }
        put(&empty, "</p>");
    }
    if (jsonld && jsonld[0] != '\0' && strcmp(jsonld, "[]") != 0) {    /* "": none */
        put(&head, "<script type=\"application/ld+json\">");
        put(&head, jsonld);                 /* the plugin escapes it for <script> */
        put(&head, "</script>");
    }
    const char *names[] = {"lang", "title", "site", "skip", "nav", "articles", "queue",
                           "sign_in", "sign_out", "fact_checks", "footer", "jsonld", "body",
                           "notices", "foot", "foot_hidden"};
    const char *values[] = {lang_attr, title, ch->site, ch->skip, ch->nav, ch->articles,
                            ch->queue, ch->sign_in, ch->sign_out, ch->fact_checks, ch->footer,
                            head.data ? head.data : "", body.data ? body.data : "",
                            split.column.data ? split.column.data : (empty.data ? empty.data : ""),
                            split.foot.data ? split.foot.data : "",
                            split.at_foot > 0 ? "" : " hidden"};
    fill(&page, template, names, values, sizeof names / sizeof names[0]);
    bool failed = page.failed || body.failed || head.failed || split.column.failed ||
                  split.foot.failed || empty.failed || at == NULL || drawn == NULL;
    free(at);
    free(drawn);
    free(title);
    free(lang_attr);
    free(body.data);
    free(empty.data);
    free(head.data);
    free(split.column.data);
    free(split.foot.data);
    if (failed) {
        free(page.data);
        return NULL;
    }
    return page.data;
}
