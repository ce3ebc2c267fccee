/* posix-make — a test peer that creates POSIX IPC objects with exact modes.
 *
 *   posix-make shm NAME SIZE MODE            shm_open + ftruncate
 *   posix-make mq NAME MAXMSG MSGSIZE MODE [MESSAGE...]
 *                                            mq_open, then send each message
 *                                            (priority 0)
 *   posix-make sem NAME VALUE MODE           sem_open
 *
 * NAME has its leading '/'; MODE is octal.  The umask is cleared so the
 * mode is exactly MODE.
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

static mode_t mode_arg(const char* s)
{
    return (mode_t)strtoul(s, NULL, 8);
}

int main(int argc, char** argv)
{
    umask(0);
    if (argc >= 5 && strcmp(argv[1], "shm") == 0) {
        int fd = shm_open(argv[2], O_CREAT | O_EXCL | O_RDWR, mode_arg(argv[4]));
        if (fd < 0 || ftruncate(fd, (off_t)strtoull(argv[3], NULL, 10)) < 0) {
            perror("shm");
            return 1;
        }
        close(fd);
        return 0;
    }
    if (argc >= 6 && strcmp(argv[1], "mq") == 0) {
        struct mq_attr attr = {0};
        attr.mq_maxmsg = strtol(argv[3], NULL, 10);
        attr.mq_msgsize = strtol(argv[4], NULL, 10);
        mqd_t q = mq_open(argv[2], O_CREAT | O_EXCL | O_WRONLY, mode_arg(argv[5]), &attr);
        if (q == (mqd_t)-1) {
            perror("mq_open");
            return 1;
        }
        for (int i = 6; i < argc; ++i)
            if (mq_send(q, argv[i], strlen(argv[i]), 0) < 0) {
                perror("mq_send");
                return 1;
            }
        mq_close(q);
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "sem") == 0) {
        sem_t* s = sem_open(argv[2], O_CREAT | O_EXCL, mode_arg(argv[4]), (unsigned)strtoul(argv[3], NULL, 10));
        if (s == SEM_FAILED) {
            perror("sem_open");
            return 1;
        }
        sem_close(s);
        return 0;
    }
    fprintf(stderr, "usage: posix-make shm|mq|sem NAME ...\n");
    return 2;
}
