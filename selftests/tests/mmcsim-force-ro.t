#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# force_ro gates writes to mmcblkNboot0: dd fails with force_ro=1, works
# with force_ro=0, and the data lands in boot0 of the card (debugfs dump).
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 6
d=$(mmcsim_wait_disk) || d=none
b=/dev/${d}boot0
ro=/sys/class/block/${d}boot0/force_ro
mt_pattern /tmp/p 7 16
mmcsim_dump boot0 1024 16 > /tmp/before
mt_check "force_ro is 1" mt_eq "$(cat "$ro")" 1
mt_check "dd to boot0 fails with force_ro=1" \
	mt_not dd if=/tmp/p of="$b" bs=512 seek=1024 conv=fsync
mt_check "card untouched" mt_same_dump boot0 1024 16 /tmp/before
echo 0 > "$ro"
mt_check "dd to boot0 works with force_ro=0" \
	dd if=/tmp/p of="$b" bs=512 seek=1024 conv=fsync 2>/dev/null
mt_check "data in boot0 of the card" mt_same_dump boot0 1024 16 /tmp/p
echo 1 > "$ro"
mt_check "dd fails again with force_ro=1" \
	mt_not dd if=/tmp/p of="$b" bs=512 seek=2048 conv=fsync
mt_done
