/* Mounting the file systems at boot (fs/fs_init.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct fdtable;

/* The initramfs at /, tmpfs at /tmp, devfs at /dev, procfs at /proc,
 * sysfs at /sys. */
void fs_init(const void *initrd, size_t len);
/* Installs /dev/console as fds 0, 1 and 2: 0 or -errno. */
int fs_open_console(struct fdtable *t);
/* Whether egg said that its stream `name` (stdin, stdout, stderr) is not
 * a terminal ("name=pipe" on the kernel command line). */
bool fs_stream_piped(const char *name);
