#!/bin/sh
# board: bpi-r3mini-dualfip
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
# timeout: 1200
# switch bspconf on SPI-NAND/UBI (MediaTek dual FIP, reference §4): FIP
# slots a = ubi:0:fip (bspconf slot 0) and b = ubi:0:fip2 (slot 1), the
# record copies in the static volumes bspconf1 / bspconf2 (slots of the
# component bspconf). The kernel cannot write static volumes: stage is
# refused; active composes the record of the copy not in use and keeps it
# in `record` (record_volume names the volume) until someone writes it with
# ubiupdatevol; the UBI notifier then re-checks. Records are decoded here
# with od and their CRC32 computed from gzip's trailer, not by the module;
# the boot model (bootmodel --live) says what BL2 would load. Then the
# helper's install and activate under dash and busybox ash.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 156

chip=$(profile_get nand.name)
m=$CFS/nand
c=$m/fip
old=/mnt/media/fip-bpi-r3mini-snand-dual.fip
new=/mnt/media/fip-bpi-r3mini-snand-dual-v2.fip
plain=/mnt/media/fip-bpi-r3mini-snand.fip
rec0=/mnt/media/bspconf-bpi-r3mini.bin
H=/mnt/src/scripts/mtk-bootmedia
BOARD=/mnt/src/selftests/boards/$MTKBM_BOARD.board

# crc32: zlib CRC32 of stdin (from the gzip trailer), decimal
crc32() {
	gzip -c | tail -c 8 | od -An -tu4 -N4 | tr -d ' \n'
}

# words FILE: words 1..12 of a record (len ver upd_cnt slot fip[0] fip[1])
words() {
	od -An -tu4 -j4 -N48 "$1" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'
}

# volrec NAME: words of the record in volume NAME
volrec() {
	cat "$(vol_dev "$1")" > /tmp/vr 2>/dev/null
	words /tmp/vr
}

# crc_ok FILE: the stored CRC32 is the CRC32 of bytes [4, 88)
crc_ok() {
	want=$(od -An -tu4 -N4 "$1" | tr -d ' \n')
	got=$(dd if="$1" bs=4 skip=1 count=21 2>/dev/null | crc32)
	[ "$want" = "$got" ] || { tap_diag "$1: stored CRC $want, computed $got"; return 1; }
}

res() { cat "$c/result"; }
result_has() { contains "$(res)" "$1"; }

# boots: the boot model on the live SPI-NAND into /tmp/bm.out
boots() {
	rc=0
	bootmodel --live --profile "$BOARD" --medium spi-nand --nand-mtd bl2 > /tmp/bm.out 2>&1 || rc=$?
	tap_diag "$(grep -e '^bspconf:' -e '^fip:' -e '^verdict' /tmp/bm.out)"
	return "$rc"
}

# shellcheck disable=SC2046
set -- $(wc -c < "$old") $(crc32 < "$old")
n1=$1 c1=$2
# shellcheck disable=SC2046
set -- $(wc -c < "$new") $(crc32 < "$new")
n2=$1 c2=$2

# ubinize cannot make an empty static volume: empty fip2 here
tap_ok "fip2 emptied (ubiupdatevol -t)" ubiupdatevol -t "$(vol_dev fip2)"
tap_is "$(vol_bytes fip2)" 0 "fip2 is empty"

dualfip_config "$m" "$chip"
tap_ok "bind SPI-NAND (fip a/b, bspconf a/b in UBI)" put "$m/enable" 1
tap_ok "switch bspconf" put "$c/switch" bspconf
tap_is "$(volrec bspconf1)" "88 1 1 0 0 $n1 $c1 1 1 0 0 0" "bspconf1: record as made on the host"
tap_is "$(cat "$c/active")" a "active a (bspconf1, current_fip_slot 0)"
tap_is "$(cat "$c/a/state")" valid "slot a valid (checksummed FIP)"
tap_is "$(cat "$c/record_volume")" none "record_volume: none pending"
tap_is "$(wc -c < "$c/record" | tr -d ' ')" 0 "record: 0 bytes"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots"
tap_ok "boot model: FIP slot 0 (fip) loaded" grep -q '^fip: bspconf slot 0: UBI volume "fip"' /tmp/bm.out

# --- stage: refused, nothing written ---
cat "$new" > "$c/image"
s0=$(dualfip_media)
tap_fails "stage b refused" put "$c/stage" b
tap_ok "result: -EOPNOTSUPP naming the helper" result_has \
	"error: -EOPNOTSUPP stage: the kernel cannot write static UBI volumes: use mtk-bootmedia install fip FILE"
tap_fails "stage a refused" put "$c/stage" a
tap_is "$(dualfip_media)" "$s0" "stage wrote nothing"

# --- active b with fip2 empty, then with a FIP without checksum entry ---
tap_fails "active b refused (fip2 empty)" put "$c/active" b
tap_ok "result: -EINVAL slot b is invalid: empty" result_has "error: -EINVAL active: slot b is invalid: UBI volume fip2 is empty"
tap_is "$(cat "$c/record_volume")" none "nothing pending"
tap_ok "ubiupdatevol fip2 with a FIP without the checksum entry" ubiupdatevol "$(vol_dev fip2)" "$plain"
tap_ok "slot b invalid: no checksum entry" contains "$(cat "$c/b/state")" "invalid: FIP without the MediaTek checksum entry"
tap_fails "active b refused (no checksum entry)" put "$c/active" b
tap_ok "result: -EINVAL no checksum entry" result_has "error: -EINVAL active: slot b is invalid: FIP without the MediaTek checksum entry"
cat "$plain" > "$c/image"
tap_fails "verify of the FIP without checksum entry refused" put "$c/verify" 1
tap_ok "result: a DUAL_FIP BL2 rejects it" result_has "error: -EINVAL FIP without the MediaTek checksum entry: a DUAL_FIP BL2 rejects it"
tap_is "$(cat "$c/record_volume")" none "still nothing pending"
tap_is "$(cat "$c/active")" a "still active a"

# --- the new FIP into fip2, active b: pending for bspconf2 ---
# NAND pages read (mtkbm_nandcut, in front of the chip UBI is on): issue
# 17, a switch right after the slot's check takes that check's proof while
# UBI's witness holds (media/ubi.c) and reads only the record copies
modprobe mtkbm_nandcut chip="$chip"
pages() { awk '$1 == "pages_read" { print $2 }' /sys/kernel/debug/mtkbm_nandcut/counters; }
tap_ok "ubiupdatevol fip2 with the new FIP" ubiupdatevol "$(vol_dev fip2)" "$new"
tap_is "$(cat "$c/b/state")" valid "slot b valid"
g0=$(cat "$c/generation")
s0=$(dualfip_media)
p0=$(pages)
tap_ok "active b" put "$c/active" b
pr=$(($(pages) - p0))
tap_ok "active b right after the state: $pr NAND pages read, fewer than the FIP's $((n2 / 2048))" \
	test "$pr" -lt $((n2 / 2048))
tap_ok "result: pending, volume bspconf2, the helper command" result_has \
	"ok: active: b pending (was a); bspconf copy 2 (upd_cnt 2) is in record: write it to UBI volume bspconf2 on ubi0 (mtk-bootmedia activate fip b)"
tap_is "$(cat "$c/record_volume")" ubi:0:bspconf2 "record_volume: ubi:0:bspconf2"
cat "$c/record" > /tmp/rec
tap_is "$(wc -c < /tmp/rec | tr -d ' ')" 88 "record: 88 bytes"
tap_is "$(words /tmp/rec)" "88 1 2 1 0 $n1 $c1 1 0 $n2 $c2 1" "record: upd_cnt 2, slot 1, fip[1] = the new FIP (size, crc32)"
tap_ok "record: CRC32 right" crc_ok /tmp/rec
tap_is "$(dualfip_media)" "$s0" "nothing written by the module"
tap_is "$(cat "$c/active")" a "active still a until the record is written"
tap_fails "record is not writable" dd if=/tmp/rec of="$c/record" 2>/dev/null
tap_fails "record_volume is not writable" put "$c/record_volume" ubi:0:fip
# the module does not take the record from someone who writes it wrongly:
# first the right record written by the test (as the helper does)
tap_ok "ubiupdatevol the record into bspconf2" ubiupdatevol "$(vol_dev bspconf2)" /tmp/rec
tap_ok "re-check: ok: active b" wait_for 10 result_has \
	"ok: active b: bspconf copy 2 (UBI volume bspconf2 on ubi0, upd_cnt 2) written: BL2 loads FIP slot 1 next"
tap_diag "$(res)"
tap_ok "generation bumped" test "$(cat "$c/generation")" -gt "$g0"
tap_is "$(cat "$c/active")" b "active b"
tap_is "$(cat "$c/record_volume")" none "nothing pending"
tap_is "$(wc -c < "$c/record" | tr -d ' ')" 0 "record: 0 bytes again"
tap_is "$(volrec bspconf1)" "88 1 1 0 0 $n1 $c1 1 1 0 0 0" "bspconf1 untouched"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots"
tap_ok "boot model: bspconf copy 2 in use (upd_cnt 2)" grep -q '^bspconf: copy 2 in use (upd_cnt 2' /tmp/bm.out
tap_ok "boot model: FIP slot 1 (fip2) loaded" grep -q '^fip: bspconf slot 1: UBI volume "fip2"' /tmp/bm.out
tap_ok "boot model: loaded the new FIP" grep -q "^fip.sha256: $(sha256sum < "$new" | cut -d' ' -f1)" /tmp/bm.out
tap_ok "active b again: already active" put "$c/active" b
tap_ok "result: already active" result_has "b is already active"

# --- issue 17: a write to the volume between the check and the switch:
# the switch reads the slot again and refuses what it holds now. Every
# write path of a static volume: an update (other bytes of the same
# size), a truncation, an update stopped short (no notification: the
# update marker) ---
o=$((n1 / 2))
b=$(od -An -tu1 -j "$o" -N1 "$old" | tr -d ' ')
cp "$old" /tmp/bad
# shellcheck disable=SC2059 # an octal escape made here
printf "\\$(printf %o $(((b + 1) % 256)))" | dd of=/tmp/bad bs=1 seek="$o" conv=notrunc 2>/dev/null
tap_is "$(cat "$c/a/state")" valid "slot a valid (the check's proof)"
tap_ok "ubiupdatevol fip: the old FIP with one byte changed (same size)" ubiupdatevol "$(vol_dev fip)" /tmp/bad
p0=$(pages)
tap_fails "active a refused: fip updated since the check" put "$c/active" a
pr=$(($(pages) - p0))
tap_ok "result: -EINVAL slot a invalid" result_has "error: -EINVAL active: slot a is invalid: "
tap_ok "the switch read the FIP again ($pr NAND pages, the FIP is $((n1 / 2048)))" test "$pr" -ge $((n1 / 2048))
tap_ok "ubiupdatevol fip: the old FIP again" ubiupdatevol "$(vol_dev fip)" "$old"
tap_is "$(cat "$c/a/state")" valid "slot a valid again"
tap_ok "fip truncated (ubiupdatevol -t)" ubiupdatevol -t "$(vol_dev fip)"
tap_fails "active a refused: fip emptied since the check" put "$c/active" a
tap_ok "result: -EINVAL slot a empty" result_has "error: -EINVAL active: slot a is invalid: UBI volume fip is empty"
tap_ok "ubiupdatevol fip: the old FIP again" ubiupdatevol "$(vol_dev fip)" "$old"
tap_is "$(cat "$c/a/state")" valid "slot a valid again"
head -c 4096 "$old" | ubiupdatevol -s "$n1" "$(vol_dev fip)" - 2> /dev/null
tap_is "$(cat "/sys/class/ubi/$(basename "$(vol_dev fip)")/upd_marker")" 1 \
	"an update of fip stopped short: update marker set"
tap_fails "active a refused: fip half-updated since the check" put "$c/active" a
tap_ok "result: -EINVAL half-updated" result_has "error: -EINVAL active: slot a is invalid: UBI volume fip is half-updated"
tap_is "$(cat "$c/record_volume")" none "nothing pending"
tap_ok "ubiupdatevol fip: the old FIP again" ubiupdatevol "$(vol_dev fip)" "$old"
tap_is "$(cat "$c/a/state")" valid "slot a valid again"
rmmod mtkbm_nandcut

# --- a record that differs from the pending one: error, not switched ---
tap_ok "active a: pending for bspconf1" put "$c/active" a
tap_is "$(cat "$c/record_volume")" ubi:0:bspconf1 "record_volume: ubi:0:bspconf1"
cat "$c/record" > /tmp/rec1
tap_is "$(words /tmp/rec1)" "88 1 3 0 0 $n1 $c1 2 0 $n2 $c2 1" "record: upd_cnt 3, slot 0, fip[0] upd_cnt 2"
g0=$(cat "$c/generation")
head -c 88 /dev/urandom > /tmp/junk
tap_ok "someone writes 88 other bytes into bspconf1" ubiupdatevol "$(vol_dev bspconf1)" /tmp/junk
tap_ok "re-check: error, not the pending record" wait_for 10 result_has \
	"error: -EBADMSG active a: UBI volume bspconf1 holds 88 bytes that are not the pending record"
tap_ok "generation bumped" test "$(cat "$c/generation")" -gt "$g0"
tap_is "$(cat "$c/record_volume")" none "pending record dropped"
tap_is "$(cat "$c/active")" b "active still b (bspconf1 is garbage, bspconf2 valid)"

# --- the copy in use damaged: BL2 falls back to the other copy ---
tap_ok "bspconf1: the host's record again (upd_cnt 1, slot 0)" ubiupdatevol "$(vol_dev bspconf1)" "$rec0"
tap_is "$(cat "$c/active")" b "both valid: copy 2 (upd_cnt 2) wins: active b"
tap_ok "garbage into the copy in use (bspconf2)" ubiupdatevol "$(vol_dev bspconf2)" /tmp/junk
tap_is "$(cat "$c/active")" a "bspconf2 garbage: copy 1 used: active a"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots"
tap_ok "boot model: copy 1 in use, FIP slot 0" sh -c "grep -q '^bspconf: copy 1 in use' /tmp/bm.out && grep -q '^fip: bspconf slot 0: UBI volume \"fip\"' /tmp/bm.out"
tap_ok "garbage into bspconf1 too" ubiupdatevol "$(vol_dev bspconf1)" /tmp/junk
tap_ok "both garbage: active none (no valid bspconf copy)" contains "$(cat "$c/active")" "none (no valid bspconf copy"
tap_fails "active a refused" put "$c/active" a
tap_ok "result: -EBADMSG no valid copy" result_has "error: -EBADMSG active: no valid bspconf copy"
rc=0
boots || rc=$?
tap_is "$rc" 1 "boot model: will not boot without a valid record"

# --- the helper: install fip and activate fip (dash and busybox ash) ---
# reset: bspconf1 = the host's record, bspconf2 zero, fip2 empty
reset() {
	ubiupdatevol "$(vol_dev bspconf1)" "$rec0" &&
		ubiupdatevol "$(vol_dev bspconf2)" /mnt/media/zero-88.bin &&
		ubiupdatevol -t "$(vol_dev fip2)" && wait_for 10 test "$(cat "$c/active")" = a
}
run() { # SHELL ARGS...: exit status in $rc, output in /tmp/out
	_sh=$1
	shift
	# shellcheck disable=SC2086
	$_sh "$H" --yes --board bpi-r3mini-dualfip "$@" > /tmp/out 2>&1
	rc=$?
}
for sh in dash "busybox ash"; do
	tap_ok "$sh: reset the media (active a)" reset
	s0=$(dualfip_media)
	run "$sh" install fip "$plain"
	tap_ok "$sh: install of a FIP without checksum entry: exit 4" sh -c "[ $rc = 4 ]"
	tap_diag "$(tail -n 2 /tmp/out)"
	tap_is "$(dualfip_media)" "$s0" "$sh: nothing written"
	run "$sh" install fip "$new"
	tap_is "$rc" 0 "$sh: install fip (new FIP) exits 0"
	tap_diag "$(tail -n 3 /tmp/out)"
	tap_ok "$sh: install showed progress" grep -q 'ubi fip2 100%' /tmp/out
	tap_is "$(cat "$c/active")" b "$sh: active b"
	tap_ok "$sh: fip2 holds the new FIP" cmp -s "$(vol_dev fip2)" "$new"
	tap_is "$(volrec bspconf2)" "88 1 2 1 0 $n1 $c1 1 0 $n2 $c2 1" "$sh: bspconf2: upd_cnt 2, slot 1"
	tap_ok "$sh: result ok: active b" result_has "ok: active b: bspconf copy 2"
	run "$sh" activate fip a
	tap_is "$rc" 0 "$sh: activate fip a exits 0"
	tap_is "$(cat "$c/active")" a "$sh: active a"
	tap_is "$(volrec bspconf1)" "88 1 3 0 0 $n1 $c1 2 0 $n2 $c2 1" "$sh: bspconf1: upd_cnt 3, slot 0"
done
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots slot 0 after activate a"
tap_ok "boot model: FIP slot 0 (fip)" grep -q '^fip: bspconf slot 0: UBI volume "fip"' /tmp/bm.out
run dash doctor
tap_is "$rc" 0 "doctor (profile bpi-r3mini-dualfip): exit 0"
tap_ok "doctor: the board will boot" grep -q 'verdict: the board will boot (bpi-r3mini-dualfip)' /tmp/out
run dash install fip "$new"
tap_is "$rc" 0 "install fip again (into fip2, record into bspconf2)"
run dash doctor
tap_ok "doctor after the install: exit 0, will boot" sh -c "[ $rc = 0 ] && grep -q 'verdict: the board will boot' /tmp/out"
tap_is "$(cat "$c/active")" b "active b"

# the record volume not in use is missing: refused before anything is written
tap_ok "reset" reset
tap_ok "remove bspconf2" ubirmvol /dev/ubi0 -N bspconf2
s0=$({ cat "$(vol_dev fip2)"; cat "$(vol_dev bspconf1)"; } | md5sum)
run dash install fip "$new"
tap_is "$rc" 1 "install with bspconf2 missing: exit 1"
tap_ok "the message names the missing volume" grep -q 'UBI volume bspconf2 (bspconf record copy.*) is missing.*nothing written' /tmp/out
tap_diag "$(tail -n 1 /tmp/out)"
tap_is "$({ cat "$(vol_dev fip2)"; cat "$(vol_dev bspconf1)"; } | md5sum)" "$s0" "nothing written"
tap_is "$(cat "$c/active")" a "still active a"
tap_ok "recreate bspconf2 (static, 88 bytes)" ubimkvol /dev/ubi0 -N bspconf2 -t static -n 7 -s 88
# --- the helper's restore: a FIP volume is written only while the record
# names the other slot; the switches are the module's records; the board
# ends on the slot the archive's record names ---
D=mtk-bootmedia-backup
# sums: the sha256 of the four volumes' data, one a line
sums() {
	for v in fip fip2 bspconf1 bspconf2; do
		echo "$v $(head -c "$(vol_bytes "$v")" "$(vol_dev "$v")" | sha256sum | cut -d' ' -f1)"
	done
}
# member NAME: the sha256 of the archive's area NAME
member() { tar -xOf /tmp/bs.tar "$D/nand.$1.bin" | sha256sum | cut -d' ' -f1; }
tap_ok "reset (active a, fip2 empty)" reset
run dash install fip "$new"
tap_is "$rc" 0 "restore set-up: install fip (the new FIP into fip2, active b)"
run dash --quiet backup /tmp/bs.tar
tap_is "$rc" 0 "backup of the dual FIP board"
tap_is "$(member fip2)" "$(sha256sum < "$new" | cut -d' ' -f1)" "the archive: fip2 holds the new FIP"
run dash activate fip a
tap_is "$(cat "$c/active")" a "after the backup: active a"
tap_ok "after the backup: fip2 gets a FIP without the checksum entry (slot b invalid)" ubiupdatevol "$(vol_dev fip2)" "$plain"
# an archive whose fip2 (the slot its record names) is not a dual FIP:
# refused before the first write
rm -rf /tmp/re && mkdir /tmp/re && tar -xf /tmp/bs.tar -C /tmp/re
cp "$plain" /tmp/re/$D/nand.fip2.bin
(cd /tmp/re/$D && awk -v n="$(wc -c < "$plain")" '$1 == "nand.fip2" { $2 = n } { print }' areas > a2 && mv a2 areas &&
	grep -v '  SHA256SUMS$' SHA256SUMS | while read -r _ f; do sha256sum "$f"; done > S && mv S SHA256SUMS)
(cd /tmp/re && tar -cf /tmp/bad.tar $D)
rm -rf /tmp/re
s0=$(dualfip_media)
run dash restore /tmp/bad.tar
tap_ok "restore of an archive whose recorded slot fails the module's check: exit 4, names nand.fip2" \
	sh -c "[ $rc = 4 ] && grep -q 'nand.fip2' /tmp/out && grep -q 'nothing written' /tmp/out"
tap_diag "$(tail -n 1 /tmp/out)"
tap_is "$(dualfip_media)" "$s0" "... nothing written (fip, fip2, bspconf1, bspconf2)"
tap_is "$(cat "$c/active")" a "... still active a"
# fip2 is not the slot BL2 loads: written in place, then the switch to b
run dash restore /tmp/bs.tar
tap_is "$rc" 0 "restore: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_ok "restore: fip and fip2 hold the archive's FIPs" sh -c "cmp -s '$(vol_dev fip)' '$old' && cmp -s '$(vol_dev fip2)' '$new'"
tap_is "$(cat "$c/active")" b "restore: active b, the slot the archive's record names"
tap_is "$(volrec bspconf2 | cut -d' ' -f3-4)" "4 1" "restore: the record is the module's (bspconf2, upd_cnt 4, slot 1), not the archive's copy"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model after the restore: the board boots"
tap_ok "boot model: FIP slot 1 (fip2), the archive's FIP" sh -c \
	"grep -q '^fip: bspconf slot 1: UBI volume \"fip2\"' /tmp/bm.out && grep -q '^fip.sha256: $(sha256sum < "$new" | cut -d' ' -f1)' /tmp/bm.out"
s0=$(sums)
run dash restore /tmp/bs.tar
tap_ok "restore again: exit 0, nothing to write" sh -c "[ $rc = 0 ] && grep -q 'nothing written' /tmp/out"
tap_is "$(sums)" "$s0" "... the volumes are as they were"
# the slot BL2 loads (fip2) differs from the archive: the record names
# fip first, fip2 is written, the record names fip2 again
run dash install fip "$old"
run dash install fip "$old"
tap_ok "set-up: fip and fip2 hold the old FIP, active b" sh -c "[ \"\$(cat $c/active)\" = b ] && cmp -s '$(vol_dev fip2)' '$old'"
u=$(volrec bspconf2 | cut -d' ' -f3)
run dash restore /tmp/bs.tar
tap_is "$rc" 0 "restore of the slot BL2 loads: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_ok "... fip2 holds the archive's (new) FIP, fip the old one" sh -c "cmp -s '$(vol_dev fip)' '$old' && cmp -s '$(vol_dev fip2)' '$new'"
tap_is "$(volrec bspconf1 | cut -d' ' -f3-4)" "$((u + 1)) 0" "... through slot a: bspconf1 upd_cnt $((u + 1)) named slot 0 while fip2 was written"
tap_is "$(volrec bspconf2 | cut -d' ' -f3-4)" "$((u + 2)) 1" "... then bspconf2 upd_cnt $((u + 2)) names slot 1 again"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots the archive's FIP from slot 1" 
tap_ok "boot model: slot 1, the new FIP" grep -q "^fip.sha256: $(sha256sum < "$new" | cut -d' ' -f1)" /tmp/bm.out
# no valid record copy (nothing boots from the records): the volumes and
# then the records are copied as the archive has them
ubiupdatevol "$(vol_dev bspconf1)" /tmp/junk
ubiupdatevol "$(vol_dev bspconf2)" /tmp/junk
ubiupdatevol -t "$(vol_dev fip2)"
rc=0
boots || rc=$?
tap_is "$rc" 1 "both records garbage, fip2 empty: the board does not boot"
run dash restore /tmp/bs.tar
tap_is "$rc" 0 "restore without a valid record: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_is "$(sums | awk '{ print $2 }' | tr '\n' ' ')" "$(for v in fip fip2 bspconf1 bspconf2; do printf '%s ' "$(member $v)"; done)" \
	"... fip, fip2, bspconf1, bspconf2 byte-identical to the archive"
tap_ok "... active b (the archive's records)" wait_for 10 sh -c "[ \"\$(cat $c/active)\" = b ]"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots again"
tap_done
