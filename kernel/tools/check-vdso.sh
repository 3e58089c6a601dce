#!/bin/sh
# The vDSO is mapped at any address and never relocated: it must have no
# dynamic relocations and one PT_LOAD whose addresses are its file offsets
# from 0. glibc finds its functions by name and version.
set -e
so=$1
fail() { echo "check-vdso: $so: $*" >&2; exit 1; }
readelf -rW "$so" | grep -q "There are no relocations" || fail "has relocations"
loads=$(readelf -lW "$so" | awk '$1 == "LOAD" {print $2, $3}')
[ "$loads" = "0x000000 0x0000000000000000" ] || fail "needs one PT_LOAD at offset and address 0, not: $loads"
for f in clock_gettime clock_getres gettimeofday time getcpu; do
    readelf --dyn-syms -W "$so" | grep -q " __vdso_$f@@LINUX_2.6$" || fail "does not export __vdso_$f@LINUX_2.6"
done
