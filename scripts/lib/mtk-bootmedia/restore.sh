# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part restore: verify a backup, write it through the
# module. Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/restore.sh); defines functions only, runs nothing
# by itself.

# --------------------------------------------------------------- restore

cmd_restore() {
	_in='' _only='' _dry=''
	while [ $# -gt 0 ]; do
		case $1 in
		--only) [ $# -ge 2 ] || usage_error "--only needs an AREA"; _only="$_only $2"; shift ;;
		--only=*) _only="$_only ${1#--only=}" ;;
		--dry-run | -n) _dry=1 ;;
		-*) usage_error "restore: unknown option '$1'" ;;
		*) [ -z "$_in" ] || usage_error "restore takes one FILE"; _in=$1 ;;
		esac
		shift
	done
	[ -n "$_in" ] || usage_error "restore: missing FILE.tar"
	{ [ -f "$_in" ] && [ -r "$_in" ]; } || die 2 "restore: cannot read $_in"
	load_profile
	tmpdir

	tar -tf "$_in" > "$T/list" 2> "$T/err" || die 4 "restore: $_in is not a tar archive: $(head -n 1 "$T/err")"
	for _f in identity areas SHA256SUMS; do
		grep -qx "$ARCHDIR/$_f" "$T/list" || die 4 "restore: $_in is not an $PROG backup (no $ARCHDIR/$_f)"
	done
	# shellcheck disable=SC2034 # read by arch_cat (backup.sh)
	ARCH=$_in
	arch_index "$_in" > "$T/index"
	arch_cat identity > "$T/identity" || die 4 "restore: cannot read the identity of $_in"
	_fmt=$(awk '$1 == "format" { print $2, $3 }' "$T/identity")
	[ "$_fmt" = "$ARCHDIR 1" ] || die 4 "restore: $_in has an unknown backup format '$_fmt'"
	_bb=$(awk '$1 == "board" { print $2 }' "$T/identity")
	_bc=$(sed -n 's/^compatible //p' "$T/identity")
	# the board first: another board's backup is refused before anything else
	if [ "$_bb" != "$PNAME" ] || [ "${_bc%% *}" != "${COMPAT%% *}" ]; then
		die 4 "restore: $_in is a backup of board $_bb (${_bc%% *}), but this board is $PNAME (${COMPAT%% *}); refusing to restore another board's boot areas (nothing written)"
	fi

	# the manifest: every member's sha256, every area listed, sizes
	arch_cat SHA256SUMS > "$T/sums" || die 4 "restore: cannot read the manifest of $_in"
	arch_cat areas > "$T/areas" || die 4 "restore: cannot read the area list of $_in"
	_want=$(awk '$2 == "identity" { print $1 }' "$T/sums")
	[ -n "$_want" ] || die 4 "restore: the manifest of $_in does not cover the identity: damaged"
	for _f in identity areas; do
		_want=$(awk -v f="$_f" '$2 == f { print $1 }' "$T/sums")
		_got=$(sha256sum < "$T/$_f" | cut -d' ' -f1)
		[ "$_want" = "$_got" ] || die 4 "restore: $_in is damaged: the sha256 of $_f differs from the manifest"
	done
	: > "$T/sel"
	while read -r _a _len _loc _dev _note; do
		[ "$_len" != missing ] || continue
		grep -qx "$ARCHDIR/$_a.bin" "$T/list" || die 4 "restore: $_in is damaged: area $_a is listed but not in the archive"
		_want=$(awk -v f="$_a.bin" '$2 == f { print $1 }' "$T/sums")
		[ -n "$_want" ] || die 4 "restore: $_in is damaged: no sha256 for area $_a in the manifest"
		if [ -n "$_only" ]; then
			_hit=''
			for _o in $_only; do
				[ "$_o" = "$_a" ] || [ "$_o" = "${_a#*.}" ] || [ "$_o" = "${_a%%.*}" ] && _hit=1
			done
			[ -n "$_hit" ] || continue
		fi
		echo "$_a $_len $_loc $_want" >> "$T/sel"
	done < "$T/areas"
	if [ -n "$_only" ]; then
		for _o in $_only; do
			awk -v o="$_o" '{ a = $1; s = a; sub(/^[^.]*\./, "", s); m = a; sub(/\..*/, "", m) } a == o || s == o || m == o { f = 1 } END { exit !f }' "$T/sel" ||
				die 2 "restore: no area '$_o' in $_in (areas: $(awk '$2 != "missing" { printf "%s ", $1 }' "$T/areas"))"
		done
	fi
	[ -s "$T/sel" ] || die 4 "restore: $_in holds no area"
	while read -r _a _len _loc _want; do
		_sz=$(awk -v m="$_a.bin" '$1 == m { print $2 }' "$T/index")
		[ "$_sz" = "$_len" ] || die 4 "restore: $_in is damaged: area $_a has ${_sz:-no} bytes, the list says $_len"
		_got=$(arch_cat "$_a.bin" | sha256sum | cut -d' ' -f1)
		[ "$_got" = "$_want" ] || die 4 "restore: $_in is damaged: the sha256 of area $_a differs from the manifest (nothing written)"
		[ "$_sz" = "$_len" ] || die 4 "restore: $_in is damaged: area $_a has $_sz bytes, the list says $_len"
	done < "$T/sel"
	info "$_in: verified, board $PNAME, $(wc -l < "$T/sel" | tr -d ' ') areas"

	# the write plan: every area's target from the current profile (the
	# archive's location must be the profile's), written through the
	# module's nodes; FIP and BL2 of two-slot engines through the inactive
	# slot and a switch, never the active slot in place
	: > "$T/wplan"
	while read -r _a _len _loc _want; do
		_m=${_a%%.*}
		_ploc=$(pget backup | awk -v a="$_a" '$1 == a { print $2; exit }')
		[ -n "$_ploc" ] || die 4 "restore: area $_a of $_in is not an area of profile $PNAME; refusing (nothing written)"
		[ "$_ploc" = "$_loc" ] || die 4 "restore: area $_a: $_in has it at $_loc, profile $PNAME at $_ploc; refusing (nothing written)"
		_cs=$(pget slot | awk -v m="$_m" -v l="$_loc" '$1 == m && $4 == l { print $2, $3; exit }')
		_c=${_cs% *} _s=${_cs#* } _kind=- _sw=-
		if [ -n "$_cs" ]; then
			_ks=$(pget component | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $3, $4; exit }')
			_kind=${_ks% *} _sw=${_ks#* }
		else
			_c=- _s=-
		fi
		case $_loc in
		disk:gpt) _how=gpt ;;
		emmc:extcsd) _how=extcsd; rs_boot_enable ;;
		ubi:*)
			# the volume named fip is the one BL2 loads: through the
			# inactive volume and a rename
			if [ "$_sw" = ubi ] && [ "${_loc##*:}" = fip ]; then
				_how=ubi-switch
			elif [ "$_sw" = bspconf ]; then
				# MediaTek dual FIP: fip and fip2 are fixed slots,
				# the bspconf record picks one
				_how=bspconf-fip
			elif [ "$_c" = bspconf ] && [ -n "$(bspconf_fip_comp "$_m")" ]; then
				_how=bspconf-rec
			else
				_how=ubi-vol
			fi
			;;
		*)
			if [ -z "$_cs" ]; then
				# a whole area holding several slots (BL2 copies)
				_c=$(pget slot | awk -v m="$_m" -v l="${_loc}@" '$1 == m && index($4, l) == 1 { print $2; exit }')
				[ -n "$_c" ] || die 4 "restore: profile $PNAME has no component covering $_loc (area $_a; nothing written)"
				_how=copies _s=all
				_kind=$(pget component | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $3; exit }')
			else
				case $_sw in extcsd | gpt) _how=stage2 ;; *) _how=stage ;; esac
			fi
			;;
		esac
		echo "$_a $_how $_m $_c $_s $_loc $_kind $_len $_want" >> "$T/wplan"
	done < "$T/sel"
	if [ -n "$_dry" ]; then
		echo "restore $_in (board $PNAME) would write:"
		while read -r _a _how _m _c _s _loc _kind _len _want; do
			case $_how in
			ubi-switch) echo "  $_a ($_len bytes) -> $_loc: checked by $CFS/$_m/$_c/verify, written to the inactive volume with ubiupdatevol, read back, renamed to ${_loc##*:}" ;;
			ubi-vol) echo "  $_a ($_len bytes) -> $_loc: written with ubiupdatevol, read back (sha256)" ;;
			bspconf-fip) echo "  $_a ($_len bytes) -> $_loc: checked by $CFS/$_m/$_c/verify, written with ubiupdatevol while the bspconf record names the other slot (switching to it first when $_loc is the slot BL2 loads), read back" ;;
			bspconf-rec) echo "  $_a ($_len bytes) -> $_loc: its slot is switched to through $CFS/$_m/$(bspconf_fip_comp "$_m")/active (a new record, upd_cnt counting on); copied as it is only when no record copy on the board is valid" ;;
			stage) echo "  $_a ($_len bytes) -> $_loc: $CFS/$_m/$_c/image, stage $_s, read back" ;;
			stage2) echo "  $_a ($_len bytes) -> $_loc: $CFS/$_m/$_c/image, stage into the inactive slot, switch (the active slot is never written in place), read back" ;;
			copies) echo "  $_a ($_len bytes) -> $_loc: each BL2 copy it holds into its slot of $_m/$_c, the first copy last ($CFS/$_m/$_c/image, stage SLOT)" ;;
			gpt) echo "  $_a ($_len bytes) -> the GPT of $_m: written only when the table on the disk is not valid (backup copy, entries, MBR, the primary header last, read back); a valid table that differs is refused, one that differs only by the fip/fip2 names (gpt switch) left as it is" ;;
			extcsd) echo "  $_a -> $_m EXT_CSD: boot_partition, boot_ack" ;;
			esac
		done < "$T/wplan"
		return 0
	fi
	need_module
	# every area checked before the first write: a refusal leaves every
	# area as it was
	: > "$T/todo"
	: > "$T/todo.bs"
	bspconf_plan
	rs_gpt_plan
	while read -r _a _how _m _c _s _loc _kind _len _want; do
		restore_preflight < /dev/null
	done < "$T/wplan"
	bspconf_preflight
	if [ ! -s "$T/todo" ]; then
		if [ -s "$T/bsm" ]; then
			info "restore: every area already holds the archive's bytes (the dual FIP records: BL2 loads the slot the archive's record names); nothing written"
		else
			info "restore: every area already holds the archive's bytes; nothing written"
		fi
		return 0
	fi
	_yes_or_ask "restore $(wc -l < "$T/todo" | tr -d ' ') boot areas of $PNAME from $_in"
	while read -r _a _how _m _c _s _loc _kind _len _want; do
		restore_area < /dev/null
	done < "$T/todo"
	info "restore complete"
}

# the PARTITION_CONFIG of extcsd area $_a of $ARCH into _pc: refused when
# it has none, a reserved boot enable, or enables a boot area the profile
# gives to data (BPI-R3 Mini: boot1 holds the EN8811H firmware; the BootROM
# would load it as BL2): as boot-partition, which no --force lifts
rs_boot_enable() {
	_pc=$(arch_cat "$_a.bin" | awk '$1 == "PARTITION_CONFIG" { print $2; exit }')
	is_num "$_pc" || die 4 "restore: $_a has no PARTITION_CONFIG (nothing written)"
	case $(((_pc >> 3) & 7)) in 0 | 1 | 2 | 7) ;; *) die 4 "restore: $_a: PARTITION_CONFIG $_pc has a reserved boot enable (nothing written)" ;; esac
	[ $(((_pc >> 3) & 7)) = 1 ] || [ $(((_pc >> 3) & 7)) = 2 ] || return 0
	_dc=$(boot_area_data "$_m" boot$((((_pc >> 3) & 7) - 1)))
	[ -z "$_dc" ] || die 4 "restore: $_a: PARTITION_CONFIG $_pc enables boot$((((_pc >> 3) & 7) - 1)), which holds $_dc on $PNAME (data, not BL2: the BootROM would load it as BL2); refusing to restore it (nothing written)"
}

# the sha256 of what LOCATION holds now over LEN bytes, or "" when it
# cannot be read or its size differs (a static UBI volume's data size)
area_now_sha() { # MEDIUM LOCATION LEN
	medium_info "$1" > /dev/null 2>&1 || return 0
	resolve "$2" 2> /dev/null || return 0
	case $R_KIND in extcsd) return 0 ;; esac
	[ "$R_LEN" = "$3" ] || return 0
	read_area "$1" "$R_KIND" "$R_DEV" "$R_OFF" "$3" padbad 2> /dev/null | sha256sum | cut -d' ' -f1
}

# the UBI volume named NAME on the UBI device of LOCATION (ubi:DEV:VOL):
# sets UT_DEV UT_VID UT_ROOM (bytes it can hold)
ubi_target() { # LOCATION NAME
	_x=${1#ubi:}
	UT_DEV=$(ubi_num "${_x%%:*}") || return 1
	UT_VID=$(ubi_vol "$UT_DEV" "$2") || return 1
	_sy=/sys/class/ubi/ubi${UT_DEV}_$UT_VID
	UT_ROOM=$(($(cat "$_sy/reserved_ebs") * $(cat "$_sy/usable_eb_size")))
}

# the module checks AREA's bytes for COMPONENT-DIR: the image write (size)
# and, unless the kind is data, verify
module_check() { # COMPONENT-DIR FILE KIND AREA
	need_node "$1/image" "restore $4 (the archive is verified; nothing was written)"
	need_node "$1/result" "restore $4 (the archive is verified; nothing was written)"
	dd if="$2" of="$1/image" bs=16M 2> "$T/err" || die 4 "restore: the module refuses $4: $(sed 's/.*: //' "$T/err" | head -n 1) (nothing written)"
	_mr=$(cat "$1/result" 2>/dev/null)
	case $_mr in error*) die 4 "restore: the module refuses $4: ${_mr#error: } (nothing written)" ;; esac
	[ "$3" != data ] || return 0
	need_node "$1/verify" "restore $4 (the archive is verified; nothing was written)"
	printf '1\n' > "$1/verify" 2> /dev/null
	result_ok "$1" || die 4 "restore: the module's check of $4 fails: $(cat "$1/result") (nothing written)"
}

# pre-flight of one wplan line (the variables of the loop): what will be
# written exists, has room, is accepted by the module; areas that already
# hold the archive's bytes go nowhere, the others to $T/todo
restore_preflight() {
	medium_info "$_m" || die 4 "restore: medium $_m of area $_a is not present (nothing written)"
	CDIR=$CFS/$_m/$_c
	case $_loc in
	gpt:*)
		# a partition is checked (and found) through the table
		[ ! -s "$T/gptw.$_m" ] || die 4 "restore: the GPT of $M_DISK is not valid now and $(cat "$T/gptw.$_m") in $ARCH restores it: restore it alone first ($PROG restore $ARCH --only $(cat "$T/gptw.$_m")), then the other areas: $_a is checked through the partition table (nothing written)"
		;;
	esac
	if [ "$_how" != extcsd ] && [ "$_how" != gpt ] &&
		[ "$(QUIET=1 area_now_sha "$_m" "$_loc" "$_len")" = "$_want" ]; then
		info "restore $_a: $_loc already holds it, unchanged"
		return 0
	fi
	arch_cat "$_a.bin" > "$T/area" || die 4 "restore: cannot read $_a from $ARCH (nothing written)"
	_braw=''
	case $_how in
	bspconf-fip | bspconf-rec)
		bspconf_line_preflight && return 0
		# no record copy on the board is valid: nothing boots from
		# these volumes now; copied as they are, the records last
		[ -e "$T/bsraw.$_m" ] || warn "restore: no bspconf record copy of $_m is valid (BL2 loads no FIP from it now): fip, fip2 and then the records are written as the archive has them"
		: > "$T/bsraw.$_m"
		_braw=2
		[ "$_how" != bspconf-fip ] || _braw=1
		_how=ubi-vol
		;;
	esac
	case $_how in
	gpt)
		if [ "$(QUIET=1 area_now_sha "$_m" "$_loc" "$_len")" = "$_want" ]; then
			info "restore $_a: the GPT of $_m is the archive's, unchanged"
			return 0
		fi
		rs_gpt_preflight
		return 0
		;;
	extcsd)
		rs_boot_enable
		need_node "$CFS/$_m/boot_partition" "restore $_a (the archive is verified; nothing was written)"
		need_node "$CFS/$_m/boot_ack" "restore $_a (the archive is verified; nothing was written)"
		resolve "$_loc" || die 4 "restore: $_a: $R_ERR (nothing written)"
		;;
	ubi-vol | ubi-switch)
		command -v ubiupdatevol > /dev/null 2>&1 || die 3 "restore: ubiupdatevol (mtd-utils) is not installed (nothing written)"
		_vn=${_loc##*:}
		if [ "$_how" = ubi-switch ]; then
			command -v ubirename > /dev/null 2>&1 || die 3 "restore: ubirename (mtd-utils) is not installed (nothing written)"
			need_node "$CDIR/active" "restore $_a (the archive is verified; nothing was written)"
			# (in a subshell: ubi_slot_info sets _loc)
			_vn=$(_ia=$(comp_active "$CDIR")
				for _is in $(comp_slots "$CDIR"); do
					[ "$_is" != "$_ia" ] || continue
					ubi_slot_info "$CDIR/$_is" && { echo "$U_NAME"; break; }
				done)
			if [ -z "$_vn" ]; then
				# one volume only (no fip2 yet): the engine has no
				# second slot, so the area is written in place, as
				# the module's verify has accepted it
				warn "restore: $_m/$_c has no inactive volume ('$PROG --yes setup --create-slots' makes one): $_a is written in place"
				_how=ubi-vol _vn=${_loc##*:}
			fi
		fi
		ubi_target "$_loc" "$_vn" || die 1 "restore: no UBI volume $_vn for $_a (create it: ubimkvol /dev/ubiN -N $_vn -s SIZE, static with an id below 16 for a FIP; nothing written)"
		[ "$_len" -le "$UT_ROOM" ] || die 4 "restore: $_a has $_len bytes, UBI volume $_vn holds $UT_ROOM (nothing written)"
		[ "$_kind" = - ] || [ "$_kind" = data ] || [ "$_len" = 0 ] || module_check "$CDIR" "$T/area" "$_kind" "$_a"
		;;
	stage | stage2 | copies)
		need_node "$CDIR/stage" "restore $_a (the archive is verified; nothing was written)"
		_hint=''
		case $_loc in gpt:*) _hint="; if the partition table was lost, restore it first ($PROG restore FILE --only gpt), then reboot" ;; esac
		resolve "$_loc" || die 4 "restore: $_a: $R_ERR (nothing written)$_hint"
		[ "$_len" -le "$R_LEN" ] || die 4 "restore: $_a has $_len bytes, $_loc holds $R_LEN (nothing written)"
		if [ "$_how" = copies ]; then
			# every copy the archive holds must be one the module accepts
			_ncp=0
			for _cw in $(copy_windows); do
				copy_cut "$_cw" || continue
				module_check "$CDIR" "$T/copy" "$_kind" "$_a (BL2 copy ${_cw%%=*})"
				# ... and that fits its slot (NAND: no bad block
				# inside a copy): the stage's checks, nothing written
				_cs=${_cw%%=*}
				printf '%s check\n' "$_cs" > "$CDIR/stage" 2> /dev/null
				_mr=$(cat "$CDIR/result" 2>/dev/null)
				case $_mr in
				ok*) ;;
				*'nothing written') die 4 "restore: $_a: BL2 copy $_cs cannot be written to its slot: ${_mr#error: }" ;;
				*) die 4 "restore: $_a: BL2 copy $_cs cannot be written to its slot: ${_mr#error: } (nothing written)" ;;
				esac
				_ncp=$((_ncp + 1))
			done
			[ "$_ncp" -gt 0 ] || die 4 "restore: $_a holds no BL2 copy (every window erased): nothing to restore through the module (nothing written)"
		else
			module_check "$CDIR" "$T/area" "$_kind" "$_a"
		fi
		[ "$_how" != stage2 ] || need_node "$CDIR/active" "restore $_a (the archive is verified; nothing was written)"
		;;
	esac
	if [ "$_how" = extcsd ]; then
		# the boot enable and BOOT_ACK (bits 3-6) as in the archive?
		_pn=$(extcsd_text "$R_DEV" 2>/dev/null | awk '$1 == "PARTITION_CONFIG" { print $2; exit }')
		if is_num "$_pn" && [ $(((_pn >> 3) & 15)) = $(((_pc >> 3) & 15)) ]; then
			info "restore $_a: the boot enable and BOOT_ACK are the archive's, unchanged"
			return 0
		fi
	fi
	if [ -n "$_braw" ]; then
		echo "$_braw $_a $_how $_m $_c $_s $_loc $_kind $_len $_want" >> "$T/todo.bs"
		return 0
	fi
	echo "$_a $_how $_m $_c $_s $_loc $_kind $_len $_want" >> "$T/todo"
}

# the BL2 copy windows of component $_c of medium $_m inside area $_loc:
# "SLOT=OFFSET+LENGTH" (offsets in the area), one a line, in slot order
copy_windows() {
	pget slot | awk -v m="$_m" -v c="$_c" -v l="${_loc}@" '$1 == m && $2 == c && index($4, l) == 1 { print $3 "=" substr($4, length(l) + 1) }'
}

# cut a copy window out of $T/area into $T/copy; fails for an erased one
copy_cut() { # SLOT=OFFSET+LENGTH
	_w=${1#*=}
	_wo=$((${_w%%+*})) _wl=$((${_w#*+}))
	tail -c +$((_wo + 1)) "$T/area" | head -c "$_wl" > "$T/copy"
	[ "$(sha256sum < "$T/copy")" != "$(zeros "$_wl" | tr '\000' '\377' | sha256sum)" ]
}

# stage FILE into SLOT of CDIR, checked by the module, read back by it
restore_stage() { # SLOT FILE AREA
	dd if="$2" of="$CDIR/image" bs=16M 2> "$T/err" || die 1 "restore: $3 refused by the module: $(cat "$CDIR/result"); $RS_LEFT"
	stage_with_progress "$CDIR" "$1" "restore $3" < /dev/null || die 1 "restore: writing $3 failed: $(cat "$CDIR/result"); $RS_LEFT"
	result_ok "$CDIR" || die 1 "restore: writing $3 failed; $RS_LEFT"
}

restore_switch() { # SLOT AREA
	cfs_write "$CDIR/active" "$1" "$CDIR/result"
	result_ok "$CDIR" || die 1 "restore: switching ${CDIR#"$CFS"/} to $1 for $2 failed; $RS_LEFT"
}

# write one todo line (the variables of the loop), then read it back
restore_area() {
	medium_info "$_m" > /dev/null
	CDIR=$CFS/$_m/$_c
	if [ "$_how" = bspconf-switch ]; then
		# dual FIP: end on the slot the archive's record names
		RS_LEFT="every FIP volume is restored, the record is not"
		[ "$(comp_active "$CDIR")" = "$_s" ] || _bspconf_ubi_commit "$_s" restore
		info "restore: $_m/$_c: BL2 loads slot $_s next, as the archive's record says"
		return 0
	fi
	info "restore $_a -> $_loc"
	arch_cat "$_a.bin" > "$T/area" || die 1 "restore: cannot read $_a from $ARCH"
	RS_LEFT="the areas before it are restored, $_a and those after it are not"
	case $_how in
	bspconf-fip) restore_bspconf_fip ;;
	gpt)
		restore_gpt
		[ "$_s" = 1 ] || return 0
		;;
	stage)
		restore_stage "$_s" "$T/area" "$_a"
		;;
	copies)
		# each copy the archive holds into its slot, the copies the
		# BootROM reads later first, the first copy last (an erased
		# window is left as it is: the module writes images only)
		for _cw in $(copy_windows | sort -r); do
			copy_cut "$_cw" || continue
			restore_stage "${_cw%%=*}" "$T/copy" "$_a (copy ${_cw%%=*})"
		done
		;;
	stage2)
		# the slot at this location now: gpt by name (the one named fip
		# is the active one), extcsd by boot area
		_ia=$(comp_active "$CDIR")
		_other=''
		for _is in $(comp_slots "$CDIR"); do
			[ "$_is" = "$_ia" ] || { _other=$_is; break; }
		done
		[ -n "$_other" ] || die 1 "restore: $_m/$_c has no inactive slot for $_a; $RS_LEFT"
		_tg=$_s
		if [ "$(cat "$CDIR/switch")" = gpt ]; then
			_tg=$_other
			[ "${_loc#gpt:}" != fip ] || _tg=$_ia
		fi
		if [ "$_tg" != "$_ia" ]; then
			restore_stage "$_tg" "$T/area" "$_a"
		else
			# the slot the board boots: the other one first, switch to
			# it, then this one, switch back (names and boot enable as
			# they were): never the booting slot in place
			restore_stage "$_other" "$T/area" "$_a"
			restore_switch "$_other" "$_a"
			restore_stage "$_tg" "$T/area" "$_a"
			restore_switch "$_tg" "$_a"
		fi
		;;
	ubi-vol)
		ubi_target "$_loc" "${_loc##*:}" || die 1 "restore: UBI volume ${_loc##*:} for $_a is gone; $RS_LEFT"
		# shellcheck disable=SC2034 # counted by ubi_busy (media.sh)
		UBI_BUSY=0
		until arch_cat "$_a.bin" | ubiupdatevol -s "$_len" "/dev/ubi${UT_DEV}_$UT_VID" - 2> "$T/err"; do
			ubi_busy || die 1 "restore: ubiupdatevol of $_a failed: $(head -n 1 "$T/err"); $RS_LEFT"
		done
		;;
	ubi-switch)
		# shellcheck disable=SC2034 # read by _ubi_install (install-ubi.sh)
		IMG_NAME="$_a of $ARCH"
		_ia=$(comp_active "$CDIR")
		_other=$(for _is in $(comp_slots "$CDIR"); do [ "$_is" = "$_ia" ] || { echo "$_is"; break; }; done)
		# in a subshell: the install path's variables stay its own; the
		# size is this area's, and the read back after the write hashes
		# this area (no sha256 of another image's verify)
		# shellcheck disable=SC2034 # read by _ubi_install and ubi_slot_holds
		(IMG_SIZE=$(file_size "$T/area") IMG_SHA='' IMG_FIP_SHA=''
			_ubi_install "$_other" "$T/area" "$_ia") || die 1 "restore: writing $_a through the inactive volume failed (above); $RS_LEFT"
		;;
	extcsd)
		# the boot enable and BOOT_ACK of PARTITION_CONFIG; BOOT_WP is
		# not restored (power-on protection is not undone by writing)
		_pc=$(awk '$1 == "PARTITION_CONFIG" { print $2; exit }' "$T/area")
		case $(((_pc >> 3) & 7)) in
		0) _bp=none ;; 1) _bp=boot0 ;; 2) _bp=boot1 ;; 7) _bp=user ;;
		esac
		cfs_write "$CFS/$_m/boot_ack" $(((_pc >> 6) & 1)) "$CFS/$_m/status"
		# boot1 is what this card held when it was backed up: forced
		# (the module refuses boot1 while the medium's boot1_honoured is
		# 0); a boot area holding data was refused by rs_boot_enable
		_kv=$_bp
		[ "$_bp" != boot1 ] || _kv="boot1 force"
		cfs_write "$CFS/$_m/boot_partition" "$_kv" "$CFS/$_m/status"
		[ "$(cat "$CFS/$_m/boot_partition")" = "$_bp" ] || die 1 "restore: $_m boot_partition reads $(cat "$CFS/$_m/boot_partition") after writing $_bp; $RS_LEFT"
		return 0
		;;
	esac
	# read back: the area holds the archive's bytes
	_got=$(QUIET=1 area_now_sha "$_m" "$_loc" "$_len")
	if [ "$_got" != "$_want" ]; then
		[ "$_how" = copies ] || die 1 "restore: $_a does not read back as the archive (sha256 ${_got:-unreadable or of another size}); $RS_LEFT"
		warn "restore: $_a: the BL2 copies are restored, the rest of $_loc differs from the archive"
	fi
}
