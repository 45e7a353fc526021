#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Build Debian bookworm's QEMU 7.2 for x86_64 with the wse device from
# qemu-device/ hooked into hw/misc. The binary is cached outside the work tree
# under a key made of the QEMU source version and a hash of qemu-device/, so
# it is rebuilt only when one of them changes. Prints the binary's path last.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${WSE_CACHE:-/var/cache/wse}
src_root=$cache/qemu-src
mkdir -p "$src_root" "$cache/qemu-bin"

log() { echo "qemu: $*" >&2; }

# Debian's version of the bookworm source package, from the deb-src lists.
# Only bookworm deb-src entries are configured, so this is 7.2.
# awk reads to the end: leaving early would kill apt-cache with SIGPIPE,
# which pipefail turns into a failure.
version=$(apt-cache showsrc qemu 2>/dev/null |
	awk '!v && /^Version: 1:7\.2/ { v = $2 } END { print v }')
if [ -z "$version" ]; then
	echo "qemu: no bookworm deb-src entry for qemu; run scripts/setup-host.sh" >&2
	exit 1
fi
# The key covers everything compiled into the device: its sources and the
# shared headers (hardware interface, firmware image format).
dev_hash=$( (cd "$top/qemu-device" && find . -type f ! -name '*.o' | LC_ALL=C sort |
	xargs sha256sum; cat "$top"/uapi/wse_hw.h "$top"/uapi/wse_fw.h | sha256sum
	echo "$version") |
	sha256sum | cut -c1-16)
bin=$cache/qemu-bin/$dev_hash/qemu-system-x86_64
# One build at a time: the tree and its ninja state are shared.
exec 9>"$cache/qemu.lock"
flock 9
if [ -x "$bin" ]; then
	log "cached build $dev_hash (QEMU $version)"
	echo "$bin"
	exit 0
fi

# Unpack once per Debian version, with Debian's patches applied: the bare
# dfsg tarball lacks blobs that pc-bios/meson.build expects.
# No epoch colon in paths: meson refuses them.
srcver=${version#*:}
tree=$src_root/$srcver/qemu
if [ ! -f "$tree/.wse-unpacked" ]; then
	log "fetching Debian source package qemu $version"
	rm -rf "$src_root/$srcver"
	mkdir -p "$src_root/$srcver/dl"
	(cd "$src_root/$srcver/dl" && apt-get source -qq --download-only "qemu/bookworm" >&2)
	log "unpacking with Debian patches"
	dsc=$(ls "$src_root/$srcver/dl"/qemu_*.dsc)
	dpkg-source --no-check -x "$dsc" "$tree" >/dev/null
	touch "$tree/.wse-unpacked"
fi

# The smallest hook: one line in each of hw/misc/Kconfig and
# hw/misc/meson.build, as in-tree hw/misc/macio does.
grep -qx 'source wse/Kconfig' "$tree/hw/misc/Kconfig" ||
	echo 'source wse/Kconfig' >>"$tree/hw/misc/Kconfig"
grep -qx "subdir('wse')" "$tree/hw/misc/meson.build" ||
	echo "subdir('wse')" >>"$tree/hw/misc/meson.build"
# Copy only changed files so ninja rebuilds only what changed.
mkdir -p "$tree/hw/misc/wse"
rsync_like() {
	local f rel
	(cd "$top/qemu-device" && find . -type f ! -name '*.o') | while read -r rel; do
		f=$tree/hw/misc/wse/$rel
		mkdir -p "$(dirname "$f")"
		cmp -s "$top/qemu-device/$rel" "$f" || cp "$top/qemu-device/$rel" "$f"
	done
}
rsync_like
# The shared headers live in uapi/.
for h in wse_hw.h wse_fw.h; do
	cmp -s "$top/uapi/$h" "$tree/hw/misc/wse/$h" || cp "$top/uapi/$h" "$tree/hw/misc/wse/$h"
done

build=$tree/build
if [ ! -f "$build/build.ninja" ]; then
	log "configuring (x86_64-softmmu only)"
	mkdir -p "$build"
	(cd "$build" && ../configure --target-list=x86_64-softmmu \
		--without-default-features --enable-kvm --enable-tcg \
		--enable-fdt=system --disable-docs --disable-werror \
		--disable-install-blobs >"$build/configure.log" 2>&1) || {
		tail -30 "$build/configure.log" >&2
		exit 1
	}
fi
log "building qemu-system-x86_64 (about 5 minutes on 2 cores from scratch)"
# Show ninja's progress a line every 100 steps, not every step.
(cd "$build" && ninja qemu-system-x86_64 2>&1) |
	awk '/^\[[0-9]+\/[0-9]+\]/ { split(substr($1, 2), a, "/"); n = a[1] + 0;
		if (n % 100 == 0 || n == a[2] + 0) { printf "qemu: step %s\n", $1; fflush() } next }
		{ print; fflush() }' >&2
test "${PIPESTATUS[0]}" = 0
mkdir -p "$(dirname "$bin")"
cp "$build/qemu-system-x86_64" "$bin.tmp"
mv "$bin.tmp" "$bin"
log "built $bin"
# Keep the five newest builds; older device sources are unlikely to return.
ls -1dt "$cache"/qemu-bin/*/ | tail -n +6 | xargs -r rm -rf
echo "$bin"
