/* Anonymous files (eventfd, epoll): open files with no name in any
 * directory, as Linux's anon_inode_getfile makes them. */
#pragma once
#include "fs/vfs.h"

void anon_init(void);
/* A new file with fops and priv, open O_RDWR plus flags (O_NONBLOCK);
 * /proc/self/fd shows "anon_inode:<name>", fstat a mode of 0600.
 * 0 or -ENOMEM. */
int anon_file_new(const char *name, const struct file_ops *fops, void *priv, int flags,
                  struct file **out);
