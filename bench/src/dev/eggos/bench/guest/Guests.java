// Boots an image on eggos or the Linux guest with egg's QEMU command, or runs it on the host.
package dev.eggos.bench.guest;

import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.options.Options;
import dev.eggos.bench.proc.Command;
import dev.eggos.bench.proc.Proc;
import dev.eggos.bench.proc.ProcessRunner;
import dev.eggos.bench.report.Log;
import dev.eggos.bench.report.Results;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs images on the three guests. eggos boots egg's kernel and initramfs, the Linux guest
 * Debian's kernel and its initrd of the same files, both with the same QEMU command; the host
 * runs the command unpacked ({@link HostCommand}).
 */
public final class Guests {
    /** The Linux guest's kernel command line. */
    public static final String LINUX_CMDLINE = "console=ttyS0 quiet panic=-1";

    private final Options options;
    private final QemuTemplate template;

    private Guests(Options options, QemuTemplate template) {
        this.options = options;
        this.template = template;
    }

    /**
     * Learns egg's QEMU command (with no network card: the boot rows compare bare guests, and
     * httpd's -p adds egg's network flags to it), then checks that both guests boot the C hello
     * with it, or nothing measured with it would mean anything.
     */
    public static Guests start(Options options, EggQemu egg, Results results, EggImage hello) throws IOException {
        List<String> words = egg.command(List.of("--net", "none"));
        QemuTemplate template = words.isEmpty() ? QemuTemplate.fallback(options.mem(), options.cpus())
                : new QemuTemplate(words, "egg's own (`EGG_DEBUG=1 egg run --accel tcg`)");
        if (words.isEmpty()) {
            results.note("QEMU flags: " + template.source() + ".");
        }
        Log.say("QEMU: " + String.join(" ", template.shown()));
        Guests guests = new Guests(options, template);
        for (Guest g : List.of(Guest.EGGOS, Guest.LINUX)) {
            Proc b = guests.boot(hello, g, options.mem(), 120);
            if (!b.ok() || b.firstOut(l -> l.equals(EggQemu.MARKER)).isEmpty()) {
                throw new IllegalStateException("the " + g.label + " does not boot the C hello with this QEMU command ("
                        + b.why() + "): " + b.lastLines(8));
            }
        }
        return guests;
    }

    public QemuTemplate template() {
        return template;
    }

    /** The QEMU command that boots {@code img} on guest {@code g} (eggos or Linux) in {@code memory}. */
    public List<String> qemu(EggImage img, Guest g, String memory) {
        boolean eggos = g == Guest.EGGOS;
        return template.with((eggos ? img.kernel() : options.vmlinuz()).toString(),
                (eggos ? img.initramfs() : img.linuxInitrd()).toString(),
                eggos ? template.eggosCmdline() : LINUX_CMDLINE, memory);
    }

    /** A guest's run of {@code qemu}, a QEMU command of {@link #qemu} with flags added. */
    public Command guestCommand(List<String> qemu, Guest g, long timeout) {
        return new Command(qemu, options.work(), Map.of(), false, timeout, g.exitWatch());
    }

    /** The host's run of the image's command, with {@code extraArgs}, in a clean environment. */
    public Command hostCommand(EggImage img, List<String> extraArgs, long timeout) throws IOException {
        HostCommand h = HostCommand.of(img, extraArgs);
        return new Command(h.cmd(), h.cwd(), h.env(), true, timeout, null);
    }

    /** One boot of a guest, or one run on the host; the timeout in seconds. */
    public Proc boot(EggImage img, Guest g, String memory, long timeout) throws IOException {
        if (g == Guest.HOST) {
            return ProcessRunner.run(hostCommand(img, List.of(), timeout));
        }
        Proc p = ProcessRunner.run(guestCommand(qemu(img, g, memory), g, timeout));
        if (options.verbose()) {
            Log.say(g.label + " " + img.name() + ": " + p.summary());
        }
        return p;
    }
}
