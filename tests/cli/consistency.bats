#!/usr/bin/env bats
# The suite speaks with one voice: every command answers --help, --version
# and a bad option the same way, and its man page and its bash, zsh and fish
# completions know every long option its --help lists.  The commands are the
# executables built from commands/NAME.cpp, so the checks grow as commands
# land; a command without a man page or a completion file fails them.
# (As util-linux's tools/checkusage.sh, checkcompletion.sh, checkmanpage.sh.)

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() { xipc_setup; }

: "${XIPC_BUILD:=$XIPC_BIN/..}"
helpers=$BATS_TEST_DIRNAME/../helpers

# The commands: every commands/NAME.cpp built as $XIPC_BIN/NAME.
commands() {
    local src
    for src in "$XIPC_SOURCE"/commands/*.cpp; do
        src=$(basename "$src" .cpp)
        [[ -x $XIPC_BIN/$src ]] && echo "$src"
    done
    return 0
}

# long_options NAME: the long options NAME --help lists, one a line.  Only
# the option names are read (the text up to two blanks), not the
# descriptions, which may mention other options.
long_options() {
    "$XIPC_BIN/$1" --help |
        sed -n '/^Options:/,$p' |
        sed -n 's/^ \{1,\}\(-.*\)$/\1/p' |
        sed 's/  .*//' |
        grep -o -- '--[[:alnum:]][[:alnum:]-]*' |
        sort -u
}

# short_options NAME: the letters of the short options NAME --help lists.
short_options() {
    "$XIPC_BIN/$1" --help | sed -n '/^Options:/,$p' | grep -o -- '^ \{1,\}-[[:alnum:]]' | tr -d ' -'
}

# Failures are collected over all commands, then shown together.
failures=()
fail_if() { failures+=("$*"); }
assert_no_failures() {
    if ((${#failures[@]})); then
        printf '%s\n' "${failures[@]}" >&2
        return 1
    fi
}

# offered_by SHELL NAME: what completing "NAME --" offers in SHELL, bare
# option names (a trailing '=' removed), one a line.
offered_by() {
    local shell=$1 name=$2
    case $shell in
    bash) "$helpers/bash-complete" "$XIPC_SOURCE/completions/bash/$name" "$name --" ;;
    zsh) timeout 60 "$helpers/zsh-complete" "$XIPC_SOURCE/completions/zsh" "$name --" ;;
    fish) fish --no-config -c "source $(printf %q "$XIPC_SOURCE/completions/fish/$name.fish")
                               complete -C '$name --'" | cut -f1 ;;
    esac | sed 's/=$//' | sort -u
}

@test "every command source is built" {
    for src in "$XIPC_SOURCE"/commands/*.cpp; do
        local c
        c=$(basename "$src" .cpp)
        [[ -x $XIPC_BIN/$c ]] || fail_if "$c: commands/$c.cpp has no executable $XIPC_BIN/$c"
    done
    assert_no_failures
}

@test "--help: exit 0, usage on stdout, nothing on stderr, -h and -V last, 80 columns" {
    for c in $(commands); do
        run --separate-stderr "$XIPC_BIN/$c" --help
        ((status == 0)) || fail_if "$c --help: exit $status"
        [[ -z $stderr ]] || fail_if "$c --help: stderr: $stderr"
        grep -qx 'Usage:' <<<"$output" || fail_if "$c --help: no 'Usage:' line"
        grep -q "^ $c\b" <<<"$output" || fail_if "$c --help: the usage line does not start with '$c'"
        # The option lines end with -h then -V (a footer may follow).
        local opts
        opts=$(sed -n '/^Options:/,$p' <<<"$output" | grep -E '^ +(-[[:alnum:]], )?--' | tail -n 2)
        [[ $opts == *' -h, --help '*$'\n'' -V, --version '* ]] ||
            fail_if "$c --help: the last options are not -h, --help then -V, --version"
        local long
        long=$(awk 'length > 80' <<<"$output")
        [[ -z $long ]] || fail_if "$c --help: lines over 80 columns: $long"
    done
    assert_no_failures
}

@test "--version and -V print 'NAME (xipc) VERSION' and exit 0" {
    local version
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$XIPC_BUILD/CMakeCache.txt")
    [[ -n $version ]]
    for c in $(commands); do
        for opt in --version -V; do
            run --separate-stderr "$XIPC_BIN/$c" $opt
            ((status == 0)) || fail_if "$c $opt: exit $status"
            [[ $output == "$c (xipc) $version" ]] || fail_if "$c $opt: printed '$output'"
            [[ -z $stderr ]] || fail_if "$c $opt: stderr: $stderr"
        done
    done
    assert_no_failures
}

@test "an unknown option: exit 2, 'NAME: ...' and the Try line on stderr, nothing on stdout" {
    for c in $(commands); do
        # A long option nobody has, and a short letter this command lacks.
        local letter
        letter=$(comm -23 <(printf '%s\n' {a..z} {A..Z} | sort) <(short_options "$c" | sort) | head -n 1)
        for opt in --xipc-no-such-option "-$letter"; do
            run --separate-stderr "$XIPC_BIN/$c" "$opt"
            ((status == 2)) || fail_if "$c $opt: exit $status, not 2"
            [[ -z $output ]] || fail_if "$c $opt: stdout: $output"
            ((${#stderr_lines[@]} == 2)) || fail_if "$c $opt: ${#stderr_lines[@]} lines on stderr, not 2: $stderr"
            [[ ${stderr_lines[0]-} == "$c: "?* ]] || fail_if "$c $opt: first line is not '$c: ...': ${stderr_lines[0]-}"
            [[ ${stderr_lines[1]-} == "Try '$c --help' for more information." ]] ||
                fail_if "$c $opt: second line is not the Try line: ${stderr_lines[1]-}"
        done
    done
    assert_no_failures
}

@test "no message or exit code of the option parser's own reaches the user" {
    # CLI11's own phrases (CLI/Error.hpp): none may show on stderr.
    local cli11='following arguments? w|not expected|At Most|At least|Could not convert|excludes|is required'
    cli11+='|Expected at least|Expected exactly|Requires at|Should be true/false|too many inputs|Run with --help'
    cli11+='|not an allowed value|disallowed flag|Too many positional|ArgumentMismatch|ParseError'
    cd "$BATS_TEST_TMPDIR"
    for c in $(commands); do
        local names flag valued letter
        names=$("$XIPC_BIN/$c" --help | sed -n '/^Options:/,$p' | grep -E '^ +(-[[:alnum:]], )?--[[:alnum:]]' |
            sed -E 's/^ +//; s/  .*//')
        flag=$(grep -v '[<[]' <<<"$names" | grep -o -- '--[[:alnum:]][[:alnum:]-]*' | head -n 1)
        valued=$(grep '<' <<<"$names" | grep -o -- '--[[:alnum:]][[:alnum:]-]*' | head -n 1)
        letter=$(comm -23 <(printf '%s\n' {a..z} {A..Z} | sort) <(short_options "$c" | sort) | head -n 1)
        local -a invocations=(
            "--xipc-no-such-option" "--xipc-no-such-option=1" "-$letter" "--help=1" "--version=" "$flag=1" "$flag="
            "${flag:0:4}=0" "a b c d e f g h" "-- -x --y=1" "--" "-" "--="
        )
        [[ -z $valued ]] || invocations+=("$valued" "$valued x $valued y" "$valued= x" "$valued -- x")
        grep -q -- '^--id$' <<<"$names" && invocations+=("--id --key 5" "--name --id --key x")
        for args in "${invocations[@]}"; do
            # shellcheck disable=SC2086
            run --separate-stderr timeout 10 "$XIPC_BIN/$c" $args </dev/null
            ((status <= 3)) || fail_if "$c $args: exit $status"
            ! grep -qE -- "$cli11" <<<"$stderr" || fail_if "$c $args: the parser's own words: $stderr"
            local line
            [[ -z $stderr ]] || while IFS= read -r line; do
                [[ $line == "$c: "* || $line == "Try '$c --help' for more information." ]] ||
                    fail_if "$c $args: a line not in our words: $line"
            done <<<"$stderr"
        done
    done
    assert_no_failures
}

@test "every command has a man page and bash, zsh and fish completions" {
    for c in $(commands); do
        for f in man/$c.1.scd completions/bash/$c completions/zsh/_$c completions/fish/$c.fish; do
            [[ -f $XIPC_SOURCE/$f ]] || fail_if "$c: $f is missing"
        done
        [[ -f $XIPC_BUILD/man/$c.1 ]] || fail_if "$c: $XIPC_BUILD/man/$c.1 was not built"
    done
    assert_no_failures
}

@test "every long option in --help is in the man page" {
    for c in $(commands); do
        local page=$XIPC_SOURCE/man/$c.1.scd
        [[ -f $page ]] || { fail_if "$c: no man/$c.1.scd"; continue; }
        for opt in $(long_options "$c"); do
            grep -qE -- "(^|[^[:alnum:]-])$opt([^[:alnum:]-]|\$)" "$page" || fail_if "$c: $opt is not in man/$c.1.scd"
        done
    done
    assert_no_failures
}

@test "every long option in --help is used by some test (not only listed)" {
    # The suites that check options as names (this one, the completion
    # tests) and loops that only list them for a --help check do not count.
    local used=$BATS_TEST_TMPDIR/used
    for f in "$XIPC_SOURCE"/tests/cli/*.bats; do
        case ${f##*/} in consistency.bats | completions.bats) continue ;; esac
        grep -v -- '^ *for opt in' "$f"
    done >"$used"
    for c in $(commands); do
        for opt in $(long_options "$c"); do
            [[ $opt == --help || $opt == --version ]] && continue
            grep -qE -- "(^|[^[:alnum:]-])$opt([^[:alnum:]-]|\$)" "$used" || fail_if "$c: no test uses $opt"
        done
    done
    assert_no_failures
}

@test "man pages have NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES, SEE ALSO" {
    for page in "$XIPC_SOURCE"/man/*.1.scd; do
        for section in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
            grep -qx "# $section" "$page" || fail_if "${page##*/}: no '# $section' section"
        done
    done
    assert_no_failures
}

@test "groff -man -ww -z reports nothing on any built page" {
    local pages=("$XIPC_BUILD"/man/*.[1-8])
    [[ -f ${pages[0]} ]]
    for page in "${pages[@]}"; do
        run groff -man -ww -z "$page"
        [[ $status == 0 && -z $output ]] || fail_if "${page##*/}: groff: $output"
    done
    # Every source was built.
    for src in "$XIPC_SOURCE"/man/*.scd; do
        local page=${src##*/}
        [[ -f $XIPC_BUILD/man/${page%.scd} ]] || fail_if "man/$page was not built"
    done
    assert_no_failures
}

@test "completion files parse in their shells" {
    for c in $(commands); do
        local b=$XIPC_SOURCE/completions/bash/$c z=$XIPC_SOURCE/completions/zsh/_$c f=$XIPC_SOURCE/completions/fish/$c.fish
        [[ ! -f $b ]] || bash -n "$b" 2>/dev/null || fail_if "$c: bash -n $b fails"
        [[ ! -f $z ]] || zsh -n "$z" 2>/dev/null || fail_if "$c: zsh -n $z fails"
        [[ ! -f $f ]] || fish --no-execute "$f" 2>/dev/null || fail_if "$c: fish --no-execute $f fails"
        [[ ! -f $z ]] || [[ $(head -n 1 "$z") == "#compdef $c" ]] || fail_if "$c: $z does not start with '#compdef $c'"
    done
    assert_no_failures
}

@test "bash completion: --hel completes to --help, --versi to --version" {
    for c in $(commands); do
        local file=$XIPC_SOURCE/completions/bash/$c
        [[ -f $file ]] || { fail_if "$c: no completions/bash/$c"; continue; }
        run "$helpers/bash-complete" "$file" "$c --hel"
        [[ $status == 0 && $output == --help ]] || fail_if "$c --hel: bash offers '$output'"
        run "$helpers/bash-complete" "$file" "$c --versi"
        [[ $status == 0 && $output == --version ]] || fail_if "$c --versi: bash offers '$output'"
    done
    assert_no_failures
}

@test "bash, zsh and fish completion offer every long option of --help" {
    for c in $(commands); do
        local want
        want=$(long_options "$c")
        [[ -n $want ]] || fail_if "$c: --help lists no long option"
        for shell in bash zsh fish; do
            local offered missing
            offered=$(offered_by "$shell" "$c")
            missing=$(comm -23 <(echo "$want") <(echo "$offered") | tr '\n' ' ')
            [[ -z $missing ]] || fail_if "$c: $shell does not offer: $missing"
        done
    done
    assert_no_failures
}

@test "the object snippet is the same in every completion file of a shell" {
    snippet() { sed -n '/>>> xipc objects/,/<<< xipc objects/p' "$1"; }
    for shell in bash zsh fish; do
        local files=() reference=
        case $shell in
        bash) files=("$XIPC_SOURCE"/completions/bash/*) ;;
        zsh) files=("$XIPC_SOURCE"/completions/zsh/_*) ;;
        fish) files=("$XIPC_SOURCE"/completions/fish/*.fish) ;;
        esac
        for f in "${files[@]}"; do
            local s
            s=$(snippet "$f")
            [[ -n $s ]] || continue
            [[ -n $reference ]] || reference=$s
            [[ $s == "$reference" ]] || fail_if "${f#"$XIPC_SOURCE"/}: the xipc objects snippet differs from the others"
        done
    done
    assert_no_failures
}
