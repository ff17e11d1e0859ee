#!/bin/sh
# The VM part of "make demo": what the module and the board's simulated
# boot media look like from inside (runs in the guest, busybox sh).
section() { printf '\n-- %s\n' "$*"; }

echo "kernel $(uname -r) $(uname -m), board $MTKBM_BOARD"
section "module"
grep '^mtk_bootmedia ' /proc/modules
dmesg | grep 'mtk_bootmedia:' | sed 's/^\[[ 0-9.]*\] /  /'
echo "configfs: $(find /sys/kernel/config/mtk-bootmedia | sed 's|/sys/kernel/config/||' | tr '\n' ' ')"
if [ -d /proc/device-tree ]; then
	echo "board identity (DT): $(tr '\0' ' ' < /proc/device-tree/compatible)"
else
	echo "board identity (module parameter, no DT): $(cat /sys/module/mtk_bootmedia/parameters/board)"
fi

if grep -q '^mtd' /proc/mtd; then
	section "SPI-NAND (nandsim, whole-page programs only)"
	cat /proc/mtd
	for d in /sys/class/mtd/mtd[0-9]*; do
		case $d in *ro) continue ;; esac
		printf '  %-6s %-5s page %s oob %s block %s flags 0x%x\n' "${d##*/}" \
			"$(cat "$d/name")" "$(cat "$d/writesize")" "$(cat "$d/oobsize")" \
			"$(cat "$d/erasesize")" "$(cat "$d/flags")"
	done
	section "BL2 copies (as the board profile places them)"
	awk '$1 == "nand.write" { print $2, $3, $4 }' \
		"/mnt/src/selftests/boards/$MTKBM_BOARD.board" | while read -r part off img; do
		n=$(grep -l "^$part\$" /sys/class/mtd/mtd*/name | head -n 1)
		n=${n%/name}
		h=$(nanddump -q -s "$off" -l 2048 "/dev/${n##*/}" 2>/dev/null | head -c 12 | tr -c 'A-Za-z0-9_!' '.')
		printf '  %s@%-8s %-14s (%s)\n' "$part" "$off" "$h" "$img"
	done
	section "UBI volumes"
	for v in /sys/class/ubi/ubi0_*; do
		printf '  id %-3s %-10s %-8s %s LEBs, %s bytes of data\n' "${v##*_}" "$(cat "$v/name")" \
			"$(cat "$v/type")" "$(cat "$v/reserved_ebs")" "$(cat "$v/data_bytes")"
	done
fi

if [ -b /dev/mmcblk0 ]; then
	section "eMMC (mmcsim, driven by the real mmc_core and mmc_block)"
	for b in /sys/block/mmcblk0 /sys/block/mmcblk0boot0 /sys/block/mmcblk0boot1; do
		ro=
		[ -f "$b/force_ro" ] && ro=" force_ro=$(cat "$b/force_ro")"
		printf '  %-14s %6s MiB%s\n' "${b##*/}" "$(($(cat "$b/size") / 2048))" "$ro"
	done
	for p in /sys/block/mmcblk0/mmcblk0p*; do
		printf '  %-14s %-12s start %-8s %s sectors\n' "${p##*/}" \
			"$(sed -n 's/^PARTNAME=//p' "$p/uevent")" "$(cat "$p/start")" "$(cat "$p/size")"
	done
	mmc extcsd read /dev/mmcblk0 | grep -i -A3 'PARTITION_CONFIG' | head -n 4 | sed 's/^/  /'
	printf '  boot0 starts with: %s\n' "$(head -c 10 /dev/mmcblk0boot0 | tr -c 'A-Za-z0-9_!' '.')"
fi

section "the helper: setup (module, configfs tree from the board profile, fip2 slots)"
H="sh /mnt/src/scripts/mtk-bootmedia"
# run CMD...: the helper's output indented, then its exit status
run() {
	{ $H "$@" 2>&1; echo "exit status $?"; } | tr '\r' '\n' | sed 's/^/  /'
}
run --yes setup --create-slots
section "mtk-bootmedia status"
run status
section "check: the BPI-R3's FIP offered to this BPI-R3 Mini (refused, nothing written)"
run check --medium nand /mnt/media/fip-bpi-r3-snand.fip
section "install fip (SPI-NAND, UBI): fip2 written, checked, renamed"
run --yes install fip /mnt/media/fip-bpi-r3mini-snand-v2.fip --medium nand
if [ -b /dev/mmcblk0 ]; then
	section "install fip (eMMC, GPT): fip2 staged, read back, names swapped"
	run --yes install fip /mnt/media/fip-bpi-r3mini-emmc-v2.fip --medium emmc
	for p in /sys/block/mmcblk0/mmcblk0p*; do
		printf '  %-14s %-12s start %s\n' "${p##*/}" \
			"$(sed -n 's/^PARTNAME=//p' "$p/uevent")" "$(cat "$p/start")"
	done
fi
section "mtk-bootmedia status after the installs"
run status
section "mtk-bootmedia doctor (the boot model on the live media)"
run doctor
