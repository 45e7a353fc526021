#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the test VM's initramfs for one kernel from Debian packages and the
# project's build output: busybox for the shell, the real kmod (modprobe,
# depmod), wse.ko under /lib/modules/<kver>/extra with the kernel modules it
# depends on and depmod run, the firmware under /lib/firmware/wse/, the
# userspace binaries with the shared libraries they need, and the tests.
#
# Usage: build-initramfs.sh KVER WSE_KO OUTPUT.cpio.gz
# Environment: WSE_CACHE (kernel cache), WSE_BUILD (project build dir),
# WSE_VM_EXTRA_MODULES (more kernel modules, with their dependencies, e.g.
# "nvme" for the benchmark), WSE_VM_EXTRA_EXES (more host executables,
# copied to /usr/bin with their shared libraries, e.g. "/usr/bin/fio").
set -euo pipefail

kver=$1
wse_ko=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${WSE_CACHE:-/var/cache/wse}
build=${WSE_BUILD:-$top/build}
kroot=$cache/kernels/$kver/root
kmods=$kroot/lib/modules/$kver

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,lib/firmware/wse,tests}

# Copy an executable and every shared library it needs, at the same paths.
copy_exe() {
	local src=$1 dst=$2 lib
	install -D -m 0755 "$src" "$root/$dst"
	for lib in $(ldd "$src" 2>/dev/null | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}

# Shell and tools: busybox's applets, but the real kmod for module handling.
install -m 0755 /usr/bin/busybox "$root/bin/busybox"
for applet in $(/usr/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
copy_exe /usr/bin/kmod /sbin/kmod
for tool in modprobe depmod insmod rmmod lsmod modinfo; do
	rm -f "$root/bin/$tool"
	ln -s kmod "$root/sbin/$tool"
done

# Kernel modules: wse.ko plus the closure of what it depends on.
[ -f "$kmods/modules.dep" ] || depmod -b "$kroot" "$kver"
mkdir -p "$root/lib/modules/$kver/extra"
install -m 0644 "$wse_ko" "$root/lib/modules/$kver/extra/wse.ko"
cp "$kmods"/modules.builtin "$kmods"/modules.builtin.modinfo "$kmods"/modules.order \
	"$root/lib/modules/$kver/"
deps="$(/usr/sbin/modinfo -F depends "$wse_ko" | tr ',' ' ') ${WSE_VM_EXTRA_MODULES:-}"
for dep in $deps; do
	/usr/sbin/modprobe -d "$kroot" -S "$kver" --show-depends "$dep" |
		awk '$1 == "insmod" {print $2}'
done | sort -u | while read -r ko; do
	rel=${ko#"$kroot"}
	mkdir -p "$(dirname "$root$rel")"
	# Stored uncompressed: the kernel need not decompress at load time.
	case $ko in
	*.ko.xz) xz -dc "$ko" >"$root${rel%.xz}" ;;
	*.ko.zst) zstd -qdc "$ko" >"$root${rel%.zst}" ;;
	*) install -m 0644 "$ko" "$root$rel" ;;
	esac
done
/usr/sbin/depmod -b "$root" "$kver"

# Firmware images, once the project builds them.
if [ -d "$build/firmware" ]; then
	find "$build/firmware" -maxdepth 1 -name '*.bin' -exec cp {} "$root/lib/firmware/wse/" \;
fi

# Userspace tools and tests.
for exe in "$build"/userspace/bin/*; do
	[ -x "$exe" ] && copy_exe "$exe" "/usr/bin/$(basename "$exe")"
done
for exe in "$build"/selftests/*; do
	[ -f "$exe" ] && [ -x "$exe" ] && copy_exe "$exe" "/tests/$(basename "$exe")"
done
# Job parts other jobs source: check.sh runs the wsectl checks from here.
cp "$top"/tests/vm/jobs/wsectl.sh "$root/tests/"
for exe in ${WSE_VM_EXTRA_EXES:-}; do
	copy_exe "$exe" "/usr/bin/$(basename "$exe")"
done

# A real udevd with only the project's rule, so tests see the node's
# group and mode as installed systems get them. systemd-udevd is udevadm.
if [ -x /bin/udevadm ]; then
	copy_exe /bin/udevadm /bin/udevadm
	mkdir -p "$root/lib/systemd" "$root/etc/udev/rules.d"
	ln -s /bin/udevadm "$root/lib/systemd/systemd-udevd"
	install -m 0644 "$top/userspace/udev/70-wse.rules" "$root/etc/udev/rules.d/"
fi

install -m 0755 "$here/init" "$root/init"
# wse-user may use the device through group wse; other-user may not.
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
wse-user:x:1000:1000::/tmp:/bin/sh
other-user:x:1001:1001::/tmp:/bin/sh
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
wse:x:1000:wse-user
other:x:1001:
GROUP

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null --create --format=newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
