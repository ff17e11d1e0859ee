# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part install-ubi: install of a FIP on UBI (switch
# ubi: the inactive static volume and one ubirename; switch bspconf: the
# inactive volume and the bspconf record) and the read back of a volume
# written. Sourced by scripts/mtk-bootmedia after install.sh (installed:
# /usr/lib/mtk-bootmedia/install-ubi.sh); defines functions only, runs
# nothing by itself.

# the sha256 of the first LEN bytes of a UBI volume equals FILE's
ubi_readback() { # UBI-NUMBER VOLUME-ID LEN FILE
	_rb=$(dd if="/dev/ubi${1}_$2" bs=65536 2>/dev/null | head -c "$3" | sha256sum | cut -d' ' -f1)
	[ "$_rb" = "$(sha256sum < "$4" | cut -d' ' -f1)" ]
}

# after a write: one read of SLOT-DIR's `info` (the module reads the
# volume once: the FIP's ToC and entries, what BL2 reads; the same bytes
# as the FIP its verify accepted give what that verify found, other bytes
# every check) says whether the slot holds FILE: its volume is named NAME, it is
# valid and the sha256 of the FIP read equals the one verify gave of the
# image checked (IMG_FIP_SHA; without it, that of as many bytes of FILE:
# bytes after the FIP's end are not loaded by BL2). Sets U_INFO, the
# reason when not. The shell reads and parses the lines: no process.
ubi_slot_holds() { # SLOT-DIR NAME FILE
	_hn='' _hs='' _hl='' _hh=''
	while IFS= read -r _hx || [ -n "$_hx" ]; do
		case $_hx in
		name:*) [ -n "$_hn" ] || _hn=$_hx ;;
		state:*) [ -n "$_hs" ] || _hs=$_hx ;;
		size:*) _hl=$_hx ;;
		sha256:*) [ -n "$_hh" ] || _hh=$_hx ;;
		esac
	done 2>/dev/null < "$1/info"
	_hn=${_hn#name:} _hs=${_hs#state:} _hl=${_hl#size:} _hh=${_hh#sha256:}
	# the values without the blanks after the colon
	_hn=${_hn#"${_hn%%[! ]*}"} _hs=${_hs#"${_hs%%[! ]*}"}
	_hl=${_hl#"${_hl%%[! ]*}"} _hh=${_hh#"${_hh%%[! ]*}"}
	[ "$_hn" = "$2" ] || { U_INFO="the slot's volume is named '${_hn:-?}', not $2 (the one written)"; return 1; }
	[ "$_hs" = valid ] || { U_INFO="it is '$_hs'"; return 1; }
	_hw=''
	if [ -n "${IMG_FIP_SHA:-}" ]; then
		_hw=$IMG_FIP_SHA
	elif [ -n "$_hl" ]; then
		_hw=$(image_sha "$3" "$_hl")
	fi
	if [ -z "$_hl" ] || [ "$_hw" != "$_hh" ]; then
		U_INFO="it does not read back as the image checked (sha256 of its ${_hl:-?} bytes differs)"
		return 1
	fi
}

# UBI: the kernel cannot write static volumes nor rename: the helper writes
# the inactive volume (ubiupdatevol) and renames (ubirename); the module
# checked the image before (verify) and checks the slot after (state)
_ubi_install() { # SLOT FILE ACTIVE-SLOT
	[ "$3" != none ] || die 1 "install: no slot of $CDIR holds the volume named fip: nothing to switch from (use '$PROG restore BACKUP.tar --only fip')"
	# the volumes are not read before the write: the active slot's volume
	# is the one named fip (what `active` means for switch ubi); the
	# other slot's is named as its location says, or, when a switch swapped
	# the names, as the active slot's location says. The module's `info`
	# after the write confirms it by the volume id it resolved at bind.
	_an=${UBI_ACTIVE_NAME:-fip}
	rd "$CDIR/$3/location"
	_la=$RD
	rd "$CDIR/$1/location"
	_lt=$RD
	case $_la:$_lt in
	ubi:*:ubi:*) ;;
	*) die 1 "install: slot $1 ($_lt) or the active slot $3 ($_la) is not a UBI volume: run '$PROG setup --create-slots'" ;;
	esac
	_x=${_lt#ubi:}
	_un=${_x%%:*} _vn=${_x#*:}
	[ "$_vn" != "$_an" ] || { _x=${_la#ubi:}; _vn=${_x#*:}; }
	[ "$_vn" != "$_an" ] || die 1 "install: slot $1 and the active slot share the volume $_vn"
	ubi_vol_id "$_un" "$_vn" || die 1 "install: slot $1 ($_lt) has no UBI volume $_vn on ubi$_un: run '$PROG setup --create-slots'"
	_vid=$UV
	ubi_vol_id "$_un" "$_an"
	_aid=$UV
	[ "$_vid" != "$_aid" ] || die 1 "install: slot $1 and the active slot share the volume $_vn"
	_sys=/sys/class/ubi/ubi${_un}_$_vid
	rd "$_sys/type"
	[ "$RD" = static ] || die 1 "install: volume $_vn (id $_vid) is dynamic: BL2 skips dynamic volumes, a FIP written there would never boot; remove it (ubirmvol /dev/ubi$_un -N $_vn) and run '$PROG setup --create-slots', which makes it static; nothing written"
	[ "$_vid" -lt 16 ] || die 1 "install: volume $_vn has id $_vid: BL2 loads only ids below 16"
	_len=$IMG_SIZE
	rd "$_sys/reserved_ebs"
	_room=$RD
	rd "$_sys/usable_eb_size"
	_room=$((_room * RD))
	[ "$_len" -le "$_room" ] || die 4 "install: ${IMG_NAME:-$2} ($_len bytes) is larger than volume $_vn ($_room bytes); nothing written"
	# a dynamic fip (an old layout or made by hand) cannot boot now; the
	# rename below makes the static volume written here the one BL2 loads
	rd "/sys/class/ubi/ubi${_un}_$_aid/type"
	[ "$RD" != dynamic ] ||
		warn "the active volume $_an (id $_aid) is dynamic: BL2 skips it, this board does not boot from it now; after this install $_an is the static volume $_vid"
	command -v ubiupdatevol > /dev/null 2>&1 || die 3 "install: ubiupdatevol (mtd-utils) is not installed"
	command -v ubirename > /dev/null 2>&1 || die 3 "install: ubirename (mtd-utils) is not installed"
	_ubi_write "$2" "$_un" "$_vid" "$_vn" "$_len" ||
		die 1 "install: ubiupdatevol /dev/ubi${_un}_$_vid failed: $(head -n 1 "$T/err"); the active volume $_an is untouched"
	ubi_slot_holds "$CDIR/$1" "$_vn" "$2" || die 1 "install: after the write, slot $1 (volume $_vn): $U_INFO; not switching, $_an still boots"
	ubi_try ubirename "/dev/ubi$_un" "$_an" "$_vn" "$_vn" "$_an" || die 1 "install: ubirename failed: $(head -n 1 "$T/err"); nothing switched"
	# the invariant: the volume just written is the one named fip now
	ubi_vol_id "$_un" "$_an"
	[ "$UV" = "$_vid" ] || die 1 "install: after the rename volume $_an is not the one written (id $_vid): check with '$PROG doctor'"
	# the module's re-check of the volume now named fip (UBI's rename
	# notification): `result` waits for it (issue 17)
	rd "$CDIR/result"
	case $RD in
	"ok: ubi: volumes changed: "*) info "the module's check after the rename: ${RD#ok: ubi: volumes changed: }" ;;
	error*) die 1 "install: the module's check after the rename: $RD" ;;
	*) die 1 "install: $_vn is named $_an now, but the module's check after the rename did not report (result: ${RD:-none}): check with '$PROG doctor'" ;;
	esac
	info "ok: $_vn written ($_len bytes), renamed to $_an"
}

# write FILE into a UBI volume with ubiupdatevol, showing progress; the
# reason of a failure is in $T/err
_ubi_write() { # FILE UBI-NUMBER VOLUME-ID VOLUME-NAME LENGTH
	info "writing UBI volume $4 (id $3, $((($5 + 1023) / 1024)) KiB) ..."
	if [ "$5" -le "$CHUNK" ]; then
		# one chunk: ubiupdatevol reads FILE itself, 100% when it is done
		ubi_try ubiupdatevol "/dev/ubi${2}_$3" "$1" || return 1
		[ -n "$QUIET" ] || printf '%s: ubi %s 100%%\n' "$PROG" "$4" >&2
		return 0
	fi
	# shellcheck disable=SC2034 # counted by ubi_busy (media.sh)
	UBI_BUSY=0
	until _ubi_write_chunks "$@"; do ubi_busy || return 1; done
	[ -z "$QUIET" ] || [ ! -t 2 ] || printf '\n' >&2
}

# ubiupdatevol fed in 1 MiB chunks with a progress line after each; an
# EBUSY comes before the first chunk is read (no progress printed)
_ubi_write_chunks() { # FILE UBI-NUMBER VOLUME-ID VOLUME-NAME LENGTH
	_i=0
	_nch=$((($5 + 65535) / 65536))
	while [ "$_i" -lt "$_nch" ]; do
		dd if="$1" bs=65536 skip="$_i" count=16 2>/dev/null || exit 1
		_i=$((_i + 16))
		[ "$_i" -le "$_nch" ] || _i=$_nch
		if [ -z "$QUIET" ]; then
			if [ -t 2 ]; then
				printf '\r%s: ubi %s %3d%%' "$PROG" "$4" $((_i * 100 / _nch)) >&2
			else
				printf '%s: ubi %s %d%%\n' "$PROG" "$4" $((_i * 100 / _nch)) >&2
			fi
		fi
	done | ubiupdatevol -s "$5" "/dev/ubi${2}_$3" - 2> "$T/err"
}

# bspconf on UBI (MediaTek dual FIP on SPI-NAND): the FIP goes to the
# inactive static volume (fip or fip2) with ubiupdatevol, the module checks
# it (state), then _bspconf_ubi_commit switches
_bspconf_ubi_install() { # SLOT FILE ACTIVE-SLOT
	[ "$3" != none ] || die 1 "install: the bspconf record names no usable FIP slot of $CDIR (active: $(cat "$CDIR/active" 2>/dev/null)); nothing written"
	_bspconf_ubi_records
	ubi_slot_info "$CDIR/$1" || die 1 "install: slot $1 ($(cat "$CDIR/$1/location")) has no UBI volume: create it (static, id below 16)"
	_un=$U_DEV _vn=$U_NAME _vid=$U_VID
	_sys=/sys/class/ubi/ubi${_un}_$_vid
	[ "$(cat "$_sys/type")" = static ] || die 1 "install: volume $_vn (id $_vid) is dynamic: BL2 skips dynamic volumes, a FIP written there would never boot; remove it (ubirmvol /dev/ubi$_un -N $_vn) and create it static with an id below 16; nothing written"
	[ "$_vid" -lt 16 ] || die 1 "install: volume $_vn has id $_vid: BL2 loads only ids below 16; nothing written"
	_len=$IMG_SIZE
	_room=$(($(cat "$_sys/reserved_ebs") * $(cat "$_sys/usable_eb_size")))
	[ "$_len" -le "$_room" ] || die 4 "install: ${IMG_NAME:-$2} ($_len bytes) is larger than volume $_vn ($_room bytes); nothing written"
	command -v ubiupdatevol > /dev/null 2>&1 || die 3 "install: ubiupdatevol (mtd-utils) is not installed"
	_ubi_write "$2" "$_un" "$_vid" "$_vn" "$_len" ||
		die 1 "install: ubiupdatevol /dev/ubi${_un}_$_vid failed: $(head -n 1 "$T/err"); the record still names slot $3"
	ubi_slot_holds "$CDIR/$1" "$_vn" "$2" || die 1 "install: after the write, slot $1 (volume $_vn): $U_INFO; not switching, slot $3 still boots"
	_bspconf_ubi_commit "$1" install
	info "ok: $_vn written ($_len bytes), the bspconf record names slot $1"
}

# both record volumes must exist: the record goes to the copy not in use
_bspconf_ubi_records() {
	_rd=${CDIR%/*}/bspconf
	for _rs in $(comp_slots "$_rd"); do
		ubi_slot_info "$_rd/$_rs" && continue
		die 1 "UBI volume $(sed 's/.*://' "$_rd/$_rs/location") (bspconf record copy, slot $_rs of ${_rd##*/}) is missing: the next record goes to it; create it (ubimkvol -t static -N NAME -s 88, an id below 16) or let U-Boot save the record once; nothing written"
	done
	[ -n "$(comp_slots "$_rd")" ] || die 1 "component ${_rd#"$CFS"/} has no slots for the record volumes bspconf1/bspconf2 (run '$PROG setup'); nothing written"
}

# `echo SLOT > active` composes the record; write it to the volume the
# module names (record_volume) and wait for its re-check (result)
_bspconf_ubi_commit() { # SLOT WHAT
	need_node "$CDIR/record" "$2"
	need_node "$CDIR/record_volume" "$2"
	cfs_write "$CDIR/active" "$1" "$CDIR/result"
	result_ok "$CDIR" || die 1 "$2: switching to $1 failed"
	_rv=$(cat "$CDIR/record_volume")
	case $_rv in
	ubi:*:*) ;;
	*) die 1 "$2: the module has no record pending after 'active $1' ($(cat "$CDIR/result"))" ;;
	esac
	_x=${_rv#ubi:}
	_rn=${_x%%:*} _rvn=${_x#*:}
	_rvid=$(ubi_vol "$_rn" "$_rvn") || die 1 "$2: UBI volume $_rvn (bspconf record) is missing on ubi$_rn: create it (ubimkvol -t static -N $_rvn -s 88) and run '$PROG activate ${CDIR##*/} $1'; slot $1 holds the new FIP, the old slot still boots"
	cat "$CDIR/record" > "$T/rec" 2> "$T/err" || die 1 "$2: cannot read $CDIR/record: $(head -n 1 "$T/err")"
	[ "$(wc -c < "$T/rec" | tr -d ' ')" = 88 ] || die 1 "$2: $CDIR/record holds $(wc -c < "$T/rec" | tr -d ' ') bytes, not an 88-byte bspconf record; nothing switched"
	_g0=$(cat "$CDIR/generation")
	command -v ubiupdatevol > /dev/null 2>&1 || die 3 "$2: ubiupdatevol (mtd-utils) is not installed"
	ubi_try ubiupdatevol "/dev/ubi${_rn}_$_rvid" "$T/rec" ||
		die 1 "$2: ubiupdatevol of the record into $_rvn failed: $(head -n 1 "$T/err"); the other record copy is untouched, the old slot still boots (check with '$PROG doctor')"
	# the module re-reads the records after UBI's volume notification
	_w=0
	while [ "$(cat "$CDIR/generation")" = "$_g0" ] && [ "$_w" -lt 50 ]; do
		sleep 0.2 2>/dev/null || sleep 1
		_w=$((_w + 1))
	done
	result_ok "$CDIR" || die 1 "$2: the module's check of the record in $_rvn failed"
	_now=$(cat "$CDIR/active")
	[ "$_now" = "$1" ] || die 1 "$2: active reads '$_now' after writing the record to $_rvn"
}
