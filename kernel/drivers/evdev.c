/* /dev/input/event0 (see evdev.h): a ring of the latest events, each
 * reader with its own place in it. */
#include "drivers/evdev.h"
#include "drivers/keymap.h"
#include "fs/devfs.h"
#include "fs/poll.h"
#include "lib/alloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/clock.h"
#include "sched/signal.h"
#include "sched/wait.h"
#include "uapi/time.h"

#define EV_SYN 0x00
#define EV_KEY 0x01
#define EV_MSC 0x04
#define EV_REP 0x14
#define SYN_REPORT 0
#define SYN_DROPPED 3
#define MSC_SCAN 4
#define BUS_I8042 0x11
#define KEY_BYTES 96                /* KEY_CNT (0x300) bits */

#define IOC_READ 2u
#define IOC_DIR(c) ((c) >> 30)
#define IOC_TYPE(c) (((c) >> 8) & 0xff)
#define IOC_NR(c) ((c) & 0xff)
#define IOC_SIZE(c) (((c) >> 16) & 0x3fff)
#define EVIOCGVERSION 0x80044501u
#define EVIOCGID 0x80084502u
#define EVIOCGREP 0x80084503u
#define EVIOCGRAB 0x40044590u
#define EVIOCSCLOCKID 0x400445a0u

#define RING 512                    /* events kept for slow readers */

struct input_event {
    int64_t sec, usec;
    uint16_t type, code;
    int32_t value;
};
_Static_assert(sizeof(struct input_event) == 24, "Linux's x86-64 input_event");

struct stamped {
    uint16_t type, code;
    int32_t value;
    uint64_t mono_ns;
};

struct reader {
    uint64_t next;                  /* the sequence number it reads next */
    int clock;
};

static spinlock_t lock = SPINLOCK_INIT;   /* guards ring, head, down, grab */
static struct stamped ring[RING];
static uint64_t head;               /* events pushed so far */
static uint8_t down[KEY_BYTES];
static struct file *grab;
static struct waitq readers = WAITQ_INIT;

static void push(uint16_t type, uint16_t code, int32_t value, uint64_t now)
{
    ring[head++ % RING] = (struct stamped){ type, code, value, now };
}

void evdev_key(uint16_t code, int32_t value, uint8_t scancode)
{
    uint64_t now = clock_monotonic_ns();
    uint64_t f = spin_lock_irqsave(&lock);
    if (value)
        down[code / 8] |= (uint8_t)(1 << (code % 8));
    else
        down[code / 8] &= (uint8_t)~(1 << (code % 8));
    if (value != 2)
        push(EV_MSC, MSC_SCAN, scancode, now);
    push(EV_KEY, code, value, now);
    push(EV_SYN, SYN_REPORT, 0, now);
    spin_unlock_irqrestore(&lock, f);
    wake_up_poll(&readers, POLLIN | POLLRDNORM);
}

bool evdev_grabbed(void) { return __atomic_load_n(&grab, __ATOMIC_RELAXED) != NULL; }

static int evdev_open(struct file *f)
{
    struct reader *r = kzalloc(sizeof(*r));
    if (!r)
        return -ENOMEM;
    uint64_t fl = spin_lock_irqsave(&lock);
    r->next = head;
    spin_unlock_irqrestore(&lock, fl);
    r->clock = CLOCK_REALTIME;
    f->priv = r;
    return 0;
}

static void evdev_close(struct file *f)
{
    uint64_t fl = spin_lock_irqsave(&lock);
    if (grab == f)
        grab = NULL;
    spin_unlock_irqrestore(&lock, fl);
    kfree(f->priv);
}

static struct input_event convert(const struct stamped *s, int clock)
{
    uint64_t ns = s->mono_ns;
    if (clock == CLOCK_REALTIME)
        ns += clock_boot_epoch_ns();
    return (struct input_event){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000),
                                 s->type, s->code, s->value };
}

static bool has_events(struct reader *r) { return __atomic_load_n(&head, __ATOMIC_RELAXED) != r->next; }

static long evdev_read(struct file *f, void __user *buf, size_t n, uint64_t *pos)
{
    struct reader *r = f->priv;
    struct input_event tmp[8];
    if (n < sizeof(struct input_event))
        return -EINVAL;
    for (;;) {
        uint64_t fl = spin_lock_irqsave(&lock);
        size_t got = 0;
        if (head - r->next > RING) {
            /* It fell behind: what it missed is gone, as Linux says. */
            r->next = head - RING + 1;
            tmp[got++] = convert(&(struct stamped){ EV_SYN, SYN_DROPPED, 0, clock_monotonic_ns() }, r->clock);
        }
        while (got < 8 && got < n / sizeof tmp[0] && r->next != head)
            tmp[got++] = convert(&ring[r->next++ % RING], r->clock);
        spin_unlock_irqrestore(&lock, fl);
        if (got) {
            if (copy_to_user(buf, tmp, got * sizeof tmp[0]))
                return -EFAULT;
            return (long)(got * sizeof tmp[0]);
        }
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        int w = WAIT_EVENT(&readers, has_events(r));
        if (w)
            return w == -EINTR ? -ERESTARTSYS : w;
    }
}

/* Copies at most len bytes of a string (with its NUL), as Linux's str_to_user. */
static long string_out(void __user *p, size_t len, const char *s)
{
    size_t n = MIN(strlen(s) + 1, len);
    return copy_to_user(p, s, n) ? -EFAULT : (long)n;
}

/* Copies a bitmap of size bytes, at most len of them, as bits_to_user. */
static long bits_out(void __user *p, size_t len, const uint8_t *bits, size_t size)
{
    size_t n = MIN(size, len);
    return copy_to_user(p, bits, n) ? -EFAULT : (long)n;
}

static long evdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
    struct reader *r = f->priv;
    void __user *p = (void __user *)arg;
    uint64_t fl;
    switch (cmd) {
    case EVIOCGVERSION:
        return put_user(0x010001, (int *)p) ? -EFAULT : 0;
    case EVIOCGID: {
        uint16_t id[4] = { BUS_I8042, 0x0001, 0x0001, 0xab41 };
        return copy_to_user(p, id, sizeof id) ? -EFAULT : 0;
    }
    case EVIOCGREP: {
        unsigned rep[2] = { 250, 33 };      /* delay and period, ms */
        return copy_to_user(p, rep, sizeof rep) ? -EFAULT : 0;
    }
    case EVIOCGRAB: {
        long res = 0;
        fl = spin_lock_irqsave(&lock);
        if (arg) {
            if (grab)
                res = -EBUSY;
            else
                grab = f;
        } else if (grab == f) {
            grab = NULL;
        } else {
            res = -EINVAL;
        }
        spin_unlock_irqrestore(&lock, fl);
        return res;
    }
    case EVIOCSCLOCKID: {
        int c;
        if (get_user(c, (int *)p))
            return -EFAULT;
        if (c != CLOCK_REALTIME && c != CLOCK_MONOTONIC && c != CLOCK_BOOTTIME)
            return -EINVAL;
        r->clock = c;
        return 0;
    }
    default:
        break;
    }
    if (IOC_TYPE(cmd) != 'E' || IOC_DIR(cmd) != IOC_READ)
        return -ENOTTY;
    size_t len = IOC_SIZE(cmd);
    unsigned nr = IOC_NR(cmd);
    uint8_t bits[KEY_BYTES];
    memset(bits, 0, sizeof bits);
    switch (nr) {
    case 0x06:                                  /* EVIOCGNAME */
        return string_out(p, len, "AT Translated Set 2 keyboard");
    case 0x07:                                  /* EVIOCGPHYS */
        return string_out(p, len, "isa0060/serio0/input0");
    case 0x08:                                  /* EVIOCGUNIQ */
        return -ENOENT;
    case 0x09:                                  /* EVIOCGPROP */
        return bits_out(p, len, bits, 8);
    case 0x18:                                  /* EVIOCGKEY */
        fl = spin_lock_irqsave(&lock);
        memcpy(bits, down, sizeof bits);
        spin_unlock_irqrestore(&lock, fl);
        return bits_out(p, len, bits, KEY_BYTES);
    case 0x19:                                  /* EVIOCGLED */
    case 0x1a:                                  /* EVIOCGSND */
    case 0x1b:                                  /* EVIOCGSW */
        return bits_out(p, len, bits, 8);
    case 0x20:                                  /* EVIOCGBIT(0): the event types */
        bits[0] = 1 << EV_SYN | 1 << EV_KEY | 1 << EV_MSC;
        bits[EV_REP / 8] |= 1 << (EV_REP % 8);
        return bits_out(p, len, bits, 8);
    case 0x20 + EV_KEY:
        for (unsigned c = 0; c < KEY_CNT; c++)
            if (keymap_has_key(c))
                bits[c / 8] |= (uint8_t)(1 << (c % 8));
        return bits_out(p, len, bits, KEY_BYTES);
    case 0x20 + EV_MSC:
        bits[0] = 1 << MSC_SCAN;
        return bits_out(p, len, bits, 8);
    case 0x20 + 0x15:                           /* EV_FF */
        return bits_out(p, len, bits, 16);
    default:
        if (nr > 0x20 && nr < 0x40)
            return bits_out(p, len, bits, 8);  /* types it has none of */
        return -EINVAL;
    }
}

static unsigned evdev_poll(struct file *f, struct waitq **wq)
{
    *wq = &readers;
    return has_events(f->priv) ? POLLIN | POLLRDNORM : 0;
}

static const struct file_ops evdev_fops = {
    .open = evdev_open, .close = evdev_close, .read = evdev_read, .ioctl = evdev_ioctl,
    .poll = evdev_poll,
};
/* The PS/2 keyboard's events: input major 13, event minors from 64. */
DEVFS_NODE(event0, "/dev/input", "event0", 0640, evdev_fops, 13, 64);
