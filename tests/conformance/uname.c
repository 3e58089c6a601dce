/* uname: the facts every x86-64 Linux shares; gethostname agrees. */
#include "conf.h"
#include <ctype.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    memset(&u, 0x55, sizeof u);
    CHECK_RET("uname", uname(&u), 0);
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    CHECK("nodename non-empty", u.nodename[0] != 0);
    CHECK("release starts with a digit", isdigit((unsigned char)u.release[0]));
    CHECK("release has major.minor", strchr(u.release, '.') != NULL);
    CHECK("version non-empty", u.version[0] != 0);
    /* every field is NUL-terminated within its 65 bytes */
    CHECK("fields terminated",
          memchr(u.sysname, 0, sizeof u.sysname) && memchr(u.nodename, 0, sizeof u.nodename) &&
          memchr(u.release, 0, sizeof u.release) && memchr(u.version, 0, sizeof u.version) &&
          memchr(u.machine, 0, sizeof u.machine) && memchr(u.domainname, 0, sizeof u.domainname));
    printf("field size: %zu\n", sizeof u.sysname);
    /* the kernel version glibc and the JVM parse: "X.Y" at least, X >= 3 */
    int major = 0, minor = -1;
    sscanf(u.release, "%d.%d", &major, &minor);
    CHECK("release major >= 3 and minor parsed", major >= 3 && minor >= 0);

    char host[256] = {0};
    CHECK_RET("gethostname", gethostname(host, sizeof host), 0);
    CHECK("gethostname == nodename", strcmp(host, u.nodename) == 0);
    char tiny[1];
    CHECK_ERRNO("gethostname into 1 byte", gethostname(tiny, sizeof tiny), ENAMETOOLONG);
    /* raw syscall */
    struct utsname r;
    CHECK_RET("raw uname", syscall(SYS_uname, &r), 0);
    CHECK("raw uname == library uname", !strcmp(r.sysname, u.sysname) && !strcmp(r.release, u.release) && !strcmp(r.machine, u.machine));
    return 0;
}
