/* read/write/pread/pwrite/lseek on a tmpfs file: offsets, holes, EOF. */
#include "conf.h"

int main(void)
{
    conf_workdir("file_io");
    int fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK("open new file", fd >= 0);
    CHECK_RET("write 11 bytes", write(fd, "hello world", 11), 11);
    CHECK_RET("offset after write", lseek(fd, 0, SEEK_CUR), 11);
    CHECK_RET("lseek SEEK_SET 0", lseek(fd, 0, SEEK_SET), 0);

    char buf[64];
    memset(buf, 0, sizeof buf);
    CHECK_RET("read 5", read(fd, buf, 5), 5);
    printf("read data: [%s]\n", buf);
    CHECK_RET("offset after read", lseek(fd, 0, SEEK_CUR), 5);
    memset(buf, 0, sizeof buf);
    CHECK_RET("read rest (short read)", read(fd, buf, sizeof buf), 6);
    printf("read data: [%s]\n", buf);
    CHECK_RET("read at EOF", read(fd, buf, sizeof buf), 0);
    CHECK_RET("read 0 bytes", read(fd, buf, 0), 0);

    /* pread/pwrite do not move the file offset */
    CHECK_RET("lseek SEEK_SET 2", lseek(fd, 2, SEEK_SET), 2);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread 5 at 6", pread(fd, buf, 5, 6), 5);
    printf("pread data: [%s]\n", buf);
    CHECK_RET("pwrite 5 at 0", pwrite(fd, "HELLO", 5, 0), 5);
    CHECK_RET("offset unchanged by pread/pwrite", lseek(fd, 0, SEEK_CUR), 2);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread past EOF", pread(fd, buf, 5, 100), 0);
    CHECK_RET("pread straddling EOF", pread(fd, buf, 10, 8), 3);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread all", pread(fd, buf, sizeof buf, 0), 11);
    printf("contents: [%s]\n", buf);

    /* SEEK_CUR / SEEK_END */
    CHECK_RET("lseek SEEK_CUR +3", lseek(fd, 3, SEEK_CUR), 5);
    CHECK_RET("lseek SEEK_CUR -1", lseek(fd, -1, SEEK_CUR), 4);
    CHECK_RET("lseek SEEK_END 0", lseek(fd, 0, SEEK_END), 11);
    CHECK_RET("lseek SEEK_END -4", lseek(fd, -4, SEEK_END), 7);
    CHECK_ERRNO("lseek negative result", lseek(fd, -100, SEEK_CUR), EINVAL);
    CHECK_RET("offset unchanged after failed lseek", lseek(fd, 0, SEEK_CUR), 7);
    CHECK_ERRNO("lseek bad whence", lseek(fd, 0, 17), EINVAL);

    /* seeking past the end and writing leaves a hole that reads as zeros */
    CHECK_RET("lseek SEEK_END +4085", lseek(fd, 4085, SEEK_END), 4096);
    struct stat st;
    fstat(fd, &st);
    printf("size after seek past end: %lld\n", (long long)st.st_size);
    CHECK_RET("read past end", read(fd, buf, 10), 0);
    CHECK_RET("write after hole", write(fd, "tail", 4), 4);
    fstat(fd, &st);
    printf("size after write: %lld\n", (long long)st.st_size);
    char *big = malloc(8192);
    memset(big, 0x55, 8192);
    CHECK_RET("pread whole file", pread(fd, big, 8192, 0), 4100);
    int zeros = 1;
    for (int i = 11; i < 4096; i++)
        if (big[i] != 0)
            zeros = 0;
    CHECK("hole reads as zeros", zeros);
    printf("tail: [%.4s]\n", big + 4096);

    /* a large hole far away, pwrite at a big offset */
    CHECK_RET("pwrite at 1 MiB", pwrite(fd, "Z", 1, 1 << 20), 1);
    fstat(fd, &st);
    printf("size after pwrite at 1MiB: %lld\n", (long long)st.st_size);
    memset(big, 0x55, 8192);
    CHECK_RET("pread in big hole", pread(fd, big, 8192, 500000), 8192);
    zeros = 1;
    for (int i = 0; i < 8192; i++)
        if (big[i] != 0)
            zeros = 0;
    CHECK("big hole reads as zeros", zeros);

    /* many small writes accumulate */
    int fd2 = open("g", O_RDWR | O_CREAT | O_TRUNC, 0600);
    for (int i = 0; i < 1000; i++) {
        char c = 'a' + i % 26;
        if (write(fd2, &c, 1) != 1)
            printf("small write %d failed\n", i);
    }
    fstat(fd2, &st);
    printf("size after 1000 writes: %lld\n", (long long)st.st_size);
    CHECK_RET("pread 1 at 999", pread(fd2, buf, 1, 999), 1);
    printf("byte 999: %c\n", buf[0]);

    /* a second open of the same file has its own offset and sees the data */
    int fd3 = open("f", O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK_RET("second open reads from 0", read(fd3, buf, 5), 5);
    printf("second open data: [%s]\n", buf);
    CHECK_RET("first fd offset independent", lseek(fd, 0, SEEK_CUR), 4100);

    CHECK_RET("close", close(fd), 0);
    CHECK_RET("close 2", close(fd2), 0);
    CHECK_RET("close 3", close(fd3), 0);
    free(big);
    return 0;
}
