import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The benchmark driver behind {@code bench/run}: eggos against a Linux guest booted in the same
 * QEMU with the same flags, memory and CPU count, and against the host. Plain Java with no
 * dependencies ({@code bench/run} compiles bench/*.java with javac), so that a fresh machine
 * needs only the JDK.
 *
 * <p>{@code bench/run} prepares the inputs (Debian's kernel, busybox-static, the static C
 * programs) and passes their paths; this program builds the eggos images with {@code ./egg
 * build}, derives the Linux guest's initramfs from each (egg's archive unchanged, then a second
 * cpio archive with busybox and an {@code /init} script that runs the same command: Linux
 * unpacks concatenated archives in order), boots both guests, timestamps every line they print
 * on the host, and writes the Markdown table.
 *
 * <p>Times come from two places: wall times are measured on the host from the moment QEMU is
 * started to the moment a line appears on a serial port (the same way for both guests); the
 * micro benchmarks time themselves inside the guest and print {@code bench: NAME VALUE UNIT}.
 */
public class Bench {

    // ------------------------------------------------------------------ options and context

    static Path root;
    static Path work;
    static Path vmlinuz;
    static Path busybox;
    static Path modules;
    static Path cbin;
    static Path egg;
    static String linuxPackage = "?";
    static boolean quick;
    static final Set<String> only = new LinkedHashSet<>();
    static Integer runsOverride;
    static Path out;
    static String mem = "512M";
    static int cpus = 1;
    static boolean verbose;

    static final List<String> BENCHMARKS = List.of("boot", "mem", "size", "sieve", "sha256", "micro", "httpd", "graphic");
    static final String MARKER = "hello eggos";

    /** QEMU's command line as egg builds it, with the image and memory left to fill in. */
    static List<String> qemuTemplate;
    static String qemuTemplateSource = "";

    static final List<Row> rows = new ArrayList<>();
    static final List<String> notes = new ArrayList<>();
    /** Harness errors and wrong results (guests printing different outputs): bench/run exits 1. */
    static int failures;

    public static void main(String[] args) throws Exception {
        parseArgs(args);
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        Img hello = eggBuild("hello-c", cbin.resolve("hello").toString(), List.of()).orElseThrow(
                () -> new IllegalStateException("egg cannot build the static C hello: see above"));
        learnQemuCommand(hello);
        Optional<Img> javaHello = Optional.empty();
        if (wants("boot") || wants("mem") || wants("size")) {
            if (quick) {
                notes.add("`--quick`: the Java helloworld is left out (a smoke test of the harness, not a measurement).");
            } else {
                javaHello = javaProgram("helloworld-java", root.resolve("examples/helloworld"), List.of());
            }
        }
        if (wants("boot")) {
            boot("static C hello", hello, runs(quick ? 2 : 10), 60);
            javaHello.ifPresent(img -> boot("Java helloworld", img, runs(5), 300));
        }
        if (wants("mem")) {
            if (quick) {
                notes.add("`--quick`: the memory bisection is left out.");
            } else {
                leastMemory("static C hello", hello, 2, 512, 30);
                javaHello.ifPresent(img -> leastMemory("Java helloworld", img, 16, 1024, 180));
            }
        }
        if (wants("size")) {
            size("static C hello", hello);
            javaHello.ifPresent(img -> size("Java helloworld", img));
        }
        if (wants("sieve")) {
            if (quick) {
                notes.add("`--quick`: prime-sieve is left out.");
            } else {
                sieve();
            }
        }
        if (wants("sha256")) {
            if (quick) {
                notes.add("`--quick`: SHA-256 is left out.");
            } else {
                sha256();
            }
        }
        if (wants("micro")) {
            micro();
        }
        if (wants("httpd")) {
            httpd();
        }
        if (wants("graphic")) {
            graphic();
        }
        String report = report(Duration.seconds((System.nanoTime() - t0) / 1e9));
        System.out.println(report);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        log("wrote " + root.relativize(out.toAbsolutePath()));
        List<String> problems = checkTable(report);
        for (String p : problems) {
            log("table: " + p);
        }
        if (!problems.isEmpty() || failures > 0) {
            System.exit(1);
        }
    }

    static void parseArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--vmlinuz" -> vmlinuz = Path.of(args[++i]).toAbsolutePath();
                case "--busybox" -> busybox = Path.of(args[++i]).toAbsolutePath();
                case "--modules" -> modules = Path.of(args[++i]).toAbsolutePath();
                case "--cbin" -> cbin = Path.of(args[++i]).toAbsolutePath();
                case "--egg" -> egg = Path.of(args[++i]).toAbsolutePath();
                case "--linux-package" -> linuxPackage = args[++i];
                case "--quick" -> quick = true;
                case "--verbose", "-v" -> verbose = true;
                case "--only" -> {
                    for (String n : args[++i].split(",")) {
                        if (!BENCHMARKS.contains(n)) {
                            usage("unknown benchmark '" + n + "'; give one of " + String.join(", ", BENCHMARKS));
                        }
                        only.add(n);
                    }
                }
                case "--runs" -> runsOverride = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--mem" -> mem = args[++i];
                default -> usage("unknown argument '" + a + "'");
            }
        }
        if (root == null || work == null || vmlinuz == null || busybox == null || cbin == null) {
            usage("--root, --work, --vmlinuz, --busybox and --cbin are required (bench/run passes them)");
        }
        if (egg == null) {
            egg = root.resolve("egg");
        }
        if (out == null) {
            String date = LocalDate.now().toString();
            out = quick ? work.resolve("results/" + date + "-quick.md") : root.resolve("bench/results/" + date + ".md");
        }
    }

    static void usage(String msg) {
        System.err.println("bench: " + msg);
        System.err.println("usage: bench/run [--quick] [--only " + String.join("|", BENCHMARKS)
                + "[,...]]... [--runs N] [--out FILE] [--egg PATH] [--verbose]");
        System.exit(2);
    }

    static boolean wants(String name) {
        return only.isEmpty() || only.contains(name);
    }

    static int runs(int full) {
        return runsOverride != null ? runsOverride : full;
    }

    static void log(String s) {
        System.err.println("bench: " + s);
        System.err.flush();
    }

    // ------------------------------------------------------------------ images

    enum Guest {
        EGGOS("eggos"), LINUX("Linux guest"), HOST("host");

        final String label;

        Guest(String label) {
            this.label = label;
        }
    }

    /** One program built by egg, and the Linux guest's image of the same files. */
    record Img(String name, Path dir, Path kernel, Path initramfs, Path linuxInitrd, Exec exec) {
    }

    /** The command in egg's /eggos/exec. */
    record Exec(String executable, String cwd, List<String> argv, Map<String, String> env) {
    }

    static Optional<Img> eggBuild(String name, String program, List<String> programArgs) throws IOException {
        Path dir = work.resolve("img/" + name);
        deleteTree(dir);
        List<String> cmd = new ArrayList<>(List.of(egg.toString(), "build", program,
                "-o", dir.toString()));
        if (!programArgs.isEmpty()) {
            cmd.add("--");
            cmd.addAll(programArgs);
        }
        log("egg build " + root.relativize(Path.of(program).toAbsolutePath()) + " " + String.join(" ", programArgs));
        Proc p = Proc.run(cmd, root, null, 1800);
        if (p.status != 0 || !Files.isRegularFile(dir.resolve("initramfs.cpio"))) {
            String why = p.lastLines(3);
            log("egg build failed (" + (p.timedOut ? "timeout" : "status " + p.status) + "): " + why);
            lastBuildFailure = why.isBlank() ? "status " + p.status : why;
            return Optional.empty();
        }
        Path kernel = dir.resolve("kernel.elf");
        Path cpio = dir.resolve("initramfs.cpio");
        List<CpioEntry> entries = Cpio.read(cpio);
        Exec exec = entries.stream().filter(e -> e.name.equals("eggos/exec")).findFirst()
                .map(e -> parseExec(e.data)).orElseThrow(() -> new IllegalStateException(
                        cpio + " has no eggos/exec: egg's image layout changed; update bench/Bench.java"));
        Path linux = dir.resolve("linux-initramfs.cpio");
        writeLinuxInitrd(cpio, exec, linux, false);
        return Optional.of(new Img(name, dir, kernel, cpio, linux, exec));
    }

    static String lastBuildFailure = "";

    /** A Java program built by egg; empty (with a note) when egg cannot build it yet. */
    static Optional<Img> javaProgram(String name, Path dir, List<String> args) throws IOException {
        if (!Files.isDirectory(dir)) {
            notes.add("`" + root.relativize(dir) + "` does not exist yet: its benchmarks are skipped.");
            return Optional.empty();
        }
        Optional<Img> img = eggBuild(name, dir.toString(), args);
        if (img.isEmpty()) {
            notes.add("`./egg build " + root.relativize(dir) + "` failed, so its benchmarks are skipped: "
                    + oneLine(lastBuildFailure));
        }
        return img;
    }

    static Exec parseExec(byte[] data) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                parts.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (parts.isEmpty() || !parts.get(0).equals("EGGOS1")) {
            throw new IllegalStateException("eggos/exec is not EGGOS1: update bench/Bench.java");
        }
        int k = 1;
        String exe = parts.get(k++);
        String cwd = parts.get(k++);
        int argc = Integer.parseInt(parts.get(k++));
        List<String> argv = new ArrayList<>(parts.subList(k, k + argc));
        k += argc;
        int envc = Integer.parseInt(parts.get(k++));
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : parts.subList(k, k + envc)) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Exec(exe, cwd, argv, env);
    }

    /**
     * The Linux guest's initramfs: egg's archive as it is, padded to 4 bytes, then an archive
     * with busybox at /bench/busybox and /init, a script that mounts what a Linux system has
     * (proc, sysfs, devtmpfs, tmpfs on /tmp), prints {@code bench:init}, runs the command of
     * /eggos/exec with exactly its environment and working folder, prints
     * {@code bench:exit=STATUS} and powers off. With {@code network}, /init first loads the
     * virtio-net driver (modules in Debian's kernel) and configures the address QEMU's user
     * network gives by DHCP, statically: eggos asks DHCP for the same.
     */
    static void writeLinuxInitrd(Path eggCpio, Exec exec, Path dest, boolean network) throws IOException {
        StringBuilder s = new StringBuilder();
        String bb = "/bench/busybox";
        s.append("#!").append(bb).append(" sh\n");
        s.append("# Written by bench/Bench.java: the Linux guest's init.\n");
        s.append(bb).append(" echo bench:init\n");
        s.append(bb).append(" mkdir -p /proc /sys /dev /tmp\n");
        s.append(bb).append(" mount -t proc proc /proc\n");
        s.append(bb).append(" echo bench:uptime $(" ).append(bb).append(" cut -d' ' -f1 /proc/uptime)\n");
        s.append(bb).append(" mount -t sysfs sysfs /sys\n");
        s.append(bb).append(" mount -t devtmpfs devtmpfs /dev\n");
        s.append(bb).append(" mount -t tmpfs -o mode=1777 tmpfs /tmp\n");
        if (network) {
            for (String m : VIRTIO_NET_MODULES) {
                s.append(bb).append(" insmod /bench/").append(Path.of(m).getFileName()).append('\n');
            }
            s.append(bb).append(" ip link set lo up\n");
            s.append(bb).append(" ip link set eth0 up\n");
            s.append(bb).append(" ip addr add 10.0.2.15/24 dev eth0\n");
            s.append(bb).append(" ip route add default via 10.0.2.2\n");
        }
        s.append("cd ").append(sh(exec.cwd())).append('\n');
        s.append(bb).append(" env -i");
        exec.env().forEach((k, v) -> s.append(' ').append(sh(k + "=" + v)));
        s.append(' ').append(sh(exec.executable()));
        for (String a : exec.argv().subList(1, exec.argv().size())) {
            s.append(' ').append(sh(a));
        }
        s.append('\n');
        s.append(bb).append(" echo bench:exit=$?\n");
        s.append(bb).append(" poweroff -f\n");
        if (!exec.argv().get(0).equals(exec.executable())) {
            notes.add("egg's argv[0] (`" + exec.argv().get(0) + "`) differs from the executable; the Linux guest"
                    + " runs it with argv[0] = the executable path.");
        }
        ByteArrayOutputStream overlay = new ByteArrayOutputStream();
        Cpio.Writer w = new Cpio.Writer(overlay, 900000);
        w.dir("bench", 0755);
        w.file("bench/busybox", 0755, Files.readAllBytes(busybox));
        if (network) {
            for (String m : VIRTIO_NET_MODULES) {
                w.file("bench/" + Path.of(m).getFileName(), 0644, Files.readAllBytes(modules.resolve(m)));
            }
        }
        w.file("init", 0755, s.toString().getBytes(StandardCharsets.UTF_8));
        w.finish();
        try (OutputStream o = Files.newOutputStream(dest)) {
            long n = Files.copy(eggCpio, o);
            o.write(new byte[(int) ((4 - n % 4) % 4)]);
            overlay.writeTo(o);
        }
    }

    /** Linux 6.1's virtio-net driver and its dependencies, in the order they load. */
    static final List<String> VIRTIO_NET_MODULES = List.of("drivers/virtio/virtio_ring.ko",
            "drivers/virtio/virtio.ko", "drivers/virtio/virtio_pci_modern_dev.ko",
            "drivers/virtio/virtio_pci_legacy_dev.ko", "drivers/virtio/virtio_pci.ko", "net/core/failover.ko",
            "drivers/net/net_failover.ko", "drivers/net/virtio_net.ko");

    static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ------------------------------------------------------------------ QEMU

    /**
     * Boots the C hello once with {@code egg run --accel tcg ... OPTIONS} and EGG_DEBUG set, and
     * returns the QEMU command egg printed (empty if it printed none).
     */
    static List<String> eggQemuCommand(List<String> options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(egg.toString(), "run", "--accel", "tcg", "--mem", mem,
                "--cpus", Integer.toString(cpus), "--timeout", "60"));
        cmd.addAll(options);
        cmd.add(cbin.resolve("hello").toString());
        Proc p = Proc.run(cmd, root, Map.of("EGG_DEBUG", "1"), 300);
        if (!p.lines.contains(MARKER) || p.status != 0) {
            log("warning: `egg run " + String.join(" ", options) + "` of the C hello did not print '" + MARKER
                    + "' and exit 0 (status " + p.status + "): " + p.lastLines(5));
            failures++;
        }
        for (String line : p.lines) {
            if (line.startsWith("egg: ") && line.contains("qemu-system-")) {
                // egg prints its command joined with spaces: the kernel command line after -append
                // may be several words (up to the next option).
                List<String> words = new ArrayList<>();
                String[] split = line.substring(5).trim().split(" ");
                for (int i = 0; i < split.length; i++) {
                    words.add(split[i]);
                    if (split[i].equals("-append")) {
                        List<String> cmdline = new ArrayList<>();
                        while (i + 1 < split.length && !split[i + 1].startsWith("-")) {
                            cmdline.add(split[++i]);
                        }
                        words.add(String.join(" ", cmdline));
                    }
                }
                if (words.contains("-kernel") && words.contains("-initrd") && words.contains("-append")
                        && words.contains("-m")) {
                    return words;
                }
            }
        }
        return List.of();
    }

    /** Asks egg for its QEMU command line (EGG_DEBUG) while booting the C hello once. */
    /**
     * egg's command without its -qmp options: egg listens on them (SIGTERM's graceful stop) in a
     * folder of its own that is gone once egg ends, and the bench drives QEMU itself.
     */
    static List<String> withoutQmp(List<String> words) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("-qmp") && i + 1 < words.size()) {
                i++;
            } else {
                kept.add(words.get(i));
            }
        }
        return kept;
    }

    static void learnQemuCommand(Img hello) throws IOException {
        // No network card in the base command (egg gives one by default): the boot rows compare
        // bare guests, and httpd's -p adds egg's network flags to it.
        List<String> words = withoutQmp(eggQemuCommand(List.of("--net", "none")));
        if (!words.isEmpty()) {
            qemuTemplate = words;
            qemuTemplateSource = "egg's own (`EGG_DEBUG=1 egg run --accel tcg`)";
        }
        if (qemuTemplate == null) {
            // egg no longer prints it: the same flags, written here (see egg-cli's Qemu.java).
            qemuTemplate = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                    "-cpu", "max", "-m", mem, "-smp", Integer.toString(cpus), "-nodefaults", "-no-user-config",
                    "-display", "none", "-no-reboot", "-kernel", "K", "-initrd", "I", "-append", "quiet",
                    "-chardev", "stdio,id=con,signal=on", "-serial", "chardev:con",
                    "-chardev", "file,id=log,path=/dev/stderr", "-serial", "chardev:log",
                    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
            qemuTemplateSource = "bench's copy of egg's flags (egg did not print its command with EGG_DEBUG=1)";
            notes.add("QEMU flags: " + qemuTemplateSource + ".");
        }
        int a = qemuTemplate.indexOf("-accel");
        if (a < 0 || !qemuTemplate.get(a + 1).equals("tcg")) {
            throw new IllegalStateException("egg's QEMU command has no -accel tcg: " + qemuTemplate);
        }
        // eggos gets egg's kernel command line without "quiet".
        List<String> eggArgs = new ArrayList<>(Arrays.asList(qemuTemplate.get(qemuTemplate.indexOf("-append") + 1)
                .split(" ")));
        eggArgs.removeIf(w -> w.isEmpty() || w.equals("quiet"));
        eggosCmdline = String.join(" ", eggArgs);
        log("QEMU: " + String.join(" ", templateShown()));
        // Both guests must boot with it, or nothing below means anything.
        for (Guest g : List.of(Guest.EGGOS, Guest.LINUX)) {
            Proc b = boot(hello, g, mem, 120);
            if (!b.ok() || b.firstOut(l -> l.equals(MARKER)).isEmpty()) {
                throw new IllegalStateException("the " + g.label + " does not boot the C hello with this QEMU command ("
                        + b.why() + "): " + b.lastLines(8));
            }
        }
    }

    /** The template with placeholders where each run puts its own values. */
    static List<String> templateShown() {
        List<String> cmd = new ArrayList<>(qemuTemplate);
        set(cmd, "-kernel", "KERNEL");
        set(cmd, "-initrd", "INITRD");
        set(cmd, "-append", "CMDLINE");
        return cmd;
    }

    /** egg's kernel command line without "quiet" (so that the kernel says when it is ready). */
    static String eggosCmdline = "";
    static final String LINUX_CMDLINE = "console=ttyS0 quiet panic=-1";

    static List<String> qemu(Img img, Guest g, String memory) {
        List<String> cmd = new ArrayList<>(qemuTemplate);
        set(cmd, "-kernel", (g == Guest.EGGOS ? img.kernel() : vmlinuz).toString());
        set(cmd, "-initrd", (g == Guest.EGGOS ? img.initramfs() : img.linuxInitrd()).toString());
        set(cmd, "-append", g == Guest.EGGOS ? eggosCmdline : LINUX_CMDLINE);
        set(cmd, "-m", memory);
        return cmd;
    }

    static void set(List<String> cmd, String opt, String value) {
        int i = cmd.indexOf(opt);
        cmd.set(i + 1, value);
    }

    /** One boot of a guest, or one run on the host; timeouts in seconds. */
    static Proc boot(Img img, Guest g, String memory, long timeout) throws IOException {
        if (g == Guest.HOST) {
            return hostRun(img, timeout);
        }
        Proc p = Proc.run(qemu(img, g, memory), work, null, timeout, g);
        if (verbose) {
            log(g.label + " " + img.name() + ": " + p.summary());
        }
        return p;
    }

    // ------------------------------------------------------------------ the host

    /**
     * Runs the image's command on the host: egg's initramfs unpacked to a folder, absolute paths
     * of the command that exist in the image taken from there (the same jlinked runtime and
     * application; the host's own glibc).
     */
    static Proc hostRun(Img img, long timeout) throws IOException {
        HostCommand h = hostCommand(img, List.of());
        return Proc.run(h.cmd(), h.cwd(), h.env(), timeout, Guest.HOST, true);
    }

    record HostCommand(List<String> cmd, Path cwd, Map<String, String> env) {
    }

    /** The image's command on the host, with {@code extraArgs} after its own arguments. */
    static HostCommand hostCommand(Img img, List<String> extraArgs) throws IOException {
        Path tree = img.dir().resolve("host-root");
        if (!Files.isDirectory(tree)) {
            Cpio.extract(Cpio.read(img.initramfs()), tree);
        }
        Function<String, String> remap = s -> remapPaths(s, tree);
        List<String> cmd = new ArrayList<>();
        cmd.add(remap.apply(img.exec().executable()));
        img.exec().argv().stream().skip(1).map(remap).forEach(cmd::add);
        Map<String, String> env = new LinkedHashMap<>();
        img.exec().env().forEach((k, v) -> env.put(k, remap.apply(v)));
        cmd.addAll(extraArgs);
        Path cwd = tree.resolve(img.exec().cwd().replaceFirst("^/+", ""));
        return new HostCommand(cmd, cwd, env);
    }

    static final Pattern ABS_PATH = Pattern.compile("(?<=^|[:=])/[^:=]*");

    /** Folders that every system has: a path under them is the host's unless the image has the file. */
    static final Set<String> SYSTEM_DIRS = Set.of("/", "/bin", "/usr", "/usr/bin", "/lib", "/lib64", "/tmp",
            "/root", "/etc", "/dev", "/proc", "/sys");

    static String remapPaths(String s, Path tree) {
        Matcher m = ABS_PATH.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String p = m.group();
            Path inTree = tree.resolve(p.replaceFirst("^/+", ""));
            boolean ours = Files.isDirectory(inTree) ? !SYSTEM_DIRS.contains(p.length() > 1 ? p.replaceAll("/+$", "") : p)
                    : Files.exists(inTree, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            m.appendReplacement(b, Matcher.quoteReplacement(ours ? inTree.toString() : p));
        }
        m.appendTail(b);
        return b.toString();
    }

    // ------------------------------------------------------------------ benchmarks

    static final Pattern KERNEL_READY = Pattern.compile("kernel ready in ([0-9]+) ms");

    /** 1: wall time to the marker, and the kernel's share. */
    static void boot(String what, Img img, int n, long timeout) {
        log("boot: " + what + ", " + n + " runs per guest");
        Series[] hello = {new Series(), new Series(), new Series()};
        Series[] kernel = {new Series(), new Series(), new Series()};
        Series selfReported = new Series();
        Series linuxUptime = new Series();
        try {
            if (!quick) {
                // One unmeasured boot each: page cache, QEMU's first start.
                boot(img, Guest.EGGOS, mem, timeout);
                boot(img, Guest.LINUX, mem, timeout);
            }
            for (int i = 0; i < n; i++) {
                StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
                for (Guest g : Guest.values()) {
                    Proc p = boot(img, g, mem, timeout);
                    progress.append(' ').append(g.label).append(' ').append(p.ok()
                            ? p.firstOut(l -> l.equals(MARKER)).map(t -> fmt(t) + " s").orElse("no marker") : p.why());
                    Series h = hello[g.ordinal()];
                    if (!p.ok()) {
                        h.fail(p.why());
                        continue;
                    }
                    Optional<Double> t = p.firstOut(l -> l.equals(MARKER));
                    t.ifPresentOrElse(h::add, () -> h.fail("no '" + MARKER + "'"));
                    if (g == Guest.EGGOS) {
                        p.firstErr(l -> KERNEL_READY.matcher(l).find()).ifPresent(kernel[0]::add);
                        p.errLines().stream().map(KERNEL_READY::matcher).filter(Matcher::find).findFirst()
                                .ifPresent(m -> selfReported.add(Double.parseDouble(m.group(1))));
                    } else if (g == Guest.LINUX) {
                        p.firstOut(l -> l.equals("bench:init")).ifPresent(kernel[1]::add);
                        p.programOutputAll().stream().filter(l -> l.startsWith("bench:uptime ")).findFirst()
                                .ifPresent(l -> linuxUptime.add(1000 * Double.parseDouble(l.substring(13).trim())));
                    }
                }
                log(progress.toString());
            }
        } catch (IOException e) {
            harnessError("boot " + what, e);
        }
        String selfNote = selfReported.values.isEmpty() ? ""
                : "; eggos itself reports `kernel ready in " + fmt(selfReported.median()) + " ms` (from kmain, by"
                        + " its own clock, not checked against the host's; the rest is QEMU and SeaBIOS)";
        if (!linuxUptime.values.isEmpty()) {
            selfNote += "; Linux's /proc/uptime at /init: " + fmt(linuxUptime.median()) + " ms (its clock starts"
                    + " after SeaBIOS, loading and decompressing the bzImage)";
        }
        rows.add(new Row("1 boot", what + ": QEMU start to `" + MARKER + "`", "s", hello[0], hello[1], hello[2],
                "host: process start to the line"));
        rows.add(new Row("1 boot", what + ": kernel's share (eggos: `kernel ready`; Linux: `/init` starts)", "s",
                kernel[0], kernel[1], Series.na(), "wall time from QEMU start" + selfNote));
    }

    /** 2: the least -m at which the program still prints the marker and exits 0 (bisection, 1 MiB). */
    static void leastMemory(String what, Img img, int lo, int hi, long timeout) {
        log("mem: " + what + ", bisecting -m between " + lo + " and " + hi + " MiB");
        Series[] least = {new Series(), new Series(), Series.na()};
        for (Guest g : List.of(Guest.EGGOS, Guest.LINUX)) {
            try {
                int good = hi;
                int bad = lo - 1;
                if (!works(img, g, hi, timeout)) {
                    least[g.ordinal()].fail("fails even with " + hi + " MiB");
                    continue;
                }
                while (good - bad > 1) {
                    int mid = (good + bad) >>> 1;
                    if (works(img, g, mid, timeout)) {
                        good = mid;
                    } else {
                        bad = mid;
                    }
                }
                least[g.ordinal()].add(good);
            } catch (IOException e) {
                harnessError("mem " + what, e);
            }
        }
        rows.add(new Row("2 memory", what + ": least `-m` that prints and exits 0", "MiB", least[0], least[1],
                least[2], "bisected to 1 MiB, one boot per probe"));
    }

    static boolean works(Img img, Guest g, int mib, long timeout) throws IOException {
        Proc p = boot(img, g, mib + "M", timeout);
        boolean ok = p.ok() && p.firstOut(l -> l.equals(MARKER)).isPresent();
        log("  " + g.label + " -m " + mib + "M: " + (ok ? "ok" : "fails (" + p.why() + ")"));
        return ok;
    }

    /** 3: kernel + initramfs, as written and gzip-compressed. */
    static void size(String what, Img img) {
        try {
            long eggKernel = Files.size(img.kernel());
            long eggInitrd = Files.size(img.initramfs());
            long linuxKernel = Files.size(vmlinuz);
            long linuxInitrd = Files.size(img.linuxInitrd());
            long bb = Files.size(busybox);
            Series raw0 = Series.of(mib(eggKernel + eggInitrd));
            Series raw1 = Series.of(mib(linuxKernel + linuxInitrd));
            rows.add(new Row("3 image size", what + ": kernel + initramfs", "MiB", raw0, raw1, Series.na(),
                    String.format(Locale.ROOT, "eggos: kernel.elf %s (of which %s loaded, the rest symbols and debug"
                                    + " info) + initramfs %s; Linux: vmlinuz %s (XZ-compressed bzImage) + the same"
                                    + " initramfs and busybox (%s)", mibs(eggKernel), mibs(loadedBytes(img.kernel())),
                            mibs(eggInitrd), mibs(linuxKernel), mibs(bb))));
            rows.add(new Row("3 image size", what + ": the same, gzip -6", "MiB",
                    Series.of(mib(gzipSize(img.kernel()) + gzipSize(img.initramfs()))),
                    Series.of(mib(gzipSize(vmlinuz) + gzipSize(img.linuxInitrd()))), Series.na(),
                    "what a download or an ISO would carry"));
        } catch (IOException e) {
            harnessError("size " + what, e);
        }
    }

    /** The bytes of an ELF64 file's PT_LOAD segments (what a boot loader copies). */
    static long loadedBytes(Path elf) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(elf)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        long sum = 0;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) == 1) {
                sum += b.getLong(ph + 0x20);
            }
        }
        return sum;
    }

    static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    static String mibs(long bytes) {
        return fmt(mib(bytes)) + " MiB";
    }

    static long gzipSize(Path p) throws IOException {
        CountingStream c = new CountingStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(c, 1 << 16)) {
            Files.copy(p, gz);
        }
        return c.count;
    }

    static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** 4: the Java prime sieve, N = 2000 (threads, futexes, the scheduler). */
    static void sieve() throws IOException {
        Optional<Img> img = javaProgram("prime-sieve", root.resolve("examples/prime-sieve"), List.of("2000"));
        if (img.isEmpty()) {
            rows.add(Row.skipped("4 prime-sieve", "N = 2000: QEMU start to exit", "see the notes"));
            return;
        }
        program("4 prime-sieve", "N = 2000", img.get(), runs(3), 900, false);
    }

    /** 5: SHA-256 of 64 MiB in Java, timed inside the program. */
    static void sha256() throws IOException {
        Optional<Img> img = javaProgram("sha256", root.resolve("bench/java/sha256"), List.of("64"));
        if (img.isEmpty()) {
            rows.add(Row.skipped("5 Java CPU", "SHA-256 of 64 MiB", "see the notes"));
            return;
        }
        program("5 Java CPU", "", img.get(), runs(3), 900, true);
    }

    /** 6: the static C microbenchmarks (bench/c/micro.c). */
    static void micro() throws IOException {
        String scale = quick ? "0.01" : "1";
        Optional<Img> img = eggBuild("micro", cbin.resolve("micro").toString(), List.of(scale));
        if (img.isEmpty()) {
            failures++;
            rows.add(Row.skipped("6 C micro", "bench/c/micro.c", "egg cannot build it: " + oneLine(lastBuildFailure)));
            return;
        }
        if (quick) {
            notes.add("`--quick`: the C microbenchmarks ran at 1/100 of their counts.");
        }
        program("6 C micro", "", img.get(), runs(quick ? 2 : 5), 900, true);
    }

    /**
     * 7: examples/httpd, the JDK's HttpServer, through QEMU's user network with the port
     * forwarded as {@code egg run -p} does, loaded from the host by {@link HttpLoad}.
     */
    static void httpd() throws IOException {
        String bench = "7 httpd";
        Optional<Img> built = javaProgram("httpd", root.resolve("examples/httpd"), List.of());
        if (built.isEmpty() || modules == null) {
            rows.add(Row.skipped(bench, "examples/httpd", built.isEmpty() ? "see the notes"
                    : "no --modules: the Linux guest needs Debian's virtio-net modules (bench/run passes them)"));
            return;
        }
        Img img = built.get();
        Path linux = img.dir().resolve("linux-initramfs-net.cpio");
        writeLinuxInitrd(img.initramfs(), img.exec(), linux, true);
        Img net = new Img(img.name(), img.dir(), img.kernel(), img.initramfs(), linux, img.exec());
        int learnPort = freePort();
        // egg's options with the host port left to fill in per run (%PORT%).
        List<String> netFlags = addedFlags(eggQemuCommand(List.of("-p", learnPort + ":" + HTTPD_PORT))).stream()
                .map(f -> f.replace("127.0.0.1:" + learnPort + "-", "127.0.0.1:%PORT%-")).collect(Collectors.toList());
        if (netFlags.isEmpty()) {
            failures++;
            rows.add(Row.skipped(bench, "examples/httpd", "egg printed no -netdev for `egg run -p`"));
            return;
        }
        HttpdLoad load = quick ? new HttpdLoad(1, 1, 8 << 20) : new HttpdLoad(20, 10, 100 << 20);
        int n = runs(quick ? 1 : 3);
        log(bench + ": " + n + " runs per guest; " + load);
        Series[][] m = new Series[5][];
        for (int k = 0; k < m.length; k++) {
            m[k] = new Series[] {new Series(), new Series(), k < 4 ? Series.na() : new Series()};
        }
        for (int i = 0; i < n; i++) {
            StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
            for (Guest g : Guest.values()) {
                String r = serveAndLoad(net, g, netFlags, load, m);
                progress.append(' ').append(g.label).append(' ').append(r);
            }
            log(progress.toString());
        }
        String how = "closed loop: each connection (kept alive) sends its next request when the reply comes; "
                + fmt(load.window()) + " s measured after " + fmt(load.warmup()) + " s of load (the JIT warms up);"
                + " through QEMU's user network (`hostfwd`, as `egg run -p` makes it); no host figure: the JDK's"
                + " HttpServer leaves Nagle's algorithm on and writes headers and body apart, so on the host's"
                + " loopback each kept-alive reply waits 40 ms for the client's delayed ACK (the guests' peer is"
                + " QEMU's slirp, which delays an ACK by 2 ms at most)";
        String[] what = {"GET /hello on 1 connection", "GET /hello on 32 connections"};
        for (int c = 0; c < 2; c++) {
            rows.add(new Row(bench, what[c] + ": requests per second", "req/s", m[2 * c][0], m[2 * c][1],
                    m[2 * c][2], how).higherIsBetter());
            rows.add(new Row(bench, what[c] + ": 99th percentile latency", "ms", m[2 * c + 1][0], m[2 * c + 1][1],
                    m[2 * c + 1][2], "of the requests in the measured window"));
        }
        rows.add(new Row(bench, "POST " + (load.upload() >> 20) + " MiB to /sha256: throughput", "MiB/s", m[4][0],
                m[4][1], m[4][2], "one connection, from the first byte sent to the reply (the SHA-256 the"
                + " server computed, checked); host: the same program and JVM on the host's loopback").higherIsBetter());
    }

    static final int HTTPD_PORT = 8000;

    /** How long the httpd benchmark loads the server, in seconds, and the upload's size. */
    record HttpdLoad(double warmup, double window, long upload) {
        @Override
        public String toString() {
            return fmt(warmup) + " s warm-up, " + fmt(window) + " s per measurement, " + (upload >> 20) + " MiB upload";
        }
    }

    /**
     * The options of one of egg's QEMU commands that the template lacks (an option and its value
     * count as one), leaving out the image's own: what egg adds for the egg options it was given.
     */
    static List<String> addedFlags(List<String> eggCommand) {
        eggCommand = withoutQmp(eggCommand);
        Set<String> have = new HashSet<>();
        for (int i = 0; i + 1 < qemuTemplate.size(); i++) {
            have.add(qemuTemplate.get(i) + "\0" + qemuTemplate.get(i + 1));
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

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * One boot (or host run) of the server: waits for it to listen, loads it, uploads, asks it to
     * quit. Adds to m: requests/s and p99 at 1 and 32 connections, upload MiB/s. Returns a
     * progress word.
     */
    static String serveAndLoad(Img img, Guest g, List<String> netFlags, HttpdLoad load, Series[][] m) {
        int port;
        List<String> cmd;
        Path cwd = work;
        Map<String, String> env = null;
        try {
            port = freePort();
            if (g == Guest.HOST) {
                HostCommand h = hostCommand(img, List.of(Integer.toString(port)));
                cmd = h.cmd();
                cwd = h.cwd();
                env = h.env();
            } else {
                cmd = qemu(img, g, mem);
                netFlags.forEach(f -> cmd.add(f.replace("%PORT%", Integer.toString(port))));
            }
        } catch (IOException e) {
            harnessError("httpd", e);
            return "harness error";
        }
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<Void> abort = new CompletableFuture<>();
        Path dir = cwd;
        Map<String, String> environment = env;
        CompletableFuture<Proc> done = CompletableFuture.supplyAsync(() -> {
            try {
                return Proc.run(cmd, dir, environment, 600, g, g == Guest.HOST, line -> {
                    if (!line.err() && line.text().startsWith("listening on port")) {
                        listening.complete(null);
                    }
                }, abort);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String failure = null;
        try {
            CompletableFuture.anyOf(listening, done).get(300, TimeUnit.SECONDS);
            if (!listening.isDone()) {
                failure = "ended before listening (" + done.join().why() + ")";
            } else {
                load(port, g, load, m);
            }
        } catch (IOException e) {
            failure = e.getMessage();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failure = "did not listen in 300 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        if (failure == null) {
            try {
                HttpLoad.once(port, "/quit");
                done.get(60, TimeUnit.SECONDS);
            } catch (IOException e) {
                failure = "/quit: " + e.getMessage();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                failure = "did not exit in 60 s after /quit";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
        }
        abort.complete(null);
        Proc p = done.join();
        if (failure == null && !p.ok()) {
            failure = p.why();
        }
        if (failure != null) {
            for (Series[] s : m) {
                s[g.ordinal()].fail(failure);
            }
            log(g.label + " httpd: " + failure + ": " + p.lastLines(5));
            return "failed";
        }
        Series last = m[g == Guest.HOST ? 4 : 2][g.ordinal()];
        return fmt(last.values.get(last.values.size() - 1)) + (g == Guest.HOST ? " MiB/s" : " req/s");
    }

    /**
     * The load of one httpd run. The host gets only the upload: its GETs would measure Nagle's
     * algorithm (see {@link #httpd}).
     */
    static void load(int port, Guest g, HttpdLoad load, Series[][] m) throws IOException {
        int k = g.ordinal();
        if (g != Guest.HOST) {
            String path = "/hello";
            String body = "hello eggos\n";
            HttpLoad.get(port, path, body, 32, 0, load.warmup());
            HttpLoad.Result one = HttpLoad.get(port, path, body, 1, 1, load.window());
            HttpLoad.Result many = HttpLoad.get(port, path, body, 32, 1, load.window());
            if (one.requests() == 0 || many.requests() == 0) {
                throw new IOException("no request completed in " + fmt(load.window()) + " s");
            }
            m[0][k].add(one.perSecond());
            m[1][k].add(one.percentileMs(0.99));
            m[2][k].add(many.perSecond());
            m[3][k].add(many.percentileMs(0.99));
        }
        m[4][k].add(load.upload() / (1 << 20) / HttpLoad.upload(port, "/sha256", load.upload()));
    }

    /**
     * 8: examples/graphic, the Lissajous animation through the eggos library's Framebuffer:
     * frames per second and the cost of a frame at 1024x768 under `egg run --graphic`, the time
     * to the first frame, and the same boots from `egg pack`'s ISO on BIOS and UEFI. eggos only:
     * the library's Framebuffer runs only on eggos.
     */
    static void graphic() throws IOException {
        String bench = "8 graphic";
        int frames = quick ? 110 : 300;
        Optional<Img> built = javaProgram("graphic", root.resolve("examples/graphic"), List.of(Integer.toString(frames)));
        if (built.isEmpty()) {
            rows.add(Row.skipped(bench, "examples/graphic", "see the notes"));
            return;
        }
        List<String> vga = addedFlags(eggQemuCommand(List.of("--graphic", "--net", "none")));
        int n = runs(quick ? 1 : 3);
        log(bench + ": " + n + " runs of " + frames + " frames");
        Series fps = new Series();
        Series draw = new Series();
        Series show = new Series();
        Series first = new Series();
        for (int i = 0; i < n; i++) {
            List<String> cmd = qemu(built.get(), Guest.EGGOS, mem);
            cmd.addAll(vga);
            Proc p = Proc.run(cmd, work, null, 300, Guest.EGGOS);
            Optional<Double> t0 = p.firstOut(l -> l.startsWith("graphic: first frame"));
            // The example reports every 100 frames: the last two reports bound a window of frames
            // past the JIT's warm-up (a late frame makes the next start at once).
            List<Proc.Line> reports = p.timed.stream().filter(l -> !l.err() && FRAME_COST.matcher(l.text()).matches())
                    .collect(Collectors.toList());
            if (!p.ok() || t0.isEmpty() || reports.size() < 2) {
                String why = p.ok() ? "fewer than two frame reports: " + p.lastLines(3) : p.why();
                List.of(fps, draw, show, first).forEach(s -> s.fail(why));
                log("  run " + (i + 1) + "/" + n + ": " + why);
                continue;
            }
            Proc.Line before = reports.get(reports.size() - 2);
            Proc.Line last = reports.get(reports.size() - 1);
            Matcher m = FRAME_COST.matcher(last.text());
            m.matches();
            int window = Integer.parseInt(m.group(2)) - Integer.parseInt(m.group(1)) + 1;
            fps.add(window / (last.t() - before.t()));
            draw.add(Double.parseDouble(m.group(3)));
            show.add(Double.parseDouble(m.group(4)));
            first.add(t0.get());
            log("  run " + (i + 1) + "/" + n + ": " + fmt(fps.values.get(fps.values.size() - 1)) + " fps, first frame at "
                    + fmt(t0.get()) + " s");
        }
        String only = "eggos only: the eggos library's Framebuffer runs only on eggos";
        String size = "at 1024x768x32 (QEMU's `-vga std`, as `egg run --graphic` adds it); " + only;
        rows.add(new Row(bench, "frames per second (the example waits for 80 ms frame periods: 12.5 at most)", "fps",
                fps, Series.na(), Series.na(), "the last of the example's 100-frame reports (of " + frames
                + " frames), timed on the host; " + size).higherIsBetter());
        rows.add(new Row(bench, "drawing a frame: Java2D into a BufferedImage", "ms", draw, Series.na(), Series.na(),
                "as the example measures it with the guest's clock (not checked against the host's), the mean over"
                + " its last report's frames; " + only));
        rows.add(new Row(bench, "showing a frame: `Framebuffer.show` of the changed rectangle", "ms", show,
                Series.na(), Series.na(), "as the example measures it with the guest's clock (not checked against"
                + " the host's); " + only));
        rows.add(new Row(bench, "`egg run --graphic` (QEMU -kernel): QEMU start to the first frame", "s", first,
                Series.na(), Series.na(), only));
        if (quick) {
            notes.add("`--quick`: the graphic example ran " + frames + " frames (a 10-frame window), and its ISO boots"
                    + " are left out.");
        } else {
            graphicIso(bench, n);
        }
    }

    static final Pattern FRAME_COST = Pattern.compile(
            "graphic: frames ([0-9]+)-([0-9]+): draw ([0-9.]+) ms, show ([0-9.]+) ms per frame");

    /** The ISO rows of {@link #graphic}: its size, and QEMU start to the first frame on BIOS and UEFI. */
    static void graphicIso(String bench, int n) throws IOException {
        Path iso = work.resolve("img/graphic.iso");
        Files.deleteIfExists(iso);
        Proc pack = Proc.run(List.of(egg.toString(), "pack", "-o", iso.toString(),
                root.resolve("examples/graphic").toString(), "--", "30"), root, null, 1800);
        if (pack.status != 0 || !Files.isRegularFile(iso)) {
            failures++;
            rows.add(Row.skipped(bench, "`egg pack` ISO", "egg pack failed: " + oneLine(pack.lastLines(3))));
            return;
        }
        rows.add(new Row(bench, "`egg pack` ISO of the example", "MiB", Series.of(mib(Files.size(iso))), Series.na(),
                Series.na(), "GRUB for BIOS and UEFI, the kernel, the initramfs with the jlinked JDK"));
        for (boolean uefi : new boolean[] {false, true}) {
            Series first = new Series();
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of(egg.toString(), "run", "--accel", "tcg", "--mem", mem,
                        "--timeout", "300"));
                if (uefi) {
                    cmd.add("--uefi");
                }
                cmd.add(iso.toString());
                Proc p = Proc.run(cmd, root, Map.of("EGG_DEBUG", "1"), 400);
                // egg prints its QEMU command (EGG_DEBUG) just before it starts QEMU.
                Optional<Double> start = p.timed.stream().filter(l -> l.text().startsWith("egg: ")
                        && l.text().contains("qemu-system-")).map(Proc.Line::t).findFirst();
                Optional<Double> frame = p.timed.stream().filter(l -> l.text().startsWith("graphic: first frame"))
                        .map(Proc.Line::t).findFirst();
                if (p.status != 0 || start.isEmpty() || frame.isEmpty()) {
                    first.fail("status " + p.status + ": " + oneLine(p.lastLines(3)));
                    continue;
                }
                first.add(frame.get() - start.get());
            }
            log("  ISO " + (uefi ? "UEFI" : "BIOS") + ": first frame " + first.cell("s"));
            rows.add(new Row(bench, "ISO on " + (uefi ? "UEFI (OVMF)" : "BIOS (SeaBIOS)")
                    + ": QEMU start to the first frame", "s", first, Series.na(), Series.na(), "`egg run"
                    + (uefi ? " --uefi" : "") + " X.iso`: firmware, GRUB, the kernel, the JVM, the first frame"
                    + (uefi ? "; OVMF starts from a fresh copy of its variable store each run" : "")));
        }
    }

    static final Pattern BENCH_LINE = Pattern.compile("bench: (\\S+) ([0-9.eE+-]+) (\\S+)");

    static final Map<String, String> DESCRIPTIONS = Map.of(
            "clock", "1 s of the guest's CLOCK_MONOTONIC, timed on the host (checks the in-guest timings)",
            "getppid", "1M `getppid` round trips",
            "fault", "1M first touches of fresh 4 KiB pages (mmap 16 MiB, touch, munmap)",
            "thread", "1000 × `pthread_create` + `pthread_join`",
            "futex", "100k futex ping-pong round trips between two threads",
            "sha256", "SHA-256 of 64 MiB, second pass (timed inside)",
            "sha256-warmup", "SHA-256 of 64 MiB, first pass (JIT warm-up)");

    /**
     * Runs a program N times on each guest and the host, alternating; reports the metrics it
     * prints ({@code bench: NAME VALUE UNIT}), or else the wall time to its exit. Checks that
     * both guests print the same output.
     */
    static void program(String bench, String what, Img img, int n, long timeout, boolean metricsOnly) {
        log(bench + ": " + n + " runs per guest");
        Map<String, Series[]> metrics = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Series[] wall = {new Series(), new Series(), new Series()};
        List<String> reference = null;     // the first guest run's output: every guest run must print it
        String differs = null;
        boolean clockScaled = false;
        try {
            for (int i = 0; i < n; i++) {
                StringBuilder progress = new StringBuilder("  run " + (i + 1) + "/" + n + ":");
                for (Guest g : Guest.values()) {
                    Proc p = boot(img, g, mem, timeout);
                    progress.append(' ').append(g.label).append(' ').append(p.ok() ? fmt(p.exitAt) + " s" : p.why());
                    if (!p.ok()) {
                        wall[g.ordinal()].fail(p.why());
                        metrics.values().forEach(s -> s[g.ordinal()].fail(p.why()));
                        continue;
                    }
                    wall[g.ordinal()].add(p.exitAt);
                    List<String> programOut = p.programOutput();
                    if (g != Guest.HOST) {
                        List<String> result = results(programOut);
                        if (reference == null) {
                            reference = result;
                        } else if (!result.equals(reference) && differs == null) {
                            differs = "run " + (i + 1) + " on " + g.label + " printed " + result.size() + " lines, the"
                                    + " first guest run " + reference.size() + "; first difference: "
                                    + firstDifference(result, reference);
                        }
                    }
                    // The guest's second as the host measured it: in-guest durations are scaled by it.
                    Optional<Double> c0 = p.firstOut(x -> x.equals("bench-clock: start"));
                    Optional<Double> c1 = p.firstOut(x -> x.equals("bench-clock: end"));
                    double clock = 1;
                    if (c0.isPresent() && c1.isPresent()) {
                        Series[] s = metrics.computeIfAbsent("clock",
                                k -> new Series[] {new Series(), new Series(), new Series()});
                        units.put("clock", "s");
                        clock = c1.get() - c0.get();
                        s[g.ordinal()].add(clock);
                        clockScaled = true;
                    }
                    for (String l : programOut) {
                        Matcher m = BENCH_LINE.matcher(l);
                        if (m.matches()) {
                            Series[] s = metrics.computeIfAbsent(m.group(1),
                                    k -> new Series[] {new Series(), new Series(), new Series()});
                            units.put(m.group(1), m.group(3));
                            s[g.ordinal()].add(Double.parseDouble(m.group(2)) * clock);
                        }
                    }
                }
                log(progress.toString());
            }
        } catch (IOException e) {
            harnessError(bench, e);
        }
        String same = "";
        if (differs != null) {
            same = "; **the guests' outputs differ**";
            outputsDiffer(bench, differs);
        }
        if (!metricsOnly || metrics.isEmpty()) {
            rows.add(new Row(bench, what + ": QEMU start to exit", "s", wall[0], wall[1], wall[2],
                    "includes booting and starting the JVM; host: the same program natively" + same));
            same = "";
        }
        for (Map.Entry<String, Series[]> m : metrics.entrySet()) {
            Series[] s = m.getValue();
            String d = DESCRIPTIONS.getOrDefault(m.getKey(), m.getKey());
            if (quick && bench.startsWith("6")) {
                d += " (`--quick`: 1/100 of the count)";
            }
            String how = m.getKey().equals("clock") ? "the program spins until its clock says 1 s"
                    : clockScaled ? "timed inside the program, scaled by its boot's clock check" : "timed inside the program";
            rows.add(new Row(bench, (what.isEmpty() ? "" : what + ": ") + d, units.get(m.getKey()), s[0], s[1], s[2],
                    how + same));
            same = "";
        }
    }

    /** What a run printed besides its measurements: the same on every guest run, or the bench fails. */
    static List<String> results(List<String> programOut) {
        return programOut.stream().filter(l -> !BENCH_LINE.matcher(l).matches() && !l.startsWith("bench-clock: "))
                .collect(Collectors.toList());
    }

    /** Guest runs printed different results (a wrong digest, a wrong sieve): the run fails. */
    static void outputsDiffer(String bench, String how) {
        failures++;
        log(bench + ": the guests' outputs differ: " + how);
        notes.add(bench + ": **the guests' outputs differ** (bench/run fails): " + how);
    }

    static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "line " + (i + 1) + ": `" + a.get(i) + "` vs `" + b.get(i) + "`";
            }
        }
        return "one is a prefix of the other";
    }

    static void harnessError(String what, Exception e) {
        failures++;
        log(what + ": " + e);
        notes.add(what + ": the harness failed: " + e);
    }

    // ------------------------------------------------------------------ the table

    /** Where eggos is slower: the likely cause, to check with a profile. */
    static final Map<String, String> LIKELY_CAUSE = Map.ofEntries(
            Map.entry("getppid", "the syscall entry/exit path (register save/restore, checks on return to user)"),
            Map.entry("fault", "the page-fault path: VMA lookup, frame allocation and zeroing, and munmap's"
                    + " unmapping and TLB flushing"),
            Map.entry("thread", "clone and exit: kernel stack and thread allocation, the thread stack's mmap/munmap"),
            Map.entry("futex", "futex wait/wake and the context switch in the scheduler"),
            Map.entry("sha256", "time lost outside the program: timer interrupts, page faults, TLB flushes"),
            Map.entry("sha256-warmup", "the JIT's work while the loop warms up: faults on fresh pages of the"
                    + " compiler's arenas and code cache, mprotect, switches between the compiler thread and main"),
            Map.entry("memory", "memory the kernel keeps for itself, or the initramfs held in RAM"),
            Map.entry("boot", "boot work before the program (see the kernel's share)"),
            Map.entry("sieve", "thread creation, futexes and the scheduler under 2000 threads"),
            Map.entry("httpd", "the scheduler while the JIT warms up: a request's thread can wait out a JIT"
                    + " compiler's or the GC's 8 ms slice (a woken thread preempts only threads that used a"
                    + " whole slice); for the upload, the copies through lwIP and virtio-net"));

    static final class Row {
        final String bench;
        final String metric;
        final String unit;
        final Series[] s;
        final String note;
        final String skipped;
        boolean higherBetter;

        Row(String bench, String metric, String unit, Series e, Series l, Series h, String note) {
            this.bench = bench;
            this.metric = metric;
            this.unit = unit;
            this.s = new Series[] {e, l, h};
            this.note = note;
            this.skipped = null;
        }

        private Row(String bench, String metric, String why) {
            this.bench = bench;
            this.metric = metric;
            this.unit = "";
            this.s = new Series[] {Series.na(), Series.na(), Series.na()};
            this.note = "";
            this.skipped = why;
        }

        static Row skipped(String bench, String metric, String why) {
            return new Row(bench, metric, why);
        }

        /** A rate (requests/s, MiB/s): more is better, so eggos is faster when the ratio is above 1. */
        Row higherIsBetter() {
            higherBetter = true;
            return this;
        }

        String causeKey() {
            for (String k : List.of("getppid", "fault", "thread", "futex", "sha256-warmup", "sha256")) {
                if (metric.contains(DESCRIPTIONS.get(k))) {
                    return k;
                }
            }
            if (bench.startsWith("2")) {
                return "memory";
            }
            if (bench.startsWith("4")) {
                return "sieve";
            }
            if (bench.startsWith("7")) {
                return "httpd";
            }
            if (bench.startsWith("1") && metric.contains("`" + MARKER + "`")) {
                return "boot";
            }
            return "";
        }

        String markdown() {
            if (skipped != null) {
                return "| " + bench + " | " + metric + " | skipped | skipped | — | — | " + skipped + " |";
            }
            String ratio = "—";
            String verdict = "";
            if (s[0].ok() && s[1].ok()) {
                double r = s[0].median() / s[1].median();
                ratio = String.format(Locale.ROOT, "%.2f", r);
                if (metric.startsWith(DESCRIPTIONS.get("clock"))) {
                    double e = s[0].median() - 1;
                    double l = s[1].median() - 1;
                    verdict = Math.abs(e) > 0.05 || Math.abs(l) > 0.05
                            ? String.format(Locale.ROOT, "**a guest's clock is off** (eggos %+.0f %%, Linux %+.0f %%):"
                                    + " its in-guest timings are off by as much. ", e * 100, l * 100)
                            : "both guest clocks within 5 % of the host's. ";
                } else if (higherBetter ? r > 1.10 : r < 0.91) {
                    verdict = "eggos is faster. ";
                } else if (higherBetter ? r < 0.91 : r > 1.10) {
                    String cause = LIKELY_CAUSE.getOrDefault(causeKey(), "");
                    double slower = higherBetter ? 1 / r : r;
                    verdict = "**eggos is slower here** (×" + String.format(Locale.ROOT, "%.2f", slower) + ")"
                            + (cause.isEmpty() ? "" : "; likely cause (not yet profiled): " + cause) + ". ";
                } else {
                    verdict = "on par (within 10 %). ";
                }
                if (bench.startsWith("2") || bench.startsWith("3")) {
                    verdict = verdict.replace("is faster", "needs less").replace("is slower here", "needs more here");
                }
            }
            return "| " + bench + " | " + metric + " | " + s[0].cell(unit) + " | " + s[1].cell(unit) + " | "
                    + s[2].cell(unit) + " | " + ratio + " | " + (verdict + note).trim() + " |";
        }
    }

    static final String HEADER = "| benchmark | what | eggos | Linux guest | host | eggos / Linux | notes |\n"
            + "| --- | --- | --- | --- | --- | --- | --- |";

    static String report(Duration took) throws IOException {
        StringBuilder b = new StringBuilder();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceAll("\\.[0-9]+", "");
        b.append("# eggos against a Linux guest").append(quick ? " (`--quick` smoke run)" : "").append("\n\n");
        b.append("- date: ").append(date).append('\n');
        b.append("- command: `bench/run").append(quick ? " --quick" : "")
                .append(only.isEmpty() ? "" : " --only " + String.join(",", only))
                .append(runsOverride == null ? "" : " --runs " + runsOverride).append("` (took ")
                .append(took).append(")\n");
        b.append("- commit: ").append(gitDescribe()).append('\n');
        b.append("- QEMU: ").append(firstLine(List.of(qemuTemplate.get(0), "--version"))).append('\n');
        b.append("- accelerator: TCG (`-accel tcg -cpu max`), `-m ").append(mem).append(" -smp ").append(cpus)
                .append("`, machine `pc`, for both guests\n");
        b.append("- JDK (what egg jlinks, and the host's java): ")
                .append(firstLine(List.of("java", "-version")).replace("\"", "")).append(" — ")
                .append(nthLine(List.of("java", "-version"), 1)).append('\n');
        b.append("- host load average (1 min) at the start and the end: ").append(loadAtStart).append(", ")
                .append(loadAverage()).append(" (other work on the host shows up as spread between runs)\n");
        b.append("- host: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, Linux ").append(firstLine(List.of("uname", "-r"))).append('\n');
        b.append("- Linux guest: Debian `").append(linuxPackage).append("`, busybox-static as `/init` (a shell")
                .append(" script), egg's initramfs unchanged; kernel command line `").append(LINUX_CMDLINE)
                .append("`\n");
        b.append("- eggos: the image from `./egg build`; kernel command line `").append(eggosCmdline)
                .append("` (egg's, without `quiet`, so that the kernel logs `kernel ready in N ms` on COM2)\n");
        b.append("- QEMU command (").append(qemuTemplateSource).append("; `-kernel`, `-initrd`, `-append` and ")
                .append("`-m` replaced per guest):\n\n  `").append(String.join(" ", templateShown())).append("`\n\n");
        b.append("Cells: median (min–max) over the runs, N = ").append(runsSummary())
                .append(". Guest times are wall times on the host from starting QEMU to the line on the serial")
                .append(" console, unless timed inside the program. Lower is better, except for rates (req/s,")
                .append(" MiB/s); the ratio is of the medians.\n\n");
        b.append(HEADER).append('\n');
        for (Row r : rows) {
            b.append(r.markdown()).append('\n');
        }
        b.append('\n');
        for (String n : new LinkedHashSet<>(notes)) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    static String runsSummary() {
        if (runsOverride != null) {
            return runsOverride + " per guest";
        }
        return quick ? "2 per guest (httpd: 1)"
                : "10 (C boot), 5 (Java boot, C micro), 3 (prime-sieve, SHA-256, httpd) per guest; 1 per bisection probe";
    }

    /** Rows of the table all have the same number of cells, and the table has rows. */
    static List<String> checkTable(String report) {
        List<String> problems = new ArrayList<>();
        List<String> table = report.lines().filter(l -> l.startsWith("|")).collect(Collectors.toList());
        if (table.size() < 3) {
            problems.add("the table has no rows");
            return problems;
        }
        int cells = cells(table.get(0));
        for (String l : table) {
            if (cells(l) != cells || !l.endsWith("|")) {
                problems.add("malformed row: " + l);
            }
        }
        if (!table.get(1).matches("\\|( --- \\|)+")) {
            problems.add("bad separator row: " + table.get(1));
        }
        for (String l : table.subList(2, table.size())) {
            if (l.contains("failed") || l.contains("NaN")) {
                problems.add("a measurement failed: " + l);
            }
        }
        return problems;
    }

    static int cells(String row) {
        // Cells are separated by unescaped pipes; no cell of ours contains one.
        return row.split("\\|", -1).length - 2;
    }

    // ------------------------------------------------------------------ small helpers

    static String fmt(double v) {
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace("|", "\\|").trim();
    }

    static String gitDescribe() {
        String dir = egg.getParent().toString();
        String c = firstLine(List.of("git", "-C", dir, "rev-parse", "--short", "HEAD"));
        String dirty = firstLine(List.of("git", "-C", dir, "status", "--porcelain", "--", "kernel", "egg-cli"));
        return "`" + c + "`" + (dir.equals(root.toString()) ? "" : " of " + dir)
                + (dirty.isEmpty() ? "" : " (with uncommitted changes in kernel/ or egg-cli/)");
    }

    static String loadAtStart = loadAverage();

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static String firstLine(List<String> cmd) {
        return nthLine(cmd, 0);
    }

    static String nthLine(List<String> cmd, int n) {
        try {
            Proc p = Proc.run(cmd, work, null, 30);
            return p.lines.size() > n ? p.lines.get(n).trim() : "";
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    record Duration(double seconds) {
        static Duration seconds(double s) {
            return new Duration(s);
        }

        @Override
        public String toString() {
            long s = Math.round(seconds);
            return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
        }
    }

    /** The values of one cell: measurements, or why there are none. */
    static final class Series {
        final List<Double> values = new ArrayList<>();
        String failure;
        boolean notApplicable;

        static Series na() {
            Series s = new Series();
            s.notApplicable = true;
            return s;
        }

        static Series of(double v) {
            Series s = new Series();
            s.add(v);
            return s;
        }

        void add(double v) {
            values.add(v);
        }

        void fail(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        boolean ok() {
            return !notApplicable && failure == null && !values.isEmpty();
        }

        double median() {
            List<Double> v = new ArrayList<>(values);
            Collections.sort(v);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        String cell(String unit) {
            if (notApplicable) {
                return "—";
            }
            if (failure != null) {
                return "failed: " + oneLine(failure);
            }
            if (values.isEmpty()) {
                return "failed: no value";
            }
            String u = unit.isEmpty() ? "" : " " + unit;
            if (values.size() == 1) {
                return fmt(values.get(0)) + u;
            }
            return fmt(median()) + u + " (" + fmt(Collections.min(values)) + "–" + fmt(Collections.max(values)) + ")";
        }
    }

    // ------------------------------------------------------------------ processes

    /** A finished process: its lines with the time they arrived, how it ended. */
    static final class Proc {
        record Line(double t, boolean err, String text) {
        }

        final List<Line> timed = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        Guest guest;
        int status = -1;
        Integer exit;
        double exitAt = -1;
        boolean timedOut;
        boolean aborted;
        boolean panicked;

        static final long ABORT_POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

        static final Pattern EGGOS_EXIT = Pattern.compile("eggos:exit=([0-9]+)");
        static final Pattern LINUX_EXIT = Pattern.compile("bench:exit=([0-9]+)");

        /** A helper command (egg, git, ...): all output, merged. */
        static Proc run(List<String> cmd, Path cwd, Map<String, String> env, long timeout) throws IOException {
            return run(cmd, cwd, env, timeout, null, false);
        }

        static Proc run(List<String> cmd, Path cwd, Map<String, String> env, long timeout, Guest g)
                throws IOException {
            return run(cmd, cwd, env, timeout, g, false);
        }

        /**
         * Runs cmd, stdin from /dev/null. For a guest, ends as soon as its exit line appears (QEMU is
         * then given 5 s to exit by itself, and killed); every run is killed at the timeout.
         */
        static Proc run(List<String> cmd, Path cwd, Map<String, String> env, long timeout, Guest g,
                        boolean clearEnv) throws IOException {
            return run(cmd, cwd, env, timeout, g, clearEnv, line -> {
            }, new CompletableFuture<>());
        }

        /**
         * The same, telling {@code onLine} of each line as it arrives; the process is killed as soon
         * as {@code abort} completes (then {@link #aborted} is set).
         */
        static Proc run(List<String> cmd, Path cwd, Map<String, String> env, long timeout, Guest g,
                        boolean clearEnv, Consumer<Line> onLine, CompletableFuture<?> abort) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (clearEnv) {
                pb.environment().clear();
            }
            if (env != null) {
                pb.environment().putAll(env);
            }
            Proc r = new Proc();
            r.guest = g;
            LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
            Object eof = new Object();
            long start = System.nanoTime();
            Process p = pb.start();
            for (boolean err : new boolean[] {false, true}) {
                InputStream in = err ? p.getErrorStream() : p.getInputStream();
                Thread t = new Thread(() -> {
                    try (BufferedReader rd = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = rd.readLine()) != null) {
                            q.add(new Line((System.nanoTime() - start) / 1e9, err, stripCr(l)));
                        }
                    } catch (IOException e) {
                        // the process went away
                    }
                    q.add(eof);
                }, "bench-reader");
                t.setDaemon(true);
                t.start();
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
            int eofs = 0;
            try {
                while (eofs < 2) {
                    long left = deadline - System.nanoTime();
                    if (abort.isDone()) {
                        r.aborted = true;
                        break;
                    }
                    Object o = left > 0 ? q.poll(Math.min(left, ABORT_POLL_NS), TimeUnit.NANOSECONDS) : null;
                    if (o == null) {
                        r.timedOut = left <= 0;
                        if (r.timedOut) {
                            break;
                        }
                        continue;
                    }
                    if (o == eof) {
                        eofs++;
                        continue;
                    }
                    Line line = (Line) o;
                    onLine.accept(line);
                    r.timed.add(line);
                    r.lines.add(line.text());
                    if (g == Guest.EGGOS && line.err() || g == Guest.LINUX && !line.err()) {
                        Matcher m = (g == Guest.EGGOS ? EGGOS_EXIT : LINUX_EXIT).matcher(line.text());
                        if (m.matches()) {
                            r.exit = Integer.parseInt(m.group(1));
                            r.exitAt = line.t();
                            break;
                        }
                        if (line.text().equals("eggos:panic") || line.text().contains("Kernel panic")) {
                            r.panicked = true;
                        }
                    }
                }
                if (r.timedOut || r.aborted) {
                    kill(p);
                } else if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    kill(p);
                }
                if (g == Guest.HOST || g == null) {
                    p.waitFor();
                    if (r.exitAt < 0) {
                        r.exitAt = (System.nanoTime() - start) / 1e9;
                    }
                    if (!r.timedOut) {
                        r.exit = p.exitValue();
                    }
                }
                r.status = r.timedOut ? 124 : p.exitValue();
                // Lines still in flight (the rest of the output after the exit line).
                Thread.sleep(20);
                for (Object o; (o = q.poll()) != null; ) {
                    if (o != eof) {
                        r.timed.add((Line) o);
                        r.lines.add(((Line) o).text());
                    }
                }
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            return r;
        }

        static void kill(Process p) {
            List<ProcessHandle> kids = p.descendants().collect(Collectors.toList());
            p.destroyForcibly();
            kids.forEach(ProcessHandle::destroyForcibly);
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Terminal escapes: eggos' boot mark (SGR reset, window title) comes before the first line. */
        static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b\\][^\u0007]*\u0007");

        static String stripCr(String s) {
            String t = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            return t.indexOf('\u001b') >= 0 ? ESCAPES.matcher(t).replaceAll("") : t;
        }

        boolean ok() {
            return !timedOut && !aborted && !panicked && exit != null && exit == 0;
        }

        String why() {
            if (timedOut) {
                return "timeout";
            }
            if (aborted) {
                return "stopped by the harness";
            }
            if (panicked) {
                return "kernel panic";
            }
            if (exit == null) {
                return "QEMU ended without an exit line (status " + status + ")";
            }
            return "exit status " + exit;
        }

        Optional<Double> firstOut(java.util.function.Predicate<String> p) {
            return timed.stream().filter(l -> !l.err() && p.test(l.text())).map(Line::t).findFirst();
        }

        Optional<Double> firstErr(java.util.function.Predicate<String> p) {
            return timed.stream().filter(l -> l.err() && p.test(l.text())).map(Line::t).findFirst();
        }

        List<String> errLines() {
            return timed.stream().filter(Line::err).map(Line::text).collect(Collectors.toList());
        }

        /** The program's own stdout: for Linux, what came between /init's markers, minus kernel messages. */
        List<String> programOutputAll() {
            return timed.stream().filter(l -> !l.err()).map(Line::text).collect(Collectors.toList());
        }

        List<String> programOutput() {
            List<String> outLines = timed.stream().filter(l -> !l.err()).map(Line::text).collect(Collectors.toList());
            if (guest == Guest.LINUX) {
                int a = outLines.indexOf("bench:init");
                List<String> r = new ArrayList<>();
                for (String l : outLines.subList(a + 1, outLines.size())) {
                    if (l.startsWith("bench:exit=")) {
                        break;
                    }
                    if (!l.matches("\\[ *[0-9]+\\.[0-9]+\\] .*") && !l.startsWith("bench:uptime ")) {
                        r.add(l);
                    }
                }
                return r;
            }
            return outLines;
        }

        String lastLines(int n) {
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }

        String summary() {
            return (ok() ? "ok" : why()) + String.format(Locale.ROOT, ", exit line at %.3f s", exitAt);
        }
    }

    // ------------------------------------------------------------------ cpio "newc"

    record CpioEntry(String name, int mode, byte[] data) {
    }

    static final class Cpio {
        static final int S_IFMT = 0170000;
        static final int S_IFDIR = 0040000;
        static final int S_IFREG = 0100000;
        static final int S_IFLNK = 0120000;

        static List<CpioEntry> read(Path file) throws IOException {
            byte[] a = Files.readAllBytes(file);
            List<CpioEntry> entries = new ArrayList<>();
            int pos = 0;
            while (pos + 110 <= a.length) {
                String magic = new String(a, pos, 6, StandardCharsets.US_ASCII);
                if (!magic.equals("070701") && !magic.equals("070702")) {
                    throw new IOException(file + ": not a cpio newc archive at offset " + pos);
                }
                int mode = hex(a, pos + 14);
                int size = hex(a, pos + 54);
                int nameSize = hex(a, pos + 94);
                int nameLen = 0;        // egg pads names with NULs to page-align file data
                while (nameLen < nameSize - 1 && a[pos + 110 + nameLen] != 0) {
                    nameLen++;
                }
                String name = new String(a, pos + 110, nameLen, StandardCharsets.UTF_8);
                int data = align4(pos + 110 + nameSize);
                if (name.equals("TRAILER!!!")) {
                    break;
                }
                entries.add(new CpioEntry(name.replaceFirst("^\\./", "").replaceFirst("^/+", ""), mode,
                        Arrays.copyOfRange(a, data, data + size)));
                pos = align4(data + size);
            }
            return entries;
        }

        static int hex(byte[] a, int off) {
            return (int) Long.parseLong(new String(a, off, 8, StandardCharsets.US_ASCII), 16);
        }

        static int align4(int n) {
            return (n + 3) & ~3;
        }

        static void extract(List<CpioEntry> entries, Path dest) throws IOException {
            Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            for (CpioEntry e : entries) {
                if (e.name().isEmpty() || e.name().equals(".")) {
                    continue;
                }
                Path p = tmp.resolve(e.name()).normalize();
                if (!p.startsWith(tmp)) {
                    throw new IOException("cpio entry outside the archive: " + e.name());
                }
                Files.createDirectories(p.getParent());
                switch (e.mode() & S_IFMT) {
                    case S_IFDIR -> Files.createDirectories(p);
                    case S_IFREG -> {
                        Files.write(p, e.data());
                        Files.setPosixFilePermissions(p, perms(e.mode()));
                    }
                    case S_IFLNK -> {
                        String target = new String(e.data(), StandardCharsets.UTF_8);
                        if (target.startsWith("/")) {
                            target = dest.resolve(target.substring(1)).toString();
                        }
                        Files.deleteIfExists(p);
                        Files.createSymbolicLink(p, Path.of(target));
                    }
                    default -> {
                        // device nodes and the like: not needed on the host
                    }
                }
            }
            Files.move(tmp, dest);
        }

        static Set<PosixFilePermission> perms(int mode) {
            Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] all = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
            for (int i = 0; i < all.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    s.add(all[i]);
                }
            }
            return s;
        }

        /** Writes a newc archive: root-owned, mtime 0. */
        static final class Writer {
            final OutputStream out;
            int ino;
            long written;

            Writer(OutputStream out, int firstIno) {
                this.out = out;
                this.ino = firstIno;
            }

            void dir(String name, int perm) throws IOException {
                entry(name, S_IFDIR | perm, 2, new byte[0]);
            }

            void file(String name, int perm, byte[] data) throws IOException {
                entry(name, S_IFREG | perm, 1, data);
            }

            void finish() throws IOException {
                entry("TRAILER!!!", 0, 1, new byte[0]);
                pad(512);
            }

            void entry(String name, int mode, int nlink, byte[] data) throws IOException {
                byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
                String h = String.format(Locale.ROOT, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                        name.equals("TRAILER!!!") ? 0 : ino++, mode, 0, 0, nlink, 0, data.length, 0, 0, 0, 0,
                        n.length, 0);
                write(h.getBytes(StandardCharsets.US_ASCII));
                write(n);
                pad(4);
                write(data);
                pad(4);
            }

            void write(byte[] b) throws IOException {
                out.write(b);
                written += b.length;
            }

            void pad(int to) throws IOException {
                int n = (int) ((to - written % to) % to);
                write(new byte[n]);
            }
        }
    }
}
