/*
 * test_plugin.c -- plugin/plugin.c: the ABI entry point, open() and
 * close(), what the shared object exports; and include/claimtrack/loader.h,
 * the hosts' loader.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/loader.h"
#include "testhost.h"

static const char *plugin_path(void)
{
    return getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
}

static void assert_unloaded(const ct_loaded *lp)
{
    ck_assert_ptr_null(lp->so);
    ck_assert_ptr_null(lp->api);
    ck_assert_msg(lp->entry == NULL, "entry left behind");
    ck_assert_uint_eq(lp->flags, 0);
}

START_TEST(exports_only_the_entry_point)
{
    char cmd[512], line[256];
    const char *path = getenv("CT_PLUGIN") ? getenv("CT_PLUGIN") : "build/claimtrack.so";
    int symbols = 0;

    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s'", path);
    FILE *nm = popen(cmd, "r");
    ck_assert_ptr_nonnull(nm);
    while (fgets(line, sizeof line, nm)) {
        char type, name[200];
        if (sscanf(line, "%*s %c %199s", &type, name) != 2)
            continue;
        ck_assert_msg(strcmp(name, "claimtrack_plugin_v1") == 0,
                      "unexpected exported symbol %s", name);
        symbols++;
    }
    ck_assert_int_eq(pclose(nm), 0);
    ck_assert_int_eq(symbols, 1);
}
END_TEST

START_TEST(abi_mismatch_is_refused)
{
    const ct_plugin_v1 *v1 = th_plugin();
    ck_assert_uint_eq(v1->abi_version, CLAIMTRACK_ABI_VERSION);
    ck_assert_str_eq(v1->name, "claimtrack");
    /* A host struct of another ABI version is refused by open(). */
    ct_host_v1 host = {CLAIMTRACK_ABI_VERSION + 1, NULL, NULL};
    char *error = NULL;
    void *inst = v1->open(&host, th_config(1), &error);
    ck_assert_ptr_null(inst);
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "ABI version 2"));
    v1->free_string(error);
}
END_TEST

START_TEST(entry_point_refuses_other_versions)
{
    /* th_plugin() asked for v1; here the same symbol is asked for v0 and v2. */
    ck_assert_ptr_null(th_entry_for(0));
    ck_assert_ptr_null(th_entry_for(2));
    ck_assert_ptr_nonnull(th_entry_for(1));
}
END_TEST

static void log_to_buffer(void *data, int level, const char *message)
{
    (void)level;
    snprintf(data, 512, "%s", message);
}

START_TEST(bad_configurations_are_refused_with_a_message)
{
    static const struct { const char *config; const char *needle; } cases[] = {
        {"{\"pool_sise\":4}", "pool_sise"},
        {"{\"pool_size\":0}", "pool_size"},
        {"{\"statement_timeout_ms\":0}", "statement_timeout_ms"},
        {"{\"webhooks\":[{\"url\":\"ftp://x\",\"secret\":\"0123456789abcdef\"}]}", "webhooks.0.url"},
        {"{\"webhooks\":[{\"url\":\"https://x\",\"secret\":\"short\"}]}", "webhooks.0.secret"},
        {"{\"webhooks\":[{\"url\":\"https://x\",\"secret\":\"0123456789abcdef\",\"events\":[\"claim.deleted\"]}]}", "webhooks.0.events"},
        {"{\"outbound\":{\"allow_private\":[\"nonsense\"]}}", "outbound.allow_private"},
        {"{\"outbound\":{\"poll_ms\":0}}", "outbound.poll_ms"},
        {"{\"pool_size\":\"8\"}", "pool_size"},
        {"{\"language\":\"Russian!\"}", "language"},
        {"{\"publisher\":{\"name\":\"X\",\"url\":\"ftp://x\"}}", "publisher.url"},
        {"{\"database\":", "JSON"},
        {"[1]", "object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *error = NULL;
        void *inst = th_plugin()->open(NULL, cases[i].config, &error);
        ck_assert_msg(inst == NULL, "config %s was accepted", cases[i].config);
        ck_assert_msg(error && strstr(error, cases[i].needle),
                      "config %s: message \"%s\" does not name %s", cases[i].config,
                      error ? error : "(null)", cases[i].needle);
        th_plugin()->free_string(error);
    }
}
END_TEST

START_TEST(unreachable_database_fails_open_and_logs)
{
    char logged[512] = "";
    ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, logged, log_to_buffer};
    char *error = NULL;
    void *inst = th_plugin()->open(&host,
        "{\"database\":\"host=/nonexistent-claimtrack dbname=x connect_timeout=2\"}", &error);
    ck_assert_ptr_null(inst);
    ck_assert_ptr_nonnull(strstr(error, "cannot connect"));
    ck_assert_ptr_nonnull(strstr(logged, "cannot connect"));
    th_plugin()->free_string(error);
}
END_TEST

START_TEST(open_health_close)
{
    char *error = NULL;
    th_instance = th_plugin()->open(NULL, th_config(2), &error);
    ck_assert_msg(th_instance != NULL, "open: %s", error ? error : "");
    th_resp r = th_call("GET", "/health", NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(th_str(&r, "database"), "ok");
    ck_assert_int_ge(th_int(&r, "schema_version"), 1);
    th_free(&r);
    th_plugin()->close(th_instance);
    th_plugin()->close(NULL);
    th_plugin()->free_string(NULL);
}
END_TEST

START_TEST(loader_loads_the_plugin)
{
    char why[256] = "stale";
    ct_loaded lp;
    const ct_plugin_v1 *ct = ct_loader_open(plugin_path(), 0, &lp, why, sizeof why);

    ck_assert_msg(ct != NULL, "ct_loader_open: %s", why);
    ck_assert_str_eq(why, "");
    ck_assert_ptr_eq(ct, lp.api);
    ck_assert_ptr_nonnull(lp.so);
    ck_assert_uint_eq(ct->abi_version, CLAIMTRACK_ABI_VERSION);
    ck_assert_str_eq(ct->name, "claimtrack");
    ck_assert_ptr_null(lp.entry(CLAIMTRACK_ABI_VERSION + 1));
    ck_assert_ptr_eq(lp.entry(CLAIMTRACK_ABI_VERSION), ct);
    ct_loader_close(&lp);
    assert_unloaded(&lp);
    ct_loader_close(&lp);   /* a second close does nothing */
    ct_loader_close(NULL);

    /* NODELETE: the library stays loaded after the close (RTLD_NOLOAD
       finds it without loading it again). */
    ct = ct_loader_open(plugin_path(), CT_LOADER_NODELETE, &lp, why, sizeof why);
    ck_assert_msg(ct != NULL, "ct_loader_open(NODELETE): %s", why);
    ck_assert_uint_eq(lp.flags, CT_LOADER_NODELETE);
    ct_loader_close(&lp);
    void *again = dlopen(plugin_path(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    ck_assert_ptr_nonnull(again);
    dlclose(again);
    ck_assert_str_eq(ct->name, "claimtrack");
}
END_TEST

START_TEST(loader_refuses_what_is_not_a_plugin)
{
    char why[256];
    ct_loaded lp;

    /* A shared object without the entry point. */
    ck_assert_ptr_null(ct_loader_open("libc.so.6", 0, &lp, why, sizeof why));
    ck_assert_str_eq(why, "libc.so.6: not a claimtrack plugin (no claimtrack_plugin_v1)");
    assert_unloaded(&lp);

    /* No shared object at all: dlerror()'s words. */
    static const char *const not_loadable[] = {"/bin/sh", "/nonexistent/claimtrack.so"};
    for (size_t i = 0; i < 2; i++) {
        ck_assert_ptr_null(ct_loader_open(not_loadable[i], 0, &lp, why, sizeof why));
        ck_assert_msg(why[0] != '\0', "%s: no message", not_loadable[i]);
        ck_assert_ptr_null(strstr(why, "claimtrack plugin"));
        assert_unloaded(&lp);
    }

    ck_assert_ptr_null(ct_loader_open(NULL, 0, &lp, why, sizeof why));
    ck_assert_str_eq(why, "no plugin path");
    ck_assert_ptr_null(ct_loader_open(plugin_path(), 0x6, &lp, why, sizeof why));
    ck_assert_str_eq(why, "unknown loader flags 0x6");
    assert_unloaded(&lp);

    /* The message is cut to the buffer, always terminated; NULL is fine. */
    char small[8];
    ck_assert_ptr_null(ct_loader_open("libc.so.6", 0, &lp, small, sizeof small));
    ck_assert_str_eq(small, "libc.so");
    ck_assert_ptr_null(ct_loader_open("libc.so.6", 0, &lp, NULL, 100));
}
END_TEST

/* Build a stand-in plugin whose entry point answers a table of ABI version
   abi (0: NULL), as a plugin of another ABI would. */
static void build_fake_plugin(const char *dir, unsigned abi, char *so, size_t size)
{
    char src[256], cmd[1024];
    snprintf(src, sizeof src, "%s/fake%u.c", dir, abi);
    snprintf(so, size, "%s/fake%u.so", dir, abi);
    FILE *f = fopen(src, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "static const unsigned table[8] = {%uu};\n"
               "const void *claimtrack_plugin_v1(unsigned v);\n"
               "const void *claimtrack_plugin_v1(unsigned v) { (void)v; return %s; }\n",
            abi, abi ? "table" : "0");
    ck_assert_int_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "cc -shared -fPIC -o '%s' '%s'", so, src);
    ck_assert_msg(system(cmd) == 0, "cannot build %s (is cc installed?)", so);
}

START_TEST(loader_refuses_another_abi)
{
    char dir[] = "/tmp/claimtrack-loader.XXXXXX", so[300], want[400], why[256], cmd[600];
    ct_loaded lp;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    build_fake_plugin(dir, 0, so, sizeof so);
    ck_assert_ptr_null(ct_loader_open(so, 0, &lp, why, sizeof why));
    snprintf(want, sizeof want, "%s: the plugin does not speak ABI version 1, the one this host speaks", so);
    ck_assert_str_eq(why, want);
    assert_unloaded(&lp);

    build_fake_plugin(dir, 2, so, sizeof so);
    ck_assert_ptr_null(ct_loader_open(so, 0, &lp, why, sizeof why));
    snprintf(want, sizeof want, "%s: ABI version 2, this host speaks 1", so);
    ck_assert_str_eq(why, want);
    assert_unloaded(&lp);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plugin");
    TCase *tc = tcase_create("abi");
    tcase_add_test(tc, exports_only_the_entry_point);
    tcase_add_test(tc, abi_mismatch_is_refused);
    tcase_add_test(tc, entry_point_refuses_other_versions);
    tcase_add_test(tc, bad_configurations_are_refused_with_a_message);
    tcase_add_test(tc, unreachable_database_fails_open_and_logs);
    tcase_add_test(tc, open_health_close);
    suite_add_tcase(s, tc);
    TCase *loader = tcase_create("loader");
    tcase_add_test(loader, loader_loads_the_plugin);
    tcase_add_test(loader, loader_refuses_what_is_not_a_plugin);
    tcase_add_test(loader, loader_refuses_another_abi);
    suite_add_tcase(s, loader);
    return th_run_suite(s);
}
