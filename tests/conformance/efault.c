/* EFAULT: bad user pointers are refused, never followed (raw syscalls, no vDSO). */
#include "conf.h"
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <time.h>

static int mapped(unsigned long addr)
{
    char *maps = conf_read_all("/proc/self/maps", NULL);
    int hit = 0;
    for (char *l = maps; l && *l;) {
        unsigned long s, e;
        if (sscanf(l, "%lx-%lx", &s, &e) == 2 && addr >= s && addr < e)
            hit = 1;
        char *nl = strchr(l, '\n');
        if (!nl)
            break;
        l = nl + 1;
    }
    free(maps);
    return hit;
}

int main(void)
{
    conf_workdir("efault");
    /* an unmapped page of our own */
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    /* 0xdead000: unmapped on any Linux unless the randomised brk heap happens
     * to land on it; then fall back to a page below mmap_min_addr */
    void *dead = mapped(0xdead000UL) ? (void *)0x1000UL : (void *)0xdead000UL;
    void *kernel = (void *)0xffffffff81000000UL;
    void *kdirect = (void *)0xffff888000001000UL;
    void *noncanon = (void *)0x0000800000000000UL;
    CHECK("0xdead000 (or the fallback) unmapped", !mapped((unsigned long)dead));
    CHECK("page 0 unmapped", !mapped(0));
    CHECK("our hole unmapped", !mapped((unsigned long)gone));

    int fd = open("f", O_RDWR | O_CREAT, 0600);
    write(fd, "0123456789", 10);
    int zfd = open("/dev/zero", O_RDONLY);
    int p[2];
    pipe(p);

    lseek(fd, 0, SEEK_SET);
    CHECK_SYSCALL_ERRNO("read file into NULL", EFAULT, SYS_read, fd, NULL, 10);
    CHECK_RET("offset unchanged by the failed read", lseek(fd, 0, SEEK_CUR), 0);
    CHECK_SYSCALL_ERRNO("pread file into NULL", EFAULT, SYS_pread64, fd, NULL, 10, 0);
    CHECK_SYSCALL_ERRNO("read /dev/zero into NULL", EFAULT, SYS_read, zfd, NULL, 10);
    CHECK_SYSCALL_ERRNO("read /dev/zero into unmapped page", EFAULT, SYS_read, zfd, gone, 10);
    CHECK_SYSCALL_ERRNO("read /dev/zero into kernel text", EFAULT, SYS_read, zfd, kernel, 10);
    CHECK_SYSCALL_ERRNO("read /dev/zero into kernel direct map", EFAULT, SYS_read, zfd, kdirect, 10);
    CHECK_SYSCALL_ERRNO("read /dev/zero to non-canonical", EFAULT, SYS_read, zfd, noncanon, 10);
    CHECK_SYSCALL_ERRNO("write file from (void*)1", EFAULT, SYS_write, fd, 1, 10);
    CHECK_SYSCALL_ERRNO("write pipe from (void*)1", EFAULT, SYS_write, p[1], 1, 10);
    CHECK_SYSCALL_ERRNO("write pipe from kernel", EFAULT, SYS_write, p[1], kernel, 10);
    CHECK_SYSCALL_ERRNO("pwrite file from unmapped page", EFAULT, SYS_pwrite64, fd, gone, 10, 0);
    write(p[1], "abc", 3);
    CHECK_SYSCALL_ERRNO("read pipe into NULL", EFAULT, SYS_read, p[0], NULL, 3);
    struct iovec bad[1] = {{(void *)1, 10}};
    CHECK_SYSCALL_ERRNO("writev with bad iov_base", EFAULT, SYS_writev, fd, bad, 1);
    CHECK_SYSCALL_ERRNO("writev with bad iovec array", EFAULT, SYS_writev, fd, dead, 1);
    CHECK_SYSCALL_ERRNO("readv with bad iovec array", EFAULT, SYS_readv, fd, NULL, 1);

    CHECK_SYSCALL_ERRNO("open path NULL", EFAULT, SYS_open, NULL, O_RDONLY);
    CHECK_SYSCALL_ERRNO("openat path in kernel", EFAULT, SYS_openat, AT_FDCWD, kernel, O_RDONLY);
    CHECK_SYSCALL_ERRNO("stat path (char*)8", EFAULT, SYS_stat, 8, (long)&(struct stat){0});
    struct stat st;
    CHECK_SYSCALL_ERRNO("stat into bad buffer", EFAULT, SYS_stat, "f", dead);
    CHECK_SYSCALL_ERRNO("fstat into NULL", EFAULT, SYS_fstat, fd, NULL);
    CHECK_SYSCALL_ERRNO("lstat into kernel", EFAULT, SYS_lstat, "f", kernel);
    CHECK_SYSCALL_ERRNO("newfstatat path bad", EFAULT, SYS_newfstatat, AT_FDCWD, dead, &st, 0);
    CHECK_SYSCALL_ERRNO("statx into bad buffer", EFAULT, SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, dead);
    CHECK_SYSCALL_ERRNO("access path bad", EFAULT, SYS_access, dead, F_OK);
    CHECK_SYSCALL_ERRNO("mkdir path bad", EFAULT, SYS_mkdir, dead, 0700);
    CHECK_SYSCALL_ERRNO("unlink path bad", EFAULT, SYS_unlink, gone);
    CHECK_SYSCALL_ERRNO("rename new path bad", EFAULT, SYS_rename, "f", dead);
    CHECK_SYSCALL_ERRNO("chdir path bad", EFAULT, SYS_chdir, dead);
    char lbuf[64];
    CHECK_SYSCALL_ERRNO("readlink path bad", EFAULT, SYS_readlink, dead, lbuf, sizeof lbuf);
    CHECK_SYSCALL_ERRNO("readlink into bad buffer", EFAULT, SYS_readlink, "/proc/self/exe", dead, 64);
    CHECK_SYSCALL_ERRNO("getdents64 into bad buffer", EFAULT, SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), dead, 4096);

    CHECK_SYSCALL_ERRNO("clock_gettime into 0xdead000", EFAULT, SYS_clock_gettime, CLOCK_MONOTONIC, dead);
    CHECK_SYSCALL_ERRNO("clock_gettime into kernel", EFAULT, SYS_clock_gettime, CLOCK_REALTIME, kernel);
    CHECK_SYSCALL_ERRNO("clock_getres into bad buffer", EFAULT, SYS_clock_getres, CLOCK_MONOTONIC, dead);
    CHECK_SYSCALL_ERRNO("gettimeofday into bad buffer", EFAULT, SYS_gettimeofday, dead, NULL);
    CHECK_SYSCALL_ERRNO("nanosleep bad request", EFAULT, SYS_nanosleep, dead, NULL);
    CHECK_SYSCALL_ERRNO("getcwd into unmapped page", EFAULT, SYS_getcwd, gone, 4096);
    CHECK_SYSCALL_ERRNO("uname(NULL)", EFAULT, SYS_uname, NULL);
    CHECK_SYSCALL_ERRNO("sysinfo(NULL)", EFAULT, SYS_sysinfo, NULL);
    CHECK_SYSCALL_ERRNO("getrandom into NULL", EFAULT, SYS_getrandom, NULL, 16, 0);
    CHECK_SYSCALL_ERRNO("getrlimit into bad buffer", EFAULT, SYS_getrlimit, 7, dead);
    CHECK_SYSCALL_ERRNO("prlimit64 new limit bad", EFAULT, SYS_prlimit64, 0, 7, dead, NULL);
    CHECK_SYSCALL_ERRNO("pipe2 into bad buffer", EFAULT, SYS_pipe2, dead, 0);
    CHECK_SYSCALL_ERRNO("sched_getaffinity bad mask", EFAULT, SYS_sched_getaffinity, 0, 128, dead);
    CHECK_SYSCALL_ERRNO("ioctl TCGETS bad buffer on a file", ENOTTY, SYS_ioctl, fd, 0x5401, dead);

    /* nothing was harmed: the fds still work */
    char buf[4] = {0};
    CHECK_RET("pipe still readable", read(p[0], buf, 3), 3);
    printf("pipe data: [%s]\n", buf);
    CHECK_RET("file still readable", pread(fd, buf, 3, 0), 3);
    printf("file data: [%.3s]\n", buf);
    return 0;
}
