package dev.eggos.egg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK on this machine: its folder, its feature version (17, 25, ...) and the text of its
 * {@code release} file, which names its version and its modules.
 */
public record Jdk(Path home, int feature, String release) {
    /** The oldest JDK egg builds with. */
    public static final int MIN_FEATURE = 17;
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?([0-9]+)[^\"]*\"");
    private static final Pattern MODULES = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"");

    /** The JDK in {@code home} (as given with --jdk). */
    public static Jdk at(Path home) {
        Path abs = home.toAbsolutePath().normalize();
        Path releaseFile = abs.resolve("release");
        if (!Files.isDirectory(abs)) {
            throw EggException.usage(home + ": no such folder");
        }
        if (!Files.isRegularFile(releaseFile)) {
            throw EggException.usage(home + ": not a JDK (it has no release file); give --jdk the JDK's"
                    + " folder, like /usr/lib/jvm/java-17-openjdk-amd64");
        }
        String release;
        try {
            release = Files.readString(releaseFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EggException.usage(home + ": cannot read " + releaseFile + ": " + e.getMessage());
        }
        Matcher m = VERSION.matcher(release);
        if (!m.find()) {
            throw EggException.usage(home + ": its release file has no JAVA_VERSION");
        }
        int feature = Integer.parseInt(m.group(1));
        if (feature < MIN_FEATURE) {
            throw EggException.usage(home + " is JDK " + feature + "; egg needs JDK " + MIN_FEATURE
                    + " or newer");
        }
        return new Jdk(abs, feature, release);
    }

    /** The JDK egg runs on. */
    public static Jdk running() {
        return at(Path.of(System.getProperty("java.home")));
    }

    /** The modules this JDK has (from its release file). */
    public Set<String> modules() {
        Matcher m = MODULES.matcher(release);
        Set<String> modules = new TreeSet<>();
        if (m.find()) {
            modules.addAll(Arrays.asList(m.group(1).trim().split("\\s+")));
        }
        return modules;
    }

    /** The JDK tool {@code bin/name}; fails with what to do when this JDK lacks it (a JRE). */
    public Path tool(String name) {
        Path p = home.resolve("bin").resolve(name);
        if (!Files.isExecutable(p)) {
            throw EggException.environment(home + " has no bin/" + name + " (a JRE, not a JDK?): install a JDK"
                    + " (sudo apt-get install -y openjdk-17-jdk-headless) or choose one with --jdk PATH");
        }
        return p;
    }
}
