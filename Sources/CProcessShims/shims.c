#include "CProcessShims.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

int papercheck_die_with_parent(void) {
#ifdef __linux__
    return prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
#else
    return -1;
#endif
}

int papercheck_thread_count(void) {
    FILE *stat = fopen("/proc/self/stat", "r");
    if (!stat) return -1;
    char buffer[1024];
    size_t length = fread(buffer, 1, sizeof buffer - 1, stat);
    fclose(stat);
    buffer[length] = 0;
    // Field 20 is num_threads; the command name (field 2) may hold spaces, so count after its ')'.
    char *field = strrchr(buffer, ')');
    if (!field) return -1;
    int count = -1;
    // After ')': state (3), ppid (4), ... num_threads (20): 17 fields to skip, then read.
    if (sscanf(field + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %d", &count) != 1) return -1;
    return count;
}

pid_t papercheck_fork_worker(int input, int output, int close_a, int close_b) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0) return pid;
    close(close_a);
    close(close_b);
    if (input != STDIN_FILENO) { dup2(input, STDIN_FILENO); close(input); }
    if (output != STDOUT_FILENO) { dup2(output, STDOUT_FILENO); close(output); }
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) { dup2(null, STDERR_FILENO); close(null); }
    setpgid(0, 0);
    return 0;
}

/// The body's own thread: the C side of papercheck_serve_on_fresh_thread.
static void *papercheck_thread_body(void *argument) {
    void **pair = argument;
    ((void (*)(void *))pair[0])(pair[1]);
    return NULL;
}

void papercheck_serve_on_fresh_thread(void (*body)(void *), void *context) {
    void *pair[2] = { (void *)body, context };
    pthread_attr_t attributes;
    pthread_t thread;
    // The main thread's stack size (8 MB by default), so that deep recursion in a parser has
    // the same room as in an exec'd worker.
    if (pthread_attr_init(&attributes) == 0
        && pthread_attr_setstacksize(&attributes, 8u << 20) == 0
        && pthread_create(&thread, &attributes, papercheck_thread_body, pair) == 0) {
        pthread_join(thread, NULL);
        _exit(0);
    }
    body(context);
    _exit(0);
}

int papercheck_on_main_thread(void) {
#ifdef __linux__
    return syscall(SYS_gettid) == getpid();
#else
    return -1;
#endif
}
