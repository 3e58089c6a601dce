// Benchmark 3: the bytes of each guest's kernel and initramfs, as written and gzip-compressed.
package dev.eggos.bench.benchmarks;

import dev.eggos.bench.image.EggImage;
import dev.eggos.bench.report.Fmt;
import dev.eggos.bench.report.Row;
import dev.eggos.bench.report.Series;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** 3: kernel + initramfs, as written and gzip -6 (what a download or an ISO would carry). */
public final class SizeBenchmark implements Benchmark {
    private static final String BENCH = "3 image size";

    @Override
    public void run(Context c) throws IOException {
        Optional<EggImage> java = c.hellos().java();
        size(c, "static C hello", c.hellos().c());
        if (java.isPresent()) {
            size(c, "Java helloworld", java.get());
        }
    }

    private static void size(Context c, String what, EggImage img) {
        Path vmlinuz = c.options().vmlinuz();
        try {
            long eggKernel = Files.size(img.kernel());
            long eggInitrd = Files.size(img.initramfs());
            long linuxKernel = Files.size(vmlinuz);
            long linuxInitrd = Files.size(img.linuxInitrd());
            long bb = Files.size(c.options().busybox());
            c.results().add(Row.of(BENCH, what + ": kernel + initramfs", "MiB",
                    Series.of(Fmt.mib(eggKernel + eggInitrd)), Series.of(Fmt.mib(linuxKernel + linuxInitrd)),
                    Series.na(),
                    String.format(Locale.ROOT, "eggos: kernel.elf %s (of which %s loaded, the rest symbols and debug"
                                    + " info) + initramfs %s; Linux: vmlinuz %s (XZ-compressed bzImage) + the same"
                                    + " initramfs and busybox (%s)", Fmt.mibs(eggKernel),
                            Fmt.mibs(loadedBytes(img.kernel())), Fmt.mibs(eggInitrd), Fmt.mibs(linuxKernel),
                            Fmt.mibs(bb))).kind(Row.Kind.SPACE));
            c.results().add(Row.of(BENCH, what + ": the same, gzip -6", "MiB",
                    Series.of(Fmt.mib(gzipSize(img.kernel()) + gzipSize(img.initramfs()))),
                    Series.of(Fmt.mib(gzipSize(vmlinuz) + gzipSize(img.linuxInitrd()))), Series.na(),
                    "what a download or an ISO would carry").kind(Row.Kind.SPACE));
        } catch (IOException e) {
            c.results().harnessError("size " + what, e);
        }
    }

    /** The bytes of an ELF64 file's PT_LOAD segments (what a boot loader copies). */
    private static long loadedBytes(Path elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
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

    /** The size of the file gzip-compressed at the default level (6). */
    private static long gzipSize(Path p) throws IOException {
        Counter c = new Counter();
        try (GZIPOutputStream gz = new GZIPOutputStream(c, 1 << 16)) {
            Files.copy(p, gz);
        }
        return c.count;
    }

    /** An output stream that only counts. */
    private static final class Counter extends OutputStream {
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
}
