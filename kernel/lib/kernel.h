/* What every kernel file needs: printing, panic, small helpers. */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Writes to the console (the program's terminal). */
void kprintf(const char *fmt, ...) __printf(1, 2);
/* Writes a line to the kernel log: egg's log channel (COM2) when present,
 * else the console. Messages are always shown; boot chatter checks
 * `log_verbose` first ("quiet" on the command line clears it). */
void klog(const char *fmt, ...) __printf(1, 2);
extern bool log_verbose;

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
/* panic's parts, for the trap handler's own report (arch/x86_64/trap.c):
 * the symbolized frames from rbp/rip, and the stop that tells egg. */
void backtrace_from(uint64_t rbp, uint64_t rip);
__noreturn void panic_halt(void);
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)

/* Ends the machine: status for the host (isa-debug-exit and the egg
 * control line), else ACPI power-off. */
__noreturn void machine_exit(int status);
/* Restarts the machine: the ACPI reset register, the keyboard controller,
 * else a triple fault. (Under egg, QEMU runs with -no-reboot and ends.) */
__noreturn void machine_reboot(void);
/* Kernel command line option value ("name=value"), or NULL. A bare
 * "name" yields "". */
const char *cmdline_get(const char *name);
