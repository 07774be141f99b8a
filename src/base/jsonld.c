/*
 * jsonld.c -- schema.org JSON-LD as publishers write it (see jsonld.h).
 *
 * This is not a JSON-LD processor: no remote contexts are fetched and no
 * expansion is done. It knows the few spellings schema.org markup uses in
 * practice (compact keys, the "schema:" prefix, the http and https IRIs,
 * values wrapped in lists or {"@value"}), which covers what fact-checkers
 * publish, and it never leaves the document it is given.
 */
#include "base/jsonld.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <string.h>

/* How schema.org terms are spelt besides their bare name. */
static const char *const term_prefixes[] = {
    "schema:", "http://schema.org/", "https://schema.org/", NULL
};

/* The bare schema.org name of a term: "ClaimReview" for any spelling. */
static const char *local_name(const char *term)
{
    for (const char *const *p = term_prefixes; *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(term, *p, n) == 0)
            return term + n;
    }
    return term;
}

bool ct_jsonld_term_is(const char *key, const char *term)
{
    return strcmp(local_name(key), term) == 0;
}

json_object *ct_jsonld_get(json_object *obj, const char *key)
{
    json_object *value = NULL;
    char spelt[128];

    if (obj == NULL || !json_object_is_type(obj, json_type_object))
        return NULL;
    if (json_object_object_get_ex(obj, key, &value))
        return value;
    for (const char *const *p = term_prefixes; *p; p++) {
        snprintf(spelt, sizeof spelt, "%s%s", *p, key);
        if (json_object_object_get_ex(obj, spelt, &value))
            return value;
    }
    return NULL;
}

/* The first non-null element of a list; NULL when there is none. */
static json_object *first_element(json_object *list)
{
    size_t n = json_object_array_length(list);
    for (size_t i = 0; i < n; i++) {
        json_object *el = json_object_array_get_idx(list, i);
        if (el)
            return el;
    }
    return NULL;
}

json_object *ct_jsonld_value(json_object *value)
{
    /* Bounded: a list of lists of @value objects is as far as anyone goes. */
    for (int depth = 0; value && depth < 8; depth++) {
        json_object *inner = NULL;
        if (json_object_is_type(value, json_type_array))
            value = first_element(value);
        else if (json_object_is_type(value, json_type_object) &&
                 json_object_object_get_ex(value, "@value", &inner))
            value = inner;
        else
            return value;
    }
    return value;
}

json_object *ct_jsonld_first(json_object *obj, const char *key)
{
    return ct_jsonld_value(ct_jsonld_get(obj, key));
}

const char *ct_jsonld_string(json_object *obj, const char *key)
{
    json_object *value = ct_jsonld_first(obj, key);
    return json_object_is_type(value, json_type_string) ? json_object_get_string(value) : NULL;
}

/* True when one of obj's types satisfies matches(). */
static bool any_type(json_object *obj, bool (*matches)(const char *, const void *),
                     const void *arg)
{
    json_object *types = NULL;

    if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, "@type", &types) || types == NULL)
        return false;
    if (json_object_is_type(types, json_type_string))
        return matches(local_name(json_object_get_string(types)), arg);
    for (size_t i = 0; json_object_is_type(types, json_type_array) &&
                       i < json_object_array_length(types); i++) {
        json_object *t = json_object_array_get_idx(types, i);
        if (json_object_is_type(t, json_type_string) &&
            matches(local_name(json_object_get_string(t)), arg))
            return true;
    }
    return false;
}

static bool same_name(const char *name, const void *type)
{
    return strcmp(name, (const char *)type) == 0;
}

bool ct_jsonld_is_a(json_object *obj, const char *type)
{
    return any_type(obj, same_name, type);
}

/* Organization and the schema.org types below it that claims come from. */
static const char *const organization_types[] = {
    "Organization", "Airline", "Consortium", "Corporation", "EducationalOrganization",
    "CollegeOrUniversity", "ElementarySchool", "HighSchool", "MiddleSchool", "Preschool",
    "School", "FundingAgency", "FundingScheme", "GovernmentOrganization", "GovernmentOffice",
    "LibrarySystem", "LocalBusiness", "MedicalOrganization", "Hospital", "MedicalClinic",
    "Pharmacy", "NGO", "NewsMediaOrganization", "OnlineBusiness", "OnlineStore",
    "PerformingGroup", "MusicGroup", "TheaterGroup", "DanceGroup", "PoliticalParty",
    "Project", "ResearchProject", "ResearchOrganization", "SearchRescueOrganization",
    "SportsOrganization", "SportsTeam", "WorkersUnion", NULL
};

static bool organization_name(const char *name, const void *unused)
{
    (void)unused;
    for (const char *const *t = organization_types; *t; t++)
        if (strcmp(name, *t) == 0)
            return true;
    return false;
}

bool ct_jsonld_is_organization(json_object *obj)
{
    return any_type(obj, organization_name, NULL);
}

/* ---- @id references ------------------------------------------------------------- */

bool ct_jsonld_describes(json_object *node)
{
    if (!json_object_is_type(node, json_type_object))
        return false;
    json_object_object_foreach(node, key, value) {
        (void)value;
        if (strcmp(key, "@id") != 0 && strcmp(key, "@type") != 0 && strcmp(key, "@context") != 0)
            return true;
    }
    return false;
}

static void index_nodes(json_object *index, json_object *node)
{
    json_object *id = NULL, *first = NULL;

    if (json_object_is_type(node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(node); i++)
            index_nodes(index, json_object_array_get_idx(node, i));
        return;
    }
    if (!json_object_is_type(node, json_type_object))
        return;
    if (json_object_object_get_ex(node, "@id", &id) && json_object_is_type(id, json_type_string) &&
        json_object_object_length(node) > 1) {
        const char *name = json_object_get_string(id);
        bool known = json_object_object_get_ex(index, name, &first);
        if (!known || (!ct_jsonld_describes(first) && ct_jsonld_describes(node)))
            ct_jset(index, name, json_object_get(node));
    }
    json_object_object_foreach(node, key, value) {
        if (strcmp(key, "@context") != 0)
            index_nodes(index, value);
    }
}

json_object *ct_jsonld_index(json_object *doc)
{
    json_object *index = ct_jnew_object();
    if (index)
        index_nodes(index, doc);
    return index;
}

json_object *ct_jsonld_node(json_object *index, json_object *value)
{
    json_object *id = NULL, *node = NULL;

    if (index == NULL || !json_object_is_type(value, json_type_object) ||
        ct_jsonld_describes(value) || !json_object_object_get_ex(value, "@id", &id) ||
        !json_object_is_type(id, json_type_string))
        return value;
    if (!json_object_object_get_ex(index, json_object_get_string(id), &node) || node == NULL)
        return value;
    /* a reference with its @type keeps it against another's bare type */
    return json_object_object_length(value) == 1 || ct_jsonld_describes(node) ? node : value;
}

/* ---- finding the reviews ------------------------------------------------------------ */

typedef struct walk {
    ct_jsonld_visit_fn visit;
    void              *data;
    size_t             items;
    size_t             reviews;
    bool               stopped;
    json_object       *pages;     /* @id of a node -> the page naming it by @id as its
                                     mainEntity (NULL: none in the document) */
} walk;

/* What surrounds the node being walked. */
typedef struct around {
    json_object *claim;
    json_object *feed_item;
    json_object *page;
    json_object *entry;
} around;

static void emit(walk *w, json_object *review, ct_jsonld_gap gap, const around *ctx)
{
    ct_jsonld_found found = {w->items, gap, review, ctx->claim, ctx->feed_item, ctx->page,
                             ctx->entry};

    if (w->stopped)
        return;
    w->items++;
    if (gap == CT_JSONLD_REVIEW)
        w->reviews++;
    if (w->visit && !w->visit(&found, w->data))
        w->stopped = true;
}

static void walk_node(walk *w, json_object *node, around ctx);

/* Keys whose values are never walked: JSON-LD keywords other than the
   containers (@graph, @list, @set, @included). */
static bool walked_key(const char *key)
{
    return key[0] != '@' || strcmp(key, "@graph") == 0 || strcmp(key, "@list") == 0 ||
           strcmp(key, "@set") == 0 || strcmp(key, "@included") == 0;
}

/* One feed entry: an item even when it holds no review. */
static void walk_entry(walk *w, json_object *entry, around ctx)
{
    size_t before = w->items;

    if (entry == NULL) {
        emit(w, NULL, CT_JSONLD_NULL, &ctx);
        return;
    }
    if (!json_object_is_type(entry, json_type_object) &&
        !json_object_is_type(entry, json_type_array)) {
        emit(w, NULL, CT_JSONLD_NOT_OBJECT, &ctx);
        return;
    }
    ctx.entry = entry;
    walk_node(w, entry, ctx);
    if (w->items == before)
        emit(w, NULL, ct_jsonld_is_a(entry, "DataFeedItem") &&
                      ct_jsonld_first(entry, "item") == NULL ? CT_JSONLD_NO_ITEM
                                                             : CT_JSONLD_NO_REVIEW, &ctx);
}

static void walk_entries(walk *w, json_object *entries, around ctx)
{
    if (entries == NULL)                 /* "dataFeedElement": null holds no entry */
        return;
    if (!json_object_is_type(entries, json_type_array)) {
        walk_entry(w, entries, ctx);
        return;
    }
    for (size_t i = 0; i < json_object_array_length(entries) && !w->stopped; i++)
        walk_entry(w, json_object_array_get_idx(entries, i), ctx);
}

/* The member key of node, walked with what it tells about the nodes below. */
static void walk_member(walk *w, json_object *node, const char *key, json_object *value,
                        around ctx)
{
    const char *name = local_name(key);

    if (ct_jsonld_term_is(key, "dataFeedElement")) {
        walk_entries(w, value, ctx);
        return;
    }
    if (strcmp(name, "mainEntity") == 0)
        ctx.page = node;
    else if (strcmp(name, "item") == 0 && ct_jsonld_is_a(node, "DataFeedItem"))
        ctx.feed_item = node;
    else if (strcmp(name, "review") == 0 && ct_jsonld_is_a(node, "Claim"))
        ctx.claim = node;
    walk_node(w, value, ctx);
}

static void walk_node(walk *w, json_object *node, around ctx)
{
    if (w->stopped || node == NULL)
        return;
    if (json_object_is_type(node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(node) && !w->stopped; i++)
            walk_node(w, json_object_array_get_idx(node, i), ctx);
        return;
    }
    if (!json_object_is_type(node, json_type_object))
        return;
    if (ct_jsonld_is_a(node, "ClaimReview") && !ct_jsonld_describes(node))
        return;                            /* a reference: the review is written out elsewhere */
    if (ct_jsonld_is_a(node, "ClaimReview")) {
        json_object *id = NULL, *page = NULL;
        if (ctx.page == NULL && w->pages && json_object_object_get_ex(node, "@id", &id) &&
            json_object_is_type(id, json_type_string) &&
            json_object_object_get_ex(w->pages, json_object_get_string(id), &page))
            ctx.page = page;               /* the page names it by reference */
        emit(w, node, CT_JSONLD_REVIEW, &ctx);
        return;
    }
    json_object_object_foreach(node, key, value) {
        if (walked_key(key) && !w->stopped)
            walk_member(w, node, key, value, ctx);
    }
}

/* Record in pages, for each node that names another by reference only
   ({"@id": ...}) as its mainEntity, the other's @id -> the node (a page
   and its review side by side in an @graph, flattened JSON-LD). */
static void index_pages(json_object *pages, json_object *node)
{
    if (json_object_is_type(node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(node); i++)
            index_pages(pages, json_object_array_get_idx(node, i));
        return;
    }
    if (!json_object_is_type(node, json_type_object))
        return;
    json_object_object_foreach(node, key, value) {
        if (strcmp(key, "@context") == 0)
            continue;
        if (strcmp(local_name(key), "mainEntity") == 0) {
            size_t n = json_object_is_type(value, json_type_array)
                       ? json_object_array_length(value) : 1;
            for (size_t i = 0; i < n; i++) {
                json_object *entity = json_object_is_type(value, json_type_array)
                                      ? json_object_array_get_idx(value, i) : value, *id = NULL;
                if (json_object_is_type(entity, json_type_object) &&
                    !ct_jsonld_describes(entity) &&
                    json_object_object_get_ex(entity, "@id", &id) &&
                    json_object_is_type(id, json_type_string) &&
                    !json_object_object_get_ex(pages, json_object_get_string(id), NULL))
                    ct_jset(pages, json_object_get_string(id), json_object_get(node));
            }
        }
        index_pages(pages, value);
    }
}

size_t ct_jsonld_find(json_object *doc, ct_jsonld_visit_fn visit, void *data,
                      size_t *reviews)
{
    walk w = {visit, data, 0, 0, false, ct_jnew_object()};
    around none = {NULL, NULL, NULL, NULL};

    if (w.pages)
        index_pages(w.pages, doc);
    if (json_object_is_type(doc, json_type_array))
        walk_entries(&w, doc, none);
    else
        walk_node(&w, doc, none);
    json_object_put(w.pages);
    if (reviews)
        *reviews = w.reviews;
    return w.items;
}

size_t ct_jsonld_count_entry(json_object *entry, bool as_entry, size_t *reviews)
{
    walk w = {NULL, NULL, 0, 0, false, NULL};
    around none = {NULL, NULL, NULL, NULL};

    if (as_entry)
        walk_entry(&w, entry, none);
    else
        walk_node(&w, entry, none);
    if (reviews)
        *reviews = w.reviews;
    return w.items;
}

const char *ct_jsonld_gap_code(ct_jsonld_gap gap)
{
    return gap == CT_JSONLD_NO_ITEM ? "missing_field" : "invalid_value";
}

const char *ct_jsonld_gap_message(ct_jsonld_gap gap)
{
    switch (gap) {
    case CT_JSONLD_NULL:       return "is null";
    case CT_JSONLD_NOT_OBJECT: return "is not a JSON-LD node";
    case CT_JSONLD_NO_ITEM:    return "is a DataFeedItem without an item";
    case CT_JSONLD_NO_REVIEW:  return "holds no schema.org ClaimReview";
    default:                   return "is a ClaimReview";
    }
}

const char *ct_jsonld_gap_field(ct_jsonld_gap gap)
{
    return gap == CT_JSONLD_NO_ITEM ? "item" : "";
}
