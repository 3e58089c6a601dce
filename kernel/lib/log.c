/* Kernel messages: kprintf's text to the console, klog's lines to the
 * kernel log. Where each goes is the console driver's to say: it
 * registers both sinks at boot (drivers/serial.c). */
#include "lib/kernel.h"
#include "lib/printf.h"

bool log_verbose = true;
/* Set once by the console driver at boot (drivers/serial.c); text from
 * before that has nowhere to go. */
static void (*console_sink)(const char *s, size_t n);
static void (*log_sink)(const char *s, size_t n);

void log_set_sinks(void (*console)(const char *s, size_t n), void (*log)(const char *s, size_t n))
{
    console_sink = console;
    log_sink = log;
}

void kprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (console_sink)
        console_sink(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void klog(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof(buf) - 1, fmt, ap);
    va_end(ap);
    size_t len = MIN((size_t)n, sizeof(buf) - 2);
    buf[len++] = '\n';
    if (log_sink)
        log_sink(buf, len);
}
