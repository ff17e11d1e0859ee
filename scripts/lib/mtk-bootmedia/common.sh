# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part common: cleanup and its traps, messages, exit
# codes, the temporary directory, numbers. Sourced first by
# scripts/mtk-bootmedia (installed: /usr/lib/mtk-bootmedia/common.sh).

# ---------------------------------------------------------------- basics

T='' PARTIAL=''
# PARTIAL: a file this run created and has not finished (backup's
# FILE.partial); removed on every exit. Nothing else is ever removed.
# The temporary directory and the lock file (lock_writes without flock)
# go in one rm: a process costs tens of ms under QEMU TCG.
cleanup() {
	[ -z "$PARTIAL" ] || rm -f "$PARTIAL"
	if [ -n "$T" ] || [ -n "$LOCK_FILE" ]; then
		rm -rf ${T:+"$T"} ${LOCK_FILE:+"$LOCK_FILE"}
	fi
	T='' PARTIAL='' LOCK_FILE=''
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

msg() { printf '%s\n' "$*" >&2; }
info() { [ -n "$QUIET" ] || printf '%s: %s\n' "$PROG" "$*" >&2; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
die() { # CODE MESSAGE
	_c=$1
	shift
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	json_fail "$_c" "$*"
	exit "$_c"
}
usage_error() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	printf "Try '%s help'.\n" "$PROG" >&2
	json_fail 2 "$*"
	exit 2
}
tmpdir() {
	[ -n "$T" ] && return 0
	T=$(mktemp -d "${TMPDIR:-/tmp}/mtkbm.XXXXXX") || die 1 "cannot create a temporary directory in ${TMPDIR:-/tmp}"
}
is_num() {
	case $1 in
	'' | *[!0-9xXa-fA-F]*) return 1 ;;
	0x* | 0X*) [ -n "${1#0[xX]}" ] ;;
	*[!0-9]*) return 1 ;;
	esac
}
kib() { echo $((($1 + 1023) / 1024)); }
# file_size FILE: its size in bytes from ls -l (busybox wc -c reads the
# whole file, a byte at a time: 0.3 s for 1 MiB under QEMU TCG)
file_size() {
	# shellcheck disable=SC2046 # the fields of ls -l; the fifth is the size
	set -- $(ls -Lln -- "$1" 2>/dev/null)
	case ${5:-} in
	'' | *[!0-9]*) wc -c < "$1" | tr -d ' ' ;;
	*) echo "$5" ;;
	esac
}
# rd FILE: RD is its first line, read without starting a process (a
# configfs or sysfs attribute); fails with RD empty when FILE is unreadable
rd() {
	RD=''
	[ -r "$1" ] || return 1
	IFS= read -r RD 2>/dev/null < "$1" || [ -n "$RD" ]
}

