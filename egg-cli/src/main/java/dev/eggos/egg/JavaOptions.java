package dev.eggos.egg;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Option;

/** The options of {@code egg build} and {@code egg run} for Java programs. */
public final class JavaOptions {
    @Option(names = "--jdk", paramLabel = "PATH",
            description = "The JDK that compiles the program and whose runtime goes in the image"
                    + " (default: the one running egg).")
    String jdk;

    @Option(names = "--jvm-opt", paramLabel = "OPT",
            description = "Give the JVM the option OPT, like --jvm-opt=-Xmx64m. Repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--main", paramLabel = "CLASS",
            description = "The class to start, when the program has several with a main method"
                    + " (or a jar's manifest names another).")
    String main;

    @Option(names = "--add-modules", paramLabel = "MODULE", split = ",",
            description = "Also put these JDK modules in the runtime, beyond those jdeps finds"
                    + " (for services and reflection, like jdk.crypto.ec). Repeatable, or comma-separated.")
    List<String> addModules = new ArrayList<>();

    /** The chosen JDK, which must have the modules of --add-modules. */
    public Jdk jdk() {
        Jdk chosen;
        try {
            chosen = jdk == null ? Jdk.running() : Jdk.at(Path.of(jdk));
        } catch (InvalidPathException e) {
            throw EggException.usage("--jdk " + jdk + ": no such folder");
        }
        Set<String> available = chosen.modules();
        for (String m : addModules) {
            if (!available.isEmpty() && !available.contains(m)) {
                throw EggException.usage("--add-modules " + m + ": the JDK at " + chosen.home() + " has no module " + m);
            }
        }
        return chosen;
    }

    /** Refuses these options for a program that is not Java. */
    public void refuseFor(String display) {
        List<String> given = new ArrayList<>();
        if (jdk != null) {
            given.add("--jdk");
        }
        if (!jvmOptions.isEmpty()) {
            given.add("--jvm-opt");
        }
        if (main != null) {
            given.add("--main");
        }
        if (!addModules.isEmpty()) {
            given.add("--add-modules");
        }
        if (!given.isEmpty()) {
            throw EggException.usage(String.join(", ", given) + ": only for Java programs, and " + display
                    + " is an executable");
        }
    }
}
