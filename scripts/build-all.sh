#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Build everything that runs on the host or in the test VM: wse.ko for each
# kernel in build/kernels.list, libwse and wsectl, the selftests, the
# firmware image, and the host unit tests.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}

while read -r kver; do
	"$top/scripts/build-module.sh" "$kver" >/dev/null
done <"$build/kernels.list"
make -s -C "$top/userspace" O="$build/userspace"
make -s -C "$top/tests/selftests" O="$build/selftests"
if [ -f "$top/firmware/Makefile" ]; then
	make -s -C "$top/firmware" O="$build/firmware"
fi
for dir in "$top"/tests/unit/*/; do
	[ -f "$dir/Makefile" ] && make -s -C "$dir"
done
echo "build: done"
