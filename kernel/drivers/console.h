/* The console: the program's terminal, on the first serial port and, when
 * the machine has a screen, drawn on it (drivers/fbcon.c), with input from
 * the serial port and the PS/2 keyboard. This is the raw device; the line
 * discipline (echo, editing, signals) is the tty's (fs/tty.c). */
#pragma once
#include <stddef.h>
#include <stdbool.h>

/* Bytes to the terminal as they are: the serial port and the screen. */
void console_output(const char *buf, size_t n);
/* The program's stderr: to its own serial port
 * (COM3, which egg copies to its stderr) and the screen; where there is
 * no such port, as console_output. */
void console_error_output(const char *buf, size_t n);
/* Kernel text to the console: "\n" becomes "\r\n". */
void console_write(const char *buf, size_t n);
/* A byte typed (from interrupt handlers): to the receiver, or kept
 * until there is one. */
void console_input(char c);
/* Where typed bytes go from now on; the bytes kept until now go there
 * first. Called once, at boot. */
void console_set_receiver(void (*receive)(char c));
/* Flow control: the receiver has no room (stop), or has again. Called
 * with the receiver's lock held, so that the last decision is the one in
 * force; may be called from inside console_input. Nothing once COM1 has
 * a receiver of its own (the terminal then has only the keyboard, which
 * cannot be held back). */
void console_throttle(bool stop);
/* A byte from the serial port (COM1): to its own receiver when there is
 * one, else typed on the terminal (console_input). */
void console_serial_input(char c);
/* COM1's bytes go to receive from now on instead of the terminal (egg's
 * piped stdin, fs/indev.c); the terminal keeps the keyboard. Called once
 * at boot, before COM1's interrupt is on. */
void console_set_serial_receiver(void (*receive)(char c));
/* console_throttle for COM1's own receiver. */
void console_serial_throttle(bool stop);
