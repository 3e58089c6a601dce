package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code egg run --qmp SOCKET} in the background, for tests that look at the guest's screen:
 * {@link #boot} returns once the console has printed a match of each pattern it waits for, and
 * {@link #close} quits QEMU through QMP, killing egg and QEMU if that does not end them.
 */
final class QmpGuest implements AutoCloseable {
    final Process process;
    final Path dir;
    final Path qmp;
    /** What each pattern matched, in the order given to {@link #boot}. */
    final List<MatchResult> ready;
    /** From starting egg to the last match. */
    final long bootMillis;

    private QmpGuest(Process process, Path dir, Path qmp, List<MatchResult> ready, long bootMillis) {
        this.process = process;
        this.dir = dir;
        this.qmp = qmp;
        this.ready = ready;
        this.bootMillis = bootMillis;
    }

    /**
     * egg run --qmp DIR/qmp.sock runArgs, its console in DIR/out.txt and DIR/err.txt, with no
     * display for QEMU to open a window on. Fails the test, egg killed, unless every pattern
     * matches within limit.
     */
    static QmpGuest boot(List<String> runArgs, Path dir, Duration limit, Pattern... ready) throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of("run", "--qmp", qmp.toString()));
        cmd.addAll(runArgs);
        cmd = EggRun.command(cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        long start = System.nanoTime();
        Process p = pb.start();
        long deadline = start + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                List<MatchResult> found = matches(Files.readString(out, StandardCharsets.UTF_8), ready);
                if (found != null) {
                    return new QmpGuest(p, dir, qmp, found, (System.nanoTime() - start) / 1_000_000);
                }
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            Proc.kill(p);
            throw e;
        }
        Proc.kill(p);
        fail("not ready within " + limit.toSeconds() + " s (waiting for " + Arrays.toString(ready) + "): "
                + String.join(" ", cmd) + "\nstdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
        return null;
    }

    /**
     * An ISO that egg pack made, booted by egg run [options] iso under a --timeout a minute past
     * the boot limit, so that the test has time to look at the screen.
     */
    static QmpGuest bootIso(Path iso, List<String> options, Path dir, Duration limit, Pattern... ready)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--timeout", Long.toString(limit.toSeconds() + 60)));
        args.addAll(options);
        args.add(iso.toString());
        return boot(args, dir, limit, ready);
    }

    /** Each pattern's first match in text, or null while one of them has none. */
    private static List<MatchResult> matches(String text, Pattern... patterns) {
        List<MatchResult> found = new ArrayList<>();
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return null;
            }
            found.add(m.toMatchResult());
        }
        return found;
    }

    /** A screendump, kept as DIR/name.ppm. */
    Screen.Picture dump(String name) throws IOException {
        return Screen.dump(qmp, dir.resolve(name + ".ppm"));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Screen.qmp(qmp, "{\"execute\":\"quit\"}");
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            Proc.kill(process);
        }
    }
}
