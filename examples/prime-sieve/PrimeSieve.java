import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The concurrent prime sieve of the Go tour, with threads for goroutines and blocking queues
 * for channels. A generator thread sends 2, 3, 4, ... down a queue. Each prime that comes out of
 * the chain gets its own filter thread, which passes on only the numbers it does not divide.
 * So printing N primes starts N filter threads.
 *
 * <p>Usage: PrimeSieve [N] (default 1000).
 */
public class PrimeSieve {
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        BlockingQueue<Integer> first = new SynchronousQueue<>();
        start("generate", () -> generate(first));
        BlockingQueue<Integer> ch = first;
        for (int i = 0; i < n; i++) {
            int prime = ch.take();
            System.out.println(prime);
            BlockingQueue<Integer> in = ch;
            BlockingQueue<Integer> out = new SynchronousQueue<>();
            start("filter-" + prime, () -> filter(in, out, prime));
            ch = out;
        }
    }

    /** Sends 2, 3, 4, ... to {@code out}. */
    static void generate(BlockingQueue<Integer> out) throws InterruptedException {
        for (int i = 2; ; i++) {
            out.put(i);
        }
    }

    /** Copies the numbers from {@code in} to {@code out}, except those divisible by {@code prime}. */
    static void filter(BlockingQueue<Integer> in, BlockingQueue<Integer> out, int prime) throws InterruptedException {
        for (;;) {
            int i = in.take();
            if (i % prime != 0) {
                out.put(i);
            }
        }
    }

    interface Body {
        void run() throws InterruptedException;
    }

    /** Starts a daemon thread (the program ends when main does, as a Go program does). */
    static void start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
