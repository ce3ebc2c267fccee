#!/usr/bin/env bats
# Options as getopt_long treats them, in every command (DESIGN.md, section
# 4): a flag takes no value (`--dry-run=no` is a usage error, not "off"),
# unambiguous prefixes of long options are accepted and ambiguous ones
# refused with the candidates, and every option error is worded as glibc
# words it.  The flags and options are read from each command's --help, so
# a new flag or a new command is covered without a new row.
#
# Every refusal must exit 2, print nothing on stdout, print exactly the
# expected line and the Try line on stderr, and leave the namespace as it
# was, even where the command would have acted had it taken the option.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
    mkdir -p "$T/w"
    # Something for every command to act on, were a refused option taken.
    SHMID=$(ipcmk -M 4096 | awk '{ print $NF }')
    ipcmk -Q -S 1 >/dev/null
    xipcmk -m 64 -n /p >/dev/null
    xipcmk -q -s -n /q >/dev/null
    mqsend /q waiting
    printf 'x' >"$T/in"
    export SHMID T
    START=$(state)
}

# The commands: every commands/NAME.cpp built as $XIPC_BIN/NAME.
commands() {
    local src
    for src in "$XIPC_SOURCE"/commands/*.cpp; do
        src=$(basename "$src" .cpp)
        [[ -x $XIPC_BIN/$src ]] && echo "$src"
    done
    return 0
}

# option_names NAME: the names of each option line of NAME --help, in the
# order listed ("-n, --dry-run", "--grace <duration>", "--all[=list]").
option_names() {
    "$XIPC_BIN/$1" --help | sed -n '/^Options:/,$p' |
        grep -E '^ +(-[[:alnum:]], )?--[[:alnum:]]' | sed -E 's/^ +//; s/  .*//'
}

# flags NAME: the long options of NAME that take no value.
flags() { option_names "$1" | grep -v '[<[]' | grep -o -- '--[[:alnum:]][[:alnum:]-]*'; }
# valued NAME: "LONG" or "LONG LETTER" for each option of NAME that needs a value.
valued() {
    option_names "$1" | grep '<' | sed -nE 's/^(-([[:alnum:]]), )?(--[[:alnum:]-]+) <.*/\3 \2/p'
}
# short_letters NAME: the letters of NAME's short options.
short_letters() {
    "$XIPC_BIN/$1" --help | sed -n '/^Options:/,$p' | grep -o -- '^ \{1,\}-[[:alnum:]]' | tr -d ' -'
}
# long_options NAME: every long option of NAME, in --help order.
long_options() { option_names "$1" | grep -o -- '--[[:alnum:]][[:alnum:]-]*'; }

# acting NAME: arguments with which NAME would change the namespace: a
# refused option must stop it before that.
acting() {
    case $1 in
    xipcrm) echo "-a" ;;
    xipcmk) echo "-M 1K -x" ;;
    shmcat) echo "-w /p" ;;
    mqsend) echo "/q sent" ;;
    mqrecv) echo "/q" ;;
    fifo-tee) echo "-c $T/w/made" ;;
    esac
}

state() {
    xipc_snapshot
    cksum /dev/shm/* 2>/dev/null
    ls -ln "$T/w"
}

# refused LINE CMD ARG...: CMD ARG... exits 2 with exactly "CMD: LINE" and
# the Try line on stderr, and nothing on stdout.  Problems go to $failures.
failures=()
# (Not common.bash's refused: this one collects every failing row, so one test reports them all.)
refused_row() {
    local line=$1
    shift
    local cmd=$1
    run --separate-stderr timeout 10 "$@" <"$T/in"
    local where="$*:"
    ((status == 2)) || failures+=("$where exit $status, not 2")
    [[ -z $output ]] || failures+=("$where stdout: $output")
    [[ $stderr == "$cmd: $line"$'\n'"Try '$cmd --help' for more information." ]] ||
        failures+=("$where stderr is not '$cmd: $line' and the Try line: $stderr")
}
# unchanged SINCE WHAT: the namespace is as the state SINCE recorded; else
# a failure naming WHAT.  (A snapshot per row would take minutes.)
unchanged() {
    local now
    now=$(state)
    [[ $1 == "$now" ]] || failures+=("$2 changed the namespace: $(diff <(echo "$1") <(echo "$now") | tr '\n' ' ')")
}
assert_no_failures() {
    if ((${#failures[@]})); then
        printf '%s\n' "${failures[@]}" >&2
        return 1
    fi
}

# shortest_prefix LONGS LONG: the shortest prefix of LONG that begins no
# other of the long options LONGS (one a line), or nothing when only LONG
# itself does.
shortest_prefix() {
    local n
    for ((n = 3; n < ${#2}; n++)); do
        if [[ $(grep -c -- "^${2:0:n}" <<<"$1") == 1 ]]; then
            echo "${2:0:n}"
            return
        fi
    done
}

@test "every command lists flags, options with values, and something to act on" {
    # The generated rows below are only as good as what they read.
    [[ $(commands | wc -l) -ge 7 ]]
    for c in $(commands); do
        [[ -n $(flags "$c") ]] || failures+=("$c: no flag read from --help")
    done
    flags xipcrm | grep -qx -- --dry-run
    flags xipcrm | grep -qx -- --orphans
    flags xipcmk | grep -qx -- --exclusive
    valued xipcs | grep -qx -- '--id i'
    valued xipcrm | grep -qx -- '--grace '
    assert_no_failures
}

@test "--FLAG=no: every flag of every command refuses a value, and nothing is done" {
    local c flag before
    for c in $(commands); do
        before=$(state)
        for flag in $(flags "$c"); do
            # shellcheck disable=SC2046
            refused_row "option '$flag' doesn't allow an argument" "$c" "$flag=no" $(acting "$c")
        done
        unchanged "$before" "$c --FLAG=no $(acting "$c")"
    done
    assert_no_failures
}

@test "the values that once read as off are refused alike: 0, no, off, false, -1, empty" {
    local before
    before=$(state)
    for value in 0 no off false -1 ''; do
        refused_row "option '--dry-run' doesn't allow an argument" xipcrm "--dry-run=$value" -a
        refused_row "option '--orphans' doesn't allow an argument" xipcrm "--orphans=$value" -a
        refused_row "option '--exclusive' doesn't allow an argument" xipcmk -M 1K "--exclusive=$value"
        refused_row "option '--verbose' doesn't allow an argument" xipcrm -a "--verbose=$value"
    done
    unchanged "$before" "a flag given a value"
    assert_no_failures
}

@test "a flag's prefix given a value is refused by the flag's full name" {
    local c flag prefix before all n=0
    for c in $(commands); do
        before=$(state)
        all=$(long_options "$c")
        for flag in $(flags "$c"); do
            prefix=$(shortest_prefix "$all" "$flag")
            [[ -n $prefix ]] || continue
            n=$((n + 1))
            # shellcheck disable=SC2046
            refused_row "option '$flag' doesn't allow an argument" "$c" "$prefix=off" $(acting "$c")
        done
        unchanged "$before" "$c --PREFIX=off $(acting "$c")"
    done
    ((n >= 20)) || failures+=("only $n prefixes tried")
    assert_no_failures
}

@test "an option without its value: getopt's words for the long and the short form" {
    local c long letter
    for c in $(commands); do
        while read -r long letter; do
            refused_row "option '$long' requires an argument" "$c" "$long"
            [[ -z $letter ]] || refused_row "option requires an argument -- '$letter'" "$c" "-$letter"
        done < <(valued "$c")
    done
    refused_row "option '--id' requires an argument" xipcs -m --i
    refused_row "option '--grace' requires an argument" xipcrm --orphans --gr
    unchanged "$START" "a refused option"
    assert_no_failures
}

@test "unrecognized options and letters, worded as getopt" {
    local c letter
    for c in $(commands); do
        refused_row "unrecognized option '--xipc-bogus'" "$c" --xipc-bogus
        refused_row "unrecognized option '--xipc-bogus=1'" "$c" --xipc-bogus=1
        letter=$(comm -23 <(printf '%s\n' {a..z} {A..Z} | sort) <(short_letters "$c" | sort) | head -n 1)
        refused_row "invalid option -- '$letter'" "$c" "-$letter"
    done
    refused_row "invalid option -- 'o'" xipcrm -nno -a
    refused_row "unrecognized option '---dry-run'" xipcrm ---dry-run -a
    unchanged "$START" "a refused option"
    assert_no_failures
}

@test "ambiguous prefixes are refused with the candidates, as getopt lists them" {
    refused_row "option '--no' is ambiguous; possibilities: '--noheadings' '--notruncate'" xipcs --no
    refused_row "option '--tim' is ambiguous; possibilities: '--time' '--time-format'" xipcs --tim
    refused_row "option '--h' is ambiguous; possibilities: '--human' '--help'" xipcs --h
    refused_row "option '--posix-s' is ambiguous; possibilities: '--posix-shmem' '--posix-semaphore'" xipcrm --posix-s x
    refused_row "option '--s=1' is ambiguous; possibilities: '--shmem-id' '--shmem-key' '--semaphore-id' '--semaphore-key'" \
        xipcrm --s=1 -a
    refused_row "option '--m' is ambiguous; possibilities: '--mode' '--maxmsg' '--msgsize'" xipcmk --m 1 -M 1K
    refused_row "option '--h' is ambiguous; possibilities: '--hex' '--help'" shmcat --h /p
    refused_row "option '--m' is ambiguous; possibilities: '--maxmsg' '--msgsize' '--mode'" mqsend -c --m 5 /q m
    refused_row "option '--no' is ambiguous; possibilities: '--nonblock' '--notify'" mqrecv --no /q
    unchanged "$START" "a refused option"
    assert_no_failures
}

@test "every command: a prefix shared by two long options lists them all, in --help order" {
    local c first candidates n=0
    for c in $(commands); do
        # The first letter that begins more than one long option.
        first=$(long_options "$c" | cut -c3 | sort | uniq -d | head -n 1)
        [[ -n $first ]] || continue
        n=$((n + 1))
        candidates=$(long_options "$c" | grep -- "^--$first" | sed "s/.*/'&'/" | tr '\n' ' ')
        refused_row "option '--$first' is ambiguous; possibilities: ${candidates% }" "$c" "--$first"
    done
    ((n >= 5)) || failures+=("only $n commands tried")
    unchanged "$START" "a refused option"
    assert_no_failures
}

@test "xipcrm --dry -a is xipcrm --dry-run -a: shows everything, removes nothing" {
    local before
    before=$(state)
    run --separate-stderr xipcrm --dry -a
    assert_success
    local prefixed=$output
    [[ $prefixed == *"would remove"* ]]
    run --separate-stderr xipcrm --dry-run -a
    assert_success
    assert_equal "$prefixed" "$output"
    assert_equal "$(state)" "$before"
    # In a cluster, as ever.
    run --separate-stderr xipcrm -nv -a
    assert_success
    assert_equal "$(state)" "$before"
    [[ $output == *"would remove"* ]]
}

@test "prefixes of long options do what the full names do" {
    run --separate-stderr xipcs --numer -o PERMS --noh -m -r
    assert_success
    local prefixed=$output
    run --separate-stderr xipcs --numeric-perms -o PERMS --noheadings -m -r
    assert_equal "$prefixed" "$output"
    assert_equal "$output" 0644 # ipcmk's mode
    run --separate-stderr xipcs --posix-shm --out NAME,SIZE --ra --noh --by
    assert_success
    assert_output '/p 64'

    run --separate-stderr xipcmk --posix-sh 1K --na /made --qui
    assert_success
    assert_output /made
    assert_equal "$(stat -c %s /dev/shm/made)" 1024

    mqsend --prio 3 /q first
    run --separate-stderr mqrecv --print-p /q
    assert_success
    assert_output $'3\tfirst'

    printf 'abcdef' | shmcat -w /p
    run --separate-stderr shmcat --len=2 --off 1 /p
    assert_success
    assert_output bc

    : >"$T/w/out"
    run --separate-stderr fifo-tee --no-std "$T/w/out" <"$T/in"
    assert_success
    assert_output ''
    assert_equal "$(cat "$T/w/out")" x
}

@test "an exact long name wins over the longer names it begins" {
    # --time is exact: -t, not ambiguous with --time-format.
    run --separate-stderr xipcs --time -m
    assert_success
    local long=$output
    run --separate-stderr xipcs -t -m
    assert_equal "$long" "$output"
    [[ $output == *"Shared Memory Attach/Detach/Change Times"* ]]
}

@test "after --, nothing is an option: words that look like options are operands" {
    xipcmk -q -n /dd >/dev/null
    run --separate-stderr mqsend /dd -- --dry-run=no -x --
    assert_success
    run --separate-stderr mqrecv -n 3 -L /dd
    assert_success
    assert_equal "$output" $'--dry-run=no\n-x\n--'
    # An option's value is the next word, whatever it looks like.
    run --separate-stderr xipcrm -n -m --
    assert_failure 2
    assert_equal "${stderr%%$'\n'*}" "xipcrm: invalid id: '--'"
}

@test "--help and --version by any prefix exit 0, unless an error comes first" {
    local c
    for c in $(commands); do
        run --separate-stderr "$c" --hel --xipc-bogus
        ((status == 0)) || failures+=("$c --hel --xipc-bogus: exit $status")
        [[ $output == *"Usage:"* && -z $stderr ]] || failures+=("$c --hel: no help, or stderr: $stderr")
        run --separate-stderr "$c" --vers
        [[ $status == 0 && $output == "$c (xipc) "* ]] || failures+=("$c --vers: exit $status, '$output'")
        refused_row "unrecognized option '--xipc-bogus'" "$c" --xipc-bogus --help
        refused_row "option '--help' doesn't allow an argument" "$c" --help=1
    done
    unchanged "$START" "a refused option"
    assert_no_failures
}
