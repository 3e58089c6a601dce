/* /dev/eggos/stdin: the program's fd 0 when egg's stdin is not a terminal
 * (fs/indev.c). */
#pragma once
#include "fs/vfs.h"

extern const struct file_ops stdin_fops;

/* Takes the console's serial input (COM1) from now on when egg's stdin
 * is not a terminal (stdin=pipe on the kernel command line): its
 * bytes are the program's stdin, no longer the terminal's. At boot, before
 * COM1's interrupt is on. */
void indev_init(void);
