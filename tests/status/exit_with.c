/* Ends as its argument says: a number is its exit status, "abort" dies
 * of SIGABRT. For the test that egg run hands the program's status on
 * unchanged, even those egg also uses for its own failures (124 to 127). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        printf("usage: exit_with STATUS|abort\n");
        return 0;
    }
    if (strcmp(argv[1], "abort") == 0)
        abort();
    return atoi(argv[1]);
}
