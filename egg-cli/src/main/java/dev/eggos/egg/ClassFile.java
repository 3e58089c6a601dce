package dev.eggos.egg;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What egg reads of a class file (JVMS chapter 4): the names in its constant pool, and of a
 * module-info its Module attribute's {@code provides}. Read by hand rather than with
 * {@link java.lang.module.ModuleDescriptor#read}, which refuses the module-info of a JDK newer
 * than the one egg runs on.
 */
final class ClassFile {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    /** A type in a descriptor or signature: {@code Ljava/lang/String;} or {@code Ljava/util/List<...>;}. */
    private static final Pattern DESCRIBED = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+)[;<]");
    /** A whole string that is a class or package name: {@code sun.misc.Unsafe}, {@code com/sun/management/}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:([./])[A-Za-z_$][\\w$]*)+\\1?");

    private final String[] utf8;
    /** Of each entry, its tag and, for CLASS, the index of its name. */
    private final int[] tag;
    private final int[] ref;
    private final Map<String, List<String>> provides;

    private ClassFile(String[] utf8, int[] tag, int[] ref, Map<String, List<String>> provides) {
        this.utf8 = utf8;
        this.tag = tag;
        this.ref = ref;
        this.provides = provides;
    }

    /** Parses a class file; fails with an IOException when it is not one. */
    static ClassFile read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readInt(); // minor, major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] tag = new int[count];
        int[] ref = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS, 8, 16, 19, 20 -> ref[i] = in.readUnsignedShort(); // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> { // Long, Double take two entries
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag[i] + " at " + i);
            }
        }
        in.skipNBytes(6); // access flags, this class, super class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        for (int members = 0; members < 2; members++) { // fields, then methods
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
        }
        ClassFile partial = new ClassFile(utf8, tag, ref, Map.of());
        Map<String, List<String>> provides = new LinkedHashMap<>();
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            String name = partial.utf8(in.readUnsignedShort());
            byte[] body = in.readNBytes(in.readInt());
            if (name.equals("Module")) {
                partial.readProvides(new DataInputStream(new ByteArrayInputStream(body)), provides);
            }
        }
        return new ClassFile(utf8, tag, ref, provides);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt() & 0xffffffffL);
        }
    }

    /** The provides table of a Module attribute (JVMS 4.7.25), after its requires, exports, opens and uses. */
    private void readProvides(DataInputStream in, Map<String, List<String>> provides) throws IOException {
        in.skipNBytes(6); // module name, flags, version
        in.skipNBytes(6L * in.readUnsignedShort()); // requires
        for (int table = 0; table < 2; table++) { // exports, opens
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                in.skipNBytes(4);
                in.skipNBytes(2L * in.readUnsignedShort());
            }
        }
        in.skipNBytes(2L * in.readUnsignedShort()); // uses
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            String service = className(in.readUnsignedShort());
            List<String> with = new ArrayList<>();
            for (int k = in.readUnsignedShort(); k > 0; k--) {
                with.add(className(in.readUnsignedShort()));
            }
            provides.put(service, with);
        }
    }

    private String utf8(int index) throws IOException {
        if (index <= 0 || index >= utf8.length || utf8[index] == null) {
            throw new IOException("constant pool entry " + index + " is not UTF-8");
        }
        return utf8[index];
    }

    private String className(int index) throws IOException {
        if (index <= 0 || index >= tag.length || tag[index] != CLASS) {
            throw new IOException("constant pool entry " + index + " is not a class");
        }
        return utf8(ref[index]).replace('/', '.');
    }

    /** A module-info's services and the classes that provide them (empty for other classes). */
    Map<String, List<String>> provides() {
        return provides;
    }

    /**
     * The class and package names this class mentions, with dots: the classes it refers to (in its
     * constant pool's classes, descriptors and signatures) and every string constant, annotation
     * value or other text that is a whole dotted or slashed name, like the {@code "sun.misc.Unsafe"}
     * of a {@code Class.forName} or the prefix {@code "com.sun.management."} (kept with its dot).
     */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String s : utf8) {
            if (s == null) {
                continue;
            }
            Matcher whole = NAME.matcher(s);
            if (whole.matches()) {
                names.add(s.replace('/', '.'));
                continue;
            }
            Matcher m = DESCRIBED.matcher(s);
            while (m.find()) {
                names.add(m.group(1).replace('/', '.'));
            }
        }
        return names;
    }
}
