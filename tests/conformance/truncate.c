/* ftruncate: growing (zeros), shrinking, offsets, errors. */
#include "conf.h"

static long long size_of(int fd)
{
    struct stat st;
    fstat(fd, &st);
    return (long long)st.st_size;
}

int main(void)
{
    conf_workdir("truncate");
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "0123456789", 10);
    CHECK_RET("ftruncate grow to 100", ftruncate(fd, 100), 0);
    printf("size: %lld\n", size_of(fd));
    CHECK_RET("offset unchanged", lseek(fd, 0, SEEK_CUR), 10);
    char buf[200];
    memset(buf, 0x7f, sizeof buf);
    CHECK_RET("read grown part", pread(fd, buf, sizeof buf, 0), 100);
    int zeros = 1;
    for (int i = 10; i < 100; i++)
        if (buf[i])
            zeros = 0;
    CHECK("grown part is zero", zeros);
    printf("kept: [%.10s]\n", buf);

    CHECK_RET("ftruncate shrink to 4", ftruncate(fd, 4), 0);
    printf("size: %lld\n", size_of(fd));
    CHECK_RET("offset still 10", lseek(fd, 0, SEEK_CUR), 10);
    CHECK_RET("read at offset past new end", read(fd, buf, 10), 0);
    /* writing at the old offset leaves a hole of zeros */
    CHECK_RET("write at 10", write(fd, "X", 1), 1);
    printf("size: %lld\n", size_of(fd));
    memset(buf, 0x7f, sizeof buf);
    pread(fd, buf, sizeof buf, 0);
    printf("bytes: ");
    for (int i = 0; i < 11; i++)
        printf("%02x", (unsigned char)buf[i]);
    printf("\n");
    /* shrink then grow: the old data does not come back */
    ftruncate(fd, 2);
    ftruncate(fd, 8);
    memset(buf, 0x7f, sizeof buf);
    CHECK_RET("pread after shrink+grow", pread(fd, buf, sizeof buf, 0), 8);
    printf("bytes: ");
    for (int i = 0; i < 8; i++)
        printf("%02x", (unsigned char)buf[i]);
    printf("\n");
    /* across page boundaries */
    write(fd, "", 0);
    memset(buf, 'q', sizeof buf);
    pwrite(fd, buf, 200, 4000);
    CHECK_RET("ftruncate to 4100", ftruncate(fd, 4100), 0);
    CHECK_RET("ftruncate to 9000", ftruncate(fd, 9000), 0);
    memset(buf, 0x7f, sizeof buf);
    CHECK_RET("pread across page boundary", pread(fd, buf, 200, 4000), 200);
    int ok = 1;
    for (int i = 0; i < 100; i++)
        if (buf[i] != 'q')
            ok = 0;
    for (int i = 100; i < 200; i++)
        if (buf[i] != 0)
            ok = 0;
    CHECK("data kept up to 4100, zeros after", ok);
    CHECK_RET("ftruncate to 0", ftruncate(fd, 0), 0);
    printf("size: %lld\n", size_of(fd));
    CHECK_RET("ftruncate same size", ftruncate(fd, 0), 0);

    /* errors */
    CHECK_ERRNO("ftruncate negative", ftruncate(fd, -1), EINVAL);
    close(fd);
    fd = open("f", O_RDONLY);
    CHECK_ERRNO("ftruncate on O_RDONLY fd", ftruncate(fd, 0), EINVAL);
    close(fd);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO("ftruncate on a directory", ftruncate(fd, 0), EINVAL);
    close(fd);
    CHECK_ERRNO("ftruncate bad fd", ftruncate(999, 0), EBADF);
    /* O_APPEND fd can be truncated */
    fd = open("f", O_WRONLY | O_APPEND);
    CHECK_RET("ftruncate on O_APPEND fd", ftruncate(fd, 3), 0);
    printf("size: %lld\n", size_of(fd));
    close(fd);
    return 0;
}
