/* The program's stdin when egg's is not a terminal (a pipe, a file,
 * /dev/null): egg says so on the kernel command line (stdin=pipe), and
 * fd 0 is then /dev/eggos/stdin instead of the tty, as a program on Linux
 * finds a pipe there: the bytes as egg read them, any value, no line
 * discipline (no echo, no ^C or ^D, no CR to LF, no line limit), reads
 * that return what has arrived, then the end of the input. It reports
 * itself as a FIFO (fstat, lseek's ESPIPE), what `cat f | java X` gives
 * on Linux; `java X < f` would give a regular file, but a stream that
 * arrives over a wire cannot be seeked or sized, so it is a pipe in
 * every case, the one kind a program must handle as it comes.
 *
 * The bytes come over the console's serial port (COM1), whose bytes then
 * no longer go to the terminal. The end of the input is in the same
 * stream, framed, so that it comes after the last byte and never before:
 * every byte stands for itself except 0xFF, which with the next byte is
 * a 0xFF (0xFF 0x00) or the end (0xFF 0x01). 0xFF because it never
 * appears in UTF-8, so text costs nothing; random binary data 1/256 more.
 * A second channel saying "the end after N bytes" would need a port that
 * egg can write to and the kernel can read apart (COM3 shares COM1's IRQ
 * and is output only); an in-order stream needs nothing more than COM1.
 *
 * Flow control as the tty's: when the buffer is nearly full the kernel
 * stops taking COM1's bytes, which wait in the UART and in QEMU, which
 * then reads no more of egg's pipe, and egg no more of its stdin: a
 * program that reads slowly holds the whole chain back, nothing is lost
 * and what waits on the way is a few pipe buffers (egg took 112 KiB from
 * a writer whose program read nothing, then no more). */
#include "fs/indev.h"
#include "fs/fs_init.h"
#include "fs/outdev.h"
#include "fs/poll.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "uapi/ioctls.h"

#define BUF_SIZE 16384            /* bytes arrived and not yet read (a power of 2) */
#define STOP_ROOM 64              /* stop COM1 with less room than this */
#define RESUME_USED (BUF_SIZE / 2)   /* and take bytes again once this few wait */
#define CHUNK 512                 /* bytes copied through the kernel stack at a time */

#define ESC 0xFF
#define ESC_BYTE 0x00
#define ESC_EOF 0x01

static spinlock_t indev_lock = SPINLOCK_INIT;   /* guards buf, head, tail, eof, escaped,
                                                   throttled, reading */
static char buf[BUF_SIZE];
static uint32_t head, tail;       /* bytes ever put and taken */
static bool eof;                  /* the end came: after the bytes before it */
static bool escaped;              /* the last byte was ESC */
static bool throttled;            /* COM1 is stopped */
static bool reading;              /* a reader is copying out: the others wait their turn */
static struct waitq readers = WAITQ_INIT;   /* readers and pollers wait for input */

static uint32_t used(void) { return head - tail; }

/* Called with indev_lock held after the input changed. */
static void update_flow(void)
{
    bool stop = throttled ? used() > RESUME_USED : BUF_SIZE - used() < STOP_ROOM;
    if (stop != throttled) {
        throttled = stop;
        console_device->serial_throttle(stop);
    }
}

/* Decodes one byte of COM1's framing (see the top): whether it is data. */
static bool decode(unsigned char c, unsigned char *out)
{
    if (eof)
        return false;             /* nothing counts after the end */
    if (escaped) {
        escaped = false;
        eof = c == ESC_EOF;
        *out = ESC;
        return c == ESC_BYTE;     /* anything else is no byte egg sends */
    }
    escaped = c == ESC;
    *out = c;
    return !escaped;
}

/* A byte from COM1's interrupt. */
static void indev_receive(char c)
{
    uint64_t f = spin_lock_irqsave(&indev_lock);
    unsigned char b;
    bool data = decode((unsigned char)c, &b);
    bool now_eof = eof;
    if (data && used() < BUF_SIZE)   /* always: COM1 stops with STOP_ROOM left */
        buf[head++ % BUF_SIZE] = (char)b;
    update_flow();
    spin_unlock_irqrestore(&indev_lock, f);
    if (data || now_eof)
        wake_up_poll(&readers, now_eof ? POLLIN | POLLRDNORM | POLLHUP : POLLIN | POLLRDNORM);
}

void indev_init(void)
{
    if (fs_stream_piped("stdin"))
        console_device->set_serial_receiver(indev_receive);
}

static bool readable(void) { return !reading && (used() || eof); }

/* Waits for bytes or the end, and for no other reader to be copying:
 * 0 with the turn taken, -EAGAIN, or -ERESTARTSYS. */
static int reader_enter(struct file *f)
{
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&indev_lock);
        bool mine = readable();
        bool nothing = !used() && !eof;
        reading |= mine;
        spin_unlock_irqrestore(&indev_lock, fl);
        if (mine)
            return 0;
        if (nothing && (f->flags & O_NONBLOCK))
            return -EAGAIN;
        int r = WAIT_EVENT(&readers, readable());
        if (r)
            return r == -EINTR ? -ERESTARTSYS : r;
    }
}

static void reader_leave(void)
{
    uint64_t fl = spin_lock_irqsave(&indev_lock);
    reading = false;
    spin_unlock_irqrestore(&indev_lock, fl);
    wake_up_poll(&readers, 0);    /* for readers waiting their turn, not pollers */
}

/* Copies up to n bytes from the front, leaving them there: the count. */
static size_t peek(char *dst, size_t n)
{
    size_t got = MIN(n, (size_t)used());
    for (size_t i = 0; i < got; i++)
        dst[i] = buf[(tail + i) % BUF_SIZE];
    return got;
}

/* What is there, up to n bytes, as a pipe's read: bytes are taken only
 * once the copy to the reader succeeded, so a bad buffer loses none. */
static long stdin_read(struct file *f, void __user *ubuf, size_t n, uint64_t *pos)
{
    if (n == 0)
        return 0;
    int r = reader_enter(f);
    if (r)
        return r;
    char tmp[CHUNK];
    size_t done = 0;
    long err = 0;
    while (done < n) {
        uint64_t fl = spin_lock_irqsave(&indev_lock);
        size_t got = peek(tmp, MIN(n - done, sizeof tmp));
        spin_unlock_irqrestore(&indev_lock, fl);
        if (!got)
            break;
        if (copy_to_user((char __user *)ubuf + done, tmp, got)) {
            err = -EFAULT;
            break;
        }
        fl = spin_lock_irqsave(&indev_lock);
        tail += (uint32_t)got;
        update_flow();
        spin_unlock_irqrestore(&indev_lock, fl);
        done += got;
    }
    reader_leave();
    return done ? (long)done : err;
}

static unsigned stdin_poll(struct file *f, struct waitq **wq)
{
    *wq = &readers;
    uint64_t fl = spin_lock_irqsave(&indev_lock);
    unsigned mask = (used() ? POLLIN | POLLRDNORM : 0) | (eof ? POLLHUP : 0);
    spin_unlock_irqrestore(&indev_lock, fl);
    return mask;
}

/* FIONREAD, as a pipe's (the JDK's FileInputStream.available asks it);
 * every other ioctl fails with ENOTTY: not a terminal. */
static long stdin_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    uint64_t fl = spin_lock_irqsave(&indev_lock);
    int n = (int)used();
    spin_unlock_irqrestore(&indev_lock, fl);
    return put_user(n, (int __user *)arg) ? -EFAULT : 0;
}

const struct file_ops stdin_fops = { .read = stdin_read, .poll = stdin_poll, .ioctl = stdin_ioctl };
