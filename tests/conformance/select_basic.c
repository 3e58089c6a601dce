/* select and pselect6: the three sets, counts, EBADF for closed fds, set
 * bits past nfds, timeouts and their write-back, argument errors. */
#include "conf.h"
#include <signal.h>
#include <sys/select.h>
#include <time.h>

/* Raw select, so the kernel's timeout write-back shows. */
static long sel(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
    return syscall(SYS_select, n, r, w, e, tv);
}

static void show(const char *what, int n, fd_set *s)
{
    printf("%s:", what);
    for (int fd = 0; fd < n; fd++)
        if (FD_ISSET(fd, s))
            printf(" %d", fd);
    printf("\n");
}

int main(void)
{
    int p[2], q[2];
    pipe(p);
    pipe(q);
    int hi = q[1] + 1;
    fd_set r, w, e;
    struct timeval tv = { 0, 0 };

    /* nothing to read yet; both write ends writable */
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(p[0], &r);
    FD_SET(q[0], &r);
    FD_SET(p[1], &w);
    FD_SET(q[1], &w);
    FD_SET(p[0], &e);
    CHECK_RET("select: two writable", sel(hi, &r, &w, &e, &tv), 2);
    show("readable", hi, &r);
    show("writable", hi, &w);
    show("exceptional", hi, &e);

    /* one fd in both sets counts twice */
    write(q[1], "x", 1);
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(q[0], &r);
    FD_SET(q[1], &r);
    FD_SET(q[1], &w);
    CHECK_RET("select: fd in two sets", sel(hi, &r, &w, NULL, &tv), 2);
    show("readable", hi, &r);
    show("writable", hi, &w);

    /* a closed writer makes the reader readable (EOF) */
    close(p[1]);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_RET("select: writer closed", sel(hi, &r, NULL, NULL, &tv), 1);
    show("readable", hi, &r);

    /* closed fds in any set: EBADF, and the sets are left alone */
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    FD_SET(p[1], &r);
    CHECK_ERRNO("select: closed fd in read set", sel(hi, &r, NULL, NULL, &tv), EBADF);
    CHECK("read set untouched", FD_ISSET(p[1], &r) && FD_ISSET(q[0], &r));
    FD_ZERO(&w);
    FD_SET(p[1], &w);
    CHECK_ERRNO("select: closed fd in write set", sel(hi, NULL, &w, NULL, &tv), EBADF);
    FD_ZERO(&e);
    FD_SET(p[1], &e);
    CHECK_ERRNO("select: closed fd in except set", sel(hi, NULL, NULL, &e, &tv), EBADF);
    /* ... but not past nfds: those bits are ignored and cleared */
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    FD_SET(60, &r);
    CHECK_RET("select: closed fd past nfds", sel(q[0] + 1, &r, NULL, NULL, &tv), 1);
    CHECK("bit past nfds cleared", !FD_ISSET(60, &r) && FD_ISSET(q[0], &r));

    /* /dev/null: always readable and writable */
    int dn = open("/dev/null", O_RDONLY);
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(dn, &r);
    FD_SET(dn, &w);
    FD_SET(dn, &e);
    CHECK_RET("select: /dev/null", sel(dn + 1, &r, &w, &e, &tv), 2);
    CHECK("/dev/null readable and writable, not exceptional",
          FD_ISSET(dn, &r) && FD_ISSET(dn, &w) && !FD_ISSET(dn, &e));

    /* timeouts: written back as the time left */
    char c;
    read(q[0], &c, 1);
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    tv = (struct timeval){ 0, 50000 };
    long long t0 = conf_now_ns();
    CHECK_RET("select 50 ms, nothing", sel(hi, &r, NULL, NULL, &tv), 0);
    conf_check_waited("  it waited", conf_now_ns() - t0, 50);
    printf("time left: %ld.%06ld, set emptied: %s\n", (long)tv.tv_sec, (long)tv.tv_usec,
           FD_ISSET(q[0], &r) ? "no" : "yes");
    write(q[1], "y", 1);
    FD_SET(q[0], &r);
    tv = (struct timeval){ 5, 0 };
    CHECK_RET("select 5 s, ready", sel(hi, &r, NULL, NULL, &tv), 1);
    CHECK("time left written back: under 5 s", tv.tv_sec < 5 && (tv.tv_sec || tv.tv_usec));
    /* microseconds past a second carry */
    tv = (struct timeval){ 0, 1500000 };
    CHECK_RET("select tv_usec 1500000", sel(hi, &r, NULL, NULL, &tv), 1);
    long left = tv.tv_sec * 1000000 + tv.tv_usec;
    CHECK("time left written back normalized, under 1.5 s",
          tv.tv_usec < 1000000 && left > 0 && left < 1500000);
    tv = (struct timeval){ -1, 0 };
    CHECK_ERRNO("select negative tv_sec", sel(hi, &r, NULL, NULL, &tv), EINVAL);
    tv = (struct timeval){ 0, -1 };
    CHECK_ERRNO("select negative tv_usec", sel(hi, &r, NULL, NULL, &tv), EINVAL);
    CHECK_ERRNO("select nfds -1", sel(-1, &r, NULL, NULL, NULL), EINVAL);
    CHECK_ERRNO("select bad set pointer", sel(hi, (fd_set *)16, NULL, NULL, NULL), EFAULT);
    CHECK_ERRNO("select bad timeval pointer", sel(hi, &r, NULL, NULL, (void *)16), EFAULT);
    /* nfds beyond any descriptor table: clamped */
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    tv = (struct timeval){ 0, 0 };
    CHECK_RET("select nfds 1000000", sel(1000000, &r, NULL, NULL, &tv), 1);
    /* select(0, ...) sleeps */
    tv = (struct timeval){ 0, 30000 };
    t0 = conf_now_ns();
    CHECK_RET("select(0) sleeps 30 ms", sel(0, NULL, NULL, NULL, &tv), 0);
    conf_check_waited("  it slept", conf_now_ns() - t0, 30);

    /* pselect6: a timespec, not written back by glibc but by the kernel */
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    struct timespec ts = { 5, 0 };
    CHECK_RET("pselect6 ready", syscall(SYS_pselect6, hi, &r, NULL, NULL, &ts, NULL), 1);
    CHECK("pselect6 time left written back: under 5 s", ts.tv_sec < 5 && (ts.tv_sec || ts.tv_nsec));
    read(q[0], &c, 1);
    ts = (struct timespec){ 0, 20000000 };
    CHECK_RET("pselect6 20 ms", syscall(SYS_pselect6, hi, &r, NULL, NULL, &ts, NULL), 0);
    printf("pselect6 time left: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
    sigset_t set;
    sigemptyset(&set);
    struct { sigset_t *s; size_t len; } arg = { &set, 8 };
    FD_ZERO(&w);
    FD_SET(q[1], &w);
    CHECK_RET("pselect6 with a mask", syscall(SYS_pselect6, hi, NULL, &w, NULL, NULL, &arg), 1);
    arg.len = 4;
    CHECK_ERRNO("pselect6 sigsetsize 4", syscall(SYS_pselect6, hi, NULL, &w, NULL, NULL, &arg),
                EINVAL);
    arg.s = NULL;
    CHECK_RET("pselect6 sigsetsize 4 without a mask",
              syscall(SYS_pselect6, hi, NULL, &w, NULL, NULL, &arg), 1);
    ts = (struct timespec){ 0, 1000000000 };
    CHECK_ERRNO("pselect6 tv_nsec 1e9", syscall(SYS_pselect6, hi, NULL, &w, NULL, &ts, NULL),
                EINVAL);
    CHECK_ERRNO("pselect6 bad sigset arg", syscall(SYS_pselect6, hi, NULL, &w, NULL, NULL,
                (void *)16), EFAULT);
    return 0;
}
