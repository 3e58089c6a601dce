package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The system-call fuzzer tests/fuzz/fuzz.c booted in eggos with a few fixed seeds: no kernel
 * panic (egg's status 125), no hang (the fuzzer's own report, status 2, or egg's timeout), its
 * summary line with every call made, status 0. Fixed seeds, so that a run is a verdict on the
 * kernel and not on luck; a seed's calls are printed one a line before they are made, so a
 * failure names its call.
 *
 * <p>{@code -Dfuzz.seeds=1,2,3} and {@code -Dfuzz.calls=1000000} choose other runs (the long
 * run of bench/README.md); the fuzzer never runs on the host (it calls unlink, rename, kill... at
 * random, as root).
 *
 * <p>Also the programs in tests/fuzz/found/: each checks a bug the fuzzer found, on eggos only
 * (where the host's Linux cannot be the oracle in the same way: the console is a tty there), and
 * prints {@code result: pass}.
 */
class FuzzTest {
    static final List<String> GCC = List.of("gcc", "-static", "-O1", "-Wall", "-Werror");
    static final Duration BUILD_TIMEOUT = Duration.ofSeconds(120);
    /** ~6000 calls a second in TCG on an idle machine; 4 x 50000 calls take ~40 s. */
    static final long CALLS = Long.getLong("fuzz.calls", 50000);
    static final String SEEDS = System.getProperty("fuzz.seeds", "1,2,3,4");
    private static final Pattern SUMMARY = Pattern.compile(
            "fuzz: summary: calls=(\\d+) ok=\\d+ errors=\\d+ signals=\\d+ faults=\\d+ hangs=0");

    static Path sourceDir() {
        return EggRun.repoRoot().resolve("tests/fuzz");
    }

    static Path buildDir() {
        return EggRun.repoRoot().resolve("tests/target/fuzz");
    }

    @TestFactory
    Stream<DynamicTest> fuzz() throws Exception {
        assertFalse(EggRun.eggJar() == null, EggRun.whyUnavailable());
        Path fuzz = build();
        return Stream.of(SEEDS.split("\\s*,\\s*")).map(seed ->
                DynamicTest.dynamicTest("seed " + seed, () -> run(fuzz, seed)));
    }

    @TestFactory
    Stream<DynamicTest> found() throws IOException {
        assertFalse(EggRun.eggJar() == null, EggRun.whyUnavailable());
        List<Path> sources;
        try (Stream<Path> s = Files.list(sourceDir().resolve("found"))) {
            sources = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no programs in tests/fuzz/found");
        return sources.stream().map(src -> DynamicTest.dynamicTest(src.getFileName().toString(), () -> {
            String name = src.getFileName().toString().replaceFirst("\\.c$", "");
            Path bin = gcc(buildDir().resolve(name), List.of(src));
            Proc.Result r = EggRun.run(bin, List.of(), List.of());
            String out = r.out().replace("\0", "");
            if (r.timedOut() || r.status() != 0 || !out.contains("\nresult: pass\n")) {
                fail(name + ": " + r.describe() + EggRun.explainStatus(r.status()) + "\nstdout:\n"
                        + TextDiff.tail(out, 20) + "\nkernel log:\n" + TextDiff.tail(r.err(), 40));
            }
        }));
    }

    /** fuzz.c with the syscall name table that the kernel's own build generates. */
    static synchronized Path build() throws IOException, InterruptedException {
        Files.createDirectories(buildDir());
        Path names = buildDir().resolve("syscall_names.c");
        Proc.Result gen = Proc.run(List.of("sh", EggRun.repoRoot().resolve("kernel/tools/syscall-names.sh").toString()),
                null, Map.of(), BUILD_TIMEOUT);
        if (gen.timedOut() || gen.status() != 0) {
            fail("kernel/tools/syscall-names.sh failed (" + gen.describe() + "):\n" + gen.err());
        }
        Files.writeString(names, gen.out(), StandardCharsets.UTF_8);
        return gcc(buildDir().resolve("fuzz"), List.of(sourceDir().resolve("fuzz.c"), names));
    }

    static Path gcc(Path out, List<Path> sources) throws IOException, InterruptedException {
        Files.createDirectories(out.getParent());
        List<String> cmd = new ArrayList<>(GCC);
        cmd.add("-o");
        cmd.add(out.toString());
        sources.forEach(s -> cmd.add(s.toString()));
        Proc.Result r;
        try {
            r = Proc.run(cmd, null, Map.of(), BUILD_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("cannot run gcc (install gcc and libc6-dev): " + e.getMessage(), e);
        }
        if (r.timedOut() || r.status() != 0) {
            fail("gcc failed (" + r.describe() + "):\n" + r.commandLine() + "\n" + r.err() + r.out());
        }
        return out;
    }

    static void run(Path fuzz, String seed) throws IOException, InterruptedException {
        long eggTimeout = 60 + CALLS / 500;     /* 12x the idle machine's time, for a busy one */
        List<String> args = List.of("run", "--timeout", Long.toString(eggTimeout), fuzz.toString(), "--", seed,
                Long.toString(CALLS));
        Proc.Result r = EggRun.egg(args, Duration.ofSeconds(eggTimeout + 45));
        String out = r.out().replace("\r\n", "\n");
        Matcher m = SUMMARY.matcher(out);
        boolean summary = m.find() && Long.parseLong(m.group(1)) == CALLS;
        if (r.timedOut() || r.status() != 0 || !summary) {
            String what;
            if (r.timedOut() || r.status() == 124) {
                what = "the guest hung (no tick could interrupt the call): the last call printed is the one";
            } else if (r.status() == 125) {
                what = "kernel panic (or QEMU failed) in the last call printed";
            } else if (r.status() == 2) {
                what = "a call hung (the fuzzer's HANG report below)";
            } else {
                what = "exit status " + r.status() + (summary ? "" : ", no summary line for " + CALLS + " calls");
            }
            fail("fuzz seed " + seed + ": " + what + "\nrepeat: java -jar egg-cli/target/egg.jar "
                    + String.join(" ", args) + "\nlast lines of stdout:\n" + TextDiff.tail(out, 25)
                    + "\nkernel log:\n" + TextDiff.tail(r.err(), 60));
        }
    }
}
