package dev.eggos.egg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A written image: the folder with {@code kernel.elf} and {@code initramfs.cpio}. */
public record ImageFiles(Path dir, Path kernel, Path initramfs) {
    public static final String KERNEL = "kernel.elf";
    public static final String INITRAMFS = "initramfs.cpio";

    /** Writes the kernel and the initramfs into {@code dir} (made if needed, files replaced). */
    public static ImageFiles write(Image image, Path dir) throws IOException {
        return write(image, dir, Kernel.RESOURCE);
    }

    /** The same, with the given kernel resource (see {@link Kernel#resourceFor}). */
    public static ImageFiles write(Image image, Path dir, String kernelResource) throws IOException {
        Files.createDirectories(dir);
        ImageFiles files = new ImageFiles(dir, dir.resolve(KERNEL), dir.resolve(INITRAMFS));
        Kernel.copyTo(files.kernel(), kernelResource);
        Path tmp = dir.resolve(INITRAMFS + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            image.writeCpio(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, files.initramfs(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return files;
    }
}
