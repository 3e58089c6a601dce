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

    public static Image of(ProgramSpec spec) throws IOException {
        Image image = new Image();
        for (String dir : List.of("/bin", "/dev", "/proc", "/sys", "/tmp", "/etc", "/root")) {
            image.directory(dir, dir.equals("/tmp") ? 01777 : 0755);
        }
        image.file("/etc/passwd", 0644, ascii("root:x:0:0:root:/root:/bin/sh\n"));
        image.file("/etc/group", 0644, ascii("root:x:0:\n"));
        image.file("/etc/hostname", 0644, ascii("eggos\n"));
        image.file(spec.guestPath(), 0755, spec.program());
        image.file(ExecSpec.PATH, 0644, exec(spec).encode());
        for (FileMapping f : spec.files()) {
            image.copy(f.host(), f.guest());
        }
        return image;
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
