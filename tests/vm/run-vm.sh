#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot a Debian kernel under the project's QEMU with a wse device behind a
# pcie-root-port, run a job script in the guest and return its exit status.
#
# Usage: run-vm.sh --kernel KVER --ko WSE_KO [--job FILE] [--device PROPS]
#                  [--qemu-args ARGS] [--timeout SEC] [--log FILE]
#                  [--qmp SOCKET] [--fault-agent] [--quiet]
#
#   --job FILE      shell script run as /job.sh in the guest (default: none)
#   --device PROPS  extra -device wse properties, e.g. preset=wse3
#   --qemu-args ARGS  more QEMU arguments, split at whitespace (no quoting),
#                   e.g. a second device: "-drive file=null-co://,if=none,id=d
#                   -device nvme,serial=x,drive=d"
#   --qmp SOCKET    expose a QMP socket, for tests that inject faults
#   --fault-agent   run tests/vm/fault-agent.py: the guest's /dev/ttyS1
#                   (root only) reaches it, and it sets the device's inject-*
#                   properties, unplugs and plugs it, over its own QMP socket
#                   (see Documentation/admin-guide.rst). Its log goes next to
#                   the VM log, as <log>.agent.
#   --quiet         keep the guest console in the log only
#   --job-only      show only the job's output live (the log has everything)
#
# Environment: WSE_QEMU (QEMU binary; default: build/qemu.path, written by
# scripts/setup.sh), WSE_VM_EXTRA_MODULES and WSE_VM_EXTRA_EXES (see
# build-initramfs.sh),
# WSE_KVM=1 to use KVM instead of TCG (KVM hangs on some hosts), WSE_VM_MEM
# (default 2G), WSE_VM_SMP (default 2).
#
# Exit status: the job's; 124 if the VM timed out; 125 if the guest kernel
# logged an oops, WARN, BUG, lockdep or sanitizer report, or was tainted
# other than by loading an out-of-tree or unsigned module; 126 if the guest
# never reported a status (crash or panic).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${WSE_CACHE:-/var/cache/wse}
build=${WSE_BUILD:-$top/build}

kver= ko= job= devprops= qemu_args= timeout=300 log= qmp= quiet=0 job_only=0
fault_agent=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kver=$2; shift 2 ;;
	--ko) ko=$2; shift 2 ;;
	--job) job=$2; shift 2 ;;
	--device) devprops=$2; shift 2 ;;
	--qemu-args) qemu_args=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--qmp) qmp=$2; shift 2 ;;
	--fault-agent) fault_agent=1; shift ;;
	--quiet) quiet=1; shift ;;
	--job-only) job_only=1; shift ;;
	*) echo "run-vm: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] && [ -n "$ko" ] || { echo "run-vm: --kernel and --ko are required" >&2; exit 2; }
vmlinuz=$cache/kernels/$kver/vmlinuz
[ -e "$vmlinuz" ] || { echo "run-vm: no kernel $kver in $cache/kernels (scripts/fetch-kernels.sh)" >&2; exit 2; }
[ -f "$ko" ] || { echo "run-vm: module $ko not built" >&2; exit 2; }
if [ -n "${WSE_QEMU:-}" ]; then
	qemu=$WSE_QEMU
elif [ -s "$build/qemu.path" ]; then
	qemu=$(cat "$build/qemu.path")
else
	qemu=$("$top/scripts/build-qemu.sh")
fi

mkdir -p "$build/vm"
work=$(mktemp -d)
agent_pid=
# Stop the agent (if it has not seen QEMU go) before its sockets go away.
cleanup() {
	if [ -n "$agent_pid" ]; then
		kill "$agent_pid" 2>/dev/null || true
		wait "$agent_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
[ -n "$log" ] || log=$build/vm/$kver.log

# The base image is per kernel; the job travels in a second cpio archive
# that the kernel unpacks on top of the first.
"$here/build-initramfs.sh" "$kver" "$ko" "$work/base.cpio.gz"
mkdir -p "$work/job"
if [ -n "$job" ]; then
	install -m 0755 "$job" "$work/job/job.sh"
fi
(cd "$work/job" && find . | cpio --create --format=newc --quiet) | gzip -1 >"$work/job.cpio.gz"
cat "$work/base.cpio.gz" "$work/job.cpio.gz" >"$work/initrd"

accel=tcg
[ "${WSE_KVM:-0}" = 1 ] && accel=kvm
# The CPU model offers RDRAND, and the kernel trusts it, so the CRNG is
# ready during early boot on one CPU. Otherwise it becomes ready whenever
# enough entropy arrives, and the kernel then live-patches a static branch
# in the random driver while other vCPUs may be running it: multi-threaded
# TCG can lose that race and the guest oopses on a stray int3.
args=(
	-M q35 -accel "$accel" -cpu max -m "${WSE_VM_MEM:-2G}" -smp "${WSE_VM_SMP:-2}"
	-display none -monitor none -serial stdio -no-reboot -nic none
	-L /usr/share/seabios -L /usr/share/qemu
	-kernel "$vmlinuz" -initrd "$work/initrd"
	-append "console=ttyS0 loglevel=5 panic=-1 oops=panic random.trust_cpu=on"
	-device pcie-root-port,id=rp0,chassis=1,slot=1
)
# The id lets QMP (and the fault agent) name the device: /machine/peripheral/wse0.
wse_dev="wse,bus=rp0,id=wse0${devprops:+,$devprops}"
args+=(-device "$wse_dev")
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")
if [ "$fault_agent" = 1 ]; then
	# The guest's second serial port (ttyS1) and a QMP monitor of the
	# agent's own, so a test's --qmp client is not displaced. QEMU listens;
	# the agent connects once QEMU has created the sockets.
	args+=(-chardev "socket,id=wseagent,path=$work/agent-serial.sock,server=on,wait=off"
		-serial chardev:wseagent
		-qmp "unix:$work/agent-qmp.sock,server=on,wait=off")
	: >"$log.agent"
	python3 "$here/fault-agent.py" --serial "$work/agent-serial.sock" \
		--qmp "$work/agent-qmp.sock" --device "$wse_dev" \
		--log "$log.agent" &
	agent_pid=$!
fi
if [ -n "$qemu_args" ]; then
	read -ra extra <<<"$qemu_args"
	args+=("${extra[@]}")
fi

set +e
if [ "$quiet" = 1 ]; then
	timeout -k 10 "$timeout" "$qemu" "${args[@]}" </dev/null 2>&1 | tr -d '\r' >"$log"
elif [ "$job_only" = 1 ]; then
	timeout -k 10 "$timeout" "$qemu" "${args[@]}" </dev/null 2>&1 | tr -d '\r' | tee "$log" |
		awk '/^wse-vm: ---- kernel log ----$/ { show = 0 } show { print; fflush() }
			/^wse-vm: kernel / { show = 1 }'
else
	timeout -k 10 "$timeout" "$qemu" "${args[@]}" </dev/null 2>&1 | tr -d '\r' | tee "$log"
fi
qemu_rc=${PIPESTATUS[0]}
set -e

if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	echo "run-vm: FAIL: guest timed out after ${timeout}s (log: $log)" >&2
	exit 124
fi
# Anything the kernel says when it is unwell fails the run.
bad='(Oops|BUG: |kernel BUG at|WARNING: CPU|Call Trace:|general protection fault|Kernel panic|KASAN|UBSAN|KCSAN|possible circular locking|possible recursive locking|INFO: task .* blocked|soft lockup|hard LOCKUP|rcu.*detected stalls|kmemleak)'
if grep -Eq "$bad" "$log"; then
	echo "run-vm: FAIL: guest kernel reported a problem (log: $log):" >&2
	grep -En "$bad" "$log" | sed -n 1,5p >&2
	exit 125
fi
taint=$(sed -n 's/^wse-vm: tainted \([0-9]*\)$/\1/p' "$log" | tail -1)
status=$(sed -n 's/^wse-vm: exit status \([0-9]*\)$/\1/p' "$log" | tail -1)
if [ -z "$status" ] || [ -z "$taint" ]; then
	echo "run-vm: FAIL: guest did not report an exit status (log: $log)" >&2
	exit 126
fi
# Allowed taint: O (out-of-tree module, 4096) and E (unsigned module, 8192).
if [ $((taint & ~(4096 | 8192))) -ne 0 ]; then
	echo "run-vm: FAIL: guest kernel tainted $taint (log: $log)" >&2
	exit 125
fi
exit "$status"
