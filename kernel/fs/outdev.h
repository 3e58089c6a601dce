/* /dev/eggos/stdout and /dev/eggos/stderr: the program's fds 1 and 2
 * when egg's stdout and stderr are not terminals (fs/outdev.c). */
#pragma once
#include "fs/vfs.h"

extern const struct file_ops stdout_fops;
extern const struct file_ops stderr_fops;
