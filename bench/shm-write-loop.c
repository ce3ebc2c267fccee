/* shm-write-loop — the reference for bench/shmcat: what a throwaway C
 * program does to dump a System V segment.  Attach it, write() it all to
 * stdout, detach.
 *
 *   shm-write-loop SHMID > out
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: shm-write-loop SHMID\n");
        return 2;
    }
    int id = atoi(argv[1]);
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) {
        perror("shmctl");
        return 1;
    }
    char* p = shmat(id, NULL, SHM_RDONLY);
    if (p == (void*)-1) {
        perror("shmat");
        return 1;
    }
    size_t left = ds.shm_segsz;
    char* at = p;
    while (left > 0) {
        ssize_t n = write(STDOUT_FILENO, at, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("write");
            return 1;
        }
        at += n;
        left -= (size_t)n;
    }
    shmdt(p);
    return 0;
}
