#!/usr/bin/env bats
# mqsend: every option, both queue families, against peers nobody here wrote
# (mq_overview(7)-style C programs and Python's sysv_ipc).

load ../helpers/common
setup() { xipc_setup; }
bats_require_minimum_version 1.5.0

PY=/usr/bin/python3

# Receive one POSIX message with the C peer: bytes on stdout, "Read N bytes;
# priority = P" on stderr.
c_recv() { "$XIPC_TEST_BIN/mq-overview-recv" "$@"; }
c_attrs() { "$XIPC_TEST_BIN/mq-overview-recv" -a "$1"; }
qsize() { awk '{ sub("QSIZE:", "", $1); print $1 }' "/dev/mqueue/${1#/}"; }
# Messages in a System V queue, by id.
sysv_qnum() { awk -v id="$1" '$2 == id { print $5 }' /proc/sysvipc/msg; }
sysv_new() { ipcmk -Q | awk '{ print $NF }'; }
# Receive every message of a System V queue (by key) with sysv_ipc: "TYPE TEXT" lines.
py_drain() {
    "$PY" - "$1" <<'EOF'
import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1], 0))
while q.current_messages:
    data, t = q.receive()
    print(t, data.decode())
EOF
}

@test "--help lists every option; --version" {
    run --separate-stderr mqsend --help
    assert_success
    for opt in --lines --null --priority --type --timeout --nonblock --create --maxmsg --msgsize --mode --help --version; do
        assert_output --partial -- "$opt"
    done
    run mqsend --version
    assert_success
    assert_output --regexp '^mqsend \(xipc\) [0-9]+\.[0-9]+'
}

@test "each argument is one message, sent in order (POSIX)" {
    mqsend --create /q first "second message" ""
    run --separate-stderr c_recv /q
    assert_output "first"
    assert_equal "$stderr" "Read 5 bytes; priority = 0"
    run --separate-stderr c_recv /q
    assert_output "second message"
    run --separate-stderr c_recv /q
    assert_equal "$stderr" "Read 0 bytes; priority = 0"
    assert_equal "$(qsize /q)" 0
}

@test "with no message argument, all of standard input is one message, bytes intact" {
    printf 'line one\nline two\n\0\377end' >"$BATS_TEST_TMPDIR/in"
    mqsend --create /q <"$BATS_TEST_TMPDIR/in"
    c_recv /q >"$BATS_TEST_TMPDIR/out" 2>/dev/null
    cmp "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
}

@test "empty standard input sends one empty message" {
    mqsend --create /q </dev/null
    run --separate-stderr c_recv /q
    assert_equal "$stderr" "Read 0 bytes; priority = 0"
}

@test "--lines sends one message per line, empty lines and a last unterminated line included" {
    printf 'a\n\nccc\nlast' | mqsend --create --lines /q
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 4"
    assert_equal "$(c_recv /q 2>/dev/null)" a
    assert_equal "$(c_recv /q 2>/dev/null)" ""
    assert_equal "$(c_recv /q 2>/dev/null)" ccc
    assert_equal "$(c_recv /q 2>/dev/null)" last
}

@test "-L is --lines; empty input sends nothing" {
    mqsend -c -L /q </dev/null
    assert_equal "$(qsize /q)" 0
    printf 'x\ny\n' | mqsend -L /q
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 2"
}

@test "--null sends NUL-terminated records, newlines and 0xFF kept" {
    printf 'one\ntwo\0\377\001\0tail' | mqsend --create --null /q
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 3"
    c_recv /q >"$BATS_TEST_TMPDIR/1" 2>/dev/null
    c_recv /q >"$BATS_TEST_TMPDIR/2" 2>/dev/null
    c_recv /q >"$BATS_TEST_TMPDIR/3" 2>/dev/null
    cmp "$BATS_TEST_TMPDIR/1" <(printf 'one\ntwo')
    cmp "$BATS_TEST_TMPDIR/2" <(printf '\377\001')
    cmp "$BATS_TEST_TMPDIR/3" <(printf 'tail')
}

@test "-0 is --null" {
    printf 'a\0b\0' | mqsend -c -0 /q
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 2"
}

@test "--priority sets the POSIX priority; the highest comes out first" {
    mqsend --create /q low
    mqsend --priority 9 /q high
    mqsend -p 4 /q middle
    run --separate-stderr c_recv /q
    assert_output high
    assert_equal "$stderr" "Read 4 bytes; priority = 9"
    run --separate-stderr c_recv /q
    assert_output middle
    assert_equal "$stderr" "Read 6 bytes; priority = 4"
    run --separate-stderr c_recv /q
    assert_output low
}

@test "--type sets the System V type, 1 by default (read by sysv_ipc)" {
    mqsend --create 0x5eed one
    mqsend --type 7 0x5eed seven
    mqsend -t 3 0x5eed three
    run py_drain 0x5eed
    assert_output $'1 one\n7 seven\n3 three'
}

@test "System V by id: arguments, --lines and binary stdin" {
    id=$(sysv_new)
    mqsend "$id" a b
    printf 'c\nd\n' | mqsend --lines "$id"
    printf '\0\377' | mqsend -t 2 "$id"
    assert_equal "$(sysv_qnum "$id")" 5
    run "$PY" -c "
import sysv_ipc
key = [l.split() for l in open('/proc/sysvipc/msg') if l.split()[1] == '$id'][0][0]
q = sysv_ipc.MessageQueue(int(key))
print([q.receive() for _ in range(5)])"
    assert_output "[(b'a', 1), (b'b', 1), (b'c', 1), (b'd', 1), (b'\\x00\\xff', 2)]"
}

@test "a 9000-byte message on an 8192-byte queue fails naming both sizes and sends nothing" {
    mqsend --create --lines /q </dev/null
    before=$(xipc_snapshot)
    run --separate-stderr mqsend /q ok "$(head -c 9000 /dev/zero | tr '\0' x)"
    assert_failure 1
    assert_equal "$stderr" "mqsend: send message 2: 9000 bytes is longer than the message size of POSIX message queue /q (8192 bytes); nothing was sent"
    assert_equal "$(qsize /q)" 0
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "an oversized stdin message names its real size and sends nothing" {
    mqsend -c -L --maxmsg 5 --msgsize 100 /q </dev/null
    run --separate-stderr mqsend /q < <(head -c 300000 /dev/zero)
    assert_failure 1
    assert_equal "$stderr" "mqsend: send standard input: 300000 bytes is longer than the message size of POSIX message queue /q (100 bytes); nothing was sent"
    assert_equal "$(qsize /q)" 0
}

@test "--create with an oversized message creates nothing" {
    before=$(xipc_snapshot)
    run --separate-stderr mqsend --create --msgsize 10 /q "12345678901"
    assert_failure 1
    assert_equal "$stderr" "mqsend: send message 1: 11 bytes is longer than the message size of POSIX message queue /q (10 bytes); nothing was sent"
    assert_not_exist /dev/mqueue/q
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "--lines stops at an oversized line: the lines before it are sent, it and the rest are not" {
    mqsend -c -L --msgsize 4 /q </dev/null
    run --separate-stderr mqsend --lines /q < <(printf 'ab\ncd\ntoolong\nef\n')
    assert_failure 1
    assert_equal "$stderr" "mqsend: send line 3: 7 bytes is longer than the message size of POSIX message queue /q (4 bytes); 2 messages were sent before it"
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 4 curmsgs 2"
}

@test "--lines on a queue of 64-byte messages: 100,000 lines of exactly 64 bytes arrive intact, then a 65-byte line is refused" {
    mqsend -c -L --msgsize 64 /q </dev/null
    awk 'BEGIN { for (i = 1; i <= 100000; ++i) printf "%064d\n", i }' >"$BATS_TEST_TMPDIR/in"
    printf '%065d\nnot sent\n' 0 >>"$BATS_TEST_TMPDIR/in"
    mqrecv --count 100000 --lines /q >"$BATS_TEST_TMPDIR/out" &
    run --separate-stderr mqsend --lines /q <"$BATS_TEST_TMPDIR/in"
    assert_failure 1
    assert_equal "$stderr" "mqsend: send line 100001: 65 bytes is longer than the message size of POSIX message queue /q (64 bytes); 100000 messages were sent before it"
    wait $!
    head -n 100000 "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/out"
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 64 curmsgs 0"
}

@test "--timeout on a stream that keeps filling the queue: every message waits its turn and arrives (POSIX and System V)" {
    mqsend -c -L --maxmsg 2 /q </dev/null
    seq 20000 | mqsend --timeout 1m --lines /q &
    mqrecv --count 20000 --lines /q | cmp - <(seq 20000)
    wait $!
    "$PY" -c "import sysv_ipc; q = sysv_ipc.MessageQueue(0x43, sysv_ipc.IPC_CREAT); q.max_size = 64"
    seq 20000 | mqsend -T 1m --lines 0x43 &
    mqrecv --count 20000 --lines 0x43 | cmp - <(seq 20000)
    wait $!
}

@test "System V: a message above msgmax names msgmax; above the queue's qbytes names qbytes" {
    id=$(sysv_new)
    run --separate-stderr mqsend "$id" "$(head -c 8193 /dev/zero | tr '\0' x)"
    assert_failure 1
    assert_equal "$stderr" "mqsend: send message 1: 8193 bytes is longer than msgmax, the largest System V message (8192 bytes); nothing was sent"
    "$PY" -c "import sysv_ipc; q = sysv_ipc.MessageQueue(0x77, sysv_ipc.IPC_CREAT); q.max_size = 1000"
    run --separate-stderr mqsend 0x77 "$(head -c 1001 /dev/zero | tr '\0' x)"
    assert_failure 1
    assert_equal "$stderr" "mqsend: send message 1: 1001 bytes is longer than the capacity (qbytes) of message queue key 0x00000077 (1000 bytes); nothing was sent"
    assert_equal "$(sysv_qnum "$id")" 0
    mqsend 0x77 "$(head -c 1000 /dev/zero | tr '\0' x)"
}

@test "--timeout on a full queue gives up with exit 3 and sends nothing" {
    mqsend -c --maxmsg 1 /q full
    before=$(xipc_snapshot)
    run --separate-stderr timeout 60 mqsend --timeout 200ms /q more
    assert_failure 3
    assert_equal "$stderr" "mqsend: send to POSIX message queue /q: timed out after 200ms: the queue is full"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "-T is --timeout, on System V too" {
    "$PY" -c "import sysv_ipc; q = sysv_ipc.MessageQueue(0x42, sysv_ipc.IPC_CREAT); q.max_size = 4; q.send(b'full')"
    run --separate-stderr timeout 60 mqsend -T 0.2 0x42 more
    assert_failure 3
    assert_equal "$stderr" "mqsend: send to message queue key 0x00000042: timed out after 200ms: the queue is full"
    run py_drain 0x42
    assert_output "1 full"
}

@test "--timeout does not stop a send that finds room" {
    mqsend -c --timeout 200ms /q fine
    assert_equal "$(c_recv /q 2>/dev/null)" fine
}

@test "--timeout waits for room: a receiver that frees it lets the message through" {
    mqsend -c --maxmsg 1 /q first
    (sleep 0.3; c_recv /q >/dev/null 2>&1) &
    mqsend --timeout 1m /q second
    wait
    assert_equal "$(c_recv /q 2>/dev/null)" second
}

@test "--nonblock on a full queue: exit 3 when nothing went, exit 1 and a count when some did" {
    mqsend -c --maxmsg 2 /q one
    run --separate-stderr mqsend --nonblock /q two three four
    assert_failure 1
    assert_equal "$stderr" "mqsend: send to POSIX message queue /q: the queue is full; 1 message was sent"
    run --separate-stderr mqsend --nonblock /q five
    assert_failure 3
    assert_equal "$stderr" "mqsend: send to POSIX message queue /q: the queue is full"
    assert_equal "$(c_attrs /q)" "maxmsg 2 msgsize 8192 curmsgs 2"
}

@test "--nonblock on a full System V queue" {
    "$PY" -c "import sysv_ipc; q = sysv_ipc.MessageQueue(0x43, sysv_ipc.IPC_CREAT); q.max_size = 4; q.send(b'full')"
    run --separate-stderr mqsend --nonblock 0x43 x
    assert_failure 3
    assert_equal "$stderr" "mqsend: send to message queue key 0x00000043: the queue is full"
}

@test "--create makes a POSIX queue with mode 0600 and the system's attributes; an existing one is reused" {
    umask 022
    mqsend --create /q hello
    assert_equal "$(stat -c %a /dev/mqueue/q)" 600
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 1"
    mqsend -c --mode 0644 /q again
    assert_equal "$(stat -c %a /dev/mqueue/q)" 600
    assert_equal "$(c_attrs /q)" "maxmsg 10 msgsize 8192 curmsgs 2"
}

@test "--maxmsg, --msgsize and --mode shape a created POSIX queue exactly" {
    umask 077
    mqsend --create --maxmsg 3 --msgsize 1K --mode 0644 /q x
    assert_equal "$(stat -c %a /dev/mqueue/q)" 644
    assert_equal "$(c_attrs /q)" "maxmsg 3 msgsize 1024 curmsgs 1"
    mqsend -c --mode u=rw,g=w /dev/mqueue/r y
    assert_equal "$(stat -c %a /dev/mqueue/r)" 620
}

@test "--maxmsg above the system limit is refused, saying which limit" {
    run --separate-stderr mqsend --create --maxmsg 100000 /q x
    assert_failure 1
    assert_equal "$stderr" "mqsend: create POSIX message queue /q: maxmsg 100000 is above the kernel's ceiling of 65536 (no sysctl raises it)"
    assert_not_exist /dev/mqueue/q
}

@test "--create makes a System V queue for a key, mode 0600 by default, --mode otherwise" {
    umask 022
    mqsend --create 0x1234 hi
    run awk '$1 == 4660 { print $3, $5 }' /proc/sysvipc/msg
    assert_output "600 1"
    mqsend --create --mode 0640 0x1235 hi
    run awk '$1 == 4661 { print $3 }' /proc/sysvipc/msg
    assert_output "640"
}

@test "a queue that does not exist is an error (exit 1), and nothing is created" {
    before=$(xipc_snapshot)
    run --separate-stderr mqsend /nosuch hi
    assert_failure 1
    assert_equal "$stderr" "mqsend: open POSIX message queue /nosuch: not found"
    run --separate-stderr mqsend 0x999 hi
    assert_failure 1
    assert_equal "$stderr" "mqsend: open message queue key 0x00000999: not found"
    run --separate-stderr mqsend 4242 hi
    assert_failure 1
    assert_equal "$stderr" "mqsend: open message queue id 4242: not found"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "permission is checked by the kernel: nobody cannot send to a 0600 queue" {
    need_root
    mqsend --create --lines /q </dev/null
    run --separate-stderr as_nobody "$XIPC_BIN/mqsend" /q hi
    assert_failure 1
    assert_equal "$stderr" "mqsend: open POSIX message queue /q: Permission denied"
}

@test "bad arguments: one line, exit 2, nothing done" {
    mqsend --create --lines /q </dev/null
    id=$(sysv_new)
    before=$(xipc_snapshot)
    check() {
        run --separate-stderr mqsend "$@"
        assert_failure 2
        assert_equal "${#stderr_lines[@]}" 2
        assert_equal "${stderr_lines[1]}" "Try 'mqsend --help' for more information."
    }
    check
    assert_equal "${stderr_lines[0]}" "mqsend: no queue given"
    check /a/b hi
    assert_equal "${stderr_lines[0]}" "mqsend: invalid object: '/a/b' (a path outside /dev/shm and /dev/mqueue names no IPC object)"
    check /dev/shm/q hi
    assert_equal "${stderr_lines[0]}" "mqsend: invalid object: '/dev/shm/q' (not a message queue: /dev/shm holds shared memory and semaphores)"
    check --type 2 /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: --type applies to System V queues; use --priority for POSIX queues"
    check --priority 2 "$id" hi
    assert_equal "${stderr_lines[0]}" "mqsend: --priority applies to POSIX queues; use --type for System V queues"
    check --priority 32768 /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: priority out of range: '32768' (at most 32767)"
    check --priority -1 /q hi
    check --type 0 "$id" hi
    assert_equal "${stderr_lines[0]}" "mqsend: invalid type: '0' (System V message types start at 1)"
    check --lines /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: --lines reads standard input: give no message arguments"
    check --lines --null /q
    assert_equal "${stderr_lines[0]}" "mqsend: --lines and --null exclude each other"
    check --maxmsg 5 /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: --maxmsg needs --create"
    check --mode 600 /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: --mode needs --create"
    check --create "$id" hi
    assert_equal "${stderr_lines[0]}" "mqsend: --create needs a POSIX /NAME or a System V 0xKEY (an id names an existing queue)"
    check --create --msgsize 100 0x1234 hi
    assert_equal "${stderr_lines[0]}" "mqsend: --maxmsg and --msgsize apply to POSIX queues"
    check --create --maxmsg 0 /new hi
    check --create --msgsize 1Q /new hi
    check --create --mode 0999 /new hi
    check --timeout 5x /q hi
    check --timeout 1s --nonblock /q hi
    assert_equal "${stderr_lines[0]}" "mqsend: --timeout and --nonblock exclude each other"
    check --bogus /q hi
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "interop: the mq_overview(7) C receiver reads what mqsend sent, priority and all" {
    mqsend --create --priority 31 /q "from mqsend"
    run --separate-stderr c_recv /q
    assert_success
    assert_output "from mqsend"
    assert_equal "$stderr" "Read 11 bytes; priority = 31"
}

@test "interop: sysv_ipc receives binary messages sent by mqsend with their types" {
    printf '\0\377\n' | mqsend --create --type 9 0x7e57
    run "$PY" -c "
import sysv_ipc
print(sysv_ipc.MessageQueue(0x7e57).receive())"
    assert_output "(b'\\x00\\xff\\n', 9)"
}
