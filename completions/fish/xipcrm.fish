# fish completion for xipcrm(1)

# Ids or keys (0x%08x) of /proc/sysvipc/$argv[1].
function __xipcrm_sysv
    set -l file /proc/sysvipc/$argv[1]
    test -r $file; or return
    if test "$argv[2]" = key
        awk 'NR > 1 && $1 != 0 { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' $file
    else
        awk 'NR > 1 { print $2 }' $file
    end
end

function __xipcrm_posix
    switch $argv[1]
        case mq
            for f in /dev/mqueue/*
                test -f $f; and echo /(basename $f)
            end
        case sem
            for f in /dev/shm/sem.*
                test -f $f; and echo /(string replace -r '^sem\.' '' (basename $f))
            end
        case '*'
            for f in /dev/shm/*
                set -l name (basename $f)
                test -f $f; and not string match -q 'sem.*' $name; and echo /$name
            end
    end
end

complete -c xipcrm -f
complete -c xipcrm -n '__fish_is_first_arg' -a 'shm msg sem' -d 'legacy form: kind, then ids'
complete -c xipcrm -s m -l shmem-id -x -a '(__xipcrm_sysv shm id)' -d 'remove shared memory segment by id'
complete -c xipcrm -s M -l shmem-key -x -a '(__xipcrm_sysv shm key)' -d 'remove shared memory segment by key'
complete -c xipcrm -l posix-shmem -x -a '(__xipcrm_posix shm)' -d 'remove POSIX shared memory by name'
complete -c xipcrm -s q -l queue-id -x -a '(__xipcrm_sysv msg id)' -d 'remove message queue by id'
complete -c xipcrm -s Q -l queue-key -x -a '(__xipcrm_sysv msg key)' -d 'remove message queue by key'
complete -c xipcrm -l posix-mqueue -x -a '(__xipcrm_posix mq)' -d 'remove POSIX message queue by name'
complete -c xipcrm -s s -l semaphore-id -x -a '(__xipcrm_sysv sem id)' -d 'remove semaphore set by id'
complete -c xipcrm -s S -l semaphore-key -x -a '(__xipcrm_sysv sem key)' -d 'remove semaphore set by key'
complete -c xipcrm -l posix-semaphore -x -a '(__xipcrm_posix sem)' -d 'remove POSIX semaphore by name'
# --all takes its list only attached (--all=shm,pshm), as getopt's optional arguments.
complete -c xipcrm -s a -l all -a 'shm msg sem pshm pmsg psem' -d 'remove all (of the kinds listed)'
complete -c xipcrm -l owner -x -a '(__fish_complete_users)' -d 'with --all: only objects this user owns'
complete -c xipcrm -l older-than -x -a '30s 10m 1h 1d 7d' -d 'with --all: only objects unchanged this long'
complete -c xipcrm -l orphans -d 'only orphans: unused, creator gone; implies --all'
complete -c xipcrm -s A -l all-namespaces -d 'with --orphans: in every IPC namespace (root)'
complete -c xipcrm -l grace -x -a '0 5s 1m 10m 1h' -d 'spare objects fresher than this'
complete -c xipcrm -l ns -r -a '(__fish_complete_pids)' -d 'enter the IPC namespace of a process or a file'
complete -c xipcrm -s n -l dry-run -d 'show what would be removed, remove nothing'
complete -c xipcrm -s v -l verbose -d 'explain what is being done, and sum up'
complete -c xipcrm -s h -l help -d 'display help'
complete -c xipcrm -s V -l version -d 'display version'
