/* procfs: /proc, in the formats glibc and HotSpot parse. */
#pragma once
#include "fs/pseudo.h"
#include "fs/vfs.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define USER_HZ 100                  /* clock ticks of /proc times, AT_CLKTCK */

/* Builds /proc: its root, on a new mount. */
struct vnode *procfs_new(void);

/* The entries of /proc/<pid> (fs/procfs_pid.c), for the current process. */
extern const struct pseudo_entry procfs_pid_entries[];
