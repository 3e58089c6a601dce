// How a guest says it is done: the line that ends a run, and the lines that mean a panic.
package dev.eggos.bench.proc;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What ends a guest's run early: a line matching {@code exit} (group 1 the exit status) on the
 * stream given by {@code onStderr}; lines of that stream matching {@code panic} mark a panic.
 * QEMU itself keeps running after the guest's last word, so the runner stops at this line.
 */
public record ExitWatch(boolean onStderr, Pattern exit, Predicate<String> panic) {
}
