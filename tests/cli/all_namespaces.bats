#!/usr/bin/env bats
# xipcs -A and xipcrm -A: every IPC namespace at once, the NS, CONTAINER and
# UNIT columns, orphans found and removed per namespace.
#
# Each case runs in a private pid namespace with its own /proc (in_pid_ns),
# so -A sees only the processes the case starts, never the host's.  Inside
# it, `site` starts a process in a new IPC and mount namespace with its own
# /dev/shm and /dev/mqueue, makes objects there, and holds it open; the
# case's own namespace (the test namespace) is the one listed first.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    xipc_setup
    need_root
}

# in_pid_ns SCRIPT: run SCRIPT (bash) with the functions below, in a pid
# namespace of its own with its own /proc; every process it started is
# killed when it ends.
in_pid_ns() {
    BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR unshare --pid --fork --mount-proc --kill-child -- \
        bash -euo pipefail -c "$(declare -f site ns_of); $1"
}

# site NAME [SHARE] SCRIPT: run SCRIPT in a new IPC namespace (and mount
# namespace with its own /dev/shm tmpfs and /dev/mqueue, unless SHARE is
# "share-shm"), then keep it alive with a sleep whose pid is written to
# $BATS_TEST_TMPDIR/NAME.pid once SCRIPT is done.
site() {
    local name=$1 script
    if [[ $2 == share-shm ]]; then
        script="$3"
        unshare --ipc -- bash -euo pipefail -c "$script; echo \$\$ >$BATS_TEST_TMPDIR/$name.pid; exec sleep 1000" &
    else
        script="mount -t tmpfs site-shm /dev/shm; mount -t mqueue site-mq /dev/mqueue; $2"
        unshare --ipc --mount --propagation private -- bash -euo pipefail -c \
            "$script; echo \$\$ >$BATS_TEST_TMPDIR/$name.pid; exec sleep 1000" &
    fi
    local _
    for _ in $(seq 400); do
        [[ -s $BATS_TEST_TMPDIR/$name.pid ]] && return 0
        sleep 0.05
    done
    echo "site $name did not start" >&2
    return 1
}

# ns_of NAME: the IPC namespace inode of site NAME ("own" for ours).
ns_of() {
    local link
    if [[ $1 == own ]]; then
        link=$(readlink /proc/self/ns/ipc)
    else
        link=$(readlink "/proc/$(cat "$BATS_TEST_TMPDIR/$1.pid")/ns/ipc")
    fi
    link=${link#ipc:[}
    echo "${link%]}"
}

# cgroup2: where the cgroup v2 hierarchy is mounted, if we may make cgroups
# in it (a case that makes one removes it again).
cgroup2() {
    local cg
    cg=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
    [[ -n $cg && -w $cg ]] && echo "$cg"
}

# rmcgroup DIR: remove a cgroup once its processes are gone (a pid
# namespace's die with it, but not at once).
rmcgroup() {
    local _
    for _ in $(seq 100); do
        rmdir "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    rmdir "$1"
}

@test "-A lists every namespace's objects exactly once, each with its NS" {
    run in_pid_ns "
        ipcmk -M 4096 >/dev/null
        $XIPC_TEST_BIN/posix-make shm /outer 64 0600
        site a 'ipcmk -M 8192 >/dev/null; ipcmk -Q >/dev/null; ipcmk -S 2 >/dev/null
                $XIPC_TEST_BIN/posix-make shm /a 128 0600
                $XIPC_TEST_BIN/posix-make mq /a 4 64 0600
                $XIPC_TEST_BIN/posix-make sem /a 1 0600'
        # b shares our /dev/shm: /outer is one file, listed once.
        site b share-shm 'ipcmk -M 16384 >/dev/null'
        own=\$(ns_of own) a=\$(ns_of a) b=\$(ns_of b)
        xipcs -A -b -J -o NS,SIZE,NAME >$BATS_TEST_TMPDIR/all.json
        jq -r '.sharedmemory[] | \"\(.ns) \(.size)\"' $BATS_TEST_TMPDIR/all.json >$BATS_TEST_TMPDIR/shm
        printf '%s\n' \"\$own 4096\" \"\$a 8192\" \"\$b 16384\" | diff - <(sort -k2n $BATS_TEST_TMPDIR/shm)
        [[ \$(head -1 $BATS_TEST_TMPDIR/shm) == \"\$own 4096\" ]]   # ours first
        jq -r '.messages[], .semaphores[] | .ns' $BATS_TEST_TMPDIR/all.json | diff - <(printf '%s\n' \$a \$a)
        jq -r '.posixsharedmemory[], .posixmessages[], .posixsemaphores[] | \"\(.ns) \(.name)\"' \
            $BATS_TEST_TMPDIR/all.json | diff - <(printf '%s\n' \"\$own /outer\" \"\$a /a\" \"\$a /a\" \"\$a /a\")
        echo checked
    "
    assert_success
    assert_output checked
}

@test "-A in the ipcs face: one block per namespace under a line naming it, ours first" {
    run in_pid_ns "
        ipcmk -M 4096 >/dev/null
        site a 'ipcmk -M 8192 >/dev/null'
        site b 'ipcmk -M 16384 >/dev/null'
        own=\$(ns_of own) a=\$(ns_of a) b=\$(ns_of b)
        xipcs -A -m -b >$BATS_TEST_TMPDIR/out
        # The titles: ours, then the others by inode.
        grep '^IPC namespace' $BATS_TEST_TMPDIR/out | diff - <(echo \"IPC namespace \$own\"
            printf 'IPC namespace %s\n' \$a \$b | sort -n -k3)
        # Each block holds its own segment and nothing else.
        awk '/^IPC namespace/ { ns = \$3 } /^0x/ { print ns, \$5 }' $BATS_TEST_TMPDIR/out | sort -k2n |
            diff - <(printf '%s\n' \"\$own 4096\" \"\$a 8192\" \"\$b 16384\")
        # A block is what ipcs prints inside that namespace.
        nsenter -t \$(cat $BATS_TEST_TMPDIR/a.pid) -i ipcs -m -b |
            diff - <(awk -v t=\"IPC namespace \$a\" '/^IPC namespace/ { on = (\$0 == t); next } on' $BATS_TEST_TMPDIR/out)
        echo checked
    "
    assert_success
    assert_output checked
}

@test "-A in the lsipc face: NS and CONTAINER come first" {
    run in_pid_ns "
        site a 'ipcmk -M 8192 >/dev/null'
        xipcs -A -m -r | head -1
        xipcs -A -m -r --noheadings | awk '{print \$1}' | diff - <(ns_of a)
        echo checked
    "
    assert_success
    assert_output "NS CONTAINER KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND
checked"
}

@test "-A --orphans lists the orphans of every namespace; xipcrm -A --orphans removes them, held ones survive" {
    run in_pid_ns "
        orphan=\$(ipcmk -M 4096 | awk '{print \$NF}')
        held=\$(ipcmk -M 8192 | awk '{print \$NF}')
        $XIPC_TEST_BIN/ipc-hold \$held >$BATS_TEST_TMPDIR/hold.out &
        site a 'ipcmk -M 12288 >/dev/null
                h=\$(ipcmk -M 16384); h=\${h##* }
                $XIPC_TEST_BIN/ipc-hold \$h >$BATS_TEST_TMPDIR/a-hold.out &
                $XIPC_TEST_BIN/posix-make shm /a-orphan 64 0600
                $XIPC_TEST_BIN/posix-make shm /a-held 64 0600
                $XIPC_TEST_BIN/map-hold -m /a-held >$BATS_TEST_TMPDIR/a-map.out &
                until grep -q ready $BATS_TEST_TMPDIR/a-hold.out && grep -q ready $BATS_TEST_TMPDIR/a-map.out; do
                    sleep 0.05
                done'
        own=\$(ns_of own) a=\$(ns_of a)
        until grep -q ready $BATS_TEST_TMPDIR/hold.out; do sleep 0.05; done
        xipcs -A --orphans --grace 0 -b -J -o NS,SIZE,NAME |
            jq -r '.sharedmemory[], .posixsharedmemory[] | \"\(.ns) \(.name // .size)\"' |
            diff - <(printf '%s\n' \"\$own 4096\" \"\$a 12288\" \"\$a /a-orphan\")
        # --dry-run says what would go, naming the namespace, and removes nothing.
        xipcrm -A --orphans --grace 0 --dry-run | sort | diff - <(sort <<EOF
would remove shared memory segment id \\\`\$orphan' in IPC namespace \$own
would remove shared memory segment id \\\`0' in IPC namespace \$a
would remove POSIX shared memory \\\`/a-orphan' in IPC namespace \$a
EOF
        )
        [[ \$(xipcs -A -m -J | jq '.sharedmemory | length') == 4 ]]
        xipcrm -A --orphans --grace 0 -v | tail -1 | diff - <(echo 'removed 3 objects')
        xipcs -A -b -J -o NS,SIZE,NAME -m -M |
            jq -r '.sharedmemory[], .posixsharedmemory[] | \"\(.ns) \(.name // .size)\"' |
            diff - <(printf '%s\n' \"\$own 8192\" \"\$a 16384\" \"\$a /a-held\")
        echo checked
    "
    assert_success
    assert_output checked
}

@test "CONTAINER and the ipcs title name the container of a real cgroup named as Docker names it" {
    local cg
    cg=$(cgroup2) || skip "no writable cgroup v2 hierarchy"
    local id=3f2a1c9e0b7d5a6c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5
    local made_docker=no
    [[ -d $cg/docker ]] || { mkdir "$cg/docker" && made_docker=yes; }
    mkdir "$cg/docker/$id"
    run in_pid_ns "
        site a 'ipcmk -M 8192 >/dev/null'
        a=\$(ns_of a) own=\$(ns_of own)
        # A process of another namespace, moved into the container's cgroup.
        echo \$(cat $BATS_TEST_TMPDIR/a.pid) >$cg/docker/$id/cgroup.procs
        ipcmk -M 4096 >/dev/null
        # (Our own namespace's container is whatever the machine running the
        # suite is in: only the one made here is asserted.)
        xipcs -A -m -b -r -o NS,CONTAINER,SIZE | grep \"^\$a \" | diff - <(echo \"\$a docker\\\\x203f2a1c9e0b7d 8192\")
        xipcs -A -m -J -o NS,CONTAINER | jq -c \".sharedmemory[] | select(.ns == \$a)\" |
            diff - <(echo \"{\\\"ns\\\":\$a,\\\"container\\\":\\\"docker 3f2a1c9e0b7d\\\"}\")
        xipcs -A -m >$BATS_TEST_TMPDIR/out
        grep -m1 '^IPC namespace' $BATS_TEST_TMPDIR/out | grep -q \"^IPC namespace \$own\"
        grep \"^IPC namespace \$a\" $BATS_TEST_TMPDIR/out | diff - <(echo \"IPC namespace \$a (docker 3f2a1c9e0b7d)\")
        echo checked
    "
    local status_was=$status output_was=$output
    # The pid namespace is gone with its processes: the cgroup is empty.
    rmcgroup "$cg/docker/$id"
    [[ $made_docker == no ]] || rmdir "$cg/docker"
    assert_not_exist "$cg/docker/$id"
    status=$status_was output=$output_was
    assert_success
    assert_output checked
}

@test "UNIT: the systemd unit of an object's holders, read from their cgroup" {
    local cg
    cg=$(cgroup2) || skip "no writable cgroup v2 hierarchy"
    local unit=xipc-unit-test-$$.service
    mkdir "$cg/$unit"
    run in_pid_ns "
        $XIPC_TEST_BIN/posix-make shm /held 64 0600
        $XIPC_TEST_BIN/posix-make shm /idle 64 0600
        bash -c 'echo \$\$ >$cg/$unit/cgroup.procs; exec $XIPC_TEST_BIN/map-hold -m /held' >$BATS_TEST_TMPDIR/hold.out &
        until grep -q ready $BATS_TEST_TMPDIR/hold.out; do sleep 0.05; done
        xipcs -M -r -o NAME,UNIT --sort NAME
        xipcs -M -J -o NAME,UNIT | jq -c '.posixsharedmemory'
    "
    local status_was=$status output_was=$output
    rmcgroup "$cg/$unit"
    assert_not_exist "$cg/$unit"
    status=$status_was output=$output_was
    assert_success
    assert_output "NAME UNIT
/held $unit
/idle 
[{\"name\":\"/held\",\"unit\":\"$unit\"},{\"name\":\"/idle\",\"unit\":null}]"
}

@test "--tree: namespace, unit and object, with sizes and holders, with -A and --orphans" {
    local cg unit=xipc-tree-test-$$.service
    cg=$(cgroup2) || skip "no writable cgroup v2 hierarchy"
    mkdir "$cg/$unit"
    run in_pid_ns "
        $XIPC_TEST_BIN/posix-make shm /held 1000 0600
        bash -c 'echo \$\$ >$cg/$unit/cgroup.procs; exec $XIPC_TEST_BIN/map-hold -n 2 -m /held' >$BATS_TEST_TMPDIR/hold.out &
        until grep -q ready $BATS_TEST_TMPDIR/hold.out; do sleep 0.05; done
        site a 'xipcmk -M 4096 -k 0x1001 --quiet >/dev/null; xipcmk -M 8192 -k 0x2002 --quiet >/dev/null
                xipcmk -Q -k 0x2003 --quiet >/dev/null'
        echo \$(ns_of own) \$(ns_of a) >$BATS_TEST_TMPDIR/ns
        xipcs -A --tree -b
        xipcs -A --tree -b --orphans --grace 0 --noheadings
    "
    local status_was=$status output_was=$output
    rmcgroup "$cg/$unit"
    assert_not_exist "$cg/$unit"
    status=$status_was output=$output_was
    local own a
    read -r own a <"$BATS_TEST_TMPDIR/ns"
    assert_success
    # Run inside a container, our own namespace's title names it, and the
    # widths below are other.
    [[ ${lines[1]} != *"("* ]] || skip "the suite runs inside a container: ${lines[1]}"
    # The unit's name is as long as this shell's pid: its line is padded to the column.
    local unit_line
    unit_line=$(printf '%-35s %5s %7s' "\`-$unit" 1000 2)
    # Ours first; the namespace with no orphan is left out of the second.
    assert_output "$(cat <<EOF
NAME                                 SIZE HOLDERS
IPC namespace $own             1000       2
$unit_line
  \`-POSIX shared memory /held        1000       2
IPC namespace $a            12288       0
\`-(no unit)                         12288       0
  |-message queue 0x00002003 (id 0)     0       0
  |-shared memory 0x00001001 (id 0)  4096       0
  \`-shared memory 0x00002002 (id 1)  8192       0
IPC namespace $a            12288       0
\`-(no unit)                         12288       0
  |-shared memory 0x00001001 (id 0)  4096       0
  \`-shared memory 0x00002002 (id 1)  8192       0
EOF
)"
}

@test "--tree: not with the other outputs, one object or the limits" {
    local args
    for args in "-J:--json" "-m -i 0:--id" "--export=openmetrics:--export" "-o KEY:--output" "-r:--raw" \
        "-t:--time" "-l:--limits" "-g:--global"; do
        # shellcheck disable=SC2086
        refused xipcs --tree ${args%%:*}
        [[ $refusal == "xipcs: --tree cannot be combined with ${args#*:}" ]]
    done
}

@test "-A without privilege: what it could not see or enter is said, its own namespace is listed, exit 1" {
    run --separate-stderr in_pid_ns "
        ipcmk -M 4096 >/dev/null
        site a 'ipcmk -M 8192 >/dev/null'
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- xipcs -A -m -b || echo \"exit \$?\"
    "
    assert_success
    # (Titled with the container the suite runs in, if it runs in one.)
    assert_line --index 0 --regexp "^IPC namespace $(readlink /proc/self/ns/ipc | tr -dc 0-9)( \(.*\))?\$"
    assert_line --partial "4096"
    refute_line --partial "8192"
    assert_line "exit 1"
    [[ $stderr =~ ^"xipcs: read the IPC namespace of "[0-9]+" processes: Permission denied (run as root to see every namespace)"$ ]]
}

@test "xipcrm -A without privilege: what it could not see or enter is said, nothing removed, exit 1" {
    run --separate-stderr in_pid_ns "
        ipcmk -M 4096 >/dev/null
        # A namespace nobody may see (its own process) but not enter.
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- unshare --user --ipc -- \
            bash -c 'echo \$\$; exec sleep 1000' >$BATS_TEST_TMPDIR/theirs.pid &
        for _ in \$(seq 400); do [[ -s $BATS_TEST_TMPDIR/theirs.pid ]] && break; sleep 0.05; done
        echo \$(ns_of theirs) \$(cat $BATS_TEST_TMPDIR/theirs.pid) >$BATS_TEST_TMPDIR/ns
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- xipcrm -A --orphans --grace 0 --dry-run ||
            echo \"exit \$?\"
        ipcs -m | grep -c '^0x'
    "
    local theirs pid
    read -r theirs pid <"$BATS_TEST_TMPDIR/ns"
    assert_success
    # Nothing removed.
    assert_output "exit 1
1"
    # Our own namespace: its root-owned orphan is one nobody may not remove;
    # the other one is seen (nobody's own process) but cannot be entered.
    [[ ${#stderr_lines[@]} == 4 ]]
    [[ ${stderr_lines[0]} =~ ^"xipcrm: read the IPC namespace of "[0-9]+" process"(es)?": Permission denied (run as root to see every namespace)"$ ]]
    [[ ${stderr_lines[1]} =~ ^"xipcrm: IPC namespace "[0-9]+": process attribution is partial: " ]]
    [[ ${stderr_lines[2]} =~ ^"xipcrm: IPC namespace "[0-9]+": remove shared memory id "[0-9]+": Permission denied"$ ]]
    [[ ${stderr_lines[3]} == "xipcrm: enter IPC namespace $theirs (process $pid): only root can do that" ]]
}

@test "-A: usage errors, nothing read or removed" {
    local args
    for args in "-A -m -i 0" "-A -M -N x" "-A --ns 1" "-A -l" "-A -u" "-A -g"; do
        # shellcheck disable=SC2086
        refused xipcs $args
        local opt=${args#-A }
        opt=${opt%% *}
        case $opt in -m) opt=--id ;; -M) opt=--name ;; -l) opt=--limits ;; -u) opt=--summary ;; -g) opt=--global ;; esac
        [[ $refusal == "xipcs: --all-namespaces cannot be combined with $opt" ]]
    done
    refused xipcrm -A -m 0
    [[ $refusal == "xipcrm: --all-namespaces cannot be combined with ids, keys or names (they are per namespace: use --ns for one)" ]]
    refused xipcrm -A --orphans --ns 1
    [[ $refusal == "xipcrm: --all-namespaces cannot be combined with --ns" ]]
    refused xipcrm -A -a
    [[ $refusal == "xipcrm: --all-namespaces removes orphans only: add --orphans" ]]
}
