#!/usr/bin/env bats
# The packages: the .deb installs on this machine with apt-get, everything
# works from its installed places, lintian finds no error, purging leaves the
# machine as it was; the .rpm holds the same files.
#
# This installs into the real system (only /dev/shm and /dev/mqueue are
# private here), so it runs only when asked — CI=true or
# XIPC_PACKAGING_TEST=1 — as the real root, and never over an xipc package
# already installed.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() {
    packaging_wanted || skip "$why_not"
    xipc_setup
}

: "${XIPC_BUILD:=$XIPC_BIN/..}"

packaging_wanted() {
    why_not=
    if [[ ${CI:-} != true && ${XIPC_PACKAGING_TEST:-} != 1 ]]; then
        why_not="installs a package: set CI=true or XIPC_PACKAGING_TEST=1"
    elif [[ $EUID != 0 || $(awk '{ print $1, $2, $3 }' /proc/self/uid_map) != "0 0 4294967295" ]]; then
        why_not="installs a package: needs the real root"
    elif grep -qx 'XIPC_SANITIZE:BOOL=ON' "$XIPC_BUILD/CMakeCache.txt"; then
        why_not="packages are made from builds without sanitizers"
    elif [[ -n ${XIPC_PACKAGING_PREINSTALLED:-} ]]; then
        why_not="an xipc package is already installed; this test would replace it"
    fi
    [[ -z $why_not ]]
}

# Every installed package, for comparing before and after.
installed_packages() {
    dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^.i/ { print $2 }' | sort
}

# Remove xipc and whatever installing it pulled in.
purge() {
    local added
    dpkg-query -W -f='${Status}' xipc 2>/dev/null | grep -q 'installed' &&
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq xipc >&2
    added=$(comm -13 "$BATS_FILE_TMPDIR/before" <(installed_packages))
    if [[ -n $added ]]; then
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $added >&2
    fi
}

setup_file() {
    packaging_wanted || return 0
    if dpkg-query -W -f='${Status}' xipc 2>/dev/null | grep -q 'installed'; then
        export XIPC_PACKAGING_PREINSTALLED=1
        return 0
    fi
    local version
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$XIPC_BUILD/CMakeCache.txt")
    export XIPC_VERSION=$version
    installed_packages >"$BATS_FILE_TMPDIR/before"
    cd "$BATS_FILE_TMPDIR"
    cpack --config "$XIPC_BUILD/CPackConfig.cmake" -G DEB -B "$BATS_FILE_TMPDIR/pkg" >&2
    cpack --config "$XIPC_BUILD/CPackConfig.cmake" -G RPM -B "$BATS_FILE_TMPDIR/pkg" >&2
    DEB=$(echo "$BATS_FILE_TMPDIR"/pkg/xipc_"$version"-*.deb)
    RPM=$(echo "$BATS_FILE_TMPDIR"/pkg/xipc-"$version"-*.rpm)
    export DEB RPM
    [[ -f $DEB && -f $RPM ]]
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB" >&2
}

teardown_file() {
    packaging_wanted || return 0
    purge
}

@test "the .deb is installed, with its name and version" {
    run dpkg-query -W -f='${Status} ${Version}' xipc
    assert_output "install ok installed $XIPC_VERSION-1"
    run dpkg-deb -f "$DEB" Package Section Maintainer
    assert_line 'Package: xipc'
    assert_line 'Section: utils'
    assert_line --regexp '^Maintainer: .+ <.+@.+>$'
}

@test "the .deb depends on the package of every library the commands link" {
    depends=$(dpkg-deb -f "$DEB" Depends)
    for c in "$XIPC_BIN"/*; do
        for lib in $(objdump -p "/usr/bin/${c##*/}" | awk '$1 == "NEEDED" { print $2 }'); do
            path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
            # dpkg knows a file by one of its names (/lib or /usr/lib).
            pkg=
            for p in "$path" "$(realpath "$path")" "${path#/usr}" "/usr$path"; do
                pkg=$(dpkg -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) && [[ -n $pkg ]] && break
            done
            [[ -n $pkg ]] || fail "${c##*/} links $lib ($path), which no package holds"
            [[ $depends =~ (^|, )"$pkg"( |,|$) ]] ||
                fail "${c##*/} links $lib from $pkg, not in Depends: $depends"
        done
    done
    [[ $depends == *libc6* ]]
}

@test "every command is installed in /usr/bin and runs" {
    for c in "$XIPC_BIN"/*; do
        c=${c##*/}
        run --separate-stderr "/usr/bin/$c" --version
        assert_success
        assert_output "$c (xipc) $XIPC_VERSION"
    done
    run /usr/bin/xipcs --version
    assert_output "xipcs (xipc) $XIPC_VERSION"
}

@test "man finds the installed pages, compressed" {
    run man -w xipcs
    assert_success
    assert_output /usr/share/man/man1/xipcs.1.gz
    run man -w 7 xipc
    assert_output /usr/share/man/man7/xipc.7.gz
    for c in "$XIPC_BIN"/*; do
        run man -w "${c##*/}"
        assert_output "/usr/share/man/man1/${c##*/}.1.gz"
    done
    # The page renders from there without a warning.
    run --separate-stderr bash -c 'MANWIDTH=80 man --warnings=w 1 xipcs | head -n 3'
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 --regexp '^xipcs\(1\) +User Commands +xipcs\(1\)$'
}

@test "bash, zsh and fish load the installed completions" {
    run bash -c 'source /usr/share/bash-completion/bash_completion; _completion_loader xipcs; complete -p xipcs'
    assert_success
    assert_output 'complete -F _xipcs xipcs'
    # zsh: Debian's fpath has vendor-completions.
    run zsh -f -c 'autoload -U compinit; compinit -u -D; print -r -- $_comps[xipcs]'
    assert_output _xipcs
    # fish autoloads vendor_completions.d (a fresh HOME: no user config).
    HOME=$BATS_TEST_TMPDIR XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_DATA_DIRS= run fish -c 'complete -C "xipcs --hel"'
    assert_output --regexp $'^--help\t'
}

@test "lintian reports no error on the .deb" {
    run --separate-stderr lintian --fail-on error "$DEB"
    assert_success
    [[ $'\n'$output != *$'\n'E:* ]] || fail "lintian: $output"
}

@test "lintian --pedantic finds the binaries hardened" {
    # Debian's hardening set (dpkg-buildflags, hardening=+all): fortified
    # functions, stack protector, relro and bind-now, PIE.
    run --separate-stderr lintian --pedantic --tag-display-limit 0 "$DEB"
    refute_output --partial hardening-
    for c in "$XIPC_BIN"/*; do
        run readelf -d "/usr/bin/${c##*/}"
        assert_line --regexp 'FLAGS_1.* NOW .*PIE'
        assert_line --regexp '\(FLAGS\) +BIND_NOW'
    done
}

@test "the .deb holds the license, changelog and docs Debian wants" {
    run dpkg -L xipc
    assert_line /usr/share/doc/xipc/copyright
    assert_line /usr/share/doc/xipc/changelog.Debian.gz
    cmp /usr/share/doc/xipc/copyright "$XIPC_SOURCE/LICENSE"
    run zcat /usr/share/doc/xipc/changelog.Debian.gz
    assert_line --index 0 --partial "xipc ($XIPC_VERSION-1) "
}

@test "the .rpm holds the binaries, man pages and completions" {
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
    # Directories of other packages are not claimed.
    refute_line /usr/share/man
    refute_line /usr/share/man/man1
    run rpm -qp --queryformat '%{NAME} %{VERSION} %{LICENSE}\n' "$RPM"
    assert_output "xipc $XIPC_VERSION MIT"
}

@test "purging leaves the machine's packages as they were" {
    purge
    run installed_packages
    assert_output "$(cat "$BATS_FILE_TMPDIR/before")"
    assert_file_not_exists /usr/bin/xipcs
    assert_file_not_exists /usr/share/bash-completion/completions/xipcs
    assert_file_not_exists /usr/share/doc/xipc/copyright
}
