/* /proc/self/maps: every line in Linux's exact format; named regions present. */
#include "conf.h"
#include <ctype.h>

static char big[1 << 20], chunked[1 << 20];

/* hex digits (lowercase), at least min of them; returns count or -1 */
static int hexrun(const char *s, int min)
{
    int n = 0;
    while (isdigit((unsigned char)s[n]) || (s[n] >= 'a' && s[n] <= 'f'))
        n++;
    return n >= min ? n : -1;
}

static int check_line(const char *l, size_t len, const char *exe, char *why, int *is_exe,
                      const char **namep, unsigned long *sp, unsigned long *ep)
{
    const char *p = l;
    int n;
    *is_exe = 0;
    *namep = "";
#define BAD(msg) do { snprintf(why, 200, "%s", msg); return 0; } while (0)
    if ((n = hexrun(p, 8)) < 0) BAD("start address");
    if (n > 8 && p[0] == '0') BAD("start address has extra leading zeros");
    *sp = strtoul(p, NULL, 16);
    p += n;
    if (*p++ != '-') BAD("missing -");
    if ((n = hexrun(p, 8)) < 0) BAD("end address");
    if (n > 8 && p[0] == '0') BAD("end address has extra leading zeros");
    *ep = strtoul(p, NULL, 16);
    p += n;
    if (*sp >= *ep || (*sp & 4095) || (*ep & 4095)) BAD("bad range");
    if (*p++ != ' ') BAD("space after range");
    if ((p[0] != 'r' && p[0] != '-') || (p[1] != 'w' && p[1] != '-') ||
        (p[2] != 'x' && p[2] != '-') || (p[3] != 'p' && p[3] != 's'))
        BAD("perms");
    p += 4;
    if (*p++ != ' ') BAD("space after perms");
    if ((n = hexrun(p, 8)) < 0) BAD("offset");
    if (n > 8 && p[0] == '0') BAD("offset has extra leading zeros");
    unsigned long off = strtoul(p, NULL, 16);
    p += n;
    if (*p++ != ' ') BAD("space after offset");
    if ((n = hexrun(p, 2)) < 0) BAD("major");
    unsigned long major = strtoul(p, NULL, 16);
    p += n;
    if (*p++ != ':') BAD("colon");
    if ((n = hexrun(p, 2)) < 0) BAD("minor");
    unsigned long minor = strtoul(p, NULL, 16);
    p += n;
    if (*p++ != ' ') BAD("space after device");
    n = 0;
    while (isdigit((unsigned char)p[n]))
        n++;
    if (n == 0) BAD("inode");
    if (n > 1 && p[0] == '0') BAD("inode leading zero");
    unsigned long ino = strtoul(p, NULL, 10);
    p += n;
    if (*p++ != ' ') BAD("no space after inode");
    size_t prefix = (size_t)(p - l);
    if (prefix == len) {
        /* anonymous: no name, the line ends with that space */
        if (off != 0 || major != 0 || minor != 0 || ino != 0) BAD("anonymous line with file fields");
        return 1;
    }
    size_t col = prefix <= 72 ? 73 : prefix + 1;
    for (size_t i = prefix; i < col; i++)
        if (l[i] != ' ') BAD("name not padded to column 73");
    if (l[col] == ' ') BAD("too much padding");
    *namep = l + col;
    if (l[col] == '[') {
        if (l[len - 1] != ']') BAD("unterminated [name]");
        if (off != 0 || major != 0 || minor != 0 || ino != 0) BAD("[name] line with file fields");
    } else if (l[col] == '/') {
        if (ino == 0) BAD("file line with inode 0");
        if (strlen(exe) == len - col && !strncmp(l + col, exe, len - col))
            *is_exe = 1;
    } else {
        BAD("name neither [..] nor /..");
    }
    return 1;
#undef BAD
}

int main(void)
{
    /* make brk grow so that [heap] exists */
    char *m = malloc(64 * 1024);
    memset(m, 1, 64 * 1024);

    char exe[4096] = {0};
    readlink("/proc/self/exe", exe, sizeof exe - 1);

    /* read once in one go and once in small chunks: same text */
    int fd = open("/proc/self/maps", O_RDONLY);
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd, big + len, sizeof big - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    fd = open("/proc/self/maps", O_RDONLY);
    size_t len2 = 0;
    while ((n = read(fd, chunked + len2, 37)) > 0)
        len2 += (size_t)n;
    close(fd);
    CHECK("read in 37-byte chunks gives the same text", len == len2 && memcmp(big, chunked, len) == 0);
    CHECK("ends with a newline", len > 0 && big[len - 1] == '\n');

    int ok = 1, heap = 0, stack = 0, exe_lines = 0, exe_rx = 0, exe_r = 0, exe_rw = 0, sorted = 1;
    unsigned long prev_end = 0, heap_start = 0;
    char *line = big;
    while (line < big + len) {
        char *nl = memchr(line, '\n', big + len - line);
        size_t ll = (size_t)(nl - line);
        char why[200];
        int is_exe;
        const char *name;
        unsigned long s, e;
        *nl = 0;
        if (!check_line(line, ll, exe, why, &is_exe, &name, &s, &e)) {
            printf("bad line (%s): %s\n", why, line);
            ok = 0;
        } else {
            if (s < prev_end)
                sorted = 0;
            prev_end = e;
            if (!strcmp(name, "[heap]")) {
                heap = 1;
                heap_start = s;
            }
            if (!strcmp(name, "[stack]")) {
                stack = 1;
                char probe;
                unsigned long a = (unsigned long)&probe;
                if (a < s || a >= e)
                    printf("local variable not inside [stack]\n");
            }
            if (is_exe) {
                exe_lines++;
                if (!strncmp(line + strcspn(line, " ") + 1, "r-xp", 4)) exe_rx = 1;
                if (!strncmp(line + strcspn(line, " ") + 1, "r--p", 4)) exe_r = 1;
                if (!strncmp(line + strcspn(line, " ") + 1, "rw-p", 4)) exe_rw = 1;
            }
        }
        line = nl + 1;
    }
    if (ok)
        printf("maps format ok\n");
    CHECK("lines sorted and disjoint", sorted);
    CHECK("[heap] present", heap);
    CHECK("malloc'ed block inside [heap]", heap && (unsigned long)m >= heap_start);
    CHECK("[stack] present", stack);
    CHECK("executable mapped (path = /proc/self/exe target)", exe_lines > 0);
    CHECK("executable has r-xp text", exe_rx);
    CHECK("executable has r--p data", exe_r);
    CHECK("executable has rw-p data", exe_rw);
    free(m);
    return 0;
}
