/* Threads preempted in the middle of floating-point work keep their own FPU
 * state: four threads run different double, long double (x87) and, where
 * the CPU has AVX, 256-bit vector computations, each under its own SSE
 * rounding mode and x87 control word, for long enough to be switched out
 * many times; each result must equal the one computed alone beforehand. */
#include "conf.h"
#include <fenv.h>
#include <pthread.h>
#include <xmmintrin.h>

#define THREADS 4
#define ITERS 300000

struct result { double d; long double ld; double v[4]; };

static const unsigned modes[THREADS] = {_MM_ROUND_NEAREST, _MM_ROUND_TOWARD_ZERO, _MM_ROUND_UP,
                                        _MM_ROUND_DOWN};
static const unsigned short x87cw[THREADS] = {0x037f, 0x0f7f, 0x027f, 0x077f};
static int have_avx;

__attribute__((target("avx"), noinline)) static void vec_work(long id, double out[4])
{
    typedef double v4 __attribute__((vector_size(32)));
    v4 a = {1.0 + id, 2.0, 3.0, 4.0 - id}, m = {1.0000001, 0.9999999, 1.0000003, 0.9999997};
    v4 c = {1e-3, 2e-3, 3e-3, 4e-3};
    for (int i = 0; i < ITERS; i++)
        a = a * m + c;
    memcpy(out, &a, sizeof a);
}

static void work(long id, struct result *r)
{
    _MM_SET_ROUNDING_MODE(modes[id]);
    __asm__ volatile("fldcw %0" ::"m"(x87cw[id]));
    double x = 1.0 + id, y = 0.5, z = 3.0 / (id + 7);
    long double l = 1.0L / (id + 3);
    for (int i = 0; i < ITERS; i++) {
        x = x * 1.0000001 + z;
        y = y / 1.0000003 + x * 1e-9;
        z = z * 0.9999999 + y * 1e-7;
        l = l * 1.0000000001L + 1.0L / (i + 1);
    }
    r->d = x + y + z;
    r->ld = l;
    if (have_avx)
        vec_work(id, r->v);
    else
        memset(r->v, 0, sizeof r->v);
}

static struct result expected[THREADS], got[THREADS];

static void *thread_fn(void *arg)
{
    long id = (long)arg;
    work(id, &got[id]);
    return NULL;
}

int main(void)
{
    have_avx = __builtin_cpu_supports("avx");
    unsigned short cw0;
    unsigned csr0 = _mm_getcsr();
    __asm__ volatile("fnstcw %0" : "=m"(cw0));
    for (long i = 0; i < THREADS; i++)
        work(i, &expected[i]);
    _mm_setcsr(csr0);
    __asm__ volatile("fldcw %0" ::"m"(cw0));

    pthread_t ts[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&ts[i], NULL, thread_fn, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(ts[i], NULL);
    for (int i = 0; i < THREADS; i++) {
        printf("thread %d: double %s, long double %s, vector %s\n", i,
               memcmp(&got[i].d, &expected[i].d, sizeof(double)) == 0 ? "same" : "DIFFERENT",
               memcmp(&got[i].ld, &expected[i].ld, 10) == 0 ? "same" : "DIFFERENT",
               memcmp(got[i].v, expected[i].v, sizeof got[i].v) == 0 ? "same" : "DIFFERENT");
    }
    /* the results themselves are the same on every x86-64 */
    for (int i = 0; i < THREADS; i++)
        printf("thread %d: %a %La\n", i, got[i].d, got[i].ld);
    int modes_differ = expected[0].d != expected[1].d && expected[1].d != expected[2].d;
    CHECK("the rounding modes made a difference", modes_differ);
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    CHECK("main's MXCSR untouched", _mm_getcsr() == csr0);
    CHECK("main's x87 control word untouched", cw == cw0);
    return 0;
}
