#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Unpack a Debian kernel image and its headers into the cache, never into the
# host's /boot. The version is resolved through the linux-image-amd64 and
# linux-headers-amd64 metapackages of a suite, so a Debian ABI bump moves
# with it. Usage: fetch-kernels.sh SUITE (bookworm or bookworm-backports).
# Prints the kernel release (uname -r) last.
set -euo pipefail

suite=$1
cache=${WSE_CACHE:-/var/cache/wse}
log() { echo "kernel[$suite]: $*" >&2; }

work=$(mktemp -d)
chmod 777 "$work" # apt downloads as user _apt
trap 'rm -rf "$work"' EXIT
cd "$work"

# The metapackage names the ABI-versioned package in its Depends.
apt-get download -qq "linux-image-amd64/$suite" >/dev/null 2>&1 || {
	log "cannot download linux-image-amd64/$suite; run scripts/setup-host.sh"
	exit 1
}
image_pkg=$(dpkg-deb -f linux-image-amd64_*.deb Depends | tr ',' '\n' |
	sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | sed -n 1p)
kver=${image_pkg#linux-image-}
dest=$cache/kernels/$kver
if [ -f "$dest/.complete" ]; then
	log "cached $kver"
	echo "$kver"
	exit 0
fi

log "downloading $image_pkg and its headers"
apt-get download -qq "$image_pkg/$suite" "linux-headers-$kver/$suite" >/dev/null
headers_deps=$(dpkg-deb -f linux-headers-"$kver"_*.deb Depends | tr ',' '\n' |
	sed -n 's/^ *\(linux-\(headers\|kbuild\)-[^ ]*\).*/\1/p')
# shellcheck disable=SC2086
apt-get download -qq $(printf '%s/'"$suite"' ' $headers_deps) >/dev/null

rm -rf "$dest"
mkdir -p "$dest/root"
for deb in ./*.deb; do
	case $deb in *-amd64_*all.deb | *linux-image-amd64_*) continue ;; esac
	dpkg -x "$deb" "$dest/root"
done
# The headers' Makefile includes the -common tree by absolute path.
hdr=$dest/root/usr/src/linux-headers-$kver
sed -i "s|^include /usr/src/|include $dest/root/usr/src/|" "$hdr/Makefile"
# The image package leaves modules.dep to its postinst; make it here so
# modprobe --show-depends can resolve the driver's dependencies.
depmod -b "$dest/root" "$kver"
ln -sfn "root/usr/src/linux-headers-$kver" "$dest/build"
ln -sfn "root/boot/vmlinuz-$kver" "$dest/vmlinuz"
ln -sfn "root/lib/modules/$kver" "$dest/modules"
touch "$dest/.complete"
log "unpacked $kver into $dest"
echo "$kver"
