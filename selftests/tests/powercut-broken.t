#!/bin/sh
# board: bpi-r3mini gl-mt6000-dualfip
# targets: x86_64-6.12
# timeout: 900
# vm: fresh
#
# Negative controls of the engine power-cut loops (powercut-engines.t,
# powercut-bspconf.t): the same loop (selftests/powercut/lib.sh) over the
# module's test build (.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko,
# -DMTK_BM_TEST_KNOBS) with break_order naming one engine, whose write
# order is then broken; the loop must report bricks for each:
#   rom-copies  copies b-d erased, `stage a` writes over the last valid
#               copy (the engine refuses that; the knob lets it through)
#   extcsd      stage b switches PARTITION_CONFIG to boot1 before writing it
#               (model: profile + boot.emmc-boot1 honoured, as the engine
#               loop)
#   gpt         stage b swaps the GPT names before writing the FIP
#   bspconf     (gl-mt6000-dualfip) `stage a` writes the slot the record
#               names in place (fip2 holds nothing on this board). The
#               record before the data would not brick: BL2 checks the FIP
#               with its checksum entry and falls back to the other slot
# Coarse strides: a broken order bricks wherever the data written so far
# differs from both images (the -v2 FIP differs from the first in its
# first 121 sectors only: stride 50 for gpt).
# x86_64-6.12 only (the knob build exists there). Not covered: the ubi and
# bspconf-on-UBI engines, whose data the helper writes (ubiupdatevol,
# ubirename): the module has no write order to break there.
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=/sys/kernel/config/mtk-bootmedia
KO=/mnt/src/.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko
[ -r /mnt/share/stride ] && . /mnt/share/stride

# knob ENGINE: load the test build with break_order=ENGINE
# (and the board= identity the running module was given, if any)
knob() {
	kb=$(cat /sys/module/mtk_bootmedia/parameters/board 2> /dev/null || true)
	rmmod mtk_bootmedia 2> /dev/null || true
	case $kb in
	'' | '(null)') insmod "$KO" break_order="$1" ;;
	*) insmod "$KO" break_order="$1" "board=\"$kb\"" ;;
	esac
}

# stage_cmds MEDIUM COMPONENT IMAGE STAGE-ARG [ACTIVE-SLOT]
stage_cmds() {
	c=$CFS/$1/$2
	printf '{ cat %s > %s/image && echo %s > %s/stage' "$3" "$c" "$4" "$c"
	[ -z "${5:-}" ] || printf ' && echo %s > %s/active' "$5" "$c"
	printf '; } || { cat %s/result; false; }' "$c"
}

if [ "$MTKBM_BOARD" = gl-mt6000-dualfip ]; then
	tap_plan 3
	pc_mmc_wait || PC_MMCBLK=none
	tap_ok "test build loaded with break_order=bspconf" knob bspconf
	mkdir -p "$CFS/emmc/fip/a" "$CFS/emmc/fip/b" "$CFS/emmc/bspconf/a"
	echo gpt:fip > "$CFS/emmc/fip/a/location"
	echo gpt:fip2 > "$CFS/emmc/fip/b/location"
	echo gpt:bspconf > "$CFS/emmc/bspconf/a/location"
	echo "mmc:$PC_MMCBLK" > "$CFS/emmc/device"
	echo bspconf > "$CFS/emmc/fip/switch"
	PC_PREPARE="grep -qx 1 $CFS/emmc/enable || echo 1 > $CFS/emmc/enable"
	sh -c "$PC_PREPARE"
	tap_is "$(cat "$CFS/emmc/fip/active")" a "bound; the record names slot a (fip)"
	PC_EMMC_USER="$(pc_emmc_user_default)"
	for n in fip fip2 bspconf; do
		p=$(grep -l "^PARTNAME=$n\$" /sys/class/block/"$PC_MMCBLK"p*/uevent | head -n 1)
		p=${p%/uevent}
		PC_EMMC_USER="$PC_EMMC_USER $(($(cat "$p/start") * 512)):$(($(cat "$p/size") * 512))"
	done
	PC_MODEL_ARGS=''
	pc_loop bspconf-broken emmc "$(stage_cmds emmc fip /mnt/media/fip-gl-mt6000-emmc-dual2.fip a)" 150
	pc_expect_brick "bspconf, the active slot written in place"
	tap_done
	exit 0
fi

tap_plan 5
pc_mmc_wait || PC_MMCBLK=none
chip=$(profile_get nand.name)
bl2=$(pc_mtd_num bl2)
# copies b, c, d (0x40000..0x100000) erased: copy a is the last valid one
tap_ok "copies b-d erased" flash_erase -q "/dev/mtd$bl2" 0x40000 6

# --- rom-copies: the last valid copy written over ---
knob rom-copies
mkdir -p "$CFS/nand/bl2"
for i in 0 1 2 3; do
	mkdir -p "$CFS/nand/bl2/c$i"
	echo "mtd:bl2@$((i * 0x40000))+0x40000" > "$CFS/nand/bl2/c$i/location"
done
echo "mtd:$chip" > "$CFS/nand/device"
echo 0 > "$CFS/nand/force_ro_secs"
echo 1 > "$CFS/nand/enable"
echo rom-copies > "$CFS/nand/bl2/switch"
PC_NAND_PARTS=bl2 PC_MODEL_ARGS=
pc_loop rom-copies-broken nand "$(stage_cmds nand bl2 /mnt/media/bl2-spim-nand-2k64-v2.img c0)" 16
pc_expect_brick "rom-copies, the last valid copy written over"

# eMMC: extcsd and gpt
emmc_tree() {
	mkdir -p "$CFS/emmc/bl2/a" "$CFS/emmc/bl2/b" "$CFS/emmc/fip/a" "$CFS/emmc/fip/b"
	echo emmc:boot0 > "$CFS/emmc/bl2/a/location"
	echo emmc:boot1 > "$CFS/emmc/bl2/b/location"
	echo gpt:fip > "$CFS/emmc/fip/a/location"
	echo gpt:fip2 > "$CFS/emmc/fip/b/location"
	echo "mmc:$PC_MMCBLK" > "$CFS/emmc/device"
	echo extcsd > "$CFS/emmc/bl2/switch"
	echo gpt > "$CFS/emmc/fip/switch"
}
PC_PREPARE="grep -qx 1 $CFS/emmc/enable || echo 1 > $CFS/emmc/enable"

# --- extcsd: PARTITION_CONFIG switched before boot1 is written ---
echo extcsd > /sys/module/mtk_bootmedia/parameters/break_order
emmc_tree
sh -c "$PC_PREPARE"
sed '/^boot\.emmc-boot1/d' "/mnt/src/selftests/boards/$MTKBM_BOARD.board" > /tmp/boot1.board
echo 'boot.emmc-boot1 honoured' >> /tmp/boot1.board
PC_MODEL_ARGS="--medium emmc --profile /tmp/boot1.board"
pc_loop extcsd-broken emmc "$(stage_cmds emmc bl2 /mnt/media/bl2-emmc-v2.img b b)" 40
pc_expect_brick "extcsd, boot1 enabled before it is written"

# --- gpt: names swapped before the FIP is written ---
echo gpt > /sys/module/mtk_bootmedia/parameters/break_order
PC_MODEL_ARGS="--medium emmc"
fip=$(grep -l '^PARTNAME=fip$' /sys/class/block/"$PC_MMCBLK"p*/uevent 2> /dev/null | head -n 1)
fip2=$(grep -l '^PARTNAME=fip2$' /sys/class/block/"$PC_MMCBLK"p*/uevent 2> /dev/null | head -n 1)
PC_EMMC_USER="$(pc_emmc_user_default)"
for p in $fip $fip2; do
	p=${p%/uevent}
	PC_EMMC_USER="$PC_EMMC_USER $(($(cat "$p/start") * 512)):$(($(cat "$p/size") * 512))"
done
pc_loop gpt-broken emmc "$(stage_cmds emmc fip /mnt/media/fip-bpi-r3mini-emmc-v2.fip b b)" 50
pc_expect_brick "gpt, names swapped before the FIP data"
tap_ok "the knob is the test build's: the module the VM ships has no break_order" \
	sh -c "grep -q break_order $KO && ! grep -q break_order /lib/modules/\$(uname -r)/extra/mtk_bootmedia.ko"
[ -z "${PC_KEEP:-}" ] || cp "$PC_DIR"/*.log "$PC_KEEP"/ 2> /dev/null || true
tap_done
