/* inotify: inotify_init1's flags, inotify_add_watch and inotify_rm_watch
 * and their errors, watch descriptors (the same inode twice is the same
 * one, IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, IN_DONT_FOLLOW), the
 * events the calls on names and files deliver to a directory's and a
 * file's watches, in order (IN_ISDIR, a rename's shared cookie,
 * IN_DELETE_SELF and IN_IGNORED), coalescing of an event identical to the
 * last unread one, reads (EAGAIN, EINVAL for a buffer too small, whole
 * events only), readiness through poll, epoll and FIONREAD, and
 * IN_Q_OVERFLOW. Events print by name, watches by label, never wd numbers
 * or cookies. */
#include "conf.h"
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#define BUFSZ 4096

static const char *labels[8];
static int label_wd[8];
static int nlabels;

static void label(int wd, const char *name)
{
    label_wd[nlabels] = wd;
    labels[nlabels++] = name;
}

static const char *label_of(int wd)
{
    for (int i = 0; i < nlabels; i++)
        if (label_wd[i] == wd)
            return labels[i];
    return wd == -1 ? "-1" : "?";
}

static void print_mask(uint32_t m)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { IN_ACCESS, "ACCESS" }, { IN_MODIFY, "MODIFY" }, { IN_ATTRIB, "ATTRIB" },
        { IN_CLOSE_WRITE, "CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
        { IN_OPEN, "OPEN" }, { IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" },
        { IN_CREATE, "CREATE" }, { IN_DELETE, "DELETE" }, { IN_DELETE_SELF, "DELETE_SELF" },
        { IN_MOVE_SELF, "MOVE_SELF" }, { IN_UNMOUNT, "UNMOUNT" }, { IN_Q_OVERFLOW, "Q_OVERFLOW" },
        { IN_IGNORED, "IGNORED" }, { IN_ISDIR, "ISDIR" },
    };
    const char *sep = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m & names[i].bit) {
            printf("%s%s", sep, names[i].name);
            sep = "|";
            m &= ~names[i].bit;
        }
    if (m)
        printf("%s%#x", sep, m);
}

/* Reads and prints every queued event (the fd is non-blocking). A
 * rename's cookie shows as "cookie" (nonzero) and whether it equals the
 * previous event's. */
static void drain(const char *what, int fd)
{
    char buf[BUFSZ] __attribute__((aligned(8)));
    uint32_t last_cookie = 0;
    printf("%s:\n", what);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno != EAGAIN)
                printf("  read: errno %s\n", errname(errno));
            return;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            printf("  %s ", label_of(ev->wd));
            print_mask(ev->mask);
            if (ev->len)
                printf(" \"%s\" (len %u)", ev->name, ev->len);
            if (ev->cookie)
                printf(" cookie%s", ev->cookie == last_cookie ? " (same)" : "");
            printf("\n");
            last_cookie = ev->cookie;
            p += sizeof *ev + ev->len;
        }
    }
}

static void touch(const char *path)
{
    close(open(path, O_CREAT | O_WRONLY, 0644));
}

static void errors(int in)
{
    CHECK_SYSCALL_ERRNO("inotify_init1 bad flags", EINVAL, SYS_inotify_init1, 1);
    CHECK_SYSCALL_ERRNO("add_watch mask 0", EINVAL, SYS_inotify_add_watch, in, ".", 0);
    /* Flags but no events: a watch that reports nothing, as Linux. */
    CHECK("add_watch flags only: a wd",
          syscall(SYS_inotify_add_watch, in, ".", IN_ONLYDIR | IN_DONT_FOLLOW) > 0);
    CHECK_SYSCALL_ERRNO("add_watch MASK_ADD|MASK_CREATE", EINVAL, SYS_inotify_add_watch, in,
                        ".", IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE);
    CHECK_SYSCALL_ERRNO("add_watch bad fd", EBADF, SYS_inotify_add_watch, 999, ".", IN_MODIFY);
    int p[2];
    pipe(p);
    CHECK_SYSCALL_ERRNO("add_watch on a pipe", EINVAL, SYS_inotify_add_watch, p[0], ".",
                        IN_MODIFY);
    CHECK_SYSCALL_ERRNO("rm_watch on a pipe", EINVAL, SYS_inotify_rm_watch, p[0], 1);
    close(p[0]);
    close(p[1]);
    CHECK_SYSCALL_ERRNO("add_watch missing", ENOENT, SYS_inotify_add_watch, in, "nope",
                        IN_MODIFY);
    CHECK_SYSCALL_ERRNO("add_watch bad path", EFAULT, SYS_inotify_add_watch, in, (char *)8,
                        IN_MODIFY);
    CHECK_SYSCALL_ERRNO("add_watch ONLYDIR on a file", ENOTDIR, SYS_inotify_add_watch, in, "f",
                        IN_MODIFY | IN_ONLYDIR);
    CHECK_SYSCALL_ERRNO("rm_watch unknown wd", EINVAL, SYS_inotify_rm_watch, in, 12345);
    CHECK_SYSCALL_ERRNO("rm_watch bad fd", EBADF, SYS_inotify_rm_watch, 999, 1);
}

static void watches(int in)
{
    int a = inotify_add_watch(in, "f", IN_MODIFY);
    CHECK("add_watch f", a > 0);
    CHECK("f again: same wd", inotify_add_watch(in, "./f", IN_ATTRIB) == a);
    CHECK("through a symlink: same wd", inotify_add_watch(in, "lf", IN_ATTRIB) == a);
    int l = inotify_add_watch(in, "lf", IN_ATTRIB | IN_DONT_FOLLOW);
    CHECK("the symlink itself (DONT_FOLLOW): another wd", l > 0 && l != a);
    CHECK_SYSCALL_ERRNO("MASK_CREATE on a watched file", EEXIST, SYS_inotify_add_watch, in, "f",
                        IN_MODIFY | IN_MASK_CREATE);
    CHECK("ONLYDIR on a directory", inotify_add_watch(in, "d", IN_DELETE | IN_ONLYDIR) > 0);
    label(a, "f");
    /* The last add replaced IN_MODIFY by IN_ATTRIB: a write says nothing. */
    int w = open("f", O_WRONLY);
    write(w, "x", 1);
    fchmod(w, 0600);
    drain("f ATTRIB only, after write and fchmod", in);
    inotify_add_watch(in, "f", IN_MODIFY | IN_MASK_ADD);
    write(w, "x", 1);
    fchmod(w, 0644);
    drain("f MODIFY added to ATTRIB", in);
    close(w);
    CHECK_RET("rm_watch lf", inotify_rm_watch(in, l), 0);
    label(l, "lf");
    drain("after rm_watch", in);
    CHECK_SYSCALL_ERRNO("rm_watch lf again", EINVAL, SYS_inotify_rm_watch, in, l);
    inotify_rm_watch(in, a);
    drain("after rm_watch f", in);
}

/* The events of the calls on names and files, seen by a watch on the
 * directory (names) and one on a file in another directory. */
static void dir_events(int in)
{
    label(inotify_add_watch(in, "d", IN_ALL_EVENTS), "d");
    int fd = open("d/a", O_CREAT | O_WRONLY, 0644);
    write(fd, "hello", 5);
    write(fd, "hello", 5);      /* coalesced with the first */
    close(fd);
    drain("create, write twice, close", in);
    char b[8];
    fd = open("d/a", O_RDONLY);
    read(fd, b, sizeof b);
    read(fd, b, sizeof b);      /* at EOF: nothing read, no event */
    close(fd);
    drain("open for reading, read, close", in);
    chmod("d/a", 0600);
    truncate("d/a", 2);
    chown("d/a", -1, -1);       /* changes nothing: no event */
    chown("d/a", getuid(), -1);
    utimensat(AT_FDCWD, "d/a", NULL, 0);
    drain("chmod, truncate, chown, utimensat", in);
    fd = open("d/a", O_WRONLY | O_TRUNC);
    close(fd);
    drain("open O_TRUNC", in);
    mkdir("d/sub", 0755);
    rename("d/a", "d/b");
    rename("d/b", "d/sub/b");
    rename("d/sub/b", "d/c");
    symlink("c", "d/s");
    link("d/c", "d/h");
    unlink("d/h");
    unlink("d/s");
    drain("mkdir, renames, symlink, link, unlinks", in);
    touch("d/sub/x");
    drain("a file created in a subdirectory: nothing", in);
    unlink("d/sub/x");
    rmdir("d/sub");
    unlink("d/c");
    drain("rmdir, unlink", in);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = { AF_UNIX, "d/sock" };
    bind(s, (struct sockaddr *)&addr, sizeof addr);
    close(s);
    unlink("d/sock");
    drain("a socket bound and unlinked", in);
}

static void self_events(int in)
{
    mkdir("e", 0755);
    touch("e/g");
    label(inotify_add_watch(in, "e/g", IN_ALL_EVENTS), "g");
    int fd = open("e/g", O_RDWR);
    write(fd, "x", 1);
    close(fd);
    link("e/g", "e/g2");
    rename("e/g", "e/g3");
    unlink("e/g2");
    drain("g: open, write, close, link, rename, unlink of the other name", in);
    unlink("e/g3");
    drain("g: unlink of the last name", in);
    touch("e/t");
    touch("e/u");
    label(inotify_add_watch(in, "e/u", IN_ALL_EVENTS), "u");
    rename("e/t", "e/u");
    drain("u: renamed over", in);
    touch("e/open");
    label(inotify_add_watch(in, "e/open", IN_ALL_EVENTS), "open");
    fd = open("e/open", O_RDONLY);
    unlink("e/open");
    drain("open: unlinked while open", in);
    close(fd);
    drain("open: closed", in);
    touch("e/once");
    label(inotify_add_watch(in, "e/once", IN_ATTRIB | IN_ONESHOT), "once");
    chmod("e/once", 0600);
    chmod("e/once", 0644);
    unlink("e/once");
    drain("once: IN_ONESHOT, chmod twice", in);
    label(inotify_add_watch(in, "e", IN_DELETE_SELF | IN_MOVE_SELF), "e");
    rename("e", "e2");
    unlink("e2/u");
    rmdir("e2");
    drain("e: renamed, emptied, removed", in);
}

static void reads(int in)
{
    touch("r");
    label(inotify_add_watch(in, "r", IN_ATTRIB), "r");
    label(inotify_add_watch(in, ".", IN_ATTRIB), "workdir");
    chmod("r", 0600);
    int n = -1;
    ioctl(in, FIONREAD, &n);
    printf("FIONREAD after chmod: %d\n", n);
    struct pollfd p = { in, POLLIN | POLLOUT, 0 };
    int ready = poll(&p, 1, 0);
    printf("poll: %d, revents %#x\n", ready, p.revents);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev);
    printf("epoll_wait: %d\n", epoll_wait(ep, &out, 1, 0));
    char buf[BUFSZ] __attribute__((aligned(8)));
    CHECK_ERRNO("read 0 bytes", read(in, buf, 0), EINVAL);
    /* The directory's event (named) comes before the file's own. */
    CHECK_ERRNO("read 16 bytes for a named event", read(in, buf, 16), EINVAL);
    CHECK_ERRNO("read 31 bytes for a named event", read(in, buf, 16 + 15), EINVAL);
    CHECK_RET("read 47 bytes: the named event alone", read(in, buf, 47), 32);
    CHECK_RET("read exactly the file's event", read(in, buf, 16), 16);
    CHECK_ERRNO("read empty, non-blocking", read(in, buf, sizeof buf), EAGAIN);
    p.revents = 0;
    ready = poll(&p, 1, 0);
    printf("poll empty: %d, revents %#x\n", ready, p.revents);
    printf("epoll_wait empty: %d\n", epoll_wait(ep, &out, 1, 0));
    close(ep);
}

static int blocking_fd;
static char blocked_buf[BUFSZ] __attribute__((aligned(8)));
static ssize_t blocked_n;

static void *blocked_reader(void *arg)
{
    blocked_n = read(blocking_fd, blocked_buf, sizeof blocked_buf);
    return NULL;
}

/* A blocking read waits for an event (whether it is asleep when the
 * event comes or not, it gets the same one). */
static void blocking_read(void)
{
    blocking_fd = inotify_init();
    touch("bl");
    inotify_add_watch(blocking_fd, "bl", IN_ATTRIB);
    pthread_t t;
    pthread_create(&t, NULL, blocked_reader, NULL);
    chmod("bl", 0600);
    pthread_join(t, NULL);
    struct inotify_event *ev = (struct inotify_event *)blocked_buf;
    printf("blocking read: %zd bytes, ", blocked_n);
    print_mask(ev->mask);
    printf("\n");
    close(blocking_fd);
}

/* A queue of max_queued_events (16384) takes one more, IN_Q_OVERFLOW. */
static void overflow(void)
{
    int in = inotify_init1(IN_NONBLOCK);
    touch("o1");
    touch("o2");
    inotify_add_watch(in, ".", IN_ATTRIB);
    for (int i = 0; i < 20000; i++)
        chmod(i % 2 ? "o1" : "o2", 0644);   /* alternating: none coalesced */
    char buf[BUFSZ] __attribute__((aligned(8)));
    long events = 0;
    uint32_t last = 0;
    int lastwd = 0;
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            events++;
            last = ev->mask;
            lastwd = ev->wd;
            p += sizeof *ev + ev->len;
        }
    printf("overflow: %ld events, the last ", events);
    print_mask(last);
    printf(" wd %d\n", lastwd);
    chmod("o1", 0600);
    drain("after the overflow was read", in);
    close(in);
}

int main(void)
{
    conf_workdir("inotify");
    touch("f");
    symlink("f", "lf");
    mkdir("d", 0755);
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    CHECK("inotify_init1", in >= 0);
    printf("F_GETFL: %#o, F_GETFD: %d\n", fcntl(in, F_GETFL), fcntl(in, F_GETFD));
    int in0 = inotify_init();
    printf("inotify_init F_GETFL: %#o, F_GETFD: %d\n", fcntl(in0, F_GETFL), fcntl(in0, F_GETFD));
    close(in0);
    errors(in);
    watches(in);
    dir_events(in);
    self_events(in);
    reads(in);
    close(in);
    blocking_read();
    overflow();
    return 0;
}
