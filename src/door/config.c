/*
 * config.c -- parsing open()'s configuration JSON (see config.h).
 */
#include "door/config.h"
#include "base/jsonout.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "render/i18n.h"
#include "base/jsonin.h"
#include "base/validate.h"
#include "jobs/webhooks.h"
#include "domain/scan.h"

static const char *const config_keys[] = {
    "database", "pool_size", "language", "publisher", "pool_wait_ms",
    "statement_timeout_ms", "webhooks", "outbound", "time_zone", "schema", "secrets_key",
    "synchronous_commit", "reader_cache_bytes", "replicas", "checkpoint_key",
    "checkpoint_origin", "checkpoint_interval_s", "checkpoint_trusted_keys",
    "scan_auto_confirm_score", NULL
};
static const char *const publisher_keys[] = {"name", "url", "claim_url", "evidence_url", "proof_url",
                                             "article_url", NULL};

static ct_rc copy(const char *src, char **dst, ct_error *err)
{
    *dst = NULL;
    if (src == NULL)
        return CT_OK;
    *dst = strdup(src);
    return *dst ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
}

/* publisher.<key>: an optional URL template that must hold {id}. */
static ct_rc parse_template(json_object *publisher, const char *key, char **out, ct_error *err)
{
    char path[64];
    const char *url = NULL;
    ct_rc rc = ct_json_url(publisher, "publisher", key, false, &url, err);

    if (rc == CT_OK && url && strstr(url, "{id}") == NULL)
        rc = ct_fail(err, CT_EINVALID, "invalid_value",
                     ct_json_path(path, sizeof path, "publisher", key),
                     "%s must contain {id}", path);
    if (rc == CT_OK)
        rc = copy(url, out, err);
    return rc;
}

static ct_rc parse_publisher(json_object *root, ct_config *cfg, ct_error *err)
{
    json_object *publisher = NULL;
    const char *name = NULL, *url = NULL;
    ct_rc rc = ct_json_object(root, "", "publisher", false, &publisher, err);

    if (rc != CT_OK || publisher == NULL)
        return rc;
    rc = ct_json_only_keys(publisher, publisher_keys, "publisher", err);
    if (rc == CT_OK)
        rc = ct_json_text(publisher, "publisher", "name", true, 1, 200, &name, err);
    if (rc == CT_OK)
        rc = ct_json_url(publisher, "publisher", "url", false, &url, err);
    if (rc == CT_OK)
        rc = parse_template(publisher, "claim_url", &cfg->publisher.claim_url, err);
    if (rc == CT_OK)
        rc = parse_template(publisher, "evidence_url", &cfg->publisher.evidence_url, err);
    if (rc == CT_OK)
        rc = parse_template(publisher, "article_url", &cfg->publisher.article_url, err);
    if (rc == CT_OK)
        rc = parse_template(publisher, "proof_url", &cfg->publisher.proof_url, err);
    if (rc == CT_OK)
        rc = copy(name, &cfg->publisher.name, err);
    if (rc == CT_OK)
        rc = copy(url, &cfg->publisher.url, err);
    return rc;
}

static ct_rc parse_events(json_object *hook, const char *path, ct_webhook *out, ct_error *err)
{
    char sub[96];
    json_object *events = NULL;
    ct_rc rc = CT_OK;

    snprintf(sub, sizeof sub, "%s.events", path);
    if (!json_object_object_get_ex(hook, "events", &events) || events == NULL)
        return copy("[\"*\"]", &out->events_json, err);
    if (!json_object_is_type(events, json_type_array) || json_object_array_length(events) == 0 ||
        json_object_array_length(events) > 8)
        return ct_fail(err, CT_EINVALID, "wrong_type", sub, "%s must be a list of 1 to 8 event names", sub);
    for (size_t i = 0; i < json_object_array_length(events) && rc == CT_OK; i++) {
        json_object *name = json_object_array_get_idx(events, i);
        bool known = json_object_is_type(name, json_type_string) &&
                     strcmp(json_object_get_string(name), "*") == 0;
        for (size_t k = 0; !known && ct_webhook_events[k]; k++)
            known = json_object_is_type(name, json_type_string) &&
                    strcmp(json_object_get_string(name), ct_webhook_events[k]) == 0;
        if (!known)
            rc = ct_fail(err, CT_EINVALID, "invalid_value", sub, "%s has an unknown event", sub);
        for (size_t j = 0; rc == CT_OK && j < i; j++)
            if (strcmp(json_object_get_string(name),
                       json_object_get_string(json_object_array_get_idx(events, j))) == 0)
                rc = ct_fail(err, CT_EINVALID, "duplicate", sub, "%s names an event twice", sub);
    }
    if (rc == CT_OK)
        rc = copy(ct_jdump(events, JSON_C_TO_STRING_PLAIN), &out->events_json, err);
    return rc;
}

static ct_rc parse_webhooks(json_object *webhooks, ct_config *cfg, ct_error *err)
{
    static const char *const keys[] = {"url", "secret", "events", NULL};
    size_t n = json_object_is_type(webhooks, json_type_array) ? json_object_array_length(webhooks) : 0;
    ct_rc rc = CT_OK;

    if (!json_object_is_type(webhooks, json_type_array) || n > CT_WEBHOOKS_MAX)
        return ct_fail(err, CT_EINVALID, "wrong_type", "webhooks",
                       "webhooks must be a list of at most %d {url, secret, events}", CT_WEBHOOKS_MAX);
    for (size_t i = 0; i < n && rc == CT_OK; i++) {
        json_object *hook = json_object_array_get_idx(webhooks, i);
        const char *url = NULL, *secret = NULL;
        char path[32];
        snprintf(path, sizeof path, "webhooks.%zu", i);
        if (!json_object_is_type(hook, json_type_object))
            return ct_fail(err, CT_EINVALID, "wrong_type", path, "%s must be an object", path);
        rc = ct_json_only_keys(hook, keys, path, err);
        if (rc == CT_OK)
            rc = ct_json_url(hook, path, "url", true, &url, err);
        if (rc == CT_OK)
            rc = ct_json_text(hook, path, "secret", true, 16, 256, &secret, err);
        if (rc == CT_OK)
            rc = copy(url, &cfg->outbound.webhooks[i].url, err);
        if (rc == CT_OK)
            rc = copy(secret, &cfg->outbound.webhooks[i].secret, err);
        if (rc == CT_OK)
            rc = parse_events(hook, path, &cfg->outbound.webhooks[i], err);
        cfg->outbound.nwebhooks = i + 1;
    }
    return rc;
}

/* "127.0.0.1/32", "10.0.0.0/8", "::1/128" */
static bool parse_cidr(const char *text, ct_cidr *out)
{
    char addr[64];
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    if (len >= sizeof addr)
        return false;
    memcpy(addr, text, len);
    addr[len] = '\0';
    out->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    int max = out->family == AF_INET ? 32 : 128;
    if (inet_pton(out->family, addr, out->addr) != 1)
        return false;
    char *end = NULL;
    long bits = slash ? strtol(slash + 1, &end, 10) : max;
    if ((slash && (*end != '\0' || end == slash + 1)) || bits < 0 || bits > max)
        return false;
    out->bits = (int)bits;
    return true;
}

static ct_rc parse_allow(json_object *outbound, ct_outbound_config *ob, ct_error *err)
{
    json_object *list = NULL;
    if (!json_object_object_get_ex(outbound, "allow_private", &list) || list == NULL)
        return CT_OK;
    size_t n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    if (!json_object_is_type(list, json_type_array) || n > CT_ALLOW_MAX)
        return ct_fail(err, CT_EINVALID, "wrong_type", "outbound.allow_private",
                       "outbound.allow_private must be a list of at most %d CIDRs", CT_ALLOW_MAX);
    for (size_t i = 0; i < n; i++) {
        json_object *cidr = json_object_array_get_idx(list, i);
        if (!json_object_is_type(cidr, json_type_string) ||
            !parse_cidr(json_object_get_string(cidr), &ob->allow[i]))
            return ct_fail(err, CT_EINVALID, "invalid_value", "outbound.allow_private",
                           "outbound.allow_private holds something that is not a CIDR");
    }
    ob->nallow = n;
    return CT_OK;
}

static ct_rc parse_outbound(json_object *root, ct_config *cfg, ct_error *err)
{
    static const char *const keys[] = {"workers", "poll_ms", "retry_for_s", "retry_base_ms",
        "evidence_attempts", "connect_timeout_ms", "timeout_ms", "max_body_bytes",
        "allow_private", NULL};
    ct_outbound_config *ob = &cfg->outbound;
    json_object *outbound = NULL;
    int64_t poll = 1000, retry_for = 86400, base = 1000, attempts = 5, connect = 5000,
            total = 20000, max_body = 5 * 1024 * 1024;
    ct_rc rc = ct_json_object(root, "", "outbound", false, &outbound, err);

    ob->workers = true;
    if (rc == CT_OK && outbound)
        rc = ct_json_only_keys(outbound, keys, "outbound", err);
    if (rc == CT_OK && outbound)
        rc = ct_json_bool(outbound, "outbound", "workers", false, &ob->workers, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "poll_ms", false, 10, 60000, &poll, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "retry_for_s", false, 1, 30 * 86400, &retry_for, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "retry_base_ms", false, 10, 3600000, &base, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "evidence_attempts", false, 1, 100, &attempts, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "connect_timeout_ms", false, 100, 120000, &connect, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "timeout_ms", false, 100, 600000, &total, NULL, err);
    if (rc == CT_OK && outbound)
        rc = ct_json_int(outbound, "outbound", "max_body_bytes", false, 1024, 100 * 1024 * 1024,
                         &max_body, NULL, err);
    if (rc == CT_OK && outbound)
        rc = parse_allow(outbound, ob, err);
    ob->poll_ms = (int)poll;
    ob->retry_for_s = (int)retry_for;
    ob->retry_base_ms = (int)base;
    ob->evidence_attempts = (int)attempts;
    ob->connect_timeout_ms = (long)connect;
    ob->timeout_ms = (long)total;
    ob->max_body_bytes = (size_t)max_body;
    return rc;
}

/* The session variables the schema reads: none since subscriptions live in
   the database (sql/008); earlier releases passed the webhooks this way. */
static ct_rc session_variables(ct_config *cfg, ct_error *err)
{
    return copy("{}", &cfg->session_variables, err);
}

/* "synchronous_commit": "on" (the default) or "remote_apply" (wait until the
   standbys have applied it too). Nothing weaker: a 2xx means durable. */
static ct_rc parse_synchronous_commit(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *level = NULL;
    ct_rc rc = ct_json_text(root, "", "synchronous_commit", false, 1, 20, &level, err);

    if (rc == CT_OK && level && strcmp(level, "on") != 0 && strcmp(level, "remote_apply") != 0)
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "synchronous_commit",
                     "synchronous_commit may be \"on\" (the default) or the stricter"
                     " \"remote_apply\": claimtrack never answers a write it could lose");
    cfg->remote_apply = rc == CT_OK && level && strcmp(level, "remote_apply") == 0;
    return rc;
}

/* "secrets_key": 32 bytes in base64, which seal the subscriptions' signing
   secrets (domain/subscriptions.h). Required with "webhooks", which are
   imported as subscriptions at open, secrets and all. */
static ct_rc parse_secrets_key(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *text = NULL;
    ct_rc rc = ct_json_text(root, "", "secrets_key", false, 1, 100, &text, err);

    if (rc == CT_OK && text != NULL) {
        long n = ct_base64_decode(text, cfg->outbound.secrets_key, sizeof cfg->outbound.secrets_key);
        if (n != CT_SECRETS_KEY_BYTES)
            return ct_fail(err, CT_EINVALID, "invalid_value", "secrets_key",
                           "secrets_key must be %d random bytes in base64, such as the output of"
                           " `openssl rand -base64 32`", CT_SECRETS_KEY_BYTES);
        cfg->outbound.has_secrets_key = true;
    }
    if (rc == CT_OK && cfg->outbound.nwebhooks > 0 && !cfg->outbound.has_secrets_key)
        rc = ct_fail(err, CT_EINVALID, "missing_field", "secrets_key",
                     "webhooks are now kept in the database with sealed secrets: add"
                     " \"secrets_key\" (openssl rand -base64 32, the same on every host) to"
                     " import them, or drop \"webhooks\" and use POST /subscriptions");
    return rc;
}

/* "checkpoint_key": the C2SP signed-note signer key that signs the
   timeline's checkpoints ("PRIVATE+KEY+name+hash+base64", as `claimtrack
   keygen` prints it); "checkpoint_origin": the log's name in them (the
   key's name by default); "checkpoint_interval_s": how old the last
   checkpoint may grow before the workers sign the next (600). */
static ct_rc parse_checkpoint(json_object *root, ct_config *cfg, ct_error *err)
{
    ct_checkpoint_config *cp = &cfg->outbound.checkpoint;
    const char *key = NULL, *origin = NULL;
    int64_t interval = CT_CHECKPOINT_INTERVAL_DEFAULT;
    ct_rc rc = ct_json_text(root, "", "checkpoint_key", false, 1, 400, &key, err);

    if (rc == CT_OK)
        rc = ct_json_text(root, "", "checkpoint_origin", false, 1, CT_NOTE_NAME_MAX, &origin, err);
    if (rc == CT_OK && origin && strlen(origin) > CT_NOTE_NAME_MAX)
        rc = ct_fail(err, CT_EINVALID, "too_long", "checkpoint_origin",
                     "checkpoint_origin must be at most %d bytes of UTF-8", CT_NOTE_NAME_MAX);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "checkpoint_interval_s", false, 1, 86400 * 7, &interval, NULL,
                         err);
    if (rc == CT_OK && key && !ct_note_signer_key(key, &cp->key))
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "checkpoint_key",
                     "checkpoint_key must be a signed-note signer key"
                     " (PRIVATE+KEY+name+hash+base64), as `claimtrack keygen NAME` prints it");
    for (const char *p = origin; rc == CT_OK && p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            rc = ct_fail(err, CT_EINVALID, "invalid_value", "checkpoint_origin",
                         "checkpoint_origin must be one line of text, with no control character");
    if (rc == CT_OK && origin && !key)
        rc = ct_fail(err, CT_EINVALID, "missing_field", "checkpoint_key",
                     "checkpoint_origin needs checkpoint_key");
    json_object *trusted = NULL;
    if (rc == CT_OK && json_object_object_get_ex(root, "checkpoint_trusted_keys", &trusted) &&
        (!json_object_is_type(trusted, json_type_array) ||
         json_object_array_length(trusted) > CT_TRUSTED_KEYS_MAX))
        rc = ct_fail(err, CT_EINVALID, "wrong_type", "checkpoint_trusted_keys",
                     "checkpoint_trusted_keys must be a list of at most %d verifier keys",
                     CT_TRUSTED_KEYS_MAX);
    for (size_t i = 0; rc == CT_OK && trusted && i < json_object_array_length(trusted); i++) {
        json_object *item = json_object_array_get_idx(trusted, i);
        char path[48];
        snprintf(path, sizeof path, "checkpoint_trusted_keys.%zu", i);
        if (!json_object_is_type(item, json_type_string) ||
            !ct_note_verifier_key(json_object_get_string(item), &cp->trusted[cp->ntrusted]))
            rc = ct_fail(err, CT_EINVALID, "invalid_value", path,
                         "%s must be a signed-note verifier key (name+hash+base64)", path);
        else
            cp->ntrusted++;
    }
    if (rc == CT_OK && key) {
        cp->has_key = true;
        snprintf(cp->origin, sizeof cp->origin, "%s", origin ? origin : cp->key.name);
    }
    cp->interval_s = (int)interval;
    return rc;
}

/* "scan_auto_confirm_score": a number from 0.7 (the least a suggestion
   scores, scan.h) to 1: passages a scan scores at or above it become
   mentions, and readers' notices, without an editor. */
static ct_rc parse_auto_confirm(json_object *root, ct_config *cfg, ct_error *err)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(root, "scan_auto_confirm_score", &v) || v == NULL)
        return CT_OK;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        return ct_fail(err, CT_EINVALID, "wrong_type", "scan_auto_confirm_score",
                       "scan_auto_confirm_score must be a number");
    double score = json_object_get_double(v);
    if (!(score >= CT_SCAN_THRESHOLD && score <= 1))
        return ct_fail(err, CT_EINVALID, "out_of_range", "scan_auto_confirm_score",
                       "scan_auto_confirm_score must be from %.1f to 1", CT_SCAN_THRESHOLD);
    cfg->scan_auto_confirm = score;
    return CT_OK;
}

/* An IANA time zone name: "UTC", or Area/Location such as "Asia/Almaty"
   (POSIX strings such as "UTC+5", whose sign is the reverse of ISO 8601's,
   are refused). The database checks that it exists (see store.h). */
static bool time_zone_name_valid(const char *name)
{
    size_t slashes = 0;

    if (strcmp(name, "UTC") == 0)
        return true;
    for (const char *p = name; *p; p++) {
        if (*p == '/')
            slashes++;
        else if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                   (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '+'))
            return false;
    }
    return slashes > 0 && name[0] != '/' && name[strlen(name) - 1] != '/';
}

static ct_rc parse_time_zone(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *zone = NULL;
    ct_rc rc = ct_json_text(root, "", "time_zone", false, 1, 64, &zone, err);

    if (rc == CT_OK && zone && !time_zone_name_valid(zone))
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "time_zone",
                     "time_zone must be an IANA time zone name such as \"Asia/Almaty\" or \"UTC\"");
    if (rc == CT_OK)
        rc = copy(zone ? zone : "UTC", &cfg->time_zone, err);
    return rc;
}

/* The schema claimtrack's tables live in: a lower-case identifier that
   needs no quoting, and not one of PostgreSQL's own (pg_*). */
static ct_rc parse_schema(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *schema = NULL;
    ct_rc rc = ct_json_text(root, "", "schema", false, 1, 63, &schema, err);
    bool valid = schema == NULL || (strncmp(schema, "pg_", 3) != 0 &&
                                    !(schema[0] >= '0' && schema[0] <= '9'));

    for (const char *p = schema; rc == CT_OK && valid && p && *p; p++)
        valid = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (rc == CT_OK && !valid)
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "schema",
                     "schema must be a lower-case identifier (letters, digits, _), not pg_*");
    if (rc == CT_OK)
        rc = copy(schema ? schema : "claimtrack", &cfg->schema, err);
    return rc;
}

static ct_rc parse_root(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *database = NULL, *language = NULL, *replicas = NULL;
    char language_case[36];
    int64_t pool_size = CT_POOL_SIZE_DEFAULT, wait_ms = 5000, timeout_ms = 10000;
    int64_t cache_bytes = 0;
    json_object *webhooks = NULL;
    ct_rc rc;

    if (!json_object_is_type(root, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", "", "the configuration must be an object");
    rc = ct_json_only_keys(root, config_keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "database", false, 0, 4096, &database, err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "replicas", false, 1, 4096, &replicas, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "pool_size", false, 1, CT_POOL_SIZE_MAX, &pool_size, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "pool_wait_ms", false, 1, 60000, &wait_ms, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "statement_timeout_ms", false, 1, 600000, &timeout_ms,
                         NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "reader_cache_bytes", false, 0, CT_READER_CACHE_MAX,
                         &cache_bytes, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "language", false, 1, 35, &language, err);
    /* in any ASCII case, kept in RFC 5646 §2.1.1's ("RU-kz" is "ru-KZ"), as
       POST /claims keeps a claim's: imported claims without one take it */
    if (rc == CT_OK && language && ct_language_tag_case(language, language_case,
                                                        sizeof language_case))
        language = language_case;
    if (rc == CT_OK && language && !ct_language_valid(language))
        rc = ct_fail(err, CT_EINVALID, "invalid_language", "language",
                     "language must be a language tag such as \"ru\"");
    if (rc == CT_OK && language && !ct_i18n_lang(language, &(ct_lang){CT_LANG_EN}))
        rc = ct_fail(err, CT_EINVALID, "unsupported_language", "language",
                     "notices can be written in ru, kk or en, not %.20s", language);
    if (rc == CT_OK && json_object_object_get_ex(root, "webhooks", &webhooks) &&
        webhooks != NULL)
        rc = parse_webhooks(webhooks, cfg, err);
    if (rc == CT_OK)
        rc = parse_outbound(root, cfg, err);
    if (rc == CT_OK)
        rc = session_variables(cfg, err);
    if (rc == CT_OK)
        rc = parse_secrets_key(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_checkpoint(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_auto_confirm(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_synchronous_commit(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_publisher(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_time_zone(root, cfg, err);
    if (rc == CT_OK)
        rc = parse_schema(root, cfg, err);
    if (rc == CT_OK)
        rc = copy(database ? database : "", &cfg->database, err);
    if (rc == CT_OK && replicas)
        rc = copy(replicas, &cfg->replicas, err);
    if (rc == CT_OK)
        rc = copy(language ? language : "en", &cfg->publisher.language, err);
    if (rc == CT_OK) {
        ct_lang notice_language = CT_LANG_EN;
        ct_i18n_lang(cfg->publisher.language, &notice_language);
        cfg->publisher.notice_language = ct_i18n_tag(notice_language);
        cfg->publisher.time_zone = cfg->time_zone;
    }
    cfg->pool_size = (size_t)pool_size;
    cfg->pool_wait_ms = (int)wait_ms;
    cfg->statement_timeout_ms = (int)timeout_ms;
    cfg->reader_cache_bytes = (size_t)cache_bytes;
    return rc;
}

ct_rc ct_config_parse(const char *config_json, ct_config *cfg, ct_error *err)
{
    json_object *root = NULL;
    ct_rc rc;

    memset(cfg, 0, sizeof *cfg);
    if (config_json == NULL || config_json[0] == '\0')
        config_json = "{}";
    rc = ct_json_parse(config_json, strlen(config_json), &root, err);
    if (rc == CT_OK)
        rc = parse_root(root, cfg, err);
    json_object_put(root);
    if (rc != CT_OK)
        ct_config_free(cfg);
    return rc;
}

void ct_config_free(ct_config *cfg)
{
    free(cfg->database);
    free(cfg->replicas);
    free(cfg->publisher.language);
    free(cfg->publisher.name);
    free(cfg->publisher.url);
    free(cfg->publisher.claim_url);
    free(cfg->publisher.evidence_url);
    free(cfg->publisher.proof_url);
    free(cfg->publisher.article_url);
    free(cfg->time_zone);
    free(cfg->schema);
    for (size_t i = 0; i < cfg->outbound.nwebhooks; i++) {
        free(cfg->outbound.webhooks[i].url);
        free(cfg->outbound.webhooks[i].secret);
        free(cfg->outbound.webhooks[i].events_json);
    }
    free(cfg->session_variables);
    OPENSSL_cleanse(cfg->outbound.secrets_key, sizeof cfg->outbound.secrets_key);
    OPENSSL_cleanse(&cfg->outbound.checkpoint.key, sizeof cfg->outbound.checkpoint.key);
    memset(cfg, 0, sizeof *cfg);
}
