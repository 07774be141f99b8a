#!/usr/bin/env bash
# mutate.sh BUILD -- mutation testing: every mutant of tests/mutants/mutants.txt
# applied alone to a scratch copy of the sources; each must make one of the
# fast suites (the plain build's Check suites as run-tests.sh runs them, all
# but test_oom: see MUTATE_SKIP) fail against the cluster in CT_TEST_DB
# (scripts/pgtest.sh sets it); before each mutant every database of that
# cluster is dropped, so each meets the suites as make check does.
#
# The scratch copy is BUILD/mutate/tree, its objects BUILD/mutate/tree/build;
# both are kept between runs, so that a mutant recompiles one file and
# relinks. The sources under the repository are never changed.
#
# Per mutant: its file gets the replacement (the text to find must occur in
# it exactly once: a mutant that no longer applies, or does not compile, is
# an error of the list and fails the run), the plugin is rebuilt, and the
# suites run, those the mutant names first (a suite, or one test case of it:
# suite:case), until one fails (killed). A
# mutant all suites pass survived. Then the file and its object are put back.
#
# Before the mutants, the unmutated tree must pass every suite.
#
# Exits non-zero when a mutant is in error, when no mutant ran, when the
# kill rate (killed / every mutant run, equivalent ones included) is below 90 %, or when
# a mutant not marked "equivalent:" survived. A mutant marked equivalent
# that is killed is reported too (its mark is wrong) and fails the run.
#
# Mutants run in MUTATE_JOBS workers at once (default: the number of cores,
# at most 4). Worker 0 is this process, on the cluster of CT_TEST_DB; each
# other worker is this script again (MUTATE_SHARD=k/n) under pgtest.sh, with
# a cluster and a scratch tree (BUILD/mutate/tree-k, a copy of the built
# tree) of its own, and takes
# every n-th mutant. Each worker writes one line per mutant to its results
# file; this process prints the other workers' reports after its own,
# counts all of them, and fails unless every mutant selected has exactly one
# line. Should it end early (an error, an interrupt), it stops the other
# workers, which stop their clusters. A suite that fails only because the
# workers share the cores would kill mutants it cannot tell apart from the
# original and hide survivors; the baseline (below) shows every suite
# passing before the workers start, and the suites' timeouts leave room for
# the load (CK_DEFAULT_TIMEOUT 30 s).
#
# A mutant marked equivalent survives every suite by definition, so it is
# not run (it would cost a run of every suite) unless MUTATE_EQUIVALENT=1;
# it must still apply to the sources, and counts as a survivor in the kill
# rate.
#
# Environment: MUTANTS=id,id,... runs only those; MUTATE_NO_BASELINE=1 skips
# the unmutated run (when the suites just passed in the tree; the plain run
# of run-tests.sh writes their times to BUILD/suite-times, the order below
# uses the newer of those and the baseline's); MUTATE_LIST=file reads
# another list; MUTATE_SKIP="test_a test_b" leaves those suites out (a suite
# still being written), by default test_oom: it is not a fast suite (a sweep
# failing every allocation of every route, minutes long, that checks clean
# 500s and can tell no logic fault from another; make check runs it), and
# MUTATE_SKIP= runs it too; MUTATE_CHECK=1 only checks that every mutant
# applies.
set -uo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
list=${MUTATE_LIST:-$root/tests/mutants/mutants.txt}
work=$root/$build/mutate
shard=${MUTATE_SHARD:-0/${MUTATE_JOBS:-$(n=$(nproc); echo $((n > 4 ? 4 : n)))}}
shard_k=${shard%/*} shard_n=${shard#*/}
if ! [[ "$shard_n" =~ ^[1-9][0-9]*$ && "$shard_k" =~ ^[0-9]+$ ]] || [ "$shard_k" -ge "$shard_n" ]; then
    echo "mutate: MUTATE_JOBS must be a number of workers from 1 (worker $shard)" >&2
    exit 2
fi
if [ "$shard_k" = 0 ]; then
    tree=$work/tree
else
    tree=$work/tree-$shard_k
fi
wd=$work/worker-$shard_k        # this worker's logs and results
results=$wd/results
obj=build                       # relative to the tree
start=$(date +%s)

[ -f "$list" ] || { echo "mutate: no list $list" >&2; exit 2; }
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-30}
export CK_FORK=yes
export CT_TEST_FAIL_FAST=1     # a suite stops at its first failed check (tests/testhost.c)
export CT_TEST_DB

# ---- the scratch tree: the sources copied, unchanged files keep their times ----
mkdir -p "$tree"
copy_tree() {
    local d
    # Files that differ (or are new) are copied with their times; files gone
    # from the repository go from the tree.
    (cd "$root" && find src include sql tests plugin tools scripts data share cli third_party Makefile \
         -path tests/browser/node_modules -prune -o -type f -print) > "$wd/files.txt"
    while IFS= read -r f; do
        if ! cmp -s "$root/$f" "$tree/$f"; then
            mkdir -p "$tree/$(dirname "$f")"
            cp "$root/$f" "$tree/$f"        # a new time: make rebuilds what uses it
        fi
    done < "$wd/files.txt"
    for d in src include sql tests plugin tools scripts data share cli third_party; do
        [ -d "$tree/$d" ] || continue
        (cd "$tree" && find "$d" -path tests/browser/node_modules -prune -o -type f -print) |
            while IFS= read -r f; do
                [ -e "$root/$f" ] || rm -f "$tree/$f"
            done
    done
}

# ---- the list: blocks of "key: value" lines, a blank line between mutants -----
# Parsed into parallel arrays; see tests/mutants/mutants.txt for the format.
ids=() files=() finds=() repls=() descs=() firsts=() equivs=()
parse_list() {
    local line key value n=-1 lineno=0
    local -A seen=()
    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        case "$line" in
            '#'*) continue ;;
            '') continue ;;
        esac
        key=${line%%:*}
        value=${line#*:}
        value=${value# }
        if [ "$key" = "$line" ]; then
            echo "mutate: $list:$lineno: not a \"key: value\" line" >&2
            return 1
        fi
        case "$key" in
            id)
                n=$((n + 1))
                if [ -n "${seen[$value]:-}" ]; then
                    echo "mutate: $list:$lineno: id $value twice" >&2
                    return 1
                fi
                seen[$value]=1
                ids[n]=$value files[n]= finds[n]= repls[n]= descs[n]= firsts[n]= equivs[n]=
                finds_set[n]=0 repls_set[n]=0 ;;
            file|find|find+|replace|replace+|does|first|equivalent)
                if [ $n -lt 0 ]; then
                    echo "mutate: $list:$lineno: $key before the first id" >&2
                    return 1
                fi
                case "$key" in
                    file) files[n]=$value ;;
                    find) finds[n]=$value; finds_set[n]=1 ;;
                    find+) finds[n]+=$'\n'$value ;;
                    replace) repls[n]=$value; repls_set[n]=1 ;;
                    replace+) repls[n]+=$'\n'$value ;;
                    does) descs[n]=$value ;;
                    first) firsts[n]=$value ;;
                    equivalent) equivs[n]=$value ;;
                esac ;;
            *)
                echo "mutate: $list:$lineno: unknown key \"$key\"" >&2
                return 1 ;;
        esac
    done < "$list"
    for ((i = 0; i <= n; i++)); do
        for s in ${firsts[i]}; do
            if [ ! -f "$root/tests/${s%%:*}.c" ]; then
                echo "mutate: mutant ${ids[i]}: first names no suite ${s%%:*}" >&2
                return 1
            fi
            # suite:case, a test case of it by its name (tcase_create)
            if [[ "$s" == *:* ]] && ! grep -qF "tcase_create(\"${s#*:}\")" "$root/tests/${s%%:*}.c"; then
                echo "mutate: mutant ${ids[i]}: first names no test case \"${s#*:}\" of ${s%%:*}" >&2
                return 1
            fi
        done
        if [ -z "${files[i]}" ] || [ "${finds_set[i]}" != 1 ] || [ -z "${finds[i]}" ] ||
           [ "${repls_set[i]}" != 1 ] || [ -z "${descs[i]}" ]; then
            echo "mutate: mutant ${ids[i]}: needs file, find, replace and does" >&2
            return 1
        fi
    done
}
declare -a finds_set repls_set
parse_list || exit 2
if [ ${#ids[@]} -eq 0 ]; then
    echo "mutate: no mutant in $list" >&2
    exit 2
fi

# apply FILE FIND REPLACE: the one occurrence of FIND replaced; 1 when it is
# not there exactly once.
apply() {
    FIND=$2 REPLACE=$3 perl -0777 -i -pe '
        my ($f, $r) = ($ENV{FIND}, $ENV{REPLACE});
        my $n = () = /\Q$f\E/g;
        if ($n != 1) { print STDERR "found $n times\n"; exit 1 }
        s/\Q$f\E/$r/;
    ' "$1"
}

# MUTATE_CHECK=1: only whether every mutant applies to the sources as they are.
if [ -n "${MUTATE_CHECK:-}" ]; then
    bad=0
    scratch=$(mktemp)
    for ((i = 0; i < ${#ids[@]}; i++)); do
        if [ ! -f "$root/${files[i]}" ]; then
            echo "${ids[i]}: no file ${files[i]}"; bad=1; continue
        fi
        cp "$root/${files[i]}" "$scratch"
        if ! apply "$scratch" "${finds[i]}" "${repls[i]}" 2> "$scratch.log"; then
            echo "${ids[i]}: the text to find is not in ${files[i]} exactly once ($(cat "$scratch.log"))"
            bad=1
        fi
    done
    rm -f "$scratch" "$scratch.log"
    if [ "$bad" = 0 ]; then
        echo "mutate: ${#ids[@]} mutants checked, every one fits"
    else
        echo "mutate: ${#ids[@]} mutants checked, some do not fit (above)"
    fi
    exit $bad
fi

: "${CT_TEST_DB:?run me through scripts/pgtest.sh (CT_TEST_DB is not set)}"
mkdir -p "$wd"
[ "$shard_k" = 0 ] && rm -f "$work"/worker-*/results    # an earlier run's, maybe of more workers
: > "$results"
copy_tree

# ---- building and running ---------------------------------------------------------
make_tree() {
    make --no-print-directory -C "$tree" BUILD="$obj" "$@"
}

suites=()
for src in "$tree"/tests/test_*.c; do
    name=$(basename "$src" .c)
    [[ " ${MUTATE_SKIP-test_oom} " == *" $name "* ]] || suites+=("$name")
done

# run_suite NAME[:CASE]: builds the suite if needed, runs it (only its test
# case CASE, by Check's CK_RUN_CASE, when one is named); 0 when every check
# passed, 3 when it does not build or link, 4 when a case named ran no check
# (a name the suite no longer has: never counted as a kill).
suite_log=$wd/suite.log
run_suite() {
    local name=${1%%:*} case= summary checks failures errors status
    [[ "$1" == *:* ]] && case=${1#*:}
    if ! make_tree "$obj/tests/$name" > "$suite_log" 2>&1; then
        return 3
    fi
    (cd "$tree" && env CT_PLUGIN="$obj/claimtrack.so" ${case:+CK_RUN_CASE="$case"} \
         timeout 600 "$obj/tests/$name") > "$suite_log" 2>&1
    status=$?
    summary=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$suite_log" | tail -n 1)
    checks=$(echo "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    failures=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    errors=$(echo "$summary" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    if [ -n "$case" ] && [ $status -eq 0 ] && [ "${checks:-0}" -eq 0 ]; then
        return 4
    fi
    [ $status -eq 0 ] && [ -n "$summary" ] && [ "${checks:-0}" -gt 0 ] &&
        [ "${failures:-1}" -eq 0 ] && [ "${errors:-1}" -eq 0 ]
}

# Every database of the cluster dropped and "postgres" made anew: each
# mutant meets the suites on a cluster as make check gives them, not on
# what the suites (or a mutant) left behind.
PSQL=$(command -v psql || echo "${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}/psql")
reset_cluster() {
    local dbs db
    dbs=$("$PSQL" "$CT_TEST_DB dbname=template1" -XAtq -c \
          "SELECT datname FROM pg_database WHERE NOT datistemplate") || return 1
    for db in $dbs; do
        "$PSQL" "$CT_TEST_DB dbname=template1" -Xq -c "DROP DATABASE \"$db\" WITH (FORCE)" \
            >/dev/null || return 1
    done
    "$PSQL" "$CT_TEST_DB dbname=template1" -Xq -c "CREATE DATABASE postgres" >/dev/null
}

# The first failing check's line, for the report.
first_failure() {
    grep -m1 -E ':[EF]:' "$suite_log" | cut -c1-160
}

[ "$shard_k" = 0 ] && echo "== mutate: building the scratch tree ($tree)"
if ! make_tree -j"$(nproc)" "$obj/claimtrack.so" "$obj/claimtrack" $(printf "$obj/tests/%s " "${suites[@]}") \
        > "$wd/build.log" 2>&1; then
    tail -n 30 "$wd/build.log"
    echo "mutate: the unmutated tree does not build" >&2
    exit 2
fi

if [ -z "${MUTATE_NO_BASELINE:-}" ] && [ "$shard_k" = 0 ]; then
    echo "== mutate: the suites without any mutant"
    reset_cluster || { echo "mutate: cannot reset the test cluster" >&2; exit 2; }
    : > "$work/suite-times.new"
    for s in "${suites[@]}"; do
        t0=$(date +%s%N)
        if ! run_suite "$s"; then
            tail -n 40 "$suite_log"
            echo "mutate: $s fails without any mutant: nothing to measure" >&2
            exit 2
        fi
        echo "$s $(( ($(date +%s%N) - t0) / 1000000 ))" >> "$work/suite-times.new"
    done
    mv "$work/suite-times.new" "$work/suite-times"
    echo "   every suite passes ($(( $(date +%s) - start )) s)"
fi

# After the suites a mutant names, the others run quickest first (as timed
# without a mutant, now or in an earlier run): a mutant is mostly killed by
# a suite it does not name only when that suite is quick.
times=$work/suite-times
if [ -f "$root/$build/suite-times" ] && { [ ! -f "$times" ] || [ "$root/$build/suite-times" -nt "$times" ]; }; then
    times=$root/$build/suite-times
fi
if [ -f "$times" ]; then
    mapfile -t suites < <(for s in "${suites[@]}"; do
        echo "$(awk -v s="$s" '$1 == s { print $2 }' "$times" | grep . || echo 999999) $s"
    done | sort -n -k1,1 | awk '{ print $2 }')
fi

# restore FILE: the original back with a new time, its object removed so that
# the next build compiles it again whatever the times say.
# (The original is the tree's own copy from before the mutant: the
# repository may have changed meanwhile.)
restore() {
    cp "$wd/original" "$tree/$1"
    rm -f "$tree/$obj/obj/${1%.c}.o"
}
# stop_workers: the other workers and their clusters, when this one ends
# before them (each is a process group of its own: pgtest.sh and its script).
pids=()
stop_workers() {
    local p
    for p in "${pids[@]}"; do
        kill -TERM -- "-$p" 2>/dev/null
    done
    for p in "${pids[@]}"; do
        wait "$p" 2>/dev/null
    done
    pids=()
}
mutated=
trap '[ -n "$mutated" ] && restore "$mutated"; stop_workers' EXIT
trap 'exit 130' INT TERM HUP

# ---- the other workers: this script again, each on a cluster of its own --------
# Whether mutant ID is one this run is to run (MUTANTS, or every one).
selected() { [ -z "${MUTANTS:-}" ] || [[ ",$MUTANTS," == *",$1,"* ]]; }

if [ "$shard_k" = 0 ]; then
    printf '== mutate: %d mutants of %s, %d workers\n' "${#ids[@]}" "${list#$root/}" "$shard_n"
    for ((k = 1; k < shard_n; k++)); do
        mkdir -p "$work/worker-$k"
        # the built tree copied with its times: the worker builds nothing anew
        if ! { rm -rf "$work/tree-$k" && cp -a "$tree" "$work/tree-$k"; }; then
            echo "mutate: cannot copy the scratch tree for worker $k" >&2
            exit 2
        fi
        MUTATE_SHARD=$k/$shard_n MUTATE_NO_BASELINE=1 \
            setsid "$here/pgtest.sh" "$0" "$build" > "$work/worker-$k/report" 2>&1 &
        pids+=($!)
    done
fi

# ---- this worker's mutants: every shard_n-th, from shard_k -------------------------
# One line per mutant in $results: ID VERDICT SUITE (VERDICT: killed, survived,
# equivalent, equivalent-killed, not-run-equivalent, error).
for ((i = shard_k; i < ${#ids[@]}; i += shard_n)); do
    id=${ids[i]} file=${files[i]}
    selected "$id" || continue
    t0=$(date +%s)
    if [ -n "${equivs[i]}" ] && [ -z "${MUTATE_EQUIVALENT:-}" ]; then
        cp "$tree/$file" "$wd/original" 2>/dev/null &&
            apply "$wd/original" "${finds[i]}" "${repls[i]}" 2> "$wd/apply.log"
        if [ $? -ne 0 ]; then
            echo "$id: ERROR: the text to find is not in $file exactly once ($(cat "$wd/apply.log" 2>/dev/null))"
            echo "$id error -" >> "$results"
        else
            printf '%-36s not run (equivalent)           %4d s  %s\n' "$id" 0 "${equivs[i]}"
            echo "$id not-run-equivalent -" >> "$results"
        fi
        continue
    fi
    if [ ! -f "$tree/$file" ]; then
        echo "$id: ERROR: no file $file"
        echo "$id error -" >> "$results"
        continue
    fi
    cp "$tree/$file" "$wd/original"
    mutated=$file
    if ! apply "$tree/$file" "${finds[i]}" "${repls[i]}" 2> "$wd/apply.log"; then
        echo "$id: ERROR: the text to find is not in $file exactly once ($(cat "$wd/apply.log"))"
        restore "$file"; mutated=
        echo "$id error -" >> "$results"
        continue
    fi
    if ! make_tree -j"$(nproc)" "$obj/claimtrack.so" "$obj/claimtrack" > "$wd/build.log" 2>&1; then
        echo "$id: ERROR: does not compile"
        grep -m3 -E 'error' "$wd/build.log" | sed 's/^/    /'
        restore "$file"; mutated=
        echo "$id error -" >> "$results"
        continue
    fi
    if ! reset_cluster; then
        echo "mutate: cannot reset the test cluster" >&2
        exit 2
    fi
    order=(${firsts[i]})
    for s in "${suites[@]}"; do
        [[ " ${order[*]} " == *" $s "* ]] || order+=("$s")
    done
    by=
    for s in "${order[@]}"; do
        run_suite "$s"
        st=$?
        if [ $st -eq 3 ]; then
            echo "$id: ERROR: $s does not link with the mutant"
            by=error
            break
        fi
        if [ $st -eq 4 ]; then
            echo "$id: ERROR: $s ran no check (no such test case)"
            by=error
            break
        fi
        if [ $st -ne 0 ]; then
            by=$s
            break
        fi
    done
    restore "$file"
    mutated=
    secs=$(( $(date +%s) - t0 ))
    if [ "$by" = error ]; then
        echo "$id error -" >> "$results"
    elif [ -n "$by" ]; then
        if [ -n "${equivs[i]}" ]; then
            printf '%-36s killed by %-42s %4d s  (but marked equivalent: %s)\n' "$id" "$by" "$secs" "${equivs[i]}"
            echo "$id equivalent-killed $by" >> "$results"
        else
            printf '%-36s killed by %-42s %4d s  %s\n' "$id" "$by" "$secs" "$(first_failure)"
            echo "$id killed $by" >> "$results"
        fi
    elif [ -n "${equivs[i]}" ]; then
        printf '%-36s survived (equivalent)          %4d s  %s\n' "$id" "$secs" "${equivs[i]}"
        echo "$id equivalent -" >> "$results"
    else
        printf '%-36s SURVIVED                       %4d s  %s\n' "$id" "$secs" "${descs[i]}"
        echo "$id survived -" >> "$results"
    fi
done
[ "$shard_k" = 0 ] || exit 0

# ---- every worker's results, counted together ---------------------------------------
fail=0
for ((k = 1; k < shard_n; k++)); do
    wait "${pids[k - 1]}"
    st=$?
    cat "$work/worker-$k/report"
    if [ $st -ne 0 ]; then
        echo "mutate: worker $k failed (exit $st; its report is above)" >&2
        fail=1
    fi
done
pids=()
all=$(for ((k = 0; k < shard_n; k++)); do cat "$work/worker-$k/results" 2>/dev/null; done)
# every mutant selected, one line each
wanted=$(for id in "${ids[@]}"; do if selected "$id"; then echo "$id"; fi; done | sort)
reported=$(echo "$all" | awk 'NF { print $1 }' | sort)
if [ "$wanted" != "$reported" ]; then
    echo "mutate: the workers' results do not name each mutant selected once:" >&2
    diff <(echo "$wanted") <(echo "$reported") | grep '^[<>]' | head -n 20 >&2
    fail=1
fi
count() { echo "$all" | awk -v v="$1" '$2 == v' | wc -l; }
list_of() { echo "$all" | awk -v v="$1" '$2 == v { printf "%s%s", sep, $1; sep = " " }'; }
killed=$(count killed) survived=$(count survived) errors=$(count error)
equiv_survived=$(( $(count equivalent) + $(count not-run-equivalent) ))
wrong_equiv=$(count equivalent-killed)
killed=$((killed + wrong_equiv))
ran=$((killed + survived + $(count equivalent)))
survivors=$(list_of survived)
equiv_ids="$(list_of equivalent) $(list_of not-run-equivalent)"
equiv_ids=$(echo $equiv_ids)

n=$((killed + survived + equiv_survived))
echo "mutants: $killed killed of $n, $((survived + equiv_survived)) survived:${survivors:+ $survivors}${equiv_ids:+ (equivalent: $equiv_ids)}"
echo "mutate: $ran mutants ran in $(( $(date +%s) - start )) s"
if [ "$errors" -gt 0 ]; then
    echo "mutate: $errors mutants in error (the list no longer fits the sources): $(list_of error)" >&2
    fail=1
fi
if [ "$ran" -eq 0 ]; then
    echo "mutate: no mutant ran" >&2
    fail=1
fi
if [ "$survived" -gt 0 ]; then
    echo "mutate: survivors not known to be equivalent: $survivors (write a test that kills them)" >&2
    fail=1
fi
if [ "$wrong_equiv" -gt 0 ]; then
    echo "mutate: killed but marked equivalent: $(list_of equivalent-killed) (drop the mark)" >&2
    fail=1
fi
if [ $n -gt 0 ] && [ $((killed * 100)) -lt $((n * 90)) ]; then
    echo "mutate: kill rate $((killed * 100 / n)) % is below 90 % (equivalent mutants count as survivors)" >&2
    fail=1
fi
exit $fail
