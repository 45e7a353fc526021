#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest part of `make run`: what a new user does first with a wafer.
run() {
	echo
	echo "\$ $*"
	"$@" || { echo "(exit status $?)"; exit 1; }
}
# Keep kernel chatter off the console; the runner still reads all of
# dmesg afterwards and fails the run on any oops or WARN.
dmesg -n 1
run modprobe wse
if [ -d /dev/accel ]; then
	run ls -l /dev/accel/
else
	run ls -l /dev/dri/
fi
run wsectl list
run wsectl info
