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
