/* ipc-hold — a test peer that attaches System V segments and waits.
 *
 *   ipc-hold [-l] [-r] SHMID...   attach each (read-only with -r), SHM_LOCK
 *                                 it with -l, print "ready", sleep until killed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    int lock = 0, ro = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        if (strcmp(argv[i], "-l") == 0)
            lock = 1;
        else if (strcmp(argv[i], "-r") == 0)
            ro = 1;
    }
    for (; i < argc; ++i) {
        int id = atoi(argv[i]);
        if (shmat(id, NULL, ro ? SHM_RDONLY : 0) == (void*)-1) {
            perror("shmat");
            return 1;
        }
        if (lock && shmctl(id, SHM_LOCK, NULL) < 0) {
            perror("shmctl SHM_LOCK");
            return 1;
        }
    }
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
