# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part restore: verify a backup, write it through the
# module. Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/restore.sh); defines functions only, runs nothing
# by itself.

# --------------------------------------------------------------- restore

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
	dd if="$ARCH" bs=512 skip="$2" count=$((($1 + 511) / 512)) 2>/dev/null | head -c "$1"
}

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

	# the write plan: through the module's nodes, never behind its back
	: > "$T/wplan"
	: > "$T/needs"
	while read -r _a _len _loc _want; do
		_m=${_a%%.*}
		_line=$(pget slot | awk -v m="$_m" -v l="$_loc" '$1 == m && $4 == l { print $2, $3; exit }')
		case $_loc in
		ubi:*)
			[ -n "$_line" ] || _line="${_a#*.} a"
			# shellcheck disable=SC2086
			set -- $_line
			echo "$_a ubi $_m $1 $2 $_loc" >> "$T/wplan"
			printf '%s\n' "$CFS/$_m/$1/image" "$CFS/$_m/$1/verify" "$CFS/$_m/$1/result" "$CFS/$_m/$1/$2/state" >> "$T/needs"
			;;
		disk:gpt)
			echo "$_a gpt $_m - - $_loc" >> "$T/wplan"
			echo "$CFS/$_m/gpt/image" >> "$T/needs"
			;;
		emmc:extcsd)
			echo "$_a extcsd $_m - - $_loc" >> "$T/wplan"
			printf '%s\n' "$CFS/$_m/boot_partition" "$CFS/$_m/boot_ack" "$CFS/$_m/boot_wp" >> "$T/needs"
			;;
		*)
			if [ -n "$_line" ]; then
				# shellcheck disable=SC2086
				set -- $_line
				echo "$_a stage $_m $1 $2 $_loc" >> "$T/wplan"
				printf '%s\n' "$CFS/$_m/$1/image" "$CFS/$_m/$1/stage" "$CFS/$_m/$1/result" >> "$T/needs"
			else
				# a whole area holding several slots (BL2 copies)
				_comp=$(pget slot | awk -v m="$_m" -v l="${_loc}@" '$1 == m && index($4, l) == 1 { print $2; exit }')
				[ -n "$_comp" ] || die 1 "restore: profile $PNAME has no component covering $_loc (area $_a)"
				echo "$_a copies $_m $_comp all $_loc" >> "$T/wplan"
				printf '%s\n' "$CFS/$_m/$_comp/image" "$CFS/$_m/$_comp/stage" "$CFS/$_m/$_comp/result" >> "$T/needs"
			fi
			;;
		esac
	done < "$T/sel"
	if [ -n "$_dry" ]; then
		echo "restore $_in (board $PNAME) would write:"
		while read -r _a _how _m _c _s _loc; do
			_len=$(awk -v a="$_a" '$1 == a { print $2 }' "$T/sel")
			case $_how in
			ubi) echo "  $_a ($_len bytes) -> $_loc: checked by $CFS/$_m/$_c/verify, written with ubiupdatevol, re-checked ($_c/$_s/state)" ;;
			stage) echo "  $_a ($_len bytes) -> $_loc: $CFS/$_m/$_c/image, stage $_s" ;;
			copies) echo "  $_a ($_len bytes) -> $_loc: every slot of $_m/$_c, one copy at a time ($CFS/$_m/$_c/image, stage)" ;;
			gpt) echo "  $_a ($_len bytes) -> primary and backup GPT of $_m: $CFS/$_m/gpt (backup table first)" ;;
			extcsd) echo "  $_a -> $_m EXT_CSD: boot_partition, boot_ack, boot_wp" ;;
			esac
		done < "$T/wplan"
		_miss=$(while read -r _n; do [ -e "$_n" ] || echo "$_n"; done < "$T/needs" | head -n 3 | tr '\n' ' ')
		[ -z "$_miss" ] || echo "(not possible yet: missing kernel nodes $_miss)"
		return 0
	fi
	need_module
	while read -r _n; do
		need_node "$_n" "restore (the archive is verified; nothing was written)"
	done < "$T/needs"
	_yes_or_ask "restore $(wc -l < "$T/sel" | tr -d ' ') boot areas of $PNAME from $_in"
	_restore_write "$_in"
}

# the sha256 of what LOCATION holds now over LEN bytes, or "" when it
# cannot be read or its size differs (a static UBI volume's data size)
area_now_sha() { # MEDIUM LOCATION LEN
	medium_info "$1" > /dev/null 2>&1 || return 0
	resolve "$2" 2> /dev/null || return 0
	case $R_KIND in gpt | extcsd) return 0 ;; esac
	[ "$R_LEN" = "$3" ] || return 0
	read_area "$1" "$R_KIND" "$R_DEV" "$R_OFF" "$3" padbad 2> /dev/null | sha256sum | cut -d' ' -f1
}

# the writes, through the module's nodes
_restore_write() { # ARCHIVE
	while read -r _a _how _m _c _s _loc; do
		CDIR=$CFS/$_m/$_c
		_len=$(awk -v a="$_a" '$1 == a { print $2 }' "$T/sel")
		_want=$(awk -v a="$_a" '$1 == a { print $4 }' "$T/sel")
		if [ "$(QUIET=1 area_now_sha "$_m" "$_loc" "$_len" < /dev/null)" = "$_want" ]; then
			info "restore $_a: $_loc already holds it, unchanged"
			continue
		fi
		info "restore $_a -> $_loc"
		case $_how in
		stage)
			arch_cat "$_a.bin" > "$CDIR/image" || die 1 "restore: $_a refused by the module: $(cat "$CDIR/result")"
			stage_with_progress "$CDIR" "$_s" "restore $_a" < /dev/null || die 1 "restore: writing $_a failed: $(cat "$CDIR/result")"
			result_ok "$CDIR" || die 1 "restore: writing $_a failed"
			;;
		copies)
			# the area holds every BL2 copy: restore the first copy's
			# window to all of them, the first copy last
			_sl=$(pget slot | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $4; exit }')
			_w=${_sl#*@}
			_wo=$((${_w%%+*})) _wl=$((${_w#*+}))
			arch_cat "$_a.bin" | tail -c +$((_wo + 1)) | head -c "$_wl" > "$T/copy"
			cat "$T/copy" > "$CDIR/image" || die 1 "restore: $_a refused by the module: $(cat "$CDIR/result")"
			cfs_write "$CDIR/verify" 1 "$CDIR/result"
			result_ok "$CDIR" || die 4 "restore: the module refuses the first BL2 copy of $_a"
			stage_with_progress "$CDIR" all "restore $_a" < /dev/null || die 1 "restore: writing $_a failed: $(cat "$CDIR/result")"
			result_ok "$CDIR" || die 1 "restore: writing $_a failed"
			;;
		ubi)
			arch_cat "$_a.bin" > "$CDIR/image" || die 1 "restore: $_a refused by the module: $(cat "$CDIR/result")"
			cfs_write "$CDIR/verify" 1 "$CDIR/result"
			result_ok "$CDIR" || die 4 "restore: the module refuses $_a"
			_x=${_loc#ubi:}
			_un=$(ubi_num "${_x%%:*}")
			_vid=$(ubi_vol "$_un" "${_x#*:}") || die 1 "restore: no UBI volume ${_x#*:} on ubi$_un (create it: ubimkvol /dev/ubi$_un -N ${_x#*:} -t static -n ID -s SIZE with an id below 16, or '$PROG setup --create-slots' for fip2)"
			command -v ubiupdatevol > /dev/null 2>&1 || die 3 "restore: ubiupdatevol (mtd-utils) is not installed"
			arch_cat "$_a.bin" | ubiupdatevol -s "$_len" "/dev/ubi${_un}_$_vid" - 2> "$T/err" || die 1 "restore: ubiupdatevol of $_a failed: $(head -n 1 "$T/err")"
			_st=$(cat "$CDIR/$_s/state" 2>/dev/null)
			case $_st in valid | '') ;; *) [ "$(cat "$CDIR/kind")" = data ] || die 1 "restore: after writing $_a the module finds slot $_c/$_s '$_st'" ;; esac
			;;
		extcsd)
			# the boot enable and BOOT_ACK of PARTITION_CONFIG; BOOT_WP is
			# not restored (power-on protection is not undone by writing)
			_pc=$(arch_cat "$_a.bin" | awk '$1 == "PARTITION_CONFIG" { print $2; exit }')
			is_num "$_pc" || die 4 "restore: $_a has no PARTITION_CONFIG"
			case $(((_pc >> 3) & 7)) in
			0) _bp=none ;; 1) _bp=boot0 ;; 2) _bp=boot1 ;; 7) _bp=user ;;
			*) die 4 "restore: $_a: PARTITION_CONFIG $_pc has a reserved boot enable" ;;
			esac
			cfs_write "$CFS/$_m/boot_ack" $(((_pc >> 6) & 1)) "$CFS/$_m/status"
			cfs_write "$CFS/$_m/boot_partition" "$_bp" "$CFS/$_m/status"
			[ "$(cat "$CFS/$_m/boot_partition")" = "$_bp" ] || die 1 "restore: $_m boot_partition reads $(cat "$CFS/$_m/boot_partition") after writing $_bp"
			;;
		*)
			die 3 "restore: writing $_a ($_how) is not supported by this version of $PROG (nothing more written)"
			;;
		esac
	done < "$T/wplan"
	info "restore complete"
}
