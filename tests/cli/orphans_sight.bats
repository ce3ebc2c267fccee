#!/usr/bin/env bats
# No orphan verdict without full sight of /proc.  A POSIX object is held
# through a descriptor or a mapping, which only /proc shows: where /proc
# shows not every process that could hold it (mounted with hidepid=2 for a
# caller who is not root, an empty tmpfs over it, a namespace entered with
# --ns that has none), nothing no process was seen to hold may be called an
# orphan.  xipcrm --orphans leaves each such object and says so once (exit
# 1); xipcs --orphans says so and lists none; the OpenMetrics export gives
# it no orphan sample.  System V segments keep their verdict: their attach
# count is the kernel's, whatever /proc shows.
#
# Each case that mounts does so in a mount namespace of its own
# (unshare --mount --propagation private), which goes with the command.

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

# under_hidepid CMD... — CMD as nobody, with /proc mounted again with
# hidepid=2 in a mount namespace of its own.
under_hidepid() {
    unshare --mount --propagation private -- bash -c '
        mount -t proc -o hidepid=2 proc /proc || exit 99
        exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"' hidepid "$@"
}

# over_empty_proc CMD... — CMD with an empty tmpfs over /proc.
over_empty_proc() {
    unshare --mount --propagation private -- bash -c '
        mount -t tmpfs none /proc || exit 99
        exec "$@"' empty-proc "$@"
}

# nobody's objects: /held, mapped by a process of root's, /loose, mapped by
# nobody, and a System V segment whose creator is gone.  Leaves its id in
# $segment and the holder's pid in $holder.
nobodys_objects() {
    need_root
    as_nobody "$XIPC_BIN/xipcmk" -m 4K -n /held -p 0666 >/dev/null
    as_nobody "$XIPC_BIN/xipcmk" -m 4K -n /loose >/dev/null
    segment=$(as_nobody ipcmk -M 4096 | awk '{print $NF}')
    hold "$XIPC_TEST_BIN/map-hold" -m /held
    holder=$held
}

@test "hidepid=2: nobody's xipcrm --orphans removes no POSIX object it cannot prove unused, one line each, exit 1" {
    nobodys_objects
    # Without hidepid, nobody sees root's holder in /proc (unreadable, so
    # sight is partial there too); with it, nobody does not see it at all.
    run under_hidepid sh -c '[ -e /proc/'"$holder"' ] && echo seen || echo hidden'
    assert_output hidden
    run --separate-stderr under_hidepid "$XIPC_BIN/xipcrm" --orphans --grace 0 -v
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove POSIX shared memory /held: cannot prove it an orphan: /proc hides other users' processes (hidepid=invisible); left in place
xipcrm: remove POSIX shared memory /loose: cannot prove it an orphan: /proc hides other users' processes (hidepid=invisible); left in place"
    # The System V segment is proven unused by its attach count.
    assert_output "removing shared memory segment id \`$segment'
removed 1 object, 2 failed"
    assert_file_exists /dev/shm/held
    assert_file_exists /dev/shm/loose
    assert_equal "$(awk 'NR > 1' /proc/sysvipc/shm | wc -l)" 0
    # --dry-run says the same and removes nothing.
    run --separate-stderr under_hidepid "$XIPC_BIN/xipcrm" --orphans --grace 0 --dry-run
    assert_failure 1
    assert_equal "${#stderr_lines[@]}" 2
    assert_output ''
    # Root sees past hidepid: only the object nobody maps goes.
    run --separate-stderr unshare --mount --propagation private -- bash -c '
        mount -t proc -o hidepid=2 proc /proc && exec "$0" --orphans --grace 0 -v' "$XIPC_BIN/xipcrm"
    assert_success
    assert_equal "$stderr" ''
    assert_output "removing POSIX shared memory \`/loose'
removed 1 object"
    assert_file_exists /dev/shm/held
}

@test "hidepid=2: nobody's xipcs --orphans says so and lists no POSIX orphan; the export has no verdict for them" {
    nobodys_objects
    run --separate-stderr under_hidepid "$XIPC_BIN/xipcs" --orphans --grace 0 -J
    assert_success
    assert_equal "$(jq -c '.posixsharedmemory' <<<"$output")" '[]'
    assert_equal "$(jq -c '[.sharedmemory[].id]' <<<"$output")" "[$segment]"
    assert_equal "$stderr" "xipcs: process attribution is partial: /proc hides other users' processes (hidepid=invisible) (run as root to see them all)
xipcs: POSIX objects no process was seen to hold are not listed as orphans: /proc hides other users' processes (hidepid=invisible)"
    # The ipcs face says the same.
    run --separate-stderr under_hidepid "$XIPC_BIN/xipcs" --orphans --grace 0 -M
    assert_success
    refute_output --partial '/held'
    refute_output --partial '/loose'
    assert_equal "${stderr_lines[1]}" "xipcs: POSIX objects no process was seen to hold are not listed as orphans: /proc hides other users' processes (hidepid=invisible)"
    run --separate-stderr under_hidepid "$XIPC_BIN/xipcs" --export=openmetrics --grace 0
    assert_success
    assert_line --regexp "^xipc_object_orphan\\{kind=\"sysv-shm\",id=\"$segment\",key=\"0x[0-9a-f]{8}\",owner=\"nobody\"\\} 1\$"
    refute_output --regexp 'xipc_object_orphan\{kind="posix-shm"'
    assert_line 'xipc_orphans{kind="posix-shm"} 0'
    assert_line 'xipc_object_holders{kind="posix-shm",name="/held",owner="nobody"} 0'
}

@test "an empty /proc (a tmpfs over it): nothing POSIX is an orphan; the held object survives, exit 1" {
    need_unsanitized
    xipcmk -m 4K -n /held >/dev/null
    xipcmk -q -n /queue >/dev/null
    segment=$(ipcmk -M 4096 | awk '{print $NF}')
    hold "$XIPC_TEST_BIN/map-hold" -m /held
    run --separate-stderr over_empty_proc "$XIPC_BIN/xipcrm" --orphans --grace 0 -v
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove POSIX shared memory /held: cannot prove it an orphan: /proc is not a proc file system; left in place
xipcrm: remove POSIX message queue /queue: cannot prove it an orphan: /proc is not a proc file system; left in place"
    assert_output "removing shared memory segment id \`$segment'
removed 1 object, 2 failed"
    assert_file_exists /dev/shm/held
    assert_file_exists /dev/mqueue/queue
    run --separate-stderr over_empty_proc "$XIPC_BIN/xipcs" --orphans --grace 0 -J
    assert_success
    assert_equal "$(jq -c '[.posixsharedmemory, .posixmessages]' <<<"$output")" '[[],[]]'
    assert_equal "$stderr" "xipcs: process attribution is partial: /proc is not a proc file system
xipcs: POSIX objects no process was seen to hold are not listed as orphans: /proc is not a proc file system"
    # With /proc back, the unused queue is an orphan and the held memory is not.
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    assert_output "removing POSIX message queue \`/queue'
removed 1 object"
}

@test "--ns into a namespace with no proc file system: its POSIX objects are not orphans" {
    need_unsanitized
    need_root
    hold unshare --ipc --mount --propagation private -- bash -c '
        mount -t tmpfs inner /dev/shm && mount -t mqueue inner /dev/mqueue || exit 1
        "$XIPC_BIN/xipcmk" -m 1K -n /inside >/dev/null || exit 1
        mount -t tmpfs none /proc || exit 1
        echo ready
        exec sleep 1000'
    inner=$held
    run --separate-stderr xipcrm --ns "$inner" --orphans --grace 0 -v
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove POSIX shared memory /inside: cannot prove it an orphan: /proc is not a proc file system; left in place"
    assert_output 'removed 0 objects, 1 failed'
    assert_equal "$(nsenter -t "$inner" --mount -- ls /dev/shm)" inside
}
