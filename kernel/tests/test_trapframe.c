/* tf_user_return_ok (arch/x86_64/trapframe.h): which frames may go back
 * to user mode. The rip must be canonical (the 17 top bits equal: iretq
 * to any other faults in ring 0), the kernel half included (the CPU
 * faults on the fetch in user mode); cs must be 64-bit user code; ss is
 * left to the CPU. */
#include "check.h"
#include "arch/x86_64/trapframe.h"

static bool ok(uint64_t rip, uint64_t cs, uint64_t ss)
{
    struct trapframe tf = { .rip = rip, .cs = cs, .ss = ss, .rflags = 0x202 };
    return tf_user_return_ok(&tf);
}

static void test_rip(void)
{
    CHECK(ok(0x401000, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0x7ffffffff000, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0x7fffffffffff, SEL_UCODE, SEL_UDATA));
    CHECK(!ok(0x800000000000, SEL_UCODE, SEL_UDATA));
    CHECK(!ok(0x800000000001, SEL_UCODE, SEL_UDATA));
    CHECK(!ok(0x0dead00000000000, SEL_UCODE, SEL_UDATA));
    CHECK(!ok(0xffff7fffffffffff, SEL_UCODE, SEL_UDATA));
    CHECK(!ok(0x8000000000000000, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0xffff800000000000, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0xffffffff80000000, SEL_UCODE, SEL_UDATA));
    CHECK(ok(0xffffffffffffffff, SEL_UCODE, SEL_UDATA));
    /* One bit set: canonical below bit 47. All bits from b up: canonical
     * from bit 47 down. */
    for (int b = 0; b < 64; b++) {
        CHECK_EQ(ok(1ul << b, SEL_UCODE, SEL_UDATA), b < 47);
        CHECK_EQ(ok(~0ul << b, SEL_UCODE, SEL_UDATA), b <= 47);
    }
}

static void test_selectors(void)
{
    static const uint64_t bad_cs[] = { 0, 3, SEL_KCODE, SEL_KCODE | 3, SEL_KDATA | 3, SEL_UCODE32,
                                       SEL_UDATA, SEL_TSS | 3, 0xfffb, SEL_UCODE | 0x10000 };
    for (unsigned i = 0; i < sizeof bad_cs / sizeof bad_cs[0]; i++)
        CHECK(!ok(0x401000, bad_cs[i], SEL_UDATA));
    /* Whatever ss: the CPU checks it, and entry.S catches its fault. */
    CHECK(ok(0x401000, SEL_UCODE, 0));
    CHECK(ok(0x401000, SEL_UCODE, SEL_KDATA));
}

int main(void)
{
    test_rip();
    test_selectors();
    check_done("test_trapframe");
}
