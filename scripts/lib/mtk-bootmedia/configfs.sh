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
# are
medium_name() { # M
	MN=$(pget medium | awk -v m="$1" '$1 == m { print $1; exit }')
	[ -z "$MN" ] || return 0
	MN=$(pget medium | awk -v m="$1" '$2 == m { print $1 }')
	case $MN in
	*"
"*) die 2 "--medium $1: board $PNAME has several media of type $1 ($(echo "$MN" | tr '\n' ' ' | sed 's/ $//')): give the name" ;;
	?*) return 0 ;;
	esac
	die 2 "--medium $1: board $PNAME has no such medium (media: $(pget medium | awk '{ printf "%s%s (%s)", s, $1, $2; s = ", " }'))"
}

# medium for COMPONENT: --medium, else the booted one, else the first group
pick_medium() { # COMPONENT
	if [ -n "$OPT_MEDIUM" ]; then
		echo "$OPT_MEDIUM"
		return
	fi
	_first='' _strap=''
	_st=$(pget boot.strap | head -n 1)
	for _g in $(medium_groups); do
		[ -d "$CFS/$_g/$1" ] || continue
		[ -n "$_first" ] || _first=$_g
		if [ "$(cat "$CFS/$_g/booted" 2>/dev/null)" = yes ]; then
			echo "$_g"
			return
		fi
		[ -n "$_strap" ] || [ "$(cat "$CFS/$_g/type" 2>/dev/null)" != "$_st" ] || _strap=$_g
	done
	# booted unknown: the medium the profile's boot strap selects
	echo "${_strap:-$_first}"
}
