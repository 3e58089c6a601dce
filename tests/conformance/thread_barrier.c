/* pthread barriers: 16 threads go through 200 rounds; in every round each
 * thread writes its slot before the barrier and checks all slots after it,
 * and exactly one thread per round gets PTHREAD_BARRIER_SERIAL_THREAD. */
#include "conf.h"
#include <pthread.h>

#define THREADS 16
#define ROUNDS 200

static pthread_barrier_t bar;
static int slots[2][THREADS];
static long bad, serial, errors;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int r = 1; r <= ROUNDS; r++) {
        slots[r & 1][id] = r;
        int x = pthread_barrier_wait(&bar);
        if (x == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED);
        else if (x != 0)
            __atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
        for (int j = 0; j < THREADS; j++)
            if (slots[r & 1][j] != r)
                __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

int main(void)
{
    CHECK_RETERR("init count 0", pthread_barrier_init(&bar, NULL, 0), EINVAL);
    CHECK_RETERR("init", pthread_barrier_init(&bar, NULL, THREADS), 0);
    pthread_t ts[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&ts[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(ts[i], NULL);
    printf("rounds %d: serial threads %ld, stale slots seen %ld, errors %ld\n", ROUNDS, serial, bad,
           errors);
    CHECK_RETERR("destroy", pthread_barrier_destroy(&bar), 0);
    /* a barrier of one never blocks */
    pthread_barrier_init(&bar, NULL, 1);
    CHECK_RETERR("barrier of one", pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
    pthread_barrier_destroy(&bar);
    return 0;
}
