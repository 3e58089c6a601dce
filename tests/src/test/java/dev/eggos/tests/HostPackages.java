package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.eggos.egg.EggException;
import dev.eggos.egg.Host;

/**
 * Host tools the tests need from Debian packages. A test never skips for want of one: run as root
 * on Debian (a fresh machine, CI), it installs the package with apt-get as ./egg and egg do
 * (egg-cli's Host.installOrFail); otherwise it fails with the line to type.
 */
final class HostPackages {
    private HostPackages() {
    }

    /** Returns once {@code present} holds, installing {@code pkg} first if needed and possible. */
    static void require(String what, String pkg, BooleanSupplier present) {
        if (present.getAsBoolean()) {
            return;
        }
        String hint = what + " is missing: run `" + Host.installCommand(List.of(pkg)) + "`";
        try {
            Host.installOrFail(List.of(pkg), "eggos tests: " + what + " is missing; installing " + pkg
                    + " with apt-get", hint, new PrintWriter(System.err, true));
        } catch (EggException e) {
            fail(e.getMessage());
        }
        if (!present.getAsBoolean()) {
            fail(hint + " (apt-get installed " + pkg + ", but it is still missing)");
        }
    }
}
