#!/usr/bin/env bats
# shmcat: reading and writing System V and POSIX shared memory.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
}

SIZES="0 1 4095 4097 1048576 67108864"

random_file() { head -c "$2" /dev/urandom > "$1"; }

# A new System V segment of $1 bytes; prints its id.
new_segment() { ipcmk -M "$1" | awk '{ print $NF }'; }

# The id of the System V segment with key $1 (0x...), and its fields in
# /proc/sysvipc/shm: size ($4) and attach count ($7).
id_of_key() { awk -v k=$(($1)) 'NR > 1 && $1 == k { print $2 }' /proc/sysvipc/shm; }
shm_field() { awk -v id="$1" -v f="$2" 'NR > 1 && $2 == id { print $f }' /proc/sysvipc/shm; }

# assert_refused STATUS TEXT CMD...: CMD fails with STATUS, says TEXT on
# stderr, prints nothing on stdout, and every object is as it was.
assert_refused() {
    local status=$1 text=$2 before
    shift 2
    before=$(xipc_snapshot)
    run --separate-stderr "$@"
    assert_failure "$status"
    assert_output ""
    [[ $stderr == *"$text"* ]] || fail "stderr was: $stderr"
    assert_equal "$(xipc_snapshot)" "$before"
}

# --- help and version ---------------------------------------------------

@test "--help lists every option and exits 0" {
    run --separate-stderr shmcat --help
    assert_success
    for opt in --offset --length --hex '--strings[=min]' --progress --write --truncate --create --help --version; do
        assert_output --partial -- "$opt"
    done
    assert_equal "$stderr" ""
}

@test "--version prints the suite version" {
    run shmcat --version
    assert_success
    assert_output --regexp '^shmcat \(xipc\) [0-9]+\.[0-9]+\.[0-9]+$'
}

# --- round trips ----------------------------------------------------------

@test "POSIX round trips of random data (0 B to 64 MiB) through --create -w and back" {
    for size in $SIZES; do
        random_file "$T/in" "$size"
        # stdin a regular file: used in place
        run shmcat --create "$size" -w /rt < "$T/in"
        assert_success
        assert_output ""
        assert_equal "$(stat -c %s /dev/shm/rt)" "$size"
        shmcat /rt > "$T/out"
        cmp "$T/in" "$T/out"
        rm /dev/shm/rt
        # stdin a pipe: spooled first; read back by its /dev/shm path
        cat "$T/in" | shmcat --create "$size" -w /dev/shm/rt
        shmcat /dev/shm/rt | cmp "$T/in" -
        rm /dev/shm/rt
    done
}

@test "System V round trips of random data (1 B to 64 MiB) through --create -w and back" {
    local n=0
    for size in $SIZES; do
        [[ $size == 0 ]] && continue  # no segment has 0 bytes: see the next test
        n=$((n + 1))
        key=$(printf '0x%08x' $((0x5ca70000 + n)))
        random_file "$T/in" "$size"
        run shmcat --create "$size" -w "$key" < "$T/in"
        assert_success
        assert_output ""
        id=$(id_of_key "$key")
        assert_equal "$(shm_field "$id" 4)" "$size"
        shmcat "$id" > "$T/out"
        cmp "$T/in" "$T/out"
        shmcat "$key" | cmp "$T/in" -
        # again into the existing segment, stdin a pipe
        random_file "$T/in2" "$size"
        cat "$T/in2" | shmcat -w "$id"
        shmcat "$id" | cmp "$T/in2" -
    done
}

@test "System V: empty input writes nothing; --length 0 reads nothing" {
    id=$(new_segment 4096)
    random_file "$T/in" 4096
    shmcat -w "$id" < "$T/in"
    run shmcat -w "$id" < /dev/null
    assert_success
    : | shmcat -w "$id"
    shmcat "$id" | cmp "$T/in" -
    shmcat --length 0 "$id" > "$T/out"
    cmp /dev/null "$T/out"
}

@test "-w writes at --offset and leaves the other bytes alone" {
    random_file "$T/in" 10000
    shmcat --create 10000 -w /p < "$T/in"
    printf 'HELLO' | shmcat -w /p --offset 4097
    { head -c 4097 "$T/in"; printf 'HELLO'; tail -c +4103 "$T/in"; } > "$T/want"
    shmcat /p | cmp "$T/want" -

    id=$(new_segment 10000)
    shmcat -w "$id" < "$T/in"
    printf 'WORLD' | shmcat -w "$id" -o 9995
    { head -c 9995 "$T/in"; printf 'WORLD'; } > "$T/want"
    shmcat "$id" | cmp "$T/want" -
}

@test "-w with --create --offset: the object is --create bytes, input from the offset" {
    printf 'abc' | shmcat --create 8 --offset 5 -w /c
    printf '\0\0\0\0\0abc' > "$T/want"
    shmcat /c | cmp "$T/want" -
}

@test "-w takes a regular stdin from its position and leaves it at the end" {
    random_file "$T/in" 5000
    shmcat --create 0 -w /p < /dev/null
    { head -c 1000 > /dev/null; shmcat --truncate -w /p; cat > "$T/rest"; } < "$T/in"
    tail -c +1001 "$T/in" | cmp - /dev/shm/p
    cmp /dev/null "$T/rest"
}

# --- reading ranges --------------------------------------------------------

@test "--offset and --length select a range of every object" {
    random_file "$T/in" 10000
    shmcat --create 10000 -w /p < "$T/in"
    id=$(new_segment 10000)
    shmcat -w "$id" < "$T/in"
    tail -c +4097 "$T/in" | head -c 1234 > "$T/want"
    for obj in /p "$id"; do
        shmcat --offset 4096 --length 1234 "$obj" | cmp "$T/want" -
        shmcat -o 4K -l 1234 "$obj" | cmp "$T/want" -
        shmcat -o 9000 "$obj" | cmp <(tail -c 1000 "$T/in") -
        shmcat -l 100 "$obj" | cmp <(head -c 100 "$T/in") -
        # a length past the end stops at the end
        shmcat -o 9990 -l 1M "$obj" | cmp <(tail -c 10 "$T/in") -
        # an offset at the very end reads nothing, and is no error
        run shmcat -o 10000 "$obj"
        assert_success
        assert_output ""
    done
}

@test "an --offset past the end fails for that object; the others are read" {
    printf '0123456789' | shmcat --create 10 -w /small
    printf 'abcdefghijklmnopqrstuvwxyz' | shmcat --create 26 -w /big
    run --separate-stderr shmcat -o 20 /small /big
    assert_failure 1
    assert_output "uvwxyz"
    assert_equal "$stderr" "shmcat: read POSIX shared memory /small: offset 20 is past its end (10 bytes)"
}

@test "several objects are written in the order given" {
    random_file "$T/a" 3000
    random_file "$T/b" 5000
    random_file "$T/c" 7000
    shmcat --create 3000 -w /a < "$T/a"
    id=$(new_segment 5000)
    shmcat -w "$id" < "$T/b"
    shmcat --create 7000 -w 0x00c0ffee < "$T/c"
    shmcat /a "$id" 0x00c0ffee /dev/shm/a | cmp <(cat "$T/a" "$T/b" "$T/c" "$T/a") -
}

@test "a missing object is reported, the others are still read, exit 1" {
    printf 'AAAA' | shmcat --create 4 -w /a
    printf 'BBBB' | shmcat --create 4 -w /b
    run --separate-stderr shmcat /a /missing 0x12345678 99999 /b
    assert_failure 1
    assert_output "AAAABBBB"
    assert_equal "$stderr" "shmcat: open /dev/shm/missing: not found
shmcat: find shared memory key 0x12345678: not found
shmcat: find shared memory id 99999: not found"
}

@test "output opened for appending (no sendfile) still gets every byte" {
    random_file "$T/in" 300000
    shmcat --create 300000 -w /p < "$T/in"
    printf 'head' > "$T/out"
    shmcat -o 7 /p >> "$T/out"
    cmp <(printf 'head'; tail -c +8 "$T/in") "$T/out"
}

# --- hex and strings ---------------------------------------------------------

# Random bytes with runs of zeros and of repeated lines, so the '*' folding
# shows up, and a size that ends in a partial line.
hex_sample() {
    {
        head -c 1000 /dev/urandom
        head -c 4096 /dev/zero
        head -c 50 /dev/urandom
        for i in 1 2 3 4 5 6; do printf 'ABCDEFGHIJKLMNOP'; done
        head -c 100000 /dev/urandom
        head -c 33 /dev/zero
    } > "$1"
}

@test "--hex is byte-identical to hexdump -C (POSIX)" {
    hex_sample "$T/in"
    size=$(stat -c %s "$T/in")
    shmcat --create "$size" -w /h < "$T/in"
    shmcat --hex /h > "$T/mine"
    hexdump -C /dev/shm/h > "$T/theirs"
    cmp "$T/theirs" "$T/mine"
    grep -qx '\*' "$T/mine"  # the sample does fold
    for range in "0 16" "3 1000" "1000 5000" "5100 1" "4097 99999" "$((size - 5)) 100"; do
        set -- $range
        shmcat -x -o "$1" -l "$2" /h | cmp <(hexdump -C -s "$1" -n "$2" /dev/shm/h) -
    done
    shmcat -x -o 77 /h | cmp <(hexdump -C -s 77 /dev/shm/h) -
    # at the very end: just the end offset, as hexdump -s prints it
    shmcat -x -o "$size" /h | cmp <(hexdump -C -s "$size" /dev/shm/h) -
}

@test "--hex is byte-identical to hexdump -C (System V, 1 MiB)" {
    hex_sample "$T/in"
    random_file "$T/more" $((1048576 - $(stat -c %s "$T/in")))
    cat "$T/more" >> "$T/in"
    id=$(new_segment 1048576)
    shmcat -w "$id" < "$T/in"
    shmcat --hex "$id" | cmp <(hexdump -C "$T/in") -
    shmcat -x -o 4095 -l 4097 "$id" | cmp <(hexdump -C -s 4095 -n 4097 "$T/in") -
}

@test "--hex of an empty object or --length 0 prints what hexdump prints: nothing" {
    shmcat --create 0 -w /empty < /dev/null
    run shmcat --hex /empty
    assert_success
    assert_output ""
    assert_equal "$(hexdump -C /dev/shm/empty)" ""
    printf 'abc' | shmcat --create 3 -w /abc
    run shmcat -x -l 0 /abc
    assert_success
    assert_output ""
}

@test "--hex dumps each object on its own" {
    printf 'first' | shmcat --create 5 -w /a
    printf 'second' | shmcat --create 6 -w /b
    run shmcat -x /a /b
    assert_success
    assert_output "$(hexdump -C /dev/shm/a; hexdump -C /dev/shm/b)"
}

@test "--strings finds what strings finds" {
    {
        printf 'abc\0abcd\0ab\tcd\200xyzw\nhello world\177'
        head -c 100000 /dev/urandom
        printf 'a long run at the very end'
    } > "$T/in"
    size=$(stat -c %s "$T/in")
    shmcat --create "$size" -w /s < "$T/in"
    id=$(new_segment "$size")
    shmcat -w "$id" < "$T/in"
    for obj in /s "$id"; do
        shmcat --strings "$obj" | cmp <(strings "$T/in") -
        shmcat --strings=8 "$obj" | cmp <(strings -n 8 "$T/in") -
        shmcat --strings=1 "$obj" | cmp <(strings -n 1 "$T/in") -
        shmcat --strings -o 4 -l 20 "$obj" | cmp <(tail -c +5 "$T/in" | head -c 20 | strings) -
    done
    run shmcat --strings -l 30 /s
    assert_output $'abcd\nab\tcd\nxyzw\nhello worl'
}

# --- progress ----------------------------------------------------------------

@test "--progress reports on stderr and leaves stdout alone" {
    random_file "$T/in" 1048576
    shmcat --create 1M -w /p < "$T/in"
    id=$(new_segment 1048576)
    shmcat -w "$id" < "$T/in"
    for obj in /p "$id"; do
        shmcat --progress "$obj" > "$T/out" 2> "$T/err"
        cmp "$T/in" "$T/out"
        run tail -n 1 "$T/err"
        assert_output --regexp "^shmcat: $obj: 1\.0 MiB of 1\.0 MiB \(100%\)(, [0-9.]+ [KMGT]?i?B/s)?$"
    done
    shmcat --progress --hex /p > /dev/null 2> "$T/err"
    run tail -n 1 "$T/err"
    assert_output --regexp '^shmcat: /p: 1\.0 MiB of 1\.0 MiB \(100%\)'
}

@test "--progress with -w reports the bytes written" {
    random_file "$T/in" 2097152
    shmcat --progress --create 2M -w /p < "$T/in" 2> "$T/err"
    run tail -n 1 "$T/err"
    assert_output --regexp '^shmcat: /p: 2\.0 MiB of 2\.0 MiB \(100%\)'
    shmcat /p | cmp "$T/in" -
}

@test "--progress on a terminal rewrites one line in place" {
    random_file "$T/in" 1048576
    shmcat --create 1M -w /p < "$T/in"
    script -qec "shmcat --progress /p > '$T/out'" "$T/typescript" > /dev/null
    cmp "$T/in" "$T/out"
    # "\rshmcat: /p: ... (100%), RATE\e[K" then the newline (a pty makes it \r\n)
    run grep -c $'\rshmcat: /p: 1\.0 MiB of 1\.0 MiB (100%)[^\r]*\e\[K\r$' "$T/typescript"
    assert_success
    refute_output 0
}

@test "without --progress and with stderr not a terminal, nothing is said" {
    random_file "$T/in" 1048576
    shmcat --create 1M -w /p < "$T/in"
    run --separate-stderr shmcat /p
    assert_success
    assert_equal "$stderr" ""
}

# --- writing: sizes, --truncate, --create -----------------------------------

@test "input longer than the segment is refused, naming both sizes (POSIX)" {
    random_file "$T/in" 4096
    shmcat --create 4096 -w /p < "$T/in"
    random_file "$T/long" 5000
    assert_refused 1 "shmcat: write POSIX shared memory /p: input (5000 bytes) is longer than the segment (4096 bytes); --truncate resizes it" \
        shmcat -w /p < "$T/long"
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
    cat "$T/long" | { assert_refused 1 "input (5000 bytes) is longer than the segment (4096 bytes)" shmcat -w /p; }
    head -c 4000 "$T/long" | { assert_refused 1 "input (4000 bytes) is longer than the segment (4096 bytes from offset 100)" shmcat -w /p -o 100; }
    cmp "$T/in" /dev/shm/p
}

@test "input longer than the segment is refused, naming both sizes (System V)" {
    id=$(new_segment 4096)
    random_file "$T/in" 4096
    shmcat -w "$id" < "$T/in"
    random_file "$T/long" 4097
    assert_refused 1 "shmcat: write shared memory id $id: input (4097 bytes) is longer than the segment (4096 bytes)" \
        shmcat -w "$id" < "$T/long"
    cat "$T/long" | { assert_refused 1 "input (4097 bytes) is longer than the segment (4096 bytes)" shmcat -w "$id"; }
    assert_refused 1 "offset 5000 is past its end (4096 bytes)" shmcat -w "$id" -o 5000 < /dev/null
    shmcat "$id" | cmp "$T/in" -
}

@test "--truncate resizes a POSIX object to offset + input, growing or shrinking" {
    random_file "$T/in" 10000
    shmcat --create 100 -w /p < /dev/null
    shmcat --truncate -w /p < "$T/in"
    cmp "$T/in" /dev/shm/p
    printf 'xyz' | shmcat --truncate -w /p
    assert_equal "$(cat /dev/shm/p)" "xyz"
    printf 'END' | shmcat --truncate -w /p -o 5
    printf 'xyz\0\0END' | cmp - /dev/shm/p
}

@test "--create makes the object with mode 0600, exclusively" {
    printf 'posix' | shmcat --create 1K -w /new
    assert_equal "$(stat -c '%a %s' /dev/shm/new)" "600 1024"
    printf 'sysv' | shmcat --create 2K -w 0x00abcdef
    id=$(id_of_key 0x00abcdef)
    assert_equal "$(shm_field "$id" 3) $(shm_field "$id" 4)" "600 2048"
    # an existing object is never reused
    assert_refused 1 "shmcat: create POSIX shared memory /new: already exists" shmcat --create 1K -w /new < /dev/null
    assert_refused 1 "shmcat: create shared memory key 0x00abcdef: already exists" shmcat --create 2K -w 0x00abcdef < /dev/null
    assert_equal "$(head -c 5 /dev/shm/new)" "posix"
    assert_equal "$(shmcat -l 4 0x00abcdef)" "sysv"
}

@test "--create refuses input longer than its size and creates nothing" {
    assert_refused 1 "input (6 bytes) is longer than the --create size (5 bytes)" \
        bash -c "printf 'abcdef' | shmcat --create 5 -w /p"
    assert_refused 1 "input (6 bytes) is longer than the --create size (5 bytes)" \
        bash -c "printf 'abcdef' | shmcat --create 5 -w 0x00001234"
    assert_refused 1 "input (4 bytes) is longer than the --create size (5 bytes from offset 2)" \
        bash -c "printf 'abcd' | shmcat --create 5 -o 2 -w /p"
    assert_not_exist /dev/shm/p
}

# --- safety --------------------------------------------------------------------

@test "a path outside /dev/shm is refused with exit 2 and reads nothing" {
    assert_refused 2 "shmcat: invalid object: '/etc/passwd'" shmcat /etc/passwd
    assert_refused 2 "invalid POSIX name: '../../etc/passwd'" shmcat /dev/shm/../../etc/passwd
    assert_refused 2 "invalid object: '/tmp/x'" shmcat -w /tmp/x < /dev/null
    assert_refused 2 "not shared memory" shmcat /dev/mqueue/q
    assert_refused 2 "invalid object: 'passwd'" shmcat passwd
}

@test "a symlink planted in /dev/shm is refused with exit 2 and reads nothing" {
    ln -s /etc/passwd /dev/shm/link-to-etc-passwd
    printf 'real' | shmcat --create 4 -w /real
    for obj in /dev/shm/link-to-etc-passwd /link-to-etc-passwd; do
        assert_refused 2 "shmcat: open /dev/shm/link-to-etc-passwd: is a symbolic link; refusing to follow it" \
            shmcat "$obj"
        assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
    done
    # refused before anything is read, even objects named before it
    assert_refused 2 "symbolic link" shmcat /real /link-to-etc-passwd
}

@test "writing through a planted symlink is refused and the target is untouched" {
    printf 'precious' > "$T/target"
    ln -s "$T/target" /dev/shm/lnk
    assert_refused 2 "is a symbolic link" bash -c "printf 'evil' | shmcat -w /lnk"
    assert_refused 2 "is a symbolic link" bash -c "printf 'evil' | shmcat --truncate -w /lnk"
    assert_refused 1 "already exists" bash -c "printf 'evil' | shmcat --create 4 -w /lnk"
    assert_equal "$(cat "$T/target")" "precious"
}

@test "a directory, a FIFO or a device in /dev/shm is refused with exit 2" {
    mkdir /dev/shm/dir
    mkfifo /dev/shm/fifo
    local objs=(/dir /fifo)
    mknod /dev/shm/null c 1 3 2>/dev/null && objs+=(/null)
    local -A what=([/dir]='a directory' [/fifo]='a FIFO' [/null]='a device')
    for obj in "${objs[@]}"; do
        assert_refused 2 "shmcat: open /dev/shm${obj}: not a shared memory object (${what[$obj]}); refusing it" \
            timeout 20 shmcat "$obj"
        assert_refused 2 "refusing it" timeout 20 shmcat -w "$obj" < /dev/null
    done
}

@test "key 0 is refused with a hint to use the id" {
    new_segment 4096 > /dev/null
    assert_refused 2 "shmcat: invalid key: '0x0' (key 0 is IPC_PRIVATE and names no object; use the id)" shmcat 0x0
    assert_refused 2 "use the id" shmcat -w 0x00000000 < /dev/null
}

@test "System V segments are attached read-only and detached before the next" {
    need_root
    random_file "$T/in" 4096
    id=$(new_segment 4096)  # root's, mode 0644: nobody may read, not write
    shmcat -w "$id" < "$T/in"
    as_nobody shmcat "$id" | cmp "$T/in" -
    # a read-write attach would have needed write permission
    run --separate-stderr as_nobody shmcat -w "$id" < <(printf x)
    assert_failure 1
    assert_equal "$stderr" "shmcat: attach shared memory id $id: Permission denied"

    # While the second segment is being written (the pipe is full), the
    # first is already detached.
    big=$(new_segment 8388608)
    shmcat "$id" "$big" | {
        head -c $((4096 + 2097152)) > /dev/null
        shm_field "$id" 7 > "$T/first"
        shm_field "$big" 7 > "$T/second"
        cat > /dev/null
    }
    assert_equal "$(cat "$T/first") $(cat "$T/second")" "0 1"
    assert_equal "$(shm_field "$big" 7)" 0
}

@test "POSIX objects are opened read-only to read" {
    need_root
    random_file "$T/in" 4096
    shmcat --create 4096 -w /p < "$T/in"
    chmod 0644 /dev/shm/p
    as_nobody shmcat /p | cmp "$T/in" -
    run --separate-stderr as_nobody shmcat -w /p < /dev/null
    assert_failure 1
    assert_equal "$stderr" "shmcat: open /dev/shm/p: Permission denied"
}

@test "an object the user may not read fails with exit 1" {
    need_root
    printf 'secret' | shmcat --create 6 -w /secret
    printf 'secret' | shmcat --create 6 -w 0x00005ec7
    run --separate-stderr as_nobody shmcat /secret 0x00005ec7
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "shmcat: open /dev/shm/secret: Permission denied
shmcat: stat shared memory id $(id_of_key 0x00005ec7): Permission denied"
}

# --- pipes -----------------------------------------------------------------------

@test "a reader that leaves early ends shmcat quietly (shmcat /x | head -c 10)" {
    head -c 8M /dev/urandom | shmcat --create 8M -w /x
    id=$(new_segment 8388608)
    shmcat -w "$id" < /dev/shm/x
    for cmd in "shmcat /x" "shmcat $id" "shmcat --hex /x" "shmcat --strings $id"; do
        run --separate-stderr bash -c "$cmd | head -c 10 > '$T/head'; echo \"\${PIPESTATUS[0]}\""
        assert_output 0
        assert_equal "$stderr" ""
        assert_equal "$(stat -c %s "$T/head")" 10
    done
    shmcat /x | head -c 10 | cmp - <(head -c 10 /dev/shm/x)
}

# --- usage errors -----------------------------------------------------------------

@test "bad arguments are refused with exit 2 before anything is done" {
    printf 'data' | shmcat --create 4 -w /p
    id=$(new_segment 4096)
    assert_refused 2 "shmcat: no object given" shmcat
    assert_refused 2 "--offset: invalid size: '4Q'" shmcat -o 4Q /p
    assert_refused 2 "--length: invalid size: '-1'" shmcat -l -1 /p
    assert_refused 2 "--hex and --strings cannot be combined" shmcat -x --strings /p
    assert_refused 2 "--strings: invalid minimum string length: '0'" shmcat --strings=0 /p
    assert_refused 2 "--strings: invalid minimum string length: 'x'" shmcat --strings=x /p
    assert_refused 2 "--truncate needs -w" shmcat --truncate /p
    assert_refused 2 "--create needs -w" shmcat --create 4K /p
    assert_refused 2 "-w writes one object; name no other objects" shmcat -w /p "$id" < /dev/null
    assert_refused 2 "--hex is for reading" shmcat -x -w /p < /dev/null
    assert_refused 2 "--strings is for reading" shmcat --strings -w /p < /dev/null
    assert_refused 2 "--length is for reading" shmcat -l 4 -w /p < /dev/null
    assert_refused 2 "--truncate and --create cannot be combined" shmcat --truncate --create 4K -w /q < /dev/null
    assert_refused 2 "--truncate: System V segments cannot be resized" shmcat --truncate -w "$id" < /dev/null
    assert_refused 2 "--create needs a 0x key or a /name, not an id" shmcat --create 4K -w 12 < /dev/null
    assert_refused 2 "--create: a System V segment needs at least 1 byte" shmcat --create 0 -w 0x00001234 < /dev/null
    assert_refused 2 "--offset 10 is past the end of the --create size (4 bytes)" shmcat --create 4 -o 10 -w /q < /dev/null
    assert_refused 2 "--create: invalid size: 'big'" shmcat --create big -w /q < /dev/null
    assert_refused 2 "invalid object: '12abc'" shmcat 12abc
    assert_refused 2 "Try 'shmcat --help' for more information." shmcat --bogus /p
    assert_refused 2 "Try 'shmcat --help' for more information." shmcat -o
}

# --- real peers: Python -----------------------------------------------------------

@test "data written by Python's sysv_ipc is read back by shmcat" {
    random_file "$T/in" 100000
    /usr/bin/python3 - "$T/in" <<'EOF'
import sys, sysv_ipc
data = open(sys.argv[1], "rb").read()
m = sysv_ipc.SharedMemory(0x00d47a01, sysv_ipc.IPC_CREX, mode=0o600, size=len(data))
m.write(data)
m.detach()
EOF
    shmcat 0x00d47a01 | cmp "$T/in" -
    shmcat "$(id_of_key 0x00d47a01)" | cmp "$T/in" -
    shmcat -x 0x00d47a01 | cmp <(hexdump -C "$T/in") -
}

@test "data written by shmcat is read back by Python's sysv_ipc" {
    random_file "$T/in" 100001
    shmcat --create 100001 -w 0x00d47a02 < "$T/in"
    /usr/bin/python3 - > "$T/out" <<'EOF'
import sys, sysv_ipc
m = sysv_ipc.SharedMemory(0x00d47a02)
sys.stdout.buffer.write(m.read(m.size))
m.detach()
EOF
    cmp "$T/in" "$T/out"
    # and into a segment Python made, at an offset
    /usr/bin/python3 -c 'import sysv_ipc; sysv_ipc.SharedMemory(0x00d47a03, sysv_ipc.IPC_CREX, size=4096, init_character=b"-").detach()'
    printf 'from shmcat' | shmcat -w 0x00d47a03 -o 10
    run /usr/bin/python3 -c 'import sysv_ipc; m = sysv_ipc.SharedMemory(0x00d47a03); print(m.read(25).decode())'
    assert_output "----------from shmcat----"
}

@test "POSIX objects interoperate with Python's multiprocessing.shared_memory" {
    random_file "$T/in" 70000
    /usr/bin/python3 - "$T/in" <<'EOF'
import sys
from multiprocessing import resource_tracker, shared_memory
data = open(sys.argv[1], "rb").read()
m = shared_memory.SharedMemory(name="py-made", create=True, size=len(data))
resource_tracker.unregister(m._name, "shared_memory")  # keep it after exit
m.buf[:len(data)] = data
m.close()
EOF
    shmcat /py-made | cmp "$T/in" -
    shmcat --create 70000 -w /shmcat-made < "$T/in"
    /usr/bin/python3 - > "$T/out" <<'EOF'
import sys
from multiprocessing import resource_tracker, shared_memory
m = shared_memory.SharedMemory(name="shmcat-made")
resource_tracker.unregister(m._name, "shared_memory")
sys.stdout.buffer.write(bytes(m.buf[:70000]))
m.close()
EOF
    cmp "$T/in" "$T/out"
}
