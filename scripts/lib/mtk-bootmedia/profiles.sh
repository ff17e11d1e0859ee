# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part profiles: the board identity and its profile
# (scripts/boards/README). Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/profiles.sh); defines functions only, runs nothing
# by itself.

# ------------------------------------------------------- board and profile

boards_dir() {
	if [ -n "$MTKBM_BOARDS" ]; then
		echo "$MTKBM_BOARDS"
		return
	fi
	case $0 in
	*/*) _d=${0%/*}/boards ;;
	*) _d=./boards ;;
	esac
	if [ -d "$_d" ]; then
		echo "$_d"
	else
		echo /usr/share/mtk-bootmedia/boards
	fi
}

# the board identity: DT root compatible, else the module parameter
board_compat() {
	if [ -r "$DT_COMPAT" ]; then
		tr '\0' ' ' < "$DT_COMPAT" | sed 's/ *$//'
	elif rd "$BOARD_PARAM"; then
		# without a process: trailing blanks off, "(null)" is none
		RD=${RD%"${RD##*[! ]}"}
		[ "$RD" = '(null)' ] || printf '%s\n' "$RD"
	fi
}

pget() { # KEY: values of KEY in the profile, one line each
	awk -v k="$1" '$1 == k { sub(/^[^ \t]+[ \t]+/, ""); sub(/[ \t]+$/, ""); print }' "$PROFILE"
}

profile_check() { # FILE
	awk '
	/^[ \t]*(#|$)/ { next }
	$1 ~ /^(name|compatible|soc|title)$/ { if (NF < 2) bad = bad FILENAME ":" NR ": " $1 " needs a value\n"; next }
	$1 == "select" { if ($2 !~ /^(auto|board)$/) bad = bad FILENAME ":" NR ": select auto|board\n"; next }
	$1 == "medium" { if (NF < 4) bad = bad FILENAME ":" NR ": medium NAME TYPE DEVICE\n"; next }
	$1 == "ubi" { if (NF != 4) bad = bad FILENAME ":" NR ": ubi MEDIUM MTD-PARTITION UBI-START\n"; next }
	$1 == "component" { if (NF != 5) bad = bad FILENAME ":" NR ": component MEDIUM NAME KIND SWITCH\n"
		else if ($5 !~ /^(none|single|rom-copies|extcsd|gpt|ubi|bspconf)$/) bad = bad FILENAME ":" NR ": unknown switch " $5 "\n"
		else if ($4 !~ /^(bl2|fip|data)$/) bad = bad FILENAME ":" NR ": unknown kind " $4 "\n"
		if ($5 == "extcsd" && !x) x = NR
		next }
	$1 == "slot" { if (NF < 5) bad = bad FILENAME ":" NR ": slot MEDIUM COMPONENT SLOT LOCATION [optional]\n"; next }
	$1 == "backup" { if (NF < 3) bad = bad FILENAME ":" NR ": backup AREA LOCATION [optional] [bb=...]\n"; next }
	$1 == "boot.emmc-boot1" { if (NF != 2 || $2 != "honoured") bad = bad FILENAME ":" NR ": boot.emmc-boot1 honoured (or no such line)\n"; else b1 = 1; next }
	$1 ~ /^boot\.(strap|soc|nand-if|fip|ubi-start|ubi-end|bl2-scan|dual-fip)$/ { if (NF < 2) bad = bad FILENAME ":" NR ": " $1 " needs a value\n"; next }
	{ bad = bad FILENAME ":" NR ": unknown key " $1 "\n" }
	END {
		# switch extcsd is proven only for a BootROM that loads BL2 from
		# boot1 when EXT_CSD enables it; no source says that of the
		# MediaTek BootROM, so the board must state it
		if (x && !b1) bad = bad FILENAME ":" x ": switch extcsd needs the profile to state boot.emmc-boot1 honoured (its BootROM loads BL2 from boot1 when EXT_CSD enables it; no source says so of the MediaTek BootROM): use switch single on emmc:boot0\n"
		printf "%s", bad; exit bad != "" }' "$1"
}

# 1 when the profile states that the BootROM loads BL2 from boot1 when
# EXT_CSD enables it (boot.emmc-boot1 honoured), else 0: the medium's
# boot1_honoured, without which the module's extcsd engine writes nothing
boot1_honoured() {
	if [ "$(pget boot.emmc-boot1)" = honoured ]; then echo 1; else echo 0; fi
}

# WHAT: exit 4 unless the profile states boot.emmc-boot1 honoured (no
# source says the MediaTek BootROM loads BL2 from boot1)
boot1_stated() { # WHAT
	[ "$(boot1_honoured)" = 1 ] ||
		die 4 "$1: no source says the MediaTek BootROM loads BL2 from boot1, and profile $PNAME does not state it (boot.emmc-boot1 honoured): the board may not boot; nothing written (--force to set it anyway)"
}

# load_profile: sets PROFILE, PNAME, COMPAT (the identity this run uses)
load_profile() {
	_dir=$(boards_dir)
	[ -d "$_dir" ] || die 5 "no board profiles: $_dir is missing (set MTKBM_BOARDS)"
	if [ -n "$OPT_BOARD" ]; then
		PROFILE=$_dir/$OPT_BOARD.profile
		[ -r "$PROFILE" ] || die 5 "unknown board '$OPT_BOARD': no $PROFILE (profiles: $(profile_names "$_dir"))"
		COMPAT=$(board_compat)
		# the profile must be for this board (its DT compatible), unless
		# --force-board
		if [ -n "$COMPAT" ] && [ -z "$OPT_FORCE_BOARD" ] &&
			! awk -v c="${COMPAT%% *}" '$1 == "compatible" { for (i = 2; i <= NF; i++) if ($i == c) f = 1 } END { exit !f }' "$PROFILE"; then
			die 4 "--board $OPT_BOARD: profile $OPT_BOARD is for $(awk '$1 == "compatible" { $1 = ""; sub(/^ +/, ""); print; exit }' "$PROFILE"), this board is ${COMPAT%% *}; refusing (--force-board to use it anyway; nothing written)"
		fi
		[ -n "$COMPAT" ] || COMPAT=$(awk '$1 == "compatible" { print $2; exit }' "$PROFILE")
	else
		COMPAT=$(board_compat)
		[ -n "$COMPAT" ] || die 5 "cannot tell the board: no $DT_COMPAT and no $BOARD_PARAM (load mtk_bootmedia with board=\"COMPATIBLE...\" or give --board NAME)"
		_first=${COMPAT%% *}
		# the first readable profile listing it, in one awk ("select
		# board": only with --board, the DT cannot tell it)
		set --
		for _f in "$_dir"/*.profile; do
			[ -r "$_f" ] && set -- "$@" "$_f"
		done
		PROFILE=''
		[ $# = 0 ] || PROFILE=$(awk -v c="$_first" '
			FNR == 1 { if (f && !m) { print p; done = 1; exit } f = 0; m = 0; p = FILENAME }
			$1 == "compatible" { for (i = 2; i <= NF; i++) if ($i == c) f = 1 }
			$1 == "select" && $2 == "board" { m = 1 }
			END { if (!done && f && !m) print p }' "$@")
		[ -n "$PROFILE" ] || die 5 "unknown board '$_first' (compatible: $COMPAT): no profile in $_dir (profiles: $(profile_names "$_dir")); give --board NAME to use one"
	fi
	_bad=$(profile_check "$PROFILE") || die 5 "bad profile: $_bad"
	# shellcheck disable=SC2034 # read by every command part
	PNAME=$(pget name)
	# --medium by name or type, checked once for every command
	if [ -n "$OPT_MEDIUM" ]; then
		medium_name "$OPT_MEDIUM"
		OPT_MEDIUM=$MN
	fi
	if [ -n "$DOC_MEDIUM" ]; then
		medium_name "$DOC_MEDIUM"
		DOC_MEDIUM=$MN
	fi
}

profile_names() {
	for _f in "$1"/*.profile; do
		[ -r "$_f" ] || continue
		_n=${_f##*/}
		printf '%s ' "${_n%.profile}"
	done | sed 's/ $//'
}

# the data component of MEDIUM that the profile places in eMMC boot area
# AREA (boot0|boot1), if any (BPI-R3 Mini: en8811h-fw in boot1)
boot_area_data() { # MEDIUM AREA
	pget slot | awk -v m="$1" -v loc="emmc:$2" '$1 == m && $4 == loc { print $2 }' |
	while read -r _bc; do
		pget component | awk -v m="$1" -v c="$_bc" '$1 == m && $2 == c && $3 == "data" { print c; exit }'
	done | head -n 1
}
