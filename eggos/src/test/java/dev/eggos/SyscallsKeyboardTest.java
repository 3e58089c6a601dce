package dev.eggos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Syscalls and Keyboard on the host: they say they are not on eggos; the US layout of key codes. */
class SyscallsKeyboardTest {

    @Test
    void everyEntryPointThrowsOffEggos() {
        List<Executable> calls = List.of(
                () -> Syscalls.register(400, call -> 0),
                () -> Syscalls.intercept(63, Syscalls.Call::next),
                () -> Syscalls.readMemory(0x1000, 8),
                () -> Syscalls.readMemory(0x1000, ByteBuffer.allocate(8)),
                () -> Syscalls.readString(0x1000, 8),
                () -> Syscalls.writeMemory(0x1000, new byte[8]),
                () -> Syscalls.writeMemory(0x1000, ByteBuffer.allocate(8)),
                Keyboard::open,
                () -> Keyboard.listen(e -> { }));
        for (Executable call : calls) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, call);
            assertEquals("not running on eggos", e.getMessage());
        }
    }

    @Test
    void usLayout() {
        StringBuilder plain = new StringBuilder();
        StringBuilder shifted = new StringBuilder();
        for (int code = 2; code <= 53; code++) {
            char c = Keyboard.character(code, false, false);
            if (c >= ' ') {
                plain.append(c);
                shifted.append(Keyboard.character(code, true, false));
            }
        }
        assertEquals("1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./", plain.toString());
        assertEquals("!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>?", shifted.toString());
        assertEquals('A', Keyboard.character(KeyEvent.KEY_A, false, true));
        assertEquals('a', Keyboard.character(KeyEvent.KEY_A, true, true));
        assertEquals('1', Keyboard.character(2, false, true));
        assertEquals('\n', Keyboard.character(KeyEvent.KEY_ENTER, false, false));
        assertEquals('\b', Keyboard.character(KeyEvent.KEY_BACKSPACE, false, false));
        assertEquals(27, Keyboard.character(KeyEvent.KEY_ESC, false, false));
        assertEquals(' ', Keyboard.character(KeyEvent.KEY_SPACE, false, false));
        assertEquals(0, Keyboard.character(KeyEvent.KEY_LEFTSHIFT, false, false));
        assertEquals(0, Keyboard.character(KeyEvent.KEY_UP, false, false));
    }
}
