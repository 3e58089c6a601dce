/* Per-CPU state, reached through GS in the kernel (swapgs on every entry
 * from user mode). The first fields are read by entry.S at fixed offsets. */
#pragma once

#define CPU_USER_RSP 8
#define CPU_KSTACK_TOP 16

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct thread;

struct tss {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} __attribute__((packed));

struct cpu {
    struct cpu *self;              /* 0: %gs:0 */
    uint64_t user_rsp;             /* 8: scratch for the syscall entry */
    uint64_t kstack_top;           /* 16: rsp for entries from user mode */
    struct thread *current;        /* 24 */
    int id;
    bool need_resched;
    struct thread *idle;
    uint64_t ticks;
    uint64_t gdt[10];
    struct tss tss;
};

static inline struct cpu *this_cpu(void)
{
    struct cpu *c;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}

void cpu_init(void);              /* this CPU: GDT, TSS, GS, features, syscall MSRs */
void cpu_set_kstack(uint64_t top);

/* Facts for /proc and auxv. */
const char *cpu_model_name(void);
void cpu_flags_string(char *buf, size_t cap);
uint64_t cpu_khz(void);
/* Sets the TSC frequency cpu_khz returns (measured at boot). */
void cpu_set_khz(uint64_t khz);
int cpu_count(void);
uint32_t cpu_hwcap(void);          /* CPUID.1:EDX, as Linux's AT_HWCAP */
uint32_t cpu_hwcap2(void);
bool cpu_has_smap(void);
extern bool smap_enabled;

/* FPU/SSE/AVX state (arch/x86_64/fpu.c). */
void fpu_init(void);
size_t fpu_state_size(void);
/* XCR0: the state components XSAVE saves; 0 when only FXSAVE is used. */
uint64_t fpu_xfeatures(void);
void fpu_init_state(void *area);   /* the state a new program starts with */
void fpu_save(void *area);
void fpu_restore(const void *area);
#endif
