/* terminal ioctls on things that are not terminals: ENOTTY; bad fds: EBADF. */
#include "conf.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    conf_workdir("ioctl_notty");
    struct termios t;
    struct winsize ws;
    int f = open("file", O_RDWR | O_CREAT, 0600);
    int d = open(".", O_RDONLY | O_DIRECTORY);
    int n = open("/dev/null", O_RDWR);
    int z = open("/dev/zero", O_RDONLY);
    int p[2];
    pipe(p);
    CHECK_ERRNO("TCGETS on a tmp file", ioctl(f, TCGETS, &t), ENOTTY);
    CHECK_ERRNO("TIOCGWINSZ on a tmp file", ioctl(f, TIOCGWINSZ, &ws), ENOTTY);
    CHECK_ERRNO("TCGETS on a directory", ioctl(d, TCGETS, &t), ENOTTY);
    CHECK_ERRNO("TCGETS on /dev/null", ioctl(n, TCGETS, &t), ENOTTY);
    CHECK_ERRNO("TIOCGWINSZ on /dev/null", ioctl(n, TIOCGWINSZ, &ws), ENOTTY);
    CHECK_ERRNO("TCGETS on /dev/zero", ioctl(z, TCGETS, &t), ENOTTY);
    CHECK_ERRNO("TCGETS on a pipe", ioctl(p[0], TCGETS, &t), ENOTTY);
    CHECK_ERRNO("TIOCGWINSZ on a pipe", ioctl(p[1], TIOCGWINSZ, &ws), ENOTTY);
    CHECK_ERRNO("TCGETS on a bad fd", ioctl(999, TCGETS, &t), EBADF);
    CHECK_ERRNO("unknown ioctl on a file", ioctl(f, 0x7eadbeef, 0), ENOTTY);
    CHECK_ERRNO("tcgetattr on a file", tcgetattr(f, &t), ENOTTY);
    errno = 0;
    int r = isatty(f);
    printf("isatty(file): %d (errno %s)\n", r, errname(errno));
    errno = 0;
    r = isatty(p[0]);
    printf("isatty(pipe): %d (errno %s)\n", r, errname(errno));
    errno = 0;
    r = isatty(999);
    printf("isatty(999): %d (errno %s)\n", r, errname(errno));
    return 0;
}
