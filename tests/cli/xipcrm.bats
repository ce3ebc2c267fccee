#!/usr/bin/env bats
# xipcrm: remove objects of every kind, as util-linux ipcrm does, and safely.

load ../helpers/common
setup() { xipc_setup; }
bats_require_minimum_version 1.5.0

count_sysv() { cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | grep -vc '^ *key'; }

# One object of every kind: System V by util-linux ipcmk, POSIX by xipcmk.
make_all() {
    ipcmk -M 4K -Q -S 1 >/dev/null
    xipcmk -m 1K -q -s -n /p >/dev/null
}

@test "--help lists every option, --version names the suite" {
    run --separate-stderr xipcrm --help
    assert_success
    for opt in --shmem-id --shmem-key --posix-shmem --queue-id --queue-key --posix-mqueue --semaphore-id \
        --semaphore-key --posix-semaphore '--all[=' --owner --older-than --orphans --grace --ns --dry-run \
        --verbose --help --version; do
        assert_output --partial -- "$opt"
    done
    assert_line ' xipcrm shm|msg|sem <id>...'
    run --separate-stderr xipcrm --version
    assert_success
    assert_output --regexp '^xipcrm \(xipc\) [0-9]'
    assert_equal "$(xipcrm -h)" "$(xipcrm --help)"
    assert_equal "$(xipcrm -V)" "$output"
}

@test "objects made by util-linux ipcmk are removed by id" {
    ipcmk -M 4K -Q -S 2 >/dev/null
    run --separate-stderr xipcrm -m "$(sysv_ids shm)" -q "$(sysv_ids msg)" -s "$(sysv_ids sem)"
    assert_success
    assert_output ''
    assert_equal "$stderr" ''
    assert_equal "$(count_sysv)" 0
}

@test "objects made by util-linux ipcmk are removed by key" {
    ipcmk -M 4K -Q -S 2 >/dev/null
    keys=($(ipcs | awk '$1 ~ /^0x/ {print $1}'))
    assert_equal "${#keys[@]}" 3
    # ipcs lists queues, then segments, then semaphore sets.
    run --separate-stderr xipcrm --queue-key "${keys[0]}" --shmem-key "${keys[1]}" --semaphore-key "${keys[2]}"
    assert_success
    assert_equal "$(count_sysv)" 0
}

@test "long and short forms, decimal and octal keys" {
    xipcmk -k 0x10 -M 1K -Q -S 1 >/dev/null
    run --separate-stderr xipcrm --shmem-id "$(sysv_ids shm)" -Q 16 -S 020
    assert_success
    assert_equal "$(count_sysv)" 0
    xipcmk -k 0x10 -M 1K -Q -S 1 >/dev/null
    run --separate-stderr xipcrm -M 0x10 --queue-id "$(sysv_ids msg)" --semaphore-id "$(sysv_ids sem)"
    assert_success
    assert_equal "$(count_sysv)" 0
}

@test "objects made by xipcmk are seen by ipcs and removed by util-linux ipcrm" {
    xipcmk -M 1K -S 1 -k 0x31 -Q >/dev/null
    run ipcs -q
    assert_output --partial 0x00000031
    run ipcrm -m "$(sysv_ids shm)" -s "$(sysv_ids sem)" -Q 0x31
    assert_success
    assert_equal "$(count_sysv)" 0
}

@test "POSIX objects are removed by name, with or without /, or by their file" {
    for name in /a b; do
        xipcmk -m 1K -q -s -n "$name" >/dev/null
    done
    run --separate-stderr xipcrm --posix-shmem /a --posix-mqueue /a --posix-semaphore /a
    assert_success
    run --separate-stderr xipcrm --posix-shmem /dev/shm/b --posix-mqueue /dev/mqueue/b --posix-semaphore /dev/shm/sem.b
    assert_success
    assert_equal "$(ls /dev/mqueue)" ''
    assert_equal "$(ls /dev/shm)" ''
}

@test "xipcrm -a pshm (a space, not =) removes nothing and exits 2" {
    make_all
    refused xipcrm -a pshm
    assert_equal "$stderr" "xipcrm: unknown argument: 'pshm' (a list for -a must be attached: -apshm or --all=pshm)
Try 'xipcrm --help' for more information."
    refused xipcrm --all pshm
    refused xipcrm -v -a shm
}

@test "xipcrm -m ID -q nonsense removes nothing and exits 2" {
    make_all
    refused xipcrm -m "$(sysv_ids shm)" -q nonsense
    assert_equal "${stderr_lines[0]}" "xipcrm: invalid id: 'nonsense'"
}

# Ids grow with every object made in a namespace (on recent kernels by one),
# so these two cases run in a fresh IPC namespace where ids 7 and 9 surely
# name nothing.
in_fresh_ipc_namespace() {
    export -f xipc_snapshot
    unshare --ipc -- bash -c "$1"
}

@test "-m 12345 -q 7 -s 9 on ids that do not exist: three lines, exit 1" {
    run --separate-stderr in_fresh_ipc_namespace '
        ipcmk -M 4K -Q -S 1 >/dev/null
        before=$(xipc_snapshot)
        xipcrm -m 12345 -q 7 -s 9
        rc=$?
        [[ $(xipc_snapshot) == "$before" ]] && echo unchanged
        exit $rc'
    assert_failure 1
    assert_output unchanged
    assert_equal "$stderr" "xipcrm: remove shared memory id 12345: not found
xipcrm: remove message queue id 7: not found
xipcrm: remove semaphore set id 9: not found"
}

@test "-m 12345 -q 7 -s 9 with the queue real: it is removed, the others reported" {
    run --separate-stderr in_fresh_ipc_namespace '
        for i in 0 1 2 3 4 5 6 7; do ipcmk -Q >/dev/null; done
        ipcmk -M 1K >/dev/null
        xipcrm -m 12345 -q 7 -s 9
        rc=$?
        ipcs -q | awk "\$1 ~ /^0x/ {print \$2}" | tr "\n" " "
        exit $rc'
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove shared memory id 12345: not found
xipcrm: remove semaphore set id 9: not found"
    # Queues 0-6 and the segment remain; queue 7 is gone.
    assert_output '0 1 2 3 4 5 6 '
}

@test "each failure has its own wording; the rest is still removed" {
    xipcmk -Q -M 1K -m 1K -n /real >/dev/null
    msg=$(sysv_ids msg)
    run --separate-stderr xipcrm -M 0 -Q 0x1234 --posix-shmem /nothere -q "$msg" -S 0x0 --posix-shmem /real \
        --posix-mqueue /nothere --posix-semaphore /nothere
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcrm: remove shared memory key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; remove it by id)
xipcrm: remove message queue key 0x00001234: not found
xipcrm: remove POSIX shared memory /nothere: not found
xipcrm: remove semaphore set key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; remove it by id)
xipcrm: remove POSIX message queue /nothere: not found
xipcrm: remove POSIX semaphore /nothere: not found"
    assert_equal "$(sysv_ids msg)" ''
    assert_file_not_exists /dev/shm/real
    assert_equal "$(sysv_ids shm | wc -l)" 1
}

@test "an object named twice is removed once, then not found" {
    xipcmk -M 1K >/dev/null
    shm=$(sysv_ids shm)
    run --separate-stderr xipcrm -m "$shm" -m "$shm"
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove shared memory id $shm: not found"
    assert_equal "$(sysv_ids shm)" ''
}

@test "nobody is refused root's objects, which stay in place" {
    need_root
    xipcmk -k 0x700 -M 1K -Q -S 1 >/dev/null
    xipcmk -m 1K -q -s -n /root >/dev/null
    shm=$(sysv_ids shm) msg=$(sysv_ids msg) sem=$(sysv_ids sem)
    before=$(xipc_snapshot)
    run --separate-stderr as_nobody xipcrm -m "$shm" -Q 0x700 -s "$sem" --posix-shmem /root --posix-mqueue /root \
        --posix-semaphore /root
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcrm: remove shared memory id $shm: Permission denied
xipcrm: remove message queue id $msg: Permission denied
xipcrm: remove semaphore set id $sem: Permission denied
xipcrm: remove POSIX shared memory /root: Permission denied
xipcrm: remove POSIX message queue /root: Permission denied
xipcrm: remove POSIX semaphore /root: Permission denied"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "nobody's --all is refused on root's objects and removes only its own" {
    need_root
    make_all
    as_nobody xipcmk -M 1K -m 1K -n /nobodys >/dev/null
    mine=$(awk -v u="$(id -u nobody)" 'NR > 1 && $8 == u {print $2}' /proc/sysvipc/shm)
    run --separate-stderr as_nobody xipcrm -a
    assert_failure 1
    # Root's 6 objects are refused, one line each.
    assert_equal "${#stderr_lines[@]}" 6
    for line in "${stderr_lines[@]}"; do
        [[ $line == *": Permission denied" ]]
    done
    for line in "${stderr_lines[@]}"; do
        [[ $line != *"id $mine:"* && $line != *nobodys* ]]
    done
    assert_equal "$(sysv_ids shm | grep -cx "$mine")" 0
    assert_file_not_exists /dev/shm/nobodys
    assert_file_exists /dev/shm/p /dev/mqueue/p /dev/shm/sem.p
    assert_equal "$(count_sysv)" 3
}

@test "an ipcmk segment is refused to nobody and removed by root" {
    need_root
    ipcmk -M 1K >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr as_nobody xipcrm -m "$(sysv_ids shm)"
    assert_failure 1
    assert_equal "$stderr" "xipcrm: remove shared memory id $(sysv_ids shm): Permission denied"
    assert_equal "$(xipc_snapshot)" "$before"
    run --separate-stderr xipcrm -m "$(sysv_ids shm)"
    assert_success
    assert_equal "$(sysv_ids shm)" ''
}

@test "xipcrm --dry-run -a lists everything it would remove and removes nothing" {
    make_all
    shm=$(sysv_ids shm) msg=$(sysv_ids msg) sem=$(sysv_ids sem)
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm --dry-run -a
    assert_success
    assert_equal "$stderr" ''
    assert_output "would remove shared memory segment id \`$shm'
would remove POSIX shared memory \`/p'
would remove semaphore id \`$sem'
would remove POSIX semaphore \`/p'
would remove message queue id \`$msg'
would remove POSIX message queue \`/p'"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "--dry-run reports what would fail, with exit 1, and removes nothing" {
    need_root
    make_all
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm -n -m 424242 --posix-shmem /p
    assert_failure 1
    assert_output "would remove POSIX shared memory \`/p'"
    assert_equal "$stderr" "xipcrm: remove shared memory id 424242: not found"
    run --separate-stderr as_nobody xipcrm -n -v --all=shm,pshm
    assert_failure 1
    assert_output 'would remove 0 objects, 2 failed'
    assert_equal "${#stderr_lines[@]}" 2
    [[ ${stderr_lines[0]} == "xipcrm: remove shared memory id $(sysv_ids shm): Permission denied" ]]
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "-a removes every object of every kind" {
    make_all
    run --separate-stderr xipcrm -a
    assert_success
    assert_output ''
    assert_equal "$(count_sysv)" 0
    assert_equal "$(ls -A /dev/shm /dev/mqueue)" $'/dev/mqueue:\n\n/dev/shm:'
}

@test "--all=LIST and -aLIST remove only the kinds listed" {
    make_all
    run --separate-stderr xipcrm --all=shm,psem
    assert_success
    assert_equal "$(sysv_ids shm)" ''
    assert_file_not_exists /dev/shm/sem.p
    assert_equal "$(sysv_ids msg | wc -l)$(sysv_ids sem | wc -l)" 11
    assert_file_exists /dev/shm/p /dev/mqueue/p
    run --separate-stderr xipcrm -apmsg
    assert_success
    assert_file_not_exists /dev/mqueue/p
    assert_file_exists /dev/shm/p
    run --separate-stderr xipcrm -a=msg,sem
    assert_success
    assert_equal "$(count_sysv)" 0
    assert_file_exists /dev/shm/p
}

@test "a bad --all list is refused before anything is removed" {
    make_all
    refused xipcrm --all=shm,bogus
    assert_equal "${stderr_lines[0]}" "xipcrm: invalid --all list: 'shm,bogus' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)"
    refused xipcrm --all=
    refused xipcrm --all=shm,
    refused xipcrm -m "$(sysv_ids shm)" -aSHM
}

@test "-v prints ipcrm's lines, in command-line order, and a summary" {
    make_all
    shm=$(sysv_ids shm) msg=$(sysv_ids msg) sem=$(sysv_ids sem)
    run --separate-stderr xipcrm -v -s "$sem" --posix-mqueue /p -m "$shm" -m 99999 -q "$msg"
    assert_failure 1
    assert_output "removing semaphore id \`$sem'
removing POSIX message queue \`/p'
removing shared memory segment id \`$shm'
removing message queue id \`$msg'
removed 4 objects, 1 failed"
    assert_equal "$stderr" "xipcrm: remove shared memory id 99999: not found"
}

@test "-v lines for System V are those of util-linux ipcrm -v" {
    ipcmk -M 1K -Q -S 1 >/dev/null
    shm=$(sysv_ids shm) msg=$(sysv_ids msg) sem=$(sysv_ids sem)
    theirs=$(ipcrm -v -m "$shm" -q "$msg" -s "$sem")
    ipcmk -M 1K -Q -S 1 >/dev/null
    shm=$(sysv_ids shm) msg=$(sysv_ids msg) sem=$(sysv_ids sem)
    ours=$(xipcrm --verbose -m "$shm" -q "$msg" -s "$sem" | sed '$d')
    assert_equal "$(sed 's/[0-9]//g' <<<"$ours")" "$(sed 's/[0-9]//g' <<<"$theirs")"
    run xipcrm -v --all=shm
    assert_output 'removed 0 objects'
}

@test "the legacy form removes ids and says resource(s) deleted" {
    xipcmk -M 1K >/dev/null
    xipcmk -M 1K >/dev/null
    run --separate-stderr xipcrm shm $(sysv_ids shm)
    assert_success
    assert_output 'resource(s) deleted'
    assert_equal "$(sysv_ids shm)" ''
    xipcmk -Q >/dev/null
    run --separate-stderr xipcrm msg "$(sysv_ids msg)"
    assert_success
    xipcmk -S 1 >/dev/null
    run --separate-stderr xipcrm sem "$(sysv_ids sem)" 77777
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcrm: remove semaphore set id 77777: not found"
    assert_equal "$(count_sysv)" 0
}

@test "bad legacy forms are refused before anything is removed" {
    make_all
    refused xipcrm shm
    refused xipcrm sem "$(sysv_ids sem)" abc
    refused xipcrm pshm /p
    refused xipcrm "$(sysv_ids shm)"
    # A POSIX name or an id alone: the refusal says how to name it.
    refused xipcrm /p
    assert_equal "${stderr_lines[0]}" "xipcrm: unknown argument: '/p' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or --posix-shmem/--posix-mqueue/--posix-semaphore NAME)"
}

@test "bad ids, keys and names are refused with exit 2" {
    make_all
    long=$(printf 'n%.0s' {1..256})
    refused xipcrm
    refused xipcrm -m -1
    refused xipcrm -m 1x
    refused xipcrm -m 4294967296
    refused xipcrm -q ''
    refused xipcrm -M 0xZZ
    refused xipcrm -S 0x100000000
    refused xipcrm -m
    refused xipcrm --bogus
    for name in .. /.. /a/b //x / '' "/$long" /etc/passwd; do
        refused xipcrm --posix-shmem "$name"
    done
    refused xipcrm --posix-mqueue /dev/shm/p
    refused xipcrm --posix-shmem /dev/mqueue/p
    refused xipcrm --posix-semaphore /dev/shm/p
}

@test "--owner narrows --all to one user's objects" {
    need_root
    make_all
    as_nobody xipcmk -M 1K -Q -m 1K -q -n /nb >/dev/null
    run --separate-stderr xipcrm -a --owner nobody
    assert_success
    assert_equal "$(count_sysv)" 3
    assert_file_not_exists /dev/shm/nb
    assert_file_not_exists /dev/mqueue/nb
    assert_file_exists /dev/shm/p /dev/mqueue/p
    run --separate-stderr xipcrm --all=shm --owner 0
    assert_success
    assert_equal "$(sysv_ids shm)" ''
    assert_equal "$(count_sysv)" 2
}

@test "--older-than narrows --all by age" {
    make_all
    before=$(xipc_snapshot)
    run --separate-stderr xipcrm -v -a --older-than 1h
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(xipc_snapshot)" "$before"
    run --separate-stderr xipcrm -a --older-than 0s
    assert_success
    assert_equal "$(count_sysv)" 0
    assert_file_not_exists /dev/shm/p
}

@test "--owner and --older-than need --all and valid values" {
    make_all
    refused xipcrm --owner root -m "$(sysv_ids shm)"
    assert_equal "${stderr_lines[0]}" "xipcrm: --owner and --older-than narrow --all or --orphans: add -a or --orphans"
    refused xipcrm --older-than 1h --posix-shmem /p
    refused xipcrm -a --owner no-such-user-here
    assert_equal "${stderr_lines[0]}" "xipcrm: invalid owner: 'no-such-user-here' (no such user)"
    refused xipcrm -a --older-than soon
}

@test "named objects and --all together: each object once" {
    make_all
    shm=$(sysv_ids shm)
    run --separate-stderr xipcrm -v --posix-shmem /p --all=pshm,shm
    assert_success
    assert_output "removing POSIX shared memory \`/p'
removing shared memory segment id \`$shm'
removed 2 objects"
}

@test "a queue goes by name without /dev/mqueue mounted; only a listing says it is not listed" {
    xipcmk -q -n /q >/dev/null
    xipcmk -q -n /r >/dev/null
    unmounted() { unshare --mount --propagation private -- bash -c 'umount /dev/mqueue && exec "$@"' unmounted "$@"; }
    run --separate-stderr unmounted xipcrm --posix-mqueue /q
    assert_success
    assert_equal "$stderr" ''
    assert_equal "$(ls /dev/mqueue)" r
    run --separate-stderr unmounted xipcrm --posix-mqueue /none
    assert_failure 1
    assert_equal "$stderr" 'xipcrm: remove POSIX message queue /none: not found'
    run --separate-stderr unmounted xipcrm -n --posix-mqueue /r
    assert_success
    assert_output "would remove POSIX message queue \`/r'"
    assert_equal "$(ls /dev/mqueue)" r
    run --separate-stderr unmounted xipcrm --all=pmsg
    assert_success
    assert_equal "$stderr" 'xipcrm: POSIX message queues are not listed: /dev/mqueue is not mounted (mount it with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)'
    assert_equal "$(ls /dev/mqueue)" r
}
