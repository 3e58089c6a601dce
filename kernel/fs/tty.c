/* The console as a Linux tty. The termios settings are remembered and
 * reported back; the line discipline they describe (canonical mode, echo)
 * is the console driver's business, so a program sees a terminal that
 * answers isatty() and tcgetattr() the way a serial tty on Linux does. */
#include "drivers/console.h"
#include "fs/poll.h"
#include "fs/tty.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/proc.h"
#include "sched/signal.h"

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGPGRP  0x540f
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414

#define NCCS 19

struct termios {                  /* the kernel's, as TCGETS passes it */
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* Linux's defaults for a serial tty (tty_std_termios), 38400 baud. */
#define ICRNL   0000400
#define IXON    0002000
#define OPOST   0000001
#define ONLCR   0000004
#define B38400  0000017
#define CS8     0000060
#define CREAD   0000200
#define HUPCL   0002000
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHOCTL 0001000
#define ECHOKE  0004000
#define IEXTEN  0100000

static spinlock_t tty_lock = SPINLOCK_INIT;   /* guards termios, winsize */
static struct termios termios = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B38400 | CS8 | CREAD | HUPCL,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    /* ^C ^\ DEL ^U ^D time 0 min 1 swtc 0 ^Q ^S ^Z eol 0 ^R ^O ^W ^V eol2 0 */
    .c_cc = { 003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 },
};
static struct winsize winsize = { .ws_row = 24, .ws_col = 80 };

#define CHUNK 256                 /* bytes copied through the kernel stack at a time */

static long tty_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    char tmp[CHUNK];
    if (n == 0)
        return 0;
    if ((f->flags & O_NONBLOCK) && !console_readable())
        return -EAGAIN;
    long got = console_read(tmp, MIN(n, sizeof tmp));
    if (got == -EINTR)
        return -ERESTARTSYS;     /* restarted or -EINTR, as SA_RESTART says */
    if (got > 0 && copy_to_user(buf, tmp, (size_t)got))
        return -EFAULT;
    return got;
}

static long tty_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    char tmp[CHUNK];
    size_t done = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof tmp);
        if (copy_from_user(tmp, (const char *)buf + done, chunk))
            return done ? (long)done : -EFAULT;
        console_write(tmp, chunk);
        done += chunk;
    }
    return (long)done;
}

/* Copies the value at `src` out (get) or in (set) under the lock. */
static int tty_get(void __user *arg, const void *src, size_t n)
{
    char tmp[sizeof(struct termios)];
    uint64_t f = spin_lock_irqsave(&tty_lock);
    memcpy(tmp, src, n);
    spin_unlock_irqrestore(&tty_lock, f);
    return copy_to_user(arg, tmp, n);
}

static int tty_set(void *dst, const void __user *arg, size_t n)
{
    char tmp[sizeof(struct termios)];
    if (copy_from_user(tmp, arg, n))
        return -EFAULT;
    uint64_t f = spin_lock_irqsave(&tty_lock);
    memcpy(dst, tmp, n);
    spin_unlock_irqrestore(&tty_lock, f);
    return 0;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    void __user *p = (void *)arg;
    switch (cmd) {
    case TCGETS:
        return tty_get(p, &termios, sizeof termios);
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        return tty_set(&termios, p, sizeof termios);
    case TIOCGWINSZ:
        return tty_get(p, &winsize, sizeof winsize);
    case TIOCSWINSZ:
        return tty_set(&winsize, p, sizeof winsize);
    case TIOCGPGRP:
        /* The program is its own session and foreground process group. */
        return put_user(current_proc()->pid, (int *)p);
    case TIOCSPGRP:
        return 0;
    default:
        return -ENOTTY;
    }
}

static unsigned tty_poll(struct file *f, struct waitq **wq)
{
    *wq = console_waitq();
    return POLLOUT | POLLWRNORM | (console_readable() ? POLLIN | POLLRDNORM : 0);
}

const struct file_ops tty_fops = {
    .read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
};
