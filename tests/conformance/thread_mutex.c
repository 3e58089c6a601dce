/* pthread mutexes under contention: 8 threads increment a shared counter
 * under a normal mutex (some yield inside the critical section, so others
 * block on it in the kernel); trylock, error-checking and recursive kinds. */
#include "conf.h"
#include <pthread.h>
#include <sched.h>

#define THREADS 8
#define ROUNDS 5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, inside, overlap;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        if (__atomic_add_fetch(&inside, 1, __ATOMIC_RELAXED) != 1)
            overlap++;
        long c = counter;
        if (i % 500 == (int)id)
            sched_yield();      /* the others find the mutex taken and sleep */
        counter = c + 1;
        __atomic_sub_fetch(&inside, 1, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *try_other(void *arg)
{
    return (void *)(long)pthread_mutex_trylock((pthread_mutex_t *)arg);
}

int main(void)
{
    pthread_t ts[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&ts[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(ts[i], NULL);
    printf("counter %ld (want %d), overlapping critical sections %ld\n", counter, THREADS * ROUNDS,
           overlap);

    /* trylock from another thread while held */
    pthread_mutex_lock(&lock);
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, try_other, &lock);
    pthread_join(t, &r);
    CHECK_RETERR("trylock of a held mutex", (int)(long)r, EBUSY);
    pthread_mutex_unlock(&lock);
    pthread_create(&t, NULL, try_other, &lock);
    pthread_join(t, &r);
    CHECK_RETERR("trylock of a free mutex", (int)(long)r, 0);
    /* the thread that took it is gone; a normal mutex stays locked */
    CHECK_RETERR("trylock now", pthread_mutex_trylock(&lock), EBUSY);

    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t ec;
    pthread_mutex_init(&ec, &a);
    CHECK_RETERR("errorcheck unlock unlocked", pthread_mutex_unlock(&ec), EPERM);
    CHECK_RETERR("errorcheck lock", pthread_mutex_lock(&ec), 0);
    CHECK_RETERR("errorcheck relock", pthread_mutex_lock(&ec), EDEADLK);
    CHECK_RETERR("errorcheck unlock", pthread_mutex_unlock(&ec), 0);

    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &a);
    for (int i = 0; i < 3; i++)
        pthread_mutex_lock(&rec);
    pthread_create(&t, NULL, try_other, &rec);
    pthread_join(t, &r);
    CHECK_RETERR("recursive held 3 times: other thread's trylock", (int)(long)r, EBUSY);
    for (int i = 0; i < 3; i++)
        pthread_mutex_unlock(&rec);
    CHECK_RETERR("recursive: fourth unlock", pthread_mutex_unlock(&rec), EPERM);
    pthread_create(&t, NULL, try_other, &rec);
    pthread_join(t, &r);
    CHECK_RETERR("recursive released: other thread's trylock", (int)(long)r, 0);
    return 0;
}
