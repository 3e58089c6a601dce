#!/bin/sh
# Fetches lwIP's sources from Debian's source package `lwip` and unpacks the
# upstream tarball, after checking it against the SHA-256 the Makefile
# records, then applies our own fixes (net/lwip/patches/*.patch, each one
# explained at its top): usage: fetch-lwip.sh DIR ORIG_TARBALL SHA256 [PATCH...].
# lwIP is never committed to this repository. The download is `apt-get
# source` (it needs a deb-src entry: .ci/run adds one); without apt, or
# without the entry, the same file comes straight from Debian's archive.
# Only the upstream tarball is used: Debian's patches are its Hurd port and
# packaging, none touches the core, IPv4 or TCP code the kernel builds.
set -eu
dir=$1 orig=$2 sum=$3
shift 3
patches=
for p in "$@"; do patches="$patches $(cd "$(dirname "$p")" && pwd)/$(basename "$p")"; done
pool=http://deb.debian.org/debian/pool/main/l/lwip

mkdir -p "$dir"
cd "$dir"

verified() {
    [ -f "$orig" ] && echo "$sum  $orig" | sha256sum -c --status 2>/dev/null
}

if ! verified; then
    rm -f "$orig"
    echo "lwip: fetching Debian's source package lwip" >&2
    if ! { command -v apt-get >/dev/null && apt-get source --download-only lwip/bookworm >apt-source.log 2>&1 && [ -f "$orig" ]; }; then
        echo "lwip: apt-get source lwip failed (see $dir/apt-source.log; a deb-src entry for bookworm is needed);" \
             "downloading $orig from $pool" >&2
        if command -v curl >/dev/null; then
            curl -fsSL -o "$orig" "$pool/$orig" || rm -f "$orig"
        elif command -v wget >/dev/null; then
            wget -q -O "$orig" "$pool/$orig" || rm -f "$orig"
        fi
    fi
    if ! verified; then
        echo "lwip: $dir/$orig is missing or does not match SHA-256 $sum: not building with it." >&2
        echo "lwip: add deb-src to the 'Types:' line of /etc/apt/sources.list.d/debian.sources (or" \
             "'deb-src http://deb.debian.org/debian bookworm main' to /etc/apt/sources.list), run apt-get update," \
             "and make again (.ci/run does this)" >&2
        rm -f "$orig"
        exit 1
    fi
fi

rm -rf lwip-src.tmp
mkdir lwip-src.tmp
tar -xJf "$orig" -C lwip-src.tmp
rm -rf lwip
for p in $patches; do
    patch -s -p1 --binary -d lwip-src.tmp/lwip-* < "$p" || { echo "lwip: $p does not apply" >&2; exit 1; }
done
mv lwip-src.tmp/lwip-* lwip
rm -rf lwip-src.tmp
# The files keep the tarball's dates; the stamp says they are complete.
touch lwip/.unpacked
