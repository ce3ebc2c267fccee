/* mq-overview-send — a POSIX message queue sender as mq_overview(7) and
 * mq_send(3) show it, to check mqrecv against code nobody here wrote.
 *
 *   mq-overview-send /NAME PRIO [TEXT]   send TEXT (or all of stdin) once
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char* argv[])
{
    if (argc < 3) {
        fprintf(stderr, "Usage: %s /NAME PRIO [TEXT]\n", argv[0]);
        exit(EXIT_FAILURE);
    }
    mqd_t mqd = mq_open(argv[1], O_WRONLY);
    if (mqd == (mqd_t)-1) {
        perror("mq_open");
        exit(EXIT_FAILURE);
    }
    unsigned int prio = (unsigned int)strtoul(argv[2], NULL, 10);
    char* buf;
    size_t len;
    if (argc > 3) {
        buf = argv[3];
        len = strlen(buf);
    } else {
        size_t cap = 65536;
        ssize_t n;
        buf = malloc(cap);
        len = 0;
        while ((n = read(STDIN_FILENO, buf + len, cap - len)) > 0) {
            len += (size_t)n;
            if (len == cap)
                buf = realloc(buf, cap *= 2);
        }
    }
    if (mq_send(mqd, buf, len, prio) == -1) {
        perror("mq_send");
        exit(EXIT_FAILURE);
    }
    exit(EXIT_SUCCESS);
}
