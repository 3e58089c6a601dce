// QEMU's command line as egg builds it, with the image, kernel command line and memory left to fill in.
package dev.eggos.bench.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** egg's QEMU command ({@code words}) and where it came from ({@code source}, for the report). */
public record QemuTemplate(List<String> words, String source) {

    public QemuTemplate {
        words = List.copyOf(words);
        int a = words.indexOf("-accel");
        if (a < 0 || !words.get(a + 1).equals("tcg")) {
            throw new IllegalStateException("egg's QEMU command has no -accel tcg: " + words);
        }
    }

    /** egg's flags written here, for an egg that no longer prints its command (see egg-cli's Qemu.java). */
    static QemuTemplate fallback(String mem, int cpus) {
        return new QemuTemplate(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                "-cpu", "max", "-m", mem, "-smp", Integer.toString(cpus), "-nodefaults", "-no-user-config",
                "-display", "none", "-no-reboot", "-kernel", "K", "-initrd", "I", "-append", "quiet",
                "-chardev", "stdio,id=con,signal=on", "-serial", "chardev:con",
                "-chardev", "file,id=log,path=/dev/stderr", "-serial", "chardev:log",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"),
                "bench's copy of egg's flags (egg did not print its command with EGG_DEBUG=1)");
    }

    /** The QEMU binary: egg starts it through setsid when its input is not a terminal. */
    public String binary() {
        return words.stream().filter(w -> Path.of(w).getFileName().toString().startsWith("qemu-system-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no QEMU binary in egg's command: " + words));
    }

    /** egg's kernel command line without "quiet" (so that the kernel says when it is ready). */
    public String eggosCmdline() {
        List<String> args = new ArrayList<>(Arrays.asList(words.get(words.indexOf("-append") + 1).split(" ")));
        args.removeIf(w -> w.isEmpty() || w.equals("quiet"));
        return String.join(" ", args);
    }

    /** The command with placeholders where each run puts its own values. */
    public List<String> shown() {
        return with("KERNEL", "INITRD", "CMDLINE", words.get(words.indexOf("-m") + 1));
    }

    /** The command that boots {@code kernel} and {@code initrd} with {@code cmdline} in {@code memory}. */
    public List<String> with(String kernel, String initrd, String cmdline, String memory) {
        List<String> cmd = new ArrayList<>(words);
        set(cmd, "-kernel", kernel);
        set(cmd, "-initrd", initrd);
        set(cmd, "-append", cmdline);
        set(cmd, "-m", memory);
        return cmd;
    }

    private static void set(List<String> cmd, String opt, String value) {
        cmd.set(cmd.indexOf(opt) + 1, value);
    }

    /**
     * The options of one of egg's QEMU commands that the template lacks (an option and its value
     * count as one), leaving out the image's own: what egg adds for the egg options it was given.
     */
    public List<String> addedFlags(List<String> eggCommand) {
        Set<String> have = new HashSet<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            have.add(words.get(i) + "\0" + words.get(i + 1));
        }
        List<String> flags = new ArrayList<>();
        for (int i = 1; i + 1 < eggCommand.size(); i++) {
            String o = eggCommand.get(i);
            String v = eggCommand.get(i + 1);
            if (o.startsWith("-") && !v.startsWith("-")) {
                if (!Set.of("-kernel", "-initrd", "-append").contains(o) && !have.contains(o + "\0" + v)) {
                    flags.add(o);
                    flags.add(v);
                }
                i++;
            }
        }
        return flags;
    }
}
