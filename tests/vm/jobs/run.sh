#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest part of `make run`: what a new user does first with a wafer.
run() {
	echo
	echo "\$ $*"
	"$@" || { echo "(exit status $?)"; exit 1; }
}
run modprobe wse
if [ -d /dev/accel ]; then
	run ls -l /dev/accel/
else
	run ls -l /dev/dri/
fi
run wsectl list
run wsectl info
