/* What a program does with SIGTERM, for the shutdown tests: on_term MODE
 * prints "ready" and waits; at SIGTERM, MODE "default" dies of it (143),
 * "handle" prints "got SIGTERM" and exits 7, "ignore" goes on waiting. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_term(int sig)
{
    static const char line[] = "got SIGTERM\n";
    write(1, line, sizeof line - 1);
    _exit(7);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "default";
    if (strcmp(mode, "handle") == 0)
        signal(SIGTERM, on_term);
    else if (strcmp(mode, "ignore") == 0)
        signal(SIGTERM, SIG_IGN);
    else if (strcmp(mode, "default") != 0)
        return 2;
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
