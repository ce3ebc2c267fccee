# fish completion for xipcs (xipc)

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

set -l columns KEY ID OWNER PERMS CUID CUSER CGID CGROUP UID USER GID GROUP \
    CTIME SIZE NATTCH STATUS ATTACH DETACH COMMAND CPID LPID USEDBYTES MSGS SEND \
    RECV LSPID LRPID NSEMS OTIME RESOURCE DESCRIPTION LIMIT USED USE% NAME PIDS \
    COMMANDS PATH DEV INODE READERS WRITERS MTIME ATIME NS CONTAINER UNIT

# The kinds -i and -N complete: those chosen by resource options, or all three.
function __xipcs_kinds -a family
    set -l kinds
    for w in (commandline -opc)
        switch $family$w
            case sysv-m sysv--shmems
                set -a kinds shm
            case sysv-q sysv--queues
                set -a kinds msg
            case sysv-s sysv--semaphores
                set -a kinds sem
            case posix-M posix--posix-shmems
                set -a kinds pshm
            case posix-Q posix--posix-mqueues
                set -a kinds pmsg
            case posix-S posix--posix-semaphores
                set -a kinds psem
        end
    end
    if set -q kinds[1]
        string join \n -- $kinds
    else if test $family = sysv
        printf '%s\n' shm msg sem
    else
        printf '%s\n' pshm pmsg psem
    end
end

complete -c xipcs -f
complete -c xipcs -s m -l shmems -d 'System V shared memory segments'
complete -c xipcs -s q -l queues -d 'System V message queues'
complete -c xipcs -s s -l semaphores -d 'System V semaphore sets'
complete -c xipcs -s a -l all -d 'Every kind (the default)'
complete -c xipcs -s M -l posix-shmems -d 'POSIX shared memory'
complete -c xipcs -s Q -l posix-mqueues -d 'POSIX message queues'
complete -c xipcs -s S -l posix-semaphores -d 'POSIX semaphores'
complete -c xipcs -s F -l fifos -d 'Named FIFOs held open by processes'
complete -c xipcs -s i -l id -x -a '(__xipc_objects (__xipcs_kinds sysv))' -d 'One System V object in detail'
complete -c xipcs -s N -l name -x -a '(__xipc_objects (__xipcs_kinds posix))' -d 'One POSIX object in detail'
complete -c xipcs -s t -l time -d 'Times'
complete -c xipcs -s p -l pid -d 'Creator and last operator pids'
complete -c xipcs -s c -l creator -d 'Creator and owner'
complete -c xipcs -s l -l limits -d 'System-wide limits'
complete -c xipcs -s u -l summary -d 'Usage summary'
complete -c xipcs -s b -l bytes -d 'Sizes in bytes'
complete -c xipcs -l human -d 'Human-readable sizes'
complete -c xipcs -s o -l output -x -a "(__fish_append , $columns)" -d 'Columns to print'
complete -c xipcs -s J -l json -d 'JSON output'
complete -c xipcs -s r -l raw -d 'Raw output'
complete -c xipcs -s e -d 'KEY="value" pairs'
complete -c xipcs -l export -a openmetrics -d 'KEY="value" pairs, or =openmetrics gauges'
complete -c xipcs -s y -l shell -d 'Column names usable as shell variables'
complete -c xipcs -l noheadings -d 'No header line'
complete -c xipcs -l notruncate -d 'Do not truncate columns'
complete -c xipcs -l list -d 'List output'
complete -c xipcs -l newline -d 'Each value on its own line'
complete -c xipcs -s P -l numeric-perms -d 'Octal permissions'
complete -c xipcs -l time-format -x -a 'short full iso' -d 'How times are printed'
complete -c xipcs -s g -l global -d 'System-wide limits and usage'
complete -c xipcs -l orphans -d 'Only orphans: unused, creator gone'
complete -c xipcs -s A -l all-namespaces -d 'Every IPC namespace that has a process (root)'
complete -c xipcs -l tree -d 'Draw namespace, unit and object with sizes and holders'
complete -c xipcs -l grace -x -d 'Spare objects fresher than this (default 5s)'
complete -c xipcs -l owner -x -a '(__fish_complete_users)' -d 'Only objects of this user'
complete -c xipcs -l older-than -x -d 'Only objects unchanged for at least this long'
complete -c xipcs -l min-size -x -d 'Only objects holding at least this many bytes'
complete -c xipcs -l sort -x -a "$columns" -d 'Sort by column'
complete -c xipcs -l watch -d 'Redraw every interval (--watch=2s) until interrupted'
complete -c xipcs -l ns -r -a '(__fish_complete_pids)' -d 'Look inside the IPC namespace of a process or a file'
complete -c xipcs -s h -l help -d 'Display help'
complete -c xipcs -s V -l version -d 'Display version'
