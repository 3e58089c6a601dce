/* The drivers' inits, level by level (see driver.h). */
#include "drivers/driver.h"

extern const struct driver_init *const __start_initcalls[], *const __stop_initcalls[];

void drivers_init(enum driver_level level)
{
    for (const struct driver_init *const *d = __start_initcalls; d < __stop_initcalls; d++)
        if ((*d)->level == level)
            (*d)->init();
}
