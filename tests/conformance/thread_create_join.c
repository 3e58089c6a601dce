/* pthread_create/pthread_join: one thread, then 200 at once, each handing
 * back a result through its return value and through memory. */
#include "conf.h"
#include <pthread.h>

#define N 200

static long slots[N];

static void *square(void *arg)
{
    long i = (long)arg;
    slots[i] = i * 3 + 1;
    return (void *)(i * i);
}

int main(void)
{
    pthread_t t;
    void *ret = NULL;
    CHECK_RETERR("create one", pthread_create(&t, NULL, square, (void *)7L), 0);
    CHECK_RETERR("join one", pthread_join(t, &ret), 0);
    printf("one thread returned %ld, wrote %ld\n", (long)ret, slots[7]);

    static pthread_t ts[N];
    int created = 0;
    for (long i = 0; i < N; i++)
        if (pthread_create(&ts[i], NULL, square, (void *)i) == 0)
            created++;
    printf("created %d threads\n", created);
    long sum = 0, wrong = 0;
    for (long i = 0; i < created; i++) {
        if (pthread_join(ts[i], &ret) != 0) {
            wrong++;
            continue;
        }
        sum += (long)ret;
        if ((long)ret != i * i || slots[i] != i * 3 + 1)
            wrong++;
    }
    printf("sum of results %ld (want %ld), wrong %ld\n", sum, (long)(N - 1) * N * (2 * N - 1) / 6, wrong);
    return 0;
}
