import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eggos.Syscalls;

/**
 * For ConsoleTest: Java handlers of system calls, called from Java through the FFM API (glibc's
 * syscall(2) and gethostname(2)): a number the kernel lacks answered by a handler, a handler
 * that throws (-EIO), 10 000 calls from 8 threads, an interceptor that lets the kernel run uname
 * and then changes its answer in the caller's memory, and a call with nobody to answer it.
 */
public class SyscallHandlers {
    static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout STATE = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    static final MethodHandle GETHOSTNAME = LINKER.downcallHandle(
            LINKER.defaultLookup().find("gethostname").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));

    /** syscall(nr, a, b): the result, or "-1 errno N". */
    static String call(long nr, long a, long b) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            long r = (long) SYSCALL.invokeExact(state, nr, a, b);
            return r == -1 ? "-1 errno " + (int) ERRNO.get(state, 0L) : Long.toString(r);
        }
    }

    public static void main(String[] args) throws Throwable {
        Syscalls.register(400, c -> c.arg(0) * 2);
        System.out.println("handler: " + call(400, 21, 0));

        Syscalls.register(401, c -> {
            throw new IllegalStateException("a handler that throws");
        });
        System.out.println("throws: " + call(401, 0, 0));

        Syscalls.register(402, c -> c.arg(0) * 1000 + c.arg(1));
        AtomicInteger right = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            long id = t;
            threads[t] = new Thread(() -> {
                try {
                    for (long i = 0; i < 1250; i++) {
                        if (call(402, i, id).equals(Long.toString(i * 1000 + id))) {
                            right.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    e.printStackTrace();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("threads: " + right.get() + " of 10000 calls answered right");

        Syscalls.intercept(63, c -> {
            long r = c.next();                       // the kernel's uname fills the buffer
            byte[] name = "changed\0".getBytes(StandardCharsets.US_ASCII);
            Syscalls.writeMemory(c.arg(0) + 65, name); // struct utsname's nodename
            return r;
        });
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(65);
            int r = (int) GETHOSTNAME.invokeExact(buf.address(), 65L);
            System.out.println("gethostname: " + r + " " + buf.getString(0));
        }

        System.out.println("nobody: " + call(403, 0, 0));
        System.out.println("done");
    }
}
