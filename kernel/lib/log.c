/* Kernel messages. The console belongs to the program; kernel messages go
 * to egg's log channel (COM2) when there is one, so that a program's output
 * is exactly its own. */
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "arch/x86_64/boot.h"
#include "drivers/console.h"
#include "drivers/serial.h"

bool log_verbose = true;

void kprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

static void log_write(const char *s, size_t n)
{
    if (serial_present(COM2))
        serial_write(COM2, s, n);
    else
        console_write(s, n);
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
    log_write(buf, len);
}

/* The command line is "word word=value ...". */
const char *cmdline_get(const char *name)
{
    static char value[256];
    size_t nlen = strlen(name);
    const char *p = boot_info.cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - w) >= nlen && strncmp(w, name, nlen) == 0) {
            if (w + nlen == p)
                return "";
            if (w[nlen] == '=') {
                size_t vlen = MIN((size_t)(p - w - nlen - 1), sizeof(value) - 1);
                memcpy(value, w + nlen + 1, vlen);
                value[vlen] = 0;
                return value;
            }
        }
    }
    return NULL;
}
