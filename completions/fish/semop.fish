# fish completion for semop (xipc)

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

# After "--": the command and its arguments, completed as the command's own.
function __semop_after_dashdash
    contains -- -- (commandline -opc)
end
function __semop_command
    set -l words (commandline -opc)
    set -l at (contains -i -- -- $words)
    complete -C (string join ' ' -- (string escape -- $words[(math $at + 1)..-1]) (commandline -ct))
end

complete -c semop -f
complete -c semop -n __semop_after_dashdash -a '(__semop_command)'
complete -c semop -n 'not __semop_after_dashdash; and not __fish_seen_subcommand_from (__xipc_objects psem sem semkey)' \
    -a '(__xipc_objects psem sem semkey)' -d semaphore
complete -c semop -n 'not __semop_after_dashdash' -s w -l wait -d 'take one (P), waiting until it can'
complete -c semop -n 'not __semop_after_dashdash' -s T -l timeout -x -a '200ms 1s 5s 30s 1m' -d 'wait at most this long'
complete -c semop -n 'not __semop_after_dashdash' -l nonblock -d 'do not wait'
# --post takes its count only attached (--post=3, -p3), as getopt's optional arguments.
complete -c semop -n 'not __semop_after_dashdash' -s p -l post -d 'give back one, or n (V)'
complete -c semop -n 'not __semop_after_dashdash' -s g -l get -d 'print the value (System V: every member)'
complete -c semop -n 'not __semop_after_dashdash' -s J -l json -d 'with --get: print JSON'
complete -c semop -n 'not __semop_after_dashdash' -l set -x -d 'System V: set the member\'s value'
complete -c semop -n 'not __semop_after_dashdash' -s n -l num -x -d 'System V: the member (default 0)'
complete -c semop -n 'not __semop_after_dashdash' -l op -x -d 'System V: MEMBER:DELTA,... all at once'
complete -c semop -n 'not __semop_after_dashdash' -s u -l undo -d 'System V: SEM_UNDO (undone when semop exits)'
complete -c semop -n 'not __semop_after_dashdash' -s c -l create -d 'create the semaphore if it does not exist'
complete -c semop -n 'not __semop_after_dashdash' -s x -l exclusive -d 'with --create: fail if it exists'
complete -c semop -n 'not __semop_after_dashdash' -l value -x -d 'with --create: the initial value (default 0)'
complete -c semop -n 'not __semop_after_dashdash' -l mode -x -a '0600 0640 0660 0644 0666' -d 'with --create: permissions (default 0600)'
complete -c semop -n 'not __semop_after_dashdash' -l id -d 'read the semaphore as a System V id'
complete -c semop -n 'not __semop_after_dashdash' -l key -d 'read the semaphore as a System V key (decimal too)'
complete -c semop -n 'not __semop_after_dashdash' -l name -d 'read the semaphore as a POSIX name (digits too)'
complete -c semop -n 'not __semop_after_dashdash' -s h -l help -d 'display help'
complete -c semop -n 'not __semop_after_dashdash' -s V -l version -d 'display version'
