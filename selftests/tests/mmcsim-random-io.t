#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# Random write/read/verify patterns on the user area and both boot areas:
# what mmc_block reads back, and what the card stores (debugfs dump), match
# what was written, including the last sectors of each area; the counters
# and the sparse store follow.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 12
d=$(mmcsim_wait_disk) || d=none
echo 0 > "/sys/class/block/${d}boot0/force_ro"
echo 0 > "/sys/class/block/${d}boot1/force_ro"
w0=$(mmcsim_counter sectors_written)
total=0
seed=11
# AREA DEVICE SECTOR COUNT: sectors chosen to cross chunk and erase-group
# edges and to reach the end of each area
for spec in "user $d 200000 37" "user $d 15269800 88" "boot0 ${d}boot0 7 100" \
	"boot0 ${d}boot0 8100 92" "boot1 ${d}boot1 0 1" "boot1 ${d}boot1 4095 257"; do
	# shellcheck disable=SC2086
	set -- $spec
	seed=$((seed + 1))
	mt_pattern /tmp/p "$seed" "$4"
	dd if=/tmp/p of="/dev/$2" bs=512 seek="$3" oflag=direct 2>/dev/null
	dd if="/dev/$2" of=/tmp/r bs=512 skip="$3" count="$4" iflag=direct 2>/dev/null
	mmcsim_dump "$1" "$3" "$4" > /tmp/c
	mt_check "$1 sectors $3+$4: read back and card dump match" \
		sh -c 'cmp -s /tmp/p /tmp/r && cmp -s /tmp/p /tmp/c'
	total=$((total + $4))
done
mt_check "sectors_written counter grew by at least $total" \
	[ "$(($(mmcsim_counter sectors_written) - w0))" -ge "$total" ]
# overwrite part of the first user pattern, check old and new parts
mt_pattern /tmp/q 99 5
dd if=/tmp/q of="/dev/$d" bs=512 seek=200010 oflag=direct 2>/dev/null
mmcsim_dump user 200010 5 > /tmp/c
mt_check "overwrite lands exactly" cmp -s /tmp/q /tmp/c
mt_pattern /tmp/p 12 37
dd if=/tmp/p of=/tmp/p0 bs=512 count=10 2>/dev/null
mmcsim_dump user 200000 10 > /tmp/c
mt_check "sectors before the overwrite kept" cmp -s /tmp/p0 /tmp/c
# a 4 MiB write through the page cache, then fsync
mt_pattern /tmp/big 5 64
i=0
while [ $i -lt 128 ]; do cat /tmp/big; i=$((i + 1)); done > /tmp/big4m
dd if=/tmp/big4m of="/dev/$d" bs=1M seek=100 conv=fsync 2>/dev/null
echo 3 > /proc/sys/vm/drop_caches
mt_check "4 MiB buffered write reads back" cmp -s -n 4194304 /tmp/big4m "/dev/$d" 0 104857600
mmcsim_dump user 204800 8192 > /tmp/c
mt_check "4 MiB in the card dump" cmp -s /tmp/big4m /tmp/c
mt_check "store is sparse (< 8 MiB of 4 KiB chunks)" [ "$(mmcsim_counter mem_chunks)" -lt 2048 ]
mt_done
