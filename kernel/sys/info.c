/* What the system says about itself: uname, sysinfo, getrandom. */
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/string.h"
#include "mm/pmm.h"
#include "mm/uaccess.h"
#include "sched/clock.h"
#include "sys/syscall.h"

struct utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };

/* sysname must be "Linux": the JDK and glibc decide things by it. The
 * eggos name goes in version. */
SYSCALL_DEFINE1(uname, struct utsname __user *, buf)
{
    struct utsname u;
    memset(&u, 0, sizeof(u));
    strlcpy(u.sysname, "Linux", sizeof(u.sysname));
    strlcpy(u.nodename, "eggos", sizeof(u.nodename));
    strlcpy(u.release, "6.1.0-eggos", sizeof(u.release));
    strlcpy(u.version, "#1 SMP eggos 0.1.0", sizeof(u.version));
    strlcpy(u.machine, "x86_64", sizeof(u.machine));
    strlcpy(u.domainname, "(none)", sizeof(u.domainname));
    return copy_to_user(buf, &u, sizeof(u));
}

struct sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char _f[4];
};

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, buf)
{
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    si.uptime = (int64_t)(clock_monotonic_ns() / NSEC_PER_SEC);
    si.totalram = pmm_total_pages() * 4096;
    si.freeram = pmm_free_pages() * 4096;
    si.procs = 1;
    si.mem_unit = 1;
    return copy_to_user(buf, &si, sizeof(si));
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define GETRANDOM_MAX 33554431ul     /* Linux's limit per call */

SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, len, unsigned int, flags)
{
    if (flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
        (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    len = MIN(len, GETRANDOM_MAX);
    uint8_t chunk[256];
    for (uint64_t done = 0; done < len;) {
        uint64_t n = MIN(len - done, sizeof(chunk));
        get_random_bytes(chunk, n);
        if (copy_to_user(buf + done, chunk, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)len;
}
