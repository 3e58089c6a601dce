/* /dev/eggos/stdout and /dev/eggos/stderr: the program's fds 1 and 2
 * when egg's stdout and stderr are not terminals (fs/outdev.c). */
#pragma once
#include "fs/vfs.h"

extern const struct file_ops stdout_fops;
extern const struct file_ops stderr_fops;

/* Where a console write's bytes go: a port's output function. */
typedef void (*console_out_fn)(const char *s, size_t n);

/* The terminal's raw device under the tty (fs/tty.c) and egg's streams
 * (fs/indev.c, here): the console driver registers it first thing at
 * boot (drivers/console.c). */
struct console_device {
    console_out_fn output;           /* the program's terminal */
    console_out_fn error_output;     /* the program's stderr */
    /* Typed bytes go to receive from now on; throttle stops them. */
    void (*set_receiver)(void (*receive)(char c));
    void (*throttle)(bool stop);
    /* COM1's bytes, when egg's stdin is piped (fs/indev.c). */
    void (*set_serial_receiver)(void (*receive)(char c));
    void (*serial_throttle)(bool stop);
};
void console_device_register(const struct console_device *dev);
/* The registered device. */
extern const struct console_device *console_device;

/* Copies n bytes at buf to put(to, ...) a chunk at a time through the
 * kernel stack (put NULL: straight to `to`): the bytes written, or -EFAULT
 * when none could be read. The serial port takes ~1.4 MB/s, so a long
 * write stops for a signal and says what went out, as Linux's n_tty_write;
 * unlike it, never before the first chunk (no EINTR): a program's printf
 * loses no line to a timer signal that came as it entered the call. */
long console_write_chunks(const void __user *buf, size_t n,
                          void (*put)(console_out_fn to, const char *s, size_t n), console_out_fn to);
