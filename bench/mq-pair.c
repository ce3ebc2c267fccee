/* mq-pair — the references for bench/mq: a plain C sender and receiver
 * for either queue family, written the way mq_overview(7), mq_send(3) and
 * msgsnd(2) suggest.  QUEUE is /NAME (POSIX) or a System V id.
 *
 *   mq-pair send QUEUE              each line of stdin (getline) becomes one
 *                                   message
 *   mq-pair recv QUEUE COUNT        receive COUNT messages, each written as a
 *                                   line through stdio (buffered, as plain C
 *                                   code does)
 *   mq-pair recv1 QUEUE COUNT       the same with one write(2) per message,
 *                                   the guarantee mqrecv keeps by default (a
 *                                   message is written before the next is
 *                                   taken)
 *   mq-pair flood QUEUE COUNT SIZE  send COUNT messages of SIZE bytes from
 *                                   one buffer, reading no input
 *   mq-pair drain QUEUE COUNT       receive COUNT messages, writing nothing
 *   mq-pair batch QUEUE COUNT       receive as mqrecv --batch --lines does:
 *                                   after each blocking receive, the messages
 *                                   waiting (up to 64 in all; POSIX: a zero
 *                                   deadline, System V: IPC_NOWAIT), then
 *                                   one write(2) of them all as lines
 *
 * flood and drain are the kernel's floor: a send or receive call per
 * message and nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

struct queue {
    int posix;
    mqd_t mq;
    int id;
    size_t room; /* the largest message a receive takes */
};

/* System V messages: the mtype, then the text. */
struct sysv_msg {
    long mtype;
    char text[];
};

static void die(const char* what)
{
    perror(what);
    exit(1);
}

static struct queue open_queue(const char* name, int flags)
{
    struct queue q = {0};
    if (name[0] == '/') {
        q.posix = 1;
        q.mq = mq_open(name, flags);
        if (q.mq == (mqd_t)-1)
            die("mq_open");
        struct mq_attr attr;
        if (mq_getattr(q.mq, &attr) < 0)
            die("mq_getattr");
        q.room = (size_t)attr.mq_msgsize;
    } else {
        q.id = atoi(name);
        q.room = 65536; /* above any msgmax a benchmark sets */
    }
    return q;
}

static void send_one(struct queue* q, struct sysv_msg* m, const char* data, size_t n)
{
    if (q->posix) {
        if (mq_send(q->mq, data, n, 0) < 0)
            die("mq_send");
        return;
    }
    if (data != m->text)
        memcpy(m->text, data, n);
    while (msgsnd(q->id, m, n, 0) < 0)
        if (errno != EINTR)
            die("msgsnd");
}

/* Receive one message, if one is waiting, into `text` (System V: the
 * mtype goes to the sizeof(long) bytes before it, which are saved and put
 * back); returns its size, or -1 when the queue is empty. */
static ssize_t receive_waiting(struct queue* q, char* text)
{
    ssize_t n;
    if (q->posix) {
        static const struct timespec epoch = {0, 0};
        n = mq_timedreceive(q->mq, text, q->room, NULL, &epoch);
        if (n < 0 && errno != ETIMEDOUT)
            die("mq_timedreceive");
        return n;
    }
    char kept[sizeof(long)];
    memcpy(kept, text - sizeof(long), sizeof kept);
    n = msgrcv(q->id, text - sizeof(long), q->room, 0, IPC_NOWAIT);
    memcpy(text - sizeof(long), kept, sizeof kept);
    if (n < 0 && errno != ENOMSG)
        die("msgrcv");
    return n;
}

/* Receive one message into m->text; returns its size. */
static size_t receive_one(struct queue* q, struct sysv_msg* m)
{
    ssize_t n;
    if (q->posix)
        n = mq_receive(q->mq, m->text, q->room, NULL);
    else
        while ((n = msgrcv(q->id, m, q->room, 0, 0)) < 0 && errno == EINTR)
            ;
    if (n < 0)
        die(q->posix ? "mq_receive" : "msgrcv");
    return (size_t)n;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mq-pair send|recv|recv1|flood|drain|batch QUEUE [COUNT [SIZE]]\n");
        return 2;
    }
    const char* mode = argv[1];
    const int sending = strcmp(mode, "send") == 0 || strcmp(mode, "flood") == 0;
    struct queue q = open_queue(argv[2], sending ? O_WRONLY : O_RDONLY);
    struct sysv_msg* m = malloc(sizeof(struct sysv_msg) + q.room + 1);
    if (m == NULL)
        die("malloc");
    m->mtype = 1;
    long count = argc > 3 ? atol(argv[3]) : 0;

    if (strcmp(mode, "send") == 0) {
        char* line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (line[n - 1] == '\n')
                --n;
            send_one(&q, m, line, (size_t)n);
        }
        return 0;
    }
    if (strcmp(mode, "flood") == 0) {
        size_t size = argc > 4 ? (size_t)atol(argv[4]) : 64;
        if (size > q.room)
            size = q.room;
        memset(m->text, 'x', size);
        for (long i = 0; i < count; ++i)
            send_one(&q, m, m->text, size);
        return 0;
    }
    if (strcmp(mode, "batch") == 0) {
        enum { batch = 64 };
        char* buf = malloc(sizeof(long) + batch * (q.room + 1));
        struct sysv_msg* first = (struct sysv_msg*)buf;
        if (buf == NULL)
            die("malloc");
        for (long got = 0; got < count;) {
            size_t n = receive_one(&q, first);
            char* end = first->text + n;
            *end++ = '\n';
            long k = 1;
            for (; k < batch && got + k < count; ++k) {
                ssize_t more = receive_waiting(&q, end);
                if (more < 0)
                    break;
                end += more;
                *end++ = '\n';
            }
            if (write(1, first->text, (size_t)(end - first->text)) != end - first->text)
                die("write");
            got += k;
        }
        return 0;
    }
    const int drain = strcmp(mode, "drain") == 0;
    const int direct = strcmp(mode, "recv1") == 0;
    for (long i = 0; i < count; ++i) {
        size_t n = receive_one(&q, m);
        if (drain)
            continue;
        if (direct) {
            m->text[n] = '\n';
            if (write(1, m->text, n + 1) != (ssize_t)(n + 1))
                die("write");
        } else {
            fwrite(m->text, 1, n, stdout);
            putchar('\n');
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
