#!/usr/bin/env bats
# The harness itself: every case runs in a private, empty namespace.

load ../helpers/common
setup() { xipc_setup; }

@test "the namespace is private and starts empty" {
    run xipc_require_namespace
    assert_success
    run ipcs -m
    assert_output --partial "Shared Memory Segments"
    refute_output --regexp '0x[0-9a-f]{8}'
    run ls /dev/shm /dev/mqueue
    assert_output $'/dev/mqueue:\n\n/dev/shm:'
}

@test "objects made in one case are gone in the next (1)" {
    ipcmk -M 4096
    run ipcs -m
    assert_output --regexp '0x[0-9a-f]{8}'
}

@test "objects made in one case are gone in the next (2)" {
    run ipcs -m
    refute_output --regexp '0x[0-9a-f]{8}'
}

@test "the snapshot changes when an object appears" {
    before=$(xipc_snapshot)
    ipcmk -Q
    after=$(xipc_snapshot)
    assert_not_equal "$before" "$after"
}

# ---- a tree only root can enter ---------------------------------------------------

# The cases that run programs as nobody or postgres must pass wherever the
# clone is, even in a folder only root can enter (root's home, a mktemp -d
# folder).  private_tree makes one from this tree: read-only bind mounts of
# the source and build trees inside a 0700 folder, in this case's private
# mount namespace; teardown takes them down again.
private_tree() {
    PRIVATE=$(mktemp -d "$BATS_TEST_TMPDIR/root-only.XXXXXX")
    chmod 700 "$PRIVATE"
    mkdir "$PRIVATE/src" "$PRIVATE/build"
    mount -o bind,ro "$XIPC_SOURCE" "$PRIVATE/src"
    mount -o bind,ro "${XIPC_BUILD:-$XIPC_BIN/..}" "$PRIVATE/build"
}

teardown() {
    if [[ -n ${PRIVATE:-} ]]; then
        umount "$PRIVATE/src" "$PRIVATE/build" 2>/dev/null || true
    fi
}

# in_private_tree COMMAND...: COMMAND run as ctest runs a test file, from
# the private tree: through its in-namespace, from its build/tests folder,
# with a clean environment pointing there.
in_private_tree() {
    (cd "$PRIVATE/build/tests" &&
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
            XIPC_SOURCE="$PRIVATE/src" XIPC_BUILD="$PRIVATE/build" \
            XIPC_BIN="$PRIVATE/build/bin" XIPC_TEST_BIN="$PRIVATE/build/test-bin" \
            "$PRIVATE/src/tests/helpers/in-namespace" "$@")
}

@test "from a tree only root can enter, nobody reaches the commands, the helpers and its working folder" {
    need_root
    private_tree
    # Without the view, nobody could not even look at it.
    run setpriv --reuid=nobody --regid=nogroup --clear-groups -- bash -c 'cd "$1"' _ "$PRIVATE/build/tests"
    assert_failure
    run --separate-stderr in_private_tree setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
        bash -c 'cd "$PWD" && ls "$XIPC_TEST_BIN/ipc-hold" >/dev/null &&
                 head -n 1 "$XIPC_SOURCE/tests/helpers/fifo-reader.py" && "$XIPC_BIN/xipcs" --version'
    assert_success
    assert_equal "$stderr" ""
    assert_output "$(head -n 1 "$XIPC_SOURCE/tests/helpers/fifo-reader.py")
xipcs (xipc) $(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "${XIPC_BUILD:-$XIPC_BIN/..}/CMakeCache.txt")"
}

@test "from a tree only root can enter, every PostgreSQL case passes (the server runs as postgres)" {
    need_root
    private_tree
    run in_private_tree bats --tap "$PRIVATE/src/tests/cli/postgres.bats"
    assert_success
    cases=$(grep -c '^@test ' "$XIPC_SOURCE/tests/cli/postgres.bats")
    assert_line --index 0 "1..$cases"
    assert_equal "$(grep -c '^ok [0-9]* [^#]*$' <<<"$output")" "$cases"
    refute_line --partial 'Permission denied'
}
