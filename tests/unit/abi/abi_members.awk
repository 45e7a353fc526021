# SPDX-License-Identifier: GPL-2.0-only
#
# List the members of every top-level "struct NAME {" of a uapi header, one
# per line: "STRUCT MEMBER ARRAY TYPE...", where ARRAY is "-" for a scalar,
# "[]" for a flexible array and "[N]" (or "[N][M]") otherwise, and TYPE is
# everything before the declarator, a "*" included for a pointer. Members
# of anonymous unions and structs are members of the enclosing struct,
# which is how C names them (offsetof(struct s, member) works).
# Comments are dropped; a declaration must sit on one line, which is the
# uapi headers' style (the check fails loudly on anything it cannot parse).

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

function emit(decl, type,    name, arr, ptr) {
	decl = trim(decl)
	ptr = ""
	while (decl ~ /^\*/) {
		ptr = ptr "*"
		decl = trim(substr(decl, 2))
	}
	name = decl
	arr = "-"
	if (match(decl, /\[/)) {
		name = trim(substr(decl, 1, RSTART - 1))
		arr = substr(decl, RSTART)
		gsub(/[ \t]/, "", arr)
	}
	if (name !~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
		printf "PARSE-ERROR %s:%d: %s\n", FILENAME, FNR, $0
		return
	}
	print sname, name, arr, type (ptr == "" ? "" : " " ptr)
}

{
	line = $0
	# Comments: whole ones on the line, then an opening or closing part.
	if (in_comment) {
		if (!match(line, /\*\//))
			next
		line = substr(line, RSTART + 2)
		in_comment = 0
	}
	gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", line)
	if (match(line, /\/\*/)) {
		line = substr(line, 1, RSTART - 1)
		in_comment = 1
	}
	line = trim(line)
	if (line == "")
		next
}

!sname && line ~ /^struct [A-Za-z_][A-Za-z0-9_]* \{$/ {
	split(line, w, " ")
	sname = w[2]
	depth = 0
	next
}

!sname { next }

line ~ /^(union|struct)[ \t]*\{$/ { depth++; next }

line ~ /^\}[ \t]*;$/ {
	if (depth) depth--; else sname = ""
	next
}

line ~ /^#/ { next }

{
	if (line !~ /;$/) {
		printf "PARSE-ERROR %s:%d: %s\n", FILENAME, FNR, $0
		next
	}
	line = substr(line, 1, length(line) - 1)
	n = split(line, decls, ",")
	# The type is what precedes the first declarator's name.
	first = decls[1]
	if (!match(first, /[*]*[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*(\[[^]]*\][ \t]*)*$/)) {
		printf "PARSE-ERROR %s:%d: %s\n", FILENAME, FNR, $0
		next
	}
	type = trim(substr(first, 1, RSTART - 1))
	decls[1] = substr(first, RSTART)
	if (type == "") {
		printf "PARSE-ERROR %s:%d: %s\n", FILENAME, FNR, $0
		next
	}
	gsub(/[ \t]+/, " ", type)
	for (i = 1; i <= n; i++)
		emit(decls[i], type)
}
