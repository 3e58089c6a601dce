package dev.eggos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The machine eggos runs on: switching it off or restarting it, and facts about it.
 *
 * <p>The facts come from the files the kernel offers as Linux does ({@code /proc/uptime},
 * {@code /proc/cpuinfo}, {@code /proc/meminfo}); power goes through eggos's device
 * {@code /dev/eggos/power}, which stands in for Linux's {@code reboot(2)} (a system call the
 * JDK cannot make). On another system every method throws
 * {@link UnsupportedOperationException}.
 */
public final class Machine {
    private static final Path POWER = Path.of("/dev/eggos/power");
    private static final Path UPTIME = Path.of("/proc/uptime");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Machine() {
    }

    /**
     * Switches the machine off at once, as {@code reboot(2)} with {@code RB_POWER_OFF} does: no
     * shutdown hooks run and nothing is flushed (use {@link System#exit} for an orderly end: on
     * eggos the machine switches off when the program ends). Under {@code egg run} the exit
     * status is 0. Does not return.
     *
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the kernel refused
     */
    public static void powerOff() {
        power("off");
    }

    /**
     * Restarts the machine at once (the ACPI reset register, else the keyboard controller), as
     * {@code reboot(2)} with {@code RB_AUTOBOOT} does: no shutdown hooks run. Under
     * {@code egg run}, QEMU runs with {@code -no-reboot} and ends instead. Does not return.
     *
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the kernel refused
     */
    public static void reboot() {
        power("reboot");
    }

    private static void power(String what) {
        Eggos.require();
        try {
            Files.write(POWER, (what + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + (what.equals("off") ? "power off" : what)
                    + " through " + POWER, e);
        }
        throw new IllegalStateException("the machine did not " + (what.equals("off") ? "switch off" : what));
    }

    /**
     * How long the machine has been running, from {@code /proc/uptime}.
     *
     * @return the time since the kernel started, to the hundredth of a second
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Duration uptime() {
        Eggos.require();
        String first = read(UPTIME).trim().split("\\s+")[0];
        int dot = first.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? first : first.substring(0, dot));
        long hundredths = dot < 0 ? 0 : Long.parseLong((first.substring(dot + 1) + "00").substring(0, 2));
        return Duration.ofSeconds(seconds).plusMillis(hundredths * 10);
    }

    /**
     * The number of CPUs the kernel runs on, from {@code /proc/cpuinfo}.
     *
     * @return the number of processors, at least 1
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the file cannot be read
     */
    public static int cpuCount() {
        Eggos.require();
        return Math.max(1, (int) cpuinfo().stream().filter(l -> key(l).equals("processor")).count());
    }

    /**
     * The CPU's model name, from {@code /proc/cpuinfo}, such as
     * {@code "QEMU Virtual CPU version 2.5+"}.
     *
     * @return the first processor's {@code model name}, or {@code "unknown"}
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the file cannot be read
     */
    public static String cpuModel() {
        Eggos.require();
        return cpuinfo().stream().filter(l -> key(l).equals("model name")).map(Machine::value).findFirst()
                .orElse("unknown");
    }

    /**
     * The machine's usable memory, from {@code MemTotal} in {@code /proc/meminfo}.
     *
     * @return the total in bytes
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the file cannot be read
     */
    public static long memoryTotal() {
        Eggos.require();
        return meminfo("MemTotal");
    }

    /**
     * The memory not in use yet, from {@code MemAvailable} in {@code /proc/meminfo}.
     *
     * @return the available memory in bytes
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException when the file cannot be read
     */
    public static long memoryAvailable() {
        Eggos.require();
        return meminfo("MemAvailable");
    }

    private static List<String> cpuinfo() {
        return read(CPUINFO).lines().toList();
    }

    private static long meminfo(String field) {
        return read(MEMINFO).lines().filter(l -> key(l).equals(field)).findFirst()
                .map(l -> Long.parseLong(value(l).replaceFirst("\\s*kB$", "").trim()) * 1024)
                .orElseThrow(() -> new UncheckedIOException(new IOException(field + " missing in " + MEMINFO)));
    }

    private static String key(String line) {
        int c = line.indexOf(':');
        return c < 0 ? "" : line.substring(0, c).trim();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
