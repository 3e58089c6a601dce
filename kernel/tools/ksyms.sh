#!/bin/sh
# Writes the kernel's table of text symbols, sorted by address, as assembly:
#   ksyms: .quad count; then count × { .quad addr; .quad name }; then names.
set -e
nm -n "$1" | awk '
  $2 ~ /^[tTwW]$/ { addr[n] = $1; name[n] = $3; n++ }
  END {
    print ".section .ksyms,\"a\""
    print ".globl ksyms"
    print ".balign 8"
    print "ksyms:"
    print ".quad " n
    for (i = 0; i < n; i++) printf ".quad 0x%s, .Lname%d\n", addr[i], i
    for (i = 0; i < n; i++) printf ".Lname%d: .asciz \"%s\"\n", i, name[i]
  }'
