#!/bin/sh
# board: gl-mt6000 bpi-r3mini
# targets: x86_64-6.1
# Every board profile of scripts/boards loaded by the helper on simulated
# media, with the facts it carries checked. gl-mt6000 (eMMC only): its
# identity selects it, setup binds BL2 (single boot0: no real profile
# states boot.emmc-boot1 honoured), FIP (gpt), factory and u-boot-env and
# writes boot1_honoured 0; status --json validates against the schema;
# check accepts its own BL2 and FIP and refuses a SPI-NAND BL2 and another
# board's FIP; boot-partition boot1 is refused (no source says the BootROM
# loads BL2 from boot1), set with --force; install bl2 writes boot0 in
# place. A copy of the profile with switch extcsd but without the key is
# refused; with boot.emmc-boot1 honoured (a board that states it), setup writes
# boot1_honoured 1, install bl2 writes boot1 and switches to it, doctor
# boots from boot1; boot-partition refuses user without --force, sets it
# with (the module written "user": it takes force after boot1 only), and
# sets boot0 back (a valid BL2 there). On the bpi-r3mini media (SPI-NAND
# + eMMC), with the module loaded as a BPI-R3 and as a BPI-R4 (x86_64: the
# board= parameter is the identity): the bpi-r3 and bpi-r4 profiles are
# chosen, their media and BL2 copy layout shown, setup binds, check accepts
# their own FIP and refuses the R3 Mini's, and doctor says the board will
# not boot (the FIP in UBI is the R3 Mini's). One target: the helper is
# shell, the kernel does not matter here.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
CFS=/sys/kernel/config/mtk-bootmedia
M=/mnt/media
case $MTKBM_BOARD in
gl-mt6000) tap_plan 24 ;;
*) tap_plan 16 ;;
esac
openwrt_userland x86_64-6.1

run() { # ARGS...: the helper under dash, exit status in $rc, output in /tmp/out
	dash "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
# the same with the profiles of /tmp/boards
run_b() {
	MTKBM_BOARDS=/tmp/boards dash "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
# shellcheck disable=SC2317 # called through tap_ok
has() { grep -q -- "$1" /tmp/out; }

if [ "$MTKBM_BOARD" = gl-mt6000 ]; then
	run profile
	tap_ok "profile: glinet,gl-mt6000 selects gl-mt6000, eMMC only" sh -c \
		"[ $rc = 0 ] && grep -q '^board: *gl-mt6000 ' /tmp/out && grep -q '^medium emmc: emmc, mmc:mmcblk0' /tmp/out && [ \$(grep -c '^medium ' /tmp/out) = 1 ]"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run --yes setup
	tap_is "$rc" 0 "setup"
	tap_is "$(cat $CFS/emmc/bl2/switch) $(cat $CFS/emmc/boot1_honoured) $(cat $CFS/emmc/fip/switch) $(cat $CFS/emmc/u-boot-env/a/location)" \
		"single 0 gpt gpt:u-boot-env" "setup: BL2 single, boot1_honoured 0, FIP gpt, u-boot-env from the profile"
	dash "$H" --json status > /tmp/st.json 2> /tmp/out
	rc=$?
	tap_ok "status --json: exit 0, one object, the schema's fields" sh -c \
		"[ $rc = 0 ] && [ \$(wc -l < /tmp/st.json) = 1 ] && sh /mnt/src/selftests/lib/json-check /mnt/src/Documentation/mtk-bootmedia.schema.json /tmp/st.json"
	tap_ok "status --json: board, BL2 active a (valid), next boot boots" sh -c \
		"grep -q '^{\"board\":\"gl-mt6000\",' /tmp/st.json && grep -q '{\"name\":\"bl2\",\"switch\":\"single\",\"active\":\"a\",\"slots\":\[{\"name\":\"a\",\"location\":\"emmc:boot0\",\"state\":\"valid\"}' /tmp/st.json && grep -q '\"next_boot\":\"boots\"}$' /tmp/st.json"
	run doctor
	tap_ok "doctor: boots from boot0 and the GPT fip" sh -c \
		"[ $rc = 0 ] && grep -q '^bl2: eMMC boot0 offset 0' /tmp/out && grep -q '^fip: GPT partition \"fip\"' /tmp/out"
	run check "$M/bl2-emmc.img"
	tap_ok "check of its eMMC BL2: exit 0" sh -c "[ $rc = 0 ] && grep -q '^ok: BL2 (EMMC_BOOT header)' /tmp/out"
	run check "$M/bl2-spim-nand-2k64.img"
	tap_ok "check of a SPI-NAND BL2: exit 1, -EMEDIUMTYPE" sh -c "[ $rc = 1 ] && grep -q 'EMEDIUMTYPE BL2 for SPI-NAND cannot be written to eMMC' /tmp/out"
	run check "$M/fip-gl-mt6000-emmc.fip"
	tap_ok "check of its FIP: exit 0, matches" sh -c "[ $rc = 0 ] && grep -q 'FIP for glinet,gl-mt6000 matches this board' /tmp/out"
	run check "$M/fip-bpi-r3-emmc.fip"
	tap_ok "check of the R3's eMMC FIP: exit 1, names both boards" sh -c "[ $rc = 1 ] && grep -q 'FIP for bananapi,bpi-r3, this board is glinet,gl-mt6000' /tmp/out"
	run --yes boot-partition boot1
	tap_ok "boot-partition boot1: exit 4 (no source says the BootROM loads BL2 from boot1), still boot0" sh -c \
		"[ $rc = 4 ] && grep -q 'does not state it (boot.emmc-boot1 honoured)' /tmp/out && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	b1=$(sha256sum < /dev/mmcblk0boot1)
	run --yes install bl2 "$M/bl2-emmc-v2.img"
	tap_ok "install bl2: exit 0, boot0 rewritten in place, boot1 untouched, still boot0" sh -c \
		"[ $rc = 0 ] && grep -q 'in place' /tmp/out && cmp -n $(wc -c < "$M/bl2-emmc-v2.img") /dev/mmcblk0boot0 $M/bl2-emmc-v2.img && [ \"\$(sha256sum < /dev/mmcblk0boot1)\" = '$b1' ] && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	# --force: the module (boot1_honoured 0) takes boot1 only as "boot1 force"
	run --yes boot-partition boot1 --force
	tap_is "$rc $(cat $CFS/emmc/boot_partition) $(cat $CFS/emmc/boot1_honoured) $(($(hexdump -s 179 -n 1 -e '1/1 "%u"' /sys/kernel/debug/mmcsim/ext_csd) >> 3 & 7))" \
		"0 boot1 0 2" "boot-partition boot1 --force: exit 0, boot1_honoured still 0, the card's EXT_CSD[179] enables boot1"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run --yes boot-partition boot0
	tap_ok "boot-partition boot0 (a valid BL2 there): exit 0, boot0" sh -c \
		"[ $rc = 0 ] && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	# a board whose profile states boot.emmc-boot1 honoured: BL2 A/B
	# through EXT_CSD (a copy of the profile; no real board states it)
	mkdir -p /tmp/boards
	sed -e 's/^component   emmc bl2 bl2 single$/component   emmc bl2 bl2 extcsd/' \
		-e 's/^slot        emmc bl2 a emmc:boot0$/&\nslot        emmc bl2 b emmc:boot1/' \
		/mnt/src/scripts/boards/gl-mt6000.profile > /tmp/boards/gl-mt6000.profile
	run_b profile
	tap_ok "a profile with switch extcsd that does not state boot.emmc-boot1 honoured: exit 5" sh -c \
		"[ $rc = 5 ] && grep -q 'switch extcsd needs the profile to state boot.emmc-boot1 honoured' /tmp/out"
	echo "boot.emmc-boot1 honoured" >> /tmp/boards/gl-mt6000.profile
	echo 0 > $CFS/emmc/enable
	run_b --yes setup
	tap_ok "with boot.emmc-boot1 honoured: setup binds BL2 extcsd a/b, boot1_honoured 1" sh -c \
		"[ $rc = 0 ] && [ \"\$(cat $CFS/emmc/bl2/switch) \$(cat $CFS/emmc/boot1_honoured) \$(cat $CFS/emmc/bl2/b/location)\" = 'extcsd 1 emmc:boot1' ]"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run_b --yes install bl2 "$M/bl2-emmc.img"
	tap_ok "install bl2: written to boot1 (inactive), which boots next" sh -c \
		"[ $rc = 0 ] && grep -q 'ok: stage b: ' /tmp/out && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot1 ] && cmp -n $(wc -c < "$M/bl2-emmc.img") /dev/mmcblk0boot1 $M/bl2-emmc.img"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run_b doctor
	tap_ok "doctor: boots from boot1 (the profile states it)" sh -c "[ $rc = 0 ] && grep -q '^bl2: eMMC boot1 offset 0' /tmp/out"
	run_b --yes boot-partition user
	tap_ok "boot-partition user without --force: exit 4, still boot1" sh -c \
		"[ $rc = 4 ] && grep -q 'give --force' /tmp/out && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot1 ]"
	# --force lifts the helper's check; the module takes force after boot1 only
	run_b --yes boot-partition user --force
	tap_is "$rc $(cat $CFS/emmc/boot_partition) $(($(hexdump -s 179 -n 1 -e '1/1 "%u"' /sys/kernel/debug/mmcsim/ext_csd) >> 3 & 7))" \
		"0 user 7" "boot-partition user --force: exit 0, the card's EXT_CSD[179] enables user"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run_b boot-partition boot0 < /dev/null
	tap_ok "boot-partition boot0 without --yes off a terminal: exit 2, still user" sh -c \
		"[ $rc = 2 ] && [ \"\$(cat $CFS/emmc/boot_partition)\" = user ]"
	run_b --yes boot-partition boot0
	tap_ok "boot-partition boot0 (a valid BL2 there): exit 0" sh -c "[ $rc = 0 ] && grep -q 'boot partition boot0' /tmp/out"
	tap_is "$(cat $CFS/emmc/boot_partition) $(($(hexdump -s 179 -n 1 -e '1/1 "%u"' /sys/kernel/debug/mmcsim/ext_csd) >> 3 & 7))" "boot0 1" \
		"the module reads boot0, the card's EXT_CSD[179] enables boot0"
	run_b doctor
	tap_is "$rc" 0 "doctor after the switches: boots"
	tap_done
fi

# bpi-r3mini media, the module loaded as BOARD: profile, setup, check, doctor
as_board() { # PROFILE OWN-FIP COMPATIBLE...
	_p=$1 _own=$2
	shift 2
	for _g in "$CFS"/*; do [ ! -e "$_g/enable" ] || echo 0 > "$_g/enable"; done
	for _d in "$CFS"/*/*/* "$CFS"/*/* "$CFS"/*; do [ ! -d "$_d" ] || rmdir "$_d"; done
	busybox rmmod mtk_bootmedia
	tap_ok "$_p: the module loads as $1" busybox modprobe mtk_bootmedia board="$*"
	run profile
	tap_ok "$_p: profile chosen by the identity, SPI-NAND and eMMC present" sh -c \
		"[ $rc = 0 ] && grep -q '^board: *$_p ' /tmp/out && grep -q '^medium nand: spi-nand, mtd:bl2' /tmp/out && grep -q '^medium emmc: emmc, mmc:mmcblk0' /tmp/out && grep -q '^medium sd: sd, not present' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	cp /tmp/out "/tmp/profile.$_p"
	run --yes setup
	tap_is "$rc" 0 "$_p: setup binds the media"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run check "$M/$_own"
	tap_ok "$_p: check of its own FIP: exit 0, matches" sh -c "[ $rc = 0 ] && grep -q 'matches this board' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run check "$M/fip-bpi-r3mini-snand.fip"
	tap_ok "$_p: check of the R3 Mini's FIP: exit 1, this board is $1" sh -c "[ $rc = 1 ] && grep -q 'this board is $1' /tmp/out"
	run doctor
	tap_ok "$_p: doctor: will not boot, the FIP in UBI is for another board" sh -c \
		"[ $rc = 1 ] && grep -q 'NOT boot' /tmp/out && grep -q 'bpi-r3-mini' /tmp/out"
	[ "$rc" = 1 ] || tap_diag "$(cat /tmp/out)"
}
as_board bpi-r3 fip-bpi-r3-snand.fip bananapi,bpi-r3 mediatek,mt7986a
tap_ok "bpi-r3: BL2 copies of 256 KiB, a raw-FIP medium used only with mtd:fip, NOR" sh -c \
	"grep -q '^  bl2/d mtd:bl2@0xc0000+0x40000 ' /tmp/profile.bpi-r3 && grep -q '^medium nandraw: spi-nand, not present' /tmp/profile.bpi-r3 && grep -q '^medium nor: spi-nor, not present' /tmp/profile.bpi-r3"
run check "$M/bl2-spim-nand-2k64.img"
tap_ok "bpi-r3: check of the SPIM-NAND BL2: exit 0" sh -c "[ $rc = 0 ] && grep -q '^ok: BL2' /tmp/out"
as_board bpi-r4 fip-bpi-r4-snand.fip bananapi,bpi-r4 mediatek,mt7988a
tap_ok "bpi-r4: BL2 copies of 512 KiB" grep -q '^  bl2/d mtd:bl2@0x180000+0x80000 ' /tmp/profile.bpi-r4
run check "$M/fip-bpi-r3-snand.fip"
tap_ok "bpi-r4: check of the R3's (MT7986) FIP: exit 1, names the SoCs" sh -c "[ $rc = 1 ] && grep -q '(MT7986), this board is bananapi,bpi-r4 (MT7988)' /tmp/out"
tap_done
