/* The tty line discipline (fs/ldisc.c): canonical-mode editing and echo as
 * Linux's n_tty shows them on a terminal, end of input, the signal
 * characters, raw mode and output processing. */
#include <stdbool.h>
#include "check.h"
#include "fs/ldisc.h"
#include "sched/signal.h"

static char echoed[65536];
static size_t echoed_len;
static int signals[16];
static int nsignals;

static void out(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    CHECK(echoed_len + n < sizeof echoed);
    memcpy(echoed + echoed_len, s, n);
    echoed_len += n;
    echoed[echoed_len] = 0;
}

static void sig(void *ctx, int s)
{
    (void)ctx;
    if (nsignals < 16)
        signals[nsignals++] = s;
}

static struct ldisc ld;

static void reset(void)
{
    ldisc_init(&ld, out, sig, NULL);
    echoed_len = 0;
    echoed[0] = 0;
    nsignals = 0;
}

static void type(const char *s)
{
    for (; *s; s++)
        ldisc_input(&ld, *s);
}

static void type_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ldisc_input(&ld, s[i]);
}

/* One read of up to n bytes, as a string; "<EOF>" for an end of input,
 * "<NONE>" when nothing is readable. */
static const char *read_n(size_t n)
{
    static char buf[8192];
    if (!ldisc_readable(&ld, 1))
        return "<NONE>";
    bool eof;
    size_t got = ldisc_read(&ld, buf, n, &eof);
    if (eof)
        return "<EOF>";
    buf[got] = 0;
    return buf;
}

static const char *read_all(void) { return read_n(8000); }

static void set_lflag(uint32_t on, uint32_t off)
{
    struct ktermios t = ld.t;
    t.c_lflag = (t.c_lflag | on) & ~off;
    ldisc_set_termios(&ld, &t);
}

static void test_canonical(void)
{
    reset();
    type("abc");
    CHECK(!ldisc_readable(&ld, 1));
    CHECK_EQ(ldisc_available(&ld), 0);
    CHECK_STR(echoed, "abc");
    type("\r");                            /* Enter: ICRNL */
    CHECK(ldisc_readable(&ld, 1));
    CHECK_EQ(ldisc_available(&ld), 4);
    CHECK_STR(echoed, "abc\r\n");          /* ONLCR */
    CHECK_STR(read_all(), "abc\n");
    CHECK_STR(read_all(), "<NONE>");

    /* One read returns one line; a short read leaves the rest of it. */
    reset();
    type("first\nsecond\n");
    CHECK_STR(read_n(3), "fir");
    CHECK_STR(read_all(), "st\n");
    CHECK_STR(read_all(), "second\n");
    CHECK_STR(read_all(), "<NONE>");
}

static void test_erase(void)
{
    reset();
    type("abx\x7f" "c\n");
    CHECK_STR(read_all(), "abc\n");
    CHECK_STR(echoed, "abx\b \bc\r\n");

    /* Erasing past the start of the line does nothing. */
    reset();
    type("a\x7f\x7f\x7f" "b\n");
    CHECK_STR(read_all(), "b\n");
    CHECK_STR(echoed, "a\b \bb\r\n");

    /* A control character shown as ^A takes two columns. */
    reset();
    type("x\x01");
    CHECK_STR(echoed, "x^A");
    type("\x7f\n");
    CHECK_STR(read_all(), "x\n");
    CHECK_STR(echoed, "x^A\b\b  \b\b\r\n");

    /* A tab goes back to where it started. */
    reset();
    type("ab\tc");
    CHECK_STR(echoed, "ab\tc");
    type("\x7f\x7f");
    CHECK_STR(echoed, "ab\tc\b \b\b\b\b\b\b\b");   /* c, then the tab's 6 columns */
    type("\n");
    CHECK_STR(read_all(), "ab\n");

    /* Without ECHOE the erase character itself is echoed. */
    reset();
    set_lflag(0, ECHOE);
    type("ab\x7f\n");
    CHECK_STR(read_all(), "a\n");
    CHECK_STR(echoed, "ab^?\r\n");

    /* UTF-8: with IUTF8 one erase takes the whole character. */
    reset();
    ld.t.c_iflag |= IUTF8;
    type("a\xc3\xa9\x7f\n");
    CHECK_STR(read_all(), "a\n");
    CHECK_STR(echoed, "a\xc3\xa9\b \b\r\n");
}

static void test_kill_and_word_erase(void)
{
    reset();
    type("hello\x15" "bye\n");
    CHECK_STR(read_all(), "bye\n");
    CHECK_STR(echoed, "hello\b \b\b \b\b \b\b \b\b \bbye\r\n");   /* ECHOKE */

    /* ECHOK without ECHOKE: ^U and a newline. */
    reset();
    set_lflag(0, ECHOKE);
    type("abc\x15" "d\n");
    CHECK_STR(read_all(), "d\n");
    CHECK_STR(echoed, "abc^U\r\nd\r\n");

    reset();
    type("one two\x17three\n");
    CHECK_STR(read_all(), "one three\n");
    CHECK_STR(echoed, "one two\b \b\b \b\b \bthree\r\n");

    reset();
    type("one two  \x17x\n");              /* the spaces, then the word */
    CHECK_STR(read_all(), "one x\n");

    reset();
    type("   \x17" "a\n");
    CHECK_STR(read_all(), "a\n");

    /* ^W is an IEXTEN character. */
    reset();
    set_lflag(0, IEXTEN);
    type("ab\x17\n");
    CHECK_STR(read_all(), "ab\x17\n");
}

static void test_eof(void)
{
    reset();
    type("\x04");
    CHECK(ldisc_readable(&ld, 1));
    CHECK_STR(read_all(), "<EOF>");
    CHECK_STR(read_all(), "<NONE>");
    CHECK_STR(echoed, "");                 /* ^D is not echoed */

    /* ^D after text ends the line without a newline; a second one is EOF. */
    reset();
    type("ab\x04");
    CHECK_STR(read_all(), "ab");
    CHECK_STR(read_all(), "<NONE>");
    type("\x04");
    CHECK_STR(read_all(), "<EOF>");

    /* Lines then the end: each read sees them in order (a pipe fed by egg). */
    reset();
    type("abc\nhello\n\x04");
    CHECK_STR(read_all(), "abc\n");
    CHECK_STR(read_all(), "hello\n");
    CHECK_STR(read_all(), "<EOF>");

    /* In raw mode ^D is a byte. */
    reset();
    set_lflag(0, ICANON | ECHO);
    type("\x04");
    CHECK_STR(read_all(), "\x04");
}

static void test_signals(void)
{
    reset();
    type("partial\x03");
    CHECK_EQ(nsignals, 1);
    CHECK_EQ(signals[0], SIGINT);
    CHECK_STR(echoed, "partial^C");
    type("x\n");
    CHECK_STR(read_all(), "x\n");          /* the line before ^C was flushed */

    reset();
    type("a\nb\x1c");
    CHECK_EQ(nsignals, 1);
    CHECK_EQ(signals[0], SIGQUIT);
    CHECK_STR(read_all(), "<NONE>");       /* flushed, even the completed line */

    /* NOFLSH keeps the input. */
    reset();
    set_lflag(NOFLSH, 0);
    type("a\n\x03");
    CHECK_EQ(signals[0], SIGINT);
    CHECK_STR(read_all(), "a\n");

    /* Without ISIG, ^C is data; in raw mode with ISIG it still signals. */
    reset();
    set_lflag(0, ISIG);
    type("\x03\n");
    CHECK_EQ(nsignals, 0);
    CHECK_STR(read_all(), "\x03\n");
    reset();
    set_lflag(0, ICANON | ECHO);
    type("\x03");
    CHECK_EQ(nsignals, 1);
    CHECK_STR(read_all(), "<NONE>");

    /* ^V takes the next character literally. */
    reset();
    type("\x16\x03\n");
    CHECK_EQ(nsignals, 0);
    CHECK_STR(read_all(), "\x03\n");
    CHECK_STR(echoed, "^\b^C\r\n");
}

static void test_raw(void)
{
    reset();
    set_lflag(0, ICANON | ECHO);
    type("ab");
    CHECK(ldisc_readable(&ld, 1));
    CHECK(ldisc_readable(&ld, 2));
    CHECK(!ldisc_readable(&ld, 3));        /* VMIN 3 */
    CHECK_STR(echoed, "");
    type("\r\x7f");
    CHECK_STR(read_all(), "ab\n\x7f");     /* ICRNL still applies; no editing */

    /* cfmakeraw: no ICRNL either. */
    reset();
    ld.t.c_iflag &= ~ICRNL;
    set_lflag(0, ICANON | ECHO);
    type("\r");
    CHECK_STR(read_all(), "\r");

    /* Raw with echo. */
    reset();
    set_lflag(0, ICANON);
    type("q\x01");
    CHECK_STR(echoed, "q^A");

    /* The line being edited becomes readable when ICANON goes off. */
    reset();
    type("half");
    CHECK(!ldisc_readable(&ld, 1));
    set_lflag(0, ICANON);
    CHECK_STR(read_all(), "half");

    /* And what was typed in raw mode is one line when it comes back on. */
    reset();
    set_lflag(0, ICANON);
    type("xy");
    set_lflag(ICANON, 0);
    CHECK(ldisc_readable(&ld, 1));
    CHECK_STR(read_all(), "xy");
    CHECK_STR(read_all(), "<NONE>");
}

static void test_input_flags(void)
{
    reset();
    ld.t.c_iflag |= IGNCR;
    type("a\rb\n");
    CHECK_STR(read_all(), "ab\n");

    reset();
    ld.t.c_iflag = INLCR;
    set_lflag(0, ICANON | ECHO);
    type("\n");
    CHECK_STR(read_all(), "\r");

    /* XON/XOFF are swallowed under IXON. */
    reset();
    type("a\x13\x11" "b\n");
    CHECK_STR(read_all(), "ab\n");

    reset();
    ld.t.c_iflag |= ISTRIP;
    type("\xe1\n");
    CHECK_STR(read_all(), "a\n");

    /* ECHONL echoes the newline without ECHO. */
    reset();
    set_lflag(ECHONL, ECHO);
    type("pw\n");
    CHECK_STR(echoed, "\r\n");
    CHECK_STR(read_all(), "pw\n");
}

static void test_full(void)
{
    /* A canonical line holds 4095 bytes; the newline still fits. */
    reset();
    ld.t.c_lflag &= ~ECHO;
    static char big[5000];
    memset(big, 'x', sizeof big);
    type_n(big, sizeof big);
    type("\n");
    const char *r = read_all();
    CHECK_EQ(strlen(r), LDISC_BUF);
    CHECK(r[LDISC_BUF - 1] == '\n');
    CHECK_STR(read_all(), "<NONE>");
    /* The buffer is usable again, across the wrap. */
    for (int i = 0; i < 3000; i++) {
        type("0123456789\n");
        CHECK_STR(read_all(), "0123456789\n");
    }

    /* Raw mode: 4096 bytes, then the rest is dropped. */
    reset();
    set_lflag(0, ICANON | ECHO);
    type_n(big, sizeof big);
    CHECK_EQ(ldisc_available(&ld), LDISC_BUF);

    /* Flushing empties it. */
    ldisc_flush_input(&ld);
    CHECK_STR(read_all(), "<NONE>");

    /* Too many end-of-input lines waiting: the input is stopped first,
     * and the extra ones (from a keyboard, which cannot stop) dropped. */
    reset();
    for (int i = 0; i < LDISC_LINES + 10; i++) {
        if (i == LDISC_LINES - 200)
            CHECK(ldisc_throttle(&ld));
        type("\x04");
    }
    int eofs = 0;
    while (strcmp(read_all(), "<EOF>") == 0)
        eofs++;
    CHECK_EQ(eofs, LDISC_LINES);
}

/* A pipe of many short lines that nobody reads yet (a program still
 * starting): the sender is stopped before anything is dropped, and every
 * line and the end of input are read, in order. */
static void test_many_lines(void)
{
    reset();
    ld.t.c_lflag &= ~ECHO;
    int sent = 0;
    for (; !ldisc_throttle(&ld); sent++)
        type(sent % 2 ? "a\n" : "\n");
    CHECK(sent > 1000);
    type("\x04");
    for (int i = 0; i < sent; i++)
        CHECK_STR(read_all(), i % 2 ? "a\n" : "\n");
    CHECK_STR(read_all(), "<EOF>");
    CHECK_STR(read_all(), "<NONE>");

    /* Reading as it arrives, across the wraps of the buffer and of the
     * lines: once stopped, reading a line lets the input go on. */
    reset();
    ld.t.c_lflag &= ~ECHO;
    int next = 0;
    for (int i = 0; i < 20000; i++) {
        while (ldisc_throttle(&ld)) {
            char want[16];
            snprintf(want, sizeof want, "%d\n", next++);
            CHECK_STR(read_all(), want);
        }
        char line[16];
        snprintf(line, sizeof line, "%d\n", i);
        type(line);
    }
    for (; next < 20000; next++) {
        char want[16];
        snprintf(want, sizeof want, "%d\n", next);
        CHECK_STR(read_all(), want);
    }
    CHECK_STR(read_all(), "<NONE>");
}

static void test_output(void)
{
    reset();
    ldisc_write(&ld, "a\nb", 3);
    CHECK_STR(echoed, "a\r\nb");
    CHECK_EQ(ld.column, 1);

    reset();
    ld.t.c_oflag &= ~OPOST;
    ldisc_write(&ld, "a\nb", 3);
    CHECK_STR(echoed, "a\nb");

    reset();
    ld.t.c_oflag |= XTABS;
    ldisc_write(&ld, "ab\tc", 4);
    CHECK_STR(echoed, "ab      c");

    reset();
    ld.t.c_oflag |= OCRNL;
    ldisc_write(&ld, "x\ry", 3);
    CHECK_STR(echoed, "x\ny");

    reset();
    ld.t.c_oflag |= ONOCR;
    ldisc_write(&ld, "\rz\r", 3);
    CHECK_STR(echoed, "z\r");

    /* The prompt's column is where the line's echo starts: a tab after
     * a prompt is erased back to the right column. */
    reset();
    ldisc_write(&ld, ">>> ", 4);
    type("\t\x7f");
    CHECK_STR(echoed, ">>> \t\b\b\b\b");
}

int main(void)
{
    test_canonical();
    test_erase();
    test_kill_and_word_erase();
    test_eof();
    test_signals();
    test_raw();
    test_input_flags();
    test_full();
    test_many_lines();
    test_output();
    check_done("test_ldisc");
}
