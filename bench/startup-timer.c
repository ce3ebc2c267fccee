/* startup-timer — the measuring loop of bench/startup: run each command in
 * turn, RUNS rounds (interleaved, so a busy machine weighs on all alike),
 * and print each one's median wall time and median CPU time (user + system
 * of the child) in microseconds.  stdout of the commands goes to /dev/null.
 *
 *   startup-timer RUNS 'CMD ARG...' 'CMD ARG...' ...
 *
 * A command is split on spaces (no shell, no quoting) and run with execvp,
 * so a shell's own start-up is not counted.  Output, one line per command:
 *
 *   WALL_US CPU_US CMD ARG...
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { max_args = 32 };

static int compare(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static double median(double* v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Run argv once; store wall and CPU microseconds.  Returns 0 on exit 0. */
static int run(char** argv, int devnull, double* wall, double* cpu)
{
    double t0 = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        dup2(devnull, STDOUT_FILENO);
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return -1;
    }
    *wall = now_us() - t0;
    *cpu =
        (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char** argv)
{
    if (argc < 3 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: startup-timer RUNS 'CMD ARG...'...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    int ncmd = argc - 2;
    char*** cmds = calloc((size_t)ncmd, sizeof *cmds);
    double* wall = calloc((size_t)(ncmd * runs), sizeof *wall);
    double* cpu = calloc((size_t)(ncmd * runs), sizeof *cpu);
    if (!cmds || !wall || !cpu)
        return 1;
    for (int c = 0; c < ncmd; c++) {
        cmds[c] = calloc(max_args + 1, sizeof **cmds);
        char* copy = strdup(argv[c + 2]);
        int n = 0;
        for (char* w = strtok(copy, " "); w && n < max_args; w = strtok(NULL, " "))
            cmds[c][n++] = w;
        if (n == 0) {
            fprintf(stderr, "startup-timer: empty command\n");
            return 2;
        }
    }
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) {
        perror("/dev/null");
        return 1;
    }
    for (int r = 0; r < runs; r++)
        for (int c = 0; c < ncmd; c++)
            if (run(cmds[c], devnull, &wall[c * runs + r], &cpu[c * runs + r]) != 0) {
                fprintf(stderr, "startup-timer: %s failed\n", argv[c + 2]);
                return 1;
            }
    for (int c = 0; c < ncmd; c++)
        printf("%.0f %.0f %s\n", median(&wall[c * runs], runs), median(&cpu[c * runs], runs), argv[c + 2]);
    return 0;
}
