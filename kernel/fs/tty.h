/* The terminal's file operations (/dev/console, /dev/tty): the console's
 * bytes through the line discipline, the termios and window-size ioctls. */
#pragma once
#include "fs/vfs.h"

extern const struct file_ops tty_fops;
/* The same terminal, whose writes go to the console's stderr port
 * (console_device->error_output): the program's fd 2 on a terminal,
 * /dev/eggos/ttyerr. */
extern const struct file_ops tty_err_fops;
/* Takes the console's input from now on (and what came before). */
void tty_init(void);
/* The terminal's size as TIOCGWINSZ tells it (the screen's text console). */
void tty_set_winsize(unsigned rows, unsigned cols);
