package dev.eggos.egg;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a tool of the JDK or Maven and collects what it prints. */
final class Tool {
    /** How a tool ended: its status and its output (stdout, stderr). */
    record Result(List<String> command, int status, String out, String err) {
        /**
         * Fails when the tool failed, after printing what it printed (its own diagnostics,
         * like javac's errors) on {@code to}.
         */
        Result check(PrintWriter to) {
            if (status != 0) {
                to.print(out);
                to.print(err);
                to.flush();
                throw new EggException(ExitCodes.FAILED, Path.of(command.get(0)).getFileName() + " failed (status "
                        + status + "; its messages are above)");
            }
            return this;
        }
    }

    private Tool() {
    }

    /** Runs {@code command} in {@code cwd} with {@code env} added to egg's environment; stdin is /dev/null. */
    static Result run(List<String> command, Path cwd, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("egg-tool-", ".out");
        Path err = Files.createTempFile("egg-tool-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw EggException.environment("cannot run " + command.get(0) + ": " + e.getMessage());
            }
            int status;
            try {
                status = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw EggException.environment("interrupted while running " + command.get(0));
            }
            return new Result(command, status, new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
