#!/usr/bin/env bats
# The xipc-orphans service and timer (packaging/systemd; the service is
# written from xipc-orphans.service.in when it is installed): systemd
# accepts them, the sandbox is as tight as the job allows, and the service's
# exact ExecStart line, run with no more than the unit's capabilities,
# removes the orphans older than its grace period and nothing else.  The
# installed units are checked again by debian.bats.

bats_require_minimum_version 1.5.0
load ../helpers/common

UNITS=$XIPC_SOURCE/packaging/systemd

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

# unit_value UNIT KEY: every value of KEY= in UNIT (its source), one a line.
unit_value() {
    local file=$UNITS/$1
    [[ -f $file ]] || file+=.in
    sed -n "s/^$2=//p" "$file"
}

# The two units in a folder of their own, as installed, except that the
# service starts the xipcrm of this build.
units_here() {
    local d=$BATS_TEST_TMPDIR/units
    mkdir -p "$d"
    sed "s|^ExecStart=@XIPC_BINDIR@/xipcrm |ExecStart=$XIPC_BIN/xipcrm |" "$UNITS/xipc-orphans.service.in" >"$d/xipc-orphans.service"
    cp "$UNITS/xipc-orphans.timer" "$d/"
    echo "$d"
}

@test "systemd-analyze verify accepts the service and the timer without a word" {
    d=$(units_here)
    grep -q "^ExecStart=$XIPC_BIN/xipcrm --orphans " "$d/xipc-orphans.service"
    # The man pages are checked where they are installed (debian.bats).
    run --separate-stderr systemd-analyze verify --man=no "$d/xipc-orphans.service" "$d/xipc-orphans.timer"
    assert_success
    assert_output ""
    assert_equal "$stderr" ""
}

@test "the timer starts the service hourly and is what an admin enables" {
    assert_equal "$(unit_value xipc-orphans.timer OnCalendar)" hourly
    assert_equal "$(unit_value xipc-orphans.timer WantedBy)" timers.target
    run systemd-analyze calendar "$(unit_value xipc-orphans.timer OnCalendar)"
    assert_success
    assert_line --regexp '^ *Normalized form: \*-\*-\* \*:00:00$'
    # The service is started by the timer only: no [Install] of its own.
    run grep -c '^\[Install\]' "$UNITS/xipc-orphans.service.in"
    assert_output 0
}

@test "the grace period is set in one place, an hour, and ExecStart takes it from there" {
    assert_equal "$(unit_value xipc-orphans.service Environment)" XIPC_ORPHAN_GRACE=1h
    assert_equal "$(unit_value xipc-orphans.service ExecStart | sed 's|^[^ ]*/||')" \
        'xipcrm --orphans --grace ${XIPC_ORPHAN_GRACE} --verbose'
}

@test "systemd-analyze security: what is left open is what the job needs" {
    d=$(units_here)
    run --separate-stderr systemd-analyze security --offline=true --threshold=16 "$d/xipc-orphans.service"
    assert_success
    assert_line --regexp '^→ Overall exposure level for xipc-orphans.service: 1\.[0-6] OK'
    # Every exposure left, and why (see the comments in the unit): root and
    # three capabilities to read every process and remove other users'
    # objects, the whole process tree and /proc/sysvipc in sight, the host's
    # root and users, AF_UNIX for NSS, ProtectClock's read access to the RTC.
    mapfile -t open < <(grep '^✗' <<<"$output" | awk '{print $2}' | sort)
    assert_equal "${open[*]}" "$(printf '%s\n' 'CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)' \
        CapabilityBoundingSet=~CAP_SYS_ADMIN CapabilityBoundingSet=~CAP_SYS_PTRACE DeviceAllow= \
        PrivateUsers= ProcSubset= ProtectProc= RestrictAddressFamilies=~AF_UNIX \
        RootDirectory=/RootImage= User=/DynamicUser= | sort | xargs)"
}

# ---- the job itself ---------------------------------------------------------------

# Not a function: a holder started through one would not be $!.
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)

# run_service [GRACE]: the service's ExecStart line as systemd runs it: its
# words with ${XIPC_ORPHAN_GRACE} expanded (to GRACE, as a drop-in would
# set it, or to the unit's own value), with only the unit's bounding set of
# capabilities and no new privileges, without a network, on a read-only
# root.  Sets $output, $stderr and $status.
run_service() {
    local grace words bs c
    grace=${1:-$(unit_value xipc-orphans.service Environment | sed -n 's/^XIPC_ORPHAN_GRACE=//p')}
    read -ra words <<<"$(unit_value xipc-orphans.service ExecStart)"
    words=("${words[@]//'${XIPC_ORPHAN_GRACE}'/$grace}")
    [[ ${words[0]} == @XIPC_BINDIR@/xipcrm ]] || fail "ExecStart runs ${words[0]}"
    words[0]=$XIPC_BIN/xipcrm
    bs=-all
    for c in $(unit_value xipc-orphans.service CapabilityBoundingSet); do
        c=${c#CAP_}
        bs+=,+${c,,}
    done
    run --separate-stderr unshare --mount --net -- bash -c 'mount -o remount,bind,ro / && exec "$@"' _ \
        setpriv --bounding-set="$bs" --inh-caps=-all --no-new-privs -- "${words[@]}"
}

@test "the service's command, with the unit's capabilities only, removes other users' orphans older than the grace period" {
    need_root
    # nobody's objects, mode 0600: root needs its capabilities for each.
    old=$("${NOBODY[@]}" ipcmk -M 4096 -p 0600 | awk '{print $NF}')
    hold "${NOBODY[@]}" "$XIPC_TEST_BIN/ipc-hold" "$old"
    kill "$held"
    wait "$held" 2>/dev/null || true
    fresh=$("${NOBODY[@]}" ipcmk -M 4096 -p 0600 | awk '{print $NF}')
    busy=$("${NOBODY[@]}" ipcmk -M 4096 -p 0600 | awk '{print $NF}')
    hold "${NOBODY[@]}" "$XIPC_TEST_BIN/ipc-hold" "$busy"
    "${NOBODY[@]}" xipcmk -m 1K -n /unused -p 0600 >/dev/null
    "${NOBODY[@]}" xipcmk -m 1K -n /mapped -p 0600 >/dev/null
    hold "${NOBODY[@]}" "$XIPC_TEST_BIN/map-hold" -m /mapped
    queue=$("${NOBODY[@]}" ipcmk -Q -p 0600 | awk '{print $NF}')
    # The unit's hour: only the segment attached once, whose creator and
    # last user are gone, is an orphan; the fresh ones are spared.
    run_service
    assert_success
    assert_equal "$stderr" ""
    assert_output "removing shared memory segment id \`$old'
removed 1 object"
    assert_equal "$(awk 'NR > 1 {print $2}' /proc/sysvipc/shm | sort -n | xargs)" "$fresh $busy"
    # A drop-in's grace of 0: the fresh ones go too, what is in use and the
    # queue (never an orphan) stay.
    run_service 0
    assert_success
    assert_equal "$stderr" ""
    assert_line "removing shared memory segment id \`$fresh'"
    assert_line "removing POSIX shared memory \`/unused'"
    assert_line "removed 2 objects"
    assert_equal "${#lines[@]}" 3
    assert_equal "$(awk 'NR > 1 {print $2}' /proc/sysvipc/shm | xargs)" "$busy"
    assert_equal "$(awk 'NR > 1 {print $2}' /proc/sysvipc/msg | xargs)" "$queue"
    assert_equal "$(ls /dev/shm)" mapped
}
