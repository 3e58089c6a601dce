/* The terminal line discipline (see ldisc.h): Linux's n_tty rules for the
 * flags programs use. */
#include "fs/ldisc.h"
#include "lib/string.h"
#include "sched/signal.h"

#define MASK(i) ((i) & (LDISC_BUF - 1))
#define L(ld, f) ((ld)->t.c_lflag & (f))
#define I(ld, f) ((ld)->t.c_iflag & (f))
#define O(ld, f) ((ld)->t.c_oflag & (f))

void ldisc_init(struct ldisc *ld, void (*out)(void *, const char *, size_t),
                void (*signal)(void *, int), void *ctx)
{
    memset(ld, 0, sizeof(*ld));
    ld->t = (struct ktermios){
        .c_iflag = ICRNL | IXON,
        .c_oflag = OPOST | ONLCR,
        .c_cflag = B38400 | CS8 | CREAD | HUPCL,
        .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
        /* ^C ^\ DEL ^U ^D time 0 min 1 swtc 0 ^Q ^S ^Z eol 0 ^R ^O ^W ^V eol2 0 */
        .c_cc = { 003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 },
    };
    ld->out = out;
    ld->signal = signal;
    ld->ctx = ctx;
}

/* A special character: cc[i], when it is not disabled (0). */
static bool is(const struct ldisc *ld, int i, unsigned char c)
{
    return ld->t.c_cc[i] != 0 && ld->t.c_cc[i] == c;
}

static bool canonical(const struct ldisc *ld) { return L(ld, ICANON); }

/* ---- output ---- */

static void emit(struct ldisc *ld, const char *s, size_t n)
{
    if (n && ld->out)
        ld->out(ld->ctx, s, n);
}

/* One byte out through OPOST, keeping the column. */
static void put(struct ldisc *ld, unsigned char c)
{
    if (O(ld, OPOST)) {
        switch (c) {
        case '\n':
            if (O(ld, ONLCR)) {
                emit(ld, "\r\n", 2);
                ld->column = 0;
                return;
            }
            if (O(ld, ONLRET))
                ld->column = 0;
            break;
        case '\r':
            if (O(ld, ONOCR) && ld->column == 0)
                return;
            if (O(ld, OCRNL)) {
                c = '\n';
                if (O(ld, ONLRET))
                    ld->column = 0;
                break;
            }
            ld->column = 0;
            break;
        case '\t': {
            unsigned spaces = 8 - (ld->column & 7);
            if ((ld->t.c_oflag & TABDLY) == XTABS) {
                emit(ld, "        ", spaces);
                ld->column += spaces;
                return;
            }
            ld->column += spaces;
            break;
        }
        case '\b':
            if (ld->column > 0)
                ld->column--;
            break;
        default:
            if (O(ld, OLCUC) && c >= 'a' && c <= 'z')
                c = (unsigned char)(c - 'a' + 'A');
            if (c >= 0x20 && c != 0x7f && (c & 0xc0) != 0x80)   /* not a UTF-8 continuation */
                ld->column++;
            break;
        }
    } else {
        if (c == '\n' || c == '\r')
            ld->column = 0;
        else if (c >= 0x20 && c != 0x7f && (c & 0xc0) != 0x80)
            ld->column++;
    }
    char b = (char)c;
    emit(ld, &b, 1);
}

size_t ldisc_write(struct ldisc *ld, const char *s, size_t n)
{
    if (!O(ld, OPOST)) {
        for (size_t i = 0; i < n; i++)
            put(ld, (unsigned char)s[i]);     /* keeps the column */
        return n;
    }
    /* Runs of bytes OPOST leaves alone go out in one piece. */
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool plain = c >= 0x20 && c != 0x7f && !O(ld, OLCUC);
        if (plain) {
            if ((c & 0xc0) != 0x80)
                ld->column++;
            continue;
        }
        emit(ld, s + start, i - start);
        put(ld, c);
        start = i + 1;
    }
    emit(ld, s + start, n - start);
    return n;
}

/* ---- echo ---- */

static bool echoes_as_ctl(const struct ldisc *ld, unsigned char c)
{
    return L(ld, ECHOCTL) && (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' &&
           !is(ld, VSTART, c) && !is(ld, VSTOP, c);
}

static void echo_char(struct ldisc *ld, unsigned char c)
{
    if (echoes_as_ctl(ld, c)) {
        put(ld, '^');
        put(ld, c ^ 0x40);
    } else {
        put(ld, c);
    }
}

/* The columns the line's bytes [canon, upto) take on screen after echo. */
static uint32_t echo_column(const struct ldisc *ld, uint32_t upto)
{
    uint32_t col = ld->line_column;
    for (uint32_t i = ld->canon; i != upto; i++) {
        unsigned char c = (unsigned char)ld->buf[MASK(i)];
        if (c == '\t')
            col = (col | 7) + 1;
        else if (echoes_as_ctl(ld, c))
            col += 2;
        else if ((c & 0xc0) != 0x80)
            col++;
    }
    return col;
}

/* ---- input ---- */

static uint32_t used(const struct ldisc *ld) { return ld->head - ld->tail; }

/* Stores c in the buffer: false when full. Canonical mode keeps the last
 * byte for the newline that ends the line, as Linux does. */
static bool store(struct ldisc *ld, unsigned char c, bool ends_line)
{
    uint32_t room = LDISC_BUF - used(ld);
    if (room == 0 || (canonical(ld) && !ends_line && room == 1))
        return false;
    if (ld->head == ld->canon && canonical(ld))
        ld->line_column = ld->column;
    ld->buf[MASK(ld->head)] = (char)c;
    ld->head++;
    if (!canonical(ld))
        ld->canon = ld->head;
    return true;
}

/* Ends the line being edited: it becomes readable. */
static bool commit_line(struct ldisc *ld)
{
    if (ld->lhead - ld->ltail >= LDISC_LINES)
        return false;
    ld->lines[ld->lhead++ % LDISC_LINES] = ld->head;
    ld->canon = ld->head;
    return true;
}

/* Erases the last byte of the line (and the UTF-8 character it ends),
 * on screen too. */
static void erase_one(struct ldisc *ld)
{
    if (ld->head == ld->canon)
        return;
    unsigned char c;
    do {
        c = (unsigned char)ld->buf[MASK(--ld->head)];
    } while (I(ld, IUTF8) && (c & 0xc0) == 0x80 && ld->head != ld->canon);
    if (!L(ld, ECHO))
        return;
    if (!L(ld, ECHOE)) {
        echo_char(ld, ld->t.c_cc[VERASE]);
        return;
    }
    unsigned width;
    if (c == '\t') {
        uint32_t before = echo_column(ld, ld->head);
        uint32_t after = ld->column;
        width = after > before ? after - before : 0;
        while (width--)
            put(ld, '\b');
        return;
    }
    width = echoes_as_ctl(ld, c) ? 2 : 1;
    for (unsigned i = 0; i < width; i++)
        put(ld, '\b');
    for (unsigned i = 0; i < width; i++)
        put(ld, ' ');
    for (unsigned i = 0; i < width; i++)
        put(ld, '\b');
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t'; }

static void word_erase(struct ldisc *ld)
{
    while (ld->head != ld->canon && is_space((unsigned char)ld->buf[MASK(ld->head - 1)]))
        erase_one(ld);
    while (ld->head != ld->canon && !is_space((unsigned char)ld->buf[MASK(ld->head - 1)]))
        erase_one(ld);
}

static void kill_line(struct ldisc *ld)
{
    if (ld->head == ld->canon)
        return;
    if (L(ld, ECHO) && L(ld, ECHOK) && !L(ld, ECHOKE)) {
        ld->head = ld->canon;
        echo_char(ld, ld->t.c_cc[VKILL]);
        put(ld, '\n');
        return;
    }
    if (!L(ld, ECHO) || !L(ld, ECHOE) || !L(ld, ECHOKE)) {
        ld->head = ld->canon;
        if (L(ld, ECHO))
            echo_char(ld, ld->t.c_cc[VKILL]);
        return;
    }
    while (ld->head != ld->canon)
        erase_one(ld);
}

static void reprint(struct ldisc *ld)
{
    if (!L(ld, ECHO))
        return;
    echo_char(ld, ld->t.c_cc[VREPRINT]);
    put(ld, '\n');
    ld->line_column = ld->column;
    for (uint32_t i = ld->canon; i != ld->head; i++)
        echo_char(ld, (unsigned char)ld->buf[MASK(i)]);
}

void ldisc_flush_input(struct ldisc *ld)
{
    ld->mid_line = false;
    ld->tail = ld->canon = ld->head;
    ld->ltail = ld->lhead;
    ld->lnext = false;
}

static void signal_char(struct ldisc *ld, unsigned char c, int sig)
{
    if (!L(ld, NOFLSH))
        ldisc_flush_input(ld);
    if (L(ld, ECHO))
        echo_char(ld, c);
    if (ld->signal)
        ld->signal(ld->ctx, sig);
}

/* A byte after the input flags, in canonical mode. */
static void canon_input(struct ldisc *ld, unsigned char c)
{
    if (is(ld, VERASE, c)) {
        erase_one(ld);
        return;
    }
    if (is(ld, VKILL, c)) {
        kill_line(ld);
        return;
    }
    if (L(ld, IEXTEN) && is(ld, VWERASE, c)) {
        word_erase(ld);
        return;
    }
    if (L(ld, IEXTEN) && is(ld, VREPRINT, c)) {
        reprint(ld);
        return;
    }
    if (is(ld, VEOF, c)) {
        commit_line(ld);         /* not stored, not echoed */
        return;
    }
    bool ends = c == '\n' || is(ld, VEOL, c) || (L(ld, IEXTEN) && is(ld, VEOL2, c));
    if (!store(ld, c, ends))
        return;
    if (ends) {
        if (c == '\n' ? L(ld, ECHO) || L(ld, ECHONL) : L(ld, ECHO))
            echo_char(ld, c);
        if (!commit_line(ld))
            ld->head--;          /* too many lines waiting: drop it */
        return;
    }
    if (L(ld, ECHO))
        echo_char(ld, c);
}

void ldisc_input(struct ldisc *ld, char ch)
{
    unsigned char c = (unsigned char)ch;
    if (I(ld, ISTRIP))
        c &= 0x7f;
    if (ld->lnext) {
        ld->lnext = false;
        if (store(ld, c, false) && L(ld, ECHO))
            echo_char(ld, c);
        return;
    }
    if (c == '\r') {
        if (I(ld, IGNCR))
            return;
        if (I(ld, ICRNL))
            c = '\n';
    } else if (c == '\n' && I(ld, INLCR)) {
        c = '\r';
    }
    if (I(ld, IUCLC) && L(ld, IEXTEN) && c >= 'A' && c <= 'Z')
        c = (unsigned char)(c - 'A' + 'a');
    if (I(ld, IXON) && (is(ld, VSTART, c) || is(ld, VSTOP, c)))
        return;                  /* flow control: output is never held here */
    if (L(ld, ISIG)) {
        if (is(ld, VINTR, c)) {
            signal_char(ld, c, SIGINT);
            return;
        }
        if (is(ld, VQUIT, c)) {
            signal_char(ld, c, SIGQUIT);
            return;
        }
        if (is(ld, VSUSP, c)) {
            signal_char(ld, c, SIGTSTP);
            return;
        }
    }
    if (L(ld, IEXTEN) && is(ld, VLNEXT, c)) {
        ld->lnext = true;
        if (L(ld, ECHO) && canonical(ld) && L(ld, ECHOCTL)) {
            put(ld, '^');
            put(ld, '\b');
        }
        return;
    }
    if (canonical(ld)) {
        canon_input(ld, c);
        return;
    }
    if (store(ld, c, false) && L(ld, ECHO))
        echo_char(ld, c);
}

void ldisc_set_termios(struct ldisc *ld, const struct ktermios *t)
{
    bool was = canonical(ld);
    ld->t = *t;
    bool now = canonical(ld);
    if (was && !now) {
        ld->canon = ld->head;    /* the line being edited can be read */
        ld->ltail = ld->lhead;
    } else if (!was && now) {
        ld->ltail = ld->lhead;
        ld->canon = ld->head;
        if (ld->head != ld->tail)
            commit_line(ld);     /* what was typed is one line */
    }
}

/* ---- reading ---- */

bool ldisc_readable(const struct ldisc *ld, unsigned min)
{
    if (canonical(ld))
        return ld->lhead != ld->ltail;
    return ld->canon - ld->tail >= (min ? min : 1);
}

/* Room left when the input stops: what arrives before the sender sees
 * the stop (the keyboard has no flow control at all). */
#define THROTTLE_ROOM 256

bool ldisc_throttle(const struct ldisc *ld)
{
    uint32_t room = LDISC_BUF - used(ld);
    uint32_t line_room = LDISC_LINES - (ld->lhead - ld->ltail);
    if (canonical(ld) && ld->lhead == ld->ltail)
        return false;
    return room < THROTTLE_ROOM || line_room < THROTTLE_ROOM;
}

size_t ldisc_available(const struct ldisc *ld)
{
    if (canonical(ld))
        return ld->lhead != ld->ltail ? ld->lines[ld->ltail % LDISC_LINES] - ld->tail : 0;
    return ld->canon - ld->tail;
}

size_t ldisc_read(struct ldisc *ld, char *dst, size_t n, bool *eof)
{
    *eof = false;
    ld->mid_line = false;
    uint32_t end;
    bool canon = canonical(ld);
    if (canon) {
        if (ld->lhead == ld->ltail)
            return 0;
        end = ld->lines[ld->ltail % LDISC_LINES];
        if (end == ld->tail) {
            ld->ltail++;         /* an end of input at the start of a line */
            *eof = true;
            return 0;
        }
    } else {
        end = ld->canon;
    }
    size_t got = 0;
    while (got < n && ld->tail != end)
        dst[got++] = ld->buf[MASK(ld->tail++)];
    if (canon && ld->tail == end)
        ld->ltail++;
    ld->mid_line = canon && ld->tail != end;
    return got;
}
