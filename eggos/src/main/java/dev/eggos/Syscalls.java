package dev.eggos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * System calls answered by this program: a Java handler for a system call the kernel lacks,
 * or an interceptor that sees (and may change) the calls the kernel makes.
 *
 * <pre>{@code
 * Syscalls.intercept(63, call -> {             // uname
 *     System.out.println("syscall `uname` called");
 *     return call.next();                      // on to the kernel's own uname
 * });
 * }</pre>
 *
 * <p>While a call of a registered number is handled, the thread that made it sleeps in the
 * kernel; the handlers all run on one daemon thread of this library, {@code eggos-syscalls},
 * whose own system calls are never intercepted. Each number has a chain: the interceptors,
 * the last added outermost, then the handler set with {@link #register} if there is one, then
 * the kernel's own handler. {@link Call#next()} calls the next link of the chain and returns its
 * result. A result is what the system call returns: a value, or a negative errno
 * ({@code -Syscalls.ENOSYS}). A handler that throws answers {@code -EIO}, and the exception is
 * printed on {@code System.err}. A caller that waits for an answer can be interrupted by a
 * signal (Ctrl-C): its call then fails with {@code EINTR}.
 *
 * <p>Pointer arguments point into the caller's memory: {@link #readMemory} and
 * {@link #writeMemory} read and write it.
 *
 * <p>Handlers must not wait for the thread whose call they handle, nor for a lock that thread
 * holds: it is asleep until they answer. A handler for a call the JVM itself makes often
 * ({@code futex}, {@code write}, {@code mmap}) slows every thread down; and since handlers run on
 * one thread, one slow handler delays every other intercepted call.
 *
 * <p>The kernel's side is the device {@code /dev/eggos/syscall}, driven with plain reads and
 * writes of fixed records (no JNI). On another system every method throws
 * {@link UnsupportedOperationException}.
 */
public final class Syscalls {
    /** Linux's errno EINTR: a signal ended the call. */
    public static final int EINTR = 4;
    /** Linux's errno EIO: what a handler that throws answers. */
    public static final int EIO = 5;
    /** Linux's errno EFAULT: a bad address. */
    public static final int EFAULT = 14;
    /** Linux's errno EINVAL: an invalid argument. */
    public static final int EINVAL = 22;
    /** Linux's errno ENOSYS: no such system call. */
    public static final int ENOSYS = 38;

    static final String DEVICE = "/dev/eggos/syscall";
    private static final int OP_REGISTER = 1;
    private static final int OP_UNREGISTER = 2;
    private static final int OP_ANSWER = 3;
    private static final int OP_HANDLER = 4;
    private static final int ANSWER_PASS = 1;
    private static final int ANSWER_REPORT = 2;
    private static final int REQUEST_RESULT = 1;
    private static final int REQUEST_SIZE = 80;
    private static final int MAX_NR = 512;

    private static final Object LOCK = new Object();
    private static final Map<Integer, Chain> CHAINS = new ConcurrentHashMap<>();
    private static Device device;

    private Syscalls() {
    }

    /**
     * A handler of a system call: it answers the call itself.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers one call.
         *
         * @param call the call: its number, arguments and calling thread
         * @return what the system call returns: a value, or a negative errno
         * @throws Exception anything: the call then returns {@code -EIO}
         */
        long handle(Call call) throws Exception;
    }

    /**
     * An interceptor of a system call: it may answer the call, or call {@link Call#next()} (the
     * next interceptor, the handler, or the kernel's own handler) and return, or change, what
     * that did.
     */
    @FunctionalInterface
    public interface Interceptor {
        /**
         * Sees one call.
         *
         * @param call the call: its number, arguments and calling thread
         * @return what the system call returns: a value, or a negative errno
         * @throws Exception anything: the call then returns {@code -EIO}
         */
        long intercept(Call call) throws Exception;
    }

    /**
     * One system call made by a thread of this program, as a handler sees it.
     */
    public static final class Call {
        private final Request request;
        private final List<Link> links;
        private final int index;

        Call(Request request, List<Link> links, int index) {
            this.request = request;
            this.links = links;
            this.index = index;
        }

        /**
         * The system call's number (Linux x86-64: {@code 63} is {@code uname}).
         *
         * @return the number
         */
        public int number() {
            return request.nr;
        }

        /**
         * The calling thread's id, as {@code gettid()} gives it in that thread.
         *
         * @return the kernel's thread id
         */
        public int threadId() {
            return request.tid;
        }

        /**
         * One of the six arguments (rdi, rsi, rdx, r10, r8, r9), as the caller passed it.
         *
         * @param i from 0 to 5
         * @return the argument's 64 bits
         */
        public long arg(int i) {
            return request.args[i];
        }

        /**
         * The six arguments.
         *
         * @return a copy of them
         */
        public long[] args() {
            return request.args.clone();
        }

        /**
         * Calls the next link of the chain for this call: the next interceptor, else the
         * handler set with {@link Syscalls#register}, else the kernel's own handler, which runs
         * the call in the calling thread (once: a second {@code next()} that reaches it returns
         * the same result).
         *
         * @return what the next link returned
         * @throws Exception what the next handler threw
         */
        public long next() throws Exception {
            int i = index + 1;
            if (i < links.size()) {
                return links.get(i).invoke(new Call(request, links, i));
            }
            return request.kernelResult();
        }

        @Override
        public String toString() {
            return "syscall " + request.nr + " from thread " + request.tid;
        }
    }

    /**
     * A handler or interceptor in place; {@link #close()} takes it away.
     */
    public static final class Registration implements AutoCloseable {
        private final int nr;
        private final Link link;

        Registration(int nr, Link link) {
            this.nr = nr;
            this.link = link;
        }

        /** Takes the handler or interceptor away; when none is left, the kernel handles the calls again. */
        @Override
        public void close() {
            remove(nr, link);
        }
    }

    /**
     * Sets the handler of system call {@code nr}: the innermost link of its chain, in place of
     * the kernel's own handler (which it may still reach with {@link Call#next()}). For a
     * system call the kernel lacks, or one to answer differently.
     *
     * @param nr      the system call's number (Linux x86-64)
     * @param handler answers the calls
     * @return the registration, to take the handler away
     * @throws UnsupportedOperationException when not running on eggos
     * @throws IllegalArgumentException      for a number out of range, or {@code rt_sigreturn}
     * @throws IllegalStateException         when {@code nr} has a handler already
     * @throws UncheckedIOException          when the kernel refused
     */
    public static Registration register(int nr, Handler handler) {
        Eggos.require();
        Link link = new Link(true, null, handler);
        add(nr, link);
        return new Registration(nr, link);
    }

    /**
     * Adds an interceptor of system call {@code nr}, outside those already there.
     *
     * @param nr          the system call's number (Linux x86-64)
     * @param interceptor sees the calls first
     * @return the registration, to take the interceptor away
     * @throws UnsupportedOperationException when not running on eggos
     * @throws IllegalArgumentException      for a number out of range, or {@code rt_sigreturn}
     * @throws UncheckedIOException          when the kernel refused
     */
    public static Registration intercept(int nr, Interceptor interceptor) {
        Eggos.require();
        Link link = new Link(false, interceptor, null);
        add(nr, link);
        return new Registration(nr, link);
    }

    /**
     * Reads the memory of the program at {@code address} (a pointer a call passed).
     *
     * @param address where to read
     * @param length  how many bytes
     * @return the bytes
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          for an address that is not mapped readable
     */
    public static byte[] readMemory(long address, int length) {
        byte[] b = new byte[length];
        readMemory(address, ByteBuffer.wrap(b));
        return b;
    }

    /**
     * Reads the memory of the program at {@code address} into {@code dst}, until it is full.
     *
     * @param address where to read
     * @param dst     where the bytes go
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          for an address that is not mapped readable
     */
    public static void readMemory(long address, ByteBuffer dst) {
        Eggos.require();
        FileChannel ch = device().channel;
        long at = address;
        try {
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n <= 0) {
                    throw new IOException("short read");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.format("cannot read memory at %#x", at), e);
        }
    }

    /**
     * Reads a NUL-terminated UTF-8 string (a path, a name) from the program's memory.
     *
     * @param address where it starts
     * @param max     the most bytes to look at
     * @return the string, without its NUL
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          for an address that is not mapped readable
     */
    public static String readString(long address, int max) {
        Eggos.require();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long at = address;
        while (out.size() < max) {
            /* A chunk at a time, never across a page end, so a string near unmapped memory reads. */
            int chunk = (int) Math.min(max - out.size(), 4096 - (at & 4095));
            byte[] b = readMemory(at, chunk);
            for (byte x : b) {
                if (x == 0) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(x);
            }
            at += chunk;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code data} into the memory of the program at {@code address} (a buffer a call
     * passed, to fill in its answer).
     *
     * @param address where to write
     * @param data    the bytes
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          for an address that is not mapped writable
     */
    public static void writeMemory(long address, byte[] data) {
        writeMemory(address, ByteBuffer.wrap(data));
    }

    /**
     * Writes what remains in {@code src} into the memory of the program at {@code address}.
     *
     * @param address where to write
     * @param src     the bytes
     * @throws UnsupportedOperationException when not running on eggos
     * @throws UncheckedIOException          for an address that is not mapped writable
     */
    public static void writeMemory(long address, ByteBuffer src) {
        Eggos.require();
        FileChannel ch = device().channel;
        long at = address;
        try {
            while (src.hasRemaining()) {
                int n = ch.write(src, at);
                if (n <= 0) {
                    throw new IOException("short write");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.format("cannot write memory at %#x", at), e);
        }
    }

    // ---- the chains ----

    /** One link of a chain: an interceptor or the handler. */
    static final class Link {
        final boolean handler;
        final Interceptor interceptor;
        final Handler base;

        Link(boolean handler, Interceptor interceptor, Handler base) {
            this.handler = handler;
            this.interceptor = interceptor;
            this.base = base;
        }

        long invoke(Call call) throws Exception {
            return handler ? base.handle(call) : interceptor.intercept(call);
        }
    }

    /** The links of one number: interceptors outermost first, then the handler. */
    static final class Chain {
        final CopyOnWriteArrayList<Link> links = new CopyOnWriteArrayList<>();
    }

    private static void checkNumber(int nr) {
        if (nr < 0 || nr >= MAX_NR || nr == 15) {
            throw new IllegalArgumentException("system call " + nr + ": give a number from 0 to "
                    + (MAX_NR - 1) + ", not 15 (rt_sigreturn)");
        }
    }

    private static void add(int nr, Link link) {
        checkNumber(nr);
        synchronized (LOCK) {
            Device d = device();
            Chain chain = CHAINS.get(nr);
            boolean fresh = chain == null;
            if (fresh) {
                chain = new Chain();
            }
            if (link.handler) {
                if (chain.links.stream().anyMatch(l -> l.handler)) {
                    throw new IllegalStateException("system call " + nr + " has a handler already");
                }
                chain.links.add(link);
            } else {
                chain.links.add(0, link);
            }
            if (fresh) {
                try {
                    d.command(OP_REGISTER, nr);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot take system call " + nr, e);
                }
                CHAINS.put(nr, chain);
            }
        }
    }

    private static void remove(int nr, Link link) {
        synchronized (LOCK) {
            Chain chain = CHAINS.get(nr);
            if (chain == null || !chain.links.remove(link) || !chain.links.isEmpty()) {
                return;
            }
            CHAINS.remove(nr);
            try {
                device.command(OP_UNREGISTER, nr);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot give system call " + nr + " back", e);
            }
        }
    }

    private static Device device() {
        synchronized (LOCK) {
            if (device == null) {
                device = Device.open();
            }
            return device;
        }
    }

    // ---- the device ----

    /** A request read from the device. */
    static final class Request {
        final long id;
        final int nr;
        final int tid;
        final long[] args = new long[6];
        final long result;
        final boolean isResult;
        private final Device device;
        private boolean ran;
        private long kernelResult;

        Request(ByteBuffer b, Device device) {
            this.device = device;
            id = b.getLong(0);
            nr = b.getInt(8);
            tid = b.getInt(12);
            for (int i = 0; i < 6; i++) {
                args[i] = b.getLong(16 + 8 * i);
            }
            result = b.getLong(64);
            isResult = (b.getInt(72) & REQUEST_RESULT) != 0;
        }

        long kernelResult() throws IOException {
            if (!ran) {
                kernelResult = device.runInKernel(id);
                ran = true;
            }
            return kernelResult;
        }
    }

    /** The caller of a request is gone (a signal ended its call): nothing to answer. */
    static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** The open device and the thread that serves it. */
    static final class Device {
        final RandomAccessFile file;
        final FileChannel channel;
        /* Results of the kernel's handlers that came while another one was awaited. */
        private final Map<Long, Long> results = new HashMap<>();

        private Device(RandomAccessFile file) {
            this.file = file;
            this.channel = file.getChannel();
        }

        static Device open() {
            RandomAccessFile f;
            try {
                f = new RandomAccessFile(DEVICE, "rw");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + DEVICE, e);
            }
            Device d = new Device(f);
            CountDownLatch started = new CountDownLatch(1);
            IOException[] failed = new IOException[1];
            Thread t = new Thread(() -> {
                try {
                    d.command(OP_HANDLER, 0);
                } catch (IOException e) {
                    failed[0] = e;
                    started.countDown();
                    return;
                }
                started.countDown();
                d.serve();
            }, "eggos-syscalls");
            t.setDaemon(true);
            t.start();
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the handler thread", e);
            }
            if (failed[0] != null) {
                throw new UncheckedIOException("cannot start the handler thread", failed[0]);
            }
            return d;
        }

        /* RandomAccessFile's own read and write take no lock, unlike FileChannel's, so a
           registration is never held up by the handler thread waiting in read(). */
        void command(int op, int arg) throws IOException {
            byte[] b = new byte[8];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(op).putInt(arg);
            file.write(b);
        }

        void answer(long id, int flags, long value) throws IOException {
            byte[] b = new byte[24];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(OP_ANSWER).putInt(flags).putLong(id)
                    .putLong(value);
            file.write(b);
        }

        Request read() throws IOException {
            byte[] b = new byte[REQUEST_SIZE];
            int n = file.read(b);
            if (n != REQUEST_SIZE) {
                throw new IOException("short read from " + DEVICE + ": " + n);
            }
            return new Request(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), this);
        }

        void serve() {
            for (;;) {
                try {
                    handle(read());
                } catch (IOException e) {
                    System.err.println("eggos-syscalls: " + e);
                    return;
                }
            }
        }

        /** Runs the chain of one request and answers it. */
        void handle(Request r) throws IOException {
            if (r.isResult) {
                results.put(r.id, r.result);
                return;
            }
            Chain chain = CHAINS.get(r.nr);
            if (chain == null || chain.links.isEmpty()) {
                answerQuietly(r.id, ANSWER_PASS, 0);
                return;
            }
            List<Link> links = new ArrayList<>(chain.links);
            long value;
            try {
                value = links.get(0).invoke(new Call(r, links, 0));
            } catch (Abandoned e) {
                return;
            } catch (Throwable e) {
                System.err.println("eggos: the handler of system call " + r.nr + " threw (the call returns -EIO):");
                e.printStackTrace();
                value = -EIO;
            }
            answerQuietly(r.id, 0, value);
        }

        private void answerQuietly(long id, int flags, long value) {
            try {
                answer(id, flags, value);
            } catch (IOException e) {
                // ENOENT: the caller is gone (a signal ended its call).
            }
        }

        /** Has the kernel run call id, serving other calls meanwhile: its result. */
        long runInKernel(long id) throws IOException {
            try {
                answer(id, ANSWER_PASS | ANSWER_REPORT, 0);
            } catch (IOException e) {
                throw new Abandoned();
            }
            for (;;) {
                Long got = results.remove(id);
                if (got != null) {
                    return got;
                }
                handle(read());
            }
        }
    }
}
