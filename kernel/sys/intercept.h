/* System calls answered by the program itself: /dev/eggos/syscall.
 *
 * A handler thread opens the device and registers syscall numbers; from
 * then on every other thread's call of such a number sleeps in the kernel
 * while the handler reads the request, and resumes with the handler's
 * answer: a return value, or "pass", which runs the kernel's own handler.
 * The handler thread's own calls are never intercepted. The interface is
 * plain read and write of fixed little-endian records, so that Java can
 * drive it with a FileChannel (the JDK cannot call ioctl):
 *
 *   write  handler     { u32 op = 4; u32 0; }    8 bytes: the writing thread
 *                       is a handler: its own calls are never intercepted
 *   write  register    { u32 op = 1; u32 nr; }   8 bytes
 *   write  unregister  { u32 op = 2; u32 nr; }   8 bytes
 *   write  answer      { u32 op = 3; u32 flags; u64 id; i64 value; }  24 bytes
 *   read   a request   { u64 id; u32 nr; i32 tid; u64 args[6];
 *                        i64 result; u32 flags; u32 0; }              80 bytes
 *   pread / pwrite at offset A: the caller's memory at address A
 *
 * An answer's flags: 0, the call returns value; INTERCEPT_PASS, the
 * kernel's own handler runs it; INTERCEPT_PASS | INTERCEPT_REPORT, the
 * kernel's handler runs it and its result comes back as a request again
 * (the same id, INTERCEPT_RESULT in its flags, the result in result), to
 * be answered once more: so a handler can call "the next handler" and
 * look at, or change, what it did. A pass answer to such a report keeps
 * the kernel's result.
 *
 * A read blocks until a request comes (O_NONBLOCK: EAGAIN). A number
 * another open file has registered gives EBUSY; rt_sigreturn (15) can not
 * be taken (EINVAL). A caller waiting for its answer is interruptible: a
 * signal (Ctrl-C) ends the call with EINTR (or the kernel's result, if it
 * already ran). When the handler's file is closed, its numbers go back to
 * the kernel, and calls it had not answered run the kernel's handler. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "sys/syscall.h"

#define INTERCEPT_REGISTER 1
#define INTERCEPT_UNREGISTER 2
#define INTERCEPT_ANSWER 3
#define INTERCEPT_HANDLER 4
#define INTERCEPT_PASS 1u          /* answer: run the kernel's handler */
#define INTERCEPT_REPORT 2u        /* answer, with PASS: and send its result back */
#define INTERCEPT_RESULT 1u        /* request: the kernel's handler ran; result holds its result */

struct intercept_request {
    uint64_t id;
    uint32_t nr;
    int32_t tid;
    uint64_t args[6];
    int64_t result;
    uint32_t flags;
    uint32_t reserved;
};
_Static_assert(sizeof(struct intercept_request) == 80, "the request record is 80 bytes");

/* Bit nr: calls of nr go to a handler. syscall_dispatch tests it first. */
extern uint64_t intercepted[NR_SYSCALLS / 64];

static inline bool syscall_intercepted(uint64_t nr)
{
    return nr < NR_SYSCALLS && (intercepted[nr / 64] >> (nr % 64) & 1);
}

struct trapframe;
/* The call in tf, of an intercepted number: true with *result when its
 * handler answered it (or a signal ended it), false when the kernel's own
 * handler is to run it. kernel runs the kernel's own handler of the call,
 * for answers that want its result. */
bool intercept_call(struct trapframe *tf, long *result, long (*kernel)(struct trapframe *tf));
