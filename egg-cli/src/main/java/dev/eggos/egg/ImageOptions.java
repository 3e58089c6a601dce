package dev.eggos.egg;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options shared by {@code egg build} and {@code egg run}: what goes in the image. */
public final class ImageOptions {
    @Parameters(index = "0", paramLabel = "FILE",
            description = "The program: a folder of .java files, a jar, a Maven project (a folder with"
                    + " pom.xml), or a static x86-64 Linux executable (link with -static); with --class-path,"
                    + " the class to start.")
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
                    + " HOME=/root, TERM=linux; for Java also LANG=C.UTF-8 and JAVA_HOME=/opt/java,"
                    + " with /opt/java/bin first in PATH). Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR",
            description = "The program's working directory, an absolute path (default: /app for Java, where its"
                    + " files are, / for an executable); an empty folder unless --file puts one there.")
    String workdir;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress lines (javac, jlink, image size).")
    boolean quiet;

    @Mixin
    JavaOptions java;

    /** The program's name (of its file, folder or jar, without .jar): the default output folder's. */
    public String name() {
        Path n = program().toAbsolutePath().normalize().getFileName();
        String s = n == null ? "program" : n.toString();
        return s.endsWith(".jar") && s.length() > ".jar".length() ? s.substring(0, s.length() - 4) : s;
    }

    /** Builds the image and writes it to {@code dir}, with the given kernel resource (see {@link Kernel}). */
    public ImageFiles write(Path dir, String kernelResource, PrintWriter err) throws IOException {
        if (workdir != null && !workdir.startsWith("/")) {
            throw EggException.usage("--workdir " + workdir + ": give an absolute path (start with /)");
        }
        Path program = program();
        ProgramKind kind = java.classPath != null ? null : ProgramKind.of(program, file);
        List<FileMapping> mappings = new ArrayList<>();
        for (String f : files) {
            mappings.add(FileMapping.parse(f));
        }
        Map<String, String> environment = ProgramSpec.parseEnv(env);
        if (kind != null && !kind.isJava()) {
            java.refuseFor(file);
            Elf.checkExecutable(program, file);
            ProgramSpec spec = new ProgramSpec(program, file, args, mappings, environment);
            return ImageFiles.write(ImageLayout.of(spec, workdir), dir, kernelResource);
        }
        Progress progress = new Progress(err, quiet);
        Image image = javaImage(kind, program, mappings, environment, progress);
        ImageFiles written = ImageFiles.write(image, dir, kernelResource);
        progress.step("image " + Math.round(Files.size(written.initramfs()) / 1e6) + " MB");
        return written;
    }

    private Image javaImage(ProgramKind kind, Path program, List<FileMapping> mappings,
                            Map<String, String> environment, Progress progress) throws IOException {
        Jdk jdk = java.jdk();
        JavaApp app = kind == null ? JavaApp.classes(java.classPath(), file) : switch (kind) {
            case JAVA_SOURCES -> JavaApp.sources(jdk, program, file, java.main, progress);
            case JAR -> JavaApp.jar(jdk, program, file, java.main);
            case MAVEN -> MavenProject.build(jdk, program, file, java.main, progress);
            case ELF -> throw new IllegalArgumentException("not a Java program");
        };
        SortedSet<String> modules;
        List<Libraries.Root> natives;
        Path scratch = Files.createTempDirectory("egg-jars");
        try {
            List<Path> jars = ProgramJars.expand(app.classPath(), scratch);
            modules = Modules.select(jdk, jars, java.addModules, java.allModules(), progress);
            natives = JarNatives.scan(jars);
        } finally {
            FileTrees.delete(scratch);
        }
        Path runtime = Jlink.runtime(jdk, modules, progress);
        Libraries.Closure libs = Libraries.system().resolve(runtime.resolve("bin/java"),
                JavaLayout.nativeFiles(runtime), natives);
        if (!libs.missing().isEmpty()) {
            progress.warn("left out of the image, as this machine does not have them: " + String.join(", ",
                    libs.missing().stream().map(m -> m.name() + " (for " + (m.neededBy().startsWith(runtime)
                            ? runtime.relativize(m.neededBy()) : m.neededBy()) + ")").toList()));
        }
        ExecSpec exec = JavaLayout.exec(app, java.jvmOptions, args, environment);
        if (workdir != null) {
            exec = exec.in(workdir);
        }
        return JavaLayout.of(runtime, libs, app, exec, mappings);
    }

    private Path program() {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw EggException.notFound(file + ": no such file");
        }
    }
}
