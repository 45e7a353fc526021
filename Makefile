# SPDX-License-Identifier: MIT
#
# wse: host software stack for a wafer-scale AI appliance.
#
#   make run     set up a fresh Debian 12 machine, boot the test VM with an
#                emulated WSE-3 wafer, load the driver and show the device
#   make check   set up, build, and run every test (host, lint, VM on the
#                6.12 and 6.1 kernels); ends with "N passed, N failed"
#
#   make bench   boot the test VM with a wse and an nvme device and print
#                one table of wse rates and bandwidths against references
#                measured in the same run
#
# Other targets: setup, build, modules, userspace, lint, clean, help, and
# install (wsectl, libwse, udev rule, man page and completion; DESTDIR and
# PREFIX as usual).

SHELL := /bin/bash
export WSE_CACHE ?= /var/cache/wse
export WSE_BUILD := $(CURDIR)/build

.PHONY: all run check bench setup build modules userspace selftests lint install clean help

all: build

help:
	@sed -n '3,16p' Makefile | sed 's/^# \{0,1\}//'

setup:
	@echo "==> set-up (packages, kernels, QEMU; cached in $(WSE_CACHE))"
	@scripts/setup.sh

build: setup
	@echo "==> building driver, userspace, tests"
	@scripts/build-all.sh

run: build
	@scripts/run.sh

check: build
	@scripts/check.sh

bench: build
	@scripts/bench.sh

modules: setup
	@while read -r k; do scripts/build-module.sh $$k; done < $(WSE_BUILD)/kernels.list

userspace:
	@$(MAKE) -s -C userspace O=$(WSE_BUILD)/userspace

lint: setup
	@tests/lint.sh

install:
	@$(MAKE) -s -C userspace O=$(WSE_BUILD)/userspace install

clean:
	rm -rf $(WSE_BUILD)
