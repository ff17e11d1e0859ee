# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# shellcheck disable=SC2154 # _a _m _c _loc _len _how _kind _want: the caller's loop variables (restore.sh)
#
# mtk-bootmedia helper, part restore-gpt: the eMMC GPT in a restore: checked,
# written only where the table on the disk is not valid (restore.sh calls it).
# Sourced by scripts/mtk-bootmedia after restore.sh (installed:
# /usr/lib/mtk-bootmedia/restore-gpt.sh); defines functions only, runs nothing
# by itself.

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
