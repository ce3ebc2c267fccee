#!/usr/bin/env bats
# mqrecv: every option, both queue families, against peers nobody here wrote
# (an mq_overview(7)-style C sender and Python's sysv_ipc).

load ../helpers/common
setup() { xipc_setup; }
bats_require_minimum_version 1.5.0

PY=/usr/bin/python3
ISO8601='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2}$'

c_send() { "$XIPC_TEST_BIN/mq-overview-send" "$@"; }
c_attrs() { "$XIPC_TEST_BIN/mq-overview-recv" -a "$1"; }
sysv_qnum() { awk -v id="$1" '$2 == id { print $5 }' /proc/sysvipc/msg; }
sysv_new() { ipcmk -Q | awk '{ print $NF }'; }
newq() { mqsend --create --lines "$@" </dev/null; }
# Wait (at most a minute) until FILE holds N lines.
wait_lines() {
    local i
    for ((i = 0; i < 600; ++i)); do
        (($(wc -l <"$1") >= $2)) && return 0
        sleep 0.1
    done
    return 1
}
# A System V queue with types 3 1 2 1 5 carrying a b c d e.
typed_queue() {
    id=$(sysv_new)
    mqsend -t 3 "$id" a
    mqsend -t 1 "$id" b
    mqsend -t 2 "$id" c
    mqsend -t 1 "$id" d
    mqsend -t 5 "$id" e
}

@test "--help lists every option; --version" {
    run --separate-stderr mqrecv --help
    assert_success
    for opt in --count --follow --timeout --nonblock --lines --null --print-priority --json --type --except --peek --notify --batch --help --version; do
        assert_output --partial -- "$opt"
    done
    run mqrecv --version
    assert_output --regexp '^mqrecv \(xipc\) [0-9]+\.[0-9]+'
}

@test "one message by default, its bytes exactly, nothing added" {
    newq /q
    mqsend /q first second
    run --separate-stderr mqrecv /q
    assert_success
    assert_output first
    assert_equal "$stderr" ""
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 1"
    mqrecv /q | cmp - <(printf second)
}

@test "--count takes that many and leaves the rest" {
    newq /q
    mqsend /q 1 2 3 4 5
    run mqrecv --count 3 --lines /q
    assert_output $'1\n2\n3'
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 2"
    run mqrecv -n 2 -L /q
    assert_output $'4\n5'
}

@test "priorities come out highest first, equal ones in order; --print-priority shows them" {
    newq /q
    mqsend -p 1 /q low1
    mqsend -p 7 /q high
    mqsend -p 3 /q mid
    mqsend -p 1 /q low2
    run mqrecv -n 4 --lines --print-priority /q
    assert_output $'7\thigh\n3\tmid\n1\tlow1\n1\tlow2'
}

@test "--lines ends each message with a newline, --null with a NUL, none by default" {
    newq /q
    mqsend /q a b c d e f
    mqrecv -n 2 --lines /q | cmp - <(printf 'a\nb\n')
    mqrecv -n 2 --null /q | cmp - <(printf 'c\0d\0')
    mqrecv -n 2 /q | cmp - <(printf 'ef')
}

@test "-L and -0 are --lines and --null" {
    newq /q
    mqsend /q a b
    mqrecv -L /q | cmp - <(printf 'a\n')
    mqrecv -0 /q | cmp - <(printf 'b\0')
}

@test "binary payloads with NUL and 0xFF round-trip, POSIX and System V" {
    head -c 4096 /dev/urandom >"$BATS_TEST_TMPDIR/rand"
    printf '\0\377\0\377\n\0' >>"$BATS_TEST_TMPDIR/rand"
    newq /q
    mqsend /q <"$BATS_TEST_TMPDIR/rand"
    mqrecv /q | cmp - "$BATS_TEST_TMPDIR/rand"
    id=$(sysv_new)
    mqsend "$id" <"$BATS_TEST_TMPDIR/rand"
    mqrecv "$id" | cmp - "$BATS_TEST_TMPDIR/rand"
}

@test "--json: queue, priority, size, UTF-8 data and time (POSIX)" {
    newq /q
    mqsend -p 4 /q $'h\xc3\xa9 "quoted"\ttab\nline'
    run --separate-stderr mqrecv --json /q
    assert_success
    assert_equal "${#lines[@]}" 1
    run jq -c 'del(.time)' <<<"$output"
    assert_output '{"queue":"/q","priority":4,"size":21,"data":"hé \"quoted\"\ttab\nline","encoding":"utf-8"}'
}

@test "--json: the time is ISO 8601 with microseconds and an offset" {
    newq /q
    mqsend /q x
    t=$(mqrecv -J /q | jq -r .time)
    [[ $t =~ $ISO8601 ]]
    date -d "$t" +%s
}

@test "--json: binary data is base64 with encoding base64; several messages are several lines" {
    newq /q
    printf '\0\377bin' | mqsend /q
    mqsend /q text
    run mqrecv -J -n 2 /q
    assert_equal "${#lines[@]}" 2
    run jq -c 'del(.time)' <<<"${lines[0]}"
    assert_output '{"queue":"/q","priority":0,"size":5,"data":"AP9iaW4=","encoding":"base64"}'
    mqsend /q </dev/null
    printf '\0\377bin' | mqsend /q
    mqrecv -J -n 2 /q | tail -n 1 | jq -r .data | base64 -d | cmp - <(printf '\0\377bin')
}

@test "--json on System V: queue id, key, type" {
    mqsend --create -t 6 0xabc payload
    id=$(awk '$1 == 2748 { print $2 }' /proc/sysvipc/msg)
    run mqrecv --json 0xabc
    run jq -c 'del(.time)' <<<"$output"
    assert_output "{\"queue\":$id,\"key\":\"0x00000abc\",\"type\":6,\"size\":7,\"data\":\"payload\",\"encoding\":\"utf-8\"}"
}

@test "System V --type 0 takes the first message of any type" {
    typed_queue
    run mqrecv -n 5 -L --print-priority -t 0 "$id"
    assert_output $'3\ta\n1\tb\n2\tc\n1\td\n5\te'
}

@test "System V --type >0 takes that type only, in order" {
    typed_queue
    run mqrecv -n 2 -L --type 1 "$id"
    assert_output $'b\nd'
    assert_equal "$(sysv_qnum "$id")" 3
    run mqrecv -n 3 -L "$id"
    assert_output $'a\nc\ne'
}

@test "System V --type <0 takes the lowest type up to |n| first" {
    typed_queue
    run mqrecv -n 3 -L --print-priority -t -2 "$id"
    assert_output $'1\tb\n1\td\n2\tc'
    run --separate-stderr mqrecv --nonblock -t -2 "$id"
    assert_failure 3
    assert_equal "$(sysv_qnum "$id")" 2
}

@test "System V --except takes any type but the one named" {
    typed_queue
    run mqrecv -n 3 -L --print-priority --type 1 --except "$id"
    assert_output $'3\ta\n2\tc\n5\te'
    run mqrecv -n 2 -L "$id"
    assert_output $'b\nd'
}

@test "--peek copies messages without taking them, in the order receiving would" {
    typed_queue
    run mqrecv --peek -L --print-priority "$id"
    assert_output $'3\ta'
    run mqrecv --peek -n 10 -L "$id"
    assert_output $'a\nb\nc\nd\ne'
    run mqrecv --peek -n 10 -L -t -2 "$id"
    assert_output $'b\nd\nc'
    run mqrecv --peek -n 10 -L -t 1 --except "$id"
    assert_output $'a\nc\ne'
    run mqrecv --peek -n 2 -J -t 5 "$id"
    assert_equal "$(jq -r .data <<<"$output")" e
    assert_equal "$(sysv_qnum "$id")" 5
}

@test "--peek on an empty queue exits 3" {
    id=$(sysv_new)
    run --separate-stderr mqrecv --peek "$id"
    assert_failure 3
    assert_equal "$stderr" "mqrecv: peek at message queue id $id: no message"
}

@test "--peek on a kernel without MSG_COPY says so clearly and takes nothing" {
    id=$(sysv_new)
    mqsend "$id" keep
    run --separate-stderr "$XIPC_TEST_BIN/no-msg-copy" "$XIPC_BIN/mqrecv" --peek "$id"
    assert_failure 1
    assert_equal "$stderr" "mqrecv: peek at message queue id $id: this kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE), so --peek cannot copy messages; nothing was received"
    assert_equal "$(sysv_qnum "$id")" 1
}

@test "--timeout 200ms on an empty queue returns, exit 3 (POSIX and System V)" {
    newq /q
    run --separate-stderr timeout 60 mqrecv --timeout 200ms /q
    assert_failure 3
    assert_output ""
    assert_equal "$stderr" "mqrecv: receive from POSIX message queue /q: no message within 200ms"
    id=$(sysv_new)
    run --separate-stderr timeout 60 mqrecv -T 200ms "$id"
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from message queue id $id: no message within 200ms"
    run --separate-stderr timeout 60 mqrecv -T 0 -t 4 "$id"
    assert_failure 3
}

@test "--timeout waits for a message that comes (POSIX and System V)" {
    newq /q
    id=$(sysv_new)
    (sleep 0.3; mqsend /q late; mqsend "$id" late-too) &
    run mqrecv --timeout 1m /q
    assert_output late
    run mqrecv --timeout 1m "$id"
    assert_output late-too
    wait
}

@test "--timeout ends --follow and --count quietly once something was received" {
    newq /q
    mqsend /q a b
    run --separate-stderr timeout 60 mqrecv --follow --lines --timeout 200ms /q
    assert_success
    assert_output $'a\nb'
    assert_equal "$stderr" ""
    mqsend /q c
    run timeout 60 mqrecv -n 5 -L -T 200ms /q
    assert_success
    assert_output c
}

@test "--nonblock: an empty queue exits 3; --follow --nonblock drains and exits 0" {
    newq /q
    run --separate-stderr mqrecv --nonblock /q
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from POSIX message queue /q: the queue is empty"
    mqsend /q 1 2 3
    run mqrecv --follow --nonblock -L /q
    assert_success
    assert_output $'1\n2\n3'
    id=$(sysv_new)
    run --separate-stderr mqrecv --nonblock "$id"
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from message queue id $id: the queue is empty"
}

@test "--follow writes each message as it comes and keeps waiting" {
    newq /q
    mqrecv --follow --lines /q >"$BATS_TEST_TMPDIR/out" &
    pid=$!
    mqsend /q one
    wait_lines "$BATS_TEST_TMPDIR/out" 1
    mqsend /q two three
    wait_lines "$BATS_TEST_TMPDIR/out" 3
    kill -0 "$pid"
    kill "$pid"
    wait "$pid" || true
    run cat "$BATS_TEST_TMPDIR/out"
    assert_output $'one\ntwo\nthree'
}

@test "-f is --follow, on System V too" {
    id=$(sysv_new)
    mqrecv -f -L "$id" >"$BATS_TEST_TMPDIR/out" &
    pid=$!
    mqsend "$id" x y
    wait_lines "$BATS_TEST_TMPDIR/out" 2
    kill "$pid"
    wait "$pid" || true
    run cat "$BATS_TEST_TMPDIR/out"
    assert_output $'x\ny'
}

@test "streaming: 1,000,000 numbered lines through mqsend --lines and mqrecv --follow --lines, lossless and in order" {
    newq /q
    out=$BATS_TEST_TMPDIR/out
    mqrecv --follow --lines /q >"$out" &
    pid=$!
    seq 1000000 | mqsend --lines /q
    # The last line written means every line before it was written too.
    for ((i = 0; i < 1200; ++i)); do
        [[ $(tail -n 1 "$out") == 1000000 ]] && break
        sleep 0.1
    done
    kill "$pid"
    wait "$pid" || true
    seq 1000000 | cmp - "$out"
}

@test "streaming with --batch: 1,000,000 numbered lines through mqsend --lines and mqrecv --follow --batch --lines, lossless and in order" {
    newq /q
    out=$BATS_TEST_TMPDIR/out
    mqrecv --follow --batch --lines /q >"$out" &
    pid=$!
    seq 1000000 | mqsend --lines /q
    for ((i = 0; i < 1200; ++i)); do
        [[ $(tail -n 1 "$out") == 1000000 ]] && break
        sleep 0.1
    done
    kill "$pid"
    wait "$pid" || true
    seq 1000000 | cmp - "$out"
}

@test "streaming with --batch on System V: 1,000,000 numbered lines, --count, lossless and in order" {
    id=$(sysv_new)
    seq 1000000 | mqsend --lines "$id" &
    mqrecv --count 1000000 --batch=7 --lines "$id" | cmp - <(seq 1000000)
    wait
    assert_equal "$(sysv_qnum "$id")" 0
}

# Start mqrecv ARGS... in the background with its stdout a pipe that is
# already full, so that it blocks writing its first batch.  Once
# $BATS_TEST_TMPDIR/go exists the pipe is read out into
# $BATS_TEST_TMPDIR/piped (the filler first, its size in .../filler).
mqrecv_into_full_pipe() {
    "$PY" - "$BATS_TEST_TMPDIR" "$@" <<'EOF' &
import fcntl, os, subprocess, sys, time
tmp, args = sys.argv[1], sys.argv[2:]
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, os.O_NONBLOCK)
filled = 0
try:
    while True:
        filled += os.write(w, b"f" * 4096)
except BlockingIOError:
    pass
fcntl.fcntl(w, fcntl.F_SETFL, 0)
with open(os.path.join(tmp, "filler"), "w") as f:
    f.write(str(filled))
child = subprocess.Popen(["mqrecv"] + args, stdout=w)
os.close(w)
while not os.path.exists(os.path.join(tmp, "go")):
    time.sleep(0.05)
with open(os.path.join(tmp, "piped"), "wb") as out:
    while True:
        data = os.read(r, 65536)
        if not data:
            break
        out.write(data)
sys.exit(child.wait())
EOF
}

# Wait (at most a minute) until POSIX queue Q holds N messages.
wait_curmsgs() {
    local i
    for ((i = 0; i < 600; ++i)); do
        [[ $(c_attrs "$1") == *" curmsgs $2" ]] && return 0
        sleep 0.1
    done
    return 1
}

@test "--batch=N takes up to N waiting messages and no more until they are written; without it, one" {
    newq /q
    mqsend /q 1 2 3 4 5 6 7 8 9 10
    mqrecv_into_full_pipe --batch=4 --count 10 --lines /q
    helper=$!
    # Blocked writing its first batch: it took 4 and leaves the other 6.
    wait_curmsgs /q 6
    sleep 0.5
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 6"
    touch "$BATS_TEST_TMPDIR/go"
    wait "$helper"
    filler=$(cat "$BATS_TEST_TMPDIR/filler")
    tail -c +$((filler + 1)) "$BATS_TEST_TMPDIR/piped" | cmp - <(seq 10)
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 0"

    rm "$BATS_TEST_TMPDIR/go"
    mqsend /q 1 2 3 4 5 6 7 8 9 10
    mqrecv_into_full_pipe --count 10 --lines /q
    helper=$!
    wait_curmsgs /q 9
    sleep 0.5
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 9"
    touch "$BATS_TEST_TMPDIR/go"
    wait "$helper"
    tail -c +$((filler + 1)) "$BATS_TEST_TMPDIR/piped" | cmp - <(seq 10)
}

@test "--batch: a batch never takes more than --count leaves; the rest stays queued" {
    newq /q
    mqsend /q 1 2 3 4 5 6 7
    run mqrecv --batch --count 3 --lines /q
    assert_success
    assert_output $'1\n2\n3'
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 4"
    mqrecv --batch=3 --follow --nonblock --null /q | cmp - <(printf '4\0005\0006\0007\000')
}

@test "--batch keeps each message's bytes exactly: binary, empty and full-size messages, POSIX and System V" {
    newq /q --msgsize 16
    printf 'a\0b\xff\n' | mqsend /q
    mqsend /q '' 0123456789abcdef x
    mqrecv --batch --count 4 --null /q | cmp - <(printf 'a\0b\xff\n\0\0000123456789abcdef\0x\0')
    id=$(sysv_new)
    printf 'a\0b\xff\n' | mqsend "$id"
    mqsend "$id" '' 0123456789abcdef x
    mqrecv --batch --count 4 --null "$id" | cmp - <(printf 'a\0b\xff\n\0\0000123456789abcdef\0x\0')
    mqsend "$id" 1 22 333
    mqrecv --batch --count 3 "$id" | cmp - <(printf '122333')
}

@test "--batch with --json, --print-priority, --type and --except" {
    newq /q
    mqsend -p 1 /q low
    mqsend -p 5 /q high
    run mqrecv --batch --count 2 --print-priority --lines /q
    assert_output $'5\thigh\n1\tlow'
    mqsend /q 'x y' z
    run mqrecv --batch --count 2 --json /q
    assert_equal "${#lines[@]}" 2
    assert_equal "$(jq -r .data <<<"${lines[0]}")" "x y"
    assert_equal "$(jq -r .data <<<"${lines[1]}")" z
    typed_queue
    run mqrecv --batch --follow --nonblock --type 1 --lines "$id"
    assert_output $'b\nd'
    run mqrecv --batch --follow --nonblock --type 2 --except --print-priority --lines "$id"
    assert_output $'3\ta\n5\te'
    run mqrecv --batch --follow --nonblock --lines "$id"
    assert_output c
}

@test "--batch with --timeout, --nonblock and --notify on an empty queue exits 3; --notify takes a batch" {
    newq /q
    run --separate-stderr mqrecv --batch --timeout 200ms /q
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from POSIX message queue /q: no message within 200ms"
    run --separate-stderr mqrecv --batch --nonblock /q
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from POSIX message queue /q: the queue is empty"
    id=$(sysv_new)
    run --separate-stderr mqrecv --batch=2 --timeout 200ms "$id"
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from message queue id $id: no message within 200ms"
    run --separate-stderr timeout 60 mqrecv --batch --notify --timeout 200ms /q
    assert_failure 3
    mqsend /q a b c
    run timeout 60 mqrecv --batch --notify --count 3 --lines /q
    assert_success
    assert_output $'a\nb\nc'
    # --follow ended by the timeout keeps what its batches took.
    mqsend "$id" 1 2 3
    run --separate-stderr mqrecv --batch=2 --follow --timeout 200ms --lines "$id"
    assert_success
    assert_output $'1\n2\n3'
}

@test "--batch keeps following: messages that come after a wait are taken as they come" {
    newq /q
    mqrecv --batch --follow --lines /q >"$BATS_TEST_TMPDIR/out" &
    pid=$!
    mqsend /q one
    wait_lines "$BATS_TEST_TMPDIR/out" 1
    mqsend /q two three
    wait_lines "$BATS_TEST_TMPDIR/out" 3
    mqsend /q four
    wait_lines "$BATS_TEST_TMPDIR/out" 4
    kill "$pid"
    wait "$pid" || true
    run cat "$BATS_TEST_TMPDIR/out"
    assert_output $'one\ntwo\nthree\nfour'
}

@test "SIGKILL during --batch loses no more than the batch being written" {
    newq /q
    out=$BATS_TEST_TMPDIR/out
    seq 100000000 | mqsend --lines /q &
    sender=$!
    mqrecv --follow --batch=8 --lines /q >"$out" &
    pid=$!
    wait_lines "$out" 20000
    kill -KILL "$pid"
    wait "$pid" || true
    # The sender fills the queue again, then blocks: stop it there.
    wait_curmsgs /q 10
    kill -KILL "$sender"
    wait "$sender" || true
    # Written: lines 1..k, and maybe the start of line k+1 (a torn write).
    k=$(wc -l <"$out")
    head -n "$k" "$out" | cmp - <(seq "$k")
    torn=$(tail -n +$((k + 1)) "$out")
    [[ $((k + 1)) == "$torn"* ]]
    # Still queued: lines j..j+9.  Lost: the lines in between.
    left=$(mqrecv --follow --nonblock --lines /q)
    j=$(head -n 1 <<<"$left")
    assert_equal "$left" "$(seq "$j" $((j + 9)))"
    lost=$((j - 1 - k))
    echo "# sent $((j + 9)), written $k, still queued 10, lost $lost" >&3
    ((lost >= 0 && lost <= 8))
}

@test "--notify takes a message that is already there" {
    newq /q
    mqsend -p 2 /q waiting
    run timeout 60 mqrecv --notify --print-priority /q
    assert_success
    assert_output $'2\twaiting'
}

@test "--notify waits with mq_notify until a message arrives" {
    newq /q
    mqrecv --notify --timeout 1m -n 2 -L /q >"$BATS_TEST_TMPDIR/out" &
    pid=$!
    # Wait until it is registered for notification, then send.
    for ((i = 0; i < 600; ++i)); do
        grep -q "NOTIFY_PID:$pid " /dev/mqueue/q && break
        sleep 0.1
    done
    grep -q "NOTIFY_PID:$pid " /dev/mqueue/q
    mqsend /q first
    mqsend /q second
    wait "$pid"
    run cat "$BATS_TEST_TMPDIR/out"
    assert_output $'first\nsecond'
}

@test "--notify with --timeout or --nonblock on an empty queue exits 3" {
    newq /q
    run --separate-stderr timeout 60 mqrecv --notify --timeout 200ms /q
    assert_failure 3
    assert_equal "$stderr" "mqrecv: receive from POSIX message queue /q: no message within 200ms"
    run --separate-stderr mqrecv --notify --nonblock /q
    assert_failure 3
    # Nobody is left registered.
    run cat /dev/mqueue/q
    assert_output --partial "NOTIFY_PID:0 "
}

@test "--notify when another process holds the notification is an error" {
    newq /q
    mqrecv --notify --timeout 1m /q >/dev/null &
    pid=$!
    for ((i = 0; i < 600; ++i)); do
        grep -q "NOTIFY_PID:$pid " /dev/mqueue/q && break
        sleep 0.1
    done
    run --separate-stderr mqrecv --notify --timeout 10s /q
    assert_failure 1
    assert_equal "$stderr" "mqrecv: wait for a message on POSIX message queue /q: another process is registered for its notification"
    mqsend /q release
    wait "$pid"
}

@test "a closed stdout ends mqrecv quietly (EPIPE)" {
    newq /q
    mqsend /q a b c
    # stdout is a pipe whose read end is already closed.
    run --separate-stderr "$PY" -c '
import os, sys
r, w = os.pipe()
os.close(r)
os.dup2(w, 1)
os.execvp(sys.argv[1], sys.argv[1:])' mqrecv -n 3 -L /q
    assert_success
    assert_equal "$stderr" ""
    # It stopped at the first message it could not write.
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 2"
}

@test "a write error on stdout is reported, exit 1" {
    newq /q
    mqsend /q a b
    run --separate-stderr bash -c "mqrecv -n 2 /q >/dev/full"
    assert_failure 1
    assert_equal "$stderr" "mqrecv: write standard output: No space left on device"
}

@test "a queue removed while mqrecv waits is reported, exit 1" {
    id=$(sysv_new)
    (sleep 0.3; ipcrm -q "$id") &
    run --separate-stderr timeout 60 mqrecv "$id"
    assert_failure 1
    assert_equal "$stderr" "mqrecv: receive from message queue id $id: already removed"
    wait
}

@test "a queue that does not exist is an error (exit 1)" {
    run --separate-stderr mqrecv /nosuch
    assert_failure 1
    assert_equal "$stderr" "mqrecv: open POSIX message queue /nosuch: not found"
    run --separate-stderr mqrecv 0x999
    assert_failure 1
    assert_equal "$stderr" "mqrecv: open message queue key 0x00000999: not found"
    run --separate-stderr mqrecv 4242
    assert_failure 1
    assert_equal "$stderr" "mqrecv: open message queue id 4242: not found"
}

@test "nobody cannot receive from a 0600 queue" {
    need_root
    newq /q
    mqsend /q secret
    run --separate-stderr as_nobody "$XIPC_BIN/mqrecv" --nonblock /q
    assert_failure 1
    assert_equal "$stderr" "mqrecv: open POSIX message queue /q: Permission denied"
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 1"
}

@test "bad arguments: one line, exit 2, nothing taken" {
    newq /q
    mqsend /q keep
    id=$(sysv_new)
    mqsend "$id" keep
    before=$(xipc_snapshot)
    check() {
        run --separate-stderr mqrecv "$@"
        assert_failure 2
        assert_equal "${#stderr_lines[@]}" 2
        assert_equal "${stderr_lines[1]}" "Try 'mqrecv --help' for more information."
    }
    check
    assert_equal "${stderr_lines[0]}" "mqrecv: no queue given"
    check /dev/shm/q
    assert_equal "${stderr_lines[0]}" "mqrecv: invalid object: '/dev/shm/q' (not a message queue: /dev/shm holds shared memory and semaphores)"
    check --count 0 /q
    assert_equal "${stderr_lines[0]}" "mqrecv: invalid count: '0' (receive at least one message)"
    check --count x /q
    check --count 2 --follow /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --count and --follow exclude each other"
    check --lines --null /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --lines and --null exclude each other"
    check --json --lines /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --json prints whole lines: no --lines, --null or --print-priority"
    check --json --print-priority /q
    check --timeout 1s --nonblock /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --timeout and --nonblock exclude each other"
    check --timeout soon /q
    check --type 1 /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --type applies to System V queues"
    check --except /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --except applies to System V queues"
    check --peek /q
    assert_equal "${stderr_lines[0]}" "mqrecv: --peek applies to System V queues"
    check --notify "$id"
    assert_equal "${stderr_lines[0]}" "mqrecv: --notify applies to POSIX queues"
    check --except "$id"
    assert_equal "${stderr_lines[0]}" "mqrecv: --except needs --type with a number above 0"
    check --except -t -3 "$id"
    check --type 1x "$id"
    check --type -9223372036854775808 "$id"
    assert_equal "${stderr_lines[0]}" "mqrecv: type out of range: '-9223372036854775808'"
    check --peek --follow "$id"
    assert_equal "${stderr_lines[0]}" "mqrecv: --peek does not wait: no --follow or --timeout"
    check --peek --timeout 1s "$id"
    check --batch=0 /q
    assert_equal "${stderr_lines[0]}" "mqrecv: invalid batch size: '0' (a batch holds at least one message)"
    check --batch=65537 /q
    assert_equal "${stderr_lines[0]}" "mqrecv: batch size out of range: '65537' (at most 65536)"
    check --batch=x /q
    check --batch 4 /q
    assert_equal "${stderr_lines[0]}" "mqrecv: unexpected argument: '4' (a value for --batch must be attached: --batch=4)"
    check --peek --batch "$id"
    assert_equal "${stderr_lines[0]}" "mqrecv: --peek takes nothing from the queue: no --batch"
    check --bogus /q
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "interop: mqrecv receives what the mq_overview(7) C sender sent, priority and bytes" {
    newq /q
    c_send /q 12 "from C"
    printf '\0\377' | c_send /q 3
    run mqrecv --print-priority -L /q
    assert_output $'12\tfrom C'
    mqrecv /q | cmp - <(printf '\0\377')
}

@test "interop: mqrecv receives sysv_ipc's messages with their types" {
    "$PY" -c "
import sysv_ipc
q = sysv_ipc.MessageQueue(0x5151, sysv_ipc.IPC_CREX, 0o600)
q.send(b'first', type=4)
q.send(b'\x00\xffsecond', type=2)"
    run mqrecv -t 4 -L --print-priority 0x5151
    assert_output $'4\tfirst'
    mqrecv 0x5151 | cmp - <(printf '\0\377second')
}
