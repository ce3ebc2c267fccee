#!/usr/bin/env bats
# libipcutil's holder attribution and orphan rule against real processes,
# driven through tests/helpers/attr-probe (one line per object:
# "KIND IDENT PID:COMM..." or "KIND IDENT -").

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    xipc_setup
    HOLDERS=()
}
teardown() {
    local p
    for p in "${HOLDERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
}

probe() { "$XIPC_TEST_BIN/attr-probe" "$@"; }

# hold_open PATH — a `sleep` holding PATH open (fd 5, read-write); pid in $held.
hold_open() {
    sleep 1000 5<>"$1" 3>&- &
    held=$!
    HOLDERS+=("$held")
    wait_comm "$held" sleep
}

# Wait until PID has exec'ed COMM (until then it is still a bash fork).
wait_comm() {
    local _
    for _ in $(seq 400); do
        [[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] && return 0
        sleep 0.05
    done
    return 1
}

shm_id() { ipcmk -M 4096 | awk '{print $NF}'; }

make_posix_shm() {
    : >"/dev/shm/$1"
    chmod "${2:-600}" "/dev/shm/$1"
    truncate -s 4096 "/dev/shm/$1"
}

@test "System V segment: every process that attached it, with its command" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    a=$held
    hold "$XIPC_TEST_BIN/ipc-hold" -r "$id"
    b=$held
    lone=$(shm_id)
    run probe
    assert_success
    assert_line "sysv-shm $id $a:ipc-hold $b:ipc-hold"
    assert_line "sysv-shm $lone -"
}

@test "System V segment 0 (inode 0 in the maps) is attributed too" {
    echo 0 >/proc/sys/kernel/shm_next_id 2>/dev/null || skip "cannot choose the next shmid"
    id=$(shm_id)
    [[ $id == 0 ]]
    hold "$XIPC_TEST_BIN/ipc-hold" 0
    run probe
    assert_line "sysv-shm 0 $held:ipc-hold"
}

@test "several processes and several kinds at once: each holder once per object" {
    id=$(shm_id)
    make_posix_shm seg
    mkfifo "$BATS_TEST_TMPDIR/f"
    /usr/bin/python3 -c '
import ctypes, os
rt = ctypes.CDLL("librt.so.1")
assert rt.mq_open(b"/q", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0
libc = ctypes.CDLL(None)
libc.sem_open.restype = ctypes.c_void_p
assert libc.sem_open(b"/s", os.O_CREAT, 0o600, 1)
'
    # -s twice: one process mapping a segment twice is still one holder.
    hold "$XIPC_TEST_BIN/map-hold" -n 3 -s "$id" -s "$id" -m /seg -q /q -e /s -f "$BATS_TEST_TMPDIR/f"
    pids=$( (echo "$held"; pgrep -P "$held") | sort -n | sed 's/$/:map-hold/' | paste -sd ' ')
    [[ $(wc -w <<<"$pids") == 3 ]]
    run probe --fifo "$BATS_TEST_TMPDIR/f"
    assert_success
    assert_line "sysv-shm $id $pids"
    assert_line "posix-shm /seg $pids"
    assert_line "posix-mq /q $pids"
    assert_line "posix-sem /s $pids"
    assert_line "fifo $BATS_TEST_TMPDIR/f $pids"
}

@test "POSIX shared memory: mapped, or only held open" {
    make_posix_shm mapped
    make_posix_shm opened
    make_posix_shm unused
    hold "$XIPC_TEST_BIN/map-hold" -m /mapped
    m=$held
    hold "$XIPC_TEST_BIN/map-hold" -o /opened
    o=$held
    hold_open /dev/shm/opened
    s=$held
    run probe
    assert_line "posix-shm /mapped $m:map-hold"
    assert_line "posix-shm /opened $o:map-hold $s:sleep"
    assert_line "posix-shm /unused -"
}

@test "POSIX message queue: held by mq_open (python3) and by an fd on /dev/mqueue" {
    hold /usr/bin/python3 -c '
import ctypes, os, signal
rt = ctypes.CDLL("librt.so.1")
assert rt.mq_open(b"/jobs", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0
idle = rt.mq_open(b"/idle", os.O_CREAT | os.O_RDWR, 0o600, None)
assert idle >= 0 and rt.mq_close(idle) == 0
print("ready", flush=True)
signal.pause()
'
    py=$held
    hold_open /dev/mqueue/jobs
    s=$held
    run probe
    assert_line "posix-mq /jobs $py:python3 $s:sleep"
    assert_line "posix-mq /idle -"
}

@test "POSIX semaphore: the mapping of /dev/shm/sem.NAME" {
    /usr/bin/python3 -c '
import ctypes, os
libc = ctypes.CDLL(None)
libc.sem_open.restype = ctypes.c_void_p
assert libc.sem_open(b"/lock", os.O_CREAT, 0o600, 1)
assert libc.sem_open(b"/free", os.O_CREAT, 0o600, 1)
'
    hold "$XIPC_TEST_BIN/map-hold" -e /lock
    run probe
    assert_line "posix-sem /lock $held:map-hold"
    assert_line "posix-sem /free -"
}

@test "FIFO: held open, matched by device and inode" {
    mkfifo "$BATS_TEST_TMPDIR/held" "$BATS_TEST_TMPDIR/idle"
    hold_open "$BATS_TEST_TMPDIR/held"
    run probe --fifo "$BATS_TEST_TMPDIR/held" --fifo "$BATS_TEST_TMPDIR/idle"
    assert_line "fifo $BATS_TEST_TMPDIR/held $held:sleep"
    assert_line "fifo $BATS_TEST_TMPDIR/idle -"
}

@test "System V queues and semaphore sets have no holders" {
    ipcmk -Q >/dev/null
    ipcmk -S 2 >/dev/null
    run probe
    assert_line --regexp '^sysv-msg [0-9]+ -$'
    assert_line --regexp '^sysv-sem [0-9]+ -$'
}

@test "a segment with the same id in another IPC namespace is not ours" {
    need_root
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    ours=$held
    # A nested IPC namespace whose segment gets the same id, mapped there.
    hold unshare --ipc -- bash -c '
        echo '"$id"' >/proc/sys/kernel/shm_next_id || exit 1
        inner=$(ipcmk -M 4096 | awk "{print \$NF}")
        [[ $inner == '"$id"' ]] || { echo "got id $inner" >&2; exit 1; }
        exec "$XIPC_TEST_BIN/ipc-hold" "$inner"'
    grep -q "^[0-9a-f-]* rw-s 00000000 [0-9a-f]*:[0-9a-f]* $id .*/SYSV" "/proc/$held/maps"
    run probe
    assert_line "sysv-shm $id $ours:ipc-hold"
}

@test "/dev/shm/NAME of another mount namespace is another file" {
    need_root
    make_posix_shm seg
    hold_open /dev/shm/seg
    ours=$held
    hold unshare --mount --propagation private -- bash -c '
        mount -t tmpfs other /dev/shm && : >/dev/shm/seg && truncate -s 4096 /dev/shm/seg || exit 1
        exec "$XIPC_TEST_BIN/map-hold" -m /seg -o /seg'
    grep -q ' /dev/shm/seg$' "/proc/$held/maps"
    run probe
    assert_line "posix-shm /seg $ours:sleep"
}

@test "a holder of a removed and re-created name does not hold the new object" {
    make_posix_shm seg
    hold "$XIPC_TEST_BIN/map-hold" -m /seg -o /seg
    rm /dev/shm/seg
    make_posix_shm seg
    run probe
    assert_line "posix-shm /seg -"
}

@test "not root: other users' processes are skipped and counted as partial" {
    need_root
    make_posix_shm shared 666
    hold "$XIPC_TEST_BIN/map-hold" -m /shared
    root_holder=$held
    hold setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$XIPC_TEST_BIN/map-hold" -m /shared
    nobody_holder=$held
    run --separate-stderr as_nobody "$XIPC_TEST_BIN/attr-probe" --stats
    assert_success
    assert_line "posix-shm /shared $nobody_holder:map-hold"
    [[ $stderr =~ partial=yes ]]
    [[ $stderr =~ unreadable=[1-9] ]]
    [[ $stderr =~ sight=partial ]]
    run --separate-stderr probe --stats
    assert_line "posix-shm /shared $root_holder:map-hold $nobody_holder:map-hold"
    # Root reads whatever privilege can read: its sight is full.
    [[ $stderr =~ sight=full ]]
}

@test "orphan rule: with /proc out of sight a POSIX object nobody is seen to hold is unprovable" {
    need_unsanitized
    make_posix_shm seg
    id=$(shm_id)
    run --separate-stderr unshare --mount --propagation private -- bash -c '
        mount -t tmpfs none /proc && exec "$0" --verdict --stats' "$XIPC_TEST_BIN/attr-probe"
    assert_success
    assert_line "posix-shm /seg - verdict=unprovable"
    # The kernel's attach count still proves the System V segment unused.
    assert_line "sysv-shm $id - verdict=orphan"
    [[ $stderr =~ processes=0\ .*sight=partial ]]
}

@test "orphan rule: attached, then orphan once the last holder and the creator are gone" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    h=$held
    run probe --verdict
    assert_line "sysv-shm $id $h:ipc-hold verdict=attached"
    end_holder "$h"
    run probe --recheck
    assert_line "sysv-shm $id - verdict=orphan recheck=still-orphan"
}

@test "orphan rule: a never-attached segment is fresh within the grace period" {
    id=$(shm_id)
    run probe --verdict --grace 3600
    assert_line "sysv-shm $id - verdict=fresh"
    run probe --verdict --grace 0
    assert_line "sysv-shm $id - verdict=orphan"
}

@test "orphan rule: a detached segment whose creator still runs is not an orphan" {
    hold /usr/bin/python3 -c '
import ctypes, signal
libc = ctypes.CDLL(None, use_errno=True)
shmid = libc.shmget(0, 4096, 0o1600)
assert shmid >= 0
print("ready", flush=True)
signal.pause()
'
    id=$(awk 'NR > 1 {print $2}' /proc/sysvipc/shm)
    run probe --verdict
    assert_line "sysv-shm $id - verdict=creator-alive"
    end_holder "$held"
    run probe --verdict
    assert_line "sysv-shm $id - verdict=orphan"
}

@test "orphan rule: POSIX objects are orphans once nobody maps or holds them" {
    make_posix_shm seg
    hold "$XIPC_TEST_BIN/map-hold" -m /seg
    run probe --verdict
    assert_line "posix-shm /seg $held:map-hold verdict=held"
    end_holder "$held"
    run probe --recheck
    assert_line "posix-shm /seg - verdict=orphan recheck=still-orphan"
    run probe --verdict --grace 3600
    assert_line "posix-shm /seg - verdict=fresh"
}
