#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
# timeout: 900
# vm: fresh
#
# The power-cut machinery (selftests/powercut/lib.sh, the NAND cut layer
# selftests/vm/testmod/nandcut_*.c (mtkbm_nandcut.ko), mmcsim's cut_after) proven with raw
# tools as the "installer": the negative controls of the engine loops
# (powercut-engines.t). The new images are the -v2 BL2s of mkimages.
#   (a) eMMC: the BL2 in boot0 rewritten in place with dd: bricks expected
#       (T = 200 sectors; stride 20: 11 cut points);
#   (b) SPI-NAND: flash_erase + nandwrite of BL2 copy a only, b..d keep the
#       old BL2: no brick (the BootROM falls back; T = 2 erases + 50
#       programs = 52; stride 6: 10 cut points);
#   (c) SPI-NAND: one flash_erase of the whole bl2 partition, then all four
#       copies: bricks expected (T = 16 + 4 * 50 = 216; stride 12: 19
#       cut points).
# First, the NAND cut layer itself: torn program, torn erase, dead chip,
# power cycle, counters, snapshot/restore, raw image.
# On the debug kernel (the debug phase of make check: KASAN, lockdep and
# kmemleak make a cut point about ten times dearer under TCG) every loop
# takes at most 4 strides (PC_STEPS): a, b and c cut at 0, T/4, T/2, 3T/4
# and T, and on both sides of every region boundary as everywhere else.
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

tap_plan 26
case ${MTKBM_TARGET:-} in *-debug) PC_STEPS=4 ;; esac
NC=$PC_NC
tap_ok "mtkbm_nandcut loads on the NAND chip" modprobe mtkbm_nandcut
bl2=$(pc_mtd_num bl2) || bl2=none
MTD=/dev/mtd$bl2
OLDBL2=/mnt/media/bl2-spim-nand-2k64.img
NEWBL2=/mnt/media/bl2-spim-nand-2k64-v2.img

# --- the cut layer ---
echo "0 2097152" > "$NC/snapshot"
echo 0 > "$NC/counters"
flash_erase -q "$MTD" 0x100000 1
head -c 4096 "$NEWBL2" > /tmp/two
echo 1 > "$NC/cut_after"
rc=0
nandwrite -q -p -s 0x100000 "$MTD" /tmp/two > /dev/null 2>&1 || rc=$?
tap_ok "a write of 2 pages cut after 1 fails ($rc)" test "$rc" -ne 0
tap_ok "the chip is dead" grep -qx 'dead 1' "$NC/state"
tap_fails "a read fails while the chip is dead" nanddump -q -l 2048 "$MTD"
# flash_erase reports a failed block and goes on: look for the EIO
tap_ok "an erase fails (EIO) while the chip is dead" \
	sh -c "flash_erase -q $MTD 0x120000 1 2>&1 | grep -q 'Input/output error'"
echo 1 > "$NC/power_cycle"
tap_ok "power_cycle: the chip answers again" grep -qx 'dead 0' "$NC/state"
nanddump -q -s 0x100000 -l 4096 -f /tmp/got "$MTD"
{ head -c 3072 /tmp/two; head -c 1024 /dev/zero | tr '\000' '\377'; } > /tmp/want
tap_ok "page 1 programmed, page 2 torn: first half new, rest erased" cmp /tmp/want /tmp/got
tap_is "$(pc_counter "$NC/counters" pages_programmed) $(pc_counter "$NC/counters" blocks_erased)" \
	"2 1" "counters: 2 programs (one torn), 1 erase"
# torn erase: block 0 holds copy a; cut at the first erase
dd if="$NC/raw" bs=2112 count=64 of=/tmp/blk0 2> /dev/null
echo 0 > "$NC/cut_after"
tap_ok "an erase cut at once fails (EIO)" \
	sh -c "flash_erase -q $MTD 0 1 2>&1 | grep -q 'Input/output error'"
echo 1 > "$NC/power_cycle"
dd if="$NC/raw" bs=2112 count=64 of=/tmp/blk0.torn 2> /dev/null
{ head -c $((32 * 2112)) /dev/zero | tr '\000' '\377'; tail -c $((32 * 2112)) /tmp/blk0; } > /tmp/want
tap_ok "torn erase: first half of the pages erased, second half kept (raw, with OOB)" \
	cmp /tmp/want /tmp/blk0.torn
echo 1 > "$NC/restore"
dd if="$NC/raw" bs=2112 count=64 of=/tmp/blk0.back 2> /dev/null
tap_ok "restore brings the block back, OOB included" cmp /tmp/blk0 /tmp/blk0.back
nanddump -q -l $((0x100000)) -f /tmp/nd "$MTD"
tap_ok "restored copy a reads as the old BL2" sh -c "head -c $(stat -c %s $OLDBL2) /tmp/nd | cmp - $OLDBL2"
tap_ok "state: the snapshot tracks no block after restore" grep -q 'dirty 0$' "$NC/state"
# the raw image has the dump's layout (nanddump --oob) for the bl2 partition
nanddump -q --oob --bb=dumpbad -f /tmp/nd "$MTD"
dd if="$NC/raw" bs=2112 count=1024 of=/tmp/raw 2> /dev/null
tap_ok "raw file = nanddump --oob of the bl2 partition" cmp /tmp/nd /tmp/raw
rm -f /tmp/nd /tmp/raw /tmp/blk0* /tmp/got /tmp/want /tmp/two
echo clear > "$NC/snapshot"

# --- (a) eMMC: BL2 rewritten in place in boot0 ---
pc_mmc_wait || PC_MMCBLK=none
MMC=$PC_MMCBLK
{ cat /mnt/media/bl2-emmc-v2.img; head -c 4096 /dev/zero; } | head -c 102400 > /tmp/bl2-emmc-new
PC_MODEL_ARGS="--medium emmc"
pc_loop emmc-boot0-dd emmc "echo 0 > /sys/block/${MMC}boot0/force_ro &&
	dd if=/tmp/bl2-emmc-new of=/dev/${MMC}boot0 bs=4096 oflag=direct" 20
tap_is "$PC_T" 200 "emmc-boot0-dd: a full install writes 200 sectors"
pc_expect_brick emmc-boot0-dd
tap_is "$(head -n 1 "$PC_DIR/emmc-boot0-dd.log" | cut -d' ' -f2)" old "emmc-boot0-dd: a cut before the first sector boots old"
tap_is "$(tail -n 1 "$PC_DIR/emmc-boot0-dd.log" | cut -d' ' -f2)" new "emmc-boot0-dd: the end boots new"

# --- (b) SPI-NAND: copy a only ---
PC_MODEL_ARGS=
PC_NAND_PARTS=bl2
pc_loop nand-bl2-copy-a nand "flash_erase -q $MTD 0 2 && nandwrite -q -p -s 0 $MTD $NEWBL2" 6
tap_is "$PC_T" 52 "nand-bl2-copy-a: a full install is 2 erases + 50 programs"
pc_expect_safe nand-bl2-copy-a
# the refined loop also cuts around the boundary, which lies before the end
# when the copy's last pages carry no BL2 byte: the states, in cut order,
# are old up to one point and new from there on, the end new
tap_is "$(cut -d' ' -f2 "$PC_DIR/nand-bl2-copy-a.log" | uniq | tr '\n' ' ')" "old new " \
	"nand-bl2-copy-a: cuts boot old up to one point and new after it"
tap_is "$(tail -n 1 "$PC_DIR/nand-bl2-copy-a.log" | cut -d' ' -f1,2)" "$PC_T new" \
	"nand-bl2-copy-a: the end boots new"

# --- (c) SPI-NAND: erase the whole bl2 partition, then the four copies ---
pc_loop nand-bl2-all nand "flash_erase -q $MTD 0 0 &&
	for o in 0 0x40000 0x80000 0xc0000; do nandwrite -q -p -s \$o $MTD $NEWBL2 || exit 1; done" 12
tap_is "$PC_T" 216 "nand-bl2-all: a full install is 16 erases + 200 programs"
pc_expect_brick nand-bl2-all
tap_ok "nand-bl2-all: the first cut points boot old, the last new" \
	sh -c "head -n 1 $PC_DIR/nand-bl2-all.log | grep -q '^0 old' && tail -n 1 $PC_DIR/nand-bl2-all.log | grep -q '^216 new'"
tap_ok "mtkbm_nandcut unloads" rmmod mtkbm_nandcut
tap_done
