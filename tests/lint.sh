#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Static checks, as TAP: checkpatch on every driver source file, a build
# with sparse (C=2) and W=1 on each kernel that must print no warning at
# all, and the Documentation pages parsed by docutils.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${WSE_BUILD:-$top/build}
tools=$("$top/scripts/kernel-tools.sh")
n=0
fail=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

for f in "$top"/driver/*.[ch]; do
	out=$(perl "$tools/scripts/checkpatch.pl" --no-tree --quiet --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f "$f" 2>&1)
	[ -z "$out" ]
	rc=$?
	[ $rc -eq 0 ] || echo "$out" | sed 's/^/# /'
	tap $rc "checkpatch ${f#"$top"/}"
done

while read -r kver; do
	# Rebuild every object so each one passes through sparse and W=1.
	rm -rf "$build/lint/$kver"
	out=$(WSE_BUILD=$build/lint "$top/scripts/build-module.sh" "$kver" C=2 2>&1 >/dev/null |
		grep -v -e '^module: building' -e '^Skipping BTF generation')
	[ -z "$out" ]
	rc=$?
	[ $rc -eq 0 ] || echo "$out" | sed 's/^/# /'
	tap $rc "W=1 C=2 (sparse) build on $kver prints no warnings"
done <"$build/kernels.list"
# Documentation: every page parses without a docutils warning. index.rst
# uses Sphinx's toctree, which plain docutils does not know.
for f in "$top"/Documentation/*.rst; do
	[ "$(basename "$f")" = index.rst ] && continue
	out=$(rst2html --halt=warning --report=warning "$f" 2>&1 >/dev/null)
	[ -z "$out" ]
	rc=$?
	[ $rc -eq 0 ] || echo "$out" | sed 's/^/# /'
	tap $rc "docutils parses ${f#"$top"/}"
done
exit $fail
