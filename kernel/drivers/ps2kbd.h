/* The PS/2 keyboard (8042 controller, IRQ 1): see ps2kbd.c. */
#pragma once
/* Finds the controller and turns the keyboard's interrupt on. */
void ps2kbd_init(void);
