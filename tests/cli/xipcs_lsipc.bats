#!/usr/bin/env bats
# xipcs, lsipc face: -o -J -r -e -y -n --noheadings --notruncate --list -P
# --time-format -g, with -t -c -p -b -i -N.  System V output is compared
# with util-linux lsipc on the same objects; JSON is checked with jq.
#
# --time-format=short is the lsipc face's default for tables: it is used
# below only to choose the face without changing what is printed.

load ../helpers/common
setup() { xipc_setup; }
teardown() {
    local pid
    for pid in $(cat "$BATS_TEST_TMPDIR/holders" 2>/dev/null); do
        kill "$pid" 2>/dev/null || true
    done
}
bats_require_minimum_version 1.5.0

PY=/usr/bin/python3

shm_id() { ipcmk "$@" | awk '{print $NF}'; }

# The ids of one System V kind (m, q or s), in order: ids keep growing from
# case to case in the namespace, so tests never assume 0.
# (Not common.bash's sysv_ids: by ipcs letter m, q or s, sorted.)
sorted_ids() {
    local file=shm
    [[ $1 == q ]] && file=msg
    [[ $1 == s ]] && file=sem
    awk 'NR > 1 {print $2}' /proc/sysvipc/$file | sort -n
}

# hold [ipc-hold options] SHMID... — attach in the background until teardown.
# (Not common.bash's hold: ipc-hold, its pid kept in a file this file's teardown reads.)
hold_ipc() {
    local out=$BATS_TEST_TMPDIR/hold.$RANDOM
    "$XIPC_TEST_BIN/ipc-hold" "$@" >"$out" 3>&- &
    echo $! >>"$BATS_TEST_TMPDIR/holders"
    while ! grep -q ready "$out" 2>/dev/null; do sleep 0.05; done
}

# A System V queue with two messages (13 bytes), made by python3-sysv-ipc.
queue_with_messages() {
    $PY -c 'import sysv_ipc
q = sysv_ipc.MessageQueue(None, sysv_ipc.IPC_CREX, mode=0o640)
q.send(b"hello", type=1)
q.send(b"world!!!", type=2)
print(q.id)'
}

posix() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# The namespace used by the lsipc comparisons: segments detached, attached,
# attached+locked+removed (dest,locked), of several sizes; a queue with
# messages and an empty one; semaphore sets.
sysv_objects() {
    shm_id -M 4096 >/dev/null
    local a b
    a=$(shm_id -M 1500000 -p 0640)
    b=$(shm_id -M 123456789 -p 0600)
    hold_ipc "$a"
    hold_ipc -l "$b"
    ipcrm -m "$b"
    queue_with_messages >/dev/null
    ipcmk -Q -p 0600 >/dev/null
    ipcmk -S 3 >/dev/null
    ipcmk -S 1 -p 0660 >/dev/null
}

same_as_lsipc() {
    run --separate-stderr lsipc "$@"
    assert_success
    local expected=$output
    [[ -n $expected ]]
    local face=--time-format=short
    [[ " $* " == *" --time-format"* ]] && face=
    run --separate-stderr xipcs $face "$@"
    assert_success
    assert_output "$expected"
    [[ -z $stderr ]]
}

# ---------------------------------------------------------------------------
# The table, as lsipc prints it

@test "-m -q -s: the default columns, as lsipc" {
    sysv_objects
    same_as_lsipc -m
    same_as_lsipc -q
    same_as_lsipc -s
}

@test "-o with --raw --noheadings, as lsipc" {
    sysv_objects
    run lsipc -m -o KEY,ID,PERMS,OWNER,SIZE,NATTCH --raw --noheadings
    expected=$output
    run xipcs -m -o KEY,ID,PERMS,OWNER,SIZE,NATTCH --raw --noheadings
    assert_success
    assert_output "$expected"
    [[ $(wc -l <<<"$output") == 3 ]]
    same_as_lsipc -q -o ID,USEDBYTES,MSGS,LSPID,LRPID,CUSER,CGROUP,USER,GROUP -r
    same_as_lsipc -s -o KEY,NSEMS,CUID,UID,GID -r
}

@test "-o +COL adds to the defaults; COL replaces them; names are case-insensitive" {
    ipcmk -S 2 >/dev/null
    id=$(sorted_ids s)
    run xipcs -s -o +otime,CUSER --noheadings -r
    assert_success
    assert_output --regexp "^0x[0-9a-f]{8} $id rw-r--r-- root 2  root\$"
    run xipcs -s -o nsems,id
    assert_success
    assert_output "NSEMS ID
    2 $id"
}

@test "-t: the time columns, as lsipc -t" {
    sysv_objects
    same_as_lsipc -m -t
    same_as_lsipc -q -t
    same_as_lsipc -s -t
}

@test "-c: the creator columns, as lsipc -c" {
    sysv_objects
    same_as_lsipc -m -c
    same_as_lsipc -q -c
    same_as_lsipc -s -c
}

@test "-p: the pid columns, PIDS and COMMANDS" {
    ipcmk -S 1 >/dev/null
    ipcmk -M 4096 >/dev/null
    ipcmk -Q >/dev/null
    run xipcs -s -p -r
    assert_success
    assert_line --index 0 "KEY ID PERMS OWNER NSEMS PIDS COMMANDS"
    run xipcs -m -p -r
    assert_line --index 0 "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND PIDS COMMANDS"
    run xipcs -q -p -r -o +CUID
    assert_line --index 0 "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID PIDS COMMANDS CUID"
}

@test "-b: sizes in bytes, as lsipc -b" {
    sysv_objects
    same_as_lsipc -m -b
    same_as_lsipc -q -b
    run xipcs -m -b -o SIZE --noheadings -r
    assert_output $'4096\n1500000\n123456789'
    run xipcs -m -o SIZE --noheadings -r
    assert_output $'4K\n1.4M\n117.7M'
    run xipcs -m --human -o SIZE --noheadings -r
    assert_output $'4K\n1.4M\n117.7M'
}

@test "STATUS, DEST and LOCKED: a removed, locked, attached segment" {
    sysv_objects
    run xipcs -m -o NATTCH,STATUS,DEST,LOCKED -r
    assert_output $'NATTCH STATUS DEST LOCKED\n0  0 0\n1  0 0\n1 dest,locked 1 1'
    run xipcs -m -J -o STATUS,DEST,LOCKED
    jq -e '.sharedmemory | map([.status, .dest, .locked]) ==
        [[null, false, false], [null, false, false], ["dest,locked", true, true]]' <<<"$output"
}

@test "-P: numeric permissions, as lsipc -P" {
    sysv_objects
    same_as_lsipc -m -P
    same_as_lsipc -s -P
    run xipcs -m -P -o PERMS -r --noheadings
    assert_output $'0644\n0640\n0600'
}

@test "--time-format short, full and iso, as lsipc" {
    sysv_objects
    for f in short full iso; do
        same_as_lsipc -m -t --time-format=$f
        same_as_lsipc -q -t --time-format $f
    done
    ctime=$(awk 'NR == 2 {print $14}' /proc/sysvipc/shm)
    run xipcs -m -o CTIME --noheadings --time-format=iso
    assert_line --index 0 "$(date -u -d "@$ctime" +%Y-%m-%dT%H:%M:%S+00:00)"
    run xipcs -m -o CTIME --noheadings --time-format=full
    assert_line --index 0 "$(date -u -d "@$ctime" '+%a %b %e %H:%M:%S %Y')"
    run xipcs -m -o CTIME --noheadings --time-format=short
    assert_line --index 0 "$(date -u -d "@$ctime" +%H:%M)"
}

@test "--noheadings, as lsipc" {
    sysv_objects
    same_as_lsipc -m --noheadings
    run xipcs -s --noheadings
    refute_output --partial NSEMS
    [[ $(wc -l <<<"$output") == 2 ]]
}

@test "-r: raw output, as lsipc -r" {
    sysv_objects
    same_as_lsipc -m -r
    same_as_lsipc -q -r
}

@test "-e: export pairs, as lsipc -e" {
    sysv_objects
    same_as_lsipc -m -e
    same_as_lsipc -s -e
    run xipcs -s -e -o NSEMS,PERMS
    assert_output $'NSEMS="3" PERMS="rw-r--r--"\nNSEMS="1" PERMS="rw-rw----"'
}

@test "-n, --newline: one pair per line, as lsipc -n" {
    sysv_objects
    same_as_lsipc -q --newline
    run xipcs -s -n -o NSEMS,PERMS
    assert_output $'NSEMS="3"\nPERMS="rw-r--r--"\nNSEMS="1"\nPERMS="rw-rw----"'
}

@test "-y: shell variable names (USE% is USE_PCT), as lsipc -y" {
    run lsipc -g -e -y
    expected=$output
    run xipcs -g -m -q -s -e -y
    assert_success
    assert_output "$expected"
    assert_line --partial 'USE_PCT="'
    run xipcs -g -m -e
    assert_line --partial 'USE%="'
    run lsipc -g -y
    expected=$output
    run xipcs -g -m -q -s -y
    assert_output "$expected"
    sysv_objects
    same_as_lsipc -m -y
    same_as_lsipc -q -e -y
}

@test "--list without -i is the table, as lsipc --list" {
    sysv_objects
    same_as_lsipc -m --list
    same_as_lsipc -s --list
}

@test "--notruncate keeps a long COMMAND whole on a narrow terminal, as lsipc" {
    $PY -c 'import sysv_ipc, time
m = sysv_ipc.SharedMemory(None, sysv_ipc.IPC_CREX, size=4096)
print("ready", flush=True)
time.sleep(600)' a-long-argument-that-makes-the-command-line-wider-than-the-terminal >"$BATS_TEST_TMPDIR/py" 3>&- &
    echo $! >>"$BATS_TEST_TMPDIR/holders"
    while ! grep -q ready "$BATS_TEST_TMPDIR/py"; do sleep 0.05; done
    on_tty() { script -qec "stty cols 70; $*" /dev/null | tr -d '\r'; }
    run on_tty lsipc -m
    truncated=$output
    run on_tty xipcs -m --time-format=short
    assert_output "$truncated"
    refute_output --partial wider-than
    run on_tty lsipc -m --notruncate
    whole=$output
    run on_tty xipcs -m --notruncate
    assert_output "$whole"
    assert_output --partial a-long-argument-that-makes-the-command-line-wider-than-the-terminal
    # The COMMAND column is the creator's command line while it lives.
    run xipcs -m -o COMMAND -J
    jq -e '.sharedmemory[0].command | startswith("/usr/bin/python3 -c import sysv_ipc")
        and endswith(" a-long-argument-that-makes-the-command-line-wider-than-the-terminal")' <<<"$output"
}

@test "-i ID: the list form, as lsipc -m/-q/-s -i" {
    sysv_objects
    for r in m q s; do
        for id in $(sorted_ids $r); do
            run lsipc -$r -i $id
            expected=$output
            # DEST, LOCKED, RSS, SWAP, PIDS, COMMANDS and NS are ours;
            # lsipc does not have them.
            run xipcs -$r -i $id --time-format=full
            assert_success
            assert_line --regexp "^IPC namespace: +$(readlink /proc/self/ns/ipc | tr -dc 0-9) *\$"
            run grep -v -e '^Marked for removal:' -e '^Locked:' -e '^Resident size:' -e '^Swapped size:' \
                -e '^Process IDs:' -e '^Process commands:' -e '^IPC namespace:' <<<"$output"
            assert_output "$expected"
        done
    done
    run xipcs -m -i "$(sorted_ids m | sed -n 2p)" -P
    assert_line --index 0 --regexp '^Key: {32}0x[0-9a-f]{8} {26}$'
    assert_line 'Permissions:                        0640                                '
    assert_line 'Resident size:                      0B                                  '
}

@test "-i ID --list: a table of that object, as lsipc --list" {
    sysv_objects
    same_as_lsipc -m -i "$(sorted_ids m | sed -n 2p)" --list
    same_as_lsipc -s -i "$(sorted_ids s | head -1)" --list
}

@test "-i ID -J: one object under its kind's key" {
    sysv_objects
    id=$(sorted_ids q | head -1)
    run xipcs -q -i "$id" -J
    assert_success
    jq -e --argjson id "$id" '(.messages | length) == 1 and .messages[0].id == $id and .messages[0].msgs == 2' <<<"$output"
    jq -e 'keys == ["messages"]' <<<"$output"
}

@test "-i ID: RSS and SWAP of a segment, as /proc/sysvipc/shm has them" {
    local id rss
    id=$(ipcmk -M 3M | awk '{ print $NF }')
    head -c 1M /dev/urandom | shmcat -w "$id"
    rss=$(awk -v id="$id" 'NR > 1 && $2 == id { print $15 }' /proc/sysvipc/shm)
    ((rss >= 1048576))
    run --separate-stderr xipcs -m -i "$id" -o ID,RSS,SWAP -J
    assert_success
    jq -e --argjson id "$id" --argjson rss "$rss" \
        '.sharedmemory == [{"id": $id, "rss": $rss, "swap": 0}]' <<<"$output"
}

@test "-i ID that does not exist: an error, exit 1, nothing on stdout" {
    id=$(shm_id -M 4096)
    for f in "" -J "--list" -r; do
        run --separate-stderr xipcs -m -i $((id + 1)) --time-format=short $f
        assert_failure 1
        assert_output ""
        [[ $stderr == "xipcs: "*"shared memory id $((id + 1))"* ]]
        [[ $(wc -l <<<"$stderr") == 1 ]]
    done
}

# ---------------------------------------------------------------------------
# -g

@test "-g: limits and usage, as lsipc -g, plus the POSIX queue limits" {
    ipcmk -M 4096 >/dev/null
    ipcmk -M 1500000 >/dev/null
    ipcmk -Q >/dev/null
    # lsipc 2.38.1 counts SEMMNS as sets x the first set's size: with sets
    # of one size it is right, and the outputs can be compared.
    ipcmk -S 3 >/dev/null
    ipcmk -S 3 >/dev/null
    run lsipc -g
    expected=$output
    run xipcs -g -m -q -s
    assert_success
    assert_output "$expected"
    posix mq /a 4 64 600
    posix mq /b 4 64 600
    run xipcs -g
    assert_success
    assert_line --index 4 --regexp "^MQUMNI +Number of POSIX message queues +$(cat /proc/sys/fs/mqueue/queues_max) +2 +[0-9.]+%$"
    assert_line --regexp "^MQUMAX +Max size of POSIX message \(bytes\) +[0-9.]+[KMG]? +- +-$"
    assert_line --regexp "^MQUMNB +Max messages per POSIX message queue +$(cat /proc/sys/fs/mqueue/msg_max) +- +-$"
    run xipcs -g -Q -o RESOURCE,USED -r --noheadings
    assert_output $'MQUMNI 2\nMQUMAX -\nMQUMNB -'
    # SEMMNS is the real sum.
    ipcmk -S 1 >/dev/null
    run xipcs -g -s -o RESOURCE,USED -r --noheadings
    assert_line "SEMMNS 7"
}

@test "-g -J: typed limits, null where lsipc prints -" {
    ipcmk -M 8192 >/dev/null
    ipcmk -S 4 >/dev/null
    run xipcs -g -J
    assert_success
    j=$output
    jq -e '.ipclimits | length == 15' <<<"$j"
    jq -e '.ipclimits[] | select(.resource == "SHMMNI") | .used == 1 and (.limit | type) == "number"' <<<"$j"
    jq -e '.ipclimits[] | select(.resource == "SHMALL") | .used == 2' <<<"$j"
    jq -e '.ipclimits[] | select(.resource == "SEMMNS") | .used == 4' <<<"$j"
    jq -e --argjson max "$(cat /proc/sys/kernel/shmmni)" \
        '.ipclimits[] | select(.resource == "SHMMNI") | .limit == $max and (."use%" | type) == "number"' <<<"$j"
    jq -e --argjson max "$(cat /proc/sys/kernel/msgmax)" \
        '.ipclimits[] | select(.resource == "MSGMAX") | .limit == $max and .used == null and ."use%" == null' <<<"$j"
    jq -e '[.ipclimits[].resource] | index("MQUMNI") == 3' <<<"$j"
}

@test "-g -b: byte limits in bytes" {
    run xipcs -g -m -b -o RESOURCE,LIMIT -r --noheadings
    assert_line "SHMMAX $(cat /proc/sys/kernel/shmmax)"
    assert_line "SHMMIN 1"
}

# ---------------------------------------------------------------------------
# JSON

@test "-J: System V objects, field by field, with real types" {
    id=$(shm_id -M 1500000 -p 0640)
    hold_ipc "$id"
    q=$(queue_with_messages)
    ipcmk -S 3 >/dev/null
    run --separate-stderr xipcs -J -m -q -s -t
    assert_success
    j=$output
    key=$(lsipc -m -o KEY -r --noheadings)
    jq -e --arg key "$key" --argjson id "$id" '.sharedmemory[0] |
        .key == $key and .id == $id and .perms == "rw-r-----" and .owner == "root"
        and .size == 1500000 and .nattch == 1 and .status == null
        and (.cpid | type) == "number" and (.lpid | type) == "number"
        and (.attach | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$"))
        and .detach == null and (.ctime | type) == "string"' <<<"$j"
    jq -e --argjson q "$q" '.messages[0] | .id == $q and .usedbytes == 13 and .msgs == 2
        and .perms == "rw-r-----" and (.send | type) == "string" and .recv == null
        and (.lspid | type) == "number" and .lrpid == 0' <<<"$j"
    jq -e '.semaphores[0] | .nsems == 3 and .otime == null and (.ctime | type) == "string"' <<<"$j"
    jq -e 'keys_unsorted == ["sharedmemory", "messages", "semaphores"]' <<<"$j"
}

@test "-J: the key is a 0x string and times are ISO 8601 in UTC here" {
    $PY -c 'import sysv_ipc; sysv_ipc.SharedMemory(42, sysv_ipc.IPC_CREX, size=4096)'
    ctime=$(awk 'NR == 2 {print $14}' /proc/sysvipc/shm)
    run xipcs -m -J
    jq -e '.sharedmemory[0].key == "0x0000002a"' <<<"$output"
    jq -e --arg t "$(date -u -d "@$ctime" +%Y-%m-%dT%H:%M:%S+00:00)" '.sharedmemory[0].ctime == $t' <<<"$output"
    # --time-format still applies to JSON when given.
    run xipcs -m -J --time-format=short
    jq -e --arg t "$(date -u -d "@$ctime" +%H:%M)" '.sharedmemory[0].ctime == $t' <<<"$output"
}

@test "-J: a kind with no objects is [] under its key; every kind by default" {
    run xipcs -J
    assert_success
    j=$output
    jq -e 'keys_unsorted == ["sharedmemory", "messages", "semaphores",
                             "posixsharedmemory", "posixmessages", "posixsemaphores"]' <<<"$j"
    jq -e '.sharedmemory == [] and .messages == [] and .semaphores == []
           and .posixmessages == [] and .posixsemaphores == []' <<<"$j"
    jq -e '.posixsharedmemory == []' <<<"$j"
    run xipcs -J -q
    assert_output $'{\n   "messages": []\n}'
}

@test "-J: PIDS and COMMANDS are arrays, empty when nothing holds the object" {
    ipcmk -M 4096 >/dev/null
    posix sem /s 1 600
    run xipcs -J -m -S -o +PIDS,COMMANDS
    assert_success
    jq -e '.sharedmemory[0].pids == [] and .sharedmemory[0].commands == []' <<<"$output"
    jq -e '.posixsemaphores[0].pids == [] and .posixsemaphores[0].commands == []' <<<"$output"
}

@test "-J -b and -P: JSON sizes are bytes either way, PERMS a string" {
    ipcmk -M 2048 -p 0604 >/dev/null
    run xipcs -J -m -P
    jq -e '.sharedmemory[0].size == 2048 and .sharedmemory[0].perms == "0604"' <<<"$output"
    run xipcs -J -m -b
    jq -e '.sharedmemory[0].size == 2048 and .sharedmemory[0].perms == "rw----r--"' <<<"$output"
}

@test "-J with owners other than root: names and numeric ids" {
    need_root
    as_nobody ipcmk -M 4096 >/dev/null
    run xipcs -J -m -c -o +USER,GROUP,CUSER,CGROUP
    assert_success
    jq -e '.sharedmemory[0] | .owner == "nobody" and .uid == 65534 and .cuid == 65534
           and .user == "nobody" and .cuser == "nobody" and .group == "nogroup" and .gid == 65534' <<<"$output"
}

# ---------------------------------------------------------------------------
# POSIX objects

@test "POSIX shm, queues and semaphores: name, owner, perms, size, messages, value" {
    posix shm /seg 5000 640
    chown nobody:nogroup /dev/shm/seg
    posix mq /jobs 5 128 600 hello world
    posix sem /lock 3 660
    run --separate-stderr xipcs -M -Q -S -r --time-format=short -o NAME,OWNER,PERMS
    assert_success
    assert_output "NAME OWNER PERMS
/seg nobody rw-r-----

NAME OWNER PERMS
/jobs root rw-------

NAME OWNER PERMS
/lock root rw-rw----"
    run xipcs -M -o NAME,SIZE -b -r --noheadings
    assert_line "/seg 5000"
    run xipcs -M -o NAME,SIZE -r --noheadings
    assert_line "/seg 4.9K"
    run xipcs -Q -o NAME,USEDBYTES,MSGS,MAXMSG,MSGSIZE -r
    assert_output $'NAME USEDBYTES MSGS MAXMSG MSGSIZE\n/jobs 10B 2 5 128B'
    run xipcs -S -o NAME,VALUE -r --noheadings
    assert_output "/lock 3"
}

@test "POSIX objects: the default columns" {
    posix shm /seg 100 600
    posix mq /jobs 5 128 600
    posix sem /lock 0 600
    run xipcs -M -r --noheadings --time-format=short
    assert_line --regexp '^/seg rw------- root 100B [0-9]{2}:[0-9]{2}$'
    run xipcs -Q -r --time-format=short
    assert_line --index 0 "NAME PERMS OWNER MTIME USEDBYTES MSGS"
    run xipcs -S -r --time-format=short
    assert_line --index 0 "NAME PERMS OWNER MTIME VALUE"
    assert_line --index 1 --regexp '^/lock rw------- root [0-9]{2}:[0-9]{2} 0$'
    run xipcs -S -t -r
    assert_line --index 0 "NAME PERMS OWNER MTIME VALUE ATIME CTIME"
    run xipcs -Q -c -r
    assert_line --index 0 "NAME PERMS OWNER MTIME USEDBYTES MSGS CUID CGID"
}

@test "-J: POSIX objects, field by field" {
    posix shm /seg 5000 640
    posix mq /jobs 5 128 600 hello world
    posix sem /lock 3 660
    run --separate-stderr xipcs -J -M -Q -S -o +MAXMSG,MSGSIZE,CTIME,ATIME,UID,GID
    assert_success
    j=$output
    mtime=$(stat -c %Y /dev/shm/seg)
    jq -e --arg t "$(date -u -d "@$mtime" +%Y-%m-%dT%H:%M:%S+00:00)" '.posixsharedmemory[] | select(.name == "/seg") |
        .owner == "root" and .perms == "rw-r-----" and .size == 5000 and .mtime == $t
        and .uid == 0 and .gid == 0' <<<"$j"
    jq -e '.posixmessages == [{"name": "/jobs", "perms": "rw-------", "owner": "root",
        "mtime": .posixmessages[0].mtime, "usedbytes": 10, "msgs": 2, "maxmsg": 5, "msgsize": 128,
        "ctime": .posixmessages[0].ctime, "atime": .posixmessages[0].atime, "uid": 0, "gid": 0}]' <<<"$j"
    jq -e '.posixsemaphores[0] | .name == "/lock" and .value == 3 and .perms == "rw-rw----"' <<<"$j"
}

@test "-N NAME: the list form of one POSIX object; -J; not found is exit 1" {
    posix mq /jobs 5 128 600 hello world
    run xipcs -N jobs --time-format=full
    assert_success
    assert_line --index 0 'Name:                               /jobs                               '
    assert_line 'Messages:                           2                                   '
    assert_line 'Max message size:                   128B                                '
    assert_line --regexp '^Last action: +[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} +$'
    run xipcs -Q -N /jobs -J
    assert_success
    jq -e '.posixmessages[0].name == "/jobs" and .posixmessages[0].msgs == 2' <<<"$output"
    run xipcs -N /jobs -o NAME,MSGS --list
    assert_output $'NAME  MSGS\n/jobs 2'
    run --separate-stderr xipcs -N nope -J
    assert_failure 1
    assert_output ""
    [[ $stderr == "xipcs: find POSIX object /nope: not found" ]]
    run --separate-stderr xipcs -S -N jobs -P
    assert_failure 1
    assert_output ""
    # The same lookup and words as the ipcs face's -N.
    [[ $stderr == "xipcs: find POSIX semaphore /jobs: not found" ]]
}

@test "-N NAME: the same name in several POSIX kinds shows each" {
    posix shm /x 10 600
    posix sem /x 1 600
    run xipcs -N x -o NAME,PERMS -r
    assert_output $'NAME PERMS\n/x rw-------\n\nNAME PERMS\n/x rw-------'
    run xipcs -N x -J
    jq -e 'keys_unsorted == ["posixsharedmemory", "posixsemaphores"]' <<<"$output"
}

# ---------------------------------------------------------------------------
# Several kinds at once

@test "several kinds: one table each, a blank line between, empty kinds left out" {
    ipcmk -M 4096 >/dev/null
    ipcmk -S 2 >/dev/null
    m=$(sorted_ids m)
    s=$(sorted_ids s)
    run xipcs -m -q -s -r -o ID
    assert_output "ID
$m

ID
$s"
    # A column only some kinds have: the others are left out.
    run xipcs -m -s -r -o ID,NSEMS
    assert_output "ID
$m

ID NSEMS
$s 2"
    run xipcs -m -s -J -o NSEMS
    jq -e 'keys == ["semaphores"]' <<<"$output"
    run xipcs -m -q -s -e -o ID
    assert_output "ID=\"$m\"
ID=\"$s\""
}

@test "-a in the lsipc face lists every kind" {
    run xipcs -a -J
    jq -e 'keys | length == 6' <<<"$output"
}

# ---------------------------------------------------------------------------
# Bad arguments: one line (and the Try line), exit 2, nothing done

bad() {
    before=$(xipc_snapshot)
    run --separate-stderr xipcs "$@"
    assert_failure 2
    assert_output ""
    [[ ${stderr_lines[1]} == "Try 'xipcs --help' for more information." ]]
    [[ ${#stderr_lines[@]} == 2 ]]
    [[ $(xipc_snapshot) == "$before" ]]
}

@test "bad: -o NOPE names the column" {
    ipcmk -M 4096 >/dev/null
    bad -o NOPE
    [[ ${stderr_lines[0]} == "xipcs: unknown column: 'NOPE'" ]]
    bad -m -o KEY,NOPE -J
    [[ ${stderr_lines[0]} == "xipcs: unknown column: 'NOPE'" ]]
}

@test "bad: a column of another kind" {
    bad -m -o NSEMS
    [[ ${stderr_lines[0]} == "xipcs: column 'NSEMS' does not apply to shared memory" ]]
    bad -M -o KEY
    [[ ${stderr_lines[0]} == "xipcs: column 'KEY' does not apply to POSIX shared memory" ]]
    bad -g -o KEY
    [[ ${stderr_lines[0]} == "xipcs: column 'KEY' does not apply to limits" ]]
    bad -g -o BOGUS
    [[ ${stderr_lines[0]} == "xipcs: unknown column: 'BOGUS'" ]]
}

@test "bad: an empty column list or name" {
    bad -o ''
    bad -o KEY,
    bad -o +
    [[ ${stderr_lines[0]} == "xipcs: invalid column list: '+'" ]]
}

@test "bad: --time-format=bogus" {
    bad --time-format=bogus
    [[ ${stderr_lines[0]} == "xipcs: invalid --time-format: 'bogus' (expected short, full or iso)" ]]
}

@test "bad: output formats that exclude each other" {
    for pair in "-J -r" "-J -e" "-r -e" "-e -n" "-J --list" "-r --newline"; do
        bad $pair
        [[ ${stderr_lines[0]} == "xipcs: -J, -r, -e, -n and --list are mutually exclusive" ]]
    done
}

@test "bad: -g with -t, -c, -p, -i or -N; -o LIST with -t" {
    bad -g -t
    [[ ${stderr_lines[0]} == "xipcs: -g cannot be combined with -t, -c or -p" ]]
    bad -g -p
    bad -g -m -i 0
    [[ ${stderr_lines[0]} == "xipcs: -g cannot be combined with -i or -N" ]]
    bad -g -N x
    bad -m -t -o KEY
    [[ ${stderr_lines[0]} == "xipcs: -o replaces the columns: it cannot be combined with -t, -c or -p (add columns with -o +COLUMN)" ]]
    bad -m -c -o KEY
}

@test "bad: -N with a System V resource, -i with a POSIX one" {
    bad -m -N x -J
    [[ ${stderr_lines[0]} == "xipcs: -N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s" ]]
    bad -m -M -i 0 -J
    [[ ${stderr_lines[0]} == "xipcs: -i names a System V object: it cannot be combined with -M, -Q or -S" ]]
}
