/* The PS/2 keyboard's bytes made into key events and typed characters:
 * scancode set 1 (what the 8042 gives with translation on) to Linux's
 * key codes (<linux/input-event-codes.h>), and the US layout with Shift,
 * Caps Lock, Ctrl and Alt to the bytes a terminal sends, as Linux's
 * console does. Pure logic; host tests in kernel/tests/test_keymap.c. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define KEY_ESC 1
#define KEY_BACKSPACE 14
#define KEY_TAB 15
#define KEY_ENTER 28
#define KEY_LEFTCTRL 29
#define KEY_A 30
#define KEY_LEFTSHIFT 42
#define KEY_RIGHTSHIFT 54
#define KEY_KPASTERISK 55
#define KEY_LEFTALT 56
#define KEY_SPACE 57
#define KEY_CAPSLOCK 58
#define KEY_F1 59
#define KEY_NUMLOCK 69
#define KEY_KP7 71
#define KEY_KPDOT 83
#define KEY_102ND 86
#define KEY_F11 87
#define KEY_F12 88
#define KEY_KPENTER 96
#define KEY_RIGHTCTRL 97
#define KEY_KPSLASH 98
#define KEY_SYSRQ 99
#define KEY_RIGHTALT 100
#define KEY_HOME 102
#define KEY_UP 103
#define KEY_PAGEUP 104
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_END 107
#define KEY_DOWN 108
#define KEY_PAGEDOWN 109
#define KEY_INSERT 110
#define KEY_DELETE 111
#define KEY_PAUSE 119
#define KEY_LEFTMETA 125
#define KEY_RIGHTMETA 126
#define KEY_COMPOSE 127
#define KEY_CNT 128                 /* the codes this keyboard can give are below */

struct keymap_state {
    bool e0;                        /* the last byte was the 0xE0 prefix */
    unsigned skip;                  /* bytes of a Pause sequence still to come */
    bool down[KEY_CNT];
    bool caps;
};

/* What one scancode byte did: a key event (code 0: none yet, a prefix),
 * and the bytes the key types, if any. */
struct key_event {
    uint16_t code;                  /* Linux key code */
    int32_t value;                  /* 1 pressed, 0 released, 2 repeated */
    uint8_t scancode;               /* for MSC_SCAN: the byte without its release bit */
    char chars[8];                  /* what a terminal receives */
    unsigned nchars;
};

void keymap_byte(struct keymap_state *k, uint8_t byte, struct key_event *ev);
/* Whether key code c is one this keyboard can report (EVIOCGBIT). */
bool keymap_has_key(unsigned c);
