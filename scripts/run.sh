#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# `make run`: boot the test VM on the primary kernel with a wafer in the
# WSE-3 preset, load the driver and show the device through wsectl.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}
kver=$(head -1 "$build/kernels.list")

echo
echo "==> Booting Linux $kver in QEMU (TCG) with an emulated WSE-3 wafer"
echo "    (-device wse,preset=wse3: 762 x 1176 logical PEs, 48 KiB SRAM each)"
"$top/tests/vm/run-vm.sh" --kernel "$kver" --ko "$build/kmod/$kver/driver/wse.ko" \
	--job "$top/tests/vm/jobs/run.sh" --device preset=wse3 --timeout 600 \
	--log "$build/vm/run.log" --job-only && rc=0 || rc=$?
echo
if [ "$rc" -eq 0 ]; then
	echo "==> done; full serial log in $build/vm/run.log"
else
	echo "==> FAILED (status $rc); full serial log in $build/vm/run.log" >&2
fi
exit "$rc"
