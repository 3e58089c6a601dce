/* inotify, as Linux's: an inotify file (a group) holds watches, each on
 * one vnode with a watch descriptor numbered from 1 up in its group, and a
 * queue of events that read takes whole (a buffer too small for the next
 * one is -EINVAL). An event identical to the last queued one is merged
 * into it; a queue of max_queued_events takes one IN_Q_OVERFLOW more and
 * then nothing until read. A watch holds its vnode; it ends by
 * inotify_rm_watch, IN_ONESHOT, the vnode's deletion, or the file's
 * close, and all but the last queue IN_IGNORED. */
#include "fs/anon.h"
#include "fs/inotify.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "uapi/ioctls.h"

#define MAX_QUEUED_EVENTS 16384        /* /proc/sys/fs/inotify/max_queued_events */

/* Linux's struct inotify_event, as read gives it. */
struct inotify_event {
    int32_t wd;
    uint32_t mask, cookie;
    uint32_t len;                      /* of name, NUL-padded to a multiple of 16 */
};

struct ievent {
    struct ievent *next;
    struct inotify_event ev;
    char name[];
};

struct inotify_watch {
    struct inotify_watch *next_on_vnode;       /* vnode->watches */
    struct inotify_watch *next_in_group;       /* inotify->watches */
    struct inotify *group;
    struct vnode *v;                   /* referenced */
    int wd;
    uint32_t mask;                     /* IN_ALL_EVENTS bits, IN_ONESHOT */
};

struct inotify {
    struct inotify_watch *watches;
    int last_wd;
    struct ievent *head, *tail;        /* the queue, oldest first */
    unsigned queued;                   /* events in it, the overflow one included */
    uint32_t bytes;                    /* what reading them all gives, for FIONREAD */
    struct ievent *overflow;           /* IN_Q_OVERFLOW, queued at most once */
    bool overflow_queued;
    struct waitq wq;                   /* readers and pollers */
};

/* Guards every watch list (struct vnode's watches, struct inotify's) and
 * every queue: events come from any vnode to any group. */
static spinlock_t inotify_lock = SPINLOCK_INIT;
static uint32_t last_cookie;
static int live_watches;               /* in all groups: none, and the hooks return at once */

static struct inotify *inotify_of(struct file *f) { return f->priv; }

static size_t event_size(const struct ievent *e) { return sizeof e->ev + e->ev.len; }

static void enqueue(struct inotify *g, struct ievent *e)
{
    e->next = NULL;
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
    g->queued++;
    g->bytes += (uint32_t)event_size(e);
}

static bool same_event(const struct ievent *a, const struct inotify_event *ev, const char *name)
{
    return a->ev.wd == ev->wd && a->ev.mask == ev->mask && a->ev.cookie == ev->cookie &&
           a->ev.len == ev->len && (!ev->len || !strcmp(a->name, name));
}

/* Queues an event on g (inotify_lock held), as Linux's
 * fsnotify_insert_event: a full queue takes the overflow event alone,
 * and an event like the last one is merged into it. */
static void queue_event(struct inotify *g, int wd, uint32_t mask, uint32_t cookie,
                        const char *name)
{
    size_t n = name ? strlen(name) : 0;
    struct inotify_event ev = { wd, mask, cookie, n ? (uint32_t)ALIGN_UP(n + 1, 16) : 0 };
    struct ievent *e = NULL;
    if (g->queued < MAX_QUEUED_EVENTS) {
        if (g->tail && g->tail != g->overflow && same_event(g->tail, &ev, name))
            return;
        e = kzalloc(sizeof *e + ev.len);
    }
    if (!e) {                          /* full, or no memory: overflow, as Linux */
        if (!g->overflow_queued) {
            g->overflow_queued = true;
            enqueue(g, g->overflow);
        }
        wake_up_poll(&g->wq, POLLIN | POLLRDNORM);
        return;
    }
    e->ev = ev;
    memcpy(e->name, name, n);
    enqueue(g, e);
    wake_up_poll(&g->wq, POLLIN | POLLRDNORM);
}

/* Unlinks w from its vnode's and its group's lists (inotify_lock held);
 * the caller frees it and puts its vnode once the lock is dropped. */
static void unlink_watch(struct inotify_watch *w)
{
    struct inotify_watch **p = &w->v->watches;
    while (*p != w)
        p = &(*p)->next_on_vnode;
    *p = w->next_on_vnode;
    for (p = &w->group->watches; *p != w; p = &(*p)->next_in_group)
        ;
    *p = w->next_in_group;
}

/* Ends w (inotify_lock held), queueing IN_IGNORED; it goes on *dead. */
static void end_watch(struct inotify_watch *w, struct inotify_watch **dead)
{
    queue_event(w->group, w->wd, IN_IGNORED, 0, NULL);
    unlink_watch(w);
    w->next_on_vnode = *dead;
    *dead = w;
}

static void free_watches(struct inotify_watch *dead)
{
    while (dead) {
        struct inotify_watch *next = dead->next_on_vnode;
        vnode_put(dead->v);
        kfree(dead);
        __atomic_sub_fetch(&live_watches, 1, __ATOMIC_RELAXED);
        dead = next;
    }
}

void fsnotify(struct vnode *v, uint32_t mask, const char *name, uint32_t cookie)
{
    if (!__atomic_load_n(&v->watches, __ATOMIC_RELAXED))
        return;
    struct inotify_watch *dead = NULL, *next;
    uint64_t fl = spin_lock_irqsave(&inotify_lock);
    for (struct inotify_watch *w = v->watches; w; w = next) {
        next = w->next_on_vnode;
        if (w->mask & mask & IN_ALL_EVENTS) {
            queue_event(w->group, w->wd, mask, cookie, name);
            if (w->mask & IN_ONESHOT)
                end_watch(w, &dead);
        }
    }
    while ((mask & IN_DELETE_SELF) && v->watches)
        end_watch(v->watches, &dead);
    spin_unlock_irqrestore(&inotify_lock, fl);
    free_watches(dead);
}

void fsnotify_change(struct vnode *v, uint32_t mask)
{
    if (!__atomic_load_n(&live_watches, __ATOMIC_RELAXED))
        return;
    mask |= S_ISDIR(v->mode) ? IN_ISDIR : 0;
    char name[sizeof v->name];
    struct vnode *dir = vnode_parent_named(v, name);   /* a rename may move v meanwhile */
    if (dir) {
        fsnotify(dir, mask, name, 0);
        vnode_put(dir);
    }
    fsnotify(v, mask, NULL, 0);
}

uint32_t fsnotify_cookie(void)
{
    return __atomic_add_fetch(&last_cookie, 1, __ATOMIC_RELAXED);
}

/* Takes the next event if a buffer of n bytes holds it (inotify_lock
 * held): NULL when the queue is empty, *err -EINVAL when it is too small. */
static struct ievent *take(struct inotify *g, size_t n, long *err)
{
    struct ievent *e = g->head;
    if (!e)
        return NULL;
    if (event_size(e) > n) {
        *err = -EINVAL;
        return NULL;
    }
    g->head = e->next;
    if (!g->head)
        g->tail = NULL;
    g->queued--;
    g->bytes -= (uint32_t)event_size(e);
    if (e == g->overflow)
        g->overflow_queued = false;
    return e;
}

/* Copies out and frees (unless it is the overflow event) one event. */
static long put_event(struct inotify *g, struct ievent *e, char __user *buf)
{
    long r = copy_to_user(buf, &e->ev, sizeof e->ev + e->ev.len) ? -EFAULT : 0;
    if (e != g->overflow)
        kfree(e);
    return r;
}

static bool queue_empty(struct inotify *g)
{
    return !__atomic_load_n(&g->head, __ATOMIC_RELAXED);
}

/* As many whole events as fit; waits for one unless O_NONBLOCK. */
static long inotify_read(struct file *f, void __user *ubuf, size_t n, uint64_t *pos)
{
    struct inotify *g = inotify_of(f);
    char __user *buf = ubuf;
    size_t done = 0;
    for (;;) {
        long err = 0;
        uint64_t fl = spin_lock_irqsave(&inotify_lock);
        struct ievent *e = take(g, n - done, &err);
        spin_unlock_irqrestore(&inotify_lock, fl);
        if (e) {
            size_t size = event_size(e);
            if ((err = put_event(g, e, buf + done)) == 0) {
                done += size;
                continue;
            }
        }
        if (done)
            return (long)done;         /* what was read, as Linux, even before a fault */
        if (err)
            return err;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (WAIT_EVENT(&g->wq, !queue_empty(g)))
            return -ERESTARTSYS;
    }
}

/* Linux's inotify_poll: POLLIN|POLLRDNORM while events wait. */
static unsigned inotify_poll(struct file *f, struct waitq **wq)
{
    struct inotify *g = inotify_of(f);
    *wq = &g->wq;
    return queue_empty(g) ? 0 : POLLIN | POLLRDNORM;
}

/* FIONREAD: the bytes that reading every queued event gives. */
static long inotify_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    struct inotify *g = inotify_of(f);
    uint64_t fl = spin_lock_irqsave(&inotify_lock);
    int bytes = (int)g->bytes;
    spin_unlock_irqrestore(&inotify_lock, fl);
    return put_user(bytes, (int __user *)arg);
}

/* The watches end silently: nobody is left to read IN_IGNORED. */
static void inotify_close(struct file *f)
{
    struct inotify *g = inotify_of(f);
    struct inotify_watch *dead = NULL;
    uint64_t fl = spin_lock_irqsave(&inotify_lock);
    while (g->watches) {
        struct inotify_watch *w = g->watches;
        unlink_watch(w);
        w->next_on_vnode = dead;
        dead = w;
    }
    spin_unlock_irqrestore(&inotify_lock, fl);
    free_watches(dead);
    for (struct ievent *e = g->head, *next; e; e = next) {
        next = e->next;
        if (e != g->overflow)
            kfree(e);
    }
    kfree(g->overflow);
    kfree(g);
}

static const struct file_ops inotify_fops = {
    .read = inotify_read, .poll = inotify_poll, .ioctl = inotify_ioctl, .close = inotify_close,
};

bool is_inotify_file(struct file *f) { return f->ops == &inotify_fops; }

int inotify_create_file(int flags, struct file **out)
{
    struct inotify *g = kzalloc(sizeof *g);
    struct ievent *overflow = kzalloc(sizeof *overflow);
    int r = g && overflow ? 0 : -ENOMEM;
    if (r == 0) {
        overflow->ev = (struct inotify_event){ -1, IN_Q_OVERFLOW, 0, 0 };
        g->overflow = overflow;
        waitq_init(&g->wq);
        r = anon_file_new("inotify", &inotify_fops, g, flags & IN_NONBLOCK, out);
    }
    if (r == 0)                        /* read-only, as Linux's: nothing writes to it */
        (*out)->flags &= ~(uint32_t)O_ACCMODE;
    if (r) {
        kfree(overflow);
        kfree(g);
    }
    return r;
}

static struct inotify_watch *watch_of(struct inotify *g, struct vnode *v, int wd)
{
    for (struct inotify_watch *w = g->watches; w; w = w->next_in_group)
        if (v ? w->v == v : w->wd == wd)
            return w;
    return NULL;
}

long inotify_add_watch_file(struct file *f, struct vnode *v, uint32_t mask)
{
    struct inotify *g = inotify_of(f);
    uint32_t keep = mask & (IN_ALL_EVENTS | IN_ONESHOT);
    struct inotify_watch *fresh = kzalloc(sizeof *fresh);   /* before the lock; freed if unused */
    long r;
    uint64_t fl = spin_lock_irqsave(&inotify_lock);
    struct inotify_watch *w = watch_of(g, v, 0);
    if (w && (mask & IN_MASK_CREATE)) {
        r = -EEXIST;
    } else if (w) {
        w->mask = (mask & IN_MASK_ADD) ? w->mask | keep : keep;
        r = w->wd;
    } else if (!fresh) {
        r = -ENOMEM;
    } else {
        fresh->group = g;
        fresh->v = v;
        vnode_get(v);
        fresh->wd = ++g->last_wd;
        __atomic_add_fetch(&live_watches, 1, __ATOMIC_RELAXED);
        fresh->mask = keep;
        fresh->next_in_group = g->watches;
        g->watches = fresh;
        fresh->next_on_vnode = v->watches;
        __atomic_store_n(&v->watches, fresh, __ATOMIC_RELEASE);
        r = fresh->wd;
        fresh = NULL;
    }
    spin_unlock_irqrestore(&inotify_lock, fl);
    kfree(fresh);
    return r;
}

long inotify_rm_watch_file(struct file *f, int wd)
{
    struct inotify *g = inotify_of(f);
    struct inotify_watch *dead = NULL;
    uint64_t fl = spin_lock_irqsave(&inotify_lock);
    struct inotify_watch *w = watch_of(g, NULL, wd);
    if (w)
        end_watch(w, &dead);
    spin_unlock_irqrestore(&inotify_lock, fl);
    free_watches(dead);
    return w ? 0 : -EINVAL;
}
