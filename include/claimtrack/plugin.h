/*
 * claimtrack/plugin.h -- the plugin ABI, version 1.
 *
 * This is the only header a host CMS needs. The host loads the plugin with
 * dlopen(), looks up the single exported symbol claimtrack_plugin_v1 and asks
 * it for the function table of the ABI version the host was built against.
 * A plugin that does not speak that version answers NULL, so a mismatch is
 * refused at load time instead of crashing later (the same idea as
 * PostgreSQL's PG_MODULE_MAGIC).
 *
 * Like SQLite's extension API, the host lends its services to the plugin as
 * a struct of function pointers (ct_host_v1) and the plugin hands back its
 * own (ct_plugin_v1). Structs are only ever extended at the end, and only
 * together with a new ABI version.
 *
 * All text crossing the boundary is UTF-8 JSON. Request and response
 * envelopes are described in DESIGN.md and README.md.
 */
#ifndef CLAIMTRACK_PLUGIN_H
#define CLAIMTRACK_PLUGIN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define CLAIMTRACK_ABI_VERSION 1u

/* Log levels passed to ct_host_v1.log. */
#define CT_LOG_DEBUG 0
#define CT_LOG_INFO  1
#define CT_LOG_WARN  2
#define CT_LOG_ERROR 3

/*
 * What the host lends the plugin. The struct must outlive the instance
 * opened with it.
 */
typedef struct ct_host_v1 {
    uint32_t abi_version;   /* CLAIMTRACK_ABI_VERSION                          */
    void    *host_data;     /* handed back to every callback                   */
    /* May be NULL. Called from any thread; message is valid during the call. */
    void   (*log)(void *host_data, int level, const char *message);
} ct_host_v1;

/* What the plugin gives the host. Static; never freed. */
typedef struct ct_plugin_v1 {
    uint32_t    abi_version;  /* CLAIMTRACK_ABI_VERSION                        */
    const char *name;         /* "claimtrack"                                  */
    const char *version;      /* semantic version of the plugin, "1.0.0"       */

    /*
     * Open an instance: parse config_json, connect the connection pool and
     * bring the database schema up to date (migrations run under an advisory
     * lock, so several hosts may open one database at once).
     * Returns NULL on failure; *error_out (when error_out is not NULL) then
     * holds a message the caller releases with free_string.
     */
    void *(*open)(const ct_host_v1 *host, const char *config_json, char **error_out);

    /*
     * Serve one request envelope and return the response envelope as JSON
     * text, released with free_string. Thread-safe: may be called from many
     * threads at once on one instance. Returns NULL only when out of memory.
     */
    char *(*handle)(void *instance, const char *request_json);

    /* Release a string returned by open (error_out) or handle. NULL is fine. */
    void  (*free_string)(char *s);

    /* Join background work, close every connection and free the instance.
       No handle() call may be running or follow. NULL is fine. */
    void  (*close)(void *instance);
} ct_plugin_v1;

/*
 * The one exported symbol. Returns the function table for host_abi_version,
 * or NULL when the plugin does not support that version.
 */
const ct_plugin_v1 *claimtrack_plugin_v1(uint32_t host_abi_version);

/* The type of claimtrack_plugin_v1, for dlsym(). */
typedef const ct_plugin_v1 *(*claimtrack_plugin_v1_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* CLAIMTRACK_PLUGIN_H */
