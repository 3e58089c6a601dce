/* TCP initial sequence numbers (RFC 6528). */
#pragma once
#include <stdint.h>

/* ISN = M + F(local address and port, remote address and port, key):
 * M a clock of 4 microsecond ticks, F the first word of a ChaCha20 block
 * keyed with a secret. Addresses in network order, as lwIP keeps them. */
uint32_t tcp_isn(const uint32_t key[8], uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport,
                 uint64_t now_ns);
