/* /dev: the memory devices (null, zero, full, random, urandom), the
 * terminal (console, tty), eggos's own streams and the links into /proc
 * Linux has there. Drivers add their nodes with DEVFS_NODE() (fb0,
 * input/event0, eggos/syscall). */
#include "fs/devfs.h"
#include "fs/indev.h"
#include "fs/outdev.h"
#include "fs/pseudo.h"
#include "fs/tty.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/string.h"

static struct vnode *console, *eggos;

static long read_eof(struct file *f, void __user *buf, size_t n, uint64_t *pos) { return 0; }

static long write_sink(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return (long)n;
}

static long write_full(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    return -ENOSPC;
}

static long read_zeros(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    return clear_user(buf, n) ? -EFAULT : (long)n;
}

static long read_random(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    char tmp[256];
    size_t done = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof tmp);
        get_random_bytes(tmp, chunk);
        if (copy_to_user((char *)buf + done, tmp, chunk))
            return done ? (long)done : -EFAULT;
        done += chunk;
    }
    return (long)done;
}

/* /dev/eggos/power: writing "off" switches the machine off (the program's
 * exit status for the host is 0), "reboot" restarts it, at once, as
 * Linux's reboot(2) does: no shutdown hooks, nothing flushed. It stands in
 * for reboot(2), which a JVM program cannot call. */
static long write_power(struct file *f, const void __user *buf, size_t n, uint64_t *pos)
{
    char cmd[16];
    size_t len = n;
    if (len >= sizeof cmd)
        return -EINVAL;
    if (copy_from_user(cmd, buf, len))
        return -EFAULT;
    while (len && (cmd[len - 1] == '\n' || cmd[len - 1] == ' '))
        len--;
    cmd[len] = '\0';
    if (!strcmp(cmd, "off") || !strcmp(cmd, "poweroff"))
        machine_exit(0);
    if (!strcmp(cmd, "reboot"))
        machine_reboot();
    return -EINVAL;
}

static const struct file_ops power_fops = {
    .read = read_eof, .write = write_power,
};

/* Seekable: lseek on them leaves the offset at 0, as Linux's. */
static const struct file_ops null_fops = {
    .read = read_eof, .write = write_sink, .seekable = true,
};
static const struct file_ops zero_fops = {
    .read = read_zeros, .write = write_sink, .seekable = true,
};
static const struct file_ops full_fops = {
    .read = read_zeros, .write = write_full, .seekable = true,
};
static const struct file_ops random_fops = {
    .read = read_random, .write = write_sink, .seekable = true,
};

static long link_to(char *buf, size_t cap, const char *target)
{
    size_t n = MIN(strlen(target), cap);
    memcpy(buf, target, n);
    return (long)n;
}

static long link_fd(char *buf, size_t cap) { return link_to(buf, cap, "/proc/self/fd"); }
static long link_stdin(char *buf, size_t cap) { return link_to(buf, cap, "/proc/self/fd/0"); }
static long link_stdout(char *buf, size_t cap) { return link_to(buf, cap, "/proc/self/fd/1"); }
static long link_stderr(char *buf, size_t cap) { return link_to(buf, cap, "/proc/self/fd/2"); }

#define CHR DEVFS_CHR
#define LNK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }

/* eggos's own devices (misc major 10, minors from the top of its
 * dynamic range). */
static const struct pseudo_entry eggos_entries[] = {
    CHR("power", 0200, power_fops, 10, 200),
    CHR("ttyerr", 0600, tty_err_fops, 10, 202),      /* fd 2 on a terminal: fs/tty.c */
    CHR("stdout", 0200, stdout_fops, 10, 203),       /* fd 1 otherwise: fs/outdev.c */
    CHR("stderr", 0200, stderr_fops, 10, 204),       /* fd 2 otherwise */
    /* fd 0 when egg's stdin is not a terminal: a FIFO, as a pipe (fs/indev.c) */
    { .name = "stdin", .mode = S_IFIFO | 0400, .fops = &stdin_fops },
    { 0 },
};

static const struct pseudo_entry dev_entries[] = {
    CHR("null", 0666, null_fops, 1, 3),
    CHR("zero", 0666, zero_fops, 1, 5),
    CHR("full", 0666, full_fops, 1, 7),
    CHR("random", 0666, random_fops, 1, 8),
    CHR("urandom", 0666, random_fops, 1, 9),
    CHR("tty", 0666, tty_fops, 5, 0),
    CHR("console", 0600, tty_fops, 5, 1),
    { .name = "eggos", .mode = S_IFDIR | 0755, .children = eggos_entries, .more = "/dev/eggos" },
    { .name = "input", .mode = S_IFDIR | 0755, .more = "/dev/input" },
    LNK("fd", link_fd),
    LNK("stdin", link_stdin),
    LNK("stdout", link_stdout),
    LNK("stderr", link_stderr),
    { .name = "shm", .mode = S_IFDIR | 01777 },   /* a tmpfs is mounted here */
    { 0 },
};

static const struct pseudo_entry dev_root = {
    .name = "dev", .mode = S_IFDIR | 0755, .children = dev_entries, .more = "/dev",
};

struct vnode *devfs_new(void)
{
    struct vnode *root = pseudo_new("devtmpfs", DEVFS_MAGIC, &dev_root, 0);
    if (!root || vfs_child(root, "console", &console) < 0 || vfs_child(root, "eggos", &eggos) < 0)
        return NULL;
    return root;
}

struct vnode *devfs_console(void)
{
    vnode_get(console);
    return console;
}

struct vnode *devfs_eggos(const char *name)
{
    struct vnode *vn;
    return vfs_child(eggos, name, &vn) < 0 ? NULL : vn;
}
