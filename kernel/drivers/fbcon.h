/* A text console drawn on the framebuffer (/dev/fb0's screen): what the
 * program writes to its terminal, and the echo of what is typed, shown
 * as on a PC's screen. It steps aside for good once a program opens
 * /dev/fb0: the screen is the program's then. */
#pragma once
#include <stddef.h>

/* Draws bytes (a terminal's: \r, \n, \b, \t, a few escape sequences). */
void fbcon_write(const char *s, size_t n);
/* A program took the screen. */
void fbcon_release(void);
