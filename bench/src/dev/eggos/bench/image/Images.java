// Builds the benchmarks' images with `egg build`, and the Linux guest's initrd of each.
package dev.eggos.bench.image;

import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images of programs under {@code work/img/NAME}, built by the egg being benched. */
public final class Images {
    private final Path root;
    private final Path work;
    private final Path egg;
    private final LinuxInitrd linuxInitrd;
    private final Results results;

    public Images(Path root, Path work, Path egg, LinuxInitrd linuxInitrd, Results results) {
        this.root = root;
        this.work = work;
        this.egg = egg;
        this.linuxInitrd = linuxInitrd;
        this.results = results;
    }

    /** {@code egg build PROGRAM -- ARGS} into work/img/NAME, and the Linux guest's initrd beside it. */
    public EggImage build(String name, String program, List<String> programArgs) throws IOException,
            EggBuildException {
        Path dir = work.resolve("img/" + name);
        Trees.delete(dir);
        List<String> cmd = new ArrayList<>(List.of(egg.toString(), "build", program, "-o", dir.toString()));
        if (!programArgs.isEmpty()) {
            cmd.add("--");
            cmd.addAll(programArgs);
        }
        Log.say("egg build " + root.relativize(Path.of(program).toAbsolutePath()) + " "
                + String.join(" ", programArgs));
        Proc p = ProcessRunner.run(Command.helper(cmd, root, Map.of(), 1800));
        Path cpio = dir.resolve("initramfs.cpio");
        if (p.status() != 0 || !Files.isRegularFile(cpio)) {
            String why = p.lastLines(3);
            Log.say("egg build failed (" + (p.timedOut() ? "timeout" : "status " + p.status()) + "): " + why);
            throw new EggBuildException(why.isBlank() ? "status " + p.status() : why);
        }
        byte[] execFile = CpioTool.read(cpio, "eggos/exec");
        if (execFile.length == 0) {
            throw new IllegalStateException(cpio + " has no eggos/exec: egg's image layout changed; update bench's"
                    + " Images.java");
        }
        Exec exec = Exec.decode(execFile);
        if (!exec.argv().get(0).equals(exec.executable())) {
            results.note("egg's argv[0] (`" + exec.argv().get(0) + "`) differs from the executable; the Linux guest"
                    + " runs it with argv[0] = the executable path.");
        }
        Path linux = dir.resolve("linux-initramfs.cpio");
        linuxInitrd.write(cpio, exec, linux, false);
        return new EggImage(name, dir, dir.resolve("kernel.elf"), cpio, linux, exec);
    }

    /** A Java program's image; empty (with a note saying why) when egg cannot build it yet. */
    public Optional<EggImage> javaProgram(String name, Path dir, List<String> args) throws IOException {
        if (!Files.isDirectory(dir)) {
            results.note("`" + root.relativize(dir) + "` does not exist yet: its benchmarks are skipped.");
            return Optional.empty();
        }
        try {
            return Optional.of(build(name, dir.toString(), args));
        } catch (EggBuildException e) {
            results.note("`./egg build " + root.relativize(dir) + "` failed, so its benchmarks are skipped: "
                    + Fmt.oneLine(e.getMessage()));
            return Optional.empty();
        }
    }

    /** The same image with a Linux initrd that brings up the network first (httpd). */
    public EggImage withNetwork(EggImage img) throws IOException {
        Path linux = img.dir().resolve("linux-initramfs-net.cpio");
        linuxInitrd.write(img.initramfs(), img.exec(), linux, true);
        return img.withLinuxInitrd(linux);
    }
}
