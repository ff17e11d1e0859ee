#!/bin/sh
# board: bpi-r3mini gl-mt6000-dualfip
# targets: x86_64-6.12
# timeout: 900
#
# Negative controls of the engine power-cut loops (powercut-engines.t,
# powercut-bspconf.t): the same loop (selftests/powercut/lib.sh) over the
# module's test build (.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko,
# -DMTK_BM_TEST_KNOBS) with break_order naming one engine, whose write
# order is then broken; the loop must report bricks for each:
#   rom-copies  copies b-d erased, `stage a` writes over the last valid
#               copy (the engine refuses that; the knob lets it through)
#   extcsd      stage b switches PARTITION_CONFIG to boot1 before writing it
#               (a board that states boot.emmc-boot1 honoured: the model
#               and the medium boot1_honoured, as the engine
#               loop)
#   gpt         stage b swaps the GPT names before writing the FIP
#   bspconf     (gl-mt6000-dualfip) `stage a` writes the slot the record
#               names in place (fip2 holds nothing on this board). The
#               record before the data would not brick: BL2 checks the FIP
#               with its checksum entry and falls back to the other slot
# Coarse strides: a broken order bricks wherever the data written so far
# differs from both images (the -v2 FIP differs from the first in its
# first 121 sectors only: stride 50 for gpt); the loop's bisection between
# samples of different state finds the ends of each brick region (checked
# once: extcsd's last brick is the cut after T-1 writes).
# x86_64-6.12 only (the knob build exists there). Not covered: the ubi and
# bspconf-on-UBI engines, whose data the helper writes (ubiupdatevol,
# ubirename): the module has no write order to break there.
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=$PC_CFS
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

if [ "$MTKBM_BOARD" = gl-mt6000-dualfip ]; then
	tap_plan 3
	pc_mmc_wait || PC_MMCBLK=none
	tap_ok "test build loaded with break_order=bspconf" knob bspconf
	pc_emmc_fip bspconf
	pc_emmc_bind
	tap_is "$(cat "$CFS/emmc/fip/active")" a "bound; the record names slot a (fip)"
	pc_emmc_parts fip fip2 bspconf
	PC_MODEL_ARGS=''
	pc_loop bspconf-broken emmc "$(pc_stage_cmds emmc fip /mnt/media/fip-gl-mt6000-emmc-dual2.fip a)" 150
	pc_expect_brick "bspconf, the active slot written in place"
	tap_done
	exit 0
fi

tap_plan 6
pc_mmc_wait || PC_MMCBLK=none
bl2=$(pc_mtd_num bl2)
# copies b, c, d (0x40000..0x100000) erased: copy a is the last valid one
tap_ok "copies b-d erased" flash_erase -q "/dev/mtd$bl2" 0x40000 6

# --- rom-copies: the last valid copy written over ---
knob rom-copies
pc_nand_bl2
PC_NAND_PARTS=bl2 PC_MODEL_ARGS=
pc_loop rom-copies-broken nand "$(pc_stage_cmds nand bl2 /mnt/media/bl2-spim-nand-2k64-v2.img c0)" 16
pc_expect_brick "rom-copies, the last valid copy written over"

# --- extcsd: PARTITION_CONFIG switched before boot1 is written ---
echo extcsd > /sys/module/mtk_bootmedia/parameters/break_order
pc_emmc_bl2
pc_emmc_fip gpt
pc_emmc_bind
PC_MODEL_ARGS="--medium emmc"
pc_board_states "boot.emmc-boot1 honoured"
pc_loop extcsd-broken emmc "$(pc_stage_cmds emmc bl2 /mnt/media/bl2-emmc-v2.img b b)" 40
pc_expect_brick "extcsd, boot1 enabled before it is written"
# the refined sampling: the boundary between the bricks and the new image
# (the last write) is cut at stride 1 though the stride is 40
tap_is "${PC_BRICKS##* }" $((PC_T - 1)) "extcsd: the last brick found is the cut after T-1 writes"

# --- gpt: names swapped before the FIP is written ---
echo gpt > /sys/module/mtk_bootmedia/parameters/break_order
PC_MODEL_ARGS="--medium emmc"
pc_emmc_parts fip fip2
pc_loop gpt-broken emmc "$(pc_stage_cmds emmc fip /mnt/media/fip-bpi-r3mini-emmc-v2.fip b b)" 50
pc_expect_brick "gpt, names swapped before the FIP data"
tap_ok "the knob is the test build's: the module the VM ships has no break_order" \
	sh -c "grep -q break_order $KO && ! grep -q break_order /lib/modules/\$(uname -r)/extra/mtk_bootmedia.ko"
pc_keep_logs
tap_done
