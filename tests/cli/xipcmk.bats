#!/usr/bin/env bats
# xipcmk: create every kind of object, as util-linux ipcmk does and beyond.

load ../helpers/common
setup() { xipc_setup; }
bats_require_minimum_version 1.5.0

# The field NAME=VALUE of `ipcs -KIND -i ID`.
ipcs_field() {
    ipcs "-$1" -i "$2" | tr '\t ' '\n\n' | sed -n "s/^$3=//p" | head -1
}

@test "--help lists every option, --version names the suite" {
    run --separate-stderr xipcmk --help
    assert_success
    for opt in --shmem --posix-shmem --semaphore --posix-semaphore --queue --posix-mqueue --fifo --name \
        --mode --key --exclusive --maxmsg --msgsize --value --quiet --json --help --version; do
        assert_output --partial -- "$opt"
    done
    run --separate-stderr xipcmk --version
    assert_success
    assert_output --regexp '^xipcmk \(xipc\) [0-9]'
    assert_equal "$(xipcmk -h)" "$(xipcmk --help)"
    assert_equal "$(xipcmk -V)" "$output"
}

@test "-M prints the id of a segment ipcs shows with its size and mode 0600" {
    run --separate-stderr xipcmk -M 1M
    assert_success
    assert_output --regexp '^Shared memory id: [0-9]+$'
    id=${output##*: }
    assert_equal "$(ipcs_field m "$id" bytes)" 1048576
    assert_equal "$(ipcs_field m "$id" mode)" 0600
}

@test "id=\$(xipcmk -M 1M --quiet); ipcs -m -i \"\$id\" shows bytes=1048576 and mode 600" {
    id=$(xipcmk -M 1M --quiet)
    [[ $id =~ ^[0-9]+$ ]]
    run ipcs -m -i "$id"
    assert_success
    assert_output --partial "bytes=1048576"
    assert_output --partial "mode=0600"
}

@test "-Q and -S print the lines ipcmk prints, for objects ipcs shows" {
    run --separate-stderr xipcmk -Q
    assert_success
    assert_output --regexp '^Message queue id: [0-9]+$'
    assert_equal "$(ipcs_field q "${output##*: }" mode)" 0600
    run --separate-stderr xipcmk -S 3
    assert_success
    assert_output --regexp '^Semaphore id: [0-9]+$'
    run ipcs -s -i "${output##*: }"
    assert_line 'nsems = 3'
}

@test "output lines are those of util-linux ipcmk, in its order" {
    theirs=$(ipcmk -S 1 -Q -M 4K | sed 's/[0-9]*$//')
    ours=$(xipcmk -S 1 -Q -M 4K | sed 's/[0-9]*$//')
    assert_equal "$ours" "$theirs"
    assert_equal "$ours" $'Shared memory id: \nMessage queue id: \nSemaphore id: '
}

@test "several kinds in one call, each with the id ipcs reports" {
    run --separate-stderr xipcmk -M 4K -Q -S 2 -m 4K -q -s -n /multi
    assert_success
    assert_equal "${#lines[@]}" 6
    assert_line --index 1 'POSIX shared memory name: /multi'
    assert_line --index 3 'POSIX message queue name: /multi'
    assert_line --index 5 'POSIX semaphore name: /multi'
    [[ ${lines[0]} == "Shared memory id: $(awk 'NR == 2 {print $2}' /proc/sysvipc/shm)" ]]
    [[ ${lines[2]} == "Message queue id: $(awk 'NR == 2 {print $2}' /proc/sysvipc/msg)" ]]
    [[ ${lines[4]} == "Semaphore id: $(awk 'NR == 2 {print $2}' /proc/sysvipc/sem)" ]]
    assert_file_exists /dev/shm/multi
    assert_file_exists /dev/mqueue/multi
    assert_file_exists /dev/shm/sem.multi
}

@test "a repeated option keeps its last value, as ipcmk" {
    run --separate-stderr xipcmk -M 1K -M 2K
    assert_success
    assert_equal "${#lines[@]}" 1
    assert_equal "$(ipcs_field m "${output##*: }" bytes)" 2048
}

@test "sizes take util-linux suffixes" {
    for pair in 1.5K=1536 10KB=10000 2KiB=2048 1M=1048576 7=7; do
        id=$(xipcmk -M "${pair%=*}" --quiet)
        assert_equal "$(ipcs_field m "$id" bytes)" "${pair#*=}"
    done
}

@test "sizes are read as util-linux ipcmk reads them: 0x10 is 16, 010 is 8" {
    for size in 0x10 010 0X20 ' 12' +12 0x1K 01K 1Kib 1kb 1.K 0.5M 1.5KB; do
        id=$(xipcmk -M "$size" --quiet)
        theirs=$(ipcmk -M "$size" | awk '{print $NF}')
        assert_equal "$(ipcs_field m "$id" bytes) ($size)" "$(ipcs_field m "$theirs" bytes) ($size)"
    done
    assert_equal "$(ipcs_field m "$(xipcmk -M 0x10 --quiet)" bytes)" 16
    assert_equal "$(ipcs_field m "$(xipcmk -M 010 --quiet)" bytes)" 8
    # Both refuse what strtoumax does not read.
    for size in 08 0x 1e3 1KIB; do
        refused xipcmk -M "$size"
        run ipcmk -M "$size"
        assert_failure
    done
}

@test "--mode sets the exact mode, octal or symbolic, whatever the umask" {
    umask 077
    id=$(xipcmk -M 1K -p 0666 --quiet)
    assert_equal "$(ipcs_field m "$id" mode)" 0666
    id=$(xipcmk -Q --mode u=rw,g=r --quiet)
    assert_equal "$(ipcs_field q "$id" mode)" 0640
    xipcmk -m 1K -q -s -n /modes -p 640
    assert_equal "$(stat -c %a /dev/shm/modes /dev/mqueue/modes /dev/shm/sem.modes)" $'640\n640\n640'
}

@test "the default mode is 0600 where ipcmk uses 0644" {
    ipcmk -M 1K >/dev/null
    xipcmk -M 1K >/dev/null
    xipcmk -m 1K -n /dflt >/dev/null
    run awk 'NR > 1 {print $3}' /proc/sysvipc/shm
    assert_output $'644\n600'
    assert_equal "$(stat -c %a /dev/shm/dflt)" 600
}

@test "--key uses the key; without --exclusive an existing object asked for as it is is reused" {
    run --separate-stderr xipcmk -k 0x1234 -M 4K
    assert_success
    id=${output##*: }
    run ipcs -m
    assert_output --regexp "0x00001234 +$id "
    run --separate-stderr xipcmk --key 4660 -M 4K
    assert_success
    assert_output "Shared memory id: $id"
    assert_equal "$(awk 'NR > 1' /proc/sysvipc/shm | wc -l)" 1
}

@test "--key 0 is IPC_PRIVATE: a new object each time" {
    a=$(xipcmk -k 0 -Q --quiet)
    b=$(xipcmk -k 0 -Q --quiet)
    [[ $a != "$b" ]]
    run ipcs -q
    assert_output --regexp "0x00000000 +$a "
    assert_output --regexp "0x00000000 +$b "
}

@test "--exclusive refuses an existing System V key, creates the rest, exits 1" {
    xipcmk -k 0x77 -M 1K >/dev/null
    before=$(ipcs -m)
    run --separate-stderr xipcmk -k 0x77 -x -M 1K -Q
    assert_failure 1
    assert_output --regexp '^Message queue id: [0-9]+$'
    assert_equal "$stderr" "xipcmk: create shared memory key 0x00000077: already exists"
    assert_equal "$(ipcs -m)" "$before"
    run ipcs -q
    assert_output --partial 0x00000077
}

@test "--exclusive refuses existing POSIX objects and changes nothing" {
    xipcmk -m 4K -q -s -n /ex >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcmk --exclusive -m 4K -q -s -n /ex
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcmk: create POSIX shared memory /ex: already exists
xipcmk: create POSIX message queue /ex: already exists
xipcmk: create POSIX semaphore /ex: already exists"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "-m makes POSIX shared memory of the size; a name without / works too" {
    run --separate-stderr xipcmk -m 64K -n jobs
    assert_success
    assert_output 'POSIX shared memory name: /jobs'
    assert_equal "$(stat -c '%s %a %U' /dev/shm/jobs)" "65536 600 root"
}

@test "existing POSIX shared memory of another size is not resized" {
    xipcmk -m 4K -n /keep >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcmk -m 8K -n /keep
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create POSIX shared memory /keep: exists with size 4096 (not 8192); left as it is"
    assert_equal "$(xipc_snapshot)" "$before"
    # The same size is a reuse, as ipcmk.
    run --separate-stderr xipcmk -m 4K -n /keep
    assert_success
}

@test "-q with --maxmsg and --msgsize: the queue keeps those attributes" {
    run --separate-stderr xipcmk -q -n /q --maxmsg 5 --msgsize 256
    assert_success
    assert_output 'POSIX message queue name: /q'
    assert_file_exists /dev/mqueue/q
    # Asked again as it is, or by its name alone, it is reused quietly.
    run --separate-stderr xipcmk -q -n /q --maxmsg 5 --msgsize 256 --json
    assert_success
    assert_equal "$(jq -c '.created[0] | [.maxmsg, .msgsize]' <<<"$output")" '[5,256]'
    run --separate-stderr xipcmk -q -n /q --json
    assert_success
    assert_equal "$stderr" ''
    assert_equal "$(jq -c '.created[0] | [.maxmsg, .msgsize]' <<<"$output")" '[5,256]'
}

@test "an existing object asked for otherwise: each difference named, exit 1, nothing changed" {
    xipcmk -q -n /q --maxmsg 5 --msgsize 256 >/dev/null
    xipcmk -s -n /s --value 2 >/dev/null
    xipcmk -k 0x77 -M 1K -Q -S 2 >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcmk -q -n /q --maxmsg 9 --msgsize 1K
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcmk: create POSIX message queue /q: exists with maxmsg 5 (not 9), msgsize 256 (not 1024); left as it is"
    run --separate-stderr xipcmk -s -n /s --value 3 -p 0644
    assert_equal "$stderr" "xipcmk: create POSIX semaphore /s: exists with value 2 (not 3), mode 0600 (not 0644); left as it is"
    run --separate-stderr xipcmk -k 0x77 -M 2K -Q -S 2
    assert_failure 1
    # The others, as asked, are reused: ipcmk's lines for them.
    assert_equal "$stderr" "xipcmk: create shared memory key 0x00000077: exists with size 1024 (not 2048); left as it is"
    assert_output --regexp $'^Message queue id: [0-9]+\nSemaphore id: [0-9]+$'
    run --separate-stderr xipcmk -k 0x77 -S 3 -Q -p 0640
    assert_equal "${stderr_lines[0]}" "xipcmk: create message queue key 0x00000077: exists with mode 0600 (not 0640); left as it is"
    assert_equal "${stderr_lines[1]}" "xipcmk: create semaphore set key 0x00000077: exists with nsems 2 (not 3), mode 0600 (not 0640); left as it is"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "-q without attributes takes the system defaults" {
    run --separate-stderr xipcmk -q -n /dq --json
    assert_success
    assert_equal "$(jq '.created[0].maxmsg' <<<"$output")" "$(cat /proc/sys/fs/mqueue/msg_default)"
    assert_equal "$(jq '.created[0].msgsize' <<<"$output")" "$(cat /proc/sys/fs/mqueue/msgsize_default)"
}

@test "-s with --value makes a named semaphore holding that value" {
    run --separate-stderr xipcmk -s -n /sem --value 3
    assert_success
    assert_output 'POSIX semaphore name: /sem'
    assert_file_exists /dev/shm/sem.sem
    # glibc keeps the value in the first 32 bits of the file.
    assert_equal "$(od -An -tu4 -N4 /dev/shm/sem.sem | tr -d ' ')" 3
    xipcmk -s -n /zero >/dev/null
    assert_equal "$(od -An -tu4 -N4 /dev/shm/sem.zero | tr -d ' ')" 0
}

@test "-f makes a FIFO with the mode; an existing path is an error" {
    fifo=$BATS_TEST_TMPDIR/fifo
    run --separate-stderr xipcmk -f "$fifo"
    assert_success
    assert_output "FIFO path: $fifo"
    [[ -p $fifo ]]
    assert_equal "$(stat -c %a "$fifo")" 600
    run --separate-stderr xipcmk --fifo "$fifo" -p 0640
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create FIFO $fifo: already exists"
    assert_equal "$(stat -c %a "$fifo")" 600
}

@test "--quiet prints one id or name per line, in creation order" {
    run --separate-stderr xipcmk --quiet -M 1K -Q -S 1 -m 1K -q -s -n /quiet -f "$BATS_TEST_TMPDIR/f"
    assert_success
    assert_equal "${#lines[@]}" 7
    assert_line --index 0 "$(awk 'NR == 2 {print $2}' /proc/sysvipc/shm)"
    assert_line --index 1 /quiet
    assert_line --index 2 "$(awk 'NR == 2 {print $2}' /proc/sysvipc/msg)"
    assert_line --index 3 /quiet
    assert_line --index 4 "$(awk 'NR == 2 {print $2}' /proc/sysvipc/sem)"
    assert_line --index 5 /quiet
    assert_line --index 6 "$BATS_TEST_TMPDIR/f"
}

@test "--json describes each object with typed fields" {
    run --separate-stderr xipcmk --json -k 0x42 -M 1M -Q -S 4 -m 2K -q -s -n /js --value 2 -p 0640
    assert_success
    assert_equal "$(jq -r '[.created[].kind] | join(",")' <<<"$output")" \
        sysv-shm,posix-shm,sysv-msg,posix-mq,sysv-sem,posix-sem
    assert_equal "$(jq -c '[.created[].mode] | unique' <<<"$output")" '["0640"]'
    assert_equal "$(jq -c '[.created[] | select(.key) | .key] | unique' <<<"$output")" '["0x00000042"]'
    shm=$(jq -c '.created[0]' <<<"$output")
    assert_equal "$(jq -c '[(.id | type), .size]' <<<"$shm")" '["number",1048576]'
    assert_equal "$(jq .id <<<"$shm")" "$(awk 'NR == 2 {print $2}' /proc/sysvipc/shm)"
    assert_equal "$(jq -c '.created[1] | [.name, .path, .size]' <<<"$output")" '["/js","/dev/shm/js",2048]'
    assert_equal "$(jq -c '.created[4].nsems' <<<"$output")" 4
    assert_equal "$(jq -c '.created[5] | [.value, .path]' <<<"$output")" '[2,"/dev/shm/sem.js"]'
}

@test "--json escapes names into valid JSON" {
    run --separate-stderr xipcmk --json -m 1K -n $'/a"b\\c\tq\xff'
    assert_success
    assert_equal "$(jq -r '.created[0].name' <<<"$output")" $'/a"b\\c\tq\uFFFD'
}

@test "--json on a failure lists what was created, and exits 1" {
    xipcmk -k 0x99 -Q >/dev/null
    run --separate-stderr xipcmk --json -x -k 0x99 -Q -M 1K
    assert_failure 1
    assert_equal "$(jq -c '[.created[].kind]' <<<"$output")" '["sysv-shm"]'
    assert_equal "$stderr" "xipcmk: create message queue key 0x00000099: already exists"
}

@test "--quiet with --json is a usage error" {
    refused xipcmk --quiet --json -Q
}

@test "bad arguments are refused with exit 2 and create nothing" {
    refused xipcmk
    refused xipcmk -M 0
    refused xipcmk -M 4Q
    refused xipcmk -M ''
    refused xipcmk -S 0
    refused xipcmk -S two
    refused xipcmk -S 99999999999
    refused xipcmk -Q -p 999
    refused xipcmk -Q -p u=rwx,bogus
    refused xipcmk -Q -k 0xZZ
    refused xipcmk -Q -k 0x100000000
    refused xipcmk -m 1K
    refused xipcmk -Q -n /x
    refused xipcmk -m 1K -n /x -k 0x10
    refused xipcmk -Q --maxmsg 5
    refused xipcmk -q -n /x --maxmsg 0
    refused xipcmk -q -n /x --msgsize 0
    refused xipcmk -q -n /x --maxmsg many
    refused xipcmk -Q --value 1
    refused xipcmk -s -n /x --value 2147483648
    refused xipcmk -f ''
    refused xipcmk -Q extra
    refused xipcmk -Q --bogus
    refused xipcmk -M
}

@test "POSIX names with .., a second /, or 256 bytes are refused and create nothing" {
    long=$(printf 'n%.0s' {1..256})
    for name in /.. .. /. /a/b a/b //x / '' "/$long" "$long"; do
        refused xipcmk -m 1K -q -s -n "$name" -M 1K
    done
    # 255 bytes is a valid name for shared memory and queues...
    run --separate-stderr xipcmk -m 1K -q -n "/${long:1}"
    assert_success
    # ...but a semaphore's file adds "sem.", so 251 is its limit.
    refused xipcmk -s -n "/${long:4}"
    run --separate-stderr xipcmk -s -n "/${long:5}"
    assert_success
}

@test "a kernel limit is a failure with exit 1 that creates nothing" {
    read -r semmsl semmns semopm semmni </proc/sys/kernel/sem
    n=$((semmsl + 1))
    before=$(xipc_snapshot)
    run --separate-stderr xipcmk -S "$n"
    assert_failure 1
    assert_output ''
    wanted=$((n * semmni > semmns ? n * semmni : semmns))
    assert_equal "$stderr" "xipcmk: create semaphore set: $n semaphores is above the limit of $semmsl per set (SEMMSL, the first field of kernel.sem); raise it with: sysctl -w kernel.sem=\"$n $wanted $semopm $semmni\""
    assert_equal "$(xipc_snapshot)" "$before"
}

# The limits are the IPC namespace's own: each case lowers one in the test's
# namespace, where no other process creates anything.
@test "a kernel limit names the sysctl and how to raise it, for root too" {
    sysctl -qw kernel.shmmax=4096
    run --separate-stderr xipcmk -M 8K
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create shared memory: size 8192 is above the limit kernel.shmmax (4096 bytes); raise it with: sysctl -w kernel.shmmax=8192"
    sysctl -qw kernel.shmmax=1073741824 kernel.shmmni=1
    xipcmk -M 1K >/dev/null
    run --separate-stderr xipcmk -M 1K
    assert_equal "$stderr" "xipcmk: create shared memory: the limit kernel.shmmni (1 segments) is reached; raise it with: sysctl -w kernel.shmmni=2"
    sysctl -qw kernel.msgmni=1
    xipcmk -Q >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr xipcmk -Q
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create message queue: the limit kernel.msgmni (1 message queues) is reached; raise it with: sysctl -w kernel.msgmni=2"
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "a POSIX queue limit names the sysctl for whoever is held by it" {
    need_root
    # nobody is held by fs.mqueue.msg_max and queues_max (root, with
    # CAP_SYS_RESOURCE, is not).
    run --separate-stderr as_nobody "$XIPC_BIN/xipcmk" -q -n /big --maxmsg 20
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create POSIX message queue /big: maxmsg 20 is above the limit fs.mqueue.msg_max (10); raise it with: sysctl -w fs.mqueue.msg_max=20"
    run --separate-stderr as_nobody "$XIPC_BIN/xipcmk" -q -n /big --maxmsg 100000
    assert_equal "$stderr" "xipcmk: create POSIX message queue /big: maxmsg 100000 is above the kernel's ceiling of 65536 (no sysctl raises it)"
    sysctl -qw fs.mqueue.queues_max=1
    as_nobody "$XIPC_BIN/xipcmk" -q -n /one >/dev/null
    run --separate-stderr as_nobody "$XIPC_BIN/xipcmk" -q -n /two
    assert_failure 1
    assert_equal "$stderr" "xipcmk: create POSIX message queue /two: the limit fs.mqueue.queues_max (1 queues) is reached; raise it with: sysctl -w fs.mqueue.queues_max=2"
    assert_equal "$(ls -A /dev/mqueue)" one
}

@test "nobody is refused root's objects under their key, which stay as they are" {
    need_root
    xipcmk -k 0x500 -M 1K -Q -S 1 >/dev/null
    xipcmk -m 1K -q -s -n /rootobj >/dev/null
    before=$(xipc_snapshot)
    run --separate-stderr as_nobody xipcmk -k 0x500 -M 1K -Q -S 1
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "xipcmk: create shared memory key 0x00000500: Permission denied
xipcmk: create message queue key 0x00000500: Permission denied
xipcmk: create semaphore set key 0x00000500: Permission denied"
    run --separate-stderr as_nobody xipcmk -m 1K -q -s -n /rootobj
    assert_failure 1
    assert_equal "${#stderr_lines[@]}" 3
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "nobody creates objects it owns" {
    need_root
    run --separate-stderr as_nobody xipcmk -M 1K -m 1K -n /mine --quiet
    assert_success
    assert_equal "$(ipcs_field m "${lines[0]}" uid)" "$(id -u nobody)"
    assert_equal "$(stat -c %U /dev/shm/mine)" nobody
}

@test "util-linux ipcs and ipcrm see and remove what xipcmk made" {
    shm=$(xipcmk -M 1K --quiet)
    msg=$(xipcmk -k 0x600 -Q --quiet)
    sem=$(xipcmk -S 2 --quiet)
    run ipcs -m
    assert_output --regexp " $shm +root +600 +1024 "
    run ipcs -q
    assert_output --regexp "0x00000600 +$msg +root +600 "
    run ipcs -s
    assert_output --regexp " $sem +root +600 +2 "
    ipcrm -m "$shm" -Q 0x600 -s "$sem"
    assert_equal "$(cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | grep -vc '^ *key')" 0
}
