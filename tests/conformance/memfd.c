/* memfd_create: a tmpfs file in no directory. It reads, writes, truncates
 * and maps (shared) like any tmpfs file; fstat shows a regular file of mode
 * 0777 with no link; /proc/self/fd and maps show "/memfd:NAME (deleted)".
 * Sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not checked here: eggos
 * refuses it with EINVAL (sys/mm.c says why), Linux grants it. */
#include "conf.h"
#include <sys/mman.h>
#include <sys/vfs.h>

#define TMPFS_MAGIC 0x01021994

static void errors(void)
{
    char name[300];
    memset(name, 'n', sizeof name);
    name[249] = 0;
    int fd = memfd_create(name, 0);
    CHECK("a name of 249 bytes", fd >= 0);
    close(fd);
    name[249] = 'n';
    name[250] = 0;
    CHECK_ERRNO("a name of 250 bytes", memfd_create(name, 0), EINVAL);
    CHECK_SYSCALL_ERRNO("bad name pointer", EFAULT, SYS_memfd_create, (void *)8, 0);
    CHECK_SYSCALL_ERRNO("unknown flag 0x100", EINVAL, SYS_memfd_create, "x", 0x100);
    CHECK_SYSCALL_ERRNO("unknown flag 0x80000000", EINVAL, SYS_memfd_create, "x", 0x80000000u);
}

static void facts(void)
{
    int fd = memfd_create("conf", MFD_CLOEXEC);
    CHECK("memfd_create: fd", fd >= 0);
    CHECK("MFD_CLOEXEC is FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    printf("F_GETFL: 0%o\n", fcntl(fd, F_GETFL));
    char path[64], link[300] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    printf("/proc/self/fd link: %s\n", n > 0 ? link : "(none)");
    struct stat st;
    CHECK_RET("fstat", fstat(fd, &st), 0);
    CHECK("regular file", S_ISREG(st.st_mode));
    printf("permissions: %o, links: %lu, size: %ld\n", st.st_mode & 07777, (unsigned long)st.st_nlink,
           (long)st.st_size);
    struct statfs sf;
    CHECK("fstatfs: tmpfs", fstatfs(fd, &sf) == 0 && sf.f_type == TMPFS_MAGIC);
    close(fd);

    int a = memfd_create("same", 0), b = memfd_create("same", 0);
    CHECK_RET("write to the first of two named alike", write(a, "abc", 3), 3);
    CHECK("the second is another file, empty", fstat(b, &st) == 0 && st.st_size == 0);
    close(a);
    close(b);
    fd = memfd_create("", 0);
    n = readlink("/proc/self/fd/3", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("empty name: fd %d, link %s\n", fd, link);
    close(fd);
}

static void data(void)
{
    int fd = memfd_create("data", 0);
    char buf[16] = "";
    CHECK_RET("write", write(fd, "hello memfd", 11), 11);
    CHECK_RET("pread", pread(fd, buf, sizeof buf, 6), 5);
    printf("read back: %s\n", buf);
    CHECK_RET("ftruncate to 2 pages", ftruncate(fd, 8192), 0);
    struct stat st;
    fstat(fd, &st);
    printf("size after ftruncate: %ld\n", (long)st.st_size);
    char *m1 = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *m2 = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("two shared mappings", m1 != MAP_FAILED && m2 != MAP_FAILED);
    if (m1 == MAP_FAILED || m2 == MAP_FAILED)
        return;
    CHECK("the first maps the data", memcmp(m1, "hello memfd", 11) == 0);
    strcpy(m1 + 4096, "through the mapping");
    CHECK("the second sees a store through the first", strcmp(m2 + 4096, "through the mapping") == 0);
    memset(buf, 0, sizeof buf);
    CHECK_RET("pread sees it too", pread(fd, buf, 7, 4096 + 8), 7);
    printf("read back: %s\n", buf);
    conf_print_maps_range("first mapping", m1, 8192);
    munmap(m1, 8192);
    munmap(m2, 8192);
    CHECK_RET("ftruncate to 0", ftruncate(fd, 0), 0);
    CHECK_RET("read at 0 after it", read(fd, buf, sizeof buf), 0);
    close(fd);
}

int main(void)
{
    errors();
    facts();
    data();
    return 0;
}
