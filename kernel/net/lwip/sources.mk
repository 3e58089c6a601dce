# The lwIP files the kernel builds (relative to lwIP's src/): the kernel's
# Makefile and the host tests (tests/test_lwip.c) build the same ones.
LWIP_SRCS   := core/def.c core/dns.c core/inet_chksum.c core/init.c core/ip.c core/mem.c core/memp.c \
               core/netif.c core/pbuf.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c \
               core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c \
               core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c netif/ethernet.c
