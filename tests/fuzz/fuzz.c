/*
 * A system-call fuzzer for eggos: from a seed, it makes random system calls
 * with arguments drawn from classes that find kernel bugs (0, -1, small and
 * huge numbers, pointers into its own buffers, at the edge of a guard page,
 * into read-only or unmapped memory, kernel-half and non-canonical
 * addresses, paths, socket addresses, fds of every kind it opened first).
 *
 *     fuzz SEED [CALLS]
 *
 * NEVER RUN IT ON THE HOST. It runs as root in the guest and calls whatever
 * the dice say (unlink, rename, kill...; reboot is left out only because it
 * ends the machine): run it only in eggos (tests/src/test/.../FuzzTest.java).
 *
 * eggos has no fork, so it is one process that must not kill or wedge
 * itself. It keeps its own state out of reach instead of leaving calls out
 * (sanitize(): memory calls never touch its text, data, stack, heap or the
 * buffers it reads; signals that cannot be caught are never sent; its
 * handlers and signal mask come back after a call that changes them). Only
 * the calls in excluded() are never made, each for the reason given there.
 *
 * Every call is first printed, one line, to the console (fd LOG_FD; fds 1
 * and 2 are /dev/null, fd 0 the console's tty to fuzz): when the kernel
 * panics or hangs, the last line names the call (~60 us a line in TCG). A tick of
 * ITIMER_REAL (TICK_US) interrupts blocking calls (its handler has no
 * SA_RESTART, so they return EINTR); a call still running after HANG_TICKS
 * ticks (the kernel restarts it after each handler) is a hang: reported,
 * exit status 2. A call that never lets the handler run (a kernel loop
 * that ignores signals) stops all output: the guest's timeout tells, and
 * the last line names the call. A summary ends the run: the calls, the
 * results by errno, the signals caught.
 *
 * Built with gcc -static with the syscall name table that
 * kernel/tools/syscall-names.sh makes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

extern const char *const syscall_names[];
extern const unsigned syscall_names_count;

#define LOG_FD 777              /* the console; no argument class makes 777 */
#define PAGE 4096ul
#define ARENA_PAGES 16          /* scratch the kernel may read and write */
#define VICTIM_PAGES 32         /* where memory calls (munmap, mprotect, ...) go */
#define NR_MAX 463              /* the x86-64 table's end (and some above) */
#define TICK_US 10000           /* every call is interrupted within 10 ms */
#define HANG_TICKS 500          /* a call still running after 5 s hangs */
#define RESET_EVERY 1000        /* calls between fresh fds, files and buffers */
#define MAX_MAPS 8              /* mappings made by the fuzzed mmap kept as targets */
#define MAX_FDS 1024
#define USER_END 0x00007ffffffff000ul  /* Linux's TASK_SIZE */

/* ---- random numbers: splitmix64, so a seed gives the same calls anywhere ---- */

static uint64_t rng;

static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
    return rnd() % n;
}

#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

/* ---- output: straight write()s to LOG_FD, no stdio buffer to lose ---- */

static char line[512];          /* the current call, also for the hang report */
static size_t line_len;

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(LOG_FD, s, n);
        if (w > 0) {
            s += w;
            n -= (size_t)w;
        } else if (w < 0 && errno != EINTR && errno != EAGAIN) {
            _exit(4);           /* the console is gone: nothing can be reported */
        }
    }
}

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    out(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ---- memory: [arena | guard | victim | read-only page] in one mapping ---- */

static char *arena, *guard, *victim, *ro_page;
static char *objects;           /* arena page 0: paths, sockaddrs, timespecs... */
static char *data;              /* arena pages 1..: words of the argument classes */

struct range {
    uint64_t lo, hi;
    int writable;
};
static struct range protected[64]; /* every mapping at start but the victim */
static int nprotected;
static uint64_t initial_brk;

static struct range maps[MAX_MAPS]; /* non-fixed mappings of the fuzzed mmap */
static int nmaps;

static int overlaps(uint64_t a, uint64_t len, const struct range *r)
{
    uint64_t end = a + (len ? len : 1);
    if (end < a)
        end = UINT64_MAX;
    return a < r->hi && end > r->lo;
}

static int hits_protected(uint64_t a, uint64_t len)
{
    for (int i = 0; i < nprotected; i++)
        if (overlaps(a, len, &protected[i]))
            return 1;
    return 0;
}

/* Any argument that would let the kernel write into this program's own data
 * (an integer that happens to be such an address) becomes an arena pointer. */
static uint64_t unprotect(uint64_t v)
{
    if (v >= (uint64_t)arena && v < (uint64_t)guard)
        return v;
    for (int i = 0; i < nprotected; i++)
        if (protected[i].writable && overlaps(v, 1, &protected[i]))
            return (uint64_t)(data + below(PAGE));
    return v;
}

/* Protects every mapping /proc/self/maps shows now, except the victim pages. */
static void protect_mappings(void)
{
    static char buf[16384];
    int fd = open("/proc/self/maps", O_RDONLY);
    size_t n = 0;
    ssize_t r;
    while (fd >= 0 && n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    buf[n] = 0;
    for (char *p = buf; *p && nprotected < 64; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        struct range r;
        char perms[8] = "";
        if (sscanf(p, "%lx-%lx %7s", &r.lo, &r.hi, perms) != 3)
            continue;
        if (r.lo >= (uint64_t)victim && r.hi <= (uint64_t)victim + VICTIM_PAGES * PAGE)
            continue;
        r.writable = perms[1] == 'w';
        if (strstr(p, "[stack]") && strstr(p, "[stack]") < strchr(p, '\n'))
            r.lo -= 64ul << 20;         /* and the stack's room to grow */
        protected[nprotected++] = r;
    }
    if (nprotected == 0) {
        say("fuzz: cannot read /proc/self/maps\n");
        _exit(3);
    }
}

static void setup_memory(void)
{
    size_t pages = ARENA_PAGES + 1 + VICTIM_PAGES + 1;
    arena = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (arena == MAP_FAILED) {
        say("fuzz: mmap of the arena failed\n");
        _exit(3);
    }
    objects = arena;
    data = arena + PAGE;
    guard = arena + ARENA_PAGES * PAGE;
    victim = guard + PAGE;
    ro_page = victim + VICTIM_PAGES * PAGE;
    memset(ro_page, 'r', PAGE);
    mprotect(guard, PAGE, PROT_NONE);
    mprotect(ro_page, PAGE, PROT_READ);
    initial_brk = (uint64_t)syscall(SYS_brk, 0);
}

/* ---- file descriptors of every kind, opened afresh at every reset ---- */

static int pool[64];
static int npool;
static int closed_fd;
static uint16_t tcp_port, udp_port;

static void add_fd(int fd)
{
    if (fd >= 0 && npool < 64)
        pool[npool++] = fd;
}

static int open_tcp_pair(int *server, int *client)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0 ||
        getsockname(l, (struct sockaddr *)&a, &len) < 0)
        return l;
    tcp_port = a.sin_port;
    *client = socket(AF_INET, SOCK_STREAM, 0);
    if (*client >= 0 && connect(*client, (struct sockaddr *)&a, sizeof a) == 0)
        *server = accept(l, NULL, NULL);
    return l;
}

static void open_pool(void)
{
    int p[2], s[2];
    npool = 0;
    mkdir("/tmp/fuzz", 0755);
    chdir("/tmp/fuzz");
    int f = open("f0", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (f >= 0)
        write(f, ro_page, PAGE);
    add_fd(f);
    add_fd(open("f1", O_RDONLY | O_CREAT, 0644));
    add_fd(open("f2", O_WRONLY | O_APPEND | O_CREAT, 0600));
    add_fd(open("f0", O_PATH));
    mkdir("d", 0755);
    add_fd(open(".", O_RDONLY | O_DIRECTORY));
    add_fd(open("/", O_RDONLY | O_DIRECTORY));
    add_fd(open("/dev/null", O_RDWR));
    add_fd(open("/dev/zero", O_RDWR));
    add_fd(open("/dev/urandom", O_RDONLY));
    add_fd(open("/proc/self/maps", O_RDONLY));
    add_fd(open("/proc/self/stat", O_RDONLY));
    add_fd(open("/proc/meminfo", O_RDONLY));
    add_fd(open("/sys/devices/system/cpu/online", O_RDONLY));
    int pipe_in = -1;
    if (pipe2(p, 0) == 0) {
        pipe_in = p[0];
        add_fd(p[0]);
        add_fd(p[1]);
    }
    if (pipe2(p, O_NONBLOCK) == 0) {
        add_fd(p[0]);
        add_fd(p[1]);
    }
    int ev = (int)syscall(SYS_eventfd2, 0, 0);
    add_fd(ev);
    add_fd((int)syscall(SYS_eventfd2, 5, O_NONBLOCK | 1 /* EFD_SEMAPHORE */));
    int ep = (int)syscall(SYS_epoll_create1, 0);
    if (ep >= 0) {
        struct { uint32_t events; uint64_t data; } __attribute__((packed)) e = { 1 /* EPOLLIN */, 0 };
        syscall(SYS_epoll_ctl, ep, 1 /* ADD */, ev, &e);
        syscall(SYS_epoll_ctl, ep, 1, pipe_in, &e);
    }
    add_fd(ep);
    add_fd((int)syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0));
    uint64_t all = ~0ull;
    add_fd((int)syscall(SYS_signalfd4, -1, &all, 8, 0));
    add_fd((int)syscall(SYS_inotify_init1, 0));
    add_fd((int)syscall(SYS_memfd_create, "fuzz", 0));
    int server = -1, client = -1;
    add_fd(open_tcp_pair(&server, &client));
    add_fd(server);
    add_fd(client);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (u >= 0 && bind(u, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(u, (struct sockaddr *)&a, &len) == 0)
        udp_port = a.sin_port;
    add_fd(u);
    add_fd(socket(AF_INET6, SOCK_STREAM, 0));
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0) {
        add_fd(s[0]);
        add_fd(s[1]);
    }
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, s) == 0) {
        add_fd(s[0]);
        add_fd(s[1]);
    }
    int ul = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "sock" };
    if (ul >= 0 && bind(ul, (struct sockaddr *)&un, sizeof un) == 0)
        listen(ul, 4);
    add_fd(ul);
    closed_fd = open("/dev/null", O_RDONLY);
    close(closed_fd);
}

/* Removes what the fuzzed calls made under dir (depth-limited). */
static void remove_tree(int dirfd, int depth)
{
    char buf[4096];
    long n;
    if (depth > 16)
        return;
    while ((n = syscall(SYS_getdents64, dirfd, buf, sizeof buf)) > 0) {   /* unlinking as it reads */
        for (long off = 0; off < n;) {
            struct { uint64_t ino; int64_t off; uint16_t reclen; uint8_t type; char name[]; } *d =
                (void *)(buf + off);
            off += d->reclen;
            if (strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0)
                continue;
            if (unlinkat(dirfd, d->name, 0) == 0)
                continue;
            int sub = openat(dirfd, d->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (sub >= 0) {
                remove_tree(sub, depth + 1);
                close(sub);
            }
            unlinkat(dirfd, d->name, AT_REMOVEDIR);
        }
    }
}

/* ---- argument classes ---- */

static uint64_t any_fd(void)
{
    static const int64_t odd[] = { -1, -100 /* AT_FDCWD */, 1024, 4096, 65535, 1 << 20, 0x7fffffff,
                                   (int64_t)0xffffffff00000003 };
    switch (below(20)) {
    case 0 ... 11: return npool ? (uint64_t)pool[below(npool)] : 0;
    case 12 ... 14: return below(40);
    case 15: return (uint64_t)closed_fd;
    default: return (uint64_t)PICK(odd);
    }
}

static uint64_t any_int(void)
{
    static const uint64_t odd[] = {
        1, 2, 3, 4, 7, 8, 16, 64, 255, 256, 4095, 4096, 4097, 65535, 65536, 1ul << 20, 1ul << 30,
        0x7fffffff, 0x80000000, 0xffffffff, 1ul << 32, (1ul << 32) + 1, 1ul << 47, 1ul << 63,
        (1ul << 63) - 1, -1ul, -2ul, -4095ul, -4096ul, 0xffffffff80000000, 0xffffffff00000000,
    };
    switch (below(12)) {
    case 0 ... 2: return 0;
    case 3 ... 5: return below(65);
    case 6 ... 8: return PICK(odd);
    case 9: return 1ul << below(64);            /* a flag */
    case 10: return (1ul << below(32)) | (1ul << below(32)) | (below(2) ? 1ul << below(64) : 0);
    default: return below(2) ? rnd() : (uint32_t)rnd();
    }
}

/* Objects in arena page 0: valid things to point at. */
enum {
    OBJ_PATHS = 0,              /* NUL-separated strings from here */
    OBJ_LONG = 1024,            /* a name longer than NAME_MAX, up to the page's end */
    OBJ_CLONE = 256,            /* struct clone_args */
    OBJ_SIN = 512,              /* sockaddr_in of the TCP listener */
    OBJ_SIN_UDP = 528,
    OBJ_SUN = 544,              /* sockaddr_un "sock" */
    OBJ_TS = 656,               /* timespec 1 ms */
    OBJ_TS0 = 672,              /* timespec 0 */
    OBJ_TSBAD = 688,            /* timespec with tv_nsec out of range */
    OBJ_IOV = 704,              /* 4 iovecs into data */
    OBJ_POLL = 768,             /* 4 pollfds */
    OBJ_MSG = 800,              /* msghdr to OBJ_SIN with OBJ_IOV */
    OBJ_SIGSET0 = 864,          /* empty sigset */
    OBJ_EV = 880,               /* epoll_event */
    OBJ_MSG_FDS = 896,          /* msghdr over OBJ_IOV carrying OBJ_CMSG */
    OBJ_CMSG = 960,             /* SCM_RIGHTS with two fds of the pool */
};

static const char *const paths[] = {
    "f0", "f1", "d", "d/x", "sock", "new", "/tmp/fuzz/f0", "/tmp", "/", "/dev/null",
    "/proc/self/maps", "/proc/self/fd/3", ".", "..", "", "/nonexistent/x", "f0/x", "/dev/console",
};
static uint16_t path_off[sizeof paths / sizeof paths[0]];

static uint64_t any_ptr(void);
static uint64_t clone_flags(void);

static void write_objects(void)
{
    char *p = objects;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        path_off[i] = (uint16_t)(p - objects);
        p = stpcpy(p, paths[i]) + 1;
    }
    memset(objects + OBJ_LONG, 'a', PAGE - OBJ_LONG - 1);
    objects[PAGE - 1] = 0;
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = tcp_port,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    memcpy(objects + OBJ_SIN, &sin, sizeof sin);
    sin.sin_port = udp_port;
    memcpy(objects + OBJ_SIN_UDP, &sin, sizeof sin);
    struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "sock" };
    memcpy(objects + OBJ_SUN, &un, sizeof un);
    struct timespec ts[3] = { { 0, 1000000 }, { 0, 0 }, { -1, 2000000000 } };
    memcpy(objects + OBJ_TS, ts, sizeof ts);
    uint64_t *iov = (uint64_t *)(objects + OBJ_IOV);
    for (int i = 0; i < 4; i++) {
        iov[2 * i] = (uint64_t)(data + below(PAGE * 4));
        iov[2 * i + 1] = below(3) ? below(256) : any_int();
    }
    int *pfd = (int *)(objects + OBJ_POLL);
    for (int i = 0; i < 4; i++) {
        pfd[2 * i] = (int)any_fd();
        pfd[2 * i + 1] = 1 | 4;             /* POLLIN | POLLOUT */
    }
    uint64_t msg[7] = { (uint64_t)(objects + OBJ_SIN), 16, (uint64_t)(objects + OBJ_IOV), 2, 0, 0, 0 };
    memcpy(objects + OBJ_MSG, msg, sizeof msg);
    uint64_t msg_fds[7] = { 0, 0, (uint64_t)(objects + OBJ_IOV), 1, (uint64_t)(objects + OBJ_CMSG), 24, 0 };
    memcpy(objects + OBJ_MSG_FDS, msg_fds, sizeof msg_fds);
    struct { uint64_t len; int level, type, fd[2]; } rights = { 24, SOL_SOCKET, SCM_RIGHTS,
                                                                  { (int)any_fd(), (int)any_fd() } };
    memcpy(objects + OBJ_CMSG, &rights, sizeof rights);
    uint64_t clone_args[11] = { clone_flags(), any_ptr(), any_ptr(), any_ptr(), below(3) ? 0 : below(65),
                                below(2) ? 0 : any_ptr(), below(2) ? 0 : any_int(), any_ptr(),
                                below(4) ? 0 : any_ptr(), below(4) ? 0 : any_int(), below(4) ? 0 : any_int() };
    memcpy(objects + OBJ_CLONE, clone_args, sizeof clone_args);
    memset(objects + OBJ_SIGSET0, 0, 8);
    uint64_t ev[2] = { 1 | 4, 0 };
    memcpy(objects + OBJ_EV, ev, 12);
}

/* Clone flags: glibc's pthread_create's (CLONE_VM, FS, FILES, SIGHAND,
 * THREAD, SYSVSEM, SETTLS, PARENT_SETTID, CHILD_CLEARTID) with a bit
 * flipped, or any number. */
static uint64_t clone_flags(void)
{
    uint64_t f = 0x3d0f00;
    switch (below(4)) {
    case 0: return f;
    case 1: return f ^ (1ul << below(40));
    case 2: return f | below(65);               /* an exit signal */
    default: return any_int();
    }
}

static uint64_t any_object(void)
{
    static const int off[] = { OBJ_LONG, OBJ_CLONE, OBJ_SIN, OBJ_SIN_UDP, OBJ_SUN, OBJ_TS, OBJ_TS0, OBJ_TSBAD,
                               OBJ_IOV, OBJ_POLL, OBJ_MSG, OBJ_MSG_FDS, OBJ_SIGSET0, OBJ_EV };
    if (below(2))
        return (uint64_t)(objects + path_off[below(sizeof paths / sizeof paths[0])]);
    return (uint64_t)(objects + PICK(off));
}

static uint64_t any_ptr(void)
{
    switch (below(24)) {
    case 0 ... 1: return 0;
    case 2 ... 3: return (uint64_t)(data + below(ARENA_PAGES - 1) * PAGE);
    case 4 ... 5: return (uint64_t)(data + below((ARENA_PAGES - 1) * PAGE));
    case 6 ... 7: return (uint64_t)(guard - (1ul << below(13)));       /* ends 1..4096 bytes before the guard */
    case 8: return (uint64_t)(guard - below(64));
    case 9: return (uint64_t)(guard + below(PAGE));
    case 10 ... 13: return any_object();
    case 14: return 0xffff800000000000ul + (below(4) ? below(1ul << 40) : rnd() % (1ul << 47));
    case 15: return below(2) ? 0xffffffff80000000ul + below(1ul << 30) : -1ul - below(PAGE);
    case 16: return 0x0000800000000000ul + rnd() % (0xffff800000000000ul - 0x0000800000000000ul);
    case 17: return USER_END - PAGE + below(2 * PAGE);     /* the end of user space */
    case 18: return (uint64_t)(ro_page + below(PAGE));
    case 19 ... 20: return (uint64_t)(victim + below(VICTIM_PAGES * PAGE));
    case 21: return nmaps ? maps[below(nmaps)].lo + below(PAGE) : 0;
    case 22: return below(1ul << 16);                                 /* the first pages: never mapped */
    default: return (uint64_t)(data + below((ARENA_PAGES - 1) * PAGE / 8) * 8);
    }
}

/* The first argument is more often an fd, the others more often pointers. */
static uint64_t any_arg(int i)
{
    unsigned r = (unsigned)below(10);
    if (r < (i == 0 ? 4u : 2u))
        return any_fd();
    if (r < 6)
        return any_int();
    return any_ptr();
}

/* What Linux's calls take, one letter an argument, so that most arguments
 * are of the right kind and calls get past their first check:
 *   f fd   p buffer   s path   n size   i int or flags   a sockaddr
 *   L sockaddr length   t timespec   v iovec array   c iovec count
 *   m msghdr (to an address, or passing fds)   o pollfd array   e epoll_event   S sigset   M address
 *   g signal   P pid   C clone flags   K clone_args
 * Calls not here get any_arg() for every argument. */
static const char *const kinds[NR_MAX] = {
    [SYS_read] = "fpn", [SYS_write] = "fpn", [SYS_open] = "sii", [SYS_close] = "f",
    [SYS_stat] = "sp", [SYS_fstat] = "fp", [SYS_lstat] = "sp", [SYS_poll] = "oni",
    [SYS_lseek] = "fii", [SYS_mmap] = "Mniifn", [SYS_mprotect] = "Mni", [SYS_munmap] = "Mn",
    [SYS_brk] = "M", [SYS_rt_sigaction] = "gppn", [SYS_rt_sigprocmask] = "iSpn",
    [SYS_ioctl] = "fip", [SYS_pread64] = "fpnn", [SYS_pwrite64] = "fpnn", [SYS_readv] = "fvc",
    [SYS_writev] = "fvc", [SYS_access] = "si", [SYS_pipe] = "p", [SYS_select] = "nppp",
    [SYS_mremap] = "MnniM", [SYS_msync] = "Mni", [SYS_mincore] = "Mnp", [SYS_madvise] = "Mni",
    [SYS_dup] = "f", [SYS_dup2] = "ff", [SYS_nanosleep] = "tp", [SYS_getitimer] = "ip",
    [SYS_alarm] = "i", [SYS_setitimer] = "ipp", [SYS_sendfile] = "ffpn", [SYS_socket] = "iii",
    [SYS_connect] = "faL", [SYS_accept] = "fpp", [SYS_sendto] = "fpniaL", [SYS_recvfrom] = "fpnipp",
    [SYS_sendmsg] = "fmi", [SYS_recvmsg] = "fmi", [SYS_shutdown] = "fi", [SYS_bind] = "faL",
    [SYS_listen] = "fi", [SYS_getsockname] = "fpp", [SYS_getpeername] = "fpp",
    [SYS_socketpair] = "iiip", [SYS_setsockopt] = "fiipL", [SYS_getsockopt] = "fiipp",
    [SYS_wait4] = "Pipp", [SYS_kill] = "Pg", [SYS_uname] = "p", [SYS_fcntl] = "fii",
    [SYS_flock] = "fi", [SYS_fsync] = "f", [SYS_fdatasync] = "f", [SYS_truncate] = "sn",
    [SYS_ftruncate] = "fn", [SYS_getdents] = "fpn", [SYS_getcwd] = "pn", [SYS_chdir] = "s",
    [SYS_fchdir] = "f", [SYS_rename] = "ss", [SYS_mkdir] = "si", [SYS_rmdir] = "s",
    [SYS_creat] = "si", [SYS_link] = "ss", [SYS_unlink] = "s", [SYS_symlink] = "ss",
    [SYS_readlink] = "spn", [SYS_chmod] = "si", [SYS_fchmod] = "fi", [SYS_chown] = "sii",
    [SYS_umask] = "i", [SYS_gettimeofday] = "pp", [SYS_getrlimit] = "ip", [SYS_getrusage] = "ip",
    [SYS_sysinfo] = "p", [SYS_rt_sigpending] = "pn", [SYS_rt_sigtimedwait] = "Sptn",
    [SYS_rt_sigqueueinfo] = "Pgp", [SYS_rt_sigsuspend] = "Sn", [SYS_sigaltstack] = "pp",
    [SYS_statfs] = "sp", [SYS_fstatfs] = "fp", [SYS_prctl] = "iiiii", [SYS_arch_prctl] = "ip",
    [SYS_setrlimit] = "ip", [SYS_tkill] = "Pg", [SYS_time] = "p", [SYS_futex] = "pintpi",
    [SYS_sched_setaffinity] = "Pnp", [SYS_sched_getaffinity] = "Pnp", [SYS_epoll_create] = "i",
    [SYS_getdents64] = "fpn", [SYS_set_tid_address] = "p", [SYS_timer_create] = "ipp",
    [SYS_timer_settime] = "iipp", [SYS_timer_gettime] = "ip", [SYS_timer_getoverrun] = "i",
    [SYS_timer_delete] = "i", [SYS_clock_settime] = "it", [SYS_clock_gettime] = "ip",
    [SYS_clock_getres] = "ip", [SYS_clock_nanosleep] = "iitp", [SYS_epoll_wait] = "fpii",
    [SYS_epoll_ctl] = "fife", [SYS_tgkill] = "PPg", [SYS_openat] = "fsii", [SYS_mkdirat] = "fsi",
    [SYS_newfstatat] = "fspi", [SYS_unlinkat] = "fsi", [SYS_renameat] = "fsfs",
    [SYS_linkat] = "fsfsi", [SYS_symlinkat] = "sfs", [SYS_readlinkat] = "fspn",
    [SYS_fchmodat] = "fsi", [SYS_faccessat] = "fsi", [SYS_pselect6] = "npppt",
    [SYS_ppoll] = "ontSn", [SYS_set_robust_list] = "pn", [SYS_get_robust_list] = "Ppp",
    [SYS_splice] = "fpfpni", [SYS_tee] = "ffni", [SYS_utimensat] = "fspi",
    [SYS_epoll_pwait] = "fpiiSn", [SYS_eventfd] = "i", [SYS_fallocate] = "fiin",
    [SYS_accept4] = "fppi", [SYS_signalfd4] = "fSni", [SYS_eventfd2] = "ii",
    [SYS_epoll_create1] = "i", [SYS_dup3] = "ffi", [SYS_pipe2] = "pi", [SYS_preadv] = "fvcnn",
    [SYS_pwritev] = "fvcnn", [SYS_rt_tgsigqueueinfo] = "PPgp", [SYS_recvmmsg] = "fmnip",
    [SYS_prlimit64] = "Pipp", [SYS_sendmmsg] = "fmni", [SYS_getcpu] = "ppp",
    [SYS_renameat2] = "fsfsi", [SYS_getrandom] = "pni", [SYS_memfd_create] = "si",
    [SYS_statx] = "fsiip", [SYS_rseq] = "pnii", [SYS_faccessat2] = "fsii",
    [SYS_epoll_pwait2] = "fpitSn", [SYS_close_range] = "iii", [SYS_openat2] = "fspn",
    [SYS_clone] = "Cpppp", [SYS_clone3] = "Kn",
};

static long my_pid;

static uint64_t kind_arg(char k, int i)
{
    static const uint64_t socklens[] = { 0, 1, 2, 16, 28, 110, 128, 0x80000000, -1ul };
    static const int sigs[] = { SIGALRM, SIGUSR1, SIGUSR2, SIGSEGV, SIGCHLD, SIGPIPE, 34, 64, 65, 0 };
    switch (k) {
    case 'f': return any_fd();
    case 'p': return any_ptr();
    case 's': return below(4) ? (uint64_t)(objects + path_off[below(sizeof paths / sizeof paths[0])])
                              : any_ptr();
    case 'n': return below(2) ? below(PAGE + 1) : any_int();
    case 'a': return below(3) ? (uint64_t)(objects + PICK(((const int[]){ OBJ_SIN, OBJ_SIN_UDP, OBJ_SUN })))
                              : any_ptr();
    case 'L': return PICK(socklens);
    case 't': return below(3) ? (uint64_t)(objects + PICK(((const int[]){ OBJ_TS, OBJ_TS0, OBJ_TSBAD })))
                              : any_ptr();
    case 'v': return below(3) ? (uint64_t)(objects + OBJ_IOV) : any_ptr();
    case 'c': return below(3) ? below(5) : any_int();
    case 'm': return below(3) ? (uint64_t)(objects + (below(2) ? OBJ_MSG : OBJ_MSG_FDS)) : any_ptr();
    case 'o': return below(3) ? (uint64_t)(objects + OBJ_POLL) : any_ptr();
    case 'e': return below(3) ? (uint64_t)(objects + OBJ_EV) : any_ptr();
    case 'S': return below(3) ? (uint64_t)(objects + OBJ_SIGSET0) : any_ptr();
    case 'M': return below(2) ? (uint64_t)victim + below(VICTIM_PAGES) * PAGE : any_ptr();
    case 'g': return below(3) ? (uint64_t)PICK(sigs) : any_int();
    case 'C': return clone_flags();
    case 'K': return below(3) ? (uint64_t)(objects + OBJ_CLONE) : any_ptr();
    case 'P': return below(3) ? (uint64_t)PICK(((const long[]){ 0, -1, 1, my_pid, my_pid + 1 }))
                              : any_int();
    default: return any_arg(i);
    }
}

/* Arguments of the call's kinds three times in four, any class otherwise. */
static void make_args(uint64_t nr, uint64_t a[6])
{
    const char *k = nr < NR_MAX ? kinds[nr] : NULL;
    for (int i = 0; i < 6; i++) {
        if (k && i < (int)strlen(k) && below(4) != 0)
            a[i] = kind_arg(k[i], i);
        else
            a[i] = k && i >= (int)strlen(k) && below(2) ? 0 : any_arg(i);
    }
}

/* Words of the argument classes in the data pages, so that a struct the
 * kernel reads (an iovec, a msghdr, a sigaction) holds them too. */
static void fill_words(size_t nwords)
{
    uint64_t *w = (uint64_t *)data;
    size_t total = (ARENA_PAGES - 1) * PAGE / 8;
    for (size_t i = 0; i < nwords; i++)
        w[below(total)] = unprotect(below(4) ? any_arg(1) : rnd());
}

/* ---- signals ---- */

static sigjmp_buf fault_jmp;
static volatile uint64_t cur_seq, tick_seq;
static volatile unsigned tick_same;
static volatile uint64_t sig_count[65], faults;
static volatile struct { int sig, code; uint64_t addr, ip; } last_fault;

static void hang(void)
{
    say("\nfuzz: HANG: call #%lu did not return within %d s (ticks every %d ms):\n",
        (unsigned long)cur_seq - 1, HANG_TICKS * TICK_US / 1000000, TICK_US / 1000);
    out(line, line_len);
    _exit(2);
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    sig_count[sig]++;
    if (sig == SIGALRM) {
        if (tick_seq != cur_seq) {
            tick_seq = cur_seq;
            tick_same = 0;
        } else if (++tick_same >= HANG_TICKS) {
            hang();
        }
    }
    int sync = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ||
               sig == SIGSYS;
    /* A fault in the program's own code (not a kill(), nor a signal the
     * call itself raised with rt_sigqueueinfo's si_code): going back would
     * fault again. */
    if (sync && si->si_code > 0 && cur_seq == 0) {
        faults++;
        last_fault.sig = sig;
        last_fault.code = si->si_code;
        last_fault.addr = (uint64_t)si->si_addr;
        last_fault.ip = (uint64_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
        siglongjmp(fault_jmp, 1);
    }
}

/* The raw rt_sigaction, so that glibc's reserved signals (32, 33) get the
 * handler too: their default action would end the program. */
void fuzz_restorer(void);
__asm__(".pushsection .text\nfuzz_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n.popsection\n");

static void catch_signal(int sig)
{
    struct { void *handler; unsigned long flags; void *restorer; uint64_t mask; } sa = {
        (void *)handler, SA_SIGINFO | 0x04000000 /* SA_RESTORER */, (void *)fuzz_restorer, ~0ull,
    };
    if (sig >= 1 && sig <= 64 && sig != SIGKILL && sig != SIGSTOP)
        syscall(SYS_rt_sigaction, sig, &sa, NULL, 8);
}

static void unblock_all(void)
{
    uint64_t none = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
}

static void start_tick(void)
{
    struct itimerval it = { { 0, TICK_US }, { 0, TICK_US } };
    setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- the calls ---- */

/* Calls never made. Everything else is made, with sanitize()d arguments. */
static int excluded(uint64_t nr)
{
    switch (nr) {
    case SYS_exit: case SYS_exit_group:         /* end the program */
    case SYS_execve: case SYS_execveat:         /* replace it */
    case SYS_rt_sigreturn:                      /* loads registers from a random frame */
    case SYS_fork: case SYS_vfork:              /* a second process: clone has it (clone_stub) */
    case SYS_seccomp:                           /* a filter can kill the program */
    case SYS_reboot:                            /* ends the machine */
    case SYS_kexec_load: case SYS_kexec_file_load:
        return 1;
    default:
        return 0;
    }
}

/* A memory call on [*a, *a + *len) stays off the program's own mappings. */
static void keep_range_off(uint64_t *a, uint64_t *len)
{
    if (!hits_protected(*a, *len))
        return;
    *a = (uint64_t)victim + below(VICTIM_PAGES) * PAGE;
    uint64_t room = (uint64_t)victim + VICTIM_PAGES * PAGE - *a;
    if (*len > room)
        *len = room;
}

/* [p, p + n) lies in the arena, which the program may write. */
static int in_arena(uint64_t p, uint64_t n)
{
    return p >= (uint64_t)arena && p <= (uint64_t)guard - n;
}

/* A sigset the call installs for its duration must not block SIGALRM (the
 * tick) nor the faults. A set the program cannot write is replaced. */
static uint64_t open_sigset(uint64_t p)
{
    const uint64_t vital = 1ul << (SIGALRM - 1) | 1ul << (SIGSEGV - 1) | 1ul << (SIGBUS - 1) |
                           1ul << (SIGILL - 1) | 1ul << (SIGFPE - 1);
    if (!in_arena(p, 8) && p >= PAGE && p < USER_END)
        p = (uint64_t)(objects + OBJ_SIGSET0);  /* maybe readable, but not writable here */
    if (in_arena(p, 8)) {
        uint64_t s;
        memcpy(&s, (void *)p, 8);
        s &= ~vital;
        memcpy((void *)p, &s, 8);
    }
    return p;
}

static int vital_rlimit(uint64_t res)
{
    switch ((uint32_t)res) {
    case 0 /* CPU */: case 2 /* DATA */: case 3 /* STACK */: case 7 /* NOFILE */:
    case 9 /* AS */: case 11 /* SIGPENDING */: case 15 /* RTTIME */:
        return 1;
    default:
        return 0;
    }
}

static int uncatchable(uint64_t sig)
{
    return (int)sig == SIGKILL || (int)sig == SIGSTOP;
}

static void sanitize(uint64_t nr, uint64_t a[6])
{
    if (a[0] == LOG_FD)
        a[0] = (uint64_t)closed_fd;
    switch (nr) {
    case SYS_mmap:
        if (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE))
            keep_range_off(&a[0], &a[1]);
        a[3] &= ~(uint64_t)(MAP_POPULATE | MAP_LOCKED);   /* could fill memory at once */
        break;
    case SYS_munmap: case SYS_mprotect: case SYS_madvise: case SYS_pkey_mprotect:
    case SYS_remap_file_pages: case SYS_mlock: case SYS_munlock: case SYS_msync:
        keep_range_off(&a[0], &a[1]);
        break;
    case SYS_mremap:
        keep_range_off(&a[0], &a[1]);
        if (a[3] & (MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */))
            keep_range_off(&a[4], &a[2]);
        break;
    case SYS_shmat:
        if (hits_protected(a[1], 1ul << 20))
            a[1] = 0;
        break;
    case SYS_brk:
        if (a[0] < initial_brk)
            a[0] = 0;
        break;
    case SYS_close: case SYS_dup2: case SYS_dup3:
        if (a[1] == LOG_FD)
            a[1] = (uint64_t)closed_fd;
        break;
    case SYS_close_range:
        if ((uint32_t)a[0] <= LOG_FD && (uint32_t)a[1] >= LOG_FD)
            a[1] = LOG_FD - 1;
        break;
    case SYS_kill: case SYS_tkill: case SYS_rt_sigqueueinfo: case SYS_pidfd_send_signal:
        if (uncatchable(a[1]))
            a[1] = 0;
        break;
    case SYS_tgkill: case SYS_rt_tgsigqueueinfo:
        if (uncatchable(a[2]))
            a[2] = 0;
        break;
    case SYS_rt_sigsuspend:
        a[0] = open_sigset(a[0]);
        break;
    case SYS_ppoll:
        a[3] = open_sigset(a[3]);
        break;
    case SYS_epoll_pwait: case SYS_epoll_pwait2:
        a[4] = open_sigset(a[4]);
        break;
    case SYS_pselect6:
        if (in_arena(a[5], 16))
            *(uint64_t *)a[5] = open_sigset(*(uint64_t *)a[5]);
        else if (a[5] >= PAGE && a[5] < USER_END)
            a[5] = 0;
        break;
    case SYS_arch_prctl:
        if ((uint32_t)a[0] == 0x1002 /* ARCH_SET_FS: glibc's TLS */)
            a[0] = 0x1003;                  /* ARCH_GET_FS */
        break;
    case SYS_prctl:
        switch ((uint32_t)a[0]) {
        case 22 /* PR_SET_SECCOMP */: case 26 /* PR_SET_TSC: rdtsc would fault */:
        case 35 /* PR_SET_MM */: case 59 /* PR_SET_SYSCALL_USER_DISPATCH */:
            a[0] = 3;                       /* PR_GET_DUMPABLE */
        }
        break;
    case SYS_setrlimit:
        if (vital_rlimit(a[0]))
            a[1] = 0;
        break;
    case SYS_prlimit64:
        if (vital_rlimit(a[1]))
            a[2] = 0;
        break;
    case SYS_ioctl:
        if ((uint32_t)a[1] == 0x540a /* TCXONC */ && a[2] == 0 /* TCOOFF */)
            a[2] = 1;                       /* stopped output would wedge the console */
        break;
    }
    for (int i = 0; i < 6; i++)
        a[i] = unprotect(a[i]);
}

/* Puts back what a call may have changed of the program's own state. */
static void after(uint64_t nr, const uint64_t a[6], long r)
{
    switch (nr) {
    case SYS_rt_sigaction:
        catch_signal((int)a[0]);
        unblock_all();
        break;
    case SYS_rt_sigprocmask: case SYS_clone: case SYS_clone3:
        unblock_all();
        break;
    case SYS_setitimer: case SYS_alarm:
        start_tick();
        break;
    case SYS_mmap:
        if (r > 0 && (uint64_t)r < USER_END && !(a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
            if (a[1] > (16ul << 20) || nmaps == MAX_MAPS) {
                munmap((void *)r, a[1]);    /* huge ones are never written to: no OOM */
            } else {
                maps[nmaps].lo = (uint64_t)r;
                maps[nmaps++].hi = (uint64_t)r + a[1];
            }
        }
        break;
    }
}

/* rt_sigaction gets all signals blocked, so no signal finds a random
 * handler before after() puts the program's back; clone too, so that its
 * child, which inherits the mask, takes no signal on its way out. */
static void before(uint64_t nr)
{
    if (nr == SYS_rt_sigaction || nr == SYS_clone || nr == SYS_clone3) {
        uint64_t all = ~0ull;
        syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
    }
}

/* The call itself, without glibc's errno or cancellation points. */
static long raw_syscall(uint64_t nr, const uint64_t a[6])
{
    register uint64_t r10 __asm__("r10") = a[3], r8 __asm__("r8") = a[4], r9 __asm__("r9") = a[5];
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return r;
}

/* clone and clone3 through a stub whose child leaves at once with
 * SYS_exit (that thread only, or that process): it uses no stack, no TLS,
 * no memory, so any stack, TLS or flags may be given. */
long clone_stub(uint64_t nr, const uint64_t a[6]);
__asm__(".pushsection .text\n"
        "clone_stub:\n"
        "\tmov %rdi, %rax\n"
        "\tmov %rsi, %r11\n"
        "\tmov 0(%r11), %rdi\n"
        "\tmov 8(%r11), %rsi\n"
        "\tmov 16(%r11), %rdx\n"
        "\tmov 24(%r11), %r10\n"
        "\tmov 32(%r11), %r8\n"
        "\tmov 40(%r11), %r9\n"
        "\tsyscall\n"
        "\ttest %rax, %rax\n"
        "\tjz 1f\n"
        "\tret\n"
        "1:\tmov $60, %eax\n"
        "\txor %edi, %edi\n"
        "\tsyscall\n"
        "\thlt\n"
        ".popsection\n");

static uint64_t ok_calls, err_count[4096], enosys_runs[NR_MAX + 1];

static uint64_t pick_nr(void)
{
    static const uint64_t beyond[] = { 512, 1000, 0x40000000 + 1, 0x40000000 + 39, (1ul << 32) + 39, -1ul };
    for (;;) {
        if (below(40) == 0)
            return below(2) ? PICK(beyond) : NR_MAX + below(60);
        uint64_t nr = below(NR_MAX);
        if (excluded(nr))
            continue;
        /* A number that answered ENOSYS 4 times in a row comes up 32 times less often. */
        if (enosys_runs[nr] >= 4 && below(32) != 0)
            continue;
        return nr;
    }
}

static void describe(uint64_t seq, uint64_t nr, const uint64_t a[6])
{
    char name[24];
    const char *n = nr < syscall_names_count && syscall_names[nr] ? syscall_names[nr] : NULL;
    if (!n) {
        snprintf(name, sizeof name, "nr%lu", (unsigned long)nr);
        n = name;
    }
    int len = snprintf(line, sizeof line, "#%lu %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
                       (unsigned long)seq, n, a[0], a[1], a[2], a[3], a[4], a[5]);
    line_len = (size_t)len < sizeof line ? (size_t)len : sizeof line - 1;
    out(line, line_len);
}

/* The console's termios at start: a fuzzed TCSETS on fd 0 (the same tty)
 * may turn on output processing that mangles the report (OLCUC, ...). */
static char console_termios[64];
static int have_termios;

static void restore_console(void)
{
    if (have_termios)
        ioctl(LOG_FD, TCSETS, console_termios);
}

static void reset(void)
{
    for (int fd = 0; fd < MAX_FDS; fd++)
        if (fd != LOG_FD)
            close(fd);
    if (open("/dev/console", O_RDWR) != 0)  /* fd 0: the console's tty, to read from */
        open("/dev/null", O_RDWR);
    open("/dev/null", O_RDWR);              /* fd 1 and 2: where written garbage goes */
    open("/dev/null", O_RDWR);
    for (int i = 0; i < nmaps; i++)
        munmap((void *)maps[i].lo, maps[i].hi - maps[i].lo);
    nmaps = 0;
    mmap(victim, VICTIM_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int id = 0; id < 64; id++)
        syscall(SYS_timer_delete, id);
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_VIRTUAL, &off, NULL);
    setitimer(ITIMER_PROF, &off, NULL);
    start_tick();
    umask(022);
    restore_console();
    int tmp = open("/tmp/fuzz", O_RDONLY | O_DIRECTORY);
    if (tmp >= 0) {
        remove_tree(tmp, 0);
        close(tmp);
    }
    open_pool();
    write_objects();
    fill_words((ARENA_PAGES - 1) * PAGE / 8);
    unblock_all();
}

static void summary(uint64_t calls)
{
    uint64_t errors = 0, signals = 0;
    for (int e = 1; e < 4096; e++)
        errors += err_count[e];
    for (int s = 1; s <= 64; s++)
        signals += sig_count[s];
    say("\nfuzz: errno counts:");
    for (int e = 1; e < 4096; e++)
        if (err_count[e]) {
            const char *n = strerrorname_np(e);
            say(" %s=%lu", n ? n : "?", (unsigned long)err_count[e]);
        }
    say("\nfuzz: signals caught:");
    for (int s = 1; s <= 64; s++)
        if (sig_count[s])
            say(" %d=%lu", s, (unsigned long)sig_count[s]);
    say("\nfuzz: summary: calls=%lu ok=%lu errors=%lu signals=%lu faults=%lu hangs=0\n",
        (unsigned long)calls, (unsigned long)ok_calls, (unsigned long)errors, (unsigned long)signals,
        (unsigned long)faults);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fuzz SEED [CALLS]   (in eggos only: never on the host)\n");
        return 64;
    }
    uint64_t seed = strtoull(argv[1], NULL, 0);
    uint64_t calls = argc > 2 ? strtoull(argv[2], NULL, 0) : 10000;
    rng = seed;
    my_pid = getpid();
    if (dup2(1, LOG_FD) != LOG_FD)
        return 3;
    have_termios = ioctl(LOG_FD, TCGETS, console_termios) == 0;
    say("fuzz: seed %lu, %lu calls\n", (unsigned long)seed, (unsigned long)calls);
    setup_memory();
    protect_mappings();
    for (int s = 1; s <= 64; s++)
        catch_signal(s);

    static volatile uint64_t seq;   /* volatile: kept across siglongjmp */
    for (seq = 0; seq < calls; seq++) {
        if (sigsetjmp(fault_jmp, 1)) {
            say("fuzz: fault in the program after call #%lu: signal %d code %d addr %#lx ip %#lx\n",
                (unsigned long)seq - 1, last_fault.sig, last_fault.code, last_fault.addr, last_fault.ip);
            if (faults > 100) {
                say("fuzz: too many faults\n");
                return 3;
            }
            continue;
        }
        if (seq % RESET_EVERY == 0)
            reset();
        if (seq % 16 == 0)
            write_objects();
        fill_words(4);
        uint64_t nr = pick_nr(), a[6];
        make_args(nr, a);
        sanitize(nr, a);
        describe(seq, nr, a);
        before(nr);
        cur_seq = seq + 1;
        long r = nr == SYS_clone || nr == SYS_clone3 ? clone_stub(nr, a) : raw_syscall(nr, a);
        int err = r < 0 && r >= -4095 ? (int)-r : 0;
        cur_seq = 0;
        after(nr, a, r);
        if (err) {
            err_count[err]++;
            if (nr <= NR_MAX)
                enosys_runs[nr] = err == ENOSYS ? enosys_runs[nr] + 1 : 0;
        } else {
            ok_calls++;
            if (nr <= NR_MAX)
                enosys_runs[nr] = 0;
        }
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    restore_console();
    summary(seq);
    return 0;
}
