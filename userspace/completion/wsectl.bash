# SPDX-License-Identifier: MIT
#
# bash completion for wsectl. Installed as
# $(datadir)/bash-completion/completions/wsectl; or source it.

_wsectl_devices()
{
	# Indexes, PCI addresses and serials of the devices, without opening them.
	local d i=0
	for d in /sys/bus/pci/drivers/wse/[0-9a-f]*:*; do
		[ -e "$d" ] || continue
		printf '%s\n' "$i" "${d##*/}"
		[ -r "$d/serial" ] && cat "$d/serial"
		i=$((i + 1))
	done
}

_wsectl()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}

	local commands="list info topo health telemetry ps reset fw memcpy run help"
	local common="-d --device -j --json -h --help"
	local cmd="" sub="" i

	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-d | --device) ((i++)) ;;
		-*) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=${words[i]}
			elif [ -z "$sub" ]; then
				sub=${words[i]}
			fi
			;;
		esac
	done

	case $prev in
	-d | --device)
		if [[ $cur == /* ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_wsectl_devices)" -- "$cur"))
		fi
		return
		;;
	--png)
		COMPREPLY=($(compgen -f -X '!*.png' -- "$cur") $(compgen -d -- "$cur"))
		return
		;;
	--dtype)
		case $cmd in
		memcpy) COMPREPLY=($(compgen -W "16 32" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "f32 f16" -- "$cur")) ;;
		esac
		return
		;;
	--order)
		COMPREPLY=($(compgen -W "row col" -- "$cur"))
		return
		;;
	--op)
		COMPREPLY=($(compgen -W "sum max min maxabs" -- "$cur"))
		return
		;;
	--scale | --map-cols | --interval | --count | --rect | --elems | --offset | --size | \
		--m | --n | --k | --pes | --alpha | --beta | --tile | --iters | --coef | --seed)
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$common --csv -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts="$common"
	case $cmd in
	list | info | health | ps) opts="$opts --csv" ;;
	topo) opts="$opts --csv --png --scale --map-cols --no-map" ;;
	telemetry) opts="$opts --csv --watch --interval --count" ;;
	reset) ;;
	fw)
		opts="$opts --csv"
		if [ -z "$sub" ] && [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "show load log" -- "$cur"))
			return
		fi
		if [ "$sub" = load ] && [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		;;
	memcpy)
		opts="$opts --rect --elems --dtype --order --offset"
		if [ -z "$sub" ] && [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "h2d d2h roundtrip" -- "$cur"))
			return
		fi
		if [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
		;;
	run)
		opts="$opts --size --m --n --k --pes --alpha --beta --rect --op --tile --iters"
		opts="$opts --coef --dtype --seed --verify"
		if [ -z "$sub" ] && [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "gemm gemv add mul axpy relu reduce_rows reduce_cols
				reduce_all allreduce stencil5" -- "$cur"))
			return
		fi
		;;
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return
		;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

complete -F _wsectl wsectl
