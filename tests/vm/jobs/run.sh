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
run wsectl health
run wsectl topo --no-map
# Real work: 64 MiB of random data into a 256 x 128 rectangle of PEs
# (512 fp32 elements, 2 KiB, in each) and back, compared byte for byte.
echo
echo "\$ head -c 64M /dev/urandom >/tmp/data.bin"
head -c 67108864 /dev/urandom >/tmp/data.bin
run wsectl memcpy roundtrip /tmp/data.bin --rect 0,0,256,128 --elems 512
# Real compute: a 256 x 256 fp32 GEMM on 4 x 4 PEs, checked on the host.
run wsectl fw show
run wsectl run gemm --size 256 --pes 4 --verify
