/*
 * jsonld.h -- reading schema.org JSON-LD the way publishers write it.
 *
 * The same statement reaches us in many spellings: "@type" as a string, a
 * list, "schema:ClaimReview" or a full IRI; a value as itself, as a
 * one-element list or as {"@value": ...}; keys as "claimReviewed" or
 * "http://schema.org/claimReviewed"; a node written out in place or
 * referred to by {"@id": ...}. These helpers fold the spellings into one,
 * so the importer reads each field once and does not care how it came.
 *
 * The finder walks a document and names every ClaimReview in it in
 * document order, wherever it sits: the top level, a list, "@graph", a
 * WebPage's "mainEntity", a DataFeed's "dataFeedElement", a DataFeedItem's
 * "item", or a Claim carrying its "review" (Google's feed shape). A feed
 * entry that holds no review is reported too, so that an import can say
 * what it skipped. Only json-c is needed: the command-line host compiles
 * this file to cut a large feed into requests exactly as the plugin
 * counts its items.
 */
#ifndef CT_JSONLD_H
#define CT_JSONLD_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

/* True when key spells the schema.org term: "dataFeedElement",
   "schema:dataFeedElement", "https://schema.org/dataFeedElement". */
bool ct_jsonld_term_is(const char *key, const char *term);

/* obj[key], also when written "schema:key" or with a schema.org IRI
   (http or https); NULL when obj is not an object, or key is absent or null. */
json_object *ct_jsonld_get(json_object *obj, const char *key);

/* The value a JSON-LD value stands for: the first non-null element of a
   list, v of {"@value": v}, repeatedly; NULL for null and empty lists. */
json_object *ct_jsonld_value(json_object *value);

/* ct_jsonld_value(ct_jsonld_get(obj, key)). */
json_object *ct_jsonld_first(json_object *obj, const char *key);

/* The string value of obj[key] (see ct_jsonld_first), or NULL when absent
   or not a string. */
const char *ct_jsonld_string(json_object *obj, const char *key);

/* True when obj's "@type" (a string or a list) names the schema.org type
   `type`, however spelt: "ClaimReview", "schema:ClaimReview",
   "http://schema.org/ClaimReview", "https://schema.org/ClaimReview". */
bool ct_jsonld_is_a(json_object *obj, const char *type);

/* True when obj's "@type" is Organization or one of its schema.org
   subtypes (GovernmentOrganization, PoliticalParty, NGO, ...). */
bool ct_jsonld_is_organization(json_object *obj);

/* Whether node (an object) says something of what it names: a key
   besides "@id", "@type" and "@context". {"@id": x} and {"@type": T,
   "@id": x} only name a node, written out elsewhere or nowhere. */
bool ct_jsonld_describes(json_object *node);

/*
 * The nodes of doc (an object or list; a feed entry will do) that carry
 * an "@id" and something more, by id: for each id the first that says
 * something of what it names (a key besides "@id", "@type" and
 * "@context"), else the first that gives its "@type". A new object to be
 * put by the caller, for ct_jsonld_node. Never NULL unless out of memory.
 */
json_object *ct_jsonld_index(json_object *doc);

/* value itself, or, when it only names a node ({"@id": id}, or with its
   "@type" too: JSON-LD merges node objects of one @id) that is written out
   elsewhere in the document, that node (index may be NULL). */
json_object *ct_jsonld_node(json_object *index, json_object *value);

/* Why a feed entry yields no review. */
typedef enum ct_jsonld_gap {
    CT_JSONLD_REVIEW = 0,     /* not a gap: a ClaimReview was found        */
    CT_JSONLD_NULL,           /* the entry is null                         */
    CT_JSONLD_NOT_OBJECT,     /* a string, number or boolean               */
    CT_JSONLD_NO_ITEM,        /* a DataFeedItem without "item"             */
    CT_JSONLD_NO_REVIEW       /* an object with no ClaimReview inside      */
} ct_jsonld_gap;

/* One item of a document: a ClaimReview with what surrounds it, or a
   feed entry (gap != CT_JSONLD_REVIEW) that holds none. */
typedef struct ct_jsonld_found {
    size_t        index;      /* n-th item of the document, from 0        */
    ct_jsonld_gap gap;
    json_object  *review;     /* the ClaimReview; NULL for a gap          */
    json_object  *claim;      /* the Claim whose "review" it is, or NULL  */
    json_object  *feed_item;  /* the DataFeedItem it came in, or NULL     */
    json_object  *page;       /* the page whose "mainEntity" it is, or NULL */
    json_object  *entry;      /* the feed entry it is in (of a top-level list
                                 or a "dataFeedElement"), or NULL */
} ct_jsonld_found;

/* Called for every item in document order; false stops the walk. */
typedef bool (*ct_jsonld_visit_fn)(const ct_jsonld_found *found, void *data);

/*
 * Visit the items of doc (visit may be NULL to count them). Returns the
 * number of items visited, gaps included; *reviews (may be NULL) gets how
 * many of them are ClaimReviews. Entries of a top-level list and of a
 * "dataFeedElement" are items even when they hold no review (gaps);
 * other nodes without a review (a WebSite in "@graph") are not items.
 */
size_t ct_jsonld_find(json_object *doc, ct_jsonld_visit_fn visit, void *data,
                      size_t *reviews);

/*
 * As ct_jsonld_find for one entry of a list that ct_jsonld_find would
 * visit: a feed entry (as_entry, from a top-level list or a
 * "dataFeedElement") or a "@graph" node. For cutting a document into
 * parts that count their items as the whole would.
 */
size_t ct_jsonld_count_entry(json_object *entry, bool as_entry, size_t *reviews);

/* The code, message and field suffix ("item" or "") an import reports a
   gap with: "invalid_value" / "missing_field". */
const char *ct_jsonld_gap_code(ct_jsonld_gap gap);
const char *ct_jsonld_gap_message(ct_jsonld_gap gap);
const char *ct_jsonld_gap_field(ct_jsonld_gap gap);

#endif
