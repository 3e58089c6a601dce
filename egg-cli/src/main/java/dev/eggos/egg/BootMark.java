package dev.eggos.egg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's boot mark (SERIAL_BOOT_MARK in kernel/drivers/serial.h): written to both serial
 * ports when GRUB booted it, where the firmware (UEFI's console) and GRUB may have written
 * before. Booting an ISO, egg drops what comes before the mark, so the program's output is its own.
 */
public final class BootMark {
    public static final String MARK = "\033[0m\033]0;eggos\007";
    private static final byte[] BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
    /** Past this much output without a mark, it is not coming: show everything. */
    private static final int MAX_HELD = 1 << 20;

    private BootMark() {
    }

    /**
     * Passes to {@code out} what comes after the mark. Without a mark, what it held is written
     * at {@link #close()}: a boot that failed (a GRUB error) is then seen whole.
     */
    public static final class Filter extends OutputStream {
        private final OutputStream out;
        private ByteArrayOutputStream held = new ByteArrayOutputStream();

        public Filter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (held == null) {
                out.write(b, off, len);
                out.flush();
                return;
            }
            held.write(b, off, len);
            byte[] all = held.toByteArray();
            int at = indexOf(all);
            if (at >= 0) {
                held = null;
                out.write(all, at + BYTES.length, all.length - at - BYTES.length);
                out.flush();
            } else if (all.length > MAX_HELD) {
                held = null;
                out.write(all);
                out.flush();
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (held != null) {
                out.write(held.toByteArray());
                held = null;
            }
            out.flush();
        }

        private static int indexOf(byte[] a) {
            outer:
            for (int i = 0; i + BYTES.length <= a.length; i++) {
                for (int j = 0; j < BYTES.length; j++) {
                    if (a[i + j] != BYTES[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
