#!/usr/bin/env bats
# Permissions: nobody, facing root's 0600 objects of every kind, may list
# them, and every attempt to read, write, send, receive, create over or
# remove them is refused with "Permission denied", exit 1, and changes
# nothing (objects, their bytes, their messages).

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    need_root
    root_objects
}

# Root's objects, all 0600, each holding some data.
root_objects() {
    local mk=$XIPC_TEST_BIN/posix-make
    SHMID=$(ipcmk -M 4096 -p 0600 | awk '{ print $NF }')
    MSGID=$(ipcmk -Q -p 0600 | awk '{ print $NF }')
    SEMID=$(ipcmk -S 2 -p 0600 | awk '{ print $NF }')
    SHMKEY=$(key_of shm "$SHMID")
    MSGKEY=$(key_of msg "$MSGID")
    SEMKEY=$(key_of sem "$SEMID")
    printf 'root data' | shmcat -w "$SHMID"
    mqsend -t 7 "$MSGID" 'root message'
    "$mk" shm /pshm 64 0600
    printf 'root posix data' | dd of=/dev/shm/pshm conv=notrunc status=none
    "$mk" mq /pmq 4 64 0600 'root posix message'
    "$mk" sem /psem 3 0600
    FIFO_DIR=$BATS_TEST_TMPDIR/fifos
    mkdir -m 0755 "$FIFO_DIR"
    mkfifo -m 0600 "$FIFO_DIR/fifo"
    export SHMID MSGID SEMID SHMKEY MSGKEY SEMKEY FIFO_DIR
}

# The bytes of the shared memory objects.  Reading the System V segment
# attaches it, which shows in a snapshot, so it is taken outside of one.
data() {
    shmcat "$SHMID" | cksum
    cksum < /dev/shm/pshm
    cksum < /dev/shm/sem.psem
}

# refused CMD...: CMD, run as nobody with stdin $INPUT (default empty),
# fails with exit 1 and one "Permission denied" line on stderr, prints
# nothing, and leaves every object and its bytes as they were.
# (Not common.bash's refused: a command run as nobody, refused by the kernel with exit 1.)
denied() {
    local data_before snap_before
    data_before=$(data)
    snap_before=$(xipc_snapshot)
    run --separate-stderr timeout 10 setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@" \
        <"${INPUT:-/dev/null}"
    assert_equal "$(xipc_snapshot)" "$snap_before"
    assert_equal "$(data)" "$data_before"
    [[ $status == 1 ]] || fail "$*: exit $status, expected 1; stderr: $stderr"
    assert_output ""
    [[ ${#stderr_lines[@]} == 1 && $stderr == "$1: "*"Permission denied"* ]] || fail "$*: stderr: $stderr"
}

@test "nobody lists root's 0600 objects of every kind (ipcs face)" {
    run --separate-stderr as_nobody xipcs
    assert_success
    assert_equal "$stderr" ""
    assert_line --regexp "^$SHMKEY +$SHMID +root +600 +4096 +0 +\$"
    assert_line --regexp "^$MSGKEY +$MSGID +root +600 +12 +1 +\$"
    assert_line --regexp "^$SEMKEY +$SEMID +root +600 +2 +\$"
    # What nobody may not open is shown as unknown, not as 0.
    assert_line --regexp '^/pmq +root +600 +- +- +$'
    assert_line --regexp '^/pshm +root +600 +64 +$'
    assert_line --regexp '^/psem +root +600 +- +$'
}

@test "nobody lists root's 0600 objects of every kind (JSON), unknowns as null" {
    run --separate-stderr as_nobody xipcs -J
    assert_success
    assert_equal "$stderr" ""
    local j=$output
    assert_equal "$(jq -c '.sharedmemory | map([.id, .owner, .perms, .size])' <<<"$j")" "[[$SHMID,\"root\",\"rw-------\",4096]]"
    assert_equal "$(jq -c '.messages | map([.id, .owner, .msgs, .usedbytes])' <<<"$j")" "[[$MSGID,\"root\",1,12]]"
    assert_equal "$(jq -c '.semaphores | map([.id, .owner, .nsems])' <<<"$j")" "[[$SEMID,\"root\",2]]"
    assert_equal "$(jq -c '.posixsharedmemory | map([.name, .owner, .size])' <<<"$j")" '[["/pshm","root",64]]'
    assert_equal "$(jq -c '.posixmessages | map([.name, .owner, .msgs, .usedbytes])' <<<"$j")" '[["/pmq","root",null,null]]'
    assert_equal "$(jq -c '.posixsemaphores | map([.name, .owner, .value])' <<<"$j")" '[["/psem","root",null]]'
}

@test "nobody sees one of root's objects in detail (-i, -N)" {
    run --separate-stderr as_nobody xipcs -m -i "$SHMID"
    assert_success
    assert_line "Shared memory Segment shmid=$SHMID"
    assert_line --partial "mode=0600"
    run --separate-stderr as_nobody xipcs -Q -N /pmq -J
    assert_success
    assert_equal "$(jq -c '.posixmessages[0] | [.name, .msgs]' <<<"$output")" '["/pmq",null]'
}

@test "reading root's shared memory is refused (shmcat)" {
    denied shmcat "$SHMID"
    denied shmcat "$SHMKEY"
    denied shmcat /pshm
    denied shmcat /dev/shm/pshm
    denied shmcat -x /pshm
    denied shmcat --strings "$SHMID"
    denied shmcat /sem.psem
}

@test "writing root's shared memory is refused (shmcat -w); its bytes stay" {
    printf 'intruder' > "$BATS_TEST_TMPDIR/in"
    INPUT=$BATS_TEST_TMPDIR/in
    denied shmcat -w "$SHMID"
    denied shmcat -w "$SHMKEY"
    denied shmcat -w /pshm
    denied shmcat -w /pshm --truncate
    denied shmcat -w /pshm -o 8
    assert_equal "$(shmcat "$SHMID" | tr -d '\0')" "root data"
    assert_equal "$(cat /dev/shm/pshm | tr -d '\0')" "root posix data"
}

@test "sending to root's queues is refused (mqsend); nothing arrives" {
    printf 'a\nb\n' > "$BATS_TEST_TMPDIR/in"
    denied mqsend /pmq intruder
    denied mqsend "$MSGID" intruder
    denied mqsend "$MSGKEY" intruder
    denied mqsend --nonblock /pmq intruder
    denied mqsend -c /pmq intruder
    denied mqsend -c "$MSGKEY" intruder
    INPUT=$BATS_TEST_TMPDIR/in denied mqsend -L "$MSGID"
    run -0 mqrecv --nonblock -n 5 /pmq
    assert_output "root posix message"
    run -0 mqrecv --nonblock -n 5 --print-priority -L "$MSGID"
    assert_output $'7\troot message'
}

@test "receiving from root's queues is refused (mqrecv); the messages stay" {
    denied mqrecv /pmq
    denied mqrecv --nonblock /pmq
    denied mqrecv --notify -T 1s /pmq
    denied mqrecv "$MSGID"
    denied mqrecv "$MSGKEY"
    denied mqrecv --nonblock -t 7 "$MSGID"
    denied mqrecv --peek "$MSGID"
    run -0 mqrecv --nonblock /pmq
    assert_output "root posix message"
    run -0 mqrecv --nonblock "$MSGID"
    assert_output "root message"
}

@test "removing root's objects is refused (xipcrm); they stay" {
    need xipcrm
    denied xipcrm -m "$SHMID"
    denied xipcrm -M "$SHMKEY"
    denied xipcrm -q "$MSGID"
    denied xipcrm -Q "$MSGKEY"
    denied xipcrm -s "$SEMID"
    denied xipcrm -S "$SEMKEY"
    denied xipcrm --posix-shmem /pshm
    denied xipcrm --posix-mqueue /pmq
    denied xipcrm --posix-semaphore /psem
    denied xipcrm shm "$SHMID"
}

@test "creating over root's objects is refused (xipcmk)" {
    need xipcmk
    denied xipcmk -M 4096 -k "$SHMKEY"
    denied xipcmk -Q -k "$MSGKEY"
    denied xipcmk -S 2 -k "$SEMKEY"
    denied xipcmk -m 64 -n /pshm
    denied xipcmk -q -n /pmq
    denied xipcmk -s -n /psem
}

@test "writing into root's 0600 FIFO is refused (fifo-tee)" {
    need fifo-tee
    denied fifo-tee --no-stdout "$FIFO_DIR/fifo"
}
