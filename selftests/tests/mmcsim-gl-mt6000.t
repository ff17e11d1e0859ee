#!/bin/sh
# board: gl-mt6000
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# The GL-MT6000-like profile: eMMC GPT names and places, BL2 in boot0.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

profile=/mnt/src/selftests/boards/gl-mt6000.board
mt_plan 8
d=$(mmcsim_wait_disk 5) || d=none
mt_check "card enumerated with 5 partitions" [ "$d" != none ]
awk '$1 == "emmc.part" { print $2, $3, $4 }' "$profile" > /tmp/parts
while read -r name start size; do
	p=$(mmcsim_part_by_name "$d" "$name") || p=none
	exp="$(($(mmcsim_bytes "$start") / 512)) $(($(mmcsim_bytes "$size") / 512))"
	got="$(cat "/sys/class/block/$p/start" "/sys/class/block/$p/size" 2>&1 | tr '\n' ' ')"
	mt_check "partition $name at $exp" mt_eq "$got" "$exp "
done < /tmp/parts
n=$(wc -c < /mnt/media/bl2-emmc.img)
mt_check "boot0 holds the eMMC BL2" cmp -s -n "$n" "/dev/${d}boot0" /mnt/media/bl2-emmc.img
p=$(mmcsim_part_by_name "$d" fip) || p=none
n=$(wc -c < /mnt/media/fip-gl-mt6000-emmc.fip)
mt_check "fip partition holds the FIP" cmp -s -n "$n" "/dev/$p" /mnt/media/fip-gl-mt6000-emmc.fip
mt_done
