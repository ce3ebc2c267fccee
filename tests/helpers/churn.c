/* churn — a test peer that makes IPC objects and the processes holding them
 * come and go at a high rate, for a bounded time, then stops by itself.
 *
 *   churn SECONDS WORKERS
 *
 * WORKERS processes run at once; each makes a few dozen objects in turn and
 * exits, and a new worker takes its place until SECONDS have passed or
 * SIGTERM comes.  For
 * every object a worker creates, attaches or opens it, sometimes forks a
 * child that maps it too and exits at once (a holder leaving mid-scan),
 * then removes it (a POSIX object while still holding it: nothing records
 * its creator) and lets go of it.  No object outlives the process that
 * created it, nor is a POSIX one ever unheld, so none is ever an orphan: a
 * listing that calls one an orphan is wrong.  Names: POSIX objects are /churn.PID.N.
 *
 * Prints "ready" once the first workers run, and "done COUNT" (the objects
 * made) when every worker has ended.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { PER_WORKER = 40 };

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A holder that comes and goes: a child that touches the mapping and exits. */
static void brief_holder(void* map)
{
    pid_t pid = fork();
    if (pid == 0) {
        ((volatile char*)map)[0] = 1;
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

static void one_object(int n)
{
    char name[64];
    snprintf(name, sizeof name, "/churn.%d.%d", (int)getpid(), n);
    switch (n % 6) {
    case 0: {
        int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        if (id < 0)
            return;
        void* map = shmat(id, NULL, 0);
        if (map != (void*)-1) {
            if (n % 4 == 0)
                brief_holder(map);
            shmdt(map);
        }
        shmctl(id, IPC_RMID, NULL);
        break;
    }
    case 1: {
        int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
        if (fd < 0)
            return;
        void* map = MAP_FAILED;
        if (ftruncate(fd, 4096) == 0)
            map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
        if (map == MAP_FAILED) {
            shm_unlink(name);
            return;
        }
        if (n % 4 == 1)
            brief_holder(map);
        /* Unlinked while still mapped: a POSIX object has no creator pid,
           so it must be held for as long as it is there. */
        shm_unlink(name);
        munmap(map, 4096);
        break;
    }
    case 2: {
        struct mq_attr attr = {.mq_maxmsg = 2, .mq_msgsize = 16};
        mqd_t mq = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
        if (mq == (mqd_t)-1)
            return;
        mq_send(mq, "x", 1, 0);
        mq_unlink(name);
        mq_close(mq);
        break;
    }
    case 3: {
        sem_t* sem = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
        if (sem == SEM_FAILED)
            return;
        sem_wait(sem);
        sem_post(sem);
        sem_unlink(name);
        sem_close(sem);
        break;
    }
    case 4: {
        int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        if (id >= 0)
            msgctl(id, IPC_RMID, NULL);
        break;
    }
    default: {
        int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
        if (id >= 0)
            semctl(id, 0, IPC_RMID);
        break;
    }
    }
}

static pid_t start_worker(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        for (int n = 0; n < PER_WORKER; ++n)
            one_object(n);
        _exit(0);
    }
    return pid;
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: churn SECONDS WORKERS\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    int workers = atoi(argv[2]);
    double end = now() + seconds;
    long made = 0;
    int running = 0;
    struct sigaction sa = {.sa_handler = on_term};
    sigaction(SIGTERM, &sa, NULL);
    for (; running < workers; ++running)
        if (start_worker() < 0)
            return 1;
    printf("ready\n");
    fflush(stdout);
    while (running > 0) {
        if (wait(NULL) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        --running;
        made += PER_WORKER;
        if (!stop && now() < end && start_worker() > 0)
            ++running;
    }
    printf("done %ld\n", made);
    return 0;
}
