/* Found by the fuzzer (tests/fuzz): recvmsg with MSG_PEEK that copies no
 * byte (a zero-length buffer, or a zero-length datagram) freed the datagram
 * while it stayed first in the queue: the next recv read freed memory and
 * close freed it again (lwIP's "pbuf_free: p->ref > 0" panic). Peeking
 * nothing leaves the datagram where it is. */
#include "conf.h"
#include <netinet/in.h>
#include <sys/socket.h>

int main(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK_RET("bind 127.0.0.1", bind(s, (struct sockaddr *)&a, sizeof a), 0);
    getsockname(s, (struct sockaddr *)&a, &al);
    char buf[16] = "";

    CHECK_RET("send 5 bytes to itself", sendto(s, "hello", 5, 0, (struct sockaddr *)&a, sizeof a), 5);
    CHECK_RET("peek into 0 bytes", recv(s, buf, 0, MSG_PEEK), 0);
    CHECK_RET("peek into 0 bytes, MSG_TRUNC: its length", recv(s, buf, 0, MSG_PEEK | MSG_TRUNC), 5);
    CHECK_RET("recv gets it", recv(s, buf, sizeof buf, 0), 5);
    CHECK("its bytes", memcmp(buf, "hello", 5) == 0);

    CHECK_RET("send an empty datagram", sendto(s, "", 0, 0, (struct sockaddr *)&a, sizeof a), 0);
    CHECK_RET("send 3 bytes", sendto(s, "abc", 3, 0, (struct sockaddr *)&a, sizeof a), 3);
    CHECK_RET("peek the empty one", recv(s, buf, sizeof buf, MSG_PEEK), 0);
    CHECK_RET("recv the empty one", recv(s, buf, sizeof buf, 0), 0);
    CHECK_RET("recv the 3 bytes", recv(s, buf, sizeof buf, 0), 3);
    CHECK_ERRNO("nothing left", recv(s, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);

    CHECK_RET("send once more", sendto(s, "xy", 2, 0, (struct sockaddr *)&a, sizeof a), 2);
    CHECK_RET("peek into 0 bytes", recv(s, buf, 0, MSG_PEEK), 0);
    CHECK_RET("close with it queued", close(s), 0);
    return 0;
}
