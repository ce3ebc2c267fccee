/* mq-overview-recv — a POSIX message queue receiver as mq_overview(7),
 * mq_receive(3) and mq_notify(3) show it, to check mqsend against code
 * nobody here wrote.
 *
 *   mq-overview-recv /NAME      receive one message: its bytes on stdout,
 *                               "Read N bytes; priority = P" on stderr
 *   mq-overview-recv -a /NAME   print "maxmsg M msgsize S curmsgs C"
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char* argv[])
{
    int attrs = argc > 2 && strcmp(argv[1], "-a") == 0;
    if (argc != 2 + attrs) {
        fprintf(stderr, "Usage: %s [-a] /NAME\n", argv[0]);
        exit(EXIT_FAILURE);
    }
    mqd_t mqd = mq_open(argv[1 + attrs], O_RDONLY);
    if (mqd == (mqd_t)-1) {
        perror("mq_open");
        exit(EXIT_FAILURE);
    }
    struct mq_attr attr;
    if (mq_getattr(mqd, &attr) == -1) {
        perror("mq_getattr");
        exit(EXIT_FAILURE);
    }
    if (attrs) {
        printf("maxmsg %ld msgsize %ld curmsgs %ld\n", attr.mq_maxmsg, attr.mq_msgsize, attr.mq_curmsgs);
        exit(EXIT_SUCCESS);
    }
    char* buf = malloc((size_t)attr.mq_msgsize);
    unsigned int prio;
    ssize_t nr = mq_receive(mqd, buf, (size_t)attr.mq_msgsize, &prio);
    if (nr == -1) {
        perror("mq_receive");
        exit(EXIT_FAILURE);
    }
    fprintf(stderr, "Read %zd bytes; priority = %u\n", nr, prio);
    if (write(STDOUT_FILENO, buf, (size_t)nr) != nr)
        exit(EXIT_FAILURE);
    exit(EXIT_SUCCESS);
}
