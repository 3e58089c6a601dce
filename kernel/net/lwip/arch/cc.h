/* lwIP's port to the eggos kernel: compiler and platform definitions
 * (lwip/arch.h includes this first). */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Guarded: the host tests (tests/lwip_host.h) build lwIP with libc's
 * headers, which define these first. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* A freestanding kernel: no inttypes.h, ctype.h or limits.h of a libc. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_UNISTD_H 1
#ifndef INT_MAX
#define INT_MAX 0x7fffffff
#endif
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* lwIP's own checks and messages, through the kernel's log. */
void lwip_port_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void lwip_port_assert(const char *msg, const char *file, int line);
#define LWIP_PLATFORM_DIAG(x) do { lwip_port_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert((x), __FILE__, __LINE__)

/* Byte swaps the compiler does in one instruction. */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

uint32_t lwip_port_rand(void);
#define LWIP_RAND() lwip_port_rand()
