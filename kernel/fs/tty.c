/* The console as a Linux tty (/dev/console, /dev/tty): the line
 * discipline of fs/ldisc.c between the console's bytes and the program,
 * so that a program sees a terminal as on Linux: canonical mode with echo
 * and line editing, raw mode with VMIN/VTIME, ^C/^\ signals to the
 * foreground process, ^D as end of input, and the termios and window-size
 * ioctls.
 *
 * `console=pipe` on the kernel command line says that egg feeds the
 * console from a pipe or a file, not from a person at a terminal: the tty
 * then starts without ECHO (the host never echoes a pipe), so the output
 * is what the same program run on the host with that input prints. */
#include "arch/x86_64/boot.h"
#include "fs/ldisc.h"
#include "fs/outdev.h"
#include "fs/poll.h"
#include "fs/tty.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "uapi/ioctls.h"

#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static spinlock_t tty_lock = SPINLOCK_INIT;   /* guards ld, sink, winsize, fg */
static struct ldisc ld;
static struct winsize winsize = { .ws_row = 24, .ws_col = 80 };
static struct process *fg;                    /* the foreground process: its signals */
static struct waitq readers = WAITQ_INIT;     /* readers and pollers wait for input */
static bool ready;
/* Where the line discipline's output goes: the console, except while a
 * write to the stderr file (tty_err_fops) is under way. One line
 * discipline for both, as stdout and stderr on one Linux tty: one
 * termios, one column for the echo's erasing. */
static void (*sink)(const char *s, size_t n);

#define CHUNK 256                 /* bytes copied through the kernel stack at a time */

static void tty_out(void *ctx, const char *s, size_t n)
{
    sink(s, n);
}

/* Called with tty_lock held: the signal goes to the foreground process
 * as Linux's tty sends it (kill_pgrp with SEND_SIG_PRIV: SI_KERNEL). */
static void tty_signal(void *ctx, int sig)
{
    struct ksiginfo info = { .code = SI_KERNEL };
    if (fg)
        signal_send_process(fg, sig, &info);
}

/* Called with tty_lock held after the input changed: stops the console's
 * input when the line discipline is nearly full, lets it go on when not. */
static void update_flow(void)
{
    console_device->throttle(ldisc_throttle(&ld));
}

/* A byte typed: from the serial port's and the keyboard's interrupts. */
static void tty_receive(char c)
{
    uint64_t f = spin_lock_irqsave(&tty_lock);
    ldisc_input(&ld, c);
    update_flow();
    spin_unlock_irqrestore(&tty_lock, f);
    wake_up_poll(&readers, POLLIN | POLLRDNORM);
}

void tty_init(void)
{
    if (ready)
        return;
    ldisc_init(&ld, tty_out, tty_signal, NULL);
    const char *c = cmdline_get("console");
    if (c && strcmp(c, "pipe") == 0)
        ld.t.c_lflag &= ~(ECHO | ECHONL);
    sink = console_device->output;
    ready = true;
    console_device->set_receiver(tty_receive);
}

/* The sizes of the screen's text console, when it is the terminal. */
void tty_set_winsize(unsigned rows, unsigned cols)
{
    uint64_t f = spin_lock_irqsave(&tty_lock);
    winsize.ws_row = (uint16_t)rows;
    winsize.ws_col = (uint16_t)cols;
    spin_unlock_irqrestore(&tty_lock, f);
}

/* The first process to open its terminal is its foreground process, as
 * a session leader's controlling tty. */
static int tty_open(struct file *f)
{
    uint64_t fl = spin_lock_irqsave(&tty_lock);
    if (!fg)
        fg = current_proc();
    spin_unlock_irqrestore(&tty_lock, fl);
    return 0;
}

/* Takes what a read may take now into tmp (at most n): the count, 0 with
 * *eof for an end of input. */
static size_t take(char *tmp, size_t n, bool *eof)
{
    uint64_t f = spin_lock_irqsave(&tty_lock);
    size_t got = ldisc_read(&ld, tmp, n, eof);
    update_flow();
    spin_unlock_irqrestore(&tty_lock, f);
    return got;
}

static bool canonical(void) { return ld.t.c_lflag & ICANON; }

/* Waits for input (at least min bytes in raw mode) until deadline (0:
 * none): 0, -ETIMEDOUT or -ERESTARTSYS. */
static int wait_input(unsigned min, uint64_t deadline)
{
    int r = WAIT_EVENT_DEADLINE(&readers, ldisc_readable(&ld, min), deadline);
    return r == -EINTR ? -ERESTARTSYS : r;
}

/* Canonical mode: one line (or what of it fits), or 0 at an end of input. */
static long read_canonical(struct file *f, char __user *buf, size_t n)
{
    char tmp[CHUNK];
    size_t done = 0;
    for (;;) {
        if (!ldisc_readable(&ld, 1)) {
            if (done)
                return (long)done;
            if (f->flags & O_NONBLOCK)
                return -EAGAIN;
            int r = wait_input(1, 0);
            if (r)
                return r;
            if (!canonical())
                return (long)done;    /* switched to raw meanwhile: read again */
            continue;
        }
        bool eof;
        size_t got = take(tmp, MIN(n - done, sizeof tmp), &eof);
        if (!got && !eof)
            continue;              /* flushed meanwhile */
        if (copy_to_user(buf + done, tmp, got))
            return done ? (long)done : -EFAULT;
        done += got;
        if (eof || done == n || !ld.mid_line)
            return (long)done;     /* a whole line, or all that was asked */
    }
}

/* Raw mode, as Linux's VMIN/VTIME: MIN > 0 waits for MIN bytes (TIME then
 * limits the wait between bytes); MIN == 0 returns what is there, after
 * waiting up to TIME for the first byte. */
static long read_raw(struct file *f, char __user *buf, size_t n)
{
    char tmp[CHUNK];
    unsigned vmin = ld.t.c_cc[VMIN], vtime = ld.t.c_cc[VTIME];
    uint64_t tenths = 100000000ull;
    size_t target = vmin ? MIN((size_t)vmin, n) : 0;
    size_t done = 0;
    uint64_t deadline = vmin == 0 && vtime ? clock_monotonic_ns() + vtime * tenths : 0;
    for (;;) {
        bool eof;
        size_t got = take(tmp, MIN(n - done, sizeof tmp), &eof);
        if (got && copy_to_user(buf + done, tmp, got))
            return done ? (long)done : -EFAULT;
        done += got;
        if (done == n || (vmin && done >= target) || (vmin == 0 && (done || !vtime)))
            return (long)done;
        if (got)
            continue;              /* more may have come */
        if (f->flags & O_NONBLOCK)
            return done ? (long)done : -EAGAIN;
        if (vmin && vtime && done)
            deadline = clock_monotonic_ns() + vtime * tenths;   /* between bytes */
        int r = wait_input(1, deadline);
        if (r == -ETIMEDOUT)
            return (long)done;
        if (r)
            return done ? (long)done : r;
        if (canonical())
            return (long)done;
    }
}

static long tty_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    if (n == 0)
        return 0;
    for (;;) {
        bool canon = canonical();
        long r = canon ? read_canonical(f, buf, n) : read_raw(f, buf, n);
        if (r != 0 || canonical() == canon)
            return r;
        /* The mode changed while it waited: read again in the new one. */
    }
}

/* A chunk of a write through the line discipline to `to`. */
static void put_through_ldisc(console_out_fn to, const char *s, size_t n)
{
    uint64_t fl = spin_lock_irqsave(&tty_lock);
    sink = to;
    ldisc_write(&ld, s, n);
    sink = console_device->output;
    spin_unlock_irqrestore(&tty_lock, fl);
}

static long tty_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return console_write_chunks(buf, n, put_through_ldisc, console_device->output);
}

static long tty_write_err(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return console_write_chunks(buf, n, put_through_ldisc, console_device->error_output);
}

/* Copies the value at `src` out under the lock. */
static int tty_get(void __user *arg, const void *src, size_t n)
{
    char tmp[sizeof(struct ktermios)];
    uint64_t f = spin_lock_irqsave(&tty_lock);
    memcpy(tmp, src, n);
    spin_unlock_irqrestore(&tty_lock, f);
    return copy_to_user(arg, tmp, n) ? -EFAULT : 0;
}

static long set_termios(const void __user *arg, bool flush)
{
    struct ktermios t;
    if (copy_from_user(&t, arg, sizeof t))
        return -EFAULT;
    uint64_t f = spin_lock_irqsave(&tty_lock);
    if (flush)
        ldisc_flush_input(&ld);
    ldisc_set_termios(&ld, &t);
    update_flow();
    spin_unlock_irqrestore(&tty_lock, f);
    wake_up_poll(&readers, POLLIN | POLLRDNORM);   /* what a reader waits for may have changed */
    return 0;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    void __user *p = (void *)arg;
    uint64_t fl;
    switch (cmd) {
    case TCGETS:
        return tty_get(p, &ld.t, sizeof ld.t);
    case TCSETS:
    case TCSETSW:
        return set_termios(p, false);
    case TCSETSF:
        return set_termios(p, true);
    case TIOCGWINSZ:
        return tty_get(p, &winsize, sizeof winsize);
    case TIOCSWINSZ: {
        struct winsize w;
        if (copy_from_user(&w, p, sizeof w))
            return -EFAULT;
        fl = spin_lock_irqsave(&tty_lock);
        bool changed = memcmp(&w, &winsize, sizeof w) != 0;
        winsize = w;
        spin_unlock_irqrestore(&tty_lock, fl);
        if (changed && fg) {
            struct ksiginfo info = { .code = SI_KERNEL };
            signal_send_process(fg, SIGWINCH, &info);
        }
        return 0;
    }
    case TIOCGPGRP:
    case TIOCGSID:
        /* The program is its own session and foreground process group. */
        return put_user(current_proc()->pid, (int *)p) ? -EFAULT : 0;
    case TIOCSPGRP: {
        int pgrp;
        if (get_user(pgrp, (int *)p))
            return -EFAULT;
        return pgrp == current_proc()->pid ? 0 : pgrp < 0 ? -EINVAL : -EPERM;
    }
    case FIONREAD: {
        fl = spin_lock_irqsave(&tty_lock);
        int n = (int)ldisc_available(&ld);
        spin_unlock_irqrestore(&tty_lock, fl);
        return put_user(n, (int *)p) ? -EFAULT : 0;
    }
    case TIOCOUTQ:
        return put_user(0, (int *)p) ? -EFAULT : 0;   /* output is never queued */
    case TCFLSH:
        if (arg > TCIOFLUSH)
            return -EINVAL;
        if (arg != TCOFLUSH) {
            fl = spin_lock_irqsave(&tty_lock);
            ldisc_flush_input(&ld);
            update_flow();
            spin_unlock_irqrestore(&tty_lock, fl);
        }
        return 0;
    case TIOCSTI: {
        char c;
        if (get_user(c, (char *)p))
            return -EFAULT;
        tty_receive(c);
        return 0;
    }
    case TCSBRK:
    case TCSBRKP:
    case TCXONC:
    case TIOCSCTTY:
    case TIOCNOTTY:
    case TIOCEXCL:
    case TIOCNXCL:
        return 0;
    default:
        return -ENOTTY;
    }
}

static unsigned tty_poll(struct file *f, struct waitq **wq)
{
    *wq = &readers;
    /* As Linux's: raw mode without TIME is readable once MIN bytes are there. */
    unsigned min = !canonical() && !ld.t.c_cc[VTIME] ? ld.t.c_cc[VMIN] : 1;
    return POLLOUT | POLLWRNORM | (ldisc_readable(&ld, min) ? POLLIN | POLLRDNORM : 0);
}

const struct file_ops tty_fops = {
    .open = tty_open, .read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
};

const struct file_ops tty_err_fops = {
    .open = tty_open, .read = tty_read, .write = tty_write_err, .ioctl = tty_ioctl, .poll = tty_poll,
};
