#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest part of `make check`: load the driver through modprobe, run every
# selftest, exercise wsectl on the live device, unload and load again.
# Prints TAP lines; exits non-zero if anything failed.
n=0
failed=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

# udevd applies userspace/udev/70-wse.rules to the node (group wse, 0660).
if [ -x /lib/systemd/systemd-udevd ]; then
	/lib/systemd/systemd-udevd --daemon
	tap $? "systemd-udevd started"
fi

modprobe wse
tap $? "modprobe wse"
if [ -x /lib/systemd/systemd-udevd ]; then
	udevadm trigger --action=add --subsystem-match=accel --subsystem-match=drm &&
		udevadm settle --timeout=30
	tap $? "udevadm trigger and settle"
fi
node=$(ls /dev/accel/accel* /dev/dri/renderD* 2>/dev/null | head -1)
[ -n "$node" ]
tap $? "device node present ($node)"

for t in /tests/*_test; do
	[ -x "$t" ] || continue
	echo "# selftest $t"
	"$t"
	rc=$?
	# The harness reports each test; only a binary that died says nothing.
	[ $rc -eq 0 ] || [ $rc -eq 4 ] || echo "# $t exited with status $rc"
	[ $rc -eq 0 ] || [ $rc -eq 4 ] || failed=1
done

# The fault tests above leave hang counts and a banned file behind; the
# operator-facing checks below start from a freshly loaded driver.
rmmod wse && modprobe wse
tap $? "driver reloaded after the selftests"
if [ -x /lib/systemd/systemd-udevd ]; then
	udevadm settle --timeout=30
fi

out=$(wsectl list 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
bdf=$(basename "$(readlink -f /sys/bus/pci/drivers/wse/0000:* 2>/dev/null | head -1)")
[ $rc -eq 0 ] && echo "$out" | grep -q "${bdf#0000:}"
tap $? "wsectl list shows the device at $bdf"
wsectl info >/tmp/info.txt 2>&1
tap $? "wsectl info"
sed 's/^/# /' /tmp/info.txt
wsectl info --json >/tmp/info.json 2>&1
rc=$?
sed 's/^/# /' /tmp/info.json
[ $rc -eq 0 ] && grep -q '"serial"' /tmp/info.json
tap $? "wsectl info --json"
# Real data through libwse's memcpy API, both host orders.
head -c 65536 /dev/urandom >/tmp/rand.bin
wsectl memcpy roundtrip /tmp/rand.bin --rect 1,1,8,8 --elems 256 --order col >/tmp/mc.txt 2>&1
tap $? "wsectl memcpy roundtrip, column-major 8x8 PEs x 256 x fp32"
sed 's/^/# /' /tmp/mc.txt
wsectl memcpy roundtrip /tmp/rand.bin --rect 0,2,4,4 --elems 2048 --dtype 16 >/tmp/mc.txt 2>&1
tap $? "wsectl memcpy roundtrip, row-major 4x4 PEs x 2048 x 16-bit"
sed 's/^/# /' /tmp/mc.txt
# Compute on the device, checked against a host reference by wsectl.
for k in "gemm --size 64 --pes 4" "add" "stencil5 --dtype f16 --iters 2"; do
	# shellcheck disable=SC2086
	wsectl run $k --verify >/tmp/run.txt 2>&1
	tap $? "wsectl run $k --verify"
	sed 's/^/# /' /tmp/run.txt
done
wsectl info -d 7 >/dev/null 2>&1
[ $? -ne 0 ]
tap $? "wsectl info -d 7 fails when there is no device 7"
# Every wsectl command, format and permission case; it shares tap() and n.
. /tests/wsectl.sh

rmmod wse
tap $? "rmmod wse"
[ ! -e "$node" ]
tap $? "device node gone after rmmod"
modprobe wse && [ -e "$node" ]
tap $? "modprobe wse again"
udevadm settle --timeout=30 2>/dev/null
rmmod wse
tap $? "rmmod wse again"
exit $failed
