#!/bin/sh
# Generates the table of Linux x86-64 syscall names from the host's
# <asm/unistd_64.h>, for messages about unimplemented calls and tracing.
set -e
hdr=${1:-/usr/include/x86_64-linux-gnu/asm/unistd_64.h}
awk '
  $1 == "#define" && $2 ~ /^__NR_/ { name[$3] = substr($2, 6); if ($3 + 0 > max) max = $3 + 0 }
  END {
    print "const char *const syscall_names[] = {"
    for (i = 0; i <= max; i++) if (i in name) printf "    [%d] = \"%s\",\n", i, name[i]
    print "};"
    printf "const unsigned syscall_names_count = %d;\n", max + 1
  }' "$hdr"
