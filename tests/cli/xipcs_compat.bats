#!/usr/bin/env bats
# xipcs, ipcs face, System V: byte for byte what util-linux ipcs prints, for
# every resource option (-m -q -s -a, none) with every output option (-t -p
# -c -l -u -b --human), and -i ID with each resource, on one namespace that
# holds segments attached, detached, marked for removal while attached and
# locked; queues holding messages; semaphore sets with values and waiting
# processes; objects owned by nobody, by a uid without a name and by users
# whose names are longer than ipcs's 10-column owner field.
bats_require_minimum_version 1.5.0
load ../helpers/common
setup() { xipc_setup; PEERS=(); }
teardown() { stop_peers; restore_limits; }

# Users and groups with long names (one with a two-byte character, so the
# cut at 10 bytes splits nothing but bytes, as printf's does), added to this
# namespace's view of /etc/passwd and /etc/group only.
setup_file() {
    local dir=$BATS_FILE_TMPDIR
    cp /etc/passwd "$dir/passwd"
    cp /etc/group "$dir/group"
    echo 'averyverylongusername:x:4242:4343::/nonexistent:/usr/sbin/nologin' >>"$dir/passwd"
    echo 'émile-longname:x:4244:4343::/nonexistent:/usr/sbin/nologin' >>"$dir/passwd"
    echo 'averyverylonggroupname:x:4343:' >>"$dir/group"
    mount --bind "$dir/passwd" /etc/passwd
    mount --bind "$dir/group" /etc/group
}
teardown_file() {
    umount /etc/passwd /etc/group 2>/dev/null || true
}

# wait_for CMD... — until CMD succeeds (a peer reaching its blocking call).
wait_for() {
    local i
    for ((i = 0; i < 400; i++)); do
        "$@" && return 0
        sleep 0.05
    done
    echo "gave up waiting for: $*" >&2
    return 1
}

# peer CMD... — run a helper in the background until the case ends.  Its
# output goes to a file (and fd 3 is closed) so bats does not wait on it.
peer() {
    "$@" >"$BATS_TEST_TMPDIR/peer.${#PEERS[@]}" 2>&1 3>&- &
    PEERS+=($!)
}

stop_peers() {
    local p
    for p in "${PEERS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PEERS[@]}"; do wait "$p" 2>/dev/null || true; done
}

# hold [-l] [-r] SHMID... — attach segments (ipc-hold) and wait until it has.
# (Not common.bash's hold: ipc-hold through this file's peer(), waited for with wait_for.)
hold_peer() {
    local out="$BATS_TEST_TMPDIR/peer.${#PEERS[@]}"
    peer "$XIPC_TEST_BIN/ipc-hold" "$@"
    wait_for grep -q ready "$out"
}

SAVED_LIMITS=()
restore_limits() {
    local i entry
    for ((i = ${#SAVED_LIMITS[@]} - 1; i >= 0; i--)); do
        entry=${SAVED_LIMITS[i]}
        echo "${entry#*=}" >"/proc/sys/kernel/${entry%%=*}"
    done
    SAVED_LIMITS=()
}
set_limit() {
    SAVED_LIMITS+=("$1=$(cat "/proc/sys/kernel/$1")")
    echo "$2" >"/proc/sys/kernel/$1"
}

last_id() { awk '{print $NF}'; }
as_user() { local u=$1 g=$2; shift 2; setpriv --reuid="$u" --regid="$g" --clear-groups -- "$@"; }

# The namespace every comparison runs on.
scene() {
    need_root
    local id

    # Shared memory: detached; attached; attached read-only, locked, then
    # marked for removal (dest, key 0); owned by nobody, by a uid with no
    # name, by a long-named user; created and detached by Python (dtime set).
    ipcmk -M 4096 >/dev/null
    id=$(ipcmk -M 100000 -p 0640 | last_id)
    hold_peer "$id"
    id=$(ipcmk -M 8192 -p 0600 | last_id)
    hold_peer -l -r "$id"
    ipcrm -m "$id"
    as_nobody ipcmk -M 2048 -p 0600 >/dev/null
    as_user 12345 23456 ipcmk -M 1075 -p 0666 >/dev/null
    as_user 4242 4343 ipcmk -M 1048575 -p 0604 >/dev/null
    id=$(as_user 4244 4343 ipcmk -M 3000000 | last_id)
    hold_peer -l "$id"

    # Queues: empty; with messages sent and one received (Python's
    # sysv_ipc: times and pids set); owned by others.
    ipcmk -Q >/dev/null
    as_nobody ipcmk -Q -p 0600 >/dev/null
    as_user 12345 23456 ipcmk -Q -p 0666 >/dev/null
    as_user 4242 4343 ipcmk -Q >/dev/null

    # Semaphores: a set of 3 with values (otime not set); one that Python
    # operated on (otime set) with a process waiting for more (ncount) and
    # one waiting for zero (zcount); owned by others.
    id=$(ipcmk -S 3 | last_id)
    "$XIPC_TEST_BIN/ipc-sem" "$id" set 0 5
    "$XIPC_TEST_BIN/ipc-sem" "$id" set 2 32767
    as_nobody ipcmk -S 1 -p 0600 >/dev/null
    as_user 12345 23456 ipcmk -S 2 >/dev/null
    as_user 4244 4343 ipcmk -S 1 >/dev/null

    local ids
    ids=$(/usr/bin/python3 - <<'PY'
import sysv_ipc
q = sysv_ipc.MessageQueue(None, sysv_ipc.IPC_CREX, mode=0o600, max_message_size=8192)
for m in (b"one", b"two two", b"three three three"):
    q.send(m, type=1)
q.receive()
big = sysv_ipc.MessageQueue(sysv_ipc.IPC_PRIVATE, sysv_ipc.IPC_CREX, mode=0o666, max_message_size=8192)
big.send(b"x" * 5000)
shm = sysv_ipc.SharedMemory(sysv_ipc.IPC_PRIVATE, sysv_ipc.IPC_CREX, size=65536, mode=0o600)
shm.detach()
s = sysv_ipc.Semaphore(None, sysv_ipc.IPC_CREX, mode=0o640, initial_value=0)
s.release()
print(s.id)
PY
    )
    peer "$XIPC_TEST_BIN/ipc-sem" "$ids" op 0 -2
    peer "$XIPC_TEST_BIN/ipc-sem" "$ids" op 0 0
    wait_for waiters "$ids" 1 1
}

# waiters SEMID NCOUNT ZCOUNT — semaphore 0 of the set has that many waiters.
waiters() {
    ipcs -s -i "$1" | awk -v n="$2" -v z="$3" '$1 == "0" && $3 == n && $4 == z {found = 1} END {exit !found}'
}

# same_as_ipcs ARGS... — xipcs ARGS writes exactly what ipcs ARGS writes,
# nothing on stderr, and exits 0.
same_as_ipcs() {
    local want=$BATS_TEST_TMPDIR/want got=$BATS_TEST_TMPDIR/got err=$BATS_TEST_TMPDIR/err
    ipcs "$@" >"$want"
    local rc=0
    xipcs "$@" >"$got" 2>"$err" || rc=$?
    diff -u "$want" "$got"
    assert_equal "$rc" 0
    assert_equal "$(cat "$err")" ""
}

# same_as_ipcs_then_posix ARGS... — with no resource option or -a, xipcs
# writes ipcs's output, then its POSIX sections.
same_as_ipcs_then_posix() {
    local want=$BATS_TEST_TMPDIR/want got=$BATS_TEST_TMPDIR/got err=$BATS_TEST_TMPDIR/err
    ipcs "$@" >"$want"
    local rc=0
    xipcs "$@" >"$got" 2>"$err" || rc=$?
    diff -u "$want" <(head -c "$(stat -c %s "$want")" "$got")
    tail -c +"$(($(stat -c %s "$want") + 1))" "$got" >"$BATS_TEST_TMPDIR/rest"
    local formats=() a
    for a in "$@"; do [[ $a == -a || $a == --all ]] || formats+=("$a"); done
    xipcs -Q -M -S "${formats[@]}" >"$BATS_TEST_TMPDIR/posix"
    # The rest is the POSIX sections, as -Q -M -S prints them (which start
    # with ipcs's leading empty line).
    diff -u <(tail -c +2 "$BATS_TEST_TMPDIR/posix") "$BATS_TEST_TMPDIR/rest"
    assert_equal "$rc" 0
    assert_equal "$(cat "$err")" ""
}

# ids KIND — the ids of -m, -q or -s objects, in ipcs's order.
# (Not common.bash's sysv_ids: the ids as util-linux ipcs lists them.)
ipcs_ids() { ipcs "-$1" | awk 'NR > 3 && $2 ~ /^[0-9]+$/ {print $2}'; }

# same_detail KIND ARGS... — xipcs -KIND -i ID ARGS is ipcs's, for every id.
same_detail() {
    local kind=$1 id n=0
    shift
    for id in $(ipcs_ids "$kind"); do
        same_as_ipcs "-$kind" -i "$id" "$@"
        n=$((n + 1))
    done
    ((n > 3))
}

@test "ipcs -m: the same bytes" {
    scene
    same_as_ipcs -m
}

@test "ipcs -m -t: the same bytes" {
    scene
    same_as_ipcs -m -t
}

@test "ipcs -m -p: the same bytes" {
    scene
    same_as_ipcs -m -p
}

@test "ipcs -m -c: the same bytes" {
    scene
    same_as_ipcs -m -c
}

@test "ipcs -m -l: the same bytes" {
    scene
    same_as_ipcs -m -l
}

@test "ipcs -m -u: the same bytes" {
    scene
    same_as_ipcs -m -u
}

@test "ipcs -m -b: the same bytes" {
    scene
    same_as_ipcs -m -b
}

@test "ipcs -m --human: the same bytes" {
    scene
    same_as_ipcs -m --human
}

@test "ipcs -q: the same bytes" {
    scene
    same_as_ipcs -q
}

@test "ipcs -q -t: the same bytes" {
    scene
    same_as_ipcs -q -t
}

@test "ipcs -q -p: the same bytes" {
    scene
    same_as_ipcs -q -p
}

@test "ipcs -q -c: the same bytes" {
    scene
    same_as_ipcs -q -c
}

@test "ipcs -q -l: the same bytes" {
    scene
    same_as_ipcs -q -l
}

@test "ipcs -q -u: the same bytes" {
    scene
    same_as_ipcs -q -u
}

@test "ipcs -q -b: the same bytes" {
    scene
    same_as_ipcs -q -b
}

@test "ipcs -q --human: the same bytes" {
    scene
    same_as_ipcs -q --human
}

@test "ipcs -s: the same bytes" {
    scene
    same_as_ipcs -s
}

@test "ipcs -s -t: the same bytes" {
    scene
    same_as_ipcs -s -t
}

@test "ipcs -s -p: the same bytes" {
    scene
    same_as_ipcs -s -p
}

@test "ipcs -s -c: the same bytes" {
    scene
    same_as_ipcs -s -c
}

@test "ipcs -s -l: the same bytes" {
    scene
    same_as_ipcs -s -l
}

@test "ipcs -s -u: the same bytes" {
    scene
    same_as_ipcs -s -u
}

@test "ipcs -s -b: the same bytes" {
    scene
    same_as_ipcs -s -b
}

@test "ipcs -s --human: the same bytes" {
    scene
    same_as_ipcs -s --human
}

@test "ipcs -a: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a
}

@test "ipcs -a -t: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -t
}

@test "ipcs -a -p: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -p
}

@test "ipcs -a -c: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -c
}

@test "ipcs -a -l: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -l
}

@test "ipcs -a -u: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -u
}

@test "ipcs -a -b: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a -b
}

@test "ipcs -a --human: the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -a --human
}

@test "ipcs (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix
}

@test "ipcs -t (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -t
}

@test "ipcs -p (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -p
}

@test "ipcs -c (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -c
}

@test "ipcs -l (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -l
}

@test "ipcs -u (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -u
}

@test "ipcs -b (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix -b
}

@test "ipcs --human (no resource option): the same bytes, then the POSIX sections" {
    scene
    same_as_ipcs_then_posix --human
}

@test "ipcs -m -i ID: the same bytes for every id" {
    scene
    same_detail m
}

@test "ipcs -m -i ID -b: the same bytes for every id" {
    scene
    same_detail m -b
}

@test "ipcs -m -i ID --human: the same bytes for every id" {
    scene
    same_detail m --human
}

@test "ipcs -q -i ID: the same bytes for every id" {
    scene
    same_detail q
}

@test "ipcs -q -i ID -b: the same bytes for every id" {
    scene
    same_detail q -b
}

@test "ipcs -q -i ID --human: the same bytes for every id" {
    scene
    same_detail q --human
}

@test "ipcs -s -i ID: the same bytes for every id" {
    scene
    same_detail s
}

@test "ipcs -s -i ID -b: the same bytes for every id" {
    scene
    same_detail s -b
}

@test "ipcs -s -i ID --human: the same bytes for every id" {
    scene
    same_detail s --human
}


@test "-i ignores -t, -p, -c, -l and -u, as ipcs does" {
    scene
    local f m q s
    m=$(ipcs_ids m | sed -n 3p) q=$(ipcs_ids q | tail -1) s=$(ipcs_ids s | tail -1)
    for f in -t -p -c -l -u; do
        same_as_ipcs -m -i "$m" "$f"
        same_as_ipcs -q -i "$q" "$f"
        same_as_ipcs -s -i "$s" "$f"
    done
}

@test "several of -t -p -c -l -u, or -b and --human: the last one counts, as in ipcs" {
    scene
    same_as_ipcs -m -t -p
    same_as_ipcs -q -p -t
    same_as_ipcs -s -u -c
    same_as_ipcs -m -c -l -u -t
    same_as_ipcs -m --human -b
    same_as_ipcs -m -b --human
    same_as_ipcs_then_posix -l --human -b
    same_as_ipcs_then_posix -t -p
}

@test "long options: the same bytes as ipcs's" {
    scene
    same_as_ipcs --shmems --time
    same_as_ipcs --queues --pid
    same_as_ipcs --semaphores --creator
    same_as_ipcs --shmems --limits --bytes
    same_as_ipcs --queues --summary --human
    same_as_ipcs --semaphores --id "$(ipcs_ids s | tail -1)"
    same_as_ipcs_then_posix --all --bytes
}

@test "rows follow the kernel's index order, not the id order" {
    [[ -w /proc/sys/kernel/shm_next_id ]] || skip "no CONFIG_CHECKPOINT_RESTORE"
    # Index 5 gets id 5, then index 2 gets a larger id (sequence 3).
    local kind
    for kind in shm msg sem; do
        echo 5 >/proc/sys/kernel/${kind}_next_id
        case $kind in shm) ipcmk -M 10 ;; msg) ipcmk -Q ;; sem) ipcmk -S 1 ;; esac >/dev/null
        echo $((32768 * 3 + 2)) >/proc/sys/kernel/${kind}_next_id
        case $kind in shm) ipcmk -M 10 ;; msg) ipcmk -Q ;; sem) ipcmk -S 1 ;; esac >/dev/null
    done
    run -0 ipcs -m
    [[ $output =~ \ 98306\ .*$'\n'.*\ 5\  ]] || skip "this kernel lays ids out differently"
    same_as_ipcs -m
    same_as_ipcs -q -t
    same_as_ipcs -s -c
}

@test "-l with limits that do not overflow, and shmall 0" {
    set_limit shmall 1048576
    set_limit shmmax 4000000000
    set_limit msgmnb 65536
    same_as_ipcs -m -l
    same_as_ipcs -m -l -b
    same_as_ipcs -m -l --human
    same_as_ipcs -q -l --human
    set_limit shmall 0
    same_as_ipcs -m -l
    same_as_ipcs -m -l -b
}

@test "-l clamps the default, overflowing shmall as ipcs does" {
    run -0 cat /proc/sys/kernel/shmall
    [[ $output == 18446744073692774399 ]] || skip "shmall is not the kernel default here"
    run -0 xipcs -m -l
    assert_line "max total shared memory (kbytes) = 18446744073709551612"
    run -0 xipcs -m -l -b
    assert_line "max total shared memory (bytes) = 18446744073709547520"
    run -0 xipcs -m -l --human
    assert_line "max seg size = 16E"
}

@test "an empty namespace: the same bytes" {
    same_as_ipcs -m
    same_as_ipcs -q -t
    same_as_ipcs -s -p
    same_as_ipcs_then_posix
}

@test "as nobody: listings and details match ipcs's (qbytes 0 on a queue nobody cannot read)" {
    scene
    local want=$BATS_TEST_TMPDIR/want got=$BATS_TEST_TMPDIR/got a q m
    # A root queue of mode 600: nobody may list it but not IPC_STAT it.
    q=$(ipcs -q | awk '$3 == "root" && $4 == "600" {print $2; exit}') m=$(ipcs_ids m | sed -n 3p)
    for a in "-m" "-q -t" "-s -c" "-q -i $q" "-m -i $m --human"; do
        # shellcheck disable=SC2086
        as_nobody ipcs $a >"$want"
        # shellcheck disable=SC2086
        as_nobody "$XIPC_BIN/xipcs" $a >"$got"
        diff -u "$want" "$got"
    done
    run -0 as_nobody "$XIPC_BIN/xipcs" -q -i "$q"
    assert_line --partial "qbytes=0"
}

@test "-s -i on a set the caller may not read: one line, exit 1" {
    need_root
    id=$(ipcmk -S 2 -p 0600 | last_id)
    run --separate-stderr as_nobody "$XIPC_BIN/xipcs" -s -i "$id"
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "xipcs: read semaphore set id $id: Permission denied"
}

@test "-i with an id that does not exist: one line, exit 1 (ipcs exits 0)" {
    ipcmk -M 10 >/dev/null
    for r in -m -q -s; do
        run --separate-stderr xipcs $r -i 99999
        assert_failure 1
        assert_output ""
    done
    run --separate-stderr xipcs -m -i 99999
    assert_equal "$stderr" "xipcs: find shared memory id 99999: not found"
    run --separate-stderr xipcs -q -i 99999
    assert_equal "$stderr" "xipcs: find message queue id 99999: not found"
    run --separate-stderr xipcs -s --id 99999
    assert_equal "$stderr" "xipcs: find semaphore set id 99999: not found"
}

# bad_args EXIT MESSAGE ARGS... — one error line, the --help hint for usage
# errors, nothing on stdout, nothing changed.
bad_args() {
    local code=$1 message=$2
    shift 2
    local before
    before=$(xipc_snapshot)
    run --separate-stderr xipcs "$@"
    assert_failure "$code"
    assert_output ""
    if ((code == 2)); then
        assert_equal "$stderr" "xipcs: $message"$'\n'"Try 'xipcs --help' for more information."
    else
        assert_equal "$stderr" "xipcs: $message"
    fi
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "bad arguments: one line each, exit 2 (1 for a missing id)" {
    ipcmk -M 10 >/dev/null
    bad_args 2 "invalid id: 'abc'" -i abc -m
    bad_args 2 "invalid id: '-1'" -m -i -1
    bad_args 2 "-i needs exactly one of -m, -q or -s" -i 5
    bad_args 2 "-i needs exactly one of -m, -q or -s" -i 0 -m -q
    bad_args 1 "find shared memory id 99999: not found" -i 99999 -m
    bad_args 2 "invalid --time-format: 'bogus' (expected short, full or iso)" --time-format=bogus
    bad_args 2 "-J, -r, -e, -n and --list are mutually exclusive" -J -r
}
