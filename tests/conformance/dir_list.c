/* getdents64 and readdir in a tmpfs directory: names, d_type, rewind, errors. */
#include "conf.h"

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *tname(int t)
{
    switch (t) {
    case DT_REG: return "reg";
    case DT_DIR: return "dir";
    case DT_LNK: return "lnk";
    case DT_CHR: return "chr";
    case DT_FIFO: return "fifo";
    case DT_UNKNOWN: return "unknown";
    default: return "other";
    }
}

/* List a directory with raw getdents64 using a buffer of bufsize bytes. */
static int list_getdents(const char *tag, int fd, size_t bufsize, int print)
{
    char *names[256];
    int n = 0, calls = 0, bad_reclen = 0;
    char *buf = malloc(bufsize);
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, bufsize);
        if (r < 0) {
            printf("%s: getdents64 failed (errno %s)\n", tag, errname(errno));
            break;
        }
        if (r == 0)
            break;
        calls++;
        for (long off = 0; off < r;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            if (d->d_reclen % 8 != 0 || d->d_reclen < 20)
                bad_reclen = 1;
            if (n < 256) {
                char *s = malloc(strlen(d->d_name) + 16);
                sprintf(s, "%s %s", d->d_name, tname(d->d_type));
                names[n++] = s;
            }
            off += d->d_reclen;
        }
    }
    free(buf);
    qsort(names, n, sizeof names[0], cmp);
    if (print)
        for (int i = 0; i < n; i++)
            printf("%s: %s\n", tag, names[i]);
    printf("%s: %d entries, reclen 8-aligned: %s, several calls needed: %s\n", tag, n,
           bad_reclen ? "no" : "yes", calls > 1 ? "yes" : "no");
    for (int i = 0; i < n; i++)
        free(names[i]);
    return n;
}

int main(void)
{
    conf_workdir("dir_list");
    mkdir("d", 0700);
    const char *files[] = {"alpha", "beta", "gamma.txt", ".hidden", "with space", "Zed"};
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[64];
        snprintf(p, sizeof p, "d/%s", files[i]);
        conf_write_file(p, "x", 1);
    }
    mkdir("d/subdir", 0700);
    mkdir("d/subdir/deeper", 0700);

    int fd = open("d", O_RDONLY | O_DIRECTORY);
    list_getdents("big buffer", fd, 32768, 1);
    /* rewinding with lseek(0) gives the whole list again */
    CHECK_RET("lseek dir to 0", lseek(fd, 0, SEEK_SET), 0);
    list_getdents("after rewind", fd, 32768, 0);
    /* a buffer that holds only one entry at a time still lists all */
    lseek(fd, 0, SEEK_SET);
    list_getdents("small buffer", fd, 40, 0);
    /* a buffer too small for any entry */
    lseek(fd, 0, SEEK_SET);
    char tiny[8];
    CHECK_SYSCALL_ERRNO("getdents64 tiny buffer", EINVAL, SYS_getdents64, fd, tiny, sizeof tiny);
    close(fd);

    /* unlink and create are seen by a fresh listing */
    unlink("d/beta");
    conf_write_file("d/new", "y", 1);
    fd = open("d", O_RDONLY | O_DIRECTORY);
    list_getdents("after unlink+create", fd, 32768, 1);
    close(fd);

    /* an empty directory has only . and .. */
    fd = open("d/subdir/deeper", O_RDONLY | O_DIRECTORY);
    list_getdents("empty dir", fd, 4096, 1);
    close(fd);

    /* readdir (glibc, on top of getdents64) agrees */
    DIR *dir = opendir("d");
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL && n < 64)
        names[n++] = strdup(de->d_name);
    closedir(dir);
    qsort(names, n, sizeof names[0], cmp);
    printf("readdir:");
    for (int i = 0; i < n; i++)
        printf(" [%s]", names[i]);
    printf("\n");

    /* errors */
    fd = open("d/alpha", O_RDONLY);
    char buf[4096];
    CHECK_SYSCALL_ERRNO("getdents64 on a file", ENOTDIR, SYS_getdents64, fd, buf, sizeof buf);
    close(fd);
    CHECK_SYSCALL_ERRNO("getdents64 on bad fd", EBADF, SYS_getdents64, 999, buf, sizeof buf);

    /* the root directory has the usual top-level directories */
    dir = opendir("/");
    int have_tmp = 0, have_proc = 0, have_dev = 0, have_etc = 0, have_dot = 0;
    while ((de = readdir(dir)) != NULL) {
        if (!strcmp(de->d_name, "tmp") && de->d_type == DT_DIR) have_tmp = 1;
        if (!strcmp(de->d_name, "proc") && de->d_type == DT_DIR) have_proc = 1;
        if (!strcmp(de->d_name, "dev") && de->d_type == DT_DIR) have_dev = 1;
        if (!strcmp(de->d_name, "etc") && de->d_type == DT_DIR) have_etc = 1;
        if (!strcmp(de->d_name, ".")) have_dot = 1;
    }
    closedir(dir);
    CHECK("/ lists tmp as dir", have_tmp);
    CHECK("/ lists proc as dir", have_proc);
    CHECK("/ lists dev as dir", have_dev);
    CHECK("/ lists etc as dir", have_etc);
    CHECK("/ lists .", have_dot);
    return 0;
}
