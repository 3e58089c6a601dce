package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What egg is given to build, told by content: an executable, a jar, Java sources or a Maven project. */
public enum ProgramKind {
    /** A static x86-64 Linux executable. */
    ELF,
    /** A jar (any zip file). */
    JAR,
    /** A folder of .java files. */
    JAVA_SOURCES,
    /** A folder with a pom.xml. */
    MAVEN;

    private static final String WHAT = "give a static executable, a jar, a folder of .java files or a Maven project";

    /**
     * The kind of {@code file}.
     *
     * @param display how the user named it, for messages
     */
    public static ProgramKind of(Path file, String display) throws IOException {
        if (!Files.exists(file)) {
            throw EggException.notFound(display + ": no such file");
        }
        if (Files.isDirectory(file)) {
            if (Files.isRegularFile(file.resolve("pom.xml"))) {
                return MAVEN;
            }
            if (!JavaSources.find(file).isEmpty()) {
                return JAVA_SOURCES;
            }
            throw EggException.cannotRun(display + " is a directory with no .java files and no pom.xml: nothing to"
                    + " build; " + WHAT);
        }
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, 4);
        } catch (java.nio.file.AccessDeniedException e) {
            throw EggException.cannotRun(display + ": permission denied (cannot read it)");
        }
        if (n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
            return ELF;
        }
        if (n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return JAR;
        }
        if (file.getFileName().toString().endsWith(".java")) {
            throw EggException.cannotRun(display + " is a .java file: give the folder it is in");
        }
        throw EggException.cannotRun(display + " is not an ELF executable, nor a jar; " + WHAT);
    }

    public boolean isJava() {
        return this != ELF;
    }
}
