/* The kernel timer queue: directed cases for ordering, re-arming and
 * taking timers off, then a long random run checked against a model (the
 * armed timers with their expiry and the order they were armed in), and
 * timer_forward's arithmetic. */
#include <stdbool.h>
#include "check.h"
#include "sched/timerq.h"

/* The queue's links agree with each other and with the armed flags, and
 * expiries never go down. */
static void check_queue(struct timerq *q, struct ktimer *all, int n)
{
    int linked = 0;
    for (struct ktimer *kt = q->head, *prev = NULL; kt; prev = kt, kt = kt->next, linked++) {
        CHECK(kt->prev == prev);
        CHECK(kt->armed);
        if (prev)
            CHECK(prev->expires <= kt->expires);
        if (!CHECK(linked <= n))
            return;
    }
    int armed = 0;
    for (int i = 0; i < n; i++)
        armed += all[i].armed;
    CHECK_EQ(linked, armed);
}

static void test_order(void)
{
    struct timerq q = { 0 };
    struct ktimer t[4] = { 0 };
    timerq_add(&q, &t[0], 30);
    timerq_add(&q, &t[1], 10);
    timerq_add(&q, &t[2], 20);
    timerq_add(&q, &t[3], 20);       /* behind the other 20 */
    check_queue(&q, t, 4);
    CHECK(timerq_pop(&q, 9) == NULL);
    CHECK(timerq_pop(&q, 25) == &t[1]);
    CHECK(!t[1].armed);
    CHECK(timerq_pop(&q, 25) == &t[2]);
    CHECK(timerq_pop(&q, 25) == &t[3]);
    CHECK(timerq_pop(&q, 25) == NULL);
    /* Re-arming moves; taking off twice is fine. */
    timerq_add(&q, &t[1], 40);
    timerq_add(&q, &t[0], 50);
    CHECK(q.head == &t[1]);
    timerq_del(&q, &t[1]);
    timerq_del(&q, &t[1]);
    CHECK(q.head == &t[0] && t[0].prev == NULL && t[0].next == NULL);
    check_queue(&q, t, 4);
    CHECK(timerq_pop(&q, UINT64_MAX) == &t[0]);
    CHECK(q.head == NULL);
}

static void test_forward(void)
{
    uint64_t e = 100;
    CHECK_EQ(timer_forward(&e, 10, 100), 0);     /* due now: the next period */
    CHECK_EQ(e, 110);
    CHECK_EQ(timer_forward(&e, 10, 139), 2);     /* 110, 120, 130 passed */
    CHECK_EQ(e, 140);
    CHECK_EQ(timer_forward(&e, 10, 140), 0);
    CHECK_EQ(e, 150);
    e = 5;
    CHECK_EQ(timer_forward(&e, 1, 1000000), 999995);
    CHECK_EQ(e, 1000001);
    /* A period as long as Linux's clamped times: no wrap. */
    e = 1000;
    CHECK_EQ(timer_forward(&e, INT64_MAX, 2000), 0);
    CHECK_EQ(e, 1000 + (uint64_t)INT64_MAX);
}

/* The random run: NT timers; the model keeps each one's expiry and the
 * order it was armed in, and the queue must hand out the armed ones by
 * (expiry, order). */
#define NT 64
static struct ktimer timers[NT];
static bool model_armed[NT];
static uint64_t model_expires[NT], model_seq[NT];

static int model_next(uint64_t now)
{
    int best = -1;
    for (int i = 0; i < NT; i++)
        if (model_armed[i] && model_expires[i] <= now &&
            (best < 0 || model_expires[i] < model_expires[best] ||
             (model_expires[i] == model_expires[best] && model_seq[i] < model_seq[best])))
            best = i;
    return best;
}

static void test_random(void)
{
    struct timerq q = { 0 };
    uint64_t seq = 0, now = 0;
    srand(7);
    for (int step = 0; step < 200000; step++) {
        int i = rand() % NT, op = rand() % 10;
        if (op < 5) {
            /* Few distinct expiries, so that ties are common. */
            uint64_t e = now + (uint64_t)(rand() % 50);
            timerq_add(&q, &timers[i], e);
            model_armed[i] = true;
            model_expires[i] = e;
            model_seq[i] = seq++;
        } else if (op < 7) {
            timerq_del(&q, &timers[i]);
            model_armed[i] = false;
        } else {
            now += (uint64_t)(rand() % 8);
            int want;
            while ((want = model_next(now)) >= 0) {
                struct ktimer *kt = timerq_pop(&q, now);
                if (!CHECK(kt == &timers[want]))
                    break;
                model_armed[want] = false;
            }
            CHECK(timerq_pop(&q, now) == NULL);
        }
        check_queue(&q, timers, NT);
        for (int k = 0; k < NT; k++)
            CHECK_EQ(timers[k].armed, model_armed[k]);
        CHECK_BAIL();
    }
}

int main(void)
{
    test_order();
    test_forward();
    test_random();
    check_done("test_timerq");
}
