/* Scancode set 1 and the US layout (see keymap.h). */
#include "drivers/keymap.h"
#include "lib/string.h"

/* Set 1 codes 0x01..0x58 are Linux's key codes; after 0xE0, these. */
static uint16_t extended(uint8_t sc)
{
    switch (sc) {
    case 0x1c: return KEY_KPENTER;
    case 0x1d: return KEY_RIGHTCTRL;
    case 0x35: return KEY_KPSLASH;
    case 0x37: return KEY_SYSRQ;
    case 0x38: return KEY_RIGHTALT;
    case 0x47: return KEY_HOME;
    case 0x48: return KEY_UP;
    case 0x49: return KEY_PAGEUP;
    case 0x4b: return KEY_LEFT;
    case 0x4d: return KEY_RIGHT;
    case 0x4f: return KEY_END;
    case 0x50: return KEY_DOWN;
    case 0x51: return KEY_PAGEDOWN;
    case 0x52: return KEY_INSERT;
    case 0x53: return KEY_DELETE;
    case 0x5b: return KEY_LEFTMETA;
    case 0x5c: return KEY_RIGHTMETA;
    case 0x5d: return KEY_COMPOSE;
    default: return 0;
    }
}

bool keymap_has_key(unsigned c)
{
    if (c >= 1 && c <= KEY_F12 && c != 84 && c != 85)
        return true;
    for (unsigned sc = 0; sc < 0x80; sc++)
        if (extended((uint8_t)sc) == c && c)
            return true;
    return c == KEY_PAUSE;
}

/* The US layout: key codes 0..57, plain and shifted. */
static const char plain[] =
    "\0\0331234567890-=\177\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[] =
    "\0\033!@#$%^&*()_+\177\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
_Static_assert(sizeof(plain) == 59 && sizeof(shifted) == 59, "one entry per key code 0..57");

static const char keypad[] = "789-456+1230.";      /* KEY_KP7 .. KEY_KPDOT (Num Lock on) */

static void type(struct key_event *ev, const char *s)
{
    size_t n = strlen(s);
    memcpy(ev->chars + ev->nchars, s, n);
    ev->nchars += (unsigned)n;
}

static void translate(struct keymap_state *k, struct key_event *ev)
{
    uint16_t c = ev->code;
    bool shift = k->down[KEY_LEFTSHIFT] || k->down[KEY_RIGHTSHIFT];
    bool ctrl = k->down[KEY_LEFTCTRL] || k->down[KEY_RIGHTCTRL];
    bool alt = k->down[KEY_LEFTALT] || k->down[KEY_RIGHTALT];
    const char *seq = NULL;
    switch (c) {
    case KEY_UP: seq = "\033[A"; break;
    case KEY_DOWN: seq = "\033[B"; break;
    case KEY_RIGHT: seq = "\033[C"; break;
    case KEY_LEFT: seq = "\033[D"; break;
    case KEY_HOME: seq = "\033[1~"; break;
    case KEY_INSERT: seq = "\033[2~"; break;
    case KEY_DELETE: seq = "\033[3~"; break;
    case KEY_END: seq = "\033[4~"; break;
    case KEY_PAGEUP: seq = "\033[5~"; break;
    case KEY_PAGEDOWN: seq = "\033[6~"; break;
    case KEY_KPENTER: seq = "\r"; break;
    case KEY_KPSLASH: seq = "/"; break;
    default: break;
    }
    if (seq) {
        type(ev, seq);
        return;
    }
    char ch = 0;
    if (c >= KEY_KP7 && c <= KEY_KPDOT)
        ch = keypad[c - KEY_KP7];
    else if (c < sizeof(plain) - 1)
        ch = shift ? shifted[c] : plain[c];
    if (!ch)
        return;
    if (k->caps && ch >= 'a' && ch <= 'z')
        ch = (char)(ch - 'a' + 'A');
    else if (k->caps && ch >= 'A' && ch <= 'Z')
        ch = (char)(ch - 'A' + 'a');
    if (ctrl) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '@' && ch <= '_'))
            ch = (char)(ch & 0x1f);
        else if (ch == ' ' || ch == '2')
            ch = 0;
        else if (ch == '/')
            ch = 0x1f;
        else if (ch == '?')
            ch = 0x7f;
    }
    if (alt)
        type(ev, "\033");
    ev->chars[ev->nchars++] = ch;
}

void keymap_byte(struct keymap_state *k, uint8_t byte, struct key_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    if (k->skip) {
        k->skip--;
        if (k->skip == 0) {           /* E1 1D 45 E1 9D C5: Pause, pressed and released */
            ev->code = KEY_PAUSE;
            ev->value = 1;
        }
        return;
    }
    if (byte == 0xe0) {
        k->e0 = true;
        return;
    }
    if (byte == 0xe1) {
        k->skip = 5;
        return;
    }
    if (byte == 0x00 || byte == 0xff || byte == 0xfa || byte == 0xfe) {
        k->e0 = false;                /* errors, ACK, resend: not keys */
        return;
    }
    bool release = byte & 0x80;
    uint8_t sc = byte & 0x7f;
    bool e0 = k->e0;
    k->e0 = false;
    uint16_t code = e0 ? extended(sc) : (sc <= 0x58 ? sc : 0);
    if (e0 && (sc == 0x2a || sc == 0x36))
        return;                       /* fake shifts around PrtSc and the like */
    if (!code)
        return;
    ev->code = code;
    ev->scancode = sc;
    if (release) {
        ev->value = 0;
        k->down[code] = false;
        return;
    }
    ev->value = k->down[code] ? 2 : 1;
    k->down[code] = true;
    if (code == KEY_CAPSLOCK && ev->value == 1)
        k->caps = !k->caps;
    translate(k, ev);
}
