/* The console's byte streams (see console.h). Bytes typed before the tty
 * exists (a host that writes to the serial port while the machine boots)
 * are kept until it takes them. */
#include "drivers/console.h"
#include "drivers/driver.h"
#include "drivers/fbcon.h"
#include "drivers/serial.h"
#include "fs/outdev.h"
#include "lib/spinlock.h"

#define EARLY_SIZE 4096

static spinlock_t in_lock = SPINLOCK_INIT;   /* guards early, early_len, receiver */
static char early[EARLY_SIZE];
static unsigned early_len;
static void (*receiver)(char c);
/* COM1's bytes when they are not the terminal's (fs/indev.c); set once at
 * boot before COM1's interrupt is on, so read without a lock. */
static void (*serial_receiver)(char c);

/* Bytes to the terminal as they are: the serial port and the screen. */
static void console_output(const char *buf, size_t n)
{
    serial_write(COM1, buf, n);
    fbcon_write(buf, n);
}

/* The program's stderr: to its own serial port
 * (COM3, which egg copies to its stderr) and the screen; where there is
 * no such port, as console_output. */
static void console_error_output(const char *buf, size_t n)
{
    if (!serial_present(COM3)) {
        console_output(buf, n);
        return;
    }
    serial_write(COM3, buf, n);
    fbcon_write(buf, n);
}

void console_write(const char *buf, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            console_output(buf + start, i - start);
            console_output("\r\n", 2);
            start = i + 1;
        }
    }
    console_output(buf + start, n - start);
}

void console_input(char c)
{
    uint64_t f = spin_lock_irqsave(&in_lock);
    void (*r)(char) = receiver;
    if (!r && early_len < EARLY_SIZE)
        early[early_len++] = c;
    spin_unlock_irqrestore(&in_lock, f);
    if (r)
        r(c);
}

/* Where typed bytes go from now on; the bytes kept until now go there
 * first. Called once, at boot. */
static void console_set_receiver(void (*receive)(char c))
{
    uint64_t f = spin_lock_irqsave(&in_lock);
    for (unsigned i = 0; i < early_len; i++)
        receive(early[i]);
    early_len = 0;
    receiver = receive;
    spin_unlock_irqrestore(&in_lock, f);
}

void console_serial_input(char c)
{
    if (serial_receiver)
        serial_receiver(c);
    else
        console_input(c);
}

/* COM1's bytes go to receive from now on instead of the terminal (egg's
 * piped stdin, fs/indev.c); the terminal keeps the keyboard. Called once
 * at boot, before COM1's interrupt is on. */
static void console_set_serial_receiver(void (*receive)(char c))
{
    serial_receiver = receive;
}

/* Flow control: the receiver has no room (stop), or has again. Called
 * with the receiver's lock held, so that the last decision is the one in
 * force; may be called from inside console_input. Nothing once COM1 has
 * a receiver of its own (the terminal then has only the keyboard, which
 * cannot be held back). */
static void console_throttle(bool stop)
{
    if (!serial_receiver)
        serial_rx_stop(stop);
}

/* console_throttle for COM1's own receiver. */
static void console_serial_throttle(bool stop)
{
    serial_rx_stop(stop);
}

static const struct console_device device = {
    .output = console_output,
    .error_output = console_error_output,
    .set_receiver = console_set_receiver,
    .throttle = console_throttle,
    .set_serial_receiver = console_set_serial_receiver,
    .serial_throttle = console_serial_throttle,
};

/* The terminal's device, for the tty and egg's streams (fs/). */
static void console_init(void) { console_device_register(&device); }
DRIVER_INIT(console_init, DRIVER_CONSOLE);
