#!/usr/bin/env bats
# xipcs -F, --fifos: the named FIFOs processes hold open, with who reads and
# who writes.  The command namespace shares the host's pid namespace, so each
# case runs its scene in a private pid namespace with its own /proc
# (`scene`): the only FIFOs there are the case's own, and pids are known.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    D=$BATS_TEST_TMPDIR/d
    mkdir -p "$D"
    export D
}

# scene SCRIPT: run SCRIPT under bash in a new pid namespace with a fresh
# /proc, in $D, with the helpers below; every process it starts dies with it.
scene() {
    unshare --pid --fork --mount-proc -- bash -c "set -euo pipefail; cd \"\$D\"; $(declare -f held); $1"
}

# held PID: wait until PID has exec'd sleep (its redirections are open then).
held() {
    local i
    for ((i = 0; i < 1000; i++)); do
        [[ $(cat "/proc/$1/comm" 2>/dev/null) == sleep ]] && return 0
        sleep 0.01
    done
    echo "process $1 never opened its FIFO" >&2
    return 1
}

@test "-F: a FIFO with a reader and a writer, ipcs face, exact text" {
    run --separate-stderr scene '
        mkfifo -m 0640 f
        sleep 1000 <f & r=$!
        sleep 1000 >f & w=$!
        held $r; held $w
        xipcs -F >out
        w20=$(( ${#D} + 2 > 20 ? ${#D} + 2 : 20 ))
        {
            echo
            echo "------ FIFOs --------"
            printf "%-${w20}s %-10s %-10s %-12s %-12s\n" path owner perms readers writers
            printf "%-${w20}s %-10s %-10s %-12s %-12s\n" "$D/f" root 640 $r $w
            echo
        } >want
        diff want out'
    assert_success
    assert_output ''
    assert_equal "$stderr" ''
}

@test "-F -J: path, readers, writers, pids and commands as typed JSON" {
    run --separate-stderr scene '
        mkfifo -m 0600 f
        sleep 1000 <f & r=$!
        sleep 1000 >f & w=$!
        held $r; held $w
        xipcs -F -J -o PATH,INODE,OWNER,PERMS,UID,USER,GID,GROUP,READERS,WRITERS,PIDS,COMMANDS >out
        jq -e --arg p "$D/f" --argjson r $r --argjson w $w --argjson ino $(stat -c %i f) "
            (.fifos | length) == 1 and .fifos[0].path == \$p and .fifos[0].inode == \$ino
            and .fifos[0].owner == \"root\" and .fifos[0].perms == \"rw-------\"
            and .fifos[0].uid == 0 and .fifos[0].user == \"root\" and .fifos[0].gid == 0
            and .fifos[0].group == \"root\"
            and .fifos[0].readers == [\$r] and .fifos[0].writers == [\$w]
            and .fifos[0].pids == ([\$r, \$w] | sort) and .fifos[0].commands == [\"sleep\", \"sleep\"]" out'
    assert_success
    assert_output 'true'
}

@test "-F: a FIFO nobody holds and an anonymous pipe are not listed" {
    run --separate-stderr scene '
        mkfifo idle busy
        sleep 1000 | sleep 1000 & p=$!
        sleep 1000 <>busy & b=$!
        held $p; held $b
        [[ $(readlink /proc/$p/fd/0) == pipe:* ]]
        xipcs -F -J | jq -r ".fifos[].path"'
    assert_success
    assert_output "$D/busy"
}

@test "-F -J with no FIFO gives an empty list under fifos, as the other kinds" {
    run --separate-stderr scene 'xipcs -F -J'
    assert_success
    assert_output '{
   "fifos": []
}'
    run --separate-stderr xipcs -M -J
    assert_output '{
   "posixsharedmemory": []
}'
}

@test "-F: a FIFO held for reading and writing shows the pid in both lists" {
    run --separate-stderr scene '
        mkfifo f
        bash -c "exec 3<>f; exec sleep 1000" & p=$!
        held $p
        xipcs -F -J | jq -c "[.fifos[] | {readers, writers}]"
        echo $p >pid'
    assert_success
    local p
    p=$(cat "$D/pid")
    assert_output "[{\"readers\":[$p],\"writers\":[$p]}]"
}

@test "-F: an unlinked FIFO still held shows its path with (deleted)" {
    run --separate-stderr scene '
        mkfifo f
        sleep 1000 <>f & p=$!
        held $p
        rm f
        xipcs -F -J -o PATH,READERS,WRITERS | jq -c ".fifos[]"
        echo $p >pid'
    assert_success
    local p
    p=$(cat "$D/pid")
    assert_output "{\"path\":\"$D/f (deleted)\",\"readers\":[$p],\"writers\":[$p]}"
}

@test "-F --orphans: FIFOs are never orphans" {
    run --separate-stderr scene '
        mkfifo f
        sleep 1000 <>f & p=$!
        held $p
        xipcs -F --orphans -J; xipcs -F --orphans'
    assert_success
    assert_output '{
   "fifos": []
}

------ FIFOs --------
path                 owner      perms      readers      writers     '
}

@test "-F --owner: only the FIFOs of that user" {
    run --separate-stderr scene '
        mkfifo mine theirs
        chown nobody theirs
        sleep 1000 <>mine & a=$!
        sleep 1000 <>theirs & b=$!
        held $a; held $b
        xipcs -F --owner nobody -J | jq -r ".fifos[] | .path, .owner"
        xipcs --fifos --owner root -J | jq -r ".fifos[] | .path"'
    assert_success
    assert_output "$D/theirs
nobody
$D/mine"
}

@test "-F: -t, -p, -c, -b and --human show the same FIFO section" {
    run --separate-stderr scene '
        mkfifo f
        sleep 1000 <>f & p=$!
        held $p
        xipcs -F >plain
        for o in -t -p -c -b --human; do xipcs -F $o | cmp plain -; done
        grep -c "^$D/f " plain'
    assert_success
    assert_output '1'
}

@test "-F goes after the other sections, and -a alone has none" {
    run --separate-stderr scene '
        mkfifo f
        sleep 1000 <>f & p=$!
        held $p
        xipcs -a -F | grep "^------"
        xipcs -a | grep -c FIFO || true'
    assert_success
    assert_output '------ Message Queues --------
------ Shared Memory Segments --------
------ Semaphore Arrays --------
------ POSIX Message Queues --------
------ POSIX Shared Memory --------
------ POSIX Semaphores --------
------ FIFOs --------
0'
}

@test "-F --sort: by a FIFO column" {
    run --separate-stderr scene '
        mkfifo b a
        sleep 1000 <>b & p=$!
        sleep 1000 <>a & q=$!
        held $p; held $q
        xipcs -F --sort PATH -J | jq -r ".fifos[].path"
        xipcs -F --sort READERS -J | jq -r ".fifos[].path"'
    assert_success
    assert_output "$D/a
$D/b
$D/b
$D/a"
}

@test "bad combinations with -F exit 2 with one line" {
    local cmd
    for cmd in "-F -i 0" "-F -m -i 0" "-F -M -N x" "-F -l" "-F -u" "-F -g" "-F --export=openmetrics" \
        "-F -o KEY" "-m -o READERS"; do
        run --separate-stderr xipcs $cmd
        assert_failure 2
        assert_output ''
        assert_equal "${#stderr_lines[@]}" 2
        assert_regex "${stderr_lines[0]}" '^xipcs: '
    done
}
