import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the JVM asks of the kernel, checked from Java: its output must be the same on the host's
 * Linux and on eggos (tests/src/test/java/dev/eggos/tests/JavaConformanceTest.java). It prints
 * only facts that do not depend on the machine: no times, no ids, no addresses.
 *
 * <p>Modes: no argument runs the checks; {@code oom} fills a small heap (run it with -Xmx32m);
 * {@code exit} ends with System.exit(3); {@code uncaught} ends with an uncaught exception;
 * {@code spawn} starts {@code ls}, which a unikernel cannot (it runs one program); {@code stderr}
 * writes to System.out and System.err in turns and logs a java.util.logging warning (to stderr).
 */
public class Conformance {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "checks";
        switch (mode) {
            case "oom" -> outOfMemory();
            case "exit" -> {
                System.out.println("exiting with 3");
                System.exit(3);
            }
            case "uncaught" -> {
                System.out.println("throwing");
                throw new IllegalStateException("uncaught on purpose");
            }
            case "spawn" -> spawn();
            case "stderr" -> stdoutAndStderr();
            default -> checks();
        }
    }

    /** Run with -Djava.util.logging.SimpleFormatter.format=%4$s:%5$s%n: a log line without a date. */
    static void stdoutAndStderr() {
        System.out.println("out: first line");
        System.err.println("err: first line");
        System.out.print("out: no newline yet, ");
        System.out.flush();
        java.util.logging.Logger.getLogger("conformance").warning("a warning through java.util.logging");
        System.out.println("now the newline");
        System.err.println("err: last line");
    }

    static void checks() throws Exception {
        nullChecks();
        divideByZero();
        stackOverflow();
        threads();
        sleeping();
        System.out.println("pid positive: " + (ProcessHandle.current().pid() > 0));
        tmpFiles();
        fileCalls();
        watchService();
        contention();
        crypto();
    }

    /** An implicit null check: a load through null is a SIGSEGV that HotSpot turns into an NPE,
     *  in the interpreter and, once the loop is hot, in compiled code. */
    static void nullChecks() {
        int caught = 0;
        for (int i = 0; i < 200_000; i++) {
            try {
                caught += length(i % 1000 == 0 ? null : "x") == 1 ? 0 : 1;
            } catch (NullPointerException e) {
                caught++;
            }
        }
        System.out.println("null checks: " + caught + " NullPointerExceptions");
    }

    static int length(String s) {
        return s.length();
    }

    /** Integer division by zero is a SIGFPE that HotSpot turns into an ArithmeticException. */
    static void divideByZero() {
        int caught = 0;
        for (int i = 0; i < 200_000; i++) {
            try {
                caught += 100 / (i % 1000 == 0 ? 0 : 1) == 100 ? 0 : 1;
            } catch (ArithmeticException e) {
                caught++;
            }
        }
        System.out.println("divide by zero: " + caught + " ArithmeticExceptions");
    }

    static int depth;

    static void recurse() {
        depth++;
        recurse();
    }

    /** Stack banging and the guard pages: twice, and the thread goes on. */
    static void stackOverflow() {
        for (int i = 1; i <= 2; i++) {
            depth = 0;
            try {
                recurse();
            } catch (StackOverflowError e) {
                System.out.println("stack overflow " + i + " caught, deep: " + (depth > 1000));
            }
        }
        System.out.println("calls after it work: " + length("abc"));
    }

    static void threads() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Thread t = new Thread(ran::incrementAndGet);
            t.start();
            all.add(t);
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.println("2000 threads started and joined: " + ran.get() + " ran");
    }

    /**
     * Timed waits last at least what was asked (never less, as on Linux) and less than 3 s more:
     * generous for TCG on a busy host, but a timer that never fires or fires seconds late fails.
     */
    static void sleeping() throws InterruptedException {
        long t0 = System.nanoTime();
        Thread.sleep(50);
        System.out.println("Thread.sleep(50): " + waited(t0, 50));
        t0 = System.nanoTime();
        long deadline = t0 + 20_000_000L;
        for (int parks = 0; parks < 1000 && System.nanoTime() < deadline; parks++) {
            LockSupport.parkNanos(deadline - System.nanoTime());   // may return early: park again
        }
        System.out.println("parkNanos until 20 ms ahead, up to 1000 parks: " + waited(t0, 20));
    }

    static String waited(long t0, long ms) {
        long took = System.nanoTime() - t0;
        long late = 3000;
        return ms + " ms or more, under " + (ms + late) + " ms: "
                + (took >= ms * 1_000_000L && took < (ms + late) * 1_000_000L);
    }

    static void tmpFiles() throws Exception {
        Path dir = Files.createTempDirectory("conformance");
        Path f = dir.resolve("data.bin");
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Files.write(f, data);
        byte[] back = Files.readAllBytes(f);
        System.out.println("1 MiB written to " + dir.getParent() + " and read back: " + java.util.Arrays.equals(data, back));
        Files.delete(f);
        Files.delete(dir);
    }

    /** The file system calls behind java.nio.file and MappedByteBuffer: msync, utimensat,
     *  copy_file_range (JDK 19 and later), link, symlink, chown. */
    static void fileCalls() throws Exception {
        Path dir = Files.createTempDirectory("calls");
        Path f = dir.resolve("mapped");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8192);
            for (int i = 0; i < 8192; i++) {
                m.put(i, (byte) (i * 31 + 7));
            }
            m.force();
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 4097);
            System.out.println("MappedByteBuffer.force, store read back: " + (one.get(0) == (byte) (4097 * 31 + 7)));
        }
        FileTime t = FileTime.fromMillis(1_000_000_123_000L);
        Files.setLastModifiedTime(f, t);
        System.out.println("Files.setLastModifiedTime read back: " + Files.getLastModifiedTime(f).equals(t));
        Path copy = Files.copy(f, dir.resolve("copy"));
        Path moved = dir.resolve("moved");
        try (FileChannel in = FileChannel.open(f); FileChannel out = FileChannel.open(moved,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long to = in.transferTo(100, 8000, out);
            long from = out.transferFrom(in, 8000, 192);
            System.out.println("FileChannel.transferTo and transferFrom between files: " + to + " + " + from);
        }
        byte[] data = Files.readAllBytes(f), back = Files.readAllBytes(moved);
        System.out.println("Files.copy and transfers read back: "
                + (java.util.Arrays.equals(data, Files.readAllBytes(copy))
                        && java.util.Arrays.equals(data, 100, 8100, back, 0, 8000)
                        && java.util.Arrays.equals(data, 0, 192, back, 8000, 8192)));
        Files.delete(copy);
        Files.delete(moved);
        Path hard = Files.createLink(dir.resolve("hard"), f);
        System.out.println("Files.createLink: same file " + Files.isSameFile(hard, f) + ", 2 links "
                + Files.getAttribute(f, "unix:nlink").equals(2));
        Path sym = Files.createSymbolicLink(dir.resolve("sym"), f.getFileName());
        System.out.println("Files.createSymbolicLink: a link " + Files.isSymbolicLink(sym) + ", to "
                + Files.readSymbolicLink(sym) + ", same file " + Files.isSameFile(sym, f));
        UserPrincipal uid = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("4242");
        Files.setOwner(f, uid);
        System.out.println("Files.setOwner to uid 4242: " + Files.getAttribute(f, "unix:uid").equals(4242));
        Files.delete(sym);
        Files.delete(hard);
        Files.delete(f);
        Files.delete(dir);
    }

    /** WatchService (inotify: inotify_init1, inotify_add_watch, poll on its fd): a file created,
     *  written, renamed (a delete of the old name, a create of the new) and deleted in a watched
     *  directory. The kinds seen print sorted per file, since the JDK may merge repeated events
     *  of a kind; the wait (60 s at most) ends at the delete, the last event. */
    static void watchService() throws Exception {
        Path dir = Files.createTempDirectory("watch");
        TreeMap<String, Set<String>> seen = new TreeMap<>();
        try (WatchService ws = dir.getFileSystem().newWatchService()) {
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            Path f = dir.resolve("watched.txt");
            Files.writeString(f, "hello");
            Path moved = Files.move(f, dir.resolve("moved.txt"));
            Files.delete(moved);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!seen.getOrDefault("moved.txt", Set.of()).contains("ENTRY_DELETE")) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                WatchKey key = left > 0 ? ws.poll(left, java.util.concurrent.TimeUnit.MILLISECONDS) : null;
                if (key == null) {
                    break;
                }
                for (WatchEvent<?> e : key.pollEvents()) {
                    seen.computeIfAbsent(String.valueOf(e.context()), k -> new TreeSet<>()).add(e.kind().name());
                }
                key.reset();
            }
        }
        System.out.println("WatchService saw: " + seen);
        Files.delete(dir);
    }

    /** Exact counts from 8 threads hammering shared state. */
    static void contention() throws InterruptedException {
        ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
        LongAdder adder = new LongAdder();
        ReentrantLock lock = new ReentrantLock();
        long[] guarded = new long[1];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    map.merge(i % 100, 1, Integer::sum);
                    adder.increment();
                    lock.lock();
                    try {
                        guarded[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        int sum = map.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("contention: map " + map.size() + " keys, " + sum + " merges, adder " + adder.sum()
                + ", lock " + guarded[0]);
    }

    static void crypto() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        HexFormat hex = HexFormat.of();
        System.out.println("sha1(abc) = " + hex.formatHex(MessageDigest.getInstance("SHA-1").digest(abc)));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] mib = new byte[1 << 20];
        for (int i = 0; i < 16; i++) {
            sha256.update(mib);
        }
        System.out.println("sha256(16 MiB of zeros) = " + hex.formatHex(sha256.digest()));
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        GCMParameterSpec iv = new GCMParameterSpec(128, new byte[12]);
        aes.init(Cipher.ENCRYPT_MODE, key, iv);
        byte[] sealed = aes.doFinal("hello eggos".getBytes(StandardCharsets.UTF_8));
        aes.init(Cipher.DECRYPT_MODE, key, iv);
        String opened = new String(aes.doFinal(sealed), StandardCharsets.UTF_8);
        System.out.println("aes-gcm: " + hex.formatHex(sealed) + " -> " + opened);
    }

    /** Fills the heap, recovers, allocates again. */
    /** ProcessBuilder.start() answers at once: the host starts ls, eggos throws an IOException. */
    static void spawn() throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            Process ls = new ProcessBuilder("ls").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            System.out.println("ls started, exit status " + ls.waitFor());
        } catch (java.io.IOException e) {
            System.out.println("IOException: " + e.getMessage());
        }
        System.out.println("answered within 10 s: " + (System.nanoTime() - t0 < 10_000_000_000L));
    }

    static void outOfMemory() {
        List<byte[]> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(new byte[1 << 20]);
            }
        } catch (OutOfMemoryError e) {
            int held = hog.size();
            hog.clear();
            System.out.println("OutOfMemoryError caught, more than 8 MiB held first: " + (held > 8));
        }
        ByteBuffer again = ByteBuffer.allocate(4 << 20);
        System.out.println("allocating after it works: " + again.capacity());
    }
}
