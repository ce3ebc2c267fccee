#!/usr/bin/env bats
# Names and paths chosen by any local user (/dev/shm and /dev/mqueue are
# world-writable, a FIFO may sit anywhere) never reach a terminal raw: every
# text output of every command escapes the bytes that are not printable
# ASCII as \xNN (a backslash before an x too, as \x5c), as libsmartcols
# does, so an escape sequence cannot reach the terminal, a newline cannot
# forge a row, and the columns stay aligned.  JSON keeps the real
# characters, JSON-escaped (a byte that is not UTF-8 becomes U+FFFD).
bats_require_minimum_version 1.5.0
load ../helpers/common

setup() { xipc_setup; }

teardown() {
    [[ -z ${HELD:-} ]] || kill "$HELD" 2>/dev/null || true
}

mk() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# The names, as the kernel has them.
ESC=$'/esc\e[31mred'
NL=$'/new\nline'
BAD=$'/bad\xff\xfe'

odd_segments() {
    mk shm "$ESC" 10 600
    mk shm "$NL" 20 600
    mk shm "$BAD" 30 600
}

# hold_fifo PATH: a FIFO at PATH, held open by a sleep (xipcs -F lists the
# FIFOs some process holds); its pid in $HELD.
hold_fifo() {
    mkfifo "$1"
    sleep 1000 5<>"$1" 3>&- &
    HELD=$!
    for _ in $(seq 400); do
        [[ $(cat "/proc/$HELD/comm" 2>/dev/null) == sleep ]] && return 0
        sleep 0.05
    done
    return 1
}

@test "ipcs face: POSIX sections escape names, keep one object a line and the columns aligned" {
    odd_segments
    mk mq $'/q\e]0;title\a' 2 16 600
    mk sem $'/s\r' 1 600
    run -0 xipcs -M -Q -S
    assert_output "$(echo; printf '%s\n' \
        '------ POSIX Message Queues --------' \
        'name                 owner      perms      used-bytes   messages    ' \
        '/q\x1b]0;title\x07   root       600        0            0           ' \
        '' \
        '------ POSIX Shared Memory --------' \
        'name                 owner      perms      bytes     ' \
        '/bad\xff\xfe         root       600        30        ' \
        '/esc\x1b[31mred      root       600        10        ' \
        '/new\x0aline         root       600        20        ' \
        '' \
        '------ POSIX Semaphores --------' \
        'name                 owner      perms      value     ' \
        '/s\x0d               root       600        1         ')"
}

@test "ipcs face: a name wider than the column widens it for every row, counted as shown" {
    mk shm $'/\xff\xff\xff\xff\xff' 1 600
    mk shm /plain 2 600
    # Five bytes shown as twenty columns: the name column is 21 wide.
    run -0 xipcs -M -t
    assert_line --index 1 "$(printf '%-21s %-10s' name owner) accessed             modified             changed             "
    assert_line --index 2 --regexp '^/plain                root       [A-Z]'
    assert_line --index 3 --regexp '^/\\xff\\xff\\xff\\xff\\xff root       [A-Z]'
}

@test "ipcs face: -N shows the name escaped, and finds the object by its real name" {
    odd_segments
    run -0 xipcs -M -N "$ESC"
    assert_line --index 0 'POSIX Shared Memory name=/esc\x1b[31mred'
    run -0 xipcs -M -N "$NL" -c
    assert_line --index 0 'POSIX Shared Memory name=/new\x0aline'
    [[ $output != *$'\e'* ]]
}

@test "ipcs face: -F escapes FIFO paths" {
    hold_fifo "$BATS_TEST_TMPDIR/"$'f\e[7mx'
    run -0 xipcs -F
    assert_line --index 2 "$(printf '%-*s %-10s %-10s %-12s %-12s' $((${#BATS_TEST_TMPDIR} + 10)) \
        "$BATS_TEST_TMPDIR/f\\x1b[7mx" root 644 "$HELD" "$HELD")"
}

@test "ipcs face: -p escapes names in the holder sections" {
    odd_segments
    run -0 xipcs -M -p
    # (bats leaves blank lines out of $lines: 0 is the title, 1 the header.)
    assert_line --index 2 "$(printf '%-20s %-10s %-10s' '/bad\xff\xfe' root -)"
    assert_line --index 3 "$(printf '%-20s %-10s %-10s' '/esc\x1b[31mred' root -)"
    assert_line --index 4 "$(printf '%-20s %-10s %-10s' '/new\x0aline' root -)"
}

@test "lsipc face: table, raw, export, newline and the list of one object escape names" {
    odd_segments
    run -0 xipcs -M -o NAME,SIZE -b
    assert_output 'NAME            SIZE
/bad\xff\xfe      30
/esc\x1b[31mred   10
/new\x0aline      20'
    run -0 xipcs -M -o NAME -r
    assert_output 'NAME
/bad\xff\xfe
/esc\x1b[31mred
/new\x0aline'
    run -0 xipcs -M -o NAME -e
    assert_output 'NAME="/bad\xff\xfe"
NAME="/esc\x1b[31mred"
NAME="/new\x0aline"'
    run -0 xipcs -M -N "$NL" -o NAME,SIZE -b
    assert_output "$(printf '%-36s%-36s\n' 'Name:' '/new\x0aline' 'Size:' 20)"
}

@test "lsipc face: JSON keeps the real names, JSON-escaped, and is valid with bytes that are not UTF-8" {
    odd_segments
    run -0 --separate-stderr xipcs -M -o NAME,SIZE -J
    [[ $output != *$'\e'* ]]
    jq -e --arg esc "$ESC" --arg nl "$NL" \
        '[.posixsharedmemory[].name] == ["/bad\ufffd\ufffd", $esc, $nl]' <<<"$output"
    [[ $output == *'"name": "/esc\u001b[31mred"'* ]]
    [[ $output == *'"name": "/new\nline"'* ]]
}

@test "xipcmk: text and --quiet lines escape the name, one object a line; --json keeps it" {
    run -0 xipcmk -m 1 -n "$ESC"
    assert_output 'POSIX shared memory name: /esc\x1b[31mred'
    run -0 xipcmk -q -n "$NL" --quiet
    assert_output '/new\x0aline'
    run -0 xipcmk -s -n $'/sem\e[1m' --quiet --value 2
    assert_output '/sem\x1b[1m'
    local fifo="$BATS_TEST_TMPDIR/"$'f\nx'
    run -0 xipcmk -f "$fifo"
    assert_output "FIFO path: $BATS_TEST_TMPDIR/f\\x0ax"
    [[ -p $fifo ]]
    run -0 xipcmk -m 1 -n $'/json\e[1m' --json
    jq -e '.created[0].name == "/json\u001b[1m"' <<<"$output"
}

@test "xipcrm: --dry-run, --verbose and failure lines escape names" {
    odd_segments
    run -0 xipcrm --dry-run --all=pshm
    assert_output 'would remove POSIX shared memory `/bad\xff\xfe'"'"'
would remove POSIX shared memory `/esc\x1b[31mred'"'"'
would remove POSIX shared memory `/new\x0aline'"'"
    run -0 xipcrm --verbose --posix-shmem "$NL"
    assert_output 'removing POSIX shared memory `/new\x0aline'"'"'
removed 1 object'
    run -1 --separate-stderr xipcrm --posix-shmem $'/no\e[2Jsuch'
    [[ $stderr == 'xipcrm: remove POSIX shared memory /no\x1b[2Jsuch: not found' ]]
}

@test "error messages that name an object escape it (shmcat, xipcs)" {
    run -1 --separate-stderr shmcat $'/no\e[2Jsuch'
    [[ $stderr == 'shmcat: open /dev/shm/no\x1b[2Jsuch: not found' ]]
    run -1 --separate-stderr xipcs -M -N $'no\e[2Jsuch'
    [[ $stderr == 'xipcs: find POSIX shared memory /no\x1b[2Jsuch: not found' ]]
    run -1 --separate-stderr xipcs -M -N $'no\e[2Jsuch' -J
    [[ $stderr == 'xipcs: find POSIX shared memory /no\x1b[2Jsuch: not found' ]]
}
