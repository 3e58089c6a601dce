package dev.eggos.egg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The standard initramfs of a program: a small Unix tree, the program, its files, its command. */
public final class ImageLayout {
    private ImageLayout() {
    }

    /** The image of a static executable: it goes to /bin/NAME, run in {@code workdir} (null: {@code /}). */
    public static Image of(ProgramSpec spec, String workdir) throws IOException {
        Image image = base();
        image.file(spec.guestPath(), 0755, spec.program());
        ExecSpec exec = exec(spec);
        finish(image, workdir == null ? exec : exec.in(workdir), spec.files());
        return image;
    }

    /**
     * The tree every image has: the usual folders ({@code /tmp} for everyone), and in
     * {@code /etc} root's passwd and group entries, the host name, and the name-service files
     * glibc reads (users and groups from files, hosts from /etc/hosts then DNS; the host name is
     * 127.0.1.1, as on Debian, so that it resolves without a network). /etc/resolv.conf links to
     * the kernel's /proc/net/pnp, as on Linux booted with ip=dhcp: the DNS servers DHCP gave.
     */
    public static Image base() {
        Image image = new Image();
        for (String dir : List.of("/bin", "/dev", "/proc", "/sys", "/tmp", "/etc", "/root")) {
            image.directory(dir, dir.equals("/tmp") ? 01777 : 0755);
        }
        image.file("/etc/passwd", 0644, ascii("root:x:0:0:root:/root:/bin/sh\n"));
        image.file("/etc/group", 0644, ascii("root:x:0:\n"));
        image.file("/etc/hostname", 0644, ascii("eggos\n"));
        image.file("/etc/nsswitch.conf", 0644, ascii("passwd: files\ngroup: files\nhosts: files dns\n"));
        image.file("/etc/hosts", 0644, ascii("127.0.0.1 localhost\n::1 localhost\n127.0.1.1 eggos\n"));
        image.symlink("/etc/resolv.conf", "/proc/net/pnp");
        return image;
    }

    /**
     * Adds the command the kernel runs, then the user's --file mappings (last, so that they win),
     * and the working directory when nothing put it there (an empty folder).
     */
    public static void finish(Image image, ExecSpec exec, List<FileMapping> files) throws IOException {
        image.file(ExecSpec.PATH, 0644, exec.encode());
        for (FileMapping f : files) {
            image.copy(f.host(), f.guest());
        }
        if (image.get(exec.cwd()).isEmpty()) {
            image.directory(exec.cwd(), 0755);
        }
    }

    /** The command the kernel runs: {@code /bin/<name> ARGS...} in {@code /}. */
    public static ExecSpec exec(ProgramSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(spec.guestPath());
        argv.addAll(spec.args());
        Map<String, String> env = ExecSpec.defaultEnv();
        env.putAll(spec.env());
        return new ExecSpec(spec.guestPath(), "/", argv, env);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
