#!/usr/bin/env bats
# fifo-tee: one stream to many FIFOs whose readers come and go.
#
# Readers are tests/helpers/fifo-reader.py: it opens its FIFO without waiting
# for a writer and says "ready" on a FIFO, so a test knows for sure that a
# reader is there before data flows.  fifo-tee itself is synchronised through
# its standard output: a line fed in and read back out means everything
# before it has been handed to every output.  No sleeps, no timings.

load ../helpers/common
setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
}
bats_require_minimum_version 1.5.0

READER=$XIPC_SOURCE/tests/helpers/fifo-reader.py

# start_reader FIFO OUT [options] — a reader in the background, holding FIFO
# open when this returns; its pid is $READER_PID.
start_reader() {
    local ready
    ready=$(mktemp -u "$T/ready.XXXXXX")
    mkfifo "$ready"
    /usr/bin/python3 "$READER" "$@" --ready "$ready" 6<&- 7>&- 8<&- &
    READER_PID=$!
    read -r -t 120 _ <"$ready"
}

# start_tee ARGS... — fifo-tee in the background: its input is the FIFO
# $T/in (we write it on fd 7), its stdout the FIFO $T/so (we read it on fd 8),
# its stderr the FIFO $T/ep (fd 6).
start_tee() {
    mkfifo "$T/in" "$T/so" "$T/ep"
    fifo-tee "$@" <"$T/in" >"$T/so" 2>"$T/ep" &
    TEE_PID=$!
    exec 7>"$T/in" 8<"$T/so" 6<"$T/ep"
}

# say LINE — feed LINE and wait until fifo-tee has copied it to stdout.
say() {
    printf '%s\n' "$1" >&7
    local line
    read -r -t 120 line <&8
    if [[ $line != "$1" ]]; then
        echo "stdout gave '$line', expected '$1'" >&2
        return 1
    fi
}

# end_tee — end the input, take the rest of stdout and stderr, and wait:
# the status is $TEE_STATUS, stderr is in $T/err.
end_tee() {
    exec 7>&-
    cat <&8 >"$T/stdout.rest"
    cat <&6 >"$T/err"
    exec 8<&- 6<&-
    TEE_STATUS=0
    wait "$TEE_PID" || TEE_STATUS=$?
}

# stats_of OUTPUT — "written dropped reconnects" from the --stats lines in $T/err.
stats_of() {
    sed -n "s|^fifo-tee: $1: \([0-9]*\) bytes written, \([0-9]*\) dropped, \([0-9]*\) reconnects$|\1 \2 \3|p" "$T/err"
}

# sentinel SIZE GO — read SIZE bytes of fifo-tee's stdout (it has then read
# all of its input), let a paused reader go, and take whatever else comes.
sentinel() {
    head -c "$1" >/dev/null
    echo go >"$2"
    cat >/dev/null
}

size_of() { stat -c %s "$1"; }

# A file of random bytes, made once per file of tests.
random_file() {
    local path=$BATS_FILE_TMPDIR/random.$1
    [[ -e $path ]] || head -c "$1" /dev/urandom >"$path"
    echo "$path"
}

# --- readers come and go --------------------------------------------------

@test "with no reader at all, stdin still reaches stdout and fifo-tee exits 0" {
    mkfifo "$T/f1" "$T/f2"
    run --separate-stderr fifo-tee "$T/f1" "$T/f2" < <(printf 'hello\nworld\n')
    assert_success
    assert_output $'hello\nworld'
    assert_equal "$stderr" ""
    # The same from a file (the read/write path), under every policy.
    printf 'hello\n' >"$T/input"
    for policy in block drop buffer; do
        run --separate-stderr fifo-tee --policy "$policy" "$T/f1" "$T/f2" <"$T/input"
        assert_success
        assert_output hello
    done
}

late_reader() {
    mkfifo "$T/f"
    start_tee --stats "$@" "$T/f"
    say one
    start_reader "$T/f" "$T/got"
    local reader=$READER_PID
    say two
    end_tee
    wait "$reader"
    assert_equal "$TEE_STATUS" 0
    assert_equal "$(cat "$T/got")" two
    assert_equal "$(stats_of "$T/f")" "4 4 0"
}

@test "a reader that comes late gets the stream from then on (tee/splice)" {
    late_reader
}

@test "a reader that comes late gets the stream from then on (read/write)" {
    late_reader --policy buffer
}

reader_returns() {
    mkfifo "$T/f"
    start_reader "$T/f" "$T/got1" --stop-after 4
    local first=$READER_PID
    start_tee --stats "$@" "$T/f"
    say one
    wait "$first"
    say two  # finds the reader gone: dropped
    say --   # no reader: dropped
    start_reader "$T/f" "$T/got2"
    local second=$READER_PID
    say three
    end_tee
    wait "$second"
    assert_equal "$TEE_STATUS" 0
    assert_equal "$(cat "$T/got1")" one
    assert_equal "$(cat "$T/got2")" three
    assert_equal "$(stats_of "$T/f")" "10 7 1"
    assert_equal "$(stats_of 'standard output')" "17 0 0"
}

@test "a reader that leaves is dropped until one comes back (tee/splice)" {
    reader_returns
}

@test "a reader that leaves is dropped until one comes back (read/write)" {
    reader_returns --whole-lines
}

killed_reader() {
    local big
    big=$(random_file 16777216)
    mkfifo "$T/f1" "$T/f2" "$T/f3"
    start_reader "$T/f1" "$T/got1"
    local r1=$READER_PID
    start_reader "$T/f2" "$T/got2"
    local r2=$READER_PID
    start_reader "$T/f3" "$T/got3" --kill-after 1048576
    local r3=$READER_PID
    local tee_status=0
    if [[ $1 == pipe ]]; then
        fifo-tee --stats "${@:2}" "$T/f1" "$T/f2" "$T/f3" < <(cat "$big") >"$T/stdout" 2>"$T/err" || tee_status=$?
    else
        fifo-tee --stats "${@:2}" "$T/f1" "$T/f2" "$T/f3" <"$big" >"$T/stdout" 2>"$T/err" || tee_status=$?
    fi
    wait "$r1"
    wait "$r2"
    local killed=0
    wait "$r3" || killed=$?
    assert_equal "$killed" 137  # the reader's own SIGKILL
    assert_equal "$tee_status" 0
    cmp "$big" "$T/stdout"
    cmp "$big" "$T/got1"
    cmp "$big" "$T/got2"
    assert_equal "$(size_of "$T/got3")" 1048576
    cmp -n 1048576 "$big" "$T/got3"
    read -r written dropped reconnects < <(stats_of "$T/f3")
    assert_equal "$((written + dropped))" 16777216
    assert [ "$dropped" -gt 0 ]
    assert_equal "$reconnects" 0
    assert_equal "$(stats_of "$T/f1")" "16777216 0 0"
}

@test "a reader killed mid-stream leaves the others byte-exact under block (tee/splice)" {
    killed_reader pipe
}

@test "a reader killed mid-stream leaves the others byte-exact under block (read/write)" {
    # A reader that goes away is no write error, even under --output-error=exit.
    killed_reader file --output-error=exit
}

# paused_reader SIZE FEED ARGS... — one reader that reads nothing until
# fifo-tee has read all of its input, then everything left for it.
paused_reader() {
    local size=$1 feed=$2
    shift 2
    mkfifo "$T/f" "$T/go"
    start_reader "$T/f" "$T/got" --go "$T/go"
    local reader=$READER_PID
    if [[ $feed == pipe ]]; then
        fifo-tee --stats "$@" "$T/f" < <(cat "$T/input") 2>"$T/err" | sentinel "$size" "$T/go"
    else
        fifo-tee --stats "$@" "$T/f" <"$T/input" 2>"$T/err" | sentinel "$size" "$T/go"
    fi
    assert_equal "${PIPESTATUS[0]}" 0
    wait "$reader"
    read -r WRITTEN DROPPED RECONNECTS < <(stats_of "$T/f")
    RECEIVED=$(size_of "$T/got")
    assert_equal "$WRITTEN" "$RECEIVED"
    assert_equal "$((RECEIVED + DROPPED))" "$size"
    assert [ "$DROPPED" -gt 0 ]
}

@test "--policy drop counts exactly the bytes a reader did not get (tee/splice)" {
    cp "$(random_file 8388608)" "$T/input"
    paused_reader 8388608 pipe --policy drop
    # What it did get is the start of the stream: the rest found its pipe full.
    cmp -n "$RECEIVED" "$T/input" "$T/got"
    assert [ "$RECEIVED" -lt 1048576 ]
}

@test "--policy drop counts exactly the bytes a reader did not get (read/write)" {
    cp "$(random_file 8388608)" "$T/input"
    paused_reader 8388608 file --policy drop
    cmp -n "$RECEIVED" "$T/input" "$T/got"
}

@test "--policy buffer queues up to --buffer for a slow reader, then drops" {
    cp "$(random_file 8388608)" "$T/input"
    paused_reader 8388608 pipe --policy buffer --buffer 256K
    cmp -n "$RECEIVED" "$T/input" "$T/got"
    # Its pipe, and 256 KiB queued behind it.
    assert [ "$RECEIVED" -ge 262144 ]
    assert [ "$RECEIVED" -lt 1048576 ]
}

@test "--policy block (the default) gives a slow reader everything" {
    cp "$(random_file 8388608)" "$T/input"
    mkfifo "$T/f" "$T/go"
    start_reader "$T/f" "$T/got" --go "$T/go"
    local reader=$READER_PID
    # The reader starts only once stdout has had a first byte: under drop it
    # would lose most of the stream by then (see above), under block nothing.
    fifo-tee --stats --policy block "$T/f" < <(cat "$T/input") 2>"$T/err" | sentinel 1 "$T/go"
    assert_equal "${PIPESTATUS[0]}" 0
    wait "$reader"
    cmp "$T/input" "$T/got"
    assert_equal "$(stats_of "$T/f")" "8388608 0 0"
}

# Lines "N:xxx" whose padding depends on N, so that any torn or glued line
# shows.
make_lines() {
    awk -v n="$1" 'BEGIN { for (k = 0; k < 151; k++) { pad[k] = s; s = s "x" }
                           for (i = 0; i < n; i++) printf "%d:%s\n", i, pad[i % 151] }' >"$T/input"
}

assert_whole_lines() {
    if [[ -s $1 ]]; then
        assert_equal "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" '\n'
    fi
    # Each line whole, and in the order of the input.
    run awk -F: 'NF != 2 || $2 !~ /^x*$/ || length($2) != $1 % 151 || (NR > 1 && $1 <= last) {
                     print "torn or out of order: " $0; bad = 1 }
                 { last = $1 } END { exit bad }' "$1"
    assert_success
}

@test "--whole-lines: a reader that falls behind only ever sees whole lines" {
    make_lines 100000
    local size
    size=$(size_of "$T/input")
    paused_reader "$size" pipe --policy drop --whole-lines
    assert_whole_lines "$T/got"
    cmp -n "$RECEIVED" "$T/input" "$T/got"
}

@test "--whole-lines with --policy buffer: queued and dropped stretches are whole lines" {
    make_lines 100000
    local size
    size=$(size_of "$T/input")
    paused_reader "$size" file --policy buffer --buffer 100K --whole-lines
    assert_whole_lines "$T/got"
    # The pipe and the queue hold the start of the stream; later, short
    # lines may still fit in what is left of the queue.
    assert [ "$RECEIVED" -ge 102400 ]
    cmp -n 102400 "$T/input" "$T/got"
}

@test "--whole-lines: a reader that comes in mid-line starts at the next line" {
    mkfifo "$T/f"
    start_tee --stats --whole-lines "$T/f"
    printf 'abc' >&7
    local part
    read -r -N 3 -t 120 part <&8
    assert_equal "$part" abc
    start_reader "$T/f" "$T/got"
    local reader=$READER_PID
    printf 'def\nghi\n' >&7
    end_tee
    wait "$reader"
    assert_equal "$TEE_STATUS" 0
    assert_equal "$(cat "$T/got")" ghi
    assert_equal "$(cat "$T/stdout.rest")" $'def\nghi'
    assert_equal "$(stats_of "$T/f")" "4 7 0"
}

@test "4 readers of a large stream all match its sha256sum" {
    # 1 GiB by default (XIPC_FIFO_TEE_MIB to change it): a random block,
    # repeated.
    local mib=${XIPC_FIFO_TEE_MIB:-1024} block
    block=$(random_file 16777216)
    local repeats=$((mib / 16)) pids=()
    for i in 1 2 3 4; do
        mkfifo "$T/f$i"
        start_reader "$T/f$i" "$T/sum$i" --sha256
        pids+=("$READER_PID")
    done
    local tee_status=0
    for ((i = 0; i < repeats; i++)); do cat "$block"; done |
        fifo-tee --no-stdout --stats "$T/f1" "$T/f2" "$T/f3" "$T/f4" 2>"$T/err" || tee_status=$?
    for pid in "${pids[@]}"; do wait "$pid"; done
    assert_equal "$tee_status" 0
    expected=$(/usr/bin/python3 -c '
import hashlib, sys
block = open(sys.argv[1], "rb").read()
h = hashlib.sha256()
for _ in range(int(sys.argv[2])):
    h.update(block)
print(h.hexdigest(), len(block) * int(sys.argv[2]))' "$block" "$repeats")
    for i in 1 2 3 4; do
        assert_equal "$(cat "$T/sum$i")" "$expected"
    done
    assert_equal "$(stats_of "$T/f4")" "$((repeats * 16777216)) 0 0"
}

# --- options --------------------------------------------------------------

@test "--help lists every option; --version names the suite" {
    run --separate-stderr fifo-tee --help
    assert_success
    assert_line --index 0 "Usage:"
    for opt in -a,\ --append -c,\ --create "-m, --mode <mode>" --no-stdout "--policy <policy>" "--buffer <size>" \
        --whole-lines --stats "--output-error[=mode]" "-h, --help" "-V, --version"; do
        assert_output --partial "$opt"
    done
    # 80 columns at most.
    run awk 'length > 80' <<<"$output"
    assert_output ""
    run --separate-stderr fifo-tee --version
    assert_success
    assert_output --regexp '^fifo-tee \(xipc\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "--create makes missing FIFOs, mode 0600 whatever the umask" {
    umask 000
    run --separate-stderr fifo-tee -c "$T/a" --create "$T/b" <<<"hi"
    assert_success
    assert_output hi
    for f in a b; do
        assert [ -p "$T/$f" ]
        assert_equal "$(stat -c %a "$T/$f")" 600
    done
}

@test "--mode sets the mode of the FIFOs made, octal or symbolic" {
    umask 077
    run fifo-tee -c -m 0640 "$T/a" <<<"hi"
    assert_success
    assert_equal "$(stat -c %a "$T/a")" 640
    run fifo-tee --create --mode u=rw,g=r,o=r "$T/b" <<<"hi"
    assert_success
    assert_equal "$(stat -c %a "$T/b")" 644
}

@test "--create leaves outputs that exist as they are" {
    mkfifo -m 0604 "$T/f"
    printf 'old\n' >"$T/file"
    chmod 0640 "$T/file"
    run fifo-tee -c -m 0600 "$T/f" "$T/file" <<<"new"
    assert_success
    assert_equal "$(stat -c %a "$T/f")" 604
    assert_equal "$(stat -c %a "$T/file")" 640
    assert_equal "$(cat "$T/file")" new
}

@test "--no-stdout copies to the outputs only" {
    : >"$T/file"
    run --separate-stderr fifo-tee --no-stdout "$T/file" < <(printf 'abc\n')
    assert_success
    assert_output ""
    assert_equal "$(cat "$T/file")" abc
}

@test "regular files are truncated, or appended to with --append" {
    printf 'data\n' >"$T/input"
    for feed in pipe file; do
        printf 'old\n' >"$T/file"
        printf 'old\n' >"$T/log"
        if [[ $feed == pipe ]]; then
            fifo-tee "$T/file" < <(cat "$T/input") >>"$T/log"
        else
            fifo-tee "$T/file" <"$T/input" >>"$T/log"
        fi
        assert_equal "$(cat "$T/file")" data
        # Standard output opened for appending takes the copy path too.
        assert_equal "$(cat "$T/log")" $'old\ndata'
        printf 'old\n' >"$T/file"
        if [[ $feed == pipe ]]; then
            fifo-tee -a "$T/file" < <(cat "$T/input") >/dev/null
        else
            fifo-tee --append "$T/file" <"$T/input" >/dev/null
        fi
        assert_equal "$(cat "$T/file")" $'old\ndata'
    done
}

@test "--stats prints bytes written, dropped and reconnects per output at exit" {
    mkfifo "$T/f"
    : >"$T/file"
    run --separate-stderr fifo-tee --stats "$T/file" "$T/f" < <(printf 'abc\n')
    assert_success
    assert_equal "$stderr" "fifo-tee: standard output: 4 bytes written, 0 dropped, 0 reconnects
fifo-tee: $T/file: 4 bytes written, 0 dropped, 0 reconnects
fifo-tee: $T/f: 0 bytes written, 4 dropped, 0 reconnects"
    run --separate-stderr fifo-tee "$T/file" "$T/f" < <(printf 'abc\n')
    assert_success
    assert_equal "$stderr" ""
}

@test "SIGUSR1 prints the counters while the stream goes on" {
    mkfifo "$T/f"
    start_tee "$T/f"
    say abc
    kill -USR1 "$TEE_PID"
    local line
    read -r -t 120 line <&6
    assert_equal "$line" "fifo-tee: standard output: 4 bytes written, 0 dropped, 0 reconnects"
    read -r -t 120 line <&6
    assert_equal "$line" "fifo-tee: $T/f: 0 bytes written, 4 dropped, 0 reconnects"
    say def
    end_tee
    assert_equal "$TEE_STATUS" 0
    assert_equal "$(cat "$T/err")" ""
}

@test "--stats: a terminating signal prints the counters, then ends the run" {
    : >"$T/file"
    start_tee --stats "$T/file"
    say abc
    kill -TERM "$TEE_PID"
    end_tee
    assert_equal "$TEE_STATUS" 143
    assert_equal "$(cat "$T/err")" "fifo-tee: standard output: 4 bytes written, 0 dropped, 0 reconnects
fifo-tee: $T/file: 4 bytes written, 0 dropped, 0 reconnects"
}

@test "--stats: a terminating signal is answered even while stdout is stuck" {
    : >"$T/file"
    start_tee --stats --whole-lines "$T/file"
    { printf 'x\n'; head -c 1048576 /dev/zero; } >&7 &
    local feeder=$!
    local line
    read -r -t 120 line <&8
    assert_equal "$line" x
    # Nobody reads stdout any more: wait until fifo-tee is stuck writing it
    # (the kernel says so in wchan; there is no event to wait on here).
    local tries=0
    until [[ $(cat "/proc/$TEE_PID/wchan") == *pipe_write* ]]; do
        ((++tries < 6000)) || fail "fifo-tee never blocked writing stdout"
        sleep 0.01
    done
    kill -TERM "$TEE_PID"
    run timeout 120 tail --pid="$TEE_PID" -f /dev/null
    assert_success
    end_tee
    wait "$feeder" || true
    assert_equal "$TEE_STATUS" 143
    run cat "$T/err"
    assert_line --index 0 --regexp '^fifo-tee: standard output: [0-9]+ bytes written, 0 dropped, 0 reconnects$'
    assert_line --index 1 --regexp "^fifo-tee: $T/file: [0-9]+ bytes written, 0 dropped, 0 reconnects\$"
}

# --- write errors (--output-error) ----------------------------------------

# broken_stdout ARGS... — 10 MiB into fifo-tee ARGS $T/file, whose stdout
# reader leaves after 10 bytes.
broken_stdout() {
    local big
    big=$(random_file 10485760)
    : >"$T/file"
    run --separate-stderr bash -c 'fifo-tee "${@:2}" <"$1" | head -c 10 >/dev/null; exit "${PIPESTATUS[0]}"' \
        _ "$big" "$@" "$T/file"
    BIG=$big
}

@test "a broken stdout ends the run quietly by default, as tee's SIGPIPE" {
    broken_stdout
    assert_success
    assert_equal "$stderr" ""
    assert [ "$(size_of "$T/file")" -lt 10485760 ]
    # The tee/splice path does the same.
    run --separate-stderr bash -c 'fifo-tee "$2" < <(cat "$1") | head -c 10 >/dev/null; exit "${PIPESTATUS[0]}"' \
        _ "$BIG" "$T/file"
    assert_success
    assert_equal "$stderr" ""
    assert [ "$(size_of "$T/file")" -lt 10485760 ]
}

@test "--output-error=warn reports a broken stdout and goes on" {
    broken_stdout --output-error=warn
    assert_failure 1
    assert_equal "$stderr" "fifo-tee: write standard output: Broken pipe"
    cmp "$BIG" "$T/file"
}

@test "--output-error and =warn-nopipe go on quietly past a broken stdout" {
    for opt in --output-error --output-error=warn-nopipe; do
        broken_stdout "$opt"
        assert_success
        assert_equal "$stderr" ""
        cmp "$BIG" "$T/file"
    done
}

@test "--output-error=exit stops at a broken stdout" {
    broken_stdout --output-error=exit
    assert_failure 1
    assert_equal "$stderr" "fifo-tee: write standard output: Broken pipe"
    assert [ "$(size_of "$T/file")" -lt 10485760 ]
}

@test "--output-error=exit-nopipe goes on quietly past a broken stdout" {
    broken_stdout --output-error=exit-nopipe
    assert_success
    assert_equal "$stderr" ""
    cmp "$BIG" "$T/file"
}

# full_device ARGS... — 1 MiB into fifo-tee ARGS /dev/full $T/file.
full_device() {
    BIG=$(random_file 1048576)
    : >"$T/file"
    run --separate-stderr bash -c 'fifo-tee "${@:3}" /dev/full "$1" <"$2" >"$1.stdout"' _ "$T/file" "$BIG" "$@"
}

@test "a write error on a file is reported, the others go on, exit 1" {
    for opt in "" --output-error=warn --output-error=warn-nopipe; do
        full_device $opt
        assert_failure 1
        assert_equal "$stderr" "fifo-tee: write /dev/full: No space left on device"
        cmp "$BIG" "$T/file"
        cmp "$BIG" "$T/file.stdout"
    done
}

@test "--output-error=exit and =exit-nopipe stop at a write error on a file" {
    for opt in --output-error=exit --output-error=exit-nopipe --output-error=exit-n; do
        full_device "$opt"
        assert_failure 1
        assert_equal "$stderr" "fifo-tee: write /dev/full: No space left on device"
        assert_equal "$(size_of "$T/file")" 0
    done
}

# --- bad input --------------------------------------------------------------

@test "outputs that cannot be opened are reported; the others still get everything" {
    mkdir "$T/dir"
    : >"$T/file"
    run --separate-stderr fifo-tee "$T/missing" "$T/dir" "$T/file" <<<"hi"
    assert_failure 1
    assert_output hi
    assert_equal "$stderr" "fifo-tee: open $T/missing: No such file or directory
fifo-tee: open $T/dir: Is a directory"
    assert_equal "$(cat "$T/file")" hi
    assert [ ! -e "$T/missing" ]
}

@test "usage errors: one line, exit 2, nothing made" {
    cd "$T"
    run --separate-stderr fifo-tee
    assert_failure 2
    assert_equal "$stderr" "fifo-tee: no output given
Try 'fifo-tee --help' for more information."
    local -A cases=(
        ["--policy fast -c x"]="fifo-tee: invalid policy: 'fast' (expected block, drop or buffer)"
        ["--buffer 1M -c x"]="fifo-tee: --buffer only applies to --policy buffer and --whole-lines"
        ["--policy buffer --buffer 12Q -c x"]="fifo-tee: invalid size: '12Q'"
        ["--mode 0600 x"]="fifo-tee: --mode only applies to --create"
        ["-c --mode 1777 x"]="fifo-tee: invalid mode: '1777' (at most 0777)"
        ["--output-error=loud -c x"]="fifo-tee: invalid output error mode: 'loud' (expected warn, warn-nopipe, exit or exit-nopipe)"
        ["--output-error=e -c x"]="fifo-tee: ambiguous output error mode: 'e' (expected warn, warn-nopipe, exit or exit-nopipe)"
    )
    for args in "${!cases[@]}"; do
        # shellcheck disable=SC2086
        run --separate-stderr fifo-tee $args </dev/null
        assert_failure 2
        assert_equal "${stderr_lines[0]}" "${cases[$args]}"
        assert_equal "${stderr_lines[1]}" "Try 'fifo-tee --help' for more information."
        assert [ ! -e "$T/x" ]
    done
    run --separate-stderr fifo-tee --bogus x </dev/null
    assert_failure 2
    assert [ ! -e "$T/x" ]
}

@test "--output-error takes its mode only attached: '--output-error warn' writes to a file named warn" {
    cd "$T"
    run --separate-stderr fifo-tee --output-error warn <<<"hi"
    assert_failure 1
    assert_equal "$stderr" "fifo-tee: open warn: No such file or directory"
    run --separate-stderr fifo-tee -c --output-error warn <<<"hi"
    assert_success
    assert [ -p "$T/warn" ]
}
