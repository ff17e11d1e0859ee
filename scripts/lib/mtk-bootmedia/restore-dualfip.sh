# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# shellcheck disable=SC2154 # _a _m _c _loc _len _how _kind _want: the caller's loop variables (restore.sh)
#
# mtk-bootmedia helper, part restore-dualfip: restore of the MediaTek dual FIP on UBI
# through the bspconf record (restore.sh calls it).
# Sourced by scripts/mtk-bootmedia after restore.sh (installed:
# /usr/lib/mtk-bootmedia/restore-dualfip.sh); defines functions only, runs nothing
# by itself.

# ------------------------------------------- MediaTek dual FIP on UBI
# The FIP slots are the fixed static volumes fip (bspconf slot 0) and fip2
# (slot 1); BL2 loads the one the bspconf record names (the valid copy of
# bspconf1/bspconf2 with the newer upd_cnt, reference §4.4). restore writes
# a FIP volume only while the record names the other slot, switches with
# the module's record (written to the copy not in use), and ends on the
# slot the archive's record names: the records get a new upd_cnt, they are
# not copied back (an old counter would lose against the board's, and the
# copy in use would be overwritten in place). Only when no record copy on
# the board is valid (nothing boots from them now) are the volumes and then
# the records copied as they are.

# the component of MEDIUM with switch bspconf on UBI (fip), or nothing
bspconf_fip_comp() { # MEDIUM
	pget component | awk -v m="$1" '$1 == m && $4 == "bspconf" { print $2 }' | while read -r _bc; do
		pget slot | awk -v m="$1" -v c="$_bc" '$1 == m && $2 == c && $4 ~ /^ubi:/ { f = 1 } END { exit !f }' &&
			{ echo "$_bc"; break; }
	done
}

# "UPD_CNT FIP_SLOT" of FILE when it is a valid bspconf record (CRC32 over
# [4, len), 12 <= len <= its size, ver 1, current_fip_slot 0 or 1; a short
# record is zero-extended), else nothing and exit 1
bspconf_rec() { # FILE
	_rz=$(wc -c < "$1" | tr -d ' ')
	[ "$_rz" -ge 12 ] || return 1
	# shellcheck disable=SC2046 # the words, one argument each
	set -- "$1" $({ head -c 20 "$1"; zeros 20; } | head -c 20 | hexdump -v -e '1/1 "%u "' |
		awk '{ for (w = 0; w < 5; w++) { v = 0; for (i = 4; i >= 1; i--) v = v * 256 + $(w * 4 + i); printf "%.0f ", v } }')
	# $2 crc, $3 len, $4 ver, $5 upd_cnt, $6 current_fip_slot
	[ $# -eq 6 ] && [ "$4" = 1 ] && [ "$3" -ge 12 ] && [ "$3" -le "$_rz" ] || return 1
	# a record shorter than the slot field: zero-extended, slot 0
	[ "$3" -ge 20 ] || set -- "$1" "$2" "$3" "$4" "$5" 0
	[ "$3" -ge 16 ] || set -- "$1" "$2" "$3" "$4" 0 "$6"
	_rc=$(tail -c +5 "$1" | head -c $(($3 - 4)) | gzip -c | tail -c 8 | head -c 4 | hexdump -v -e '1/1 "%u "' |
		awk '{ printf "%.0f", $1 + $2 * 256 + $3 * 65536 + $4 * 16777216 }')
	[ "$_rc" = "$2" ] || return 1
	case $6 in 0 | 1) echo "$5 $6" ;; *) return 1 ;; esac
}

# the slot of FIP-COMPONENT of MEDIUM that is bspconf FIP slot N (volume
# fip for 0, fip2 for 1)
bspconf_slot_name() { # MEDIUM FIP-COMPONENT N
	_bv=fip
	[ "$3" = 0 ] || _bv=fip2
	pget slot | awk -v m="$1" -v c="$2" -v v=":$_bv" '$1 == m && $2 == c && substr($4, length($4) - length(v) + 1) == v { print $3; exit }'
}

# before the pre-flight: per medium with dual FIP areas to restore, what
# BL2 loads now and what the archive's records name:
# $T/bs.MEDIUM = "FIP-COMPONENT NOW MODE WANT" (MODE switch: a record copy
# on the board is valid; raw: none is; WANT: the slot to end on)
bspconf_plan() {
	awk '$2 == "bspconf-fip" || $2 == "bspconf-rec" { print $3 }' "$T/wplan" | sort -u > "$T/bsm"
	while read -r _bm; do
		_bf=$(bspconf_fip_comp "$_bm")
		_bn=$(comp_active "$CFS/$_bm/$_bf")
		_bmode=switch
		[ -d "$CFS/$_bm/$_bf/$_bn" ] || _bmode=raw _bn=-
		# the archive's record copies: the valid one with the newer
		# upd_cnt (copy 1 on a tie, as BL2)
		_bw='' _bu=''
		awk -v m="$_bm" '$2 == "bspconf-rec" && $3 == m { print $1 }' "$T/wplan" | sort > "$T/bsr"
		while read -r _br; do
			arch_cat "$_br.bin" > "$T/rec" || die 4 "restore: cannot read $_br from $ARCH (nothing written)"
			# shellcheck disable=SC2046
			set -- $(bspconf_rec "$T/rec")
			[ $# -eq 2 ] || continue
			if [ -z "$_bu" ] || { [ "$1" = 0 ] && [ "$_bu" = 4294967295 ]; } ||
				{ ! { [ "$1" = 4294967295 ] && [ "$_bu" = 0 ]; } && [ "$1" -gt "$_bu" ]; }; then
				_bu=$1 _bw=$(bspconf_slot_name "$_bm" "$_bf" "$2")
				[ -n "$_bw" ] || die 4 "restore: the record $_br names FIP slot $2, which profile $PNAME does not have (nothing written)"
				info "restore: $_br (upd_cnt $1) names FIP slot $2 ($_bw) in $ARCH"
			fi
		done < "$T/bsr"
		# no valid record selected: end where the board boots now
		[ -n "$_bw" ] || _bw=$_bn
		echo "$_bf $_bn $_bmode $_bw" > "$T/bs.$_bm"
	done < "$T/bsm"
}

# pre-flight of a dual FIP line (the variables of restore_preflight's
# loop); returns 1 when the line is to be handled as a plain volume (raw)
bspconf_line_preflight() {
	read -r _bf _bn _bmode _bw < "$T/bs.$_m"
	[ "$_bmode" = switch ] || return 1
	command -v ubiupdatevol > /dev/null 2>&1 || die 3 "restore: ubiupdatevol (mtd-utils) is not installed (nothing written)"
	if [ "$_how" = bspconf-rec ]; then
		info "restore $_a: not copied: the module writes a new record naming slot $_bw of $_m/$_bf (upd_cnt counting on)"
		return 0
	fi
	for _bx in active record record_volume; do
		need_node "$CDIR/$_bx" "restore $_a (the archive is verified; nothing was written)"
	done
	# (ubi_slot_info, under it, sets _loc)
	_bl0=$_loc
	_bspconf_ubi_records
	_loc=$_bl0
	ubi_target "$_loc" "${_loc##*:}" || die 1 "restore: no UBI volume ${_loc##*:} for $_a (create it: ubimkvol /dev/ubiN -N ${_loc##*:} -t static -s SIZE, an id below 16; nothing written)"
	[ "$_len" -le "$UT_ROOM" ] || die 4 "restore: $_a has $_len bytes, UBI volume ${_loc##*:} holds $UT_ROOM (nothing written)"
	if [ "$_s" = "$_bw" ]; then
		# the slot BL2 is to load: the module's check, as install
		[ "$_len" != 0 ] || die 4 "restore: $_a is empty, but the archive's record names its slot $_s (nothing written)"
		module_check "$CDIR" "$T/area" "$_kind" "$_a"
	else
		# a slot the record will not name: the size only
		[ "$_len" = 0 ] || module_check "$CDIR" "$T/area" data "$_a"
	fi
	# the slot that boots now goes last, after the other is written
	_bk=1
	[ "$_s" != "$_bn" ] || _bk=2
	echo "$_bk $_a $_how $_m $_c $_s $_loc $_kind $_len $_want" >> "$T/todo.bs"
}

# after the pre-flight: the slot to end on must hold a valid FIP; the final
# switch goes last; the dual FIP lines after the others
bspconf_preflight() {
	while read -r _bm; do
		read -r _bf _bn _bmode _bw < "$T/bs.$_bm"
		[ "$_bmode" = switch ] || continue
		if ! awk -v m="$_bm" -v c="$_bf" -v s="$_bw" '$4 == m && $5 == c && $6 == s { f = 1 } END { exit !f }' "$T/todo.bs"; then
			# not written by this restore: as it is now
			_bst=$(cat "$CFS/$_bm/$_bf/$_bw/state" 2>/dev/null)
			[ "$_bst" = valid ] || die 4 "restore: the archive's record names slot $_bw of $_bm/$_bf, which holds no valid FIP ($_bst) and is not restored (nothing written)"
		fi
		if [ "$_bw" != "$_bn" ] || awk -v m="$_bm" '$4 == m { f = 1 } END { exit !f }' "$T/todo.bs"; then
			echo "3 $_bm.$_bf bspconf-switch $_bm $_bf $_bw - - - -" >> "$T/todo.bs"
		fi
	done < "$T/bsm"
	sort -k1,1n "$T/todo.bs" | cut -d' ' -f2- >> "$T/todo"
}

# write FILE into the volume of SLOT of $CDIR, read it back
bspconf_vol_write() { # SLOT FILE WHAT
	_bl0=$_loc
	ubi_slot_info "$CDIR/$1" || die 1 "restore: slot $1 of ${CDIR#"$CFS"/} has no UBI volume; $RS_LEFT"
	_loc=$_bl0
	_bl=$(wc -c < "$2" | tr -d ' ')
	# shellcheck disable=SC2153 # U_DEV, U_VID: set by ubi_slot_info (install.sh)
	_ubi_write "$2" "$U_DEV" "$U_VID" "$U_NAME" "$_bl" ||
		die 1 "restore: ubiupdatevol of $3 into $U_NAME failed: $(head -n 1 "$T/err"); the record names another slot, which boots; $RS_LEFT"
	ubi_readback "$U_DEV" "$U_VID" "$_bl" "$2" ||
		die 1 "restore: volume $U_NAME does not read back as $3 (sha256 differs); the record names another slot, which boots; $RS_LEFT"
}

# write one dual FIP line of the todo list (the variables of the loop)
restore_bspconf_fip() {
	_ia=$(comp_active "$CDIR")
	[ -d "$CDIR/$_ia" ] || die 1 "restore: the bspconf record of ${CDIR#"$CFS"/} names no usable FIP slot now ($_ia); $RS_LEFT"
	if [ "$_s" != "$_ia" ]; then
		bspconf_vol_write "$_s" "$T/area" "$_a"
		return 0
	fi
	# the slot BL2 loads now: the other slot boots while it is written
	_bo=$(comp_slots "$CDIR" | grep -vx "$_s" | head -n 1)
	[ -n "$_bo" ] || die 1 "restore: ${CDIR#"$CFS"/} has no second FIP slot for $_a; $RS_LEFT"
	_btmp=''
	if [ "$(cat "$CDIR/$_bo/state" 2>/dev/null)" != valid ]; then
		# it holds no valid FIP: a copy of this one while slot $_s is
		# written, then what it held again
		_bl0=$_loc
		ubi_slot_info "$CDIR/$_bo" || die 1 "restore: slot $_bo of ${CDIR#"$CFS"/} has no UBI volume; $RS_LEFT"
		_loc=$_bl0
		dd if="/dev/ubi${U_DEV}_$U_VID" bs=65536 2>/dev/null | head -c "$(cat "/sys/class/ubi/ubi${U_DEV}_$U_VID/data_bytes")" > "$T/bsold"
		bspconf_vol_write "$_bo" "$T/area" "$_a (a copy in slot $_bo while slot $_s is written)"
		_bst=$(cat "$CDIR/$_bo/state" 2>/dev/null)
		[ "$_bst" = valid ] || die 1 "restore: slot $_bo holding $_a is '$_bst' to the module: not switching, slot $_s still boots; $RS_LEFT"
		_btmp=1
	fi
	_bspconf_ubi_commit "$_bo" restore
	bspconf_vol_write "$_s" "$T/area" "$_a"
	_bst=$(cat "$CDIR/$_s/state" 2>/dev/null)
	[ "$_bst" = valid ] || die 1 "restore: slot $_s holding $_a is '$_bst' to the module: not switching back, slot $_bo boots; $RS_LEFT"
	_bspconf_ubi_commit "$_s" restore
	[ -z "$_btmp" ] || bspconf_vol_write "$_bo" "$T/bsold" "what slot $_bo held before"
}
