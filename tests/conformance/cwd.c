/* getcwd, chdir, fchdir: canonical paths, relative lookups, errors. */
#include "conf.h"

static void pwd(const char *tag)
{
    char buf[4096];
    if (getcwd(buf, sizeof buf) == NULL)
        printf("%s: getcwd failed (errno %s)\n", tag, errname(errno));
    else
        printf("%s: %s\n", tag, buf);
}

int main(void)
{
    CHECK_RET("chdir /", chdir("/"), 0);
    pwd("after chdir /");
    CHECK_RET("chdir ..", chdir(".."), 0);
    pwd(".. of / is /");
    CHECK_RET("chdir /tmp", chdir("/tmp"), 0);
    pwd("after chdir /tmp");
    CHECK_RET("chdir ../tmp/./", chdir("../tmp/./"), 0);
    pwd("after chdir ../tmp/./");
    CHECK_RET("chdir //tmp//", chdir("//tmp//"), 0);
    pwd("after chdir //tmp//");
    CHECK_RET("chdir /proc", chdir("/proc"), 0);
    pwd("after chdir /proc");
    CHECK_RET("chdir self (relative)", chdir("self"), 0);
    CHECK_RET("chdir /dev", chdir("/dev"), 0);
    pwd("after chdir /dev");

    /* our own directory tree */
    char work[64];
    snprintf(work, sizeof work, "/tmp/conf.cwd.%d", (int)getpid());
    mkdir(work, 0700);
    CHECK_RET("chdir work", chdir(work), 0);
    mkdir("a", 0700);
    mkdir("a/b", 0700);
    CHECK_RET("chdir a/b (relative)", chdir("a/b"), 0);
    char buf[4096], want[256];
    getcwd(buf, sizeof buf);
    snprintf(want, sizeof want, "%s/a/b", work);
    CHECK("getcwd is work/a/b", strcmp(buf, want) == 0);
    /* files created relative to the cwd land there */
    conf_write_file("here", "x", 1);
    snprintf(want, sizeof want, "%s/a/b/here", work);
    struct stat st;
    CHECK("relative create lands in cwd", stat(want, &st) == 0);
    CHECK_RET("chdir ../..", chdir("../.."), 0);
    getcwd(buf, sizeof buf);
    CHECK("back at work", strcmp(buf, work) == 0);

    /* fchdir */
    int fd = open("a/b", O_RDONLY | O_DIRECTORY);
    CHECK_RET("chdir /", chdir("/"), 0);
    CHECK_RET("fchdir to a/b", fchdir(fd), 0);
    getcwd(buf, sizeof buf);
    snprintf(want, sizeof want, "%s/a/b", work);
    CHECK("fchdir cwd is work/a/b", strcmp(buf, want) == 0);
    CHECK("relative open after fchdir", open("here", O_RDONLY) >= 0);
    close(fd);
    int tfd = open("/tmp", O_RDONLY);
    CHECK_RET("fchdir /tmp", fchdir(tfd), 0);
    pwd("after fchdir /tmp");
    int ffd = open("/proc/self/exe", O_RDONLY);
    CHECK_ERRNO("fchdir to a regular file", fchdir(ffd), ENOTDIR);
    CHECK_ERRNO("fchdir bad fd", fchdir(999), EBADF);

    /* errors */
    CHECK_ERRNO("chdir missing", chdir("/tmp/definitely-missing-dir"), ENOENT);
    CHECK_ERRNO("chdir empty", chdir(""), ENOENT);
    CHECK_ERRNO("chdir to a file", chdir("/proc/self/exe"), ENOTDIR);
    pwd("cwd unchanged by failures");
    CHECK("getcwd size too small", getcwd(buf, 3) == NULL && errno == ERANGE);
    CHECK("getcwd size exactly strlen", getcwd(buf, 4) == NULL && errno == ERANGE);
    CHECK("getcwd size strlen+1", getcwd(buf, 5) != NULL);
    CHECK_SYSCALL_ERRNO("raw getcwd size 0", ERANGE, SYS_getcwd, buf, 0);
    long r = syscall(SYS_getcwd, buf, sizeof buf);
    printf("raw getcwd returns length incl. NUL: %ld [%s]\n", r, buf);
    /* glibc allocates when buf is NULL */
    char *dyn = getcwd(NULL, 0);
    printf("getcwd(NULL, 0): %s\n", dyn ? dyn : "(null)");
    free(dyn);

    conf_rm_rf(work);
    return 0;
}
