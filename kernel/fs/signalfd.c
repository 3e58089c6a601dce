/* signalfd, as Linux's: a read takes pending signals of the file's mask off
 * the reading thread's pending sets (its own, then the process's), blocked
 * or not, as struct signalfd_siginfo, and waits while there is none; poll
 * sees POLLIN while one is pending. A program blocks the signals it reads
 * this way, or a handler may take them first. The process's signalfd_wq
 * (sched/signal.c wakes it) is every signalfd's wait queue. */
#include "fs/signalfd.h"
#include "fs/anon.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "sched/proc.h"
#include "sched/signal.h"
#include "sched/wait.h"

/* <linux/signalfd.h>'s struct signalfd_siginfo, 128 bytes. */
struct signalfd_siginfo {
    uint32_t ssi_signo;
    int32_t ssi_errno, ssi_code;
    uint32_t ssi_pid, ssi_uid;
    int32_t ssi_fd;
    uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
    int32_t ssi_status, ssi_int;
    uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
    uint16_t ssi_addr_lsb;
    uint8_t pad[46];
};

struct signalfd {
    uint64_t mask;             /* the signals it reads; written by signalfd4, read atomically */
};

static uint64_t mask_of(struct file *f)
{
    return __atomic_load_n(&((struct signalfd *)f->priv)->mask, __ATOMIC_RELAXED);
}

/* The fields Linux's signalfd_copyinfo fills for the signal's kind. */
static void fill(struct signalfd_siginfo *ss, int sig, const struct ksiginfo *ki)
{
    memset(ss, 0, sizeof *ss);
    ss->ssi_signo = (uint32_t)sig;
    ss->ssi_code = ki->code;
    if (ki->code == SI_TIMER) {
        ss->ssi_tid = (uint32_t)ki->pid;           /* the timer's id */
        ss->ssi_overrun = (uint32_t)ki->uid;
        ss->ssi_int = (int32_t)ki->value;
        ss->ssi_ptr = ki->value;
    } else if (ki->code <= SI_USER) {             /* kill, tgkill, sigqueue */
        ss->ssi_pid = (uint32_t)ki->pid;
        ss->ssi_uid = (uint32_t)ki->uid;
        ss->ssi_int = (int32_t)ki->value;
        ss->ssi_ptr = ki->value;
    } else {                                       /* the kernel's: a fault's address */
        ss->ssi_addr = ki->addr;
    }
}

/* One signal of the mask for this thread, waiting for it unless nonblock:
 * its number, or -EAGAIN, -ERESTARTSYS. */
static int take(struct file *f, bool nonblock, struct ksiginfo *info)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    for (;;) {
        int sig = signal_dequeue(t, mask_of(f), info);
        if (sig)
            return sig;
        if (nonblock)
            return -EAGAIN;
        if (WAIT_EVENT(&p->signalfd_wq,
                       (__atomic_load_n(&t->sigpending, __ATOMIC_RELAXED) |
                        __atomic_load_n(&p->shared_pending, __ATOMIC_RELAXED)) & mask_of(f)))
            return -ERESTARTSYS;
    }
}

/* As many signals as fit, waiting (unless O_NONBLOCK) for the first only. */
static long signalfd_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct signalfd_siginfo ss;
    size_t done = 0;
    if (n < sizeof ss)
        return -EINVAL;
    while (n - done >= sizeof ss) {
        struct ksiginfo info;
        int sig = take(f, done || (f->flags & O_NONBLOCK), &info);
        if (sig < 0)
            return done ? (long)done : sig;
        fill(&ss, sig, &info);
        if (copy_to_user((char __user *)buf + done, &ss, sizeof ss))
            return -EFAULT;                        /* the signal is gone, as on Linux */
        done += sizeof ss;
    }
    return (long)done;
}

/* Linux's signalfd_poll: POLLIN when the polling thread has one pending. */
static unsigned signalfd_poll(struct file *f, struct waitq **wq)
{
    struct thread *t = current_thread();
    *wq = &t->proc->signalfd_wq;
    uint64_t pending = __atomic_load_n(&t->sigpending, __ATOMIC_RELAXED) |
                       __atomic_load_n(&t->proc->shared_pending, __ATOMIC_RELAXED);
    return pending & mask_of(f) ? POLLIN : 0;
}

static void signalfd_close(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
    .read = signalfd_read, .poll = signalfd_poll, .close = signalfd_close,
};

bool is_signalfd(struct file *f) { return f->ops == &signalfd_fops; }

int signalfd_create_file(uint64_t mask, int flags, struct file **out)
{
    struct signalfd *s = kzalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    s->mask = mask;
    int r = anon_file_new("[signalfd]", &signalfd_fops, s, flags & SFD_NONBLOCK, out);
    if (r)
        kfree(s);
    return r;
}

/* A thread asleep in a read sees the new mask, as Linux wakes them. */
void signalfd_set_mask(struct file *f, uint64_t mask)
{
    struct signalfd *s = f->priv;
    __atomic_store_n(&s->mask, mask, __ATOMIC_RELAXED);
    wake_up(&current_proc()->signalfd_wq);
}
