#!/usr/bin/env bash
# fuzz.sh [SECONDS] -- the libFuzzer targets of tests/fuzz (clang,
# AddressSanitizer + UBSan), each for SECONDS (60), on a copy of its seed
# corpus in tests/fuzz/corpus/<target>, with tests/fuzz/<target>.dict as
# its dictionary when there is one:
#   json         the door's JSON input (base/jsonin.c)
#   anchor       anchoring (domain/anchor.c)
#   lexicon      the comparison form of matching (domain/lexicon.c)
#   claimreview  reading a ClaimReview import (domain/claimreview_import.c)
#   door         handle() of the plugin on a real database, workers off
# (tests/fuzz/make_corpus.py writes the corpora and dictionaries of the last
# two.) Fails on any crash, leak, sanitizer report or timeout (libFuzzer
# keeps the input as build/fuzz/crash-*, leak-*, timeout-*); prints each
# target's executions and coverage. The door target needs CT_TEST_DB:
# without it the script runs itself again under scripts/pgtest.sh (a
# throwaway cluster). `make fuzz` runs it; make check runs it for 60 s per
# target. The library is compiled again here with the fuzzer's
# instrumentation, from src/, plugin/ and the generated build/gen (made by
# `make all`).
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v clang >/dev/null || { echo "fuzz: clang is missing (CT_WITH_BROWSER=1 scripts/deps.sh installs clang and libclang-rt-14-dev)" >&2; exit 1; }
if [ -z "${CT_TEST_DB:-}" ]; then
    exec "$root/scripts/pgtest.sh" "$root/scripts/fuzz.sh" "$@"
fi
for gen in build/gen/migrations.c build/gen/base/vocabulary.c build/gen/base/vocabulary.h \
           build/vendor/json-c/lib/libjson-c.a; do
    [ -f "$gen" ] || { echo "fuzz: $gen is missing: run make all first" >&2; exit 1; }
done

common=(-g -O1 -fno-sanitize-recover=undefined -std=c11
        -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc -Ibuild/gen)
cflags=(-fsanitize=fuzzer,address,undefined "${common[@]}")
pkgs="libpq libcurl libcrypto libutf8proc libxml-2.0 libidn2 icu-uc"
# json-c: the Makefile's build of third_party/json-c, as the plugin links it.
jsonc_cflags=(-Ibuild/vendor/json-c/include)
jsonc_libs=(build/vendor/json-c/lib/libjson-c.a -lm)
mkdir -p build/fuzz
clang "${cflags[@]}" "${jsonc_cflags[@]}" $(pkg-config --cflags libutf8proc) \
    -o build/fuzz/fuzz_json tests/fuzz/fuzz_json.c \
    src/base/jsonin.c src/base/validate.c src/base/error.c "${jsonc_libs[@]}" \
    $(pkg-config --libs libutf8proc)
clang "${cflags[@]}" $(pkg-config --cflags libutf8proc) -o build/fuzz/fuzz_anchor tests/fuzz/fuzz_anchor.c \
    src/domain/anchor.c src/domain/lexicon.c src/base/buf.c src/base/myers.c src/base/textnorm.c \
    src/base/error.c $(pkg-config --libs libutf8proc) -lm
clang "${cflags[@]}" $(pkg-config --cflags libutf8proc) -o build/fuzz/fuzz_lexicon tests/fuzz/fuzz_lexicon.c \
    src/domain/lexicon.c src/base/buf.c src/base/error.c $(pkg-config --libs libutf8proc) -lm

# The whole library (as the Makefile's SRC, GEN and VOCAB_C), instrumented.
rm -rf build/fuzz/obj
mkdir -p build/fuzz/obj
sources=(src/*/*.c plugin/plugin.c build/gen/migrations.c build/gen/base/vocabulary.c)
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    'clang "$@" -c -o "build/fuzz/obj/$(echo "{}" | tr / _).o" "{}"' sh \
    -fsanitize=fuzzer-no-link,address,undefined "${common[@]}" "${jsonc_cflags[@]}" \
    $(pkg-config --cflags $pkgs)
objects=(build/fuzz/obj/*.o)
libs=("${jsonc_libs[@]}" $(pkg-config --libs $pkgs) -lpthread -lm -ldl)
cflags+=("${jsonc_cflags[@]}")
clang "${cflags[@]}" $(pkg-config --cflags $pkgs) -o build/fuzz/fuzz_door tests/fuzz/fuzz_door.c \
    "${objects[@]}" "${libs[@]}"
# fuzz_claimreview includes claimreview_import.c itself.
clang "${cflags[@]}" $(pkg-config --cflags $pkgs) -o build/fuzz/fuzz_claimreview \
    tests/fuzz/fuzz_claimreview.c \
    $(printf '%s\n' "${objects[@]}" | grep -v '/src_domain_claimreview_import\.c\.o$') "${libs[@]}"

status=0
for target in json anchor lexicon claimreview door; do
    work=$(mktemp -d /tmp/claimtrack-fuzz.XXXXXX)
    cp tests/fuzz/corpus/$target/* "$work/"
    log=build/fuzz/$target.log
    dict=()
    [ -f tests/fuzz/$target.dict ] && dict=(-dict="$root/tests/fuzz/$target.dict")
    if (cd build/fuzz && ./fuzz_$target -max_total_time="$seconds" -max_len=8192 -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" "$work" >"$target.log" 2>&1); then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
        ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1)
        echo "fuzz: $target: $runs executions in $seconds s, $cov, $ft, corpus $(ls "$work" | wc -l) inputs"
        sed -n "s/^fuzz_$target: responses: /fuzz: $target: responses: /p" "$log" | tail -n 1
    else
        echo "fuzz: $target FAILED (input kept in build/fuzz/; the log ends with:)" >&2
        tail -n 40 "$log" >&2
        status=1
    fi
    rm -rf "$work"
done
exit $status
