#!/bin/sh
# board: bpi-r3-mini
# targets: x86_64-6.1 arm64-6.12
# timeout: 900
# The helper on a BPI-R3 Mini exactly as OpenWrt ships it
# (selftests/boards/bpi-r3-mini.board, Documentation/real-boards.md):
# OpenWrt's compatible bananapi,bpi-r3-mini selects the bpi-r3mini profile;
# fip is UBI volume 2 after ubootenv/ubootenv2, with en8811h-fw beside it;
# eMMC boot1 holds the EN8811H firmware. setup, status, check, install fip
# (NAND: an xz FIP as OpenWrt builds them; eMMC), backup work; install bl2
# --medium emmc writes boot0 only (boot1 byte-identical); boot-partition
# boot1 is refused; status says which slot OpenWrt's U-Boot menu would
# overwrite after the GPT switch.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
CFS=/sys/kernel/config/mtk-bootmedia
M=/mnt/media
tap_plan 27
openwrt_userland x86_64-6.1

run() { # SHELL ARGS...: exit status in $rc, output in /tmp/out
	_sh=$1
	shift
	# shellcheck disable=SC2086
	$_sh "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
volid() { # NAME
	for _v in /sys/class/ubi/ubi0_*; do
		[ "$(cat "$_v/name")" = "$1" ] && { echo "${_v##*_}"; return; }
	done
}
b1() { sha256sum < /dev/mmcblk0boot1; }

tap_is "$(volid fip):$(volid en8811h-fw)" 2:3 "OpenWrt's UBI order: fip is volume 2, en8811h-fw 3"
tap_ok "eMMC boot1 holds the EN8811H firmware" cmp -n 147456 /dev/mmcblk0boot1 "$M/en8811h-fw.bin"
boot1=$(b1)

run dash setup
tap_is "$rc" 0 "setup on OpenWrt's compatible: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
run dash status
tap_ok "status: exit 0, both media" sh -c "[ $rc = 0 ] && grep -q '== nand' /tmp/out && grep -q '== emmc' /tmp/out"
tap_is "$(cat $CFS/emmc/bl2/switch)" single "eMMC BL2: switch single (boot0 only)"
tap_is "$(cat $CFS/emmc/en8811h-fw/a/location)" emmc:boot1 "eMMC boot1: the en8811h-fw data area"
tap_ok "NAND: the en8811h-fw volume is a protected data area" sh -c "cat $CFS/nand/en8811h-fw/a/location | grep -q 'ubi:.*:en8811h-fw'"

run dash check "$M/fip-ow-bpi-r3-mini-snand.fip"
tap_ok "check: OpenWrt's R3 Mini SPI-NAND FIP: exit 0" sh -c "[ $rc = 0 ] && grep -q 'matches this board' /tmp/out"
run dash check "$M/fip-ow-bpi-r3-mini-emmc.fip" --medium emmc
tap_ok "check: its eMMC FIP for eMMC: exit 0" sh -c "[ $rc = 0 ]"
run dash check "$M/fip-ow-bpi-r3-mini-emmc.fip"
tap_ok "check: its eMMC FIP for SPI-NAND: exit 1" sh -c "[ $rc = 1 ] && grep -q 'cannot be written to SPI-NAND' /tmp/out"
run dash check "$M/fip-ow-bpi-r3-snand.fip"
tap_ok "check: the BPI-R3's FIP: exit 1, never 'matches'" sh -c "[ $rc = 1 ] && ! grep -q matches /tmp/out"
run dash check "$M/fip-xz-bomb.fip"
tap_ok "check: an xz bomb: exit 1, bounded" sh -c "[ $rc = 1 ] && grep -q '2097152-byte limit' /tmp/out"

run dash --yes setup --create-slots
if [ "${MTKBM_USERLAND:-}" = openwrt ]; then
	# OpenWrt has no blockdev: the module writes the GPT entry sector
	# (gpt_sector) and has the kernel read the table again, so no reboot
	tap_ok "setup --create-slots without blockdev: exit 0; fip2 made (UBI, GPT seen by the kernel), both media bound and protected" sh -c \
		"[ $rc = 0 ] && [ -n '$(volid fip2)' ] && grep -qx PARTNAME=fip2 /sys/class/block/mmcblk0p*/uevent && [ \"\$(cat $CFS/nand/enable $CFS/emmc/enable $CFS/nand/force_ro $CFS/emmc/force_ro | tr -d '\n')\" = 1111 ]"
else
	tap_is "$rc" 0 "setup --create-slots: fip2 (UBI) and fip2 (GPT)"
fi
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
run "busybox ash" --yes install fip "$M/fip-ow-bpi-r3-mini-xz-snand.fip"
tap_is "$rc" 0 "install fip on SPI-NAND (xz BL33, as OpenWrt builds may ship it): exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_ok "the volume named fip holds it now" sh -c "cmp -n $(wc -c < "$M/fip-ow-bpi-r3-mini-xz-snand.fip") /dev/ubi0_$(volid fip) $M/fip-ow-bpi-r3-mini-xz-snand.fip"
tap_ok "en8811h-fw volume untouched" sh -c "cmp -n 147456 /dev/ubi0_$(volid en8811h-fw) $M/en8811h-fw.bin"
run dash --yes install fip "$M/fip-ow-bpi-r3-mini-emmc.fip" --medium emmc
tap_is "$rc" 0 "install fip on eMMC (GPT switch): exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
run dash status
tap_ok "status: OpenWrt's U-Boot menu would write the inactive slot (LBA 0x3400)" sh -c \
	"[ $rc = 0 ] && grep -q 'raw LBA 0x3400, partition fip2 (slot a), not the active slot b' /tmp/out"
run dash doctor --medium emmc
tap_ok "doctor says it too" grep -q 'raw LBA 0x3400' /tmp/out

run dash install bl2 "$M/bl2-emmc-v2.img" --medium emmc
tap_ok "install bl2 --medium emmc without --yes: the prompt names single, UART, boot1" sh -c \
	"[ $rc = 2 ] && grep -q 'switch single' /tmp/out && grep -q 'boot1 holds en8811h-fw and is not touched' /tmp/out"
run dash --yes install bl2 "$M/bl2-emmc-v2.img" --medium emmc
tap_is "$rc" 0 "install bl2 --medium emmc: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_ok "boot0 holds the new BL2" cmp -n "$(wc -c < "$M/bl2-emmc-v2.img")" /dev/mmcblk0boot0 "$M/bl2-emmc-v2.img"
tap_is "$(b1)" "$boot1" "boot1 byte-identical"
run dash boot-partition boot1
tap_ok "boot-partition boot1: refused, exit 1" sh -c "[ $rc = 1 ] && grep -q 'holds en8811h-fw' /tmp/out"
tap_is "$(cat $CFS/emmc/boot_partition)" boot0 "boot partition still boot0"

run dash backup /tmp/b.tar
tap_is "$rc" 0 "backup: exit 0"
tap_ok "backup holds eMMC boot1 (the firmware) and the en8811h-fw volume" sh -c \
	"tar -tf /tmp/b.tar | grep -q 'emmc.boot1' && tar -tf /tmp/b.tar | grep -q 'nand.en8811h-fw'"
tap_done
