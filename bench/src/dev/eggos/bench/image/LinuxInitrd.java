// The Linux guest's initramfs: egg's archive unchanged, then busybox and an /init that runs the same command.
package dev.eggos.bench.image;

import dev.eggos.egg.Image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the Linux guest's initramfs: egg's archive as it is, padded to 4 bytes, then a second
 * archive (written by egg's own {@link Image}; Linux unpacks concatenated archives in order)
 * with busybox at /bench/busybox and /init, a script that mounts what a Linux system has (proc,
 * sysfs, devtmpfs, tmpfs on /tmp), prints {@code bench:init}, runs the command of /eggos/exec
 * with exactly its environment and working folder, prints {@code bench:exit=STATUS} and powers
 * off. With networking, /init first loads the virtio-net driver (modules in Debian's kernel) and
 * configures the address QEMU's user network gives by DHCP, statically: eggos asks DHCP for the
 * same.
 */
public final class LinuxInitrd {
    private static final String BUSYBOX = "/bench/busybox";

    /** Linux 6.1's virtio-net driver and its dependencies, in the order they load. */
    private static final List<String> VIRTIO_NET_MODULES = List.of("drivers/virtio/virtio_ring.ko",
            "drivers/virtio/virtio.ko", "drivers/virtio/virtio_pci_modern_dev.ko",
            "drivers/virtio/virtio_pci_legacy_dev.ko", "drivers/virtio/virtio_pci.ko", "net/core/failover.ko",
            "drivers/net/net_failover.ko", "drivers/net/virtio_net.ko");

    private final Path busybox;
    private final Path modules;

    /** {@code modules}: the kernel/ folder of Debian's modules, needed only for networking. */
    public LinuxInitrd(Path busybox, Path modules) {
        this.busybox = busybox;
        this.modules = modules;
    }

    /** Writes to {@code dest} the initrd that runs {@code exec} of {@code eggCpio}. */
    public void write(Path eggCpio, Exec exec, Path dest, boolean network) throws IOException {
        Image overlay = new Image().file("/bench/busybox", 0755, busybox);
        if (network) {
            for (String m : VIRTIO_NET_MODULES) {
                overlay.file("/bench/" + Path.of(m).getFileName(), 0644, modules.resolve(m));
            }
        }
        overlay.file("/init", 0755, init(exec, network).getBytes(StandardCharsets.UTF_8));
        try (OutputStream o = Files.newOutputStream(dest)) {
            long n = Files.copy(eggCpio, o);
            o.write(new byte[(int) ((4 - n % 4) % 4)]);
            overlay.writeCpio(o);
        }
    }

    private static String init(Exec exec, boolean network) {
        StringBuilder s = new StringBuilder();
        String bb = BUSYBOX;
        s.append("#!").append(bb).append(" sh\n");
        s.append("# Written by bench (LinuxInitrd.java): the Linux guest's init.\n");
        s.append(bb).append(" echo bench:init\n");
        s.append(bb).append(" mkdir -p /proc /sys /dev /tmp\n");
        s.append(bb).append(" mount -t proc proc /proc\n");
        s.append(bb).append(" echo bench:uptime $(").append(bb).append(" cut -d' ' -f1 /proc/uptime)\n");
        s.append(bb).append(" mount -t sysfs sysfs /sys\n");
        s.append(bb).append(" mount -t devtmpfs devtmpfs /dev\n");
        s.append(bb).append(" mount -t tmpfs -o mode=1777 tmpfs /tmp\n");
        if (network) {
            for (String m : VIRTIO_NET_MODULES) {
                s.append(bb).append(" insmod /bench/").append(Path.of(m).getFileName()).append('\n');
            }
            s.append(bb).append(" ip link set lo up\n");
            s.append(bb).append(" ip link set eth0 up\n");
            s.append(bb).append(" ip addr add 10.0.2.15/24 dev eth0\n");
            s.append(bb).append(" ip route add default via 10.0.2.2\n");
        }
        s.append("cd ").append(sh(exec.cwd())).append('\n');
        s.append(bb).append(" env -i");
        exec.env().forEach((k, v) -> s.append(' ').append(sh(k + "=" + v)));
        s.append(' ').append(sh(exec.executable()));
        for (String a : exec.argv().subList(1, exec.argv().size())) {
            s.append(' ').append(sh(a));
        }
        s.append('\n');
        s.append(bb).append(" echo bench:exit=$?\n");
        s.append(bb).append(" poweroff -f\n");
        return s.toString();
    }

    /** {@code s} quoted for the shell. */
    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
