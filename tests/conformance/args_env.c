/* argv and the environment as the harness passes them:
 * args  alpha "b c" ''   and   CONF_VAR=hello */
#include "conf.h"

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    printf("argc: %d\n", argc);
    const char *slash = strrchr(argv[0], '/');
    printf("argv[0] basename: %s\n", slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]: [%s] (length %zu)\n", i, argv[i], strlen(argv[i]));
    CHECK("argv[argc] is NULL", argv[argc] == NULL);
    CHECK("envp follows argv", envp == argv + argc + 1);
    CHECK("environ == envp", environ == envp);

    const char *v = getenv("CONF_VAR");
    printf("CONF_VAR: %s\n", v ? v : "(unset)");
    printf("CONF_UNSET_VAR: %s\n", getenv("CONF_UNSET_VAR") ? "set" : "(unset)");
    int count = 0, has_conf = 0, malformed = 0;
    for (char **e = envp; *e; e++) {
        count++;
        if (!strcmp(*e, "CONF_VAR=hello"))
            has_conf = 1;
        if (!strchr(*e, '='))
            malformed = 1;
    }
    CHECK("environment non-empty", count > 0);
    CHECK("CONF_VAR=hello in envp", has_conf);
    CHECK("every entry has '='", !malformed);

    /* setenv/unsetenv work on our copy */
    setenv("CONF_NEW", "value", 1);
    printf("CONF_NEW: %s\n", getenv("CONF_NEW"));
    unsetenv("CONF_VAR");
    printf("CONF_VAR after unsetenv: %s\n", getenv("CONF_VAR") ? "set" : "(unset)");

    /* argv strings are writable */
    if (argc > 1) {
        argv[1][0] = 'A';
        printf("argv[1] modified: %s\n", argv[1]);
    }
    return 0;
}
