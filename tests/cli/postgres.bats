#!/usr/bin/env bats
# A real PostgreSQL 15 server as the IPC peer: its System V segment and its
# POSIX dynamic shared memory (/dev/shm/PostgreSQL.*), the postmaster and
# its children as holders, and what --orphans says while it runs and after
# every server process was killed with SIGKILL; then xipcrm --orphans
# cleaning up after the crash, and the cluster starting again.
#
# The cluster lives in a throw-away directory, is started inside the test
# namespace by pg_start and always stopped by teardown.  To add a scenario
# (xipcrm --orphans, a restart after the clean-up), start the cluster with
# pg_start, use pg_shm_ids / pg_shm_names / pg_pids, and end it with pg_kill9
# or leave it to teardown.

bats_require_minimum_version 1.5.0
load ../helpers/common

PGBIN=/usr/lib/postgresql/15/bin

setup_file() {
    [[ -x $PGBIN/initdb ]] || {
        echo "postgresql-15 is not installed (./dev deps installs it)" >&2
        return 1
    }
    [[ $EUID == 0 ]] || return 0 # every case skips (need_root)
    PGROOT=$(mktemp -d /tmp/xipc-postgres.XXXXXX)
    export PGROOT
    chmod 755 "$PGROOT"
    chown postgres: "$PGROOT"
    as_postgres "$PGBIN/initdb" -D "$PGROOT/data" -A trust -U postgres --no-sync >"$PGROOT/initdb.log" 2>&1 || {
        cat "$PGROOT/initdb.log" >&2
        return 1
    }
}

teardown_file() {
    [[ -n ${PGROOT:-} && -d $PGROOT ]] && rm -rf "$PGROOT"
    return 0
}

setup() {
    need_root
    xipc_setup
    PGPIDS=()
    HOLDERS=()
}

teardown() {
    pg_kill9 || true
    local p
    for p in "${HOLDERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
}

as_postgres() { runuser -u postgres -- "$@"; }

# pg_start: start the cluster (POSIX dynamic shared memory, a Unix socket in
# $PGROOT only) and wait until it accepts connections.  $POSTMASTER is its pid.
pg_start() {
    # A postmaster killed earlier may still be a zombie until its reaper (not
    # us: pg_ctl left it to init) collects it; a new one would take the
    # zombie's pid in postmaster.pid for a running server.
    local old _
    old=$(head -n 1 "$PGROOT/data/postmaster.pid" 2>/dev/null || true)
    for _ in $(seq 1200); do
        [[ -n $old && -e /proc/$old ]] || break
        sleep 0.05
    done
    as_postgres "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 120 \
        -o "-c dynamic_shared_memory_type=posix -c unix_socket_directories=$PGROOT -c listen_addresses='' -c autovacuum=off -c shared_buffers=16MB" \
        start >/dev/null || {
        cat "$PGROOT/server.log" >&2
        return 1
    }
    POSTMASTER=$(head -n 1 "$PGROOT/data/postmaster.pid")
    PGPIDS=("$POSTMASTER")
    # A query: the server is up, its children running.
    as_postgres "$PGBIN/psql" -h "$PGROOT" -U postgres -Atc 'select 1' postgres >/dev/null
}

# pg_pids: the postmaster and its children, sorted, one a line.
pg_pids() {
    { echo "$POSTMASTER"; pgrep -P "$POSTMASTER"; } | sort -n
}

# The cluster's objects: the System V segment the postmaster created, the
# POSIX segments named PostgreSQL.*.
pg_shm_ids() { awk -v pm="$POSTMASTER" 'NR > 1 && $5 == pm {print $2}' /proc/sysvipc/shm; }
pg_shm_names() { (cd /dev/shm && ls -1 | grep '^PostgreSQL\.' | sed 's|^|/|' | sort) || true; }

# pg_kill9: SIGKILL to the postmaster and every child it has, by pid, then
# wait until none runs any more (a zombie waiting for its reaper counts as
# gone: it maps nothing).
pg_kill9() {
    [[ -n ${POSTMASTER:-} ]] || return 0
    local pids p _
    pids=$(pg_pids)
    PGPIDS+=($pids)
    for p in "${PGPIDS[@]}"; do
        kill -9 "$p" 2>/dev/null || true
    done
    for p in "${PGPIDS[@]}"; do
        for _ in $(seq 400); do
            [[ -e /proc/$p && $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] || break
            sleep 0.05
        done
    done
    POSTMASTER=
}

@test "a running server: its System V and POSIX segments, held by the postmaster and its children" {
    pg_start
    ids=$(pg_shm_ids)
    names=$(pg_shm_names)
    [[ $(wc -l <<<"$ids") == 1 && -n $ids ]]
    [[ -n $names ]]
    # The server's processes, taken before and after xipcs looks: a
    # snapshot where they did not change (a backend may still be exiting,
    # a launcher starting).
    local before after json _
    for _ in $(seq 50); do
        before=$(pg_pids | paste -sd,)
        json=$(xipcs -m -M -J -o ID,NAME,CPID,NATTCH,PIDS,COMMANDS)
        after=$(pg_pids | paste -sd,)
        [[ $before == "$after" ]] && break
        sleep 0.2
    done
    [[ $before == "$after" ]]
    (($(tr ',' '\n' <<<"$before" | wc -l) >= 3))
    # System V: the postmaster made it, every server process is attached.
    run jq -c --argjson id "$ids" '.sharedmemory[] | select(.id == $id) | [.cpid, .nattch, .pids, (.commands | unique)]' <<<"$json"
    assert_output "[$POSTMASTER,$(tr ',' '\n' <<<"$before" | wc -l),[$before],[\"postgres\"]]"
    # POSIX dynamic shared memory: the control segment, made by the
    # postmaster before it forked, is mapped by every server process; the
    # others (DSA areas) by the processes using them.  Every holder is a
    # server process.
    run jq -c '[.posixsharedmemory[] | select(.pids | length == '"$(tr ',' '\n' <<<"$before" | wc -l)"') | .pids]' <<<"$json"
    assert_output "[[$before]]"
    for name in $names; do
        run jq -c --arg n "$name" --argjson all "[$before]" \
            '.posixsharedmemory[] | select(.name == $n) | [(.pids | length > 0), (.pids - $all), (.commands | unique)]' <<<"$json"
        assert_output '[true,[],["postgres"]]'
    done
    # None of it is an orphan, whatever the grace period.
    run xipcs --orphans --grace 0 -J
    assert_success
    [[ $(jq -c '[.[][]]' <<<"$output") == '[]' ]]
}

@test "after SIGKILL to every server process, --orphans lists exactly the cluster's objects" {
    pg_start
    ids=$(pg_shm_ids)
    names=$(pg_shm_names)
    run xipcs --orphans --grace 0 -J
    [[ $(jq -c '[.[][]]' <<<"$output") == '[]' ]]
    pg_kill9
    # The objects outlive the server...
    [[ $(awk -v id="$ids" 'NR > 1 && $2 == id {print $7}' /proc/sysvipc/shm) == 0 ]]
    [[ $(pg_shm_names) == "$names" ]]
    # ...and are exactly the orphans.
    run --separate-stderr xipcs --orphans --grace 0 -J
    assert_success
    [[ -z $stderr ]]
    [[ $(jq -r '.sharedmemory[].id' <<<"$output") == "$ids" ]]
    [[ $(jq -r '.posixsharedmemory[].name' <<<"$output" | sort) == "$names" ]]
    [[ $(jq -c '[.messages[], .semaphores[], .posixmessages[], .posixsemaphores[]]' <<<"$output") == '[]' ]]
    # The ipcs face says the same.
    run xipcs -m --orphans --grace 0
    [[ $(awk 'NR > 3 && NF {print $2}' <<<"$output") == "$ids" ]]
}

# ---- xipcrm --orphans: cleaning up after the crash ------------------------------------

# The objects of an `xipcs -J -o ID,NAME` listing (stdin) as one sorted list,
# [{"kind":"sharedmemory","id":5},{"kind":"posixsharedmemory","name":"/PostgreSQL.1"}, ...].
objects_of() { jq -c '[to_entries[] | .key as $kind | .value[] | {kind: $kind} + .] | sort'; }

# Every object in the namespace.
ipc_objects() { xipcs -J -o ID,NAME | objects_of; }

# The same shape for the cluster's segments: ids, then names.
cluster_objects() {
    jq -nc --arg ids "$1" --arg names "$2" '
        [($ids | split("\n")[] | select(. != "") | {kind: "sharedmemory", id: tonumber}),
         ($names | split("\n")[] | select(. != "") | {kind: "posixsharedmemory", name: .})] | sort'
}

# removed BEFORE AFTER: what is in BEFORE and not in AFTER.
removed() { jq -nc --argjson before "$1" --argjson after "$2" '$before - $after'; }

@test "after SIGKILL, xipcrm --orphans --grace 0 removes exactly the cluster's objects; the cluster starts again cleanly" {
    pg_start
    ids=$(pg_shm_ids)
    names=$(pg_shm_names)
    # Other objects, in use or never orphans, must stay.
    other=$(ipcmk -M 4096 | awk '{print $NF}')
    hold "$XIPC_TEST_BIN/ipc-hold" "$other"
    xipcmk -m 4K -n /busy -q >/dev/null
    hold "$XIPC_TEST_BIN/map-hold" -m /busy -q /busy
    ipcmk -Q -S 1 >/dev/null
    pg_kill9
    expected=$(cluster_objects "$ids" "$names")
    # xipcs and xipcrm agree on what the orphans are.
    assert_equal "$(xipcs --orphans --grace 0 -J -o ID,NAME | objects_of)" "$expected"
    before=$(ipc_objects)
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    assert_equal "$stderr" ''
    assert_equal "$(removed "$before" "$(ipc_objects)")" "$expected"
    # -v names each of them, and only them.
    assert_equal "$(grep -c '^removing ' <<<"$output")" "$(jq length <<<"$expected")"
    assert_line "removing shared memory segment id \`$ids'"
    for name in $names; do
        assert_line "removing POSIX shared memory \`$name'"
    done
    assert_line "removed $(jq length <<<"$expected") objects"
    # The cluster starts again, with no complaint about what was left
    # behind, and answers over its socket.
    log_lines=$(wc -l <"$PGROOT/server.log")
    pg_start
    run as_postgres "$PGBIN/psql" -h "$PGROOT" -U postgres -Atc 'select 1' postgres
    assert_success
    assert_output 1
    run tail -n +"$((log_lines + 1))" "$PGROOT/server.log"
    refute_output --regexp 'FATAL|PANIC|shared memory block'
    assert_output --partial 'database system is ready to accept connections'
    [[ -n $(pg_shm_ids) && $(pg_shm_ids) != "$ids" ]]
}

@test "xipcrm --orphans leaves a running cluster alone" {
    pg_start
    before=$(ipc_objects)
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    assert_output 'removed 0 objects'
    assert_equal "$(ipc_objects)" "$before"
    run as_postgres "$PGBIN/psql" -h "$PGROOT" -U postgres -Atc 'select 1' postgres
    assert_output 1
}

@test "a dead cluster's segment attached by a live process survives xipcrm --orphans" {
    pg_start
    ids=$(pg_shm_ids)
    names=$(pg_shm_names)
    pg_kill9
    hold "$XIPC_TEST_BIN/ipc-hold" "$ids"
    before=$(ipc_objects)
    run --separate-stderr xipcrm --orphans --grace 0 -v
    assert_success
    refute_line --partial 'shared memory segment id'
    # Only the POSIX segments were orphans.
    assert_equal "$(removed "$before" "$(ipc_objects)")" "$(cluster_objects '' "$names")"
    assert_equal "$(awk -v id="$ids" 'NR > 1 && $2 == id {print $7}' /proc/sysvipc/shm)" 1
}
