/*
 * Shared helpers for the eggos conformance programs.
 *
 * Every program is built with `gcc -static -O1 -Wall -Werror`, run on the
 * host's Linux and booted in eggos; stdout and the exit status must be
 * identical. So a program prints only facts that are the same on any Linux:
 * relations instead of PIDs, addresses, times or sizes of system files, and
 * errno values by NAME.
 *
 * A first line of the form
 *     conf: status=N
 * in a comment tells the harness the exit status the program has on Linux
 * (0 when absent); the harness checks the host run against it.
 */
#ifndef CONF_H
#define CONF_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* The same stdout buffering on both sides: on the host stdout is a pipe
 * (fully buffered by default), on eggos the serial console (a tty, line
 * buffered). Line buffering everywhere makes output before a crash or an
 * _exit identical. */
__attribute__((constructor)) static void conf_stdout_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
}

/* The same signal state on both sides: the harness, a JVM, starts the host
 * run with signals blocked (SIGQUIT) that stay blocked across exec, as do
 * ignored ones (a shell may ignore SIGPIPE); eggos starts with neither. */
__attribute__((constructor)) static void conf_signals_init(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < 65; sig++) {
        struct sigaction sa;
        if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
            signal(sig, SIG_DFL);
    }
}

__attribute__((unused)) static const char *errname(int e)
{
    static char buf[32];
    switch (e) {
    case 0: return "0";
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG)
    E(ENOEXEC) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES)
    E(EFAULT) E(ENOTBLK) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV)
    E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY)
    E(ETXTBSY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK)
    E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG) E(ENOLCK)
    E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENOMSG) E(EIDRM) E(ENODATA)
    E(EOVERFLOW) E(EBADFD) E(EILSEQ) E(ENOTSOCK) E(EOPNOTSUPP)
    E(EAFNOSUPPORT) E(EADDRINUSE) E(ETIMEDOUT) E(ECONNREFUSED)
    E(EALREADY) E(EINPROGRESS) E(ESTALE) E(EDQUOT) E(ECANCELED)
#undef E
    default:
        snprintf(buf, sizeof buf, "E#%d", e);
        return buf;
    }
}

/* expr must fail with -1 and errno == expected. */
#define CHECK_ERRNO(name, expr, expected)                                     \
    do {                                                                      \
        errno = 0;                                                            \
        long conf_r_ = (long)(expr);                                          \
        int conf_e_ = errno;                                                  \
        if (conf_r_ == -1 && conf_e_ == (expected))                           \
            printf("%s: ok\n", (name));                                       \
        else                                                                  \
            printf("%s: got %ld (errno %s), want -1 (errno %s)\n", (name),    \
                   conf_r_, errname(conf_e_), errname(expected));             \
    } while (0)

/* expr must return exactly want (errno is shown when it does not). */
#define CHECK_RET(name, expr, want)                                           \
    do {                                                                      \
        errno = 0;                                                            \
        long conf_r_ = (long)(expr);                                          \
        int conf_e_ = errno;                                                  \
        if (conf_r_ == (long)(want))                                          \
            printf("%s: ok\n", (name));                                       \
        else                                                                  \
            printf("%s: got %ld (errno %s), want %ld\n", (name), conf_r_,      \
                   errname(conf_e_), (long)(want));                           \
    } while (0)

/* For calls that return the error number (clock_nanosleep, posix_*). */
#define CHECK_RETERR(name, expr, expected)                                    \
    do {                                                                      \
        int conf_r_ = (expr);                                                 \
        if (conf_r_ == (expected))                                            \
            printf("%s: ok\n", (name));                                       \
        else                                                                  \
            printf("%s: got %s, want %s\n", (name), errname(conf_r_),          \
                   errname(expected));                                        \
    } while (0)

/* A boolean fact. */
#define CHECK(name, cond) printf("%s: %s\n", (name), (cond) ? "yes" : "no")

/* What /proc/self/fd/FD names: "anon_inode:[timerfd]", "/memfd:x (deleted)"... */
__attribute__((unused)) static void conf_print_fd_link(int fd)
{
    char path[64], link[300] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    printf("/proc/self/fd link: %s\n", n > 0 ? link : "(none)");
}

/* Raw system call that fails: the kernel's answer, bypassing glibc and the vDSO. */
#define CHECK_SYSCALL_ERRNO(name, expected, ...)                              \
    CHECK_ERRNO(name, syscall(__VA_ARGS__), expected)

/* A fresh working directory under /tmp (tmpfs on eggos). The program chdirs
 * into it, so every other path it uses is relative; the name holds the PID
 * and is never printed. conf_cleanup() removes it again. */
static char conf_workdir_path[256];

__attribute__((unused)) static void conf_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
                conf_rm_rf(sub);
            }
            closedir(d);
        }
        (void)rmdir(path);
    } else {
        (void)unlink(path);
    }
}

__attribute__((unused)) static void conf_cleanup(void)
{
    if (conf_workdir_path[0]) {
        (void)chdir("/tmp");
        conf_rm_rf(conf_workdir_path);
        conf_workdir_path[0] = 0;
    }
}

__attribute__((unused)) static void conf_workdir(const char *name)
{
    snprintf(conf_workdir_path, sizeof conf_workdir_path, "/tmp/conf.%s.%d",
             name, (int)getpid());
    conf_rm_rf(conf_workdir_path);
    if (mkdir(conf_workdir_path, 0700) != 0 || chdir(conf_workdir_path) != 0) {
        printf("workdir: cannot create (errno %s)\n", errname(errno));
        exit(1);
    }
    atexit(conf_cleanup);
}

/* sig's handler: fn with SA_SIGINFO, plus flags; while it runs only sig
 * itself is blocked (unless flags has SA_NODEFER). */
__attribute__((unused)) static void conf_sigaction(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

/* sig's handler: fn, with flags (0: no SA_RESTART); while it runs only
 * sig itself is blocked (unless flags has SA_NODEFER). */
__attribute__((unused)) static void conf_signal(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

/* "what: 2 10\n": the standard signals (1-31) in set. */
__attribute__((unused)) static void conf_print_sigset(const char *what, const sigset_t *set)
{
    printf("%s:", what);
    for (int i = 1; i < 32; i++)
        if (sigismember(set, i))
            printf(" %d", i);
    printf("\n");
}

/* CLOCK_MONOTONIC now, in nanoseconds. */
__attribute__((unused)) static long long conf_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* How much later than asked a timed wait may end: generous for TCG on a
 * busy host, but a timer that never fires, or fires seconds late, fails. */
#define CONF_LATE_MS 3000

/* A wait of ms milliseconds took took_ns: at least ms (Linux never ends
 * one early) and less than ms + CONF_LATE_MS, as the line says. */
__attribute__((unused)) static void conf_check_waited(const char *name, long long took_ns, long ms)
{
    printf("%s: %ld ms or more, under %ld ms: %s\n", name, ms, ms + CONF_LATE_MS,
           took_ns >= ms * 1000000LL && took_ns < (ms + CONF_LATE_MS) * 1000000LL ? "yes" : "no");
}

/* Sleeps ms milliseconds, all of them: a signal handler that interrupts
 * nanosleep does not cut the sleep short. */
__attribute__((unused)) static void conf_sleep_ms(long ms)
{
    struct timespec d = {ms / 1000, ms % 1000 * 1000000};
    while (nanosleep(&d, &d) != 0 && errno == EINTR)
        ;
}

/* For the programs that are meant to die of a signal: no core file. */
#include <sys/resource.h>
__attribute__((unused)) static void conf_no_core(void)
{
    struct rlimit r = {0, 0};
    (void)setrlimit(RLIMIT_CORE, &r);
}

/* Create a file with the given contents; returns 0 on success. */
__attribute__((unused)) static int conf_write_file(const char *path,
                                                   const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, data, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* Read a whole (possibly /proc) file with read(2) into a malloc'ed,
 * NUL-terminated buffer. Returns NULL on error. */
__attribute__((unused)) static char *conf_read_all(const char *path, size_t *lenp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = 0;
    if (lenp)
        *lenp = len;
    return buf;
}

/* Print only what is inside [base, base+len) of /proc/self/maps, as offsets
 * relative to base, with the permissions (and, for a file, the offset and the
 * basename of its path).
 * Adjacent mappings Linux merges with ours are clipped away. */
__attribute__((unused)) static void conf_print_maps_range(const char *tag,
                                                          void *basep, size_t len)
{
    uintptr_t base = (uintptr_t)basep, lim = base + len;
    char *maps = conf_read_all("/proc/self/maps", NULL);
    if (!maps) {
        printf("%s: cannot read /proc/self/maps (errno %s)\n", tag, errname(errno));
        return;
    }
    int count = 0;
    for (char *line = maps; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        unsigned long s, e, off;
        char perms[8];
        int used = 0;
        if (sscanf(line, "%lx-%lx %4s %lx %*x:%*x %*u%n", &s, &e, perms, &off, &used) >= 4) {
            if (e > base && s < lim) {
                unsigned long cs = s < base ? base : s, ce = e > lim ? lim : e;
                const char *name = line + used;
                while (*name == ' ')
                    name++;
                const char *slash = strrchr(name, '/');
                if (*name == '/')
                    printf("%s: +0x%lx-+0x%lx %s file offset 0x%lx %s\n", tag, cs - base,
                           ce - base, perms, off + (cs - s), slash + 1);
                else
                    printf("%s: +0x%lx-+0x%lx %s%s%s\n", tag, cs - base, ce - base, perms,
                           *name ? " " : "", name);
                count++;
            }
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    printf("%s: %d line(s)\n", tag, count);
    free(maps);
}

#endif
