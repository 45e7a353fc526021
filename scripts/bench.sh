#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# `make bench`: boot the test VM on the primary kernel (first line of
# build/kernels.list) with a wse device large enough for 64 MiB transfers
# and a stock QEMU nvme device backed by null-co, run the wse benchmark
# and fio in the same guest, and print one table of results against the
# issue's targets. Reports only: exits non-zero when something failed to
# run, never because a target was missed.
#
# The 4 KiB runs alternate wse and nvme at each depth for BENCH_ROUNDS
# rounds (default 3) and the table shows medians, so that load from
# elsewhere on a shared host hits both sides alike.
#
# Environment: BENCH_SECONDS (each timed run, default 3), WSE_BENCH_DEVICE
# (wse properties, default log-width=64,log-height=48: 144 MiB of fabric),
# WSE_KVM=1 to use KVM, WSE_VM_SMP (guest CPUs, default 1, see below) and
# what else tests/vm/run-vm.sh takes (WSE_QEMU, ...).
#
# One guest CPU by default: under TCG each vCPU is a host thread, and the
# device models (ours and nvme) run in QEMU's main-loop thread. On a
# 2-core host a second vCPU oversubscribes the cores, and a vCPU that the
# host deschedules while it holds a lock stalls the other one for whole
# scheduler ticks; that noise then swamps a 4 KiB round trip on both sides
# of the comparison. With one vCPU the figures repeat from run to run.
set -euo pipefail
export WSE_VM_SMP=${WSE_VM_SMP:-1}

top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}
seconds=${BENCH_SECONDS:-3}
rounds=${BENCH_ROUNDS:-3}
devprops=${WSE_BENCH_DEVICE:-log-width=64,log-height=48}
nvme="-drive file=null-co://,if=none,id=nvm,format=raw,size=1G -device nvme,serial=bench,drive=nvm"

fio=$(command -v fio) || { echo "bench: fio is not installed (scripts/setup-host.sh)" >&2; exit 1; }
[ -s "$build/kernels.list" ] || { echo "bench: no $build/kernels.list (make setup)" >&2; exit 1; }
kver=$(head -1 "$build/kernels.list")

echo "==> bench: building userspace, the benchmark and wse.ko for $kver"
make -s -C "$top/userspace" O="$build/userspace"
make -s -C "$top/tests/bench" O="$build/bench" LIBWSE_O="$build/userspace"
ko=$("$top/scripts/build-module.sh" "$kver")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
	printf 'BENCH_SECONDS=%s\nBENCH_ROUNDS=%s\n' "$seconds" "$rounds"
	cat "$top/tests/bench/guest-bench.sh"
} >"$work/job.sh"
log=$build/bench/vm-$kver.log

echo "==> bench: VM on $kver, wse ($devprops) + nvme (null-co), $rounds rounds of ${seconds}s runs"
set +e
WSE_VM_EXTRA_MODULES="nvme" WSE_VM_EXTRA_EXES="$fio $build/bench/wse_bench" \
	"$top/tests/vm/run-vm.sh" --kernel "$kver" --ko "$ko" --job "$work/job.sh" \
	--device "$devprops" --qemu-args "$nvme" --timeout 1200 --log "$log" --job-only
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
	echo "bench: FAIL: the benchmark VM exited with status $rc (log: $log)" >&2
	exit 1
fi

sed -n 's/^BENCH //p' "$log" >"$work/results"
echo
awk -F= -v logfile="$log" '
	# Every value of every key; "status" must be ok every time.
	{
		n[$1]++
		all[$1, n[$1]] = $2
		if ($1 == "status" && $2 != "ok")
			failed = 1
	}
	function median(key,    i, j, k, t, a) {
		k = n[key]
		for (i = 1; i <= k; i++)
			a[i] = all[key, i] + 0
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	function row(metric, wse, ref, refname, target, higher,    w, r, ratio, met) {
		if (!(wse in n) || !(ref in n)) {
			printf "bench: missing result %s or %s\n", wse, ref > "/dev/stderr"
			bad = 1
			return
		}
		w = median(wse)
		r = median(ref)
		ratio = r > 0 ? w / r : 0
		if (target == "")
			met = "-"
		else
			met = (higher ? ratio >= target : ratio <= target) ? "yes" : "no"
		printf "%-30s %12.1f  %-22s %6.2f  %-8s %s\n", metric, w,
		       sprintf("%s %.1f", refname, r), ratio,
		       target == "" ? "-" : sprintf(">= %.2f", target), met
	}
	END {
		if (failed || !n["status"] || !n["done"]) {
			print "bench: the guest did not finish every measurement" > "/dev/stderr"
			exit 1
		}
		mib = all["bulk_mib", 1]
		printf "%-30s %12s  %-22s %6s  %-8s %s\n", "metric", "wse", "reference",
		       "ratio", "target", "met?"
		row("4 KiB H2F jobs/s, QD1", "h2f_4k_qd1_iops", "fio_qd1_iops", "nvme", 1.0, 1)
		row("4 KiB H2F jobs/s, QD32", "h2f_4k_qd32_iops", "fio_qd32_iops", "nvme", 1.0, 1)
		row("4 KiB memcpy API calls/s", "memcpy_api_4k_qd1_iops", "fio_qd1_iops", "nvme",
		    "", 1)
		row("4 KiB latency us, QD1", "h2f_4k_qd1_lat_us", "fio_qd1_lat_us", "nvme", "", 0)
		row("4 KiB latency us, QD32", "h2f_4k_qd32_lat_us", "fio_qd32_lat_us", "nvme", "", 0)
		row(mib " MiB H2F MiB/s", "h2f_bulk_mibps", "memcpy_bulk_mibps", "memcpy", 0.6, 1)
		row(mib " MiB F2H MiB/s", "f2h_bulk_mibps", "memcpy_bulk_mibps", "memcpy", 0.6, 1)
		printf "(medians of %d rounds; nvme: fio 4 KiB randread, libaio, O_DIRECT, " \
		       "QEMU nvme on null-co; memcpy: host memcpy of the same size in the " \
		       "same guest; log: %s)\n", n["fio_qd1_iops"], logfile
		exit bad
	}' "$work/results"
