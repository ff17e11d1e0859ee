# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part configfs: the module's configfs tree: writes,
# groups, results, medium choice. Sourced by scripts/mtk-bootmedia
# (installed: /usr/lib/mtk-bootmedia/configfs.sh); defines functions only,
# runs nothing by itself.

# ------------------------------------------------------- configfs helpers

need_module() {
	[ -d "$CFS" ] && return 0
	if [ ! -d /sys/kernel/config ] || ! grep -q ' /sys/kernel/config configfs' /proc/mounts 2>/dev/null; then
		die 3 "configfs is not mounted on /sys/kernel/config (mount -t configfs none /sys/kernel/config)"
	fi
	die 3 "the mtk_bootmedia module is not loaded: $CFS is missing (run '$PROG setup' or modprobe mtk_bootmedia)"
}

need_node() { # PATH WHAT
	[ -e "$1" ] && return 0
	die 3 "$2 needs the kernel node $1, which the loaded mtk_bootmedia does not provide (kernel core or switch engine missing, or '$PROG setup' not run)"
}

cfs_write() { # PATH VALUE [WHERE-THE-REASON-IS]
	if ! printf '%s\n' "$2" 2> "$T/werr" > "$1"; then
		_why=''
		if [ -n "$3" ] && [ -r "$3" ]; then
			_why=$(sed -n 's/^result: //p' "$3")
			[ -n "$_why" ] || _why=$(cat "$3")
		fi
		[ -n "$_why" ] || _why=$(sed 's/.*: //' "$T/werr")
		[ -z "$CFS_UNDO" ] || cfs_undo
		die 1 "writing '$2' to $1 failed: $_why"
	fi
}

# setup: remove the groups it created when it fails half-way
CFS_UNDO=''
cfs_mkdir() { # PATH
	[ -d "$1" ] && return 0
	if ! mkdir "$1" 2> "$T/err"; then
		_why=$(sed 's/.*: //' "$T/err")
		[ -z "$CFS_UNDO" ] || cfs_undo
		die 3 "cannot create $1: $_why (the loaded mtk_bootmedia does not provide this group)"
	fi
	CFS_UNDO="$1 $CFS_UNDO"
}
cfs_undo() {
	for _d in $CFS_UNDO; do rmdir "$_d" 2>/dev/null; done
	CFS_UNDO=''
}
cfs_need() { # PATH WHAT: need_node that first undoes setup's groups
	[ -e "$1" ] && return 0
	[ -z "$CFS_UNDO" ] || cfs_undo
	need_node "$1" "$2"
}

result_ok() { # COMPONENT-DIR: the result of the last operation must be ok
	rd "$1/result"
	_res=$RD
	case $_res in
	ok*) return 0 ;;
	*)
		msg "$PROG: ${_res:-no result in $1/result}"
		return 1
		;;
	esac
}

medium_groups() {
	for _g in "$CFS"/*/; do
		[ -d "$_g" ] || continue
		_g=${_g%/}
		echo "${_g##*/}"
	done
}

# --medium M: a medium of the profile by its name (the configfs group:
# nand, emmc, ...) or by its type (spi-nand, emmc, sd, nor, ...; one medium
# of that type); sets MN to the name, or exits 2 saying which media there
# are. From PMEDIA (load_profile), without a process.
# shellcheck disable=SC2034 # MN: read by load_profile (profiles.sh)
medium_name() { # M
	MN='' _mt='' _ml=''
	while read -r _mn _mty; do
		[ -n "$_mn" ] || continue
		if [ "$_mn" = "$1" ]; then
			MN=$_mn
			return 0
		fi
		[ "$_mty" != "$1" ] || _mt="$_mt $_mn"
		_ml="${_ml:+$_ml, }$_mn ($_mty)"
	done <<EOF
$PMEDIA
EOF
	case $_mt in
	' '*' '*) die 2 "--medium $1: board $PNAME has several media of type $1 (${_mt# }): give the name" ;;
	' '?*) MN=${_mt# }; return 0 ;;
	esac
	die 2 "--medium $1: board $PNAME has no such medium (media: $_ml)"
}

# medium for COMPONENT: --medium, else the booted one, else the medium the
# profile's boot strap selects, else the first group
pick_medium() { # COMPONENT
	if [ -n "$OPT_MEDIUM" ]; then
		echo "$OPT_MEDIUM"
		return
	fi
	_first='' _strap=''
	for _g in "$CFS"/*/; do
		_g=${_g%/}
		_g=${_g##*/}
		[ -d "$CFS/$_g/$1" ] || continue
		[ -n "$_first" ] || _first=$_g
		if rd "$CFS/$_g/booted" && [ "$RD" = yes ]; then
			echo "$_g"
			return
		fi
		[ -n "$_strap" ] || ! rd "$CFS/$_g/type" || [ "$RD" != "$PSTRAP" ] || _strap=$_g
	done
	echo "${_strap:-$_first}"
}
