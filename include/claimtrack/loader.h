/*
 * claimtrack/loader.h -- loading the plugin: dlopen(), the one entry point
 * and the ABI check that plugin.h asks of every host, written once.
 *
 *     ct_loaded lp;  char why[256];
 *     const ct_plugin_v1 *ct = ct_loader_open("claimtrack.so", 0, &lp, why, sizeof why);
 *     if (ct == NULL) refuse(why);
 *     ... ct->open(), ct->handle(), ct->close(): see plugin.h ...
 *     ct_loader_close(&lp);
 *
 * Header-only, C11 and POSIX <dlfcn.h> (-ldl where the C library wants
 * it); it allocates nothing beyond what dlopen() does, and adds nothing to
 * the ABI: the plugin cannot tell it from a host doing the same by hand.
 */
#ifndef CLAIMTRACK_LOADER_H
#define CLAIMTRACK_LOADER_H

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plugin.h"

/*
 * A loaded plugin: the dlopen() handle, the exported claimtrack_plugin_v1
 * (for a host that also asks it for other versions) and the ABI v1 table
 * (static inside the plugin, read-only), with the CT_LOADER_* flags used.
 * All zero when nothing is loaded: before and after a failed open, after
 * ct_loader_close(), or as `ct_loaded lp = {0}`. Owned by the caller; read
 * it from any thread, close it once.
 */
typedef struct ct_loaded {
    void                   *so;
    claimtrack_plugin_v1_fn entry;
    const ct_plugin_v1     *api;
    unsigned                flags;
} ct_loaded;

/*
 * CT_LOADER_NODELETE: RTLD_NODELETE, so the plugin and the libraries it
 * pulls in (libpq, libcurl, libxml2) stay mapped until the process ends,
 * whoever calls dlclose(). For a host that cannot promise that no plugin
 * code runs when it unloads: a PHP extension or FFI binding, any runtime
 * that finalises objects in no fixed order. open() starts worker threads
 * that run plugin code until close() returns, and those libraries set up
 * process-wide state that is never torn down (curl_global_init(), libxml2's
 * thread-local keys and their destructors): unmapping code that a thread or
 * destructor still calls crashes the process, often at exit, far from the
 * cause. The price: replacing the plugin takes a restart.
 */
#define CT_LOADER_NODELETE 0x1u

/*
 * Unload what ct_loader_open() loaded (dlclose()) and zero *loaded. NULL,
 * or a struct holding nothing, is fine; a second call does nothing.
 * Lifetimes (plugin.h, "Memory"): the table, its strings and every string
 * open() or handle() returned live in the shared object. Before this call,
 * close() every instance and free_string() every string: no thread may be
 * in the plugin (CT_LOADER_NODELETE keeps the code mapped, not this rule).
 * Threads: any thread, not concurrently with other uses of *loaded, never
 * from inside ct_host_v1.log.
 */
static inline void ct_loader_close(ct_loaded *loaded)
{
    if (loaded == NULL)
        return;
#ifndef RTLD_NODELETE
    if (loaded->flags & CT_LOADER_NODELETE)     /* no RTLD_NODELETE: never unload */
        loaded->so = NULL;
#endif
    if (loaded->so != NULL)
        dlclose(loaded->so);
    memset(loaded, 0, sizeof *loaded);
}

/* Not part of the API: the message (cut to errlen; vsnprintf, as the cut
   is wanted), then unload. Returns NULL. */
static inline const ct_plugin_v1 *ct_loader__fail(ct_loaded *loaded, char *errbuf, size_t errlen,
                                                  const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    if (errbuf != NULL && errlen > 0)
        vsnprintf(errbuf, errlen, format, ap);
    va_end(ap);
    ct_loader_close(loaded);
    return NULL;
}

/*
 * Load the plugin at path and return its ABI v1 table, or NULL.
 *
 * path: as dlopen() takes it (without a '/', searched: LD_LIBRARY_PATH...).
 * flags: 0 or CT_LOADER_NODELETE. The plugin is always loaded with
 *   RTLD_NOW | RTLD_LOCAL: every symbol resolved now (a missing library
 *   fails here, not mid-request), and none of them seen by other libraries.
 * loaded: not NULL; where the handle goes. Zeroed first, zero on failure.
 * errbuf, errlen: on failure, a NUL-terminated message for people, cut to
 *   errlen bytes ("" on success). errbuf may be NULL. The messages:
 *     dlerror()'s words: no such file, not a shared object, a library missing
 *     "PATH: not a claimtrack plugin (no claimtrack_plugin_v1)"
 *     "PATH: the plugin does not speak ABI version M, the one this host speaks"
 *     "PATH: ABI version N, this host speaks M" (a table of another version)
 *     "no plugin path", "unknown loader flags 0xF"
 *
 * The check is the one plugin.h ("Versions") and the ABI policy of
 * docs/README.md ask of a host: look up the one exported symbol, ask it for
 * CLAIMTRACK_ABI_VERSION (the version this host was compiled against, never
 * the plugin's newest: a plugin of a later ABI still answers 1 with a v1
 * table) and refuse NULL; the table's abi_version must be the one asked
 * for. ABI v1 has no magic number or size member: the symbol and the
 * version are the whole check. A failure unloads the library again.
 *
 * Threads: any thread. Loading one path twice gives two references to one
 * library (and the same table); close each. dlerror()'s message is per
 * thread in glibc and musl; elsewhere, serialise calls to dlopen().
 */
static inline const ct_plugin_v1 *ct_loader_open(const char *path, unsigned flags,
                                                 ct_loaded *loaded, char *errbuf, size_t errlen)
{
    int mode = RTLD_NOW | RTLD_LOCAL;

    memset(loaded, 0, sizeof *loaded);
    if (path == NULL)
        return ct_loader__fail(loaded, errbuf, errlen, "no plugin path");
    if ((flags & ~CT_LOADER_NODELETE) != 0)
        return ct_loader__fail(loaded, errbuf, errlen, "unknown loader flags 0x%x", flags);
#ifdef RTLD_NODELETE
    if (flags & CT_LOADER_NODELETE)
        mode |= RTLD_NODELETE;
#endif
    (void)dlerror();
    if ((loaded->so = dlopen(path, mode)) == NULL) {
        const char *why = dlerror();
        return ct_loader__fail(loaded, errbuf, errlen, "%s", why ? why : "dlopen() failed");
    }
    loaded->flags = flags;
    void *sym = dlsym(loaded->so, "claimtrack_plugin_v1");
    memcpy(&loaded->entry, &sym, sizeof loaded->entry);   /* POSIX: same size */
    if (loaded->entry == NULL)
        return ct_loader__fail(loaded, errbuf, errlen,
                               "%s: not a claimtrack plugin (no claimtrack_plugin_v1)", path);
    if ((loaded->api = loaded->entry(CLAIMTRACK_ABI_VERSION)) == NULL)
        return ct_loader__fail(loaded, errbuf, errlen, "%s: the plugin does not speak ABI "
                               "version %u, the one this host speaks", path,
                               (unsigned)CLAIMTRACK_ABI_VERSION);
    if (loaded->api->abi_version != CLAIMTRACK_ABI_VERSION)
        return ct_loader__fail(loaded, errbuf, errlen, "%s: ABI version %u, this host speaks %u",
                               path, (unsigned)loaded->api->abi_version,
                               (unsigned)CLAIMTRACK_ABI_VERSION);
    if (errbuf != NULL && errlen > 0)
        errbuf[0] = '\0';
    return loaded->api;
}

#endif /* CLAIMTRACK_LOADER_H */
