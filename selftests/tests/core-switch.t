#!/bin/sh
# board: bpi-r3mini
# switch, stage, active and progress: the write path on SPI-NAND BL2 copies
# (rom-copies), eMMC boot areas (extcsd) and one eMMC boot area written in
# place (single); refusals write nothing (an unreadable EXT_CSD included);
# single writes the old image back only when it wrote (on NAND kept block
# by block: a page program that does not take, mtkbm_nandcut flip_program,
# in a middle block and in the first: every byte back); one writer at a
# time; the card removed during stages; rom-copies with 16 copies. The
# stage errors of the ABI: -EFBIG (a slot smaller than the image), -EIO
# (erase and program errors, mtkbm_nandcut; eMMC writes that fail for
# good, and reads: mmcsim fail_always; a read-back that returns a
# corrupted byte: mmcsim corrupt_read, and the switch then refused),
# -EPERM (a partition the kernel keeps read-only), `SLOT force` (a FIP whose board is unknown:
# written only when forced; another board's never); NAND bad blocks
# (nandsim badblocks=): a BL2 copy only on consecutive good blocks from
# the start of its slot (a multi-block BL2 too), -ENOSPC with the bad block
# otherwise, checked before anything is erased; a bad PEB under UBI.
# -EOPNOTSUPP: verify of kind data, stage with switch ubi, extcsd on a
# medium that does not state boot1_honoured (stage, and a switch to boot1:
# nothing written, the reason in result and dmesg; a switch back to boot0
# allowed).
# -EINTR: a reader queued for the medium lock behind a slow stage is
# killable.
# shellcheck disable=SC2317 # functions run through tap_ok

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
tap_plan 190

chip=$(profile_get nand.name)
N=$CFS/nand
E=$CFS/emmc
nandbl2=/mnt/media/bl2-spim-nand-2k64.img
emmcbl2=/mnt/media/bl2-emmc.img
bl2=$(mtd_dev bl2)
d=$(mmcsim_wait_disk) || d=none

mkdir -p "$N/bl2"
for i in 0 1 2 3; do
	mkdir "$N/bl2/c$i"
	put "$N/bl2/c$i/location" "mtd:bl2@$((i * 0x40000))+0x40000"
done
put "$N/device" "mtd:$chip"
put "$N/force_ro_secs" 0
mkdir -p "$E/bl2/a" "$E/bl2/b" "$E/one/x"
put "$E/bl2/a/location" emmc:boot0
put "$E/bl2/b/location" emmc:boot1
put "$E/one/kind" bl2
put "$E/one/x/location" emmc:boot1
put "$E/device" "mmc:$d"
tap_ok "bind SPI-NAND" put "$N/enable" 1
tap_ok "bind eMMC" put "$E/enable" 1

# md5 of the whole bl2 partition (every copy)
bl2sum() {
	nanddump -q "$bl2" 2>/dev/null | md5sum
}

# --- switch ---
tap_is "$(cat "$N/bl2/switch")" none "switch defaults to none"
tap_fails "switch: garbage refused" put "$N/bl2/switch" rom-copie
tap_ok "result names the choices" contains "$(cat "$N/bl2/result")" "expected none, single, rom-copies"
cat "$nandbl2" > "$N/bl2/image"
tap_fails "stage without a switch type refused" put "$N/bl2/stage" all
tap_ok "result: -EOPNOTSUPP no switch type" contains "$(cat "$N/bl2/result")" "-EOPNOTSUPP"
tap_ok "switch rom-copies" put "$N/bl2/switch" rom-copies
tap_is "$(cat "$N/bl2/switch")" rom-copies "switch reads back"

# --- rom-copies: refusals write nothing ---
before=$(bl2sum)
cat "$emmcbl2" > "$N/bl2/image"
tap_fails "stage of an eMMC BL2 to SPI-NAND refused" put "$N/bl2/stage" all
tap_ok "result: -EMEDIUMTYPE" contains "$(cat "$N/bl2/result")" "-EMEDIUMTYPE BL2 for eMMC"
tap_is "$(bl2sum)" "$before" "nothing written to bl2"
cat "$nandbl2" > "$N/bl2/image"
tap_fails "stage to a slot that does not exist" put "$N/bl2/stage" z
tap_ok "result: -ENOENT no slot z" contains "$(cat "$N/bl2/result")" "-ENOENT stage: no slot z"
tap_fails "stage: bad flag refused" put "$N/bl2/stage" "c1 forcee"

# --- rom-copies: every copy, progress, protection kept ---
g0=$(cat "$N/bl2/generation")
tap_ok "stage all" put "$N/bl2/stage" all
tap_ok "result: ok, one copy at a time" contains "$(cat "$N/bl2/result")" "ok: stage all: $(wc -c < "$nandbl2") bytes written and read back (one copy at a time)"
tap_is "$(cat "$N/bl2/progress")" "$(wc -c < "$nandbl2") $(wc -c < "$nandbl2")" "progress: done = total = image size"
tap_ok "generation bumped" test "$(cat "$N/bl2/generation")" -gt "$g0"
for i in 0 1 2 3; do
	dd if="$bl2" bs=4096 skip=$((i * 64)) count=$(($(wc -c < "$nandbl2") / 4096 + 1)) 2>/dev/null |
		head -c "$(wc -c < "$nandbl2")" > /tmp/copy
	tap_ok "copy c$i holds the image byte for byte" cmp -s /tmp/copy "$nandbl2"
done
tap_fails "bl2 partition still read-only after the stage" mtd_writeable bl2
tap_is "$(cat "$N/force_ro")" 1 "force_ro still 1"
tap_is "$(cat "$N/bl2/active")" c0 "active: the first valid copy (c0)"
tap_fails "active write refused: rom-copies has nothing to switch" put "$N/bl2/active" c1
tap_ok "result: -EINVAL nothing to switch" contains "$(cat "$N/bl2/result")" "-EINVAL active: switch rom-copies has nothing to switch"

# --- rom-copies: never the last valid copy ---
put "$N/force_ro" 0
flash_erase -q "$bl2" 0x40000 6
put "$N/force_ro" 1
before=$(bl2sum)
tap_fails "stage of the only valid copy refused" put "$N/bl2/stage" c0
tap_ok "result: -EBUSY only valid copy" contains "$(cat "$N/bl2/result")" "-EBUSY stage c0: slot c0 holds the only valid copy"
tap_is "$(bl2sum)" "$before" "nothing written"
tap_ok "stage c2 (c0 stays valid)" put "$N/bl2/stage" c2
tap_is "$(cat "$N/bl2/c2/state")" valid "c2 valid"
tap_is "$(cat "$N/bl2/c1/state")" empty "c1 untouched (empty)"
tap_ok "now c0 may be written (c2 is valid)" put "$N/bl2/stage" c0

# --- one writer at a time: two processes stage in a loop ---
# stager SLOT LOG: 10 stages; one line per outcome (ok, or the error)
stager() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		# dd, not the shell's printf: a failed builtin write ends a
		# busybox subshell
		if echo "$1" | dd of="$N/bl2/stage" 2> "/tmp/err$1"; then
			echo ok
		elif grep -q 'busy' "/tmp/err$1"; then
			echo busy
		else
			grep -v records "/tmp/err$1"
		fi
	done > "$2"
}
# every copy valid first: whichever writer wins, a copy that is not valid
# afterwards was broken by the race (not merely never written)
put "$N/bl2/stage" all
stager all /tmp/log1 & p1=$!
stager c1 /tmp/log2
wait "$p1"
cat /tmp/log1 /tmp/log2 > /tmp/log
tap_diag "$(sort /tmp/log | uniq -c)"
tap_is "$(wc -l < /tmp/log)" 20 "20 outcomes logged"
tap_ok "some stages met the other writer: -EBUSY" grep -q 'busy' /tmp/log
tap_fails "no other error" grep -v -e '^ok$' -e 'busy' /tmp/log
tap_ok "every copy valid afterwards" sh -c "for i in 0 1 2 3; do [ \"\$(cat $N/bl2/c\$i/state)\" = valid ] || exit 1; done"

# --- extcsd ---
tap_ok "switch extcsd" put "$E/bl2/switch" extcsd
tap_is "$(cat "$E/bl2/active")" a "active a (EXT_CSD boot0)"
cat "$emmcbl2" > "$E/bl2/image"
# no source says the BootROM loads BL2 from boot1: without the medium's
# boot1_honoured the engine writes nothing
tap_is "$(cat "$E/boot1_honoured")" 0 "boot1_honoured defaults to 0"
tap_fails "boot1_honoured: 2 refused" put "$E/boot1_honoured" 2
w0=$(mmcsim_counter sectors_written) c6=$(mmcsim_counter cmd6_writes)
tap_fails "boot1_honoured 0: stage b refused" put "$E/bl2/stage" b
tap_ok "result: -EOPNOTSUPP, boot1_honoured is 0, nothing written; dmesg says so" sh -c \
	"grep -qF '$(err_text "error: -EOPNOTSUPP stage: refused: boot1_honoured is 0 (no source says the MediaTek BootROM loads BL2 from boot1): nothing written")' $E/bl2/result && dmesg | grep -q 'emmc/bl2: stage: refused: boot1_honoured is 0'"
tap_is "$(mmcsim_counter sectors_written) $(mmcsim_counter cmd6_writes) $(cat "$E/bl2/b/state")" "$w0 $c6 empty" \
	"no sector and no EXT_CSD byte written, slot b still empty"
tap_ok "boot1_honoured 1 (the board states it)" put "$E/boot1_honoured" 1
w0=$(mmcsim_counter sectors_written)
tap_fails "stage of the active slot refused" put "$E/bl2/stage" a
tap_ok "result: -EBUSY active" contains "$(cat "$E/bl2/result")" "-EBUSY stage: slot a is active"
tap_fails "active b refused while b holds no image" put "$E/bl2/active" b
tap_ok "result: slot b is empty" contains "$(cat "$E/bl2/result")" "slot b is empty"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "no sector written by the refusals"
c6=$(mmcsim_counter cmd6_writes)
tap_ok "stage b" put "$E/bl2/stage" b
tap_is "$(mmcsim_counter cmd6_writes)" "$c6" "stage changes no EXT_CSD byte"
tap_ok "result: the staged copy is dropped once written and read back" \
	contains "$(cat "$E/bl2/result")" "; staged image dropped"
mmcsim_dump boot1 0 "$(($(wc -c < "$emmcbl2") / 512))" > /tmp/b1
head -c "$(wc -c < /tmp/b1)" "$emmcbl2" | cmp -s - /tmp/b1
tap_is $? 0 "boot1 holds the image"
tap_is "$(cat "/sys/block/${d}boot1/force_ro")" 1 "boot1 read-only again"
tap_is "$(cat "$E/bl2/b/state")" valid "slot b valid"
tap_ok "active b" put "$E/bl2/active" b
tap_is "$(cat "$E/boot_partition")" boot1 "boot_partition boot1"
tap_is "$(($(mmcsim_ext_csd 179) >> 3 & 7))" 2 "the card's EXT_CSD[179] enables boot1"
tap_is "$(cat "$E/bl2/active")" b "active reads b"
# boot1_honoured 0 again: back to boot0 (the documented enable) is allowed,
# a switch to boot1 is not
put "$E/boot1_honoured" 0
tap_ok "boot1_honoured 0: active a (boot0) allowed" put "$E/bl2/active" a
tap_is "$(($(mmcsim_ext_csd 179) >> 3 & 7))" 1 "the card's EXT_CSD[179] enables boot0"
c6=$(mmcsim_counter cmd6_writes)
tap_fails "boot1_honoured 0: active b refused" put "$E/bl2/active" b
tap_ok "result: -EOPNOTSUPP a switch to boot1 refused" \
	contains "$(cat "$E/bl2/result")" "$(err_text "error: -EOPNOTSUPP active: a switch to boot1 refused: boot1_honoured is 0")"
tap_is "$(mmcsim_counter cmd6_writes) $(cat "$E/bl2/active")" "$c6 a" "no CMD6, still boot0"
put "$E/boot1_honoured" 1
tap_ok "boot1_honoured 1: active b" put "$E/bl2/active" b
tap_ok "active b again: nothing to do" put "$E/bl2/active" b
tap_ok "result says already active" contains "$(cat "$E/bl2/result")" "b is already active"
tap_fails "stage b now refused (active)" put "$E/bl2/stage" b
# fail-closed: EXT_CSD cannot be read (the next CMD8 times out), so the
# slot the card boots is unknown: no slot is written, b (active) least
cat "$emmcbl2" > "$E/bl2/image"
w0=$(mmcsim_counter sectors_written)
echo "8 timeout" > "$MMCSIM_DBG/fail_next"
tap_fails "stage b refused when EXT_CSD cannot be read" put "$E/bl2/stage" b
echo off > "$MMCSIM_DBG/fail_next"
tap_ok "result: the active slot is not known, with the reason" \
	contains "$(cat "$E/bl2/result")" "stage: which slot the boot chain uses is not known (cannot read EXT_CSD"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "nothing written while the active slot was unknown"
tap_is "$(cat "$E/bl2/active")" b "EXT_CSD readable again: active b"
# -EIO: every write fails (mmcsim fail_always: a data CRC error on each
# CMD24/25, which the MMC core's retries and resets do not clear):
# stage a (another BL2 than boot0 holds) fails with the offset, boot0
# keeps what it held, b (active) is untouched and still active, both boot
# disks read-only again
cat /mnt/media/bl2-emmc-v2.img > "$E/bl2/image"
mmcsim_dump boot0 0 512 > /tmp/a0
mmcsim_dump boot1 0 512 > /tmp/b0
echo "write data-crc" > "$MMCSIM_DBG/fail_always"
tap_fails "stage a fails while every write fails" put "$E/bl2/stage" a
tap_ok "the fault stayed armed (fail_always)" grep -q 'opcode=write .* always' "$MMCSIM_DBG/fail_next"
echo off > "$MMCSIM_DBG/fail_always"
tap_is "$(cat "$E/bl2/result")" "$(err_text "error: -EIO stage a: write error at 0x0 of ${d}boot0")" \
	"result: -EIO write error, with the offset"
same_as() { mmcsim_dump "$1" 0 512 | cmp -s - "$2"; }
tap_ok "boot0 unchanged" same_as boot0 /tmp/a0
tap_ok "boot1 (active b) unchanged" same_as boot1 /tmp/b0
tap_is "$(cat "$E/bl2/active"):$(($(mmcsim_ext_csd 179) >> 3 & 7))" b:2 "still active b, EXT_CSD enables boot1"
tap_is "$(cat "/sys/block/${d}boot0/force_ro"):$(cat "/sys/block/${d}boot1/force_ro")" 1:1 \
	"both boot disks read-only again"
# -EIO: every read fails (fail_always on CMD17/18): the read-back of the
# first chunk written fails; nothing more is written, b untouched, active
# (a holds what that chunk wrote: here the whole BL2)
echo "read data-crc" > "$MMCSIM_DBG/fail_always"
tap_fails "stage a fails while every read fails" put "$E/bl2/stage" a
echo off > "$MMCSIM_DBG/fail_always"
tap_is "$(cat "$E/bl2/result")" "$(err_text "error: -EIO stage a: read-back error at 0x0 of ${d}boot0")" \
	"result: -EIO read-back error, with the offset"
tap_ok "boot1 (active b) unchanged" same_as boot1 /tmp/b0
tap_is "$(cat "$E/bl2/active")" b "still active b"
# -EIO: a read that returns other bytes than the card holds, without an
# error (mmcsim corrupt_read: the byte at 0x1000 of boot0 comes back
# inverted, once): the compare of the read-back catches it; b untouched,
# still active
r0=$(mmcsim_counter reads_corrupted)
echo "boot0 4096 1" > "$MMCSIM_DBG/corrupt_read"
tap_fails "stage a fails when its read-back returns a corrupted byte" put "$E/bl2/stage" a
tap_is "$(cat "$E/bl2/result")" \
	"$(err_text "error: -EIO stage a: read back differs from what was written at 0x0 of ${d}boot0")" \
	"result: -EIO read back differs, with the offset"
tap_is "$(($(mmcsim_counter reads_corrupted) - r0)):$(cat "$MMCSIM_DBG/corrupt_read")" 1:off \
	"one read corrupted (the read-back), the fault used up"
tap_ok "boot1 (active b) unchanged" same_as boot1 /tmp/b0
tap_is "$(cat "$E/bl2/active"):$(($(mmcsim_ext_csd 179) >> 3 & 7))" b:2 "still active b, EXT_CSD enables boot1"
# the same byte corrupted on every read: a switch to a reads slot a, whose
# checks fail: refused, no CMD6
echo "boot0 4096 always" > "$MMCSIM_DBG/corrupt_read"
c6=$(mmcsim_counter cmd6_writes)
tap_fails "active a refused while slot a reads back corrupted" put "$E/bl2/active" a
echo off > "$MMCSIM_DBG/corrupt_read"
tap_ok "result: -EINVAL slot a fails its checks" \
	contains "$(cat "$E/bl2/result")" "$(err_text "error: -EINVAL active: slot a is ")"
tap_is "$(mmcsim_counter cmd6_writes):$(cat "$E/bl2/active")" "$c6:b" "no CMD6 sent, still active b"

# --- single ---
tap_ok "switch single" put "$E/one/switch" single
cat "$emmcbl2" > "$E/one/image"
tap_ok "stage in place" put "$E/one/stage" x
tap_ok "result says plainly that a power cut could brick" contains "$(cat "$E/one/result")" "a power cut during this write could have bricked the board"
put "$E/bl2/switch" single
tap_fails "single with two slots: stage refused" put "$E/bl2/stage" a
tap_ok "result: needs exactly one slot" contains "$(cat "$E/bl2/result")" "switch single needs exactly one slot, bl2 has 2"
put "$E/bl2/switch" extcsd

# --- BOOT_WP: -EROFS, nothing written ---
tap_ok "boot_wp power-on" put "$E/boot_wp" power-on
cat "$emmcbl2" > "$E/one/image"
w0=$(mmcsim_counter sectors_written)
tap_fails "stage refused under BOOT_WP" put "$E/one/stage" x
tap_ok "result: -EROFS BOOT_WP" contains "$(cat "$E/one/result")" "-EROFS"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "nothing written"
tap_fails "single: nothing was written, so nothing is written back (no UART warning)" \
	contains "$(cat "$E/one/result")" "old image"
mmcsim_power_cycle 5
wait_for 5 sh -c "[ \"\$(cat $E/enable)\" = 0 ]" ||
	tap_result 1 "the medium unbinds within 5 s of the power cycle"

# --- the card goes away during stages ---
tap_ok "bind again after the power cycle" put "$E/enable" 1
cat "$emmcbl2" > "$E/one/image"
stage_loop() {
	while [ ! -e /tmp/stop ]; do
		# a stage that succeeds drops the staged copy: a new one each time
		cat "$emmcbl2" > "$E/one/image" 2> /dev/null
		put "$E/one/stage" x || true
	done
}
stage_loop & s=$!
sleep 0.3
mmcsim_power_cycle 5
touch /tmp/stop
wait "$s"
rm -f /tmp/stop
tap_ok "medium unbound by itself after the removal" wait_for 5 sh -c "[ \"\$(cat $E/enable)\" = 0 ]"
tap_fails "stage with the medium unbound refused" put "$E/one/stage" x
tap_ok "result: -ENODATA (the staged image went with the binding)" contains "$(cat "$E/one/result")" "-ENODATA"
tap_ok "bind again" put "$E/enable" 1
cat "$emmcbl2" > "$E/one/image"
tap_ok "stage works again" put "$E/one/stage" x

# --- rom-copies: any number of copies (16 of 128 KiB) ---
put "$N/enable" 0
rmdir "$N/bl2/c0" "$N/bl2/c1" "$N/bl2/c2" "$N/bl2/c3"
i=0
while [ $i -lt 16 ]; do
	mkdir "$N/bl2/k$i"
	put "$N/bl2/k$i/location" "mtd:bl2@$((i * 0x20000))+0x20000"
	i=$((i + 1))
done
tap_ok "bind with 16 copies" put "$N/enable" 1
put "$N/force_ro" 0
flash_erase -q "$bl2" 0x20000 15
put "$N/force_ro" 1
cat "$nandbl2" > "$N/bl2/image"
tap_ok "stage all of 16 copies" put "$N/bl2/stage" all
states=$(i=0; while [ $i -lt 16 ]; do printf '%s ' "$(cat "$N/bl2/k$i/state")"; i=$((i + 1)); done)
tap_is "$states" "$(i=0; while [ $i -lt 16 ]; do printf 'valid '; i=$((i + 1)); done)" \
	"every one of the 16 copies written (not only the first 8)"
tap_is "$(cat "$N/bl2/active")" k0 "active: the copy first in flash order (k0, not k10)"

# --- stage errors: -EFBIG, -EIO, force, -EPERM ---
# bl2: the four copies and a one-block slot s; raw: a FIP written in place
# in a raw window (as the BPI-R3's nandraw medium), after them
put "$N/enable" 0
i=0
while [ $i -lt 16 ]; do rmdir "$N/bl2/k$i"; i=$((i + 1)); done
for i in 0 1 2 3; do
	mkdir "$N/bl2/c$i"
	put "$N/bl2/c$i/location" "mtd:bl2@$((i * 0x40000))+0x40000"
done
mkdir "$N/bl2/s" "$N/raw" "$N/raw/w"
put "$N/bl2/s/location" "mtd:bl2@0x100000+0x20000"
put "$N/raw/kind" fip
put "$N/raw/switch" single
put "$N/raw/w/location" "mtd:bl2@0x120000+0x80000"
tap_ok "bind: four copies, a one-block slot, a raw FIP window" put "$N/enable" 1
head -c 150000 /dev/urandom > /tmp/big
before=$(bl2sum)
cat /tmp/big > "$N/bl2/image"
tap_ok "a 150000-byte image is staged (the largest slot holds it)" \
	contains "$(cat "$N/bl2/result")" "ok: image staged, 150000 bytes (largest slot c0, 262144 bytes)"
tap_fails "stage into the one-block slot: refused" put "$N/bl2/stage" s
tap_is "$(cat "$N/bl2/result")" "$(err_text "error: -EFBIG stage: image of 150000 bytes, slot s holds 131072")" \
	"result: -EFBIG with both sizes"
tap_is "$(bl2sum)" "$before" "nothing written"

# -EIO: the chip fails the next erase, then the next page program
# (mtkbm_nandcut: the operation fails, the chip is dead until power_cycle)
modprobe mtkbm_nandcut
NC=/sys/kernel/debug/mtkbm_nandcut
cat "$nandbl2" > "$N/bl2/image"
echo 0 > "$NC/cut_after"
tap_fails "stage c3 with a failing erase: refused" put "$N/bl2/stage" c3
echo 1 > "$NC/power_cycle"
tap_is "$(cat "$N/bl2/result")" "$(err_text "error: -EIO stage c3: erase error at 0xc0000 of bl2")" \
	"result: -EIO erase error, with the offset"
echo 1 > "$NC/cut_after"
tap_fails "stage c3 with a failing page program: refused" put "$N/bl2/stage" c3
echo 1 > "$NC/power_cycle"
tap_is "$(cat "$N/bl2/result")" "$(err_text "error: -EIO stage c3: write error in the block at 0xc0000 of bl2")" \
	"result: -EIO write error, with the block"
tap_fails "bl2 partition read-only again after the failed stages" mtd_writeable bl2
tap_ok "stage c3 again once the chip works" put "$N/bl2/stage" c3
tap_is "$(cat "$N/bl2/c3/state")" valid "c3 valid"
# -EINTR: an attribute waits for the medium lock killably: a reader
# queued behind a slow stage (delay_us: 52 writes of 50 ms) sleeps
# killable (D) and ends as soon as it is killed, the stage goes on
cat "$nandbl2" > "$N/bl2/image"
put "$NC/delay_us" 50000
put "$N/bl2/stage" c3 & st=$!
wait_for 5 grep -q 'running: stage c3' "$N/bl2/result"
cat "$N/bl2/generation" > /dev/null & w=$!
sleep 0.3
tap_is "$(awk '{ print $3 }' "/proc/$w/stat" 2> /dev/null)" D "a reader waits for the medium lock behind the stage"
kill -9 "$w"
# ended: a zombie (Z), or reaped already (the shell reaps its children
# while it waits for a foreground command)
ended_early() {
	_s=$(awk '{ print $3 }' "/proc/$w/stat" 2> /dev/null)
	{ [ -z "$_s" ] || [ "$_s" = Z ]; } && grep -q 'running: stage c3' "$N/bl2/result"
}
tap_ok "killed, it ends while the stage still runs" wait_for 1 ended_early
wait "$w"
wait "$st"
tap_is "$?:$(cat "$N/bl2/c3/state")" 0:valid "the stage went on: c3 valid"
put "$NC/delay_us" 0

# force: a FIP whose U-Boot names no board (BL33 zeroed: the ToC entry
# with TF-A's BL33 UUID) is written only with "SLOT force"
fip=/mnt/media/fip-bpi-r3mini-snand.fip
cp "$fip" /tmp/unknown.fip
i=0
while [ $i -lt 32 ]; do
	o=$((16 + 40 * i))
	if [ "$(hexdump -s $o -n 16 -e '16/1 "%02x"' "$fip")" = d6d0eea7fcead54b97829934f234b6e4 ]; then
		dd if=/dev/zero of=/tmp/unknown.fip bs=1 seek="$(hexdump -s $((o + 16)) -n 4 -e '1/4 "%u"' "$fip")" \
			count="$(hexdump -s $((o + 24)) -n 4 -e '1/4 "%u"' "$fip")" conv=notrunc 2>/dev/null
	fi
	i=$((i + 1))
done
tap_fails "the crafted FIP differs from the board's (BL33 zeroed)" cmp -s "$fip" /tmp/unknown.fip
before=$(bl2sum)
cat /tmp/unknown.fip > "$N/raw/image"
tap_fails "stage w of a FIP for an unknown board: refused" put "$N/raw/stage" w
tap_ok "result: -ENODATA, force to write anyway" sh -c \
	"grep -q '^$(err_text "error: -ENODATA") .*(force to write anyway)' $N/raw/result"
tap_is "$(bl2sum)" "$before" "nothing written"
tap_ok "stage \"w force\"" put "$N/raw/stage" "w force"
tap_ok "result: written and read back" contains "$(cat "$N/raw/result")" "ok: stage w: $(wc -c < /tmp/unknown.fip) bytes written and read back"
nanddump -q -s 0x120000 -l 0x80000 "$bl2" 2>/dev/null | head -c "$(wc -c < /tmp/unknown.fip)" > /tmp/w
tap_ok "the window holds the FIP byte for byte" cmp -s /tmp/w /tmp/unknown.fip
# single on NAND keeps the old content block by block (issue 17): the
# board's FIP (4 blocks, the last one partial) over it, and one page
# program that does not take (nandcut flip_program: the byte stored
# inverted, the program reports success). A middle block (the third, at
# 0x160000): blocks 0 (erased first) and 1 (written, read back) and the
# failing block get their old content back; block 3 was never touched.
# Then the first block (programmed last): all four get it back. The
# window then holds what it held, every byte of its four blocks, pages in
# order, and the staged image is still whole (a stage without the fault
# writes it, byte for byte).
wsum() { nanddump -q -s 0x120000 -l 0x80000 "$bl2" 2>/dev/null | md5sum; }
wold=$(wsum)
oo() { sed -n 's/^out_of_order //p' "$NC/counters"; }
oo0=$(oo)
cat "$fip" > "$N/raw/image"
for at in 0x160010:0x160000 0x120800:0x120800; do
	echo "${at%:*}" > "$NC/flip_program"
	tap_fails "stage w with a page at ${at%:*} stored wrong: refused" put "$N/raw/stage" w
	tap_is "$(cat "$N/raw/result")" \
		"$(err_text "error: -EIO stage w: read back differs from what was written at ${at#*:} of bl2; the old image was written back")" \
		"result: -EIO at the page ${at#*:}, the old image written back"
	tap_is "$(cat "$NC/flip_program"):$(wsum)" "off:$wold" "the window holds its old content, every byte"
done
tap_is "$(oo)" "$oo0" "every block programmed in page order, restores included"
tap_ok "stage w again without the fault (the staged image kept whole)" put "$N/raw/stage" w
nanddump -q -s 0x120000 -l 0x80000 "$bl2" 2>/dev/null | head -c "$(wc -c < "$fip")" > /tmp/w
tap_ok "the window holds the board's FIP byte for byte" cmp -s /tmp/w "$fip"
before=$(bl2sum)
cat /mnt/media/fip-bpi-r3-snand.fip > "$N/raw/image"
tap_fails "stage \"w force\" of another board's FIP: refused" put "$N/raw/stage" "w force"
tap_ok "result: -EINVAL names both boards" contains "$(cat "$N/raw/result")" \
	"error: -EINVAL FIP for bananapi,bpi-r3, this board is bananapi,bpi-r3mini"
tap_is "$(bl2sum)" "$before" "nothing written"

# -EPERM: a partition the kernel keeps read-only (not erase-block aligned)
put "$N/enable" 0
echo "odd 0x1c0000 0x30000" > "$NC/add"
tap_fails "the misaligned partition odd is read-only" mtd_writeable odd
mkdir -p "$CFS/odd/data/o"
put "$CFS/odd/data/o/location" mtd:odd
put "$CFS/odd/data/switch" single
put "$CFS/odd/device" "mtd:$chip"
tap_ok "bind a medium with a slot on odd" put "$CFS/odd/enable" 1
odd=$(mtd_dev odd)
osum=$(nanddump -q "$odd" 2>/dev/null | md5sum)
head -c 4096 /dev/urandom > "$CFS/odd/data/image"
tap_fails "verify of kind data: refused" put "$CFS/odd/data/verify" 1
tap_is "$(cat "$CFS/odd/data/result")" "$(err_text "error: -EOPNOTSUPP verify: kind data has no format to check")" \
	"result: -EOPNOTSUPP, no format to check"
tap_fails "stage o: refused" put "$CFS/odd/data/stage" o
tap_ok "result: -EPERM with the kernel's reason" contains "$(cat "$CFS/odd/data/result")" \
	"error: -EPERM stage o: odd: the kernel keeps it read-only (the partition does not start and end on an erase block boundary)"
tap_is "$(nanddump -q "$odd" 2>/dev/null | md5sum)" "$osum" "nothing written to odd"
put "$CFS/odd/enable" 0
rmdir "$CFS/odd/data/o" "$CFS/odd/data" "$CFS/odd"
echo odd > "$NC/remove"
rmmod mtkbm_nandcut

# --- NAND bad blocks: nandsim again with blocks 4 (the first of copy c2),
# 6 and 7 (all of copy c3), 9 (the second of a slot c4 at 0x100000) and 19
# (a PEB of UBI) bad, the media written as at boot (nandwrite skips bad
# blocks: c2's image lands in block 5, c3's in block 8; UBI reserves a PEB).
# A BL2 copy is never placed across a bad block (the boot model's strict
# reading: the BootROM's skipping inside a copy is not documented), and
# the blocks are checked before anything is erased ---
for u in /sys/class/ubi/ubi[0-9]*; do
	[ -e "$u/mtd_num" ] && ubidetach -d "${u##*ubi}" > /dev/null 2>&1
done
rmmod nandsim
grep -v '^emmc\.' "/mnt/src/selftests/boards/$MTKBM_BOARD.board" |
	sed 's/^nand\.options.*/& badblocks=4,6,7,9,19/' > /tmp/bad.board
tap_ok "nandsim with bad blocks, media written" sh /mnt/src/selftests/vm/media /tmp/bad.board /mnt/media
bl2=$(mtd_dev bl2)
tap_is "$(cat "/sys/class/mtd/${bl2#/dev/}/bad_blocks")" 4 "bl2 has 4 bad blocks"
tap_is "$(cat /sys/class/ubi/ubi0/bad_peb_count)" 1 "UBI counts 1 bad PEB"
put "$N/enable" 0
rmdir "$N/bl2/s" "$N/raw/w" "$N/raw"
mkdir -p "$N/fip/a" "$N/bl2/c4"
put "$N/fip/a/location" ubi:0:fip
put "$N/bl2/c4/location" "mtd:bl2@0x100000+0x40000"
tap_ok "bind again" put "$N/enable" 1
tap_is "$(cat "$N/fip/a/state")" valid "the UBI FIP reads valid over the bad PEB"
put "$N/fip/switch" ubi
cat /mnt/media/fip-bpi-r3mini-snand.fip > "$N/fip/image"
tap_fails "switch ubi: stage refused" put "$N/fip/stage" a
tap_is "$(cat "$N/fip/result")" \
	"$(err_text "error: -EOPNOTSUPP stage: the kernel cannot write static UBI volumes: use mtk-bootmedia install (ubiupdatevol + ubirename)")" \
	"result: -EOPNOTSUPP names the helper"
# the state agrees with the boot model: no copy read across a bad block
tap_is "$(cat "$N/bl2/c2/state")" \
	"$(err_text "invalid: block 0x80000 of bl2 is bad (no skipping inside a BL2 copy) (-EIO)")" \
	"c2 reads invalid: its first block is bad (the image nandwrite put in block 5 is not its copy)"
tap_is "$(cat "$N/bl2/c4/state")" valid "c4 reads valid: its one-block copy ends before the bad block 9"
big=/mnt/media/bl2-spim-nand-2k64-2blk.img
bigsz=$(wc -c < "$big")
tap_ok "the multi-block BL2 spans two erase blocks ($bigsz bytes)" test "$bigsz" -gt 131072
before=$(bl2sum)
c4sum=$(nanddump -q -s 0x100000 -l 0x40000 "$bl2" 2>/dev/null | md5sum)
cat "$nandbl2" > "$N/bl2/image"
# `stage SLOT check`: the same checks, nothing written (the restore's pre-flight)
tap_fails "stage c2 check: refused" put "$N/bl2/stage" "c2 check"
tap_is "$(cat "$N/bl2/result")" \
	"$(err_text "error: -ENOSPC stage c2 check: block 0x80000 of bl2 is bad: a BL2 copy of $(wc -c < "$nandbl2") bytes needs 0x80000-0xa0000 good (no skipping inside a copy); nothing written")" \
	"result: -ENOSPC names the bad block"
tap_ok "stage c4 check: its one block is good" put "$N/bl2/stage" "c4 check"
tap_is "$(cat "$N/bl2/result")" "ok: stage c4 check: $(wc -c < "$nandbl2") bytes would be written (nothing written)" \
	"result: ok, nothing written"
tap_fails "stage all check: refused (one slot only)" put "$N/bl2/stage" "all check"
tap_fails "stage c2 (its first block bad): refused" put "$N/bl2/stage" c2
tap_is "$(cat "$N/bl2/result")" \
	"$(err_text "error: -ENOSPC stage c2: block 0x80000 of bl2 is bad: a BL2 copy of $(wc -c < "$nandbl2") bytes needs 0x80000-0xa0000 good (no skipping inside a copy); nothing written")" \
	"result: -ENOSPC names the bad block"
tap_fails "stage c3 (both blocks bad): refused" put "$N/bl2/stage" c3
tap_ok "result: -ENOSPC, block 0xc0000 bad" contains "$(cat "$N/bl2/result")" \
	"error: -ENOSPC stage c3: block 0xc0000 of bl2 is bad"
cat "$big" > "$N/bl2/image"
tap_fails "stage c4 of the two-block BL2 (its second block bad): refused" put "$N/bl2/stage" c4
tap_is "$(cat "$N/bl2/result")" \
	"$(err_text "error: -ENOSPC stage c4: block 0x120000 of bl2 is bad: a BL2 copy of $bigsz bytes needs 0x100000-0x140000 good (no skipping inside a copy); nothing written")" \
	"result: -ENOSPC names the bad block inside the copy"
tap_is "$(nanddump -q -s 0x100000 -l 0x40000 "$bl2" 2>/dev/null | md5sum)" "$c4sum" \
	"c4 byte for byte as before (nothing erased before the blocks were checked)"
tap_is "$(cat "$N/bl2/c4/state")" valid "c4 still reads valid"
cat /mnt/media/bl2-spim-nand-2k64-v2.img > "$N/bl2/image"
tap_fails "stage all: refused (c2 cannot hold a copy; c4, written first, fits)" put "$N/bl2/stage" all
tap_ok "result: -ENOSPC names the copy" contains "$(cat "$N/bl2/result")" \
	"error: -ENOSPC stage all: copy c2: block 0x80000 of bl2 is bad"
tap_is "$(bl2sum)" "$before" "nothing written by the refused stages"
# the two-block BL2 where its blocks are good: c1, then c0
cat "$big" > "$N/bl2/image"
tap_ok "stage c1 of the two-block BL2" put "$N/bl2/stage" c1
tap_ok "stage c0 of the two-block BL2" put "$N/bl2/stage" c0
for i in 0 1; do
	nanddump -q -s $((i * 0x40000)) -l 0x40000 "$bl2" 2>/dev/null | head -c "$bigsz" > /tmp/c$i
	tap_ok "c$i holds the two-block BL2 byte for byte (read back)" cmp -s /tmp/c$i "$big"
	tap_is "$(cat "$N/bl2/c$i/state")" valid "c$i reads valid"
done
bm=$(command -v bootmodel 2>/dev/null || true)
[ -n "$bm" ] || bm="/mnt/src/.cache/bootmodel/bin/$(uname -m)/bootmodel"
"$bm" --live --profile /mnt/src/scripts/boards/bpi-r3mini.profile > /tmp/bm.out 2>&1
rc=$?
tap_ok "the boot model reads the live chip: boots from copy 0 and the UBI fip over the bad PEB" sh -c \
	"[ $rc = 0 ] && grep -q '^verdict: boots' /tmp/bm.out && grep -q '^fip: UBI volume \"fip\"' /tmp/bm.out && grep -q '^bl2: SPI-NAND copy 0 at 0x0' /tmp/bm.out"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/bm.out)"
tap_ok "the boot model: copy 0 is the two-block BL2" \
	grep -q "^bl2-copy: 0 at 0x0: valid .*, $bigsz bytes" /tmp/bm.out
tap_ok "the boot model agrees on c2: invalid, block 4 bad" \
	grep -q "^bl2-copy: 2 at 0x80000: invalid: block 4 is marked bad" /tmp/bm.out
tap_done
