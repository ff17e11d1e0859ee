# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part install: check, install and activate of BL2 and
# FIP images. Sourced by scripts/mtk-bootmedia (installed:
# /usr/lib/mtk-bootmedia/install.sh); defines functions only, runs nothing
# by itself.

# image kind from its first bytes: fip (ToC magic 0xaa640001) or bl2
image_component() { # FILE
	_magic=$(hexdump -n 4 -v -e '1/1 "%02x"' "$1")
	case $_magic in
	010064aa) echo fip ;;
	*) echo bl2 ;;
	esac
}

# kind_hint FILE COMPONENT: " (it looks like a KIND image)" when FILE's
# first bytes say another kind than COMPONENT (bl2 or fip), for a refusal
kind_hint() {
	case $2 in bl2 | fip) ;; *) return 0 ;; esac
	_kh=$(image_component "$1")
	[ "$_kh" = "$2" ] || printf ' (it looks like a %s image)' "$_kh"
}

# stage FILE into COMPONENT of MEDIUM and verify ("force": a FIP whose
# board cannot be determined is accepted); sets CDIR and GEN, the
# component's generation after the check: the staged image is the checked
# one as long as generation reads GEN. IMG_NAME: FILE's name for messages
verify_image() { # MEDIUM COMPONENT FILE WHAT [force]
	CDIR=$CFS/$1/$2
	_vn=${IMG_NAME:-$3}
	need_node "$CFS/$1" "$4"
	need_node "$CDIR" "$4"
	need_node "$CDIR/image_file" "$4"
	need_node "$CDIR/verify" "$4"
	need_node "$CDIR/result" "$4"
	# the module reads FILE itself into one buffer of its size (issue 17:
	# no configfs buffer, no second copy, one read whatever the size);
	# a refusal fails the write and `result` says why
	case $3 in
	/*) _vp=$3 ;;
	*) _vp=$(pwd)/$3 ;;
	esac
	_vw=0
	printf '%s\n' "$_vp" > "$CDIR/image_file" 2> "$T/err" || _vw=$?
	# the image write's own outcome: e.g. larger than the largest slot
	rd "$CDIR/result"
	_vr=$RD
	case $_vw:$_vr in
	0:ok*) ;;
	*EFBIG*) die "${CHECK_EXIT:-4}" "$4: $_vn ($(file_size "$3") bytes) does not fit $2 of $1: ${_vr#error: }; nothing written" ;;
	*:error*) die "${CHECK_EXIT:-4}" "$4: the module refused $_vn as $2 for $1: ${_vr#error: }$(kind_hint "$3" "$2"); nothing written" ;;
	*) die "${CHECK_EXIT:-4}" "$4: the module refused $_vn as $2 for $1: $(sed 's/.*: //' "$T/err" | head -n 1) (result: $_vr)$(kind_hint "$3" "$2"); nothing written" ;;
	esac
	# IMG_SIZE, when the caller has not given it: the bytes the module read
	# ("ok: image staged from PATH, N bytes (largest slot S, M bytes)")
	if [ -z "${IMG_SIZE:-}" ]; then
		_x=${_vr% bytes (largest slot *}
		IMG_SIZE=${_x##*, }
		case $IMG_SIZE in '' | *[!0-9]*) IMG_SIZE=$(file_size "$3") ;; esac
	fi
	if ! printf '%s\n' "${5:-1}" > "$CDIR/verify" 2> "$T/werr"; then
		msg "$PROG: $(cat "$CDIR/result")"
		die "${CHECK_EXIT:-4}" "$4: $_vn is not a valid $2 for $PNAME on $1$(kind_hint "$3" "$2") (nothing written)"
	fi
	result_ok "$CDIR" || die "${CHECK_EXIT:-4}" "$4: $_vn is not a valid $2 for $PNAME on $1$(kind_hint "$3" "$2") (nothing written)"
	# a FIP: "FIP, N bytes (sha256 HEX of M), ...": the sha256 of its M
	# bytes up to its ToC's end, what a slot's info gives of the same FIP
	IMG_FIP_SHA='' IMG_FIP_LEN=''
	case $_res in
	"ok: FIP, "*"(sha256 "*" of "*")"*)
		_x=${_res#*(sha256 }
		IMG_FIP_SHA=${_x%% *}
		_x=${_x#* of }
		IMG_FIP_LEN=${_x%%)*}
		case $IMG_FIP_SHA:$IMG_FIP_LEN in
		*[!0-9a-f]*:* | :* | *:*[!0-9]* | *:) IMG_FIP_SHA='' IMG_FIP_LEN='' ;;
		esac
		;;
	esac
	[ -z "$IMG_FIP_SHA" ] || [ "$IMG_FIP_LEN" != "${IMG_SIZE:-}" ] || IMG_SHA=$IMG_FIP_SHA
	rd "$CDIR/generation"
	GEN=$RD
}

# the staged image is still the one verify_image checked
same_generation() { # WHAT
	[ -z "$GEN" ] && return 0
	rd "$CDIR/generation"
	_gn=$RD
	[ "$_gn" = "$GEN" ] || die 1 "$1: the image staged in $CDIR changed after it was checked (generation $GEN, now $_gn: another writer); nothing written"
}

# image_sha FILE LEN: the sha256 of the first LEN bytes of FILE; the whole
# file's is computed once per run (IMG_SIZE, IMG_SHA)
image_sha() {
	if [ "$2" = "${IMG_SIZE:-}" ]; then
		[ -n "${IMG_SHA:-}" ] || IMG_SHA=$(sha256sum < "$1" | cut -d' ' -f1)
		echo "$IMG_SHA"
	else
		head -c "$2" "$1" | sha256sum | cut -d' ' -f1
	fi
}

cmd_check() {
	_file=''
	while [ $# -gt 0 ]; do
		case $1 in
		--medium) [ $# -ge 2 ] || usage_error "--medium needs a name"; OPT_MEDIUM=$2; shift ;;
		-*) usage_error "check: unknown option '$1'" ;;
		*) [ -z "$_file" ] || usage_error "check takes one FILE"; _file=$1 ;;
		esac
		shift
	done
	[ -n "$_file" ] || usage_error "check: missing FILE"
	{ [ -r "$_file" ] && [ -f "$_file" ]; } || die 2 "check: cannot read $_file"
	[ -s "$_file" ] || die 1 "check: $_file is empty: not a $PROG image"
	load_profile
	tmpdir
	need_module
	_c=$(image_component "$_file")
	_m=$(pick_medium "$_c")
	[ -n "$_m" ] || die 3 "check: no medium group with a $_c component under $CFS (run '$PROG setup')"
	CHECK_EXIT=1
	verify_image "$_m" "$_c" "$_file" check
	msg "$(cat "$CDIR/result")"
	[ "$_c" != bl2 ] || model_check_bl2 "$_m" "$_file" check 1
	json_put medium "$_m"
	json_put component "$_c"
	json_put file "$_file"
	json_put result "$(cat "$CDIR/result")"
}

# the BootROM's view of a BL2 (SoC family, NAND controller, geometry) from
# the boot model and the profile's boot.* keys, on top of the module's check
model_check_bl2() { # MEDIUM FILE WHAT EXIT
	DOC_MEDIUM=$1
	run_bootmodel --check-bl2 "$2"
	_rc=$?
	# shellcheck disable=SC2034 # read by run_bootmodel (doctor.sh)
	DOC_MEDIUM=''
	case $_rc in
	0) info "$(cat "$T/bm")" ;;
	1) msg "$PROG: $(sed 's/^error: //' "$T/bm")"; die "$4" "$3: $2 would not boot on $PNAME from $1 (nothing written)" ;;
	*) warn "the boot model cannot check $2 ($(head -n 1 "$T/bm")): only the module's checks apply" ;;
	esac
}

# the slots of COMPONENT-DIR, one name a line
comp_slots() {
	for _s in "$1"/*/; do
		[ -d "$_s" ] || continue
		_s=${_s%/}
		echo "${_s##*/}"
	done
}

# ubi_slot_info SLOT-DIR: sets U_DEV U_VID U_NAME (the slot's volume now:
# the module resolved it to a volume id at bind, its name may have been
# swapped since; info's "name:" line, else the location)
ubi_slot_info() {
	_loc=$(cat "$1/location" 2>/dev/null)
	case $_loc in ubi:*) ;; *) return 1 ;; esac
	_x=${_loc#ubi:}
	U_DEV=${_x%%:*}
	U_NAME=$(sed -n 's/^name: *//p' "$1/info" 2>/dev/null | head -n 1)
	[ -n "$U_NAME" ] || U_NAME=${_x#*:}
	U_VID=$(ubi_vol "$U_DEV" "$U_NAME") || return 1
}

# the active slot of a ubi component: the slot whose volume is named fip
ubi_active_slot() { # COMPONENT-DIR
	for _s in $(comp_slots "$1"); do
		ubi_slot_info "$1/$_s" || continue
		[ "$U_NAME" = "${UBI_ACTIVE_NAME:-fip}" ] && { echo "$_s"; return 0; }
	done
	return 1
}

# gpt: the slot whose partition is named fip now (info's name: line, else
# the location)
gpt_active_slot() { # COMPONENT-DIR
	for _s in $(comp_slots "$1"); do
		_n=$(sed -n 's/^name: *//p' "$1/$_s/info" 2>/dev/null | head -n 1)
		[ -n "$_n" ] || { _n=$(cat "$1/$_s/location" 2>/dev/null); _n=${_n#gpt:}; }
		[ "$_n" = fip ] && { echo "$_s"; return 0; }
	done
	return 1
}

# comp_active_slot COMPONENT-DIR: CA, the active slot: the module's
# answer; for ubi and gpt, when the module has none, the slot holding the
# name fip; "none" when there is none. Without a subshell when the module
# answers.
comp_active_slot() {
	rd "$1/switch"
	_csw=$RD
	rd "$1/active"
	CA=$RD
	case $CA in none*) CA='' ;; esac
	if [ -z "$CA" ]; then
		case $_csw in
		ubi) CA=$(ubi_active_slot "$1") ;;
		gpt) CA=$(gpt_active_slot "$1") ;;
		esac
	fi
	CA=${CA:-none}
}

# the active slot of COMPONENT-DIR (comp_active_slot), printed
comp_active() {
	comp_active_slot "$1"
	echo "$CA"
}

# run the stage write in the background; show progress from `progress`
stage_with_progress() { # COMPONENT-DIR ARG WHAT
	rm -f "$T/stage.rc"
	( printf '%s\n' "$2" > "$1/stage" ) 2> "$T/werr" &
	_sp=$!
	_last=''
	while kill -0 "$_sp" 2>/dev/null; do
		sleep 0.2 2>/dev/null || sleep 1
		[ -z "$QUIET" ] || continue
		# shellcheck disable=SC2046
		set -- "$1" "$2" "$3" $(cat "$1/progress" 2>/dev/null)
		{ [ $# -ge 5 ] && [ "$5" -gt 0 ]; } 2>/dev/null || continue
		_pc=$(($4 * 100 / $5))
		[ "$_pc" != "$_last" ] || continue
		_last=$_pc
		if [ -t 2 ]; then
			printf '\r%s: %s %3d%% (%s / %s KiB)' "$PROG" "$3" "$_pc" "$(kib "$4")" "$(kib "$5")" >&2
		else
			printf '%s: %s %d%%\n' "$PROG" "$3" "$_pc" >&2
		fi
	done
	wait "$_sp"
	_src=$?
	[ -z "$_last" ] || [ ! -t 2 ] || printf '\n' >&2
	return "$_src"
}

cmd_install() {
	_c='' _file='' _force=''
	while [ $# -gt 0 ]; do
		case $1 in
		--medium) [ $# -ge 2 ] || usage_error "--medium needs a name"; OPT_MEDIUM=$2; shift ;;
		--force) _force=1 ;;
		-*) usage_error "install: unknown option '$1'" ;;
		*)
			if [ -z "$_c" ]; then
				case $1 in bl2 | fip) _c=$1 ;; *) usage_error "install: component must be bl2 or fip, not '$1'" ;; esac
			elif [ -z "$_file" ]; then
				_file=$1
			else
				usage_error "install: too many arguments"
			fi
			;;
		esac
		shift
	done
	[ -n "$_file" ] || usage_error "install: usage: install bl2|fip FILE [--medium M]"
	{ [ -r "$_file" ] && [ -f "$_file" ]; } || die 2 "install: cannot read $_file"
	[ -s "$_file" ] || die 4 "install: $_file is empty (nothing written)"
	load_profile
	tmpdir
	IMG_NAME=$_file
	_img=$_file
	case $_file in
	/*) _abs=$_file ;;
	*) _abs=$(pwd)/$_file ;;
	esac
	# the module reads FILE itself (image_file) when its absolute path is
	# printable ASCII shorter than 4096 bytes, what image_file takes
	_copy=''
	case $_abs in *[!\ -~]*) _copy=1 ;; esac
	[ "${#_abs}" -lt 4096 ] || _copy=1
	if [ "$_c" = bl2 ] || [ -n "$_copy" ]; then
		# the module and the boot model both check a BL2: a private copy,
		# so that they check (and stage writes) the same bytes whatever
		# happens to FILE meanwhile; and a FILE image_file cannot name
		cp "$_file" "$T/image" 2> "$T/err" || die 1 "install: cannot copy $_file to ${TMPDIR:-/tmp}: $(sed 's/.*: //' "$T/err" | head -n 1); nothing written"
		_img=$T/image
	fi
	# a FIP is read by the module (image_file) and, on UBI, by ubiupdatevol:
	# what the slot holds after the write is compared with the sha256 the
	# module's verify gives of the image it checked (IMG_FIP_SHA), so a
	# FILE changed in between is refused, without a copy (issue 17)
	# IMG_SIZE: the bytes the module reads (verify_image)
	IMG_SIZE='' IMG_SHA=''
	need_module
	_m=$OPT_MEDIUM
	[ -n "$_m" ] || _m=$(pick_medium "$_c")
	[ -n "$_m" ] || die 3 "install: no medium group with a $_c component under $CFS (run '$PROG setup')"
	CDIR=$CFS/$_m/$_c
	need_node "$CDIR/switch" install
	need_node "$CDIR/active" install
	rd "$CDIR/switch"
	_sw=$RD
	[ "$_sw" = ubi ] || need_node "$CDIR/stage" install
	case $_sw in none | '') die 1 "install: $_m/$_c has switch '${_sw:-none}': run '$PROG setup' (it writes the switch from the profile)" ;; esac
	if [ -n "$_force" ]; then
		case $_sw:$(cat "$CDIR/a/location" 2>/dev/null) in
		ubi:* | bspconf:ubi:*) die 2 "install --force: not possible with switch $_sw on UBI: the module re-checks the volume after the write and would refuse a FIP it cannot match to this board; nothing written" ;;
		esac
	fi
	# a FIP: the module's verify reads its ToC (kind_hint says what the
	# file looks like when it refuses); a BL2 has no magic it checks first
	[ "$_c" = fip ] || [ "$(image_component "$_img")" = "$_c" ] || die 4 "install: $_file is not a $_c image (it looks like a $(image_component "$_img")); nothing written"
	verify_image "$_m" "$_c" "$_img" install ${_force:+force}
	[ "$_c" != bl2 ] || model_check_bl2 "$_m" "$_img" install 4
	comp_active_slot "$CDIR"
	_act=$CA
	_target=''
	case $_sw in
	rom-copies) _target=all ;;
	single) _target=$(comp_slots "$CDIR" | head -n 1) ;;
	*)
		[ "$_act" != none ] || [ "$_sw" = ubi ] || die 1 "install: cannot tell which slot of $_m/$_c the boot chain uses (active: $(cat "$CDIR/active" 2>/dev/null)); nothing written"
		for _s in "$CDIR"/*/; do
			[ -d "$_s" ] || continue
			_s=${_s%/}
			_s=${_s##*/}
			[ "$_s" != "$_act" ] || continue
			_target=$_s
			break
		done
		;;
	esac
	[ -n "$_target" ] || die 1 "install: $_m/$_c has no inactive slot (switch $_sw, active $_act): run '$PROG setup --create-slots'"
	if [ -n "$OPT_YES" ]; then
		: # confirmed by --yes: no question, none of its details computed
	elif [ "$_sw" = single ]; then
		_keep=''
		for _a in boot0 boot1; do
			_dc=$(boot_area_data "$_m" "$_a")
			[ -z "$_dc" ] || _keep="$_keep; $_a holds $_dc and is not touched"
		done
		_yes_or_ask "write $_file over $_m/$_c slot $_target ($(cat "$CDIR/$_target/location" 2>/dev/null)) in place: this board has one $_c copy there (switch single), no fallback: if it does not boot, recovery is over UART$_keep"
	else
		_yes_or_ask "write $_file ($IMG_SIZE bytes, sha256 $(image_sha "$_img" "$IMG_SIZE" | cut -c1-16)...) to $_m/$_c slot $_target and switch to it"
	fi
	# confirmed: the staged image must still be the one checked
	same_generation install
	if [ "$_sw" = ubi ]; then
		_ubi_install "$_target" "$_img" "$_act"
		install_done "$_m" "$_c" "$_target" "$_file" "$_img"
		return 0
	fi
	case $_sw:$(cat "$CDIR/$_target/location" 2>/dev/null) in
	bspconf:ubi:*)
		_bspconf_ubi_install "$_target" "$_img" "$_act"
		install_done "$_m" "$_c" "$_target" "$_file" "$_img"
		return 0
		;;
	esac
	info "writing $_m/$_c slot $_target ($(kib "$IMG_SIZE") KiB) ..."
	_arg=$_target
	[ -z "$_force" ] || _arg="$_target force"
	if ! stage_with_progress "$CDIR" "$_arg" "$_m/$_c $_target"; then
		die 1 "install: writing $_m/$_c slot $_target failed: $(sed -n 's/^error: //p' "$CDIR/result"); $(after_failed_write "$_sw" "$_m/$_c" "$_act")"
	fi
	result_ok "$CDIR" || die 1 "install: writing $_m/$_c slot $_target failed; $(after_failed_write "$_sw" "$_m/$_c" "$_act")"
	info "$(cat "$CDIR/result")"
	case $_sw in
	extcsd | gpt | bspconf)
		cfs_write "$CDIR/active" "$_target" "$CDIR/result"
		result_ok "$CDIR" || die 1 "install: switching $_m/$_c to $_target failed"
		_now=$(cat "$CDIR/active")
		[ "$_now" = "$_target" ] || die 1 "install: $_m/$_c: active reads '$_now' after switching to $_target"
		;;
	esac
	install_done "$_m" "$_c" "$_target" "$_file" "$_img"
}

# after a successful install: say which slot boots next (--json: the result)
install_done() { # MEDIUM COMPONENT SLOT FILE IMAGE-COPY
	comp_active_slot "$CDIR"
	_dn=$CA
	info "$1/$2: next boot uses slot $_dn"
	json_put medium "$1"
	json_put component "$2"
	json_put slot "$3"
	json_put active "$_dn"
	json_put file "$4"
	json_put_raw bytes "$IMG_SIZE"
	[ -z "$OPT_JSON" ] || json_put sha256 "$(image_sha "$5" "$IMG_SIZE")"
}

# what a failed stage write leaves, per switch engine: the in-place engines
# may leave no bootable image, the two-slot ones the active slot untouched
after_failed_write() { # SWITCH COMPONENT ACTIVE-SLOT
	case $1 in
	single) echo "$2 was written in place and may hold no bootable image now: do NOT reboot; retry the install, or restore a backup ($PROG restore FILE.tar --only ${2##*/})" ;;
	rom-copies) echo "the BL2 copies of $2 are written in place, one at a time: some may be old, new or damaged; do NOT reboot; retry the install, or restore a backup ($PROG restore FILE.tar --only ${2##*/})" ;;
	*) echo "the active slot ${3:-?} of $2 is untouched: the board boots as before" ;;
	esac
}

_yes_or_ask() { # WHAT
	[ -z "$OPT_YES" ] || return 0
	if [ -t 0 ]; then
		printf '%s: %s? [y/N] ' "$PROG" "$1" >&2
		read -r _ans || _ans=
		case $_ans in y | Y | yes | YES) return 0 ;; esac
		die 1 "not confirmed; nothing written"
	fi
	die 2 "about to $1: give --yes to confirm when not on a terminal"
}

cmd_activate() {
	_c='' _s=''
	# shellcheck disable=SC2034 # read by pick_medium (configfs.sh)
	while [ $# -gt 0 ]; do
		case $1 in
		--medium) [ $# -ge 2 ] || usage_error "--medium needs a name"; OPT_MEDIUM=$2; shift ;;
		-*) usage_error "activate: unknown option '$1'" ;;
		*)
			if [ -z "$_c" ]; then _c=$1
			elif [ -z "$_s" ]; then _s=$1
			else usage_error "activate: too many arguments"; fi
			;;
		esac
		shift
	done
	[ -n "$_s" ] || usage_error "activate: usage: activate COMPONENT SLOT [--medium M]"
	case $_c$_s in */* | *.*) usage_error "activate: bad COMPONENT or SLOT" ;; esac
	load_profile
	tmpdir
	need_module
	_m=$(pick_medium "$_c")
	[ -n "$_m" ] || die 2 "activate: no medium group with a component '$_c' under $CFS"
	CDIR=$CFS/$_m/$_c
	[ -d "$CDIR" ] || die 2 "activate: $_m has no component '$_c'"
	need_node "$CDIR/active" activate
	[ -d "$CDIR/$_s" ] || die 2 "activate: $_m/$_c has no slot '$_s' (slots: $(comp_slots "$CDIR" | tr '\n' ' '))"
	_sw=$(cat "$CDIR/switch" 2>/dev/null)
	_act=$(comp_active "$CDIR")
	if [ "$_act" = "$_s" ]; then
		info "$_m/$_c: slot $_s is already active"
		return 0
	fi
	case $_sw in
	single | rom-copies) die 1 "activate: $_m/$_c (switch $_sw) has nothing to switch" ;;
	none | '') die 1 "activate: $_m/$_c has switch '${_sw:-none}': run '$PROG setup'" ;;
	esac
	_st=$(cat "$CDIR/$_s/state" 2>/dev/null)
	[ "$_st" = valid ] || die 1 "activate: slot $_s of $_m/$_c is '$_st': refusing to boot from it"
	_yes_or_ask "switch $_m/$_c to slot $_s"
	if [ "$_sw" = ubi ]; then
		[ "$_act" != none ] || die 1 "activate: no slot of $_m/$_c holds the volume named fip"
		ubi_slot_info "$CDIR/$_act" || die 1 "activate: the active slot $_act has no UBI volume"
		_an=$U_NAME
		ubi_slot_info "$CDIR/$_s" || die 1 "activate: slot $_s has no UBI volume"
		command -v ubirename > /dev/null 2>&1 || die 3 "activate: ubirename (mtd-utils) is not installed"
		_vid=$U_VID
		ubi_try ubirename "/dev/ubi$U_DEV" "$_an" "$U_NAME" "$U_NAME" "$_an" || die 1 "activate: ubirename failed: $(head -n 1 "$T/err"); nothing switched"
		[ "$(ubi_vol "$U_DEV" "$_an")" = "$_vid" ] || die 1 "activate: after the rename volume $_an is not slot $_s's volume (id $_vid)"
		_res=$(cat "$CDIR/result" 2>/dev/null)
		case $_res in error*) die 1 "activate: the module's check after the rename: $_res" ;; esac
	else
		case $_sw:$(cat "$CDIR/$_s/location" 2>/dev/null) in
		bspconf:ubi:*)
			_bspconf_ubi_records
			_bspconf_ubi_commit "$_s" activate
			;;
		*)
			cfs_write "$CDIR/active" "$_s" "$CDIR/result"
			result_ok "$CDIR" || die 1 "activate: switching $_m/$_c to $_s failed"
			;;
		esac
	fi
	_now=$(comp_active "$CDIR")
	[ "$_sw" = ubi ] || [ "$_now" = "$_s" ] || die 1 "activate: $_m/$_c: active reads '$_now' after switching to $_s"
	info "$_m/$_c: next boot uses slot $_now"
}
