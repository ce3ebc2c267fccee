/* mq-pair — the reference for bench/mq: a plain C sender and receiver
 * written the way mq_overview(7) and mq_send(3) suggest.
 *
 *   mq-pair send /NAME        each line of stdin becomes one message
 *   mq-pair recv /NAME COUNT  receive COUNT messages, each written as a line
 *                             through stdio (buffered, as plain C code does)
 *   mq-pair recv1 /NAME COUNT the same with one write(2) per message, the
 *                             guarantee mqrecv keeps (a message is written
 *                             before the next is taken)
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mq-pair send /NAME | recv /NAME COUNT\n");
        return 2;
    }
    if (strcmp(argv[1], "send") == 0) {
        mqd_t mq = mq_open(argv[2], O_WRONLY);
        if (mq == (mqd_t)-1) {
            perror("mq_open");
            return 1;
        }
        char* line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (line[n - 1] == '\n')
                --n;
            if (mq_send(mq, line, (size_t)n, 0) < 0) {
                perror("mq_send");
                return 1;
            }
        }
        return 0;
    }
    if (argc < 4)
        return 2;
    mqd_t mq = mq_open(argv[2], O_RDONLY);
    if (mq == (mqd_t)-1) {
        perror("mq_open");
        return 1;
    }
    struct mq_attr attr;
    mq_getattr(mq, &attr);
    char* buf = malloc((size_t)attr.mq_msgsize + 1);
    long count = atol(argv[3]);
    int direct = strcmp(argv[1], "recv1") == 0;
    for (long i = 0; i < count; ++i) {
        ssize_t n = mq_receive(mq, buf, (size_t)attr.mq_msgsize, NULL);
        if (n < 0) {
            perror("mq_receive");
            return 1;
        }
        if (direct) {
            buf[n] = '\n';
            if (write(1, buf, (size_t)n + 1) != n + 1) {
                perror("write");
                return 1;
            }
        } else {
            fwrite(buf, 1, (size_t)n, stdout);
            putchar('\n');
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
