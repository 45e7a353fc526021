#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Count TAP results in the given files and print the closing line
# "N passed, N failed, N skipped". Exit 1 if anything failed or nothing ran.
set -euo pipefail
pass=0 fail=0 skip=0
for f in "$@"; do
	[ -f "$f" ] || continue
	p=$(grep -Ec '^ok [0-9]+' "$f" || true)
	s=$(grep -Ec '^ok [0-9]+.*# (SKIP|skip)' "$f" || true)
	n=$(grep -Ec '^not ok [0-9]+' "$f" || true)
	pass=$((pass + p - s))
	skip=$((skip + s))
	fail=$((fail + n))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
