package dev.eggos.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external process with a hard timeout: stdin from /dev/null, stdout and stderr into
 * temporary files (so nothing can block on a full pipe), and on timeout the process and all its
 * descendants are killed. No test may hang.
 */
final class Proc {
    private Proc() {
    }

    /**
     * What a process did. {@code status} is its exit status, or 128 + the signal number when a
     * signal killed it (as a shell reports it; Java's Process already does this on Linux), or -1
     * when it was killed for running past its timeout.
     */
    record Result(List<String> command, int status, String out, String err, boolean timedOut, Duration took) {
        /** The command as a shell would take it. */
        String commandLine() {
            return command.stream().map(Proc::quote).collect(java.util.stream.Collectors.joining(" "));
        }

        String describe() {
            return timedOut ? "timed out after " + took.toSeconds() + " s" : "exit status " + status;
        }
    }

    static Result run(List<String> command, Path cwd, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("eggos-test-out", ".txt");
        Path err = Files.createTempFile("eggos-test-err", ".txt");
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            boolean timedOut = false;
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    kill(p);
                }
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            int status = timedOut ? -1 : p.exitValue();
            return new Result(command, status, text(out), text(err), timedOut,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A file's bytes as UTF-8, malformed bytes as U+FFFD: a program may print any bytes (the fuzzer does). */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Kills p and every process it started (QEMU under egg), then waits for p. */
    static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> descendants = p.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle h : descendants) {
            h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        }
    }

    /** Deletes a directory tree, best effort. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    // A leftover temporary file is harmless.
                }
            });
        } catch (IOException e) {
            // Same.
        }
    }
}
