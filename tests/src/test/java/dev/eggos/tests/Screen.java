package dev.eggos.tests;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** The guest's screen, as a person would see it: QEMU's screendump through its QMP socket. */
final class Screen {
    private Screen() {
    }

    /** A screendump: width, height and RGB pixels. */
    record Picture(int width, int height, byte[] rgb) {
        int luma(int x, int y) {
            int i = (y * width + x) * 3;
            return ((rgb[i] & 0xFF) * 299 + (rgb[i + 1] & 0xFF) * 587 + (rgb[i + 2] & 0xFF) * 114) / 1000;
        }

        boolean dark(int x, int y) {
            return luma(x, y) < 0x60;
        }

        boolean light(int x, int y) {
            return luma(x, y) > 0xC0;
        }

        void savePng(Path png) throws IOException {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    img.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
                }
            }
            Files.createDirectories(png.getParent());
            ImageIO.write(img, "png", png.toFile());
        }
    }

    /** Sends QMP commands (after the capabilities handshake); each answer is awaited. */
    static void qmp(Path socket, String... commands) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
            in.readLine();                                     // the greeting
            send(in, out, "{\"execute\":\"qmp_capabilities\"}");
            for (String c : commands) {
                send(in, out, c);
            }
        }
    }

    private static void send(BufferedReader in, Writer out, String command) throws IOException {
        out.write(command + "\n");
        out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.contains("\"return\"")) {
                return;
            }
            if (line.contains("\"error\"")) {
                throw new IOException("QMP " + command + ": " + line);
            }
            // an event: wait on
        }
        throw new IOException("QMP closed during " + command);
    }

    /** A screendump through QMP, read back from the PPM QEMU writes. */
    static Picture dump(Path socket, Path ppm) throws IOException {
        Files.deleteIfExists(ppm);
        qmp(socket, "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"" + ppm + "\"}}");
        return readPpm(ppm);
    }

    /** A binary PPM (P6, maxval 255), as QEMU writes it. */
    static Picture readPpm(Path ppm) throws IOException {
        byte[] d = Files.readAllBytes(ppm);
        int[] pos = {0};
        String magic = token(d, pos);
        int w = Integer.parseInt(token(d, pos)), h = Integer.parseInt(token(d, pos));
        String max = token(d, pos);
        if (!magic.equals("P6") || !max.equals("255")) {
            throw new IOException(ppm + ": not a P6 PPM with maxval 255");
        }
        pos[0]++;                                              // the one whitespace after maxval
        byte[] rgb = java.util.Arrays.copyOfRange(d, pos[0], pos[0] + w * h * 3);
        return new Picture(w, h, rgb);
    }

    private static String token(byte[] d, int[] pos) {
        while (Character.isWhitespace(d[pos[0]])) {
            pos[0]++;
        }
        int start = pos[0];
        while (!Character.isWhitespace(d[pos[0]])) {
            pos[0]++;
        }
        return new String(d, start, pos[0] - start, StandardCharsets.US_ASCII);
    }
}
