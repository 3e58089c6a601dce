/* Bring-up of a CPU: segments, TSS with IST stacks, GS base, the CPU
 * features we rely on (NX, SMEP, SMAP, global pages) and syscall MSRs. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"

#define IST_STACK_SIZE 8192
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MCE 3

static struct cpu cpu0;
static char ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static char model[49];
static uint32_t leaf1[4], leaf7[4], ext1[4];
static uint64_t khz;
bool smap_enabled;

extern void syscall_entry(void);

static uint64_t seg(uint64_t flags) { return flags << 40; }

static void gdt_init(struct cpu *c)
{
    memset(c->gdt, 0, sizeof(c->gdt));
    c->gdt[1] = seg(0x9A) | (1ul << 53);          /* kernel code, long mode */
    c->gdt[2] = seg(0x92);                        /* kernel data */
    c->gdt[4] = seg(0xFA) | (1ul << 54) | 0xFFFF | (0xFul << 48); /* user code, 32-bit */
    c->gdt[5] = seg(0xF2);                        /* user data */
    c->gdt[6] = seg(0xFA) | (1ul << 53);          /* user code, long mode */
    uint64_t base = (uint64_t)&c->tss, limit = sizeof(c->tss) - 1;
    c->gdt[8] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | seg(0x89) |
                ((base >> 24) & 0xFF) << 56;
    c->gdt[9] = base >> 32;                       /* the TSS descriptor is 16 bytes */
}

static void load_gdt(struct cpu *c)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr =
        { sizeof(c->gdt) - 1, (uint64_t)c->gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "pushq $0x08\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1: mov $0x10, %%ax\n"
        "mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%ss\n"
        "xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        :: "m"(gdtr) : "rax", "memory");
    __asm__ volatile("ltr %w0" :: "r"(SEL_TSS));
}

static void features_init(void)
{
    cpuid(1, 0, leaf1);
    cpuid(7, 0, leaf7);
    cpuid(0x80000001, 0, ext1);
    uint32_t r[4];
    cpuid(0x80000000, 0, r);
    if (r[0] >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++)
            cpuid(0x80000002 + i, 0, (uint32_t *)(model + 16 * i));
    }
    uint64_t cr4 = read_cr4() | CR4_PGE;
    if (leaf7[1] & (1u << 7))
        cr4 |= CR4_SMEP;
    if (leaf7[1] & (1u << 20)) {
        cr4 |= CR4_SMAP;
        smap_enabled = true;
    }
    write_cr4(cr4);
    /* AM: a program that sets RFLAGS.AC gets alignment checks in user
     * mode (SIGBUS), as on Linux; the kernel is never checked. */
    write_cr0(read_cr0() | CR0_WP | CR0_AM);
}

/* PAT entry 1 (a PTE with PWT alone) becomes write-combining, as Linux
 * sets it, for framebuffers (PTE_CACHE_WC). Entries 0 (write-back) and 3
 * (uncached, ioremap's PCD|PWT) keep their reset values. No mapping uses
 * entry 1 yet, so nothing needs flushing. */
#define MSR_PAT 0x277
#define PAT_WC 0x01

static void pat_init(void)
{
    if (!(leaf1[3] & (1u << 16)))
        return;                    /* no PAT: PWT alone stays write-through */
    wrmsr(MSR_PAT, (rdmsr(MSR_PAT) & ~(0xFFul << 8)) | (uint64_t)PAT_WC << 8);
}

static void syscall_msrs_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1);          /* SCE */
    /* sysret: CS = 0x23 + 16, SS = 0x23 + 8; syscall: CS = 0x08, SS = 0x10 */
    wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, AC, NT on entry. */
    wrmsr(MSR_SFMASK, (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18) | (1u << 14));
}

void cpu_init(void)
{
    struct cpu *c = &cpu0;
    c->self = c;
    c->id = 0;
    c->tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)ist_stacks[0] + IST_STACK_SIZE;
    c->tss.ist[IST_NMI - 1] = (uint64_t)ist_stacks[1] + IST_STACK_SIZE;
    c->tss.ist[IST_MCE - 1] = (uint64_t)ist_stacks[2] + IST_STACK_SIZE;
    c->tss.iomap_base = sizeof(c->tss);
    gdt_init(c);
    load_gdt(c);
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    features_init();
    pat_init();
    syscall_msrs_init();
}

void cpu_set_kstack(uint64_t top)
{
    struct cpu *c = this_cpu();
    c->tss.rsp0 = top;
    c->kstack_top = top;
}

void cpu_set_khz(uint64_t k) { khz = k; }
uint64_t cpu_khz(void) { return khz; }
int cpu_count(void) { return 1; }
const char *cpu_model_name(void) { return model[0] ? model : "QEMU Virtual CPU"; }
uint32_t cpu_hwcap(void) { return leaf1[3]; }
/* Linux's AT_HWCAP2 on x86: bit 1 = FSGSBASE usable from user mode, which
 * we do not enable. */
uint32_t cpu_hwcap2(void) { return 0; }
bool cpu_has_smap(void) { return smap_enabled; }

struct flag { uint8_t reg; uint8_t bit; const char *name; };
/* reg: 0 = 1.EDX, 1 = 1.ECX, 2 = 7.EBX, 3 = 0x80000001.EDX, 4 = 0x80000001.ECX */
static const struct flag flags[] = {
    {0,0,"fpu"},{0,1,"vme"},{0,2,"de"},{0,3,"pse"},{0,4,"tsc"},{0,5,"msr"},{0,6,"pae"},
    {0,7,"mce"},{0,8,"cx8"},{0,9,"apic"},{0,11,"sep"},{0,12,"mtrr"},{0,13,"pge"},
    {0,14,"mca"},{0,15,"cmov"},{0,16,"pat"},{0,17,"pse36"},{0,19,"clflush"},{0,23,"mmx"},
    {0,24,"fxsr"},{0,25,"sse"},{0,26,"sse2"},{0,28,"ht"},{3,11,"syscall"},{3,20,"nx"},
    {3,26,"pdpe1gb"},{3,27,"rdtscp"},{3,29,"lm"},{1,0,"pni"},{1,1,"pclmulqdq"},
    {1,9,"ssse3"},{1,12,"fma"},{1,13,"cx16"},{1,19,"sse4_1"},{1,20,"sse4_2"},
    {1,22,"movbe"},{1,23,"popcnt"},{1,25,"aes"},{1,26,"xsave"},{1,28,"avx"},
    {1,29,"f16c"},{1,30,"rdrand"},{1,31,"hypervisor"},{4,0,"lahf_lm"},{4,5,"abm"},
    {2,0,"fsgsbase"},{2,3,"bmi1"},{2,5,"avx2"},{2,7,"smep"},{2,8,"bmi2"},{2,9,"erms"},
    {2,18,"rdseed"},{2,19,"adx"},{2,20,"smap"},{2,29,"sha_ni"},
};

void cpu_flags_string(char *buf, size_t cap)
{
    const uint32_t regs[5] = { leaf1[3], leaf1[2], leaf7[1], ext1[3], ext1[2] };
    size_t n = 0;
    buf[0] = 0;
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (regs[flags[i].reg] & (1u << flags[i].bit))
            n += ksnprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? " " : "", flags[i].name);
}
