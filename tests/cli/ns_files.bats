#!/usr/bin/env bats
# --ns FILE (xipcs and xipcrm): an IPC namespace named by its file, as
# nsenter --ipc=FILE takes it — /proc/PID/ns/ipc, or a bind mount of one.
# The mount namespace (and so /dev/shm and /dev/mqueue) is borrowed from a
# process in that IPC namespace; with none, xipcs enters the IPC namespace
# alone and says so, xipcrm refuses.  Anything but an IPC namespace file is
# refused before anything is entered.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    xipc_setup
    HOLDERS=()
    BOUND=()
}
teardown() {
    local p f
    for p in "${HOLDERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for f in "${BOUND[@]}"; do
        umount "$f" 2>/dev/null || true
    done
}

shm_id() { ipcmk -M "${1:-4096}" | awk '{print $NF}'; }
posix() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# A process in its own IPC and mount namespaces, with a System V segment
# (2000 bytes), a POSIX segment /inside and a queue /inq of its own; its pid
# in $inner.
start_inner() {
    hold unshare --ipc --mount --propagation private -- bash -c '
        mount -t tmpfs inner /dev/shm && mount -t mqueue inner /dev/mqueue || exit 1
        ipcmk -M 2000 >/dev/null && : >/dev/shm/inside && truncate -s 3000 /dev/shm/inside || exit 1
        xipcmk -q -n /inq >/dev/null || exit 1
        echo ready
        exec sleep infinity'
    inner=$held
}

# bind FILE: FILE made a bind mount of the inner process's IPC namespace
# file (unmounted again by teardown).
bind() {
    : >"$1"
    mount --bind "/proc/$inner/ns/ipc" "$1"
    BOUND+=("$1")
}

# What the inner namespace holds, read through nsenter.
inner_snapshot() { nsenter --ipc="$1" -- cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem; }

@test "--ns /proc/PID/ns/ipc: that namespace's objects, POSIX ones through its process's mount namespace" {
    need_root
    shm_id 1000 >/dev/null
    posix shm /outside 1000 600
    start_inner
    run --separate-stderr xipcs --ns "/proc/$inner/ns/ipc" -m -M -o SIZE -b -J
    assert_success
    assert_equal "$stderr" ''
    assert_equal "$(jq -c . <<<"$output")" '{"sharedmemory":[{"size":2000}],"posixsharedmemory":[{"size":3000}]}'
    run --separate-stderr xipcs --ns "/proc/$inner/ns/ipc" -M -o NAME -r --noheadings
    assert_success
    assert_output "/inside"
    run --separate-stderr xipcs --ns "/proc/$inner/ns/ipc" -Q -o NAME -r --noheadings
    assert_success
    assert_output "/inq"
    # Our own namespace is unchanged.
    run xipcs -M -o NAME -r --noheadings
    assert_output "/outside"
}

@test "--ns FILE: a bind mount of the namespace file lists the same objects" {
    need_root
    posix shm /outside 1000 600
    start_inner
    bind "$BATS_TEST_TMPDIR/ipcns"
    run --separate-stderr xipcs --ns "$BATS_TEST_TMPDIR/ipcns" -m -M -o SIZE -b -J
    assert_success
    assert_equal "$stderr" ''
    assert_equal "$(jq -c . <<<"$output")" '{"sharedmemory":[{"size":2000}],"posixsharedmemory":[{"size":3000}]}'
    run --separate-stderr xipcs --ns "$BATS_TEST_TMPDIR/ipcns" -M -Q -o NAME -r --noheadings
    assert_success
    assert_output $'/inside\n\n/inq'
}

@test "--ns FILE, no process left in the namespace: xipcs enters the IPC namespace alone and says so" {
    need_root
    posix shm /outside 1000 600
    start_inner
    bind "$BATS_TEST_TMPDIR/ipcns"
    end_holder "$inner"
    run --separate-stderr xipcs --ns "$BATS_TEST_TMPDIR/ipcns" -m -M -o SIZE -b -J
    assert_success
    assert_equal "$stderr" "xipcs: no process is in the IPC namespace $BATS_TEST_TMPDIR/ipcns: entered it alone, so the POSIX objects listed are this mount namespace's"
    # The System V segment is the namespace's; the POSIX one is ours.
    assert_equal "$(jq -c . <<<"$output")" '{"sharedmemory":[{"size":2000}],"posixsharedmemory":[{"size":1000}]}'
}

@test "--ns FILE, no process left in the namespace: xipcrm refuses, nothing removed on either side" {
    need_root
    posix shm /outside 1000 600
    start_inner
    bind "$BATS_TEST_TMPDIR/ipcns"
    end_holder "$inner"
    before=$(xipc_snapshot)
    inside=$(inner_snapshot "$BATS_TEST_TMPDIR/ipcns")
    run --separate-stderr xipcrm --ns "$BATS_TEST_TMPDIR/ipcns" --orphans --grace 0 -v
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcrm: enter the IPC namespace $BATS_TEST_TMPDIR/ipcns: no process is in it, so no mount namespace shows its POSIX objects"
    assert_equal "$(xipc_snapshot)" "$before"
    assert_equal "$(inner_snapshot "$BATS_TEST_TMPDIR/ipcns")" "$inside"
}

@test "xipcrm --ns FILE: removes inside that namespace, nothing here" {
    need_root
    here=$(shm_id 1000)
    posix shm /outside 1000 600
    start_inner
    bind "$BATS_TEST_TMPDIR/ipcns"
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --ns "$BATS_TEST_TMPDIR/ipcns" -m 0 --posix-shmem /inside -v
    assert_success
    assert_equal "$stderr" ''
    assert_output "removing shared memory segment id \`0'
removing POSIX shared memory \`/inside'
removed 2 objects"
    assert_equal "$(nsenter -t "$inner" --ipc --mount -- ls -A /dev/shm)" ''
    assert_equal "$(nsenter --ipc="$BATS_TEST_TMPDIR/ipcns" -- awk 'NR > 1' /proc/sysvipc/shm)" ''
    assert_equal "$(xipc_snapshot)" "$before"
    assert_equal "$(sysv_ids shm)" "$here"
}

@test "--ns: a regular file, a mount namespace file, a missing path or a folder is refused, nothing entered or removed" {
    need_root
    posix shm /outside 1000 600
    start_inner
    : >"$BATS_TEST_TMPDIR/plain"
    before=$(xipc_snapshot)
    inside=$(inner_snapshot "/proc/$inner/ns/ipc")
    for c in xipcs xipcrm; do
        extra=()
        [[ $c == xipcrm ]] && extra=(--orphans --grace 0)
        run --separate-stderr "$c" --ns "$BATS_TEST_TMPDIR/plain" "${extra[@]}"
        assert_failure 1
        assert_output ''
        assert_equal "$stderr" "$c: enter the IPC namespace $BATS_TEST_TMPDIR/plain: not a namespace file"
        run --separate-stderr "$c" --ns "/proc/$inner/ns/mnt" "${extra[@]}"
        assert_failure 1
        assert_output ''
        assert_equal "$stderr" "$c: enter the IPC namespace /proc/$inner/ns/mnt: a mount namespace, not an IPC namespace"
        run --separate-stderr "$c" --ns "$BATS_TEST_TMPDIR/missing" "${extra[@]}"
        assert_failure 1
        assert_output ''
        assert_equal "$stderr" "$c: enter the IPC namespace $BATS_TEST_TMPDIR/missing: no such file"
        run --separate-stderr "$c" --ns "$BATS_TEST_TMPDIR" "${extra[@]}"
        assert_failure 1
        assert_equal "$stderr" "$c: enter the IPC namespace $BATS_TEST_TMPDIR: not a namespace file"
    done
    assert_equal "$(xipc_snapshot)" "$before"
    assert_equal "$(inner_snapshot "/proc/$inner/ns/ipc")" "$inside"
}

@test "--ns FILE: refused when not root, before anything is opened" {
    need_root
    start_inner
    run --separate-stderr as_nobody "$XIPC_BIN/xipcs" --ns "/proc/$inner/ns/ipc"
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcs: enter the IPC namespace /proc/$inner/ns/ipc: only root can do that"
    run --separate-stderr as_nobody "$XIPC_BIN/xipcrm" --ns "/proc/$inner/ns/ipc" --orphans
    assert_failure 1
    assert_equal "$stderr" "xipcrm: enter the IPC namespace /proc/$inner/ns/ipc: only root can do that"
}
