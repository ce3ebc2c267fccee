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
