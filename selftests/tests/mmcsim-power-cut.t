#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# A power cut after N sectors of a multi-sector write: the card holds the
# new data in exactly the first N sectors and the old data in the rest,
# every command fails until the power cycle, and afterwards the card
# enumerates again with the torn state readable through mmc_block.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 9
d=$(mmcsim_wait_disk) || d=none
base=300032
n=13
mt_pattern /tmp/old 21 64
mt_pattern /tmp/new 22 64
mmcsim_load user $((base * 512)) /tmp/old
echo 3 > /proc/sys/vm/drop_caches
echo "$n" > "$MMCSIM_DBG/cut_after"
mt_check "cut armed" mt_eq "$(cat "$MMCSIM_DBG/cut_after")" "$n"
mt_check "the interrupted write fails" \
	mt_not dd if=/tmp/new of="/dev/$d" bs=32k seek=$((base / 64)) oflag=direct
mt_check "the card is dead" grep -qx 'dead 1' "$MMCSIM_DBG/state"
mt_check "every command fails (a read errors out)" \
	mt_not dd if="/dev/$d" of=/dev/null bs=512 count=1 skip=7 iflag=direct
dd if=/tmp/new of=/tmp/exp bs=512 count="$n" 2>/dev/null
dd if=/tmp/old bs=512 skip="$n" 2>/dev/null >> /tmp/exp
mmcsim_dump user "$base" 64 > /tmp/c
mt_check "dump: first $n sectors new, the other $((64 - n)) old" cmp -s /tmp/exp /tmp/c
mmcsim_power_cycle 5
mt_check "card back after the power cycle" grep -qx 'dead 0' "$MMCSIM_DBG/state"
dd if="/dev/$d" of=/tmp/r bs=512 skip="$base" count=64 iflag=direct 2>/dev/null
mt_check "mmc_block reads the torn state" cmp -s /tmp/exp /tmp/r
# the cut also works for a sector count inside a later request
echo 70 > "$MMCSIM_DBG/cut_after"
dd if=/tmp/new of="/dev/$d" bs=32k seek=$((base / 64)) oflag=direct 2>/dev/null
mt_check "64 sectors fit before a cut at 70: write completes" mt_eq "$(cat "$MMCSIM_DBG/cut_after")" 6
echo -1 > "$MMCSIM_DBG/cut_after"
mmcsim_dump user "$base" 64 > /tmp/c
mt_check "and the new data is all there" cmp -s /tmp/new /tmp/c
mt_done
