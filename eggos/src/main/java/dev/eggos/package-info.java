/**
 * The eggos library: what a Java program running on the eggos unikernel can use
 * beyond the JDK, namely the screen's framebuffer, the machine's power and facts,
 * the keyboard's key events ({@link dev.eggos.Keyboard}) and its own system-call
 * handlers ({@link dev.eggos.Syscalls}).
 *
 * <p>Everything goes through device files and pseudo files the kernel offers
 * ({@code /dev/fb0}, {@code /sys/class/graphics/fb0/*}, {@code /dev/eggos/*},
 * {@code /proc/*}), so the library needs no JNI and no JVM flags, on JDK 17 and
 * newer alike. The same jar runs anywhere: on another operating system every
 * entry point throws {@link java.lang.UnsupportedOperationException} with the
 * message {@code "not running on eggos"} (see {@link dev.eggos.Eggos}).
 */
package dev.eggos;
