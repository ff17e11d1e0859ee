#!/bin/sh
# board: bpi-r3mini bpi-r3mini-ptgen bpi-r3-sd
# board@x86_64-6.1: bpi-r3mini
# board@arm64-6.12: bpi-r3mini-ptgen
# The gpt switch of an eMMC FIP in GPT partitions fip and fip2, on the
# sgdisk GPT (primary and backup) and on the shapes OpenWrt's ptgen writes
# (primary only; the SD layout with its hybrid MBR): slots are resolved to
# their GPT entries at bind and stay with them when `active` swaps the
# names. The swap writes one entry sector at a time with the entry array's
# CRC32 unchanged, no header (Documentation/gpt-readers.md): backup first,
# and in each copy fip2's entry becomes fip before fip's becomes fip2; the
# kernel re-reads the partitions (or says why it cannot). A damaged or
# differing backup is refused before anything is written. Power cuts after
# every sector leave every copy valid and the first entry named fip a slot.
# The GPTs are checked on the card's store (mmcsim debugfs) with a CRC32 in
# awk, independent of the kernel and of the host.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=core-gpt-lib.sh
. /mnt/src/selftests/tests/core-gpt-lib.sh
# the ptgen shapes (primary GPT only) have no backup-GPT checks and a shorter
# commit to cut; the SD layout one more refusal of create-slots
case $MTKBM_BOARD in
bpi-r3mini) tap_plan 130 ;;
bpi-r3-sd) tap_plan 105 ;;
*) tap_plan 111 ;;
esac

d=$(mmcsim_wait_disk 6) || d=none
m=$CFS/emmc
c=$m/fip
lbas=$(cat "/sys/class/block/$d/size" 2>/dev/null) || lbas=0
blba=$((lbas - 33))	# backup entries (32 sectors) and header (last LBA)
fn=$(partno fip) f2n=$(partno fip2)
fn=${fn:-0} f2n=${f2n:-0}
# sgdisk boards have a backup GPT at the last LBA, ptgen boards none
hasbak=0
mmcsim_dump user $((lbas - 1)) 1 | head -c 8 | grep -q 'EFI PART' && hasbak=1

tap_is "$(gpt_state)" "$(both fip fip2)" "GPT of the profile (backup $hasbak): valid, fip entry $fn, fip2 entry $f2n"
cp /tmp/pri.bin /tmp/pri.orig
cp /tmp/bak.bin /tmp/bak.orig
parts > /tmp/parts.orig
tap_ok "kernel shows the partitions (fip $fn, fip2 $f2n)" sh -c "[ $fn -gt 0 ] && [ $f2n -gt 0 ] && [ \$(wc -l < /tmp/parts.orig) -ge 6 ]"
tap_ok "medium with slots a=gpt:fip, b=gpt:fip2, switch gpt, bound" setup
tap_is "$(cat "$c/active")" a "active: a (entry $fn is named fip)"
tap_is "$(cat "$c/a/state"):$(cat "$c/b/state")" "valid:valid" "both slots hold a valid FIP"

# refusals: nothing written
if [ "$hasbak" = 1 ]; then
poke $(((lbas - 1) * 512 + 40))
refused "backup header CRC broken" "backup GPT header CRC32"
restore
poke $((blba * 512 + 2 * 128 + 60))
refused "backup entries CRC broken" "GPT entry array CRC32"
restore
# a valid backup of another table: the primary's header copied to the
# backup place would say it is at LBA 1
dd if=/tmp/pri.orig of="$MMCSIM_DBG/user" bs=512 skip=1 seek=$((lbas - 1)) count=1 conv=notrunc 2>/dev/null
refused "backup header that is not a backup" "says it is at LBA 1"
restore
# a valid backup of another disk: GUID changed, header CRC recomputed
poke $(((lbas - 1) * 512 + 56))
mmcsim_dump user "$blba" 33 > /tmp/bak.x
gpt_fixcrc /tmp/bak.x $((32 * 512)) 0
mmcsim_load user $((blba * 512)) /tmp/bak.x
tap_is "$(gpt_state)" "ok fip fip2 / ok fip fip2" "backup with another disk GUID: both copies valid by themselves"
refused "backup of another disk GUID" "backup GPT differs from the primary (disk GUID)"
restore
tap_is "$(gpt_state)" "ok fip fip2 / ok fip fip2" "GPT restored"
fi
# a damaged primary: refused (on the ptgen boards no GPT is left to find
# the slots in), nothing written
poke $((512 + 16))
primary_refused "primary header CRC broken" "primary GPT header CRC32"
poke $((1024 + (fn - 1) * 128 + 40))
primary_refused "primary entries CRC broken" "GPT entry array CRC32"


# fail-closed: entry 3 renamed outside, entry 6 named fip: BL2 boots slot
# b, but the module cannot resolve slot a, so it does not know which slot
# boots and stages neither
gpt_state > /dev/null
copies="/tmp/pri.bin 512 1024"
[ "$hasbak" = 0 ] || copies="$copies:/tmp/bak.bin $((32 * 512)) 0"
IFS=:
for f in $copies; do
	IFS=' '
	# shellcheck disable=SC2086 # FILE HDR ENTS
	gpt_setname $f $((fn - 1)) xyz
	# shellcheck disable=SC2086
	gpt_setname $f $((f2n - 1)) fip
done
IFS=' '
mmcsim_load user 0 /tmp/pri.bin
[ "$hasbak" = 0 ] || mmcsim_load user $((blba * 512)) /tmp/bak.bin
tap_is "$(gpt_state)" "$(both xyz fip)" "outside rename: entry $fn xyz, entry $f2n fip (BL2 boots b)"
tap_ok "active: none, with the reason" contains "$(cat "$c/active")" "none ("
fimg=$(awk '$1 == "emmc.part" && $2 == "fip" { print $6 }' "/mnt/src/selftests/boards/${MTKBM_BOARD:-bpi-r3mini}.board")
cat "/mnt/media/${fimg:-fip-bpi-r3mini-emmc.fip}" > "$c/image"
w0=$(written)
tap_fails "stage b refused: which slot boots is not known" put "$c/stage" b
tap_ok "result: not known, with the reason" \
	contains "$(cat "$c/result")" "stage: which slot the boot chain uses is not known ("
tap_fails "stage a refused too" put "$c/stage" a
tap_is "$(written)" "$w0" "nothing written while the active slot was unknown"
restore
tap_is "$(gpt_state)" "$(both fip fip2)" "GPT restored"

# the switch
w0=$(written)
tap_ok "active b" put "$c/active" b
tap_is "$(cat "$c/active")" b "active reads b"
tap_ok "result: renamed, partitions re-read" \
	sh -c "grep -q 'ok: active: b (was a)' $c/result && grep -q 'GPT entries $fn and $f2n of $d renamed \"fip2\" and \"fip\".*partitions re-read' $c/result"
tap_is "$(gpt_state)" "$(both fip2 fip)" "card: every copy valid, entry $f2n named fip, entry $fn fip2"
if [ "$hasbak" = 1 ]; then
	tap_ok "card: primary and backup entries equal" \
		sh -c 'dd if=/tmp/pri.bin of=/tmp/pe bs=512 skip=2 count=32 2>/dev/null &&
		       dd if=/tmp/bak.bin of=/tmp/be bs=512 count=32 2>/dev/null && cmp -s /tmp/pe /tmp/be'
	nw=4
else
	tap_ok "card: no backup written (the alternate LBA is not a GPT)" cmp -s /tmp/bak.bin /tmp/bak.orig
	nw=2
fi
secs=$(( (fn - 1) / 4 == (f2n - 1) / 4 ? nw / 2 : nw ))
tap_is "$(($(written) - w0))" "$secs" "$secs sectors written: the entry sectors of fip2 and fip per copy, no header"
# shellcheck disable=SC2016 # the inner shell expands
tap_ok "card: MBR (hybrid on SD) and headers byte for byte as before" \
	sh -c '[ "$(head -c 1024 /tmp/pri.bin | md5sum)" = "$(head -c 1024 /tmp/pri.orig | md5sum)" ] &&
	       [ "$(tail -c 512 /tmp/bak.bin | md5sum)" = "$(tail -c 512 /tmp/bak.orig | md5sum)" ]'
tap_is "$(partname "$fn"):$(partname "$f2n")" "fip2:fip" "kernel: ${d}p$fn fip2, ${d}p$f2n fip (partitions re-read)"
tap_is "$(parts)" "$(parts_names_swapped)" "kernel: every partition where it was, only fip and fip2 renamed"
tap_is "$(cat "$c/a/state"):$(cat "$c/b/state")" "valid:valid" "slots still read their partitions"
tap_ok "slot b info: name fip" grep -q '^name: fip$' "$c/b/info"
tap_ok "active b again: a no-op" put "$c/active" b
tap_is "$(gpt_state)" "$(both fip2 fip)" "no-op left the GPT alone"

# re-bind: gpt:fip is now entry $f2n
tap_ok "unbind, bind" sh -c "echo 0 > $m/enable && echo 1 > $m/enable"
tap_is "$(cat "$c/active")" a "after re-bind slot a (gpt:fip) is the partition now named fip"
tap_ok "active b: back" put "$c/active" b
tap_is "$(gpt_state)" "$(both fip fip2)" "names back"
tap_ok "two swaps give the GPT back byte for byte" \
	sh -c 'cmp -s /tmp/pri.bin /tmp/pri.orig && cmp -s /tmp/bak.bin /tmp/bak.orig'
tap_is "$(parts)" "$(cat /tmp/parts.orig)" "kernel: every partition as at the start"

# a partition in use: the swap is done, the kernel keeps the old names
exec 3< "/dev/${d}p1"
tap_ok "active a while ${d}p1 is open" put "$c/active" a
tap_ok "result: old names until reboot or blockdev --rereadpt" \
	grep -q "the kernel keeps the old partition names until the next boot or blockdev --rereadpt /dev/$d" "$c/result"
tap_is "$(gpt_state)" "$(both fip2 fip)" "card: swapped"
tap_is "$(partname "$fn"):$(partname "$f2n")" "fip:fip2" "kernel: old names"
exec 3<&-
tap_ok "blockdev --rereadpt" blockdev --rereadpt "/dev/$d"
tap_is "$(partname "$fn"):$(partname "$f2n")" "fip2:fip" "kernel: new names"

# power cuts after every sector of the commit (per copy, backup first: the
# sector of fip2's entry, then fip's): every copy stays valid; BL2 takes
# the first entry named fip, entry $fn until the last sector
unbound() { [ "$(cat "$m/enable")" = 0 ]; }
cut=0
while [ "$cut" -lt "$secs" ]; do
	restore
	tap_ok "cut after $cut: re-bind (a = entry $fn named fip)" \
		sh -c "echo 0 > $m/enable; echo 1 > $m/enable"
	echo "$cut" > "$MMCSIM_DBG/cut_after"
	put "$c/active" b
	echo -1 > "$MMCSIM_DBG/cut_after"
	mmcsim_power_cycle 6 > /dev/null
	wait_for 5 unbound || tap_result 1 "cut after $cut: the medium unbinds within 5 s of the power cycle"
	st=$(gpt_state)
	want="ok fip fip2"
	[ "$cut" -lt $((secs - 1)) ] || [ "$secs" -lt "$nw" ] || want="ok fip fip"
	tap_is "$(gpt_copy /tmp/pri.bin 512 1024)" "$want" "cut after $cut sectors: primary valid, BL2 takes entry $fn ($st)"
	case $st in *bad*) tap_ok "cut after $cut: no copy damaged ($st)" false ;; esac
	cut=$((cut + 1))
done
# the last cut left fip twice (or, with both entries in one sector, the
# old names): bind, active a, and `active b` finishes the switch
tap_ok "after the cuts: bind" sh -c "echo 1 > $m/enable"
tap_is "$(cat "$c/active")" a "active a: BL2's first fip is entry $fn"
tap_ok "active b finishes the switch" put "$c/active" b
tap_is "$(gpt_state)" "$(both fip2 fip)" "switched: every copy valid"
tap_ok "disable" sh -c "echo 0 > $m/enable"
restore
mmcsim_power_cycle 6 > /dev/null
tap_is "$(gpt_state)" "$(both fip fip2)" "GPT restored"

wait_for 5 unbound || tap_result 1 "the medium unbinds within 5 s of the power cycle"

# a slot on a mounted eMMC partition, or on a boot disk that is mounted,
# is refused when `location` is written and at bind (the module claims
# it exclusively, as mount does); another partition mounted is normal use
# (the rootfs). The filesystem: a 64-byte romfs (superblock, volume "t",
# an empty root directory; the checksum makes the first 64 bytes sum to 0
# as 32-bit big-endian words), there is no mkfs in the guest.
romfs64() {
	printf '%s' '-rom1fs-'
	printf '\000\000\000\100\377\047\035\045t\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'
	printf '\000\000\000\001\000\000\000\000\000\000\000\000\000\000\000\000.\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'
}
# (the debug kernel has no romfs: the checks skip there, saying so)
mkdir -p "$m/data/x"
if why=$(tap_need_module romfs); then
	romfs64 > /tmp/romfs.img
	rn=$(partno recovery)
	rn=${rn:-0}
	mkdir -p /tmp/mnt
	modprobe romfs 2>/dev/null
	dd if="/dev/${d}p$rn" of=/tmp/rec.orig bs=512 count=2 2>/dev/null
	dd if=/tmp/romfs.img of="/dev/${d}p$rn" bs=64 conv=notrunc,fsync 2>/dev/null
	tap_ok "romfs mounted on ${d}p$rn (recovery)" mount -t romfs -o ro "/dev/${d}p$rn" /tmp/mnt
	busy="${d}p$rn is in use (mounted, or held open exclusively): a slot would be written under it"
	tap_fails "gpt:recovery while mounted: location refused" put "$m/data/x/location" gpt:recovery
	tap_ok "location refused: status -EBUSY names the partition" \
		contains "$(result emmc)" "error: -EBUSY data/x: $busy"
	tap_is "$(cat "$m/data/x/location")" "" "location unchanged"
	tap_ok "gpt:production while another partition is mounted: accepted" \
		put "$m/data/x/location" gpt:production
	umount /tmp/mnt
	tap_ok "gpt:recovery once unmounted: accepted" put "$m/data/x/location" gpt:recovery
	mount -t romfs -o ro "/dev/${d}p$rn" /tmp/mnt
	tap_fails "mounted after the location was written: bind refused" put "$m/enable" 1
	tap_ok "bind refused: status names the slot and the partition" \
		contains "$(result emmc)" "slot data/x: $busy"
	umount /tmp/mnt
	tap_ok "unmounted: bind, unbind" sh -c "echo 1 > $m/enable && echo 0 > $m/enable"
	dd if=/tmp/rec.orig of="/dev/${d}p$rn" bs=512 conv=notrunc,fsync 2>/dev/null
	# a boot disk (mmc_block gives it no partitions) mounted
	b1=/sys/block/${d}boot1/force_ro
	dd if="/dev/${d}boot1" of=/tmp/boot1.orig bs=512 count=2 2>/dev/null
	echo 0 > "$b1"
	dd if=/tmp/romfs.img of="/dev/${d}boot1" bs=64 conv=notrunc,fsync 2>/dev/null
	tap_ok "romfs mounted on ${d}boot1" mount -t romfs -o ro "/dev/${d}boot1" /tmp/mnt
	tap_fails "emmc:boot1 while mounted: location refused" put "$m/data/x/location" emmc:boot1
	tap_ok "location refused: status -EBUSY names the boot disk" \
		contains "$(result emmc)" "error: -EBUSY data/x: ${d}boot1 is in use (mounted, or held open exclusively)"
	umount /tmp/mnt
	tap_ok "emmc:boot1 once unmounted: accepted" put "$m/data/x/location" emmc:boot1
	dd if=/tmp/boot1.orig of="/dev/${d}boot1" bs=512 conv=notrunc,fsync 2>/dev/null
	echo 1 > "$b1"
else
	i=0
	while [ $i -lt 13 ]; do
		i=$((i + 1))
		tap_skip "a slot on a mounted partition or boot disk, check $i of 13" "$why"
	done
fi
rmdir "$m/data/x" "$m/data"

rmdir "$c/a" "$c/b" "$c" "$m" 2>/dev/null

# setup --create-slots (the helper) adds fip2 to a GPT without it: one
# entry sector per copy (backup first), no header, the entry array's CRC32
# kept by the new entry's GUID; a damaged table is refused with nothing
# written; a cut after every sector leaves every copy valid, Linux every
# partition, BL2 entry $fn as its first fip, and the next run finishes it
H=/mnt/src/scripts/mtk-bootmedia
mkdir -p /tmp/prof
{
	echo "name        gpttest"
	echo "compatible  test,gpttest"
	echo "medium      emmc emmc mmc:$d"
	echo "component   emmc fip fip gpt"
	echo "slot        emmc fip a gpt:fip"
	echo "slot        emmc fip b gpt:fip2 optional"
} > /tmp/prof/gpttest.profile
helper() { # ARGS: exit status in $rc, output in /tmp/hout
	MTKBM_BOARDS=/tmp/prof sh "$H" --board gpttest --force-board --yes "$@" > /tmp/hout 2>&1
	rc=$?
}
# the table without fip2, as a tool outside would leave it (CRCs recomputed)
gpt_state > /dev/null
f2s=$(cat "/sys/class/block/$d/${d}p$f2n/start")
dd if=/dev/zero of=/tmp/pri.bin bs=1 seek=$((1024 + (f2n - 1) * 128)) count=128 conv=notrunc 2>/dev/null
gpt_fixcrc /tmp/pri.bin 512 1024
mmcsim_load user 0 /tmp/pri.bin
if [ "$hasbak" = 1 ]; then
	dd if=/dev/zero of=/tmp/bak.bin bs=1 seek=$(((f2n - 1) * 128)) count=128 conv=notrunc 2>/dev/null
	gpt_fixcrc /tmp/bak.bin $((32 * 512)) 0
	mmcsim_load user $((blba * 512)) /tmp/bak.bin
fi
mmcsim_power_cycle 5 > /dev/null
tap_is "$(gpt_state)" "$(both fip '')" "fip2 removed from every copy of the GPT (CRCs recomputed)"
cp /tmp/pri.bin /tmp/pri.no2
cp /tmp/bak.bin /tmp/bak.no2
parts > /tmp/parts.no2
tap_ok "kernel: no fip2, every other partition" \
	sh -c "! grep -q ' fip2\$' /tmp/parts.no2 && [ \$(wc -l < /tmp/parts.no2) = $(($(wc -l < /tmp/parts.orig) - 1)) ]"
restore_no2() {
	mmcsim_load user 0 /tmp/pri.no2
	mmcsim_load user $((blba * 512)) /tmp/bak.no2
	mmcsim_power_cycle 5 > /dev/null
}
# refusals: a damaged table, nothing written
create_refused() { # DESC EXPECTED-MESSAGE
	mmcsim_power_cycle 5 > /dev/null
	w0=$(written)
	helper setup --create-slots
	_ok=1
	[ "$rc" != 1 ] || ! grep -q "$2" /tmp/hout || ! grep -q 'nothing written' /tmp/hout || _ok=0
	tap_result "$_ok" "create-slots, $1: exit 1, says so"
	[ "$_ok" = 0 ] || tap_diag "exit $rc: $(cat /tmp/hout)"
	tap_is "$(written)" "$w0" "create-slots, $1: no sector written"
	restore_no2
}
poke $((1024 + (fn - 1) * 128 + 40))
create_refused "primary entry array CRC broken" "primary GPT entry array CRC32 does not match"
poke $((512 + 16))
create_refused "primary header CRC broken" "primary GPT header CRC32 does not match"
if [ "$hasbak" = 1 ]; then
	poke $((blba * 512 + 2 * 128 + 60))
	create_refused "backup entry array CRC broken" "backup GPT entry array CRC32 does not match"
	# the backup's disk GUID changed, its header CRC recomputed
	cp /tmp/bak.no2 /tmp/bak.x
	_pb=$(dd if=/tmp/bak.x bs=1 skip=$((32 * 512 + 56)) count=1 2>/dev/null)
	if [ "$_pb" = X ]; then _pb=Y; else _pb=X; fi
	printf '%s' "$_pb" | dd of=/tmp/bak.x bs=1 seek=$((32 * 512 + 56)) conv=notrunc 2>/dev/null
	gpt_fixcrc /tmp/bak.x $((32 * 512)) 0
	mmcsim_load user $((blba * 512)) /tmp/bak.x
	create_refused "backup of another disk GUID" "primary and backup GPT headers of $d differ"
fi
if [ "$MTKBM_BOARD" = bpi-r3-sd ]; then
	# OpenWrt's SD layout itself: the last usable LBA is production's end
	pend=$(awk '$4 == "production" { print $2 + $3 - 1 }' /tmp/parts.no2)
	cp /tmp/pri.no2 /tmp/pri.x
	# shellcheck disable=SC2059 # octal escapes from awk
	printf "$(awk -v v="$pend" 'BEGIN { for (i = 0; i < 8; i++) { b = v % 256; v = (v - b) / 256; printf "\\%03o", b } }')" |
		dd of=/tmp/pri.x bs=1 seek=$((512 + 48)) conv=notrunc 2>/dev/null
	gpt_fixcrc /tmp/pri.x 512 1024
	mmcsim_load user 0 /tmp/pri.x
	create_refused "OpenWrt's SD layout (last usable LBA $pend)" \
		"no room on $d for a fip2 partition of 4096 KiB (the size of fip): the largest free space.* is 1536 KiB"
fi

# create-slots without a cut: the number of sectors written, T: per copy
# one write of the entry sector, by the module (gpt_sector), a reliable
# write (mmcsim counts CMD23 bit 31), as the switch writes its renames; not
# a 4 KiB page-cache write-back, which is what BusyBox dd's fallback makes
nw=$((hasbak + 1))
esec=$(((f2n - 1) * 128 / 512))
changed() { # FILE1 FILE2: the sectors that differ
	cmp -l "$1" "$2" | awk '{ print int(($1 - 1) / 512) }' | sort -un | tr '\n' ' '
}
restore_no2
w0=$(written) r0=$(relwritten)
helper setup --create-slots
T=$(($(written) - w0)) R=$(($(relwritten) - r0))
tap_is "$rc" 0 "create-slots: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/hout)"
st=$(gpt_state)
tap_is "$st" "$(both fip fip2)" "create-slots: every copy valid, entry $f2n named fip2"
want="$((2 + esec)) / "
[ "$hasbak" = 0 ] || want="$want$esec "
tap_is "$(changed /tmp/pri.bin /tmp/pri.no2)/ $(changed /tmp/bak.bin /tmp/bak.no2)" "$want" \
	"create-slots: only fip2's entry sector changed in each copy (primary LBA $((2 + esec)))"
tap_is "$T $R" "$nw $nw" "create-slots: one sector written per copy ($nw), each a reliable write"
# shellcheck disable=SC2016 # the inner shell expands
tap_ok "create-slots: MBR and headers (so the entry CRC) byte for byte as before" \
	sh -c '[ "$(head -c 1024 /tmp/pri.bin | md5sum)" = "$(head -c 1024 /tmp/pri.no2 | md5sum)" ] && [ "$(tail -c 512 /tmp/bak.bin | md5sum)" = "$(tail -c 512 /tmp/bak.no2 | md5sum)" ]'
tap_is "$(parts)" "$(cat /tmp/parts.orig)" "create-slots: kernel shows fip2 at LBA $f2s, every partition as before"
cp /tmp/pri.bin /tmp/pri.new
cp /tmp/bak.bin /tmp/bak.new

# a cut after every sector of it: every copy valid, BL2's first fip entry
# $fn, Linux every partition, MBR and headers as they were; the next run
# finishes (from the backup where it has the entry). Every sector on
# x86_64-6.12 (about 10 s a cut); on the other targets the cuts where the
# card's bytes differ: before and after each copy's entry sector, the
# first and the last (the same cuts while each copy is one sector)
per=$((T / nw))
if [ "$(uname -m)" = x86_64 ] && case $(uname -r) in 6.12.*) true ;; *) false ;; esac; then
	cuts=$(seq 0 $((T - 1)))
else
	cuts="0 $((T - 1))"
	for lba in $((blba + esec)) $((2 + esec)); do
		[ "$hasbak" = 1 ] || [ "$lba" -lt "$blba" ] || continue
		o=0
		[ "$per" = 1 ] || o=$((lba % 8))
		cb=0
		[ "$hasbak" = 0 ] || [ "$lba" -ge "$blba" ] || cb=$per
		cuts="$cuts $((cb + o)) $((cb + o + 1))"
	done
	cuts=$(for k in $cuts; do [ "$k" -ge "$T" ] || echo "$k"; done | sort -un)
fi
tap_diag "create-slots: $T sectors written, cut after: $(echo "$cuts" | tr "\n" " ")"
bad_bl2='' bad_linux='' bad_hdr='' bad_next=''
for cut in $cuts; do
	restore_no2
	echo "$cut" > "$MMCSIM_DBG/cut_after"
	helper setup --create-slots
	echo -1 > "$MMCSIM_DBG/cut_after"
	mmcsim_power_cycle 5 > /dev/null
	st=$(gpt_state)
	# before the primary's entry sector: no fip2 there (the backup may
	# have it); after it: fip2 in every copy
	case $st in
	"ok fip  / ok fip " | "ok fip  / ok fip fip2" | "ok fip  / none") pw=/tmp/parts.no2 ;;
	"ok fip fip2 / ok fip fip2" | "ok fip fip2 / none") pw=/tmp/parts.orig ;;
	*) bad_bl2="$bad_bl2 $cut($st)" pw=/tmp/parts.no2 ;;
	esac
	[ "$(parts)" = "$(cat "$pw")" ] || bad_linux="$bad_linux $cut"
	[ "$(head -c 1024 /tmp/pri.bin | md5sum)" = "$(head -c 1024 /tmp/pri.no2 | md5sum)" ] &&
		[ "$(tail -c 512 /tmp/bak.bin | md5sum)" = "$(tail -c 512 /tmp/bak.no2 | md5sum)" ] || bad_hdr="$bad_hdr $cut"
	helper setup --create-slots
	[ "$rc" = 0 ] && [ "$(gpt_state)" = "$(both fip fip2)" ] && [ "$(parts)" = "$(cat /tmp/parts.orig)" ] &&
		[ "$(changed /tmp/pri.bin /tmp/pri.no2)" = "$(changed /tmp/pri.new /tmp/pri.no2)" ] || bad_next="$bad_next $cut($rc)"
done
tap_is "${bad_bl2:-none}" none "every cut: every copy valid, BL2's first fip entry $fn, fip2 in the primary only after the backup (bad cuts listed)"
tap_is "${bad_linux:-none}" none "every cut: Linux sees every partition (and fip2 once the primary has it)"
tap_is "${bad_hdr:-none}" none "every cut: MBR and headers byte for byte as before"
tap_is "${bad_next:-none}" none "every cut: the next create-slots finishes (fip2 in every copy, kernel shows it)"
if [ "$hasbak" = 1 ]; then
	tap_ok "primary and backup entries equal" \
		sh -c 'dd if=/tmp/pri.bin of=/tmp/pe bs=512 skip=2 count=32 2>/dev/null &&
		       dd if=/tmp/bak.bin of=/tmp/be bs=512 count=32 2>/dev/null && cmp -s /tmp/pe /tmp/be'
else
	tap_ok "no backup written (the alternate LBA is not a GPT)" cmp -s /tmp/bak.bin /tmp/bak.no2
fi
tap_is "$(cat "$c/b/state" 2>/dev/null)" valid "the helper bound slot b (the new fip2), which holds the FIP"
w0=$(written)
helper setup --create-slots
tap_ok "create-slots again: nothing to do, exit 0, nothing written" sh -c "[ $rc = 0 ] && [ $(written) = $w0 ]"
echo 0 > "$m/enable"
rmdir "$c/a" "$c/b" "$c" "$m" 2>/dev/null

# the module's gpt_sector refuses, with a specific status and nothing
# written, every sector that would not only add a partition to a valid copy
restore_no2
g=$CFS/gs
mkdir -p "$g" && put "$g/device" "mmc:$d" && put "$g/enable" 1
sector() { # FILE LBA-IN-FILE: that sector in hex
	dd if="$1" bs=512 skip="$2" count=1 2>/dev/null | od -An -tx1 -v | tr -d ' \n'
}
gs_refused() { # DESC STATUS-PATTERN LBA HEX
	w0=$(written)
	_ok=0
	{ echo "$3 $4" > "$g/gpt_sector"; } 2>/dev/null && _ok=1
	grep -q "^result: error: .*$2" "$g/status" || _ok=1
	tap_is "$_ok $(($(written) - w0))" "0 0" "gpt_sector refuses $1, nothing written"
	[ "$_ok" = 0 ] || tap_diag "$(cat "$g/status")"
}
fsec=$(((fn - 1) * 128 / 512))
gs_refused "a short sector" "expected LBA and the sector" $((2 + esec)) abcd
# a byte of fip's name changed (a used entry)
cp /tmp/pri.no2 /tmp/pri.x
printf X | dd of=/tmp/pri.x bs=1 seek=$((1024 + (fn - 1) * 128 + 58)) conv=notrunc 2>/dev/null
gs_refused "a change of a used entry (fip)" "entry $fn of the primary GPT.* is in use" $((2 + fsec)) "$(sector /tmp/pri.x $((2 + fsec)))"
# the new entry with one byte of its GUID changed: the entry array's CRC32 changes
cp /tmp/pri.new /tmp/pri.x
_gb=$(dd if=/tmp/pri.x bs=1 skip=$((1024 + (f2n - 1) * 128 + 20)) count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
# shellcheck disable=SC2059 # an octal escape
printf "$(printf '\\%03o' $(((_gb + 1) % 256)))" | dd of=/tmp/pri.x bs=1 seek=$((1024 + (f2n - 1) * 128 + 20)) conv=notrunc 2>/dev/null
gs_refused "a new entry that changes the entry CRC" "would not be valid under its header.*CRC" $((2 + esec)) "$(sector /tmp/pri.x $((2 + esec)))"
gs_refused "the header sector (LBA 1)" "LBA 1 of $d is not in an entry array" 1 "$(sector /tmp/pri.new 1)"
if [ "$hasbak" = 1 ]; then
	gs_refused "the primary's sector before the backup's" "backup GPT of $d does not hold this change yet" \
		$((2 + esec)) "$(sector /tmp/pri.new $((2 + esec)))"
fi
tap_is "$(gpt_state)" "$(both fip '')" "gpt_sector: the table as before the refusals"
echo 0 > "$g/enable"
rmdir "$g"
# fip2 back (as create-slots made it) for the helper's checks below
mmcsim_load user 0 /tmp/pri.new
[ "$hasbak" = 0 ] || mmcsim_load user $((blba * 512)) /tmp/bak.new
mmcsim_power_cycle 5 > /dev/null

# the helper with the board's own profile (its DT compatible): install fip
# writes fip2 and switches, a second install switches back; doctor says
# the eMMC boots; LBA 0 (the hybrid MBR on SD) stays byte for byte; Linux
# sees every partition after each switch
hb() { # ARGS: the helper, exit status in $rc, output in /tmp/hout
	sh "$H" --yes "$@" > /tmp/hout 2>&1
	rc=$?
	[ "$rc" = 0 ] || tap_diag "$*: exit $rc: $(cat /tmp/hout)"
}
mbr0=$(mmcsim_dump user 0 1 | md5sum)
hb setup
tap_is "$rc" 0 "helper setup with the board's profile"
new=/mnt/media/${fimg%.fip}-v2.fip
hb install fip "$new" --medium emmc
tap_is "$rc" 0 "helper install fip (${fimg%.fip}-v2): exit 0"
tap_is "$(partname "$fn"):$(partname "$f2n")" "fip2:fip" "install switched: entry $f2n is fip"
tap_ok "entry $f2n holds the new FIP" sh -c "cmp -s -n $(wc -c < "$new") $new /dev/${d}p$f2n"
tap_is "$(parts)" "$(parts_names_swapped)" "Linux: every partition where it was, only fip and fip2 renamed"
hb doctor --medium emmc
tap_is "$rc" 0 "doctor --medium emmc after the install: boots"
hb install fip "/mnt/media/$fimg" --medium emmc
tap_is "$rc" 0 "second install fip ($fimg): exit 0"
tap_is "$(partname "$fn"):$(partname "$f2n")" "fip:fip2" "the second install switched back: entry $fn is fip"
tap_is "$(parts)" "$(cat /tmp/parts.orig)" "Linux: every partition as at the start"
hb doctor --medium emmc
tap_is "$rc" 0 "doctor --medium emmc after the second install: boots"
tap_is "$(mmcsim_dump user 0 1 | md5sum)" "$mbr0" "LBA 0 (the MBR; hybrid on SD) byte for byte as before both installs"

# U-Boot's emmc_init (OpenWrt's BPI-R3 SPI-NAND environment, "Install
# bootloader, recovery and production to eMMC"): the installer's GPT image
# (ptgen's table, no fip2) over LBA 0..63 and its FIP at raw LBA 0x3400,
# after a switch left fip in entry $f2n. It boots fip at LBA 0x3400; doctor
# says fip2 is gone; install refuses; create-slots puts fip2 back
if [ "$MTKBM_BOARD" = bpi-r3mini-ptgen ]; then
	hb install fip "$new" --medium emmc
	tap_is "$rc:$(partname "$f2n")" "0:fip" "install fip: entry $f2n is fip"
	echo 0 > "$m/enable"
	mmcsim_load user 0 /tmp/pri.no2
	dd if=/dev/zero bs=512 count=30 2>/dev/null | dd of="$MMCSIM_DBG/user" bs=512 seek=34 conv=notrunc 2>/dev/null
	mmcsim_load user $((0x3400 * 512)) "/mnt/media/$fimg"
	mmcsim_power_cycle 5 > /dev/null
	tap_is "$(parts)" "$(cat /tmp/parts.no2)" "after emmc_init: OpenWrt's table, fip at LBA $((0x3400)), no fip2"
	hb doctor --medium emmc
	tap_ok "doctor: boots, and says fip2 is gone and how to add it" \
		sh -c "[ $rc = 0 ] && grep -q 'slot b (gpt:fip2) is not in the GPT.*setup --create-slots' /tmp/hout"
	hb setup
	tap_is "$rc:$(cat "$c/b/location" 2>/dev/null)" "0:" "setup binds the eMMC with slot a only (fip2 is optional)"
	sh "$H" --yes install fip "$new" --medium emmc > /tmp/hout 2>&1
	rc=$?
	tap_ok "install fip without fip2: refused, names setup --create-slots" sh -c "[ $rc != 0 ] && grep -q 'create-slots' /tmp/hout"
	tap_diag "install fip without fip2: exit $rc: $(cat /tmp/hout)"
	hb setup --create-slots
	tap_is "$rc:$(parts | md5sum)" "0:$(md5sum < /tmp/parts.orig)" "setup --create-slots: fip2 back at LBA $f2s, every partition as at the start"
	hb install fip "$new" --medium emmc
	tap_is "$rc:$(partname "$f2n")" "0:fip" "install fip: switched to entry $f2n"
	hb doctor --medium emmc
	tap_is "$rc" 0 "doctor: boots"
fi
tap_done
