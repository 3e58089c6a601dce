package dev.eggos.egg;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything that decides QEMU's command line.
 *
 * @param accel    {@link Accel#KVM} or {@link Accel#TCG} (already resolved)
 * @param memory   guest RAM as QEMU takes it: a number with an optional K, M, G or T suffix
 * @param cmdline  the kernel's command line
 * @param network  the guest's network card, if any, and the host ports forwarded to it ({@code -p})
 */
public record QemuConfig(Machine machine, Accel accel, String memory, int cpus, Path kernel, Path initrd,
                         String cmdline, Network network) {
    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[KMGT]?");
    public static final int MAX_CPUS = 255;

    public QemuConfig {
        if (accel == Accel.AUTO) {
            throw new IllegalArgumentException("accel must be resolved");
        }
        memory = checkMemory(memory);
        checkCpus(cpus);
    }

    /** No network card. */
    public QemuConfig(Machine machine, Accel accel, String memory, int cpus, Path kernel, Path initrd,
                      String cmdline) {
        this(machine, accel, memory, cpus, kernel, initrd, cmdline, Network.NONE);
    }

    /** The memory size in QEMU's form, or a usage error. */
    public static String checkMemory(String memory) {
        String m = memory.toUpperCase(Locale.ROOT);
        if (!MEMORY.matcher(m).matches()) {
            throw EggException.usage("--mem " + memory + ": give a size like 512M or 2G");
        }
        return m;
    }

    public static int checkCpus(int cpus) {
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw EggException.usage("--cpus " + cpus + ": give a number from 1 to " + MAX_CPUS);
        }
        return cpus;
    }
}
