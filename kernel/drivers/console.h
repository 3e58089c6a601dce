/* The console: the program's terminal, on the first serial port and, when
 * the machine has a screen, drawn on it (drivers/fbcon.c), with input from
 * the serial port and the PS/2 keyboard. This is the raw device, which
 * registers itself with fs/ (struct console_device); the line discipline
 * (echo, editing, signals) is the tty's (fs/tty.c). */
#pragma once
#include <stddef.h>
#include <stdbool.h>

/* Kernel text to the console: "\n" becomes "\r\n". */
void console_write(const char *buf, size_t n);
/* A byte typed (from interrupt handlers): to the receiver, or kept
 * until there is one. */
void console_input(char c);
/* A byte from the serial port (COM1): to its own receiver when there is
 * one, else typed on the terminal (console_input). */
void console_serial_input(char c);
