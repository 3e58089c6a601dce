/* 16550 UARTs: COM1 is the console, COM2 (when present) egg's log and
 * control channel, COM3 (when present) the program's stderr, which egg
 * copies to its own stderr. */
#pragma once
#include <stdbool.h>

#define COM1 0x3F8
#define COM2 0x2F8
#define COM3 0x3E8

bool serial_present(int port);
/* Flow control of COM1's input: stop taking bytes (they wait in the UART
 * and in QEMU), or take them again. Takes no lock: called with the tty's
 * held, also from inside COM1's interrupt. */
void serial_rx_stop(bool stop);
void serial_putc(int port, char c);
void serial_write(int port, const char *s, unsigned long n);
/* Marks, on both ports, where the kernel's output starts: after a boot
 * loader whose firmware also wrote there (UEFI's console does). It resets
 * the terminal's colours and names it "eggos"; egg drops what came before
 * it (egg-cli's BootMark). */
#define SERIAL_BOOT_MARK "\033[0m\033]0;eggos\007"
void serial_boot_mark(void);
/* Tells egg, on its control channel (COM2, after the boot mark), that COM1
 * takes input from now on: egg holds a piped input back until then, since
 * a byte that reaches the UART while serial_init turns its FIFO on is lost
 * (turning the FIFO on empties it, and QEMU hands the next byte over as
 * soon as the last one is read: no order of register writes closes that
 * window). */
#define SERIAL_INPUT_READY "eggos:input"
void serial_input_ready(void);
