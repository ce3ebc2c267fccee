# fish completion for shmcat(1)

function __shmcat_objects
    awk 'NR > 1 { print $2; k = $1; if (k < 0) k += 4294967296; if (k != 0) printf "0x%08x\n", k }' /proc/sysvipc/shm 2>/dev/null
    for f in /dev/shm/*
        if test -f $f; and not test -L $f; and not string match -q 'sem.*' (basename $f)
            echo /(basename $f)
        end
    end
end

complete -c shmcat -f -a '(__shmcat_objects)'
complete -c shmcat -s o -l offset -x -d 'start at this byte of each segment'
complete -c shmcat -s l -l length -x -d 'copy at most this many bytes'
complete -c shmcat -s x -l hex -d 'show the bytes as hexdump -C does'
complete -c shmcat -l strings -d 'show printable runs of at least min (4) bytes'
complete -c shmcat -l progress -d 'show a progress line on standard error'
complete -c shmcat -s w -l write -x -a '(__shmcat_objects)' -d 'copy standard input into the object'
complete -c shmcat -l truncate -d 'with -w: resize the POSIX object to fit'
complete -c shmcat -l create -x -d 'with -w: create the object with this size'
complete -c shmcat -l id -d 'read each object as a System V id'
complete -c shmcat -l key -d 'read each object as a System V key (decimal too)'
complete -c shmcat -l name -d 'read each object as a POSIX name (digits too)'
complete -c shmcat -s h -l help -d 'display this help'
complete -c shmcat -s V -l version -d 'display version'
