# shellcheck shell=sh
# Helpers for mmcsim tests and setup-media (POSIX sh; busybox ash, dash).

MMCSIM_DBG=/sys/kernel/debug/mmcsim

# mmcsim_disk: name of the simulated card's main disk (e.g. mmcblk0)
mmcsim_disk() {
	for b in /sys/devices/platform/mmcsim/mmc_host/mmc*/mmc*:*/block/mmcblk*; do
		[ -e "$b" ] || continue
		echo "${b##*/}"
		return 0
	done
	return 1
}

# mmcsim_wait_disk [NPARTS]: wait until mmcblkN, its boot areas, NPARTS
# partitions and their /dev nodes exist; prints the disk name
mmcsim_wait_disk() {
	i=0
	while [ $i -lt 100 ]; do
		if d=$(mmcsim_disk) && [ -e "/dev/$d" ] &&
		   [ -e "/dev/${d}boot0" ] && [ -e "/dev/${d}boot1" ]; then
			n=0
			for p in "/sys/class/block/$d/${d}p"*; do
				[ ! -e "/dev/${p##*/}" ] || n=$((n + 1))
			done
			if [ "$n" -ge "${1:-0}" ]; then
				echo "$d"
				return 0
			fi
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# mmcsim_power_cycle [NPARTS]: power-cycle the card, wait for the disks
mmcsim_power_cycle() {
	echo 1 > "$MMCSIM_DBG/power_cycle" || return 1
	mmcsim_wait_disk "${1:-0}" > /dev/null
}

# mmcsim_counter NAME: value of a counter
mmcsim_counter() {
	awk -v k="$1" '$1 == k { print $2 }' "$MMCSIM_DBG/counters"
}

# mmcsim_ext_csd BYTE: EXT_CSD byte as a decimal number
mmcsim_ext_csd() {
	dd if="$MMCSIM_DBG/ext_csd" bs=1 skip="$1" count=1 2>/dev/null | od -An -tu1 | tr -d ' '
}

# mmcsim_dump AREA SECTOR COUNT: raw sectors of boot0, boot1 or user
mmcsim_dump() {
	if [ $(($2 % 8)) -eq 0 ] && [ $(($3 % 8)) -eq 0 ]; then
		dd if="$MMCSIM_DBG/$1" bs=4096 skip=$(($2 / 8)) count=$(($3 / 8)) 2>/dev/null
	else
		dd if="$MMCSIM_DBG/$1" bs=512 skip="$2" count="$3" 2>/dev/null
	fi
}

# mmcsim_load AREA BYTE-OFFSET FILE: raw write into the card's store
mmcsim_load() {
	if [ $(($2 % 4096)) -eq 0 ]; then
		dd if="$3" of="$MMCSIM_DBG/$1" bs=4096 seek=$(($2 / 4096)) conv=notrunc 2>/dev/null
	else
		dd if="$3" of="$MMCSIM_DBG/$1" bs=512 seek=$(($2 / 512)) conv=notrunc 2>/dev/null
	fi
}

# --- minimal TAP 13 for the mmcsim-*.t tests ---
mt_n=0
mt_failed=0

# mt_plan N
mt_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# mt_check DESC COMMAND...: one test point from COMMAND's exit status
mt_check() {
	mt_desc=$1
	shift
	mt_n=$((mt_n + 1))
	if "$@"; then
		echo "ok $mt_n - $mt_desc"
	else
		echo "not ok $mt_n - $mt_desc"
		mt_failed=1
	fi
}

# mt_done: exit status of the test file
mt_done() {
	exit "$mt_failed"
}

# mt_eq A B: string equality with a diagnostic
mt_eq() {
	[ "$1" = "$2" ] && return 0
	echo "# got '$1', expected '$2'"
	return 1
}

# mt_pattern FILE SEED SECTORS: deterministic pseudo-random data
mt_pattern() {
	awk -v seed="$2" -v n="$3" 'BEGIN {
		srand(seed);
		for (i = 0; i < n * 512; i++)
			printf "%c", 33 + int(rand() * 94);
	}' > "$1"
}

# mmcsim_bytes VALUE: profile size/offset (123, 0x10, 4K, 4M, 1G, 13312s)
mmcsim_bytes() {
	case $1 in
	*s) echo $((${1%s} * 512)) ;;
	*K) echo $((${1%K} * 1024)) ;;
	*M) echo $((${1%M} * 1048576)) ;;
	*G) echo $((${1%G} * 1073741824)) ;;
	*) echo $(($1)) ;;
	esac
}

# mmcsim_part_by_name DISK NAME: partition device whose GPT name is NAME
mmcsim_part_by_name() {
	for p in "/sys/class/block/$1/$1p"*; do
		[ -e "$p/uevent" ] || continue
		if grep -qx "PARTNAME=$2" "$p/uevent"; then
			echo "${p##*/}"
			return 0
		fi
	done
	return 1
}

# mt_not COMMAND...: succeeds when COMMAND fails
mt_not() {
	if "$@"; then
		return 1
	fi
	return 0
}

# mt_same_dump AREA SECTOR COUNT FILE: card region equals FILE
mt_same_dump() {
	mmcsim_dump "$1" "$2" "$3" > /tmp/mt_dump
	cmp -s /tmp/mt_dump "$4"
}
