#!/usr/bin/env bats
# Completion of option arguments and object arguments, in bash, zsh and fish,
# driven as each shell drives it (tests/helpers/bash-complete, zsh-complete,
# fish's own `complete -C`).  Objects come from this case's namespace.

bats_require_minimum_version 1.5.0
load ../helpers/common
setup() { xipc_setup; }

helpers=$BATS_TEST_DIRNAME/../helpers
comp=$XIPC_SOURCE/completions

# complete SHELL LINE: the candidates SHELL offers at the end of LINE, sorted,
# one a line (fish's descriptions dropped).
complete_in() {
    local shell=$1 line=$2 name=${2%% *}
    case $shell in
    bash) "$helpers/bash-complete" "$comp/bash/$name" "$line" ;;
    zsh) timeout 60 "$helpers/zsh-complete" "$comp/zsh" "$line" ;;
    fish)
        # fish repeats an attached option: --time-format=iso.  Keep the value.
        local strip='^$'
        [[ ${line##* } == --*=* ]] && strip="^${line##* }"
        strip=${strip%=*}=
        fish --no-config -c "source $(printf %q "$comp/fish/$name.fish"); complete -C $(printf %q "$line")" |
            cut -f1 | sed "s/$strip//" ;;
    esac | LC_ALL=C sort -u
}

# Each shell in turn must offer exactly $expected (sorted lines) for LINE.
assert_offers() {
    local line=$1 expected=$2 shell got
    for shell in bash zsh fish; do
        got=$(complete_in "$shell" "$line")
        [[ $got == "$expected" ]] || { echo "$shell, '$line': got [$got], want [$expected]" >&2; return 1; }
    done
}

@test "xipcs --time-format completes short, full, iso" {
    assert_offers 'xipcs --time-format ' $'full\niso\nshort'
    assert_offers 'xipcs --time-format=' $'full\niso\nshort'
}

@test "xipcs --export= completes openmetrics" {
    assert_offers 'xipcs --export=' 'openmetrics'
}

@test "xipcs -o completes column names, after commas too" {
    for shell in bash zsh fish; do
        run complete_in "$shell" 'xipcs -o '
        assert_line KEY
        assert_line PIDS
        assert_line COMMANDS
        assert_line USE%
        assert_line NAME
        assert_line NS
        assert_line CONTAINER
        assert_line UNIT
    done
    run complete_in bash 'xipcs -o KEY,NA'
    assert_output $'KEY,NAME\nKEY,NATTCH'
    run complete_in fish 'xipcs -o KEY,NA'
    assert_output $'KEY,NAME\nKEY,NATTCH'
    # zsh's _sequence completes the part after the comma.
    run complete_in zsh 'xipcs -o KEY,NA'
    assert_output $'NAME\nNATTCH'
}

@test "xipcs -o and --sort complete the FIFO columns, and --fi completes --fifos" {
    for shell in bash zsh fish; do
        for line in 'xipcs -F -o ' 'xipcs -F --sort '; do
            run complete_in "$shell" "$line"
            assert_line PATH
            assert_line INODE
            assert_line DEV
            assert_line READERS
            assert_line WRITERS
        done
        run complete_in "$shell" 'xipcs --fi'
        assert_line --regexp '^--fifos'
    done
}

@test "--all-n completes --all-namespaces for xipcs and xipcrm" {
    for shell in bash zsh fish; do
        for cmd in xipcs xipcrm; do
            run complete_in "$shell" "$cmd --all-n"
            assert_line --regexp '^--all-namespaces'
        done
    done
}

@test "xipcs -i completes System V ids, of the kind -m/-q/-s chose" {
    shm=$(ipcmk -M 4096 | grep -o '[0-9]*$')
    ipcmk -M 4096 >/dev/null
    msg=$(ipcmk -Q | grep -o '[0-9]*$')
    sem=$(ipcmk -S 2 | grep -o '[0-9]*$')
    all=$(awk 'FNR > 1 { print $2 }' /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem | LC_ALL=C sort -u)
    assert_offers 'xipcs -i ' "$all"
    assert_offers 'xipcs -m -i ' "$(awk 'NR > 1 { print $2 }' /proc/sysvipc/shm | LC_ALL=C sort -u)"
    assert_offers 'xipcs -q --id ' "$msg"
    assert_offers 'xipcs --semaphores -i ' "$sem"
    [[ -n $shm ]]
}

@test "xipcs -N completes POSIX names from /dev/shm and /dev/mqueue" {
    touch /dev/shm/seg1 /dev/shm/sem.lock1
    # A POSIX queue: mqueue files are made with mq_open, not touch.
    /usr/bin/python3 -c 'import ctypes, os
rt = ctypes.CDLL("librt.so.1", use_errno=True)
assert rt.mq_open(b"/jobs", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0'
    [[ -e /dev/mqueue/jobs ]]
    assert_offers 'xipcs -N ' $'/jobs\n/lock1\n/seg1'
    assert_offers 'xipcs -M -N ' '/seg1'
    assert_offers 'xipcs -Q --name ' '/jobs'
    assert_offers 'xipcs -S -N /l' '/lock1'
}

@test "object names are never run as shell code" {
    # /dev/shm is world-writable: anyone can plant a name.  Run as code,
    # these would create ./ran.
    touch '/dev/shm/$(touch ran)' '/dev/shm/`touch ran`'
    cd "$BATS_TEST_TMPDIR"
    for shell in bash zsh fish; do
        run complete_in "$shell" 'xipcs -N '
        assert_success
        assert_line --partial 'touch'
    done
    assert_file_not_exists ran
}

@test "the object snippet completes keys, and skips IPC_PRIVATE" {
    ipcmk -M 4096 -p 600 >/dev/null      # a random key
    key=$(awk 'NR > 1 { k = $1 < 0 ? $1 + 4294967296 : $1; printf "0x%08x\n", k }' /proc/sysvipc/shm)
    /usr/bin/python3 -c 'import sysv_ipc; sysv_ipc.SharedMemory(sysv_ipc.IPC_PRIVATE, sysv_ipc.IPC_CREAT, size=4096)'
    [[ $(awk 'NR > 1' /proc/sysvipc/shm | wc -l) == 2 ]]
    run bash -c "source $(printf %q "$comp/bash/xipcs"); _xipc_objects shmkey"
    assert_output "$key"
    run fish --no-config -c "source $(printf %q "$comp/fish/xipcs.fish"); __xipc_objects shmkey"
    assert_output "$key"
}
