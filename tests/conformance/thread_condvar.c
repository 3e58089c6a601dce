/* Condition variables under contention: a bounded buffer of 4 slots with 4
 * producers and 4 consumers; every item is consumed exactly once. Then a
 * broadcast releasing 10 waiters, and a timed wait that times out. */
#include "conf.h"
#include <pthread.h>
#include <time.h>

#define PRODUCERS 4
#define CONSUMERS 4
#define ITEMS 2000            /* per producer */
#define CAP 4

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long buf[CAP];
static int head, count, done_producers;
static long consumed_sum, consumed_count;
static unsigned char seen[PRODUCERS * ITEMS];

static void *producer(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == CAP)
            pthread_cond_wait(&not_full, &m);
        buf[(head + count) % CAP] = id * ITEMS + i;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    done_producers++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    long mine = 0;
    for (;;) {
        pthread_mutex_lock(&m);
        while (count == 0 && done_producers < PRODUCERS)
            pthread_cond_wait(&not_empty, &m);
        if (count == 0) {
            pthread_mutex_unlock(&m);
            return (void *)mine;
        }
        long v = buf[head];
        head = (head + 1) % CAP;
        count--;
        consumed_sum += v;
        consumed_count++;
        seen[v]++;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
        mine++;
    }
}

static int gate_open, waiting, released;

static void *gate_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    waiting++;
    pthread_cond_signal(&not_full);
    while (!gate_open)
        pthread_cond_wait(&not_empty, &m);
    released++;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    for (long i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    long total = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        void *r;
        pthread_join(c[i], &r);
        total += (long)r;
    }
    long n = PRODUCERS * ITEMS, dup = 0, missing = 0;
    for (long i = 0; i < n; i++) {
        if (seen[i] == 0)
            missing++;
        else if (seen[i] > 1)
            dup++;
    }
    printf("consumed %ld items (threads say %ld), sum %ld (want %ld)\n", consumed_count, total,
           consumed_sum, n * (n - 1) / 2);
    printf("missing %ld, duplicated %ld\n", missing, dup);

    /* broadcast wakes all 10 waiters */
    pthread_t g[10];
    for (int i = 0; i < 10; i++)
        pthread_create(&g[i], NULL, gate_waiter, NULL);
    pthread_mutex_lock(&m);
    while (waiting < 10)
        pthread_cond_wait(&not_full, &m);
    gate_open = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 10; i++)
        pthread_join(g[i], NULL);
    printf("broadcast released %d of 10 waiters\n", released);

    /* a timed wait with nobody to signal */
    struct timespec t0, t1, dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dl.tv_nsec += 50 * 1000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    CHECK_RETERR("timedwait with no signal", pthread_cond_timedwait(&not_empty, &m, &dl), ETIMEDOUT);
    CHECK_RETERR("mutex held again after timeout", pthread_mutex_trylock(&m), EBUSY);
    pthread_mutex_unlock(&m);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    conf_check_waited("it waited", (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec), 50);
    return 0;
}
