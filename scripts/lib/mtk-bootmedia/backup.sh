# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part backup: a streamed ustar archive of every boot
# area. Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/backup.sh); defines functions only, runs nothing by
# itself.

# ------------------------------------------------------------------ tar
# A tiny ustar writer: the archive is streamed to fd 3, one read of each
# boot area, no temporary copies.

zeros() { # N
	[ "$1" -gt 0 ] || return 0
	dd if=/dev/zero bs="$1" count=1 2>/dev/null
}

tar_header() { # NAME SIZE
	_tn=$ARCHDIR/$1
	_ts=$(printf '%011o' "$2")
	_tm=$(printf '%011o' "$MTIME")
	_sum=$(printf '%s%s%s%s%s%s%s%s%s%s%s%s%s%s' "$_tn" 0000644 0000000 0000000 "$_ts" "$_tm" \
		'        ' 0 ustar 00 root root 0000000 0000000 | hexdump -v -e '1/1 "%u\n"' |
		awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s }')
	{
		printf '%s' "$_tn"
		zeros $((100 - ${#_tn}))
		printf '%s\000' 0000644 0000000 0000000 "$_ts" "$_tm"
		printf '%06o\000 0' "$_sum"
		zeros 100
		printf 'ustar\000%s' 00
		printf root
		zeros 28
		printf root
		zeros 28
		printf '%s\000' 0000000 0000000
		zeros 167
	} >&3
}

tar_pad() { # SIZE
	ARCH_BYTES=$((ARCH_BYTES + 512 + ($1 + 511) / 512 * 512))
	zeros $(((512 - $1 % 512) % 512)) >&3
}

# add a small regular file as a member; records its sha256
tar_file() { # NAME PATH
	_sz=$(wc -c < "$2" | tr -d ' ')
	tar_header "$1" "$_sz" || return 1
	cat "$2" >&3 || return 1
	tar_pad "$_sz" || return 1
	printf '%s  %s\n' "$(sha256sum < "$2" | cut -d' ' -f1)" "$1" >> "$T/SHA256SUMS"
}

# an index of the archive's members, "NAME SIZE FIRST-DATA-BLOCK", so that
# each member is read once with dd instead of scanning the whole archive
arch_index() { # ARCHIVE
	_blk=0
	while :; do
		dd if="$1" bs=512 skip="$_blk" count=1 2>/dev/null > "$T/hdr"
		_nm=$(head -c 100 "$T/hdr" | tr -d '\000')
		[ -n "$_nm" ] || break
		_so=$(dd if="$T/hdr" bs=1 skip=124 count=11 2>/dev/null | tr -cd 0-7)
		_sz=$((0${_so:-0}))
		echo "${_nm#"$ARCHDIR"/} $_sz $((_blk + 1))"
		_blk=$((_blk + 1 + (_sz + 511) / 512))
	done
}

arch_cat() { # MEMBER (of $ARCH, indexed in $T/index)
	# shellcheck disable=SC2046
	set -- $(awk -v m="$1" '$1 == m { print $2, $3; exit }' "$T/index")
	[ $# -eq 2 ] || return 1
	# the whole blocks, then the bytes of the last one with a second dd
	# (busybox head -c copies byte by byte: seconds per MiB on a router)
	dd if="$ARCH" bs=512 skip="$2" count=$(($1 / 512)) 2>/dev/null || return 1
	[ $(($1 % 512)) = 0 ] ||
		dd if="$ARCH" bs=1 skip=$((($2 + $1 / 512) * 512)) count=$(($1 % 512)) 2>/dev/null
}

# ---------------------------------------------------------------- backup

progress() { # AREA DONE TOTAL
	[ -z "$QUIET" ] || return 0
	[ -t 2 ] || return 0
	printf '\r%s: backup %-16s %8s / %s KiB' "$PROG" "$1" "$(kib "$2")" "$(kib "$3")" >&2
}

# write LEN bytes of the area to stdout, in chunks (bounded memory)
read_area() { # AREA KIND DEV OFF LEN BB
	case $2 in
	gpt)
		dd if="$3" bs=512 count=34 2>/dev/null || return 1
		_sec=$(cat "/sys/class/block/${3#/dev/}/size")
		dd if="$3" bs=512 skip=$((_sec - 33)) count=33 2>/dev/null || return 1
		return 0
		;;
	extcsd)
		cat "$T/extcsd.$1"
		return
		;;
	nand)
		if [ "$6" = skipbad ]; then
			# BL2 reads this window skipping bad blocks: keep that view,
			# padded with 0xff to the window size
			nanddump -q --bb=skipbad -s "$4" -l "$5" "$3" 2>/dev/null > "$T/nd" || return 1
			_got=$(wc -c < "$T/nd")
			cat "$T/nd"
			rm -f "$T/nd"
			[ "$_got" -ge "$5" ] || zeros $(($5 - _got)) | tr '\000' '\377'
			return 0
		fi
		;;
	esac
	_done=0
	_bs=65536
	[ $(($4 % _bs)) -eq 0 ] && [ $(($5 % _bs)) -eq 0 ] || _bs=512
	while [ "$_done" -lt "$5" ]; do
		_n=$(($5 - _done))
		[ "$_n" -le "$CHUNK" ] || _n=$CHUNK
		if [ "$2" = nand ]; then
			nanddump -q --bb=padbad -s $(($4 + _done)) -l "$_n" "$3" 2>/dev/null || return 1
		elif [ $((_n % _bs)) -eq 0 ]; then
			dd if="$3" bs=$_bs skip=$((($4 + _done) / _bs)) count=$((_n / _bs)) 2>/dev/null || return 1
		else
			# the tail of a static UBI volume (its data size is not
			# a multiple of anything): read to the end
			dd if="$3" bs=$_bs skip=$((($4 + _done) / _bs)) 2>/dev/null || return 1
		fi
		_done=$((_done + _n))
		progress "$1" "$_done" "$5"
	done
	return 0
}

# stream one area into the archive: header, data (teed into sha256sum and
# a byte count through FIFOs), padding
stream_area() { # AREA KIND DEV OFF LEN BB
	tar_header "$1.bin" "$5" || return 1
	rm -f "$T/f1" "$T/f2" "$T/rc" "$T/sum" "$T/cnt"
	mkfifo "$T/f1" "$T/f2" || return 1
	sha256sum < "$T/f1" > "$T/sum" &
	_p1=$!
	wc -c < "$T/f2" > "$T/cnt" &
	_p2=$!
	{ read_area "$@" || echo $? > "$T/rc"; } | tee "$T/f1" "$T/f2" >&3
	_trc=$?
	wait "$_p1" "$_p2"
	rm -f "$T/f1" "$T/f2"
	[ -z "$QUIET" ] && [ -t 2 ] && printf '\n' >&2
	[ "$_trc" -eq 0 ] || { BK_ERR="writing the archive failed (disk full or I/O error)"; return 1; }
	[ ! -e "$T/rc" ] || { BK_ERR="reading $3 failed"; return 1; }
	_cnt=$(tr -d ' ' < "$T/cnt")
	[ "$_cnt" = "$5" ] || { BK_ERR="reading $3 gave $_cnt bytes, expected $5"; return 1; }
	tar_pad "$5" || return 1
	printf '%s  %s\n' "$(cut -d' ' -f1 < "$T/sum")" "$1.bin" >> "$T/SHA256SUMS"
}

# what PATH is: none, file (regular), or what else it is
file_kind() { # PATH
	if [ -L "$1" ] && [ ! -e "$1" ]; then echo "a dangling symbolic link"
	elif [ ! -e "$1" ]; then echo none
	elif [ -f "$1" ]; then echo file
	elif [ -b "$1" ]; then echo "a block device"
	elif [ -c "$1" ]; then echo "a character device"
	elif [ -d "$1" ]; then echo "a directory"
	elif [ -p "$1" ]; then echo "a FIFO"
	else echo "not a regular file"
	fi
}

# read back a written archive: tar lists exactly the members written, and
# every member's bytes have the sha256 of the manifest ($T/SHA256SUMS)
backup_check() { # ARCHIVE
	BK_ERR=''
	tar -tf "$1" > "$T/list" 2> "$T/err" || { BK_ERR="tar cannot read it: $(head -n 1 "$T/err")"; return 1; }
	{ echo "$ARCHDIR/identity"; awk -v d="$ARCHDIR" '{ print d "/" $1 ".bin" }' "$T/plan"
	  echo "$ARCHDIR/areas"; echo "$ARCHDIR/SHA256SUMS"; } > "$T/want"
	cmp -s "$T/list" "$T/want" || { BK_ERR="tar lists other members than were written"; return 1; }
	ARCH=$1
	arch_index "$1" > "$T/index"
	while read -r _ws _wn; do
		_gs=$(arch_cat "$_wn" | sha256sum | cut -d' ' -f1)
		[ "$_gs" = "$_ws" ] || { BK_ERR="member $_wn has sha256 $_gs, the manifest says $_ws"; return 1; }
	done < "$T/SHA256SUMS"
}

cmd_backup() {
	_out=''
	while [ $# -gt 0 ]; do
		case $1 in
		-) [ -z "$_out" ] || usage_error "backup takes one FILE"; _out=- ;;
		-*) usage_error "backup: unknown option '$1'" ;;
		*) [ -z "$_out" ] || usage_error "backup takes one FILE"; _out=$1 ;;
		esac
		shift
	done
	[ -n "$_out" ] || usage_error "backup: missing FILE.tar (or - for standard output)"
	# the archive holds the factory data (calibration, MACs): only root reads it
	umask 077
	# FILE is a new or a regular file, never a device, directory or FIFO:
	# a device node given as FILE would take the archive over its media
	if [ "$_out" != - ]; then
		_ft=$(file_kind "$_out")
		case $_ft in
		none | file) ;;
		*) die 2 "backup: $_out is $_ft, not a regular file: refusing to write the archive over it (nothing written)" ;;
		esac
		_part=$_out.partial
		[ "$(file_kind "$_part")" = none ] ||
			die 1 "backup: $_part exists (an interrupted backup, or not ours): remove it or choose another FILE (nothing written)"
	elif [ -b /proc/self/fd/1 ]; then
		die 2 "backup: standard output is a block device: refusing to write the archive over it (nothing written)"
	fi
	load_profile
	tmpdir
	MTIME=$(date +%s)

	# plan: every area of a present medium; sizes known before a byte is written
	: > "$T/plan"
	: > "$T/areas"
	_missing=''
	_total=1024
	pget backup > "$T/blines"
	while read -r _a _loc _o1 _o2; do
		_m=${_a%%.*}
		_opt='' _bb=padbad
		for _o in $_o1 $_o2; do
			case $_o in optional) _opt=1 ;; bb=*) _bb=${_o#bb=} ;; esac
		done
		medium_info "$_m" < /dev/null || continue
		if ! resolve "$_loc" < /dev/null; then
			[ -n "$_opt" ] && continue
			warn "area $_a ($_loc) is missing: $R_ERR; it is not in the backup"
			_missing="$_missing $_a"
			printf '%s missing %s -\n' "$_a" "$_loc" >> "$T/areas"
			continue
		fi
		if [ "$R_KIND" = extcsd ]; then
			extcsd_text "$R_DEV" > "$T/extcsd.$_a" < /dev/null || die 3 "backup: cannot read the EXT_CSD of $R_DEV"
			R_LEN=$(wc -c < "$T/extcsd.$_a" | tr -d ' ')
		fi
		echo "$_a $R_KIND $R_DEV $R_OFF $R_LEN $_bb" >> "$T/plan"
		printf '%s %s %s %s %s\n' "$_a" "$R_LEN" "$_loc" "$R_DEV" "$R_NOTE" >> "$T/areas"
		_total=$((_total + 512 + (R_LEN + 511) / 512 * 512))
	done < "$T/blines"
	[ -s "$T/plan" ] || die 1 "backup: no boot area of profile $PNAME found on this system"

	{
		echo "format $ARCHDIR 1"
		echo "board $PNAME"
		echo "compatible $COMPAT"
		echo "created $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
		echo "helper $VERSION"
		echo "kernel $(uname -r)"
	} > "$T/identity"
	# identity, area list and manifest: a few KiB
	_total=$((_total + 16384))

	if [ "$_out" = - ]; then
		[ ! -t 1 ] || die 2 "backup: refusing to write an archive to a terminal (redirect it)"
		exec 3>&1
	else
		_dir=$(dirname "$_out")
		[ -d "$_dir" ] || die 1 "backup: directory $_dir does not exist"
		_free=$(df -Pk "$_dir" 2>/dev/null | awk 'NR == 2 { print $4 }')
		if [ -n "$_free" ] && [ "$_free" -lt "$(kib "$_total")" ]; then
			die 1 "backup: not enough space in $_dir: the archive needs $(kib "$_total") KiB, $_free KiB free"
		fi
		# FILE.partial, created here and only if new (noclobber); a failed
		# redirection of exec would end the shell: create it first
		(set -C; : > "$_part") 2> "$T/err" || die 1 "backup: cannot write $_part: $(sed 's/.*: //' "$T/err" | head -n 1)"
		PARTIAL=$_part
		exec 3>> "$_part"
	fi
	info "backup of $PNAME ($(wc -l < "$T/plan" | tr -d ' ') areas, $(kib "$_total") KiB) to $_out"
	: > "$T/SHA256SUMS"
	ARCH_BYTES=1024
	BK_ERR=''
	_ok=1
	tar_file identity "$T/identity" || _ok=
	if [ -n "$_ok" ]; then
		while read -r _a _k _d _off _len _bb; do
			if ! stream_area "$_a" "$_k" "$_d" "$_off" "$_len" "$_bb" < /dev/null; then
				_ok=''
				break
			fi
			[ -t 2 ] || info "  $_a: $(kib "$_len") KiB from $_d"
		done < "$T/plan"
	fi
	[ -z "$_ok" ] || tar_file areas "$T/areas" || _ok=
	if [ -n "$_ok" ]; then
		cp "$T/SHA256SUMS" "$T/sums" && tar_file SHA256SUMS "$T/sums" || _ok=
	fi
	[ -z "$_ok" ] || zeros 1024 >&3 || _ok=
	exec 3>&-
	_was=''
	[ "$_out" = - ] || _was="; $_out is untouched"
	[ -n "$_ok" ] || die 1 "backup failed: ${BK_ERR:-cannot write $_part (disk full or not writable)}${_was}"
	if [ "$_out" != - ]; then
		sync
		_got=$(wc -c < "$_part" | tr -d ' ')
		[ "$_got" -eq "$ARCH_BYTES" ] || die 1 "backup failed: $_part has $_got bytes, expected $ARCH_BYTES$_was"
		backup_check "$_part" || die 1 "backup failed: $_part does not read back: $BK_ERR$_was"
		mv -f "$_part" "$_out" 2> "$T/err" || die 1 "backup: cannot rename $_part to $_out: $(sed 's/.*: //' "$T/err" | head -n 1)$_was"
		# shellcheck disable=SC2034 # read by cleanup (common.sh)
		PARTIAL=''
		sync
	fi
	info "backup complete: $_out"
	[ -z "$_missing" ] || warn "missing from this backup:$_missing"
	return 0
}
