#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Extract from Debian's linux-source-6.1 tarball what the project uses but
# does not vendor: the kselftest harness header pair (same kernel version,
# as the pair must match) and checkpatch with its data files. Prints the
# directory they are in.
set -euo pipefail

cache=${WSE_CACHE:-/var/cache/wse}
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
if [ -z "$tarball" ]; then
	echo "kernel-tools: /usr/src/linux-source-6.1.tar.xz missing; run scripts/setup-host.sh" >&2
	exit 1
fi
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
dest=$cache/kernel-tools/$ver
if [ ! -f "$dest/.complete" ]; then
	echo "kernel-tools: extracting kselftest harness and checkpatch from linux-source $ver" >&2
	rm -rf "$dest"
	mkdir -p "$dest"
	tar -xJf "$tarball" -C "$dest" --strip-components=1 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	mkdir -p "$dest/include"
	ln -s ../tools/testing/selftests/kselftest_harness.h "$dest/include/"
	ln -s ../tools/testing/selftests/kselftest.h "$dest/include/"
	touch "$dest/.complete"
fi
echo "$dest"
