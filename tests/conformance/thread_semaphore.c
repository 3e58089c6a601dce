/* POSIX semaphores between threads: 3 producers post 3000 times, 3
 * consumers wait as often; then trywait on zero, a timed wait that times
 * out, and a wait released by a post from another thread. */
#include "conf.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#define PRODUCERS 3
#define CONSUMERS 3
#define POSTS 3000

static sem_t items, go;
static long taken;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < POSTS; i++)
        sem_post(&items);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < POSTS; i++) {
        while (sem_wait(&items) != 0)
            ;
        __atomic_add_fetch(&taken, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

static void *poster(void *arg)
{
    (void)arg;
    struct timespec d = {0, 20 * 1000000};
    nanosleep(&d, NULL);
    sem_post(&go);
    return NULL;
}

int main(void)
{
    sem_init(&items, 0, 0);
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, NULL);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(c[i], NULL);
    int v = -1;
    sem_getvalue(&items, &v);
    printf("taken %ld (want %d), value left %d\n", taken, PRODUCERS * POSTS, v);

    CHECK_ERRNO("trywait on zero", sem_trywait(&items), EAGAIN);
    sem_post(&items);
    sem_post(&items);
    sem_getvalue(&items, &v);
    printf("after two posts: %d\n", v);
    CHECK_RET("trywait", sem_trywait(&items), 0);
    CHECK_RET("trywait", sem_trywait(&items), 0);
    CHECK_ERRNO("trywait on zero again", sem_trywait(&items), EAGAIN);

    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += 30 * 1000000;
    if (dl.tv_nsec >= 1000000000) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000;
    }
    CHECK_ERRNO("timedwait times out", sem_timedwait(&items, &dl), ETIMEDOUT);
    dl.tv_nsec = 1000000000;
    CHECK_ERRNO("timedwait bad nsec", sem_timedwait(&items, &dl), EINVAL);

    sem_init(&go, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, poster, NULL);
    CHECK_RET("wait released by another thread's post", sem_wait(&go), 0);
    pthread_join(t, NULL);
    sem_getvalue(&go, &v);
    printf("value after: %d\n", v);
    return 0;
}
