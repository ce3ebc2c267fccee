#!/usr/bin/env bats
# semop: every option, both families, against peers nobody here wrote (C
# programs in the sem_overview(7) style, Python's sysv_ipc, util-linux
# ipcs); a command held under a semaphore, its signals and exit codes; and
# the bad-input rows, with their whole error lines.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
}
teardown() {
    # Whatever a case left running in the background.
    local pid
    for pid in ${KILL_AFTER:-}; do kill -KILL "$pid" 2>/dev/null || true; done
    return 0
}

PY=/usr/bin/python3
sensor() { "$XIPC_TEST_BIN/sensor" "$@"; }
posix_make() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# A new System V set of $1 members; its id.
sysv_new() { ipcmk -S "${1:-1}" | awk '{ print $NF }'; }
# The values of set $1's members, as util-linux ipcs -s -i shows them, on one line.
sysv_values() { ipcs -s -i "$1" | awk '/^semnum/ { on = 1; next } on && NF == 5 { print $2 }' | paste -sd ' '; }
# One column of member $2 of set $1 in ipcs -s -i: value, ncount, zcount or pid.
sysv_field() {
    ipcs -s -i "$1" | awk -v m="$2" -v f="$3" '
        /^semnum/ { for (i = 1; i <= NF; i++) col[$i] = i; on = 1; next }
        on && NF == 5 && $1 == m { print $col[f] }'
}
# The key of set $1 as 0x%08x.
sysv_key() { awk -v id="$1" 'NR > 1 && $2 == id { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' /proc/sysvipc/sem; }

# until_true CMD...: retry CMD every 50 ms for at most a minute.
until_true() {
    local i
    for ((i = 0; i < 1200; i++)); do
        "$@" && return 0
        sleep 0.05
    done
    echo "never true: $*" >&2
    return 1
}
# Whether process $1 is blocked in futex(2), as sem_wait blocks.
in_futex() { [[ $(cut -d ' ' -f 1 "/proc/$1/syscall" 2>/dev/null) == "$FUTEX" ]]; }
# Whether set $1's member $2 has $3 waiters for a value (ncount).
ncount_is() { [[ $(sysv_field "$1" "$2" ncount) == "$3" ]]; }
# The child of process $1 (the command semop runs), once it exists.
child_of() { pgrep -P "$1"; }
has_child() { [[ -n $(child_of "$1") ]]; }
FUTEX=$("$XIPC_TEST_BIN/sensor" futex 2>/dev/null || true)

# ---------------------------------------------------------------------------
# Basic operations

@test "--help lists every option; --version" {
    run --separate-stderr semop --help
    assert_success
    for opt in --wait --timeout --nonblock --post --get --json --set --num --op --undo --create --exclusive --value --mode --id --key --name --help --version; do
        assert_output --partial -- "$opt"
    done
    assert_output --partial -- '-p, --post[=n]'
    run semop --version
    assert_output --regexp '^semop \(xipc\) [0-9]+\.[0-9]+'
}

@test "POSIX: --wait takes one, --post gives one back, --get prints the value" {
    posix_make sem /s 2 0600
    semop --wait /s
    assert_equal "$(sensor value /s)" 1
    semop -w /s
    assert_equal "$(sensor value /s)" 0
    semop --post /s
    assert_equal "$(sensor value /s)" 1
    run --separate-stderr semop --get /s
    assert_success
    assert_output 1
    assert_equal "$stderr" ""
    run semop -g /dev/shm/s
    assert_output 1
}

@test "POSIX: --post=n and -pn add n" {
    posix_make sem /s 0 0600
    semop --post=3 /s
    assert_equal "$(sensor value /s)" 3
    semop -p4 /s
    assert_equal "$(sensor value /s)" 7
    semop -p /s
    assert_equal "$(sensor value /s)" 8
}

@test "a post count must be attached: --post 3 is the flag and an extra operand" {
    posix_make sem /s 0 0600
    run --separate-stderr semop --post 3 /s
    assert_failure 2
    [[ ${stderr_lines[0]} == "semop: "*--post=3* ]] || fail "stderr: $stderr"
    assert_equal "$(sensor value /s)" 0
}

@test "POSIX: --get needs only read permission" {
    need_root
    posix_make sem /ro 5 0644
    run --separate-stderr as_nobody semop -g /ro
    assert_success
    assert_output 5
    run --separate-stderr as_nobody semop -w /ro
    assert_failure 1
    assert_equal "$stderr" "semop: open POSIX semaphore /ro: Permission denied"
    assert_equal "$(sensor value /ro)" 5
}

@test "System V: --wait and --post on member --num, --get shows every member as ipcs -s -i" {
    id=$(sysv_new 3)
    semop --post=2 -n 1 "$id"
    semop -p --num 2 "$id"
    semop --wait --num 1 "$id"
    assert_equal "$(sysv_values "$id")" "0 1 1"
    pid=$(sysv_field "$id" 1 pid)
    run --separate-stderr semop --get "$id"
    assert_success
    assert_equal "${#lines[@]}" 4
    assert_equal "${lines[0]}" "SEMNUM VALUE NCOUNT ZCOUNT     PID"
    assert_equal "${lines[1]}" "$(printf '%6s %5s %6s %6s %7s' 0 0 0 0 0)"
    assert_equal "${lines[2]}" "$(printf '%6s %5s %6s %6s %7s' 1 1 0 0 "$pid")"
    run semop -g -n 2 "$id"
    assert_equal "${#lines[@]}" 2
    assert_equal "${lines[1]}" "$(printf '%6s %5s %6s %6s %7s' 2 1 0 0 "$(sysv_field "$id" 2 pid)")"
}

@test "--get --json: POSIX name and value; System V id, key and members with counts and pid" {
    posix_make sem /j 4 0600
    run --separate-stderr semop -g -J /j
    assert_success
    assert_equal "$(jq -c . <<<"$output")" '{"name":"/j","value":4}'
    assert_equal "${#lines[@]}" 1

    id=$(sysv_new 2)
    semop --set 6 -n 1 "$id"
    # A waiter for member 0, counted in its ncount.
    "$XIPC_TEST_BIN/ipc-sem" "$id" op 0 -1 3>&- &
    KILL_AFTER=$!
    until_true ncount_is "$id" 0 1
    run --separate-stderr semop --get --json "$id"
    assert_success
    assert_equal "$(jq -r '.id | type' <<<"$output")" number
    assert_equal "$(jq -r .id <<<"$output")" "$id"
    assert_equal "$(jq -r .key <<<"$output")" "$(sysv_key "$id")"
    assert_equal "$(jq -c '.members[] | [.num, .value, .ncount, .zcount]' <<<"$output" | paste -sd ' ')" "[0,0,1,0] [1,6,0,0]"
    assert_equal "$(jq -r '.members[1].pid' <<<"$output")" "$(sysv_field "$id" 1 pid)"
    run semop -g -J -n 1 "$id"
    assert_equal "$(jq -c '[.members[].num]' <<<"$output")" "[1]"
}

@test "System V: --set (SETVAL) and --op, as util-linux ipcs -s -i shows them" {
    id=$(sysv_new 3)
    bash -c 'echo $$ > "$1"; exec semop --set 9 -n 1 "$2"' _ "$T/pid" "$id"
    assert_equal "$(sysv_values "$id")" "0 9 0"
    assert_equal "$(sysv_field "$id" 1 pid)" "$(cat "$T/pid")"
    semop --set 2 "$id"
    assert_equal "$(sysv_values "$id")" "2 9 0"
    bash -c 'echo $$ > "$1"; exec semop --op 0:-1,1:+3,2:+1 "$2"' _ "$T/pid" "$id"
    assert_equal "$(sysv_values "$id")" "1 12 1"
    assert_equal "$(sysv_field "$id" 2 pid)" "$(cat "$T/pid")"
    # --op 0 waits for zero: member 2 is 1, so it would block.
    run --separate-stderr semop --op 0:-1,2:0 --nonblock "$id"
    assert_failure 3
    assert_equal "$stderr" "semop: operate on semaphore set id $id: would block"
    assert_equal "$(sysv_values "$id")" "1 12 1"
}

@test "--op is atomic: a list that cannot complete changes nothing, and waits as a whole" {
    id=$(sysv_new 2)
    semop --set 1 -n 0 "$id"
    # Member 1 is 0: taking from it blocks, so member 0 is not taken either.
    run --separate-stderr semop --op 0:-1,1:-1 --nonblock "$id"
    assert_failure 3
    assert_equal "$(sysv_values "$id")" "1 0"
    semop --op 0:-1,1:-1 "$id" 3>&- &
    op=$!
    KILL_AFTER=$op
    until_true ncount_is "$id" 1 1
    assert_equal "$(sysv_values "$id")" "1 0"
    semop -p -n 1 "$id"
    wait "$op"
    assert_equal "$(sysv_values "$id")" "0 0"
}

@test "--undo: the kernel reverts the operation when semop exits; -u waits all the same" {
    id=$(sysv_new 1)
    semop --set 1 "$id"
    semop --wait --undo "$id"
    assert_equal "$(sysv_values "$id")" 1
    semop -p -u "$id"
    assert_equal "$(sysv_values "$id")" 1
    semop --op 0:-1 -u "$id"
    assert_equal "$(sysv_values "$id")" 1
    semop --set 0 "$id"
    run --separate-stderr semop -w -u --nonblock "$id"
    assert_failure 3
}

@test "--create makes a POSIX semaphore with --value and --mode (0600 by default, whatever the umask)" {
    (umask 077 && semop --create --value 3 --mode 0644 /made)
    assert_equal "$(sensor value /made)" 3
    assert_equal "$(stat -c %a /dev/shm/sem.made)" 644
    semop -c /plain
    assert_equal "$(stat -c %a /dev/shm/sem.plain)" 600
    assert_equal "$(sensor value /plain)" 0
    # An existing one is used as it is: --value applies to a new one only.
    semop -c --value 9 -p /made
    assert_equal "$(sensor value /made)" 4
}

@test "--create makes a System V set by key with the members --num or --op name, --value in each" {
    semop -c --value 2 --mode u=rw,g=r -n 2 -w 0x5e30
    id=$(awk 'NR > 1 && $1 == 24112 { print $2 }' /proc/sysvipc/sem)
    [[ -n $id ]]
    assert_equal "$(sysv_values "$id")" "2 2 1"
    assert_equal "$(awk -v id="$id" '$2 == id { print $3 }' /proc/sysvipc/sem)" 640
    semop --create --op 3:+1 0x5e31
    assert_equal "$(sysv_values "$(awk 'NR > 1 && $1 == 24113 { print $2 }' /proc/sysvipc/sem)")" "0 0 0 1"
    # An existing set is used as it is.
    semop -c --value 7 -p 0x5e30
    assert_equal "$(sysv_values "$id")" "3 2 1"
}

@test "--exclusive: --create fails on an existing semaphore and changes nothing" {
    posix_make sem /e 1 0600
    run --separate-stderr semop -c -x -p /e
    assert_failure 1
    assert_equal "$stderr" "semop: create POSIX semaphore /e: already exists"
    assert_equal "$(sensor value /e)" 1
    id=$(sysv_new 1)
    key=$(sysv_key "$id")
    run --separate-stderr semop --create --exclusive -p "$key"
    assert_failure 1
    assert_equal "$stderr" "semop: create semaphore set key $key: already exists"
    assert_equal "$(sysv_values "$id")" 0
    semop -c -x --value 1 /fresh
    assert_equal "$(sensor value /fresh)" 1
}

@test "--id, --key and --name override the guess" {
    id=$(sysv_new 1)
    ipcmk -S 1 >/dev/null
    key=$(sysv_key "$id")
    semop --key -p "$((key))"
    assert_equal "$(sysv_values "$id")" 1
    semop --id -p "$id"
    assert_equal "$(sysv_values "$id")" 2
    posix_make sem /42 0 0600
    semop --name -p 42
    assert_equal "$(sensor value /42)" 1
}

# ---------------------------------------------------------------------------
# Waiting

@test "--wait blocks until someone posts (POSIX and System V)" {
    posix_make sem /b 0 0600
    semop -w /b 3>&- &
    w=$!
    KILL_AFTER=$w
    until_true in_futex "$w"
    sensor value /b | grep -qx 0
    semop -p /b
    wait "$w"
    assert_equal "$(sensor value /b)" 0

    id=$(sysv_new 1)
    semop --wait "$id" 3>&- &
    w=$!
    KILL_AFTER=$w
    until_true ncount_is "$id" 0 1
    semop -p "$id"
    wait "$w"
    assert_equal "$(sysv_values "$id")" 0
}

@test "--timeout: exit 3 after about the time asked, nothing changed (POSIX and System V)" {
    posix_make sem /t 0 0600
    start=$EPOCHREALTIME
    run --separate-stderr timeout 60 semop --wait --timeout 300ms /t
    elapsed=$(bc <<<"$EPOCHREALTIME - $start")
    assert_failure 3
    assert_equal "$stderr" "semop: wait on POSIX semaphore /t: timed out after 300ms"
    assert_equal "$output" ""
    (($(bc <<<"$elapsed >= 0.3 && $elapsed < 20"))) || fail "took $elapsed s"
    assert_equal "$(sensor value /t)" 0

    id=$(sysv_new 2)
    start=$EPOCHREALTIME
    run --separate-stderr timeout 60 semop -w -T 0.3 -n 1 "$id"
    elapsed=$(bc <<<"$EPOCHREALTIME - $start")
    assert_failure 3
    assert_equal "$stderr" "semop: wait on semaphore set id $id: timed out after 300ms"
    (($(bc <<<"$elapsed >= 0.3 && $elapsed < 20"))) || fail "took $elapsed s"
    assert_equal "$(sysv_values "$id")" "0 0"
    assert_equal "$(sysv_field "$id" 1 ncount)" 0
}

@test "--timeout does not stop a wait that is served in time" {
    posix_make sem /t 0 0600
    semop -w -T 1m /t 3>&- &
    w=$!
    KILL_AFTER=$w
    until_true in_futex "$w"
    semop -p /t
    wait "$w"
    semop -p /t
    semop -w -T 0 /t
    assert_equal "$(sensor value /t)" 0
}

@test "--nonblock: exit 3 when it would block, nothing changed" {
    posix_make sem /n 0 0600
    run --separate-stderr semop -w --nonblock /n
    assert_failure 3
    assert_equal "$stderr" "semop: wait on POSIX semaphore /n: would block"
    assert_equal "$(sensor value /n)" 0
    semop -p /n
    semop -w --nonblock /n
    assert_equal "$(sensor value /n)" 0
}

# ---------------------------------------------------------------------------
# Running a command while holding the semaphore

@test "a held command runs with the semaphore taken, and it is posted after" {
    posix_make sem /h 1 0600
    run --separate-stderr semop /h -- semop -g /h
    assert_success
    assert_output 0
    assert_equal "$(sensor value /h)" 1
    id=$(sysv_new 2)
    semop --set 1 -n 1 "$id"
    run --separate-stderr semop -n 1 "$id" -- semop -g -J "$id"
    assert_equal "$(jq -c '[.members[].value]' <<<"$output")" "[0,0]"
    assert_equal "$(sysv_values "$id")" "0 1"
    # --wait says the same thing.
    semop -w /h -- true
    assert_equal "$(sensor value /h)" 1
}

@test "everything after -- belongs to the command, dashes included" {
    posix_make sem /h 1 0600
    run --separate-stderr semop /h -- printf '%s\n' -w --post=3 -- --help
    assert_success
    assert_equal "$output" $'-w\n--post=3\n--\n--help'
}

@test "the exit status is the command's, and the semaphore is posted whatever it is" {
    posix_make sem /h 1 0600
    run semop /h -- false
    assert_failure 1
    run semop /h -- sh -c 'exit 42'
    assert_failure 42
    assert_equal "$(sensor value /h)" 1
    id=$(sysv_new 1)
    semop -p "$id"
    run semop "$id" -- sh -c 'exit 7'
    assert_failure 7
    assert_equal "$(sysv_values "$id")" 1
}

@test "a command that cannot be run: 127 not found, 126 not executable, posted all the same" {
    posix_make sem /h 1 0600
    run -127 --separate-stderr semop /h -- /nonexistent/cmd arg
    assert_failure 127
    assert_equal "$stderr" "semop: run '/nonexistent/cmd': No such file or directory"
    run -127 --separate-stderr semop /h -- xipc-no-such-command
    assert_failure 127
    printf '#!/bin/sh\n' >"$T/noexec"
    chmod 0644 "$T/noexec"
    run --separate-stderr semop /h -- "$T/noexec"
    assert_failure 126
    assert_equal "$stderr" "semop: run '$T/noexec': Permission denied"
    assert_equal "$(sensor value /h)" 1
}

@test "a command killed by a signal: semop posts and ends by the same signal" {
    posix_make sem /k 1 0600
    semop /k -- sleep 1000 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true has_child "$s"
    assert_equal "$(sensor value /k)" 0
    kill -KILL "$(child_of "$s")"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 137
    assert_equal "$(sensor value /k)" 1

    id=$(sysv_new 1)
    semop -p "$id"
    semop "$id" -- sleep 1000 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true has_child "$s"
    assert_equal "$(sysv_values "$id")" 0
    kill -SEGV "$(child_of "$s")"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 139
    assert_equal "$(sysv_values "$id")" 1
}

@test "SIGTERM and SIGHUP sent to semop reach the command; the post still happens" {
    posix_make sem /k 1 0600
    for sig in TERM HUP; do
        semop /k -- sleep 1000 3>&- &
        s=$!
        KILL_AFTER=$s
        until_true has_child "$s"
        child=$(child_of "$s")
        kill -"$sig" "$s"
        st=0
        wait "$s" || st=$?
        assert_equal "$st" $((128 + $(kill -l "$sig")))
        [[ ! -e /proc/$child ]] || fail "the command outlived SIG$sig"
        assert_equal "$(sensor value /k)" 1
    done
}

@test "SIGINT sent to semop reaches the command; a command that handles it sets the status" {
    id=$(sysv_new 1)
    semop -p "$id"
    # Background jobs start with SIGINT ignored; env gives it back.
    env --default-signal=INT semop "$id" -- sleep 1000 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true has_child "$s"
    kill -INT "$s"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 130
    assert_equal "$(sysv_values "$id")" 1
    # A command that catches the signal and exits 5: semop exits 5.
    env --default-signal=INT semop "$id" -- sh -c 'trap "exit 5" INT; while :; do sleep 0.05; done' 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true has_child "$s"
    kill -INT "$s"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 5
    assert_equal "$(sysv_values "$id")" 1
}

@test "a signal ignored when semop starts stays ignored for the command" {
    posix_make sem /i 1 0600
    ignored=$(trap '' HUP && semop /i -- awk '/^SigIgn/ { print $2 }' /proc/self/status)
    # SIGHUP is signal 1: the lowest bit.
    (((0x$ignored & 1) == 1)) || fail "SIGHUP was not ignored in the command: SigIgn $ignored"
    plain=$(semop /i -- awk '/^SigIgn/ { print $2 }' /proc/self/status)
    (((0x$plain & 1) == 0)) || fail "SIGHUP was ignored in the command: SigIgn $plain"
}

@test "the command gets SIGPIPE as semop found it: yes | head ends, posted" {
    posix_make sem /p 1 0600
    set +o pipefail
    semop /p -- yes | head -n 1 >"$T/out"
    status=${PIPESTATUS[0]}
    assert_equal "$status" 141
    assert_equal "$(cat "$T/out")" y
    assert_equal "$(sensor value /p)" 1
}

@test "System V: semop killed with SIGKILL releases through SEM_UNDO" {
    id=$(sysv_new 1)
    semop -p "$id"
    semop "$id" -- sleep 1000 3>&- &
    s=$!
    until_true has_child "$s"
    child=$(child_of "$s")
    KILL_AFTER="$s $child"
    assert_equal "$(sysv_values "$id")" 0
    kill -KILL "$s"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 137
    assert_equal "$(sysv_values "$id")" 1
    # A normal end leaves no adjustment behind: the post cancelled it.
    semop "$id" -- true
    semop -w "$id"
    assert_equal "$(sysv_values "$id")" 0
}

@test "POSIX: semop killed with SIGKILL leaves the semaphore taken, as the man page says" {
    posix_make sem /k 1 0600
    semop /k -- sleep 1000 3>&- &
    s=$!
    until_true has_child "$s"
    KILL_AFTER="$s $(child_of "$s")"
    kill -KILL "$s"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 137
    assert_equal "$(sensor value /k)" 0
    semop --post /k
    assert_equal "$(sensor value /k)" 1
}

@test "a held command waits for the semaphore; -T and --nonblock give up with 3 without running it" {
    posix_make sem /h 0 0600
    run --separate-stderr semop -T 200ms /h -- touch "$T/ran"
    assert_failure 3
    assert_equal "$stderr" "semop: wait on POSIX semaphore /h: timed out after 200ms"
    assert_file_not_exists "$T/ran"
    run --separate-stderr semop --nonblock /h -- touch "$T/ran"
    assert_failure 3
    assert_file_not_exists "$T/ran"
    assert_equal "$(sensor value /h)" 0
    semop /h -- touch "$T/ran" 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true in_futex "$s"
    assert_file_not_exists "$T/ran"
    semop -p /h
    wait "$s"
    assert_file_exists "$T/ran"
    assert_equal "$(sensor value /h)" 1
}

@test "a signal while semop still waits ends the wait: nothing taken, nothing run" {
    posix_make sem /h 0 0600
    semop /h -- touch "$T/ran" 3>&- &
    s=$!
    KILL_AFTER=$s
    until_true in_futex "$s"
    kill -TERM "$s"
    st=0
    wait "$s" || st=$?
    assert_equal "$st" 143
    assert_file_not_exists "$T/ran"
    assert_equal "$(sensor value /h)" 0
}

# ---------------------------------------------------------------------------
# Peers nobody here wrote

@test "C producer/consumer: semop -- shmcat -w blocks while a C process holds the semaphore" {
    [[ -n $FUTEX ]]
    sensor init /sensor_shm /sensor_sem
    sensor record 7 >"$T/data"
    mkfifo "$T/ctl"
    sensor hold /sensor_sem <"$T/ctl" >"$T/held" 3>&- &
    holder=$!
    exec 4>"$T/ctl"
    until_true grep -qx held "$T/held"
    semop /sensor_sem -- shmcat -w /sensor_shm <"$T/data" 3>&- 4>&- &
    s=$!
    KILL_AFTER="$s $holder"
    until_true in_futex "$s"
    [[ -z $(child_of "$s") ]] || fail "shmcat runs while the C process holds the semaphore"
    cmp <(shmcat /sensor_shm) <(head -c 65536 /dev/zero)
    echo go >&4
    exec 4>&-
    wait "$holder"
    wait "$s"
    cmp <(shmcat /sensor_shm) "$T/data"
    assert_equal "$(sensor value /sensor_sem)" 1
    assert_equal "$(cat "$T/held")" $'held\nreleased'
}

@test "C producer/consumer: the C reader never sees a torn struct written through semop" {
    sensor init /sensor_shm /sensor_sem
    for v in $(seq 1 20); do sensor record "$v" >"$T/r$v"; done
    sensor read /sensor_shm /sensor_sem 20 >"$T/reader" 3>&- &
    reader=$!
    KILL_AFTER=$reader
    for v in $(seq 1 20); do
        semop /sensor_sem -- shmcat -w /sensor_shm <"$T/r$v"
    done
    wait "$reader"
    assert_equal "$(cat "$T/reader")" "torn 0"
}

@test "C producer/consumer: every copy semop -- shmcat takes of a C writer's struct is whole" {
    sensor init /sensor_shm /sensor_sem
    sensor write /sensor_shm /sensor_sem 200 3>&- &
    writer=$!
    KILL_AFTER=$writer
    for i in $(seq 1 30); do
        semop /sensor_sem -- shmcat /sensor_shm >"$T/copy"
        # One reading: every 32-bit word the same.
        [[ $(od -An -tu4 -v "$T/copy" | tr -s ' ' '\n' | sed '/^$/d' | sort -u | wc -l) == 1 ]] ||
            fail "copy $i is torn"
    done
    wait "$writer"
}

@test "Python sysv_ipc: a Python waiter is released by semop --post, and semop waits for a Python release" {
    "$PY" - "$T/py-ready" <<'EOF' 3>&- >"$T/py-out" &
import sys, sysv_ipc
s = sysv_ipc.Semaphore(0x5e51, sysv_ipc.IPC_CREX, 0o600, initial_value=0)
open(sys.argv[1], "w").write(str(s.id))
s.acquire()
print("acquired", s.value)
EOF
    py=$!
    KILL_AFTER=$py
    until_true test -s "$T/py-ready"
    id=$(cat "$T/py-ready")
    until_true ncount_is "$id" 0 1
    semop -p 0x5e51
    wait "$py"
    assert_equal "$(cat "$T/py-out")" "acquired 0"

    semop -w 0x5e51 3>&- &
    w=$!
    KILL_AFTER=$w
    until_true ncount_is "$id" 0 1
    "$PY" -c 'import sysv_ipc; sysv_ipc.Semaphore(0x5e51).release()'
    wait "$w"
    assert_equal "$(sysv_values "$id")" 0
}

@test "Python sysv_ipc: values set by one side are read by the other" {
    out=$("$PY" -c 'import os, sysv_ipc
s = sysv_ipc.Semaphore(0x5e52, sysv_ipc.IPC_CREX, 0o600)
s.value = 7
print(s.id, os.getpid())')
    read -r id pypid <<<"$out"
    run --separate-stderr semop -g -J 0x5e52
    assert_equal "$(jq -c '.members[0] | [.value, .pid]' <<<"$output")" "[7,$pypid]"
    semop --set 3 0x5e52
    semop --post=2 "$id"
    assert_equal "$("$PY" -c 'import sysv_ipc; print(sysv_ipc.Semaphore(0x5e52).value)')" 5
    # A Python program run under semop sees the set taken.
    semop --set 1 "$id"
    semop "$id" -- "$PY" -c 'import sysv_ipc; s = sysv_ipc.Semaphore(0x5e52); print(s.value)' >"$T/inside"
    assert_equal "$(cat "$T/inside")" 0
    assert_equal "$(sysv_values "$id")" 1
}

# ---------------------------------------------------------------------------
# Completion (the option names are checked for every command by
# consistency.bats; these are what only semop completes)

# complete_in SHELL LINE: what SHELL offers at the end of LINE, one a line.
complete_in() {
    local helpers=$BATS_TEST_DIRNAME/../helpers comp=$XIPC_SOURCE/completions
    case $1 in
    bash) "$helpers/bash-complete" "$comp/bash/semop" "$2" ;;
    zsh) timeout 60 "$helpers/zsh-complete" "$comp/zsh" "$2" ;;
    fish) fish --no-config -c "source $(printf %q "$comp/fish/semop.fish"); complete -C $(printf %q "$2")" | cut -f1 ;;
    esac
}

@test "completion offers semaphores of both families, and after -- completes the command" {
    posix_make sem /lock 1 0600
    posix_make shm /segment 64 0600
    id=$(sysv_new 1)
    key=$(sysv_key "$id")
    for shell in bash zsh fish; do
        run complete_in "$shell" 'semop -w '
        assert_line /lock
        assert_line "$id"
        assert_line "$key"
        refute_line /segment
        run complete_in "$shell" 'semop /lock -- ech'
        assert_line echo
        refute_line /lock
        run complete_in "$shell" 'semop --mode '
        assert_line 0640
    done
}

# ---------------------------------------------------------------------------
# Bad input: one line on stderr (with the Try line for a usage error), the
# documented exit code, nothing on stdout, the namespace unchanged.
#
# A row is "EXIT | ARGUMENTS | MESSAGE": ARGUMENTS are split as the shell
# splits them (after $SEMID and the others expand); MESSAGE is the whole first
# line of stderr.  EXIT "2!" is exit 2 for an object refused as such (a
# link or a non-semaphore under /dev/shm): no Try line.

bad_neighbours() {
    posix_make sem /psem 1 0600
    posix_make sem /big 2147483647 0600
    posix_make mq /pmq 2 16 0600
    SEMID=$(sysv_new 2)
    SEMKEY=$(sysv_key "$SEMID")
    FULLID=$(sysv_new 1)
    semop --set 32767 "$FULLID"
    ln -s /etc/hostname /dev/shm/sem.link
    mkdir /dev/shm/sem.dir
    : >/dev/shm/sem.small
}

state() {
    xipc_snapshot
    cksum /dev/shm/sem.psem /dev/shm/sem.big
    sysv_values "$SEMID"
    ls -ln --time-style=+%s /dev/shm
}

@test "bad input: each row fails as documented and changes nothing" {
    bad_neighbours
    local report="" n=0 row want args message before after code lines
    while IFS='|' read -r want args message; do
        want=${want// /} args=${args# } args=${args% } message=${message# }
        [[ -z $want || $want == '#'* ]] && continue
        n=$((n + 1))
        local -a argv
        eval "argv=($args)"
        before=$(state)
        run --separate-stderr timeout 10 semop "${argv[@]}" </dev/null
        after=$(state)
        code=${want%!}
        local problems=""
        [[ $status == "$code" ]] || problems+="exit $status, expected $code; "
        [[ -z $output ]] || problems+="stdout: $output; "
        lines=1
        [[ $want == 2 ]] && lines=2
        ((${#stderr_lines[@]} == lines)) || problems+="${#stderr_lines[@]} lines on stderr; "
        [[ ${stderr_lines[0]-} == "semop: $message" ]] || problems+="stderr: ${stderr_lines[0]-}; "
        if [[ $want == 2 && ${stderr_lines[1]-} != "Try 'semop --help' for more information." ]]; then
            problems+="no Try line; "
        fi
        [[ $before == "$after" ]] || problems+="changed: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
        [[ -z $problems ]] || report+="  $args"$'\n'"      $problems"$'\n'
    done <<EOF
2  |                               | no semaphore given
2  | /psem                         | nothing to do: give --wait, --post, --get, --set, --op or a command after --
2  | --set 3 /psem                 | --set applies to System V semaphore sets: /psem is POSIX
2  | -n 0 -w /psem                 | --num applies to System V semaphore sets: /psem is POSIX
2  | --op 0:-1 /psem               | --op applies to System V semaphore sets: /psem is POSIX
2  | -u -w /psem                   | --undo applies to System V semaphore sets: /psem is POSIX
2  | --set 3 /dev/shm/psem         | --set applies to System V semaphore sets: /dev/shm/psem is POSIX
2  | --op 0:x $SEMID               | --op: invalid operation: '0:x' (expected MEMBER:DELTA, as 0:-1 or 1:+1)
2  | --op 0 $SEMID                 | --op: invalid operation: '0' (expected MEMBER:DELTA, as 0:-1 or 1:+1)
2  | --op '0:-1,' $SEMID           | --op: invalid operation list: '0:-1,' (an empty operation)
2  | --op 0:+-1 $SEMID             | --op: invalid operation: '0:+-1' (expected MEMBER:DELTA, as 0:-1 or 1:+1)
2  | --op 0:40000 $SEMID           | --op: delta out of range: '0:40000' (at most 32767 either way, SEMVMX)
2  | --op 70000:1 $SEMID           | --op: member out of range: '70000' in '70000:1' (at most 65535)
2  | --op \$(printf '0:1,%.0s' \$(seq 600))0:1 $SEMID | --op: too many operations: 601 (at most 500 in one call, SEMOPM)
1  | --op 0:-1,5:+1 $SEMID         | semaphore set id $SEMID: no member 5 (it has 2 members, 0 to 1)
1  | -n 2 -w $SEMID                | semaphore set id $SEMID: no member 2 (it has 2 members, 0 to 1)
1  | -n 2 --set 1 $SEMKEY          | semaphore set key $SEMKEY: no member 2 (it has 2 members, 0 to 1)
1  | -n 9 $SEMID -- true           | semaphore set id $SEMID: no member 9 (it has 2 members, 0 to 1)
2  | -n x -w $SEMID                | --num: invalid member: 'x'
2  | --set 32768 $SEMID            | --set: value out of range: '32768' (at most 32767)
2  | --set x $SEMID                | --set: invalid value: 'x'
2  | --post=0 /psem                | --post: invalid count: '0' (at least 1)
2  | --post=x /psem                | --post: invalid count: 'x'
2  | --post=2147483648 /psem       | --post: count out of range: '2147483648' (at most 2147483647)
2  | --post=32768 $SEMID           | --post: count out of range: '32768' (at most 32767)
1  | --post /big                   | post POSIX semaphore /big: its value 2147483647 plus 1 would be above 2147483647 (SEM_VALUE_MAX)
1  | -p $FULLID                    | post semaphore set id $FULLID: member 0's value 32767 plus 1 would be above 32767 (SEMVMX)
2  | -c --value 2147483648 /new    | --value: value out of range: '2147483648' (at most 2147483647)
2  | -c --value 32768 0x5e99       | --value: value out of range: '32768' (at most 32767)
2  | -c --mode 999 /new            | --mode: invalid mode: '999'
2  | --value 1 -w /psem            | --value needs --create
2  | --mode 0600 -w /psem          | --mode needs --create
2  | -x -w /psem                   | --exclusive needs --create
2  | -c -w $SEMID                  | --create needs a POSIX /NAME or a System V 0xKEY (an id names an existing set)
2  | -w -p /psem                   | --wait and --post exclude each other
2  | -g --set 1 $SEMID             | --get and --set exclude each other
2  | --op 0:1 --set 1 $SEMID       | --set and --op exclude each other
2  | -n 0 --op 0:1 $SEMID          | --num and --op exclude each other: --op names its members
2  | -T 1s --nonblock -w /psem     | --timeout and --nonblock exclude each other
2  | -T 1s -p /psem                | --timeout needs --wait, --op or a command
2  | --nonblock -g /psem           | --nonblock needs --wait, --op or a command
2  | -T soon -w /psem              | --timeout: invalid duration: 'soon'
2  | -J -w /psem                   | --json needs --get
2  | -u --set 1 $SEMID             | --undo needs --wait, --post, --op or a command
2  | -p /psem -- true              | --post cannot be combined with a command: semop waits, runs it, posts
2  | -g /psem -- true              | --get cannot be combined with a command: semop waits, runs it, posts
2  | /psem --                      | no command after --
2  | -w /dev/mqueue/pmq            | invalid semaphore: '/dev/mqueue/pmq' (not a semaphore)
2  | -w /tmp/x                     | invalid object: '/tmp/x' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  | -w nonsense                   | invalid object: 'nonsense' (expected /NAME, a System V id or a 0x key)
2  | --id -w /psem                 | invalid id: '/psem'
2  | --key -w 0                    | invalid key: '0' (key 0 is IPC_PRIVATE and names no object; use the id)
1  | -w /nonexistent               | open POSIX semaphore /nonexistent: not found
1  | -c -x -p /psem                | create POSIX semaphore /psem: already exists
1  | -w 99999                      | find semaphore set id 99999: not found
1  | -w 0x7e7e7e                   | find semaphore set key 0x007e7e7e: not found
2! | -w /link                      | open /dev/shm/sem.link: is a symbolic link; refusing to follow it
2! | -g /dir                       | open /dev/shm/sem.dir: not a semaphore (a directory); refusing it
2! | -p /small                     | open /dev/shm/sem.small: 0 bytes, too small for a semaphore; refusing it
EOF
    ((n > 50)) || fail "only $n rows"
    [[ -z $report ]] || fail "$(printf 'rows that failed:\n%s' "$report")"
}
