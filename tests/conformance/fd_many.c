/* Many idle pipes and AF_UNIX socketpairs at once (RLIMIT_NOFILE raised
 * to 4096, as any program may): 40 pipes and 2000 socketpairs open (when
 * each socket took 128 KiB up front, 2000 pairs wanted 512 MiB, all of
 * the harness's guest), each carries its own bytes, poll sees each ready;
 * closed, they all go. Then
 * one pipe's bytes survive many wraps of its 64 KiB buffer with reads and
 * writes of odd sizes, and its POLLOUT comes back only once a whole page
 * of room is free. */
#include "conf.h"
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define PIPES 40
#define PAIRS 2000

static int pipes[PIPES][2], pairs[PAIRS][2];

static int ready(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

/* Writes one tag into each descriptor of fds (count of them), then polls
 * and reads back from peer[]: how many carried their own tag. */
static int carry(int *wr, int *rd, int count)
{
    for (int i = 0; i < count; i++) {
        int tag = i * 7 + 1;
        if (write(wr[i], &tag, sizeof tag) != sizeof tag)
            return -1;
    }
    int ok = 0;
    for (int i = 0; i < count; i++) {
        int tag = 0;
        if ((ready(rd[i], POLLIN) & POLLIN) && read(rd[i], &tag, sizeof tag) == sizeof tag &&
            tag == i * 7 + 1)
            ok++;
    }
    return ok;
}

static void many(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = 4096;
    CHECK("raise RLIMIT_NOFILE to 4096", setrlimit(RLIMIT_NOFILE, &rl) == 0);
    int np = 0, ns = 0;
    while (np < PIPES && pipe(pipes[np]) == 0)
        np++;
    while (ns < PAIRS && socketpair(AF_UNIX, SOCK_STREAM, 0, pairs[ns]) == 0)
        ns++;
    printf("pipes opened: %d, socketpairs opened: %d\n", np, ns);
    static int wr[PAIRS], rd[PAIRS];
    for (int i = 0; i < np; i++) {
        wr[i] = pipes[i][1];
        rd[i] = pipes[i][0];
    }
    printf("pipes that carried their own bytes: %d\n", carry(wr, rd, np));
    for (int side = 0; side < 2; side++) {
        for (int i = 0; i < ns; i++) {
            wr[i] = pairs[i][side];
            rd[i] = pairs[i][!side];
        }
        printf("socketpairs that carried their own bytes, side %d: %d\n", side, carry(wr, rd, ns));
    }
    int writable = 0;
    for (int i = 0; i < np; i++)
        writable += (ready(pipes[i][1], POLLOUT) & POLLOUT) != 0;
    for (int i = 0; i < ns; i++)
        writable += (ready(pairs[i][0], POLLOUT) & POLLOUT) != 0;
    printf("writable again after the reads: %d\n", writable);
    int closed = 0;
    for (int i = 0; i < np; i++)
        closed += (close(pipes[i][0]) == 0) + (close(pipes[i][1]) == 0);
    for (int i = 0; i < ns; i++)
        closed += (close(pairs[i][0]) == 0) + (close(pairs[i][1]) == 0);
    printf("descriptors closed: %d\n", closed);
}

static void wraps(void)
{
    int p[2];
    pipe2(p, O_NONBLOCK);
    static unsigned char out[20000], in[20000];
    unsigned long sent = 0, got = 0, bad = 0;
    unsigned sizes[] = { 1, 4095, 4096, 4097, 9999, 12345, 3, 20000 };
    for (int round = 0; round < 400; round++) {
        unsigned n = sizes[round % 8];
        for (unsigned i = 0; i < n; i++)
            out[i] = (unsigned char)((sent + i) * 31 + 7);
        ssize_t w = write(p[1], out, n);
        if (w > 0)
            sent += (unsigned long)w;
        ssize_t r = read(p[0], in, sizes[(round + 3) % 8]);
        for (ssize_t i = 0; i < r; i++)
            bad += in[i] != (unsigned char)((got + (unsigned long)i) * 31 + 7);
        if (r > 0)
            got += (unsigned long)r;
    }
    ssize_t r;
    while ((r = read(p[0], in, sizeof in)) > 0) {
        for (ssize_t i = 0; i < r; i++)
            bad += in[i] != (unsigned char)((got + (unsigned long)i) * 31 + 7);
        got += (unsigned long)r;
    }
    printf("bytes through a pipe with many wraps: all read back: %s, wrong: %lu\n",
           got == sent && sent > 10 * 65536 ? "yes" : "no", bad);

    close(p[0]);
    close(p[1]);
    pipe2(p, O_NONBLOCK);             /* a fresh one: Linux counts pages, not bytes */
    long total = 0;
    ssize_t w;
    while ((w = write(p[1], out, 4096)) > 0)      /* whole pages: Linux merges no partial ones */
        total += w;
    printf("full at %ld bytes, POLLOUT: %d\n", total, (ready(p[1], POLLOUT) & POLLOUT) != 0);
    read(p[0], in, 4095);
    printf("4095 bytes read, POLLOUT: %d\n", (ready(p[1], POLLOUT) & POLLOUT) != 0);
    read(p[0], in, 1);
    printf("4096 bytes read, POLLOUT: %d\n", (ready(p[1], POLLOUT) & POLLOUT) != 0);
    CHECK("a 4096-byte write fits again", write(p[1], out, 4096) == 4096);
    CHECK_ERRNO("then full again", write(p[1], out, 1), EAGAIN);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    many();
    wraps();
    return 0;
}
