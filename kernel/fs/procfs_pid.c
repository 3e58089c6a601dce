/* /proc/<pid>: the current process seen from inside. HotSpot reads maps
 * (its primordial stack bounds), stat, mountinfo and cgroup (container
 * limits: an empty cgroup file means none); the JDK launcher follows exe
 * to find its home. */
#include "fs/fdtable.h"
#include "fs/procfmt.h"
#include "fs/procfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "sched/clock.h"
#include "sched/proc.h"
#include "sys/rlimit.h"

#define NS_PER_TICK (NSEC_PER_SEC / USER_HZ)
#define SIGCHLD 17

static long copy_link(char *buf, size_t cap, const char *target)
{
    size_t n = MIN(strlen(target), cap);
    memcpy(buf, target, n);
    return (long)n;
}

static long link_exe(char *buf, size_t cap)
{
    return copy_link(buf, cap, current_proc()->exe);
}

static long link_root(char *buf, size_t cap)
{
    return copy_link(buf, cap, "/");
}

static long link_cwd(char *buf, size_t cap)
{
    struct fs_context *fs = current_proc()->fs;
    char *path = kmalloc(PATH_MAX_LEN);
    if (!path)
        return -ENOMEM;
    uint64_t f = spin_lock_irqsave(&fs->lock);
    struct vnode *cwd = fs->cwd;
    vnode_get(cwd);
    spin_unlock_irqrestore(&fs->lock, f);
    long n = vfs_path(cwd, path, PATH_MAX_LEN);
    vnode_put(cwd);
    if (n >= 0)
        n = copy_link(buf, cap, path);
    kfree(path);
    return n;
}

/* The name maps shows for a VMA (in buf), or NULL for none. */
static const char *vma_name(const struct vma *v, char *buf, size_t cap)
{
    if (v->file)
        return vfs_path(v->file, buf, cap) >= 0 ? buf : NULL;
    if (v->flags & VMA_HEAP)
        return "[heap]";
    if (v->flags & VMA_VDSO)
        return v->offset ? "[vdso]" : "[vvar]";
    return (v->flags & VMA_STACK) ? "[stack]" : NULL;
}

static void show_maps(struct seqbuf *s)
{
    struct mm *mm = current_proc()->mm;
    char *name = kmalloc(PATH_MAX_LEN), *line = kmalloc(PATH_MAX_LEN + 128);
    if (!name || !line) {
        s->overflow = true;
    } else {
        uint64_t f = spin_lock_irqsave(&mm->lock);
        for (struct vma *v = mm_vmas(mm)->head; v; v = v->next) {
            struct vnode *file = v->file;
            uint64_t dev = file ? file->mnt->dev : 0;
            int n = maps_format_line(line, PATH_MAX_LEN + 128, v->start, v->end, v->prot,
                                     v->flags & VMA_SHARED, file ? v->offset : 0,
                                     dev_major(dev), dev_minor(dev), file ? file->ino : 0,
                                     vma_name(v, name, PATH_MAX_LEN));
            seq_write(s, line, MIN((size_t)n, PATH_MAX_LEN + 127));
        }
        spin_unlock_irqrestore(&mm->lock, f);
    }
    kfree(line);
    kfree(name);
}

static uint64_t vm_size(struct mm *mm)
{
    uint64_t size = 0;
    uint64_t f = spin_lock_irqsave(&mm->lock);
    for (struct vma *v = mm_vmas(mm)->head; v; v = v->next)
        size += v->end - v->start;
    spin_unlock_irqrestore(&mm->lock, f);
    return size;
}

/* The 52 fields of Linux's do_task_stat. The CPU times are those the
 * process has accounted (its dead threads' and this thread's). The
 * process has no controlling terminal, as a program started by init on
 * the console. */
static void show_stat(struct seqbuf *s)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    struct mm *mm = p->mm;
    uint64_t utime = (p->utime_ns + t->utime_ns) / NS_PER_TICK;
    uint64_t stime = (p->stime_ns + t->stime_ns) / NS_PER_TICK;
    seq_printf(s, "%d (%s) R %d %d %d 0 -1 0 0 0 0 0 %lu %lu 0 0 20 0 %d 0 %lu %lu %lu "
               "18446744073709551615 ", p->pid, p->comm, p->ppid, p->pid, p->pid,
               utime, stime, p->nthreads, (unsigned long)(p->start_ns / NS_PER_TICK),
               vm_size(mm), mm->rss_pages);
    seq_printf(s, "%lu %lu %lu 0 0 0 0 0 0 0 0 0 %d 0 0 0 0 0 0 ", mm->start_code,
               mm->end_code, mm->start_stack, SIGCHLD);
    seq_printf(s, "%lu %lu %lu %lu %lu %lu %lu 0\n", mm->start_data, mm->end_data,
               mm->brk_start, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
}

static void show_status(struct seqbuf *s)
{
    struct process *p = current_proc();
    seq_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\tR (running)\nTgid:\t%d\nNgid:\t0\n"
               "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
               "FDSize:\t%d\nGroups:\t \n", p->comm, p->umask, p->pid, p->pid, p->ppid,
               p->files->count);
    seq_printf(s, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nThreads:\t%d\n", vm_size(p->mm) / 1024,
               p->mm->rss_pages * 4, p->nthreads);
    seq_printf(s, "SigQ:\t%lu/%lu\n", p->queued, rlimit_cur(RLIMIT_SIGPENDING));
    seq_printf(s, "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n",
               current_thread()->sigpending, p->shared_pending, current_thread()->sigmask);
}

/* The argv strings, NUL-separated, read from the process's memory. */
static void show_cmdline(struct seqbuf *s)
{
    struct mm *mm = current_proc()->mm;
    char buf[256];
    for (uint64_t a = mm->arg_start; a < mm->arg_end;) {
        size_t n = MIN(sizeof buf, mm->arg_end - a);
        if (copy_from_user(buf, (const void *)a, n))
            return;
        seq_write(s, buf, n);
        a += n;
    }
}

static void show_comm(struct seqbuf *s)
{
    seq_printf(s, "%s\n", current_proc()->comm);
}

static const char *mount_options(struct mount *m)
{
    return m->rdonly ? "ro" : "rw";
}

static void mountinfo_line(struct mount *m, void *ctx)
{
    struct seqbuf *s = ctx;
    char path[256];
    if (vfs_path(m->root, path, sizeof path) < 0)
        return;
    int parent = m->mountpoint ? m->mountpoint->mnt->id : m->id;
    seq_printf(s, "%d %d %u:%u / %s %s,relatime - %s %s %s\n", m->id, parent,
               dev_major(m->dev), dev_minor(m->dev), path, mount_options(m), m->fstype,
               m->fstype, mount_options(m));
}

static void show_mountinfo(struct seqbuf *s)
{
    vfs_for_each_mount(mountinfo_line, s);
}

static void mounts_line(struct mount *m, void *ctx)
{
    struct seqbuf *s = ctx;
    char path[256];
    if (vfs_path(m->root, path, sizeof path) >= 0)
        seq_printf(s, "%s %s %s %s,relatime 0 0\n", m->fstype, path, m->fstype,
                   mount_options(m));
}

static void show_mounts(struct seqbuf *s)
{
    vfs_for_each_mount(mounts_line, s);
}

/* /proc/self/fd: a symlink per open descriptor, to the path it was opened
 * with (Linux's are "magic" links to the open file itself; these are text). */
static long fd_readlink(struct vnode *v, char *buf, size_t cap)
{
    struct file *f = fd_get(current_proc()->files, (int)(uintptr_t)v->priv);
    if (!f)
        return -ENOENT;
    long n = copy_link(buf, cap, f->path);
    file_put(f);
    return n;
}

static const struct vnode_ops fd_link_vops = { .readlink = fd_readlink };

static int parse_fd(const char *name, size_t len)
{
    if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
        return -1;
    int fd = 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        fd = fd * 10 + (name[i] - '0');
    }
    return fd;
}

/* The symlink's permissions tell how the file is open, as on Linux. */
static uint32_t fd_link_mode(struct file *f)
{
    uint32_t acc = f->flags & O_ACCMODE, mode = S_IFLNK;
    if (f->flags & O_PATH)
        return mode;
    if (acc == O_RDONLY || acc == O_RDWR)
        mode |= 0500;
    if (acc == O_WRONLY || acc == O_RDWR)
        mode |= 0300;
    return mode;
}

static int fd_lookup(struct vnode *dir, const char *name, size_t len, struct vnode **out)
{
    int fd = parse_fd(name, len);
    struct file *f = fd >= 0 ? fd_get(current_proc()->files, fd) : NULL;
    if (!f)
        return -ENOENT;
    struct vnode *v = vnode_alloc(dir->mnt, fd_link_mode(f), &fd_link_vops, NULL);
    file_put(f);
    if (!v)
        return -ENOMEM;
    v->priv = (void *)(uintptr_t)fd;
    v->size = 64;                  /* as Linux reports for these links */
    vnode_set_parent(v, dir, name, len);
    *out = v;
    return 0;
}

/* Entry i is the i-th open descriptor. */
static bool fd_next(struct vnode *dir, uint64_t i, struct dir_entry *e)
{
    struct fdtable *t = current_proc()->files;
    for (int fd = 0; fd < t->count; fd++) {
        struct file *f = fd_get(t, fd);
        if (!f)
            continue;
        uint32_t mode = fd_link_mode(f);
        file_put(f);
        if (i-- == 0) {
            ksnprintf(e->name, sizeof e->name, "%d", fd);
            e->ino = dir->ino + 1 + (uint64_t)fd;
            e->mode = mode;
            return true;
        }
    }
    return false;
}

#define FILE_SHOW(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define FILE_TEXT(n, t) { .name = n, .mode = S_IFREG | 0444, .text = t }
#define LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }

const struct pseudo_entry procfs_pid_entries[] = {
    FILE_TEXT("cgroup", ""),
    FILE_SHOW("cmdline", show_cmdline),
    FILE_SHOW("comm", show_comm),
    FILE_TEXT("coredump_filter", "00000033\n"),
    LINK("cwd", link_cwd),
    LINK("exe", link_exe),
    { .name = "fd", .mode = S_IFDIR | 0500, .dyn_lookup = fd_lookup, .dyn_next = fd_next },
    FILE_SHOW("maps", show_maps),
    FILE_SHOW("mountinfo", show_mountinfo),
    FILE_SHOW("mounts", show_mounts),
    LINK("root", link_root),
    FILE_SHOW("stat", show_stat),
    FILE_SHOW("status", show_status),
    { 0 },
};
