/* sensor — a test peer: the producer/consumer pattern of shm_overview(7)
 * and sem_overview(7), a struct in POSIX shared memory guarded by a named
 * semaphore, with sem_wait/sem_post around every read and every write.
 *
 *   sensor init SHM SEM          create the segment (one zeroed struct) and
 *                                the semaphore (value 1)
 *   sensor record SEQ            write to stdout the struct a writer puts
 *                                for reading SEQ (what shmcat -w is fed)
 *   sensor hold SEM              take the semaphore, print "held", wait for
 *                                a line (or the end) of stdin, post it,
 *                                print "released"
 *   sensor read SHM SEM LAST     read the struct under the semaphore until
 *                                its seq is LAST; print "torn T" (reads that
 *                                were not one whole reading); exit 1 if T > 0
 *   sensor write SHM SEM COUNT   write readings 1..COUNT under the
 *                                semaphore, a page at a time
 *   sensor value SEM             print the semaphore's value (sem_getvalue)
 *   sensor futex                 print the futex(2) system call number (a
 *                                waiter blocked in sem_wait is in it)
 *
 * A reading is every 32-bit word of the struct equal to its seq: one that
 * is half old and half new is torn.
 */
#include <fcntl.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WORDS (64 * 1024 / 4) /* 64 KiB: sixteen pages */
struct reading {
    uint32_t word[WORDS];
};

static sem_t* open_sem(const char* name, int create)
{
    sem_t* s = create ? sem_open(name, O_CREAT | O_EXCL, 0600, 1) : sem_open(name, 0);
    if (s == SEM_FAILED) {
        perror("sem_open");
        exit(1);
    }
    return s;
}

static struct reading* map_shm(const char* name, int create)
{
    int fd = shm_open(name, O_RDWR | (create ? O_CREAT | O_EXCL : 0), 0600);
    if (fd < 0 || (create && ftruncate(fd, sizeof(struct reading)) < 0)) {
        perror("shm_open");
        exit(1);
    }
    void* p = mmap(NULL, sizeof(struct reading), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    close(fd);
    return p;
}

static int whole(const volatile struct reading* r)
{
    uint32_t first = r->word[0];
    for (size_t i = 1; i < WORDS; ++i)
        if (r->word[i] != first)
            return 0;
    return 1;
}

int main(int argc, char** argv)
{
    if (argc == 4 && strcmp(argv[1], "init") == 0) {
        map_shm(argv[2], 1);
        sem_close(open_sem(argv[3], 1));
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "record") == 0) {
        static struct reading r;
        uint32_t seq = (uint32_t)strtoul(argv[2], NULL, 10);
        for (size_t i = 0; i < WORDS; ++i)
            r.word[i] = seq;
        return fwrite(&r, sizeof r, 1, stdout) == 1 ? 0 : 1;
    }
    if (argc == 3 && strcmp(argv[1], "hold") == 0) {
        sem_t* s = open_sem(argv[2], 0);
        if (sem_wait(s) < 0) {
            perror("sem_wait");
            return 1;
        }
        printf("held\n");
        fflush(stdout);
        char line[64];
        (void)!fgets(line, sizeof line, stdin);
        sem_post(s);
        printf("released\n");
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "read") == 0) {
        volatile struct reading* r = map_shm(argv[2], 0);
        sem_t* s = open_sem(argv[3], 0);
        uint32_t last = (uint32_t)strtoul(argv[4], NULL, 10);
        unsigned long torn = 0;
        for (;;) {
            sem_wait(s);
            uint32_t seq = r->word[0];
            if (!whole(r))
                ++torn;
            sem_post(s);
            if (seq == last)
                break;
            usleep(200); /* let a writer in */
        }
        printf("torn %lu\n", torn);
        return torn == 0 ? 0 : 1;
    }
    if (argc == 5 && strcmp(argv[1], "write") == 0) {
        volatile struct reading* r = map_shm(argv[2], 0);
        sem_t* s = open_sem(argv[3], 0);
        unsigned long count = strtoul(argv[4], NULL, 10);
        for (uint32_t seq = 1; seq <= count; ++seq) {
            sem_wait(s);
            for (size_t i = 0; i < WORDS; ++i) {
                r->word[i] = seq;
                if (i % 1024 == 1023)
                    sched_yield(); /* a page at a time: unguarded, readers would see it torn */
            }
            sem_post(s);
            sched_yield();
        }
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "value") == 0) {
        int v = 0;
        if (sem_getvalue(open_sem(argv[2], 0), &v) < 0) {
            perror("sem_getvalue");
            return 1;
        }
        printf("%d\n", v);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "futex") == 0) {
        printf("%d\n", (int)SYS_futex);
        return 0;
    }
    fprintf(stderr, "usage: sensor init|record|hold|read|write|value|futex ...\n");
    return 2;
}
