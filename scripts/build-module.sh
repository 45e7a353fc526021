#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Build wse.ko for one kernel out of tree: the sources are mirrored into
# build/kmod/<kver>/ so builds for different kernels never share objects.
# Usage: build-module.sh KVER [extra kbuild args, e.g. C=2]. Prints the .ko.
set -euo pipefail

kver=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${WSE_CACHE:-/var/cache/wse}
build=${WSE_BUILD:-$top/build}
kdir=$cache/kernels/$kver/build
dest=$build/kmod/$kver

[ -d "$kdir" ] || { echo "module: no headers for $kver (scripts/fetch-kernels.sh)" >&2; exit 1; }
mkdir -p "$dest"
# Mirror only changed files so kbuild's dependency tracking stays useful.
(cd "$top" && find Kbuild driver uapi -type f \( -name Kbuild -o -name Makefile -o -name '*.[ch]' \)) |
	while read -r f; do
		mkdir -p "$dest/$(dirname "$f")"
		cmp -s "$top/$f" "$dest/$f" || cp "$top/$f" "$dest/$f"
	done
# Drop mirrored sources that were deleted upstream.
(cd "$dest" && find driver uapi -type f -name '*.[ch]' ! -name '*.mod.c') | while read -r f; do
	[ -e "$top/$f" ] || rm -f "$dest/$f" "$dest/${f%.c}.o"
done
echo "module: building wse.ko for $kver" >&2
make -s -C "$kdir" M="$dest" W=1 "$@" modules >&2
echo "$dest/driver/wse.ko"
