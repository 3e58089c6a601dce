#!/bin/sh
# The second link must not move any text symbol, or the backtrace table
# would lie. Also checks that the file mirrors memory from the Multiboot
# header on, which the header's a.out-kludge address fields rely on.
set -e
a=$(nm -n "$1" | awk '$2 ~ /^[tTwW]$/ {print $1, $3}')
b=$(nm -n "$2" | awk '$2 ~ /^[tTwW]$/ {print $1, $3}')
[ "$a" = "$b" ] || { echo "check-layout: text symbols moved between links" >&2; exit 1; }
base=
readelf -lW "$2" | awk '$1 == "LOAD" {print $2, $4}' > "$2.loads"
while read -r off phys; do
    d=$((phys - off))
    [ -z "$base" ] && base=$d
    [ "$d" = "$base" ] || { echo "check-layout: LOAD segments not contiguous in file" >&2; rm -f "$2.loads"; exit 1; }
done < "$2.loads"
rm -f "$2.loads"
