/* The PS/2 keyboard's scancodes (set 1) to Linux key codes and to what a
 * terminal receives from a US keyboard (drivers/keymap.c). */
#include "check.h"
#include "drivers/keymap.h"

static struct keymap_state k;
static char typed[256];
static unsigned ntyped;
static struct key_event last;

static void bytes(const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct key_event ev;
        keymap_byte(&k, b[i], &ev);
        if (ev.code)
            last = ev;
        for (unsigned j = 0; j < ev.nchars; j++)
            typed[ntyped++] = ev.chars[j];
        typed[ntyped] = 0;
    }
}

#define BYTES(...) do { const uint8_t b_[] = { __VA_ARGS__ }; bytes(b_, sizeof b_); } while (0)

static void reset(void)
{
    memset(&k, 0, sizeof k);
    ntyped = 0;
    typed[0] = 0;
    memset(&last, 0, sizeof last);
}

int main(void)
{
    reset();
    BYTES(0x1e);                               /* A down */
    CHECK_EQ(last.code, KEY_A);
    CHECK_EQ(last.value, 1);
    CHECK_EQ(last.scancode, 0x1e);
    BYTES(0x9e);                               /* A up */
    CHECK_EQ(last.code, KEY_A);
    CHECK_EQ(last.value, 0);
    CHECK_STR(typed, "a");
    BYTES(0x1e, 0x1e, 0x9e);                   /* held: a repeat */
    CHECK_STR(typed, "aaa");
    CHECK_EQ(last.value, 0);

    /* "abc" Enter, as QEMU's sendkey types it. */
    reset();
    BYTES(0x1e, 0x9e, 0x30, 0xb0, 0x2e, 0xae, 0x1c, 0x9c);
    CHECK_STR(typed, "abc\r");

    /* Shift, Caps Lock (letters only), both. */
    reset();
    BYTES(0x2a, 0x1e, 0x9e, 0x02, 0x82, 0xaa, 0x1e, 0x9e);
    CHECK_STR(typed, "A!a");
    reset();
    BYTES(0x3a, 0xba, 0x1e, 0x9e, 0x02, 0x82, 0x2a, 0x1e, 0x9e, 0xaa, 0x3a, 0xba, 0x1e, 0x9e);
    CHECK_STR(typed, "A1aa");

    /* Ctrl-C, Ctrl-D, Ctrl-\, right Ctrl (E0 1D) with U. */
    reset();
    BYTES(0x1d, 0x2e, 0xae, 0x20, 0xa0, 0x2b, 0xab, 0x9d, 0xe0, 0x1d, 0x16, 0x96, 0xe0, 0x9d, 0x16, 0x96);
    CHECK_STR(typed, "\x03\x04\x1c\x15u");

    /* Backspace is DEL, Escape, Tab; Alt prefixes ESC. */
    reset();
    BYTES(0x0e, 0x8e, 0x01, 0x81, 0x0f, 0x8f, 0x38, 0x1e, 0x9e, 0xb8);
    CHECK_STR(typed, "\x7f\x1b\t\x1b" "a");

    /* Extended keys: arrows, Delete, keypad Enter and slash. */
    reset();
    BYTES(0xe0, 0x48, 0xe0, 0xc8);
    CHECK_EQ(last.code, KEY_UP);
    CHECK_EQ(last.value, 0);
    BYTES(0xe0, 0x4b, 0xe0, 0xcb, 0xe0, 0x53, 0xe0, 0xd3, 0xe0, 0x1c, 0xe0, 0x9c, 0xe0, 0x35, 0xe0, 0xb5);
    CHECK_STR(typed, "\033[A\033[D\033[3~\r/");
    /* PrtSc's fake shift (E0 2A) is not a Shift. */
    reset();
    BYTES(0xe0, 0x2a, 0x1e, 0x9e);
    CHECK_STR(typed, "a");

    /* Pause (E1 1D 45 E1 9D C5) is one key; ACKs and errors are no keys. */
    reset();
    BYTES(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5);
    CHECK_EQ(last.code, KEY_PAUSE);
    BYTES(0xfa, 0xfe, 0x00, 0xff, 0x1e);
    CHECK_STR(typed, "a");

    /* Every printable key of the US layout. */
    reset();
    for (uint8_t sc = 0x02; sc <= 0x35; sc++) {
        if (sc == 0x0e || sc == 0x0f || sc == 0x1c || sc == 0x1d || sc == 0x2a)
            continue;
        BYTES(sc, (uint8_t)(sc | 0x80));
    }
    CHECK_STR(typed, "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./");

    CHECK(keymap_has_key(KEY_A));
    CHECK(keymap_has_key(KEY_UP));
    CHECK(!keymap_has_key(84));
    CHECK(!keymap_has_key(200));
    check_done("test_keymap");
}
