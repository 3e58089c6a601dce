/* conf: status=141
 * A write to a pipe whose read end is closed raises SIGPIPE; its default
 * action ends the process: status 128 + 13. */
#include "conf.h"
#include <signal.h>

int main(void)
{
    conf_no_core();
    int p[2];
    pipe(p);
    printf("write with a reader: %zd\n", write(p[1], "ok", 2));
    close(p[0]);
    printf("writing with no reader\n");
    ssize_t n = write(p[1], "x", 1);
    printf("still alive after write: %zd (must not print)\n", n);
    return 0;
}
