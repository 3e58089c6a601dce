package dev.eggos.examples.syscall;

import java.net.InetAddress;

import dev.eggos.Syscalls;

/**
 * A program that takes over a system call: its interceptor for {@code uname} (63) says that it
 * was called and passes the call on to the kernel's own {@code uname}. The JDK's
 * {@code InetAddress.getLocalHost().getHostName()} reaches {@code uname} through glibc's
 * {@code gethostname}, so asking for the host name shows the interceptor at work.
 */
public class SyscallDemo {
    static final int UNAME = 63;

    public static void main(String[] args) throws Exception {
        Syscalls.intercept(UNAME, call -> {
            System.out.println("syscall `uname` called");
            return call.next();
        });
        System.out.println(InetAddress.getLocalHost().getHostName());
    }
}
