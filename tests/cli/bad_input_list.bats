#!/usr/bin/env bats
# Bad input to xipcs's listings, one row each, with the exact line each
# gives: column lists (-o, -g -o), --sort, and objects -i/-N do not find.
#
# A row is "EXIT | COMMAND-LINE | MESSAGE".  The command line is split as
# the shell would ($'...' quotes work; $SHMID expands, in MESSAGE too); it
# runs under `timeout 10` with stdin from /dev/null.  Every row must:
#   - exit with EXIT, never by a signal or a timeout;
#   - print nothing on stdout;
#   - print MESSAGE as its whole first stderr line, and for EXIT 2 then
#     "Try 'xipcs --help' for more information." and nothing else;
#   - leave the namespace exactly as it was (xipc_snapshot).
bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    SHMID=$(ipcmk -M 4096 | awk '{ print $NF }')
    "$XIPC_TEST_BIN/posix-make" shm /pshm 64 0600
    export SHMID
}

# check_row EXIT LINE MESSAGE: the problems with one row, on stdout (none: empty).
check_row() {
    local want=$1 line=$2 message=$3 before after
    local -a argv
    eval "argv=($line)"
    local cmd=${argv[0]}
    before=$(xipc_snapshot)
    run --separate-stderr timeout 10 "${argv[@]}" </dev/null
    after=$(xipc_snapshot)
    if ((status == 124)); then
        echo "hung (killed after 10 s)"
    elif ((status >= 128)); then
        echo "died of signal $((status - 128))"
    elif [[ $status != "$want" ]]; then
        echo "exit $status, expected $want"
    fi
    [[ -z $output ]] || echo "stdout: $output"
    local -a expected=("$message")
    [[ $want == 2 ]] && expected+=("Try '$cmd --help' for more information.")
    [[ ${stderr_lines[*]} == "${expected[*]}" && ${#stderr_lines[@]} == "${#expected[@]}" ]] ||
        echo "stderr: $stderr"
    [[ $before == "$after" ]] || echo "changed the namespace"
}

# run_rows: check every row read from stdin; fail listing the bad ones.
run_rows() {
    local row want line message problems report="" n=0
    while IFS= read -r row; do
        [[ -z ${row// /} || $row == '#'* ]] && continue
        want=${row%% | *}
        row=${row#* | }
        line=${row%% | *}
        message=${row#* | }
        message=${message//\$SHMID/$SHMID}
        n=$((n + 1))
        problems=$(check_row "$want" "$line" "$message")
        [[ -z $problems ]] || report+="  $want | $line"$'\n'"$(sed 's/^/      /' <<<"$problems")"$'\n'
    done
    ((n > 0)) || fail "no rows"
    [[ -z $report ]] || fail "$(printf 'rows that failed:\n%s' "$report")"
}

@test "bad input: column lists" {
    run_rows <<'EOF_ROWS'
2 | xipcs -o ID,ID | xipcs: repeated column: 'ID'
2 | xipcs -m -o KEY,ID,key | xipcs: repeated column: 'key'
2 | xipcs -o +SIZE,size | xipcs: repeated column: 'size'
2 | xipcs -g -o LIMIT,LIMIT | xipcs: repeated column: 'LIMIT'
2 | xipcs -g -o KEY | xipcs: column 'KEY' does not apply to limits
2 | xipcs -g -o BOGUS | xipcs: unknown column: 'BOGUS'
2 | xipcs -m -o RESOURCE | xipcs: column 'RESOURCE' does not apply to shared memory
2 | xipcs -M -o KEY | xipcs: column 'KEY' does not apply to POSIX shared memory
2 | xipcs -o KEY,,ID | xipcs: invalid column list: 'KEY,,ID'
2 | xipcs -o $'ID,\e[2J' | xipcs: unknown column: '\x1b[2J'
EOF_ROWS
}

@test "bad input: --sort names its option, the library's words after it" {
    run_rows <<'EOF_ROWS'
2 | xipcs --sort BOGUS | xipcs: --sort: unknown column: 'BOGUS'
2 | xipcs -m --sort NAME | xipcs: --sort: column 'NAME' does not apply to shared memory
2 | xipcs -q -s --sort SIZE | xipcs: --sort: column 'SIZE' does not apply to message queue or semaphore set
2 | xipcs --sort $'K\nEY' | xipcs: --sort: unknown column: 'K\x0aEY'
EOF_ROWS
}

@test "bad input: -i and -N that find nothing, the same words in both faces" {
    run_rows <<'EOF_ROWS'
1 | xipcs -m -i 4242 | xipcs: find shared memory id 4242: not found
1 | xipcs -m -i 4242 -J | xipcs: find shared memory id 4242: not found
1 | xipcs -q -i $SHMID | xipcs: find message queue id $SHMID: not found
1 | xipcs -q -i $SHMID -o ID | xipcs: find message queue id $SHMID: not found
1 | xipcs -M -N nosuch | xipcs: find POSIX shared memory /nosuch: not found
1 | xipcs -M -N nosuch -J | xipcs: find POSIX shared memory /nosuch: not found
1 | xipcs -N nosuch | xipcs: find POSIX object /nosuch: not found
1 | xipcs -N nosuch -r | xipcs: find POSIX object /nosuch: not found
1 | xipcs -M -N $'no\e[2Jsuch' | xipcs: find POSIX shared memory /no\x1b[2Jsuch: not found
1 | xipcs -S -N pshm | xipcs: find POSIX semaphore /pshm: not found
EOF_ROWS
}
