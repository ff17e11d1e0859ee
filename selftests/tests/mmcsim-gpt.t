#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# The GPT prepare-media wrote with sgdisk (on the host: the guest has no
# sfdisk/sgdisk) is read back by the kernel's partition scan of mmcblkN with
# the profile's names, starts and sizes; the FIP sits in "fip".
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

profile=/mnt/src/selftests/boards/bpi-r3mini.board
mt_plan 14
d=$(mmcsim_wait_disk 5) || d=none
mt_check "card enumerated with 6 partitions" [ "$d" != none ]
awk '$1 == "emmc.part" { print $2, $3, $4 }' "$profile" > /tmp/parts
while read -r name start size; do
	p=$(mmcsim_part_by_name "$d" "$name") || p=
	mt_check "partition $name found ($p)" [ -n "$p" ]
	[ -n "$p" ] || continue
	exp="$(($(mmcsim_bytes "$start") / 512))"
	[ "$size" = - ] || exp="$exp $(($(mmcsim_bytes "$size") / 512))"
	got=$(cat "/sys/class/block/$p/start")
	[ "$size" = - ] || got="$got $(cat "/sys/class/block/$p/size")"
	mt_check "partition $name start/size $exp" mt_eq "$got" "$exp"
done < /tmp/parts
p=$(mmcsim_part_by_name "$d" fip) || p=none
n=$(wc -c < /mnt/media/fip-bpi-r3mini-emmc.fip)
mt_check "fip partition at LBA 13312 holds the FIP" \
	cmp -s -n "$n" "/dev/$p" /mnt/media/fip-bpi-r3mini-emmc.fip
mt_done
