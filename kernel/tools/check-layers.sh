#!/bin/sh
# Dependencies point down: a file includes only headers of its own folder
# or of a folder below it. The order, lowest first:
#   0 lib, arch   the machine and the library (arch/x86_64's port I/O,
#                 registers and boot facts are what lib's spinlocks and
#                 panic stand on, so the two are one layer)
#   1 mm          memory
#   2 sched       processes, threads, signals, time
#   3 fs          files, the VFS and its pseudo file systems
#   4 net         sockets are files: net stands on fs
#   5 drivers     devices: they register themselves into the layers
#                 below (devfs nodes, network interfaces, the log sink)
#   6 sys         the system call handlers
#   7 main.c      kmain
# Also: every function is declared in its own header, never by a local
# declaration in another file's .c (an "extern" the header does not vouch
# for); assembly routines are the exception, listed with their reason.
# An upward include or a local declaration must be listed in
# tools/layers.allow with its reason. Prints them ("FILE INCLUDE" or
# "FILE extern NAME"); with --check, fails on one not listed.
# Run from kernel/.
rank() {
    case $1 in
    lib|arch) echo 0 ;; mm) echo 1 ;; sched) echo 2 ;; fs) echo 3 ;; net) echo 4 ;;
    drivers) echo 5 ;; sys) echo 6 ;; main.c) echo 7 ;; *) echo ;;
    esac
}
edges() {
    for f in main.c $(find arch lib mm sched fs net drivers sys -name '*.[chS]' -not -path 'net/lwip/*' | sort); do
        from=$(rank "${f%%/*}")
        grep -o '^#include "[^"]*"' "$f" | sed 's/^#include "//; s/"$//' | while read -r inc; do
            to=$(rank "${inc%%/*}")
            if [ -n "$to" ] && [ "$to" -gt "$from" ]; then echo "$f $inc"; fi
        done
    done
}
# File-scope prototypes in .c files that are not static.
externs() {
    for f in main.c $(find arch lib mm sched fs net drivers sys -name '*.c' -not -path 'net/lwip/*' | sort); do
        grep -E '^(extern )?[A-Za-z_][A-Za-z0-9_ *]*[ *]([a-z_0-9]+)\([^)]*\);' "$f" |
            grep -vE '^(static|SYSCALL|PCI_DRIVER)' |
            sed -E 's/^[^(]*[ *]([a-z_0-9]+)\(.*/\1/; s|^|'"$f"' extern |'
    done
}
up=$(edges; externs)
if [ -n "$up" ]; then echo "$up"; fi
[ "$1" = --check ] || exit 0
allowed=$(sed 's/#.*//; /^[[:space:]]*$/d' tools/layers.allow | awk '{print $1, $2, $3}' | sed 's/ *$//')
new=$(echo "$up" | while read -r line; do
    [ -n "$line" ] && ! echo "$allowed" | grep -qxF "$line" && echo "$line"
done)
stale=$(echo "$allowed" | while read -r line; do
    ! echo "$up" | grep -qxF "$line" && echo "$line"
done)
[ -z "$new" ] || { echo "check-layers: not in tools/layers.allow (see tools/check-layers.sh):" >&2; echo "$new" >&2; }
[ -z "$stale" ] || { echo "check-layers: gone, remove from tools/layers.allow:" >&2; echo "$stale" >&2; }
[ -z "$new$stale" ]
