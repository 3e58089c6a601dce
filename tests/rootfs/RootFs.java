import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;

/**
 * Writes where a program writes on Linux: beside itself (the working folder), under /var, and
 * over the files and folders that came with it. Its argument is the root the image's files are under: "/" in
 * eggos, a temporary folder laid out the same way on the host; the output is the same on both.
 * The image has ROOT/data with image.txt, gone.txt, big.txt (10000 bytes) and folder/inner.txt.
 */
public class RootFs {
    static Path root;

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]);
        Path data = root.resolve("data");

        Files.writeString(Path.of("out.txt"), "written beside the program\n");
        System.out.println("./out.txt: " + Files.readString(Path.of("out.txt")).trim());

        Path logs = Files.createDirectories(root.resolve("var/log/app"));
        Files.writeString(logs.resolve("x.log"), "one line\n");
        Files.writeString(logs.resolve("x.log"), "another line\n", StandardOpenOption.APPEND);
        System.out.println("var/log/app/x.log: " + Files.readAllLines(logs.resolve("x.log")));

        Path image = data.resolve("image.txt");
        Object inode = Files.readAttributes(image, BasicFileAttributes.class).fileKey();
        System.out.println("image.txt as shipped: " + Files.readString(image).trim());
        Files.writeString(image, "modified\n");
        Files.writeString(image, "appended\n", StandardOpenOption.APPEND);
        System.out.println("image.txt now: " + Files.readAllLines(image));
        System.out.println("same file after the write: "
                + inode.equals(Files.readAttributes(image, BasicFileAttributes.class).fileKey()));

        Files.delete(data.resolve("gone.txt"));
        Files.move(data.resolve("folder"), data.resolve("moved"));
        System.out.println("data after delete and rename: " + list(data));
        System.out.println("moved/inner.txt: " + Files.readString(data.resolve("moved/inner.txt")).trim());
        System.out.println("folder is gone: " + Files.notExists(data.resolve("folder")));

        Files.createLink(data.resolve("link.txt"), data.resolve("moved/inner.txt"));
        Files.writeString(data.resolve("link.txt"), "through the link\n", StandardOpenOption.APPEND);
        System.out.println("moved/inner.txt after a write through a hard link: "
                + Files.readAllLines(data.resolve("moved/inner.txt")) + ", links "
                + Files.getAttribute(data.resolve("moved/inner.txt"), "unix:nlink"));
        Files.setLastModifiedTime(image, FileTime.fromMillis(1_000_000_000_000L));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-------"));
        System.out.println("image.txt times and mode: " + Files.getLastModifiedTime(image) + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));

        mapped(data.resolve("big.txt"));
        mappedCopy(image);
        truncated(data.resolve("big.txt"));
        watched(data);
        Files.delete(data.resolve("moved/inner.txt"));
        Files.delete(data.resolve("moved"));
        System.out.println("data after removing moved: " + list(data));
        System.out.println("root lists var: " + list(root).contains("var"));
    }

    static String list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(" "));
        }
    }

    /** A shared mapping of a shipped file of several pages: stores reach the file, a private one's do not. */
    static void mapped(Path big) throws IOException {
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            System.out.println("big.txt mapped, bytes 0, 4096, 9999: " + (char) m.get(0) + (char) m.get(4096)
                    + (char) m.get(9999));
            m.put(4096, (byte) 'X').put(9999, (byte) 'Y');
            m.force();
            MappedByteBuffer p = ch.map(FileChannel.MapMode.PRIVATE, 0, ch.size());
            p.put(0, (byte) 'P');
        }
        byte[] b = Files.readAllBytes(big);
        System.out.println("big.txt read back, bytes 0, 4096, 9999: " + (char) b[0] + (char) b[4096] + (char) b[9999]
                + ", size " + b.length);
    }

    /** A shared mapping of a file after the program rewrote it. */
    static void mappedCopy(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            m.put(0, (byte) 'M');
            m.force();
        }
        System.out.println("image.txt after a mapped store: " + Files.readAllLines(image));
    }

    /** Cut into a shipped file, then grown past the cut: the cut-off bytes read as zeros. */
    static void truncated(Path big) throws IOException {
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Cut inside the last, partial page, grown far past it, read from past the cut in that
            // page: zeros, not the bytes cut off (or the next file's in the image).
            ch.truncate(8500);
            ch.write(ByteBuffer.wrap("far".getBytes(StandardCharsets.US_ASCII)), 20000);
            ByteBuffer past = ByteBuffer.allocate(64);
            ch.read(past, 9000);
            int nonzero = 0;
            for (int i = 0; i < past.position(); i++) {
                nonzero += past.get(i) != 0 ? 1 : 0;
            }
            System.out.println("big.txt cut at 8500, read at 9000: " + past.position() + " bytes, nonzero " + nonzero);
            ch.truncate(5000);
            ch.write(ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)), 9000);
        }
        byte[] b = Files.readAllBytes(big);
        int nonzero = 0;
        for (int i = 5000; i < 9000; i++) {
            nonzero += b[i] != 0 ? 1 : 0;
        }
        System.out.println("big.txt cut at 5000, written at 9000: size " + b.length + ", nonzero bytes between: "
                + nonzero + ", byte 4096: " + (char) b[4096] + ", tail: "
                + new String(b, 9000, 3, StandardCharsets.US_ASCII));
    }

    /** A WatchService on a shipped folder sees a file made there. */
    static void watched(Path data) throws IOException, InterruptedException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            data.register(ws, ENTRY_CREATE);
            Files.writeString(data.resolve("new.txt"), "new\n");
            WatchKey key = ws.poll(20, TimeUnit.SECONDS);
            String events = key == null ? "none" : key.pollEvents().stream()
                    .map(e -> e.kind() + " " + ((WatchEvent<?>) e).context()).collect(Collectors.joining(", "));
            System.out.println("watch on data: " + events);
        }
    }
}
