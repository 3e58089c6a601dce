/* The console: the program's terminal on the first serial port.
 * Output translates "\n" to "\r\n" (ONLCR); input is interrupt-driven and
 * buffered. */
#pragma once
#include <stddef.h>
#include <stdbool.h>

void console_write(const char *buf, size_t n);
/* Blocks until at least one byte is there (or end of input): bytes read,
 * 0 at end of input, or -EINTR. Reads at most n. */
long console_read(char *buf, size_t n);
/* A byte can be read without blocking. */
bool console_readable(void);
struct waitq;
/* Where a poller waits for input: woken when a byte arrives. */
struct waitq *console_waitq(void);
