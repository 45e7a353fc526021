#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Everything a fresh Debian 12 machine needs before building and testing:
# host packages, kselftest headers, both kernels, and QEMU with the wse
# device. Idempotent and cached; writes build/kernels.list (primary first)
# and build/qemu.path for the other steps.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}
mkdir -p "$build"

"$top/scripts/setup-host.sh"
"$top/scripts/kernel-tools.sh" >/dev/null
# 6.12 LTS from bookworm-backports is primary (accel node); 6.1 LTS from
# bookworm has no accel subsystem (render node).
{
	"$top/scripts/fetch-kernels.sh" bookworm-backports
	"$top/scripts/fetch-kernels.sh" bookworm
} >"$build/kernels.list.tmp"
mv "$build/kernels.list.tmp" "$build/kernels.list"
# WSE_QEMU names a prebuilt binary to use instead (e.g. while bisecting).
if [ -n "${WSE_QEMU:-}" ]; then
	echo "$WSE_QEMU" >"$build/qemu.path.tmp"
else
	"$top/scripts/build-qemu.sh" >"$build/qemu.path.tmp"
fi
mv "$build/qemu.path.tmp" "$build/qemu.path"
echo "setup: kernels $(paste -sd' ' "$build/kernels.list"); QEMU $(cat "$build/qemu.path")"
