#!/bin/sh
# board: bpi-r3mini e8450 gl-mt6000
# The boot model on the live simulated board: dump the media with
# selftests/bootmodel/dump, run the static bootmodel binary in the guest and
# check the board boots with the expected BL2 and FIP. The binary comes from
# PATH (the runner's job), else /mnt/share/bootmodel, else the host build in
# /mnt/src/.cache/bootmodel/bin/$(uname -m)/ (selftests/bootmodel/run-tests
# or `scripts/bootmodel/build ARCH DIR`); without one the model checks fail.
# A board with SPI-NAND and eMMC also boots from its eMMC (one more check).
# shellcheck disable=SC1091
. /mnt/src/selftests/lib/tap.sh

two=
[ -z "$(profile_get nand.geometry)" ] || [ -z "$(profile_get emmc.user-size)" ] || two=1
if [ -n "$two" ]; then tap_plan 11; else tap_plan 10; fi

bm=$(command -v bootmodel 2>/dev/null || true)
for c in /mnt/share/bootmodel "/mnt/src/.cache/bootmodel/bin/$(uname -m)/bootmodel"; do
	[ -n "$bm" ] || { [ -x "$c" ] && bm=$c; } || true
done

case $MTKBM_BOARD in
bpi-r3mini)
	bl2='^bl2: SPI-NAND copy 0 at 0x0 (SPINAND! header, 4 of 4 copies valid)'
	fip='^fip: UBI volume "fip" (id 0, static'
	img='fip-bpi-r3mini-snand.fip'
	;;
e8450)
	bl2='^bl2: SPI-NAND copy 0 at 0x0 (BOOTLOADER! header, 4 of 4 copies valid)'
	fip='^fip: UBI volume "fip" (id 0, static'
	img='fip-e8450-snand.fip'
	;;
gl-mt6000)
	bl2='^bl2: eMMC boot0 offset 0 (EMMC_BOOT header)'
	fip='^fip: GPT partition "fip" (primary GPT'
	img=
	;;
*)
	bl2=unknown fip=unknown img=
	;;
esac

d=/tmp/bootmodel-dump
tap_ok "dump the live media" sh /mnt/src/selftests/bootmodel/dump "$d" "$MTKBM_BOARD"
if [ -n "$(profile_get nand.geometry)" ]; then
	# shellcheck disable=SC2046
	set -- $(profile_get nand.geometry)
	tap_is "$(wc -c < "$d/nand.bin")" "$(($4 * ($1 + $2) / $1))" "nand.bin holds every page with its OOB"
else
	tap_ok "eMMC user area dumped" test -s "$d/emmc-user.bin"
fi

if [ -z "$bm" ]; then
	tap_result 1 "a bootmodel binary (PATH, /mnt/share, or selftests/bootmodel/run-tests on the host)"
	tap_done
fi

rc=0
"$bm" "$d" > /tmp/bm.out 2>&1 || rc=$?
tap_diag "$(cat /tmp/bm.out)"
tap_is "$rc" 0 "bootmodel exits 0 ($bm)"
tap_ok "verdict: boots" grep -q '^verdict: boots' /tmp/bm.out
tap_ok "BL2 as expected" grep -q -e "$bl2" /tmp/bm.out
tap_ok "FIP as expected" grep -q -e "$fip" /tmp/bm.out
tap_ok "FIP is for this board" grep -q '^fip-board: match' /tmp/bm.out
if [ -n "$img" ]; then
	want=$(sha256sum "/mnt/media/$img" | cut -d' ' -f1)
	tap_ok "loaded FIP is $img" grep -q "^fip.sha256: $want" /tmp/bm.out
else
	tap_ok "U-Boot and Linux read the valid primary GPT" sh -c "grep -q '^gpt-uboot: primary GPT, 5 partitions' /tmp/bm.out && grep -q '^gpt-linux: primary GPT, 5 partitions' /tmp/bm.out"
fi
# a board with SPI-NAND and eMMC: the eMMC chain boots as well
if [ -n "$two" ]; then
	rc=0
	"$bm" --medium emmc "$d" > /tmp/bm.out 2>&1 || rc=$?
	tap_ok "eMMC chain boots too (--medium emmc, exit $rc)" \
		grep -q '^fip: GPT partition "fip" (primary GPT' /tmp/bm.out
fi

# damage the live media the way the field does, dump again: the model
# must say so (UBI without fip) or name the GPT copy it falls back to
if [ -n "$(profile_get ubi.mtd)" ]; then
	ubirmvol /dev/ubi0 -N fip > /dev/null 2>&1 || true
	want=1 why='^verdict: will not boot: no static UBI volume named fip'
else
	# flip a byte of the primary GPT header (its disk GUID)
	printf '\022' | dd of=/sys/kernel/debug/mmcsim/user bs=1 seek=600 conv=notrunc 2> /dev/null
	want=0 why='^fip: GPT partition "fip" (backup GPT'
fi
rm -rf "$d"
sh /mnt/src/selftests/bootmodel/dump "$d" "$MTKBM_BOARD" > /dev/null 2>&1 || true
rc=0
"$bm" "$d" > /tmp/bm.out 2>&1 || rc=$?
tap_is "$rc" "$want" "damaged media: exit $want"
grep -q -e "$why" /tmp/bm.out || tap_diag "$(cat /tmp/bm.out)"
tap_ok "damaged media: $why" grep -q -e "$why" /tmp/bm.out
rm -rf "$d"
tap_done
