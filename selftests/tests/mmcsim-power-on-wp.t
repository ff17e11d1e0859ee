#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# ro_lock_until_next_power_on (BOOT_WP power-on protection through
# mmc_block) blocks boot-area writes at the card, whatever force_ro says,
# until the simulated power cycle; permanent protection survives it.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 11
d=$(mmcsim_wait_disk) || d=none
sys=/sys/class/block
mt_pattern /tmp/p 3 8
echo 1 > "$sys/${d}boot0/ro_lock_until_next_power_on"
mt_check "lock shows 1" mt_eq "$(cat "$sys/${d}boot0/ro_lock_until_next_power_on")" 1
mt_check "BOOT_WP_STATUS: both areas power-on protected" mt_eq "$(mmcsim_ext_csd 174)" 5
echo 0 > "$sys/${d}boot0/force_ro"
echo 0 > "$sys/${d}boot1/force_ro"
v0=$(mmcsim_counter wp_violations)
mt_check "boot0 write fails at the card" \
	mt_not dd if=/tmp/p of="/dev/${d}boot0" bs=4096 seek=10 oflag=direct
mt_check "boot1 write fails at the card" \
	mt_not dd if=/tmp/p of="/dev/${d}boot1" bs=4096 seek=10 oflag=direct
mt_check "the card reported WP_VIOLATION" [ "$(mmcsim_counter wp_violations)" -gt "$v0" ]
mt_check "boot0 contents unchanged" \
	mt_not mt_same_dump boot0 80 8 /tmp/p
mmcsim_power_cycle 5
mt_check "after power cycle: lock 0, BOOT_WP_STATUS 0" \
	mt_eq "$(cat "$sys/${d}boot0/ro_lock_until_next_power_on") $(mmcsim_ext_csd 174)" "0 0"
echo 0 > "$sys/${d}boot0/force_ro"
mt_check "boot0 write works after the power cycle" \
	dd if=/tmp/p of="/dev/${d}boot0" bs=4096 seek=10 oflag=direct 2>/dev/null
mt_check "data in boot0" mt_same_dump boot0 80 8 /tmp/p
# permanent protection of boot1 only (B_SEC_WP_SEL | B_PERM_WP_SEC_SEL |
# B_PERM_WP_EN), loaded as BOOT_WP_STATUS through debugfs
printf '\010' | dd of="$MMCSIM_DBG/ext_csd" bs=1 seek=174 conv=notrunc 2>/dev/null
mmcsim_power_cycle 5
echo 0 > "$sys/${d}boot1/force_ro"
mt_check "permanent protection: ro_lock shows 2" \
	mt_eq "$(cat "$sys/${d}boot1/ro_lock_until_next_power_on")" 2
mt_check "permanent protection survives a power cycle and blocks writes" \
	mt_not dd if=/tmp/p of="/dev/${d}boot1" bs=4096 seek=10 oflag=direct
printf '\000' | dd of="$MMCSIM_DBG/ext_csd" bs=1 seek=174 conv=notrunc 2>/dev/null
mmcsim_power_cycle 5
mt_done
