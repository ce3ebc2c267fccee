# Shared set-up for the command tests (bats).  Every .bats file does:
#
#   load ../helpers/common
#   setup() { xipc_setup; }
#
# The file runs inside tests/helpers/in-namespace (a private IPC and mount
# namespace); xipc_setup empties that namespace before each case, so every
# case starts with no IPC objects at all, and refuses to run anywhere else.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load /usr/lib/bats/bats-file/load

: "${XIPC_SOURCE:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${XIPC_BIN:=$XIPC_SOURCE/build/release/bin}"
: "${XIPC_TEST_BIN:=$XIPC_BIN/../test-bin}"
export PATH="$XIPC_BIN:$PATH"
export XIPC_SOURCE XIPC_BIN XIPC_TEST_BIN
export LC_ALL=C.UTF-8 TZ=UTC

# Fail loudly unless we are inside the private namespace.
xipc_require_namespace() {
    if [[ ${XIPC_IN_NAMESPACE:-} != 1 ]] || ! awk '$5 == "/dev/shm" && $(NF-1) == "xipc-shm" {found=1} END {exit !found}' /proc/self/mountinfo; then
        echo "not inside a private IPC namespace: run through tests/helpers/in-namespace" >&2
        return 1
    fi
    if [[ $(readlink /proc/self/ns/ipc) == "$(readlink /proc/1/ns/ipc)" ]]; then
        echo "the IPC namespace is the host's: refusing to touch it" >&2
        return 1
    fi
}

# Remove every IPC object in the namespace: a fresh start for each case.
xipc_reset() {
    xipc_require_namespace || return 1
    local kind id
    for kind in m q s; do
        for id in $(ipcs -$kind | awk 'NR>3 && $2 ~ /^[0-9]+$/ {print $2}'); do
            ipcrm -$kind "$id" 2>/dev/null || true
        done
    done
    find /dev/shm -mindepth 1 -delete 2>/dev/null || true
    find /dev/mqueue -mindepth 1 -delete 2>/dev/null || true
}

xipc_setup() {
    xipc_reset
}

# Everything the namespace holds, one line per object, for before/after
# comparisons: a failing command must leave this unchanged.
xipc_snapshot() {
    {
        cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | awk 'NR==1 || !/^ *key/'
        ls -ln --time-style=+%s /dev/shm /dev/mqueue
        cat /dev/mqueue/* 2>/dev/null || true
    } | sed 's/  */ /g'
}

# Run a command as nobody.
as_nobody() {
    setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

need_root() {
    [[ $EUID == 0 ]] && [[ $(awk '/^Uid:/ {print $2}' /proc/self/status) == 0 ]] || skip "needs root"
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null || skip "setpriv cannot switch to nobody here"
}

# assert_one_error_line COMMAND — after `run`, stderr (bats merges it into
# $output unless --separate-stderr) holds the single expected line.
assert_usage_error() {
    assert_failure 2
    assert_line --index 0 --partial "$1"
}

# need COMMAND: skip the case when COMMAND is not built in this tree.
need() { command -v "$1" >/dev/null || skip "$1 is not built in this tree"; }

# need_unsanitized: skip in an ASan build (its test preset sets ASAN_OPTIONS)
# a case that hides /proc from a command: the sanitizer runtime reads its
# options and checks for leaks through /proc and fails without it.  The
# release build runs the case.
need_unsanitized() { [[ -z ${ASAN_OPTIONS:-} ]] || skip "hides /proc, which an ASan build's runtime needs"; }

# hold PEER [ARGS...]: start a test peer (tests/helpers/*.c) that prints
# "ready" once it maps or holds its objects, and wait for that.  Its pid is
# $held and joins HOLDERS, which end_holders stops in teardown.  The peer
# keeps none of bats's descriptors (3, and 8 which some cases use to pause
# a command), so bats never waits for it.
HOLDERS=()
hold() {
    local out _
    out=$(mktemp "$BATS_TEST_TMPDIR/ready.XXXXXX")
    "$@" >"$out" 3>&- 8>&- &
    held=$!
    HOLDERS+=("$held")
    for _ in $(seq 400); do
        grep -q '^ready$' "$out" && return 0
        kill -0 "$held" 2>/dev/null || break
        sleep 0.05
    done
    echo "holder did not get ready: $*" >&2
    cat "$out" >&2
    return 1
}

# end_holder PID: end one holder and wait until it is gone from /proc (a
# child of this shell stays a zombie until reaped).
end_holder() {
    kill "$1" 2>/dev/null || true
    local _
    for _ in $(seq 400); do
        [[ -e /proc/$1 ]] || return 0
        [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == Z ]] && {
            wait "$1" 2>/dev/null || true
            return 0
        }
        sleep 0.05
    done
    return 1
}

# end_holders: stop every holder the case started (for teardown).
end_holders() {
    local p
    for p in "${HOLDERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    HOLDERS=()
}

# refused COMMAND...: a usage error, as the whole suite expects one: exit 2,
# nothing on stdout, "COMMAND: ..." and the Try line on stderr, and the
# namespace as it was.  The first stderr line is left in $refusal.
refused() {
    local before cmd=$1
    before=$(xipc_snapshot)
    run --separate-stderr "$@"
    assert_failure 2
    assert_output ''
    [[ ${#stderr_lines[@]} == 2 && ${stderr_lines[0]} == "$cmd: "* ]] || fail "stderr: $stderr"
    assert_equal "${stderr_lines[1]}" "Try '$cmd --help' for more information."
    assert_equal "$(xipc_snapshot)" "$before"
    refusal=${stderr_lines[0]}
}

# sysv_ids KIND: the ids of System V objects of KIND (shm, msg, sem), one a
# line, in /proc's order.
sysv_ids() { awk 'NR > 1 {print $2}' "/proc/sysvipc/$1"; }

# key_of KIND ID: the key of System V object ID as 0x%08x (/proc shows keys
# as signed decimals).
key_of() { awk -v id="$2" 'NR > 1 && $2 == id { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' "/proc/sysvipc/$1"; }
