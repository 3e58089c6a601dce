package dev.eggos.egg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which of egg's stdin, stdout and stderr are terminals, and what the kernel is told of it. Where
 * egg's stdout or stderr is not a terminal (a file, a pipe), the program's fd 1 or 2 is not one
 * either ({@code stdout=pipe}, {@code stderr=pipe} on the kernel's command line: the kernel's
 * fs/outdev.c): its bytes reach egg's stdout and stderr as written, as a program's on Linux reach
 * a file, with no "\r" added before "\n". On a terminal the program gets the guest's tty.
 */
final class HostStreams {
    private static final Pattern TERMINAL = Pattern.compile("/dev/(pts/\\d+|tty[A-Za-z0-9]*|console)");

    private HostStreams() {
    }

    /** Whether egg's fd (0, 1 or 2) is a terminal, as isatty(fd) would tell. */
    static boolean isTerminal(int fd) {
        try {
            return TERMINAL.matcher(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()).matches();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The kernel arguments for egg's stdout and stderr: " stdout=pipe stderr=pipe" or less. */
    static String kernelArgs() {
        return (isTerminal(1) ? "" : " stdout=pipe") + (isTerminal(2) ? "" : " stderr=pipe");
    }
}
