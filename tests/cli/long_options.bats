#!/usr/bin/env bats
# Long option names that the other suites reach only through their short
# letters: each long form must do exactly what its letter does.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
}

# same CMD LONG... -- SHORT...: the same stdout, stderr and exit code.
same() {
    local cmd=$1 long=() short=() rc_long=0 rc_short=0
    shift
    while [[ $1 != -- ]]; do long+=("$1"); shift; done
    shift
    short=("$@")
    "$cmd" "${long[@]}" >"$T/long.out" 2>"$T/long.err" || rc_long=$?
    "$cmd" "${short[@]}" >"$T/short.out" 2>"$T/short.err" || rc_short=$?
    diff -u "$T/short.out" "$T/long.out"
    diff -u "$T/short.err" "$T/long.err"
    assert_equal "$rc_long" "$rc_short"
    assert_equal "$rc_long" 0
    [[ -s $T/long.out ]]
}

@test "xipcs: --global, --numeric-perms, --output, --shell, --posix-mqueues, --posix-shmems, --posix-semaphores" {
    ipcmk -M 4096 -Q -S 2 >/dev/null
    xipcmk -m 1K -q -s -n /obj >/dev/null
    same xipcs --global -- -g
    same xipcs --global --json -- -g -J
    same xipcs -m --numeric-perms -- -m -P
    same xipcs -q --output KEY,ID,PERMS -- -q -o KEY,ID,PERMS
    same xipcs -s --shell --export -- -s -y -e
    same xipcs --posix-mqueues -- -Q
    same xipcs --posix-shmems -- -M
    same xipcs --posix-semaphores -- -S
    same xipcs --posix-mqueues --json -- -Q -J
    # And what they show is the object made above.
    run xipcs --posix-mqueues --output NAME --noheadings --raw
    assert_output /obj
}

@test "xipcmk: --shmem, --queue, --semaphore, --posix-shmem, --posix-mqueue, --posix-semaphore, --name" {
    run --separate-stderr xipcmk --shmem 8K --queue --semaphore 3 --posix-shmem 2K --posix-mqueue \
        --posix-semaphore --name /long --json
    assert_success
    # In ipcmk's order: shared memory, queues, semaphores; System V first.
    jq -e '.created | map(.kind) == ["sysv-shm", "posix-shm", "sysv-msg", "posix-mq", "sysv-sem", "posix-sem"]' \
        <<<"$output"
    jq -e '.created[0].size == 8192 and .created[1].size == 2048 and .created[4].nsems == 3' <<<"$output"
    jq -e '[.created[] | .name // empty] == ["/long", "/long", "/long"]' <<<"$output"
    assert_equal "$(awk 'NR > 1 { print $4 }' /proc/sysvipc/shm)" 8192
    assert_equal "$(awk 'NR > 1 { print $4 }' /proc/sysvipc/sem)" 3
    assert_equal "$(awk 'NR > 1' /proc/sysvipc/msg | wc -l)" 1
    assert_equal "$(stat -c %s /dev/shm/long)" 2048
    [[ -e /dev/mqueue/long && -e /dev/shm/sem.long ]]
}

@test "shmcat --write: what -w does" {
    local id
    id=$(ipcmk -M 5 | awk '{ print $NF }')
    printf 'long!' | shmcat --write "$id"
    assert_equal "$(shmcat "$id")" 'long!'
    printf 'other' | shmcat --write="$id"
    assert_equal "$(shmcat "$id")" other
}
