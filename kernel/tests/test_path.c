/* path_walk over an in-memory tree: fixed cases for every rule of the
 * walk, then random trees and paths compared with the host's own Linux
 * (the same tree on disk, resolved by openat2 with RESOLVE_IN_ROOT, which
 * gives ".." and absolute links the same root). Every walk must leave all
 * node references as they were. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"
#include "fs/path.h"
#include "host_alloc.h"
#include "lib/errno.h"

#ifndef SYS_openat2
#define SYS_openat2 437   /* older C libraries lack it */
#endif

enum special { NONE, LOOKUP_EACCES, READLINK_EIO };

struct node {
    char *name;
    enum path_kind kind;
    struct node *parent, *child, *sibling;
    char *target;         /* symlinks */
    int refs;
    enum special special;
    ino_t ino;            /* of its twin on disk */
};

static long gets, puts_;

static int op_lookup(void *ctx, void *dir, const char *name, size_t len, void **out)
{
    struct node *d = dir;
    (void)ctx;
    CHECK(d->kind == PATH_KIND_DIR && d->refs > 0);
    CHECK(len > 0 && len <= NAME_MAX_LEN && !memchr(name, '/', len));
    CHECK(!(len == 1 && name[0] == '.') && !(len == 2 && name[0] == '.' && name[1] == '.'));
    if (d->special == LOOKUP_EACCES)
        return -EACCES;
    for (struct node *c = d->child; c; c = c->sibling)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0) {
            c->refs++;
            gets++;
            *out = c;
            return 0;
        }
    return -ENOENT;
}

static void *op_parent(void *ctx, void *dir)
{
    struct node *d = dir;
    (void)ctx;
    CHECK(d->kind == PATH_KIND_DIR && d->refs > 0);
    d->parent->refs++;
    gets++;
    return d->parent;
}

static enum path_kind op_kind(void *ctx, void *node)
{
    (void)ctx;
    CHECK(((struct node *)node)->refs > 0);
    return ((struct node *)node)->kind;
}

static long op_readlink(void *ctx, void *node, char *buf, size_t cap)
{
    struct node *n = node;
    (void)ctx;
    CHECK(n->kind == PATH_KIND_SYMLINK && n->refs > 0);
    if (n->special == READLINK_EIO)
        return -EIO;
    size_t len = strlen(n->target);
    if (len > cap)
        len = cap;
    memcpy(buf, n->target, len);
    return len;
}

static void op_get(void *ctx, void *node)
{
    (void)ctx;
    ((struct node *)node)->refs++;
    gets++;
}

static void op_put(void *ctx, void *node)
{
    (void)ctx;
    CHECK(((struct node *)node)->refs > 0);
    ((struct node *)node)->refs--;
    puts_++;
}

static const struct path_ops ops = {
    op_lookup, op_parent, op_kind, op_readlink, op_get, op_put,
};

static struct node *add(struct node *dir, const char *name, enum path_kind kind,
                        const char *target)
{
    struct node *n = calloc(1, sizeof(*n));
    n->name = strdup(name);
    n->kind = kind;
    n->target = target ? strdup(target) : NULL;
    n->parent = dir ? dir : n;
    if (dir) {
        n->sibling = dir->child;
        dir->child = n;
    }
    return n;
}

static void free_tree(struct node *n)
{
    while (n->child) {
        struct node *c = n->child;
        n->child = c->sibling;
        free_tree(c);
    }
    free(n->name);
    free(n->target);
    free(n);
}

static bool refs_clear(struct node *n)
{
    bool ok = n->refs == 0;
    for (struct node *c = n->child; c; c = c->sibling)
        ok &= refs_clear(c);
    return ok;
}

/* The node at a path of plain names (no links, no dots), from root. */
static struct node *at(struct node *root, const char *path)
{
    struct node *n = root;
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *s = strtok(buf, "/"); s; s = strtok(NULL, "/")) {
        struct node *c = n->child;
        while (c && strcmp(c->name, s) != 0)
            c = c->sibling;
        if (!c) {
            fprintf(stderr, "test bug: no %s\n", path);
            abort();
        }
        n = c;
    }
    return n;
}

/* Walks and checks the outcome; the references must balance. */
static void walk(struct node *root, struct node *cwd, const char *path, int flags,
                 int want_err, struct node *want, const char *want_last, int line)
{
    struct walk_result res;
    unsigned long live = host_alloc_live;
    int r = path_walk(&ops, NULL, root, cwd, path, flags, &res);
    bool ok = CHECK_EQ(r, want_err);
    if (r == 0) {
        ok &= CHECK(res.node == want);
        if (want_last)
            ok &= CHECK_STR(res.last, want_last);
        ok &= CHECK_EQ(res.trailing_slash, path[strlen(path) - 1] == '/');
        op_put(NULL, res.node);
    }
    ok &= CHECK(refs_clear(root));
    ok &= CHECK_EQ(host_alloc_live, live);
    if (!ok)
        fprintf(stderr, "  walking \"%.60s\" (flags %d) at line %d: %d %s\n", path,
                flags, line, r, r == 0 ? ((struct node *)res.node)->name : "");
}
#define WALK(path, flags, err, node, last) \
    walk(root, cwd, path, flags, err, node, last, __LINE__)

static struct node *fixed_tree(void)
{
    struct node *root = add(NULL, "/", PATH_KIND_DIR, NULL);
    struct node *bin = add(root, "bin", PATH_KIND_DIR, NULL);
    add(bin, "sh", PATH_KIND_OTHER, NULL);
    add(bin, "ls", PATH_KIND_SYMLINK, "sh");
    struct node *usr = add(root, "usr", PATH_KIND_DIR, NULL);
    struct node *ulib = add(usr, "lib", PATH_KIND_DIR, NULL);
    add(ulib, "libc.so", PATH_KIND_OTHER, NULL);
    add(ulib, "ld.so", PATH_KIND_SYMLINK, "../../lib/ld.so");
    add(usr, "bin", PATH_KIND_SYMLINK, "../bin");
    struct node *lib = add(root, "lib", PATH_KIND_DIR, NULL);
    add(lib, "ld.so", PATH_KIND_OTHER, NULL);
    struct node *etc = add(root, "etc", PATH_KIND_DIR, NULL);
    add(etc, "passwd", PATH_KIND_OTHER, NULL);
    add(etc, "abs", PATH_KIND_SYMLINK, "/usr/lib");
    add(etc, "root", PATH_KIND_SYMLINK, "/");
    add(etc, "rootslashes", PATH_KIND_SYMLINK, "///");
    add(etc, "self", PATH_KIND_SYMLINK, ".");
    add(etc, "loop1", PATH_KIND_SYMLINK, "loop2");
    add(etc, "loop2", PATH_KIND_SYMLINK, "loop1");
    add(etc, "dangling", PATH_KIND_SYMLINK, "nowhere");
    add(etc, "empty", PATH_KIND_SYMLINK, "");
    add(etc, "broken", PATH_KIND_SYMLINK, "x")->special = READLINK_EIO;
    add(etc, "fileslash", PATH_KIND_SYMLINK, "passwd/");
    add(etc, "dirslash", PATH_KIND_SYMLINK, "/usr//");
    add(etc, "tolink", PATH_KIND_SYMLINK, "/bin/ls");
    add(root, "noperm", PATH_KIND_DIR, NULL)->special = LOOKUP_EACCES;
    /* c0 -> c1 -> ... -> c40 -> end: 41 links from c0, 40 from c1. */
    struct node *chain = add(root, "chain", PATH_KIND_DIR, NULL);
    add(chain, "end", PATH_KIND_OTHER, NULL);
    for (int i = 0; i <= 40; i++) {
        char name[16], target[16];
        snprintf(name, sizeof(name), "c%d", i);
        snprintf(target, sizeof(target), i == 40 ? "end" : "c%d", i + 1);
        add(chain, name, PATH_KIND_SYMLINK, target);
    }
    char name[NAME_MAX_LEN + 1];
    memset(name, 'n', NAME_MAX_LEN);
    name[NAME_MAX_LEN] = '\0';
    add(root, name, PATH_KIND_OTHER, NULL);
    /* A link whose target nearly fills PATH_MAX: "././.../bin". */
    static char longtarget[4004];
    for (int i = 0; i < 2000; i++)
        memcpy(longtarget + 2 * i, "./", 2);
    strcpy(longtarget + 4000, "bin");
    add(root, "long", PATH_KIND_SYMLINK, longtarget);
    return root;
}

static void test_fixed(void)
{
    struct node *root = fixed_tree(), *cwd = root;
    struct node *bin = at(root, "bin"), *sh = at(root, "bin/sh"), *usr = at(root, "usr");
    struct node *etc = at(root, "etc");

    WALK("/", 0, 0, root, "");
    WALK("///", 0, 0, root, "");
    WALK("", 0, -ENOENT, NULL, NULL);
    WALK("bin/sh", 0, 0, sh, "");
    WALK("/bin//sh", 0, 0, sh, NULL);
    WALK("//bin/./sh", 0, 0, sh, NULL);
    WALK("/bin/", 0, 0, bin, NULL);
    WALK("/bin/.", 0, 0, bin, NULL);
    WALK("/bin/./", 0, 0, bin, NULL);
    WALK("/..", 0, 0, root, NULL);
    WALK("/../../bin", 0, 0, bin, NULL);
    WALK("/bin/..", 0, 0, root, NULL);
    WALK("/usr/lib/../../bin/sh", 0, 0, sh, NULL);
    WALK("/bin/nothing", 0, -ENOENT, NULL, NULL);
    WALK("/nothing/sh", 0, -ENOENT, NULL, NULL);
    WALK("/bin/sh/", 0, -ENOTDIR, NULL, NULL);
    WALK("/bin/sh/.", 0, -ENOTDIR, NULL, NULL);
    WALK("/bin/sh/..", 0, -ENOTDIR, NULL, NULL);
    WALK("/bin/sh/x", 0, -ENOTDIR, NULL, NULL);
    WALK("/noperm/x", 0, -EACCES, NULL, NULL);

    /* Relative to cwd, and ".." never above the root. */
    cwd = at(root, "usr/lib");
    WALK("libc.so", 0, 0, at(root, "usr/lib/libc.so"), NULL);
    WALK(".", 0, 0, cwd, NULL);
    WALK("..", 0, 0, usr, NULL);
    WALK("../../../..", 0, 0, root, NULL);
    WALK("/bin", 0, 0, bin, NULL);
    WALK("../bin/sh", 0, 0, sh, NULL);
    /* A root that is not the tree's: "/" and ".." stop there. */
    walk(usr, at(root, "usr/lib"), "../../..", 0, 0, usr, NULL, __LINE__);
    walk(usr, usr, "/lib/libc.so", 0, 0, at(root, "usr/lib/libc.so"), NULL, __LINE__);
    /* usr/bin -> ../bin is usr/bin itself now. */
    walk(usr, usr, "/bin/sh", 0, -ELOOP, NULL, NULL, __LINE__);
    cwd = root;

    /* Symlinks. */
    WALK("/bin/ls", 0, 0, sh, NULL);
    WALK("/bin/ls", WALK_NOFOLLOW, 0, at(root, "bin/ls"), NULL);
    WALK("/bin/ls/", 0, -ENOTDIR, NULL, NULL);
    WALK("/bin/ls/", WALK_NOFOLLOW, -ENOTDIR, NULL, NULL);
    WALK("/usr/bin/sh", 0, 0, sh, NULL);
    WALK("/usr/bin/sh", WALK_NOFOLLOW, 0, sh, NULL);
    WALK("/usr/bin", WALK_NOFOLLOW, 0, at(root, "usr/bin"), NULL);
    WALK("/usr/bin/", WALK_NOFOLLOW, 0, bin, NULL);   /* the slash follows it */
    WALK("/usr/bin/../lib/ld.so", 0, 0, at(root, "lib/ld.so"), NULL);   /* ".." of /bin */
    WALK("/usr/lib/ld.so", 0, 0, at(root, "lib/ld.so"), NULL);
    WALK("/etc/abs/libc.so", 0, 0, at(root, "usr/lib/libc.so"), NULL);
    WALK("/etc/abs", 0, 0, at(root, "usr/lib"), NULL);
    WALK("/etc/root/etc/root/bin", 0, 0, bin, NULL);
    WALK("/etc/root", 0, 0, root, NULL);
    WALK("/etc/rootslashes/bin", 0, 0, bin, NULL);
    WALK("/etc/self/self/passwd", 0, 0, at(root, "etc/passwd"), NULL);
    WALK("/etc/tolink", 0, 0, sh, NULL);   /* a link to a link */
    WALK("/etc/tolink", WALK_NOFOLLOW, 0, at(root, "etc/tolink"), NULL);
    WALK("/etc/loop1", 0, -ELOOP, NULL, NULL);
    WALK("/etc/loop1", WALK_NOFOLLOW, 0, at(root, "etc/loop1"), NULL);
    WALK("/etc/loop1/x", WALK_NOFOLLOW, -ELOOP, NULL, NULL);
    WALK("/etc/dangling", 0, -ENOENT, NULL, NULL);
    WALK("/etc/dangling", WALK_NOFOLLOW, 0, at(root, "etc/dangling"), NULL);
    WALK("/etc/empty", 0, -ENOENT, NULL, NULL);
    WALK("/etc/broken", 0, -EIO, NULL, NULL);
    WALK("/etc/broken/x", WALK_NOFOLLOW, -EIO, NULL, NULL);
    WALK("/etc/fileslash", 0, -ENOTDIR, NULL, NULL);   /* as Linux: the target's slash counts */
    WALK("/etc/dirslash", 0, 0, usr, NULL);
    WALK("/chain/c1", 0, 0, at(root, "chain/end"), NULL);
    WALK("/chain/c0", 0, -ELOOP, NULL, NULL);
    WALK("/chain/c0", WALK_NOFOLLOW, 0, at(root, "chain/c0"), NULL);
    WALK("/chain/c0", WALK_PARENT, 0, at(root, "chain"), "c0");

    /* WALK_PARENT: the last component need not exist, is never followed. */
    WALK("/bin/sh", WALK_PARENT, 0, bin, "sh");
    WALK("/bin/new", WALK_PARENT, 0, bin, "new");
    WALK("/bin/new/", WALK_PARENT, 0, bin, "new");
    WALK("/bin/", WALK_PARENT, 0, root, "bin");
    WALK("/bin//", WALK_PARENT, 0, root, "bin");
    WALK("/", WALK_PARENT, 0, root, "");
    WALK("//", WALK_PARENT, 0, root, "");
    WALK("/etc/dangling", WALK_PARENT, 0, etc, "dangling");
    WALK("/etc/loop1", WALK_PARENT, 0, etc, "loop1");
    WALK("/usr/bin/x", WALK_PARENT, 0, bin, "x");
    WALK("/usr/bin", WALK_PARENT, 0, usr, "bin");
    WALK("/etc/root/x", WALK_PARENT, 0, root, "x");
    WALK("/nothing/x", WALK_PARENT, -ENOENT, NULL, NULL);
    WALK("/bin/sh/x", WALK_PARENT, -ENOTDIR, NULL, NULL);
    WALK("/bin/ls/x", WALK_PARENT, -ENOTDIR, NULL, NULL);
    WALK("/etc/loop1/x", WALK_PARENT, -ELOOP, NULL, NULL);
    WALK("bin/..", WALK_PARENT, 0, bin, "..");
    WALK(".", WALK_PARENT, 0, root, ".");
    WALK("x", WALK_PARENT, 0, root, "x");
    cwd = usr;
    WALK("x", WALK_PARENT, 0, usr, "x");
    WALK("lib/y", WALK_PARENT | WALK_NOFOLLOW, 0, at(root, "usr/lib"), "y");
    cwd = root;

    /* Names and paths too long. */
    char p[PATH_MAX_LEN + 8];
    memset(p, 'n', NAME_MAX_LEN);
    p[NAME_MAX_LEN] = '\0';
    WALK(p, 0, 0, at(root, p), NULL);
    WALK(p, WALK_PARENT, 0, root, p);
    strcpy(p + NAME_MAX_LEN, "n");
    WALK(p, 0, -ENAMETOOLONG, NULL, NULL);
    WALK(p, WALK_PARENT, -ENAMETOOLONG, NULL, NULL);
    strcpy(p + NAME_MAX_LEN + 1, "/x");
    WALK(p, 0, -ENAMETOOLONG, NULL, NULL);
    /* PATH_MAX_LEN - 1 bytes is fine, PATH_MAX_LEN is not. */
    p[0] = '/';
    for (int i = 1; i < PATH_MAX_LEN - 1; i += 2)
        memcpy(p + i, "./", 2);
    p[PATH_MAX_LEN - 1] = '\0';
    CHECK_EQ(strlen(p), PATH_MAX_LEN - 1);
    WALK(p, 0, 0, root, NULL);
    strcpy(p + PATH_MAX_LEN - 1, "b");
    WALK(p, 0, -ENAMETOOLONG, NULL, NULL);
    /* A long target fits, until the rest of the path no longer does. */
    WALK("/long/sh", 0, 0, sh, NULL);
    snprintf(p, sizeof(p), "/long/%0100d/../sh", 0);
    WALK(p, 0, -ENAMETOOLONG, NULL, NULL);

    /* No memory for the walk's buffer. */
    host_alloc_fail_in = 1;
    WALK("/bin/sh", 0, -ENOMEM, NULL, NULL);
    host_alloc_fail_in = 0;

    CHECK_EQ(gets, puts_);
    free_tree(root);
}

/* Random trees, on disk and in memory; random paths walked in both. */
static char tmpdir[64];

static struct node *all[256];
static int nall;

static void rand_path(char *buf, size_t cap, int max_parts)
{
    static const char *parts[] = { "a", "b", "c", "d", ".", "..", "", "x" };
    size_t len = 0;
    buf[0] = '\0';
    if (rand() % 3 == 0)
        len += snprintf(buf + len, cap - len, "/");
    int n = 1 + rand() % max_parts;
    for (int i = 0; i < n; i++)
        len += snprintf(buf + len, cap - len, "%s%s", i ? "/" : "", parts[rand() % 8]);
    if (rand() % 4 == 0)
        snprintf(buf + len, cap - len, "/");
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

/* Builds a random tree both ways; returns the root, or NULL on a failure
 * of the host (reported). */
static struct node *random_tree(int dirfd)
{
    static const char *names[] = { "a", "b", "c", "d" };
    struct node *root = add(NULL, "/", PATH_KIND_DIR, NULL);
    struct stat st;
    fstat(dirfd, &st);
    root->ino = st.st_ino;
    nall = 0;
    all[nall++] = root;
    for (int i = 0; i < 40; i++) {
        struct node *dir = all[rand() % nall];
        if (dir->kind != PATH_KIND_DIR)
            continue;
        const char *name = names[rand() % 4];
        struct node *c = dir->child;
        while (c && strcmp(c->name, name) != 0)
            c = c->sibling;
        if (c)
            continue;
        /* Its path on disk, relative to dirfd. */
        char rel[256] = "", tmp[256];
        for (struct node *p = dir; p != root; p = p->parent) {
            strcpy(tmp, rel);
            strcpy(rel, p->name);
            strcat(rel, "/");
            strcat(rel, tmp);
        }
        strcat(rel, name);
        int k = rand() % 10;
        char target[64];
        int r;
        if (k < 4) {
            c = add(dir, name, PATH_KIND_DIR, NULL);
            r = mkdirat(dirfd, rel, 0755);
        } else if (k < 6) {
            c = add(dir, name, PATH_KIND_OTHER, NULL);
            r = mknodat(dirfd, rel, S_IFREG | 0644, 0);
        } else {
            do    /* Linux has no empty symlinks */
                rand_path(target, sizeof(target), 4);
            while (!target[0]);
            c = add(dir, name, PATH_KIND_SYMLINK, target);
            r = symlinkat(target, dirfd, rel);
        }
        if (!CHECK_EQ(r, 0) || !CHECK_EQ(fstatat(dirfd, rel, &st, AT_SYMLINK_NOFOLLOW), 0)) {
            perror(rel);
            free_tree(root);
            return NULL;
        }
        c->ino = st.st_ino;
        all[nall++] = c;
    }
    return root;
}

/* The host's answer: 0 and the inode, or -errno. */
static int host_walk(int dirfd, const char *path, int flags, ino_t *ino)
{
    struct open_how how = {
        .flags = O_PATH | O_CLOEXEC | (flags & WALK_NOFOLLOW ? O_NOFOLLOW : 0),
        .resolve = RESOLVE_IN_ROOT,
    };
    int fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    if (fd < 0)
        return -errno;
    struct stat st;
    fstat(fd, &st);
    close(fd);
    *ino = st.st_ino;
    return 0;
}

static void test_against_linux(void)
{
    strcpy(tmpdir, "/tmp/test_path.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        CHECK(0);
        return;
    }
    int probe = open(tmpdir, O_PATH | O_DIRECTORY);
    ino_t ino;
    if (host_walk(probe, ".", 0, &ino) == -ENOSYS) {
        /* A failure, not a skip: every supported host (Linux 5.6+) has it. */
        printf("  no openat2 on this host (Linux 5.6 or newer): cannot compare with Linux\n");
        CHECK(0);
        close(probe);
        rmdir(tmpdir);
        return;
    }
    close(probe);

    srand(4);
    long compared = 0;
    for (int t = 0; t < 40; t++) {
        char dir[128];
        snprintf(dir, sizeof(dir), "%s/%d", tmpdir, t);
        mkdir(dir, 0755);
        int dirfd = open(dir, O_PATH | O_DIRECTORY);
        struct node *root = random_tree(dirfd);
        for (int i = 0; root && i < 1000; i++) {
            char path[64];
            rand_path(path, sizeof(path), 6);
            int flags = rand() % 2 ? WALK_NOFOLLOW : 0;
            int want = host_walk(dirfd, path, flags, &ino);
            struct walk_result res;
            int r = path_walk(&ops, NULL, root, root, path, flags, &res);
            bool ok = CHECK_EQ(r, want);
            if (r == 0 && want == 0) {
                ok &= CHECK_EQ(((struct node *)res.node)->ino, ino);
                op_put(NULL, res.node);
            } else if (r == 0) {
                op_put(NULL, res.node);
            }
            ok &= CHECK(refs_clear(root));
            if (!ok)
                fprintf(stderr, "  tree %d, path \"%s\", flags %d\n", t, path, flags);
            compared++;
            CHECK_BAIL();
        }
        close(dirfd);
        if (root)
            free_tree(root);
    }
    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    CHECK_EQ(gets, puts_);
    CHECK(compared == 40 * 1000);
}

int main(void)
{
    test_fixed();
    test_against_linux();
    check_done("test_path");
}
