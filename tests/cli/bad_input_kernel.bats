#!/usr/bin/env bats
# Bad input the kernel side answers: wrong folders, names that belong to
# another family, objects that exist otherwise than asked, what is no IPC
# object at all, ids that name nothing.  One row each:
#
#   EXIT  COMMAND-LINE  =>  THE ONE LINE ON STDERR
#
# The command line is split as the shell would ($SHMKEY and the other
# neighbour variables expand, in the expected line too).  Every row must exit
# with EXIT, print nothing on stdout, print exactly that line on stderr
# (plus, for exit 2, the "Try 'COMMAND --help'" line) and leave every object
# of the namespace as it was.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    make_neighbours
}

# One object of every kind, made by util-linux ipcmk (mode 0644) and by
# tests/helpers/posix-make, and a directory where shared memory would be.
make_neighbours() {
    local mk=$XIPC_TEST_BIN/posix-make
    SHMID=$(ipcmk -M 4096 | awk '{ print $NF }')
    MSGID=$(ipcmk -Q | awk '{ print $NF }')
    SEMID=$(ipcmk -S 2 | awk '{ print $NF }')
    SHMKEY=$(key_of shm "$SHMID")
    MSGKEY=$(key_of msg "$MSGID")
    SEMKEY=$(key_of sem "$SEMID")
    "$mk" shm /pshm 64 0600
    "$mk" mq /pmq 2 16 0600
    "$mk" sem /psem 1 0600
    mkdir /dev/shm/dir
    export SHMID MSGID SEMID SHMKEY MSGKEY SEMKEY
}

# check_row ROW: the problems with one row, on stdout (none: empty).
check_row() {
    local want line expected before
    local -a argv
    read -r want line <<<"$1"
    expected=${line#*  =>  }
    line=${line%%  =>  *}
    eval "argv=($line)"
    eval "expected=\"$expected\""
    local cmd=${argv[0]}
    before=$(xipc_snapshot)
    run --separate-stderr timeout 10 "${argv[@]}" </dev/null
    [[ $status == "$want" ]] || echo "exit $status, expected $want"
    [[ -z $output ]] || echo "stdout: $output"
    local lines=1
    [[ $want == 2 ]] && lines=2
    if ((${#stderr_lines[@]} != lines)) || [[ ${stderr_lines[0]} != "$expected" ]]; then
        echo "stderr: $stderr"
        echo "wanted: $expected"
    elif [[ $want == 2 && ${stderr_lines[1]} != "Try '$cmd --help' for more information." ]]; then
        echo "no Try line: $stderr"
    fi
    [[ $before == "$(xipc_snapshot)" ]] || echo "changed the namespace"
}

# run_rows: check every row read from stdin; fail listing the bad ones.
run_rows() {
    local -a rows
    mapfile -t rows
    local row problems report="" n=0
    for row in "${rows[@]}"; do
        [[ -z ${row// /} || $row == '#'* ]] && continue
        n=$((n + 1))
        problems=$(check_row "$row")
        [[ -z $problems ]] || report+="  $row"$'\n'"$(sed 's/^/      /' <<<"$problems")"$'\n'
    done
    ((n > 0)) || fail "no rows"
    [[ -z $report ]] || fail "$(printf 'rows that failed:\n%s' "$report")"
}

@test "the wrong folder is refused the same way by every command" {
    run_rows <<'ROWS'
2  shmcat /dev/mqueue/pmq  =>  shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2  shmcat -w /dev/mqueue/pmq  =>  shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2  mqsend /dev/shm/pshm m  =>  mqsend: invalid object: '/dev/shm/pshm' (not a message queue: /dev/shm holds shared memory and semaphores)
2  mqrecv /dev/shm/pshm  =>  mqrecv: invalid object: '/dev/shm/pshm' (not a message queue: /dev/shm holds shared memory and semaphores)
2  mqrecv --name /dev/shm/sem.psem  =>  mqrecv: invalid object: '/dev/shm/sem.psem' (not a message queue: /dev/shm holds shared memory and semaphores)
2  xipcrm --posix-mqueue /dev/shm/pshm  =>  xipcrm: invalid object: '/dev/shm/pshm' (not a message queue: /dev/shm holds shared memory and semaphores)
2  xipcrm --posix-shmem /dev/mqueue/pmq  =>  xipcrm: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2  xipcrm --posix-semaphore /dev/shm/pshm  =>  xipcrm: invalid object: '/dev/shm/pshm' (not a semaphore: semaphore files are /dev/shm/sem.NAME)
2  xipcrm --posix-semaphore /dev/mqueue/pmq  =>  xipcrm: invalid object: '/dev/mqueue/pmq' (not a semaphore: /dev/mqueue holds message queues)
ROWS
}

@test "shared memory is never made under a semaphore's name" {
    run_rows <<'ROWS'
2  xipcmk -m 1 -n /sem.y  =>  xipcmk: invalid POSIX shared memory name: '/sem.y' (/dev/shm/sem.NAME is the file of semaphore /NAME: shared memory named sem.* would be taken for a semaphore)
2  xipcmk -M 1 -m 1 -q -n sem.psem  =>  xipcmk: invalid POSIX shared memory name: '/sem.psem' (/dev/shm/sem.NAME is the file of semaphore /NAME: shared memory named sem.* would be taken for a semaphore)
2  shmcat --create 1K -w /sem.y  =>  shmcat: invalid POSIX shared memory name: '/sem.y' (/dev/shm/sem.NAME is the file of semaphore /NAME: shared memory named sem.* would be taken for a semaphore)
ROWS
}

@test "an object that exists otherwise than asked is left as it is, each difference named" {
    run_rows <<'ROWS'
1  xipcmk -m 4K -n /pshm  =>  xipcmk: create POSIX shared memory /pshm: exists with size 64 (not 4096); left as it is
1  xipcmk -m 64 -n /pshm -p 0640  =>  xipcmk: create POSIX shared memory /pshm: exists with mode 0600 (not 0640); left as it is
1  xipcmk -q -n /pmq --maxmsg 3  =>  xipcmk: create POSIX message queue /pmq: exists with maxmsg 2 (not 3); left as it is
1  xipcmk -q -n /pmq --maxmsg 3 --msgsize 32  =>  xipcmk: create POSIX message queue /pmq: exists with maxmsg 2 (not 3), msgsize 16 (not 32); left as it is
1  xipcmk -s -n /psem --value 5  =>  xipcmk: create POSIX semaphore /psem: exists with value 1 (not 5); left as it is
1  xipcmk -M 8K -k $SHMKEY  =>  xipcmk: create shared memory key $SHMKEY: exists with size 4096 (not 8192); left as it is
1  xipcmk -M 1K -k $SHMKEY  =>  xipcmk: create shared memory key $SHMKEY: exists with size 4096 (not 1024); left as it is
1  xipcmk -M 4K -k $SHMKEY -p 0600  =>  xipcmk: create shared memory key $SHMKEY: exists with mode 0644 (not 0600); left as it is
1  xipcmk -Q -k $MSGKEY -p 0600  =>  xipcmk: create message queue key $MSGKEY: exists with mode 0644 (not 0600); left as it is
1  xipcmk -S 3 -k $SEMKEY  =>  xipcmk: create semaphore set key $SEMKEY: exists with nsems 2 (not 3); left as it is
1  xipcmk -S 1 -k $SEMKEY  =>  xipcmk: create semaphore set key $SEMKEY: exists with nsems 2 (not 1); left as it is
1  xipcmk -x -m 64 -n /pshm  =>  xipcmk: create POSIX shared memory /pshm: already exists
1  xipcmk -x -Q -k $MSGKEY  =>  xipcmk: create message queue key $MSGKEY: already exists
ROWS
}

@test "what is no IPC object, and ids that name nothing" {
    run_rows <<'ROWS'
1  xipcmk -m 1 -n /dir  =>  xipcmk: create POSIX shared memory /dir: not a shared memory object (a directory)
1  xipcrm --posix-shmem /dir  =>  xipcrm: remove POSIX shared memory /dir: not a shared memory object (a directory)
1  xipcrm -n --posix-shmem /dir  =>  xipcrm: remove POSIX shared memory /dir: not a shared memory object (a directory)
1  shmcat 99999  =>  shmcat: find shared memory id 99999: not found
1  shmcat -w 99999  =>  shmcat: find shared memory id 99999: not found
1  xipcrm -m 99999  =>  xipcrm: remove shared memory id 99999: not found
ROWS
}

@test "a size the kernel cannot take says so, and leaves nothing behind" {
    run_rows <<'ROWS'
1  xipcmk -M 8E  =>  xipcmk: create shared memory: invalid size (too large for the kernel to map)
1  shmcat -w 0x00004444 --create 8E  =>  shmcat: create shared memory key 0x00004444: invalid size (too large for the kernel to map)
1  shmcat -w /new --create 8E  =>  shmcat: resize POSIX shared memory /new: invalid size (larger than /dev/shm allows)
ROWS
}
