package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The C conformance suite: every tests/conformance/*.c is built static on the host, run on the
 * host's Linux (the oracle) and booted in eggos; stdout and the exit status must be the same.
 *
 * <p>A program may declare its exit status on Linux with a comment line {@code conf: status=N}
 * (default 0); the host run is checked against it, so a broken program is told apart from a
 * broken kernel. The host runs it five times, four of them at once, and requires the same output
 * every time (a program must not depend on timing), and at least one line of it.
 *
 * <p>The eggos half needs egg.jar (system property {@code egg.jar}, else
 * {@code <repo>/egg-cli/target/egg.jar}); without it the test fails. {@code -Dconformance.hostOnly=true}
 * (a developer's shortcut, never in CI: .ci/run fails on any skipped test) stops each test after the
 * host half, with a warning, and reports it as skipped.
 * {@code -Dconformance.only=file_io,brk} runs only the named programs.
 */
class ConformanceTest {
    static final List<String> ARGS = List.of("alpha", "b c", "");
    static final Map<String, String> ENV = Map.of("CONF_VAR", "hello");
    static final List<String> GCC = List.of("gcc", "-static", "-O1", "-Wall", "-Werror");
    static final Duration HOST_TIMEOUT = Duration.ofSeconds(30);
    /** Host runs of each program, all with the same output required; see runOnHostRepeatedly. */
    static final int HOST_RUNS = 5;
    static final Duration GCC_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern DECLARED_STATUS = Pattern.compile("conf:\\s*status=(\\d+)");

    static Path sourceDir() {
        return EggRun.repoRoot().resolve("tests/conformance");
    }

    static Path buildDir() {
        return EggRun.repoRoot().resolve("tests/target/conformance");
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        Path dir = sourceDir();
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.getFileName().toString().endsWith(".c")).sorted().toList();
        }
        String only = System.getProperty("conformance.only", "").trim();
        if (!only.isEmpty()) {
            List<String> names = List.of(only.split("\\s*,\\s*"));
            sources = sources.stream().filter(p -> names.contains(name(p))).toList();
        }
        assertFalse(sources.isEmpty(), "no conformance programs in " + dir);
        return sources.stream().map(src -> DynamicTest.dynamicTest(name(src), src.toUri(), () -> check(src)));
    }

    static String name(Path src) {
        String f = src.getFileName().toString();
        return f.substring(0, f.length() - 2);
    }

    static int declaredStatus(Path src) throws IOException {
        Matcher m = DECLARED_STATUS.matcher(Files.readString(src, StandardCharsets.UTF_8));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static void check(Path src) throws Exception {
        String name = name(src);
        Path binary = compile(src);
        int declared = declaredStatus(src);

        Proc.Result host = runOnHostRepeatedly(name, binary);
        if (host.status() != declared) {
            fail(name + ": on the host's Linux it exits with " + host.status() + " but declares status="
                    + declared + ": the program (or this machine) is wrong, not eggos\nstdout:\n" + host.out()
                    + "\nstderr:\n" + host.err());
        }
        if (host.out().indexOf('\n') < 0) {
            fail(name + " prints no line on the host: a program prints what it checked, so that eggos has"
                    + " something to match besides its status");
        }

        EggRun.skipIfHostOnly(name);

        Proc.Result egg = EggRun.run(binary, List.of("-e", "CONF_VAR=hello"), ARGS);
        String expected = host.out();
        if (egg.timedOut()) {
            fail(name + ": egg did not finish within " + EggRun.HARD_TIMEOUT.toSeconds()
                    + " s and was killed\nstdout so far:\n" + egg.out() + "\nkernel log:\n"
                    + TextDiff.tail(egg.err(), 80));
        }
        if (egg.status() != host.status() || !egg.out().equals(expected)) {
            StringBuilder msg = new StringBuilder();
            msg.append(name).append(": eggos differs from Linux\n");
            msg.append("exit status: Linux ").append(host.status()).append(", eggos ").append(egg.status());
            if (egg.status() != host.status()) {
                msg.append(EggRun.explainStatus(egg.status()));
            }
            msg.append('\n');
            if (!egg.out().equals(expected)) {
                msg.append("stdout (- Linux, + eggos):\n").append(TextDiff.diff(expected, egg.out()));
            } else {
                msg.append("stdout: identical\n");
            }
            msg.append("kernel log (egg's stderr):\n").append(TextDiff.tail(egg.err(), 80));
            msg.append("command: ").append(egg.commandLine()).append('\n');
            fail(msg.toString());
        }
    }

    /**
     * Runs binary on the host HOST_RUNS times, once alone and then the others all at once (a busy
     * host: each run loads the others), and returns the first run once every run has given the
     * same stdout and status: a program whose output depends on timing or on the host's load fails
     * here, in every CI run, instead of once in a while against eggos.
     */
    static Proc.Result runOnHostRepeatedly(String name, Path binary) throws Exception {
        Proc.Result first = runOnHost(binary);
        List<Future<Proc.Result>> others = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(HOST_RUNS - 1);
        try {
            for (int i = 1; i < HOST_RUNS; i++) {
                others.add(pool.submit(() -> runOnHost(binary)));
            }
            List<Proc.Result> runs = new ArrayList<>(List.of(first));
            for (Future<Proc.Result> f : others) {
                runs.add(f.get());
            }
            for (int i = 0; i < runs.size(); i++) {
                Proc.Result r = runs.get(i);
                if (r.timedOut()) {
                    fail(name + " hung on the host (" + HOST_TIMEOUT.toSeconds() + " s) in run " + (i + 1) + " of "
                            + HOST_RUNS + "\nstdout:\n" + r.out());
                }
                if (!r.out().equals(first.out()) || r.status() != first.status()) {
                    fail(name + " is not deterministic on the host: run " + (i + 1) + " of " + HOST_RUNS
                            + " (runs 2.." + HOST_RUNS + " at once) differs from the first (- first, + run "
                            + (i + 1) + "):\n" + TextDiff.diff(first.out(), r.out()) + "statuses " + first.status()
                            + " and " + r.status());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return first;
    }

    static Proc.Result runOnHost(Path binary) throws IOException, InterruptedException {
        Path cwd = Files.createTempDirectory("conformance-host-");
        try {
            List<String> cmd = Stream.concat(Stream.of(binary.toString()), ARGS.stream()).toList();
            return Proc.run(cmd, cwd, ENV, HOST_TIMEOUT);
        } finally {
            Proc.deleteTree(cwd);
        }
    }

    /** Builds src into tests/target/conformance/NAME unless that binary is newer than src and every header. */
    static synchronized Path compile(Path src) throws IOException, InterruptedException {
        Path out = buildDir().resolve(name(src));
        Files.createDirectories(out.getParent());
        FileTime newest = Files.getLastModifiedTime(src);
        try (Stream<Path> s = Files.list(src.getParent())) {
            for (Path h : s.filter(p -> p.getFileName().toString().endsWith(".h")).toList()) {
                FileTime t = Files.getLastModifiedTime(h);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        if (Files.isRegularFile(out) && Files.getLastModifiedTime(out).compareTo(newest) >= 0) {
            return out;
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        List<String> cmd = Stream.concat(GCC.stream(), Stream.of("-o", tmp.toString(), src.toString())).toList();
        Proc.Result r;
        try {
            r = Proc.run(cmd, src.getParent(), Map.of(), GCC_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("cannot run gcc (install gcc and libc6-dev): " + e.getMessage(), e);
        }
        if (r.timedOut() || r.status() != 0) {
            Files.deleteIfExists(tmp);
            fail("gcc failed for " + src.getFileName() + " (" + r.describe() + "):\n" + r.commandLine()
                    + "\n" + r.err() + r.out());
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }
}
