/* The console's byte streams. The terminal line discipline (canonical
 * mode, echo, signals) belongs to the tty layer; this is the raw device. */
#include "drivers/console.h"
#include "drivers/serial.h"
#include "fs/poll.h"
#include "lib/errno.h"
#include "sched/wait.h"

#define INBUF_SIZE 4096

static spinlock_t in_lock = SPINLOCK_INIT;   /* guards inbuf, in_head, in_tail */
static char inbuf[INBUF_SIZE];
static unsigned in_head, in_tail;            /* read at tail, written at head */
static struct waitq readers = WAITQ_INIT;    /* readers and pollers wait for input */

void console_write(const char *buf, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            serial_write(COM1, buf + start, i - start);
            serial_write(COM1, "\r\n", 2);
            start = i + 1;
        }
    }
    serial_write(COM1, buf + start, n - start);
}

/* Called from the UART interrupt. */
void console_input(char c)
{
    uint64_t f = spin_lock_irqsave(&in_lock);
    if (in_head - in_tail < INBUF_SIZE)
        inbuf[in_head++ % INBUF_SIZE] = c;
    spin_unlock_irqrestore(&in_lock, f);
    wake_up_poll(&readers, POLLIN | POLLRDNORM);
}

bool console_readable(void) { return in_head != in_tail; }

struct waitq *console_waitq(void) { return &readers; }

long console_read(char *buf, size_t n)
{
    int r = WAIT_EVENT(&readers, in_head != in_tail);
    if (r)
        return r;
    uint64_t f = spin_lock_irqsave(&in_lock);
    size_t got = 0;
    while (got < n && in_tail != in_head)
        buf[got++] = inbuf[in_tail++ % INBUF_SIZE];
    spin_unlock_irqrestore(&in_lock, f);
    return (long)got;
}
