# fish completion for mqrecv (xipc)

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

complete -c mqrecv -f
complete -c mqrecv -n 'not __fish_seen_subcommand_from (__xipc_objects pmsg msg msgkey)' \
    -a '(__xipc_objects pmsg msg msgkey)' -d queue
complete -c mqrecv -s n -l count -x -d 'receive this many messages'
complete -c mqrecv -s f -l follow -d 'keep receiving until interrupted'
complete -c mqrecv -s T -l timeout -x -d 'wait at most this long for each message'
complete -c mqrecv -l nonblock -d 'do not wait when the queue is empty'
complete -c mqrecv -s L -l lines -d 'end each message with a newline'
complete -c mqrecv -s 0 -l null -d 'end each message with a NUL byte'
complete -c mqrecv -l print-priority -d 'print the priority or type before each message'
complete -c mqrecv -s J -l json -d 'one JSON object per message'
complete -c mqrecv -s t -l type -x -d 'System V: 0 any, >0 that type, <0 lowest type up to |n|'
complete -c mqrecv -l except -d 'System V: any type but the one --type names'
complete -c mqrecv -l peek -d 'System V: copy messages without removing them'
complete -c mqrecv -l notify -d 'POSIX: wait with mq_notify, then receive'
complete -c mqrecv -l batch -d 'write up to n (64) waiting messages at once (--batch=n)'
complete -c mqrecv -l id -d 'read the queue as a System V id'
complete -c mqrecv -l key -d 'read the queue as a System V key (decimal too)'
complete -c mqrecv -l name -d 'read the queue as a POSIX name (digits too)'
complete -c mqrecv -s h -l help -d 'display help'
complete -c mqrecv -s V -l version -d 'display version'
