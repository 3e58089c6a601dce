#!/bin/sh
# Fetches OpenJDK 17's test sources from Debian's source package `openjdk-17` and unpacks what
# jtreg needs of its upstream tarball (test/jdk with its TEST.ROOT, test/lib, test/jtreg-ext),
# after checking the tarball against its SHA-256: usage: fetch-jdk-tests.sh DIR.
# Prints the folder test/jdk, jtreg's test root. Nothing of it is committed to this repository.
# The download is `apt-get source` (it needs a deb-src entry: .ci/run adds one); the tarball
# (64 MB) and the unpacked tests (200 MB) stay in DIR for the next run.
set -eu
dir=$1
version=17.0.19+10
orig=openjdk-17_$version.orig.tar.xz
sum=7a61915b168dfb9b45413140d78e38dc5b5250d99d1d99fef7136bf9fd45a07c
top=openjdk-17-$version
install="add a deb-src entry for bookworm (.ci/run does), apt-get update, then run again"

mkdir -p "$dir"
cd "$dir"
if [ ! -f "$top/.unpacked" ]; then
    verified() { [ -f "$orig" ] && echo "$sum  $orig" | sha256sum -c --status 2>/dev/null; }
    if ! verified; then
        rm -f "$orig"
        echo "jtreg: fetching Debian's source package openjdk-17 ($version)" >&2
        apt-get source --download-only "openjdk-17=$version-1~deb12u2" >apt-source.log 2>&1 ||
            apt-get source --download-only openjdk-17 >>apt-source.log 2>&1 || true
    fi
    if ! verified; then
        echo "jtreg: $dir/$orig is missing or does not match SHA-256 $sum (see $dir/apt-source.log): $install" >&2
        exit 1
    fi
    rm -rf "$top"
    tar -xJf "$orig" "$top/test/jdk" "$top/test/lib" "$top/test/jtreg-ext"
    touch "$top/.unpacked"
fi
echo "$dir/$top/test/jdk"
