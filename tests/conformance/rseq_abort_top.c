/* conf: status=139
 * An rseq critical section whose abort handler is the first address past
 * user space. Linux refuses a descriptor with any address from
 * TASK_SIZE_MAX up (rseq_get_rseq_cs): the thread gets a SIGSEGV when the
 * kernel would restart the section, instead of a return to an address the
 * CPU cannot return to (iretq to a non-canonical rip faults in the kernel
 * on hardware and KVM). First a valid descriptor, through glibc's
 * registered rseq area: a signal inside the section (int3) restarts it at
 * its abort handler, which the SIGTRAP handler already sees as its rip.
 * The signature is written below the bad handler too when that page can
 * be mapped (never on Linux), so only the address makes the difference. */
#include "conf.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/rseq.h>
#include <ucontext.h>

/* long run_section(uint64_t *rseq_cs, struct rseq_cs *desc): sets the
 * thread's critical section, runs it (an int3), 0 at its end or 1 from
 * its abort handler. */
long run_section(uint64_t *rseq_cs, struct rseq_cs *desc);
extern char section_start[], section_end[], section_abort[];
__asm__(".text\n.globl run_section, section_start, section_end, section_abort\n"
        "run_section:\n"
        "    mov %rsi, (%rdi)\n"
        "section_start:\n"
        "    int3\n"
        "    nop\n"
        "section_end:\n"
        "    movq $0, (%rdi)\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        "    .long 0x53053053\n"          /* RSEQ_SIG on x86 */
        "section_abort:\n"
        "    mov $1, %eax\n"
        "    ret\n");

static volatile greg_t trap_rip;

static void on_trap(int sig, siginfo_t *si, void *ucv)
{
    trap_rip = ((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RIP];
    static const char msg[] = "the SIGTRAP handler runs\n";
    (void)!write(1, msg, sizeof msg - 1);
    (void)sig;
    (void)si;
}

static struct rseq_cs desc __attribute__((aligned(32)));

int main(void)
{
    conf_no_core();
    CHECK("glibc registered rseq", __rseq_size > 0);
    if (__rseq_size == 0)
        return 1;
    struct rseq *rs = (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
    uint64_t *rseq_cs = (uint64_t *)&rs->rseq_cs;
    conf_sigaction(SIGTRAP, on_trap, 0);

    desc = (struct rseq_cs){ .version = 0, .start_ip = (uint64_t)section_start,
                             .post_commit_offset = section_end - section_start,
                             .abort_ip = (uint64_t)section_abort };
    /* A preemption before the int3 restarts the section too, without the
     * SIGTRAP: run it again then. */
    long r;
    do {
        trap_rip = 0;
        r = run_section(rseq_cs, &desc);
    } while (r == 1 && trap_rip == 0);
    CHECK("restarted at the abort handler", r == 1);
    CHECK("the SIGTRAP handler saw the abort handler as its rip", trap_rip == (greg_t)section_abort);
    CHECK("the kernel cleared rseq_cs", *rseq_cs == 0);

    uint32_t *sig = mmap((void *)0x7ffffffff000ul, 4096, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (sig == (uint32_t *)0x7ffffffff000ul)
        sig[1023] = 0x53053053;
    desc.abort_ip = 0x800000000000ul;
    printf("abort handler at 0x800000000000: int3 in the section\n");
    r = run_section(rseq_cs, &desc);
    printf("survived (must not print): %ld\n", r);
    return 0;
}
