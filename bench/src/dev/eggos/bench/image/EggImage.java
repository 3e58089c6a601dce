// One program built by egg, and the Linux guest's initramfs of the same files.
package dev.eggos.bench.image;

import java.nio.file.Path;

/** An image: egg's kernel and initramfs in {@code dir}, the Linux guest's initrd, and its command. */
public record EggImage(String name, Path dir, Path kernel, Path initramfs, Path linuxInitrd, Exec exec) {

    /** The same image with another initrd for the Linux guest. */
    public EggImage withLinuxInitrd(Path initrd) {
        return new EggImage(name, dir, kernel, initramfs, initrd, exec);
    }
}
