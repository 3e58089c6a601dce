/* Path resolution, generic over the file system's nodes so that it can be
 * unit-tested on the host. The VFS (fs/vfs.c) supplies the operations. */
#pragma once
#include <stddef.h>

#define PATH_MAX_LEN 4096   /* including the NUL, as Linux PATH_MAX */
#define NAME_MAX_LEN 255
#define SYMLOOP_MAX 40

enum path_kind { PATH_KIND_DIR, PATH_KIND_SYMLINK, PATH_KIND_OTHER };

struct path_ops {
    /* Looks `name` (len bytes, no '/') up in directory `dir`: 0 and a
     * referenced node in *out, or -ENOENT (or another -errno). Never called
     * with "." or "..". */
    int (*lookup)(void *ctx, void *dir, const char *name, size_t len, void **out);
    /* The parent directory of `dir`, referenced (the root is its own parent). */
    void *(*parent)(void *ctx, void *dir);
    enum path_kind (*kind)(void *ctx, void *node);
    /* Copies the symlink target into buf (not NUL-terminated): its length,
     * or -errno. */
    long (*readlink)(void *ctx, void *node, char *buf, size_t cap);
    void (*get)(void *ctx, void *node);
    void (*put)(void *ctx, void *node);
};

/* Flags of path_walk. */
#define WALK_NOFOLLOW 1   /* do not follow a symlink in the last component */
#define WALK_PARENT   2   /* stop at the parent of the last component */

struct walk_result {
    void *node;                 /* referenced: the file, or with WALK_PARENT its directory */
    char last[NAME_MAX_LEN + 1];/* with WALK_PARENT: the last component ("" for "/"), NUL-terminated */
    int trailing_slash;         /* the path ended in '/' */
};

/* Resolves `path` like Linux: absolute from root, else from cwd; "." and
 * ".." ("/.." is "/"); repeated slashes; symlinks in the middle always
 * followed, the last one unless WALK_NOFOLLOW (absolute targets restart at
 * root, relative ones at the link's directory); at most SYMLOOP_MAX links
 * (-ELOOP); a non-directory in the middle or before a trailing slash
 * (-ENOTDIR); component longer than NAME_MAX_LEN or path of PATH_MAX_LEN
 * bytes or more (-ENAMETOOLONG); empty path (-ENOENT). With WALK_PARENT the
 * last component need not exist. Returns 0 and fills *res, or -errno with
 * no references held. */
int path_walk(const struct path_ops *ops, void *ctx, void *root, void *cwd,
              const char *path, int flags, struct walk_result *res);
