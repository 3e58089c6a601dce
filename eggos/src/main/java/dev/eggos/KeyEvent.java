package dev.eggos;

/**
 * A key of the machine's keyboard going down, repeating while held, or coming up.
 *
 * @param code      the key's Linux key code ({@code <linux/input-event-codes.h>}: {@link #KEY_ESC},
 *                  {@link #KEY_A}, {@link #KEY_ENTER}, {@link #KEY_UP}...), the same whatever the
 *                  layout
 * @param pressed   true when the key went down or repeats, false when it came up
 * @param repeat    true for the repeats of a held key
 * @param character what the key types on a US keyboard with the Shift and Caps Lock state of
 *                  the moment ({@code 'A'}, {@code '!'}, {@code '\n'} for Enter, {@code '\b'} for
 *                  Backspace), or {@code 0} for keys that type nothing (Shift, arrows, F1)
 */
public record KeyEvent(int code, boolean pressed, boolean repeat, char character) {
    /** Linux's key code of Escape. */
    public static final int KEY_ESC = 1;
    /** Linux's key code of Backspace. */
    public static final int KEY_BACKSPACE = 14;
    /** Linux's key code of Tab. */
    public static final int KEY_TAB = 15;
    /** Linux's key code of Enter. */
    public static final int KEY_ENTER = 28;
    /** Linux's key code of the left Ctrl. */
    public static final int KEY_LEFTCTRL = 29;
    /** Linux's key code of A. */
    public static final int KEY_A = 30;
    /** Linux's key code of the left Shift. */
    public static final int KEY_LEFTSHIFT = 42;
    /** Linux's key code of the right Shift. */
    public static final int KEY_RIGHTSHIFT = 54;
    /** Linux's key code of the space bar. */
    public static final int KEY_SPACE = 57;
    /** Linux's key code of Caps Lock. */
    public static final int KEY_CAPSLOCK = 58;
    /** Linux's key code of the up arrow. */
    public static final int KEY_UP = 103;
    /** Linux's key code of the left arrow. */
    public static final int KEY_LEFT = 105;
    /** Linux's key code of the right arrow. */
    public static final int KEY_RIGHT = 106;
    /** Linux's key code of the down arrow. */
    public static final int KEY_DOWN = 108;

    /**
     * Whether the key came up.
     *
     * @return {@code !pressed()}
     */
    public boolean released() {
        return !pressed;
    }
}
