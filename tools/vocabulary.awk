# vocabulary.awk -- src/vocabulary.txt into what the build, the schema and
# the documentation need. Run as
#
#   awk -F'\t' -v out=h   -f tools/vocabulary.awk src/vocabulary.txt   # C header
#   awk -F'\t' -v out=c   -f tools/vocabulary.awk src/vocabulary.txt   # C tables + SQL
#   awk -F'\t' -v out=md -v table=T -f tools/vocabulary.awk src/vocabulary.txt
#
# where T is statuses, kinds, events, roles, ratings, errors or statuscodes (a Markdown
# table for README.md or docs/errors.md). A malformed line stops the build.

function fail(msg) { printf "src/vocabulary.txt:%d: %s\n", NR, msg > "/dev/stderr"; bad = 1; exit 1 }
function cstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function need(n) { if (NF != n) fail($1 " lines have " n " fields, this one " NF) }
function word(s) { if (s !~ /^[a-z][a-z0-9_]*$/) fail("\"" s "\" is not a lower-case word") }

/^#/ || /^[ \t]*$/ { next }
$1 != "" && ($1 SUBSEP $2) in seen { fail("a second " $1 " \"" $2 "\"") }
{ seen[$1 SUBSEP $2] = 1 }
$1 == "status" { need(7); word($2); ns++; sk[ns] = $2; sl[ns,0] = $3; sl[ns,1] = $4; sl[ns,2] = $5
                 if ($6 != "yes" && $6 != "no") fail("verdict must be yes or no")
                 sv[ns] = $6; snext[ns] = $7; sidx[$2] = ns; next }
$1 == "kind"   { need(8); word($2); nk++; kk[nk] = $2; for (i = 0; i < 3; i++) { kl[nk,i] = $(3+i); kh[nk,i] = $(6+i) }; next }
$1 == "event"  { need(3); word($2); ne++; ek[ne] = $2; em[ne] = $3; next }
$1 == "role"   { need(3); word($2); nr++; rk[nr] = $2; rm[nr] = $3; next }
$1 == "rating" { need(8); nt++; tk[nt] = $2; for (i = 0; i < 3; i++) tl[nt,i] = $(3+i)
                 if ($6 !~ /^-?[0-9]+$/ || $6 + 0 < -1000 || $6 + 0 > 1000)
                     fail("a rating's value is a whole number from -1000 to 1000 (ct_ratings)")
                 if ($7 !~ /^#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$/) fail("a colour is #rrggbb")
                 if ($8 != "yes" && $8 != "no") fail("verdict must be yes or no")
                 tv[nt] = $6; tc[nt] = $7; tvd[nt] = $8; next }
$1 == "error"  { need(4); word($2); nx++; xk[nx] = $2; xs[nx] = $3; xm[nx] = $4
                 if ($3 !~ /^[45][0-9][0-9]$/) fail("an error's status is 4xx or 5xx"); next }
{ fail("unknown section \"" $1 "\"") }

function check_next(   i, n, parts, j) {
    for (i = 1; i <= ns; i++) {
        n = split(snext[i], parts, " ")
        for (j = 1; j <= n; j++) if (!(parts[j] in sidx)) { NR = 0; fail("status " sk[i] " moves to unknown status " parts[j]) }
    }
}

function header() {
    print "/* Generated from src/vocabulary.txt by tools/vocabulary.awk: do not edit. */"
    print "#ifndef CT_VOCABULARY_H"
    print "#define CT_VOCABULARY_H"
    print ""
    print "#include <stdbool.h>"
    print ""
    print "/* Labels are in the order of render/i18n.h's ct_lang: en, ru, kk. */"
    print "#define CT_VOCAB_LANGS 3"
    print ""
    print "typedef struct ct_status_word {"
    print "    const char *key;"
    print "    const char *label[CT_VOCAB_LANGS];"
    print "    bool        verdict;       /* may be published with a rating */"
    print "    unsigned    next;          /* bit i: may move to status i     */"
    print "} ct_status_word;"
    print ""
    print "typedef struct ct_kind_word {"
    print "    const char *key;"
    print "    const char *label[CT_VOCAB_LANGS];"
    print "    const char *happened[CT_VOCAB_LANGS];   /* {by} and {date} filled in */"
    print "} ct_kind_word;"
    print ""
    print "typedef struct ct_term {"
    print "    const char *key;"
    print "    const char *meaning;       /* English, for people */"
    print "} ct_term;"
    print ""
    print "typedef struct ct_error_word {"
    print "    const char *code;"
    print "    int         http_status;"
    print "    const char *meaning;"
    print "} ct_error_word;"
    print ""
    printf "#define CT_VOCAB_STATUSES %d\n#define CT_VOCAB_KINDS %d\n#define CT_VOCAB_EVENTS %d\n", ns, nk, ne
    printf "#define CT_VOCAB_ROLES %d\n#define CT_VOCAB_ERRORS %d\n\n", nr, nx
    print "extern const ct_status_word ct_vocab_statuses[CT_VOCAB_STATUSES];"
    print "extern const ct_kind_word   ct_vocab_kinds[CT_VOCAB_KINDS];"
    print "extern const ct_term        ct_vocab_events[CT_VOCAB_EVENTS];"
    print "extern const ct_term        ct_vocab_roles[CT_VOCAB_ROLES];     /* lowest first */"
    print "extern const ct_error_word  ct_vocab_errors[CT_VOCAB_ERRORS];"
    print ""
    print "/* The keys alone, NULL-ended, for input checks. */"
    print "extern const char *const ct_vocab_status_keys[];"
    print "extern const char *const ct_vocab_kind_keys[];"
    print "extern const char *const ct_vocab_role_keys[];"
    print ""
    print "/* ct_vocabulary(section) -> text[] of the keys of 'status', 'kind' and"
    print "   'event', which the schema's CHECKs call: ct_vocab_function_sql creates it,"
    print "   ct_vocab_function_body is its body as pg_proc.prosrc keeps it (open()"
    print "   replaces the function only when that differs, so a database role without"
    print "   CREATE can open a database that is up to date). PL/pgSQL, not SQL: a CHECK"
    print "   plans it once a session rather than once a statement (sql/018)."
    print "   ct_vocab_seed_sql copies"
    print "   the default rating scale into ct_ratings when that is empty. */"
    print "extern const char ct_vocab_function_sql[];"
    print "extern const char ct_vocab_function_body[];"
    print "extern const char ct_vocab_seed_sql[];"
    print "/* True when every word of the schema's ct_vocabulary() is one of ours. */"
    print "extern const char ct_vocab_covers_sql[];"
    print ""
    print "#endif"
}

function labels(arr, i,   s) { return "{" cstr(arr[i,0]) ", " cstr(arr[i,1]) ", " cstr(arr[i,2]) "}" }
function keys(name, arr, n,   i) {
    printf "const char *const %s[] = {", name
    for (i = 1; i <= n; i++) printf "%s, ", cstr(arr[i])
    print "NULL};"
}
function sqlarray(arr, n,   i, s) {
    s = "ARRAY["
    for (i = 1; i <= n; i++) s = s (i > 1 ? "," : "") "'" arr[i] "'"
    return s "]"
}
function sqlq(s) { gsub(/'/, "''", s); return "'" s "'" }

function tables(   i, j, n, parts, mask, line) {
    print "/* Generated from src/vocabulary.txt by tools/vocabulary.awk: do not edit. */"
    print "#include \"base/vocabulary.h\""
    print "#include <stddef.h>"
    print ""
    print "const ct_status_word ct_vocab_statuses[CT_VOCAB_STATUSES] = {"
    for (i = 1; i <= ns; i++) {
        mask = 0; n = split(snext[i], parts, " ")
        for (j = 1; j <= n; j++) mask += 2 ^ (sidx[parts[j]] - 1)
        printf "    {%s, %s, %s, 0x%xu},\n", cstr(sk[i]), labels(sl, i), (sv[i] == "yes" ? "true" : "false"), mask
    }
    print "};\n"
    print "const ct_kind_word ct_vocab_kinds[CT_VOCAB_KINDS] = {"
    for (i = 1; i <= nk; i++) printf "    {%s, %s,\n     %s},\n", cstr(kk[i]), labels(kl, i), labels(kh, i)
    print "};\n"
    print "const ct_term ct_vocab_events[CT_VOCAB_EVENTS] = {"
    for (i = 1; i <= ne; i++) printf "    {%s, %s},\n", cstr(ek[i]), cstr(em[i])
    print "};\n"
    print "const ct_term ct_vocab_roles[CT_VOCAB_ROLES] = {"
    for (i = 1; i <= nr; i++) printf "    {%s, %s},\n", cstr(rk[i]), cstr(rm[i])
    print "};\n"
    print "const ct_error_word ct_vocab_errors[CT_VOCAB_ERRORS] = {"
    for (i = 1; i <= nx; i++) printf "    {%s, %d, %s},\n", cstr(xk[i]), xs[i], cstr(xm[i])
    print "};\n"
    keys("ct_vocab_status_keys", sk, ns)
    keys("ct_vocab_kind_keys", kk, nk)
    keys("ct_vocab_role_keys", rk, nr)
    print ""
    print "#define CT_VOCAB_BODY \\"
    print "    \" BEGIN RETURN CASE section\" \\"
    printf "    \" WHEN 'status' THEN %s\" \\\n", sqlarray(sk, ns)
    printf "    \" WHEN 'kind' THEN %s\" \\\n", sqlarray(kk, nk)
    printf "    \" WHEN 'event' THEN %s\" \\\n", sqlarray(ek, ne)
    print "    \" END; END \""
    print ""
    print "const char ct_vocab_function_body[] = CT_VOCAB_BODY;"
    print ""
    print "const char ct_vocab_function_sql[] ="
    print "    \"CREATE OR REPLACE FUNCTION ct_vocabulary(section text) RETURNS text[]\""
    print "    \" LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $vocabulary$\" CT_VOCAB_BODY \"$vocabulary$\";"
    print ""
    print "const char ct_vocab_covers_sql[] ="
    printf "    \"SELECT ct_vocabulary('status') <@ %s::text[]\"\n", sqlarray(sk, ns)
    printf "    \" AND ct_vocabulary('kind') <@ %s::text[]\"\n", sqlarray(kk, nk)
    printf "    \" AND ct_vocabulary('event') <@ %s::text[]\";\n", sqlarray(ek, ne)
    print ""
    print "const char ct_vocab_seed_sql[] ="
    print "    \"DO $seed$ BEGIN IF to_regclass('ct_ratings') IS NOT NULL THEN\""
    print "    \"  IF NOT EXISTS (SELECT 1 FROM ct_ratings) THEN\""
    print "    \"  INSERT INTO ct_ratings (key, label_en, label_ru, label_kk, value, colour, verdict, position) VALUES\""
    for (i = 1; i <= nt; i++) {
        line = sprintf("  %s(%s, %s, %s, %s, %d, '%s', %s, %d)", (i > 1 ? "," : " "), sqlq(tk[i]),
                       sqlq(tl[i,0]), sqlq(tl[i,1]), sqlq(tl[i,2]), tv[i], tc[i],
                       (tvd[i] == "yes" ? "true" : "false"), i)
        print "    " cstr(line)
    }
    print "    \"; END IF; END IF; END $seed$;\";"
}

function md(   i, j, n, parts, row, sep, listed) {
    if (table == "statuses") {
        row = "| from \\ to |"
        for (j = 1; j <= ns; j++) row = row " " sk[j] " |"
        print row
        row = "|---|"; for (j = 1; j <= ns; j++) row = row "---|"; print row
        for (i = 1; i <= ns; i++) {
            row = "| " sk[i] " |"
            for (j = 1; j <= ns; j++) row = row (i == j ? " = |" : (index(" " snext[i] " ", " " sk[j] " ") ? " yes |" : " |"))
            print row
        }
        print ""
        print "| status | verdict | en | ru | kk |"
        print "|---|---|---|---|---|"
        for (i = 1; i <= ns; i++) printf "| `%s` | %s | %s | %s | %s |\n", sk[i], sv[i], sl[i,0], sl[i,1], sl[i,2]
    } else if (table == "kinds") {
        print "| kind | en | ru | kk |"
        print "|---|---|---|---|"
        for (i = 1; i <= nk; i++) printf "| `%s` | %s | %s | %s |\n", kk[i], kl[i,0], kl[i,1], kl[i,2]
    } else if (table == "events") {
        print "| event | what happened |"
        print "|---|---|"
        for (i = 1; i <= ne; i++) printf "| `%s` | %s |\n", ek[i], em[i]
    } else if (table == "roles") {
        print "| role | may |"
        print "|---|---|"
        for (i = 1; i <= nr; i++) printf "| `%s` | %s |\n", rk[i], rm[i]
    } else if (table == "ratings") {
        print "| rating | en | ru | kk | value | colour | verdict |"
        print "|---|---|---|---|---|---|---|"
        for (i = 1; i <= nt; i++) printf "| `%s` | %s | %s | %s | %d | `%s` | %s |\n", tk[i], tl[i,0], tl[i,1], tl[i,2], tv[i], tc[i], tvd[i]
    } else if (table == "errors") {
        print "| code | status | meaning |"
        print "|---|---|---|"
        for (i = 1; i <= nx; i++) printf "| [`%s`](#%s) | %s | %s |\n", xk[i], xk[i], xs[i], xm[i]
    } else if (table == "statuscodes") {
        print "| status | codes |"
        print "|---|---|"
        for (i = 1; i <= nx; i++) {
            if (xs[i] in listed) continue
            row = "| " xs[i] " |"; sep = " "
            for (j = i; j <= nx; j++) if (xs[j] == xs[i]) { row = row sep "`" xk[j] "`"; sep = ", " }
            print row " |"; listed[xs[i]] = 1
        }
    } else {
        print "vocabulary.awk: unknown table \"" table "\"" > "/dev/stderr"; bad = 1; exit 1
    }
}

END {
    if (bad) exit 1
    check_next()
    if (bad) exit 1
    if (out == "h") header()
    else if (out == "c") tables()
    else if (out == "md") md()
    else { print "vocabulary.awk: out must be h, c or md" > "/dev/stderr"; exit 1 }
}
