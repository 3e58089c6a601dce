/* A signal handler that wrecks the FPU state (every XMM register, the
 * upper YMM halves where the CPU has AVX, the x87 stack and control word,
 * the MXCSR rounding mode) does not disturb the code it interrupted: the
 * main thread's double and long double loop, interrupted again and again
 * by signals from another thread, ends with the same bits as without
 * signals. The handler itself starts with a clean FPU state. */
#include "conf.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <xmmintrin.h>

#define ITERS 400000

static volatile int runs, stop;
static volatile int clean_mxcsr = 1;
static pid_t main_tid;
static int have_avx;

__attribute__((target("avx"), noinline)) static void wreck_ymm(void)
{
    __asm__ volatile("vpcmpeqb %%ymm0, %%ymm0, %%ymm0\n"
                     "vmovdqa %%ymm0, %%ymm1\n vmovdqa %%ymm0, %%ymm2\n vmovdqa %%ymm0, %%ymm3\n"
                     "vmovdqa %%ymm0, %%ymm4\n vmovdqa %%ymm0, %%ymm5\n vmovdqa %%ymm0, %%ymm6\n"
                     "vmovdqa %%ymm0, %%ymm7\n vmovdqa %%ymm0, %%ymm8\n vmovdqa %%ymm0, %%ymm9\n"
                     "vmovdqa %%ymm0, %%ymm10\n vmovdqa %%ymm0, %%ymm11\n vmovdqa %%ymm0, %%ymm12\n"
                     "vmovdqa %%ymm0, %%ymm13\n vmovdqa %%ymm0, %%ymm14\n vmovdqa %%ymm0, %%ymm15\n" ::
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                           "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

static void handler(int sig)
{
    /* a fresh handler sees the default MXCSR (0x1f80) */
    if ((_mm_getcsr() & 0xffbf) != 0x1f80)     /* DAZ aside */
        clean_mxcsr = 0;
    runs++;
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n"
                     "movdqa %%xmm0, %%xmm1\n movdqa %%xmm0, %%xmm2\n movdqa %%xmm0, %%xmm3\n"
                     "movdqa %%xmm0, %%xmm4\n movdqa %%xmm0, %%xmm5\n movdqa %%xmm0, %%xmm6\n"
                     "movdqa %%xmm0, %%xmm7\n movdqa %%xmm0, %%xmm8\n movdqa %%xmm0, %%xmm9\n"
                     "movdqa %%xmm0, %%xmm10\n movdqa %%xmm0, %%xmm11\n movdqa %%xmm0, %%xmm12\n"
                     "movdqa %%xmm0, %%xmm13\n movdqa %%xmm0, %%xmm14\n movdqa %%xmm0, %%xmm15\n" ::
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                           "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    if (have_avx)
        wreck_ymm();
    /* a full x87 stack, round-up, single precision; and MXCSR round-down */
    static const unsigned short cw = 0x087f;
    __asm__ volatile("fldcw %0\n fld1\n fldpi\n fldl2e\n fldln2\n fld1\n fldpi\n fldl2e\n fldln2" ::"m"(cw));
    _mm_setcsr((_mm_getcsr() & ~0x6000u) | _MM_ROUND_DOWN);
    (void)sig;
}

static void *pelter(void *arg)
{
    (void)arg;
    while (!stop) {
        struct timespec d = {0, 1000000};
        nanosleep(&d, NULL);
        syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
    }
    return NULL;
}

static void compute(double *d, long double *ld)
{
    double x = 1.0, y = 0.25, z = 1.0 / 3.0;
    long double l = 0.5L;
    for (int i = 0; i < ITERS; i++) {
        x = x * 1.0000001 + z;
        y = y / 1.0000003 + x * 1e-9;
        z = z * 0.9999999 + y * 1e-7;
        l = l * 1.0000000001L + 1.0L / (i + 1);
    }
    *d = x + y + z;
    *ld = l;
}

int main(void)
{
    have_avx = __builtin_cpu_supports("avx");
    main_tid = (pid_t)syscall(SYS_gettid);
    signal(SIGUSR1, handler);
    double quiet, noisy;
    long double lquiet, lnoisy;
    compute(&quiet, &lquiet);

    pthread_t t;
    pthread_create(&t, NULL, pelter, NULL);
    int rounds = 0;
    do {                               /* until at least 20 signals hit it */
        compute(&noisy, &lnoisy);
        rounds++;
    } while (runs < 20 && rounds < 50);
    stop = 1;
    pthread_join(t, NULL);

    CHECK("signals arrived during the computation", runs >= 20);
    CHECK("double result unchanged", memcmp(&quiet, &noisy, sizeof quiet) == 0);
    CHECK("long double result unchanged", memcmp(&lquiet, &lnoisy, 10) == 0);
    CHECK("the handler started with the default MXCSR", clean_mxcsr);
    printf("result %a %La\n", noisy, lnoisy);
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    printf("after: MXCSR rounding %s, x87 control word %#x\n",
           (_mm_getcsr() & 0x6000) == _MM_ROUND_NEAREST ? "nearest" : "other", cw);
    return 0;
}
