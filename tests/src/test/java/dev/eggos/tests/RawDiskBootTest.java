package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code egg pack -o X.img}: a raw GPT disk image (the format told by the extension) of a small C
 * program with its arguments and environment, booted by {@code egg run X.img} as a PC boots its
 * hard disk: GRUB from the MBR and the BIOS boot partition on BIOS (SeaBIOS), from the EFI system
 * partition on UEFI (OVMF). The program's output and exit status come back; the image is never
 * written to.
 */
class RawDiskBootTest {
    private static final String PROGRAM = String.join("\n",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "int main(int argc, char **argv) {",
            "    printf(\"raw disk: %s %s %s\\n\", argv[1], argv[2], getenv(\"WHERE\"));",
            "    return 42;",
            "}",
            "");
    private static final String EXPECTED = "raw disk: one two stick\n";
    private static Path disk;
    private static byte[] digest;

    @BeforeAll
    static void pack() throws Exception {
        EggRun.requireEggJar();
        Path work = EggRun.repoRoot().resolve("tests/target/raw");
        Files.createDirectories(work);
        Path source = Files.writeString(work.resolve("hello.c"), PROGRAM);
        Path program = work.resolve("hello");
        Proc.Result cc = Proc.run(List.of("gcc", "-static", "-O2", "-Wall", "-Werror", "-o", program.toString(),
                source.toString()), null, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, cc.status(), "gcc: " + cc.err());
        disk = work.resolve("hello.img");
        Files.deleteIfExists(disk);
        Proc.Result r = EggRun.egg(List.of("pack", program.toString(), "-o", disk.toString(), "-e", "WHERE=stick",
                "--", "one", "two"), Duration.ofMinutes(3));
        assertEquals(0, r.status(), "egg pack: " + r.out() + r.err());
        assertTrue(r.out().startsWith(disk + " ("), r.out());
        digest = sha256(disk);
        System.out.printf("RawDiskBootTest: %s is %.1f MiB%n", disk.getFileName(), Files.size(disk) / 1048576.0);
    }

    @Test
    void bootsOnBios() throws Exception {
        boot("BIOS", List.of(), 60);
    }

    /** OVMF starts slower than SeaBIOS (tens of seconds under TCG on a busy machine). */
    @Test
    void bootsOnUefi() throws Exception {
        boot("UEFI", List.of("--uefi"), 180);
    }

    private static void boot(String firmware, List<String> options, int timeout) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--timeout", Integer.toString(timeout)));
        args.addAll(options);
        args.add(disk.toString());
        Proc.Result r = EggRun.egg(args, Duration.ofSeconds(timeout + 45));
        assertEquals(42, r.status(), r.out() + r.err() + EggRun.explainStatus(r.status()));
        assertEquals(EggRun.onPackedImage(EXPECTED), r.out(), r.err());
        assertArrayEquals(digest, sha256(disk), "the image changed");
        System.out.printf("RawDiskBootTest: %s: %d ms from egg run to the program's end%n", firmware,
                r.took().toMillis());
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
