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
		emmc:extcsd) _how=extcsd ;;
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
		_pc=$(awk '$1 == "PARTITION_CONFIG" { print $2; exit }' "$T/area")
		is_num "$_pc" || die 4 "restore: $_a has no PARTITION_CONFIG (nothing written)"
		case $(((_pc >> 3) & 7)) in 0 | 1 | 2 | 7) ;; *) die 4 "restore: $_a: PARTITION_CONFIG $_pc has a reserved boot enable (nothing written)" ;; esac
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
		arch_cat "$_a.bin" | ubiupdatevol -s "$_len" "/dev/ubi${UT_DEV}_$UT_VID" - 2> "$T/err" ||
			die 1 "restore: ubiupdatevol of $_a failed: $(head -n 1 "$T/err"); $RS_LEFT"
		;;
	ubi-switch)
		# shellcheck disable=SC2034 # read by _ubi_install (install.sh)
		IMG_NAME="$_a of $ARCH"
		_ia=$(comp_active "$CDIR")
		_other=$(for _is in $(comp_slots "$CDIR"); do [ "$_is" = "$_ia" ] || { echo "$_is"; break; }; done)
		# in a subshell: the install path's variables stay its own
		(_ubi_install "$_other" "$T/area" "$_ia") || die 1 "restore: writing $_a through the inactive volume failed (above); $RS_LEFT"
		;;
	extcsd)
		# the boot enable and BOOT_ACK of PARTITION_CONFIG; BOOT_WP is
		# not restored (power-on protection is not undone by writing)
		_pc=$(awk '$1 == "PARTITION_CONFIG" { print $2; exit }' "$T/area")
		case $(((_pc >> 3) & 7)) in
		0) _bp=none ;; 1) _bp=boot0 ;; 2) _bp=boot1 ;; 7) _bp=user ;;
		esac
		cfs_write "$CFS/$_m/boot_ack" $(((_pc >> 6) & 1)) "$CFS/$_m/status"
		cfs_write "$CFS/$_m/boot_partition" "$_bp" "$CFS/$_m/status"
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

# ------------------------------------------------------------------- GPT
# The area disk:gpt is LBA 0-33 (MBR, primary header, entries) and the
# last 33 sectors (backup entries and header) of the eMMC user area.
# restore writes it only where the table on the disk is not usable now
# (Linux, U-Boot and BL2 read the primary, Documentation/gpt-readers.md):
# nothing can get worse, and the primary header, one sector, goes last.
# A valid table that differs is refused: its partitions hold data the
# archive's table may not describe (mtk-bootmedia(8), RESTORE AND THE GPT).
# A table that differs only by the names fip and fip2 (the gpt switch of
# install/activate) is left as it is: the partition areas are restored by
# name.

# the CRC32 of FILE as 4 little-endian decimal bytes (gzip's trailer)
rs_crc32() { # FILE
	gzip -c < "$1" | tail -c 8 | head -c 4 | hexdump -v -e '1/1 "%u "'
}

# is the primary GPT in FILE (LBA 0-33) one Linux reads? protective MBR
# (0x55aa, a 0xee entry), "EFI PART" at LBA 1 describing itself, header
# and entry array CRC32
rs_gpt_ok() { # FILE
	[ "$(dd if="$1" bs=1 skip=510 count=2 2>/dev/null | hexdump -v -e '1/1 "%02x"')" = 55aa ] || return 1
	dd if="$1" bs=1 skip=446 count=64 2>/dev/null | hexdump -v -e '16/1 "%02x " "\n"' | awk '$5 == "ee" { f = 1 } END { exit !f }' || return 1
	dd if="$1" bs=512 skip=1 count=1 2>/dev/null > "$T/gh"
	[ "$(head -c 8 "$T/gh")" = "EFI PART" ] || return 1
	_ghs=$(get_le "$T/gh" 12 4)
	[ "$_ghs" -ge 92 ] && [ "$_ghs" -le 512 ] || return 1
	[ "$(get_le "$T/gh" 24 8)" = 1 ] && [ "$(get_le "$T/gh" 72 8)" = 2 ] || return 1
	_gne=$(get_le "$T/gh" 80 4) _ges=$(get_le "$T/gh" 84 4)
	[ "$_ges" -ge 128 ] && [ $((_gne * _ges)) -le 16384 ] || return 1
	head -c "$_ghs" "$T/gh" > "$T/ghc"
	put_bytes "$T/ghc" 16 '\000\000\000\000'
	[ "$(rs_crc32 "$T/ghc")" = "$(dd if="$T/gh" bs=1 skip=16 count=4 2>/dev/null | hexdump -v -e '1/1 "%u "')" ] || return 1
	dd if="$1" bs=512 skip=2 count=32 2>/dev/null | head -c $((_gne * _ges)) > "$T/gea"
	[ "$(rs_crc32 "$T/gea")" = "$(dd if="$T/gh" bs=1 skip=88 count=4 2>/dev/null | hexdump -v -e '1/1 "%u "')" ]
}

# the used entries of the primary GPT in FILE: "INDEX GUIDS-LBAS-ATTRS
# NAME" (hex; the name up to its NUL, UTF-16LE)
rs_gpt_entries() { # FILE
	_gne=$(get_le "$1" $((512 + 80)) 4) _ges=$(get_le "$1" $((512 + 84)) 4)
	dd if="$1" bs=512 skip=2 count=32 2>/dev/null | head -c $((_gne * _ges)) |
		hexdump -v -e "$_ges/1 \"%02x\" \"\\n\"" | awk '
		{ k = substr($0, 1, 112); if (substr(k, 1, 32) ~ /^0+$/) next
		  n = ""; for (i = 113; i < 257; i += 4) { c = substr($0, i, 4); if (c == "0000") break; n = n c }
		  print NR - 1, k, n }'
}

# do the valid primary GPTs CURRENT and ARCHIVE differ only by the names
# fip and fip2 (same MBR and header, same partitions)?
rs_gpt_switch_only() { # CURRENT ARCHIVE
	cmp -s "$1" "$2" && return 0
	[ "$(head -c 1024 "$1" | sha256sum)" = "$(head -c 1024 "$2" | sha256sum)" ] || return 1
	rs_gpt_entries "$1" > "$T/ge1"
	rs_gpt_entries "$2" > "$T/ge2"
	[ "$(cut -d' ' -f1,2 "$T/ge1")" = "$(cut -d' ' -f1,2 "$T/ge2")" ] || return 1
	# fip / fip2 in UTF-16LE
	awk -v a=660069007000 -v b=6600690070003200 '
		NR == FNR { n[$1] = $3; next }
		n[$1] != $3 && !((n[$1] == a || n[$1] == b) && ($3 == a || $3 == b)) { bad = 1 }
		END { exit bad }' "$T/ge1" "$T/ge2" || return 1
	[ "$(cut -d' ' -f3 "$T/ge1" | sort)" = "$(cut -d' ' -f3 "$T/ge2" | sort)" ]
}

# before the pre-flight: $T/gptw.MEDIUM names the GPT area to be written
# when the table on the disk is not valid (the partitions' checks need it)
rs_gpt_plan() {
	awk '$2 == "gpt" { print $1, $3, $6, $8, $9 }' "$T/wplan" > "$T/gpl"
	while read -r _ga _gm _gl _gn _gw; do
		medium_info "$_gm" || continue
		[ "$(QUIET=1 area_now_sha "$_gm" "$_gl" "$_gn")" != "$_gw" ] || continue
		dd if="/dev/$M_DISK" bs=512 count=34 2>/dev/null > "$T/gcur"
		rs_gpt_ok "$T/gcur" || echo "$_ga" > "$T/gptw.$_gm"
	done < "$T/gpl"
}

# pre-flight of the GPT area (the variables of restore_preflight's loop;
# $T/area holds it): returns 0 when nothing is to be written
rs_gpt_preflight() {
	resolve "$_loc" || die 4 "restore: $_a: $R_ERR (nothing written)"
	_gsec=$(cat "/sys/class/block/$M_DISK/size")
	_asec=$(awk -v a="$_a" '$1 == a { for (i = 5; i <= NF; i++) if ($i ~ /^sectors=/) { sub(/^sectors=/, "", $i); print $i } }' "$T/areas")
	[ "$_asec" = "$_gsec" ] || die 4 "restore: $_a: the archive's disk had ${_asec:-an unknown number of} sectors, $M_DISK has $_gsec: not the same disk (nothing written)"
	[ "$_len" = $((67 * 512)) ] || die 4 "restore: $_a has $_len bytes, not 67 sectors (nothing written)"
	head -c 17408 "$T/area" > "$T/gap"
	dd if="$R_DEV" bs=512 count=34 2>/dev/null > "$T/gcur"
	if rs_gpt_ok "$T/gcur"; then
		rs_gpt_ok "$T/gap" || die 4 "restore: the GPT of $M_DISK is valid, the archive's primary GPT ($_a) is not: refusing to write it (nothing written)"
		if rs_gpt_switch_only "$T/gcur" "$T/gap"; then
			info "restore $_a: the GPT of $M_DISK differs from the archive's only by the names fip and fip2 (the gpt switch): left as it is, the partitions are restored by name"
			return 0
		fi
		die 4 "restore: the GPT of $M_DISK is valid and differs from the archive's ($_a): restore does not rewrite a valid partition table, whose partitions hold data the archive's table may not describe; restore the other areas with --only, or put the table back by hand (mtk-bootmedia(8), RESTORE AND THE GPT) (nothing written)"
	fi
	rs_gpt_ok "$T/gap" || die 4 "restore: the archive's primary GPT ($_a) is not valid either: nothing to restore it from (nothing written)"
	# the backup copy goes back only where no partition of the
	# archive's table lies (ptgen's disks have no backup copy there)
	_glu=$(get_le "$T/gap" $((512 + 48)) 8)
	GPT_TAIL=''
	[ "$_glu" -ge $((_gsec - 33)) ] || GPT_TAIL=1
	warn "restore: the GPT of $M_DISK is not valid now (Linux and U-Boot read no partition from it): the archive's table is written${GPT_TAIL:+ (backup copy first)}, the primary header last"
	echo "$_a gpt $_m $_c ${GPT_TAIL:-primary} $_loc $_kind $_len $_want" >> "$T/todo"
	return 0
}

# write the GPT area (a todo line; $_s: "1" with the backup copy, else
# "primary"): the backup copy, the entries, the MBR, the primary header last
# shellcheck disable=SC2015 # a failed dd or sync: die
restore_gpt() {
	_gd=/dev/$M_DISK
	_gsec=$(cat "/sys/class/block/$M_DISK/size")
	head -c 17408 "$T/area" > "$T/gap"
	# each step on the medium before the next (sync)
	if [ "$_s" = 1 ]; then
		dd if="$T/area" of="$_gd" bs=512 skip=34 seek=$((_gsec - 33)) count=33 conv=notrunc 2> "$T/err" && sync ||
			die 1 "restore: writing the backup GPT of $M_DISK failed: $(head -n 1 "$T/err"); the primary is as it was; $RS_LEFT"
	fi
	dd if="$T/area" of="$_gd" bs=512 skip=2 seek=2 count=32 conv=notrunc 2> "$T/err" && sync ||
		die 1 "restore: writing the GPT entries of $M_DISK failed: $(head -n 1 "$T/err"); $RS_LEFT"
	dd if="$T/area" of="$_gd" bs=512 count=1 conv=notrunc 2> "$T/err" && sync ||
		die 1 "restore: writing LBA 0 of $M_DISK failed: $(head -n 1 "$T/err"); $RS_LEFT"
	dd if="$T/area" of="$_gd" bs=512 skip=1 seek=1 count=1 conv=notrunc 2> "$T/err" && sync ||
		die 1 "restore: writing the primary GPT header of $M_DISK failed: $(head -n 1 "$T/err"); $RS_LEFT"
	blockdev --flushbufs "$_gd" 2> /dev/null || true
	# read back what was written
	dd if="$_gd" bs=512 count=34 2>/dev/null > "$T/gcur"
	cmp -s "$T/gcur" "$T/gap" || die 1 "restore: the primary GPT of $M_DISK does not read back as the archive's; $RS_LEFT"
	rs_gpt_ok "$T/gcur" || die 1 "restore: the primary GPT of $M_DISK is not valid after the write; $RS_LEFT"
	info "restore $_a: the GPT of $M_DISK is the archive's; the kernel reads it at the next boot (or blockdev --rereadpt /dev/$M_DISK when no partition is in use)"
}
