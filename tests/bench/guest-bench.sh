#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest part of `make bench` (run by scripts/bench.sh through
# tests/vm/run-vm.sh): the wse benchmark, then fio 4 KiB random reads on
# the VM's nvme device (QEMU null-co backend) at the same queue depths,
# then GEMM and GEMV as firmware kernels (the driver loaded the firmware
# at modprobe).
# Results are "BENCH key=value" lines; exits non-zero only if something
# could not run.
fail() {
	echo "bench: $*" >&2
	exit 1
}

seconds=${BENCH_SECONDS:-3}
rounds=${BENCH_ROUNDS:-3}

modprobe wse || fail "modprobe wse"
modprobe nvme || fail "modprobe nvme"

# The namespace appears once the controller has been probed.
tries=0
while [ ! -b /dev/nvme0n1 ]; do
	tries=$((tries + 1))
	[ $tries -le 100 ] || fail "no /dev/nvme0n1 after 10 s"
	sleep 0.1
done

# The host is shared and its load drifts, so wse and nvme take turns at
# each depth, several rounds over; the host script takes the medians.
fio_run() {
	qd=$1
	echo "# fio 4 KiB randread, QD$qd, /dev/nvme0n1"
	out=$(fio --name=randread --filename=/dev/nvme0n1 --rw=randread --bs=4k \
		--direct=1 --ioengine=libaio --iodepth="$qd" --numjobs=1 \
		--time_based --runtime="$seconds" --ramp_time=1 --norandommap \
		--output-format=terse --terse-version=3) || fail "fio QD$qd"
	# Terse v3: field 8 is read IOPS, field 40 mean total latency (us).
	echo "$out" | awk -F';' -v qd="$qd" '
		$3 == "randread" {
			printf "fio 4 KiB randread QD%d: %.0f IOPS, latency mean %.1f us\n", qd, $8, $40
			printf "BENCH fio_qd%d_iops=%.0f\n", qd, $8
			printf "BENCH fio_qd%d_lat_us=%.1f\n", qd, $40
			found = 1
		}
		END { exit !found }' || fail "could not read fio's output: $out"
}

round=1
while [ "$round" -le "$rounds" ]; do
	for qd in 1 32; do
		echo "# round $round, QD$qd: wse_bench"
		wse_bench -s "$seconds" -t "qd$qd" || fail "wse_bench QD$qd failed"
		fio_run "$qd"
	done
	round=$((round + 1))
done
echo "# wse_bench: memcpy API and bulk"
wse_bench -s "$seconds" -t api,bulk || fail "wse_bench bulk failed"
echo "# wse_bench: GEMM and GEMV as firmware kernels"
wse_bench -t gemm,gemv -G "${BENCH_GEMM:-1024}" -V "${BENCH_GEMV:-2048}" \
	-r "${BENCH_REPEATS:-5}" || fail "wse_bench gemm/gemv failed"
echo "BENCH done=1"
