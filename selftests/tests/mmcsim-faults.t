#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
#
# fail_next: one injected error on a chosen command is recovered by the
# MMC core's retry path; fail_always fails every try until off;
# corrupt_read returns a byte inverted without an error (once, or always);
# unsupported commands get an error, not a hang; the counters and the
# trace record what happened.
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh

mt_plan 18
d=$(mmcsim_wait_disk) || d=none
mt_pattern /tmp/p 31 8
echo "25 data-crc" > "$MMCSIM_DBG/fail_next"
mt_check "fail_next armed" grep -q 'opcode=25' "$MMCSIM_DBG/fail_next"
e0=$(mmcsim_counter errors_injected)
mt_check "write with one data CRC error succeeds after retry" \
	dd if=/tmp/p of="/dev/$d" bs=4096 seek=50000 oflag=direct
mt_check "one error injected" mt_eq "$(($(mmcsim_counter errors_injected) - e0))" 1
mt_check "data correct" mt_same_dump user 400000 8 /tmp/p
echo "18 timeout" > "$MMCSIM_DBG/fail_next"
mt_check "read with one command timeout succeeds after retry" \
	dd if="/dev/$d" of=/tmp/r bs=4096 skip=50000 count=1 iflag=direct
echo off > "$MMCSIM_DBG/fail_next"
mt_check "fail_next off" grep -qx off "$MMCSIM_DBG/fail_next"
# fail_always: the same fault on every matching command, until off: the
# core's retries cannot get the write through
echo "write data-crc" > "$MMCSIM_DBG/fail_always"
e0=$(mmcsim_counter errors_injected)
mt_check "write fails for good under fail_always" \
	mt_not dd if=/tmp/p of="/dev/$d" bs=4096 seek=50100 oflag=direct
mt_check "more than one error injected (every retry)" [ $(($(mmcsim_counter errors_injected) - e0)) -gt 1 ]
echo off > "$MMCSIM_DBG/fail_always"
mt_check "after off the write goes through" dd if=/tmp/p of="/dev/$d" bs=4096 seek=50100 oflag=direct
# corrupt_read: the byte comes back inverted from the next read that covers
# it, the card's data unchanged; "always" until off; nothing else changes
mt_check "corrupt_read: an offset past the area refused" \
	mt_not sh -c "echo 'boot0 99999999' > $MMCSIM_DBG/corrupt_read"
r0=$(mmcsim_counter reads_corrupted)
echo "user $((400000 * 512 + 5))" > "$MMCSIM_DBG/corrupt_read"
dd if="/dev/$d" of=/tmp/r bs=4096 skip=50000 count=1 iflag=direct 2>/dev/null
mt_check "the next read: byte 5 of the sector inverted, nothing else" \
	mt_eq "$(cmp -l /tmp/r /tmp/p 2>/dev/null | awk '{ print $1 }' | tr '\n' ' ')" "6 "
mt_check "the fault used up: corrupt_read reads off" grep -qx off "$MMCSIM_DBG/corrupt_read"
mt_check "the card's data unchanged" mt_same_dump user 400000 8 /tmp/p
echo "user $((400000 * 512 + 5)) always" > "$MMCSIM_DBG/corrupt_read"
dd if="/dev/$d" of=/tmp/r bs=4096 skip=50000 count=1 iflag=direct 2>/dev/null
dd if="/dev/$d" of=/tmp/r2 bs=4096 skip=50000 count=1 iflag=direct 2>/dev/null
echo off > "$MMCSIM_DBG/corrupt_read"
mt_check "always: every read corrupted (2 reads, 3 in all)" \
	sh -c "cmp -s /tmp/r /tmp/r2 && ! cmp -s /tmp/r /tmp/p && [ $(($(mmcsim_counter reads_corrupted) - r0)) = 3 ]"
dd if="/dev/$d" of=/tmp/r bs=4096 skip=50000 count=1 iflag=direct 2>/dev/null
mt_check "after off the read is right" cmp -s /tmp/r /tmp/p
# CMD31 (SEND_WRITE_PROT_TYPE) is not supported: the ioctl fails promptly
i0=$(mmcsim_counter illegal)
mt_check "unsupported command fails (mmc writeprotect user get)" \
	mt_not mmc writeprotect user get "/dev/$d"
mt_check "the card flagged it as illegal" [ "$(mmcsim_counter illegal)" -gt "$i0" ]
mt_check "counters: commands, CMD6 writes, sectors present" \
	sh -c "grep -q '^commands [1-9]' $MMCSIM_DBG/counters && grep -q '^cmd6_writes [1-9]' $MMCSIM_DBG/counters && grep -q '^sectors_read [1-9]' $MMCSIM_DBG/counters"
mt_done
