#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
# timeout: 2400
#
# Power-cut proof of the switch engines (selftests/powercut/lib.sh): a full
# install + switch through configfs, cut after the N-th write (eMMC: sector
# programmed; NAND: page program or block erase), power-cycled, dumped and
# given to the boot model. Every cut point must boot the old or the new
# image, except `single`, which is expected to brick (its brick points are
# reported). New images: mkimages' -v2.
#   rom-copies  SPI-NAND bl2: echo all > stage (copies d, c, b, then a)
#   extcsd      eMMC bl2: stage b, active b, for a board that states
#               `boot.emmc-boot1 honoured` (its BootROM loads BL2 from
#               boot1 when EXT_CSD enables it): the model gets a copy of
#               the profile with that line and the medium boot1_honoured 1,
#               under every reading (`make powercut` included: a fact the
#               board states, not a lenient option of the model). No real
#               board states it (no source says it of the MediaTek
#               BootROM): without it the module refuses the stage and the
#               switch and writes nothing (checked first). The CMD6 is not
#               a sector: the cut at N = T lets it through
#   gpt         eMMC fip: stage b, active b (GPT names swapped). The FIP
#               goes to the inactive partition first; the last PC_DENSE_TAIL
#               writes (the 4 entry sectors of the switch, the end of the
#               FIP data) are cut one by one
#   single      eMMC boot0 rewritten in place: bricks expected
# STRIDE and GPT_STRIDE thin the cut points (x86_64 6.12: 8 and 32, the
# other targets 32 and 128); `make powercut` runs x86_64-6.12 with 1 and 1.
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=$PC_CFS
[ -r /mnt/share/stride ] && . /mnt/share/stride
# x86_64 6.12 samples more densely than the others (slower under TCG)
case $(uname -m)-$(uname -r) in
x86_64-6.12*) STRIDE=${STRIDE:-8} GPT_STRIDE=${GPT_STRIDE:-32} ;;
*) STRIDE=${STRIDE:-32} GPT_STRIDE=${GPT_STRIDE:-128} ;;
esac

tap_plan 8
pc_mmc_wait || PC_MMCBLK=none

# the configfs tree of the engines under test
pc_nand_bl2
pc_emmc_bl2
pc_emmc_fip gpt
mkdir -p "$CFS/emmc/boot0/x"
echo bl2 > "$CFS/emmc/boot0/kind"
echo emmc:boot0 > "$CFS/emmc/boot0/x/location"
echo single > "$CFS/emmc/boot0/switch"
pc_emmc_bind
tap_ok "both media bound" grep -qx 1 "$CFS/nand/enable" "$CFS/emmc/enable"

# --- rom-copies: SPI-NAND BL2, all four copies ---
PC_NAND_PARTS=bl2 PC_MODEL_ARGS=
pc_loop rom-copies nand "$(pc_stage_cmds nand bl2 /mnt/media/bl2-spim-nand-2k64-v2.img all)" "$STRIDE"
pc_expect_safe rom-copies

# --- extcsd on a board that does not state boot.emmc-boot1 honoured
# (every real board): refused, nothing written ---
emmc_counts() { # sectors programmed, CMD6 writes, BOOT_PARTITION_ENABLE
	awk '$1 == "sectors_written" || $1 == "cmd6_writes" { printf "%s ", $2 }' "$PC_MMC/counters"
	hexdump -s 179 -n 1 -e '1/1 "%u\n"' "$PC_MMC/ext_csd" | awk '{ print int($1 / 8) % 8 }'
}
before=$(emmc_counts)
if [ "$(cat "$CFS/emmc/boot1_honoured")" = 0 ] &&
	! sh -c "$(pc_stage_cmds emmc bl2 /mnt/media/bl2-emmc-v2.img b b)" > /tmp/refused 2>&1; then
	refused=1
else
	refused=0
fi
tap_ok "extcsd without boot1_honoured (the board does not state it): stage refused, -EOPNOTSUPP, nothing written, EXT_CSD unchanged" sh -c \
	"[ $refused = 1 ] && grep -q 'error: -EOPNOTSUPP stage: refused: boot1_honoured is 0' $CFS/emmc/bl2/result && [ \"\$(cat $CFS/emmc/bl2/active)\" = a ] && [ \"$before\" = \"$(emmc_counts)\" ]"
[ "$refused" = 1 ] || tap_diag "$(cat /tmp/refused "$CFS/emmc/bl2/result")"

# --- extcsd: eMMC BL2, stage b + active b, on a board that states it ---
PC_MODEL_ARGS="--medium emmc"
pc_board_states "boot.emmc-boot1 honoured"
pc_loop extcsd emmc "$(pc_stage_cmds emmc bl2 /mnt/media/bl2-emmc-v2.img b b)" "$STRIDE"
pc_expect_safe "extcsd ($PC_READING)"

# --- gpt: eMMC FIP, stage b + active b ---
PC_MODEL_ARGS="--medium emmc"
pc_emmc_parts fip fip2
# the switch is the last 4 writes (entry sectors, backup first: issue 19);
# 16 cover them and the end of the FIP data
PC_DENSE_TAIL=16
pc_loop gpt emmc "$(pc_stage_cmds emmc fip /mnt/media/fip-bpi-r3mini-emmc-v2.fip b b)" "$GPT_STRIDE"
pc_expect_safe "gpt (last $PC_DENSE_TAIL writes one by one)"
PC_EMMC_USER='' PC_DENSE_TAIL=0

# --- single: eMMC boot0 rewritten in place: bricks expected ---
PC_MODEL_ARGS="--medium emmc"
pc_loop single emmc "$(pc_stage_cmds emmc boot0 /mnt/media/bl2-emmc-v2.img x)" "$STRIDE"
pc_expect_brick "single (boot0 in place)"
tap_ok "single: the bricking cut points are reported" test -n "$PC_BRICKS"
tap_ok "single: the result says so plainly" \
	grep -q "a power cut during this write could have bricked the board" "$CFS/emmc/boot0/result"
pc_keep_logs
tap_done
