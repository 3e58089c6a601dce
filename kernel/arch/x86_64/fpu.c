/* FPU, SSE and AVX state. Saved and restored eagerly on every context
 * switch (the kernel itself never touches these registers), with XSAVE
 * where the CPU has it and FXSAVE otherwise. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "lib/string.h"

#define XCR0_WANTED 0xE7ull       /* x87, SSE, AVX, AVX-512 opmask/ZMM */

static bool use_xsave;
static uint64_t xcr0;
static size_t state_size = 512;
static uint8_t initial[4096] __attribute__((aligned(64)));

static void xsetbv(uint32_t reg, uint64_t v)
{
    __asm__ volatile("xsetbv" :: "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void fpu_init(void)
{
    uint32_t r[4];
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    cpuid(1, 0, r);
    if (r[2] & (1u << 26)) {
        write_cr4(read_cr4() | CR4_OSXSAVE);
        cpuid(0xD, 0, r);
        xcr0 = (((uint64_t)r[3] << 32) | r[0]) & XCR0_WANTED;
        xsetbv(0, xcr0);
        cpuid(0xD, 0, r);
        state_size = r[1];
        use_xsave = true;
    }
    if (state_size > sizeof(initial))
        panic("XSAVE area of %zu bytes is larger than expected", state_size);
    uint32_t mxcsr = 0x1F80;
    __asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
    fpu_save(initial);
}

size_t fpu_state_size(void) { return state_size; }
uint64_t fpu_xfeatures(void) { return use_xsave ? xcr0 : 0; }

void fpu_init_state(void *area) { memcpy(area, initial, state_size); }

void fpu_save(void *area)
{
    if (use_xsave)
        __asm__ volatile("xsave64 (%0)" :: "r"(area), "a"((uint32_t)xcr0),
                         "d"((uint32_t)(xcr0 >> 32)) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" :: "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
    if (use_xsave)
        __asm__ volatile("xrstor64 (%0)" :: "r"(area), "a"((uint32_t)xcr0),
                         "d"((uint32_t)(xcr0 >> 32)) : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" :: "r"(area) : "memory");
}
