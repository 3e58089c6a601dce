/* Writes to its stdout and its stderr in turns, with and without stdio's
 * buffers, and ends with status 3: `egg run stdio_both > a 2> b` must give
 * the a and b the host gives (tests/src/test/java/dev/eggos/tests/StdioTest.java). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(int fd, const char *s)
{
    if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
        _exit(10);
}

int main(void)
{
    say(1, "out: first line\n");
    say(2, "err: first line\n");
    say(1, "out: a line in two writes, ");
    say(2, "err: the same, ");
    say(1, "second half\n");
    say(2, "second half\n");
    printf("out: through stdio, buffered until exit\n");
    fprintf(stderr, "err: through stdio, unbuffered\n");
    say(2, "err: a tab\tand a carriage return\r in the middle\n");
    return 3;
}
