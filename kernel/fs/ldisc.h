/* The terminal line discipline, as Linux's n_tty: what happens to the
 * bytes typed on a terminal before a program reads them (canonical-mode
 * line editing, echo, ICRNL, the signal characters, end of input) and to
 * the bytes a program writes (OPOST, ONLCR). Pure logic: no locks, no
 * sleeping; the tty (fs/tty.c) locks it, waits for it and gives it its
 * output and signal callbacks. Host unit tests: kernel/tests/test_ldisc.c. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NCCS 19

/* The kernel's struct termios (TCGETS/TCSETS), Linux's layout. */
struct ktermios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};

/* c_cc indexes */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK  0000001
#define BRKINT  0000002
#define ISTRIP  0000040
#define INLCR   0000100
#define IGNCR   0000200
#define ICRNL   0000400
#define IUCLC   0001000
#define IXON    0002000
#define IXANY   0004000
#define IXOFF   0010000
#define IMAXBEL 0020000
#define IUTF8   0040000
/* c_oflag */
#define OPOST   0000001
#define OLCUC   0000002
#define ONLCR   0000004
#define OCRNL   0000010
#define ONOCR   0000020
#define ONLRET  0000040
#define TABDLY  0014000
#define XTABS   0014000
/* c_cflag */
#define B38400  0000017
#define CS8     0000060
#define CREAD   0000200
#define HUPCL   0002000
/* c_lflag */
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHONL  0000100
#define NOFLSH  0000200
#define TOSTOP  0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE  0004000
#define IEXTEN  0100000

#define LDISC_BUF 4096        /* bytes typed and not yet read (a power of 2) */
/* Completed lines not yet read: as many as bytes, since every line but an
 * end of input holds one at least (as Linux's n_tty, which marks line ends
 * in a bitmap over its buffer), so that short lines never run out of room
 * before the bytes do. */
#define LDISC_LINES LDISC_BUF

struct ldisc {
    struct ktermios t;
    /* Input: [tail, canon) can be read, [canon, head) is the line being
     * edited (canonical mode; empty otherwise). Free-running indexes. */
    char buf[LDISC_BUF];
    uint32_t head, canon, tail;
    /* Canonical mode: where each completed line ends (an end of input,
     * VEOF, ends one without a byte of its own: an empty one is read as 0). */
    uint32_t lines[LDISC_LINES];
    uint32_t lhead, ltail;
    bool lnext;               /* the next byte is taken literally (VLNEXT) */
    bool mid_line;            /* the last read stopped inside a line */
    uint32_t column;          /* the output's cursor column, for erasing */
    uint32_t line_column;     /* where the line being edited began */
    /* Output (echo and processed writes) and signals to the foreground process. */
    void (*out)(void *ctx, const char *s, size_t n);
    void (*signal)(void *ctx, int sig);
    void *ctx;
};

/* Linux's defaults for a tty (tty_std_termios). */
void ldisc_init(struct ldisc *ld, void (*out)(void *, const char *, size_t),
                void (*signal)(void *, int), void *ctx);
/* A byte typed, after the input flags; echoes through out, may signal. */
void ldisc_input(struct ldisc *ld, char c);
/* Writes what a program wrote, processed (OPOST): returns n. */
size_t ldisc_write(struct ldisc *ld, const char *s, size_t n);
/* New settings (TCSETS): the line being edited becomes readable when
 * ICANON goes off, pending bytes one line when it comes on. */
void ldisc_set_termios(struct ldisc *ld, const struct ktermios *t);
/* Drops the input not yet read (TCSETSF, TCFLSH). */
void ldisc_flush_input(struct ldisc *ld);

/* Canonical mode: a whole line (or an end of input) is there. Otherwise:
 * at least min bytes. */
bool ldisc_readable(const struct ldisc *ld, unsigned min);
/* Flow control: the input should stop (the bytes or the lines nearly full
 * of what a reader can take), or may go on. A line being edited never
 * stops it: its end must be able to arrive. */
bool ldisc_throttle(const struct ldisc *ld);
/* Bytes that a read could take now (FIONREAD). */
size_t ldisc_available(const struct ldisc *ld);
/* Takes up to n readable bytes: canonical mode stops at the end of the
 * line. Returns the count; 0 with *eof set when an end of input was taken
 * (canonical mode, at the start of a line). */
size_t ldisc_read(struct ldisc *ld, char *dst, size_t n, bool *eof);
