#!/usr/bin/env bats
# xipcrm --orphans, --grace and --ns: only objects no live process uses are
# removed, and only if they still are orphans right before they go.  Holders
# are real processes: tests/helpers/ipc-hold (System V), map-hold (POSIX),
# Python's sysv_ipc (a creator that stays alive).

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

PY=/usr/bin/python3

# A System V segment made by util-linux ipcmk, which exits at once: its
# creator is gone.  Prints the id.
shm_id() { ipcmk -M "${1:-4096}" | awk '{print $NF}'; }

# A segment whose creator stays alive (detached), in $creator; prints nothing,
# leaves the id in $alive_id.
shm_with_live_creator() {
    local out
    out=$(mktemp "$BATS_TEST_TMPDIR/creator.XXXXXX")
    "$PY" -c '
import sys, time, sysv_ipc
m = sysv_ipc.SharedMemory(None, sysv_ipc.IPC_CREX, size=4096)
m.detach()
print(m.id)
print("ready", flush=True)
time.sleep(1000)' >"$out" 3>&- &
    HOLDERS+=($!)
    local _
    for _ in $(seq 400); do
        grep -q '^ready$' "$out" && break
        sleep 0.05
    done
    alive_id=$(head -n1 "$out")
    [[ $alive_id =~ ^[0-9]+$ ]]
}

shm_ids() { awk 'NR > 1 {print $2}' /proc/sysvipc/shm | sort -n | xargs; }
count_sysv() { cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | grep -vc '^ *key'; }

# Every POSIX object as "shm NAME", "sem NAME", "mq NAME", sorted.
posix_objects() {
    local f name
    for f in /dev/shm/* /dev/mqueue/*; do
        [[ -e $f ]] || continue
        name=${f##*/}
        case $f in
        /dev/mqueue/*) echo "mq $name" ;;
        /dev/shm/sem.*) echo "sem ${name#sem.}" ;;
        *) echo "shm $name" ;;
        esac
    done | sort | xargs
}

@test "--help lists --orphans, --grace and --ns" {
    run --separate-stderr xipcrm --help
    assert_success
    assert_line --regexp '^     --orphans +only orphans: unused, creator gone; implies --all$'
    assert_line --regexp '^     --grace <duration> +spare objects fresher than this \(default 5s\)$'
    assert_line --regexp '^     --ns <pid\|file> +enter the IPC namespace of a process or a file$'
}

@test "--orphans removes the orphans of every kind and leaves every object in use" {
    orphan=$(shm_id)
    attached=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$attached"
    shm_with_live_creator
    ipcmk -Q -S 1 >/dev/null # never orphans
    xipcmk -m 4K -q -s -n /orphan >/dev/null
    for name in mapped open; do xipcmk -m 4K -n "/$name" >/dev/null; done
    xipcmk -q -s -n /held >/dev/null
    hold "$XIPC_TEST_BIN/map-hold" -m /mapped -o /open -q /held -e /held
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    assert_equal "$stderr" ''
    assert_output "removing shared memory segment id \`$orphan'
removing POSIX shared memory \`/orphan'
removing POSIX semaphore \`/orphan'
removing POSIX message queue \`/orphan'
removed 4 objects"
    assert_equal "$(shm_ids)" "$(printf '%s\n' "$attached" "$alive_id" | sort -n | xargs)"
    assert_equal "$(cat /proc/sysvipc/msg /proc/sysvipc/sem | grep -vc '^ *key')" 2
    assert_equal "$(posix_objects)" "mq held sem held shm mapped shm open"
}

@test "without -v --orphans prints nothing; a second run finds nothing more" {
    shm_id >/dev/null
    xipcmk -m 1K -n /gone >/dev/null
    run --separate-stderr xipcrm --orphans --grace 0
    assert_success
    assert_output ''
    assert_equal "$stderr" ''
    assert_equal "$(count_sysv)" 0
    assert_equal "$(posix_objects)" ''
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    assert_output 'removed 0 objects'
}

@test "a segment detached by every process, its creator gone, is an orphan again" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    run --separate-stderr xipcrm --orphans -v
    assert_output 'removed 0 objects'
    end_holder "$held"
    # Attached once, so no grace period spares it, the default (5s) or longer.
    run --separate-stderr xipcrm --orphans -v --dry-run
    assert_output "would remove shared memory segment id \`$id'
would remove 1 object"
    run --separate-stderr xipcrm --orphans -v --grace 1h
    assert_success
    assert_output "removing shared memory segment id \`$id'
removed 1 object"
    assert_equal "$(count_sysv)" 0
}

@test "without --grace, a fresh object is spared; --grace 0 spares nothing" {
    xipcmk -m 1K -n /fresh >/dev/null
    # Written "in an hour": younger than any grace period, whatever the
    # time the test takes.
    touch -m -d '+1 hour' /dev/shm/fresh
    run --separate-stderr xipcrm --orphans -v
    assert_success
    assert_output 'removed 0 objects'
    assert_file_exists /dev/shm/fresh
    run --separate-stderr xipcrm --orphans -v --grace 0
    assert_output "removing POSIX shared memory \`/fresh'
removed 1 object"
}

@test "--grace: fresh objects never attached are left, older ones go" {
    fresh=$(shm_id)
    xipcmk -m 4K -q -s -n /fresh >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --orphans -v --grace 1h
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(xipc_snapshot)" "$before"
    run --separate-stderr xipcrm --orphans -v --grace 0
    assert_success
    assert_line "removing shared memory segment id \`$fresh'"
    assert_line 'removed 4 objects'
    assert_equal "$(count_sysv)" 0
    assert_equal "$(posix_objects)" ''
}

@test "--grace needs --orphans and a duration" {
    shm_id >/dev/null
    before=$(xipc_snapshot)
    for args in "-a --grace 1s" "--orphans --grace soon" "--orphans --grace -1s" "--orphans --grace="; do
        run --separate-stderr xipcrm $args
        assert_failure 2
        assert_output ''
        assert_equal "${stderr_lines[1]}" "Try 'xipcrm --help' for more information."
    done
    run --separate-stderr xipcrm -a --grace 1s
    assert_equal "${stderr_lines[0]}" 'xipcrm: --grace goes with --orphans'
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "--dry-run with --orphans lists what would go and removes nothing" {
    orphan=$(shm_id)
    attached=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$attached"
    xipcmk -m 4K -n /orphan >/dev/null
    xipcmk -m 4K -n /mapped >/dev/null
    hold "$XIPC_TEST_BIN/map-hold" -m /mapped
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --orphans --grace 0 --dry-run
    assert_success
    assert_output "would remove shared memory segment id \`$orphan'
would remove POSIX shared memory \`/orphan'"
    run --separate-stderr xipcrm --orphans --grace 0 -n -v
    assert_success
    assert_line --index 2 'would remove 2 objects'
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "--orphans with -a=list: only the kinds listed" {
    orphan=$(shm_id)
    xipcmk -m 4K -q -s -n /orphan >/dev/null
    run --separate-stderr xipcrm --orphans --grace 0 -v --all=pshm,pmsg
    assert_success
    assert_output "removing POSIX shared memory \`/orphan'
removing POSIX message queue \`/orphan'
removed 2 objects"
    assert_equal "$(shm_ids)" "$orphan"
    assert_equal "$(posix_objects)" 'sem orphan'
    run --separate-stderr xipcrm --orphans --grace 0 -v -ashm
    assert_output "removing shared memory segment id \`$orphan'
removed 1 object"
}

@test "System V queues and semaphore sets are never orphans" {
    ipcmk -Q -S 2 >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --orphans -v --all=msg,sem
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "--orphans with --owner and --older-than" {
    need_root
    mine=$(shm_id)
    theirs=$(as_nobody ipcmk -M 4096 | awk '{print $NF}')
    xipcmk -m 1K -n /mine >/dev/null
    as_nobody "$XIPC_BIN/xipcmk" -m 1K -n /theirs >/dev/null
    run --separate-stderr xipcrm --orphans --grace 0 -v --owner nobody
    assert_success
    assert_output "removing shared memory segment id \`$theirs'
removing POSIX shared memory \`/theirs'
removed 2 objects"
    assert_equal "$(shm_ids)" "$mine"
    assert_equal "$(posix_objects)" 'shm mine'
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --orphans --grace 0 -v --older-than 1h
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(xipc_snapshot)" "$before"
    run --separate-stderr xipcrm --orphans --grace 0 --older-than 0s
    assert_success
    assert_equal "$(count_sysv)" 0
    assert_equal "$(posix_objects)" ''
}

@test "named objects go as named; --orphans narrows only what it lists" {
    attached=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$attached"
    orphan=$(shm_id)
    run --separate-stderr xipcrm -v -m "$attached" --orphans --grace 0
    assert_success
    assert_output "removing shared memory segment id \`$attached'
removing shared memory segment id \`$orphan'
removed 2 objects"
    # The attached one is only marked for removal: it goes with its last
    # process.
    assert_equal "$(shm_ids)" "$attached"
    run xipcs -m
    assert_line --regexp "^0x00000000 +$attached .* dest +\$"
}

@test "a segment marked for removal but still attached is not an orphan" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    ipcrm -m "$id"
    run --separate-stderr xipcrm --orphans -v
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(shm_ids)" "$id"
}

@test "not root: POSIX objects cannot be proven orphans past unreadable processes; the partial attribution is said" {
    need_root
    as_nobody "$XIPC_BIN/xipcmk" -m 1K -n /theirs >/dev/null
    # Root's processes (bats itself) are shown but cannot be read by nobody:
    # any of them could hold /theirs.
    run --separate-stderr as_nobody "$XIPC_BIN/xipcrm" --orphans --grace 0 --dry-run
    assert_failure 1
    assert_output ''
    assert_regex "$stderr" '^xipcrm: remove POSIX shared memory /theirs: cannot prove it an orphan: [0-9]+ process(es)? could not be read; left in place$'
    assert_file_exists /dev/shm/theirs
    # Where no POSIX object is in question, the partial attribution is said.
    # Root's orphan segment: nobody may not remove it, and says so.
    id=$(shm_id)
    run --separate-stderr as_nobody "$XIPC_BIN/xipcrm" --orphans --grace 0 --all=shm
    assert_failure 1
    assert_regex "${stderr_lines[0]}" '^xipcrm: process attribution is partial: [0-9]+ process(es)? could not be read \(run as root to see them all\)$'
    assert_equal "${stderr_lines[1]}" "xipcrm: remove shared memory id $id: Permission denied"
    assert_equal "$(shm_ids)" "$id"
}

# ---- the re-check right before removal ----------------------------------------------

# Run xipcrm (built with its test seam) with ARGS in the background; it lists,
# then waits on a FIFO.  Returns once it waits there: its pid in $rm_pid,
# its output in $BATS_TEST_TMPDIR/rm.out and rm.err.  resume_xipcrm lets it
# go on and waits for it.
pause_xipcrm() {
    fifo=$BATS_TEST_TMPDIR/pause
    mkfifo "$fifo"
    # Our end first, read-write so that opening it never blocks: xipcrm's
    # read sees end-of-file once we close it.
    exec 8<>"$fifo"
    XIPC_TEST_PAUSE_BEFORE_REMOVE=$fifo "$XIPC_TEST_BIN/xipcrm-hooked" "$@" \
        >"$BATS_TEST_TMPDIR/rm.out" 2>"$BATS_TEST_TMPDIR/rm.err" 3>&- 8>&- &
    rm_pid=$!
    local _ fd
    for _ in $(seq 400); do
        for fd in /proc/$rm_pid/fd/*; do
            [[ $(readlink "$fd" 2>/dev/null) == "$fifo" ]] && return 0
        done
        kill -0 "$rm_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "xipcrm did not reach its pause" >&2
    cat "$BATS_TEST_TMPDIR/rm.err" >&2
    return 1
}
resume_xipcrm() {
    exec 8>&-
    rm_status=0
    wait "$rm_pid" || rm_status=$?
    output=$(cat "$BATS_TEST_TMPDIR/rm.out")
    stderr=$(cat "$BATS_TEST_TMPDIR/rm.err")
}

@test "re-check: what became busy, was removed or replaced after listing is left" {
    attach=$(shm_id)
    stays=$(shm_id)
    for name in mapped held gone replaced; do xipcmk -m 4K -n "/$name" >/dev/null; done
    xipcmk -q -n /held >/dev/null
    pause_xipcrm --orphans -v --grace 0
    # Between listing and removal: processes take some, another remover
    # takes one, one is replaced by a new file under its name.
    hold "$XIPC_TEST_BIN/ipc-hold" "$attach"
    hold "$XIPC_TEST_BIN/map-hold" -m /mapped -q /held
    hold "$XIPC_TEST_BIN/map-hold" -o /held
    rm /dev/shm/gone
    rm /dev/shm/replaced && xipcmk -m 1K -n /replaced >/dev/null
    resume_xipcrm
    assert_equal "$rm_status" 0
    assert_equal "$output" "skipping shared memory segment id \`$attach': no longer an orphan (attached); left in place
removing shared memory segment id \`$stays'
skipping POSIX shared memory \`/gone': gone before it was removed
skipping POSIX shared memory \`/held': no longer an orphan (mapped or held by a process); left in place
skipping POSIX shared memory \`/mapped': no longer an orphan (mapped or held by a process); left in place
skipping POSIX message queue \`/held': no longer an orphan (mapped or held by a process); left in place
removed 1 object, 5 skipped"
    assert_equal "$stderr" "xipcrm: check POSIX shared memory /replaced: replaced by another object since it was listed; left in place"
    assert_equal "$(shm_ids)" "$attach"
    assert_equal "$(posix_objects)" "mq held shm held shm mapped shm replaced"
}

@test "re-check: the same pause with nothing changed removes every orphan" {
    id=$(shm_id)
    xipcmk -m 4K -q -s -n /x >/dev/null
    pause_xipcrm --orphans --grace 0
    resume_xipcrm
    assert_equal "$rm_status" 0
    assert_equal "$output" ''
    assert_equal "$stderr" ''
    assert_equal "$(count_sysv)" 0
    assert_equal "$(posix_objects)" ''
}

# ---- --ns ---------------------------------------------------------------------------

# A process in its own IPC and mount namespaces, with an orphan System V
# segment, a segment it attaches, and an orphan POSIX segment; its pid in
# $inner.
start_inner() {
    hold unshare --ipc --mount --propagation private -- bash -c '
        mount -t tmpfs inner /dev/shm && mount -t mqueue inner /dev/mqueue || exit 1
        ipcmk -M 1000 >/dev/null && ipcmk -M 2000 >/dev/null || exit 1
        xipcmk -m 3000 -n /inside >/dev/null || exit 1
        exec "$XIPC_TEST_BIN/ipc-hold" 1'
    inner=$held
}

inner() { nsenter -t "$inner" --ipc --mount -- "$@"; }

@test "--ns PID: removes the orphans of that process's namespaces, nothing here" {
    need_root
    here=$(shm_id)
    xipcmk -m 1K -n /outside >/dev/null
    before=$(xipc_snapshot)
    start_inner
    # ipc-hold runs as one process in the new namespace: wait for its segment.
    assert_equal "$(inner awk 'NR > 1 {print $2 ":" $7}' /proc/sysvipc/shm | xargs)" "0:0 1:1"
    run --separate-stderr xipcrm --ns "$inner" --orphans --grace 0 -v
    assert_success
    assert_equal "$stderr" ''
    assert_output "removing shared memory segment id \`0'
removing POSIX shared memory \`/inside'
removed 2 objects"
    assert_equal "$(inner awk 'NR > 1 {print $2}' /proc/sysvipc/shm)" 1
    assert_equal "$(inner ls -A /dev/shm)" ''
    assert_equal "$(xipc_snapshot)" "$before"
    assert_equal "$(shm_ids)" "$here"
}

@test "--ns: refused when not root, for a missing process, for a bad pid" {
    need_root
    start_inner
    before=$(inner cat /proc/sysvipc/shm)
    run --separate-stderr as_nobody "$XIPC_BIN/xipcrm" --ns "$inner" --orphans
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcrm: enter the IPC and mount namespaces of process $inner: only root can do that"
    run --separate-stderr xipcrm --ns 2147483647 --orphans
    assert_failure 1
    assert_equal "$stderr" 'xipcrm: enter the namespaces of process 2147483647: no such process'
    for bad in 0 99999999999 ''; do
        run --separate-stderr xipcrm --ns "$bad" --orphans
        assert_failure 2
        assert_equal "${stderr_lines[1]}" "Try 'xipcrm --help' for more information."
    done
    run --separate-stderr xipcrm --ns 0 --orphans
    assert_equal "${stderr_lines[0]}" "xipcrm: invalid process id: '0'"
    assert_equal "$(inner cat /proc/sysvipc/shm)" "$before"
}
