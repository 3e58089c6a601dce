/* copy_file_range: bytes from one file to another (or another place of the
 * same file) at offsets or the files' positions, shortened at the source's
 * end, and Linux's errors (the JDK's Files.copy and FileChannel.transferTo
 * and transferFrom between files since JDK 19). */
#include "conf.h"

static long cfr(int in, loff_t *oin, int out, loff_t *oout, size_t len, unsigned flags)
{
    return syscall(SYS_copy_file_range, in, oin, out, oout, len, flags);
}

static int contents(const char *path, const char *want, size_t n)
{
    size_t len;
    char *c = conf_read_all(path, &len);
    int same = c && len == n && !memcmp(c, want, n);
    free(c);
    return same;
}

static long offset(int fd)
{
    return (long)lseek(fd, 0, SEEK_CUR);
}

int main(void)
{
    conf_workdir("copy_file_range");
    char big[3 * 4096 + 100];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    conf_write_file("src", big, sizeof big);
    int in = open("src", O_RDONLY), out = open("dst", O_CREAT | O_RDWR, 0644);

    CHECK_RET("whole file at the positions", cfr(in, NULL, out, NULL, sizeof big, 0), sizeof big);
    CHECK("positions moved", offset(in) == (long)sizeof big && offset(out) == (long)sizeof big);
    CHECK("copied", contents("dst", big, sizeof big));
    CHECK_RET("at the source's end", cfr(in, NULL, out, NULL, 100, 0), 0);
    loff_t oi = 4000, oo = 10;
    CHECK_RET("at offsets, across pages", cfr(in, &oi, out, &oo, 5000, 0), 5000);
    CHECK("offsets moved, positions not", oi == 9000 && oo == 5010 &&
          offset(in) == (long)sizeof big && offset(out) == (long)sizeof big);
    char want[sizeof big];
    memcpy(want, big, sizeof big);
    memcpy(want + 10, big + 4000, 5000);
    CHECK("copied at offsets", contents("dst", want, sizeof big));
    oi = sizeof big - 30;
    oo = 0;
    CHECK_RET("shortened to the source's end", cfr(in, &oi, out, &oo, 1000, 0), 30);
    oi = sizeof big + 5;
    CHECK_RET("past the source's end", cfr(in, &oi, out, &oo, 10, 0), 0);
    CHECK_RET("length 0", cfr(in, NULL, out, NULL, 0, 0), 0);
    int empty = open("empty", O_CREAT | O_RDWR, 0644);
    oi = 0;
    oo = 20000;
    CHECK_RET("extends the destination", cfr(in, &oi, empty, &oo, 10, 0), 10);
    struct stat st;
    fstat(empty, &st);
    CHECK("destination size 20010", st.st_size == 20010);

    /* the same file: apart is fine, overlapping is not */
    int self = open("dst", O_RDWR);
    oi = 0;
    oo = 8000;
    CHECK_RET("same file, apart", cfr(self, &oi, self, &oo, 100, 0), 100);
    oi = 0;
    oo = 50;
    CHECK_ERRNO("same file, overlapping", cfr(self, &oi, self, &oo, 100, 0), EINVAL);
    oi = 50;
    oo = 0;
    CHECK_ERRNO("same file, overlapping backwards", cfr(self, &oi, self, &oo, 100, 0), EINVAL);

    /* errors */
    CHECK_ERRNO("flags", cfr(in, NULL, out, NULL, 10, 1), EINVAL);
    CHECK_ERRNO("bad fd in", cfr(999, NULL, out, NULL, 10, 0), EBADF);
    CHECK_ERRNO("bad fd out", cfr(in, NULL, 999, NULL, 10, 0), EBADF);
    CHECK_ERRNO("bad fd before flags", cfr(999, NULL, out, NULL, 10, 1), EBADF);
    CHECK_ERRNO("bad offset pointer", cfr(in, (loff_t *)8, out, NULL, 10, 0), EFAULT);
    CHECK_ERRNO("bad offset pointer before flags", cfr(in, (loff_t *)8, out, NULL, 10, 1), EFAULT);
    /* offset + length wrapping past 2^64 is EOVERFLOW, a negative offset else EINVAL */
    oi = -5;
    CHECK_ERRNO("negative offset in, wrapping", cfr(in, &oi, out, NULL, 10, 0), EOVERFLOW);
    CHECK_ERRNO("negative offset in", cfr(in, &oi, out, NULL, 3, 0), EINVAL);
    oi = 0;
    oo = -5;
    CHECK_ERRNO("negative offset out, wrapping", cfr(in, &oi, out, &oo, 10, 0), EOVERFLOW);
    CHECK_ERRNO("negative offset out", cfr(in, &oi, out, &oo, 3, 0), EINVAL);
    int wo = open("src", O_WRONLY), ro = open("dst", O_RDONLY), ap = open("dst", O_WRONLY | O_APPEND);
    CHECK_ERRNO("source write-only", cfr(wo, NULL, out, NULL, 10, 0), EBADF);
    CHECK_ERRNO("destination read-only", cfr(in, NULL, ro, NULL, 10, 0), EBADF);
    CHECK_ERRNO("destination O_APPEND", cfr(in, NULL, ap, NULL, 10, 0), EBADF);
    int po = open("src", O_PATH);
    CHECK_ERRNO("O_PATH source", cfr(po, NULL, out, NULL, 10, 0), EBADF);
    mkdir("d", 0755);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("directory source", cfr(dfd, NULL, out, NULL, 10, 0), EISDIR);
    CHECK_ERRNO("directory source, read-only destination", cfr(dfd, NULL, ro, NULL, 10, 0), EISDIR);
    int p[2];
    pipe(p);
    CHECK_ERRNO("pipe source", cfr(p[0], NULL, out, NULL, 10, 0), EINVAL);
    CHECK_ERRNO("pipe destination", cfr(in, NULL, p[1], NULL, 10, 0), EINVAL);
    CHECK_ERRNO("pipe, write-only source", cfr(wo, NULL, p[1], NULL, 10, 0), EINVAL);
    int proc = open("/proc/self/status", O_RDONLY);
    CHECK_ERRNO("another mount", cfr(proc, NULL, out, NULL, 10, 0), EXDEV);
    close(proc);
    return 0;
}
