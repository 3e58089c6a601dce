#include "drivers/serial.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/irq.h"
#include "drivers/console.h"
#include "drivers/driver.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"

#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_SCR 7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

static bool present[3];        /* COM1, COM2, COM3 */
static spinlock_t tx_lock = SPINLOCK_INIT;   /* guards the transmit registers */

static int index_of(int port) { return port == COM1 ? 0 : port == COM2 ? 1 : 2; }

/* A UART answers with what was written to its scratch register. */
static bool probe(int port)
{
    outb(port + REG_SCR, 0xAE);
    return inb(port + REG_SCR) == 0xAE;
}

static void setup(int port)
{
    /* Enabling the FIFO clears it: keep a byte that already arrived. */
    while (port == COM1 && (inb(port + REG_LSR) & LSR_DATA_READY))
        console_serial_input((char)inb(port + REG_DATA));
    outb(port + REG_IER, 0x00);
    outb(port + REG_LCR, 0x80);       /* divisor latch */
    outb(port + 0, 0x01);             /* 115200 baud */
    outb(port + 1, 0x00);
    outb(port + REG_LCR, 0x03);       /* 8N1 */
    outb(port + REG_FCR, 0xC7);       /* FIFO on, cleared, 14-byte threshold */
    outb(port + REG_MCR, 0x0B);       /* DTR, RTS, OUT2 (IRQ line) */
}

/* Kernel messages go to egg's log channel (COM2) when there is one, so
 * that the program's output is exactly its own. */
static void log_to_com2(const char *s, size_t n) { serial_write(COM2, s, n); }

static void serial_init(void)
{
    int ports[3] = { COM1, COM2, COM3 };
    for (int i = 0; i < 3; i++) {
        present[i] = probe(ports[i]);
        if (present[i])
            setup(ports[i]);
    }
    log_set_sinks(console_write, present[1] ? log_to_com2 : console_write);
}
DRIVER_INIT(serial_init, DRIVER_CONSOLE);

bool serial_present(int port) { return present[index_of(port)]; }

static void putc_raw(int port, char c)
{
    while (!(inb(port + REG_LSR) & LSR_THR_EMPTY))
        cpu_relax();
    outb(port + REG_DATA, c);
}

void serial_putc(int port, char c)
{
    if (!present[index_of(port)])
        return;
    uint64_t f = spin_lock_irqsave(&tx_lock);
    putc_raw(port, c);
    spin_unlock_irqrestore(&tx_lock, f);
}

void serial_boot_mark(void)
{
    serial_write(COM1, SERIAL_BOOT_MARK, sizeof(SERIAL_BOOT_MARK) - 1);
    serial_write(COM2, SERIAL_BOOT_MARK, sizeof(SERIAL_BOOT_MARK) - 1);
}

void serial_input_ready(void)
{
    if (present[1])
        klog(SERIAL_INPUT_READY);
}

void serial_write(int port, const char *s, unsigned long n)
{
    if (!present[index_of(port)])
        return;
    uint64_t f = spin_lock_irqsave(&tx_lock);
    for (unsigned long i = 0; i < n; i++)
        putc_raw(port, s[i]);
    spin_unlock_irqrestore(&tx_lock, f);
}

static spinlock_t rx_lock = SPINLOCK_INIT;   /* one reader of COM1's receive FIFO at a time */
static volatile bool rx_stopped;   /* the console's reader is behind: leave bytes in the FIFO */
static bool irq_on;

static void com1_irq(void)
{
    uint64_t f = spin_lock_irqsave(&rx_lock);
    while (!rx_stopped && (inb(COM1 + REG_LSR) & LSR_DATA_READY))
        console_serial_input((char)inb(COM1 + REG_DATA));
    spin_unlock_irqrestore(&rx_lock, f);
}

/* Flow control: with the receive interrupt off, bytes stay in the UART's
 * FIFO, and QEMU takes no more from the host until there is room, so a
 * fast writer on the host waits for the program instead of losing bytes.
 * Called under the receiver's lock (the tty's or stdin's), so the last decision is the one in force,
 * and from inside com1_irq (a byte that filled the tty): so it takes no
 * lock. Turning the interrupt back on is enough for what waits in the
 * FIFO: a 16550 raises it while bytes wait at the trigger level, or after
 * its character timeout. */
void serial_rx_stop(bool stop)
{
    if (!present[0] || rx_stopped == stop)
        return;
    rx_stopped = stop;
    if (irq_on)
        outb(COM1 + REG_IER, stop ? 0x00 : 0x01);
}

/* COM1's receive interrupt, once the terminal takes its bytes. */
static void serial_enable_irq(void)
{
    if (!present[0])
        return;
    irq_register(4, com1_irq);
    irq_on = true;
    outb(COM1 + REG_IER, rx_stopped ? 0x00 : 0x01);   /* received data available */
    com1_irq();                       /* what arrived before, which raised no edge */
}
DRIVER_INIT(serial_enable_irq, DRIVER_INPUT);
