package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel's random numbers on a CPU without RDRAND or RDSEED (QEMU's {@code qemu64}, chosen
 * through egg's EGG_QEMU_CPU): tests/random/seed.c prints the getrandom and AT_RANDOM bytes it got,
 * and is booted twice on pc (which has a virtio-rng device) and twice on microvm (no PCI, so only
 * timing jitter). The kernel log ({@code loglevel=7} shows it) must name the sources that seeded the
 * generator, with 256 bits of jitter at least, and no two boots may give the same bytes.
 */
class RandomSeedTest {
    static final Map<String, String> NO_RDRAND = Map.of("EGG_QEMU_CPU", "qemu64");
    private static final Pattern SEEDED = Pattern.compile("random: seeded from (.*)");
    private static final Pattern JITTER_BITS = Pattern.compile("jitter \\((\\d+) bits from \\d+ samples\\)");
    private static final Pattern LINE = Pattern.compile("(getrandom|at_random) ([0-9a-f]+)");
    static Path seed;

    @BeforeAll
    static void build() throws Exception {
        Path src = EggRun.repoRoot().resolve("tests/random/seed.c");
        seed = EggRun.repoRoot().resolve("tests/target/random/seed");
        Files.createDirectories(seed.getParent());
        Proc.Result r = Proc.run(List.of("gcc", "-static", "-O1", "-Wall", "-Werror", "-o", seed.toString(),
                src.toString()), null, Map.of(), Duration.ofSeconds(120));
        assertEquals(0, r.status(), "gcc " + src + ":\n" + r.err());
    }

    /** What one boot printed: its getrandom and AT_RANDOM bytes, and the sources the log names. */
    record Boot(String getrandom, String atRandom, String sources) {
    }

    static Boot boot(String machine) throws Exception {
        Proc.Result r = Proc.run(EggRun.command(List.of("run", "--timeout", Integer.toString(EggRun.EGG_TIMEOUT_SECONDS),
                "--machine", machine, "--kernel-arg", "loglevel=7", seed.toString())), null, NO_RDRAND,
                EggRun.HARD_TIMEOUT);
        assertEquals(0, r.status(), r.describe() + EggRun.explainStatus(r.status()) + "\n" + r.err());
        Map<String, String> bytes = new java.util.HashMap<>();
        Matcher m = LINE.matcher(r.out());
        while (m.find()) {
            bytes.put(m.group(1), m.group(2));
        }
        Matcher s = SEEDED.matcher(r.err());
        assertTrue(s.find(), "no \"random: seeded from\" line in the kernel log:\n" + r.err());
        assertEquals(64, bytes.getOrDefault("getrandom", "").length(), r.out());
        assertEquals(32, bytes.getOrDefault("at_random", "").length(), r.out());
        return new Boot(bytes.get("getrandom"), bytes.get("at_random"), s.group(1).trim());
    }

    static int jitterBits(String sources) {
        Matcher m = JITTER_BITS.matcher(sources);
        assertTrue(m.find(), "no jitter in: " + sources);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void seededWithoutRdrand() throws Exception {
        List<Boot> boots = new ArrayList<>();
        for (String machine : List.of("pc", "pc", "microvm", "microvm")) {
            Boot b = boot(machine);
            String want = machine.equals("pc") ? "virtio-rng (512 bits), jitter (" : "jitter (";
            assertTrue(b.sources().startsWith(want), machine + ": sources \"" + b.sources() + "\", want \"" + want
                    + "...\"");
            assertFalse(b.sources().contains("rdrand") || b.sources().contains("rdseed"), b.sources());
            assertTrue(jitterBits(b.sources()) >= 256, b.sources());
            boots.add(b);
        }
        HashSet<String> seen = new HashSet<>();
        for (Boot b : boots) {
            assertTrue(seen.add(b.getrandom()), "getrandom gave the same bytes twice: " + boots);
            assertTrue(seen.add(b.atRandom()), "AT_RANDOM gave the same bytes twice: " + boots);
        }
    }
}
