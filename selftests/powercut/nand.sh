# shellcheck shell=sh
# selftests/powercut/nand.sh: the NAND (mtkbm_nandcut) part of the power-cut
# loops (guest side; busybox ash, dash), sourced by selftests/powercut/lib.sh:
# snapshot, restore and power-cycle the chip with UBI detached and attached
# as a reboot would, and refresh a dump from the cut layer's raw image.

# pc_ubi_part: _pc_ubi = the partition holding UBI (profile ubi.mtd),
# _pc_vid = its VID header offset, read once per board
pc_ubi_part() {
	[ "${_pc_ubib:-}" != "=${MTKBM_BOARD:-}" ] || return 0
	_pc_ubi=$(profile_get ubi.mtd 2> /dev/null | head -n 1)
	_pc_vid=$(profile_get ubi.vidoffset 2> /dev/null | head -n 1)
	_pc_ubib="=${MTKBM_BOARD:-}"
}

# pc_ubi_detach / pc_ubi_attach: what a reboot does to UBI, if an
# installed partition holds it
pc_ubi_detach() {
	pc_ubi_part
	for p in $PC_NAND_PARTS; do
		[ "$p" = "$_pc_ubi" ] || continue
		n=$(pc_mtd_num "$p") || return 1
		[ ! -e /sys/class/ubi/ubi0 ] || ubidetach -m "$n" > /dev/null 2>&1 || ubidetach -d 0 > /dev/null 2>&1 || true
	done
	return 0
}

pc_ubi_attach() {
	pc_ubi_part
	for p in $PC_NAND_PARTS; do
		[ "$p" = "$_pc_ubi" ] || continue
		n=$(pc_mtd_num "$p") || return 1
		ubiattach -m "$n" ${_pc_vid:+-O "$_pc_vid"} > /dev/null 2>&1 || return 1
	done
	return 0
}

# snapshot the chip range from the first to the last of PC_NAND_PARTS
pc_nand_save() {
	grep -q '^mtkbm_nandcut ' /proc/modules || modprobe mtkbm_nandcut || return 1
	lo='' hi=''
	for p in $PC_NAND_PARTS; do
		n=$(pc_mtd_num "$p") || { pc_log "no MTD partition $p"; return 1; }
		o=$(cat "/sys/class/mtd/mtd$n/offset") s=$(cat "/sys/class/mtd/mtd$n/size")
		if [ -z "$lo" ] || [ "$o" -lt "$lo" ]; then lo=$o; fi
		if [ -z "$hi" ] || [ $((o + s)) -gt "$hi" ]; then hi=$((o + s)); fi
	done
	pc_ubi_detach || return 1
	echo "$lo $((hi - lo))" > "$PC_NC/snapshot" || return 1
	pc_ubi_attach
}

pc_nand_restore() {
	pc_ubi_detach || return 1
	echo 1 > "$PC_NC/power_cycle" || return 1
	echo 1 > "$PC_NC/restore" || return 1
	pc_ubi_attach
}

pc_nand_power_cycle() {
	pc_ubi_detach || return 1
	echo 1 > "$PC_NC/power_cycle" || return 1
	pc_ubi_attach
}

# pc_nand_settle: after an install, before its dump: UBI detached (nothing
# reaches a dead chip; a live one finishes its pending erases), not attached
# again (the next restore does)
pc_nand_settle() { pc_ubi_detach; }

# pc_nand_redump DIR: refresh the partitions of PC_NAND_PARTS in dump DIR
# from mtkbm_nandcut's raw image of the chip (data + OOB of every page); the
# page ranges are looked up once per loop (pc_loop clears _pc_rd)
pc_nand_redump() {
	if [ -z "${_pc_rd:-}" ]; then
		read -r _pc_pg _pc_oob _ < "$1/nand.geometry" || return 1
		for p in $PC_NAND_PARTS; do
			n=$(pc_mtd_num "$p") || return 1
			read -r o < "/sys/class/mtd/mtd$n/offset" && read -r l < "/sys/class/mtd/mtd$n/size" || return 1
			_pc_rd="${_pc_rd:-} $((o / _pc_pg)):$((l / _pc_pg))"
		done
	fi
	for r in $_pc_rd; do
		dd if="$PC_NC/raw" of="$1/nand.bin" bs=$((_pc_pg + _pc_oob)) skip="${r%:*}" seek="${r%:*}" \
			count="${r#*:}" conv=notrunc 2> /dev/null || return 1
	done
}
