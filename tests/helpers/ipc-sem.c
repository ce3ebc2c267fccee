/* ipc-sem — a test peer for System V semaphore sets.
 *
 *   ipc-sem SEMID set NUM VALUE   set one semaphore's value (SETVAL)
 *   ipc-sem SEMID op NUM DELTA    one semop; it blocks while it cannot
 *                                 proceed: a negative DELTA larger than the
 *                                 value waits (counted in ncount), 0 on a
 *                                 non-zero value waits for zero (zcount)
 *
 * A waiter ends when the set is removed (EIDRM) or it is killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
    int val;
    struct semid_ds* buf;
    unsigned short* array;
};

int main(int argc, char** argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: ipc-sem SEMID set|op NUM VALUE\n");
        return 2;
    }
    int id = atoi(argv[1]);
    int num = atoi(argv[3]);
    int value = atoi(argv[4]);
    if (strcmp(argv[2], "set") == 0) {
        union semun arg;
        arg.val = value;
        if (semctl(id, num, SETVAL, arg) < 0) {
            perror("semctl SETVAL");
            return 1;
        }
        return 0;
    }
    struct sembuf op = {.sem_num = (unsigned short)num, .sem_op = (short)value, .sem_flg = 0};
    if (semop(id, &op, 1) < 0) {
        perror("semop");
        return 1;
    }
    return 0;
}
