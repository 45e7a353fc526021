#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Install the Debian packages that building and testing wse needs, and the
# apt sources they come from. Idempotent: a second run only checks.
set -euo pipefail

stamp_dir=${WSE_CACHE:-/var/cache/wse}
mkdir -p "$stamp_dir"

packages=(
	# toolchain and kernel module builds
	build-essential gcc-12 make pkg-config git ca-certificates dwarves
	bc flex bison libelf-dev xz-utils zstd cpio kmod sparse
	# QEMU 7.2 from Debian's source package
	dpkg-dev ninja-build meson libglib2.0-dev libpixman-1-dev libfdt-dev
	zlib1g-dev python3-venv
	# test VM: firmware blobs and an initramfs from Debian packages; fio
	# is the benchmark's reference on a stock nvme device
	seabios qemu-system-data busybox-static fio
	# a real udevd in the VM applies the project's udev rule
	udev
	# userspace library and CLI; OpenBLAS is make bench's GEMM reference
	libdrm-dev libudev-dev libopenblas-dev
	# kselftest harness headers and checkpatch come from the source tarball
	linux-source-6.1
	# Documentation/ is checked with docutils
	python3-docutils
	# tests/unit/abi compares the uapi layout of 32- and 64-bit builds
	gcc-multilib
)

sources=/etc/apt/sources.list.d/wse.sources
want_sources='# Added by wse scripts/setup-host.sh: 6.12 LTS kernels and QEMU sources.
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'

need_update=0
if [ ! -f "$sources" ] || [ "$(cat "$sources")" != "$want_sources" ]; then
	echo "setup: adding bookworm-backports and deb-src entries ($sources)"
	printf '%s\n' "$want_sources" >"$sources"
	need_update=1
fi
# apt lists older than a day may miss the current kernel ABI.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*bookworm-backports*Packages*' -mmin -1440 2>/dev/null)" ]; then
	need_update=1
fi
if [ "$need_update" = 1 ]; then
	echo "setup: apt-get update"
	apt-get update -qq
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: host packages ready"
