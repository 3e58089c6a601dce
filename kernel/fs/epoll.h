/* epoll: a set of watched files as a file, whose wait reports the ready
 * ones, level- or edge-triggered, as Linux's eventpoll. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "fs/vfs.h"

/* Event bits beyond the POLL* ones of fs/poll.h. */
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET        (1u << 31)

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLL_CLOEXEC O_CLOEXEC

struct epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

/* A new, empty epoll file. 0 or -ENOMEM. */
int epoll_create_file(struct file **out);
bool is_epoll_file(struct file *f);
/* epoll_ctl on the set ep: watch (ADD), stop watching (DEL) or change
 * (MOD) the file tf open as fd; ev is unused for DEL. 0 or -errno, with
 * Linux's checks after the descriptors were found. */
int epoll_ctl_file(struct file *ep, int op, int fd, struct file *tf, const struct epoll_event *ev);
/* Waits until a watched file is ready or the deadline (fs/poll.h's)
 * passes; writes up to maxevents events: how many, 0 on timeout, -EINTR
 * on a signal, -EFAULT. */
long epoll_wait_file(struct file *ep, struct epoll_event __user *events, int maxevents,
                     uint64_t deadline_ns);
/* The last reference to f goes: it leaves every set watching it. */
void eventpoll_release(struct file *f);
