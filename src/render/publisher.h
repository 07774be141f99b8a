/*
 * publisher.h -- who publishes the fact-checks, as readers and validators
 * see it: the settings of the render layer.
 *
 * door/config.c fills it from the host's configuration ("language",
 * "publisher" and "time_zone"); notices.c and claimreview.c only read it.
 * URL templates hold "{id}", replaced by the id of the claim, the evidence or the
 * article. Every member but language may be NULL; ClaimReview markup
 * needs at least name and url (publisher_not_configured otherwise).
 */
#ifndef CT_PUBLISHER_H
#define CT_PUBLISHER_H

typedef struct ct_publisher {
    char *language;      /* default language, as configured: "ru", "ru-KZ"...   */
    const char *notice_language;   /* the same as notices name it: "ru", "kk" or
                                      "en" (ct_i18n_tag, static)              */
    char *name;          /* the fact-checking organisation                     */
    char *url;           /* its home page                                      */
    char *claim_url;     /* a review's page, "{id}" = claim id                 */
    char *evidence_url;  /* an archived copy, "{id}" = evidence id             */
    char *proof_url;     /* where readers get a claim's proof (GET /claims/{id}/proof),
                            "{id}" = claim id                                   */
    char *article_url;   /* the host's article page, "{id}" = article id       */
    const char *time_zone;         /* the desk's IANA time zone, whose days the
                                      notices give (the configuration's)      */
} ct_publisher;

#endif
