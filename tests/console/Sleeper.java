/**
 * For ConsoleTest: says "ready", then sleeps until a signal ends it; its shutdown hook says so,
 * as the JVM runs hooks on SIGINT (Ctrl-C) and exits with status 130.
 */
public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        System.out.println("console: " + (System.console() != null ? "a terminal" : "none"));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(300_000);
        System.out.println("slept to the end");
    }
}
