package dev.eggos.egg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The eggos kernel ELF, carried in egg.jar as the resource {@value #RESOURCE}; and, when the
 * kernel build made it, {@value #PVH_RESOURCE}: the same kernel without its Multiboot magic,
 * so that QEMU takes the PVH entry (as Firecracker does). microvm boots that one.
 */
public final class Kernel {
    public static final String RESOURCE = "/eggos.elf";
    public static final String PVH_RESOURCE = "/eggos-pvh.elf";

    private Kernel() {
    }

    public static boolean present() {
        return Kernel.class.getResource(RESOURCE) != null;
    }

    /** The kernel resource for {@code machine}. */
    public static String resourceFor(Machine machine) {
        if (machine == Machine.MICROVM && Kernel.class.getResource(PVH_RESOURCE) != null) {
            return PVH_RESOURCE;
        }
        return RESOURCE;
    }

    public static void copyTo(Path target) throws IOException {
        copyTo(target, RESOURCE);
    }

    public static void copyTo(Path target, String resource) throws IOException {
        try (InputStream in = Kernel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw EggException.environment("this egg was built without the kernel (no " + resource
                        + " resource); rebuild it from the repository with `mvn -B -DskipTests -pl egg -am package`");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
