#!/usr/bin/env bats
# xipcs, ipcs face, POSIX: the sections that follow the System V ones (or
# stand alone with -M, -Q, -S), their -t/-c/-p/-l/-u/-b/--human variants,
# and -N NAME in detail.  Expected output is written out in full.
bats_require_minimum_version 1.5.0
load ../helpers/common
setup() { xipc_setup; }
teardown() {
    # Undo what a case took away from /dev/shm and /dev/mqueue.
    [[ -z ${SHM_MODE:-} ]] || chmod "$SHM_MODE" /dev/shm
    [[ -z ${MQ_MODE:-} ]] || chmod "$MQ_MODE" /dev/mqueue
}

mk() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# The marker file in/dev/shm that tells the helpers they are in a test
# namespace is a POSIX shared memory object like any other.

# ctime(3) of a file's time: "Sun Nov 22 22:46:09 2026"; short: "Nov 22 22:46:09".
long_time() { date -d "@$(stat -c "%$1" "$2")" '+%a %b %e %H:%M:%S %Y'; }
short_time() { date -d "@$(stat -c "%$1" "$2")" '+%b %e %H:%M:%S'; }

objects() {
    mk shm /pshm-a 4096 600
    mk shm /pshm-b 100000 640
    mk mq /pmq-a 10 128 600 hello world
    as_nobody "$XIPC_TEST_BIN/posix-make" mq /pmq-b 5 64 644
    mk sem /psem-a 3 600
}

@test "no resource option: System V sections, then the three POSIX sections" {
    need_root
    objects
    ipcmk -Q >/dev/null
    ipcs >"$BATS_TEST_TMPDIR/sysv"
    xipcs >"$BATS_TEST_TMPDIR/all" 2>"$BATS_TEST_TMPDIR/err"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
    # The System V part is ipcs's own, byte for byte; the POSIX part follows.
    cmp "$BATS_TEST_TMPDIR/sysv" <(head -c "$(stat -c %s "$BATS_TEST_TMPDIR/sysv")" "$BATS_TEST_TMPDIR/all")
    run -0 xipcs
    assert_output --partial "$(
        cat <<EOF

------ Semaphore Arrays --------
key        semid      owner      perms      nsems     

------ POSIX Message Queues --------
name                 owner      perms      used-bytes   messages    
/pmq-a               root       600        10           2           
/pmq-b               nobody     644        0            0           

------ POSIX Shared Memory --------
name                 owner      perms      bytes     
/pshm-a              root       600        4096      
/pshm-b              root       640        100000    

------ POSIX Semaphores --------
name                 owner      perms      value     
/psem-a              root       600        3         
EOF
    )"
}

@test "-M, -Q and -S select the POSIX sections alone" {
    need_root
    objects
    ipcmk -M 10 >/dev/null
    run -0 xipcs -Q
    assert_output "
------ POSIX Message Queues --------
name                 owner      perms      used-bytes   messages    
/pmq-a               root       600        10           2           
/pmq-b               nobody     644        0            0           "
    run -0 xipcs --posix-shmems
    assert_output "
------ POSIX Shared Memory --------
name                 owner      perms      bytes     
/pshm-a              root       600        4096      
/pshm-b              root       640        100000    "
    run -0 xipcs -S
    assert_output "
------ POSIX Semaphores --------
name                 owner      perms      value     
/psem-a              root       600        3         "
    run -0 xipcs --posix-semaphores -m
    assert_output --partial "------ Shared Memory Segments --------"
    assert_output --partial "------ POSIX Semaphores --------"
    refute_output --partial "Message Queues"
}

@test "-b is the default's bytes; --human shortens sizes as ipcs does" {
    need_root
    objects
    run -0 xipcs -M -Q -b
    assert_output --partial "/pshm-b              root       640        100000    "
    run -0 xipcs -M -Q --human
    assert_output "
------ POSIX Message Queues --------
name                 owner      perms      size         messages    
/pmq-a               root       600           10B       2           
/pmq-b               nobody     644            0B       0           

------ POSIX Shared Memory --------
name                 owner      perms      size      
/pshm-a              root       600            4K    
/pshm-b              root       640         97.7K    "
}

@test "-t: access, modify and change times of the files" {
    objects
    local f=/dev/mqueue/pmq-a row
    row=$(printf '%-20s %-10s %-20s %-20s %-20s' /pmq-a root "$(short_time X $f)" "$(short_time Y $f)" "$(short_time Z $f)")
    run -0 xipcs -Q -t
    assert_line --index 0 "------ POSIX Message Queues Access/Modify/Change Times --------"
    assert_line --index 1 "name                 owner      accessed             modified             changed             "
    assert_line --index 2 "$row"
}

@test "-c: perms and owner and group names, uncut" {
    need_root
    objects
    chown nobody:nogroup /dev/shm/sem.psem-a
    run -0 xipcs -S -c
    assert_output "
------ POSIX Semaphores Owners --------
name                 perms      uid        gid       
/psem-a              600        nobody     nogroup   "
}

@test "-p: POSIX sections show the pids of the processes holding each object, no bare blank lines" {
    objects
    # The kernel keeps no creator or last-operator pid for POSIX objects:
    # their -p sections show the holders (as the PIDS column does).
    local ready=$BATS_TEST_TMPDIR/ready
    "$XIPC_TEST_BIN/map-hold" -m /pshm-a -q /pmq-a >"$ready" 3>&- &
    local held=$!
    for _ in $(seq 400); do grep -q '^ready$' "$ready" && break; sleep 0.05; done
    run -0 xipcs -M -Q -S -p
    kill "$held"
    assert_output "$(echo; printf '%s\n' \
        '------ POSIX Message Queues Holder PIDs --------' \
        "$(printf '%-20s %-10s %-10s' name owner pids)" \
        "$(printf '%-20s %-10s %-10s' /pmq-a root "$held")" \
        "$(printf '%-20s %-10s %-10s' /pmq-b nobody -)" \
        '' \
        '------ POSIX Shared Memory Holder PIDs --------' \
        "$(printf '%-20s %-10s %-10s' name owner pids)" \
        "$(printf '%-20s %-10s %-10s' /pshm-a root "$held")" \
        "$(printf '%-20s %-10s %-10s' /pshm-b root -)" \
        '' \
        '------ POSIX Semaphores Holder PIDs --------' \
        "$(printf '%-20s %-10s %-10s' name owner pids)" \
        "$(printf '%-20s %-10s %-10s' /psem-a root -)")"
}

@test "-p with every kind: ipcs's System V part byte for byte, then the POSIX sections" {
    need_root
    objects
    ipcmk -M 100 >/dev/null
    ipcs -p >"$BATS_TEST_TMPDIR/sysv"
    xipcs -p >"$BATS_TEST_TMPDIR/all"
    cmp "$BATS_TEST_TMPDIR/sysv" <(head -c "$(stat -c %s "$BATS_TEST_TMPDIR/sysv")" "$BATS_TEST_TMPDIR/all")
    # After it, each POSIX section and its closing blank line; never two
    # blank lines in a row beyond ipcs's own (its empty semaphore section).
    tail -c +"$(($(stat -c %s "$BATS_TEST_TMPDIR/sysv") + 1))" "$BATS_TEST_TMPDIR/all" >"$BATS_TEST_TMPDIR/posix"
    run grep -c '^------ POSIX .* Holder PIDs --------$' "$BATS_TEST_TMPDIR/posix"
    assert_output 3
    run grep -c '^$' "$BATS_TEST_TMPDIR/posix"
    assert_output 3
    [[ $(head -c 7 "$BATS_TEST_TMPDIR/posix") == '------ ' ]]
}

@test "-l: POSIX limits from /proc/sys/fs/mqueue and the /dev/shm file system" {
    local q=/proc/sys/fs/mqueue
    local blocks inodes bsize
    read -r blocks inodes bsize < <(stat -f -c '%b %c %S' /dev/shm)
    run -0 xipcs -Q -M -S -l
    assert_output "
------ POSIX Message Queues Limits --------
max queues system wide = $(cat $q/queues_max)
max messages per queue = $(cat $q/msg_max)
max size of message (bytes) = $(cat $q/msgsize_max)
default messages per queue = $(cat $q/msg_default)
default size of message (bytes) = $(cat $q/msgsize_default)

------ POSIX Shared Memory Limits --------
max number of files = $inodes
max total shared memory (kbytes) = $((blocks * bsize / 1024))

------ POSIX Semaphores Limits --------
semaphore max value = 2147483647"
    run -0 xipcs -Q -l --human
    assert_line "max size of message = $(($(cat $q/msgsize_max) / 1024))K"
}

@test "-u: counts and space used" {
    need_root
    objects
    run -0 xipcs -Q -M -S -u
    assert_output "
------ POSIX Message Queues Status --------
allocated queues = 2
queued messages = 2
used space = 10 bytes

------ POSIX Shared Memory Status --------
allocated segments = 2
used space = 104096 bytes

------ POSIX Semaphores Status --------
allocated semaphores = 1"
    run -0 xipcs -M -u -b
    assert_line "used space (bytes) = 104096"
}

@test "as nobody: a queue nobody may not open shows '-' for what only opening tells" {
    need_root
    objects
    run -0 as_nobody "$XIPC_BIN/xipcs" -Q
    assert_line --index 2 "/pmq-a               root       600        -            -           "
    assert_line --index 3 "/pmq-b               nobody     644        0            0           "
}

@test "a long name widens the name column for the whole section" {
    mk sem /a-semaphore-with-a-rather-long-name 1 600
    mk sem /s 0 644
    run -0 xipcs -S
    assert_output "
------ POSIX Semaphores --------
name                                 owner      perms      value     
/a-semaphore-with-a-rather-long-name root       600        1         
/s                                   root       644        0         "
}

@test "-N NAME: one object in detail, found among every POSIX kind" {
    objects
    # Times as they are before xipcs looks: reading a queue's status sets
    # its access and change times (the mqueue file system does).
    local f=/dev/mqueue/pmq-a
    local want="
POSIX Message Queue name=/pmq-a
uid=0	gid=0	mode=0600
cbytes=10	maxmsg=10	msgsize=128	qnum=2
access_time=$(long_time X $f)  
modify_time=$(long_time Y $f)  
change_time=$(long_time Z $f)  "
    run -0 xipcs -N pmq-a
    assert_output "$want"
    f=/dev/shm/sem.psem-a
    run -0 xipcs --name /psem-a
    assert_output "
POSIX Semaphore name=/psem-a
uid=0	gid=0	mode=0600
value=3
access_time=$(long_time X $f)  
modify_time=$(long_time Y $f)  
change_time=$(long_time Z $f)  "
    f=/dev/shm/pshm-b
    run -0 xipcs -N /pshm-b --human
    assert_output "
POSIX Shared Memory name=/pshm-b
uid=0	gid=0	mode=0640
size=97.7K
access_time=$(long_time X $f)  
modify_time=$(long_time Y $f)  
change_time=$(long_time Z $f)  "
}

@test "-N with -M, -Q or -S looks in that kind only" {
    objects
    run -0 xipcs -Q -N pmq-a
    assert_line --index 0 "POSIX Message Queue name=/pmq-a"
    run --separate-stderr xipcs -M -N pmq-a
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "xipcs: find POSIX shared memory /pmq-a: not found"
    # /dev/shm/sem.NAME is the semaphore NAME, not shared memory "sem.NAME".
    run --separate-stderr xipcs -M -N sem.psem-a
    assert_failure 1
    assert_equal "$stderr" "xipcs: find POSIX shared memory /sem.psem-a: not found"
}

@test "-N finds a name used by two kinds and shows both" {
    mk shm /both 10 600
    mk mq /both 1 16 600
    run -0 xipcs -N /both
    # (bats drops the empty lines from $lines)
    assert_line --index 0 "POSIX Message Queue name=/both"
    assert_line --index 6 "POSIX Shared Memory name=/both"
}

@test "-N: a missing name is one line and exit 1; a bad name is exit 2" {
    objects
    local before
    before=$(xipc_snapshot)
    run --separate-stderr xipcs -N nope
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "xipcs: find POSIX object /nope: not found"
    run --separate-stderr xipcs -N a/b
    assert_failure 2
    assert_output ""
    assert_equal "${stderr_lines[0]}" "xipcs: invalid POSIX name: 'a/b' (a name holds no '/' after the first)"
    run --separate-stderr xipcs -N ..
    assert_failure 2
    run --separate-stderr xipcs -N /x -i 1 -m
    assert_failure 2
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "no /dev/mqueue: one warning with the mount command, the rest goes on" {
    objects
    ipcmk -S 2 >/dev/null
    run --separate-stderr unshare --mount --propagation private -- bash -c 'umount /dev/mqueue && xipcs'
    assert_success
    assert_equal "$stderr" "xipcs: POSIX message queues are not listed: /dev/mqueue is not mounted (mount it with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
    assert_output --partial "------ Semaphore Arrays --------"
    assert_output --partial "/psem-a              root       600        3         "
    assert_output --partial "------ POSIX Message Queues --------
name                 owner      perms      used-bytes   messages    

------ POSIX Shared Memory --------"
    run --separate-stderr unshare --mount --propagation private -- bash -c 'umount /dev/mqueue && xipcs -N psem-a'
    assert_success
    assert_line --index 0 "POSIX Semaphore name=/psem-a"
    assert_equal "$stderr" "xipcs: POSIX message queues are not listed: /dev/mqueue is not mounted (mount it with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue)"
}

@test "every failure is reported, in the order met, and the rest is listed (exit 1), in both faces" {
    need_root
    mk mq /q 2 16 644
    mk shm /s 8 644
    SHM_MODE=$(stat -c %a /dev/shm)
    MQ_MODE=$(stat -c %a /dev/mqueue)
    chmod 0700 /dev/shm
    # /dev/mqueue stays listable: only the shared memory and semaphores fail.
    run -1 --separate-stderr as_nobody xipcs -M -Q -S
    assert_line --index 2 "$(printf '%-20s %-10s %-10s %-12s %-12s' /q root 644 0 0)"
    [[ $stderr == "xipcs: open /dev/shm: Permission denied"$'\n'"xipcs: open /dev/shm: Permission denied" ]]
    # Both folders: ipcs's order (queues first), each failure where it came.
    chmod 0700 /dev/mqueue
    run -1 --separate-stderr as_nobody xipcs -M -Q -S
    assert_equal "$stderr" "xipcs: open /dev/mqueue: Permission denied
xipcs: open /dev/shm: Permission denied
xipcs: open /dev/shm: Permission denied"
    # The lsipc face reads in its order (shared memory first), and says as much.
    run -1 --separate-stderr as_nobody xipcs -M -Q -S -J
    assert_equal "$stderr" "xipcs: open /dev/shm: Permission denied
xipcs: open /dev/mqueue: Permission denied
xipcs: open /dev/shm: Permission denied"
    assert_output ""
}
