package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The root file system is writable as on Linux: tests/rootfs/RootFs.java writes in its working
 * folder (/app), makes /var/log/app, and rewrites, appends to, maps, truncates, deletes, renames
 * and watches files and folders that came with the image (put at /data with --file). The same
 * program runs on the host over a temporary folder laid out the same way; the outputs must be
 * equal.
 */
class RootFsTest {
    static final JavaExamplesTest.Example ROOTFS = new JavaExamplesTest.Example("tests/rootfs", "RootFs", List.of());

    @Test
    void imageFilesAndFoldersAreWritableAsOnLinux() throws Exception {
        Path jdk = JavaExamplesTest.JDK17;
        JavaExamplesTest.requireJdk(jdk);
        EggRun.requireEggJar();
        EggRun.skipIfHostOnly("rootfs");
        Path work = EggRun.repoRoot().resolve("tests/target/rootfs");
        Proc.deleteTree(work);
        Path hostRoot = work.resolve("host");
        layOut(hostRoot);
        Files.createDirectories(hostRoot.resolve("app"));
        Path image = work.resolve("image");
        layOut(image);

        Path classes = JavaExamplesTest.compile(jdk, ROOTFS);
        Proc.Result host = Proc.run(List.of(jdk.resolve("bin/java").toString(), "-cp", classes.toString(),
                "RootFs", hostRoot.toString()), hostRoot.resolve("app"), Map.of(), JavaExamplesTest.HOST_TIMEOUT);
        assertEquals(0, host.status(), host.describe() + "\n" + host.err());
        assertTrue(host.out().contains("watch on data: ENTRY_CREATE new.txt\n"), host.out());

        List<String> options = new ArrayList<>(JavaExamplesTest.eggOptions(jdk, ROOTFS, List.of()));
        options.addAll(List.of("--file", image.resolve("data") + ":/data"));
        Proc.Result egg = EggRun.run(JavaExamplesTest.exampleDir(ROOTFS), options, List.of("/"));
        assertEquals(0, egg.status(), egg.describe() + "\n" + egg.out() + TextDiff.tail(egg.err(), 40));
        assertEquals(host.out(), egg.out(), TextDiff.diff(host.out(), egg.out()));
    }

    /** ROOT/data as RootFs.java expects it: big.txt is 10000 bytes, more than two pages. */
    static void layOut(Path root) throws IOException {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("folder"));
        Files.writeString(data.resolve("image.txt"), "as shipped\n");
        Files.writeString(data.resolve("gone.txt"), "gone\n");
        Files.writeString(data.resolve("folder/inner.txt"), "inner\n");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 10000; i++) {
            big.append((char) ('a' + i % 26));
        }
        Files.writeString(data.resolve("big.txt"), big);
    }
}
