package dev.eggos.egg;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what egg needs on this machine, and say how to install what is missing.",
            "Exit status 0 when everything is there, 1 otherwise."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Something egg needs: a command on the PATH and the Debian packages that provide it. */
    public record Requirement(String command, String purpose, List<String> packages) {
        public Optional<Path> find() {
            return Host.which(command);
        }
    }

    /** The commands every egg run needs on the PATH (egg pack's GRUB tools and OVMF: Grub.PARTS, Ovmf). */
    public static List<Requirement> requirements() {
        return List.of(
                new Requirement("java", "runs egg", List.of("openjdk-17-jre-headless")),
                new Requirement(Qemu.BINARY, "boots images (egg run)", Qemu.PACKAGES));
    }

    /** What egg runs from the JDK to build a Java program. */
    static final List<String> JDK_TOOLS = List.of("javac", "jdeps", "jlink");

    /** One line of the report. */
    public record Check(String name, boolean found, String detail) {
    }

    public static List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (Requirement r : requirements()) {
            Optional<Path> p = r.find();
            if (r.command().equals("java") && p.isEmpty()) {
                // egg is running, so a Java runtime is there even if not on the PATH.
                p = Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
            }
            checks.add(p.map(path -> new Check(r.command(), true, path + detail(r)))
                    .orElseGet(() -> new Check(r.command(), false,
                            r.purpose() + "; install: " + Host.installCommand(r.packages()))));
        }
        Path jdk = Path.of(System.getProperty("java.home"));
        List<String> lacking = JDK_TOOLS.stream().filter(t -> !Files.isExecutable(jdk.resolve("bin").resolve(t)))
                .toList();
        checks.add(new Check("JDK tools", lacking.isEmpty(), lacking.isEmpty()
                ? jdk + " (" + String.join(", ", JDK_TOOLS) + "; for Java programs)"
                : jdk + " lacks " + String.join(", ", lacking) + " (a JRE?); for Java programs, install: "
                        + Host.installCommand(List.of("openjdk-17-jdk-headless")) + " or give egg --jdk PATH"));
        // egg pack's GRUB tools, and the UEFI firmware of egg run --uefi (Grub, Ovmf).
        for (Grub.Part g : Grub.PARTS) {
            checks.add(g.find().map(p -> new Check(g.name(), true, p.toString()))
                    .orElseGet(() -> new Check(g.name(), false,
                            g.purpose() + "; install: " + Host.installCommand(List.of(g.pkg())))));
        }
        checks.add(Ovmf.find().map(o -> new Check("OVMF", true, o.code().toString()))
                .orElseGet(() -> new Check("OVMF", false,
                        "UEFI firmware (egg run --uefi); install: " + Host.installCommand(Ovmf.PACKAGES))));
        boolean kernel = Kernel.present();
        checks.add(new Check("eggos kernel", kernel, kernel ? "inside egg"
                : "egg was built without it; rebuild: mvn -B -DskipTests -pl egg -am package"));
        return checks;
    }

    private static String detail(Requirement r) {
        return r.command().equals("java") ? " (running Java " + Runtime.version() + ")" : "";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        for (Check c : checks()) {
            out.printf("%-20s %-8s %s%n", c.name(), c.found() ? "found" : "MISSING", c.detail());
            all &= c.found();
        }
        out.printf("%-20s %-8s %s%n", "accel auto", "", Accel.explain(Accel.Facts.probe()));
        out.flush();
        return all ? 0 : ExitCodes.MISSING;
    }
}
