/* The first (and today only) process: the program egg put in the image.
 * egg writes its command to /eggos/exec as NUL-terminated strings:
 *   "EGGOS1", path, cwd, argc, argv..., envc, env...
 * so that long class paths never meet a command-line limit. */
#include "fs/fdtable.h"
#include "fs/fs_init.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "net/stack.h"
#include "sched/clock.h"
#include "sched/exec.h"
#include "sched/init.h"
#include "sched/itimer.h"
#include "sched/proc.h"
#include "sched/sched.h"
#include "sched/signal.h"
#include "sched/thread.h"

#define EXEC_FILE "/eggos/exec"
#define MAX_ARGS 4096

struct command {
    const char *path, *cwd;
    char **argv, **envp;
};

/* The next string of [*p, end), or NULL. */
static const char *next_string(const char **p, const char *end)
{
    const char *s = *p;
    size_t n = strnlen(s, (size_t)(end - s));
    if (s >= end || s + n >= end)
        return NULL;
    *p = s + n + 1;
    return s;
}

static long parse_count(const char *s)
{
    long n = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > MAX_ARGS)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n <= MAX_ARGS ? n : -1;
}

/* Strings point into the file's memory (the initramfs keeps it). */
static char **parse_vector(const char **p, const char *end)
{
    long n = parse_count(next_string(p, end));
    if (n < 0)
        return NULL;
    char **v = kzalloc((n + 1) * sizeof(char *));
    for (long i = 0; v && i < n; i++) {
        if (!(v[i] = (char *)next_string(p, end))) {
            kfree(v);
            return NULL;
        }
    }
    return v;
}

static bool read_command(struct command *c)
{
    struct vnode *v;
    if (vfs_lookup(AT_FDCWD, EXEC_FILE, 0, &v))
        return false;
    const char *p = v->ops->direct ? v->ops->direct(v) : NULL;
    const char *end = p + v->size;
    const char *magic = p ? next_string(&p, end) : NULL;
    bool ok = magic && strcmp(magic, "EGGOS1") == 0 && (c->path = next_string(&p, end)) &&
              (c->cwd = next_string(&p, end)) && (c->argv = parse_vector(&p, end)) &&
              (c->envp = parse_vector(&p, end));
    return ok;     /* the vnode stays referenced: the strings live in it */
}

static void copy_string(char *dst, size_t cap, const char *src)
{
    size_t n = MIN(strlen(src), cap - 1);
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* Why exec_load refused the program, for the one line egg shows. */
static const char *exec_error(int r)
{
    switch (r) {
    case -ENOENT: return "not found in the image (build it with egg)";
    case -EACCES: return "permission denied (not executable in the image)";
    case -ENOEXEC: return "the kernel cannot load it as a static x86-64 executable";
    case -ENOMEM: return "out of memory (give the machine more: egg run --mem)";
    default: return "exec failed";
    }
}

/* Runs as the first thread, in the kernel, before its first return to
 * user mode: from here on lookups resolve for the program's process. */
static void init_main(void)
{
    struct command c = {0};
    if (!read_command(&c)) {
        klog("eggos: %s is missing or malformed: nothing to run (build the image with egg)", EXEC_FILE);
        machine_exit(127);
    }
    struct thread *t = current_thread();
    struct process *p = t->proc;
    struct vnode *cwd;
    if (vfs_lookup(AT_FDCWD, c.cwd, 0, &cwd) == 0) {
        vnode_put(p->fs->cwd);
        p->fs->cwd = cwd;
    }
    if (fs_open_console(p->files))
        panic("cannot open the console");
    copy_string(p->comm, sizeof(p->comm), strrchr(c.path, '/') ? strrchr(c.path, '/') + 1 : c.path);
    copy_string(p->exe, sizeof(p->exe), c.path);
    net_wait_configured(3000);
    int r = exec_load(t, c.path, c.argv, c.envp);
    if (r) {
        klog("eggos: cannot run %s: %s (error %d)", c.path, exec_error(r), -r);
        machine_exit(r == -ENOENT ? 127 : 126);   /* as a shell's, and egg's own (egg --help) */
    }
}

static struct process *init_proc;     /* set once, never freed */

void init_signal(int sig)
{
    struct ksiginfo info = { .code = SI_KERNEL };
    if (init_proc)
        signal_send_process(init_proc, sig, &info);
}

void start_init(void)
{
    struct process *p = kzalloc(sizeof(*p));
    struct fs_context *fs = kzalloc(sizeof(*fs));
    if (!p || !fs || !(p->files = fdtable_new()))
        panic("out of memory for the first process");
    p->umask = 022;
    p->dumpable = true;
    p->nthreads = 1;
    p->start_ns = clock_monotonic_ns();
    waitq_init(&p->signalfd_wq);
    ptimers_init(p);
    fs->refcount = 1;
    fs->root = vfs_root();
    fs->cwd = vfs_root();
    p->fs = fs;
    struct thread *t = thread_new_user(p, init_main);
    if (!t)
        panic("out of memory for the first thread");
    p->pid = t->tid;
    init_proc = p;
    sched_add(t);
}
