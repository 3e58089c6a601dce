/* Pipes: a 64 KiB ring between a read end and a write end. */
#pragma once
#include "fs/vfs.h"

#define PIPEFS_MAGIC 0x50495045

void pipe_init(void);
/* A new pipe: its read and write ends (referenced files), flags O_NONBLOCK
 * on both when asked. 0 or -ENOMEM. */
int pipe_create(int flags, struct file **rd, struct file **wr);
