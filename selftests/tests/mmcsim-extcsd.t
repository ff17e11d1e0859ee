#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# mmc-utils against the simulated card: "mmc extcsd read" reports the
# card's bytes, "mmc bootpart enable" and "mmc writeprotect boot get/set"
# change exactly PARTITION_CONFIG [179] and BOOT_WP [173]/BOOT_WP_STATUS
# [174], and mmc_block keeps its PARTITION_CONFIG cache in step.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 15
d=$(mmcsim_wait_disk) || d=none
dev=/dev/$d
mmc extcsd read "$dev" > /tmp/ecsd 2>&1
mt_check "extcsd read: rev 1.8 (MMC 5.1)" grep -q 'rev 1.8' /tmp/ecsd
mt_check "extcsd read: PARTITION_CONFIG 0x48" grep -q 'PARTITION_CONFIG: 0x48' /tmp/ecsd
mt_check "extcsd read: BOOT_SIZE_MULTI 0x20" grep -q 'BOOT_SIZE_MULTI: 0x20' /tmp/ecsd
mt_check "extcsd read: SEC_COUNT 0x00e90000" grep -q 'SEC_COUNT: 0x00e90000' /tmp/ecsd

mmc bootpart enable 2 0 "$dev"
mmc extcsd read "$dev" > /tmp/ecsd2 2>&1
mt_check "bootpart enable 2 0: PARTITION_CONFIG 0x10" mt_eq "$(mmcsim_ext_csd 179)" 16
mt_check "extcsd read reports 0x10" grep -q 'PARTITION_CONFIG: 0x10' /tmp/ecsd2
# a boot0 read makes mmc_block switch partitions from its cached byte
dd if="/dev/${d}boot0" of=/dev/null bs=512 count=1 iflag=direct 2>/dev/null
dd if="$dev" of=/dev/null bs=512 count=1 iflag=direct 2>/dev/null
mt_check "mmc_block's cache kept the boot-enable bits across switches" \
	mt_eq "$(mmcsim_ext_csd 179)" 16
mmc bootpart enable 1 1 "$dev"
mt_check "bootpart enable 1 1: PARTITION_CONFIG 0x48" mt_eq "$(mmcsim_ext_csd 179)" 72

mmc writeprotect boot get "$dev" > /tmp/wp 2>&1
sed 's/^/# /' /tmp/wp
mt_check "writeprotect boot get: runs, BOOT_WP_STATUS 0" mt_eq "$(mmcsim_ext_csd 174)" 0
mmc writeprotect boot set "$dev" 1
mt_check "writeprotect boot set 1: BOOT_WP_STATUS area 1 power-on" \
	mt_eq "$(mmcsim_ext_csd 174)" 4
mt_check "BOOT_WP 0x83 (SEC_SEL, PWR_SEC_SEL, PWR_WP_EN)" mt_eq "$(mmcsim_ext_csd 173)" 131
mmc writeprotect boot get "$dev" > /tmp/wp 2>&1
mt_check "writeprotect boot get reports area 1 power-on" grep -qi 'power on' /tmp/wp
echo 0 > "/sys/class/block/${d}boot1/force_ro"
echo 0 > "/sys/class/block/${d}boot0/force_ro"
mt_pattern /tmp/p 1 8
mt_check "boot1 write fails (WP_VIOLATION)" \
	mt_not dd if=/tmp/p of="/dev/${d}boot1" bs=4096 oflag=direct
mt_check "boot0 write still works" \
	dd if=/tmp/p of="/dev/${d}boot0" bs=4096 seek=256 oflag=direct 2>/dev/null
mmcsim_power_cycle 5
mt_check "power cycle clears it: BOOT_WP_STATUS 0, BOOT_WP 0" \
	mt_eq "$(mmcsim_ext_csd 174) $(mmcsim_ext_csd 173)" "0 0"
mt_done
