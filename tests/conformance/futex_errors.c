/* futex error cases: bad addresses (EFAULT), misaligned words, zero
 * bitsets, negative counts and bad timeouts (EINVAL), unknown operations
 * and FUTEX_CLOCK_REALTIME where it does not apply (ENOSYS). Private
 * futexes are keyed by the address alone: a wake on an unmapped private
 * word finds no waiter and returns 0, a shared one must look up the page. */
#include "conf.h"
#include <linux/futex.h>
#include <sys/mman.h>
#include <time.h>

#define F(name, err, ...) CHECK_SYSCALL_ERRNO(name, err, SYS_futex, __VA_ARGS__)
#define R(name, want, ...) CHECK_RET(name, syscall(SYS_futex, __VA_ARGS__), want)

static int word;

int main(void)
{
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *kernel = (void *)0xffff800000000000ul;
    int *mis = (int *)(page + 2);
    struct timespec zero = {0, 0}, bad_nsec = {0, 1000000000}, neg_nsec = {0, -1}, neg_sec = {-1, 0};

    /* FUTEX_WAIT */
    F("WAIT NULL", EFAULT, NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT unmapped", EFAULT, gone, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT PROT_NONE", EFAULT, none, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT kernel address", EFAULT, kernel, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT misaligned", EINVAL, mis, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT read-only page, other value", EAGAIN, ro, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
    F("WAIT read-only page, same value, timeout 0", ETIMEDOUT, ro, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0);
    F("WAIT timeout pointer unmapped", EFAULT, &word, FUTEX_WAIT_PRIVATE, 0, gone, NULL, 0);
    F("WAIT timeout pointer checked before the value", EFAULT, &word, FUTEX_WAIT_PRIVATE, 1, gone, NULL, 0);
    F("WAIT tv_nsec 1e9", EINVAL, &word, FUTEX_WAIT_PRIVATE, 0, &bad_nsec, NULL, 0);
    F("WAIT tv_nsec -1", EINVAL, &word, FUTEX_WAIT_PRIVATE, 0, &neg_nsec, NULL, 0);
    F("WAIT tv_sec -1", EINVAL, &word, FUTEX_WAIT_PRIVATE, 0, &neg_sec, NULL, 0);
    F("WAIT_BITSET tv_nsec 1e9", EINVAL, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, &bad_nsec, NULL, ~0);
    F("WAIT_BITSET bitset 0", EINVAL, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0);
    F("WAIT_BITSET bitset 0, other value", EINVAL, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0);
    F("WAIT|CLOCK_REALTIME", ENOSYS, &word, FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
    F("WAIT|CLOCK_REALTIME with a timeout", ENOSYS, &word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &zero, NULL, 0);
    F("WAIT|CLOCK_REALTIME bad timeout: EINVAL first", EINVAL, &word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &bad_nsec, NULL, 0);

    /* FUTEX_WAKE */
    R("WAKE_PRIVATE NULL", 0, NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    R("WAKE_PRIVATE unmapped", 0, gone, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    F("WAKE (shared) NULL", EFAULT, NULL, FUTEX_WAKE, 1, NULL, NULL, 0);
    F("WAKE (shared) unmapped", EFAULT, gone, FUTEX_WAKE, 1, NULL, NULL, 0);
    F("WAKE (shared) PROT_NONE", EFAULT, none, FUTEX_WAKE, 1, NULL, NULL, 0);
    /* a shared futex in private anonymous memory must be writable */
    F("WAKE (shared) read-only anonymous", EFAULT, ro, FUTEX_WAKE, 1, NULL, NULL, 0);
    R("WAKE_PRIVATE read-only", 0, ro, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    F("WAKE_PRIVATE kernel address", EFAULT, kernel, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    F("WAKE_PRIVATE misaligned", EINVAL, mis, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    F("WAKE_BITSET bitset 0", EINVAL, &word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0);
    F("WAKE|CLOCK_REALTIME", ENOSYS, &word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
    R("WAKE ignores the timeout argument", 0, &word, FUTEX_WAKE_PRIVATE, 1, gone, NULL, 0);

    /* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE */
    F("REQUEUE nr_wake -1", EINVAL, &word, FUTEX_REQUEUE_PRIVATE, -1, 1, &word, 0);
    F("REQUEUE nr_requeue -1", EINVAL, &word, FUTEX_REQUEUE_PRIVATE, 1, -1, &word, 0);
    F("CMP_REQUEUE nr_requeue -1", EINVAL, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, -1, &word, 0);
    F("CMP_REQUEUE misaligned target", EINVAL, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, mis, 0);
    F("CMP_REQUEUE misaligned source", EINVAL, mis, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &word, 0);
    F("CMP_REQUEUE (shared) NULL target", EFAULT, &word, FUTEX_CMP_REQUEUE, 1, 1, NULL, 0);
    F("CMP_REQUEUE (shared) NULL target, other value", EFAULT, &word, FUTEX_CMP_REQUEUE, 1, 1, NULL, 5);
    F("CMP_REQUEUE_PRIVATE kernel target", EFAULT, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, kernel, 0);
    F("CMP_REQUEUE_PRIVATE unmapped source", EFAULT, gone, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &word, 0);
    R("CMP_REQUEUE_PRIVATE NULL target, nobody waiting", 0, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, NULL, 0);
    F("CMP_REQUEUE other value", EAGAIN, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &word, 7);
    R("REQUEUE_PRIVATE unmapped source (never read)", 0, gone, FUTEX_REQUEUE_PRIVATE, 1, 1, &word, 0);
    F("REQUEUE|CLOCK_REALTIME", ENOSYS, &word, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, 1, &word, 0);

    /* FUTEX_WAKE_OP */
    int op = FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0);
    F("WAKE_OP read-only target", EFAULT, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, ro, op);
    F("WAKE_OP unmapped target", EFAULT, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, gone, op);
    F("WAKE_OP misaligned target", EINVAL, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, mis, op);
    F("WAKE_OP misaligned source", EINVAL, mis, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, op);
    F("WAKE_OP (shared) NULL source", EFAULT, NULL, FUTEX_WAKE_OP, 1, 1, &word, op);
    printf("target word untouched by the failed calls: %d\n", word);

    /* unknown */
    F("op 99", ENOSYS, &word, 99, 0, NULL, NULL, 0);
    F("op 14 (no such command)", ENOSYS, &word, 14, 0, NULL, NULL, 0);
    munmap(page, 4096);
    munmap(none, 4096);
    munmap(ro, 4096);
    return 0;
}
