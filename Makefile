# claimtrack -- build, test and run.
#
#   make            build/claimtrack.so (the plugin) and build/claimtrack (CLI host)
#   make check      install what is missing, then every test against a throwaway
#                   PostgreSQL, plain and under AddressSanitizer + UBSan
#   make run        install what is missing, start ./var's PostgreSQL, load the
#                   seed story when empty, print the article's notices and timeline
#   make install    PREFIX=/usr/local DESTDIR= : plugin, headers, claimtrack.pc
#   make layers     the dependency graph of src/ against src/layers.txt
#   make vocabulary the README and docs tables from src/vocabulary.txt
#   make valgrind   the integration tests under valgrind (slower; not part of check)
#   make bench      requests/s of the hot routes as ratios to pgbench -S/-N (2 threads)

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
PKGS     = libpq libcurl libcrypto libutf8proc libxml-2.0 libidn2 icu-uc
TESTPKGS = check libmicrohttpd libcrypto

WARN     = -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion \
           -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
           -Iinclude -Isrc -I$(BUILD)/gen $(JSONC_CFLAGS) $(shell pkg-config --cflags $(PKGS))
LIBS     = $(JSONC_LIBS) $(shell pkg-config --libs $(PKGS)) -lpthread -lm

# json-c is the release kept in third_party/json-c (its README says which
# and why), built once by its own CMake into a static archive that every
# binary of the project links: the plugin keeps it inside, unexported.
JSONC_DIR    = build/vendor/json-c
JSONC_LIB    = $(JSONC_DIR)/lib/libjson-c.a
JSONC_CFLAGS = -I$(JSONC_DIR)/include
JSONC_LIBS   = $(JSONC_LIB) -lm
JSONC_SRC    = $(wildcard third_party/json-c/*.[ch] third_party/json-c/*.in) \
               third_party/json-c/CMakeLists.txt third_party/README.md Makefile
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The library's layers, bottom first (src/README.md; make layers checks the
# edges between them against layers.txt).
LAYERS   = base store net domain render jobs door
# Tests and benchmarks name headers without their folder.
LAYER_INC = $(addprefix -Isrc/,$(LAYERS))
SRC      = $(foreach l,$(LAYERS),$(sort $(wildcard src/$(l)/*.c))) plugin/plugin.c
GEN      = $(BUILD)/gen/migrations.c
# The words (src/vocabulary.txt) as C tables and SQL, like PostgreSQL's errcodes.
VOCAB_C  = $(BUILD)/gen/base/vocabulary.c
VOCAB_H  = $(BUILD)/gen/base/vocabulary.h
MIGRATIONS = $(sort $(wildcard sql/[0-9]*.sql))
HEADERS  = $(wildcard src/*/*.h) $(wildcard include/claimtrack/*.h) $(VOCAB_H)

# Every tests/test_*.c is a Check suite; those that need a database load the
# plugin through tests/testhost.c, those that need an HTTP peer use tests/httpd.c.
TESTS    = $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_LIBS = tests/testhost.c tests/httpd.c

.PHONY: all check run install uninstall clean deps tests asan valgrind bench bench-data layers vocabulary wordpress wordpress-plugin wordpress-bench fuzz mutate
all: $(BUILD)/claimtrack.so $(BUILD)/claimtrack $(BUILD)/claimtrack-host $(BUILD)/ct_wp.so

# The first thing built: says which packages are missing, and the command
# that installs them, before any compiler error could.
$(JSONC_LIB): $(JSONC_SRC) scripts/deps.sh
	@scripts/deps.sh --check
	@echo "  CMAKE   $(JSONC_DIR)"
	@rm -rf $(JSONC_DIR) && mkdir -p $(JSONC_DIR)/cmake
	@cmake -S third_party/json-c -B $(JSONC_DIR)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_C_FLAGS=-fno-omit-frame-pointer \
	    -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
	    -DBUILD_APPS=OFF -DBUILD_TESTING=OFF -DDISABLE_EXTRA_LIBS=ON -DDISABLE_WERROR=ON \
	    -DENABLE_THREADING=ON -DCMAKE_INSTALL_PREFIX=$(abspath $(JSONC_DIR)) \
	    -DCMAKE_INSTALL_LIBDIR=lib > $(JSONC_DIR)/cmake.log 2>&1 || { cat $(JSONC_DIR)/cmake.log; false; }
	@cmake --build $(JSONC_DIR)/cmake --target install > $(JSONC_DIR)/build.log 2>&1 \
	    || { cat $(JSONC_DIR)/build.log; false; }
	@touch $@

$(BUILD)/embed_sql: tools/embed_sql.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

# The list of migration files, rewritten only when it changes: a removed or
# renamed migration leaves every remaining file older than $(GEN), so the
# files alone would not show that $(GEN) must be made again.
MIGRATIONS_LIST = $(BUILD)/gen/migrations.list
$(MIGRATIONS_LIST): FORCE
	@mkdir -p $(@D)
	@echo '$(MIGRATIONS)' | cmp -s - $@ || echo '$(MIGRATIONS)' > $@
FORCE:

$(GEN): $(BUILD)/embed_sql $(MIGRATIONS) $(MIGRATIONS_LIST)
	@mkdir -p $(@D)
	$(BUILD)/embed_sql $@ $(MIGRATIONS)

$(VOCAB_H): src/vocabulary.txt tools/vocabulary.awk
	@mkdir -p $(@D)
	@awk -F'\t' -v out=h -f tools/vocabulary.awk src/vocabulary.txt > $@.tmp && mv $@.tmp $@

$(VOCAB_C): src/vocabulary.txt tools/vocabulary.awk $(VOCAB_H)
	@mkdir -p $(@D)
	@awk -F'\t' -v out=c -f tools/vocabulary.awk src/vocabulary.txt > $@.tmp && mv $@.tmp $@

# Every source is compiled once into $(BUILD)/obj (position independent,
# hidden visibility); the plugin and the test suites link the same objects.
# All of them include json-c, so a new json-c rebuilds them all.
OBJ      = $(patsubst %.c,$(BUILD)/obj/%.o,$(SRC)) $(BUILD)/obj/gen/migrations.o \
           $(BUILD)/obj/gen/base/vocabulary.o
LIB_OBJ  = $(filter-out $(BUILD)/obj/plugin/plugin.o,$(OBJ))

$(BUILD)/obj/%.o: %.c $(HEADERS) $(JSONC_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) $(OBJ_DEFINES) -fPIC -fvisibility=hidden -c -o $@ $<

# What readers' notices and claims are composed from, named by its
# content: the statements and renderers (src/render, the claim fragments
# of src/domain's headers, src/domain/claims.c), what they use (src/base)
# and the schema's functions (sql). The answers kept ready-made in the
# database (src/render/notices.c, src/domain/claims.c) are kept per
# composition, so a build that composes differently never serves an answer
# another one kept, whatever the clocks (or SOURCE_DATE_EPOCH) say.
COMPOSITION_SRC = $(sort $(wildcard src/render/*.c src/render/*.h src/base/*.c src/base/*.h \
                  src/domain/*.h src/domain/claims.c) $(MIGRATIONS) src/vocabulary.txt)
COMPOSITION_ID := $(shell cat $(COMPOSITION_SRC) | sha256sum | cut -c1-64)
$(BUILD)/obj/src/render/notices.o $(BUILD)/obj/src/domain/claims.o: $(COMPOSITION_SRC)
$(BUILD)/obj/src/render/notices.o $(BUILD)/obj/src/domain/claims.o: \
    OBJ_DEFINES = -DCT_COMPOSITION_ID='"$(COMPOSITION_ID)"'

$(BUILD)/obj/gen/base/vocabulary.o: $(VOCAB_C) $(VOCAB_H) $(JSONC_LIB)
	@mkdir -p $(@D)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(BUILD)/obj/gen/migrations.o: $(GEN) src/store/migrate.h $(JSONC_LIB)
	@mkdir -p $(@D)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

# The plugin: hidden visibility, and a version script so that exactly one
# symbol is exported whatever the toolchain adds.
$(BUILD)/claimtrack.so: $(OBJ) plugin/exports.map $(JSONC_LIB)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -shared -Wl,--version-script=plugin/exports.map -Wl,-z,defs \
	    -o $@ $(OBJ) $(LIBS)

# The command-line host talks to the plugin only through plugin.h; it
# compiles src/base/jsonld.c (json-c only) to cut large feeds as the plugin counts them,
# and the proof checker (src/base/proofcheck.c, libcrypto) for `verify --proof`,
# which needs no plugin and no database.
CLI_BASE = src/base/jsonld.c src/base/jsonout.c src/base/buf.c src/base/error.c \
           src/base/merkle.c src/base/note.c src/base/crypto.c src/base/proofcheck.c
$(BUILD)/claimtrack: cli/claimtrack.c $(CLI_BASE) $(CLI_BASE:.c=.h) $(wildcard include/claimtrack/*.h) $(JSONC_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -Isrc -Isrc/base -o $@ cli/claimtrack.c $(CLI_BASE) \
	    $(JSONC_LIBS) -lcrypto -ldl

# The WordPress plugin's per-process shim for PHP's FFI (plugin/wordpress/shim):
# linked -z nodelete so that its instance outlives PHP's per-request dlclose.
$(BUILD)/ct_wp.so: plugin/wordpress/shim/ct_wp.c $(wildcard include/claimtrack/*.h) | $(JSONC_LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(CFLAGS) -fPIC -shared -fvisibility=hidden \
	    -Wl,-z,nodelete -Wl,-z,now -o $@ $< -ldl -lpthread

# The WordPress plugin as a folder to copy into wp-content/plugins: its PHP
# and assets, claimtrack.so and the shim, the notice's stylesheet, and
# lib/ct_wp.ffi.h, the declarations PHP's FFI is given, made here from
# plugin.h (its #include lines dropped, the rest preprocessed, the entry
# point's prototype left out: the shim calls it, and FFI resolves every
# function it is given in the shim) followed by the shim's ct_wp.h: never a
# hand-copied header.
WP_PLUGIN = $(BUILD)/wordpress/claimtrack
WP_PLUGIN_SRC = $(shell find plugin/wordpress/claimtrack -type f) Makefile

wordpress-plugin: $(WP_PLUGIN)/lib/ct_wp.ffi.h

$(WP_PLUGIN)/lib/ct_wp.ffi.h: $(WP_PLUGIN_SRC) $(BUILD)/claimtrack.so $(BUILD)/ct_wp.so share/claimtrack.css \
        include/claimtrack/plugin.h plugin/wordpress/shim/ct_wp.h
	@echo "  PLUGIN  $(WP_PLUGIN)"
	@rm -rf $(WP_PLUGIN) && mkdir -p $(WP_PLUGIN)/lib
	@cp -R plugin/wordpress/claimtrack/. $(WP_PLUGIN)/
	@cp share/claimtrack.css $(WP_PLUGIN)/assets/claimtrack.css
	@cp $(BUILD)/claimtrack.so $(BUILD)/ct_wp.so $(WP_PLUGIN)/lib/
	@{ echo "/* generated by make from include/claimtrack/plugin.h and plugin/wordpress/shim/ct_wp.h */"; \
	   sed '/^[[:space:]]*#[[:space:]]*include/d' include/claimtrack/plugin.h | $(CC) -E -P -x c - \
	       | sed '/^const ct_plugin_v1 \*claimtrack_plugin_v1(/d'; \
	   cat plugin/wordpress/shim/ct_wp.h; } > $@.tmp && mv $@.tmp $@

# make wordpress: a local WordPress site with the plugin and the seed story (scripts/wordpress.sh).
wordpress: deps
	@$(MAKE) --no-print-directory all wordpress-plugin
	@scripts/wordpress.sh up $(BUILD)

# make fuzz: the libFuzzer targets of tests/fuzz for FUZZ_SECONDS (600) each.
FUZZ_SECONDS ?= 600
fuzz: all
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# make mutate: every mutant of tests/mutants applied alone; each must make the fast suites fail.
mutate: all tests
	@scripts/pgtest.sh scripts/mutate.sh $(BUILD)

# make wordpress-bench: page time, connections per PHP worker, 10,000 requests (scripts/wordpress-bench.sh).
wordpress-bench: deps
	@$(MAKE) --no-print-directory all wordpress-plugin
	@scripts/wordpress-bench.sh $(BUILD)

# The reference host: a newsroom site on libmicrohttpd that dlopens the plugin.
HOST_SRC = host/main.c host/plugin.c host/db.c host/auth.c host/site.c host/http.c host/page.c
$(BUILD)/claimtrack-host: $(HOST_SRC) host/host.h include/claimtrack/plugin.h include/claimtrack/loader.h $(JSONC_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) $(shell pkg-config --cflags libmicrohttpd) -Ihost -o $@ \
	    $(HOST_SRC) $(JSONC_LIBS) $(shell pkg-config --libs libmicrohttpd libpq) -lcrypt -lpthread -ldl

# Unit tests link the objects directly; database tests load the plugin.
# A suite's source and the test host are compiled apart from the link, so
# that a changed library object (each mutant of make mutate) only relinks
# the suites.
TEST_LIB_OBJ = $(patsubst tests/%.c,$(BUILD)/tests/obj/%.o,$(TEST_LIBS))
.SECONDARY: $(patsubst %,$(BUILD)/tests/obj/%.o,$(TESTS)) $(TEST_LIB_OBJ)
$(BUILD)/tests/obj/%.o: tests/%.c $(wildcard tests/*.h) $(HEADERS) $(JSONC_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) $(TEST_CFLAGS) -Itests $(LAYER_INC) \
	    $(shell pkg-config --cflags $(TESTPKGS)) -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/obj/test_%.o $(TEST_LIB_OBJ) $(LIB_OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(TEST_CFLAGS) -o $@ $< $(TEST_LIB_OBJ) $(LIB_OBJ) \
	    $(LIBS) $(shell pkg-config --libs $(TESTPKGS)) -ldl

TEST_BINS = $(addprefix $(BUILD)/tests/,$(TESTS))

deps:
	@scripts/deps.sh

# make check: everything, on a fresh machine, as root or not.
check:
	@CT_WITH_BROWSER=1 scripts/deps.sh
	@$(MAKE) --no-print-directory -j$$(nproc) all tests wordpress-plugin
	@scripts/check.sh $(BUILD)

tests: $(TEST_BINS)

# make vocabulary: rewrite the tables of README.md and docs/errors.md from
# src/vocabulary.txt (make check fails while they differ).
vocabulary:
	@scripts/vocabulary.sh --write

# make layers: the real dependency graph (includes and object symbols)
# against src/layers.txt; fails on an edge up or sideways, or a cycle.
layers: $(OBJ)
	@scripts/layers.sh --self-test $(BUILD)
	@scripts/layers.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory -j$$(nproc) BUILD=build/asan CFLAGS="-O1 -g $(SANITIZE)" \
	    TEST_CFLAGS="" all tests

$(BUILD)/bench: bench/bench.c include/claimtrack/plugin.h include/claimtrack/loader.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -I$(shell pg_config --includedir) -o $@ $< -lpq -lpthread -ldl

# bench_data writes each claim's comparison form as the library would
# (src/domain/lexicon.c, linked in with what it uses).
BENCH_DATA_OBJ = $(BUILD)/obj/src/domain/lexicon.o $(BUILD)/obj/src/base/buf.o \
                 $(BUILD)/obj/src/base/error.o
$(BUILD)/bench_data: bench/bench_data.c include/claimtrack/plugin.h include/claimtrack/loader.h \
                     $(BENCH_DATA_OBJ)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LAYER_INC) -I$(shell pg_config --includedir) -o $@ $< \
	    $(BENCH_DATA_OBJ) -lpq -ldl -lutf8proc

$(BUILD)/bench_webhooks: bench/bench_webhooks.c tests/httpd.c tests/httpd.h include/claimtrack/plugin.h include/claimtrack/loader.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests $(LAYER_INC) $(shell pkg-config --cflags libmicrohttpd) -o $@ \
	    bench/bench_webhooks.c tests/httpd.c $(shell pkg-config --libs libmicrohttpd libcrypto) \
	    -lpthread -ldl

$(BUILD)/bench_anchor: bench/bench_anchor.c include/claimtrack/plugin.h include/claimtrack/loader.h $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LAYER_INC) -o $@ bench/bench_anchor.c $(LIB_OBJ) $(LIBS) -ldl

# Throughput of handle() from 2 threads for reads, notices and writes as
# ratios to pgbench -S and -N of the same cluster and run (bench/bench.c),
# webhook latency and throughput, and anchoring on a 1 MiB article.
bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench $(BUILD)/bench_webhooks $(BUILD)/bench_anchor \
	    $(BUILD)/bench_data
	@scripts/pgtest.sh scripts/bench.sh $(BUILD)

# make bench-data DB=conninfo [SCHEMA=claimtrack] [CLAIMS=1000000]: fill an
# empty claimtrack schema with a desk's years of claims, events and
# mentions, by COPY (bench/bench_data.c). make bench does this itself on
# its throwaway cluster for its at-scale figures.
bench-data: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench_data
	@test -n "$(DB)" || { echo "usage: make bench-data DB='host=... dbname=...' [SCHEMA=claimtrack] [CLAIMS=1000000]" >&2; exit 2; }
	$(BUILD)/bench_data $(BUILD)/claimtrack.so "$(DB)" $(or $(SCHEMA),claimtrack) $(or $(CLAIMS),1000000)

valgrind: all tests
	@scripts/pgtest.sh scripts/valgrind.sh $(BUILD)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh $(BUILD)

install: $(BUILD)/claimtrack.so
	install -d $(DESTDIR)$(PREFIX)/lib/claimtrack $(DESTDIR)$(PREFIX)/include/claimtrack \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0755 $(BUILD)/claimtrack.so $(DESTDIR)$(PREFIX)/lib/claimtrack/claimtrack.so
	install -m 0644 include/claimtrack/plugin.h $(DESTDIR)$(PREFIX)/include/claimtrack/plugin.h
	install -m 0644 include/claimtrack/loader.h $(DESTDIR)$(PREFIX)/include/claimtrack/loader.h
	install -d $(DESTDIR)$(PREFIX)/share/claimtrack
	install -m 0644 share/claimtrack.css $(DESTDIR)$(PREFIX)/share/claimtrack/claimtrack.css
	sed -e 's|@PREFIX@|$(PREFIX)|g' claimtrack.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/claimtrack.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/claimtrack/claimtrack.so \
	    $(DESTDIR)$(PREFIX)/include/claimtrack/plugin.h \
	    $(DESTDIR)$(PREFIX)/include/claimtrack/loader.h \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/claimtrack.pc \
	    $(DESTDIR)$(PREFIX)/share/claimtrack/claimtrack.css

clean:
	rm -rf build
