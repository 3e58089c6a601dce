/* conf: status=5
 * the exit status is the low 8 bits: exit(261) is 5. */
#include "conf.h"

int main(void)
{
    printf("calling exit(261)\n");
    exit(261);
}
