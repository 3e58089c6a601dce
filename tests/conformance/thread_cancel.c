/* pthread_cancel (glibc sends SIGRTMIN to the thread): a thread blocked in
 * read(), in pthread_cond_wait, or in nanosleep is cancelled at that
 * cancellation point, its cleanup handlers run (cond_wait's with the
 * mutex held), and pthread_join returns PTHREAD_CANCELED; an asynchronous
 * cancel stops a busy loop; with cancellation disabled, nothing happens
 * until it is enabled again. */
#include "conf.h"
#include <pthread.h>
#include <time.h>

static int p[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int cleanups, started, spins, held_in_cleanup;
static volatile int disabled_done;

static void cleanup(void *arg)
{
    cleanups++;
    if (arg == &m) {
        held_in_cleanup = pthread_mutex_trylock(&m) == EBUSY;
        pthread_mutex_unlock(&m);
    }
}

static void *in_read(void *arg)
{
    (void)arg;
    char b;
    pthread_cleanup_push(cleanup, NULL);
    started = 1;
    read(p[0], &b, 1);
    pthread_cleanup_pop(0);
    return (void *)1L;
}

static void *in_cond_wait(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    pthread_cleanup_push(cleanup, &m);
    started = 1;
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(0);
    return (void *)1L;
}

static void *in_sleep(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, NULL);
    started = 1;
    struct timespec d = {30, 0};
    nanosleep(&d, NULL);
    pthread_cleanup_pop(0);
    return (void *)1L;
}

static void *busy(void *arg)
{
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    started = 1;
    for (;;)
        spins++;
    return (void *)1L;
}

static void *disabled(void *arg)
{
    (void)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    started = 1;
    struct timespec d = {0, 100 * 1000000};
    nanosleep(&d, NULL);              /* the cancel arrives meanwhile: ignored */
    disabled_done = 1;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    pthread_testcancel();
    return (void *)1L;
}

static void one(const char *what, void *(*fn)(void *))
{
    pthread_t t;
    started = 0;
    cleanups = 0;
    pthread_create(&t, NULL, fn, NULL);
    while (!started)
        conf_sleep_ms(1);
    conf_sleep_ms(20);
    CHECK_RETERR("pthread_cancel", pthread_cancel(t), 0);
    void *r = NULL;
    pthread_join(t, &r);
    printf("%s: %s, cleanup handlers ran %d\n", what, r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "returned",
           cleanups);
}

int main(void)
{
    pipe(p);
    one("blocked in read", in_read);
    one("blocked in pthread_cond_wait", in_cond_wait);
    printf("  the mutex was held in the cleanup handler: %s\n", held_in_cleanup ? "yes" : "no");
    one("blocked in nanosleep", in_sleep);
    one("busy loop, asynchronous", busy);
    CHECK("  it had been spinning", spins > 0);
    one("cancellation disabled, then enabled", disabled);
    CHECK("  the disabled part ran to its end", disabled_done);
    return 0;
}
