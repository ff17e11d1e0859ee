# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part profiles: the board identity and its profile
# (scripts/boards/README). Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/profiles.sh); defines functions only, runs nothing
# by itself.

# ------------------------------------------------------- board and profile

# BDIR: the directory of the board profiles
boards_dir() {
	if [ -n "$MTKBM_BOARDS" ]; then
		BDIR=$MTKBM_BOARDS
		return
	fi
	case $0 in
	*/*) BDIR=${0%/*}/boards ;;
	*) BDIR=./boards ;;
	esac
	[ -d "$BDIR" ] || BDIR=/usr/share/mtk-bootmedia/boards
}

# COMPAT: the board identity, the DT root compatible, else the module
# parameter; blanks at the end off
board_compat() {
	COMPAT=''
	if [ -r "$DT_COMPAT" ]; then
		COMPAT=$(tr '\0' ' ' < "$DT_COMPAT")
		COMPAT=${COMPAT%"${COMPAT##*[! ]}"}
	elif rd "$BOARD_PARAM"; then
		# "(null)" is none
		COMPAT=${RD%"${RD##*[! ]}"}
		[ "$COMPAT" != '(null)' ] || COMPAT=''
	fi
}

pget() { # KEY: values of KEY in the profile, one line each
	awk -v k="$1" '$1 == k { sub(/^[^ \t]+[ \t]+/, ""); sub(/[ \t]+$/, ""); print }' "$PROFILE"
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

# load_profile: sets PROFILE, PNAME, COMPAT (the identity this run uses),
# PMEDIA (the profile's media, "NAME TYPE" a line) and PSTRAP (its first
# boot.strap). One awk finds the profile, checks it against the rules of
# scripts/boards/README and prints what the helper needs of it: a process
# costs tens of ms under QEMU TCG, and every command loads the profile.
# shellcheck disable=SC2034 # PSTRAP: read by pick_medium (configfs.sh)
load_profile() {
	boards_dir
	[ -d "$BDIR" ] || die 5 "no board profiles: $BDIR is missing (set MTKBM_BOARDS)"
	board_compat
	set --
	if [ -n "$OPT_BOARD" ]; then
		PROFILE=$BDIR/$OPT_BOARD.profile
		[ -r "$PROFILE" ] || die 5 "unknown board '$OPT_BOARD': no $PROFILE (profiles: $(profile_names "$BDIR"))"
		set -- "$PROFILE"
	else
		[ -n "$COMPAT" ] || die 5 "cannot tell the board: no $DT_COMPAT and no $BOARD_PARAM (load mtk_bootmedia with board=\"COMPATIBLE...\" or give --board NAME)"
		for _f in "$BDIR"/*.profile; do
			[ -r "$_f" ] && set -- "$@" "$_f"
		done
	fi
	# the profile: with --board the one named; else the first readable
	# one listing the board's first compatible and not "select board"
	# (only with --board: the DT cannot tell it). Lines out: P FILE, F 1
	# when it lists the compatible, C its first compatible, L its first
	# compatible line, S boot.strap, N name, M medium NAME TYPE, E a rule
	# it breaks
	_lp=''
	[ $# = 0 ] || _lp=$(awk -v c="${COMPAT%% *}" -v board="$OPT_BOARD" '
	function done_file() {
		if (p == "" || chosen || !(board != "" || (f && !m))) return
		chosen = 1
		# switch extcsd is proven only for a BootROM that loads BL2 from
		# boot1 when EXT_CSD enables it; no source says that of the
		# MediaTek BootROM, so the board must state it
		if (x && !b1) bad = bad p ":" x ": switch extcsd needs the profile to state boot.emmc-boot1 honoured (its BootROM loads BL2 from boot1 when EXT_CSD enables it; no source says so of the MediaTek BootROM): use switch single on emmc:boot0\n"
		printf "P %s\nF %d\nC %s\nL %s\nS %s\n%s", p, f, cf, cl, st, out
		n = split(bad, e, "\n")
		for (i = 1; i < n; i++) print "E " e[i]
	}
	FNR == 1 { done_file(); if (chosen) exit; p = FILENAME; f = m = x = b1 = 0; cf = cl = st = out = bad = "" }
	# what the helper reads of it (a value as pget gives it)
	{ v = $0; sub(/^[ \t]*[^ \t]+[ \t]+/, "", v); sub(/[ \t]+$/, "", v) }
	$1 == "compatible" { for (i = 2; i <= NF; i++) if ($i == c) f = 1
		if (cf == "") { cf = $2; cl = $2; for (i = 3; i <= NF; i++) cl = cl " " $i } }
	$1 == "select" && $2 == "board" { m = 1 }
	$1 == "name" { out = out "N " v "\n" }
	$1 == "medium" { out = out "M " $2 " " $3 "\n" }
	$1 == "boot.strap" && st == "" { st = v }
	# the rules (scripts/boards/README)
	/^[ \t]*(#|$)/ { next }
	$1 ~ /^(name|compatible|soc|title)$/ { if (NF < 2) bad = bad FILENAME ":" FNR ": " $1 " needs a value\n"; next }
	$1 == "select" { if ($2 !~ /^(auto|board)$/) bad = bad FILENAME ":" FNR ": select auto|board\n"; next }
	$1 == "medium" { if (NF < 4) bad = bad FILENAME ":" FNR ": medium NAME TYPE DEVICE\n"; next }
	$1 == "ubi" { if (NF != 4) bad = bad FILENAME ":" FNR ": ubi MEDIUM MTD-PARTITION UBI-START\n"; next }
	$1 == "component" { if (NF != 5) bad = bad FILENAME ":" FNR ": component MEDIUM NAME KIND SWITCH\n"
		else if ($5 !~ /^(none|single|rom-copies|extcsd|gpt|ubi|bspconf)$/) bad = bad FILENAME ":" FNR ": unknown switch " $5 "\n"
		else if ($4 !~ /^(bl2|fip|data)$/) bad = bad FILENAME ":" FNR ": unknown kind " $4 "\n"
		if ($5 == "extcsd" && !x) x = FNR
		next }
	$1 == "slot" { if (NF < 5) bad = bad FILENAME ":" FNR ": slot MEDIUM COMPONENT SLOT LOCATION [optional]\n"; next }
	$1 == "backup" { if (NF < 3) bad = bad FILENAME ":" FNR ": backup AREA LOCATION [optional] [bb=...]\n"; next }
	$1 == "boot.emmc-boot1" { if (NF != 2 || $2 != "honoured") bad = bad FILENAME ":" FNR ": boot.emmc-boot1 honoured (or no such line)\n"; else b1 = 1; next }
	$1 ~ /^boot\.(strap|soc|nand-if|fip|ubi-start|ubi-end|bl2-scan|dual-fip)$/ { if (NF < 2) bad = bad FILENAME ":" FNR ": " $1 " needs a value\n"; next }
	{ bad = bad FILENAME ":" FNR ": unknown key " $1 "\n" }
	END { done_file() }' "$@")
	PROFILE='' PNAME='' PMEDIA='' PSTRAP='' _lf='' _lc='' _ll='' _bad=''
	while IFS= read -r _l; do
		case $_l in
		'P '*) PROFILE=${_l#P } ;;
		'F '*) _lf=${_l#F } ;;
		'C '*) _lc=${_l#C } ;;
		'L '*) _ll=${_l#L } ;;
		'S '*) PSTRAP=${_l#S } ;;
		'N '*) PNAME=${PNAME:+$PNAME
}${_l#N } ;;
		'M '*) PMEDIA=${PMEDIA:+$PMEDIA
}${_l#M } ;;
		'E '*) _bad=${_bad:+$_bad
}${_l#E } ;;
		esac
	done <<EOF
$_lp
EOF
	if [ -n "$OPT_BOARD" ]; then
		# the profile must be for this board (its DT compatible), unless
		# --force-board
		if [ -n "$COMPAT" ] && [ -z "$OPT_FORCE_BOARD" ] && [ "$_lf" != 1 ]; then
			die 4 "--board $OPT_BOARD: profile $OPT_BOARD is for $_ll, this board is ${COMPAT%% *}; refusing (--force-board to use it anyway; nothing written)"
		fi
		[ -n "$COMPAT" ] || COMPAT=$_lc
	fi
	[ -n "$PROFILE" ] || die 5 "unknown board '${COMPAT%% *}' (compatible: $COMPAT): no profile in $BDIR (profiles: $(profile_names "$BDIR")); give --board NAME to use one"
	[ -z "$_bad" ] || die 5 "bad profile: $_bad"
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
