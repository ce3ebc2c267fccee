#!/usr/bin/env bats
# --id, --key and --name: the explicit forms of an object argument that
# override the guess (xipc(7), SELECTORS), for shmcat, mqsend and mqrecv.

bats_require_minimum_version 1.5.0
load ../helpers/common

setup() {
    xipc_setup
    T=$BATS_TEST_TMPDIR
}

# The System V id of the object of kind $1 (shm, msg) with key $2 (decimal).
id_of_key() { awk -v k="$2" 'NR > 1 && $1 == k { print $2 }' "/proc/sysvipc/$1"; }

@test "shmcat --name: a POSIX object whose name is all digits, which the guess reads as an id" {
    printf 'digits' | shmcat --name --create 6 -w 4242
    assert_equal "$(stat -c %s /dev/shm/4242)" 6
    run --separate-stderr shmcat --name 4242
    assert_success
    assert_output digits
    # Without --name the same word is a System V id, which does not exist.
    run --separate-stderr shmcat 4242
    assert_failure 1
    assert_output ''
    assert_equal "$stderr" "shmcat: find shared memory id 4242: not found"
    # --name also takes the /NAME and /dev/shm/NAME forms.
    assert_equal "$(shmcat --name /4242 /dev/shm/4242)" digitsdigits
}

@test "shmcat --key: a key in decimal (and octal), for reading, writing and --create" {
    printf 'by key' | shmcat --key --create 64 -w 1234
    local id
    id=$(id_of_key shm 1234)
    [[ -n $id ]]
    # The same segment by its hexadecimal key and by its id.
    assert_equal "$(shmcat 0x4d2 | tr -d '\0')" 'by key'
    assert_equal "$(shmcat --key 1234 | tr -d '\0')" 'by key'
    assert_equal "$(shmcat --id "$id" | tr -d '\0')" 'by key'
    assert_equal "$(shmcat --key 02322 | tr -d '\0')" 'by key'
    assert_equal "$(shmcat --key 0x4D2 -l 2)" by
    run --separate-stderr shmcat --key 0
    assert_failure
    assert_output ''
}

@test "shmcat --id, --key, --name apply to every object argument, and to -w" {
    local a b
    a=$(ipcmk -M 3 | awk '{ print $NF }')
    b=$(ipcmk -M 3 | awk '{ print $NF }')
    printf AAA | shmcat --id -w "$a"
    printf BBB | shmcat --id -w "$b"
    assert_equal "$(shmcat --id "$b" "$a")" BBBAAA
    printf 1 >/dev/shm/1
    printf 2 >/dev/shm/2
    assert_equal "$(shmcat --name 2 1 /2)" 212
}

@test "shmcat: wrong forms under --id, --key and --name are refused before anything is read or written" {
    local before
    printf 'keep' >/dev/shm/keep
    before=$(xipc_snapshot)
    local args
    for args in "--id 0x10" "--id /keep" "--key abc" "--key /keep" "--name /etc/passwd" "--name ../keep" \
        "--name /dev/mqueue/keep" "--id --key 5" "--key --name 5" "--name --id 5"; do
        # shellcheck disable=SC2086
        run --separate-stderr shmcat $args
        assert_failure 2
        assert_output ''
        assert_equal "${#lines[@]}" 0
        assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 2
        [[ $stderr == "shmcat: "* ]]
    done
    run --separate-stderr shmcat --id --key 5
    assert_equal "${stderr%%$'\n'*}" "shmcat: mutually exclusive arguments: --id --key"
    run --separate-stderr shmcat --name /etc/passwd
    assert_equal "${stderr%%$'\n'*}" "shmcat: invalid POSIX name: '/etc/passwd' (a name holds no '/' after the first)"
    # -w with a refused form writes nothing.
    run --separate-stderr bash -c 'printf new | shmcat --id -w /keep'
    assert_failure 2
    assert_equal "$(cat /dev/shm/keep)" keep
    assert_equal "$(xipc_snapshot)" "$before"
}

@test "mqsend/mqrecv --name: a POSIX queue whose name is all digits" {
    mqsend --name --create 77 'to seventy-seven'
    [[ -e /dev/mqueue/77 ]]
    run --separate-stderr mqrecv --name 77
    assert_success
    assert_output 'to seventy-seven'
    # The guess reads 77 as a System V id: no such queue, nothing received.
    mqsend --name 77 again
    run --separate-stderr mqrecv --nonblock 77
    assert_failure 1
    assert_output ''
    assert_equal "$(mqrecv --name --nonblock /dev/mqueue/77)" again
}

@test "mqsend/mqrecv --key: a System V queue by its key in decimal; --create makes it by that key" {
    ipcmk -Q >/dev/null # a neighbour, so ids and keys do not line up by chance
    mqsend --key --create 4660 'made by key'
    local id
    id=$(id_of_key msg 4660)
    [[ -n $id ]]
    run --separate-stderr mqrecv 0x1234
    assert_success
    assert_output 'made by key'
    mqsend 0x00001234 second
    assert_equal "$(mqrecv --key 4660)" second
    mqsend --key -t 5 4660 typed
    assert_equal "$(mqrecv --key --print-priority 4660)" "5	typed"
}

@test "mqsend/mqrecv --id: the queue by id, a key form refused" {
    local id
    ipcmk -Q >/dev/null
    id=$(ipcmk -Q | awk '{ print $NF }')
    mqsend --id "$id" 'by id'
    assert_equal "$(mqrecv --id "$id")" 'by id'
    local before
    before=$(xipc_snapshot)
    for cmd in "mqsend --id 0x10 m" "mqrecv --id 0x10" "mqsend --key --name 5 m" "mqrecv --name --id 5" \
        "mqsend --id --create $id m" "mqrecv --name a/b" "mqsend --key x m"; do
        # shellcheck disable=SC2086
        run --separate-stderr $cmd
        assert_failure 2
        assert_output ''
        [[ $stderr == "${cmd%% *}: "* ]]
    done
    assert_equal "$(xipc_snapshot)" "$before"
}
