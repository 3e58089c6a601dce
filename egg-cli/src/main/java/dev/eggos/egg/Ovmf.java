package dev.eggos.egg;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * OVMF, the UEFI firmware for QEMU (Debian's ovmf package): its code, read-only, and a copy of its
 * variable store for each run (the firmware writes boot entries there).
 *
 * @param code the firmware
 * @param vars the template of the variable store
 */
public record Ovmf(Path code, Path vars) {
    public static final List<String> PACKAGES = List.of("ovmf");
    private static final List<Ovmf> CANDIDATES = List.of(
            new Ovmf(Path.of("/usr/share/OVMF/OVMF_CODE.fd"), Path.of("/usr/share/OVMF/OVMF_VARS.fd")),
            new Ovmf(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd")),
            new Ovmf(Path.of("/usr/share/edk2/ovmf/OVMF_CODE.fd"), Path.of("/usr/share/edk2/ovmf/OVMF_VARS.fd")));

    public static Optional<Ovmf> find() {
        return CANDIDATES.stream().filter(o -> Files.isRegularFile(o.code()) && Files.isRegularFile(o.vars()))
                .findFirst();
    }

    /** OVMF; installed with apt-get as root on Debian when missing, else a one-line instruction. */
    public static Ovmf locate(PrintWriter err) {
        Optional<Ovmf> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String hint = "UEFI firmware (OVMF) is missing: run `" + Host.installCommand(PACKAGES) + "`";
        Host.installOrFail(PACKAGES, "egg: installing ovmf with apt-get (for --uefi)", hint, err);
        return find().orElseThrow(() -> EggException.environment(hint));
    }

    /** A writable copy of the variable store in {@code dir}: this run's. */
    public Path varsCopy(Path dir) throws IOException {
        Path copy = dir.resolve("OVMF_VARS.fd");
        Files.copy(vars, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }
}
