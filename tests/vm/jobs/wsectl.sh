#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# wsectl on the live device: every command, every output format, -d in
# each of its forms, what a non-root user may and may not do, and ps
# finding other processes that hold the device.
#
# Runs as a VM job of its own (it then loads the driver and numbers its
# own TAP lines), or sourced by check.sh after the driver is loaded, using
# check.sh's tap() and counter so the numbering stays one sequence.
# Leaves no process or file behind, so check.sh can unload the driver.

if type tap >/dev/null 2>&1; then
	wsectl_alone=0
else
	wsectl_alone=1
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
	# The same set-up as check.sh: udevd gives the node group wse.
	if [ -x /lib/systemd/systemd-udevd ]; then
		/lib/systemd/systemd-udevd --daemon
	fi
	modprobe wse
	tap $? "modprobe wse"
	if [ -x /lib/systemd/systemd-udevd ]; then
		udevadm trigger --action=add --subsystem-match=accel --subsystem-match=drm &&
			udevadm settle --timeout=30
	fi
fi

W=/tmp/wsectl-job
mkdir -p $W
chmod 0777 $W

# Run "$@" as user $1 (wse-user: group wse, may use the node; other-user:
# may not), with the arguments passed through untouched ("--" keeps su
# from taking the command's options for its own).
as_user() {
	u=$1
	shift
	su -c '"$0" "$@"' -- "$u" "$@"
}

# Show a file in the log, as TAP comments.
show() {
	sed 's/^/# /' "$1"
}

# Does $1 contain the fixed string $2?
has() {
	grep -qF -- "$2" "$1"
}

# Wait (at most ~10 s) until process $1 has the device open: its fdinfo
# then names the wse driver. Prints the fd.
wait_holder() {
	i=0
	while [ $i -lt 200 ]; do
		for f in /proc/"$1"/fdinfo/*; do
			if grep -q '^drm-driver:[[:space:]]*wse' "$f" 2>/dev/null; then
				basename "$f"
				return 0
			fi
		done
		kill -0 "$1" 2>/dev/null || return 1
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

# The pid of a process of uid $1 that has the device open.
device_holder() {
	for d in /proc/[0-9]*; do
		[ "$(stat -c %u "$d" 2>/dev/null)" = "$1" ] || continue
		if grep -qs '^drm-driver:[[:space:]]*wse' "$d"/fdinfo/*; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

node=$(ls /dev/accel/accel* /dev/dri/renderD* 2>/dev/null | head -1)
bdf=$(basename "$(readlink -f /sys/bus/pci/drivers/wse/0000:* 2>/dev/null | head -1)")
serial=$(cat /sys/bus/pci/devices/"$bdf"/serial 2>/dev/null)
echo "# wsectl job: device $bdf at $node, serial $serial"

# ---- list ----------------------------------------------------------------
wsectl list --json >$W/out 2>$W/err
rc=$?
[ $rc -eq 0 ] && has $W/out "\"pci_address\": \"$bdf\""
tap $? "wsectl list --json names $bdf"
wsectl list --csv >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && [ "$(wc -l <$W/out)" -eq 2 ] && head -1 $W/out | grep -q '^index,node,pci_address,' &&
	grep -q ",$bdf," $W/out
tap $? "wsectl list --csv: header and one row"

# ---- -d in every form ----------------------------------------------------
for sel in 0 "$bdf" "${bdf#0000:}" "$serial" "0x$serial" "$node"; do
	wsectl info -d "$sel" --json >$W/out 2>$W/err
	rc=$?
	[ $rc -eq 0 ] && has $W/out "\"serial\": \"$serial\""
	tap $? "wsectl info -d $sel selects the device"
done
# Commands that find the device without opening it (health, telemetry,
# ps, reset) take every form too.
for sel in 0 "${bdf#0000:}" "$serial" "$node"; do
	wsectl health -d "$sel" --csv >$W/out 2>$W/err &&
		wsectl telemetry -d "$sel" --csv >>$W/out 2>>$W/err &&
		wsectl ps -d "$sel" --csv >>$W/out 2>>$W/err &&
		[ "$(grep -cE "^$bdf,|,$bdf," $W/out)" -ge 2 ]
	tap $? "wsectl health, telemetry and ps -d $sel"
done
wsectl info -d 7 >$W/out 2>$W/err
rc=$?
show $W/err
[ $rc -eq 2 ] && has $W/err "no wse device matches '7'"
tap $? "wsectl info -d 7: exit 2, names the selector"
wsectl health -d 0000:09:00.0 >$W/out 2>$W/err
rc=$?
[ $rc -eq 2 ] && has $W/err "'0000:09:00.0'"
tap $? "wsectl health -d for an absent PCI address: exit 2"
wsectl info -d 01:00 >$W/out 2>$W/err
[ $? -eq 64 ] && has $W/err "invalid device '01:00'"
tap $? "wsectl info -d 01:00: usage error 64"

# ---- info ----------------------------------------------------------------
wsectl info >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "Temperature" && has $W/out "Power" && has $W/out "SRAM ECC"
tap $? "wsectl info shows sensors and telemetry"
wsectl info --json >$W/out 2>$W/err
[ $? -eq 0 ] && has $W/out '"telemetry": {' && has $W/out '"counters": {' &&
	has $W/out '"driver": {' && has $W/out '"temperatures": ['
tap $? "wsectl info --json has driver state and telemetry"
wsectl info --csv >$W/out 2>$W/err
rc=$?
show $W/out
# Same number of fields in the header and the row (no field has a comma).
[ $rc -eq 0 ] && [ "$(wc -l <$W/out)" -eq 2 ] &&
	[ "$(awk -F, 'NR == 1 { h = NF } NR == 2 { print (NF == h) }' $W/out)" = 1 ]
tap $? "wsectl info --csv: one row as wide as its header"

# ---- topo ----------------------------------------------------------------
wsectl topo --map-cols 48 >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "Logical grid" && has $W/out "Contexts"
tap $? "wsectl topo"
defects=$(cat /sys/bus/pci/devices/"$bdf"/defect_count)
wsectl topo --csv >$W/out 2>$W/err
[ $? -eq 0 ] && [ "$(grep -c '^defect,' $W/out)" -eq "$defects" ]
tap $? "wsectl topo --csv lists all $defects defects"
wsectl topo --json >$W/out 2>$W/err
[ $? -eq 0 ] && has $W/out '"complete": true' && has $W/out '"contexts": ['
tap $? "wsectl topo --json"
wsectl topo --png $W/map.png --scale 2 >$W/out 2>$W/err
rc=$?
sig=$(od -An -tx1 -N8 $W/map.png 2>/dev/null | tr -d ' \n')
[ $rc -eq 0 ] && [ "$sig" = 89504e470d0a1a0a ] && has $W/out "Picture: $W/map.png"
tap $? "wsectl topo --png writes a PNG ($(wc -c <$W/map.png 2>/dev/null) bytes)"
wsectl topo --png - --json >/dev/null 2>$W/err
[ $? -eq 64 ]
tap $? "wsectl topo --png - --json: usage error"

# ---- health --------------------------------------------------------------
wsectl health >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && head -1 $W/out | grep -q ": OK$"
tap $? "wsectl health: OK, exit 0"
wsectl health --json >$W/out 2>$W/err
[ $? -eq 0 ] && has $W/out '"verdict": "ok"' && has $W/out '"exit_status": 0'
tap $? "wsectl health --json"
wsectl health --csv >$W/out 2>$W/err
[ $? -eq 0 ] && head -1 $W/out | grep -q '^pci_address,verdict,exit_status,' &&
	grep -q "^$bdf,ok,0," $W/out
tap $? "wsectl health --csv"

# ---- telemetry -----------------------------------------------------------
wsectl telemetry >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "Temperature" && has $W/out "Commands"
tap $? "wsectl telemetry"
wsectl telemetry --json --count 2 --interval 0.2 >$W/out 2>$W/err
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^{"device":' $W/out)" -eq 2 ] &&
	sed -n 2p $W/out | grep -q '"rates":{"dma_h2f_bytes_per_s":'
tap $? "wsectl telemetry --watch --json: one line per sample, with rates"
wsectl telemetry --csv --count 3 --interval 0.1 >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && [ "$(wc -l <$W/out)" -eq 4 ] && head -1 $W/out | grep -q '^timestamp_ms,'
tap $? "wsectl telemetry --csv --count 3: header and three rows"
wsectl telemetry --watch --count 2 --interval 0.1 >$W/out 2>$W/err
[ $? -eq 0 ] && [ "$(grep -c '^Telemetry of' $W/out)" -eq 2 ] && has $W/out "Rates"
tap $? "wsectl telemetry --watch (not a terminal): successive samples"

# ---- fw ------------------------------------------------------------------
wsectl fw --csv >$W/out 2>$W/err
[ $? -eq 0 ] && head -1 $W/out | grep -q '^pci_address,state,' && grep -q ',gemm,' $W/out
tap $? "wsectl fw show --csv lists the kernels"

# ---- ps, and topo with a context held --------------------------------------
# A d2h into a FIFO blocks writing the file while it still holds its
# context and its device file: a holder that needs no helper program.
rm -f $W/fifo
mkfifo -m 0666 $W/fifo
wsectl memcpy d2h $W/fifo --rect 0,0,3,2 --elems 16 >/dev/null 2>&1 &
holder=$!
fd=$(wait_holder $holder)
tap $? "a holder process (pid $holder) has the device open (fd $fd)"
wsectl ps --json >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "\"pid\": $holder," && has $W/out "\"pci_address\": \"$bdf\"" &&
	has $W/out '"memory": {' && has $W/out '"engine_fabric_ns":'
tap $? "wsectl ps --json lists the holder's pid"
wsectl ps -d "$bdf" --csv >$W/out 2>$W/err
[ $? -eq 0 ] && grep -q "^$holder,wsectl,$bdf," $W/out
tap $? "wsectl ps -d $bdf --csv"
wsectl ps >$W/out 2>$W/err
[ $? -eq 0 ] && grep -q "^ *$holder  wsectl " $W/out
tap $? "wsectl ps"
# The holder's context, seen by topo (root reads debugfs).
wsectl topo --json >$W/out 2>$W/err
[ $? -eq 0 ] && has $W/out "\"pid\": $holder," && has $W/out '"width": 3,'
tap $? "wsectl topo --json shows the holder's context"
wsectl topo --csv >$W/out 2>$W/err
[ $? -eq 0 ] && grep -q "^context,[0-9]*,[0-9]*,3,2,[0-9]*,$holder," $W/out
tap $? "wsectl topo --csv shows the holder's context"
timeout 20 cat $W/fifo >/dev/null
wait $holder
tap $? "the holder finished its copy"

# ---- as users without privilege ------------------------------------------
# wse-user (group wse) may use the device, but not reset it or load
# firmware; other-user may not even open it.
as_user wse-user wsectl reset >$W/out 2>$W/err
rc=$?
show $W/err
if [ -e /sys/bus/pci/devices/"$bdf"/recover ]; then
	[ $rc -eq 1 ] && has $W/err "wsectl: reset: device $bdf" && has $W/err "needs root"
	tap $? "wsectl reset as wse-user: exit 1, needs root"
else
	[ $rc -eq 1 ] && has $W/err "wsectl: reset: device $bdf" &&
		has $W/err "no sysfs 'recover' attribute"
	tap $? "wsectl reset as wse-user (driver without recover): exit 1, says why"
fi
as_user wse-user wsectl fw load /lib/firmware/wse/wse3.bin >$W/out 2>$W/err
rc=$?
show $W/err
[ $rc -eq 1 ] && has $W/err "needs CAP_SYS_ADMIN" && has $W/err "$bdf"
tap $? "wsectl fw load as wse-user: exit 1, needs CAP_SYS_ADMIN"
as_user other-user wsectl info >$W/out 2>$W/err
rc=$?
show $W/err
[ $rc -eq 1 ] && has $W/err "Permission denied"
tap $? "wsectl info as other-user: exit 1, permission denied"
as_user other-user wsectl health >$W/out 2>$W/err
rc=$?
show $W/err
[ $rc -eq 1 ] && has $W/err "wsectl: health: device $bdf"
tap $? "wsectl health as other-user: exit 1, not a verdict"
as_user wse-user wsectl health >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "skipped  ecc"
tap $? "wsectl health as wse-user: OK, ECC check skipped (debugfs is root's)"
as_user wse-user wsectl telemetry >$W/out 2>$W/err
rc=$?
show $W/out
[ $rc -eq 0 ] && has $W/out "Temperature" && has $W/out "Telemetry      unavailable"
tap $? "wsectl telemetry as wse-user: sensors, counters unavailable"
as_user other-user wsectl list >$W/out 2>$W/err
[ $? -eq 1 ] && has $W/out "error: Permission denied"
tap $? "wsectl list as other-user: listed with the reason, exit 1"
# A user's own holder is visible to that user, not to another one.
as_user wse-user wsectl memcpy d2h $W/fifo --rect 0,0,2,2 --elems 4 >/dev/null 2>$W/holder.err &
holder=$!
upid=
i=0
while [ -z "$upid" ] && [ $i -lt 200 ]; do
	upid=$(device_holder 1000)
	i=$((i + 1))
	[ -n "$upid" ] || sleep 0.05
done
[ -n "$upid" ]
tap $? "a holder process of wse-user (pid $upid)"
as_user wse-user wsectl ps --csv >$W/out 2>$W/err
[ $? -eq 0 ] && grep -q "^$upid,wsectl," $W/out
tap $? "wsectl ps as wse-user lists its own process"
as_user other-user wsectl ps --csv >$W/out 2>$W/err
[ $? -eq 0 ] && ! grep -q "^$upid," $W/out
tap $? "wsectl ps as other-user does not see it"
show $W/holder.err
# Bounded: a holder that failed never opens the FIFO.
timeout 20 cat $W/fifo >/dev/null
wait $holder

# ---- reset and firmware as root ------------------------------------------
if [ -e /sys/bus/pci/devices/"$bdf"/recover ]; then
	before=$(cat /sys/bus/pci/devices/"$bdf"/reset_count)
	wsectl reset >$W/out 2>$W/err
	rc=$?
	show $W/out
	show $W/err
	after=$(cat /sys/bus/pci/devices/"$bdf"/reset_count)
	[ $rc -eq 0 ] && [ "$after" -gt "$before" ] && has $W/out "reset count $before -> $after"
	tap $? "wsectl reset: reset count $before -> $after"
	wsectl health >$W/out 2>$W/err
	tap $? "wsectl health after the reset: OK"
	show $W/out
else
	wsectl reset >$W/out 2>$W/err
	rc=$?
	show $W/err
	[ $rc -eq 1 ] && has $W/err "no sysfs 'recover' attribute"
	tap $? "wsectl reset without driver support: exit 1, says why"
fi
wsectl fw load /lib/firmware/wse/wse3.bin >$W/out 2>$W/err
[ $? -eq 0 ] && has $W/out "State      ready"
tap $? "wsectl fw load as root"
wsectl memcpy roundtrip /tmp/wsectl-job/map.png --rect 0,0,1,1 --elems 1 >/dev/null 2>$W/err
[ $? -eq 1 ] && has $W/err "the array needs exactly 4"
tap $? "wsectl memcpy refuses a file of the wrong size"

# ---- health against injected faults --------------------------------------
# With the fault agent (run-vm.sh --fault-agent, as make check runs it):
# a device that stops answering MMIO is wedged, and health must say
# critical (exit 4); a firmware crash the driver recovered from is a
# warning (exit 3) naming it; once the device is reset it is healthy.
agent() {
	echo "$1" >&3
	# shellcheck disable=SC3045
	read -r -t 30 reply <&3 || return 1
	case $reply in ok*) return 0 ;; *) return 1 ;; esac
}
# Wait up to 20 s for the driver's state attribute to read $1.
wait_state() {
	i=0
	while [ "$(cat /sys/bus/pci/devices/"$bdf"/state)" != "$1" ]; do
		i=$((i + 1))
		[ $i -lt 400 ] || return 1
		sleep 0.05
	done
}
if [ -c /dev/ttyS1 ] && stty -F /dev/ttyS1 raw -echo 2>/dev/null; then
	exec 3<>/dev/ttyS1
	agent hello
	tap $? "fault agent answers"
	agent "set inject-mmio-dead true" && wait_state wedged
	tap $? "inject-mmio-dead: the driver calls the device wedged"
	wsectl health >$W/out 2>$W/err
	rc=$?
	show $W/out
	[ $rc -eq 4 ] && has $W/out "CRITICAL"
	tap $? "wsectl health on a wedged device: CRITICAL, exit 4"
	wsectl health --json >$W/out 2>$W/err
	[ $? -eq 4 ] && grep -q '"verdict": *"critical"' $W/out
	tap $? "wsectl health --json on a wedged device"
	agent "set inject-mmio-dead false" && wsectl reset >$W/out 2>$W/err && wait_state ok
	tap $? "after the fault is gone, wsectl reset brings the device back"
	show $W/err
	# Back, but the loss is on record: a warning at most, no longer critical.
	wsectl health >$W/out 2>$W/err
	rc=$?
	show $W/out
	{ [ $rc -eq 0 ] || [ $rc -eq 3 ]; } && ! has $W/out "CRITICAL"
	tap $? "wsectl health after the recovery: not critical (exit $rc)"
	agent "set inject-fw-crash true"
	i=0
	while [ "$(cat /sys/bus/pci/devices/"$bdf"/last_reset)" != fw-crash ] ||
		[ "$(cat /sys/bus/pci/devices/"$bdf"/state)" != ok ]; do
		i=$((i + 1))
		[ $i -lt 400 ] || break
		sleep 0.05
	done
	wsectl health >$W/out 2>$W/err
	rc=$?
	show $W/out
	[ $rc -eq 3 ] && has $W/out "WARNING" && has $W/out "fw-crash"
	tap $? "wsectl health after a recovered firmware crash: WARNING naming it, exit 3"
	exec 3<&-
else
	echo "# no fault agent (/dev/ttyS1): health against injected faults not tested"
fi

# ---- usage ---------------------------------------------------------------
for c in list info topo health telemetry ps reset fw memcpy run; do
	wsectl help $c >$W/out 2>&1 || break
done
tap $? "wsectl help for every command"
wsectl memcpy --csv >$W/out 2>$W/err
[ $? -eq 64 ] && has $W/err "--csv does not apply"
tap $? "--csv on a command without CSV: usage error"
wsectl info --json --csv >$W/out 2>$W/err
[ $? -eq 64 ]
tap $? "--json with --csv: usage error"

rm -rf $W
if [ $wsectl_alone = 1 ]; then
	rmmod wse
	tap $? "rmmod wse"
	exit $failed
fi
