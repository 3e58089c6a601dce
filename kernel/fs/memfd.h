/* memfd: an anonymous memory file, a tmpfs file in no directory, for
 * programs that want memory with a descriptor (to map twice, to pass on). */
#pragma once
#include "fs/vfs.h"

#define MFD_NAME_MAX 249       /* Linux's MFD_NAME_MAX_LEN */

void memfd_init(void);
/* A new, empty memfd named name (at most MFD_NAME_MAX bytes), open O_RDWR:
 * /proc/self/fd shows "/memfd:<name> (deleted)". 0 or -ENOMEM. */
int memfd_create_file(const char *name, struct file **out);
