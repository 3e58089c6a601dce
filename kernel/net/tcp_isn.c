/* TCP initial sequence numbers as RFC 6528 computes them, for lwIP's
 * LWIP_HOOK_TCP_ISN: a peer that sees its own connections' ISNs learns
 * nothing about another connection's, so it cannot inject into one
 * (blind spoofing). lwIP's own ISN was 6510 plus a running sum of its
 * 500 ms ticks: every connection opened in the same tick got the same. */
#include "net/tcp_isn.h"
#include "lib/chacha20.h"
#include "lib/random.h"
#include "lwip/ip_addr.h"
#include "net/lwip/hooks.h"
#include "sched/clock.h"
#include <stdbool.h>

/* The last nonce word: sets F apart from lib/random.c's uses. */
#define DOMAIN_ISN 0x7463706eu

uint32_t tcp_isn(const uint32_t key[8], uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport,
                 uint64_t now_ns)
{
    uint32_t nonce[3] = { raddr, (uint32_t)lport << 16 | rport, DOMAIN_ISN };
    uint32_t block[CHACHA20_BLOCK_WORDS];
    chacha20_block(key, laddr, nonce, block);
    return block[0] + (uint32_t)(now_ns / 4000);
}

/* net_lock held: it guards the key. */
uint32_t net_tcp_isn_hook(const struct ip4_addr *local_ip, uint16_t local_port, const struct ip4_addr *remote_ip,
                          uint16_t remote_port)
{
    static uint32_t key[CHACHA20_KEY_WORDS];
    static bool keyed;
    if (!keyed) {                        /* at the first connection: the generator is seeded by then */
        get_random_bytes(key, sizeof key);
        keyed = true;
    }
    return tcp_isn(key, ip4_addr_get_u32(local_ip), local_port, ip4_addr_get_u32(remote_ip), remote_port,
                   clock_monotonic_ns());
}
