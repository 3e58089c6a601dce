#!/bin/sh
# Writes a copy of the kernel without its Multiboot 1 magic. QEMU's -kernel
# prefers Multiboot whenever it finds the header, so this copy is what makes
# QEMU (microvm, or pc) take the PVH entry, as Firecracker does.
set -e
off=$(readelf -SW "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == ".boot") print $(i + 3) }')
magic=$(od -An -tx4 -j $((0x$off)) -N4 "$1" | tr -d ' ')
[ "$magic" = "1badb002" ] || { echo "pvh-only: no Multiboot magic at .boot" >&2; exit 1; }
cp "$1" "$2.tmp"
printf '\0\0\0\0' | dd of="$2.tmp" bs=1 seek=$((0x$off)) conv=notrunc 2>/dev/null
mv "$2.tmp" "$2"
