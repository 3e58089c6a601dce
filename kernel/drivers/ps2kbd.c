/* The PS/2 keyboard behind the 8042 controller (IRQ 1), with the
 * controller's translation to scancode set 1 on, as PCs boot. Its keys go
 * to /dev/input/event0 and, typed as a US keyboard types them, to the
 * console's terminal (unless a program grabbed the keyboard). */
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"
#include "drivers/console.h"
#include "drivers/driver.h"
#include "drivers/evdev.h"
#include "drivers/keymap.h"
#include "lib/kernel.h"

#define DATA 0x60
#define STATUS 0x64
#define COMMAND 0x64
#define ST_OUTPUT 0x01              /* a byte to read */
#define ST_INPUT 0x02               /* the controller is still taking the last one */
#define ST_AUX 0x20                 /* the byte is the mouse's */
#define CFG_IRQ1 0x01
#define CFG_IRQ12 0x02
#define CFG_CLOCK1_OFF 0x10
#define CFG_TRANSLATE 0x40

static struct keymap_state state;

static bool wait_input_empty(void)
{
    for (int i = 0; i < 100000; i++)
        if (!(inb(STATUS) & ST_INPUT))
            return true;
    return false;
}

static bool wait_output(void)
{
    for (int i = 0; i < 100000; i++)
        if (inb(STATUS) & ST_OUTPUT)
            return true;
    return false;
}

static void command(uint8_t c)
{
    if (wait_input_empty())
        outb(COMMAND, c);
}

static void kbd_irq(void)
{
    for (int i = 0; i < 64; i++) {
        uint8_t st = inb(STATUS);
        if (!(st & ST_OUTPUT))
            break;
        uint8_t b = inb(DATA);
        if (st & ST_AUX)
            continue;
        struct key_event ev;
        keymap_byte(&state, b, &ev);
        if (ev.code)
            evdev_key(ev.code, ev.value, ev.scancode);
        if (!evdev_grabbed())
            for (unsigned j = 0; j < ev.nchars; j++)
                console_input(ev.chars[j]);
    }
}

/* Finds the controller and turns the keyboard's interrupt on. */
static void ps2kbd_init(void)
{
    if (inb(STATUS) == 0xff)
        return;                     /* no controller (microvm) */
    command(0xad);                  /* keyboard port off while it is set up */
    command(0xa7);                  /* mouse port off */
    for (int i = 0; i < 32 && (inb(STATUS) & ST_OUTPUT); i++)
        inb(DATA);
    command(0x20);                  /* read the configuration byte */
    if (!wait_output())
        return;
    uint8_t cfg = inb(DATA);
    cfg = (uint8_t)((cfg | CFG_IRQ1 | CFG_TRANSLATE) & ~(CFG_IRQ12 | CFG_CLOCK1_OFF));
    command(0x60);
    if (wait_input_empty())
        outb(DATA, cfg);
    irq_register(1, kbd_irq);
    command(0xae);                  /* keyboard port on */
    if (wait_input_empty())
        outb(DATA, 0xf4);           /* the keyboard: scan (its ACK is dropped) */
    if (log_verbose)
        klog("ps2: keyboard on IRQ 1");
}
DRIVER_INIT(ps2kbd_init, DRIVER_INPUT);
