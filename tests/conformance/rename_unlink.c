/* rename, unlink, mkdir: replacing, open-but-unlinked files, link counts. */
#include "conf.h"

static void show(const char *path)
{
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: absent (errno %s)\n", path, errname(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: [%.*s]\n", path, (int)(n < 0 ? 0 : n), buf);
}

static long nlink(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long)st.st_nlink;
}

int main(void)
{
    conf_workdir("rename_unlink");
    conf_write_file("a", "content of a", 12);
    conf_write_file("b", "content of b", 12);

    CHECK_RET("rename a -> c", rename("a", "c"), 0);
    show("a");
    show("c");
    CHECK_RET("rename c over b", rename("c", "b"), 0);
    show("b");
    show("c");
    CHECK_RET("rename to itself", rename("b", "b"), 0);
    show("b");

    /* an open fd survives rename and unlink */
    int fd = open("b", O_RDWR);
    CHECK_RET("rename while open", rename("b", "d"), 0);
    CHECK_RET("unlink while open", unlink("d"), 0);
    show("d");
    struct stat st;
    fstat(fd, &st);
    printf("nlink of open unlinked file: %ld\n", (long)st.st_nlink);
    char buf[32] = {0};
    CHECK_RET("read unlinked file", pread(fd, buf, 7, 0), 7);
    printf("data: [%s]\n", buf);
    CHECK_RET("write unlinked file", pwrite(fd, "NEW", 3, 0), 3);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 12, 0);
    printf("data: [%s]\n", buf);
    close(fd);
    /* recreating the name gives a new, empty file */
    fd = open("d", O_RDWR | O_CREAT, 0600);
    fstat(fd, &st);
    printf("recreated size: %lld\n", (long long)st.st_size);
    close(fd);

    /* directories and link counts */
    long parent_before = nlink(".");
    CHECK_RET("mkdir top", mkdir("top", 0700), 0);
    printf("nlink new dir: %ld\n", nlink("top"));
    mkdir("top/s1", 0700);
    mkdir("top/s2", 0700);
    printf("nlink with 2 subdirs: %ld\n", nlink("top"));
    printf("parent nlink grew by: %ld\n", nlink(".") - parent_before);
    conf_write_file("top/file", "f", 1);
    printf("nlink after adding a file: %ld\n", nlink("top"));
    stat("top", &st);
    printf("mkdir mode owner bits: %o, dir: %s\n", st.st_mode & 0700, S_ISDIR(st.st_mode) ? "yes" : "no");
    CHECK_RET("mkdir mode 0500", mkdir("ro", 0500), 0);
    stat("ro", &st);
    printf("mkdir 0500 owner bits: %o\n", st.st_mode & 0700);

    /* rename directories */
    CHECK_RET("rename dir", rename("top/s1", "top/s1moved"), 0);
    CHECK_RET("rename dir across parents", rename("top/s2", "s2"), 0);
    printf("nlink top after moving s2 out: %ld\n", nlink("top"));
    CHECK_RET("rename dir over empty dir", rename("s2", "top/s1moved"), 0);
    printf("top/s1moved is dir: %s\n", stat("top/s1moved", &st) == 0 && S_ISDIR(st.st_mode) ? "yes" : "no");
    CHECK_ERRNO("old name gone", stat("s2", &st), ENOENT);
    printf("nlink top: %ld\n", nlink("top"));
    /* a file moved into a directory keeps its contents */
    CHECK_RET("rename file into dir", rename("top/file", "top/s1moved/file2"), 0);
    show("top/s1moved/file2");
    /* unlink of a file inside a subdir */
    CHECK_RET("unlink nested", unlink("top/s1moved/file2"), 0);
    show("top/s1moved/file2");
    CHECK_ERRNO("unlink again", unlink("top/s1moved/file2"), ENOENT);
    /* paths with . and .. */
    conf_write_file("top/x", "dots", 4);
    show("./top/../top/./x");
    CHECK_RET("rename with ..", rename("top/s1moved/../x", "./y"), 0);
    show("y");
    return 0;
}
