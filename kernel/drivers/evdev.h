/* /dev/input/event0: the keyboard's key events with Linux's evdev ABI
 * (struct input_event records; EVIOCGVERSION, EVIOCGID, EVIOCGNAME,
 * EVIOCGPHYS, EVIOCGBIT, EVIOCGKEY, EVIOCGRAB, EVIOCSCLOCKID). Each open
 * file reads every event from its open on. A reader that grabs the
 * device (EVIOCGRAB) is the only one to get the keys: they no longer
 * reach the terminal. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* A key went down (1), up (0) or repeated (2): from the keyboard's interrupt. */
void evdev_key(uint16_t code, int32_t value, uint8_t scancode);
/* Someone grabbed the keyboard: its keys are not typed on the terminal. */
bool evdev_grabbed(void);
