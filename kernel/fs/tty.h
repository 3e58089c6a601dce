/* The terminal's file operations (/dev/console, /dev/tty): console bytes
 * plus the termios and window-size ioctls programs ask a tty. */
#pragma once
#include "fs/vfs.h"

extern const struct file_ops tty_fops;
