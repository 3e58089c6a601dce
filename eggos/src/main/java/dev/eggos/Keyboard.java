package dev.eggos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The machine's keyboard, key by key: every key going down, repeating and coming up, as
 * {@link KeyEvent}s, including keys that type nothing (Shift, the arrows).
 *
 * <pre>{@code
 * try (Keyboard kb = Keyboard.open()) {
 *     for (KeyEvent e : kb) {
 *         if (e.pressed() && e.character() != 0) System.out.print(e.character());
 *     }
 * }
 * }</pre>
 *
 * <p>The events come from {@code /dev/input/event0}, a Linux evdev device ({@code struct
 * input_event} records), fed by the PS/2 keyboard: under {@code egg run --graphic} the keys
 * typed in QEMU's window. Each open keyboard gets every event from its opening on; what the keys
 * type also reaches the program's terminal ({@code System.in}) as usual. On another system every
 * method throws {@link UnsupportedOperationException}.
 */
public final class Keyboard implements AutoCloseable, Iterable<KeyEvent> {
    static final Path DEVICE = Path.of("/dev/input/event0");
    private static final int EVENT_SIZE = 24;
    private static final int EV_KEY = 1;

    /* The US layout for key codes 0..57, plain and with Shift. */
    private static final String PLAIN =
            "\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
    private static final String SHIFTED =
            "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(EVENT_SIZE * 16).order(ByteOrder.LITTLE_ENDIAN);
    private boolean leftShift, rightShift, caps;

    private Keyboard(FileChannel channel) {
        this.channel = channel;
        buf.flip();
    }

    /**
     * Opens the keyboard.
     *
     * @return the keyboard, giving the events from now on
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          when the machine has no keyboard
     */
    public static Keyboard open() {
        Eggos.require();
        try {
            return new Keyboard(FileChannel.open(DEVICE, StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the keyboard (" + DEVICE + ")", e);
        }
    }

    /**
     * Waits for the next key event.
     *
     * @return the event
     * @throws IOException when reading failed, or the keyboard was closed
     */
    public KeyEvent next() throws IOException {
        for (;;) {
            while (buf.remaining() >= EVENT_SIZE) {
                int at = buf.position();
                buf.position(at + EVENT_SIZE);
                int type = buf.getShort(at + 16) & 0xffff;
                int code = buf.getShort(at + 18) & 0xffff;
                int value = buf.getInt(at + 20);
                if (type == EV_KEY) {
                    return event(code, value);
                }
            }
            buf.clear();
            int n = channel.read(buf);
            buf.flip();
            if (n < 0) {
                throw new IOException("the keyboard has no more events");
            }
        }
    }

    private KeyEvent event(int code, int value) {
        boolean down = value != 0;
        if (code == KeyEvent.KEY_LEFTSHIFT) {
            leftShift = down;
        } else if (code == KeyEvent.KEY_RIGHTSHIFT) {
            rightShift = down;
        } else if (code == KeyEvent.KEY_CAPSLOCK && value == 1) {
            caps = !caps;
        }
        return new KeyEvent(code, down, value == 2, character(code, leftShift || rightShift, caps));
    }

    /** What key {@code code} types on a US keyboard, or 0. */
    static char character(int code, boolean shift, boolean caps) {
        if (code < 0 || code >= PLAIN.length()) {
            return 0;
        }
        char c = (shift ? SHIFTED : PLAIN).charAt(code);
        if (caps && Character.isLetter(c)) {
            c = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        }
        return c;
    }

    /**
     * The events as a blocking iterator: {@code hasNext()} waits for the next key, and is false
     * once the keyboard is closed or fails.
     *
     * @return the iterator
     */
    @Override
    public Iterator<KeyEvent> iterator() {
        return new Iterator<>() {
            private KeyEvent next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = Keyboard.this.next();
                    } catch (IOException e) {
                        done = true;
                    }
                }
                return next != null;
            }

            @Override
            public KeyEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                KeyEvent e = next;
                next = null;
                return e;
            }
        };
    }

    /**
     * Calls {@code listener} with every key event, on a daemon thread of its own, until the
     * program ends.
     *
     * @param listener called for each event, in order
     * @return the thread that listens
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          when the machine has no keyboard
     */
    public static Thread listen(Consumer<KeyEvent> listener) {
        Keyboard kb = open();
        Thread t = new Thread(() -> {
            try (kb) {
                for (KeyEvent e : kb) {
                    listener.accept(e);
                }
            }
        }, "eggos-keyboard");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Closes the keyboard's device file. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was written: nothing is lost.
        }
    }
}
