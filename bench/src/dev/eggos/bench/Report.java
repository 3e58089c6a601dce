// The Markdown report of a bench run: how it was measured (host, QEMU, guests, commit), the table, the notes.
package dev.eggos.bench;

import dev.eggos.bench.guest.Guests;
import dev.eggos.bench.guest.QemuTemplate;
import dev.eggos.bench.options.Options;
import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Results;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes the report of a run; the load average is read at its start and again at the end. */
final class Report {
    private final Options options;
    private final String loadAtStart = loadAverage();

    Report(Options options) {
        this.options = options;
    }

    String markdown(QemuTemplate qemu, Results results, double tookSeconds) {
        StringBuilder b = new StringBuilder();
        boolean quick = options.quick();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceAll("\\.[0-9]+", "");
        b.append("# eggos against a Linux guest").append(quick ? " (`--quick` smoke run)" : "").append("\n\n");
        b.append("- date: ").append(date).append('\n');
        b.append("- command: `bench/run").append(quick ? " --quick" : "")
                .append(options.only().isEmpty() ? "" : " --only " + String.join(",", options.only()))
                .append(options.runs() == null ? "" : " --runs " + options.runs()).append("` (took ")
                .append(Fmt.duration(tookSeconds)).append(")\n");
        b.append("- commit: ").append(gitDescribe()).append('\n');
        b.append("- QEMU: ").append(firstLine(List.of(qemu.binary(), "--version"))).append('\n');
        b.append("- accelerator: TCG (`-accel tcg -cpu max`), `-m ").append(options.mem()).append(" -smp ")
                .append(options.cpus()).append("`, machine `pc`, for both guests\n");
        b.append("- JDK (what egg jlinks, and the host's java): ")
                .append(firstLine(List.of("java", "-version")).replace("\"", "")).append(" — ")
                .append(nthLine(List.of("java", "-version"), 1)).append('\n');
        b.append("- host load average (1 min) at the start and the end: ").append(loadAtStart).append(", ")
                .append(loadAverage()).append(" (other work on the host shows up as spread between runs)\n");
        b.append("- host: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, Linux ").append(firstLine(List.of("uname", "-r"))).append('\n');
        b.append("- Linux guest: Debian `").append(options.linuxPackage()).append("`, busybox-static as `/init` (a")
                .append(" shell script), egg's initramfs unchanged; kernel command line `").append(Guests.LINUX_CMDLINE)
                .append("`\n");
        b.append("- eggos: the image from `./egg build`; kernel command line `").append(qemu.eggosCmdline())
                .append("` (egg's, without `quiet`, so that the kernel logs `kernel ready in N ms` on COM2)\n");
        b.append("- QEMU command (").append(qemu.source()).append("; `-kernel`, `-initrd`, `-append` and ")
                .append("`-m` replaced per guest):\n\n  `").append(String.join(" ", qemu.shown())).append("`\n\n");
        b.append("Cells: median (min–max) over the runs, N = ").append(runsSummary())
                .append(". Guest times are wall times on the host from starting QEMU to the line on the serial")
                .append(" console, unless timed inside the program. Lower is better, except for rates (req/s,")
                .append(" MiB/s); the ratio is of the medians.\n\n");
        b.append(Table.HEADER).append('\n');
        for (Row r : results.rows()) {
            b.append(Table.markdown(r)).append('\n');
        }
        b.append('\n');
        for (String n : results.notes()) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private String runsSummary() {
        if (options.runs() != null) {
            return options.runs() + " per guest";
        }
        return options.quick() ? "2 per guest (httpd: 1)"
                : "10 (C boot), 5 (Java boot, C micro), 3 (prime-sieve, SHA-256, httpd) per guest;"
                        + " 1 per bisection probe";
    }

    /** The commit of the egg benched, and whether its kernel or egg-cli has uncommitted changes. */
    private String gitDescribe() {
        String dir = options.egg().getParent().toString();
        String c = firstLine(List.of("git", "-C", dir, "rev-parse", "--short", "HEAD"));
        String dirty = firstLine(List.of("git", "-C", dir, "status", "--porcelain", "--", "kernel", "egg-cli"));
        return "`" + c + "`" + (dir.equals(options.root().toString()) ? "" : " of " + dir)
                + (dirty.isEmpty() ? "" : " (with uncommitted changes in kernel/ or egg-cli/)");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private String firstLine(List<String> cmd) {
        return nthLine(cmd, 0);
    }

    /** Line {@code n} of a command's output (both streams), trimmed; "" if it has fewer, "?" if it cannot run. */
    private String nthLine(List<String> cmd, int n) {
        try {
            List<String> lines = ProcessRunner.run(Command.helper(cmd, options.work(), Map.of(), 30)).lines();
            return lines.size() > n ? lines.get(n).trim() : "";
        } catch (IOException e) {
            return "?";
        }
    }
}
