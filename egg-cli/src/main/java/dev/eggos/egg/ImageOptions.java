package dev.eggos.egg;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options shared by {@code egg build} and {@code egg run}: what goes in the image. */
public final class ImageOptions {
    @Parameters(index = "0", paramLabel = "FILE",
            description = "The program: a static x86-64 Linux executable (link with -static).")
    String file;

    @Parameters(index = "1..*", paramLabel = "ARGS",
            description = "The program's arguments. Put them after -- when they start with a dash.")
    List<String> args = new ArrayList<>();

    @Option(names = "--file", paramLabel = "HOST[:GUEST]",
            description = "Also put a host file or directory (copied recursively) in the image,"
                    + " at GUEST (default: /NAME). Repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "Set an environment variable of the program (defaults: PATH=/bin:/usr/bin,"
                    + " HOME=/root, TERM=linux). Repeatable.")
    List<String> env = new ArrayList<>();

    /** Checks the options and the program file. */
    public ProgramSpec spec() {
        Path program;
        try {
            program = Path.of(file);
        } catch (InvalidPathException e) {
            throw EggException.usage(file + ": no such file");
        }
        Elf.checkExecutable(program, file);
        List<FileMapping> mappings = new ArrayList<>();
        for (String f : files) {
            mappings.add(FileMapping.parse(f));
        }
        return new ProgramSpec(program, file, args, mappings, ProgramSpec.parseEnv(env));
    }
}
