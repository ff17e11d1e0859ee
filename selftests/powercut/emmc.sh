# shellcheck shell=sh
# selftests/powercut/emmc.sh: the eMMC (mmcsim) part of the power-cut loops
# (guest side; busybox ash, dash), sourced by selftests/powercut/lib.sh:
# wait for the card, power-cycle it, snapshot, restore and dump what the
# card changed (mmcsim's touched list), PC_VERIFY.

pc_mmc_wait() {
	i=0
	while [ $i -lt 100 ]; do
		for b in /sys/devices/platform/mmcsim/mmc_host/mmc*/mmc*:*/block/mmcblk*; do
			[ -e "$b" ] || continue
			d=${b##*/}
			if [ -e "/dev/$d" ] && [ -e "/dev/${d}boot0" ] && [ -e "/dev/${d}boot1" ]; then
				PC_MMCBLK=$d
				export PC_MMCBLK
				return 0
			fi
		done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

pc_emmc_power_cycle() {
	echo 1 > "$PC_MMC/power_cycle" && pc_mmc_wait
}

# the default user ranges: primary GPT (LBA 0..33) and backup (last 33 LBAs)
pc_emmc_user_default() {
	size=$(stat -c %s "$PC_MMC/user")
	echo "0:17408 $((size - 16896)):16896"
}

pc_emmc_save() {
	s=$PC_DIR/snap
	mkdir -p "$s"
	for a in boot0 boot1; do
		dd if="$PC_MMC/$a" of="$s/$a" bs=65536 2> /dev/null || return 1
	done
	dd if="$PC_MMC/ext_csd" of="$s/ext_csd" bs=512 count=1 2> /dev/null || return 1
	for r in $PC_EMMC_USER; do
		o=${r%%:*} l=${r#*:}
		dd if="$PC_MMC/user" of="$s/user-$o" bs=512 skip=$((o / 512)) count=$((l / 512)) \
			2> /dev/null || return 1
	done
	# from now on mmcsim lists what the card changes (pc_emmc_restore)
	rm -f "$PC_DIR/touched.prev"
	[ ! -e "$PC_MMC/touched" ] || echo 0 > "$PC_MMC/touched"
}

# pc_emmc_runs FILE: the card's changes since the last clear, "AREA OFFSET
# LENGTH" lines (mmcsim's touched list) into FILE; fails when mmcsim lost
# count. Read by the shell: no fork (they are dear under the debug kernel)
pc_emmc_runs() {
	[ -r "$PC_MMC/touched" ] || return 1
	: > "$1"
	while IFS= read -r _pc_t || [ -n "$_pc_t" ]; do
		case $_pc_t in overflow*) return 1 ;; esac
		printf '%s\n' "$_pc_t" >> "$1"
	done < "$PC_MMC/touched"
}

# pc_emmc_put_run AREA OFFSET LENGTH: that part of the snapshot back on the
# card; a user range the snapshot does not cover is an error (the install
# wrote where the loop neither restores nor dumps)
pc_emmc_put_run() {
	s=$PC_DIR/snap
	case $1 in
	boot0 | boot1)
		dd if="$s/$1" of="$PC_MMC/$1" bs=512 skip=$(($2 / 512)) seek=$(($2 / 512)) \
			count=$(($3 / 512)) conv=notrunc 2> /dev/null
		return
		;;
	esac
	_pc_cov=0
	for r in $PC_EMMC_USER; do
		o=${r%%:*} l=${r#*:}
		_pc_a=$2 _pc_b=$(($2 + $3))
		[ "$_pc_a" -ge "$o" ] || _pc_a=$o
		[ "$_pc_b" -le $((o + l)) ] || _pc_b=$((o + l))
		[ "$_pc_a" -lt "$_pc_b" ] || continue
		dd if="$s/user-$o" of="$PC_MMC/user" bs=512 skip=$(((_pc_a - o) / 512)) \
			seek=$((_pc_a / 512)) count=$(((_pc_b - _pc_a) / 512)) conv=notrunc 2> /dev/null || return 1
		_pc_cov=$((_pc_cov + _pc_b - _pc_a))
	done
	[ "$_pc_cov" = "$3" ] && return 0
	pc_log "the card changed user bytes $2+$3, which PC_EMMC_USER ($PC_EMMC_USER) does not cover"
	return 1
}

# put the snapshot back: where the card changed since the last restore
# (mmcsim's touched list, kept for the next pc_emmc_redump), or everything
# the snapshot holds when the list is missing or overflowed
pc_emmc_restore() {
	s=$PC_DIR/snap
	if pc_emmc_runs "$PC_DIR/touched.prev" 2> /dev/null; then
		while read -r a o l; do
			pc_emmc_put_run "$a" "$o" "$l" || return 1
		done < "$PC_DIR/touched.prev"
		echo 0 > "$PC_MMC/touched"
	else
		rm -f "$PC_DIR/touched.prev"
		for a in boot0 boot1; do
			dd if="$s/$a" of="$PC_MMC/$a" bs=65536 conv=notrunc 2> /dev/null || return 1
		done
		for r in $PC_EMMC_USER; do
			o=${r%%:*}
			dd if="$s/user-$o" of="$PC_MMC/user" bs=512 seek=$((o / 512)) conv=notrunc \
				2> /dev/null || return 1
		done
		[ ! -e "$PC_MMC/touched" ] || echo 0 > "$PC_MMC/touched"
	fi
	dd if="$s/ext_csd" of="$PC_MMC/ext_csd" bs=512 count=1 conv=notrunc 2> /dev/null || return 1
	pc_emmc_verify || return 1
	pc_emmc_power_cycle
}

# PC_VERIFY=1: after every restore, the card's boot areas and user ranges
# must equal the snapshot; after every dump (DIR), the dump must equal the
# card there: the touched list checked against full reads (slow)
pc_emmc_verify() { # [DIR]
	[ "${PC_VERIFY:-0}" = 1 ] || return 0
	for a in boot0 boot1; do
		dd if="$PC_MMC/$a" of="$PC_DIR/v.card" bs=65536 2> /dev/null || return 1
		cmp -s "$PC_DIR/v.card" "${1:-$PC_DIR/snap}/${1:+emmc-}$a${1:+.bin}" ||
			{ pc_log "verify: $a differs from the ${1:+dump}${1:-snapshot}"; return 1; }
	done
	for r in $PC_EMMC_USER; do
		o=${r%%:*} l=${r#*:}
		dd if="$PC_MMC/user" of="$PC_DIR/v.card" bs=512 skip=$((o / 512)) count=$((l / 512)) \
			2> /dev/null || return 1
		if [ -n "${1:-}" ]; then
			dd if="$1/emmc-user.bin" of="$PC_DIR/v.ref" bs=512 skip=$((o / 512)) \
				count=$((l / 512)) 2> /dev/null || return 1
		else
			cp "$PC_DIR/snap/user-$o" "$PC_DIR/v.ref"
		fi
		cmp -s "$PC_DIR/v.card" "$PC_DIR/v.ref" ||
			{ pc_log "verify: user $o+$l differs from the ${1:+dump}${1:-snapshot}"; return 1; }
	done
}

# refresh the eMMC parts of dump DIR from mmcsim's store: after a partial
# restore only where the last restore put the snapshot back and where the
# card changed since (elsewhere dump, snapshot and card are equal), else
# every snapshotted range
pc_emmc_redump() {
	dd if="$PC_MMC/ext_csd" of="$1/emmc-ext_csd.bin" bs=512 count=1 2> /dev/null || return 1
	if [ -r "$PC_DIR/touched.prev" ] && pc_emmc_runs "$PC_DIR/touched.now" 2> /dev/null; then
		for _pc_f in "$PC_DIR/touched.prev" "$PC_DIR/touched.now"; do
			while read -r a o l; do
				dd if="$PC_MMC/$a" of="$1/emmc-$a.bin" bs=512 skip=$((o / 512)) seek=$((o / 512)) \
					count=$((l / 512)) conv=notrunc 2> /dev/null || return 1
			done < "$_pc_f"
		done
		pc_emmc_verify "$1"
		return
	fi
	for a in boot0 boot1; do
		dd if="$PC_MMC/$a" of="$1/emmc-$a.bin" bs=65536 2> /dev/null || return 1
	done
	for r in $PC_EMMC_USER; do
		o=${r%%:*} l=${r#*:}
		dd if="$PC_MMC/user" of="$1/emmc-user.bin" bs=512 skip=$((o / 512)) seek=$((o / 512)) \
			count=$((l / 512)) conv=notrunc 2> /dev/null || return 1
	done
}

