#include "drivers/fbcon.h"
void fbcon_write(const char *s, size_t n) { }
void fbcon_release(void) { }
