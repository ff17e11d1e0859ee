# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part doctor: the next-boot preflight through the
# boot model. Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/doctor.sh); defines functions only, runs nothing by
# itself.

find_bootmodel() {
	for _b in "$MTKBM_BOOTMODEL" "$(dirname "$0")/bootmodel" /usr/lib/mtk-bootmedia/bootmodel "$(command -v bootmodel 2>/dev/null)"; do
		[ -n "$_b" ] && [ -x "$_b" ] && [ -f "$_b" ] && { echo "$_b"; return 0; }
	done
	return 1
}

# run the boot model on the live media: output in $T/bm, exit 0/1, or 3
# (no model) / 2 (the model cannot read the media)
run_bootmodel() { # [EXTRA-ARGS]: the medium is $DOC_MEDIUM (or the strap)
	_bm=$(find_bootmodel) || { echo "no boot model (bootmodel): MTKBM_BOOTMODEL, /usr/lib/mtk-bootmedia/bootmodel, PATH" > "$T/bm"; return 3; }
	"$_bm" --help > "$T/bmhelp" 2>&1
	grep -q -- '--live' "$T/bmhelp" || { echo "$_bm has no --live option" > "$T/bm"; return 3; }
	for _o in "$@"; do
		case $_o in --*) grep -q -- "$_o" "$T/bmhelp" || { echo "$_bm has no $_o option" > "$T/bm"; return 3; } ;; esac
	done
	set -- "$_bm" --live --profile "$PROFILE" "$@"
	_want=''
	if [ -n "$DOC_MEDIUM" ]; then
		_mt=$(pget medium | awk -v m="$DOC_MEDIUM" '$1 == m { print $2 }')
		[ -n "$_mt" ] || die 2 "doctor: profile $PNAME has no medium '$DOC_MEDIUM' (media: $(pget medium | awk '{ printf "%s ", $1 }'))"
		case $_mt in
		spi-nand | emmc) set -- "$@" --medium "$_mt" ;;
		*) die 3 "doctor: the boot model does not model $_mt media" ;;
		esac
		_want=$DOC_MEDIUM
	fi
	for _mm in $(media_present); do
		medium_info "$_mm"
		case $M_TYPE in
		spi-nand)
			[ -z "$_want" ] || [ "$_want" = "$_mm" ] || continue
			set -- "$@" --nand-mtd "${M_SPEC#mtd:}"
			;;
		emmc)
			set -- "$@" --emmc "$M_DISK"
			if ! ls /sys/kernel/debug/mmc* > /dev/null 2>&1; then
				mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
			fi
			;;
		esac
	done
	"$@" > "$T/bm" 2>&1
}

cmd_doctor() {
	_verbose=''
	DOC_MEDIUM=''
	while [ $# -gt 0 ]; do
		case $1 in
		--medium) [ $# -ge 2 ] || usage_error "--medium needs a name"; DOC_MEDIUM=$2; shift ;;
		--verbose | -v) _verbose=1 ;;
		*) usage_error "doctor: unknown argument '$1'" ;;
		esac
		shift
	done
	load_profile
	tmpdir
	run_bootmodel
	_rc=$?
	case $_rc in
	0 | 1) ;;
	3) die 3 "doctor needs the boot model with its live-device backend: $(cat "$T/bm")" ;;
	*) die 3 "doctor: the boot model could not read the media (exit $_rc): $(grep -v '^usage' "$T/bm" | head -n 3)" ;;
	esac
	if [ -n "$_verbose" ]; then
		cat "$T/bm"
	else
		grep -E '^(medium|bl2|fip|error|strict):' "$T/bm"
	fi
	_reason=$(sed -n 's/^verdict: will not boot: //p' "$T/bm")
	_fix=$(sed -n 's/^fix: //p' "$T/bm")
	[ ! -d "$CFS" ] || raw_fip_note
	missing_slot_note
	json_put board "$PNAME"
	if [ "$_rc" = 0 ]; then
		json_put_raw boots true
		echo "verdict: the board will boot ($PNAME)"
		return 0
	fi
	json_put_raw boots false
	json_put reason "${_reason:-see "$PROG doctor --verbose"}"
	[ -z "$_fix" ] || json_put fix "$_fix"
	echo "verdict: the board will NOT boot ($PNAME)"
	echo "reason: ${_reason:-see "$PROG doctor --verbose"}"
	[ -z "$_fix" ] || echo "fix: $_fix"
	return 1
}
