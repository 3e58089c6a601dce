/* epoll, after Linux's eventpoll. Each watched file has an item in the
 * set, hooked on the file's wait queue: a wake about events the item
 * wants puts it on the set's ready list and wakes the set's waiters. The
 * ready list only says "look here": epoll_wait takes it, polls each file
 * for what it really has, reports that, and puts level-triggered items
 * back (they stay reported while ready); edge-triggered ones wait for
 * their next wake, one-shot ones for a re-arming EPOLL_CTL_MOD.
 *
 * Locks, in the order they are taken: epoll_lock (who watches what: the
 * sets' and the files' item lists), a file's wait queue lock (the hook
 * runs under it, maybe in an interrupt), ep->lock (the ready list and the
 * items' event state). Files are polled with no lock held. An item taken
 * off the ready list by a scan is "held": the scan's reference keeps it,
 * and a removal meanwhile only marks it dead. */
#include "fs/anon.h"
#include "fs/epoll.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "sched/wait.h"

/* The bits of an item's events that are not readiness. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What EPOLLEXCLUSIVE may come with. */
#define EPOLLEXCLUSIVE_OK_BITS (POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET | \
                                EPOLLEXCLUSIVE)
/* Sets nest at most this deep. */
#define EP_MAX_NESTS 4

enum epi_state { EPI_IDLE, EPI_READY, EPI_HELD };

struct epitem {
    struct eventpoll *ep;
    struct file *file;          /* watched; not referenced: it leaves the set when closed */
    int fd;
    struct waitq *wq;           /* the file's queue the hook is on, NULL if it has none */
    struct waiter hook;
    int refs;                   /* the set's, and each holding scan's */
    struct epitem *next;        /* the set's items (epoll_lock) */
    struct epitem *file_next;   /* the file's items (epoll_lock) */
    /* ep->lock: */
    uint32_t events;            /* EPOLL* wanted; readiness bits cleared by a one-shot report */
    uint64_t data;
    enum epi_state state;
    bool missed;                /* woken while held: look again */
    bool dead;                  /* out of the set */
    struct epitem *rd_prev, *rd_next;   /* the ready list, or a scan's held list */
};

struct eventpoll {
    spinlock_t lock;            /* guards rd_head, rd_tail and the items' event state */
    struct epitem *rd_head, *rd_tail;
    struct waitq wq;            /* epoll_wait's sleepers and hooks of those polling the set */
    struct epitem *items;       /* epoll_lock */
    struct file *file;          /* the set's own file */
};

static spinlock_t epoll_lock = SPINLOCK_INIT;   /* guards every set's items, every file's epitems */

static const struct file_ops eventpoll_fops;

bool is_epoll_file(struct file *f) { return f->ops == &eventpoll_fops; }

static void item_get(struct epitem *it) { __atomic_add_fetch(&it->refs, 1, __ATOMIC_RELAXED); }

static void item_put(struct epitem *it)
{
    if (__atomic_sub_fetch(&it->refs, 1, __ATOMIC_ACQ_REL) == 0)
        kfree(it);
}

/* A reference to f unless its last one is already gone (it is being
 * closed, and its items about to leave their sets). */
static bool file_tryget(struct file *f)
{
    int n = __atomic_load_n(&f->refcount, __ATOMIC_RELAXED);
    while (n > 0)
        if (__atomic_compare_exchange_n(&f->refcount, &n, n + 1, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return true;
    return false;
}

/* ---- the ready list (ep->lock held) ---- */

static void rd_append(struct eventpoll *ep, struct epitem *it)
{
    it->rd_next = NULL;
    it->rd_prev = ep->rd_tail;
    if (ep->rd_tail)
        ep->rd_tail->rd_next = it;
    else
        ep->rd_head = it;
    ep->rd_tail = it;
    it->state = EPI_READY;
}

static void rd_unlink(struct eventpoll *ep, struct epitem *it)
{
    if (it->rd_prev)
        it->rd_prev->rd_next = it->rd_next;
    else
        ep->rd_head = it->rd_next;
    if (it->rd_next)
        it->rd_next->rd_prev = it->rd_prev;
    else
        ep->rd_tail = it->rd_prev;
    it->state = EPI_IDLE;
}

/* The hook: the watched file announced events (its queue's lock held,
 * interrupts off; or from epoll_ctl with what the file has now). */
static void ep_wake(struct waiter *w, unsigned events)
{
    struct epitem *it = container_of(w, struct epitem, hook);
    struct eventpoll *ep = it->ep;
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    bool wanted = !it->dead && (events & it->events & ~EP_PRIVATE_BITS);
    if (wanted && it->state == EPI_IDLE)
        rd_append(ep, it);
    else if (wanted && it->state == EPI_HELD)
        it->missed = true;
    spin_unlock_irqrestore(&ep->lock, fl);
    /* Every wanted event is news to a set watching this one, as Linux. */
    if (wanted)
        wake_up_poll(&ep->wq, POLLIN);
}

/* ---- scanning ---- */

/* Takes the whole ready list for a scan: its items held and referenced,
 * linked through rd_next. */
static struct epitem *ep_take_ready(struct eventpoll *ep)
{
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    struct epitem *list = ep->rd_head;
    ep->rd_head = ep->rd_tail = NULL;
    for (struct epitem *it = list; it; it = it->rd_next) {
        it->state = EPI_HELD;
        it->missed = false;
        item_get(it);
    }
    spin_unlock_irqrestore(&ep->lock, fl);
    return list;
}

/* What a held item's file has of the events the item wants (0 once the
 * item or its file is going), and its data. */
static uint32_t ep_item_poll(struct epitem *it, uint64_t *data)
{
    struct eventpoll *ep = it->ep;
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    bool alive = !it->dead && file_tryget(it->file);
    spin_unlock_irqrestore(&ep->lock, fl);
    if (!alive)
        return 0;
    struct waitq *wq;
    unsigned mask = vfs_poll(it->file, &wq);
    fl = spin_lock_irqsave(&ep->lock);
    uint32_t revents = it->dead ? 0 : mask & it->events;
    *data = it->data;
    spin_unlock_irqrestore(&ep->lock, fl);
    file_put(it->file);
    return revents;
}

/* Ends a scan's hold on one item: back on the ready list (at the end) if
 * the scan says so or a wake came meanwhile, else idle. */
static void ep_release(struct eventpoll *ep, struct epitem *it, bool requeue)
{
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    if (!it->dead) {
        if (requeue || it->missed)
            rd_append(ep, it);
        else
            it->state = EPI_IDLE;
    }
    spin_unlock_irqrestore(&ep->lock, fl);
    item_put(it);
}

/* Ends a scan: the items it did not get to go back to the front of the
 * ready list, in their order. */
static void ep_release_unseen(struct eventpoll *ep, struct epitem *list)
{
    struct epitem *front = NULL, *last = NULL, *dead = NULL, *next;
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    for (struct epitem *it = list; it; it = next) {
        next = it->rd_next;
        if (it->dead) {
            it->rd_next = dead;             /* to be put after the unlock: maybe the last ref */
            dead = it;
            continue;
        }
        it->state = EPI_READY;
        it->rd_prev = last;
        if (last)
            last->rd_next = it;
        else
            front = it;
        last = it;
        item_put(it);                       /* never the last: the set holds a live item */
    }
    if (last) {
        last->rd_next = ep->rd_head;
        if (ep->rd_head)
            ep->rd_head->rd_prev = last;
        else
            ep->rd_tail = last;
        ep->rd_head = front;
    }
    bool more = ep->rd_head != NULL;
    spin_unlock_irqrestore(&ep->lock, fl);
    for (; dead; dead = next) {
        next = dead->rd_next;
        item_put(dead);
    }
    /* Items left ready are for other waiters, who slept while the scan
     * held them (hooks heard of them when they came). */
    if (more)
        wake_up_poll(&ep->wq, 0);
}

/* After an item was reported: a one-shot one is disarmed, a level-
 * triggered one stays ready. Whether to requeue it. */
static bool ep_reported(struct epitem *it)
{
    uint64_t fl = spin_lock_irqsave(&it->ep->lock);
    bool level = !(it->events & (EPOLLONESHOT | EPOLLET));
    if (it->events & EPOLLONESHOT)
        it->events &= EP_PRIVATE_BITS;
    spin_unlock_irqrestore(&it->ep->lock, fl);
    return level;
}

/* One scan for epoll_wait: events written, or -EFAULT if none could be. */
static long ep_send_events(struct eventpoll *ep, struct epoll_event __user *uev, int maxevents)
{
    struct epitem *it = ep_take_ready(ep);
    long n = 0;
    while (it && n < maxevents) {
        struct epitem *next = it->rd_next;
        uint64_t data;
        uint32_t revents = ep_item_poll(it, &data);
        struct epoll_event ev = { revents, data };
        if (revents && copy_to_user(&uev[n], &ev, sizeof ev)) {
            if (n == 0)
                n = -EFAULT;
            break;              /* this item stays ready, unreported */
        }
        bool requeue = false;
        if (revents) {
            requeue = ep_reported(it);
            n++;
        }
        ep_release(ep, it, requeue);
        it = next;
    }
    ep_release_unseen(ep, it);
    return n;
}

long epoll_wait_file(struct file *f, struct epoll_event __user *events, int maxevents,
                     uint64_t deadline_ns)
{
    struct eventpoll *ep = f->priv;
    bool timed_out = deadline_ns == POLL_NO_WAIT;
    for (;;) {
        long n = ep_send_events(ep, events, maxevents);
        if (n || timed_out)
            return n;
        int r = WAIT_EVENT_DEADLINE(&ep->wq, __atomic_load_n(&ep->rd_head, __ATOMIC_ACQUIRE),
                                    deadline_ns);
        if (r == -EINTR)
            return -EINTR;
        /* After the deadline, one more look. */
        timed_out = r == -ETIMEDOUT;
    }
}

/* The set's own readiness, for poll and for a set watching it: readable
 * when an item on its ready list really is ready. Those found not ready
 * leave the list, as Linux. */
static unsigned ep_poll(struct file *f, struct waitq **wq)
{
    struct eventpoll *ep = f->priv;
    *wq = &ep->wq;
    struct epitem *it = ep_take_ready(ep);
    uint64_t data;
    while (it && !ep_item_poll(it, &data)) {
        struct epitem *next = it->rd_next;
        ep_release(ep, it, false);
        it = next;
    }
    unsigned mask = it ? POLLIN | POLLRDNORM : 0;
    ep_release_unseen(ep, it);
    return mask;
}

/* ---- membership (epoll_lock held) ---- */

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
    for (struct epitem *it = ep->items; it; it = it->next)
        if (it->file == f && it->fd == fd)
            return it;
    return NULL;
}

/* Takes an item out of its set: unlinked and unhooked (no wake can reach
 * it after), dead to a scan holding it, the set's reference dropped. */
static void ep_remove(struct epitem *it)
{
    struct eventpoll *ep = it->ep;
    struct epitem **pp;
    for (pp = &ep->items; *pp != it; pp = &(*pp)->next)
        ;
    *pp = it->next;
    for (pp = &it->file->epitems; *pp != it; pp = &(*pp)->file_next)
        ;
    *pp = it->file_next;
    if (it->wq)
        waitq_remove(it->wq, &it->hook);
    uint64_t fl = spin_lock_irqsave(&ep->lock);
    if (it->state == EPI_READY)
        rd_unlink(ep, it);
    it->dead = true;
    spin_unlock_irqrestore(&ep->lock, fl);
    item_put(it);
}

/* The longest chain of sets below ep (0: it watches none), or more than
 * EP_MAX_NESTS when one of them is `into` (a cycle) or it is too deep. */
static int ep_depth_down(struct eventpoll *ep, struct eventpoll *into, int depth)
{
    int result = 0;
    for (struct epitem *it = ep->items; it && result <= EP_MAX_NESTS; it = it->next) {
        if (!is_epoll_file(it->file))
            continue;
        struct eventpoll *sub = it->file->priv;
        if (sub == into || depth > EP_MAX_NESTS)
            result = EP_MAX_NESTS + 1;
        else
            result = MAX(result, ep_depth_down(sub, into, depth + 1) + 1);
    }
    return result;
}

/* The longest chain of sets above ep: those watching its file. */
static int ep_depth_up(struct eventpoll *ep)
{
    int result = 0;
    for (struct epitem *it = ep->file->epitems; it; it = it->file_next)
        result = MAX(result, ep_depth_up(it->ep) + 1);
    return result;
}

/* Linux's ep_loop_check: putting set sub into ep must make no cycle and
 * no chain of sets longer than EP_MAX_NESTS. */
static bool ep_nesting_ok(struct eventpoll *ep, struct eventpoll *sub)
{
    int down = ep_depth_down(sub, ep, 0);
    return down <= EP_MAX_NESTS && down + 1 + ep_depth_up(ep) <= EP_MAX_NESTS;
}

/* ---- epoll_ctl ---- */

/* Tells the set what the item's file has now, as a wake would. */
static void ep_check_now(struct epitem *it)
{
    struct waitq *wq;
    unsigned mask = vfs_poll(it->file, &wq);
    if (mask & it->events)
        ep_wake(&it->hook, mask);
}

static int ep_insert(struct eventpoll *ep, struct file *tf, int fd, const struct epoll_event *ev)
{
    struct epitem *it = kzalloc(sizeof *it);
    if (!it)
        return -ENOMEM;
    *it = (struct epitem){ .ep = ep, .file = tf, .fd = fd, .hook.func = ep_wake,
                           .refs = 1, .events = ev->events | POLLERR | POLLHUP,
                           .data = ev->data };
    vfs_poll(tf, &it->wq);                  /* which queue to hook on */
    uint64_t fl = spin_lock_irqsave(&epoll_lock);
    int r = 0;
    if (is_epoll_file(tf) && !ep_nesting_ok(ep, tf->priv))
        r = -ELOOP;
    else if (ep_find(ep, tf, fd))
        r = -EEXIST;
    if (r) {
        spin_unlock_irqrestore(&epoll_lock, fl);
        kfree(it);
        return r;
    }
    it->next = ep->items;
    ep->items = it;
    it->file_next = tf->epitems;
    tf->epitems = it;
    if (it->wq)
        waitq_add(it->wq, &it->hook);
    item_get(it);                           /* a DEL meanwhile must not free it */
    spin_unlock_irqrestore(&epoll_lock, fl);
    /* Hooked first, then looked at: no event falls in between. */
    ep_check_now(it);
    item_put(it);
    return 0;
}

static int ep_modify(struct eventpoll *ep, struct file *tf, int fd, const struct epoll_event *ev)
{
    uint64_t fl = spin_lock_irqsave(&epoll_lock);
    struct epitem *it = ep_find(ep, tf, fd);
    int r = !it ? -ENOENT : (it->events & EPOLLEXCLUSIVE) ? -EINVAL : 0;
    if (r == 0) {
        uint64_t efl = spin_lock_irqsave(&ep->lock);
        it->events = ev->events | POLLERR | POLLHUP;
        it->data = ev->data;
        spin_unlock_irqrestore(&ep->lock, efl);
        item_get(it);
    }
    spin_unlock_irqrestore(&epoll_lock, fl);
    if (r == 0) {
        ep_check_now(it);                   /* re-arms a one-shot item that is ready */
        item_put(it);
    }
    return r;
}

static int ep_delete(struct eventpoll *ep, struct file *tf, int fd)
{
    uint64_t fl = spin_lock_irqsave(&epoll_lock);
    struct epitem *it = ep_find(ep, tf, fd);
    if (it)
        ep_remove(it);
    spin_unlock_irqrestore(&epoll_lock, fl);
    return it ? 0 : -ENOENT;
}

int epoll_ctl_file(struct file *f, int op, int fd, struct file *tf, const struct epoll_event *ev)
{
    /* Files without a poll operation (regular files, /dev/null) cannot
     * be watched. */
    if (!tf->ops->poll)
        return -EPERM;
    if (f == tf || !is_epoll_file(f))
        return -EINVAL;
    /* Exclusive wake-ups are set when adding, and not for nested sets. */
    if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE) &&
        (op == EPOLL_CTL_MOD || is_epoll_file(tf) || (ev->events & ~EPOLLEXCLUSIVE_OK_BITS)))
        return -EINVAL;
    struct eventpoll *ep = f->priv;
    switch (op) {
    case EPOLL_CTL_ADD: return ep_insert(ep, tf, fd, ev);
    case EPOLL_CTL_MOD: return ep_modify(ep, tf, fd, ev);
    case EPOLL_CTL_DEL: return ep_delete(ep, tf, fd);
    default: return -EINVAL;
    }
}

void eventpoll_release(struct file *f)
{
    if (!__atomic_load_n(&f->epitems, __ATOMIC_ACQUIRE))
        return;
    uint64_t fl = spin_lock_irqsave(&epoll_lock);
    while (f->epitems)
        ep_remove(f->epitems);
    spin_unlock_irqrestore(&epoll_lock, fl);
}

/* ---- the set as a file ---- */

/* The set's last reference: its items leave (their files stay open). No
 * scan can hold one: scans run with a reference to the set's file. */
static void ep_close(struct file *f)
{
    struct eventpoll *ep = f->priv;
    uint64_t fl = spin_lock_irqsave(&epoll_lock);
    while (ep->items)
        ep_remove(ep->items);
    spin_unlock_irqrestore(&epoll_lock, fl);
    kfree(ep);
}

static const struct file_ops eventpoll_fops = { .poll = ep_poll, .close = ep_close };

int epoll_create_file(struct file **out)
{
    struct eventpoll *ep = kzalloc(sizeof *ep);
    if (!ep)
        return -ENOMEM;
    ep->lock = (spinlock_t)SPINLOCK_INIT;
    waitq_init(&ep->wq);
    int r = anon_file_new("[eventpoll]", &eventpoll_fops, ep, 0, out);
    if (r) {
        kfree(ep);
        return r;
    }
    ep->file = *out;
    return 0;
}
