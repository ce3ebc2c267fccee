#!/usr/bin/env bats
# The .rpm, made by CPack from the release build (packaging/CPackConfig.cmake):
# it holds the binaries, man pages, completions and units, and claims no
# directory of another package.  It is built and read, never installed.

bats_require_minimum_version 1.5.0
load ../helpers/common

: "${XIPC_BUILD:=$XIPC_BIN/..}"

setup_file() {
    grep -qx 'XIPC_SANITIZE:BOOL=ON' "$XIPC_BUILD/CMakeCache.txt" && return 0
    XIPC_VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$XIPC_BUILD/CMakeCache.txt")
    export XIPC_VERSION
    cd "$BATS_FILE_TMPDIR"
    cpack --config "$XIPC_BUILD/CPackConfig.cmake" -G RPM -B "$BATS_FILE_TMPDIR/pkg" >&2
    RPM=$(echo "$BATS_FILE_TMPDIR"/pkg/xipc-"$XIPC_VERSION"-*.rpm)
    export RPM
    [[ -f $RPM ]]
}

setup() {
    if grep -qx 'XIPC_SANITIZE:BOOL=ON' "$XIPC_BUILD/CMakeCache.txt"; then
        skip "packages are made from builds without sanitizers"
    fi
    xipc_setup
}

@test "the .rpm holds the binaries, man pages, completions and units" {
    run rpm -qlp "$RPM"
    assert_success
    for c in "$XIPC_BIN"/*; do
        c=${c##*/}
        assert_line "/usr/bin/$c"
        assert_line "/usr/share/man/man1/$c.1.gz"
        assert_line "/usr/share/bash-completion/completions/$c"
        assert_line "/usr/share/zsh/vendor-completions/_$c"
        assert_line "/usr/share/fish/vendor_completions.d/$c.fish"
    done
    assert_line /usr/share/man/man7/xipc.7.gz
    assert_line /usr/share/doc/xipc/LICENSE
    assert_line /usr/lib/systemd/system/xipc-orphans.service
    assert_line /usr/lib/systemd/system/xipc-orphans.timer
    # Directories of other packages are not claimed.
    refute_line /usr/share/man
    refute_line /usr/share/man/man1
    refute_line /usr/lib/systemd/system
    run rpm -qp --queryformat '%{NAME} %{VERSION} %{LICENSE}\n' "$RPM"
    assert_output "xipc $XIPC_VERSION MIT"
}

@test "the .rpm's service runs the xipcrm it installs" {
    # Read in the tree cpack packed (rpm2cpio would be one more package).
    service=$(find "$BATS_FILE_TMPDIR/pkg/_CPack_Packages" -path '*/usr/lib/systemd/system/xipc-orphans.service')
    [[ -n $service && $(wc -l <<<"$service") == 1 ]]
    run grep '^ExecStart=' "$service"
    assert_output 'ExecStart=/usr/bin/xipcrm --orphans --grace ${XIPC_ORPHAN_GRACE} --verbose'
}
