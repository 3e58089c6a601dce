/* The program's stdout and stderr when egg's are not terminals (a file, a
 * pipe): egg says so on the kernel command line (stdout=pipe,
 * stderr=pipe), and fds 1 and 2 are then these write-only character
 * devices instead of the tty, as a program on Linux finds a file or a
 * pipe there: not a terminal (isatty is false, termios ioctls fail with
 * ENOTTY) and no line discipline, so the bytes reach egg's stdout and
 * stderr as written (no "\r" before "\n", any byte value).
 * /dev/eggos/stdout goes to the console's port (COM1), /dev/eggos/stderr
 * to the stderr port (COM3, see drivers/console.h). */
#include "fs/outdev.h"
#include "fs/poll.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "sched/proc.h"
#include "sched/signal.h"

#define CHUNK 256                 /* bytes copied through the kernel stack at a time */

const struct console_device *console_device;

void console_device_register(const struct console_device *dev) { console_device = dev; }

long console_write_chunks(const void __user *buf, size_t n,
                          void (*put)(console_out_fn to, const char *s, size_t n), console_out_fn to)
{
    char tmp[CHUNK];
    size_t done = 0;
    while (done < n) {
        if (done && signal_pending(current_thread()))
            return (long)done;
        size_t chunk = MIN(n - done, sizeof tmp);
        if (copy_from_user(tmp, (const char *)buf + done, chunk))
            return done ? (long)done : -EFAULT;
        if (put)
            put(to, tmp, chunk);
        else
            to(tmp, chunk);
        done += chunk;
    }
    return (long)done;
}

static long stdout_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return console_write_chunks(buf, n, NULL, console_device->output);
}

static long stderr_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return console_write_chunks(buf, n, NULL, console_device->error_output);
}

static unsigned out_poll(struct file *f, struct waitq **wq)
{
    *wq = NULL;
    return POLLOUT | POLLWRNORM;
}

/* No ioctl: every one fails with ENOTTY, as on a pipe or a file. */
const struct file_ops stdout_fops = { .write = stdout_write, .poll = out_poll };
const struct file_ops stderr_fops = { .write = stderr_write, .poll = out_poll };
