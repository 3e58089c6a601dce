/* sched_setaffinity and sched_getaffinity agree: a mask that holds an online
 * CPU is taken (getaffinity then shows it, within the online CPUs), a mask
 * with none is EINVAL, a shorter mask is padded with zeros, a bad pointer
 * EFAULT, an unknown thread ESRCH. Threads inherit the mask. */
#include "conf.h"
#include <pthread.h>
#include <sched.h>

static cpu_set_t seen_by_thread;

static void *thread_main(void *arg)
{
    CPU_ZERO(&seen_by_thread);
    sched_getaffinity(0, sizeof seen_by_thread, &seen_by_thread);
    return NULL;
}

int main(void)
{
    cpu_set_t all, one, got, none;
    CHECK_RET("getaffinity", sched_getaffinity(0, sizeof all, &all), 0);
    int cpu = 0;                        /* the lowest allowed CPU */
    while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &all))
        cpu++;
    CHECK("runs on an allowed CPU", CPU_ISSET(sched_getcpu(), &all));
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    CHECK_RET("setaffinity to its CPU", sched_setaffinity(0, sizeof one, &one), 0);
    CHECK_RET("getaffinity after", sched_getaffinity(0, sizeof got, &got), 0);
    CHECK("getaffinity shows that CPU alone", CPU_EQUAL(&got, &one));
    pthread_t th;
    pthread_create(&th, NULL, thread_main, NULL);
    pthread_join(th, NULL);
    CHECK("a new thread inherits the mask", CPU_EQUAL(&seen_by_thread, &one));

    CPU_ZERO(&none);
    CHECK_ERRNO("an empty mask", sched_setaffinity(0, sizeof none, &none), EINVAL);
    CPU_SET(1023, &none);
    CHECK_ERRNO("a mask of CPU 1023 only", sched_setaffinity(0, sizeof none, &none), EINVAL);
    CHECK("a refused mask changed nothing",
          sched_getaffinity(0, sizeof got, &got) == 0 && CPU_EQUAL(&got, &one));
    CHECK_SYSCALL_ERRNO("bad mask pointer", EFAULT, SYS_sched_setaffinity, 0, sizeof one, (void *)8);
    CHECK_SYSCALL_ERRNO("unknown thread", ESRCH, SYS_sched_setaffinity, 99999999, sizeof one, &one);
    CHECK_SYSCALL_ERRNO("getaffinity of an unknown thread", ESRCH, SYS_sched_getaffinity, 99999999,
                        sizeof got, &got);
    CHECK_RET("setaffinity by its own tid", syscall(SYS_sched_setaffinity, gettid(), sizeof one, &one), 0);
    CHECK("the lowest allowed CPU fits a one-byte mask", cpu < 8);
    unsigned char byte = 1u << (cpu & 7);
    CHECK_RET("a one-byte mask", syscall(SYS_sched_setaffinity, 0, 1, &byte), 0);
    CHECK("getaffinity: that CPU", sched_getaffinity(0, sizeof got, &got) == 0 && CPU_EQUAL(&got, &one));
    CHECK_RET("back to all", sched_setaffinity(0, sizeof all, &all), 0);
    CHECK("getaffinity: all again", sched_getaffinity(0, sizeof got, &got) == 0 && CPU_EQUAL(&got, &all));
    return 0;
}
