/* File descriptor tables. The arrays grow on demand up to FD_MAX; growing
 * allocates outside the lock and retries, so the lock is never held across
 * the allocator and files are only put after it is dropped. */
#include "fs/fdtable.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "sys/rlimit.h"

#define FD_INITIAL 64

static bool alloc_arrays(int count, struct file ***files, uint8_t **cloexec)
{
    *files = kzalloc(sizeof **files * (size_t)count);
    *cloexec = kzalloc((size_t)count);
    if (*files && *cloexec)
        return true;
    kfree(*files);
    kfree(*cloexec);
    return false;
}

struct fdtable *fdtable_new(void)
{
    struct fdtable *t = kzalloc(sizeof *t);
    if (!t)
        return NULL;
    if (!alloc_arrays(FD_INITIAL, &t->files, &t->cloexec)) {
        kfree(t);
        return NULL;
    }
    t->refcount = 1;
    t->count = FD_INITIAL;
    return t;
}

struct fdtable *fdtable_clone(struct fdtable *t)
{
    for (;;) {
        int count = t->count;
        struct fdtable *c = kzalloc(sizeof *c);
        if (!c || !alloc_arrays(count, &c->files, &c->cloexec)) {
            kfree(c);
            return NULL;
        }
        uint64_t f = spin_lock_irqsave(&t->lock);
        if (t->count == count) {
            for (int i = 0; i < count; i++) {
                c->files[i] = t->files[i];
                c->cloexec[i] = t->cloexec[i];
                if (c->files[i])
                    file_get(c->files[i]);
            }
            spin_unlock_irqrestore(&t->lock, f);
            c->refcount = 1;
            c->count = count;
            return c;
        }
        spin_unlock_irqrestore(&t->lock, f);   /* grew meanwhile: again */
        kfree(c->files);
        kfree(c->cloexec);
        kfree(c);
    }
}

void fdtable_put(struct fdtable *t)
{
    if (__atomic_sub_fetch(&t->refcount, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (int i = 0; i < t->count; i++)
        if (t->files[i])
            file_put(t->files[i]);
    kfree(t->files);
    kfree(t->cloexec);
    kfree(t);
}

/* Makes the table hold at least `need` slots (need <= FD_MAX). Called
 * without the lock; false when out of memory. */
static bool grow(struct fdtable *t, int need)
{
    int count = t->count;
    while (count < need)
        count *= 2;
    count = MIN(count, FD_MAX);
    struct file **files;
    uint8_t *cloexec;
    if (!alloc_arrays(count, &files, &cloexec))
        return false;
    uint64_t f = spin_lock_irqsave(&t->lock);
    if (t->count < count) {
        memcpy(files, t->files, sizeof *files * (size_t)t->count);
        memcpy(cloexec, t->cloexec, (size_t)t->count);
        struct file **of = t->files;
        uint8_t *oc = t->cloexec;
        t->files = files;
        t->cloexec = cloexec;
        t->count = count;
        files = of;
        cloexec = oc;
    }
    spin_unlock_irqrestore(&t->lock, f);
    kfree(files);
    kfree(cloexec);
    return true;
}

int fd_limit(void)
{
    uint64_t n = rlimit_cur(RLIMIT_NOFILE);
    return n < FD_MAX ? (int)n : FD_MAX;
}

int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec)
{
    int limit = fd_limit();
    if (min < 0 || min >= limit)
        return -EMFILE;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&t->lock);
        for (int fd = min; fd < MIN(t->count, limit); fd++) {
            if (!t->files[fd]) {
                t->files[fd] = f;
                t->cloexec[fd] = cloexec;
                spin_unlock_irqrestore(&t->lock, fl);
                return fd;
            }
        }
        int count = t->count;
        spin_unlock_irqrestore(&t->lock, fl);
        if (count >= limit)
            return -EMFILE;
        if (!grow(t, MAX(count + 1, min + 1)))
            return -ENOMEM;
    }
}

struct file *fd_get(struct fdtable *t, int fd)
{
    struct file *f = NULL;
    uint64_t fl = spin_lock_irqsave(&t->lock);
    if (fd >= 0 && fd < t->count && (f = t->files[fd]))
        file_get(f);
    spin_unlock_irqrestore(&t->lock, fl);
    return f;
}

struct file *fd_get_io(struct fdtable *t, int fd)
{
    struct file *f = fd_get(t, fd);
    if (f && (f->flags & O_PATH)) {
        file_put(f);
        return NULL;
    }
    return f;
}

int fd_close(struct fdtable *t, int fd)
{
    struct file *f = NULL;
    uint64_t fl = spin_lock_irqsave(&t->lock);
    if (fd >= 0 && fd < t->count && (f = t->files[fd])) {
        t->files[fd] = NULL;
        t->cloexec[fd] = 0;
    }
    spin_unlock_irqrestore(&t->lock, fl);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

int fd_replace(struct fdtable *t, int fd, struct file *f, bool cloexec)
{
    if (fd < 0 || fd >= fd_limit())
        return -EBADF;
    if (fd >= t->count && !grow(t, fd + 1))
        return -ENOMEM;
    uint64_t fl = spin_lock_irqsave(&t->lock);
    struct file *old = t->files[fd];
    t->files[fd] = f;
    t->cloexec[fd] = cloexec;
    spin_unlock_irqrestore(&t->lock, fl);
    if (old)
        file_put(old);
    return fd;
}

int fd_get_cloexec(struct fdtable *t, int fd)
{
    int r = -EBADF;
    uint64_t fl = spin_lock_irqsave(&t->lock);
    if (fd >= 0 && fd < t->count && t->files[fd])
        r = t->cloexec[fd];
    spin_unlock_irqrestore(&t->lock, fl);
    return r;
}

int fd_set_cloexec(struct fdtable *t, int fd, bool cloexec)
{
    int r = -EBADF;
    uint64_t fl = spin_lock_irqsave(&t->lock);
    if (fd >= 0 && fd < t->count && t->files[fd]) {
        t->cloexec[fd] = cloexec;
        r = 0;
    }
    spin_unlock_irqrestore(&t->lock, fl);
    return r;
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (int fd = 0; fd < t->count; fd++)
        if (fd_get_cloexec(t, fd) == 1)
            fd_close(t, fd);
}
