import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * bench: a CPU-bound Java loop, the SHA-256 of 64 MiB held in memory. On eggos and on a
 * Linux guest in the same QEMU the time should be the same: any difference is kernel
 * overhead (timer interrupts, page faults, TLB handling), not the program.
 *
 * <p>Usage: Sha256 [MIB] (default 64). The buffer is filled and hashed once as a warm-up
 * (the JIT compiles the loop; the pages are touched), then hashed again, timed with
 * System.nanoTime. Prints the digest (the same everywhere) and
 * {@code bench: sha256 N ms}, which bench's ProgramRuns collects. It also prints the JVM's choices
 * that decide the speed of this loop (SHA intrinsics, AVX level, heap, CPU count): the harness
 * compares the guests' outputs, so a kernel that makes HotSpot choose differently shows up.
 */
public class Sha256 {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        // The harness times these two lines on the host: a guest clock that runs fast or slow
        // would bias the timings below by as much, and is corrected with this.
        System.out.println("bench-clock: start");
        long c0 = System.nanoTime();
        while (System.nanoTime() - c0 < 1_000_000_000L) {
            Thread.onSpinWait();
        }
        System.out.println("bench-clock: end");
        byte[] data = new byte[mib << 20];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < data.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) x;
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long w0 = System.nanoTime();
        md.digest(data);
        long warm = System.nanoTime() - w0;
        long t0 = System.nanoTime();
        byte[] digest = md.digest(data);
        long t = System.nanoTime() - t0;
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        StringBuilder flags = new StringBuilder("jvm:");
        for (String f : new String[] {"UseAVX", "UseSHA", "UseSerialGC", "UseG1GC",
                "MaxHeapSize", "CICompilerCount"}) {
            String v;
            try {
                v = vm.getVMOption(f).getValue();
            } catch (IllegalArgumentException e) {
                v = "?";
            }
            flags.append(' ').append(f).append('=').append(v);
        }
        System.out.println(flags + " cpus=" + Runtime.getRuntime().availableProcessors());
        System.out.println("sha256(" + mib + " MiB) = " + HexFormat.of().formatHex(digest));
        System.out.printf("bench: sha256-warmup %.0f ms%n", warm / 1e6);
        System.out.printf("bench: sha256 %.0f ms%n", t / 1e6);
    }
}
