#!/usr/bin/env bats
# The Debian package, built as a Debian maintainer builds it: dpkg-source and
# dpkg-buildpackage -us -uc -b from debian/ (packaging/build-deb, on a copy
# of the tree).  The .deb installs on this machine with apt-get, everything
# works from its installed places, the units are installed disabled and pass
# systemd-analyze verify, lintian finds nothing, and purging leaves the
# machine as it was.
#
# This installs into the real system (only /dev/shm and /dev/mqueue are
# private here), so it runs only when asked — CI=true or
# XIPC_PACKAGING_TEST=1 — as the real root, and never over an xipc package
# already installed.  The package build compiles the project once more.

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
        why_not="the package is built and tested once, with the release build's tests"
    elif [[ -n ${XIPC_PACKAGING_PREINSTALLED:-} ]]; then
        why_not="an xipc package is already installed; this test would replace it"
    fi
    [[ -z $why_not ]]
}

# Every installed package, for comparing before and after.
installed_packages() {
    dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^.i/ { print $2 }' | sort
}

# The state of the source tree, to show that the build leaves it alone.
tree_state() {
    git -C "$XIPC_SOURCE" status --porcelain --untracked-files=all --ignored 2>/dev/null |
        grep -v '^!! build/' || true
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
    XIPC_VERSION=$(dpkg-parsechangelog -l "$XIPC_SOURCE/debian/changelog" -S Version)
    ARCH=$(dpkg --print-architecture)
    OUT=$BATS_FILE_TMPDIR/deb
    DEB=$OUT/xipc_${XIPC_VERSION}_$ARCH.deb
    CHANGES=$OUT/xipc_${XIPC_VERSION}_$ARCH.changes
    DSC=$OUT/xipc_$XIPC_VERSION.dsc
    export XIPC_VERSION ARCH OUT DEB CHANGES DSC
    installed_packages >"$BATS_FILE_TMPDIR/before"
    tree_state >"$BATS_FILE_TMPDIR/tree-before"
    # Two jobs at most: the machine is shared with the other tests.
    DEB_BUILD_OPTIONS="parallel=$(($(nproc) < 2 ? $(nproc) : 2))" \
        "$XIPC_SOURCE/packaging/build-deb" "$OUT" >"$BATS_FILE_TMPDIR/build.log" 2>&1 || {
        tail -n 40 "$BATS_FILE_TMPDIR/build.log" >&2
        return 1
    }
    tree_state >"$BATS_FILE_TMPDIR/tree-after"
    [[ -f $DEB && -f $CHANGES && -f $DSC ]]
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB" >&2
}

teardown_file() {
    packaging_wanted || return 0
    purge
}

# The commands this build made, one name a line: the package must hold each.
commands() { ls "$XIPC_BIN"; }

@test "dpkg-buildpackage made the source and binary packages of the project's version, and left the tree as it was" {
    assert_equal "$XIPC_VERSION" "$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$XIPC_BUILD/CMakeCache.txt")"
    # -b: a binary-only build, whose .changes lists the .deb.
    run grep -c '^dpkg-buildpackage: info: binary-only upload (no source included)$' "$BATS_FILE_TMPDIR/build.log"
    assert_output 1
    # Listed under Checksums-Sha1, Checksums-Sha256 and Files.
    run grep -c " ${DEB##*/}\$" "$CHANGES"
    assert_output 3
    assert_file_exists "$OUT/xipc_$XIPC_VERSION.tar.xz"
    assert_equal "$(cat "$BATS_FILE_TMPDIR/tree-after")" "$(cat "$BATS_FILE_TMPDIR/tree-before")"
}

@test "the .deb is installed, with its name, version and fields" {
    run dpkg-query -W -f='${Status} ${Version}' xipc
    assert_output "install ok installed $XIPC_VERSION"
    run dpkg-deb -f "$DEB" Package Section Priority Architecture Maintainer
    assert_line 'Package: xipc'
    assert_line 'Section: utils'
    assert_line 'Priority: optional'
    assert_line "Architecture: $ARCH"
    assert_line --regexp '^Maintainer: .+ <.+@.+>$'
}

@test "the .deb depends on the package of every library the commands link" {
    depends=$(dpkg-deb -f "$DEB" Depends)
    for c in $(commands); do
        for lib in $(objdump -p "/usr/bin/$c" | awk '$1 == "NEEDED" { print $2 }'); do
            path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
            # dpkg knows a file by one of its names (/lib or /usr/lib).
            pkg=
            for p in "$path" "$(realpath "$path")" "${path#/usr}" "/usr$path"; do
                pkg=$(dpkg -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) && [[ -n $pkg ]] && break
            done
            [[ -n $pkg ]] || fail "$c links $lib ($path), which no package holds"
            [[ $depends =~ (^|, )"$pkg"( |,|$) ]] ||
                fail "$c links $lib from $pkg, not in Depends: $depends"
        done
    done
    [[ $depends == *libc6* ]]
}

@test "the .deb holds exactly the commands the build made, and each runs from /usr/bin" {
    run bash -c "dpkg -L xipc | sed -n 's|^/usr/bin/||p' | sort"
    assert_output "$(commands | sort)"
    for c in $(commands); do
        run --separate-stderr "/usr/bin/$c" --version
        assert_success
        assert_output "$c (xipc) $XIPC_VERSION"
    done
}

@test "man finds the installed pages, compressed" {
    run man -w 7 xipc
    assert_output /usr/share/man/man7/xipc.7.gz
    for c in $(commands); do
        run man -w "$c"
        assert_output "/usr/share/man/man1/$c.1.gz"
    done
    # The page renders from there without a warning.
    run --separate-stderr bash -c 'MANWIDTH=80 man --warnings=w 1 xipcs | head -n 3'
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 --regexp '^xipcs\(1\) +User Commands +xipcs\(1\)$'
}

@test "every command's completions are installed, and bash, zsh and fish load them" {
    for c in $(commands); do
        assert_file_exists "/usr/share/bash-completion/completions/$c"
        assert_file_exists "/usr/share/zsh/vendor-completions/_$c"
        assert_file_exists "/usr/share/fish/vendor_completions.d/$c.fish"
    done
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

@test "the units are installed, disabled, and pass systemd-analyze verify" {
    assert_file_exists /lib/systemd/system/xipc-orphans.service
    assert_file_exists /lib/systemd/system/xipc-orphans.timer
    run grep '^ExecStart=' /lib/systemd/system/xipc-orphans.service
    assert_output 'ExecStart=/usr/bin/xipcrm --orphans --grace ${XIPC_ORPHAN_GRACE} --verbose'
    # Installed, not enabled: the timer waits for an admin, the service is
    # started by the timer only.
    run systemctl --root=/ is-enabled xipc-orphans.timer xipc-orphans.service
    assert_output $'disabled\nstatic'
    assert_file_not_exists /etc/systemd/system/timers.target.wants/xipc-orphans.timer
    # With the man pages of Documentation= installed, verify checks them too.
    run --separate-stderr systemd-analyze verify /lib/systemd/system/xipc-orphans.service /lib/systemd/system/xipc-orphans.timer
    assert_success
    assert_output ""
    assert_equal "$stderr" ""
}

@test "lintian --pedantic finds no error, warning or pedantic issue in the source and binary packages" {
    # Info tags are shown, not failed on: they are hints, and one kind of
    # them reads words into machine code (debian/xipc.lintian-overrides).
    run --separate-stderr lintian --pedantic --display-info --fail-on error,warning,pedantic "$CHANGES" "$DSC"
    assert_success
    refute_output --regexp '^[EWP]: '
    # Each override says why, in the comment above it.
    local line previous=
    while IFS= read -r line; do
        if [[ -n $line && $line != \#* ]]; then
            [[ $previous == \#* ]] || fail "lintian override without a reason: $line"
        fi
        previous=$line
    done < <(cat "$XIPC_SOURCE"/debian/*lintian-overrides)
}

@test "the commands are hardened (lintian, readelf)" {
    # Debian's hardening set (dpkg-buildflags, hardening=+all): fortified
    # functions, stack protector, relro and bind-now, PIE.
    run --separate-stderr lintian --pedantic --display-info --tag-display-limit 0 "$DEB"
    refute_output --partial hardening-
    for c in $(commands); do
        run readelf -d "/usr/bin/$c"
        assert_line --regexp 'FLAGS_1.* NOW .*PIE'
        assert_line --regexp '\(FLAGS\) +BIND_NOW'
    done
}

@test "the .deb holds the copyright, changelog and docs Debian wants" {
    run dpkg -L xipc
    assert_line /usr/share/doc/xipc/copyright
    assert_line /usr/share/doc/xipc/changelog.gz
    # dh_compress compresses documents larger than 4 KiB.
    assert_line --regexp '^/usr/share/doc/xipc/README\.md(\.gz)?$'
    refute_line --partial LICENSE
    # debian/copyright, machine-readable, with the text of LICENSE.
    run head -n 1 /usr/share/doc/xipc/copyright
    assert_output 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'
    # (The license text is the one indented block: " Permission ..." on.)
    assert_equal "$(sed -n '/^ Permission/,$p' /usr/share/doc/xipc/copyright | sed 's/^ //; s/^\.$//')" \
        "$(sed -n '/^Permission/,$p' "$XIPC_SOURCE/LICENSE")"
    run zcat /usr/share/doc/xipc/changelog.gz
    assert_line --index 0 --partial "xipc ($XIPC_VERSION) "
}

@test "purging leaves the machine's packages and files as they were" {
    purge
    run installed_packages
    assert_output "$(cat "$BATS_FILE_TMPDIR/before")"
    assert_file_not_exists /usr/bin/xipcs
    assert_file_not_exists /usr/share/bash-completion/completions/xipcs
    assert_file_not_exists /usr/share/doc/xipc/copyright
    assert_file_not_exists /lib/systemd/system/xipc-orphans.service
    run bash -c 'ls /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked 2>/dev/null | grep xipc'
    assert_output ""
}
