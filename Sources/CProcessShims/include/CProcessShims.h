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

#endif
