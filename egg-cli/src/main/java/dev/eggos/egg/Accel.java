package dev.eggos.egg;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * How QEMU runs guest code: KVM (hardware virtualization) or TCG (emulation). {@link #AUTO}
 * takes KVM only where {@code /dev/kvm} opens read-write and the CPU reports {@code vmx} or
 * {@code svm}: a /dev/kvm without those (nested, emulated) is far slower than TCG.
 */
public enum Accel {
    AUTO, KVM, TCG;

    /** What the host offers, probed once (or given by a test). */
    public record Facts(boolean kvmOpens, boolean cpuVirtualization) {
        public static Facts probe() {
            return probe(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
        }

        public static Facts probe(Path devKvm, Path cpuinfo) {
            boolean opens;
            try {
                // Open without creating: a missing /dev/kvm must stay missing.
                FileChannel.open(devKvm, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
                opens = true;
            } catch (IOException | SecurityException e) {
                opens = false;
            }
            boolean virt = false;
            try {
                virt = hasVirtualizationFlag(Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                virt = false;
            }
            return new Facts(opens, virt);
        }

        static boolean hasVirtualizationFlag(List<String> cpuinfo) {
            for (String line : cpuinfo) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    if (colon >= 0 && Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                            .anyMatch(f -> f.equals("vmx") || f.equals("svm"))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The accelerator to use: {@link #KVM} or {@link #TCG}, never {@link #AUTO}. */
    public Accel resolve(Facts facts) {
        return switch (this) {
            case TCG -> TCG;
            case KVM -> {
                if (!facts.kvmOpens()) {
                    throw EggException.usage("KVM is not usable here (/dev/kvm does not open read-write);"
                            + " use --accel tcg or --accel auto");
                }
                yield KVM;
            }
            case AUTO -> facts.kvmOpens() && facts.cpuVirtualization() ? KVM : TCG;
        };
    }

    /** Why {@link #AUTO} picks what it picks, for {@code egg doctor}. */
    public static String explain(Facts facts) {
        if (!facts.kvmOpens()) {
            return "tcg (/dev/kvm does not open read-write)";
        }
        if (!facts.cpuVirtualization()) {
            return "tcg (/dev/kvm opens, but the CPU reports neither vmx nor svm, so KVM would be slower)";
        }
        return "kvm";
    }

    /** The name QEMU knows it by. */
    public String qemuName() {
        if (this == AUTO) {
            throw new IllegalStateException("resolve the accelerator first");
        }
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
