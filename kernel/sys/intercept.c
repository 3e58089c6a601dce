/* /dev/eggos/syscall: system calls answered by a handler thread of the
 * program (see intercept.h for the records). One lock guards the table of
 * owners and every channel's queues; the slow path only runs for numbers
 * someone registered, so it needs no finer locking. */
#include "sys/intercept.h"
#include "arch/x86_64/trapframe.h"
#include "fs/devfs.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sched/wait.h"

#define NR_RT_SIGRETURN 15
#define MAX_HANDLERS 8
#define CHUNK 256

enum { QUEUED, TAKEN, ANSWERED };

struct request {
    struct intercept_request rec;
    int state;
    bool pass, report;
    bool closed;                /* its channel was closed while it ran */
    bool orphan;                /* a copy whose caller is gone: freed when answered */
    long value;
    struct waitq done;          /* the caller sleeps here */
    struct request *next;
};

/* One open file of the device. */
struct channel {
    struct request *queue, **queue_tail;   /* not read yet, oldest first */
    struct request *taken;                 /* read, not answered */
    struct waitq readers;                  /* handler threads waiting for a request */
    int handlers[MAX_HANDLERS];            /* tids whose own calls pass straight through */
    unsigned nhandlers;
};

uint64_t intercepted[NR_SYSCALLS / 64];
static struct channel *owner[NR_SYSCALLS];
static spinlock_t lock = SPINLOCK_INIT;    /* guards owner, intercepted, channels, requests */
static uint64_t next_id = 1;

static bool is_handler(const struct channel *ch, int tid)
{
    for (unsigned i = 0; i < MIN(ch->nhandlers, MAX_HANDLERS); i++)
        if (ch->handlers[i] == tid)
            return true;
    return false;
}

/* The current thread serves ch: its calls are never sent to ch. */
static void add_handler(struct channel *ch)
{
    int tid = current_thread()->tid;
    if (!is_handler(ch, tid))
        ch->handlers[ch->nhandlers++ % MAX_HANDLERS] = tid;
}

static void unlink_from(struct request **list, struct request *r)
{
    for (struct request **p = list; *p; p = &(*p)->next) {
        if (*p == r) {
            *p = r->next;
            return;
        }
    }
}

static void unlink_queued(struct channel *ch, struct request *r)
{
    unlink_from(&ch->queue, r);
    ch->queue_tail = &ch->queue;
    while (*ch->queue_tail)
        ch->queue_tail = &(*ch->queue_tail)->next;
}

/* lock held: the caller may return as soon as state is ANSWERED and it
 * got the lock, so the wake happens before the lock is let go. */
static void answer(struct request *r, bool pass, bool report, long value)
{
    if (r->orphan) {
        kfree(r);
        return;
    }
    r->pass = pass;
    r->report = report;
    r->value = value;
    r->state = ANSWERED;
    wake_up(&r->done);
}

/* lock held. */
static void enqueue(struct channel *ch, struct request *r, bool front)
{
    r->state = QUEUED;
    if (front) {
        r->next = ch->queue;
        ch->queue = r;
        if (ch->queue_tail == &ch->queue)
            ch->queue_tail = &r->next;
    } else {
        r->next = NULL;
        *ch->queue_tail = r;
        ch->queue_tail = &r->next;
    }
    wake_up_poll(&ch->readers, POLLIN | POLLRDNORM);
}

bool intercept_call(struct trapframe *tf, long *result, long (*kernel)(struct trapframe *tf))
{
    struct thread *t = current_thread();
    uint64_t nr = tf->rax;
    struct request req = {
        .rec = { .nr = (uint32_t)nr, .tid = t->tid,
                 .args = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 } },
    };
    waitq_init(&req.done);
    uint64_t f = spin_lock_irqsave(&lock);
    struct channel *ch = nr < NR_SYSCALLS ? owner[nr] : NULL;
    if (!ch || is_handler(ch, t->tid)) {
        spin_unlock_irqrestore(&lock, f);
        return false;
    }
    req.rec.id = next_id++;
    enqueue(ch, &req, false);
    spin_unlock_irqrestore(&lock, f);

    bool ran = false;              /* the kernel's handler ran; its result is req.rec.result */
    for (;;) {
        WAIT_EVENT(&req.done, __atomic_load_n(&req.state, __ATOMIC_ACQUIRE) == ANSWERED);
        /* The handler waits for a result it asked for: a signal must not
         * take it away, so a copy stays in its place. */
        struct request *copy = ran && req.state != ANSWERED ? kmalloc(sizeof *copy) : NULL;
        f = spin_lock_irqsave(&lock);
        if (req.state != ANSWERED) {
            /* A signal: the call ends, answered or not later. */
            struct request **list = req.state == QUEUED ? &ch->queue : &ch->taken;
            struct request **p = list;
            while (*p && *p != &req)
                p = &(*p)->next;
            if (copy && *p) {
                *copy = req;
                copy->orphan = true;
                *p = copy;
                if (ch->queue_tail == &req.next)
                    ch->queue_tail = &copy->next;
                copy = NULL;
            } else if (req.state == QUEUED) {
                unlink_queued(ch, &req);
            } else {
                unlink_from(&ch->taken, &req);
            }
            spin_unlock_irqrestore(&lock, f);
            kfree(copy);
            *result = ran ? req.rec.result : -EINTR;
            return true;
        }
        spin_unlock_irqrestore(&lock, f);
        if (!req.pass) {
            *result = req.value;
            return true;
        }
        if (ran) {
            *result = req.rec.result;
            return true;
        }
        if (!req.report)
            return false;
        /* Run it here, then ask the handler again with the result. The
         * channel may have gone meanwhile: then the result stands. */
        req.rec.result = kernel(tf);
        req.rec.flags = INTERCEPT_RESULT;
        ran = true;
        f = spin_lock_irqsave(&lock);
        if (owner[nr] != ch || req.closed) {
            spin_unlock_irqrestore(&lock, f);
            *result = req.rec.result;
            return true;
        }
        enqueue(ch, &req, true);
        spin_unlock_irqrestore(&lock, f);
    }
}

static int intercept_open(struct file *f)
{
    struct channel *ch = kzalloc(sizeof(*ch));
    if (!ch)
        return -ENOMEM;
    ch->queue_tail = &ch->queue;
    waitq_init(&ch->readers);
    f->priv = ch;
    return 0;
}

/* The numbers go back to the kernel; unanswered calls run its handlers. */
static void intercept_close(struct file *f)
{
    struct channel *ch = f->priv;
    uint64_t fl = spin_lock_irqsave(&lock);
    for (unsigned nr = 0; nr < NR_SYSCALLS; nr++) {
        if (owner[nr] == ch) {
            owner[nr] = NULL;
            intercepted[nr / 64] &= ~(1ul << (nr % 64));
        }
    }
    while (ch->queue) {
        struct request *r = ch->queue;
        ch->queue = r->next;
        r->closed = true;
        answer(r, true, false, 0);
    }
    while (ch->taken) {
        struct request *r = ch->taken;
        ch->taken = r->next;
        r->closed = true;
        answer(r, true, false, 0);
    }
    spin_unlock_irqrestore(&lock, fl);
    kfree(ch);
}

/* pread/pwrite: the caller's memory. Every thread of the program shares
 * the handler's address space (one process), so the handler's own user
 * copies reach it; a bad address gives EIO, as Linux's /proc/PID/mem. */
static long memory(void __user *buf, size_t n, uint64_t addr, bool write)
{
    char tmp[CHUNK];
    size_t done = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof tmp);
        void __user *at = (void __user *)(addr + done);
        int r;
        if (write)
            r = copy_from_user(tmp, (const char __user *)buf + done, chunk) ? -EFAULT
                : copy_to_user(at, tmp, chunk) ? -EIO : 0;
        else
            r = copy_from_user(tmp, at, chunk) ? -EIO
                : copy_to_user((char __user *)buf + done, tmp, chunk) ? -EFAULT : 0;
        if (r)
            return done ? (long)done : r;
        done += chunk;
    }
    return (long)done;
}

static long intercept_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    if (pos != &f->pos)
        return memory(buf, n, *pos, false);
    struct channel *ch = f->priv;
    if (n < sizeof(struct intercept_request))
        return -EINVAL;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&lock);
        add_handler(ch);
        struct request *r = ch->queue;
        if (r) {
            unlink_queued(ch, r);
            r->state = TAKEN;
            r->next = ch->taken;
            ch->taken = r;
            struct intercept_request rec = r->rec;
            spin_unlock_irqrestore(&lock, fl);
            if (copy_to_user(buf, &rec, sizeof rec)) {
                /* Not delivered: it goes back to the front of the queue. */
                fl = spin_lock_irqsave(&lock);
                if (r->state == TAKEN) {
                    unlink_from(&ch->taken, r);
                    r->state = QUEUED;
                    r->next = ch->queue;
                    ch->queue = r;
                    if (ch->queue_tail == &ch->queue)
                        ch->queue_tail = &r->next;
                }
                spin_unlock_irqrestore(&lock, fl);
                return -EFAULT;
            }
            return sizeof rec;
        }
        spin_unlock_irqrestore(&lock, fl);
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        int w = WAIT_EVENT(&ch->readers, __atomic_load_n(&ch->queue, __ATOMIC_ACQUIRE) != NULL);
        if (w)
            return w == -EINTR ? -ERESTARTSYS : w;
    }
}

struct record {
    uint32_t op;
    uint32_t arg;        /* nr, or the answer's flags */
    uint64_t id;
    int64_t value;
};

static long intercept_write(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    if (pos != &f->pos)
        return memory((void __user *)buf, n, *pos, true);
    struct channel *ch = f->priv;
    struct record rec = {0};
    if (n != 8 && n != sizeof rec)
        return -EINVAL;
    if (copy_from_user(&rec, buf, n))
        return -EFAULT;
    long r = (long)n;
    uint64_t fl = spin_lock_irqsave(&lock);
    switch (rec.op) {
    case INTERCEPT_HANDLER:
        if (n != 8)
            r = -EINVAL;
        else
            add_handler(ch);
        break;
    case INTERCEPT_REGISTER:
    case INTERCEPT_UNREGISTER:
        if (n != 8 || rec.arg >= NR_SYSCALLS || rec.arg == NR_RT_SIGRETURN) {
            r = -EINVAL;
        } else if (owner[rec.arg] && owner[rec.arg] != ch) {
            r = -EBUSY;
        } else if (rec.op == INTERCEPT_REGISTER) {
            owner[rec.arg] = ch;
            intercepted[rec.arg / 64] |= 1ul << (rec.arg % 64);
        } else {
            owner[rec.arg] = NULL;
            intercepted[rec.arg / 64] &= ~(1ul << (rec.arg % 64));
        }
        break;
    case INTERCEPT_ANSWER: {
        if (n != sizeof rec || (rec.arg & ~(INTERCEPT_PASS | INTERCEPT_REPORT)) ||
            rec.arg == INTERCEPT_REPORT) {
            r = -EINVAL;
            break;
        }
        struct request *q = ch->taken;
        while (q && q->rec.id != rec.id)
            q = q->next;
        if (!q) {
            r = -ENOENT;         /* never read, or its caller gave up */
            break;
        }
        unlink_from(&ch->taken, q);
        answer(q, rec.arg & INTERCEPT_PASS, rec.arg & INTERCEPT_REPORT, rec.value);
        break;
    }
    default:
        r = -EINVAL;
    }
    spin_unlock_irqrestore(&lock, fl);
    return r;
}

static unsigned intercept_poll(struct file *f, struct waitq **wq)
{
    struct channel *ch = f->priv;
    *wq = &ch->readers;
    return POLLOUT | POLLWRNORM | (ch->queue ? POLLIN | POLLRDNORM : 0);
}

/* Seekable, so that pread and pwrite reach the memory. */
static const struct file_ops intercept_fops = {
    .open = intercept_open, .close = intercept_close, .read = intercept_read,
    .write = intercept_write, .poll = intercept_poll, .seekable = true,
};
/* eggos's own devices are misc (major 10), minors from the top of its
 * dynamic range (fs/devfs.c). */
DEVFS_NODE(syscall, "/dev/eggos", "syscall", 0600, intercept_fops, 10, 201);
