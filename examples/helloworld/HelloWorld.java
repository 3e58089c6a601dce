/** Prints "hello eggos": the smallest program, to check that everything is in place. */
public class HelloWorld {
    public static void main(String[] args) {
        System.out.println("hello eggos");
    }
}
