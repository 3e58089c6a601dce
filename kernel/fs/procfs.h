/* procfs: /proc, in the formats glibc and HotSpot parse. */
#pragma once
#include "fs/pseudo.h"
#include "fs/vfs.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define USER_HZ 100                  /* clock ticks of /proc times, AT_CLKTCK */

/* A read-only file of /proc (dir "/proc/net"...), generated at each open
 * by show, from the file of the subsystem it shows. */
#define PROCFS_FILE(id, dir, fname, show_fn) \
    PSEUDO_ENTRY(id, dir, { .name = fname, .mode = S_IFREG | 0444, .show = show_fn })

/* Builds /proc: its root, on a new mount. */
struct vnode *procfs_new(void);

/* The entries of /proc/<pid> (fs/procfs_pid.c), for the current process. */
extern const struct pseudo_entry procfs_pid_entries[];
