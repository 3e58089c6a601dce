package dev.eggos.egg;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Build an image of a program and boot it in QEMU.",
            "FILE may also be an ISO or disk image that egg pack made: the PC's firmware boots it from the CD"
                    + " drive or the hard disk (BIOS, or UEFI with --uefi); the image is never written to.",
            "The program's console is egg's stdin and stdout; the kernel's messages go to stderr.",
            "On a terminal every key goes to the program's terminal: Ctrl-C is its SIGINT, Ctrl-D its end of"
                    + " input, Ctrl-\\ a thread dump; Ctrl-A x ends the machine. Piped input is the program's stdin, a pipe: its bytes, then its end.",
            "egg exits with the program's exit status."},
        footer = {"",
            "Examples: egg run examples/helloworld",
            "          egg run examples/prime-sieve --jvm-opt=-Xint -- 100",
            "          egg run hello --timeout 60 -- --name world"})
public final class RunCommand implements Callable<Integer> {
    /** What egg does to the kernel's command line. */
    public enum Trace { SYSCALLS }

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the image to DIR and keep it (default: a temporary folder, deleted afterwards).")
    Path output;

    @Option(names = "--mem", paramLabel = "SIZE", defaultValue = "512M",
            description = "Guest memory, like 512M or 2G (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1",
            description = "Number of CPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", defaultValue = "AUTO",
            description = "auto (KVM where the CPU has vmx or svm and /dev/kvm opens, else TCG), kvm or tcg"
                    + " (default: auto).")
    Accel accel;

    @Option(names = "--machine", paramLabel = "pc|microvm", defaultValue = "PC",
            description = "QEMU machine type (default: pc).")
    Machine machine;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "End QEMU after this many seconds and exit with status 124 (default: no limit).")
    Long timeout;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "" + GracefulStop.DEFAULT_SECONDS,
            description = "SIGTERM or SIGHUP to egg presses the machine's power button: the program gets SIGTERM."
                    + " If it still runs after SECONDS (or at a second signal), egg ends the machine and exits"
                    + " with 137 (default: ${DEFAULT-VALUE}; 0: at once).")
    long stopTimeout;

    @Option(names = "--trace", paramLabel = "syscalls",
            description = "Have the kernel log every system call (trace=syscalls on its command line).")
    Trace trace;

    @Option(names = {"-p", "--publish"}, paramLabel = "HOST:GUEST",
            description = "Forward TCP port HOST of 127.0.0.1 to port GUEST of the program (-p PORT: the same"
                    + " on both). Repeatable.")
    List<String> publish = new ArrayList<>();

    @Option(names = "--net", paramLabel = "nat|none|tap=IFNAME",
            description = "nat: a network card behind QEMU's NAT (user networking): the program reaches the host"
                    + " at 10.0.2.2 and whatever the host reaches; DHCP gives its address and DNS server"
                    + " (/etc/resolv.conf links to /proc/net/pnp). tap=IFNAME: the card on the host's tap device"
                    + " IFNAME, made beforehand and put on a bridge (see the README's Networking): the program is"
                    + " a machine on that network, its address from DHCP there or --ip. none: loopback only."
                    + " Default: nat on pc, none on microvm.")
    String net;

    @Mixin
    GuestIpOptions guestIp;

    @Option(names = "--mac", paramLabel = "XX:XX:XX:XX:XX:XX",
            description = "The network card's MAC address (default: with --net tap, 52:54:00 and three bytes from"
                    + " the tap's name and /etc/machine-id, the same on every run; with nat, QEMU's).")
    String mac;

    @Option(names = "--kernel-arg", paramLabel = "ARG",
            description = "Add ARG to the kernel's command line. Repeatable.")
    List<String> kernelArgs = new ArrayList<>();

    // The screen, and the ISO and disk images of egg pack: see PackedRun.
    @Option(names = "--graphic",
            description = "Give the machine a screen (QEMU's standard VGA, /dev/fb0) and show it in a window"
                    + " (headless without a display; an image of egg pack always has the screen).")
    boolean graphic;

    @Option(names = "--uefi",
            description = "Boot an image of egg pack (X.iso or X.img) with UEFI firmware (OVMF) instead of BIOS.")
    boolean uefi;

    @Option(names = "--qmp", paramLabel = "SOCKET",
            description = "Open QEMU's QMP control socket at SOCKET, for scripts (screendump, quit).")
    Path qmp;

    /** The kernel's command line. */
    public static String kernelCmdline(Trace trace, List<String> extra) {
        List<String> words = new ArrayList<>();
        words.add("quiet");
        if (trace == Trace.SYSCALLS) {
            words.add("trace=syscalls");
        }
        for (String arg : extra) {
            if (arg.isBlank() || arg.chars().anyMatch(c -> c < ' ')) {
                throw EggException.usage("--kernel-arg '" + arg + "': give one word of printable characters");
            }
            words.add(arg);
        }
        return String.join(" ", words);
    }

    /**
     * The guest's network: --net on this machine, with the -p mappings (each host port free), --ip,
     * --dns and --mac (a tap checked usable).
     */
    Network network() {
        return Network.of(net, machine, publish.stream().map(PortMapping::parse).toList(), guestIp.guestIp(),
                mac == null ? null : new MacAddress(mac));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (timeout != null && timeout <= 0) {
            throw EggException.usage("--timeout " + timeout + ": give a number of seconds above 0");
        }
        if (stopTimeout < 0) {
            throw EggException.usage("--stop-timeout " + stopTimeout + ": give a number of seconds, 0 or more");
        }
        Optional<BootMedium> packed = BootMedium.of(Path.of(image.file));
        if (packed.isPresent()) {
            return PackedRun.run(this, packed.get(), err);
        }
        if (uefi) {
            throw EggException.usage("--uefi boots the images of egg pack: make one with `egg pack " + image.file
                    + " -o X.iso` (or X.img)");
        }
        Network network = network();
        String cmdline = kernelCmdline(trace, kernelArgs) + HostStreams.kernelArgs()
                + guestIp.kernelArg(kernelArgs);
        // With a screen the machine's keyboard types on the tty, which is then the program's stdin.
        ConsoleInput.Mode input = graphic ? ConsoleInput.Mode.TTY : ConsoleInput.Mode.RAW;
        if (!ConsoleInput.stdinIsTerminal()) {
            cmdline += " " + ConsoleInput.kernelArg(input);
        }
        Accel chosen = accel.resolve(Accel.Facts.probe());
        QemuConfig.checkMemory(memory);
        QemuConfig.checkCpus(cpus);
        Path qemu = Qemu.locate(err);

        Path dir = output != null ? output : Files.createTempDirectory("egg-run-");
        Runnable cleanup = output != null ? () -> { } : () -> FileTrees.delete(dir);
        try {
            ImageFiles files = image.write(dir, Kernel.resourceFor(machine), err);
            QemuConfig config = new QemuConfig(machine, chosen, memory, cpus, files.kernel(), files.initramfs(),
                    cmdline, network);
            List<String> command = Qemu.command(qemu.toString(), config, PcOptions.screen(graphic, qmp));
            return runQemu(command, err, cleanup, false, input);
        } finally {
            cleanup.run();
        }
    }

    /**
     * Runs QEMU under this run's --timeout (the command on stderr first when EGG_DEBUG is set) and
     * says how it ended: egg's exit status. bootMark, input: see {@link QemuProcess#run}.
     */
    int runQemu(List<String> command, PrintWriter err, Runnable cleanup, boolean bootMark, ConsoleInput.Mode input)
            throws IOException {
        Outcome outcome;
        try (GracefulStop graceful = new GracefulStop(stopTimeout)) {
            List<String> qemu = graceful.command(command);
            if (System.getenv("EGG_DEBUG") != null) {
                err.println("egg: " + String.join(" ", qemu));
                err.flush();
            }
            outcome = QemuProcess.run(qemu, timeout == null ? 0 : timeout, err, cleanup, bootMark, input, graceful);
        }
        outcome.message().ifPresent(m -> {
            err.println(m);
            err.flush();
        });
        return outcome.status();
    }
}
