/* A text console on the framebuffer (see fbcon.h): 8x16 characters
 * (drivers/font8x16.c) in a grid of cells, the cursor as an underline, and
 * what a terminal program sends most: \r \n \b \t, and the escape
 * sequences for colours (SGR), cursor moves and erasing. UTF-8 characters
 * outside ASCII show as a box. Drawn at once on 32-bit screens; scrolling
 * moves the pixels up and draws the new line. */
#include "drivers/fbcon.h"
#include "drivers/fb.h"
#include "lib/alloc.h"
#include "lib/kernel.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/paging.h"

extern const uint8_t font8x16[256][16];

#define CW 8
#define CH 16
#define MAX_PARAMS 8

struct cell { uint8_t ch, fg, bg; };

static const uint32_t palette[16] = {
    0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
    0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
};
#define DEFAULT_FG 7
#define DEFAULT_BG 0

static spinlock_t lock = SPINLOCK_INIT;
static enum { UNSET, ON, OFF } state;
static uint8_t *fb;                  /* the kernel's mapping of the screen */
static uint32_t pitch, cols, rows;
static struct cell *cells;
static uint32_t cx, cy;              /* the cursor */
static uint8_t fg = DEFAULT_FG, bg = DEFAULT_BG;
static bool bold, reverse, wrap_pending;
static enum { NORMAL, ESC, CSI, OSC } parse;
static int params[MAX_PARAMS], nparams;
static bool private_mode;
static unsigned utf8_left;           /* continuation bytes still expected */

static void draw_cell(uint32_t x, uint32_t y, bool cursor)
{
    struct cell c = cells[y * cols + x];
    const uint8_t *glyph = font8x16[c.ch];
    uint32_t f = palette[c.fg & 15], b = palette[c.bg & 15];
    uint8_t *row = fb + (uint64_t)y * CH * pitch + x * CW * 4;
    for (int i = 0; i < CH; i++, row += pitch) {
        uint8_t bits = glyph[i];
        if (cursor && i >= CH - 2)
            bits = 0xff;
        uint32_t *px = (uint32_t *)row;
        for (int j = 0; j < CW; j++)
            px[j] = bits & (0x80 >> j) ? f : b;
    }
}

static void set_cell(uint32_t x, uint32_t y, uint8_t ch)
{
    uint8_t f = bold && fg < 8 ? fg + 8 : fg;
    cells[y * cols + x] = reverse ? (struct cell){ ch, bg, f } : (struct cell){ ch, f, bg };
    draw_cell(x, y, false);
}

static void clear_cells(uint32_t from, uint32_t to)     /* [from, to) in cell order */
{
    for (uint32_t i = from; i < to; i++) {
        cells[i] = (struct cell){ ' ', fg, bg };
        draw_cell(i % cols, i / cols, false);
    }
}

static void scroll_up(void)
{
    memmove(cells, cells + cols, (size_t)(rows - 1) * cols * sizeof(struct cell));
    memmove(fb, fb + (uint64_t)CH * pitch, (uint64_t)(rows - 1) * CH * pitch);
    clear_cells((rows - 1) * cols, rows * cols);
}

static void newline(void)
{
    if (cy + 1 < rows)
        cy++;
    else
        scroll_up();
}

static void put_glyph(uint8_t ch)
{
    if (wrap_pending) {
        wrap_pending = false;
        cx = 0;
        newline();
    }
    set_cell(cx, cy, ch);
    if (cx + 1 < cols)
        cx++;
    else
        wrap_pending = true;
}

static uint32_t clamp(int v, uint32_t max) { return v < 0 ? 0 : (uint32_t)v >= max ? max - 1 : (uint32_t)v; }
static int param(int i, int def) { return i < nparams && params[i] > 0 ? params[i] : def; }

static void sgr(void)
{
    if (nparams == 0)
        nparams = 1, params[0] = 0;
    for (int i = 0; i < nparams; i++) {
        int p = params[i];
        if (p == 0) {
            fg = DEFAULT_FG, bg = DEFAULT_BG, bold = reverse = false;
        } else if (p == 1) {
            bold = true;
        } else if (p == 22) {
            bold = false;
        } else if (p == 7) {
            reverse = true;
        } else if (p == 27) {
            reverse = false;
        } else if (p >= 30 && p <= 37) {
            fg = (uint8_t)(p - 30);
        } else if (p == 39) {
            fg = DEFAULT_FG;
        } else if (p >= 40 && p <= 47) {
            bg = (uint8_t)(p - 40);
        } else if (p == 49) {
            bg = DEFAULT_BG;
        } else if (p >= 90 && p <= 97) {
            fg = (uint8_t)(p - 90 + 8);
        } else if (p >= 100 && p <= 107) {
            bg = (uint8_t)(p - 100 + 8);
        }
    }
}

static void csi(char final)
{
    wrap_pending = false;
    if (private_mode)
        return;                      /* modes (?25l, ?1049h): nothing to do */
    switch (final) {
    case 'A': cy = clamp((int)cy - param(0, 1), rows); break;
    case 'B': cy = clamp((int)cy + param(0, 1), rows); break;
    case 'C': cx = clamp((int)cx + param(0, 1), cols); break;
    case 'D': cx = clamp((int)cx - param(0, 1), cols); break;
    case 'G': cx = clamp(param(0, 1) - 1, cols); break;
    case 'd': cy = clamp(param(0, 1) - 1, rows); break;
    case 'H':
    case 'f':
        cy = clamp(param(0, 1) - 1, rows);
        cx = clamp(param(1, 1) - 1, cols);
        break;
    case 'J': {
        int mode = nparams ? params[0] : 0;
        uint32_t at = cy * cols + cx;
        if (mode == 0)
            clear_cells(at, rows * cols);
        else if (mode == 1)
            clear_cells(0, at + 1);
        else
            clear_cells(0, rows * cols);
        break;
    }
    case 'K': {
        int mode = nparams ? params[0] : 0;
        uint32_t start = cy * cols;
        if (mode == 0)
            clear_cells(start + cx, start + cols);
        else if (mode == 1)
            clear_cells(start, start + cx + 1);
        else
            clear_cells(start, start + cols);
        break;
    }
    case 'm':
        sgr();
        break;
    default:
        break;
    }
}

static void put(uint8_t c)
{
    switch (parse) {
    case ESC:
        if (c == '[') {
            parse = CSI;
            nparams = 0;
            private_mode = false;
            memset(params, 0, sizeof params);
        } else {
            parse = c == ']' ? OSC : NORMAL;
        }
        return;
    case CSI:
        if (c >= '0' && c <= '9') {
            if (nparams == 0)
                nparams = 1;
            if (nparams <= MAX_PARAMS && params[nparams - 1] < 10000)
                params[nparams - 1] = params[nparams - 1] * 10 + (c - '0');
        } else if (c == ';') {
            if (nparams == 0)
                nparams = 1;
            if (nparams < MAX_PARAMS)
                nparams++;
        } else if (c == '?' || c == '>' || c == '=') {
            private_mode = true;
        } else if (c >= 0x40 && c <= 0x7e) {
            if (nparams > MAX_PARAMS)
                nparams = MAX_PARAMS;
            csi((char)c);
            parse = NORMAL;
        }
        return;
    case OSC:
        if (c == 7 || c == 0x1b)      /* BEL or ESC \ ends it */
            parse = c == 0x1b ? ESC : NORMAL;
        return;
    case NORMAL:
        break;
    }
    if (utf8_left && (c & 0xc0) == 0x80) {
        utf8_left--;
        return;
    }
    utf8_left = 0;
    switch (c) {
    case 0x1b: parse = ESC; return;
    case '\r': cx = 0; wrap_pending = false; return;
    case '\n': wrap_pending = false; newline(); return;
    case '\b': if (cx > 0) cx--; wrap_pending = false; return;
    case '\t':
        while (cx + 1 < cols) {
            put_glyph(' ');
            if (cx % 8 == 0)
                break;
        }
        return;
    case 7:
        return;                       /* bell */
    default:
        break;
    }
    if (c < 0x20 || c == 0x7f)
        return;
    if (c >= 0x80) {
        utf8_left = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        put_glyph(0x80);              /* no glyph: a box */
        return;
    }
    put_glyph(c);
}

/* The first output: is there a screen this console can draw on? */
static void setup(void)
{
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    if (!fb_screeninfo(&var, &fix))
        return;                       /* no screen (yet) */
    state = OFF;
    if (var.bits_per_pixel != 32 || var.xres < CW || var.yres < CH)
        return;
    pitch = fix.line_length;
    cols = var.xres / CW;
    rows = var.yres / CH;
    cells = kmalloc((size_t)cols * rows * sizeof(struct cell));
    uint8_t *mem = ioremap(fix.smem_start, fix.smem_len);
    if (!cells || !mem) {
        kfree(cells);
        return;
    }
    fb = mem + (uint64_t)var.yoffset * pitch + var.xoffset * 4;
    state = ON;
    clear_cells(0, cols * rows);
}

void fbcon_write(const char *s, size_t n)
{
    if (state == OFF || n == 0)
        return;
    uint64_t f = spin_lock_irqsave(&lock);
    if (state == UNSET)
        setup();
    if (state == ON) {
        draw_cell(cx, cy, false);     /* the cursor moves */
        for (size_t i = 0; i < n; i++)
            put((uint8_t)s[i]);
        draw_cell(cx, cy, true);
    }
    spin_unlock_irqrestore(&lock, f);
}

void fbcon_release(void)
{
    uint64_t f = spin_lock_irqsave(&lock);
    state = OFF;
    spin_unlock_irqrestore(&lock, f);
}
