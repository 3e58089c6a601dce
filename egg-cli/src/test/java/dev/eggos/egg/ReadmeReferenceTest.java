package dev.eggos.egg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's `egg` reference is written for reading, not generated; this keeps it true to the
 * options picocli parses: every option of every command is in it, and it names no option egg lacks.
 */
class ReadmeReferenceTest {
    /** A long option at the start of a line of the reference (after the indent and a short name). */
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\s+(?:-\\w,? )?(--[a-z][a-z-]*)");

    /** The README's section "## `egg`", up to the next section. */
    private static String reference() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## `egg`\n");
        assertTrue(start >= 0, "README.md has no section ## `egg`");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static CommandLine egg() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return Egg.commandLine(sink, sink);
    }

    /** The options a user gives: all but picocli's --help and --version. */
    private static List<OptionSpec> options(CommandLine command) {
        return command.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .toList();
    }

    /** Whether the reference names the option by one of its names (-p or --publish), as a word. */
    private static boolean named(String reference, OptionSpec option) {
        for (String name : option.names()) {
            if (Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(reference).find())
                return true;
        }
        return false;
    }

    @Test
    void everyOptionIsDocumented() throws IOException {
        String reference = reference();
        List<String> missing = new ArrayList<>();
        egg().getSubcommands().forEach((name, command) -> {
            for (OptionSpec option : options(command)) {
                if (!named(reference, option))
                    missing.add("egg " + name + " " + option.longestName());
            }
        });
        assertEquals(List.of(), missing, "options missing from README.md's `egg` section");
    }

    @Test
    void everyDocumentedOptionExists() throws IOException {
        List<String> known = new ArrayList<>(List.of("--help", "--version"));
        egg().getSubcommands().values().forEach(command ->
                options(command).forEach(option -> known.addAll(List.of(option.names()))));
        List<String> unknown = new ArrayList<>();
        Matcher m = DOCUMENTED.matcher(reference());
        while (m.find()) {
            if (!known.contains(m.group(1)) && !unknown.contains(m.group(1)))
                unknown.add(m.group(1));
        }
        assertEquals(List.of(), unknown, "README.md's `egg` section names options egg does not have");
    }
}
