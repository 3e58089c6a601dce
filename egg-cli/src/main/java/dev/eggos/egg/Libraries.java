package dev.eggos.egg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the shared libraries a dynamically linked program loads, as ld.so on x86-64 Linux
 * finds them, so that egg can put each one in the image at the path where the guest's ld.so
 * will look for it.
 *
 * <p>For each {@code DT_NEEDED} name not loaded yet (by that name or soname): a name with a
 * slash is a path; otherwise ld.so searches the {@code DT_RPATH} of the object that needs it,
 * then of the object that loaded that one, and on up, then of the executable (all of this only
 * when the object has no {@code DT_RUNPATH}; an object with one has its {@code DT_RPATH}
 * ignored), then the object's {@code DT_RUNPATH}, then the default directories. It passes over
 * files that are not x86-64 ELF (32-bit libraries). {@code $ORIGIN} is the folder of the object.
 * Two things of the host's ld.so are left out on purpose: {@code LD_LIBRARY_PATH} (the program
 * gets its environment from egg, not from this shell) and {@code /etc/ld.so.cache} (the image
 * has none, so the guest's ld.so searches the default directories, as this class does).
 */
public final class Libraries {
    /** The directories ld.so searches last, in its order. */
    public static final List<Path> DEFAULT_DIRS = Stream.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib").map(Path::of).toList();

    /**
     * A library ld.so loads.
     *
     * @param name the name it is needed by
     * @param path where ld.so finds it: a search directory and {@code name} (symlinks not resolved)
     */
    public record Library(String name, Path path, Optional<String> soname) {
    }

    /**
     * An object the program loads by a path egg does not know in advance (a native library a jar
     * carries, which the program copies out and {@code System.load}s), given by what it needs.
     *
     * @param path    how messages name it
     * @param dynamic what it needs; its own {@code DT_RPATH} and {@code DT_RUNPATH} count only as far
     *                as they are given here
     */
    public record Root(Path path, Elf.Dynamic dynamic) {
    }

    /** A library that is needed but nowhere to be found. */
    public record Missing(String name, Path neededBy) {
    }

    /**
     * What a program loads besides itself.
     *
     * @param interpreter the executable's {@code PT_INTERP}, if it has one
     * @param libraries   in the order ld.so would find them
     */
    public record Closure(Optional<String> interpreter, List<Library> libraries, List<Missing> missing) {
        public Closure {
            libraries = List.copyOf(libraries);
            missing = List.copyOf(missing);
        }
    }

    /** An object ld.so has loaded, and the one whose {@code DT_NEEDED} made it load it (null for the roots). */
    private record Loaded(Path path, Elf.Dynamic dynamic, Loaded loader) {
        /** Its {@code DT_RPATH}, which ld.so ignores when there is a {@code DT_RUNPATH}. */
        List<String> rpath() {
            return dynamic.runpath().isEmpty() ? dynamic.rpath() : List.of();
        }
    }

    private final List<Path> defaultDirs;

    public Libraries(List<Path> defaultDirs) {
        this.defaultDirs = List.copyOf(defaultDirs);
    }

    /** A resolver with ld.so's default directories. */
    public static Libraries system() {
        return new Libraries(DEFAULT_DIRS);
    }

    /**
     * The libraries {@code executable} loads, and those that the files {@code dlopened} load
     * when the program opens them by path (as the JVM opens its own libraries).
     *
     * @throws EggException when one of the files, or a library found, is not a sound x86-64 ELF file
     */
    public Closure resolve(Path executable, List<Path> dlopened) {
        return resolve(executable, dlopened, List.of());
    }

    /**
     * As {@link #resolve(Path, List)}, and the libraries that {@code loaded} need, looked for as ld.so
     * looks for those of an object the program opens by path.
     */
    public Closure resolve(Path executable, List<Path> dlopened, List<Root> loaded) {
        List<Root> roots = new ArrayList<>();
        for (Path p : dlopened) {
            roots.add(new Root(p, Elf.dynamic(p)));
        }
        roots.addAll(loaded);
        Loaded main = new Loaded(executable, Elf.dynamic(executable), null);
        Map<String, Loaded> byName = new HashMap<>();
        Optional<String> interpreter = main.dynamic().interpreter();
        interpreter.ifPresent(interp -> {
            Path p = Path.of(interp);
            byName.put(String.valueOf(p.getFileName()), main);
            if (Files.isRegularFile(p)) {
                Elf.dynamic(p).soname().ifPresent(s -> byName.put(s, main));
            }
        });
        Deque<Loaded> queue = new ArrayDeque<>();
        queue.add(main);
        for (Root r : roots) {
            Loaded l = new Loaded(r.path(), r.dynamic(), null);
            l.dynamic().soname().ifPresent(s -> byName.putIfAbsent(s, l));
            queue.add(l);
        }
        List<Library> libraries = new ArrayList<>();
        Map<String, Missing> missing = new LinkedHashMap<>();
        while (!queue.isEmpty()) {
            Loaded object = queue.remove();
            for (String name : object.dynamic().needed()) {
                if (byName.containsKey(name) || missing.containsKey(name)) {
                    continue;
                }
                Optional<Path> found = find(name, object, main);
                if (found.isEmpty()) {
                    missing.put(name, new Missing(name, object.path()));
                    continue;
                }
                Loaded lib = new Loaded(found.get(), Elf.dynamic(found.get()), object);
                byName.put(name, lib);
                lib.dynamic().soname().ifPresent(s -> byName.putIfAbsent(s, lib));
                libraries.add(new Library(name, found.get(), lib.dynamic().soname()));
                queue.add(lib);
            }
        }
        return new Closure(interpreter, libraries, List.copyOf(missing.values()));
    }

    private Optional<Path> find(String name, Loaded loader, Loaded main) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return p.isAbsolute() && loadable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : searchPath(loader, main)) {
            Path p = dir.resolve(name);
            if (loadable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The directories ld.so searches for a library that {@code loader} needs. */
    private List<Path> searchPath(Loaded loader, Loaded main) {
        List<Path> dirs = new ArrayList<>();
        if (loader.dynamic().runpath().isEmpty()) {
            boolean sawMain = false;
            for (Loaded l = loader; l != null; l = l.loader()) {
                dirs.addAll(expand(l.rpath(), l.path()));
                sawMain |= l == main;
            }
            if (!sawMain) {
                dirs.addAll(expand(main.rpath(), main.path()));
            }
        }
        dirs.addAll(expand(loader.dynamic().runpath(), loader.path()));
        dirs.addAll(defaultDirs);
        return dirs;
    }

    /**
     * The directories of an RPATH or RUNPATH list, with {@code $ORIGIN} replaced by the folder of
     * {@code object}. Entries that stay relative (ld.so takes them from the process's working
     * directory, which is not this one) or use other tokens ({@code $LIB}, {@code $PLATFORM}) are
     * left out.
     */
    static List<Path> expand(List<String> entries, Path object) {
        String origin = String.valueOf(object.toAbsolutePath().getParent());
        List<Path> dirs = new ArrayList<>();
        for (String e : entries) {
            String d = e.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
            if (d.startsWith("/") && !d.contains("$")) {
                dirs.add(Path.of(d).normalize());
            }
        }
        return dirs;
    }

    private static boolean loadable(Path p) {
        return Files.isRegularFile(p) && Elf.isX8664(p);
    }
}
