/* A minimal test framework: CHECK* report file:line and keep going, so one
 * run shows every failure; check_done() prints the summary line and gives
 * the exit status. */
#pragma once
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long check_count, check_failures;

#define CHECK(cond) check_((cond), #cond, __FILE__, __LINE__)

/* Integer equality, showing both values when they differ. */
#define CHECK_EQ(a, b) check_eq_((intmax_t)(a), (intmax_t)(b), #a, #b, __FILE__, __LINE__)

#define CHECK_STR(a, b) check_str_((a), (b), #a, __FILE__, __LINE__)

static inline int check_(int ok, const char *what, const char *file, int line)
{
    check_count++;
    if (!ok) {
        check_failures++;
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
    }
    return ok;
}

static inline int check_eq_(intmax_t a, intmax_t b, const char *sa, const char *sb,
                            const char *file, int line)
{
    check_count++;
    if (a != b) {
        check_failures++;
        fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%jd != %jd)\n",
                file, line, sa, sb, a, b);
    }
    return a == b;
}

static inline int check_str_(const char *a, const char *b, const char *sa,
                             const char *file, int line)
{
    check_count++;
    if (strcmp(a, b) != 0) {
        check_failures++;
        fprintf(stderr, "%s:%d: CHECK failed: %s is \"%s\", not \"%s\"\n",
                file, line, sa, a, b);
    }
    return strcmp(a, b) == 0;
}

/* Stops the run once failures pile up: the first ones tell the story. */
#define CHECK_BAIL() \
    do { if (check_failures > 20) { check_done(__FILE__); } } while (0)

static inline _Noreturn void check_done(const char *name)
{
    printf("%-12s %lu checks, %lu failed\n", name, check_count, check_failures);
    exit(check_failures ? 1 : 0);
}
