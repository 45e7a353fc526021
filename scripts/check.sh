#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# `make check`: host unit tests, static checks of the driver, then the
# selftests in the test VM on every kernel, ending with one line
# "N passed, N failed, N skipped". Set-up and build have run already.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}
results=$build/results
rm -rf "$results"
mkdir -p "$results"

show() { grep -E '^(not )?ok [0-9]+' "$1" | sed 's/^/    /'; }

echo "==> host unit tests"
for dir in "$top"/tests/unit/*/; do
	[ -f "$dir/Makefile" ] || continue
	name=$(basename "$dir")
	make -s -C "$dir" run >"$results/unit-$name.tap" 2>&1
	rc=$?
	[ $rc -eq 0 ] || echo "not ok 1 - unit tests in tests/unit/$name exited with $rc" >>"$results/unit-$name.tap"
	show "$results/unit-$name.tap"
done

echo "==> device model against QEMU (qtest)"
WSE_QEMU=$(cat "$build/qemu.path") make -s -C "$top/tests/unit/fabric" run-device \
	>"$results/qtest-device.tap" 2>&1
rc=$?
[ $rc -eq 0 ] || echo "not ok 1 - device qtests exited with $rc" >>"$results/qtest-device.tap"
show "$results/qtest-device.tap"

echo "==> static checks of the driver (checkpatch, sparse C=2, W=1)"
"$top/tests/lint.sh" >"$results/lint.tap" 2>&1
show "$results/lint.tap"

while read -r kver; do
	echo "==> selftests in the test VM on Linux $kver"
	log=$build/vm/check-$kver.log
	"$top/tests/vm/run-vm.sh" --kernel "$kver" --ko "$build/kmod/$kver/driver/wse.ko" \
		--job "$top/tests/vm/jobs/check.sh" --timeout 1200 --log "$log" --quiet --fault-agent \
		>"$results/vm-$kver.runner" 2>&1
	rc=$?
	# Keep only the guest's TAP lines, before the kernel log dump.
	sed -n '/^wse-vm: ---- kernel log ----$/q; p' "$log" |
		grep -E '^(not )?ok [0-9]+' >"$results/vm-$kver.tap"
	case $rc in
	0) echo "ok 1 - VM on $kver: job passed, kernel log clean" >>"$results/vm-$kver.tap" ;;
	*) echo "not ok 1 - VM on $kver: $(tail -1 "$results/vm-$kver.runner") (status $rc)" \
		>>"$results/vm-$kver.tap" ;;
	esac
	show "$results/vm-$kver.tap"
	echo "    (serial log: $log)"
done <"$build/kernels.list"

echo
"$top/scripts/tap-summary.sh" "$results"/*.tap
