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

    @Option(names = {"--class-path", "-cp"}, paramLabel = "PATH",
            description = "Start the class FILE names from PATH, as java -cp PATH CLASS does: PATH's folders and"
                    + " jars (separated by :) go in the image at their own absolute paths (those that do not"
                    + " exist are left out, as java ignores them; none may be under /tmp, which the guest's own"
                    + " tmpfs hides).")
    String classPath;

    @Option(names = "--add-modules", paramLabel = "MODULE", split = ",",
            description = "Also put these JDK modules in the runtime, beyond those egg finds"
                    + " (like jdk.localedata). Repeatable, or comma-separated.")
    List<String> addModules = new ArrayList<>();

    @Option(names = "--jdk-modules", paramLabel = "auto|all",
            description = "Which JDK modules the runtime holds: auto (default), those the program may reach"
                    + " (jdeps's, the providers of the services it names, the modules of the classes it names"
                    + " in strings, and a few the JDK loads by name); all, every module of the JDK.")
    String jdkModules;

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

    /** --class-path, which makes FILE the class to start (so --main has nothing to choose). */
    public String classPath() {
        if (main != null) {
            throw EggException.usage("--main " + main + ": with --class-path, FILE is the class to start");
        }
        return classPath;
    }

    /** Whether --jdk-modules asks for every module of the JDK. */
    public boolean allModules() {
        if (jdkModules == null || jdkModules.equals("auto")) {
            return false;
        }
        if (jdkModules.equals("all")) {
            return true;
        }
        throw EggException.usage("--jdk-modules " + jdkModules + ": give auto or all");
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
        if (classPath != null) {
            given.add("--class-path");
        }
        if (!addModules.isEmpty()) {
            given.add("--add-modules");
        }
        if (jdkModules != null) {
            given.add("--jdk-modules");
        }
        if (!given.isEmpty()) {
            throw EggException.usage(String.join(", ", given) + ": only for Java programs, and " + display
                    + " is an executable");
        }
    }
}
