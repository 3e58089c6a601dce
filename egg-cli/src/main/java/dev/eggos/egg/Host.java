package dev.eggos.egg;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Facts about the machine egg runs on, and installing Debian packages on it. */
public final class Host {
    private Host() {
    }

    /** The executable {@code command} on the PATH. */
    public static Optional<Path> which(String command) {
        String path = System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            path = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether egg runs as root (effective uid 0). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static boolean isDebian() {
        return Files.exists(Path.of("/etc/debian_version"));
    }

    /** The command a person types to install {@code packages}. */
    public static String installCommand(List<String> packages) {
        return "sudo apt-get install -y " + String.join(" ", packages);
    }

    /**
     * Installs packages egg needs and did not find: as root on Debian with {@link #aptInstall},
     * saying {@code notice} on err first; elsewhere, or when apt-get fails, an environment error
     * with {@code hint} (what to type).
     */
    public static void installOrFail(List<String> packages, String notice, String hint, PrintWriter err) {
        if (!isRoot() || !isDebian()) {
            throw EggException.environment(hint);
        }
        err.println(notice);
        err.flush();
        try {
            aptInstall(packages);
        } catch (IOException e) {
            throw EggException.environment(hint + " (apt-get failed: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EggException.environment(hint);
        }
    }

    /**
     * Runs {@code apt-get update && apt-get install -y PACKAGES}, its output on egg's stderr.
     * Only as root on Debian; the caller checks.
     */
    public static void aptInstall(List<String> packages) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "apt-get update && apt-get install -y \"$@\" 1>&2", "sh"));
        cmd.addAll(packages);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        pb.environment().merge("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", (mine, std) -> mine + ":" + std);
        int status = pb.start().waitFor();
        if (status != 0) {
            throw EggException.environment("installing " + String.join(" ", packages) + " failed (apt-get status "
                    + status + "); run `" + installCommand(packages) + "` yourself");
        }
    }
}
