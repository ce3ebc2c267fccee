#!/usr/bin/env bats
# Faults: objects that vanish under a command's feet, queues that fill up,
# readers that come and go.  Each failure is reported on its own line, the
# rest of the work is still done, and no data is lost or duplicated.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
    PEERS=()
}

# Peers a case started in the background end with it, failed or not.
teardown() {
    local p
    for p in "${PEERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
}

# Every object left in the namespace, as "KIND NAME" lines (none: empty).
leftovers() {
    xipcs -J | jq -r 'to_entries[] | .key as $k | .value[] | "\($k) \(.id // .name)"'
}

# --- objects removed by another process before the command acts ---------

@test "xipcrm: objects removed before the call are reported one per line; the others are removed" {
    need xipcrm
    need xipcmk
    local a b c d e f
    a=$(xipcmk -M 1K --quiet)
    b=$(xipcmk -M 1K --quiet)
    c=$(xipcmk -M 1K --quiet)
    d=$(xipcmk -Q --quiet)
    e=$(xipcmk -Q --quiet)
    f=$(xipcmk -S 1 --quiet)
    xipcmk -m 1K -q -s -n p1 >/dev/null
    xipcmk -m 1K -q -s -n p2 >/dev/null
    # Another process removes some of them.
    ipcrm -m "$b" -q "$e"
    rm /dev/shm/p2 /dev/mqueue/p2 /dev/shm/sem.p2
    run --separate-stderr xipcrm -m "$a" -m "$b" -m "$c" -q "$d" -q "$e" -s "$f" \
        --posix-shmem /p1 --posix-shmem /p2 --posix-mqueue /p1 --posix-mqueue /p2 \
        --posix-semaphore /p1 --posix-semaphore /p2
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "xipcrm: remove shared memory id $b: not found
xipcrm: remove message queue id $e: not found
xipcrm: remove POSIX shared memory /p2: not found
xipcrm: remove POSIX message queue /p2: not found
xipcrm: remove POSIX semaphore /p2: not found"
    assert_equal "$(leftovers)" ""
}

@test "xipcrm -v: the summary counts what was removed and what had vanished" {
    need xipcrm
    need xipcmk
    local a b
    a=$(xipcmk -M 1K --quiet)
    b=$(xipcmk -M 1K --quiet)
    ipcrm -m "$a"
    run --separate-stderr xipcrm -v -m "$a" -m "$b"
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove shared memory id $a: not found"
    assert_line "removing shared memory segment id \`$b'"
    assert_line --index 1 --regexp '^removed 1 object.*1 failed'
    assert_equal "$(leftovers)" ""
}

@test "shmcat: a segment removed before the call is reported; the others are still copied" {
    local a b c
    a=$(ipcmk -M 8 | awk '{ print $NF }')
    b=$(ipcmk -M 8 | awk '{ print $NF }')
    c=$(ipcmk -M 8 | awk '{ print $NF }')
    printf 'AAAAAAAA' | shmcat -w "$a"
    printf 'CCCCCCCC' | shmcat -w "$c"
    printf 'pppppppp' > /dev/shm/p
    ipcrm -m "$b"
    rm /dev/shm/p
    run --separate-stderr shmcat "$a" "$b" /p "$c"
    assert_failure 1
    assert_output "AAAAAAAACCCCCCCC"
    assert_equal "${#stderr_lines[@]}" 2
    [[ ${stderr_lines[0]} == "shmcat: "*" id $b: "* ]] || fail "stderr: $stderr"
    [[ ${stderr_lines[1]} == "shmcat: "*"/p: not found" ]] || fail "stderr: $stderr"
}

@test "xipcrm racing another remover: every object goes exactly once, each miss says why" {
    need xipcrm
    local ids=() i
    for i in $(seq 150); do
        ids+=("$(ipcmk -M 1 | awk '{ print $NF }')")
    done
    local args=()
    for i in "${ids[@]}"; do args+=(-m "$i"); done
    # The other remover takes them from the end, xipcrm from the start:
    # they meet somewhere in the middle.
    (for ((i = ${#ids[@]} - 1; i >= 0; i--)); do ipcrm -m "${ids[i]}" 2>/dev/null || true; done) &
    local other=$!
    run --separate-stderr timeout 60 xipcrm "${args[@]}"
    wait "$other"
    ((status == 0 || status == 1)) || fail "exit $status: $stderr"
    assert_output ""
    local line
    for line in "${stderr_lines[@]}"; do
        [[ $line =~ ^xipcrm:\ remove\ shared\ memory\ id\ [0-9]+:\ (not\ found|already\ removed)$ ]] ||
            fail "unexpected line: $line"
    done
    assert_equal "$(leftovers)" ""
}

@test "xipcrm --all racing another remover: nothing is left, nothing fails for another reason" {
    need xipcrm
    local ids=() i
    for i in $(seq 100); do
        ids+=("$(ipcmk -M 1 | awk '{ print $NF }')")
    done
    for i in $(seq 50); do printf x > "/dev/shm/p$i"; done
    (for i in "${ids[@]}"; do ipcrm -m "$i" 2>/dev/null || true; done
     rm -f /dev/shm/p*) &
    local other=$!
    run --separate-stderr timeout 60 xipcrm --all=shm,pshm
    wait "$other"
    ((status == 0 || status == 1)) || fail "exit $status: $stderr"
    local line
    for line in "${stderr_lines[@]}"; do
        [[ $line =~ ^xipcrm:\ remove\ (shared\ memory\ id\ [0-9]+|POSIX\ shared\ memory\ /p[0-9]+):\ (not\ found|already\ removed)$ ]] ||
            fail "unexpected line: $line"
    done
    ((status == 0)) || ((${#stderr_lines[@]} > 0)) || fail "exit 1 without a reason"
    assert_equal "$(leftovers)" ""
}

@test "mqrecv and mqsend waiting on System V queues that are removed: exit 1, one line each" {
    local empty full n=0
    empty=$(ipcmk -Q | awk '{ print $NF }')
    full=$(ipcmk -Q | awk '{ print $NF }')
    local k=$(printf '%01000d' 0)
    while mqsend --nonblock "$full" "$k" 2>/dev/null && ((++n < 1000)); do :; done
    timeout 20 mqrecv "$empty" >"$T/recv.out" 2>"$T/recv.err" &
    local recv=$!
    timeout 20 mqsend "$full" "$k" 2>"$T/send.err" &
    local send=$!
    # Give both a moment to start waiting; if the removal comes first they
    # say "not found" instead, which is as right.
    sleep 0.5
    ipcrm -q "$empty" -q "$full"
    local rs=0 ss=0
    wait "$recv" || rs=$?
    wait "$send" || ss=$?
    assert_equal "$rs" 1
    assert_equal "$ss" 1
    assert_equal "$(cat "$T/recv.out")" ""
    run cat "$T/recv.err"
    assert_output --regexp "^mqrecv: [a-z ]+ message queue id $empty: (already removed|not found)\$"
    run cat "$T/send.err"
    assert_output --regexp "^mqsend: [a-z ]+ message queue id $full: (already removed|not found)\$"
}

# --- a full queue -----------------------------------------------------------

@test "mqsend --lines --timeout into a full POSIX queue: exit 1, the count sent; none lost or duplicated" {
    mqsend --create --maxmsg 10 --msgsize 64 /q </dev/null
    mqrecv --nonblock /q >/dev/null
    run --separate-stderr bash -c 'seq 50 | mqsend --lines --timeout 200ms /q'
    assert_failure 1
    assert_equal "$stderr" "mqsend: send to POSIX message queue /q: timed out after 200ms: the queue is full; 10 messages were sent"
    # Full from the start: nothing is sent, exit 3.
    run --separate-stderr bash -c 'seq 100 | mqsend --lines --timeout 100ms /q'
    assert_failure 3
    assert_equal "$stderr" "mqsend: send to POSIX message queue /q: timed out after 100ms: the queue is full"
    # The receiver sees 1..10 once each, then the rest sent with it reading.
    mqrecv --nonblock -n 100 -L /q > "$T/got"
    assert_equal "$(cat "$T/got")" "$(seq 10)"
    mqrecv -n 40 -L -T 20s /q >> "$T/got" &
    local recv=$!
    seq 11 50 | mqsend --lines --timeout 20s /q
    wait "$recv"
    assert_equal "$(cat "$T/got")" "$(seq 50)"
}

@test "mqsend --lines --nonblock into a full System V queue: the count it reports is what arrived, in order" {
    local q
    q=$(ipcmk -Q | awk '{ print $NF }')
    # 100-byte lines: the queue (16384 bytes) takes some, not all 400.
    for i in $(seq 400); do printf '%099d\n' "$i"; done > "$T/lines"
    run --separate-stderr mqsend --lines --nonblock "$q" < "$T/lines"
    assert_failure 1
    [[ $stderr =~ ^mqsend:\ send\ to\ message\ queue\ id\ $q:\ the\ queue\ is\ full\;\ ([0-9]+)\ messages\ were\ sent$ ]] ||
        fail "stderr: $stderr"
    local sent=${BASH_REMATCH[1]}
    ((sent > 0 && sent < 400))
    assert_equal "$(awk -v id="$q" 'NR > 1 && $2 == id { print $5 }' /proc/sysvipc/msg)" "$sent"
    mqrecv --nonblock -n 1000 -L "$q" > "$T/got"
    assert_equal "$(cat "$T/got")" "$(head -n "$sent" "$T/lines")"
    # The rest, from where it stopped, with a receiver: all 400, in order.
    mqrecv -n $((400 - sent)) -L -T 20s "$q" >> "$T/got" &
    local recv=$!
    tail -n +$((sent + 1)) "$T/lines" | mqsend --lines --timeout 20s "$q"
    wait "$recv"
    cmp "$T/got" "$T/lines"
}

# --- standard output that fails ---------------------------------------------

@test "stdout on a full device: exit 1 and one line, for every command that prints" {
    need xipcmk
    need xipcrm
    local id
    id=$(ipcmk -M 4096 | awk '{ print $NF }')
    printf 'some text in the segment' | shmcat -w "$id"
    mqsend --create /q one two three
    local cmd
    for cmd in "xipcs" "xipcs -J" "xipcs -m -i $id" "shmcat $id" "shmcat -x $id" "shmcat --strings $id" \
               "mqrecv -n 3 /q" "xipcmk -Q" "xipcrm -v -m $id"; do
        run --separate-stderr bash -c "$cmd >/dev/full"
        [[ $status == 1 && $stderr == "${cmd%% *}: write standard output: No space left on device" ]] ||
            fail "$cmd: exit $status, stderr: $stderr"
    done
    if command -v fifo-tee >/dev/null; then
        : > "$BATS_TEST_TMPDIR/copy" # fifo-tee writes into files that exist
        run --separate-stderr bash -c "echo data | fifo-tee '$BATS_TEST_TMPDIR/copy' >/dev/full"
        assert_failure 1
        assert_equal "$stderr" "fifo-tee: write standard output: No space left on device"
        assert_equal "$(cat "$BATS_TEST_TMPDIR/copy")" data
    fi
    # mqrecv took one message, failed to write it, and left the others.
    run -0 mqrecv --nonblock -n 5 -L /q
    assert_output $'two\nthree'
}

@test "stdout a pipe closed early: every command ends quietly with exit 0" {
    local id
    id=$(ipcmk -M 4M | awk '{ print $NF }')
    for i in $(seq 200); do ipcmk -Q >/dev/null; done
    for i in $(seq 10); do mqsend --create /q "message $i"; done
    local cmd
    local cmds=("xipcs" "xipcs -q -J" "xipcs -o KEY,ID -r" "shmcat $id" "shmcat -x $id" "mqrecv -n 10 -L /q")
    command -v fifo-tee >/dev/null && cmds+=("fifo-tee $BATS_TEST_TMPDIR/copy < /dev/shm/big")
    head -c 4M /dev/zero > /dev/shm/big
    : > "$BATS_TEST_TMPDIR/copy"
    for cmd in "${cmds[@]}"; do
        run --separate-stderr bash -c "$cmd | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}"
        [[ $output == 0 && -z $stderr ]] || fail "$cmd: exit $output, stderr: $stderr"
    done
}

# --- FIFO readers that come and go --------------------------------------------

READER=$XIPC_SOURCE/tests/helpers/fifo-reader.py

# steady_reader FIFO OUT: a reader that holds FIFO open when this returns
# (pid in $READER_PID).
steady_reader() {
    mkfifo "$T/ready"
    /usr/bin/python3 "$READER" "$1" "$2" --ready "$T/ready" &
    READER_PID=$!
    read -r -t 120 _ <"$T/ready"
    rm "$T/ready"
}

# flaky_readers FIFO: until $T/done exists, readers of FIFO that take a
# few KiB and leave, or are killed (SIGKILL) after a few KiB, one after the
# other.  Each gives up after a few seconds without a writer (the last one).
flaky_readers() {
    local n=0 how
    while [[ ! -e $T/done ]]; do
        how=$((n++ % 2 ? 0 : 1))
        timeout 3 /usr/bin/python3 "$READER" "$1" /dev/null \
            "$( ((how)) && echo --kill-after || echo --stop-after)" $(((RANDOM % 32 + 1) * 4096)) || true
    done
}

# readers_come_and_go ARGS...: fifo-tee ARGS with a steady reader and two
# flaky FIFOs; stdout and the steady reader get every byte.
readers_come_and_go() {
    # 8 MiB in 64 pieces, fed a piece at a time so that the stream lasts
    # while the flaky readers come and go.
    head -c 8M /dev/urandom > "$T/big"
    split -b 128K -d -a 2 "$T/big" "$T/piece."
    mkfifo "$T/steady" "$T/flaky1" "$T/flaky2"
    steady_reader "$T/steady" "$T/got"
    local reader=$READER_PID
    flaky_readers "$T/flaky1" &
    local flaky1=$!
    flaky_readers "$T/flaky2" &
    local flaky2=$!
    local status=0
    for p in "$T"/piece.*; do cat "$p"; sleep 0.02; done |
        timeout 120 fifo-tee "$@" --stats "$T/steady" "$T/flaky1" "$T/flaky2" >"$T/stdout" 2>"$T/err" ||
        status=$?
    touch "$T/done"
    wait "$reader"
    wait "$flaky1" "$flaky2"
    assert_equal "$status" 0
    cmp "$T/big" "$T/stdout"
    cmp "$T/big" "$T/got"
    # Every byte was written to each flaky FIFO or counted as dropped for it.
    local f written dropped reconnects
    for f in flaky1 flaky2; do
        read -r written dropped reconnects < <(sed -n "s|^fifo-tee: $T/$f: \([0-9]*\) bytes written, \([0-9]*\) dropped, \([0-9]*\) reconnects$|\1 \2 \3|p" "$T/err")
        assert_equal "$((written + dropped))" 8388608
    done
    grep -qx "fifo-tee: $T/steady: 8388608 bytes written, 0 dropped, 0 reconnects" "$T/err"
}

@test "fifo-tee: readers killed and restarted in a loop; the others stay byte-exact (--policy block, splice)" {
    need fifo-tee
    readers_come_and_go --policy block
}

@test "fifo-tee: readers killed and restarted in a loop; the others stay byte-exact (--whole-lines, read/write)" {
    need fifo-tee
    readers_come_and_go --policy block --whole-lines
}

# --- churn: objects and their holders come and go during every scan -------

@test "churn: listings while thousands of objects and holders come and go exit 0 or 1, one line per failure; JSON parses; nothing live is an orphan" {
    need xipcs
    need xipcrm
    need xipcmk
    local orphan_id held_id holder runs=0 made
    # Planted: a real orphan of each family, and objects held by a live
    # process although their creators are gone.
    orphan_id=$(ipcmk -M 4096 | awk '{ print $NF }')
    held_id=$(ipcmk -M 4096 | awk '{ print $NF }')
    xipcmk -m 64 -n /orphan >/dev/null
    xipcmk -m 64 -n /held >/dev/null
    "$XIPC_TEST_BIN/map-hold" -s "$held_id" -m /held >"$T/hold.out" 3>&- &
    holder=$!
    PEERS+=("$holder")
    wait_for_line "$T/hold.out" ready
    # Older than the grace period below, so that the planted orphans are ones.
    sleep 1.2
    "$XIPC_TEST_BIN/churn" 120 4 >"$T/churn.out" 3>&- &
    local churn=$!
    PEERS+=("$churn")
    wait_for_line "$T/churn.out" ready
    local want_orphans
    want_orphans=$(printf '%s\n' "shm $orphan_id" "pshm /orphan")
    while ((runs < 8)); do
        runs=$((runs + 1))
        run --separate-stderr xipcs
        churn_check xipcs "$status" "$stderr"
        run --separate-stderr xipcs -J
        churn_check "xipcs -J" "$status" "$stderr"
        jq -e . <<<"$output" >/dev/null || fail "xipcs -J printed what is not JSON: $output"
        run --separate-stderr xipcs --orphans --grace 1s -J
        churn_check "xipcs --orphans" "$status" "$stderr"
        assert_equal "$(jq -r '(.sharedmemory[] | "shm \(.id)"), (.messages[], .semaphores[] | "sysv \(.id)"),
                               (.posixsharedmemory[] | "pshm \(.name)"),
                               (.posixmessages[], .posixsemaphores[] | "posix \(.name)")' <<<"$output")" "$want_orphans"
        run --separate-stderr xipcrm --orphans --grace 1s --dry-run
        churn_check "xipcrm --orphans --dry-run" "$status" "$stderr"
        assert_equal "$output" "$(printf '%s\n' "would remove shared memory segment id \`$orphan_id'" \
            "would remove POSIX shared memory \`/orphan'")"
    done
    # The churn went on through every round.
    kill -0 "$churn" || fail "the churn ended before the listings did"
    kill -TERM "$churn"
    wait "$churn"
    made=$(awk '$1 == "done" { print $2 }' "$T/churn.out")
    ((made >= 1000)) || fail "only $made objects came and went"
    kill "$holder"
    # The held objects survived every round; the orphans are still there too
    # (--dry-run removed nothing).
    [[ -e /dev/shm/held && -e /dev/shm/orphan ]]
    run ipcs -m -i "$held_id"
    assert_success
    run ipcs -m -i "$orphan_id"
    assert_success
}

# churn_check WHAT STATUS STDERR: exit 0, or 1 with one "COMMAND: " line per
# failure (and nothing else on stderr).
churn_check() {
    local what=$1 status=$2 stderr=$3 cmd=${1%% *} line
    [[ $status == 0 || $status == 1 ]] || fail "$what: exit $status: $stderr"
    [[ $status == 0 || -n $stderr ]] || fail "$what: exit 1 with nothing on stderr"
    while IFS= read -r line; do
        [[ -z $line || $line == "$cmd: "* ]] || fail "$what: stderr line not its own: $line"
    done <<<"$stderr"
}

# wait_for_line FILE LINE: until FILE has the line (10 s at most).
wait_for_line() {
    local _
    for _ in $(seq 200); do
        grep -qx "$2" "$1" && return 0
        sleep 0.05
    done
    fail "no '$2' in $1: $(cat "$1")"
}
