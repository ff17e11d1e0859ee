#!/bin/sh
# board: bpi-r3mini
# switch, stage, active and progress: the write path on SPI-NAND BL2 copies
# (rom-copies), eMMC boot areas (extcsd) and one eMMC boot area written in
# place (single); refusals write nothing (an unreadable EXT_CSD included);
# single writes the old image back only when it wrote; one writer at a
# time; the card removed during stages; rom-copies with 16 copies.
# shellcheck disable=SC2317 # functions run through tap_ok

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
tap_plan 83

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
tap_done
