#ifndef PAPERCHECK_CPROCESSSHIMS_H
#define PAPERCHECK_CPROCESSSHIMS_H

/// Asks the kernel to kill this process when its parent dies (Linux prctl PR_SET_PDEATHSIG), so
/// that a worker never outlives its coordinator. Returns 0 on success, -1 where unsupported.
int papercheck_die_with_parent(void);

#endif
