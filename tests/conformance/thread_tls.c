/* __thread variables: each thread has its own copy, initialised from the
 * TLS image (initialised and zeroed parts), at its own address, and the
 * main thread's copy is untouched by the others. */
#include "conf.h"
#include <pthread.h>

#define N 8

static __thread long tls_init = 1000;
static __thread long tls_zero;
static __thread char tls_buf[64] = "template";
static pthread_barrier_t bar;
static void *addrs[N];
static int bad[N];

static void *worker(void *arg)
{
    long i = (long)arg;
    if (tls_init != 1000 || tls_zero != 0 || strcmp(tls_buf, "template") != 0)
        bad[i] |= 1;
    tls_init = 1000 + i;
    tls_zero = i * i;
    snprintf(tls_buf, sizeof tls_buf, "thread %ld", i);
    addrs[i] = &tls_init;
    pthread_barrier_wait(&bar);      /* everybody wrote their copy */
    for (int k = 0; k < 1000; k++)
        tls_zero++;
    char want[64];
    snprintf(want, sizeof want, "thread %ld", i);
    if (tls_init != 1000 + i || tls_zero != i * i + 1000 || strcmp(tls_buf, want) != 0)
        bad[i] |= 2;
    return (void *)tls_zero;
}

int main(void)
{
    tls_init = 7;
    tls_zero = 8;
    strcpy(tls_buf, "main");
    pthread_barrier_init(&bar, NULL, N);
    pthread_t ts[N];
    for (long i = 0; i < N; i++)
        pthread_create(&ts[i], NULL, worker, (void *)i);
    long sum = 0;
    for (int i = 0; i < N; i++) {
        void *r;
        pthread_join(ts[i], &r);
        sum += (long)r;
    }
    for (int i = 0; i < N; i++)
        printf("thread %d: fresh copy %s, own copy kept %s\n", i, (bad[i] & 1) ? "no" : "yes",
               (bad[i] & 2) ? "no" : "yes");
    printf("sum of results %ld\n", sum);
    int distinct = 1;
    for (int i = 0; i < N; i++) {
        if (addrs[i] == (void *)&tls_init)
            distinct = 0;
        for (int j = 0; j < i; j++)
            if (addrs[i] == addrs[j])
                distinct = 0;
    }
    CHECK("addresses distinct", distinct);
    printf("main: %ld %ld %s\n", tls_init, tls_zero, tls_buf);
    /* %fs:0 holds the thread pointer itself (the TCB's self pointer) */
    void *tp;
    __asm__("mov %%fs:0, %0" : "=r"(tp));
    CHECK("fs:0 points to itself", *(void **)tp == tp);
    return 0;
}
