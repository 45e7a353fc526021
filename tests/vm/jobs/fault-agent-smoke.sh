#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest job proving the fault-injection path end to end; run it with
#   tests/vm/run-vm.sh --fault-agent --job tests/vm/jobs/fault-agent-smoke.sh ...
# The guest asks the host's agent over /dev/ttyS1 to kill the device's
# BAR0 (inject-mmio-dead), sees BAR0 read all-ones, revives it and sees
# it answer again. No driver: BAR0 is read with devmem, so nothing but the
# agent path and the device model is under test.
fail() {
	echo "fault-agent-smoke: FAIL: $*"
	exit 1
}

# One request to the agent, one line back (see wse_inject.h for C).
ask() {
	echo "$1" >&3
	# busybox sh has read -t; a silent agent must not hang the job.
	# shellcheck disable=SC3045
	read -r -t 10 reply <&3 || fail "no answer from the agent to '$1'"
	reply=$(echo "$reply" | tr -d '\r')
	echo "agent: $1 -> $reply"
}

dev=
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x5733 ]; then
		dev=$d
	fi
done
[ -n "$dev" ] || fail "no wse device on the PCI bus"
bar0=$(awk 'NR == 1 { print $1 }' "$dev/resource")
[ "$((bar0))" -ne 0 ] || fail "BAR0 of $dev is not assigned"
echo "wse at ${dev##*/}, BAR0 at $bar0"

# Only root may talk to the agent.
[ "$(stat -c '%a %U %G' /dev/ttyS1)" = "600 root root" ] ||
	fail "/dev/ttyS1 is $(stat -c '%a %U %G' /dev/ttyS1), want 600 root root"

stty -F /dev/ttyS1 raw -echo 115200 || fail "cannot set up /dev/ttyS1"
exec 3<>/dev/ttyS1
ask hello
[ "${reply%% *}" = ok ] || fail "agent did not say hello"

magic=$(devmem "$bar0" 32)
[ "$((magic))" -eq $((0x31455357)) ] || fail "BAR0 MAGIC reads $magic"

ask "set inject-mmio-dead true"
[ "$reply" = ok ] || fail "set inject-mmio-dead: $reply"
ask "get inject-mmio-dead"
[ "$reply" = "ok true" ] || fail "get inject-mmio-dead: $reply"
v=$(devmem "$bar0" 32)
[ "$((v))" -eq $((0xffffffff)) ] || fail "dead BAR0 MAGIC reads $v"
v=$(devmem $((bar0 + 0x18)) 32)
[ "$((v))" -eq $((0xffffffff)) ] || fail "dead BAR0 STATUS reads $v"

ask "set inject-mmio-dead false"
[ "$reply" = ok ] || fail "set inject-mmio-dead false: $reply"
v=$(devmem "$bar0" 32)
[ "$((v))" -eq $((0x31455357)) ] || fail "revived BAR0 MAGIC reads $v"

# Errors come back as such.
ask "set inject-hang-queue 99"
[ "${reply%% *}" = err ] || fail "a bad value was not refused: $reply"
ask "frobnicate"
[ "${reply%% *}" = err ] || fail "an unknown request was not refused: $reply"
exec 3>&-
echo "fault-agent-smoke: PASS"
