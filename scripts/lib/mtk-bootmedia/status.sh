# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part status: the reports: profile, status. Sourced
# by scripts/mtk-bootmedia (installed: /usr/lib/mtk-bootmedia/status.sh);
# defines functions only, runs nothing by itself.

# ------------------------------------------------------------- commands

cmd_profile() {
	[ $# -eq 0 ] || usage_error "profile takes no arguments"
	load_profile
	if [ -n "$OPT_JSON" ]; then
		printf '{"board":%s,"compatible":%s,"profile":%s,"media":[' \
			"$(json_str "$PNAME")" "$(json_str "$COMPAT")" "$(json_str "$PROFILE")"
		_sep=''
		for _m in $(pget medium | awk '{ print $1 }'); do
			_p=false
			if medium_info "$_m"; then _p=true; fi
			printf '%s{"name":%s,"type":%s,"present":%s,"device":%s}' "$_sep" \
				"$(json_str "$_m")" "$(json_str "$M_TYPE")" "$_p" "$(json_str "$M_DEV")"
			_sep=,
		done
		printf ']}\n'
		return 0
	fi
	echo "board:      $PNAME ($(pget title))"
	echo "compatible: $COMPAT"
	echo "profile:    $PROFILE"
	for _m in $(pget medium | awk '{ print $1 }'); do
		if medium_info "$_m"; then
			echo "medium $_m: $M_TYPE, $M_DEV"
			pget slot | awk -v m="$_m" '$1 == m' | while read -r _mm _c _s _loc _opt; do
				if resolve "$_loc"; then
					echo "  $_c/$_s $_loc -> $R_DEV ($R_LEN bytes)"
				else
					echo "  $_c/$_s $_loc -> missing${_opt:+ ($_opt)}: $R_ERR"
				fi
			done
		else
			echo "medium $_m: $M_TYPE, not present ($M_SPEC)"
		fi
	done
}

cmd_status() {
	[ $# -eq 0 ] || usage_error "status takes no arguments"
	load_profile
	need_module
	_groups=$(medium_groups)
	[ -n "$_groups" ] || die 3 "no medium groups under $CFS: run '$PROG setup' (needs the module's medium groups, mkdir $CFS/<medium>)"
	[ -z "$OPT_JSON" ] || printf '{"board":%s,"media":[' "$(json_str "$PNAME")"
	_sep=''
	for _g in $_groups; do
		need_node "$CFS/$_g/status" status
		if [ -n "$OPT_JSON" ]; then
			printf '%s{"name":%s,"status":{' "$_sep" "$(json_str "$_g")"
			_s2=''
			while IFS= read -r _l; do
				printf '%s%s:%s' "$_s2" "$(json_str "${_l%%:*}")" "$(json_str "$(echo "${_l#*:}" | sed 's/^ *//')")"
				_s2=,
			done < "$CFS/$_g/status"
			printf '},"components":['
			_s2=''
			for _c in "$CFS/$_g"/*/; do
				[ -d "$_c" ] || continue
				_c=${_c%/}
				printf '%s{"name":%s,"switch":%s,"active":%s,"slots":[' "$_s2" "$(json_str "${_c##*/}")" \
					"$(json_str "$(cat "$_c/switch" 2>/dev/null)")" "$(json_str "$(comp_active "$_c")")"
				_s3=''
				for _s in "$_c"/*/; do
					[ -d "$_s" ] || continue
					_s=${_s%/}
					printf '%s{"name":%s,"location":%s,"state":%s}' "$_s3" "$(json_str "${_s##*/}")" \
						"$(json_str "$(cat "$_s/location" 2>/dev/null)")" "$(json_str "$(cat "$_s/state" 2>/dev/null)")"
					_s3=,
				done
				printf ']}'
				_s2=,
			done
			printf ']}'
			_sep=,
			continue
		fi
		echo "== $_g"
		sed 's/^/  /' "$CFS/$_g/status"
		for _c in "$CFS/$_g"/*/; do
			[ -d "$_c" ] || continue
			_c=${_c%/}
			_act=$(comp_active "$_c")
			printf '  %-10s switch %-10s active: %s\n' "${_c##*/}" "$(cat "$_c/switch" 2>/dev/null)" "$_act"
			for _s in "$_c"/*/; do
				[ -d "$_s" ] || continue
				_s=${_s%/}
				_mark=' '
				[ "${_s##*/}" != "$_act" ] || _mark='*'
				printf '    %s %-3s %-28s %s\n' "$_mark" "${_s##*/}" "$(cat "$_s/location" 2>/dev/null)" "$(cat "$_s/state" 2>/dev/null)"
			done
		done
	done
	tmpdir
	# shellcheck disable=SC2034 # read by run_bootmodel (doctor.sh)
	DOC_MEDIUM=''
	run_bootmodel
	_rc=$?
	case $_rc in
	0) _v="boots" ;;
	1) _v="will not boot: $(sed -n 's/^verdict: will not boot: //p' "$T/bm") (run '$PROG doctor')" ;;
	*) _v="unknown: $(head -n 1 "$T/bm")" ;;
	esac
	if [ -n "$OPT_JSON" ]; then
		printf '],"next_boot":%s}\n' "$(json_str "$_v")"
	else
		echo "next boot: $_v"
		raw_fip_note
	fi
}

# OpenWrt's U-Boot menu writes the eMMC FIP by raw LBA 0x3400 (13312),
# whatever the GPT names say, while BL2 boots the partition named "fip".
# After a gpt switch the partition at 0x3400 is the inactive slot: say so.
raw_fip_note() {
	for _g in $(medium_groups); do
		[ "$(cat "$CFS/$_g/type" 2>/dev/null)" = emmc ] || continue
		[ "$(cat "$CFS/$_g/fip/switch" 2>/dev/null)" = gpt ] || continue
		_act=$(comp_active "$CFS/$_g/fip")
		for _p in /sys/class/block/mmcblk*p*; do
			[ "$(cat "$_p/start" 2>/dev/null)" = 13312 ] || continue
			_pn=$(sed -n 's/^PARTNAME=//p' "$_p/uevent" 2>/dev/null)
			case $_pn in "" | fip) continue ;; esac
			_sl=''
			for _s in "$CFS/$_g/fip"/*/; do
				[ -d "$_s" ] || continue
				_s=${_s%/}
				[ "${_s##*/}" = "$_act" ] || _sl=${_s##*/}
			done
			echo "note: $_g/fip: OpenWrt's U-Boot menu writes the eMMC FIP at raw LBA 0x3400, partition $_pn${_sl:+ (slot $_sl)}, not the active slot $_act (partition fip): a FIP written from that menu is not booted; install FIPs with '$PROG install fip' (Documentation/admin-guide.md)"
		done
	done
}

# a GPT slot of the profile that is not on the disk: OpenWrt's U-Boot
# (emmc_init of its SPI-NAND environment) writes its own GPT image, without
# fip2, over LBA 0..63; the FIP then has one slot until create-slots runs
missing_slot_note() {
	for _mm in $(media_present); do
		medium_info "$_mm" || continue
		pget slot | awk -v m="$_mm" '$1 == m && $4 ~ /^gpt:/ && $5 == "optional" { print $2, $3, $4 }' > "$T/ms"
		while read -r _c _s _loc; do
			resolve "$_loc" < /dev/null && continue
			echo "note: $_mm/$_c: slot $_s ($_loc) is not in the GPT (OpenWrt's U-Boot emmc_init writes a GPT without it): FIP installs need it; '$PROG --yes setup --create-slots' adds it where there is room"
		done < "$T/ms"
	done
}
