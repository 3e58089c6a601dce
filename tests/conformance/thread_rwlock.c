/* Read-write locks under contention: 4 writers keep two counters equal
 * under the write lock, 4 readers check them under the read lock; the
 * final counts are exact. Then try-locks against a held lock. */
#include "conf.h"
#include <pthread.h>
#include <sched.h>

#define WRITERS 4
#define READERS 4
#define WROUNDS 3000
#define RROUNDS 3000

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long a, b, torn, writers_inside, readers_with_writer;

static void *writer(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < WROUNDS; i++) {
        pthread_rwlock_wrlock(&rw);
        writers_inside++;
        a++;
        if (i % 300 == (int)id)
            sched_yield();
        b++;
        writers_inside--;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *reader(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < RROUNDS; i++) {
        pthread_rwlock_rdlock(&rw);
        if (writers_inside)
            __atomic_add_fetch(&readers_with_writer, 1, __ATOMIC_RELAXED);
        long x = a;
        if (i % 300 == (int)id)
            sched_yield();
        if (b != x)
            __atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *try_wr(void *arg) { return (void *)(long)pthread_rwlock_trywrlock((pthread_rwlock_t *)arg); }
static void *try_rd(void *arg)
{
    int r = pthread_rwlock_tryrdlock((pthread_rwlock_t *)arg);
    if (r == 0)
        pthread_rwlock_unlock((pthread_rwlock_t *)arg);
    return (void *)(long)r;
}

static int other(void *(*fn)(void *))
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, fn, &rw);
    pthread_join(t, &r);
    return (int)(long)r;
}

int main(void)
{
    pthread_t w[WRITERS], r[READERS];
    for (long i = 0; i < WRITERS; i++)
        pthread_create(&w[i], NULL, writer, (void *)i);
    for (long i = 0; i < READERS; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(w[i], NULL);
    for (int i = 0; i < READERS; i++)
        pthread_join(r[i], NULL);
    printf("a %ld b %ld (want %d), torn reads %ld, readers beside a writer %ld\n", a, b,
           WRITERS * WROUNDS, torn, readers_with_writer);

    CHECK_RETERR("rdlock", pthread_rwlock_rdlock(&rw), 0);
    CHECK_RETERR("other thread trywrlock while read-held", other(try_wr), EBUSY);
    CHECK_RETERR("other thread tryrdlock while read-held", other(try_rd), 0);
    CHECK_RETERR("unlock", pthread_rwlock_unlock(&rw), 0);
    CHECK_RETERR("wrlock", pthread_rwlock_wrlock(&rw), 0);
    CHECK_RETERR("other thread tryrdlock while write-held", other(try_rd), EBUSY);
    CHECK_RETERR("own rdlock while write-held", pthread_rwlock_rdlock(&rw), EDEADLK);
    CHECK_RETERR("unlock", pthread_rwlock_unlock(&rw), 0);
    CHECK_RETERR("other thread trywrlock when free", other(try_wr), 0);
    return 0;
}
