#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# The simulated card enumerates as an MMC card under mmc_block with both boot
# areas, the profile's geometry and boot images, and the default read-only
# state of the boot areas.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

media=/mnt/media
mt_plan 10
d=$(mmcsim_wait_disk 5) || d=none
sys=/sys/class/block

mt_check "card enumerated ($d)" [ "$d" != none ]
mt_check "card type is MMC" mt_eq "$(cat "$sys/$d/device/type" 2>&1)" MMC
mt_check "card name from CID" mt_eq "$(cat "$sys/$d/device/name" 2>&1)" MMCSIM
mt_check "user area 7456 MiB" mt_eq "$(cat "$sys/$d/size" 2>&1)" 15269888
mt_check "boot0 and boot1 are 4 MiB" \
	mt_eq "$(cat "$sys/${d}boot0/size" "$sys/${d}boot1/size" 2>&1 | tr '\n' ' ')" "8192 8192 "
mt_check "boot areas default to force_ro=1" \
	mt_eq "$(cat "$sys/${d}boot0/force_ro" "$sys/${d}boot1/force_ro" 2>&1 | tr '\n' ' ')" "1 1 "
mt_check "ro_lock_until_next_power_on present and 0" \
	mt_eq "$(cat "$sys/${d}boot0/ro_lock_until_next_power_on" 2>&1)" 0
n=$(wc -c < "$media/bl2-emmc.img")
mt_check "boot0 holds the eMMC BL2 ($n bytes)" cmp -s -n "$n" "/dev/${d}boot0" "$media/bl2-emmc.img"
# bits 2:0 are whatever partition mmc_block accessed last
mt_check "PARTITION_CONFIG 0x48 (BOOT_ACK, boot0)" \
	mt_eq "$(($(mmcsim_ext_csd 179) & 0x78))" 72
mt_check "rel_sectors 1 (reliable write offered)" \
	mt_eq "$(cat "$sys/$d/device/rel_sectors" 2>&1)" 0x1
mt_done
