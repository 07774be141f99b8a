#!/usr/bin/env bash
# fuzz.sh [SECONDS] -- the libFuzzer targets of tests/fuzz (clang,
# AddressSanitizer + UBSan), each for SECONDS (60), on a copy of its seed
# corpus in tests/fuzz/corpus/<target>. Fails on any crash, leak, sanitizer
# report or timeout (libFuzzer keeps the input as build/fuzz/crash-*); prints
# each target's executions and coverage. `make fuzz` runs it; make check
# runs it for 60 s per target.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v clang >/dev/null || { echo "fuzz: clang is missing (CT_WITH_BROWSER=1 scripts/deps.sh installs clang and libclang-rt-14-dev)" >&2; exit 1; }

cflags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c11
        -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc -Ibuild/gen)
mkdir -p build/fuzz
clang "${cflags[@]}" $(pkg-config --cflags json-c) -o build/fuzz/fuzz_json tests/fuzz/fuzz_json.c \
    src/base/jsonin.c src/base/validate.c src/base/error.c $(pkg-config --libs json-c)
clang "${cflags[@]}" $(pkg-config --cflags libutf8proc) -o build/fuzz/fuzz_anchor tests/fuzz/fuzz_anchor.c \
    src/domain/anchor.c src/base/myers.c src/base/textnorm.c src/base/error.c \
    $(pkg-config --libs libutf8proc) -lm

status=0
for target in json anchor; do
    work=$(mktemp -d /tmp/claimtrack-fuzz.XXXXXX)
    cp tests/fuzz/corpus/$target/* "$work/"
    log=build/fuzz/$target.log
    if (cd build/fuzz && ./fuzz_$target -max_total_time="$seconds" -max_len=8192 -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 "$work" >"$target.log" 2>&1); then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
        ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1)
        echo "fuzz: $target: $runs executions in $seconds s, $cov, $ft, corpus $(ls "$work" | wc -l) inputs"
    else
        echo "fuzz: $target FAILED (input kept in build/fuzz/; the log ends with:)" >&2
        tail -n 40 "$log" >&2
        status=1
    fi
    rm -rf "$work"
done
exit $status
