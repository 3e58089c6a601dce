package dev.eggos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** On the host (Linux, not eggos) every entry point says so. */
class NotOnEggosTest {

    @Test
    void detectsEggosByItsKernelRelease() {
        assertTrue(Eggos.detect("Linux", "6.1.0-eggos"));
        assertFalse(Eggos.detect("Linux", "6.1.0-37-amd64"));
        assertFalse(Eggos.detect("Linux", "6.8.0-45-generic"));
        assertFalse(Eggos.detect("Mac OS X", "14.5"));
        assertFalse(Eggos.detect("Windows 11", "10.0"));
        assertFalse(Eggos.detect(null, null));
    }

    @Test
    void theHostIsNotEggos() {
        assertFalse(Eggos.isEggos(), System.getProperty("os.version"));
    }

    @Test
    void everyEntryPointThrows() {
        List<Executable> calls = List.of(
                Eggos::require,
                Framebuffer::open,
                Machine::powerOff,
                Machine::reboot,
                Machine::uptime,
                Machine::cpuCount,
                Machine::cpuModel,
                Machine::memoryTotal,
                Machine::memoryAvailable);
        for (Executable call : calls) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, call);
            assertEquals("not running on eggos", e.getMessage());
        }
    }
}
