/*
 * Found by the fuzzer: write(0, 0x2000040, 0x7ffff7ffc96e) on the console
 * (fd 0 is /dev/console there) copied memory to the serial port for minutes
 * with the fuzzer's SIGALRM pending: the tty's write never looked for
 * signals. Linux's n_tty_write stops at a pending signal and returns what
 * went out (or EINTR when nothing did).
 *
 * eggos only: here stdout is the console, a tty; on the host's harness it
 * is a file. 32 MiB take ~23 s at the serial port's ~1.4 MB/s; a timer
 * signal 50 ms in must stop the write long before its end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

int main(void)
{
    size_t n = 32u << 20;
    char *buf = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED)
        return 3;
    memset(buf, 0, n);          /* NUL bytes: nothing visible on the console */
    struct sigaction sa = { .sa_handler = on_alarm };   /* no SA_RESTART */
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    ssize_t r = write(1, buf, n);
    int e = errno;
    int early = (r >= 0 && (size_t)r < n) || (r < 0 && e == EINTR);
    printf("\nthe timer's handler ran: %s\n", alarms == 1 ? "yes" : "no");
    printf("the write stopped before its end: %s\n", early ? "yes" : "no");
    printf("result: %s\n", alarms == 1 && early ? "pass" : "FAIL");
    return alarms == 1 && early ? 0 : 1;
}
