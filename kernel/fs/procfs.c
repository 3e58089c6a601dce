/* /proc's system-wide files. Their formats are Linux's to the byte where
 * programs parse them: glibc (sysconf, get_nprocs), HotSpot (container
 * and memory ergonomics, huge page size) and the JDK's management beans. */
#include "arch/x86_64/cpu.h"
#include "fs/procfs.h"
#include "fs/tmpfs.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "sched/clock.h"
#include "sched/proc.h"

#define NS_PER_TICK (NSEC_PER_SEC / USER_HZ)

static void cpuid_vendor(char vendor[13])
{
    uint32_t r[4];
    cpuid(0, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = '\0';
}

/* One processor's block, as Linux's show_cpuinfo. */
static void cpuinfo_one(struct seqbuf *s, int cpu, const char *flags)
{
    char vendor[13];
    uint32_t l1[4], l8[4] = { 0 }, max[4];
    cpuid_vendor(vendor);
    cpuid(0, 0, max);
    cpuid(1, 0, l1);
    cpuid(0x80000000, 0, l8);
    if (l8[0] >= 0x80000008)
        cpuid(0x80000008, 0, l8);
    else
        l8[0] = 36 | (48 << 8);
    uint32_t family = (l1[0] >> 8) & 0xf, model = (l1[0] >> 4) & 0xf;
    if (family == 0xf)
        family += (l1[0] >> 20) & 0xff;
    if (family >= 6)
        model += ((l1[0] >> 16) & 0xf) << 4;
    uint64_t khz = cpu_khz();
    int n = cpu_count();
    seq_printf(s, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
               "model name\t: %s\nstepping\t: %u\n", cpu, vendor, family, model,
               cpu_model_name(), l1[0] & 0xf);
    seq_printf(s, "cpu MHz\t\t: %lu.%03lu\n", khz / 1000, khz % 1000);
    seq_printf(s, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n"
               "apicid\t\t: %d\ninitial apicid\t: %d\n", n, cpu, n, cpu, cpu);
    seq_printf(s, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
               max[0]);
    seq_printf(s, "flags\t\t: %s\nbugs\t\t:\n", flags);
    seq_printf(s, "bogomips\t: %lu.%02lu\n", khz / 500, (khz / 5) % 100);
    seq_printf(s, "clflush size\t: %u\ncache_alignment\t: %u\n", ((l1[1] >> 8) & 0xff) * 8,
               ((l1[1] >> 8) & 0xff) * 8);
    seq_printf(s, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n",
               l8[0] & 0xff, (l8[0] >> 8) & 0xff);
}

static void show_cpuinfo(struct seqbuf *s)
{
    char flags[1024];
    cpu_flags_string(flags, sizeof flags);
    for (int cpu = 0; cpu < cpu_count(); cpu++)
        cpuinfo_one(s, cpu, flags);
}

static void meminfo_kb(struct seqbuf *s, const char *name, uint64_t kb)
{
    seq_printf(s, "%-16s%8lu kB\n", name, kb);
}

static void show_meminfo(struct seqbuf *s)
{
    uint64_t kb = PAGE_SIZE / 1024, limit, shmem;
    tmpfs_usage(&limit, &shmem);
    uint64_t total = pmm_total_pages() * kb, free = pmm_free_pages() * kb;
    meminfo_kb(s, "MemTotal:", total);
    meminfo_kb(s, "MemFree:", free);
    meminfo_kb(s, "MemAvailable:", free);
    meminfo_kb(s, "Buffers:", 0);
    meminfo_kb(s, "Cached:", shmem * kb);
    meminfo_kb(s, "SwapCached:", 0);
    meminfo_kb(s, "SwapTotal:", 0);
    meminfo_kb(s, "SwapFree:", 0);
    meminfo_kb(s, "Shmem:", shmem * kb);
    meminfo_kb(s, "CommitLimit:", total);
    seq_printf(s, "%-16s%8d\n%-16s%8d\n%-16s%8d\n%-16s%8d\n", "HugePages_Total:", 0,
               "HugePages_Free:", 0, "HugePages_Rsvd:", 0, "HugePages_Surp:", 0);
    meminfo_kb(s, "Hugepagesize:", 2048);
    meminfo_kb(s, "Hugetlb:", 0);
}

/* CPU time in ticks. Only the current process's time is accounted; the
 * rest of the elapsed time of all CPUs counts as idle. */
static void cpu_ticks(uint64_t *user, uint64_t *system, uint64_t *idle)
{
    struct thread *t = current_thread();
    *user = (t->proc->utime_ns + t->utime_ns) / NS_PER_TICK;
    *system = (t->proc->stime_ns + t->stime_ns) / NS_PER_TICK;
    uint64_t all = clock_monotonic_ns() / NS_PER_TICK * (uint64_t)cpu_count();
    *idle = all > *user + *system ? all - *user - *system : 0;
}

static void show_stat(struct seqbuf *s)
{
    uint64_t user, system, idle;
    cpu_ticks(&user, &system, &idle);
    seq_printf(s, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", user, system, idle);
    /* The process's time is put on cpu0. */
    for (int cpu = 0; cpu < cpu_count(); cpu++)
        seq_printf(s, "cpu%d %lu 0 %lu %lu 0 0 0 0 0 0\n", cpu, cpu ? 0 : user,
                   cpu ? 0 : system, idle / (uint64_t)cpu_count());
    seq_printf(s, "intr 0\nctxt 0\nbtime %lu\nprocesses 1\nprocs_running 1\nprocs_blocked 0\n"
               "softirq 0 0 0 0 0 0 0 0 0 0 0\n", (unsigned long)(clock_boot_epoch_ns() / NSEC_PER_SEC));
}

static void show_uptime(struct seqbuf *s)
{
    uint64_t up = clock_monotonic_ns() / (NSEC_PER_SEC / 100);
    uint64_t user, system, idle;
    cpu_ticks(&user, &system, &idle);
    seq_printf(s, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
}

static void show_loadavg(struct seqbuf *s)
{
    seq_printf(s, "0.00 0.00 0.00 1/1 %d\n", current_proc()->pid);
}

static void pid_name(char *buf, size_t cap)
{
    ksnprintf(buf, cap, "%d", current_proc()->pid);
}

static long link_self(char *buf, size_t cap)
{
    char pid[16];
    pid_name(pid, sizeof pid);
    size_t n = MIN(strlen(pid), cap);
    memcpy(buf, pid, n);
    return (long)n;
}

static long link_mounts(char *buf, size_t cap)
{
    size_t n = MIN(cap, 11);
    memcpy(buf, "self/mounts", n);
    return (long)n;
}

#define FILE_SHOW(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define FILE_TEXT(n, t) { .name = n, .mode = S_IFREG | 0444, .text = t }
#define DIR(n, kids) { .name = n, .mode = S_IFDIR | 0555, .children = kids }

static const struct pseudo_entry sys_vm[] = {
    FILE_TEXT("mmap_min_addr", "65536\n"),
    FILE_TEXT("overcommit_memory", "0\n"),
    { 0 },
};

static const struct pseudo_entry sys[] = {
    DIR("vm", sys_vm),
    { 0 },
};

static const struct pseudo_entry proc_entries[] = {
    FILE_TEXT("cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"),
    FILE_SHOW("cpuinfo", show_cpuinfo),
    FILE_SHOW("loadavg", show_loadavg),
    FILE_SHOW("meminfo", show_meminfo),
    { .name = "mounts", .mode = S_IFLNK | 0777, .link = link_mounts },
    /* Its files are net's (PROCFS_FILE in net/). */
    { .name = "net", .mode = S_IFDIR | 0555, .more = "/proc/net" },
    { .name = "self", .mode = S_IFLNK | 0777, .link = link_self },
    FILE_SHOW("stat", show_stat),
    DIR("sys", sys),
    FILE_SHOW("uptime", show_uptime),
    /* The process's own directory, named by its pid; listed last, as Linux
     * lists pids after the fixed entries. */
    { .name = "<pid>", .mode = S_IFDIR | 0555, .children = procfs_pid_entries,
      .name_fn = pid_name },
    { 0 },
};

static const struct pseudo_entry proc_root = DIR("proc", proc_entries);

struct vnode *procfs_new(void)
{
    return pseudo_new("proc", PROC_SUPER_MAGIC, &proc_root, 0);
}
