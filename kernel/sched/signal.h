/* Signals. Today: faults of a program without handlers end it with
 * status 128 + signal, as Linux's default action does. Handlers, masks and
 * delivery of the ucontext the JVM needs come with the JVM work. */
#pragma once
#include <stdint.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define NSIG 64

/* si_code values */
#define SI_KERNEL 0x80
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define TRAP_BRKPT 1

struct trapframe;

/* A fault in user mode (tf: its registers). */
void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr);
/* Sends sig to the current process. */
void signal_raise_self(int sig);
/* Acts on the current thread's pending signals before it returns to user
 * mode. */
void signal_deliver(struct trapframe *tf);
const char *signal_name(int sig);
