package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code egg} command: builds eggos images and runs them in QEMU. */
@Command(name = "egg", mixinStandardHelpOptions = true, versionProvider = Egg.Version.class,
        description = "Build a Linux program into a bootable eggos image and run it in QEMU.",
        subcommands = {BuildCommand.class, RunCommand.class, PackCommand.class, DoctorCommand.class},
        footer = {"", "Start with `egg doctor`, then `egg run FILE`. `egg COMMAND --help` tells more."})
public final class Egg implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try `egg run FILE`, `egg build FILE` or `egg doctor` (`egg --help` lists them)");
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: file names and the kernel's log pass through unchanged.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(commandLine(out, err).execute(args));
    }

    /** egg's command line, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Egg());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExpandAtFiles(false); // a program argument like @list is the program's, not a file of egg options
        // A JVM option may have an egg option's name: --jvm-opt=--add-modules --jvm-opt=java.sql.
        cl.setAllowOptionsAsOptionParameters(true);
        cl.setParameterExceptionHandler(Egg::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd.getErr()));
        addExitStatuses(cl.getCommandSpec());
        addExitStatuses(cl.getSubcommands().get("run").getCommandSpec());
        return cl;
    }

    /** Ends a command's --help with egg's exit statuses (ExitCodes.HELP, which the README repeats). */
    private static void addExitStatuses(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.add("");
        footer.addAll(ExitCodes.HELP);
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    /** Bad command line: one line that says what to do, status 125 (as docker run). */
    static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (cmd.getParent() == null && !first.startsWith("-")) {
                message = "unknown command '" + first + "': the commands are "
                        + String.join(", ", cmd.getSubcommands().keySet());
            } else if (first.startsWith("-")) {
                message = "unknown option '" + first + "'"
                        + (cmd.getParent() == null ? "" : "; put the program's own options after --");
            }
        } else if (message != null && !message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        if (message.contains("--help")) {
            cmd.getErr().println("egg: " + message);
        } else {
            cmd.getErr().println("egg: " + message + " (see `" + name + " --help`)");
        }
        cmd.getErr().flush();
        return ExitCodes.FAILED;
    }

    /** A failure while running a command: one line, and a stack trace only for egg's own bugs. */
    static int failure(Exception e, PrintWriter err) {
        int status;
        if (e instanceof EggException egg) {
            err.println("egg: " + egg.getMessage());
            status = egg.status();
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            err.println("egg: " + describe(io));
            status = ExitCodes.FAILED;
        } else {
            err.println("egg: internal error (please report it): " + e);
            e.printStackTrace(err);
            status = ExitCodes.FAILED;
        }
        err.flush();
        return status;
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException n) {
            return n.getFile() + ": not a directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists (and is in the way)";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The version Maven wrote into egg.properties. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Egg.class.getResourceAsStream("egg.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"egg " + version() + " (eggos; Java " + Runtime.version() + ")"};
        }
    }
}
