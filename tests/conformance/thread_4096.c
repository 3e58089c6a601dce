/* 4096 threads alive at once: each (64 KiB stack) waits at a barrier until
 * all exist, then they are all joined and their results checked. */
#include "conf.h"
#include <pthread.h>

#define N 4096

static pthread_barrier_t barrier;
static int serial_count;

static void *worker(void *arg)
{
    long i = (long)arg;
    volatile char local[256];
    local[0] = (char)i;
    int r = pthread_barrier_wait(&barrier);
    if (r == PTHREAD_BARRIER_SERIAL_THREAD)
        __atomic_add_fetch(&serial_count, 1, __ATOMIC_RELAXED);
    else if (r != 0)
        return (void *)-1L;
    return (void *)(i * 2 + (local[0] == (char)i ? 0 : 1));
}

int main(void)
{
    static pthread_t ts[N];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    CHECK_RETERR("stack size 64 KiB", pthread_attr_setstacksize(&attr, 64 * 1024), 0);
    CHECK_RETERR("barrier init", pthread_barrier_init(&barrier, NULL, N + 1), 0);
    int created = 0;
    for (long i = 0; i < N; i++) {
        int r = pthread_create(&ts[i], &attr, worker, (void *)i);
        if (r != 0) {
            printf("create %ld failed: %s\n", i, errname(r));
            break;
        }
        created++;
    }
    printf("created %d threads\n", created);
    if (created != N)
        return 1;
    int r = pthread_barrier_wait(&barrier);
    if (r == PTHREAD_BARRIER_SERIAL_THREAD)
        serial_count++;
    long wrong = 0;
    for (long i = 0; i < N; i++) {
        void *ret;
        if (pthread_join(ts[i], &ret) != 0 || (long)ret != i * 2)
            wrong++;
    }
    printf("joined %d, wrong results %ld\n", N, wrong);
    printf("PTHREAD_BARRIER_SERIAL_THREAD returned %d time(s)\n", serial_count);
    pthread_barrier_destroy(&barrier);
    return 0;
}
