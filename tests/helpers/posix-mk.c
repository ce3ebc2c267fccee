/* posix-mk — make POSIX IPC objects with exact modes for the tests.
 *
 *   posix-mk shm NAME SIZE MODE              shm_open + ftruncate
 *   posix-mk mq NAME MAXMSG MSGSIZE MODE [MESSAGE...]
 *                                            mq_open, then send each MESSAGE
 *   posix-mk sem NAME VALUE MODE             sem_open
 *
 * NAME includes the leading '/'; MODE is octal.  The umask is cleared so
 * the object gets MODE exactly.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static mode_t mode_of(const char* text)
{
    return (mode_t)strtoul(text, NULL, 8);
}

int main(int argc, char** argv)
{
    umask(0);
    if (argc >= 5 && strcmp(argv[1], "shm") == 0) {
        int fd = shm_open(argv[2], O_CREAT | O_EXCL | O_RDWR, mode_of(argv[4]));
        if (fd < 0 || ftruncate(fd, atoll(argv[3])) < 0) {
            perror("shm");
            return 1;
        }
        return 0;
    }
    if (argc >= 6 && strcmp(argv[1], "mq") == 0) {
        struct mq_attr attr = {.mq_maxmsg = atol(argv[3]), .mq_msgsize = atol(argv[4])};
        mqd_t q = mq_open(argv[2], O_CREAT | O_EXCL | O_WRONLY, mode_of(argv[5]), &attr);
        if (q == (mqd_t)-1) {
            perror("mq_open");
            return 1;
        }
        for (int i = 6; i < argc; ++i)
            if (mq_send(q, argv[i], strlen(argv[i]), 0) < 0) {
                perror("mq_send");
                return 1;
            }
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "sem") == 0) {
        sem_t* s = sem_open(argv[2], O_CREAT | O_EXCL, mode_of(argv[4]), (unsigned)atoi(argv[3]));
        if (s == SEM_FAILED) {
            perror("sem_open");
            return 1;
        }
        return 0;
    }
    fprintf(stderr, "usage: posix-mk shm NAME SIZE MODE | mq NAME MAXMSG MSGSIZE MODE [MESSAGE...] | "
                    "sem NAME VALUE MODE\n");
    return 2;
}
