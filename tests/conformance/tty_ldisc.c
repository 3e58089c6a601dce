/* The terminal line discipline as a program reading a terminal sees it:
 * canonical-mode editing (erase, kill, word erase), ICRNL, end of input,
 * FIONREAD, raw mode with VMIN/VTIME, and ^C / ^\ as SIGINT / SIGQUIT to
 * the foreground process with the pending input flushed. On Linux the
 * terminal is a fresh pseudo-terminal whose master types the input; on
 * eggos, which has no pseudo-terminals, it is the console, and the input
 * is pushed with TIOCSTI. Echo is off on both (its output would go to the
 * master on Linux, to stdout on eggos). */
#include "conf.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

static int term = -1, master = -1;
static volatile sig_atomic_t got_int, got_quit;

static void on_signal(int sig)
{
    if (sig == SIGINT)
        got_int++;
    else
        got_quit++;
}

static void feed(const char *s, size_t n)
{
    if (master >= 0) {
        if (write(master, s, n) != (ssize_t)n)
            printf("feed: %s\n", errname(errno));
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (ioctl(term, TIOCSTI, &s[i]) < 0)
            printf("TIOCSTI: %s\n", errname(errno));
}
#define FEED(lit) feed(lit, sizeof(lit) - 1)

/* Waits until the terminal has something to read (Linux's pty hands the
 * input to the line discipline a little later). */
static void settle(void)
{
    struct pollfd p = { .fd = term, .events = POLLIN };
    poll(&p, 1, 2000);
}

static void show_read(const char *what)
{
    char buf[256];
    ssize_t n = read(term, buf, sizeof buf);
    printf("%s: ", what);
    if (n < 0) {
        printf("%s\n", errname(errno));
        return;
    }
    printf("%zd \"", n);
    for (ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n')
            printf("\\n");
        else if (c == '\r')
            printf("\\r");
        else if (c < 0x20 || c == 0x7f)
            printf("^%c", c ^ 0x40);
        else
            putchar(c);
    }
    printf("\"\n");
}

static void set(struct termios *t)
{
    if (tcsetattr(term, TCSANOW, t) < 0)
        printf("tcsetattr: %s\n", errname(errno));
}

static void wait_signal(volatile sig_atomic_t *flag)
{
    for (int i = 0; i < 2000 && !*flag; i++)
        usleep(1000);
}

int main(void)
{
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master >= 0) {
        /* Linux: a new session whose controlling terminal is the pty. */
        grantpt(master);
        unlockpt(master);
        setsid();
        term = open(ptsname(master), O_RDWR);
        if (term >= 0)
            ioctl(term, TIOCSCTTY, 0);
    } else {
        term = open("/dev/tty", O_RDWR);
    }
    if (term < 0) {
        printf("no terminal: %s\n", errname(errno));
        return 1;
    }
    printf("isatty: %d\n", isatty(term));
    tcflush(term, TCIFLUSH);      /* egg's piped stdin is fd 0's, not the tty's */
    struct termios t;
    CHECK_RET("tcgetattr", tcgetattr(term, &t), 0);
    printf("iflag ICRNL %d IXON %d  oflag OPOST %d ONLCR %d  lflag ISIG %d ICANON %d IEXTEN %d ECHOE %d ECHOK %d ECHOCTL %d ECHOKE %d\n",
           !!(t.c_iflag & ICRNL), !!(t.c_iflag & IXON), !!(t.c_oflag & OPOST), !!(t.c_oflag & ONLCR),
           !!(t.c_lflag & ISIG), !!(t.c_lflag & ICANON), !!(t.c_lflag & IEXTEN), !!(t.c_lflag & ECHOE),
           !!(t.c_lflag & ECHOK), !!(t.c_lflag & ECHOCTL), !!(t.c_lflag & ECHOKE));
    printf("cc: intr %d quit %d erase %d kill %d eof %d min %d time %d werase %d lnext %d\n",
           t.c_cc[VINTR], t.c_cc[VQUIT], t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VEOF], t.c_cc[VMIN],
           t.c_cc[VTIME], t.c_cc[VWERASE], t.c_cc[VLNEXT]);
    struct winsize ws;
    printf("TIOCGWINSZ: %s\n", ioctl(term, TIOCGWINSZ, &ws) == 0 ? "ok" : errname(errno));

    struct termios canon = t;
    canon.c_lflag &= ~(ECHO | ECHONL);
    set(&canon);

    FEED("abx\177d\n");
    show_read("erase");
    FEED("one two\027three\n");
    show_read("word erase");
    FEED("gone\025kept\n");
    show_read("kill");
    FEED("cr\r");
    show_read("ICRNL");
    FEED("\026\003\n");
    show_read("literal next");
    FEED("first\nsecond\n");
    settle();
    show_read("one line per read");
    show_read("the next line");
    FEED("q\n");
    settle();
    int n = -1;
    ioctl(term, FIONREAD, &n);
    printf("FIONREAD: %d\n", n);
    show_read("after FIONREAD");
    FEED("ab\004");
    show_read("EOF after text");
    FEED("\004");
    show_read("EOF at line start");

    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    FEED("pending\003");
    wait_signal(&got_int);
    printf("^C: SIGINT %s\n", got_int ? "yes" : "no");
    FEED("after\n");
    show_read("^C flushed the line");
    FEED("x\n\034");
    wait_signal(&got_quit);
    printf("^\\: SIGQUIT %s\n", got_quit ? "yes" : "no");
    FEED("y\n");
    show_read("^\\ flushed the input");

    struct termios raw = canon;
    raw.c_lflag &= ~(ICANON | ISIG | IEXTEN);
    raw.c_iflag &= ~(ICRNL | IXON);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    set(&raw);
    show_read("raw, nothing there, MIN 0 TIME 0");
    raw.c_cc[VTIME] = 1;
    set(&raw);
    show_read("raw, nothing there, MIN 0 TIME 1");
    FEED("xy\r\003\004\177");
    settle();
    show_read("raw bytes");
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    set(&raw);
    FEED("z");
    show_read("raw, MIN 1");

    /* Text typed in canonical mode is readable once ICANON goes off. */
    set(&canon);
    FEED("half");
    raw.c_cc[VMIN] = 0;
    set(&raw);
    settle();
    show_read("the line being edited, after ICANON off");
    int fl = fcntl(term, F_GETFL);
    fcntl(term, F_SETFL, fl | O_NONBLOCK);
    set(&canon);
    show_read("canonical, O_NONBLOCK, nothing there");
    fcntl(term, F_SETFL, fl);
    set(&t);
    return 0;
}
