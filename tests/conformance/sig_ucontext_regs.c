/* The general registers in a handler's ucontext: the handler sees the
 * interrupted code's values (and its RSP), and what it writes there is what
 * the code finds after sigreturn: RBX, RSI, RDI, R8-R15, RAX, RCX, RDX and
 * the carry flag. */
#include "conf.h"
#include <signal.h>
#include <ucontext.h>

static greg_t seen[NGREG];
static long regs_after[16];

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    memcpy(seen, g, sizeof seen);
    static const int which[] = {REG_RBX, REG_RSI, REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11,
                                REG_R12, REG_R13, REG_R14, REG_R15, REG_RAX, REG_RCX, REG_RDX};
    for (unsigned i = 0; i < sizeof which / sizeof which[0]; i++)
        g[which[i]] = 0x5000 + i;
    g[REG_EFL] |= 1;                 /* CF */
    (void)sig;
    (void)si;
}

/* Loads known values, traps with int3, stores what it finds afterwards. */
static void run(void)
{
    __asm__ volatile(
        "push %%rbx\n push %%r12\n push %%r13\n push %%r14\n push %%r15\n push %%rbp\n"
        "push %%rdi\n"                                /* regs_after */
        "mov $0x1001, %%rbx\n mov $0x1002, %%rsi\n mov $0x1003, %%rdi\n"
        "mov $0x1004, %%r8\n mov $0x1005, %%r9\n mov $0x1006, %%r10\n mov $0x1007, %%r11\n"
        "mov $0x1008, %%r12\n mov $0x1009, %%r13\n mov $0x100a, %%r14\n mov $0x100b, %%r15\n"
        "mov $0x100c, %%rax\n mov $0x100d, %%rcx\n mov $0x100e, %%rdx\n"
        "mov %%rsp, %%rbp\n"
        "clc\n"
        "int3\n"
        "push %%rax\n"
        "mov 8(%%rsp), %%rax\n"                       /* regs_after */
        "mov %%rbx, 0(%%rax)\n mov %%rsi, 8(%%rax)\n mov %%rdi, 16(%%rax)\n"
        "mov %%r8, 24(%%rax)\n mov %%r9, 32(%%rax)\n mov %%r10, 40(%%rax)\n mov %%r11, 48(%%rax)\n"
        "mov %%r12, 56(%%rax)\n mov %%r13, 64(%%rax)\n mov %%r14, 72(%%rax)\n mov %%r15, 80(%%rax)\n"
        "mov %%rcx, 96(%%rax)\n mov %%rdx, 104(%%rax)\n"
        "setc %%cl\n movzbq %%cl, %%rcx\n mov %%rcx, 112(%%rax)\n"
        "mov %%rbp, 120(%%rax)\n"                     /* the RSP at the int3 */
        "pop %%rcx\n mov %%rcx, 88(%%rax)\n"          /* rax */
        "pop %%rdi\n pop %%rbp\n pop %%r15\n pop %%r14\n pop %%r13\n pop %%r12\n pop %%rbx\n"
        :
        : "D"(regs_after)
        : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory", "cc");
}

int main(void)
{
    conf_sigaction(SIGTRAP, handler, 0);
    run();
    static const struct { const char *name; int reg; } in[] = {
        {"rbx", REG_RBX}, {"rsi", REG_RSI}, {"rdi", REG_RDI}, {"r8", REG_R8}, {"r9", REG_R9},
        {"r10", REG_R10}, {"r11", REG_R11}, {"r12", REG_R12}, {"r13", REG_R13}, {"r14", REG_R14},
        {"r15", REG_R15}, {"rax", REG_RAX}, {"rcx", REG_RCX}, {"rdx", REG_RDX},
    };
    printf("handler saw:");
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++)
        printf(" %s=%#llx", in[i].name, (unsigned long long)seen[in[i].reg]);
    printf("\n");
    printf("handler saw CF %lld\n", (long long)(seen[REG_EFL] & 1));
    CHECK("handler saw the interrupted RSP", seen[REG_RSP] == (greg_t)regs_after[15]);
    CHECK("handler saw the interrupted RBP", seen[REG_RBP] == (greg_t)regs_after[15]);
    static const char *names[] = {"rbx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
                                  "r13", "r14", "r15", "rax", "rcx", "rdx"};
    printf("after return:");
    for (int i = 0; i < 14; i++)
        printf(" %s=%#lx", names[i], regs_after[i]);
    printf("\nafter return CF %ld\n", regs_after[14]);
    return 0;
}
