/* Pipes, with Linux's semantics: reads block until data or until no writer
 * is left (EOF); writes of at most PIPE_BUF bytes are atomic; writing with
 * no reader left raises SIGPIPE and fails with EPIPE. Data passes through
 * a kernel bounce buffer, so the pipe's spinlock is never held while user
 * memory (which may fault) is touched. The buffer's pages exist only while
 * they hold data (lib/bytering.h): an idle pipe costs a few hundred bytes. */
#include "fs/pipe.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/bytering.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "uapi/ioctls.h"

#define PIPE_SIZE 65536
#define PIPE_BUF 4096

struct pipe {
    spinlock_t lock;          /* guards buf, readers, writers and reading */
    struct bytering buf;      /* PIPE_SIZE bytes at most */
    int readers, writers;     /* open ends */
    bool reading;             /* a reader is copying out: the others wait */
    struct waitq wq;          /* readers, writers and pollers wait for any change */
};

static struct mount *pipe_mnt;

void pipe_init(void)
{
    if (!(pipe_mnt = mount_new("pipefs", PIPEFS_MAGIC, false)))
        panic("pipe: out of memory");
}

static struct pipe *pipe_of(struct file *f) { return f->vnode->priv; }

/* A sleep cut short by a signal restarts or fails as the handler's
 * SA_RESTART says. */
static int interrupted(int r)
{
    return r == -EINTR ? -ERESTARTSYS : r;
}

/* Readers take turns (p->reading), so that data one has peeked at is
 * not read by another before it is consumed. */
static int reader_enter(struct pipe *p)
{
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&p->lock);
        bool mine = !p->reading;
        p->reading = true;
        spin_unlock_irqrestore(&p->lock, fl);
        if (mine)
            return 0;
        int r = WAIT_EVENT(&p->wq, !p->reading);
        if (r)
            return interrupted(r);
    }
}

static void reader_leave(struct pipe *p)
{
    uint64_t fl = spin_lock_irqsave(&p->lock);
    p->reading = false;
    spin_unlock_irqrestore(&p->lock, fl);
    wake_up_poll(&p->wq, 0);        /* for the readers waiting their turn, not pollers */
}

/* What is there now, up to n bytes: bytes read, 0 with *eof when no
 * writer is left, or -EFAULT. */
static long read_available(struct pipe *p, char __user *buf, size_t n, bool *eof)
{
    char tmp[512];
    size_t done = 0;
    while (done < n) {
        uint64_t fl = spin_lock_irqsave(&p->lock);
        /* Bytes are taken only once the copy to the reader succeeded, so
         * a bad buffer loses no data, as on Linux. */
        size_t got = bytering_peek(&p->buf, 0, tmp, MIN(n - done, sizeof tmp));
        *eof = p->writers == 0;
        spin_unlock_irqrestore(&p->lock, fl);
        if (!got)
            break;
        if (copy_to_user(buf + done, tmp, got))
            return done ? (long)done : -EFAULT;
        fl = spin_lock_irqsave(&p->lock);
        bool was_full = bytering_room(&p->buf) < PIPE_BUF;
        bytering_drop(&p->buf, got);
        spin_unlock_irqrestore(&p->lock, fl);
        /* Room is news to pollers only when there was too little for
         * POLLOUT, as Linux wakes writers only when the pipe was full. */
        wake_up_poll(&p->wq, was_full ? POLLOUT | POLLWRNORM : 0);
        done += got;
    }
    return (long)done;
}

static long pipe_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct pipe *p = pipe_of(f);
    if (n == 0)
        return 0;
    for (;;) {
        int r = reader_enter(p);
        if (r)
            return r;
        bool eof = false;
        long got = read_available(p, buf, n, &eof);
        reader_leave(p);
        if (got || eof)
            return got;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        r = WAIT_EVENT(&p->wq, bytering_used(&p->buf) || p->writers == 0);
        if (r)
            return interrupted(r);
    }
}

/* Puts all of chunk into the pipe, waiting for room; an atomic chunk goes
 * in only whole. Bytes put (fewer when stopped by an error), or -errno
 * when none were. */
static long put_chunk(struct file *f, const char *chunk, size_t n, bool atomic)
{
    struct pipe *p = pipe_of(f);
    size_t done = 0;
    while (done < n) {
        uint64_t fl = spin_lock_irqsave(&p->lock);
        bool broken = p->readers == 0;
        bool fits = bytering_room(&p->buf) >= (atomic ? n : 1);
        size_t moved = 0;
        if (!broken && fits)
            moved = bytering_put(&p->buf, chunk + done, n - done);
        spin_unlock_irqrestore(&p->lock, fl);
        if (broken) {
            if (done)
                return (long)done;
            signal_raise_self(SIGPIPE);
            return -EPIPE;
        }
        if (moved) {
            wake_up_poll(&p->wq, POLLIN | POLLRDNORM);
            done += moved;
            continue;
        }
        if (fits)                     /* room, but no page for it */
            return done ? (long)done : -ENOMEM;
        if (f->flags & O_NONBLOCK)
            return done ? (long)done : -EAGAIN;
        int r = WAIT_EVENT(&p->wq, bytering_room(&p->buf) >= (atomic ? n : 1) ||
                                   p->readers == 0);
        if (r)
            return done ? (long)done : interrupted(r);
    }
    return (long)done;
}

static long pipe_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    if (n == 0)
        return 0;
    char *tmp = kmalloc(MIN(n, PIPE_BUF));
    if (!tmp)
        return -ENOMEM;
    size_t done = 0;
    long r = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, PIPE_BUF);
        if (copy_from_user(tmp, (const char *)buf + done, chunk)) {
            r = -EFAULT;
            break;
        }
        r = put_chunk(f, tmp, chunk, n <= PIPE_BUF);
        if (r < 0)
            break;
        done += (size_t)r;
        if ((size_t)r < chunk)
            break;
    }
    kfree(tmp);
    return done ? (long)done : r;
}

static unsigned pipe_poll(struct file *f, struct waitq **wq)
{
    struct pipe *p = pipe_of(f);
    unsigned mask = 0;
    *wq = &p->wq;
    uint64_t fl = spin_lock_irqsave(&p->lock);
    if ((f->flags & O_ACCMODE) == O_RDONLY) {
        if (bytering_used(&p->buf))
            mask |= POLLIN | POLLRDNORM;
        if (p->writers == 0)
            mask |= POLLHUP;
    } else {
        if (bytering_room(&p->buf) >= PIPE_BUF)
            mask |= POLLOUT | POLLWRNORM;
        if (p->readers == 0)
            mask |= POLLERR;
    }
    spin_unlock_irqrestore(&p->lock, fl);
    return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    struct pipe *p = pipe_of(f);
    uint64_t fl = spin_lock_irqsave(&p->lock);
    int n = (int)bytering_used(&p->buf);
    spin_unlock_irqrestore(&p->lock, fl);
    return put_user(n, (int *)arg);
}

static void pipe_close(struct file *f)
{
    struct pipe *p = pipe_of(f);
    uint64_t fl = spin_lock_irqsave(&p->lock);
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    spin_unlock_irqrestore(&p->lock, fl);
    wake_up(&p->wq);
}

static void pipe_release(struct vnode *v)
{
    struct pipe *p = v->priv;
    bytering_free(&p->buf);
    kfree(p);
}

static const struct vnode_ops pipe_vops = { .release = pipe_release };

static const struct file_ops pipe_fops = {
    .read = pipe_read, .write = pipe_write, .ioctl = pipe_ioctl, .poll = pipe_poll,
    .close = pipe_close,
};

/* One end; pipes show no O_LARGEFILE in F_GETFL, unlike opened files. */
static int open_end(struct vnode *v, int flags, struct file **out)
{
    int r = vfs_open_vnode(v, flags, v->name, out);
    if (r == 0)
        (*out)->flags &= ~O_LARGEFILE;
    return r;
}

int pipe_create(int flags, struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof *p);
    struct vnode *v = p ? vnode_alloc(pipe_mnt, S_IFIFO | 0600, &pipe_vops, &pipe_fops) : NULL;
    if (!v) {
        kfree(p);
        return -ENOMEM;
    }
    bytering_init(&p->buf, PIPE_SIZE);
    waitq_init(&p->wq);
    p->readers = p->writers = 1;
    v->priv = p;
    ksnprintf(v->name, sizeof v->name, "pipe:[%lu]", v->ino);
    int r = open_end(v, O_RDONLY | (flags & O_NONBLOCK), rd);
    if (r == 0 && (r = open_end(v, O_WRONLY | (flags & O_NONBLOCK), wr)) < 0)
        file_put(*rd);
    vnode_put(v);
    return r;
}
