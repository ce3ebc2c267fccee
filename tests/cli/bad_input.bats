#!/usr/bin/env bats
# The bad-input matrix: wrong invocations of every command, one row each.
#
# A row is "EXIT COMMAND-LINE", and the indented line under it is the whole
# first line the command must print on stderr.  The command line is split as
# the shell would (quotes work, $SHMID and the other neighbour variables
# expand); in the expected line only the neighbour variables ($SHMID, $MSGID,
# $SEMID, $SHMKEY, $MSGKEY, $SEMKEY, $W) expand.  The row runs under
# `timeout 10` with stdin from /dev/null (or $ROW_STDIN).
# Every row must:
#   - exit with EXIT, and never by a signal or a timeout;
#   - print nothing on stdout;
#   - print exactly the expected line on stderr, plus, for EXIT 2, the line
#     "Try 'COMMAND --help' for more information.".
#     "2!" is exit 2 for an object refused as such (shmcat: a symbolic link
#     or a directory in /dev/shm), which is bad input but not a misuse of
#     the options, so it has no Try line (see shmcat(1));
#   - leave every object of the namespace (and the scratch folder) exactly
#     as it was.
# Each command's rows are one test; a failing test lists every failing row.
#
# Writing a row: put "EXIT COMMAND-LINE" and run this file with
# XIPC_MATRIX_RECORD=FILE: every row's actual first stderr line is appended
# to FILE ("ROW<TAB>LINE<TAB>VARIABLES"); read each one before you paste it under its row.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    W=$BATS_TEST_TMPDIR/w
    mkdir -p "$W"
    make_neighbours
}

# Real objects of every kind, so that "wrong kind" and "nonexistent" rows
# have neighbours, with System V ids that differ between kinds (ids are
# counted per kind, so the first of each would be 0).
make_neighbours() {
    local mk=$XIPC_TEST_BIN/posix-make pad1 pad2
    SHMID=$(ipcmk -M 4096 | awk '{ print $NF }')
    pad1=$(ipcmk -Q | awk '{ print $NF }')
    MSGID=$(ipcmk -Q | awk '{ print $NF }')
    ipcrm -q "$pad1"
    pad1=$(ipcmk -S 1 | awk '{ print $NF }')
    pad2=$(ipcmk -S 1 | awk '{ print $NF }')
    SEMID=$(ipcmk -S 2 | awk '{ print $NF }')
    ipcrm -s "$pad1" -s "$pad2"
    [[ $SHMID != "$MSGID" && $SHMID != "$SEMID" && $MSGID != "$SEMID" ]] || fail "ids collide"
    SHMKEY=$(key_of shm "$SHMID")
    MSGKEY=$(key_of msg "$MSGID")
    SEMKEY=$(key_of sem "$SEMID")
    printf 'neighbour' | shmcat -w "$SHMID"
    "$mk" shm /pshm 64 0600
    printf 'posix neighbour' > /dev/shm/pshm
    "$mk" mq /pmq 2 16 0600
    "$mk" mq /full 1 16 0600 occupant
    "$mk" sem /psem 1 0600
    ln -s /etc/hostname /dev/shm/link
    mkdir /dev/shm/dir
    mkfifo "$W/fifo"
    echo file > "$W/file"
    export SHMID MSGID SEMID SHMKEY MSGKEY SEMKEY W
}

# Everything a wrong invocation could change: the objects, the bytes of the
# POSIX neighbours and the scratch folder.  (The System V segment's bytes
# are checked once at the end: reading them attaches, which shows in the
# snapshot.)
state() {
    xipc_snapshot
    cksum /dev/shm/pshm /dev/shm/sem.psem
    ls -ln --time-style=+%s "$W"
}

# The expected line with the neighbour variables expanded (and nothing else:
# the line may hold quotes, backslashes and $ of its own).
expand_expected() {
    local text=$1 var
    for var in SHMKEY MSGKEY SEMKEY SHMID MSGID SEMID W; do
        text=${text//"\$$var"/${!var}}
    done
    printf '%s' "$text"
}

# check_row EXIT LINE EXPECTED: the problems with one row, on stdout (none:
# empty).
check_row() {
    local want=$1 line=$2 expected=$3 before after code
    local -a argv
    eval "argv=($line)"
    local cmd=${argv[0]}
    before=$(state)
    run --separate-stderr timeout 10 "${argv[@]}" <"${ROW_STDIN:-/dev/null}"
    after=$(state)
    if [[ -n ${XIPC_MATRIX_RECORD:-} ]]; then
        printf '%s  %s\t%s\t%s\n' "$want" "$line" "${stderr_lines[0]:-}" \
            "$(for v in SHMKEY MSGKEY SEMKEY SHMID MSGID SEMID W; do printf '%s=%s ' "$v" "${!v}"; done)" >>"$XIPC_MATRIX_RECORD"
    fi
    code=${want%!}
    if ((status == 124)); then
        echo "hung (killed after 10 s)"
    elif ((status >= 128)); then
        echo "died of signal $((status - 128))"
    elif [[ $status != "$code" ]]; then
        echo "exit $status, expected $code"
    fi
    [[ -z $output ]] || echo "stdout: $output"
    local lines=1
    [[ $want == 2 ]] && lines=2
    expected=$(expand_expected "$expected")
    if [[ -z $expected ]]; then
        echo "the row has no expected stderr line under it"
    elif ((${#stderr_lines[@]} != lines)) || [[ ${stderr_lines[0]} != "$expected" ]]; then
        echo "stderr: $stderr"
        echo "wanted: $expected"
    elif [[ $want == 2 && ${stderr_lines[1]} != "Try '$cmd --help' for more information." ]]; then
        echo "no Try line: $stderr"
    fi
    [[ $before == "$after" ]] || echo "changed the namespace: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
}

# run_rows: check every row read from stdin (a row line, then its indented
# expected line); fail listing the bad ones.
run_rows() {
    local -a rows
    mapfile -t rows
    local i row want line expected problems report="" n=0
    for ((i = 0; i < ${#rows[@]}; i++)); do
        row=${rows[i]}
        [[ -z ${row// /} || $row == '#'* || $row == ' '* ]] && continue
        read -r want line <<<"$row"
        expected=
        if [[ ${rows[i + 1]:-} == ' '* ]]; then
            expected=${rows[i + 1]}
            expected=${expected#"${expected%%[! ]*}"}
        fi
        n=$((n + 1))
        problems=$(check_row "$want" "$line" "$expected")
        [[ -z $problems ]] || report+="  $row"$'\n'"$(sed 's/^/      /' <<<"$problems")"$'\n'
    done
    ((n > 0)) || fail "no rows"
    [[ $(shmcat "$SHMID" | tr -d '\0') == neighbour ]] || report+="  (some row changed the bytes of segment $SHMID)"$'\n'
    [[ -z $report ]] || fail "$(printf 'rows that failed:\n%s' "$report")"
}

@test "bad input: xipcs" {
    run_rows <<'EOF'
2  xipcs --bogus
   xipcs: unrecognized option '--bogus'
2  xipcs -Z
   xipcs: invalid option -- 'Z'
2  xipcs extra-operand
   xipcs: unexpected argument: 'extra-operand'
2  xipcs -m -i
   xipcs: option requires an argument -- 'i'
2  xipcs -m -i ''
   xipcs: --id: empty argument
2  xipcs -m -i abc
   xipcs: invalid id: 'abc'
2  xipcs -m -i -1
   xipcs: invalid id: '-1'
2  xipcs -m -i 12abc
   xipcs: invalid id: '12abc'
2  xipcs -m -i 0x10
   xipcs: invalid id: '0x10'
2  xipcs -m -i 99999999999
   xipcs: invalid id: '99999999999'
2  xipcs -m -i 2147483648
   xipcs: invalid id: '2147483648'
2  xipcs -i 0
   xipcs: -i needs exactly one of -m, -q or -s
2  xipcs -m -q -i 0
   xipcs: -i needs exactly one of -m, -q or -s
2  xipcs -M -i $SHMID
   xipcs: -i needs exactly one of -m, -q or -s
1  xipcs -m -i 4242
   xipcs: find shared memory id 4242: not found
1  xipcs -q -i $SHMID
   xipcs: find message queue id $SHMID: not found
1  xipcs -s -i $MSGID
   xipcs: find semaphore set id $MSGID: not found
1  xipcs -m -i $SEMID -J
   xipcs: find shared memory id $SEMID: not found
2  xipcs -N
   xipcs: option requires an argument -- 'N'
2  xipcs -M -N ''
   xipcs: --name: empty argument
2  xipcs -M -N ..
   xipcs: invalid POSIX name: '..' ('.' and '..' are not names)
2  xipcs -M -N /.
   xipcs: invalid POSIX name: '/.' ('.' and '..' are not names)
2  xipcs -M -N a/b
   xipcs: invalid POSIX name: 'a/b' (a name holds no '/' after the first)
2  xipcs -M -N ../etc/passwd
   xipcs: invalid POSIX name: '../etc/passwd' (a name holds no '/' after the first)
2  xipcs -M -N /dev/shm/../pshm
   xipcs: invalid POSIX name: '/dev/shm/../pshm' (a name holds no '/' after the first)
2  xipcs -M -Q -N pshm
   xipcs: -N takes at most one of -M, -Q or -S
2  xipcs -m -i $SHMID -N pshm
   xipcs: -N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s
2  xipcs -m -N pshm
   xipcs: -N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s
1  xipcs -M -N nosuch
   xipcs: find POSIX shared memory /nosuch: not found
1  xipcs -Q -N pshm
   xipcs: find POSIX message queue /pshm: not found
1  xipcs -S -N pmq
   xipcs: find POSIX semaphore /pmq: not found
2  xipcs -J -r
   xipcs: -J, -r, -e, -n and --list are mutually exclusive
2  xipcs -e --list
   xipcs: -J, -r, -e, -n and --list are mutually exclusive
2  xipcs -t -l -r
   xipcs: -l and -u belong to the ipcs output and cannot be combined with -o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)
2  xipcs -l -J
   xipcs: -l and -u belong to the ipcs output and cannot be combined with -o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)
2  xipcs -u -o KEY
   xipcs: -l and -u belong to the ipcs output and cannot be combined with -o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)
2  xipcs --time-format bogus
   xipcs: invalid --time-format: 'bogus' (expected short, full or iso)
2  xipcs --time-format ''
   xipcs: --time-format: empty argument
2  xipcs -o ''
   xipcs: --output: empty argument
2  xipcs -o ,
   xipcs: invalid column list: ','
2  xipcs -o KEY,,ID
   xipcs: invalid column list: 'KEY,,ID'
2  xipcs -o +
   xipcs: invalid column list: '+'
2  xipcs -o BOGUS
   xipcs: unknown column: 'BOGUS'
2  xipcs -m -o MSGS
   xipcs: column 'MSGS' does not apply to shared memory
2  xipcs -o KEY -t
   xipcs: -o replaces the columns: it cannot be combined with -t, -c or -p (add columns with -o +COLUMN)
2  xipcs -g -t
   xipcs: -g cannot be combined with -t, -c or -p
2  xipcs -g -o KEY
   xipcs: column 'KEY' does not apply to limits
2  xipcs -g -m -i 0
   xipcs: -g cannot be combined with -i or -N
2  xipcs --sort BOGUS
   xipcs: --sort: unknown column: 'BOGUS'
2  xipcs --sort ''
   xipcs: --sort: empty argument
2  xipcs -m --sort NAME
   xipcs: --sort: column 'NAME' does not apply to shared memory
2  xipcs --sort $'K\nEY'
   xipcs: --sort: unknown column: 'K\x0aEY'
2  xipcs --sort KEY -l
   xipcs: --orphans, --owner, --older-than, --min-size and --sort filter listings: not with -i, -N, -l, -u or -g
2  xipcs --owner no-such-user
   xipcs: invalid owner: 'no-such-user' (no such user)
2  xipcs --owner -1
   xipcs: invalid owner: '-1' (no such user)
2  xipcs --owner 99999999999
   xipcs: invalid owner: '99999999999' (no such user)
2  xipcs --owner ''
   xipcs: --owner: empty argument
2  xipcs --older-than 1x
   xipcs: invalid duration: '1x'
2  xipcs --older-than -5s
   xipcs: invalid duration: '-5s'
2  xipcs --grace 1s
   xipcs: --grace goes with --orphans or --export=openmetrics
2  xipcs --orphans --grace bogus
   xipcs: invalid duration: 'bogus'
2  xipcs --orphans -u
   xipcs: --orphans, --owner, --older-than, --min-size and --sort filter listings: not with -i, -N, -l, -u or -g
2  xipcs --min-size 1Q
   xipcs: invalid size: '1Q'
2  xipcs --min-size -1
   xipcs: invalid size: '-1'
2  xipcs --watch=0
   xipcs: --watch interval too short: '0' (at least 100ms)
2  xipcs --watch=bogus
   xipcs: invalid duration: 'bogus'
2  xipcs --watch=
   xipcs: invalid duration: ''
1  xipcs --ns abc
   xipcs: enter the IPC namespace abc: no such file
2  xipcs --ns 0
   xipcs: invalid process id: '0'
1  xipcs --ns -1
   xipcs: enter the IPC namespace -1: no such file
1  xipcs --ns $W
   xipcs: enter the IPC namespace $W: not a namespace file
1  xipcs --ns /etc/hostname
   xipcs: enter the IPC namespace /etc/hostname: not a namespace file
1  xipcs --ns /dev/null
   xipcs: enter the IPC namespace /dev/null: not a namespace file
1  xipcs --ns /proc/self/ns/mnt
   xipcs: enter the IPC namespace /proc/self/ns/mnt: a mount namespace, not an IPC namespace
2  xipcs --ns ''
   xipcs: --ns: empty argument
1  xipcs --ns 99999999
   xipcs: enter the namespaces of process 99999999: no such process
2  xipcs --export=bogus
   xipcs: invalid --export format: 'bogus' (expected openmetrics)
2  xipcs --export=openmetrics -J
   xipcs: --export=openmetrics cannot be combined with --json
2  xipcs --export=openmetrics -r
   xipcs: --export=openmetrics cannot be combined with --raw
2  xipcs -F -i $SHMID
   xipcs: --fifos cannot be combined with --id
2  xipcs -F -m -i $SHMID
   xipcs: --fifos cannot be combined with --id
2  xipcs -F -N pshm
   xipcs: --fifos cannot be combined with --name
2  xipcs -F -M -N pshm
   xipcs: --fifos cannot be combined with --name
2  xipcs -F -l
   xipcs: --fifos cannot be combined with --limits
2  xipcs --fifos -u
   xipcs: --fifos cannot be combined with --summary
2  xipcs -F -g
   xipcs: --fifos cannot be combined with --global
2  xipcs -F --export=openmetrics
   xipcs: --export=openmetrics cannot be combined with --fifos
2  xipcs -F -o KEY
   xipcs: column 'KEY' does not apply to FIFO
2  xipcs -m -o READERS
   xipcs: column 'READERS' does not apply to shared memory
2  xipcs -F --sort KEY
   xipcs: --sort: column 'KEY' does not apply to FIFO
2  xipcs -o $'KEY\nX'
   xipcs: unknown column: 'KEY\x0aX'
2  xipcs -o $'+\x1b[31m'
   xipcs: unknown column: '\x1b[31m'
2  xipcs --time-format $'iso\n'
   xipcs: invalid --time-format: 'iso\x0a' (expected short, full or iso)
2  xipcs -M -N $'a\nb/c'
   xipcs: invalid POSIX name: 'a\x0ab/c' (a name holds no '/' after the first)
1  xipcs -M -N $'a\nb'
   xipcs: find POSIX shared memory /a\x0ab: not found
EOF
}

@test "bad input: shmcat" {
    run_rows <<'EOF'
2  shmcat --id 0x10
   shmcat: invalid id: '0x10'
2  shmcat --id -5
   shmcat: invalid option -- '5'
2  shmcat --id /psh
   shmcat: invalid id: '/psh'
2  shmcat --key abc
   shmcat: invalid key: 'abc'
2  shmcat --key ''
   shmcat: invalid key: ''
2  shmcat --name /etc/passwd
   shmcat: invalid POSIX name: '/etc/passwd' (a name holds no '/' after the first)
2  shmcat --name ../x
   shmcat: invalid POSIX name: '../x' (a name holds no '/' after the first)
2  shmcat --name /dev/mqueue/pmq
   shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2  shmcat --id --key $SHMID
   shmcat: mutually exclusive arguments: --id --key
2  shmcat --key --name 42
   shmcat: mutually exclusive arguments: --key --name
2  shmcat --name -w /dev/mqueue/pmq
   shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
1  shmcat --key 1
   shmcat: find shared memory key 0x00000001: not found
1  shmcat --name $SHMID
   shmcat: open /dev/shm/$SHMID: not found
1  shmcat --id 99999999
   shmcat: find shared memory id 99999999: not found
2  shmcat
   shmcat: no object given
2  shmcat ''
   shmcat: empty object name
2  shmcat --bogus $SHMID
   shmcat: unrecognized option '--bogus'
2  shmcat -o
   shmcat: option requires an argument -- 'o'
2  shmcat -o '' $SHMID
   shmcat: --offset: empty argument
2  shmcat -o abc $SHMID
   shmcat: --offset: invalid size: 'abc'
2  shmcat -o -1 $SHMID
   shmcat: --offset: invalid size: '-1'
2  shmcat -o 1.5.5 $SHMID
   shmcat: --offset: invalid size: '1.5.5'
2  shmcat -o 16E $SHMID
   shmcat: --offset: size too large: '16E'
2  shmcat -l 99999999999999999999999 $SHMID
   shmcat: --length: size too large: '99999999999999999999999'
2  shmcat -l 4Q $SHMID
   shmcat: --length: invalid size: '4Q'
2  shmcat -l '' $SHMID
   shmcat: --length: empty argument
2  shmcat --strings=0 $SHMID
   shmcat: --strings: invalid minimum string length: '0'
2  shmcat --strings=abc $SHMID
   shmcat: --strings: invalid minimum string length: 'abc'
2  shmcat --strings= $SHMID
   shmcat: --strings: invalid minimum string length: ''
2  shmcat -x --strings $SHMID
   shmcat: --hex and --strings cannot be combined
2  shmcat -1
   shmcat: invalid option -- '1'
2  shmcat 99999999999
   shmcat: invalid id: '99999999999'
2  shmcat 0x0
   shmcat: invalid key: '0x0' (key 0 is IPC_PRIVATE and names no object; use the id)
2  shmcat 0x00000000
   shmcat: invalid key: '0x00000000' (key 0 is IPC_PRIVATE and names no object; use the id)
2  shmcat 0x123456789
   shmcat: invalid key: '0x123456789'
2  shmcat 0xZZ
   shmcat: invalid key: '0xZZ'
2  shmcat 12abc
   shmcat: invalid object: '12abc' (expected /NAME, a System V id or a 0x key)
2  shmcat /etc/passwd
   shmcat: invalid object: '/etc/passwd' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  shmcat /tmp/x
   shmcat: invalid object: '/tmp/x' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  shmcat /dev/shm/../etc/passwd
   shmcat: invalid POSIX name: '../etc/passwd' (a name holds no '/' after the first)
2  shmcat /dev/shm/dir/x
   shmcat: invalid POSIX name: 'dir/x' (a name holds no '/' after the first)
2  shmcat /dev/mqueue/../shm/pshm
   shmcat: invalid POSIX name: '../shm/pshm' (a name holds no '/' after the first)
2  shmcat ../pshm
   shmcat: invalid object: '../pshm' (expected /NAME, a System V id or a 0x key)
2  shmcat /..
   shmcat: invalid POSIX name: '/..' ('.' and '..' are not names)
2  shmcat /.
   shmcat: invalid POSIX name: '/.' ('.' and '..' are not names)
2  shmcat /
   shmcat: invalid POSIX name: '/' (empty)
2  shmcat /a/b
   shmcat: invalid object: '/a/b' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  shmcat /dev/mqueue/pmq
   shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2  shmcat $'/dev/mqueue/a\nb'
   shmcat: invalid object: '/dev/mqueue/a\x0ab' (not shared memory: /dev/mqueue holds message queues)
2  shmcat --strings=$'1\n' $SHMID
   shmcat: --strings: invalid minimum string length: '1\x0a'
1  shmcat $'/a\nb'
   shmcat: open /dev/shm/a\x0ab: not found
2! shmcat /link
   shmcat: open /dev/shm/link: is a symbolic link; refusing to follow it
2! shmcat /dev/shm/dir
   shmcat: open /dev/shm/dir: not a shared memory object (a directory); refusing it
1  shmcat 4242
   shmcat: find shared memory id 4242: not found
1  shmcat 0x00007777
   shmcat: find shared memory key 0x00007777: not found
1  shmcat /nosuch
   shmcat: open /dev/shm/nosuch: not found
1  shmcat $MSGID
   shmcat: find shared memory id $MSGID: not found
1  shmcat $SEMID
   shmcat: find shared memory id $SEMID: not found
1  shmcat $MSGKEY
   shmcat: find shared memory key $MSGKEY: not found
1  shmcat $SEMKEY
   shmcat: find shared memory key $SEMKEY: not found
1  shmcat /pmq
   shmcat: open /dev/shm/pmq: not found
1  shmcat -o 1M $SHMID
   shmcat: read shared memory id $SHMID: offset 1048576 is past its end (4096 bytes)
1  shmcat -o 65 /pshm
   shmcat: read POSIX shared memory /pshm: offset 65 is past its end (15 bytes)
2  shmcat -w
   shmcat: option requires an argument -- 'w'
2  shmcat -w ''
   shmcat: --write: empty argument
2  shmcat -w $SHMID $SHMID
   shmcat: -w writes one object; name no other objects
2  shmcat --truncate $SHMID
   shmcat: --truncate needs -w
2  shmcat --create 1K /new
   shmcat: --create needs -w
2  shmcat -w /new --truncate --create 1K
   shmcat: --truncate and --create cannot be combined
2  shmcat -w $SHMID -x
   shmcat: --hex is for reading; -w writes all of standard input
2  shmcat -w $SHMID -l 5
   shmcat: --length is for reading; -w writes all of standard input
2  shmcat -w $SHMID --strings
   shmcat: --strings is for reading; -w writes all of standard input
2  shmcat -w $SHMID --truncate
   shmcat: --truncate: System V segments cannot be resized
2  shmcat -w $SHMID --create 1K
   shmcat: --create needs a 0x key or a /name, not an id
2  shmcat -w 0x00004444 --create 0
   shmcat: --create: a System V segment needs at least 1 byte
2  shmcat -w /new --create 1K -o 2K
   shmcat: --offset 2048 is past the end of the --create size (1024 bytes)
2  shmcat -w /new --create abc
   shmcat: --create: invalid size: 'abc'
2  shmcat -w /new --create 99E
   shmcat: --create: size too large: '99E'
2  shmcat -w /etc/passwd
   shmcat: invalid object: '/etc/passwd' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  shmcat -w /dev/mqueue/pmq
   shmcat: invalid object: '/dev/mqueue/pmq' (not shared memory: /dev/mqueue holds message queues)
2! shmcat -w /link
   shmcat: open /dev/shm/link: is a symbolic link; refusing to follow it
1  shmcat -w /nosuch
   shmcat: open /dev/shm/nosuch: not found
1  shmcat -w $MSGID
   shmcat: find shared memory id $MSGID: not found
1  shmcat -o 5000 -w $SHMID
   shmcat: write shared memory id $SHMID: offset 5000 is past its end (4096 bytes)
1  shmcat -w /new --create 8E
   shmcat: resize POSIX shared memory /new: invalid size (larger than /dev/shm allows)
1  shmcat -w 0x00004444 --create 8E
   shmcat: create shared memory key 0x00004444: invalid size (too large for the kernel to map)
1  shmcat -w /pshm --create 1K
   shmcat: create POSIX shared memory /pshm: already exists
EOF
}

@test "bad input: an input that does not fit (shmcat -w, mqsend)" {
    # 9000 bytes, no newline, no NUL: longer than any neighbour holds.
    head -c 9000 /dev/zero | tr '\0' x > "$BATS_TEST_TMPDIR/big"
    ROW_STDIN=$BATS_TEST_TMPDIR/big run_rows <<'EOF'
1  shmcat -w $SHMID
   shmcat: write shared memory id $SHMID: input (9000 bytes) is longer than the segment (4096 bytes)
1  shmcat -o 1 -w $SHMID
   shmcat: write shared memory id $SHMID: input (9000 bytes) is longer than the segment (4096 bytes from offset 1)
1  shmcat -w /pshm
   shmcat: write POSIX shared memory /pshm: input (9000 bytes) is longer than the segment (15 bytes); --truncate resizes it
1  shmcat --create 4K -w /new
   shmcat: write POSIX shared memory /new: input (9000 bytes) is longer than the --create size (4096 bytes)
1  shmcat --create 4K -w 0x00004444
   shmcat: write shared memory key 0x00004444: input (9000 bytes) is longer than the --create size (4096 bytes)
1  mqsend /pmq
   mqsend: send standard input: 9000 bytes is longer than the message size of POSIX message queue /pmq (16 bytes); nothing was sent
1  mqsend -L /pmq
   mqsend: send line 1: 9000 bytes is longer than the message size of POSIX message queue /pmq (16 bytes); nothing was sent
1  mqsend -0 /pmq
   mqsend: send record 1: 9000 bytes is longer than the message size of POSIX message queue /pmq (16 bytes); nothing was sent
1  mqsend --nonblock $MSGKEY
   mqsend: send standard input: 9000 bytes is longer than msgmax, the largest System V message (8192 bytes); nothing was sent
EOF
}

@test "bad input: mqsend" {
    run_rows <<'EOF'
2  mqsend --id 0x10 m
   mqsend: invalid id: '0x10'
2  mqsend --key zz m
   mqsend: invalid key: 'zz'
2  mqsend --name a/b m
   mqsend: invalid POSIX name: 'a/b' (a name holds no '/' after the first)
2  mqsend --name /dev/shm/psh m
   mqsend: invalid object: '/dev/shm/psh' (not a message queue: /dev/shm holds shared memory and semaphores)
2  mqsend --name --key /pmq m
   mqsend: mutually exclusive arguments: --name --key
2  mqsend --id -c 5 m
   mqsend: --create needs a POSIX /NAME or a System V 0xKEY (an id names an existing queue)
1  mqsend --name $MSGID m
   mqsend: open POSIX message queue /$MSGID: not found
1  mqsend --key 7 m
   mqsend: open message queue key 0x00000007: not found
2  mqsend
   mqsend: no queue given
2  mqsend ''
   mqsend: no queue given
2  mqsend --bogus /pmq m
   mqsend: unrecognized option '--bogus'
2  mqsend /a/b m
   mqsend: invalid object: '/a/b' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  mqsend /.. m
   mqsend: invalid POSIX name: '/..' ('.' and '..' are not names)
2  mqsend .. m
   mqsend: invalid object: '..' (expected /NAME, a System V id or a 0x key)
2  mqsend /etc/passwd m
   mqsend: invalid object: '/etc/passwd' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  mqsend /dev/mqueue/../x m
   mqsend: invalid POSIX name: '../x' (a name holds no '/' after the first)
2  mqsend /dev/shm/pshm m
   mqsend: invalid object: '/dev/shm/pshm' (not a message queue: /dev/shm holds shared memory and semaphores)
2  mqsend 0x0 m
   mqsend: invalid key: '0x0' (key 0 is IPC_PRIVATE and names no object; use the id)
2  mqsend 0x100000000 m
   mqsend: invalid key: '0x100000000'
2  mqsend 99999999999 m
   mqsend: invalid id: '99999999999'
2  mqsend -5 m
   mqsend: invalid option -- '5'
2  mqsend -p '' /pmq m
   mqsend: --priority: empty argument
2  mqsend -p abc /pmq m
   mqsend: invalid priority: 'abc'
2  mqsend -p -1 /pmq m
   mqsend: invalid priority: '-1'
2  mqsend -p 99999 /pmq m
   mqsend: priority out of range: '99999' (at most 32767)
2  mqsend -p 1 $MSGKEY m
   mqsend: --priority applies to POSIX queues; use --type for System V queues
2  mqsend -t 1 /pmq m
   mqsend: --type applies to System V queues; use --priority for POSIX queues
2  mqsend -t 0 $MSGKEY m
   mqsend: invalid type: '0' (System V message types start at 1)
2  mqsend -t -3 $MSGKEY m
   mqsend: invalid type: '-3'
2  mqsend -t 99999999999999999999 $MSGKEY m
   mqsend: invalid type: '99999999999999999999'
2  mqsend -L -0 /pmq
   mqsend: --lines and --null exclude each other
2  mqsend -L /pmq m
   mqsend: --lines reads standard input: give no message arguments
2  mqsend -0 /pmq m
   mqsend: --null reads standard input: give no message arguments
2  mqsend -T bogus /pmq m
   mqsend: invalid duration: 'bogus'
2  mqsend -T '' /pmq m
   mqsend: --timeout: empty argument
2  mqsend -T -1s /pmq m
   mqsend: invalid duration: '-1s'
2  mqsend -T 1s --nonblock /pmq m
   mqsend: --timeout and --nonblock exclude each other
2  mqsend --maxmsg 5 /pmq m
   mqsend: --maxmsg needs --create
2  mqsend --mode 0600 /pmq m
   mqsend: --mode needs --create
2  mqsend -c --maxmsg 0 /new m
   mqsend: invalid maxmsg: '0' (a queue holds at least one message)
2  mqsend -c --maxmsg x /new m
   mqsend: invalid maxmsg: 'x'
2  mqsend -c --msgsize 0 /new m
   mqsend: invalid message size: '0'
2  mqsend -c --msgsize 99E /new m
   mqsend: size too large: '99E'
2  mqsend -c --mode 999 /new m
   mqsend: invalid mode: '999'
2  mqsend -c --mode u=rwz /new m
   mqsend: invalid mode: 'u=rwz'
2  mqsend -c --mode '' /new m
   mqsend: --mode: empty argument
2  mqsend -c $MSGID m
   mqsend: --create needs a POSIX /NAME or a System V 0xKEY (an id names an existing queue)
2  mqsend -c --maxmsg 5 0x00001234 m
   mqsend: --maxmsg and --msgsize apply to POSIX queues
1  mqsend /nosuch m
   mqsend: open POSIX message queue /nosuch: not found
1  mqsend $'/a\nb' m
   mqsend: open POSIX message queue /a\x0ab: not found
2  mqsend $'/dev/shm/a\nb' m
   mqsend: invalid object: '/dev/shm/a\x0ab' (not a message queue: /dev/shm holds shared memory and semaphores)
1  mqsend 0x00007777 m
   mqsend: open message queue key 0x00007777: not found
1  mqsend 4242 m
   mqsend: open message queue id 4242: not found
1  mqsend $SHMKEY m
   mqsend: open message queue key $SHMKEY: not found
1  mqsend $SHMID m
   mqsend: open message queue id $SHMID: not found
1  mqsend /pshm m
   mqsend: open POSIX message queue /pshm: not found
1  mqsend /pmq 01234567890123456789
   mqsend: send message 1: 20 bytes is longer than the message size of POSIX message queue /pmq (16 bytes); nothing was sent
1  mqsend /pmq ok 01234567890123456789
   mqsend: send message 2: 20 bytes is longer than the message size of POSIX message queue /pmq (16 bytes); nothing was sent
1  mqsend -c --maxmsg 100000 /new m
   mqsend: create POSIX message queue /new: maxmsg 100000 is above the kernel's ceiling of 65536 (no sysctl raises it)
1  mqsend -c --msgsize 1G /new m
   mqsend: create POSIX message queue /new: msgsize 1073741824 is above the kernel's ceiling of 16777216 (no sysctl raises it)
1  mqsend -c --maxmsg 2 --msgsize 4 /new 0123456789
   mqsend: send message 1: 10 bytes is longer than the message size of POSIX message queue /new (4 bytes); nothing was sent
2  mqsend -T $(printf "1%0400d" 0) /pmq m
   mqsend: duration too long: '10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000'
3  mqsend --nonblock /full m
   mqsend: send to POSIX message queue /full: the queue is full
EOF
}

@test "bad input: mqrecv" {
    run_rows <<'EOF'
2  mqrecv --id 0x10
   mqrecv: invalid id: '0x10'
2  mqrecv --key -1
   mqrecv: invalid option -- '1'
2  mqrecv --name ..
   mqrecv: invalid POSIX name: '..' ('.' and '..' are not names)
2  mqrecv --id --name 5
   mqrecv: mutually exclusive arguments: --id --name
1  mqrecv --name $MSGID
   mqrecv: open POSIX message queue /$MSGID: not found
1  mqrecv --key 7
   mqrecv: open message queue key 0x00000007: not found
2  mqrecv
   mqrecv: no queue given
2  mqrecv ''
   mqrecv: no queue given
2  mqrecv --bogus /pmq
   mqrecv: unrecognized option '--bogus'
2  mqrecv /pmq /full
   mqrecv: unexpected argument: '/full'
2  mqrecv /a/b
   mqrecv: invalid object: '/a/b' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  mqrecv /..
   mqrecv: invalid POSIX name: '/..' ('.' and '..' are not names)
2  mqrecv ..
   mqrecv: invalid object: '..' (expected /NAME, a System V id or a 0x key)
2  mqrecv /tmp/x
   mqrecv: invalid object: '/tmp/x' (a path outside /dev/shm and /dev/mqueue names no IPC object)
2  mqrecv /dev/shm/pshm
   mqrecv: invalid object: '/dev/shm/pshm' (not a message queue: /dev/shm holds shared memory and semaphores)
2  mqrecv 0x0
   mqrecv: invalid key: '0x0' (key 0 is IPC_PRIVATE and names no object; use the id)
2  mqrecv 0xfffffffff
   mqrecv: invalid key: '0xfffffffff'
2  mqrecv 99999999999
   mqrecv: invalid id: '99999999999'
2  mqrecv -n 0 /pmq
   mqrecv: invalid count: '0' (receive at least one message)
2  mqrecv -n -5 /pmq
   mqrecv: invalid count: '-5'
2  mqrecv -n abc /pmq
   mqrecv: invalid count: 'abc'
2  mqrecv -n 1e3 /pmq
   mqrecv: invalid count: '1e3'
2  mqrecv -n '' /pmq
   mqrecv: --count: empty argument
2  mqrecv -n 99999999999999999999999 /pmq
   mqrecv: invalid count: '99999999999999999999999'
2  mqrecv -n 2 -f /pmq
   mqrecv: --count and --follow exclude each other
2  mqrecv -L -0 /pmq
   mqrecv: --lines and --null exclude each other
2  mqrecv -J -L /pmq
   mqrecv: --json prints whole lines: no --lines, --null or --print-priority
2  mqrecv -J --print-priority /pmq
   mqrecv: --json prints whole lines: no --lines, --null or --print-priority
2  mqrecv -T 1x /pmq
   mqrecv: invalid duration: '1x'
2  mqrecv -T $(printf "9%0400dms" 0) /pmq
   mqrecv: duration too long: '90000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000ms'
2  mqrecv -T 1s --nonblock /pmq
   mqrecv: --timeout and --nonblock exclude each other
2  mqrecv -t 1 /pmq
   mqrecv: --type applies to System V queues
2  mqrecv --except /pmq
   mqrecv: --except applies to System V queues
2  mqrecv --peek /pmq
   mqrecv: --peek applies to System V queues
2  mqrecv --notify $MSGKEY
   mqrecv: --notify applies to POSIX queues
2  mqrecv -t abc $MSGKEY
   mqrecv: invalid type: 'abc'
2  mqrecv -t 99999999999999999999 $MSGKEY
   mqrecv: invalid type: '99999999999999999999'
2  mqrecv -t '' $MSGKEY
   mqrecv: --type: empty argument
2  mqrecv --except $MSGKEY
   mqrecv: --except needs --type with a number above 0
2  mqrecv -t -2 --except $MSGKEY
   mqrecv: --except needs --type with a number above 0
2  mqrecv --peek -f $MSGKEY
   mqrecv: --peek does not wait: no --follow or --timeout
2  mqrecv --peek -T 1s $MSGKEY
   mqrecv: --peek does not wait: no --follow or --timeout
1  mqrecv /nosuch
   mqrecv: open POSIX message queue /nosuch: not found
1  mqrecv $'/a\tb'
   mqrecv: open POSIX message queue /a\x09b: not found
2  mqrecv $'/dev/shm/a\nb'
   mqrecv: invalid object: '/dev/shm/a\x0ab' (not a message queue: /dev/shm holds shared memory and semaphores)
1  mqrecv 0x00007777
   mqrecv: open message queue key 0x00007777: not found
1  mqrecv 4242
   mqrecv: open message queue id 4242: not found
1  mqrecv $SHMKEY
   mqrecv: open message queue key $SHMKEY: not found
1  mqrecv $SEMID
   mqrecv: open message queue id $SEMID: not found
1  mqrecv /pshm
   mqrecv: open POSIX message queue /pshm: not found
3  mqrecv --nonblock /pmq
   mqrecv: receive from POSIX message queue /pmq: the queue is empty
3  mqrecv --nonblock $MSGKEY
   mqrecv: receive from message queue key $MSGKEY: the queue is empty
3  mqrecv -T 50ms /pmq
   mqrecv: receive from POSIX message queue /pmq: no message within 50ms
EOF
}

@test "bad input: xipcmk" {
    need xipcmk
    run_rows <<'ROWS'
2  xipcmk
   xipcmk: nothing to create: give -M, -Q, -S, -m, -q, -s or -f
2  xipcmk --bogus
   xipcmk: unrecognized option '--bogus'
2  xipcmk extra
   xipcmk: unexpected argument: 'extra'
2  xipcmk -M
   xipcmk: option requires an argument -- 'M'
2  xipcmk -M ''
   xipcmk: --shmem: empty argument
2  xipcmk -M 0
   xipcmk: invalid size: '0' (a segment holds at least 1 byte)
2  xipcmk -M abc
   xipcmk: invalid size: 'abc'
2  xipcmk -M -1
   xipcmk: invalid size: '-1'
2  xipcmk -M 1.5.5
   xipcmk: invalid size: '1.5.5'
2  xipcmk -M 99E
   xipcmk: size too large: '99E'
2  xipcmk -M 4Q
   xipcmk: invalid size: '4Q'
2  xipcmk -S 0
   xipcmk: invalid number of semaphores: '0' (a set holds at least 1)
2  xipcmk -S x
   xipcmk: invalid number of semaphores: 'x'
2  xipcmk -S -2
   xipcmk: invalid number of semaphores: '-2'
2  xipcmk -S 99999999999999999999
   xipcmk: invalid number of semaphores: '99999999999999999999'
2  xipcmk -m 1K
   xipcmk: name is required for POSIX IPC: add -n /NAME
2  xipcmk -q
   xipcmk: name is required for POSIX IPC: add -n /NAME
2  xipcmk -s
   xipcmk: name is required for POSIX IPC: add -n /NAME
2  xipcmk -m 1K -n ''
   xipcmk: --name: empty argument
2  xipcmk -m 1K -n a/b
   xipcmk: invalid POSIX name: 'a/b' (a name holds no '/' after the first)
2  xipcmk -m 1K -n ..
   xipcmk: invalid POSIX name: '..' ('.' and '..' are not names)
2  xipcmk -m 1K -n /.
   xipcmk: invalid POSIX name: '/.' ('.' and '..' are not names)
2  xipcmk -m 1K -n //x
   xipcmk: invalid POSIX name: '//x' (a name holds no '/' after the first)
2  xipcmk -m 1K -n ../etc/passwd
   xipcmk: invalid POSIX name: '../etc/passwd' (a name holds no '/' after the first)
2  xipcmk -m 1K -n /dev/shm/../x
   xipcmk: invalid POSIX name: '/dev/shm/../x' (a name holds no '/' after the first)
2  xipcmk -m 99E -n new
   xipcmk: size too large: '99E'
2  xipcmk -q -n new --maxmsg 0
   xipcmk: invalid maxmsg: '0' (a queue holds at least 1 message)
2  xipcmk -q -n new --maxmsg x
   xipcmk: invalid maxmsg: 'x'
2  xipcmk -q -n new --msgsize 0
   xipcmk: invalid msgsize: '0' (at least 1 byte)
2  xipcmk -q -n new --msgsize abc
   xipcmk: invalid size: 'abc'
2  xipcmk --maxmsg 5 -M 1K
   xipcmk: --maxmsg and --msgsize apply to POSIX message queues: add -q
2  xipcmk -s -n new --value -1
   xipcmk: invalid value: '-1'
2  xipcmk -s -n new --value x
   xipcmk: invalid value: 'x'
2  xipcmk --value 1 -M 1K
   xipcmk: --value applies to POSIX semaphores: add -s
2  xipcmk -M 1K -p 8888
   xipcmk: invalid mode: '8888'
2  xipcmk -M 1K -p u=rwz
   xipcmk: invalid mode: 'u=rwz'
2  xipcmk -M 1K -p 07777
   xipcmk: invalid mode: '07777' (at most 0777)
2  xipcmk -M 1K -p ''
   xipcmk: --mode: empty argument
2  xipcmk -M 1K -k 0x1g
   xipcmk: invalid key: '0x1g'
2  xipcmk -M 1K -k 0x100000000
   xipcmk: invalid key: '0x100000000'
2  xipcmk -M 1K -k -5
   xipcmk: invalid key: '-5'
2  xipcmk -M 1K -k ''
   xipcmk: --key: empty argument
2  xipcmk -Q --json --quiet
   xipcmk: mutually exclusive arguments: --json --quiet
2  xipcmk -f ''
   xipcmk: --fifo: empty argument
1  xipcmk -M 1K -k $SHMKEY -x
   xipcmk: create shared memory key $SHMKEY: already exists
1  xipcmk -Q -k $MSGKEY -x
   xipcmk: create message queue key $MSGKEY: already exists
1  xipcmk -S 2 -k $SEMKEY -x
   xipcmk: create semaphore set key $SEMKEY: already exists
1  xipcmk -M 8K -k $SHMKEY
   xipcmk: create shared memory key $SHMKEY: exists with size 4096 (not 8192); left as it is
1  xipcmk -S 3 -k $SEMKEY
   xipcmk: create semaphore set key $SEMKEY: exists with nsems 2 (not 3); left as it is
1  xipcmk -m 1K -n pshm -x
   xipcmk: create POSIX shared memory /pshm: already exists
1  xipcmk -q -n pmq -x
   xipcmk: create POSIX message queue /pmq: already exists
1  xipcmk -s -n psem -x
   xipcmk: create POSIX semaphore /psem: already exists
1  xipcmk -M 8E
   xipcmk: create shared memory: invalid size (too large for the kernel to map)
2  xipcmk -m 8E -n new
   xipcmk: size too large: '8E'
1  xipcmk -S 99999
   xipcmk: create semaphore set: 99999 semaphores is above the limit of 32000 per set (SEMMSL, the first field of kernel.sem); raise it with: sysctl -w kernel.sem="99999 3199968000 500 32000"
1  xipcmk -q -n new --maxmsg 100000
   xipcmk: create POSIX message queue /new: maxmsg 100000 is above the kernel's ceiling of 65536 (no sysctl raises it)
1  xipcmk -q -n new --msgsize 1G
   xipcmk: create POSIX message queue /new: msgsize 1073741824 is above the kernel's ceiling of 16777216 (no sysctl raises it)
1  xipcmk -f $W/fifo
   xipcmk: create FIFO $W/fifo: already exists
1  xipcmk -f $W/file
   xipcmk: create FIFO $W/file: already exists
1  xipcmk -f $W/nosuchdir/fifo
   xipcmk: create FIFO $W/nosuchdir/fifo: not found
1  xipcmk -f $W/nosuchdir/$'a\nb'
   xipcmk: create FIFO $W/nosuchdir/a\x0ab: not found
ROWS
}

@test "bad input: xipcrm" {
    need xipcrm
    run_rows <<'ROWS'
2  xipcrm
   xipcrm: nothing to remove: name an object or use --all or --orphans
2  xipcrm --bogus
   xipcrm: unrecognized option '--bogus'
2  xipcrm -m
   xipcrm: option requires an argument -- 'm'
2  xipcrm -m ''
   xipcrm: --shmem-id: empty argument
2  xipcrm -m abc
   xipcrm: invalid id: 'abc'
2  xipcrm -m -1
   xipcrm: invalid id: '-1'
2  xipcrm -m 0x10
   xipcrm: invalid id: '0x10'
2  xipcrm -m 99999999999
   xipcrm: invalid id: '99999999999'
2  xipcrm -q 1.5
   xipcrm: invalid id: '1.5'
2  xipcrm -s 12abc
   xipcrm: invalid id: '12abc'
2  xipcrm -M ''
   xipcrm: --shmem-key: empty argument
2  xipcrm -M 0xZZ
   xipcrm: invalid key: '0xZZ'
2  xipcrm -Q 0x100000000
   xipcrm: invalid key: '0x100000000'
2  xipcrm -S -5
   xipcrm: invalid key: '-5'
2  xipcrm --posix-shmem ''
   xipcrm: --posix-shmem: empty argument
2  xipcrm --posix-shmem ../x
   xipcrm: invalid POSIX name: '../x' (a name holds no '/' after the first)
2  xipcrm --posix-shmem a/b
   xipcrm: invalid POSIX name: 'a/b' (a name holds no '/' after the first)
2  xipcrm --posix-mqueue ..
   xipcrm: invalid POSIX name: '..' ('.' and '..' are not names)
2  xipcrm --posix-mqueue /dev/mqueue/../x
   xipcrm: invalid POSIX name: '../x' (a name holds no '/' after the first)
2  xipcrm --posix-semaphore /.
   xipcrm: invalid POSIX name: '/.' ('.' and '..' are not names)
2  xipcrm --posix-shmem /etc/passwd
   xipcrm: invalid POSIX name: '/etc/passwd' (a name holds no '/' after the first)
2  xipcrm -a pshm
   xipcrm: unknown argument: 'pshm' (a list for -a must be attached: -apshm or --all=pshm)
2  xipcrm -abogus
   xipcrm: invalid --all list: 'bogus' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)
2  xipcrm --all=
   xipcrm: invalid --all list: '' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)
2  xipcrm --all=shm,,msg
   xipcrm: invalid --all list: 'shm,,msg' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)
2  xipcrm --all=shm,nope
   xipcrm: invalid --all list: 'shm,nope' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)
2  xipcrm --owner root
   xipcrm: --owner and --older-than narrow --all or --orphans: add -a or --orphans
2  xipcrm --older-than 1h
   xipcrm: --owner and --older-than narrow --all or --orphans: add -a or --orphans
2  xipcrm -a --older-than 1x
   xipcrm: invalid duration: '1x'
2  xipcrm -a --older-than ''
   xipcrm: --older-than: empty argument
2  xipcrm -a --owner ''
   xipcrm: --owner: empty argument
2  xipcrm -a --owner no-such-user-here
   xipcrm: invalid owner: 'no-such-user-here' (no such user)
2  xipcrm --grace 1s
   xipcrm: --grace goes with --orphans
2  xipcrm -a --grace 1s
   xipcrm: --grace goes with --orphans
2  xipcrm --orphans --grace soon
   xipcrm: invalid duration: 'soon'
2  xipcrm --orphans --grace ''
   xipcrm: --grace: empty argument
2  xipcrm --orphans --grace -1s
   xipcrm: invalid duration: '-1s'
2  xipcrm --ns 1
   xipcrm: nothing to remove: name an object or use --all or --orphans
2  xipcrm --orphans --ns 0
   xipcrm: invalid process id: '0'
1  xipcrm --orphans --ns -1
   xipcrm: enter the IPC namespace -1: no such file
1  xipcrm --orphans --ns x
   xipcrm: enter the IPC namespace x: no such file
1  xipcrm --orphans --ns $W
   xipcrm: enter the IPC namespace $W: not a namespace file
1  xipcrm --orphans --ns /etc/hostname
   xipcrm: enter the IPC namespace /etc/hostname: not a namespace file
1  xipcrm --orphans --ns /proc/self/ns/uts
   xipcrm: enter the IPC namespace /proc/self/ns/uts: a UTS namespace, not an IPC namespace
2  xipcrm --orphans --ns 99999999999
   xipcrm: process id out of range: '99999999999' (at most 2147483647)
1  xipcrm --orphans --ns 2147483647
   xipcrm: enter the namespaces of process 2147483647: no such process
2  xipcrm shm
   xipcrm: not enough arguments: 'shm' needs ids
2  xipcrm shm abc
   xipcrm: invalid id: 'abc'
2  xipcrm bogus 1
   xipcrm: unknown argument: 'bogus' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or --posix-shmem/--posix-mqueue/--posix-semaphore NAME)
2  xipcrm $'shm\nx' 1
   xipcrm: unknown argument: 'shm\x0ax' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or --posix-shmem/--posix-mqueue/--posix-semaphore NAME)
2  xipcrm --all=$'shm\n'
   xipcrm: invalid --all list: 'shm\x0a' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)
2  xipcrm msg -1
   xipcrm: invalid option -- '1'
2  xipcrm -m $SHMID -m abc
   xipcrm: invalid id: 'abc'
2  xipcrm -m $SHMID --posix-shmem ../x
   xipcrm: invalid POSIX name: '../x' (a name holds no '/' after the first)
2  xipcrm -q $MSGID -Q 0xZZ
   xipcrm: invalid key: '0xZZ'
2  xipcrm --posix-mqueue /pmq -s x
   xipcrm: invalid id: 'x'
2  xipcrm --orphans --grace x
   xipcrm: invalid duration: 'x'
2  xipcrm -a --grace 1s
   xipcrm: --grace goes with --orphans
2  xipcrm --orphans --owner nobody-at-all
   xipcrm: invalid owner: 'nobody-at-all' (no such user)
1  xipcrm -a --ns abc
   xipcrm: enter the IPC namespace abc: no such file
2  xipcrm -a --ns 0
   xipcrm: invalid process id: '0'
1  xipcrm -a --ns 99999999
   xipcrm: enter the namespaces of process 99999999: no such process
1  xipcrm -m 4242
   xipcrm: remove shared memory id 4242: not found
1  xipcrm -q 4242
   xipcrm: remove message queue id 4242: not found
1  xipcrm -s 4242
   xipcrm: remove semaphore set id 4242: not found
1  xipcrm -M 0x00007777
   xipcrm: remove shared memory key 0x00007777: not found
1  xipcrm -M 0
   xipcrm: remove shared memory key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; remove it by id)
1  xipcrm -Q 0x0
   xipcrm: remove message queue key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; remove it by id)
1  xipcrm -q $SHMID
   xipcrm: remove message queue id $SHMID: not found
1  xipcrm -s $MSGID
   xipcrm: remove semaphore set id $MSGID: not found
1  xipcrm -m $SEMID
   xipcrm: remove shared memory id $SEMID: not found
1  xipcrm -Q $SHMKEY
   xipcrm: remove message queue key $SHMKEY: not found
1  xipcrm -S $MSGKEY
   xipcrm: remove semaphore set key $MSGKEY: not found
1  xipcrm -M $SEMKEY
   xipcrm: remove shared memory key $SEMKEY: not found
1  xipcrm --posix-shmem /nosuch
   xipcrm: remove POSIX shared memory /nosuch: not found
1  xipcrm --posix-shmem $'/a\nb'
   xipcrm: remove POSIX shared memory /a\x0ab: not found
1  xipcrm --posix-mqueue /pshm
   xipcrm: remove POSIX message queue /pshm: not found
1  xipcrm --posix-semaphore /pmq
   xipcrm: remove POSIX semaphore /pmq: not found
1  xipcrm --posix-shmem /dir
   xipcrm: remove POSIX shared memory /dir: not a shared memory object (a directory)
1  xipcrm --posix-shmem /link
   xipcrm: remove POSIX shared memory /link: not a shared memory object (a symbolic link)
1  xipcrm shm 4242
   xipcrm: remove shared memory id 4242: not found
1  xipcrm sem $MSGID
   xipcrm: remove semaphore set id $MSGID: not found
1  xipcrm -n -m 4242
   xipcrm: remove shared memory id 4242: not found
1  xipcrm -n --posix-mqueue /nosuch
   xipcrm: remove POSIX message queue /nosuch: not found
ROWS
}

@test "bad input: fifo-tee" {
    need fifo-tee
    run_rows <<'ROWS'
2  fifo-tee --bogus $W/fifo
   fifo-tee: unrecognized option '--bogus'
2  fifo-tee -Z
   fifo-tee: invalid option -- 'Z'
2  fifo-tee --policy
   fifo-tee: option '--policy' requires an argument
2  fifo-tee --policy bogus $W/fifo
   fifo-tee: invalid policy: 'bogus' (expected block, drop or buffer)
2  fifo-tee --policy '' $W/fifo
   fifo-tee: --policy: empty argument
2  fifo-tee --policy BLOCK $W/fifo
   fifo-tee: invalid policy: 'BLOCK' (expected block, drop or buffer)
2  fifo-tee --buffer 1K $W/fifo
   fifo-tee: --buffer only applies to --policy buffer and --whole-lines
2  fifo-tee --policy drop --buffer 1K $W/fifo
   fifo-tee: --buffer only applies to --policy buffer and --whole-lines
2  fifo-tee --policy buffer --buffer abc $W/fifo
   fifo-tee: invalid size: 'abc'
2  fifo-tee --policy buffer --buffer -1 $W/fifo
   fifo-tee: invalid size: '-1'
2  fifo-tee --policy buffer --buffer '' $W/fifo
   fifo-tee: --buffer: empty argument
2  fifo-tee --whole-lines --buffer 99E $W/fifo
   fifo-tee: size too large: '99E'
2  fifo-tee -m 0600 $W/fifo
   fifo-tee: --mode only applies to --create
2  fifo-tee -c -m 999 $W/new
   fifo-tee: invalid mode: '999'
2  fifo-tee -c -m u=rwz $W/new
   fifo-tee: invalid mode: 'u=rwz'
2  fifo-tee -c -m '' $W/new
   fifo-tee: --mode: empty argument
2  fifo-tee --output-error=bogus $W/fifo
   fifo-tee: invalid output error mode: 'bogus' (expected warn, warn-nopipe, exit or exit-nopipe)
2  fifo-tee --output-error= $W/fifo
   fifo-tee: invalid output error mode: '' (expected warn, warn-nopipe, exit or exit-nopipe)
2  fifo-tee --output-error=$'warn\n' $W/fifo
   fifo-tee: invalid output error mode: 'warn\x0a' (expected warn, warn-nopipe, exit or exit-nopipe)
2  fifo-tee -c -m 999 $W/new $W/fifo
   fifo-tee: invalid mode: '999'
1  fifo-tee ''
   fifo-tee: open: No such file or directory
1  fifo-tee $W/missing
   fifo-tee: open $W/missing: No such file or directory
1  fifo-tee $W/nosuchdir/f
   fifo-tee: open $W/nosuchdir/f: No such file or directory
1  fifo-tee -c $W/nosuchdir/f
   fifo-tee: create FIFO $W/nosuchdir/f: not found
1  fifo-tee /dev/shm/dir
   fifo-tee: open /dev/shm/dir: Is a directory
1  fifo-tee --no-stdout $W/missing $W/fifo
   fifo-tee: open $W/missing: No such file or directory
1  fifo-tee $W/nosuchdir/$'a\nb'
   fifo-tee: open $W/nosuchdir/a\x0ab: No such file or directory
ROWS
}

@test "the matrix holds at least 100 rows across the seven commands" {
    local rows commands
    rows=$(awk '/^ *(ROW_STDIN=[^ ]+ )?run_rows <</ { on = 1; next } /^(EOF|ROWS)$/ { on = 0 } on && NF && !/^ /' "$BATS_TEST_FILENAME")
    commands=$(awk '{ print $2 }' <<<"$rows" | sort -u | tr '\n' ' ')
    (($(wc -l <<<"$rows") >= 100))
    assert_equal "$commands" "fifo-tee mqrecv mqsend shmcat xipcmk xipcrm xipcs "
}
