// An image's command as the host runs it: egg's initramfs unpacked to a folder, its paths pointed there.
package dev.eggos.bench.guest;

import dev.eggos.bench.image.CpioTool;
import dev.eggos.bench.image.EggImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's run of an image: its argv, folder and whole environment. Absolute paths of the
 * command that exist in the image are taken from the unpacked tree (the same jlinked runtime and
 * application; the host's own kernel and glibc).
 */
public record HostCommand(List<String> cmd, Path cwd, Map<String, String> env) {
    private static final Pattern ABS_PATH = Pattern.compile("(?<=^|[:=])/[^:=]*");

    /** Folders that every system has: a path under them is the host's unless the image has the file. */
    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/bin", "/usr", "/usr/bin", "/lib", "/lib64", "/tmp",
            "/root", "/etc", "/dev", "/proc", "/sys");

    /** The image's command on the host, with {@code extraArgs} after its own arguments. */
    public static HostCommand of(EggImage img, List<String> extraArgs) throws IOException {
        Path tree = img.dir().resolve("host-root");
        if (!Files.isDirectory(tree)) {
            CpioTool.extract(img.initramfs(), tree);
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

    private static String remapPaths(String s, Path tree) {
        Matcher m = ABS_PATH.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String p = m.group();
            Path inTree = tree.resolve(p.replaceFirst("^/+", ""));
            String dir = p.length() > 1 ? p.replaceAll("/+$", "") : p;
            boolean ours = Files.isDirectory(inTree) ? !SYSTEM_DIRS.contains(dir)
                    : Files.exists(inTree, LinkOption.NOFOLLOW_LINKS);
            m.appendReplacement(b, Matcher.quoteReplacement(ours ? inTree.toString() : p));
        }
        m.appendTail(b);
        return b.toString();
    }
}
