/* Found by the fuzzer (tests/fuzz): a datagram whose sender was closed
 * holds the sender's last reference; recv dropped it and then woke the
 * freed sender's waiters (a kernel page fault in wake, from
 * unix_recvmsg_op). Here each of 200 senders sends one datagram and is
 * closed before it is received. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
    conf_workdir("unix_dgram_closed_sender");
    struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "a" };
    int r = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK_RET("bind the receiver", bind(r, (struct sockaddr *)&a, sizeof a), 0);
    int sent = 0, got = 0;
    char buf[8];
    for (int i = 0; i < 200; i++) {
        int s = socket(AF_UNIX, SOCK_DGRAM, 0);
        sent += sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof a) == 1;
        close(s);
        struct sockaddr_un from;
        socklen_t fl = sizeof from;
        got += recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 1 && buf[0] == 'x';
    }
    printf("sent: %d, received: %d\n", sent, got);

    /* The same with a second datagram queued behind it from a live sender. */
    int live = socket(AF_UNIX, SOCK_DGRAM, 0);
    int gone = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK_RET("send from a socket about to close", sendto(gone, "g", 1, 0, (struct sockaddr *)&a, sizeof a), 1);
    CHECK_RET("send from a live one", sendto(live, "l", 1, 0, (struct sockaddr *)&a, sizeof a), 1);
    close(gone);
    CHECK_RET("recv the closed sender's", recv(r, buf, sizeof buf, 0), 1);
    CHECK("its byte", buf[0] == 'g');
    CHECK_RET("recv the live sender's", recv(r, buf, sizeof buf, 0), 1);
    CHECK("its byte", buf[0] == 'l');
    close(live);
    close(r);
    return 0;
}
