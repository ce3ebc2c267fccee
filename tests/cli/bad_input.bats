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

# The key of System V object $2 of kind $1 (shm, msg, sem) as 0x%08x
# (/proc shows keys as signed decimals).
key_of() { awk -v id="$2" 'NR > 1 && $2 == id { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' "/proc/sysvipc/$1"; }

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

need() { command -v "$1" >/dev/null || skip "$1 is not built in this tree"; }

@test "bad input: xipcs" {
    run_rows <<'EOF'
2  xipcs --bogus
2  xipcs -Z
2  xipcs extra-operand
2  xipcs -m -i
2  xipcs -m -i ''
2  xipcs -m -i abc
2  xipcs -m -i -1
2  xipcs -m -i 12abc
2  xipcs -m -i 0x10
2  xipcs -m -i 99999999999
2  xipcs -m -i 2147483648
2  xipcs -i 0
2  xipcs -m -q -i 0
2  xipcs -M -i $SHMID
1  xipcs -m -i 4242
1  xipcs -q -i $SHMID
1  xipcs -s -i $MSGID
1  xipcs -m -i $SEMID -J
2  xipcs -N
2  xipcs -M -N ''
2  xipcs -M -N ..
2  xipcs -M -N /.
2  xipcs -M -N a/b
2  xipcs -M -N ../etc/passwd
2  xipcs -M -N /dev/shm/../pshm
2  xipcs -M -Q -N pshm
2  xipcs -m -i $SHMID -N pshm
2  xipcs -m -N pshm
1  xipcs -M -N nosuch
1  xipcs -Q -N pshm
1  xipcs -S -N pmq
2  xipcs -J -r
2  xipcs -e --list
2  xipcs -t -l -r
2  xipcs -l -J
2  xipcs -u -o KEY
2  xipcs --time-format bogus
2  xipcs --time-format ''
2  xipcs -o ''
2  xipcs -o ,
2  xipcs -o KEY,,ID
2  xipcs -o +
2  xipcs -o BOGUS
2  xipcs -m -o MSGS
2  xipcs -o KEY -t
2  xipcs -g -t
2  xipcs -g -o KEY
2  xipcs -g -m -i 0
2  xipcs --sort BOGUS
2  xipcs --sort ''
2  xipcs -m --sort NAME
2  xipcs --sort $'K\nEY'
2  xipcs --sort KEY -l
2  xipcs --owner no-such-user
2  xipcs --owner -1
2  xipcs --owner 99999999999
2  xipcs --owner ''
2  xipcs --older-than 1x
2  xipcs --older-than -5s
2  xipcs --grace 1s
2  xipcs --orphans --grace bogus
2  xipcs --orphans -u
2  xipcs --min-size 1Q
2  xipcs --min-size -1
2  xipcs --watch=0
2  xipcs --watch=bogus
2  xipcs --watch=
2  xipcs --ns abc
2  xipcs --ns 0
2  xipcs --ns -1
2  xipcs --ns ''
1  xipcs --ns 99999999
2  xipcs --export=bogus
2  xipcs --export=openmetrics -J
2  xipcs --export=openmetrics -r
2  xipcs -F -i $SHMID
2  xipcs -F -m -i $SHMID
2  xipcs -F -N pshm
2  xipcs -F -M -N pshm
2  xipcs -F -l
2  xipcs --fifos -u
2  xipcs -F -g
2  xipcs -F --export=openmetrics
2  xipcs -F -o KEY
2  xipcs -m -o READERS
2  xipcs -F --sort KEY
2  xipcs -o $'KEY\nX'
2  xipcs -o $'+\x1b[31m'
2  xipcs --time-format $'iso\n'
2  xipcs -M -N $'a\nb/c'
1  xipcs -M -N $'a\nb'
EOF
}

@test "bad input: shmcat" {
    run_rows <<'EOF'
2  shmcat --id 0x10
2  shmcat --id -5
2  shmcat --id /psh
2  shmcat --key abc
2  shmcat --key ''
2  shmcat --name /etc/passwd
2  shmcat --name ../x
2  shmcat --name /dev/mqueue/pmq
2  shmcat --id --key $SHMID
2  shmcat --key --name 42
2  shmcat --name -w /dev/mqueue/pmq
1  shmcat --key 1
1  shmcat --name $SHMID
1  shmcat --id 99999999
2  shmcat
2  shmcat ''
2  shmcat --bogus $SHMID
2  shmcat -o
2  shmcat -o '' $SHMID
2  shmcat -o abc $SHMID
2  shmcat -o -1 $SHMID
2  shmcat -o 1.5.5 $SHMID
2  shmcat -o 16E $SHMID
2  shmcat -l 99999999999999999999999 $SHMID
2  shmcat -l 4Q $SHMID
2  shmcat -l '' $SHMID
2  shmcat --strings=0 $SHMID
2  shmcat --strings=abc $SHMID
2  shmcat --strings= $SHMID
2  shmcat -x --strings $SHMID
2  shmcat -1
2  shmcat 99999999999
2  shmcat 0x0
2  shmcat 0x00000000
2  shmcat 0x123456789
2  shmcat 0xZZ
2  shmcat 12abc
2  shmcat /etc/passwd
2  shmcat /tmp/x
2  shmcat /dev/shm/../etc/passwd
2  shmcat /dev/shm/dir/x
2  shmcat /dev/mqueue/../shm/pshm
2  shmcat ../pshm
2  shmcat /..
2  shmcat /.
2  shmcat /
2  shmcat /a/b
2  shmcat /dev/mqueue/pmq
2  shmcat $'/dev/mqueue/a\nb'
2  shmcat --strings=$'1\n' $SHMID
1  shmcat $'/a\nb'
2! shmcat /link
2! shmcat /dev/shm/dir
1  shmcat 4242
1  shmcat 0x00007777
1  shmcat /nosuch
1  shmcat $MSGID
1  shmcat $SEMID
1  shmcat $MSGKEY
1  shmcat $SEMKEY
1  shmcat /pmq
1  shmcat -o 1M $SHMID
1  shmcat -o 65 /pshm
2  shmcat -w
2  shmcat -w ''
2  shmcat -w $SHMID $SHMID
2  shmcat --truncate $SHMID
2  shmcat --create 1K /new
2  shmcat -w /new --truncate --create 1K
2  shmcat -w $SHMID -x
2  shmcat -w $SHMID -l 5
2  shmcat -w $SHMID --strings
2  shmcat -w $SHMID --truncate
2  shmcat -w $SHMID --create 1K
2  shmcat -w 0x00004444 --create 0
2  shmcat -w /new --create 1K -o 2K
2  shmcat -w /new --create abc
2  shmcat -w /new --create 99E
2  shmcat -w /etc/passwd
2  shmcat -w /dev/mqueue/pmq
2! shmcat -w /link
1  shmcat -w /nosuch
1  shmcat -w $MSGID
1  shmcat -o 5000 -w $SHMID
1  shmcat -w /new --create 8E
1  shmcat -w 0x00004444 --create 8E
1  shmcat -w /pshm --create 1K
EOF
}

@test "bad input: an input that does not fit (shmcat -w, mqsend)" {
    # 9000 bytes, no newline, no NUL: longer than any neighbour holds.
    head -c 9000 /dev/zero | tr '\0' x > "$BATS_TEST_TMPDIR/big"
    ROW_STDIN=$BATS_TEST_TMPDIR/big run_rows <<'EOF'
1  shmcat -w $SHMID
1  shmcat -o 1 -w $SHMID
1  shmcat -w /pshm
1  shmcat --create 4K -w /new
1  shmcat --create 4K -w 0x00004444
1  mqsend /pmq
1  mqsend -L /pmq
1  mqsend -0 /pmq
1  mqsend --nonblock $MSGKEY
EOF
}

@test "bad input: mqsend" {
    run_rows <<'EOF'
2  mqsend --id 0x10 m
2  mqsend --key zz m
2  mqsend --name a/b m
2  mqsend --name /dev/shm/psh m
2  mqsend --name --key /pmq m
2  mqsend --id -c 5 m
1  mqsend --name $MSGID m
1  mqsend --key 7 m
2  mqsend
2  mqsend ''
2  mqsend --bogus /pmq m
2  mqsend /a/b m
2  mqsend /.. m
2  mqsend .. m
2  mqsend /etc/passwd m
2  mqsend /dev/mqueue/../x m
2  mqsend /dev/shm/pshm m
2  mqsend 0x0 m
2  mqsend 0x100000000 m
2  mqsend 99999999999 m
2  mqsend -5 m
2  mqsend -p '' /pmq m
2  mqsend -p abc /pmq m
2  mqsend -p -1 /pmq m
2  mqsend -p 99999 /pmq m
2  mqsend -p 1 $MSGKEY m
2  mqsend -t 1 /pmq m
2  mqsend -t 0 $MSGKEY m
2  mqsend -t -3 $MSGKEY m
2  mqsend -t 99999999999999999999 $MSGKEY m
2  mqsend -L -0 /pmq
2  mqsend -L /pmq m
2  mqsend -0 /pmq m
2  mqsend -T bogus /pmq m
2  mqsend -T '' /pmq m
2  mqsend -T -1s /pmq m
2  mqsend -T 1s --nonblock /pmq m
2  mqsend --maxmsg 5 /pmq m
2  mqsend --mode 0600 /pmq m
2  mqsend -c --maxmsg 0 /new m
2  mqsend -c --maxmsg x /new m
2  mqsend -c --msgsize 0 /new m
2  mqsend -c --msgsize 99E /new m
2  mqsend -c --mode 999 /new m
2  mqsend -c --mode u=rwz /new m
2  mqsend -c --mode '' /new m
2  mqsend -c $MSGID m
2  mqsend -c --maxmsg 5 0x00001234 m
1  mqsend /nosuch m
1  mqsend $'/a\nb' m
2  mqsend $'/dev/shm/a\nb' m
1  mqsend 0x00007777 m
1  mqsend 4242 m
1  mqsend $SHMKEY m
1  mqsend $SHMID m
1  mqsend /pshm m
1  mqsend /pmq 01234567890123456789
1  mqsend /pmq ok 01234567890123456789
1  mqsend -c --maxmsg 100000 /new m
1  mqsend -c --msgsize 1G /new m
1  mqsend -c --maxmsg 2 --msgsize 4 /new 0123456789
2  mqsend -T $(printf "1%0400d" 0) /pmq m
3  mqsend --nonblock /full m
EOF
}

@test "bad input: mqrecv" {
    run_rows <<'EOF'
2  mqrecv --id 0x10
2  mqrecv --key -1
2  mqrecv --name ..
2  mqrecv --id --name 5
1  mqrecv --name $MSGID
1  mqrecv --key 7
2  mqrecv
2  mqrecv ''
2  mqrecv --bogus /pmq
2  mqrecv /pmq /full
2  mqrecv /a/b
2  mqrecv /..
2  mqrecv ..
2  mqrecv /tmp/x
2  mqrecv /dev/shm/pshm
2  mqrecv 0x0
2  mqrecv 0xfffffffff
2  mqrecv 99999999999
2  mqrecv -n 0 /pmq
2  mqrecv -n -5 /pmq
2  mqrecv -n abc /pmq
2  mqrecv -n 1e3 /pmq
2  mqrecv -n '' /pmq
2  mqrecv -n 99999999999999999999999 /pmq
2  mqrecv -n 2 -f /pmq
2  mqrecv -L -0 /pmq
2  mqrecv -J -L /pmq
2  mqrecv -J --print-priority /pmq
2  mqrecv -T 1x /pmq
2  mqrecv -T $(printf "9%0400dms" 0) /pmq
2  mqrecv -T 1s --nonblock /pmq
2  mqrecv -t 1 /pmq
2  mqrecv --except /pmq
2  mqrecv --peek /pmq
2  mqrecv --notify $MSGKEY
2  mqrecv -t abc $MSGKEY
2  mqrecv -t 99999999999999999999 $MSGKEY
2  mqrecv -t '' $MSGKEY
2  mqrecv --except $MSGKEY
2  mqrecv -t -2 --except $MSGKEY
2  mqrecv --peek -f $MSGKEY
2  mqrecv --peek -T 1s $MSGKEY
1  mqrecv /nosuch
1  mqrecv $'/a\tb'
2  mqrecv $'/dev/shm/a\nb'
1  mqrecv 0x00007777
1  mqrecv 4242
1  mqrecv $SHMKEY
1  mqrecv $SEMID
1  mqrecv /pshm
3  mqrecv --nonblock /pmq
3  mqrecv --nonblock $MSGKEY
3  mqrecv -T 50ms /pmq
EOF
}

@test "bad input: xipcmk" {
    need xipcmk
    run_rows <<'ROWS'
2  xipcmk
2  xipcmk --bogus
2  xipcmk extra
2  xipcmk -M
2  xipcmk -M ''
2  xipcmk -M 0
2  xipcmk -M abc
2  xipcmk -M -1
2  xipcmk -M 1.5.5
2  xipcmk -M 99E
2  xipcmk -M 4Q
2  xipcmk -S 0
2  xipcmk -S x
2  xipcmk -S -2
2  xipcmk -S 99999999999999999999
2  xipcmk -m 1K
2  xipcmk -q
2  xipcmk -s
2  xipcmk -m 1K -n ''
2  xipcmk -m 1K -n a/b
2  xipcmk -m 1K -n ..
2  xipcmk -m 1K -n /.
2  xipcmk -m 1K -n //x
2  xipcmk -m 1K -n ../etc/passwd
2  xipcmk -m 1K -n /dev/shm/../x
2  xipcmk -m 99E -n new
2  xipcmk -q -n new --maxmsg 0
2  xipcmk -q -n new --maxmsg x
2  xipcmk -q -n new --msgsize 0
2  xipcmk -q -n new --msgsize abc
2  xipcmk --maxmsg 5 -M 1K
2  xipcmk -s -n new --value -1
2  xipcmk -s -n new --value x
2  xipcmk --value 1 -M 1K
2  xipcmk -M 1K -p 8888
2  xipcmk -M 1K -p u=rwz
2  xipcmk -M 1K -p 07777
2  xipcmk -M 1K -p ''
2  xipcmk -M 1K -k 0x1g
2  xipcmk -M 1K -k 0x100000000
2  xipcmk -M 1K -k -5
2  xipcmk -M 1K -k ''
2  xipcmk -Q --json --quiet
2  xipcmk -f ''
1  xipcmk -M 1K -k $SHMKEY -x
1  xipcmk -Q -k $MSGKEY -x
1  xipcmk -S 2 -k $SEMKEY -x
1  xipcmk -M 8K -k $SHMKEY
1  xipcmk -S 3 -k $SEMKEY
1  xipcmk -m 1K -n pshm -x
1  xipcmk -q -n pmq -x
1  xipcmk -s -n psem -x
1  xipcmk -M 8E
2  xipcmk -m 8E -n new
1  xipcmk -S 99999
1  xipcmk -q -n new --maxmsg 100000
1  xipcmk -q -n new --msgsize 1G
1  xipcmk -f $W/fifo
1  xipcmk -f $W/file
1  xipcmk -f $W/nosuchdir/fifo
1  xipcmk -f $W/nosuchdir/$'a\nb'
ROWS
}

@test "bad input: xipcrm" {
    need xipcrm
    run_rows <<'ROWS'
2  xipcrm
2  xipcrm --bogus
2  xipcrm -m
2  xipcrm -m ''
2  xipcrm -m abc
2  xipcrm -m -1
2  xipcrm -m 0x10
2  xipcrm -m 99999999999
2  xipcrm -q 1.5
2  xipcrm -s 12abc
2  xipcrm -M ''
2  xipcrm -M 0xZZ
2  xipcrm -Q 0x100000000
2  xipcrm -S -5
2  xipcrm --posix-shmem ''
2  xipcrm --posix-shmem ../x
2  xipcrm --posix-shmem a/b
2  xipcrm --posix-mqueue ..
2  xipcrm --posix-mqueue /dev/mqueue/../x
2  xipcrm --posix-semaphore /.
2  xipcrm --posix-shmem /etc/passwd
2  xipcrm -a pshm
2  xipcrm -abogus
2  xipcrm --all=
2  xipcrm --all=shm,,msg
2  xipcrm --all=shm,nope
2  xipcrm --owner root
2  xipcrm --older-than 1h
2  xipcrm -a --older-than 1x
2  xipcrm -a --older-than ''
2  xipcrm -a --owner ''
2  xipcrm -a --owner no-such-user-here
2  xipcrm --grace 1s
2  xipcrm -a --grace 1s
2  xipcrm --orphans --grace soon
2  xipcrm --orphans --grace ''
2  xipcrm --orphans --grace -1s
2  xipcrm --ns 1
2  xipcrm --orphans --ns 0
2  xipcrm --orphans --ns -1
2  xipcrm --orphans --ns x
2  xipcrm --orphans --ns 99999999999
1  xipcrm --orphans --ns 2147483647
2  xipcrm shm
2  xipcrm shm abc
2  xipcrm bogus 1
2  xipcrm $'shm\nx' 1
2  xipcrm --all=$'shm\n'
2  xipcrm msg -1
2  xipcrm -m $SHMID -m abc
2  xipcrm -m $SHMID --posix-shmem ../x
2  xipcrm -q $MSGID -Q 0xZZ
2  xipcrm --posix-mqueue /pmq -s x
2  xipcrm --orphans --grace x
2  xipcrm -a --grace 1s
2  xipcrm --orphans --owner nobody-at-all
2  xipcrm -a --ns abc
2  xipcrm -a --ns 0
1  xipcrm -a --ns 99999999
1  xipcrm -m 4242
1  xipcrm -q 4242
1  xipcrm -s 4242
1  xipcrm -M 0x00007777
1  xipcrm -M 0
1  xipcrm -Q 0x0
1  xipcrm -q $SHMID
1  xipcrm -s $MSGID
1  xipcrm -m $SEMID
1  xipcrm -Q $SHMKEY
1  xipcrm -S $MSGKEY
1  xipcrm -M $SEMKEY
1  xipcrm --posix-shmem /nosuch
1  xipcrm --posix-shmem $'/a\nb'
1  xipcrm --posix-mqueue /pshm
1  xipcrm --posix-semaphore /pmq
1  xipcrm --posix-shmem /dir
1  xipcrm --posix-shmem /link
1  xipcrm shm 4242
1  xipcrm sem $MSGID
1  xipcrm -n -m 4242
1  xipcrm -n --posix-mqueue /nosuch
ROWS
}

@test "bad input: fifo-tee" {
    need fifo-tee
    run_rows <<'ROWS'
2  fifo-tee --bogus $W/fifo
2  fifo-tee -Z
2  fifo-tee --policy
2  fifo-tee --policy bogus $W/fifo
2  fifo-tee --policy '' $W/fifo
2  fifo-tee --policy BLOCK $W/fifo
2  fifo-tee --buffer 1K $W/fifo
2  fifo-tee --policy drop --buffer 1K $W/fifo
2  fifo-tee --policy buffer --buffer abc $W/fifo
2  fifo-tee --policy buffer --buffer -1 $W/fifo
2  fifo-tee --policy buffer --buffer '' $W/fifo
2  fifo-tee --whole-lines --buffer 99E $W/fifo
2  fifo-tee -m 0600 $W/fifo
2  fifo-tee -c -m 999 $W/new
2  fifo-tee -c -m u=rwz $W/new
2  fifo-tee -c -m '' $W/new
2  fifo-tee --output-error=bogus $W/fifo
2  fifo-tee --output-error= $W/fifo
2  fifo-tee --output-error=$'warn\n' $W/fifo
2  fifo-tee -c -m 999 $W/new $W/fifo
1  fifo-tee ''
1  fifo-tee $W/missing
1  fifo-tee $W/nosuchdir/f
1  fifo-tee -c $W/nosuchdir/f
1  fifo-tee /dev/shm/dir
1  fifo-tee --no-stdout $W/missing $W/fifo
1  fifo-tee $W/nosuchdir/$'a\nb'
ROWS
}

@test "the matrix holds at least 100 rows across the seven commands" {
    local rows commands
    rows=$(awk '/^ *(ROW_STDIN=[^ ]+ )?run_rows <</ { on = 1; next } /^(EOF|ROWS)$/ { on = 0 } on && NF && !/^ /' "$BATS_TEST_FILENAME")
    commands=$(awk '{ print $2 }' <<<"$rows" | sort -u | tr '\n' ' ')
    (($(wc -l <<<"$rows") >= 100))
    assert_equal "$commands" "fifo-tee mqrecv mqsend shmcat xipcmk xipcrm xipcs "
}
