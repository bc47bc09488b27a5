#ifndef PAPERCHECK_CPROCESSSHIMS_H
#define PAPERCHECK_CPROCESSSHIMS_H

#include <sys/types.h>

/// Asks the kernel to kill this process when its parent dies (Linux prctl PR_SET_PDEATHSIG), so
/// that a worker never outlives its coordinator. Returns 0 on success, -1 where unsupported.
int papercheck_die_with_parent(void);

/// The number of threads of this process (Linux /proc/self/stat), or -1 when it cannot be read.
/// Forking is only safe while it is 1: no other thread can hold a lock the child would inherit.
int papercheck_thread_count(void);

/// Forks a worker without exec: in the child, `input` becomes stdin and `output` stdout, stderr
/// goes to /dev/null, the child gets a process group of its own (a terminal's Ctrl-C reaches the
/// coordinator, which decides), and `close_a` and `close_b` (the parent's pipe ends) are closed.
/// Returns the child's pid in the parent, 0 in the child, -1 when fork fails.
pid_t papercheck_fork_worker(int input, int output, int close_a, int close_b);

/// Runs `body(context)` on a thread created here, while the calling thread only waits for it in
/// pthread_join; never returns. A forked child's main thread must not run Swift code beside
/// other threads: the Swift runtime's locks (swift_once, metadata caches) record their owner
/// by a thread id cached per thread, and the main thread of the child still caches its parent's
/// id, so the first contended lock between it and another thread never opens again. A thread
/// created after the fork reads its own id. Runs `body` on the calling thread if no thread
/// can be created.
__attribute__((noreturn)) void papercheck_serve_on_fresh_thread(void (*body)(void *), void *context);

/// 1 on the process's main thread, 0 on any other (Linux: the thread id is the process id), -1
/// where unknown.
int papercheck_on_main_thread(void);

#endif
