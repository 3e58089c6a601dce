/* Writes every byte value, 0 to 255, to its stdout, then "\r\n" and "\n\r":
 * `egg run stdio_bytes > a` must give the host's a, byte for byte
 * (tests/src/test/java/dev/eggos/tests/StdioTest.java). */
#include <unistd.h>

int main(void)
{
    unsigned char all[256 + 4];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    all[256] = '\r';
    all[257] = '\n';
    all[258] = '\n';
    all[259] = '\r';
    return write(1, all, sizeof all) == (ssize_t)sizeof all ? 0 : 1;
}
