package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio "newc" archive, the format of the initramfs. The data of every file of a page
 * or more starts on a page boundary (its name is padded with NUL bytes, which the kernel's
 * parser allows), so that the kernel can map those pages where they lie instead of copying
 * them. Owners are root and times are 0, so equal inputs give equal archives.
 */
final class NewcWriter {
    static final int PAGE = 4096;
    private static final int HEADER = 110;
    private static final int BLOCK = 512;

    private final OutputStream out;
    private long pos;
    private long inode = 1;

    NewcWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String name, int mode) throws IOException {
        header(name, 0040000 | mode, 2, 0, false);
    }

    void symlink(String name, String target) throws IOException {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        header(name, 0120000 | 0777, 1, t.length, false);
        write(t, t.length);
        pad(4);
    }

    void file(String name, int mode, long size, InputStream data) throws IOException {
        header(name, 0100000 | mode, 1, size, size >= PAGE);
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + " changed while the image was written");
            }
            write(buf, n);
            left -= n;
        }
        pad(4);
    }

    /** The trailer, and zeros up to a 512-byte block as cpio tools write. */
    void finish() throws IOException {
        inode = 0;
        header("TRAILER!!!", 0, 1, 0, false);
        pad(BLOCK);
        out.flush();
    }

    private void header(String name, int mode, int nlink, long size, boolean pageAlign) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        long nameSize = n.length + 1;
        if (pageAlign) {
            long dataStart = align(pos + HEADER + nameSize, 4);
            nameSize += align(dataStart, PAGE) - dataStart;
        }
        String h = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                inode, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, nameSize, 0);
        if (inode != 0) {
            inode++;
        }
        byte[] hb = h.getBytes(StandardCharsets.US_ASCII);
        write(hb, hb.length);
        write(n, n.length);
        write(new byte[(int) (nameSize - n.length)], (int) (nameSize - n.length));
        pad(4);
    }

    private static long align(long x, long a) {
        return (x + a - 1) / a * a;
    }

    private void pad(int a) throws IOException {
        int n = (int) (align(pos, a) - pos);
        write(new byte[n], n);
    }

    private void write(byte[] b, int n) throws IOException {
        out.write(b, 0, n);
        pos += n;
    }
}
