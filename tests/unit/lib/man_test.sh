#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The wsectl manual (Documentation/wsectl.rst) renders as a man page
# without a docutils warning, and documents every command and exit status
# `wsectl --help` announces. TAP output. Needs $WSECTL and $RST (the unit
# Makefile sets them); skips without rst2man.
: "${WSECTL:?}" "${RST:?}"
echo "TAP version 13"
if ! command -v rst2man >/dev/null 2>&1; then
	echo "1..0 # SKIP rst2man not installed (python3-docutils)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmds=$("$WSECTL" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 && $1 != "Commands:" {print $1}')
codes=$("$WSECTL" --help | sed -n '/^Exit status:/,$p' | awk '$1 ~ /^[0-9]+$/ {print $1}')
echo "1..$((3 + 2 * $(echo "$cmds" | wc -l) + $(echo "$codes" | wc -l)))"
n=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
fail=0

rst2man --halt=warning --report=info --no-generator "$RST" "$tmp/wsectl.1" 2>"$tmp/log"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/log" ]
tap $? "rst2man renders wsectl.rst without warnings or messages"
sed 's/^/# /' "$tmp/log"
grep -q '^\.TH "\{0,1\}WSECTL"\{0,1\} "\{0,1\}1"\{0,1\}' "$tmp/wsectl.1"
tap $? "wsectl.1 is a section 1 page"
# man(1) itself finds nothing to complain about.
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$tmp/wsectl.1" >"$tmp/text" 2>"$tmp/log2"
	# grotty says this of every boxed table rst2man emits (a groff quirk
	# of the box's top line), whatever the table holds: not our fault.
	grep -v 'grotty:.*character above first line discarded' "$tmp/log2" >"$tmp/manlog"
	[ ! -s "$tmp/manlog" ] && grep -q "^SYNOPSIS" "$tmp/text"
	tap $? "man --warnings formats it cleanly"
	sed 's/^/# /' "$tmp/manlog"
else
	echo "ok $((n = n + 1)) - man --warnings formats it cleanly # SKIP no man"
fi
for c in $cmds; do
	grep -q "^\*\*$c\*\*" "$RST"
	tap $? "the manual has a section for '$c'"
done
# The bash completion offers each command, run as bash would run it.
comp=${COMPLETION:-$(dirname "$RST")/../userspace/completion/wsectl.bash}
offered=$(bash -c '. "$1"; COMP_WORDS=(wsectl ""); COMP_CWORD=1; _wsectl; echo "${COMPREPLY[*]}"' \
	_ "$comp" 2>&1)
for c in $cmds; do
	case " $offered " in
	*" $c "*) tap 0 "bash completion offers '$c'" ;;
	*) tap 1 "bash completion offers '$c' (got: $offered)" ;;
	esac
done
for e in $codes; do
	grep -q "^\*\*$e\*\*$" "$RST"
	tap $? "the manual explains exit status $e"
done
exit $fail
