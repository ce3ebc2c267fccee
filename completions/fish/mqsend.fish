# fish completion for mqsend (xipc)

# >>> xipc objects: copied verbatim into every command's file (see
# completions/README.md); change it everywhere or nowhere.
# __xipc_objects KIND...: one object per line.  shm msg sem: System V ids;
# shmkey msgkey semkey: System V keys; pshm pmsg psem: POSIX /NAMEs.
function __xipc_objects
    for kind in $argv
        switch $kind
            case shm msg sem
                test -r /proc/sysvipc/$kind
                and awk 'NR > 1 { print $2 }' /proc/sysvipc/$kind
            case shmkey msgkey semkey
                set -l file /proc/sysvipc/(string replace key '' -- $kind)
                test -r $file
                and awk 'NR > 1 && $1 != 0 { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' $file
            case pshm
                for f in /dev/shm/*
                    test -f $f; and not string match -q 'sem.*' -- (path basename -- $f)
                    and echo /(path basename -- $f)
                end
            case psem
                for f in /dev/shm/sem.*
                    test -f $f; and echo /(string replace -r '^sem\.' '' -- (path basename -- $f))
                end
            case pmsg
                for f in /dev/mqueue/*
                    test -f $f; and echo /(path basename -- $f)
                end
        end
    end
end
# <<< xipc objects

complete -c mqsend -f
complete -c mqsend -n 'not __fish_seen_subcommand_from (__xipc_objects pmsg msg msgkey)' \
    -a '(__xipc_objects pmsg msg msgkey)' -d queue
complete -c mqsend -s L -l lines -d 'send each line of standard input as a message'
complete -c mqsend -s 0 -l null -d 'send each NUL-terminated record of standard input'
complete -c mqsend -s p -l priority -x -d 'POSIX message priority (0-32767)'
complete -c mqsend -s t -l type -x -d 'System V message type (1 or more)'
complete -c mqsend -s T -l timeout -x -d 'wait at most this long for room'
complete -c mqsend -l nonblock -d 'do not wait when the queue is full'
complete -c mqsend -s c -l create -d 'create the queue if it does not exist'
complete -c mqsend -l maxmsg -x -d 'POSIX: messages a created queue holds'
complete -c mqsend -l msgsize -x -d 'POSIX: message size of a created queue'
complete -c mqsend -l mode -x -a '0600 0640 0660 0644 0666' -d 'permissions of a created queue'
complete -c mqsend -l id -d 'read the queue as a System V id'
complete -c mqsend -l key -d 'read the queue as a System V key (decimal too)'
complete -c mqsend -l name -d 'read the queue as a POSIX name (digits too)'
complete -c mqsend -s h -l help -d 'display help'
complete -c mqsend -s V -l version -d 'display version'
