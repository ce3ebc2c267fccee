#!/usr/bin/env bats
# xipcs, the audit: the PIDS and COMMANDS columns for every kind, --orphans
# with --grace, the filters --owner, --older-than, --min-size, --sort (both
# faces), --watch, --ns and --export=openmetrics.  Holders are real
# processes: tests/helpers/ipc-hold, map-hold, python3-sysv-ipc, sleep.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    xipc_setup
    HOLDERS=()
}
teardown() {
    local p
    for p in "${HOLDERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
}

PY=/usr/bin/python3

# hold_open PATH — a `sleep` holding PATH open; its pid in $held.
hold_open() {
    sleep 1000 5<>"$1" 3>&- &
    held=$!
    HOLDERS+=("$held")
    local _
    for _ in $(seq 400); do
        [[ $(cat "/proc/$held/comm" 2>/dev/null) == sleep ]] && return 0
        sleep 0.05
    done
    return 1
}

shm_id() { ipcmk -M "${1:-4096}" | awk '{print $NF}'; }
posix() { "$XIPC_TEST_BIN/posix-make" "$@"; }

# The ids or names xipcs lists, one a line: `listed -m --orphans ...`.
listed() {
    xipcs "$@" -J | jq -r '.[][] | (.id // .name) | tostring'
}

# ---- PIDS and COMMANDS ----------------------------------------------------------

@test "PIDS, COMMANDS: every process attached to a System V segment" {
    id=$(shm_id)
    lone=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    a=$held
    hold "$XIPC_TEST_BIN/ipc-hold" -r "$id"
    b=$held
    run --separate-stderr xipcs -m -o ID,NATTCH,PIDS,COMMANDS -r
    assert_success
    assert_output "ID NATTCH PIDS COMMANDS
$id 2 $a,$b ipc-hold,ipc-hold
$lone 0  "
    [[ -z $stderr ]]
    run xipcs -m -J -o ID,PIDS,COMMANDS
    assert_success
    [[ $(jq -c ".sharedmemory[] | select(.id == $id) | [.pids, .commands]" <<<"$output") == "[[$a,$b],[\"ipc-hold\",\"ipc-hold\"]]" ]]
    [[ $(jq -c ".sharedmemory[] | select(.id == $lone) | [.pids, .commands]" <<<"$output") == '[[],[]]' ]]
    # The -i list form of the lsipc face shows them too.
    run xipcs -m -i "$id" -P
    assert_success
    assert_line "$(printf '%-36s%-36s' 'Process IDs:' "$a,$b")"
    assert_line "$(printf '%-36s%-36s' 'Process commands:' ipc-hold,ipc-hold)"
}

@test "PIDS, COMMANDS: POSIX shared memory, queues and semaphores mapped or held, System V too" {
    id=$(shm_id)
    posix shm /seg 8192 600
    posix mq /q 4 64 600 hello
    posix sem /s 1 600
    posix shm /idle 4096 600
    # Three processes, each mapping or holding every object.
    hold "$XIPC_TEST_BIN/map-hold" -n 3 -s "$id" -m /seg -q /q -e /s
    pids=$( (echo "$held"; pgrep -P "$held") | sort -n | paste -sd,)
    run xipcs -J -o ID,NAME,PIDS,COMMANDS
    assert_success
    [[ $(jq -c ".sharedmemory[] | select(.id == $id) | .pids" <<<"$output") == "[$pids]" ]]
    for kind in posixsharedmemory posixmessages posixsemaphores; do
        local name=/seg
        [[ $kind == posixmessages ]] && name=/q
        [[ $kind == posixsemaphores ]] && name=/s
        [[ $(jq -c ".$kind[] | select(.name == \"$name\") | .pids" <<<"$output") == "[$pids]" ]]
        [[ $(jq -c ".$kind[] | select(.name == \"$name\") | .commands" <<<"$output") == '["map-hold","map-hold","map-hold"]' ]]
    done
    [[ $(jq -c '.posixsharedmemory[] | select(.name == "/idle") | .pids' <<<"$output") == '[]' ]]
}

@test "PIDS: an fd on /dev/mqueue and on /dev/shm counts, as a mapping does" {
    posix mq /jobs 4 64 600
    posix shm /opened 4096 600
    hold_open /dev/mqueue/jobs
    q=$held
    hold_open /dev/shm/opened
    s=$held
    run xipcs -M -Q -o NAME,PIDS,COMMANDS -r --noheadings
    assert_success
    assert_output "/opened $s sleep

/jobs $q sleep"
}

@test "PIDS: System V queues and semaphore sets have none (empty arrays)" {
    ipcmk -Q >/dev/null
    ipcmk -S 2 >/dev/null
    run xipcs -q -s -J -o PIDS,COMMANDS
    assert_success
    [[ $(jq -c '[.messages[], .semaphores[]]' <<<"$output") == '[{"pids":[],"commands":[]},{"pids":[],"commands":[]}]' ]]
}

@test "-p in the lsipc face adds PIDS and COMMANDS" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    run xipcs -m -p -J
    assert_success
    [[ $(jq -c '.sharedmemory[0] | [.cpid > 0, .pids, .commands]' <<<"$output") == "[true,[$held],[\"ipc-hold\"]]" ]]
}

@test "not root: one line says attribution is partial; as root, nothing" {
    need_root
    posix shm /shared 4096 666
    hold "$XIPC_TEST_BIN/map-hold" -m /shared
    root_holder=$held
    run --separate-stderr as_nobody xipcs -M -o NAME,PIDS -r
    assert_success
    # Root's process cannot be read by nobody: the object looks unheld.
    assert_output "NAME PIDS
/shared "
    ((${#stderr_lines[@]} == 1))
    [[ $stderr =~ ^xipcs:\ process\ attribution\ is\ partial:\ [1-9][0-9]*\ process(es)?\ could\ not\ be\ read\ \(run\ as\ root\ to\ see\ them\ all\)$ ]]
    run --separate-stderr xipcs -M -o NAME,PIDS -r
    assert_success
    assert_output "NAME PIDS
/shared $root_holder"
    [[ -z $stderr ]]
    # Without a holder column (and no --orphans) no pass is made: no note.
    run --separate-stderr as_nobody xipcs -M -o NAME -r
    [[ -z $stderr ]]
}

# ---- --orphans, --grace -----------------------------------------------------------

@test "--orphans: a segment whose holder and creator are gone is listed; attached ones are not" {
    a=$(shm_id)
    b=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$a" "$b"
    h=$held
    hold "$XIPC_TEST_BIN/ipc-hold" "$b"
    run listed -m --orphans
    assert_success
    assert_output ""
    end_holder "$h"
    # Attached once: the grace period does not apply, the default spares it not.
    run listed -m --orphans
    assert_output "$a"
}

@test "--orphans --grace: a never-attached segment is fresh within the grace period" {
    id=$(shm_id)
    run listed -m --orphans --grace 1h
    assert_success
    assert_output ""
    run listed -m --orphans --grace 0
    assert_output "$id"
}

@test "--orphans: a detached segment whose creator runs is not an orphan, until it exits" {
    hold "$PY" -c '
import sysv_ipc, signal
m = sysv_ipc.SharedMemory(None, sysv_ipc.IPC_CREX, size=4096)
m.attach(); m.detach()
print("ready", flush=True)
signal.pause()'
    id=$(awk 'NR > 1 {print $2}' /proc/sysvipc/shm)
    run listed -m --orphans --grace 0
    assert_output ""
    end_holder "$held"
    run listed -m --orphans --grace 0
    assert_output "$id"
}

@test "--orphans: a segment marked for removal but still attached is not an orphan" {
    id=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$id"
    ipcrm -m "$id"
    run xipcs -m -o ID,STATUS -r --noheadings
    assert_output "$id dest"
    run listed -m --orphans --grace 0
    assert_output ""
}

@test "--orphans: POSIX objects once nobody maps or holds them; --grace spares recent ones" {
    posix shm /seg 4096 600
    posix mq /q 4 64 600
    posix sem /s 1 600
    hold "$XIPC_TEST_BIN/map-hold" -m /seg -q /q -e /s
    h=$held
    run listed -M -Q -S --orphans --grace 0
    assert_success
    assert_output ""
    end_holder "$h"
    run listed -M -Q -S --orphans --grace 0
    assert_output "/seg
/q
/s"
    run listed -M -Q -S --orphans --grace 1d
    assert_output ""
}

@test "--orphans: System V queues and semaphore sets never are" {
    ipcmk -Q >/dev/null
    ipcmk -S 1 >/dev/null
    run xipcs -q -s --orphans --grace 0 -J
    assert_success
    [[ $(jq -c . <<<"$output") == '{"messages":[],"semaphores":[]}' ]]
}

@test "--orphans in the ipcs face: the same rows, ipcs's layout" {
    orphan=$(shm_id 1000)
    used=$(shm_id 2000)
    hold "$XIPC_TEST_BIN/ipc-hold" "$used"
    posix shm /gone 4096 640
    run --separate-stderr xipcs -m -M --orphans --grace 0
    assert_success
    # util-linux ipcs's own section, without the attached segment's row.
    assert_output "$(ipcs -m | awk -v id="$used" '$2 != id')

------ POSIX Shared Memory --------
name                 owner      perms      bytes     
/gone                root       640        4096      "
    [[ -z $stderr ]]
}

@test "--grace without --orphans or --export=openmetrics is a usage error" {
    run --separate-stderr xipcs --grace 1s
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: --grace goes with --orphans or --export=openmetrics" ]]
    run --separate-stderr xipcs --orphans --grace soon
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: "*"soon"* ]]
}

# ---- --owner, --older-than, --min-size, --sort -------------------------------------

@test "--owner: by name or uid, in both faces; an unknown user is a usage error" {
    mine=$(shm_id)
    theirs=$(as_nobody ipcmk -M 4096 | awk '{print $NF}')
    run listed -m --owner nobody
    assert_output "$theirs"
    run listed -m --owner "$(id -u nobody)"
    assert_output "$theirs"
    run listed -m --owner root
    assert_output "$mine"
    run xipcs -m --owner nobody
    assert_success
    [[ $(awk 'NR > 3 && NF {print $2, $3}' <<<"$output") == "$theirs nobody" ]]
    before=$(xipc_snapshot)
    run --separate-stderr xipcs --owner no-such-user-here
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: invalid owner: 'no-such-user-here' (no such user)" ]]
    [[ -z $output ]]
    [[ $(xipc_snapshot) == "$before" ]]
}

@test "--older-than: objects changed at least that long ago" {
    old=$(shm_id)
    posix shm /old 4096 600
    sleep 2.1
    run listed -m -M --older-than 2s
    assert_output "$old
/old"
    run listed -m -M --older-than 1d
    assert_output ""
    run --separate-stderr xipcs --older-than 2x
    assert_failure 2
}

@test "--min-size: segments and queued bytes at least that large; semaphores have none" {
    small=$(shm_id 4096)
    big=$(shm_id 100000)
    posix shm /ten 10240 600
    posix mq /busy 4 100 600 0123456789
    posix sem /s 1 600
    run listed --min-size 10K
    assert_success
    assert_output "$big
/ten"
    run listed --min-size 10
    assert_output "$small
$big
/ten
/busy"
    run xipcs -m --min-size 10KB -b
    assert_success
    [[ $(awk 'NR > 3 && NF {print $2, $5}' <<<"$output") == "$big 100000" ]]
    run --separate-stderr xipcs --min-size 4Q
    assert_failure 2
}

@test "--sort: numeric columns numerically, text bytewise, in both faces" {
    a=$(shm_id 100000)
    b=$(shm_id 9)
    c=$(shm_id 4096)
    run xipcs -m -o ID,SIZE -b -r --sort SIZE
    assert_output "ID SIZE
$b 9
$c 4096
$a 100000"
    run xipcs -m -o ID,SIZE -b -r --sort size
    assert_output "ID SIZE
$b 9
$c 4096
$a 100000"
    # The ipcs face, rows reordered, nothing else changed.
    run xipcs -m --sort SIZE
    assert_success
    [[ $(awk 'NR > 3 && NF {print $2}' <<<"$output" | paste -sd' ') == "$b $c $a" ]]
    posix shm /b 1 600
    posix shm /a 1 600
    posix shm /c 1 600
    run xipcs -M -o NAME -r --noheadings --sort NAME
    assert_output "/a
/b
/c"
}

@test "--sort PIDS: objects without holders last" {
    a=$(shm_id)
    b=$(shm_id)
    c=$(shm_id)
    hold "$XIPC_TEST_BIN/ipc-hold" "$c"
    hc=$held
    hold "$XIPC_TEST_BIN/ipc-hold" "$a"
    # By the holders' pids, whichever is lower first (pids may wrap).
    first=$c second=$a
    ((hc < held)) || { first=$a; second=$c; }
    run xipcs -m -o ID -r --noheadings --sort PIDS
    assert_output "$first
$second
$b"
}

@test "--sort: an unknown column, or one no listed kind has, is a usage error" {
    run --separate-stderr xipcs --sort NOPE
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: --sort: unknown column: 'NOPE'" ]]
    run --separate-stderr xipcs -s --sort SIZE
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: --sort: column 'SIZE' does not apply to semaphore set" ]]
}

@test "filters do not go with -i, -N, -l, -u or -g" {
    id=$(shm_id)
    for extra in "-m -i $id" "-M -N x" "-l" "-u" "-g"; do
        run --separate-stderr xipcs $extra --min-size 1
        assert_failure 2
        [[ ${stderr_lines[0]} == "xipcs: --orphans, --owner, --older-than, --min-size and --sort filter listings: not with -i, -N, -l, -u or -g" ]]
    done
}

# ---- --watch --------------------------------------------------------------------------

# watch_until COUNT PATTERN SIGNAL CMD...: run CMD in the background with
# stdout in $BATS_TEST_TMPDIR/watch (CMD writes its pid, or its exec'ed
# xipcs's, to $BATS_TEST_TMPDIR/watch.pid), wait until PATTERN (grep -E)
# occurs COUNT times, send SIGNAL to xipcs; $status and $output as `run`.
watch_until() {
    local count=$1 pattern=$2 signal=$3 _
    shift 3
    "$@" >"$BATS_TEST_TMPDIR/watch" 2>"$BATS_TEST_TMPDIR/watch.err" 3>&- &
    local bg=$!
    HOLDERS+=("$bg")
    for _ in $(seq 1200); do
        (($(grep -cE -- "$pattern" "$BATS_TEST_TMPDIR/watch") >= count)) && break
        sleep 0.05
    done
    kill "-$signal" "$(cat "$BATS_TEST_TMPDIR/watch.pid")"
    status=0
    wait "$bg" || status=$?
    output=$(cat "$BATS_TEST_TMPDIR/watch")
}

# Write our pid where watch_until finds it, then become xipcs.  (A
# background job runs with SIGINT ignored; xipcs waits for it with the
# signal blocked, where Linux keeps even an ignored signal pending.)
as_watched() {
    echo "$BASHPID" >"$BATS_TEST_TMPDIR/watch.pid"
    exec xipcs "$@"
}

@test "--watch=interval: snapshots until SIGINT, a blank line between them, exit 0" {
    id=$(shm_id)
    watch_until 3 '^ID$' INT as_watched --watch=0.2 -m -o ID -r
    ((status == 0))
    [[ ! -s $BATS_TEST_TMPDIR/watch.err ]]
    frames=$(grep -c '^ID$' <<<"$output")
    ((frames >= 3))
    # Every frame is the same listing; frames are separated by one blank line.
    expected=$(for ((i = 0; i < frames; i++)); do ((i)) && echo; printf 'ID\n%s\n' "$id"; done)
    assert_output "$expected"
}

@test "--watch: SIGTERM ends it cleanly too; the default interval is 2s" {
    id=$(shm_id)
    watch_until 1 '^ID$' TERM as_watched --watch -m -o ID -r
    ((status == 0))
    assert_output "ID
$id"
}

@test "--watch on a terminal redraws in place under a header" {
    id=$(shm_id)
    export BATS_TEST_TMPDIR
    watch_until 2 $'\e\\[H' INT script -qec "bash -c 'echo \$\$ >$BATS_TEST_TMPDIR/watch.pid; exec xipcs --watch=0.2 -m -o ID -r'" /dev/null
    ((status == 0))
    # Cursor home, the header, a blank line, the listing, each line cleared
    # to its end, the rest of the screen cleared: at least twice.
    [[ $(grep -o $'\e\\[H' <<<"$output" | wc -l) -ge 2 ]]
    [[ $output == *$'\e[HEvery 0.2s: xipcs --watch=0.2 -m -o ID -r'* ]]
    [[ $output == *$'\e[K\r\n\e[K\r\nID\e[K\r\n'"$id"$'\e[K\e[J'* ]]
}

@test "--watch: a bad interval, or one given without '=', is a usage error" {
    run --separate-stderr xipcs --watch=0
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: --watch interval too short: '0' (at least 100ms)" ]]
    run --separate-stderr xipcs --watch=often
    assert_failure 2
    run --separate-stderr xipcs --watch 2
    assert_failure 2
    [[ -z $output ]]
    assert_equal "${stderr_lines[0]}" "xipcs: unexpected argument: '2' (a value for --watch must be attached: --watch=2)"
    run --separate-stderr xipcs --export openmetrics
    assert_failure 2
    assert_equal "${stderr_lines[0]}" \
        "xipcs: unexpected argument: 'openmetrics' (a value for --export must be attached: --export=openmetrics)"
}

# ---- --ns ---------------------------------------------------------------------------

# A process in its own IPC and mount namespaces, with a System V segment,
# a POSIX segment and a queue of its own; its pid in $inner.
start_inner() {
    hold unshare --ipc --mount --propagation private -- bash -c '
        mount -t tmpfs inner /dev/shm && mount -t mqueue inner /dev/mqueue || exit 1
        ipcmk -M 2000 >/dev/null && : >/dev/shm/inside && truncate -s 3000 /dev/shm/inside || exit 1
        echo ready
        exec "$XIPC_TEST_BIN/ipc-hold" 0'
    inner=$held
}

@test "--ns PID: the objects of that process's IPC and mount namespaces, its holders" {
    need_root
    shm_id 1000 >/dev/null
    posix shm /outside 1000 600
    start_inner
    run --separate-stderr xipcs --ns "$inner" -m -M -o SIZE,PIDS -b -J
    assert_success
    [[ $(jq -c . <<<"$output") == "{\"sharedmemory\":[{\"size\":2000,\"pids\":[$inner]}],\"posixsharedmemory\":[{\"size\":3000,\"pids\":[]}]}" ]]
    run xipcs --ns "$inner" -M -o NAME -r --noheadings
    assert_output "/inside"
    # Our own namespace is unchanged.
    run xipcs -M -o NAME -r --noheadings
    assert_output "/outside"
}

@test "--ns: refused when not root, for a missing process, for a bad pid" {
    need_root
    start_inner
    run --separate-stderr as_nobody xipcs --ns "$inner"
    assert_failure 1
    [[ -z $output ]]
    [[ $stderr == "xipcs: enter the IPC and mount namespaces of process $inner: only root can do that" ]]
    run --separate-stderr xipcs --ns 2147483647
    assert_failure 1
    [[ $stderr == "xipcs: enter the namespaces of process 2147483647: no such process" ]]
    for bad in 0 99999999999; do
        run --separate-stderr xipcs --ns "$bad"
        assert_failure 2
    done
}

# ---- --export=openmetrics --------------------------------------------------------------

# A small parser: the exposition's grammar as the textfile collector reads
# it — HELP and TYPE before each family's samples, families not repeated,
# every sample "name{labels} integer", a final "# EOF".
check_exposition() {
    awk '
        /^# HELP / { next }
        /^# TYPE [a-z_:][a-z0-9_:]* gauge$/ {
            if ($3 in seen) { print "family repeated: " $3; bad = 1 }
            seen[$3] = 1; family = $3; next
        }
        /^# EOF$/ { eof = NR; next }
        {
            if (eof) { print "after # EOF: " $0; bad = 1 }
            if ($0 !~ /^[a-z_:][a-z0-9_:]*\{([a-z_]+="([^"\\]|\\.)*",?)*\} -?[0-9]+$/) { print "bad sample: " $0; bad = 1 }
            name = $0; sub(/\{.*/, "", name)
            if (name != family) { print "sample outside its family: " $0; bad = 1 }
        }
        END { if (!eof || eof != NR) { print "no final # EOF"; bad = 1 } exit bad }'
}

@test "--export=openmetrics: gauges per kind and per object, valid for promtool and the parser" {
    orphan=$(shm_id 1000)
    used=$(shm_id 2000)
    hold "$XIPC_TEST_BIN/ipc-hold" "$used"
    ipcmk -S 3 >/dev/null
    posix mq /jobs 4 64 600 hi there
    posix sem /lock 1 600
    run --separate-stderr xipcs --export=openmetrics --grace 0
    assert_success
    [[ -z $stderr ]]
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/xipc.prom"
    run promtool check metrics <"$BATS_TEST_TMPDIR/xipc.prom"
    assert_success
    assert_output ""
    check_exposition <"$BATS_TEST_TMPDIR/xipc.prom"
    prom=$(cat "$BATS_TEST_TMPDIR/xipc.prom")
    for line in \
        'xipc_objects{kind="sysv-shm"} 2' 'xipc_objects{kind="sysv-sem"} 1' 'xipc_objects{kind="posix-shm"} 0' \
        'xipc_bytes{kind="sysv-shm"} 3000' 'xipc_bytes{kind="posix-mq"} 7' \
        'xipc_orphans{kind="sysv-shm"} 1' 'xipc_orphans{kind="posix-mq"} 1' 'xipc_orphans{kind="sysv-sem"} 0' \
        "xipc_object_attachments{kind=\"sysv-shm\",id=\"$used\",key=\"$(key_of shm "$used")\",owner=\"root\"} 1" \
        "xipc_object_holders{kind=\"sysv-shm\",id=\"$used\",key=\"$(key_of shm "$used")\",owner=\"root\"} 1" \
        'xipc_object_size_bytes{kind="posix-mq",name="/jobs",owner="root"} 7' \
        'xipc_object_messages{kind="posix-mq",name="/jobs",owner="root"} 2' \
        'xipc_object_value{kind="posix-sem",name="/lock",owner="root"} 1' \
        'xipc_object_orphan{kind="posix-sem",name="/lock",owner="root"} 1'; do
        grep -qxF -- "$line" <<<"$prom" || { echo "missing: $line"; return 1; }
    done
    grep -qx 'xipc_object_semaphores{kind="sysv-sem",id="[0-9]*",key="0x[0-9a-f]\{8\}",owner="root"} 3' <<<"$prom"
    grep -qx "xipc_object_orphan{kind=\"sysv-shm\",id=\"$orphan\",.*} 1" <<<"$prom"
}

@test "--export=openmetrics with filters and resource options: the gauges cover what is listed" {
    orphan=$(shm_id 1000)
    used=$(shm_id 2000)
    hold "$XIPC_TEST_BIN/ipc-hold" "$used"
    run xipcs --export=openmetrics -m --orphans --grace 0
    assert_success
    [[ $(grep -c '^xipc_objects{' <<<"$output") == 1 ]]
    grep -qx 'xipc_objects{kind="sysv-shm"} 1' <<<"$output"
    grep -qx 'xipc_orphans{kind="sysv-shm"} 1' <<<"$output"
    grep -q "^xipc_object_size_bytes{kind=\"sysv-shm\",id=\"$orphan\"," <<<"$output"
    ! grep -q "id=\"$used\"" <<<"$output"
    printf '%s\n' "$output" | promtool check metrics
    # Nothing to report is still a valid exposition.
    xipc_reset
    run xipcs --export=openmetrics -M
    assert_output '# HELP xipc_objects IPC objects, by kind.
# TYPE xipc_objects gauge
xipc_objects{kind="posix-shm"} 0
# HELP xipc_bytes Bytes held by the objects of a kind: shared memory sizes, bytes in use in queues.
# TYPE xipc_bytes gauge
xipc_bytes{kind="posix-shm"} 0
# HELP xipc_orphans Objects no live process maps or holds and whose creator is gone (as xipcs lists them).
# TYPE xipc_orphans gauge
xipc_orphans{kind="posix-shm"} 0
# EOF'
    printf '%s\n' "$output" | check_exposition
}

@test "--export=openmetrics: odd names are escaped into valid label values" {
    posix shm '/we"ird\name' 1 600
    : >"/dev/shm/"$'bad\xffbyte'
    : >"/dev/shm/"$'esc\e[31mred\nline'
    run xipcs --export=openmetrics -M --grace 0
    assert_success
    grep -qxF 'xipc_object_size_bytes{kind="posix-shm",name="/we\"ird\\name",owner="root"} 1' <<<"$output"
    # Escaped for a terminal first (\xNN, as every text output), then for
    # the format: never a raw control byte, always UTF-8.
    grep -qxF 'xipc_object_size_bytes{kind="posix-shm",name="/bad\\xffbyte",owner="root"} 0' <<<"$output"
    grep -qxF 'xipc_object_size_bytes{kind="posix-shm",name="/esc\\x1b[31mred\\x0aline",owner="root"} 0' <<<"$output"
    [[ $output != *$'\e'* ]]
    printf '%s\n' "$output" | promtool check metrics
    printf '%s\n' "$output" | check_exposition
}

@test "--export: plain, it is -e; =openmetrics refuses the other output options" {
    shm_id >/dev/null
    run xipcs -m -o ID,SIZE -e
    expected=$output
    run xipcs -m -o ID,SIZE --export
    assert_output "$expected"
    [[ $expected == 'ID="'*'" SIZE="4K"' ]]
    run xipcs -m -o ID,SIZE -ey
    assert_output "$expected"
    for extra in -J -r -e "-o ID" -b -t "-i 0 -m" -g --noheadings "--time-format=iso"; do
        run --separate-stderr xipcs --export=openmetrics $extra
        assert_failure 2
        [[ ${stderr_lines[0]} == "xipcs: --export=openmetrics cannot be combined with "* ]]
    done
    run --separate-stderr xipcs --export=prometheus
    assert_failure 2
    [[ ${stderr_lines[0]} == "xipcs: invalid --export format: 'prometheus' (expected openmetrics)" ]]
}
