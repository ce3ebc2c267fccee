/* map-hold — a test peer that maps or holds IPC objects in one or many
 * processes, then waits until killed.
 *
 *   map-hold [-n COUNT] [-s SHMID]... [-m /NAME]... [-o /NAME]...
 *            [-q /NAME]... [-e /NAME]... [-f PATH]...
 *
 *   -s SHMID  shmat the System V segment
 *   -m /NAME  shm_open + mmap(MAP_SHARED) the POSIX segment, then close the fd
 *   -o /NAME  shm_open the POSIX segment and keep only the fd
 *   -q /NAME  mq_open the POSIX queue and keep the descriptor
 *   -e /NAME  sem_open the POSIX semaphore (glibc maps /dev/shm/sem.NAME)
 *   -f PATH   open PATH read-write without blocking (a FIFO) and keep it
 *   -n COUNT  COUNT processes (this one and COUNT-1 children) each do all of
 *             the above (default 1)
 *
 * Prints "ready" when every process is set up.  Children die with the
 * first process (PR_SET_PDEATHSIG), so killing $! is enough.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

static int argc_g;
static char** argv_g;

static int setup(void)
{
    optind = 1;
    int c;
    while ((c = getopt(argc_g, argv_g, "n:s:m:o:q:e:f:")) != -1) {
        switch (c) {
        case 'n': break;
        case 's':
            if (shmat(atoi(optarg), NULL, 0) == (void*)-1) {
                perror("shmat");
                return -1;
            }
            break;
        case 'm':
        case 'o': {
            int fd = shm_open(optarg, O_RDWR, 0);
            if (fd < 0) {
                perror("shm_open");
                return -1;
            }
            if (c == 'm') {
                if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED) {
                    perror("mmap");
                    return -1;
                }
                close(fd);
            }
            break;
        }
        case 'q':
            if (mq_open(optarg, O_RDWR) == (mqd_t)-1) {
                perror("mq_open");
                return -1;
            }
            break;
        case 'e':
            if (sem_open(optarg, 0) == SEM_FAILED) {
                perror("sem_open");
                return -1;
            }
            break;
        case 'f':
            if (open(optarg, O_RDWR | O_NONBLOCK) < 0) {
                perror("open");
                return -1;
            }
            break;
        default: return -1;
        }
    }
    return 0;
}

int main(int argc, char** argv)
{
    argc_g = argc;
    argv_g = argv;
    int count = 1;
    for (int i = 1; i + 1 < argc; ++i)
        if (strcmp(argv[i], "-n") == 0)
            count = atoi(argv[i + 1]);
    int ready[2];
    if (count < 1 || pipe(ready) < 0)
        return 2;
    const pid_t parent = getpid();
    for (int i = 1; i < count; ++i) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(1);
            char ok = setup() == 0 ? '+' : '!';
            if (write(ready[1], &ok, 1) != 1)
                _exit(1);
            for (;;)
                pause();
        }
    }
    if (setup() < 0)
        return 1;
    for (int i = 1; i < count; ++i) {
        char ok = 0;
        if (read(ready[0], &ok, 1) != 1 || ok != '+')
            return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
